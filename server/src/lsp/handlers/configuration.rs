//! The editor's settings: `initializationOptions`, `workspace/configuration` (pulled after
//! `initialized` and on `didChangeConfiguration` when the client supports it), pushed
//! `didChangeConfiguration`, and `didChangeWatchedFiles` for `.awsnotes.toml` and schema files. Any
//! change re-resolves every setup and re-analyses every open document.
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use tower_lsp_server::lsp_types::*;

use crate::engine::Severity;
use crate::lsp::session::{Session, DEFAULT_DEBOUNCE};
use crate::lsp::workspace_notes::is_note_event;
use crate::rules;
use crate::workspace::EditorSettings;

/// Settings that come from the editor (initializationOptions / didChangeConfiguration).
#[derive(Debug, Clone)]
pub(in crate::lsp) struct ClientSettings {
    /// Rule levels, words and schema files: handed to the workspace, under `.awsnotes.toml`.
    pub editor: EditorSettings,
    /// How long to wait after a change before analysing.
    pub debounce: Duration,
    /// Whether to answer `textDocument/inlayHint` (`inlayHints.enable`; off by default).
    pub inlay_hints: bool,
    /// Whether to publish the findings of notes that are not open (`workspaceDiagnostics`; off by
    /// default, see `lsp::workspace_notes`).
    pub workspace_diagnostics: bool,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            editor: EditorSettings::default(),
            debounce: DEFAULT_DEBOUNCE,
            inlay_hints: false,
            workspace_diagnostics: false,
        }
    }
}

impl ClientSettings {
    /// Reads `{rules: {id: level}, words: [..], schema: [..], debounceMs: n, inlayHints: {enable: b},
    /// workspaceDiagnostics: b}` (`inlayHints: b` too), also nested under
    /// `awsnotes`. Unknown rules and bad levels are reported, not fatal; keys absent keep their
    /// `previous` value.
    pub fn parse(v: &Value, previous: &ClientSettings) -> (ClientSettings, Vec<String>) {
        let v = v.get("awsnotes").unwrap_or(v);
        let mut s = previous.clone();
        let mut problems = Vec::new();
        if let Some(rules_obj) = v.get("rules").and_then(Value::as_object) {
            s.editor.levels.clear();
            for (id, level) in rules_obj {
                if rules::by_id(id).is_none() {
                    problems.push(format!("unknown rule `{id}` in settings"));
                    continue;
                }
                match level.as_str().map(Severity::parse_level) {
                    Some(Ok(l)) => {
                        s.editor.levels.insert(id.clone(), l);
                    }
                    Some(Err(e)) => problems.push(format!("rule `{id}`: {e}")),
                    None => problems.push(format!("rule `{id}`: level must be a string")),
                }
            }
        }
        if let Some(words) = v.get("words").and_then(Value::as_array) {
            s.editor.words = words
                .iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect();
        }
        if let Some(files) = v.get("schema").and_then(Value::as_array) {
            s.editor.schema_files = files
                .iter()
                .filter_map(|w| w.as_str().map(PathBuf::from))
                .collect();
        }
        if let Some(ms) = v.get("debounceMs").and_then(Value::as_u64) {
            s.debounce = Duration::from_millis(ms.min(5_000));
        }
        match v.get("inlayHints") {
            Some(Value::Bool(on)) => s.inlay_hints = *on,
            Some(o) => {
                if let Some(on) = o.get("enable").and_then(Value::as_bool) {
                    s.inlay_hints = on;
                }
            }
            None => {}
        }
        if let Some(on) = v.get("workspaceDiagnostics").and_then(Value::as_bool) {
            s.workspace_diagnostics = on;
        }
        (s, problems)
    }
}

/// Applies settings from the client (reporting problems as warnings); the workspace drops its setups.
pub(in crate::lsp) async fn apply_settings(session: &Session, value: &Value) {
    let previous = session.client_settings.read().unwrap().clone();
    let (settings, problems) = ClientSettings::parse(value, &previous);
    let hints_changed = settings.inlay_hints != previous.inlay_hints;
    session
        .workspace
        .set_editor_settings(settings.editor.clone());
    *session.client_settings.write().unwrap() = settings;
    if hints_changed && session.negotiated.read().unwrap().refresh_inlay_hints {
        // The client shows hints it asked for before: it asks again (spawned: the client may
        // answer only after this notification's handler returns).
        let client = session.client.clone();
        tokio::spawn(async move {
            let _ = client.inlay_hint_refresh().await;
        });
    }
    for p in problems {
        session
            .client
            .show_message(MessageType::WARNING, format!("awsnotes: {p}"))
            .await;
    }
}

/// Asks the client for the `awsnotes` section and applies it; returns whether settings came back.
async fn pull_configuration(session: &Session) -> bool {
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some("awsnotes".into()),
    };
    match session.client.configuration(vec![item]).await {
        Ok(values) => match values.into_iter().next().filter(Value::is_object) {
            Some(v) => {
                apply_settings(session, &v).await;
                true
            }
            None => false,
        },
        Err(_) => false,
    }
}

/// After `initialize`: watch configuration and schema files, and pull the settings.
pub(in crate::lsp) async fn initialized(session: &Session) {
    let (watch, configuration) = {
        let n = session.negotiated.read().unwrap();
        (n.watch_files, n.configuration)
    };
    if watch {
        let options = DidChangeWatchedFilesRegistrationOptions {
            // Notes too, for workspace diagnostics (their events never re-check open documents).
            watchers: ["**/.awsnotes.toml", "**/*.json", "**/*.md", "**/*.markdown"]
                .iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect(),
        };
        let reg = Registration {
            id: "awsnotes-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let _ = session.client.register_capability(vec![reg]).await;
    }
    if configuration && pull_configuration(session).await {
        session.recheck_all().await; // scans the workspace too
    } else {
        session.scan_workspace();
    }
    session.watch_setups();
}

pub(in crate::lsp) async fn did_change_configuration(
    session: &Session,
    params: DidChangeConfigurationParams,
) {
    let configuration = session.negotiated.read().unwrap().configuration;
    if params.settings.as_object().is_some_and(|o| !o.is_empty()) {
        apply_settings(session, &params.settings).await;
    } else if configuration {
        pull_configuration(session).await;
    }
    session.recheck_all().await;
}

/// A configuration or schema file changed: everything is checked again. Only notes changed: those
/// notes' workspace diagnostics are refreshed (open documents are not affected).
pub(in crate::lsp) async fn did_change_watched_files(
    session: &Session,
    params: DidChangeWatchedFilesParams,
) {
    if !params.changes.is_empty() && params.changes.iter().all(is_note_event) {
        session.notes_changed(&params.changes).await;
    } else {
        session.recheck_all().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlay_hints_are_off_until_enabled_and_keep_their_value() {
        let off = ClientSettings::default();
        assert!(!off.inlay_hints);
        let (on, problems) = ClientSettings::parse(
            &serde_json::json!({"awsnotes": {"inlayHints": {"enable": true}}}),
            &off,
        );
        assert!(on.inlay_hints && problems.is_empty());
        let (still, _) = ClientSettings::parse(&serde_json::json!({"words": ["x"]}), &on);
        assert!(still.inlay_hints);
        let (flat, _) = ClientSettings::parse(&serde_json::json!({"inlayHints": false}), &on);
        assert!(!flat.inlay_hints);
        let (slow, _) = ClientSettings::parse(&serde_json::json!({"debounceMs": 400}), &off);
        assert_eq!(slow.debounce, Duration::from_millis(400));
    }

    #[test]
    fn workspace_diagnostics_are_off_until_enabled_and_keep_their_value() {
        let off = ClientSettings::default();
        assert!(!off.workspace_diagnostics);
        let (on, problems) = ClientSettings::parse(
            &serde_json::json!({"awsnotes": {"workspaceDiagnostics": true}}),
            &off,
        );
        assert!(on.workspace_diagnostics && problems.is_empty());
        let (still, _) = ClientSettings::parse(&serde_json::json!({"debounceMs": 10}), &on);
        assert!(still.workspace_diagnostics);
        let (again, _) =
            ClientSettings::parse(&serde_json::json!({"workspaceDiagnostics": false}), &on);
        assert!(!again.workspace_diagnostics);
    }
}
