//! `retired-service`: a service or feature AWS has discontinued, closed to new customers or renamed,
//! with the date and the successor (info).
//!
//! Why: study notes outlive services. "Use AWS CodeStar to set up a project" was good advice once; a
//! reader today needs to know that it is gone and what replaced it. Renames (Amazon Elasticsearch
//! Service → Amazon OpenSearch Service) are reported the same way. Matched case-sensitively, whole words,
//! in prose only.
//!
//! Example: `AWS CodeStar` → AWS CodeStar was discontinued on 2024-07-31.

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let brands = cx.schema.brands();
    for m in brands.retired.find_iter(s) {
        let range = m.start()..m.end();
        if !is_standalone(s, &range) {
            continue;
        }
        let entry = &brands.retired_names[m.pattern().as_usize()];
        let Some(e) = cx.schema.get(Kind::RetiredService, entry) else {
            continue;
        };
        let what = match e.status.as_deref() {
            Some("renamed") => "was renamed",
            Some("end-of-life") => "reached end of life",
            Some("closed-to-new-customers") => "is closed to new customers",
            _ => "was discontinued",
        };
        let mut message = format!("{} {what}", e.name);
        if let Some(d) = &e.date {
            message.push_str(&format!(" on {d}"));
        }
        if let Some(succ) = &e.successor {
            message.push_str(&format!("; successor: {succ}"));
        }
        let abs = region.range.start + range.start..region.range.start + range.end;
        // Informational: the successor is in the message, never applied as a fix.
        out.push(Finding::new(
            RuleId::RetiredService,
            abs,
            message,
            vec![],
            Some((Kind::RetiredService, &e.name)),
        ));
    }
}
