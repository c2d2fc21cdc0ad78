//! `unknown-parameter`: a misspelled API parameter, attribute or enumeration value of a service the
//! text names — `KeyConditionExpresion`, `MaxNumberOfMessage=10`, `"VisibilityTimeOut":`, `KEY_ONLY`
//! (for `KEYS_ONLY`), `aws sqs receive-message --max-number-of-message 10`.
//!
//! Why: SDKs validate parameter names and enumeration values before sending a request, so a
//! misspelled one fails every call (boto3's `ParamValidationError: Unknown parameter`); in notes it
//! teaches a name that does not exist.
//!
//! Precision first: a name is judged only where it is used as one —
//! - in a code block, a keyword argument or object key (`MaxNumberOfMessage=10`,
//!   `"KeyConditionExpresion": …`, `{ TableName: … }`), a quoted or assigned enumeration value
//!   (`'KEY_ONLY'`, `StreamViewType=KEY_ONLY`), an option of an `aws <service> <operation>` command;
//! - an inline code span holding nothing but the name (`KeyConditionExpresion`, `KEY_ONLY`);
//! - in prose, a PascalCase name of three words or more that differs from a name of a named service in
//!   case only (`VisibilityTimeOut`).
//!
//! The name must be known nowhere in the schema (no service's parameter, value or operation, no
//! error code, no CloudFormation property…) and lie one edit (two for names of 14 letters or more)
//! from a parameter or value of a service named in the code block, its paragraph, or a heading above
//! (for a CLI option: the command's service). A name that differs only by a trailing `s` is judged
//! only as a key or option (`MaxNumberOfMessage=`), where it must be exact; in a span or prose it is
//! as often a data type (`AttributeDefinition`). CloudFormation templates, IAM policies and Step
//! Functions state machines have keys of their own and are left alone, as are the CLI's global
//! options.
//!
//! Keys inside a member's value are checked against what botocore says it holds
//! (`nested_members.rs`): `KeyConditions={"id": {"S": "uid-1"}}` (an entry is a `Condition`:
//! `AttributeValueList`, `ComparisonOperator`), `"Environment": {"Variables": …, "Secrets": …}` for
//! Lambda — only in a request (not a response printed after its command, not an event), one key out
//! of place beside right ones or a member of another structure, never inside an item's own values.
//! A block that is one object alone is read as the member whose value holds all its keys but one
//! (`{"Variables": {}, "Secrets": []}` is Lambda's `Environment`) when exactly one member fits and
//! the other key belongs to none of the service's structures; the line introducing the block
//! ("In the Lambda function configuration, set:") counts as its context.
//!
//! Example: in a note about DynamoDB, `KeyConditionExpresion` → did you mean
//! `KeyConditionExpression`? `StreamViewType=KEY_ONLY` → did you mean `KEYS_ONLY`?

use super::*;
use crate::schema::operations::OperationIndex;

/// How a candidate is used, which decides what it is compared with and how strictly.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Use {
    /// A keyword argument or object key in code: must be an exact parameter name.
    Key,
    /// An enumeration value in code: must be an exact value.
    Value,
    /// An option of an AWS CLI command, kebab-case, judged against that command's service.
    CliOption,
    /// An inline code span holding only the name.
    Span,
    /// A PascalCase name in prose: only a case slip counts.
    Prose,
}

struct Candidate {
    /// Relative to the region.
    range: Range<usize>,
    use_: Use,
    /// For `CliOption`: the services the command names.
    services: Vec<u32>,
}

/// AWS CLI options every command takes (`aws help config-vars`, "Global options").
pub(super) const CLI_GLOBAL_OPTIONS: &[&str] = &[
    "ca-bundle",
    "cli-auto-prompt",
    "cli-binary-format",
    "cli-connect-timeout",
    "cli-input-json",
    "cli-input-yaml",
    "cli-read-timeout",
    "color",
    "debug",
    "endpoint-url",
    "generate-cli-skeleton",
    "max-items",
    "no-cli-auto-prompt",
    "no-cli-pager",
    "no-paginate",
    "no-sign-request",
    "no-verify-ssl",
    "output",
    "page-size",
    "profile",
    "query",
    "region",
    "starting-token",
    "version",
];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    // Templates, policies and state machines have keys of their own: neither reading judges them.
    if region.kind == RegionKind::CodeBlock && is_foreign_document(s) {
        return;
    }
    if region.kind == RegionKind::CodeBlock {
        super::nested_members::check(cx, region, out);
    }
    let candidates = match region.kind {
        RegionKind::CodeBlock => code_candidates(cx, region, s),
        RegionKind::InlineCode => span_candidate(s).into_iter().collect(),
        RegionKind::Prose => prose_candidates(cx, region, s),
        _ => Vec::new(),
    };
    if candidates.is_empty() {
        return;
    }
    let index = cx.schema.operations();
    let mut named: Option<Vec<u32>> = None;
    for c in candidates {
        let typed = &s[c.range.clone()];
        if cx.is_accepted_word(typed) {
            continue;
        }
        // A name the schema has an entry for (an error code, a service) is another rule's business.
        // Services otherwise: found once per region (and memoised per paragraph), and most regions
        // name none, which settles all their candidates. Until they are found, the schema's answer is
        // asked first: it is a probe, finding them reads the paragraph.
        let asked = named.is_none();
        if asked && cx.schema.knows_ci(typed) {
            continue;
        }
        let services = if c.use_ == Use::CliOption {
            c.services.clone()
        } else {
            named
                .get_or_insert_with(|| cx.services_around(region))
                .clone()
        };
        if services.is_empty() || !asked && cx.schema.knows_ci(typed) {
            continue;
        }
        if let Some(finding) = judge(cx, index, region, &c, typed, &services) {
            out.push(finding);
        }
    }
}

/// The verdict on one candidate against the names of `services`.
fn judge(
    cx: &Context,
    index: &OperationIndex,
    region: &Region,
    c: &Candidate,
    typed: &str,
    services: &[u32],
) -> Option<Finding> {
    let enum_like = is_upper_snake(typed);
    let names_of = |i: u32| -> &[String] {
        let svc = &index.services[i as usize];
        if enum_like {
            svc.enum_values(cx.schema)
        } else {
            svc.members(cx.schema)
        }
    };
    // The schema's names in the writer's spelling: kebab-case for a CLI option, borrowed otherwise
    // (this runs for every candidate over thousands of names).
    let kebab: Vec<(&str, u32)> = if c.use_ == Use::CliOption {
        // Only names about as long as the option (without its dashes) can be within reach.
        let letters = typed.bytes().filter(|b| *b != b'-').count();
        services
            .iter()
            .flat_map(|&i| {
                let svc = &index.services[i as usize];
                svc.members(cx.schema)
                    .iter()
                    .zip(svc.cli_members(cx.schema))
                    .filter(move |(n, _)| n.len().abs_diff(letters) <= 3)
                    .map(move |(_, k)| (k.as_str(), i))
            })
            .collect()
    } else {
        Vec::new()
    };
    // Two edits only where the name must be exact anyway (a key, a value, an option); a span or prose
    // may name another library's spelling (`ConditionalExpression` is the .NET document model's).
    let exact_use = matches!(c.use_, Use::Key | Use::Value | Use::CliOption);
    let max = if typed.len() >= 14 && exact_use { 2 } else { 1 };
    // Names a bounded edit can reach: the length window of each service's sorted names (prose
    // compares case only: the same length).
    let window = if c.use_ == Use::Prose { 0 } else { max };
    let spelled = || -> Box<dyn Iterator<Item = (&str, u32)> + '_> {
        if c.use_ == Use::CliOption {
            Box::new(kebab.iter().copied())
        } else {
            Box::new(services.iter().flat_map(move |&i| {
                index.services[i as usize]
                    .names_near_length(cx.schema, enum_like, typed.len(), window)
                    .map(move |n| (n, i))
            }))
        }
    };
    let exact = if c.use_ == Use::CliOption {
        kebab.iter().any(|(n, _)| *n == typed)
    } else {
        services.iter().any(|&i| {
            names_of(i)
                .binary_search_by(|n| n.as_str().cmp(typed))
                .is_ok()
        })
    };
    if exact {
        return None;
    }
    let query = crate::schema::DistanceQuery::new(typed);
    let mut near: Vec<(String, usize, u32)> = Vec::new();
    for (n, i) in spelled() {
        let d = if n.eq_ignore_ascii_case(typed) {
            Some(0) // a case slip: the closest there is
        } else if c.use_ == Use::Prose {
            None
        } else {
            query.distance(n, max)
        };
        let Some(d) = d else { continue };
        // `InvoiceID` for `InvoiceId`, `Md5OfBody` for `MD5OfBody`: acronym styling, not a slip a
        // reader would stumble on.
        if d == 0 && acronym_styling(typed, n) {
            continue;
        }
        let plural_only = n.strip_suffix('s') == Some(typed) || typed.strip_suffix('s') == Some(n);
        if plural_only && matches!(c.use_, Use::Span | Use::Prose) {
            continue;
        }
        near.push((n.to_string(), d, i));
    }
    // `Table1`, `AttributeName3`: numbered placeholders of a name, not misspellings of it.
    let numbered = typed.ends_with(|c: char| c.is_ascii_digit());
    if near.is_empty()
        || (numbered
            && !near
                .iter()
                .any(|n| n.0.ends_with(|c: char| c.is_ascii_digit())))
    {
        return None;
    }
    // A name of another service, an operation, an error code, a CloudFormation property: right
    // somewhere, so not provably wrong here. (A CLI option is known in its PascalCase form.)
    let plain = if c.use_ == Use::CliOption {
        pascal_of_kebab(typed)
    } else {
        typed.to_string()
    };
    // An enumeration value of another service only (`KEY_ONLY` is CodeDeploy's) is, next to a value
    // of the service the text is about, that value misspelled — as with error codes. Values are short
    // and generic: other kinds of names (`AWS_REGION`) stay right.
    if cx.schema.knows_string(&plain)
        && !(enum_like && best_distance_is_one(&near) && !cx.schema.knows_ci(&plain))
    {
        return None;
    }
    near.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    near.dedup_by(|a, b| a.0 == b.0);
    let best_distance = near[0].1;
    let best: Vec<String> = near
        .iter()
        .filter(|(_, d, _)| *d == best_distance)
        .take(3)
        .map(|(n, _, _)| n.clone())
        .collect();
    let service = &index.services[near[0].2 as usize].name;
    let abs = region.range.start + c.range.start..region.range.start + c.range.end;
    let message = match c.use_ {
        Use::CliOption => format!(
            "`--{typed}` is not an option of `aws {}`{}",
            index.services[near[0].2 as usize].prefix,
            did_you_mean(&best.iter().map(|b| format!("--{b}")).collect::<Vec<_>>())
        ),
        _ if enum_like => format!(
            "`{typed}` is not a value in the {service} API{}",
            did_you_mean(&best)
        ),
        _ => format!(
            "`{typed}` is not a parameter or attribute of {service}{}",
            did_you_mean(&best)
        ),
    };
    Some(Finding::new(
        RuleId::UnknownParameter,
        abs,
        message,
        best,
        None,
    ))
}

/// A CloudFormation template, an IAM policy, a Step Functions state machine or a Kubernetes manifest:
/// keys of their own, not API members.
fn is_foreign_document(s: &str) -> bool {
    // `Statement:`, `"StartAt" :`: the key, an optional closing quote, white space, a colon.
    let key_then_colon = |key: &str| {
        s.match_indices(key).any(|(at, _)| {
            let rest = &s[at + key.len()..];
            let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
            rest.trim_start().starts_with(':')
        })
    };
    s.contains("AWS::")
        || s.contains("AWSTemplateFormatVersion")
        || s.contains("apiVersion:")
        || key_then_colon("Statement")
        || key_then_colon("StartAt")
}

/// Keys, values and CLI options in a code block (not a template, policy or state machine: the caller
/// checked).
fn code_candidates(cx: &Context, region: &Region, s: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    // `Key=value` inside a call or CLI shorthand, `"Key": value`, `{ Key: value }`, `Key: value` on a
    // line of its own. Unquoted keys are JavaScript and Go object literals (`{ TableName: … }`): in
    // YAML (SAM build properties, buildspecs) a key is the tool's own.
    let lang = region.lang.as_deref().unwrap_or("").to_ascii_lowercase();
    let object_literals = matches!(
        lang.as_str(),
        "js" | "javascript" | "ts" | "typescript" | "jsx" | "tsx" | "go" | "golang"
    );
    let mut keys = keyword_arguments(s);
    keys.extend(quoted_keys(s));
    if object_literals {
        keys.extend(bare_keys(s));
    }
    for key in keys {
        if key.len() >= 6 {
            push(&mut out, key, Use::Key, Vec::new());
        }
    }
    for value in upper_snake_values(s) {
        let closed = s[value.end..].starts_with(['"', '\'']) || s[..value.start].ends_with('=');
        if closed && value.len() >= 5 {
            push(&mut out, value, Use::Value, Vec::new());
        }
    }
    if s.contains("aws ") {
        cli_options(cx, s, &mut out);
    }
    out
}

// The code keys and values below are found by hand, each the matches of the regex in its doc (its
// group 1), leftmost first and not overlapping; the tests compare them. Code blocks are most of the
// text this rule reads, and the regexes' captures were most of its cost.

/// Where the key shape `[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*` starting at `at` ends when it is the whole
/// run of letters and digits there (a key is always followed by something else).
fn key_at(b: &[u8], at: usize) -> Option<usize> {
    if !b.get(at).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let end = super::words::run_end(b, at + 1, u8::is_ascii_alphanumeric);
    b[at + 1..end]
        .iter()
        .any(u8::is_ascii_lowercase)
        .then_some(end)
}

/// The length of the character at `at` (the regexes' `[^=]` or `[^\n]` take a whole character).
fn char_len(s: &str, at: usize) -> usize {
    s[at..].chars().next().map_or(0, char::len_utf8)
}

/// `Key=value` in a call or CLI shorthand: `(?:[(,]\s*|[ \t])(KEY)=[^=]`.
fn keyword_arguments(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    // Where the last match ended (with the character after its `=`): the next one's prefix starts
    // there or later.
    let mut free = 0;
    // A key is the whole run of letters and digits before an `=`: each `=` has one candidate.
    for eq in memchr::memchr_iter(b'=', b) {
        if eq < free || b.get(eq + 1).is_none_or(|c| *c == b'=') {
            continue;
        }
        let start = eq
            - b[free..eq]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
        if key_at(b, start) != Some(eq) {
            continue;
        }
        // A blank right before the key, or `(` or `,` and white space.
        let before = &s[free..start];
        if before.ends_with([' ', '\t'])
            || before
                .trim_end_matches(char::is_whitespace)
                .ends_with(['(', ','])
        {
            out.push(start..eq);
            free = eq + 1 + char_len(s, eq + 1);
        }
    }
    out
}

/// `"Key":` or `'Key' =>`: `["'](KEY)["'][ \t]*(?::|=>)`.
fn quoted_keys(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(quote) = memchr::memchr2(b'"', b'\'', &b[at.min(b.len())..]) {
        at += quote;
        let found = key_at(b, at + 1)
            .filter(|end| matches!(b.get(*end), Some(b'"' | b'\'')))
            .and_then(|end| {
                let op = super::words::run_end(b, end + 1, |c| *c == b' ' || *c == b'\t');
                match b.get(op..) {
                    Some([b':', ..]) => Some((end, op + 1)),
                    Some([b'=', b'>', ..]) => Some((end, op + 2)),
                    _ => None,
                }
            });
        match found {
            Some((end, after)) => {
                out.push(at + 1..end);
                at = after;
            }
            None => at += 1,
        }
    }
    out
}

/// `{ Key: value }` or `Key: value` starting a line, to the end of the line:
/// `(?m)(?:^[ \t]*|[{,][ \t]*)(KEY)[ \t]*:[ \t]+[^\n]*$`.
fn bare_keys(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    // The key at `name`, then blanks, a colon and at least one blank: (key, end of the line).
    let key_line = |name: usize| {
        let end = key_at(b, name)?;
        let colon = super::words::run_end(b, end, blank);
        (b.get(colon) == Some(&b':') && b.get(colon + 1).is_some_and(blank)).then(|| {
            let line_end = memchr::memchr(b'\n', &b[colon..]).map_or(b.len(), |i| colon + i);
            (name..end, line_end)
        })
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        let line_start = at == 0 || b[at - 1] == b'\n';
        let found = line_start
            .then(|| key_line(super::words::run_end(b, at, blank)))
            .flatten()
            .or_else(|| {
                matches!(b[at], b'{' | b',')
                    .then(|| key_line(super::words::run_end(b, at + 1, blank)))
                    .flatten()
            });
        match found {
            // An empty match is impossible (a key is at least two bytes): the search goes on after it.
            Some((key, line_end)) => {
                out.push(key);
                at = line_end;
            }
            None => at += 1,
        }
    }
    out
}

/// An enumeration value in upper snake case after a quote or `=`:
/// `(?:["']|=)([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?-u:\b)`.
fn upper_snake_values(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let upper_or_digit = |c: &u8| c.is_ascii_uppercase() || c.is_ascii_digit();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = memchr::memchr3(b'"', b'\'', b'=', &b[at.min(b.len())..]) {
        at += open;
        if !b.get(at + 1).is_some_and(u8::is_ascii_uppercase) {
            at += 1;
            continue;
        }
        let mut end = super::words::run_end(b, at + 2, upper_or_digit);
        let mut parts = 0;
        while b.get(end) == Some(&b'_') && b.get(end + 1).is_some_and(upper_or_digit) {
            end = super::words::run_end(b, end + 1, upper_or_digit);
            parts += 1;
        }
        let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
        if parts > 0 && !b.get(end).is_some_and(word) {
            out.push(at + 1..end);
            at = end;
        } else {
            at += 1;
        }
    }
    out
}

/// `--option` of `aws <service> <operation> …` (over `\` continuations), against the service's names.
fn cli_options(cx: &Context, s: &str, out: &mut Vec<Candidate>) {
    let command = regex!(
        r"(?-u:\b)aws[ \t]+([a-z0-9][a-z0-9-]*)[ \t]+[a-z][a-z0-9-]*[a-z0-9](?:[^\n]|\\\n)*"
    );
    let option = regex!(r"(?:^|[ \t])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?-u:\b)");
    let index = cx.schema.operations();
    for caps in command.captures_iter(s) {
        let service = caps.get(1).expect("service").as_str();
        // `aws s3 cp --recursive`: the high-level S3 commands have options of their own.
        if service == "s3" {
            continue;
        }
        let services = index.services_named(service).to_vec();
        if services.is_empty() {
            continue;
        }
        let whole = caps.get(0).expect("command");
        for o in option.captures_iter(whole.as_str()) {
            let m = o.get(1).expect("option");
            let name = m.as_str();
            let plain = name.strip_prefix("no-").unwrap_or(name);
            if name.len() < 6 || CLI_GLOBAL_OPTIONS.contains(&name) || plain != name {
                continue;
            }
            let start = whole.start() + m.start();
            push(
                out,
                start..start + m.len(),
                Use::CliOption,
                services.clone(),
            );
        }
    }
}

/// Whether `s` is a PascalCase name with two capitalised parts or more (`ReturnValues`, `S3Key`) or
/// an enumeration value in upper snake case (`ALL_NEW`): the whole of
/// `[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+`.
fn is_member_name(s: &str) -> bool {
    let b = s.as_bytes();
    let lower_or_digit = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let upper_or_digit = |c: &u8| c.is_ascii_uppercase() || c.is_ascii_digit();
    if !b.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    // PascalCase: a lowercase letter or digit second, and a capital after it.
    let pascal = b.get(1).is_some_and(lower_or_digit)
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b[2..].iter().any(u8::is_ascii_uppercase);
    // UPPER_SNAKE: two parts or more, none empty.
    let snake = s.contains('_')
        && s.split('_')
            .all(|part| !part.is_empty() && part.bytes().all(|c| upper_or_digit(&c)));
    pascal || snake
}

/// An inline code span that is only a PascalCase name or an enumeration value.
fn span_candidate(s: &str) -> Option<Candidate> {
    (s.len() >= 8 && is_member_name(s)).then(|| Candidate {
        range: 0..s.len(),
        use_: Use::Span,
        services: Vec::new(),
    })
}

/// PascalCase names of three words or more in prose (`VisibilityTimeOut`).
/// PascalCase words of three parts or more (`KeyConditionExpression`), twelve letters or more.
fn prose_candidates(cx: &Context, region: &Region, s: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for w in cx.candidates(region).pascal_words.iter() {
        if w.humps >= 2 && w.range.len() >= 12 && is_standalone(s, &w.range) {
            push(&mut out, w.range.clone(), Use::Prose, Vec::new());
        }
    }
    out
}

fn push(out: &mut Vec<Candidate>, range: Range<usize>, use_: Use, services: Vec<u32>) {
    if !out.iter().any(|c| c.range == range) {
        out.push(Candidate {
            range,
            use_,
            services,
        });
    }
}

/// Whether two spellings differ only in the case of letters that follow a capital (`ID`/`Id`).
fn acronym_styling(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len()
        && (0..a.len()).all(|i| {
            a[i] == b[i]
                || (a[i].eq_ignore_ascii_case(&b[i])
                    && i > 0
                    && (a[i - 1].is_ascii_uppercase() || b[i - 1].is_ascii_uppercase()))
        })
}

fn best_distance_is_one(near: &[(String, usize, u32)]) -> bool {
    near.iter().map(|n| n.1).min() == Some(1)
}

fn is_upper_snake(s: &str) -> bool {
    s.contains('_')
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// `max-number-of-messages` → `MaxNumberOfMessages` (close enough to look the name up).
fn pascal_of_kebab(s: &str) -> String {
    pascal_case_of(s, '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_member_name` and `is_foreign_document` answer as the regexes they replaced, on fixed
    /// samples and pseudo-random text.
    #[test]
    fn shape_tests_are_the_regex_matches() {
        let name = regex!(r"^(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$");
        let foreign = regex!(
            r#"AWS::|AWSTemplateFormatVersion|["']?Statement["']?\s*:|["']?StartAt["']?\s*:|apiVersion:"#
        );
        let check = |s: &str| {
            assert_eq!(is_member_name(s), name.is_match(s), "{s:?}");
            assert_eq!(is_foreign_document(s), foreign.is_match(s), "{s:?}");
        };
        for s in [
            "",
            "A",
            "Ab",
            "AbC",
            "A1B",
            "ReturnValues",
            "ALL_NEW",
            "A_",
            "_A",
            "A__B",
            "A_b",
            "Ab_C",
            "S3Key",
            "aB",
            "ABc",
            "AB",
            "A1_2",
            "Statement:",
            "'Statement' :",
            "\"StartAt\"\u{a0}:",
            "Statement\"\":",
            "Statements:",
            "AWS:: x",
            "apiVersion :",
            "AWSTemplateFormatVersion",
        ] {
            check(s);
        }
        let pieces = [
            "A",
            "B",
            "b",
            "1",
            "_",
            "Statement",
            "StartAt",
            ":",
            " ",
            "\u{a0}",
            "\"",
            "'",
            "AWS",
            "::",
            "apiVersion",
            "é",
        ];
        for s in crate::testdata::texts_of_pieces(9, &pieces, 7, 20_000) {
            check(&s);
        }
    }

    /// The code keys and values found by hand are group 1 of the regexes they replaced.
    #[test]
    fn code_keys_are_the_regex_matches() {
        type Scanner = fn(&str) -> Vec<Range<usize>>;
        let scanners: [(&str, Scanner); 4] = [
            (
                r"(?:[(,]\s*|[ \t])([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)=[^=]",
                keyword_arguments,
            ),
            (
                r#"["']([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)["'][ \t]*(?::|=>)"#,
                quoted_keys,
            ),
            (
                r"(?m)(?:^[ \t]*|[{,][ \t]*)([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)[ \t]*:[ \t]+[^\n]*$",
                bare_keys,
            ),
            (
                r#"(?:["']|=)([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?-u:\b)"#,
                upper_snake_values,
            ),
        ];
        let pieces = [
            "Key",
            "TableName",
            "KEY",
            "KEYS_ONLY",
            "_",
            "A1",
            "x",
            "a",
            "=",
            "==",
            "(",
            ",",
            " ",
            "\t",
            "\n",
            "\u{a0}",
            "\"",
            "'",
            ":",
            "=>",
            "{",
            "é",
            "9",
        ];
        for (pattern, scan) in scanners {
            let re = regex::Regex::new(pattern).unwrap();
            let check = |s: &str| {
                let want: Vec<Range<usize>> = re
                    .captures_iter(s)
                    .map(|c| c.get(1).unwrap().range())
                    .collect();
                assert_eq!(scan(s), want, "{pattern} on {s:?}");
            };
            for s in [
                "client.query(TableName='t', KeyConditionExpresion=x)",
                "put(Item={\"Name\": 1}, ReturnValues='ALL_NEW')",
                "{ TableName: 't',\n  Key: { Id: 1 } }\nLimit: 5",
                "\"VisibilityTimeOut\" => 30, 'MaxNumberOfMessages': 10",
                "StreamViewType=KEY_ONLY A=B==C (\u{a0}\nMaxItems=2",
                // The character after `=` belongs to the match: the blank or comma is not the next
                // key's start.
                "f( Key= Key=x,Key=,Key=1) 'A_B'C_D' =X_Y_",
            ] {
                check(s);
            }
            for s in crate::testdata::texts_of_pieces(17, &pieces, 9, 30_000) {
                check(&s);
            }
        }
    }

    #[test]
    fn shapes_of_names() {
        assert!(is_upper_snake("KEYS_ONLY"));
        assert!(!is_upper_snake("PROVISIONED"));
        assert_eq!(
            pascal_of_kebab("max-number-of-messages"),
            "MaxNumberOfMessages"
        );
    }

    #[test]
    fn spans() {
        assert!(span_candidate("KeyConditionExpresion").is_some());
        assert!(span_candidate("KEY_ONLY").is_some());
        assert!(span_candidate("TableName = x").is_none());
        assert!(span_candidate("Short").is_none());
    }
}
