//! `limit-mismatch` and `outdated-limit`: a sentence that states a numeric AWS limit — "long polling
//! waits up to 30 seconds", "Lambda memory goes up to 3,008 MB".
//!
//! `outdated-limit` (info): the value was right once; the message gives the current value and since
//! when ("Lambda memory up to 3,008 MB" → 10,240 MB since 2020-12-01). `limit-mismatch` (warning): the
//! value was never right for that bound.
//!
//! Why: quotas change, and notes (and the exam dumps they come from) keep old values for years.
//!
//! Precision first: a sentence is about a limit only when it names the subject (every phrase group of the
//! limit's `match` in the schema), and a number is judged only when its unit has the limit's dimension
//! and, for `limit-mismatch`, a bound word (`up to`, `max`, `at most`, `limit`, `min`, `default` …) sits
//! next to it. Numbers are read whole: "52,429 seconds" does not contain "29 seconds". A number equal to
//! any value the limit has or had (current, minimum, default, history) is never a mismatch, nor is a
//! value AWS also states today (`stated_as`: S3's "50 TB" and "53.7 TB" for 48.8 TiB).

use super::*;
use crate::schema::Entry;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dimension {
    Time,
    Size,
    Count,
    Rate,
    Throughput,
}

/// (dimension, factor to the dimension's base unit: seconds, bytes, 1).
fn unit_info(unit: &str) -> Option<(Dimension, f64)> {
    let u = unit.to_ascii_lowercase();
    Some(match u.as_str() {
        "ms" | "millisecond" | "milliseconds" => (Dimension::Time, 0.001),
        "s" | "sec" | "secs" | "second" | "seconds" => (Dimension::Time, 1.0),
        "min" | "mins" | "minute" | "minutes" => (Dimension::Time, 60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => (Dimension::Time, 3600.0),
        "day" | "days" => (Dimension::Time, 86400.0),
        "year" | "years" => (Dimension::Time, 365.0 * 86400.0),
        "b" | "byte" | "bytes" => (Dimension::Size, 1.0),
        "kb" | "kib" => (Dimension::Size, 1024.0),
        "mb" | "mib" => (Dimension::Size, 1024.0 * 1024.0),
        "gb" | "gib" => (Dimension::Size, 1024.0 * 1024.0 * 1024.0),
        "tb" | "tib" => (Dimension::Size, 1024.0f64.powi(4)),
        "count" => (Dimension::Count, 1.0),
        "requests/s" => (Dimension::Rate, 1.0),
        "mb/s" => (Dimension::Throughput, 1.0),
        _ => return None,
    })
}

fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 {
        let n = v as i64;
        let s = n.to_string();
        if n.abs() >= 10_000 {
            // 10,240 like AWS's docs.
            let mut out = String::new();
            for (i, c) in s.chars().enumerate() {
                if i > 0 && (s.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        } else {
            s
        }
    } else {
        format!("{v}")
    }
}

struct Quantity {
    range: std::ops::Range<usize>,
    /// In the dimension's base unit.
    base: f64,
    dim: Dimension,
    /// Just the number, as written.
    number_range: std::ops::Range<usize>,
    /// The unit as written, and its factor to the base unit: messages answer in the writer's unit.
    unit_text: String,
    factor: f64,
}

/// Numbers with units in a sentence. Thousands separators are part of the number, and a number glued to
/// a digit, comma or period before it is not read (no "29 seconds" inside "52,429 seconds").
fn quantities(sentence: &str) -> Vec<Quantity> {
    let re = regex!(
        r"(?i)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|years?|bytes?|kib|mib|gib|tib|kb|mb|gb|tb)(?-u:\b)"
    );
    let mut out = Vec::new();
    for caps in re.captures_iter(sentence) {
        let (num, unit) = (caps.get(1).unwrap(), caps.get(2).unwrap());
        let prev = sentence[..num.start()].chars().next_back();
        if prev.is_some_and(|c| {
            c.is_ascii_digit() || c == ',' || c == '.' || c.is_alphabetic() || c == '$'
        }) {
            continue;
        }
        let Ok(n) = num.as_str().replace(',', "").parse::<f64>() else {
            continue;
        };
        // "s" alone is too ambiguous after a number unless it directly follows it (30s).
        if unit.as_str().eq_ignore_ascii_case("s") && num.end() != unit.start() {
            continue;
        }
        // `5 GB per second` is a rate, not a size.
        let rest = sentence[unit.end()..].trim_start().to_ascii_lowercase();
        if ["/s", "/sec", "per second", "per sec", "ps "]
            .iter()
            .any(|r| rest.starts_with(r))
        {
            continue;
        }
        let Some((dim, factor)) = unit_info(unit.as_str()) else {
            continue;
        };
        out.push(Quantity {
            range: num.start()..unit.end(),
            base: n * factor,
            dim,
            number_range: num.range(),
            unit_text: unit.as_str().to_string(),
            factor,
        });
    }
    out
}

/// A count: a bare number directly before one of the subject phrases (`5 read replicas`).
fn counts(sentence: &str, phrases: &[String]) -> Vec<Quantity> {
    let lower = sentence.to_lowercase();
    let mut out = Vec::new();
    for caps in regex!(r"(\d{1,3}(?:,\d{3})+|\d+)\s+").captures_iter(sentence) {
        let num = caps.get(1).unwrap();
        let prev = sentence[..num.start()].chars().next_back();
        if prev.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.' || c.is_alphabetic()) {
            continue;
        }
        let rest = &lower[caps.get(0).unwrap().end()..];
        if let Some(p) = phrases
            .iter()
            .find(|p| rest.starts_with(p.to_lowercase().as_str()))
        {
            let Ok(n) = num.as_str().replace(',', "").parse::<f64>() else {
                continue;
            };
            let end = caps.get(0).unwrap().end() + p.len();
            out.push(Quantity {
                range: num.start()..end,
                base: n,
                dim: Dimension::Count,
                number_range: num.range(),
                unit_text: p.clone(),
                factor: 1.0,
            });
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BoundWord {
    Max,
    Min,
    Default,
}

/// The bound word right before a number ("up to 30 seconds", "max 12 hours", "minimum of 1") or right
/// after it ("500 MB limit").
fn bound_word(sentence: &str, q: &Quantity) -> Option<BoundWord> {
    let before = sentence[..q.number_range.start].to_lowercase();
    let before = before.trim_end_matches(|c: char| {
        c == '*' || c == '_' || c == ' ' || c == '(' || c == ':' || c == '='
    });
    let tail: String = before
        .chars()
        .rev()
        .take(28)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let ends = |w: &[&str]| {
        w.iter().any(|w| {
            tail.ends_with(w)
                && (tail.len() == w.len()
                    || !tail[..tail.len() - w.len()].ends_with(|c: char| c.is_alphanumeric()))
        })
    };
    if ends(&[
        "up to",
        "upto",
        "max",
        "maximum",
        "maximum of",
        "max of",
        "at most",
        "no more than",
        "not exceed",
        "cannot exceed",
        "can't exceed",
        "limit of",
        "limited to",
        "limit is",
        "maximum is",
        "max is",
        "as long as",
        "as much as",
        "up until",
        "until",
        "increased to",
        "extended to",
        "longest",
        "to a maximum of",
    ]) {
        return Some(BoundWord::Max);
    }
    if ends(&[
        "min",
        "minimum",
        "minimum of",
        "min of",
        "at least",
        "no less than",
        "as low as",
        "as little as",
    ]) {
        return Some(BoundWord::Min);
    }
    if ends(&[
        "default",
        "default of",
        "defaults to",
        "default is",
        "by default",
        "default value of",
        "default value is",
    ]) {
        return Some(BoundWord::Default);
    }
    let after = sentence[q.range.end..].to_lowercase();
    let after = after.trim_start_matches(['*', '_', ' ', ')']);
    if after.starts_with("limit") || after.starts_with("max") || after.starts_with("maximum") {
        return Some(BoundWord::Max);
    }
    if after.starts_with("by default") || after.starts_with("default") {
        return Some(BoundWord::Default);
    }
    None
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= b.abs() * 1e-9 + 1e-9
}

/// Pushes the findings of both verdicts: `outdated-limit` and `limit-mismatch`.
pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let phrases = cx.schema.limit_phrases();
    // Headings never change inside a region (a heading is its own block): scan them once, lazily.
    let mut heading_hits: Option<std::collections::HashMap<u32, crate::schema::phrases::LimitHit>> =
        None;
    for (sent_start, sentence) in sentences(s) {
        if !sentence.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let hits = phrases.scan(sentence);
        // The headings above the sentence name its subject as often as the sentence does (`# Lambda` …
        // `- memory 128 MB - 3008 MB`): every group but the last may be found there; the last, the most
        // specific, must be in the sentence.
        let mut matched: Vec<(&Entry, usize)> = Vec::new();
        for (&idx, hit) in &hits {
            let Some(pos) = hit.last_group_pos else {
                continue;
            };
            if hit.except {
                continue;
            }
            let n = phrases.group_count(idx);
            let all = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
            let mut groups = hit.groups;
            if groups != all {
                let hh = heading_hits.get_or_insert_with(|| {
                    phrases.scan(&cx.headings_at(region.range.start).join(" \n "))
                });
                groups |= hh.get(&idx).map_or(0, |h| h.groups);
            }
            if groups == all {
                matched.push((cx.schema.entry(idx), pos));
            }
        }
        // Deterministic order whatever the hash map's.
        matched.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        if matched.is_empty() {
            continue;
        }
        let mut qs = quantities(sentence);
        for (e, _) in &matched {
            if e.unit.as_deref() == Some("count") {
                let phrases: Vec<String> = e.match_groups.iter().flatten().cloned().collect();
                qs.extend(counts(sentence, &phrases));
            }
        }
        for q in &qs {
            let bound = bound_word(sentence, q);
            // The limit this number is about: same dimension; among several, the subject nearest before it.
            let candidates: Vec<&(&Entry, usize)> = matched
                .iter()
                .filter(|(e, _)| {
                    e.unit
                        .as_deref()
                        .and_then(unit_info)
                        .is_some_and(|(d, _)| d == q.dim)
                })
                .filter(|(e, _)| match (bound, e.bound.as_deref()) {
                    (Some(BoundWord::Default), b) => b == Some("default"),
                    (Some(_), Some("default")) => false,
                    (None, Some("default")) => false,
                    _ => true,
                })
                .collect();
            let Some((e, _)) = candidates
                .iter()
                .min_by_key(|(_, pos)| {
                    if *pos <= q.range.start {
                        q.range.start - pos
                    } else {
                        usize::MAX / 2 + pos
                    }
                })
                .copied()
            else {
                continue;
            };
            let (_, factor) = unit_info(e.unit.as_deref().unwrap()).unwrap();
            let value = q.base / factor;
            let Some(current) = e.value else { continue };
            let written = sentence[q.range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            // Answer in the writer's unit when the value is whole there (`0 seconds`), else in the limit's.
            let unit_text = if q.dim == Dimension::Count {
                String::new()
            } else {
                q.unit_text.clone()
            };
            let say = |v: f64| -> String {
                let in_user = v * factor / q.factor;
                if q.dim == Dimension::Count {
                    fmt_value(v)
                } else if (in_user.fract() == 0.0 || (in_user * 10.0).fract() == 0.0)
                    && in_user >= 0.1
                    || v == 0.0
                {
                    format!("{} {}", fmt_value(in_user), unit_text)
                } else {
                    format!("{} {}", fmt_value(v), e.unit.as_deref().unwrap_or(""))
                }
            };
            // A value AWS also states today (rounded, or in decimal units) is right.
            if e.stated_as.iter().any(|&v| close(v, value)) {
                continue;
            }
            let known = std::iter::once(current)
                .chain(e.min)
                .chain(e.history.iter().map(|h| h.value));
            if known.clone().any(|v| close(v, value)) {
                // Equal to a history value (and not to a current one): outdated.
                let is_current = close(current, value) || e.min.is_some_and(|m| close(m, value));
                if !is_current {
                    let h = e.history.iter().find(|h| close(h.value, value)).unwrap();
                    let abs = region.range.start + sent_start + q.range.start
                        ..region.range.start + sent_start + q.range.end;
                    out.push(Finding::new(
                        RuleId::OutdatedLimit,
                        abs,
                        format!(
                            "`{written}` is outdated since {}: the {} is {} now ({}){}",
                            h.until,
                            bound_name(e),
                            say(current),
                            e.name,
                            source_note(e)
                        ),
                        vec![],
                        Some((Kind::Limit, &e.name)),
                    ));
                }
                continue;
            }
            // A mismatch needs a bound word that agrees with the limit, and a value on the wrong side.
            let expected = match (bound, e.bound.as_deref()) {
                (Some(BoundWord::Max), Some("max")) if value > current => current,
                (Some(BoundWord::Min), _) if e.min.is_some() => e.min.unwrap(),
                (Some(BoundWord::Default), Some("default")) => current,
                _ => continue,
            };
            let what = match bound {
                Some(BoundWord::Min) => "minimum",
                Some(BoundWord::Default) => "default",
                _ => "maximum",
            };
            let abs = region.range.start + sent_start + q.range.start
                ..region.range.start + sent_start + q.range.end;
            out.push(Finding::new(
                RuleId::LimitMismatch,
                abs,
                format!(
                    "`{written}`: the {what} is {}, not {} ({}){}",
                    say(expected),
                    say(value),
                    e.name,
                    source_note(e)
                ),
                vec![],
                Some((Kind::Limit, &e.name)),
            ));
        }
    }
}

fn bound_name(e: &Entry) -> &'static str {
    match e.bound.as_deref() {
        Some("min") => "minimum",
        Some("default") => "default",
        Some("exact") => "value",
        _ => "maximum",
    }
}

fn source_note(e: &Entry) -> String {
    match e
        .url
        .as_deref()
        .or(e.source.as_ref().and_then(|s| s.url.as_deref()))
    {
        Some(u) => format!(" (source: {u})"),
        None => String::new(),
    }
}

/// Sentences of a region with their byte offsets: split after `.`, `!`, `?` followed by whitespace, and at
/// blank lines or list items.
fn sentences(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let end_here = match b[i] {
            b'.' | b'!' | b'?' => i + 1 < b.len() && b[i + 1].is_ascii_whitespace(),
            b'\n' => i + 1 < b.len() && b[i + 1] == b'\n',
            _ => false,
        };
        if end_here {
            out.push((start, &s[start..=i]));
            start = i + 1;
        }
        i += 1;
    }
    if start < s.len() {
        out.push((start, &s[start..]));
    }
    out
}
