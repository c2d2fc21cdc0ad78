//! Derived index over the `match` and `except` phrases of `limit` entries: one Aho-Corasick pass per
//! sentence tells which limits it may be about, instead of a substring search per phrase.
use std::collections::HashMap;

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
    ac: AhoCorasick,
    /// Per pattern: (entry index in the schema, group index, or `u8::MAX` for an `except` phrase).
    targets: Vec<(u32, u8)>,
    /// Per entry index: the number of groups.
    group_count: HashMap<u32, u8>,
}

impl LimitPhrases {
    pub fn build(schema: &Schema) -> LimitPhrases {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        let mut group_count = HashMap::new();
        for (i, e) in schema
            .of_kind_ids(Kind::Limit)
            .map(|id| (id, schema.entry(id)))
            .filter(|(_, e)| !e.match_groups.is_empty())
        {
            group_count.insert(i, e.match_groups.len().min(63) as u8);
            for (g, group) in e.match_groups.iter().enumerate().take(63) {
                for p in group {
                    patterns.push(p.to_ascii_lowercase());
                    targets.push((i, g as u8));
                }
            }
            for p in &e.except {
                patterns.push(p.to_ascii_lowercase());
                targets.push((i, u8::MAX));
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("valid patterns");
        LimitPhrases {
            ac,
            targets,
            group_count,
        }
    }

    /// Whole-word phrase hits per limit entry (entry id in the schema).
    pub fn scan(&self, text: &str) -> HashMap<u32, LimitHit> {
        let mut hits: HashMap<u32, LimitHit> = HashMap::new();
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(text) {
            let before_ok = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let after_ok = m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
            if !before_ok || !after_ok {
                continue;
            }
            let (entry, group) = self.targets[m.pattern().as_usize()];
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
        hits
    }

    pub fn group_count(&self, entry: u32) -> u8 {
        self.group_count.get(&entry).copied().unwrap_or(0)
    }
}
