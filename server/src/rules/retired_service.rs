//! `retired-service`: a service or feature AWS has discontinued, closed to new customers or renamed,
//! with the date and the successor (info).
//!
//! Why: study notes outlive services. "Use AWS CodeStar to set up a project" was good advice once; a
//! reader today needs to know that it is gone and what replaced it. Renames (Amazon Elasticsearch
//! Service → Amazon OpenSearch Service) are reported the same way. Matched case-sensitively, whole words,
//! in prose only.
//!
//! Not reported on a line that already names the successor ("CodeStar, now CodeCatalyst").
//!
//! In code, an AWS CLI command of a service whose CLI name reaches only the retired service is
//! reported on that name: `aws kinesisanalytics create-application` (version 1 of that API serves only
//! the discontinued SQL applications; `kinesisanalyticsv2` is the successor's).
//!
//! Example: `AWS CodeStar` → AWS CodeStar was discontinued on 2024-07-31.

use aho_corasick::AhoCorasick;

use super::*;

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let brands = cx.schema.brands();
    if matches!(region.kind, RegionKind::CodeBlock | RegionKind::InlineCode) {
        cli_commands(cx, region, s, out);
        return;
    }
    if !cx.triggers(region).has(Trigger::RetiredName) {
        return;
    }
    for m in brands.retired().find_iter(s) {
        let range = m.start()..m.end();
        if !is_standalone(s, &range) {
            continue;
        }
        let entry = &brands.retired_names[m.pattern().as_usize()];
        let Some(e) = cx.schema.get(Kind::RetiredService, entry) else {
            continue;
        };
        if names_successor(
            &line_without_retired(s, &range, brands.retired()),
            e.successor.as_deref(),
        ) {
            // "CodeStar (now CodeCatalyst)": the writer already says what replaced it.
            continue;
        }
        let message = message_of(e, &cx.settings.today);
        push(out, region, range, message, &e.name);
    }
}

/// `aws <service> …` where the CLI service name reaches only a retired service.
fn cli_commands(cx: &Context, region: &Region, s: &str, out: &mut Vec<Finding>) {
    let retired_cli = &cx.schema.brands().retired_cli;
    if retired_cli.is_empty() || !s.contains("aws") {
        return;
    }
    let re = gated_regex!(
        r"(?-u:\b)aws[ \t]+(?:--?[a-z-]+(?:[ \t=]+[^ \t\n-][^ \t\n]*)?[ \t]+)*([a-z0-9][a-z0-9-]*)[ \t]+[a-z]"
    );
    for caps in re.captures_iter(s) {
        let service = caps.get(1).expect("service");
        // `aws kinesisanalyticsv2`, `aws proton-foo`: a longer name is another service.
        if s[service.end()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        let Some(name) = retired_cli.get(service.as_str()) else {
            continue;
        };
        let Some(e) = cx.schema.get(Kind::RetiredService, name) else {
            continue;
        };
        let message = format!(
            "{} (`aws {}` is its CLI)",
            message_of(e, &cx.settings.today),
            service.as_str(),
        );
        push(out, region, service.range(), message, &e.name);
    }
}

/// Informational: the successor is in the message, never applied as a fix.
fn push(
    out: &mut Vec<Finding>,
    region: &Region,
    range: std::ops::Range<usize>,
    message: String,
    name: &str,
) {
    let abs = region.range.start + range.start..region.range.start + range.end;
    out.push(Finding::new(
        RuleId::RetiredService,
        abs,
        message,
        vec![],
        Some((Kind::RetiredService, name)),
    ));
}

fn message_of(e: &crate::schema::Entry, today: &str) -> String {
    message(
        &e.name,
        e.status.as_deref(),
        e.date.as_deref(),
        e.successor.as_deref(),
        today,
    )
}

/// The finding's sentence, in the right tense for `today` (ISO dates compare as strings).
fn message(
    name: &str,
    status: Option<&str>,
    date: Option<&str>,
    successor: Option<&str>,
    today: &str,
) -> String {
    let past = date.is_none_or(|d| d <= today);
    let mut message = match (status, date) {
        (Some("renamed"), Some(d)) => format!("{name} was renamed on {d}"),
        (Some("renamed"), None) => format!("{name} was renamed"),
        (Some("end-of-life"), Some(d)) if past => format!("{name} reached end of life on {d}"),
        (Some("end-of-life"), Some(d)) => format!("{name} reaches end of life on {d}"),
        (Some("end-of-life"), None) => format!("{name} reached end of life"),
        (Some("closed-to-new-customers"), Some(d)) if past => {
            format!("{name} has been closed to new customers since {d}")
        }
        (Some("closed-to-new-customers"), Some(d)) => {
            format!("{name} closes to new customers on {d}")
        }
        (Some("closed-to-new-customers"), None) => format!("{name} is closed to new customers"),
        (_, Some(d)) if past => format!("{name} was discontinued on {d}"),
        (_, Some(d)) => format!("{name} will be discontinued on {d}"),
        (_, None) => format!("{name} was discontinued"),
    };
    if let Some(succ) = successor {
        message.push_str(&format!("; successor: {succ}"));
    }
    message
}

/// The line around `range` without the retired names on it: a successor's name inside an old one
/// ("Data Firehose" in "Kinesis Data Firehose", "Private Certificate Authority" in "ACM Private
/// Certificate Authority") does not say what replaced it.
fn line_without_retired(s: &str, range: &std::ops::Range<usize>, retired: &AhoCorasick) -> String {
    let line = &s[line_range_at(s, range.start).start..line_range_at(s, range.end).end];
    let mut without = String::with_capacity(line.len());
    let mut last = 0;
    for m in retired.find_iter(line) {
        without.push_str(&line[last..m.start()]);
        without.push(' ');
        last = m.end();
    }
    without.push_str(&line[last..]);
    without
}

/// Does the line name (one of) the successor(s)? "AWS Glue, AWS Step Functions or Amazon MWAA" names
/// three; each counts with or without its `AWS`/`Amazon` prefix.
fn names_successor(line: &str, successor: Option<&str>) -> bool {
    let Some(successor) = successor else {
        return false;
    };
    successor
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|name| {
            name.trim()
                .trim_start_matches("AWS ")
                .trim_start_matches("Amazon ")
        })
        .filter(|name| name.len() >= 3)
        .any(|name| line.contains(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_tense_follows_the_date() {
        let m = |status, date| message("X", Some(status), Some(date), Some("Y"), "2026-12-01");
        assert_eq!(
            m("closed-to-new-customers", "2024-07-25"),
            "X has been closed to new customers since 2024-07-25; successor: Y"
        );
        assert_eq!(
            m("closed-to-new-customers", "2027-01-31"),
            "X closes to new customers on 2027-01-31; successor: Y"
        );
        assert_eq!(
            m("end-of-life", "2027-03-31"),
            "X reaches end of life on 2027-03-31; successor: Y"
        );
        assert_eq!(
            m("end-of-life", "2026-12-01"),
            "X reached end of life on 2026-12-01; successor: Y"
        );
        assert_eq!(
            m("discontinued", "2024-07-31"),
            "X was discontinued on 2024-07-31; successor: Y"
        );
        assert_eq!(
            m("renamed", "2024-02-09"),
            "X was renamed on 2024-02-09; successor: Y"
        );
    }

    #[test]
    fn successor_named_on_the_line() {
        let succ = Some("AWS Glue, AWS Step Functions or Amazon MWAA");
        assert!(names_successor(
            "Data Pipeline (use Step Functions now)",
            succ
        ));
        assert!(names_successor("moved to MWAA", succ));
        assert!(!names_successor("AWS Data Pipeline copies data", succ));
        assert!(!names_successor("anything", None));
    }

    /// Every CLI name of a retired service is a service the AWS CLI knows (botocore's name or
    /// endpoint prefix): a typo in the curated data would never match a command.
    #[test]
    fn retired_cli_names_are_botocore_services() {
        let schema = crate::schema::embedded();
        let brands = schema.brands();
        assert!(!brands.retired_cli.is_empty());
        for (cli, name) in &brands.retired_cli {
            assert!(
                !schema.operations().services_named(cli).is_empty(),
                "{cli} ({name}) is not a service of the schema"
            );
        }
    }
}
