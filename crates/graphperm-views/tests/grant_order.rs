//! The endpoint and cmdlet pages' grant lists, over every endpoint and scheme of the
//! shared data: "least privileged first" must read true on the page. Within rows of the
//! same least flag and access, the level a row shows (the ranking's where it is above the
//! data's) never goes down (Intune permissions on a path not about devices come after
//! the others, README Ranking); where the ranking lifts a level, the row says so.

use std::path::PathBuf;

use graphperm_core::least::Engine;
use graphperm_core::least::order::{access_rank, off_resource};
use graphperm_core::{Catalogue, DataDir};
use graphperm_views::endpoint_page::grants_by_scheme;

fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

/// The level a row shows, as a number: its ranked level where one is given, else the
/// data's (from the badge's class `level level-N`), else none (ranked last).
fn shown_level(row: &graphperm_views::endpoint_page::GrantRow) -> u8 {
    row.ranked_level
        .or_else(|| {
            row.level
                .as_ref()
                .and_then(|badge| badge.class.rsplit('-').next().and_then(|level| level.parse().ok()))
        })
        .unwrap_or(u8::MAX)
}

#[test]
fn grant_levels_never_go_down_within_a_least_flag_and_access() {
    let engine = Engine::new(Catalogue::load(&DataDir::new(shared_data())).expect("the shared data loads"));
    let mut lifted = Vec::new();
    for endpoint in 0..engine.catalogue().endpoints.len() {
        for scheme in grants_by_scheme(&engine, endpoint) {
            for pair in scheme.rows.windows(2) {
                let (first, second) = (&pair[0], &pair[1]);
                // Intune permissions on a path not about devices come after the others
                // (README Ranking), whatever their level.
                let path = engine.catalogue().endpoints[endpoint].raw_path.to_ascii_lowercase();
                let off =
                    |row: &graphperm_views::endpoint_page::GrantRow| off_resource(&row.link.label, &path);
                if first.least != second.least
                    || access_rank(&first.link.label) != access_rank(&second.link.label)
                    || off(first) != off(second)
                {
                    continue;
                }
                assert!(
                    shown_level(first) <= shown_level(second),
                    "{} {} ({}): {} shown at {} above {} at {}",
                    engine.catalogue().endpoints[endpoint].method,
                    engine.catalogue().endpoints[endpoint].path,
                    scheme.label,
                    first.link.label,
                    shown_level(first),
                    second.link.label,
                    shown_level(second)
                );
            }
            for row in &scheme.rows {
                if let Some(ranked) = row.ranked_level {
                    lifted.push((row.link.label.clone(), scheme.scheme, ranked));
                }
            }
        }
    }
    // DeviceManagementConfiguration.ReadWrite.All is 3 for Application in the data, its
    // Read.All 4: the ReadWrite ranks, and says it ranks, at 4.
    assert!(
        lifted.contains(&("DeviceManagementConfiguration.ReadWrite.All".to_string(), "Application", 4)),
        "{:?}",
        &lifted[..lifted.len().min(10)]
    );
}
