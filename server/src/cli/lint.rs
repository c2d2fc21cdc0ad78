//! `awsnotes lint`: walk, analyse in parallel, report, optionally fix. Which configuration and schema
//! govern each file is the workspace's business (`awsnotes::workspace`, shared with the server).
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use rayon::prelude::*;

use awsnotes::config;
use awsnotes::engine::{analyze, apply_fixes, Finding, Severity};
use awsnotes::workspace::{self, ConfigSource, Freshness, Unread, Workspace};

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
    /// Apply every safe, unambiguous fix, writing files atomically (a deprecated runtime is left to a person).
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

pub fn run(args: LintArgs) -> u8 {
    let started = Instant::now();
    // The rules' indexes of the embedded schema, built on the pool while the configuration is resolved
    // and the files are walked and read (wasted only for a project with its own schema files).
    rayon::spawn(|| awsnotes::engine::warm_up(&awsnotes::schema::embedded()));
    let source = match (&args.config, args.no_config) {
        (Some(p), _) => ConfigSource::File(p.clone()),
        (None, true) => ConfigSource::Nothing,
        (None, false) => ConfigSource::Discover,
    };
    let fixed = !matches!(source, ConfigSource::Discover);
    let workspace = Workspace::new(source, Freshness::Snapshot);
    // A configuration named on the command line (or none at all) must be usable before any file is
    // read: an error in it ends the run.
    if fixed {
        match workspace.setup_for(None) {
            Err(e) => {
                eprintln!("awsnotes: {e}");
                return 2;
            }
            Ok(s) if s.config_error.is_some() => {
                eprintln!("awsnotes: {}", s.config_error.as_ref().unwrap());
                return 2;
            }
            Ok(_) => {}
        }
    }
    // A discovered configuration that cannot be used is reported once, and its notes are checked
    // with the defaults; the run still ends with status 2.
    let mut config_errors: Vec<std::path::PathBuf> = Vec::new();
    let mut report_config_error = |setup: &awsnotes::workspace::Setup, errors: &mut usize| {
        if let Some(e) = &setup.config_error {
            if !config_errors.contains(&e.file) {
                config_errors.push(e.file.clone());
                eprintln!("awsnotes: {e}; checking with the default configuration");
                *errors += 1;
            }
        }
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
        if let Err(e) = std::io::stdin()
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut buf)
        {
            eprintln!("awsnotes: cannot read standard input: {e}");
            return 2;
        }
        if buf.len() > MAX_FILE_BYTES {
            eprintln!(
                "awsnotes: {}: larger than the {} MiB limit; skipped",
                args.stdin_filename,
                MAX_FILE_BYTES >> 20
            );
            return 2;
        }
        // The configuration that would govern a file of that name (`./stdin.md` without one).
        let name = match args.stdin_filename.as_str() {
            "" | "-" | "<stdin>" => Path::new("./stdin.md"),
            n => Path::new(n),
        };
        let setup = match workspace.setup_for(Some(name)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("awsnotes: {e}");
                return 2;
            }
        };
        report_config_error(&setup, &mut errors);
        match String::from_utf8(buf) {
            Ok(text) => {
                let findings = analyze(&text, &setup.schema, &setup.settings);
                if args.fix && findings.iter().any(|f| f.safe_fix().is_some()) {
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

    // Files. Paths named on the command line are followed when they are symbolic links (you chose
    // them); inside a walked directory symbolic links are never followed, and one that leads nowhere
    // or out of the directory is mentioned when its name is one we would check.
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        let shown = p.display();
        let link = match std::fs::symlink_metadata(p) {
            Ok(m) => m.file_type().is_symlink(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("awsnotes: {shown}: no such file or directory");
                errors += 1;
                continue;
            }
            Err(e) => {
                eprintln!("awsnotes: {shown}: {e}");
                errors += 1;
                continue;
            }
        };
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                let why = if link {
                    link_problem(p).unwrap_or_else(|| e.to_string())
                } else {
                    e.to_string()
                };
                eprintln!("awsnotes: {shown}: {why}");
                errors += 1;
                continue;
            }
        };
        if meta.is_file() {
            files.push(p.clone());
            continue;
        }
        if !meta.is_dir() {
            eprintln!("awsnotes: {shown}: not a regular file or a directory; skipped");
            errors += 1;
            continue;
        }
        let root = p.canonicalize().unwrap_or_else(|_| p.clone());
        for entry in workspace::walk(p) {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let path = e.into_path();
                    if workspace.selects(&path) {
                        files.push(path);
                    }
                }
                Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                    let path = e.into_path();
                    let name_selected = match workspace.setup_for(Some(&path)) {
                        Ok(s) => s.config.selects(&absolute_unresolved(&path)),
                        Err(_) => config::is_markdown(&path),
                    };
                    if !name_selected {
                        continue;
                    }
                    let shown = display_path(&path);
                    match std::fs::canonicalize(&path) {
                        Err(_) => {
                            let why = link_problem(&path)
                                .unwrap_or_else(|| "unreadable symbolic link".into());
                            eprintln!("awsnotes: {shown}: {why}; skipped");
                        }
                        Ok(target) if !target.starts_with(&root) && target.is_file() => {
                            eprintln!(
                                "awsnotes: {shown}: symbolic link to {}, which is outside {}; not followed",
                                target.display(),
                                p.display()
                            );
                        }
                        // Inside the tree the walk reaches the file under its own name.
                        Ok(_) => {}
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
    // The same file reached twice (`lint . note.md`, a link named on the command line) is checked once,
    // under a name that is not a symbolic link when there is one, so `--fix` can write it.
    let mut keyed: Vec<(PathBuf, bool, PathBuf)> = files
        .into_iter()
        .map(|p| {
            let key = p.canonicalize().unwrap_or_else(|_| p.clone());
            let link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            (key, link, p)
        })
        .collect();
    keyed.sort();
    keyed.dedup_by(|a, b| a.0 == b.0);
    let mut files: Vec<PathBuf> = keyed.into_iter().map(|(_, _, p)| p).collect();
    files.sort();

    let show_progress = files.len() > 200 && std::io::stderr().is_terminal();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let check = |path: &PathBuf| {
        let mut r = lint_file(path, &workspace, &args);
        if r.report.is_some() {
            r.setup = workspace.setup_for(Some(path)).ok(); // cached: the one it was checked with
        }
        if show_progress {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(100) && started.elapsed().as_secs() >= 1 {
                eprint!("\rawsnotes: {n}/{} files", files.len());
            }
        }
        r
    };
    // One file is checked on this thread: starting the pool's threads would cost more time and memory
    // (about 0.8 MB) than it saves; a large file still spreads its chunks over the cores (engine).
    let results: Vec<Outcome> = if files.len() > 1 {
        files.par_iter().map(check).collect()
    } else {
        files.iter().map(check).collect()
    };
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let mut files_checked = reports.len();
    // Messages in file order, whatever order the files were checked in.
    for r in results {
        if let Some(setup) = &r.setup {
            report_config_error(setup, &mut errors);
        }
        if let Some(note) = r.note {
            eprintln!("awsnotes: {note}");
        }
        if let Some(msg) = r.error {
            eprintln!("awsnotes: {msg}");
            errors += 1;
        }
        if let Some(report) = r.report {
            files_checked += 1;
            reports.push(report);
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

/// What checking one file produced: its report (also when a fix could not be written: the findings are
/// not lost), a note (skipped, not an error) or an error.
#[derive(Default)]
struct Outcome {
    report: Option<FileReport>,
    /// The setup the file was checked with (its configuration error is reported once per run).
    setup: Option<std::sync::Arc<awsnotes::workspace::Setup>>,
    note: Option<String>,
    error: Option<String>,
}

impl Outcome {
    fn error(msg: String) -> Outcome {
        Outcome {
            error: Some(msg),
            ..Default::default()
        }
    }
}

/// Files larger than this are not read: the language server's limit for documents.
pub const MAX_FILE_BYTES: usize = awsnotes::lsp::MAX_DOCUMENT_BYTES;

fn display_path(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `path` made absolute without resolving its last component (it may be a symbolic link).
fn absolute_unresolved(path: &Path) -> PathBuf {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (parent.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Why a symbolic link cannot be followed: it leads to a missing file, or around in a loop.
fn link_problem(path: &Path) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    let mut cur = path.to_path_buf();
    for _ in 0..64 {
        let meta = match std::fs::symlink_metadata(&cur) {
            Ok(m) => m,
            Err(_) if cur == path => return None,
            Err(_) => {
                let target = std::fs::read_link(path).ok()?;
                return Some(format!("dangling symbolic link (to {})", target.display()));
            }
        };
        if !meta.file_type().is_symlink() {
            return None;
        }
        if !seen.insert(absolute_unresolved(&cur)) {
            return Some("symbolic link loop".into());
        }
        let target = std::fs::read_link(&cur).ok()?;
        cur = match cur.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    Some("symbolic link loop".into())
}

/// Lints one file; fixes it with `--fix`.
fn lint_file(path: &Path, workspace: &Workspace, args: &LintArgs) -> Outcome {
    let display = display_path(path);
    let text = match workspace::read_note(path, MAX_FILE_BYTES) {
        Ok(t) => t,
        Err(Unread::TooLarge(len)) => {
            return Outcome::error(format!(
                "{display}: {:.1} MiB is larger than the {} MiB limit; skipped",
                len as f64 / (1u64 << 20) as f64,
                MAX_FILE_BYTES >> 20
            ))
        }
        Err(Unread::Io(e)) => return Outcome::error(format!("{display}: cannot read: {e}")),
        Err(Unread::Binary) => {
            return Outcome {
                note: Some(format!("{display}: binary file; skipped")),
                ..Default::default()
            }
        }
        Err(Unread::NotUtf8(at)) => {
            return Outcome::error(format!(
                "{display}: not valid UTF-8 (at byte {at}); skipped"
            ))
        }
    };
    let setup = match workspace.setup_for(Some(path)) {
        Ok(s) => s,
        Err(e) => return Outcome::error(e),
    };
    let findings = analyze(&text, &setup.schema, &setup.settings);
    if args.fix {
        let (fixed, n) = apply_fixes(&text, &findings);
        if n > 0 {
            if let Err(e) = write_atomically(path, &text, &fixed) {
                // Not written: report what the file still holds.
                return Outcome {
                    report: Some(FileReport {
                        path: display.clone(),
                        text,
                        findings,
                    }),
                    error: Some(format!("{display}: not fixed: {e}")),
                    ..Default::default()
                };
            }
            // Report what is left after fixing.
            let findings = analyze(&fixed, &setup.schema, &setup.settings);
            return Outcome {
                report: Some(
                    FileReport {
                        path: display,
                        text: fixed,
                        findings,
                    }
                    .compacted(),
                ),
                ..Default::default()
            };
        }
    }
    let report = FileReport {
        path: display,
        text,
        findings,
    };
    Outcome {
        // `--diff` needs the whole text; everything else only the lines with findings.
        report: Some(if args.diff {
            report
        } else {
            report.compacted()
        }),
        ..Default::default()
    }
}

/// Writes `new` over `path` via a temporary file in the same directory and a rename, keeping the
/// permissions (and the owner, where allowed), and only if the file still holds `old` (it may have
/// changed since it was read).
///
/// Permission bits are respected even by root, who could write anyway: a file without any write
/// permission bit, or in a directory without one, is refused, as is anything the user running
/// awsnotes may not write. Symbolic links are never written through.
fn write_atomically(path: &Path, old: &str, new: &str) -> std::io::Result<()> {
    let refuse = |why: &str| Err(std::io::Error::other(why.to_string()));
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return refuse("is a symbolic link; fix the file it points to instead");
    }
    if !meta.is_file() {
        return refuse("not a regular file");
    }
    if meta.permissions().readonly() {
        return refuse("the file is read-only");
    }
    // What the system allows this user (opening does not change the file).
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
        return match e.kind() {
            std::io::ErrorKind::PermissionDenied => refuse("the file is read-only"),
            _ => Err(e),
        };
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if std::fs::metadata(dir)?.permissions().readonly() {
        return refuse("its directory is read-only (the fix is written to a temporary file there)");
    }
    let mut tmp = match tempfile::NamedTempFile::new_in(dir) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return refuse(
                "its directory is read-only (the fix is written to a temporary file there)",
            )
        }
        Err(e) => return Err(e),
    };
    tmp.write_all(new.as_bytes())?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; for anyone else the new file is theirs, as the old one was
        // unless they could write someone else's file through its group or other bits.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.as_file().sync_all()?;
    if std::fs::read(path)? != old.as_bytes() {
        return refuse("the file changed on disk while it was being checked");
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last check before the rename: a file that no longer holds what was read is left alone (the
    /// end-to-end tests cannot time an edit between the read and the write).
    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "edited meanwhile\n").unwrap();
        let e = write_atomically(&path, "Cloudfromation\n", "CloudFormation\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file changed on disk while it was being checked"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"edited meanwhile\n");
        // No temporary file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&path, "edited meanwhile\n", "new\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
    }
}
