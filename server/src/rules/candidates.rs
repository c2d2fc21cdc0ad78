//! The candidate scan: one byte loop over a region yields its typed candidates — the names whose
//! shape alone says what they are meant to be — for every rule that judges that shape. The scan is
//! memoised per region in [`Context::candidates`](super::Context::candidates), so a region is read once
//! whichever rules ask, and a rule becomes a verdict on a candidate (`unknown_env_var::verdict`), which
//! its tests call without any Markdown.
//!
//! | candidate | shape | judged by |
//! |---|---|---|
//! | [`PascalWord`] | `PutItem`, `DescribeDBInstances` | `unknown-operation`, `unknown-parameter`, `unknown-cfn-name` (keys) |
//! | environment variable | `AWS_DEFAULT_REGION`, `_X_AMZN_TRACE_ID` | `unknown-env-var` |
//! | [`RegionCode`] | `us-east-1`, `eu-west-3a` | `unknown-region` |
//! | CodeDeploy configuration | `CodeDeployDefault.AllAtOnce` | `unknown-codedeploy-config` |
//! | [`IamAction`] | `s3:GetObject`, `s3:Get*` | `unknown-iam-action` |
//! | header | `x-amz-date`, `amz-storage-class` (no `x-`) | `unknown-header` |
//! | error code | `ThrottlingException`, `ProvisionedThroughputExceeded` (no `Exception`) | `unknown-error-code` |
//! | CloudFormation name | `AWS::S3::Bucket`, `AWS::Serverless-2016-10-31`, `Fn::GetAtt` | `unknown-cfn-name` |
//!
//! Each shape is exactly the matches of the regex its rule used before (kept in the tests, which
//! compare the two on fixed samples and on pseudo-random text): a word is a maximal run of
//! `[0-9A-Za-z_]` (the regexes' ASCII `\b`), and every shape starts at a word's start.
use std::ops::Range;

use super::words::{pascal_humps, WORD_BYTE};

pub use super::words::PascalWord;

/// A Region code (`us-east-1`), with the Availability Zone letter after it if any (`us-east-1a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCode {
    /// The Region code.
    pub code: Range<usize>,
    /// The code with its zone letter.
    pub whole: Range<usize>,
}

/// An IAM action (`s3:GetObject`, `s3:Get*`) as the old regex found it: a lowercase service prefix,
/// a colon and an action that starts with a capital or `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamAction {
    /// `[a-z][a-z0-9-]*[a-z0-9]`, from a word start.
    pub prefix: Range<usize>,
    /// `[A-Z*][A-Za-z0-9*?]*` after the colon (trailing `**` of emphasis included: the rule judges).
    pub action: Range<usize>,
}

/// Every candidate of one region, positions relative to its start, each kind in text order.
#[derive(Debug, Default)]
pub struct Candidates {
    /// `[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+` as a whole word.
    pub pascal_words: Vec<PascalWord>,
    /// `(?:AWS|_X_AMZN|ECS|CODEBUILD)_[A-Z0-9_]*[A-Z0-9]` as a whole word, or
    /// `_X_AM[A-Z]*_[A-Z0-9_]*[A-Z0-9]` ending a word after a character that is not a letter or digit.
    pub env_vars: Vec<Range<usize>>,
    /// `(?:us|eu|…|us-isof)-(?:north|…|southwest)-[0-9]{1,2}([a-z])?` from a word start to a word end.
    pub regions: Vec<RegionCode>,
    /// `CodeDeployDefault\.[A-Za-z0-9]+` from a word start.
    pub codedeploy_configs: Vec<Range<usize>>,
    /// `([a-z][a-z0-9-]*[a-z0-9]):([A-Z*][A-Za-z0-9*?]*)` from a word start.
    pub iam_actions: Vec<IamAction>,
    /// `x-amzn?-[a-z0-9][a-z0-9-]*` in any case, from a word start (a trailing `-` included: a
    /// documented prefix is written so).
    pub headers: Vec<Range<usize>>,
    /// `amzn?-[a-z0-9][a-z0-9-]*[a-z0-9]` in any case, from a word start: a header without its `x-`
    /// (also inside `x-amz-…`; the rule looks at what precedes).
    pub headers_without_x: Vec<Range<usize>>,
    /// `[A-Z][A-Za-z0-9]*(?:(?:Exception|Error|Fault)s?|Ex[a-z]{4,9})` as a whole word.
    pub error_codes: Vec<Range<usize>>,
    /// `[A-Z][A-Za-z0-9]*[a-z0-9]Exceeded` as a whole word (an error code without its `Exception`).
    pub exceeded_names: Vec<Range<usize>>,
    /// `(?:AWS|Alexa)::[A-Za-z0-9]+(?:::[A-Za-z0-9]+)*(?:-[0-9]{4}-[0-9]{2}-[0-9]{2})?` or
    /// `Fn::[A-Za-z0-9]+`, from a word start: a CloudFormation name (a trailing `::` is not part of it;
    /// the rule looks at what follows).
    pub cfn_names: Vec<Range<usize>>,
}

impl Candidates {
    /// Whether the region has no candidate of any shape (most regions).
    pub fn is_empty(&self) -> bool {
        // Every field named: a new shape fails to compile here until it is counted.
        let Candidates {
            pascal_words,
            env_vars,
            regions,
            codedeploy_configs,
            iam_actions,
            headers,
            headers_without_x,
            error_codes,
            exceeded_names,
            cfn_names,
        } = self;
        pascal_words.is_empty()
            && env_vars.is_empty()
            && regions.is_empty()
            && codedeploy_configs.is_empty()
            && iam_actions.is_empty()
            && headers.is_empty()
            && headers_without_x.is_empty()
            && error_codes.is_empty()
            && exceeded_names.is_empty()
            && cfn_names.is_empty()
    }
}

/// The Region code prefixes (partitions' country or area codes), in the order the old regex tried them.
const REGION_PREFIXES: &[&str] = &[
    "us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "us-gov", "us-iso", "us-isob",
    "eu-isoe", "us-isof",
];
const REGION_DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "central",
    "northeast",
    "southeast",
    "northwest",
    "southwest",
];

/// Which candidates besides PascalCase words a scan looks for: a region without a shape's literals
/// (the trigger pass's `AWS_`, `-east-`, `CodeDeployDefault.`) has none of that shape, and most words
/// of prose then need no test beyond their first byte.
#[derive(Debug, Clone, Copy)]
pub struct Shapes {
    pub env_vars: bool,
    pub regions: bool,
    pub codedeploy_configs: bool,
    pub iam_actions: bool,
    pub headers: bool,
    pub error_codes: bool,
    pub cfn_names: bool,
}

impl Shapes {
    pub const ALL: Shapes = Shapes {
        env_vars: true,
        regions: true,
        codedeploy_configs: true,
        iam_actions: true,
        headers: true,
        error_codes: true,
        cfn_names: true,
    };
}

/// Whether `s` may hold an IAM action: a colon before a capital or `*` (one search, much cheaper than
/// looking at every lowercase word).
pub fn may_hold_iam_action(s: &str) -> bool {
    memchr::memchr_iter(b':', s.as_bytes()).any(|i| {
        s.as_bytes()
            .get(i + 1)
            .is_some_and(|&c| c.is_ascii_uppercase() || c == b'*')
    })
}

/// The candidates of `s` (a region's text): PascalCase words, and the other `shapes`.
pub fn scan(s: &str, shapes: Shapes) -> Candidates {
    let b = s.as_bytes();
    let mut scan = Scan {
        shapes,
        out: Candidates::default(),
        region_end: 0,
        codedeploy_end: 0,
        iam_end: 0,
        header_end: 0,
        without_x_end: 0,
        cfn_end: 0,
    };
    // Only environment variables, Regions, IAM actions and headers start with other than a capital.
    let every_word = shapes.env_vars || shapes.regions || shapes.iam_actions || shapes.headers;
    let mut i = 0;
    while i < b.len() {
        if !WORD_BYTE[b[i] as usize] {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && WORD_BYTE[b[i] as usize] {
            i += 1;
        }
        if every_word || b[start].is_ascii_uppercase() {
            scan.word(b, start, i);
        }
    }
    scan.out
}

/// The scan's state between words.
struct Scan {
    shapes: Shapes,
    out: Candidates,
    /// Where the last match of a kind that may span several words ended: the old regexes' matches
    /// never overlapped, and a later one starts at or after it.
    region_end: usize,
    codedeploy_end: usize,
    iam_end: usize,
    header_end: usize,
    without_x_end: usize,
    cfn_end: usize,
}

impl Scan {
    /// The candidates that start with the word `b[start..end]`. Kept out of the byte loop, which
    /// stays a few instructions a byte.
    #[inline(never)]
    fn word(&mut self, b: &[u8], start: usize, end: usize) {
        let (word, shapes, out) = (&b[start..end], self.shapes, &mut self.out);
        if word[0].is_ascii_uppercase() {
            if let Some(humps) = pascal_humps(word) {
                out.pascal_words.push(PascalWord {
                    range: start..end,
                    humps,
                });
            }
            // An error code is a whole word of letters and digits (the regex's class has no `_`).
            if shapes.error_codes && word.len() > 5 && word.iter().all(u8::is_ascii_alphanumeric) {
                if is_error_code(word) {
                    out.error_codes.push(start..end);
                }
                if is_exceeded_name(word) {
                    out.exceeded_names.push(start..end);
                }
            }
            // A CloudFormation name's first word is exactly `AWS`, `Alexa` or `Fn`, then `::`.
            if shapes.cfn_names
                && matches!(word, b"AWS" | b"Alexa" | b"Fn")
                && b.get(end) == Some(&b':')
                && start >= self.cfn_end
            {
                if let Some(name_end) = cfn_name_end(b, end, word == b"Fn") {
                    self.cfn_end = name_end;
                    out.cfn_names.push(start..name_end);
                }
            }
            if shapes.codedeploy_configs
                && word == b"CodeDeployDefault"
                && start >= self.codedeploy_end
            {
                let tail = b[end..]
                    .iter()
                    .skip(1)
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                if b.get(end) == Some(&b'.') && tail > 0 {
                    self.codedeploy_end = end + 1 + tail;
                    out.codedeploy_configs.push(start..self.codedeploy_end);
                }
            }
        } else if word[0].is_ascii_lowercase() {
            if shapes.regions
                // Every Region code starts with a two-letter word and a dash (`us-`, `us-gov-`).
                && word.len() == 2
                && b.get(end) == Some(&b'-')
                && start >= self.region_end
            {
                if let Some(found) = region_code(b, start) {
                    self.region_end = found.whole.end;
                    out.regions.push(found);
                }
            }
            // An IAM prefix runs on to a colon, over dashes but no other punctuation.
            if shapes.iam_actions
                && matches!(b.get(end), Some(b':' | b'-'))
                && start >= self.iam_end
            {
                if let Some(found) = iam_action(b, start) {
                    self.iam_end = found.action.end;
                    out.iam_actions.push(found);
                }
            }
        }
        // A header starts with the word `x`, `amz` or `amzn` (any case) and a dash.
        if shapes.headers && matches!(word.len(), 1 | 3 | 4) && b.get(end) == Some(&b'-') {
            if word.eq_ignore_ascii_case(b"x") && start >= self.header_end {
                if let Some(tail) = amz_tail(b, end + 1) {
                    let name_end = end + 1 + tail;
                    self.header_end = name_end;
                    out.headers.push(start..name_end);
                }
            } else if word.len() > 1 && start >= self.without_x_end {
                if let Some(tail) = amz_tail(b, start) {
                    // The name ends with a letter or digit (`amz-sdk-` is not one).
                    let name = &b[start..start + tail];
                    let trimmed =
                        name.len() - name.iter().rev().take_while(|&&c| c == b'-').count();
                    let dash = name.iter().position(|&c| c == b'-').unwrap_or(0);
                    if trimmed >= dash + 3 {
                        self.without_x_end = start + trimmed;
                        out.headers_without_x.push(start..start + trimmed);
                    }
                }
            }
        }
        // Every environment variable has a `_`; a word may end in one after a digit or a lowercase
        // letter too (`1x__X_AMZN_TRACE_ID`).
        if shapes.env_vars && word.len() > 4 && word.contains(&b'_') {
            if let Some(k) = env_var_start(word) {
                out.env_vars.push(start + k..end);
            }
        }
    }
}

/// Where in `word` (a whole word) an environment variable starts, if it holds one: the whole word when
/// it is `(?:AWS|_X_AMZN|ECS|CODEBUILD)_[A-Z0-9_]*[A-Z0-9]`, else the first `_X_AM…` suffix that is
/// `_X_AM[A-Z]*_[A-Z0-9_]*[A-Z0-9]` and starts the word or follows a `_`.
fn env_var_start(word: &[u8]) -> Option<usize> {
    let upper_tail = |t: &[u8]| {
        t.last()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && t.iter()
                .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
    };
    for prefix in [&b"AWS_"[..], b"_X_AMZN_", b"ECS_", b"CODEBUILD_"] {
        if word.strip_prefix(prefix).is_some_and(upper_tail) {
            return Some(0);
        }
    }
    (0..word.len()).find(|&k| {
        (k == 0 || word[k - 1] == b'_')
            && word[k..].strip_prefix(b"_X_AM").is_some_and(|rest| {
                let letters = rest.iter().take_while(|c| c.is_ascii_uppercase()).count();
                rest.get(letters) == Some(&b'_') && upper_tail(&rest[letters + 1..])
            })
    })
}

/// Whether `word` (a capitalised run of letters and digits) is
/// `[A-Z][A-Za-z0-9]*(?:(?:Exception|Error|Fault)s?|Ex[a-z]{4,9})`: one of the suffixes after its first
/// letter, or `Ex` and four to nine lowercase letters ending it (`ThrottlingExecption`).
fn is_error_code(word: &[u8]) -> bool {
    let rest = &word[1..];
    const SUFFIXES: [&[u8]; 6] = [
        b"Exception",
        b"Exceptions",
        b"Error",
        b"Errors",
        b"Fault",
        b"Faults",
    ];
    if SUFFIXES.iter().any(|suffix| rest.ends_with(suffix)) {
        return true;
    }
    // The lowercase run ending the word starts with the `x` of `Ex`.
    let lower = rest
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_lowercase())
        .count();
    (5..=10).contains(&lower)
        && rest.len() > lower
        && rest[rest.len() - lower - 1] == b'E'
        && rest[rest.len() - lower] == b'x'
}

/// Whether `word` (a capitalised run of letters and digits) is `[A-Z][A-Za-z0-9]*[a-z0-9]Exceeded`.
fn is_exceeded_name(word: &[u8]) -> bool {
    word.len() >= 10
        && word.ends_with(b"Exceeded")
        && matches!(word[word.len() - 9], b'a'..=b'z' | b'0'..=b'9')
}

/// Where the CloudFormation name whose first word ends at `at` of `b` ends, if one follows: `::` and a
/// run of letters and digits; for `AWS::`/`Alexa::` (not `function`, `Fn::`) as many more such parts
/// as follow, then a transform's date (`-2016-10-31`) if one does.
fn cfn_name_end(b: &[u8], at: usize, function: bool) -> Option<usize> {
    let part = |from: usize| {
        let rest = b.get(from..)?.strip_prefix(b"::")?;
        let n = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        (n > 0).then_some(from + 2 + n)
    };
    let mut end = part(at)?;
    if function {
        return Some(end);
    }
    while let Some(next) = part(end) {
        end = next;
    }
    let is_date = b.get(end..end + 11).is_some_and(|d| {
        d.iter().enumerate().all(|(i, &c)| match i {
            0 | 5 | 8 => c == b'-',
            _ => c.is_ascii_digit(),
        })
    });
    Some(end + if is_date { 11 } else { 0 })
}

/// The length of `amzn?-[a-z0-9][a-z0-9-]*` (any case) at `at` of `b`, if it is there.
fn amz_tail(b: &[u8], at: usize) -> Option<usize> {
    let rest = b.get(at..)?;
    if !rest.get(..3)?.eq_ignore_ascii_case(b"amz") {
        return None;
    }
    let dash = match rest.get(3..5) {
        Some([n, b'-']) if n.eq_ignore_ascii_case(&b'n') => 4,
        _ if rest.get(3) == Some(&b'-') => 3,
        _ => return None,
    };
    if !rest.get(dash + 1).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let more = rest[dash + 2..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-')
        .count();
    Some(dash + 2 + more)
}

/// The IAM action starting at `start` (a word's start, a lowercase letter) of `b`, if one does.
fn iam_action(b: &[u8], start: usize) -> Option<IamAction> {
    // The prefix's class holds no colon: its greedy run ends right before the colon or nowhere.
    let colon = start
        + 1
        + b[start + 1..]
            .iter()
            .take_while(|&&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
            .count();
    let last = b[colon - 1];
    if colon - start < 2
        || b.get(colon) != Some(&b':')
        || !(last.is_ascii_lowercase() || last.is_ascii_digit())
        || !b
            .get(colon + 1)
            .is_some_and(|&c| c.is_ascii_uppercase() || c == b'*')
    {
        return None;
    }
    let action_len = 1 + b[colon + 2..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'*' || c == b'?')
        .count();
    Some(IamAction {
        prefix: start..colon,
        action: colon + 1..colon + 1 + action_len,
    })
}

/// The Region code starting at `start` (a word's start) of `b`, if one does: a prefix, a direction and
/// one or two digits, then an optional zone letter, and then no word byte.
fn region_code(b: &[u8], start: usize) -> Option<RegionCode> {
    let rest = &b[start..];
    for prefix in REGION_PREFIXES {
        let Some(after_prefix) = rest
            .strip_prefix(prefix.as_bytes())
            .and_then(|r| r.strip_prefix(b"-"))
        else {
            continue;
        };
        for direction in REGION_DIRECTIONS {
            let Some(digits) = after_prefix
                .strip_prefix(direction.as_bytes())
                .and_then(|r| r.strip_prefix(b"-"))
            else {
                continue;
            };
            let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=2).contains(&n) {
                continue;
            }
            let code_end = start + (rest.len() - digits.len()) + n;
            let zone = b.get(code_end).is_some_and(u8::is_ascii_lowercase) as usize;
            if b.get(code_end + zone)
                .is_some_and(|&c| WORD_BYTE[c as usize])
            {
                continue;
            }
            return Some(RegionCode {
                code: start..code_end,
                whole: start..code_end + zone,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regexes the rules used before the scan, matched as they matched them.
    fn by_regex(s: &str) -> Candidates {
        let env = crate::rules::regex!(
            r"(?-u:\b)(?:AWS|_X_AMZN|ECS|CODEBUILD)_[A-Z0-9_]*[A-Z0-9](?-u:\b)|(?:^|[^A-Za-z0-9])(_X_AM[A-Z]*_[A-Z0-9_]*[A-Z0-9])(?-u:\b)"
        );
        let region = crate::rules::regex!(
            r"(?-u:\b)((?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eu-isoe|us-isof)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]{1,2})([a-z])?(?-u:\b)"
        );
        let codedeploy = crate::rules::regex!(r"(?-u:\b)CodeDeployDefault\.[A-Za-z0-9]+");
        Candidates {
            pascal_words: crate::rules::regex!(r"(?-u:\b)[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+(?-u:\b)")
                .find_iter(s)
                .map(|m| PascalWord {
                    range: m.range(),
                    humps: pascal_humps(m.as_str().as_bytes()).unwrap_or(0),
                })
                .collect(),
            env_vars: env
                .captures_iter(s)
                .map(|c| c.get(1).unwrap_or_else(|| c.get(0).unwrap()).range())
                .collect(),
            regions: region
                .captures_iter(s)
                .map(|c| RegionCode {
                    code: c.get(1).unwrap().range(),
                    whole: c.get(0).unwrap().range(),
                })
                .collect(),
            codedeploy_configs: codedeploy.find_iter(s).map(|m| m.range()).collect(),
            iam_actions: crate::rules::regex!(
                r"(?-u:\b)([a-z][a-z0-9-]*[a-z0-9]):([A-Z*][A-Za-z0-9*?]*)"
            )
            .captures_iter(s)
            .map(|c| IamAction {
                prefix: c.get(1).unwrap().range(),
                action: c.get(2).unwrap().range(),
            })
            .collect(),
            headers: crate::rules::regex!(r"(?i-u)(?-u:\b)x-amzn?-[a-z0-9][a-z0-9-]*")
                .find_iter(s)
                .map(|m| m.range())
                .collect(),
            error_codes: crate::rules::regex!(
                r"(?-u:\b)[A-Z][A-Za-z0-9]*(?:(?:Exception|Error|Fault)s?|Ex[a-z]{4,9})(?-u:\b)"
            )
            .find_iter(s)
            .map(|m| m.range())
            .collect(),
            exceeded_names: crate::rules::regex!(
                r"(?-u:\b)[A-Z][A-Za-z0-9]*[a-z0-9]Exceeded(?-u:\b)"
            )
            .find_iter(s)
            .map(|m| m.range())
            .collect(),
            cfn_names: crate::rules::regex!(
                r"(?-u:\b)(?:AWS|Alexa)::[A-Za-z0-9]+(?:::[A-Za-z0-9]+)*(?:-[0-9]{4}-[0-9]{2}-[0-9]{2})?|(?-u:\b)Fn::[A-Za-z0-9]+"
            )
            .find_iter(s)
            .map(|m| m.range())
            .collect(),
            headers_without_x: crate::rules::regex!(
                r"(?i-u)(?-u:\b)amzn?-[a-z0-9][a-z0-9-]*[a-z0-9]"
            )
            .find_iter(s)
            .map(|m| m.range())
            .collect(),
        }
    }

    fn check(s: &str) {
        let (got, want) = (scan(s, Shapes::ALL), by_regex(s));
        assert_eq!(got.pascal_words, want.pascal_words, "{s:?}");
        assert_eq!(got.env_vars, want.env_vars, "{s:?}");
        assert_eq!(got.regions, want.regions, "{s:?}");
        assert_eq!(got.codedeploy_configs, want.codedeploy_configs, "{s:?}");
        assert_eq!(got.iam_actions, want.iam_actions, "{s:?}");
        assert_eq!(got.headers, want.headers, "{s:?}");
        assert_eq!(got.headers_without_x, want.headers_without_x, "{s:?}");
        assert_eq!(got.error_codes, want.error_codes, "{s:?}");
        assert_eq!(got.exceeded_names, want.exceeded_names, "{s:?}");
        assert_eq!(got.cfn_names, want.cfn_names, "{s:?}");
    }

    #[test]
    fn candidates_are_the_regex_matches() {
        for s in [
            "",
            "export AWS_DEFAULT_REGOIN=us-east-1 and _X_AMZN_TRACE_ID, _X_AMZ_TRACE_ID",
            "x_X_AMZ_A __X_AMZ_B AWS_lower_X_AM_C AWS_ AWS_X_ ECS_1 CODEBUILD_SRC_DIR_ é_X_AMZ_Dé",
            "us-east-1a us-east-12 us-east-123 us-east-1ab us-gov-west-1 us-isob-east-1 us-isof-south-1",
            "my-us-east-9-bucket us-east-us-east-1 eu-isoe-west-1 us-east-1_x us-east-1A eu-central-2.",
            "CodeDeployDefault.AllAtOnce CodeDeployDefault. XCodeDeployDefault.A CodeDeployDefault.a_b",
            "CodeDeployDefault.CodeDeployDefault.X PutItem GetItemOutput DescribeDBInstances",
            "s3:GetObject s3:Get* **s3:PutObject** my-s3:Get x-:A a:B ab-:C foo-Bar-s3:Get s3:getObject",
            "arn:aws:iam::123:role/x ec2:Describe*? dynamodb:Query,s3:ObjectCreated:* 1s3:A s3:A:B",
            "x-amz-date X-Amz-Meta- x-amzn-RequestId x-amz- x-amzn-x ax-amz-a amz-sdk-request amz-a amzn-ab",
            "x-amz-meta-x-amz-a amz-storage-class: amzn- amzn-a- amz-ab-- AMZ-X-Y x-amz_a X-AMZN-TRACE-ID",
            "ThrottlingException Exception AnError Errors AFaults ThrottlingExecption TokenExpired Exx",
            "AExabcd AExabc AExabcdefghi AExabcdefghij Foo_BarException FooException_x ProvisionedThroughputExceeded AExceeded",
            "A1Exceeded LimitExceededException ExceededExceeded Ex1234 XExpiredTokens ÉtatError",
            "AWS::S3::Bucket AWS::EC2:: AWS:: AWS::Serverless-2016-10-31 AWS::Serverless-2016-10-3",
            "Alexa::ASK::Skill Fn::GetAtt Fn::If::X Fn:: xAWS::A AWS::A::Fn::B AWS_::A éAWS::Xé AWS:::A",
            "AWS::A-2016-10-311 AWS::A-2016-1-31 AWS::A-20a6-10-31 Fn::Sub-2016-10-31 AWS::A_B AWS::::A",
        ] {
            check(s);
        }
        // Pieces of every shape, glued in random order: a fixed LCG keeps the test deterministic.
        let pieces = [
            "AWS_",
            "_X_AMZN_",
            "_X_AM",
            "ECS_",
            "CODEBUILD_",
            "FOO",
            "Z",
            "1",
            "_",
            "a",
            "us",
            "-",
            "east",
            "us-gov",
            "northeast",
            "iso",
            "b",
            "CodeDeployDefault",
            ".",
            "AllAtOnce",
            " ",
            "é",
            "x",
            "9",
            "12",
            "PutItem",
            "Get",
            "eu",
            "-west-",
            "-1",
            "AWS",
            "Alexa",
            "Fn",
            "::",
            ":",
            "-2016-10-31",
            "2016",
            "Exception",
            "Ex",
            "amz",
            "x-amz-",
        ];
        for s in crate::testdata::texts_of_pieces(11, &pieces, 9, 30_000) {
            check(&s);
        }
    }
}
