//! Report formats: human, JSON (a public contract), SARIF 2.1.0, GitHub workflow commands, and diffs.
use std::io::{self, Write};

use awsnotes::engine::{Finding, Severity};
use awsnotes::lines::{ColumnUnit, LineIndex};
use awsnotes::rules;

pub struct FileReport {
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
}

/// 1-based (line, column, end line, end column); columns in Unicode scalar values, end exclusive.
fn span(idx: &LineIndex, text: &str, f: &Finding) -> (usize, usize, usize, usize) {
    let (l, c) = idx.position(text, f.range.start, ColumnUnit::Chars);
    let (el, ec) = idx.position(text, f.range.end, ColumnUnit::Chars);
    (l + 1, c + 1, el + 1, ec + 1)
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
                paint("1", &r.path),
                f.rule,
                f.message
            )?;
            let start = idx.line_start(line - 1);
            let src = r.text[start..]
                .split('\n')
                .next()
                .unwrap_or("")
                .trim_end_matches('\r');
            let width = if end_line == line {
                (end_col - col).max(1)
            } else {
                src.chars().count().saturating_sub(col - 1).max(1)
            };
            let gutter = format!("{line} | ");
            writeln!(out, "{}{}", paint("34", &gutter), src.replace('\t', " "))?;
            writeln!(
                out,
                "{}{}{}",
                " ".repeat(gutter.len()),
                " ".repeat(col - 1),
                paint("1;32", &"^".repeat(width))
            )?;
        }
    }
    Ok(())
}

pub fn json(out: &mut impl Write, reports: &[FileReport], files_checked: usize) -> io::Result<()> {
    let mut findings = Vec::new();
    for r in reports {
        let idx = LineIndex::new(&r.text);
        for f in &r.findings {
            let (line, column, end_line, end_column) = span(&idx, &r.text, f);
            findings.push(serde_json::json!({
                "path": r.path, "line": line, "column": column, "end_line": end_line, "end_column": end_column,
                "rule": f.rule, "severity": f.severity.as_str(), "message": f.message, "replacements": f.replacements,
            }));
        }
    }
    let doc =
        serde_json::json!({ "version": 1, "files_checked": files_checked, "findings": findings });
    writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap())
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
            serde_json::json!({
                "id": r.id(),
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.doc() },
                "helpUri": rules::doc_url(r.id()),
                "defaultConfiguration": { "enabled": r.default_level().is_some(), "level": r.default_level().map(level).unwrap_or("warning") },
            })
        })
        .collect();
    let rule_index = |id: &str| rules::all().iter().position(|r| r.id() == id).unwrap_or(0);
    let mut results = Vec::new();
    for r in reports {
        let idx = LineIndex::new(&r.text);
        for f in &r.findings {
            let (line, col, end_line, end_col) = span(&idx, &r.text, f);
            let region = serde_json::json!({ "startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col });
            let location = serde_json::json!({ "physicalLocation": { "artifactLocation": { "uri": uri(&r.path) }, "region": region } });
            let mut result = serde_json::json!({
                "ruleId": f.rule, "ruleIndex": rule_index(f.rule), "level": level(f.severity),
                "message": { "text": f.message }, "locations": [location],
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
            results.push(result);
        }
    }
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "awsnotes", "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/awsnotes/awsnotes", "rules": rule_list,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap())
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
