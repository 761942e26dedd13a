//! One ranked search over permissions, endpoints (method + path), cmdlets and resource
//! types, for the CLI's `search`, the web palette and the static site's index.
//!
//! Fuzzy matching (prefix, substring, camel humps, small typos) is frizbee's
//! Smith-Waterman scorer; on top of it an exact or prefix hit and the kind of item
//! (permissions first) break ties, so "user.read" finds User.Read before User.ReadBasic.All.
//! Typos are forgiven in permission and resource-type names only
//! ([`SearchKind::forgives_typos`]).
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

    /// Whether a name of this kind still matches with query characters missing (typos):
    /// permission and resource-type names, which people spell from memory. Endpoints and
    /// cmdlets are long, built from the same few words, and match only when every query
    /// character stands in them in order (with gaps): allowing two missing characters
    /// in 23,000 paths and cmdlet names made thousands of them weak matches of any long
    /// query, filling the tail of the answer with unrelated paths and costing most of
    /// the search's time (BENCHMARKS.md, "Search as you type").
    pub fn forgives_typos(self) -> bool {
        matches!(self, SearchKind::Permission | SearchKind::ResourceType)
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
    /// Permissions, resource types, cmdlets, endpoints, in that order.
    entries: Vec<Entry>,
    /// The first entry whose kind does not forgive typos ([`SearchKind::forgives_typos`]):
    /// entries before it are matched with the query's typo allowance, the rest without.
    strict_from: usize,
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
    /// `delimited[case]`: the classes whose award of 20 for that case comes only from a
    /// word start after a delimiter (never from a camel hump), which an alignment can
    /// reach only at its first character, after a query delimiter, or after a gap.
    delimited: [u64; 2],
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

/// A character's [`award_class`] and whether it is upper case (the case index 1 of
/// [`Awards::tiers`]).
fn class_and_case(byte: u8) -> (u8, bool) {
    (award_class(byte), byte.is_ascii_uppercase())
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
        let mut upper_hump = 0u64;
        for (position, &byte) in bytes.iter().enumerate() {
            let hump = position > 0 && byte.is_ascii_uppercase() && bytes[position - 1].is_ascii_lowercase();
            let starts_word =
                hump || (position > 0 && is_delimiter(bytes[position - 1]) && !is_delimiter(byte));
            let bit = 1u64 << award_class(byte);
            if byte.is_ascii_uppercase() {
                upper |= bit;
                if starts_word {
                    upper_start |= bit;
                }
                if hump {
                    upper_hump |= bit;
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
            delimited: [lower_start, upper_start & !upper_hump],
            first: bytes.first().copied().map(class_and_case),
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
    /// Class and case (1: upper) of the query's first character.
    first: Option<(u8, bool)>,
    /// Query characters right after a query delimiter (`.` then `r` in `user.read`):
    /// the only ones a contiguous alignment can match at a word start after a delimiter.
    after_delimiter: u32,
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
            let (class, upper) = class_and_case(byte);
            let case = usize::from(upper);
            let layer = seen[case][usize::from(class)];
            seen[case][usize::from(class)] += 1;
            if layers.len() <= layer {
                layers.push([0, 0]);
            }
            layers[layer][case] |= 1 << class;
            classes[case] |= 1 << class;
        }
        let after_delimiter =
            bytes.windows(2).filter(|pair| is_delimiter(pair[0]) && !is_delimiter(pair[1])).count() as u32;
        let first = bytes.first().copied().map(class_and_case);
        Some(QueryAwards {
            layers,
            classes,
            pairs: pair_mask(bytes),
            length: bytes.len(),
            after_delimiter,
            first,
        })
    }

    /// Whether every neighbouring pair of the query may stand in the name (always, for
    /// a name the awards do not cover): false means the name cannot hold the query.
    fn pairs_within(&self, awards: &Awards) -> bool {
        awards.unbounded || self.pairs.iter().zip(&awards.pairs).all(|(query, name)| query & !name == 0)
    }

    /// An upper bound of frizbee's score of this query on a name with `awards`,
    /// `length` bytes long.
    fn bound(&self, awards: &Awards, length: usize) -> u32 {
        if awards.unbounded {
            return UNBOUNDED;
        }
        // Each query character's best award, how many get none (absent), and how many
        // get their best only at a word start after a delimiter (`delimited`).
        let (mut total, mut absent, mut delimited) = (0u32, 0u32, 0u32);
        for layer in &self.layers {
            for (case, &classes) in layer.iter().enumerate() {
                if classes == 0 {
                    continue;
                }
                let tiers = &awards.tiers[case];
                let mut awarded = 0;
                for (tier, award) in tiers.iter().zip(TIER_AWARDS) {
                    let count = (classes & tier).count_ones();
                    total += award * count;
                    awarded += count;
                }
                absent += classes.count_ones() - awarded;
                delimited += (classes & tiers[0] & awards.delimited[case]).count_ones();
            }
        }
        // The first-character bonus, once: its gain over that character's best award
        // (`first_gain`), and over its award without a delimiter start (`first_gain_capped`).
        let (mut first_gain, mut first_gain_capped) = (0u32, 0u32);
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
                let capped =
                    if tiers[0] & awards.delimited[case] & bit != 0 { best - START_BONUS } else { best };
                let same_case = first_upper == (case == 1) || class >= 26;
                let at_first = MATCH + PREFIX_BONUS + if same_case { CASE_BONUS } else { 0 };
                first_gain = first_gain.max(at_first.saturating_sub(best));
                first_gain_capped = first_gain_capped.max(at_first.saturating_sub(capped));
            }
        }
        // Neighbouring query pairs the name never has side by side each cost a gap,
        // except the (at most two) pairs of each absent character, whose loss is
        // already counted.
        let missing_pairs: u32 = self
            .pairs
            .iter()
            .zip(&awards.pairs)
            .map(|(query, name)| match query & !name {
                0 => 0,
                missing => missing.count_ones(),
            })
            .sum();
        let apart = missing_pairs.saturating_sub(2 * absent);
        let exact = if length == self.length { EXACT_BONUS } else { 0 };
        let by_characters = (total + first_gain + exact).saturating_sub(GAP_OPEN * apart);
        // A character matched at a word start after a delimiter follows a matched query
        // delimiter, or starts the alignment, or follows a gap or mismatch, which costs
        // more (5) than the start earns (4). So only `after_delimiter` of the `delimited`
        // characters, plus the alignment's first, earn the start for free; a start after
        // a gap nets at most -1, so here each pair apart is charged 1, not 5. The
        // alignment's first character earns it only when the query's first character
        // can, or is absent from the name: starting later leaves a present first
        // character unmatched, losing 12 or more.
        let first_free = self.first.is_some_and(|(class, upper)| {
            let (tiers, bit) = (&awards.tiers[usize::from(upper)], 1u64 << class);
            tiers.iter().all(|tier| tier & bit == 0)
                || tiers[0] & awards.delimited[usize::from(upper)] & bit != 0
        });
        let free_starts = delimited.min(u32::from(first_free) + self.after_delimiter);
        let by_words = (total - START_BONUS * (delimited - free_starts) + first_gain_capped + exact)
            .saturating_sub(apart);
        by_characters.min(by_words)
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

    /// The fuzzy matchers: `[0]` with the query's typo allowance, for the kinds that
    /// forgive typos; `[1]` without, for the others ([`SearchKind::forgives_typos`]).
    fn matchers(&self) -> [Matcher; 2] {
        let config = |typos| Config::default().max_typos(Some(typos)).casing(frizbee::CaseMatching::Ignore);
        [
            Matcher::new(self.query.as_str(), &config(self.max_typos)),
            Matcher::new(self.query.as_str(), &config(0)),
        ]
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
        let strict_from =
            entries.iter().position(|entry| !entry.kind.forgives_typos()).unwrap_or(entries.len());
        debug_assert!(entries[strict_from..].iter().all(|entry| !entry.kind.forgives_typos()));
        let texts: Vec<String> = entries.iter().map(|entry| entry.text.clone()).collect();
        let acronyms = texts.iter().map(|text| acronym(text)).collect();
        let lower = texts.iter().map(|text| text.to_ascii_lowercase()).collect();
        let signatures = texts.iter().map(|text| signature(text)).collect();
        let awards = texts.iter().map(|text| Awards::of(text)).collect();
        SearchIndex { entries, strict_from, texts, acronyms, lower, signatures, awards }
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
        let mut matchers = query.matchers();
        let initials = query.initials.as_str();
        let acronym_query = initials.len() >= 2 && initials.len() == query.lower_query.len();
        // Names that could match (at most as many query characters absent as the name's
        // kind forgives), each with an upper bound of its final score.
        let signature_layers = query.signature_layers();
        let query_awards = QueryAwards::new(&query.query);
        let mut bounded: Vec<(u32, u32)> = Vec::new();
        let every_character = signature_layers.first().copied().unwrap_or(0);
        for index in 0..self.texts.len() {
            let present = self.signatures[index];
            let absent = if index < self.strict_from {
                let absent: u32 = signature_layers.iter().map(|layer| (layer & !present).count_ones()).sum();
                if absent > u32::from(query.max_typos) {
                    continue;
                }
                absent
            } else if every_character & !present != 0 {
                // A kind that forgives no typo: one query character absent is enough.
                continue;
            } else {
                0
            };
            let (fuzzy, may_contain) = match &query_awards {
                Some(awards) => {
                    let name = &self.awards[index];
                    (awards.bound(name, self.texts[index].len()), absent == 0 && awards.pairs_within(name))
                }
                None => (UNBOUNDED, true),
            };
            bounded.push((self.score_with(index as u32, fuzzy, &query, may_contain), index as u32));
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
            // Each kind's names with its own matcher (`bounded` is in no particular order).
            bounded.sort_unstable_by_key(|&(_, index)| index);
            let split = bounded.partition_point(|&(_, index)| (index as usize) < self.strict_from);
            let mut fuzzy_matched = vec![false; bounded.len()];
            let (forgiving, strict) = matchers.split_at_mut(1);
            for (matcher, offset, part) in
                [(&mut forgiving[0], 0, &bounded[..split]), (&mut strict[0], split, &bounded[split..])]
            {
                let texts: Vec<&str> =
                    part.iter().map(|&(_, index)| self.texts[index as usize].as_str()).collect();
                for found in matcher.match_list(&texts) {
                    let position = offset + found.index as usize;
                    fuzzy_matched[position] = true;
                    let index = bounded[position].1;
                    scored.push((self.score(index, u32::from(found.score), &query), index, true));
                }
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
                    matchers[usize::from(index as usize >= self.strict_from)]
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
        self.score_with(index, fuzzy, query, true)
    }

    /// [`SearchIndex::score`], told whether the name can hold the query at all
    /// (`may_contain` false when it lacks one of the query's characters or neighbouring
    /// pairs, which skips the substring tests).
    fn score_with(&self, index: u32, fuzzy: u32, query: &Query, may_contain: bool) -> u32 {
        let index = index as usize;
        let entry = &self.entries[index];
        let lower_text = &self.lower[index];
        let (lower_query, initials) = (query.lower_query.as_str(), query.initials.as_str());
        let contained = if !may_contain {
            0
        } else if lower_text == lower_query {
            10_000
        } else if lower_text.as_bytes().first() == lower_query.as_bytes().first()
            && lower_text.starts_with(lower_query)
        {
            2_000
        } else if query.finder.find(lower_text.as_bytes()).is_some() {
            800
        } else {
            0
        };
        let bonus = if contained == 0 && initials.len() >= 2 && self.acronyms[index].starts_with(initials) {
            1_200
        } else {
            contained
        };
        let score = fuzzy * 4 + entry.kind.weight() + bonus;
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
        let [mut forgiving, mut strict] = query.matchers();
        let mut found_matches = forgiving.match_list_indices(&self.texts[..self.strict_from]);
        found_matches.extend(strict.match_list_indices(&self.texts[self.strict_from..]).into_iter().map(
            |mut found| {
                found.index += self.strict_from as u32;
                found
            },
        ));
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
            "GET /deviceManagement/managedDevices/{managedDevice-id}",
            "/Users/{id}/Messages",
            "a.b.c.d",
            "userRead.user.read",
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
            "/devicemanagement",
            "/deviceManagement/managed",
            "a.b.c",
            ".r",
            "r.e.a",
            "/users/{id}/messages",
            "usermessages",
        ];
        for query in queries {
            // With the query's typo allowance and without, as the two kinds of names are.
            for mut matcher in Query::new(query, 1).expect("a query").matchers() {
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
    }

    /// The same over every name of the shared data, for every prefix of every seventh
    /// as-you-type query of the benchmark (others than the ranking test's), with and
    /// without typos allowed (the scorer's window, and so its score, depends on the typo
    /// allowance). The benchmark checks the ranking on every query.
    #[test]
    fn award_bounds_hold_on_every_name_of_the_shared_data() {
        let catalogue = Catalogue::load(&crate::DataDir::new(graphperm_fixtures::shared_data()))
            .expect("the shared data loads");
        let index = SearchIndex::build(&catalogue);
        let queries = include_str!("../tests/search/queries.txt");
        let mut checked = 0usize;
        for line in
            queries.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).skip(1).step_by(7)
        {
            let characters: Vec<char> = line.chars().collect();
            for end in 1..=characters.len() {
                let query: String = characters[..end].iter().collect();
                let Some(awards) = QueryAwards::new(&query) else { continue };
                for mut matcher in Query::new(&query, 1).expect("a query").matchers() {
                    for found in matcher.match_list(&index.texts) {
                        let position = found.index as usize;
                        let bound = awards.bound(&index.awards[position], index.texts[position].len());
                        assert!(
                            u32::from(found.score) <= bound,
                            "{query:?} on {:?}: score {} above bound {bound}",
                            index.texts[position],
                            found.score
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 50_000, "{checked} scores checked");
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
