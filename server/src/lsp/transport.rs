//! A forgiving stdio transport in front of tower-lsp-server.
//!
//! tower-lsp-server's framed reader stops for good at the first undecodable message, which would turn one
//! bad byte from a client into a dead server. This layer reads the client's messages itself: a body that
//! is not JSON gets a `Parse error` reply (id null, per JSON-RPC), headers without a usable
//! `Content-Length` are skipped, and everything valid is passed on. Responses from the server and the
//! error replies share one writer, so they never interleave.
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Larger messages are refused (read and discarded) rather than buffered.
const MAX_MESSAGE: usize = 256 * 1024 * 1024;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads one message body; `Ok(None)` at end of input. Malformed headers are skipped.
async fn read_message<R: AsyncRead + Unpin>(
    r: &mut BufReader<R>,
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    loop {
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            if r.read_until(b'\n', &mut line).await? == 0 {
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
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse().ok();
                }
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
        let mut body = vec![0; len];
        r.read_exact(&mut body).await?;
        return Ok(Some(Ok(body)));
    }
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
    loop {
        match read_message(&mut r).await {
            Ok(Some(Ok(body))) => {
                if let Some(v) = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .filter(|v| v.is_object())
                {
                    let body = normalize(v)
                        .map(|v| v.to_string().into_bytes())
                        .unwrap_or(body);
                    if server_in.write_all(&frame(&body)).await.is_err() {
                        break;
                    }
                    let _ = server_in.flush().await;
                } else {
                    let reply = serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": "Parse error: the message body is not a JSON-RPC object"}});
                    let _ = tx.send(frame(reply.to_string().as_bytes())).await;
                }
            }
            Ok(Some(Err(msg))) => {
                let reply = serde_json::json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32600, "message": msg}});
                let _ = tx.send(frame(reply.to_string().as_bytes())).await;
            }
            Ok(None) | Err(_) => break,
        }
    }
    // End of client input: close the server's input so it shuts down, then drain its output.
    drop(server_in);
    let _ = from_server.await;
    drop(tx);
    let _ = writer.await;
}
