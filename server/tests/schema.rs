//! The embedded schema: counts against the pinned sources, facts that must be right, and every AWS name
//! the seed notes use.
use awsnotes::schema::{self, Kind};

fn count(name: &str) -> usize {
    schema::embedded()
        .stats()
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap()
}

#[test]
fn counts_match_the_pinned_sources() {
    assert!(count("service") >= 440, "services {}", count("service"));
    assert!(count("error-code") >= 2500);
    assert!(count("header") >= 340);
    assert!(count("iam-action") >= 22000);
    assert!(count("cfn-resource-type") >= 1850);
    assert!(count("region-in-aws-partition") >= 36);
    assert!(count("env-var") >= 100);
    assert!(count("limit") >= 40);
    assert!(count("codedeploy-config") >= 17);
    assert!(count("operation") >= 19000);
}

#[test]
fn lambda_error_codes_have_the_right_status_and_fault() {
    let s = schema::embedded();
    let lambda = |name: &str| {
        let e = s.get(Kind::ErrorCode, name).unwrap();
        e.variants
            .iter()
            .find(|v| v.service.as_deref() == Some("Lambda"))
            .cloned()
            .unwrap()
    };
    assert_eq!(lambda("TooManyRequestsException").http_status, Some(429));
    assert_eq!(lambda("ResourceConflictException").http_status, Some(409));
    let se = lambda("ServiceException");
    assert_eq!(
        (se.http_status, se.fault.as_deref()),
        (Some(500), Some("server"))
    );
    assert_eq!(
        lambda("CodeStorageExceededException").http_status,
        Some(400)
    );
}

#[test]
fn lookups_exact_case_insensitive_prefix_and_nearest() {
    let s = schema::embedded();
    assert!(s
        .get(Kind::Header, "x-amz-server-side-encryption")
        .is_some());
    assert!(!s
        .get_ci(Kind::Header, "X-AMZ-SERVER-SIDE-ENCRYPTION")
        .is_empty());
    let values = &s.get_ci(Kind::Header, "x-amz-server-side-encryption")[0].variants[0].values;
    assert!(values.iter().any(|v| v == "aws:kms") && values.iter().any(|v| v == "AES256"));
    let dyn_names: Vec<&str> = s
        .with_prefix(Kind::ServiceName, "Dyn")
        .map(|e| e.name.as_str())
        .collect();
    assert!(dyn_names.contains(&"DynamoDB"), "{dyn_names:?}");
    let near = s.nearest(Kind::EnvVar, "AWS_XRAY_DEAMON_ADDRESS", 2);
    assert_eq!(near[0].spelling, "AWS_XRAY_DAEMON_ADDRESS");
    let s3 = s.iam("s3").unwrap();
    assert!(s3.action("getobject").is_some());
    assert_eq!(s3.nearest("GetObjects", 1)[0].0.name, "GetObject");
    assert!(s3.matching("Get*").count() > 10);
}

#[test]
fn curated_entries_carry_a_source_url_and_date() {
    let s = schema::embedded();
    for kind in [
        Kind::Limit,
        Kind::RetiredService,
        Kind::ServiceName,
        Kind::CodedeployConfig,
        Kind::GatewayResponse,
    ] {
        for e in s.of_kind(kind) {
            let src = e
                .source
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no source", e.name));
            assert!(
                src.url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://")),
                "{} lacks a source URL",
                e.name
            );
            assert!(
                src.as_of.as_deref().is_some_and(|d| d.len() == 10),
                "{} lacks an as-of date",
                e.name
            );
        }
    }
}

/// Every AWS name the seed notes (`../shared/corpus/seed-notes.md`) use, written out so that a schema
/// change that loses one fails here.
#[test]
fn every_name_in_the_seed_notes_is_known() {
    let s = schema::embedded();
    let known =
        |kind: Kind, name: &str| s.get(kind, name).is_some() || !s.get_ci(kind, name).is_empty();
    for name in [
        "CloudHSM",
        "EC2",
        "VPC",
        "Direct Connect",
        "S3",
        "API Gateway",
        "ALB",
        "Lambda",
        "Lambda@Edge",
        "Elastic Beanstalk",
        "X-Ray",
        "CloudFormation",
        "SAM",
        "EBS",
        "DynamoDB",
        "SNS",
        "ECS",
        "ACM",
        "IAM",
        "RDS",
        "Organizations",
        "Secrets Manager",
        "Systems Manager",
        "Parameter Store",
        "CloudFront",
        "CodeDeploy",
        "CloudWatch",
        "CloudTrail",
        "ElastiCache",
        "Kinesis",
        "SQS",
        "Fargate",
        "DAX",
        "KMS",
        "Route 53",
        "Auto Scaling",
        "ELB",
    ] {
        assert!(known(Kind::ServiceName, name), "service name {name}");
    }
    for h in [
        "x-amz-server-side-encryption",
        "x-amz-server-side-encryption-aws-kms-key-id",
        "x-amz-server-side-encryption-customer-algorithm",
        "x-amz-server-side-encryption-customer-key",
        "x-amz-server-side-encryption-customer-key-MD5",
        "X-Amz-Invocation-Type",
    ] {
        assert!(known(Kind::Header, h), "header {h}");
    }
    for v in [
        "AWS_XRAY_DEBUG_MODE",
        "AWS_XRAY_TRACING_NAME",
        "AWS_XRAY_CONTEXT_MISSING",
        "AWS_XRAY_DAEMON_ADDRESS",
        "_X_AMZN_TRACE_ID",
    ] {
        assert!(known(Kind::EnvVar, v), "env var {v}");
    }
    for e in [
        "CodeStorageExceededException",
        "InvalidParameterValueException",
        "ResourceConflictException",
        "ResourceNotFoundException",
        "ServiceException",
        "TooManyRequestsException",
    ] {
        assert!(known(Kind::ErrorCode, e), "error {e}");
    }
    assert!(known(Kind::CfnMetadataKey, "AWS::CloudFormation::Init"));
    assert!(known(Kind::CfnTransform, "AWS::Serverless-2016-10-31"));
    assert!(known(Kind::CfnResourceType, "AWS::Serverless::Function"));
    assert!(known(Kind::LambdaRuntime, "nodejs8.10"));
    for c in [
        "CodeDeployDefault.HalfAtATime",
        "CodeDeployDefault.OneAtATime",
        "CodeDeployDefault.AllAtOnce",
    ] {
        assert!(known(Kind::CodedeployConfig, c), "{c}");
    }
    assert!(known(Kind::CodedeployConfig, "Canary10Percent10Minutes"));
    for hook in [
        "BeforeInstall",
        "Install",
        "AfterInstall",
        "BeforeAllowTraffic",
        "AfterAllowTraffic",
    ] {
        assert!(known(Kind::AppspecHook, hook), "{hook}");
    }
    for g in ["INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT"] {
        assert!(known(Kind::GatewayResponse, g), "{g}");
    }
    for enum_value in ["RequestResponse", "Event", "DryRun"] {
        assert!(s
            .get(Kind::Enum, "Lambda.InvocationType")
            .unwrap()
            .values
            .iter()
            .any(|v| v == enum_value));
    }
    for op in ["PutTraceSegments", "GetTraceSummaries", "BatchGetTraces"] {
        assert!(
            s.get(Kind::Service, "XRay")
                .unwrap()
                .operations
                .get()
                .iter()
                .any(|o| o == op),
            "{op}"
        );
    }
}

#[test]
fn user_schema_files_extend_and_override() {
    let user = r#"{"format_version": 1, "source": {"url": "https://example.com/team", "as_of": "2026-01-01"},
      "entries": [{"kind": "env-var", "name": "AWS_TEAM_FLAG", "doc": "Our flag."},
                  {"kind": "env-var", "name": "AWS_REGION", "doc": "Overridden doc."}]}"#;
    let s = schema::Schema::with_user_files(&[("team.json".into(), user.into())]).unwrap();
    assert_eq!(
        s.get(Kind::EnvVar, "AWS_TEAM_FLAG").unwrap().doc.as_deref(),
        Some("Our flag.")
    );
    assert_eq!(
        s.get(Kind::EnvVar, "AWS_REGION").unwrap().doc.as_deref(),
        Some("Overridden doc.")
    );
    let bad = schema::Schema::with_user_files(&[(
        "bad.json".into(),
        r#"{"format_version": 1, "entries": [{"kind": "nope", "name": "x"}]}"#.into(),
    )]);
    assert!(bad
        .unwrap_err()
        .to_string()
        .starts_with("bad.json: entry 0 (x) has an unknown kind"));
    let broken = schema::Schema::with_user_files(&[("broken.json".into(), "{".into())]);
    assert!(broken
        .unwrap_err()
        .to_string()
        .contains("broken.json: line 1"));
}

/// `knows_ci` (a hash set over every kind's lowercase spellings) answers as `lookup_any` does: for every
/// name and alias in the schema, in another case, and for near misses of them.
#[test]
fn knows_ci_agrees_with_lookup_any() {
    let s = schema::embedded();
    let mut checked = 0;
    for e in s.iter().step_by(7) {
        for name in std::iter::once(&e.name).chain(e.aliases.iter()) {
            for probe in [
                name.clone(),
                name.to_uppercase(),
                format!("{name}x"),
                name.chars().skip(1).collect::<String>(),
            ] {
                assert_eq!(
                    s.knows_ci(&probe),
                    !s.lookup_any(&probe).is_empty(),
                    "{probe:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 4000, "{checked}");
}
