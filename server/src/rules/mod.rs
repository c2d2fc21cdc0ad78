//! The rule registry. One rule per file; each file's `//!` comment is the rule's documentation (what it
//! checks, why, an example) and `awsnotes rules` / `docs/rules.md` are generated from it.
//!
//! A rule reads the region kinds it declares and pushes findings with byte ranges into the text; the
//! engine sets severities, applies suppressions and sorts.

use std::ops::Range;

use crate::engine::{Context, EntryRef, Finding, Severity};
use crate::markdown::{Region, RegionKind};
use crate::schema::Kind;

mod codedeploy_config;
mod deprecated_runtime;
mod iam_policy_version;
mod invalid_header_value;
mod limits;
mod retired_service;
mod service_name;
mod service_prefix;
mod unknown_cfn_name;
mod unknown_env_var;
mod unknown_error_code;
mod unknown_header;
mod unknown_iam_action;
mod unknown_region;

pub trait Rule: Sync + Send {
    /// Public, stable id (`unknown-header`).
    fn id(&self) -> &'static str;
    /// `None`: off unless configured.
    fn default_level(&self) -> Option<Severity>;
    fn reads(&self) -> &'static [RegionKind];
    /// The rule's source file; its `//!` lines are the documentation.
    fn source(&self) -> &'static str;
    fn check(&self, cx: &Context, region: &Region, out: &mut Vec<Finding>);

    /// Whether findings depend on the headings above the text (not only on the text itself): such
    /// rules are re-run when a heading above changes.
    fn uses_headings(&self) -> bool {
        false
    }

    fn doc(&self) -> String {
        self.source()
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .unwrap_or(l.strip_prefix("//!").unwrap_or(l))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The first sentence of the doc, for listings.
    fn summary(&self) -> String {
        let doc = self.doc();
        doc.lines().next().unwrap_or("").to_string()
    }
}

/// Every rule, in id order.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &codedeploy_config::UnknownCodedeployConfig,
        &deprecated_runtime::DeprecatedRuntime,
        &iam_policy_version::IamPolicyVersion,
        &invalid_header_value::InvalidHeaderValue,
        &limits::LimitMismatch,
        &limits::OutdatedLimit,
        &retired_service::RetiredService,
        &service_name::ServiceName,
        &service_prefix::ServicePrefix,
        &unknown_cfn_name::UnknownCfnName,
        &unknown_env_var::UnknownEnvVar,
        &unknown_error_code::UnknownErrorCode,
        &unknown_header::UnknownHeader,
        &unknown_iam_action::UnknownIamAction,
        &unknown_region::UnknownRegion,
    ]
}

pub fn by_id(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.id() == id)
}

/// The URL of a rule's documentation (used by SARIF and LSP `codeDescription`).
pub fn doc_url(id: &str) -> String {
    format!("https://github.com/awsnotes/awsnotes/blob/main/docs/rules.md#{id}")
}

/// Regions where names are checked but prose spelling is not.
pub const ALL_TEXT: &[RegionKind] = &[
    RegionKind::Prose,
    RegionKind::LinkText,
    RegionKind::InlineCode,
    RegionKind::CodeBlock,
    RegionKind::FrontMatter,
];
pub const PROSE: &[RegionKind] = &[RegionKind::Prose, RegionKind::LinkText];

/// A lazily compiled regex. Patterns write word boundaries as `(?-u:\b)` (ASCII): the names they match
/// are ASCII, and a Unicode `\b` makes the regex crate leave its fast DFA whenever a line holds a
/// non-ASCII character (curly quotes, emoji), which most notes do.
macro_rules! regex {
    ($re:expr) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| regex::Regex::new($re).unwrap())
    }};
}
pub(crate) use regex;

/// Whether the match at `range` of `text` stands alone: the characters around it are not part of an
/// identifier (letters, digits, `_`).
pub fn is_standalone(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !ident(before) && !ident(after)
}

pub fn overlaps_any(spans: &[Range<usize>], r: &Range<usize>) -> bool {
    spans.iter().any(|s| s.start < r.end && r.start < s.end)
}

/// Builds a finding; the engine sets the severity.
pub fn finding(
    rule: &'static str,
    range: Range<usize>,
    message: String,
    replacements: Vec<String>,
    entry: Option<(Kind, &str)>,
) -> Finding {
    Finding {
        rule,
        severity: Severity::Warning,
        range,
        message,
        replacements,
        entry: entry.map(|(kind, name)| EntryRef {
            kind,
            name: name.to_string(),
        }),
    }
}

/// "did you mean `a`?" / "did you mean `a` or `b`?" / "".
pub fn did_you_mean(candidates: &[String]) -> String {
    match candidates {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        [init @ .., last] => format!(
            "; did you mean {} or `{last}`?",
            init.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The best candidates: all at the smallest distance, at most three.
pub fn best_of<T: Clone>(cands: &[(T, usize)]) -> Vec<T> {
    let Some(min) = cands.iter().map(|c| c.1).min() else {
        return Vec::new();
    };
    cands
        .iter()
        .filter(|c| c.1 == min)
        .take(3)
        .map(|c| c.0.clone())
        .collect()
}
