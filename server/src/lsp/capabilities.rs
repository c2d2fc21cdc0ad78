//! `initialize`: what the client can do ([`Negotiated`]) and what the server offers
//! ([`initialize_result`]).
use std::path::PathBuf;

use tower_lsp_server::lsp_types::*;
use tower_lsp_server::UriExt;

use super::document::Encoding;

/// What the client said it supports, as far as the server cares.
#[derive(Default)]
pub(super) struct Negotiated {
    /// Position encoding: UTF-8 when the client offers it, else UTF-16 (the LSP default).
    pub encoding: Option<Encoding>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): nothing is pushed.
    pub pull_diagnostics: bool,
    pub refresh_diagnostics: bool,
    /// The client applies `CreateFile` operations (the vocabulary action may create `.awsnotes.toml`).
    pub create_files: bool,
    /// The client registers file watchers dynamically.
    pub watch_files: bool,
    /// The client handles `workspace/inlayHint/refresh` (sent when the inlay hint setting changes).
    pub refresh_inlay_hints: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    /// Workspace folders, as paths.
    pub roots: Vec<PathBuf>,
    /// The root URI as a path, for clients that send no workspace folders.
    pub root: Option<PathBuf>,
}

impl Negotiated {
    pub fn from_params(params: &InitializeParams) -> Negotiated {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        let ws = caps.workspace.as_ref();
        Negotiated {
            encoding: Some(if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            }),
            refresh_diagnostics: ws
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            pull_diagnostics: caps
                .text_document
                .as_ref()
                .and_then(|t| t.diagnostic.as_ref())
                .is_some(),
            create_files: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            watch_files: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            refresh_inlay_hints: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            roots: params
                .workspace_folders
                .iter()
                .flatten()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect(),
            #[allow(deprecated)] // still what clients without workspace folders send
            root: params
                .root_uri
                .as_ref()
                .and_then(|u| u.to_file_path().map(|p| p.into_owned())),
        }
    }

    /// The folders whose notes workspace diagnostics check: the workspace folders, else the root.
    pub fn scan_roots(&self) -> Vec<PathBuf> {
        if self.roots.is_empty() {
            self.root.iter().cloned().collect()
        } else {
            self.roots.clone()
        }
    }
}

/// The server's capabilities, in the negotiated position encoding.
pub(super) fn initialize_result(encoding: Encoding) -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
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
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(super::handlers::code_action::FIX_ALL),
                ]),
                resolve_provider: Some(false),
                ..Default::default()
            })),
            // Always offered; answered only when the `inlayHints.enable` setting is on.
            inlay_hint_provider: Some(OneOf::Left(true)),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: Default::default(),
            }),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("awsnotes".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "awsnotes".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}
