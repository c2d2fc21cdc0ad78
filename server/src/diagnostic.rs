//! What a rule can report, and nothing else: rule ids with their declarations, severities, findings.
//!
//! This module is a leaf of the analysis layer: it depends only on plain enums (`RegionKind`, the schema's
//! `Kind`), so the engine, the rules, the CLI and the language server can all name a rule or a finding
//! without depending on each other. Rule *checkers* (the code) live in `rules/`; their *declarations*
//! (id, default level, regions read, whether a fix is offered, documentation) live here, in one table,
//! from which `awsnotes rules`, SARIF rule metadata and `docs/rules.md` are generated.
use std::fmt;
use std::ops::Range;

use crate::markdown::RegionKind;
use crate::schema::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a configured level: `Ok(None)` means the rule is off.
    pub fn parse_level(s: &str) -> Result<Option<Severity>, String> {
        match s {
            "off" => Ok(None),
            "info" => Ok(Some(Severity::Info)),
            "warning" | "warn" => Ok(Some(Severity::Warning)),
            "error" => Ok(Some(Severity::Error)),
            other => Err(format!(
                "`{other}` is not a level (expected off, info, warning or error)"
            )),
        }
    }
}

/// Whether a rule's findings carry replacements, and who may apply them (ruff's "safe" and "unsafe"
/// fixes): `--fix` and the editor's fix-all apply safe fixes only; quick fixes offer every replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixable {
    /// Never: the finding is a fact to check by hand.
    Never,
    /// Safe: the replacement only corrects how a name is written. Applied by `--fix` and fix-all when
    /// the finding has exactly one replacement (several are offered as quick fixes only).
    Safe,
    /// Suggested: the replacement changes what the text does (a newer runtime in a template changes
    /// the function's behaviour), so a person applies it: offered as a quick fix, never by `--fix`.
    Suggested,
}

/// Regions where names are checked (everything but HTML and comments).
const ALL_TEXT: &[RegionKind] = &[
    RegionKind::Prose,
    RegionKind::LinkText,
    RegionKind::InlineCode,
    RegionKind::CodeBlock,
    RegionKind::FrontMatter,
];
/// Prose and link text: where sentences are.
const PROSE: &[RegionKind] = &[RegionKind::Prose, RegionKind::LinkText];
/// Prose, link text and code: where sentences and commands are.
const PROSE_AND_CODE: &[RegionKind] = &[
    RegionKind::Prose,
    RegionKind::LinkText,
    RegionKind::InlineCode,
    RegionKind::CodeBlock,
];
/// Inline code and code blocks: where commands are.
const CODE: &[RegionKind] = &[RegionKind::InlineCode, RegionKind::CodeBlock];
const PROSE_AND_SPANS: &[RegionKind] = &[
    RegionKind::Prose,
    RegionKind::LinkText,
    RegionKind::InlineCode,
];
/// HTML comments: where suppressions are.
const COMMENTS: &[RegionKind] = &[RegionKind::HtmlComment];

/// A rule's declaration: everything about it but its code.
#[derive(Debug)]
pub struct RuleMeta {
    /// Public, stable id (`unknown-header`): configuration, suppressions, SARIF and LSP codes use it.
    pub id: &'static str,
    /// `None`: off unless configured.
    pub default_level: Option<Severity>,
    /// The region kinds the rule's checker reads.
    pub reads: &'static [RegionKind],
    pub fixable: Fixable,
    /// Whether findings depend on the headings above the text, not only on the text: such rules are
    /// re-run when a heading above changes.
    pub uses_headings: bool,
    /// The checker's source file; its `//!` lines are the documentation.
    source: &'static str,
    /// One full sentence saying what the rule reports, its own even where two rules share a checker
    /// and its documentation (`limit-mismatch`, `outdated-limit`): listings, SARIF `shortDescription`.
    pub short: &'static str,
}

/// Declares every rule once: the `RuleId` enum, its string ids and its [`RuleMeta`].
macro_rules! declare_rules {
    ($($variant:ident {
        id: $id:literal,
        level: $level:expr,
        reads: $reads:expr,
        fix: $fix:ident,
        headings: $headings:literal,
        source: $source:literal,
        short: $short:literal $(,)?
    }),+ $(,)?) => {
        /// Every rule, in the order `awsnotes rules` lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $($variant),+
        }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),+];
            pub const COUNT: usize = RuleId::ALL.len();

            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $(RuleId::$variant => {
                        const META: RuleMeta = RuleMeta {
                            id: $id,
                            default_level: $level,
                            reads: $reads,
                            fixable: Fixable::$fix,
                            uses_headings: $headings,
                            source: include_str!(concat!("rules/", $source)),
                            short: $short,
                        };
                        &META
                    })+
                }
            }
        }
    };
}

declare_rules! {
    UnknownCodedeployConfig {
        id: "unknown-codedeploy-config", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "codedeploy_config.rs",
        short: "Reports a `CodeDeployDefault.*` deployment configuration that CodeDeploy does not predefine.",
    },
    DeprecatedRuntime {
        id: "deprecated-runtime", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Suggested, headings: false, source: "deprecated_runtime.rs",
        short: "Reports a Lambda runtime chosen after its deprecation date, with the date and the successor.",
    },
    IamPolicyVersion {
        id: "iam-policy-version", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "iam_policy_version.rs",
        short: "Reports an IAM policy `Version` other than `2012-10-17` or `2008-10-17`.",
    },
    InvalidHeaderValue {
        id: "invalid-header-value", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "invalid_header_value.rs",
        short: "Reports an HTTP header paired with a value that its API does not allow.",
    },
    LambdaHandlerName {
        id: "lambda-handler-name", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Suggested, headings: false, source: "lambda_handler_name.rs",
        short: "Reports a misspelling of the Lambda console's default Python names, `lambda_function` and `lambda_handler` (`lamda_function.py`).",
    },
    LimitMismatch {
        id: "limit-mismatch", level: Some(Severity::Warning), reads: PROSE,
        fix: Never, headings: true, source: "limits.rs",
        short: "Reports a sentence that states a numeric AWS limit with a value that was never right.",
    },
    OutdatedLimit {
        id: "outdated-limit", level: Some(Severity::Info), reads: PROSE,
        fix: Never, headings: true, source: "limits.rs",
        short: "Reports a sentence that states a numeric AWS limit with a value that was right once and has changed since.",
    },
    OutdatedClaim {
        id: "outdated-claim", level: Some(Severity::Warning), reads: PROSE_AND_SPANS,
        fix: Never, headings: true, source: "outdated_claim.rs",
        short: "Reports a sentence that repeats a well-known wrong or outdated claim about an AWS service, with what holds today and its source.",
    },
    MalformedArn {
        id: "malformed-arn", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Never, headings: false, source: "malformed_arn.rs",
        short: "Reports an ARN or an AWS account ID whose shape is wrong: an account ID that is not 12 digits, an unknown partition, Region or service namespace, a missing colon.",
    },
    MissingCliOption {
        id: "missing-cli-option", level: Some(Severity::Warning), reads: CODE,
        fix: Never, headings: false, source: "cli_options.rs",
        short: "Reports an AWS CLI command in code that lacks an option the command requires.",
    },
    UnknownCliOption {
        id: "unknown-cli-option", level: Some(Severity::Warning), reads: CODE,
        fix: Safe, headings: false, source: "cli_options.rs",
        short: "Reports an option of another command of the service passed to an AWS CLI command that has no such option.",
    },
    RetiredService {
        id: "retired-service", level: Some(Severity::Info), reads: PROSE_AND_CODE,
        fix: Never, headings: false, source: "retired_service.rs",
        short: "Reports a service or feature that AWS has discontinued, closed to new customers or renamed.",
    },
    ServiceName {
        id: "service-name", level: Some(Severity::Warning), reads: PROSE,
        fix: Safe, headings: false, source: "service_name.rs",
        short: "Reports a misspelled, mis-cased or mis-spaced AWS service name, with the canonical spelling.",
    },
    ServiceNameLowercase {
        id: "service-name-lowercase", level: Some(Severity::Info), reads: PROSE,
        fix: Safe, headings: false, source: "service_name_lowercase.rs",
        short: "Reports a one-word AWS service name written in lowercase in prose, before what the service holds (`dynamodb table`).",
    },
    ServicePrefix {
        id: "service-prefix", level: None, reads: PROSE,
        fix: Safe, headings: false, source: "service_prefix.rs",
        short: "Reports a service written with the wrong official prefix, such as Amazon Lambda for AWS Lambda.",
    },
    ConsoleLinkMismatch {
        id: "console-link-mismatch", level: Some(Severity::Warning), reads: PROSE,
        fix: Never, headings: false, source: "console_link.rs",
        short: "Reports a link to one service's console given for another's (the IAM console linked to the S3 console).",
    },
    ConsoleLinkRegion {
        id: "console-link-region", level: Some(Severity::Warning), reads: PROSE,
        fix: Suggested, headings: false, source: "console_link_region.rs",
        short: "Reports a console link that opens another Region than the one the note says it works in.",
    },
    DocsLinkMismatch {
        id: "docs-link-mismatch", level: Some(Severity::Warning), reads: PROSE,
        fix: Suggested, headings: false, source: "docs_link_mismatch.rs",
        short: "Reports a link to an AWS documentation page whose text names another documented topic.",
    },
    MixedServicePrefix {
        id: "mixed-service-prefix", level: Some(Severity::Info), reads: PROSE,
        fix: Safe, headings: false, source: "service_prefix.rs",
        short: "Reports a service written with the wrong prefix in a note that also writes its official name (AWS Rekognition beside Amazon Rekognition).",
    },
    UnknownCfnName {
        id: "unknown-cfn-name", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "unknown_cfn_name.rs",
        short: "Reports a CloudFormation name that does not exist: resource type, resource property, pseudo parameter, intrinsic function, parameter type, template key or helper script.",
    },
    UnknownEnvVar {
        id: "unknown-env-var", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "unknown_env_var.rs",
        short: "Reports an AWS environment variable that does not exist but is within a couple of edits of one that does.",
    },
    UnknownErrorCode {
        id: "unknown-error-code", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: true, source: "unknown_error_code.rs",
        short: "Reports a misspelled AWS error code, with the nearest real one.",
    },
    UnknownHeader {
        id: "unknown-header", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "unknown_header.rs",
        short: "Reports an `x-amz-*` or `x-amzn-*` HTTP header that no AWS API defines.",
    },
    UnknownIamAction {
        id: "unknown-iam-action", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "unknown_iam_action.rs",
        short: "Reports an IAM action whose service prefix or action does not exist.",
    },
    UnknownOperation {
        id: "unknown-operation", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: true, source: "unknown_operation.rs",
        short: "Reports a misspelled API operation of a service named nearby, in SDK (`GetItm`) or CLI (`aws dynamodb put-itemm`) spelling.",
    },
    UnknownParameter {
        id: "unknown-parameter", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: true, source: "unknown_parameter.rs",
        short: "Reports a misspelled API parameter, attribute or enumeration value of a service named nearby (`KeyConditionExpresion`, `KEY_ONLY`, `--max-number-of-message`).",
    },
    UnknownRegion {
        id: "unknown-region", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "unknown_region.rs",
        short: "Reports a Region code that is not an AWS Region in any partition.",
    },
    UnknownS3Event {
        id: "unknown-s3-event", level: Some(Severity::Warning), reads: ALL_TEXT,
        fix: Safe, headings: false, source: "unknown_s3_event.rs",
        short: "Reports a misspelled S3 event notification type (`s3:ObjectCreate:*`, or `ObjectCreate` in a sentence about S3 events), with the nearest real one.",
    },
    UnknownSuppression {
        id: "unknown-suppression", level: Some(Severity::Warning), reads: COMMENTS,
        fix: Safe, headings: false, source: "unknown_suppression.rs",
        short: "Reports a suppression comment that names a rule or directive awsnotes does not have, and so suppresses nothing.",
    },
}

impl RuleId {
    /// Public, stable id (`unknown-header`).
    pub fn as_str(self) -> &'static str {
        self.meta().id
    }

    /// Same as [`RuleId::as_str`]; kept so that code written against rule objects reads naturally.
    pub fn id(self) -> &'static str {
        self.as_str()
    }

    pub fn default_level(self) -> Option<Severity> {
        self.meta().default_level
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }

    /// The documentation: the checker file's `//!` comment, then what the declaration says (regions
    /// read, fixes), so that part can never disagree with the code.
    pub fn doc(self) -> String {
        let meta = self.meta();
        let mut doc = meta
            .source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .unwrap_or(l.strip_prefix("//!").unwrap_or(l))
            })
            .collect::<Vec<_>>()
            .join("\n");
        let reads: Vec<&str> = meta.reads.iter().map(|k| k.describe()).collect();
        doc.push_str(&format!("\n\nReads: {}.", reads.join(", ")));
        doc.push_str(match meta.fixable {
            Fixable::Never => "\n\nFix: none (a fact to check by hand).",
            Fixable::Safe => {
                "\n\nFix: `--fix` and the quick fix apply the suggestion when there is exactly one."
            }
            Fixable::Suggested => {
                "\n\nFix: a quick fix in the editor offers the suggestion; `--fix` never applies it, \
                 because it changes what the text does."
            }
        });
        doc
    }

    /// Whether the rule judges ARNs themselves: the engine's URL and path mask then spares the ARNs
    /// it covers (URLs and file names stay masked, ARNs inside URLs too).
    pub fn reads_arns(self) -> bool {
        matches!(self, RuleId::MalformedArn)
    }

    /// Whether the rule judges URLs themselves: the engine's URL mask then spares its findings.
    pub fn reads_urls(self) -> bool {
        matches!(
            self,
            RuleId::ConsoleLinkMismatch | RuleId::ConsoleLinkRegion
        )
    }

    /// One full sentence saying what the rule reports (listings, SARIF `shortDescription`).
    pub fn summary(self) -> &'static str {
        self.meta().short
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Rule levels, one slot per rule: the configured level, or the default when nothing was configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Levels([Option<Severity>; RuleId::COUNT]);

impl Default for Levels {
    fn default() -> Self {
        let mut levels = [None; RuleId::COUNT];
        for &rule in RuleId::ALL {
            levels[rule as usize] = rule.default_level();
        }
        Levels(levels)
    }
}

impl Levels {
    pub fn get(&self, rule: RuleId) -> Option<Severity> {
        self.0[rule as usize]
    }

    pub fn set(&mut self, rule: RuleId, level: Option<Severity>) {
        self.0[rule as usize] = level;
    }

    /// Overrides by string id (configuration files, editor settings); unknown ids are ignored here,
    /// the configuration readers report them.
    pub fn insert(&mut self, id: impl AsRef<str>, level: Option<Severity>) {
        if let Some(rule) = RuleId::from_id(id.as_ref()) {
            self.set(rule, level);
        }
    }

    /// Back to the defaults.
    pub fn clear(&mut self) {
        *self = Levels::default();
    }
}

/// `levels["service-name"]`, like the map it replaces; panics on an id that is not a rule.
impl std::ops::Index<&str> for Levels {
    type Output = Option<Severity>;
    fn index(&self, id: &str) -> &Option<Severity> {
        let rule = RuleId::from_id(id).unwrap_or_else(|| panic!("`{id}` is not a rule"));
        &self.0[rule as usize]
    }
}

impl<S: AsRef<str>> Extend<(S, Option<Severity>)> for Levels {
    fn extend<I: IntoIterator<Item = (S, Option<Severity>)>>(&mut self, iter: I) {
        for (id, level) in iter {
            self.insert(id, level);
        }
    }
}

impl<S: AsRef<str>> FromIterator<(S, Option<Severity>)> for Levels {
    fn from_iter<I: IntoIterator<Item = (S, Option<Severity>)>>(iter: I) -> Self {
        let mut levels = Levels::default();
        levels.extend(iter);
        levels
    }
}

impl<S: AsRef<str>> From<std::collections::HashMap<S, Option<Severity>>> for Levels {
    fn from(map: std::collections::HashMap<S, Option<Severity>>) -> Self {
        map.into_iter().collect()
    }
}

/// The schema entry a finding is about, for hover and `explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    pub kind: Kind,
    pub name: std::sync::Arc<str>,
}

/// What the rest of a document must hold for a finding of one chunk to stand (see
/// [`Finding::confirmed_by`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Confirmation {
    /// The document contains this text as a whole word or phrase.
    Phrase(std::sync::Arc<str>),
    /// The note says it works in one or more Regions, none of them this one.
    OtherWorkingRegion(std::sync::Arc<str>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    /// Shared, like `replacements` and the entry's name: the engine hands out every finding of a
    /// document again after each edit, from its per-chunk caches, and a copy of each string was most
    /// of an edit's work on a long note.
    pub message: std::sync::Arc<str>,
    /// Candidate replacements for `range`; a fix is applied only when there is exactly one.
    pub replacements: std::sync::Arc<[String]>,
    pub entry: Option<EntryRef>,
    /// What the rest of the document must hold for the finding to stand (a rule that reports an
    /// inconsistency within a note sees one chunk; the engine checks the rest): `None` for most.
    pub confirmed_by: Option<Confirmation>,
}

impl Finding {
    /// A finding at the rule's default severity; the engine sets the configured one.
    pub fn new(
        rule: RuleId,
        range: Range<usize>,
        message: String,
        replacements: Vec<String>,
        entry: Option<(Kind, &str)>,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.default_level().unwrap_or(Severity::Warning),
            range,
            message: message.into(),
            replacements: replacements.into(),
            entry: entry.map(|(kind, name)| EntryRef {
                kind,
                name: name.into(),
            }),
            confirmed_by: None,
        }
    }

    /// This finding, kept only when the analysed document contains `text` as a whole word or phrase.
    pub fn confirmed_by(mut self, text: &str) -> Finding {
        self.confirmed_by = Some(Confirmation::Phrase(text.into()));
        self
    }

    /// This finding (a console link opening `region`), kept only when the note says it works in
    /// other Regions; the engine then names them in the message and offers them as replacements.
    pub fn confirmed_by_working_region(mut self, region: &str) -> Finding {
        self.confirmed_by = Some(Confirmation::OtherWorkingRegion(region.into()));
        self
    }

    /// The replacement `--fix` and fix-all apply: only a [`Fixable::Safe`] rule's, and only when there
    /// is exactly one.
    pub fn safe_fix(&self) -> Option<&str> {
        match &*self.replacements {
            [one] if self.rule.meta().fixable == Fixable::Safe => Some(one),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for &rule in RuleId::ALL {
            assert_eq!(RuleId::from_id(rule.as_str()), Some(rule));
        }
        let mut ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RuleId::COUNT);
    }

    #[test]
    fn every_rule_is_documented_with_a_summary() {
        for &rule in RuleId::ALL {
            let doc = rule.doc();
            assert!(
                doc.starts_with(&format!("`{rule}`")) || doc.contains(&format!("`{rule}`")),
                "{rule}: the doc must name the rule"
            );
            assert!(
                rule.summary().ends_with(['.', ')']),
                "{rule}: {}",
                rule.summary()
            );
            // The regions line is generated: a hand-written one would disagree with the declaration.
            assert_eq!(doc.matches("\nReads: ").count(), 1, "{rule}");
        }
    }

    #[test]
    fn only_safe_fixes_are_applied_automatically() {
        let finding = |rule| Finding::new(rule, 0..3, String::new(), vec!["new".into()], None);
        assert_eq!(finding(RuleId::ServiceName).safe_fix(), Some("new"));
        assert_eq!(finding(RuleId::DeprecatedRuntime).safe_fix(), None);
        assert_eq!(RuleId::DeprecatedRuntime.meta().fixable, Fixable::Suggested);
        assert!(RuleId::DeprecatedRuntime
            .doc()
            .contains("`--fix` never applies it"));
        let mut two = finding(RuleId::ServiceName);
        two.replacements = vec!["new".to_string(), "other".to_string()].into();
        assert_eq!(two.safe_fix(), None);
    }

    #[test]
    fn levels_default_and_override() {
        let mut levels = Levels::default();
        assert_eq!(levels.get(RuleId::ServicePrefix), None);
        assert_eq!(levels.get(RuleId::OutdatedLimit), Some(Severity::Info));
        levels.insert("service-prefix", Some(Severity::Error));
        levels.insert("no-such-rule", Some(Severity::Error));
        assert_eq!(levels.get(RuleId::ServicePrefix), Some(Severity::Error));
        levels.clear();
        assert_eq!(levels, Levels::default());
    }
}
