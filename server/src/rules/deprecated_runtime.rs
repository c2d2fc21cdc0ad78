//! `deprecated-runtime`: a Lambda runtime that reached its deprecation date, with the date and the
//! successor.
//!
//! Why: functions on a deprecated runtime get no security patches, and after the block dates they can no
//! longer be created or updated. The rule fires where a runtime is *chosen* — `Runtime: nodejs8.10` in a
//! template, `"Runtime": "python2.7"`, `--runtime go1.x` — or named alone next to the word "runtime":
//! in prose on a line with that word, as a code span when the word follows it
//! (``use the `nodejs12.x` runtime``).
//! Lists of many runtimes (API "Valid Values" tables, history notes) are left alone. In prose, the
//! names people write ("Python 3.6", "Node.js 12", ".NET Core 2.0") count on a line about Lambda
//! runtimes, unless the line already says they are deprecated.
//!
//! Example: `Runtime: nodejs8.10` → `nodejs8.10` is deprecated since 2020-03-06; use `nodejs22.x`.

use super::*;

const RUNTIME_RE: &str = r"(?-u:\b)(?:nodejs(?:[0-9]+\.(?:[0-9]+|x))?|python[0-9]\.[0-9]+|java[0-9]+(?:\.al2)?|dotnetcore[0-9]\.[0-9]|dotnet[0-9]+|ruby[0-9]\.[0-9]+|go1\.x|provided(?:\.al2(?:023)?)?)(?-u:\b)";

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    super::runtime_prose::check(cx, region, out);
    if !cx.triggers(region).has(Trigger::RuntimeStem) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    let re = gated_regex!(RUNTIME_RE);
    let chosen = gated_regex!(
        r#"(?:(?-u:\b)(?i-u:runtime)["']?\s*[:=]\s*["']?|--(?i-u:runtime)[ =]["']?)$"#
    );
    for m in re.find_iter(s) {
        let name = m.as_str();
        // `nodejs-14.v3` (a runtime version string) and `provided\.al2` (Markdown's escaped dot, which
        // AWS's converted docs write everywhere) continue past the match: not this identifier.
        let rest = &s.as_bytes()[m.end()..];
        if rest.first() == Some(&b'-')
            || (rest.starts_with(b"\\.") && rest.get(2).is_some_and(u8::is_ascii_alphanumeric))
        {
            continue;
        }
        // The versionless identifiers are also words: "provided runtimes", "Node.js (nodejs)". In
        // prose, and alone in a code span, they count only where a runtime is chosen
        // (`Runtime: provided`).
        let prose = matches!(region.kind, RegionKind::Prose | RegionKind::LinkText);
        let versionless = !name.bytes().any(|b| b.is_ascii_digit());
        let Some(entry) = cx.schema.get(Kind::LambdaRuntime, name) else {
            continue;
        };
        let Some(date) = entry.deprecated.as_deref() else {
            continue;
        };
        if date > cx.settings.today.as_str() {
            continue;
        }
        let line_start = s[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = s[m.end()..].find('\n').map_or(s.len(), |i| m.end() + i);
        let is_choice = chosen.is_match(&s[line_start..m.start()]);
        // A code span that is the runtime alone counts when the word "runtime" follows it within two
        // words ("use the `nodejs12.x` runtime", "the `python3.8` [Lambda runtime](…)"), not merely
        // somewhere on its line: a table row of runtimes ("Custom Runtime | `provided.al2`") or an
        // API reference's example ("A runtime identifier. For example, `go1.x`.") chooses none.
        let alone = region.kind == RegionKind::InlineCode && s.trim() == name;
        let (line, mentions_runtime) = if alone {
            let line = line_range_at(cx.text, region.range.end);
            // The rest of the line, from the span's closing backticks.
            let after = &cx.text[region.range.end..line.end];
            let named_runtime =
                gated_regex!(r"^`+[ \t]*\[?(?:[A-Za-z.-]+[ \t]+){0,2}(?i-u:runtime)");
            (&cx.text[line], named_runtime.is_match(after))
        } else {
            let line = &s[line_start..line_end];
            (line, line.to_ascii_lowercase().contains("runtime"))
        };
        let runtimes_on_line = re.find_iter(line).count();
        if !(is_choice
            || (runtimes_on_line == 1
                && !((prose || alone) && versionless)
                && mentions_runtime
                && (alone || region.kind != RegionKind::InlineCode)))
        {
            continue;
        }
        let successor = entry.successor.as_deref();
        let mut message = format!("Lambda runtime `{name}` is deprecated since {date}");
        if let Some(b) = entry
            .block_update
            .as_deref()
            .filter(|b| *b <= cx.settings.today.as_str())
        {
            message.push_str(&format!(" (functions can no longer be updated since {b})"));
        }
        if let Some(succ) = successor {
            message.push_str(&format!("; use `{succ}`"));
        }
        let abs = region.range.start + m.start()..region.range.start + m.end();
        out.push(Finding::new(
            RuleId::DeprecatedRuntime,
            abs,
            message,
            successor.map(|s| vec![s.to_string()]).unwrap_or_default(),
            Some((Kind::LambdaRuntime, name)),
        ));
    }
}
