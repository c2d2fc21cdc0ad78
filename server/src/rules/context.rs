//! What a checker sees: the text being analysed (a chunk of a document), its regions, the schema, the
//! settings, and the headings above. Per-analysis scratch space lets a checker memoise its own work
//! without the engine knowing what it is.
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::markdown::{Region, RegionKind};
use crate::schema::Schema;
use crate::settings::Settings;

thread_local! {
    /// What [`Context::candidates`] gives a region without candidates.
    static NO_CANDIDATES: Rc<super::candidates::Candidates> = Rc::default();
}

pub struct Context<'a> {
    pub text: &'a str,
    pub schema: &'a Schema,
    pub settings: &'a Settings,
    pub regions: &'a [Region],
    /// Headings in force where `text` starts (the chunk's place in its document), outermost first.
    pub(crate) outer_headings: Vec<(usize, &'a str)>,
    headings: std::sync::OnceLock<Vec<(usize, usize, &'a str)>>,
    /// [`Context::headings_at`]'s answers by how many of the chunk's own headings precede the offset
    /// (all the chain depends on): regions ask once each, rules several times.
    heading_chains: RefCell<Vec<Option<Rc<[&'a str]>>>>,
    /// One value per type, created on first use: checkers keep their memos here (a handful of types:
    /// a list searched in order costs less than hashing on every call).
    scratch: RefCell<Vec<(TypeId, Rc<dyn Any>)>>,
    /// Where the chunk's blank lines are (see [`blank_line_offsets`]), found on first use.
    blank_lines: std::cell::OnceCell<Vec<usize>>,
    /// URL and file-path spans per region start, found once per region (see `markdown::url_spans`).
    url_memo: RefCell<FxHashMap<usize, Rc<[Range<usize>]>>>,
    /// See [`Context::triggers`].
    pub(super) current_triggers: std::cell::Cell<Option<(usize, super::triggers::Triggers)>>,
    pub(super) trigger_index: std::cell::OnceCell<std::sync::Arc<super::triggers::TriggerIndex>>,
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
            heading_chains: Default::default(),
            blank_lines: Default::default(),
            scratch: Default::default(),
            url_memo: Default::default(),
            current_triggers: Default::default(),
            trigger_index: Default::default(),
        }
    }

    /// The ATX headings in force at `offset`, outermost first (`# Lambda` › `## Limits`).
    pub fn headings_at(&self, offset: usize) -> Rc<[&'a str]> {
        let inner = self
            .headings
            .get_or_init(|| crate::chunks::headings(self.text));
        // The chunk's headings at or before `offset` (they are in text order).
        let before = inner.partition_point(|&(at, _, _)| at <= offset);
        let mut chains = self.heading_chains.borrow_mut();
        if chains.is_empty() {
            chains.resize(inner.len() + 1, None);
        }
        chains[before]
            .get_or_insert_with(|| {
                let mut chain = self.outer_headings.clone();
                for (level, text) in crate::chunks::chain_at(&inner[..before], usize::MAX) {
                    chain.retain(|(l, _)| *l < level);
                    chain.push((level, text));
                }
                chain.into_iter().map(|(_, t)| t).collect()
            })
            .clone()
    }

    /// Bare URLs and file-like paths in `region` (relative to its start), see `markdown::url_spans`.
    /// The engine drops every finding inside them; checkers may ask too, to skip work.
    pub fn url_spans(&self, region: &Region) -> Rc<[Range<usize>]> {
        let mut memo = self.url_memo.borrow_mut();
        self.make_room_for_regions(&mut memo);
        memo.entry(region.range.start)
            .or_insert_with(|| crate::markdown::url_spans(&self.text[region.range.clone()]).into())
            .clone()
    }

    /// The typed candidates of `region` (PascalCase words, environment variables, Region codes, …;
    /// relative to its start), see [`super::candidates`]: scanned once per region whichever rules ask.
    pub fn candidates(&self, region: &Region) -> Rc<super::candidates::Candidates> {
        #[derive(Default)]
        struct Memo(RefCell<FxHashMap<usize, Rc<super::candidates::Candidates>>>);
        let memo = self.scratch::<Memo>();
        let mut memo = memo.0.borrow_mut();
        self.make_room_for_regions(&mut memo);
        memo.entry(region.range.start)
            .or_insert_with(|| {
                use super::triggers::Trigger;
                let text = &self.text[region.range.clone()];
                let triggers = self.triggers(region);
                let shapes = super::candidates::Shapes {
                    env_vars: triggers.has(Trigger::EnvVarPrefix),
                    regions: triggers.has(Trigger::RegionInfix),
                    codedeploy_configs: triggers.has(Trigger::CodeDeployConfig),
                    iam_actions: super::candidates::may_hold_iam_action(text),
                    headers: triggers.has(Trigger::AmzHeader) || triggers.has(Trigger::HeaderTail),
                    error_codes: triggers.has(Trigger::ErrorCodeStem),
                    cfn_names: triggers.has(Trigger::DoubleColon),
                };
                let found = super::candidates::scan(text, shapes);
                if found.is_empty() {
                    // Most regions: one shared empty value instead of an allocation each.
                    NO_CANDIDATES.with(Rc::clone)
                } else {
                    Rc::new(found)
                }
            })
            .clone()
    }

    /// Gives a memo keyed by region, still empty, room for every region of the chunk at once
    /// (regrowing the table was most of its cost).
    fn make_room_for_regions<V>(&self, memo: &mut FxHashMap<usize, V>) {
        if memo.capacity() == 0 {
            memo.reserve(self.regions.len());
        }
    }

    /// This analysis' value of type `T` (a checker's memo), created empty on first use.
    pub fn scratch<T: Default + 'static>(&self) -> Rc<T> {
        let id = TypeId::of::<T>();
        let mut all = self.scratch.borrow_mut();
        let any = match all.iter().find(|(t, _)| *t == id) {
            Some((_, any)) => any.clone(),
            None => {
                let any: Rc<dyn Any> = Rc::new(T::default());
                all.push((id, any.clone()));
                any
            }
        };
        // The entry for `TypeId::of::<T>()` always holds a `T`.
        any.downcast::<T>()
            .unwrap_or_else(|_| Rc::new(T::default()))
    }

    /// The services (indexes into the operation index) named in `region`, in the paragraph around it
    /// (for prose and inline code: "call `GetItm` on the DynamoDB table"; a code block is its own
    /// context) and in the headings above. Memoised per (paragraph, headings) for the analysis: a
    /// paragraph with ten code spans is read once, whichever rule asks.
    pub fn services_around(&self, region: &Region) -> Vec<u32> {
        #[derive(Default)]
        struct Memo(RefCell<FxHashMap<(usize, usize, usize), Vec<u32>>>);
        let headings = self.headings_at(region.range.start);
        let paragraph = if region.kind == RegionKind::CodeBlock {
            region.range.clone()
        } else {
            // The chunk's blank lines are found once: a chunk without any (a long list) was read
            // whole again for each of its regions that asked.
            let blank_lines = self
                .blank_lines
                .get_or_init(|| blank_line_offsets(self.text));
            paragraph_range(blank_lines, self.text.len(), region.range.clone())
        };
        let key = (
            paragraph.start,
            paragraph.end,
            headings.last().map_or(0, |h| h.as_ptr() as usize),
        );
        let memo = self.scratch::<Memo>();
        if let Some(found) = memo.0.borrow().get(&key) {
            return found.clone();
        }
        // The region lies inside its paragraph: reading the paragraph reads it too.
        let found = self
            .schema
            .operations()
            .services_in(std::iter::once(&self.text[paragraph]).chain(headings.iter().copied()));
        memo.0.borrow_mut().insert(key, found.clone());
        found
    }

    pub fn is_accepted_word(&self, word: &str) -> bool {
        // Most projects have no vocabulary: skip hashing the word (rules ask for every candidate).
        !self.settings.words.is_empty() && self.settings.words.contains(word)
    }
}

/// Every offset of `\n\n` in `text`, overlapping ones included (`\n\n\n` has two), in order.
fn blank_line_offsets(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\n', bytes)
        .filter(|&i| bytes.get(i + 1) == Some(&b'\n'))
        .collect()
}

/// The byte range of the paragraph around `range` in a text of `len` bytes whose `\n\n` offsets are
/// `blank_lines`: from after the last `\n\n` that ends at or before its start (or the text's start) to
/// the first `\n\n` at or after its end (or the text's end).
fn paragraph_range(blank_lines: &[usize], len: usize, range: Range<usize>) -> Range<usize> {
    let before = blank_lines.partition_point(|&i| i + 2 <= range.start);
    let start = before.checked_sub(1).map_or(0, |k| blank_lines[k] + 2);
    let after = blank_lines.partition_point(|&i| i < range.end);
    let end = blank_lines.get(after).copied().unwrap_or(len);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_runs_between_blank_lines() {
        let text = "# T\n\nfirst line\nsecond `X` line\n\nnext";
        let at = text.find('X').unwrap();
        let range = paragraph_range(&blank_line_offsets(text), text.len(), at..at + 1);
        assert_eq!(&text[range], "first line\nsecond `X` line");
    }

    /// The paragraph by blank-line offsets is the one the searches for `\n\n` before and after give,
    /// on every range of texts made of `\n`, `a` and `é`.
    #[test]
    fn paragraph_range_equals_searching_for_blank_lines() {
        let by_search = |text: &str, range: Range<usize>| {
            let start = text[..range.start].rfind("\n\n").map_or(0, |i| i + 2);
            let end = text[range.end..]
                .find("\n\n")
                .map_or(text.len(), |i| range.end + i);
            start..end
        };
        let mut rng = crate::testdata::Lcg(7);
        for _ in 0..300 {
            let text: String = (0..rng.below(24))
                .map(|_| ["\n", "a", "é"][rng.below(3)])
                .collect();
            let blank_lines = blank_line_offsets(&text);
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k..] {
                    assert_eq!(
                        paragraph_range(&blank_lines, text.len(), start..end),
                        by_search(&text, start..end),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }
}
