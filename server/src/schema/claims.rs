//! Derived index over the `claim` entries: one Aho-Corasick pass over a text finds the claims whose
//! trigger words it contains (the prefilter of `outdated-claim`); each claim's patterns and guards are
//! compiled once, on first use.
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::model::Kind;
use super::Schema;

/// One claim, compiled.
pub struct Claim {
    /// Entry id in the schema.
    pub id: u32,
    /// Lowercase subject phrases (any one, whole words).
    pub subject: Vec<String>,
    pub claim: Vec<Regex>,
    pub guards: Vec<Regex>,
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
            // A pattern that does not compile (a user file's) leaves its claim out rather than failing
            // the analysis; `schema/generator/validate.py` and the tests check the shipped ones.
            // Word boundaries are ASCII (`(?-u:\b)`): a Unicode `\b` makes the regex crate leave its fast
            // DFA on any sentence with a curly quote, and the claims' words are ASCII.
            let compile = |res: &[String]| -> Option<Vec<Regex>> {
                res.iter()
                    .map(|r| Regex::new(&r.replace(r"\b", r"(?-u:\b)")).ok())
                    .collect()
            };
            let (Some(claim), Some(guards)) = (compile(&e.claim), compile(&e.guards)) else {
                continue;
            };
            if claim.is_empty() || e.triggers.is_empty() {
                continue;
            }
            for t in &e.triggers {
                patterns.push(t.to_ascii_lowercase());
                target.push(claims.len());
            }
            claims.push(Claim {
                id,
                subject: e.subject.iter().map(|s| s.to_ascii_lowercase()).collect(),
                claim,
                guards,
            });
        }
        let triggers = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("valid patterns");
        ClaimIndex {
            triggers,
            target,
            claims,
        }
    }

    /// Whether `text` contains any claim's trigger (one pass, no allocation).
    pub fn any_trigger(&self, text: &str) -> bool {
        !self.claims.is_empty() && self.triggers.is_match(text)
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
