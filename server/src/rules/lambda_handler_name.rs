//! `lambda-handler-name`: a misspelling of the Lambda console's default Python names —
//! `lamda_function.py`, `lamdba_handler`, `lambda_fucntion.lambda_handler` — for `lambda_function`
//! (the file, `lambda_function.py`) and `lambda_handler` (the function), which together make the
//! default handler setting `lambda_function.lambda_handler`.
//!
//! Why: the handler setting names a file and a function; a file or function spelled otherwise is not
//! found, and every invocation fails with `Runtime.ImportModuleError` or `Runtime.HandlerNotFound`
//! until the setting or the name is changed. In notes, the slip is copied into every reader's function.
//!
//! Precision: only a word of the shape `<first>_<second>` (letters only, whole word; a `.py` or
//! `.lambda_handler` may follow) where either the first part is a near miss of `lambda` (at most two
//! edits, starting with `l`) and the second is exactly `function` or `handler`, or the first part is
//! exactly `lambda` and the second a near miss of `function` or `handler` that is not its plural
//! (`lambda_functions` is a folder name). Other vendors' names and words do not have this shape;
//! "lamda", a spelling of the Greek letter, is only judged before `_function` or `_handler`.
//!
//! The replacement is a quick fix only: in code, every use of the name must change together.
//!
//! Example: `lamda_function.py` → `lambda_function.py`.

use super::*;
use crate::schema::DistanceQuery;

const DEFAULTS: [&str; 2] = ["function", "handler"];

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let b = s.as_bytes();
    let letters = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_lowercase);
    let word_char = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for at in memchr::memchr_iter(b'_', b) {
        // The letters on either side of this underscore, up to the word's edges.
        let start = b[..at]
            .iter()
            .rposition(|&c| !c.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        let end = b[at + 1..]
            .iter()
            .position(|&c| !c.is_ascii_alphabetic())
            .map_or(b.len(), |p| at + 1 + p);
        if (start > 0 && word_char(b[start - 1]))
            || (end < b.len() && word_char(b[end]))
            || !letters(start..at)
            || !letters(at + 1..end)
        {
            continue;
        }
        let (first, second) = (&s[start..at], &s[at + 1..end]);
        let Some(fixed) = correction(first, second) else {
            continue;
        };
        let written = &s[start..end];
        out.push(Finding::new(
            RuleId::LambdaHandlerName,
            region.range.start + start..region.range.start + end,
            format!(
                "`{written}` is not the Lambda console's default name `{fixed}` (the handler \
                 `lambda_function.lambda_handler`: function `lambda_handler` in `lambda_function.py`)"
            ),
            vec![fixed],
            None,
        ));
    }
}

/// The default name `first_second` misspells, if it misspells one.
fn correction(first: &str, second: &str) -> Option<String> {
    if first == "lambda" {
        if DEFAULTS.contains(&second) {
            return None;
        }
        let query = DistanceQuery::new(second);
        let target = DEFAULTS
            .iter()
            .find(|d| second.strip_suffix('s') != Some(**d) && query.distance(d, 2).is_some())?;
        return Some(format!("lambda_{target}"));
    }
    if !DEFAULTS.contains(&second)
        || !first.starts_with('l')
        || first.len() < 4
        || DistanceQuery::new(first).distance("lambda", 2).is_none()
    {
        return None;
    }
    Some(format!("lambda_{second}"))
}

#[cfg(test)]
mod tests {
    use super::correction;

    #[test]
    fn near_misses_of_the_default_names() {
        let c = |a, b| correction(a, b);
        assert_eq!(c("lamda", "function").as_deref(), Some("lambda_function"));
        assert_eq!(c("lamdba", "handler").as_deref(), Some("lambda_handler"));
        assert_eq!(c("lambda", "fucntion").as_deref(), Some("lambda_function"));
        assert_eq!(c("lambda", "hander").as_deref(), Some("lambda_handler"));
        assert_eq!(c("lambda", "function"), None);
        assert_eq!(c("lambda", "functions"), None);
        assert_eq!(c("lambda", "handlers"), None);
        assert_eq!(c("llama", "function"), None);
        assert_eq!(c("my", "function"), None);
        assert_eq!(c("lambda", "layer"), None);
        assert_eq!(c("lamda", "layer"), None);
    }
}
