//! One pass over a document's lines gives its outline: the chunks it is analysed in and its ATX headings,
//! both with one rule for fenced code and HTML comments (so a heading inside a long fence is never taken
//! for a heading, and never starts a chunk).
//!
//! Chunks let an edit re-analyse only the chunk it touched. A chunk boundary is a line that always starts
//! a new top-level block, outside fenced code and HTML comments:
//! - a line at column 0 after a blank line (a new paragraph, heading, list, table, fence …);
//! - a top-level list item (`- x`, `* x`, `1. x` at column 0) right after an item of the same list, while
//!   every line of the chunk so far is an item of that list or a plain continuation line. A long bullet
//!   list is thus one chunk per item, so typing in a 10,000-item list re-analyses one item.
//!
//! Parsing the chunks one by one yields the regions a whole-document parse would (lazy continuation and
//! indented continuations never follow a boundary; a list item ends every open block but its list).
//! Everything — the CLI and the language server — analyses through chunks, so both give the same findings
//! by construction; a unit test compares chunked and whole-document regions on generated documents.
use std::ops::Range;

/// Chunks and headings of a document, from one pass over its lines.
pub struct Outline<'a> {
    /// Covering the text completely and in order.
    pub chunks: Vec<Range<usize>>,
    /// ATX headings outside fenced code and comments: (offset, level, text).
    pub headings: Vec<(usize, usize, &'a str)>,
}

/// Fenced code: ``` or ~~~ with up to three spaces of indent, closed by the same character repeated at
/// least as often, with nothing but spaces after (CommonMark's rule).
#[derive(Default)]
struct Fence {
    open: Option<(u8, usize)>,
}

impl Fence {
    /// Feeds one line (without its line break); returns whether the line belongs to fenced code (the
    /// opening and closing lines included).
    fn line(&mut self, body: &str) -> bool {
        let trimmed = body.trim_start_matches(' ');
        let was_open = self.open.is_some();
        if body.len() - trimmed.len() <= 3 {
            for ch in [b'`', b'~'] {
                let n = trimmed.bytes().take_while(|&b| b == ch).count();
                if n < 3 {
                    continue;
                }
                match self.open {
                    // A backtick fence's info string cannot contain a backtick.
                    None if ch == b'~' || !trimmed[n..].contains('`') => self.open = Some((ch, n)),
                    Some((c, len)) if c == ch && n >= len && trimmed[n..].trim().is_empty() => {
                        self.open = None
                    }
                    _ => {}
                }
            }
        }
        was_open || self.open.is_some()
    }
}

/// `Some(marker)` when `body` is a top-level list item with content: `-`, `*` or `+` (the marker itself),
/// or an ordered item (`.` or `)`, its delimiter). Thematic breaks (`- - -`) are not items.
fn list_item(body: &str) -> Option<u8> {
    let b = body.as_bytes();
    let (marker, after) = match b.first()? {
        c @ (b'-' | b'*' | b'+') => (*c, 1),
        c if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            match b.get(digits) {
                Some(d @ (b'.' | b')')) if digits <= 9 => (*d, digits + 1),
                _ => return None,
            }
        }
        _ => return None,
    };
    if !matches!(b.get(after), Some(b' ' | b'\t')) || body[after..].trim().is_empty() {
        return None;
    }
    let thematic = body.bytes().all(|c| c == marker || c == b' ' || c == b'\t');
    (!thematic).then_some(marker)
}

/// Whether `body` can follow a list item inside the same list without changing how the item's lines
/// parse: an indented line, or plain text (a lazy continuation of the item's paragraph).
fn plain_continuation(body: &str) -> bool {
    body.starts_with([' ', '\t']) || body.starts_with(|c: char| c.is_alphanumeric())
}

/// The outline of `text`: chunks and headings in one pass.
pub fn outline(text: &str) -> Outline<'_> {
    let mut chunks = Vec::new();
    let mut headings = Vec::new();
    let mut start = 0;
    let mut fence = Fence::default();
    let mut in_comment = false;
    let mut prev_blank = false;
    // The list the current chunk is an item of, while it is nothing but that.
    let mut list: Option<u8> = None;
    let mut pos = 0;
    // Metadata blocks (`---` … `---`/`...`, `+++` … `+++`) are one block, blank lines and all. pulldown-cmark
    // opens one at any `---`/`+++` line followed by a non-blank line when a closing line follows somewhere
    // (not only at the start of the document): treat such a line like a fence until its closer.
    let mut metadata_until: usize = 0;
    // Once a search for a closing line of a kind (`-`, `+`) failed, none follows any later opener either:
    // remembering it keeps the pass linear however many openers there are.
    let mut no_closer = [false; 2];
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let body = line.trim_end_matches(['\n', '\r']);
        let blank = body.trim().is_empty();
        let at_col0 = body.starts_with(|c: char| !c.is_whitespace());
        let item = list_item(body);
        let outside = fence.open.is_none() && !in_comment && pos >= metadata_until;
        let boundary = outside
            && pos > start
            && ((prev_blank && at_col0) || (item.is_some() && item == list && !prev_blank));
        if boundary {
            chunks.push(start..pos);
            start = pos;
            list = item;
        } else if pos == start {
            list = item;
        } else if list.is_some() && !(blank || item == list || plain_continuation(body)) {
            list = None;
        }
        let in_metadata = pos < metadata_until;
        let in_code = !in_metadata && fence.line(body);
        if !in_code && !in_metadata && fence.open.is_none() && !in_comment {
            let kind = match body.trim_end() {
                "---" => Some(b'-'),
                "+++" => Some(b'+'),
                _ => None,
            };
            let next_blank = lines.peek().is_none_or(|l| l.trim().is_empty());
            if let (Some(kind), false) = (kind, next_blank) {
                let slot = usize::from(kind == b'+');
                if !no_closer[slot] {
                    match metadata_closer(text, pos + line.len(), kind) {
                        Some(end) => metadata_until = end,
                        None => no_closer[slot] = true,
                    }
                }
            }
        }
        if !in_code && !in_metadata && pos >= metadata_until {
            if !in_comment {
                if let Some(h) = atx_heading(body) {
                    headings.push((pos, h.0, h.1));
                }
            }
            // Track `<!--` … `-->` spanning lines (last marker on the line wins). Most lines have
            // neither `<` nor `>`: skip the substring searches for them.
            let marked = body.contains('<') || body.contains('>');
            let open = if marked { body.rfind("<!--") } else { None };
            let close = if marked { body.rfind("-->") } else { None };
            match (open, close) {
                (Some(o), Some(c)) => in_comment = o > c,
                (Some(_), None) => in_comment = true,
                (None, Some(_)) => in_comment = false,
                (None, None) => {}
            }
        }
        prev_blank = blank;
        pos += line.len();
    }
    if start < text.len() || chunks.is_empty() {
        chunks.push(start..text.len());
    }
    Outline { chunks, headings }
}

/// The end of the first line at or after `from` that closes a metadata block opened by `---` (`---` or
/// `...`) or `+++`.
fn metadata_closer(text: &str, from: usize, kind: u8) -> Option<usize> {
    let mut pos = from;
    for line in text[from..].split_inclusive('\n') {
        pos += line.len();
        let closes = match line.trim_end() {
            "---" | "..." => kind == b'-',
            "+++" => kind == b'+',
            _ => false,
        };
        if closes {
            return Some(pos);
        }
    }
    None
}

/// (level, text) of an ATX heading line.
fn atx_heading(body: &str) -> Option<(usize, &str)> {
    let t = body.trim_start_matches(' ');
    if body.len() - t.len() > 3 {
        return None;
    }
    let level = t.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&level) && (t.len() == level || t[level..].starts_with([' ', '\t'])))
        .then(|| (level, t[level..].trim()))
}

/// The chunks of `text`, covering it completely and in order.
pub fn chunks(text: &str) -> Vec<Range<usize>> {
    outline(text).chunks
}

/// ATX headings outside fenced code and comments: (offset, level, text).
pub fn headings(text: &str) -> Vec<(usize, usize, &str)> {
    outline(text).headings
}

/// The heading chain in force at `offset`, outermost first.
pub fn chain_at<'a>(all: &[(usize, usize, &'a str)], offset: usize) -> Vec<(usize, &'a str)> {
    let mut chain: Vec<(usize, &str)> = Vec::new();
    for &(_, level, text) in all.iter().take_while(|(p, _, _)| *p < offset) {
        chain.retain(|(l, _)| *l < level);
        chain.push((level, text));
    }
    chain
}

/// `chain_at` for offsets visited in increasing order, in time linear in the number of headings overall
/// (calling `chain_at` once per chunk would be quadratic in the size of the document).
pub struct HeadingChains<'h, 'a> {
    all: &'h [(usize, usize, &'a str)],
    next: usize,
    chain: Vec<(usize, &'a str)>,
}

impl<'h, 'a> HeadingChains<'h, 'a> {
    pub fn new(all: &'h [(usize, usize, &'a str)]) -> Self {
        HeadingChains {
            all,
            next: 0,
            chain: Vec::new(),
        }
    }

    /// The chain in force at `offset`; `offset` must not be smaller than at the previous call.
    pub fn at(&mut self, offset: usize) -> Vec<(usize, &'a str)> {
        while let Some(&(pos, level, text)) = self.all.get(self.next) {
            if pos >= offset {
                break;
            }
            self.chain.retain(|(l, _)| *l < level);
            self.chain.push((level, text));
            self.next += 1;
        }
        self.chain.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        chunks(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_at_top_level_blocks_only() {
        assert_eq!(split("a\nb\n\nc\n"), vec!["a\nb\n\n", "c\n"]);
        assert_eq!(
            split("- item\n\n  more\n\nnext\n"),
            vec!["- item\n\n  more\n\n", "next\n"]
        );
        assert_eq!(
            split("```\ncode\n\nstill\n```\n\nafter\n"),
            vec!["```\ncode\n\nstill\n```\n\n", "after\n"]
        );
        assert_eq!(
            split("<!--\n\nx\n-->\n\ny"),
            vec!["<!--\n\nx\n-->\n\n", "y"]
        );
        assert_eq!(split(""), vec![""]);
    }

    #[test]
    fn heading_chains_walk_like_chain_at() {
        let text = "# A\n\n## B\n\ntext\n\n### C\n\n## D\n\n# E\n\nend\n";
        let all = headings(text);
        let mut walk = HeadingChains::new(&all);
        for offset in 0..=text.len() {
            assert_eq!(walk.at(offset), chain_at(&all, offset), "at {offset}");
        }
    }

    #[test]
    fn splits_top_level_list_items() {
        assert_eq!(split("- a\n- b\n- c\n"), vec!["- a\n", "- b\n", "- c\n"]);
        assert_eq!(
            split("1. a\n   more\nlazy\n2. b\n"),
            vec!["1. a\n   more\nlazy\n", "2. b\n"]
        );
        // Another list kind, HTML, a table or a fence in between: no split until a blank line.
        assert_eq!(split("- a\n* b\n- c\n"), vec!["- a\n* b\n- c\n"]);
        assert_eq!(split("- a\n<div>\n- b\n"), vec!["- a\n<div>\n- b\n"]);
        assert_eq!(split("- a\n| x |\n- b\n"), vec!["- a\n| x |\n- b\n"]);
        assert_eq!(
            split("- a\n```\n- b\n```\n- c\n"),
            vec!["- a\n```\n- b\n```\n- c\n"]
        );
        // A paragraph followed by a list: the list is not split from it, but its items are split.
        assert_eq!(split("text\n- a\n- b\n"), vec!["text\n- a\n- b\n"]);
        assert_eq!(split("- - -\n- a\n"), vec!["- - -\n- a\n"]);
    }

    /// Chunks parse alone into the regions of a whole-document parse (the engine's invariant), on
    /// documents built from the constructs that interact with list items.
    #[test]
    fn chunked_regions_equal_whole_document_regions() {
        let pieces = [
            "- item `AWS_REGION`\n",
            "* star item\n",
            "1. ordered\n",
            "2) paren\n",
            "  indented continuation\n",
            "lazy continuation\n",
            "\n",
            "```yaml\n",
            "~~~~\n",
            "<div>\n",
            "<!-- c\n",
            "-->\n",
            "| a | b |\n",
            "|---|---|\n",
            "> quote\n",
            "# Heading\n",
            "---\n",
            "    code\n",
            "text\n",
            "- [link](https://x.example/a)\n",
            "-\n",
            "+ plus\n",
        ];
        // A deterministic walk over many combinations (a small linear congruential generator).
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..4000 {
            let mut doc = String::new();
            for _ in 0..8 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                doc.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let whole: Vec<_> = crate::markdown::regions(&doc)
                .into_iter()
                .map(|r| (r.kind, r.range, r.lang))
                .collect();
            let mut chunked = Vec::new();
            for c in chunks(&doc) {
                for r in crate::markdown::regions(&doc[c.clone()]) {
                    chunked.push((
                        r.kind,
                        r.range.start + c.start..r.range.end + c.start,
                        r.lang,
                    ));
                }
            }
            assert_eq!(
                chunked,
                whole,
                "document: {doc:?}\nchunks: {:?}",
                split(&doc)
            );
        }
    }

    #[test]
    fn headings_skip_code() {
        let t = "# A\n```bash\n# not a heading\n```\n## B\ntext";
        let h = headings(t);
        assert_eq!(h.iter().map(|x| x.2).collect::<Vec<_>>(), vec!["A", "B"]);
        assert_eq!(chain_at(&h, t.len()), vec![(1, "A"), (2, "B")]);
        // A shorter fence line inside a longer fence does not close it (the heading stays code).
        let t = "# A\n````\n```\n# not a heading\n````\n## B\n<!--\n# commented\n-->\n";
        let h = headings(t);
        assert_eq!(h.iter().map(|x| x.2).collect::<Vec<_>>(), vec!["A", "B"]);
    }
}
