//! A set of calls as a whole: per scheme, the permission set that covers every call
//! (exact, see [`super::solve`]) under the least-privilege objective (or, opted in, the
//! fewest permissions), with `AlsoRequires` added and permissions implied by another
//! chosen one removed; and the comparison with what an app already holds.
//!
//! The least-privilege objective, lexicographic:
//! 1. the highest privilege any chosen permission brings ([`order::privilege_rank`]:
//!    the family-monotone level, tier 0 above every level);
//! 2. the number of calls not covered by a permission flagged least for that call;
//! 3. the number of write permissions used only for reads;
//! 4. the total privilege level;
//! 5. the number of permissions.
//!
//! 1 and 2 are met exactly by narrowing each call's candidates: to its least-flagged
//! ones (method-aware, tier 0 excepted) when it has any, then to those at or under the
//! lowest possible highest privilege. The flag decides which permissions *serve* a call
//! before levels compare them: an unflagged permission of a lower level often serves a
//! sub-case only (`AgentIdUser.ReadWrite.IdentityParentedBy` for `PATCH /users/{id}`).
//! 3–5 are additive, so they become one weight per permission for the exact solver.

use std::collections::{BTreeMap, HashMap};

use super::engine::{CallReport, CallStatus, Engine};
use super::input::{Calls, MAX_CALLS, Target};
use super::order::{self, implies};
use super::solve::{self, DEFAULT_NODE_BUDGET};
use super::{Diagnostic, Severity};
use crate::model::{PermissionId, Scheme};

/// What the minimal set minimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// The least-privilege objective of the module documentation (the default).
    #[default]
    LeastPrivilege,
    /// Fewest permissions first, then the lowest total level (`--fewest`): broad
    /// permissions that consolidate several calls; each says what it grants beyond them.
    Fewest,
}

impl Objective {
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::LeastPrivilege => "least-privilege",
            Objective::Fewest => "fewest",
        }
    }
}

/// The answer for a set of calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub calls: Vec<CallReport>,
    /// The schemes asked for, in [`Scheme::ALL`] order.
    pub schemes: Vec<Scheme>,
    pub objective: Objective,
    pub minimal: BTreeMap<Scheme, SchemeCover>,
    pub granted: Option<GrantedComparison>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The minimal permission set of one scheme.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemeCover {
    pub permissions: Vec<ChosenPermission>,
    /// Matched calls that no permission of this scheme grants (or that the scheme cannot
    /// make, like `/me` under application permissions).
    pub uncovered: Vec<usize>,
    /// False when the solver's budget ran out before the optimum was proven.
    pub optimal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenPermission {
    pub name: String,
    pub permission: Option<PermissionId>,
    pub privilege_level: Option<u8>,
    /// Flagged `least` (for the call's method) for at least one of the calls it covers.
    pub least: bool,
    /// Indexes into [`Report::calls`].
    pub covers: Vec<usize>,
    /// Set when the permission was added because these chosen ones require it.
    pub required_by: Vec<String>,
    /// One of [`order::TIER_ZERO`].
    pub tier_zero: bool,
    /// With [`Objective::Fewest`], for a permission the least-privilege set does not
    /// choose: what it grants beyond the calls.
    pub beyond: Option<Beyond>,
}

/// What a broad permission of a `--fewest` set grants beyond the calls it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beyond {
    /// Endpoints it grants under the scheme that none of the calls use.
    pub other_endpoints: usize,
    /// The least-privilege set's permissions for the same calls.
    pub narrower: Vec<String>,
}

/// `--granted`: what an app holds against what the calls need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantedComparison {
    pub granted: Vec<String>,
    /// Granted names that are not Microsoft Graph permissions.
    pub unknown: Vec<String>,
    pub schemes: BTreeMap<Scheme, SchemeGranted>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemeGranted {
    /// Permissions to add: a least-privilege set covering the calls the granted ones do
    /// not, plus unmet AlsoRequires.
    pub missing: Vec<String>,
    /// Granted permissions that no call needs under this scheme.
    pub excess: Vec<String>,
    /// Granted permissions that cover calls but are broader than needed, each with the
    /// narrower permissions of the least-privilege set for the same calls.
    pub broader: Vec<Broader>,
    /// Calls the granted permissions do not cover.
    pub not_granted: Vec<usize>,
    /// True when some permission of the scheme grants every matched call: with every
    /// scheme asked for, only such schemes decide whether something is missing.
    pub can_make_all: bool,
}

/// A granted permission broader than the calls need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broader {
    pub granted: String,
    pub narrower: Vec<String>,
}

impl Report {
    /// True when any call was invalid or matched no template.
    pub fn has_unmatched(&self) -> bool {
        self.calls.iter().any(|call| call.status != CallStatus::Matched)
    }

    /// True when a matched call is covered by no permission in any asked scheme.
    pub fn has_uncovered(&self) -> bool {
        self.calls
            .iter()
            .enumerate()
            .filter(|(_, call)| call.status == CallStatus::Matched)
            .any(|(index, _)| self.minimal.values().all(|cover| cover.uncovered.contains(&index)))
    }

    /// True when `--granted` lacks a covering permission under a scheme asked for; when
    /// every scheme was asked for, under any scheme that can make all the calls.
    pub fn has_missing(&self) -> bool {
        self.granted.as_ref().is_some_and(|granted| granted_has_missing(&self.schemes, granted))
    }
}

/// [`Report::has_missing`] for a comparison made for `schemes`.
pub fn granted_has_missing(schemes: &[Scheme], granted: &GrantedComparison) -> bool {
    let every_scheme = schemes.len() > 1;
    granted
        .schemes
        .values()
        .filter(|scheme| !every_scheme || scheme.can_make_all)
        .any(|scheme| !scheme.missing.is_empty() || !scheme.not_granted.is_empty())
}

impl Engine {
    /// Resolves every call, then solves each scheme with the least-privilege objective
    /// and compares with `granted` (permission names).
    pub fn analyse(&self, input: &Calls, schemes: &[Scheme], granted: Option<&[String]>) -> Report {
        self.analyse_with(input, schemes, granted, Objective::LeastPrivilege)
    }

    /// [`Engine::analyse`] with a chosen objective.
    pub fn analyse_with(
        &self,
        input: &Calls,
        schemes: &[Scheme],
        granted: Option<&[String]>,
        objective: Objective,
    ) -> Report {
        let schemes: Vec<Scheme> =
            Scheme::ALL.into_iter().filter(|scheme| schemes.contains(scheme)).collect();
        let mut diagnostics: Vec<Diagnostic> = input
            .problems
            .iter()
            .map(|problem| Diagnostic {
                call: None,
                severity: problem.severity,
                source: problem.source.clone(),
                message: problem.message.clone(),
            })
            .collect();
        let mut calls = Vec::with_capacity(input.calls.len());
        for spec in &input.calls {
            match &spec.target {
                Target::Request { method, url } => {
                    let call = self.resolve(method, url, &spec.source, &schemes);
                    let expands = call.status == CallStatus::Matched && call.method == "GET";
                    let index = calls.len();
                    calls.push(call);
                    if expands {
                        calls.extend(self.expansions(url, index, &spec.source, &schemes));
                    }
                }
                Target::Cmdlet { name } => {
                    calls.extend(self.resolve_cmdlet(name, &spec.source, &schemes));
                }
            }
            if calls.len() > MAX_CALLS {
                // Cmdlets expand into several calls: the cap holds after expansion too.
                calls.truncate(MAX_CALLS);
                diagnostics.push(Diagnostic {
                    call: None,
                    severity: Severity::Error,
                    source: spec.source.clone(),
                    message: format!(
                        "more than {MAX_CALLS} calls after expanding cmdlets: the rest is ignored"
                    ),
                });
                break;
            }
        }
        for (index, call) in calls.iter().enumerate() {
            let diagnostic = |severity, message| Diagnostic {
                call: Some(index),
                severity,
                source: call.source.clone(),
                message,
            };
            match call.status {
                CallStatus::Invalid => {
                    diagnostics.push(diagnostic(Severity::Error, call.error.clone().unwrap_or_default()))
                }
                CallStatus::Unmatched if call.too_complex => diagnostics.push(diagnostic(
                    Severity::Error,
                    format!(
                        "too complex: matching {} {} stopped at its budget of {} steps",
                        call.method,
                        call.url,
                        super::matcher::MAX_STEPS
                    ),
                )),
                CallStatus::Unmatched => {
                    let mut message = format!("no permission template matches {} {}", call.method, call.url);
                    if let Some(first) = call.suggestions.first() {
                        message.push_str(&format!(" (nearest: {first})"));
                    }
                    diagnostics.push(diagnostic(Severity::Error, message));
                }
                CallStatus::Matched => {}
            }
            for note in &call.notes {
                diagnostics.push(diagnostic(Severity::Note, note.clone()));
            }
        }
        let minimal = schemes.iter().map(|&scheme| (scheme, self.cover(&calls, scheme, objective))).collect();
        let mut report = Report { calls, schemes, objective, minimal, granted: None, diagnostics };
        if let Some(names) = granted {
            let (known, unknown) = self.granted_ids(names);
            for name in &unknown {
                let message = self.catalogue().unknown_name(name);
                report.diagnostics.push(Diagnostic {
                    call: None,
                    severity: Severity::Warning,
                    source: "--granted".to_string(),
                    message,
                });
            }
            let mut comparison = self.compare_granted(&report, &known);
            comparison.unknown = unknown;
            report.granted = Some(comparison);
        }
        report
    }

    /// `$expand=x` of a GET also reads the navigation `x`: one more call per expanded
    /// navigation that has a template, with a note naming the call it comes from.
    fn expansions(&self, url: &str, index: usize, source: &str, schemes: &[Scheme]) -> Vec<CallReport> {
        let (path, navigations) = super::url::expand_navigations(url);
        navigations
            .into_iter()
            .filter_map(|navigation| {
                let expanded = format!("{}/{navigation}", path.trim_end_matches('/'));
                let mut call =
                    self.resolve("GET", &expanded, &format!("{source} $expand={navigation}"), schemes);
                if call.status != CallStatus::Matched {
                    return None;
                }
                call.notes.insert(0, format!("added for $expand={navigation} of call #{index}"));
                Some(call)
            })
            .collect()
    }

    /// Granted names as permission ids (exact name, else the one name differing in
    /// case), and the names that are none.
    pub fn granted_ids(&self, names: &[String]) -> (Vec<PermissionId>, Vec<String>) {
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            match self.permission_id(name) {
                Some(id) if !known.contains(&id) => known.push(id),
                Some(_) => {}
                None => unknown.push(name.to_string()),
            }
        }
        (known, unknown)
    }

    /// The minimal cover of every matched call for one scheme.
    fn cover(&self, calls: &[CallReport], scheme: Scheme, objective: Objective) -> SchemeCover {
        let wanted: Vec<usize> = calls
            .iter()
            .enumerate()
            .filter(|(_, call)| call.status == CallStatus::Matched)
            .map(|(index, _)| index)
            .collect();
        let (mut permissions, uncovered, optimal) = self.cover_calls(calls, &wanted, scheme, &[], objective);
        if objective == Objective::Fewest {
            let (least, _, _) = self.cover_calls(calls, &wanted, scheme, &[], Objective::LeastPrivilege);
            self.describe_beyond(calls, scheme, &mut permissions, &least);
        }
        SchemeCover { permissions, uncovered, optimal }
    }

    /// For each permission of a `--fewest` set that the least-privilege set does not
    /// choose: the endpoints it grants that no call uses, and the narrower permissions.
    fn describe_beyond(
        &self,
        calls: &[CallReport],
        scheme: Scheme,
        fewest: &mut [ChosenPermission],
        least: &[ChosenPermission],
    ) {
        for chosen in fewest.iter_mut() {
            let Some(permission) = chosen.permission else {
                continue;
            };
            if least.iter().any(|other| other.permission == Some(permission))
                || !chosen.required_by.is_empty()
            {
                continue;
            }
            let mut used: Vec<usize> =
                chosen.covers.iter().flat_map(|&index| calls[index].endpoints.iter().copied()).collect();
            used.sort_unstable();
            used.dedup();
            let narrower: Vec<String> = least
                .iter()
                .filter(|other| other.covers.iter().any(|call| chosen.covers.contains(call)))
                .map(|other| other.name.clone())
                .collect();
            chosen.beyond = Some(Beyond {
                other_endpoints: self.endpoint_count(permission, scheme).saturating_sub(used.len()),
                narrower,
            });
        }
    }

    /// The candidates that serve a call in the least-privilege sense: its least-flagged
    /// ones (the method-aware flag) other than tier 0, when it has any; else every
    /// candidate. The flag is the data's word on which permissions really serve the
    /// call: an unflagged permission of a lower level often serves a sub-case only
    /// (`AgentIdUser.ReadWrite.IdentityParentedBy` for `PATCH /users/{id}`).
    fn own_least<'a>(&self, call: &'a CallReport, scheme: Scheme) -> Vec<&'a super::Candidate> {
        let candidates = call.candidates.get(&scheme).map(Vec::as_slice).unwrap_or_default();
        let flagged: Vec<&super::Candidate> = candidates
            .iter()
            .filter(|c| c.least && !order::is_tier_zero(self.permission_name(c.permission)))
            .collect();
        if flagged.is_empty() { candidates.iter().collect() } else { flagged }
    }

    /// The candidates the solver may use for one call: every candidate for
    /// [`Objective::Fewest`]; for the least-privilege objective, the call's own least
    /// ones ([`Engine::own_least`]) at or under `ceiling`.
    fn options(
        &self,
        call: &CallReport,
        scheme: Scheme,
        objective: Objective,
        ceiling: u8,
    ) -> Vec<PermissionId> {
        if objective == Objective::Fewest {
            let candidates = call.candidates.get(&scheme).map(Vec::as_slice).unwrap_or_default();
            return candidates.iter().map(|candidate| candidate.permission).collect();
        }
        self.own_least(call, scheme)
            .into_iter()
            .filter(|candidate| self.privilege_rank_of(candidate.permission, scheme) <= ceiling)
            .map(|candidate| candidate.permission)
            .collect()
    }

    /// The privilege rank of a permission under a scheme (see [`order::privilege_rank`]).
    fn privilege_rank_of(&self, permission: PermissionId, scheme: Scheme) -> u8 {
        order::privilege_rank(self.permission_name(permission), self.rank_level(permission, scheme))
    }

    /// Covers `wanted` calls with new permissions, given permissions already `held`
    /// (whose AlsoRequires and implications count as held too).
    fn cover_calls(
        &self,
        calls: &[CallReport],
        wanted: &[usize],
        scheme: Scheme,
        held: &[PermissionId],
        objective: Objective,
    ) -> (Vec<ChosenPermission>, Vec<usize>, bool) {
        // The lowest possible highest privilege: every call needs one of its own least
        // candidates, and each call's lowest one together reach exactly this.
        let ceiling = wanted
            .iter()
            .filter_map(|&index| {
                self.own_least(&calls[index], scheme)
                    .into_iter()
                    .map(|candidate| self.privilege_rank_of(candidate.permission, scheme))
                    .min()
            })
            .max()
            .unwrap_or(0);
        let elements: Vec<Vec<usize>> =
            wanted.iter().map(|&index| self.options(&calls[index], scheme, objective, ceiling)).collect();
        let mut least_any = vec![false; self.catalogue().permissions.len()];
        for &index in wanted {
            for candidate in calls[index].candidates.get(&scheme).into_iter().flatten() {
                least_any[candidate.permission] |= candidate.least;
            }
        }
        // A write permission offered only to reads would be used only for reads.
        let mut serves_write = vec![false; self.catalogue().permissions.len()];
        for (position, &index) in wanted.iter().enumerate() {
            if calls[index].method != "GET" {
                for &permission in &elements[position] {
                    serves_write[permission] = true;
                }
            }
        }
        let weight = |permission: PermissionId| match objective {
            Objective::Fewest => {
                (1u64 << 32)
                    + (order::privilege_weight(self.rank_level(permission, scheme)) << 8)
                    + u64::from(!least_any[permission])
            }
            Objective::LeastPrivilege => {
                let write_for_reads =
                    order::is_write(self.permission_name(permission)) && !serves_write[permission];
                (u64::from(write_for_reads) << 42)
                    + (u64::from(self.privilege_rank_of(permission, scheme)) << 21)
                    + 1
            }
        };
        let solution = solve::solve(&elements, weight, DEFAULT_NODE_BUDGET);
        let uncovered: Vec<usize> = solution.uncoverable.iter().map(|&i| wanted[i]).collect();
        // Calls per permission, built once: `covers` of every chosen permission.
        let mut calls_of: HashMap<PermissionId, Vec<usize>> = HashMap::new();
        for (position, &index) in wanted.iter().enumerate() {
            for &permission in &elements[position] {
                calls_of.entry(permission).or_default().push(index);
            }
        }
        let covers_of = |permission: PermissionId| -> Vec<usize> {
            calls_of.get(&permission).cloned().unwrap_or_default()
        };
        let chosen_permission = |permission: PermissionId, covers: Vec<usize>, required_by: Vec<String>| {
            let name = self.permission_name(permission).to_string();
            ChosenPermission {
                tier_zero: order::is_tier_zero(&name),
                name,
                permission: Some(permission),
                privilege_level: self.catalogue().permissions[permission].privilege_level(scheme),
                least: least_any[permission] && required_by.is_empty(),
                covers,
                required_by,
                beyond: None,
            }
        };
        let mut chosen: Vec<ChosenPermission> = solution
            .chosen
            .iter()
            .map(|&permission| chosen_permission(permission, covers_of(permission), Vec::new()))
            .collect();
        // AlsoRequires of each chosen permission on the calls it covers: the data lists
        // alternatives, any one of which will do.
        let mut required: Vec<(Vec<String>, String)> = Vec::new();
        for permission in &chosen {
            for &index in &permission.covers {
                let candidates = calls[index].candidates.get(&scheme).into_iter().flatten();
                for candidate in candidates.filter(|c| Some(c.permission) == permission.permission) {
                    if !candidate.also_requires.is_empty() {
                        required.push((candidate.also_requires.clone(), permission.name.clone()));
                    }
                }
            }
        }
        for (alternatives, by) in required {
            let satisfied_by = |name: &str| {
                chosen.iter().any(|c| implies(&c.name, name))
                    || held.iter().any(|&h| implies(self.permission_name(h), name))
            };
            if let Some(existing) = alternatives.iter().find(|name| satisfied_by(name)) {
                if let Some(chosen) = chosen.iter_mut().find(|c| implies(&c.name, existing))
                    && chosen.name != by
                    && !chosen.covers.is_empty()
                    && !chosen.required_by.contains(&by)
                    && !chosen.required_by.is_empty()
                {
                    chosen.required_by.push(by);
                }
                continue;
            }
            let name = self.least_privileged(&alternatives, scheme);
            match self.permission_id(&name) {
                Some(permission) => chosen.push(chosen_permission(permission, Vec::new(), vec![by])),
                None => chosen.push(ChosenPermission {
                    tier_zero: order::is_tier_zero(&name),
                    name,
                    permission: None,
                    privilege_level: None,
                    least: false,
                    covers: Vec::new(),
                    required_by: vec![by],
                    beyond: None,
                }),
            }
        }
        // Drop a permission that another chosen one strictly implies (by family); the
        // strongest one of each chain inherits its covers. Strict implication is a
        // partial order, so following it from any permission ends.
        let stronger: Vec<Option<usize>> = (0..chosen.len())
            .map(|index| {
                (0..chosen.len()).find(|&other| {
                    other != index
                        && implies(&chosen[other].name, &chosen[index].name)
                        && !implies(&chosen[index].name, &chosen[other].name)
                })
            })
            .collect();
        let root = |mut index: usize| {
            while let Some(next) = stronger[index] {
                index = next;
            }
            index
        };
        let mut inherited: Vec<Vec<usize>> = vec![Vec::new(); chosen.len()];
        for index in 0..chosen.len() {
            if stronger[index].is_some() {
                inherited[root(index)].extend(chosen[index].covers.iter().copied());
            }
        }
        let mut kept = Vec::with_capacity(chosen.len());
        for (index, mut permission) in chosen.into_iter().enumerate() {
            if stronger[index].is_some() {
                continue;
            }
            permission.covers.append(&mut inherited[index]);
            permission.covers.sort_unstable();
            permission.covers.dedup();
            kept.push(permission);
        }
        (kept, uncovered, solution.optimal)
    }

    /// The least privileged of some alternatives (by the candidate order, unknown names
    /// last).
    fn least_privileged(&self, alternatives: &[String], scheme: Scheme) -> String {
        let mut ranked: Vec<(Option<PermissionId>, &String)> =
            alternatives.iter().map(|name| (self.permission_id(name), name)).collect();
        ranked.sort_by(|(a, a_name), (b, b_name)| match (a, b) {
            (Some(a), Some(b)) => order::compare(
                &order::Rankable {
                    name: self.permission_name(*a),
                    least: false,
                    privilege_level: self.rank_level(*a, scheme),
                },
                &order::Rankable {
                    name: self.permission_name(*b),
                    least: false,
                    privilege_level: self.rank_level(*b, scheme),
                },
            ),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a_name.cmp(b_name),
        });
        ranked.first().map(|(_, name)| (*name).clone()).unwrap_or_default()
    }

    /// Compares what an app holds (`granted`, permission ids) with the calls of a
    /// report, per scheme of the report: missing permissions (a least-privilege set for
    /// the calls the granted ones do not cover, and unmet AlsoRequires), excess ones (no
    /// call needs them) and broader ones (they cover calls, but the least-privilege set
    /// does with narrower permissions, named). `graphperm least --granted` and the
    /// `audit` command share it; [`granted_has_missing`] decides the exit code.
    pub fn compare_granted(&self, report: &Report, granted: &[PermissionId]) -> GrantedComparison {
        let calls = &report.calls;
        let known = granted;
        let holds = |candidate: PermissionId| {
            known.iter().any(|&held| implies(self.permission_name(held), self.permission_name(candidate)))
        };
        let matched: Vec<usize> = calls
            .iter()
            .enumerate()
            .filter(|(_, call)| call.status == CallStatus::Matched)
            .map(|(index, _)| index)
            .collect();
        let mut per_scheme = BTreeMap::new();
        for &scheme in &report.schemes {
            // Per granted permission: the calls it covers.
            let mut used: Vec<Vec<usize>> = vec![Vec::new(); known.len()];
            let mut not_granted = Vec::new();
            for &index in &matched {
                let candidates = calls[index].candidates.get(&scheme);
                let mut covered = false;
                for candidate in candidates.into_iter().flatten() {
                    for (slot, &held) in known.iter().enumerate() {
                        if implies(self.permission_name(held), self.permission_name(candidate.permission)) {
                            if !used[slot].contains(&index) {
                                used[slot].push(index);
                            }
                            covered = true;
                        }
                    }
                }
                if !covered {
                    not_granted.push(index);
                }
            }
            // Calls no permission of the scheme covers are not the app's fault.
            let coverable: Vec<usize> = not_granted
                .iter()
                .copied()
                .filter(|&index| calls[index].candidates.contains_key(&scheme))
                .collect();
            let can_make_all = !matched.is_empty()
                && matched.iter().all(|index| calls[*index].candidates.contains_key(&scheme));
            let (needed, _, _) =
                self.cover_calls(calls, &coverable, scheme, known, Objective::LeastPrivilege);
            let mut missing: Vec<String> = needed.into_iter().map(|c| c.name).collect();
            // AlsoRequires of the granted permissions the calls use.
            for &index in &matched {
                for candidate in calls[index].candidates.get(&scheme).into_iter().flatten() {
                    if !holds(candidate.permission) {
                        continue;
                    }
                    for also in &candidate.also_requires {
                        let held = known.iter().any(|&h| implies(self.permission_name(h), also));
                        if !held && !missing.contains(also) {
                            missing.push(also.clone());
                        }
                    }
                }
            }
            let required_names: Vec<&String> = matched
                .iter()
                .flat_map(|&index| calls[index].candidates.get(&scheme).into_iter().flatten())
                .flat_map(|candidate| candidate.also_requires.iter())
                .collect();
            let is_required = |held: PermissionId| {
                required_names.iter().any(|name| implies(self.permission_name(held), name))
            };
            let mut excess = Vec::new();
            let mut broader = Vec::new();
            // The least-privilege set for every call, to judge the granted ones by.
            let (least, _, _) = self.cover_calls(calls, &matched, scheme, &[], Objective::LeastPrivilege);
            for (slot, &held) in known.iter().enumerate() {
                let name = self.permission_name(held);
                if used[slot].is_empty() {
                    if !is_required(held) {
                        excess.push(name.to_string());
                    }
                    continue;
                }
                if least.iter().any(|chosen| chosen.permission == Some(held)) {
                    continue;
                }
                let narrower: Vec<&super::ChosenPermission> = least
                    .iter()
                    .filter(|chosen| chosen.covers.iter().any(|call| used[slot].contains(call)))
                    .collect();
                let key = |permission: Option<PermissionId>, name: &str| {
                    let rank = permission.map_or(5, |p| self.privilege_rank_of(p, scheme));
                    (rank, order::access_rank(name))
                };
                let held_key = key(Some(held), name);
                let widest = narrower.iter().map(|chosen| key(chosen.permission, &chosen.name)).max();
                if widest.is_some_and(|widest| widest < held_key) {
                    broader.push(Broader {
                        granted: name.to_string(),
                        narrower: narrower.iter().map(|chosen| chosen.name.clone()).collect(),
                    });
                }
            }
            per_scheme.insert(
                scheme,
                SchemeGranted { missing, excess, broader, not_granted: coverable, can_make_all },
            );
        }
        GrantedComparison {
            granted: known.iter().map(|&id| self.permission_name(id).to_string()).collect(),
            unknown: Vec::new(),
            schemes: per_scheme,
        }
    }
}
