//! Request samples for an endpoint in nine languages, generated from the catalogue: the
//! SDK navigation follows the path through the schema, bodies come from the resource's
//! (or the action's) schema, and PowerShell uses the endpoint's cmdlet.
//!
//! Every piece of text from the data passes through [`quote`], so a hostile name stays
//! inside its string literal in every language.

mod body;
mod chain;
mod code;
mod csharp;
mod forms;
mod go;
mod java;
mod javascript;
mod path;
mod php;
mod powershell;
mod python;
pub mod quote;
mod raw;

use graphperm_core::Catalogue;
use graphperm_core::model::{ApiVersion, Cmdlet, CmdletSource, EndpointId};
use graphperm_core::schema::split_collection;
use serde::Serialize;

pub use body::{ClassHome, Object, Primitive, Value};
pub use graphperm_core::resolve::Step;

/// The languages samples are generated for, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum Language {
    Http,
    CSharp,
    JavaScript,
    PowerShell,
    Python,
    Go,
    Java,
    Php,
    AzureCli,
}

impl Language {
    pub const ALL: [Language; 9] = [
        Language::Http,
        Language::CSharp,
        Language::JavaScript,
        Language::PowerShell,
        Language::Python,
        Language::Go,
        Language::Java,
        Language::Php,
        Language::AzureCli,
    ];

    /// Stable key for URLs, JSON and the language selector's stored choice.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Http => "http",
            Language::CSharp => "csharp",
            Language::JavaScript => "javascript",
            Language::PowerShell => "powershell",
            Language::Python => "python",
            Language::Go => "go",
            Language::Java => "java",
            Language::Php => "php",
            Language::AzureCli => "azure-cli",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Language::Http => "HTTP",
            Language::CSharp => "C#",
            Language::JavaScript => "JavaScript",
            Language::PowerShell => "PowerShell",
            Language::Python => "Python",
            Language::Go => "Go",
            Language::Java => "Java",
            Language::Php => "PHP",
            Language::AzureCli => "Azure CLI",
        }
    }

    /// The highlighter's name for the code (highlight.js / Prism class suffix).
    pub fn highlight(self) -> &'static str {
        match self {
            Language::AzureCli => "bash",
            other => other.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|language| language.as_str().eq_ignore_ascii_case(text))
    }
}

impl From<Language> for &'static str {
    fn from(language: Language) -> &'static str {
        language.as_str()
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The samples of one endpoint in one version, every language, as the pages show them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleSet {
    /// `GET /me`.
    pub title: String,
    pub version: &'static str,
    pub endpoint_url: String,
    /// What holds for every language of the set (the path is not in the version's
    /// schema), said once above the samples.
    pub notes: Vec<String>,
    pub samples: Vec<Sample>,
}

/// Samples for an endpoint, in v1.0 when its schema has the path, else beta; none when
/// the endpoint is unknown or no sample can be built.
pub fn sample_set(catalogue: &Catalogue, endpoint_id: EndpointId) -> Option<SampleSet> {
    let endpoint = catalogue.endpoints.get(endpoint_id)?;
    let version = if endpoint.resolutions.contains_key(&ApiVersion::Beta)
        && !endpoint.resolutions.contains_key(&ApiVersion::V1)
    {
        ApiVersion::Beta
    } else {
        ApiVersion::V1
    };
    let samples = endpoint_samples(catalogue, endpoint_id, version);
    if samples.is_empty() {
        return None;
    }
    Some(SampleSet {
        title: format!("{} {}", endpoint.method, endpoint.path),
        version: version.as_str(),
        endpoint_url: crate::links::endpoint_url(&endpoint.method, &endpoint.path),
        notes: schema_note(catalogue, endpoint_id, version)
            .into_iter()
            .chain(required_query_note(&endpoint.method, &endpoint.path))
            .collect(),
        samples,
    })
}

/// One generated sample.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    pub language: Language,
    pub label: &'static str,
    pub code: String,
    /// Caveats to show next to the code (a guessed cmdlet, a path not in the schema).
    pub notes: Vec<String>,
}

/// Everything the language emitters need about one request.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Upper-case HTTP method.
    pub method: String,
    pub version: ApiVersion,
    /// The path with schema casing and `{type-id}` placeholders where it resolved.
    pub path: String,
    pub steps: Vec<Step>,
    pub body: Option<Object>,
    /// True when the request sends a file's bytes (a stream property or `$value`).
    pub stream_body: bool,
    /// True when the call returns something worth assigning.
    pub has_result: bool,
    pub cmdlet: Option<&'a Cmdlet>,
}

/// The file a stream upload reads, in every language.
pub(crate) const UPLOAD_FILE: &str = "file.bin";

impl Request<'_> {
    pub fn url(&self) -> String {
        format!("https://graph.microsoft.com/{}{}", self.version.as_str(), quote::url_path(&self.path))
    }

    /// The JSON body, pretty-printed.
    pub fn json_body(&self) -> Option<String> {
        self.body.as_ref().map(|object| {
            serde_json::to_string_pretty(&Value::Object(object.clone()).to_json())
                .expect("a JSON value always serializes")
        })
    }

    pub fn is_beta(&self) -> bool {
        self.version == ApiVersion::Beta
    }

    /// The action or function the path ends with, if any.
    pub fn last_step(&self) -> Option<&Step> {
        self.steps.last()
    }
}

/// All nine samples for an endpoint in one version. An endpoint the version's schema does
/// not know still gets samples, read from the path alone; [`schema_note`] says so once for
/// all of them.
pub fn endpoint_samples(catalogue: &Catalogue, endpoint: EndpointId, version: ApiVersion) -> Vec<Sample> {
    let Some(request) = request(catalogue, endpoint, version) else {
        return Vec::new();
    };
    Language::ALL.into_iter().map(|language| render(&request, language)).collect()
}

/// The query parameters a call cannot go without, said once above the samples, which
/// send the path alone: a calendar view is read between two dates (`GET
/// …/calendarView` without `startDateTime` and `endDateTime` is refused with 400).
pub fn required_query_note(method: &str, path: &str) -> Option<String> {
    let last = path.rsplit('/').next().unwrap_or_default();
    (method.eq_ignore_ascii_case("GET") && last.eq_ignore_ascii_case("calendarView")).then(|| {
        "A calendar view needs the startDateTime and endDateTime query parameters (ISO 8601): add \
         ?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-01-08T00:00:00Z to the request, \
         or the service answers 400."
            .to_string()
    })
}

/// The note every sample of an endpoint in `version` shares: the path is not in that
/// version's schema, so the samples follow its text and carry no schema-built body.
pub fn schema_note(catalogue: &Catalogue, endpoint: EndpointId, version: ApiVersion) -> Option<String> {
    let resolved = catalogue.endpoints.get(endpoint)?.resolutions.contains_key(&version);
    (!resolved).then(|| {
        format!(
            "This path is not in the {} schema: the SDK calls follow the path's text and no body is built from the schema.",
            version.as_str()
        )
    })
}

/// Renders a request model in one language. [`endpoint_samples`] builds the model from
/// the catalogue; tests build hostile ones by hand.
pub fn render(request: &Request<'_>, language: Language) -> Sample {
    let mut notes = Vec::new();
    let code = match language {
        Language::Http => raw::http(request),
        Language::CSharp => csharp::render(request),
        Language::JavaScript => javascript::render(request),
        Language::PowerShell => {
            match request.cmdlet {
                None => notes.push(
                    "No cmdlet is known for this endpoint; the sample sends the request with Invoke-MgGraphRequest."
                        .to_string(),
                ),
                Some(cmdlet) if cmdlet.source == CmdletSource::Derived => notes.push(
                    "The cmdlet name is derived from the path with the PowerShell SDK's naming rules, not read from its command map."
                        .to_string(),
                ),
                Some(_) => {}
            }
            powershell::render(request)
        }
        Language::Python => python::render(request),
        Language::Go => go::render(request),
        Language::Java => java::render(request),
        Language::Php => php::render(request),
        Language::AzureCli => raw::azure_cli(request),
    };
    Sample { language, label: language.label(), code, notes }
}

/// The sample for one language.
pub fn endpoint_sample(
    catalogue: &Catalogue,
    endpoint: EndpointId,
    version: ApiVersion,
    language: Language,
) -> Option<Sample> {
    endpoint_samples(catalogue, endpoint, version).into_iter().find(|sample| sample.language == language)
}

/// Builds the request model: path steps, body and cmdlet.
pub fn request(catalogue: &Catalogue, endpoint: EndpointId, version: ApiVersion) -> Option<Request<'_>> {
    let endpoint = catalogue.endpoints.get(endpoint)?;
    let resolution = endpoint.resolutions.get(&version);
    let schema = resolution.and(catalogue.schema(version));
    let mut path = resolution
        .map(|resolution| resolution.canonical_path.clone())
        .unwrap_or_else(|| endpoint.path.clone());
    // The resolver's walk where the version's schema has the path, else the path alone.
    let mut steps = match resolution {
        Some(resolution) => resolution.steps.clone(),
        None => graphperm_core::resolve::steps_without_schema(&path),
    };
    let method = endpoint.method.to_ascii_uppercase();
    // Adding to (POST) or removing from (DELETE of an item) a navigation that holds
    // references is a call on its `$ref` (`POST /print/shares/{id}/allowedUsers/$ref`):
    // the data writes the path without it, and posting the object itself is no Graph
    // call.
    let adds_or_removes_reference = resolution.is_some_and(|resolution| resolution.reference_call(&method));
    if adds_or_removes_reference {
        path.push_str("/$ref");
        steps.push(Step::Ref);
    }
    let sends_body = matches!(method.as_str(), "POST" | "PATCH" | "PUT");
    let resource = resolution.and_then(|resolution| resolution.resource.as_deref());
    let stream_body = sends_body
        && match steps.last() {
            Some(Step::Value) => true,
            Some(Step::Navigation { name }) => schema.zip(resource).is_some_and(|(schema, resource)| {
                schema
                    .all_properties(split_collection(resource).0)
                    .iter()
                    .any(|property| property.name == *name && property.type_name == "Edm.Stream")
            }),
            _ => false,
        };
    // A value property (`POST /me/responsibilities`) takes its value, not the holding
    // type: no body is made up for it.
    let value_property = resolution.is_some_and(|resolution| resolution.property.is_some());
    let body = match (schema, steps.last()) {
        _ if stream_body || value_property => None,
        (_, Some(Step::Ref)) if method == "POST" || method == "PUT" => {
            Some(body::reference_body(version.as_str()))
        }
        (Some(schema), Some(Step::Action { name, parameters, .. })) => {
            (!parameters.is_empty()).then(|| body::action_body(schema, name, parameters))
        }
        (Some(schema), Some(last)) if sends_body && !matches!(last, Step::Value | Step::Function { .. }) => {
            resolution.and_then(|resolution| resolution.resource.as_deref()).and_then(|resource| {
                body::entity_body(schema, split_collection(resource).0, method != "POST")
            })
        }
        _ => None,
    };
    let has_result = match (method.as_str(), steps.last()) {
        ("DELETE", _) => false,
        (_, Some(Step::Ref)) => method == "GET",
        (_, Some(Step::Action { returns, .. })) => returns.is_some(),
        _ => true,
    };
    Some(Request {
        method,
        version,
        path,
        steps,
        body,
        stream_body,
        has_result,
        // A reference call's cmdlet is the `…ByRef` one: the data's `$ref` endpoint's where
        // it has one, else the endpoint's own when it names the reference call (derived
        // names do, from the same rule); a cmdlet that creates or deletes the object is
        // never used for it (the request is then sent with Invoke-MgGraphRequest).
        cmdlet: if adds_or_removes_reference {
            catalogue
                .endpoint(&endpoint.method, &format!("{}/$ref", endpoint.path))
                .and_then(|id| catalogue.endpoints[id].cmdlets.get(&version))
                .or_else(|| endpoint.cmdlets.get(&version).filter(|cmdlet| cmdlet.name.ends_with("ByRef")))
        } else {
            endpoint.cmdlets.get(&version)
        },
    })
}

/// Hands out variable names that do not repeat and are not keywords of the language.
#[derive(Debug, Default)]
pub(crate) struct VariableNames {
    taken: std::collections::HashSet<String>,
    reserved: &'static [&'static str],
}

impl VariableNames {
    pub(crate) fn new(reserved: &'static [&'static str]) -> VariableNames {
        VariableNames { taken: std::collections::HashSet::new(), reserved }
    }

    /// `base` if free, else `base2`, `base3`…; a keyword gets `Value` appended first.
    pub(crate) fn fresh(&mut self, base: &str) -> String {
        let mut base = base.to_string();
        if self.reserved.contains(&base.as_str()) {
            base.push_str("Value");
        }
        let mut candidate = base.clone();
        let mut counter = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{counter}");
            counter += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}
