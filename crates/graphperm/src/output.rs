//! What every subcommand shares: finding the data folder, loading the catalogue with its
//! warnings on stderr, and quiet broken pipes.

use std::path::Path;

use anyhow::Context;
use graphperm_core::{Catalogue, DataDir};

/// The data folder: `--data`/`GRAPHPERM_DATA` (clap reads both), else the user's cache.
pub fn data_dir(flag: Option<&Path>) -> DataDir {
    match flag {
        Some(dir) => DataDir::new(dir),
        None => DataDir::new(DataDir::default_location(dirs::cache_dir())),
    }
}

/// Loads the catalogue, printing load warnings to stderr.
pub fn load(data: &DataDir) -> anyhow::Result<Catalogue> {
    if !data.has_data() {
        anyhow::bail!(
            "no Microsoft Graph data in {}: run `graphperm sync` to download it, or pass --data DIR \
             pointing at a folder in the upstream layout (<repository>/<path>, e.g. \
             microsoft-graph-devx-content/permissions/new/permissions.json)",
            data.requested.display()
        );
    }
    let catalogue = Catalogue::load(data)
        .with_context(|| format!("cannot load the data folder {}", data.root.display()))?;
    for warning in &catalogue.warnings {
        tracing::warn!("{warning}");
    }
    Ok(catalogue)
}

/// True when the error is a closed stdout (`graphperm show X | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The permission names within a few edits of a mistyped one, nearest first (the rule of
/// the server's 404 pages).
pub fn suggest_permissions(catalogue: &Catalogue, name: &str) -> Vec<String> {
    graphperm_views::suggest::near_names(catalogue, name, Some("permission"))
        .into_iter()
        .map(|suggestion| suggestion.label)
        .collect()
}

/// Text with every control character other than newline and tab written as a visible
/// `\u{1b}` escape, so data (a URL of a HAR file, an upstream description) cannot move
/// the cursor, set the terminal title or ring the bell. C1 controls (U+0080–U+009F) are
/// escaped too: some terminals read U+009B as an escape sequence.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let is_escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(is_escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A writer for human-readable text output that passes everything through
/// [`escape_controls`]. (The formatting machinery writes whole `str` pieces, so a
/// character is never split between two writes.)
pub struct TextOut<W>(pub W);

impl<W: std::io::Write> std::io::Write for TextOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(escape_controls(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// `--format` of the commands that print text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("GET /me\n\tok"), "GET /me\n\tok");
        assert_eq!(escape_controls("/x\u{1b}]0;owned\u{7}/y"), "/x\\u{1b}]0;owned\\u{7}/y");
        assert_eq!(escape_controls("a\u{9b}b\r"), "a\\u{9b}b\\r");
        let mut out = TextOut(Vec::new());
        let (sequence, accented) = ("\u{1b}[2J", "é");
        write!(out, "{sequence}|{accented}").unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), "\\u{1b}[2J|é");
    }
}
