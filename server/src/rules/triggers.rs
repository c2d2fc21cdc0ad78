//! The one literal pass over a region: which checkers' trigger words it contains.
//!
//! Most regions give most rules nothing to judge, and each rule knew that from a literal of its own
//! (`x-amz` for the header rules, `-east-` for Regions, a claim's trigger words, `aws ` for CLI
//! commands …): fourteen literal scans per region, each a full pass of its own automaton or substring
//! search. Here every rule's literals, lowercased, are one Aho-Corasick automaton that matches them in
//! any ASCII case, run once per region by the engine ([`Context::triggers`]); a case-sensitive literal
//! is checked against the bytes it matched. A checker asks `cx.triggers(region).has(…)` first and
//! skips the region when its literal is absent, exactly as its own scan did.
//!
//! Two of the literal sets come from the schema (claims' trigger words, retired names), so the automaton is
//! built once per schema ([`Schema::derived`]).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use rustc_hash::FxHashMap as HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::context::Context;
use crate::markdown::Region;
use crate::schema::{Kind, Schema};

/// A set of literals one checker (or one of its readings) waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Trigger {
    /// `DependsOn`, `DeletionPolicy` … and `AWSTemplateFormatVersion`: the stems of the template keys
    /// `unknown-cfn-name` spells out.
    CfnKeyStem,
    /// `…Exception`, `…Error`, `…Fault`, `…Exceeded`: the shapes of error codes.
    ErrorCodeStem,
    /// `AWS_…`, `_X_AMZN_…`, `ECS_…`, `CODEBUILD_…`: reserved environment variable prefixes.
    EnvVarPrefix,
    /// `us-east-1`: the direction infix of Region codes.
    RegionInfix,
    /// `s3:ObjectCreated:*`: an S3 event type in full.
    S3EventPrefix,
    /// `ObjectCreated`, `LifecycleExpiration` …: an S3 event category named bare in prose.
    S3EventCategory,
    /// `x-amz-…` in any case: the header rules.
    AmzHeader,
    /// `amz-…` without its `x-` (`amz-storage-class`), or any `…mz-` slip.
    HeaderTail,
    /// "Lambda" or "runtime" in any case: a runtime named in prose is judged only near them.
    LambdaOrRuntime,
    /// `nodejs`, `python`, `java`, `dotnet`, `ruby`, `go1.`, `provided`: the stems of Lambda runtime
    /// identifiers (`deprecated-runtime`'s pattern starts with one).
    RuntimeStem,
    /// A `claim` entry's trigger word (any case).
    Claim,
    /// The name of a retired service (case as written in the schema).
    RetiredName,
    /// `AWS ` or `Amazon ` before a name: the prefix rules.
    ServicePrefix,
    /// "console" in any case: a console named, or linked.
    Console,
    /// `aws ` (lowercase, as typed in a shell): an AWS CLI command.
    AwsCommand,
    /// `…ersion` (`Version`, `version`): an IAM policy's `Version`.
    VersionWord,
    /// `cfn-`: a CloudFormation helper script (`cfn-signal`).
    CfnHelper,
    /// `::`: a CloudFormation type or pseudo parameter (`AWS::S3::Bucket`).
    DoubleColon,
    /// `CodeDeployDefault.`: a CodeDeploy deployment configuration.
    CodeDeployConfig,
}

// `Triggers` keeps one bit per trigger in a `u32` (`CodeDeployConfig` is the last variant).
const _: () = assert!((Trigger::CodeDeployConfig as u32) < 32);

/// The literals of the rules, in their case: `true` for a literal matched in any ASCII case.
const STATIC_LITERALS: &[(Trigger, bool, &[&str])] = &[
    (
        Trigger::CfnKeyStem,
        false,
        &["Depend", "Delet", "Creat", "Updat", "AWSTemplate"],
    ),
    (Trigger::ErrorCodeStem, false, &["Ex", "Error", "Fault"]),
    (
        Trigger::EnvVarPrefix,
        false,
        &["AWS_", "_X_AM", "ECS_", "CODEBUILD_"],
    ),
    (
        Trigger::RegionInfix,
        false,
        &["-east-", "-west-", "-north", "-south", "-central-"],
    ),
    (Trigger::S3EventPrefix, false, &["s3:"]),
    (
        Trigger::S3EventCategory,
        false,
        &["Object", "Lifecycle", "Replication", "IntelligentTiering"],
    ),
    (Trigger::AmzHeader, true, &["x-amz"]),
    (Trigger::HeaderTail, false, &["mz-"]),
    (Trigger::LambdaOrRuntime, true, &["lambda", "runtime"]),
    (Trigger::ServicePrefix, false, &["AWS ", "Amazon "]),
    (Trigger::Console, true, &["console"]),
    (
        Trigger::RuntimeStem,
        false,
        &[
            "nodejs", "python", "java", "dotnet", "ruby", "go1.", "provided",
        ],
    ),
    (Trigger::AwsCommand, false, &["aws "]),
    (Trigger::VersionWord, false, &["ersion"]),
    (Trigger::CfnHelper, false, &["cfn-"]),
    (Trigger::DoubleColon, false, &["::"]),
    (Trigger::CodeDeployConfig, false, &["CodeDeployDefault."]),
];

/// The triggers a region contains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Triggers(u32);

impl Triggers {
    pub fn has(self, trigger: Trigger) -> bool {
        self.0 & (1 << trigger as u8) != 0
    }

    fn insert(&mut self, trigger: Trigger) {
        self.0 |= 1 << trigger as u8;
    }
}

/// Every literal: (trigger, in any case?, literal), the rules' own and the schema's.
fn literals(schema: &Schema) -> Vec<(Trigger, bool, String)> {
    let mut literals: Vec<(Trigger, bool, String)> = Vec::new();
    for &(trigger, any_case, words) in STATIC_LITERALS {
        literals.extend(words.iter().map(|w| (trigger, any_case, w.to_string())));
    }
    for id in schema.of_kind_ids(Kind::Claim) {
        let e = schema.entry(id);
        // The claims `outdated-claim` can judge (`ClaimIndex::build` keeps the same ones).
        if !e.claim.is_empty() {
            literals.extend(e.triggers.iter().map(|t| (Trigger::Claim, true, t.clone())));
        }
    }
    for e in schema.of_kind(Kind::RetiredService) {
        for spelling in std::iter::once(&e.name).chain(e.aliases.iter()) {
            literals.push((Trigger::RetiredName, false, spelling.clone()));
        }
    }
    // An empty literal would match everywhere (and cannot be a pattern).
    literals.retain(|(_, _, l)| !l.is_empty());
    literals
}

/// One way a match of a pattern counts: for `trigger`, when the literal at `offset` in the match is
/// there in any case, or only as `exact`.
struct Use {
    trigger: Trigger,
    offset: usize,
    exact: Option<Box<[u8]>>,
}

pub struct TriggerIndex {
    /// Each distinct lowercase literal once (a DFA matches them in any case, an NFA in lowercased
    /// text); leftmost-longest, searched again from the byte after each match's start (see
    /// [`TriggerIndex::scan`]).
    ac: AhoCorasick,
    /// Per pattern: the literals a match of it holds (itself, and every literal inside it).
    uses: Vec<Vec<Use>>,
    /// Every trigger some pattern stands for (a scan that has found them all stops).
    all: Triggers,
    /// The longest pattern's length in bytes.
    longest: usize,
}

/// Set by a front end about to analyse megabytes of notes (the CLI over a folder): the trigger pass
/// then runs a DFA. Measured on `../shared/corpus` (10 MB, callgrind): the DFA costs ~31 M instructions
/// to build (a quarter of a one-note lint) and saves ~21 per byte scanned (4.69 G → 4.48 G in all), so
/// it pays above ~1.5 MB; below, and in the server, the contiguous NFA. Either finds the same triggers.
static BULK_INPUT: AtomicBool = AtomicBool::new(false);

/// The CLI is about to analyse at least [`BULK_INPUT_BYTES`]: build the faster-scanning automaton.
pub fn expect_bulk_input() {
    BULK_INPUT.store(true, Ordering::Relaxed);
}

/// Input size from which [`expect_bulk_input`] pays (see [`BULK_INPUT`]).
pub const BULK_INPUT_BYTES: u64 = 2_000_000;

/// The DFA-backed index, a schema's second slot (`Schema::derived` keys slots by type).
struct BulkTriggerIndex(Arc<TriggerIndex>);

/// The schema's trigger index of the kind this process wants.
fn index_for(schema: &Schema) -> Arc<TriggerIndex> {
    if BULK_INPUT.load(Ordering::Relaxed) {
        let build = |schema: &Schema| {
            BulkTriggerIndex(Arc::new(TriggerIndex::build_with(
                schema,
                AhoCorasickKind::DFA,
            )))
        };
        schema.derived(build).0.clone()
    } else {
        schema.derived(TriggerIndex::build)
    }
}

impl TriggerIndex {
    /// The index most analyses use: a contiguous NFA, cheap to build. (Left to choose, the crate
    /// built a DFA: 12–31 M instructions, which a one-note lint pays.)
    pub fn build(schema: &Schema) -> TriggerIndex {
        TriggerIndex::build_with(schema, AhoCorasickKind::ContiguousNFA)
    }

    fn build_with(schema: &Schema, kind: AhoCorasickKind) -> TriggerIndex {
        let literals = literals(schema);
        let mut patterns: Vec<String> = literals
            .iter()
            .map(|(_, _, l)| l.to_ascii_lowercase())
            .collect();
        patterns.sort();
        patterns.dedup();
        let mut all = Triggers::default();
        // A match hides the literals it contains (the search moves on past its start): each pattern
        // carries them, with their place in it.
        let keys: Vec<Vec<u8>> = literals
            .iter()
            .map(|(_, _, l)| l.to_ascii_lowercase().into_bytes())
            .collect();
        // Literals by their first two bytes (a literal of one byte goes in every bucket's search): each
        // pattern is compared only with the literals that start like one of its windows. Comparing every
        // pattern with every literal was quadratic (17 M instructions of a one-note lint).
        let mut by_start: HashMap<[u8; 2], Vec<usize>> = HashMap::default();
        let mut one_byte: Vec<usize> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            match key.as_slice() {
                [a, b, ..] => by_start.entry([*a, *b]).or_default().push(i),
                _ => one_byte.push(i),
            }
        }
        let uses: Vec<Vec<Use>> = patterns
            .iter()
            .map(|pattern| {
                let pattern = pattern.as_bytes();
                // (literal, offset), in literal order and then by offset.
                let mut places: Vec<(usize, usize)> = Vec::new();
                for offset in 0..pattern.len() {
                    let starting = pattern[offset..]
                        .first_chunk::<2>()
                        .and_then(|start| by_start.get(start))
                        .into_iter()
                        .flatten()
                        .chain(&one_byte);
                    for &i in starting {
                        if pattern[offset..].starts_with(&keys[i]) {
                            places.push((i, offset));
                        }
                    }
                }
                places.sort_unstable();
                places
                    .into_iter()
                    .map(|(i, offset)| {
                        let (trigger, any_case, literal) = &literals[i];
                        all.insert(*trigger);
                        Use {
                            trigger: *trigger,
                            offset,
                            exact: (!any_case).then(|| literal.as_bytes().into()),
                        }
                    })
                    .collect()
            })
            .collect();
        // The NFA matches its lowercase patterns in a lowercase copy of the text ([`TriggerIndex::scan`]):
        // it then has one transition per letter instead of two, and building it costs a third less
        // (callgrind: 6.0 -> 4.1 M instructions for the shipped literals), while the scan is as fast,
        // copy included. A DFA reads one transition per byte either way, so the copy would be pure cost
        // for the megabytes it is built for: it matches in any ASCII case itself.
        let automaton = |kind| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(kind == AhoCorasickKind::DFA)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind))
                .build(&patterns)
        };
        // A DFA has a state limit a large user schema (many claim trigger words) could pass: the NFA
        // finds the same matches.
        let ac = automaton(kind)
            .or_else(|_| automaton(AhoCorasickKind::ContiguousNFA))
            .expect("literal patterns");
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        TriggerIndex {
            ac,
            uses,
            all,
            longest,
        }
    }

    /// The triggers `text` contains. Every literal occurrence is seen: the search restarts at the byte
    /// after each match's start, so every start with a match is visited, and the longest match at a
    /// start carries the literals inside it.
    pub fn scan(&self, text: &str) -> Triggers {
        self.scan_in_windows(text.as_bytes(), LOWERCASE_WINDOW)
    }

    /// [`TriggerIndex::scan`], lowercasing the text for the NFA `window` bytes at a time (plus the
    /// longest literal's length, so that every match starting in the window is whole in the copy):
    /// the copy stays small whatever the region's size (a 50 MB code block is one region).
    fn scan_in_windows(&self, bytes: &[u8], window: usize) -> Triggers {
        let dfa = self.ac.kind() == AhoCorasickKind::DFA;
        // The DFA searches `bytes` whole; the NFA searches `lower`, where `lower[i]` is
        // `bytes[window_start + i]` lowercased (ASCII lowercasing keeps every offset), for matches
        // starting before `window_end`.
        let mut lower: Vec<u8> = Vec::new();
        let (mut window_start, mut window_end) = (0, if dfa { bytes.len() } else { 0 });
        let mut found = Triggers::default();
        let mut at = 0;
        while at < bytes.len() {
            if at >= window_end {
                window_start = at;
                window_end = (at + window.max(1)).min(bytes.len());
                let copy_end = (window_end + self.longest).min(bytes.len());
                lower.clear();
                lower.extend(bytes[at..copy_end].iter().map(u8::to_ascii_lowercase));
            }
            let hay = if dfa { bytes } else { &lower };
            let found_at = self
                .ac
                .find(aho_corasick::Input::new(hay).span(at - window_start..hay.len()))
                .map(|m| (window_start + m.start(), m.pattern().as_usize()))
                .filter(|&(start, _)| start < window_end);
            let Some((match_start, pattern)) = found_at else {
                // No match starts before the window's end (the text's, for the DFA).
                at = window_end;
                continue;
            };
            for u in &self.uses[pattern] {
                if found.has(u.trigger) {
                    continue;
                }
                let start = match_start + u.offset;
                let exact_ok = u
                    .exact
                    .as_deref()
                    .is_none_or(|e| bytes.get(start..start + e.len()) == Some(e));
                if exact_ok {
                    found.insert(u.trigger);
                }
            }
            if found == self.all {
                break;
            }
            at = match_start + 1;
        }
        found
    }
}

/// How many bytes of a region [`TriggerIndex::scan`] lowercases at a time for the NFA.
const LOWERCASE_WINDOW: usize = 16 * 1024;

/// Builds the schema's trigger index now (the server does it while its client starts up).
pub fn warm_up(schema: &Schema) {
    index_for(schema);
}

impl Context<'_> {
    /// The triggers in `region`: those the engine found when it entered the region (one pass per
    /// region, whichever checkers ask), else found now.
    pub fn triggers(&self, region: &Region) -> Triggers {
        match self.current_triggers.get() {
            Some((start, found)) if start == region.range.start => found,
            _ => self.scan_triggers(region),
        }
    }

    /// One pass over `region` for every rule's trigger literals.
    pub fn scan_triggers(&self, region: &Region) -> Triggers {
        self.trigger_index
            .get_or_init(|| index_for(self.schema))
            .scan(&self.text[region.range.clone()])
    }

    /// The engine is about to run the checkers on `region`, whose triggers are `found`.
    pub fn enter_region(&self, region: &Region, found: Triggers) {
        self.current_triggers.set(Some((region.range.start, found)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Triggers {
        crate::schema::embedded()
            .derived(TriggerIndex::build)
            .scan(text)
    }

    #[test]
    fn case_sensitive_literals_need_their_case() {
        assert!(scan("see us-east-1").has(Trigger::RegionInfix));
        assert!(!scan("see US-EAST-1").has(Trigger::RegionInfix));
        assert!(scan("a ThrottlingException").has(Trigger::ErrorCodeStem));
        // `ex` inside words is not the error-code stem `Ex`.
        assert!(!scan("the next text").has(Trigger::ErrorCodeStem));
        assert!(scan("Runtime: nodejs18.x").has(Trigger::RuntimeStem));
        assert!(!scan("Node.js 18 and Python 3.12").has(Trigger::RuntimeStem));
    }

    #[test]
    fn any_case_literals_match_in_any_case() {
        assert!(scan("X-Amz-Date").has(Trigger::AmzHeader));
        assert!(scan("the RUNTIME").has(Trigger::LambdaOrRuntime));
        assert!(!scan("plain prose").has(Trigger::LambdaOrRuntime));
        assert!(scan("we use Amazon Rekognition").has(Trigger::ServicePrefix));
        assert!(!scan("the aws cli, AWS_REGION, amazon's").has(Trigger::ServicePrefix));
    }

    #[test]
    fn overlapping_literals_all_count() {
        // `x-amz-` holds `mz-`; `AWS_Ex…` holds two stems.
        let t = scan("x-amz-date");
        assert!(t.has(Trigger::AmzHeader) && t.has(Trigger::HeaderTail));
        let t = scan("AWS_Exec");
        assert!(t.has(Trigger::EnvVarPrefix) && t.has(Trigger::ErrorCodeStem));
    }

    /// The scan finds what a substring search per literal finds, in texts packed with literals, their
    /// pieces and case variants (overlapping and nested ones too), whatever the lowercasing window.
    #[test]
    fn scan_equals_a_search_per_literal() {
        let schema = crate::schema::embedded();
        let indexes = [AhoCorasickKind::ContiguousNFA, AhoCorasickKind::DFA]
            .map(|kind| TriggerIndex::build_with(&schema, kind));
        let literals = literals(&schema);
        let naive = |text: &str| {
            let lower = text.to_ascii_lowercase();
            let mut found = Triggers::default();
            for (trigger, any_case, literal) in &literals {
                let hit = if *any_case {
                    lower.contains(&literal.to_ascii_lowercase())
                } else {
                    text.contains(literal.as_str())
                };
                if hit {
                    found.insert(*trigger);
                }
            }
            found
        };
        let mut rng = crate::testdata::Lcg(7);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.below(6) {
                let (_, _, literal) = &literals[rng.below(literals.len())];
                let piece: String = match rng.below(4) {
                    0 => literal.clone(),
                    1 => literal.to_ascii_uppercase(),
                    2 => literal.get(..literal.len() / 2).unwrap_or("").to_string(),
                    _ => literal
                        .get(literal.len() / 2..)
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                };
                text.push_str(&piece);
                text.push_str(["", " ", "-", "x", "_"][rng.below(5)]);
            }
            let expected = naive(&text);
            for index in &indexes {
                assert_eq!(index.scan(&text), expected, "{text:?}");
                // Lowercased a few bytes at a time: matches across every window boundary.
                for window in [1, 2, 3, 5, 8] {
                    let got = index.scan_in_windows(text.as_bytes(), window);
                    assert_eq!(got, expected, "{text:?} in windows of {window}");
                }
            }
        }
    }

    #[test]
    fn schema_literals_count() {
        let schema = crate::schema::embedded();
        let retired = schema
            .of_kind(Kind::RetiredService)
            .next()
            .expect("a retired service")
            .name
            .clone();
        assert!(scan(&format!("we used {retired} then")).has(Trigger::RetiredName));
        assert!(
            !scan(&format!("we used {} then", retired.to_ascii_uppercase()))
                .has(Trigger::RetiredName)
                || retired.to_ascii_uppercase() == retired
        );
    }
}
