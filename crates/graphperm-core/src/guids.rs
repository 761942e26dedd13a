//! GUID provenance: where each scheme's GUID came from, and the schemes whose sources
//! disagree (a finding for `graphperm lint` and the permission page).

use crate::catalogue::Catalogue;
use crate::model::{Scheme, ValueSource};

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hex digits (8-4-4-4-12): the one GUID
/// shape check of the loaders, the data checks and the registration output.
pub fn is_guid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Whether two GUIDs are the same: GUIDs are hex numbers, so case does not matter. The
/// one equality rule of the conflict report, `graphperm lint` and `audit`.
pub fn same_guid(first: &str, second: &str) -> bool {
    first.eq_ignore_ascii_case(second)
}

/// A scheme whose sources give different GUIDs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidConflict {
    pub permission: String,
    pub scheme: Scheme,
    /// The GUID graphperm uses, and its source.
    pub chosen: (String, ValueSource),
    /// The other GUIDs, each with the source that gives it.
    pub others: Vec<(String, ValueSource)>,
}

/// Every permission scheme whose sources disagree on the GUID, in catalogue order.
pub fn guid_conflicts(catalogue: &Catalogue) -> Vec<GuidConflict> {
    let mut conflicts = Vec::new();
    for permission in &catalogue.permissions {
        for (scheme, info) in &permission.schemes {
            let (Some(id), Some(source)) = (&info.id, info.id_source) else {
                continue;
            };
            let others: Vec<(String, ValueSource)> = info
                .id_candidates
                .iter()
                .filter(|(candidate, _)| !same_guid(candidate, id))
                .cloned()
                .collect();
            if !others.is_empty() {
                conflicts.push(GuidConflict {
                    permission: permission.name.clone(),
                    scheme: *scheme,
                    chosen: (id.clone(), source),
                    others,
                });
            }
        }
    }
    conflicts
}

/// Names for a `--granted` list that may mix names and GUIDs: each GUID any source gives
/// becomes its permission's name; everything else is kept as written (unknown GUIDs
/// included, so the comparison reports them).
pub fn granted_names(catalogue: &Catalogue, granted: &[String]) -> Vec<String> {
    granted
        .iter()
        .map(|entry| {
            let trimmed = entry.trim();
            if !is_guid(trimmed) {
                return entry.clone();
            }
            match catalogue.permissions_by_guid(trimmed).first() {
                Some((permission, _)) => catalogue.permissions[*permission].name.clone(),
                None => entry.clone(),
            }
        })
        .collect()
}
