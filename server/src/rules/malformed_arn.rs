//! `malformed-arn`: an ARN or an AWS account ID whose shape is certainly wrong.
//!
//! Why: an AWS account ID is exactly 12 digits, and an ARN is six colon-separated parts
//! (`arn:partition:service:region:account-id:resource`). An account ID with a digit too many or too
//! few, an unknown partition or a missing colon makes every policy, CLI call or template using it fail
//! (or, in a policy, silently match nothing), and in notes it teaches a shape that does not exist.
//!
//! What is checked:
//!
//! - in an ARN (`arn:aws…:`), the account field: all digits but not 12 of them
//!   (`arn:aws:iam::1234567890123:role/x`), or written with hyphens (`1234-5678-9012`);
//! - the partition: one starting with `aws` that is not a partition (`aws`, `aws-cn`, `aws-us-gov`,
//!   `aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, `aws-eusc`): `arn:aws-gov:…`;
//! - the Region field, when it is shaped like a Region code but is not a Region
//!   (`arn:aws:sqs:us-east-7:…`), or holds a 12-digit account ID (a colon is missing);
//! - the service namespace, when it is no IAM service prefix, nothing else the schema knows, and one edit
//!   from a prefix (`arn:aws:lamda:…` → `lambda`);
//! - a missing colon: five parts whose last holds a resource path (`arn:aws:s3::bucket/*`,
//!   `arn:aws:iam::role/admin`), or an ARN pasted into another (`arn:aws:kafka:us-west-2:arn:aws:…`);
//! - outside ARNs, a number of 9 to 15 digits (not 12) where an account ID must stand: the value of an
//!   `"AWS"` principal (`"AWS": "1234567890123"`), the start of a CloudTrail, ELB or VPC Flow Logs log
//!   file name (`1234567890123_CloudTrail_…`), an `AWSLogs/<account>/` key prefix; and a number of 10 to
//!   14 digits (not 12) that its sentence or table row calls an account ID ("account ID 12345678901",
//!   "`1234567890123` is your AWS account ID", `"AccountId": "1234567890123"`).
//!
//! Left alone: placeholders (`<account-id>`, `ACCOUNT_ID`, `${AWS::AccountId}`, `{{account}}`, `*`),
//! the `aws` account of managed policies (`arn:aws:iam::aws:policy/…`), empty fields
//! (`arn:aws:s3:::bucket`), `arn:` strings of other systems, ARNs inside URLs, and numbers nothing calls
//! an account ID (timestamps, phone and order numbers, versions in an ARN's resource part).
//!
//! Example: `arn:aws:iam::1234567890123:role/admin` → an AWS account ID has 12 digits;
//! `1234567890123` has 13.

use super::*;

/// A field of an ARN: its range in the region's text.
#[derive(Clone, Debug)]
struct Field {
    range: Range<usize>,
}

/// An ARN found in the text: `arn:` then up to five fields.
struct Arn {
    /// The whole ARN, from `arn:` to its end.
    range: Range<usize>,
    /// partition, service, region, account, resource (the resource is everything after the fourth
    /// colon); fewer when the ARN has fewer colons.
    fields: Vec<Field>,
}

/// Characters that end an ARN (besides the end of the text): what surrounds one in prose, code and
/// Markdown.
fn ends_arn(c: u8) -> bool {
    c.is_ascii_whitespace() || b"\"'`<>)]},;|\\".contains(&c)
}

/// Parses the ARN starting at `start` (`s[start..]` begins with `arn:`). Colons inside `{…}` and `<…>`
/// (placeholders such as `${AWS::AccountId}` or `<account:id>`) do not separate fields.
fn parse_arn(s: &str, start: usize) -> Arn {
    let b = s.as_bytes();
    let mut i = start + 4;
    let mut fields = Vec::new();
    let mut field_start = i;
    let mut depth = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'{' || (c == b'<' && depth > 0) {
            depth += 1;
        } else if c == b'<' && i == field_start {
            // `<account-id>`: a placeholder field.
            depth += 1;
        } else if (c == b'}' || c == b'>') && depth > 0 {
            depth -= 1;
        } else if depth == 0 && ends_arn(c) {
            break;
        } else if depth == 0 && c == b':' && fields.len() < 4 {
            fields.push(Field {
                range: field_start..i,
            });
            field_start = i + 1;
        }
        i += 1;
    }
    fields.push(Field {
        range: field_start..i,
    });
    Arn {
        range: start..i,
        fields,
    }
}

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let b = s.as_bytes();
    let mut arns: Vec<Range<usize>> = Vec::new();
    // Colons are rarer than the letters of `arn`: find them, then look back.
    let starts = memchr::memchr_iter(b':', b)
        .filter(|&c| c >= 3 && &b[c - 3..c] == b"arn")
        .map(|c| c - 3);
    for at in starts {
        // `arn:` starting a word: not `learn:`, `-arn:`, `_arn:` (`role_arn:` is a key).
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || matches!(b[at - 1], b'_' | b'-' | b'.'))
        {
            continue;
        }
        // Inside an ARN already read (`arn:aws:…:arn:aws:…`).
        if arns.last().is_some_and(|r| at < r.end) {
            continue;
        }
        let arn = parse_arn(s, at);
        arns.push(arn.range.clone());
        check_arn(cx, region, s, &arn, out);
    }
    check_numbers(cx.text, region, &arns, out);
}

fn push(region: &Region, out: &mut Vec<Finding>, range: Range<usize>, message: String) {
    let abs = region.range.start + range.start..region.range.start + range.end;
    out.push(Finding::new(
        RuleId::MalformedArn,
        abs,
        message,
        vec![],
        None,
    ));
}

/// The names of `kind` nearest to `name` (within `max` edits), sorted: the did-you-mean candidates.
fn nearest(cx: &Context, kind: Kind, name: &str, max: usize) -> Vec<String> {
    let near: Vec<(String, usize)> = cx
        .schema
        .nearest(kind, name, max)
        .into_iter()
        .map(|n| (n.spelling.to_string(), n.distance))
        .collect();
    let mut best = best_of(&near);
    best.sort();
    best
}

fn digits_message(digits: &str) -> String {
    format!(
        "an AWS account ID has 12 digits; `{digits}` has {}",
        digits.len()
    )
}

/// Whether `f` is an AWS account ID written with hyphens, as the console shows it (`1234-5678-9012`).
fn is_hyphenated_account(f: &str) -> bool {
    let b = f.as_bytes();
    b.len() == 14
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 9 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_region_shaped(f: &str) -> bool {
    gated_regex!(r"^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob|eu-isoe|us-isof)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-[0-9]{1,2}$").is_match(f)
}

fn check_arn(cx: &Context, region: &Region, s: &str, arn: &Arn, out: &mut Vec<Finding>) {
    let field = |i: usize| arn.fields.get(i).map(|f| &s[f.range.clone()]);
    let Some(partition) = field(0) else {
        return;
    };
    // Other systems' ARNs and placeholders (`arn:${AWS::Partition}:…`, `arn:partition:…`).
    if !partition.starts_with("aws") || arn.fields.len() < 3 {
        return;
    }
    if !partition
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c == b'-')
        || partition.contains("partition")
    {
        return;
    }
    let whole = &s[arn.range.clone()];
    if !cx.schema.has(Kind::Partition, partition) {
        // GovCloud and China are what a wrong partition usually means (`aws-gov`, `aws-china`).
        let best = if partition.contains("gov") {
            vec!["aws-us-gov".to_string()]
        } else if partition.contains("cn") || partition.contains("china") {
            vec!["aws-cn".to_string()]
        } else {
            nearest(cx, Kind::Partition, partition, 2)
        };
        push(
            region,
            out,
            arn.fields[0].range.clone(),
            format!(
                "`{partition}` is not an AWS partition (`aws`, `aws-cn`, `aws-us-gov`, …){}",
                did_you_mean(&best)
            ),
        );
        return;
    }
    let service = field(1).unwrap_or("");
    let (Some(region_f), Some(account)) = (field(2), field(3)) else {
        return;
    };
    let complete = arn.fields.len() == 5;
    // `arn:aws:kafka:us-west-2:arn:aws:…`: an ARN pasted into another.
    if region_f == "arn" || account == "arn" {
        let inner = if region_f == "arn" { 2 } else { 3 };
        let pasted = arn.range.start..arn.fields[inner].range.start;
        push(
            region,
            out,
            pasted.clone(),
            format!(
                "an ARN pasted into another: `{}` is followed by a second `arn:`; keep one",
                &s[pasted]
            ),
        );
        return;
    }
    if !complete {
        // Five parts: the resource stands where the account ID goes (a colon is missing).
        if account.contains('/') && !account.contains(['{', '<', '$']) {
            let in_region = region_f.len() == 12 && region_f.bytes().all(|c| c.is_ascii_digit());
            let expected = if service == "s3" && region_f.is_empty() {
                format!(
                    "; an S3 ARN has empty Region and account fields: `arn:{partition}:s3:::{account}`"
                )
            } else if service == "iam" && in_region {
                format!(
                    "; an IAM ARN has an empty Region field: `arn:{partition}:iam::{region_f}:{account}`"
                )
            } else if in_region {
                format!(" and the account ID `{region_f}` in the Region field")
            } else {
                String::new()
            };
            push(
                region,
                out,
                arn.range.clone(),
                format!(
                    "`{whole}` has five parts where an ARN has six (`arn:partition:service:region:account-id:resource`): `{account}` stands in the account ID field{expected}"
                ),
            );
            return;
        }
    }
    // Service namespace: a near miss of an IAM service prefix that nothing else knows.
    if service.len() >= 4
        && service
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !cx.schema.has(Kind::IamService, service)
        && !cx.schema.knows_string(service)
    {
        let best = nearest(cx, Kind::IamService, service, 1);
        if !best.is_empty() {
            push(
                region,
                out,
                arn.fields[1].range.clone(),
                format!(
                    "`{service}` is not an AWS service namespace{}",
                    did_you_mean(&best)
                ),
            );
        }
    }
    // Region field.
    if region_f.len() == 12 && region_f.bytes().all(|c| c.is_ascii_digit()) {
        push(
            region,
            out,
            arn.fields[2].range.clone(),
            format!(
                "`{region_f}` is an account ID in the Region field: an ARN is `arn:partition:service:region:account-id:resource` (the Region is empty for global services such as IAM)"
            ),
        );
        return;
    }
    if is_region_shaped(region_f) && !cx.schema.has(Kind::Region, region_f) {
        let best = nearest(cx, Kind::Region, region_f, 1);
        push(
            region,
            out,
            arn.fields[2].range.clone(),
            format!("`{region_f}` is not an AWS Region{}", did_you_mean(&best)),
        );
    }
    // Account field.
    let acct_range = arn.fields[3].range.clone();
    if !account.is_empty() && account.bytes().all(|c| c.is_ascii_digit()) {
        if account.len() != 12 {
            push(region, out, acct_range, digits_message(account));
        }
    } else if is_hyphenated_account(account) {
        push(
            region,
            out,
            acct_range,
            format!(
                "an ARN holds the account ID without hyphens: `{}`",
                account.replace('-', "")
            ),
        );
    }
}

/// Numbers outside ARNs that stand where an account ID goes.
fn check_numbers(text: &str, region: &Region, arns: &[Range<usize>], out: &mut Vec<Finding>) {
    let s = &text[region.range.clone()];
    let b = s.as_bytes();
    for run in digit_runs(b, 9) {
        let (start, i) = (run.start, run.end);
        let len = run.len();
        if len > 15 || len == 12 {
            continue;
        }
        // A whole token: not part of a word, a decimal, a version, a path segment or a longer id.
        let before = start.checked_sub(1).map(|j| b[j]);
        let after = b.get(i).copied();
        let joined = |c: Option<u8>| {
            c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b',' | b'+'))
        };
        if joined(before)
            || matches!(before, Some(b'-' | b'_'))
            || arns.iter().any(|a| a.start < i && start < a.end)
        {
            continue;
        }
        let digits = &s[run.clone()];
        // Structural places: any length but 12 is wrong.
        if is_log_file_prefix(s, &run, before, after)
            || is_awslogs_segment(s, &run, after)
            || is_principal_value(s, &run, after)
        {
            push(region, out, run, digits_message(digits));
            continue;
        }
        if joined(after) || matches!(after, Some(b'-' | b'_' | b'/' | b':')) {
            continue;
        }
        // The sentence may run on outside the region (`` `1234567890123` is your account ID ``).
        let abs = region.range.start + run.start..region.range.start + run.end;
        if (10..=14).contains(&len) && called_account_id(text, &abs) {
            push(region, out, run, digits_message(digits));
        }
    }
}

/// The runs of at least `min` ASCII digits in `b`. Looks at one byte in `min` where there are no
/// digits: a run that long must cover the byte `min - 1` past the end of the last one.
fn digit_runs(b: &[u8], min: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    // `b[i - 1]` is never a digit (or `i` is 0): a run found at the probe starts at `i` or later.
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + min <= b.len() {
            let probe = i + min - 1;
            if !b[probe].is_ascii_digit() {
                i = probe + 1;
                continue;
            }
            let mut start = probe;
            while start > i && b[start - 1].is_ascii_digit() {
                start -= 1;
            }
            let mut end = probe + 1;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            i = end + 1;
            if end - start >= min {
                return Some(start..end);
            }
        }
        None
    })
}

/// `1234567890123_CloudTrail_us-east-1_…`: log files of CloudTrail, Elastic Load Balancing and VPC Flow
/// Logs are named after the account first.
fn is_log_file_prefix(s: &str, run: &Range<usize>, before: Option<u8>, after: Option<u8>) -> bool {
    if after != Some(b'_') || before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
        return false;
    }
    let rest = &s[run.end + 1..];
    [
        "CloudTrail_",
        "CloudTrail-Digest_",
        "CloudTrail-Insight_",
        "elasticloadbalancing_",
        "vpcflowlogs_",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
}

/// `AWSLogs/1234567890123/…`: the S3 key prefix of CloudTrail, Config, ELB and flow logs.
fn is_awslogs_segment(s: &str, run: &Range<usize>, after: Option<u8>) -> bool {
    after == Some(b'/') && s[..run.start].ends_with("AWSLogs/")
}

/// `"AWS": "1234567890123"`, `AWS: 1234567890123`, `"AWS": ["1234567890123"`: an account principal.
fn is_principal_value(s: &str, run: &Range<usize>, after: Option<u8>) -> bool {
    if after.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'/' | b':')) {
        return false;
    }
    let head = &s[run.start.saturating_sub(24)..run.start];
    let head = head.trim_end_matches(['"', '\'']).trim_end();
    let head = head.strip_suffix('[').unwrap_or(head).trim_end();
    let Some(head) = head.strip_suffix(':') else {
        return false;
    };
    let head = head.trim_end();
    let key = head
        .strip_suffix("\"AWS\"")
        .or_else(|| head.strip_suffix("'AWS'"))
        .or_else(|| head.strip_suffix("AWS"));
    key.is_some_and(|k| !k.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
}

/// Whether the sentence calls the number at `run` an account ID: "account ID 12345678901",
/// "`1234567890123` is your AWS account ID", `"AccountId": "1234567890123"`, `--account-id 1234567890123`.
fn called_account_id(s: &str, run: &Range<usize>) -> bool {
    // The phrase before the number: `account ID`, `account number`, `AccountId`, `account_id`,
    // `AWS account`, then only punctuation or a linking word.
    let line_start = s[..run.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &s[line_start.max(run.start.saturating_sub(60))..run.start];
    let re_before = gated_regex!(
        r#"(?i)(?:(?:account[ _-]?(?:id|number|no\.?|#)|aws[ _-]account)(?-u:\b)[\s"'`*:=,(\[{>|]*(?:(?:is|was|of|like|e\.g\.|\(e\.g\.)[\s"'`*:=(]*)?|(?-u:\b)account["'`*]*\s*[:=]\s*["'`*]*)$"#
    );
    if re_before.is_match(before) {
        return true;
    }
    let line_end = s[run.end..].find('\n').map_or(s.len(), |i| run.end + i);
    let after = &s[run.end..line_end.min(run.end + 60)];
    let re_after = gated_regex!(
        r#"(?i)^[\s"'`*)]*(?:\(|,|is|was|=|-|–|—)?\s*(?:(?:is|was)\s+)?(?:(?:your|the|my|our|their|an?)\s+)?(?:(?:aws|source|target|destination|member|management|root)\s+)?account[ _-]?(?:id|number)(?-u:\b)"#
    );
    re_after.is_match(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_fields() {
        let s = "see arn:aws:iam::${AWS::AccountId}:role/x now";
        let a = parse_arn(s, 4);
        let f: Vec<&str> = a.fields.iter().map(|f| &s[f.range.clone()]).collect();
        assert_eq!(f, ["aws", "iam", "", "${AWS::AccountId}", "role/x"]);
        let s = "arn:aws:lambda:us-east-1:123456789012:function:f:12";
        let a = parse_arn(s, 0);
        assert_eq!(&s[a.fields[4].range.clone()], "function:f:12");
        let s = "`arn:aws:iam::<account-id>:role/x`";
        let a = parse_arn(s, 1);
        assert_eq!(&s[a.fields[3].range.clone()], "<account-id>");
        assert_eq!(&s[a.range.clone()], "arn:aws:iam::<account-id>:role/x");
    }

    fn run_of(s: &str) -> Range<usize> {
        digit_runs(s.as_bytes(), 9).next().unwrap()
    }

    #[test]
    fn account_id_phrases() {
        let yes = [
            "account ID 12345678901",
            "`1234567890123` is your AWS account ID",
            "\"AccountId\": \"1234567890123\"",
            "--account-id 1234567890123",
            "the AWS account 1234567890123",
            "1234567890123 (the account ID)",
            "\"Account\": \"1234567890123\"",
            "Account: 44556677889",
            "| Account ID | 44556677889 |",
        ];
        for s in yes {
            let start = s.find(|c: char| c.is_ascii_digit()).unwrap();
            let end = start
                + s[start..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(s.len() - start);
            assert!(called_account_id(s, &(start..end)), "{s}");
        }
        let no = [
            "order 1234567890123 shipped; account ID below",
            "the timestamp 1700000000000 in ms",
            "call 12345678901 for the account manager",
            "bank account 12345678901",
            "| Account ID | Name | 44556677889 |",
        ];
        for s in no {
            assert!(!called_account_id(s, &run_of(s)), "{s}");
        }
    }

    #[test]
    fn digit_runs_skip_short_ones() {
        let text = b"a 123456789 b 12345678 c1234567890123x 9 123456789012";
        let runs: Vec<_> = digit_runs(text, 9)
            .map(|r| std::str::from_utf8(&text[r]).unwrap())
            .collect();
        assert_eq!(runs, ["123456789", "1234567890123", "123456789012"]);
        for n in 0..30 {
            let text = "7".repeat(n);
            let runs: Vec<Range<usize>> = digit_runs(text.as_bytes(), 9).collect();
            assert_eq!(runs.first().cloned(), (n >= 9).then_some(0..n));
            assert!(runs.len() <= 1);
        }
    }

    #[test]
    fn hyphenated_account() {
        assert!(is_hyphenated_account("1234-5678-9012"));
        assert!(!is_hyphenated_account("123456789012"));
        assert!(!is_hyphenated_account("1234-5678-901"));
    }
}
