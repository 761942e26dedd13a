//! The least-privilege calculator: paste calls (or a `$batch` body, a HAR recording, a
//! PowerShell script), get the minimal permission set per scheme. A plain form (GET or
//! POST), and every result has a shareable GET URL with the calls in the query string.

use askama::Template;
use graphperm_core::least::InputFormat;
use graphperm_views::least::{LeastReport, LeastRequest, run};
use graphperm_views::links;
use serde::Deserialize;

use super::{Layout, Link, level_badge};
use crate::error::WebError;
use crate::state::AppState;

/// The calculator's form fields (also its query string).
#[derive(Debug, Clone, Default, Deserialize)]
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

#[derive(Template)]
#[template(path = "least.html")]
struct LeastPage {
    layout: Layout,
    form: LeastForm,
    error: Option<String>,
    result: Option<ResultView>,
}

struct ResultView {
    share_url: String,
    api_body: String,
    schemes: Vec<SchemeResult>,
    calls: Vec<CallRow>,
    diagnostics: Vec<(String, String)>,
}

struct SchemeResult {
    label: &'static str,
    setup: Option<super::samples::SetupView>,
    optimal: bool,
    chosen: Vec<ChosenRow>,
    uncovered: Vec<String>,
}

struct ChosenRow {
    link: Link,
    level: Option<super::Badge>,
    least: bool,
    covers: Vec<String>,
    required_by: String,
}

struct CallRow {
    number: usize,
    method: String,
    url: String,
    status: &'static str,
    template: Option<Link>,
    error: Option<String>,
    suggestions: Vec<Link>,
    notes: Vec<String>,
}

/// Renders the calculator; with calls in the form, the result too.
pub fn render_least_page(state: &AppState, form: &LeastForm) -> Result<String, WebError> {
    let mut error = None;
    let mut result = None;
    if !form.calls.trim().is_empty() {
        match form.to_request() {
            Err(message) => error = Some(message),
            Ok(request) => match run(&state.engine, &request) {
                Err(request_error) => error = Some(request_error.to_string()),
                Ok(report) => result = Some(result_view(state, form, &request, &report)),
            },
        }
    }
    let page = LeastPage {
        layout: Layout::new(
            Some(state),
            "Least-privilege calculator",
            "The fewest, least privileged Microsoft Graph permissions for a set of calls.",
            "least",
        ),
        form: form.clone(),
        error,
        result,
    };
    Ok(page.render()?)
}

fn result_view(
    state: &AppState,
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
                super::samples::minimal_set_registration(state, scheme.0, &names)
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
            notes: call.notes.clone(),
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
    let api_body = serde_json::to_string(&serde_json::json!({
        "text": lines.join("\n"),
        "scheme": request.scheme.clone().unwrap_or_else(|| "all".to_string()),
    }))
    .unwrap_or_default();
    ResultView {
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
