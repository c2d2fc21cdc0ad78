//! awsnotes: checks AWS names and facts in Markdown notes.
//!
//! Data flow (see ARCHITECTURE.md): Markdown → [`markdown::regions`] → per-rule candidates →
//! [`schema`] lookups → [`diagnostic::Finding`]s → CLI (`cli`) or language server. The engine does no I/O;
//! positions are byte offsets inside and are converted at the edges ([`lines`]).
#![forbid(unsafe_code)]

pub mod chunks;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod explain;
#[doc(hidden)]
pub mod fuzzing;
pub mod lines;
pub mod lsp;
pub mod markdown;
pub mod pattern;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod suppress;
#[doc(hidden)]
pub mod testdata;
pub mod workspace;

pub use engine::{analyze, apply_fixes, Analyzer, Finding, Settings, Severity};

/// Today's date (UTC) as `YYYY-MM-DD`; `AWSNOTES_TODAY` overrides it for reproducible runs.
pub fn today() -> String {
    if let Ok(d) = std::env::var("AWSNOTES_TODAY") {
        if d.len() == 10 {
            return d;
        }
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (Howard Hinnant's civil_from_days).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(20_418), "2025-11-26");
    }
}
