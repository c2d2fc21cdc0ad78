//! Markdown → regions. A region is a byte range of the source with what it is (prose, code, HTML …);
//! rules read only the region kinds they declare. Link destinations and image paths never become regions,
//! so no rule can flag a URL or file name.
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Paragraph, heading, list item, table cell or block-quote text.
    Prose,
    /// The visible text of a link (`[this](…)`): prose, but often a title copied from elsewhere.
    LinkText,
    /// `` `code` `` (without the backticks).
    InlineCode,
    /// Fenced or indented code block contents.
    CodeBlock,
    /// Block or inline HTML that is not a comment.
    Html,
    /// `<!-- … -->`; suppression comments live here.
    HtmlComment,
    /// YAML (`---`) or TOML (`+++`) front matter.
    FrontMatter,
}

impl RegionKind {
    /// How the documentation names the kind (`docs/rules.md`: "Reads: prose, link text.").
    pub fn describe(self) -> &'static str {
        match self {
            RegionKind::Prose => "prose",
            RegionKind::LinkText => "link text",
            RegionKind::InlineCode => "inline code",
            RegionKind::CodeBlock => "code blocks",
            RegionKind::Html => "HTML",
            RegionKind::HtmlComment => "HTML comments",
            RegionKind::FrontMatter => "front matter",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub kind: RegionKind,
    pub range: Range<usize>,
    /// The info string's first word of a fenced code block (`yaml`, `json`, …).
    pub lang: Option<String>,
}

/// Splits `text` into regions, in source order. Adjacent text events of the same kind are merged, so a
/// name split by an escape (`\_X_AMZN_TRACE_ID`) is still one region.
pub fn regions(text: &str) -> Vec<Region> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut out: Vec<Region> = Vec::new();
    let mut code_lang: Option<Option<String>> = None; // Some(..) while inside a code block
    let mut link_depth = 0usize;
    let mut autolink_depth = 0usize;
    let mut image_depth = 0usize;
    let mut in_metadata = false;

    // Set at each block start (paragraph, heading, list item, cell): regions never merge across blocks.
    let mut new_block = true;
    let push = |out: &mut Vec<Region>,
                new_block: &mut bool,
                kind: RegionKind,
                range: Range<usize>,
                lang: Option<String>| {
        if range.start >= range.end {
            return;
        }
        let fresh = std::mem::replace(new_block, false);
        if let (false, Some(last)) = (fresh, out.last_mut()) {
            // Merge with the previous region of the same kind when only line breaks or emphasis markers
            // separate them, so that a sentence stays one region across `**bold**` and soft breaks.
            let gap_is_markup = last.range.end <= range.start
                && text[last.range.end..range.start]
                    .bytes()
                    .all(|b| matches!(b, b'*' | b'_' | b'~' | b' ' | b'\n' | b'\r' | b'\t'));
            let mergeable = matches!(kind, RegionKind::Prose | RegionKind::LinkText)
                || last.range.end == range.start;
            if last.kind == kind && last.lang == lang && gap_is_markup && mergeable {
                last.range.end = range.end;
                return;
            }
        }
        out.push(Region { kind, range, lang });
    };

    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_),
            ) => new_block = true,
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(|w| w.trim_matches(|c| c == '{' || c == '}').to_lowercase()),
                    CodeBlockKind::Indented => None,
                };
                code_lang = Some(lang);
            }
            Event::End(TagEnd::CodeBlock) => code_lang = None,
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Start(Tag::Link { link_type, .. }) => {
                link_depth += 1;
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    autolink_depth += 1;
                }
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                autolink_depth = autolink_depth.saturating_sub(1);
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(_) => {
                if in_metadata {
                    push(
                        &mut out,
                        &mut new_block,
                        RegionKind::FrontMatter,
                        range,
                        None,
                    );
                } else if let Some(lang) = &code_lang {
                    push(
                        &mut out,
                        &mut new_block,
                        RegionKind::CodeBlock,
                        range,
                        lang.clone(),
                    );
                } else if autolink_depth > 0 || image_depth > 0 {
                    // URLs and image alt text: never checked.
                } else if link_depth > 0 {
                    push(&mut out, &mut new_block, RegionKind::LinkText, range, None);
                } else {
                    push(&mut out, &mut new_block, RegionKind::Prose, range, None);
                }
            }
            Event::SoftBreak | Event::HardBreak
                if code_lang.is_none() && !in_metadata && link_depth == 0 =>
            {
                push(&mut out, &mut new_block, RegionKind::Prose, range, None);
            }
            Event::Code(_) if autolink_depth == 0 && image_depth == 0 => {
                let inner = strip_backticks(text, range);
                push(
                    &mut out,
                    &mut new_block,
                    RegionKind::InlineCode,
                    inner,
                    None,
                );
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let kind = if text[range.clone()].trim_start().starts_with("<!--") {
                    RegionKind::HtmlComment
                } else {
                    RegionKind::Html
                };
                push(&mut out, &mut new_block, kind, range, None);
            }
            _ => {}
        }
    }
    out
}

fn strip_backticks(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let ticks = s.len() - s.trim_start_matches('`').len();
    let end_ticks = s.len() - s.trim_end_matches('`').len();
    if ticks + end_ticks >= s.len() {
        return range.start..range.start;
    }
    let mut start = range.start + ticks;
    let mut end = range.end - end_ticks;
    // One leading and trailing space are padding in CommonMark (`` ` x ` ``).
    if text.as_bytes()[start] == b' ' && end > start + 1 && text.as_bytes()[end - 1] == b' ' {
        start += 1;
        end -= 1;
    }
    start..end
}

/// Byte ranges of bare URLs and file-like paths inside `s` (relative offsets): rules drop candidates
/// that overlap them.
pub fn url_spans(s: &str) -> Vec<Range<usize>> {
    // Every match contains `:` (a scheme) or `.` (`www.`, a file extension).
    if !s.bytes().any(|b| b == b':' || b == b'.') {
        return Vec::new();
    }
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        // ASCII word boundaries and path characters keep this on the regex crate's fast DFA (Unicode `\b`
        // needs a slower engine); URLs and file names are ASCII in practice.
        regex::Regex::new(r#"(?i)(?-u:\b)(?:https?|s3|ftp|file)://[^\s<>"'`)\]]+|(?-u:\b)arn:aws[a-z-]*:[^\s<>"'`)\]]*|(?-u:\b)www\.[^\s<>"'`)\]]+|[A-Za-z0-9_./-]+\.(?:html?|md|png|jpe?g|gif|svg|webp|pdf)(?-u:\b)"#).unwrap()
    });
    re.find_iter(s).map(|m| m.range()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(RegionKind, &str)> {
        regions(text)
            .into_iter()
            .map(|r| (r.kind, &text[r.range]))
            .collect()
    }

    #[test]
    fn splits_prose_code_links_and_comments() {
        let md = "# Title\n\nSee [the docs](https://x.example/a.html) and `s3:GetObject`.\n\n<!-- awsnotes-disable -->\n\n```yaml\nRuntime: nodejs8.10\n```\n";
        let got = kinds(md);
        assert!(got.contains(&(RegionKind::Prose, "Title")));
        assert!(got.contains(&(RegionKind::LinkText, "the docs")));
        assert!(got.contains(&(RegionKind::InlineCode, "s3:GetObject")));
        assert!(got.contains(&(RegionKind::HtmlComment, "<!-- awsnotes-disable -->\n")));
        assert!(got.contains(&(RegionKind::CodeBlock, "Runtime: nodejs8.10\n")));
        assert!(!got.iter().any(|(_, s)| s.contains("x.example")));
    }

    #[test]
    fn escapes_do_not_split_names() {
        let md = "\\_X_AMZN_TRACE_ID is set by Lambda.\n";
        let got = kinds(md);
        assert_eq!(
            got,
            vec![(RegionKind::Prose, "_X_AMZN_TRACE_ID is set by Lambda.")]
        );
    }

    #[test]
    fn front_matter_and_autolinks() {
        let md = "---\ntitle: Notes\n---\n\n<https://docs.aws.amazon.com/x-amz-foo>\n";
        let got = kinds(md);
        assert_eq!(got, vec![(RegionKind::FrontMatter, "title: Notes\n")]);
    }

    #[test]
    fn url_spans_cover_urls_and_file_names() {
        let s = "see https://a.b/c.html and sqs-short-and-long-polling.html now";
        let spans = url_spans(s);
        assert_eq!(spans.len(), 2);
        assert_eq!(&s[spans[1].clone()], "sqs-short-and-long-polling.html");
    }
}
