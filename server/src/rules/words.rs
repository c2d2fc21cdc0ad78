//! Word shapes several rules look for, found by the candidate scan's byte loop
//! ([`super::candidates`]) instead of one regex per rule.
//!
//! Why by hand: a regex such as `\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b` has no literal to search for, so
//! the regex crate starts and ends a match attempt at every capital letter of the text; two rules ran
//! two of them over every prose region (13% of a prose-heavy analysis). Word boundaries here are ASCII,
//! as in the rules' regexes (`(?-u:\b)`): a word is a maximal run of `[0-9A-Za-z_]`.
use std::ops::Range;

/// A PascalCase word: a whole word that is `[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+` (`PutItem`,
/// `DescribeDBInstances`, `Route53Resolver`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PascalWord {
    pub range: Range<usize>,
    /// Capitalised parts after the first (`PutItem` 1, `GetItemOutput` 2, `DescribeDBInstances` 4).
    pub humps: usize,
}

/// `[0-9A-Za-z_]`, the bytes of a word, as a table: one load per byte of every region scanned.
pub(super) static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    table
};

/// The words of `s`: its maximal runs of `[0-9A-Za-z_]`, the words between the ASCII `\b` of the
/// rules' regexes. A regex `(?-u:\b)(?:while|and|…)(?-u:\b)` finds exactly the runs that are one of
/// its words.
pub(super) fn word_runs(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !WORD_BYTE[b[i] as usize] {
            i += 1;
        }
        let start = i;
        while i < b.len() && WORD_BYTE[b[i] as usize] {
            i += 1;
        }
        (i > start).then_some(start..i)
    })
}

/// Where the run of bytes of `class` that starts at `from` in `b` ends (`from` when there is none, and
/// past the end of `b`): the greedy `[…]*` of the regexes the hand-written scanners replaced.
pub(super) fn run_end(b: &[u8], from: usize, class: impl Fn(&u8) -> bool) -> usize {
    from + b
        .get(from..)
        .map_or(0, |r| r.iter().take_while(|c| class(c)).count())
}

/// The number of capitalised parts after the first when the whole of `w` is
/// `[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+`, else `None`.
pub(super) fn pascal_humps(w: &[u8]) -> Option<usize> {
    if w.len() < 3 || !w[0].is_ascii_uppercase() || !w[1].is_ascii_lowercase() {
        return None;
    }
    let mut i = 2;
    while i < w.len() && w[i].is_ascii_lowercase() {
        i += 1;
    }
    let mut humps = 0;
    while i < w.len() {
        if !w[i].is_ascii_uppercase() {
            return None; // a digit or `_` after the first part, or `_` anywhere
        }
        i += 1;
        while i < w.len() && (w[i].is_ascii_lowercase() || w[i].is_ascii_digit()) {
            i += 1;
        }
        humps += 1;
    }
    (humps > 0).then_some(humps)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same matches as the regexes the rules used, on fixed samples and on pseudo-random text.
    #[test]
    fn pascal_words_are_the_regex_matches() {
        let one = regex::Regex::new(r"(?-u:\b)[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+(?-u:\b)").unwrap();
        let two = regex::Regex::new(r"(?-u:\b)[A-Z][a-z]+(?:[A-Z][a-z0-9]*){2,}(?-u:\b)").unwrap();
        let check = |s: &str| {
            let got = super::super::candidates::scan(s, super::super::candidates::Shapes::ALL)
                .pascal_words;
            let want: Vec<Range<usize>> = one.find_iter(s).map(|m| m.range()).collect();
            assert_eq!(
                got.iter().map(|w| w.range.clone()).collect::<Vec<_>>(),
                want,
                "{s:?}"
            );
            let want2: Vec<Range<usize>> = two.find_iter(s).map(|m| m.range()).collect();
            let got2: Vec<Range<usize>> = got
                .iter()
                .filter(|w| w.humps >= 2)
                .map(|w| w.range.clone())
                .collect();
            assert_eq!(got2, want2, "{s:?}");
        };
        for s in [
            "",
            "PutItem GetItemOutput DescribeDBInstances Route53Resolver",
            "Put PUT PutI Pu_tItem _PutItem PutItem_ 9PutItem PutItem9 éPutItemé",
            "x.PutItem(foo) `GetItem` **BatchWriteItem**, Abc1Def",
        ] {
            check(s);
        }
        // A small alphabet makes every shape likely; a fixed LCG keeps the test deterministic.
        let alphabet = ['A', 'B', 'a', 'b', '1', '_', ' ', '.', 'é'];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..12 {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push(alphabet[(x >> 33) as usize % alphabet.len()]);
            }
            check(&s);
        }
    }
}
