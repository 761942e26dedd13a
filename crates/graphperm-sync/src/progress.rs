//! Progress bars on stderr: one per file plus an overall bar, with sizes and rates.
//! Hidden when stderr is not a terminal, so logs and pipes stay clean. No colours.

use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether to draw progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProgressMode {
    /// Draw when stderr is a terminal.
    #[default]
    Auto,
    Hidden,
}

pub(crate) struct Progress {
    multi: MultiProgress,
    overall: ProgressBar,
    files: usize,
}

impl Progress {
    pub fn new(mode: ProgressMode, files: usize) -> Progress {
        let visible = mode == ProgressMode::Auto && std::io::stderr().is_terminal();
        let target = if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let multi = MultiProgress::with_draw_target(target);
        let overall = multi.add(ProgressBar::new(0));
        overall.set_style(style(WAITING_TEMPLATE));
        overall.set_prefix("total");
        let progress = Progress { multi, overall, files };
        progress.set_done(0);
        progress
    }

    /// A bar for one file, drawn above the overall bar.
    pub fn file(&self, name: &str) -> FileProgress {
        // Until the size is known (from the headers), show bytes without a bar.
        let bar = self.multi.insert_before(&self.overall, ProgressBar::no_length());
        bar.set_style(style(WAITING_TEMPLATE));
        bar.set_prefix(short_name(name));
        FileProgress { bar, overall: self.overall.clone() }
    }

    pub fn set_done(&self, done: usize) {
        self.overall.set_message(format!("{done}/{} files", self.files));
    }

    pub fn finish(&self) {
        self.overall.finish_and_clear();
    }
}

/// Progress of one download, also counted in the overall bar.
pub(crate) struct FileProgress {
    bar: ProgressBar,
    overall: ProgressBar,
}

impl FileProgress {
    /// The file's size became known (from `Content-Length`).
    pub fn set_length(&self, length: u64) {
        self.bar.set_style(style(FILE_TEMPLATE));
        self.bar.set_length(length);
        self.overall.set_style(style(FILE_TEMPLATE));
        self.overall.inc_length(length);
    }

    pub fn inc(&self, bytes: u64) {
        self.bar.inc(bytes);
        self.overall.inc(bytes);
    }

    /// Forgets a failed attempt before retrying.
    pub fn reset(&self, message: String) {
        let counted = self.bar.position();
        self.overall.set_position(self.overall.position().saturating_sub(counted));
        if let Some(length) = self.bar.length() {
            let total = self.overall.length().unwrap_or(0);
            self.overall.set_length(total.saturating_sub(length));
        }
        self.bar.set_position(0);
        self.bar.unset_length();
        self.bar.set_style(style(WAITING_TEMPLATE));
        self.bar.set_message(message);
    }

    /// Removes the file's bar: the summary printed after the sync says what happened.
    pub fn finish(&self, message: &str) {
        self.bar.set_message(message.to_string());
        self.bar.finish_and_clear();
    }
}

const WAITING_TEMPLATE: &str = "{prefix:>28} {bytes} {binary_bytes_per_sec} {msg}";
const FILE_TEMPLATE: &str = "{prefix:>28} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} {msg}";

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

/// The last path segment, which is enough to tell the files apart.
fn short_name(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    let characters: Vec<char> = last.chars().collect();
    if characters.len() <= 28 {
        last.to_string()
    } else {
        let tail: String = characters[characters.len() - 27..].iter().collect();
        format!("…{tail}")
    }
}
