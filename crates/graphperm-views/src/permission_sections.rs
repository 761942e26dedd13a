//! What the permission page shows around its typed rows ([`PermissionPage`]): the
//! header badges, the languages of the descriptions, the scheme cards in words, the main
//! resource in full, the app registrations, the code example and the related permissions.

use graphperm_core::Catalogue;
use graphperm_core::lint::Findings;
use graphperm_core::model::{Scheme, ValueSource, resource_specific_target};
use serde::Serialize;

use crate::badge::{Badge, level_badge, scheme_badge, scheme_group};
use crate::dates::DataDate;
use crate::links;
use crate::permission::SchemeView;
use crate::permission_page::{PageOptions, PermissionPage, SchemeCard};
use crate::registration::{RegistrationCard, registration_cards};
use crate::resource_page::{ResourceSection, resource_section};
use crate::samples::{SampleSet, sample_set};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionSections {
    pub page_url: String,
    pub json_url: String,
    pub csv_url: String,
    pub badges: Vec<Badge>,
    pub status_badges: Vec<Badge>,
    pub data_date: DataDate,
    pub languages: Vec<Language>,
    pub cards: Vec<CardView>,
    pub main_resource: Option<ResourceSection>,
    pub registrations: Vec<RegistrationCard>,
    pub sample_sets: Vec<SampleSet>,
    pub related: Vec<RelatedRow>,
    /// Findings of `graphperm lint` about this permission, listed at `/lint`.
    pub data_notes: usize,
    pub data_notes_url: String,
}

/// A link to the page in another language.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub label: String,
    pub value: String,
    pub url: String,
    pub current: bool,
}

/// One scheme card, in words.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardView {
    pub title: String,
    pub group: &'static str,
    pub info: SchemeView,
    pub admin_consent: &'static str,
    /// Where the GUID came from, for a reader ([`ValueSource::label`]).
    pub id_source: Option<&'static str>,
    /// Why the GUID should not be copied unchecked: the `suspicious-guid` lint rule.
    pub id_warning: Option<&'static str>,
    /// The GUIDs other sources give for the scheme(s) of the card, where they disagree
    /// with `info.id`: each shown with its source and the `suspicious-guid` rule's verdict.
    pub other_ids: Vec<OtherId>,
    pub level: Option<Badge>,
    pub flags: Vec<Badge>,
}

/// A GUID a source gives that is not the one shown (see [`CardView::other_ids`]).
#[derive(Debug, Clone, Serialize)]
pub struct OtherId {
    pub id: String,
    /// Where it came from, for a reader ([`ValueSource::label`]).
    pub source: &'static str,
    /// Which scheme says so when the card shows two ("personal Microsoft account").
    pub scheme: Option<&'static str>,
    pub warning: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedRow {
    pub name: String,
    pub url: String,
    pub level: Option<Badge>,
    /// `less`, `same` or `more`: the ranking's levels compared over the schemes both have.
    pub relation: Option<&'static str>,
    /// What the relation compared: "ranked 3 vs 2 · delegated work".
    pub compared: Option<String>,
    pub shared: usize,
}

pub fn permission_sections(
    catalogue: &Catalogue,
    page: &PermissionPage,
    options: &PageOptions,
    findings: &Findings,
) -> PermissionSections {
    let view = &page.view;
    let page_url = links::permission_url(&view.name);
    let mut badges: Vec<Badge> = page.schemes.iter().map(|scheme| scheme_badge(*scheme)).collect();
    badges.extend(page.tags.iter().map(|tag| Badge::new(*tag, "tag", "What the name grants")));
    for scheme in &page.schemes {
        let info = &view.schemes[scheme.as_str()];
        let group = if scheme.is_delegated() { "Delegated" } else { "Application" };
        match info.requires_admin_consent {
            Some(true) => badges.push(Badge::new(
                format!("Admin consent · {}", scheme.label()),
                "admin",
                format!("{group}: an administrator must consent"),
            )),
            Some(false) => badges.push(Badge::new(
                format!("User consent · {}", scheme.label()),
                "user",
                format!("{group}: users can consent for themselves"),
            )),
            None => {}
        }
    }
    badges.extend(view.max_privilege_level.map(level_badge));
    if let Some(target) = resource_specific_target(&view.name) {
        badges.push(Badge::new(
            format!("Resource-specific consent · per {target}"),
            "tag",
            format!("Granted by the owner of one {target} for that {target} only, not tenant-wide"),
        ));
    }
    let mut status_badges = Vec::new();
    if view.schemes.values().any(|info| info.is_hidden == Some(true)) {
        status_badges.push(Badge::new(
            "Hidden",
            "warn",
            "Marked hidden: not offered in consent prompts or the portal",
        ));
    }
    if view.schemes.values().any(|info| info.is_enabled == Some(false)) {
        status_badges.push(Badge::new("Disabled", "warn", "Marked disabled"));
    }
    if !view.in_permissions_file {
        status_badges.push(Badge::new(
            "No published endpoints",
            "muted",
            "Known from the descriptions only; permissions.json does not list it",
        ));
    }
    let mut languages = vec![Language {
        label: "English".to_string(),
        value: "en-US".to_string(),
        url: options.url(&view.name, "en-US"),
        current: view.lang == "en-US",
    }];
    languages.extend(catalogue.locales().map(|locale| Language {
        label: locale.to_string(),
        value: locale.to_string(),
        url: options.url(&view.name, locale),
        current: view.lang.eq_ignore_ascii_case(locale),
    }));
    let related = view
        .related
        .iter()
        .filter(|related| page.related.iter().any(|kept| kept.name == related.name))
        .map(|related| RelatedRow {
            name: related.name.clone(),
            url: links::permission_url(&related.name),
            level: related.max_privilege_level.map(level_badge),
            relation: (related.relation != "unknown").then_some(related.relation),
            compared: related.compared.as_ref().map(|compared| {
                let schemes: Vec<String> = compared
                    .schemes
                    .iter()
                    .filter_map(|name| Scheme::parse(name))
                    .map(|scheme| scheme.label().to_lowercase())
                    .collect();
                format!("ranked {} vs {} · {}", compared.level, compared.own_level, schemes.join(", "))
            }),
            shared: related.shared_endpoints,
        })
        .collect();
    let sample_sets = page.main_endpoint.and_then(|id| sample_set(catalogue, id)).into_iter().collect();
    PermissionSections {
        data_notes: findings.for_permission(&view.name),
        data_notes_url: format!("/lint?permission={}", links::encode(&view.name)),
        json_url: format!("{page_url}.json"),
        csv_url: format!("{page_url}.csv"),
        page_url,
        badges,
        status_badges,
        data_date: DataDate::of(catalogue),
        languages,
        cards: page.cards.iter().map(card_view).collect(),
        main_resource: page
            .main_resource
            .as_ref()
            .map(|resource| resource_section(catalogue, resource, true)),
        registrations: match catalogue.permission(&view.name) {
            Some(permission) if !page.compact => registration_cards(catalogue, permission),
            _ => Vec::new(),
        },
        sample_sets,
        related,
    }
}

/// The GUIDs of `info.id_candidates` that are not `shown`, each once.
fn disagreeing_ids<'a>(
    info: &'a SchemeView,
    shown: Option<&'a str>,
) -> impl Iterator<Item = &'a crate::permission::IdCandidateView> + 'a {
    info.id_candidates.iter().filter(move |candidate| Some(candidate.id.as_str()) != shown)
}

/// The account a delegated scheme is for, as a merged card names it.
fn scheme_account(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::DelegatedPersonal => "personal Microsoft account",
        Scheme::DelegatedWork => "work or school account",
        Scheme::Application => "application",
    }
}

fn card_view(card: &SchemeCard) -> CardView {
    let info = card.info();
    let kinds = card.kinds();
    let mut flags = Vec::new();
    if info.is_hidden == Some(true) {
        flags.push(Badge::new("Hidden", "warn", "Not offered in consent prompts or the portal"));
    }
    if info.is_enabled == Some(false) {
        flags.push(Badge::new("Disabled", "warn", "Marked disabled"));
    }
    if !info.in_permissions_file {
        flags.push(Badge::new(
            "Not in permissions.json",
            "muted",
            "Known from the descriptions or provisioning files only",
        ));
    }
    // provisioningInfo.json gives some entries an empty environment: no badge then.
    if let Some(environment) = info.environment.as_ref().filter(|environment| !environment.is_empty()) {
        flags.push(Badge::new(format!("Environment: {environment}"), "muted", "Cloud environment"));
    }
    let title = match kinds.as_slice() {
        [Scheme::DelegatedWork] => "Delegated permission · work or school account".to_string(),
        [Scheme::DelegatedPersonal] => "Delegated permission · personal Microsoft account".to_string(),
        [Scheme::Application] => "Application permission".to_string(),
        _ => "Delegated permission · work or school and personal Microsoft accounts".to_string(),
    };
    CardView {
        title,
        group: scheme_group(kinds[0]),
        admin_consent: match info.requires_admin_consent {
            Some(true) => "Required",
            Some(false) => "Not required",
            None => "Unknown",
        },
        id_source: info.id_source.and_then(ValueSource::parse).map(ValueSource::label),
        id_warning: info.id.as_deref().and_then(graphperm_core::lint::guid_problem),
        other_ids: card
            .schemes
            .iter()
            .flat_map(|(scheme, scheme_info)| {
                let scheme_label = (card.schemes.len() > 1).then(|| scheme_account(*scheme));
                disagreeing_ids(scheme_info, info.id.as_deref()).map(move |other| OtherId {
                    id: other.id.clone(),
                    source: other.source_label(),
                    scheme: scheme_label,
                    warning: graphperm_core::lint::guid_problem(&other.id),
                })
            })
            .fold(Vec::new(), |mut others: Vec<OtherId>, other| {
                if !others.iter().any(|seen| seen.id == other.id && seen.source == other.source) {
                    others.push(other);
                }
                others
            }),
        level: info.privilege_level.map(level_badge),
        flags,
        info: info.clone(),
    }
}
