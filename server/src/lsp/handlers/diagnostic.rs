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
    // A newer edit may land while we analyse: then analyse again (a few times at most), so a pull
    // never answers "no findings" for a document that has some.
    let mut items = None;
    for _ in 0..5 {
        if let Some(a) = session.current_analysis(&uri) {
            items = Some(a.diagnostics(enc));
            break;
        }
        let Some(generation) = session.docs.get(&uri).map(|d| d.generation) else {
            // Only open documents are analysed: one that is not open (or was just closed) has none.
            items = Some(Vec::new());
            break;
        };
        if let Some(d) = session.analyse_and_publish(uri.clone(), generation).await {
            items = Some(d);
            break;
        }
    }
    let Some(items) = items else {
        let mut e = RpcError::new(ErrorCode::ServerError(-32802));
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
