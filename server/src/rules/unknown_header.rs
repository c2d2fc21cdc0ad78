//! `unknown-header`: an `x-amz-*` / `x-amzn-*` HTTP header that no AWS API defines.
//!
//! Why: a misspelled header is silently ignored by AWS (`x-amz-server-side-encription` stores the object
//! unencrypted). Headers are case-insensitive, so `X-Amz-Invocation-Type` and `x-amz-invocation-type` are
//! the same header and never flagged. Only names within a few edits of a real header are reported, with
//! the nearest one; an unrelated unknown header may belong to a service the schema does not model.
//!
//! Documented prefixes written as prefixes (`x-amz-meta-`, `x-amz-meta-<name>`, `x-amz-grant-*`) are
//! valid. A header that lost its `x-` (`amz-storage-class: GLACIER`) is reported too.
//!
//! Example: `x-amz-server-side-encription: aws:kms` → did you mean `x-amz-server-side-encryption`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let triggers = cx.triggers(region);
    if !triggers.has(Trigger::AmzHeader) && !triggers.has(Trigger::HeaderTail) {
        return;
    }
    let candidates = cx.candidates(region);
    if candidates.headers.is_empty() && candidates.headers_without_x.is_empty() {
        return;
    }
    let urls = cx.url_spans(region);
    lost_x(cx, region, s, &candidates.headers_without_x, &urls, out);
    for found in &candidates.headers {
        let written = &s[found.clone()];
        let name = written.trim_end_matches('-');
        let range = found.start..found.start + name.len();
        if overlaps_any(&urls, &range) || !is_standalone(s, &range) {
            continue;
        }
        // A documented prefix written as one (`x-amz-meta-`, `x-amz-meta-<name>`, `x-amz-grant-*`).
        if written.ends_with('-') && is_known_prefix(cx, written) {
            continue;
        }
        // `s3:x-amz-acl` is an IAM condition key whose tail is a header: checked like a header.
        if s[range.end..].starts_with('*') && is_known_prefix(cx, name) {
            continue;
        }
        if let Some(verdict) = verdict(cx, name) {
            out.push(verdict.at(RuleId::UnknownHeader, region.range.start, &range));
        }
    }
}

/// The verdict on a header's name (`x-amz-…`, `candidates::Candidates::headers`): none when it is
/// known (in any case, or extending a prefix header) or far from every known one.
pub(super) fn verdict(cx: &Context, name: &str) -> Option<Verdict> {
    if is_known_header(cx, name) {
        return None;
    }
    let max = if name.len() > 20 { 3 } else { 2 };
    let near: Vec<(String, usize)> = cx
        .schema
        .nearest(Kind::Header, name, max)
        .into_iter()
        .map(|n| (n.spelling.to_string(), n.distance))
        .collect();
    let best = best_of(&near);
    let entry = (Kind::Header, best.first()?.clone());
    let replacements = best.iter().map(|b| match_case(name, b)).collect::<Vec<_>>();
    Some(Verdict {
        message: format!(
            "`{name}` is not an AWS HTTP header{}",
            did_you_mean(&replacements)
        ),
        replacements,
        entry: Some(entry),
    })
}

/// `amz-storage-class: GLACIER`: a header that lost its `x-` (the SDKs' own `amz-sdk-request` is real
/// as written).
fn lost_x(
    cx: &Context,
    region: &Region,
    s: &str,
    without_x: &[std::ops::Range<usize>],
    urls: &[std::ops::Range<usize>],
    out: &mut Vec<Finding>,
) {
    for range in without_x {
        let name = &s[range.clone()];
        let before = s[..range.start].chars().next_back();
        if before
            .is_some_and(|c| c == '-' || c == '_' || c == '.' || c == '/' || c.is_alphanumeric())
            || overlaps_any(urls, range)
            || !is_standalone(s, range)
            || is_known_header(cx, name)
        {
            continue;
        }
        let with_x = format!("x-{name}");
        let Some(known) = cx
            .schema
            .get_ci(Kind::Header, &with_x)
            .first()
            .map(|e| e.name.clone())
        else {
            continue;
        };
        let fix = match_case(name, &with_x);
        let abs = region.range.start + range.start..region.range.start + range.end;
        out.push(Finding::new(
            RuleId::UnknownHeader,
            abs,
            format!("`{name}` is not an AWS HTTP header; did you mean `{fix}`?"),
            vec![fix.clone()],
            Some((Kind::Header, &known)),
        ));
    }
}

pub fn is_known_header(cx: &Context, name: &str) -> bool {
    if !cx.schema.get_ci(Kind::Header, name).is_empty() {
        return true;
    }
    // Prefix headers (`x-amz-meta-`): any name that extends the prefix is valid.
    let lower = name.to_ascii_lowercase();
    cx.schema.of_kind(Kind::Header).any(|e| {
        e.is_prefix_header() && {
            let p = e.name.to_ascii_lowercase();
            lower.len() > p.len() && lower.starts_with(&p)
        }
    })
}

fn is_known_prefix(cx: &Context, name: &str) -> bool {
    cx.schema.with_prefix(Kind::Header, name).next().is_some()
}

/// Writes `suggestion` in the case style of `typed` (headers are case-insensitive; keep the user's style).
pub fn match_case(typed: &str, suggestion: &str) -> String {
    if typed.chars().any(|c| c.is_ascii_uppercase()) {
        if typed == typed.to_ascii_uppercase() {
            return suggestion.to_ascii_uppercase();
        }
        // Title-Case-Words: capitalise each dash-separated part.
        if typed
            .split('-')
            .all(|p| p.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        {
            return suggestion
                .split('-')
                .map(|p| {
                    let mut c = p.chars();
                    c.next()
                        .map(|f| {
                            f.to_ascii_uppercase().to_string() + &c.as_str().to_ascii_lowercase()
                        })
                        .unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join("-");
        }
    }
    if typed == typed.to_ascii_lowercase() {
        return suggestion.to_ascii_lowercase();
    }
    suggestion.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str) -> Option<String> {
        with_test_context(|cx| verdict(cx, name).map(|v| v.message))
    }

    #[test]
    fn near_misses_of_known_headers() {
        assert_eq!(
            message("x-amz-server-side-encription").as_deref(),
            Some("`x-amz-server-side-encription` is not an AWS HTTP header; did you mean `x-amz-server-side-encryption`?")
        );
        // Headers are case-insensitive; the fix keeps the writer's case style.
        assert_eq!(message("X-Amz-Invocation-Type"), None);
        assert_eq!(
            message("X-Amz-Server-Side-Encription").as_deref(),
            Some("`X-Amz-Server-Side-Encription` is not an AWS HTTP header; did you mean `X-Amz-Server-Side-Encryption`?")
        );
        // A prefix header extended, and a name near nothing.
        assert_eq!(message("x-amz-meta-owner"), None);
        assert_eq!(message("x-amz-completely-made-up-thing"), None);
    }
}
