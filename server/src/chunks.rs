//! Splits a document into independent chunks so that an edit re-analyses only the chunk it touched.
//!
//! A chunk boundary is a blank line followed by a line that starts at column 0 with something other
//! than whitespace — outside fenced code and outside HTML comments. Such a line always starts a new
//! top-level block, so parsing the chunks one by one yields the regions a whole-document parse would
//! (lazy continuation and indented continuations never follow a boundary). Everything — the CLI and the
//! language server — analyses through chunks, so both give the same findings by construction.
use std::ops::Range;

/// The chunks of `text`, covering it completely and in order.
pub fn chunks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut fence: Option<(u8, usize)> = None; // (char, length) of the open fence
    let mut in_comment = false;
    let mut prev_blank = false;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let blank = body.trim().is_empty();
        let at_col0 = body.starts_with(|c: char| !c.is_whitespace());
        if fence.is_none() && !in_comment && prev_blank && at_col0 && pos > start {
            out.push(start..pos);
            start = pos;
        }
        // Fences: ``` or ~~~ (up to three spaces of indent), closed by the same char, at least as long.
        let trimmed = body.trim_start_matches(' ');
        let indent = body.len() - trimmed.len();
        if indent <= 3 {
            for ch in [b'`', b'~'] {
                let n = trimmed.bytes().take_while(|&b| b == ch).count();
                if n >= 3 {
                    match fence {
                        None => fence = Some((ch, n)),
                        Some((c, len)) if c == ch && n >= len && trimmed[n..].trim().is_empty() => {
                            fence = None
                        }
                        _ => {}
                    }
                }
            }
        }
        if fence.is_none() {
            // Track `<!--` … `-->` spanning lines (last marker on the line wins).
            let open = body.rfind("<!--");
            let close = body.rfind("-->");
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
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

/// ATX headings outside fenced code: (offset, level, text).
pub fn headings(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<u8> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim_start_matches(' ');
        if body.len() - t.len() <= 3 {
            for ch in [b'`', b'~'] {
                if t.bytes().take_while(|&b| b == ch).count() >= 3 {
                    fence = if fence.is_none() {
                        Some(ch)
                    } else if fence == Some(ch) {
                        None
                    } else {
                        fence
                    };
                }
            }
            let level = t.bytes().take_while(|&b| b == b'#').count();
            if fence.is_none()
                && (1..=6).contains(&level)
                && (t.len() == level || t[level..].starts_with([' ', '\t']))
            {
                out.push((pos, level, t[level..].trim()));
            }
        }
        pos += line.len();
    }
    out
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
    fn headings_skip_code() {
        let t = "# A\n```bash\n# not a heading\n```\n## B\ntext";
        let h = headings(t);
        assert_eq!(h.iter().map(|x| x.2).collect::<Vec<_>>(), vec!["A", "B"]);
        assert_eq!(chain_at(&h, t.len()), vec![(1, "A"), (2, "B")]);
    }
}
