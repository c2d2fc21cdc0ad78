//! An open document: a rope that takes incremental edits, with LSP position conversions in the
//! negotiated encoding for resolving those edits.
//!
//! Lines follow the one rule of [`crate::lines`] (`\n`, `\r\n` or a lone `\r`; ropey's `cr_lines`
//! counts them the same way) and columns are resolved by [`lines::offset_in_line`]; a property test below
//! checks the rope and [`LineIndex`] agree. Positions past the end of a line clamp to its end, lines past
//! the end clamp to the end of the text: a client bug never panics the server, and an incremental edit
//! always yields exactly what a full sync of the same text would. Positions in replies are computed on
//! the analysed text with a [`LineIndex`] (`lsp::convert`); the rope is for edits.
use ropey::Rope;
use tower_lsp_server::lsp_types::{Position, Range, TextDocumentContentChangeEvent};

#[cfg(test)]
use crate::lines::LineIndex;
use crate::lines::{self, ColumnUnit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// What a column counts in this encoding.
    pub fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Bytes,
            Encoding::Utf16 => ColumnUnit::Utf16,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    /// The whole text, copied once into a string of the exact size (`Rope::to_string` grows its buffer
    /// as it goes, copying a long document several times on every keystroke).
    pub fn text(&self) -> String {
        let mut text = String::with_capacity(self.rope.len_bytes());
        for chunk in self.rope.chunks() {
            text.push_str(chunk);
        }
        text
    }

    /// Byte offset of an LSP position (clamped).
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        self.rope.char_to_byte(self.char_index(pos, enc))
    }

    fn char_index(&self, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_chars();
        }
        let slice = self.rope.line(line);
        // Exclude the line break: a column past the end stops before it.
        let mut content_len = slice.len_chars();
        while content_len > 0 && matches!(slice.char(content_len - 1), '\n' | '\r') {
            content_len -= 1;
        }
        let within = lines::offset_in_line(
            slice.chars().take(content_len),
            pos.character as usize,
            enc.unit(),
        );
        self.rope
            .byte_to_char(self.rope.line_to_byte(line) + within)
    }

    /// LSP position of a byte offset (clamped to a char boundary at or before it).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let offset = offset.min(self.rope.len_bytes());
        let char_idx = self.rope.byte_to_char(offset);
        let line = self.rope.char_to_line(char_idx);
        let line_start = self.rope.line_to_char(line);
        let col = match enc {
            Encoding::Utf8 => offset - self.rope.char_to_byte(line_start),
            Encoding::Utf16 => {
                self.rope.char_to_utf16_cu(char_idx) - self.rope.char_to_utf16_cu(line_start)
            }
        };
        Position {
            line: line as u32,
            character: col as u32,
        }
    }

    pub fn range(&self, r: &std::ops::Range<usize>, enc: Encoding) -> Range {
        Range {
            start: self.position(r.start, enc),
            end: self.position(r.end, enc),
        }
    }

    /// Applies one change: a range edit, or the whole text when `range` is absent. A reversed range is
    /// normalised; ranges past the end are clamped. Returns whether anything was clamped (for logging).
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) -> bool {
        let Some(range) = change.range else {
            self.rope = Rope::from_str(&change.text);
            return false;
        };
        let (mut a, mut b) = (
            self.char_index(range.start, enc),
            self.char_index(range.end, enc),
        );
        let clamped = !self.is_inside(range.start, enc) || !self.is_inside(range.end, enc);
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        self.rope.remove(a..b);
        self.rope.insert(a, &change.text);
        clamped
    }

    fn is_inside(&self, pos: Position, enc: Encoding) -> bool {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return false;
        }
        let idx = self.char_index(pos, enc);
        let back = self.position(self.rope.char_to_byte(idx), enc);
        back == pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position::new(sl, sc),
                end: Position::new(el, ec),
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn utf16_positions_count_surrogate_pairs() {
        let d = Document::new("😀 x-amz\r\nb", 0);
        let x = "😀 ".len();
        assert_eq!(d.position(x, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(d.position(x, Encoding::Utf8), Position::new(0, 5));
        assert_eq!(d.offset(Position::new(0, 3), Encoding::Utf16), x);
        assert_eq!(
            d.offset(Position::new(0, 99), Encoding::Utf16),
            "😀 x-amz".len()
        );
        assert_eq!(
            d.offset(Position::new(1, 0), Encoding::Utf16),
            "😀 x-amz\r\n".len()
        );
        assert_eq!(
            d.offset(Position::new(7, 0), Encoding::Utf16),
            d.rope.len_bytes()
        );
        // Between the surrogates of 😀: rounds to its start.
        assert_eq!(d.offset(Position::new(0, 1), Encoding::Utf16), 0);
    }

    #[test]
    fn edits_apply_and_clamp() {
        let mut d = Document::new("hello\nworld\n", 1);
        d.apply(&change(1, 0, 1, 5, "there"), Encoding::Utf16);
        assert_eq!(d.text(), "hello\nthere\n");
        assert!(d.apply(&change(9, 0, 9, 0, "!"), Encoding::Utf16));
        assert_eq!(d.text(), "hello\nthere\n!");
        d.apply(&change(0, 5, 0, 0, ""), Encoding::Utf16); // reversed range
        assert_eq!(d.text(), "\nthere\n!");
    }

    fn arb_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("é"),
                Just("😀"),
                Just("\n"),
                Just("\r\n"),
                Just("\r"),
                Just("x-amz-"),
                Just(" ")
            ],
            0..30,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// The rope and [`LineIndex`] follow one line-break rule and one column rule: every offset maps
        /// to the same position, and every position (also past line ends) to the same offset.
        #[test]
        fn rope_positions_equal_line_index(text in arb_text(), line in 0u32..8, col in 0u32..10, utf8 in any::<bool>()) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let doc = Document::new(&text, 0);
            let idx = LineIndex::new(&text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let (l, c) = idx.position(&text, offset, enc.unit());
                prop_assert_eq!(doc.position(offset, enc), Position::new(l as u32, c as u32));
            }
            prop_assert_eq!(
                doc.offset(Position::new(line, col), enc),
                idx.offset(&text, line as usize, col as usize, enc.unit())
            );
        }

        /// Random edits applied incrementally give exactly the text a full sync computes from the same
        /// positions (resolved independently on the string).
        #[test]
        fn incremental_equals_full(text in arb_text(), edits in proptest::collection::vec((0u32..6, 0u32..8, 0u32..6, 0u32..8, arb_text(), any::<bool>()), 1..8)) {
            let mut doc = Document::new(&text, 0);
            let mut full = text.clone();
            for (sl, sc, el, ec, ins, utf8) in edits {
                let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let reference = Document::new(&full, 0);
                let (mut a, mut b) = (reference.offset(Position::new(sl, sc), enc), reference.offset(Position::new(el, ec), enc));
                if a > b { std::mem::swap(&mut a, &mut b); }
                full.replace_range(a..b, &ins);
                doc.apply(&change(sl, sc, el, ec, &ins), enc);
                prop_assert_eq!(doc.text(), full.clone());
            }
        }
    }
}
