//! The rule checkers. One rule per file; each file's `//!` comment is the rule's documentation (what it
//! checks, why, an example). The rules' *declarations* (id, default level, regions read, fixes) are in
//! [`crate::diagnostic`]; this module maps them to code.
//!
//! A checker is a function from (context, region) to findings. It reads only the text of the region it is
//! given (plus, for rules declared `headings: true`, the headings above it), so the engine can cache its
//! results per chunk. The engine runs each checker once per region whose kind its rules read, sets the
//! configured severities, drops what the URL and path mask covers, and applies suppressions.

use std::ops::Range;

pub use crate::diagnostic::{EntryRef, Finding, RuleId, Severity};
use crate::markdown::{Region, RegionKind};
use crate::pattern::Match;
use crate::schema::{Kind, Schema};

pub mod context;
pub use console_link_region::{confirm_working_region, working_regions};
pub use context::Context;
pub use triggers::Trigger;

pub mod candidates;
mod cfn_keys;
mod cfn_template;
mod cli_options;
mod codedeploy_config;
mod console_link;
mod console_link_region;
mod deprecated_runtime;
mod docs_link_mismatch;
mod iam_policy_version;
mod invalid_header_value;
mod lambda_handler_name;
mod limits;
mod malformed_arn;
mod nested_members;
mod numbers;
mod outdated_claim;
mod retired_service;
mod runtime_prose;
mod service_name;
mod service_name_lowercase;
mod service_prefix;
pub mod triggers;
mod unknown_cfn_name;
mod unknown_env_var;
mod unknown_error_code;
mod unknown_header;
mod unknown_iam_action;
mod unknown_operation;
mod unknown_parameter;
mod unknown_region;
mod unknown_s3_event;
mod unknown_suppression;
pub mod words;

/// What a rule says about one candidate (`candidates.rs`) before the candidate has a place in a
/// document: a rule's verdict function returns it, so the rule's judgement is tested on names alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub message: String,
    pub replacements: Vec<String>,
    /// The schema entry the finding is about (hover and quick fixes show it).
    pub entry: Option<(Kind, String)>,
}

/// Runs `f` on a context over no text, with the embedded schema and default settings: what a verdict
/// function that reads the context needs in a unit test.
#[cfg(test)]
pub(crate) fn with_test_context<R>(f: impl FnOnce(&Context) -> R) -> R {
    let schema = crate::schema::embedded();
    let settings = crate::settings::Settings::default();
    f(&Context::new("", &schema, &settings, &[]))
}

impl Verdict {
    /// The finding of `rule` at `range` of a region that starts at `base` in the analysed text.
    pub fn at(self, rule: RuleId, base: usize, range: &Range<usize>) -> Finding {
        Finding::new(
            rule,
            base + range.start..base + range.end,
            self.message,
            self.replacements,
            self.entry
                .as_ref()
                .map(|(kind, name)| (*kind, name.as_str())),
        )
    }
}

/// A checker and the rules whose findings it emits (one checker may emit several ids: the two limit
/// verdicts come from one reading of each sentence).
pub struct Checker {
    pub emits: &'static [RuleId],
    pub run: fn(&Context, &Region, &mut Vec<Finding>),
}

impl Checker {
    /// Whether its findings depend on the headings above the text.
    pub fn uses_headings(&self) -> bool {
        self.emits.iter().any(|r| r.meta().uses_headings)
    }
}

/// Every checker; together they emit every [`RuleId`] exactly once (a unit test checks it).
pub const CHECKERS: &[Checker] = &[
    Checker {
        emits: &[RuleId::UnknownCodedeployConfig],
        run: codedeploy_config::check,
    },
    Checker {
        emits: &[RuleId::DeprecatedRuntime],
        run: deprecated_runtime::check,
    },
    Checker {
        emits: &[RuleId::LambdaHandlerName],
        run: lambda_handler_name::check,
    },
    Checker {
        emits: &[RuleId::IamPolicyVersion],
        run: iam_policy_version::check,
    },
    Checker {
        emits: &[RuleId::InvalidHeaderValue],
        run: invalid_header_value::check,
    },
    Checker {
        emits: &[RuleId::LimitMismatch, RuleId::OutdatedLimit],
        run: limits::check,
    },
    Checker {
        emits: &[RuleId::OutdatedClaim],
        run: outdated_claim::check,
    },
    Checker {
        emits: &[RuleId::MalformedArn],
        run: malformed_arn::check,
    },
    Checker {
        emits: &[RuleId::MissingCliOption, RuleId::UnknownCliOption],
        run: cli_options::check,
    },
    Checker {
        emits: &[RuleId::RetiredService],
        run: retired_service::check,
    },
    Checker {
        emits: &[RuleId::ServiceName, RuleId::ServiceNameLowercase],
        run: service_name::check,
    },
    Checker {
        emits: &[RuleId::ConsoleLinkMismatch],
        run: console_link::check,
    },
    Checker {
        emits: &[RuleId::ConsoleLinkRegion],
        run: console_link_region::check,
    },
    Checker {
        emits: &[RuleId::DocsLinkMismatch],
        run: docs_link_mismatch::check,
    },
    Checker {
        emits: &[RuleId::ServicePrefix, RuleId::MixedServicePrefix],
        run: service_prefix::check,
    },
    Checker {
        emits: &[RuleId::UnknownCfnName],
        run: unknown_cfn_name::check,
    },
    Checker {
        emits: &[RuleId::UnknownEnvVar],
        run: unknown_env_var::check,
    },
    Checker {
        emits: &[RuleId::UnknownErrorCode],
        run: unknown_error_code::check,
    },
    Checker {
        emits: &[RuleId::UnknownHeader],
        run: unknown_header::check,
    },
    Checker {
        emits: &[RuleId::UnknownIamAction],
        run: unknown_iam_action::check,
    },
    Checker {
        emits: &[RuleId::UnknownOperation],
        run: unknown_operation::check,
    },
    Checker {
        emits: &[RuleId::UnknownParameter],
        run: unknown_parameter::check,
    },
    Checker {
        emits: &[RuleId::UnknownRegion],
        run: unknown_region::check,
    },
    Checker {
        emits: &[RuleId::UnknownS3Event],
        run: unknown_s3_event::check,
    },
    Checker {
        emits: &[RuleId::UnknownSuppression],
        run: unknown_suppression::check,
    },
];
// The engine keeps the checkers a pass runs as bits of a `u64`.
const _: () = assert!(CHECKERS.len() <= 64);

/// Every rule, in declaration order.
pub fn all() -> &'static [RuleId] {
    RuleId::ALL
}

pub fn by_id(id: &str) -> Option<RuleId> {
    RuleId::from_id(id)
}

/// The URL of a rule's documentation (used by SARIF and LSP `codeDescription`).
pub fn doc_url(id: &str) -> String {
    format!("https://github.com/awsnotes/awsnotes/blob/main/docs/rules.md#{id}")
}

/// A lazily compiled regex. Patterns write word boundaries as `(?-u:\b)` (ASCII): the names they match
/// are ASCII, and a Unicode `\b` makes the regex crate leave its fast DFA whenever a line holds a
/// non-ASCII character (curly quotes, emoji), which most notes do. Digits are `[0-9]`, not `\d`: the
/// Unicode class has 70 ranges, which made some patterns several times dearer to compile (each pattern
/// is compiled on first use, so a one-note lint pays for it) and matched digits no AWS value uses.
/// Case-insensitive parts are `(?i-u:…)`, ASCII case folding as in the trigger pass (Unicode folding
/// would also match the Kelvin sign for `k` and `ſ` for `s`, and costs more to compile); `\s` stays
/// Unicode outside them.
macro_rules! regex {
    ($re:expr) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| regex::Regex::new($re).unwrap())
    }};
}
pub(crate) use regex;

/// [`regex!`] for a pattern that only runs on text the trigger pass (or another cheap test before it)
/// has already found the pattern's literal in: a [`Pattern`](crate::pattern::Pattern), compiled without
/// the literal prefilter that would only repeat that search (see `pattern.rs`). A pattern that scans
/// every region of its kind keeps [`regex!`].
macro_rules! gated_regex {
    ($re:expr) => {{
        static RE: std::sync::OnceLock<crate::pattern::Pattern> = std::sync::OnceLock::new();
        RE.get_or_init(|| crate::pattern::Pattern::new($re).unwrap())
    }};
}
pub(crate) use gated_regex;

/// The range of the line of `text` (lines end at `\n`) that holds byte `at`: from its first byte to
/// its line break or the end of the text.
pub(super) fn line_range_at(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

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

/// "did you mean `a`?" / "did you mean `a` or `b`?" / "".
/// `put_item` / `put-item` → `PutItem`: each part separated by `separator` capitalised.
pub fn pascal_case_of(name: &str, separator: char) -> String {
    name.split(separator)
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

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

/// `aws <service> <command>` in `s`: (service, command) for each AWS CLI command that names an API
/// operation. Not `aws s3 …` (the high-level S3 commands are not API operations; `aws s3api` is), nor
/// a command word that runs on into a name (`aws lambda invoke-foo_bar`, `my.aws sqs x.y`).
pub(super) fn cli_commands(s: &str) -> impl Iterator<Item = (Match<'_>, Match<'_>)> {
    aws_commands(s)
        .into_iter()
        .filter_map(move |(service, op)| {
            let (service, op) = (Match::new(s, service), Match::new(s, op));
            (service.as_str() != "s3" && !s[op.end()..].starts_with(['-', '_', '.']))
                .then_some((service, op))
        })
}

/// The (service, command) of every `aws <service> <command>` in `s`, as the regex
/// `(?-u:\b)aws[ \t]+([a-z0-9][a-z0-9-]*)[ \t]+([a-z][a-z0-9-]*[a-z0-9])(?-u:\b)` finds them.
fn aws_commands(s: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let b = s.as_bytes();
    let run = |from: usize, class: fn(&u8) -> bool| words::run_end(b, from, class);
    let blank = |c: &u8| matches!(c, b' ' | b'\t');
    let kebab = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-';
    let word = |at: usize| b.get(at).is_some_and(|&c| words::WORD_BYTE[c as usize]);
    let mut out = Vec::new();
    let mut searched_to = 0;
    for (p, _) in s.match_indices("aws") {
        if p < searched_to || (p > 0 && word(p - 1)) {
            continue;
        }
        let service_start = run(p + 3, blank);
        if service_start == p + 3
            || !b
                .get(service_start)
                .is_some_and(|&c| c != b'-' && kebab(&c))
        {
            continue;
        }
        let service_end = run(service_start, kebab);
        let command_start = run(service_end, blank);
        if command_start == service_end || !b.get(command_start).is_some_and(u8::is_ascii_lowercase)
        {
            continue;
        }
        // The command's greedy run, given back to the last end where a letter or digit ends a word.
        let longest = run(command_start, kebab);
        let command_end = (command_start + 2..=longest)
            .rev()
            .find(|&e| b[e - 1] != b'-' && !word(e));
        if let Some(end) = command_end {
            out.push((service_start..service_end, command_start..end));
            searched_to = end;
        }
    }
    out
}

/// Test helper: `check` run over the prose regions of `text` (embedded schema, today 2026-12-01), each
/// finding as (rule, text it covers, message).
#[cfg(test)]
pub(crate) fn run_on_prose(
    text: &str,
    check: fn(&Context, &Region, &mut Vec<Finding>),
) -> Vec<(RuleId, String, String)> {
    let schema = crate::schema::embedded();
    let settings = crate::settings::Settings {
        today: "2026-12-01".into(),
        ..Default::default()
    };
    let regions = crate::markdown::regions(text);
    let cx = Context::new(text, &schema, &settings, &regions);
    let mut out = Vec::new();
    for r in regions.iter().filter(|r| r.kind == RegionKind::Prose) {
        check(&cx, r, &mut out);
    }
    out.into_iter()
        .map(|f| {
            (
                f.rule,
                text[f.range.clone()].to_string(),
                f.message.to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `aws <service> <command>` is found where the regex it replaced found it, on samples and
    /// pseudo-random text.
    #[test]
    fn aws_commands_are_the_regex_matches() {
        let re =
            regex!(r"(?-u:\b)aws[ \t]+([a-z0-9][a-z0-9-]*)[ \t]+([a-z][a-z0-9-]*[a-z0-9])(?-u:\b)");
        let check = |s: &str| {
            assert_eq!(
                aws_commands(s),
                crate::testdata::group_pairs(re, s),
                "{s:?}"
            );
        };
        for s in [
            "",
            "aws s3api get-object aws  lambda\tinvoke aws sqs send-message-batch",
            "my.aws sqs x.y xaws sqs ab aws -x ab aws sqs a aws sqs ab- aws sqs a--b aws sqs ab_c",
            "aws sqs abc-_ aws sqs abc-A aws aws sqs ab aws ec2 describe-instances--dry-run",
        ] {
            check(s);
        }
        let pieces = [
            "aws",
            " ",
            "\t",
            "s3",
            "sqs",
            "-",
            "a",
            "b1",
            "_",
            "A",
            ".",
            "é",
            "get-object",
            "x",
        ];
        for s in crate::testdata::texts_of_pieces(13, &pieces, 10, 30_000) {
            check(&s);
        }
    }

    #[test]
    fn checkers_emit_every_rule_exactly_once() {
        let mut emitted: Vec<RuleId> = CHECKERS
            .iter()
            .flat_map(|c| c.emits.iter().copied())
            .collect();
        emitted.sort();
        assert_eq!(emitted, RuleId::ALL.to_vec());
        for c in CHECKERS {
            // A checker's rules read the same regions and agree on headings: the engine runs it once.
            let first = c.emits[0].meta();
            for r in c.emits {
                assert_eq!(r.meta().reads, first.reads, "{r}");
                assert_eq!(r.meta().uses_headings, first.uses_headings, "{r}");
            }
        }
    }

    /// The rules never import the engine (the engine imports them): no cycle.
    #[test]
    fn rules_do_not_depend_on_the_engine() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains(&["crate::", "engine"].concat()),
                "{} imports the engine",
                path.display()
            );
        }
    }
}
