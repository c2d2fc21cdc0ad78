//! `invalid-header-value`: a header paired with a value its API enumeration does not allow.
//!
//! Why: `x-amz-server-side-encryption: aws-kms` is rejected by S3 (the value is `aws:kms`). The rule only
//! fires where the note pairs a header with a value explicitly — `header: value`, `header=value`, or
//! "header … with the value (of) value" — and the header's target shape is an enumeration.
//!
//! Example: `x-amz-server-side-encryption: aws-kms` → allowed values are `AES256`, `aws:kms`, `aws:kms:dsse`.

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !cx.triggers(region).has(Trigger::AmzHeader) {
        return;
    }
    let re = gated_regex!(
        r#"(?-u:\b)(?i-u:(x-amzn?-[a-z0-9-]*[a-z0-9]))(?:\*\*|`)?(?:\s*[:=]\s*|\s+(?i-u:header)\s+(?i-u:with)\s+(?:(?i-u:the)\s+)?(?i-u:value)\s+(?:(?i-u:of)\s+)?)["'`*]*([A-Za-z0-9][A-Za-z0-9:._/-]*)"#
    );
    for caps in re.captures_iter(s) {
        let (h, v) = (caps.get(1).unwrap(), caps.get(2).unwrap());
        let value = v.as_str().trim_end_matches(['.', ',', ':']);
        let entries = cx.schema.get_ci(Kind::Header, h.as_str());
        let allowed: Vec<&String> = entries
            .iter()
            .flat_map(|e| e.variants.iter())
            .flat_map(|v| v.values.iter())
            .collect();
        // `X-Amz-Invocation-Type: InvocationType` in API syntax blocks is a placeholder, not a value.
        let is_placeholder = entries
            .iter()
            .flat_map(|e| e.variants.iter())
            .any(|v| v.member.as_deref() == Some(value));
        if allowed.is_empty() || is_placeholder || allowed.iter().any(|a| a.as_str() == value) {
            continue;
        }
        let mut uniq: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        uniq.sort();
        uniq.dedup();
        let near: Vec<(String, usize)> = uniq
            .iter()
            .filter_map(|a| {
                crate::schema::index_distance(
                    &value.to_ascii_lowercase(),
                    &a.to_ascii_lowercase(),
                    2,
                )
                .map(|d| (a.clone(), d))
            })
            .collect();
        let best = best_of(&near);
        let start = region.range.start + v.start();
        out.push(Finding::new(
            RuleId::InvalidHeaderValue,
            start..start + value.len(),
            format!(
                "`{value}` is not a valid value of `{}`; allowed: {}{}",
                h.as_str(),
                uniq.iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                did_you_mean(&best)
            ),
            best.clone(),
            Some((Kind::Header, &entries[0].name)),
        ));
    }
}
