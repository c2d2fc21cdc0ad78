//! `unknown-suppression`: an `awsnotes-…` suppression comment that names a rule awsnotes does not have,
//! or a directive it does not know.
//!
//! Why: `<!-- awsnotes-disable-next-line service-nmae -->` suppresses nothing, silently: the finding it
//! was written for stays, or the writer believes a rule is off that is not. Only HTML comments that
//! start with `awsnotes-` are read.
//!
//! Example: `<!-- awsnotes-disable-line service-nmae -->` → `service-nmae` is not an awsnotes rule, so
//! this comment suppresses nothing for it; did you mean `service-name`?

use super::*;
use crate::suppress::{comments, DIRECTIVES};

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let body = &cx.text[region.range.clone()];
    for (at, comment) in comments(body) {
        let inner = at + 4;
        let mut words = words_with_offsets(comment);
        let Some((d_at, directive)) = words.next() else {
            continue;
        };
        if !directive.starts_with("awsnotes-") {
            continue;
        }
        let abs = |w_at: usize, w: &str| {
            let s = region.range.start + inner + w_at;
            s..s + w.len()
        };
        if !DIRECTIVES.contains(&directive) {
            let near = nearest(directive, DIRECTIVES.iter().copied());
            out.push(Finding::new(
                RuleId::UnknownSuppression,
                abs(d_at, directive),
                format!(
                    "`{directive}` is not an awsnotes directive, so this comment suppresses nothing{}",
                    did_you_mean_one(&near)
                ),
                near.into_iter().collect(),
                None,
            ));
            continue;
        }
        for (w_at, word) in words {
            if RuleId::from_id(word).is_some() {
                continue;
            }
            let near = nearest(word, RuleId::ALL.iter().map(|r| r.as_str()));
            out.push(Finding::new(
                RuleId::UnknownSuppression,
                abs(w_at, word),
                format!(
                    "`{word}` is not an awsnotes rule, so this comment suppresses nothing for it{}",
                    did_you_mean_one(&near)
                ),
                near.into_iter().collect(),
                None,
            ));
        }
    }
}

fn words_with_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_ascii_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

fn did_you_mean_one(near: &Option<String>) -> String {
    near.as_ref()
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

/// The one candidate within three edits of `word` that is nearer than any other.
fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= 3)
        .collect();
    scored.sort();
    match scored.as_slice() {
        [(d, c)] => Some(c.to_string()).filter(|_| *d > 0),
        [(d, c), (d2, _), ..] if d < d2 => Some(c.to_string()),
        _ => None,
    }
}

/// Levenshtein distance over bytes (rule ids and directives are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
