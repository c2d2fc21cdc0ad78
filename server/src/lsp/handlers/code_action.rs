//! `textDocument/codeAction`: for each finding in the range, its replacements, "disable on this line"
//! and "add to the workspace vocabulary"; and `source.fixAll.awsnotes`, every safe fix at once
//! (the fixes `--fix` applies; suggested ones, such as a newer runtime, stay quick fixes).
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::UriExt;

use super::guarded;
use crate::lsp::convert::{to_diagnostic, Positions};
use crate::lsp::document::Encoding;
use crate::lsp::session::Session;
use crate::markdown::{self, RegionKind};
use crate::workspace::Setup;

/// The code action kind of "fix everything".
pub(in crate::lsp) const FIX_ALL: &str = "source.fixAll.awsnotes";

pub(in crate::lsp) async fn code_action(
    session: &Session,
    params: CodeActionParams,
) -> RpcResult<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    // From the current text: right after an edit the published analysis is stale (it waits for the
    // debounce), and answering from it would offer nothing, or edits for text that is gone.
    let Some(analysis) = session.fresh_findings(&uri).await else {
        return Ok(None);
    };
    let enc = session.encoding();
    let (create_files, roots) = {
        let n = session.negotiated.read().unwrap();
        (n.create_files, n.roots.clone())
    };
    let setup = session.setup_for(&uri).await.ok();
    guarded("code actions", || {
        let text = &analysis.text;
        let findings = &analysis.findings;
        let at = analysis.positions(enc);
        let lo = at.offset(params.range.start);
        let hi = at.offset(params.range.end);
        let only = params.context.only.clone();
        let wants = |k: &CodeActionKind| {
            only.as_ref().is_none_or(|o| {
                o.iter().any(|w| {
                    k.as_str() == w.as_str() || k.as_str().starts_with(&format!("{}.", w.as_str()))
                })
            })
        };
        let mut actions: Vec<CodeActionOrCommand> = Vec::new();
        let regions = markdown::regions(text);
        for f in findings
            .iter()
            .filter(|f| f.range.start <= hi && lo <= f.range.end)
        {
            let diag = to_diagnostic(&at, f);
            if wants(&CodeActionKind::QUICKFIX) {
                for r in f.replacements.iter() {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Replace with `{r}`"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(edit_of(
                            &uri,
                            vec![TextEdit {
                                range: at.range(&f.range),
                                new_text: r.clone(),
                            }],
                        )),
                        // Preferred (applied by "auto fix") only when `--fix` would apply it too.
                        is_preferred: Some(f.safe_fix().is_some()),
                        ..Default::default()
                    }));
                }
                // Disable on this line: an inline comment, only where HTML comments are Markdown.
                let in_code = regions.iter().any(|r| {
                    r.kind == RegionKind::CodeBlock
                        && r.range.start <= f.range.start
                        && f.range.start < r.range.end
                });
                if !in_code {
                    let line_end = text[f.range.end..]
                        .find(['\n', '\r'])
                        .map_or(text.len(), |i| f.range.end + i);
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Disable {} on this line", f.rule),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(edit_of(
                            &uri,
                            vec![TextEdit {
                                range: at.range(&(line_end..line_end)),
                                new_text: format!(" <!-- awsnotes-disable-line {} -->", f.rule),
                            }],
                        )),
                        ..Default::default()
                    }));
                }
                if let Some(action) = vocabulary_action(
                    &uri,
                    &text[f.range.clone()],
                    &diag,
                    setup.as_deref(),
                    &roots,
                    create_files,
                ) {
                    actions.push(CodeActionOrCommand::CodeAction(action));
                }
            }
        }
        let fix_all = CodeActionKind::new(FIX_ALL);
        if params
            .context
            .only
            .as_ref()
            .is_some_and(|o| o.iter().any(|k| fix_all.as_str().starts_with(k.as_str())))
        {
            let (fixed, n) = crate::engine::apply_fixes(text, findings);
            if n > 0 {
                let whole = at.range(&(0..text.len()));
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Fix all awsnotes findings ({n})"),
                    kind: Some(fix_all),
                    edit: Some(edit_of(
                        &uri,
                        vec![TextEdit {
                            range: whole,
                            new_text: fixed,
                        }],
                    )),
                    ..Default::default()
                }));
            }
        }
        (!actions.is_empty()).then_some(actions)
    })
}

fn edit_of(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// "Add `word` to the workspace vocabulary": edits the governing `.awsnotes.toml`, or creates one at the
/// workspace root when the client can create files. A plain workspace edit: no client command needed.
fn vocabulary_action(
    uri: &Uri,
    word: &str,
    diag: &Diagnostic,
    setup: Option<&Setup>,
    roots: &[PathBuf],
    create_files: bool,
) -> Option<CodeAction> {
    if word.contains(['"', '\\', '\n']) || word.len() > 100 {
        return None;
    }
    let title = format!("Add `{word}` to the workspace vocabulary (.awsnotes.toml)");
    let existing = setup.and_then(|s| s.config.path.clone());
    let edit = match existing {
        Some(path) => {
            let text = std::fs::read_to_string(&path).ok()?;
            let target = Uri::from_file_path(&path)?;
            // UTF-16 columns, as before the split; `words = [` normally starts its line, where every
            // encoding counts the same.
            let at = Positions::new(&text, Encoding::Utf16);
            let edit = match text.find("words = [") {
                Some(i) => {
                    let after = i + "words = [".len();
                    let closing = text[after..].trim_start().starts_with(']');
                    TextEdit {
                        range: at.range(&(after..after)),
                        new_text: if closing {
                            format!("\"{word}\"")
                        } else {
                            format!("\"{word}\", ")
                        },
                    }
                }
                None => TextEdit {
                    range: at.range(&(0..0)),
                    new_text: format!("words = [\"{word}\"]\n"),
                },
            };
            WorkspaceEdit {
                changes: Some(HashMap::from([(target, vec![edit])])),
                ..Default::default()
            }
        }
        None => {
            if !create_files {
                return None;
            }
            let file = uri.to_file_path()?;
            let root = roots
                .iter()
                .find(|r| file.starts_with(r))
                .cloned()
                .or_else(|| file.parent().map(Path::to_path_buf))?;
            let target = Uri::from_file_path(root.join(crate::config::FILE_NAME))?;
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![
                    DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                        uri: target.clone(),
                        options: Some(CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    })),
                    DocumentChangeOperation::Edit(TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri: target,
                            version: None,
                        },
                        edits: vec![OneOf::Left(TextEdit {
                            range: Range::default(),
                            new_text: format!("words = [\"{word}\"]\n"),
                        })],
                    }),
                ])),
                ..Default::default()
            }
        }
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(edit),
        ..Default::default()
    })
}
