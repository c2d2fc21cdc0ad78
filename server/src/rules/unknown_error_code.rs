//! `unknown-error-code`: a misspelled AWS error code (`…Exception`, `…Error`, `…Fault`).
//!
//! Why: error codes are what code matches on (`catch`, `if e.code == …`) and what people search for; a
//! misspelled one never matches. Only names close to a real AWS error are flagged — within a couple of
//! edits (`ThrottlingExecption`, `ResourceNotFoundExcepton`), or one CamelCase word added or dropped
//! (`ProvisionedThroughputException` → `ProvisionedThroughputExceededException`). A plain
//! `NullPointerException` is not AWS's business, and neither is an exception the note's own code
//! declares (`class OrderNotFoundExcepton`, `throw new …`): that name is skipped in its code block.
//!
//! A code that exists, but only in services the text (paragraph, code block or headings above) does
//! not name, is reported when one edit away there is a code of a service it does name: in a section on
//! Lambda, `TooManyRequestException` (an error of one media service) is the slip for
//! `TooManyRequestsException`.
//!
//! A plural of a real code (`ProvisionedThroughputExceededExceptions`) is reported where it stands for
//! the code itself: in code (not in a comment, not a name the code assigns or a YAML key), in quotes,
//! alone in a table cell, or after `a`/`an`/`code`. A plural in a sentence ("retry on
//! ThrottlingExceptions", "TransactionConflictExceptions are not thrown") is English and left alone.
//!
//! A missing `Exception` (`ProvisionedThroughputExceeded` in a note on Kinesis) is reported only when
//! all of these hold: the name has three CamelCase words or more and ends in `Exceeded`; the text
//! (paragraph or code block, headings above) names a service that returns `…ExceededException`; that
//! is the only error code of the stem; the bare name is not itself a code — neither an error's name nor
//! its wire code (the Query APIs answer `TopicLimitExceeded` for `TopicLimitExceededException`) nor a
//! value of an API enumeration of a named service (DynamoDB reports `ProvisionedThroughputExceeded` as
//! a batch-statement error code); it is not part of a dotted or prefixed name (the metric
//! `WriteProvisionedThroughputExceeded`, `GetRecords.…`); and in code, the line handles an error
//! (`except`, `catch`, `code`, `error`). Codes that never had a suffix — EC2's `InstanceLimitExceeded`,
//! S3's `SlowDown`, the Query APIs' `Throttling` — stay outside this reading: only `…Exceeded` names
//! are read, and only beside a named service that returns the `…Exception` (for
//! `InstanceLimitExceededException`, CodeDeploy — not EC2).
//!
//! Example: `TooManyRequestException` → did you mean `TooManyRequestsException`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    // The services the region and its headings name: found once per region, on first need.
    let named = std::cell::OnceCell::new();
    if !cx.triggers(region).has(Trigger::ErrorCodeStem) {
        return;
    }
    // Exception names the note's own code declares: found once per region, on first need.
    let declared: std::cell::OnceCell<Vec<&str>> = std::cell::OnceCell::new();
    let is_declared = |name: &str| {
        declared
            .get_or_init(|| declared_names(region, s))
            .contains(&name)
    };
    // CamelCase names ending in `Exception`, `Error`, `Fault` (or their plural) — or a misspelling of
    // `Exception`.
    let candidates = cx.candidates(region);
    for range in &candidates.error_codes {
        let name = &s[range.clone()];
        let plural = ["Exceptions", "Errors", "Faults"]
            .iter()
            .any(|p| name.ends_with(p));
        if !plural
            && !name.ends_with("Exception")
            && !name.ends_with("Error")
            && !name.ends_with("Fault")
        {
            let tail = camel_words(name).last().copied().unwrap_or("");
            if crate::schema::index_distance(tail, "Exception", 2).is_none()
                || camel_words(name).len() < 2
            {
                continue;
            }
        }
        // Names shorter than this are too generic to judge (`IOError`).
        if name.len() < 14 || is_declared(name) {
            continue;
        }
        if let Some(known) = cx.schema.get_id(Kind::ErrorCode, name) {
            // A code of one or two services may be a slip for another service's code; one that
            // many services return never is (counted without decoding its variants).
            let owners = cx.schema.variant_services(known);
            let slip = (1..=2)
                .contains(&owners)
                .then(|| other_service_slip(cx, region, &named, name, cx.schema.entry(known)))
                .flatten();
            if let Some(fix) = slip {
                let message = format!(
                    "`{name}` is an error of {} only; did you mean `{}` ({})?",
                    fix.owner, fix.code, fix.services
                );
                let abs = region.range.start + range.start..region.range.start + range.end;
                out.push(Finding::new(
                    RuleId::UnknownErrorCode,
                    abs,
                    message,
                    vec![fix.code.clone()],
                    Some((Kind::ErrorCode, &fix.code)),
                ));
            }
            continue;
        }
        if plural {
            // `ResourceNotFoundExceptions`: the plural of a known error. Reported only where the
            // name stands for the code; in a sentence it is an English plural.
            let singular = &name[..name.len() - 1];
            if cx.schema.get(Kind::ErrorCode, singular).is_some() {
                if names_the_code(cx.text, region, range.clone()) {
                    let abs = region.range.start + range.start..region.range.start + range.end;
                    out.push(Finding::new(
                        RuleId::UnknownErrorCode,
                        abs,
                        format!(
                            "`{name}` is not an AWS error code: the code is `{singular}` (a plural never matches)"
                        ),
                        vec![singular.to_string()],
                        Some((Kind::ErrorCode, singular)),
                    ));
                }
                continue;
            }
        }
        if !cx.schema.get_ci(Kind::ErrorCode, name).is_empty() {
            // Right letters, wrong case: AWS error codes are matched case-sensitively.
            let canonical = cx.schema.get_ci(Kind::ErrorCode, name)[0].name.clone();
            push(out, region, range.clone(), name, vec![canonical]);
            continue;
        }
        let max = if name.len() >= 24 { 2 } else { 1 };
        let mut near: Vec<(String, usize)> = cx
            .schema
            .nearest(Kind::ErrorCode, name, max)
            .into_iter()
            .map(|n| (n.entry.name.clone(), n.distance))
            .collect();
        if near.is_empty() {
            // A dropped word is only trusted when exactly one known error fits.
            let apart = one_word_apart(cx, name);
            if apart.len() == 1 {
                near = apart.into_iter().map(|n| (n, 1)).collect();
            }
        }
        let best = best_of(&near);
        if !best.is_empty() {
            push(out, region, range.clone(), name, best);
        }
    }
    if !candidates.exceeded_names.is_empty() {
        missing_suffix(
            cx,
            region,
            &candidates.exceeded_names,
            &named,
            &is_declared,
            out,
        );
    }
}

/// `ProvisionedThroughputExceeded` in a note on Kinesis: the error is
/// `ProvisionedThroughputExceededException`. See the module documentation for what must hold.
fn missing_suffix<'a>(
    cx: &Context<'a>,
    region: &Region,
    exceeded_names: &[std::ops::Range<usize>],
    named: &std::cell::OnceCell<Vec<&'a str>>,
    is_declared: &dyn Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    let s = &cx.text[region.range.clone()];
    for range in exceeded_names {
        let bare = &s[range.clone()];
        // Part of a longer name: `GetRecords.ProvisionedThroughputExceeded`, `ns:…`, `$…`, `…Exceeded.Count`.
        let before = s[..range.start].chars().next_back();
        let after = s[range.end..].chars().next();
        let after2 = s[range.end..].chars().nth(1);
        if before.is_some_and(|c| ".:/_-$@".contains(c))
            || after.is_some_and(|c| c == '_' || c == '-')
            || (after == Some('.') && after2.is_some_and(|c| c.is_ascii_alphanumeric()))
        {
            continue;
        }
        // In code, only where errors are handled (`except`, `catch`, `e.code == …`): elsewhere a
        // bare name is a name of the code's own (an alarm, a variable).
        if matches!(region.kind, RegionKind::CodeBlock | RegionKind::FrontMatter) {
            let line_start = s[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = s[range.end..].find('\n').map_or(s.len(), |i| range.end + i);
            let line = &s[line_start..line_end];
            if ![
                "code", "Code", "error", "Error", "except", "catch", "rescue",
            ]
            .iter()
            .any(|w| line.contains(w))
            {
                continue;
            }
        }
        if camel_words(bare).len() < 3
            || cx.schema.get(Kind::ErrorCode, bare).is_some()
            || cx.is_accepted_word(bare)
            || is_declared(bare)
        {
            continue;
        }
        // The one known error of this stem, and it must be the `Exception`.
        let mut stem: Vec<&crate::schema::Entry> = cx
            .schema
            .with_prefix(Kind::ErrorCode, bare)
            .filter(|e| {
                let rest = &e.name[bare.len()..];
                rest.is_empty() || ["Exception", "Error", "Fault"].contains(&rest)
            })
            .collect();
        let Some(known) = stem.pop() else { continue };
        if !stem.is_empty() || known.name.len() != bare.len() + "Exception".len() {
            continue;
        }
        if !known.name.ends_with("Exception") {
            continue;
        }
        // The bare name is the wire code of the error (Query APIs: `TopicLimitExceeded`).
        if known
            .variants
            .iter()
            .any(|v| v.code.as_deref() == Some(bare))
        {
            continue;
        }
        let named = named_services(cx, region, named);
        let owners: Vec<&str> = known
            .variants
            .iter()
            .filter_map(|v| v.service.as_deref())
            .filter(|svc| named.contains(svc))
            .collect();
        if owners.is_empty() {
            continue;
        }
        // A value of an enumeration of a named service (DynamoDB's batch-statement error codes).
        let enum_value = cx.schema.of_kind(Kind::Enum).any(|e| {
            e.service.as_deref().is_some_and(|svc| named.contains(&svc))
                && e.values.iter().any(|v| v == bare)
        });
        if enum_value {
            continue;
        }
        let abs = region.range.start + range.start..region.range.start + range.end;
        out.push(Finding::new(
            RuleId::UnknownErrorCode,
            abs,
            format!(
                "`{bare}` is not an error code of {}; did you mean `{}`?",
                owners.join(" or "),
                known.name
            ),
            vec![known.name.clone()],
            Some((Kind::ErrorCode, &known.name)),
        ));
    }
}

/// The services the region and the headings above it name (memoised per region).
fn named_services<'a, 'c>(
    cx: &Context<'a>,
    region: &Region,
    named: &'c std::cell::OnceCell<Vec<&'a str>>,
) -> &'c [&'a str] {
    named.get_or_init(|| {
        let index = cx.schema.operations();
        let headings = cx.headings_at(region.range.start);
        index
            .services_in(
                std::iter::once(&cx.text[region.range.clone()]).chain(headings.iter().copied()),
            )
            .into_iter()
            .map(|i| index.services[i as usize].name.as_str())
            .collect()
    })
}

/// Whether the plural at `r` (relative to `region`) stands for an error code rather than being an
/// English plural in a sentence: on a code line that is not a comment, in quotes, alone in its region
/// (a table cell, a bold term), or after `a`/`an`/`code`.
fn names_the_code(text: &str, region: &Region, r: std::ops::Range<usize>) -> bool {
    let s = &text[region.range.clone()];
    let line_start = s[..r.start].rfind('\n').map_or(0, |i| i + 1);
    if matches!(region.kind, RegionKind::CodeBlock | RegionKind::FrontMatter) {
        // Not in a comment (a comment line, or after a trailing comment's marker), and not a name
        // the code assigns (`ThrottlingExceptions = (…)`: its own list of codes).
        let line = s[line_start..r.start].trim_start();
        let comment = ["#", "//", "/*", "*", "--", ";", "<!--", "REM "]
            .iter()
            .any(|c| line.starts_with(c))
            || [" #", "\t#", "//", "/*", " --"]
                .iter()
                .any(|c| line.contains(c));
        let rest = s[r.end..].trim_start_matches([' ', '\t']);
        // A mapping key (`ThrottlingExceptions:` opening a YAML line) is a name of its own too.
        let key = line.trim_start_matches(['-', ' ']).is_empty() && rest.starts_with(':');
        let assigned =
            (rest.starts_with('=') && !rest.starts_with("==")) || rest.starts_with(":=") || key;
        return !comment && !assigned;
    }
    let before = s[..r.start].chars().next_back();
    let after = s[r.end..].chars().next();
    if let (Some(b), Some(a)) = (before, after) {
        if (b == '"' || b == '\'') && a == b {
            return true;
        }
    }
    if region.kind != RegionKind::InlineCode && s.trim() == &s[r.clone()] {
        return true;
    }
    // The word before, in the whole text (an inline code span's sentence is outside its region).
    let abs = region.range.start + r.start;
    let head = text[..abs].trim_end_matches(['`', '*', '_', '"', '\'', ' ']);
    let word = head
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let gap = &text[head.len()..abs];
    !gap.is_empty() && !gap.contains('\n') && ["a", "an", "code", "A", "An", "Code"].contains(&word)
}

/// Exception names the note's own code declares in this code block: `class OrderNotFoundExcepton`,
/// `throw new …`, `raise …`, `struct`, `interface`, `enum`, `type`, `record`.
fn declared_names<'s>(region: &Region, s: &'s str) -> Vec<&'s str> {
    if !matches!(region.kind, RegionKind::CodeBlock | RegionKind::InlineCode) {
        return Vec::new();
    }
    let re = regex!(
        r"(?-u:\b)(?:class|interface|struct|enum|type|record|object|trait|throw\s+new|raise)\s+([A-Z][A-Za-z0-9_]*)"
    );
    re.captures_iter(s)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect()
}

struct ServiceSlip {
    /// The services that return the name as written (`ElementalInference`).
    owner: String,
    /// The code meant, and the named services that return it.
    code: String,
    services: String,
}

/// `TooManyRequestException` exists, but only in a service the text does not name; one edit away,
/// `TooManyRequestsException` is returned by a service it does name (Lambda): the slip, not the rare
/// service's error. Only when the text names services and none of them returns the name as written.
fn other_service_slip<'a>(
    cx: &Context<'a>,
    region: &Region,
    named: &std::cell::OnceCell<Vec<&'a str>>,
    name: &str,
    known: &crate::schema::Entry,
) -> Option<ServiceSlip> {
    let owners: Vec<&str> = known
        .variants
        .iter()
        .filter_map(|v| v.service.as_deref())
        .collect();
    if owners.is_empty() || owners.len() > 2 {
        return None;
    }
    let named = named_services(cx, region, named);
    if named.is_empty() || owners.iter().any(|o| named.contains(o)) {
        return None;
    }
    let candidates: Vec<(String, String)> = cx
        .schema
        .nearest(Kind::ErrorCode, name, 1)
        .into_iter()
        .filter_map(|n| {
            let services: Vec<&str> = n
                .entry
                .variants
                .iter()
                .filter_map(|v| v.service.as_deref())
                .filter(|svc| named.contains(svc))
                .collect();
            services
                .first()
                .map(|svc| (n.entry.name.clone(), svc.to_string()))
        })
        .collect();
    // Exactly one reading, or it is not a slip we can name.
    let [(code, services)] = <[_; 1]>::try_from(candidates).ok()?;
    Some(ServiceSlip {
        owner: owners.join(" and "),
        code,
        services,
    })
}

fn push(
    out: &mut Vec<Finding>,
    region: &Region,
    r: std::ops::Range<usize>,
    name: &str,
    best: Vec<String>,
) {
    let abs = region.range.start + r.start..region.range.start + r.end;
    out.push(Finding::new(
        RuleId::UnknownErrorCode,
        abs,
        format!("`{name}` is not an AWS error code{}", did_you_mean(&best)),
        best.clone(),
        Some((Kind::ErrorCode, &best[0])),
    ));
}

pub fn camel_words(s: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    for i in 1..b.len() {
        if b[i].is_ascii_uppercase() && !b[i - 1].is_ascii_uppercase() {
            words.push(&s[start..i]);
            start = i;
        }
    }
    words.push(&s[start..]);
    words
}

/// Known error names that equal `name` with exactly one CamelCase word inserted after its first two words
/// and before the last (`ProvisionedThroughput[Exceeded]Exception`): the head names the subject, so an
/// insertion there (`Invalid[Lambda]FunctionException`) is a different error, not a typo.
fn one_word_apart(cx: &Context, name: &str) -> Vec<String> {
    let words = camel_words(name);
    if words.len() < 3 {
        return Vec::new();
    }
    let (first, last) = (words[0], words[words.len() - 1]);
    cx.schema
        .with_prefix(Kind::ErrorCode, first)
        .filter(|e| e.name.len() > name.len() && e.name.ends_with(last))
        .filter(|e| {
            let known = camel_words(&e.name);
            known.len() == words.len() + 1
                && (2..known.len() - 1).any(|skip| {
                    known
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != skip)
                        .map(|(_, w)| *w)
                        .eq(words.iter().copied())
                })
        })
        .map(|e| e.name.clone())
        .collect()
}
