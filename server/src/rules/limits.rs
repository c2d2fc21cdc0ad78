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
//! next to it. Numbers are read whole: "52,429 seconds" does not contain "29 seconds".
//!
//! - **The subject may come before the sentence**: every phrase group but the last may be in the headings
//!   above, or in the previous sentence of the paragraph when that one names exactly one service and this
//!   one names none ("Kinesis Data Streams is … . A record can be up to 20 MB" is about Kinesis). Only
//!   within one run of prose: inline code or a link between the two sentences ends it, and so does a
//!   list item or a blank line.
//! - **Neighbouring subjects are told apart**: when a sentence names several services, a number is judged
//!   only against the limits of the service named nearest before it in its clause ("Lambda times out
//!   after 15 minutes while API Gateway integrations time out after 29 seconds": 29 seconds is never held
//!   against Lambda's timeout), and not at all when its clause names none. A limit that depends on what
//!   the sentence does not say is not judged: RDS read replicas are 15 for MySQL, MariaDB and PostgreSQL,
//!   5 for Oracle and SQL Server, 3 for Db2, so a sentence naming no engine says nothing; an Aurora
//!   cluster's 15 replicas are not held against a secondary Region's 16.
//! - **Units as AWS states them**: `TB` and `TiB` differ. A limit lists what AWS states today
//!   (`stated_as`: S3's 48.8 TiB is also "50 TB" and "53.7 TB"), and a writer's number is compared with
//!   the statements in the writer's unit family (`TB` with "50 TB", `TiB` with "48.8 TiB"), so "up to
//!   50 TB" is right and "up to 50 TiB" is not; the message answers in that family too. Inside a family
//!   the symbols step by 1,024 as AWS uses them (10,240 MB = 10 GB); across families, when the limit has
//!   no statement in the writer's, a number is wrong only if it is wrong however the symbols are read.
//! - **A change told as one is not outdated**: a sentence saying how a limit changed ("increased from 5
//!   minutes to 15 minutes", "up from 3,008 MB", "previously", as release notes do) states the old value
//!   as old.
//! - A number equal to any value the limit has or had (current, minimum, default, history, in any
//!   unit AWS stated it in) is never a mismatch.
//! - **Below a maximum only when stated as the limit**: "up to 500 MB of /tmp" may be what a function
//!   uses, but "a 500 MB limit on /tmp" (also "limit of", "limited to", "maximum of", "the maximum is")
//!   states the maximum itself. That is judged when the limit is fixed (an adjustable quota may have
//!   been lowered for the writer's account) and its earlier values are recorded, so that an old value
//!   is never called wrong for want of its history.
//!
//! The work per sentence is linear: it is lowercased once, and each number reads only the few bytes
//! around it.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use super::*;
use crate::markdown::{table_cell_context, TableHeaderMemo};
use crate::schema::phrases::LimitHit;
use crate::schema::Entry;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dimension {
    Time,
    Size,
    Count,
    Rate,
    Throughput,
    /// Bits per second (Mbps, Gbps): a network link's or gateway's bandwidth.
    Bandwidth,
}

/// Which kind of size symbol a unit is: AWS's `KB`/`MB`/`GB`/`TB` or the binary `KiB`…`TiB`. Values are
/// compared as AWS states them inside one family (`10,240 MB` = `10 GB`), and exactly across families
/// (`50 TB` is 45.5 TiB, not 50 TiB).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    /// Seconds, bytes, counts: the same in both.
    Neutral,
    Decimal,
    Binary,
}

#[derive(Clone, Copy, Debug)]
struct Unit {
    dim: Dimension,
    /// Factor to the dimension's base unit (seconds, bytes, 1) as AWS uses the symbol: 1 MB = 1,024 KB.
    nominal: f64,
    /// Exact factor: 1 TB = 10^12 bytes, 1 TiB = 2^40 bytes.
    exact: f64,
    family: Family,
}

fn unit_info(unit: &str) -> Option<Unit> {
    let plain = |dim, f| Unit {
        dim,
        nominal: f,
        exact: f,
        family: Family::Neutral,
    };
    let dec = |k: i32| Unit {
        dim: Dimension::Size,
        nominal: 1024f64.powi(k),
        exact: 1000f64.powi(k),
        family: Family::Decimal,
    };
    let bin = |k: i32| Unit {
        dim: Dimension::Size,
        nominal: 1024f64.powi(k),
        exact: 1024f64.powi(k),
        family: Family::Binary,
    };
    // Lowercased on the stack: this runs for every number with a unit and every candidate limit
    // (an allocation each was a tenth of the rule's frees). The longest unit has 12 bytes.
    let mut buf = [0u8; 16];
    let lower = buf.get_mut(..unit.len())?;
    lower.copy_from_slice(unit.as_bytes());
    lower.make_ascii_lowercase();
    Some(match std::str::from_utf8(lower).ok()? {
        "ms" | "millisecond" | "milliseconds" => plain(Dimension::Time, 0.001),
        "s" | "sec" | "secs" | "second" | "seconds" => plain(Dimension::Time, 1.0),
        "min" | "mins" | "minute" | "minutes" => plain(Dimension::Time, 60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => plain(Dimension::Time, 3600.0),
        "day" | "days" => plain(Dimension::Time, 86400.0),
        "year" | "years" => plain(Dimension::Time, 365.0 * 86400.0),
        "b" | "byte" | "bytes" => plain(Dimension::Size, 1.0),
        "kb" => dec(1),
        "mb" => dec(2),
        "gb" => dec(3),
        "tb" => dec(4),
        "kib" => bin(1),
        "mib" => bin(2),
        "gib" => bin(3),
        "tib" => bin(4),
        "count" => plain(Dimension::Count, 1.0),
        "requests/s" => plain(Dimension::Rate, 1.0),
        "mb/s" => plain(Dimension::Throughput, 1.0),
        // Network bandwidth in bits per second, as AWS states it ("5 Gbps"), in Mbps.
        "mbps" => plain(Dimension::Bandwidth, 1.0),
        "gbps" => plain(Dimension::Bandwidth, 1000.0),
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
    range: Range<usize>,
    /// The number as written.
    n: f64,
    /// Just the number, as written.
    number_range: Range<usize>,
    /// The unit as written (a count's phrase), and what it means.
    unit_text: String,
    unit: Unit,
}

/// A value AWS states (or stated) for a limit, in the unit it stated it in.
#[derive(Clone, Copy)]
struct Stated<'e> {
    value: f64,
    unit: Unit,
    unit_text: &'e str,
}

fn same_family(a: Unit, b: Unit) -> bool {
    a.family == b.family || a.family == Family::Neutral || b.family == Family::Neutral
}

/// The writer's `n unit` equals a stated value: as AWS uses the symbols inside one family; across
/// families either way (only asked when the limit has no statement in the writer's family).
fn equals(q: &Quantity, s: &Stated) -> bool {
    close(q.n * q.unit.nominal, s.value * s.unit.nominal)
        || (!same_family(q.unit, s.unit)
            && ((q.n * q.unit.exact) - s.value * s.unit.exact).abs()
                <= s.value * s.unit.exact * 0.005)
}

/// The writer's value is above a stated value however the symbols are read.
fn above(q: &Quantity, s: &Stated) -> bool {
    let nominal = q.n * q.unit.nominal > s.value * s.unit.nominal * (1.0 + 1e-9);
    nominal && (same_family(q.unit, s.unit) || q.n * q.unit.exact > s.value * s.unit.exact)
}

/// The statements a writer's unit is compared with: those in its family when there are any (a writer's
/// `TB` against AWS's `50 TB`, never against `48.8 TiB`), else all of them.
fn in_family<'e>(q: &Quantity, all: &[Stated<'e>]) -> Vec<Stated<'e>> {
    if q.unit.family != Family::Neutral && all.iter().any(|s| s.unit.family == q.unit.family) {
        all.iter()
            .filter(|s| s.unit.family == q.unit.family)
            .copied()
            .collect()
    } else {
        all.to_vec()
    }
}

/// Numbers with units in a sentence (`lower` is its ASCII lowercase: same offsets). Thousands separators
/// are part of the number, and a number glued to a digit, comma or period before it is not read (no
/// "29 seconds" inside "52,429 seconds").
fn quantities(sentence: &str, lower: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for (num, unit) in super::numbers::numbers_with_units(sentence) {
        let unit_text = &sentence[unit.clone()];
        let prev = sentence[..num.start].chars().next_back();
        if prev.is_some_and(|c| {
            c.is_ascii_digit() || c == ',' || c == '.' || c.is_alphabetic() || c == '$'
        }) {
            continue;
        }
        let Ok(n) = sentence[num.clone()].replace(',', "").parse::<f64>() else {
            continue;
        };
        // "s" alone is too ambiguous after a number unless it directly follows it (30s).
        if unit_text.eq_ignore_ascii_case("s") && num.end != unit.start {
            continue;
        }
        // `5 GB per second` is a rate, not a size (only the few bytes after the unit are looked at).
        let rest = lower[unit.end..].trim_start();
        if ["/s", "/sec", "per second", "per sec", "ps "]
            .iter()
            .any(|r| rest.starts_with(r))
        {
            continue;
        }
        // `GBps` is bytes per second, which no limit is stated in: only `Gbps`/`gbps` are read.
        if unit_text.ends_with("ps") && unit_text.as_bytes()[1] == b'B' {
            continue;
        }
        let Some(u) = unit_info(unit_text) else {
            continue;
        };
        out.push(Quantity {
            range: num.start..unit.end,
            n,
            number_range: num.clone(),
            unit_text: unit_text.to_string(),
            unit: u,
        });
    }
    out
}

/// A count: a bare number directly before one of the subject phrases (`5 read replicas`). `lower` is the
/// sentence's ASCII lowercase (same offsets), `phrases` are lowercase.
fn counts(sentence: &str, lower: &str, phrases: &[String], out: &mut Vec<Quantity>) {
    for (num, spaced_end) in super::numbers::numbers_before_space(sentence) {
        let prev = sentence[..num.start].chars().next_back();
        if prev.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.' || c.is_alphabetic()) {
            continue;
        }
        let rest = &lower[spaced_end..];
        // The longest phrase there (`read replicas`, not `read replica`).
        if let Some(p) = phrases
            .iter()
            .filter(|p| rest.starts_with(p.as_str()))
            .max_by_key(|p| p.len())
        {
            let Ok(n) = sentence[num.clone()].replace(',', "").parse::<f64>() else {
                continue;
            };
            let end = spaced_end + p.len();
            if out.iter().any(|q| q.range == (num.start..end)) {
                continue;
            }
            out.push(Quantity {
                range: num.start..end,
                n,
                number_range: num.clone(),
                unit_text: sentence[spaced_end..end].to_string(),
                unit: unit_info("count").unwrap(),
            });
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BoundWord {
    Max,
    /// The number *is* the limit ("a 500 MB limit", "limited to 900 seconds", "the maximum is 5"), not
    /// an amount that stays under it ("up to 500 MB of /tmp"): below the real maximum it is wrong too.
    StatedMax,
    Min,
    Default,
}

/// The bound word right before a number ("up to 30 seconds", "max 12 hours", "minimum of 1") or right
/// after it ("500 MB limit"). `lower` is the sentence's ASCII lowercase; only the few bytes around the
/// number are read, so a sentence of many numbers stays linear.
fn bound_word(lower: &str, q: &Quantity) -> Option<BoundWord> {
    let before = lower[..q.number_range.start].trim_end_matches(|c: char| {
        c == '*' || c == '_' || c == ' ' || c == '(' || c == ':' || c == '='
    });
    // The last 28 characters.
    let tail = match before.char_indices().rev().nth(27) {
        Some((i, _)) => &before[i..],
        None => before,
    };
    let ends = |w: &[&str]| {
        w.iter().any(|w| {
            tail.ends_with(w)
                && (tail.len() == w.len()
                    || !tail[..tail.len() - w.len()].ends_with(|c: char| c.is_alphanumeric()))
        })
    };
    if ends(&[
        "maximum of",
        "max of",
        "limit of",
        "limited to",
        "limit is",
        "maximum is",
        "max is",
        "to a maximum of",
    ]) {
        return Some(BoundWord::StatedMax);
    }
    if ends(&[
        "up to",
        "upto",
        "max",
        "maximum",
        "at most",
        "no more than",
        "not exceed",
        "cannot exceed",
        "can't exceed",
        "as long as",
        "as much as",
        "up until",
        "until",
        "increased to",
        "extended to",
        "longest",
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
    let after = lower[q.range.end..].trim_start_matches(['*', '_', ' ', ')']);
    // "500 MB limit" states the limit; "its 40 second maximum" may be a configured value.
    if after.starts_with("limit") {
        return Some(BoundWord::StatedMax);
    }
    if after.starts_with("max") || after.starts_with("maximum") {
        return Some(BoundWord::Max);
    }
    if after.starts_with("by default") || after.starts_with("default") {
        return Some(BoundWord::Default);
    }
    None
}

/// The bound a table's row label or column header gives its cells: "Max message size", "Default
/// timeout", "Minimum".
fn table_bound(lower: &str) -> Option<BoundWord> {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["max", "maximum", "limit", "limits", "quota", "quotas"]) {
        Some(BoundWord::Max)
    } else if has(&["default"]) {
        Some(BoundWord::Default)
    } else if has(&["min", "minimum"]) {
        Some(BoundWord::Min)
    } else {
        None
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= b.abs() * 1e-9 + 1e-9
}

/// The words that start a clause (whole words, as written in lowercase).
const CLAUSE_WORDS: [&str; 8] = [
    "while", "whereas", "but", "and", "or", "unlike", "versus", "vs",
];

/// Whether `lower` (a sentence in ASCII lowercase) tells how a limit changed: "increased from",
/// "up from", "previously", "used to be", "formerly" as whole words.
fn narrates_change(lower: &str) -> bool {
    const MOVED: &[&str] = &[
        "increased",
        "increases",
        "increase",
        "raised",
        "extended",
        "grew",
        "changed",
        "bumped",
        "went",
        "up",
        "decreased",
        "reduced",
        "lowered",
    ];
    let ends_word = |at: usize| {
        !lower
            .as_bytes()
            .get(at)
            .is_some_and(|&b| super::words::WORD_BYTE[b as usize])
    };
    let followed_by =
        |at: usize, words: &str| lower[at..].starts_with(words) && ends_word(at + words.len());
    super::words::word_runs(lower).any(|w| match &lower[w.clone()] {
        "previously" | "formerly" => true,
        "used" => followed_by(w.end, " to be"),
        word => MOVED.contains(&word) && followed_by(w.end, " from"),
    })
}

/// Where the clauses of a sentence begin (`lower`: its ASCII lowercase): after `,` `;` `:` `(` `)` and
/// before `while`, `whereas`, `but`, `and`, `or`, `unlike`, `versus`, `vs`. Sorted.
fn clause_starts(lower: &str) -> Vec<usize> {
    let mut out: Vec<usize> = lower
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b',' | b';' | b':' | b'(' | b')'))
        .map(|(i, _)| i + 1)
        .collect();
    out.extend(
        super::words::word_runs(lower)
            .filter(|w| CLAUSE_WORDS.contains(&&lower[w.clone()]))
            .map(|w| w.start),
    );
    out.sort_unstable();
    out
}

/// One sentence's services and clauses, found once: a number is judged against the service named
/// nearest before it in its clause when the sentence names several.
struct Subjects {
    /// (name range, service), by position.
    named: Vec<(Range<usize>, u32)>,
    clauses: Vec<usize>,
}

impl Subjects {
    fn distinct(&self) -> usize {
        distinct_subjects(&self.named)
    }

    /// The services named nearest before `at` in the same clause (one name may mean several services),
    /// or none when the clause names none before it.
    fn nearest_before(&self, at: usize) -> Vec<u32> {
        let clause = self
            .clauses
            .partition_point(|&c| c <= at)
            .checked_sub(1)
            .map_or(0, |i| self.clauses[i]);
        let end = self.named.partition_point(|(r, _)| r.end <= at);
        let Some((last, _)) = end.checked_sub(1).map(|i| &self.named[i]) else {
            return Vec::new();
        };
        if last.start < clause {
            return Vec::new();
        }
        // Every service whose name ends where the nearest one does (`API Gateway`, two models).
        self.named[..end]
            .iter()
            .rev()
            .take_while(|(r, _)| r.end == last.end)
            .map(|(_, id)| *id)
            .collect()
    }
}

/// How many different subjects service names are: a name may mean several services (`Lambda`, `API
/// Gateway`: more than one service model each) and is one subject, named once or many times.
fn distinct_subjects(named: &[(Range<usize>, u32)]) -> usize {
    let mut sets: Vec<Vec<u32>> = Vec::new();
    let mut i = 0;
    while i < named.len() {
        let range = &named[i].0;
        let mut ids: Vec<u32> = named[i..]
            .iter()
            .take_while(|(r, _)| r == range)
            .map(|(_, id)| *id)
            .collect();
        i += ids.len();
        ids.sort_unstable();
        ids.dedup();
        if !sets.contains(&ids) {
            sets.push(ids);
        }
    }
    sets.len()
}

/// The services a limit is about, from its `service` field (`API Gateway`, `Lambda`).
fn entry_services(cx: &Context, e: &Entry) -> Vec<u32> {
    e.service
        .as_deref()
        .map(|s| cx.schema.operations().services_in(std::iter::once(s)))
        .unwrap_or_default()
}

/// Pushes the findings of both verdicts: `outdated-limit` and `limit-mismatch`.
pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let phrases = cx.schema.limit_phrases();
    // Headings never change inside a region (a heading is its own block): their phrases are read once,
    // lazily, and kept for the next region under the same headings (every item of a list).
    let mut heading_hits: Option<Rc<HashMap<u32, LimitHit>>> = None;
    // A table cell ("256 KB") is about its row's label and its column's header ("Max message size",
    // "SQS"): they count as said in the cell, and a bound word there ("Max …") binds the cell's numbers.
    let table = (region.kind == RegionKind::Prose)
        .then(|| {
            let memo = cx.scratch::<RefCell<TableHeaderMemo>>();
            let mut memo = memo.borrow_mut();
            table_cell_context(cx.text, region.range.start, &mut memo)
        })
        .flatten()
        .map(|c| {
            let said = format!("{} \n {}", c.column_header, c.row_label);
            let lower = said.to_ascii_lowercase();
            (phrases.scan(&said), table_bound(&lower))
        });
    let sents = sentences(s);
    for (k, &(sent_start, sentence)) in sents.iter().enumerate() {
        if !sentence.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut hits = phrases.scan(sentence);
        if let Some((cell_hits, _)) = &table {
            for (&idx, h) in cell_hits {
                let hit = hits.entry(idx).or_insert(LimitHit {
                    groups: 0,
                    last_group_pos: None,
                    except: false,
                });
                hit.groups |= h.groups;
                hit.except |= h.except;
                // The whole cell is the number's context: its phrases sit at the cell's start.
                if h.last_group_pos.is_some() && hit.last_group_pos.is_none() {
                    hit.last_group_pos = Some(0);
                }
            }
        }
        // The subject may be named before the sentence: every group but the last (the most specific,
        // which must be in the sentence) may be found in the headings above (`# Lambda` … `- memory 128
        // MB - 3008 MB`) or in the previous sentence of the paragraph when that one names exactly one
        // service and this one none ("Kinesis Data Streams … . A record can be up to 10 MiB").
        let mut previous: Option<Option<HashMap<u32, LimitHit>>> = None;
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
                let hh = heading_hits.get_or_insert_with(|| heading_phrases(cx, region));
                groups |= hh.get(&idx).map_or(0, |h| h.groups);
            }
            if groups != all {
                let prev =
                    previous.get_or_insert_with(|| previous_subject(cx, &sents, k, sentence));
                if let Some(h) = prev
                    .as_ref()
                    .and_then(|p| p.get(&idx))
                    .filter(|h| !h.except)
                {
                    groups |= h.groups;
                }
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
        // Lowercased once per sentence (ASCII: the offsets stay those of the sentence).
        let lower = sentence.to_ascii_lowercase();
        let mut qs = quantities(sentence, &lower);
        for (e, _) in &matched {
            if e.unit.as_deref() == Some("count") {
                let phrases: Vec<String> = e
                    .match_groups
                    .iter()
                    .flatten()
                    .map(|p| p.to_ascii_lowercase())
                    .collect();
                counts(sentence, &lower, &phrases, &mut qs);
            }
        }
        // Several services named: each number belongs to the one named nearest before it.
        let subjects = {
            let named = cx.schema.operations().services_at(sentence);
            let subjects = Subjects {
                named,
                clauses: Vec::new(),
            };
            (subjects.distinct() >= 2).then(|| Subjects {
                clauses: clause_starts(&lower),
                ..subjects
            })
        };
        // A sentence that tells how a limit changed ("increased from 5 minutes to 15 minutes", "up
        // from 128 KB", release notes) states its old values as old: none is outdated.
        let narrates_change = narrates_change(&lower);
        let mut services_of: HashMap<&str, Vec<u32>> = HashMap::default();
        for q in &qs {
            let bound = bound_word(&lower, q).or(table.as_ref().and_then(|t| t.1));
            let near = subjects.as_ref().map(|s| s.nearest_before(q.range.start));
            if near.as_ref().is_some_and(Vec::is_empty) {
                continue;
            }
            // The limit this number is about: same dimension, the subject's service; among several, the
            // one whose phrase is nearest before it.
            let candidates: Vec<&(&Entry, usize)> = matched
                .iter()
                .filter(|(e, _)| {
                    e.unit
                        .as_deref()
                        .and_then(unit_info)
                        .is_some_and(|u| u.dim == q.unit.dim)
                })
                .filter(|(e, _)| match (bound, e.bound.as_deref()) {
                    (Some(BoundWord::Default), b) => b == Some("default"),
                    (Some(_), Some("default")) => false,
                    (None, Some("default")) => false,
                    _ => true,
                })
                .filter(|(e, _)| {
                    let Some(near) = &near else { return true };
                    let ids = services_of
                        .entry(e.name.as_str())
                        .or_insert_with(|| entry_services(cx, e));
                    ids.iter().any(|id| near.contains(id))
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
            let abs = region.range.start + sent_start + q.range.start
                ..region.range.start + sent_start + q.range.end;
            if let Some(f) = judge(e, q, bound, &sentence[q.range.clone()], abs) {
                if !(narrates_change && f.rule == RuleId::OutdatedLimit) {
                    out.push(f);
                }
            }
        }
    }
}

/// The limit phrases of the headings above `region`, read once per heading chain of the analysis.
fn heading_phrases(cx: &Context, region: &Region) -> Rc<HashMap<u32, LimitHit>> {
    #[derive(Default)]
    struct Memo(RefCell<HashMap<usize, Rc<HashMap<u32, LimitHit>>>>);
    let headings = cx.headings_at(region.range.start);
    // The innermost heading's place in the text stands for the chain (as in `services_around`).
    let key = headings.last().map_or(0, |h| h.as_ptr() as usize);
    let memo = cx.scratch::<Memo>();
    let mut memo = memo.0.borrow_mut();
    memo.entry(key)
        .or_insert_with(|| Rc::new(cx.schema.limit_phrases().scan(&headings.join(" \n "))))
        .clone()
}

/// The previous sentence's limit phrases, when it is in the same paragraph and names at most one
/// service while `sentence` names none (a subject that is not a service, "its own NAT gateway", counts:
/// the limit's phrases must still all be found in the two sentences).
fn previous_subject(
    cx: &Context,
    sents: &[(usize, &str)],
    k: usize,
    sentence: &str,
) -> Option<HashMap<u32, LimitHit>> {
    let prev = previous_in_paragraph(sents, k, sentence)?;
    let ops = cx.schema.operations();
    if !ops.services_at(sentence).is_empty() || distinct_subjects(&ops.services_at(prev)) > 1 {
        return None;
    }
    Some(cx.schema.limit_phrases().scan(prev))
}

/// The sentence before `sents[k]` (`sentence`), when it is in the same paragraph.
pub(super) fn previous_in_paragraph<'s>(
    sents: &[(usize, &'s str)],
    k: usize,
    sentence: &str,
) -> Option<&'s str> {
    let &(_, prev) = sents.get(k.checked_sub(1)?)?;
    // A blank line ends the paragraph (the split keeps the first newline in the previous sentence).
    if prev.ends_with("\n\n") || prev.ends_with('\n') && sentence.starts_with('\n') {
        return None;
    }
    Some(prev)
}

/// The verdict on one number judged against one limit: right, outdated (a value AWS stated once), or a
/// mismatch (a bound word that agrees with the limit, and a value on the wrong side).
fn judge<'e>(
    e: &'e Entry,
    q: &Quantity,
    bound: Option<BoundWord>,
    written: &str,
    abs: Range<usize>,
) -> Option<Finding> {
    let fact_unit_text = e.unit.as_deref()?;
    let fact_unit = unit_info(fact_unit_text)?;
    let current_value = e.value?;
    let stated_in =
        |value: f64, unit: Option<&'e str>| stated(fact_unit, fact_unit_text, value, unit);
    // What AWS states today: the value in the limit's unit, then the other statements.
    let current: Vec<Stated> = std::iter::once(stated_in(current_value, None))
        .chain(
            e.stated_as
                .iter()
                .map(|v| stated_in(v.value, v.unit.as_deref())),
        )
        .flatten()
        .collect();
    let minimum: Vec<Stated> = e.min.and_then(|m| stated_in(m, None)).into_iter().collect();
    let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
    // Answers come in the writer's unit family: the first statement there.
    let say = |s: &Stated| -> String { say_in(q, s) };
    let current_here = in_family(q, &current);
    if current_here.iter().any(|s| equals(q, s))
        || in_family(q, &minimum).iter().any(|s| equals(q, s))
    {
        return None;
    }
    let history: Vec<(Stated, Option<&str>)> = e
        .history
        .iter()
        .filter_map(|h| Some((stated_in(h.value, h.unit.as_deref())?, h.until.as_deref())))
        .collect();
    let history_stated: Vec<Stated> = history.iter().map(|(s, _)| *s).collect();
    let history_here = in_family(q, &history_stated);
    if let Some(old) = history_here.iter().find(|s| equals(q, s)) {
        let until = history
            .iter()
            .find(|(s, _)| s.value == old.value && s.unit_text == old.unit_text)
            .and_then(|(_, u)| *u);
        // AWS does not date every change: then the value is outdated since an unknown date.
        let since = until.map_or(String::new(), |d| format!(" since {d}"));
        return Some(Finding::new(
            RuleId::OutdatedLimit,
            abs,
            format!(
                "`{written}` is outdated{since}: the {} is {} now ({}){}",
                bound_name(e),
                say(&current_here[0]),
                e.name,
                source_note(e)
            ),
            vec![],
            Some((Kind::Limit, &e.name)),
        ));
    }
    // A value the limit had in any unit is never called wrong (`5 TiB` for S3 once stated as 5 TB).
    if history_stated.iter().any(|s| equals(q, s)) {
        return None;
    }
    let (what, expected) = match (bound, e.bound.as_deref()) {
        (Some(BoundWord::Max | BoundWord::StatedMax), Some("max"))
            if current_here.iter().all(|s| above(q, s)) =>
        {
            ("maximum", current_here[0])
        }
        // "A 500 MB limit" where the limit is 10,240 MB is wrong when the limit is fixed (an adjustable
        // quota may have been set lower for the writer's account) and its earlier values are recorded
        // (so an earlier value is told apart as outdated above, not called wrong here).
        (Some(BoundWord::StatedMax), Some("max"))
            if e.adjustable == Some(false) && !e.history.is_empty() && !current_here.is_empty() =>
        {
            ("maximum", current_here[0])
        }
        (Some(BoundWord::Min), _) if !minimum.is_empty() => ("minimum", in_family(q, &minimum)[0]),
        (Some(BoundWord::Default), Some("default")) => ("default", current_here[0]),
        _ => return None,
    };
    Some(Finding::new(
        RuleId::LimitMismatch,
        abs,
        format!(
            "`{written}`: the {what} is {}, not {} ({}){}",
            say(&expected),
            say_written(q),
            e.name,
            source_note(e)
        ),
        vec![],
        Some((Kind::Limit, &e.name)),
    ))
}

/// A value in `unit` (the limit's when `None`), when that unit has the limit's dimension.
fn stated<'e>(
    fact: Unit,
    fact_text: &'e str,
    value: f64,
    unit: Option<&'e str>,
) -> Option<Stated<'e>> {
    let text = unit.unwrap_or(fact_text);
    let unit = unit_info(text)?;
    (unit.dim == fact.dim).then_some(Stated {
        value,
        unit,
        unit_text: text,
    })
}

/// A stated value in the writer's unit when that reads well (`15 minutes` for 900 s, `10 GB` for
/// 10,240 MB), else as AWS states it (`50 TB`, not `51,200 GB`).
fn say_in(q: &Quantity, s: &Stated) -> String {
    if q.unit.dim == Dimension::Count {
        return fmt_value(s.value);
    }
    let in_user = s.value * s.unit.nominal / q.unit.nominal;
    let whole = in_user.fract() == 0.0 || (in_user * 10.0).fract() == 0.0;
    let convert = same_family(q.unit, s.unit)
        && (whole && in_user >= 0.1 || s.value == 0.0)
        // Sizes are not spelt out in a smaller unit than AWS's.
        && !(q.unit.dim == Dimension::Size && s.unit.nominal > q.unit.nominal);
    if convert {
        format!("{} {}", fmt_value(in_user), q.unit_text)
    } else {
        format!("{} {}", fmt_value(s.value), s.unit_text)
    }
}

fn say_written(q: &Quantity) -> String {
    if q.unit.dim == Dimension::Count {
        fmt_value(q.n)
    } else {
        format!("{} {}", fmt_value(q.n), q.unit_text)
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
pub(super) fn sentences(s: &str) -> Vec<(usize, &str)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The clause words and the change narration are found where the regexes they replaced found
    /// them, on fixed samples and pseudo-random lowercase text.
    #[test]
    fn word_tests_are_the_regex_matches() {
        let clause = regex!(r"(?-u:\b)(?:while|whereas|but|and|or|unlike|versus|vs)(?-u:\b)");
        let change = regex!(
            r"(?-u:\b)(?:increased|increases|increase|raised|extended|grew|changed|bumped|went|up|decreased|reduced|lowered) from(?-u:\b)|(?-u:\b)previously(?-u:\b)|(?-u:\b)used to be(?-u:\b)|(?-u:\b)formerly(?-u:\b)"
        );
        let check = |s: &str| {
            let starts: Vec<usize> = clause.find_iter(s).map(|m| m.start()).collect();
            let mut expected: Vec<usize> = s
                .bytes()
                .enumerate()
                .filter(|(_, b)| matches!(b, b',' | b';' | b':' | b'(' | b')'))
                .map(|(i, _)| i + 1)
                .chain(starts)
                .collect();
            expected.sort_unstable();
            assert_eq!(clause_starts(s), expected, "{s:?}");
            assert_eq!(narrates_change(s), change.is_match(s), "{s:?}");
        };
        for s in [
            "",
            "and or but, vs. versus while whereas unlike; band order vsx _and and_ é and",
            "it increased from 5 to 6",
            "up from 128 kb",
            "upfrom, up  from, up fromage, went from, increase fromx",
            "it used to be 5",
            "used to bee, used to be_, previously, formerly; previouslyx xformerly",
        ] {
            check(s);
        }
        let pieces = [
            "and",
            "or",
            "but",
            "vs",
            "while",
            "up",
            "used",
            "to",
            "be",
            "from",
            "went",
            "increased",
            "previously",
            "formerly",
            " ",
            "  ",
            "_",
            "x",
            "é",
            ",",
            "(",
            ".",
            "1",
        ];
        for s in crate::testdata::texts_of_pieces(3, &pieces, 9, 20_000) {
            check(&s);
        }
    }

    fn findings(text: &str) -> Vec<(RuleId, String, String)> {
        run_on_prose(text, check)
    }

    /// One 150 KB sentence of numbers: every number is read, each reading only the bytes around it (the
    /// test checks the output; `examples/scaling.rs` has the timing).
    #[test]
    fn a_sentence_of_many_numbers() {
        let line = format!("Lambda memory is {}fine.", "5 MB, ".repeat(25_000));
        assert!(line.len() > 150_000);
        assert!(findings(&line).is_empty());
        let line = format!("Lambda memory: {}and so on.", "3,008 MB, ".repeat(15_000));
        let got = findings(&line);
        assert_eq!(got.len(), 15_000);
        assert!(got
            .iter()
            .all(|(rule, written, message)| *rule == RuleId::OutdatedLimit
                && written == "3,008 MB"
                && message.contains("the maximum is 10,240 MB now")));
    }

    #[test]
    fn units_as_aws_states_them() {
        // AWS states S3's maximum object size as 50 TB, 53.7 TB and 48.8 TiB.
        assert!(findings("An S3 object can be up to 50 TB.").is_empty());
        assert!(findings("An S3 object can be up to 53.7 TB.").is_empty());
        assert!(findings("An S3 object can be up to 48.8 TiB.").is_empty());
        let got = findings("An S3 object can be up to 50 TiB.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].2.contains("the maximum is 48.8 TiB, not 50 TiB"),
            "{got:?}"
        );
        let got = findings("An S3 object can be up to 60 TB.");
        assert!(
            got[0].2.contains("the maximum is 50 TB, not 60 TB"),
            "{got:?}"
        );
        // The old limit, in either family, is outdated; the answer is in the writer's family.
        let got = findings("The maximum size of an S3 object is 5 TB.");
        assert!(
            got[0]
                .2
                .contains("outdated since 2025-12-02: the maximum is 50 TB now"),
            "{got:?}"
        );
        let got = findings("The maximum size of an S3 object is 5 TiB.");
        assert!(got[0].2.contains("the maximum is 48.8 TiB now"), "{got:?}");
        // Inside a family the symbols step by 1,024 as AWS uses them.
        assert!(findings("Lambda memory can be up to 10 GB.").is_empty());
        assert!(findings("Lambda memory can be up to 10,240 MiB.").is_empty());
    }

    #[test]
    fn neighbouring_subjects() {
        let got = findings(
            "Lambda times out after 15 minutes while API Gateway integrations time out after up to 29 seconds.",
        );
        assert!(got.is_empty(), "{got:?}");
        let got = findings(
            "API Gateway integrations time out after up to 29 seconds while Lambda can run for up to 30 minutes.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "30 minutes");
    }

    #[test]
    fn subject_from_the_previous_sentence() {
        let got =
            findings("Kinesis Data Streams is a streaming service. A record can be up to 20 MB.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "20 MB");
        // Not across a paragraph, nor when the previous sentence names two services.
        assert!(findings(
            "Kinesis Data Streams is a streaming service.\n\nA record can be up to 20 MB."
        )
        .is_empty());
        assert!(
            findings("Kinesis Data Streams feeds Lambda. A record can be up to 20 MB.").is_empty()
        );
    }
}
