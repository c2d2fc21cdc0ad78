//! A minimal LSP client over the real binary's stdio, shared by the LSP end-to-end tests. Every wait has
//! a deadline, so a server that hangs fails the test instead of blocking the run.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any single wait lasts before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(20);

pub struct Client {
    pub child: Child,
    /// `None` once closed with [`Client::close_stdin`].
    pub stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received while waiting for something else.
    pub backlog: Vec<Value>,
}

pub fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

/// The binary under test: this build's, or another one named by `AWSNOTES_TEST_BIN` (to run the suite
/// against an older build).
pub fn binary() -> std::ffi::OsString {
    std::env::var_os("AWSNOTES_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_awsnotes").into())
}

impl Client {
    pub fn start(dir: &std::path::Path) -> Client {
        Client::start_pausable(dir).0
    }

    /// Starts the server; while the returned flag is set, its output is not read (after the message
    /// being read when it was set), so a test can let the server's output back up.
    pub fn start_pausable(dir: &std::path::Path) -> (Client, Arc<AtomicBool>) {
        Client::start_with_env(dir, &[])
    }

    /// [`Client::start_pausable`] with these environment variables set for the server.
    pub fn start_with_env(
        dir: &std::path::Path,
        env: &[(&str, &str)],
    ) -> (Client, Arc<AtomicBool>) {
        let mut child = Command::new(binary())
            .arg("lsp")
            .current_dir(dir)
            .env("AWSNOTES_TODAY", "2026-11-26")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        let paused = Arc::new(AtomicBool::new(false));
        let pause = paused.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                while pause.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                let Some(v) = read_message(&mut r) else { break };
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        (
            Client {
                child,
                stdin: Some(stdin),
                rx,
                next_id: 1,
                backlog: Vec::new(),
            },
            paused,
        )
    }

    pub fn stdin(&mut self) -> &mut ChildStdin {
        self.stdin.as_mut().expect("stdin is open")
    }

    /// Writes bytes as they are, no framing.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send_raw(&mut self, body: &str) {
        let framed = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.send_bytes(framed.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send_raw(&json!({"jsonrpc": "2.0", "method": method, "params": params}).to_string());
    }

    /// Sends a request and returns its id without waiting for the reply.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string(),
        );
        id
    }

    /// The reply to request `id`.
    pub fn reply(&mut self, id: i64) -> Value {
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.reply(id)
    }

    /// Waits ([`DEADLINE`] at most) for a message matching `pred`; answers server-to-client requests.
    pub fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next_message(left) {
                Ok(m) => {
                    if pred(&m) {
                        return m;
                    }
                    self.backlog.push(m);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("timed out; received: {:#?}", self.backlog)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server exited; received: {:#?}", self.backlog)
                }
            }
        }
    }

    fn next_message(&mut self, timeout: Duration) -> Result<Value, RecvTimeoutError> {
        let m = self.rx.recv_timeout(timeout)?;
        if m.get("id").is_some() && m.get("method").is_some() {
            // A request from the server (registerCapability, configuration): answer null.
            let id = m["id"].clone();
            self.send_raw(&json!({"jsonrpc": "2.0", "id": id, "result": null}).to_string());
        }
        Ok(m)
    }

    /// Everything the server sends during `window` (plus what was already waiting), for checking that
    /// something was *not* sent. The backlog is emptied.
    pub fn collect_for(&mut self, window: Duration) -> Vec<Value> {
        let mut out = std::mem::take(&mut self.backlog);
        let until = Instant::now() + window;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return out;
            }
            match self.next_message(left) {
                Ok(m) => out.push(m),
                Err(_) => return out,
            }
        }
    }

    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    pub fn initialize(&mut self, utf8: bool, init_options: Value) -> Value {
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let r = self.request(
            "initialize",
            json!({
                "processId": null, "rootUri": null,
                "capabilities": {"general": {"positionEncodings": encodings}},
                "initializationOptions": init_options,
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.open_version(uri, text, 1);
    }

    pub fn open_version(&mut self, uri: &str, text: &str, version: i64) {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}));
    }

    /// Closes the server's standard input.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits ([`DEADLINE`] at most) for the server to exit.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "the server did not exit within {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` is answered with null, `exit` ends the process with status 0.
    pub fn shutdown_and_exit(&mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let status = self.wait_exit();
        assert_eq!(status.code(), Some(0));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const URI: &str = "file:///tmp/awsnotes-lsp-test/note.md";

/// A server initialised with analysis right after each change (no debounce).
pub fn started(utf8: bool) -> Client {
    let dir = std::env::temp_dir();
    let mut c = Client::start(&dir);
    c.initialize(utf8, json!({"debounceMs": 0}));
    c
}
