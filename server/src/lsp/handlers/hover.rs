//! `textDocument/hover`: what the schema knows about the name under the cursor, and the finding there.
use tower_lsp_server::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp_server::lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::guarded;
use crate::lsp::convert::Positions;
use crate::lsp::features;
use crate::lsp::session::Session;

pub(in crate::lsp) async fn hover(
    session: &Session,
    params: HoverParams,
) -> RpcResult<Option<Hover>> {
    let uri = params.text_document_position_params.text_document.uri;
    let pos = params.text_document_position_params.position;
    let Some(doc) = session.document(&uri) else {
        return Ok(None);
    };
    let enc = session.encoding();
    let analysis = session.current_analysis(&uri);
    let setup = session
        .setup_for(&uri)
        .await
        .map_err(RpcError::invalid_params)?;
    guarded("hover", || {
        let text = doc.text();
        let at = Positions::new(&text, enc);
        let offset = at.offset(pos);
        let findings = analysis
            .as_ref()
            .map(|a| a.findings.as_slice())
            .unwrap_or(&[]);
        features::hover(&setup.schema, &text, findings, offset).map(|(md, range)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }),
            range: Some(at.range(&range)),
        })
    })
}
