//! The process exit codes of every command, in one table; each code has one meaning.
//! The README's "Exit codes" section documents the same table: change a number only with
//! a note there.

use std::process::ExitCode;

use graphperm_sync::{SyncError, SyncFailure};

/// The command did what was asked.
pub const SUCCESS: u8 = 0;
/// Something failed that is not one of the cases below: data that does not load, an I/O
/// error, a sync lock held by a running sync.
pub const FAILURE: u8 = 1;
/// Bad arguments (clap uses 2 for its own usage errors too).
pub const USAGE: u8 = 2;
/// A name was not found: an unknown permission, a search without a result.
pub const NOT_FOUND: u8 = 3;
/// `least` could not answer every call (and `audit`: its calls need permissions the app
/// does not hold): an input could not be read (missing file, not
/// text, not JSON, past a limit), a call is invalid, unmatched or covered by no
/// permission, or `--granted` misses permissions.
pub const INCOMPLETE: u8 = 4;
/// `sync`: the downloaded data is invalid; the current data is kept.
pub const INVALID_DATA: u8 = 5;
/// `sync`: a download failed after its retries; the current data is kept. (It was 4
/// before 4 became `least`'s code alone.)
pub const DOWNLOAD_FAILED: u8 = 6;
/// `sync`: interrupted (Ctrl-C); the current data is kept.
pub const INTERRUPTED: u8 = 130;

/// The exit code for a failed sync.
pub fn of_sync(error: &SyncError) -> ExitCode {
    ExitCode::from(match error.failure() {
        SyncFailure::Download => DOWNLOAD_FAILED,
        SyncFailure::InvalidData => INVALID_DATA,
        SyncFailure::Interrupted => INTERRUPTED,
        SyncFailure::Other => FAILURE,
    })
}

/// `ExitCode::from`, for the constants above.
pub fn code(code: u8) -> ExitCode {
    ExitCode::from(code)
}

/// Prints an error with its causes on stderr, each cause once: a cause whose text the
/// message already ends with (an error that repeats its source) is not printed again.
/// Control characters (from a file name or a URL) are escaped.
pub fn print_error(error: &anyhow::Error) {
    eprintln!("error: {}", crate::output::escape_controls(&error_text(error.chain())));
}

/// The `a: b: c` text of an error chain without repeated causes.
pub fn error_text<'a>(chain: impl Iterator<Item = &'a (dyn std::error::Error + 'static)>) -> String {
    let mut text = String::new();
    for cause in chain {
        let cause = cause.to_string();
        if text.ends_with(&cause) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that writes its source into its own message and also returns it as its
    /// source, as `thiserror` does for `#[error("…: {source}")]`.
    #[derive(Debug)]
    struct Repeats {
        source: std::io::Error,
    }

    impl std::fmt::Display for Repeats {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot write out/x: {}", self.source)
        }
    }

    impl std::error::Error for Repeats {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.source)
        }
    }

    #[test]
    fn a_repeated_cause_is_printed_once() {
        let io = std::io::Error::other("Not a directory (os error 20)");
        let error = anyhow::Error::new(Repeats { source: io }).context("cannot build the site");
        assert_eq!(
            error_text(error.chain()),
            "cannot build the site: cannot write out/x: Not a directory (os error 20)"
        );
        let plain = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_text(plain.chain()), "outer: inner");
    }

    #[test]
    fn each_code_has_one_meaning() {
        let codes =
            [SUCCESS, FAILURE, USAGE, NOT_FOUND, INCOMPLETE, INVALID_DATA, DOWNLOAD_FAILED, INTERRUPTED];
        let mut unique = codes.to_vec();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len());
    }
}
