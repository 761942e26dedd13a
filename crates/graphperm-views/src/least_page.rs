//! The least-privilege calculator page as typed values: the form, and for calls in it
//! the minimal permission set per scheme with registration output, the calls as read
//! and a shareable link.

use graphperm_core::Catalogue;
use graphperm_core::least::{Engine, InputFormat};
use serde::{Deserialize, Serialize};

use crate::badge::{Badge, level_badge};
use crate::least::{GrantedSchemeView, LeastReport, LeastRequest, run};
use crate::links::{self, Link};
use crate::registration::{SetupBlocks, scheme_set_blocks};

/// The calculator's form fields (also its query string).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LeastForm {
    /// Calls (`METHOD URL` per line), or a `$batch` body, HAR, or PowerShell script.
    pub calls: String,
    /// `auto`, `text`, `batch`, `har` or `ps1`.
    pub format: String,
    /// `all`, `delegated-work`, `delegated-personal` or `application`.
    pub scheme: String,
    /// Permissions the app holds, separated by commas or spaces.
    pub granted: String,
}

impl LeastForm {
    /// The API request this form stands for; `Err` for unreadable JSON.
    pub fn to_request(&self) -> Result<LeastRequest, String> {
        let format = if self.format.is_empty() || self.format == "auto" {
            InputFormat::detect(&self.calls).as_str()
        } else {
            self.format.as_str()
        };
        let mut request = LeastRequest {
            scheme: (!self.scheme.is_empty()).then(|| self.scheme.clone()),
            ..LeastRequest::default()
        };
        let granted: Vec<String> = self
            .granted
            .split([',', ' ', '\n', '\r', '\t'])
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .collect();
        if !granted.is_empty() {
            request.granted = Some(granted);
        }
        match format {
            "batch" | "har" => {
                let value: serde_json::Value = serde_json::from_str(&self.calls)
                    .map_err(|error| format!("the input is not valid JSON: {error}"))?;
                if format == "batch" {
                    request.batch = Some(value);
                } else {
                    request.har = Some(value);
                }
            }
            "ps1" => request.ps1 = Some(self.calls.clone()),
            _ => request.text = Some(self.calls.clone()),
        }
        Ok(request)
    }
}

/// The page: the form as sent, and its result or why there is none.
#[derive(Debug, Clone, Serialize)]
pub struct LeastPage {
    pub form: LeastForm,
    pub error: Option<String>,
    pub result: Option<ResultView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultView {
    pub share_url: String,
    pub api_body: String,
    pub schemes: Vec<SchemeResult>,
    pub calls: Vec<CallRow>,
    pub diagnostics: Vec<(String, String)>,
    /// Held names that are no permission of the data.
    pub unknown_granted: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeResult {
    pub label: &'static str,
    pub setup: Option<SetupBlocks>,
    pub optimal: bool,
    pub chosen: Vec<ChosenRow>,
    pub uncovered: Vec<String>,
    /// Against the permissions the app holds, when the form names some: the report's own
    /// comparison for this scheme.
    pub held: Option<GrantedSchemeView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenRow {
    pub link: Link,
    pub level: Option<Badge>,
    pub least: bool,
    /// Control of the whole tenant (`order::TIER_ZERO`): chosen only where no other
    /// permission grants one of the calls, and marked so.
    pub tier_zero: bool,
    pub covers: Vec<String>,
    pub required_by: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRow {
    pub number: usize,
    pub method: String,
    pub url: String,
    /// The call's status in the API (`matched`, `unmatched`, `invalid`).
    pub status: &'static str,
    /// What the Status column says: `not possible` for a matched call that no requested
    /// scheme can make (an app-only `/me` call), `matched · not possible: Application`
    /// when some cannot, else `status`.
    pub status_label: String,
    pub template: Option<Link>,
    pub error: Option<String>,
    pub suggestions: Vec<Link>,
    pub notes: Vec<String>,
}

/// A call's notes, then why a scheme cannot make it and, for an app-only `/me` call,
/// what can: the same call on `/users/{id}` and its least-privileged permission.
fn call_notes(call: &crate::least::CallView) -> Vec<String> {
    let mut notes = call.notes.clone();
    for (scheme, reason) in &call.unsupported {
        notes.push(format!("{}: {reason}.", scheme.0.label()));
    }
    if let Some(as_users) = &call.as_users {
        let least: Vec<&str> = as_users
            .application
            .iter()
            .filter(|candidate| candidate.least_flag)
            .map(|candidate| candidate.name.as_str())
            .collect();
        let first = as_users.application.first().map(|candidate| candidate.name.as_str());
        let names = if least.is_empty() { first.into_iter().collect() } else { least };
        if !names.is_empty() {
            notes.push(format!(
                "App-only, call {} {} instead: {} (least privileged).",
                call.method,
                as_users.template,
                names.join(" or ")
            ));
        }
    }
    notes
}

/// The Status column of a call: a matched call says which requested schemes cannot make
/// it, and "not possible" when none can.
fn status_label(call: &crate::least::CallView, schemes: &[crate::least::SchemeKey]) -> String {
    if call.status != "matched" {
        return call.status.to_string();
    }
    let impossible: Vec<String> = schemes
        .iter()
        .filter(|scheme| !call.candidates.contains_key(*scheme))
        .map(|scheme| scheme.0.label().to_string())
        .collect();
    if impossible.len() == schemes.len() {
        "not possible".to_string()
    } else if impossible.is_empty() {
        "matched".to_string()
    } else {
        format!("matched · not possible: {}", impossible.join(", "))
    }
}

/// The calculator for `form`; an empty form is just the form.
pub fn least_page(catalogue: &Catalogue, engine: &Engine, form: &LeastForm) -> LeastPage {
    let mut error = None;
    let mut result = None;
    if !form.calls.trim().is_empty() {
        match form.to_request() {
            Err(message) => error = Some(message),
            Ok(request) => match run(engine, &request) {
                Err(request_error) => error = Some(request_error.to_string()),
                Ok(report) => result = Some(result_view(catalogue, form, &request, &report)),
            },
        }
    }
    LeastPage { form: form.clone(), error, result }
}

fn result_view(
    catalogue: &Catalogue,
    form: &LeastForm,
    request: &LeastRequest,
    report: &LeastReport,
) -> ResultView {
    let call_label = |index: usize| {
        report
            .calls
            .get(index)
            .map(|call| format!("#{} {} {}", index + 1, call.method, call.url))
            .unwrap_or_else(|| format!("#{}", index + 1))
    };
    let schemes = report
        .schemes
        .iter()
        .map(|scheme| SchemeResult {
            label: scheme.0.label(),
            setup: report.minimal.get(scheme).filter(|chosen| !chosen.is_empty()).map(|chosen| {
                let names: Vec<String> = chosen.iter().map(|chosen| chosen.name.clone()).collect();
                scheme_set_blocks(catalogue, scheme.0, &names)
            }),
            optimal: report.optimal.get(scheme).copied().unwrap_or(true),
            chosen: report
                .minimal
                .get(scheme)
                .map(|chosen| {
                    chosen
                        .iter()
                        .map(|chosen| ChosenRow {
                            link: Link::new(chosen.name.clone(), links::permission_url(&chosen.name)),
                            level: chosen.privilege_level.map(level_badge),
                            least: chosen.least_flag,
                            tier_zero: chosen.tier_zero,
                            covers: chosen.covers.iter().map(|&index| call_label(index)).collect(),
                            required_by: chosen.required_by.join(", "),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            uncovered: report
                .uncovered
                .get(scheme)
                .map(|indexes| indexes.iter().map(|&index| call_label(index)).collect())
                .unwrap_or_default(),
            held: report.granted.as_ref().and_then(|granted| granted.schemes.get(scheme)).cloned(),
        })
        .collect();
    let calls = report
        .calls
        .iter()
        .map(|call| CallRow {
            number: call.index + 1,
            method: call.method.clone(),
            url: call.url.clone(),
            status: call.status,
            status_label: status_label(call, &report.schemes),
            template: call
                .template
                .as_ref()
                .map(|template| Link::new(template.clone(), links::endpoint_url(&call.method, template))),
            error: call.error.clone(),
            suggestions: call
                .suggestions
                .iter()
                .map(|suggestion| {
                    let (method, path) =
                        suggestion.split_once(' ').unwrap_or((call.method.as_str(), suggestion.as_str()));
                    Link::new(suggestion.clone(), links::endpoint_url(method, path))
                })
                .collect(),
            notes: call_notes(call),
        })
        .collect();
    // The shareable link carries the calls as `METHOD URL` lines, whatever the input was.
    let lines: Vec<String> = report
        .calls
        .iter()
        .filter(|call| call.status != "invalid")
        .map(|call| format!("{} {}", call.method, call.url))
        .collect();
    let mut share_url = format!("/least?calls={}", links::encode(&lines.join("\n")));
    if !form.scheme.is_empty() && form.scheme != "all" {
        share_url.push_str(&format!("&scheme={}", links::encode(&form.scheme)));
    }
    if !form.granted.trim().is_empty() {
        share_url.push_str(&format!("&granted={}", links::encode(form.granted.trim())));
    }
    let mut api_request = serde_json::json!({
        "text": lines.join("\n"),
        "scheme": request.scheme.clone().unwrap_or_else(|| "all".to_string()),
    });
    if let Some(granted) = &request.granted {
        api_request["granted"] = serde_json::json!(granted);
    }
    let api_body = serde_json::to_string(&api_request).unwrap_or_default();
    ResultView {
        unknown_granted: report.granted.as_ref().map(|granted| granted.unknown.clone()).unwrap_or_default(),
        share_url,
        api_body,
        schemes,
        calls,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|diagnostic| {
                (diagnostic.severity.to_string(), format!("{}: {}", diagnostic.source, diagnostic.message))
            })
            .collect(),
    }
}
