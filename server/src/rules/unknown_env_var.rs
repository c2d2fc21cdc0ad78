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
    if !cx.triggers(region).has(Trigger::EnvVarPrefix) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    for range in &cx.candidates(region).env_vars {
        if !is_standalone(s, range) {
            continue;
        }
        if let Some(verdict) = verdict(cx.schema, &s[range.clone()]) {
            out.push(verdict.at(RuleId::UnknownEnvVar, region.range.start, range));
        }
    }
}

/// The verdict on an environment variable's name (`candidates::Candidates::env_vars`): none when it
/// is known or far from every known one.
pub(super) fn verdict(schema: &Schema, name: &str) -> Option<Verdict> {
    if schema.get(Kind::EnvVar, name).is_some() {
        return None;
    }
    // Only near misses: two edits for long names, one for short ones.
    let max = if name.len() >= 14 { 2 } else { 1 };
    let near: Vec<(String, usize)> = schema
        .nearest(Kind::EnvVar, name, max)
        .into_iter()
        .filter(|n| same_family(name, n.spelling))
        .map(|n| (n.spelling.to_string(), n.distance))
        .collect();
    let best = best_of(&near);
    let entry = (Kind::EnvVar, best.first()?.clone());
    Some(Verdict {
        message: format!(
            "`{name}` is not a known AWS environment variable{}",
            did_you_mean(&best)
        ),
        replacements: best,
        entry: Some(entry),
    })
}

/// `AWS_REGION_X` vs `AWS_REGION`: the suggestion must differ in spelling, not be a different variable
/// that merely shares a prefix with a numbered or suffixed sibling (`ECS_CLUSTER1`).
fn same_family(typed: &str, known: &str) -> bool {
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    digits(typed) == digits(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str) -> Option<String> {
        verdict(&crate::schema::embedded(), name).map(|v| v.message)
    }

    #[test]
    fn near_misses_only() {
        assert_eq!(
            message("AWS_DEFAULT_REGOIN").as_deref(),
            Some("`AWS_DEFAULT_REGOIN` is not a known AWS environment variable; did you mean `AWS_DEFAULT_REGION`?")
        );
        assert_eq!(message("AWS_DEFAULT_REGION"), None);
        // A team's own variable, near no known one.
        assert_eq!(message("AWS_LAMBDA_DEPLOY_BUCKET"), None);
    }
}
