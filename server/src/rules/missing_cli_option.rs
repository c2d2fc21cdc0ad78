//! `missing-cli-option`: an AWS CLI command in code that lacks an option the command requires
//! (`aws autoscaling put-scheduled-update-group-action --scheduled-action-name pre-sale` without
//! `--auto-scaling-group-name`), or that passes the wrong one (`aws dynamodb get-item --table-name Music
//! --item file://item.json`: `get-item` takes `--key`).
//!
//! Why: a command copied into notes with an option lost on the way fails when a reader runs it, with
//! an error that names the option but not why the note left it out.
//!
//! What a command requires comes from the AWS CLI's own argument tables (the generator reads them from
//! the pinned `awscli` package), so the CLI's customizations count: `lambda create-function` needs no
//! `--code` when it gets `--zip-file`, and `ec2 run-instances` needs no `--min-count`. Positional
//! arguments (`aws s3api get-object … outfile`) are not judged.
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

use super::*;

/// Options that give the whole input another way: every required option may be in it.
const INPUT_ELSEWHERE: &[&str] = &["cli-input-json", "cli-input-yaml", "generate-cli-skeleton"];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    if !s.contains("aws") {
        return;
    }
    let re =
        regex!(r"(?-u:\b)aws[ \t]+([a-z0-9][a-z0-9-]*)[ \t]+([a-z][a-z0-9-]*[a-z0-9])(?-u:\b)");
    let index = cx.schema.operations();
    for caps in re.captures_iter(s) {
        let (service, op) = (caps.get(1).expect("service"), caps.get(2).expect("op"));
        if service.as_str() == "s3" || s[op.end()..].starts_with(['-', '_', '.']) {
            continue;
        }
        let Some(options) = options_of(command_text(s, op.end(), region.kind)) else {
            continue;
        };
        if options.is_empty() || options.iter().any(|o| INPUT_ELSEWHERE.contains(o)) {
            continue;
        }
        // The service whose command this is: the CLI name may reach several models (`rds` is also
        // DocumentDB's endpoint), the schema lists each command under its own.
        let Some((svc, required)) = index
            .services_named(service.as_str())
            .iter()
            .map(|&i| &index.services[i as usize])
            .find_map(|svc| {
                Some((
                    svc,
                    svc.cli_required(cx.schema, service.as_str(), op.as_str())?,
                ))
            })
        else {
            continue;
        };
        let missing: Vec<&str> = required
            .into_iter()
            .filter(|r| !options.contains(r))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|m| format!("`--{m}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let abs = region.range.start + op.start()..region.range.start + op.end();
        out.push(Finding::new(
            RuleId::MissingCliOption,
            abs,
            format!("`aws {} {}` requires {list}", service.as_str(), op.as_str()),
            vec![],
            Some((Kind::Service, &svc.name)),
        ));
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

/// The options (without dashes) of a command's text, up to where the shell ends the command; `None`
/// when the command is elided or may get options from a variable.
fn options_of(text: &str) -> Option<Vec<&str>> {
    let mut options = Vec::new();
    let mut quote: Option<char> = None;
    let mut token_start: Option<usize> = None;
    // Whether the previous token was an option (the next one may be its value, `$VAR` included).
    let mut after_option = false;
    let mut finish = |start: usize, end: usize, after_option: &mut bool| -> Option<()> {
        let token = &text[start..end];
        let name = token
            .strip_prefix("--")
            .or_else(|| token.strip_prefix('—'))
            .or_else(|| token.strip_prefix('–'));
        match name {
            Some(n) if n.starts_with(|c: char| c.is_ascii_lowercase()) => {
                options.push(n.split('=').next().unwrap_or(n));
                *after_option = !n.contains('=');
            }
            _ => {
                if !*after_option && (token.starts_with('$') || token.starts_with("\"$")) {
                    return None;
                }
                *after_option = false;
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
                    finish(start, i, &mut after_option)?;
                }
            }
            _ => {
                token_start.get_or_insert(i);
            }
        }
    }
    if let Some(start) = token_start {
        finish(start, end_of_command, &mut after_option)?;
    }
    Some(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(text: &str) -> Option<Vec<&str>> {
        options_of(text)
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
