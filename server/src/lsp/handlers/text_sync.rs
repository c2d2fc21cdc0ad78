//! Document synchronisation: `didOpen`, `didChange` (incremental), `didSave`, `didClose`. Each change
//! bumps the document's generation and schedules an analysis.
//!
//! Faults: a `didChange` whose version is not newer than the document's is applied anyway (its changes
//! were made to the client's text; ignoring them would leave the server out of step) and logged; ranges
//! past the end are clamped and logged; a change to a document that is not open is logged and dropped.
use std::time::Duration;

use tower_lsp_server::lsp_types::*;

use crate::lsp::document::Document;
use crate::lsp::session::{DocState, Session};

pub(in crate::lsp) async fn did_open(session: &Session, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let generation = session.next_generation();
    session.docs.insert(
        doc.uri.clone(),
        DocState {
            doc: Document::new(&doc.text, doc.version),
            generation,
            analysed: None,
            analysed_generation: 0,
            analyzer: Default::default(),
            last_analysis: Duration::ZERO,
            setup: None,
        },
    );
    session.note_opened(&doc.uri).await;
    session.schedule(doc.uri);
}

pub(in crate::lsp) async fn did_change(session: &Session, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let enc = session.encoding();
    let mut clamped = false;
    let mut stale = None;
    {
        let Some(mut d) = session.docs.get_mut(&uri) else {
            drop(params.content_changes);
            session
                .client
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
        d.generation = session.next_generation();
    }
    if let Some(current) = stale {
        session
            .client
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
        session
            .client
            .log_message(
                MessageType::WARNING,
                "awsnotes: a change range was past the end of the document; clamped",
            )
            .await;
    }
    session.schedule(uri);
}

pub(in crate::lsp) async fn did_save(session: &Session, params: DidSaveTextDocumentParams) {
    session.schedule(params.text_document.uri);
}

pub(in crate::lsp) async fn did_close(session: &Session, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    session.docs.remove(&uri);
    let pull = session.negotiated.read().unwrap().pull_diagnostics;
    if session.is_workspace_note(&uri) {
        // Its findings on disk replace the open document's (pushed: replaced; pulled: the client
        // drops those of a closed document).
        session.refresh_note(&uri, !pull);
        return;
    }
    if !pull {
        let _publishing = session.publishing.lock().await;
        session
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}
