//! One ranked search over permissions, endpoints (method + path), cmdlets and resource
//! types, for the CLI's `search`, the web palette and the static site's index.
//!
//! Fuzzy matching (prefix, substring, camel humps, small typos) is frizbee's
//! Smith-Waterman scorer; on top of it an exact or prefix hit and the kind of item
//! (permissions first) break ties, so "user.read" finds User.Read before User.ReadBasic.All.
//!
//! Search as you type asks on every keystroke, so the index built at load keeps, per
//! name, its lower-cased text, a 64-bit signature of the characters it contains, and
//! what frizbee could at most award each character of it ([`Awards`]). A query first
//! drops every name that lacks more of the query's characters than the typo allowance
//! (such a name cannot match: frizbee counts a typo per needle character missing from
//! the name). For the rest it computes an upper bound of the final score without
//! running the scorer, and scores names in batches from the highest bound down, until
//! the `limit`-th best score found is above every bound left: the names not scored
//! could not have entered the answer. Match positions are computed only for the hits
//! kept. The ranking is exactly that of scoring every name
//! ([`SearchIndex::search_full_scan`], kept as the benchmark's baseline and the tests'
//! reference; the benchmark compares the two on every query it asks).

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
    /// What the fuzzy scorer could at most award each text's characters.
    awards: Vec<Awards>,
}

/// frizbee's scoring (0.13, default `Scoring`): a matched character earns 12, plus 4
/// when its case equals the query's, plus 4 at a word start (an upper-case letter after
/// a lower-case one, or anything but a delimiter after a delimiter; the two exclude each
/// other), plus 12 on the name's first character; 8 more when the whole name equals the
/// query; mismatches and gaps only subtract. So an alignment scores at most the sum,
/// over the query's characters, of the best award any occurrence of that character in
/// the name could earn, plus the first-character bonus once; and when two neighbouring
/// query characters never stand next to each other in the name, matching both costs a
/// gap (5) or one of them is unmatched and loses its award (12 or more, covering the
/// two pairs it belongs to).
///
/// [`QueryAwards::bound`] adds that up from masks built once per name: for each case of
/// a query character, the classes the name awards 20, 16 and 12 (`tiers`), so the sum is
/// a few popcounts whatever the query's length. The bound is checked against the scorer
/// on every query of the benchmark.
#[derive(Debug, Clone, Copy, Default)]
struct Awards {
    /// `tiers[case][0..3]`: the character classes the name awards 20, 16 and 12 to a
    /// query character of that case (0: lower case or not a letter, 1: upper case).
    tiers: [[u64; 3]; 2],
    /// Hashed pairs of neighbouring character classes.
    pairs: [u64; 4],
    /// Class and case of the first character.
    first: Option<(u8, bool)>,
    /// Non-ASCII or very long names: no bound, always scored.
    unbounded: bool,
}

/// frizbee's per-character scores (see [`Awards`]).
const MATCH: u32 = 12;
const CASE_BONUS: u32 = 4;
const START_BONUS: u32 = 4;
const PREFIX_BONUS: u32 = 12;
const EXACT_BONUS: u32 = 8;
const GAP_OPEN: u32 = 5;
/// What each tier of [`Awards::tiers`] is worth.
const TIER_AWARDS: [u32; 3] = [MATCH + CASE_BONUS + START_BONUS, MATCH + CASE_BONUS, MATCH];
/// frizbee scores longer names greedily; those are always scored.
const LONGEST_BOUNDED: usize = 1000;
/// The "bound" of a name or query the bound does not cover: above any score, and four
/// times it (the final score's weighting) plus every bonus still fits in a `u32`.
const UNBOUNDED: u32 = u32::MAX / 8;

/// A character's class for [`Awards`]: letters case-folded, digits, and other bytes
/// sharing classes (a shared class only loosens the bound).
fn award_class(byte: u8) -> u8 {
    match byte {
        b'a'..=b'z' => byte - b'a',
        b'A'..=b'Z' => byte - b'A',
        b'0'..=b'9' => 26 + byte - b'0',
        _ => 36 + byte % 28,
    }
}

fn pair_slot(first: u8, second: u8) -> usize {
    let pair = usize::from(award_class(first)) * 64 + usize::from(award_class(second));
    (pair.wrapping_mul(0x9E37_79B1) >> 7) & 255
}

/// The 256-bit filter of the hashed neighbouring pairs of `bytes` (a name's or a query's).
fn pair_mask(bytes: &[u8]) -> [u64; 4] {
    let mut pairs = [0u64; 4];
    for pair in bytes.windows(2) {
        let slot = pair_slot(pair[0], pair[1]);
        pairs[slot / 64] |= 1 << (slot % 64);
    }
    pairs
}

fn is_delimiter(byte: u8) -> bool {
    !(byte.is_ascii_alphanumeric() || byte > 127)
}

impl Awards {
    fn of(text: &str) -> Awards {
        let bytes = text.as_bytes();
        if !text.is_ascii() || bytes.len() > LONGEST_BOUNDED {
            return Awards { unbounded: true, ..Awards::default() };
        }
        // Classes present in lower case (non-letters count as lower case) and upper
        // case, and the same at a word start.
        let (mut lower, mut upper, mut lower_start, mut upper_start) = (0u64, 0u64, 0u64, 0u64);
        for (position, &byte) in bytes.iter().enumerate() {
            let starts_word = position > 0 && {
                let before = bytes[position - 1];
                (byte.is_ascii_uppercase() && before.is_ascii_lowercase())
                    || (is_delimiter(before) && !is_delimiter(byte))
            };
            let bit = 1u64 << award_class(byte);
            if byte.is_ascii_uppercase() {
                upper |= bit;
                if starts_word {
                    upper_start |= bit;
                }
            } else {
                lower |= bit;
                if starts_word {
                    lower_start |= bit;
                }
            }
        }
        // Same case at a word start: all bonuses; same case, or the other case at a
        // word start: the case bonus (the case-insensitive scorer weighs a start of the
        // other case like a case match); the other case only: the bare match. Non-letter
        // classes have no upper case, so a non-letter falls in the lower-case tiers.
        let tiers_for = |same: u64, same_start: u64, other: u64, other_start: u64| {
            [same_start, (same | other_start) & !same_start, other & !(same | other_start | same_start)]
        };
        Awards {
            tiers: [
                tiers_for(lower, lower_start, upper, upper_start),
                tiers_for(upper, upper_start, lower, lower_start),
            ],
            pairs: pair_mask(bytes),
            first: bytes.first().map(|&byte| (award_class(byte), byte.is_ascii_uppercase())),
            unbounded: false,
        }
    }
}

/// The query's side of the bound, built once per query: its character classes by case,
/// in layers (layer `n` holds the classes that occur more than `n` times), the hashed
/// pairs of neighbouring characters, and its length.
struct QueryAwards {
    layers: Vec<[u64; 2]>,
    classes: [u64; 2],
    pairs: [u64; 4],
    length: usize,
}

impl QueryAwards {
    /// `None` for a query the bound does not cover (not ASCII).
    fn new(query: &str) -> Option<QueryAwards> {
        if !query.is_ascii() {
            return None;
        }
        let bytes = query.as_bytes();
        let mut seen = [[0usize; 64]; 2];
        let mut layers: Vec<[u64; 2]> = Vec::new();
        let mut classes = [0u64; 2];
        for &byte in bytes {
            let (class, case) = (award_class(byte), usize::from(byte.is_ascii_uppercase()));
            let layer = seen[case][usize::from(class)];
            seen[case][usize::from(class)] += 1;
            if layers.len() <= layer {
                layers.push([0, 0]);
            }
            layers[layer][case] |= 1 << class;
            classes[case] |= 1 << class;
        }
        Some(QueryAwards { layers, classes, pairs: pair_mask(bytes), length: bytes.len() })
    }

    /// An upper bound of frizbee's score of this query on a name with `awards`,
    /// `length` bytes long.
    fn bound(&self, awards: &Awards, length: usize) -> u32 {
        if awards.unbounded {
            return UNBOUNDED;
        }
        // Each query character's best award, and how many get none (absent).
        let (mut total, mut absent) = (0u32, 0u32);
        for layer in &self.layers {
            for (classes, tiers) in layer.iter().zip(&awards.tiers) {
                let mut awarded = 0;
                for (tier, award) in tiers.iter().zip(TIER_AWARDS) {
                    total += award * (classes & tier).count_ones();
                    awarded |= tier;
                }
                absent += (classes & !awarded).count_ones();
            }
        }
        // The first-character bonus, once: its gain over that character's best award.
        let mut first_gain = 0u32;
        if let Some((class, first_upper)) = awards.first {
            let bit = 1u64 << class;
            for (case, tiers) in awards.tiers.iter().enumerate() {
                if self.classes[case] & bit == 0 {
                    continue;
                }
                let best = tiers
                    .iter()
                    .zip(TIER_AWARDS)
                    .find(|(tier, _)| *tier & bit != 0)
                    .map_or(0, |(_, award)| award);
                let same_case = first_upper == (case == 1) || class >= 26;
                let at_first = MATCH + PREFIX_BONUS + if same_case { CASE_BONUS } else { 0 };
                first_gain = first_gain.max(at_first.saturating_sub(best));
            }
        }
        // Neighbouring query pairs the name never has side by side each cost a gap,
        // except the (at most two) pairs of each absent character, whose loss is
        // already counted.
        let missing_pairs: u32 =
            self.pairs.iter().zip(&awards.pairs).map(|(query, name)| (query & !name).count_ones()).sum();
        let apart = missing_pairs.saturating_sub(2 * absent);
        let exact = if length == self.length { EXACT_BONUS } else { 0 };
        (total + first_gain + exact).saturating_sub(GAP_OPEN * apart)
    }
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
    /// Finds `lower_query` inside a name.
    finder: memchr::memmem::Finder<'static>,
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
        let finder = memchr::memmem::Finder::new(lower_query.as_bytes()).into_owned();
        Some(Query { query, max_typos, lower_query, initials, finder })
    }

    /// The query's signature bits in layers: layer `n` holds the bits of the characters
    /// that occur more than `n` times, so the query characters a name lacks are counted
    /// with one popcount per layer.
    fn signature_layers(&self) -> Vec<u64> {
        let mut layers: Vec<u64> = Vec::new();
        let mut seen = [0usize; 64];
        for bit in self.query.chars().map(signature_bit) {
            let layer = seen[bit.trailing_zeros() as usize];
            seen[bit.trailing_zeros() as usize] += 1;
            if layers.len() <= layer {
                layers.push(0);
            }
            layers[layer] |= bit;
        }
        layers
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
        let awards = texts.iter().map(|text| Awards::of(text)).collect();
        SearchIndex { entries, texts, acronyms, lower, signatures, awards }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let Some(query) = Query::new(query, limit) else {
            return Vec::new();
        };
        let config = Config::default().max_typos(Some(query.max_typos)).casing(frizbee::CaseMatching::Ignore);
        let mut matcher = Matcher::new(query.query.as_str(), &config);
        let initials = query.initials.as_str();
        let acronym_query = initials.len() >= 2 && initials.len() == query.lower_query.len();
        // Names that could match (at most `max_typos` query characters absent), each
        // with an upper bound of its final score.
        let signature_layers = query.signature_layers();
        let query_awards = QueryAwards::new(&query.query);
        let mut bounded: Vec<(u32, u32)> = Vec::new();
        for index in 0..self.texts.len() {
            let present = self.signatures[index];
            let absent: u32 = signature_layers.iter().map(|layer| (layer & !present).count_ones()).sum();
            if absent > u32::from(query.max_typos) {
                continue;
            }
            let fuzzy = query_awards
                .as_ref()
                .map_or(UNBOUNDED, |awards| awards.bound(&self.awards[index], self.texts[index].len()));
            bounded.push((self.score(index as u32, fuzzy, &query), index as u32));
        }
        // (score, entry index, matched by the fuzzy scorer)
        let mut scored: Vec<(u32, u32, bool)> = Vec::new();
        let order = |a: &(u32, u32, bool), b: &(u32, u32, bool)| {
            let (first, second) = (&self.entries[a.1 as usize], &self.entries[b.1 as usize]);
            b.0.cmp(&a.0).then(first.kind.cmp(&second.kind)).then(first.text.cmp(&second.text))
        };
        // Highest bounds first, in growing batches; stop when the `limit`-th score found
        // is above every bound left (a bound equal to it could still win on the tie-break).
        let mut batch = limit.saturating_mul(3).max(64);
        let mut threshold = 0u32;
        while !bounded.is_empty() {
            let rest = if bounded.len() > batch {
                bounded.select_nth_unstable_by(batch - 1, |a, b| b.0.cmp(&a.0));
                bounded.split_off(batch)
            } else {
                Vec::new()
            };
            let texts: Vec<&str> =
                bounded.iter().map(|&(_, index)| self.texts[index as usize].as_str()).collect();
            let mut fuzzy_matched = vec![false; bounded.len()];
            for found in matcher.match_list(&texts) {
                fuzzy_matched[found.index as usize] = true;
                let index = bounded[found.index as usize].1;
                scored.push((self.score(index, u32::from(found.score), &query), index, true));
            }
            // Acronyms: "ura" finds User.Read.All even where the fuzzy scorer would not.
            if acronym_query {
                for (position, &(_, index)) in bounded.iter().enumerate() {
                    if !fuzzy_matched[position] && self.acronyms[index as usize].starts_with(initials) {
                        scored.push((self.score(index, 0, &query), index, false));
                    }
                }
            }
            if scored.len() >= limit {
                scored.select_nth_unstable_by(limit - 1, order);
                scored.truncate(limit);
                threshold = scored[limit - 1].0;
            }
            bounded = rest;
            bounded.retain(|&(bound, _)| bound >= threshold);
            batch = batch.saturating_mul(4);
        }
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored
            .into_iter()
            .map(|(score, index, fuzzy)| {
                let matched = if fuzzy {
                    matcher
                        .match_list_indices(&[self.texts[index as usize].as_str()])
                        .into_iter()
                        .next()
                        .map(|found| found.indices)
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                self.hit(index, score, matched)
            })
            .collect()
    }

    /// The hit for entry `index`, with its matched positions in ascending order.
    fn hit(&self, index: u32, score: u32, mut matched: Vec<u32>) -> SearchHit {
        let entry = &self.entries[index as usize];
        matched.sort_unstable();
        SearchHit {
            kind: entry.kind,
            label: entry.text.clone(),
            target: entry.target.clone(),
            score,
            matched,
        }
    }

    /// The ranking score of entry `index` given the fuzzy scorer's `fuzzy` score.
    fn score(&self, index: u32, fuzzy: u32, query: &Query) -> u32 {
        let index = index as usize;
        let entry = &self.entries[index];
        let lower_text = &self.lower[index];
        let (lower_query, initials) = (query.lower_query.as_str(), query.initials.as_str());
        let mut score = fuzzy * 4 + entry.kind.weight();
        if lower_text == lower_query {
            score += 10_000;
        } else if lower_text.starts_with(lower_query) {
            score += 2_000;
        } else if query.finder.find(lower_text.as_bytes()).is_some() {
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
        let Some(query) = Query::new(query, limit) else {
            return Vec::new();
        };
        let (lower_query, initials) = (query.lower_query.as_str(), query.initials.as_str());
        let config = Config::default().max_typos(Some(query.max_typos)).casing(frizbee::CaseMatching::Ignore);
        let mut matcher = Matcher::new(query.query.as_str(), &config);
        let mut found_matches = matcher.match_list_indices(&self.texts);
        // Acronyms: "ura" finds User.Read.All even where the fuzzy scorer would not.
        if initials.len() >= 2 && initials.len() == lower_query.len() {
            let mut seen: std::collections::HashSet<u32> = found_matches.iter().map(|m| m.index).collect();
            for (index, initials_of) in self.acronyms.iter().enumerate() {
                if initials_of.starts_with(initials) && seen.insert(index as u32) {
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
                let score = self.score(found.index, u32::from(found.score), &query);
                self.hit(found.index, score, found.indices)
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

    /// The pruning is only exact if [`Awards::bound`] is never below frizbee's score.
    #[test]
    fn award_bounds_are_never_below_the_scorers_score() {
        let names = [
            "User.Read",
            "user.read",
            "User.ReadWrite.All",
            "GET /me/messages/{message-id}",
            "GET /users/{user-id}/mailFolders/{mailFolder-id}/childFolders",
            "Get-MgUserMailFolderChildFolder",
            "Get-MgBetaIdentityConditionalAccessPolicy",
            "TeamSettings.ReadWrite.All",
            "POST /teams/{team-id}/channels/{channel-id}/messages/{chatMessage-id}/replies",
            "identityApiConnector",
            "a",
            "A",
            "--x--",
            "x_y_z",
        ];
        let queries = [
            "u",
            "U",
            "user",
            "USER",
            "uSeR",
            "user.read",
            "User.Read",
            "usr.raed",
            "ura",
            "gmu",
            "get-mg",
            "/users/{id}/mail",
            "teamsettings",
            "calender",
            "a",
            "A",
            "x",
            "--",
            "message",
            "GET /me",
            "ChildFolder",
        ];
        for query in queries {
            let max_typos = match query.chars().count() {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            let config = Config::default().max_typos(Some(max_typos)).casing(frizbee::CaseMatching::Ignore);
            let mut matcher = Matcher::new(query, &config);
            for found in matcher.match_list(&names) {
                let name = names[found.index as usize];
                let bound =
                    QueryAwards::new(query).expect("an ASCII query").bound(&Awards::of(name), name.len());
                assert!(
                    u32::from(found.score) <= bound,
                    "{query:?} on {name:?}: score {} above bound {bound}",
                    found.score
                );
            }
        }
    }

    #[test]
    fn acronyms_follow_humps_and_separators() {
        assert_eq!(acronym("AppRoleAssignment.ReadWrite.All"), "ararwa");
        assert_eq!(acronym("User.Read"), "ur");
        assert_eq!(acronym("Get-MgUserMessage"), "gmum");
        assert_eq!(acronym("GET /me/messages"), "gmm");
        assert_eq!(acronym(""), "");
    }
}
