//! Workspace diagnostics (the `workspaceDiagnostics` setting, off by default): the findings of every note
//! in the workspace folders that is *not* open, pushed with `textDocument/publishDiagnostics` (no
//! version), so they are in the editor's problem list without opening each note.
//!
//! Push, not `workspace/diagnostic`: every client handles pushed diagnostics for any URI, also when it
//! pulls the open documents' ones (VS Code keeps pushed and pulled diagnostics apart), while Neovim
//! (0.7–0.11) never sends `workspace/diagnostic` by itself. So the server advertises
//! `workspaceDiagnostics: false` and has one path for every client.
//!
//! - **Which notes**: the CLI's ([`workspace::walk`] + [`Workspace::selects`]): `.gitignore`d and
//!   hidden paths are skipped, `.awsnotes.toml` `include`/`exclude` and levels apply. At most
//!   [`MAX_WORKSPACE_NOTES`] notes (sorted by path, per folder); notes over [`MAX_WORKSPACE_NOTE_BYTES`],
//!   binary or not UTF-8 are skipped. A log message says what was checked and skipped.
//! - **When**: after `initialized`, after every settings or configuration change (the same moments open
//!   documents are checked again), and for one note when it is closed or its file changes
//!   (`workspace/didChangeWatchedFiles`, when the client watches files; a new note triggers a scan).
//! - **Open documents win**: a note that is open is skipped; opening a note whose on-disk findings are
//!   shown clears them when the client pulls (its pulled diagnostics take over), or lets the open
//!   document's push replace them; closing it shows its on-disk findings again.
//! - **Cost**: the scan runs on tokio's blocking pool one batch of notes after another, one note at a
//!   time (one core; analyses of open documents run beside it, never behind it); a newer scan stops an
//!   older one between batches, and a scan waits [`SCAN_DELAY`] before walking, so a burst of changes
//!   walks once.
use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tower_lsp_server::lsp_types::{Diagnostic, FileChangeType, FileEvent, MessageType, Uri};
use tower_lsp_server::UriExt;

use super::convert::{self, Positions};
use super::document::Encoding;
use super::session::Session;
use crate::config;
use crate::workspace::{self, Setup, Unread, Workspace};

/// At most this many notes are checked by one scan (the rest: when opened).
pub const MAX_WORKSPACE_NOTES: usize = 5000;

/// Notes larger than this are not checked until opened (open documents: up to
/// [`super::MAX_DOCUMENT_BYTES`]).
pub const MAX_WORKSPACE_NOTE_BYTES: usize = 2 << 20;

/// Notes analysed per blocking task: between batches a newer scan or a shutdown can stop the scan.
const BATCH: usize = 32;

/// A scan waits this long before walking, so a burst of changes (settings typed, a branch switched,
/// files created by a tool) ends in one walk instead of one per change.
const SCAN_DELAY: std::time::Duration = std::time::Duration::from_millis(100);

/// The state of workspace diagnostics, shared by the session's clones.
#[derive(Default)]
pub(super) struct WorkspaceNotes {
    /// Bumped by each scan: an older scan stops at its next batch and publishes nothing more.
    scan: AtomicU64,
    /// The notes the last scan selected: a note among them is checked again when closed or changed.
    notes: Mutex<HashSet<PathBuf>>,
    /// The notes whose on-disk findings the client shows now (pushed, not empty).
    shown: Mutex<HashSet<PathBuf>>,
    /// The latest refresh of each note: an older one finishing later publishes nothing.
    refreshes: Mutex<HashMap<PathBuf, u64>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Why a note was not checked.
enum Skip {
    Unread(Unread),
    /// Its configuration could not be resolved, or the analysis failed.
    Failed(String),
}

/// What one scan did, for its log message.
#[derive(Default)]
struct Summary {
    checked: usize,
    with_findings: usize,
    too_large: usize,
    binary: usize,
    not_utf8: usize,
    failed: usize,
    capped: bool,
}

impl Summary {
    fn count(&mut self, skip: &Skip) {
        match skip {
            Skip::Unread(Unread::TooLarge(_)) => self.too_large += 1,
            Skip::Unread(Unread::Binary) => self.binary += 1,
            Skip::Unread(Unread::NotUtf8(_)) => self.not_utf8 += 1,
            Skip::Unread(Unread::Io(_)) | Skip::Failed(_) => self.failed += 1,
        }
    }

    fn message(&self) -> String {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut m = format!(
            "awsnotes: workspace diagnostics: {} note{} checked, {} with findings",
            self.checked,
            plural(self.checked),
            self.with_findings
        );
        let skipped: Vec<String> = [
            (
                self.too_large,
                format!("over {} MiB", MAX_WORKSPACE_NOTE_BYTES >> 20),
            ),
            (self.binary, "binary".to_string()),
            (self.not_utf8, "not UTF-8".to_string()),
            (self.failed, "unreadable".to_string()),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, why)| format!("{n} {why}"))
        .collect();
        if !skipped.is_empty() {
            m.push_str(&format!("; skipped {}", skipped.join(", ")));
        }
        if self.capped {
            m.push_str(&format!(
                "; stopped at {MAX_WORKSPACE_NOTES} notes (the others are checked when opened)"
            ));
        }
        m
    }
}

/// The notes under `roots`, as `lint` would find them, at most [`MAX_WORKSPACE_NOTES`] (and whether
/// there were more). Blocking.
fn find_notes(workspace: &Workspace, roots: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut notes = Vec::new();
    for root in roots {
        for entry in workspace::walk(root).flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) && workspace.selects(entry.path()) {
                if notes.len() == MAX_WORKSPACE_NOTES {
                    return (notes, true);
                }
                notes.push(entry.into_path());
            }
        }
    }
    // Nested workspace folders reach the same note twice.
    notes.sort();
    notes.dedup();
    (notes, false)
}

/// The diagnostics of the note at `path` as it is on disk, with the setup it was checked with.
/// Blocking; never panics.
fn check_note(
    workspace: &Workspace,
    path: &Path,
    encoding: Encoding,
) -> Result<(Vec<Diagnostic>, Arc<Setup>), Skip> {
    let text = workspace::read_note(path, MAX_WORKSPACE_NOTE_BYTES).map_err(Skip::Unread)?;
    let setup = workspace.setup_for(Some(path)).map_err(Skip::Failed)?;
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        let findings = crate::engine::analyze(&text, &setup.schema, &setup.settings);
        convert::diagnostics(&Positions::new(&text, encoding), &findings)
    }))
    .map(|d| (d, setup.clone()))
    .map_err(|_| Skip::Failed(format!("{}: analysis failed", path.display())))
}

impl Session {
    fn workspace_diagnostics_on(&self) -> bool {
        self.client_settings.read().unwrap().workspace_diagnostics
    }

    fn scan_is_current(&self, scan: u64) -> bool {
        self.workspace_notes.scan.load(Ordering::SeqCst) == scan
    }

    /// Whether the note at `path` is open (under its URI or another spelling of it).
    fn is_open(&self, uri: &Uri, path: &Path) -> bool {
        self.docs.contains_key(uri)
            || self
                .docs
                .iter()
                .any(|d| d.key().to_file_path().is_some_and(|p| p == path))
    }

    /// Scans the workspace folders (spawned): publishes the findings of every note that is not open,
    /// and clears those shown before that are gone. With the setting off, clears every one shown.
    pub fn scan_workspace(&self) {
        let this = self.clone();
        tokio::spawn(async move { this.scan().await });
    }

    async fn scan(&self) {
        let scan = self.workspace_notes.scan.fetch_add(1, Ordering::SeqCst) + 1;
        if !self.workspace_diagnostics_on() {
            lock(&self.workspace_notes.notes).clear();
            self.clear_shown(&HashSet::new(), scan).await;
            return;
        }
        tokio::time::sleep(SCAN_DELAY).await;
        if !self.scan_is_current(scan) {
            return;
        }
        let roots = self.negotiated.read().unwrap().scan_roots();
        let ws = self.workspace.clone();
        let Ok((notes, capped)) =
            tokio::task::spawn_blocking(move || find_notes(&ws, &roots)).await
        else {
            return;
        };
        if !self.scan_is_current(scan) {
            return;
        }
        *lock(&self.workspace_notes.notes) = notes.iter().cloned().collect();
        let mut summary = Summary {
            capped,
            ..Default::default()
        };
        let mut with_findings = HashSet::new();
        for batch in notes.chunks(BATCH) {
            let batch = batch.to_vec();
            let ws = self.workspace.clone();
            let enc = self.encoding();
            let checked = tokio::task::spawn_blocking(move || {
                batch
                    .into_iter()
                    .map(|p| {
                        let r = check_note(&ws, &p, enc);
                        (p, r)
                    })
                    .collect::<Vec<_>>()
            })
            .await;
            let Ok(checked) = checked else { return };
            for (path, result) in checked {
                if !self.scan_is_current(scan) {
                    return;
                }
                match result {
                    Ok((diagnostics, setup)) => {
                        summary.checked += 1;
                        self.report_configuration(&setup).await;
                        if !diagnostics.is_empty() {
                            summary.with_findings += 1;
                            with_findings.insert(path.clone());
                        }
                        self.publish_note(&path, diagnostics, false, Some(scan))
                            .await;
                    }
                    Err(skip) => {
                        summary.count(&skip);
                        let why = match &skip {
                            Skip::Unread(Unread::Io(e)) => {
                                Some(format!("{}: cannot read: {e}", path.display()))
                            }
                            Skip::Failed(m) => Some(m.clone()),
                            Skip::Unread(_) => None,
                        };
                        if let Some(why) = why {
                            self.client
                                .log_message(MessageType::WARNING, format!("awsnotes: {why}"))
                                .await;
                        }
                        self.publish_note(&path, Vec::new(), false, Some(scan))
                            .await;
                    }
                }
            }
        }
        self.clear_shown(&with_findings, scan).await;
        self.client
            .log_message(MessageType::INFO, summary.message())
            .await;
    }

    /// Clears the on-disk findings shown for notes other than `keep` (fixed, deleted, excluded, or
    /// the setting was turned off).
    async fn clear_shown(&self, keep: &HashSet<PathBuf>, scan: u64) {
        let gone: Vec<PathBuf> = lock(&self.workspace_notes.shown)
            .iter()
            .filter(|p| !keep.contains(*p))
            .cloned()
            .collect();
        for path in gone {
            self.publish_note(&path, Vec::new(), false, Some(scan))
                .await;
        }
    }

    /// Publishes the on-disk findings of a note, unless it is open (its own diagnostics are shown) or
    /// `scan` is no longer the current scan. Nothing is sent for a note without findings that shows
    /// none, unless `always` (the note was just closed).
    async fn publish_note(
        &self,
        path: &Path,
        diagnostics: Vec<Diagnostic>,
        always: bool,
        scan: Option<u64>,
    ) {
        let Some(uri) = Uri::from_file_path(path) else {
            return;
        };
        let _publishing = self.publishing.lock().await;
        if scan.is_some_and(|s| !self.scan_is_current(s)) || self.is_open(&uri, path) {
            return;
        }
        let was_shown = {
            let mut shown = lock(&self.workspace_notes.shown);
            if diagnostics.is_empty() {
                shown.remove(path)
            } else {
                !shown.insert(path.to_path_buf())
            }
        };
        if diagnostics.is_empty() && !was_shown && !always {
            return;
        }
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }

    /// A note was opened: its open document's diagnostics take over from its on-disk ones. A client that
    /// pulls keeps pushed diagnostics apart from pulled ones, so the pushed ones are cleared.
    pub async fn note_opened(&self, uri: &Uri) {
        let Some(path) = uri.to_file_path() else {
            return;
        };
        let _publishing = self.publishing.lock().await;
        let was_shown = lock(&self.workspace_notes.shown).remove(path.as_ref());
        if was_shown && self.negotiated.read().unwrap().pull_diagnostics {
            // Under the URI they were published with (the client's may be spelt otherwise).
            if let Some(published) = Uri::from_file_path(&path) {
                self.client
                    .publish_diagnostics(published, Vec::new(), None)
                    .await;
            }
        }
    }

    /// Whether the note at `uri` is one whose on-disk findings are shown while it is not open.
    pub fn is_workspace_note(&self, uri: &Uri) -> bool {
        self.workspace_diagnostics_on()
            && uri
                .to_file_path()
                .is_some_and(|p| lock(&self.workspace_notes.notes).contains(p.as_ref()))
    }

    /// Checks one note of the last scan again from disk (spawned) and publishes its findings; `always`:
    /// publish even when there are none (it was just closed and its open diagnostics must go).
    pub fn refresh_note(&self, uri: &Uri, always: bool) {
        let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
            return;
        };
        let ticket = {
            let mut r = lock(&self.workspace_notes.refreshes);
            let t = r.get(&path).copied().unwrap_or(0) + 1;
            r.insert(path.clone(), t);
            t
        };
        let this = self.clone();
        tokio::spawn(async move {
            let scan = this.workspace_notes.scan.load(Ordering::SeqCst);
            let ws = this.workspace.clone();
            let enc = this.encoding();
            let p = path.clone();
            let Ok(result) = tokio::task::spawn_blocking(move || check_note(&ws, &p, enc)).await
            else {
                return;
            };
            if lock(&this.workspace_notes.refreshes).get(&path) != Some(&ticket) {
                return;
            }
            let diagnostics = match result {
                Ok((d, setup)) => {
                    this.report_configuration(&setup).await;
                    d
                }
                Err(_) => Vec::new(),
            };
            this.publish_note(&path, diagnostics, always, Some(scan))
                .await;
        });
    }

    /// Markdown files changed on disk: a changed note is checked again, a deleted one's findings are
    /// cleared, a new file starts a scan (whether it is a note depends on `.gitignore` and the
    /// configuration, which the scan reads).
    pub async fn notes_changed(&self, changes: &[FileEvent]) {
        if !self.workspace_diagnostics_on() {
            return;
        }
        let mut rescan = false;
        for change in changes {
            if change.typ == FileChangeType::CREATED {
                rescan = true;
            } else if change.typ == FileChangeType::DELETED {
                if let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) {
                    lock(&self.workspace_notes.notes).remove(&path);
                    self.publish_note(&path, Vec::new(), false, None).await;
                }
            } else if self.is_workspace_note(&change.uri) {
                self.refresh_note(&change.uri, false);
            }
        }
        if rescan {
            self.scan_workspace();
        }
    }
}

/// Whether a watched file event is about a note (Markdown) rather than a configuration or schema file.
pub(super) fn is_note_event(change: &FileEvent) -> bool {
    change
        .uri
        .to_file_path()
        .is_some_and(|p| config::is_markdown(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_what_was_skipped_and_the_cap() {
        let mut s = Summary {
            checked: 1,
            with_findings: 1,
            ..Default::default()
        };
        assert_eq!(
            s.message(),
            "awsnotes: workspace diagnostics: 1 note checked, 1 with findings"
        );
        s.count(&Skip::Unread(Unread::TooLarge(5 << 20)));
        s.count(&Skip::Unread(Unread::NotUtf8(3)));
        s.count(&Skip::Failed("x".into()));
        s.capped = true;
        assert_eq!(
            s.message(),
            "awsnotes: workspace diagnostics: 1 note checked, 1 with findings; skipped 1 over 2 MiB, \
             1 not UTF-8, 1 unreadable; stopped at 5000 notes (the others are checked when opened)"
        );
    }

    /// The notes `lint` would check: `.gitignore`d and excluded ones are not, a note reached through two
    /// nested folders is listed once.
    #[test]
    fn notes_are_found_as_lint_finds_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for (p, t) in [
            (".gitignore", "ignored/\n"),
            (".awsnotes.toml", "exclude = [\"drafts/**\"]\n"),
            ("a.md", "x"),
            ("sub/b.markdown", "x"),
            ("ignored/c.md", "x"),
            ("drafts/d.md", "x"),
            ("notes.txt", "x"),
        ] {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        }
        std::fs::create_dir(root.join(".git")).unwrap();
        let ws = Workspace::new(
            crate::workspace::ConfigSource::Discover,
            crate::workspace::Freshness::Watch,
        );
        let (notes, capped) = find_notes(&ws, &[root.clone(), root.join("sub")]);
        assert_eq!(notes, vec![root.join("a.md"), root.join("sub/b.markdown")]);
        assert!(!capped);
    }
}
