//! Derived index over the `match` and `except` phrases of `limit` entries: one pass per sentence tells
//! which limits it may be about, instead of a substring search per phrase.
//!
//! A phrase counts only as whole words, so it can start only where a word starts, and the word there must
//! be the phrase's first word exactly. The index is a hash table from first word to phrases; the scan
//! looks up each word of the sentence. (It was an Aho-Corasick automaton over the 1,000 distinct
//! phrases, whose build was a tenth of a one-note lint; the table builds in a few hundred microseconds
//! less and finds the same hits.) The phrases come lowercase, sorted and grouped from the compiled schema
//! (`compiled::PhraseTable`, computed at build time), unless a user schema file adds limits.
// Fx: `scan` runs on every sentence with a number, and SipHash was most of its time.
use rustc_hash::FxHashMap as HashMap;

use super::compiled::PhraseTable;
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

/// Room made in a scan's map at its first hit.
const HITS_AT_FIRST: usize = 32;

pub struct LimitPhrases {
    /// Each distinct lowercase phrase once (half of the 2,000 phrases repeat: `lambda`, `message`).
    patterns: Vec<Box<[u8]>>,
    /// Phrases by their first word (the ASCII letters and digits they start with).
    by_first_word: HashMap<Box<[u8]>, Vec<u32>>,
    /// Phrases that start with another byte (`/s`, `.zip`), by that byte.
    by_first_byte: HashMap<u8, Vec<u32>>,
    /// Per pattern: where its (entry id, group index, or `u8::MAX` for an `except` phrase) pairs are in
    /// `targets`.
    target_ranges: Vec<std::ops::Range<u32>>,
    /// (entry id, group, the entry's number of groups).
    targets: Vec<(u32, u8, u8)>,
    /// Per entry index: the number of groups.
    group_count: HashMap<u32, u8>,
}

/// What [`LimitPhrases::build`] reads of a `limit` entry when the table is not precomputed.
#[derive(serde::Deserialize)]
struct LimitPhraseFields {
    #[serde(default, rename = "match")]
    match_groups: Vec<Vec<String>>,
    #[serde(default)]
    except: Vec<String>,
}

impl LimitPhrases {
    pub fn build(schema: &Schema) -> LimitPhrases {
        LimitPhrases::from_table(
            schema
                .precomputed_phrase_table()
                .unwrap_or_else(|| phrase_table_of(schema)),
        )
    }

    fn from_table(table: PhraseTable) -> LimitPhrases {
        let PhraseTable {
            phrases: patterns,
            use_ranges: target_ranges,
            uses: targets,
            group_counts,
        } = table;
        let group_count = group_counts.into_iter().collect();
        let mut by_first_word: HashMap<Box<[u8]>, Vec<u32>> = HashMap::default();
        let mut by_first_byte: HashMap<u8, Vec<u32>> = HashMap::default();
        for (k, p) in patterns.iter().enumerate() {
            match first_word(p) {
                [] => match p.first() {
                    Some(&b) => by_first_byte.entry(b).or_default().push(k as u32),
                    // An empty phrase would be in every sentence (the automaton this replaced matched
                    // it at every word boundary): ignored; the shipped schema has none.
                    None => continue,
                },
                word => by_first_word.entry(word.into()).or_default().push(k as u32),
            }
        }
        LimitPhrases {
            patterns,
            by_first_word,
            by_first_byte,
            target_ranges,
            targets,
            group_count,
        }
    }

    /// Whole-word phrase hits per limit entry (entry id in the schema).
    pub fn scan(&self, text: &str) -> HashMap<u32, LimitHit> {
        let mut hits: HashMap<u32, LimitHit> = HashMap::default();
        let lower = text.to_ascii_lowercase();
        let lower = lower.as_bytes();
        let mut record = |k: u32, start: usize| {
            let pattern = &self.patterns[k as usize];
            let end = start + pattern.len();
            if lower[start..].starts_with(pattern)
                && !lower.get(end).is_some_and(u8::is_ascii_alphanumeric)
            {
                self.add_hit(&mut hits, k, start);
            }
        };
        // `at` is always a byte a phrase may start at: the first, or one after a byte that is not a
        // letter or digit.
        let mut at = 0;
        while at < lower.len() {
            let word = first_word(&lower[at..]);
            if word.is_empty() {
                for &k in self.by_first_byte.get(&lower[at]).into_iter().flatten() {
                    record(k, at);
                }
                at += 1;
            } else {
                for &k in self.by_first_word.get(word).into_iter().flatten() {
                    record(k, at);
                }
                // The byte after the word follows a letter or digit: no phrase starts there.
                at += word.len() + 1;
            }
        }
        hits
    }

    /// Counts phrase `k`, found as whole words at `start`, for every limit it stands in.
    fn add_hit(&self, hits: &mut HashMap<u32, LimitHit>, k: u32, start: usize) {
        let range = self.target_ranges[k as usize].clone();
        if hits.capacity() == 0 {
            // A sentence with one phrase usually has more, each standing in several limits: room for
            // them at once instead of four rehashes as the map doubles from 3 (a tenth of the scan).
            hits.reserve(HITS_AT_FIRST);
        }
        for &(entry, group, count) in &self.targets[range.start as usize..range.end as usize] {
            let hit = hits.entry(entry).or_default();
            if group == u8::MAX {
                hit.except = true;
                continue;
            }
            hit.groups |= 1 << group;
            if group + 1 == count {
                hit.last_group_pos = Some(hit.last_group_pos.map_or(start, |p| p.min(start)));
            }
        }
    }

    pub fn group_count(&self, entry: u32) -> u8 {
        self.group_count.get(&entry).copied().unwrap_or(0)
    }
}

/// The phrase table from the schema's entries: a user schema file adds or refines limits, so the one
/// compiled into the base does not hold them. Only the phrases of each limit are decoded, not the
/// whole entry (values, history, sources were half of building this index).
fn phrase_table_of(schema: &Schema) -> PhraseTable {
    let limits: Vec<(u32, LimitPhraseFields)> = schema
        .of_kind_ids(Kind::Limit)
        .filter_map(|id| Some((id, schema.entry_fields::<LimitPhraseFields>(id)?)))
        .collect();
    PhraseTable::build(
        limits
            .iter()
            .map(|(id, e)| (*id, &e.match_groups[..], &e.except[..])),
    )
}

/// The ASCII letters and digits `s` starts with.
fn first_word(s: &[u8]) -> &[u8] {
    let len = s
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    &s[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every whole-word occurrence of every phrase, found the slow way: what `scan` must report.
    fn naive(index: &LimitPhrases, text: &str) -> Vec<(u32, usize)> {
        let lower = text.to_ascii_lowercase();
        let b = lower.as_bytes();
        let mut out = Vec::new();
        for (k, p) in index.patterns.iter().enumerate() {
            for start in 0..b.len() {
                let end = start + p.len();
                let before_ok = start == 0 || !b[start - 1].is_ascii_alphanumeric();
                let after_ok = end >= b.len() || !b[end].is_ascii_alphanumeric();
                if b[start..].starts_with(p) && before_ok && after_ok {
                    out.push((k as u32, start));
                }
            }
        }
        out
    }

    fn hits_of(
        index: &LimitPhrases,
        found: &[(u32, usize)],
    ) -> Vec<(u32, u64, Option<usize>, bool)> {
        let mut hits: HashMap<u32, LimitHit> = HashMap::default();
        for &(k, start) in found {
            index.add_hit(&mut hits, k, start);
        }
        sorted(hits)
    }

    fn sorted(hits: HashMap<u32, LimitHit>) -> Vec<(u32, u64, Option<usize>, bool)> {
        let mut v: Vec<_> = hits
            .into_iter()
            .map(|(e, h)| (e, h.groups, h.last_group_pos, h.except))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_compiled_table_is_the_one_the_entries_give() {
        let schema = crate::schema::embedded();
        let compiled = schema
            .precomputed_phrase_table()
            .expect("the embedded schema holds the phrase table");
        assert!(compiled.phrases.len() > 500, "{}", compiled.phrases.len());
        assert_eq!(compiled, phrase_table_of(&schema));
    }

    #[test]
    fn the_word_table_finds_every_whole_word_phrase() {
        let schema = crate::schema::embedded();
        let index = schema.limit_phrases();
        let phrases: Vec<String> = index
            .patterns
            .iter()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        // Each phrase between neighbours that do and do not end a word, with its next phrase after it
        // (overlaps and shared first words), in mixed case.
        let mut texts = vec![
            "A Lambda function can run for 15 minutes; /tmp holds 10 GB.".to_string(),
            "lambdas and SQS messages up to 256 KB at 100 MB/s or 3 /s".to_string(),
            String::new(),
        ];
        for (k, p) in phrases.iter().enumerate() {
            let next = &phrases[(k + 1) % phrases.len()];
            texts.push(p.clone());
            texts.push(format!("x{p} {next}"));
            texts.push(format!("({}) {next}x 5 s", p.to_ascii_uppercase()));
            texts.push(format!("{p}{next} - {p}."));
        }
        for text in &texts {
            assert_eq!(
                sorted(index.scan(text)),
                hits_of(index, &naive(index, text)),
                "{text:?}"
            );
        }
    }
}
