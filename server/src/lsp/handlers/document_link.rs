//! `textDocument/documentLink`: names with an AWS documentation page become links to it.
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::{DocumentLink, DocumentLinkParams};

use super::guarded;
use crate::lsp::session::Session;
use crate::lsp::{features, MAX_DOCUMENT_BYTES};

pub(in crate::lsp) async fn document_link(
    session: &Session,
    params: DocumentLinkParams,
) -> RpcResult<Option<Vec<DocumentLink>>> {
    let uri = params.text_document.uri;
    // Too large documents get no links (and their text is not copied).
    match session.document_len(&uri) {
        Some(len) if len <= MAX_DOCUMENT_BYTES => {}
        _ => return Ok(None),
    }
    let Some((snapshot, enc, setup)) = session.request_context(&uri).await? else {
        return Ok(None);
    };
    guarded("document links", || {
        let at = snapshot.positions(enc);
        let links: Vec<DocumentLink> = features::links(&setup.schema, snapshot.text())
            .into_iter()
            .filter_map(|(r, url)| {
                Some(DocumentLink {
                    range: at.range(&r),
                    target: Some(url.parse().ok()?),
                    tooltip: Some("AWS documentation".into()),
                    data: None,
                })
            })
            .collect();
        Some(links)
    })
}
