//! Derived index over the `match` and `except` phrases of `limit` entries: one Aho-Corasick pass per
//! sentence tells which limits it may be about, instead of a substring search per phrase.
// Fx: `scan` runs on every sentence with a number, and SipHash was most of its time.
use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::model::Kind;
use super::Schema;

/// Which phrase groups of one limit a text contains.
#[derive(Debug, Clone, Copy, Default)]
pub struct LimitHit {
    /// Bit `g` set: group `g` has a phrase in the text.
    pub groups: u64,
    /// Earliest position of a phrase of the last group.
    pub last_group_pos: Option<usize>,
    pub except: bool,
}

pub struct LimitPhrases {
    /// Each distinct phrase once (half of the 2,000 phrases repeat: `lambda`, `message`): building
    /// the automaton is most of this index's cost, paid by the first note with a number.
    ac: AhoCorasick,
    /// Per pattern: where its (entry id, group index, or `u8::MAX` for an `except` phrase) pairs are in
    /// `targets`.
    target_ranges: Vec<std::ops::Range<u32>>,
    targets: Vec<(u32, u8)>,
    /// Per entry index: the number of groups.
    group_count: HashMap<u32, u8>,
}

impl LimitPhrases {
    pub fn build(schema: &Schema) -> LimitPhrases {
        // (phrase, entry, group) in schema order, then grouped by phrase.
        let mut uses: Vec<(String, u32, u8)> = Vec::new();
        let mut group_count = HashMap::default();
        for (i, e) in schema
            .of_kind_ids(Kind::Limit)
            .map(|id| (id, schema.entry(id)))
            .filter(|(_, e)| !e.match_groups.is_empty())
        {
            group_count.insert(i, e.match_groups.len().min(63) as u8);
            for (g, group) in e.match_groups.iter().enumerate().take(63) {
                for p in group {
                    uses.push((p.to_ascii_lowercase(), i, g as u8));
                }
            }
            for p in &e.except {
                uses.push((p.to_ascii_lowercase(), i, u8::MAX));
            }
        }
        // Stable: a phrase's pairs stay in schema order.
        uses.sort_by(|a, b| a.0.cmp(&b.0));
        let mut patterns: Vec<String> = Vec::new();
        let mut target_ranges = Vec::new();
        let mut targets = Vec::with_capacity(uses.len());
        for (p, entry, group) in uses {
            if patterns.last() != Some(&p) {
                let at = targets.len() as u32;
                patterns.push(p);
                target_ranges.push(at..at);
            }
            targets.push((entry, group));
            target_ranges.last_mut().expect("pushed above").end += 1;
        }
        // Case-sensitive over lowercase phrases; `scan` lowercases the text (ASCII, so byte offsets
        // stay): an ASCII-case-insensitive automaton cost twice as much to build.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("valid patterns");
        LimitPhrases {
            ac,
            target_ranges,
            targets,
            group_count,
        }
    }

    /// Whole-word phrase hits per limit entry (entry id in the schema).
    pub fn scan(&self, text: &str) -> HashMap<u32, LimitHit> {
        let mut hits: HashMap<u32, LimitHit> = HashMap::default();
        let lower = text.to_ascii_lowercase();
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(&lower) {
            let before_ok = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let after_ok = m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
            if !before_ok || !after_ok {
                continue;
            }
            let range = self.target_ranges[m.pattern().as_usize()].clone();
            for &(entry, group) in &self.targets[range.start as usize..range.end as usize] {
                let hit = hits.entry(entry).or_default();
                if group == u8::MAX {
                    hit.except = true;
                    continue;
                }
                hit.groups |= 1 << group;
                if group + 1 == self.group_count[&entry] {
                    hit.last_group_pos =
                        Some(hit.last_group_pos.map_or(m.start(), |p| p.min(m.start())));
                }
            }
        }
        hits
    }

    pub fn group_count(&self, entry: u32) -> u8 {
        self.group_count.get(&entry).copied().unwrap_or(0)
    }
}
