//! `awsnotes lsp`: the language server. Protocol plumbing only — every answer comes from the same engine,
//! schema and `features` the CLI uses, and configuration comes from the same `workspace`.
//!
//! Layout: `transport` (stdio framing in front of tower-lsp-server) → this file (the `LanguageServer`
//! impl, one line per method) → `handlers/` (one file per feature) over `session` (documents, settings,
//! debounced analysis on tokio's blocking pool, publication), with `convert` for positions and
//! diagnostics, `capabilities` for `initialize`, `document` for the editable rope, `features` for the
//! answers computed on plain text.
//!
//! Concurrency: analysis and configuration/schema resolution run on tokio's blocking pool, never on the
//! protocol loop, so hover and completion on a large note do not wait for them. Stale results are
//! dropped by generation (see `session`).
//!
//! Faults: requests for a document that is not open answer null (pulled diagnostics: an empty report).
//! Documents over [`MAX_DOCUMENT_BYTES`] are not analysed, and at most [`MAX_DIAGNOSTICS`] findings per
//! document become diagnostics. No lock on a document is held across an `await`: a client that stops
//! reading must not wedge the runtime. A panicking request handler answers with an error.
pub mod allocator;
mod capabilities;
mod convert;
pub(crate) mod document;
pub mod features;
mod handlers;
mod session;
pub(crate) mod transport;
mod workspace_notes;

use std::time::Duration;

use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

pub use document::{Document, Encoding};

use crate::schema;
use capabilities::Negotiated;
use handlers::{
    code_action, completion, configuration, diagnostic, document_link, hover, inlay_hint, text_sync,
};
use session::Session;

/// Runs the server on stdin/stdout until the client exits or stdin closes.
pub fn run() -> u8 {
    // Build the embedded schema and its rule indexes while the client is still starting up and sending
    // the first document: the first analysis then finds them ready (`embedded()` waits if it is not).
    std::thread::spawn(|| {
        let schema = schema::embedded();
        crate::engine::warm_up(&schema);
        schema.service_links(); // document links
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
        // The server talks to in-memory pipes; `transport::proxy` sits between them and stdio. 64 KiB
        // each: a pipe's buffer keeps the size of the largest message that passed (1 MiB allowed before,
        // held after opening a long note); the writer now waits for the reader instead.
        let (server_in, proxy_to_server) = tokio::io::duplex(1 << 16);
        let (proxy_from_server, server_out) = tokio::io::duplex(1 << 16);
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

/// Documents larger than this are not analysed (the CLI has the same limit for files): the client gets one
/// informational diagnostic saying so, hover and completion still work.
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;

/// At most this many findings of a document become diagnostics; one more diagnostic says how many were
/// left out. A note with a million mistakes must not turn into a message of hundreds of megabytes.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// The `LanguageServer` tower-lsp-server drives: each method hands its request to its handler.
pub struct Backend {
    session: Session,
}

impl Backend {
    fn new(client: Client) -> Backend {
        Backend {
            session: Session::new(client),
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let negotiated = Negotiated::from_params(&params);
        let encoding = negotiated.encoding.unwrap_or(Encoding::Utf16);
        *self.session.negotiated.write().unwrap() = negotiated;
        if let Some(opts) = &params.initialization_options {
            configuration::apply_settings(&self.session, opts).await;
        }
        Ok(capabilities::initialize_result(encoding))
    }

    async fn initialized(&self, _: InitializedParams) {
        configuration::initialized(&self.session).await
    }

    async fn shutdown(&self) -> RpcResult<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        text_sync::did_open(&self.session, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        text_sync::did_change(&self.session, params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        text_sync::did_save(&self.session, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        text_sync::did_close(&self.session, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        configuration::did_change_configuration(&self.session, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        configuration::did_change_watched_files(&self.session, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> RpcResult<DocumentDiagnosticReportResult> {
        diagnostic::diagnostic(&self.session, params).await
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        hover::hover(&self.session, params).await
    }

    async fn completion(&self, params: CompletionParams) -> RpcResult<Option<CompletionResponse>> {
        completion::completion(&self.session, params).await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> RpcResult<CompletionItem> {
        completion::resolve(item).await
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        code_action::code_action(&self.session, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> RpcResult<Option<Vec<InlayHint>>> {
        inlay_hint::inlay_hint(&self.session, params).await
    }

    async fn document_link(
        &self,
        params: DocumentLinkParams,
    ) -> RpcResult<Option<Vec<DocumentLink>>> {
        document_link::document_link(&self.session, params).await
    }
}
