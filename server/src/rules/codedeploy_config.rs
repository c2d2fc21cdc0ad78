//! `unknown-codedeploy-config`: a `CodeDeployDefault.*` deployment configuration that CodeDeploy does not
//! predefine.
//!
//! Why: a deployment group that names a missing configuration fails to create; in notes, a wrong name
//! teaches the wrong option.
//!
//! Example: `CodeDeployDefault.HalfAtATimeis` → did you mean `CodeDeployDefault.HalfAtATime`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    if !cx.triggers(region).has(Trigger::CodeDeployConfig) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    for range in &cx.candidates(region).codedeploy_configs {
        if let Some(verdict) = verdict(cx.schema, &s[range.clone()]) {
            out.push(verdict.at(RuleId::UnknownCodedeployConfig, region.range.start, range));
        }
    }
}

/// The verdict on a `CodeDeployDefault.*` name (`candidates::Candidates::codedeploy_configs`): none
/// when CodeDeploy predefines it.
pub(super) fn verdict(schema: &Schema, name: &str) -> Option<Verdict> {
    if schema.get(Kind::CodedeployConfig, name).is_some() {
        return None;
    }
    let near: Vec<(String, usize)> = schema
        .nearest(Kind::CodedeployConfig, name, 3)
        .into_iter()
        .filter(|n| n.spelling.starts_with("CodeDeployDefault."))
        .map(|n| (n.spelling.to_string(), n.distance))
        .collect();
    let best = best_of(&near);
    Some(Verdict {
        message: format!(
            "`{name}` is not a predefined CodeDeploy deployment configuration{}",
            did_you_mean(&best)
        ),
        entry: best.first().map(|b| (Kind::CodedeployConfig, b.clone())),
        replacements: best,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str) -> Option<String> {
        verdict(&crate::schema::embedded(), name).map(|v| v.message)
    }

    #[test]
    fn predefined_configurations_only() {
        assert_eq!(
            message("CodeDeployDefault.HalfAtATimeis").as_deref(),
            Some("`CodeDeployDefault.HalfAtATimeis` is not a predefined CodeDeploy deployment configuration; did you mean `CodeDeployDefault.HalfAtATime`?")
        );
        assert_eq!(message("CodeDeployDefault.AllAtOnce"), None);
    }
}
