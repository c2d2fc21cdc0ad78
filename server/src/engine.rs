//! The engine: text in, findings out. No I/O, no LSP, no terminal: the CLI and the language server both
//! call [`analyze`]. Positions are byte offsets into the analysed text; the edges convert them.
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::markdown::{self, Region};
use crate::rules::{self, Rule};
use crate::schema::{Kind, Schema};
use crate::suppress::Suppressions;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses a configured level: `Ok(None)` means the rule is off.
    pub fn parse_level(s: &str) -> Result<Option<Severity>, String> {
        match s {
            "off" => Ok(None),
            "info" => Ok(Some(Severity::Info)),
            "warning" | "warn" => Ok(Some(Severity::Warning)),
            "error" => Ok(Some(Severity::Error)),
            other => Err(format!(
                "`{other}` is not a level (expected off, info, warning or error)"
            )),
        }
    }
}

/// The schema entry a finding is about, for hover and `explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    pub kind: Kind,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    pub message: String,
    /// Candidate replacements for `range`; a fix is applied only when there is exactly one.
    pub replacements: Vec<String>,
    pub entry: Option<EntryRef>,
}

/// What the engine needs besides the text: rule levels, accepted words and the date facts are judged on.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Overrides of rule levels by id; rules not named keep their default.
    pub levels: HashMap<String, Option<Severity>>,
    /// A team's vocabulary: words never flagged by any rule (compared case-sensitively).
    pub words: HashSet<String>,
    /// `YYYY-MM-DD`: runtimes deprecated after this day are not yet deprecated.
    pub today: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: HashMap::new(),
            words: HashSet::new(),
            today: crate::today(),
        }
    }
}

impl Settings {
    pub fn level(&self, rule: &dyn Rule) -> Option<Severity> {
        match self.levels.get(rule.id()) {
            Some(level) => *level,
            None => rule.default_level(),
        }
    }
}

/// What rules see.
pub struct Context<'a> {
    pub text: &'a str,
    pub schema: &'a Schema,
    pub settings: &'a Settings,
    pub regions: &'a [Region],
    headings: std::sync::OnceLock<Vec<(usize, usize, &'a str)>>,
    /// Per-analysis memo for rules whose answer depends only on a word (`service-name` fuzzy matching).
    pub memo: std::cell::RefCell<std::collections::HashMap<String, Option<String>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        schema: &'a Schema,
        settings: &'a Settings,
        regions: &'a [Region],
    ) -> Self {
        Context {
            text,
            schema,
            settings,
            regions,
            headings: std::sync::OnceLock::new(),
            memo: Default::default(),
        }
    }

    /// The ATX headings in force at `offset`, outermost first (`# Lambda` › `## Limits`).
    pub fn headings_at(&self, offset: usize) -> Vec<&'a str> {
        let all = self.headings.get_or_init(|| {
            let mut out = Vec::new();
            let mut pos = 0;
            for line in self.text.split_inclusive('\n') {
                let t = line.trim_start_matches(' ');
                let level = t.bytes().take_while(|&b| b == b'#').count();
                if (1..=6).contains(&level) && t[level..].starts_with([' ', '\t']) {
                    out.push((pos, level, t[level..].trim()));
                }
                pos += line.len();
            }
            out
        });
        let mut chain: Vec<(usize, &str)> = Vec::new();
        for &(pos, level, text) in all.iter().take_while(|(p, _, _)| *p <= offset) {
            let _ = pos;
            chain.retain(|(l, _)| *l < level);
            chain.push((level, text));
        }
        chain.into_iter().map(|(_, t)| t).collect()
    }

    pub fn is_accepted_word(&self, word: &str) -> bool {
        self.settings.words.contains(word)
    }
}

/// Analyses one Markdown document. Findings are sorted by position, then rule id, and deduplicated.
pub fn analyze(text: &str, schema: &Schema, settings: &Settings) -> Vec<Finding> {
    let regions = markdown::regions(text);
    let cx = Context::new(text, schema, settings, &regions);
    let suppressions = Suppressions::parse(text, &regions);
    if suppressions.whole_file_disabled() {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for rule in rules::all() {
        let Some(severity) = settings.level(*rule) else {
            continue;
        };
        let start = findings.len();
        for region in regions.iter().filter(|r| rule.reads().contains(&r.kind)) {
            rule.check(&cx, region, &mut findings);
        }
        for f in &mut findings[start..] {
            f.severity = severity;
        }
    }
    findings.retain(|f| {
        !suppressions.suppresses(text, f.rule, f.range.start)
            && !settings.words.contains(&text[f.range.clone()])
    });
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.rule,
            &b.message,
        ))
    });
    findings.dedup_by(|a, b| a.range == b.range && a.rule == b.rule);
    findings
}

/// Applies every unambiguous replacement (exactly one candidate), skipping overlaps. Returns the new
/// text and how many fixes were applied.
pub fn apply_fixes(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut fixes: Vec<(&Range<usize>, &str)> = findings
        .iter()
        .filter(|f| f.replacements.len() == 1)
        .map(|f| (&f.range, f.replacements[0].as_str()))
        .collect();
    fixes.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut applied = 0;
    for (range, replacement) in fixes {
        if range.start < pos || range.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..range.start]);
        out.push_str(replacement);
        pos = range.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}
