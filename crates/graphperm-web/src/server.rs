//! The connection loop of `graphperm serve`: HTTP/1.1 on hyper with every wait bounded.
//!
//! - a connection limit: past [`ServeOptions::max_connections`] new connections wait in
//!   the kernel's backlog instead of costing memory;
//! - a header-read timeout that is also the keep-alive idle timeout (hyper starts it
//!   whenever it waits for a request head), so idle and slow-header clients are closed;
//! - the request deadline of the router (`security::deadline`) bounds slow bodies;
//! - a write-stall timeout: a client that stops reading its response is closed;
//! - a read buffer of [`ServeOptions::max_buffer_bytes`] per connection, above the
//!   router's own header and query limits, so the router (not hyper) answers 414/431 in
//!   the usual shape for anything short of an absurd request head;
//! - what hyper answers itself, before the router sees a request (a head past the read
//!   buffer: 431; a head it cannot parse: 400; HTTP/2 bytes: 505), is rewritten on its way
//!   out into the usual `{"error": ...}` shape with the security headers
//!   ([`rewrite_bare_error`]);
//! - graceful shutdown: stop accepting, let requests in flight finish, and close what is
//!   left after [`ServeOptions::shutdown_grace`].

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Sleep;

/// Bounds of the connection loop. The defaults are what `graphperm serve` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time to receive a request head, and to wait idle for the next one.
    pub header_read_timeout: Duration,
    /// Time a response write may wait for the client to read.
    pub write_stall_timeout: Duration,
    /// Time requests in flight get to finish after the shutdown signal.
    pub shutdown_grace: Duration,
    /// hyper's read buffer per connection: the largest request head it accepts.
    pub max_buffer_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(10),
            write_stall_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
            max_buffer_bytes: 64 * 1024,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains within the grace
/// period. Returns when every connection is closed (or was aborted at the grace period).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let (closing_sender, closing) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.map_err(io::Error::other)?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut closing = closing.clone();
        connections.spawn(async move {
            let _permit = permit;
            let io = TokioIo::new(StallTimeout::new(stream, options.write_stall_timeout));
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(options.header_read_timeout)
                .max_buf_size(options.max_buffer_bytes.max(8192))
                .serve_connection(io, service);
            tokio::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => log_connection_end(result),
                _ = closing.changed() => {
                    connection.as_mut().graceful_shutdown();
                    log_connection_end(connection.await);
                }
            }
        });
        // Finished connections are collected here too, so the set stays small.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = closing_sender.send(true);
    let drained = tokio::time::timeout(options.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            "{} connections were still busy after {} s and were closed",
            connections.len(),
            options.shutdown_grace.as_secs_f32()
        );
        connections.shutdown().await;
    }
    Ok(())
}

fn log_connection_end(result: Result<(), hyper::Error>) {
    if let Err(error) = result {
        tracing::debug!("connection closed: {error}");
    }
}

/// A TCP stream whose writes fail with `TimedOut` once they have waited `limit` for the
/// client to read. Reads are bounded by hyper's header timeout and the router's deadline.
///
/// It also rewrites the error responses hyper writes itself ([`rewrite_bare_error`]).
struct StallTimeout {
    stream: TcpStream,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
    /// A rewritten response head being written: its bytes, how many are written, and how
    /// many bytes of hyper's buffer it stands for.
    rewritten: Option<(Vec<u8>, usize, usize)>,
}

impl StallTimeout {
    fn new(stream: TcpStream, limit: Duration) -> StallTimeout {
        StallTimeout { stream, limit, stalled: None, rewritten: None }
    }

    /// Whether the write of `buffer` is (still) the rewrite of one of hyper's bare error
    /// heads; the rewrite is made once, when such a head first comes.
    fn rewriting(&mut self, buffer: &[u8]) -> bool {
        if self.rewritten.is_none() {
            if let Some((consumed, bytes)) = rewrite_bare_error(buffer) {
                self.rewritten = Some((bytes, 0, consumed));
            }
        }
        self.rewritten.is_some()
    }

    /// Writes the rest of the rewritten head; done, it reports hyper's bytes as written.
    fn poll_rewritten(&mut self, context: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let Some((bytes, written, consumed)) = self.rewritten.as_mut() else {
            return Poll::Ready(Ok(0));
        };
        while *written < bytes.len() {
            match Pin::new(&mut self.stream).poll_write(context, &bytes[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(count)) => *written += count,
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                Poll::Pending => return self.poll_stall(context),
            }
        }
        let consumed = *consumed;
        self.rewritten = None;
        self.stalled = None;
        Poll::Ready(Ok(consumed))
    }

    /// A write's outcome: `Pending` arms (or fires) the stall timer, anything else resets it.
    fn settle(
        &mut self,
        context: &mut Context<'_>,
        poll: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match poll {
            Poll::Pending => self.poll_stall(context),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    /// After a write returned `Pending`: arms the timer, and fails once it fired.
    fn poll_stall(&mut self, context: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let limit = self.limit;
        let timer = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(timer.as_mut().poll(context));
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")))
    }
}

impl AsyncRead for StallTimeout {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(context, buffer)
    }
}

impl AsyncWrite for StallTimeout {
    fn poll_write(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.rewriting(buffer) {
            return self.poll_rewritten(context);
        }
        let poll = Pin::new(&mut self.stream).poll_write(context, buffer);
        self.settle(context, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        // A response head is always the first buffer: check it on its own.
        let first = buffers.iter().find(|buffer| !buffer.is_empty()).map_or(&[][..], |buffer| &buffer[..]);
        if self.rewriting(first) {
            return self.poll_rewritten(context);
        }
        let poll = Pin::new(&mut self.stream).poll_write_vectored(context, buffers);
        self.settle(context, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(context)
    }
}

/// hyper answers some requests itself, before the router sees them: a head larger than
/// its read buffer (431), a head it cannot parse (400), HTTP/2 bytes (505). Those heads
/// carry no security headers and no body. Given the bytes hyper is about to write, this
/// returns, for such a head, how many bytes it spans and the response to write instead:
/// the same status with `{"error": ...}`, the security headers and `connection: close`.
/// Every response the router makes carries `x-content-type-options`, so a head without
/// it is hyper's own.
pub fn rewrite_bare_error(buffer: &[u8]) -> Option<(usize, Vec<u8>)> {
    if !(buffer.starts_with(b"HTTP/1.1 4") || buffer.starts_with(b"HTTP/1.1 5")) {
        return None;
    }
    let end = buffer.windows(4).position(|window| window == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buffer[..end]).ok()?;
    if head.to_ascii_lowercase().contains("\r\nx-content-type-options:") {
        return None;
    }
    let status = axum::http::StatusCode::from_bytes(head.get(9..12)?.as_bytes()).ok()?;
    let message = match status.as_u16() {
        431 => "the request head is larger than the server accepts".to_string(),
        400 => "the request could not be read as HTTP/1.1".to_string(),
        _ => status.canonical_reason().unwrap_or("error").to_ascii_lowercase(),
    };
    let body = serde_json::json!({ "error": message }).to_string();
    let mut response = axum::response::Response::new(axum::body::Body::empty());
    crate::security::add_headers(&mut response);
    let mut bytes = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    for (name, value) in response.headers() {
        bytes.push_str(&format!("{}: {}\r\n", name, value.to_str().unwrap_or("")));
    }
    bytes.push_str("\r\n");
    bytes.push_str(&body);
    Some((end, bytes.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::rewrite_bare_error;

    #[test]
    fn hypers_own_error_heads_get_the_error_shape_and_the_security_headers() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let (consumed, rewritten) = rewrite_bare_error(bare).expect("rewritten");
        assert_eq!(consumed, bare.len());
        let text = String::from_utf8(rewritten).expect("text");
        assert!(text.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"), "{text}");
        assert!(text.contains("\r\nx-content-type-options: nosniff\r\n"), "{text}");
        assert!(text.contains("\r\ncontent-security-policy: default-src 'none'"), "{text}");
        assert!(
            text.ends_with("\r\n\r\n{\"error\":\"the request head is larger than the server accepts\"}"),
            "{text}"
        );
        let length = text.split("content-length: ").nth(1).and_then(|rest| rest.split("\r\n").next());
        let body = text.split("\r\n\r\n").nth(1).expect("a body");
        assert_eq!(length, Some(body.len().to_string().as_str()));
    }

    #[test]
    fn the_routers_responses_and_bodies_pass_unchanged() {
        let shaped = b"HTTP/1.1 404 Not Found\r\nx-content-type-options: nosniff\r\n\r\n";
        assert!(rewrite_bare_error(shaped).is_none());
        assert!(rewrite_bare_error(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(rewrite_bare_error(b"<!doctype html>HTTP/1.1 400 \r\n\r\n").is_none());
        assert!(
            rewrite_bare_error(b"HTTP/1.1 400 Bad Request\r\n").is_none(),
            "an unfinished head is left alone"
        );
    }
}
