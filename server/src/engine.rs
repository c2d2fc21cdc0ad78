//! The engine: text in, findings out. No I/O, no LSP, no terminal: the CLI and the language server both
//! call [`analyze`]. Positions are byte offsets into the analysed text; the edges convert them.
// Fx: the keys are hashes already, and these maps are rebuilt on every edit.
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::chunks::{Chain, HeadingChains, Splice};
use crate::diagnostic::Confirmation;
pub use crate::diagnostic::{EntryRef, Finding, Levels, RuleId, Severity};
use crate::markdown::{self, Region, RegionKind};
use crate::rules::triggers::Triggers;
use crate::rules::{self, Context, CHECKERS};
use crate::schema::Schema;
pub use crate::settings::Settings;
use crate::suppress::Suppressions;
use std::sync::Arc;

/// Analyses one Markdown document. Findings are sorted by position, then rule id, and deduplicated.
pub fn analyze(text: &str, schema: &Schema, settings: &Settings) -> Vec<Finding> {
    Analyzer::default().analyze(text, schema, settings)
}

/// Builds every index the rules read from `schema` (brands, limit phrases, claims, operations, the
/// trigger index) now, on two rayon workers at once.
///
/// Each index is otherwise built by the first rule that asks, inside the analysis, where a second
/// worker needing the same index can only wait: a one-note `awsnotes lint` spent most of its time
/// building them one after the other (`cargo run --release --example startup`). The CLI starts this
/// before it reads its files; the server while its client starts up.
pub fn warm_up(schema: &Schema) {
    rayon::join(
        || warm_up_first_half(schema),
        || warm_up_second_half(schema),
    );
}

/// The trigger index first: every region's analysis starts with its pass (when it was an automaton, the
/// largest build, 1.4 ms, the first chunk waited for it on one worker while the other built it). Then
/// the claims, which only a region with a claim's trigger word reads.
fn warm_up_first_half(schema: &Schema) {
    crate::rules::triggers::warm_up(schema);
    schema.claims();
}

/// The indexes most chunks read next: brands (`service-name`), operations, limit phrases.
fn warm_up_second_half(schema: &Schema) {
    schema.brands();
    schema.operations();
    schema.limit_phrases();
}

/// What one chunk yields, with ranges relative to the chunk's start: its regions, HTML comments and
/// the findings of the rules that read only the chunk's own text.
struct ChunkResult {
    regions: Vec<Region>,
    /// The rules' trigger literals in each region (one pass per region), kept for the pass over the
    /// same regions with headings.
    triggers: Vec<Triggers>,
    findings: Vec<Finding>,
    /// Whether a region is an HTML comment (a suppression may be in it): the merge of every chunk's
    /// results, on every keystroke, reads the regions of these chunks only.
    has_comment: bool,
}

/// One chunk of the last analysed version: its cache keys and results.
struct Slot {
    /// Hash of the chunk's text.
    key: u64,
    /// Hash of the chunk's text and heading chain: the key of the heading-dependent findings.
    ckey: u64,
    result: Arc<ChunkResult>,
    contextual: Arc<Vec<Finding>>,
    /// No finding and no HTML comment in either result: the merge after every keystroke skips the
    /// slot without reading its results (thousands of them in a long note, each a cache miss).
    quiet: bool,
}

impl Slot {
    fn new(key: u64, ckey: u64, result: Arc<ChunkResult>, contextual: Arc<Vec<Finding>>) -> Slot {
        let mut slot = Slot {
            key,
            ckey,
            result,
            contextual,
            quiet: false,
        };
        slot.quiet = slot.is_quiet();
        slot
    }

    fn is_quiet(&self) -> bool {
        self.result.findings.is_empty() && self.contextual.is_empty() && !self.result.has_comment
    }
}

/// Analyses documents chunk by chunk (see `chunks`), remembering each chunk's result: re-analysing a
/// document after an edit only re-runs the chunks that changed (and, for rules that read the headings
/// above, the chunks whose headings changed), and touches the others only to hand out their findings.
/// The language server keeps one per open document; the CLI uses a fresh one per file. Results are
/// identical either way.
#[derive(Default)]
pub struct Analyzer {
    /// One per chunk of the last analysed version, in order.
    slots: Vec<Slot>,
    /// The results of the chunks the last edit replaced, by key: an edit that is undone (typing ```
    /// then closing the fence, which changes every chunk after it twice) finds them again, while memory
    /// follows the document, not its history.
    recent: HashMap<u64, Arc<ChunkResult>>,
    recent_contextual: HashMap<u64, Arc<Vec<Finding>>>,
    /// Hash of the headings' levels and texts, in order: while it stays the same, every chunk an edit
    /// did not touch keeps its heading chain.
    headings_hash: u64,
    /// Fingerprint of the schema and settings the caches were filled with.
    fingerprint: u64,
    /// The previous version's outline, updated around each edit.
    outline: crate::chunks::IncrementalOutline,
}

/// Below this many bytes to analyse, threads cost more than they save.
const PARALLEL_MIN_BYTES: usize = 32 * 1024;

/// The cache keys: a 64-bit hash of a chunk's text (and of its context). Fx, not SipHash: the input is
/// the writer's own text, so resistance to crafted collisions buys nothing, and SipHash was an eighth of
/// an edit's work on a long note when every chunk was hashed on every edit.
fn hash_of(parts: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    parts.hash(&mut h);
    h.finish()
}

/// A chunk to (re-)analyse, wholly or only its heading-dependent findings.
struct Job<'t> {
    /// Its index in the new version's chunks.
    index: usize,
    range: Range<usize>,
    key: u64,
    ckey: u64,
    outer: Chain<'t>,
    /// Results found in the caches.
    result: Option<Arc<ChunkResult>>,
    contextual: Option<Arc<Vec<Finding>>>,
}

/// The heading chain at `offset` and its hash, one hash per chain: consecutive chunks share it.
fn chain_at<'t>(
    chains: &mut HeadingChains<'_, 't>,
    last: &mut Option<(Chain<'t>, u64)>,
    offset: usize,
) -> (Chain<'t>, u64) {
    let outer = chains.at(offset);
    match last {
        Some((chain, hash)) if Arc::ptr_eq(chain, &outer) => (outer, *hash),
        _ => {
            let hash = hash_of(&*outer);
            *last = Some((outer.clone(), hash));
            (outer, hash)
        }
    }
}

impl Analyzer {
    pub fn analyze(&mut self, text: &str, schema: &Schema, settings: &Settings) -> Vec<Finding> {
        let fingerprint = {
            let mut words: Vec<_> = settings.words.iter().collect();
            words.sort();
            hash_of((schema.generation(), settings.levels, words, &settings.today))
        };
        if fingerprint != self.fingerprint {
            self.slots.clear();
            self.recent.clear();
            self.recent_contextual.clear();
            self.fingerprint = fingerprint;
        }
        let (outline, mut splice) = self.outline.update(text);
        let consistent = splice.at + splice.removed <= self.slots.len()
            && self.slots.len() - splice.removed + splice.inserted == outline.chunks.len();
        if !consistent {
            // The slots are not the previous outline's (the caches were cleared): all chunks are new.
            splice = Splice {
                at: 0,
                removed: self.slots.len(),
                inserted: outline.chunks.len(),
            };
        }
        let headings_hash = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            for (_, level, heading) in &outline.headings {
                (level, heading).hash(&mut h);
            }
            h.finish()
        };
        let headings_changed = headings_hash != self.headings_hash;
        self.headings_hash = headings_hash;

        // The replaced slots, and what the edit before replaced, serve as caches for the new chunks.
        let removed: Vec<Slot> = self
            .slots
            .drain(splice.at..splice.at + splice.removed)
            .collect();
        let mut recent = std::mem::take(&mut self.recent);
        let mut recent_contextual = std::mem::take(&mut self.recent_contextual);
        for slot in &removed {
            recent.insert(slot.key, slot.result.clone());
            recent_contextual.insert(slot.ckey, slot.contextual.clone());
        }
        let end = splice.at + splice.inserted;
        let mut chains = HeadingChains::new(&outline.headings);
        let mut last_chain = None;
        let mut jobs: Vec<Job> = Vec::with_capacity(splice.inserted);
        for (index, range) in outline.chunks.iter().enumerate().take(end).skip(splice.at) {
            let key = hash_of(&text[range.clone()]);
            let (outer, chain) = chain_at(&mut chains, &mut last_chain, range.start);
            let ckey = hash_of((key, chain));
            jobs.push(Job {
                index,
                range: range.clone(),
                key,
                ckey,
                outer,
                result: recent.get(&key).cloned(),
                contextual: recent_contextual.get(&ckey).cloned(),
            });
        }
        if headings_changed {
            // The chunks after the edit kept their text; their heading chain may have changed.
            for (index, range) in outline.chunks.iter().enumerate().skip(end) {
                let slot = &self.slots[index - splice.inserted];
                let (outer, chain) = chain_at(&mut chains, &mut last_chain, range.start);
                let ckey = hash_of((slot.key, chain));
                if ckey != slot.ckey {
                    jobs.push(Job {
                        index,
                        range: range.clone(),
                        key: slot.key,
                        ckey,
                        outer,
                        result: Some(slot.result.clone()),
                        contextual: recent_contextual.get(&ckey).cloned(),
                    });
                }
            }
        }
        // Analyse what the caches miss — in parallel when there is enough of it (opening a document, an
        // edit that opens a code fence).
        let compute = |job: &Job| {
            let chunk = &text[job.range.clone()];
            let result = match &job.result {
                Some(r) => r.clone(),
                None => Arc::new(analyze_chunk(chunk, schema, settings)),
            };
            let contextual = match &job.contextual {
                Some(c) => c.clone(),
                None => {
                    let findings = analyze_chunk_in_context(
                        chunk,
                        &result.regions,
                        &result.triggers,
                        &job.outer,
                        schema,
                        settings,
                    );
                    if findings.is_empty() {
                        // Most chunks: one shared empty result instead of an allocation each.
                        static NONE: std::sync::OnceLock<Arc<Vec<Finding>>> =
                            std::sync::OnceLock::new();
                        NONE.get_or_init(Arc::default).clone()
                    } else {
                        Arc::new(findings)
                    }
                }
            };
            (result, contextual)
        };
        let missing_bytes: usize = jobs
            .iter()
            .filter(|j| j.result.is_none() || j.contextual.is_none())
            .map(|j| j.range.len())
            .sum();
        let computed: Vec<_> = if jobs.len() > 1 && missing_bytes > PARALLEL_MIN_BYTES {
            use rayon::prelude::*;
            jobs.par_iter().map(compute).collect()
        } else {
            jobs.iter().map(compute).collect()
        };
        // What this edit replaced is what the next one may find again.
        let mut next_recent = HashMap::default();
        let mut next_recent_contextual = HashMap::default();
        for slot in removed {
            next_recent.insert(slot.key, slot.result);
            next_recent_contextual.insert(slot.ckey, slot.contextual);
        }
        let mut inserted = Vec::with_capacity(splice.inserted);
        for (job, (result, contextual)) in jobs.iter().zip(computed) {
            if job.index < end {
                inserted.push(Slot::new(job.key, job.ckey, result, contextual));
            } else {
                let slot = &mut self.slots[job.index - splice.inserted];
                let old = std::mem::replace(&mut slot.contextual, contextual);
                next_recent_contextual.insert(slot.ckey, old);
                slot.ckey = job.ckey;
                slot.quiet = slot.is_quiet();
            }
        }
        self.slots.splice(splice.at..splice.at, inserted);
        self.recent = next_recent;
        self.recent_contextual = next_recent_contextual;

        let shift = |f: &Finding, by: usize| {
            let mut f = f.clone();
            f.range = f.range.start + by..f.range.end + by;
            f
        };
        let mut findings = Vec::new();
        let mut comments = Vec::new();
        for (slot, range) in self.slots.iter().zip(&outline.chunks) {
            if slot.quiet {
                continue;
            }
            let start = range.start;
            findings.extend(
                slot.result
                    .findings
                    .iter()
                    .chain(slot.contextual.iter())
                    .map(|f| shift(f, start)),
            );
            if !slot.result.has_comment {
                continue;
            }
            comments.extend(
                slot.result
                    .regions
                    .iter()
                    .filter(|r| r.kind == markdown::RegionKind::HtmlComment)
                    .map(|r| {
                        let mut r = r.clone();
                        r.range = r.range.start + start..r.range.end + start;
                        r
                    }),
            );
        }
        drop_unconfirmed(text, &mut findings);
        let suppressions = Suppressions::parse(text, &comments);
        if suppressions.whole_file_disabled() {
            return Vec::new();
        }
        if !suppressions.is_empty() || !settings.words.is_empty() {
            findings.retain(|f| {
                !suppressions.suppresses(f.rule.as_str(), f.range.start)
                    && !settings.words.contains(&text[f.range.clone()])
            });
        }
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

/// Drops the findings whose [`Finding::confirmed_by`] the rest of the document does not bear out: a
/// checker sees one chunk, and some findings (a note inconsistent with itself) depend on the rest.
fn drop_unconfirmed(text: &str, findings: &mut Vec<Finding>) {
    if findings.iter().all(|f| f.confirmed_by.is_none()) {
        return;
    }
    // One search per distinct phrase, however many findings ask for it; the note's working Regions
    // are read once, when a finding asks for them.
    let mut found: HashMap<Arc<str>, bool> = HashMap::default();
    let mut working: Option<Vec<String>> = None;
    findings.retain_mut(|f| match f.confirmed_by.clone() {
        None => true,
        Some(Confirmation::Phrase(phrase)) => *found
            .entry(phrase.clone())
            .or_insert_with(|| contains_phrase(text, &phrase)),
        Some(Confirmation::OtherWorkingRegion(region)) => {
            let working = working.get_or_insert_with(|| rules::working_regions(text));
            rules::confirm_working_region(working, &region, f)
        }
    });
}

/// Whether `text` contains `phrase` with no letter or digit glued to either end.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), phrase.as_bytes()).any(|i| {
        let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        !glued(text[..i].chars().next_back()) && !glued(text[i + phrase.len()..].chars().next())
    })
}

/// The checkers a pass runs (those whose findings depend on headings, or the others), by the region
/// kind they read: one bit per checker; a region runs exactly its kind's set, in order.
///
/// Worked out once per thread for the levels last seen: a pass runs twice per chunk, and walking every
/// checker's rules for it was ~5% of analysing prose.
fn checkers_by_kind(levels: &Levels, contextual: bool) -> [u64; RegionKind::COUNT] {
    type Sets = (Levels, [[u64; RegionKind::COUNT]; 2]);
    thread_local! {
        static LAST: std::cell::Cell<Option<Sets>> = const { std::cell::Cell::new(None) };
    }
    let sets = match LAST.get() {
        Some((seen, sets)) if seen == *levels => sets,
        _ => {
            let mut sets = [[0u64; RegionKind::COUNT]; 2];
            for (i, checker) in CHECKERS.iter().enumerate() {
                if !checker.emits.iter().any(|&r| levels.get(r).is_some()) {
                    continue;
                }
                for rule in checker.emits {
                    for &kind in rule.meta().reads {
                        sets[checker.uses_headings() as usize][kind.index()] |= 1 << i;
                    }
                }
            }
            LAST.set(Some((*levels, sets)));
            sets
        }
    };
    sets[contextual as usize]
}

/// Runs every checker with an enabled rule on the regions it reads (only the checkers whose findings
/// depend on headings, or only the others), region by region, then applies what is common to all rules:
/// the configured severity, and the URL and path mask (no rule fires inside a bare URL or a file name;
/// a rule that judges whole links, [`RuleId::reads_urls`], is spared it).
fn run_checkers(
    cx: &Context,
    regions: &[Region],
    triggers: &[Triggers],
    contextual: bool,
    out: &mut Vec<Finding>,
) {
    let by_kind = checkers_by_kind(&cx.settings.levels, contextual);
    if by_kind == [0; RegionKind::COUNT] {
        return;
    }
    for (region, &found) in regions.iter().zip(triggers) {
        let start = out.len();
        cx.enter_region(region, found);
        let mut set = by_kind[region.kind.index()];
        while set != 0 {
            let i = set.trailing_zeros() as usize;
            set &= set - 1;
            (CHECKERS[i].run)(cx, region, out);
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
            let masked = if out[i].rule.reads_urls() {
                false
            } else if out[i].rule.reads_arns() {
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
    let triggers: Vec<Triggers> = regions.iter().map(|r| cx.scan_triggers(r)).collect();
    let mut findings = Vec::new();
    run_checkers(&cx, &regions, &triggers, false, &mut findings);
    let has_comment = regions
        .iter()
        .any(|r| r.kind == markdown::RegionKind::HtmlComment);
    ChunkResult {
        regions,
        triggers,
        findings,
        has_comment,
    }
}

fn analyze_chunk_in_context<'a>(
    text: &'a str,
    regions: &'a [Region],
    triggers: &[Triggers],
    outer: &[(usize, &'a str)],
    schema: &'a Schema,
    settings: &'a Settings,
) -> Vec<Finding> {
    // Most chunks hold no region a heading-dependent checker reads: no context to set up for them.
    let by_kind = checkers_by_kind(&settings.levels, true);
    if regions.iter().all(|r| by_kind[r.kind.index()] == 0) {
        return Vec::new();
    }
    let mut cx = Context::new(text, schema, settings, regions);
    cx.outer_headings = outer.to_vec();
    let mut findings = Vec::new();
    run_checkers(&cx, regions, triggers, true, &mut findings);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `mixed-service-prefix` stands while the note writes the official name anywhere, and the warm
    /// analyzer drops it as soon as an edit elsewhere removes that name.
    #[test]
    fn a_confirmed_finding_follows_the_rest_of_the_document() {
        let schema = crate::schema::embedded();
        let settings = Settings::default();
        let mixed = |findings: &[Finding]| {
            findings
                .iter()
                .filter(|f| f.rule == RuleId::MixedServicePrefix)
                .count()
        };
        let with_name = "We call AWS Rekognition.\n\nSee Amazon Rekognition's guide.\n";
        let without = "We call AWS Rekognition.\n\nSee Amazon RekognitionX's guide.\n";
        let mut warm = Analyzer::default();
        assert_eq!(mixed(&warm.analyze(with_name, &schema, &settings)), 1);
        assert_eq!(mixed(&warm.analyze(without, &schema, &settings)), 0);
        assert_eq!(mixed(&warm.analyze(with_name, &schema, &settings)), 1);
        assert!(contains_phrase("(Amazon S3)", "Amazon S3"));
        assert!(!contains_phrase("Amazon S3x and xAmazon S3", "Amazon S3"));
        assert!(contains_phrase("é Amazon S3 é", "Amazon S3"));
    }

    /// `console-link-region` stands while the note says it works in another Region, and follows an
    /// edit of that sentence, far from the link, in a warm analyzer.
    #[test]
    fn a_console_link_region_follows_the_working_region_sentence() {
        let schema = crate::schema::embedded();
        let settings = Settings::default();
        let messages = |findings: &[Finding]| -> Vec<String> {
            findings
                .iter()
                .filter(|f| f.rule == RuleId::ConsoleLinkRegion)
                .map(|f| f.message.to_string())
                .collect()
        };
        let note = |region: &str| {
            format!(
                "# Lab\n\nI will be using {region} for this demo.\n\n## Stage 2\n\n\
                 Head to the [EC2 console](https://ap-southeast-2.console.aws.amazon.com/ec2/home).\n"
            )
        };
        let mut warm = Analyzer::default();
        assert_eq!(
            messages(&warm.analyze(&note("ap-southeast-4"), &schema, &settings)),
            ["this link opens the `/ec2/` console in `ap-southeast-2`, but this note works in `ap-southeast-4`"]
        );
        assert!(messages(&warm.analyze(&note("ap-southeast-2"), &schema, &settings)).is_empty());
        assert_eq!(
            messages(&warm.analyze(&note("eu-west-1"), &schema, &settings)).len(),
            1
        );
        let unstated =
            "Head to the [EC2 console](https://ap-southeast-2.console.aws.amazon.com/ec2/home).\n";
        assert!(messages(&warm.analyze(unstated, &schema, &settings)).is_empty());
    }

    /// Edit after edit, a warm analyzer (the server's) gives what a fresh one gives: random insertions
    /// and deletions of headings (which change the heading chain of every chunk below), fences,
    /// suppression comments and lines with findings, in generated documents.
    #[test]
    fn warm_analyzer_equals_fresh_analysis_after_random_edits() {
        let pieces = [
            "## SQS\n",
            "## Lambda\n",
            "# Kinesis\n",
            "### DynamoDB\n",
            "Long polling waits up to 30 seconds.\n",
            "A function can run for up to 20 minutes.\n",
            "Records can be up to 2 MB.\n",
            "Call PutItems on the table.\n",
            "- We deploy with Cloudfromation\n",
            "- Throws ThrottlingExecption\n",
            "  set AWS_LAMDA_FUNCTION_NAME\n",
            "\n",
            "```\n",
            "<!-- awsnotes-disable-next-line -->\n",
            "<!-- awsnotes-disable -->\n",
            "<!-- awsnotes-enable -->\n",
            "plain text\n",
            // A finding that stands only while another chunk holds the official name.
            "We call AWS Rekognition.\n",
            "# Amazon Rekognition\n",
        ];
        let schema = crate::schema::embedded();
        let settings = Settings {
            today: "2026-11-26".into(),
            ..Settings::default()
        };
        let mut rng = crate::testdata::Lcg(0x0123_4567_89ab_cdef);
        let mut next = |n: usize| rng.below(n);
        let mut seen = 0;
        for _ in 0..300 {
            let mut doc = String::new();
            for _ in 0..16 {
                doc.push_str(pieces[next(pieces.len())]);
            }
            let mut warm = Analyzer::default();
            warm.analyze(&doc, &schema, &settings);
            for _ in 0..6 {
                let at = crate::chunks::tests_line_start(&doc, next(doc.len() + 1));
                match next(3) {
                    0 => {
                        let end = (at + 1 + next(40)).min(doc.len());
                        doc.replace_range(at..end, "");
                    }
                    1 => doc.insert_str(at, pieces[next(pieces.len())]),
                    _ => doc.insert(at.min(doc.len()), 'x'),
                }
                let fresh = analyze(&doc, &schema, &settings);
                assert_eq!(
                    warm.analyze(&doc, &schema, &settings),
                    fresh,
                    "document: {doc:?}"
                );
                seen += fresh.len();
            }
        }
        // The documents do have findings (the comparison is not between empty lists).
        assert!(seen > 1_000, "{seen} findings");
    }
}
