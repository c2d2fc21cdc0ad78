//! `service-name-lowercase`: a one-word AWS service name written all in lowercase in prose, directly
//! before the kind of thing the service holds — `dynamodb table`, `cloudformation template`,
//! `codebuild console` → `DynamoDB`, `CloudFormation`, `CodeBuild`.
//!
//! Why: in prose the service is a name with one spelling (notes that write it lowercase read as CLI
//! commands and are missed by a search for the name). Reported at info level: it is style, not a fact
//! gone wrong.
//!
//! Only when the word is certainly the service in a sentence:
//! - the lowercase spelling of a one-word name of six letters or more that is not an English word
//!   (`lambda`, `backup`, `budgets`, `organizations` are words first);
//! - followed by one space and a noun for what the service holds or shows (`table`, `template`,
//!   `console`, `logs`, `repository` …) — a CLI command (`aws cloudformation deploy`), a package or a
//!   client name is followed by something else;
//! - never after `aws ` (a command), never glued to path or identifier characters
//!   (`aws_dynamodb_table`, `dynamodb.us-east-1`, `dynamodb:PutItem`), never in code, URLs or HTML.
//!
//! Example: `the dynamodb table` → `the DynamoDB table`.

use std::ops::Range;

use crate::schema::brands::BrandIndex;

/// Lowercase spellings of one-word service names that are ordinary words (plurals and compounds the
/// generated English list does not hold): written lowercase, they are the word.
const ORDINARY_WORDS: &[&str] = &[
    "budgets",
    "config",
    "organizations",
    "outposts",
    "keyspaces",
    "workspaces",
];

/// What a sentence says a service holds or shows, right after the service's name.
const NOUNS: &[&str] = &[
    "alarm",
    "alarms",
    "api",
    "apis",
    "application",
    "applications",
    "build",
    "builds",
    "bus",
    "cluster",
    "clusters",
    "console",
    "dashboard",
    "dashboards",
    "deployment",
    "deployments",
    "distribution",
    "distributions",
    "domain",
    "domains",
    "endpoint",
    "endpoints",
    "event",
    "events",
    "function",
    "functions",
    "index",
    "instance",
    "instances",
    "item",
    "items",
    "job",
    "jobs",
    "log",
    "logs",
    "metrics",
    "notebook",
    "notebooks",
    "pipeline",
    "pipelines",
    "project",
    "projects",
    "repo",
    "repos",
    "repositories",
    "repository",
    "service",
    "stack",
    "stacks",
    "table",
    "tables",
    "template",
    "templates",
    "trail",
    "trails",
    "stream",
    "streams",
    "metric",
    "user",
];

/// The canonical spelling when `word` (a whole token of lowercase letters) is a one-word service name
/// written in lowercase, and `next` (the token after it, one space away) is a noun from [`NOUNS`].
/// `before` is the text before the word (for the `aws ` command check).
pub(super) fn judge(
    brands: &BrandIndex,
    before: &str,
    word: &str,
    next: Option<&str>,
) -> Option<String> {
    // Most words are no service's name: one hash lookup settles them before anything else.
    let ids = brands.by_key.get(word).filter(|_| word.len() >= 6)?;
    if ORDINARY_WORDS.contains(&word)
        || brands.english_keys.contains(word)
        || before.ends_with("aws ")
        || !NOUNS.contains(&next?)
    {
        return None;
    }
    let mut names = ids
        .iter()
        .map(|&b| brands.brands[b as usize].name.as_str())
        .filter(|name| name.eq_ignore_ascii_case(word) && *name != word);
    let name = names.next()?;
    // Two brands with these letters but other capitals would make the fix a guess.
    names.all(|other| other == name).then(|| name.to_string())
}

/// The token after `tokens[i]` when exactly one space separates them.
pub(super) fn next_word<'a>(s: &'a str, tokens: &[Range<usize>], i: usize) -> Option<&'a str> {
    let next = tokens.get(i + 1)?;
    (&s[tokens[i].end..next.start] == " ").then(|| &s[next.clone()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    fn judged(before: &str, word: &str, next: &str) -> Option<String> {
        let schema = schema::embedded();
        judge(schema.brands(), before, word, Some(next))
    }

    #[test]
    fn a_lowercase_name_before_what_it_holds() {
        assert_eq!(
            judged("the ", "dynamodb", "table").as_deref(),
            Some("DynamoDB")
        );
        assert_eq!(
            judged("a ", "cloudformation", "templates").as_deref(),
            Some("CloudFormation")
        );
        assert_eq!(
            judged("", "codebuild", "console").as_deref(),
            Some("CodeBuild")
        );
        assert_eq!(
            judged("in ", "redshift", "clusters").as_deref(),
            Some("Redshift")
        );
    }

    #[test]
    fn words_commands_and_other_nouns_are_left_alone() {
        // English words, plural nouns and commands.
        assert_eq!(judged("a ", "lambda", "function"), None);
        assert_eq!(judged("the ", "budgets", "console"), None);
        assert_eq!(judged("all ", "workspaces", "service"), None);
        assert_eq!(judged("run aws ", "cloudformation", "stack"), None);
        // Not a noun for what the service holds: a package, a client, a verb.
        assert_eq!(judged("the ", "dynamodb", "client"), None);
        assert_eq!(judged("pip install ", "sagemaker", "sdk"), None);
        assert_eq!(judged("", "cloudformation", "deploy"), None);
        // Already right, or not a service.
        assert_eq!(judged("", "DynamoDB", "table"), None);
        assert_eq!(judged("the ", "database", "table"), None);
    }
}
