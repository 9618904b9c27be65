//! Fetching a web page: the only module that touches the network.
//!
//! http(s) only, with connect and total timeouts, a redirect limit, a cap on the decoded body size,
//! gzip/brotli/deflate, and the charset taken from the BOM, the HTTP header or `<meta>`.

mod charset;
mod feed;
pub mod private;

use std::time::Duration;

use reqwest::header::{HeaderMap, ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, DATE, RETRY_AFTER};
use url::Url;

pub use charset::decode_html;
pub use feed::{FeedResponse, Validators};

/// How a page is fetched.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Time allowed to open the connection.
    pub connect_timeout: Duration,
    /// Time allowed for the whole fetch, redirects and body included.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Largest body accepted, after content decoding (so a gzip bomb is capped too).
    pub max_bytes: usize,
    /// The User-Agent sent with each request.
    pub user_agent: String,
    /// Refuse addresses on this machine or a private network, by name, by what a name resolves
    /// to, and on redirects (see [`private`]): for fetches a web page could have asked for.
    pub public_only: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_bytes: 15 * 1024 * 1024,
            user_agent: format!(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Tidings/{}",
                env!("CARGO_PKG_VERSION")
            ),
            public_only: false,
        }
    }
}

/// A fetched HTML page.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address the page was finally served from, after redirects.
    pub final_url: Url,
    /// The page, decoded to UTF-8.
    pub html: String,
    /// The `Content-Type` the server sent.
    pub content_type: String,
    /// The server's `Date` header, if any.
    pub http_date: Option<String>,
}

/// A fetched image.
#[derive(Debug, Clone)]
pub struct FetchedImage {
    /// Its media type (`image/png`), lower-cased, without parameters.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What a fetch is for: what the server's `Content-Type` must be.
#[derive(Debug, Clone, Copy)]
enum Want {
    Page,
    Image,
}

/// A response body within the size limit, with what the server said of it.
struct Body {
    final_url: Url,
    content_type: String,
    http_date: Option<String>,
    bytes: Vec<u8>,
}

/// What went wrong while fetching; each message names the URL.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("fetch {url}: {reason}")]
    Request { url: String, reason: String },
    #[error("fetch {url}: HTTP {status}")]
    Status { url: String, status: String },
    #[error("fetch {url}: not a web page ({content_type}); only HTML pages can be clipped")]
    NotHtml { url: String, content_type: String },
    #[error("fetch {url}: not an image ({content_type})")]
    NotImage { url: String, content_type: String },
    #[error("fetch {url}: the page is larger than the {limit} byte limit")]
    TooLarge { url: String, limit: usize },
    #[error("fetch {url}: timed out after {secs} s")]
    Timeout { url: String, secs: u64 },
    #[error("fetch {url}: too many redirects (more than {limit})")]
    TooManyRedirects { url: String, limit: usize },
    #[error("fetch {url}: {reason}")]
    PrivateAddress { url: String, reason: String },
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

/// A reusable HTTP client with the fetch policy built in.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    /// The same policy without following redirects: a feed's poll follows them itself, to
    /// learn whether its address moved for good (see [`Fetcher::fetch_feed`]).
    feed_client: reqwest::Client,
    config: FetchConfig,
}

impl Fetcher {
    /// Builds a client for `config`.
    ///
    /// # Errors
    /// [`Error::Client`] if the TLS backend cannot start.
    pub fn new(config: FetchConfig) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
                .parse()
                .map_err(|_| Error::Client("accept header".into()))?,
        );
        headers.insert(
            ACCEPT_LANGUAGE,
            "en-US,en;q=0.8,*;q=0.5"
                .parse()
                .map_err(|_| Error::Client("language header".into()))?,
        );
        let redirects = if config.public_only {
            let limit = config.max_redirects;
            reqwest::redirect::Policy::custom(move |attempt| {
                if private::names_private_host(attempt.url()) {
                    let refused = private::Refused(format!(
                        "redirected to {}, on this machine or a private network, which is not fetched",
                        attempt.url()
                    ));
                    attempt.error(refused)
                } else if attempt.previous().len() > limit {
                    attempt.error("too many redirects")
                } else {
                    attempt.follow()
                }
            })
        } else {
            reqwest::redirect::Policy::limited(config.max_redirects)
        };
        let mut client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .default_headers(headers.clone())
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(redirects)
            .cookie_store(true);
        let mut feed_client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none());
        if config.public_only {
            client = client.dns_resolver(std::sync::Arc::new(private::PublicOnly));
            feed_client = feed_client.dns_resolver(std::sync::Arc::new(private::PublicOnly));
        }
        let client = client.build().map_err(|e| Error::Client(root_cause(&e)))?;
        let feed_client = feed_client
            .build()
            .map_err(|e| Error::Client(root_cause(&e)))?;
        Ok(Self {
            client,
            feed_client,
            config,
        })
    }

    /// The same policy, refusing addresses on this machine or a private network
    /// ([`FetchConfig::public_only`]).
    ///
    /// # Errors
    /// [`Error::Client`] if the TLS backend cannot start.
    pub fn public_only(&self) -> Result<Self, Error> {
        Self::new(FetchConfig {
            public_only: true,
            ..self.config.clone()
        })
    }

    /// Fetches `url` and returns the page decoded to UTF-8.
    ///
    /// # Errors
    /// A one-line [`Error`]: the server unreachable, a non-2xx status, a non-HTML type, a body over
    /// the size cap, a timeout or too many redirects.
    pub async fn fetch(&self, url: &Url) -> Result<Fetched, Error> {
        let body = self.fetch_body(url, Want::Page).await?;
        if body.content_type.is_empty() && !looks_like_html(&body.bytes) {
            return Err(Error::NotHtml {
                url: url.to_string(),
                content_type: "no content type, not HTML".into(),
            });
        }
        let html = decode_html(&body.bytes, &body.content_type);
        Ok(Fetched {
            final_url: body.final_url,
            html,
            content_type: body.content_type,
            http_date: body.http_date,
        })
    }

    /// Fetches the image at `url` (for an export that keeps images beside the text), with the
    /// same timeouts, redirect and size limits as a page.
    ///
    /// # Errors
    /// As [`Fetcher::fetch`], and [`Error::NotImage`] when the server sends something else.
    pub async fn fetch_image(&self, url: &Url) -> Result<FetchedImage, Error> {
        let body = self.fetch_body(url, Want::Image).await?;
        Ok(FetchedImage {
            content_type: mime_of(&body.content_type).to_ascii_lowercase(),
            bytes: body.bytes,
        })
    }

    async fn fetch_body(&self, url: &Url, want: Want) -> Result<Body, Error> {
        // An address needs no resolver, so the public-only resolver never sees it.
        if self.config.public_only && private::is_private_address(url) {
            return Err(Error::PrivateAddress {
                url: url.to_string(),
                reason: "an address on this machine or a private network, which is not fetched"
                    .to_owned(),
            });
        }
        match tokio::time::timeout(self.config.timeout, self.fetch_inner(url, want)).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                url: url.to_string(),
                secs: self.config.timeout.as_secs(),
            }),
        }
    }

    /// One fetch, and one retry after a transient failure (a reset connection, or 429/502/503/504,
    /// waiting as long as `Retry-After` asks, up to [`MAX_RETRY_WAIT`]).
    async fn fetch_inner(&self, url: &Url, want: Want) -> Result<Body, Error> {
        match self.fetch_once(url, want).await {
            Ok(fetched) => Ok(fetched),
            Err(Failure {
                retry_after: Some(wait),
                ..
            }) => {
                tokio::time::sleep(wait).await;
                self.fetch_once(url, want).await.map_err(|f| f.error)
            }
            Err(failure) => Err(failure.error),
        }
    }

    async fn fetch_once(&self, url: &Url, want: Want) -> Result<Body, Failure> {
        let mut response = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(|e| self.request_failure(url, &e))?;
        let final_url = response.url().clone();
        let status = response.status();
        if !status.is_success() {
            let retry_after = matches!(status.as_u16(), 429 | 502 | 503 | 504)
                .then(|| retry_after(response.headers()));
            let status = match status.canonical_reason() {
                Some(reason) => format!("{} {reason}", status.as_u16()),
                None => status.as_u16().to_string(),
            };
            let error = Error::Status {
                url: url.to_string(),
                status,
            };
            return Err(Failure { error, retry_after });
        }
        let content_type = header_str(response.headers(), CONTENT_TYPE.as_str());
        let http_date =
            Some(header_str(response.headers(), DATE.as_str())).filter(|d| !d.is_empty());
        match want {
            Want::Page if !content_type.is_empty() && !is_html_type(&content_type) => {
                return Err(Error::NotHtml {
                    url: url.to_string(),
                    content_type: mime_of(&content_type).to_owned(),
                }
                .into());
            }
            Want::Image
                if !mime_of(&content_type)
                    .to_ascii_lowercase()
                    .starts_with("image/") =>
            {
                return Err(Error::NotImage {
                    url: url.to_string(),
                    content_type: Some(mime_of(&content_type))
                        .filter(|t| !t.is_empty())
                        .unwrap_or("no content type")
                        .to_owned(),
                }
                .into());
            }
            _ => {}
        }
        let limit = self.config.max_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(Error::TooLarge {
                url: url.to_string(),
                limit,
            }
            .into());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.request_failure(url, &e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(Error::TooLarge {
                    url: url.to_string(),
                    limit,
                }
                .into());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Body {
            final_url,
            content_type,
            http_date,
            bytes: body,
        })
    }

    fn request_failure(&self, url: &Url, e: &reqwest::Error) -> Failure {
        // A connection reset or closed mid-request is worth one more try; a refused connection,
        // a timeout or a redirect loop is not. A body read through the decompression layer
        // reports its transport failure as a decode error wrapping a body error.
        let transient = !e.is_timeout()
            && !e.is_redirect()
            && !e.is_connect()
            && (e.is_request() || e.is_body() || causes(e).any(is_body_error));
        Failure {
            error: self.request_error(url, e),
            retry_after: transient.then_some(DEFAULT_RETRY_WAIT),
        }
    }

    fn request_error(&self, url: &Url, e: &reqwest::Error) -> Error {
        let url = url.to_string();
        if let Some(refused) = causes(e).find_map(|c| c.downcast_ref::<private::Refused>()) {
            return Error::PrivateAddress {
                url,
                reason: refused.0.clone(),
            };
        }
        if e.is_timeout() {
            Error::Timeout {
                url,
                secs: self.config.timeout.as_secs(),
            }
        } else if e.is_redirect() {
            Error::TooManyRedirects {
                url,
                limit: self.config.max_redirects,
            }
        } else if e.is_connect() {
            let what = if causes(e).any(is_tls_failure) {
                "TLS handshake failed: "
            } else {
                ""
            };
            Error::Request {
                url,
                reason: format!("cannot connect: {what}{}", root_cause(e)),
            }
        } else {
            Error::Request {
                url,
                reason: root_cause(e),
            }
        }
    }
}

/// Longest wait before the one retry, whatever `Retry-After` asks.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(5);
/// Wait before the retry when the server did not say.
const DEFAULT_RETRY_WAIT: Duration = Duration::from_millis(500);

/// A failed attempt, and whether (and after how long) it is worth retrying.
struct Failure {
    error: Error,
    retry_after: Option<Duration>,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

/// The `Retry-After` wait (seconds or an HTTP date), capped at [`MAX_RETRY_WAIT`].
fn retry_after(headers: &HeaderMap) -> Duration {
    let value = header_str(headers, RETRY_AFTER.as_str());
    let wait = value
        .parse::<u64>()
        .map(Duration::from_secs)
        .ok()
        .or_else(|| {
            let at = chrono::DateTime::parse_from_rfc2822(&value).ok()?;
            (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
                .to_std()
                .ok()
        });
    wait.unwrap_or(DEFAULT_RETRY_WAIT).min(MAX_RETRY_WAIT)
}

fn header_str(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn mime_of(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or_default().trim()
}

fn is_html_type(content_type: &str) -> bool {
    let mime = mime_of(content_type).to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

fn looks_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    let start = String::from_utf8_lossy(&start);
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
        || start.starts_with("<body")
        || start.starts_with("<!--")
}

/// An error and its causes, outermost first.
fn causes<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |current| current.source())
}

/// Whether an error is a failed TLS handshake: rustls reports one as an I/O error of kind
/// `InvalidData`, which the connector wraps in another I/O error.
fn is_tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut io = e.downcast_ref::<std::io::Error>();
    while let Some(error) = io {
        if error.kind() == std::io::ErrorKind::InvalidData {
            return true;
        }
        io = error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<std::io::Error>());
    }
    false
}

/// Whether an error is reqwest's failure to read a body off the connection.
fn is_body_error(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<reqwest::Error>()
        .is_some_and(reqwest::Error::is_body)
}

/// The innermost cause of an error, which is the one a person can act on
/// ("Connection refused", "dns error: …"), without reqwest's wrapping.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    causes(e)
        .last()
        .unwrap_or(e)
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}
