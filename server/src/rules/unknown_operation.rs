//! `unknown-operation`: a misspelled API operation of a service the text names — in SDK spelling
//! (`GetItm`, `DescribeStakcs`, `dynamodb.putItm(…)`, `client.put_itme(…)`) or as an AWS
//! CLI command (`aws dynamodb put-itemm`, `aws sqs create-queu`).
//!
//! Why: an operation name is what code calls and what people search the API reference for; a
//! misspelled one fails at run time (or, in notes, teaches a name that does not exist).
//!
//! Precision first: a CLI command is judged against the operations of the service it names; an SDK
//! name only when it starts with an API verb, is no operation of any service and no IAM action of the
//! service, and is one edit (two for long names) from an operation of a service named in the same
//! paragraph or code block, or in a heading above it, keeping its verb. In code blocks only method
//! calls count (`table.put_itme(`); a name that differs from an operation by a trailing `s` only
//! (`GetItems`, `PutItems`, `TransactWriteItem`, `DescribeStack`) is a plural or a data type as often
//! as a slip — even in a code span: AWS's DynamoDB guide writes "individual `GetItems` in a
//! `BatchGetItem`" — and is left alone, except on the CLI, where `start-instance` is simply wrong.
//! The CLI's own commands (`aws s3 cp`, `aws cloudformation deploy`, `aws ecr get-login-password`,
//! `wait`) are not API operations and are left alone.
//!
//! Example: `aws dynamodb put-itemm` → did you mean `put-item`? `DescribeStakcs` (in a note about
//! CloudFormation) → did you mean `DescribeStacks`?

use super::*;
use crate::schema::operations::{kebab_case, OperationIndex, ServiceOps};

/// Commands the AWS CLI adds on top of the API (customizations), and `aws s3`'s high-level commands.
const CLI_COMMANDS: &[&str] = &[
    "wait",
    "help",
    "deploy",
    "package",
    "push",
    "get-login",
    "get-login-password",
    "update-kubeconfig",
    "get-token",
    "tail",
    "start-live-tail",
    "ssh",
    "create-default-roles",
    "install-agent",
    "wizard",
    "history",
];

/// First words of API operation names: an SDK candidate starts with one. Sorted (binary search).
const VERBS: &[&str] = &[
    "Add",
    "Associate",
    "Assume",
    "Attach",
    "Batch",
    "Cancel",
    "Change",
    "Copy",
    "Create",
    "Delete",
    "Deregister",
    "Describe",
    "Detach",
    "Disable",
    "Disassociate",
    "Enable",
    "Execute",
    "Export",
    "Get",
    "Import",
    "Invoke",
    "List",
    "Modify",
    "Publish",
    "Purge",
    "Put",
    "Query",
    "Reboot",
    "Receive",
    "Register",
    "Remove",
    "Restore",
    "Run",
    "Scan",
    "Send",
    "Set",
    "Start",
    "Stop",
    "Subscribe",
    "Tag",
    "Terminate",
    "Transact",
    "Untag",
    "Update",
    "Upload",
];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if cx.triggers(region).has(Trigger::AwsCommand) {
        cli_commands(cx, region, s, out);
    }
    sdk_names(cx, region, s, out);
}

/// `aws <service> <operation>`: the operation against that service's operations, kebab-case.
fn cli_commands(cx: &Context, region: &Region, s: &str, out: &mut Vec<Finding>) {
    for (service, op) in super::cli_commands(s) {
        if op.as_str().len() < 6 || CLI_COMMANDS.contains(&op.as_str()) {
            continue;
        }
        let index = cx.schema.operations();
        let services = index.services_named(service.as_str());
        if services.is_empty() {
            continue;
        }
        let kebab = names_of(index, services, |svc| svc.cli_ops(cx.schema));
        if kebab.iter().any(|(k, _)| *k == op.as_str()) {
            continue;
        }
        let near = nearest(&kebab, op.as_str());
        report(out, region, op.range(), op.as_str(), near, index);
    }
}

/// The names of method calls in `s` (`.putItem(`, `.put_item(`): group 1 of the matches of
/// `\.([A-Za-z][a-z]+(?:[A-Z][a-z0-9]*|_[a-z0-9]+)+)\(`.
fn method_calls(s: &str) -> Vec<std::ops::Range<usize>> {
    let b = s.as_bytes();
    let run = |from: usize, class: fn(&u8) -> bool| super::words::run_end(b, from, class);
    let lower_or_digit = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut out = Vec::new();
    let mut searched_to = 0;
    for p in memchr::memchr_iter(b'.', b) {
        if p < searched_to || !b.get(p + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut end = run(p + 2, u8::is_ascii_lowercase);
        if end == p + 2 {
            continue;
        }
        // Each further part is a capital and lowercase letters or digits, or `_` and at least one.
        let mut parts = 0;
        loop {
            match b.get(end) {
                Some(c) if c.is_ascii_uppercase() => end = run(end + 1, lower_or_digit),
                Some(b'_') if b.get(end + 1).is_some_and(lower_or_digit) => {
                    end = run(end + 1, lower_or_digit)
                }
                _ => break,
            }
            parts += 1;
        }
        if parts > 0 && b.get(end) == Some(&b'(') {
            out.push(p + 1..end);
            searched_to = end + 1;
        }
    }
    out
}

/// PascalCase names starting with an API verb, and method calls in code (`.putItm(`, `.put_itme(`).
fn sdk_names(cx: &Context, region: &Region, s: &str, out: &mut Vec<Finding>) {
    let mut candidates: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let code = region.kind == RegionKind::CodeBlock;
    let verb_name = |name: &str| name.len() >= 6 && starts_with_verb(name);
    if !code {
        for w in cx.candidates(region).pascal_words.iter() {
            let name = &s[w.range.clone()];
            if verb_name(name) && is_standalone(s, &w.range) {
                candidates.push((w.range.clone(), name.to_string()));
            }
        }
    }
    // In code, only calls: a PascalCase name there is as often the program's own function.
    if code || region.kind == RegionKind::InlineCode {
        for m in method_calls(s) {
            let name = pascal_case(&s[m.clone()]);
            if verb_name(&name) {
                candidates.push((m, name));
            }
        }
    }
    if candidates.is_empty() {
        return;
    }
    let index = cx.schema.operations();
    // Another service's operation (`CreateQueue` in a DynamoDB paragraph) is a right name, and so is
    // one of the paragraph's services: a name that is any service's operation (most are) is settled
    // before the paragraph is read for the services it names.
    candidates.retain(|(_, name)| !index.is_operation(cx.schema, name));
    if candidates.is_empty() {
        return;
    }
    let context = cx.services_around(region);
    if context.is_empty() {
        return;
    }
    // The context's operations, gathered once for all candidates, and only for a name none of them
    // has: a service's operations are sorted, and gathering them all (hundreds for EC2) cost more
    // than the searches.
    let mut ops: Option<Vec<(&str, u32)>> = None;
    // The nearest names before the IAM test, which decodes the service's IAM entry.
    for (range, name) in candidates {
        let ops = ops.get_or_insert_with(|| names_of(index, &context, |svc| svc.ops(cx.schema)));
        let near: Vec<(String, usize, u32)> = nearest(ops, &name)
            .into_iter()
            // `GetItems`, `TransactWriteItem`: a plural in prose or a data type of the same name, as
            // often as a slip; and a typo keeps the verb (`SetItem` is the program's own).
            .filter(|(op, _, _)| {
                op.strip_suffix('s') != Some(name.as_str())
                    && name.strip_suffix('s') != Some(op.as_str())
                    && first_word(op) == first_word(&name)
            })
            .collect();
        if near.is_empty() {
            continue;
        }
        // `s3:ListBucket` is an IAM action, not an operation: the name is right where it is.
        if context.iter().any(|&i| {
            cx.schema
                .iam(&index.services[i as usize].prefix)
                .is_some_and(|iam| iam.action(&name).is_some())
        }) {
            continue;
        }
        let typed = &s[range.clone()];
        // A method call keeps its own case style: suggest `putItem` / `put_item` for `.putItm(`.
        let near: Vec<(String, usize, u32)> = near
            .into_iter()
            .map(|(op, d, svc)| (restyle(&op, typed), d, svc))
            .collect();
        report(out, region, range, typed, near, index);
    }
}

/// The names `list` gives of each of `services`, with the service they are of.
fn names_of<'s>(
    index: &'s OperationIndex,
    services: &[u32],
    list: impl Fn(&'s ServiceOps) -> &'s [String],
) -> Vec<(&'s str, u32)> {
    services
        .iter()
        .flat_map(|&i| {
            list(&index.services[i as usize])
                .iter()
                .map(move |name| (name.as_str(), i))
        })
        .collect()
}

/// Names within one edit (two for names of 14 letters or more), best first:
/// (name, distance, service).
fn nearest<S: AsRef<str>>(names: &[(S, u32)], typed: &str) -> Vec<(String, usize, u32)> {
    let max = if typed.len() >= 14 { 2 } else { 1 };
    let mut near: Vec<(String, usize, u32)> = names
        .iter()
        .map(|(n, i)| (n.as_ref(), *i))
        .filter(|(n, _)| n.len().abs_diff(typed.len()) <= max)
        .filter_map(|(n, i)| {
            crate::schema::index_distance(typed, n, max)
                .filter(|d| *d > 0)
                .map(|d| (n.to_string(), d, i))
        })
        .collect();
    near.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    near.dedup_by(|a, b| a.0 == b.0);
    near
}

fn report(
    out: &mut Vec<Finding>,
    region: &Region,
    range: std::ops::Range<usize>,
    typed: &str,
    near: Vec<(String, usize, u32)>,
    index: &OperationIndex,
) {
    let Some(&(_, best_distance, service)) = near.first() else {
        return;
    };
    let best: Vec<String> = near
        .iter()
        .filter(|(_, d, _)| *d == best_distance)
        .take(3)
        .map(|(n, _, _)| n.clone())
        .collect();
    let service = &index.services[service as usize].name;
    let abs = region.range.start + range.start..region.range.start + range.end;
    out.push(Finding::new(
        RuleId::UnknownOperation,
        abs,
        format!(
            "`{typed}` is not an operation of {service}{}",
            did_you_mean(&best)
        ),
        best,
        None,
    ));
}

/// Services named in the region's text or in the headings above it.
fn first_word(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// `Describe` + a capital: the first CamelCase word is a verb of [`VERBS`], and more follows
/// (`Getaway` does not start with `Get`, nor `Get` alone).
fn starts_with_verb(name: &str) -> bool {
    let verb = first_word(name);
    verb.len() < name.len() && VERBS.binary_search(&verb).is_ok()
}

/// `Describe` + a capital: the word is the first CamelCase word (`Getaway` does not start with `Get`).
/// What [`starts_with_verb`] asks of each verb (the tests compare the two).
#[cfg(test)]
fn starts_with_word(name: &str, verb: &str) -> bool {
    name.strip_prefix(verb)
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// `putItm` / `put_itme` → `PutItm` / `PutItme`.
fn pascal_case(name: &str) -> String {
    pascal_case_of(name, '_')
}

/// The operation in the style the writer used: `PutItem`, `putItem` or `put_item`.
fn restyle(op: &str, typed: &str) -> String {
    if typed.contains('_') {
        kebab_case(op).replace('-', "_")
    } else if typed.starts_with(|c: char| c.is_lowercase()) {
        let mut c = op.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        op.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verb test is "the name is a verb, then a capital" for every verb.
    #[test]
    fn verb_starts() {
        assert!(VERBS.windows(2).all(|w| w[0] < w[1]), "VERBS sorted");
        let pieces = [
            "Get", "Put", "Item", "Getaway", "List", "s", "X", "1", "é", "Batch", "Gets",
        ];
        for name in crate::testdata::texts_of_pieces(3, &pieces, 5, 5_000) {
            assert_eq!(
                starts_with_verb(&name),
                VERBS.iter().any(|v| starts_with_word(&name, v)),
                "{name:?}"
            );
        }
    }

    /// Method calls are found where the regex they replaced found them.
    #[test]
    fn method_calls_are_the_regex_matches() {
        let re = regex!(r"\.([A-Za-z][a-z]+(?:[A-Z][a-z0-9]*|_[a-z0-9]+)+)\(");
        let pieces = [
            ".", "put", "Item", "_", "item", "(", "P", "x", "9", " ", "é", "A", "get_",
        ];
        for s in crate::testdata::texts_of_pieces(37, &pieces, 9, 30_000) {
            let expected: Vec<_> = re
                .captures_iter(&s)
                .map(|c| c.get(1).unwrap().range())
                .collect();
            assert_eq!(method_calls(&s), expected, "{s:?}");
        }
    }

    #[test]
    fn styles() {
        assert_eq!(pascal_case("put_itme"), "PutItme");
        assert_eq!(pascal_case("putItm"), "PutItm");
        assert_eq!(restyle("PutItem", "put_itme"), "put_item");
        assert_eq!(restyle("PutItem", "putItm"), "putItem");
        assert_eq!(restyle("PutItem", "PutItems"), "PutItem");
        assert!(starts_with_word("GetItm", "Get"));
        assert!(!starts_with_word("Getaway", "Get"));
    }
}
