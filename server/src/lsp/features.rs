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
        explain::Found::IamAction { .. } | explain::Found::ConditionKey { .. } => 2,
        explain::Found::ApiName { .. } => 5,
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
    /// A deprecated runtime or a retired service: ranked last, shown struck through.
    pub deprecated: bool,
}

pub const MAX_COMPLETIONS: usize = 100;

/// Environment variables offered for a bare `AWS` or `AWS_` (the most written ones), as an incomplete
/// list: the client asks again as the writer types on, and gets every match for a longer prefix.
pub const ENV_VAR_TEASER: usize = 8;

/// How often notes write `name`: `frequency.tsv`, counted by `scripts/completion-frequency.py` on the
/// evaluation corpus (service names, environment variables, error codes and Regions written at least
/// twice); 0 for every other name.
pub fn frequency(name: &str) -> u32 {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            include_str!("frequency.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let mut fields = l.split('\t').skip(1);
                    Some((fields.next()?, fields.next()?.parse().ok()?))
                })
                .collect()
        })
        .get(name)
        .copied()
        .unwrap_or(0)
}

/// A sort key putting higher versions first: each run of digits in `label` as `99999 - n`
/// (`python3.13` before `python3.9`, `nodejs24.x` before `nodejs22.x`).
fn newest_first(label: &str) -> String {
    let mut key = String::new();
    let mut digits = String::new();
    for c in label.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            let n: u32 = digits.parse().unwrap_or(0);
            key.push_str(&format!("{:05}", 99_999u32.saturating_sub(n)));
            digits.clear();
        }
    }
    if key.is_empty() {
        // No version (`nodejs`, `provided`): the family's first runtime, after every numbered one.
        key.push('~');
    }
    key
}

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
    complete_as(schema, text, offset, Trigger::Invoked, &crate::today())
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

/// [`complete`] for a given [`Trigger`], with runtimes deprecated on or before `today` (`YYYY-MM-DD`)
/// ranked last and marked deprecated.
pub fn complete_as(
    schema: &Schema,
    text: &str,
    offset: usize,
    trigger: Trigger,
    today: &str,
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
    let mut push = |label: &str, kind: Kind, detail: String, deprecated: bool| {
        items.push(Completion {
            label: label.to_string(),
            kind,
            detail,
            replace: replace.clone(),
            sort: String::new(),
            deprecated,
        });
    };
    // A bare `AWS` or `AWS_` starts ~100 environment variables: only the most written ones.
    let teaser = typed == "AWS" || typed == "AWS_";
    if lower.starts_with("x-am") {
        for e in schema.with_prefix(Kind::Header, typed) {
            push(&e.name, Kind::Header, header_detail(e), false);
        }
    } else if typed.starts_with("AWS::") || typed.starts_with("Fn::") {
        complete_cfn(schema, typed, &mut |l, k, d| push(l, k, d, false));
    } else if typed.starts_with("CodeDeployDefault.") {
        for e in schema.with_prefix(Kind::CodedeployConfig, typed) {
            push(
                &e.name,
                Kind::CodedeployConfig,
                e.platform
                    .clone()
                    .map(|p| format!("{p} deployment configuration"))
                    .unwrap_or_default(),
                false,
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
                false,
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
                    false,
                );
            }
        }
    } else {
        // Regions and runtimes are lowercase codes: completed on their exact spelling, also after a
        // trigger character (`us-`, `python3.`), which no word of prose starts.
        if typed.len() >= 2 && (trigger == Trigger::Invoked || typed.ends_with(['-', '.'])) {
            for e in schema
                .with_prefix(Kind::Region, typed)
                .filter(|e| e.name.starts_with(typed))
            {
                push(&e.name, Kind::Region, region_detail(e), false);
            }
            for e in schema
                .with_prefix(Kind::LambdaRuntime, typed)
                .filter(|e| e.name.starts_with(typed))
            {
                let deprecated = e.deprecated.as_deref().is_some_and(|d| d <= today);
                push(
                    &e.name,
                    Kind::LambdaRuntime,
                    runtime_detail(e, deprecated),
                    deprecated,
                );
            }
        }
        if trigger == Trigger::Invoked && typed.len() >= 2 {
            // `Step Func` → `Step Functions`, replacing both words; else names starting with the last word.
            multi_start = multi_word_start(schema, text, start, offset);
            let phrase = &text[multi_start.unwrap_or(start)..offset];
            for e in schema.with_prefix(Kind::ServiceName, phrase) {
                let retired = [Some(&e.name), e.full_name.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|n| schema.get(Kind::RetiredService, n).is_some());
                push(
                    &e.name,
                    Kind::ServiceName,
                    e.full_name.clone().unwrap_or_default(),
                    retired,
                );
            }
            // Error codes are single words: not after `API Gat`. Any case (`toomanyreq`), from
            // three letters when capitalised like one, four otherwise.
            let min = if typed.starts_with(|c: char| c.is_ascii_uppercase()) {
                3
            } else {
                4
            };
            if multi_start.is_none() && typed.len() >= min {
                for e in schema.with_prefix(Kind::ErrorCode, typed) {
                    push(&e.name, Kind::ErrorCode, error_detail(e), false);
                }
            }
        }
    }
    if let Some(s) = multi_start {
        for it in items.iter_mut().filter(|it| it.kind == Kind::ServiceName) {
            it.replace = s..offset;
        }
    }
    // Deprecated runtimes and retired services last; then exact-case prefix, case-insensitive prefix,
    // names matched by an alias (`DAX` for `dyn`, through `DynamoDB Accelerator`); then runtimes newest
    // first, other names most written first (`frequency`), then shorter names. `sort` is the
    // item's sortText, so that clients keep this order.
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
        let by = if it.kind == Kind::LambdaRuntime {
            newest_first(&it.label)
        } else {
            format!("{:05}", 99_999u32.saturating_sub(frequency(&it.label)))
        };
        it.sort = format!(
            "{}{rank}{by}{:04}{}",
            u8::from(it.deprecated),
            it.label.len(),
            it.label
        );
    }
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    items.dedup_by(|a, b| a.label == b.label);
    let max = if teaser {
        ENV_VAR_TEASER
    } else {
        MAX_COMPLETIONS
    };
    let cut = items.len() > max;
    items.truncate(max);
    (items, cut)
}

fn region_detail(e: &Entry) -> String {
    match &e.doc {
        Some(d) => format!("Region — {d}"),
        None => "Region".into(),
    }
}

fn runtime_detail(e: &Entry, deprecated: bool) -> String {
    match (&e.deprecated, &e.successor) {
        (Some(d), Some(s)) if deprecated => {
            format!("Lambda runtime, deprecated since {d}; use {s}")
        }
        (Some(d), None) if deprecated => format!("Lambda runtime, deprecated since {d}"),
        (Some(d), _) => format!("Lambda runtime, supported until {d}"),
        (None, _) => "Lambda runtime".into(),
    }
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

/// Inlay hints (opt-in): short facts shown after a name, as (byte offset of the name's end, label).
/// After an error code its HTTP status (`HTTP 429`; several when its services differ); after an
/// outdated limit the current value (`now 10,240 MB`); after a retired service its successor
/// (`→ Amazon OpenSearch Service`). Error codes are found by exact spelling, with two capitals or more
/// (`AccessDenied`, not `Throttling` opening a sentence), outside URLs; limits and retired services are
/// the findings of their rules, so their levels and suppressions apply. In text order.
pub fn inlay_hints(schema: &Schema, text: &str, findings: &[Finding]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let urls = crate::markdown::url_spans(text);
    for m in
        crate::rules::regex!(r"(?-u:\b)[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?-u:\b)").find_iter(text)
    {
        let r = m.range();
        if !crate::rules::is_standalone(text, &r) || crate::rules::overlaps_any(&urls, &r) {
            continue;
        }
        let Some(e) = schema.get(Kind::ErrorCode, m.as_str()) else {
            continue;
        };
        let mut statuses: Vec<u16> = e.variants.iter().filter_map(|v| v.http_status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        if !statuses.is_empty() {
            let list: Vec<String> = statuses.iter().map(u16::to_string).collect();
            out.push((r.end, format!("HTTP {}", list.join("/"))));
        }
    }
    for f in findings {
        let label = match f.rule {
            crate::diagnostic::RuleId::OutdatedLimit => {
                current_value(&f.message).map(|v| format!("now {v}"))
            }
            crate::diagnostic::RuleId::RetiredService => f
                .entry
                .as_ref()
                .and_then(|e| schema.get(e.kind, &e.name))
                .and_then(|e| e.successor.as_ref())
                .map(|s| format!("→ {s}")),
            _ => None,
        };
        if let Some(label) = label {
            out.push((f.range.end, label));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// The current value in an `outdated-limit` message (`… is outdated since 2020-12-01: the maximum is
/// 10,240 MB now (lambda.memory) …`), in the unit the note used.
fn current_value(message: &str) -> Option<&str> {
    let (head, _) = message.split_once(" now (")?;
    let (_, value) = head.rsplit_once(" is ")?;
    Some(value)
}

/// Links from recognised names to their AWS documentation: (byte range, URL).
pub fn links(schema: &Schema, text: &str) -> Vec<(Range<usize>, String)> {
    let links = schema.service_links();
    let mut out = Vec::new();
    for m in links.names.find_iter(text) {
        let r = m.start()..m.end();
        if !crate::rules::is_standalone(text, &r) {
            continue;
        }
        if let Some(url) = links
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

    /// Labels offered for the text before the end, asked for, on 2026-11-26.
    fn offered(text: &str, trigger: Trigger) -> (Vec<String>, bool) {
        let (items, cut) =
            complete_as(&schema::embedded(), text, text.len(), trigger, "2026-11-26");
        (items.into_iter().map(|c| c.label).collect(), cut)
    }

    #[test]
    fn service_names_are_ranked_by_how_often_notes_write_them() {
        let (labels, cut) = offered("Use Cloud", Trigger::Invoked);
        assert_eq!(
            labels[..8],
            [
                "CloudWatch",
                "CloudFormation",
                "CloudTrail",
                "CloudFront",
                "CloudWatch Logs",
                "CloudHSM",
                "Cloud Map",
                "CloudShell"
            ]
        );
        // Closed to new customers (retired-service entries): offered last.
        let tail: Vec<&str> = labels[labels.len() - 2..]
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(tail, ["Cloud9", "CloudSearch"], "{labels:?}");
        assert!(!cut);
        assert!(frequency("CloudWatch") > frequency("Cloud9"));
        assert_eq!(frequency("NoSuchName"), 0);
        // The sort text keeps that order in a client that sorts by it.
        let (items, _) = complete_as(
            &schema::embedded(),
            "Cloud",
            5,
            Trigger::Invoked,
            "2026-11-26",
        );
        let mut sorted = items.clone();
        sorted.sort_by(|a, b| a.sort.cmp(&b.sort));
        assert_eq!(sorted, items);
    }

    #[test]
    fn regions_complete_most_written_first_also_after_a_hyphen() {
        for trigger in [Trigger::Invoked, Trigger::Character] {
            let (labels, _) = offered("in us-", trigger);
            assert_eq!(
                labels[..4],
                ["us-west-2", "us-east-1", "us-east-2", "us-west-1"],
                "{trigger:?}"
            );
            assert!(labels.iter().all(|l| l.starts_with("us-")), "{labels:?}");
        }
        let (eu, _) = offered("eu-", Trigger::Character);
        assert_eq!(eu[..3], ["eu-west-1", "eu-central-1", "eu-west-2"]);
        let (ap, _) = offered("ap-n", Trigger::Invoked);
        assert_eq!(ap, ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"]);
        // A hyphenated word of prose opens nothing.
        assert_eq!(
            offered("a well-", Trigger::Character).0,
            Vec::<String>::new()
        );
    }

    #[test]
    fn runtimes_complete_newest_first_and_deprecated_last() {
        let (items, _) = complete_as(
            &schema::embedded(),
            "nodejs",
            6,
            Trigger::Invoked,
            "2026-11-26",
        );
        let shown: Vec<(&str, bool)> = items
            .iter()
            .map(|c| (c.label.as_str(), c.deprecated))
            .collect();
        assert_eq!(
            shown,
            [
                ("nodejs26.x", false),
                ("nodejs24.x", false),
                ("nodejs22.x", false),
                ("nodejs20.x", true),
                ("nodejs18.x", true),
                ("nodejs16.x", true),
                ("nodejs14.x", true),
                ("nodejs12.x", true),
                ("nodejs10.x", true),
                ("nodejs8.10", true),
                ("nodejs6.10", true),
                ("nodejs4.3", true),
                ("nodejs4.3-edge", true),
                ("nodejs", true),
            ]
        );
        assert_eq!(
            items[3].detail,
            "Lambda runtime, deprecated since 2026-04-30; use nodejs24.x"
        );
        assert_eq!(
            items[2].detail,
            "Lambda runtime, supported until 2027-04-30"
        );
        let (python, _) = offered("Runtime: python3.", Trigger::Character);
        assert_eq!(
            python,
            [
                "python3.15",
                "python3.14",
                "python3.13",
                "python3.12",
                "python3.11",
                "python3.10",
                "python3.9",
                "python3.8",
                "python3.7",
                "python3.6"
            ]
        );
    }

    #[test]
    fn error_codes_complete_in_any_case_replacing_what_was_typed() {
        let text = "got toomanyreq";
        let (items, _) = complete_as(
            &schema::embedded(),
            text,
            text.len(),
            Trigger::Invoked,
            "2026-11-26",
        );
        let first = &items[0];
        assert_eq!(first.label, "TooManyRequestsException");
        assert_eq!(first.replace, 4..text.len());
        assert_eq!(first.kind, Kind::ErrorCode);
        // Three lowercase letters are a word, not an error code.
        assert!(offered("dyn", Trigger::Invoked)
            .0
            .iter()
            .all(|l| !l.ends_with("Exception")));
    }

    #[test]
    fn a_bare_aws_prefix_offers_a_few_environment_variables_as_an_incomplete_list() {
        for typed in ["AWS", "AWS_"] {
            let (labels, cut) = offered(typed, Trigger::Invoked);
            assert_eq!(
                labels,
                [
                    "AWS_LAMBDA_RUNTIME_API",
                    "AWS_LAMBDA_FUNCTION_VERSION",
                    "AWS_REGION",
                    "AWS_EXECUTION_ENV",
                    "AWS_SESSION_TOKEN",
                    "AWS_LAMBDA_LOG_STREAM_NAME",
                    "AWS_LAMBDA_FUNCTION_NAME",
                    "AWS_LAMBDA_LOG_GROUP_NAME"
                ],
                "{typed}"
            );
            assert!(cut, "{typed}");
        }
        let (labels, cut) = offered("AWS_S", Trigger::Invoked);
        assert!(!cut);
        assert_eq!(labels[..2], ["AWS_SESSION_TOKEN", "AWS_SECRET_ACCESS_KEY"]);
        assert!(labels.len() > ENV_VAR_TEASER, "{labels:?}");
    }

    #[test]
    fn inlay_hints_show_status_current_value_and_successor() {
        let s = schema::embedded();
        let text = "On ThrottlingException or AccessDenied, retry. Throttling happens.\n\nLambda memory goes up to 3,008 MB.\n\nWe used Amazon Elasticsearch Service.\n\nSee https://x.example/ThrottlingException\n";
        let settings = crate::settings::Settings {
            today: "2026-11-26".into(),
            ..Default::default()
        };
        let findings = crate::engine::analyze(text, &s, &settings);
        let hints: Vec<(&str, String)> = inlay_hints(&s, text, &findings)
            .into_iter()
            .map(|(at, label)| (&text[..at], label))
            .collect();
        let ends: Vec<(&str, &str)> = hints
            .iter()
            .map(|(before, label)| (&before[before.len().saturating_sub(12)..], label.as_str()))
            .collect();
        assert_eq!(
            ends,
            [
                ("ingException", "HTTP 400/429/500"),
                ("AccessDenied", "HTTP 403"),
                (" to 3,008 MB", "now 10,240 MB"),
                ("arch Service", "→ Amazon OpenSearch Service"),
            ]
        );
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
