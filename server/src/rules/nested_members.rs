//! Part of `unknown-parameter`: keys inside the value of an API member, in a code block — a request as
//! JSON or as an SDK call's keyword arguments — checked against what botocore says that value holds.
//!
//! ```python
//! client.query(TableName="users", KeyConditions={"id": {"S": "uid-1"}})
//! ```
//!
//! `KeyConditions` maps an attribute name to a `Condition` (`AttributeValueList`, `ComparisonOperator`):
//! `S` belongs to an attribute value, not there. A misspelling is the rest of the rule's business; this
//! reading finds real names in the wrong place and names that exist nowhere beside ones that do
//! (`"Environment": {"Variables": {…}, "Secrets": […]}` for Lambda).
//!
//! A block that is one object alone may be a member's value shown by itself, introduced by a line
//! such as "In the Lambda function configuration, set:": it is read as the one member whose value
//! holds all its keys but one (`judge_standalone`).
//!
//! Precision: the member must be one of a service named around the block (code, paragraph, headings)
//! whose every structure gives it the same form (`schema/FORMAT.md`, `member_shapes`); a key is judged
//! only in an object that also holds a right key, or when the key is itself a member of the service (a
//! name from another structure). Values of a type that nests itself (DynamoDB's `AttributeValue`,
//! where the document clients write plain values) are never judged, nor are templates, policies and
//! state machines (`unknown_parameter::check` leaves them out before calling this).

use super::*;
use crate::schema::operations::{MemberShape, OperationIndex};

/// One token of a JSON document, a Python or JavaScript literal, or a call's argument list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    /// A quoted string; the range is its content, without the quotes.
    Str,
    Ident,
    Punct(u8),
}

/// The tokens of `s` with their ranges: strings, identifiers and `{}[]():=,`; numbers, operators and
/// comments (`#`, `//`) are skipped. A string ends at its line's end when its quote never closes.
fn tokens(s: &str) -> Vec<(Token, Range<usize>)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != q && b[j] != b'\n' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                if end < b.len() && b[end] == q {
                    out.push((Token::Str, start..end));
                }
                i = end + 1;
            }
            b'#' => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p)
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p)
            }
            // `==`, `=>`, `!=`, `<=`: comparisons and arrows, not a keyword argument.
            b'=' if matches!(b.get(i + 1), Some(b'=' | b'>')) => i += 2,
            b'!' | b'<' | b'>' if b.get(i + 1) == Some(&b'=') => i += 2,
            p @ (b'{' | b'}' | b'[' | b']' | b'(' | b')' | b':' | b'=' | b',') => {
                out.push((Token::Punct(p), i..i + 1));
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$')
                {
                    i += 1;
                }
                out.push((Token::Ident, start..i));
            }
            _ => i += 1,
        }
    }
    out
}

/// What an open bracket's contents are expected to be.
#[derive(Clone, Debug)]
enum Expect<'a> {
    Nothing,
    /// An object of `member`'s value: its keys must be among `children`.
    Object {
        member: Member<'a>,
        entry: bool,
    },
    /// An object of free keys whose values are objects with `children`.
    Map(Member<'a>),
    /// A list whose objects have `children`.
    List(Member<'a>),
}

/// A member whose value holds objects, and the member names those objects have.
#[derive(Clone, Debug)]
struct Member<'a> {
    name: &'a str,
    /// The first service around the block that has it (for the message).
    service: &'a str,
    children: Vec<&'a str>,
}

struct Frame<'a> {
    open: u8,
    expect: Expect<'a>,
    /// The key (or keyword argument) whose value comes next.
    pending: Option<&'a str>,
    /// Inside a value of unknown shape: nothing in it is looked up.
    opaque: bool,
    /// How many keys the object holds.
    keys: usize,
    /// Whether the object holds a key its member allows.
    has_known: bool,
    /// Keys the member does not allow: judged when the object closes.
    unknown: Vec<Range<usize>>,
    /// The block is this object alone (its first token): a member's value may be shown by itself
    /// (`{"Variables": {…}}` for Lambda's `Environment`). Its keys, to tell which member it is.
    standalone: Option<Vec<Range<usize>>>,
}

pub(super) fn check<'t>(cx: &Context<'t>, region: &Region, out: &mut Vec<Finding>) {
    let s = &cx.text[region.range.clone()];
    // The caller has left out templates, policies and state machines.
    if !s.contains('{') || is_event(s) || is_command_output(s) {
        return;
    }
    let toks = tokens(s);
    // Keys followed by `:` (or, in a call, `=`) whose value opens an object or a list: without one
    // there is nothing to judge, and the services around need not be found.
    let opens_value = |k: usize| {
        matches!(toks.get(k + 1), Some((Token::Punct(b':' | b'='), _)))
            && matches!(toks.get(k + 2), Some((Token::Punct(b'{' | b'['), _)))
    };
    if !(0..toks.len()).any(|k| toks[k].0 != Token::Punct(b',') && opens_value(k)) {
        return;
    }
    let index = cx.schema.operations();
    let services = cx.services_around(region);
    // A block that is one object alone (a member's value shown by itself) says what it is in the
    // sentence that introduces it: "In the Lambda function configuration, set:". Only the
    // stand-alone reading takes services from there.
    let mut standalone_services = services.clone();
    if matches!(toks.first(), Some((Token::Punct(b'{'), _))) {
        if let Some(intro) = introduction(cx.text, region.range.start) {
            for found in index.services_in([intro]) {
                if !standalone_services.contains(&found) {
                    standalone_services.push(found);
                }
            }
        }
    }
    if standalone_services.is_empty() {
        return;
    }
    let shape_of = |name: &'t str| -> Option<(bool, Member<'t>)> {
        let shapes: Vec<(&str, MemberShape)> = services
            .iter()
            .map(|&i| &index.services[i as usize])
            .filter_map(|svc| Some((svc.name.as_str(), svc.member_shape(cx.schema, name)?)))
            .collect();
        let (service, first) = shapes.first()?;
        if shapes.iter().any(|(_, m)| m.map != first.map) {
            return None;
        }
        let mut children: Vec<&str> = shapes.iter().flat_map(|(_, m)| m.children()).collect();
        children.sort_unstable();
        children.dedup();
        Some((
            first.map,
            Member {
                name,
                service,
                children,
            },
        ))
    };
    // Judges a closed (or, at the end, unclosed) object; `alone`: it may be read as one object alone.
    let mut finish = |mut frame: Frame<'t>, alone: bool| {
        if !alone {
            frame.standalone = None;
        }
        let services = (services.as_slice(), standalone_services.as_slice());
        judge(cx, index, region, s, services, frame, out);
    };
    let mut stack: Vec<Frame> = Vec::new();
    for (k, (tok, range)) in toks.iter().enumerate() {
        let text = &s[range.clone()];
        match tok {
            Token::Punct(open @ (b'{' | b'[' | b'(')) => {
                let after_key = k >= 1 && matches!(toks[k - 1].0, Token::Punct(b':' | b'='));
                let expect = match stack.last() {
                    Some(parent) => expect_inside(parent, *open, after_key, &shape_of),
                    None => Expect::Nothing,
                };
                // A bracket opened as the value of a key whose shape is unknown holds data.
                let opaque = matches!(expect, Expect::Nothing)
                    && stack.last().is_some_and(|p| p.opaque || after_key);
                stack.push(Frame {
                    open: *open,
                    expect,
                    opaque,
                    pending: None,
                    has_known: false,
                    keys: 0,
                    unknown: Vec::new(),
                    standalone: (k == 0 && *open == b'{').then(Vec::new),
                });
            }
            Token::Punct(close @ (b'}' | b']' | b')')) => {
                let open = match close {
                    b'}' => b'{',
                    b']' => b'[',
                    _ => b'(',
                };
                // A stray bracket (a fragment, a template placeholder) closes nothing.
                let Some(at) = stack.iter().rposition(|f| f.open == open) else {
                    continue;
                };
                for frame in stack.drain(at..).rev() {
                    // "One object alone": nothing may follow it (JSON Lines, code after a literal).
                    finish(frame, k + 1 == toks.len());
                }
                if let Some(parent) = stack.last_mut() {
                    parent.pending = None;
                }
            }
            Token::Punct(b',') => {
                if let Some(frame) = stack.last_mut() {
                    frame.pending = None;
                }
            }
            Token::Str | Token::Ident => {
                let Some(frame) = stack.last_mut() else {
                    continue;
                };
                let sep = match frame.open {
                    b'{' => b':',
                    b'(' => b'=',
                    _ => continue,
                };
                if toks.get(k + 1).map(|t| t.0) != Some(Token::Punct(sep))
                    || (frame.open == b'(' && *tok != Token::Ident)
                {
                    continue;
                }
                frame.pending = Some(text);
                frame.keys += 1;
                if let Some(keys) = &mut frame.standalone {
                    keys.push(range.clone());
                }
                if let Expect::Object { member, .. } = &frame.expect {
                    if member.children.binary_search(&text).is_ok() {
                        frame.has_known = true;
                    } else if is_member_like(text) {
                        frame.unknown.push(range.clone());
                    }
                }
            }
            Token::Punct(_) => {}
        }
    }
    while let Some(frame) = stack.pop() {
        // An object never closed is a fragment, not one object alone.
        finish(frame, false);
    }
}

/// What a bracket opened inside `parent` holds.
fn expect_inside<'a>(
    parent: &Frame<'a>,
    open: u8,
    after_key: bool,
    shape_of: &dyn Fn(&'a str) -> Option<(bool, Member<'a>)>,
) -> Expect<'a> {
    match (&parent.expect, open) {
        // The value of one entry of a map: an object, or a list of them.
        (Expect::Map(member), b'{') if after_key => Expect::Object {
            member: member.clone(),
            entry: true,
        },
        (Expect::Map(member), b'[') if after_key => Expect::List(member.clone()),
        (Expect::List(member), b'{') => Expect::Object {
            member: member.clone(),
            entry: false,
        },
        (Expect::Map(_) | Expect::List(_), _) => Expect::Nothing,
        // The value of a key nothing is known about (an item's own attributes, a program's data): its
        // keys are data, not members.
        (Expect::Nothing, _) if parent.opaque => Expect::Nothing,
        _ => {
            let Some(name) = parent
                .pending
                .filter(|n| after_key && n.starts_with(|c: char| c.is_ascii_uppercase()))
            else {
                return Expect::Nothing;
            };
            match (shape_of(name), open) {
                (Some((false, member)), b'{') => Expect::Object {
                    member,
                    entry: false,
                },
                (Some((false, member)), b'[') => Expect::List(member),
                (Some((true, member)), b'{') => Expect::Map(member),
                _ => Expect::Nothing,
            }
        }
    }
}

/// The line right above a code block's opening fence when it ends with a colon: the sentence that
/// says what the block is ("In the Lambda function configuration, set:", often a list item's text).
/// Not across a blank line: the analysis reads one chunk, and a blank line ends it.
fn introduction(text: &str, block_start: usize) -> Option<&str> {
    // The block's text starts after the fence line (and after a list item's indentation).
    let fence_end = text.get(..block_start)?.rfind('\n')?;
    let fence_start = text[..fence_end].rfind('\n').map_or(0, |i| i + 1);
    // An indented code block has no fence line: the line above is then another one.
    let fence = text[fence_start..fence_end].trim_start();
    if !(fence.starts_with("```") || fence.starts_with("~~~")) {
        return None;
    }
    let above = text[..fence_start].strip_suffix('\n')?;
    let line = above[above.rfind('\n').map_or(0, |i| i + 1)..].trim_end();
    line.ends_with(':').then_some(line)
}

/// A Lambda event (`Records`, `eventSource`, EventBridge's `detail-type`, API Gateway's
/// `requestContext`): the formats events arrive in are their own, not the API's structures.
fn is_event(s: &str) -> bool {
    [
        "\"Records\"",
        "\"eventSource",
        "\"EventSource\"",
        "\"detail-type\"",
        "\"requestContext\"",
    ]
    .iter()
    .any(|k| s.contains(k))
}

/// A command followed by what it printed (`$ aws lambda publish-layer-version …` then `{`), or an SDK
/// response as printed (boto3's `ResponseMetadata`): a response, which may hold fields the model does
/// not list.
fn is_command_output(s: &str) -> bool {
    if s.contains("ResponseMetadata") {
        return true;
    }
    let mut command = false;
    for line in s.lines() {
        let line = line.trim_start();
        if line.starts_with(['{', '[']) {
            return command;
        }
        let line = line.rsplit_once("$ ").map_or(line, |(_, cmd)| cmd);
        command |= line.starts_with("aws ");
    }
    false
}

/// A key that could be an API member name: a PascalCase identifier (not `:value`, a
/// `${placeholder}`, `<Name>`, or a camelCase key of an event or a program's own data).
fn is_member_like(key: &str) -> bool {
    key.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Reports the keys an object's member does not allow, when the object is one of that member's (it
/// holds a right key) or a key is a member of another of the service's structures.
fn judge(
    cx: &Context,
    index: &OperationIndex,
    region: &Region,
    s: &str,
    (services, standalone_services): (&[u32], &[u32]),
    frame: Frame,
    out: &mut Vec<Finding>,
) {
    if let Some(keys) = &frame.standalone {
        return judge_standalone(cx, index, region, s, standalone_services, keys, out);
    }
    let Expect::Object { member, entry } = frame.expect else {
        return;
    };
    // One key out of place beside right ones, or an object of one key that belongs to another of
    // the service's structures: more unknown keys say the object is something else (an event, a
    // response of another API, another service's structure of the same name).
    let [range] = &frame.unknown[..] else {
        return;
    };
    if !frame.has_known && frame.keys != 1 {
        return;
    }
    let key = &s[range.clone()];
    // A name of another of the service's structures (`S` of an attribute value) is in the wrong
    // place even in an object holding no right key.
    let elsewhere = is_service_member(cx, index, services, key);
    if (!frame.has_known && !elsewhere) || cx.is_accepted_word(key) {
        return;
    }
    let place = if entry {
        format!("an entry of `{}`", member.name)
    } else {
        format!("`{}`", member.name)
    };
    report(region, range, key, &member, &place, out);
}

/// Whether `key` is a member of any structure of the services around.
fn is_service_member(cx: &Context, index: &OperationIndex, services: &[u32], key: &str) -> bool {
    services.iter().any(|&i| {
        index.services[i as usize]
            .members(cx.schema)
            .binary_search_by(|m| m.as_str().cmp(key))
            .is_ok()
    })
}

/// Whether `key` is a misspelling of a member of the services around (`ReturnValue` in an
/// `UpdateItem` request): the misspelling reading of `unknown-parameter` reports it with its
/// suggestion, and the object is a request, not the member value it would be read as.
fn near_service_member(cx: &Context, index: &OperationIndex, services: &[u32], key: &str) -> bool {
    let query = crate::schema::DistanceQuery::new(key);
    let max = max_edits(key);
    services.iter().any(|&i| {
        index.services[i as usize]
            .names_near_length(cx.schema, false, key.len(), max)
            .any(|m| query.distance(m, max).is_some())
    })
}

/// How many edits make a key a misspelling of a member: two for long names.
fn max_edits(key: &str) -> usize {
    if key.len() >= 10 {
        2
    } else {
        1
    }
}

/// Whether `key` is a property of a CloudFormation resource type of one of the services
/// (`PlacementGroupName` of `AWS::EC2::Instance`): a resource's `Properties` pasted without its
/// template use names of their own.
fn is_cfn_property(cx: &Context, index: &OperationIndex, services: &[u32], key: &str) -> bool {
    let namespaces: Vec<String> = services
        .iter()
        .flat_map(|&i| {
            let svc = &index.services[i as usize];
            [
                svc.prefix.to_ascii_lowercase(),
                svc.name.to_ascii_lowercase().replace(' ', ""),
            ]
        })
        .collect();
    cx.schema
        .of_kind_ids(crate::schema::Kind::CfnResourceType)
        .filter(|&id| {
            let (name, _) = cx.schema.name_and_full_name(id);
            name.split("::")
                .nth(1)
                .is_some_and(|ns| namespaces.contains(&ns.to_ascii_lowercase()))
        })
        .any(|id| {
            cx.schema
                .entry(id)
                .properties
                .get()
                .iter()
                .any(|p| p == key)
        })
}

/// A block that is one object alone, all of whose keys but one belong to exactly one member's value
/// of the services around (`{"Variables": {}, "Secrets": […]}` under a Lambda heading is an
/// `Environment`): the one other key, a member of none of the services' structures, is out of place.
/// Every key must look like a member (PascalCase): an object of a program's or a tool's own keys is
/// not an API value.
fn judge_standalone(
    cx: &Context,
    index: &OperationIndex,
    region: &Region,
    s: &str,
    services: &[u32],
    keys: &[Range<usize>],
    out: &mut Vec<Finding>,
) {
    if keys.len() < 2 || !keys.iter().all(|r| is_member_like(&s[r.clone()])) {
        return;
    }
    // The members whose value holds all the keys but one.
    let mut found: Option<(Member, &Range<usize>)> = None;
    for &i in services {
        let svc = &index.services[i as usize];
        for (name, shape) in svc.member_shapes(cx.schema) {
            if shape.map {
                continue;
            }
            let children: Vec<&str> = shape.children().collect();
            let mut outside = keys
                .iter()
                .filter(|r| !children.contains(&&s[(*r).clone()]));
            let (Some(odd), None) = (outside.next(), outside.next()) else {
                continue;
            };
            if let Some((seen, _)) = &found {
                // Two members fit (of two services, or two names of one service): which one the
                // object is, is unknown.
                if seen.children != children || seen.name != name {
                    return;
                }
                continue;
            }
            found = Some((
                Member {
                    name,
                    service: svc.name.as_str(),
                    children,
                },
                odd,
            ));
        }
    }
    let Some((member, range)) = found else {
        return;
    };
    let key = &s[range.clone()];
    if is_service_member(cx, index, services, key)
        || near_service_member(cx, index, services, key)
        || is_cfn_property(cx, index, services, key)
        || cx.is_accepted_word(key)
    {
        return;
    }
    let place = format!("`{}` (read from the object's other keys)", member.name);
    report(region, range, key, &member, &place, out);
}

/// The finding: `key` is not a member of `place`, with what the member has and the names near `key`.
fn report(
    region: &Region,
    range: &Range<usize>,
    key: &str,
    member: &Member,
    place: &str,
    out: &mut Vec<Finding>,
) {
    let children = &member.children;
    let query = crate::schema::DistanceQuery::new(key);
    let max = max_edits(key);
    let best: Vec<String> = children
        .iter()
        .filter(|c| query.distance(c, max).is_some())
        .take(3)
        .map(|c| c.to_string())
        .collect();
    let listed = children
        .iter()
        .take(6)
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>();
    let more = if children.len() > 6 { ", …" } else { "" };
    let message = format!(
        "`{key}` is not a member of {place} in the {} API (it has {}{more}){}",
        member.service,
        listed.join(", "),
        did_you_mean(&best)
    );
    let abs = region.range.start + range.start..region.range.start + range.end;
    out.push(Finding::new(
        RuleId::UnknownParameter,
        abs,
        message,
        best,
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::{tokens, Token};

    #[test]
    fn tokens_of_json_and_python() {
        let s = "f(A={\"k\": 'v'}, b == 1) # {\n// x\n[\"open";
        let kinds: Vec<(Token, &str)> = tokens(s).into_iter().map(|(t, r)| (t, &s[r])).collect();
        assert_eq!(
            kinds,
            vec![
                (Token::Ident, "f"),
                (Token::Punct(b'('), "("),
                (Token::Ident, "A"),
                (Token::Punct(b'='), "="),
                (Token::Punct(b'{'), "{"),
                (Token::Str, "k"),
                (Token::Punct(b':'), ":"),
                (Token::Str, "v"),
                (Token::Punct(b'}'), "}"),
                (Token::Punct(b','), ","),
                (Token::Ident, "b"),
                (Token::Punct(b')'), ")"),
                (Token::Punct(b'['), "["),
            ]
        );
    }
}
