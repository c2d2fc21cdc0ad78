//! Inline suppressions, markdownlint-style, in HTML comments:
//! `<!-- awsnotes-disable-next-line [rule …] -->`, `<!-- awsnotes-disable-line [rule …] -->`,
//! `<!-- awsnotes-disable [rule …] -->` … `<!-- awsnotes-enable [rule …] -->`,
//! `<!-- awsnotes-disable-file -->`. No rule list means every rule.
use crate::markdown::{Region, RegionKind};

/// The directives a suppression comment starts with.
pub const DIRECTIVES: &[&str] = &[
    "awsnotes-disable-file",
    "awsnotes-disable-next-line",
    "awsnotes-disable-line",
    "awsnotes-disable",
    "awsnotes-enable",
];

/// The comments in an HTML region (one region may hold several): (offset of `<!--` in `body`, the
/// text between `<!--` and `-->`, untrimmed).
pub fn comments(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + body[at..].find("<!--")?;
        let inner = start + 4;
        let end = inner + body[inner..].find("-->")?;
        at = end + 3;
        Some((start, &body[inner..end]))
    })
}

#[derive(Debug, Default)]
pub struct Suppressions {
    whole_file: bool,
    /// (first byte, last byte (its line break or the end of the text), rules) of single lines: findings
    /// starting on that line are dropped for those rules. Byte bounds rather than line numbers, so that
    /// checking a finding never counts lines from the start of the text.
    lines: Vec<(usize, usize, Option<Vec<String>>)>,
    /// (start byte, end byte, rules): findings inside are dropped for those rules.
    blocks: Vec<(usize, usize, Option<Vec<String>>)>,
}

/// Bounds of the line holding `offset`: its first byte and its line break (or the end of the text).
fn line_bounds(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| offset + i);
    (start, end)
}

impl Suppressions {
    pub fn parse(text: &str, regions: &[Region]) -> Suppressions {
        let mut s = Suppressions::default();
        let mut open: Vec<(usize, Option<Vec<String>>)> = Vec::new();
        for region in regions.iter().filter(|r| r.kind == RegionKind::HtmlComment) {
            for (at, comment) in comments(&text[region.range.clone()]) {
                s.add(text, comment.trim(), region.range.start + at, &mut open);
            }
        }
        for (start, rules) in open {
            s.blocks.push((start, text.len(), rules));
        }
        s
    }

    fn add(
        &mut self,
        text: &str,
        comment: &str,
        offset: usize,
        open: &mut Vec<(usize, Option<Vec<String>>)>,
    ) {
        let mut words = comment.split_whitespace();
        let Some(directive) = words.next() else {
            return;
        };
        let rules: Vec<String> = words.map(str::to_string).collect();
        let rules = if rules.is_empty() { None } else { Some(rules) };
        let (start, end) = line_bounds(text, offset);
        match directive {
            "awsnotes-disable-file" => self.whole_file = true,
            "awsnotes-disable-next-line" if end < text.len() => {
                let (next_start, next_end) = line_bounds(text, end + 1);
                self.lines.push((next_start, next_end, rules))
            }
            "awsnotes-disable-line" => self.lines.push((start, end, rules)),
            "awsnotes-disable" => open.push((offset, rules)),
            "awsnotes-enable" => {
                // Close the matching open block(s): all when no rules are named.
                let mut i = 0;
                while i < open.len() {
                    if rules.is_none() || open[i].1 == rules {
                        let (start, r) = open.remove(i);
                        self.blocks.push((start, offset, r));
                    } else {
                        i += 1;
                    }
                }
            }
            _ => {}
        }
    }

    pub fn whole_file_disabled(&self) -> bool {
        self.whole_file
    }

    /// No comment suppresses anything (most notes): nothing to check finding by finding.
    pub fn is_empty(&self) -> bool {
        !self.whole_file && self.lines.is_empty() && self.blocks.is_empty()
    }

    pub fn suppresses(&self, rule: &str, offset: usize) -> bool {
        let covers = |rules: &Option<Vec<String>>| {
            rules.as_ref().is_none_or(|r| r.iter().any(|x| x == rule))
        };
        if self
            .blocks
            .iter()
            .any(|(s, e, r)| *s <= offset && offset < *e && covers(r))
        {
            return true;
        }
        self.lines
            .iter()
            .any(|(s, e, r)| *s <= offset && offset <= *e && covers(r))
    }
}
