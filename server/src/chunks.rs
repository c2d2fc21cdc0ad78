//! One pass over a document's lines gives its outline: the chunks it is analysed in and its ATX headings,
//! both with one view of the blocks that hide lines from the rest (fenced code, also inside a top-level
//! list item; HTML comments; HTML blocks, those a blank line ends and those it does not; metadata
//! blocks, which pulldown-cmark opens at any block start), so a heading inside a long fence is never
//! taken for a heading, and never starts a chunk.
//!
//! Chunks let an edit re-analyse only the chunk it touched. A chunk boundary is a line that starts a new
//! top-level block, outside all of the above:
//! - a line at column 0 after a blank line (a new paragraph, heading, list, table, fence …);
//! - a top-level list item (`- x`, `* x`, `1. x` at column 0) right after an item of the same list, while
//!   every line of the chunk so far is an item of that list, a line indented to the item's content, or
//!   plain text at column 0 (a lazy continuation). A long bullet list is thus one chunk per item, so
//!   typing in a 10,000-item list re-analyses one item.
//!
//! Parsing the chunks one by one is meant to yield the regions a whole-document parse would; the CLI
//! and the language server both analyse through chunks, so they give the same findings by construction.
//! A unit test compares chunked and whole-document regions on 20,000 generated documents and on every
//! counterexample found so far. Known gap: stress runs with other seeds and longer documents still find
//! contrived combinations (metadata delimiters right after raw HTML closing tags, empty list items after
//! inline HTML) where pulldown-cmark's reading differs; the effect is a different region kind there, in
//! documents no one writes.
use crate::lines::{common_prefix, common_suffix};
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

/// The width of a list item's marker and the spaces after it: the indent its continuation lines need.
fn item_width(body: &str) -> usize {
    let marker = body
        .bytes()
        .position(|c| c == b' ' || c == b'\t')
        .unwrap_or(body.len());
    let spaces = body[marker..].bytes().take_while(|&c| c == b' ').count();
    // Five or more spaces: the item's text is indented code, and its content starts after one space.
    marker + if (1..=4).contains(&spaces) { spaces } else { 1 }
}

/// Whether `body` can follow a list item (whose content starts at column `width`) inside the same list
/// without changing how the item's lines parse: a line indented at least as far as the item's content,
/// or plain text at column 0 (a lazy continuation of the item's paragraph). A line indented less than
/// that (` <div>`) can start a block of its own, which a following item would not end.
fn plain_continuation(body: &str, width: usize) -> bool {
    let spaces = body.bytes().take_while(|&c| c == b' ').count();
    spaces >= width || (spaces == 0 && body.starts_with(|c: char| c.is_alphanumeric()))
}

/// An empty list item (`-`, `1.`): a list item, though not one that may interrupt a paragraph.
fn empty_item(body: &str) -> bool {
    let t = body.trim_end_matches([' ', '\t']);
    matches!(t, "-" | "*" | "+")
        || (t.len() >= 2
            && t.len() <= 10
            && t.ends_with(['.', ')'])
            && t[..t.len() - 1].bytes().all(|c| c.is_ascii_digit()))
}

/// Whether a column-0 line can only be paragraph text (a lazy continuation line), not the start of
/// another block.
fn lazy_text(body: &str) -> bool {
    !body.starts_with(['>', '<', '#', '`', '~', '-', '*', '+', '_', '=', '|', '\t'])
        && list_item(body).is_none()
}

/// Whether `body` starts an HTML block of CommonMark's type 6 (block-level tags: it may interrupt a
/// paragraph, and a blank line ends it).
fn html_block_start(body: &str) -> bool {
    const TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    let t = body.trim_start_matches(' ');
    if body.len() - t.len() > 3 {
        return false;
    }
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let (name, after) = rest.split_at(name_len);
    let ends = after.is_empty() || after.starts_with(['>', ' ', '\t']) || after.starts_with("/>");
    ends && TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(name))
}

/// CommonMark's blank line: only spaces and tabs.
fn is_blank(body: &str) -> bool {
    body.bytes().all(|c| c == b' ' || c == b'\t')
}

/// The text that ends an HTML block that blank lines do not end (CommonMark types 1, 3 and 5: `<pre>`,
/// `<script>`, `<style>`, `<textarea>`, `<?`, `<![CDATA[`), when `body` starts one.
fn raw_html_end(body: &str) -> Option<&'static str> {
    let t = body.trim_start_matches(' ');
    if body.len() - t.len() > 3 || !t.starts_with('<') {
        return None;
    }
    if t.starts_with("<?") {
        return Some("?>");
    }
    if t.starts_with("<![CDATA[") {
        return Some("]]>");
    }
    let head = t.get(..t.len().min(10)).unwrap_or(t).to_ascii_lowercase();
    for (open, close) in [
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        let tag_ends = |rest: &str| rest.is_empty() || rest.starts_with(['>', ' ', '\t']);
        if head.starts_with(open) && tag_ends(&head[open.len()..]) {
            return Some(close);
        }
    }
    None
}

/// The lines of `text` with their line breaks. Only `\n` ends a line here: pulldown-cmark does not break
/// a heading or a paragraph at a lone `\r` (the LSP's line rule, in `lines.rs`, is about positions).
fn lines_of(text: &str) -> LinesOf<'_> {
    LinesOf { text, pos: 0 }
}

/// `text.split_inclusive('\n')` with the memchr crate's vectorised search: the outline is rebuilt on
/// every edit, and the standard library's line search was a quarter of its time on a long note.
#[derive(Clone)]
struct LinesOf<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LinesOf<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        let len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        self.pos += len;
        // `len` ends after a `\n` or at the end of the text: both are character boundaries.
        rest.get(..len)
    }
}

/// Whether `text` has a `\r` that is not part of `\r\n`.
fn has_lone_cr(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr(b'\r', b).is_some()
        && b.iter()
            .enumerate()
            .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// What the outline pass carries from one line to the next, positions aside. Restarting the pass at a
/// chunk start with the state it had there gives what the whole pass gives from there on: that is what
/// lets [`IncrementalOutline`] rescan only the chunks around an edit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct LineState {
    fence: Fence,
    /// Set when the open fence is inside a list item whose content starts at this column: the fence ends
    /// with the item (a non-blank line indented less), not only at a closing fence line.
    fence_in_item: Option<usize>,
    in_comment: bool,
    /// The end marker of an open HTML block that blank lines do not end.
    raw_html: Option<&'static str>,
    /// An open HTML block of block-level tags (`<div>`, `<table>` …), which the next blank line ends.
    html_block: bool,
    prev_blank: bool,
    /// Whether the previous line may be the text of a top-level paragraph: then `---` underlines it
    /// (a setext heading) instead of opening a metadata block.
    prev_paragraph: bool,
    /// Whether the previous line may be paragraph text at all, in a list item too: `+++` continues such a
    /// paragraph (while `---` cannot be a lazy continuation: after a list item's text it starts a block).
    prev_text: bool,
    /// The list the current chunk is an item of, while it is nothing but that, and the content column of
    /// its latest item.
    list: Option<u8>,
    width: usize,
    /// The top-level list item the current line belongs to (its content column), tracked across chunks:
    /// a fence opened inside it ends with it. `item_para` is whether its paragraph is open (then plain
    /// text at column 0 is a lazy continuation line of the item).
    in_item: Option<usize>,
    item_para: bool,
    /// Metadata blocks (`---` … `---`/`...`, `+++` … `+++`) are one block, blank lines and all.
    /// pulldown-cmark opens one at a block start (not only at the start of the document) when the next
    /// line is not blank and a closing line follows somewhere: treat it like a fence until its closer.
    metadata_until: usize,
    /// Once a search for a closing line of a kind (`-`, `+`) failed, none follows any later opener
    /// either: remembering it keeps the pass linear however many openers there are.
    no_closer: [bool; 2],
}

impl LineState {
    /// The state as a chunk start keeps it. A chunk never starts inside a metadata block, so where the
    /// last one ended no longer matters (and must not, for states compared across versions).
    fn at_chunk_start(self) -> LineState {
        LineState {
            metadata_until: 0,
            ..self
        }
    }
}

/// What the outline pass produces, without borrowing the text (a cached outline outlives it).
#[derive(Default)]
struct Parts {
    /// Covering the text completely and in order.
    chunks: Vec<Range<usize>>,
    /// The state at the start of each chunk, before its first line.
    states: Vec<LineState>,
    /// ATX headings: (offset, level, byte range of the heading's text).
    headings: Vec<(usize, usize, Range<usize>)>,
}

impl Parts {
    /// The outline these parts give `text`; `whole` when it has a lone `\r`.
    fn outline<'t>(&self, text: &'t str, whole: bool) -> Outline<'t> {
        let chunks = if whole {
            // pulldown-cmark ends some blocks at a lone `\r` and not others (a fence opens after one; a
            // heading runs on through it): rather than follow that, a document with one is one chunk.
            std::iter::once(0..text.len()).collect()
        } else {
            self.chunks.clone()
        };
        let headings = self
            .headings
            .iter()
            .map(|(pos, level, range)| (*pos, *level, &text[range.clone()]))
            .collect();
        Outline { chunks, headings }
    }
}

/// The outline of `text`: chunks and headings in one pass.
pub fn outline(text: &str) -> Outline<'_> {
    let mut parts = Parts::default();
    scan(text, 0, LineState::default(), &mut parts, |_, _| false);
    parts.outline(text, has_lone_cr(text))
}

/// The outline pass over `text` from `from` (the start of a chunk, whose state is `st`) to the end,
/// appending to `out`. It stops early at a chunk start that `resync(offset, state there)` accepts, after
/// pushing the chunk before it: it returns that offset, and the caller appends what follows.
fn scan(
    text: &str,
    from: usize,
    mut st: LineState,
    out: &mut Parts,
    mut resync: impl FnMut(usize, &LineState) -> bool,
) -> Option<usize> {
    let mut start = from;
    let mut pos = from;
    out.states.push(st.at_chunk_start());
    let mut lines = lines_of(&text[from..]).peekable();
    while let Some(line) = lines.next() {
        // What a chunk starting at this line starts with.
        let top = st;
        let body = line.trim_end_matches(['\n', '\r']);
        let blank = is_blank(body);
        let indent = body.bytes().take_while(|&c| c == b' ').count();
        if let (Some(w), false) = (st.fence_in_item, blank) {
            if indent < w {
                // The list item ends here, and the fence with it.
                st.fence.open = None;
                st.fence_in_item = None;
            }
        }
        if blank {
            st.html_block = false;
        }
        let at_col0 = !blank && !body.starts_with([' ', '\t']);
        let item = list_item(body);
        if st.fence.open.is_none()
            && !st.in_comment
            && st.raw_html.is_none()
            && !st.html_block
            && pos >= st.metadata_until
        {
            if let Some(w) = st.in_item {
                let lazy = st.item_para && at_col0 && item.is_none() && lazy_text(body);
                if !blank && indent < w && !lazy {
                    st.in_item = None;
                }
            }
            if at_col0 && (item.is_some() || (empty_item(body) && !st.prev_paragraph)) {
                st.in_item = Some(item_width(body));
                st.item_para = item.is_some();
            } else if blank {
                st.item_para = false;
            }
        }
        let outside = st.fence.open.is_none()
            && !st.in_comment
            && st.raw_html.is_none()
            && !st.html_block
            && pos >= st.metadata_until;
        let boundary = outside
            && pos > start
            && ((st.prev_blank && at_col0)
                || (item.is_some() && item == st.list && !st.prev_blank));
        let was_list = st.list.is_some();
        if boundary || pos == start {
            st.list = item;
        } else if st.list.is_some()
            && !(blank || item == st.list || (item.is_none() && plain_continuation(body, st.width)))
        {
            st.list = None;
        }
        if boundary {
            out.chunks.push(start..pos);
            if resync(pos, &top.at_chunk_start()) {
                return Some(pos);
            }
            out.states.push(top.at_chunk_start());
            start = pos;
        }
        if item.is_some() && item == st.list {
            st.width = item_width(body);
        }
        let in_metadata = pos < st.metadata_until;
        let fence_was_open = st.fence.open.is_some();
        if !in_metadata
            && st.fence.open.is_none()
            && !st.in_comment
            && st.raw_html.is_none()
            && !blank
        {
            st.html_block = st.html_block || html_block_start(body);
        }
        let in_code = !in_metadata
            && st.raw_html.is_none()
            && !st.in_comment
            && !st.html_block
            && st.fence.line(body);
        if !fence_was_open && st.fence.open.is_some() {
            st.fence_in_item = st.in_item.filter(|&w| indent >= w);
            st.item_para = false;
        }
        if st.fence.open.is_none() {
            st.fence_in_item = None;
        }
        let free = !in_code && !in_metadata && st.fence.open.is_none();
        if free && !st.in_comment && st.raw_html.is_none() {
            let kind = match body.trim_end() {
                "---" => Some(b'-'),
                "+++" => Some(b'+'),
                _ => None,
            };
            let continues = match kind {
                Some(b'+') => st.prev_text,
                _ => st.prev_paragraph && !was_list,
            };
            if let (Some(kind), false) = (kind, continues) {
                // An empty block (the closing line right after the opening one) is not a metadata
                // block. (Read only on a `---`/`+++` line: it is the next line's text.)
                let next_blank = lines.peek().is_none_or(|l| {
                    let next = l.trim_end_matches(['\n', '\r']);
                    let closer = match next.trim_end() {
                        "---" | "..." => Some(b'-'),
                        "+++" => Some(b'+'),
                        _ => None,
                    };
                    is_blank(next) || closer == Some(kind)
                });
                let slot = usize::from(kind == b'+');
                if !next_blank && !st.no_closer[slot] {
                    match metadata_closer(text, pos + line.len(), kind) {
                        Some(end) => st.metadata_until = end,
                        None => st.no_closer[slot] = true,
                    }
                }
            }
        }
        let heading = if free
            && !st.in_comment
            && st.raw_html.is_none()
            && !st.html_block
            && pos >= st.metadata_until
        {
            atx_heading(body)
        } else {
            None
        };
        if let Some((level, range)) = &heading {
            out.headings
                .push((pos, *level, pos + range.start..pos + range.end));
        }
        if free && !st.in_comment && pos >= st.metadata_until {
            match st.raw_html {
                Some(end) => {
                    if body.to_ascii_lowercase().contains(end) {
                        st.raw_html = None;
                    }
                }
                None => {
                    if let Some(end) = raw_html_end(body) {
                        let opening = body.trim_start_matches(' ');
                        if !opening[1..].to_ascii_lowercase().contains(end) {
                            st.raw_html = Some(end);
                        }
                    }
                }
            }
        }
        if free && st.raw_html.is_none() && pos >= st.metadata_until {
            // Track `<!--` … `-->` spanning lines (last marker on the line wins). Most lines have
            // neither `<` nor `>`: skip the substring searches for them.
            let marked = memchr::memchr2(b'<', b'>', body.as_bytes()).is_some();
            let open = if marked { body.rfind("<!--") } else { None };
            let close = if marked { body.rfind("-->") } else { None };
            match (open, close) {
                (Some(o), Some(c)) => st.in_comment = o > c,
                (Some(_), None) => st.in_comment = true,
                (None, Some(_)) => st.in_comment = false,
                (None, None) => {}
            }
        }
        // A thematic break or a setext underline ends what came before: the next line starts a block.
        let rule_line = {
            let t = body.trim_matches([' ', '\t']);
            !t.is_empty()
                && ['-', '*', '_', '=']
                    .iter()
                    .any(|&c| t.chars().all(|x| x == c || x == ' ' || x == '\t'))
        };
        let text_line = !blank
            && !in_code
            && !rule_line
            && heading.is_none()
            && !st.html_block
            && st.raw_html.is_none();
        st.prev_paragraph = text_line && item.is_none() && st.in_item.is_none();
        st.prev_text = text_line;
        st.prev_blank = blank;
        pos += line.len();
    }
    // `start` is before the end unless the text is empty (`from` is a chunk start, and chunks are not
    // empty): then the one chunk is the empty one.
    if start < text.len() || out.chunks.is_empty() {
        out.chunks.push(start..text.len());
    }
    debug_assert_eq!(out.chunks.len(), out.states.len());
    None
}

/// The outline of successive versions of one document (the language server's, edit after edit),
/// rescanning only from the chunk before an edit until the pass reaches a chunk start after it in the
/// state it had there in the previous version; from there on the previous outline holds, shifted.
/// Always equal to [`outline`] of the same text (a test checks it on random edits).
#[derive(Default)]
pub struct IncrementalOutline {
    /// The text `parts` describe; `None` before the first version.
    text: Option<String>,
    parts: Parts,
    /// How many chunks the last outline handed out had, and whether it was the whole text as one
    /// chunk (a text with a lone `\r`) rather than `parts.chunks`.
    handed_out: usize,
    whole: bool,
}

/// Which chunks an update replaced: the previous version's chunks `at..at + removed` are now
/// `at..at + inserted`; the others have the same text as before (those after moved by the difference
/// in length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: usize,
    pub inserted: usize,
}

impl IncrementalOutline {
    /// The outline of `text`, and which chunks differ from the previous version's.
    pub fn update<'t>(&mut self, text: &'t str) -> (Outline<'t>, Splice) {
        let unchanged = Splice {
            at: 0,
            removed: 0,
            inserted: 0,
        };
        // `Some(window)`: the stored text becomes `text` by replacing that stretch of it.
        let (mut splice, changed, window) = match self.text.as_deref() {
            Some(old) if old == text => (unchanged, false, None),
            Some(old) => {
                let (splice, window) = rescan(old, &mut self.parts, text);
                (splice, true, Some(window))
            }
            None => {
                scan(text, 0, LineState::default(), &mut self.parts, |_, _| false);
                let inserted = self.parts.chunks.len();
                (
                    Splice {
                        inserted,
                        ..unchanged
                    },
                    true,
                    None,
                )
            }
        };
        if changed {
            let stored = self.text.get_or_insert_with(String::new);
            match window {
                // Only the edited stretch is copied (a keystroke in a long note), at char boundaries
                // of both texts: `rescan` widens the window to them.
                Some(EditWindow {
                    prefix,
                    old_end,
                    new_end,
                }) => stored.replace_range(prefix..old_end, &text[prefix..new_end]),
                None => {
                    stored.clear();
                    stored.push_str(text);
                }
            }
            debug_assert_eq!(stored, text);
        }
        let whole = has_lone_cr(text);
        let outline = self.parts.outline(text, whole);
        if whole || self.whole {
            // The whole text as one chunk, now or before: everything changed.
            splice = Splice {
                at: 0,
                removed: self.handed_out,
                inserted: outline.chunks.len(),
            };
        }
        self.handed_out = outline.chunks.len();
        self.whole = whole;
        (outline, splice)
    }
}

/// Where two versions of a text differ: `old[prefix..old_end]` became `text[prefix..new_end]`, the
/// rest is the same. All three are char boundaries of their texts.
#[derive(Clone, Copy, Debug)]
struct EditWindow {
    prefix: usize,
    old_end: usize,
    new_end: usize,
}

/// Turns `parts`, those of `old`, into those of `text`, in place: only the stretch the pass rescans
/// is replaced, and what follows it is shifted. Also returns where the texts differ.
fn rescan(old: &str, parts: &mut Parts, text: &str) -> (Splice, EditWindow) {
    let mut prefix = common_prefix(old.as_bytes(), text.as_bytes());
    // A common prefix or suffix can end inside a character the two texts share the first (or last)
    // bytes of: widen the window to char boundaries so it can be copied as a `str`.
    while !text.is_char_boundary(prefix) || !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = common_suffix(&old.as_bytes()[prefix..], &text.as_bytes()[prefix..]);
    while !text.is_char_boundary(text.len() - suffix) || !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    let window = EditWindow {
        prefix,
        old_end: old.len() - suffix,
        new_end: text.len() - suffix,
    };
    // The first changed byte is in the text at `prefix`, the last unchanged ones start at `new_end`.
    let new_end = text.len() - suffix;
    // Restart at the chunk holding the line before the first changed one (a `---` line reads the line
    // after it).
    let line = line_start(text, prefix);
    let before = if line == 0 {
        0
    } else {
        line_start(text, line - 1)
    };
    let k = parts
        .chunks
        .partition_point(|c| c.start <= before)
        .saturating_sub(1);
    let restart = parts.states[k];
    if restart.no_closer != [false; 2] && edit_has_closer(text, line, new_end, restart.no_closer) {
        // A metadata opener before the restart found no closer in the old text, and the edited lines
        // now hold one: the opener may now open a block reaching past the restart. Scan it all.
        let removed = parts.chunks.len();
        *parts = Parts::default();
        scan(text, 0, LineState::default(), parts, |_, _| false);
        let splice = Splice {
            at: 0,
            removed,
            inserted: parts.chunks.len(),
        };
        return (splice, window);
    }
    let from = parts.chunks[k].start;
    // Offsets at or after `new_end` in the text are those at or after `old.len() - suffix` in the old
    // text, moved by the difference in length.
    let to_old = |pos: usize| pos + old.len() - text.len();
    let to_new = |pos: usize| pos + text.len() - old.len();
    let chunk_at = |parts: &Parts, old_pos: usize| {
        parts
            .chunks
            .binary_search_by_key(&old_pos, |c| c.start)
            .ok()
    };
    let mut rescanned = Parts::default();
    let resync = |pos: usize, st: &LineState| {
        pos >= new_end && chunk_at(parts, to_old(pos)).is_some_and(|j| parts.states[j] == *st)
    };
    let resynced = scan(text, from, restart, &mut rescanned, resync);
    // The old parts from `old_from` on are replaced by `rescanned`; those from `old_to` on are kept.
    let (old_to, old_pos) = match resynced {
        Some(pos) => (
            chunk_at(parts, to_old(pos)).expect("resync found a chunk there"),
            to_old(pos),
        ),
        None => (parts.chunks.len(), old.len() + 1),
    };
    for c in &mut parts.chunks[old_to..] {
        *c = to_new(c.start)..to_new(c.end);
    }
    let splice = Splice {
        at: k,
        removed: old_to - k,
        inserted: rescanned.chunks.len(),
    };
    parts.chunks.splice(k..old_to, rescanned.chunks);
    parts.states.splice(k..old_to, rescanned.states);
    let h_from = parts.headings.partition_point(|h| h.0 < from);
    let h_to = parts.headings.partition_point(|h| h.0 < old_pos);
    for (p, _, r) in &mut parts.headings[h_to..] {
        *p = to_new(*p);
        *r = to_new(r.start)..to_new(r.end);
    }
    parts.headings.splice(h_from..h_to, rescanned.headings);
    (splice, window)
}

/// Whether a line of `text` that overlaps the edited stretch (`line` is where the first edited line
/// starts, `new_end` where the unchanged rest begins) closes a metadata block of a kind whose search
/// has failed (`no_closer`: `---`/`...`, `+++`). If none does, the edit added no closer: every search
/// that failed before it would fail again.
fn edit_has_closer(text: &str, line: usize, new_end: usize, no_closer: [bool; 2]) -> bool {
    let mut pos = line;
    for l in lines_of(&text[line..]) {
        let closes = match l.trim_end() {
            "---" | "..." => no_closer[0],
            "+++" => no_closer[1],
            _ => false,
        };
        if closes {
            return true;
        }
        pos += l.len();
        if pos > new_end {
            break;
        }
    }
    false
}

/// [`line_start`] for other modules' tests.
#[cfg(test)]
pub(crate) fn tests_line_start(text: &str, pos: usize) -> usize {
    line_start(text, pos)
}

/// Where the line holding byte `pos` starts (lines end at `\n`, as in [`lines_of`]).
fn line_start(text: &str, pos: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..pos]).map_or(0, |i| i + 1)
}

/// The end of the first line at or after `from` that closes a metadata block opened by `---` (`---` or
/// `...`) or `+++`.
fn metadata_closer(text: &str, from: usize, kind: u8) -> Option<usize> {
    let mut pos = from;
    for line in lines_of(&text[from..]) {
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

/// (level, byte range of the text) of an ATX heading line.
fn atx_heading(body: &str) -> Option<(usize, Range<usize>)> {
    let t = body.trim_start_matches(' ');
    let indent = body.len() - t.len();
    if indent > 3 {
        return None;
    }
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) || !(t.len() == level || t[level..].starts_with([' ', '\t'])) {
        return None;
    }
    let rest = &t[level..];
    let start = indent + level + (rest.len() - rest.trim_start().len());
    Some((level, start..start + rest.trim().len()))
}

/// The chunks of `text`, covering it completely and in order.
pub fn chunks(text: &str) -> Vec<Range<usize>> {
    outline(text).chunks
}

/// ATX headings outside fenced code and comments: (offset, level, text).
pub fn headings(text: &str) -> Vec<(usize, usize, &str)> {
    // An ATX heading has a `#`: most chunks (a paragraph, a list item) have none and need no pass.
    if memchr::memchr(b'#', text.as_bytes()).is_none() {
        return Vec::new();
    }
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

/// A heading chain (level, text) from the outermost heading in, shared by the chunks under it.
pub type Chain<'a> = std::sync::Arc<[(usize, &'a str)]>;

/// `chain_at` for offsets visited in increasing order, in time linear in the number of headings overall
/// (calling `chain_at` once per chunk would be quadratic in the size of the document).
pub struct HeadingChains<'h, 'a> {
    all: &'h [(usize, usize, &'a str)],
    next: usize,
    chain: Vec<(usize, &'a str)>,
    /// `chain` as last handed out: chunks under the same heading share it (a 10,000-item list is
    /// 10,000 chunks under one heading, and a copy per chunk per keystroke was a tenth of an edit).
    shared: Option<Chain<'a>>,
}

impl<'h, 'a> HeadingChains<'h, 'a> {
    pub fn new(all: &'h [(usize, usize, &'a str)]) -> Self {
        HeadingChains {
            all,
            next: 0,
            chain: Vec::new(),
            shared: None,
        }
    }

    /// The chain in force at `offset`; `offset` must not be smaller than at the previous call.
    pub fn at(&mut self, offset: usize) -> Chain<'a> {
        while let Some(&(pos, level, text)) = self.all.get(self.next) {
            if pos >= offset {
                break;
            }
            self.chain.retain(|(l, _)| *l < level);
            self.chain.push((level, text));
            self.next += 1;
            self.shared = None;
        }
        self.shared
            .get_or_insert_with(|| self.chain.as_slice().into())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_splits_as_split_inclusive_does() {
        for t in [
            "",
            "a",
            "a\n",
            "\n",
            "\n\n",
            "a\nb",
            "é\nü\n",
            "a\r\nb\r",
            "```\n\n- x\n",
        ] {
            let ours: Vec<&str> = lines_of(t).collect();
            let std: Vec<&str> = t.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{t:?}");
        }
    }

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
            assert_eq!(
                walk.at(offset).to_vec(),
                chain_at(&all, offset),
                "at {offset}"
            );
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

    /// Lines that start, end or interrupt blocks, for generated documents.
    const PIECES: &[&str] = &[
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
        " <div>\n",
        "  ```\n",
        "<pre>\n",
        "</pre>\n",
        "\u{a0}\n",
        "lone\rcarriage return\r",
        "# A\r## B\r",
        "...\n",
        "+++\n",
    ];

    /// Chunks parse alone into the regions of a whole-document parse (the engine's invariant), on
    /// documents built from the constructs that interact with list items.
    #[test]
    fn chunked_regions_equal_whole_document_regions() {
        let pieces = PIECES;
        let check = |doc: &str| {
            let whole: Vec<_> = crate::markdown::regions(doc)
                .into_iter()
                .map(|r| (r.kind, r.range, r.lang))
                .collect();
            let mut chunked = Vec::new();
            for c in chunks(doc) {
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
                split(doc)
            );
        };
        // Found by review: each once split where a whole-document parse would not.
        for doc in [
            "- a\n <div>\n- b\n",
            "1. a\n  <pre>\n2. b\n",
            "Deploy\n---\n```yaml\na: 1\n---\n\nb: 2\n```\n",
            "- a\n  ```\n- b\n\n```\ntext\n\nmore\n```\n",
            "<pre>\na\n\nb\n</pre>\n",
            "<div>\n\u{a0}\nfoo `x`\n",
            "# A\r## B\rtext\r\rmore `x`\r",
            // Found by stress runs of this test (other seeds, ten pieces, 300,000 documents).
            "---\n> quote\n<div>\n\nlazy continuation\n# Heading\n- item `AWS_REGION`\n---\n",
            "2) paren\n---\n    code\n\n2) paren\n---\n1. ordered\n~~~~\n",
            "- item `AWS_REGION`\n1. ordered\ntext\n  ```\n---\n1. ordered\n\n# Heading\n",
            "\n- item `AWS_REGION`\n| a | b |\n-\n+ plus\n---\n# Heading\n\n...\n|---|---|\n",
            "# Heading\n- item `AWS_REGION`\n\u{a0}\n...\n  ```\n\u{a0}\n\n  ```\n\n-->\n",
            "...\n- [link](https://x.example/a)\n\u{a0}\n  indented continuation\n---\n| a | b |\n|---|---|\n\n\u{a0}\n---\n",
            "text\n <div>\n...\n|---|---|\n- [link](https://x.example/a)\n  ```\n\n  ```\n\n- [link](https://x.example/a)\n",
            "- [link](https://x.example/a)\n...\n+++\n|---|---|\n<pre>\n+++\n+++\n\n# Heading\n```yaml\n",
            "\n| a | b |\n+++\n  ```\n...\n1. ordered\n```yaml\n+++\n\n- [link](https://x.example/a)\n",
            "# Heading\n-\n  ```\n---\n...\n~~~~\n> quote\n  ```\n\ntext\n",
            "\u{a0}\n-\n  ```\n* star item\ntext\n\n+++\n```yaml\ntext\n| a | b |\n",
            "---\n---\n1. ordered\ntext\n# Heading\n\u{a0}\n\n```yaml\n* star item\n...\n",
            "+ plus\n---\n+++\n- item `AWS_REGION`\n</pre>\n\n---\n<!-- c\n# Heading\n\u{a0}\n",
            "lazy continuation\n</pre>\n-\n  ```\n\n<pre>\nlazy continuation\n# Heading\n# Heading\n> quote\n",
        ] {
            check(doc);
        }
        // A deterministic walk over many combinations (a small linear congruential generator).
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut doc = String::new();
            for _ in 0..8 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                doc.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            check(&doc);
        }
    }

    /// Edit after edit, the incremental outline is the outline of the whole text: random insertions and
    /// deletions (fences, comments, metadata delimiters, list items, headings, line breaks, a lone `\r`)
    /// at random places in documents built from the same pieces as above.
    #[test]
    fn incremental_outline_equals_full_outline() {
        let pieces = PIECES;
        let snippets = [
            "```", "\n", "---\n", "+++\n", "<!--", "-->", "- ", "# ", "x", "\n\n", "<pre>", "  ",
            "\r", "...\n", "1. ", "~~~~\n",
            // Characters sharing their first (é, è) or last bytes (é, ©): a common prefix or suffix
            // of two versions may end inside one.
            "é", "è", "©", "😀",
        ];
        // A new block inserted at the start of a chunk, after an unchanged one just like the old chunk
        // there: the pass must not resynchronise inside the edit.
        let mut incremental = IncrementalOutline::default();
        incremental.update("a\n\nb\n\nc\n");
        let (got, splice) = incremental.update("a\n\nb\n\n# H\n\nc\n");
        assert_eq!(
            splice,
            Splice {
                at: 1,
                removed: 1,
                inserted: 2
            }
        );
        assert_eq!(got.chunks, vec![0..3, 3..6, 6..11, 11..13]);
        assert_eq!(got.headings, vec![(6, 1, "H")]);
        // A `---` with no closer after it (a rule under a heading) does not make every edit below it
        // rescan the whole document, unless the edit writes a closer.
        let mut incremental = IncrementalOutline::default();
        incremental.update("# T\n---\ntext\n\na\n\nb\n");
        let (_, splice) = incremental.update("# T\n---\ntext\n\na\n\nbx\n");
        assert_eq!(splice.at, 1);
        let (got, _) = incremental.update("# T\n---\ntext\n\na\n\n---\n");
        assert_eq!(got.chunks, outline("# T\n---\ntext\n\na\n\n---\n").chunks);
        let mut rng = crate::testdata::Lcg(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..3_000 {
            let mut doc = String::new();
            for _ in 0..12 {
                doc.push_str(pieces[next(pieces.len())]);
            }
            let mut incremental = IncrementalOutline::default();
            incremental.update(&doc);
            let mut previous = outline(&doc).chunks;
            let mut previous_text = doc.clone();
            for _ in 0..8 {
                let mut at = next(doc.len() + 1);
                while !doc.is_char_boundary(at) {
                    at -= 1;
                }
                if next(2) == 0 {
                    // Most edits that matter start at a line start.
                    at = line_start(&doc, at);
                }
                match next(3) {
                    0 => {
                        let mut end = (at + 1 + next(24)).min(doc.len());
                        while !doc.is_char_boundary(end) {
                            end += 1;
                        }
                        doc.replace_range(at..end, "");
                    }
                    1 => doc.insert_str(at, pieces[next(pieces.len())]),
                    _ => doc.insert_str(at, snippets[next(snippets.len())]),
                }
                let (got, splice) = incremental.update(&doc);
                assert_eq!(incremental.text.as_deref(), Some(doc.as_str()));
                let want = outline(&doc);
                // Chunks outside the splice are the previous version's, same text.
                let (a, b) = (&previous, &want.chunks);
                assert_eq!(a.len() - splice.removed + splice.inserted, b.len());
                for i in (0..splice.at).chain(splice.at + splice.removed..a.len()) {
                    let j = if i < splice.at {
                        i
                    } else {
                        i - splice.removed + splice.inserted
                    };
                    assert_eq!(
                        previous_text[a[i].clone()],
                        doc[b[j].clone()],
                        "document: {doc:?}"
                    );
                }
                previous = want.chunks.clone();
                previous_text = doc.clone();
                assert_eq!(
                    (&got.chunks, &got.headings),
                    (&want.chunks, &want.headings),
                    "document: {doc:?}"
                );
            }
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
