//! Part of `unknown-cfn-name`: the structure of a CloudFormation template in a code block — YAML, or
//! JSON written one key a line. Keys are read line by line and nested by indentation (block scalars
//! such as `UserData: |` skipped), which is enough to know where a key sits without a YAML parser:
//!
//! - Resource properties: a key directly under `Properties:` of a mapping whose `Type:` is a resource
//!   type the schema knows, not among the type's properties (cfn-lint's resource schemas) but the same
//!   name in another case or within an edit (two from names of ten letters or more) of exactly one
//!   (`ImageID` → `ImageId`). Unknown types, custom resources, keys nested deeper, list items (AppSpec
//!   `Resources:`) and intrinsic keys (`Fn::If`) are left alone.
//! - Parameter keys (`AllowedValue` → `AllowedValues`) and output keys (`Exports` → `Export`) at their
//!   depth under a top-level `Parameters:` / `Outputs:` of a template.
//! - Top-level sections of a template (`Resource:` → `Resources`, `Parameter:` → `Parameters`).
//! - Logical IDs under `Resources:` that are not alphanumeric (`My-Bucket:`), for a mapping with a
//!   `Type:` of a resource.
//! - `Transform: AWS::Serverless` without its date → `AWS::Serverless-2016-10-31`.

use super::*;

/// The keys of a parameter: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>
/// (as listed by CDK's `CfnParameterProps`).
const PARAMETER_KEYS: &[&str] = &[
    "AllowedPattern",
    "AllowedValues",
    "ConstraintDescription",
    "Default",
    "Description",
    "MaxLength",
    "MaxValue",
    "MinLength",
    "MinValue",
    "NoEcho",
    "Type",
];

/// The keys of an output: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html>.
const OUTPUT_KEYS: &[&str] = &["Condition", "Description", "Export", "Value"];

/// Sections that only a template has at its top level (`Description` and `Metadata` are keys of
/// resources, parameters and outputs too).
const TEMPLATE_ONLY_SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Conditions",
    "Mappings",
    "Outputs",
    "Parameters",
    "Resources",
    "Rules",
    "Transform",
];

/// The SAM transform's one valid name: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-aws-serverless.html>.
const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// One `key: value` line.
#[derive(Debug)]
struct Node<'a> {
    key: &'a str,
    key_range: Range<usize>,
    /// The value on the key's line, comment, quotes and a trailing comma removed.
    value: &'a str,
    value_range: Range<usize>,
    parent: Option<usize>,
    /// The key starts a list item (`- Key: Name`).
    in_list: bool,
}

/// A `key:` at the start of a line (leading white space removed): a list item's dash, then a quoted key
/// or a bare one, then a colon followed by a blank or the end of the line.
struct KeyLine {
    /// Where the dash and the blanks after it end, for a list item (`- Key: Name`).
    dash_end: Option<usize>,
    /// The key, inside its quotes for a quoted key.
    key: Range<usize>,
    /// Where the colon (and the one blank after it) ends.
    end: usize,
}

/// The [`KeyLine`] of `line`: by hand, the matches of
/// `^(-[ \t]+)?(?:"([^"]+)"|'([^']+)'|([^\s"'#\[\]{},&*!|>%@\`-][^#]*?))[ \t]*:(?:[ \t]|$)` (group 1,
/// the key group, the match's end). Every line of every code block with a colon is read: the
/// regex's captures cost about a microsecond a line.
fn key_line(line: &str) -> Option<KeyLine> {
    let b = line.as_bytes();
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    // `[ \t]*:(?:[ \t]|$)` at `at`: where it ends.
    let colon_at = |at: usize| -> Option<usize> {
        let colon = super::words::run_end(b, at, blank);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        Some(if b.get(colon + 1).is_some_and(blank) {
            colon + 2
        } else if colon + 1 == b.len() {
            colon + 1
        } else {
            return None;
        })
    };
    let mut start = 0;
    let mut dash_end = None;
    if b.first() == Some(&b'-') {
        // Only a list item's dash can come first: a bare key may not start with `-`.
        start = super::words::run_end(b, 1, blank);
        if start == 1 {
            return None;
        }
        dash_end = Some(start);
    }
    let first = line[start..].chars().next()?;
    if first == '"' || first == '\'' {
        let close = start + 1 + memchr::memchr(first as u8, &b[start + 1..])?;
        if close == start + 1 {
            return None; // an empty quoted key
        }
        let end = colon_at(close + 1)?;
        return Some(KeyLine {
            dash_end,
            key: start + 1..close,
            end,
        });
    }
    if first.is_whitespace() || "#[]{},&*!|>%@`-".contains(first) {
        return None;
    }
    // The shortest key after which a colon follows, with no `#` in it.
    let mut at = start + first.len_utf8();
    loop {
        if let Some(end) = colon_at(at) {
            return Some(KeyLine {
                dash_end,
                key: start..at,
                end,
            });
        }
        match b.get(at) {
            None | Some(b'#') => return None,
            Some(_) => at += line[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
}

/// The keys of `s`, nested by indentation.
fn nodes(s: &str) -> Vec<Node<'_>> {
    let mut out: Vec<Node> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new(); // (indent, node index)
    let mut block_scalar: Option<usize> = None;
    // Tabs beside spaces leave the nesting unknowable (a tab is one column here): no keys then.
    let (mut tabs, mut spaces) = (false, false);
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        let line_start = start;
        start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let lead = body.len() - trimmed.len();
        if let Some(min) = block_scalar {
            if trimmed.is_empty() || lead > min {
                continue;
            }
            block_scalar = None;
        }
        if trimmed.is_empty()
            || trimmed.starts_with(['#', '{', '}', '[', ']'])
            || trimmed.starts_with("//")
        {
            continue;
        }
        // A key ends at a colon: most lines of code have none.
        if memchr::memchr(b':', trimmed.as_bytes()).is_none() {
            continue;
        }
        let Some(found) = key_line(trimmed) else {
            continue;
        };
        tabs |= body[..lead].contains('\t');
        spaces |= body[..lead].contains(' ');
        if tabs && spaces {
            return Vec::new();
        }
        let in_list = found.dash_end.is_some();
        // The key's column, at its opening quote for a quoted key.
        let indent = lead + found.dash_end.unwrap_or(0);
        // A quoted key's range is inside its quotes.
        let key_range = line_start + lead + found.key.start..line_start + lead + found.key.end;
        let (value, value_range) = value_of(trimmed, found.end, line_start + lead);
        if is_block_scalar_indicator(value) {
            block_scalar = Some(lead);
        }
        while stack.last().is_some_and(|&(i, _)| i >= indent) {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, n)| n);
        stack.push((indent, out.len()));
        out.push(Node {
            key: &trimmed[found.key],
            key_range,
            value,
            value_range,
            parent,
            in_list,
        });
    }
    out
}

/// The value after a key: comment (` #…`), a trailing comma and enclosing quotes removed.
fn value_of(line: &str, from: usize, base: usize) -> (&str, Range<usize>) {
    let rest = &line[from..];
    let mut end = rest.len();
    if !rest.trim_start().starts_with(['"', '\'']) {
        if let Some(i) = rest.find(" #") {
            end = i;
        }
    }
    let mut v = &rest[..end];
    let mut lo = from + (v.len() - v.trim_start().len());
    v = v.trim();
    v = v.strip_suffix(',').unwrap_or(v).trim_end();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v = &v[1..v.len() - 1];
        lo += 1;
    }
    // `[AWS::Lambda::Function](https://…)`: a type linked to its page, as AWS's Markdown docs print it.
    if let Some(text) = v
        .strip_prefix('[')
        .and_then(|t| t.split_once("]("))
        .filter(|(_, url)| url.ends_with(')') && !url.contains(char::is_whitespace))
        .map(|(text, _)| text)
    {
        v = text;
        lo += 1;
    }
    (v, base + lo..base + lo + v.len())
}

/// `|`, `>-`, `!Sub |`: the value goes on in the indented lines below.
fn is_block_scalar_indicator(v: &str) -> bool {
    let last = v.rsplit([' ', '\t']).next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

/// The keys of a block with their children: `kids[i]` for node `i`, `roots` for the top level.
struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    kids: Vec<Vec<usize>>,
    roots: Vec<usize>,
}

impl<'a> Tree<'a> {
    fn new(nodes: Vec<Node<'a>>) -> Self {
        let mut kids = vec![Vec::new(); nodes.len()];
        let mut roots = Vec::new();
        for (i, n) in nodes.iter().enumerate() {
            match n.parent {
                Some(p) => kids[p].push(i),
                None => roots.push(i),
            }
        }
        Tree { nodes, kids, roots }
    }

    /// The children of `parent` (the top level for `None`).
    fn children(&self, parent: Option<usize>) -> impl Iterator<Item = (usize, &Node<'a>)> {
        let ids = match parent {
            Some(p) => &self.kids[p],
            None => &self.roots,
        };
        ids.iter().map(move |&i| (i, &self.nodes[i]))
    }

    /// The child `key` of `parent`, not a list item.
    fn child(&self, parent: Option<usize>, key: &str) -> Option<&Node<'a>> {
        self.children(parent)
            .map(|(_, n)| n)
            .find(|n| n.key == key && !n.in_list)
    }

    fn root_has(&self, key: &str) -> bool {
        self.child(None, key).is_some()
    }
}

fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The one name of `names` that `key` means: the same letters in another case, else the only name at
/// the smallest distance, one edit (two for names of ten letters or more).
fn nearest_name(key: &str, names: &[String]) -> Option<String> {
    let ci: Vec<&String> = names
        .iter()
        .filter(|n| n.eq_ignore_ascii_case(key))
        .collect();
    if let [one] = ci.as_slice() {
        return Some((*one).clone());
    }
    if key.len() < 3 {
        return None;
    }
    let near: Vec<(String, usize)> = names
        .iter()
        .filter_map(|n| {
            let max = if n.len() >= 10 { 2 } else { 1 };
            crate::schema::index_distance(key, n, max).map(|d| (n.clone(), d))
        })
        .collect();
    match best_of(&near).as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The whole code block `region` starts, or `None` when `region` continues one: a fenced block indented
/// (in a list item) arrives as one region a line, the indentation between them left out.
fn whole_block(cx: &Context, region: &Region) -> Option<Range<usize>> {
    let regions = cx.regions;
    let Ok(i) = regions.binary_search_by_key(&region.range.start, |r| r.range.start) else {
        return Some(region.range.clone());
    };
    let joined = |a: &Region, b: &Region| {
        a.kind == RegionKind::CodeBlock
            && b.kind == RegionKind::CodeBlock
            && a.range.end <= b.range.start
            && cx.text[a.range.end..b.range.start]
                .bytes()
                .all(|c| c == b' ' || c == b'\t')
    };
    if i > 0 && joined(&regions[i - 1], &regions[i]) {
        return None;
    }
    let mut j = i;
    while j + 1 < regions.len() && joined(&regions[j], &regions[j + 1]) {
        j += 1;
    }
    // From the start of the first line, so that it keeps its indentation as the others do.
    let mut start = region.range.start;
    let line_start = cx.text[..start].rfind('\n').map_or(0, |p| p + 1);
    if cx.text[line_start..start]
        .bytes()
        .all(|c| c == b' ' || c == b'\t')
    {
        start = line_start;
    }
    Some(start..regions[j].range.end)
}

pub(super) fn check(cx: &Context, region: &Region, out: &mut Vec<Finding>) {
    let Some(range) = whole_block(cx, region) else {
        return;
    };
    let s = &cx.text[range.clone()];
    if !s.contains(':') {
        return;
    }
    let tree = Tree::new(nodes(s));
    if tree.nodes.is_empty() {
        return;
    }
    // An AppSpec file has `Resources:` with `Type: AWS::Lambda::Function` and `Properties:` of its own.
    if tree.root_has("version") && (tree.root_has("Hooks") || tree.root_has("hooks")) {
        return;
    }
    let block = range.clone();
    let mut push =
        |range: Range<usize>, message: String, fixes: Vec<String>, entry: Option<&str>| {
            let abs = block.start + range.start..block.start + range.end;
            out.push(Finding::new(
                RuleId::UnknownCfnName,
                abs,
                message,
                fixes,
                entry.map(|t| (Kind::CfnResourceType, t)),
            ));
        };

    resource_properties(cx, &tree, &mut push);
    logical_ids(&tree, &mut push);

    // The top level of a template: not a Serverless Framework file (whose `resources:` is lowercase on
    // purpose), nor a fragment that starts inside a resource, parameter or output.
    let is_template = s.contains("AWSTemplateFormatVersion")
        || tree
            .nodes
            .iter()
            .any(|n| n.key == "Type" && n.value.starts_with("AWS::"));
    let framework = ["service", "provider", "functions", "plugins"]
        .iter()
        .any(|k| tree.root_has(k));
    let fragment = ["Type", "Properties", "Value", "Default"]
        .iter()
        .any(|k| tree.root_has(k));
    if framework || fragment {
        return;
    }
    for (r, n) in tree.children(None) {
        if n.in_list {
            continue;
        }
        match n.key {
            "Parameters" if is_template || defines_parameters(cx, &tree, r) => {
                section_keys(&tree, r, PARAMETER_KEYS, "parameter", &mut push)
            }
            "Outputs" if is_template || defines_outputs(&tree, r) => {
                section_keys(&tree, r, OUTPUT_KEYS, "output", &mut push)
            }
            "Transform" if n.value == "AWS::Serverless" => push(
                n.value_range.clone(),
                format!(
                    "`AWS::Serverless` names the SAM transform without its version; a template declares `Transform: {SAM_TRANSFORM}`"
                ),
                vec![SAM_TRANSFORM.to_string()],
                None,
            ),
            _ if is_template => template_section(cx, &tree, r, &mut push),
            _ => {}
        }
    }
}

type Push<'p> = dyn FnMut(Range<usize>, String, Vec<String>, Option<&str>) + 'p;

/// Keys directly under `Properties:` of a resource whose `Type:` is known.
fn resource_properties(cx: &Context, tree: &Tree, push: &mut Push) {
    // Each mapping (and the top level) once: its `Type` and `Properties` children.
    let parents = (0..tree.nodes.len()).map(Some).chain([None]);
    for parent in parents {
        if parent.is_some_and(|p| tree.nodes[p].in_list) {
            continue;
        }
        let (Some(ty), Some(props)) = (
            tree.child(parent, "Type"),
            tree.children(parent)
                .find(|(_, n)| n.key == "Properties" && !n.in_list)
                .map(|(i, _)| i),
        ) else {
            continue;
        };
        if ty.value == "AWS::CloudFormation::CustomResource" {
            continue;
        }
        let Some(entry) = cx.schema.get(Kind::CfnResourceType, ty.value) else {
            continue;
        };
        let names = resource_names(cx.schema, entry);
        let (known, read_only) = (&names.properties, &names.attributes);
        if known.is_empty() {
            continue;
        }
        for (_, c) in tree.children(Some(props)) {
            let key = c.key;
            if c.in_list
                || !is_alnum(key)
                || key == "Ref"
                || known.iter().any(|k| k == key)
                || read_only.iter().any(|k| k == key)
            {
                continue;
            }
            if let Some(fix) = nearest_name(key, known) {
                push(
                    c.key_range.clone(),
                    format!(
                        "`{key}` is not a property of `{}`; did you mean `{fix}`?",
                        entry.name
                    ),
                    vec![fix],
                    Some(&entry.name),
                );
            }
        }
    }
}

/// A resource type's property names and read-only attribute names.
#[derive(Default)]
struct ResourceNames {
    properties: Vec<String>,
    attributes: Vec<String>,
}

/// The names of each resource type a template has used, decoded from the entry's JSON lists once per
/// schema: notes repeat their resource types, and decoding `AWS::Serverless::Function`'s properties was
/// most of the cost of checking a small template.
#[derive(Default)]
struct ResourceNamesMemo(dashmap::DashMap<String, std::sync::Arc<ResourceNames>>);

fn resource_names(
    schema: &crate::schema::Schema,
    entry: &crate::schema::Entry,
) -> std::sync::Arc<ResourceNames> {
    let memo = schema.derived(|_| ResourceNamesMemo::default());
    if let Some(found) = memo.0.get(&entry.name) {
        return found.clone();
    }
    let names = std::sync::Arc::new(ResourceNames {
        properties: entry.properties.get(),
        attributes: entry.attributes.get(),
    });
    memo.0.insert(entry.name.clone(), names.clone());
    names
}

/// `My-Bucket:` under `Resources:`: logical IDs are alphanumeric.
fn logical_ids(tree: &Tree, push: &mut Push) {
    for (r, res) in tree.nodes.iter().enumerate() {
        if res.key != "Resources" || res.in_list {
            continue;
        }
        for (i, id) in tree.children(Some(r)) {
            let key = id.key;
            if id.in_list
                || is_alnum(key)
                || !key.bytes().any(|b| b.is_ascii_alphabetic())
                || !key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                continue;
            }
            let is_resource = tree.child(Some(i), "Type").is_some_and(|t| {
                ["AWS::", "Custom::", "Alexa::"]
                    .iter()
                    .any(|p| t.value.starts_with(p))
            });
            if is_resource {
                push(
                    id.key_range.clone(),
                    format!(
                        "`{key}` is not a valid logical ID: CloudFormation logical IDs are alphanumeric (A-Za-z0-9)"
                    ),
                    Vec::new(),
                    None,
                );
            }
        }
    }
}

/// A `Parameters:` section that is CloudFormation's by itself: a parameter with a known parameter type.
fn defines_parameters(cx: &Context, tree: &Tree, section: usize) -> bool {
    tree.children(Some(section)).any(|(i, _)| {
        tree.child(Some(i), "Type")
            .is_some_and(|t| cx.schema.get(Kind::CfnParameterType, t.value).is_some())
    })
}

/// An `Outputs:` section that is CloudFormation's by itself: an output whose `Value` is an intrinsic.
fn defines_outputs(tree: &Tree, section: usize) -> bool {
    tree.children(Some(section)).any(|(i, _)| {
        tree.child(Some(i), "Value").is_some_and(|v| {
            [
                "!Ref",
                "!GetAtt",
                "!Sub",
                "!Join",
                "!ImportValue",
                "!Select",
            ]
            .iter()
            .any(|f| v.value.starts_with(f))
        })
    })
}

/// The keys of each parameter or output of a section.
fn section_keys(tree: &Tree, section: usize, keys: &[&str], what: &str, push: &mut Push) {
    let names: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    for (i, item) in tree.children(Some(section)) {
        if item.in_list {
            continue;
        }
        for (_, k) in tree.children(Some(i)) {
            if k.in_list || !is_alnum(k.key) || keys.contains(&k.key) || k.key.len() < 4 {
                continue;
            }
            if let Some(fix) = nearest_name(k.key, &names) {
                push(
                    k.key_range.clone(),
                    format!(
                        "`{}` is not a CloudFormation {what} key; did you mean `{fix}`?",
                        k.key
                    ),
                    vec![fix],
                    None,
                );
            }
        }
    }
}

/// `Resource:` at the top level of a template: a near miss of a section name, when another top-level
/// key is a section only templates have or the key holds resources.
fn template_section(cx: &Context, tree: &Tree, r: usize, push: &mut Push) {
    let name = tree.nodes[r].key;
    if !name.bytes().all(|b| b.is_ascii_alphabetic())
        || cx.schema.get(Kind::CfnTemplateSection, name).is_some()
    {
        return;
    }
    let beside_a_section = tree
        .children(None)
        .any(|(o, n)| o != r && TEMPLATE_ONLY_SECTIONS.contains(&n.key));
    let holds_resources = tree.children(Some(r)).any(|(i, _)| {
        tree.child(Some(i), "Type")
            .is_some_and(|t| t.value.starts_with("AWS::"))
    });
    if !beside_a_section && !holds_resources {
        return;
    }
    let near: Vec<(String, usize)> = cx
        .schema
        .nearest(Kind::CfnTemplateSection, name, 1)
        .into_iter()
        .map(|n| (n.entry.name.clone(), n.distance))
        .chain(
            cx.schema
                .get_ci(Kind::CfnTemplateSection, name)
                .into_iter()
                .map(|e| (e.name.clone(), 0)),
        )
        .collect();
    if let [fix] = best_of(&near).as_slice() {
        push(
            tree.nodes[r].key_range.clone(),
            format!("`{name}` is not a CloudFormation template section; did you mean `{fix}`?"),
            vec![fix.clone()],
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `key_line` finds what the regex it replaced matched: group 1's end, the key group, the match's
    /// end.
    #[test]
    fn key_lines_are_the_regex_matches() {
        let re = regex::Regex::new(
            r#"^(-[ \t]+)?(?:"([^"]+)"|'([^']+)'|([^\s"'#\[\]{},&*!|>%@`-][^#]*?))[ \t]*:(?:[ \t]|$)"#,
        )
        .unwrap();
        let check = |line: &str| {
            let want = re.captures(line).map(|c| {
                let key = (2..=4).find_map(|i| c.get(i)).unwrap().range();
                (c.get(1).map(|d| d.end()), key, c.get(0).unwrap().end())
            });
            let got = key_line(line).map(|k| (k.dash_end, k.key, k.end));
            assert_eq!(got, want, "{line:?}");
        };
        for line in [
            "Type: AWS::S3::Bucket",
            "- Key: Name",
            "-\tKey:",
            "-Key: x",
            "\"Type\": \"AWS::S3::Bucket\",",
            "'Type' : x",
            "\"\": x",
            "a:b: c",
            "http://x: y",
            "key # comment: x",
            "Fn::If: [a, b]",
            "- \u{a0}Key: x",
            "é: 1",
            "- ",
            "-",
            ":",
            "key :",
            "key:\t",
        ] {
            check(line);
        }
        let pieces = [
            "a", "Key", " ", "\t", ":", "-", "\"", "'", "#", "é", "\u{a0}", "[", "{", ",", "!",
            "x: ", "::",
        ];
        for line in crate::testdata::texts_of_pieces(11, &pieces, 8, 40_000) {
            check(&line);
        }
    }

    fn keys(s: &str) -> Vec<(&str, &str, Option<&str>, bool)> {
        let ns = nodes(s);
        ns.iter()
            .map(|n| (n.key, n.value, n.parent.map(|p| ns[p].key), n.in_list))
            .collect()
    }

    #[test]
    fn yaml_nesting_lists_and_block_scalars() {
        let s = "Resources:\n  Web:\n    Type: AWS::EC2::Instance # a server\n    Properties:\n      UserData: !Base64 |\n        Name: not a key\n      Tags:\n        - Key: Name\n          Value: web\n";
        assert_eq!(
            keys(s),
            vec![
                ("Resources", "", None, false),
                ("Web", "", Some("Resources"), false),
                ("Type", "AWS::EC2::Instance", Some("Web"), false),
                ("Properties", "", Some("Web"), false),
                ("UserData", "!Base64 |", Some("Properties"), false),
                ("Tags", "", Some("Properties"), false),
                ("Key", "Name", Some("Tags"), true),
                ("Value", "web", Some("Tags"), false),
            ]
        );
    }

    #[test]
    fn json_keys_and_values() {
        let s = "{\n  \"Resources\" : {\n    \"Web\" : {\n      \"Type\" : \"AWS::EC2::Instance\",\n      \"Properties\" : { }\n    }\n  }\n}\n";
        let k = keys(s);
        assert_eq!(k[2], ("Type", "AWS::EC2::Instance", Some("Web"), false));
        assert_eq!(k[3].2, Some("Web"));
        let ns = nodes(s);
        assert_eq!(&s[ns[2].value_range.clone()], "AWS::EC2::Instance");
        assert_eq!(&s[ns[0].key_range.clone()], "Resources");
    }

    #[test]
    fn intrinsic_keys_and_urls() {
        let k = keys("Value:\n  Fn::If: [A, B, C]\nUrl: https://example.com/a#b\n- http://x\n");
        assert_eq!(k[1].0, "Fn::If");
        assert_eq!(k[2].1, "https://example.com/a#b");
        assert_eq!(k.len(), 3);
        assert!(nodes("{\n    \"A\": {\n\t\t\"B\": 1\n    }\n}\n").is_empty());
        assert_eq!(nodes("A:\n\tB: 1\n").len(), 2);
        let linked = "Type: [AWS::SQS::Queue](https://docs.aws.amazon.com/x.html)\n";
        let ns = nodes(linked);
        assert_eq!(ns[0].value, "AWS::SQS::Queue");
        assert_eq!(&linked[ns[0].value_range.clone()], "AWS::SQS::Queue");
    }

    #[test]
    fn nearest_names() {
        let names: Vec<String> = ["ImageId", "InstanceType", "Tags"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(nearest_name("ImageID", &names).as_deref(), Some("ImageId"));
        assert_eq!(nearest_name("Tag", &names).as_deref(), Some("Tags"));
        assert_eq!(
            nearest_name("InstanceTyep", &names).as_deref(),
            Some("InstanceType")
        );
        assert_eq!(nearest_name("BucketName", &names), None);
        assert!(is_block_scalar_indicator("!Sub |"));
        assert!(is_block_scalar_indicator(">-"));
        assert!(!is_block_scalar_indicator("a|b"));
    }
}
