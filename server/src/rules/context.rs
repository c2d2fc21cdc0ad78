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
    /// One value per type, created on first use: checkers keep their memos here.
    scratch: RefCell<FxHashMap<TypeId, Rc<dyn Any>>>,
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
            scratch: Default::default(),
            url_memo: Default::default(),
            current_triggers: Default::default(),
            trigger_index: Default::default(),
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
        let any = self
            .scratch
            .borrow_mut()
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Rc::new(T::default()))
            .clone();
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
            let p = paragraph_around(self.text, region.range.clone());
            let start = p.as_ptr() as usize - self.text.as_ptr() as usize;
            start..start + p.len()
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

/// The lines around `range` up to the nearest blank lines (within the analysed text).
pub(crate) fn paragraph_around(text: &str, range: Range<usize>) -> &str {
    // memchr's searchers: `str::find` with a two-byte needle runs the generic two-way search, and a
    // chunk without blank lines (a long list) is read whole for each of its regions that asks.
    let bytes = text.as_bytes();
    let start = memchr::memmem::rfind(&bytes[..range.start], b"\n\n").map_or(0, |i| i + 2);
    let end =
        memchr::memmem::find(&bytes[range.end..], b"\n\n").map_or(text.len(), |i| range.end + i);
    &text[start..end]
}
