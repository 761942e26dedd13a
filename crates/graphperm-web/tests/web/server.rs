//! The server on a real socket (127.0.0.1, port 0): heavy work leaves light requests
//! answering, slow and idle clients are closed, the connection limit holds, and shutdown
//! finishes within its grace period. Every wait here has a time limit, so a regression
//! fails instead of hanging; latencies are asserted only where the brief asks for them.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use graphperm_web::{AppState, Limits, ServeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::support::{fixture, shared};

/// A running server; dropping it stops it.
struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(state: AppState, options: ServeOptions) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let address = listener.local_addr().expect("an address");
    let (stop, stopped) = oneshot::channel::<()>();
    let app = graphperm_web::app(state);
    let done = tokio::spawn(graphperm_web::serve(listener, app, options, async {
        let _ = stopped.await;
    }));
    Server { address, stop: Some(stop), done }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Sends raw bytes, reads until the server closes or `limit` passes; returns what came.
async fn exchange(address: SocketAddr, request: &[u8], limit: Duration) -> String {
    let mut stream = TcpStream::connect(address).await.expect("connects");
    stream.write_all(request).await.expect("writes");
    read_until_closed(&mut stream, limit).await.0
}

/// Reads until EOF; returns the text and whether the server closed within `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    let mut received = Vec::new();
    let closed = tokio::time::timeout(limit, async {
        let mut buffer = [0u8; 8192];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => received.extend_from_slice(&buffer[..read]),
            }
        }
    })
    .await
    .is_ok();
    (String::from_utf8_lossy(&received).into_owned(), closed)
}

fn get_request(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").into_bytes()
}

fn quick() -> ServeOptions {
    ServeOptions {
        header_read_timeout: Duration::from_millis(800),
        write_stall_timeout: Duration::from_secs(2),
        shutdown_grace: Duration::from_millis(800),
        ..ServeOptions::default()
    }
}

/// A calculator body that keeps the engine busy for a while: many distinct calls.
fn heavy_body(calls: usize) -> String {
    let shapes = [
        "GET /users/{}/messages/{}",
        "GET /sites/{}/lists/{}/items/{}",
        "PATCH /groups/{}/members/{}",
        "GET /me/drive/items/{}/children",
        "POST /teams/{}/channels/{}/messages",
        "GET /deviceManagement/managedDevices/{}",
    ];
    let text: String = (0..calls)
        .map(|index| shapes[index % shapes.len()].replace("{}", &format!("id{index}")) + "\n")
        .collect();
    serde_json::json!({ "text": text }).to_string()
}

fn post_request(path: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heavy_calculations_leave_healthz_answering_quickly() {
    let limits = Limits { work_deadline: Duration::from_secs(4), ..Limits::default() };
    let server = start(shared().with_limits(limits), ServeOptions::default()).await;
    let address = server.address;
    let body = heavy_body(40_000);
    let heavy: Vec<_> = (0..2)
        .map(|_| {
            let request = post_request("/api/v1/least", &body);
            tokio::spawn(async move { exchange(address, &request, Duration::from_secs(60)).await })
        })
        .collect();
    // Let both reach the engine (one runs, one waits for the pool), then probe.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut latencies = Vec::new();
    for _ in 0..9 {
        let started = Instant::now();
        let reply = exchange(address, &get_request("/healthz"), Duration::from_secs(5)).await;
        latencies.push(started.elapsed());
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let busy = heavy.iter().filter(|task| !task.is_finished()).count();
    latencies.sort();
    assert!(latencies[4] < Duration::from_millis(50), "median /healthz latency {:?}", latencies);
    assert!(busy > 0, "the calculations were still running while /healthz was probed");
    for task in heavy {
        let reply = task.await.expect("the heavy client finishes");
        // Finished in time: the answer, or 413 when the report is over the size cap; else
        // 503 at the work deadline. Never anything else.
        assert!(
            ["HTTP/1.1 200", "HTTP/1.1 413", "HTTP/1.1 503"].iter().any(|status| reply.starts_with(status)),
            "{}",
            &reply[..reply.len().min(300)]
        );
        if !reply.starts_with("HTTP/1.1 200") {
            assert!(reply.contains("\"error\""), "{reply}");
        }
    }
}

#[tokio::test]
async fn idle_connections_are_closed() {
    let server = start(fixture(), quick()).await;
    let mut stream = TcpStream::connect(server.address).await.expect("connects");
    let (_, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed, "an idle connection stays open");
}

#[tokio::test]
async fn keep_alive_connections_are_closed_when_idle() {
    let server = start(fixture(), quick()).await;
    let mut stream = TcpStream::connect(server.address).await.expect("connects");
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n").await.expect("writes");
    let (reply, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(closed, "a kept-alive connection stays open while idle");
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let server = start(fixture(), quick()).await;
    let mut stream = TcpStream::connect(server.address).await.expect("connects");
    let started = Instant::now();
    let mut closed = false;
    for byte in b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
        if started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    if !closed {
        closed = read_until_closed(&mut stream, Duration::from_secs(2)).await.1;
    }
    assert!(closed, "a client sending its head one byte at a time keeps the connection");
    assert!(started.elapsed() < Duration::from_secs(6));
}

/// Heads hyper answers itself (past its read buffer; not HTTP at all) come back in the
/// error shape with the security headers, like every other error (issue 14).
#[tokio::test]
async fn errors_hyper_answers_itself_carry_the_error_shape_and_the_security_headers() {
    let server = start(fixture(), quick()).await;
    // Past hyper's read buffer (the router answers heads up to it with its own 431).
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: test\r\nX-Big: {}",
        "a".repeat(ServeOptions::default().max_buffer_bytes + 1024)
    );
    for (request, status) in [(huge.into_bytes(), "431"), (b"NOT HTTP AT ALL\r\n\r\n".to_vec(), "400")] {
        let mut stream = TcpStream::connect(server.address).await.expect("connects");
        // The server may answer and close before the whole head is sent.
        let _ = stream.write_all(&request).await;
        let (reply, _) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
        assert!(reply.starts_with(&format!("HTTP/1.1 {status} ")), "{reply}");
        let lower = reply.to_ascii_lowercase();
        assert!(lower.contains("\r\nx-content-type-options: nosniff\r\n"), "{reply}");
        assert!(lower.contains("\r\ncontent-security-policy: default-src 'none'"), "{reply}");
        assert!(lower.contains("\r\ncontent-type: application/json\r\n"), "{reply}");
        let body = reply.split("\r\n\r\n").nth(1).unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
        assert!(json["error"].is_string(), "{body}");
    }
    // The server still answers afterwards.
    let reply = exchange(server.address, &get_request("/healthz"), Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

#[tokio::test]
async fn slow_bodies_get_a_408_in_the_error_shape() {
    let limits = Limits { request_timeout: Duration::from_millis(800), ..Limits::default() };
    let server = start(fixture().with_limits(limits), quick()).await;
    let mut stream = TcpStream::connect(server.address).await.expect("connects");
    stream
        .write_all(b"POST /api/v1/least HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        .await
        .expect("writes");
    let trickle = async {
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if stream.write_all(b" ").await.is_err() {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(1500), trickle).await;
    let (reply, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("content-security-policy"), "{reply}");
    assert!(reply.contains("{\"error\":"), "{reply}");
    assert!(closed, "the connection is closed after the 408");
}

#[tokio::test]
async fn connections_past_the_limit_wait_for_a_free_one() {
    let options =
        ServeOptions { max_connections: 2, header_read_timeout: Duration::from_secs(20), ..quick() };
    let server = start(fixture(), options).await;
    let first = TcpStream::connect(server.address).await.expect("connects");
    let _second = TcpStream::connect(server.address).await.expect("connects");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = TcpStream::connect(server.address).await.expect("the kernel queues it");
    third.write_all(&get_request("/healthz")).await.expect("writes");
    let mut buffer = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(400), third.read(&mut buffer)).await;
    assert!(early.is_err(), "a third connection was served past the limit of two");
    drop(first);
    let (reply, _) = read_until_closed(&mut third, Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

#[tokio::test]
async fn shutdown_finishes_within_the_grace_period() {
    let mut server = start(fixture(), quick()).await;
    // A request in flight that never completes: its body never arrives.
    let mut stuck = TcpStream::connect(server.address).await.expect("connects");
    stuck
        .write_all(b"POST /api/v1/least HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        .await
        .expect("writes");
    let reply = exchange(server.address, &get_request("/healthz"), Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    let started = Instant::now();
    let _ = server.stop.take().expect("running").send(());
    let done = tokio::time::timeout(Duration::from_secs(5), &mut server.done).await;
    assert!(done.is_ok(), "serve() still runs 5 s after the shutdown signal");
    assert!(started.elapsed() < Duration::from_secs(3), "shutdown took {:?}", started.elapsed());
    assert!(TcpStream::connect(server.address).await.is_err(), "the listener is closed");
}
