//! Numbers with units and bare counts: the shapes the limit rules read in a sentence ("waits at most
//! 20 s", "up to 1,000 ms", "5 read replicas").
//!
//! Each is exactly the matches of the regex `limits.rs` used before (kept in the tests, which compare
//! the two on fixed samples and pseudo-random text), found by hand: the regexes were the largest the
//! rules compiled (~0.3 ms at the start of nearly every lint, since most notes state a number), and a
//! number's few possible readings are simple to try in the order a backtracking regex tries them.
use std::ops::Range;

/// The units, matched in any ASCII case. A unit must end a word, so at most one of them matches at
/// a place and their order does not matter (the regex's alternation order gave the same answer).
const UNITS: &[&str] = &[
    "milliseconds",
    "millisecond",
    "ms",
    "seconds",
    "second",
    "secs",
    "sec",
    "s",
    "minutes",
    "minute",
    "mins",
    "min",
    "hours",
    "hour",
    "hrs",
    "hr",
    "h",
    "days",
    "day",
    "years",
    "year",
    "bytes",
    "byte",
    "kib",
    "mib",
    "gib",
    "tib",
    "gbps",
    "mbps",
    "kb",
    "mb",
    "gb",
    "tb",
];

/// A number and the unit after it: `(number, unit)` ranges in the sentence.
pub type NumberWithUnit = (Range<usize>, Range<usize>);

/// Every number with a unit in `s`, left to right, not overlapping: the matches of
/// `([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)\s?(?i-u:(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|years?|bytes?|kib|mib|gib|tib|gbps|mbps|kb|mb|gb|tb))(?-u:\b)`
/// (`\s` is any Unicode white space).
pub fn numbers_with_units(s: &str) -> Vec<NumberWithUnit> {
    leftmost_matches(s, |p| {
        number_ends(s.as_bytes(), p, true)
            .into_iter()
            .flatten()
            .find_map(|end| {
                let unit_at = end + white_space_len(s, end);
                let unit = unit_at..unit_at + unit_len(s.as_bytes(), unit_at)?;
                Some(((p..end, unit.clone()), unit.end))
            })
    })
}

/// Every bare number followed by white space in `s`, left to right, not overlapping, with where the
/// white space ends: the matches of `([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s+`, as (group 1, match end).
pub fn numbers_before_space(s: &str) -> Vec<(Range<usize>, usize)> {
    leftmost_matches(s, |p| {
        number_ends(s.as_bytes(), p, false)
            .into_iter()
            .flatten()
            .find_map(|end| {
                let mut after = end;
                loop {
                    match white_space_len(s, after) {
                        0 => break,
                        n => after += n,
                    }
                }
                (after > end).then_some(((p..end, after), after))
            })
    })
}

/// The matches of a pattern that starts with a digit, as a regex finds them: the leftmost start where
/// `match_at` finds one (the match and its end), then the next from that end.
fn leftmost_matches<T>(s: &str, match_at: impl Fn(usize) -> Option<(T, usize)>) -> Vec<T> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut p = 0;
    while p < b.len() {
        match b[p].is_ascii_digit().then(|| match_at(p)).flatten() {
            Some((found, end)) => {
                out.push(found);
                p = end;
            }
            None => p += 1,
        }
    }
    out
}

/// Where a number starting at `p` (a digit) may end, in the order the regex tries its readings: with
/// thousands separators (`1,000`), then with a fraction (`2.5`, when `fraction`), then digits alone.
/// The readings a backtracking regex would also try (fewer digits, fewer groups) all end before a
/// digit, a comma or a period, where neither white space nor a unit can follow: they never match.
fn number_ends(b: &[u8], p: usize, fraction: bool) -> [Option<usize>; 3] {
    let digits_from = |at: usize| super::words::run_end(b, at, u8::is_ascii_digit) - at;
    let run = digits_from(p);
    let mut grouped = None;
    if run <= 3 {
        let mut end = p + run;
        while b.get(end) == Some(&b',') && digits_from(end + 1) >= 3 {
            end += 4;
        }
        if end > p + run {
            grouped = Some(end);
        }
    }
    let mut with_fraction = None;
    if fraction && b.get(p + run) == Some(&b'.') {
        let decimals = digits_from(p + run + 1);
        if decimals > 0 {
            with_fraction = Some(p + run + 1 + decimals);
        }
    }
    [grouped, with_fraction, Some(p + run)]
}

/// The length of the white space character at `at` of `s`, or 0.
fn white_space_len(s: &str, at: usize) -> usize {
    s.get(at..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

/// The length of the first unit (in [`UNITS`] order) at `at` of `b` that ends a word there.
fn unit_len(b: &[u8], at: usize) -> Option<usize> {
    let rest = b.get(at..)?;
    let ends_word = |len: usize| {
        !rest
            .get(len)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
    };
    UNITS
        .iter()
        .find(|u| {
            rest.get(..u.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(u.as_bytes()))
                && ends_word(u.len())
        })
        .map(|u| u.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regexes the limit rule used, matched as it matched them.
    fn by_regex(s: &str) -> (Vec<NumberWithUnit>, Vec<(Range<usize>, usize)>) {
        let with_unit = crate::rules::regex!(
            r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)\s?(?i-u:(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|years?|bytes?|kib|mib|gib|tib|gbps|mbps|kb|mb|gb|tb))(?-u:\b)"
        );
        let bare = crate::rules::regex!(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s+");
        (
            crate::testdata::group_pairs(with_unit, s),
            bare.captures_iter(s)
                .map(|c| (c.get(1).unwrap().range(), c.get(0).unwrap().end()))
                .collect(),
        )
    }

    fn check(s: &str) {
        let (with_unit, bare) = by_regex(s);
        assert_eq!(numbers_with_units(s), with_unit, "{s:?}");
        assert_eq!(numbers_before_space(s), bare, "{s:?}");
    }

    #[test]
    fn numbers_are_the_regex_matches() {
        for s in [
            "",
            "waits at most 20 s, 20s, 20 seconds or 20 Seconds; 900 sec and 15 mins",
            "1,000 ms 1,0000 ms 12345,678 ms 1,234,567 bytes 1,23 kb 2.5 GB 2. GB 2.x GB .5 GB",
            "10 GBps 10 Gbps 5 msec 5 msx 5 ms_ 5 mS 3\u{a0}MiB 3\u{2003}h 3\t\th 7\nTB 7 \u{a0}TB",
            "5 read replicas, 1,000  items, 12 \u{a0}x, 3,000, 4 5 6 7,",
            "99hrs 99 hr 1 h. 1 day1 2 years 64 KiB 10 TiB 1 Byte 1 bytesx 1.5.5 s 0.25 s",
        ] {
            check(s);
        }
        let pieces = [
            "1", "12", "123", "1234", ",", ",000", ".", "5", " ", "\u{a0}", "\t", "ms", "s", "S",
            "seconds", "sec", "min", "h", "hours", "x", "_", "GB", "kib", "Gbps", "é", "-", "day",
        ];
        for s in crate::testdata::texts_of_pieces(5, &pieces, 10, 30_000) {
            check(&s);
        }
    }
}
