//! `textDocument/completion` and `completionItem/resolve`: names from the schema that complete the
//! token at the cursor; their documentation is filled in on resolve.
use serde_json::Value;
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::*;

use super::guarded;
use crate::lsp::features;
use crate::lsp::session::Session;
use crate::schema::{self, Kind};

pub(in crate::lsp) async fn completion(
    session: &Session,
    params: CompletionParams,
) -> RpcResult<Option<CompletionResponse>> {
    let uri = params.text_document_position.text_document.uri;
    let pos = params.text_document_position.position;
    let trigger = match params.context.map(|c| c.trigger_kind) {
        Some(CompletionTriggerKind::TRIGGER_CHARACTER) => features::Trigger::Character,
        _ => features::Trigger::Invoked,
    };
    let Some((snapshot, enc, setup)) = session.request_context(&uri).await? else {
        return Ok(None);
    };
    guarded("completion", || {
        let at = snapshot.positions(enc);
        let offset = at.offset(pos);
        let (items, cut) = features::complete_as(
            &setup.schema,
            snapshot.text(),
            offset,
            trigger,
            &setup.settings.today,
        );
        if items.is_empty() {
            return None;
        }
        let items = items
            .into_iter()
            .map(|c| CompletionItem {
                label: c.label.clone(),
                kind: Some(completion_kind(c.kind)),
                detail: Some(c.detail),
                sort_text: Some(c.sort),
                tags: c.deprecated.then(|| vec![CompletionItemTag::DEPRECATED]),
                // No filterText: the server has filtered (case-insensitively), and clients that
                // filter by a filterText's prefix (Neovim's) would drop `DynamoDB` for `dyn`.
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: at.range(&c.replace),
                    new_text: c.label.clone(),
                })),
                data: Some(serde_json::json!({ "kind": c.kind.as_str(), "name": c.label })),
                ..Default::default()
            })
            .collect();
        Some(CompletionResponse::List(CompletionList {
            is_incomplete: cut,
            items,
        }))
    })
}

pub(in crate::lsp) async fn resolve(mut item: CompletionItem) -> RpcResult<CompletionItem> {
    let schema = schema::embedded();
    let name = item
        .data
        .as_ref()
        .and_then(|d| d.get("name"))
        .and_then(Value::as_str)
        .unwrap_or(&item.label)
        .to_string();
    let doc = guarded("completion documentation", || {
        crate::explain::find(&schema, name.trim_end_matches("::"))
            .first()
            .map(crate::explain::markdown)
    })?;
    if let Some(md) = doc {
        item.documentation = Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }));
    }
    Ok(item)
}

fn completion_kind(k: Kind) -> CompletionItemKind {
    match k {
        Kind::Header | Kind::EnvVar => CompletionItemKind::CONSTANT,
        Kind::ErrorCode => CompletionItemKind::EVENT,
        Kind::ServiceName => CompletionItemKind::MODULE,
        Kind::IamService => CompletionItemKind::FUNCTION,
        Kind::CfnIntrinsic => CompletionItemKind::FUNCTION,
        Kind::CfnResourceType => CompletionItemKind::CLASS,
        Kind::CodedeployConfig | Kind::Region => CompletionItemKind::ENUM_MEMBER,
        Kind::LambdaRuntime => CompletionItemKind::ENUM_MEMBER,
        _ => CompletionItemKind::VALUE,
    }
}
