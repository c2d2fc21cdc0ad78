//! `service-prefix`: a service written with the wrong official prefix — "AWS DynamoDB" for
//! "Amazon DynamoDB", "Amazon Lambda" for "AWS Lambda" (off by default; style teams turn it on).
//!
//! Why: AWS's own style guide names each service with one prefix; published docs and customer-facing
//! material should follow it.
//!
//! Example: `AWS DynamoDB` → `Amazon DynamoDB`.

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    for caps in regex!(r"(?-u:\b)(AWS|Amazon) ([A-Z][A-Za-z0-9@-]*(?: [A-Z0-9][A-Za-z0-9-]*){0,3})")
        .captures_iter(s)
    {
        let (pfx, rest) = (caps.get(1).unwrap(), caps.get(2).unwrap());
        // Longest known brand at the start of `rest`.
        let words: Vec<&str> = rest.as_str().split(' ').collect();
        for n in (1..=words.len()).rev() {
            let name = words[..n].join(" ");
            let Some(e) = cx.schema.get(Kind::ServiceName, &name) else {
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
            out.push(Finding::new(
                RuleId::ServicePrefix,
                abs,
                format!("the official name is `{fixed}`"),
                vec![fixed],
                Some((Kind::ServiceName, &e.name)),
            ));
            break;
        }
    }
}
