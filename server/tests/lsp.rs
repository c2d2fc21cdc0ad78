//! End-to-end tests of `awsnotes lsp`: the real binary over stdio, exact JSON replies.
mod common;

use common::{started, Client, URI};
use serde_json::{json, Value};

#[test]
fn initialize_advertises_capabilities() {
    let mut c = Client::start(&std::env::temp_dir());
    let r = c.initialize(false, json!({}));
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["-", "_", ":", "."])
    );
    assert_eq!(caps["completionProvider"]["resolveProvider"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["inlayHintProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.awsnotes"])
    );
    assert_eq!(r["result"]["serverInfo"]["name"], "awsnotes");
    let mut c = Client::start(&std::env::temp_dir());
    assert_eq!(
        c.initialize(true, json!({}))["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
}

#[test]
fn diagnostics_in_utf16_and_utf8_after_an_emoji() {
    let text = "# Notes\n\n😀 Deploy with Cloudfromation now.\n";
    for (utf8, start, end) in [(false, 15, 29), (true, 17, 31)] {
        let mut c = started(utf8);
        c.open(URI, text);
        let d = c.diagnostics(URI, 1);
        assert_eq!(
            d["params"]["diagnostics"],
            json!([cloudfromation_at(2, start, end)])
        );
    }
}

/// The diagnostic of `Cloudfromation` on `line` from `start` to `end`.
fn cloudfromation_at(line: u32, start: u32, end: u32) -> Value {
    json!({
        "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}},
        "severity": 2,
        "code": "service-name",
        "codeDescription": {"href": "https://github.com/awsnotes/awsnotes/blob/main/docs/rules.md#service-name"},
        "source": "awsnotes",
        "message": "`Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?",
        "data": {"replacements": ["CloudFormation"]},
    })
}

#[test]
fn incremental_edits_introduce_and_fix_an_error() {
    let mut c = started(false);
    c.open(URI, "Use CloudFormation.\n");
    assert_eq!(c.diagnostics(URI, 1)["params"]["diagnostics"], json!([]));
    // Swap "fo" → "fro": CloudFormation → Cloudfromation.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 13}}, "text": "from"}
        ]}),
    );
    let d = c.diagnostics(URI, 2);
    assert_eq!(
        d["params"]["diagnostics"][0]["message"],
        "`Cloudfromation` is not how AWS writes it; did you mean `CloudFormation`?"
    );
    assert_eq!(
        d["params"]["diagnostics"][0]["range"],
        json!({"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 18}})
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 13}}, "text": "Form"}
        ]}),
    );
    assert_eq!(c.diagnostics(URI, 3)["params"]["diagnostics"], json!([]));
}

#[test]
fn hover_on_a_header_and_on_a_finding() {
    let mut c = started(false);
    c.open(
        URI,
        "Send x-amz-server-side-encryption and TooManyRequestException.\n",
    );
    c.diagnostics(URI, 1);
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 12}}),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**x-amz-server-side-encryption** — HTTP header"),
        "{md}"
    );
    assert!(
        md.contains("allowed values `AES256`, `aws:backup`, `aws:fsx`, `aws:kms`, `aws:kms:dsse`"),
        "{md}"
    );
    assert_eq!(
        h["result"]["range"],
        json!({"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 33}})
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 45}}),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**TooManyRequestException** — AWS error code"),
        "{md}"
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(h["result"], Value::Null);
}

/// Hovers lead with what the name is, then a few facts and one clickable link; multi-word service
/// names are one name; a finding's message (shown by the editor) is not repeated; `S3` gets one entry.
#[test]
fn hovers_are_short_one_name_one_link() {
    let mut c = started(false);
    let text = "S3 buckets, logs in CloudWatch Logs, Step Functions. Deploy with Cloudfromation.\n";
    c.open(URI, text);
    c.diagnostics(URI, 1);
    let mut hover = |word: &str| {
        let at = text.find(word).unwrap() + 1;
        let h = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": at}}),
        );
        let r = &h["result"]["range"];
        (
            h["result"]["contents"]["value"]
                .as_str()
                .unwrap()
                .to_string(),
            (
                r["start"]["character"].clone(),
                r["end"]["character"].clone(),
            ),
        )
    };
    assert_eq!(
        hover("S3"),
        (
            "**S3** — AWS service name\n\nObject storage for storing and retrieving any amount of data.\n\n\
             - Official name: Amazon S3\n\
             - Also written: `Amazon S3`, `Amazon Simple Storage Service`, `Simple Storage Service`\n\n\
             [AWS documentation](https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html)"
                .to_string(),
            (json!(0), json!(2))
        )
    );
    assert_eq!(
        hover("Logs"),
        (
            "**CloudWatch Logs** — AWS service name\n\nMonitors, stores and gives access to log files from AWS resources and applications.\n\n\
             - Official name: Amazon CloudWatch Logs\n\n\
             [AWS documentation](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/WhatIsCloudWatchLogs.html)"
                .to_string(),
            (json!(20), json!(35))
        )
    );
    let (step, range) = hover("Functions");
    assert!(
        step.starts_with("**Step Functions** — AWS service name\n"),
        "{step}"
    );
    assert_eq!(range, (json!(37), json!(51)));
    let (fix, _) = hover("Cloudfromation");
    assert!(
        fix.starts_with("**CloudFormation** — AWS service name\n"),
        "{fix}"
    );
    assert!(!fix.contains("is not how AWS writes it"), "{fix}");
}

/// A service's IAM condition key is a known name: its hover says what it is, and no rule flags it.
#[test]
fn hover_on_a_condition_key() {
    let mut c = started(false);
    let text = "Restrict items with `dynamodb:LeadingKeys` in the policy's Condition.\n";
    c.open(URI, text);
    assert_eq!(c.diagnostics(URI, 1)["params"]["diagnostics"], json!([]));
    let at = text.find("Leading").unwrap();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": at}}),
    );
    assert_eq!(
        h["result"]["contents"]["value"],
        "**dynamodb:LeadingKeys** — IAM condition key of Amazon DynamoDB\n\n\
         Used in a policy's `Condition` element, not as an action."
    );
}

#[test]
fn completion_items_at_prefixes() {
    let mut c = started(false);
    let text = "Dyn\nx-amz-server-side-enc\nAWS_XRAY_DAE\ns3:GetObj\nAWS::Lambda::Fu\nCodeDeployDefault.Half\n";
    c.open(URI, text);
    let complete = |c: &mut Client, line: u32, character: u32| {
        c.request("textDocument/completion", json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}))["result"].clone()
    };
    let r = complete(&mut c, 0, 3);
    let first = &r["items"][0];
    assert_eq!(first["label"], "DynamoDB");
    assert_eq!(first["detail"], "Amazon DynamoDB");
    assert_eq!(
        first["textEdit"],
        json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}, "newText": "DynamoDB"})
    );
    let labels = |r: &Value| {
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(labels(&complete(&mut c, 1, 21)).contains(&"x-amz-server-side-encryption".to_string()));
    assert_eq!(
        labels(&complete(&mut c, 2, 12)),
        vec!["AWS_XRAY_DAEMON_ADDRESS".to_string()]
    );
    assert_eq!(labels(&complete(&mut c, 3, 9))[0], "s3:GetObject");
    assert_eq!(
        labels(&complete(&mut c, 4, 15)),
        vec!["AWS::Lambda::Function".to_string()]
    );
    assert_eq!(
        labels(&complete(&mut c, 5, 22)),
        vec!["CodeDeployDefault.HalfAtATime".to_string()]
    );
    let item = complete(&mut c, 0, 3)["items"][0].clone();
    let resolved = c.request("completionItem/resolve", item);
    assert!(resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap()
        .contains("Amazon DynamoDB"));
}

/// The completion result at a position of [`URI`], asked for (`None`) or after a trigger character.
fn complete(c: &mut Client, line: u32, character: u32, trigger: Option<&str>) -> Value {
    let context = match trigger {
        Some(ch) => json!({"triggerKind": 2, "triggerCharacter": ch}),
        None => json!({"triggerKind": 1}),
    };
    c.request("textDocument/completion", json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}, "context": context}))["result"].clone()
}

/// A trigger character typed in prose (a hyphen, a colon, a full stop) opens nothing; after a prefix
/// that marks an AWS name it offers those names. Asked for (Ctrl+Space, an omnifunc), a multi-word
/// service name replaces all its words, and items carry no filterText (Neovim filters by its prefix).
#[test]
fn completion_by_trigger_character_only_after_aws_prefixes() {
    let mut c = started(false);
    let text = "A well-known note: see the docs.\nSend x-amz-\nUse Step Func\nThe API Gat\ndyn\n";
    c.open(URI, text);
    // "well-", "note:", "docs." (and the ends of the lines) in prose: nothing.
    for (character, ch) in [(7, "-"), (17, ":"), (32, ".")] {
        assert_eq!(
            complete(&mut c, 0, character, Some(ch)),
            Value::Null,
            "at {character}"
        );
    }
    let headers = complete(&mut c, 1, 11, Some("-"));
    let items = headers["items"].as_array().unwrap();
    assert_eq!(headers["isIncomplete"], true);
    assert!(items
        .iter()
        .all(|i| i["label"].as_str().unwrap().starts_with("x-amz-")));
    assert!(items.iter().all(|i| i.get("filterText").is_none()));
    assert_eq!(
        items[0]["textEdit"]["range"],
        json!({"start": {"line": 1, "character": 5}, "end": {"line": 1, "character": 11}})
    );
    let step = complete(&mut c, 2, 13, None);
    assert_eq!(
        step["items"][0]["textEdit"],
        json!({"range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 13}}, "newText": "Step Functions"})
    );
    let api = complete(&mut c, 3, 11, None);
    let labels: Vec<&str> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["API Gateway"]);
    assert_eq!(
        api["items"][0]["textEdit"]["range"]["start"],
        json!({"line": 3, "character": 4})
    );
    let dyn_ = complete(&mut c, 4, 3, None);
    assert_eq!(dyn_["items"][0]["label"], "DynamoDB");
    assert!(dyn_["items"][0].get("filterText").is_none());
}

/// Items come ranked by how often notes write them, with a sortText that keeps the order; Regions
/// complete after a hyphen; deprecated runtimes come last, tagged deprecated; a bare `AWS_` is a short,
/// incomplete list.
#[test]
fn completion_ranking_regions_runtimes_and_env_vars() {
    let mut c = started(false);
    let text = "Use Cloud\nin us-\nRuntime: nodejs\nset AWS_\ngot toomanyreq\n";
    c.open(URI, text);
    let labels = |r: &Value, n: usize| {
        r["items"].as_array().unwrap()[..n]
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let by_sort_text = |r: &Value| {
        let mut items = r["items"].as_array().unwrap().clone();
        items.sort_by_key(|i| i["sortText"].as_str().unwrap().to_string());
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let cloud = complete(&mut c, 0, 9, None);
    assert_eq!(
        labels(&cloud, 6),
        [
            "CloudWatch",
            "CloudFormation",
            "CloudTrail",
            "CloudFront",
            "CloudWatch Logs",
            "CloudHSM"
        ]
    );
    assert_eq!(by_sort_text(&cloud)[..6], labels(&cloud, 6)[..]);
    // Cloud9 is closed to new customers (a retired-service entry): offered, but last.
    assert_eq!(
        by_sort_text(&cloud).last().map(String::as_str),
        Some("CloudSearch")
    );
    assert!(by_sort_text(&cloud).ends_with(&["Cloud9".to_string(), "CloudSearch".to_string()]));
    let us = complete(&mut c, 1, 6, Some("-"));
    assert_eq!(
        labels(&us, 4),
        ["us-west-2", "us-east-1", "us-east-2", "us-west-1"]
    );
    assert_eq!(us["items"][0]["detail"], "Region — US West (Oregon)");
    assert_eq!(
        us["items"][0]["textEdit"],
        json!({"range": {"start": {"line": 1, "character": 3}, "end": {"line": 1, "character": 6}}, "newText": "us-west-2"})
    );
    let node = complete(&mut c, 2, 15, None);
    assert_eq!(
        labels(&node, 4),
        ["nodejs26.x", "nodejs24.x", "nodejs22.x", "nodejs20.x"]
    );
    assert!(node["items"][2].get("tags").is_none());
    assert_eq!(node["items"][3]["tags"], json!([1]));
    assert_eq!(
        by_sort_text(&node),
        labels(&node, node["items"].as_array().unwrap().len())
    );
    let env = complete(&mut c, 3, 8, Some("_"));
    assert_eq!(env["isIncomplete"], true);
    assert_eq!(env["items"].as_array().unwrap().len(), 8);
    assert_eq!(env["items"][2]["label"], "AWS_REGION");
    let code = complete(&mut c, 4, 14, None);
    assert_eq!(
        code["items"][0]["textEdit"],
        json!({"range": {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 14}}, "newText": "TooManyRequestsException"})
    );
}

#[test]
fn code_actions_fix_disable_and_fix_all() {
    let mut c = started(false);
    c.open(URI, "Cloudfromation and Elasticache.\n");
    c.diagnostics(URI, 1);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 2}}, "context": {"diagnostics": []}}),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions[0]["title"], "Replace with `CloudFormation`");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(
        actions[0]["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 14}}, "newText": "CloudFormation"}])
    );
    assert_eq!(actions[1]["title"], "Disable service-name on this line");
    assert_eq!(
        actions[1]["edit"]["changes"][URI][0]["newText"],
        " <!-- awsnotes-disable-line service-name -->"
    );
    assert_eq!(
        actions[1]["edit"]["changes"][URI][0]["range"]["start"],
        json!({"line": 0, "character": 31})
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let a = &r["result"][0];
    assert_eq!(a["kind"], "source.fixAll.awsnotes");
    assert_eq!(
        a["edit"]["changes"][URI][0]["newText"],
        "CloudFormation and ElastiCache.\n"
    );
}

/// A deprecated runtime's successor is a quick fix, not preferred, and fix-all leaves it: it changes
/// what the template does.
#[test]
fn a_newer_runtime_is_a_quick_fix_only() {
    let mut c = started(false);
    let text = "```yaml\nRuntime: nodejs12.x\n```\n\nCloudfromation\n";
    c.open(URI, text);
    c.diagnostics(URI, 1);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 1, "character": 12}, "end": {"line": 1, "character": 12}}, "context": {"diagnostics": []}}),
    );
    let fix = &r["result"][0];
    assert_eq!(fix["title"], "Replace with `nodejs24.x`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], false);
    assert_eq!(
        fix["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 1, "character": 9}, "end": {"line": 1, "character": 19}}, "newText": "nodejs24.x"}])
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(r["result"][0]["title"], "Fix all awsnotes findings (1)");
    assert_eq!(
        r["result"][0]["edit"]["changes"][URI][0]["newText"],
        "```yaml\nRuntime: nodejs12.x\n```\n\nCloudFormation\n"
    );
}

/// Right after an edit, before the debounced analysis has run, code actions are answered from the
/// current text: the misspelling just typed already has its fix.
#[test]
fn code_actions_right_after_an_edit_come_from_the_current_text() {
    let mut c = Client::start(&std::env::temp_dir());
    c.initialize(false, json!({"debounceMs": 5000}));
    // A long note: its first analysis takes longer than the "analyse at once" threshold, so the
    // next edit waits for the (long) debounce.
    let long: String = (0..20_000)
        .map(|i| format!("Line {i} mentions DynamoDB, x-amz-acl and s3:GetObject.\n"))
        .collect();
    c.open(URI, &long);
    c.diagnostics(URI, 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Use Cloudfromation.\n"}
        ]}),
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 6}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(
        r["result"][0]["title"], "Replace with `CloudFormation`",
        "{r}"
    );
    assert_eq!(
        r["result"][0]["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 18}}, "newText": "CloudFormation"}])
    );
}

#[test]
fn vocabulary_action_edits_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".awsnotes.toml"), "words = [\"Foo\"]\n").unwrap();
    let note = dir.path().join("note.md");
    std::fs::write(&note, "").unwrap();
    let uri = format!("file://{}", note.display());
    let config_uri = format!("file://{}", dir.path().join(".awsnotes.toml").display());
    let mut c = Client::start(dir.path());
    c.initialize(false, json!({"debounceMs": 0}));
    c.open(&uri, "Cloudfromation\n");
    c.diagnostics(&uri, 1);
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "context": {"diagnostics": []}}),
    );
    let vocab = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Add `Cloudfromation`")
        })
        .unwrap()
        .clone();
    assert_eq!(
        vocab["edit"]["changes"][&config_uri],
        json!([{"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 9}}, "newText": "\"Cloudfromation\", "}])
    );
}

#[test]
fn configuration_change_rechecks_open_documents() {
    let mut c = started(false);
    c.open(URI, "Stored in AWS DynamoDB.\n");
    assert_eq!(c.diagnostics(URI, 1)["params"]["diagnostics"], json!([]));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"awsnotes": {"rules": {"service-prefix": "error"}}}}),
    );
    let d = c.diagnostics(URI, 1);
    assert_eq!(d["params"]["diagnostics"][0]["code"], "service-prefix");
    assert_eq!(d["params"]["diagnostics"][0]["severity"], 1);
}

/// Inlay hints are off until the setting turns them on (then at UTF-16 positions after the names,
/// only inside the requested range); the capability is always advertised.
#[test]
fn inlay_hints_after_error_codes_limits_and_retired_services_when_enabled() {
    let mut c = Client::start(&std::env::temp_dir());
    let caps = c.initialize(false, json!({"debounceMs": 0}));
    assert_eq!(caps["result"]["capabilities"]["inlayHintProvider"], true);
    let text = "😀 AccessDenied again.\n\nLambda memory goes up to 3,008 MB.\n\nWe used Amazon Elasticsearch Service.\n";
    c.open(URI, text);
    let hints = |c: &mut Client, end_line: u32| {
        c.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": end_line, "character": 0}}}),
        )["result"]
            .clone()
    };
    assert_eq!(hints(&mut c, 5), Value::Null);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"awsnotes": {"inlayHints": {"enable": true}}}}),
    );
    let hint = |line: u32, character: u32, label: &str| json!({"position": {"line": line, "character": character}, "label": label, "paddingLeft": true});
    assert_eq!(
        hints(&mut c, 5),
        json!([
            hint(0, 15, "HTTP 403"),
            hint(2, 33, "now 10,240 MB"),
            hint(4, 36, "→ Amazon OpenSearch Service"),
        ])
    );
    assert_eq!(hints(&mut c, 1), json!([hint(0, 15, "HTTP 403")]));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"awsnotes": {"inlayHints": {"enable": false}}}}),
    );
    assert_eq!(hints(&mut c, 5), Value::Null);
}

#[test]
fn document_links_point_to_aws_docs() {
    let mut c = started(false);
    c.open(URI, "DynamoDB tables.\n");
    let r = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": URI}}),
    );
    let link = &r["result"][0];
    assert_eq!(
        link["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 8}})
    );
    assert!(
        link["target"].as_str().unwrap().starts_with("https://"),
        "{link}"
    );
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = Client::start(&std::env::temp_dir());
    c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {"textDocument": {"diagnostic": {}}}}));
    c.notify("initialized", json!({}));
    c.open(URI, "Cloudfromation\n");
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(r["result"]["items"][0]["code"], "service-name");
}

#[test]
fn malformed_input_is_answered_and_the_server_lives_on() {
    let mut c = started(false);
    c.send_raw("{not json");
    let e = c.wait(|m| m["error"]["code"] == -32700);
    assert_eq!(e["id"], Value::Null);
    // A header block without Content-Length is skipped, then the next message is read normally.
    c.send_bytes(b"X-Nonsense: 1\r\n\r\n");
    let r = c.request("awsnotes/unknownMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///never/opened.md"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(r["result"], Value::Null);
    c.open(URI, "short\n");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 99, "character": 99}}),
    );
    assert_eq!(r["result"], Value::Null);
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": {"line": 5, "character": 500}}),
    );
    assert_eq!(r["result"], Value::Null);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 40, "character": 0}, "end": {"line": 40, "character": 3}}, "text": "Cloudfromation"}
        ]}),
    );
    let d = c.diagnostics(URI, 2);
    assert_eq!(d["params"]["diagnostics"][0]["code"], "service-name");
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn exits_when_stdin_closes() {
    let mut c = started(false);
    c.close_stdin();
    assert_eq!(c.wait_exit().code(), Some(0));
}

#[test]
fn edits_to_the_config_file_apply_without_file_watching() {
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("note.md");
    std::fs::write(&note, "").unwrap();
    let uri = format!("file://{}", note.display());
    let mut c = Client::start(dir.path());
    c.initialize(false, json!({"debounceMs": 0}));
    c.open(&uri, "Cloudfromation\n");
    assert_eq!(
        c.diagnostics(&uri, 1)["params"]["diagnostics"][0]["code"],
        "service-name"
    );
    std::fs::write(
        dir.path().join(".awsnotes.toml"),
        "words = [\"Cloudfromation\"]\n",
    )
    .unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(c.diagnostics(&uri, 1)["params"]["diagnostics"], json!([]));
}

/// A server started in `root` (no file watching) with `root/note.md` open, saying `Cloudfromation`,
/// and its first diagnostics received (a service-name finding, whatever the configuration says).
fn open_misspelled_note_in(root: &std::path::Path) -> (Client, String) {
    let uri = format!("file://{}", root.join("note.md").display());
    let mut c = Client::start(root);
    c.initialize(false, json!({"debounceMs": 0}));
    c.open(&uri, "Use Cloudfromation.\n");
    assert_eq!(
        c.diagnostics(&uri, 1)["params"]["diagnostics"][0]["code"],
        "service-name"
    );
    (c, uri)
}

/// A broken `.awsnotes.toml`: the notes are still checked (with the defaults) and the error is a
/// diagnostic on the configuration file itself; once the file is fixed on disk (saved, no
/// notification at all) the diagnostic goes away and the open notes are checked again with it.
#[test]
fn a_broken_configuration_is_a_diagnostic_on_it_and_its_fix_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let config = root.join(".awsnotes.toml");
    std::fs::write(&config, "# team words\nwords = [\"Cloudfromation\"\n").unwrap();
    let config_uri = format!("file://{}", config.display());
    let (mut c, uri) = open_misspelled_note_in(&root);
    let on_config = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    assert_eq!(
        on_config["params"]["diagnostics"],
        json!([{
            "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
            "severity": 1,
            "source": "awsnotes",
            "message": "invalid array\nexpected `]`; awsnotes checks the notes with the default configuration until this is fixed",
        }])
    );
    // Fixed and saved by the editor: no didSave reaches this server (not a Markdown file), no
    // file watching was negotiated.
    std::fs::write(&config, "# team words\nwords = [\"Cloudfromation\"]\n").unwrap();
    let cleared = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert_eq!(c.diagnostics(&uri, 1)["params"]["diagnostics"], json!([]));
}

/// The vocabulary action creates `.awsnotes.toml` in the editor; when the editor saves it, the server
/// notices without being told (no file watching) and the finding goes away.
#[test]
fn a_configuration_saved_by_the_editor_rechecks_open_notes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let (mut c, uri) = open_misspelled_note_in(&root);
    std::fs::write(
        root.join(".awsnotes.toml"),
        "words = [\"Cloudfromation\"]\n",
    )
    .unwrap();
    assert_eq!(c.diagnostics(&uri, 1)["params"]["diagnostics"], json!([]));
}

#[test]
fn diagnostic_refresh_is_requested_when_the_client_supports_it() {
    let mut c = Client::start(&std::env::temp_dir());
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "textDocument": {"diagnostic": {}},
            "workspace": {"diagnostics": {"refreshSupport": true}}
        }}),
    );
    c.notify("initialized", json!({}));
    c.open(URI, "Stored in AWS DynamoDB.\n");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"awsnotes": {"rules": {"service-prefix": "error"}}}}),
    );
    c.wait(|m| m["method"] == "workspace/diagnostic/refresh");
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["result"]["items"][0]["code"], "service-prefix");
}

// Workspace diagnostics (the `workspaceDiagnostics` setting): findings of notes that are not open.

/// A workspace of notes: one with a mistake, one clean, one `.gitignore`d, one excluded by
/// `.awsnotes.toml`, one not UTF-8 and one too large (both with mistakes).
fn notes_workspace() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let big = "Deploy with Cloudfromation.\n".repeat((2 << 20) / 28 + 1);
    let files: [(&str, &[u8]); 7] = [
        (".gitignore", b"ignored/\n"),
        (".awsnotes.toml", b"exclude = [\"drafts/**\"]\n"),
        ("a.md", b"# Notes\n\nDeploy with Cloudfromation now.\n"),
        ("b.md", b"Use CloudFormation.\n"),
        ("ignored/c.md", b"Deploy with Cloudfromation.\n"),
        ("drafts/d.md", b"Deploy with Cloudfromation.\n"),
        ("bad.md", b"Deploy with Cloudfromation \xff.\n"),
    ];
    for (p, bytes) in files {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(root.join("big.md"), big).unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    (dir, root)
}

fn file_uri(root: &std::path::Path, name: &str) -> String {
    format!("file://{}/{name}", root.display())
}

/// A server for the workspace at `root`, with these client capabilities and settings.
fn start_in_workspace(root: &std::path::Path, capabilities: Value, settings: Value) -> Client {
    let mut c = Client::start(root);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities,
               "workspaceFolders": [{"uri": file_uri(root, "").trim_end_matches('/'), "name": "notes"}],
               "initializationOptions": settings}),
    );
    c.notify("initialized", json!({}));
    c
}

const SCAN_SUMMARY: &str = "awsnotes: workspace diagnostics: 2 notes checked, 1 with findings; skipped 1 over 2 MiB, 1 not UTF-8";

/// Waits for the end of a workspace scan (its log message, sent after its diagnostics) and returns
/// its message and the diagnostics published before it.
fn scan(c: &mut Client) -> (String, Vec<Value>) {
    let log = c.wait(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.starts_with("awsnotes: workspace diagnostics:"))
    });
    let published = std::mem::take(&mut c.backlog)
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"].clone())
        .collect();
    (
        log["params"]["message"].as_str().unwrap().to_string(),
        published,
    )
}

/// The diagnostics of `a.md` on disk (`Cloudfromation` on line 3), pushed without a version.
fn a_md_on_disk(root: &std::path::Path) -> Value {
    json!({
        "uri": file_uri(root, "a.md"),
        "diagnostics": [cloudfromation_at(2, 12, 26)],
    })
}

/// A client that does not pull: the one note with a mistake gets its findings without being opened,
/// nothing is sent for the clean, ignored, excluded, binary or too large ones; opening and editing
/// the note replaces them, closing it brings back its findings on disk.
#[test]
fn workspace_diagnostics_are_pushed_for_notes_that_are_not_open() {
    let (_dir, root) = notes_workspace();
    let mut c = start_in_workspace(
        &root,
        json!({}),
        json!({"workspaceDiagnostics": true, "debounceMs": 0}),
    );
    let (summary, published) = scan(&mut c);
    assert_eq!(summary, SCAN_SUMMARY);
    assert_eq!(published, vec![a_md_on_disk(&root)]);

    let a = file_uri(&root, "a.md");
    c.open(&a, "# Notes\n\nDeploy with CloudFormation now.\n");
    assert_eq!(c.diagnostics(&a, 1)["params"]["diagnostics"], json!([]));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 6}}, "text": "Ship"}
        ]}),
    );
    assert_eq!(c.diagnostics(&a, 2)["params"]["diagnostics"], json!([]));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 3}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 10}, "end": {"line": 2, "character": 24}}, "text": "Cloudfromation"}
        ]}),
    );
    assert_eq!(
        c.diagnostics(&a, 3)["params"]["diagnostics"],
        json!([cloudfromation_at(2, 10, 24)])
    );
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    let closed = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == a.as_str()
    });
    assert_eq!(closed["params"], a_md_on_disk(&root));
}

/// A client that pulls (VS Code): the pushed findings of a note are cleared when it is opened (its
/// pulled ones take over) and come back when it is closed.
#[test]
fn workspace_diagnostics_give_way_to_pulled_ones_while_a_note_is_open() {
    let (_dir, root) = notes_workspace();
    let mut c = start_in_workspace(
        &root,
        json!({"textDocument": {"diagnostic": {}}}),
        json!({"workspaceDiagnostics": true}),
    );
    let (summary, published) = scan(&mut c);
    assert_eq!(summary, SCAN_SUMMARY);
    assert_eq!(published, vec![a_md_on_disk(&root)]);

    let a = file_uri(&root, "a.md");
    c.open(&a, "# Notes\n\nDeploy with Cloudfromation now!\n");
    let cleared = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(cleared["params"], json!({"uri": a, "diagnostics": []}));
    let pulled = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": a}}),
    );
    assert_eq!(
        pulled["result"]["items"],
        a_md_on_disk(&root)["diagnostics"]
    );
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": a}}));
    let closed = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(closed["params"], a_md_on_disk(&root));
}

/// Off by default; turning the setting on scans, turning it off clears what was shown.
#[test]
fn workspace_diagnostics_follow_the_setting() {
    let (_dir, root) = notes_workspace();
    let mut c = start_in_workspace(&root, json!({}), json!({}));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"awsnotes": {"workspaceDiagnostics": true}}}),
    );
    let (summary, published) = scan(&mut c);
    assert_eq!(summary, SCAN_SUMMARY);
    assert_eq!(published, vec![a_md_on_disk(&root)]);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"awsnotes": {"workspaceDiagnostics": false}}}),
    );
    let cleared = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(
        cleared["params"],
        json!({"uri": file_uri(&root, "a.md"), "diagnostics": []})
    );
}

/// Notes changed, deleted or created on disk (file events) get their findings refreshed.
#[test]
fn workspace_diagnostics_follow_file_events() {
    let (_dir, root) = notes_workspace();
    let mut c = start_in_workspace(&root, json!({}), json!({"workspaceDiagnostics": true}));
    assert_eq!(scan(&mut c).1, vec![a_md_on_disk(&root)]);
    let (a, b, e) = (
        file_uri(&root, "a.md"),
        file_uri(&root, "b.md"),
        file_uri(&root, "e.md"),
    );

    std::fs::write(root.join("b.md"), "Use Cloudfromation.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": b, "type": 2}]}),
    );
    let changed = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(
        changed["params"],
        json!({"uri": b, "diagnostics": [cloudfromation_at(0, 4, 18)]})
    );

    std::fs::remove_file(root.join("a.md")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": a, "type": 3}]}),
    );
    let deleted = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(deleted["params"], json!({"uri": a, "diagnostics": []}));

    std::fs::write(root.join("e.md"), "Cloudfromation\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": e, "type": 1}]}),
    );
    let (summary, published) = scan(&mut c);
    assert_eq!(
        summary,
        "awsnotes: workspace diagnostics: 2 notes checked, 2 with findings; skipped 1 over 2 MiB, 1 not UTF-8"
    );
    let uris: Vec<&Value> = published.iter().map(|p| &p["uri"]).collect();
    assert_eq!(uris, vec![&json!(b), &json!(e)]);
}

/// The server's environment once it answers: glibc reads its allocator tunables only when a process
/// starts, so `awsnotes lsp` executes itself again with a fixed trim threshold (`lsp/allocator.rs`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tunables_of_a_server_started_with(env: &[(&str, &str)]) -> Vec<String> {
    let (mut c, _) = Client::start_with_env(&std::env::temp_dir(), env);
    let r = c.initialize(false, json!({}));
    assert!(r["result"]["capabilities"].is_object(), "{r}");
    let environ = std::fs::read(format!("/proc/{}/environ", c.child.id())).unwrap();
    let tunables = environ
        .split(|&b| b == 0)
        .filter_map(|v| v.strip_prefix(b"GLIBC_TUNABLES="))
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    c.shutdown_and_exit();
    tunables
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_server_runs_with_a_fixed_trim_threshold_unless_the_user_set_one() {
    assert_eq!(
        tunables_of_a_server_started_with(&[]),
        vec!["glibc.malloc.trim_threshold=262144"]
    );
    // (With other tunables of the user's, ours is appended: see the unit test in `lsp/allocator.rs`.
    // glibc rewrites the variable's original bytes as it parses several, so they cannot be read back
    // from /proc here.)
    // A threshold of the user's own is theirs: no restart, nothing added.
    assert_eq!(
        tunables_of_a_server_started_with(&[(
            "GLIBC_TUNABLES",
            "glibc.malloc.mmap_threshold=65536"
        )]),
        vec!["glibc.malloc.mmap_threshold=65536"]
    );
}
