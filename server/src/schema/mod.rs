//! The schema: every AWS name awsnotes knows, embedded at build time, merged with user schema files, and
//! indexed for exact, case-insensitive, prefix and did-you-mean lookups.
//!
//! Invariant: entries are unique by (kind, name); a later file refines an earlier one (generated <
//! curated < user files), see [`Entry::merge_from`].

pub mod brands;
mod index;
pub mod model;
pub mod phrases;

use std::sync::{Arc, OnceLock};

pub use index::{bounded_distance as index_distance, wildcard_match, IamLookup, Near};
pub use model::{Entry, HistoryPoint, IamAction, Kind, Source, Variant};

include!(concat!(env!("OUT_DIR"), "/embedded_schema.rs"));
// (`EMBEDDED_SCHEMA_FILES` is public so that benchmarks can time a load from scratch.)

/// An error in a schema file, with the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for SchemaError {}

/// Where a schema file's entries came from, for `awsnotes schema stats`.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub file: String,
    pub source: Option<Source>,
    pub entries: usize,
}

pub struct Schema {
    generation: u64,
    entries: Vec<Entry>,
    files: Vec<FileInfo>,
    index: index::Index,
    brands: OnceLock<brands::BrandIndex>,
    limit_phrases: OnceLock<phrases::LimitPhrases>,
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Schema({} entries)", self.entries.len())
    }
}

/// The generation id of [`embedded`].
pub const EMBEDDED_GENERATION: u64 = 0;

/// The schema built into the binary, parsed and indexed once per process.
pub fn embedded() -> Arc<Schema> {
    static EMBEDDED: OnceLock<Arc<Schema>> = OnceLock::new();
    EMBEDDED
        .get_or_init(|| {
            let mut schema = Schema::from_files(EMBEDDED_SCHEMA_FILES)
                .expect("the embedded schema is valid (tested)");
            // The one embedded schema of the process is generation 0; every other schema is numbered
            // from 1 as it is built.
            schema.generation = EMBEDDED_GENERATION;
            Arc::new(schema)
        })
        .clone()
}

/// Parses one schema file, giving each entry the file's source when it has none of its own.
pub fn parse_file(name: &str, contents: &str) -> Result<(FileInfo, Vec<Entry>), SchemaError> {
    let err = |message: String| SchemaError {
        file: name.to_string(),
        message,
    };
    let file: model::SchemaFile = serde_json::from_str(contents)
        .map_err(|e| err(format!("line {}, column {}: {}", e.line(), e.column(), e)))?;
    if file.format_version != 1 {
        return Err(err(format!(
            "format_version {} is not supported (expected 1)",
            file.format_version
        )));
    }
    let mut entries = file.entries;
    for (i, e) in entries.iter_mut().enumerate() {
        if e.name.trim().is_empty() {
            return Err(err(format!("entry {i} has an empty name")));
        }
        if e.kind == Kind::Other {
            return Err(err(format!("entry {i} ({}) has an unknown kind", e.name)));
        }
        if e.source.is_none() {
            e.source = file.source.clone();
        }
    }
    Ok((
        FileInfo {
            file: name.to_string(),
            source: file.source,
            entries: entries.len(),
        },
        entries,
    ))
}

impl Schema {
    /// Builds a schema from (name, contents) pairs, in order: later files refine earlier ones.
    pub fn from_files<N, C>(files: &[(N, C)]) -> Result<Schema, SchemaError>
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
        Ok(Schema::from_entries(all, infos))
    }

    /// The embedded schema extended by user files (same format), which override it.
    pub fn with_user_files(user_files: &[(String, String)]) -> Result<Schema, SchemaError> {
        if user_files.is_empty() {
            return Ok(Schema::clone_of(&embedded()));
        }
        let mut files: Vec<(&str, &str)> = EMBEDDED_SCHEMA_FILES.to_vec();
        files.extend(user_files.iter().map(|(n, c)| (n.as_str(), c.as_str())));
        Schema::from_files(&files)
    }

    fn clone_of(other: &Schema) -> Schema {
        Schema::from_entries(other.entries.clone(), other.files.clone())
    }

    fn from_entries(all: Vec<Entry>, files: Vec<FileInfo>) -> Schema {
        let mut entries: Vec<Entry> = Vec::with_capacity(all.len());
        let mut position: rustc_hash::FxHashMap<(Kind, String), usize> = Default::default();
        for e in all {
            match position.get(&(e.kind, e.name.clone())) {
                Some(&i) => entries[i].merge_from(e),
                None => {
                    position.insert((e.kind, e.name.clone()), entries.len());
                    entries.push(e);
                }
            }
        }
        let index = index::Index::build(&entries);
        // Caches of analyses are keyed by this id, never by the schema's address (a freed schema's address
        // can be reused by the next one).
        static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Schema {
            generation: NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            entries,
            files,
            index,
            brands: OnceLock::new(),
            limit_phrases: OnceLock::new(),
        }
    }

    /// A process-unique id of this schema, for cache keys.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Brand spellings and retired names, built on first use.
    pub fn brands(&self) -> &brands::BrandIndex {
        self.brands
            .get_or_init(|| brands::BrandIndex::build(&self.entries))
    }

    /// The phrases of `limit` entries, built on first use.
    pub fn limit_phrases(&self) -> &phrases::LimitPhrases {
        self.limit_phrases
            .get_or_init(|| phrases::LimitPhrases::build(&self.entries))
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn files(&self) -> &[FileInfo] {
        &self.files
    }

    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Entry> + '_ {
        self.index
            .of_kind(kind)
            .iter()
            .map(move |&i| &self.entries[i as usize])
    }

    /// Exact, case-sensitive lookup of a name or alias.
    pub fn get(&self, kind: Kind, name: &str) -> Option<&Entry> {
        self.index
            .exact(kind, name)
            .map(|i| &self.entries[i as usize])
    }

    /// Case-insensitive lookup of a name or alias.
    pub fn get_ci(&self, kind: Kind, name: &str) -> Vec<&Entry> {
        self.index
            .ci(kind, name)
            .iter()
            .map(|&i| &self.entries[i as usize])
            .collect()
    }

    /// Entries of `kind` whose name starts with `prefix` (case-insensitive), in name order.
    pub fn with_prefix<'a>(
        &'a self,
        kind: Kind,
        prefix: &str,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        self.index
            .with_prefix(kind, prefix)
            .map(move |i| &self.entries[i as usize])
    }

    /// The nearest names of `kind` within `max_distance` edits (case-insensitive, transpositions count
    /// one), best first; exact matches are excluded.
    pub fn nearest(&self, kind: Kind, name: &str, max_distance: usize) -> Vec<Near<'_>> {
        self.index.nearest(&self.entries, kind, name, max_distance)
    }

    /// IAM: looks `prefix:action` up (IAM matches both parts case-insensitively).
    pub fn iam(&self, prefix: &str) -> Option<IamLookup<'_>> {
        self.index.iam(&self.entries, prefix)
    }

    /// Every entry whose name or alias equals `name` case-insensitively, of any kind, plus IAM actions
    /// written `prefix:Action`. Used by `explain` and hover.
    pub fn lookup_any(&self, name: &str) -> Vec<&Entry> {
        let mut out = Vec::new();
        for &kind in Kind::ALL {
            out.extend(self.get_ci(kind, name));
        }
        out
    }

    /// Counts per kind (IAM actions and operations counted separately).
    pub fn stats(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for &kind in Kind::ALL {
            counts.push((kind.as_str().to_string(), self.index.of_kind(kind).len()));
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

/// The source an entry was taken from, described for humans.
pub fn describe_source(e: &Entry) -> String {
    e.source
        .as_ref()
        .map(Source::describe)
        .unwrap_or_else(|| "unknown source".into())
}
