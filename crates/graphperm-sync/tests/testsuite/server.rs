//! A tiny HTTP/1.1 file server on 127.0.0.1 for the sync tests, serving a folder in the
//! upstream layout with ETag / Last-Modified / 304 support, and injecting faults per path.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A fixed upstream date, so manifests and data dates are predictable.
pub const LAST_MODIFIED: &str = "Fri, 07 Aug 2026 14:00:06 GMT";

/// What to do instead of serving a path normally.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status every time.
    Status(u16),
    /// Answer with this status the first `times` requests, then serve normally.
    StatusTimes(u16, usize),
    /// Announce the full length, send half the body, close the connection.
    DropMidBody,
    /// Serve the first half of the file as if it were the whole file.
    Truncate,
    /// Serve these bytes instead of the file.
    Replace(Vec<u8>),
    /// Wait this long before answering (past the client's read timeout).
    Slow(Duration),
    /// Announce more bytes than are sent, then close.
    ContentLengthTooLong,
    /// Announce fewer bytes than are sent.
    ContentLengthTooShort,
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct State {
    faults: HashMap<String, Fault>,
    served: HashMap<String, usize>,
    seen: Vec<Seen>,
}

pub struct TestServer {
    pub base_url: String,
    state: Arc<Mutex<State>>,
}

impl TestServer {
    /// Serves `root` on a free port until the process ends.
    pub fn start(root: PathBuf) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let root = root.clone();
                std::thread::spawn(move || handle(stream, &root, &state));
            }
        });
        TestServer { base_url, state }
    }

    /// Injects a fault for `<repository>/<path>`.
    pub fn fault(&self, file: &str, fault: Fault) {
        let mut state = self.state.lock().unwrap();
        state.faults.insert(format!("/{file}"), fault);
        state.served.remove(&format!("/{file}"));
    }

    pub fn clear_faults(&self) {
        self.state.lock().unwrap().faults.clear();
    }

    /// Requests seen so far, and forgets them.
    pub fn take_seen(&self) -> Vec<Seen> {
        std::mem::take(&mut self.state.lock().unwrap().seen)
    }
}

fn handle(stream: TcpStream, root: &std::path::Path, state: &Mutex<State>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(clone) => clone,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let fault = {
        let mut state = state.lock().unwrap();
        let count = state.served.entry(path.clone()).or_insert(0);
        *count += 1;
        let count = *count;
        match state.faults.get(&path).cloned() {
            Some(Fault::StatusTimes(_, times)) if count > times => None,
            other => other,
        }
    };
    let file = root.join(path.trim_start_matches('/'));
    let content = std::fs::read(&file).ok();
    let etag = content.as_ref().map(|bytes| etag_of(bytes));
    let record = |status: u16| {
        state.lock().unwrap().seen.push(Seen {
            path: path.clone(),
            if_none_match: headers.get("if-none-match").cloned(),
            if_modified_since: headers.get("if-modified-since").cloned(),
            status,
        });
    };
    let mut stream = stream;
    match (fault, content) {
        (Some(Fault::Status(status) | Fault::StatusTimes(status, _)), _) => {
            record(status);
            respond(&mut stream, status, &[], b"injected failure\n");
        }
        (Some(Fault::Slow(delay)), _) => {
            record(0);
            std::thread::sleep(delay);
            respond(&mut stream, 200, &[], b"{}");
        }
        (Some(Fault::Replace(bytes)), _) => {
            record(200);
            respond(&mut stream, 200, &[], &bytes);
        }
        (_, None) => {
            record(404);
            respond(&mut stream, 404, &[], b"not found\n");
        }
        (Some(Fault::DropMidBody), Some(bytes)) => {
            record(200);
            let head = head(200, &[], bytes.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&bytes[..bytes.len() / 2]);
            let _ = stream.flush();
        }
        (Some(Fault::Truncate), Some(bytes)) => {
            record(200);
            respond(&mut stream, 200, &[], &bytes[..bytes.len() / 2]);
        }
        (Some(Fault::ContentLengthTooLong), Some(bytes)) => {
            record(200);
            let _ = stream.write_all(head(200, &[], bytes.len() + 1000).as_bytes());
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        (Some(Fault::ContentLengthTooShort), Some(bytes)) => {
            record(200);
            let _ = stream.write_all(head(200, &[], bytes.len() / 3).as_bytes());
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        (None, Some(bytes)) => {
            let etag = etag.unwrap_or_default();
            let validators = [("ETag", etag.as_str()), ("Last-Modified", LAST_MODIFIED)];
            if headers.get("if-none-match") == Some(&etag) {
                record(304);
                respond(&mut stream, 304, &validators, b"");
            } else {
                record(200);
                respond(&mut stream, 200, &validators, &bytes);
            }
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn head(status: u16, headers: &[(&str, &str)], length: usize) -> String {
    let mut head = format!("HTTP/1.1 {status} Status\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if status != 304 {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    head.push_str("\r\n");
    head
}

fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let _ = stream.write_all(head(status, headers, body.len()).as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

/// A strong ETag from the content (FNV-1a, enough to tell versions apart in a test).
fn etag_of(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{hash:016x}-{}\"", bytes.len())
}
