//! The loopback API: a small HTTP server on 127.0.0.1 through which a paired browser extension
//! clips the page its reader sees. Run by the desktop app while it is open and by `tidings serve`.
//! No Tauri here; it calls the [`Library`] facade like any shell.
//!
//! # Threat model
//!
//! Every web page the reader opens can send requests to 127.0.0.1 (simple requests need no
//! CORS preflight), and a hostile site can point its own host name at 127.0.0.1 (DNS
//! rebinding) to read answers as same-origin. Neither may store anything, learn a token or
//! read the library. Other programs running as the same user are out of scope: they can read
//! the library file itself. So:
//!
//! - the socket is bound to `127.0.0.1` only, never to all interfaces;
//! - a token is 32 random bytes, shown once and stored only as its SHA-256, compared in
//!   constant time, and accepted only in the `Authorization` header (never in a URL, which
//!   lands in histories and logs);
//! - no response ever carries an `Access-Control-Allow-*` header: CORS preflights are not
//!   answered at all. An extension with host permission for 127.0.0.1 is not subject to CORS,
//!   and a page is: it can neither send JSON (that needs a preflight) nor read an answer;
//! - pairing (`POST /v1/pair`) creates a request the person accepts or denies in the app or the
//!   CLI, by a short code; the extension collects its token with a secret only it received.
//!   At most [`MAX_PENDING_PAIRINGS`] wait at once, each for [`PAIRING_TTL`].
//!
//! # The order of the checks
//!
//! Each request is checked in this order, and the first failure answers with its status and
//! nothing is stored:
//!
//! 1. `Host` (and an absolute request target) must be `127.0.0.1:PORT` or `localhost:PORT`
//!    → **421** (DNS rebinding);
//! 2. an `Origin`, when present, must be a paired extension's origin (on `/v1/status` and the
//!    pairing routes, any `chrome-extension://` or `moz-extension://` origin) → **403**;
//! 3. `OPTIONS` (a CORS preflight) → **405**, without CORS headers;
//! 4. the route: unknown path → **404**, wrong method → **405** with `Allow`;
//! 5. a query string, on any route → **400** (a token there would be logged);
//! 6. `Authorization: Bearer TOKEN` on `/v1/clip`, `/v1/tags` and `/v1/collections` (the
//!    pairing secret on `GET /v1/pair/CODE`)
//!    → **401**; a token paired from one origin is refused from another;
//! 7. `Content-Type: application/json` on a `POST` → **415** (text/plain and forms, which a
//!    page can send without a preflight, are refused);
//! 8. the body within [`BODY_LIMIT`] (by `Content-Length`, then as read) → **413**;
//! 9. the JSON itself → **400**; then the action: a URL clip (without HTML) of an address on
//!    this machine or a private network → 422 (unless [`ServeOptions::allow_private_urls`]),
//!    a bad URL → 422, a page without an article → 422, a fetch failure → 502.
//!
//! # The port file
//!
//! The port in use is written to `<library file>.port` (`library.sqlite3.port`) once the
//! socket is bound, and removed when the server stops cleanly. The extension does not read it:
//! it probes [`DEFAULT_PORTS`] with `GET /v1/status`.

mod http;
pub use http::TOKEN_PREFIX;
pub mod secret;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::model::Pairing;
use crate::Library;

/// The ports tried in turn when none is named: the extension probes the same range.
pub const DEFAULT_PORTS: std::ops::RangeInclusive<u16> = 47800..=47809;
/// The largest request body accepted (a rendered page with inline images can be large).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;
/// How many pairing requests may wait for an answer at once.
pub const MAX_PENDING_PAIRINGS: u32 = 3;
/// How long a pairing request waits for an answer (and, once accepted, for its collection).
pub const PAIRING_TTL: Duration = Duration::from_secs(5 * 60);
/// How long a client may take to send a request's headers, and then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more wait in the OS's queue until one closes.
const MAX_CONNECTIONS: usize = 32;

/// What went wrong starting or stopping the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on 127.0.0.1:{port}: {reason}")]
    Bind { port: u16, reason: String },
    #[error("no free port for the API in 127.0.0.1:{first}-{last}; name one with --port")]
    NoFreePort { first: u16, last: u16 },
    #[error("cannot write the port file {path}: {reason}")]
    PortFile { path: PathBuf, reason: String },
    #[error("cannot set up the API's HTTP client: {0}")]
    Client(String),
}

/// How to run the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The port: `None` tries [`DEFAULT_PORTS`] in turn; `Some(0)` lets the OS choose (tests).
    pub port: Option<u16>,
    /// The largest body accepted.
    pub body_limit: usize,
    /// Whether a URL clip (one without HTML) may fetch from this machine or a private network
    /// (`127.0.0.1`, `192.168.…`, `localhost`, or a name resolving to such an address): for
    /// development and tests only.
    pub allow_private_urls: bool,
    /// Told of each pairing request as it arrives, so a shell can ask the person at once (the
    /// app shows Accept / Deny); without one, requests wait for `tidings token accept`.
    pub on_pairing: Option<PairingHook>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            port: None,
            body_limit: BODY_LIMIT,
            allow_private_urls: false,
            on_pairing: None,
        }
    }
}

/// A function told of each new pairing request ([`ServeOptions::on_pairing`]). It runs on the
/// server's task: it should hand the request on (an event, a channel), not wait.
#[derive(Clone)]
pub struct PairingHook(Arc<dyn Fn(Pairing) + Send + Sync>);

impl PairingHook {
    /// Wraps `hook`.
    pub fn new(hook: impl Fn(Pairing) + Send + Sync + 'static) -> Self {
        Self(Arc::new(hook))
    }

    pub(crate) fn notify(&self, pairing: Pairing) {
        (self.0)(pairing);
    }
}

impl std::fmt::Debug for PairingHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PairingHook")
    }
}

/// Two hooks are equal when they are the same function (clones of one hook).
impl PartialEq for PairingHook {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for PairingHook {}

/// The port file of a library: `<library file>.port`.
#[must_use]
pub fn port_file(library: &Path) -> PathBuf {
    let mut name = library.as_os_str().to_owned();
    name.push(".port");
    PathBuf::from(name)
}

/// A running server. [`Server::shutdown`] stops it and removes the port file; dropping it does
/// the same without waiting.
#[derive(Debug)]
pub struct Server {
    port: u16,
    port_file: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// The port it listens on (on 127.0.0.1).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where the port is written.
    #[must_use]
    pub fn port_file(&self) -> &Path {
        &self.port_file
    }

    /// Stops accepting connections, drops those open, and removes the port file.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        remove_port_file(&self.port_file, self.port);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
            remove_port_file(&self.port_file, self.port);
        }
    }
}

/// Binds 127.0.0.1 and serves `library` until the returned [`Server`] is shut down.
///
/// # Errors
/// The port is taken (or every default port is), or the port file cannot be written.
pub async fn serve(library: Library, options: ServeOptions) -> Result<Server, Error> {
    let listener = bind(options.port).await?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::Bind {
            port: options.port.unwrap_or(0),
            reason: e.to_string(),
        })?
        .port();
    let library = if options.allow_private_urls {
        library
    } else {
        // A URL clip fetches only from public addresses, whatever a name resolves to.
        library
            .with_public_fetches_only()
            .map_err(|e| Error::Client(e.to_string()))?
    };
    let port_file = port_file(library.path());
    write_port_file(&port_file, port)?;
    let state = Arc::new(http::State {
        library,
        port,
        body_limit: options.body_limit,
        allow_private_urls: options.allow_private_urls,
        on_pairing: options.on_pairing,
    });
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(accept_loop(listener, state, stopped));
    Ok(Server {
        port,
        port_file,
        stop: Some(stop),
        task: Some(task),
    })
}

async fn bind(port: Option<u16>) -> Result<TcpListener, Error> {
    let at = |port: u16| SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    if let Some(port) = port {
        return TcpListener::bind(at(port)).await.map_err(|e| Error::Bind {
            port,
            reason: e.to_string(),
        });
    }
    for port in DEFAULT_PORTS {
        if let Ok(listener) = TcpListener::bind(at(port)).await {
            return Ok(listener);
        }
    }
    Err(Error::NoFreePort {
        first: *DEFAULT_PORTS.start(),
        last: *DEFAULT_PORTS.end(),
    })
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<http::State>,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut connections = tokio::task::JoinSet::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            // A free slot first, then a connection: beyond the cap, clients wait to be accepted.
            accepted = async {
                let slot = Arc::clone(&slots).acquire_owned().await;
                (slot, listener.accept().await)
            } => {
                let (Ok(slot), Ok((stream, _))) = accepted else { continue };
                let state = Arc::clone(&state);
                connections.spawn(async move {
                    http::serve_connection(stream, state).await;
                    drop(slot);
                });
            }
            // Reap finished connections so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

/// Writes the port whole: a temporary file renamed into place.
fn write_port_file(path: &Path, port: u16) -> Result<(), Error> {
    let partial = path.with_extension("port.partial");
    std::fs::write(&partial, format!("{port}\n"))
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Error::PortFile {
                path: path.to_owned(),
                reason: e.to_string(),
            }
        })
}

/// Removes the port file if it still names this server's port (another server of the same
/// library may have written its own since).
fn remove_port_file(path: &Path, port: u16) {
    if std::fs::read_to_string(path).is_ok_and(|s| s.trim() == port.to_string()) {
        let _ = std::fs::remove_file(path);
    }
}
