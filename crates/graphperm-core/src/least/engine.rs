//! The engine: a matcher index and per-template candidate lists, built once from the
//! catalogue, and the resolution of one call into its template and ranked candidates.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::matcher::{Matcher, Miss};
use super::order::{self, Rankable};
use super::url::{self, METHODS, NormalisedUrl};
use crate::catalogue::Catalogue;
use crate::model::{ApiVersion, EndpointId, Permission, PermissionId, Scheme};

/// Suggestions offered for an unmatched call.
const SUGGESTIONS: usize = 5;

/// The least-privilege index over a catalogue. Build it once and share it: resolving
/// does no I/O and allocates little.
///
/// The engine holds the catalogue it was built from and reads permissions, endpoints and
/// grants there by id ([`PermissionId`], [`EndpointId`]); it keeps only what it derives:
/// the matcher, the ranking levels, the endpoint counts and the ranked candidates of
/// every template.
#[derive(Clone)]
pub struct Engine {
    catalogue: Arc<Catalogue>,
    matcher: Matcher<EndpointId>,
    /// Per permission and scheme: the level made monotone within the family.
    rank_levels: Vec<[Option<u8>; 3]>,
    /// Per permission and scheme: how many endpoints it grants.
    endpoint_counts: Vec<[u32; 3]>,
    /// Per matcher template: ranked candidates per scheme (index = `scheme_index`).
    template_candidates: Vec<[Vec<Candidate>; 3]>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("permissions", &self.catalogue.permissions.len())
            .field("endpoints", &self.catalogue.endpoints.len())
            .field("templates", &self.template_candidates.len())
            .finish()
    }
}

/// A permission that grants a call under one scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub permission: PermissionId,
    /// (One of) the least privileged for this call's method and scheme: the data's
    /// `least=` marker, narrowed for markers written for several methods at once (see
    /// [`Engine::rank_candidates`]).
    pub least: bool,
    /// The data's `least=` marker as written, for any method of the pathSet.
    pub least_raw: bool,
    /// `privilegeLevel` of the data.
    pub privilege_level: Option<u8>,
    /// The level the ranking uses: made monotone within the family.
    pub rank_level: Option<u8>,
    /// Permissions the data says must be held as well (`AlsoRequires=`).
    pub also_requires: Vec<String>,
    /// Set when this is the real permission offered for a placeholder scheme entry of
    /// the data (`Calendars.ReadBasic.All` for the Application entry of
    /// `Calendars.ReadBasic`).
    pub replaces: Option<PermissionId>,
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
    /// For a `/me` call: the Application answer for the same call on `/users/{id}`
    /// (`/me` itself stays unsupported for Application).
    pub as_users: Option<AsUsers>,
    /// True for an unmatched call whose search stopped at the matcher's step budget
    /// ([`super::matcher::MAX_STEPS`]) instead of finishing: "too complex", not "no template".
    pub too_complex: bool,
}

/// The Application answer of a `/me` call made on `/users/{id}` instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsUsers {
    /// The `/users/{id}/…` template matched.
    pub template: String,
    /// Ranked Application candidates.
    pub candidates: Vec<Candidate>,
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
            as_users: None,
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

/// One call as the engine looks it up: the upper-case method, the normalised URL and the
/// schemes asked for.
#[derive(Clone, Copy)]
struct Lookup<'a> {
    method: &'a str,
    url: &'a NormalisedUrl,
    schemes: &'a [Scheme],
}

impl Engine {
    /// Indexes every endpoint of the catalogue. Takes the catalogue (or a shared handle
    /// to it) so that the ids the engine answers with always point into the catalogue it
    /// was built from; [`Engine::catalogue`] gives it back.
    pub fn new(catalogue: impl Into<Arc<Catalogue>>) -> Engine {
        let catalogue: Arc<Catalogue> = catalogue.into();
        let mut matcher = Matcher::new();
        for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
            matcher.insert(&endpoint.method, &endpoint.raw_path, id);
        }
        let rank_levels = monotone_levels(&catalogue.permissions);
        let mut endpoint_counts = vec![[0u32; 3]; catalogue.permissions.len()];
        for endpoint in &catalogue.endpoints {
            for (permission, grant) in catalogue.endpoint_grants(endpoint) {
                for &scheme in &grant.schemes {
                    endpoint_counts[permission][scheme_index(scheme)] += 1;
                }
            }
        }
        let mut engine =
            Engine { catalogue, matcher, rank_levels, endpoint_counts, template_candidates: Vec::new() };
        engine.template_candidates = engine
            .matcher
            .templates()
            .iter()
            .map(|template| Scheme::ALL.map(|scheme| engine.rank_candidates(&template.payloads, scheme)))
            .collect();
        engine
    }

    /// The catalogue the engine was built from: every id the engine answers with points
    /// into it.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn permission_name(&self, permission: PermissionId) -> &str {
        &self.catalogue.permissions[permission].name
    }

    /// The permission a name means: [`Catalogue::permission_id`].
    pub fn permission_id(&self, name: &str) -> Option<PermissionId> {
        self.catalogue.permission_id(name)
    }

    /// The level the ranking uses: `privilegeLevel` made monotone within the family (a
    /// `ReadWrite` is at least its `Read`).
    pub fn rank_level(&self, permission: PermissionId, scheme: Scheme) -> Option<u8> {
        self.rank_levels[permission][scheme_index(scheme)]
    }

    /// How many endpoints a permission grants under a scheme.
    pub fn endpoint_count(&self, permission: PermissionId, scheme: Scheme) -> usize {
        self.endpoint_counts[permission][scheme_index(scheme)] as usize
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
        if normalised.segments.len() == 1 && normalised.segments[0] == "$batch" {
            return CallReport::invalid(
                &method_upper,
                url,
                source,
                "a $batch URL: its calls are in the request body; pass the body with --batch FILE \
                 (\"batch\" in the API) to resolve each of them"
                    .to_string(),
            );
        }
        let mut report = CallReport::new(&method_upper, url, source, CallStatus::Matched);
        report.version = Some(normalised.version);
        let call = Lookup { method: &method_upper, url: &normalised, schemes };
        if self.resolve_with_fallbacks(call, &mut report) {
            self.add_as_users(call, &mut report);
            return report;
        }
        for (alias, note) in aliases(&normalised) {
            let call = Lookup { url: &alias, ..call };
            if self.resolve_with_fallbacks(call, &mut report) {
                report.notes.insert(0, note);
                self.add_as_users(call, &mut report);
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

    /// The path as written, else its documented fallbacks (`$ref`, `$count`, `$value`).
    fn resolve_with_fallbacks(&self, call: Lookup<'_>, report: &mut CallReport) -> bool {
        if self.resolve_path(call, report) {
            return true;
        }
        for (method, path, note) in fallbacks(call.method, call.url) {
            if self.resolve_path(Lookup { method: &method, url: &path, ..call }, report) {
                report.notes.insert(0, note);
                return true;
            }
        }
        false
    }

    /// For a `/me` call that Application cannot make: the answer for the same call on
    /// `/users/{id}`, kept apart from the call's own candidates and marked as such.
    fn add_as_users(&self, call: Lookup<'_>, report: &mut CallReport) {
        let Lookup { method, url: normalised, schemes } = call;
        if !normalised.is_me || !schemes.contains(&Scheme::Application) {
            return;
        }
        let users = me_as_users(normalised);
        let Ok(template) = self.find(method, &users) else {
            return;
        };
        let candidates = self.template_candidates[template][scheme_index(Scheme::Application)].clone();
        if candidates.is_empty() {
            return;
        }
        // The reason no longer needs the generic pointer: `as_users` names the call.
        if let Some(reason) = report.unsupported.get_mut(&Scheme::Application)
            && reason == ME_UNSUPPORTED
        {
            *reason = ME_UNSUPPORTED_REASON.to_string();
        }
        report.as_users = Some(AsUsers { template: self.matcher.template(template).raw.clone(), candidates });
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

    /// The number of reports [`Engine::resolve_cmdlet`] makes for `name`: one per distinct
    /// endpoint, or the one "unknown cmdlet" report.
    fn cmdlet_call_count(&self, name: &str) -> usize {
        self.cmdlet_calls(name).len().max(1)
    }

    /// The distinct endpoints a cmdlet calls, each with the version of its first mention
    /// in the cmdlet map: what [`Engine::resolve_cmdlet`] reports and the call cap counts.
    fn cmdlet_calls(&self, name: &str) -> Vec<(ApiVersion, EndpointId)> {
        let mut calls: Vec<(ApiVersion, EndpointId)> = Vec::new();
        for &(version, endpoint) in self.catalogue.cmdlet_endpoints(name) {
            if !calls.iter().any(|&(_, seen)| seen == endpoint) {
                calls.push((version, endpoint));
            }
        }
        calls
    }

    /// The calls a PowerShell cmdlet makes: one report per endpoint of the cmdlet map.
    pub fn resolve_cmdlet(&self, name: &str, source: &str, schemes: &[Scheme]) -> Vec<CallReport> {
        let endpoints = self.catalogue.cmdlet_endpoints(name);
        if endpoints.is_empty() {
            return vec![CallReport::invalid("", name, source, format!("unknown cmdlet {name}"))];
        }
        let mut reports = Vec::new();
        for (version, endpoint_id) in self.cmdlet_calls(name) {
            let endpoint = &self.catalogue.endpoints[endpoint_id];
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
            for &scheme in schemes {
                if !endpoint.reachable_with(scheme) {
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
    fn resolve_path(&self, call: Lookup<'_>, report: &mut CallReport) -> bool {
        let Lookup { method, url: normalised, schemes } = call;
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
            // Candidates of a `/users/{id}` template answer a `/me` call here.
            let mut used_users = direct.is_none();
            if ranked.is_empty()
                && let (Some(_), Some(users)) = (direct, as_users)
            {
                ranked = &self.template_candidates[users][index];
                used_users = true;
                if !ranked.is_empty() {
                    report.notes.push(format!(
                        "{}: the /me template grants nothing, used {}",
                        scheme.as_str(),
                        self.matcher.template(users).raw
                    ));
                }
            }
            if !ranked.is_empty() {
                let ranked = if used_users { self.for_the_signed_in_user(ranked) } else { ranked.clone() };
                report.candidates.insert(scheme, ranked);
            }
        }
        true
    }

    /// Candidates of a `/users/{id}…` template used for a `/me…` call: a `least` marker on
    /// a tenant-wide permission (`User.ReadWrite.All` for `PATCH /users/{id}`) is about
    /// any user; for the signed-in user it passes to the same access without `.All`
    /// (`User.ReadWrite`) when that one grants the call.
    fn for_the_signed_in_user(&self, ranked: &[Candidate]) -> Vec<Candidate> {
        let mut ranked = ranked.to_vec();
        for at in 0..ranked.len() {
            let name = self.permission_name(ranked[at].permission);
            let Some(own) = name.strip_suffix(".All") else {
                continue;
            };
            if !ranked[at].least {
                continue;
            }
            if let Some(heir) = ranked.iter().position(|c| self.permission_name(c.permission) == own) {
                ranked[heir].least = true;
                ranked[at].least = false;
            }
        }
        ranked.sort_by(|a, b| order::compare(&self.rankable(a), &self.rankable(b)));
        ranked
    }

    /// What the one ranking ([`order::compare`]) reads of a candidate.
    fn rankable(&self, candidate: &Candidate) -> Rankable<'_> {
        Rankable {
            name: self.permission_name(candidate.permission),
            least: candidate.least,
            privilege_level: candidate.rank_level,
        }
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

    /// Candidates of some endpoints for a scheme, merged by permission and ranked by
    /// [`order::compare`].
    ///
    /// The `least` flag is method-aware: a marker on a pathSet of one method counts as
    /// written; a marker on a pathSet of several methods (GET, PATCH, DELETE) counts for
    /// this method only where no strictly lower permission (by access, then level) grants
    /// the same call; and for a read (GET) a read permission flagged least takes the flag
    /// from every write, and where only writes are flagged, the first read at no higher
    /// level takes it. For a write (PATCH, PUT, DELETE) that a write permission grants,
    /// read-only permissions are not candidates, and a marker one of them carried passes
    /// to the write of its family. App-only access has no candidates for a
    /// `/me` call. Placeholder scheme entries are never offered: their real permission
    /// is, when there is one.
    pub fn rank_candidates(&self, endpoints: &[EndpointId], scheme: Scheme) -> Vec<Candidate> {
        // Each merged candidate with its marker flags: by a single-method pathSet, by a
        // multi-method one.
        let mut merged: Vec<(Candidate, Markers)> = Vec::new();
        let mut read_call = false;
        let mut write_call = false;
        for &endpoint in endpoints {
            let endpoint = &self.catalogue.endpoints[endpoint];
            read_call |= endpoint.method == "GET";
            write_call |= matches!(endpoint.method.as_str(), "PATCH" | "PUT" | "DELETE");
            // App-only access never reaches `/me` (what the file lists for it is spread
            // from the `/users/{id}` rows of its pathSet).
            if !endpoint.reachable_with(scheme) {
                continue;
            }
            for (mut permission, grant) in self.catalogue.endpoint_grants(endpoint) {
                if !grant.schemes.contains(&scheme) {
                    continue;
                }
                let mut replaces = None;
                if self.catalogue.permissions[permission].is_placeholder(scheme) {
                    match self.catalogue.placeholder_replacement(permission, scheme) {
                        Some(real) => {
                            replaces = Some(permission);
                            permission = real;
                        }
                        None => continue,
                    }
                }
                let raw = grant.is_least_for(scheme);
                let multi_method = grant.is_multi_method();
                let (single, multi) = (raw && !multi_method, raw && multi_method);
                match merged.iter_mut().find(|(c, _)| c.permission == permission) {
                    Some((existing, markers)) => {
                        existing.least_raw |= raw;
                        markers.single |= single;
                        markers.multi |= multi;
                        if replaces.is_none() {
                            existing.replaces = None;
                        }
                        for also in &grant.also_requires {
                            if !existing.also_requires.contains(also) {
                                existing.also_requires.push(also.clone());
                            }
                        }
                    }
                    None => merged.push((
                        Candidate {
                            permission,
                            least: false,
                            least_raw: raw,
                            privilege_level: self.catalogue.permissions[permission].privilege_level(scheme),
                            rank_level: self.rank_level(permission, scheme),
                            also_requires: grant.also_requires.clone(),
                            replaces,
                        },
                        Markers { single, multi },
                    )),
                }
            }
        }
        // An Intune permission on a path not about devices ([`order::off_resource`]): its
        // marker passes to the first other candidate by the ranking, and it ranks after
        // them.
        // Decided once per candidate here, not in every comparison of the sorts below.
        let paths: Vec<String> = endpoints
            .iter()
            .map(|&endpoint| self.catalogue.endpoints[endpoint].raw_path.to_ascii_lowercase())
            .collect();
        let off_resource: Vec<PermissionId> = merged
            .iter()
            .map(|(candidate, _)| candidate.permission)
            .filter(|&permission| {
                let name = self.permission_name(permission);
                paths.iter().all(|path| order::off_resource(name, path))
            })
            .collect();
        let off = |candidate: &Candidate| off_resource.contains(&candidate.permission);
        let off_markers = merged.iter().filter(|(candidate, _)| off(candidate)).fold(
            Markers { single: false, multi: false },
            |all, (_, markers)| Markers {
                single: all.single || markers.single,
                multi: all.multi || markers.multi,
            },
        );
        if off_markers.single || off_markers.multi {
            let heir = (0..merged.len())
                .filter(|&index| !off(&merged[index].0))
                .min_by(|&a, &b| order::compare(&self.rankable(&merged[a].0), &self.rankable(&merged[b].0)));
            // Only where another permission grants the call: a path that only Intune
            // permissions grant (`/pfxUserCertificates`) keeps their markers.
            if let Some(heir) = heir {
                for (candidate, markers) in &mut merged {
                    if off(candidate) {
                        *markers = Markers { single: false, multi: false };
                    }
                }
                let markers = &mut merged[heir].1;
                markers.single |= off_markers.single;
                markers.multi |= off_markers.multi;
            }
        }
        // A PATCH, PUT or DELETE is a write: where the data also lists write permissions
        // for it, the read-only ones (`User.Read` for `PATCH /me/responsibilities/{id}`,
        // spread over the methods of a multi-method pathSet) do not serve and are left out
        // before any flag is weighed.
        // A `least` marker such a read carried passes to the write of its family
        // (`User.Read` → `User.ReadWrite`, `User.Read.All` → `User.ReadWrite.All`) when
        // that one grants the call: the marker was written for the path, not for a read.
        let is_write = |candidate: &Candidate| order::is_write(self.permission_name(candidate.permission));
        if write_call && merged.iter().any(|(candidate, _)| is_write(candidate)) {
            let heirs: Vec<(usize, usize)> = (0..merged.len())
                .filter(|&read| !is_write(&merged[read].0))
                .filter_map(|read| {
                    let (resource, scope, _) =
                        order::family(self.permission_name(merged[read].0.permission))?;
                    // The lowest write of the family (`ReadWrite` before `Manage`).
                    (0..merged.len())
                        .filter(|&index| is_write(&merged[index].0))
                        .filter_map(|index| {
                            let (other, other_scope, access) =
                                order::family(self.permission_name(merged[index].0.permission))?;
                            (other == resource && other_scope == scope).then_some((access, index))
                        })
                        .min()
                        .map(|(_, heir)| (read, heir))
                })
                .collect();
            for (read, heir) in heirs {
                let (least_raw, markers) = (merged[read].0.least_raw, merged[read].1);
                let (candidate, heir_markers) = &mut merged[heir];
                heir_markers.single |= markers.single;
                heir_markers.multi |= markers.multi;
                candidate.least_raw |= least_raw;
            }
            merged.retain(|(candidate, _)| is_write(candidate));
        }
        let effective: Vec<bool> = merged
            .iter()
            .map(|(candidate, markers)| {
                markers.single
                    || (markers.multi
                        && !merged.iter().any(|(other, _)| {
                            order::strictly_lower(&self.rankable(other), &self.rankable(candidate))
                        }))
            })
            .collect();
        let mut merged: Vec<Candidate> = merged.into_iter().map(|(candidate, _)| candidate).collect();
        for (candidate, least) in merged.iter_mut().zip(effective) {
            candidate.least = least;
        }
        if read_call {
            // A read whose markers sit on writes only (`Files.ReadWrite` flagged for
            // `GET …/workbook/worksheets/{id}/names`, `Files.Read` listed unflagged at
            // the same level): the flag passes to the first read by the ranking whose
            // level is no higher than the lowest flagged write's, so a read never gets a
            // write where a read at no higher level serves.
            if !merged.iter().any(|c| c.least && !is_write(c))
                && let Some(limit) = merged.iter().filter(|c| c.least).filter_map(|c| c.rank_level).min()
            {
                let heir = merged
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !is_write(c) && c.rank_level.is_some_and(|level| level <= limit))
                    .min_by(|(_, a), (_, b)| {
                        off(a).cmp(&off(b)).then_with(|| order::compare(&self.rankable(a), &self.rankable(b)))
                    })
                    .map(|(index, _)| index);
                if let Some(heir) = heir {
                    merged[heir].least = true;
                }
            }
            let read_flagged = merged.iter().any(|c| c.least && !is_write(c));
            if read_flagged {
                for candidate in &mut merged {
                    if is_write(candidate) {
                        candidate.least = false;
                    }
                }
            }
        }
        merged.sort_by(|a, b| {
            b.least
                .cmp(&a.least)
                .then_with(|| off(a).cmp(&off(b)))
                .then_with(|| order::compare(&self.rankable(a), &self.rankable(b)))
        });
        merged
    }
}

/// Where a candidate's `least` markers came from, while candidates are merged.
#[derive(Clone, Copy)]
struct Markers {
    /// A marker on a pathSet of one method.
    single: bool,
    /// A marker on a pathSet of several methods (weighed against lower candidates).
    multi: bool,
}

/// Per permission and scheme, the privilege level made monotone within its family
/// ([`order::family`]: same resource and scope): a permission ranks at least as high as
/// every member of lower access (`DeviceManagementConfiguration.ReadWrite.All` is 3 in
/// the data, its `Read.All` 4: the ReadWrite ranks 4). Inversions are `lint` findings.
fn monotone_levels(permissions: &[Permission]) -> Vec<[Option<u8>; 3]> {
    let families = order::families(permissions.iter().map(|permission| permission.name.as_str()).enumerate());
    let mut levels: Vec<[Option<u8>; 3]> = permissions
        .iter()
        .map(|permission| Scheme::ALL.map(|scheme| permission.privilege_level(scheme)))
        .collect();
    for members in families.values() {
        for &(access, id) in members {
            for scheme in Scheme::ALL {
                let index = scheme_index(scheme);
                let Some(own) = permissions[id].privilege_level(scheme) else {
                    continue;
                };
                let below = members
                    .iter()
                    .filter(|(other_access, _)| *other_access < access)
                    .filter_map(|(_, other)| permissions[*other].privilege_level(scheme))
                    .max();
                levels[id][index] = Some(below.map_or(own, |below| below.max(own)));
            }
        }
    }
    levels
}

/// Why Application cannot make a `/me` call ([`ME_UNSUPPORTED_REASON`]), and where to go
/// instead; the pointer is left out when the report names the `/users/{id}` call.
macro_rules! me_unsupported_reason {
    () => {
        "/me needs a signed-in user: application permissions cannot call it"
    };
}
const ME_UNSUPPORTED: &str = concat!(me_unsupported_reason!(), " (use /users/{id})");
const ME_UNSUPPORTED_REASON: &str = me_unsupported_reason!();

/// Where a `$ref`, `$count` or `$value` call without its own entry in the data takes
/// its permissions from, in order, with the note that says so:
/// - `$count`, `$value`, and reading `$ref`: the same method on the path without the
///   system segment (`GET …/photo/$value` → `GET …/photo`);
/// - adding a reference (`POST`/`PUT …/members/$ref`): the relationship's own link
///   permissions, from removing one (`DELETE …/members/{id}/$ref`, then
///   `DELETE …/members/{id}`); never `POST …/members`, which creates an object;
/// - removing one (`DELETE …/members/{id}/$ref`): `DELETE …/members/{id}`, then adding
///   one (`POST …/members/$ref`).
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
    let without = || {
        edit(&|segments| {
            segments.pop();
        })
    };
    if last != "$ref" || method == "GET" {
        return vec![(
            method.to_string(),
            without(),
            format!(
                "the data has no entry for {method} …/{last}: using the permissions of {method} on the path without {last}"
            ),
        )];
    }
    let mut out = Vec::new();
    if matches!(method, "POST" | "PUT") {
        let member_ref = edit(&|segments| {
            segments.pop();
            segments.push("{ref}".to_string());
            segments.push("$ref".to_string());
        });
        let member = edit(&|segments| {
            segments.pop();
            segments.push("{ref}".to_string());
        });
        let note = |what: &str| {
            format!(
                "the data has no entry for {method} …/$ref: using the permissions of {what} of the same relationship (adding and removing a link need the same permissions; creating an object does not add a link)"
            )
        };
        out.push(("DELETE".to_string(), member_ref, note("DELETE …/{id}/$ref")));
        out.push(("DELETE".to_string(), member, note("DELETE …/{id}")));
    } else if method == "DELETE" {
        out.push((
            "DELETE".to_string(),
            without(),
            "the data has no entry for DELETE …/{id}/$ref: using the permissions of DELETE …/{id} of the same relationship".to_string(),
        ));
        if normalised.segments.len() > 2 {
            let collection_ref = edit(&|segments| {
                segments.pop();
                segments.pop();
                segments.push("$ref".to_string());
            });
            out.push((
                "POST".to_string(),
                collection_ref,
                "the data has no entry for DELETE …/$ref: using the permissions of POST …/$ref of the same relationship".to_string(),
            ));
        }
    }
    out
}

/// Other spellings of a URL the data has no entry for, each with the note that says
/// how it was read, tried in order after the URL and its fallbacks:
/// - casts the data has no entry for are dropped (`…/memberOf/microsoft.graph.group/$count`
///   → `…/memberOf/$count`);
/// - a site addressed by path (`sites/{host}:/sites/x:`) is one site id;
/// - a special folder (`special/approot:`) is an item (`items/{id}:`);
/// - `/me/drive`, `/users/{id}/drive`, `/groups/{id}/drive`, `/sites/{id}/drive` are
///   `/drives/{id}`.
fn aliases(normalised: &NormalisedUrl) -> Vec<(NormalisedUrl, String)> {
    type Rewrite = fn(&[String]) -> Option<Vec<String>>;
    let rewrites: [(Rewrite, &str); 6] = [
        (drop_casts, "a cast the data has no entry for is dropped"),
        (site_path_as_id, "a site addressed by its path is read as a site id"),
        (special_folder_as_item, "a special folder is read as a drive item"),
        (path_item_as_item, "a drive item addressed by its path is read as an item id"),
        (drive_alias, "the drive of a user, group or site is read as /drives/{id}"),
        (user_drive_alias, "a drive is read as the drive of a user (/users/{id}/drive)"),
    ];
    let apply = |base: &NormalisedUrl, rewrite: Rewrite| -> Option<NormalisedUrl> {
        let segments = rewrite(&base.segments)?;
        let variants = base.variants.iter().filter_map(|variant| rewrite(variant)).collect();
        Some(NormalisedUrl { segments, variants, ..base.clone() })
    };
    let mut out: Vec<(NormalisedUrl, String)> = Vec::new();
    // Each rewrite alone, then all that apply together.
    let mut combined = normalised.clone();
    let mut combined_notes = Vec::new();
    for (rewrite, note) in rewrites {
        if let Some(alias) = apply(normalised, rewrite) {
            out.push((alias, format!("no template for the URL as written: {note}")));
        }
        if let Some(next) = apply(&combined, rewrite) {
            combined = next;
            combined_notes.push(note);
        }
    }
    if combined_notes.len() > 1 {
        out.push((combined, format!("no template for the URL as written: {}", combined_notes.join("; "))));
    }
    out
}

fn drop_casts(segments: &[String]) -> Option<Vec<String>> {
    let kept: Vec<String> = segments
        .iter()
        .enumerate()
        .filter(|(index, segment)| *index == 0 || !url::is_cast(segment))
        .map(|(_, segment)| segment.clone())
        .collect();
    (kept.len() < segments.len() && !kept.is_empty()).then_some(kept)
}

fn site_path_as_id(segments: &[String]) -> Option<Vec<String>> {
    let start = segments
        .windows(2)
        .position(|pair| pair[0] == "sites" && pair[1].ends_with(':') && pair[1].len() > 1)?
        + 1;
    let end = segments[start + 1..]
        .iter()
        .position(|s| s.ends_with(':'))
        .map_or(segments.len() - 1, |p| start + 1 + p);
    let mut out = segments[..start].to_vec();
    out.push("{site}".to_string());
    out.extend_from_slice(&segments[end + 1..]);
    Some(out)
}

/// `root:/a/b.txt:`, `items/{id}:/a/b.txt:` and `items/{id}:` (a special folder read as
/// an item) → `items/{item}`: the path addresses one item.
fn path_item_as_item(segments: &[String]) -> Option<Vec<String>> {
    let open = segments.iter().position(|segment| segment.ends_with(':'))?;
    let start = if segments[open] == "root:" {
        open
    } else if open > 0 && segments[open - 1] == "items" {
        open - 1
    } else {
        return None;
    };
    // The closing colon: the next segment ending with one, or the opening one itself
    // when the item is addressed as `items/{id}:` alone.
    let close = segments[open + 1..].iter().position(|s| s.ends_with(':')).map_or(open, |p| open + 1 + p);
    let mut out = segments[..start].to_vec();
    out.push("items".to_string());
    out.push("{item}".to_string());
    out.extend_from_slice(&segments[close + 1..]);
    Some(out)
}

fn special_folder_as_item(segments: &[String]) -> Option<Vec<String>> {
    let position = segments.iter().position(|segment| segment == "special")?;
    let folder = segments.get(position + 1)?;
    let mut out = segments[..position].to_vec();
    out.push("items".to_string());
    out.push(if folder.ends_with(':') { "{special}:".to_string() } else { "{special}".to_string() });
    out.extend_from_slice(&segments[position + 2..]);
    Some(out)
}

/// Where the drive part of a drive path ends: `me/drive`, `users/{id}/drive`,
/// `groups/{id}/drive`, `sites/{id}/drive` or `drives/{id}` (the index after it).
fn drive_prefix(segments: &[String]) -> Option<usize> {
    match segments.first().map(String::as_str) {
        Some("me") if segments.get(1).map(String::as_str) == Some("drive") => Some(2),
        Some("users" | "groups" | "sites") if segments.get(2).map(String::as_str) == Some("drive") => Some(3),
        Some("drives") if segments.len() >= 2 => Some(2),
        _ => None,
    }
}

fn drive_alias(segments: &[String]) -> Option<Vec<String>> {
    let rest = drive_prefix(segments).filter(|_| segments[0] != "drives")?;
    let mut out = vec!["drives".to_string(), "{drive}".to_string()];
    out.extend_from_slice(&segments[rest..]);
    Some(out)
}

fn user_drive_alias(segments: &[String]) -> Option<Vec<String>> {
    let rest = drive_prefix(segments).filter(|_| segments[0] != "users" && segments[0] != "me")?;
    let mut out = vec!["users".to_string(), "{user}".to_string(), "drive".to_string()];
    out.extend_from_slice(&segments[rest..]);
    Some(out)
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
