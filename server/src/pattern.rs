//! [`Pattern`]: a regex compiled without the regex crate's literal prefilter, for the rules' patterns that
//! only ever run on text the trigger pass (`rules::triggers`) has already found their literal in.
//!
//! Why: `regex::Regex` extracts literals from every pattern and builds a prefilter for them (often an
//! Aho-Corasick automaton) so that a search can skip to where a match may start. For these patterns the
//! trigger pass has done that skipping once per region for every rule together, so the prefilter is
//! pure start-up cost: building it was about a third of compiling them, and a one-note `awsnotes lint`
//! compiles most of the rules' patterns (`valgrind --tool=callgrind`, `seed-notes.md`: 10% of all its
//! instructions were prefilter construction). Patterns that scan every region of their kind keep
//! `regex::Regex` (`rules::regex!`), whose prefilter pays for itself there.
//!
//! The API is the subset of `regex::Regex` the rules use, with the same names, so a pattern moves
//! between the two by changing its macro only. Matching is the same engine (`regex_automata::meta`,
//! which `regex::Regex` wraps) configured as the regex crate configures it: leftmost-first, UTF-8 mode
//! (matches never split a character), the same size limits.
use std::ops::Range;

use regex_automata::meta;
use regex_automata::util::captures;
use regex_automata::util::syntax;

pub struct Pattern(meta::Regex);

impl Pattern {
    pub fn new(pattern: &str) -> Result<Pattern, Box<meta::BuildError>> {
        let config = meta::Config::new()
            // As `regex::RegexBuilder::new` sets them.
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20))
            .utf8_empty(true)
            .auto_prefilter(false);
        meta::Builder::new()
            .configure(config)
            .syntax(syntax::Config::new().utf8(true))
            .build(pattern)
            .map(Pattern)
            .map_err(Box::new)
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.is_match(haystack)
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.0
            .find_iter(haystack)
            .map(move |m| Match::new(haystack, m.range()))
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let mut caps = self.0.create_captures();
        self.0.captures(haystack, &mut caps);
        caps.is_match().then_some(Captures { haystack, caps })
    }

    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.0
            .captures_iter(haystack)
            .map(move |caps| Captures { haystack, caps })
    }
}

/// A match: as `regex::Match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// The match of `haystack[range]` (a hand-written scanner's answers take this form too).
    pub fn new(haystack: &'h str, range: Range<usize>) -> Match<'h> {
        Match {
            haystack,
            start: range.start,
            end: range.end,
        }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The matched text. UTF-8 mode puts every match on character boundaries.
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The groups of one match: as `regex::Captures`.
#[derive(Debug, Clone)]
pub struct Captures<'h> {
    haystack: &'h str,
    caps: captures::Captures,
}

impl<'h> Captures<'h> {
    /// Group `i` (0 is the whole match), or `None` when it did not take part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.caps
            .get_group(i)
            .map(|span| Match::new(self.haystack, span.range()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same matches, groups and positions as `regex::Regex` on the shapes the rules use: ASCII word
    /// boundaries next to non-ASCII text, optional groups, case-insensitive ASCII, `(?m)` anchors,
    /// empty matches between multi-byte characters.
    #[test]
    fn matches_like_regex() {
        let patterns = [
            r"(?-u:\b)(?i-u:(x-amzn?-[a-z0-9-]*[a-z0-9]))(?:\s*[:=]\s*)?([A-Za-z0-9]+)?",
            r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)\s?(?i-u:(ms|seconds?|kb|mb))(?-u:\b)",
            r"(?m)^[ \t]*([A-Z][a-z]+):",
            r"x*",
            r"(a)|(b)",
            r"(?-u:\b)timeout(?: is)? (?P<span>[0-9]+ (?:s|seconds))",
            r"[^.;]{0,10}x-amz",
        ];
        let haystacks = [
            "",
            "X-Amz-Meta: “Value” 256 KB, 1,000 ms and 2.5 seconds",
            "é x-amzn-trace-id=Root1 ébé",
            "Name: one\n  Other: two\nnone: three",
            "aébxxa",
            "the timeout is 15 seconds; the timeout 900 s.",
        ];
        for p in patterns {
            let (ours, theirs) = (Pattern::new(p).unwrap(), regex::Regex::new(p).unwrap());
            for h in haystacks {
                assert_eq!(ours.is_match(h), theirs.is_match(h), "{p} on {h:?}");
                let a: Vec<_> = ours.find_iter(h).map(|m| (m.range(), m.as_str())).collect();
                let b: Vec<_> = theirs
                    .find_iter(h)
                    .map(|m| (m.range(), m.as_str()))
                    .collect();
                assert_eq!(a, b, "{p} on {h:?}");
                // Every group of every match, as (start, end) or `None`: the two APIs share their names.
                let n = theirs.captures_len();
                macro_rules! groups {
                    ($re:expr) => {
                        $re.captures_iter(h)
                            .map(|c| {
                                (0..n)
                                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                                    .collect::<Vec<_>>()
                            })
                            .collect::<Vec<_>>()
                    };
                }
                assert_eq!(groups!(ours), groups!(theirs), "{p} on {h:?}");
                assert_eq!(
                    ours.captures(h).map(|c| c.get(0).map(|m| m.range())),
                    theirs.captures(h).map(|c| c.get(0).map(|m| m.range())),
                    "{p} on {h:?}"
                );
            }
        }
    }
}
