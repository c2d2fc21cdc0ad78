//! `iam-policy-version`: an IAM policy `Version` other than `2012-10-17` or `2008-10-17`.
//!
//! Why: the policy language version is a fixed string, not a date you choose; any other value is
//! rejected, and `2008-10-17` silently disables policy variables. Only `Version` keys in a policy (a
//! code block or front matter that also has a `Statement`) are checked, so other documents' `Version`
//! fields are left alone.
//!
//! Example: `"Version": "2012-10-18"` → not an IAM policy language version; use `2012-10-17`.

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !s.contains("Statement") {
        return;
    }
    let re = regex!(r#"["']?(?-u:\b)Version["']?\s*:\s*["']?(\d{4}-\d{2}-\d{2})(?-u:\b)"#);
    for caps in re.captures_iter(s) {
        let v = caps.get(1).unwrap();
        if cx.schema.get(Kind::IamPolicyVersion, v.as_str()).is_some() {
            continue;
        }
        let abs = region.range.start + v.start()..region.range.start + v.end();
        out.push(Finding::new(
                RuleId::IamPolicyVersion,
                abs,
                format!(
                    "`{}` is not an IAM policy language version (only `2012-10-17` and `2008-10-17` exist); use `2012-10-17`",
                    v.as_str()
                ),
                vec!["2012-10-17".to_string()],
                Some((Kind::IamPolicyVersion, "2012-10-17")),
            ));
    }
}
