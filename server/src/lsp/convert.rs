//! Engine values → LSP values: byte offsets ↔ positions (through the one [`LineIndex`]), findings →
//! diagnostics, and the cap on diagnostics per document.
use std::borrow::Cow;
use std::ops::Range as ByteRange;

use tower_lsp_server::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range,
};

use super::document::Encoding;
use super::{MAX_DIAGNOSTICS, MAX_DOCUMENT_BYTES};
use crate::engine::{Finding, Severity};
use crate::lines::LineIndex;
use crate::rules;

/// Positions in one text, in the negotiated encoding.
pub struct Positions<'t> {
    text: &'t str,
    index: Cow<'t, LineIndex>,
    encoding: Encoding,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Positions<'t> {
        Positions {
            text,
            index: Cow::Owned(LineIndex::new(text)),
            encoding,
        }
    }

    /// Uses an index already built for `text` (an analysis keeps one).
    pub fn with_index(text: &'t str, index: &'t LineIndex, encoding: Encoding) -> Positions<'t> {
        Positions {
            text,
            index: Cow::Borrowed(index),
            encoding,
        }
    }

    /// The byte offset of an LSP position (clamped, see `lines`).
    pub fn offset(&self, pos: Position) -> usize {
        self.index.offset(
            self.text,
            pos.line as usize,
            pos.character as usize,
            self.encoding.unit(),
        )
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let (line, character) = self.index.position(self.text, offset, self.encoding.unit());
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, r: &ByteRange<usize>) -> Range {
        Range {
            start: self.position(r.start),
            end: self.position(r.end),
        }
    }
}

/// The diagnostic of one finding.
pub fn to_diagnostic(at: &Positions, f: &Finding) -> Diagnostic {
    Diagnostic {
        range: at.range(&f.range),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: rules::doc_url(f.rule.as_str())
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("awsnotes".into()),
        message: f.message.to_string(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({ "replacements": &*f.replacements })),
    }
}

fn note(range: Range, message: String) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("awsnotes".into()),
        message,
        ..Default::default()
    }
}

/// The one diagnostic of a document too large to analyse (`len` bytes).
pub fn too_large_diagnostics(len: usize) -> Vec<Diagnostic> {
    vec![note(
        Range::default(),
        format!(
            "This document is not checked: it is {:.1} MiB, and awsnotes checks documents of up to {} MiB",
            len as f64 / (1u64 << 20) as f64,
            MAX_DOCUMENT_BYTES >> 20
        ),
    )]
}

/// The diagnostics of an analysis: at most [`MAX_DIAGNOSTICS`] findings and a note on the rest.
pub fn diagnostics(at: &Positions, findings: &[Finding]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .take(MAX_DIAGNOSTICS)
        .map(|f| to_diagnostic(at, f))
        .collect();
    if let Some(next) = findings.get(MAX_DIAGNOSTICS) {
        let here = at.position(next.range.start);
        out.push(note(
            Range {
                start: here,
                end: here,
            },
            format!(
                "{} more findings from here on are not shown (at most {MAX_DIAGNOSTICS} per document)",
                findings.len() - MAX_DIAGNOSTICS
            ),
        ));
    }
    out
}
