//! The `awsnotes` binary as CI pipelines run it: output formats, exit codes, `--fix`, configuration.
use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;

fn awsnotes(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_awsnotes"))
        .args(args)
        .current_dir(dir)
        .env("AWSNOTES_TODAY", "2026-11-26")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const NOTE: &str = "# Notes\n\nDeploy with Cloudfromation and set x-amz-server-side-encription.\n";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn human_output_shows_location_rule_message_and_caret() {
    let dir = project(&[("note.md", NOTE)]);
    let o = awsnotes(dir.path(), &["lint", "note.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "note.md:3:13: warning[service-name] `Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?\n\
         3 | Deploy with Cloudfromation and set x-amz-server-side-encription.\n\
         \x20               ^^^^^^^^^^^^^^\n\
         note.md:3:36: warning[unknown-header] `x-amz-server-side-encription` is not an AWS HTTP header; did you mean `x-amz-server-side-encryption`?\n\
         3 | Deploy with Cloudfromation and set x-amz-server-side-encription.\n\
         \x20                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    );
}

#[test]
fn json_is_the_documented_contract() {
    let dir = project(&[("a.md", "Un café près de Cloudfromation.\n")]);
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "a.md"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"version": 1, "files_checked": 1, "findings": [{
            "path": "a.md", "line": 1, "column": 17, "end_line": 1, "end_column": 31,
            "rule": "service-name", "severity": "warning",
            "message": "`Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?",
            "replacements": ["CloudFormation"],
        }]})
    );
}

#[test]
fn sarif_has_rules_results_and_fixes() {
    let dir = project(&[("a.md", NOTE)]);
    let o = awsnotes(dir.path(), &["lint", "--format", "sarif", "a.md"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["helpUri"].as_str().unwrap().contains("docs/rules.md#")));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "service-name");
    assert_eq!(
        rules[results[0]["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "service-name"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    assert_eq!(
        results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "CloudFormation"
    );
}

/// GitHub code scanning shows a rule's `shortDescription` as its title and requires `help`: each rule
/// has one full sentence of its own (also where two rules share a checker and its documentation) and
/// a help text in plain text and Markdown.
#[test]
fn sarif_rules_have_sentences_and_help_for_github() {
    let dir = project(&[("a.md", NOTE)]);
    let o = awsnotes(dir.path(), &["lint", "--format", "sarif", "a.md"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let short: Vec<(&str, &str)> = rules
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["shortDescription"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        short,
        [
            ("unknown-codedeploy-config", "Reports a `CodeDeployDefault.*` deployment configuration that CodeDeploy does not predefine."),
            ("deprecated-runtime", "Reports a Lambda runtime chosen after its deprecation date, with the date and the successor."),
            ("iam-policy-version", "Reports an IAM policy `Version` other than `2012-10-17` or `2008-10-17`."),
            ("invalid-header-value", "Reports an HTTP header paired with a value that its API does not allow."),
            ("lambda-handler-name", "Reports a misspelling of the Lambda console's default Python names, `lambda_function` and `lambda_handler` (`lamda_function.py`)."),
            ("limit-mismatch", "Reports a sentence that states a numeric AWS limit with a value that was never right."),
            ("outdated-limit", "Reports a sentence that states a numeric AWS limit with a value that was right once and has changed since."),
            ("outdated-claim", "Reports a sentence that repeats a well-known wrong or outdated claim about an AWS service, with what holds today and its source."),
            ("malformed-arn", "Reports an ARN or an AWS account ID whose shape is wrong: an account ID that is not 12 digits, an unknown partition, Region or service namespace, a missing colon."),
            ("missing-cli-option", "Reports an AWS CLI command in code that lacks an option the command requires."),
            ("unknown-cli-option", "Reports an option of another command of the service passed to an AWS CLI command that has no such option."),
            ("retired-service", "Reports a service or feature that AWS has discontinued, closed to new customers or renamed."),
            ("service-name", "Reports a misspelled, mis-cased or mis-spaced AWS service name, with the canonical spelling."),
            ("service-name-lowercase", "Reports a one-word AWS service name written in lowercase in prose, before what the service holds (`dynamodb table`)."),
            ("service-prefix", "Reports a service written with the wrong official prefix, such as Amazon Lambda for AWS Lambda."),
            ("console-link-mismatch", "Reports a link to one service's console given for another's (the IAM console linked to the S3 console)."),
            ("console-link-region", "Reports a console link that opens another Region than the one the note says it works in."),
            ("docs-link-mismatch", "Reports a link to an AWS documentation page whose text names another documented topic."),
            ("mixed-service-prefix", "Reports a service written with the wrong prefix in a note that also writes its official name (AWS Rekognition beside Amazon Rekognition)."),
            ("unknown-cfn-name", "Reports a CloudFormation name that does not exist: resource type, resource property, pseudo parameter, intrinsic function, parameter type, template key or helper script."),
            ("unknown-env-var", "Reports an AWS environment variable that does not exist but is within a couple of edits of one that does."),
            ("unknown-error-code", "Reports a misspelled AWS error code, with the nearest real one."),
            ("unknown-header", "Reports an `x-amz-*` or `x-amzn-*` HTTP header that no AWS API defines."),
            ("unknown-iam-action", "Reports an IAM action whose service prefix or action does not exist."),
            ("unknown-operation", "Reports a misspelled API operation of a service named nearby, in SDK (`GetItm`) or CLI (`aws dynamodb put-itemm`) spelling."),
            ("unknown-parameter", "Reports a misspelled API parameter, attribute or enumeration value of a service named nearby (`KeyConditionExpresion`, `KEY_ONLY`, `--max-number-of-message`)."),
            ("unknown-region", "Reports a Region code that is not an AWS Region in any partition."),
            ("unknown-s3-event", "Reports a misspelled S3 event notification type (`s3:ObjectCreate:*`, or `ObjectCreate` in a sentence about S3 events), with the nearest real one."),
            ("unknown-suppression", "Reports a suppression comment that names a rule or directive awsnotes does not have, and so suppresses nothing."),
        ]
    );
    let policy = rules
        .iter()
        .find(|r| r["id"] == "iam-policy-version")
        .unwrap();
    let doc = "`iam-policy-version`: an IAM policy `Version` other than `2012-10-17` or `2008-10-17`.\n\
        \n\
        Why: the policy language version is a fixed string, not a date you choose; any other value is\n\
        rejected, and `2008-10-17` silently disables policy variables. Only a policy's `Version` is checked:\n\
        \n\
        - in JSON (also escaped JSON in a string, and HCL `Version = …`), a `Version` key of an object that\n\
        \x20\x20also has a `Statement` key holding a list or an object;\n\
        - in YAML (code blocks, front matter), a `Version:` key with a sibling `Statement:` key (same\n\
        \x20\x20indentation, same mapping) holding a list or a mapping;\n\
        - in prose, `Version` followed by a date where `policy` comes at most three words before it (\"the\n\
        \x20\x20policy Version 2012-10-18\", \"IAM policy language version: 2012-10-18\"), when the date is within\n\
        \x20\x20two edits of a real version (a slip; \"our security policy version 2023-01-05\" is a revision date).\n\
        \n\
        The `Version` of anything else — a Lambda function version, an SSM document's `schemaVersion`, a\n\
        CloudFormation `AWSTemplateFormatVersion`, a `Version` in the `Metadata` next to a policy's\n\
        `Statement` — is left alone.\n\
        \n\
        Example: `\"Version\": \"2012-10-18\"` → not an IAM policy language version; use `2012-10-17`.\n\
        \n\
        Reads: prose, link text, inline code, code blocks, front matter.\n\
        \n\
        Fix: `--fix` and the quick fix apply the suggestion when there is exactly one.";
    let sentence = "Reports an IAM policy `Version` other than `2012-10-17` or `2008-10-17`.";
    let url = "https://github.com/awsnotes/awsnotes/blob/main/docs/rules.md#iam-policy-version";
    assert_eq!(
        policy["fullDescription"]["text"],
        format!("{sentence}\n\n{doc}")
    );
    assert_eq!(
        policy["help"],
        serde_json::json!({
            "text": format!("{sentence}\n\n{doc}\n\nDocumentation: {url}"),
            "markdown": format!("**{sentence}**\n\n{doc}\n\n[Documentation of `iam-policy-version`]({url})"),
        })
    );
    for r in rules {
        assert!(r["help"]["text"].as_str().unwrap().len() > 100, "{r}");
        assert!(r["help"]["markdown"].as_str().unwrap().len() > 100, "{r}");
    }
    let full = |id: &str| {
        rules.iter().find(|r| r["id"] == id).unwrap()["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_ne!(full("limit-mismatch"), full("outdated-limit"));
}

#[test]
fn github_workflow_commands() {
    let dir = project(&[("a.md", NOTE)]);
    let o = awsnotes(dir.path(), &["lint", "--format", "github", "a.md"]);
    let first = stdout(&o).lines().next().unwrap().to_string();
    assert_eq!(
        first,
        "::warning file=a.md,line=3,col=13,endLine=3,endColumn=27,title=awsnotes(service-name)::`Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?"
    );
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = project(&[
        ("clean.md", "CloudFormation and DynamoDB.\n"),
        ("info.md", "We used AWS CodeStar.\n"),
    ]);
    assert_eq!(
        awsnotes(dir.path(), &["lint", "clean.md"]).status.code(),
        Some(0)
    );
    assert_eq!(
        awsnotes(dir.path(), &["lint", "info.md"]).status.code(),
        Some(0)
    );
    assert_eq!(
        awsnotes(dir.path(), &["lint", "--fail-on", "info", "info.md"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        awsnotes(dir.path(), &["lint", "missing.md"]).status.code(),
        Some(2)
    );
    assert_eq!(
        awsnotes(dir.path(), &["lint", "--format", "nope"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn fix_rewrites_only_unambiguous_findings_and_is_idempotent() {
    // A deprecated runtime's successor is a suggested fix (it changes the template's behaviour): the
    // editor offers it, `--fix` leaves the runtime as written.
    let template = "\n```yaml\nRuntime: nodejs12.x\n```\n";
    let text = &format!(
        "Cloudfromation, x-amz-server-side-encription, us-east-3 and a clean line.\n{template}"
    );
    let dir = project(&[("a.md", text), ("clean.md", "All good.\n")]);
    let clean_before = std::fs::metadata(dir.path().join("clean.md"))
        .unwrap()
        .modified()
        .unwrap();
    let o = awsnotes(dir.path(), &["lint", "--fix", "."]);
    // us-east-3 has two candidates (us-east-1, us-east-2): reported, not fixed.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("[deprecated-runtime]"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        format!(
            "CloudFormation, x-amz-server-side-encryption, us-east-3 and a clean line.\n{template}"
        )
    );
    assert_eq!(
        std::fs::metadata(dir.path().join("clean.md"))
            .unwrap()
            .modified()
            .unwrap(),
        clean_before
    );
    let again = awsnotes(dir.path(), &["lint", "--fix", "."]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        format!(
            "CloudFormation, x-amz-server-side-encryption, us-east-3 and a clean line.\n{template}"
        )
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("a.md", "Cloudfromation\n")]);
    let path = dir.path().join("a.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    awsnotes(dir.path(), &["lint", "--fix", "a.md"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "CloudFormation\n");
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn diff_shows_the_fix_without_writing() {
    let dir = project(&[("a.md", "Cloudfromation\n")]);
    let o = awsnotes(dir.path(), &["lint", "--diff", "a.md"]);
    assert_eq!(
        stdout(&o),
        "--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-Cloudfromation\n+CloudFormation\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "Cloudfromation\n"
    );
}

#[test]
fn suppression_comments() {
    let text = "<!-- awsnotes-disable-next-line service-name -->\nCloudfromation one\n\nCloudfromation two <!-- awsnotes-disable-line -->\n\n<!-- awsnotes-disable unknown-header -->\nx-amz-server-side-encription\n<!-- awsnotes-enable unknown-header -->\n\nx-amz-server-side-encription Cloudfromation three\n";
    let dir = project(&[("a.md", text)]);
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "a.md"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let got: Vec<(u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (10, "unknown-header".to_string()),
            (10, "service-name".to_string())
        ]
    );
    let dir = project(&[("b.md", "<!-- awsnotes-disable-file -->\nCloudfromation\n")]);
    assert_eq!(
        awsnotes(dir.path(), &["lint", "b.md"]).status.code(),
        Some(0)
    );
}

#[test]
fn config_is_discovered_upward_and_sets_levels_and_words() {
    let dir = project(&[
        (
            ".awsnotes.toml",
            "words = [\"Cloudfromation\"]\n[rules]\nservice-prefix = \"error\"\n",
        ),
        (
            "docs/deep/a.md",
            "Cloudfromation stores items in AWS DynamoDB.\n",
        ),
    ]);
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "docs"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f = &v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{v}");
    assert_eq!(
        (f[0]["rule"].as_str(), f[0]["severity"].as_str()),
        (Some("service-prefix"), Some("error"))
    );
    let o = awsnotes(
        dir.path(),
        &["lint", "--no-config", "--format", "json", "docs"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["findings"][0]["rule"], "service-name");
}

#[test]
fn invalid_config_names_file_line_and_key() {
    let dir = project(&[
        (
            ".awsnotes.toml",
            "words = []\n[rules]\nservice-nam = \"warning\"\n",
        ),
        ("a.md", "x\n"),
    ]);
    let o = awsnotes(dir.path(), &["lint", "a.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(".awsnotes.toml:3: `service-nam`: unknown rule"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn stdin_binary_and_invalid_utf8() {
    let dir = project(&[("bin.md", "\0\0\0binary"), ("ok.md", "fine\n")]);
    std::fs::write(dir.path().join("bad.md"), b"caf\xe9 Cloudfromation\n").unwrap();
    let o = awsnotes(dir.path(), &["lint", "."]);
    let err = stderr(&o);
    assert!(err.contains("bin.md: binary file; skipped"), "{err}");
    assert!(err.contains("bad.md: not valid UTF-8"), "{err}");
    assert_eq!(o.status.code(), Some(2));

    let mut child = Command::new(env!("CARGO_BIN_EXE_awsnotes"))
        .args(["lint", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Cloudfromation\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["path"], "<stdin>");
    assert_eq!(out.status.code(), Some(1));
}

/// A broken `.awsnotes.toml` is reported once, with its file and line, and the notes it governs are
/// still checked (with the defaults); the run ends with status 2.
#[test]
fn a_broken_configuration_is_reported_once_and_the_notes_are_still_checked() {
    let dir = project(&[
        (".awsnotes.toml", "words = [\"Cloudfromation\"\n"),
        ("a.md", "Use Cloudfromation.\n"),
        ("b.md", "Use Cloudfromation.\n"),
        ("sub/c.md", "Use Cloudfromation.\n"),
    ]);
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let paths: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.md", "b.md", "sub/c.md"]);
    let err = stderr(&o);
    let config = dir.path().canonicalize().unwrap().join(".awsnotes.toml");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        format!("awsnotes: {}:2: invalid array", config.display()),
        "{err}"
    );
    assert_eq!(
        lines[1], "expected `]`; checking with the default configuration",
        "{err}"
    );
    assert_eq!(err.matches(".awsnotes.toml").count(), 1, "{err}");
    assert_eq!(o.status.code(), Some(2));
}

/// `--stdin-filename` names the file standard input stands for: the configuration above it governs.
#[test]
fn stdin_filename_drives_configuration_discovery() {
    let dir = project(&[("team/.awsnotes.toml", "words = [\"Cloudfromation\"]\n")]);
    let lint_stdin = |name: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_awsnotes"))
            .args(["lint", "--format", "json", "--stdin-filename", name, "-"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"Use Cloudfromation.\n").unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (v["findings"].as_array().unwrap().len(), out.status.code())
    };
    assert_eq!(lint_stdin("team/note.md"), (0, Some(0)));
    assert_eq!(lint_stdin("other/note.md"), (1, Some(1)));
}

#[test]
fn walk_respects_gitignore_and_extensions() {
    let dir = project(&[
        (".gitignore", "ignored/\n"),
        ("ignored/a.md", "Cloudfromation\n"),
        ("notes.txt", "Cloudfromation\n"),
        ("b.markdown", "Cloudfromation\n"),
    ]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files_checked"], 1);
    assert_eq!(v["findings"][0]["path"], "b.markdown");
}

#[test]
fn explain_and_schema_stats() {
    let dir = tempfile::tempdir().unwrap();
    let o = awsnotes(dir.path(), &["explain", "TooManyRequestsException"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with("**TooManyRequestsException** — AWS error code"),
        "{text}"
    );
    assert!(
        text.contains("- Lambda: HTTP 429, client fault; returned by"),
        "{text}"
    );
    let o = awsnotes(dir.path(), &["explain", "TooManyRequestExceptionz"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("nearest known names: TooManyRequestException"),
        "{}",
        stderr(&o)
    );
    // A limit whose earlier value AWS stated without dating the change.
    let o = awsnotes(dir.path(), &["explain", "vpc.nat-gateway.bandwidth"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.contains("- max: 100 Gbps\n- minimum: 5 Gbps\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "- Was 45 Gbps earlier (stated in https://github.com/awsdocs/amazon-vpc-user-guide/\
             blob/1e1eda574128b0be1678bd00627d482fbefb4ce6/doc_source/vpc-nat-gateway.md; \
             date of the change not published)\n"
        ),
        "{text}"
    );
    // API names: operations, parameters and attributes, enumeration values (botocore).
    let o = awsnotes(dir.path(), &["explain", "ReceiveMessageWaitTimeSeconds"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "**ReceiveMessageWaitTimeSeconds** — a name in AWS service APIs\n\n\
         - SQS (Amazon Simple Queue Service): enumeration value\n\n\
         Source: `botocore 1.44.8 (botocore/data/*/*/service-2.json)`\n"
    );
    let o = awsnotes(dir.path(), &["explain", "KeyConditionExpression"]);
    assert!(
        stdout(&o).contains("- DynamoDB (Amazon DynamoDB): parameter or attribute\n"),
        "{}",
        stdout(&o)
    );
    // A member whose value holds objects says which members those have (botocore's shapes).
    let o = awsnotes(dir.path(), &["explain", "KeyConditions"]);
    assert_eq!(
        stdout(&o),
        "**KeyConditions** — a name in AWS service APIs\n\n\
         - DynamoDB (Amazon DynamoDB): parameter or attribute (its value: names mapped to objects \
         with `AttributeValueList`, `ComparisonOperator`)\n\n\
         Source: `botocore 1.44.8 (botocore/data/*/*/service-2.json)`\n"
    );
    let o = awsnotes(dir.path(), &["explain", "PutItem", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["found"][0]["kind"], "api-name");
    assert_eq!(v["found"][0]["services"][0]["service"], "DynamoDB");
    assert_eq!(v["found"][0]["services"][0]["as"][0], "operation");
    // Enumeration values with punctuation: S3's event types.
    let o = awsnotes(dir.path(), &["explain", "s3:ObjectCreated:Put"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "**s3:ObjectCreated:Put** — a name in AWS service APIs\n\n\
         - S3 (Amazon Simple Storage Service): enumeration value\n\n\
         Source: `botocore 1.44.8 (botocore/data/*/*/service-2.json)`\n"
    );
    // Service condition keys are names too.
    let o = awsnotes(
        dir.path(),
        &["explain", "dynamodb:LeadingKeys", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["found"][0]["kind"], "iam-condition-key");
    assert_eq!(v["found"][0]["service"], "Amazon DynamoDB");
    let o = awsnotes(dir.path(), &["explain", "s3:GetObject", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["found"][0]["access"], "Read");
    let o = awsnotes(dir.path(), &["schema", "stats", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["counts"]["iam-action"].as_u64().unwrap() >= 22000);
    assert!(v["sources"]["botocore"].is_string());
}

/// The acceptance check on the seed notes: exactly these findings, all true.
#[test]
fn seed_notes_report_exactly_the_known_mistakes() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/seed-notes.md");
    let text = match std::fs::read_to_string(&seed) {
        Ok(t) => t,
        Err(_) => {
            eprintln!("skipped: {} is not present", seed.display());
            return;
        }
    };
    let dir = project(&[("seed-notes.md", &text)]);
    let o = awsnotes(
        dir.path(),
        &["lint", "--format", "json", "--no-config", "seed-notes.md"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let got: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = text
                .lines()
                .nth(f["line"].as_u64().unwrap() as usize - 1)
                .unwrap();
            let chars: Vec<char> = line.chars().collect();
            let span: String = chars[f["column"].as_u64().unwrap() as usize - 1
                ..f["end_column"].as_u64().unwrap() as usize - 1]
                .iter()
                .collect();
            (f["rule"].as_str().unwrap().to_string(), span)
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("deprecated-runtime", "nodejs8.10"),
        ("service-name", "Cloudfromation"),
        ("retired-service", "AWS CodeStar"),
        (
            "unknown-codedeploy-config",
            "CodeDeployDefault.HalfAtATimeis",
        ),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

/// `docs/rules.md` is generated from the rules' doc comments; regenerate with
/// `cargo run -q -- rules --docs > docs/rules.md`.
#[test]
fn rules_doc_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let o = awsnotes(dir.path(), &["rules", "--docs"]);
    let committed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md"))
            .unwrap();
    assert!(
        stdout(&o) == committed,
        "docs/rules.md is stale: run `cargo run -q -- rules --docs > docs/rules.md`"
    );
}

#[test]
fn project_schema_files_extend_the_schema_but_stay_inside_the_project() {
    let team = r#"{"format_version": 1, "source": {"url": "https://example.com/team", "as_of": "2026-01-01"},
      "entries": [{"kind": "env-var", "name": "AWS_TEAM_DEPLOY_ROLE", "doc": "Our deploy role."}]}"#;
    let dir = project(&[
        (".awsnotes.toml", "schema = [\"team.json\"]\n"),
        ("team.json", team),
        ("a.md", "export AWS_TEAM_DEPLOY_ROEL=x\n"),
    ]);
    // The team's variable is known through the project's schema file: its typo gets a suggestion.
    let o = awsnotes(dir.path(), &["lint", "--format", "json", "a.md"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["findings"][0]["replacements"],
        json!(["AWS_TEAM_DEPLOY_ROLE"]),
        "{v}"
    );
    let o = awsnotes(dir.path(), &["lint", "--no-config", "a.md"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "without the project schema the name is not judged"
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("team.json"), team).unwrap();
    let cfg = format!(
        "schema = [\"{}\"]\n",
        outside.path().join("team.json").display()
    );
    let dir = project(&[(".awsnotes.toml", &cfg), ("a.md", "x\n")]);
    let o = awsnotes(dir.path(), &["lint", "a.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is outside the directory of this configuration"),
        "{}",
        stderr(&o)
    );
}
