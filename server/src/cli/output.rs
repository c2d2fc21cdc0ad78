//! Report formats: human, JSON (a public contract), SARIF 2.1.0, GitHub workflow commands, and diffs.
use std::io::{self, Write};

use awsnotes::engine::{Finding, Severity};
use awsnotes::lines::{break_len, ColumnUnit, LineIndex};
use awsnotes::rules;

pub struct FileReport {
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// The same report holding only the lines its findings are on: other lines become empty, their line
    /// breaks stay, and the findings' ranges move with their lines. Every line number, column and
    /// excerpt in every format is unchanged, while the report costs memory in proportion to its
    /// findings rather than to the file — a run over 10,000 notes does not keep 10,000 notes.
    ///
    /// A line ending in a lone `\r` also keeps the line after it: the human excerpt runs to the next
    /// `\n` (see [`human`]).
    pub fn compacted(self) -> FileReport {
        if self.findings.is_empty() {
            return FileReport {
                text: String::new(),
                ..self
            };
        }
        let idx = LineIndex::new(&self.text);
        let ends_in_lone_cr = |l: usize| {
            let line = &self.text[idx.line_with_break(&self.text, l)];
            line.ends_with('\r')
        };
        let mut keep = vec![false; idx.line_count()];
        for f in &self.findings {
            let mut last = idx.line_of(f.range.end);
            while last + 1 < idx.line_count() && ends_in_lone_cr(last) {
                last += 1;
            }
            for kept in &mut keep[idx.line_of(f.range.start)..=last] {
                *kept = true;
            }
        }
        // new_starts[l]: where line l starts in the compacted text.
        let mut new_starts = Vec::with_capacity(idx.line_count());
        let mut text = String::new();
        for (l, &kept) in keep.iter().enumerate() {
            new_starts.push(text.len());
            let line = &self.text[idx.line_with_break(&self.text, l)];
            if kept {
                text.push_str(line);
                continue;
            }
            let brk = &line[line.len() - break_len(line)..];
            // An emptied line after a lone `\r` must not turn it into a `\r\n` (one break instead of two).
            if brk == "\n" && text.ends_with('\r') {
                text.push_str("\r\n");
            } else {
                text.push_str(brk);
            }
        }
        let findings = self
            .findings
            .into_iter()
            .map(|mut f| {
                let line = idx.line_of(f.range.start);
                let shift = |offset: usize| offset - idx.line_start(line) + new_starts[line];
                f.range = shift(f.range.start)..shift(f.range.end);
                f
            })
            .collect();
        FileReport {
            path: self.path,
            text,
            findings,
        }
    }
}

/// 1-based (line, column, end line, end column); columns in Unicode scalar values, end exclusive.
fn span(idx: &LineIndex, text: &str, f: &Finding) -> (usize, usize, usize, usize) {
    let (l, c) = idx.position(text, f.range.start, ColumnUnit::Chars);
    let (el, ec) = idx.position(text, f.range.end, ColumnUnit::Chars);
    (l + 1, c + 1, el + 1, ec + 1)
}

/// Source excerpts longer than this many characters are cut to a window around the finding.
const EXCERPT_WIDTH: usize = 200;
/// Characters kept before the finding in a cut excerpt.
const EXCERPT_BEFORE: usize = 60;

/// Control characters (escape sequences, a lone carriage return) from a note are not sent to the
/// terminal: each becomes U+FFFD, one character for one, so the carets stay aligned. Tabs become spaces.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

pub fn human(out: &mut impl Write, reports: &[FileReport], color: bool) -> io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for r in reports {
        let idx = LineIndex::new(&r.text);
        for f in &r.findings {
            let (line, col, end_line, end_col) = span(&idx, &r.text, f);
            let sev = match f.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
                Severity::Info => paint("1;36", "info"),
            };
            writeln!(
                out,
                "{}:{line}:{col}: {sev}[{}] {}",
                paint("1", &printable(&r.path)),
                f.rule,
                printable(&f.message)
            )?;
            // The excerpt is the terminal line, up to the next `\n`: a lone `\r` ends a line for line
            // numbers (the LSP rule, so editors agree) but inside an excerpt it is shown, as U+FFFD,
            // rather than cutting it short: a stray carriage return is visible where it is.
            let start = idx.line_start(line - 1);
            let end = r.text[start..]
                .find('\n')
                .map_or(r.text.len(), |i| start + i);
            let src = r.text[start..end].trim_end_matches('\r');
            // The finding's start inside the line (a char boundary: findings are on boundaries).
            let at = f.range.start.saturating_sub(start).min(src.len());
            // A long line is cut to a window around the finding, marked with `…` where it is cut.
            let (from, to) = if src.chars().nth(EXCERPT_WIDTH).is_none() {
                (0, src.len())
            } else {
                let from = src[..at]
                    .char_indices()
                    .rev()
                    .take(EXCERPT_BEFORE)
                    .last()
                    .map_or(at, |(i, _)| i);
                let to = src[from..]
                    .char_indices()
                    .nth(EXCERPT_WIDTH)
                    .map_or(src.len(), |(i, _)| from + i);
                (from, to)
            };
            let cut_left = if from > 0 { "…" } else { "" };
            let cut_right = if to < src.len() { "…" } else { "" };
            let lead = cut_left.chars().count() + src[from..at].chars().count();
            let room = src[at..to].chars().count();
            let width = if end_line == line {
                (end_col - col).min(room).max(1)
            } else {
                room.max(1)
            };
            let gutter = format!("{line} | ");
            writeln!(
                out,
                "{}{cut_left}{}{cut_right}",
                paint("34", &gutter),
                printable(&src[from..to])
            )?;
            writeln!(
                out,
                "{}{}{}",
                " ".repeat(gutter.len()),
                " ".repeat(lead),
                paint("1;32", &"^".repeat(width))
            )?;
        }
    }
    Ok(())
}

/// The findings of all reports as JSON objects, produced one at a time while they are written: a run
/// with a million findings never holds them all as JSON values.
struct Lazy<F>(F);

impl<F, I> serde::Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator<Item = serde_json::Value>,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

pub fn json(out: &mut impl Write, reports: &[FileReport], files_checked: usize) -> io::Result<()> {
    let findings = Lazy(|| {
        reports.iter().flat_map(|r| {
            let idx = LineIndex::new(&r.text);
            r.findings.iter().map(move |f| {
                let (line, column, end_line, end_column) = span(&idx, &r.text, f);
                serde_json::json!({
                    "path": r.path, "line": line, "column": column, "end_line": end_line, "end_column": end_column,
                    "rule": f.rule, "severity": f.severity.as_str(), "message": &*f.message, "replacements": &*f.replacements,
                })
            })
        })
    });
    // Keys in the order `serde_json::Value` has always written them (sorted).
    #[derive(serde::Serialize)]
    struct Doc<F> {
        files_checked: usize,
        findings: F,
        version: u32,
    }
    let doc = Doc {
        files_checked,
        findings,
        version: 1,
    };
    let mut w = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut w, &doc)?;
    writeln!(w)?;
    w.flush()
}

pub fn sarif(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rule_list: Vec<serde_json::Value> = rules::all()
        .iter()
        .map(|r| {
            // The sentence first: rules that share a checker (limit-mismatch, outdated-limit) share
            // its documentation, not their descriptions. GitHub code scanning shows `help`.
            let (short, doc, url) = (r.summary(), r.doc(), rules::doc_url(r.id()));
            serde_json::json!({
                "id": r.id(),
                "shortDescription": { "text": short },
                "fullDescription": { "text": format!("{short}\n\n{doc}") },
                "help": {
                    "text": format!("{short}\n\n{doc}\n\nDocumentation: {url}"),
                    "markdown": format!("**{short}**\n\n{doc}\n\n[Documentation of `{}`]({url})", r.id()),
                },
                "helpUri": url,
                "defaultConfiguration": { "enabled": r.default_level().is_some(), "level": r.default_level().map(level).unwrap_or("warning") },
            })
        })
        .collect();
    let rule_index = |id: &str| rules::all().iter().position(|r| r.id() == id).unwrap_or(0);
    let results = Lazy(|| {
        reports.iter().flat_map(move |r| {
            let idx = LineIndex::new(&r.text);
            r.findings.iter().map(move |f| {
                let (line, col, end_line, end_col) = span(&idx, &r.text, f);
                let region = serde_json::json!({ "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col });
                let location = serde_json::json!({ "physicalLocation": { "artifactLocation": { "uri": uri(&r.path) }, "region": region } });
                let mut result = serde_json::json!({
                    "ruleId": f.rule, "ruleIndex": rule_index(f.rule.as_str()), "level": level(f.severity),
                    "message": { "text": &*f.message }, "locations": [location],
                });
                if f.replacements.len() == 1 {
                    result["fixes"] = serde_json::json!([{
                        "description": { "text": format!("Replace with `{}`", f.replacements[0]) },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri(&r.path) },
                            "replacements": [{ "deletedRegion": region, "insertedContent": { "text": f.replacements[0] } }],
                        }],
                    }]);
                }
                result
            })
        })
    });
    // Keys in the order `serde_json::Value` has always written them (sorted).
    #[derive(serde::Serialize)]
    struct Run<R> {
        #[serde(rename = "columnKind")]
        column_kind: &'static str,
        results: R,
        tool: serde_json::Value,
    }
    #[derive(serde::Serialize)]
    struct Doc<R> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        runs: [Run<R>; 1],
        version: &'static str,
    }
    let doc = Doc {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results,
            tool: serde_json::json!({ "driver": {
                "name": "awsnotes", "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/awsnotes/awsnotes", "rules": rule_list,
            }}),
        }],
        version: "2.1.0",
    };
    let mut w = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut w, &doc)?;
    writeln!(w)?;
    w.flush()
}

fn uri(path: &str) -> String {
    path.replace('\\', "/").replace(' ', "%20")
}

/// GitHub Actions workflow commands: annotations on the pull request.
pub fn github(out: &mut impl Write, reports: &[FileReport]) -> io::Result<()> {
    let esc_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let esc_prop = |s: &str| esc_data(s).replace(':', "%3A").replace(',', "%2C");
    for r in reports {
        let idx = LineIndex::new(&r.text);
        for f in &r.findings {
            let (line, col, end_line, end_col) = span(&idx, &r.text, f);
            let cmd = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{cmd} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                esc_prop(&r.path),
                esc_prop(&format!("awsnotes({})", f.rule)),
                esc_data(&f.message)
            )?;
        }
    }
    Ok(())
}

pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(1)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> FileReport {
        let findings = awsnotes::analyze(text, &awsnotes::schema::embedded(), &Default::default());
        assert!(!findings.is_empty(), "{text:?}");
        FileReport {
            path: "a.md".into(),
            text: text.into(),
            findings,
        }
    }

    fn rendered(r: &[FileReport]) -> (String, String) {
        let (mut human_out, mut json_out) = (Vec::new(), Vec::new());
        human(&mut human_out, r, false).unwrap();
        json(&mut json_out, r, 1).unwrap();
        (
            String::from_utf8(human_out).unwrap(),
            String::from_utf8(json_out).unwrap(),
        )
    }

    /// Compacting a report changes nothing a user sees, whatever the line breaks: lone `\r`s (which end
    /// lines) before, inside and after a finding's terminal line, and emptied lines next to them.
    #[test]
    fn compaction_keeps_every_line_number_and_excerpt() {
        for text in [
            "x\ry\nDeploy with Cloudfromation.\n",
            "a\r\nb\rCloudfromation here\r tail\nmore\rlines\n",
            "one\rtwo\rthree\nfour\r\nUse Cloudfromation\r\n",
            "Cloudfromation\rnext\r\rand\n\nCloudfromation again\r",
        ] {
            let full = rendered(&[report(text)]);
            let compact = rendered(&[report(text).compacted()]);
            assert_eq!(full, compact, "{text:?}");
        }
    }

    /// Line numbers follow the LSP rule (a lone `\r` ends a line), so an editor opens the same place.
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let (human, _) = rendered(&[report("x\ry\nDeploy with Cloudfromation.\n")]);
        assert!(human.starts_with("a.md:3:13: "), "{human}");
    }
}
