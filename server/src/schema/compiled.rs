//! The compiled schema: merged entries and their lookup tables in one byte buffer, written by `build.rs`
//! (and by [`compile`] for schemas built from JSON at run time) and read in place without parsing.
//!
//! Why: parsing 7 MB of JSON at every start cost 40–80 ms and ~40 MB; a lint of one note touches a few
//! dozen entries. Here start-up reads a header, a lookup is a binary search over the buffer, and an entry's
//! JSON is decoded only when a rule, hover or `explain` asks for that entry (`Schema::entry`).
//!
//! Layout (integers are little-endian u32; "arena" offsets are relative to the arena's start):
//! - header: `MAGIC`, then `n_entries, entries_off, kinds_off, n_kinds, files_off, files_len, arena_off,
//!   arena_len, total_len, spellings_off, n_spellings, phrases_off, phrases_len, lists_off, n_lists,
//!   service_keys_off, service_keys_len, brands_off, brands_len`;
//! - entries: per entry `kind, name_off, name_len, json_off, json_len, full_name_off, full_name_len,
//!   source_file, summary_off, summary_len, flags` (the entry's `source` is its file's, stored once, or
//!   `u32::MAX`: its own, in its JSON; the summary is the JSON without the bulky per-entry lists, see
//!   `Entry::summary`, or the same range as the JSON when there are none; `flags` bit 0
//!   ([`FLAG_HAS_OPERATIONS`]): the entry lists API operations, which its summary leaves out; bit 1
//!   ([`FLAG_HAS_LINES`]): some of its name lists are stored apart; bits 8–15: how many of its
//!   `variants` name a service, at most 255);
//! - kinds: per kind (in `Kind::ALL` order) `(offset, count)` of four tables: entry ids of the kind in
//!   schema order; exact spellings `(str_off, str_len, entry)` sorted by bytes; lowercase spellings
//!   `(str_off, str_len, entry, chars, mask_lo, mask_hi)` sorted by (bytes, entry); and the positions of
//!   the lowercase records sorted by `chars`, for did-you-mean by length window;
//! - spellings: an open-addressing hash table (linear probing, a power of two of slots, at most half
//!   full) of the [`spelling_hash`] of every lowercase spelling of every kind, each slot two words (low,
//!   high; 0 = empty): "is this any entry's name?" is a probe or two ([`Compiled::knows_lower`]);
//! - lists: per service entry whose API name lists ([`NameList`]) are stored apart from its JSON, sorted
//!   by entry id, `entry` then `(off, len)` per list (length 0: not apart), the text `\n item \n item …
//!   \n` in the arena ([`Compiled::name_list`]; `decode` puts the lists back into the entry);
//! - the arena: names, entry JSON (for an entry with a summary, the summary), file list JSON, the
//!   limit phrase table ([`PhraseTable`], what `phrases.rs` indexes: computed here, not at start), the
//!   service key table ([`ServiceKeyTable`], what `operations.rs` indexes, likewise, with the
//!   [`operation_hashes`] of every service's operations), the brand table ([`BrandTable`], what
//!   `brands.rs` indexes, likewise), then the whole JSON of the entries that have a summary (read one
//!   at a time: kept off the pages the start-up indexes read), then the name lists stored apart, each
//!   kind of list together (every service's operations, then every service's parameter names, …).
//!
//! Every access is bounds-checked slicing (no `unsafe`); [`Compiled::validate`] checks a whole buffer and
//! runs in the tests over the embedded one.
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Entry, FileInfo, Kind, LazyList};

const MAGIC: &[u8; 8] = b"AWSNSC08";
const HEADER_WORDS: usize = 19;
const ENTRY_WORDS: usize = 11;
const KIND_WORDS: usize = 8;
const EXACT_WORDS: usize = 3;
const CI_WORDS: usize = 6;
/// Entry flag: the entry has a non-empty `operations` list (a service with an API model). Kept here
/// because the summary leaves the list out: the operation index asks this of ~400 services at start-up,
/// and scanning their operation lists in the summaries was half of building it.
const FLAG_HAS_OPERATIONS: u32 = 1;
/// Entry flags, bits 8–15: the number of the entry's variants that name a service (an error code's
/// owners), saturated at 255. `unknown-error-code` judges a known code only when one or two services
/// own it; the common codes have hundreds of variants, each with its documentation, and decoding one
/// to count them cost 0.6 M instructions.
const VARIANT_SERVICES_SHIFT: u32 = 8;
/// Entry flag: some of the entry's [`NameList`]s are stored apart, as lines (the lists table).
const FLAG_HAS_LINES: u32 = 2;
/// Words per record of the lists table: the entry id, then `(offset, length)` in the arena per
/// [`NameList`] (length 0: not stored apart). A list's text is its items, each followed by a line
/// break, after a line break.
const LIST_WORDS: usize = 1 + 2 * NameList::ALL.len();

/// A service's API name lists, stored apart from its JSON, as lines: `operations.rs` reads one of
/// them without decoding the entry (the JSON of a service with thousands of names was ~300,000
/// instructions to decode), and the buffer holds each list once (`decode` puts them back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameList {
    Operations,
    Members,
    EnumValues,
    MemberShapes,
    CliOptions,
}

impl NameList {
    pub const ALL: [NameList; 5] = [
        NameList::Operations,
        NameList::Members,
        NameList::EnumValues,
        NameList::MemberShapes,
        NameList::CliOptions,
    ];

    pub fn of(self, e: &Entry) -> &LazyList {
        match self {
            NameList::Operations => &e.operations,
            NameList::Members => &e.members,
            NameList::EnumValues => &e.enum_values,
            NameList::MemberShapes => &e.member_shapes,
            NameList::CliOptions => &e.cli_options,
        }
    }

    fn of_mut(self, e: &mut Entry) -> &mut LazyList {
        match self {
            NameList::Operations => &mut e.operations,
            NameList::Members => &mut e.members,
            NameList::EnumValues => &mut e.enum_values,
            NameList::MemberShapes => &mut e.member_shapes,
            NameList::CliOptions => &mut e.cli_options,
        }
    }
}

/// Letters, digits and "anything else" present in a lowercase key: an edit changes at most two of these
/// bits, so `popcount(a ^ b) > 2 * max` rules a candidate out before any distance is computed.
pub fn char_mask(lower: &str) -> u64 {
    let mut m = 0u64;
    for c in lower.chars() {
        m |= 1
            << match c {
                'a'..='z' => c as u32 - 'a' as u32,
                '0'..='9' => 26 + c as u32 - '0' as u32,
                _ => 36,
            };
    }
    m
}

/// A 64-bit FNV-1a hash of a lowercase spelling (the spellings table), never 0 (the empty slot).
/// Written out rather than taken from a hashing crate: the build script and the binary must agree on it
/// byte for byte.
pub fn spelling_hash(lower: &[u8]) -> u64 {
    let h = lower.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    });
    // FNV's low bits are its weakest: fold the high half in before the table takes the low bits.
    (h ^ (h >> 32)).max(1)
}

/// The flags word of an entry ([`FLAG_HAS_OPERATIONS`], [`VARIANT_SERVICES_SHIFT`]).
fn entry_flags(e: &Entry) -> u32 {
    let owners = e.variant_services();
    let has_operations = if e.operations.is_empty() {
        0
    } else {
        FLAG_HAS_OPERATIONS
    };
    has_operations | (owners.min(255) as u32) << VARIANT_SERVICES_SHIFT
}

/// What the limit-phrase index (`phrases.rs`) is made of: the `match` and `except` phrases of the
/// `limit` entries that have `match` groups, lowercase, each distinct phrase once in byte order with
/// the uses it stands for; and each such limit's number of groups. `compile` computes it (build.rs,
/// for the embedded schema) and stores it, so that start-up neither decodes ~170 entries nor sorts
/// ~2,000 phrases; a schema whose user files add limits builds it from the entries instead.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PhraseTable {
    /// Distinct lowercase phrases, sorted by bytes.
    pub phrases: Vec<Box<[u8]>>,
    /// Per phrase: where its uses are in `uses`.
    pub use_ranges: Vec<std::ops::Range<u32>>,
    /// (entry id, group index or `u8::MAX` for an `except` phrase, the entry's number of groups), a
    /// phrase's uses in schema order.
    pub uses: Vec<(u32, u8, u8)>,
    /// (entry id, number of groups, at most 63) of every limit with `match` groups.
    pub group_counts: Vec<(u32, u8)>,
}

impl PhraseTable {
    /// From the limits' (entry id, `match` groups, `except` phrases), in schema order.
    pub fn build<'a>(
        limits: impl IntoIterator<Item = (u32, &'a [Vec<String>], &'a [String])>,
    ) -> PhraseTable {
        // (phrase, entry, group, count) in schema order, then grouped by phrase.
        let mut all: Vec<(String, u32, u8, u8)> = Vec::new();
        let mut group_counts = Vec::new();
        for (id, groups, except) in limits {
            if groups.is_empty() {
                continue;
            }
            let count = groups.len().min(63) as u8;
            group_counts.push((id, count));
            for (g, group) in groups.iter().enumerate().take(63) {
                for p in group {
                    all.push((p.to_ascii_lowercase(), id, g as u8, count));
                }
            }
            for p in except {
                all.push((p.to_ascii_lowercase(), id, u8::MAX, count));
            }
        }
        // Stable: a phrase's uses stay in schema order.
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let mut table = PhraseTable {
            group_counts,
            ..PhraseTable::default()
        };
        for (p, entry, group, count) in all {
            if table.phrases.last().map(|last| &**last) != Some(p.as_bytes()) {
                let at = table.uses.len() as u32;
                table.phrases.push(p.into_bytes().into());
                table.use_ranges.push(at..at);
            }
            table.uses.push((entry, group, count));
            table.use_ranges.last_mut().expect("pushed above").end += 1;
        }
        table
    }

    /// Appends the table: `n_phrases`, then per phrase its length, bytes and use count; `n_uses`
    /// uses as `(entry, group | count << 8)`; `n_counts` pairs `(entry, count)` (u32 words).
    fn write(&self, out: &mut Vec<u8>) {
        put_word(out, self.phrases.len() as u32);
        for (p, r) in self.phrases.iter().zip(&self.use_ranges) {
            put_word(out, p.len() as u32);
            out.extend_from_slice(p);
            put_word(out, r.end - r.start);
        }
        put_word(out, self.uses.len() as u32);
        for &(entry, group, count) in &self.uses {
            put_word(out, entry);
            put_word(out, group as u32 | (count as u32) << 8);
        }
        put_word(out, self.group_counts.len() as u32);
        for &(entry, count) in &self.group_counts {
            put_word(out, entry);
            put_word(out, count as u32);
        }
    }

    /// Reads what [`PhraseTable::write`] wrote; `None` unless `bytes` is exactly one table.
    fn read(bytes: &[u8]) -> Option<PhraseTable> {
        let mut r = Reader { bytes, at: 0 };
        let n = r.word()?;
        let mut table = PhraseTable {
            phrases: Vec::with_capacity(r.capacity(n)),
            use_ranges: Vec::with_capacity(r.capacity(n)),
            ..PhraseTable::default()
        };
        let mut next_use = 0u32;
        for _ in 0..n {
            let len = r.word()?;
            table.phrases.push(r.take(len as usize)?.into());
            let end = next_use.checked_add(r.word()?)?;
            table.use_ranges.push(next_use..end);
            next_use = end;
        }
        let n_uses = r.word()?;
        if n_uses != next_use {
            return None;
        }
        table.uses = Vec::with_capacity(r.capacity(n_uses));
        for _ in 0..n_uses {
            let (entry, packed) = (r.word()?, r.word()?);
            table.uses.push((entry, packed as u8, (packed >> 8) as u8));
        }
        let n_counts = r.word()?;
        table.group_counts = Vec::with_capacity(r.capacity(n_counts));
        for _ in 0..n_counts {
            let (entry, count) = (r.word()?, r.word()?);
            table.group_counts.push((entry, count as u8));
        }
        (r.at == bytes.len()).then_some(table)
    }
}

/// Appends what `write` writes to the arena; returns its `(offset, length)` there.
fn append(arena: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> (u32, u32) {
    let start = arena.len();
    write(arena);
    (start as u32, (arena.len() - start) as u32)
}

/// Appends a little-endian u32 (the stored tables' words).
fn put_word(out: &mut Vec<u8>, w: u32) {
    out.extend_from_slice(&w.to_le_bytes());
}

/// Appends a string as its length in bytes, then its bytes ([`Reader::text`] reads it back).
fn put_text(out: &mut Vec<u8>, s: &str) {
    put_word(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Sequential bounds-checked reads of a stored table.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A capacity for `n` items counted in the buffer: at most what its bytes could hold.
    fn capacity(&self, n: u32) -> usize {
        (n as usize).min(self.bytes.len() / 8)
    }

    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(out)
    }

    fn word(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<String> {
        let len = self.word()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
}

/// A service as the operation index (`operations.rs`) reads it: the names a note may call it by.
#[derive(Debug, Clone, Copy)]
pub struct ServiceNames<'a> {
    pub entry: u32,
    pub name: &'a str,
    pub full_name: Option<&'a str>,
    pub abbreviation: Option<&'a str>,
    pub endpoint_prefix: Option<&'a str>,
}

/// CLI service names that differ from every other name of their service.
const CLI_NAMES: &[(&str, &str)] = &[
    ("s3api", "s3"),
    ("stepfunctions", "states"),
    ("cloudwatch", "monitoring"),
    ("elbv2", "elasticloadbalancing"),
    ("elb", "elasticloadbalancing"),
    ("deploy", "codedeploy"),
    ("configservice", "config"),
];

/// What the operation index is made of: the services that have API operations and the keys a note
/// names them by. `compile` computes it (build.rs, for the embedded schema) and stores it, so that
/// start-up neither decodes ~440 service summaries nor lowercases ~2,000 names; a schema whose user
/// files add or refine services builds it from the entries instead.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ServiceKeyTable {
    /// (entry id, name, endpoint prefix or empty) per service with operations, in schema order.
    pub services: Vec<(u32, String, String)>,
    /// Lowercase name without spaces (name, abbreviation, endpoint prefix, full name with and without
    /// its `Amazon `/`AWS `, CLI name) → positions in `services`; sorted by key.
    pub keys: Vec<(String, Vec<u32>)>,
    /// [`operation_hashes`] of the services' operations (`compile` fills it; empty when the table is
    /// built from the entries, and the operation index computes it on first use).
    pub operations: Vec<u64>,
}

/// The hash of an operation name in [`operation_hashes`] (FNV, as the build script computes it).
pub fn operation_hash(name: &str) -> u32 {
    spelling_hash(name.as_bytes()) as u32
}

/// For each operation of each service (their operation names, in the order of the services'
/// positions): its [`operation_hash`] in the high 32 bits and the service's position in the low ones;
/// sorted, one per hash. Whether a name is some service's operation is one binary search in it.
pub fn operation_hashes<'a, O: IntoIterator<Item = &'a str>>(
    services: impl IntoIterator<Item = O>,
) -> Vec<u64> {
    let mut hashes = Vec::new();
    for (i, ops) in services.into_iter().enumerate() {
        hashes.extend(
            ops.into_iter()
                .map(|op| u64::from(operation_hash(op)) << 32 | i as u64),
        );
    }
    hashes.sort_unstable();
    hashes.dedup_by_key(|entry| *entry >> 32);
    hashes.shrink_to_fit();
    hashes
}

impl ServiceKeyTable {
    /// From the services that have operations, in schema order.
    pub fn build<'a>(
        with_operations: impl IntoIterator<Item = ServiceNames<'a>>,
    ) -> ServiceKeyTable {
        let service_key = |name: &str| {
            let mut key = String::with_capacity(name.len());
            lowercase_key_into(name, b" ", &mut key);
            key
        };
        let mut services = Vec::new();
        let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for e in with_operations {
            let id = services.len() as u32;
            let full = e.full_name.unwrap_or("");
            let short = full
                .trim_start_matches("Amazon ")
                .trim_start_matches("AWS ");
            let keys = [
                Some(e.name),
                e.abbreviation,
                e.endpoint_prefix,
                Some(full),
                Some(short),
            ];
            for key in keys.into_iter().flatten().filter(|k| k.len() >= 2) {
                let ids = by_key.entry(service_key(key)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            services.push((
                e.entry,
                e.name.to_string(),
                e.endpoint_prefix.unwrap_or_default().to_string(),
            ));
        }
        // A key that is a service's own name names that service (and its later versions) only, not
        // the other APIs that share its endpoint prefix: "Lambda" is Lambda, not Lambda MicroVMs
        // (whose camelCase members were offered for a Lambda request's keys), Lambda Core or Lambda
        // Web; likewise `rds` drops DocumentDB and Neptune, `connect` ConnectScheduling,
        // `kinesisvideo` its media and signaling APIs, `sso` SSO Admin, `wisdom` Q Connect. Fewer
        // services only remove candidates; those APIs keep their own names.
        let normalized: Vec<String> = services.iter().map(|s| service_key(&s.1)).collect();
        for (key, ids) in by_key.iter_mut() {
            if ids.len() > 1 && ids.iter().any(|&i| normalized[i as usize] == *key) {
                ids.retain(|&i| {
                    let name = &normalized[i as usize];
                    name == key
                        || name.strip_prefix(key.as_str()).is_some_and(|rest| {
                            rest.strip_prefix('v').is_some_and(|v| {
                                !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
                            })
                        })
                });
            }
        }
        for (cli, prefix) in CLI_NAMES {
            if let Some(ids) = by_key.get(*prefix).cloned() {
                by_key.entry(cli.to_string()).or_default().extend(ids);
            }
        }
        ServiceKeyTable {
            services,
            keys: by_key.into_iter().collect(),
            operations: Vec::new(),
        }
    }

    /// Appends the table: `n_services` then per service its entry, name and prefix; `n_keys` then
    /// per key the key and its service positions; `n_operations` then each operation hash as two words,
    /// low then high (strings as length then bytes; u32 words).
    fn write(&self, out: &mut Vec<u8>) {
        put_word(out, self.services.len() as u32);
        for (entry, name, prefix) in &self.services {
            put_word(out, *entry);
            put_text(out, name);
            put_text(out, prefix);
        }
        put_word(out, self.keys.len() as u32);
        for (key, ids) in &self.keys {
            put_text(out, key);
            put_word(out, ids.len() as u32);
            for &id in ids {
                put_word(out, id);
            }
        }
        put_word(out, self.operations.len() as u32);
        for &h in &self.operations {
            put_word(out, h as u32);
            put_word(out, (h >> 32) as u32);
        }
    }

    /// Reads what [`ServiceKeyTable::write`] wrote; `None` unless `bytes` is exactly one table.
    fn read(bytes: &[u8]) -> Option<ServiceKeyTable> {
        let mut r = Reader { bytes, at: 0 };
        let n = r.word()?;
        let mut table = ServiceKeyTable {
            services: Vec::with_capacity(r.capacity(n)),
            keys: Vec::new(),
            operations: Vec::new(),
        };
        for _ in 0..n {
            table.services.push((r.word()?, r.text()?, r.text()?));
        }
        let n_keys = r.word()?;
        table.keys = Vec::with_capacity(r.capacity(n_keys));
        for _ in 0..n_keys {
            let key = r.text()?;
            let n_ids = r.word()?;
            let mut ids = Vec::with_capacity(r.capacity(n_ids));
            for _ in 0..n_ids {
                ids.push(r.word()?);
            }
            table.keys.push((key, ids));
        }
        let n_ops = r.word()?;
        table.operations = Vec::with_capacity(r.capacity(n_ops));
        for _ in 0..n_ops {
            let (low, high) = (r.word()?, r.word()?);
            table
                .operations
                .push(u64::from(high) << 32 | u64::from(low));
        }
        (r.at == bytes.len()).then_some(table)
    }
}

/// `s` lowercased without the ASCII `separators`, into `key` (cleared first): the keys names are looked up
/// by (`Dynamo DB` → `dynamodb` for brands, `Simple Queue Service` → `simplequeueservice` for the
/// operation index). ASCII text, the common case, is copied run by run and lowercased in place: pushing
/// it character by character cost ~40 instructions a character, and brand keys are built for every
/// window of one to three capitalised words of prose.
#[inline]
pub fn lowercase_key_into(s: &str, separators: &[u8], key: &mut String) {
    key.clear();
    if s.is_ascii() {
        // `iter().any` rather than `contains`: for bytes, `contains` calls memchr, which for a one- or
        // two-byte set cost more than the rest of the loop.
        let is_separator = |b: &u8| separators.iter().any(|s| s == b);
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            if is_separator(&b) {
                key.push_str(&s[run..i]);
                run = i + 1;
            }
        }
        key.push_str(&s[run..]);
        key.make_ascii_lowercase();
        return;
    }
    key.extend(
        s.chars()
            .filter(|c| !c.is_ascii() || !separators.contains(&(*c as u8)))
            .flat_map(char::to_lowercase),
    );
}

/// The spellings of one `service-name` or `retired-service` entry, as the brand index reads them.
#[derive(Debug, Clone, Copy)]
pub struct Spellings<'a> {
    pub name: &'a str,
    pub aliases: &'a [String],
    pub full_name: Option<&'a str>,
    /// AWS CLI service names (`retired-service` entries).
    pub cli: &'a [String],
}

/// What the brand index (`brands.rs`, for the spelling rules) is made of. `compile` computes it
/// (build.rs, for the embedded schema) and stores it, so that start-up decodes neither the ~200
/// service-name entries nor the ~50 retired services; a schema whose user files add or refine one
/// of those kinds (or a service) builds it from the entries instead.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BrandTable {
    /// (spelling, key) of every service-name name and alias whose key (lowercase, without spaces
    /// and hyphens) has three characters or more, each spelling once, in schema order.
    pub brands: Vec<(String, String)>,
    /// Every correct spelling: service-name names, aliases and full names; service model names and
    /// full names.
    pub correct: Vec<String>,
    /// (spelling, entry name) of every retired-service name and alias, in schema order.
    pub retired: Vec<(String, String)>,
    /// (AWS CLI service name, retired-service entry name), in schema order.
    pub retired_cli: Vec<(String, String)>,
}

impl BrandTable {
    /// From the service-name entries, the service entries' (name, full name) and the retired-service
    /// entries, each in schema order.
    pub fn build<'a>(
        service_names: impl IntoIterator<Item = Spellings<'a>>,
        services: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
        retired: impl IntoIterator<Item = Spellings<'a>>,
    ) -> BrandTable {
        let mut table = BrandTable::default();
        // Spellings already in `brands` (a linear `any` over them made the build quadratic).
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut key = String::new();
        for e in service_names {
            for spelling in std::iter::once(e.name).chain(e.aliases.iter().map(String::as_str)) {
                table.correct.push(spelling.to_string());
                lowercase_key_into(spelling, b" -", &mut key);
                if key.len() < 3 || !seen.insert(spelling) {
                    continue;
                }
                table.brands.push((spelling.to_string(), key.clone()));
            }
            table.correct.extend(e.full_name.map(str::to_string));
        }
        for (name, full_name) in services {
            table.correct.push(name.to_string());
            table.correct.extend(full_name.map(str::to_string));
        }
        for e in retired {
            for cli in e.cli {
                table.retired_cli.push((cli.clone(), e.name.to_string()));
            }
            for spelling in std::iter::once(e.name).chain(e.aliases.iter().map(String::as_str)) {
                table
                    .retired
                    .push((spelling.to_string(), e.name.to_string()));
            }
        }
        table
    }

    /// Appends the table: four lists, each its length then its strings (length then bytes; pairs as
    /// two strings).
    fn write(&self, out: &mut Vec<u8>) {
        for pairs in [&self.brands, &self.retired, &self.retired_cli] {
            put_word(out, pairs.len() as u32);
            for (a, b) in pairs {
                put_text(out, a);
                put_text(out, b);
            }
        }
        put_word(out, self.correct.len() as u32);
        for s in &self.correct {
            put_text(out, s);
        }
    }

    /// Reads what [`BrandTable::write`] wrote; `None` unless `bytes` is exactly one table.
    fn read(bytes: &[u8]) -> Option<BrandTable> {
        let mut r = Reader { bytes, at: 0 };
        let mut pairs = || -> Option<Vec<(String, String)>> {
            let n = r.word()?;
            let mut v = Vec::with_capacity(r.capacity(n));
            for _ in 0..n {
                v.push((r.text()?, r.text()?));
            }
            Some(v)
        };
        let (brands, retired, retired_cli) = (pairs()?, pairs()?, pairs()?);
        let n = r.word()?;
        let mut correct = Vec::with_capacity(r.capacity(n));
        for _ in 0..n {
            correct.push(r.text()?);
        }
        (r.at == bytes.len()).then_some(BrandTable {
            brands,
            correct,
            retired,
            retired_cli,
        })
    }
}

/// Builds the buffer from merged entries (unique by kind and name, see `model::merge_entries`).
pub fn compile(entries: &[Entry], files: &[FileInfo]) -> Vec<u8> {
    let mut arena: Vec<u8> = Vec::new();
    let mut interned: HashMap<String, (u32, u32)> = HashMap::new();
    let mut intern = |arena: &mut Vec<u8>, s: &str| -> (u32, u32) {
        if let Some(&r) = interned.get(s) {
            return r;
        }
        let r = (arena.len() as u32, s.len() as u32);
        arena.extend_from_slice(s.as_bytes());
        interned.insert(s.to_string(), r);
        r
    };
    let mut entry_words: Vec<u32> = Vec::with_capacity(entries.len() * ENTRY_WORDS);
    let kinds = Kind::ALL.len();
    let mut by_kind: Vec<Vec<u32>> = vec![Vec::new(); kinds];
    let mut exact: Vec<BTreeMap<String, u32>> = vec![BTreeMap::new(); kinds];
    let mut ci: Vec<BTreeSet<(String, u32)>> = vec![BTreeSet::new(); kinds];
    // Whole JSON of the entries that have a summary, placed after everything else: (entry, offset in
    // `bulk`), patched into the entry table at the end.
    let mut bulk: Vec<u8> = Vec::new();
    let mut bulky: Vec<(usize, u32)> = Vec::new();
    // The name lists stored apart (`NameList`), placed last, each kind of list together (every
    // service's operations, then every service's parameter names, …): a question about all services'
    // operations (`OperationIndex::is_operation`) reads 110 pages of operation names, not pages
    // spread over the 10 MB of lists (2-3 MB more resident in the server, and the faults' time).
    // Records `[entry, (offset in its kind's text, length) per list]`, in entry order.
    let mut list_text: [Vec<u8>; NameList::ALL.len()] = Default::default();
    let mut list_records: Vec<Vec<u32>> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let i = i as u32;
        let k = kind_index(e.kind);
        let name = intern(&mut arena, &e.name);
        // Most entries carry their file's source: stored once per file, not per entry (0.7 MB).
        let source_file = files
            .iter()
            .position(|f| f.source.is_some() && f.source == e.source);
        let stored = |e: &Entry| {
            match source_file {
                Some(_) => serde_json::to_vec(&Entry {
                    source: None,
                    ..e.clone()
                }),
                None => serde_json::to_vec(e),
            }
            .unwrap_or_default()
        };
        // The name lists that can be lines are stored apart and left out of the entry's JSON.
        let lines = NameList::ALL.map(|l| l.of(e).as_lines());
        let apart = lines.iter().any(Option::is_some).then(|| {
            let mut rest = e.clone();
            let mut record = vec![i];
            for (l, text) in NameList::ALL.into_iter().zip(&lines) {
                match text {
                    Some(t) => {
                        *l.of_mut(&mut rest) = LazyList::default();
                        // Between line breaks: `Schema::knows_string` finds an item as `\n{item}\n`.
                        let list_text = &mut list_text[l as usize];
                        record.extend([list_text.len() as u32, t.len() as u32 + 2]);
                        list_text.push(b'\n');
                        list_text.extend_from_slice(t.as_bytes());
                        list_text.push(b'\n');
                    }
                    None => record.extend([0, 0]),
                }
            }
            list_records.push(record);
            rest
        });
        let flags = entry_flags(e) | if apart.is_some() { FLAG_HAS_LINES } else { 0 };
        let e = apart.as_ref().unwrap_or(e);
        let json = stored(e);
        let (json_ref, summary_ref) = match e.summary() {
            // The whole JSON of an entry with bulky lists goes to the end of the arena: indexes read
            // every summary at start-up, and summaries packed together touch fewer pages (memory).
            Some(summary) => {
                bulky.push((i as usize, bulk.len() as u32));
                bulk.extend_from_slice(&json);
                let summary = stored(&summary);
                let r = (arena.len() as u32, summary.len() as u32);
                arena.extend_from_slice(&summary);
                ((0, json.len() as u32), r)
            }
            None => {
                let r = (arena.len() as u32, json.len() as u32);
                arena.extend_from_slice(&json);
                (r, r)
            }
        };
        let full = e
            .full_name
            .as_deref()
            .map_or((0, 0), |f| intern(&mut arena, f));
        entry_words.extend([
            k as u32,
            name.0,
            name.1,
            json_ref.0,
            json_ref.1,
            full.0,
            full.1,
            source_file.map_or(u32::MAX, |f| f as u32),
            summary_ref.0,
            summary_ref.1,
            flags,
        ]);
        debug_assert_eq!(entry_words.len(), (i as usize + 1) * ENTRY_WORDS);
        by_kind[k].push(i);
        for spelling in std::iter::once(&e.name).chain(e.aliases.iter()) {
            exact[k].entry(spelling.clone()).or_insert(i);
            ci[k].insert((spelling.to_lowercase(), i));
        }
    }
    let files_json = serde_json::to_vec(files).unwrap_or_default();
    let files_ref = (arena.len() as u32, files_json.len() as u32);
    arena.extend_from_slice(&files_json);
    let phrases = PhraseTable::build(
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == Kind::Limit)
            .map(|(i, e)| (i as u32, &e.match_groups[..], &e.except[..])),
    );
    let phrases_ref = append(&mut arena, |out| phrases.write(out));
    let services_with_operations = || {
        entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == Kind::Service && !e.operations.is_empty())
    };
    let mut service_keys =
        ServiceKeyTable::build(services_with_operations().map(|(i, e)| ServiceNames {
            entry: i as u32,
            name: &e.name,
            full_name: e.full_name.as_deref(),
            abbreviation: e.abbreviation.as_deref(),
            endpoint_prefix: e.endpoint_prefix.as_deref(),
        }));
    let operation_lists: Vec<Vec<String>> = services_with_operations()
        .map(|(_, e)| e.operations.get())
        .collect();
    service_keys.operations = operation_hashes(
        operation_lists
            .iter()
            .map(|ops| ops.iter().map(String::as_str)),
    );
    let service_keys_ref = append(&mut arena, |out| service_keys.write(out));
    fn spellings_of(e: &Entry) -> Spellings<'_> {
        Spellings {
            name: &e.name,
            aliases: &e.aliases,
            full_name: e.full_name.as_deref(),
            cli: &e.cli,
        }
    }
    let of_kind = |kind: Kind| entries.iter().filter(move |e| e.kind == kind);
    let brand_table = BrandTable::build(
        of_kind(Kind::ServiceName).map(spellings_of),
        of_kind(Kind::Service).map(|e| (e.name.as_str(), e.full_name.as_deref())),
        of_kind(Kind::RetiredService).map(spellings_of),
    );
    let brands_ref = append(&mut arena, |out| brand_table.write(out));

    // Tables after the header, the entry table and the kind table; offsets are absolute.
    let entries_off = MAGIC.len() + HEADER_WORDS * 4;
    let kinds_off = entries_off + entry_words.len() * 4;
    let mut tables: Vec<u32> = Vec::new();
    let tables_off = kinds_off + kinds * KIND_WORDS * 4;
    let mut kind_words: Vec<u32> = Vec::with_capacity(kinds * KIND_WORDS);
    let at = |tables: &Vec<u32>| (tables_off + tables.len() * 4) as u32;
    for k in 0..kinds {
        kind_words.extend([at(&tables), by_kind[k].len() as u32]);
        tables.extend(&by_kind[k]);
        kind_words.extend([at(&tables), exact[k].len() as u32]);
        for (s, &id) in &exact[k] {
            let r = intern(&mut arena, s);
            tables.extend([r.0, r.1, id]);
        }
        kind_words.extend([at(&tables), ci[k].len() as u32]);
        let mut lengths: Vec<(u32, u32)> = Vec::with_capacity(ci[k].len());
        for (pos, (s, id)) in ci[k].iter().enumerate() {
            let r = intern(&mut arena, s);
            let chars = s.chars().count() as u32;
            let mask = char_mask(s);
            tables.extend([r.0, r.1, *id, chars, mask as u32, (mask >> 32) as u32]);
            lengths.push((chars, pos as u32));
        }
        lengths.sort();
        kind_words.extend([at(&tables), lengths.len() as u32]);
        tables.extend(lengths.iter().map(|&(_, pos)| pos));
    }
    let hashes: BTreeSet<u64> = ci
        .iter()
        .flatten()
        .map(|(s, _)| spelling_hash(s.as_bytes()))
        .collect();
    let mut spellings = vec![0u64; (hashes.len() * 2).next_power_of_two()];
    let mask = spellings.len() - 1;
    for &h in &hashes {
        let mut slot = h as usize & mask;
        while spellings[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        spellings[slot] = h;
    }
    let spellings_off = at(&tables);
    tables.extend(spellings.iter().flat_map(|&h| [h as u32, (h >> 32) as u32]));
    let bulk_start = arena.len() as u32;
    arena.extend_from_slice(&bulk);
    for (entry, offset) in bulky {
        entry_words[entry * ENTRY_WORDS + 3] = bulk_start + offset;
    }
    let mut lists_start = [0u32; NameList::ALL.len()];
    for (start, text) in lists_start.iter_mut().zip(&list_text) {
        *start = arena.len() as u32;
        arena.extend_from_slice(text);
    }
    let lists_off = at(&tables);
    for record in &list_records {
        tables.push(record[0]);
        for (pair, start) in record[1..].chunks(2).zip(lists_start) {
            let (off, len) = (pair[0], pair[1]);
            tables.extend([if len > 0 { start + off } else { 0 }, len]);
        }
    }
    let arena_off = tables_off + tables.len() * 4;
    let total = arena_off + arena.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    for w in [
        entries.len() as u32,
        entries_off as u32,
        kinds_off as u32,
        kinds as u32,
        files_ref.0,
        files_ref.1,
        arena_off as u32,
        arena.len() as u32,
        total as u32,
        spellings_off,
        spellings.len() as u32,
        phrases_ref.0,
        phrases_ref.1,
        lists_off,
        list_records.len() as u32,
        service_keys_ref.0,
        service_keys_ref.1,
        brands_ref.0,
        brands_ref.1,
    ] {
        out.extend_from_slice(&w.to_le_bytes());
    }
    for w in entry_words.iter().chain(&kind_words).chain(&tables) {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(&arena);
    out
}

/// `kind as usize` is its position in `Kind::ALL` (tested); `Other` is never stored.
fn kind_index(kind: Kind) -> usize {
    kind as usize
}

/// One lowercase spelling of the did-you-mean table.
#[derive(Debug, Clone, Copy)]
pub struct LowerKey<'a> {
    pub key: &'a [u8],
    pub entry: u32,
    pub chars: u32,
    pub mask: u64,
}

/// A compiled schema buffer, borrowed from the binary or owned.
pub struct Compiled {
    bytes: Cow<'static, [u8]>,
    n_entries: usize,
    entries_off: usize,
    kinds_off: usize,
    files: (usize, usize),
    arena_off: usize,
    /// (offset, number of slots) of the spelling hash table.
    spellings: (usize, usize),
    /// (offset, length) of the limit phrase table in the arena.
    phrases: (usize, usize),
    /// (offset, number of records) of the lists table.
    lists: (usize, usize),
    /// (offset, length) of the service key table in the arena.
    service_keys: (usize, usize),
    /// (offset, length) of the brand table in the arena.
    brands: (usize, usize),
    file_sources: std::sync::OnceLock<Vec<Option<super::model::Source>>>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Compiled({} entries)", self.n_entries)
    }
}

impl Compiled {
    /// Checks the header and that every section lies inside the buffer; records are checked on access
    /// (bounds-checked) and all at once by [`Compiled::validate`].
    pub fn new(bytes: Cow<'static, [u8]>) -> Result<Compiled, String> {
        if bytes.len() < MAGIC.len() + HEADER_WORDS * 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a compiled awsnotes schema (bad magic)".into());
        }
        let word = |i: usize| read_u32(&bytes, MAGIC.len() + i * 4) as usize;
        let (n_entries, entries_off, kinds_off, n_kinds) = (word(0), word(1), word(2), word(3));
        let (files_off, files_len, arena_off, arena_len, total) =
            (word(4), word(5), word(6), word(7), word(8));
        let (spellings_off, n_spellings) = (word(9), word(10));
        let (phrases_off, phrases_len) = (word(11), word(12));
        let (lists_off, n_lists) = (word(13), word(14));
        let (service_keys_off, service_keys_len) = (word(15), word(16));
        let (brands_off, brands_len) = (word(17), word(18));
        if total != bytes.len()
            || !(n_spellings == 0 || n_spellings.is_power_of_two())
            || n_kinds != Kind::ALL.len()
            || entries_off + n_entries * ENTRY_WORDS * 4 > bytes.len()
            || kinds_off + n_kinds * KIND_WORDS * 4 > bytes.len()
            || arena_off + arena_len != total
            || files_off + files_len > arena_len
            || phrases_off + phrases_len > arena_len
            || service_keys_off + service_keys_len > arena_len
            || brands_off + brands_len > arena_len
            || spellings_off + n_spellings * 8 > arena_off
            || lists_off + n_lists * LIST_WORDS * 4 > arena_off
        {
            return Err("compiled schema: inconsistent header".into());
        }
        Ok(Compiled {
            bytes,
            n_entries,
            entries_off,
            kinds_off,
            files: (files_off, files_len),
            arena_off,
            spellings: (spellings_off, n_spellings),
            phrases: (phrases_off, phrases_len),
            lists: (lists_off, n_lists),
            service_keys: (service_keys_off, service_keys_len),
            brands: (brands_off, brands_len),
            file_sources: std::sync::OnceLock::new(),
        })
    }

    pub fn len(&self) -> usize {
        self.n_entries
    }

    pub fn is_empty(&self) -> bool {
        self.n_entries == 0
    }

    fn word(&self, byte_off: usize) -> u32 {
        read_u32(&self.bytes, byte_off)
    }

    fn entry_word(&self, id: u32, i: usize) -> u32 {
        self.word(self.entries_off + (id as usize * ENTRY_WORDS + i) * 4)
    }

    fn arena(&self, off: u32, len: u32) -> &[u8] {
        let start = self.arena_off + off as usize;
        self.bytes.get(start..start + len as usize).unwrap_or(&[])
    }

    fn arena_str(&self, off: u32, len: u32) -> &str {
        std::str::from_utf8(self.arena(off, len)).unwrap_or("")
    }

    pub fn kind(&self, id: u32) -> Kind {
        Kind::ALL
            .get(self.entry_word(id, 0) as usize)
            .copied()
            .unwrap_or(Kind::Other)
    }

    pub fn name(&self, id: u32) -> &str {
        self.arena_str(self.entry_word(id, 1), self.entry_word(id, 2))
    }

    pub fn full_name(&self, id: u32) -> Option<&str> {
        let s = self.arena_str(self.entry_word(id, 5), self.entry_word(id, 6));
        (!s.is_empty()).then_some(s)
    }

    /// The entry, decoded from its JSON.
    pub fn decode(&self, id: u32) -> Result<Entry, String> {
        let mut e: Entry =
            serde_json::from_slice(self.arena(self.entry_word(id, 3), self.entry_word(id, 4)))
                .map_err(|e| format!("entry {id}: {e}"))?;
        if let Some(record) = self.lists_record(id) {
            for l in NameList::ALL {
                if let Some(text) = self.record_list(record, l) {
                    *l.of_mut(&mut e) = LazyList::from_lines(text);
                }
            }
        }
        let file = self.entry_word(id, 7);
        if file != u32::MAX {
            let sources = self
                .file_sources
                .get_or_init(|| self.files().into_iter().map(|f| f.source).collect());
            e.source = sources.get(file as usize).cloned().flatten();
        }
        Ok(e)
    }

    /// One of the entry's name lists, items joined by line breaks, when it is stored apart (a
    /// non-empty list of non-empty items); `None` otherwise (the list is in the entry's JSON, if any).
    pub fn name_list(&self, id: u32, list: NameList) -> Option<&str> {
        self.lists_record(id)
            .and_then(|record| self.record_list(record, list))
    }

    /// Where the entry's record is in the lists table (a binary search by entry id), if it has one.
    fn lists_record(&self, id: u32) -> Option<usize> {
        if self.entry_word(id, 10) & FLAG_HAS_LINES == 0 {
            return None;
        }
        let (off, n) = self.lists;
        let record = |i: usize| off + i * LIST_WORDS * 4;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.word(record(mid)) < id {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < n && self.word(record(lo)) == id).then(|| record(lo))
    }

    /// One list of a lists-table record, without the line breaks around it.
    fn record_list(&self, record: usize, list: NameList) -> Option<&str> {
        let at = record + 4 + list as usize * 8;
        let text = self.arena_str(self.word(at), self.word(at + 4));
        text.strip_prefix('\n')?.strip_suffix('\n')
    }

    /// An entry's JSON as stored (without the file-level `source`).
    pub fn entry_json(&self, id: u32) -> &[u8] {
        self.arena(self.entry_word(id, 3), self.entry_word(id, 4))
    }

    /// Whether the entry lists API operations (its summary leaves them out).
    pub fn has_operations(&self, id: u32) -> bool {
        self.entry_word(id, 10) & FLAG_HAS_OPERATIONS != 0
    }

    /// How many of the entry's variants name a service (at most 255).
    pub fn variant_services(&self, id: u32) -> usize {
        ((self.entry_word(id, 10) >> VARIANT_SERVICES_SHIFT) & 0xff) as usize
    }

    /// The JSON of the entry's summary (`Entry::summary`), as stored.
    pub fn summary_json(&self, id: u32) -> &[u8] {
        self.arena(self.entry_word(id, 8), self.entry_word(id, 9))
    }

    /// The string arena: names, each entry's JSON, the file list, the tables; then the name lists
    /// stored apart.
    pub fn arena_bytes(&self) -> &[u8] {
        self.bytes.get(self.arena_off..).unwrap_or(&[])
    }

    /// The arena in two: everything before the name lists stored apart (JSON strings in quotes), and
    /// those lists (items between line breaks). They are stored last, grouped by kind of list.
    pub fn arena_and_lists(&self) -> (&[u8], &[u8]) {
        let arena = self.arena_bytes();
        let (off, n) = self.lists;
        // The lists of each kind are together, in records' order: the lowest offset of any list.
        let first = (0..n)
            .flat_map(|i| {
                (0..NameList::ALL.len()).map(move |l| off + i * LIST_WORDS * 4 + 4 + l * 8)
            })
            .filter(|&at| self.word(at + 4) > 0)
            .map(|at| self.word(at) as usize)
            .min()
            .unwrap_or(arena.len());
        arena.split_at(first.min(arena.len()))
    }

    /// The limit phrase table `compile` stored (`None` if it does not read back whole).
    pub fn phrase_table(&self) -> Option<PhraseTable> {
        let (off, len) = self.phrases;
        PhraseTable::read(self.arena(off as u32, len as u32))
    }

    /// The service key table `compile` stored (`None` if it does not read back whole).
    pub fn service_key_table(&self) -> Option<ServiceKeyTable> {
        let (off, len) = self.service_keys;
        ServiceKeyTable::read(self.arena(off as u32, len as u32))
    }

    /// The brand table `compile` stored (`None` if it does not read back whole).
    pub fn brand_table(&self) -> Option<BrandTable> {
        let (off, len) = self.brands;
        BrandTable::read(self.arena(off as u32, len as u32))
    }

    pub fn files(&self) -> Vec<FileInfo> {
        let (off, len) = self.files;
        serde_json::from_slice(self.arena(off as u32, len as u32)).unwrap_or_default()
    }

    /// (offset, count) of table `t` (0 ids, 1 exact, 2 lowercase, 3 by length) of a kind.
    fn table(&self, kind: Kind, t: usize) -> (usize, usize) {
        if kind == Kind::Other {
            return (0, 0);
        }
        let base = self.kinds_off + (kind_index(kind) * KIND_WORDS + t * 2) * 4;
        (self.word(base) as usize, self.word(base + 4) as usize)
    }

    /// Entry ids of a kind, in schema order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = u32> + '_ {
        let (off, n) = self.table(kind, 0);
        (0..n).map(move |i| self.word(off + i * 4))
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.table(kind, 0).1
    }

    fn exact_record(&self, off: usize, i: usize) -> (&[u8], u32) {
        let r = off + i * EXACT_WORDS * 4;
        (self.arena(self.word(r), self.word(r + 4)), self.word(r + 8))
    }

    /// The first entry (in schema order) with this exact name or alias.
    pub fn exact(&self, kind: Kind, name: &str) -> Option<u32> {
        let (off, n) = self.table(kind, 1);
        let i = partition_point(n, |i| self.exact_record(off, i).0 < name.as_bytes());
        (i < n && self.exact_record(off, i).0 == name.as_bytes())
            .then(|| self.exact_record(off, i).1)
    }

    fn lower_record(&self, off: usize, i: usize) -> LowerKey<'_> {
        let r = off + i * CI_WORDS * 4;
        LowerKey {
            key: self.arena(self.word(r), self.word(r + 4)),
            entry: self.word(r + 8),
            chars: self.word(r + 12),
            mask: self.word(r + 16) as u64 | (self.word(r + 20) as u64) << 32,
        }
    }

    /// Positions in the lowercase table of a kind of the spellings starting with `lower_prefix` (they
    /// are contiguous: the table is sorted); read them with [`Compiled::lower_at`].
    pub fn lower_range(&self, kind: Kind, lower_prefix: &str) -> std::ops::Range<usize> {
        let (off, n) = self.table(kind, 2);
        let p = lower_prefix.as_bytes();
        let start = partition_point(n, |i| self.lower_record(off, i).key < p);
        let end = partition_point(n, |i| {
            let k = self.lower_record(off, i).key;
            k < p || k.starts_with(p)
        });
        start..end.max(start)
    }

    pub fn lower_at(&self, kind: Kind, i: usize) -> LowerKey<'_> {
        self.lower_record(self.table(kind, 2).0, i)
    }

    /// Entries whose lowercase name or alias equals `lower`, in schema order.
    pub fn lower_equal(&self, kind: Kind, lower: &str) -> Vec<u32> {
        self.lower_range(kind, lower)
            .map(|i| self.lower_at(kind, i))
            .take_while(|r| r.key == lower.as_bytes())
            .map(|r| r.entry)
            .collect()
    }

    /// Whether some entry of any kind is spelt `lower` (lowercase): a probe or two of the spelling hash
    /// table. A hash collision can only make an unknown name look known.
    pub fn knows_lower(&self, lower: &str) -> bool {
        let (off, n) = self.spellings;
        let h = spelling_hash(lower.as_bytes());
        let mut slot = h as usize & n.wrapping_sub(1);
        // At most half full: an empty slot always ends the probe.
        for _ in 0..n {
            match self.spelling_at(off, slot) {
                0 => return false,
                found if found == h => return true,
                _ => slot = (slot + 1) & (n - 1),
            }
        }
        false
    }

    fn spelling_at(&self, off: usize, i: usize) -> u64 {
        self.word(off + i * 8) as u64 | (self.word(off + i * 8 + 4) as u64) << 32
    }

    /// Lowercase spellings whose length in characters is within `min..=max`.
    pub fn lower_by_length(
        &self,
        kind: Kind,
        min: u32,
        max: u32,
    ) -> impl Iterator<Item = LowerKey<'_>> + '_ {
        let (ci_off, _) = self.table(kind, 2);
        let (off, n) = self.table(kind, 3);
        let chars_at = move |i: usize| {
            self.lower_record(ci_off, self.word(off + i * 4) as usize)
                .chars
        };
        let start = partition_point(n, |i| chars_at(i) < min);
        (start..n)
            .map(move |i| self.lower_record(ci_off, self.word(off + i * 4) as usize))
            .take_while(move |r| r.chars <= max)
    }

    /// Checks every record: ranges inside the buffer, strings UTF-8, tables sorted, every entry's JSON
    /// decodes to an entry of the recorded kind and name.
    pub fn validate(&self) -> Result<(), String> {
        let in_arena = |off: u32, len: u32| {
            (off as usize + len as usize + self.arena_off <= self.bytes.len())
                .then_some(())
                .ok_or_else(|| format!("range {off}+{len} outside the arena"))
        };
        self.phrase_table()
            .ok_or("the limit phrase table does not read back")?;
        self.service_key_table()
            .ok_or("the service key table does not read back")?;
        self.brand_table()
            .ok_or("the brand table does not read back")?;
        let (off, n) = self.lists;
        let mut previous = None;
        for i in 0..n {
            let record = off + i * LIST_WORDS * 4;
            let id = self.word(record);
            if id as usize >= self.n_entries || previous.is_some_and(|p| p >= id) {
                return Err(format!("lists table record {i}: entry {id} out of order"));
            }
            previous = Some(id);
            for l in 0..NameList::ALL.len() {
                let at = record + 4 + l * 8;
                let (text_off, len) = (self.word(at), self.word(at + 4));
                in_arena(text_off, len)?;
                std::str::from_utf8(self.arena(text_off, len)).map_err(|e| e.to_string())?;
            }
        }
        for id in 0..self.n_entries as u32 {
            for (o, l) in [(1, 2), (3, 4), (5, 6), (8, 9)] {
                in_arena(self.entry_word(id, o), self.entry_word(id, l))?;
            }
            let e = self.decode(id)?;
            if e.kind != self.kind(id) || e.name != self.name(id) {
                return Err(format!("entry {id}: table and JSON disagree"));
            }
        }
        for &kind in Kind::ALL {
            for t in 0..4 {
                let (off, n) = self.table(kind, t);
                let width = [1, EXACT_WORDS, CI_WORDS, 1][t] * 4;
                if off + n * width > self.arena_off {
                    return Err(format!("{kind:?} table {t} outside the tables"));
                }
            }
            if self.of_kind(kind).any(|id| id as usize >= self.n_entries) {
                return Err(format!("{kind:?}: entry id out of range"));
            }
            let (off, n) = self.table(kind, 1);
            for i in 0..n {
                let r = off + i * EXACT_WORDS * 4;
                in_arena(self.word(r), self.word(r + 4))?;
                std::str::from_utf8(self.exact_record(off, i).0).map_err(|e| e.to_string())?;
                if i > 0 && self.exact_record(off, i - 1).0 >= self.exact_record(off, i).0 {
                    return Err(format!("{kind:?}: exact table not sorted"));
                }
            }
            let (off, n) = self.table(kind, 2);
            for i in 0..n {
                let r = off + i * CI_WORDS * 4;
                in_arena(self.word(r), self.word(r + 4))?;
                let rec = self.lower_record(off, i);
                if rec.entry as usize >= self.n_entries {
                    return Err(format!("{kind:?}: entry id out of range"));
                }
                let key = std::str::from_utf8(rec.key).map_err(|e| e.to_string())?;
                if rec.chars as usize != key.chars().count() || rec.mask != char_mask(key) {
                    return Err(format!("{kind:?}: wrong length or mask for {key:?}"));
                }
                if i > 0 {
                    let prev = self.lower_record(off, i - 1);
                    if (prev.key, prev.entry) >= (rec.key, rec.entry) {
                        return Err(format!("{kind:?}: lowercase table not sorted"));
                    }
                }
            }
            let (loff, ln) = self.table(kind, 3);
            if ln != n {
                return Err(format!("{kind:?}: length table size"));
            }
            for i in 0..ln {
                if self.word(loff + i * 4) as usize >= n {
                    return Err(format!("{kind:?}: length table position out of range"));
                }
            }
        }
        let (off, n) = self.spellings;
        if (0..n).filter(|&i| self.spelling_at(off, i) == 0).count() * 2 < n {
            return Err("spelling hash table more than half full".into());
        }
        let missing = Kind::ALL.iter().find_map(|&kind| {
            let (off, n) = self.table(kind, 2);
            (0..n)
                .map(|i| self.lower_record(off, i).key)
                .find(|key| !self.knows_lower(std::str::from_utf8(key).unwrap_or("")))
        });
        if let Some(key) = missing {
            return Err(format!(
                "spelling {:?} not in the spelling hashes",
                String::from_utf8_lossy(key)
            ));
        }
        Ok(())
    }
}

fn read_u32(bytes: &[u8], off: usize) -> u32 {
    let mut w = [0u8; 4];
    if let Some(b) = bytes.get(off..off + 4) {
        w.copy_from_slice(b);
    }
    u32::from_le_bytes(w)
}

/// The first index in `0..n` for which `is_before` is false (it must be true then false).
fn partition_point(n: usize, is_before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if is_before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
