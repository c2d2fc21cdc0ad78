//! `textDocument/inlayHint` (opt-in: the `inlayHints.enable` setting, off by default): after an error
//! code its HTTP status, after an outdated limit the current value, after a retired service its
//! successor. Answered from the current text, like code actions.
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::{InlayHint, InlayHintLabel, InlayHintParams};

use super::guarded;
use crate::lsp::features;
use crate::lsp::session::Session;

pub(in crate::lsp) async fn inlay_hint(
    session: &Session,
    params: InlayHintParams,
) -> RpcResult<Option<Vec<InlayHint>>> {
    let uri = params.text_document.uri;
    // After the messages before this one (a settings change included): `fresh_analysis` waits for them.
    let Some(analysis) = session.fresh_findings(&uri).await else {
        return Ok(None);
    };
    if !session.client_settings.read().unwrap().inlay_hints {
        return Ok(None);
    }
    let Ok(setup) = session.setup_for(&uri).await else {
        return Ok(None);
    };
    let enc = session.encoding();
    guarded("inlay hints", || {
        let at = analysis.positions(enc);
        let (lo, hi) = (at.offset(params.range.start), at.offset(params.range.end));
        let hints = features::inlay_hints(&setup.schema, &analysis.text, &analysis.findings)
            .into_iter()
            .filter(|(offset, _)| lo <= *offset && *offset <= hi)
            .map(|(offset, label)| InlayHint {
                position: at.position(offset),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Some(hints)
    })
}
