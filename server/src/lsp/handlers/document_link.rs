//! `textDocument/documentLink`: names with an AWS documentation page become links to it.
use tower_lsp_server::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp_server::lsp_types::{DocumentLink, DocumentLinkParams};

use super::guarded;
use crate::lsp::convert::Positions;
use crate::lsp::session::Session;
use crate::lsp::{features, MAX_DOCUMENT_BYTES};

pub(in crate::lsp) async fn document_link(
    session: &Session,
    params: DocumentLinkParams,
) -> RpcResult<Option<Vec<DocumentLink>>> {
    let uri = params.text_document.uri;
    let Some(doc) = session.document(&uri) else {
        return Ok(None);
    };
    if doc.rope.len_bytes() > MAX_DOCUMENT_BYTES {
        return Ok(None);
    }
    let enc = session.encoding();
    let setup = session
        .setup_for(&uri)
        .await
        .map_err(RpcError::invalid_params)?;
    guarded("document links", || {
        let text = doc.text();
        let at = Positions::new(&text, enc);
        let links: Vec<DocumentLink> = features::links(&setup.schema, &text)
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
