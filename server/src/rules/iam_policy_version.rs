//! `iam-policy-version`: an IAM policy `Version` other than `2012-10-17` or `2008-10-17`.
//!
//! Why: the policy language version is a fixed string, not a date you choose; any other value is
//! rejected, and `2008-10-17` silently disables policy variables. Only a policy's `Version` is checked:
//!
//! - in JSON (also escaped JSON in a string, and HCL `Version = …`), a `Version` key of an object that
//!   also has a `Statement` key holding a list or an object;
//! - in YAML (code blocks, front matter), a `Version:` key with a sibling `Statement:` key (same
//!   indentation, same mapping) holding a list or a mapping;
//! - in prose, `Version` followed by a date where `policy` comes at most three words before it ("the
//!   policy Version 2012-10-18", "IAM policy language version: 2012-10-18"), when the date is within
//!   two edits of a real version (a slip; "our security policy version 2023-01-05" is a revision date).
//!
//! The `Version` of anything else — a Lambda function version, an SSM document's `schemaVersion`, a
//! CloudFormation `AWSTemplateFormatVersion`, a `Version` in the `Metadata` next to a policy's
//! `Statement` — is left alone.
//!
//! Example: `"Version": "2012-10-18"` → not an IAM policy language version; use `2012-10-17`.

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !cx.triggers(region).has(Trigger::VersionWord) {
        return;
    }
    let mut push = |v: regex::Match| {
        if cx.schema.get(Kind::IamPolicyVersion, v.as_str()).is_some() {
            return;
        }
        let abs = region.range.start + v.start()..region.range.start + v.end();
        out.push(Finding::new(
            RuleId::IamPolicyVersion,
            abs,
            format!(
                "`{}` is not an IAM policy language version (only `2012-10-17` and `2008-10-17` exist); use `2012-10-17`",
                v.as_str()
            ),
            vec!["2012-10-17".to_string()],
            Some((Kind::IamPolicyVersion, "2012-10-17")),
        ));
    };
    if matches!(region.kind, RegionKind::Prose | RegionKind::LinkText) {
        // A sentence proves less than a policy document: only a date near a real version (a typo,
        // not a document's own revision date) is judged.
        for v in prose_versions(s) {
            let near = ["2012-10-17", "2008-10-17"]
                .iter()
                .any(|real| crate::schema::index_distance(v.as_str(), real, 2).is_some());
            if near {
                push(v);
            }
        }
        return;
    }
    if !s.contains("Statement") {
        return;
    }
    // A `Version` key (quoted, escaped-quoted or bare) followed by `:` or `=` and a date.
    let re = regex!(
        r#"(\\?["']?)(?-u:\b)Version\\?["']?[ \t]*[:=][ \t]*\\?["']?([0-9]{4}-[0-9]{2}-[0-9]{2})(?-u:\b)"#
    );
    let objects = Objects::of(s);
    for caps in re.captures_iter(s) {
        let key = caps.get(0).unwrap();
        let quoted = !caps.get(1).unwrap().as_str().is_empty();
        let is_policy = objects.has_statement_sibling(s, key.start())
            || (!quoted && yaml_has_statement_sibling(s, key.start()));
        if is_policy {
            push(caps.get(2).unwrap());
        }
    }
}

/// "the policy Version 2012-10-18": `policy` at most three words before `version` and a date after it.
fn prose_versions(s: &str) -> Vec<regex::Match<'_>> {
    let re = regex!(
        r"(?i-u:(?-u:\b)polic(?:y|ies)(?:'s)?(?:[ \t]+[A-Za-z]+){0,3}?[ \t]+version)[\x22'`*: \t]*(?-u:\b)([0-9]{4}-[0-9]{2}-[0-9]{2})(?-u:\b)"
    );
    re.captures_iter(s).filter_map(|c| c.get(1)).collect()
}

/// The braces of a code region, for finding a key's enclosing object: one pass, strings ignored
/// (policies' strings hold only balanced `${…}`), so escaped JSON inside a string is read as JSON too.
struct Objects {
    /// For every `{`: its offset and the offset of its `}` (or the end).
    spans: Vec<(usize, usize)>,
}

impl Objects {
    fn of(s: &str) -> Self {
        let mut spans = Vec::new();
        let mut stack: Vec<(usize, u8)> = Vec::new();
        for (i, b) in s.bytes().enumerate() {
            match b {
                b'{' | b'[' => {
                    if b == b'{' {
                        spans.push((i, s.len()));
                    }
                    stack.push((spans.len().wrapping_sub(1), b));
                }
                b'}' | b']' => {
                    // Pop to the matching opener; a stray closer is ignored.
                    let want = if b == b'}' { b'{' } else { b'[' };
                    if let Some(pos) = stack.iter().rposition(|(_, o)| *o == want) {
                        let (idx, o) = stack[pos];
                        stack.truncate(pos);
                        if o == b'{' {
                            spans[idx].1 = i;
                        }
                    }
                }
                _ => {}
            }
        }
        Objects { spans }
    }

    /// The innermost object around `at`.
    fn enclosing(&self, at: usize) -> Option<(usize, usize)> {
        self.spans
            .iter()
            .filter(|(o, c)| *o < at && at < *c)
            .max_by_key(|(o, _)| *o)
            .copied()
    }

    /// Whether the object around the key at `at` also has, at its own level, a `Statement` key whose
    /// value is a list or an object.
    fn has_statement_sibling(&self, s: &str, at: usize) -> bool {
        let Some((open, close)) = self.enclosing(at) else {
            return false;
        };
        let body = &s[open + 1..close];
        let re = regex!(r#"\\?["']?(?-u:\b)Statement\\?["']?[ \t\r\n]*[:=][ \t\r\n]*[\[{]"#);
        let mut depth = 0i32;
        let mut last = 0;
        for m in re.find_iter(body) {
            for b in body[last..m.start()].bytes() {
                match b {
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth -= 1,
                    _ => {}
                }
            }
            last = m.start();
            if depth == 0 {
                return true;
            }
        }
        false
    }
}

/// YAML: whether the mapping holding the `Version:` key at `at` has a `Statement:` key (same
/// indentation, no line less indented in between) whose value is a block below it or a flow list or
/// mapping.
fn yaml_has_statement_sibling(s: &str, at: usize) -> bool {
    let line_start = s[..at].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &s[line_start..at];
    // The key's column; `- Version:` starts a list item whose keys sit at the column after `- `.
    if !prefix.chars().all(|c| c == ' ' || c == '-') {
        return false;
    }
    let col = prefix.len();
    let starts_item = prefix.trim_end().ends_with('-');
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let sibling = |l: &str| {
        let rest = l.trim_start_matches(' ');
        let rest = rest.trim_start_matches(['"', '\'']);
        let Some(v) = rest.strip_prefix("Statement") else {
            return false;
        };
        let v = v.trim_start_matches(['"', '\'']).trim_start();
        let Some(v) = v.strip_prefix(':') else {
            return false;
        };
        let v = v.trim();
        v.is_empty() || v.starts_with('#') || v.starts_with('[') || v.starts_with('{')
    };
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    // Below: lines of the same mapping until one is less indented or starts the next list item.
    let below = &s[line_start..];
    for l in below.lines().skip(1) {
        if blank(l) {
            continue;
        }
        let i = indent(l);
        if i < col || (i + 2 == col && l.trim_start().starts_with("- ")) {
            break;
        }
        if i == col && sibling(l) {
            return true;
        }
    }
    // Above: unless this key opens its list item, the keys before it in the same mapping.
    if starts_item {
        return false;
    }
    for l in s[..line_start].lines().rev() {
        if blank(l) {
            continue;
        }
        let i = indent(l);
        let t = l.trim_start();
        if i + 2 == col && t.starts_with("- ") {
            // The line that opens this list item: its first key is a sibling.
            return sibling(&format!("{}{}", " ".repeat(col), &t[2..]));
        }
        if i < col {
            break;
        }
        if i == col && sibling(l) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> bool {
        yaml_has_statement_sibling(s, s.find("Version").unwrap())
    }

    #[test]
    fn yaml_siblings() {
        assert!(yaml("Version: 2012-10-18\nStatement:\n  - Effect: Allow\n"));
        assert!(yaml("Statement: []\nVersion: 2012-10-18\n"));
        assert!(yaml(
            "Doc:\n  Version: x\n  Statement:\n    - Effect: Allow\n"
        ));
        assert!(yaml("- Version: x\n  Statement:\n    - Effect: Allow\n"));
        assert!(yaml("- Statement:\n    - Effect: Allow\n  Version: x\n"));
        // Not siblings: another mapping, another list item, a scalar Statement.
        assert!(!yaml("A:\n  Version: x\nStatement:\n  - Effect: Allow\n"));
        assert!(!yaml("- Version: x\n- Statement:\n    - Effect: Allow\n"));
        assert!(!yaml("Version: x\nStatement: not a list\n"));
        assert!(!yaml("Version: x\nProperties:\n  Statement:\n    - a\n"));
    }

    #[test]
    fn json_siblings() {
        let s =
            r#"{"Version": "x", "Statement": [{"a": {"Version": "y"}}], "M": {"Version": "z"}}"#;
        let o = Objects::of(s);
        let at: Vec<usize> = s.match_indices("\"Version\"").map(|(i, _)| i).collect();
        assert!(o.has_statement_sibling(s, at[0]));
        assert!(!o.has_statement_sibling(s, at[1]));
        assert!(!o.has_statement_sibling(s, at[2]));
        let e = r#""{\"Version\":\"2012-10-18\",\"Statement\":[{}]}""#;
        assert!(Objects::of(e).has_statement_sibling(e, e.find("Version").unwrap()));
    }

    #[test]
    fn prose() {
        let got = |s: &str| {
            prose_versions(s)
                .iter()
                .map(|m| m.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            got("the policy Version 2012-10-18 is wrong"),
            ["2012-10-18"]
        );
        assert_eq!(
            got("IAM policy language version: 2012-10-18"),
            ["2012-10-18"]
        );
        assert!(got("Lambda version 2019-01-01 of the policy").is_empty());
        assert!(got("the S3 API version 2006-03-01").is_empty());
    }
}
