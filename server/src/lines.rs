//! Byte offsets ↔ (line, column): the one line index of awsnotes, used by every front end (CLI report
//! formats, the language server's positions, the rule snapshots).
//!
//! **Line-break rule** (the LSP's): `\n`, `\r\n` and a lone `\r` each end a line; a `\r\n` pair is one
//! break. The language server must count lines this way (clients do), and the CLI counts the same way so a
//! `file:line:col` from `awsnotes lint` lands where an editor shows the finding.
//!
//! Lines are 0-based here; the edges add 1 where their format wants it. Columns are counted in bytes
//! (LSP `utf-8`), UTF-16 code units (LSP default) or Unicode scalar values (CLI, SARIF). A column past
//! the end of a line clamps to the line's end (before its break), a line past the end clamps to the end
//! of the text, and a column inside a character rounds down to its start: bad input never panics.
//!
//! The language server edits documents as ropes (`lsp::document`); the rope counts lines by the same rule
//! (ropey's `cr_lines`) and resolves columns with [`offset_in_line`] from here, and a property test there
//! checks both agree with [`LineIndex`] on every position.
use std::ops::Range;

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
    /// Whether the text holds a `\r` (then [`LineIndex::after_edit`] re-indexes it all).
    has_cr: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Bytes,
    Utf16,
    Chars,
}

impl ColumnUnit {
    /// How many units `c` counts for.
    pub fn len_of(self, c: char) -> usize {
        match self {
            ColumnUnit::Bytes => c.len_utf8(),
            ColumnUnit::Utf16 => c.len_utf16(),
            ColumnUnit::Chars => 1,
        }
    }

    /// How many units `s` counts for.
    pub fn len_of_str(self, s: &str) -> usize {
        match self {
            ColumnUnit::Bytes => s.len(),
            ColumnUnit::Utf16 => s.encode_utf16().count(),
            ColumnUnit::Chars => s.chars().count(),
        }
    }
}

/// The length in bytes of the line break `line` ends with (0, 1 for `\n` or `\r`, 2 for `\r\n`).
pub fn break_len(line: &str) -> usize {
    if line.ends_with("\r\n") {
        2
    } else if line.ends_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// The byte offset, inside one line's characters (its break excluded), of column `col`: clamped to the
/// line's end, and rounded down to a character's start when `col` falls inside it (between UTF-16
/// surrogates). Shared by [`LineIndex::offset`] and the server's rope documents.
pub fn offset_in_line(chars: impl Iterator<Item = char>, col: usize, unit: ColumnUnit) -> usize {
    let (mut units, mut bytes) = (0, 0);
    for c in chars {
        let next = units + unit.len_of(c);
        if next > col {
            break;
        }
        units = next;
        bytes += c.len_utf8();
    }
    bytes
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // Most texts have no `\r`: then every break is a `\n`, found with the memchr crate's vectorised
        // search (the server builds an index of the whole document on every keystroke, and the standard
        // library's `match_indices` cost 260 instructions a line).
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            return LineIndex {
                starts,
                has_cr: false,
            };
        }
        for (i, &b) in bytes.iter().enumerate() {
            // A `\r` followed by `\n` is not a break by itself: the `\n` ends the line.
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            has_cr: true,
        }
    }

    /// The index of `new`, given this one of `old`: the line starts before the first changed byte
    /// are kept, those after the last one are moved by the difference in length, and only the changed
    /// stretch is searched (the server indexes each version of a document, edit after edit).
    pub fn after_edit(&self, old: &str, new: &str) -> LineIndex {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        if self.has_cr {
            // A `\r\n` split or joined by the edit: not worth the cases.
            return LineIndex::new(new);
        }
        let prefix = common_prefix(a, b);
        let suffix = common_suffix(&a[prefix..], &b[prefix..]);
        let (old_end, new_end) = (a.len() - suffix, b.len() - suffix);
        // `old` has no `\r` (it is this index's text), so `new` has one only where the edit put it.
        if memchr::memchr(b'\r', &b[prefix..new_end]).is_some() {
            return LineIndex::new(new);
        }
        // A line starts after each `\n`: the starts up to `prefix` follow unchanged bytes.
        let kept = self.starts.partition_point(|&s| s <= prefix);
        let moved = self.starts.partition_point(|&s| s <= old_end);
        let mut starts = Vec::with_capacity(self.starts.len() + 16);
        starts.extend_from_slice(&self.starts[..kept]);
        starts.extend(memchr::memchr_iter(b'\n', &b[prefix..new_end]).map(|i| prefix + i + 1));
        starts.extend(self.starts[moved..].iter().map(|&s| s + b.len() - a.len()));
        LineIndex {
            starts,
            has_cr: false,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Where `line` starts (lines past the end: where the last one starts).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// The bytes of `line` including its line break (lines past the end: the last line).
    pub fn line_with_break(&self, text: &str, line: usize) -> Range<usize> {
        let line = line.min(self.starts.len() - 1);
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        self.starts[line]..end
    }

    /// The bytes of `line` without its line break.
    pub fn line_content(&self, text: &str, line: usize) -> Range<usize> {
        let r = self.line_with_break(text, line);
        r.start..r.end - break_len(&text[r.clone()])
    }

    /// The 0-based line an offset is on (offsets past the end: the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// (line, column) of a byte offset; offsets inside a character count from its start.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let start = self.starts[line].min(end);
        (line, unit.len_of_str(&text[start..end]))
    }

    /// The byte offset of (line, column); positions past the end of a line clamp to its end (before the
    /// line break), lines past the end clamp to the end of the text.
    pub fn offset(&self, text: &str, line: usize, col: usize, unit: ColumnUnit) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let content = self.line_content(text, line);
        content.start + offset_in_line(text[content].chars(), col, unit)
    }
}

/// The length of the longest common prefix of `a` and `b`.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    // Compare blocks first (a slice comparison is a vectorised memcmp), large ones then small ones,
    // then bytes: the server compares whole documents on every keystroke, and one call per 64 bytes
    // spent more time calling than comparing.
    for block in [4096, 64] {
        while i + block <= n && a[i..i + block] == b[i..i + block] {
            i += block;
        }
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// The length of the longest common suffix of `a` and `b`.
pub(crate) fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    for block in [4096, 64] {
        while i + block <= n
            && a[a.len() - i - block..a.len() - i] == b[b.len() - i - block..b.len() - i]
        {
            i += block;
        }
    }
    while i < n && a[a.len() - i - 1] == b[b.len() - i - 1] {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    /// The index after an edit is the index of the new text, for edits anywhere (line breaks added
    /// and removed, at line starts and ends, `\r` in either text).
    #[test]
    fn index_after_edit_equals_new_index() {
        let texts = [
            "",
            "a",
            "a\n",
            "\n\n",
            "ab\ncd\n\nef",
            "x\r\ny",
            "line\nline\nline\n",
        ];
        let inserts = ["", "\n", "z", "\n\n", "q\nr", "\r"];
        for old in texts {
            for at in 0..=old.len() {
                for end in at..=old.len() {
                    for ins in inserts {
                        let new = format!("{}{ins}{}", &old[..at], &old[end..]);
                        let index = super::LineIndex::new(old).after_edit(old, &new);
                        assert_eq!(
                            index.starts,
                            super::LineIndex::new(&new).starts,
                            "{old:?} -> {new:?}"
                        );
                    }
                }
            }
        }
    }

    /// The block comparisons find the same common prefix and suffix as a byte-by-byte walk, for
    /// differences on either side of the 4,096- and 64-byte block edges.
    #[test]
    fn common_prefix_and_suffix_across_block_edges() {
        let base: Vec<u8> = (0..10_000u32).map(|i| b'a' + (i % 23) as u8).collect();
        for at in [0, 1, 63, 64, 65, 4095, 4096, 4097, 4160, 8191, 9_999] {
            let mut other = base.clone();
            other[at] = b'#';
            let naive_prefix = base.iter().zip(&other).take_while(|(x, y)| x == y).count();
            let naive_suffix = base
                .iter()
                .rev()
                .zip(other.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            assert_eq!(super::common_prefix(&base, &other), naive_prefix, "at {at}");
            assert_eq!(super::common_suffix(&base, &other), naive_suffix, "at {at}");
            // Different lengths: one is a prefix (or suffix) of the other.
            assert_eq!(super::common_prefix(&base, &base[..at]), at);
            assert_eq!(super::common_suffix(&base, &base[at..]), base.len() - at);
        }
    }

    use super::*;

    #[test]
    fn utf16_and_astral_characters() {
        let text = "a😀b\nx";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(idx.position(text, b, ColumnUnit::Utf16), (0, 3));
        assert_eq!(idx.position(text, b, ColumnUnit::Chars), (0, 2));
        assert_eq!(idx.position(text, b, ColumnUnit::Bytes), (0, 5));
        assert_eq!(idx.offset(text, 0, 3, ColumnUnit::Utf16), b);
        assert_eq!(idx.offset(text, 1, 0, ColumnUnit::Utf16), text.len() - 1);
        assert_eq!(idx.offset(text, 9, 9, ColumnUnit::Utf16), text.len());
        assert_eq!(idx.offset(text, 0, 99, ColumnUnit::Utf16), 6);
        // Between the surrogates of 😀: rounds to its start.
        assert_eq!(idx.offset(text, 0, 2, ColumnUnit::Utf16), 1);
    }

    #[test]
    fn crlf_lines() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 2);
        assert_eq!(idx.position(text, 4, ColumnUnit::Utf16), (1, 0));
        assert_eq!(idx.offset(text, 0, 10, ColumnUnit::Utf16), 2);
        assert_eq!(idx.line_content(text, 0), 0..2);
        assert_eq!(idx.line_with_break(text, 0), 0..4);
    }

    /// The LSP rule: a lone `\r` ends a line too, and `\r\n` is one break, not two.
    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\r\nc\n\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 5);
        let lines: Vec<&str> = (0..5).map(|l| &text[idx.line_content(text, l)]).collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
        assert_eq!(idx.position(text, 2, ColumnUnit::Chars), (1, 0));
        assert_eq!(idx.offset(text, 1, 5, ColumnUnit::Chars), 3);
        assert_eq!(idx.offset(text, 4, 0, ColumnUnit::Chars), text.len() - 1);
        assert_eq!(break_len("x\r"), 1);
        assert_eq!(break_len("x\r\n"), 2);
        assert_eq!(break_len("x"), 0);
    }
}
