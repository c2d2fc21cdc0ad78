//! A forgiving stdio transport in front of tower-lsp-server.
//!
//! tower-lsp-server's framed reader stops for good at the first undecodable message, which would turn one
//! bad byte from a client into a dead server. This layer reads the client's messages itself: a body that
//! is not JSON gets a `Parse error` reply (id null, per JSON-RPC), headers without a usable
//! `Content-Length` are skipped, and everything valid is passed on. Responses from the server and the
//! error replies share one writer, so they never interleave.
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc;

/// Larger messages are refused (read and discarded) rather than buffered.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

pub(crate) fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The most one read of a body asks of the input. tokio's stdin reads on a blocking thread into a
/// buffer the size of the request and keeps that buffer: read whole, the 620 KB `didOpen` of a long
/// note kept 620 KB resident for the rest of the session.
const BODY_READ: usize = 64 * 1024;

/// Header lines longer than this are not headers: the rest of the line is discarded unread into memory.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// Reads one line (up to `\n`) into `line`, keeping at most `MAX_HEADER_LINE` bytes of it.
/// Returns the number of bytes consumed (0 at end of input).
async fn read_header_line<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
    line: &mut Vec<u8>,
) -> std::io::Result<usize> {
    line.clear();
    let mut consumed = 0;
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok(consumed);
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&buf[..take.min(room)]);
        r.consume(take);
        consumed += take;
        if done {
            return Ok(consumed);
        }
    }
}

/// Reads one message body; `Ok(None)` at end of input. Malformed headers are skipped; a message larger
/// than `MAX_MESSAGE` is read and discarded. The body buffer grows as bytes arrive, so a header that
/// announces a huge length without sending it costs no memory.
pub(crate) async fn read_message<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut line = Vec::new();
    loop {
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        loop {
            if read_header_line(r, &mut line).await? == 0 {
                return Ok(None);
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            // Anywhere in the line, not only at its start: after a frame whose Content-Length was wrong,
            // the leftover bytes run into the next header (`…}Content-Length: 52`). Finding the header
            // there resynchronises on the next message instead of losing every later one.
            if let Some(at) = find_ignore_ascii_case(text, "content-length:") {
                len = text[at + "content-length:".len()..].trim().parse().ok();
            }
        }
        let Some(len) = len else { continue };
        if len > MAX_MESSAGE {
            let mut sink = (&mut *r).take(len as u64);
            tokio::io::copy(&mut sink, &mut tokio::io::sink()).await?;
            return Ok(Some(Err(format!(
                "message of {len} bytes is larger than {MAX_MESSAGE}"
            ))));
        }
        let mut body = Vec::with_capacity(len.min(1 << 20));
        while body.len() < len {
            let start = body.len();
            body.resize(start + (len - start).min(BODY_READ), 0);
            let n = r.read(&mut body[start..]).await?;
            body.truncate(start + n);
            if n == 0 {
                // The input ended inside the body: nothing more will come.
                return Ok(None);
            }
        }
        return Ok(Some(Ok(body)));
    }
}

fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

// The lifecycle as the client drove it, for the exit status (one server per process).
static SHUTDOWN_REQUESTED: AtomicBool = AtomicBool::new(false);
static EXIT_WITHOUT_SHUTDOWN: AtomicBool = AtomicBool::new(false);

/// The process exit status the specification asks for: 1 when the client sent `exit` without a
/// `shutdown` request before it, else 0 (also when the client simply went away).
pub(crate) fn exit_status() -> u8 {
    u8::from(EXIT_WITHOUT_SHUTDOWN.load(Ordering::Relaxed))
}

/// What to do with one message body from the client.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Routed {
    /// Pass this (framed) message on to the server.
    ToServer(Vec<u8>),
    /// Answer the client with this (framed) error reply; the server never sees the message.
    ToClient(Vec<u8>),
}

/// Routes one decoded client message (or a decoding error) to the server or straight back.
///
/// Only what tower-lsp-server can decode reaches it: its reader stops for good at anything else, so a
/// body that is JSON but not a JSON-RPC 2.0 request, notification or response is answered here with
/// Invalid Request (-32600), and so is a `$/` request carrying an id, which tower-lsp-server would drop
/// without the Method Not Found reply the specification asks for.
pub(crate) fn route(message: Result<Vec<u8>, String>) -> Routed {
    let body = match message {
        Ok(body) => body,
        Err(msg) => return Routed::ToClient(error_reply(Value::Null, -32600, &msg)),
    };
    let Some(v) = serde_json::from_slice::<Value>(&body)
        .ok()
        .filter(Value::is_object)
    else {
        return Routed::ToClient(error_reply(
            Value::Null,
            -32700,
            "Parse error: the message body is not a JSON-RPC object",
        ));
    };
    // A JSON-RPC id: absent, null, a string or an integer (what tower-lsp-server's `Id` reads).
    let id_valid = match v.get("id") {
        None | Some(Value::Null) | Some(Value::String(_)) => true,
        Some(Value::Number(n)) => n.is_i64(),
        Some(_) => false,
    };
    // The id to answer with.
    let id = match v.get("id") {
        Some(id) if id_valid => id.clone(),
        _ => Value::Null,
    };
    let decodable = if v.get("method").is_some_and(Value::is_string) {
        // What tower-lsp-server's `Request` accepts, checked in place: every keystroke's didChange passes
        // here, so its params (possibly the whole document) are not copied to find out.
        v.get("jsonrpc").and_then(Value::as_str) == Some("2.0") && id_valid
    } else {
        // Responses (to the server's own requests) are rare and small: let the real type decide.
        jsonrpc::Response::deserialize(&v).is_ok()
    };
    if !decodable {
        return Routed::ToClient(error_reply(
            id,
            -32600,
            "Invalid Request: not a JSON-RPC 2.0 request, notification or response",
        ));
    }
    if let Some(method) = v["method"].as_str() {
        match method {
            "shutdown" if v.get("id").is_some() => {
                SHUTDOWN_REQUESTED.store(true, Ordering::Relaxed)
            }
            "exit" if !SHUTDOWN_REQUESTED.load(Ordering::Relaxed) => {
                EXIT_WITHOUT_SHUTDOWN.store(true, Ordering::Relaxed)
            }
            _ => {}
        }
        if method.starts_with("$/") && v.get("id").is_some() {
            return Routed::ToClient(error_reply(
                id,
                -32601,
                &format!("Method not found: {method}"),
            ));
        }
    }
    let body = normalize(v)
        .map(|v| v.to_string().into_bytes())
        .unwrap_or(body);
    Routed::ToServer(frame(&body))
}

fn error_reply(id: Value, code: i64, message: &str) -> Vec<u8> {
    let reply = serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(reply.to_string().as_bytes())
}

/// Fixes known spelling gaps between clients and the protocol types before the server sees a message.
/// lsp-types reads the diagnostic refresh capability at `workspace.diagnostic`, while the specification
/// (and VS Code) send `workspace.diagnostics`: copy it across so the refresh support is seen.
fn normalize(mut v: serde_json::Value) -> Option<serde_json::Value> {
    if v.get("method")?.as_str()? != "initialize" {
        return None;
    }
    let ws = v
        .get_mut("params")?
        .get_mut("capabilities")?
        .get_mut("workspace")?
        .as_object_mut()?;
    let plural = ws.get("diagnostics")?.clone();
    ws.entry("diagnostic").or_insert(plural);
    Some(v)
}

/// Copies client → server, answering undecodable messages; copies server → client. Returns when the
/// client's input ends and the server has finished writing.
pub async fn proxy<CI, CO, SI, SO>(client_in: CI, client_out: CO, server_in: SI, server_out: SO)
where
    CI: AsyncRead + Unpin + Send + 'static,
    CO: AsyncWrite + Unpin + Send + 'static,
    SI: AsyncWrite + Unpin + Send + 'static,
    SO: AsyncRead + Unpin + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Vec<u8>>(64);
    let writer = tokio::spawn(async move {
        let mut out = client_out;
        while let Some(bytes) = rx.recv().await {
            if out.write_all(&bytes).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
    });
    let tx_server = tx.clone();
    let from_server = tokio::spawn(async move {
        let mut r = BufReader::new(server_out);
        while let Ok(Some(Ok(body))) = read_message(&mut r).await {
            if tx_server.send(frame(&body)).await.is_err() {
                break;
            }
        }
    });
    let mut server_in = server_in;
    let mut r = BufReader::new(client_in);
    while let Ok(Some(message)) = read_message(&mut r).await {
        match route(message) {
            Routed::ToServer(bytes) => {
                if server_in.write_all(&bytes).await.is_err() {
                    break;
                }
                let _ = server_in.flush().await;
            }
            Routed::ToClient(bytes) => {
                let _ = tx.send(bytes).await;
            }
        }
    }
    // End of client input: close the server's input so it shuts down, then drain its output.
    drop(server_in);
    let _ = from_server.await;
    drop(tx);
    let _ = writer.await;
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use tokio::io::{AsyncRead, BufReader, ReadBuf};

    use super::*;

    /// Serves `data` and records the largest read asked of it.
    struct Recording {
        data: Vec<u8>,
        at: usize,
        largest_request: usize,
    }

    impl AsyncRead for Recording {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<std::io::Result<()>> {
            self.largest_request = self.largest_request.max(buf.remaining());
            let n = buf.remaining().min(self.data.len() - self.at);
            let at = self.at;
            buf.put_slice(&self.data[at..at + n]);
            self.at += n;
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn a_long_body_is_read_whole_in_bounded_reads() {
        let body: Vec<u8> = (0..700_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let mut data = frame(&body);
        data.extend_from_slice(&frame(b"{}"));
        let mut r = BufReader::new(Recording {
            data,
            at: 0,
            largest_request: 0,
        });
        assert_eq!(read_message(&mut r).await.unwrap(), Some(Ok(body)));
        assert_eq!(
            read_message(&mut r).await.unwrap(),
            Some(Ok(b"{}".to_vec()))
        );
        assert_eq!(read_message(&mut r).await.unwrap(), None);
        assert!(r.get_ref().largest_request <= BODY_READ);
    }

    #[tokio::test]
    async fn input_that_ends_inside_a_body_is_the_end() {
        let mut data = frame(&[b'x'; 100_000]);
        data.truncate(90_000);
        let mut r = BufReader::new(Recording {
            data,
            at: 0,
            largest_request: 0,
        });
        assert_eq!(read_message(&mut r).await.unwrap(), None);
    }
}
