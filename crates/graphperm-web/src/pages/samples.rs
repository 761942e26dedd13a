//! Code samples (graphperm_views::samples) and app-registration output
//! (graphperm_views::registration) shaped for the templates of the permission, endpoint
//! and calculator pages.

use graphperm_core::Scheme;
use graphperm_core::model::{ApiVersion, EndpointId};
use graphperm_views::links;
use graphperm_views::registration::{SetRegistration, permission_registrations, set_registration};
use graphperm_views::samples::endpoint_samples;

use super::scheme_group;
use crate::state::AppState;

/// The samples of one endpoint in one version, every language.
pub(crate) struct SampleSet {
    pub(crate) title: String,
    pub(crate) version: &'static str,
    pub(crate) endpoint_url: String,
    pub(crate) samples: Vec<SampleView>,
}

pub(crate) struct SampleView {
    pub(crate) language: &'static str,
    pub(crate) label: &'static str,
    pub(crate) code: String,
    pub(crate) notes: Vec<String>,
}

/// Samples for an endpoint, in v1.0 when its schema has the path, else beta.
pub(crate) fn sample_set(state: &AppState, endpoint_id: EndpointId) -> Option<SampleSet> {
    let endpoint = state.catalogue.endpoints.get(endpoint_id)?;
    let version = if endpoint.resolutions.contains_key(&ApiVersion::Beta)
        && !endpoint.resolutions.contains_key(&ApiVersion::V1)
    {
        ApiVersion::Beta
    } else {
        ApiVersion::V1
    };
    let samples: Vec<SampleView> = endpoint_samples(&state.catalogue, endpoint_id, version)
        .into_iter()
        .map(|sample| SampleView {
            language: sample.language.as_str(),
            label: sample.label,
            code: sample.code,
            notes: sample.notes,
        })
        .collect();
    if samples.is_empty() {
        return None;
    }
    Some(SampleSet {
        title: format!("{} {}", endpoint.method, endpoint.path),
        version: version.as_str(),
        endpoint_url: links::endpoint_url(&endpoint.method, &endpoint.path),
        samples,
    })
}

/// App registration of one scheme of a permission.
pub(crate) struct RegistrationView {
    pub(crate) title: String,
    pub(crate) group: &'static str,
    pub(crate) steps: Vec<(String, String)>,
    pub(crate) notes: Vec<String>,
    pub(crate) setup: SetupView,
}

/// Manifest fragment and commands, each optional.
pub(crate) struct SetupView {
    pub(crate) blocks: Vec<(&'static str, String)>,
    pub(crate) consent_url: String,
    pub(crate) missing: Vec<String>,
}

pub(crate) fn setup_view(setup: SetRegistration) -> SetupView {
    let blocks = [
        ("Application manifest (requiredResourceAccess)", setup.manifest),
        ("Azure CLI", setup.azure_cli),
        ("Microsoft Graph PowerShell", setup.powershell),
        ("Terraform (azuread)", setup.terraform),
    ]
    .into_iter()
    .filter_map(|(label, code)| code.map(|code| (label, code)))
    .collect();
    SetupView { blocks, consent_url: setup.admin_consent_url, missing: setup.missing }
}

pub(crate) fn permission_registration_views(
    state: &AppState,
    permission: &graphperm_core::model::Permission,
) -> Vec<RegistrationView> {
    permission_registrations(&state.catalogue, permission)
        .into_iter()
        .map(|registration| {
            let scheme = Scheme::parse(registration.scheme).unwrap_or(Scheme::DelegatedWork);
            RegistrationView {
                title: format!("{} · {}", scheme.label(), registration.permission_type),
                group: scheme_group(scheme),
                steps: registration.portal_steps.into_iter().map(|step| (step.title, step.detail)).collect(),
                notes: registration.notes,
                setup: setup_view(registration.setup),
            }
        })
        .collect()
}

/// Registration output for a calculator result: one set per scheme.
pub(crate) fn minimal_set_registration(state: &AppState, scheme: Scheme, names: &[String]) -> SetupView {
    let set: Vec<(Scheme, &str)> = names.iter().map(|name| (scheme, name.as_str())).collect();
    setup_view(set_registration(&state.catalogue, &set))
}
