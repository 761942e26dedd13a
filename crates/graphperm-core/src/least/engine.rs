//! The engine: a matcher index and per-template candidate lists, built once from the
//! catalogue, and the resolution of one call into its template and ranked candidates.

use std::collections::{BTreeMap, HashMap};

use super::matcher::{Matcher, Miss};
use super::order::{self, Rankable};
use super::url::{self, METHODS, NormalisedUrl};
use crate::catalogue::Catalogue;
use crate::model::{ApiVersion, EndpointId, PermissionId, Scheme};

/// Suggestions offered for an unmatched call.
const SUGGESTIONS: usize = 5;

/// The least-privilege index over a catalogue. Build it once and share it: resolving
/// does no I/O and allocates little.
#[derive(Debug, Clone)]
pub struct Engine {
    matcher: Matcher<EndpointId>,
    permissions: Vec<PermissionSpec>,
    permission_index: HashMap<String, PermissionId>,
    endpoints: Vec<EndpointSpec>,
    /// Per matcher template: ranked candidates per scheme (index = `scheme_index`).
    template_candidates: Vec<[Vec<Candidate>; 3]>,
    cmdlets: HashMap<String, Vec<(ApiVersion, EndpointId)>>,
}

/// What the engine keeps of a permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionSpec {
    pub name: String,
    /// `privilegeLevel` per scheme the permission declares.
    pub privilege: BTreeMap<Scheme, u8>,
}

/// What the engine keeps of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSpec {
    pub method: String,
    pub raw_path: String,
    pub grants: Vec<GrantSpec>,
}

/// One permission granting an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantSpec {
    pub permission: PermissionId,
    pub schemes: Vec<Scheme>,
    pub least: Vec<Scheme>,
    pub also_requires: Vec<String>,
}

/// A permission that grants a call under one scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub permission: PermissionId,
    /// The data flags it as (one of) the least privileged for this call and scheme.
    pub least: bool,
    pub privilege_level: Option<u8>,
    /// Permissions the data says must be held as well (`AlsoRequires=`).
    pub also_requires: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallStatus {
    /// A template was found.
    Matched,
    /// The URL was read but no template fits.
    Unmatched,
    /// The call could not be read (bad method, URL, host, unknown cmdlet).
    Invalid,
}

impl CallStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Matched => "matched",
            CallStatus::Unmatched => "unmatched",
            CallStatus::Invalid => "invalid",
        }
    }
}

/// Everything known about one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallReport {
    pub method: String,
    pub url: String,
    pub source: String,
    pub version: Option<ApiVersion>,
    pub status: CallStatus,
    /// The matched template as permissions.json writes it.
    pub template: Option<String>,
    pub endpoints: Vec<EndpointId>,
    /// Ranked least → most privileged, for each requested scheme that has any.
    pub candidates: BTreeMap<Scheme, Vec<Candidate>>,
    /// Schemes that cannot make this call at all, with the reason (`/me` under
    /// application permissions).
    pub unsupported: BTreeMap<Scheme, String>,
    /// Nearest templates (`METHOD template`) for unmatched calls.
    pub suggestions: Vec<String>,
    /// How the template was found when not directly (fallbacks, `/me` as `/users`).
    pub notes: Vec<String>,
    /// Why an invalid call could not be read.
    pub error: Option<String>,
    /// True for an unmatched call whose search stopped at the matcher's step budget
    /// ([`super::matcher::MAX_STEPS`]) instead of finishing: "too complex", not "no template".
    pub too_complex: bool,
}

impl CallReport {
    fn new(method: &str, url: &str, source: &str, status: CallStatus) -> CallReport {
        CallReport {
            method: method.to_string(),
            url: url.to_string(),
            source: source.to_string(),
            version: None,
            status,
            template: None,
            endpoints: Vec::new(),
            candidates: BTreeMap::new(),
            unsupported: BTreeMap::new(),
            suggestions: Vec::new(),
            notes: Vec::new(),
            error: None,
            too_complex: false,
        }
    }

    fn invalid(method: &str, url: &str, source: &str, error: String) -> CallReport {
        let mut report = CallReport::new(method, url, source, CallStatus::Invalid);
        report.error = Some(error);
        report
    }
}

fn scheme_index(scheme: Scheme) -> usize {
    match scheme {
        Scheme::DelegatedWork => 0,
        Scheme::DelegatedPersonal => 1,
        Scheme::Application => 2,
    }
}

impl Engine {
    /// Indexes every endpoint of the catalogue.
    pub fn new(catalogue: &Catalogue) -> Engine {
        let permissions = catalogue
            .permissions
            .iter()
            .map(|permission| PermissionSpec {
                name: permission.name.clone(),
                privilege: permission
                    .schemes
                    .iter()
                    .filter_map(|(scheme, info)| info.privilege_level.map(|level| (*scheme, level)))
                    .collect(),
            })
            .collect();
        let endpoints = catalogue
            .endpoints
            .iter()
            .map(|endpoint| EndpointSpec {
                method: endpoint.method.clone(),
                raw_path: endpoint.raw_path.clone(),
                grants: endpoint
                    .granted_by
                    .iter()
                    .filter_map(|&(permission, grant)| {
                        let grant = catalogue.permissions.get(permission)?.grants.get(grant)?;
                        Some(GrantSpec {
                            permission,
                            schemes: grant.schemes.clone(),
                            least: grant.least.clone(),
                            also_requires: grant.also_requires.clone(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let cmdlets = catalogue
            .cmdlets()
            .map(|(name, endpoints)| (name.to_ascii_lowercase(), endpoints.to_vec()))
            .collect();
        Engine::from_parts(permissions, endpoints, cmdlets)
    }

    /// Builds the engine from plain parts (tests and tools without a data folder).
    pub fn from_parts(
        permissions: Vec<PermissionSpec>,
        endpoints: Vec<EndpointSpec>,
        cmdlets: HashMap<String, Vec<(ApiVersion, EndpointId)>>,
    ) -> Engine {
        let mut matcher = Matcher::new();
        for (id, endpoint) in endpoints.iter().enumerate() {
            matcher.insert(&endpoint.method, &endpoint.raw_path, id);
        }
        let permission_index = permissions
            .iter()
            .enumerate()
            .map(|(id, permission)| (permission.name.to_ascii_lowercase(), id))
            .collect();
        let mut engine = Engine {
            matcher,
            permissions,
            permission_index,
            endpoints,
            template_candidates: Vec::new(),
            cmdlets,
        };
        engine.template_candidates = engine
            .matcher
            .templates()
            .iter()
            .map(|template| Scheme::ALL.map(|scheme| engine.rank_candidates(&template.payloads, scheme)))
            .collect();
        engine
    }

    pub fn permission_name(&self, permission: PermissionId) -> &str {
        &self.permissions[permission].name
    }

    pub fn permission_id(&self, name: &str) -> Option<PermissionId> {
        self.permission_index.get(&name.to_ascii_lowercase()).copied()
    }

    pub fn permission_count(&self) -> usize {
        self.permissions.len()
    }

    pub fn endpoint(&self, endpoint: EndpointId) -> &EndpointSpec {
        &self.endpoints[endpoint]
    }

    /// Privilege level of a permission under a scheme, if the data gives one.
    pub fn privilege_level(&self, permission: PermissionId, scheme: Scheme) -> Option<u8> {
        self.permissions[permission].privilege.get(&scheme).copied()
    }

    /// Only the matching step: the template a call resolves to, or `None`. The
    /// benchmarks measure it on its own.
    pub fn match_template(&self, method: &str, url: &str) -> Option<&str> {
        let normalised = url::normalise(url).ok()?;
        let template = self.find(method, &normalised).ok()?;
        Some(self.matcher.template(template).raw.as_str())
    }

    /// Resolves one `METHOD URL` call for the given schemes.
    pub fn resolve(&self, method: &str, url: &str, source: &str, schemes: &[Scheme]) -> CallReport {
        let method_upper = method.trim().to_ascii_uppercase();
        if !METHODS.contains(&method_upper.as_str()) {
            return CallReport::invalid(
                method,
                url,
                source,
                format!("unknown HTTP method {method} (expected {})", METHODS.join(", ")),
            );
        }
        let normalised = match url::normalise(url) {
            Ok(normalised) => normalised,
            Err(error) => {
                return CallReport::invalid(&method_upper, url, source, error.to_string());
            }
        };
        let mut report = CallReport::new(&method_upper, url, source, CallStatus::Matched);
        report.version = Some(normalised.version);
        if self.resolve_path(&method_upper, &normalised, schemes, &mut report) {
            return report;
        }
        for (method, path, note) in fallbacks(&method_upper, &normalised) {
            if self.resolve_path(&method, &path, schemes, &mut report) {
                report.notes.insert(0, note);
                return report;
            }
        }
        report.status = CallStatus::Unmatched;
        let miss = self.find(&method_upper, &normalised).err().unwrap_or_default();
        if miss.too_complex {
            report.too_complex = true;
            return report;
        }
        if !miss.other_methods.is_empty() {
            report.notes.push(format!("the path has templates for {} only", miss.other_methods.join(", ")));
        }
        report.suggestions = self
            .matcher
            .suggest(&method_upper, &normalised.segments, SUGGESTIONS)
            .into_iter()
            .map(|template| {
                let template = self.matcher.template(template);
                format!("{} {}", template.method, template.raw)
            })
            .collect();
        report
    }

    /// How many calls `input` holds once every PowerShell cmdlet is expanded into the
    /// endpoints it calls (as [`Engine::analyse`] expands them), without resolving any.
    pub fn expanded_len(&self, input: &super::input::Calls) -> usize {
        input
            .calls
            .iter()
            .map(|spec| match &spec.target {
                super::input::Target::Request { .. } => 1,
                super::input::Target::Cmdlet { name } => self.cmdlet_call_count(name),
            })
            .sum()
    }

    /// The number of reports [`Engine::resolve_cmdlet`] makes for `name`.
    fn cmdlet_call_count(&self, name: &str) -> usize {
        let Some(endpoints) = self.cmdlets.get(&name.to_ascii_lowercase()) else {
            return 1;
        };
        let mut ids: Vec<EndpointId> = endpoints.iter().map(|&(_, id)| id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// The calls a PowerShell cmdlet makes: one report per endpoint of the cmdlet map.
    pub fn resolve_cmdlet(&self, name: &str, source: &str, schemes: &[Scheme]) -> Vec<CallReport> {
        let Some(endpoints) = self.cmdlets.get(&name.to_ascii_lowercase()) else {
            return vec![CallReport::invalid("", name, source, format!("unknown cmdlet {name}"))];
        };
        let mut seen = Vec::new();
        let mut reports = Vec::new();
        for &(version, endpoint_id) in endpoints {
            if seen.contains(&endpoint_id) {
                continue;
            }
            seen.push(endpoint_id);
            let endpoint = &self.endpoints[endpoint_id];
            let mut report = CallReport::new(
                &endpoint.method,
                &format!("/{}{}", version.as_str(), endpoint.raw_path),
                source,
                CallStatus::Matched,
            );
            report.version = Some(version);
            report.template = Some(endpoint.raw_path.clone());
            report.endpoints = vec![endpoint_id];
            if endpoints.len() > 1 {
                report.notes.push(format!("{name} is one of {} calls of this cmdlet", endpoints.len()));
            }
            let is_me = endpoint.raw_path.to_ascii_lowercase().starts_with("/me/")
                || endpoint.raw_path.eq_ignore_ascii_case("/me");
            for &scheme in schemes {
                if is_me && !scheme.is_delegated() {
                    report.unsupported.insert(scheme, ME_UNSUPPORTED.to_string());
                    continue;
                }
                let ranked = self.rank_candidates(&[endpoint_id], scheme);
                if !ranked.is_empty() {
                    report.candidates.insert(scheme, ranked);
                }
            }
            reports.push(report);
        }
        reports
    }

    /// Fills `report` when the path matches; false when nothing matches.
    fn resolve_path(
        &self,
        method: &str,
        normalised: &NormalisedUrl,
        schemes: &[Scheme],
        report: &mut CallReport,
    ) -> bool {
        let direct = self.find(method, normalised).ok();
        let as_users = if normalised.is_me { self.find(method, &me_as_users(normalised)).ok() } else { None };
        let Some(primary) = direct.or(as_users) else {
            return false;
        };
        let template = self.matcher.template(primary);
        report.template = Some(template.raw.clone());
        report.endpoints = template.payloads.clone();
        if direct.is_none() {
            report.notes.push("no /me template: matched as /users/{id} (delegated schemes only)".to_string());
        }
        for &scheme in schemes {
            if normalised.is_me && !scheme.is_delegated() {
                report.unsupported.insert(scheme, ME_UNSUPPORTED.to_string());
                continue;
            }
            let index = scheme_index(scheme);
            let mut ranked = &self.template_candidates[primary][index];
            if ranked.is_empty()
                && let (Some(_), Some(users)) = (direct, as_users)
            {
                ranked = &self.template_candidates[users][index];
                if !ranked.is_empty() {
                    report.notes.push(format!(
                        "{}: the /me template grants nothing, used {}",
                        scheme.as_str(),
                        self.matcher.template(users).raw
                    ));
                }
            }
            if !ranked.is_empty() {
                report.candidates.insert(scheme, ranked.clone());
            }
        }
        true
    }

    /// The first template that matches the URL or one of its alternative spellings.
    fn find(&self, method: &str, normalised: &NormalisedUrl) -> Result<usize, Miss> {
        let mut first_miss = None;
        for segments in std::iter::once(&normalised.segments).chain(&normalised.variants) {
            match self.matcher.find(method, segments) {
                Ok(found) => return Ok(found.template),
                Err(miss) => {
                    let too_complex = miss.too_complex;
                    first_miss.get_or_insert(miss).too_complex |= too_complex;
                }
            }
        }
        Err(first_miss.unwrap_or_default())
    }

    /// Candidates of some endpoints for a scheme, merged by permission and ranked.
    fn rank_candidates(&self, endpoints: &[EndpointId], scheme: Scheme) -> Vec<Candidate> {
        let mut merged: Vec<Candidate> = Vec::new();
        for &endpoint in endpoints {
            for grant in &self.endpoints[endpoint].grants {
                if !grant.schemes.contains(&scheme) {
                    continue;
                }
                let least = grant.least.contains(&scheme);
                match merged.iter_mut().find(|c| c.permission == grant.permission) {
                    Some(existing) => {
                        existing.least |= least;
                        for also in &grant.also_requires {
                            if !existing.also_requires.contains(also) {
                                existing.also_requires.push(also.clone());
                            }
                        }
                    }
                    None => merged.push(Candidate {
                        permission: grant.permission,
                        least,
                        privilege_level: self.privilege_level(grant.permission, scheme),
                        also_requires: grant.also_requires.clone(),
                    }),
                }
            }
        }
        merged.sort_by(|a, b| {
            order::compare(
                &Rankable {
                    name: &self.permissions[a.permission].name,
                    least: a.least,
                    privilege_level: a.privilege_level,
                },
                &Rankable {
                    name: &self.permissions[b.permission].name,
                    least: b.least,
                    privilege_level: b.privilege_level,
                },
            )
        });
        merged
    }
}

const ME_UNSUPPORTED: &str =
    "/me needs a signed-in user: application permissions cannot call it (use /users/{id})";

/// Where a `$ref`, `$count` or `$value` call without its own entry in the data takes
/// its permissions from, in order, with the note that says so:
/// 1. the same method on the path without the system segment (the navigation property
///    or entity: `GET …/photo/$value` → `GET …/photo`, `GET …/members/$count` →
///    `GET …/members`);
/// 2. for reference writes, the opposite write of the same relationship, which the data
///    often lists alone: `POST …/members/$ref` → `DELETE …/members/{id}` and
///    `DELETE …/members/{id}/$ref` → `POST …/members`.
fn fallbacks(method: &str, normalised: &NormalisedUrl) -> Vec<(String, NormalisedUrl, String)> {
    let Some(last) =
        normalised.segments.last().filter(|last| matches!(last.as_str(), "$ref" | "$count" | "$value"))
    else {
        return Vec::new();
    };
    if normalised.segments.len() < 2 {
        return Vec::new();
    }
    let last = last.clone();
    let edit = |change: &dyn Fn(&mut Vec<String>)| {
        let mut path = normalised.clone();
        change(&mut path.segments);
        path.variants.iter_mut().for_each(change);
        path
    };
    let without = edit(&|segments| {
        segments.pop();
    });
    let mut out = vec![(
        method.to_string(),
        without,
        format!(
            "the data has no entry for {method} …/{last}: using the permissions of {method} on the path without {last}"
        ),
    )];
    if last == "$ref" {
        if matches!(method, "POST" | "PUT") {
            let member = edit(&|segments| {
                segments.pop();
                segments.push("{ref}".to_string());
            });
            out.push((
                "DELETE".to_string(),
                member,
                format!("the data has no entry for {method} …/$ref: using the permissions of DELETE on one member of the same relationship"),
            ));
        } else if method == "DELETE" && normalised.segments.len() > 2 {
            let collection = edit(&|segments| {
                segments.pop();
                segments.pop();
            });
            out.push((
                "POST".to_string(),
                collection,
                "the data has no entry for DELETE …/$ref: using the permissions of POST on the same relationship".to_string(),
            ));
        }
    }
    out
}

/// `/me/rest` as `/users/{me}/rest`.
fn me_as_users(normalised: &NormalisedUrl) -> NormalisedUrl {
    let replace = |segments: &Vec<String>| {
        let mut out = Vec::with_capacity(segments.len() + 1);
        out.push("users".to_string());
        out.push("{me}".to_string());
        out.extend(segments.iter().skip(1).cloned());
        out
    };
    NormalisedUrl {
        version: normalised.version,
        explicit_version: normalised.explicit_version,
        segments: replace(&normalised.segments),
        variants: normalised.variants.iter().map(replace).collect(),
        is_me: false,
    }
}
