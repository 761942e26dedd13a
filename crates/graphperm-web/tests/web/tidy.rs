//! The page modules are template glue: they render view values from graphperm-views and
//! never read the catalogue themselves (issue #11). Checked over the source text: no
//! page module names graphperm_core, and none reads a field or calls a method of the
//! catalogue (handing `&state.catalogue` to a view function is the one use allowed).

use std::path::Path;

#[test]
fn page_modules_read_no_catalogue() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages");
    let mut checked = 0;
    let mut offences = Vec::new();
    for entry in std::fs::read_dir(&pages).expect("src/pages") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a page module");
        checked += 1;
        for (number, line) in text.lines().enumerate() {
            if line.contains("graphperm_core") || line.contains("catalogue.") {
                offences.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
            }
        }
    }
    assert!(checked >= 10, "only {checked} page modules found in {}", pages.display());
    assert!(offences.is_empty(), "page modules reading the catalogue:\n{}", offences.join("\n"));
}
