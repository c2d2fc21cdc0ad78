//! Part of `unknown-cfn-name`: CloudFormation names beyond `AWS::…` and `Fn::…`.
//!
//! - Resource attributes and CamelCase template keys misspelt anywhere (`DependOn` → `DependsOn`,
//!   `DeletionPolcy` → `DeletionPolicy`): one edit from the name (two from names of twelve letters or
//!   more), eight letters or more, CamelCase —
//!   specific enough to mean the CloudFormation key in prose too.
//! - YAML short-form tags in code (`!GetAZ`, `!Joinn`, `!ref` → `!GetAZs`, `!Join`, `!Ref`): only
//!   near misses of a known tag; other tools' tags (`!include`, `!reference`) are left alone.
//! - CloudFormation helper scripts misspelt, in code and prose (`cfn-sigal` → `cfn-signal`).
//! - The structure of a template in a code block (`cfn_template.rs`): resource properties, parameter
//!   and output keys, top-level sections, logical IDs, the SAM transform's version.

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    misspelt_keys(cx, region, s, out);
    if matches!(region.kind, RegionKind::CodeBlock | RegionKind::InlineCode) {
        short_form_tags(cx, region, s, out);
    }
    if cx.triggers(region).has(Trigger::CfnHelper) {
        helper_scripts(region, s, out);
    }
    if region.kind == RegionKind::CodeBlock {
        super::cfn_template::check(cx, region, out);
    }
}

fn push(
    out: &mut Vec<Finding>,
    region: &Region,
    range: std::ops::Range<usize>,
    message: String,
    fix: String,
) {
    let abs = region.range.start + range.start..region.range.start + range.end;
    out.push(Finding::new(
        RuleId::UnknownCfnName,
        abs,
        message,
        vec![fix],
        None,
    ));
}

/// CamelCase words one edit from a resource attribute or a CamelCase template key.
fn misspelt_keys(cx: &Context, region: &Region, s: &str, out: &mut Vec<Finding>) {
    // Cheap prefilter: every target starts with one of these.
    if !cx.triggers(region).has(Trigger::CfnKeyStem) {
        return;
    }
    // PascalCase words without digits: `[A-Z][a-z]+(?:[A-Z][a-z]*)+` as whole words.
    for w in cx.candidates(region).pascal_words.iter() {
        let word = &s[w.range.clone()];
        if word.bytes().any(|b| b.is_ascii_digit()) || word.len() < 8 || is_glued(s, &w.range) {
            continue;
        }
        let kinds = [Kind::CfnResourceAttribute, Kind::CfnTemplateSection];
        if kinds.iter().any(|&k| cx.schema.get(k, word).is_some()) {
            continue;
        }
        let near: Vec<(String, usize)> = kinds
            .iter()
            .flat_map(|&k| cx.schema.nearest(k, word, 2))
            .map(|n| (n.entry.name.clone(), n.distance))
            // Two edits only for long names (`UpdateReplacPolcy` → `UpdateReplacePolicy`).
            .filter(|(name, d)| *d == 1 || name.len() >= 12)
            .filter(|(name, _)| name.len() >= 8 && name.chars().skip(1).any(char::is_uppercase))
            .collect();
        let best = best_of(&near);
        if best.len() == 1 {
            let fix = best[0].clone();
            push(
                out,
                region,
                w.range.clone(),
                format!("`{word}` is not a CloudFormation key; did you mean `{fix}`?"),
                fix,
            );
        }
    }
}

/// `!Tag` in YAML: a near miss of a CloudFormation short form.
fn short_form_tags(cx: &Context, region: &Region, s: &str, out: &mut Vec<Finding>) {
    if !s.contains('!') {
        return;
    }
    let re = regex!(r"(?:^|[\s:\[,-])!([A-Za-z][A-Za-z0-9]*)(?-u:\b)");
    for caps in re.captures_iter(s) {
        let tag = caps.get(1).expect("group 1");
        let name = tag.as_str();
        let short_forms = || {
            cx.schema
                .of_kind(Kind::CfnIntrinsic)
                .map(|e| e.name.strip_prefix("Fn::").unwrap_or(&e.name).to_string())
        };
        if short_forms().any(|f| f == name) {
            continue;
        }
        let mut near: Vec<(String, usize)> = short_forms()
            .filter_map(|f| {
                if f.eq_ignore_ascii_case(name) {
                    return Some((f, 0));
                }
                let max = if f.len() >= 6 { 2 } else { 1 };
                crate::schema::index_distance(name, &f, max).map(|d| (f, d))
            })
            .collect();
        near.sort();
        let best = best_of(&near);
        if best.len() == 1 {
            let fix = format!("!{}", best[0]);
            let range = tag.start() - 1..tag.end();
            push(
                out,
                region,
                range,
                format!(
                    "`!{name}` is not a CloudFormation short-form function; did you mean `{fix}`?"
                ),
                fix,
            );
        }
    }
}

/// The CloudFormation helper scripts:
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-helper-scripts-reference.html>.
const HELPER_SCRIPTS: &[&str] = &["cfn-get-metadata", "cfn-hup", "cfn-init", "cfn-signal"];

/// Every `cfn-` name in `s`: the matches of `(?-u:\b)cfn-[a-z]+(?:-[a-z]+)*`.
fn cfn_names(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let lowercase_run = |from: usize| super::words::run_end(b, from, u8::is_ascii_lowercase);
    let mut out = Vec::new();
    let mut searched_to = 0;
    for (p, _) in s.match_indices("cfn-") {
        let glued = p > 0 && super::words::WORD_BYTE[b[p - 1] as usize];
        let mut end = lowercase_run(p + 4);
        if p < searched_to || glued || end == p + 4 {
            continue;
        }
        while b.get(end) == Some(&b'-') && lowercase_run(end + 1) > end + 1 {
            end = lowercase_run(end + 1);
        }
        out.push(p..end);
        searched_to = end;
    }
    out
}

/// `cfn-sigal` → `cfn-signal`: one edit from a helper script's name after `cfn-` (two from
/// `get-metadata`). Other `cfn-` tools (`cfn-lint`, `cfn-nag`, `cfn-guard`, `cfn-response`) are
/// further than that.
fn helper_scripts(region: &Region, s: &str, out: &mut Vec<Finding>) {
    for m in cfn_names(s)
        .into_iter()
        .map(|r| crate::pattern::Match::new(s, r))
    {
        let name = m.as_str();
        let glued_before = s[..m.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
        if glued_before || HELPER_SCRIPTS.contains(&name) {
            continue;
        }
        let typed = &name["cfn-".len()..];
        let near: Vec<(String, usize)> = HELPER_SCRIPTS
            .iter()
            .filter_map(|h| {
                let real = &h["cfn-".len()..];
                let max = if real.len() >= 10 { 2 } else { 1 };
                crate::schema::index_distance(typed, real, max).map(|d| (h.to_string(), d))
            })
            .collect();
        if let [fix] = best_of(&near).as_slice() {
            push(
                out,
                region,
                m.range(),
                format!("`{name}` is not a CloudFormation helper script; did you mean `{fix}`?"),
                fix.clone(),
            );
        }
    }
}

/// Part of a longer identifier or path (`myDependOnX`, `config.DeletePolicy`).
fn is_glued(s: &str, r: &std::ops::Range<usize>) -> bool {
    let glue = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '$');
    // A sentence-ending period is not glue; `.Name` after it is.
    let after = &s[r.end..];
    let sentence_end = after.starts_with('.') && !after[1..].starts_with(char::is_alphanumeric);
    let glued_after = !sentence_end && after.chars().next().is_some_and(glue);
    s[..r.start].chars().next_back().is_some_and(glue) || glued_after
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cfn-` names are found where the regex they replaced found them.
    #[test]
    fn cfn_names_are_the_regex_matches() {
        let re = regex!(r"(?-u:\b)cfn-[a-z]+(?:-[a-z]+)*");
        let pieces = [
            "cfn-", "cfn", "-", "init", "a", "X", "_", " ", "é", "1", "sig-nal",
        ];
        for s in crate::testdata::texts_of_pieces(23, &pieces, 9, 30_000) {
            let expected: Vec<_> = re.find_iter(&s).map(|m| m.range()).collect();
            assert_eq!(cfn_names(&s), expected, "{s:?}");
        }
    }
}
