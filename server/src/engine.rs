//! The engine: text in, findings out. No I/O, no LSP, no terminal: the CLI and the language server both
//! call [`analyze`]. Positions are byte offsets into the analysed text; the edges convert them.
// Fx: the keys are hashes already, and these maps are rebuilt on every edit.
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

pub use crate::diagnostic::{EntryRef, Finding, Levels, RuleId, Severity};
use crate::markdown::{self, Region};
use crate::rules::{Context, CHECKERS};
use crate::schema::Schema;
pub use crate::settings::Settings;
use crate::suppress::Suppressions;

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
    /// The previous version's outline, updated around each edit.
    outline: crate::chunks::IncrementalOutline,
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
            current: HashMap::default(),
            previous: HashMap::default(),
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

/// The cache keys: a 64-bit hash of a chunk's text (and of its context). Fx, not SipHash: it hashes the
/// whole document on every edit, and SipHash was an eighth of an edit's work on a long note; the input
/// is the writer's own text, so resistance to crafted collisions buys nothing.
fn hash_of(parts: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    parts.hash(&mut h);
    h.finish()
}

impl Analyzer {
    pub fn analyze(&mut self, text: &str, schema: &Schema, settings: &Settings) -> Vec<Finding> {
        let fingerprint = {
            let mut words: Vec<_> = settings.words.iter().collect();
            words.sort();
            hash_of((schema.generation(), settings.levels, words, &settings.today))
        };
        if fingerprint != self.fingerprint {
            self.chunks.clear();
            self.contextual.clear();
            self.fingerprint = fingerprint;
        }
        let outline = self.outline.update(text);
        let capacity = outline.chunks.len();
        let mut next_chunks = HashMap::with_capacity_and_hasher(capacity, Default::default());
        let mut next_contextual = HashMap::with_capacity_and_hasher(capacity, Default::default());
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
            outer: crate::chunks::Chain<'t>,
            ckey: u64,
        }
        let mut chains = crate::chunks::HeadingChains::new(&outline.headings);
        let mut last_chain: Option<(crate::chunks::Chain, u64)> = None;
        let plan: Vec<Planned> = outline
            .chunks
            .iter()
            .cloned()
            .map(|range| {
                let key = hash_of(&text[range.clone()]);
                let outer = chains.at(range.start);
                // One hash per heading chain, not per chunk: consecutive chunks share the chain.
                let chain_hash = match &last_chain {
                    Some((chain, hash)) if std::sync::Arc::ptr_eq(chain, &outer) => *hash,
                    _ => {
                        let hash = hash_of(&*outer);
                        last_chain = Some((outer.clone(), hash));
                        hash
                    }
                };
                let ckey = hash_of((key, chain_hash));
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
                    p.outer.to_vec(),
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
            !suppressions.suppresses(f.rule.as_str(), f.range.start)
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

/// Runs every checker with an enabled rule on the regions it reads (only the checkers whose findings
/// depend on headings, or only the others), region by region, then applies what is common to all rules:
/// the configured severity, and the URL and path mask (no rule fires inside a bare URL or a file name).
fn run_checkers(cx: &Context, regions: &[Region], contextual: bool, out: &mut Vec<Finding>) {
    let checkers: Vec<_> = CHECKERS
        .iter()
        .filter(|c| c.uses_headings() == contextual)
        .filter(|c| c.emits.iter().any(|&r| cx.settings.level(r).is_some()))
        .collect();
    if checkers.is_empty() {
        return;
    }
    for region in regions {
        let start = out.len();
        for checker in checkers.iter().filter(|c| c.reads(region.kind)) {
            (checker.run)(cx, region, out);
        }
        if out.len() == start {
            continue;
        }
        let urls = cx.url_spans(region);
        let base = region.range.start;
        let mut kept = start;
        for i in start..out.len() {
            let Some(severity) = cx.settings.level(out[i].rule) else {
                continue;
            };
            let r = &out[i].range;
            let rel = r.start.saturating_sub(base)..r.end.saturating_sub(base);
            let masked = if out[i].rule.reads_arns() {
                let text = &cx.text[region.range.clone()];
                urls.iter().any(|u| {
                    u.start < rel.end
                        && rel.start < u.end
                        && !text[u.clone()]
                            .get(..4)
                            .is_some_and(|p| p.eq_ignore_ascii_case("arn:"))
                })
            } else {
                crate::rules::overlaps_any(&urls, &rel)
            };
            if masked {
                continue;
            }
            out[i].severity = severity;
            out.swap(kept, i);
            kept += 1;
        }
        out.truncate(kept);
    }
}

fn analyze_chunk(text: &str, schema: &Schema, settings: &Settings) -> ChunkResult {
    let regions = markdown::regions(text);
    let cx = Context::new(text, schema, settings, &regions);
    let mut findings = Vec::new();
    run_checkers(&cx, &regions, false, &mut findings);
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
    run_checkers(&cx, regions, true, &mut findings);
    findings
}

/// Applies every safe fix (a [`crate::diagnostic::Fixable::Safe`] rule's only candidate), skipping overlaps. Returns the new
/// text and how many fixes were applied.
pub fn apply_fixes(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut fixes: Vec<(&Range<usize>, &str)> = findings
        .iter()
        .filter_map(|f| Some((&f.range, f.safe_fix()?)))
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
