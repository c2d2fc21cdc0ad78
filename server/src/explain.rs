//! What the schema knows about a name, as Markdown (for `awsnotes explain` and hovers) or JSON.
use crate::schema::{describe_source, Entry, Kind, Schema};

/// Entries a name refers to: exact kinds first, then IAM `prefix:Action`.
pub fn find<'a>(schema: &'a Schema, name: &str) -> Vec<Found<'a>> {
    let mut out: Vec<Found> = schema
        .lookup_any(name)
        .into_iter()
        .map(Found::Entry)
        .collect();
    if let Some((prefix, action)) = name.split_once(':') {
        if let Some(svc) = schema.iam(prefix) {
            if let Some(a) = svc.action(action) {
                out.push(Found::IamAction {
                    service: svc.service,
                    action: a,
                });
            } else if svc.is_condition_key(name) {
                out.push(Found::ConditionKey {
                    service: svc.service,
                    key: name.to_string(),
                });
            }
        }
    }
    out
}

/// [`find`], plus the API names (operations, parameters, enumeration values) of every service: for
/// `awsnotes explain`. Hovers skip this part: it decodes every service's names.
pub fn find_with_api_names<'a>(schema: &'a Schema, name: &str) -> Vec<Found<'a>> {
    let mut out = find(schema, name);
    // A name with punctuation that the schema already explains (a Region, an IAM action) would only
    // repeat itself as an enumeration value of a dozen APIs.
    let identifier = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if out.is_empty() || identifier {
        out.extend(api_name(schema, name));
    }
    out
}

/// The services whose API has `name` as an operation, a parameter or attribute, or an enumeration
/// value.
fn api_name<'a>(schema: &'a Schema, name: &str) -> Option<Found<'a>> {
    // Enumeration values hold punctuation (`s3:ObjectCreated:Put`, `ml.m5.large`, `us-east-1`), so any
    // printable ASCII name is looked up; one substring search rules out most names before any service's
    // lists are decoded.
    let printable = name.bytes().all(|b| b.is_ascii_graphic());
    if name.len() < 2 || !printable || !schema.knows_string(name) {
        return None;
    }
    let has = |list: &[String]| list.binary_search_by(|m| m.as_str().cmp(name)).is_ok();
    let index = schema.operations();
    let mut uses = Vec::new();
    for svc in &index.services {
        let mut roles: Vec<String> = Vec::new();
        if has(svc.ops(schema)) {
            roles.push("operation".into());
        }
        if has(svc.members(schema)) {
            // What a request's value for it holds, when every structure agrees (`KeyConditions`).
            roles.push(match svc.member_shape(schema, name) {
                Some(shape) => {
                    let children: Vec<String> = shape.children().map(String::from).collect();
                    let what = if shape.map {
                        "names mapped to objects with"
                    } else {
                        "an object, or a list of objects, with"
                    };
                    format!(
                        "parameter or attribute (its value: {what} {})",
                        list(&children, 8)
                    )
                }
                None => "parameter or attribute".into(),
            });
        }
        if has(svc.enum_values(schema)) {
            roles.push("enumeration value".into());
        }
        if !roles.is_empty() {
            uses.push((schema.entry(svc.entry), roles));
        }
    }
    (!uses.is_empty()).then(|| Found::ApiName {
        name: name.to_string(),
        uses,
    })
}

pub enum Found<'a> {
    Entry(&'a Entry),
    /// A name in services' APIs, with what it is in each (`operation`, `parameter or attribute`,
    /// `enumeration value`).
    ApiName {
        name: String,
        uses: Vec<(&'a Entry, Vec<String>)>,
    },
    IamAction {
        service: &'a Entry,
        action: &'a crate::schema::IamAction,
    },
    /// A service's IAM condition key (`dynamodb:LeadingKeys`), as written (the index keeps no case).
    ConditionKey {
        service: &'a Entry,
        key: String,
    },
}

fn list(items: &[String], max: usize) -> String {
    let mut s = items
        .iter()
        .take(max)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        s.push_str(&format!(" and {} more", items.len() - max));
    }
    s
}

/// Markdown description of one finding target.
pub fn markdown(found: &Found) -> String {
    match found {
        Found::IamAction { service, action } => {
            let mut s = format!(
                "**{}:{}** — IAM action of {}\n\n",
                service.name,
                action.name,
                service.doc.as_deref().unwrap_or(&service.name)
            );
            if let Some(a) = &action.access {
                s.push_str(&format!("- Access level: {a}\n"));
            }
            if !action.resources.is_empty() {
                s.push_str(&format!(
                    "- Resource types: {}\n",
                    list(&action.resources.get(), 8)
                ));
            }
            s.push_str(&format!("\nSource: `{}`\n", describe_source(service)));
            s
        }
        Found::ConditionKey { service, key } => format!(
            "**{key}** — IAM condition key of {}\n\nUsed in a policy's `Condition` element, not as an action.\n\nSource: `{}`\n",
            service.doc.as_deref().unwrap_or(&service.name),
            describe_source(service)
        ),
        Found::Entry(e) => markdown_entry(e),
        Found::ApiName { name, uses } => {
            let mut s = format!("**{name}** — a name in AWS service APIs\n\n");
            for (service, roles) in uses.iter().take(12) {
                s.push_str(&format!("- {}", service.name));
                if let Some(f) = &service.full_name {
                    s.push_str(&format!(" ({f})"));
                }
                s.push_str(&format!(": {}\n", roles.join(", ")));
            }
            if uses.len() > 12 {
                s.push_str(&format!("- and {} more services\n", uses.len() - 12));
            }
            if let Some((service, _)) = uses.first() {
                s.push_str(&format!("\nSource: `{}`\n", describe_source(service)));
            }
            s
        }
    }
}

pub fn markdown_entry(e: &Entry) -> String {
    let mut s = format!("**{}** — {}\n\n", e.name, e.kind.describe());
    if let Some(d) = &e.doc {
        s.push_str(d);
        s.push_str("\n\n");
    }
    match e.kind {
        Kind::ErrorCode => {
            for v in &e.variants {
                let status = v
                    .http_status
                    .map(|h| format!("HTTP {h}"))
                    .unwrap_or_else(|| "HTTP status unspecified in the model".into());
                let fault = v.fault.as_deref().unwrap_or("client");
                s.push_str(&format!(
                    "- {}: {status}, {fault} fault",
                    v.service.as_deref().unwrap_or("?")
                ));
                if !v.operations.is_empty() {
                    s.push_str(&format!("; returned by {}", list(&v.operations.get(), 5)));
                }
                s.push('\n');
            }
        }
        Kind::Header => {
            if e.is_prefix_header() {
                s.push_str("- Prefix header: any name starting with it is valid\n");
            }
            // One line per (service, member): request and response shapes repeat the same header.
            let mut groups: Vec<(String, String, Vec<String>, Vec<String>)> = Vec::new();
            for v in &e.variants {
                let service = v.service.clone().unwrap_or_else(|| "?".into());
                let member = v.member.clone().unwrap_or_else(|| "?".into());
                let ops = v.operations.get();
                match groups.iter_mut().find(|g| g.0 == service && g.1 == member) {
                    Some(g) => {
                        for o in ops {
                            if !g.3.contains(&o) {
                                g.3.push(o);
                            }
                        }
                        for val in &v.values {
                            if !g.2.contains(val) {
                                g.2.push(val.clone());
                            }
                        }
                    }
                    None => groups.push((service, member, v.values.clone(), ops)),
                }
            }
            for (service, member, values, ops) in groups.iter().take(6) {
                s.push_str(&format!("- {service}: `{member}`"));
                if !values.is_empty() {
                    s.push_str(&format!(", allowed values {}", list(values, 10)));
                }
                if !ops.is_empty() {
                    s.push_str(&format!("; used by {}", list(ops, 4)));
                }
                s.push('\n');
            }
            if groups.len() > 6 {
                s.push_str(&format!("- and {} more services\n", groups.len() - 6));
            }
        }
        Kind::EnvVar => {
            if let Some(d) = &e.default {
                s.push_str(&format!("- Default: `{d}`\n"));
            }
            if !e.applies_to.is_empty() {
                s.push_str(&format!("- Applies to: {}\n", e.applies_to.join(", ")));
            }
            if let Some(k) = &e.config_key {
                s.push_str(&format!("- Config file key: `{k}`\n"));
            }
        }
        Kind::LambdaRuntime => {
            for (label, v) in [
                ("Deprecated", &e.deprecated),
                ("Create blocked", &e.block_create),
                ("Update blocked", &e.block_update),
            ] {
                if let Some(v) = v {
                    s.push_str(&format!("- {label}: {v}\n"));
                }
            }
            if let Some(succ) = &e.successor {
                s.push_str(&format!("- Successor: `{succ}`\n"));
            }
            if !e.sources.is_empty() {
                s.push_str(&format!("- Listed by: {}\n", e.sources.join(", ")));
            }
        }
        Kind::Claim => {
            match (e.verdict.as_deref(), e.date.as_deref()) {
                (Some("outdated"), Some(d)) => {
                    s.push_str(&format!("- Verdict: outdated since {d}\n"))
                }
                (Some(v), _) => s.push_str(&format!("- Verdict: {v}\n")),
                _ => {}
            }
            if let Some(svc) = &e.service {
                s.push_str(&format!("- Service: {svc}\n"));
            }
        }
        Kind::Limit => {
            let unit = e.unit.as_deref().unwrap_or("");
            if let Some(v) = e.value {
                s.push_str(&format!(
                    "- {}: {v} {unit}\n",
                    e.bound.as_deref().unwrap_or("value")
                ));
            }
            if let Some(m) = e.min {
                s.push_str(&format!("- minimum: {m} {unit}\n"));
            }
            if let Some(a) = e.adjustable {
                s.push_str(&format!("- Adjustable: {}\n", if a { "yes" } else { "no" }));
            }
            for v in &e.stated_as {
                s.push_str(&format!(
                    "- Also stated as: {} {}\n",
                    v.value,
                    v.unit.as_deref().unwrap_or(unit)
                ));
            }
            for h in &e.history {
                let when = match (&h.until, &h.stated_in) {
                    (Some(until), _) => format!("until {until}"),
                    (None, Some(url)) => {
                        format!("earlier (stated in {url}; date of the change not published)")
                    }
                    (None, None) => "earlier".to_string(),
                };
                s.push_str(&format!(
                    "- Was {} {} {when}\n",
                    h.value,
                    h.unit.as_deref().unwrap_or(unit),
                ));
            }
        }
        Kind::Service => {
            if let Some(f) = &e.full_name {
                s.push_str(&format!("- Full name: {f}\n"));
            }
            if let Some(p) = &e.endpoint_prefix {
                s.push_str(&format!("- Endpoint prefix: `{p}`\n"));
            }
            if let Some(v) = &e.api_version {
                s.push_str(&format!(
                    "- API version: {v}, protocol {}\n",
                    e.protocol.as_deref().unwrap_or("?")
                ));
            }
            s.push_str(&format!("- Operations: {}\n", e.operations.get().len()));
        }
        Kind::ServiceName => {
            if let Some(f) = &e.full_name {
                s.push_str(&format!("- Official name: {f}\n"));
            }
            if !e.aliases.is_empty() {
                s.push_str(&format!("- Also written: {}\n", list(&e.aliases, 6)));
            }
        }
        Kind::RetiredService => {
            if let Some(st) = &e.status {
                s.push_str(&format!("- Status: {st}"));
                if let Some(d) = &e.date {
                    s.push_str(&format!(" ({d})"));
                }
                s.push('\n');
            }
            if let Some(succ) = &e.successor {
                s.push_str(&format!("- Successor: {succ}\n"));
            }
        }
        Kind::CfnResourceType => {
            s.push_str(&format!(
                "- Properties: {}\n",
                list(&e.properties.get(), 12)
            ));
            if !e.attributes.is_empty() {
                s.push_str(&format!(
                    "- Attributes (Fn::GetAtt): {}\n",
                    list(&e.attributes.get(), 8)
                ));
            }
        }
        Kind::IamService => {
            s.push_str(&format!("- Actions: {}\n", e.actions.len()));
        }
        Kind::Region => {
            if let Some(p) = &e.partition {
                s.push_str(&format!("- Partition: `{p}`\n"));
            }
        }
        Kind::CodedeployConfig => {
            if let Some(p) = &e.platform {
                s.push_str(&format!("- Compute platform: {p}\n"));
            }
        }
        Kind::GatewayResponse => {
            let st = e
                .http_status
                .map(|h| h.to_string())
                .unwrap_or_else(|| "none (a default type)".into());
            s.push_str(&format!("- Default status: {st}\n"));
        }
        Kind::Enum => {
            s.push_str(&format!("- Values: {}\n", list(&e.values, 40)));
        }
        _ => {}
    }
    if let Some(u) = &e.url {
        s.push_str(&format!("\n[AWS documentation]({u})\n"));
    }
    s.push_str(&format!("\nSource: `{}`\n", describe_source(e)));
    s
}

pub fn json(found: &Found) -> serde_json::Value {
    match found {
        Found::Entry(e) => serde_json::to_value(e).unwrap_or_default(),
        Found::ApiName { name, uses } => serde_json::json!({
            "kind": "api-name",
            "name": name,
            "services": uses.iter().map(|(service, roles)| serde_json::json!({
                "service": service.name,
                "full_name": service.full_name,
                "as": roles,
            })).collect::<Vec<_>>(),
            "source": uses.first().map(|(service, _)| describe_source(service)),
        }),
        Found::IamAction { service, action } => serde_json::json!({
            "kind": "iam-action",
            "name": format!("{}:{}", service.name, action.name),
            "service": service.doc,
            "access": action.access,
            "resources": action.resources,
            "source": service.source,
        }),
        Found::ConditionKey { service, key } => serde_json::json!({
            "kind": "iam-condition-key",
            "name": key,
            "service": service.doc,
            "source": service.source,
        }),
    }
}
