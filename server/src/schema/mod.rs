//! The schema: every AWS name awsnotes knows, compiled at build time (`compiled.rs`, from the JSON under
//! `schema/`), extended by user schema files, and read through exact, case-insensitive, prefix and
//! did-you-mean lookups.
//!
//! Shape: a [`Schema`] is a shared, read-only *base* (the compiled buffer plus entries decoded on first
//! use) and a small *overlay* of user-file entries consulted first. Entry ids are stable: base entries
//! keep their ids (an overlay entry that refines a base entry takes its id), new overlay entries follow
//! the base's. Adding user files never re-reads the base.
//!
//! Invariant: entries are unique by (kind, name); a later file refines an earlier one (generated <
//! curated < user files), see [`Entry::merge_from`].

pub mod brands;
pub mod claims;
pub mod compiled;
mod index;
pub mod model;
pub mod operations;
pub mod phrases;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use index::IamIndex;
pub use index::{
    bounded_distance as index_distance, wildcard_match, DistanceQuery, IamLookup, Near,
};
pub use model::{
    merge_entries, parse_file, Entry, FileInfo, HistoryPoint, IamAction, Kind, SchemaError, Source,
    StatedValue, Variant,
};

include!(concat!(env!("OUT_DIR"), "/embedded_schema.rs"));
// (`EMBEDDED_SCHEMA` is public so that benchmarks can time opening it from scratch.)

/// The schema's JSON sources in this source tree (`schema/generated`, then `schema/curated`), for tests
/// and benchmarks that compare with or time the JSON path. The binary does not read them.
pub fn source_files_in_tree() -> std::io::Result<Vec<(String, String)>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("schema");
    let mut files = Vec::new();
    for dir in ["generated", "curated"] {
        for entry in std::fs::read_dir(root.join(dir))?.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some("json") {
                let name = format!("{dir}/{}", entry.file_name().to_string_lossy());
                files.push((name, std::fs::read_to_string(&path)?));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A compiled buffer and its entries, decoded one by one on first use and shared by every schema built
/// on it.
struct Base {
    compiled: compiled::Compiled,
    loaded: Vec<OnceLock<Box<Loaded>>>,
}

struct Loaded {
    entry: Entry,
    /// The action index, for IAM services.
    iam: Option<IamIndex>,
}

impl Base {
    fn new(compiled: compiled::Compiled) -> Base {
        let loaded = (0..compiled.len()).map(|_| OnceLock::new()).collect();
        Base { compiled, loaded }
    }

    fn loaded(&self, id: u32) -> &Loaded {
        static MISSING: OnceLock<Box<Loaded>> = OnceLock::new();
        let Some(slot) = self.loaded.get(id as usize) else {
            return MISSING.get_or_init(|| {
                Box::new(Loaded {
                    entry: Entry::default(),
                    iam: None,
                })
            });
        };
        slot.get_or_init(|| {
            // The buffer is validated by the tests; should an entry not decode, it is still known by
            // kind and name rather than bringing the process down.
            let entry = self.compiled.decode(id).unwrap_or_else(|_| Entry {
                kind: self.compiled.kind(id),
                name: self.compiled.name(id).to_string(),
                ..Entry::default()
            });
            let iam = (entry.kind == Kind::IamService).then(|| IamIndex::build(id, &entry));
            Box::new(Loaded { entry, iam })
        })
    }
}

/// User-file entries over the base.
#[derive(Default)]
struct Overlay {
    entries: Vec<Entry>,
    /// Schema-wide id of each overlay entry.
    ids: Vec<u32>,
    /// Base id -> overlay position, for base entries the overlay refines.
    shadow: FxHashMap<u32, u32>,
    index: index::Index,
}

pub struct Schema {
    generation: u64,
    base: Arc<Base>,
    overlay: Overlay,
    files: Vec<FileInfo>,
    brands: OnceLock<brands::BrandIndex>,
    service_links: OnceLock<brands::ServiceLinks>,
    limit_phrases: OnceLock<phrases::LimitPhrases>,
    claims: OnceLock<claims::ClaimIndex>,
    operations: OnceLock<operations::OperationIndex>,
    /// Indexes a higher layer derives from this schema (the rules' trigger index), one per type,
    /// built on first use: the schema layer does not know their types.
    derived: std::sync::RwLock<
        rustc_hash::FxHashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>,
    >,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Schema({} base entries, {} overlay entries)",
            self.base.compiled.len(),
            self.overlay.entries.len()
        )
    }
}

/// The generation id of [`embedded`].
pub const EMBEDDED_GENERATION: u64 = 0;

/// The schema built into the binary, opened once per process (no parsing: see `compiled.rs`).
pub fn embedded() -> Arc<Schema> {
    static EMBEDDED: OnceLock<Arc<Schema>> = OnceLock::new();
    EMBEDDED
        .get_or_init(|| {
            let mut schema = open_embedded();
            // The one embedded schema of the process is generation 0; every other schema is numbered
            // from 1 as it is built.
            schema.generation = EMBEDDED_GENERATION;
            Arc::new(schema)
        })
        .clone()
}

/// A new schema over the embedded buffer, nothing decoded yet ([`embedded`] keeps one per process;
/// benchmarks time this).
pub fn open_embedded() -> Schema {
    let compiled = compiled::Compiled::new(Cow::Borrowed(EMBEDDED_SCHEMA))
        .unwrap_or_else(|e| panic!("the embedded schema is built by build.rs: {e}"));
    Schema::on_base(Arc::new(Base::new(compiled)), Overlay::default())
}

fn parse_all<N, C>(files: &[(N, C)]) -> Result<(Vec<FileInfo>, Vec<Entry>), SchemaError>
where
    N: AsRef<str> + Sync,
    C: AsRef<str> + Sync,
{
    // Files parse independently: spread them over the cores (the largest is a few MB).
    use rayon::prelude::*;
    let parsed: Vec<Result<(FileInfo, Vec<Entry>), SchemaError>> = files
        .par_iter()
        .map(|(name, contents)| parse_file(name.as_ref(), contents.as_ref()))
        .collect();
    let mut infos = Vec::new();
    let mut all = Vec::new();
    for p in parsed {
        let (info, entries) = p?;
        infos.push(info);
        all.extend(entries);
    }
    Ok((infos, all))
}

impl Schema {
    fn on_base(base: Arc<Base>, overlay: Overlay) -> Schema {
        let files = base.compiled.files();
        // Caches of analyses are keyed by this id, never by the schema's address (a freed schema's address
        // can be reused by the next one).
        static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Schema {
            generation: NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            base,
            overlay,
            files,
            brands: OnceLock::new(),
            service_links: OnceLock::new(),
            limit_phrases: OnceLock::new(),
            claims: OnceLock::new(),
            operations: OnceLock::new(),
            derived: Default::default(),
        }
    }

    /// Builds a schema from JSON (name, contents) pairs alone, in order: later files refine earlier
    /// ones. (The binary's own schema is compiled at build time; this serves tests, benchmarks and
    /// fuzzing.)
    pub fn from_files<N, C>(files: &[(N, C)]) -> Result<Schema, SchemaError>
    where
        N: AsRef<str> + Sync,
        C: AsRef<str> + Sync,
    {
        let (infos, all) = parse_all(files)?;
        let bytes = compiled::compile(&merge_entries(all), &infos);
        let compiled =
            compiled::Compiled::new(Cow::Owned(bytes)).map_err(|message| SchemaError {
                file: "(compiled)".into(),
                message,
            })?;
        Ok(Schema::on_base(
            Arc::new(Base::new(compiled)),
            Overlay::default(),
        ))
    }

    /// The embedded schema extended by user files (same format), which refine it. Only the user files
    /// are parsed; the embedded entries are shared.
    pub fn with_user_files(user_files: &[(String, String)]) -> Result<Schema, SchemaError> {
        let embedded = embedded();
        let base = embedded.base.clone();
        if user_files.is_empty() {
            return Ok(Schema::on_base(base, Overlay::default()));
        }
        let (infos, all) = parse_all(user_files)?;
        let n = base.compiled.len() as u32;
        let mut overlay = Overlay::default();
        let mut next_new_id = n;
        for user in merge_entries(all) {
            let position = overlay.entries.len() as u32;
            match base_id_named(&base.compiled, user.kind, &user.name) {
                Some(id) => {
                    let mut merged = base.loaded(id).entry.clone();
                    merged.merge_from(user);
                    overlay.entries.push(merged);
                    overlay.ids.push(id);
                    overlay.shadow.insert(id, position);
                }
                None => {
                    overlay.entries.push(user);
                    overlay.ids.push(next_new_id);
                    next_new_id += 1;
                }
            }
        }
        overlay.index = index::Index::build(&overlay.entries);
        let mut schema = Schema::on_base(base, overlay);
        schema.files.extend(infos);
        Ok(schema)
    }

    /// A process-unique id of this schema, for cache keys.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Brand spellings and retired names, built on first use.
    pub fn brands(&self) -> &brands::BrandIndex {
        self.brands.get_or_init(|| brands::BrandIndex::build(self))
    }

    /// Service spellings with their documentation URLs (the editor's document links), built on first use.
    pub fn service_links(&self) -> &brands::ServiceLinks {
        self.service_links
            .get_or_init(|| brands::ServiceLinks::build(self))
    }

    /// Whether the tables compiled into the base still hold every entry of these kinds: no user file
    /// adds or refines one (else an index builds its table from the entries).
    fn base_tables_hold(&self, kinds: &[Kind]) -> bool {
        kinds
            .iter()
            .all(|&k| self.overlay.index.of_kind(k).is_empty())
    }

    /// The limit phrase table compiled into the base, when no user file adds or refines a limit
    /// (`phrases.rs` then builds nothing from the entries).
    pub(crate) fn precomputed_phrase_table(&self) -> Option<compiled::PhraseTable> {
        self.base_tables_hold(&[Kind::Limit])
            .then(|| self.base.compiled.phrase_table())
            .flatten()
    }

    /// The service key table compiled into the base, when no user file adds or refines a service.
    pub(crate) fn precomputed_service_keys(&self) -> Option<compiled::ServiceKeyTable> {
        self.base_tables_hold(&[Kind::Service])
            .then(|| self.base.compiled.service_key_table())
            .flatten()
    }

    /// The brand table compiled into the base, when no user file adds or refines a service name, a
    /// service or a retired service.
    pub(crate) fn precomputed_brand_table(&self) -> Option<compiled::BrandTable> {
        self.base_tables_hold(&[Kind::ServiceName, Kind::Service, Kind::RetiredService])
            .then(|| self.base.compiled.brand_table())
            .flatten()
    }

    /// The phrases of `limit` entries, built on first use.
    pub fn limit_phrases(&self) -> &phrases::LimitPhrases {
        self.limit_phrases
            .get_or_init(|| phrases::LimitPhrases::build(self))
    }

    /// The `claim` entries, their patterns compiled on first use.
    pub fn claims(&self) -> &claims::ClaimIndex {
        self.claims.get_or_init(|| claims::ClaimIndex::build(self))
    }

    /// API operations by service, built on first use (decodes every service's operation list).
    pub fn operations(&self) -> &operations::OperationIndex {
        self.operations
            .get_or_init(|| operations::OperationIndex::build(self))
    }

    /// The index of type `T` derived from this schema by `build`, built by the first caller and shared
    /// after (a higher layer's cache that lives and dies with the schema).
    pub fn derived<T: std::any::Any + Send + Sync>(&self, build: fn(&Schema) -> T) -> Arc<T> {
        let key = std::any::TypeId::of::<T>();
        let cached = |map: &rustc_hash::FxHashMap<_, Arc<dyn std::any::Any + Send + Sync>>| {
            map.get(&key).and_then(|a| a.clone().downcast::<T>().ok())
        };
        if let Some(found) = cached(&self.derived.read().unwrap_or_else(|e| e.into_inner())) {
            return found;
        }
        // Built outside the lock (building may ask for other indexes); two racing builders agree.
        let built = Arc::new(build(self));
        let mut map = self.derived.write().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cached(&map) {
            return found;
        }
        map.insert(key, built.clone());
        built
    }

    /// The entry with this id (ids come from this schema's lookups).
    pub fn entry(&self, id: u32) -> &Entry {
        let n = self.base.compiled.len() as u32;
        let overlay_position = if id >= n {
            self.overlay
                .ids
                .iter()
                .position(|&i| i == id)
                .map(|p| p as u32)
        } else {
            self.overlay.shadow.get(&id).copied()
        };
        match overlay_position.and_then(|p| self.overlay.entries.get(p as usize)) {
            Some(e) => e,
            None => &self.base.loaded(id).entry,
        }
    }

    /// The compiled base when it answers for entry `id` as stored (a base entry no user file
    /// refines): its tables can then be read without decoding the entry.
    fn unshadowed_base(&self, id: u32) -> Option<&compiled::Compiled> {
        let c = &self.base.compiled;
        ((id as usize) < c.len() && !self.overlay.shadow.contains_key(&id)).then_some(c)
    }

    /// Some fields of an entry (`T` names them; serde skips the rest without allocating), read from
    /// its JSON without decoding or keeping the whole entry: for indexes that visit every entry of a
    /// kind but need little of each (a service's entry also holds thousands of API names).
    pub fn entry_fields<T: serde::de::DeserializeOwned>(&self, id: u32) -> Option<T> {
        if let Some(c) = self.unshadowed_base(id) {
            return serde_json::from_slice(c.entry_json(id)).ok();
        }
        serde_json::to_value(self.entry(id))
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
    }

    /// Like [`Schema::entry_fields`] over the entry's summary (`Entry::summary`: without a service's
    /// operations, parameter names and enumeration values, a resource type's properties, attributes
    /// and Regions), for indexes that read one field of every entry of a kind.
    pub fn summary_fields<T: serde::de::DeserializeOwned>(&self, id: u32) -> Option<T> {
        if let Some(c) = self.unshadowed_base(id) {
            return serde_json::from_slice(c.summary_json(id)).ok();
        }
        self.entry_fields(id)
    }

    /// One of a service's API name lists (`compiled::NameList`), read as lines from the compiled base
    /// when it stores the list apart (no decoding), else from the entry.
    pub fn name_list(&self, id: u32, list: compiled::NameList) -> Vec<String> {
        match self.unshadowed_base(id).map(|c| c.name_list(id, list)) {
            Some(Some(lines)) => lines.split('\n').map(String::from).collect(),
            _ => list.of(self.entry(id)).get(),
        }
    }

    /// Whether the entry lists API operations, without decoding it when the base has it (the
    /// summaries leave operation lists out).
    pub fn has_operations(&self, id: u32) -> bool {
        if let Some(c) = self.unshadowed_base(id) {
            return c.has_operations(id);
        }
        !self.entry(id).operations.is_empty()
    }

    /// The name and full name of an entry, without decoding it when the base has them.
    pub fn name_and_full_name(&self, id: u32) -> (&str, Option<&str>) {
        if let Some(c) = self.unshadowed_base(id) {
            (c.name(id), c.full_name(id))
        } else {
            let e = self.entry(id);
            (&e.name, e.full_name.as_deref())
        }
    }

    /// Every entry, kind by kind.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        Kind::ALL.iter().flat_map(move |&k| self.of_kind(k))
    }

    /// Whether any entry, embedded or from a user file, holds `name` as a whole string (a name, an
    /// operation, a parameter, an enum value, a property…). Costs a scan of the schema: ask last.
    pub fn knows_string(&self, name: &str) -> bool {
        if name.contains(['"', '\\']) {
            return false;
        }
        let quoted = format!("\"{name}\"");
        let line = format!("\n{name}\n");
        // One substring search over the arena (a few MB, about a millisecond): every entry's JSON is
        // there, and after it a service's API name lists as lines (`compiled::NameList`).
        let (arena, lists) = self.base.compiled.arena_and_lists();
        memchr::memmem::find(arena, quoted.as_bytes()).is_some()
            || !name.contains('\n') && memchr::memmem::find(lists, line.as_bytes()).is_some()
            || self
                .overlay
                .entries
                .iter()
                .any(|e| serde_json::to_string(e).is_ok_and(|json| json.contains(&quoted)))
    }

    pub fn files(&self) -> &[FileInfo] {
        &self.files
    }

    /// Ids of the entries of a kind, in schema order.
    pub fn of_kind_ids(&self, kind: Kind) -> impl Iterator<Item = u32> + '_ {
        let n = self.base.compiled.len() as u32;
        self.base.compiled.of_kind(kind).chain(
            self.overlay
                .index
                .of_kind(kind)
                .iter()
                .map(move |&p| self.overlay.ids[p as usize])
                .filter(move |&id| id >= n),
        )
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Entry> + '_ {
        self.of_kind_ids(kind).map(move |id| self.entry(id))
    }

    /// Exact, case-sensitive lookup of a name or alias.
    pub fn get(&self, kind: Kind, name: &str) -> Option<&Entry> {
        self.get_id(kind, name).map(|id| self.entry(id))
    }

    /// The id of the entry [`Schema::get`] returns, without decoding it.
    pub fn get_id(&self, kind: Kind, name: &str) -> Option<u32> {
        self.overlay
            .index
            .exact(kind, name)
            .map(|p| self.overlay.ids[p as usize])
            .or_else(|| self.base.compiled.exact(kind, name))
    }

    /// How many of the entry's variants name a service (an error code's owners; at most 255 for the
    /// base), without decoding it when the base has it.
    pub fn variant_services(&self, id: u32) -> usize {
        match self.unshadowed_base(id) {
            Some(c) => c.variant_services(id),
            None => self.entry(id).variant_services(),
        }
    }

    /// Whether `name` is a name or alias of `kind` (exact, case-sensitive), without decoding the entry.
    pub fn has(&self, kind: Kind, name: &str) -> bool {
        self.overlay.index.exact(kind, name).is_some()
            || self.base.compiled.exact(kind, name).is_some()
    }

    /// Case-insensitive lookup of a name or alias.
    pub fn get_ci(&self, kind: Kind, name: &str) -> Vec<&Entry> {
        let lower = name.to_lowercase();
        let mut ids = self.base.compiled.lower_equal(kind, &lower);
        if !self.overlay.entries.is_empty() {
            ids.extend(
                self.overlay
                    .index
                    .ci(kind, &lower)
                    .iter()
                    .map(|&p| self.overlay.ids[p as usize]),
            );
            ids.sort_unstable();
            ids.dedup();
        }
        ids.into_iter().map(|id| self.entry(id)).collect()
    }

    /// Entries of `kind` whose name or an alias starts with `prefix` (case-insensitive), in order of
    /// the matching spelling, each once.
    pub fn with_prefix<'a>(
        &'a self,
        kind: Kind,
        prefix: &str,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        let lower = prefix.to_lowercase();
        let c = &self.base.compiled;
        let base = c
            .lower_range(kind, &lower)
            .map(move |i| c.lower_at(kind, i))
            .map(|r| {
                (
                    Cow::Borrowed(std::str::from_utf8(r.key).unwrap_or("")),
                    r.entry,
                )
            });
        let mut seen = FxHashSet::default();
        let ordered: Box<dyn Iterator<Item = (Cow<'a, str>, u32)> + 'a> =
            if self.overlay.entries.is_empty() {
                Box::new(base)
            } else {
                let mut all: Vec<(Cow<'a, str>, u32)> = base.collect();
                all.extend(
                    self.overlay
                        .index
                        .sorted(kind)
                        .iter()
                        .filter(|(k, _)| k.starts_with(lower.as_str()))
                        .map(|(k, p)| (Cow::Borrowed(k.as_ref()), self.overlay.ids[*p as usize])),
                );
                all.sort();
                Box::new(all.into_iter())
            };
        ordered
            .filter_map(move |(_, id)| seen.insert(id).then_some(id))
            .map(move |id| self.entry(id))
    }

    /// The nearest names of `kind` within `max_distance` edits (case-insensitive, transpositions count
    /// one), best first; exact matches are excluded.
    pub fn nearest(&self, kind: Kind, name: &str, max_distance: usize) -> Vec<Near<'_>> {
        let lower = name.to_lowercase();
        let query = DistanceQuery::new(&lower);
        let chars = lower.chars().count() as u32;
        let mask = compiled::char_mask(&lower);
        let max = max_distance as u32;
        // (entry id, distance, lowercase spelling that matched)
        let mut hits: Vec<(u32, usize, String)> = Vec::new();
        for r in self.base.compiled.lower_by_length(
            kind,
            chars.saturating_sub(max),
            chars.saturating_add(max),
        ) {
            // An edit flips at most two bits of the letter mask: most candidates stop here.
            if (r.mask ^ mask).count_ones() > 2 * max {
                continue;
            }
            let key = std::str::from_utf8(r.key).unwrap_or("");
            if let Some(d) = query.distance(key, max_distance) {
                hits.push((r.entry, d, key.to_string()));
            }
        }
        for (key, p) in self.overlay.index.sorted(kind) {
            if let Some(d) = query.distance(key, max_distance) {
                hits.push((self.overlay.ids[*p as usize], d, key.to_string()));
            }
        }
        // The best spelling per entry.
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.cmp(&b.1))
                .then_with(|| a.2.cmp(&b.2))
        });
        hits.dedup_by_key(|h| h.0);
        let mut out: Vec<Near<'_>> = hits
            .into_iter()
            .map(|(id, distance, key)| {
                let e = self.entry(id);
                // Report the spelling (name or alias) that matched, in its real case.
                let spelling = std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .find(|s| s.to_lowercase() == key)
                    .map(String::as_str)
                    .unwrap_or(&e.name);
                Near {
                    entry: e,
                    spelling,
                    distance,
                }
            })
            .filter(|n| n.spelling != name)
            .collect();
        out.sort_by(|a, b| {
            a.distance
                .cmp(&b.distance)
                .then_with(|| a.spelling.cmp(b.spelling))
        });
        out
    }

    /// IAM: looks `prefix:action` up (IAM matches both parts case-insensitively).
    pub fn iam(&self, prefix: &str) -> Option<IamLookup<'_>> {
        if let Some((p, index)) = self.overlay.index.iam(prefix) {
            return Some(IamLookup {
                service: &self.overlay.entries[p as usize],
                index,
            });
        }
        let lower = prefix.to_ascii_lowercase();
        let c = &self.base.compiled;
        let id = c
            .lower_equal(Kind::IamService, &lower)
            .into_iter()
            .find(|&id| c.name(id).to_ascii_lowercase() == lower)?;
        let loaded = self.base.loaded(id);
        Some(IamLookup {
            service: &loaded.entry,
            index: loaded.iam.as_ref()?,
        })
    }

    /// Every entry whose name or alias equals `name` case-insensitively, of any kind. Used by `explain`
    /// and hover.
    pub fn lookup_any(&self, name: &str) -> Vec<&Entry> {
        let mut out = Vec::new();
        for &kind in Kind::ALL {
            out.extend(self.get_ci(kind, name));
        }
        out
    }

    /// Whether an entry of any kind is named `name` (case-insensitive): `!lookup_any(name).is_empty()`
    /// without decoding the entries (rules ask this of every candidate).
    ///
    /// The base's spellings are a hash table of their hashes in the compiled schema
    /// ([`compiled::Compiled::knows_lower`]): a binary search per kind was 4% of a corpus lint, and a
    /// hash set built at start-up read 1.3 MB of tables and cost a millisecond. A hash collision could
    /// only make a name look known, and so silence a finding, never add one.
    pub fn knows_ci(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        self.base.compiled.knows_lower(&lower)
            // Without user schema files the overlay is empty: no lookup (each builds a key) per kind.
            || !self.overlay.entries.is_empty()
                && Kind::ALL
                    .iter()
                    .any(|&kind| !self.overlay.index.ci(kind, &lower).is_empty())
    }

    /// Counts per kind (IAM actions and operations counted separately).
    pub fn stats(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for &kind in Kind::ALL {
            counts.push((kind.as_str().to_string(), self.of_kind_ids(kind).count()));
        }
        let actions: usize = self
            .of_kind(Kind::IamService)
            .map(|e| e.actions.len())
            .sum();
        let operations: usize = self
            .of_kind(Kind::Service)
            .map(|e| e.operations.get().len())
            .sum();
        let aws_regions = self
            .of_kind(Kind::Region)
            .filter(|e| e.partition.as_deref() == Some("aws"))
            .count();
        counts.push(("iam-action".to_string(), actions));
        counts.push(("operation".to_string(), operations));
        counts.push(("region-in-aws-partition".to_string(), aws_regions));
        counts
    }
}

/// The base entry whose own name (not an alias) is `name`.
fn base_id_named(c: &compiled::Compiled, kind: Kind, name: &str) -> Option<u32> {
    c.exact(kind, name)
        .filter(|&id| c.name(id) == name)
        .or_else(|| c.of_kind(kind).find(|&id| c.name(id) == name))
}

/// The source an entry was taken from, described for humans.
pub fn describe_source(e: &Entry) -> String {
    e.source
        .as_ref()
        .map(Source::describe)
        .unwrap_or_else(|| "unknown source".into())
}

pub(crate) use compiled::lowercase_key_into;

/// The hash of a name in the schema's hash sets of spellings (`knows_ci`, the operation index's key
/// prefixes): sets of hashes rather than of strings keep them small.
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(b)
}
