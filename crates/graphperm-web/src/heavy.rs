//! Heavy, user-controlled work (the least-privilege engine) on tokio's blocking pool: a
//! bounded number of jobs at a time, each within a deadline, never on the async workers,
//! so light requests (`/healthz`, cached pages) keep answering while it runs.
//!
//! A job starts only once it holds a permit of `Shared::heavy`; a client that goes away
//! while waiting never starts one. A started job keeps its permit until it returns, so
//! work abandoned at its deadline still counts against the bound; it sees the
//! cancellation through [`Cancelled`] between its steps and drops its result.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tokio::time::{Instant, timeout_at};

use crate::error::WebError;
use crate::state::AppState;

/// Set when the request is gone (client closed, deadline passed, server stopping).
#[derive(Debug, Clone)]
pub struct Cancelled(Arc<AtomicBool>);

impl Cancelled {
    /// `Err` once the request no longer wants the answer.
    pub fn check(&self) -> Result<(), WebError> {
        if self.0.load(Ordering::Relaxed) {
            Err(WebError::busy("the calculation was cancelled"))
        } else {
            Ok(())
        }
    }
}

/// Cancels the job when the request's future is dropped or finishes.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on the blocking pool within [`crate::Limits::work_deadline`] (waiting for
/// a permit included). Past the deadline the answer is a 503 with `Retry-After`.
pub async fn run<T, F>(state: &AppState, work: F) -> Result<T, WebError>
where
    F: FnOnce(&Cancelled) -> Result<T, WebError> + Send + 'static,
    T: Send + 'static,
{
    let limit = state.limits.work_deadline;
    let deadline = Instant::now() + limit;
    let permit = match timeout_at(deadline, state.heavy.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        Ok(Err(_closed)) => return Err(WebError::busy("the server is stopping")),
        Err(_elapsed) => {
            return Err(WebError::busy(format!(
                "the server is busy with other calculations; none finished within {} s, try again",
                limit.as_secs_f32()
            )));
        }
    };
    let flag = Arc::new(AtomicBool::new(false));
    let _cancel_on_drop = CancelOnDrop(flag.clone());
    let cancelled = Cancelled(flag);
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&cancelled)
    });
    match timeout_at(deadline, task).await {
        Ok(Ok(result)) => result,
        // A panic in the job is a panic of the handler: the panic layer answers 500.
        Ok(Err(error)) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Ok(Err(error)) => Err(WebError::internal(format!("a blocking job failed: {error}"))),
        Err(_elapsed) => Err(WebError::busy(format!(
            "the calculation did not finish within {} s and was stopped; try fewer calls",
            limit.as_secs_f32()
        ))),
    }
}

/// `value` as JSON, or a 422 once it passes `limit` bytes (checked while writing, so a
/// huge report is never held in full).
pub fn json_within<T: Serialize>(value: &T, limit: usize) -> Result<Vec<u8>, WebError> {
    let mut writer = Bounded { bytes: Vec::new(), limit };
    match serde_json::to_writer(&mut writer, value) {
        Ok(()) => Ok(writer.bytes),
        Err(error) if error.is_io() => Err(WebError::unprocessable(format!(
            "the report would be larger than {} MiB; ask for fewer calls at a time",
            limit / (1024 * 1024)
        ))),
        Err(error) => Err(WebError::internal(format!("cannot serialize the report: {error}"))),
    }
}

struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl Write for Bounded {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buffer.len() > self.limit {
            return Err(std::io::Error::other("the limit is reached"));
        }
        self.bytes.extend_from_slice(buffer);
        Ok(buffer.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_past_the_limit_is_a_422() {
        let small = json_within(&vec![1, 2, 3], 100).expect("fits");
        assert_eq!(small, b"[1,2,3]");
        let error = json_within(&vec![0u8; 1000], 100).expect_err("too large");
        assert_eq!(error.status(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
}
