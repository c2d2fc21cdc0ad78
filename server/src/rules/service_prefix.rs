//! `service-prefix`: a service written with the wrong official prefix — "AWS DynamoDB" for
//! "Amazon DynamoDB", "Amazon Lambda" for "AWS Lambda" (off by default; style teams turn it on).
//!
//! Why: AWS's own style guide names each service with one prefix; published docs and customer-facing
//! material should follow it.
//!
//! Example: `AWS DynamoDB` → `Amazon DynamoDB`.
//!
//! `mixed-service-prefix` (on by default, info) reports the same slip only in a note that also writes
//! the official name somewhere ("AWS Rekognition" in one paragraph, "Amazon Rekognition" in another):
//! the writer knows the name, and the note is inconsistent. Loose usage alone ("AWS S3" throughout a
//! note) is left to `service-prefix`, which a style team turns on; so is link text, often a title
//! quoted as its author wrote it.

use super::*;
use crate::pattern::Match;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    // With `service-prefix` on, every slip is reported by it; `mixed-service-prefix` would repeat it.
    let rule = if cx.settings.level(RuleId::ServicePrefix).is_some() {
        RuleId::ServicePrefix
    } else {
        RuleId::MixedServicePrefix
    };
    // A link's text is often a title quoted as its author wrote it (a course, a talk, a blog post).
    if rule == RuleId::MixedServicePrefix && region.kind == RegionKind::LinkText {
        return;
    }
    // Most regions name no prefixed service: the trigger pass has looked for `AWS ` and `Amazon `
    // already (the rule runs on every prose region by default).
    if !cx.triggers(region).has(Trigger::ServicePrefix) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    for (pfx, rest) in prefixed_names(s) {
        let (pfx, rest) = (Match::new(s, pfx), Match::new(s, rest));
        // Longest known brand at the start of `rest` (its words are separated by one space each).
        let rest_text = rest.as_str();
        let longest_first =
            std::iter::once(rest_text.len()).chain(rest_text.rmatch_indices(' ').map(|(i, _)| i));
        for end in longest_first {
            let name = &rest_text[..end];
            let Some(e) = cx.schema.get(Kind::ServiceName, name) else {
                continue;
            };
            let Some(official) = e.brand_prefix() else {
                break;
            };
            if official.is_empty() || official == pfx.as_str() || e.name != name {
                break;
            }
            let end = rest.start() + name.len();
            let abs = region.range.start + pfx.start()..region.range.start + end;
            let fixed = format!("{official} {name}");
            let message = if rule == RuleId::ServicePrefix {
                format!("the official name is `{fixed}`")
            } else {
                format!("this note also writes the official name, `{fixed}`")
            };
            let finding = Finding::new(
                rule,
                abs,
                message,
                vec![fixed.clone()],
                Some((Kind::ServiceName, &e.name)),
            );
            out.push(if rule == RuleId::MixedServicePrefix {
                finding.confirmed_by(&fixed)
            } else {
                finding
            });
            break;
        }
    }
}

/// `AWS` or `Amazon` and up to four capitalised words after it, as (prefix, words): the matches of
/// `(?-u:\b)(AWS|Amazon) ([A-Z][A-Za-z0-9@-]*(?: [A-Z0-9][A-Za-z0-9-]*){0,3})`.
fn prefixed_names(s: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let b = s.as_bytes();
    let run = |from: usize, more: fn(&u8) -> bool| super::words::run_end(b, from, more);
    let mut out = Vec::new();
    let mut searched_to = 0;
    for w in super::words::word_runs(s) {
        if w.start < searched_to
            || !matches!(&s[w.clone()], "AWS" | "Amazon")
            || b.get(w.end) != Some(&b' ')
            || !b.get(w.end + 1).is_some_and(u8::is_ascii_uppercase)
        {
            continue;
        }
        let mut end = run(w.end + 2, |c| {
            c.is_ascii_alphanumeric() || matches!(c, b'@' | b'-')
        });
        for _ in 0..3 {
            if b.get(end) != Some(&b' ')
                || !b
                    .get(end + 1)
                    .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            {
                break;
            }
            end = run(end + 2, |c| c.is_ascii_alphanumeric() || *c == b'-');
        }
        out.push((w.clone(), w.end + 1..end));
        searched_to = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefixed names are found where the regex they replaced found them, on samples and
    /// pseudo-random text.
    #[test]
    fn prefixed_names_are_the_regex_matches() {
        let re =
            regex!(r"(?-u:\b)(AWS|Amazon) ([A-Z][A-Za-z0-9@-]*(?: [A-Z0-9][A-Za-z0-9-]*){0,3})");
        let check = |s: &str| {
            assert_eq!(
                prefixed_names(s),
                crate::testdata::group_pairs(re, s),
                "{s:?}"
            );
        };
        for s in [
            "",
            "AWS Lambda, Amazon DynamoDB Streams and AWS Lambda@Edge; AWS IoT Greengrass V1 Core X",
            "xAWS Lambda AWS lambda AWS  Lambda AWS_Lambda Amazon S3 Glacier Deep Archive Tier AWS X_Y",
            "AWS Foo AWS Bar AWS 3D éAWS X-Ray Amazon AWS Lambda Edge@x AWS A@B C@D",
        ] {
            check(s);
        }
        let pieces = [
            "AWS", "Amazon", " ", "Lambda", "x", "@", "-", "_", "3", "S3", "é", ",", "Edge",
        ];
        for s in crate::testdata::texts_of_pieces(17, &pieces, 10, 30_000) {
            check(&s);
        }
    }
}
