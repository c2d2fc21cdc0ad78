//! `textDocument/hover`: what the schema knows about the name under the cursor, and the finding there.
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::guarded;
use crate::lsp::features;
use crate::lsp::session::Session;

pub(in crate::lsp) async fn hover(
    session: &Session,
    params: HoverParams,
) -> RpcResult<Option<Hover>> {
    let uri = params.text_document_position_params.text_document.uri;
    let pos = params.text_document_position_params.position;
    let Some((snapshot, enc, setup)) = session.request_context(&uri).await? else {
        return Ok(None);
    };
    guarded("hover", || {
        let at = snapshot.positions(enc);
        let offset = at.offset(pos);
        features::hover(&setup.schema, snapshot.text(), snapshot.findings(), offset).map(
            |(md, range)| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: md,
                }),
                range: Some(at.range(&range)),
            },
        )
    })
}
