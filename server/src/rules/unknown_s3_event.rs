//! `unknown-s3-event`: an S3 event notification type that S3 does not publish: a misspelled
//! `s3:Category:Event` (`s3:ObjectCreate:*`, `s3:ObjectRemoved:Deleted`) anywhere, or a misspelled bare
//! category (`ObjectCreate` for `ObjectCreated`) in a sentence about S3 events or notifications.
//!
//! Why: S3 sends only the event types its API lists (botocore's `S3.Event` enumeration, plus the
//! `s3:TestEvent` it sends when a configuration is saved); a notification configuration or a Lambda
//! filter written with a near miss waits for an event that never comes. The bare form is judged only in
//! prose, on a line that also says "event", "notification" or "trigger" and S3 or a bucket, and only
//! when it is one edit away from a category: a class named `ObjectCreator`, or `ObjectCreate(…)` called
//! in code, is the writer's own name.
//!
//! Example: `s3:ObjectCreate:*` → did you mean `s3:ObjectCreated:*`?

use super::*;

/// The one event type S3 sends that its API's enumeration does not list (the test message).
const TEST_EVENT: &str = "s3:TestEvent";

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let prose = region.kind == RegionKind::Prose;
    let triggers = cx.triggers(region);
    let has_full = triggers.has(Trigger::S3EventPrefix);
    let bare_candidates = prose && triggers.has(Trigger::S3EventCategory);
    if !has_full && !bare_candidates {
        return;
    }
    let Some(known) = event_types(cx) else {
        return;
    };
    // Listed only when a name is not a known type (most regions that trigger this rule hold none).
    let cats = Categories {
        known,
        list: std::cell::OnceCell::new(),
    };
    let urls = cx.url_spans(region);
    if has_full {
        full_forms(region, s, known, &cats, &urls, out);
    }
    if bare_candidates {
        bare_categories(region, s, &cats, &urls, out);
    }
}

/// S3's event types, as its API lists them (without `s3:TestEvent`).
fn event_types<'s>(cx: &Context<'s>) -> Option<&'s [String]> {
    cx.schema
        .get(Kind::Enum, "S3.Event")
        .map(|e| e.values.as_slice())
}

/// Whether `full` (`s3:ObjectCreated`, `s3:ObjectCreated:Put`, `s3:TestEvent`) is an S3 event type or
/// the start of one: not an IAM action, though it is written like one (`unknown-iam-action` asks).
pub(super) fn is_event_type(cx: &Context, full: &str) -> bool {
    full == TEST_EVENT
        || event_types(cx).is_some_and(|known| {
            known.iter().any(|v| {
                v.strip_prefix(full)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
            })
        })
}

/// Every S3 event type written in full in `s`, as (whole, category, event): the matches of
/// `(?-u:\b)s3:([A-Z][A-Za-z]*):([A-Za-z]+|\*)`.
fn full_event_names(s: &str) -> Vec<(Range<usize>, Range<usize>, Range<usize>)> {
    let b = s.as_bytes();
    let letters = |from: usize| super::words::run_end(b, from, u8::is_ascii_alphabetic);
    let mut out = Vec::new();
    let mut searched_to = 0;
    for (p, _) in s.match_indices("s3:") {
        let glued = p > 0 && super::words::WORD_BYTE[b[p - 1] as usize];
        if p < searched_to || glued || !b.get(p + 3).is_some_and(u8::is_ascii_uppercase) {
            continue;
        }
        let category = p + 3..letters(p + 4);
        if b.get(category.end) != Some(&b':') {
            continue;
        }
        let at = category.end + 1;
        let event = match letters(at) {
            end if end > at => at..end,
            _ if b.get(at) == Some(&b'*') => at..at + 1,
            _ => continue,
        };
        searched_to = event.end;
        out.push((p..event.end, category, event));
    }
    out
}

/// `s3:Category:Event` and `s3:Category:*`, the forms a notification configuration holds. A single-colon
/// `s3:Word` is IAM's syntax and left to `unknown-iam-action`.
fn full_forms(
    region: &Region,
    s: &str,
    known: &[String],
    cats: &Categories,
    urls: &[Range<usize>],
    out: &mut Vec<Finding>,
) {
    for (whole, category, event) in full_event_names(s) {
        let whole = crate::pattern::Match::new(s, whole);
        let written = whole.as_str();
        // Inside an ARN or a longer token (`arn:aws:s3:…`, `aws:s3:…`, `my_s3:…`).
        if matches!(
            s[..whole.start()].chars().next_back(),
            Some(':' | '/' | '.' | '-' | '_' | '$')
        ) || s[whole.end()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            || overlaps_any(urls, &whole.range())
            || known.iter().any(|k| k == written)
        {
            continue;
        }
        let (category, event) = (&s[category], &s[event]);
        let fixes = nearest_full(category, event, known, cats.get());
        if fixes.is_empty() && !cats.get().contains(&category) {
            // Nothing near: some other `s3:` string, not a slip of an event type.
            continue;
        }
        let abs = region.range.start + whole.start()..region.range.start + whole.end();
        out.push(Finding::new(
            RuleId::UnknownS3Event,
            abs,
            format!(
                "`{written}` is not an S3 event type{}",
                did_you_mean(&fixes)
            ),
            fixes,
            Some((Kind::Enum, "S3.Event")),
        ));
    }
}

/// The categories of S3's event types, listed on first use.
struct Categories<'k> {
    known: &'k [String],
    list: std::cell::OnceCell<Vec<&'k str>>,
}

impl<'k> Categories<'k> {
    fn get(&self) -> &[&'k str] {
        self.list.get_or_init(|| categories(self.known))
    }
}

/// The categories S3 publishes (`ObjectCreated`, `LifecycleExpiration`, `TestEvent` …).
fn categories(known: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = known
        .iter()
        .map(String::as_str)
        .chain([TEST_EVENT])
        .filter_map(|v| v.strip_prefix("s3:"))
        .map(|v| v.split(':').next().unwrap_or(v))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The known event types nearest to `s3:{category}:{event}`: the category corrected (at most two
/// edits) and then the event within it (exact, at most two edits, one it begins, or the category's `*`).
fn nearest_full(category: &str, event: &str, known: &[String], cats: &[&str]) -> Vec<String> {
    let mut cats: Vec<(&str, usize)> = cats
        .iter()
        .map(|&c| (c, strsim::levenshtein(c, category)))
        .filter(|&(_, d)| d <= 2)
        .collect();
    cats.sort_by_key(|&(c, d)| (d, c));
    let Some(&(_, best)) = cats.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (cat, _) in cats.into_iter().filter(|&(_, d)| d == best) {
        let prefix = format!("s3:{cat}:");
        let events: Vec<(String, usize)> = known
            .iter()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|e| (format!("{prefix}{e}"), strsim::levenshtein(e, event)))
            .filter(|&(_, d)| d <= 2)
            .collect();
        let mut chosen = best_of(&events);
        if chosen.is_empty() {
            // A truncated name (`OperationFailed` for `OperationFailedReplication`).
            chosen = known
                .iter()
                .filter(|k| {
                    k.strip_prefix(&prefix)
                        .is_some_and(|e| e.starts_with(event))
                })
                .cloned()
                .collect();
        }
        if chosen.is_empty() {
            // A category without sub-events (`s3:LifecycleTransition`) or an event too far off.
            let wildcard = format!("{prefix}*");
            if known.contains(&wildcard) {
                out.push(wildcard);
            } else if known.iter().any(|k| k == &format!("s3:{cat}")) {
                out.push(format!("s3:{cat}"));
            }
        } else {
            out.extend(chosen);
        }
    }
    out.truncate(3);
    out
}

/// A bare category one edit from a real one (`ObjectCreate`, `ObjectRemove`), in a sentence about S3
/// events; code is left alone (there it is a name of the writer's own).
fn bare_categories(
    region: &Region,
    s: &str,
    cats: &Categories,
    urls: &[Range<usize>],
    out: &mut Vec<Finding>,
) {
    let re = gated_regex!(
        r"(?-u:\b)(?:Object|Lifecycle|Replication|IntelligentTiering)[A-Za-z]*(?-u:\b)"
    );
    for m in re.find_iter(s) {
        let word = m.as_str();
        let cats = cats.get();
        if cats.contains(&word) || overlaps_any(urls, &m.range()) {
            continue;
        }
        // `s3:ObjectCreated:…`, `new ObjectCreate(…)`, `obj.ObjectCreate`: not a bare name in prose.
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        if matches!(before, Some(':' | '.' | '_' | '-' | '/' | '`' | '$'))
            || matches!(after, Some(':' | '(' | '_' | '-' | '.' | '`'))
                && !s[m.end()..].starts_with(". ")
                && !s[m.end()..].starts_with(".\n")
        {
            continue;
        }
        let near: Vec<(String, usize)> = cats
            .iter()
            .map(|c| (c.to_string(), strsim::levenshtein(c, word)))
            .filter(|&(_, d)| d == 1)
            .collect();
        let best = best_of(&near);
        if best.is_empty() || !about_s3_events(sentence_around(s, m.range())) {
            continue;
        }
        let abs = region.range.start + m.start()..region.range.start + m.end();
        out.push(Finding::new(
            RuleId::UnknownS3Event,
            abs,
            format!("`{word}` is not an S3 event type{}", did_you_mean(&best)),
            best,
            Some((Kind::Enum, "S3.Event")),
        ));
    }
}

/// The line holding `at` (notes put one thought per line or list item).
fn sentence_around(s: &str, at: Range<usize>) -> &str {
    let start = s[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let end = s[at.end..].find('\n').map_or(s.len(), |i| at.end + i);
    &s[start..end]
}

fn about_s3_events(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    let s3 = lower.contains("s3") || lower.contains("bucket");
    let events = ["event", "notification", "trigger"]
        .iter()
        .any(|w| lower.contains(w));
    s3 && events
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full S3 event types are found where the regex they replaced found them.
    #[test]
    fn full_event_names_are_the_regex_matches() {
        let re = regex!(r"(?-u:\b)s3:([A-Z][A-Za-z]*):([A-Za-z]+|\*)");
        let pieces = [
            "s3:", "s3", ":", "Object", "Created", "*", "x", "_", " ", "é", "1", "Put",
        ];
        for s in crate::testdata::texts_of_pieces(29, &pieces, 9, 30_000) {
            let expected: Vec<_> = re
                .captures_iter(&s)
                .map(|c| {
                    let [whole, category, event] = [0, 1, 2].map(|i| c.get(i).unwrap().range());
                    (whole, category, event)
                })
                .collect();
            assert_eq!(full_event_names(&s), expected, "{s:?}");
        }
    }

    /// Prose only: inline code and code blocks are covered by the fixture.
    fn found(text: &str) -> Vec<(String, String)> {
        run_on_prose(text, check)
            .into_iter()
            .map(|(_, span, msg)| (span, msg))
            .collect()
    }

    #[test]
    fn misspelled_full_forms_get_the_nearest_type() {
        assert_eq!(
            found("Subscribe to s3:ObjectCreate:* and s3:ObjectRemoved:Deleted.\n"),
            vec![
                (
                    "s3:ObjectCreate:*".into(),
                    "`s3:ObjectCreate:*` is not an S3 event type; did you mean `s3:ObjectCreated:*`?"
                        .into()
                ),
                (
                    "s3:ObjectRemoved:Deleted".into(),
                    "`s3:ObjectRemoved:Deleted` is not an S3 event type; did you mean `s3:ObjectRemoved:Delete`?"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn real_types_arns_and_iam_actions_are_left_alone() {
        assert!(found(
            "Events s3:ObjectCreated:*, s3:ObjectRestore:Completed, s3:TestEvent, \
             s3:Replication:OperationFailedReplication; s3:GetObject; arn:aws:s3:::bucket:Key:x; \
             https://example.com/s3:ObjectCreate:Put.\n"
        )
        .is_empty());
    }

    #[test]
    fn bare_categories_only_in_sentences_about_s3_events() {
        assert_eq!(
            found("S3 bucket events (ObjectCreate, Put, Delete) go to SNS.\n"),
            vec![(
                "ObjectCreate".into(),
                "`ObjectCreate` is not an S3 event type; did you mean `ObjectCreated`?".into()
            )]
        );
        assert!(found("The ObjectCreate class builds the request.\n").is_empty());
        assert!(found("S3 events: ObjectCreator, ObjectCreated, `ObjectCreate`.\n").is_empty());
    }
}
