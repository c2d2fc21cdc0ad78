//! Fuzz harnesses: one function per target in `fuzz/fuzz_targets/`. They live in the library (not in the
//! fuzz crate) so that `tests/fuzz_regressions.rs` replays every seed and every input that once failed
//! on a stable toolchain, without libFuzzer. Each harness checks invariants, not just "no panic":
//! a failed `assert!` here is a bug, reported by the fuzzer as a crash.
//!
//! Not part of the public API.
use std::ops::Range;
use std::path::Path;

use tower_lsp_server::lsp_types::{Position, TextDocumentContentChangeEvent};

use crate::engine::{analyze, apply_fixes, Analyzer, Finding, Settings};
use crate::lines::{ColumnUnit, LineIndex};
use crate::lsp::document::{Document, Encoding};
use crate::schema::{self, Kind, Schema};

/// Fixed settings: a fuzz run must not depend on the day it runs.
fn settings() -> Settings {
    Settings {
        today: "2026-11-26".into(),
        ..Settings::default()
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Target `engine_bytes`: arbitrary bytes, decoded the way the language server receives them (lossy).
pub fn engine_bytes(data: &[u8]) {
    engine_text(&String::from_utf8_lossy(data));
}

/// Analyses `text` and checks what every consumer relies on:
/// - finding ranges lie inside the text on character boundaries, and round-trip through line/column
///   conversions (CLI) and LSP positions in UTF-8 and UTF-16;
/// - the chunk cache is invisible: an analyzer that saw an edited version first gives the same findings;
/// - fixes apply without overlapping and yield valid text.
pub fn engine_text(text: &str) {
    let schema = schema::embedded();
    let settings = settings();
    let fresh = analyze(text, &schema, &settings);
    check_findings(text, &fresh);

    // Warm an analyzer on a variant (middle third removed), then on the text itself.
    let (a, b) = (
        floor_boundary(text, text.len() / 3),
        floor_boundary(text, text.len() * 2 / 3),
    );
    let variant = format!("{}{}", &text[..a], &text[b..]);
    let mut analyzer = Analyzer::default();
    analyzer.analyze(&variant, &schema, &settings);
    let cached = analyzer.analyze(text, &schema, &settings);
    assert_eq!(cached, fresh, "cached analysis differs from a fresh one");

    let (fixed, applied) = apply_fixes(text, &fresh);
    assert!(applied <= fresh.len());
    if applied == 0 {
        assert_eq!(fixed, text);
    }
}

fn check_findings(text: &str, findings: &[Finding]) {
    let index = LineIndex::new(text);
    let doc = Document::new(text, 0);
    for f in findings {
        let Range { start, end } = f.range.clone();
        assert!(start <= end && end <= text.len(), "{f:?} out of bounds");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{f:?} splits a character"
        );
        assert!(!f.message.is_empty());
        for unit in [ColumnUnit::Bytes, ColumnUnit::Utf16, ColumnUnit::Chars] {
            for offset in [start, end] {
                let (line, col) = index.position(text, offset, unit);
                assert_eq!(index.offset(text, line, col, unit), offset, "{unit:?}");
            }
        }
        // LSP positions (lines also end at a lone `\r` there): round-trip unless the offset sits
        // inside a `\r\n` pair, which no position can name.
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for offset in [start, end] {
                let inside_crlf = offset > 0
                    && text.as_bytes()[offset - 1] == b'\r'
                    && text.as_bytes().get(offset) == Some(&b'\n');
                if !inside_crlf {
                    assert_eq!(doc.offset(doc.position(offset, enc), enc), offset);
                }
            }
        }
    }
}

/// Pieces edit sequences are built from: line breaks of every kind, multi-byte and astral characters,
/// Markdown syntax that changes how everything after it parses, and names rules react to.
const PIECES: &[&str] = &[
    "a",
    " ",
    "\n",
    "\r\n",
    "\r",
    "é",
    "😀",
    "中",
    "`",
    "```\n",
    "~~~",
    "#",
    "- ",
    "<!--",
    "-->",
    "DynamoDB",
    "Cloudfromation",
    "x-amz-",
    "s3:GetObjet",
    "\t",
    "[",
    "](",
    ")",
    "> ",
    "\u{200d}",
    "<!-- awsnotes-disable-next-line -->\n",
    "nodejs8.10",
    "20 seconds",
    "long polling",
    "*",
    "AWS::",
    "|",
];

/// Turns bytes into text made of `PIECES` (so random bytes make interesting text).
fn pieces(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| PIECES[b as usize % PIECES.len()])
        .collect()
}

/// A byte-reading cursor: the fuzzer's data decoded as a little program.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn bytes(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
    /// A position coordinate: mostly small, sometimes far past the end.
    fn coordinate(&mut self) -> u32 {
        match self.byte().unwrap_or(0) {
            250 => 1_000,
            251 => u32::MAX,
            252 => u32::MAX / 2,
            b => u32::from(b % 24),
        }
    }
}

/// Reference position resolution on a plain string, written independently of `Document` (which works
/// on a rope): lines end at `\n`, `\r\n` or `\r`; columns past a line's end clamp before its line break;
/// lines past the end clamp to the end of the text; a column inside a character resolves to its start.
fn reference_offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for _ in 0..pos.line {
        let rest = &bytes[line_start..];
        match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            None => return text.len(),
            Some(i) => {
                let brk = if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                line_start += i + brk;
            }
        }
    }
    let line_end = bytes[line_start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0usize;
    for (i, c) in text[line_start..line_end].char_indices() {
        let width = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > pos.character as usize {
            return line_start + i;
        }
        units += width;
    }
    line_end
}

/// Target `incremental_sync`: a sequence of didChange events, applied to a `Document` the way the server
/// applies them, must give exactly the text a full sync computes, and the server's per-document
/// analyzer (warm across edits) must agree with a fresh analysis of the final text.
///
/// Layout of `data`: encoding flag, initial text length, initial text pieces, then per edit: kind,
/// start line, start column, end line, end column, insert length, insert pieces.
pub fn incremental_sync(data: &[u8]) {
    let mut c = Cursor(data);
    let enc = if c.byte().unwrap_or(0) & 1 == 1 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let n = c.byte().unwrap_or(0) as usize;
    let mut full = pieces(c.bytes(n));
    let mut doc = Document::new(&full, 0);
    let schema = schema::embedded();
    let settings = settings();
    let mut analyzer = Analyzer::default();
    let mut edits = 0;
    while let Some(kind) = c.byte() {
        let start = Position::new(c.coordinate(), c.coordinate());
        let end = Position::new(c.coordinate(), c.coordinate());
        let n = c.byte().unwrap_or(0) as usize % 64;
        let insert = pieces(c.bytes(n));
        let change = if kind % 16 == 0 {
            full = insert.clone();
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: insert,
            }
        } else {
            let (mut a, mut b) = (
                reference_offset(&full, start, enc),
                reference_offset(&full, end, enc),
            );
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            full.replace_range(a..b, &insert);
            TextDocumentContentChangeEvent {
                range: Some(tower_lsp_server::lsp_types::Range { start, end }),
                range_length: None,
                text: insert,
            }
        };
        doc.apply(&change, enc);
        assert_eq!(doc.text(), full, "incremental text differs from full sync");
        edits += 1;
        if edits % 4 == 0 {
            analyzer.analyze(&doc.text(), &schema, &settings);
        }
    }
    let text = doc.text();
    assert_eq!(
        analyzer.analyze(&text, &schema, &settings),
        analyze(&text, &schema, &settings)
    );
}

/// Target `config`: the same bytes read as a project `.awsnotes.toml` and as a user schema file.
/// Errors are fine (they become messages); panics and inconsistent results are not. A schema that
/// loads is then used for lookups and an analysis, so odd names cannot break the rules later.
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match crate::config::Config::parse(Path::new("/project/.awsnotes.toml"), &text) {
        Ok(cfg) => {
            let _ = cfg.settings();
            for p in [
                "/project/a.md",
                "/project/docs/b.markdown",
                "/elsewhere/c.txt",
            ] {
                let _ = cfg.selects(Path::new(p));
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    if let Ok(schema) = Schema::from_files(&[("user.json", text.as_ref())]) {
        for e in schema.iter() {
            assert!(
                schema.get(e.kind, &e.name).is_some(),
                "{:?} not found",
                e.name
            );
            let _ = schema.get_ci(e.kind, &e.name);
            let _ = schema.nearest(e.kind, &e.name, 2);
            let _ = schema.lookup_any(&e.name);
            for found in crate::explain::find(&schema, &e.name) {
                let _ = crate::explain::markdown(&found);
                let _ = crate::explain::json(&found);
            }
            if let Some((prefix, _)) = e.name.split_once(':') {
                let _ = schema.iam(prefix);
            }
            let prefix: String = e.name.chars().take(3).collect();
            let _ = schema.with_prefix(e.kind, &prefix).count();
        }
        for kind in [
            Kind::Service,
            Kind::IamService,
            Kind::ServiceName,
            Kind::Limit,
        ] {
            let _ = schema.of_kind(kind).count();
        }
        let note = "# Amazon SQS\n\nDynamoDB, Dynamo DB, Cloudfromation, `s3:GetObject`, \
                    `x-amz-meta-a`, long polling waits at most 20 seconds, nodejs8.10, us-east-1.\n";
        let findings = analyze(note, &schema, &settings());
        check_findings(note, &findings);
        let findings = analyze(&text, &schema, &settings());
        check_findings(&text, &findings);
    }
}

/// Target `lsp_framing`: bytes as they arrive on the server's stdin. Every message is decoded, routed to
/// the server or answered; nothing panics, nothing waits forever (the input is finite), and a well-formed
/// frame of the data decodes back to exactly the data.
pub fn lsp_framing(data: &[u8]) {
    use crate::lsp::transport::{frame, read_message, route, Routed};
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime");
    }
    RUNTIME.with(|rt| {
        rt.block_on(async {
            let mut reader = tokio::io::BufReader::new(data);
            while let Ok(Some(message)) = read_message(&mut reader).await {
                match route(message) {
                    Routed::ToServer(bytes) | Routed::ToClient(bytes) => {
                        assert!(bytes.starts_with(b"Content-Length: "))
                    }
                }
            }
            let framed = frame(data);
            let mut reader = tokio::io::BufReader::new(framed.as_slice());
            match read_message(&mut reader).await {
                Ok(Some(Ok(body))) => assert_eq!(body, data),
                other => panic!("a well-formed frame did not decode: {other:?}"),
            }
        })
    });
}
