//! `.awsnotes.toml`: shared by the CLI and the language server.
//!
//! ```toml
//! words = ["Dynamo"]               # a team's vocabulary: never flagged
//! schema = ["team-schema.json"]    # extra schema files (same format), relative to this file
//! include = ["**/*.md"]            # globs, relative to this file (default: *.md, *.markdown)
//! exclude = ["drafts/**"]
//! [rules]
//! service-prefix = "warning"       # off | info | warning | error
//! ```
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::engine::{Settings, Severity};
use crate::rules;

pub const FILE_NAME: &str = ".awsnotes.toml";

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file this came from (None: defaults).
    pub path: Option<PathBuf>,
    pub levels: HashMap<String, Option<Severity>>,
    pub words: Vec<String>,
    /// Absolute paths of extra schema files.
    pub schema_files: Vec<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// `include` / `exclude` compiled once (every walked file is tested against them).
    include_set: Option<globset::GlobSet>,
    exclude_set: Option<globset::GlobSet>,
}

fn glob_set(globs: &[String]) -> Option<globset::GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(globset::Glob::new(g).ok()?);
    }
    b.build().ok()
}

/// A configuration error: file, 1-based line, the key involved, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(k) = &self.key {
            write!(f, ": `{k}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    schema: Vec<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Config {
    /// Parses configuration text; `path` names the file in errors and anchors relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err = |line: Option<usize>, key: Option<String>, message: String| ConfigError {
            file: path.to_path_buf(),
            line,
            key,
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let msg = e.message().to_string();
            let key = msg
                .split('`')
                .nth(1)
                .map(str::to_string)
                .filter(|_| msg.starts_with("unknown field"));
            err(line, key, msg)
        })?;
        let mut levels = HashMap::new();
        for (id, level) in raw.rules {
            let line = Some(line_of(text, id.span().start));
            if rules::by_id(id.get_ref()).is_none() {
                let known: Vec<&str> = rules::all().iter().map(|r| r.id()).collect();
                return Err(err(
                    line,
                    Some(id.get_ref().clone()),
                    format!("unknown rule (known rules: {})", known.join(", ")),
                ));
            }
            let lvl = Severity::parse_level(level.get_ref())
                .map_err(|m| err(line, Some(id.get_ref().clone()), m))?;
            levels.insert(id.into_inner(), lvl);
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for (field, globs) in [("include", &raw.include), ("exclude", &raw.exclude)] {
            for g in globs.iter() {
                globset::Glob::new(g).map_err(|e| {
                    err(
                        None,
                        Some(field.to_string()),
                        format!("invalid glob `{g}`: {e}"),
                    )
                })?;
            }
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            levels,
            words: raw.words,
            schema_files: raw.schema.iter().map(|s| base.join(s)).collect(),
            include_set: glob_set(&raw.include),
            exclude_set: glob_set(&raw.exclude),
            include: raw.include,
            exclude: raw.exclude,
        })
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            line: None,
            key: None,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// The nearest `.awsnotes.toml` in `dir` or its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let mut cur = Some(dir);
        while let Some(d) = cur {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            cur = d.parent();
        }
        None
    }

    /// Engine settings for this configuration.
    pub fn settings(&self) -> Settings {
        Settings {
            levels: self.levels.clone().into(),
            words: self.words.iter().cloned().collect::<HashSet<_>>(),
            today: crate::today(),
        }
    }

    /// Reads the extra schema files as (display name, contents).
    pub fn read_schema_files(&self) -> Result<Vec<(String, String)>, ConfigError> {
        let err = |message: String| ConfigError {
            file: self.path.clone().unwrap_or_default(),
            line: None,
            key: Some("schema".into()),
            message,
        };
        // A project's configuration may only name schema files inside the project: opening a cloned
        // repository must not make awsnotes read arbitrary files. A user's own editor settings can name
        // files anywhere (they are not read through this path).
        let root = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .and_then(|d| d.canonicalize().ok());
        self.schema_files
            .iter()
            .map(|p| {
                let real = p.canonicalize().map_err(|e| err(format!("cannot read schema file {}: {e}", p.display())))?;
                if let Some(root) = &root {
                    if !real.starts_with(root) {
                        return Err(err(format!(
                            "schema file {} is outside the directory of this configuration; name it in your editor settings instead",
                            p.display()
                        )));
                    }
                }
                std::fs::read_to_string(&real)
                    .map(|c| (p.display().to_string(), c))
                    .map_err(|e| err(format!("cannot read schema file {}: {e}", p.display())))
            })
            .collect()
    }

    /// Whether `path` (relative to the config's directory) is to be linted under include/exclude.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = match self.path.as_ref().and_then(|p| p.parent()) {
            Some(base) => path.strip_prefix(base).unwrap_or(path),
            None => path,
        };
        if self.exclude_set.as_ref().is_some_and(|s| s.is_match(rel)) {
            return false;
        }
        match &self.include_set {
            None => is_markdown(path),
            Some(set) => set.is_match(rel),
        }
    }
}

pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_words_and_paths() {
        let c = Config::parse(
            Path::new("/w/.awsnotes.toml"),
            "words = [\"Dynamo\"]\nschema = [\"team.json\"]\n[rules]\nservice-prefix = \"error\"\nunknown-header = \"off\"\n",
        )
        .unwrap();
        assert_eq!(c.levels["service-prefix"], Some(Severity::Error));
        assert_eq!(c.levels["unknown-header"], None);
        assert_eq!(c.schema_files, vec![PathBuf::from("/w/team.json")]);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = Config::parse(
            Path::new("c.toml"),
            "words = []\n[rules]\nno-such-rule = \"warning\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("no-such-rule"));
        let e =
            Config::parse(Path::new("c.toml"), "[rules]\nservice-name = \"loud\"\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("service-name")));
        let e = Config::parse(Path::new("c.toml"), "word = []\n").unwrap_err();
        assert_eq!((e.line, e.key.as_deref()), (Some(1), Some("word")));
        let e = Config::parse(Path::new("c.toml"), "words = [\n").unwrap_err();
        assert!(e.line.is_some());
    }
}
