//! `console-link-mismatch`: a link to one service's console given for another's — "Head to the IAM
//! console: [link]" where the link opens `https://s3.console.aws.amazon.com/s3/…`.
//!
//! Why: a reader who follows the link lands in the wrong console, usually while following steps.
//!
//! The service is the one named right before the word "console" (in prose, or as a link's text:
//! "[IAM console](…)"); the link is the one that follows at once (after `:`, `at` or as the same link),
//! and its console is the first path segment of a `console.aws.amazon.com` URL (`/s3/`, `/iam/`),
//! read as a service name, endpoint prefix or CLI name. Consoles that hold several services' pages
//! (`/ec2/` for load balancers and volumes, `/cloudwatch/` for logs and events, `/vpc/`,
//! `/systems-manager/`, `/codesuite/`) and paths that name no service are never judged.
//!
//! Example: `Open the IAM console: [https://s3.console.aws.amazon.com/s3/buckets](…)` → the link opens
//! the S3 console, not IAM's.

use super::*;

/// Console paths shared by several services' pages: a link there may be right for any of them.
const SHARED_CONSOLES: &[&str] = &[
    "ec2",
    "cloudwatch",
    "vpc",
    "systems-manager",
    "codesuite",
    "console",
    "home",
    "billing",
    "costmanagement",
    "iamv2",
];

/// The word "console" in any ASCII case: the matches of `(?i-u)(?-u:\b)console(?-u:\b)`.
fn console_words(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    super::words::word_runs(s).filter(|w| s[w.clone()].eq_ignore_ascii_case("console"))
}

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    if !cx.triggers(region).has(Trigger::Console) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    let ops = cx.schema.operations();
    for m in console_words(s).map(|w| crate::pattern::Match::new(s, w)) {
        // The service named right before "console" (a name's last word ends one space before it).
        let Some(before) = s[..m.start()].strip_suffix(' ') else {
            continue;
        };
        let tail = last_words(before, 4);
        let named: Vec<u32> = ops
            .services_at(tail)
            .into_iter()
            .filter(|(r, _)| r.end == tail.len())
            .map(|(_, id)| id)
            .collect();
        if named.is_empty() {
            continue;
        }
        let after = region.range.start + m.end();
        let Some((link, slug)) = following_console_link(cx.text, after) else {
            continue;
        };
        if SHARED_CONSOLES.contains(&slug) {
            continue;
        }
        let opened = ops.services_named(slug);
        if opened.is_empty() || opened.iter().any(|id| named.contains(id)) {
            continue;
        }
        let name = |id: u32| ops.services[id as usize].name.as_str();
        out.push(Finding::new(
            RuleId::ConsoleLinkMismatch,
            link,
            format!(
                "this link opens the {} console (`/{slug}/`), not the {} console",
                name(opened[0]),
                name(named[0])
            ),
            vec![],
            None,
        ));
    }
}

/// The last `n` space-separated words of `text` (all of it when it has fewer).
fn last_words(text: &str, n: usize) -> &str {
    match text.rmatch_indices(' ').nth(n - 1) {
        Some((i, _)) => &text[i + 1..],
        None => text,
    }
}

/// The link that starts right after `at` in `text` (the whole chunk: a link's text and its destination
/// are different regions), when it is an AWS console URL: the link's byte range (the `[text](url)`, or
/// the bare URL) and the console path's first segment.
fn following_console_link(text: &str, at: usize) -> Option<(Range<usize>, &str)> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let rest = &text[at..line_end];
    let trimmed = rest.trim_start_matches([' ', ':', ',']);
    let trimmed = trimmed.strip_prefix("at ").unwrap_or(trimmed);
    let start = at + (rest.len() - trimmed.len());
    let (link_start, url_start) = if let Some(url) = trimmed.strip_prefix("](") {
        // The service and "console" were the link's own text: `[IAM console](url)`.
        let open = text[..at].rfind('[')?;
        (open, line_end - url.len())
    } else if trimmed.starts_with('[') {
        let close = trimmed.find("](")?;
        (start, start + close + 2)
    } else {
        (start, start)
    };
    let url = text[url_start..line_end].trim_start_matches('<');
    let caps = gated_regex!(r"^https://(?:[a-z0-9-]+\.)*console\.aws\.amazon\.com/([a-z0-9-]+)")
        .captures(url)?;
    let slug = caps.get(1)?.as_str();
    // The link ends at its closing parenthesis, or with the bare URL.
    let url_end = url
        .find(|c: char| c == ')' || c == '>' || c.is_whitespace())
        .unwrap_or(url.len());
    let closed = matches!(url[url_end..].chars().next(), Some(')' | '>'));
    // `url` runs to the end of the line.
    let end = line_end - url.len() + url_end + usize::from(closed);
    Some((link_start..end, slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "console" is found where the regex it replaced found it.
    #[test]
    fn console_words_are_the_regex_matches() {
        let re = regex!(r"(?i-u)(?-u:\b)console(?-u:\b)");
        let pieces = [
            "console", "CONSOLE", "Console", " ", "x", "_", "é", "-", "consoles", "1",
        ];
        for s in crate::testdata::texts_of_pieces(19, &pieces, 8, 20_000) {
            let expected: Vec<_> = re.find_iter(&s).map(|m| m.range()).collect();
            assert_eq!(console_words(&s).collect::<Vec<_>>(), expected, "{s:?}");
        }
    }

    #[test]
    fn finds_the_link_after_the_console() {
        let text = "Head to the IAM console: [https://s3.console.aws.amazon.com/s3/buckets](https://s3.console.aws.amazon.com/s3/buckets?region=x) now";
        let at = text.find("console").unwrap() + "console".len();
        let (range, slug) = following_console_link(text, at).unwrap();
        assert_eq!(slug, "s3");
        assert!(text[range.clone()].starts_with("[https://s3.console"));
        assert!(text[range].ends_with("region=x)"));
        let text = "Use the [IAM console](https://console.aws.amazon.com/iam/home).";
        let at = text.find("console").unwrap() + "console".len();
        let (range, slug) = following_console_link(text, at).unwrap();
        assert_eq!(slug, "iam");
        assert_eq!(
            &text[range],
            "[IAM console](https://console.aws.amazon.com/iam/home)"
        );
        let text = "the EC2 console at <https://console.aws.amazon.com/ec2/> today";
        let at = text.find("console").unwrap() + "console".len();
        let (range, slug) = following_console_link(text, at).unwrap();
        assert_eq!(
            (slug, &text[range]),
            ("ec2", "<https://console.aws.amazon.com/ec2/>")
        );
        assert!(following_console_link("the console shows it", 11).is_none());
        assert!(
            following_console_link("console: [docs](https://docs.aws.amazon.com/)", 7).is_none()
        );
    }

    #[test]
    fn last_words_of_a_phrase() {
        assert_eq!(last_words("Head to the IAM", 4), "Head to the IAM");
        assert_eq!(last_words("so we head to the IAM", 2), "the IAM");
    }
}
