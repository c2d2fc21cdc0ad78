//! Derived index over the `claim` entries: one Aho-Corasick pass over a text finds the claims whose
//! trigger words it contains (the prefilter of `outdated-claim`); each claim's patterns and guards are
//! compiled once, on first use: compiling all of them cost a fifth of a one-note `awsnotes lint`, and a
//! note triggers one claim or none.
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::bytes::{Regex, RegexBuilder};

use super::model::Kind;
use super::Schema;

/// One claim, compiled.
pub struct Claim {
    /// Entry id in the schema.
    pub id: u32,
    /// Lowercase subject phrases (any one, whole words).
    pub subject: Vec<String>,
    claim_sources: Vec<String>,
    guard_sources: Vec<String>,
    claim: OnceLock<Option<Vec<Regex>>>,
    guards: OnceLock<Option<Vec<Regex>>>,
}

impl Claim {
    /// The patterns that state the claim, compiled on first use; `None` when one of them does not
    /// compile (a user file's: the claim is left out rather than failing the analysis;
    /// `schema/generator/validate.py` and the tests check the shipped ones).
    pub fn claim_patterns(&self) -> Option<&[Regex]> {
        self.claim
            .get_or_init(|| compile(&self.claim_sources))
            .as_deref()
    }

    /// The guards that excuse a sentence, compiled only once a sentence states the claim (most
    /// sentences with a trigger word do not, and the guards are the larger half to compile).
    pub fn guard_patterns(&self) -> Option<&[Regex]> {
        self.guards
            .get_or_init(|| compile(&self.guard_sources))
            .as_deref()
    }
}

/// Byte regexes without Unicode classes: the claims' words are ASCII, and `[^.;]{0,40}` or `\s` as
/// Unicode classes made compiling one claim cost milliseconds (each bounded repeat copies a UTF-8
/// automaton); an ASCII `\b` also keeps the regex crate on its fast DFA in sentences with curly quotes.
/// Literal non-ASCII characters (`’`) still match as their UTF-8 bytes. A pattern that needs Unicode
/// (`\p{L}`, a user file's) gets it.
fn compile(res: &[String]) -> Option<Vec<Regex>> {
    res.iter()
        .map(|r| {
            RegexBuilder::new(r)
                .unicode(false)
                .build()
                .or_else(|_| Regex::new(r))
                .ok()
        })
        .collect()
}

pub struct ClaimIndex {
    triggers: AhoCorasick,
    /// Per trigger pattern: the claim (index into `claims`).
    target: Vec<usize>,
    pub claims: Vec<Claim>,
}

impl ClaimIndex {
    pub fn build(schema: &Schema) -> ClaimIndex {
        let mut patterns = Vec::new();
        let mut target = Vec::new();
        let mut claims = Vec::new();
        for id in schema.of_kind_ids(Kind::Claim) {
            let e = schema.entry(id);
            if e.claim.is_empty() || e.triggers.is_empty() {
                continue;
            }
            for t in &e.triggers {
                patterns.push(t.to_ascii_lowercase());
                target.push(claims.len());
            }
            claims.push(Claim {
                id,
                subject: e.subject.iter().map(|s| s.to_ascii_lowercase()).collect(),
                claim_sources: e.claim.clone(),
                guard_sources: e.guards.clone(),
                claim: OnceLock::new(),
                guards: OnceLock::new(),
            });
        }
        // Searched only in sentences the trigger pass saw a claim's trigger word in: a contiguous NFA
        // (left to choose, the crate built a DFA: 5 M instructions more for a one-note lint).
        let triggers = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("valid patterns");
        ClaimIndex {
            triggers,
            target,
            claims,
        }
    }

    /// The claims whose triggers `text` contains, in schema order, each once.
    pub fn triggered(&self, text: &str) -> Vec<&Claim> {
        let mut hit = vec![false; self.claims.len()];
        for m in self.triggers.find_overlapping_iter(text) {
            hit[self.target[m.pattern().as_usize()]] = true;
        }
        self.claims
            .iter()
            .zip(hit)
            .filter(|(_, h)| *h)
            .map(|(c, _)| c)
            .collect()
    }
}
