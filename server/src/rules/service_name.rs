//! `service-name`: a misspelled, mis-cased or mis-spaced AWS service name in prose — `Cloudfromation`,
//! `Dynamo DB`, `Elasticache`, `Cloud Watch`, `RedShift`, `System Manager` → the canonical spelling.
//!
//! Why: service names are brands with one spelling; notes, docs and slides that get them wrong look
//! careless, and search for the right name misses them.
//!
//! Only words that are provably meant as an AWS name are flagged:
//! - same letters as a service name but other case or spacing (`Cloudwatch`, `Cloud Watch`), except
//!   all-lowercase (`lambda`, `aws cloudformation deploy`), ALL-CAPS and identifiers without spaces
//!   (`SecretsManager`);
//! - a near miss (one edit for names up to 8 letters, two for longer ones) of a name of six letters or
//!   more, that is not an English word and not another known name (`Athens` is not `Athena`).
//!
//! Never in code, URLs or HTML. Example: `Cloudfromation` → did you mean `CloudFormation`?

use std::cell::RefCell;
use std::ops::Range;

use super::service_name_lowercase;
use super::unknown_error_code::camel_words;
use super::*;
use crate::schema::brands::{brand_key, brand_key_into, BrandIndex};

/// A word up to 23 bytes, stored inline as three words (its bytes, zero-padded, then its length):
/// memo lookups compare and hash three integers in the table itself instead of following a pointer
/// or hashing byte by byte (this runs for most words of six letters or more).
#[derive(Clone, Copy, PartialEq, Eq)]
struct WordKey([u64; 3]);

impl WordKey {
    fn new(text: &str) -> Option<WordKey> {
        if text.len() > 23 {
            return None;
        }
        let mut bytes = [0u8; 24];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        bytes[23] = text.len() as u8;
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Some(WordKey([word(0), word(1), word(2)]))
    }
}

impl std::hash::Hash for WordKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // One integer for the hasher: the words mixed by rotation, so that equal words in different
        // places do not cancel.
        let [a, b, c] = self.0;
        state.write_u64(a ^ b.rotate_left(21) ^ c.rotate_left(42));
    }
}

/// What [`memoized`] knows of a word.
#[derive(Clone)]
struct WordVerdict {
    /// The brand it is a near miss of (`fuzzy`).
    near_miss: Option<String>,
    /// Whether it is a brand's key as written (`dynamodb`; for a lowercase word, whether it can be
    /// a brand's name in lowercase, `service_name_lowercase::judge`'s first question).
    brand_key: bool,
}

/// Verdicts by word, per thread and per brand index (its generation): they depend only on the word,
/// notes repeat their words, and a thread-local table needs no lock between the CLI's workers.
type FuzzyMemo = (u64, rustc_hash::FxHashMap<WordKey, WordVerdict>);

thread_local! {
    static FUZZY_MEMO: RefCell<FuzzyMemo> = RefCell::default();
    /// The word buffer of [`check`], reused from region to region (a corpus lint checks ~150,000
    /// regions; a fresh buffer each was an allocation and a free per region).
    static TOKENS: RefCell<Tokens> = RefCell::default();
    /// The key buffer of [`check`], reused likewise.
    static KEY: RefCell<String> = RefCell::default();
}

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    let brands = cx.schema.brands();
    // URL spans only once a finding is at hand: finding them costs more than the rule's own scan, and
    // most regions have no finding.
    let urls = std::cell::OnceCell::new();
    let in_url =
        |span: &Range<usize>| overlaps_any(urls.get_or_init(|| cx.url_spans(region)), span);
    let mut buffer = TOKENS.with(RefCell::take);
    tokens_into(s, &mut buffer);
    let (tokens, shapes) = (&buffer.ranges[..], &buffer.shapes[..]);
    // One key buffer for every window judged (a window is at most three words), kept from region to
    // region like the word buffer: growing a fresh one in each region was most of the cost of a key.
    let mut key = KEY.with(RefCell::take);
    // The verdict memo likewise: out of its slot for the region, so that each of the region's lookups
    // is a plain table lookup.
    let mut memo = FUZZY_MEMO.with(RefCell::take);
    if memo.0 != brands.generation {
        memo = (brands.generation, Default::default());
    }
    let memo = &mut memo;
    let mut i = 0;
    'tokens: while i < tokens.len() {
        // Most flagged spellings start with a capital or a digit (`Cloudwatch`, `Route35`). Lowercase
        // words are most of the text: only three cheap shapes of them are looked at further.
        let mut windows = 1..=3usize;
        if !s.as_bytes()[tokens[i].start].is_ascii_uppercase()
            && !s.as_bytes()[tokens[i].start].is_ascii_digit()
        {
            match lowercase_start(brands, s, tokens, shapes, i, &mut key) {
                LowercaseStart::Skip => {
                    i += 1;
                    continue;
                }
                LowercaseStart::Window(n) => windows = n..=n,
                LowercaseStart::Typo => {
                    let span = tokens[i].clone();
                    let text = &s[span.clone()];
                    if !cx.is_accepted_word(text) && is_word_context(s, &span) {
                        let verdict =
                            memoized(brands, memo, text, |key| fuzzy(brands, text, key, 1));
                        // Only a brand's key can be a brand's name in lowercase (`dynamodb table`):
                        // the memo says so, sparing most words the lookup and the next word.
                        let lowercase_name = verdict
                            .brand_key
                            .then(|| {
                                let next = service_name_lowercase::next_word(s, tokens, i);
                                service_name_lowercase::judge(brands, &s[..span.start], text, next)
                                    .filter(|_| is_word_context(s, &tokens[i + 1]))
                            })
                            .flatten();
                        if let Some(fix) = lowercase_name {
                            if !in_url(&(span.start..tokens[i + 1].end)) {
                                push_lowercase(out, region, span, text, fix);
                            }
                        } else if let Some(fix) = verdict.near_miss {
                            if !in_url(&span) {
                                push(out, region, span, text, fix);
                            }
                        }
                    }
                    i += 1;
                    continue;
                }
            }
        }
        // Whether a window starting here can be a brand's or a correct spelling's key (or a word of
        // the project's vocabulary): if not, only the near-miss judgement of one or two words is left.
        let may_be_exact =
            !cx.settings.words.is_empty() || brands.may_start_key(&s[tokens[i].clone()]);
        if !may_be_exact {
            // Three-word windows are only ever exact matches.
            windows = *windows.start()..=(*windows.end()).min(2);
        }
        // Longest window first: `Trusted Advisor` before `Trusted`.
        for n in windows.rev() {
            if i + n > tokens.len() || !single_spaced(s, &tokens[i..i + n]) {
                continue;
            }
            let span = tokens[i].start..tokens[i + n - 1].end;
            let text = &s[span.clone()];
            if may_be_exact && (brands.correct.contains(text) || cx.is_accepted_word(text)) {
                i += n;
                continue 'tokens;
            }
            if !is_word_context(s, &span) {
                continue;
            }
            let shape = shapes[i..i + n].iter().fold(0, |all, shape| all | shape);
            // A window inside a URL is not judged: a shorter one may still be (as before judging).
            if let Some(fix) = judge(
                brands,
                memo,
                s,
                text,
                shape,
                &span,
                n,
                may_be_exact,
                &mut key,
            )
            .filter(|_| !in_url(&span))
            {
                push(out, region, span, text, fix);
                i += n;
                continue 'tokens;
            }
        }
        i += 1;
    }
    TOKENS.with(|t| t.replace(buffer));
    KEY.with(|k| k.replace(key));
    FUZZY_MEMO.with(|m| m.replace(std::mem::take(memo)));
}

fn push(out: &mut Vec<Finding>, region: &Region, span: Range<usize>, text: &str, fix: String) {
    let message = format!("`{text}` is not how AWS writes it; did you mean `{fix}`?");
    push_as(out, RuleId::ServiceName, region, span, message, fix);
}

fn push_lowercase(
    out: &mut Vec<Finding>,
    region: &Region,
    span: Range<usize>,
    text: &str,
    fix: String,
) {
    let message =
        format!("`{text}` is the service's name in lowercase; in prose AWS writes `{fix}`");
    push_as(
        out,
        RuleId::ServiceNameLowercase,
        region,
        span,
        message,
        fix,
    );
}

fn push_as(
    out: &mut Vec<Finding>,
    rule: RuleId,
    region: &Region,
    span: Range<usize>,
    message: String,
    fix: String,
) {
    let abs = region.range.start + span.start..region.range.start + span.end;
    let entry = Some((Kind::ServiceName, fix.as_str()));
    out.push(Finding::new(rule, abs, message, vec![fix.clone()], entry));
}

/// What to do with a word that starts with a lowercase letter.
enum LowercaseStart {
    /// `lambda`, `the`: lowercase is style (CLI commands, casual notes), not a mistake.
    Skip,
    /// Judge only this window: `dynamoDB` (1), `dynamo DB` (2) — the letters of a one-word brand
    /// with capitals in the wrong places.
    Window(usize),
    /// `lamdba`, `cloudwach`: a lowercase word that may be a typo of a one-word brand.
    Typo,
}

fn lowercase_start(
    brands: &BrandIndex,
    s: &str,
    tokens: &[Range<usize>],
    shapes: &[u8],
    i: usize,
    key: &mut String,
) -> LowercaseStart {
    if shapes[i] & UPPER != 0 {
        return LowercaseStart::Window(1);
    }
    // `dynamo DB`: only when the next word has a capital and both words together are a brand.
    if let Some(next) = tokens.get(i + 1) {
        if shapes[i + 1] & UPPER != 0
            && single_spaced(s, &tokens[i..i + 2])
            && brands.may_start_key(&s[tokens[i].start..next.end])
            && brands
                .by_key
                .get({
                    brand_key_into(&s[tokens[i].start..next.end], key);
                    key.as_str()
                })
                .is_some_and(|ids| {
                    ids.iter()
                        .all(|&b| !brands.brands[b as usize].name.contains(' '))
                })
        {
            return LowercaseStart::Window(2);
        }
    }
    // Six letters or more, letters only: shorter words and words with digits or hyphens are names of
    // other things far too often.
    if tokens[i].len() >= 6 && shapes[i] == LOWER {
        return LowercaseStart::Typo;
    }
    LowercaseStart::Skip
}

/// Tokens separated by exactly one space each.
fn single_spaced(s: &str, toks: &[Range<usize>]) -> bool {
    toks.windows(2).all(|w| &s[w[0].end..w[1].start] == " ")
}

/// Not glued to path or identifier characters (`Troubleshooting.Cloudwatch`, `my_cloudwatch`).
fn is_word_context(s: &str, span: &Range<usize>) -> bool {
    // The character before and after, judged by a table when it is ASCII (nearly always: this runs
    // for most words of six letters or more and every capitalised one).
    let glue = |c: char| {
        if c.is_ascii() {
            ASCII_GLUE[c as usize]
        } else {
            c.is_alphanumeric()
        }
    };
    let bytes = s.as_bytes();
    let before = match span.start.checked_sub(1).map(|i| bytes[i]) {
        None => None,
        Some(b) if b.is_ascii() => Some(b as char),
        Some(_) => s[..span.start].chars().next_back(),
    };
    let after = match bytes.get(span.end) {
        None => None,
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => s[span.end..].chars().next(),
    };
    // A sentence-ending period after the word is fine; a period followed by a letter is a path.
    let after_ok = !after.is_some_and(glue)
        || (after == Some('.') && !s[span.end + 1..].starts_with(|c: char| c.is_alphanumeric()));
    !before.is_some_and(glue) && after_ok
}

/// The ASCII characters that glue a word to a path or an identifier (`is_word_context`): letters,
/// digits and `_ . / \ @ # = $`.
const ASCII_GLUE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(c, b'_' | b'.' | b'/' | b'\\' | b'@' | b'#' | b'=' | b'$');
        b += 1;
    }
    table
};

fn is_sentence_start(s: &str, span: &Range<usize>) -> bool {
    let before =
        s[..span.start].trim_end_matches([' ', '*', '_', '"', '(', '\'', '#', '-', '>', '|']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// Returns the canonical spelling when `text` is a wrong spelling of a brand.
#[allow(clippy::too_many_arguments)]
fn judge(
    brands: &BrandIndex,
    memo: &mut FuzzyMemo,
    s: &str,
    text: &str,
    shape: u8,
    span: &Range<usize>,
    n: usize,
    may_be_exact: bool,
    key: &mut String,
) -> Option<String> {
    // Windows are made of tokens, which are ASCII: their shape says which letters they hold.
    debug_assert!(text.is_ascii());
    let has_upper = shape & UPPER != 0;
    let all_caps = shape & LOWER == 0;
    if !has_upper || (all_caps && text.len() > 3) {
        // lowercase (`lambda`, CLI commands) and SHOUTING are style, not mistakes.
        return None;
    }
    let lowercase_first = text.starts_with(|c: char| c.is_lowercase());
    // Whether the window can be a brand exactly or a near miss, read off the (ASCII) text before its
    // key is built: most capitalised windows are sentence starts (`When`, `Most of`) that can be
    // neither, and building their key was most of their cost. A near miss is one or two words, of six
    // letters or more, not starting in lowercase (lowercase typos go through `LowercaseStart::Typo`),
    // with every word capitalised (`words_align`). A brand's key has four bytes or more (counted only
    // when the window may be one).
    let can_be_exact =
        may_be_exact && text.bytes().filter(|b| !matches!(b, b' ' | b'-')).count() >= 4;
    let can_be_near_miss = n <= 2
        && !lowercase_first
        && text.bytes().filter(u8::is_ascii_alphanumeric).count() >= 6
        && !text
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b' ' && pair[1].is_ascii_lowercase());
    if !can_be_exact && !can_be_near_miss {
        return None;
    }
    brand_key_into(text, key);
    let key = key.as_str();
    let exact = if can_be_exact {
        brands.by_key.get(key)
    } else {
        None
    };
    if let Some(ids) = exact {
        let spellings: Vec<&str> = ids
            .iter()
            .map(|&b| brands.brands[b as usize].name.as_str())
            .collect();
        // `private CA`: a lowercase first word makes a generic phrase, not a name; `dynamo DB` is
        // still the one-word `DynamoDB` split.
        if n > 1 && lowercase_first && spellings.iter().any(|sp| sp.contains(' ')) {
            return None;
        }
        if spellings.contains(&text) {
            return None;
        }
        let spaces = text.matches(' ').count();
        let same_spacing = spellings
            .iter()
            .find(|sp| sp.matches(' ').count() == spaces);
        let brand = match same_spacing {
            Some(sp) => *sp,
            // `SecretsManager`, `Route53`: identifiers and API names, not prose spellings.
            None if spaces == 0 => return None,
            // `Cloud Watch` → `CloudWatch`.
            None => spellings[0],
        };
        // Sentence case at a sentence start: `Auto scaling groups are …`.
        let sentence_case = text.chars().skip(1).all(|c| !c.is_uppercase());
        if n > 1 && sentence_case && is_sentence_start(s, span) {
            return None;
        }
        let (typed_words, brand_words): (Vec<&str>, Vec<&str>) =
            (text.split(' ').collect(), brand.split(' ').collect());
        if typed_words.len() == brand_words.len() && typed_words.len() > 1 {
            // `DynamoDB streams`, `Direct connect`: the brand's first word then ordinary lowercase words
            // is usually a generic phrase, not a misspelt name.
            if typed_words[0] == brand_words[0]
                && typed_words[1..]
                    .iter()
                    .all(|w| w.chars().all(|c| !c.is_uppercase()))
            {
                return None;
            }
        }
        // `Cloud HSM`: "a cloud HSM" is also a generic phrase (an HSM in the cloud) when the acronym
        // spaced off stands on its own (three letters or more); `Dynamo DB` is just a split name.
        if typed_words.len() > brand_words.len()
            && typed_words
                .iter()
                .skip(1)
                .any(|w| w.len() > 2 && w.chars().all(|c| c.is_ascii_uppercase()))
        {
            return None;
        }
        return Some(brand.to_string());
    }
    // English words are never near misses.
    if !can_be_near_miss || brands.english.contains(key) {
        return None;
    }
    memoized(brands, memo, text, |key| fuzzy(brands, text, key, n)).near_miss
}

/// Fuzzy matching depends only on the words themselves: remember the answer (bounded, per thread).
fn memoized(
    brands: &BrandIndex,
    memo: &mut FuzzyMemo,
    text: &str,
    near_miss: impl FnOnce(&str) -> Option<String>,
) -> WordVerdict {
    let verdict = |near_miss: Option<String>| WordVerdict {
        near_miss,
        brand_key: brands.by_key.contains_key(text),
    };
    let Some(key) = WordKey::new(text) else {
        return verdict(near_miss(&brand_key(text)));
    };
    if let Some(answer) = memo.1.get(&key) {
        return answer.clone();
    }
    let answer = verdict(near_miss(&brand_key(text)));
    // Bounded: a pathological input cannot grow it without limit.
    if memo.1.len() > 200_000 {
        memo.1.clear();
    }
    memo.1.insert(key, answer.clone());
    answer
}

/// A near miss of a brand: only whole words of at least six letters, that are not English and not
/// plural/inflected forms of the brand.
fn fuzzy(brands: &BrandIndex, text: &str, key: &str, n: usize) -> Option<String> {
    let key = key.to_string();
    let letters = key.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 6 || brands.english.contains(key.as_str()) || n > 2 {
        return None;
    }
    // Two edits only for long names; typos keep the first letter; English inflections are not typos.
    let max = if key.len() >= 12 { 2 } else { 1 };
    let inflection = ["ing", "ed", "ly", "ment", "ments"];
    let inflected_suffix = |k: &str| inflection.iter().find(|suf| k.ends_with(*suf)).copied();
    let lowercase = text.starts_with(|c: char| c.is_lowercase());
    let near: Vec<_> = brands
        .near(&key, max)
        .into_iter()
        .filter(|(b, _)| b.key.chars().next() == key.chars().next())
        // `Detecting` is not `Detective`: an English inflection the brand does not share.
        .filter(|(b, _)| n > 1 || inflected_suffix(&key).is_none_or(|suf| b.key.ends_with(suf)))
        .filter(|(b, d)| {
            *d < 2 || camel_words(text).len() == camel_words(&b.name.replace(' ', "")).len()
        })
        .filter(|(b, _)| n == 1 || words_align(text, &b.name))
        .collect();
    let best = near.first()?;
    if near.iter().filter(|(_, d)| *d == best.1).count() > 1 {
        return None; // ambiguous
    }
    let brand = best.0;
    // `backupu`: a lowercase typo of a brand that is an English word is a typo of the word — unless
    // the word's dictionary sense is rare in technical notes (`lamdba` is the service, not the letter).
    const RARE_WORD_SENSE: [&str; 7] = [
        "lambda", "kinesis", "athena", "aurora", "neptune", "polly", "proton",
    ];
    if lowercase
        && brands.english_keys.contains(brand.key.as_str())
        && !RARE_WORD_SENSE.contains(&brand.key.as_str())
    {
        return None;
    }
    // Inflections of the brand itself are not typos (`Shields`, `Organization`), nor a different
    // number (`Route 66` is not `Route 53`).
    let inflected = [
        key.strip_suffix("s"),
        key.strip_suffix("es"),
        key.strip_suffix("ed"),
        key.strip_suffix("d"),
        key.strip_suffix("ing"),
    ];
    if inflected.iter().flatten().any(|k| *k == brand.key)
        // A singular that is an English word (`Organization`) is the word; `OpsWork` is a typo, but
        // a lowercase singular (`workspace`, `keyspace`) is the ordinary noun.
        || brand.key.strip_suffix('s') == Some(key.as_str())
            && (lowercase || brands.english.contains(key.as_str()))
    {
        return None;
    }
    let digits = |k: &str| k.chars().filter(char::is_ascii_digit).collect::<Vec<_>>();
    let (mut dk, mut db) = (digits(&key), digits(&brand.key));
    dk.sort();
    db.sort();
    if dk != db {
        return None;
    }
    // The spacing of the brand must be kept: a one-word typo of a two-word brand is too weak a signal,
    // unless the word is glued CamelCase (`TrustedAdvisor`).
    let camel_or_digits = text.chars().filter(|c| c.is_uppercase()).count() >= 2
        || text.chars().any(|c| c.is_ascii_digit());
    if brand.name.contains(' ') && n == 1 && !camel_or_digits {
        return None;
    }
    Some(brand.name.clone())
}

/// A two- or three-word typo must keep the brand's words: same count, exactly one word off by one edit
/// (`Trsuted Advisor`, `System Manager`), every word capitalised, and not against an `Amazon …`/`AWS …`
/// form (`Amazon Web` is not `Amazon SES`).
fn words_align(text: &str, brand: &str) -> bool {
    if brand.starts_with("Amazon ") || brand.starts_with("AWS ") {
        return false;
    }
    let (t, b): (Vec<&str>, Vec<&str>) = (text.split(' ').collect(), brand.split(' ').collect());
    if t.len() != b.len()
        || !t
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
    {
        return false;
    }
    let off: Vec<(&str, &str)> = t
        .iter()
        .zip(&b)
        .filter(|(x, y)| !x.eq_ignore_ascii_case(y))
        .map(|(x, y)| (*x, *y))
        .collect();
    // `DynamoDB Stream` for `DynamoDB Streams`: a singular last word is the generic noun. `Compute
    // Optimized` (an instance family) is not `Compute Optimizer`.
    let last_is_number_variant = t.last().zip(b.last()).is_some_and(|(x, y)| {
        x.eq_ignore_ascii_case(&format!("{y}s")) || y.eq_ignore_ascii_case(&format!("{x}s"))
    });
    let inflected = off.iter().any(|(x, y)| {
        ["ed", "ing"]
            .iter()
            .any(|suf| x.ends_with(suf) && !y.ends_with(suf))
    });
    off.len() == 1
        && !last_is_number_variant
        && !inflected
        && off[0].0.len() >= 4
        && crate::schema::index_distance(&off[0].0.to_lowercase(), &off[0].1.to_lowercase(), 1)
            .is_some()
}

/// What a token is made of: [`LOWER`], [`UPPER`], [`DIGIT`], [`OTHER`] bits, or-ed over its bytes.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;
/// `@` or an inner `-` (`Lambda@Edge`, `us-east-1`).
const OTHER: u8 = 8;

/// The shape bit of each byte that may continue a token (0: it ends one). A token starts with a
/// letter or a digit only.
const BYTE_SHAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'@' {
            OTHER
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The words of a region and the shape of each (`shapes[i]` for `ranges[i]`): the rule asks "any
/// capital?" or "all lowercase?" of most words, which the tokenizer answers while it reads them.
#[derive(Default)]
struct Tokens {
    ranges: Vec<Range<usize>>,
    shapes: Vec<u8>,
}

/// The words of `s` into `out` (cleared first): `[A-Za-z0-9][A-Za-z0-9@]*(-[A-Za-z0-9][A-Za-z0-9@]*)*` — a
/// hand-written scanner, several times faster than the equivalent regex on prose (this runs over every
/// prose byte).
fn tokens_into(s: &str, out: &mut Tokens) {
    let b = s.as_bytes();
    let starts = |c: u8| BYTE_SHAPE[c as usize] & (LOWER | UPPER | DIGIT) != 0;
    out.ranges.clear();
    out.shapes.clear();
    // About one word per six bytes of prose: room at once instead of a dozen regrowths.
    out.ranges.reserve(b.len() / 6 + 1);
    out.shapes.reserve(b.len() / 6 + 1);
    let mut i = 0;
    while i < b.len() {
        if !starts(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut shape = 0;
        loop {
            while let Some(&c) = b.get(i) {
                let bit = BYTE_SHAPE[c as usize];
                if bit == 0 {
                    break;
                }
                shape |= bit;
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'-' && starts(b[i + 1]) {
                shape |= OTHER;
                i += 1;
                continue;
            }
            break;
        }
        out.ranges.push(start..i);
        out.shapes.push(shape);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_match_the_documented_pattern() {
        let s = "Lambda@Edge, X-Ray and us-east-1; a--b -c d-";
        let mut tokens = super::Tokens::default();
        super::tokens_into(s, &mut tokens);
        let got: Vec<&str> = tokens.ranges.iter().map(|r| &s[r.clone()]).collect();
        assert_eq!(
            got,
            vec![
                "Lambda@Edge",
                "X-Ray",
                "and",
                "us-east-1",
                "a",
                "b",
                "c",
                "d"
            ]
        );
        use super::{DIGIT, LOWER, OTHER, UPPER};
        assert_eq!(
            tokens.shapes,
            vec![
                UPPER | LOWER | OTHER,
                UPPER | LOWER | OTHER,
                LOWER,
                LOWER | DIGIT | OTHER,
                LOWER,
                LOWER,
                LOWER,
                LOWER
            ]
        );
    }

    /// Tokens are the documented pattern's matches, and each shape holds exactly the kinds of bytes
    /// its token has, on pseudo-random text made of the bytes that matter.
    #[test]
    fn tokens_and_shapes_match_the_pattern_on_random_text() {
        use super::{DIGIT, LOWER, OTHER, UPPER};
        let pattern =
            regex::Regex::new("[A-Za-z0-9][A-Za-z0-9@]*(?:-[A-Za-z0-9][A-Za-z0-9@]*)*").unwrap();
        let pieces = [
            "a", "Z", "7", "@", "-", " ", ".", "_", "é", "--", "Ab", "x-",
        ];
        let mut tokens = super::Tokens::default();
        for text in crate::testdata::texts_of_pieces(11, &pieces, 12, 20_000) {
            super::tokens_into(&text, &mut tokens);
            let expected: Vec<_> = pattern.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(tokens.ranges, expected, "{text:?}");
            for (range, &shape) in tokens.ranges.iter().zip(&tokens.shapes) {
                let bytes = text[range.clone()].bytes();
                let expected = bytes.fold(0, |all, b| {
                    all | match b {
                        b'a'..=b'z' => LOWER,
                        b'A'..=b'Z' => UPPER,
                        b'0'..=b'9' => DIGIT,
                        _ => OTHER,
                    }
                });
                assert_eq!(shape, expected, "{text:?} {range:?}");
            }
        }
    }
}
