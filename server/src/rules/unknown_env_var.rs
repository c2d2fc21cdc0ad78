//! `unknown-env-var`: an AWS environment variable (`AWS_*`, `_X_AMZN_*`, `ECS_*`, `CODEBUILD_*`) that
//! does not exist but is within a couple of edits of one that does (`_X_AMZ_TRACE_ID` lost its `N`).
//!
//! Why: SDKs, the CLI, Lambda and the X-Ray SDK silently ignore unknown variables, so a typo such as
//! `AWS_XRAY_DEAMON_ADDRESS` means the setting never takes effect. Many tools define their own `AWS_*`
//! variables, so a name far from every known one is left alone.
//!
//! A misspelled reserved prefix is one of those edits: `AWS_LAMDA_FUNCTION_NAME` and
//! `AWS_LAMBA_FUNCTION_MEMORY_SIZE` are near Lambda's reserved `AWS_LAMBDA_FUNCTION_NAME` and
//! `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`; a team's own `AWS_LAMBDA_DEPLOY_BUCKET`, near no known name, is
//! left alone.
//!
//! Example: `export AWS_DEFAULT_REGOIN=us-east-1` → did you mean `AWS_DEFAULT_REGION`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !cx.triggers(region).has(Trigger::EnvVarPrefix) {
        return;
    }
    let re = gated_regex!(
        r"(?-u:\b)(?:AWS|_X_AMZN|ECS|CODEBUILD)_[A-Z0-9_]*[A-Z0-9](?-u:\b)|(?:^|[^A-Za-z0-9])(_X_AM[A-Z]*_[A-Z0-9_]*[A-Z0-9])(?-u:\b)"
    );
    for caps in re.captures_iter(s) {
        let m = caps.get(1).unwrap_or_else(|| caps.get(0).unwrap());
        let name = m.as_str();
        let range = m.range();
        if !is_standalone(s, &range) || cx.schema.get(Kind::EnvVar, name).is_some() {
            continue;
        }
        // Only near misses: two edits for long names, one for short ones.
        let max = if name.len() >= 14 { 2 } else { 1 };
        let near: Vec<(String, usize)> = cx
            .schema
            .nearest(Kind::EnvVar, name, max)
            .into_iter()
            .filter(|n| same_family(name, n.spelling))
            .map(|n| (n.spelling.to_string(), n.distance))
            .collect();
        let best = best_of(&near);
        if best.is_empty() {
            continue;
        }
        let abs = region.range.start + range.start..region.range.start + range.end;
        out.push(Finding::new(
            RuleId::UnknownEnvVar,
            abs,
            format!(
                "`{name}` is not a known AWS environment variable{}",
                did_you_mean(&best)
            ),
            best.clone(),
            Some((Kind::EnvVar, &best[0])),
        ));
    }
}

/// `AWS_REGION_X` vs `AWS_REGION`: the suggestion must differ in spelling, not be a different variable
/// that merely shares a prefix with a numbered or suffixed sibling (`ECS_CLUSTER1`).
fn same_family(typed: &str, known: &str) -> bool {
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    digits(typed) == digits(known)
}
