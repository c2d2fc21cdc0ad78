//! Editor features computed on plain text and byte offsets — hover, completion, document links. The
//! protocol layer (`handlers`, through `convert`) converts positions; everything here is testable without a client.
use std::ops::Range;

use crate::engine::Finding;
use crate::explain;
use crate::schema::{Entry, Kind, Schema};

/// Characters that can be part of a name the schema knows (`x-amz-…`, `s3:GetObject`, `AWS::EC2::VPC`,
/// `CodeDeployDefault.AllAtOnce`, `Lambda@Edge`, `nodejs8.10`).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.' | '@' | '*')
}

/// The name-like token around `offset`, trimmed of trailing punctuation.
pub fn token_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + text[offset..]
            .chars()
            .take_while(|c| is_name_char(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let mut r = start..end;
    while r.end > r.start && matches!(text.as_bytes()[r.end - 1], b'.' | b':' | b'-' | b'*') {
        r.end -= 1;
    }
    while r.start < r.end && matches!(text.as_bytes()[r.start], b'.' | b':' | b'-' | b'*') {
        r.start += 1;
    }
    (r.start < r.end).then_some(r)
}

/// Hover text at `offset`: what the name there is, in a few lines, with one link. For a finding, the
/// name it points to (the editor shows the finding's message itself: the hover does not repeat it);
/// else the name under the cursor, multi-word service names (`Step Functions`, `CloudWatch Logs`)
/// included. One entry: the one a writer most likely means (a service name before an IAM prefix).
pub fn hover(
    schema: &Schema,
    text: &str,
    findings: &[Finding],
    offset: usize,
) -> Option<(String, Range<usize>)> {
    for f in findings
        .iter()
        .filter(|f| f.range.start <= offset && offset <= f.range.end)
    {
        if let Some(entry) = f.entry.as_ref().and_then(|e| schema.get(e.kind, &e.name)) {
            return Some((concise(&explain::Found::Entry(entry)), f.range.clone()));
        }
    }
    if let Some((entry, range)) = service_phrase_at(schema, text, offset) {
        return Some((concise(&explain::Found::Entry(entry)), range));
    }
    let tok = token_at(text, offset)?;
    let mut found = lookup_name(schema, &text[tok.clone()]);
    found.sort_by_key(hover_rank);
    Some((concise(found.first()?), tok))
}

/// Which entry a hover shows first when a name means several things.
fn hover_rank(f: &explain::Found) -> u8 {
    match f {
        explain::Found::Entry(e) => match e.kind {
            Kind::ServiceName => 0,
            Kind::IamService => 3,
            Kind::Service => 4,
            _ => 1,
        },
        explain::Found::IamAction { .. } => 2,
    }
}

/// A multi-word service name around `offset` (two to four words on one line, single spaces), the
/// longest one the schema knows, case-sensitively.
fn service_phrase_at<'a>(
    schema: &'a Schema,
    text: &str,
    offset: usize,
) -> Option<(&'a Entry, Range<usize>)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let words: Vec<Range<usize>> = line
        .split(' ')
        .scan(0usize, |at, w| {
            let r = *at..*at + w.len();
            *at += w.len() + 1;
            Some(r)
        })
        .map(|r| {
            let w = &line[r.clone()];
            let trimmed = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            let lead = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len();
            line_start + r.start + lead..line_start + r.start + trimmed.len()
        })
        .collect();
    let at = words
        .iter()
        .position(|r| r.start <= offset && offset <= r.end)?;
    let mut best: Option<(&Entry, Range<usize>)> = None;
    for first in at.saturating_sub(3)..=at {
        for last in at..(first + 4).min(words.len()) {
            if last == first || words[first].is_empty() || words[last].is_empty() {
                continue;
            }
            let range = words[first].start..words[last].end;
            let phrase = &text[range.clone()];
            if let Some(e) = schema.get(Kind::ServiceName, phrase) {
                if best.as_ref().is_none_or(|(_, r)| range.len() > r.len()) {
                    best = Some((e, range));
                }
            }
        }
    }
    best
}

/// An entry's explanation for a hover: its first line says what it is; the provenance line becomes
/// one link (a code span cannot be clicked) unless the text already has its documentation link.
fn concise(found: &explain::Found) -> String {
    let md = explain::markdown(found);
    let mut out: Vec<&str> = Vec::new();
    let mut source_url = None;
    for line in md.lines() {
        if let Some(src) = line.strip_prefix("Source: `") {
            let src = src.trim_end_matches('`');
            if let Some(url) = src
                .split_whitespace()
                .next()
                .filter(|u| u.starts_with("https://"))
            {
                source_url = Some(url.to_string());
            }
            continue;
        }
        out.push(line);
    }
    let mut s = out.join("\n").trim_end().to_string();
    if !s.contains("](https://") {
        if let Some(url) = source_url {
            s.push_str(&format!("\n\n[Source]({url})"));
        }
    }
    s
}

/// Schema entries a written name refers to; multi-word service names are tried with the next word.
fn lookup_name<'a>(schema: &'a Schema, name: &str) -> Vec<explain::Found<'a>> {
    let found = explain::find(schema, name);
    if !found.is_empty() {
        return found;
    }
    // `AWS::Lambda::Function.Arn` → the type; `x-amz-meta-owner` → the prefix header.
    if let Some((head, _)) = name.rsplit_once('.') {
        let f = explain::find(schema, head);
        if !f.is_empty() {
            return f;
        }
    }
    schema
        .of_kind(Kind::Header)
        .filter(|e| {
            e.is_prefix_header()
                && name
                    .to_ascii_lowercase()
                    .starts_with(&e.name.to_ascii_lowercase())
        })
        .map(explain::Found::Entry)
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub label: String,
    pub kind: Kind,
    pub detail: String,
    /// Byte range the item replaces: exactly the partial word typed.
    pub replace: Range<usize>,
    pub sort: String,
}

pub const MAX_COMPLETIONS: usize = 100;

/// How completion was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Asked for (Ctrl+Space, an omnifunc) or typing on in an incomplete list: every kind of name.
    Invoked,
    /// A trigger character (`-`, `_`, `:`, `.`) typed in prose: only names written with a prefix that
    /// marks them as AWS names (`x-amz-`, `AWS_`, `AWS::`, `s3:`, `CodeDeployDefault.`), so that the
    /// hyphens, colons and full stops of ordinary sentences open nothing.
    Character,
}

/// Completion candidates for the partial name before `offset`, as when asked for
/// ([`Trigger::Invoked`]). Returns the items and whether the list was cut at [`MAX_COMPLETIONS`].
pub fn complete(schema: &Schema, text: &str, offset: usize) -> (Vec<Completion>, bool) {
    complete_as(schema, text, offset, Trigger::Invoked)
}

/// The start of the service name being typed before `start` when it spans several words (`Step Func`,
/// `API Gat`): the longest run of up to three preceding words, separated by single spaces on the same
/// line, that some service name starts with.
fn multi_word_start(schema: &Schema, text: &str, start: usize, offset: usize) -> Option<usize> {
    let mut starts = Vec::new();
    let mut at = start;
    for _ in 0..3 {
        let Some(word_start) = text[..at].strip_suffix(' ').and_then(|before| {
            before
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_alphanumeric())
                .last()
                .map(|(i, _)| i)
        }) else {
            break;
        };
        starts.push(word_start);
        at = word_start;
    }
    starts.into_iter().rev().find(|&s| {
        schema
            .with_prefix(Kind::ServiceName, &text[s..offset])
            .next()
            .is_some()
    })
}

/// [`complete`] for a given [`Trigger`].
pub fn complete_as(
    schema: &Schema,
    text: &str,
    offset: usize,
    trigger: Trigger,
) -> (Vec<Completion>, bool) {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return (Vec::new(), false);
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_name_char(*c) || *c == '@')
        .last()
        .map_or(offset, |(i, _)| i);
    let typed = &text[start..offset];
    let replace = start..offset;
    let lower = typed.to_ascii_lowercase();
    let mut items: Vec<Completion> = Vec::new();
    let mut multi_start = None;
    let mut push = |label: &str, kind: Kind, detail: String| {
        items.push(Completion {
            label: label.to_string(),
            kind,
            detail,
            replace: replace.clone(),
            sort: String::new(),
        });
    };
    if lower.starts_with("x-am") {
        for e in schema.with_prefix(Kind::Header, typed) {
            push(&e.name, Kind::Header, header_detail(e));
        }
    } else if typed.starts_with("AWS::") || typed.starts_with("Fn::") {
        complete_cfn(schema, typed, &mut push);
    } else if typed.starts_with("CodeDeployDefault.") {
        for e in schema.with_prefix(Kind::CodedeployConfig, typed) {
            push(
                &e.name,
                Kind::CodedeployConfig,
                e.platform
                    .clone()
                    .map(|p| format!("{p} deployment configuration"))
                    .unwrap_or_default(),
            );
        }
    } else if typed.starts_with("AWS_")
        || typed.starts_with("_X_AMZN")
        || typed.starts_with("ECS_")
        || typed.starts_with("CODEBUILD_")
        || typed == "AWS"
    {
        for e in schema.with_prefix(Kind::EnvVar, typed) {
            push(
                &e.name,
                Kind::EnvVar,
                e.doc
                    .clone()
                    .unwrap_or_else(|| "environment variable".into()),
            );
        }
    } else if let Some((prefix, action)) = typed.split_once(':') {
        if let Some(svc) = schema.iam(prefix) {
            let a = action.to_ascii_lowercase();
            for act in svc
                .service
                .actions
                .iter()
                .filter(|x| x.name.to_ascii_lowercase().starts_with(&a))
            {
                let label = format!("{}:{}", svc.service.name, act.name);
                push(
                    &label,
                    Kind::IamService,
                    format!(
                        "{} — {}",
                        act.access.as_deref().unwrap_or("IAM action"),
                        svc.service.doc.as_deref().unwrap_or(prefix)
                    ),
                );
            }
        }
    } else if trigger == Trigger::Invoked && typed.len() >= 2 {
        // `Step Func` → `Step Functions`, replacing both words; else names starting with the last word.
        multi_start = multi_word_start(schema, text, start, offset);
        let phrase = &text[multi_start.unwrap_or(start)..offset];
        for e in schema.with_prefix(Kind::ServiceName, phrase) {
            push(
                &e.name,
                Kind::ServiceName,
                e.full_name.clone().unwrap_or_default(),
            );
        }
        // Error codes are single words: not after `API Gat`.
        if multi_start.is_none()
            && typed.starts_with(|c: char| c.is_ascii_uppercase())
            && typed.len() >= 3
        {
            for e in schema.with_prefix(Kind::ErrorCode, typed) {
                push(&e.name, Kind::ErrorCode, error_detail(e));
            }
        }
    }
    if let Some(s) = multi_start {
        for it in items.iter_mut().filter(|it| it.kind == Kind::ServiceName) {
            it.replace = s..offset;
        }
    }
    // Exact-case prefix first, then case-insensitive, then names matched by an alias (`DAX` for
    // `dyn`, through `DynamoDB Accelerator`), then shorter names; a stable order for the client.
    for it in &mut items {
        let typed = &text[it.replace.clone()];
        let rank = if it.label.starts_with(typed) {
            0
        } else if it
            .label
            .get(..typed.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(typed))
        {
            1
        } else {
            2
        };
        it.sort = format!("{rank}{:04}{}", it.label.len(), it.label);
    }
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    items.dedup_by(|a, b| a.label == b.label);
    let cut = items.len() > MAX_COMPLETIONS;
    items.truncate(MAX_COMPLETIONS);
    (items, cut)
}

fn complete_cfn(schema: &Schema, typed: &str, push: &mut impl FnMut(&str, Kind, String)) {
    if let Some(f) = typed.strip_prefix("Fn::") {
        for e in schema.with_prefix(Kind::CfnIntrinsic, &format!("Fn::{f}")) {
            push(&e.name, Kind::CfnIntrinsic, "intrinsic function".into());
        }
        return;
    }
    // `AWS::` → namespaces (`AWS::Lambda::`) first; inside a namespace, its types.
    let depth = typed.matches("::").count();
    let mut namespaces: Vec<String> = Vec::new();
    for e in schema.with_prefix(Kind::CfnResourceType, typed) {
        if depth <= 1 {
            let ns: Vec<&str> = e.name.splitn(3, "::").collect();
            if ns.len() == 3 {
                let n = format!("{}::{}::", ns[0], ns[1]);
                if namespaces.last() != Some(&n) {
                    namespaces.push(n);
                }
            }
        } else {
            push(&e.name, Kind::CfnResourceType, "resource type".into());
        }
    }
    for n in namespaces {
        push(&n, Kind::CfnResourceType, "service namespace".into());
    }
    if depth <= 1 {
        for kind in [
            Kind::CfnPseudoParameter,
            Kind::CfnTransform,
            Kind::CfnMetadataKey,
        ] {
            for e in schema.with_prefix(kind, typed) {
                push(&e.name, kind, kind.describe().into());
            }
        }
    }
}

fn header_detail(e: &Entry) -> String {
    let services: Vec<&str> = e
        .variants
        .iter()
        .filter_map(|v| v.service.as_deref())
        .collect();
    match services.first() {
        Some(s) if services.len() > 1 => {
            format!("HTTP header ({s} and {} more)", services.len() - 1)
        }
        Some(s) => format!("HTTP header ({s})"),
        None => e.doc.clone().unwrap_or_else(|| "HTTP header".into()),
    }
}

fn error_detail(e: &Entry) -> String {
    let v = e.variants.first();
    let status = v
        .and_then(|v| v.http_status)
        .map(|h| format!("HTTP {h}"))
        .unwrap_or_else(|| "error".into());
    format!(
        "{status} — {}",
        v.and_then(|v| v.service.as_deref()).unwrap_or("AWS")
    )
}

/// Links from recognised names to their AWS documentation: (byte range, URL).
pub fn links(schema: &Schema, text: &str) -> Vec<(Range<usize>, String)> {
    let brands = schema.brands();
    let mut out = Vec::new();
    for m in brands.names.find_iter(text) {
        let r = m.start()..m.end();
        if !crate::rules::is_standalone(text, &r) {
            continue;
        }
        if let Some(url) = brands
            .urls
            .get(m.pattern().as_usize())
            .and_then(|u| u.clone())
        {
            out.push((r, url));
        }
    }
    for m in
        crate::rules::regex!(r"(?-u:\b)AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(?-u:\b)").find_iter(text)
    {
        if let Some(url) = schema
            .get(Kind::CfnResourceType, m.as_str())
            .and_then(|e| e.url.clone())
        {
            out.push((m.range(), url));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    #[test]
    fn completes_service_names_headers_env_vars_iam_and_cfn() {
        let s = schema::embedded();
        let labels = |t: &str| {
            complete(&s, t, t.len())
                .0
                .into_iter()
                .map(|c| c.label)
                .collect::<Vec<_>>()
        };
        let dyn_ = labels("Use Dyn");
        assert_eq!(dyn_[0], "DynamoDB", "{dyn_:?}");
        assert!(
            labels("x-amz-server-side-enc").contains(&"x-amz-server-side-encryption".to_string())
        );
        assert!(labels("AWS_XRAY_D").contains(&"AWS_XRAY_DAEMON_ADDRESS".to_string()));
        assert!(labels("s3:GetObj").contains(&"s3:GetObject".to_string()));
        assert!(labels("AWS::Lam").contains(&"AWS::Lambda::".to_string()));
        assert!(labels("AWS::Lambda::Fu").contains(&"AWS::Lambda::Function".to_string()));
        assert!(
            labels("CodeDeployDefault.Half").contains(&"CodeDeployDefault.HalfAtATime".to_string())
        );
        let (items, _) = complete(&s, "see x-amz-ser", "see x-amz-ser".len());
        assert_eq!(items[0].replace, 4..13);
    }

    #[test]
    fn hover_explains_names_and_findings() {
        let s = schema::embedded();
        let text = "Send x-amz-server-side-encryption please.";
        let (md, r) = hover(&s, text, &[], 10).unwrap();
        assert_eq!(&text[r], "x-amz-server-side-encryption");
        assert!(md.contains("aws:kms"), "{md}");
        assert!(hover(&s, "plain words", &[], 3).is_none());
    }
}
