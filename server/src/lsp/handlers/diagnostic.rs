//! `textDocument/diagnostic` (pull diagnostics): the current analysis, or a fresh one.
use tower_lsp_server::jsonrpc::{Error as RpcError, ErrorCode, Result as RpcResult};
use tower_lsp_server::lsp_types::*;

use crate::lsp::session::Session;

pub(in crate::lsp) async fn diagnostic(
    session: &Session,
    params: DocumentDiagnosticParams,
) -> RpcResult<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let enc = session.encoding();
    // A newer edit may land while we analyse: then it is analysed in turn (a few times at most), so
    // a pull never answers "no findings" for a document that has some.
    let items = match session.fresh_analysis(&uri).await {
        Some(a) => a.diagnostics(enc),
        // Only open documents are analysed: one that is not open (or was just closed) has none.
        None if !session.docs.contains_key(&uri) => Vec::new(),
        None => {
            let mut e = RpcError::new(ErrorCode::ServerError(-32802));
            e.message = "document changed during analysis; pull again".into();
            return Err(e);
        }
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
