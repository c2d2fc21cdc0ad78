//! In-memory lookup structures over a few entries (the user-file overlay of a schema; the embedded
//! schema's tables are compiled, see `compiled.rs`), the IAM action index of one service, and the
//! edit-distance helpers of did-you-mean.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::model::{Entry, IamAction, Kind};

#[derive(Default)]
pub(super) struct Index {
    exact: HashMap<(Kind, Box<str>), u32>,
    ci: HashMap<(Kind, Box<str>), Vec<u32>>,
    /// Per kind: (lowercased name or alias, entry), sorted, for prefix search and did-you-mean.
    sorted: HashMap<Kind, Vec<(Box<str>, u32)>>,
    by_kind: HashMap<Kind, Vec<u32>>,
    iam: HashMap<Box<str>, IamIndex>,
}

pub(super) struct IamIndex {
    entry: u32,
    actions: HashMap<Box<str>, u32>,
    condition_keys: HashSet<Box<str>>,
}

/// A did-you-mean candidate.
#[derive(Debug, Clone, Copy)]
pub struct Near<'a> {
    pub entry: &'a Entry,
    /// The spelling that matched (the name or one of its aliases).
    pub spelling: &'a str,
    pub distance: usize,
}

/// One IAM service prefix and its actions.
pub struct IamLookup<'a> {
    pub service: &'a Entry,
    pub(super) index: &'a IamIndex,
}

impl<'a> IamLookup<'a> {
    /// The action with this name, matched case-insensitively as IAM does.
    pub fn action(&self, name: &str) -> Option<&'a IamAction> {
        self.index
            .actions
            .get(name.to_ascii_lowercase().as_str())
            .map(|&i| &self.service.actions[i as usize])
    }

    /// Whether `prefix:name` is one of the service's condition keys (also written `prefix:Key`).
    pub fn is_condition_key(&self, full: &str) -> bool {
        self.index
            .condition_keys
            .contains(full.to_ascii_lowercase().as_str())
    }

    /// Actions matching an IAM wildcard pattern (`Get*`, `*Object`, `Get?bject`).
    pub fn matching(&self, pattern: &str) -> impl Iterator<Item = &'a IamAction> + '_ {
        let p = pattern.to_ascii_lowercase();
        self.service
            .actions
            .iter()
            .filter(move |a| wildcard_match(&p, &a.name.to_ascii_lowercase()))
    }

    /// Nearest action names within `max` edits.
    pub fn nearest(&self, name: &str, max: usize) -> Vec<(&'a IamAction, usize)> {
        let lower = name.to_ascii_lowercase();
        let query = DistanceQuery::new(&lower);
        let mut out: Vec<(&IamAction, usize)> = self
            .service
            .actions
            .iter()
            .filter_map(|a| {
                let d = query.distance(&a.name.to_ascii_lowercase(), max)?;
                (d > 0).then_some((a, d))
            })
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.name.cmp(&b.0.name)));
        out
    }
}

/// IAM wildcard: `*` any run, `?` one character. Both inputs already lowercased.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// Character counts (a–z, 0–9, anything else): the bag distance between two histograms is a lower bound
/// of the edit distance, and costs 37 subtractions instead of a dynamic programme.
pub(crate) type Histogram = [u8; 37];

pub(crate) fn histogram(key: &str) -> Histogram {
    /// The slot of an ASCII byte: its letter (lowercase only) or digit, else the last slot.
    const SLOT: [u8; 128] = {
        let mut t = [36u8; 128];
        let mut c = 0;
        while c < 128 {
            let b = c as u8;
            if b.is_ascii_lowercase() {
                t[c] = b - b'a';
            } else if b.is_ascii_digit() {
                t[c] = 26 + b - b'0';
            }
            c += 1;
        }
        t
    };
    let mut h = [0u8; 37];
    if key.is_ascii() {
        // A byte a character (nearly every name): one table load each.
        for b in key.bytes() {
            let i = usize::from(SLOT[usize::from(b)]);
            h[i] = h[i].saturating_add(1);
        }
    } else {
        for c in key.chars() {
            let i = if c.is_ascii() {
                usize::from(SLOT[c as usize])
            } else {
                36
            };
            h[i] = h[i].saturating_add(1);
        }
    }
    h
}

pub(crate) fn bag_distance(a: &Histogram, b: &Histogram) -> usize {
    // Without branches: this runs for each name of a length window (`nearest`).
    let (mut more, mut less) = (0usize, 0usize);
    for (&x, &y) in a.iter().zip(b) {
        more += usize::from(x.saturating_sub(y));
        less += usize::from(y.saturating_sub(x));
    }
    more.max(less)
}

/// Optimal-string-alignment distance, or `None` when it exceeds `max` (cheap length check first).
pub fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    DistanceQuery::new(a).distance(b, max)
}

/// One string compared with many (`nearest`): its length and letter counts are computed once, and each
/// candidate is rejected by length, then by bag distance, before the edit distance is computed.
pub struct DistanceQuery<'q> {
    text: &'q str,
    chars: usize,
    ascii: bool,
    /// Counted on first use: a bound of one edit never needs it.
    hist: std::cell::OnceCell<Histogram>,
}

impl<'q> DistanceQuery<'q> {
    pub fn new(text: &'q str) -> Self {
        let ascii = text.is_ascii();
        DistanceQuery {
            text,
            chars: if ascii {
                text.len()
            } else {
                text.chars().count()
            },
            ascii,
            hist: std::cell::OnceCell::new(),
        }
    }

    /// The query's letter counts (for a bag-distance filter over candidates with counts of their own).
    pub fn histogram(&self) -> &Histogram {
        self.hist.get_or_init(|| histogram(self.text))
    }

    pub fn distance(&self, b: &str, max: usize) -> Option<usize> {
        // Byte lengths equal character counts for ASCII (almost every name): no counting pass.
        let lb = if self.ascii && b.is_ascii() {
            b.len()
        } else {
            b.chars().count()
        };
        if self.chars.abs_diff(lb) > max {
            return None;
        }
        // Within one edit (the bound of most lookups) is decided by the common prefix and suffix alone.
        if max <= 1 && self.ascii && b.is_ascii() {
            return within_one_edit(self.text.as_bytes(), b.as_bytes()).filter(|d| *d <= max);
        }
        // Bag distance is a lower bound of the edit distance and much cheaper: most candidates stop here.
        if bag_distance(self.histogram(), &histogram(b)) > max {
            return None;
        }
        if self.ascii && b.is_ascii() {
            banded_osa(self.text.as_bytes(), b.as_bytes(), max)
        } else {
            let (a, b): (Vec<char>, Vec<char>) = (self.text.chars().collect(), b.chars().collect());
            banded_osa(&a, &b, max)
        }
    }
}

/// The optimal-string-alignment distance of `a` and `b` if it is 0 or 1: what is left between their
/// common prefix and common suffix must be one character changed, added or removed, or two adjacent
/// characters swapped. No table and no letter counts: this is the bound of most did-you-mean lookups,
/// and the query runs for every name of a service's length window.
fn within_one_edit(a: &[u8], b: &[u8]) -> Option<usize> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return None;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    // The common suffix of what follows the prefix (so the two never overlap in `short`).
    let suffix = short[prefix..]
        .iter()
        .rev()
        .zip(long[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (rest_short, rest_long) = (short.len() - prefix - suffix, long.len() - prefix - suffix);
    match (rest_short, rest_long) {
        (0, 0) => Some(0),
        (0, 1) | (1, 1) => Some(1),
        (2, 2) if short[prefix] == long[prefix + 1] && short[prefix + 1] == long[prefix] => Some(1),
        _ => None,
    }
}

/// Optimal-string-alignment distance if it is at most `max`. Only the diagonal band `|i - j| <= max` can
/// hold such a distance, so only it is computed (O(len * max) instead of O(len^2)), and the computation
/// stops as soon as a whole row exceeds `max`.
fn banded_osa<T: PartialEq + Copy>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    let over = max + 1;
    // Rows i-2, i-1 and i of the table, `over` standing for "more than max".
    let mut two_up = vec![over; m + 1];
    let mut up: Vec<usize> = (0..=m).map(|j| j.min(over)).collect();
    let mut row = vec![over; m + 1];
    for i in 1..=n {
        row.fill(over);
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        if i <= max {
            row[0] = i;
        }
        let mut best = row[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (up[j - 1] + cost).min(up[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_up[j - 2] + 1);
            }
            row[j] = d.min(over);
            best = best.min(row[j]);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut two_up, &mut up);
        std::mem::swap(&mut up, &mut row);
    }
    (up[m] <= max).then_some(up[m])
}

impl IamIndex {
    /// The action and condition-key index of the IAM service entry `e` (entry id `entry`).
    pub(super) fn build(entry: u32, e: &Entry) -> IamIndex {
        IamIndex {
            entry,
            actions: e
                .actions
                .iter()
                .enumerate()
                .map(|(j, a)| (a.name.to_ascii_lowercase().into_boxed_str(), j as u32))
                .collect(),
            condition_keys: e
                .condition_keys
                .iter()
                .map(|k| k.to_ascii_lowercase().into())
                .collect(),
        }
    }
}

impl Index {
    pub(super) fn build(entries: &[Entry]) -> Index {
        let mut exact = HashMap::with_capacity_and_hasher(entries.len() * 2, Default::default());
        let mut ci: HashMap<(Kind, Box<str>), Vec<u32>> =
            HashMap::with_capacity_and_hasher(entries.len() * 2, Default::default());
        let mut sorted: HashMap<Kind, Vec<(Box<str>, u32)>> = HashMap::default();
        let mut by_kind: HashMap<Kind, Vec<u32>> = HashMap::default();
        let mut iam = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            let i = i as u32;
            by_kind.entry(e.kind).or_default().push(i);
            for spelling in std::iter::once(&e.name).chain(e.aliases.iter()) {
                exact.entry((e.kind, spelling.as_str().into())).or_insert(i);
                let lower: Box<str> = spelling.to_lowercase().into();
                let ids = ci.entry((e.kind, lower.clone())).or_default();
                if !ids.contains(&i) {
                    ids.push(i);
                    sorted.entry(e.kind).or_default().push((lower, i));
                }
            }
            if e.kind == Kind::IamService {
                iam.insert(e.name.to_ascii_lowercase().into(), IamIndex::build(i, e));
            }
        }
        for list in sorted.values_mut() {
            list.sort();
        }
        Index {
            exact,
            ci,
            sorted,
            by_kind,
            iam,
        }
    }

    pub(super) fn of_kind(&self, kind: Kind) -> &[u32] {
        self.by_kind.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(super) fn exact(&self, kind: Kind, name: &str) -> Option<u32> {
        self.exact.get(&(kind, name.into())).copied()
    }

    pub(super) fn ci(&self, kind: Kind, name: &str) -> &[u32] {
        self.ci
            .get(&(kind, name.to_lowercase().into()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// (lowercase spelling, entry) pairs of a kind, sorted.
    pub(super) fn sorted(&self, kind: Kind) -> &[(Box<str>, u32)] {
        self.sorted.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The IAM service with this prefix: (its entry, its index).
    pub(super) fn iam(&self, prefix: &str) -> Option<(u32, &IamIndex)> {
        let idx = self.iam.get(prefix.to_ascii_lowercase().as_str())?;
        Some((idx.entry, idx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The histogram counts characters, not bytes (`é` once, in the last slot, with capitals and
    /// punctuation), and the bag distance is the larger of what each side has more of.
    #[test]
    fn histograms_and_bag_distance() {
        let h = histogram("aZ9-é");
        assert_eq!((h[0], h[35], h[36]), (1, 1, 3));
        assert_eq!(h.iter().map(|&n| usize::from(n)).sum::<usize>(), 5);
        assert_eq!(
            bag_distance(&histogram("getitem"), &histogram("getitems")),
            1
        );
        assert_eq!(bag_distance(&histogram("abc"), &histogram("xyz")), 3);
        assert_eq!(bag_distance(&histogram("aab"), &histogram("abbb")), 2);
        assert_eq!(bag_distance(&histogram("éé"), &histogram("e")), 2);
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("get*", "getobject"));
        assert!(wildcard_match("*object", "getobject"));
        assert!(wildcard_match("get?bject", "getobject"));
        assert!(!wildcard_match("put*", "getobject"));
        assert!(wildcard_match("*", "anything"));
    }

    /// The banded distance equals strsim's full one wherever that is within the bound.
    #[test]
    fn banded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "cloudformation",
            "cloudfromation",
            "cloudfrmation",
            "throttlingexception",
            "throttlingexecption",
            "throttlingexceptions",
            "kms",
            "ksm",
            "héllo",
            "hello",
            "hlelo",
            "provisionedthroughputexceededexception",
            "provisionedthroughputexceededexeption",
            "xyz",
            "abcd",
            "bacd",
            "dcba",
        ];
        for a in words {
            for b in words {
                let full = strsim::osa_distance(a, b);
                for max in 0..4 {
                    assert_eq!(
                        bounded_distance(a, b, max),
                        (full <= max).then_some(full),
                        "{a:?} {b:?} {max}"
                    );
                }
            }
        }
    }

    /// The prefix-and-suffix answer for one edit is the banded table's on pseudo-random names of a
    /// small alphabet (so that near misses, repeats and swaps are common).
    #[test]
    fn one_edit_by_prefix_and_suffix_is_the_tables_answer() {
        let mut rng = crate::testdata::Lcg(7);
        let word = |rng: &mut crate::testdata::Lcg| -> Vec<u8> {
            let len = rng.below(7);
            (0..len).map(|_| b"aabAB1"[rng.below(6)]).collect()
        };
        for _ in 0..200_000 {
            let a = word(&mut rng);
            let b = if rng.below(2) == 0 {
                word(&mut rng)
            } else {
                // A near miss of `a`: one or two random edits.
                let mut b = a.clone();
                for _ in 0..=rng.below(2) {
                    let at = rng.below(b.len() + 1);
                    match rng.below(4) {
                        0 => b.insert(at, b"aAb"[rng.below(3)]),
                        1 if at < b.len() => {
                            b.remove(at);
                        }
                        2 if at + 1 < b.len() => b.swap(at, at + 1),
                        _ if at < b.len() => b[at] = b"ab1"[rng.below(3)],
                        _ => {}
                    }
                }
                b
            };
            let table = banded_osa(&a, &b, 1);
            assert_eq!(within_one_edit(&a, &b), table, "{a:?} {b:?}");
            let (sa, sb) = (
                std::str::from_utf8(&a).unwrap(),
                std::str::from_utf8(&b).unwrap(),
            );
            for max in 0..=1 {
                assert_eq!(
                    bounded_distance(sa, sb, max),
                    table.filter(|d| *d <= max),
                    "{sa:?} {sb:?} {max}"
                );
            }
        }
    }

    #[test]
    fn distance_is_bounded_and_counts_transpositions_once() {
        assert_eq!(
            bounded_distance("cloudfromation", "cloudformation", 2),
            Some(1)
        );
        assert_eq!(bounded_distance("abc", "abcdefg", 2), None);
    }
}
