//! The in-memory shape of a schema file (see `schema/FORMAT.md`). One flat `Entry` type holds every
//! kind's fields: the kinds share most of them, and a flat struct deserialises fast.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A list of names kept as raw JSON until someone asks for it. Most of the schema's bulk (operations per
/// error, properties per resource type, resources per IAM action) is only read by `explain` and hover;
/// not decoding it at load time keeps start-up fast and memory small. A service's API name lists come
/// from the compiled schema as lines instead (`compiled::NameList`), which need no JSON parsing.
#[derive(Debug, Clone, Default)]
pub struct LazyList(Lazy);

#[derive(Debug, Clone, Default)]
enum Lazy {
    #[default]
    Empty,
    Json(Box<RawValue>),
    /// Items joined by `\n` (no item is empty or holds a line break: see [`LazyList::as_lines`]).
    Lines(Box<str>),
}

impl LazyList {
    pub fn get(&self) -> Vec<String> {
        match &self.0 {
            Lazy::Empty => Vec::new(),
            Lazy::Json(r) => serde_json::from_str(r.get()).unwrap_or_default(),
            Lazy::Lines(t) => t.split('\n').map(String::from).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Lazy::Empty => true,
            Lazy::Json(r) => r
                .get()
                .trim_start_matches('[')
                .trim_start()
                .starts_with(']'),
            Lazy::Lines(t) => t.is_empty(),
        }
    }

    pub fn from_vec(items: &[String]) -> LazyList {
        LazyList(serde_json::value::to_raw_value(items).map_or(Lazy::Empty, Lazy::Json))
    }

    /// The list from its items joined by line breaks (what [`LazyList::as_lines`] gave).
    pub fn from_lines(text: &str) -> LazyList {
        LazyList(match text {
            "" => Lazy::Empty,
            t => Lazy::Lines(t.into()),
        })
    }

    /// The items joined by line breaks, when that loses nothing: a non-empty list of non-empty items
    /// without line breaks.
    pub fn as_lines(&self) -> Option<String> {
        let items = self.get();
        (!items.is_empty() && items.iter().all(|i| !i.is_empty() && !i.contains('\n')))
            .then(|| items.join("\n"))
    }
}

impl<'de> Deserialize<'de> for LazyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        if !raw.get().trim_start().starts_with('[') {
            return Err(serde::de::Error::custom("expected a list of strings"));
        }
        Ok(LazyList(Lazy::Json(raw)))
    }
}

impl Serialize for LazyList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Lazy::Json(raw) => raw.serialize(s),
            Lazy::Lines(t) => s.collect_seq(t.split('\n')),
            Lazy::Empty => Vec::<String>::new().serialize(s),
        }
    }
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Service,
    ErrorCode,
    Header,
    Enum,
    Partition,
    Region,
    EnvVar,
    CfnResourceType,
    IamService,
    CfnIntrinsic,
    CfnPseudoParameter,
    CfnTransform,
    CfnMetadataKey,
    CfnParameterType,
    CfnResourceAttribute,
    CfnTemplateSection,
    IamPolicyVersion,
    IamPolicyElement,
    LambdaRuntime,
    CodedeployConfig,
    AppspecHook,
    GatewayResponse,
    ServiceName,
    RetiredService,
    Limit,
    /// A well-known claim about a service that is wrong or outdated (`outdated-claim`).
    Claim,
    /// A kind this build does not know (a newer schema file): kept, never matched.
    #[serde(other)]
    #[default]
    Other,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Service,
        Kind::ErrorCode,
        Kind::Header,
        Kind::Enum,
        Kind::Partition,
        Kind::Region,
        Kind::EnvVar,
        Kind::CfnResourceType,
        Kind::IamService,
        Kind::CfnIntrinsic,
        Kind::CfnPseudoParameter,
        Kind::CfnTransform,
        Kind::CfnMetadataKey,
        Kind::CfnParameterType,
        Kind::CfnResourceAttribute,
        Kind::CfnTemplateSection,
        Kind::IamPolicyVersion,
        Kind::IamPolicyElement,
        Kind::LambdaRuntime,
        Kind::CodedeployConfig,
        Kind::AppspecHook,
        Kind::GatewayResponse,
        Kind::ServiceName,
        Kind::RetiredService,
        Kind::Limit,
        Kind::Claim,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::ErrorCode => "error-code",
            Kind::Header => "header",
            Kind::Enum => "enum",
            Kind::Partition => "partition",
            Kind::Region => "region",
            Kind::EnvVar => "env-var",
            Kind::CfnResourceType => "cfn-resource-type",
            Kind::IamService => "iam-service",
            Kind::CfnIntrinsic => "cfn-intrinsic",
            Kind::CfnPseudoParameter => "cfn-pseudo-parameter",
            Kind::CfnTransform => "cfn-transform",
            Kind::CfnMetadataKey => "cfn-metadata-key",
            Kind::CfnParameterType => "cfn-parameter-type",
            Kind::CfnResourceAttribute => "cfn-resource-attribute",
            Kind::CfnTemplateSection => "cfn-template-section",
            Kind::IamPolicyVersion => "iam-policy-version",
            Kind::IamPolicyElement => "iam-policy-element",
            Kind::LambdaRuntime => "lambda-runtime",
            Kind::CodedeployConfig => "codedeploy-config",
            Kind::AppspecHook => "appspec-hook",
            Kind::GatewayResponse => "gateway-response",
            Kind::ServiceName => "service-name",
            Kind::RetiredService => "retired-service",
            Kind::Limit => "limit",
            Kind::Claim => "claim",
            Kind::Other => "other",
        }
    }

    /// Human words for messages and hovers.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Service => "AWS service (API model)",
            Kind::ErrorCode => "AWS error code",
            Kind::Header => "HTTP header",
            Kind::Enum => "API enumeration",
            Kind::Partition => "AWS partition",
            Kind::Region => "AWS Region",
            Kind::EnvVar => "environment variable",
            Kind::CfnResourceType => "CloudFormation resource type",
            Kind::IamService => "IAM service prefix",
            Kind::CfnIntrinsic => "CloudFormation intrinsic function",
            Kind::CfnPseudoParameter => "CloudFormation pseudo parameter",
            Kind::CfnTransform => "CloudFormation transform",
            Kind::CfnMetadataKey => "CloudFormation metadata key",
            Kind::CfnParameterType => "CloudFormation parameter type",
            Kind::CfnResourceAttribute => "CloudFormation resource attribute",
            Kind::CfnTemplateSection => "CloudFormation template section",
            Kind::IamPolicyVersion => "IAM policy language version",
            Kind::IamPolicyElement => "IAM policy element",
            Kind::LambdaRuntime => "Lambda runtime",
            Kind::CodedeployConfig => "CodeDeploy deployment configuration",
            Kind::AppspecHook => "CodeDeploy AppSpec lifecycle hook",
            Kind::GatewayResponse => "API Gateway gateway response type",
            Kind::ServiceName => "AWS service name",
            Kind::RetiredService => "retired or renamed AWS service",
            Kind::Limit => "AWS limit or quota",
            Kind::Claim => "claim about an AWS service",
            Kind::Other => "schema entry",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Source {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

impl Source {
    /// One line for humans: `botocore 1.35.0 (data/…)` or `https://… (as of 2026-11-26)`.
    pub fn describe(&self) -> String {
        match (&self.package, &self.url) {
            (Some(p), _) => {
                let mut s = p.clone();
                if let Some(v) = &self.version {
                    s.push(' ');
                    s.push_str(v);
                }
                if let Some(path) = &self.path {
                    s.push_str(&format!(" ({path})"));
                }
                s
            }
            (None, Some(u)) => match &self.as_of {
                Some(d) => format!("{u} (as of {d})"),
                None => u.clone(),
            },
            (None, None) => "unknown source".to_string(),
        }
    }
}

/// `prefix` is a string for `service-name` ("Amazon") and a bool for prefix `header`s.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum PrefixField {
    Flag(bool),
    Text(String),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Variant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `None` both when absent and when `null`: the model does not specify a status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub operations: LazyList,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IamAction {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub resources: LazyList,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct HistoryPoint {
    pub value: f64,
    /// ISO date on which this value stopped being true; `None` when AWS has not published it (then
    /// `stated_in` says where AWS stated the value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// An AWS page (or an archived copy of one) that stated this value, for a change without a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_in: Option<String>,
    /// The unit AWS stated this value in, when it is not the limit's (S3's old "5 TB" beside "5 TiB").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// A value AWS also states for a limit today: a number in the limit's unit, or `{value, unit}` in another
/// unit (S3's 48.8 TiB is also stated as "50 TB" and "53.7 TB").
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(from = "StatedRepr", into = "StatedRepr")]
pub struct StatedValue {
    pub value: f64,
    pub unit: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(untagged)]
enum StatedRepr {
    Plain(f64),
    WithUnit { value: f64, unit: String },
}

impl From<StatedRepr> for StatedValue {
    fn from(r: StatedRepr) -> Self {
        match r {
            StatedRepr::Plain(value) => StatedValue { value, unit: None },
            StatedRepr::WithUnit { value, unit } => StatedValue {
                value,
                unit: Some(unit),
            },
        }
    }
}

impl From<StatedValue> for StatedRepr {
    fn from(v: StatedValue) -> Self {
        match v.unit {
            None => StatedRepr::Plain(v.value),
            Some(unit) => StatedRepr::WithUnit {
                value: v.value,
                unit,
            },
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Entry {
    pub kind: Kind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,

    // service, service-name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub operations: LazyList,
    /// Parameter and attribute names of the service's API (members of its structures).
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub members: LazyList,
    /// Enumeration values of the service's API (`KEYS_ONLY`).
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub enum_values: LazyList,
    /// What the objects in a member's value may hold: "KeyConditions map AttributeValueList,…",
    /// "Environment obj Error,Variables" (`schema/FORMAT.md`), for `unknown-parameter`'s nested keys.
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub member_shapes: LazyList,
    /// The service's AWS CLI commands: "dynamodb get-item … key* … table-name*" (the CLI's service name,
    /// the command, then its options without their dashes, a required one marked `*`).
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub cli_options: LazyList,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<PrefixField>,

    // error-code, header
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,

    // enum, region, partition
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_suffix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_regex: Option<String>,

    // env-var
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_key: Option<String>,

    // cfn-resource-type
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub properties: LazyList,
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub attributes: LazyList,
    #[serde(default, skip_serializing_if = "LazyList::is_empty")]
    pub regions: LazyList,

    // iam-service
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<IamAction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_of: Option<String>,

    // lambda-runtime
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_create: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_update: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,

    // codedeploy-config, appspec-hook, gateway-response
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,

    // retired-service
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The AWS CLI service names that reach only this service (`aws kinesisanalytics …`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cli: Vec<String>,

    // limit
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub match_groups: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustable: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryPoint>,
    /// Other values AWS states for the same limit today, in `unit` or their own (S3's "50 TB" for
    /// 48.8 TiB).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated_as: Vec<StatedValue>,
    /// Phrases that mean a sentence is about something else (`extended client library`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,

    // claim
    /// Words one of which a sentence must contain before its claim patterns are tried (the cheap
    /// prefilter; case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
    /// Phrases naming what the claim is about (whole words, case-insensitive): one must be in the
    /// sentence, a heading above it or the previous sentence of its paragraph. Empty: the claim patterns
    /// name it themselves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject: Vec<String>,
    /// Regular expressions over the lowercased sentence, any of which states the claim; a group named
    /// `span` narrows the finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claim: Vec<String>,
    /// Regular expressions over the lowercased sentence, any of which means the sentence is right,
    /// historical or about something else: it is not judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guards: Vec<String>,
    /// `outdated` (right once, until `date`) or `wrong` (never right).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SchemaFile {
    pub format_version: u32,
    #[serde(default)]
    pub source: Option<Source>,
    pub entries: Vec<Entry>,
}

impl Entry {
    /// How many of the entry's variants name a service (an error code's owners).
    pub fn variant_services(&self) -> usize {
        self.variants.iter().filter(|v| v.service.is_some()).count()
    }

    /// The entry without the lists only ever read for this one entry (a service's operations,
    /// parameter names and enumeration values, a resource type's properties, attributes and Regions):
    /// most of a service's JSON (whether it has operations is a flag of the compiled entry). An index
    /// built over every entry of a kind decodes this summary (`Schema::summary_fields`); `None` when
    /// the entry has none of those lists (the summary is the entry).
    pub fn summary(&self) -> Option<Entry> {
        let bulky = [
            &self.operations,
            &self.members,
            &self.enum_values,
            &self.member_shapes,
            &self.cli_options,
            &self.properties,
            &self.attributes,
            &self.regions,
        ];
        if bulky.iter().all(|l| l.is_empty()) {
            return None;
        }
        Some(Entry {
            operations: LazyList::default(),
            members: LazyList::default(),
            enum_values: LazyList::default(),
            member_shapes: LazyList::default(),
            cli_options: LazyList::default(),
            properties: LazyList::default(),
            attributes: LazyList::default(),
            regions: LazyList::default(),
            ..self.clone()
        })
    }

    /// The service-name prefix ("Amazon", "AWS", "") when this is a `service-name` entry.
    pub fn brand_prefix(&self) -> Option<&str> {
        match &self.prefix {
            Some(PrefixField::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn is_prefix_header(&self) -> bool {
        matches!(self.prefix, Some(PrefixField::Flag(true)))
    }

    /// Merges a later entry of the same kind and name into this one: fields the later one sets win,
    /// lists are unioned. This is how curated facts refine generated ones and user files override both.
    pub fn merge_from(&mut self, other: Entry) {
        macro_rules! take_opt { ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* } }
        macro_rules! union_vec { ($($f:ident),*) => { $( for v in other.$f { if !self.$f.contains(&v) { self.$f.push(v); } } )* } }
        take_opt!(
            doc,
            url,
            source,
            as_of,
            full_name,
            abbreviation,
            endpoint_prefix,
            signing_name,
            protocol,
            api_version,
            service_id,
            prefix,
            service,
            partition,
            dns_suffix,
            region_regex,
            default,
            config_key,
            element_of,
            family,
            deprecated,
            block_create,
            block_update,
            successor,
            platform,
            http_status,
            status,
            date,
            unit,
            bound,
            value,
            min,
            adjustable,
            verdict
        );
        union_vec!(
            aliases,
            values,
            applies_to,
            condition_keys,
            sources,
            platforms,
            cli
        );
        macro_rules! take_list { ($($f:ident),*) => { $( if !other.$f.is_empty() { self.$f = other.$f; } )* } }
        take_list!(
            operations,
            members,
            enum_values,
            member_shapes,
            cli_options,
            properties,
            attributes,
            regions
        );
        if !other.variants.is_empty() {
            self.variants.extend(other.variants);
        }
        if !other.actions.is_empty() {
            for a in other.actions {
                if !self.actions.iter().any(|x| x.name == a.name) {
                    self.actions.push(a);
                }
            }
        }
        if !other.match_groups.is_empty() {
            self.match_groups = other.match_groups;
        }
        if !other.stated_as.is_empty() {
            self.stated_as = other.stated_as;
        }
        if !other.history.is_empty() {
            self.history = other.history;
        }
        if !other.except.is_empty() {
            self.except = other.except;
        }
        // A claim's patterns go together: a later entry replaces each list it sets.
        take_list!(triggers, subject, claim, guards);
    }
}

/// An error in a schema file, with the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for SchemaError {}

/// Where a schema file's entries came from, for `awsnotes schema stats`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FileInfo {
    pub file: String,
    pub source: Option<Source>,
    pub entries: usize,
}

/// Parses one schema file, giving each entry the file's source when it has none of its own.
pub fn parse_file(name: &str, contents: &str) -> Result<(FileInfo, Vec<Entry>), SchemaError> {
    let err = |message: String| SchemaError {
        file: name.to_string(),
        message,
    };
    let file: SchemaFile = serde_json::from_str(contents)
        .map_err(|e| err(format!("line {}, column {}: {}", e.line(), e.column(), e)))?;
    if file.format_version != 1 {
        return Err(err(format!(
            "format_version {} is not supported (expected 1)",
            file.format_version
        )));
    }
    let mut entries = file.entries;
    for (i, e) in entries.iter_mut().enumerate() {
        if e.name.trim().is_empty() {
            return Err(err(format!("entry {i} has an empty name")));
        }
        if e.kind == Kind::Other {
            return Err(err(format!("entry {i} ({}) has an unknown kind", e.name)));
        }
        if e.source.is_none() {
            e.source = file.source.clone();
        }
    }
    Ok((
        FileInfo {
            file: name.to_string(),
            source: file.source,
            entries: entries.len(),
        },
        entries,
    ))
}

/// Merges entries in order into entries unique by (kind, name): a later entry refines the earlier one
/// in the earlier one's place ([`Entry::merge_from`]).
pub fn merge_entries(all: Vec<Entry>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::with_capacity(all.len());
    let mut position: std::collections::HashMap<(Kind, String), usize> = Default::default();
    for e in all {
        match position.get(&(e.kind, e.name.clone())) {
            Some(&i) => entries[i].merge_from(e),
            None => {
                position.insert((e.kind, e.name.clone()), entries.len());
                entries.push(e);
            }
        }
    }
    entries
}
