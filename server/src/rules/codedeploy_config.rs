//! `unknown-codedeploy-config`: a `CodeDeployDefault.*` deployment configuration that CodeDeploy does not
//! predefine.
//!
//! Why: a deployment group that names a missing configuration fails to create; in notes, a wrong name
//! teaches the wrong option.
//!
//! Example: `CodeDeployDefault.HalfAtATimeis` → did you mean `CodeDeployDefault.HalfAtATime`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !cx.triggers(region).has(Trigger::CodeDeployConfig) {
        return;
    }
    for m in gated_regex!(r"(?-u:\b)CodeDeployDefault\.[A-Za-z0-9]+").find_iter(s) {
        let name = m.as_str();
        if cx.schema.get(Kind::CodedeployConfig, name).is_some() {
            continue;
        }
        let near: Vec<(String, usize)> = cx
            .schema
            .nearest(Kind::CodedeployConfig, name, 3)
            .into_iter()
            .filter(|n| n.spelling.starts_with("CodeDeployDefault."))
            .map(|n| (n.spelling.to_string(), n.distance))
            .collect();
        let best = best_of(&near);
        let abs = region.range.start + m.start()..region.range.start + m.end();
        out.push(Finding::new(
            RuleId::UnknownCodedeployConfig,
            abs,
            format!(
                "`{name}` is not a predefined CodeDeploy deployment configuration{}",
                did_you_mean(&best)
            ),
            best.clone(),
            best.first().map(|b| (Kind::CodedeployConfig, b.as_str())),
        ));
    }
}
