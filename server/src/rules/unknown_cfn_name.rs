//! `unknown-cfn-name`: a CloudFormation name that does not exist — resource type, pseudo parameter,
//! intrinsic function, parameter type — compared case-sensitively, as CloudFormation does.
//!
//! Why: `AWS::RedShift::Cluster` or `AWS::AccountID` fail template validation, and in notes they teach
//! the wrong spelling. Transforms (`AWS::Serverless-2016-10-31`), metadata keys
//! (`AWS::CloudFormation::Init`), parameter types (`AWS::EC2::KeyPair::KeyName`), service namespaces
//! (`AWS::Lambda`) and `Custom::` resources are valid.
//!
//! Also (`cfn_keys.rs`): misspelt resource attributes (`DependOn`), YAML short-form tags in code
//! (`!GetAZ`) and misspelt helper scripts in code and prose (`cfn-sigal` → `cfn-signal`; the real ones
//! are `cfn-init`, `cfn-signal`, `cfn-get-metadata` and `cfn-hup`, while `cfn-lint`, `cfn-nag` and
//! other tools are left alone).
//!
//! And in a template in a code block, YAML or JSON one key a line (`cfn_template.rs`), where keys
//! are nested by indentation:
//!
//! - a key directly under `Properties:` of a resource whose `Type:` is known, checked against the
//!   type's properties in cfn-lint's resource schemas: flagged only when it is a property in another
//!   case or one edit from exactly one (two for names of ten letters or more): `ImageID` on
//!   `AWS::EC2::Instance` → `ImageId`. Unknown types, `Custom::` and
//!   `AWS::CloudFormation::CustomResource` resources, keys nested deeper, intrinsic keys (`Fn::If`)
//!   and AppSpec files (whose `Resources:` have `Type:` and `Properties:` of their own) are left alone;
//! - parameter keys (`AllowedValue` → `AllowedValues`, `default` → `Default`) and output keys
//!   (`Exports` → `Export`) at their depth under a top-level `Parameters:` or `Outputs:`;
//! - top-level sections (`Resource:` → `Resources`, `Parameter:` → `Parameters`) when another
//!   top-level key is a section or the key holds resources — not in a fragment of a resource
//!   (`Condition:` beside `Type:`) nor in a Serverless Framework file (`resources:`);
//! - logical IDs under `Resources:` that are not alphanumeric (`My-Bucket:`, `my_table:`), which
//!   CloudFormation rejects (no fix: references to the ID would have to change too);
//! - `Transform: AWS::Serverless` → `AWS::Serverless-2016-10-31`, the transform's only valid value
//!   (in prose, "the AWS::Serverless transform" is fine).
//!
//! Example: `AWS::EC2::Instances` → did you mean `AWS::EC2::Instance`? `Fn::Ref` → `Ref`.

use super::*;

const NAME_KINDS: &[Kind] = &[
    Kind::CfnResourceType,
    Kind::CfnPseudoParameter,
    Kind::CfnTransform,
    Kind::CfnMetadataKey,
    Kind::CfnParameterType,
    Kind::CfnIntrinsic,
];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    super::cfn_keys::check(cx, region, out);
    let s = &cx.text[region.range.clone()];
    if !cx.triggers(region).has(Trigger::DoubleColon) {
        return;
    }
    let candidates = cx.candidates(region);
    if candidates.cfn_names.is_empty() {
        return;
    }
    let urls = cx.url_spans(region);
    for found in &candidates.cfn_names {
        let name = &s[found.clone()];
        let after = &s[found.end..];
        if overlaps_any(&urls, found) || after.starts_with("::") || after.starts_with('<') {
            continue;
        }
        if let Some(verdict) = verdict(cx, name) {
            out.push(verdict.at(RuleId::UnknownCfnName, region.range.start, found));
        }
    }
}

/// The verdict on a CloudFormation name (`candidates::Candidates::cfn_names`): none when it is known
/// (or a namespace that starts known names), and none when nothing is near — the name may then be
/// from a neighbouring vocabulary (CloudTrail's `AWS::DynamoDB::Stream`, Elastic Beanstalk's
/// `Fn::GetOptionSetting`), not ours to judge.
pub(super) fn verdict(cx: &Context, name: &str) -> Option<Verdict> {
    if is_known(cx, name) {
        return None;
    }
    let (message, replacements) = if let Some(f) = name.strip_prefix("Fn::") {
        // `Fn::Ref` → `Ref`: the same function without the prefix wins over near spellings.
        let same: Vec<String> = cx
            .schema
            .get_ci(Kind::CfnIntrinsic, f)
            .into_iter()
            .map(|e| e.name.clone())
            .collect();
        let fixes = if same.is_empty() {
            suggest(cx, name, &[Kind::CfnIntrinsic])
        } else {
            same
        };
        (
            format!(
                "`{name}` is not a CloudFormation intrinsic function{}",
                did_you_mean(&fixes)
            ),
            fixes,
        )
    } else {
        let fixes = suggest(cx, name, NAME_KINDS);
        (
            format!(
                "`{name}` is not a CloudFormation resource type or name{}",
                did_you_mean(&fixes)
            ),
            fixes,
        )
    };
    if replacements.is_empty() {
        return None;
    }
    Some(Verdict {
        message,
        replacements,
        entry: None,
    })
}

fn is_known(cx: &Context, name: &str) -> bool {
    if NAME_KINDS.iter().any(|&k| cx.schema.get(k, name).is_some()) {
        return true;
    }
    // A namespace (`AWS::Lambda`, `AWS::Serverless`) that starts real names.
    let ns = format!("{name}::");
    [
        Kind::CfnResourceType,
        Kind::CfnMetadataKey,
        Kind::CfnParameterType,
    ]
    .iter()
    .any(|&k| {
        cx.schema
            .with_prefix(k, &ns)
            .any(|e| e.name.starts_with(&ns))
    }) || cx
        .schema
        .with_prefix(Kind::CfnTransform, name)
        .any(|e| e.name.starts_with(&format!("{name}-")))
}

fn suggest(cx: &Context, name: &str, kinds: &[Kind]) -> Vec<String> {
    // Same letters, other case first: the usual CloudFormation slip (`RedShift`, `AccountID`).
    let mut fixes: Vec<String> = kinds
        .iter()
        .flat_map(|&k| cx.schema.get_ci(k, name))
        .map(|e| e.name.clone())
        .collect();
    if fixes.is_empty() {
        let near: Vec<(String, usize)> = kinds
            .iter()
            .flat_map(|&k| cx.schema.nearest(k, name, 2))
            .map(|n| (n.entry.name.clone(), n.distance))
            .collect();
        fixes = best_of(&near);
    }
    fixes.sort();
    fixes.dedup();
    fixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(name: &str) -> Option<(String, Vec<String>)> {
        with_test_context(|cx| verdict(cx, name).map(|v| (v.message, v.replacements)))
    }

    #[test]
    fn names_in_another_case_or_near_a_known_one() {
        assert_eq!(
            judged("AWS::RedShift::Cluster"),
            Some((
                "`AWS::RedShift::Cluster` is not a CloudFormation resource type or name; did you mean `AWS::Redshift::Cluster`?".to_string(),
                vec!["AWS::Redshift::Cluster".to_string()]
            ))
        );
        assert_eq!(
            judged("AWS::AccountID").map(|(_, fixes)| fixes),
            Some(vec!["AWS::AccountId".to_string()])
        );
        assert_eq!(
            judged("AWS::EC2::Instances").map(|(_, fixes)| fixes),
            Some(vec!["AWS::EC2::Instance".to_string()])
        );
    }

    #[test]
    fn a_function_with_the_prefix_it_does_not_take() {
        assert_eq!(
            judged("Fn::Ref"),
            Some((
                "`Fn::Ref` is not a CloudFormation intrinsic function; did you mean `Ref`?"
                    .to_string(),
                vec!["Ref".to_string()]
            ))
        );
        assert_eq!(judged("Fn::GetAtt"), None);
    }

    #[test]
    fn known_names_namespaces_and_other_vocabularies_pass() {
        for name in [
            "AWS::S3::Bucket",
            "AWS::Region",
            "AWS::Serverless-2016-10-31",
            "AWS::CloudFormation::Init",
            "AWS::EC2::KeyPair::KeyName",
            "AWS::Lambda",
            "AWS::Serverless",
            // Nothing near: CloudTrail's resource type, Elastic Beanstalk's function.
            "AWS::DynamoDB::Stream",
            "Fn::GetOptionSetting",
        ] {
            assert_eq!(judged(name), None, "{name}");
        }
    }
}
