//! Derived index over the `claim` entries: one Aho-Corasick pass over a text finds the claims whose
//! trigger words it contains (the prefilter of `outdated-claim`); each claim's patterns and guards are
//! compiled once, on first use: compiling all of them cost a fifth of a one-note `awsnotes lint`, and a
//! note triggers one claim or none.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta;
use regex_automata::util::syntax;

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

/// A claim's pattern or guard: a byte regex, as `regex::bytes::Regex` builds one, compiled in two
/// stages. A claim's patterns are searched in single sentences, and a note meets a claim's subject in
/// a few: the NFA engines (bounded backtracker, PikeVM) search those, and compiling for them alone is
/// about half the work (no reverse NFA, no DFA): a one-note lint that met a claim's trigger words and
/// subject spent a tenth of its instructions compiling that claim. A sentence longer than
/// [`SHORT_SENTENCE`], and every sentence once the pattern has searched [`NFA_BUDGET`] bytes, gets the
/// full build, made then. Every engine finds the same matches and groups.
pub struct Regex {
    nfa_only: meta::Regex,
    full: OnceLock<Option<meta::Regex>>,
    /// Bytes the NFA-only build has searched: past [`NFA_BUDGET`] the full build takes over.
    searched: AtomicUsize,
    config: meta::Config,
    syntax: syntax::Config,
    pattern: Box<str>,
}

/// The longest haystack searched without the lazy DFA. The backtracker takes a haystack whose
/// (length × NFA states) fits its 256 KB of visited bits; past that the PikeVM, many times slower than
/// the lazy DFA on long text, would search it.
const SHORT_SENTENCE: usize = 1024;

/// How many bytes a pattern searches with the NFA engines before it gets the full build. The NFA
/// engines cost about 200 instructions a byte on a sentence without a match (the lazy DFA about 15),
/// so once a pattern has searched ten or so sentences, compiling the DFA costs less than searching on
/// without it. A one-note lint stays under it (`seed-notes.md`: 44.9 M instructions with or without);
/// the 620 KB benchmark note searched 2,722 sentences, 62 M instructions with the NFA engines, 31 M
/// with a budget of 16 KB, 12 M with this one.
const NFA_BUDGET: usize = 1024;

impl Regex {
    /// Without Unicode classes: the claims' words are ASCII, and `[^.;]{0,40}` or `\s` as Unicode
    /// classes made compiling one claim cost milliseconds (each bounded repeat copies a UTF-8
    /// automaton); an ASCII `\b` also keeps the regex crate on its fast DFA in sentences with curly
    /// quotes. Literal non-ASCII characters (`’`) still match as their UTF-8 bytes. A pattern that needs
    /// Unicode (`\p{L}`, a user file's) gets it.
    fn new(pattern: &str) -> Option<Regex> {
        let config = meta::Config::new()
            // As `regex::bytes::RegexBuilder::new` sets them; no literal prefilter, since the claim's
            // trigger words were found first.
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20))
            .utf8_empty(false)
            .auto_prefilter(false);
        let build = |syntax: syntax::Config| {
            meta::Builder::new()
                .configure(config.clone().hybrid(false).dfa(false))
                .syntax(syntax)
                .build(pattern)
                .ok()
                .map(|nfa_only| (nfa_only, syntax))
        };
        let bytes = syntax::Config::new().utf8(false);
        let (nfa_only, syntax) = build(bytes.unicode(false)).or_else(|| build(bytes))?;
        Some(Regex {
            nfa_only,
            full: OnceLock::new(),
            searched: AtomicUsize::new(0),
            config,
            syntax,
            pattern: pattern.into(),
        })
    }

    /// The build to search a haystack of `len` bytes with.
    fn for_len(&self, len: usize) -> &meta::Regex {
        if len <= SHORT_SENTENCE
            && self.searched.fetch_add(len, Ordering::Relaxed) + len <= NFA_BUDGET
        {
            return &self.nfa_only;
        }
        // The full build compiles what the first one did and more, under the same limits; should it
        // fail all the same, the NFA engines give the same answers, only slower.
        self.full
            .get_or_init(|| {
                meta::Builder::new()
                    .configure(self.config.clone())
                    .syntax(self.syntax)
                    .build(&self.pattern)
                    .ok()
            })
            .as_ref()
            .unwrap_or(&self.nfa_only)
    }

    pub fn is_match(&self, haystack: &[u8]) -> bool {
        self.for_len(haystack.len()).is_match(haystack)
    }

    /// Where the group `name` matched in the first match, else the whole first match.
    pub fn group_or_match(&self, haystack: &[u8], name: &str) -> Option<std::ops::Range<usize>> {
        let re = self.for_len(haystack.len());
        let mut caps = re.create_captures();
        re.captures(haystack, &mut caps);
        caps.get_group_by_name(name)
            .or_else(|| caps.get_match().map(|m| m.span()))
            .map(|span| span.range())
    }
}

fn compile(res: &[String]) -> Option<Vec<Regex>> {
    res.iter().map(|r| Regex::new(r)).collect()
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
        // (left to choose, the crate built a DFA: 5 M instructions more for a one-note lint), of the
        // lowercase words, searched in a lowercased copy of the sentence (as `rules::triggers` does:
        // a third less to build than an automaton that matches in any case).
        let triggers = AhoCorasickBuilder::new()
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

    /// The claims whose triggers `text` contains in any ASCII case, in schema order, each once.
    pub fn triggered(&self, text: &str) -> Vec<&Claim> {
        let mut hit = vec![false; self.claims.len()];
        for m in self
            .triggers
            .find_overlapping_iter(&text.as_bytes().to_ascii_lowercase())
        {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_match_in_any_case() {
        let schema = crate::schema::embedded();
        let index = ClaimIndex::build(&schema);
        let claim = |c: &Claim| schema.entry(c.id).name.clone();
        for text in ["can ACM certificates be Exported?", "EXPORT", "reexports"] {
            let found: Vec<String> = index.triggered(text).into_iter().map(claim).collect();
            assert_eq!(found, ["acm.certificates-not-exportable"], "{text}");
        }
        assert!(index.triggered("ex port").is_empty());
    }

    /// A text that `hir` mostly matches: one branch of each alternation, a few repeats, a byte of each
    /// class (ASCII, else a space); look-arounds take nothing, so a `\\b` can make it miss.
    fn sample(hir: &regex_syntax::hir::Hir, rng: &mut crate::testdata::Lcg, out: &mut Vec<u8>) {
        use regex_syntax::hir::{Class, HirKind};
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(l) => out.extend_from_slice(&l.0),
            HirKind::Class(Class::Bytes(c)) => {
                let r = c.ranges()[rng.below(c.ranges().len())];
                out.push(r.start() + rng.below(usize::from(r.end() - r.start()) + 1) as u8);
            }
            HirKind::Class(Class::Unicode(c)) => {
                let r = c.ranges()[rng.below(c.ranges().len())];
                let ch = u32::from(r.start())
                    + rng.below((u32::from(r.end()) - u32::from(r.start())) as usize + 1) as u32;
                out.push(u8::try_from(ch).ok().filter(u8::is_ascii).unwrap_or(b' '));
            }
            HirKind::Repetition(r) => {
                let extra = r.max.map_or(3, |max| (max - r.min).min(3));
                for _ in 0..r.min + rng.below(extra as usize + 1) as u32 {
                    sample(&r.sub, rng, out);
                }
            }
            HirKind::Capture(c) => sample(&c.sub, rng, out),
            HirKind::Concat(all) => all.iter().for_each(|h| sample(h, rng, out)),
            HirKind::Alternation(all) => sample(&all[rng.below(all.len())], rng, out),
        }
    }

    /// Short sentences are searched with the NFA-only build until the pattern has searched
    /// [`NFA_BUDGET`] bytes; then the full build is made and searches them, with the same answers.
    #[test]
    fn the_full_build_takes_over_after_the_budget() {
        let re = Regex::new(r"\b(?P<span>max(imum)? (of )?\d+ seconds)\b").unwrap();
        let hit = b"the visibility timeout is at most a maximum of 43200 seconds here";
        let miss = b"the visibility timeout is configurable per queue and per message";
        let mut searched = 0;
        while searched + hit.len() + miss.len() <= NFA_BUDGET {
            assert_eq!(re.group_or_match(hit, "span"), Some(36..60));
            assert!(!re.is_match(miss));
            searched += hit.len() + miss.len();
        }
        assert!(re.full.get().is_none(), "built after {searched} bytes");
        for _ in 0..3 {
            assert_eq!(re.group_or_match(hit, "span"), Some(36..60));
            assert!(!re.is_match(miss));
        }
        assert!(matches!(re.full.get(), Some(Some(_))));
    }

    /// Both builds of every shipped claim's patterns and guards find what `regex::bytes::Regex` finds
    /// (match, span group) in sentences made of the pattern's own words in its order, some skipped,
    /// with fillers between, and in the same sentences made longer than [`SHORT_SENTENCE`].
    #[test]
    fn both_builds_match_like_regex_bytes() {
        let schema = crate::schema::embedded();
        let index = ClaimIndex::build(&schema);
        let sources: Vec<&String> = index
            .claims
            .iter()
            .flat_map(|c| c.claim_sources.iter().chain(&c.guard_sources))
            .collect();
        assert!(sources.len() > 20, "{}", sources.len());
        let fillers = [" ", " the ", " é ", ". "];
        let mut rng = crate::testdata::Lcg(5);
        let (mut matched, mut spans) = (0, 0);
        for source in sources {
            let ours = Regex::new(source).unwrap();
            let theirs = ::regex::bytes::RegexBuilder::new(source)
                .unicode(false)
                .build()
                .unwrap();
            let hir = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(source)
                .unwrap();
            for _ in 0..200 {
                // Zero to two samples, with fillers around them.
                let mut text = fillers[rng.below(fillers.len())].as_bytes().to_vec();
                for _ in 0..rng.below(3) {
                    sample(&hir, &mut rng, &mut text);
                    text.extend_from_slice(fillers[rng.below(fillers.len())].as_bytes());
                }
                let text = String::from_utf8_lossy(&text).into_owned();
                let long = format!("{}{text}", "a b ".repeat(SHORT_SENTENCE / 4));
                for h in [text.as_bytes(), long.as_bytes()] {
                    let expected = theirs.captures(h).map(|c| {
                        c.name("span")
                            .or_else(|| c.get(0))
                            .map(|m| m.range())
                            .unwrap()
                    });
                    assert_eq!(ours.is_match(h), expected.is_some(), "{source} on {text:?}");
                    assert_eq!(
                        ours.group_or_match(h, "span"),
                        expected,
                        "{source} on {text:?}"
                    );
                    matched += usize::from(expected.is_some());
                    spans +=
                        usize::from(theirs.captures(h).is_some_and(|c| c.name("span").is_some()));
                }
            }
        }
        // The sentences exercise the patterns: many match, with their span group.
        assert!(matched > 5_000 && spans > 2_000, "{matched} {spans}");
    }
}
