//! Byte offsets ↔ (line, column). Lines are 0-based here; the edges add 1 where their format wants it.
//! Columns are counted in Unicode scalar values (CLI JSON), UTF-16 code units or bytes (LSP).

pub struct LineIndex {
    starts: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Bytes,
    Utf16,
    Chars,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// (line, column) of a byte offset; offsets inside a character count from its start.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        start = start.min(end);
        let slice = &text[start..end];
        let col = match unit {
            ColumnUnit::Bytes => slice.len(),
            ColumnUnit::Utf16 => slice.encode_utf16().count(),
            ColumnUnit::Chars => slice.chars().count(),
        };
        (line, col)
    }

    /// The byte offset of (line, column); positions past the end of a line clamp to its end (before the
    /// line break), lines past the end clamp to the end of the text.
    pub fn offset(&self, text: &str, line: usize, col: usize, unit: ColumnUnit) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        let line_text = &text[start..end];
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= col {
                return start + i;
            }
            units += match unit {
                ColumnUnit::Bytes => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Chars => 1,
            };
            if units > col {
                // Inside a character (e.g. between UTF-16 surrogates): round down to its start.
                return start + i;
            }
        }
        start + line_text.len()
    }
}

#[cfg(test)]
mod tests {
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
    }

    #[test]
    fn crlf_lines() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 4, ColumnUnit::Utf16), (1, 0));
        assert_eq!(idx.offset(text, 0, 10, ColumnUnit::Utf16), 2);
    }
}
