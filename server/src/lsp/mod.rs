//! `awsnotes lsp`: the language server. Protocol plumbing only — every answer comes from the same engine,
//! schema and `features` the CLI uses.
//!
//! Concurrency: documents live in a `DashMap`; analysis runs on tokio's blocking pool, never on the
//! protocol loop, so hover and completion on a large note do not wait for it. Each change bumps the
//! document's generation; a scheduled analysis that finds a newer generation (before or after running)
//! is dropped, so a burst of keystrokes yields one analysis of the latest text and stale diagnostics are
//! never published over newer ones (pushes are serialised and re-check the generation).
//!
//! Faults: a `didChange` whose version is not newer than the document's is applied anyway (its changes
//! were made to the client's text; ignoring them would leave the server out of step) and logged; ranges
//! past the end are clamped and logged; requests for a document that is not open answer null (pulled
//! diagnostics: an empty report). Documents over [`MAX_DOCUMENT_BYTES`] are not analysed, and at most
//! [`MAX_DIAGNOSTICS`] findings per document become diagnostics. No lock on a document is held across
//! an `await`: a client that stops reading must not wedge the runtime.
pub(crate) mod document;
pub mod features;
pub(crate) mod transport;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use dashmap::DashMap;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server, UriExt};

pub use document::{Document, Encoding};

use crate::config::Config;
use crate::engine::{Analyzer, Finding, Settings, Severity};
use crate::markdown::{self, RegionKind};
use crate::rules;
use crate::schema::{self, Kind, Schema};

/// Runs the server on stdin/stdout until the client exits or stdin closes.
pub fn run() -> u8 {
    // Build the embedded schema and its rule indexes while the client is still starting up and sending
    // the first document: the first analysis then finds them ready (`embedded()` waits if it is not).
    std::thread::spawn(|| {
        let schema = schema::embedded();
        schema.brands();
        schema.limit_phrases();
    });
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("awsnotes lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    rt.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        // The server talks to in-memory pipes; `transport::proxy` sits between them and stdio.
        let (server_in, proxy_to_server) = tokio::io::duplex(1 << 20);
        let (proxy_from_server, server_out) = tokio::io::duplex(1 << 20);
        let serve = Server::new(server_in, server_out, socket).serve(service);
        let proxy = transport::proxy(
            tokio::io::stdin(),
            tokio::io::stdout(),
            proxy_to_server,
            proxy_from_server,
        );
        tokio::select! {
            _ = serve => {}
            _ = proxy => {}
        }
    });
    // Analyses still queued for a closed connection are abandoned, not awaited.
    rt.shutdown_timeout(Duration::from_millis(100));
    transport::exit_status()
}

/// Settings that come from the editor (initializationOptions / didChangeConfiguration).
#[derive(Debug, Clone, Default)]
struct ClientSettings {
    levels: HashMap<String, Option<Severity>>,
    words: Vec<String>,
    schema_files: Vec<PathBuf>,
    debounce: Duration,
}

impl ClientSettings {
    /// Reads `{rules: {id: level}, words: [..], schema: [..], debounceMs: n}`, also nested under
    /// `awsnotes`. Unknown rules and bad levels are reported, not fatal.
    fn parse(v: &Value, previous: &ClientSettings) -> (ClientSettings, Vec<String>) {
        let v = v.get("awsnotes").unwrap_or(v);
        let mut s = previous.clone();
        let mut problems = Vec::new();
        if let Some(rules_obj) = v.get("rules").and_then(Value::as_object) {
            s.levels.clear();
            for (id, level) in rules_obj {
                if rules::by_id(id).is_none() {
                    problems.push(format!("unknown rule `{id}` in settings"));
                    continue;
                }
                match level.as_str().map(Severity::parse_level) {
                    Some(Ok(l)) => {
                        s.levels.insert(id.clone(), l);
                    }
                    Some(Err(e)) => problems.push(format!("rule `{id}`: {e}")),
                    None => problems.push(format!("rule `{id}`: level must be a string")),
                }
            }
        }
        if let Some(words) = v.get("words").and_then(Value::as_array) {
            s.words = words
                .iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect();
        }
        if let Some(files) = v.get("schema").and_then(Value::as_array) {
            s.schema_files = files
                .iter()
                .filter_map(|w| w.as_str().map(PathBuf::from))
                .collect();
        }
        if let Some(ms) = v.get("debounceMs").and_then(Value::as_u64) {
            s.debounce = Duration::from_millis(ms.min(5_000));
        }
        (s, problems)
    }
}

/// Engine settings and schema for documents governed by one `.awsnotes.toml` (or none).
struct Setup {
    settings: Settings,
    schema: Arc<Schema>,
    config_path: Option<PathBuf>,
    /// Modification times of the files this setup was read from: a change is picked up on the next
    /// analysis even when the client does not watch files.
    stamps: Vec<(PathBuf, Option<std::time::SystemTime>)>,
}

fn stamp(p: &Path) -> (PathBuf, Option<std::time::SystemTime>) {
    (
        p.to_path_buf(),
        std::fs::metadata(p).and_then(|m| m.modified()).ok(),
    )
}

/// Documents larger than this are not analysed (the CLI has the same limit for files): the client gets one
/// informational diagnostic saying so, hover and completion still work.
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;

/// At most this many findings of a document become diagnostics; one more diagnostic says how many were
/// left out. A note with a million mistakes must not turn into a message of hundreds of megabytes.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// One analysis of one version of a document.
struct Analysis {
    version: i32,
    /// The text analysed (offsets in `findings` refer to it); empty when `too_large`.
    text: String,
    findings: Vec<Finding>,
    /// Set (to the document's size in bytes) when the document was too large to analyse.
    too_large: Option<usize>,
}

struct DocState {
    doc: Document,
    generation: u64,
    /// The last analysis.
    analysed: Option<Arc<Analysis>>,
    /// The generation `analysed` was computed for.
    analysed_generation: u64,
    /// Per-chunk results of earlier analyses: an edit re-analyses only the chunk it touched.
    analyzer: Arc<Mutex<Analyzer>>,
}

#[derive(Default)]
struct Negotiated {
    encoding: Option<Encoding>,
    pull_diagnostics: bool,
    refresh_diagnostics: bool,
    create_files: bool,
    watch_files: bool,
    configuration: bool,
    roots: Vec<PathBuf>,
}

pub struct Backend {
    client: Client,
    docs: Arc<DashMap<Uri, DocState>>,
    negotiated: Arc<RwLock<Negotiated>>,
    client_settings: Arc<RwLock<ClientSettings>>,
    setups: Arc<Mutex<HashMap<Option<PathBuf>, Arc<Setup>>>>,
    generation: Arc<AtomicU64>,
    /// Held while diagnostics are pushed: the generation is checked again under it, so a result that went
    /// stale while waiting to be sent (or whose document was closed) is never sent after a newer one.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    fn new(client: Client) -> Backend {
        Backend {
            client,
            docs: Arc::new(DashMap::new()),
            negotiated: Arc::new(RwLock::new(Negotiated::default())),
            client_settings: Arc::new(RwLock::new(ClientSettings {
                debounce: Duration::from_millis(150),
                ..Default::default()
            })),
            setups: Arc::new(Mutex::new(HashMap::new())),
            generation: Arc::new(AtomicU64::new(0)),
            publishing: Default::default(),
        }
    }

    fn encoding(&self) -> Encoding {
        self.negotiated
            .read()
            .unwrap()
            .encoding
            .unwrap_or(Encoding::Utf16)
    }

    /// The setup for a document: client settings, refined by the nearest `.awsnotes.toml`.
    fn setup_for(&self, uri: &Uri) -> Result<Arc<Setup>, String> {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let config_path = path
            .as_deref()
            .and_then(Path::parent)
            .and_then(Config::discover);
        if let Some(s) = self.setups.lock().unwrap().get(&config_path) {
            if s.stamps.iter().all(|(p, t)| stamp(p).1 == *t) {
                return Ok(s.clone());
            }
        }
        let client = self.client_settings.read().unwrap().clone();
        let mut settings = Settings {
            levels: client.levels.clone().into(),
            words: client.words.iter().cloned().collect(),
            ..Settings::default()
        };
        let mut schema_files: Vec<(String, String)> = Vec::new();
        for p in &client.schema_files {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read schema file {}: {e}", p.display()))?;
            schema_files.push((p.display().to_string(), text));
        }
        let mut stamps: Vec<_> = client.schema_files.iter().map(|p| stamp(p)).collect();
        if let Some(cp) = &config_path {
            let config = Config::load(cp).map_err(|e| e.to_string())?;
            settings.levels.extend(config.levels.clone());
            settings.words.extend(config.words.iter().cloned());
            schema_files.extend(config.read_schema_files().map_err(|e| e.to_string())?);
            stamps.push(stamp(cp));
            stamps.extend(config.schema_files.iter().map(|p| stamp(p)));
        }
        let schema = if schema_files.is_empty() {
            schema::embedded()
        } else {
            Arc::new(Schema::with_user_files(&schema_files).map_err(|e| e.to_string())?)
        };
        let setup = Arc::new(Setup {
            settings,
            schema,
            config_path: config_path.clone(),
            stamps,
        });
        self.setups
            .lock()
            .unwrap()
            .insert(config_path, setup.clone());
        Ok(setup)
    }

    /// Schedules an analysis of the document's current generation (debounced).
    fn schedule(&self, uri: Uri) {
        let Some(generation) = self.docs.get(&uri).map(|d| d.generation) else {
            return;
        };
        let debounce = self.client_settings.read().unwrap().debounce;
        let this = self.handle();
        tokio::spawn(async move {
            if !debounce.is_zero() {
                tokio::time::sleep(debounce).await;
            }
            this.analyse_and_publish(uri, generation).await;
        });
    }

    fn handle(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            docs: self.docs.clone(),
            negotiated: self.negotiated.clone(),
            client_settings: self.client_settings.clone(),
            setups: self.setups.clone(),
            generation: self.generation.clone(),
            publishing: self.publishing.clone(),
        }
    }

    /// Analyses the document if `generation` is still current; stores the result and (in push mode)
    /// publishes it. Returns the diagnostics.
    async fn analyse_and_publish(&self, uri: Uri, generation: u64) -> Option<Vec<Diagnostic>> {
        let (text, version, analyzer) = {
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
            (text, d.doc.version, d.analyzer.clone())
        };
        let analysed = match text {
            Err(len) => Arc::new(Analysis {
                version,
                text: String::new(),
                findings: Vec::new(),
                too_large: Some(len),
            }),
            Ok(text) => {
                let setup = match self.setup_for(&uri) {
                    Ok(s) => s,
                    Err(e) => {
                        self.client
                            .show_message(MessageType::ERROR, format!("awsnotes: {e}"))
                            .await;
                        return None;
                    }
                };
                let analysed = tokio::task::spawn_blocking(move || {
                    let findings = analyzer.lock().unwrap_or_else(|e| e.into_inner()).analyze(
                        &text,
                        &setup.schema,
                        &setup.settings,
                    );
                    Analysis {
                        version,
                        text,
                        findings,
                        too_large: None,
                    }
                })
                .await;
                match analysed {
                    Ok(a) => Arc::new(a),
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
            let doc = Document::new(&analysed.text, analysed.version);
            diagnostics_of(&doc, &analysed, enc, &uri)
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

    async fn recheck_all(&self) {
        self.setups.lock().unwrap().clear();
        let uris: Vec<Uri> = self.docs.iter().map(|e| e.key().clone()).collect();
        for uri in uris {
            if let Some(mut d) = self.docs.get_mut(&uri) {
                d.generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
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
    }

    fn current_analysis(&self, uri: &Uri) -> Option<(Document, Arc<Analysis>)> {
        let d = self.docs.get(uri)?;
        let a = d
            .analysed
            .clone()
            .filter(|_| d.analysed_generation == d.generation)?;
        Some((d.doc.clone(), a))
    }

    /// Asks the client for the `awsnotes` section and applies it; returns whether settings came back.
    async fn pull_configuration(&self) -> bool {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("awsnotes".into()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => match values.into_iter().next().filter(Value::is_object) {
                Some(v) => {
                    self.apply_settings(&v).await;
                    true
                }
                None => false,
            },
            Err(_) => false,
        }
    }

    async fn apply_settings(&self, value: &Value) {
        let previous = self.client_settings.read().unwrap().clone();
        let (settings, problems) = ClientSettings::parse(value, &previous);
        *self.client_settings.write().unwrap() = settings;
        for p in problems {
            self.client
                .show_message(MessageType::WARNING, format!("awsnotes: {p}"))
                .await;
        }
    }
}

/// The diagnostics of one analysis: at most [`MAX_DIAGNOSTICS`] findings and a note on the rest, or a
/// note that the document is too large to check.
fn diagnostics_of(doc: &Document, a: &Analysis, enc: Encoding, uri: &Uri) -> Vec<Diagnostic> {
    let note = |range: Range, message: String| Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("awsnotes".into()),
        message,
        ..Default::default()
    };
    if let Some(len) = a.too_large {
        return vec![note(
            Range::default(),
            format!(
                "This document is not checked: it is {:.1} MiB, and awsnotes checks documents of up to {} MiB",
                len as f64 / (1u64 << 20) as f64,
                MAX_DOCUMENT_BYTES >> 20
            ),
        )];
    }
    let mut out: Vec<Diagnostic> = a
        .findings
        .iter()
        .take(MAX_DIAGNOSTICS)
        .map(|f| to_diagnostic(doc, f, enc, uri))
        .collect();
    if let Some(next) = a.findings.get(MAX_DIAGNOSTICS) {
        let at = doc.position(next.range.start, enc);
        out.push(note(
            Range { start: at, end: at },
            format!(
                "{} more findings from here on are not shown (at most {MAX_DIAGNOSTICS} per document)",
                a.findings.len() - MAX_DIAGNOSTICS
            ),
        ));
    }
    out
}

fn to_diagnostic(doc: &Document, f: &Finding, enc: Encoding, _uri: &Uri) -> Diagnostic {
    Diagnostic {
        range: doc.range(&f.range, enc),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: rules::doc_url(f.rule.as_str())
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("awsnotes".into()),
        message: f.message.clone(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({ "replacements": f.replacements })),
    }
}

/// Runs a request handler, turning a panic into an error reply (the server keeps running).
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> RpcResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        // The panic hook has printed where; this line says which request (stderr is the editor's log).
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("awsnotes: internal error while computing {what}: {why}");
        let mut e = RpcError::internal_error();
        e.message = format!("awsnotes: internal error while computing {what}").into();
        e
    })
}

fn completion_kind(k: Kind) -> CompletionItemKind {
    match k {
        Kind::Header | Kind::EnvVar => CompletionItemKind::CONSTANT,
        Kind::ErrorCode => CompletionItemKind::EVENT,
        Kind::ServiceName => CompletionItemKind::MODULE,
        Kind::IamService => CompletionItemKind::FUNCTION,
        Kind::CfnIntrinsic => CompletionItemKind::FUNCTION,
        Kind::CfnResourceType => CompletionItemKind::CLASS,
        Kind::CodedeployConfig => CompletionItemKind::ENUM_MEMBER,
        _ => CompletionItemKind::VALUE,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let enc = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        {
            let ws = caps.workspace.as_ref();
            let mut n = self.negotiated.write().unwrap();
            n.encoding = Some(enc);
            n.refresh_diagnostics = ws
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            n.pull_diagnostics = caps
                .text_document
                .as_ref()
                .and_then(|t| t.diagnostic.as_ref())
                .is_some();
            n.create_files = ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
            n.watch_files = ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            n.configuration = ws.and_then(|w| w.configuration).unwrap_or(false);
            n.roots = params
                .workspace_folders
                .iter()
                .flatten()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect();
        }
        if let Some(opts) = &params.initialization_options {
            self.apply_settings(opts).await;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        ["-", "_", ":", "."].iter().map(|s| s.to_string()).collect(),
                    ),
                    resolve_provider: Some(true),
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new("source.fixAll.awsnotes"),
                        ]),
                        resolve_provider: Some(false),
                        ..Default::default()
                    },
                )),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("awsnotes".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: Default::default(),
                    },
                )),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "awsnotes".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let (watch, configuration) = {
            let n = self.negotiated.read().unwrap();
            (n.watch_files, n.configuration)
        };
        if watch {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: ["**/.awsnotes.toml", "**/*.json"]
                    .iter()
                    .map(|g| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(g.to_string()),
                        kind: None,
                    })
                    .collect(),
            };
            let reg = Registration {
                id: "awsnotes-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            let _ = self.client.register_capability(vec![reg]).await;
        }
        if configuration && self.pull_configuration().await {
            self.recheck_all().await;
        }
    }

    async fn shutdown(&self) -> RpcResult<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.docs.insert(
            doc.uri.clone(),
            DocState {
                doc: Document::new(&doc.text, doc.version),
                generation,
                analysed: None,
                analysed_generation: 0,
                analyzer: Default::default(),
            },
        );
        self.schedule(doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let enc = self.encoding();
        let mut clamped = false;
        let mut stale = None;
        {
            let Some(mut d) = self.docs.get_mut(&uri) else {
                drop(params.content_changes);
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!(
                            "awsnotes: didChange for a document that is not open: {}",
                            uri.as_str()
                        ),
                    )
                    .await;
                return;
            };
            // The changes were made to the client's text, whatever its version says: applying them is
            // the only way to stay in step with it. (No await while the document is locked.)
            if params.text_document.version <= d.doc.version {
                stale = Some(d.doc.version);
            }
            for change in &params.content_changes {
                clamped |= d.doc.apply(change, enc);
            }
            d.doc.version = params.text_document.version;
            d.generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        }
        if let Some(current) = stale {
            self.client
                .log_message(
                    MessageType::WARNING,
                    format!(
                        "awsnotes: stale didChange (version {} after {current}); applied anyway",
                        params.text_document.version
                    ),
                )
                .await;
        }
        if clamped {
            self.client
                .log_message(
                    MessageType::WARNING,
                    "awsnotes: a change range was past the end of the document; clamped",
                )
                .await;
        }
        self.schedule(uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.schedule(params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.docs.remove(&params.text_document.uri);
        if !self.negotiated.read().unwrap().pull_diagnostics {
            let _publishing = self.publishing.lock().await;
            self.client
                .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let configuration = self.negotiated.read().unwrap().configuration;
        if params.settings.is_object() && !params.settings.as_object().unwrap().is_empty() {
            self.apply_settings(&params.settings).await;
        } else if configuration {
            self.pull_configuration().await;
        }
        self.recheck_all().await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.recheck_all().await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> RpcResult<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let enc = self.encoding();
        // A newer edit may land while we analyse: then analyse again (a few times at most), so a pull
        // never answers "no findings" for a document that has some.
        let mut items = None;
        for _ in 0..5 {
            if let Some((doc, a)) = self.current_analysis(&uri) {
                items = Some(diagnostics_of(&doc, &a, enc, &uri));
                break;
            }
            let Some(generation) = self.docs.get(&uri).map(|d| d.generation) else {
                // Only open documents are analysed: one that is not open (or was just closed) has none.
                items = Some(Vec::new());
                break;
            };
            if let Some(d) = self.analyse_and_publish(uri.clone(), generation).await {
                items = Some(d);
                break;
            }
        }
        let Some(items) = items else {
            let mut e = RpcError::new(tower_lsp_server::jsonrpc::ErrorCode::ServerError(-32802));
            e.message = "document changed during analysis; pull again".into();
            return Err(e);
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let Some(doc) = self.docs.get(&uri).map(|d| d.doc.clone()) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let analysis = self.current_analysis(&uri);
        let setup = self.setup_for(&uri).map_err(RpcError::invalid_params)?;
        guarded("hover", || {
            let text = doc.text();
            let offset = doc.offset(pos, enc);
            let findings = analysis
                .as_ref()
                .map(|(_, a)| a.findings.as_slice())
                .unwrap_or(&[]);
            features::hover(&setup.schema, &text, findings, offset).map(|(md, range)| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: md,
                }),
                range: Some(doc.range(&range, enc)),
            })
        })
    }

    async fn completion(&self, params: CompletionParams) -> RpcResult<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let pos = params.text_document_position.position;
        let Some(doc) = self.docs.get(&uri).map(|d| d.doc.clone()) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let setup = self.setup_for(&uri).map_err(RpcError::invalid_params)?;
        guarded("completion", || {
            let text = doc.text();
            let offset = doc.offset(pos, enc);
            let (items, cut) = features::complete(&setup.schema, &text, offset);
            if items.is_empty() {
                return None;
            }
            let items = items
                .into_iter()
                .map(|c| CompletionItem {
                    label: c.label.clone(),
                    kind: Some(completion_kind(c.kind)),
                    detail: Some(c.detail),
                    sort_text: Some(c.sort),
                    filter_text: Some(c.label.clone()),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range: doc.range(&c.replace, enc),
                        new_text: c.label.clone(),
                    })),
                    data: Some(serde_json::json!({ "kind": c.kind.as_str(), "name": c.label })),
                    ..Default::default()
                })
                .collect();
            Some(CompletionResponse::List(CompletionList {
                is_incomplete: cut,
                items,
            }))
        })
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> RpcResult<CompletionItem> {
        let schema = schema::embedded();
        let name = item
            .data
            .as_ref()
            .and_then(|d| d.get("name"))
            .and_then(Value::as_str)
            .unwrap_or(&item.label)
            .to_string();
        let doc = guarded("completion documentation", || {
            crate::explain::find(&schema, name.trim_end_matches("::"))
                .first()
                .map(crate::explain::markdown)
        })?;
        if let Some(md) = doc {
            item.documentation = Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }));
        }
        Ok(item)
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some((doc, analysis)) = self
            .current_analysis(&uri)
            .filter(|(_, a)| a.too_large.is_none())
        else {
            return Ok(None);
        };
        let enc = self.encoding();
        let (create_files, roots) = {
            let n = self.negotiated.read().unwrap();
            (n.create_files, n.roots.clone())
        };
        let setup = self.setup_for(&uri).ok();
        guarded("code actions", || {
            let text = &analysis.text;
            let findings = &analysis.findings;
            let lo = doc.offset(params.range.start, enc);
            let hi = doc.offset(params.range.end, enc);
            let only = params.context.only.clone();
            let wants = |k: &CodeActionKind| {
                only.as_ref().is_none_or(|o| {
                    o.iter().any(|w| {
                        k.as_str() == w.as_str()
                            || k.as_str().starts_with(&format!("{}.", w.as_str()))
                    })
                })
            };
            let mut actions: Vec<CodeActionOrCommand> = Vec::new();
            let regions = markdown::regions(text);
            for f in findings
                .iter()
                .filter(|f| f.range.start <= hi && lo <= f.range.end)
            {
                let diag = to_diagnostic(&doc, f, enc, &uri);
                if wants(&CodeActionKind::QUICKFIX) {
                    for r in &f.replacements {
                        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: format!("Replace with `{r}`"),
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![diag.clone()]),
                            edit: Some(edit_of(
                                &uri,
                                vec![TextEdit {
                                    range: doc.range(&f.range, enc),
                                    new_text: r.clone(),
                                }],
                            )),
                            is_preferred: Some(f.replacements.len() == 1),
                            ..Default::default()
                        }));
                    }
                    // Disable on this line: an inline comment, only where HTML comments are Markdown.
                    let in_code = regions.iter().any(|r| {
                        r.kind == RegionKind::CodeBlock
                            && r.range.start <= f.range.start
                            && f.range.start < r.range.end
                    });
                    if !in_code {
                        let line_end = text[f.range.end..]
                            .find(['\n', '\r'])
                            .map_or(text.len(), |i| f.range.end + i);
                        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: format!("Disable {} on this line", f.rule),
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![diag.clone()]),
                            edit: Some(edit_of(
                                &uri,
                                vec![TextEdit {
                                    range: doc.range(&(line_end..line_end), enc),
                                    new_text: format!(" <!-- awsnotes-disable-line {} -->", f.rule),
                                }],
                            )),
                            ..Default::default()
                        }));
                    }
                    if let Some(action) = vocabulary_action(
                        &uri,
                        &text[f.range.clone()],
                        &diag,
                        setup.as_deref(),
                        &roots,
                        create_files,
                    ) {
                        actions.push(CodeActionOrCommand::CodeAction(action));
                    }
                }
            }
            let fix_all = CodeActionKind::new("source.fixAll.awsnotes");
            if params
                .context
                .only
                .as_ref()
                .is_some_and(|o| o.iter().any(|k| fix_all.as_str().starts_with(k.as_str())))
            {
                let (fixed, n) = crate::engine::apply_fixes(text, findings);
                if n > 0 {
                    let whole = doc.range(&(0..text.len()), enc);
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Fix all awsnotes findings ({n})"),
                        kind: Some(fix_all),
                        edit: Some(edit_of(
                            &uri,
                            vec![TextEdit {
                                range: whole,
                                new_text: fixed,
                            }],
                        )),
                        ..Default::default()
                    }));
                }
            }
            (!actions.is_empty()).then_some(actions)
        })
    }

    async fn document_link(
        &self,
        params: DocumentLinkParams,
    ) -> RpcResult<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let Some(doc) = self.docs.get(&uri).map(|d| d.doc.clone()) else {
            return Ok(None);
        };
        if doc.rope.len_bytes() > MAX_DOCUMENT_BYTES {
            return Ok(None);
        }
        let enc = self.encoding();
        let setup = self.setup_for(&uri).map_err(RpcError::invalid_params)?;
        guarded("document links", || {
            let text = doc.text();
            let links: Vec<DocumentLink> = features::links(&setup.schema, &text)
                .into_iter()
                .filter_map(|(r, url)| {
                    Some(DocumentLink {
                        range: doc.range(&r, enc),
                        target: Some(url.parse().ok()?),
                        tooltip: Some("AWS documentation".into()),
                        data: None,
                    })
                })
                .collect();
            Some(links)
        })
    }
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// "Add `word` to the workspace vocabulary": edits the governing `.awsnotes.toml`, or creates one at the
/// workspace root when the client can create files. A plain workspace edit: no client command needed.
fn vocabulary_action(
    uri: &Uri,
    word: &str,
    diag: &Diagnostic,
    setup: Option<&Setup>,
    roots: &[PathBuf],
    create_files: bool,
) -> Option<CodeAction> {
    if word.contains(['"', '\\', '\n']) || word.len() > 100 {
        return None;
    }
    let title = format!("Add `{word}` to the workspace vocabulary (.awsnotes.toml)");
    let existing = setup.and_then(|s| s.config_path.clone());
    let edit = match existing {
        Some(path) => {
            let text = std::fs::read_to_string(&path).ok()?;
            let target = Uri::from_file_path(&path)?;
            let doc = Document::new(&text, 0);
            let edit = match text.find("words = [") {
                Some(i) => {
                    let at = i + "words = [".len();
                    let closing = text[at..].trim_start().starts_with(']');
                    TextEdit {
                        range: doc.range(&(at..at), Encoding::Utf16),
                        new_text: if closing {
                            format!("\"{word}\"")
                        } else {
                            format!("\"{word}\", ")
                        },
                    }
                }
                None => TextEdit {
                    range: doc.range(&(0..0), Encoding::Utf16),
                    new_text: format!("words = [\"{word}\"]\n"),
                },
            };
            WorkspaceEdit {
                changes: Some(HashMap::from([(target, vec![edit])])),
                ..Default::default()
            }
        }
        None => {
            if !create_files {
                return None;
            }
            let file = uri.to_file_path()?;
            let root = roots
                .iter()
                .find(|r| file.starts_with(r))
                .cloned()
                .or_else(|| file.parent().map(Path::to_path_buf))?;
            let target = Uri::from_file_path(root.join(crate::config::FILE_NAME))?;
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![
                    DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                        uri: target.clone(),
                        options: Some(CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    })),
                    DocumentChangeOperation::Edit(TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri: target,
                            version: None,
                        },
                        edits: vec![OneOf::Left(TextEdit {
                            range: Range::default(),
                            new_text: format!("words = [\"{word}\"]\n"),
                        })],
                    }),
                ])),
                ..Default::default()
            }
        }
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(edit),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No panic reaches the client: a handler that panics becomes an Internal error reply (the
    /// server's loop never sees the panic), and the next call works.
    #[test]
    fn a_panicking_handler_becomes_an_error_reply() {
        let r: RpcResult<u32> = guarded("hover", || panic!("boom"));
        let e = r.unwrap_err();
        assert_eq!(e.code, tower_lsp_server::jsonrpc::ErrorCode::InternalError);
        assert_eq!(e.message, "awsnotes: internal error while computing hover");
        assert_eq!(guarded("hover", || 7).unwrap(), 7);
    }
}
