//! The one literal pass over a region: which checkers' trigger words it contains.
//!
//! Most regions give most rules nothing to judge, and each rule knew that from a literal of its own
//! (`x-amz` for the header rules, `-east-` for Regions, a claim's trigger words, `aws ` for CLI
//! commands …): fourteen literal scans per region, each a full pass of its own automaton or substring
//! search. Here every rule's literals are one index ([`TriggerIndex`]) searched once per region by the
//! engine ([`Context::triggers`]): a filter on each position's next three bytes, lowercased, then a
//! comparison with the few literals starting with them (in any ASCII case, or in the literal's own case
//! where it needs one). A checker asks `cx.triggers(region).has(…)` first and skips the region when its
//! literal is absent, exactly as its own scan did.
//!
//! Two of the literal sets come from the schema (claims' trigger words, retired names), so the index is
//! built once per schema ([`Schema::derived`]).

use rustc_hash::FxHashMap as HashMap;

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

/// One literal as the scan compares it.
struct Literal {
    trigger: Trigger,
    /// The literal lowercased: a byte run equal to it in any ASCII case is an occurrence…
    lower: Box<[u8]>,
    /// …unless the literal counts only in its own case.
    exact: Option<Box<[u8]>>,
    /// Its first eight bytes lowercased (fewer for a shorter literal), as [`head_at`] reads them, and
    /// the mask of the bytes it has: one comparison rejects most literals of a bucket. ("Amazon …" and
    /// "AWS …" start 29 and 27 literals, retired names most of them, and AWS's own documentation
    /// names Amazon and AWS on every line.)
    head: u64,
    head_mask: u64,
}

/// The eight bytes at `at` (zeros past the end), ASCII-lowercased, as a little-endian word.
fn head_at(bytes: &[u8], at: usize) -> u64 {
    let x = match bytes.get(at..at + 8) {
        // Eight bytes to read (nearly always): one load, no copy.
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => {
            let mut word = [0u8; 8];
            let run = bytes.get(at..).unwrap_or_default();
            let n = run.len().min(8);
            word[..n].copy_from_slice(&run[..n]);
            u64::from_le_bytes(word)
        }
    };
    // All eight bytes at once: the high bit of each byte of `upper` says `A`..=`Z` (the sums cannot
    // carry into the next byte, and bytes of 0x80 and more are left out), and becomes its bit 5.
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low_seven = x & (0x7F * ONES);
    let at_least_a = low_seven + u64::from(0x80 - b'A') * ONES;
    let above_z = low_seven + u64::from(0x80 - b'Z' - 1) * ONES;
    let upper = at_least_a & !above_z & !x & (0x80 * ONES);
    x | (upper >> 2)
}

/// The bit of a third byte in a [`TriggerIndex::filter`] entry: its low five bits, which a letter
/// has in either case (and which only `!`, control and non-ASCII bytes share with it).
fn third_byte_bit(byte: u8) -> u32 {
    1 << (byte & 31)
}

/// The [`TriggerIndex::filter`] index of every way the pair `a`, `b` can be written in ASCII case.
fn pair_variants(a: u8, b: u8) -> impl Iterator<Item = usize> {
    let cases = |x: u8| [x.to_ascii_lowercase(), x.to_ascii_uppercase()];
    cases(a).into_iter().flat_map(move |a| {
        cases(b)
            .into_iter()
            .map(move |b| usize::from(u16::from_le_bytes([a, b])))
    })
}

pub struct TriggerIndex {
    /// Every literal, once per (trigger, literal, case) reading.
    literals: Vec<Literal>,
    /// Literals of three bytes or more by their first three bytes lowercased (the low three bytes of
    /// [`head_at`]).
    by_three: HashMap<u32, Vec<u16>>,
    /// Literals of two bytes: (the two bytes lowercased, as the low two bytes of [`head_at`], the
    /// literal). Three ship (`Ex`, `::` and a claim's `1k`), so a list.
    by_two: Vec<(u16, u16)>,
    /// Literals of one byte (none ship; a user's claim trigger could be one) by that byte lowercased.
    by_one: HashMap<u8, Vec<u16>>,
    /// Per pair of bytes as written (indexed by `u16::from_le_bytes`), the [`third_byte_bit`]s of the
    /// bytes that follow it in a literal in some ASCII case, and every bit for a literal of two bytes.
    /// A position whose third byte's bit is clear in its pair's entry starts no literal of two bytes or
    /// more: one load and one bit test a byte, the text read as written, lowercased only where the bit
    /// is set. (In 256 KB of generated prose 2% of positions start with a literal's first three bytes
    /// lowercased, 4,960 of 256,077; a few more pass, a bit standing for the eight byte values that
    /// share its low five bits. With the low three bits, a bit stood for 32 values and twice as many
    /// positions passed.) 256 KB, of which a note touches the entries of the pairs it has.
    filter: Box<[u32; 1 << 16]>,
    /// Every trigger some literal stands for (a scan that has found them all stops).
    all: Triggers,
}

impl TriggerIndex {
    /// The index of the rules' literals and the schema's.
    pub fn build(schema: &Schema) -> TriggerIndex {
        TriggerIndex::of_literals(literals(schema))
    }

    /// The index of `literals`: (trigger, in any case?, literal).
    fn of_literals(literals: Vec<(Trigger, bool, String)>) -> TriggerIndex {
        let mut index = TriggerIndex {
            literals: Vec::new(),
            by_three: HashMap::default(),
            by_two: Vec::new(),
            by_one: HashMap::default(),
            // Made on the heap (a `Box::new` of the array would build it on the stack first), zeroed
            // by the allocator.
            filter: vec![0u32; 1 << 16]
                .into_boxed_slice()
                .try_into()
                .expect("a slice of 65,536 entries"),
            all: Triggers::default(),
        };
        for (trigger, any_case, literal) in literals {
            let lower: Box<[u8]> = literal.to_ascii_lowercase().into_bytes().into();
            let i = u16::try_from(index.literals.len()).expect("fewer than 65,536 literals");
            let head = head_at(&lower, 0);
            match *lower {
                [a, b, c, ..] => {
                    for pair in pair_variants(a, b) {
                        index.filter[pair] |= third_byte_bit(c);
                    }
                    let key = (head & 0xFF_FFFF) as u32;
                    index.by_three.entry(key).or_default().push(i);
                }
                [a, b] => {
                    for pair in pair_variants(a, b) {
                        index.filter[pair] = u32::MAX;
                    }
                    index.by_two.push((head as u16, i));
                }
                [a] => index.by_one.entry(a).or_default().push(i),
                [] => continue,
            }
            index.all.insert(trigger);
            let head_mask = u64::MAX >> (8 * 8usize.saturating_sub(lower.len()));
            index.literals.push(Literal {
                trigger,
                head,
                head_mask,
                lower,
                exact: (!any_case).then(|| literal.into_bytes().into()),
            });
        }
        index
    }

    /// The triggers `text` contains: every literal occurrence, in its case where it needs one.
    ///
    /// One pass over the positions: where the filter passes the next three bytes (few positions), the
    /// literals starting with them, lowercased, are compared. It replaced an Aho-Corasick automaton (a
    /// contiguous NFA over a lowercased copy: ~40 instructions a byte of prose, 4 M to build; a DFA for
    /// megabytes of input, 31 M to build), which found the same triggers
    /// (`scan_equals_a_search_per_literal` compares with a search per literal).
    pub fn scan(&self, text: &str) -> Triggers {
        let bytes = text.as_bytes();
        let mut found = Triggers::default();
        if !self.by_one.is_empty() {
            for (at, byte) in bytes.iter().enumerate() {
                if let Some(ids) = self.by_one.get(&byte.to_ascii_lowercase()) {
                    self.check(ids, bytes, at, head_at(bytes, at), &mut found);
                }
            }
        }
        // The positions two bytes or more before the end, then the last two (a byte past the end
        // reads as 0). The loop stays small, and `visit` out of it, so that its state stays in
        // registers (with both inlined it spilled to the stack: ~37 instructions a byte).
        for (at, next) in bytes.windows(3).enumerate() {
            if self.passes(next[0], next[1], next[2]) && self.visit(bytes, at, &mut found) {
                return found;
            }
        }
        let byte_at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        for at in bytes.len().saturating_sub(2)..bytes.len() {
            if self.passes(bytes[at], byte_at(at + 1), 0) && self.visit(bytes, at, &mut found) {
                break;
            }
        }
        found
    }

    /// Whether the filter lets a position starting with bytes `a`, `b`, `c` through.
    #[inline(always)]
    fn passes(&self, a: u8, b: u8, c: u8) -> bool {
        self.filter[usize::from(u16::from_le_bytes([a, b]))] & third_byte_bit(c) != 0
    }

    /// Compares the literals starting with the bytes at `at` (lowercased) with the text there; `true`
    /// when every trigger has been found.
    #[cold]
    #[inline(never)]
    fn visit(&self, bytes: &[u8], at: usize, found: &mut Triggers) -> bool {
        let head = head_at(bytes, at);
        if let Some(ids) = self.by_three.get(&((head & 0xFF_FFFF) as u32)) {
            self.check(ids, bytes, at, head, found);
        }
        for &(pair, i) in &self.by_two {
            if pair == head as u16 {
                self.check(&[i], bytes, at, head, found);
            }
        }
        *found == self.all
    }

    /// Adds the triggers of the literals `ids` that occur at `at` (`head` is [`head_at`] there).
    fn check(&self, ids: &[u16], bytes: &[u8], at: usize, head: u64, found: &mut Triggers) {
        for &i in ids {
            let literal = &self.literals[usize::from(i)];
            if head & literal.head_mask != literal.head || found.has(literal.trigger) {
                continue;
            }
            let Some(run) = bytes.get(at..at + literal.lower.len()) else {
                continue;
            };
            let hit = match &literal.exact {
                Some(exact) => run == &exact[..],
                None => run.eq_ignore_ascii_case(&literal.lower),
            };
            if hit {
                found.insert(literal.trigger);
            }
        }
    }
}

/// Builds the schema's trigger index now (the server does it while its client starts up).
pub fn warm_up(schema: &Schema) {
    schema.derived(TriggerIndex::build);
}

impl Context<'_> {
    /// The triggers in `region`: those the engine found when it entered the region (one pass per
    /// region, whichever checkers ask), else found now.
    #[inline]
    pub fn triggers(&self, region: &Region) -> Triggers {
        match self.current_triggers.get() {
            Some((start, found)) if start == region.range.start => found,
            _ => self.scan_triggers(region),
        }
    }

    /// One pass over `region` for every rule's trigger literals.
    pub fn scan_triggers(&self, region: &Region) -> Triggers {
        self.trigger_index
            .get_or_init(|| self.schema.derived(TriggerIndex::build))
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

    /// A substring search per literal: what [`TriggerIndex::scan`] must find.
    fn search_per_literal(literals: &[(Trigger, bool, String)], text: &str) -> Triggers {
        let lower = text.to_ascii_lowercase();
        let mut found = Triggers::default();
        for (trigger, any_case, literal) in literals {
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
    }

    /// Texts packed with `literals`, their pieces and case variants (overlapping and nested ones too,
    /// and literals at the text's end).
    fn texts_of(literals: &[(Trigger, bool, String)], seed: u64, count: usize) -> Vec<String> {
        let mut rng = crate::testdata::Lcg(seed);
        (0..count)
            .map(|_| {
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
                text
            })
            .collect()
    }

    /// The scan finds what a substring search per literal finds, with the shipped literals.
    #[test]
    fn scan_equals_a_search_per_literal() {
        let schema = crate::schema::embedded();
        let index = TriggerIndex::build(&schema);
        let literals = literals(&schema);
        for text in texts_of(&literals, 7, 20_000) {
            let expected = search_per_literal(&literals, &text);
            assert_eq!(index.scan(&text), expected, "{text:?}");
        }
    }

    /// The same with literals of one and two bytes, which none of the shipped ones is but a user's
    /// claim trigger word can be, and literals longer than the eight bytes compared first.
    #[test]
    fn short_and_long_literals_are_found_too() {
        let literals: Vec<(Trigger, bool, String)> = [
            (Trigger::Claim, true, "k"),
            (Trigger::RetiredName, false, "Q"),
            (Trigger::Console, true, "db"),
            (Trigger::AwsCommand, false, "Ab"),
            (Trigger::RegionInfix, false, "Amazon Simple"),
            (Trigger::ServicePrefix, false, "Amazon Simple Workflow"),
            (Trigger::VersionWord, true, "amazon simpledb"),
        ]
        .map(|(t, any_case, l)| (t, any_case, l.to_string()))
        .into();
        let index = TriggerIndex::of_literals(literals.clone());
        for text in texts_of(&literals, 11, 20_000) {
            let expected = search_per_literal(&literals, &text);
            assert_eq!(index.scan(&text), expected, "{text:?}");
        }
        assert!(index.scan("a Q").has(Trigger::RetiredName));
        assert!(!index.scan("a q").has(Trigger::RetiredName));
        assert!(index.scan("AMAZON SIMPLEDB").has(Trigger::VersionWord));
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
