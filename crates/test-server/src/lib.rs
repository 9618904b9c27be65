//! A tiny HTTP/1.1 server for tests: it listens on 127.0.0.1 on a free port, serves the routes a
//! test gives it, and stops when dropped. Tests never reach the internet.
//!
//! Standard library only, so any test (sync or async, any crate) can start one.
//!
//! Besides well-formed answers it injects the faults a real network has ([`Fault`]): a
//! connection reset mid-body, a body trickled byte by byte, a lying `Content-Length`, a body
//! that never ends.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A canned response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (to test timeouts).
    pub delay: Duration,
    /// How the answer misbehaves, if it does.
    pub fault: Fault,
    /// Answer `304 Not Modified` (no body) to a request whose `If-None-Match` names this
    /// response's `ETag`, as a server that honours validators does.
    pub revalidates: bool,
}

/// A way for an answer to go wrong on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fault {
    /// None: the head and the whole body, then the connection closes.
    #[default]
    None,
    /// The head and the first `n` bytes of the body, then a TCP reset (the request is left
    /// unread, so closing the socket makes the kernel send RST).
    ResetAfter(usize),
    /// The body `chunk` bytes at a time with a pause of `every` between chunks (slow loris).
    Trickle { chunk: usize, every: Duration },
    /// The head declares this `Content-Length`, whatever the body's real length.
    ContentLength(u64),
    /// No `Content-Length`, and the body is sent again and again until the client hangs up.
    Endless,
}

impl Response {
    /// A 200 response with a body and a `Content-Type`.
    #[must_use]
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            fault: Fault::None,
            revalidates: false,
        }
    }

    /// A 200 `text/html; charset=utf-8` page.
    #[must_use]
    pub fn html(body: impl Into<Vec<u8>>) -> Self {
        Self::ok("text/html; charset=utf-8", body)
    }

    /// An empty response with a status code.
    #[must_use]
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: format!("<h1>{status}</h1>").into_bytes(),
            delay: Duration::ZERO,
            fault: Fault::None,
            revalidates: false,
        }
    }

    /// A redirect to `location`.
    #[must_use]
    pub fn redirect(location: &str) -> Self {
        Self {
            status: 302,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
            delay: Duration::ZERO,
            fault: Fault::None,
            revalidates: false,
        }
    }

    /// The same response with one more header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The same response with another status code (a 301 or 308 redirect, say).
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// The same response, sent after `delay`.
    #[must_use]
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same response, answered with `304 Not Modified` when the request's `If-None-Match`
    /// names its `ETag` (see [`Response::revalidates`]).
    #[must_use]
    pub fn revalidated(mut self) -> Self {
        self.revalidates = true;
        self
    }

    /// This response, misbehaving as `fault` says.
    #[must_use]
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = fault;
        self
    }
}

/// A request the server received: its path (with the query) and its headers, names lower-cased.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of header `name` (any case), if it was sent.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server saw: the requests, and how many it answered at once at most.
#[derive(Debug, Default)]
struct Log {
    requests: std::sync::Mutex<Vec<Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A running server; dropping it stops it.
#[derive(Debug)]
pub struct TestServer {
    ip: Ipv4Addr,
    port: u16,
    stop: Arc<AtomicBool>,
    hits: Arc<AtomicUsize>,
    log: Arc<Log>,
}

impl TestServer {
    /// Starts a server answering `routes` (a path with its query, or a path alone to answer any
    /// query) with their responses; other paths get 404. A path listed several times answers
    /// with each response in turn, then repeats the last (to test retries).
    ///
    /// # Panics
    /// If no local port can be bound (the test cannot run then).
    #[must_use]
    pub fn start(routes: Vec<(&str, Response)>) -> Self {
        Self::start_on(Ipv4Addr::LOCALHOST, routes)
    }

    /// Like [`TestServer::start`], listening on another loopback address (`127.0.0.2`, …), so
    /// one test can have several distinct hosts.
    ///
    /// # Panics
    /// If `ip` is not a loopback address, or no port can be bound on it.
    #[must_use]
    #[allow(clippy::expect_used)]
    pub fn start_on(ip: Ipv4Addr, routes: Vec<(&str, Response)>) -> Self {
        assert!(
            ip.is_loopback(),
            "test servers listen on loopback only, not {ip}"
        );
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let mut table: HashMap<String, Route> = HashMap::new();
        for (path, response) in routes {
            table
                .entry(path.to_owned())
                .or_default()
                .responses
                .push(response);
        }
        let routes = Arc::new(table);
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Log::default());
        let (stop_flag, hit_count, server_log) =
            (Arc::clone(&stop), Arc::clone(&hits), Arc::clone(&log));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                hit_count.fetch_add(1, Ordering::SeqCst);
                let (routes, log) = (Arc::clone(&routes), Arc::clone(&server_log));
                thread::spawn(move || {
                    let now = log.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    log.max_in_flight.fetch_max(now, Ordering::SeqCst);
                    serve(stream, &routes, port, &log);
                    log.in_flight.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self {
            ip,
            port,
            stop,
            hits,
            log,
        }
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    #[must_use]
    pub fn base(&self) -> String {
        format!("http://{}:{}", self.ip, self.port)
    }

    /// The absolute URL of `path`.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    /// How many connections the server has accepted.
    #[must_use]
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// The requests answered so far, in the order they arrived.
    #[must_use]
    pub fn requests(&self) -> Vec<Request> {
        self.log
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The most requests the server was answering at one time.
    #[must_use]
    pub fn max_in_flight(&self) -> usize {
        self.log.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect((self.ip, self.port));
    }
}

/// The responses of one path, served in turn.
#[derive(Debug, Default)]
struct Route {
    responses: Vec<Response>,
    served: AtomicUsize,
}

impl Route {
    fn next(&self) -> Option<Response> {
        let i = self.served.fetch_add(1, Ordering::SeqCst);
        self.responses
            .get(i.min(self.responses.len().saturating_sub(1)))
            .cloned()
    }
}

fn serve(mut stream: TcpStream, routes: &HashMap<String, Route>, port: u16, log: &Log) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(path) = request_path(&stream) else {
        return;
    };
    // An exact match (query included) first, then the path alone.
    let response = routes
        .get(&path)
        .or_else(|| routes.get(path.split('?').next().unwrap_or(&path)))
        .and_then(Route::next)
        .unwrap_or_else(|| Response::status(404));
    let headers = if matches!(response.fault, Fault::ResetAfter(_)) {
        Vec::new()
    } else {
        // Consume the request, so that closing the socket ends it cleanly (FIN, not RST).
        drain_request(&stream)
    };
    log.requests
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(Request {
            path: path.clone(),
            headers: headers.clone(),
        });
    let log_headers = headers;
    let response = revalidated(response, &log_headers);
    if !response.delay.is_zero() {
        thread::sleep(response.delay);
    }
    let _ = stream
        .write_all(head(&response, port).as_bytes())
        .and_then(|()| write_body(&mut stream, &response));
}

/// `response`, or `304 Not Modified` in its place when it revalidates and the request's
/// `If-None-Match` names its `ETag`.
fn revalidated(response: Response, request_headers: &[(String, String)]) -> Response {
    if !response.revalidates {
        return response;
    }
    let etag = response
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("etag"))
        .map(|(_, value)| value.as_str());
    let asked = request_headers
        .iter()
        .find(|(name, _)| name == "if-none-match")
        .map(|(_, value)| value.as_str());
    match (etag, asked) {
        (Some(etag), Some(asked)) if asked.split(',').any(|tag| tag.trim() == etag) => Response {
            status: 304,
            body: Vec::new(),
            headers: response
                .headers
                .into_iter()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
                .collect(),
            ..response
        },
        _ => response,
    }
}

/// The path of the request on `stream`, read without consuming it (see [`Fault::ResetAfter`]).
fn request_path(stream: &TcpStream) -> Option<String> {
    // Room for a long request line (tests send 10 kB URLs).
    let mut buf = vec![0u8; 64 * 1024];
    // Wait until the whole request line has arrived (or the buffer is full).
    loop {
        let n = stream.peek(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        let seen = &buf[..n];
        // Not HTTP (a TLS handshake, say): answer at once, which the client will not understand.
        let not_http = !seen[0].is_ascii_uppercase();
        if not_http || seen.windows(4).any(|w| w == b"\r\n\r\n") || n == buf.len() {
            let line = String::from_utf8_lossy(seen);
            let line = line.lines().next().unwrap_or_default();
            return Some(line.split_whitespace().nth(1).unwrap_or("/").to_owned());
        }
        thread::sleep(Duration::from_millis(1));
    }
}

/// Reads the request head off the socket; returns its headers (names lower-cased).
fn drain_request(stream: &TcpStream) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let Ok(clone) = stream.try_clone() else {
        return headers;
    };
    let mut reader = BufReader::new(clone);
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
                }
            }
        }
    }
    headers
}

fn head(response: &Response, port: u16) -> String {
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        308 => "Permanent Redirect",
        410 => "Gone",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nConnection: close\r\n",
        response.status
    );
    match response.fault {
        Fault::Endless => {}
        Fault::ContentLength(n) => head.push_str(&format!("Content-Length: {n}\r\n")),
        _ => head.push_str(&format!("Content-Length: {}\r\n", response.body.len())),
    }
    for (name, value) in &response.headers {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.replace("{base}", &format!("http://127.0.0.1:{port}"))
        ));
    }
    head.push_str("\r\n");
    head
}

fn write_body(stream: &mut TcpStream, response: &Response) -> std::io::Result<()> {
    let body = &response.body;
    match response.fault {
        Fault::None | Fault::ContentLength(_) => stream.write_all(body),
        Fault::ResetAfter(n) => {
            stream.write_all(&body[..n.min(body.len())])?;
            stream.flush()
            // Dropping the socket with the request unread sends RST.
        }
        Fault::Trickle { chunk, every } => {
            for piece in body.chunks(chunk.max(1)) {
                stream.write_all(piece)?;
                stream.flush()?;
                thread::sleep(every);
            }
            Ok(())
        }
        Fault::Endless if body.is_empty() => Ok(()),
        Fault::Endless => loop {
            // Ends when the client hangs up and the write fails.
            stream.write_all(body)?;
        },
    }
}
