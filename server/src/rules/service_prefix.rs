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
    for caps in regex!(r"(?-u:\b)(AWS|Amazon) ([A-Z][A-Za-z0-9@-]*(?: [A-Z0-9][A-Za-z0-9-]*){0,3})")
        .captures_iter(s)
    {
        let (pfx, rest) = (caps.get(1).unwrap(), caps.get(2).unwrap());
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
