//! The compiled schema (`schema::compiled`) against the JSON it is compiled from: the same entries, in the
//! same order, and lookups that answer as a plain scan of the merged JSON entries does. A user-file
//! overlay answers as a schema compiled whole from the JSON plus the user file does.
use std::borrow::Cow;

use awsnotes::schema::compiled::{Compiled, NameList};
use awsnotes::schema::{self, merge_entries, parse_file, Entry, Kind, Schema};

fn merged_json_entries() -> Vec<Entry> {
    let mut all = Vec::new();
    for (name, text) in schema::source_files_in_tree().unwrap() {
        all.extend(parse_file(&name, &text).unwrap().1);
    }
    merge_entries(all)
}

/// The entry as a JSON value: equal whatever whitespace the lists kept raw were written with (the build
/// minifies the files).
fn json(e: &Entry) -> serde_json::Value {
    serde_json::from_str(&serde_json::to_string(e).unwrap()).unwrap()
}

#[test]
fn kinds_are_numbered_in_declaration_order() {
    for (i, &k) in Kind::ALL.iter().enumerate() {
        assert_eq!(k as usize, i, "{k:?}");
    }
}

#[test]
fn the_embedded_buffer_is_valid() {
    let c = Compiled::new(Cow::Borrowed(schema::EMBEDDED_SCHEMA)).unwrap();
    c.validate().unwrap();
    assert!(Compiled::new(Cow::Borrowed(b"AWSNSC01 too short")).is_err());
    let mut truncated = schema::EMBEDDED_SCHEMA.to_vec();
    truncated.truncate(truncated.len() - 1);
    assert!(Compiled::new(Cow::Owned(truncated)).is_err());
}

/// `knows_lower` (one binary search over the spelling hashes) answers as a scan of every lowercase name
/// and alias of every kind does.
#[test]
fn spelling_hashes_know_exactly_the_lowercase_spellings() {
    let c = Compiled::new(Cow::Borrowed(schema::EMBEDDED_SCHEMA)).unwrap();
    let entries = merged_json_entries();
    let spelt = |lower: &str| {
        entries.iter().any(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|s| s.to_lowercase() == lower)
        })
    };
    for word in [
        "dynamodb",
        "toomanyrequestsexception",
        "aws_region",
        "us-east-1",
        "dynamodbb",
        "toomanyrequestexceptions",
        "",
        "lambda function",
    ] {
        assert_eq!(c.knows_lower(word), spelt(word), "{word:?}");
    }
    assert!(c.knows_lower("dynamodb") && !c.knows_lower("dynamodbb"));
}

/// A service's API name lists stored apart as lines (`NameList`) read back as the JSON lists, and
/// `knows_string` still finds their items as whole strings (and only as whole strings).
#[test]
fn name_lists_read_back_and_their_items_are_known_strings() {
    let merged = merged_json_entries();
    let s = schema::embedded();
    let c = Compiled::new(Cow::Borrowed(schema::EMBEDDED_SCHEMA)).unwrap();
    let mut apart = 0;
    // (where a list stored apart starts in the arena, its kind)
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for (id, e) in merged.iter().enumerate() {
        for list in NameList::ALL {
            let expected = list.of(e).get();
            assert_eq!(
                s.name_list(id as u32, list),
                expected,
                "{} {list:?}",
                e.name
            );
            if let Some(text) = c.name_list(id as u32, list) {
                apart += 1;
                placed.push((
                    text.as_ptr() as usize - c.arena_bytes().as_ptr() as usize,
                    list as usize,
                ));
            }
        }
    }
    assert!(apart > 1000, "{apart} lists stored apart");
    // Each kind of list is stored together (all operations, then all parameter names, ...): reading
    // every service's operations touches few pages.
    placed.sort_unstable();
    assert!(
        placed.windows(2).all(|w| w[0].1 <= w[1].1),
        "lists of one kind are not together"
    );
    let (arena, lists) = c.arena_and_lists();
    assert_eq!(arena.len() + lists.len(), c.arena_bytes().len());
    assert!(lists.starts_with(b"\n") && lists.ends_with(b"\n") && !lists.contains(&b'"'));
    let dynamodb = merged
        .iter()
        .position(|e| e.kind == Kind::Service && e.name == "DynamoDB")
        .expect("DynamoDB") as u32;
    let ops = s.name_list(dynamodb, NameList::Operations);
    assert!(ops.iter().any(|o| o == "PutItem"), "{ops:?}");
    for known in [
        "PutItem",
        "KeyConditionExpression",
        "KEYS_ONLY",
        "TooManyRequestsException",
    ] {
        assert!(s.knows_string(known), "{known}");
    }
    for unknown in ["PutIte", "utItem", "PutItemX", "KEYS_ONL", "\n"] {
        assert!(!s.knows_string(unknown), "{unknown:?}");
    }
}

#[test]
fn every_entry_decodes_to_the_merged_json_entry_in_order() {
    let merged = merged_json_entries();
    let s = schema::embedded();
    for &kind in Kind::ALL {
        let expected: Vec<serde_json::Value> =
            merged.iter().filter(|e| e.kind == kind).map(json).collect();
        let got: Vec<serde_json::Value> = s.of_kind(kind).map(json).collect();
        assert_eq!(got.len(), expected.len(), "{kind:?}");
        assert!(got == expected, "{kind:?}: decoded entries differ");
    }
    let files: Vec<&str> = s.files().iter().map(|f| f.file.as_str()).collect();
    assert!(files.contains(&"generated/errors.json") && files.contains(&"curated/limits.json"));
}

/// The per-entry flags (whether an entry lists operations, how many variants name a service) answer as
/// the decoded entries do (which equal the merged JSON: the test above), for every entry; and common
/// error codes really have more than two owners.
#[test]
fn entry_flags_answer_as_the_decoded_entries() {
    let s = schema::embedded();
    let mut with_operations = 0;
    for &kind in Kind::ALL {
        for id in s.of_kind_ids(kind) {
            let e = s.entry(id);
            assert_eq!(s.has_operations(id), !e.operations.is_empty(), "{}", e.name);
            with_operations += usize::from(s.has_operations(id));
            assert_eq!(
                s.variant_services(id),
                e.variant_services().min(255),
                "{}",
                e.name
            );
        }
    }
    assert!(
        with_operations > 300,
        "{with_operations} services with operations"
    );
    let validation = s.get_id(Kind::ErrorCode, "ValidationException").unwrap();
    assert!(s.variant_services(validation) > 2);
}

/// Names to look up: every 13th spelling of each kind, its lowercase, a prefix, and one-edit typos.
fn probes(merged: &[Entry]) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for (i, e) in merged.iter().enumerate().filter(|(i, _)| i % 13 == 0) {
        let name = &e.name;
        out.push((e.kind, name.clone()));
        out.push((e.kind, name.to_lowercase()));
        let chars: Vec<char> = name.chars().collect();
        out.push((e.kind, chars[..chars.len().div_ceil(2)].iter().collect()));
        if chars.len() > 3 {
            let mut typo = chars.clone();
            typo.swap(1, 2);
            out.push((e.kind, typo.iter().collect()));
            let mut dropped = chars.clone();
            dropped.remove(i % chars.len());
            out.push((e.kind, dropped.iter().collect()));
        }
    }
    out
}

fn spellings(e: &Entry) -> impl Iterator<Item = &String> {
    std::iter::once(&e.name).chain(e.aliases.iter())
}

#[test]
fn lookups_answer_as_a_scan_of_the_json_entries() {
    let merged = merged_json_entries();
    let s = schema::embedded();
    for (kind, name) in probes(&merged) {
        let of_kind: Vec<&Entry> = merged.iter().filter(|e| e.kind == kind).collect();
        let exact = of_kind
            .iter()
            .find(|e| spellings(e).any(|s| *s == name))
            .map(|e| e.name.clone());
        assert_eq!(s.get(kind, &name).map(|e| e.name.clone()), exact, "{name}");

        let lower = name.to_lowercase();
        let ci: Vec<&str> = of_kind
            .iter()
            .filter(|e| spellings(e).any(|s| s.to_lowercase() == lower))
            .map(|e| e.name.as_str())
            .collect();
        let got: Vec<String> = s
            .get_ci(kind, &name)
            .iter()
            .map(|e| e.name.clone())
            .collect();
        assert_eq!(got, ci, "{name}");

        let mut prefixed: Vec<(String, &str)> = Vec::new();
        for e in &of_kind {
            let mut keys: Vec<String> = spellings(e).map(|s| s.to_lowercase()).collect();
            keys.sort();
            keys.dedup();
            for k in keys.into_iter().filter(|k| k.starts_with(&lower)) {
                prefixed.push((k, e.name.as_str()));
            }
        }
        prefixed.sort();
        let mut seen = std::collections::HashSet::new();
        let expected: Vec<&str> = prefixed
            .into_iter()
            .map(|(_, n)| n)
            .filter(|n| seen.insert(*n))
            .collect();
        let got: Vec<String> = s.with_prefix(kind, &name).map(|e| e.name.clone()).collect();
        assert_eq!(got, expected, "prefix {name}");

        let mut near: Vec<(usize, String)> = of_kind
            .iter()
            .filter_map(|e| {
                spellings(e)
                    .filter_map(|sp| {
                        schema::index_distance(&lower, &sp.to_lowercase(), 2).map(|d| (d, sp))
                    })
                    .min_by(|a, b| {
                        a.0.cmp(&b.0)
                            .then(a.1.to_lowercase().cmp(&b.1.to_lowercase()))
                    })
                    .filter(|(_, sp)| **sp != name)
                    .map(|(d, sp)| (d, sp.clone()))
            })
            .collect();
        near.sort();
        let got: Vec<(usize, String)> = s
            .nearest(kind, &name, 2)
            .iter()
            .map(|n| (n.distance, n.spelling.to_string()))
            .collect();
        assert_eq!(got, near, "nearest {name}");
    }
}

/// A user file that adds a limit: its phrases count (the phrase table compiled into the base does not
/// hold them), exactly as in a schema compiled with that file.
#[test]
fn a_user_limit_is_in_the_limit_phrases() {
    let user = r#"{"format_version": 1, "source": {"url": "https://example.com/team", "as_of": "2026-01-01"},
      "entries": [{"kind": "limit", "name": "team.widgets", "doc": "At most 7 team widgets.", "bound": "max",
                   "value": 7, "unit": "count", "match": [["team widgets", "widget fleet"]], "except": ["widget fleet manager"]}]}"#;
    let overlay = Schema::with_user_files(&[("team.json".into(), user.into())]).unwrap();
    let mut files = schema::source_files_in_tree().unwrap();
    files.push(("team.json".into(), user.into()));
    let whole = Schema::from_files(&files).unwrap();
    let text = "We run 9 Team Widgets and one widget fleet manager; SQS messages are up to 256 KB.";
    let hits = |s: &Schema| {
        let mut v: Vec<_> = s
            .limit_phrases()
            .scan(text)
            .into_iter()
            .map(|(id, h)| (s.entry(id).name.clone(), h.groups, h.except))
            .collect();
        v.sort();
        v
    };
    let got = hits(&overlay);
    assert!(
        got.contains(&("team.widgets".to_string(), 1, true)),
        "{got:?}"
    );
    assert_eq!(got, hits(&whole));
    assert_eq!(got, {
        let mut base = hits(&schema::embedded());
        base.push(("team.widgets".to_string(), 1, true));
        base.sort();
        base
    });
}

/// A user file that adds a service with operations: the operation index knows it by its names (the
/// service key table compiled into the base does not hold it), as a schema compiled whole does.
#[test]
fn a_user_service_is_in_the_operation_index() {
    let user = r#"{"format_version": 1, "source": {"url": "https://example.com/team", "as_of": "2026-01-01"},
      "entries": [{"kind": "service", "name": "TeamWidgets", "full_name": "Amazon Team Widgets", "endpoint_prefix": "teamwidgets",
                   "operations": ["PutWidget", "GetWidget"]}]}"#;
    let overlay = Schema::with_user_files(&[("team.json".into(), user.into())]).unwrap();
    let mut files = schema::source_files_in_tree().unwrap();
    files.push(("team.json".into(), user.into()));
    let whole = Schema::from_files(&files).unwrap();
    let named = |s: &Schema, word: &str| -> Vec<(String, Vec<String>)> {
        let index = s.operations();
        index
            .services_named(word)
            .iter()
            .map(|&i| {
                let svc = &index.services[i as usize];
                (svc.name.clone(), svc.ops(s).to_vec())
            })
            .collect()
    };
    for word in [
        "TeamWidgets",
        "teamwidgets",
        "Team Widgets",
        "dynamodb",
        "s3api",
    ] {
        assert_eq!(named(&overlay, word), named(&whole, word), "{word}");
    }
    assert_eq!(
        named(&overlay, "teamwidgets"),
        [(
            "TeamWidgets".to_string(),
            vec!["GetWidget".to_string(), "PutWidget".to_string()]
        )]
    );
    assert!(named(&schema::embedded(), "teamwidgets").is_empty());
}

/// A user file that adds a service name and a retired service: the brand index holds them (the brand
/// table compiled into the base does not), as a schema compiled whole does.
#[test]
fn user_brands_are_in_the_brand_index() {
    let user = r#"{"format_version": 1, "source": {"url": "https://example.com/team", "as_of": "2026-01-01"},
      "entries": [{"kind": "service-name", "name": "WidgetForge", "aliases": ["Widget Forge"], "full_name": "AWS WidgetForge", "doc": "Ours."},
                  {"kind": "retired-service", "name": "Old Widgets", "aliases": ["OldWidgets"], "cli": ["oldwidgets"], "doc": "Gone."}]}"#;
    let overlay = Schema::with_user_files(&[("team.json".into(), user.into())]).unwrap();
    let mut files = schema::source_files_in_tree().unwrap();
    files.push(("team.json".into(), user.into()));
    let whole = Schema::from_files(&files).unwrap();
    let view = |s: &Schema| {
        let b = s.brands();
        let mut correct: Vec<String> = b.correct.iter().cloned().collect();
        correct.sort();
        let brands: Vec<(String, String)> = b
            .brands
            .iter()
            .map(|x| (x.name.clone(), x.key.clone()))
            .collect();
        let mut cli: Vec<(String, String)> = b
            .retired_cli
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        cli.sort();
        (brands, correct, b.retired_names.clone(), cli)
    };
    let got = view(&overlay);
    assert!(got
        .0
        .contains(&("Widget Forge".to_string(), "widgetforge".to_string())));
    assert!(got.1.contains(&"AWS WidgetForge".to_string()));
    assert!(got.2.contains(&"Old Widgets".to_string()));
    assert!(got
        .3
        .contains(&("oldwidgets".to_string(), "Old Widgets".to_string())));
    assert_eq!(got, view(&whole));
}

#[test]
fn a_user_overlay_answers_as_a_schema_compiled_whole() {
    let user = r#"{"format_version": 1, "source": {"url": "https://example.com/team", "as_of": "2026-01-01"},
      "entries": [{"kind": "env-var", "name": "AWS_TEAM_FLAG", "aliases": ["TEAM_FLAG_OLD"], "doc": "Our flag."},
                  {"kind": "env-var", "name": "AWS_REGION", "doc": "Overridden doc.", "aliases": ["AWS_REGON_ALIAS"]},
                  {"kind": "error-code", "name": "TeamQuotaException", "doc": "Ours."},
                  {"kind": "iam-service", "name": "teamsvc", "actions": [{"name": "DoThing"}]}]}"#;
    let overlay = Schema::with_user_files(&[("team.json".into(), user.into())]).unwrap();
    let mut files = schema::source_files_in_tree().unwrap();
    files.push(("team.json".into(), user.into()));
    let whole = Schema::from_files(&files).unwrap();
    assert_ne!(overlay.generation(), whole.generation());
    for &kind in &[Kind::EnvVar, Kind::ErrorCode, Kind::IamService] {
        let a: Vec<serde_json::Value> = overlay.of_kind(kind).map(json).collect();
        let b: Vec<serde_json::Value> = whole.of_kind(kind).map(json).collect();
        assert!(a == b, "{kind:?}: entries differ");
    }
    for (kind, name) in [
        (Kind::EnvVar, "AWS_TEAM_FLAG"),
        (Kind::EnvVar, "team_flag_old"),
        (Kind::EnvVar, "AWS_REGON_ALIAS"),
        (Kind::EnvVar, "AWS_REGION"),
        (Kind::EnvVar, "AWS_TEAM"),
        (Kind::EnvVar, "AWS_REGOIN"),
        (Kind::ErrorCode, "TeamQuotaExeption"),
        (Kind::ErrorCode, "team"),
    ] {
        let names = |v: Vec<&Entry>| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            overlay.get(kind, name).map(json),
            whole.get(kind, name).map(json),
            "{name}"
        );
        assert_eq!(
            names(overlay.get_ci(kind, name)),
            names(whole.get_ci(kind, name))
        );
        assert_eq!(
            names(overlay.with_prefix(kind, name).collect()),
            names(whole.with_prefix(kind, name).collect()),
            "prefix {name}"
        );
        let near = |s: &Schema| -> Vec<(usize, String)> {
            s.nearest(kind, name, 2)
                .iter()
                .map(|n| (n.distance, n.spelling.to_string()))
                .collect()
        };
        assert_eq!(near(&overlay), near(&whole), "nearest {name}");
    }
    let iam = overlay.iam("TEAMSVC").unwrap();
    assert_eq!(
        iam.action("dothing").map(|a| a.name.as_str()),
        Some("DoThing")
    );
    assert!(overlay.iam("s3").unwrap().action("GetObject").is_some());
    assert_eq!(overlay.files().last().unwrap().file, "team.json");
    assert_eq!(overlay.stats(), whole.stats());
}
