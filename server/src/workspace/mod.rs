//! Which configuration and schema govern a note: one implementation for the CLI and the language server.
//!
//! A note is governed by the nearest `.awsnotes.toml` in its directory or an ancestor (or by a fixed
//! file, or by none), layered over the editor's settings; that yields a [`Setup`] — engine settings and
//! the schema (embedded base plus any user schema files). Setups are cached per configuration file and
//! shared by every note it governs, so a schema is built once, not once per note.
//!
//! Freshness differs by front end ([`Freshness`]): a CLI run reads each file once; the server re-checks
//! modification times on every lookup and drops everything on file events ([`Workspace::invalidate`]).
//!
//! Which files are notes is decided here too, for both front ends: [`walk`] (the `ignore` crate: hidden
//! files and `.gitignore`d paths are skipped) and [`Workspace::selects`] (the governing configuration's
//! `include` / `exclude`); [`read_note`] reads one with the size, binary and UTF-8 checks.
//!
//! Everything here is blocking (file system, schema parsing): the server calls it on tokio's blocking
//! pool, never on its async workers.
mod setup;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

pub use setup::{EditorSettings, SchemaGeneration, Setup, EMBEDDED_SCHEMA};

use crate::config::{Config, ConfigError};

/// The files under a directory, in name order, as `lint` and the server's workspace diagnostics walk
/// them: hidden files and what `.gitignore` (inside a Git repository), `.ignore` and the global Git
/// excludes name are skipped; symbolic links are not followed. Which of them are notes is
/// [`Workspace::selects`]'s answer.
pub fn walk(root: &Path) -> ignore::Walk {
    ignore::WalkBuilder::new(root)
        .hidden(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
}

/// Why a note was not read as text.
#[derive(Debug)]
pub enum Unread {
    /// Its size in bytes, over the limit.
    TooLarge(u64),
    /// A NUL byte in its first 8 KiB.
    Binary,
    /// Not UTF-8: the offset of the first invalid byte.
    NotUtf8(usize),
    Io(std::io::Error),
}

/// Reads a note of at most `max` bytes (never more than `max + 1` bytes are read, whatever the file
/// claims), refusing binary files and invalid UTF-8.
pub fn read_note(path: &Path, max: usize) -> Result<String, Unread> {
    let file = std::fs::File::open(path).map_err(Unread::Io)?;
    let len = file.metadata().map_err(Unread::Io)?.len();
    if len > max as u64 {
        return Err(Unread::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
    if bytes.len() > max {
        return Err(Unread::TooLarge(bytes.len() as u64));
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Unread::Binary);
    }
    String::from_utf8(bytes).map_err(|e| Unread::NotUtf8(e.utf8_error().valid_up_to()))
}

/// Where the configuration comes from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// The nearest `.awsnotes.toml` above each note.
    Discover,
    /// This file, for every note (`lint --config`).
    File(PathBuf),
    /// No configuration file at all (`lint --no-config`).
    Nothing,
}

/// How long what was read stays valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// For one CLI run: every file is read once. Discovery is cached per directory (it stats every
    /// ancestor) and runs on the canonical directory, so a relative path such as `notes/a.md` still
    /// finds a configuration above the current directory.
    Snapshot,
    /// For the server: discovery runs on every lookup (a configuration may appear at any time), and a
    /// cached setup is used only while the files it was read from keep their modification times.
    Watch,
}

pub struct Workspace {
    source: ConfigSource,
    freshness: Freshness,
    editor: RwLock<EditorSettings>,
    /// By governing configuration file (None: no file). The lock is held while a setup is built, so
    /// notes resolved in parallel wait for one build instead of each building the same schema.
    setups: Mutex<HashMap<Option<PathBuf>, Arc<Setup>>>,
    /// Directory → its governing configuration file ([`Freshness::Snapshot`] only).
    discovered: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Workspace {
    pub fn new(source: ConfigSource, freshness: Freshness) -> Workspace {
        Workspace {
            source,
            freshness,
            editor: RwLock::new(EditorSettings::default()),
            setups: Mutex::new(HashMap::new()),
            discovered: Mutex::new(HashMap::new()),
        }
    }

    /// Replaces the editor's settings; every setup is rebuilt from them on its next use.
    pub fn set_editor_settings(&self, editor: EditorSettings) {
        *self.editor.write().unwrap_or_else(|e| e.into_inner()) = editor;
        self.invalidate();
    }

    /// Forgets every setup and discovery (a watched file changed, or the settings did).
    pub fn invalidate(&self) {
        self.setups
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.discovered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The setup governing the note at `note` (None: a note with no file, e.g. an unsaved buffer,
    /// which gets the editor settings alone). Errors are messages naming the file at fault.
    pub fn setup_for(&self, note: Option<&Path>) -> Result<Arc<Setup>, String> {
        let config_path = match &self.source {
            ConfigSource::File(p) => Some(p.clone()),
            ConfigSource::Nothing => None,
            ConfigSource::Discover => note.and_then(|n| self.discover(n)),
        };
        let mut setups = self.setups.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = setups.get(&config_path) {
            if self.freshness == Freshness::Snapshot || s.is_fresh() {
                return Ok(s.clone());
            }
        }
        let editor = self
            .editor
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // A configuration that cannot be used (bad TOML, a bad key, an unreadable schema file it
        // names) does not stop the checking: the notes get the defaults, the setup carries the error.
        let built = match &config_path {
            Some(p) => match Config::load(p) {
                Ok(config) => Setup::build(&editor, config).or_else(|message| {
                    let prefix = format!("{}: ", p.display());
                    let error = ConfigError {
                        file: p.clone(),
                        line: None,
                        key: None,
                        message: message
                            .strip_prefix(&prefix)
                            .unwrap_or(&message)
                            .to_string(),
                    };
                    Setup::without_config(&editor, error)
                }),
                Err(error) => Setup::without_config(&editor, error),
            },
            None => Setup::build(&editor, Config::default()),
        };
        let setup = Arc::new(built?);
        setups.insert(config_path, setup.clone());
        Ok(setup)
    }

    /// Whether the file at `path` is a note its configuration selects (`include` / `exclude`; Markdown
    /// files when the configuration cannot be used).
    pub fn selects(&self, path: &Path) -> bool {
        match self.setup_for(Some(path)) {
            Ok(s) => s
                .config
                .selects(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf())),
            Err(_) => crate::config::is_markdown(path),
        }
    }

    /// The configuration file governing `note`, if any.
    fn discover(&self, note: &Path) -> Option<PathBuf> {
        match self.freshness {
            Freshness::Watch => note.parent().and_then(Config::discover),
            Freshness::Snapshot => {
                let dir = note
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let known = self
                    .discovered
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(dir)
                    .cloned();
                known.unwrap_or_else(|| {
                    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
                    let found = Config::discover(&real);
                    self.discovered
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(dir.to_path_buf(), found.clone());
                    found
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
    }

    /// Notes under one configuration share one setup; a note elsewhere gets the defaults.
    #[test]
    fn notes_share_the_setup_of_their_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("team")).unwrap();
        write(&root.join("team/.awsnotes.toml"), "words = [\"Dynamo\"]\n");
        let ws = Workspace::new(ConfigSource::Discover, Freshness::Snapshot);
        let a = ws.setup_for(Some(&root.join("team/a.md"))).unwrap();
        let b = ws.setup_for(Some(&root.join("team/b.md"))).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(a.settings.words.contains("Dynamo"));
        assert_eq!(a.schema_generation, EMBEDDED_SCHEMA);
        let other = ws.setup_for(Some(&root.join("c.md"))).unwrap();
        assert_ne!(other.config.path, a.config.path);
    }

    /// The server's workspace notices an edited configuration by its modification time, and a schema
    /// built again gets a new generation (never the old one's, wherever it is allocated).
    #[test]
    fn watch_rebuilds_after_a_change_with_a_new_schema_generation() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let schema_file = root.join("team.json");
        write(
            &schema_file,
            r#"{"format_version": 1, "entries": [{"kind": "env-var", "name": "AWS_TEAM_FLAG"}]}"#,
        );
        let config = root.join(".awsnotes.toml");
        write(&config, "schema = [\"team.json\"]\n");
        let ws = Workspace::new(ConfigSource::Discover, Freshness::Watch);
        let note = root.join("a.md");
        let first = ws.setup_for(Some(&note)).unwrap();
        assert_ne!(first.schema_generation, EMBEDDED_SCHEMA);
        let again = ws.setup_for(Some(&note)).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        ws.invalidate();
        let rebuilt = ws.setup_for(Some(&note)).unwrap();
        assert_ne!(rebuilt.schema_generation, first.schema_generation);
    }

    #[test]
    fn editor_settings_are_refined_by_the_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(
            &root.join(".awsnotes.toml"),
            "words = [\"Dynamo\"]\n[rules]\nservice-name = \"error\"\n",
        );
        let ws = Workspace::new(ConfigSource::Discover, Freshness::Watch);
        ws.set_editor_settings(EditorSettings {
            levels: HashMap::from([
                ("service-name".to_string(), None),
                ("unknown-header".to_string(), None),
            ]),
            words: vec!["Lambada".into()],
            schema_files: Vec::new(),
        });
        let s = ws.setup_for(Some(&root.join("a.md"))).unwrap();
        assert_eq!(
            s.settings.levels["service-name"],
            Some(crate::engine::Severity::Error)
        );
        assert_eq!(s.settings.levels["unknown-header"], None);
        assert!(s.settings.words.contains("Dynamo") && s.settings.words.contains("Lambada"));
        // No file: the editor settings alone.
        let s = ws.setup_for(None).unwrap();
        assert!(s.config.path.is_none() && s.settings.words.contains("Lambada"));
    }
}
