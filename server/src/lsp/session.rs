//! The server's state and its analysis loop: open documents, the negotiated client capabilities, the
//! editor's settings, the shared [`Workspace`] (configuration + schema), and the debounced analysis of
//! each document on tokio's blocking pool with publication of its diagnostics.
//!
//! Each change bumps the document's generation; a scheduled analysis that finds a newer generation
//! (before or after running) is dropped, so a burst of keystrokes yields one analysis of the latest text
//! and stale diagnostics are never published over newer ones (pushes are serialised and re-check the
//! generation). No lock on a document is held across an `await`.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use tower_lsp_server::lsp_types::{
    Diagnostic, DiagnosticSeverity, MessageType, Position, Range as LspRange, Uri,
};
use tower_lsp_server::{Client, UriExt};

use super::capabilities::Negotiated;
use super::convert::{self, Positions};
use super::document::{Document, Encoding};
use super::handlers::configuration::ClientSettings;
use super::workspace_notes::WorkspaceNotes;
use super::MAX_DOCUMENT_BYTES;
use crate::config::ConfigError;
use crate::engine::{Analyzer, Finding};
use crate::lines::LineIndex;
use crate::workspace::{ConfigSource, Freshness, SchemaGeneration, Setup, Workspace};

/// One analysis of one version of a document.
pub(super) struct Analysis {
    /// The text analysed (offsets in `findings` refer to it); empty when `too_large`.
    pub text: String,
    /// Lines of `text`, built with the analysis (off the protocol loop) for every reply about it.
    pub lines: LineIndex,
    pub findings: Vec<Finding>,
    /// Set (to the document's size in bytes) when the document was too large to analyse.
    pub too_large: Option<usize>,
}

impl Analysis {
    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions::with_index(&self.text, &self.lines, encoding)
    }

    /// At most [`super::MAX_DIAGNOSTICS`] findings and a note on the rest, or a note that the document is
    /// too large to check.
    pub fn diagnostics(&self, encoding: Encoding) -> Vec<Diagnostic> {
        match self.too_large {
            Some(len) => convert::too_large_diagnostics(len),
            None => convert::diagnostics(&self.positions(encoding), &self.findings),
        }
    }
}

/// A document's current text with its lines, for requests that read the text (hover, completion,
/// links): the current analysis when there is one (nothing to copy or index again), else the text taken
/// from the rope now.
pub(super) enum Snapshot {
    Analysed(Arc<Analysis>),
    Unanalysed { text: String, lines: LineIndex },
}

impl Snapshot {
    pub fn text(&self) -> &str {
        match self {
            Snapshot::Analysed(a) => &a.text,
            Snapshot::Unanalysed { text, .. } => text,
        }
    }

    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        match self {
            Snapshot::Analysed(a) => a.positions(encoding),
            Snapshot::Unanalysed { text, lines } => Positions::with_index(text, lines, encoding),
        }
    }

    /// The findings of the current text, when it has been analysed.
    pub fn findings(&self) -> &[Finding] {
        match self {
            Snapshot::Analysed(a) => &a.findings,
            Snapshot::Unanalysed { .. } => &[],
        }
    }
}

/// An analyzer and the schema its per-chunk results were computed against: when the document's setup
/// comes with another schema (a user schema file changed), the results are dropped. Keyed by the
/// schema's generation, not its address — a rebuilt schema may be allocated where the old one was.
#[derive(Default)]
pub(super) struct IncrementalAnalyzer {
    schema: Option<SchemaGeneration>,
    analyzer: Analyzer,
}

impl IncrementalAnalyzer {
    fn analyze(&mut self, text: &str, setup: &Setup) -> Vec<Finding> {
        if self.schema != Some(setup.schema_generation) {
            self.analyzer = Analyzer::default();
            self.schema = Some(setup.schema_generation);
        }
        self.analyzer.analyze(text, &setup.schema, &setup.settings)
    }
}

pub(super) struct DocState {
    pub doc: Document,
    pub generation: u64,
    /// The last analysis.
    pub analysed: Option<Arc<Analysis>>,
    /// The generation `analysed` was computed for.
    pub analysed_generation: u64,
    /// Per-chunk results of earlier analyses: an edit re-analyses only the chunk it touched.
    pub analyzer: Arc<Mutex<IncrementalAnalyzer>>,
    /// How long the last analysis took (zero before the first): decides whether to debounce.
    pub last_analysis: Duration,
    /// The setup of the last analysis: when the document's setup is another one now (its
    /// `.awsnotes.toml` was saved, created or fixed), the document is checked again.
    pub setup: Option<Arc<Setup>>,
}

/// An analysis that took at most this long is not debounced: the writer sees the result of each
/// keystroke within a frame, and a burst of keystrokes costs a few cheap analyses (each checks first
/// that no newer edit arrived). Slower analyses (a huge note, a cold cache) wait for typing to pause.
pub const FAST_ANALYSIS: Duration = Duration::from_millis(8);

/// Everything the handlers share; cloning is cheap (handles only), so a scheduled analysis owns one.
#[derive(Clone)]
pub(super) struct Session {
    pub client: Client,
    pub docs: Arc<DashMap<Uri, DocState>>,
    pub negotiated: Arc<RwLock<Negotiated>>,
    pub client_settings: Arc<RwLock<ClientSettings>>,
    pub workspace: Arc<Workspace>,
    /// Source of document generations (one counter for all documents).
    generation: Arc<AtomicU64>,
    /// Held while diagnostics are pushed: the generation is checked again under it, so a result that went
    /// stale while waiting to be sent (or whose document was closed) is never sent after a newer one.
    pub publishing: Arc<tokio::sync::Mutex<()>>,
    /// Configuration files that cannot be used, with the message published on each.
    config_problems: Arc<Mutex<HashMap<PathBuf, String>>>,
    /// Workspace diagnostics: the findings of notes that are not open (`workspace_notes`).
    pub workspace_notes: Arc<WorkspaceNotes>,
}

impl Session {
    pub fn new(client: Client) -> Session {
        Session {
            client,
            docs: Arc::new(DashMap::new()),
            negotiated: Arc::new(RwLock::new(Negotiated::default())),
            client_settings: Arc::new(RwLock::new(ClientSettings::default())),
            workspace: Arc::new(Workspace::new(ConfigSource::Discover, Freshness::Watch)),
            generation: Arc::new(AtomicU64::new(0)),
            publishing: Default::default(),
            config_problems: Default::default(),
            workspace_notes: Default::default(),
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.negotiated
            .read()
            .unwrap()
            .encoding
            .unwrap_or(Encoding::Utf16)
    }

    /// A fresh generation for a document that just changed.
    pub fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The open document's current text and lines, if it is open. Copying the text out of the rope
    /// happens after the document's lock is released.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let rope = {
            let d = self.docs.get(uri)?;
            match &d.analysed {
                // An analysis of a too large document has no text.
                Some(a) if d.analysed_generation == d.generation && a.too_large.is_none() => {
                    return Some(Snapshot::Analysed(a.clone()));
                }
                _ => d.doc.rope.clone(),
            }
        };
        let text = rope.to_string();
        Some(Snapshot::Unanalysed {
            lines: LineIndex::new(&text),
            text,
        })
    }

    /// The size in bytes of an open document.
    pub fn document_len(&self, uri: &Uri) -> Option<usize> {
        self.docs.get(uri).map(|d| d.doc.rope.len_bytes())
    }

    /// The setup for a document: client settings, refined by the nearest `.awsnotes.toml`. Resolved on
    /// the blocking pool: it stats files and may build a schema (tens of milliseconds).
    /// What a read-only request (hover, completion, links) needs: the document's current text and lines,
    /// the negotiated position encoding and the document's setup. `Ok(None)` when it is not open.
    pub async fn request_context(
        &self,
        uri: &Uri,
    ) -> tower_lsp_server::jsonrpc::Result<Option<(Snapshot, Encoding, Arc<Setup>)>> {
        after_earlier_messages().await;
        let Some(snapshot) = self.snapshot(uri) else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let setup = self
            .setup_for(uri)
            .await
            .map_err(tower_lsp_server::jsonrpc::Error::invalid_params)?;
        Ok(Some((snapshot, encoding, setup)))
    }

    pub async fn setup_for(&self, uri: &Uri) -> Result<Arc<Setup>, String> {
        let path: Option<PathBuf> = uri.to_file_path().map(|p| p.into_owned());
        let workspace = self.workspace.clone();
        tokio::task::spawn_blocking(move || workspace.setup_for(path.as_deref()))
            .await
            .unwrap_or_else(|e| Err(format!("resolving the configuration failed: {e}")))
    }

    /// Schedules an analysis of the document's current generation: at once when the last analysis of
    /// the document was fast (see [`FAST_ANALYSIS`]) or there was none yet, else after the debounce.
    pub fn schedule(&self, uri: Uri) {
        let Some((generation, last_analysis)) =
            self.docs.get(&uri).map(|d| (d.generation, d.last_analysis))
        else {
            return;
        };
        let debounce = if last_analysis <= FAST_ANALYSIS {
            Duration::ZERO
        } else {
            self.client_settings.read().unwrap().debounce
        };
        let this = self.clone();
        tokio::spawn(async move {
            if !debounce.is_zero() {
                tokio::time::sleep(debounce).await;
            }
            this.analyse_and_publish(uri, generation).await;
        });
    }

    /// Analyses the document if `generation` is still current; stores the result and (in push mode)
    /// publishes it. Returns the diagnostics.
    pub async fn analyse_and_publish(&self, uri: Uri, generation: u64) -> Option<Vec<Diagnostic>> {
        let (text, version, analyzer, previous) = {
            let d = self.docs.get(&uri)?;
            if d.generation != generation {
                return None;
            }
            let len = d.doc.rope.len_bytes();
            let text = if len > MAX_DOCUMENT_BYTES {
                Err(len)
            } else {
                Ok(d.doc.text())
            };
            (text, d.doc.version, d.analyzer.clone(), d.analysed.clone())
        };
        let analysed = match text {
            Err(len) => Arc::new(Analysis {
                text: String::new(),
                lines: LineIndex::new(""),
                findings: Vec::new(),
                too_large: Some(len),
            }),
            Ok(text) => {
                let setup = match self.setup_for(&uri).await {
                    Ok(s) => {
                        self.report_configuration(&s).await;
                        s
                    }
                    Err(e) => {
                        self.client
                            .show_message(MessageType::ERROR, format!("awsnotes: {e}"))
                            .await;
                        return None;
                    }
                };
                let docs = self.docs.clone();
                let key = uri.clone();
                let used = setup.clone();
                let analysed = tokio::task::spawn_blocking(move || {
                    let mut analyzer = analyzer.lock().unwrap_or_else(|e| e.into_inner());
                    // Analyses queue on the document's analyzer (edits are analysed at once when the last
                    // analysis was fast): one that waited while a newer edit arrived has nothing to do.
                    if docs.get(&key).map(|d| d.generation) != Some(generation) {
                        return None;
                    }
                    let started = Instant::now();
                    let findings = analyzer.analyze(&text, &setup);
                    let took = started.elapsed();
                    drop(analyzer);
                    // Recorded even if a newer edit makes this result stale: the next edit's scheduling
                    // must know that analyses of this document have become slow.
                    if let Some(mut d) = docs.get_mut(&key) {
                        d.last_analysis = took;
                        d.setup = Some(used);
                    }
                    // The previous version's lines, updated around the edit, when there is one.
                    let lines = match &previous {
                        Some(p) if p.too_large.is_none() => p.lines.after_edit(&p.text, &text),
                        _ => LineIndex::new(&text),
                    };
                    Some(Analysis {
                        lines,
                        text,
                        findings,
                        too_large: None,
                    })
                })
                .await;
                match analysed {
                    Ok(None) => return None,
                    Ok(Some(a)) => Arc::new(a),
                    Err(e) => {
                        self.client
                            .log_message(
                                MessageType::ERROR,
                                format!("awsnotes: analysis failed: {e}"),
                            )
                            .await;
                        return None;
                    }
                }
            }
        };
        let enc = self.encoding();
        let diagnostics = {
            let mut d = self.docs.get_mut(&uri)?;
            if d.generation != generation {
                return None; // a newer edit arrived while we worked: its analysis will publish
            }
            d.analysed = Some(analysed.clone());
            d.analysed_generation = generation;
            analysed.diagnostics(enc)
        };
        if !self.negotiated.read().unwrap().pull_diagnostics {
            let _publishing = self.publishing.lock().await;
            if self.docs.get(&uri).map(|d| d.generation) == Some(generation) {
                self.client
                    .publish_diagnostics(uri, diagnostics.clone(), Some(version))
                    .await;
            }
        }
        Some(diagnostics)
    }

    /// Configuration or settings changed: forget every setup and analyse every open document again (and,
    /// with workspace diagnostics, every other note).
    pub async fn recheck_all(&self) {
        self.workspace.invalidate();
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in uris {
            if let Some(mut d) = self.docs.get_mut(&uri) {
                d.generation = self.next_generation();
            }
            self.schedule(uri);
        }
        let (pull, refresh) = {
            let n = self.negotiated.read().unwrap();
            (n.pull_diagnostics, n.refresh_diagnostics)
        };
        if pull && refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        self.scan_workspace();
    }

    /// Publishes a configuration file's error as a diagnostic on that file (and says it once), or
    /// clears it once the file is fixed. The notes are checked with the defaults meanwhile.
    pub(super) async fn report_configuration(&self, setup: &Setup) {
        let (path, error) = match (&setup.config_error, &setup.config.path) {
            (Some(e), _) => (e.file.clone(), Some(e)),
            (None, Some(p)) => (p.clone(), None),
            (None, None) => return,
        };
        let message = error.map(config_message);
        {
            let mut known = self
                .config_problems
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if known.get(&path) == message.as_ref() {
                return;
            }
            match &message {
                Some(m) => known.insert(path.clone(), m.clone()),
                None => known.remove(&path),
            };
        }
        let Some(uri) = Uri::from_file_path(&path) else {
            return;
        };
        let diagnostics = match (error, message) {
            (Some(e), Some(m)) => vec![Diagnostic {
                range: config_error_range(e, self.encoding()),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("awsnotes".into()),
                message: m,
                ..Default::default()
            }],
            _ => Vec::new(),
        };
        {
            let _publishing = self.publishing.lock().await;
            self.client
                .publish_diagnostics(uri, diagnostics, None)
                .await;
        }
        if let Some(e) = error {
            self.client
                .show_message(
                    MessageType::WARNING,
                    format!("awsnotes: {e}; checking with the default configuration"),
                )
                .await;
        }
    }

    /// Checks every open document again whose setup is not the one its last analysis used: its
    /// `.awsnotes.toml` was saved, created, fixed or removed, or a schema file it names changed.
    /// Catches what file events miss (clients without file watching, a configuration saved by another
    /// program or written by the vocabulary action and saved).
    pub async fn recheck_changed_setups(&self) {
        let open: Vec<(Uri, Arc<Setup>)> = self
            .docs
            .iter()
            .filter_map(|e| e.setup.clone().map(|s| (e.key().clone(), s)))
            .collect();
        let mut rechecked = false;
        for (uri, used) in open {
            let Ok(now) = self.setup_for(&uri).await else {
                continue;
            };
            if !Arc::ptr_eq(&now, &used) {
                if let Some(mut d) = self.docs.get_mut(&uri) {
                    d.generation = self.next_generation();
                    d.setup = None; // scheduled once, whatever happens to this analysis
                }
                self.schedule(uri);
                rechecked = true;
            }
        }
        // A pulling client (Neovim 0.12) asks again only when told: without this, a fixed
        // configuration left the old findings on screen until the next edit.
        let (pull, refresh) = {
            let n = self.negotiated.read().unwrap();
            (n.pull_diagnostics, n.refresh_diagnostics)
        };
        if rechecked && pull && refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// Runs [`Session::recheck_changed_setups`] every [`SETUP_POLL`], for as long as the server runs.
    pub fn watch_setups(&self) {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(SETUP_POLL).await;
                this.recheck_changed_setups().await;
            }
        });
    }

    /// [`Session::fresh_analysis`] when the document was small enough to analyse (code actions, inlay
    /// hints: nothing to offer on a document that was not checked).
    pub async fn fresh_findings(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        self.fresh_analysis(uri)
            .await
            .filter(|a| a.too_large.is_none())
    }

    /// The analysis of the document's current text: the last one when it is current, else one made
    /// now (not waiting for the debounce); a newer edit arriving meanwhile is analysed in turn, a few
    /// times at most. None when the document is not open, or kept changing.
    pub async fn fresh_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        after_earlier_messages().await;
        for _ in 0..5 {
            if let Some(a) = self.current_analysis(uri) {
                return Some(a);
            }
            let generation = self.docs.get(uri)?.generation;
            self.analyse_and_publish(uri.clone(), generation).await;
        }
        None
    }

    /// The analysis of the document's current text, if there is one yet.
    pub fn current_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let d = self.docs.get(uri)?;
        d.analysed
            .clone()
            .filter(|_| d.analysed_generation == d.generation)
    }
}

/// Lets the handlers of messages that arrived before this request run first. tower-lsp-server runs
/// handlers concurrently (`buffer_unordered`), and a request sent right after an edit (Neovim flushes
/// its pending `didChange` just before a request) was sometimes answered before the `didChange`
/// handler had applied the edit: from the old text ("No code actions available" after typing, in
/// both Neovims, about one run in three). Handlers apply their document changes in their first poll,
/// so one yield is enough for those already queued.
async fn after_earlier_messages() {
    tokio::task::yield_now().await;
}

/// How often open documents' configurations are looked at for changes (a few `stat`s per document).
pub(super) const SETUP_POLL: Duration = Duration::from_millis(500);

/// The diagnostic message on a configuration file that cannot be used.
fn config_message(e: &ConfigError) -> String {
    let key = e
        .key
        .as_ref()
        .map(|k| format!("`{k}`: "))
        .unwrap_or_default();
    format!(
        "{key}{}; awsnotes checks the notes with the default configuration until this is fixed",
        e.message
    )
}

/// The line of a configuration error, whole (the first line when the error has none).
fn config_error_range(e: &ConfigError, encoding: Encoding) -> LspRange {
    let line = e.line.unwrap_or(1).saturating_sub(1);
    let text = std::fs::read_to_string(&e.file).unwrap_or_default();
    let lines = LineIndex::new(&text);
    let len = if line < lines.line_count() {
        let content = &text[lines.line_content(&text, line)];
        match encoding {
            Encoding::Utf8 => content.len(),
            Encoding::Utf16 => content.encode_utf16().count(),
        }
    } else {
        0
    };
    LspRange::new(
        Position::new(line as u32, 0),
        Position::new(line as u32, len as u32),
    )
}

/// The debounce before analysing after a change, unless the editor's settings say otherwise.
pub(super) const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{EditorSettings, EMBEDDED_SCHEMA};

    /// A document's chunk cache follows the schema generation of its setup: results computed against
    /// one schema are never served for another, wherever the new schema is allocated.
    #[test]
    fn a_new_schema_generation_starts_a_fresh_analyzer() {
        let dir = tempfile::tempdir().unwrap();
        let schema_file = dir.path().join("team.json");
        std::fs::write(
            &schema_file,
            r#"{"format_version": 1, "entries": [{"kind": "env-var", "name": "AWS_TEAM_FLAG"}]}"#,
        )
        .unwrap();
        let workspace = Workspace::new(ConfigSource::Nothing, Freshness::Watch);
        let text = "Deploy with Cloudfromation and set AWS_TEAM_FLAG.\n";
        let mut analyzer = IncrementalAnalyzer::default();

        let embedded = workspace.setup_for(None).unwrap();
        assert_eq!(embedded.schema_generation, EMBEDDED_SCHEMA);
        analyzer.analyze(text, &embedded);
        assert_eq!(analyzer.schema, Some(EMBEDDED_SCHEMA));

        workspace.set_editor_settings(EditorSettings {
            schema_files: vec![schema_file],
            ..Default::default()
        });
        let team = workspace.setup_for(None).unwrap();
        assert_ne!(team.schema_generation, EMBEDDED_SCHEMA);
        let findings = analyzer.analyze(text, &team);
        assert_eq!(analyzer.schema, Some(team.schema_generation));
        assert_eq!(
            findings,
            crate::engine::analyze(text, &team.schema, &team.settings)
        );
    }
}
