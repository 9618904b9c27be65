//! A tiny HTTP/1.1 server for tests: it listens on 127.0.0.1 on a free port, serves the routes a
//! test gives it, and stops when dropped. Tests never reach the internet.
//!
//! Standard library only, so any test (sync or async, any crate) can start one.

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
        }
    }

    /// The same response with one more header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The same response, sent after `delay`.
    #[must_use]
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A running server; dropping it stops it.
#[derive(Debug)]
pub struct TestServer {
    ip: Ipv4Addr,
    port: u16,
    stop: Arc<AtomicBool>,
    hits: Arc<AtomicUsize>,
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
        let (stop_flag, hit_count) = (Arc::clone(&stop), Arc::clone(&hits));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                hit_count.fetch_add(1, Ordering::SeqCst);
                let routes = Arc::clone(&routes);
                thread::spawn(move || serve(stream, &routes, port));
            }
        });
        Self {
            ip,
            port,
            stop,
            hits,
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

fn serve(mut stream: TcpStream, routes: &HashMap<String, Route>, port: u16) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    // An exact match (query included) first, then the path alone.
    let response = routes
        .get(path)
        .or_else(|| routes.get(path.split('?').next().unwrap_or(path)))
        .and_then(Route::next)
        .unwrap_or_else(|| Response::status(404));
    if !response.delay.is_zero() {
        thread::sleep(response.delay);
    }
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nConnection: close\r\nContent-Length: {}\r\n",
        response.status,
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.replace("{base}", &format!("http://127.0.0.1:{port}"))
        ));
    }
    head.push_str("\r\n");
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&response.body));
}
