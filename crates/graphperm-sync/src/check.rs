//! Validation of a staged snapshot before the switch: every downloaded file must parse
//! (JSON or XML syntax, checked here so a broken optional file cannot slip through as a
//! loader warning), then the whole snapshot must load with the catalogue's own loaders.

use std::io::BufReader;
use std::path::Path;

use graphperm_core::{Catalogue, DataDir};

use crate::error::SyncError;

/// Checks the syntax of one downloaded file by its extension (`.json`, `.xml`, `.csdl`);
/// other files are not checked.
pub(crate) fn check_syntax(path: &Path, file: &str) -> Result<(), SyncError> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "json" => check_json(path, file),
        "xml" | "csdl" => check_xml(path, file),
        _ => Ok(()),
    }
}

fn check_json(path: &Path, file: &str) -> Result<(), SyncError> {
    let input = std::fs::File::open(path).map_err(|error| SyncError::io(path, error))?;
    let mut reader = BufReader::new(input);
    // Skip a UTF-8 byte order mark, which some upstream files carry.
    skip_bom(&mut reader).map_err(|error| SyncError::io(path, error))?;
    serde_json::from_reader::<_, serde::de::IgnoredAny>(reader).map(|_| ()).map_err(|error| {
        SyncError::Syntax { file: file.to_string(), format: "JSON", message: error.to_string() }
    })
}

fn skip_bom(reader: &mut BufReader<std::fs::File>) -> std::io::Result<()> {
    use std::io::BufRead;
    let buffer = reader.fill_buf()?;
    if buffer.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    Ok(())
}

fn check_xml(path: &Path, file: &str) -> Result<(), SyncError> {
    use quick_xml::events::Event;
    let syntax = |message: String| SyncError::Syntax { file: file.to_string(), format: "XML", message };
    let input = std::fs::File::open(path).map_err(|error| SyncError::io(path, error))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(input));
    reader.config_mut().check_end_names = true;
    let mut buffer = Vec::new();
    let mut depth: usize = 0;
    let mut roots = 0;
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| syntax(format!("{error} at byte {}", reader.error_position())))?;
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Event::Empty(_) if depth == 0 => roots += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    if depth > 0 {
        return Err(syntax(format!("the document ends inside {depth} unclosed element(s) (truncated?)")));
    }
    if roots != 1 {
        return Err(syntax(format!("expected one root element, found {roots}")));
    }
    Ok(())
}

/// What a successful validation reports: warnings that did not stop loading.
pub type ValidationWarnings = Vec<String>;

/// Loads a staged snapshot the way the product will, turning a load error into a
/// [`SyncError::Validation`] naming the file relative to the snapshot.
pub fn validate_with_catalogue(staging: &Path) -> Result<ValidationWarnings, SyncError> {
    match Catalogue::load(&DataDir::new(staging)) {
        Ok(catalogue) => {
            Ok(catalogue.warnings.iter().map(|warning| strip_root(&warning.to_string(), staging)).collect())
        }
        Err(error) => {
            let file = error
                .path()
                .strip_prefix(staging)
                .unwrap_or(error.path())
                .to_string_lossy()
                .replace('\\', "/");
            Err(SyncError::Validation { file, message: strip_root(&error.to_string(), staging) })
        }
    }
}

/// Messages name files relative to the snapshot: the staging folder is gone by the time
/// a person reads them.
fn strip_root(message: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    let mut prefix = root.to_string();
    prefix.push(std::path::MAIN_SEPARATOR);
    message.replace(&prefix, "").replace(root.as_ref(), "the snapshot")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, content: &str) -> Result<(), String> {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join(name);
        std::fs::write(&path, content).unwrap();
        check_syntax(&path, name).map_err(|error| error.to_string())
    }

    #[test]
    fn accepts_well_formed_files() {
        assert_eq!(check("a.json", "\u{feff}{\"a\": [1, 2]}"), Ok(()));
        assert_eq!(check("a.xml", "<?xml version=\"1.0\"?><a><b/></a>"), Ok(()));
        assert_eq!(check("LICENSE", "not checked {"), Ok(()));
    }

    #[test]
    fn rejects_truncated_and_malformed_files() {
        let error = check("a.json", "{\"a\": [1, 2").unwrap_err();
        assert!(error.starts_with("a.json: downloaded file is not valid JSON: EOF"), "{error}");
        let error = check("a.xml", "<a><b></a>").unwrap_err();
        assert!(error.contains("not valid XML"), "{error}");
        let error = check("a.xml", "<a><b>").unwrap_err();
        assert!(error.contains("unclosed element"), "{error}");
        let error = check("a.csdl", "").unwrap_err();
        assert!(error.contains("one root element, found 0"), "{error}");
    }
}
