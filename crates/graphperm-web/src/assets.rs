//! CSS, JavaScript and the icon, embedded in the binary so `cargo install` is enough.
//! URLs carry a content hash (`?v=`), so browsers may cache them for a year.

use std::sync::OnceLock;

use graphperm_views::links;

/// One embedded file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

const ASSETS: [Asset; 3] = [
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../static/app.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../static/app.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../static/favicon.svg"),
    },
];

/// Every embedded asset (the static site writes them all).
pub fn assets() -> &'static [Asset] {
    &ASSETS
}

pub fn asset(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

/// The versioned URL of an asset, e.g. `/static/app.css?v=1a2b3c4d5e6f7a8b`.
pub fn asset_url(name: &str) -> String {
    static HASHES: OnceLock<Vec<String>> = OnceLock::new();
    let hashes = HASHES.get_or_init(|| ASSETS.iter().map(|asset| links::content_hash(asset.bytes)).collect());
    match ASSETS.iter().position(|asset| asset.name == name) {
        Some(index) => format!("/static/{name}?v={}", hashes[index]),
        None => format!("/static/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_change_with_content() {
        assert!(asset_url("app.css").starts_with("/static/app.css?v="));
        assert_eq!(asset_url("missing.txt"), "/static/missing.txt");
    }
}
