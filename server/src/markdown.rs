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
    /// How many kinds there are: tables indexed by [`RegionKind::index`] have this many slots.
    pub const COUNT: usize = 7;

    /// A dense index, `0..COUNT` (a new kind fails to compile here until it has one; raise `COUNT`).
    pub const fn index(self) -> usize {
        match self {
            RegionKind::Prose => 0,
            RegionKind::LinkText => 1,
            RegionKind::InlineCode => 2,
            RegionKind::CodeBlock => 3,
            RegionKind::Html => 4,
            RegionKind::HtmlComment => 5,
            RegionKind::FrontMatter => 6,
        }
    }

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
    match plain_paragraph(text) {
        Some(end) => vec![Region {
            kind: RegionKind::Prose,
            range: 0..end,
            lang: None,
        }],
        None => parsed_regions(text),
    }
}

/// Bytes that may start Markdown syntax inside a paragraph (emphasis, code, links, images, HTML,
/// entities, escapes, strikethrough, tables, footnotes, headings) or make a line something else than
/// text (control characters: tabs, carriage returns). Cautious: some cannot change the regions alone
/// (an entity is merged into its prose, a `#` inside a line is text), and the test that compares with
/// the parser fails when the set misses one that can (a backtick, `*`, `_`, `~`, a tab).
const MARKUP_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize;
        b += 1;
    }
    let markup = b"\\`*_[]<>!&~|#";
    let mut i = 0;
    while i < markup.len() {
        table[markup[i] as usize] = true;
        i += 1;
    }
    table
};

/// The end of the text when `text` is one paragraph of plain text (most of a study note's prose): every
/// line starts with an ASCII letter (no indentation, list marker, heading, quote, fence or blank line),
/// and no byte can start Markdown syntax. Such a chunk is one prose region from its start to its last
/// non-blank byte, as the parser would say, for a tenth of the cost (pulldown-cmark builds its block
/// tree and events: ~20 instructions a byte of prose). `regions_equal_the_parser_on_plain_paragraphs`
/// compares the two.
fn plain_paragraph(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|&&b| b == b' ' || b == b'\n')
            .count();
    let body = &bytes[..end];
    if body.is_empty() || body.iter().any(|&b| MARKUP_BYTES[usize::from(b)]) {
        return None;
    }
    let mut line_starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', body).map(|i| i + 1));
    line_starts
        .all(|start| body.get(start).is_some_and(u8::is_ascii_alphabetic))
        .then_some(end)
}

/// [`regions`] by pulldown-cmark's events.
fn parsed_regions(text: &str) -> Vec<Region> {
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
            // A code block's lines are one region also where a list item indents them (each line is
            // its own text event then, the indentation between them): a command continued with `\`
            // stays one command.
            let mergeable = matches!(
                kind,
                RegionKind::Prose | RegionKind::LinkText | RegionKind::CodeBlock
            ) || last.range.end == range.start;
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
                new_block = true;
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
    // Every match holds `://`, `arn:aws`, `www.` or a dot and a known extension: one literal search
    // settles most regions (the pattern itself has no literal to search for, so the regex crate would
    // try a match at every word character).
    use std::sync::OnceLock;
    static MARKS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let marks = MARKS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "://", "arn:aws", "www.", ".htm", ".md", ".png", ".jpg", ".jpeg", ".gif", ".svg",
                ".webp", ".pdf",
            ])
            .expect("literal patterns")
    });
    if !marks.is_match(s) {
        return Vec::new();
    }
    url_like(s)
}

/// The matches of this pattern, leftmost-first, by hand (a one-note lint spent about 1 M instructions
/// compiling it, for a handful of searches):
///
/// ```text
/// (?-u:\b)(?i-u:https?|s3|ftp|file)://[^\s<>"'`)\]]+
/// | (?-u:\b)(?i-u:arn:aws[a-z-]*:)[^\s<>"'`)\]]*
/// | (?-u:\b)(?i-u:www\.)[^\s<>"'`)\]]+
/// | (?i-u:[A-Za-z0-9_./-]+\.(?:html?|md|png|jpe?g|gif|svg|webp|pdf))(?-u:\b)
/// ```
///
/// A URL runs to the first white space (Unicode) or one of `<>"'`)]`. A file name is a run of path
/// bytes ending in `.` and a known extension before a non-word byte; the longest such prefix of the run
/// wins (the greedy `+`), and if none exists at the run's first byte, none exists at a later one. The
/// case of the literals is ASCII's: the regex this replaced also matched `ſ` (U+017F) for `s` and
/// `K` (U+212A) for `k`, as Unicode case folding does.
fn url_like(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    // Before this offset, the file-name branch is known to fail (see above).
    let mut no_file_name_before = 0;
    let mut i = 0;
    while i < b.len() {
        let after_word = i > 0 && is_word_byte(b[i - 1]);
        if after_word && i < no_file_name_before {
            // Inside a word of a run whose file name failed: nothing starts before the word's end.
            i += b[i..]
                .iter()
                .take_while(|&&c| is_word_byte(c))
                .count()
                .max(1);
            continue;
        }
        let url = !after_word && matches!(b[i] | 0x20, b'h' | b's' | b'f' | b'a' | b'w');
        if let Some(end) = url.then(|| url_at(s, i)).flatten() {
            out.push(i..end);
            i = end;
            continue;
        }
        if is_path_byte(b[i]) && i >= no_file_name_before {
            let run_end = i + b[i..].iter().take_while(|&&c| is_path_byte(c)).count();
            if let Some(end) = file_name_end(b, i, run_end) {
                out.push(i..end);
                i = end;
                continue;
            }
            no_file_name_before = run_end;
        }
        i += 1;
    }
    out
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_path_byte(c: u8) -> bool {
    is_word_byte(c) || matches!(c, b'.' | b'/' | b'-')
}

/// The end of a URL or ARN starting at `i` (a word boundary before it is the caller's).
fn url_at(s: &str, i: usize) -> Option<usize> {
    let b = &s.as_bytes()[i..];
    let starts =
        |lit: &str| b.len() >= lit.len() && b[..lit.len()].eq_ignore_ascii_case(lit.as_bytes());
    let tail = |from: usize| -> usize {
        s[i + from..]
            .char_indices()
            .find(|&(_, c)| {
                c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | ')' | ']')
            })
            .map_or(s.len() - i, |(k, _)| from + k)
    };
    for scheme in ["https://", "http://", "s3://", "ftp://", "file://", "www."] {
        if starts(scheme) {
            let end = tail(scheme.len());
            // At least one character after the scheme.
            return (end > scheme.len()).then_some(i + end);
        }
    }
    if starts("arn:aws") {
        let mut k = "arn:aws".len();
        k += b[k..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
            .count();
        if b.get(k) == Some(&b':') {
            return Some(i + tail(k + 1));
        }
    }
    None
}

/// The end of the file name starting at `start` in the run of path bytes `start..run_end`.
fn file_name_end(b: &[u8], start: usize, run_end: usize) -> Option<usize> {
    const EXTENSIONS: [&str; 10] = [
        "html", "htm", "md", "png", "jpeg", "jpg", "gif", "svg", "webp", "pdf",
    ];
    (start + 1..run_end)
        .rev()
        .filter(|&p| b[p] == b'.')
        .find_map(|p| {
            EXTENSIONS.iter().find_map(|ext| {
                let end = p + 1 + ext.len();
                let fits = b
                    .get(p + 1..end)
                    .is_some_and(|e| e.eq_ignore_ascii_case(ext.as_bytes()));
                (fits && b.get(end).is_none_or(|&c| !is_word_byte(c))).then_some(end)
            })
        })
}

/// Where a table cell's meaning comes from: in a pipe table a bare "256 KB" is about its row's first cell
/// ("Max message size") and its column's header ("SQS").
#[derive(Debug, PartialEq, Eq)]
pub struct CellContext<'a> {
    pub column_header: &'a str,
    pub row_label: &'a str,
}

/// Per analysis: line start → start of its table's header line (`None`: not in a pipe table). Filled
/// while walking up, so every line of a long table is walked over once, not once per cell.
pub type TableHeaderMemo = rustc_hash::FxHashMap<usize, Option<usize>>;

/// The column header and row label of the pipe-table cell at `offset` of `text`, when the cell is in a
/// body row and not in the first column. A GFM table is a header line, a delimiter line (`|---|:-:|`)
/// and body lines, each with `|` between cells (`\|` is a literal pipe).
pub fn table_cell_context<'a>(
    text: &'a str,
    offset: usize,
    memo: &mut TableHeaderMemo,
) -> Option<CellContext<'a>> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    if !line.contains('|') {
        return None;
    }
    let cells = table_cells(line);
    let column = cells.iter().position(|c| c.end >= offset - line_start)?;
    if column == 0 {
        return None;
    }
    let header_start = table_header_start(text, line_start, memo)?;
    let header = line_at(text, header_start);
    let header_cells = table_cells(header);
    Some(CellContext {
        column_header: header[header_cells.get(column)?.clone()].trim(),
        row_label: line[cells[0].clone()].trim(),
    })
}

fn line_at(text: &str, start: usize) -> &str {
    let rest = &text[start..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line.strip_suffix('\r').unwrap_or(line)
}

/// The cells of a table line (ranges in `line`, outer pipes dropped), split at unescaped `|`.
fn table_cells(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut cuts: Vec<usize> = (0..b.len())
        .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
        .collect();
    let lead = line.len() - line.trim_start().len();
    let trail = line.trim_end().len();
    let mut start = 0;
    if cuts.first() == Some(&lead) {
        start = lead + 1;
        cuts.remove(0);
    }
    let mut end = line.len();
    if trail > 0 && cuts.last() == Some(&(trail - 1)) {
        end = trail - 1;
        cuts.pop();
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    for c in cuts {
        out.push(start..c);
        start = c + 1;
    }
    out.push(start..end.max(start));
    out
}

fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains(['|', ':'])
        && t.bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// The start of the header line of the table whose body holds the line at `line_start`.
fn table_header_start(text: &str, line_start: usize, memo: &mut TableHeaderMemo) -> Option<usize> {
    let mut walked = Vec::new();
    let mut at = line_start;
    let found = loop {
        if let Some(&known) = memo.get(&at) {
            break known;
        }
        walked.push(at);
        if at == 0 {
            break None;
        }
        let prev = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        let prev_line = line_at(text, prev);
        if is_delimiter_row(prev_line) {
            break (prev > 0)
                .then(|| text[..prev - 1].rfind('\n').map_or(0, |i| i + 1))
                .filter(|&h| line_at(text, h).contains('|'));
        }
        if !prev_line.contains('|') {
            break None;
        }
        at = prev;
    };
    for w in walked {
        memo.insert(w, found);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain-paragraph shortcut gives what the parser gives, on pseudo-random chunks: words,
    /// spaces, line breaks and punctuation, half of them with one piece of markup or indentation put
    /// somewhere (so that both branches run, and each byte and line start the shortcut tests is met).
    #[test]
    fn regions_equal_the_parser_on_plain_paragraphs() {
        const PLAIN: &[&str] = &[
            "word",
            "Lambda",
            "a",
            "I",
            " ",
            "  ",
            "\n",
            ".",
            ",",
            "(",
            ")",
            "-",
            ":",
            ";",
            "'",
            "\"",
            "/",
            "?",
            "é",
            "Ünïcode",
            "1",
            "20 s",
            "https://x.y/z",
            "www.example.com",
            "=",
            "+",
            "%",
            "  \n",
            " \n",
            "$",
            "@",
            "^",
            "{",
            "}",
        ];
        const OTHER: &[&str] = &[
            "\n\n",
            "- ",
            "* ",
            "1. ",
            "*",
            "_",
            "`",
            "[x]",
            "[^1]",
            "#",
            "## ",
            "\t",
            "---",
            "===",
            "<b>",
            "<!-- c -->",
            "&amp;",
            "\\",
            "~~",
            "|",
            "!",
            ">",
            "\r\n",
            "    ",
            "```",
            "\n    ",
            "\n- ",
            "\n1) ",
            "\n> ",
            "\n#",
            "\n===",
            "\n---",
            "\n|a|\n|-|",
            "\u{0c}",
            "\u{0}",
            "`x`",
            "**x**",
            "_x_",
            "~~x~~",
            "[l](u)",
            "![i](u)",
            "<b>x</b>",
            "&copy;",
            "\\*",
            "a|b\n-|-",
            "[^1]: x",
            "<https://x.y>",
            "\n```\nx\n```",
        ];
        // Each piece of markup inside, after and glued to a plain line.
        for piece in OTHER {
            for text in [
                format!("Word {piece} more"),
                format!("Word{piece}more"),
                format!("Word more\n{piece}"),
                format!("{piece} more"),
            ] {
                assert_eq!(regions(&text), parsed_regions(&text), "{text:?}");
            }
        }
        let mut rng = crate::testdata::Lcg(3);
        let mut shortcut = 0;
        for _ in 0..60_000 {
            let mut text = String::from(["Word", "a", "x"][rng.below(3)]);
            for _ in 0..rng.below(14) {
                text.push_str(PLAIN[rng.below(PLAIN.len())]);
            }
            if rng.below(2) == 0 {
                let at = rng.below(text.len() + 1);
                if text.is_char_boundary(at) {
                    text.insert_str(at, OTHER[rng.below(OTHER.len())]);
                }
            }
            if plain_paragraph(&text).is_some() {
                shortcut += 1;
            }
            assert_eq!(regions(&text), parsed_regions(&text), "{text:?}");
        }
        assert!(shortcut > 10_000, "the shortcut was taken {shortcut} times");
    }

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

    /// `url_like` finds the matches of the pattern its docs give, on fixed samples and on 40,000
    /// pseudo-random texts made of the pieces that matter (schemes in any case, path bytes, dots and
    /// extensions, the bytes that end a URL, non-ASCII white space and letters).
    #[test]
    fn url_like_is_the_regex_matches() {
        let re = regex::Regex::new(r#"(?-u:\b)(?i-u:https?|s3|ftp|file)://[^\s<>"'`)\]]+|(?-u:\b)(?i-u:arn:aws[a-z-]*:)[^\s<>"'`)\]]*|(?-u:\b)(?i-u:www\.)[^\s<>"'`)\]]+|(?i-u:[A-Za-z0-9_./-]+\.(?:html?|md|png|jpe?g|gif|svg|webp|pdf))(?-u:\b)"#).unwrap();
        let check = |text: &str| {
            let expected: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(url_like(text), expected, "{text:?}");
        };
        for text in [
            "see https://a.b/c.html and sqs-short-and-long-polling.html now",
            "xhttp://a.md",
            "a/https://x",
            "foo.https://x y",
            "http:// x",
            "arn:aws:s3:::b/k arn:aws-cn:iam::1:role/r ARN:AWS-x-:y arn:aws:",
            "a.html.x b.htmlx c.jpeg d.jpg e.JPG. www.a.b WWW. S3://b ftp://f file:///x",
            "é.md é/x.pdf (http://a.b/c) [x](y.md) 'www.q' `file.svg`",
            "p.md\u{a0}http://a\u{a0}b http://a\u{2003}",
        ] {
            check(text);
        }
        let pieces = [
            "http", "https", "HTTP", "://", ":/", "s3", "ftp", "File", "arn:aws", "ARN:aws", "-cn",
            ":", "www.", "WWW", ".", "html", "htm", "md", "Png", "jpeg", "jpg", "webp", "pdf", "x",
            "A", "7", "_", "/", "-", " ", "\n", "\u{a0}", "é", "ſ", "<", ")", "]", "'", "\"", "`",
        ];
        for text in crate::testdata::texts_of_pieces(3, &pieces, 14, 40_000) {
            check(&text);
        }
    }

    #[test]
    fn table_cells_know_their_header_and_row() {
        let md = "| Feature | SQS | SNS |\n|---|:-:|---|\n| Max message size | 256 KB | 256 KiB |\n| Retention | 14 days | none |\n";
        let mut memo = TableHeaderMemo::default();
        let at = |s: &str| md.find(s).unwrap();
        let cx = |o| table_cell_context(md, o, &mut TableHeaderMemo::default());
        assert_eq!(
            table_cell_context(md, at("256 KiB"), &mut memo),
            Some(CellContext {
                column_header: "SNS",
                row_label: "Max message size"
            })
        );
        assert_eq!(
            table_cell_context(md, at("14 days"), &mut memo),
            Some(CellContext {
                column_header: "SQS",
                row_label: "Retention"
            })
        );
        // The first column, the header row and text outside a table have no cell context.
        assert_eq!(cx(at("Max message")), None);
        assert_eq!(cx(at("SQS")), None);
        assert_eq!(cx(0), None);
        let prose = "a | b\nc | 256 KB\n";
        assert_eq!(cx_in(prose, prose.find("256").unwrap()), None);
        // Escaped pipes stay inside their cell; lines without outer pipes are tables too.
        let md2 = "Name | a \\| b | Size\n--- | --- | ---\nx | y | 5 MB\n";
        assert_eq!(
            cx_in(md2, md2.find("5 MB").unwrap()),
            Some(CellContext {
                column_header: "Size",
                row_label: "x"
            })
        );
    }

    fn cx_in(text: &str, offset: usize) -> Option<CellContext<'_>> {
        table_cell_context(text, offset, &mut TableHeaderMemo::default())
    }
}
