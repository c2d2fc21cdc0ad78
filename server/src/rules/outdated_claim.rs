//! `outdated-claim`: a sentence that repeats a well-known claim about an AWS service that is wrong, or
//! was right once and is not any more — "S3 bucket names are regionally unique", "the root user of a
//! member account bypasses SCPs", "S3 is eventually consistent for overwrite PUTs and DELETEs", "KMS is
//! FIPS 140-2 Level 2".
//!
//! Why: study notes and the exam dumps they come from keep such claims for years after AWS changed the
//! service (S3 has been strongly consistent since December 2020), and some were never true. The message
//! teaches what holds today and links the AWS page it was checked against. Numbers are the `limits`
//! rules' job; this rule reads statements.
//!
//! The claims are curated facts (`claim` entries in `schema/curated/claims.json`, see `schema/FORMAT.md`),
//! each with its verdict — *outdated since DATE* or *wrong* — its source URL and the date it was checked.
//!
//! Precision first:
//!
//! - **A claim is a pattern over one sentence**, written for the claim's usual phrasings (lowercased,
//!   Markdown emphasis ignored), never a single word: "regionally unique" is reported next to "bucket
//!   names", not alone.
//! - **Guards**: a sentence that says the claim is old ("used to", "previously", "until 2020", "no
//!   longer"), says the opposite ("not regionally unique"), or is about the exception that makes it
//!   true (SCPs and the *management account*; certificates *imported* into ACM; an EBS volume's
//!   encryption) is not judged.
//! - **The subject may come before the sentence**: when a claim's words do not name the service
//!   ("eventual consistency for overwrite PUTs and DELETEs"), the service must be named in the sentence,
//!   a heading above it, or the previous sentence of its paragraph (as for `outdated-limit`).
//! - A claim in quotation marks is cited, not stated ("the myth “bucket names are regionally unique”").
//! - Prose and link text; never code blocks. An inline code span is read only as the name a claim is
//!   about, with the words after it ("`lambda-function-settings-check`: custom Config rule" — an AWS
//!   managed rule).
//!
//! Cost: one Aho-Corasick pass over each prose region looks for the claims' trigger words; a region
//! without any (nearly all of them) costs nothing more. Patterns are compiled on first use.
//!
//! Example: `bucket names are regionally unique` → S3 general purpose bucket names are unique across all
//! accounts and Regions of a partition.

use super::*;
use crate::schema::claims::Regex;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let index = cx.schema.claims();
    if index.claims.is_empty() || !cx.triggers(region).has(Trigger::Claim) {
        return;
    }
    if region.kind == RegionKind::InlineCode {
        return claim_about_a_name_in_code(cx, region, out);
    }
    let sents = limits::sentences(s);
    let mut headings: Option<String> = None;
    for (k, &(start, sentence)) in sents.iter().enumerate() {
        let claims = index.triggered(sentence);
        if claims.is_empty() {
            continue;
        }
        let lower = normalise(sentence);
        for c in claims {
            // The subject first: it costs a few substring searches, while the patterns and guards
            // are compiled on their first use (about a million instructions per claim), and most
            // sentences with a trigger word are about something else.
            if !c.subject.is_empty()
                && !names_subject(&c.subject, &lower)
                && !names_subject(
                    &c.subject,
                    headings.get_or_insert_with(|| {
                        normalise(&cx.headings_at(region.range.start).join(" \n "))
                    }),
                )
                && !limits::previous_in_paragraph(&sents, k, sentence)
                    .is_some_and(|p| names_subject(&c.subject, &normalise(p)))
            {
                continue;
            }
            let Some(span) = c.claim_patterns().and_then(|p| claim_span(p, &lower)) else {
                continue;
            };
            let Some(guards) = c.guard_patterns() else {
                continue;
            };
            if guards.iter().any(|g| g.is_match(lower.as_bytes())) || quoted(&lower, &span) {
                continue;
            }
            let e = cx.schema.entry(c.id);
            let abs =
                region.range.start + start + span.start..region.range.start + start + span.end;
            out.push(Finding::new(
                RuleId::OutdatedClaim,
                abs,
                message(&sentence[span.clone()], e),
                vec![],
                Some((Kind::Claim, &e.name)),
            ));
        }
    }
}

/// "`lambda-function-settings-check`: custom Config rule": a claim about a name written in code,
/// stated by the words after the span. Only a claim whose trigger is the span's whole text is read
/// there (its pattern starts at the name), on the name and the rest of its line.
fn claim_about_a_name_in_code(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let name = cx.text[region.range.clone()].trim();
    if name.is_empty() || name.len() > 64 || name.contains(char::is_whitespace) {
        return;
    }
    let lower_name = name.to_ascii_lowercase();
    let after = cx.text[region.range.end..].trim_start_matches('`');
    let rest = &after[..after.find('\n').unwrap_or(after.len())];
    let sentence = format!("{name}{rest}");
    let lower = normalise(&sentence);
    for c in cx.schema.claims().triggered(&lower_name) {
        let e = cx.schema.entry(c.id);
        if !e
            .triggers
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&lower_name))
        {
            continue;
        }
        let Some(span) = c.claim_patterns().and_then(|p| claim_span(p, &lower)) else {
            continue;
        };
        let Some(guards) = c.guard_patterns() else {
            continue;
        };
        if span.start != 0 || guards.iter().any(|g| g.is_match(lower.as_bytes())) {
            continue;
        }
        out.push(Finding::new(
            RuleId::OutdatedClaim,
            region.range.clone(),
            message(&sentence[span], e),
            vec![],
            Some((Kind::Claim, &e.name)),
        ));
    }
}

/// The sentence lowercased (ASCII) with Markdown emphasis (`*`) blanked: same length, same offsets.
fn normalise(s: &str) -> String {
    s.to_ascii_lowercase().replace('*', " ")
}

/// Where the claim is stated: the `span` group of the first pattern that matches, else its whole match.
fn claim_span(claim: &[Regex], lower: &str) -> Option<std::ops::Range<usize>> {
    claim.iter().find_map(|re| {
        let m = re.group_or_match(lower.as_bytes(), "span")?;
        // Byte regexes: a span that cuts a character (a pattern ending inside one) is not reported.
        let text = lower.get(m.clone())?;
        // Trim the blanks the emphasis left at either end.
        let start = m.start + (text.len() - text.trim_start().len());
        let end = m.end - (text.len() - text.trim_end().len());
        (start < end).then_some(start..end)
    })
}

/// Whether the claim is inside quotation marks: cited ("the myth that “…”"), not stated.
fn quoted(lower: &str, span: &std::ops::Range<usize>) -> bool {
    let (before, after) = (&lower[..span.start], &lower[span.end..]);
    (before.matches('"').count() % 2 == 1 && after.contains('"'))
        || (before.rfind('“') > before.rfind('”') && after.contains('”'))
}

/// Whether `lower` names one of the subject phrases, as whole words.
fn names_subject(subject: &[String], lower: &str) -> bool {
    let b = lower.as_bytes();
    subject.iter().any(|p| {
        lower.match_indices(p.as_str()).any(|(i, _)| {
            let end = i + p.len();
            (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                && (end == b.len() || !b[end].is_ascii_alphanumeric())
        })
    })
}

/// The finding's message: the claim as the sentence writes it (emphasis dropped, spaces collapsed),
/// the verdict, what holds today and the source.
fn message(stated: &str, e: &crate::schema::Entry) -> String {
    let written = stated
        .replace('*', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let shown = if written.chars().count() > 80 {
        format!("{}…", written.chars().take(79).collect::<String>())
    } else {
        written.to_string()
    };
    let verdict = match (e.verdict.as_deref(), e.date.as_deref()) {
        (Some("outdated"), Some(d)) => format!("is outdated since {d}"),
        (Some("outdated"), None) => "is outdated".to_string(),
        _ => "is wrong".to_string(),
    };
    let truth = e.doc.as_deref().unwrap_or("");
    let source = e
        .source
        .as_ref()
        .and_then(|s| s.url.as_deref())
        .or(e.url.as_deref())
        .map(|u| format!(" (source: {u})"))
        .unwrap_or_default();
    format!("`{shown}` {verdict}: {truth}{source}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<(String, String)> {
        run_on_prose(text, check)
            .into_iter()
            .map(|(_, text, message)| (text, message))
            .collect()
    }

    /// Every shipped claim compiles, has a trigger, a verdict and a source with its date.
    #[test]
    fn shipped_claims_are_complete() {
        let schema = crate::schema::embedded();
        let ids: Vec<u32> = schema.of_kind_ids(Kind::Claim).collect();
        assert!(!ids.is_empty());
        let claims = &schema.claims().claims;
        assert_eq!(
            claims.len(),
            ids.len(),
            "a claim without trigger or pattern"
        );
        for c in claims {
            let e = schema.entry(c.id);
            assert!(
                c.claim_patterns().is_some() && c.guard_patterns().is_some(),
                "{}: a pattern does not compile",
                e.name
            );
        }
        for id in ids {
            let e = schema.entry(id);
            assert!(!e.triggers.is_empty(), "{}", e.name);
            assert!(e.doc.is_some(), "{}", e.name);
            let src = e.source.as_ref().expect("source");
            assert!(src.url.is_some() && src.as_of.is_some(), "{}", e.name);
            match e.verdict.as_deref() {
                Some("outdated") => assert!(e.date.is_some(), "{}", e.name),
                Some("wrong") => {}
                v => panic!("{}: verdict {v:?}", e.name),
            }
        }
    }

    #[test]
    fn subject_from_heading_or_previous_sentence() {
        let got = findings("# Amazon S3\n\nOverwrite PUTs are eventually consistent.\n");
        assert_eq!(got.len(), 1, "{got:?}");
        let got = findings("S3 stores objects. Overwrite PUTs are eventually consistent.\n");
        assert_eq!(got.len(), 1, "{got:?}");
        // Not across a paragraph, and not without the subject.
        assert!(
            findings("S3 stores objects.\n\nOverwrite PUTs are eventually consistent.\n")
                .is_empty()
        );
        assert!(findings("Overwrite PUTs are eventually consistent.\n").is_empty());
    }

    #[test]
    fn emphasis_is_ignored() {
        let got = findings("The root user **bypasses SCPs** in member accounts.\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.contains("is wrong"), "{got:?}");
    }
}
