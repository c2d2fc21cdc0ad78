//! `awsnotes lint`: walk, analyse in parallel, report, optionally fix.
use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::Args;
use rayon::prelude::*;

use awsnotes::config::{self, Config};
use awsnotes::engine::{analyze, apply_fixes, Finding, Severity};
use awsnotes::schema::{self, Schema};

use super::output::{self, FileReport};
use crate::{FailOn, Format};

#[derive(Args)]
pub struct LintArgs {
    /// Files or directories (default `.`); `-` reads standard input.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 when a finding at or above this level is reported.
    #[arg(long, value_enum, default_value = "warning")]
    fail_on: FailOn,
    /// Apply every unambiguous fix, writing files atomically.
    #[arg(long)]
    fix: bool,
    /// Show what `--fix` would change, as a unified diff, without writing.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Use this configuration file for every path (no discovery).
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore `.awsnotes.toml` files.
    #[arg(long)]
    no_config: bool,
    /// Name shown for standard input.
    #[arg(long, default_value = "<stdin>")]
    stdin_filename: String,
}

/// A configuration with the schema it implies, shared by the files it governs.
struct Setup {
    config: Config,
    settings: awsnotes::Settings,
    schema: Arc<Schema>,
}

struct Setups {
    fixed: Option<Arc<Setup>>,
    no_config: bool,
    by_config: Mutex<HashMap<Option<PathBuf>, Arc<Setup>>>,
    /// Directory → its governing `.awsnotes.toml`: discovery stats every ancestor, once per directory.
    by_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Setups {
    fn build(config: Config) -> Result<Arc<Setup>, String> {
        let files = config.read_schema_files().map_err(|e| e.to_string())?;
        let schema = if files.is_empty() {
            schema::embedded()
        } else {
            Arc::new(Schema::with_user_files(&files).map_err(|e| e.to_string())?)
        };
        let settings = config.settings();
        Ok(Arc::new(Setup {
            config,
            settings,
            schema,
        }))
    }

    fn for_file(&self, path: &Path) -> Result<Arc<Setup>, String> {
        if let Some(s) = &self.fixed {
            return Ok(s.clone());
        }
        let found = if self.no_config {
            None
        } else {
            let dir = path
                .parent()
                .map(|p| {
                    if p.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        p
                    }
                })
                .unwrap_or(Path::new("."));
            let known = self.by_dir.lock().unwrap().get(dir).cloned();
            match known {
                Some(found) => found,
                None => {
                    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
                    let found = Config::discover(&real);
                    self.by_dir
                        .lock()
                        .unwrap()
                        .insert(dir.to_path_buf(), found.clone());
                    found
                }
            }
        };
        let mut cache = self.by_config.lock().unwrap();
        if let Some(s) = cache.get(&found) {
            return Ok(s.clone());
        }
        let config = match &found {
            Some(p) => Config::load(p).map_err(|e| e.to_string())?,
            None => Config::default(),
        };
        let setup = Setups::build(config)?;
        cache.insert(found, setup.clone());
        Ok(setup)
    }
}

pub fn run(args: LintArgs) -> u8 {
    let started = Instant::now();
    let fixed = match (&args.config, args.no_config) {
        (Some(p), _) => match Config::load(p)
            .map_err(|e| e.to_string())
            .and_then(Setups::build)
        {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("awsnotes: {e}");
                return 2;
            }
        },
        (None, true) => match Setups::build(Config::default()) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("awsnotes: {e}");
                return 2;
            }
        },
        _ => None,
    };
    let setups = Setups {
        fixed,
        no_config: args.no_config,
        by_config: Mutex::new(HashMap::new()),
        by_dir: Mutex::new(HashMap::new()),
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };

    let mut errors = 0usize;
    let mut reports: Vec<FileReport> = Vec::new();

    // Standard input.
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("awsnotes: cannot read standard input: {e}");
            return 2;
        }
        let setup = match setups.for_file(Path::new("./stdin.md")) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("awsnotes: {e}");
                return 2;
            }
        };
        match String::from_utf8(buf) {
            Ok(text) => {
                let findings = analyze(&text, &setup.schema, &setup.settings);
                if args.fix && findings.iter().any(|f| f.replacements.len() == 1) {
                    let (fixed, _) = apply_fixes(&text, &findings);
                    print!("{fixed}");
                    let _ = std::io::stdout().flush();
                    return 0;
                }
                reports.push(FileReport {
                    path: args.stdin_filename.clone(),
                    text,
                    findings,
                });
            }
            Err(_) => {
                eprintln!(
                    "awsnotes: {}: not valid UTF-8; skipped",
                    args.stdin_filename
                );
                errors += 1;
            }
        }
    }

    // Files.
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        if p.is_file() {
            files.push(p.clone());
            continue;
        }
        if !p.exists() {
            eprintln!("awsnotes: {}: no such file or directory", p.display());
            errors += 1;
            continue;
        }
        for entry in ignore::WalkBuilder::new(p).hidden(true).build() {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let path = e.into_path();
                    let selected = match setups.for_file(&path) {
                        Ok(s) => s
                            .config
                            .selects(&path.canonicalize().unwrap_or_else(|_| path.clone())),
                        Err(_) => config::is_markdown(&path),
                    };
                    if selected {
                        files.push(path);
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("awsnotes: {e}");
                    errors += 1;
                }
            }
        }
    }
    files.sort();
    files.dedup();

    let show_progress = files.len() > 200 && std::io::stderr().is_terminal();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<Option<FileReport>, String>> = files
        .par_iter()
        .map(|path| {
            let r = lint_file(path, &setups, &args);
            if show_progress {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n % 100 == 0 && started.elapsed().as_secs() >= 1 {
                    eprint!("\rawsnotes: {n}/{} files", files.len());
                }
            }
            r
        })
        .collect();
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let mut files_checked = reports.len();
    for r in results {
        match r {
            Ok(Some(report)) => {
                files_checked += 1;
                reports.push(report);
            }
            Ok(None) => {}
            Err(msg) => {
                eprintln!("awsnotes: {msg}");
                errors += 1;
            }
        }
    }

    if args.diff {
        for r in &reports {
            let (fixed, n) = apply_fixes(&r.text, &r.findings);
            if n > 0 {
                print!("{}", output::unified_diff(&r.path, &r.text, &fixed));
            }
        }
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let _ = match args.format {
            Format::Human => output::human(&mut out, &reports, color),
            Format::Json => output::json(&mut out, &reports, files_checked),
            Format::Sarif => output::sarif(&mut out, &reports),
            Format::Github => output::github(&mut out, &reports),
        };
        let _ = out.flush();
    }

    let all: Vec<&Finding> = reports.iter().flat_map(|r| r.findings.iter()).collect();
    if files_checked > 1 || errors > 0 {
        let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
        eprintln!(
            "awsnotes: {} file{} checked: {} error{}, {} warning{}, {} info in {:.2}s{}",
            files_checked,
            if files_checked == 1 { "" } else { "s" },
            count(Severity::Error),
            if count(Severity::Error) == 1 { "" } else { "s" },
            count(Severity::Warning),
            if count(Severity::Warning) == 1 {
                ""
            } else {
                "s"
            },
            count(Severity::Info),
            started.elapsed().as_secs_f64(),
            if errors > 0 {
                format!("; {errors} file error(s)")
            } else {
                String::new()
            }
        );
    }
    if errors > 0 {
        return 2;
    }
    let threshold = match args.fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
        FailOn::Never => None,
    };
    // After --fix, what remains is what counts.
    match threshold {
        Some(t) if all.iter().any(|f| f.severity >= t) => 1,
        _ => 0,
    }
}

/// Lints one file: `Ok(None)` when it is skipped with a note (binary), `Err` for a real error.
fn lint_file(path: &Path, setups: &Setups, args: &LintArgs) -> Result<Option<FileReport>, String> {
    let display = path
        .strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{display}: cannot read: {e}"))?;
    if bytes[..bytes.len().min(8192)].contains(&0) {
        eprintln!("awsnotes: {display}: binary file; skipped");
        return Ok(None);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{display}: not valid UTF-8 (at byte {}); skipped",
            e.utf8_error().valid_up_to()
        )
    })?;
    let setup = setups.for_file(path)?;
    let mut findings = analyze(&text, &setup.schema, &setup.settings);
    if args.fix {
        let (fixed, n) = apply_fixes(&text, &findings);
        if n > 0 {
            write_atomically(path, &text, &fixed)
                .map_err(|e| format!("{display}: not fixed: {e}"))?;
            // Report what is left after fixing.
            findings = analyze(&fixed, &setup.schema, &setup.settings);
            return Ok(Some(FileReport {
                path: display,
                text: fixed,
                findings,
            }));
        }
    }
    Ok(Some(FileReport {
        path: display,
        text,
        findings,
    }))
}

/// Writes `new` over `path` via a temporary file in the same directory and a rename, keeping the
/// permissions, and only if the file still holds `old` (it may have changed since it was read).
fn write_atomically(path: &Path, old: &str, new: &str) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other(
            "is a symbolic link; fix the file it points to instead",
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(new.as_bytes())?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    if std::fs::read(path)? != old.as_bytes() {
        return Err(std::io::Error::other(
            "the file changed on disk while it was being checked",
        ));
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
