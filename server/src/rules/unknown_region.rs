//! `unknown-region`: a Region-shaped code (`us-east-3`, `eu-south-4`) that is not an AWS Region in any
//! partition. Availability Zone names (`us-east-1a`) are checked by their Region part.
//!
//! Why: a wrong Region code in a CLI command or config fails at run time with an unhelpful endpoint error.
//!
//! Example: `aws s3 ls --region us-east-3` → not an AWS Region; did you mean `us-east-1` or `us-east-2`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    if !cx.triggers(region).has(Trigger::RegionInfix) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    let candidates = cx.candidates(region);
    if candidates.regions.is_empty() {
        return;
    }
    let urls = cx.url_spans(region);
    for found in &candidates.regions {
        let whole = &found.whole;
        if overlaps_any(&urls, whole) || s[whole.end..].starts_with('-') {
            continue;
        }
        // Preceded by a letter or dash: part of a longer identifier (`my-us-east-9-bucket`).
        if matches!(
            s[..whole.start].chars().next_back(),
            Some('-' | '.' | '/' | '_')
        ) {
            continue;
        }
        if let Some(verdict) = verdict(cx.schema, &s[found.code.clone()]) {
            out.push(verdict.at(RuleId::UnknownRegion, region.range.start, &found.code));
        }
    }
}

/// The verdict on a Region-shaped code (`candidates::RegionCode`): none when it is a Region.
pub(super) fn verdict(schema: &Schema, code: &str) -> Option<Verdict> {
    if schema.get(Kind::Region, code).is_some() {
        return None;
    }
    let near: Vec<(String, usize)> = schema
        .nearest(Kind::Region, code, 1)
        .into_iter()
        .map(|n| (n.entry.name.clone(), n.distance))
        .collect();
    let mut best = best_of(&near);
    best.sort();
    Some(Verdict {
        message: format!("`{code}` is not an AWS Region{}", did_you_mean(&best)),
        replacements: best,
        entry: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(code: &str) -> Option<String> {
        verdict(&crate::schema::embedded(), code).map(|v| v.message)
    }

    #[test]
    fn regions_that_do_not_exist() {
        assert_eq!(
            message("us-east-3").as_deref(),
            Some("`us-east-3` is not an AWS Region; did you mean `us-east-1` or `us-east-2`?")
        );
        assert_eq!(message("us-east-1"), None);
        assert_eq!(message("eu-south-2"), None);
    }
}
