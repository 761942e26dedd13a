//! The permission page: template glue over [`graphperm_views::permission_page`]. The view
//! holds every fact and row; this module only turns typed values into badges and text.

use askama::Template;
use graphperm_core::model::{ApiVersion, Scheme};
use graphperm_views::links;
use graphperm_views::permission::{ResourceView, SchemeView};
pub use graphperm_views::permission_page::{MethodTab, PageOptions as PermissionOptions, SchemeFilter};
use graphperm_views::permission_page::{PermissionPage, SchemeCard, permission_page};

use super::{Badge, Layout, TypeRef, level_badge, scheme_badge, scheme_group, type_ref};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "permission.html")]
struct PermissionTemplate<'a> {
    layout: Layout,
    page: &'a PermissionPage,
    name: &'a str,
    page_url: String,
    json_url: String,
    csv_url: String,
    badges: Vec<Badge>,
    status_badges: Vec<Badge>,
    data_date: String,
    data_date_iso: String,
    languages: Vec<Language>,
    cards: Vec<CardView>,
    main_resource: Option<ResourceSection>,
    registrations: Vec<super::samples::RegistrationView>,
    sample_sets: Vec<super::samples::SampleSet>,
    related: Vec<RelatedRow>,
    /// Findings of `graphperm lint` about this permission, listed at `/lint`.
    data_notes: usize,
    data_notes_url: String,
}

/// A link to the page in another language.
struct Language {
    label: String,
    value: String,
    url: String,
    current: bool,
}

/// One scheme card, in words.
struct CardView {
    title: String,
    group: &'static str,
    info: SchemeView,
    admin_consent: &'static str,
    level: Option<Badge>,
    flags: Vec<Badge>,
}

struct RelatedRow {
    name: String,
    url: String,
    level: Option<Badge>,
    relation: Option<&'static str>,
    shared: usize,
}

/// Renders `/permission/{name}`; an unknown name is a 404 with the nearest names.
pub fn render_permission_page(
    state: &AppState,
    name: &str,
    options: &PermissionOptions,
) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let Some(page) = permission_page(catalogue, &state.engine, name, options) else {
        return Err(WebError::not_found(
            "permission",
            name,
            graphperm_views::suggest::near_names(&state.catalogue, name, Some("permission")),
        ));
    };
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
    if let Some(target) = graphperm_core::model::resource_specific_target(&view.name) {
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
            shared: related.shared_endpoints,
        })
        .collect();
    let sample_sets =
        page.main_endpoint.and_then(|id| super::samples::sample_set(state, id)).into_iter().collect();
    let data_notes = super::lint::findings(state).for_permission(&view.name);
    let template = PermissionTemplate {
        data_notes,
        data_notes_url: format!("/lint?q={}", links::encode(&view.name)),
        layout: Layout::new(
            Some(state),
            view.name.clone(),
            page.summary.clone().unwrap_or_default(),
            "permissions",
        ),
        page: &page,
        name: &view.name,
        json_url: format!("{page_url}.json"),
        csv_url: format!("{page_url}.csv"),
        page_url,
        badges,
        status_badges,
        data_date: catalogue
            .data_date
            .as_deref()
            .map(super::human_date)
            .unwrap_or_else(|| "unknown".to_string()),
        data_date_iso: catalogue.data_date.clone().unwrap_or_default(),
        languages,
        cards: page.cards.iter().map(card_view).collect(),
        main_resource: page.main_resource.as_ref().map(|resource| resource_section(state, resource, true)),
        registrations: if page.compact {
            Vec::new()
        } else {
            super::samples::permission_registration_views(
                state,
                catalogue.permission(&view.name).expect("the page's permission"),
            )
        },
        sample_sets,
        related,
    };
    Ok(template.render()?)
}

fn card_view(card: &SchemeCard) -> CardView {
    let info = &card.info;
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
    if let Some(environment) = &info.environment {
        flags.push(Badge::new(format!("Environment: {environment}"), "muted", "Cloud environment"));
    }
    let title = match card.schemes.as_slice() {
        [Scheme::DelegatedWork] => "Delegated permission · work or school account".to_string(),
        [Scheme::DelegatedPersonal] => "Delegated permission · personal Microsoft account".to_string(),
        [Scheme::Application] => "Application permission".to_string(),
        _ => "Delegated permission · work or school and personal Microsoft accounts".to_string(),
    };
    CardView {
        title,
        group: scheme_group(card.schemes[0]),
        admin_consent: match info.requires_admin_consent {
            Some(true) => "Required",
            Some(false) => "Not required",
            None => "Unknown",
        },
        level: info.privilege_level.map(level_badge),
        flags,
        info: info.clone(),
    }
}

pub(crate) struct ResourceSection {
    pub(crate) name: String,
    pub(crate) anchor: String,
    pub(crate) version: &'static str,
    pub(crate) url: String,
    pub(crate) reach: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) description: Option<String>,
    pub(crate) base_type: Option<TypeRef>,
    pub(crate) properties: Vec<PropertyRow>,
    pub(crate) relationships: Vec<PropertyRow>,
    pub(crate) derived: Vec<TypeRef>,
    pub(crate) json: String,
    pub(crate) docs: String,
    pub(crate) open: bool,
}

pub(crate) struct PropertyRow {
    pub(crate) name: String,
    pub(crate) type_ref: TypeRef,
    pub(crate) description: Option<String>,
}

pub(crate) fn resource_section(state: &AppState, resource: &ResourceView, open: bool) -> ResourceSection {
    let version = ApiVersion::parse(resource.version).unwrap_or(ApiVersion::V1);
    let schema = state.catalogue.schema(version);
    let json = serde_json::to_string_pretty(&resource.json_representation).unwrap_or_default();
    ResourceSection {
        name: resource.name.clone(),
        anchor: format!("resource-{}-{}", resource.version.replace('.', ""), resource.name),
        version: resource.version,
        url: links::resource_url(version, &resource.full_name),
        reach: match resource.reach {
            "endpoint" => "addressed by its endpoints",
            "property" => "the type of a property",
            _ => "derived from a property's type",
        },
        kind: resource.kind,
        description: resource.description.clone(),
        base_type: resource.base_type.as_deref().map(|base| type_ref(schema, version, base)),
        properties: resource
            .properties
            .iter()
            .map(|property| PropertyRow {
                name: property.name.clone(),
                type_ref: type_ref(schema, version, &property.type_name),
                description: property.description.clone(),
            })
            .collect(),
        relationships: resource
            .relationships
            .iter()
            .map(|relationship| {
                let type_name = if relationship.collection {
                    format!("Collection({})", relationship.type_name)
                } else {
                    relationship.type_name.clone()
                };
                PropertyRow {
                    name: relationship.name.clone(),
                    type_ref: type_ref(schema, version, &type_name),
                    description: relationship.description.clone(),
                }
            })
            .collect(),
        derived: resource.derived_types.iter().map(|derived| type_ref(schema, version, derived)).collect(),
        json,
        docs: resource.docs.clone(),
        open,
    }
}
