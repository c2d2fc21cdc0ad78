//! `unknown-error-code`: a misspelled AWS error code (`…Exception`, `…Error`, `…Fault`).
//!
//! Why: error codes are what code matches on (`catch`, `if e.code == …`) and what people search for; a
//! misspelled one never matches. Only names close to a real AWS error are flagged — within a couple of
//! edits, or one CamelCase word added or dropped (`ProvisionedThroughputException` →
//! `ProvisionedThroughputExceededException`). A plain `NullPointerException` is not AWS's business.
//!
//! A code that exists, but only in services the text (paragraph, code block or headings above) does
//! not name, is reported when one edit away there is a code of a service it does name: in a section on
//! Lambda, `TooManyRequestException` (an error of one media service) is the slip for
//! `TooManyRequestsException`.
//!
//! Example: `TooManyRequestException` → did you mean `TooManyRequestsException`?

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    // The services the region and its headings name: found once per region, on first need.
    let named = std::cell::OnceCell::new();
    if !["Ex", "Error", "Fault"].iter().any(|p| s.contains(p)) {
        return;
    }
    // CamelCase names ending in `Exception`, `Error`, `Fault` — or a misspelling of `Exception`.
    let re = regex!(r"(?-u:\b)[A-Z][A-Za-z0-9]*(?:Exception|Error|Fault|Ex[a-z]{4,9})(?-u:\b)");
    for m in re.find_iter(s) {
        let name = m.as_str();
        if !name.ends_with("Exception") && !name.ends_with("Error") && !name.ends_with("Fault") {
            let tail = camel_words(name).last().copied().unwrap_or("");
            if crate::schema::index_distance(tail, "Exception", 2).is_none()
                || camel_words(name).len() < 2
            {
                continue;
            }
        }
        // Names shorter than this are too generic to judge (`IOError`).
        // `ResourceNotFoundExceptions`: a plural in prose names the known error.
        let singular = name.strip_suffix('s').unwrap_or(name);
        if name.len() < 14 {
            continue;
        }
        if let Some(known) = cx.schema.get(Kind::ErrorCode, name) {
            if let Some(fix) = other_service_slip(cx, region, &named, name, known) {
                let message = format!(
                    "`{name}` is an error of {} only; did you mean `{}` ({})?",
                    fix.owner, fix.code, fix.services
                );
                let abs = region.range.start + m.start()..region.range.start + m.end();
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
        if cx.schema.get(Kind::ErrorCode, singular).is_some() {
            continue;
        }
        if !cx.schema.get_ci(Kind::ErrorCode, name).is_empty() {
            // Right letters, wrong case: AWS error codes are matched case-sensitively.
            let canonical = cx.schema.get_ci(Kind::ErrorCode, name)[0].name.clone();
            push(out, region, m.range(), name, vec![canonical]);
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
            push(out, region, m.range(), name, best);
        }
    }
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
    let named = named.get_or_init(|| {
        let index = cx.schema.operations();
        let headings = cx.headings_at(region.range.start);
        index
            .services_in(std::iter::once(&cx.text[region.range.clone()]).chain(headings))
            .into_iter()
            .map(|i| index.services[i as usize].name.as_str())
            .collect()
    });
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
