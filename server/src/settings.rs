//! What an analysis needs besides the text and the schema: rule levels, the team's vocabulary and the day
//! facts are judged on. Front ends build it from configuration; the engine and the rules only read it.
use std::collections::HashSet;

use crate::diagnostic::{Levels, RuleId, Severity};

#[derive(Debug, Clone)]
pub struct Settings {
    /// The level of every rule: its default unless configured.
    pub levels: Levels,
    /// A team's vocabulary: words never flagged by any rule (compared case-sensitively).
    pub words: HashSet<String>,
    /// `YYYY-MM-DD`: runtimes deprecated after this day are not yet deprecated.
    pub today: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: Levels::default(),
            words: HashSet::new(),
            today: crate::today(),
        }
    }
}

impl Settings {
    pub fn level(&self, rule: RuleId) -> Option<Severity> {
        self.levels.get(rule)
    }
}
