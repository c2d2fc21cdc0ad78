//! [`Setup`]: what governs the notes under one configuration — engine settings and the schema they are
//! checked against — and how one is built from the editor's settings and a `.awsnotes.toml`.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{Config, ConfigError};
use crate::engine::{Settings, Severity};
use crate::schema::{self, Schema};

/// Settings an editor supplies (initializationOptions / workspace configuration). The CLI has none.
/// They are the bottom layer: a `.awsnotes.toml` refines them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorSettings {
    pub levels: HashMap<String, Option<Severity>>,
    pub words: Vec<String>,
    /// Extra schema files, anywhere (a user's own settings; a project's configuration is confined to
    /// its directory, see `Config::read_schema_files`).
    pub schema_files: Vec<PathBuf>,
}

/// Identifies one built schema for as long as the process runs ([`Schema::generation`]). Caches of
/// results computed against a schema are keyed by this, never by the schema's address: a schema rebuilt
/// after an edit may be allocated where the old one was, and must not find the old one's results.
pub type SchemaGeneration = u64;

/// The embedded schema never changes within a process: it is always generation 0.
pub const EMBEDDED_SCHEMA: SchemaGeneration = schema::EMBEDDED_GENERATION;

/// Engine settings and schema for the notes governed by one `.awsnotes.toml` (or by none).
pub struct Setup {
    /// The configuration (defaults when no file governs): its path, include/exclude.
    pub config: Config,
    pub settings: Settings,
    pub schema: Arc<Schema>,
    /// Which schema `schema` is; see [`SchemaGeneration`].
    pub schema_generation: SchemaGeneration,
    /// The configuration file that should govern these notes but could not be used: the notes are
    /// checked with the defaults (and the editor's settings) meanwhile, and the error is reported on
    /// the file itself (server) or once (CLI).
    pub config_error: Option<ConfigError>,
    /// The files this setup was read from with their modification times, so a change is noticed even
    /// when no file event reports it.
    stamps: Vec<Stamp>,
}

type Stamp = (PathBuf, Option<SystemTime>);

fn stamp(p: &Path) -> Stamp {
    (
        p.to_path_buf(),
        std::fs::metadata(p).and_then(|m| m.modified()).ok(),
    )
}

impl Setup {
    /// Layers `config` over `editor` and builds the schema they name: the embedded one when no extra
    /// schema file is named, else the embedded files merged with the extra ones (a new generation).
    /// Blocking: reads files and may parse the whole schema (tens of milliseconds).
    pub fn build(editor: &EditorSettings, config: Config) -> Result<Setup, String> {
        let mut settings = Settings {
            levels: editor.levels.iter().map(|(id, l)| (id, *l)).collect(),
            words: editor.words.iter().cloned().collect(),
            ..Settings::default()
        };
        settings.levels.extend(config.levels.clone());
        settings.words.extend(config.words.iter().cloned());

        let mut schema_files: Vec<(String, String)> = Vec::new();
        for p in &editor.schema_files {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read schema file {}: {e}", p.display()))?;
            schema_files.push((p.display().to_string(), text));
        }
        schema_files.extend(config.read_schema_files().map_err(|e| e.to_string())?);

        let mut stamps: Vec<Stamp> = editor.schema_files.iter().map(|p| stamp(p)).collect();
        if let Some(path) = &config.path {
            stamps.push(stamp(path));
            stamps.extend(config.schema_files.iter().map(|p| stamp(p)));
        }

        let schema = if schema_files.is_empty() {
            schema::embedded()
        } else {
            Arc::new(Schema::with_user_files(&schema_files).map_err(|e| e.to_string())?)
        };
        let schema_generation = schema.generation();
        Ok(Setup {
            config,
            settings,
            schema,
            schema_generation,
            config_error: None,
            stamps,
        })
    }

    /// The setup used while the configuration file of `error` cannot be: the editor's settings alone,
    /// watched for a change of that file.
    pub fn without_config(editor: &EditorSettings, error: ConfigError) -> Result<Setup, String> {
        let mut setup = Setup::build(editor, Config::default())?;
        setup.stamps.push(stamp(&error.file));
        setup.config_error = Some(error);
        Ok(setup)
    }

    /// Whether every file this setup was read from still has the modification time it had then.
    pub fn is_fresh(&self) -> bool {
        self.stamps.iter().all(|(p, t)| stamp(p).1 == *t)
    }
}
