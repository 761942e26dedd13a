//! What `least` and `audit` read: the call sources both take (`--file`, `--batch`,
//! `--har`, `--ps1`) and one reader of input files, bounded in size, that refuses what is
//! not text and names the line instead of replacing bytes and matching silently.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

/// Calls from files, one flag per format.
#[derive(Debug, Args)]
pub struct CallFiles {
    /// Read calls from a file, one `METHOD URL` per line (`-` for stdin, `#` comments).
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
    /// Read a JSON `$batch` request body.
    #[arg(long, value_name = "F")]
    pub batch: Option<PathBuf>,
    /// Read a HAR browser recording (requests to Graph hosts only).
    #[arg(long, value_name = "F")]
    pub har: Option<PathBuf>,
    /// Read a Microsoft Graph PowerShell script (cmdlets and Invoke-MgGraphRequest).
    #[arg(long, value_name = "F")]
    pub ps1: Option<PathBuf>,
}

impl CallFiles {
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.batch.is_none() && self.har.is_none() && self.ps1.is_none()
    }
}

/// The text of `path` (`-`: stdin), at most `limit` bytes.
pub fn read_text(path: &Path, limit: usize) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    let cap = limit as u64 + 1;
    if path == Path::new("-") {
        std::io::stdin().lock().take(cap).read_to_end(&mut bytes).context("cannot read stdin")?;
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(cap).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if bytes.len() > limit {
        anyhow::bail!("{} is larger than {limit} bytes", path.display());
    }
    text_of(bytes).map_err(|problem| anyhow::anyhow!("{}: {problem}", path.display()))
}

/// The JSON value in `path`, at most `limit` bytes.
pub fn read_json(path: &Path, limit: usize) -> anyhow::Result<serde_json::Value> {
    let text = read_text(path, limit)?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

/// The bytes as text, or which line is not: invalid UTF-8 and NUL bytes (a binary file)
/// are named with their line instead of being replaced and matched silently.
fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    let line_of = |bytes: &[u8], end: usize| bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        format!("line {} is not valid UTF-8 (byte {})", line_of(error.as_bytes(), valid), valid + 1)
    })?;
    if let Some(position) = text.find('\0') {
        return Err(format!("line {} holds a NUL byte: not a text file", line_of(text.as_bytes(), position)));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_text_is_named_by_line() {
        assert_eq!(text_of(b"GET /me\n".to_vec()).unwrap(), "GET /me\n");
        assert_eq!(
            text_of(b"GET /me\nGET /users/\xff\n".to_vec()).unwrap_err(),
            "line 2 is not valid UTF-8 (byte 20)"
        );
        assert_eq!(text_of(b"a\nb\nc\0".to_vec()).unwrap_err(), "line 3 holds a NUL byte: not a text file");
    }

    #[test]
    fn a_file_past_the_limit_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let path = temp.path().join("calls.txt");
        std::fs::write(&path, "GET /me\n").unwrap();
        assert_eq!(read_text(&path, 8).unwrap(), "GET /me\n");
        let error = read_text(&path, 7).unwrap_err().to_string();
        assert!(error.ends_with("calls.txt is larger than 7 bytes"), "{error}");
    }
}
