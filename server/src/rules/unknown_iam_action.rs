//! `unknown-iam-action`: an IAM action `service:Action` whose service prefix or action does not exist.
//!
//! Why: IAM accepts a policy with a misspelled action and then simply never grants it, so the mistake
//! shows up as an AccessDenied much later. Wildcards (`s3:Get*`) are valid when they match at least one
//! action; condition keys (`dynamodb:LeadingKeys`, `s3:x-amz-acl`) and S3 event types
//! (`s3:ObjectCreated:*`) are not actions and are left alone. A prefix that is not an IAM service is
//! flagged only when a near prefix has exactly that action (`dynamo:GetItem` → `dynamodb:GetItem`).
//!
//! Example: `s3:GetObjects` → did you mean `s3:GetObject`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !candidates::may_hold_iam_action(s) {
        return;
    }
    let candidates = cx.candidates(region);
    if candidates.iam_actions.is_empty() {
        return;
    }
    let urls = cx.url_spans(region);
    for found in &candidates.iam_actions {
        let whole = found.prefix.start..found.action.end;
        let prefix = &s[found.prefix.clone()];
        // `**s3:GetObject**`: trailing emphasis markers are Markdown, not a wildcard.
        let raw_action = &s[found.action.clone()];
        let action = if raw_action.ends_with("**") {
            raw_action.trim_end_matches('*')
        } else {
            raw_action
        };
        if action.is_empty() {
            continue;
        }
        let whole_end = whole.start + prefix.len() + 1 + action.len();
        // `autoscaling:Describe\*`: an escaped star in Markdown is still the IAM wildcard.
        // `[kms:ReEncrypt](…)\*` too: the star after a link that holds the action.
        let escaped_star = s[whole_end..].starts_with("\\*")
            || (region.kind == RegionKind::LinkText
                && whole_end == s.len()
                && star_after_link(&cx.text[region.range.end..]));
        let pattern = if escaped_star {
            format!("{action}*")
        } else {
            action.to_string()
        };
        let before = s[..whole.start].chars().next_back();
        let after = if whole_end == whole.end {
            s[whole.end..].chars().next()
        } else {
            None
        };
        // Inside an ARN or a longer token (`arn:aws:…`, `s3:ObjectCreated:*`, `ec2:ResourceTag/…`).
        if matches!(before, Some(':' | '/' | '.' | '-' | '_') | Some('a'..='z'))
            || matches!(after, Some(':' | '/' | '-' | '.' | '_' | '$' | '{'))
                && !s[whole.end..].starts_with(". ")
                && !s[whole.end..].starts_with(".\n")
                && s[whole.end..].len() > 1
            || overlaps_any(&urls, &whole)
        {
            continue;
        }
        let full = &s[whole.start..whole_end];
        if let Some(verdict) = verdict(cx, prefix, action, &pattern, full) {
            out.push(verdict.at(
                RuleId::UnknownIamAction,
                region.range.start,
                &(whole.start..whole_end),
            ));
        }
    }
}

/// The verdict on an IAM action `full` (`prefix:action`; `pattern` is the action with a wildcard an
/// escaped star gave it): none when the service has the action (or the pattern matches one), when it
/// is a condition key or an S3 event type, and when an unknown prefix is near no service that has
/// this very action.
pub(super) fn verdict(
    cx: &Context,
    prefix: &str,
    action: &str,
    pattern: &str,
    full: &str,
) -> Option<Verdict> {
    let Some(service) = cx.schema.iam(prefix) else {
        return unknown_prefix(cx, prefix, action);
    };
    let entry = Some((Kind::IamService, service.service.name.clone()));
    if action == "*" || service.is_condition_key(full) || unknown_s3_event::is_event_type(cx, full)
    {
        return None;
    }
    if pattern.contains(['*', '?']) {
        return service.matching(pattern).next().is_none().then(|| Verdict {
            message: format!("`{full}` matches no `{prefix}` action"),
            replacements: vec![],
            entry,
        });
    }
    if service.action(action).is_some() {
        return None;
    }
    let max = if action.len() >= 10 { 2 } else { 1 };
    let near: Vec<(String, usize)> = service
        .nearest(action, max)
        .into_iter()
        .map(|(a, d)| (format!("{}:{}", prefix, a.name), d))
        .collect();
    let best = best_of(&near);
    Some(Verdict {
        message: format!(
            "`{action}` is not an action of IAM service `{prefix}` ({}){}",
            service.service.doc.as_deref().unwrap_or(prefix),
            did_you_mean(&best)
        ),
        replacements: best,
        entry,
    })
}

/// An unknown prefix is flagged only when a near prefix has this very action.
fn unknown_prefix(cx: &Context, prefix: &str, action: &str) -> Option<Verdict> {
    let fixes: Vec<String> = cx
        .schema
        .nearest(Kind::IamService, prefix, 2)
        .into_iter()
        .filter(|n| {
            n.entry.name.len() >= 2
                && cx
                    .schema
                    .iam(&n.entry.name)
                    .is_some_and(|svc| svc.action(action).is_some())
        })
        .map(|n| format!("{}:{}", n.entry.name, action))
        .take(3)
        .collect();
    // A prefix that merely contains the typed one (`dynamo` → `dynamodb`) also counts.
    let fixes = if fixes.is_empty() {
        cx.schema
            .with_prefix(Kind::IamService, prefix)
            .filter(|e| e.name.len() <= prefix.len() + 3)
            .filter(|e| {
                cx.schema
                    .iam(&e.name)
                    .is_some_and(|svc| svc.action(action).is_some())
            })
            .map(|e| format!("{}:{}", e.name, action))
            .take(3)
            .collect()
    } else {
        fixes
    };
    (!fixes.is_empty()).then(|| Verdict {
        message: format!(
            "`{prefix}` is not an IAM service prefix{}",
            did_you_mean(&fixes)
        ),
        replacements: fixes,
        entry: None,
    })
}

/// Whether the text after a link's text (`](destination)`) continues with an escaped star.
fn star_after_link(tail: &str) -> bool {
    let Some(rest) = tail.strip_prefix("](") else {
        return false;
    };
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line.find(')')
        .is_some_and(|close| line[close + 1..].starts_with("\\*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict on `full` alone: a context with no text around it.
    fn message(full: &str) -> Option<String> {
        let (prefix, action) = full.split_once(':').unwrap();
        with_test_context(|cx| verdict(cx, prefix, action, action, full).map(|v| v.message))
    }

    #[test]
    fn actions_prefixes_and_wildcards() {
        let got = message("s3:GetObjects").unwrap_or_default();
        assert!(
            got.starts_with("`GetObjects` is not an action of IAM service `s3` (")
                && got.ends_with("; did you mean `s3:GetObject`?"),
            "{got}"
        );
        assert_eq!(message("s3:GetObject"), None);
        assert_eq!(message("s3:Get*"), None);
        assert_eq!(
            message("s3:Gte*").as_deref(),
            Some("`s3:Gte*` matches no `s3` action")
        );
        assert_eq!(
            message("dynamo:GetItem").as_deref(),
            Some("`dynamo` is not an IAM service prefix; did you mean `dynamodb:GetItem`?")
        );
        // A condition key is not an action.
        assert_eq!(message("dynamodb:LeadingKeys"), None);
    }
}
