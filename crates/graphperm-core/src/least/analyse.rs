//! A set of calls as a whole: per scheme, the minimal permission set that covers every
//! call (exact, see [`super::solve`]), with `AlsoRequires` added and permissions implied
//! by another chosen one removed; and the comparison with what an app already holds.

use std::collections::{BTreeMap, HashMap};

use super::engine::{CallReport, CallStatus, Engine};
use super::input::{Calls, MAX_CALLS, Target};
use super::order::{self, implies};
use super::solve::{self, DEFAULT_NODE_BUDGET};
use super::{Diagnostic, Severity};
use crate::model::{PermissionId, Scheme};

/// The answer for a set of calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub calls: Vec<CallReport>,
    /// The schemes asked for, in [`Scheme::ALL`] order.
    pub schemes: Vec<Scheme>,
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
    /// Flagged `least` by the data for at least one of the calls it covers.
    pub least: bool,
    /// Indexes into [`Report::calls`].
    pub covers: Vec<usize>,
    /// Set when the permission was added because these chosen ones require it.
    pub required_by: Vec<String>,
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
    /// Permissions to add: a minimal set covering the calls the granted ones do not.
    pub missing: Vec<String>,
    /// Granted permissions that no call needs.
    pub excess: Vec<String>,
    /// Calls the granted permissions do not cover.
    pub not_granted: Vec<usize>,
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

    /// True when `--granted` lacks something under every asked scheme (an app uses one
    /// kind of permission, so one sufficient scheme is enough).
    pub fn has_missing(&self) -> bool {
        self.granted.as_ref().is_some_and(|granted| {
            !granted.schemes.is_empty()
                && granted
                    .schemes
                    .values()
                    .all(|scheme| !scheme.missing.is_empty() || !scheme.not_granted.is_empty())
        })
    }
}

impl Engine {
    /// Resolves every call, then solves each scheme and compares with `granted`.
    pub fn analyse(&self, input: &Calls, schemes: &[Scheme], granted: Option<&[String]>) -> Report {
        let schemes: Vec<Scheme> =
            Scheme::ALL.into_iter().filter(|scheme| schemes.contains(scheme)).collect();
        let mut diagnostics: Vec<Diagnostic> = input
            .problems
            .iter()
            .map(|problem| Diagnostic {
                call: None,
                severity: if problem.note { Severity::Note } else { Severity::Error },
                source: problem.source.clone(),
                message: problem.message.clone(),
            })
            .collect();
        let mut calls = Vec::with_capacity(input.calls.len());
        for spec in &input.calls {
            match &spec.target {
                Target::Request { method, url } => {
                    calls.push(self.resolve(method, url, &spec.source, &schemes));
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
        let minimal = schemes.iter().map(|&scheme| (scheme, self.cover(&calls, scheme))).collect();
        let granted = granted.map(|names| {
            let comparison = self.compare_granted(&calls, &schemes, names);
            for unknown in &comparison.unknown {
                diagnostics.push(Diagnostic {
                    call: None,
                    severity: Severity::Warning,
                    source: "--granted".to_string(),
                    message: format!("{unknown} is not a Microsoft Graph permission"),
                });
            }
            comparison
        });
        Report { calls, schemes, minimal, granted, diagnostics }
    }

    /// The minimal cover of every matched call for one scheme.
    fn cover(&self, calls: &[CallReport], scheme: Scheme) -> SchemeCover {
        let wanted: Vec<usize> = calls
            .iter()
            .enumerate()
            .filter(|(_, call)| call.status == CallStatus::Matched)
            .map(|(index, _)| index)
            .collect();
        let held = Vec::new();
        let (permissions, uncovered, optimal) = self.cover_calls(calls, &wanted, scheme, &held);
        SchemeCover { permissions, uncovered, optimal }
    }

    /// Covers `wanted` calls with new permissions, given permissions already `held`
    /// (whose AlsoRequires and implications count as held too).
    fn cover_calls(
        &self,
        calls: &[CallReport],
        wanted: &[usize],
        scheme: Scheme,
        held: &[PermissionId],
    ) -> (Vec<ChosenPermission>, Vec<usize>, bool) {
        let elements: Vec<Vec<usize>> = wanted
            .iter()
            .map(|&index| {
                calls[index]
                    .candidates
                    .get(&scheme)
                    .map(|list| list.iter().map(|candidate| candidate.permission).collect())
                    .unwrap_or_default()
            })
            .collect();
        let mut least_any = vec![false; self.permission_count()];
        for &index in wanted {
            for candidate in calls[index].candidates.get(&scheme).into_iter().flatten() {
                least_any[candidate.permission] |= candidate.least;
            }
        }
        let weight = |permission: PermissionId| {
            (1u64 << 32)
                + (order::privilege_weight(self.privilege_level(permission, scheme)) << 8)
                + u64::from(!least_any[permission])
        };
        let solution = solve::solve(&elements, weight, DEFAULT_NODE_BUDGET);
        let uncovered: Vec<usize> = solution.uncoverable.iter().map(|&i| wanted[i]).collect();
        // Calls per permission, built once: `covers` of every chosen permission.
        let mut calls_of: HashMap<PermissionId, Vec<usize>> = HashMap::new();
        for &index in wanted {
            for candidate in calls[index].candidates.get(&scheme).into_iter().flatten() {
                calls_of.entry(candidate.permission).or_default().push(index);
            }
        }
        let covers_of = |permission: PermissionId| -> Vec<usize> {
            calls_of.get(&permission).cloned().unwrap_or_default()
        };
        let mut chosen: Vec<ChosenPermission> = solution
            .chosen
            .iter()
            .map(|&permission| ChosenPermission {
                name: self.permission_name(permission).to_string(),
                permission: Some(permission),
                privilege_level: self.privilege_level(permission, scheme),
                least: least_any[permission],
                covers: covers_of(permission),
                required_by: Vec::new(),
            })
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
            let permission = self.permission_id(&name);
            chosen.push(ChosenPermission {
                name: permission.map_or(name.clone(), |p| self.permission_name(p).to_string()),
                permission,
                privilege_level: permission.and_then(|p| self.privilege_level(p, scheme)),
                least: false,
                covers: permission.map(covers_of).unwrap_or_default(),
                required_by: vec![by],
            });
        }
        // Drop a permission that another chosen one strictly implies; the strongest one
        // of each chain inherits its covers. Strict implication is a partial order, so
        // following it from any permission ends.
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
        let chosen = kept;
        (chosen, uncovered, solution.optimal)
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
                    privilege_level: self.privilege_level(*a, scheme),
                },
                &order::Rankable {
                    name: self.permission_name(*b),
                    least: false,
                    privilege_level: self.privilege_level(*b, scheme),
                },
            ),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a_name.cmp(b_name),
        });
        ranked.first().map(|(_, name)| (*name).clone()).unwrap_or_default()
    }

    fn compare_granted(
        &self,
        calls: &[CallReport],
        schemes: &[Scheme],
        names: &[String],
    ) -> GrantedComparison {
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            match self.permission_id(name) {
                Some(id) if !known.contains(&id) => known.push(id),
                Some(_) => {}
                None => unknown.push(name.to_string()),
            }
        }
        let holds = |candidate: PermissionId| {
            known.iter().any(|&held| implies(self.permission_name(held), self.permission_name(candidate)))
        };
        let mut per_scheme = BTreeMap::new();
        for &scheme in schemes {
            let matched: Vec<usize> = calls
                .iter()
                .enumerate()
                .filter(|(_, call)| call.status == CallStatus::Matched)
                .map(|(index, _)| index)
                .collect();
            let mut used = vec![false; known.len()];
            let mut not_granted = Vec::new();
            for &index in &matched {
                let candidates = calls[index].candidates.get(&scheme);
                let mut covered = false;
                for candidate in candidates.into_iter().flatten() {
                    for (slot, &held) in known.iter().enumerate() {
                        if implies(self.permission_name(held), self.permission_name(candidate.permission)) {
                            used[slot] = true;
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
            let (needed, _, _) = self.cover_calls(calls, &coverable, scheme, &known);
            let mut missing: Vec<String> = needed.into_iter().map(|c| c.name).collect();
            // AlsoRequires of the granted permissions the calls use.
            for &index in &matched {
                for candidate in calls[index].candidates.get(&scheme).into_iter().flatten() {
                    if !holds(candidate.permission) {
                        continue;
                    }
                    for also in &candidate.also_requires {
                        let held = known.iter().any(|&h| implies(self.permission_name(h), also));
                        if !held && !missing.iter().any(|m| m.eq_ignore_ascii_case(also)) {
                            missing.push(also.clone());
                        }
                    }
                }
            }
            let required_names: Vec<String> = matched
                .iter()
                .flat_map(|&index| calls[index].candidates.get(&scheme).into_iter().flatten())
                .flat_map(|candidate| candidate.also_requires.iter().cloned())
                .collect();
            let excess = known
                .iter()
                .zip(&used)
                .filter(|(held, used)| {
                    !**used
                        && !required_names
                            .iter()
                            .any(|name| name.eq_ignore_ascii_case(self.permission_name(**held)))
                })
                .map(|(held, _)| self.permission_name(*held).to_string())
                .collect();
            per_scheme.insert(scheme, SchemeGranted { missing, excess, not_granted: coverable });
        }
        GrantedComparison {
            granted: known.iter().map(|&id| self.permission_name(id).to_string()).collect(),
            unknown,
            schemes: per_scheme,
        }
    }
}
