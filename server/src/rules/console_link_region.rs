//! `console-link-region`: a console link that opens another Region than the one the note says it works
//! in — "I will be using ap-southeast-4 for this demo", then a link to
//! `https://ap-southeast-2.console.aws.amazon.com/ec2/home`.
//!
//! Why: lab guides and runbooks are followed click by click; a link copied from an older guide opens
//! the console in another Region, where the reader's resources are not, or creates new ones there.
//!
//! The note's working Regions are the ones it states for the whole walk-through: "I'll be using
//! `us-west-2` for this lab", "we deploy to eu-west-1 for the entire tutorial", "this demo uses
//! ap-south-1". A note that states none is never judged, nor is a link to a console that is not
//! Regional (IAM, CloudFront, Route 53, Organizations, billing, support, S3's bucket list). The
//! console link's Region is its host's (`us-east-2.console.aws.amazon.com`) or its `region=`
//! parameter; a link whose text is the URL itself is reported once, at its text.
//!
//! Example: in a note that says "I will be using ap-southeast-4 (Melbourne) for this demo",
//! `[EC2 console](https://ap-southeast-2.console.aws.amazon.com/ec2/home)` → the link opens
//! `ap-southeast-2`; the note works in `ap-southeast-4`.

use super::*;

/// Consoles that are not Regional: their links carry a Region that means nothing for the reader's
/// resources (IAM, CloudFront and Route 53 are global; the S3 console lists the buckets of every
/// Region; billing, support and Organizations are account-wide).
const GLOBAL_CONSOLES: &[&str] = &[
    "iam",
    "iamv2",
    "cloudfront",
    "route53",
    "route53domains",
    "organizations",
    "billing",
    "costmanagement",
    "cost-management",
    "support",
    "trustedadvisor",
    "globalaccelerator",
    "artifact",
    "s3",
    "console",
    "home",
];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    if !cx.triggers(region).has(Trigger::Console) {
        return;
    }
    let s = &cx.text[region.range.clone()];
    let mut reported_in_text = false;
    for (code, slug) in console_links(s) {
        reported_in_text |= report(cx, region.range.start, code, slug, out);
    }
    // A link's destination is in no region: read it after the link text (`[text](url)`), unless the
    // text was the same URL and has been reported already.
    if region.kind != RegionKind::LinkText || reported_in_text {
        return;
    }
    let rest = &cx.text[region.range.end..];
    let Some(dest) = rest.strip_prefix("](") else {
        return;
    };
    let end = dest
        .find(|c: char| c == ')' || c.is_whitespace())
        .unwrap_or(dest.len());
    let base = region.range.end + 2;
    for (code, slug) in console_links(&dest[..end]) {
        report(cx, base, code, slug, out);
    }
}

/// A finding for a link to console `slug` in Region `code` (a range relative to `base`), held until
/// the engine knows the note's working Regions; whether one was made.
fn report(
    cx: &Context,
    base: usize,
    code: Range<usize>,
    slug: &str,
    out: &mut Vec<Finding>,
) -> bool {
    let name = &cx.text[base + code.start..base + code.end];
    if GLOBAL_CONSOLES.contains(&slug) || cx.schema.get(Kind::Region, name).is_none() {
        return false;
    }
    let finding = Finding::new(
        RuleId::ConsoleLinkRegion,
        base + code.start..base + code.end,
        format!("this link opens the `/{slug}/` console in `{name}`"),
        vec![],
        Some((Kind::Region, name)),
    );
    out.push(finding.confirmed_by_working_region(name));
    true
}

/// The Regional console links in `s`: the range of each one's Region code and its console path's first
/// segment.
fn console_links(s: &str) -> Vec<(Range<usize>, &str)> {
    let mut links = Vec::new();
    let url = gated_regex!(
        r"(?i-u:https://(?:([a-z]{2}(?:-gov)?-[a-z]+-[0-9])\.)?console\.aws\.amazon\.com/([a-z0-9-]+))[^\s<>()\[\]]*"
    );
    let region_param = gated_regex!(r"[?&#]region=([a-z]{2}(?:-gov)?-[a-z]+-[0-9])(?-u:\b)");
    for caps in url.captures_iter(s) {
        let slug = caps.get(2).map_or("", |m| m.as_str());
        if let Some(host) = caps.get(1) {
            links.push((host.range(), slug));
            continue;
        }
        let whole = caps.get(0).unwrap();
        if let Some(param) = region_param.captures(whole.as_str()) {
            let code = param.get(1).unwrap().range();
            links.push((whole.start() + code.start..whole.start() + code.end, slug));
        }
    }
    links
}

/// The Regions a note says it works in for the whole walk-through ("I will be using ap-southeast-4
/// for this demo"), in order of appearance, without repeats.
pub fn working_regions(text: &str) -> Vec<String> {
    const REGION: &str = r"`?([a-z]{2}(?:-gov)?-[a-z]+-[0-9])`?";
    static STATEMENTS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = STATEMENTS.get_or_init(|| {
        let walkthrough = r"(?:demo|lab|tutorial|guide|walk-?through|exercise|workshop|project|course)";
        let pattern = [
            // "I will be using ap-southeast-4 (Melbourne) for this demo", "we deploy to us-west-2 for
            // the entire lab".
            format!(
                r"(?i)\b(?:i|we)\b[^.\n]{{0,20}}?\b(?:using|use|work(?:ing)?\s+in|deploy(?:ing)?\s+(?:in|to)|build(?:ing)?\s+in)\s+(?:the\s+)?{REGION}\b[^.\n]{{0,40}}?\b(?:for|throughout)\s+(?:this|the|our)\s+(?:whole\s+|entire\s+)?{walkthrough}"
            ),
            // "This demo uses us-east-1", "the lab runs in eu-west-2".
            format!(
                r"(?i)\b(?:this|the)\s+(?:whole\s+|entire\s+)?{walkthrough}\s+(?:uses|runs\s+in|is\s+(?:done|run|built|deployed)\s+in|assumes)\s+(?:the\s+)?{REGION}\b"
            ),
        ]
        .join("|");
        regex::Regex::new(&pattern).unwrap()
    });
    let mut regions: Vec<String> = Vec::new();
    for caps in re.captures_iter(text) {
        let Some(code) = caps.iter().skip(1).flatten().next() else {
            continue;
        };
        let code = code.as_str().to_ascii_lowercase();
        if !regions.contains(&code) {
            regions.push(code);
        }
    }
    regions
}

/// Whether a console link's finding stands: the note states working Regions and `link_region` is none
/// of them. The message then names them, and they become the suggested replacements.
pub fn confirm_working_region(
    working: &[String],
    link_region: &str,
    finding: &mut Finding,
) -> bool {
    if working.is_empty() || working.iter().any(|w| w == link_region) {
        return false;
    }
    let named: Vec<String> = working.iter().map(|w| format!("`{w}`")).collect();
    finding.message = format!(
        "{}, but this note works in {}",
        finding.message,
        named.join(" and ")
    )
    .into();
    finding.replacements = working.to_vec().into();
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_region_of_a_console_link() {
        let s = "see https://ap-southeast-2.console.aws.amazon.com/ec2/home and \
                 https://console.aws.amazon.com/rds/home?region=eu-west-1#db: and \
                 https://console.aws.amazon.com/lambda/home";
        let found: Vec<(&str, &str)> = console_links(s)
            .into_iter()
            .map(|(r, slug)| (&s[r], slug))
            .collect();
        assert_eq!(found, [("ap-southeast-2", "ec2"), ("eu-west-1", "rds")]);
    }

    #[test]
    fn finds_the_regions_a_note_works_in() {
        let note =
            "I will be using ap-southeast-4 (Melbourne) for this demo, but any Region works.\n\
                    The lab runs in `us-west-2` too.\n\
                    We use us-east-1 for CloudFront certificates.\n\
                    I will be using ap-southeast-4 for this demo again.";
        assert_eq!(working_regions(note), ["ap-southeast-4", "us-west-2"]);
        assert!(working_regions("Create the bucket in us-east-1.").is_empty());
    }

    #[test]
    fn confirms_only_a_link_outside_the_working_regions() {
        let finding = || {
            Finding::new(
                RuleId::ConsoleLinkRegion,
                0..14,
                "this link opens the `/ec2/` console in `ap-southeast-2`".into(),
                vec![],
                None,
            )
        };
        let working = vec!["ap-southeast-4".to_string()];
        let mut f = finding();
        assert!(confirm_working_region(&working, "ap-southeast-2", &mut f));
        assert_eq!(
            &*f.message,
            "this link opens the `/ec2/` console in `ap-southeast-2`, but this note works in `ap-southeast-4`"
        );
        assert_eq!(&*f.replacements, ["ap-southeast-4".to_string()]);
        assert!(!confirm_working_region(
            &working,
            "ap-southeast-4",
            &mut finding()
        ));
        assert!(!confirm_working_region(
            &[],
            "ap-southeast-2",
            &mut finding()
        ));
    }
}
