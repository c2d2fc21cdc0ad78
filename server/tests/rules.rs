//! Data-driven rule tests: every `tests/rules/<rule>.md` holds true positives and tricky negatives for one
//! rule; its findings (all rules, so cross-rule noise shows up too) are snapshotted in
//! `tests/snapshots/`. Review a changed snapshot like code: every line is something a user sees.
use std::path::Path;

use awsnotes::lines::{ColumnUnit, LineIndex};
use awsnotes::{analyze, schema, Settings, Severity};

fn render(text: &str, settings: &Settings) -> String {
    let schema = schema::embedded();
    let idx = LineIndex::new(text);
    let mut out = String::new();
    for f in analyze(text, &schema, settings) {
        let (l, c) = idx.position(text, f.range.start, ColumnUnit::Chars);
        let (el, ec) = idx.position(text, f.range.end, ColumnUnit::Chars);
        out.push_str(&format!(
            "{}:{}-{}:{} {}[{}] {} `{}`",
            l + 1,
            c + 1,
            el + 1,
            ec + 1,
            f.severity.as_str(),
            f.rule,
            f.message,
            &text[f.range.clone()]
        ));
        if !f.replacements.is_empty() {
            out.push_str(&format!(" => {:?}", f.replacements));
        }
        out.push('\n');
    }
    out
}

fn settings_for(rule: &str) -> Settings {
    let mut s = Settings {
        today: "2026-11-26".into(),
        ..Settings::default()
    };
    // Off-by-default rules are switched on in their own fixture.
    if awsnotes::rules::by_id(rule).is_some_and(|r| r.default_level().is_none()) {
        s.levels.insert(rule, Some(Severity::Warning));
    }
    s
}

#[test]
fn every_rule_has_a_fixture_and_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    for rule in awsnotes::rules::all() {
        let id = rule.id();
        let file = match id {
            "limit-mismatch" | "outdated-limit" => "limits".to_string(),
            "missing-cli-option" | "unknown-cli-option" => "cli-options".to_string(),
            other => other.to_string(),
        };
        let path = dir.join(format!("{file}.md"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing fixture {}", path.display()));
        // The snapshot is written by the `fixture!` test below: none means the rule has no such test.
        let snapshot = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/snapshots/rules__{file}.snap"));
        assert!(
            snapshot.exists(),
            "no snapshot {} (add a `fixture!` line for {file}.md)",
            snapshot.display()
        );
        let got = render(&text, &settings_for(id));
        assert!(
            got.contains(&format!("[{id}]")),
            "fixture {file}.md yields no `{id}` finding:\n{got}"
        );
    }
}

/// `--fix` converges on every fixture: applying the unambiguous fixes and analysing again reaches a text
/// with nothing left to fix within two rounds (a fix never creates a new fixable finding forever).
#[test]
fn fixes_converge_on_every_fixture() {
    let schema = schema::embedded();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 14);
    for path in fixtures {
        let rule = path.file_stem().unwrap().to_str().unwrap().to_string();
        let settings = settings_for(&rule);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut rounds = 0;
        loop {
            let (fixed, applied) =
                awsnotes::apply_fixes(&text, &analyze(&text, &schema, &settings));
            if applied == 0 {
                break;
            }
            rounds += 1;
            assert!(
                rounds <= 2,
                "{}: fixes do not converge:\n{fixed}",
                path.display()
            );
            text = fixed;
        }
    }
}

macro_rules! fixture {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/rules")
                .join(concat!($file, ".md"));
            let text = std::fs::read_to_string(path).unwrap();
            insta::assert_snapshot!($file, render(&text, &settings_for($file)));
        }
    };
}

fixture!(lambda_handler_name, "lambda-handler-name");
fixture!(service_name, "service-name");
fixture!(service_name_lowercase, "service-name-lowercase");
fixture!(service_prefix, "service-prefix");
fixture!(mixed_service_prefix, "mixed-service-prefix");
fixture!(console_link_mismatch, "console-link-mismatch");
fixture!(console_link_region, "console-link-region");
fixture!(docs_link_mismatch, "docs-link-mismatch");
fixture!(retired_service, "retired-service");
fixture!(unknown_header, "unknown-header");
fixture!(invalid_header_value, "invalid-header-value");
fixture!(unknown_error_code, "unknown-error-code");
fixture!(unknown_env_var, "unknown-env-var");
fixture!(unknown_iam_action, "unknown-iam-action");
fixture!(unknown_operation, "unknown-operation");
fixture!(unknown_parameter, "unknown-parameter");
fixture!(unknown_cfn_name, "unknown-cfn-name");
fixture!(iam_policy_version, "iam-policy-version");
fixture!(unknown_region, "unknown-region");
fixture!(unknown_s3_event, "unknown-s3-event");
fixture!(unknown_codedeploy_config, "unknown-codedeploy-config");
fixture!(deprecated_runtime, "deprecated-runtime");
fixture!(limits, "limits");
fixture!(outdated_claim, "outdated-claim");
fixture!(malformed_arn, "malformed-arn");
fixture!(cli_options, "cli-options");
fixture!(unknown_suppression, "unknown-suppression");

/// VS Code offers the rule ids as completions in `awsnotes.rules` from `package.json`'s enum: a rule
/// missing there is flagged by VS Code as an unknown setting.
#[test]
fn vscode_settings_list_every_rule() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode/package.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["contributes"]["configuration"]["properties"]
        ["awsnotes.rules"]["propertyNames"]["enum"]
        .as_array()
        .expect("an enum of rule ids")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut ids: Vec<&str> = awsnotes::rules::all().iter().map(|r| r.id()).collect();
    ids.sort();
    assert_eq!(listed, ids);
}
