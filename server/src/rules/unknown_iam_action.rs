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
    if !s
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b':' && (w[1].is_ascii_uppercase() || w[1] == b'*'))
    {
        return;
    }
    let re = gated_regex!(r"(?-u:\b)([a-z][a-z0-9-]*[a-z0-9]):([A-Z*][A-Za-z0-9*?]*)");
    let urls = cx.url_spans(region);
    for caps in re.captures_iter(s) {
        let whole = caps.get(0).unwrap();
        let prefix = caps.get(1).unwrap().as_str();
        // `**s3:GetObject**`: trailing emphasis markers are Markdown, not a wildcard.
        let raw_action = caps.get(2).unwrap().as_str();
        let action = if raw_action.ends_with("**") {
            raw_action.trim_end_matches('*')
        } else {
            raw_action
        };
        if action.is_empty() {
            continue;
        }
        let whole_end = whole.start() + prefix.len() + 1 + action.len();
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
        let before = s[..whole.start()].chars().next_back();
        let after = if whole_end == whole.end() {
            s[whole.end()..].chars().next()
        } else {
            None
        };
        // Inside an ARN or a longer token (`arn:aws:…`, `s3:ObjectCreated:*`, `ec2:ResourceTag/…`).
        if matches!(before, Some(':' | '/' | '.' | '-' | '_') | Some('a'..='z'))
            || matches!(after, Some(':' | '/' | '-' | '.' | '_' | '$' | '{'))
                && !s[whole.end()..].starts_with(". ")
                && !s[whole.end()..].starts_with(".\n")
                && s[whole.end()..].len() > 1
            || overlaps_any(&urls, &whole.range())
        {
            continue;
        }
        let abs = region.range.start + whole.start()..region.range.start + whole_end;
        let full = &s[whole.start()..whole_end];
        match cx.schema.iam(prefix) {
            Some(service) => {
                if action == "*"
                    || service.is_condition_key(full)
                    || unknown_s3_event::is_event_type(cx, full)
                {
                    continue;
                }
                if pattern.contains(['*', '?']) {
                    if service.matching(&pattern).next().is_none() {
                        out.push(Finding::new(
                            RuleId::UnknownIamAction,
                            abs,
                            format!("`{full}` matches no `{prefix}` action"),
                            vec![],
                            Some((Kind::IamService, &service.service.name)),
                        ));
                    }
                    continue;
                }
                if service.action(action).is_some() {
                    continue;
                }
                let max = if action.len() >= 10 { 2 } else { 1 };
                let near: Vec<(String, usize)> = service
                    .nearest(action, max)
                    .into_iter()
                    .map(|(a, d)| (format!("{}:{}", prefix, a.name), d))
                    .collect();
                let best = best_of(&near);
                out.push(Finding::new(
                    RuleId::UnknownIamAction,
                    abs,
                    format!(
                        "`{action}` is not an action of IAM service `{prefix}` ({}){}",
                        service.service.doc.as_deref().unwrap_or(prefix),
                        did_you_mean(&best)
                    ),
                    best,
                    Some((Kind::IamService, &service.service.name)),
                ));
            }
            None => {
                // Unknown prefix: flag only when a near prefix has this very action.
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
                if !fixes.is_empty() {
                    out.push(Finding::new(
                        RuleId::UnknownIamAction,
                        abs,
                        format!(
                            "`{prefix}` is not an IAM service prefix{}",
                            did_you_mean(&fixes)
                        ),
                        fixes,
                        None,
                    ));
                }
            }
        }
    }
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
