//! One file per LSP feature. Each handler reads the [`Session`](super::session::Session), converts
//! positions at the edges (`convert`) and leaves the answer itself to `features`, `engine` or `explain`.
//! Request handlers run their computation under [`guarded`], so a bug answers one request with an error
//! instead of taking the server down.
use std::panic::AssertUnwindSafe;

use tower_lsp_server::jsonrpc::{Error as RpcError, Result as RpcResult};

pub(super) mod code_action;
pub(super) mod completion;
pub(super) mod configuration;
pub(super) mod diagnostic;
pub(super) mod document_link;
pub(super) mod hover;
pub(super) mod inlay_hint;
pub(super) mod text_sync;

/// Runs a request handler, turning a panic into an error reply (the server keeps running).
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> RpcResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        // The panic hook has printed where; this line says which request (stderr is the editor's log).
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("awsnotes: internal error while computing {what}: {why}");
        let mut e = RpcError::internal_error();
        e.message = format!("awsnotes: internal error while computing {what}").into();
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No panic reaches the client: a handler that panics becomes an Internal error reply (the
    /// server's loop never sees the panic), and the next call works.
    #[test]
    fn a_panicking_handler_becomes_an_error_reply() {
        let r: RpcResult<u32> = guarded("hover", || panic!("boom"));
        let e = r.unwrap_err();
        assert_eq!(e.code, tower_lsp_server::jsonrpc::ErrorCode::InternalError);
        assert_eq!(e.message, "awsnotes: internal error while computing hover");
        assert_eq!(guarded("hover", || 7).unwrap(), 7);
    }
}
