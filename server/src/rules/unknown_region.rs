//! `unknown-region`: a Region-shaped code (`us-east-3`, `eu-south-4`) that is not an AWS Region in any
//! partition. Availability Zone names (`us-east-1a`) are checked by their Region part.
//!
//! Why: a wrong Region code in a CLI command or config fails at run time with an unhelpful endpoint error.
//!
//! Example: `aws s3 ls --region us-east-3` → not an AWS Region; did you mean `us-east-1` or `us-east-2`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !cx.triggers(region).has(Trigger::RegionInfix) {
        return;
    }
    let re = gated_regex!(
        r"(?-u:\b)((?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eu-isoe|us-isof)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]{1,2})([a-z])?(?-u:\b)"
    );
    let urls = cx.url_spans(region);
    for caps in re.captures_iter(s) {
        let code = caps.get(1).unwrap();
        let whole = caps.get(0).unwrap();
        if overlaps_any(&urls, &whole.range()) || s[whole.end()..].starts_with('-') {
            continue;
        }
        // Preceded by a letter or dash: part of a longer identifier (`my-us-east-9-bucket`).
        if matches!(
            s[..whole.start()].chars().next_back(),
            Some('-' | '.' | '/' | '_')
        ) {
            continue;
        }
        if cx.schema.get(Kind::Region, code.as_str()).is_some() {
            continue;
        }
        let near: Vec<(String, usize)> = cx
            .schema
            .nearest(Kind::Region, code.as_str(), 1)
            .into_iter()
            .map(|n| (n.entry.name.clone(), n.distance))
            .collect();
        let mut best = best_of(&near);
        best.sort();
        let abs = region.range.start + code.start()..region.range.start + code.end();
        out.push(Finding::new(
            RuleId::UnknownRegion,
            abs,
            format!(
                "`{}` is not an AWS Region{}",
                code.as_str(),
                did_you_mean(&best)
            ),
            best,
            None,
        ));
    }
}
