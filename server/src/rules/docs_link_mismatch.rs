//! `docs-link-mismatch`: a link to an AWS documentation page whose text names another documented topic
//! — `[Centralized Root Access](…/organizations/latest/userguide/orgs_manage_policies_rcps.html)`, a
//! link to the page on resource control policies.
//!
//! Why: notes end with "References" lists built by copying links; a link whose page is about something
//! else sends the reader to the wrong page, and the note looks sourced when it is not.
//!
//! Only topics in the table below are judged, and only when both sides are known: the link's whole text
//! names one topic ("Service control policies", "SCPs", "Centralized root access", with or without a
//! leading "AWS" or "the") and its URL is the page of another one (any language's copy of the page,
//! any `#section`). A link whose text names no topic of the table, or whose page is not in it, is never
//! judged. Each page's topic was read on the page itself (as of 2026-12-04); the table grows one
//! verified page at a time.
//!
//! Example: `[Centralized Root Access](https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)`
//! → the page is about resource control policies (RCPs); centralized root access is documented at
//! `https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management`.

use super::*;

/// A documented topic: the link texts that name it, the pages about it (paths under
/// `https://docs.aws.amazon.com/`, without a `#section`), and the URL a link to it should open.
struct Topic {
    /// What the topic is called in a finding's message ("not …").
    name: &'static str,
    /// What its pages are about ("this page is about …"): wider than the topic when the topic is a
    /// section of a page.
    about: &'static str,
    /// Link texts naming the topic, lowercase, after [`link_text_key`].
    texts: &'static [&'static str],
    pages: &'static [&'static str],
    url: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        name: "service control policies (SCPs)",
        about: "service control policies (SCPs)",
        texts: &[
            "service control policies",
            "service control policy",
            "service control policies (scps)",
            "scps",
            "scp",
        ],
        pages: &["organizations/latest/userguide/orgs_manage_policies_scps.html"],
        url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
    },
    Topic {
        name: "resource control policies (RCPs)",
        about: "resource control policies (RCPs)",
        texts: &[
            "resource control policies",
            "resource control policy",
            "resource control policies (rcps)",
            "rcps",
            "rcp",
        ],
        pages: &["organizations/latest/userguide/orgs_manage_policies_rcps.html"],
        url: "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html",
    },
    Topic {
        name: "centralized root access for member accounts",
        about: "the AWS account root user",
        texts: &[
            "centralized root access",
            "centralised root access",
            "centrally manage root access",
            "centrally manage root access for member accounts",
            "centralize root access for member accounts",
            "centralized root access for member accounts",
        ],
        pages: &["IAM/latest/UserGuide/id_root-user.html"],
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management",
    },
    Topic {
        name: "identity-based and resource-based policies",
        about: "identity-based and resource-based policies",
        texts: &[
            "identity-based policies and resource-based policies",
            "identity-based vs resource-based policies",
            "identity-based vs. resource-based policies",
            "identity-based and resource-based policies",
        ],
        pages: &["IAM/latest/UserGuide/access_policies_identity-vs-resource.html"],
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html",
    },
];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    if region.kind != RegionKind::LinkText {
        return;
    }
    let Some(dest) = cx.text[region.range.end..].strip_prefix("](") else {
        return;
    };
    // `](url)` or `](<url>)`: the finding covers the URL alone.
    let (dest, bracketed) = match dest.strip_prefix('<') {
        Some(inner) => (inner, 1),
        None => (dest, 0),
    };
    let url_len = dest
        .find(|c: char| c == ')' || c == '>' || c.is_whitespace())
        .unwrap_or(dest.len());
    let url = &dest[..url_len];
    // The page first: a URL is matched in place, while the link text's key is a new string, and few
    // links open one of the table's pages (a corpus lint met 100,000 links).
    let Some(opened) = topic_of_page(url) else {
        return;
    };
    let Some(named) = topic_named(&cx.text[region.range.clone()]) else {
        return;
    };
    if std::ptr::eq(opened, named) {
        return;
    }
    let start = region.range.end + 2 + bracketed;
    out.push(Finding::new(
        RuleId::DocsLinkMismatch,
        start..start + url_len,
        format!(
            "this page is about {}, not {}; that is documented at {}",
            opened.about, named.name, named.url
        ),
        vec![named.url.to_string()],
        None,
    ));
}

/// The topic a link's whole text names, if the table knows it.
fn topic_named(text: &str) -> Option<&'static Topic> {
    let key = link_text_key(text);
    TOPICS.iter().find(|t| t.texts.contains(&key.as_str()))
}

/// A link text reduced to what names its topic: lowercase, single spaces, without emphasis, a leading
/// "the" or "AWS", or trailing punctuation.
fn link_text_key(text: &str) -> String {
    let mut key = text
        .replace('*', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    for prefix in ["the ", "aws "] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_string();
        }
    }
    key.trim_end_matches(['.', ':', ',']).to_string()
}

/// The topic of the AWS documentation page at `url`, if the table knows the page: any language's copy
/// (`/ja_jp/`), any `#section` or query.
fn topic_of_page(url: &str) -> Option<&'static Topic> {
    let path = url
        .strip_prefix("https://docs.aws.amazon.com/")
        .or_else(|| url.strip_prefix("http://docs.aws.amazon.com/"))?;
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let bytes = path.as_bytes();
    // A language segment: two letters, `_`, two letters, `/`.
    let path = if bytes.len() > 6 && bytes[2] == b'_' && bytes[5] == b'/' {
        &path[6..]
    } else {
        path
    };
    TOPICS.iter().find(|t| t.pages.contains(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_topics_by_whole_link_text() {
        assert_eq!(
            topic_named("Centralized Root Access").map(|t| t.name),
            Some("centralized root access for member accounts")
        );
        assert_eq!(
            topic_named("the **SCPs**").map(|t| t.name),
            Some("service control policies (SCPs)")
        );
        assert!(topic_named("Why SCPs do not apply to the management account").is_none());
    }

    #[test]
    fn knows_a_page_in_any_language_and_section() {
        let rcps = Some("resource control policies (RCPs)");
        for url in [
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html",
            "https://docs.aws.amazon.com/ja_jp/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-size-limit",
        ] {
            assert_eq!(topic_of_page(url).map(|t| t.name), rcps);
        }
        assert!(topic_of_page("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html").is_none());
        assert!(
            topic_of_page("https://example.com/IAM/latest/UserGuide/id_root-user.html").is_none()
        );
    }
}
