//! API operations by service, for `unknown-operation`: built on first use from the `operations` lists
//! of `service` entries (botocore), and the names a note uses for the service (`DynamoDB`,
//! `dynamodb`, `Amazon Simple Queue Service`, `sqs`); the CLI's kebab-case spelling of an operation
//! comes from [`kebab_case`].
use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

use super::compiled::{self, NameList, ServiceKeyTable, ServiceNames};
use super::{Kind, Schema};

/// One service; its operation list is decoded on first use (most notes name a handful of services).
pub struct ServiceOps {
    /// The service's name as the schema writes it (`DynamoDB`).
    pub name: String,
    /// Its endpoint prefix, usually its IAM prefix too (`dynamodb`).
    pub prefix: String,
    pub entry: u32,
    ops: OnceLock<Vec<String>>,
    members: OnceLock<Vec<String>>,
    enum_values: OnceLock<Vec<String>>,
    /// `kebab_case` of `ops` and of `members`, position for position (the CLI's spellings: spelled
    /// once per service, not once per command a note shows).
    cli_ops: OnceLock<Vec<String>>,
    cli_members: OnceLock<Vec<String>>,
    /// Positions in `members` / `enum_values` ordered by length: did-you-mean reads a length window.
    members_by_len: OnceLock<Vec<u32>>,
    enum_values_by_len: OnceLock<Vec<u32>>,
    cli_options: OnceLock<Vec<String>>,
    member_shapes: OnceLock<Vec<String>>,
}

/// What the objects in one member's value may hold (`ServiceOps::member_shape`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberShape<'s> {
    /// `true`: the value is an object of free keys (`KeyConditions`) whose values are the
    /// objects; `false`: the value is such an object, or a list of them.
    pub map: bool,
    /// The member names those objects have, comma-separated and sorted.
    children: &'s str,
}

/// One line of a service's `member_shapes`: "Name form a,b" (`schema/FORMAT.md`).
fn parse_shape_line(line: &str) -> Option<(&str, MemberShape<'_>)> {
    let (name, rest) = line.split_once(' ')?;
    let (form, children) = rest.split_once(' ')?;
    Some((
        name,
        MemberShape {
            map: form == "map",
            children,
        },
    ))
}

impl<'s> MemberShape<'s> {
    pub fn children(&self) -> impl Iterator<Item = &'s str> {
        self.children.split(',')
    }
}

impl ServiceOps {
    /// What may stand inside the value of member `name` (`KeyConditions`): `None` when the service
    /// has no such member, or some structure gives it another form (a string, a map of strings).
    pub fn member_shape<'s>(&'s self, schema: &Schema, name: &str) -> Option<MemberShape<'s>> {
        let lines = self.shape_lines(schema);
        // Sorted lines "Name form a,b": the member's line is the first one not before "Name ".
        let key = format!("{name} ");
        let line = lines.get(lines.partition_point(|l| l.as_str() < key.as_str()))?;
        match parse_shape_line(line)? {
            (found, shape) if found == name => Some(shape),
            _ => None,
        }
    }

    /// Every member whose value holds objects, with what those objects hold, by name.
    pub fn member_shapes<'s>(
        &'s self,
        schema: &Schema,
    ) -> impl Iterator<Item = (&'s str, MemberShape<'s>)> {
        self.shape_lines(schema)
            .iter()
            .filter_map(|l| parse_shape_line(l))
    }

    fn shape_lines(&self, schema: &Schema) -> &[String] {
        self.member_shapes
            .get_or_init(|| sorted(schema.name_list(self.entry, NameList::MemberShapes)))
    }

    /// Operation names (`PutItem`), sorted.
    pub fn ops(&self, schema: &Schema) -> &[String] {
        self.ops
            .get_or_init(|| sorted(schema.name_list(self.entry, NameList::Operations)))
    }

    /// Parameter and attribute names (`KeyConditionExpression`), sorted.
    pub fn members(&self, schema: &Schema) -> &[String] {
        self.members
            .get_or_init(|| sorted(schema.name_list(self.entry, NameList::Members)))
    }

    /// Enumeration values (`KEYS_ONLY`), sorted.
    pub fn enum_values(&self, schema: &Schema) -> &[String] {
        self.enum_values
            .get_or_init(|| sorted(schema.name_list(self.entry, NameList::EnumValues)))
    }

    /// The operations as the AWS CLI spells them (`put-item`), in the order of [`ServiceOps::ops`].
    pub fn cli_ops(&self, schema: &Schema) -> &[String] {
        self.cli_ops
            .get_or_init(|| self.ops(schema).iter().map(|o| kebab_case(o)).collect())
    }

    /// The parameter names as CLI options spell them (`key-condition-expression`), in the order of
    /// [`ServiceOps::members`].
    pub fn cli_members(&self, schema: &Schema) -> &[String] {
        self.cli_members
            .get_or_init(|| self.members(schema).iter().map(|m| kebab_case(m)).collect())
    }

    /// Parameter names (or, with `enum_values`, values) whose length is within `window` bytes of
    /// `len`: the only ones a bounded edit distance can reach.
    pub fn names_near_length<'s>(
        &'s self,
        schema: &'s Schema,
        enum_values: bool,
        len: usize,
        window: usize,
    ) -> impl Iterator<Item = &'s str> + 's {
        let (names, order) = if enum_values {
            (self.enum_values(schema), &self.enum_values_by_len)
        } else {
            (self.members(schema), &self.members_by_len)
        };
        let order = order.get_or_init(|| {
            let mut order: Vec<u32> = (0..names.len() as u32).collect();
            order.sort_by_key(|&i| names[i as usize].len());
            order
        });
        let length = |i: &u32| names[*i as usize].len();
        let from = order.partition_point(|i| length(i) < len.saturating_sub(window));
        let to = order.partition_point(|i| length(i) <= len + window);
        order[from..to.max(from)]
            .iter()
            .map(move |&i| names[i as usize].as_str())
    }

    /// The options of `aws <cli_service> <op>` (`aws dynamodb get-item`), without their dashes and
    /// with whether the command requires them; the global options (`--region`) are not listed. `None`
    /// when this service has no such command: another model may share the CLI name (`elb` and
    /// `elbv2` both reach Elastic Load Balancing and its v2, whose commands differ).
    pub fn cli_options<'s>(
        &'s self,
        schema: &'s Schema,
        cli_service: &str,
        op: &str,
    ) -> Option<Vec<CliOption<'s>>> {
        let lines = self
            .cli_options
            .get_or_init(|| sorted(schema.name_list(self.entry, NameList::CliOptions)));
        // Sorted lines "service op opt …": the command's line is the first one not before "service op".
        let key = format!("{cli_service} {op}");
        let at = lines.partition_point(|l| l.as_str() < key.as_str());
        let line = lines.get(at)?;
        let mut words = line.split(' ');
        (words.next() == Some(cli_service) && words.next() == Some(op)).then(|| {
            words
                .map(|w| CliOption {
                    name: w.trim_end_matches('*'),
                    required: w.ends_with('*'),
                })
                .collect()
        })
    }

    pub fn has(&self, schema: &Schema, op: &str) -> bool {
        self.ops(schema)
            .binary_search_by(|o| o.as_str().cmp(op))
            .is_ok()
    }
}

/// An option of an AWS CLI command (`table-name` of `aws dynamodb get-item`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CliOption<'s> {
    /// Without its dashes.
    pub name: &'s str,
    pub required: bool,
}

/// What the index needs of a service entry when it is built from the entries (its API names stay
/// undecoded).
#[derive(serde::Deserialize)]
struct ServiceHead {
    name: String,
    #[serde(default)]
    full_name: Option<String>,
    #[serde(default)]
    abbreviation: Option<String>,
    #[serde(default)]
    endpoint_prefix: Option<String>,
}

pub struct OperationIndex {
    pub services: Vec<ServiceOps>,
    /// Lowercase service name, abbreviation, endpoint prefix or CLI name → services.
    by_key: HashMap<String, Vec<u32>>,
    /// The longest key, in bytes: longer phrases are never looked up.
    max_key_len: usize,
    /// The hash of every key and of every proper prefix of a key → [`IS_KEY`] | [`STARTS_KEY`]. A phrase
    /// absent here is no key and starts none: one probe settles most words of a paragraph (before, a
    /// miss in `by_key` and a second hash and probe for the prefixes), and the words after it are not
    /// read. Hashes, not strings (a collision only costs a lookup).
    key_hashes: HashMap<u64, u8>,
    /// One bit per (first byte, second byte) that some key starts with: a phrase's key starts with its
    /// first word's first two bytes (words have two or more), so a word whose pair is unset starts no
    /// name and costs no key or hash at all. Most words of prose start no key.
    key_starts: Box<[u64; 1024]>,
    /// The same for the first three bytes of keys of three bytes or more (each byte's low five bits:
    /// case does not change them), for words of three bytes or more: of the corpus' words, 72% pass
    /// the two-byte test (`co`, `re`, `in` start keys) and 40% this one.
    key_starts3: Box<[u64; 512]>,
    /// [`compiled::operation_hashes`] of every service's operations: whether a name is some service's
    /// operation by one binary search (before, each question decoded and searched every service's
    /// list). Computed at build time for the embedded schema (7 M instructions at run time, a sixth
    /// of a one-note lint); on first use when user files add or refine services. 160 KB for 20,000
    /// operations, where a hash map of 64-bit hashes was 560 KB for the server's whole session.
    operation_hashes: OnceLock<Vec<u64>>,
}

/// The bit of [`OperationIndex::key_starts`] for a key that starts with bytes `a`, `b`.
fn start_bit(a: u8, b: u8) -> (usize, u64) {
    let pair = usize::from(a) << 8 | usize::from(b);
    (pair / 64, 1 << (pair % 64))
}

/// The bit of [`OperationIndex::key_starts3`] for a key that starts with bytes `a`, `b`, `c` (in either
/// case).
fn start3_bit(a: u8, b: u8, c: u8) -> (usize, u64) {
    let triple = usize::from(a & 31) | usize::from(b & 31) << 5 | usize::from(c & 31) << 10;
    (triple / 64, 1 << (triple % 64))
}

/// [`OperationIndex::key_hashes`]: the phrase is a key of `by_key`.
const IS_KEY: u8 = 1;
/// [`OperationIndex::key_hashes`]: some longer key starts with the phrase.
const STARTS_KEY: u8 = 2;

impl OperationIndex {
    pub fn build(schema: &Schema) -> OperationIndex {
        let table = schema
            .precomputed_service_keys()
            .unwrap_or_else(|| service_key_table_of(schema));
        let operation_hashes = if table.operations.is_empty() {
            OnceLock::new()
        } else {
            OnceLock::from(table.operations)
        };
        let services = table
            .services
            .into_iter()
            .map(|(entry, name, prefix)| ServiceOps {
                name,
                prefix,
                entry,
                ops: OnceLock::new(),
                members: OnceLock::new(),
                enum_values: OnceLock::new(),
                cli_ops: OnceLock::new(),
                cli_members: OnceLock::new(),
                members_by_len: OnceLock::new(),
                enum_values_by_len: OnceLock::new(),
                cli_options: OnceLock::new(),
                member_shapes: OnceLock::new(),
            })
            .collect();
        let mut by_key: HashMap<String, Vec<u32>> =
            HashMap::with_capacity_and_hasher(table.keys.len(), Default::default());
        by_key.extend(table.keys);
        let max_key_len = by_key.keys().map(String::len).max().unwrap_or(0);
        // One entry per key and per proper prefix at most, but keys share prefixes: 10,939 entries for
        // 28,000 prefixes in the embedded schema. Sized for half the prefixes (grown if a schema needs
        // more) rather than all of them, which left 557 KB of table, mostly empty, resident for the
        // server's whole session; then shrunk to the entries.
        let prefixes: usize = by_key.keys().map(String::len).sum();
        let mut key_hashes: HashMap<u64, u8> =
            HashMap::with_capacity_and_hasher(prefixes / 2, Default::default());
        for k in by_key.keys() {
            *key_hashes
                .entry(super::hash_bytes(k.as_bytes()))
                .or_default() |= IS_KEY;
            for prefix in (1..k.len()).filter_map(|n| k.get(..n)) {
                *key_hashes
                    .entry(super::hash_bytes(prefix.as_bytes()))
                    .or_default() |= STARTS_KEY;
            }
        }
        key_hashes.shrink_to_fit();
        let mut key_starts = Box::new([0u64; 1024]);
        for k in by_key.keys().map(String::as_bytes).filter(|k| k.len() >= 2) {
            let (word, bit) = start_bit(k[0], k[1]);
            key_starts[word] |= bit;
        }
        let mut key_starts3 = Box::new([0u64; 512]);
        for k in by_key.keys().map(String::as_bytes).filter(|k| k.len() >= 3) {
            let (word, bit) = start3_bit(k[0], k[1], k[2]);
            key_starts3[word] |= bit;
        }
        OperationIndex {
            operation_hashes,
            key_starts3,
            services,
            by_key,
            max_key_len,
            key_hashes,
            key_starts,
        }
    }

    /// Services a word names (case-insensitive): `DynamoDB`, `sqs`, `s3api`.
    pub fn services_named(&self, word: &str) -> &[u32] {
        self.by_key
            .get(&word.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    /// Services named in `texts` (a paragraph, the headings above it): single words (`DynamoDB`,
    /// `sqs`) and runs of up to three words (`Elemental Inference`, `Simple Queue Service`).
    pub fn services_in<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        for text in texts {
            for (_, id) in self.services_at(text) {
                if !found.contains(&id) {
                    found.push(id);
                }
            }
        }
        found
    }

    /// Where `text` names a service, in order of position: (byte range of the name, service), one pair
    /// per service a name may mean (`API Gateway`: both API Gateway models).
    pub fn services_at(&self, text: &str) -> Vec<(std::ops::Range<usize>, u32)> {
        let spans = ascii_words(text);
        let mut found = Vec::new();
        // One key buffer for every phrase: this runs over every word of every paragraph. A phrase's
        // key is its bytes without spaces, lowercase; it grows by one word (and the gap before it) as
        // the phrase does, instead of being rebuilt for each length.
        let mut key: Vec<u8> = Vec::with_capacity(self.max_key_len + 3);
        let bytes = text.as_bytes();
        for i in 0..spans.len() {
            let (start, end) = spans[i];
            // A word of three bytes or more starts a key only with them; a shorter one (`s3`, `S3
            // Glacier`) with its two.
            let (starts, (word, bit)) = if end - start >= 3 {
                (
                    &self.key_starts3[..],
                    start3_bit(bytes[start], bytes[start + 1], bytes[start + 2]),
                )
            } else {
                (
                    &self.key_starts[..],
                    start_bit(
                        bytes[start].to_ascii_lowercase(),
                        bytes[start + 1].to_ascii_lowercase(),
                    ),
                )
            };
            if starts[word] & bit == 0 {
                continue;
            }
            key.clear();
            for n in 1..=3 {
                let Some(&(word_start, word_end)) = spans.get(i + n - 1) else {
                    break;
                };
                if word_end - start > self.max_key_len + n - 1 {
                    break; // too long to be a name
                }
                if n > 1 {
                    // Words separated by exactly one space (and nothing else that is a word).
                    let gap = &bytes[spans[i + n - 2].1..word_start];
                    if gap.iter().filter(|b| **b == b' ').count() != 1 {
                        break;
                    }
                    key.extend(gap.iter().filter(|b| **b != b' '));
                }
                key.extend(
                    bytes[word_start..word_end]
                        .iter()
                        .map(u8::to_ascii_lowercase),
                );
                // What the phrase is, by one probe (or, rarely, what a hash collision says it is).
                let what = self
                    .key_hashes
                    .get(&super::hash_bytes(&key))
                    .copied()
                    .unwrap_or(0);
                if what & IS_KEY != 0 {
                    let ids = std::str::from_utf8(&key)
                        .ok()
                        .and_then(|k| self.by_key.get(k));
                    for &id in ids.into_iter().flatten() {
                        found.push((start..word_end, id));
                    }
                }
                if n < 3 && what & STARTS_KEY == 0 {
                    break;
                }
            }
        }
        found
    }

    /// Whether any service has an operation of this name.
    pub fn is_operation(&self, schema: &Schema, name: &str) -> bool {
        let hashes = self
            .operation_hashes
            .get_or_init(|| operation_hashes_of(schema, &self.services));
        let hash = u64::from(compiled::operation_hash(name));
        let at = hashes.partition_point(|entry| entry >> 32 < hash);
        match hashes.get(at).filter(|entry| *entry >> 32 == hash) {
            // No operation has this hash: no operation has this name.
            None => false,
            // A hash collision sends the question to every service's list.
            Some(entry) => {
                let service = (entry & u64::from(u32::MAX)) as usize;
                self.services
                    .get(service)
                    .is_some_and(|s| s.has(schema, name))
                    || self.services.iter().any(|s| s.has(schema, name))
            }
        }
    }
}

/// [`compiled::operation_hashes`] of the services' operations, read from the schema.
fn operation_hashes_of(schema: &Schema, services: &[ServiceOps]) -> Vec<u64> {
    let lists: Vec<Vec<String>> = services
        .iter()
        .map(|s| schema.name_list(s.entry, NameList::Operations))
        .collect();
    compiled::operation_hashes(lists.iter().map(|ops| ops.iter().map(String::as_str)))
}

/// The matches of `[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]` in `text`, as (start, end): the words a service
/// name is made of. By hand because this runs over every paragraph and the regex, matching every
/// word, spent most of its time starting and ending matches.
fn ascii_words(text: &str) -> Vec<(usize, usize)> {
    /// Per byte: [`STARTS`] a word (a letter), [`CONTINUES`] one (a letter, a digit, `-`). One table
    /// load per byte instead of two or three range tests: this loop reads every byte of the text.
    const STARTS: u8 = 1;
    const CONTINUES: u8 = 2;
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            if b.is_ascii_alphabetic() {
                t[c] = STARTS | CONTINUES;
            } else if b.is_ascii_digit() || b == b'-' {
                t[c] = CONTINUES;
            }
            c += 1;
        }
        t
    };
    let b = text.as_bytes();
    // About one word per six bytes of prose: one allocation instead of a dozen regrowths.
    let mut out = Vec::with_capacity(b.len() / 6 + 1);
    let mut i = 0;
    while i < b.len() {
        if CLASS[usize::from(b[i])] & STARTS == 0 {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < b.len() && CLASS[usize::from(b[end])] & CONTINUES != 0 {
            end += 1;
        }
        // The last character may not be a hyphen: give trailing hyphens back.
        while end > i + 1 && b[end - 1] == b'-' {
            end -= 1;
        }
        if end - i >= 2 {
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The service key table from the schema's entries: a user schema file adds or refines services, so the
/// one compiled into the base does not hold them. Only a few fields of each service's summary are
/// read (its API name lists stay undecoded).
fn service_key_table_of(schema: &Schema) -> ServiceKeyTable {
    let heads: Vec<(u32, ServiceHead)> = schema
        .of_kind_ids(Kind::Service)
        .filter(|&id| schema.has_operations(id))
        .filter_map(|id| Some((id, schema.summary_fields::<ServiceHead>(id)?)))
        .collect();
    ServiceKeyTable::build(heads.iter().map(|(entry, e)| ServiceNames {
        entry: *entry,
        name: &e.name,
        full_name: e.full_name.as_deref(),
        abbreviation: e.abbreviation.as_deref(),
        endpoint_prefix: e.endpoint_prefix.as_deref(),
    }))
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

/// `DescribeDBInstances` → `describe-db-instances`, as the AWS CLI spells operations.
pub fn kebab_case(op: &str) -> String {
    let chars: Vec<char> = op.chars().collect();
    let mut out = String::with_capacity(op.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // A new word: after a lowercase letter or digit, or the last capital of an acronym.
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push('-');
            }
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ascii_words, kebab_case, operation_hashes_of, service_key_table_of};

    /// A service's key in the table (`ServiceKeyTable::build` lowercases without spaces).
    fn service_key(name: &str) -> String {
        let mut key = String::new();
        crate::schema::lowercase_key_into(name, b" ", &mut key);
        key
    }

    #[test]
    fn the_compiled_table_is_the_one_the_entries_give() {
        let schema = crate::schema::embedded();
        let compiled = schema
            .precomputed_service_keys()
            .expect("the embedded schema holds the service key table");
        assert!(compiled.services.len() > 300, "{}", compiled.services.len());
        assert!(compiled.keys.iter().any(|(k, _)| k == "s3api"));
        // The operations' hashes, computed at build time from the entries, are the ones the index
        // computes from the schema's lists when the table comes from the entries (which leave them
        // out).
        let mut compiled = compiled;
        let operations = std::mem::take(&mut compiled.operations);
        assert!(operations.len() > 15_000, "{}", operations.len());
        assert_eq!(compiled, service_key_table_of(&schema));
        assert_eq!(
            operations,
            operation_hashes_of(&schema, &schema.operations().services)
        );
    }

    #[test]
    fn service_keys_are_lowercase_without_spaces() {
        assert_eq!(service_key("Simple Queue Service"), "simplequeueservice");
        assert_eq!(service_key("  Amazon  S3 "), "amazons3");
        assert_eq!(service_key("Route 53-Resolver"), "route53-resolver");
        assert_eq!(service_key(""), "");
        assert_eq!(service_key("Élan Service"), "élanservice");
    }

    #[test]
    fn ascii_words_are_the_regex_matches() {
        let re = regex::Regex::new(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]").unwrap();
        let samples = [
            "",
            "a",
            "a-",
            "ab",
            "ab--",
            "ab--cd-",
            "9abc x1 -y- Amazon Simple Queue Service",
            "S3's `dynamodb` é-ab ab-é a-b-- --z9",
            "us-east-1 x-amz-date a9-",
        ];
        for s in samples {
            let want: Vec<(usize, usize)> = re.find_iter(s).map(|m| (m.start(), m.end())).collect();
            assert_eq!(ascii_words(s), want, "{s:?}");
        }
    }

    /// `is_operation` answers by one search of operation hashes; it finds what asking every service's
    /// list finds.
    #[test]
    fn is_operation_is_any_services_list_having_the_name() {
        let schema = &*crate::schema::embedded();
        let index = schema.operations();
        let naive = |name: &str| index.services.iter().any(|s| s.has(schema, name));
        let mut names: Vec<String> = [
            "GetObject",
            "PutItem",
            "CreateQueue",
            "SendMessage",
            "GetItm",
            "getObject",
            "PutItems",
            "ListBuckets",
            "DescribeInstances",
            "",
            "Get",
        ]
        .map(String::from)
        .to_vec();
        // The first and last operations of every tenth service, and each with its last letter dropped.
        for service in index.services.iter().step_by(10) {
            for op in [service.ops(schema).first(), service.ops(schema).last()]
                .into_iter()
                .flatten()
            {
                names.push(op.clone());
                names.push(op[..op.len() - 1].to_string());
            }
        }
        let mut operations = 0;
        for name in &names {
            assert_eq!(index.is_operation(schema, name), naive(name), "{name:?}");
            operations += usize::from(naive(name));
        }
        assert!(operations > 80, "{operations} of {} names", names.len());
    }

    #[test]
    fn a_service_name_names_that_service_and_its_versions() {
        let schema = crate::schema::embedded();
        let index = schema.operations();
        let named = |word: &str| -> Vec<&str> {
            let mut v: Vec<&str> = index
                .services_named(word)
                .iter()
                .map(|&i| index.services[i as usize].name.as_str())
                .collect();
            v.sort_unstable();
            v
        };
        // Lambda MicroVMs shares Lambda's endpoint prefix; "Lambda" still means Lambda.
        assert_eq!(named("Lambda"), ["Lambda"]);
        assert_eq!(named("RDS"), ["RDS"]);
        assert_eq!(
            named("elasticloadbalancing"),
            ["Elastic Load Balancing", "Elastic Load Balancing v2"]
        );
        assert_eq!(named("apigateway"), ["API Gateway", "ApiGatewayV2"]);
        // A key no service is named by keeps every service that has it.
        assert_eq!(named("es"), ["Elasticsearch Service", "OpenSearch"]);
    }

    /// `services_at` skips words by their first two or three bytes and settles phrases by one hash
    /// probe; it finds what looking every phrase of one to three single-spaced words up in `by_key`
    /// finds.
    #[test]
    fn services_at_finds_what_every_phrase_lookup_finds() {
        let schema = crate::schema::embedded();
        let index = schema.operations();
        let naive = |text: &str| {
            let spans = ascii_words(text);
            let mut found = Vec::new();
            for i in 0..spans.len() {
                for n in 1..=3 {
                    let Some(last) = spans.get(i + n - 1) else {
                        break;
                    };
                    let phrase = &text[spans[i].0..last.1];
                    if phrase.split(' ').count() != n {
                        break;
                    }
                    let key = phrase.replace(' ', "").to_ascii_lowercase();
                    for &id in index.by_key.get(&key).map_or(&[][..], Vec::as_slice) {
                        found.push((spans[i].0..last.1, id));
                    }
                }
            }
            found
        };
        let fixed = [
            "Amazon",
            "Simple",
            "Queue",
            "Service",
            "simple",
            "queue",
            "DynamoDB",
            "dynamodb",
            "s3api",
            "S3",
            "Lambda",
            "API",
            "Gateway",
            "Elastic",
            "Load",
            "Balancing",
            "the",
            "and",
            "with",
            "Step",
            "Functions",
            "stepfunctions",
            "CloudWatch",
            "Logs",
            "Route",
            "53",
            "x",
            "--",
            "-",
            "Kinesis",
            "Data",
            "Streams",
            "Firehose",
            "EC2",
            "Elemental",
            "Inference",
            "es",
            "rds",
            "resource",
            "groups",
            "ELB",
        ];
        // And every key, as written in the index and capitalised: each must pass the start filters.
        let capitalised: Vec<String> = index
            .by_key
            .keys()
            .map(|k| k[..1].to_ascii_uppercase() + &k[1..])
            .collect();
        let words: Vec<&str> = fixed
            .iter()
            .copied()
            .chain(index.by_key.keys().map(String::as_str))
            .chain(capitalised.iter().map(String::as_str))
            .collect();
        // Gaps of one space around other non-word bytes too (they stay in the key: `Resource- Groups`
        // would be the key `resource-groups`), and non-ASCII ones.
        let seps = [
            " ", " ", " ", "  ", ", ", ". ", "\n", "-", "- ", " -", " — ", "— ", ",", "é ",
        ];
        let mut rng = crate::testdata::Lcg(7);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.below(12) {
                text.push_str(words[rng.below(words.len())]);
                text.push_str(seps[rng.below(seps.len())]);
            }
            assert_eq!(index.services_at(&text), naive(&text), "{text:?}");
        }
    }

    #[test]
    fn cli_spelling_of_operations() {
        assert_eq!(kebab_case("PutItem"), "put-item");
        assert_eq!(kebab_case("DescribeDBInstances"), "describe-db-instances");
        assert_eq!(kebab_case("CreateQueue"), "create-queue");
        assert_eq!(kebab_case("ListObjectsV2"), "list-objects-v2");
        assert_eq!(kebab_case("GetSMSAttributes"), "get-sms-attributes");
    }
}
