//! `missing-cli-option` and `unknown-cli-option`: an AWS CLI command in code checked against the
//! CLI's own table of that command's options.
//!
//! `missing-cli-option`: the command lacks an option it requires
//! (`aws autoscaling put-scheduled-update-group-action --scheduled-action-name pre-sale` without
//! `--auto-scaling-group-name`). `unknown-cli-option`: the command is given a parameter of another
//! command of the same service (`aws dynamodb get-item --item file://item.json`: `--item` is
//! `put-item`'s; `get-item` takes `--key`), with the command's own option when one is an edit or two
//! away (`aws cloudwatch put-metric-alarm --statistics Sum` → `--statistic`). A name the service does
//! not have at all is left to `unknown-parameter`, which suggests the nearest of the service's names.
//!
//! Why: a command copied into notes with an option lost or swapped on the way fails when a reader runs
//! it, with an error that does not say what the note meant.
//!
//! The option tables come from the AWS CLI (version 1) itself (the generator reads them from the pinned
//! `awscli` package), so the CLI's customizations count: `lambda create-function` needs no `--code`
//! when it gets `--zip-file`, `ec2 run-instances` needs no `--min-count`, paginated commands take
//! `--max-items`. Positional arguments (`aws s3api get-object … outfile`), commands with subcommands
//! (`aws cloudformation wait stack-create-complete`) and the global options (`--region`) are not
//! judged. The CLI takes any beginning of an option's name that names one option
//! (`--destination-cidr` for `--destination-cidr-block`), so such a beginning counts as that option.
//!
//! Precision first. A command is judged only when it shows at least one `--option` (a bare
//! `aws sqs receive-message` names the command, it does not run it), and not when:
//! - it takes its input elsewhere: `--cli-input-json`, `--cli-input-yaml`, `--generate-cli-skeleton`;
//! - it is elided (`...`, `…`) or may receive options from a shell variable (`$ARGS`, `"$@"`);
//! - it is `aws s3 …` (the high-level S3 commands are not API operations).
//!
//! In a code block a command runs over the lines after it up to a blank line, a comment or the next
//! `aws` command, with or without `\` (or Windows' `^` and `` ` ``): documents often wrap a long
//! command without the backslash, or put a comment after it, and its options still belong to it.
//! Reading too far can only hide a missing option, never invent one. The command ends at an unquoted
//! `|`, `;`, `&`, `#` or `)`.
//!
//! Example: `aws sqs receive-message --max-number-of-messages 10` → requires `--queue-url`.

use super::unknown_parameter::CLI_GLOBAL_OPTIONS;
use super::*;
use crate::schema::operations::CliOption;

/// Options that give the whole input another way: every required option may be in it.
const INPUT_ELSEWHERE: &[&str] = &["cli-input-json", "cli-input-yaml", "generate-cli-skeleton"];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !s.contains("aws") {
        return;
    }
    let index = cx.schema.operations();
    for (service, op) in cli_commands(s) {
        let Some(mut options) = options_of(command_text(s, op.end(), region.kind)) else {
            continue;
        };
        for o in &mut options {
            o.at += op.end();
        }
        if options.is_empty() || options.iter().any(|o| INPUT_ELSEWHERE.contains(&o.name)) {
            continue;
        }
        // The service whose command this is: the CLI name may reach several models (`elbv2` reaches
        // Elastic Load Balancing and its v2), the schema lists each command under its own.
        let Some((svc, table)) = index
            .services_named(service.as_str())
            .iter()
            .map(|&i| &index.services[i as usize])
            .find_map(|svc| {
                Some((
                    svc,
                    svc.cli_options(cx.schema, service.as_str(), op.as_str())?,
                ))
            })
        else {
            continue;
        };
        let command = format!("aws {} {}", service.as_str(), op.as_str());
        let entry = Some((Kind::Service, svc.name.as_str()));
        // The CLI (v1) takes any beginning of an option's name that names one option (`--destination-cidr`
        // for `--destination-cidr-block`): a given option stands for every option it begins.
        let missing: Vec<&str> = table
            .iter()
            .filter(|t| t.required && !options.iter().any(|o| t.name.starts_with(o.name)))
            .map(|t| t.name)
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`--{m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let abs = region.range.start + op.start()..region.range.start + op.end();
            out.push(Finding::new(
                RuleId::MissingCliOption,
                abs,
                format!("`{command}` requires {list}"),
                vec![],
                entry,
            ));
        }
        for o in &options {
            if table.iter().any(|t| t.name.starts_with(o.name))
                || CLI_GLOBAL_OPTIONS.contains(&o.name)
                || !o.name.is_ascii()
            {
                continue;
            }
            // Only another command's parameter of the same service (`--item` is `put-item`'s): a name
            // the service does not have at all is `unknown-parameter`'s, with its did-you-mean.
            if !svc.cli_members(cx.schema).iter().any(|m| m == o.name) {
                continue;
            }
            let near = nearest_option(o.name, &table);
            let message = match near {
                Some(n) => format!(
                    "`{command}` has no option `--{}`; did you mean `--{n}`?",
                    o.name
                ),
                None => format!(
                    "`{command}` has no option `--{}` (another command of the service takes it)",
                    o.name
                ),
            };
            let replacements = near.map(|n| vec![n.to_string()]).unwrap_or_default();
            let abs = region.range.start + o.at..region.range.start + o.at + o.name.len();
            out.push(Finding::new(
                RuleId::UnknownCliOption,
                abs,
                message,
                replacements,
                entry,
            ));
        }
    }
}

/// The text of the command whose name ends at `from`: the rest of its line and, in a code block, the
/// lines after it up to a blank line, a comment or the next `aws` command (see the module doc).
fn command_text(s: &str, from: usize, kind: RegionKind) -> &str {
    let mut end = s[from..].find('\n').map_or(s.len(), |i| from + i);
    if kind != RegionKind::CodeBlock {
        return &s[from..end];
    }
    while end < s.len() {
        let next_end = s[end + 1..].find('\n').map_or(s.len(), |i| end + 1 + i);
        let next = s[end + 1..next_end].trim_start();
        let command = next.trim_start_matches(['$', '>', '%', ' ']);
        if next.is_empty()
            || next.starts_with('#')
            || next.starts_with("//")
            || command.starts_with("aws ")
        {
            break;
        }
        end = next_end;
    }
    &s[from..end]
}

/// An option a command gives: its name without dashes and where the name starts.
#[derive(Debug, PartialEq, Eq)]
struct Given<'t> {
    name: &'t str,
    at: usize,
}

/// The one option of the command within an edit or two of `name` (two for names of eight letters or
/// more) that is nearer than any other.
fn nearest_option<'s>(name: &str, table: &[CliOption<'s>]) -> Option<&'s str> {
    let max = if name.len() >= 8 { 2 } else { 1 };
    let near: Vec<(&str, usize)> = table
        .iter()
        .filter_map(|t| crate::schema::index_distance(name, t.name, max).map(|d| (t.name, d)))
        .collect();
    match best_of(&near).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The options (without dashes) of a command's text, up to where the shell ends the command; `None`
/// when the command is elided or may get options from a variable.
fn options_of(text: &str) -> Option<Vec<Given<'_>>> {
    let mut options = Vec::new();
    let mut quote: Option<char> = None;
    let mut token_start: Option<usize> = None;
    // Whether the previous token was an option (the next one may be its value, `$VAR` included).
    let mut after_option = false;
    let mut finish = |start: usize, end: usize| -> Option<()> {
        let token = &text[start..end];
        let name = token
            .strip_prefix("--")
            .or_else(|| token.strip_prefix('—'))
            .or_else(|| token.strip_prefix('–'));
        match name {
            Some(n) if n.starts_with(|c: char| c.is_ascii_lowercase()) => {
                options.push(Given {
                    name: n.split('=').next().unwrap_or(n),
                    at: end - n.len(),
                });
                after_option = !n.contains('=');
            }
            _ => {
                if !after_option && (token.starts_with('$') || token.starts_with("\"$")) {
                    return None;
                }
                after_option = false;
            }
        }
        Some(())
    };
    if text.contains("...") || text.contains('…') {
        return None;
    }
    let mut end_of_command = text.len();
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                token_start.get_or_insert(i);
            }
            '|' | ';' | '&' | ')' => {
                end_of_command = i;
                break;
            }
            '#' if token_start.is_none() => {
                end_of_command = i;
                break;
            }
            c if c.is_whitespace() => {
                if let Some(start) = token_start.take() {
                    finish(start, i)?;
                }
            }
            _ => {
                token_start.get_or_insert(i);
            }
        }
    }
    if let Some(start) = token_start {
        finish(start, end_of_command)?;
    }
    Some(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(text: &str) -> Option<Vec<&str>> {
        options_of(text).map(|o| o.into_iter().map(|g| g.name).collect())
    }

    #[test]
    fn options_of_a_command() {
        assert_eq!(
            opts(" --table-name Music --key '{\"id\": {\"S\": \"a|b\"}}' --return-values=ALL_OLD"),
            Some(vec!["table-name", "key", "return-values"])
        );
        assert_eq!(opts(" --queue-url $URL"), Some(vec!["queue-url"]));
        assert_eq!(opts(" $ARGS --queue-url x"), None);
        assert_eq!(opts(" --queue-url x ..."), None);
        assert_eq!(
            opts(" --function-name f | jq .Configuration"),
            Some(vec!["function-name"])
        );
        assert_eq!(opts(" —s3-bucket-source x"), Some(vec!["s3-bucket-source"]));
    }

    #[test]
    fn continuation_lines() {
        let block =
            "aws sqs receive-message \\\n  --queue-url x\n\naws sqs send-message --queue-url y\n";
        let from = "aws sqs receive-message".len();
        assert_eq!(
            command_text(block, from, RegionKind::CodeBlock),
            " \\\n  --queue-url x"
        );
        let wrapped =
            "aws cloudwatch get-metric-statistics --metric-name\nCPU --namespace AWS/EC2\nls\n";
        let from = "aws cloudwatch get-metric-statistics".len();
        assert_eq!(
            command_text(wrapped, from, RegionKind::CodeBlock),
            " --metric-name\nCPU --namespace AWS/EC2\nls"
        );
        let two = "aws sqs create-queue --queue-name q\n$ aws sqs get-queue-url --queue-name q";
        assert_eq!(
            command_text(two, "aws sqs create-queue".len(), RegionKind::CodeBlock),
            " --queue-name q"
        );
    }
}
