//! The engine: text in, findings out. No I/O, no LSP, no terminal: the CLI and the language server both
//! call [`analyze`]. Positions are byte offsets into the analysed text; the edges convert them.
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::markdown::{self, Region};
use crate::rules::{self, Rule};
use crate::schema::{Kind, Schema};
use crate::suppress::Suppressions;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a configured level: `Ok(None)` means the rule is off.
    pub fn parse_level(s: &str) -> Result<Option<Severity>, String> {
        match s {
            "off" => Ok(None),
            "info" => Ok(Some(Severity::Info)),
            "warning" | "warn" => Ok(Some(Severity::Warning)),
            "error" => Ok(Some(Severity::Error)),
            other => Err(format!(
                "`{other}` is not a level (expected off, info, warning or error)"
            )),
        }
    }
}

/// The schema entry a finding is about, for hover and `explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    pub kind: Kind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    pub message: String,
    /// Candidate replacements for `range`; a fix is applied only when there is exactly one.
    pub replacements: Vec<String>,
    pub entry: Option<EntryRef>,
}

/// What the engine needs besides the text: rule levels, accepted words and the date facts are judged on.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Overrides of rule levels by id; rules not named keep their default.
    pub levels: HashMap<String, Option<Severity>>,
    /// A team's vocabulary: words never flagged by any rule (compared case-sensitively).
    pub words: HashSet<String>,
    /// `YYYY-MM-DD`: runtimes deprecated after this day are not yet deprecated.
    pub today: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: HashMap::new(),
            words: HashSet::new(),
            today: crate::today(),
        }
    }
}

impl Settings {
    pub fn level(&self, rule: &dyn Rule) -> Option<Severity> {
        match self.levels.get(rule.id()) {
            Some(level) => *level,
            None => rule.default_level(),
        }
    }
}

/// What rules see.
pub struct Context<'a> {
    pub text: &'a str,
    pub schema: &'a Schema,
    pub settings: &'a Settings,
    pub regions: &'a [Region],
    /// Headings in force where `text` starts (the chunk's place in its document).
    outer_headings: Vec<(usize, &'a str)>,
    headings: std::sync::OnceLock<Vec<(usize, usize, &'a str)>>,
    /// Per-analysis memo for rules whose answer depends only on a word (`service-name` fuzzy matching).
    pub memo: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<String>>>,
    /// Limit findings of both verdicts per region start, computed once for the two limit rules.
    pub limit_memo: std::cell::RefCell<rustc_hash::FxHashMap<usize, Vec<Finding>>>,
    /// URL and file-path spans per region start: five rules skip candidates inside them; found once.
    url_memo: std::cell::RefCell<rustc_hash::FxHashMap<usize, std::rc::Rc<[Range<usize>]>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        schema: &'a Schema,
        settings: &'a Settings,
        regions: &'a [Region],
    ) -> Self {
        Context {
            text,
            schema,
            settings,
            regions,
            outer_headings: Vec::new(),
            headings: std::sync::OnceLock::new(),
            memo: Default::default(),
            limit_memo: Default::default(),
            url_memo: Default::default(),
        }
    }

    /// The ATX headings in force at `offset`, outermost first (`# Lambda` › `## Limits`).
    pub fn headings_at(&self, offset: usize) -> Vec<&'a str> {
        let inner = self
            .headings
            .get_or_init(|| crate::chunks::headings(self.text));
        let mut chain = self.outer_headings.clone();
        for (level, text) in crate::chunks::chain_at(inner, offset + 1) {
            chain.retain(|(l, _)| *l < level);
            chain.push((level, text));
        }
        chain.into_iter().map(|(_, t)| t).collect()
    }

    /// Bare URLs and file-like paths in `region` (relative to its start), see `markdown::url_spans`.
    pub fn url_spans(&self, region: &Region) -> std::rc::Rc<[Range<usize>]> {
        self.url_memo
            .borrow_mut()
            .entry(region.range.start)
            .or_insert_with(|| crate::markdown::url_spans(&self.text[region.range.clone()]).into())
            .clone()
    }

    pub fn is_accepted_word(&self, word: &str) -> bool {
        // Most projects have no vocabulary: skip hashing the word (rules ask for every candidate).
        !self.settings.words.is_empty() && self.settings.words.contains(word)
    }
}

/// Analyses one Markdown document. Findings are sorted by position, then rule id, and deduplicated.
pub fn analyze(text: &str, schema: &Schema, settings: &Settings) -> Vec<Finding> {
    Analyzer::default().analyze(text, schema, settings)
}

/// What one chunk yields, with ranges relative to the chunk's start: its regions, HTML comments and
/// the findings of the rules that read only the chunk's own text.
struct ChunkResult {
    regions: Vec<Region>,
    findings: Vec<Finding>,
}

/// Analyses documents chunk by chunk (see `chunks`), remembering each chunk's result: re-analysing a
/// document after an edit only re-runs the chunks that changed (and, for rules that read the headings
/// above, the chunks whose headings changed). The language server keeps one per open document; the CLI
/// uses a fresh one per file. Results are identical either way.
#[derive(Default)]
pub struct Analyzer {
    /// By hash of the chunk text.
    chunks: Generations<std::sync::Arc<ChunkResult>>,
    /// Findings of heading-dependent rules, by hash of (chunk text, heading chain).
    contextual: Generations<std::sync::Arc<Vec<Finding>>>,
    /// Fingerprint of the schema and settings the caches were filled with.
    fingerprint: u64,
}

/// A cache that keeps what the current text uses plus what the previous version used: memory follows
/// the document, not its history, and an edit that is undone (typing ``` then closing the fence, which
/// changes every chunk after it twice) finds the old results again.
struct Generations<V> {
    current: HashMap<u64, V>,
    previous: HashMap<u64, V>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations {
            current: HashMap::new(),
            previous: HashMap::new(),
        }
    }
}

impl<V> Generations<V> {
    fn get(&self, key: u64) -> Option<&V> {
        self.current.get(&key).or_else(|| self.previous.get(&key))
    }
    fn advance(&mut self, next: HashMap<u64, V>) {
        self.previous = std::mem::replace(&mut self.current, next);
    }
    fn clear(&mut self) {
        self.current.clear();
        self.previous.clear();
    }
}

/// Below this many bytes to analyse, threads cost more than they save.
const PARALLEL_MIN_BYTES: usize = 32 * 1024;

fn hash_of(parts: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

impl Analyzer {
    pub fn analyze(&mut self, text: &str, schema: &Schema, settings: &Settings) -> Vec<Finding> {
        let fingerprint = {
            let mut levels: Vec<_> = settings.levels.iter().collect();
            levels.sort();
            let mut words: Vec<_> = settings.words.iter().collect();
            words.sort();
            hash_of((
                schema as *const Schema as usize,
                levels,
                words,
                &settings.today,
            ))
        };
        if fingerprint != self.fingerprint {
            self.chunks.clear();
            self.contextual.clear();
            self.fingerprint = fingerprint;
        }
        let all_headings = crate::chunks::headings(text);
        let mut next_chunks = HashMap::new();
        let mut next_contextual = HashMap::new();
        let mut findings = Vec::new();
        let mut comments = Vec::new();
        let shift = |f: &Finding, by: usize| {
            let mut f = f.clone();
            f.range = f.range.start + by..f.range.end + by;
            f
        };
        // Plan: each chunk's cache keys. Then analyse every chunk the caches miss — in parallel when
        // there is enough of it (opening a document, an edit that opens a code fence) — and assemble.
        struct Planned<'t> {
            range: Range<usize>,
            key: u64,
            outer: Vec<(usize, &'t str)>,
            ckey: u64,
        }
        let mut chains = crate::chunks::HeadingChains::new(&all_headings);
        let plan: Vec<Planned> = crate::chunks::chunks(text)
            .into_iter()
            .map(|range| {
                let key = hash_of(&text[range.clone()]);
                let outer = chains.at(range.start);
                let ckey = hash_of((key, &outer));
                Planned {
                    range,
                    key,
                    outer,
                    ckey,
                }
            })
            .collect();
        let missing: Vec<&Planned> = plan
            .iter()
            .filter(|p| self.chunks.get(p.key).is_none() || self.contextual.get(p.ckey).is_none())
            .collect();
        let compute = |p: &&Planned| {
            let chunk = &text[p.range.clone()];
            let result = match self.chunks.get(p.key) {
                Some(r) => r.clone(),
                None => std::sync::Arc::new(analyze_chunk(chunk, schema, settings)),
            };
            let contextual = match self.contextual.get(p.ckey) {
                Some(c) => c.clone(),
                None => std::sync::Arc::new(analyze_chunk_in_context(
                    chunk,
                    &result.regions,
                    p.outer.clone(),
                    schema,
                    settings,
                )),
            };
            (p.key, result, p.ckey, contextual)
        };
        let missing_bytes: usize = missing.iter().map(|p| p.range.len()).sum();
        let computed: Vec<_> = if missing.len() > 1 && missing_bytes > PARALLEL_MIN_BYTES {
            use rayon::prelude::*;
            missing.par_iter().map(compute).collect()
        } else {
            missing.iter().map(compute).collect()
        };
        for (key, result, ckey, contextual) in computed {
            next_chunks.insert(key, result);
            next_contextual.insert(ckey, contextual);
        }
        for p in &plan {
            let result = next_chunks
                .get(&p.key)
                .or_else(|| self.chunks.get(p.key))
                .expect("every chunk analysed or cached")
                .clone();
            let contextual = next_contextual
                .get(&p.ckey)
                .or_else(|| self.contextual.get(p.ckey))
                .expect("every chunk analysed or cached")
                .clone();
            let start = p.range.start;
            findings.extend(
                result
                    .findings
                    .iter()
                    .chain(contextual.iter())
                    .map(|f| shift(f, start)),
            );
            comments.extend(
                result
                    .regions
                    .iter()
                    .filter(|r| r.kind == markdown::RegionKind::HtmlComment)
                    .map(|r| {
                        let mut r = r.clone();
                        r.range = r.range.start + start..r.range.end + start;
                        r
                    }),
            );
            next_chunks.insert(p.key, result);
            next_contextual.insert(p.ckey, contextual);
        }
        self.chunks.advance(next_chunks);
        self.contextual.advance(next_contextual);
        let suppressions = Suppressions::parse(text, &comments);
        if suppressions.whole_file_disabled() {
            return Vec::new();
        }
        findings.retain(|f| {
            !suppressions.suppresses(f.rule, f.range.start)
                && !settings.words.contains(&text[f.range.clone()])
        });
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule, &a.message).cmp(&(
                b.range.start,
                b.range.end,
                b.rule,
                &b.message,
            ))
        });
        findings.dedup_by(|a, b| a.range == b.range && a.rule == b.rule);
        findings
    }
}

fn run_rules(cx: &Context, regions: &[Region], contextual: bool, out: &mut Vec<Finding>) {
    for rule in rules::all()
        .iter()
        .filter(|r| r.uses_headings() == contextual)
    {
        let Some(severity) = cx.settings.level(*rule) else {
            continue;
        };
        let start = out.len();
        for region in regions.iter().filter(|r| rule.reads().contains(&r.kind)) {
            rule.check(cx, region, out);
        }

        for f in &mut out[start..] {
            f.severity = severity;
        }
    }
}

fn analyze_chunk(text: &str, schema: &Schema, settings: &Settings) -> ChunkResult {
    let regions = markdown::regions(text);
    let cx = Context::new(text, schema, settings, &regions);
    let mut findings = Vec::new();
    run_rules(&cx, &regions, false, &mut findings);
    ChunkResult { regions, findings }
}

fn analyze_chunk_in_context<'a>(
    text: &'a str,
    regions: &'a [Region],
    outer: Vec<(usize, &'a str)>,
    schema: &'a Schema,
    settings: &'a Settings,
) -> Vec<Finding> {
    let mut cx = Context::new(text, schema, settings, regions);
    cx.outer_headings = outer;
    let mut findings = Vec::new();
    run_rules(&cx, regions, true, &mut findings);
    findings
}

/// Applies every unambiguous replacement (exactly one candidate), skipping overlaps. Returns the new
/// text and how many fixes were applied.
pub fn apply_fixes(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut fixes: Vec<(&Range<usize>, &str)> = findings
        .iter()
        .filter(|f| f.replacements.len() == 1)
        .map(|f| (&f.range, f.replacements[0].as_str()))
        .collect();
    fixes.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for (range, replacement) in fixes {
        if range.start < pos || range.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..range.start]);
        out.push_str(replacement);
        pos = range.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}
