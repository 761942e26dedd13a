//! One ranked search over permissions, endpoints (method + path), cmdlets and resource
//! types, for the CLI's `search`, the web palette and the static site's index.
//!
//! Fuzzy matching (prefix, substring, camel humps, small typos) is frizbee's
//! Smith-Waterman scorer; on top of it an exact or prefix hit and the kind of item
//! (permissions first) break ties, so "user.read" finds User.Read before User.ReadBasic.All.
//!
//! Search as you type asks on every keystroke, so the index built at load keeps, per
//! name, its lower-cased text and a 64-bit signature of the characters it contains.
//! A query first drops every name that lacks more of the query's characters than the
//! typo allowance (such a name cannot match: frizbee counts a typo per needle character
//! missing from the name), scores the rest without match positions, keeps the best
//! `limit`, and only computes the highlighted positions for those. The ranking is that
//! of scoring every name ([`SearchIndex::search_full_scan`], kept as the benchmark's
//! baseline and the tests' reference).

use std::collections::BTreeSet;

use frizbee::{Config, Matcher};

use crate::catalogue::Catalogue;
use crate::model::{ApiVersion, EndpointId, PermissionId};

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SearchKind {
    Permission,
    ResourceType,
    Cmdlet,
    Endpoint,
}

impl SearchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Permission => "permission",
            SearchKind::ResourceType => "resource",
            SearchKind::Cmdlet => "cmdlet",
            SearchKind::Endpoint => "endpoint",
        }
    }

    /// Tie-break weight: what people look for most comes first.
    fn weight(self) -> u32 {
        match self {
            SearchKind::Permission => 40,
            SearchKind::ResourceType => 25,
            SearchKind::Cmdlet => 15,
            SearchKind::Endpoint => 0,
        }
    }
}

/// What a hit points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTarget {
    Permission(PermissionId),
    Endpoint(EndpointId),
    Cmdlet(String),
    /// A resource type: version and fully qualified name.
    ResourceType(ApiVersion, String),
}

#[derive(Debug, Clone)]
struct Entry {
    kind: SearchKind,
    text: String,
    target: SearchTarget,
}

/// A search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The text that matched (permission name, `GET /path`, cmdlet, type name).
    pub label: String,
    pub target: SearchTarget,
    pub score: u32,
    /// Char positions in `label` that matched, ascending (for highlighting).
    pub matched: Vec<u32>,
}

/// The search index, built once from the catalogue.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    texts: Vec<String>,
    /// Lower-cased initials of each text's words and camel humps (`ararwa` for
    /// AppRoleAssignment.ReadWrite.All), for acronym queries.
    acronyms: Vec<String>,
    /// Each text lower-cased (ASCII), for the exact/prefix/substring bonuses.
    lower: Vec<String>,
    /// Each text's character signature ([`signature_bit`] of every character).
    signatures: Vec<u64>,
}

/// The signature bit of a character: one per letter (case folded) and digit, one per
/// common separator, and shared bits for everything else. Two characters with
/// different bits are never the same character for the case-insensitive matcher.
fn signature_bit(character: char) -> u64 {
    let index = match character {
        'a'..='z' => character as u32 - 'a' as u32,
        'A'..='Z' => character as u32 - 'A' as u32,
        '0'..='9' => 26 + character as u32 - '0' as u32,
        '.' => 36,
        '/' => 37,
        '-' => 38,
        ' ' => 39,
        '_' => 40,
        '{' | '}' => 41,
        '(' | ')' => 42,
        '$' => 43,
        c if c.is_ascii() => 44 + (c as u32 % 16),
        _ => 63,
    };
    1u64 << index
}

fn signature(text: &str) -> u64 {
    text.chars().fold(0, |bits, character| bits | signature_bit(character))
}

/// The initials of a name: its first letter, every upper-case letter, and every letter
/// after a separator.
pub fn acronym(text: &str) -> String {
    let mut initials = String::new();
    let mut previous: Option<char> = None;
    for character in text.chars() {
        let starts_word = match previous {
            None => character.is_alphanumeric(),
            Some(before) => {
                (character.is_uppercase() && !before.is_uppercase())
                    || (character.is_alphanumeric() && !before.is_alphanumeric())
            }
        };
        if starts_word {
            initials.extend(character.to_lowercase());
        }
        previous = Some(character);
    }
    initials
}

/// A query as both search paths read it: trimmed and cut, its typo allowance (none up
/// to 3 characters, one up to 7, else two), lower-cased, and its letters and digits (for
/// acronyms). `None` when there is nothing to search for.
struct Query {
    query: String,
    max_typos: u16,
    lower_query: String,
    initials: String,
}

impl Query {
    fn new(query: &str, limit: usize) -> Option<Query> {
        let query: String = query.trim().chars().take(MAX_QUERY_CHARS).collect();
        if query.is_empty() || limit == 0 {
            return None;
        }
        let max_typos = match query.chars().count() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let lower_query = query.to_ascii_lowercase();
        let initials = lower_query.chars().filter(|c| c.is_alphanumeric()).collect();
        Some(Query { query, max_typos, lower_query, initials })
    }
}

/// Longest query accepted; longer input is cut (the matcher's cost grows with it).
pub const MAX_QUERY_CHARS: usize = 128;

impl SearchIndex {
    pub fn build(catalogue: &Catalogue) -> SearchIndex {
        let mut entries = Vec::new();
        for (id, permission) in catalogue.permissions.iter().enumerate() {
            entries.push(Entry {
                kind: SearchKind::Permission,
                text: permission.name.clone(),
                target: SearchTarget::Permission(id),
            });
        }
        let mut types: BTreeSet<(String, ApiVersion, String)> = BTreeSet::new();
        for (version, schema) in &catalogue.schemas {
            for ty in &schema.types {
                if ty.kind != crate::schema::TypeKind::Enum {
                    types.insert((ty.name.to_ascii_lowercase(), *version, ty.full_name()));
                }
            }
        }
        // One entry per type name: v1.0 when it has it, else beta.
        let mut last: Option<String> = None;
        for (lower, version, full_name) in types {
            if last.as_deref() == Some(lower.as_str()) {
                continue;
            }
            last = Some(lower);
            entries.push(Entry {
                kind: SearchKind::ResourceType,
                text: crate::schema::short_name(&full_name).to_string(),
                target: SearchTarget::ResourceType(version, full_name),
            });
        }
        let mut cmdlets: BTreeSet<String> = BTreeSet::new();
        for endpoint in &catalogue.endpoints {
            for cmdlet in endpoint.cmdlets.values() {
                cmdlets.insert(cmdlet.name.clone());
            }
        }
        for cmdlet in cmdlets {
            entries.push(Entry {
                kind: SearchKind::Cmdlet,
                text: cmdlet.clone(),
                target: SearchTarget::Cmdlet(cmdlet),
            });
        }
        for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
            entries.push(Entry {
                kind: SearchKind::Endpoint,
                text: format!("{} {}", endpoint.method, endpoint.path),
                target: SearchTarget::Endpoint(id),
            });
        }
        let texts: Vec<String> = entries.iter().map(|entry| entry.text.clone()).collect();
        let acronyms = texts.iter().map(|text| acronym(text)).collect();
        let lower = texts.iter().map(|text| text.to_ascii_lowercase()).collect();
        let signatures = texts.iter().map(|text| signature(text)).collect();
        SearchIndex { entries, texts, acronyms, lower, signatures }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let Some(Query { query, max_typos, lower_query, initials }) = Query::new(query, limit) else {
            return Vec::new();
        };
        let config = Config::default().max_typos(Some(max_typos)).casing(frizbee::CaseMatching::Ignore);
        let mut matcher = Matcher::new(query.as_str(), &config);
        let acronym_query = initials.len() >= 2 && initials.len() == lower_query.len();
        // Names that could match: at most `max_typos` query characters absent.
        let needle_bits: Vec<u64> = query.chars().map(signature_bit).collect();
        let candidates: Vec<u32> = (0..self.texts.len() as u32)
            .filter(|&index| {
                let present = self.signatures[index as usize];
                needle_bits.iter().filter(|&&bit| present & bit == 0).count() <= usize::from(max_typos)
            })
            .collect();
        let candidate_texts: Vec<&str> =
            candidates.iter().map(|&index| self.texts[index as usize].as_str()).collect();
        // (score, entry index, matched by the fuzzy scorer)
        let mut scored: Vec<(u32, u32, bool)> = matcher
            .match_list(&candidate_texts)
            .into_iter()
            .map(|found| {
                let index = candidates[found.index as usize];
                (self.score(index, u32::from(found.score), &lower_query, &initials), index, true)
            })
            .collect();
        // Acronyms: "ura" finds User.Read.All even where the fuzzy scorer would not.
        if acronym_query {
            let mut seen: std::collections::HashSet<u32> =
                scored.iter().map(|&(_, index, _)| index).collect();
            for (index, initials_of) in self.acronyms.iter().enumerate() {
                if initials_of.starts_with(&initials) && seen.insert(index as u32) {
                    scored.push((self.score(index as u32, 0, &lower_query, &initials), index as u32, false));
                }
            }
        }
        let order = |a: &(u32, u32, bool), b: &(u32, u32, bool)| {
            let (first, second) = (&self.entries[a.1 as usize], &self.entries[b.1 as usize]);
            b.0.cmp(&a.0).then(first.kind.cmp(&second.kind)).then(first.text.cmp(&second.text))
        };
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored
            .into_iter()
            .map(|(score, index, fuzzy)| {
                let entry = &self.entries[index as usize];
                let mut matched = if fuzzy {
                    matcher
                        .match_list_indices(&[entry.text.as_str()])
                        .into_iter()
                        .next()
                        .map(|found| found.indices)
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                matched.sort_unstable();
                SearchHit {
                    kind: entry.kind,
                    label: entry.text.clone(),
                    target: entry.target.clone(),
                    score,
                    matched,
                }
            })
            .collect()
    }

    /// The ranking score of entry `index` given the fuzzy scorer's `fuzzy` score.
    fn score(&self, index: u32, fuzzy: u32, lower_query: &str, initials: &str) -> u32 {
        let index = index as usize;
        let entry = &self.entries[index];
        let lower_text = &self.lower[index];
        let mut score = fuzzy * 4 + entry.kind.weight();
        if lower_text == lower_query {
            score += 10_000;
        } else if lower_text.starts_with(lower_query) {
            score += 2_000;
        } else if lower_text.contains(lower_query) {
            score += 800;
        } else if initials.len() >= 2 && self.acronyms[index].starts_with(initials) {
            score += 1_200;
        }
        // Shorter names first among equals: "User.Read" before "User.ReadWrite.All".
        score.saturating_sub(entry.text.len() as u32 / 4)
    }

    /// [`SearchIndex::search`] by scoring every name with match positions: the
    /// reference the index must agree with, and the benchmark's baseline.
    #[doc(hidden)]
    pub fn search_full_scan(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let Some(Query { query, max_typos, lower_query, initials }) = Query::new(query, limit) else {
            return Vec::new();
        };
        let config = Config::default().max_typos(Some(max_typos)).casing(frizbee::CaseMatching::Ignore);
        let mut matcher = Matcher::new(query.as_str(), &config);
        let mut found_matches = matcher.match_list_indices(&self.texts);
        // Acronyms: "ura" finds User.Read.All even where the fuzzy scorer would not.
        if initials.len() >= 2 && initials.len() == lower_query.len() {
            let mut seen: std::collections::HashSet<u32> = found_matches.iter().map(|m| m.index).collect();
            for (index, initials_of) in self.acronyms.iter().enumerate() {
                if initials_of.starts_with(&initials) && seen.insert(index as u32) {
                    found_matches.push(frizbee::MatchIndices {
                        score: 0,
                        index: index as u32,
                        exact: false,
                        indices: Vec::new(),
                    });
                }
            }
        }
        let mut hits: Vec<SearchHit> = found_matches
            .into_iter()
            .map(|found| {
                let entry = &self.entries[found.index as usize];
                let score = self.score(found.index, u32::from(found.score), &lower_query, &initials);
                let mut matched = found.indices;
                matched.sort_unstable();
                SearchHit {
                    kind: entry.kind,
                    label: entry.text.clone(),
                    target: entry.target.clone(),
                    score,
                    matched,
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)).then(a.label.cmp(&b.label)));
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_follow_humps_and_separators() {
        assert_eq!(acronym("AppRoleAssignment.ReadWrite.All"), "ararwa");
        assert_eq!(acronym("User.Read"), "ur");
        assert_eq!(acronym("Get-MgUserMessage"), "gmum");
        assert_eq!(acronym("GET /me/messages"), "gmm");
        assert_eq!(acronym(""), "");
    }
}
