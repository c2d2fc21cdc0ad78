//! Part of `deprecated-runtime`: Lambda runtimes written the way people write them in prose —
//! "Python 3.6", "Node.js 12", "Python 2.7/3.6", ".NET Core 2.0", "Go 1.x" — on a line about Lambda
//! runtimes (it says "Lambda" or "runtime").
//!
//! Precision: only prose and inline code spans holding nothing but the name; only names that map to exactly one runtime identifier (`Java 8` is `java8`
//! or `java8.al2`: left alone); never on a line that already says the runtime is deprecated or
//! unsupported (a correct statement).

use super::*;

/// Name, version (and more versions after `/`): `Python 2.7/3.6`, `Node.js 12`, `.NET Core 2.1`.
const PROSE_RUNTIME_RE: &str = r"(?i-u:(?-u:\b)(python|node\.?js|node|ruby|go)|(\.net core|\.net))[ ]([0-9]+(?:\.(?:[0-9]+|x))?(?:[ ]?/[ ]?[0-9]+(?:\.(?:[0-9]+|x))?)*)(?-u:\b)";

/// Words that say the writer already knows the runtime is gone.
const ALREADY_SAID: &[&str] = &[
    "deprecat",
    "end of support",
    "end-of-support",
    "end of life",
    "end-of-life",
    "no longer",
    "unsupported",
    "not supported",
    "retired",
    "eol",
];

/// The versions in a list of them (`3.8 / 3.9`, `18.x`): the matches of `[0-9]+(?:\.(?:[0-9]+|x))?`.
fn versions_in(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let digits = |from: usize| super::words::run_end(b, from, u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        if !b[p].is_ascii_digit() {
            p += 1;
            continue;
        }
        let mut end = digits(p);
        if b.get(end) == Some(&b'.') {
            match digits(end + 1) {
                minor if minor > end + 1 => end = minor,
                _ if b.get(end + 1) == Some(&b'x') => end += 2,
                _ => {}
            }
        }
        out.push(p..end);
        p = end;
    }
    out
}

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    // Prose, or an inline code span holding only the name (a console choice: "select `Python 3.9`").
    let span = region.kind == RegionKind::InlineCode;
    if region.kind != RegionKind::Prose && !span {
        return;
    }
    let s = &cx.text[region.range.clone()];
    // A name is only judged on a line that says "Lambda" or "runtime": a prose region without either
    // word has nothing to judge (most of them; the case-insensitive name pattern is not cheap).
    if !span && !cx.triggers(region).has(Trigger::LambdaOrRuntime) {
        return;
    }
    let re = gated_regex!(PROSE_RUNTIME_RE);
    for caps in re.captures_iter(s) {
        let whole = caps.get(0).expect("group 0");
        if span && whole.range() != (0..s.len()) {
            continue;
        }
        // The line: within the prose region, or, for a span, the line of the text around it.
        let (text, at) = if span {
            (cx.text, region.range.start..region.range.end)
        } else {
            (s, whole.range())
        };
        let line_start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at.end..].find('\n').map_or(text.len(), |i| at.end + i);
        let line = text[line_start..line_end].to_ascii_lowercase();
        if !(line.contains("lambda") || line.contains("runtime"))
            || ALREADY_SAID.iter().any(|w| line.contains(w))
        {
            continue;
        }
        // Read on the name's whole line, not only in its region: pulldown-cmark ends a text run at an
        // escape (`Starting with \.NET 6`).
        let abs = region.range.start + whole.start()..region.range.start + whole.end();
        if names_a_minimum_or_a_start(cx.text, abs) {
            continue;
        }
        let family = caps
            .get(1)
            .or(caps.get(2))
            .expect("one name group")
            .as_str()
            .to_ascii_lowercase();
        let versions = caps.get(3).expect("versions");
        let listed = versions_in(versions.as_str());
        for (i, v) in listed
            .into_iter()
            .map(|r| crate::pattern::Match::new(versions.as_str(), r))
            .enumerate()
        {
            let version = v.as_str();
            let start = versions.start() + v.start();
            let Some(id) = runtime_id(&family, version) else {
                continue;
            };
            let Some(entry) = cx.schema.get(Kind::LambdaRuntime, &id) else {
                continue;
            };
            let Some(date) = entry
                .deprecated
                .as_deref()
                .filter(|d| *d <= cx.settings.today.as_str())
            else {
                continue;
            };
            // The first version carries the name ("Python 2.7"); later ones are just "3.6".
            let span = if i == 0 {
                whole.start()..start + version.len()
            } else {
                start..start + version.len()
            };
            let mut message = format!(
                "`{}` is Lambda runtime `{id}`, deprecated since {date}",
                &s[span.clone()]
            );
            if let Some(succ) = entry.successor.as_deref() {
                message.push_str(&format!("; use `{succ}`"));
            }
            let abs = region.range.start + span.start..region.range.start + span.end;
            out.push(Finding::new(
                RuleId::DeprecatedRuntime,
                abs,
                message,
                vec![],
                Some((Kind::LambdaRuntime, &id)),
            ));
        }
    }
}

/// "Starting with .NET 6, …", "from Python 3.8", "Node.js 12 or later", "Python 3.9+": a lower bound
/// (or the version a migration leaves), not the runtime a function uses.
fn names_a_minimum_or_a_start(s: &str, at: std::ops::Range<usize>) -> bool {
    const BEFORE: &[&str] = &["starting with", "beginning with", "since", "from"];
    const AFTER: &[&str] = &[
        "+",
        "or later",
        "and later",
        "or newer",
        "and newer",
        "or above",
        "and above",
        "or higher",
        "and higher",
    ];
    // Only the name's own line: a heading ending in "from" or the next block's `+` bullet says nothing
    // about this name. A backslash right before the name is Markdown's escape of its dot (`Starting
    // with \.NET 6`, as AWS's guides write it), not a word. Bytes, lowercased: the few bytes kept may
    // end inside a character, which no word here contains.
    let line_start = s[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = s[at.end..].find('\n').map_or(s.len(), |i| at.end + i);
    let before = &s[line_start..at.start];
    let before = before.strip_suffix('\\').unwrap_or(before);
    let before = before.trim_end().as_bytes();
    let before = before[before.len().saturating_sub(16)..].to_ascii_lowercase();
    let after = s[at.end..line_end].trim_start().as_bytes();
    let after = after[..after.len().min(12)].to_ascii_lowercase();
    BEFORE.iter().any(|w| {
        before.ends_with(w.as_bytes())
            && !before[..before.len() - w.len()]
                .last()
                .is_some_and(u8::is_ascii_alphanumeric)
    }) || AFTER.iter().any(|w| after.starts_with(w.as_bytes()))
}

/// The runtime identifier a prose name stands for, when there is exactly one.
fn runtime_id(family: &str, version: &str) -> Option<String> {
    let (major, minor) = match version.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (version, None),
    };
    Some(match family {
        "python" => format!("python{major}.{}", minor?),
        "ruby" => format!("ruby{major}.{}", minor?),
        // `Node.js 12` and `Node.js 12.x` are `nodejs12.x`; `Node.js 8.10` and `4.3` were runtimes of
        // their own.
        "node.js" | "nodejs" | "node" => match minor {
            None | Some("x") => format!("nodejs{major}.x"),
            Some(m) => format!("nodejs{major}.{m}"),
        },
        "go" if version == "1.x" => "go1.x".to_string(),
        ".net core" => format!("dotnetcore{major}.{}", minor?),
        ".net" if minor.is_none() => format!("dotnet{major}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::runtime_id;

    /// Versions are found where the regex they replaced found them.
    #[test]
    fn versions_are_the_regex_matches() {
        let re = crate::rules::regex!(r"[0-9]+(?:\.(?:[0-9]+|x))?");
        let pieces = ["3", "12", ".", "x", "/", " ", "a", "9"];
        for s in crate::testdata::texts_of_pieces(31, &pieces, 9, 30_000) {
            let expected: Vec<_> = re.find_iter(&s).map(|m| m.range()).collect();
            assert_eq!(super::versions_in(&s), expected, "{s:?}");
        }
    }

    #[test]
    fn prose_names_map_to_one_runtime() {
        let id = |f, v| runtime_id(f, v);
        assert_eq!(id("python", "3.6").as_deref(), Some("python3.6"));
        assert_eq!(id("python", "3"), None);
        assert_eq!(id("node.js", "12").as_deref(), Some("nodejs12.x"));
        assert_eq!(id("node", "8.10").as_deref(), Some("nodejs8.10"));
        assert_eq!(id(".net core", "2.1").as_deref(), Some("dotnetcore2.1"));
        assert_eq!(id(".net", "6").as_deref(), Some("dotnet6"));
        assert_eq!(id("go", "1.x").as_deref(), Some("go1.x"));
        assert_eq!(id("go", "1.21"), None);
    }
}
