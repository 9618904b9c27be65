//! The API's requests: the checks in their order (see the module above), then the routes.
//! Each answer is JSON; a refusal is `{"error": code, "message": …}`.

// A refusal is the answer itself, returned straight to hyper: boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;

use super::{secret, MAX_PENDING_PAIRINGS, PAIRING_TTL, READ_TIMEOUT};
use crate::clip::{CapturedPage, ClipOptions};
use crate::dates::stored;
use crate::model::Pairing;
use crate::store::{NewPairing, PairingPoll};
use crate::{ErrorCode, Library};

/// What every request handler shares.
pub(super) struct State {
    pub library: Library,
    pub port: u16,
    pub body_limit: usize,
    pub allow_private_urls: bool,
    pub on_pairing: Option<super::PairingHook>,
}

/// Prefix of an API token (lets secret scanners recognise one).
pub const TOKEN_PREFIX: &str = "tidings_";
/// Prefix of a pairing's secret.
const PAIRING_PREFIX: &str = "tidings_pairing_";

type Answer = Response<Full<Bytes>>;

pub(super) async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    let service = service_fn(move |req| {
        let state = Arc::clone(&state);
        async move { Ok::<_, Infallible>(handle(&state, req).await) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(READ_TIMEOUT)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// The routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Status,
    Clip,
    /// `GET /v1/tags`: the library's tags, for the extension's picker.
    Tags,
    /// `GET /v1/collections`: the library's collections, for the extension's picker.
    Collections,
    Pair,
    /// `GET /v1/pair/CODE`.
    PairPoll,
}

impl Route {
    fn of(path: &str) -> Option<(Self, Option<&str>)> {
        match path {
            "/v1/status" => Some((Self::Status, None)),
            "/v1/clip" => Some((Self::Clip, None)),
            "/v1/tags" => Some((Self::Tags, None)),
            "/v1/collections" => Some((Self::Collections, None)),
            "/v1/pair" => Some((Self::Pair, None)),
            _ => {
                let code = path.strip_prefix("/v1/pair/")?;
                (!code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()))
                    .then_some((Self::PairPoll, Some(code)))
            }
        }
    }

    fn method(self) -> Method {
        match self {
            Self::Status | Self::Tags | Self::Collections | Self::PairPoll => Method::GET,
            Self::Clip | Self::Pair => Method::POST,
        }
    }

    /// Whether an unpaired extension may call it (discovery and pairing).
    fn open_to_extensions(self) -> bool {
        matches!(self, Self::Status | Self::Pair | Self::PairPoll)
    }
}

async fn handle(state: &State, req: Request<Incoming>) -> Answer {
    match checked(state, req).await {
        Ok(answer) | Err(answer) => answer,
    }
}

/// The checks in their documented order; `Err` is a refusal.
async fn checked(state: &State, req: Request<Incoming>) -> Result<Answer, Answer> {
    // 1. Host: a rebinding site's name never matches.
    let host_ok = header_str(req.headers(), &header::HOST)
        .is_some_and(|h| allowed_host(h, state.port))
        && req
            .uri()
            .authority()
            .is_none_or(|a| allowed_host(a.as_str(), state.port));
    if !host_ok {
        return Err(refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "host",
            "the Host must be 127.0.0.1 or localhost with this port",
        ));
    }
    let route = Route::of(req.uri().path());
    // 2. Origin.
    let origin = match req.headers().get(header::ORIGIN) {
        None => None,
        Some(_) => {
            // Sent twice, or not text: no origin is welcome.
            let origin = header_str(req.headers(), &header::ORIGIN)
                .unwrap_or_default()
                .to_owned();
            let open = route.is_some_and(|(r, _)| r.open_to_extensions());
            let welcome = open && is_extension_origin(&origin);
            if !welcome && !paired_origin(&state.library, &origin).await? {
                return Err(refuse(
                    StatusCode::FORBIDDEN,
                    "origin",
                    "this origin is not a paired extension",
                ));
            }
            Some(origin)
        }
    };
    // 3. No CORS preflight is answered.
    if req.method() == Method::OPTIONS {
        return Err(refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "method",
            "CORS preflights are not answered",
        ));
    }
    // 4. The route and its method.
    let Some((route, code)) = route else {
        return Err(refuse(StatusCode::NOT_FOUND, "not_found", "no such route"));
    };
    if req.method() != route.method() {
        let mut answer = refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "method",
            &format!("use {} on this route", route.method()),
        );
        if let Ok(allow) = HeaderValue::from_str(route.method().as_str()) {
            answer.headers_mut().insert(header::ALLOW, allow);
        }
        return Err(answer);
    }
    // 5. Nothing in the query string, where a token would be logged.
    if req.uri().query().is_some() {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "query",
            "query strings are refused: send the token in the Authorization header",
        ));
    }
    // 6. The token (or the pairing's secret).
    let bearer = bearer(req.headers());
    match route {
        Route::Status => return Ok(json(StatusCode::OK, &status())),
        Route::PairPoll => {
            let code = code.unwrap_or_default().to_owned();
            return poll_pairing(state, &code, bearer.as_deref(), origin.as_deref()).await;
        }
        Route::Tags | Route::Collections => {
            authorize(state, bearer.as_deref(), origin.as_deref()).await?;
            return pickers(state, route).await;
        }
        Route::Clip => authorize(state, bearer.as_deref(), origin.as_deref()).await?,
        Route::Pair => {}
    }
    // 7, 8, 9. A JSON body within the limit.
    let body = read_json_body(state, req).await?;
    match route {
        Route::Clip => clip(state, &body).await,
        _ => request_pairing(state, &body, origin.as_deref()).await,
    }
}

fn status() -> serde_json::Value {
    serde_json::json!({ "app": "tidings", "version": env!("CARGO_PKG_VERSION") })
}

/// `127.0.0.1:PORT` or `localhost:PORT`, exactly (the port is required: a browser always sends
/// it for a port other than 80).
fn allowed_host(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    p == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

fn is_extension_origin(origin: &str) -> bool {
    ["chrome-extension://", "moz-extension://"]
        .iter()
        .any(|scheme| {
            origin.strip_prefix(scheme).is_some_and(|id| {
                !id.is_empty()
                    && id.len() <= 64
                    && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
        })
}

async fn paired_origin(library: &Library, origin: &str) -> Result<bool, Answer> {
    if !is_extension_origin(origin) {
        return Ok(false);
    }
    let hashes = library
        .store()
        .run(|s| s.token_hashes())
        .await
        .map_err(|e| failure(&e))?;
    Ok(hashes.iter().any(|t| t.origin.as_deref() == Some(origin)))
}

/// A header sent exactly once, as text: a repeated header counts as absent (and so fails its
/// check), since two values could mean one thing here and another to whatever is in front.
fn header_str<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> Option<&'a str> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    value.to_str().ok()
}

/// The bearer token, if one `Authorization` header carries one (two headers: none).
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = header_str(headers, &header::AUTHORIZATION)?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Finds the token among the stored hashes (comparing every one, in constant time each), and
/// checks it is used from the origin it was paired from, if any.
async fn authorize(state: &State, token: Option<&str>, origin: Option<&str>) -> Result<(), Answer> {
    let unauthorized = || {
        let mut answer = refuse(
            StatusCode::UNAUTHORIZED,
            "token",
            "a valid token is needed: Authorization: Bearer TOKEN",
        );
        answer
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        answer
    };
    let Some(token) = token else {
        return Err(unauthorized());
    };
    let presented = secret::hash(token);
    let hashes = state
        .library
        .store()
        .run(|s| s.token_hashes())
        .await
        .map_err(|e| failure(&e))?;
    let found = hashes
        .iter()
        .fold(None, |found, t| {
            if secret::same_hash(&t.hash, &presented) {
                Some(t)
            } else {
                found
            }
        })
        .ok_or_else(unauthorized)?;
    if let (Some(paired), Some(origin)) = (found.origin.as_deref(), origin) {
        if paired != origin {
            return Err(unauthorized());
        }
    }
    let (id, now) = (found.id, stored(state.library.clock().now()));
    state
        .library
        .store()
        .run(move |s| s.touch_token(id, &now))
        .await
        .map_err(|e| failure(&e))?;
    Ok(())
}

/// Steps 7 and 8: `application/json` only, within the size limit.
async fn read_json_body(state: &State, req: Request<Incoming>) -> Result<Bytes, Answer> {
    let json_type = header_str(req.headers(), &header::CONTENT_TYPE).is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json_type {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content_type",
            "send Content-Type: application/json",
        ));
    }
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!("the body is larger than {} bytes", state.body_limit),
        )
    };
    let declared = header_str(req.headers(), &header::CONTENT_LENGTH)
        .and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|l| l > u64::try_from(state.body_limit).unwrap_or(u64::MAX)) {
        return Err(too_large());
    }
    let body = Limited::new(req.into_body(), state.body_limit);
    match tokio::time::timeout(READ_TIMEOUT, body.collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(_)) | Err(_) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "body",
            "the body could not be read",
        )),
    }
}

fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, Answer> {
    serde_json::from_slice(body).map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            "json",
            &format!("the body is not the JSON expected: {e}"),
        )
    })
}

/// A tag or collection as the extension's pickers show it.
#[derive(Debug, Serialize)]
struct Named {
    name: String,
    article_count: u32,
}

/// `GET /v1/tags` → `{"tags": [{name, article_count}]}`, `GET /v1/collections` →
/// `{"collections": [...]}`, each by name.
async fn pickers(state: &State, route: Route) -> Result<Answer, Answer> {
    let (key, names): (&str, Vec<Named>) = if route == Route::Tags {
        let tags = state.library.tags().await.map_err(|e| failure(&e))?;
        let names = tags
            .into_iter()
            .map(|t| Named {
                name: t.name,
                article_count: t.article_count,
            })
            .collect();
        ("tags", names)
    } else {
        let collections = state.library.collections().await.map_err(|e| failure(&e))?;
        let names = collections
            .into_iter()
            .map(|c| Named {
                name: c.name,
                article_count: c.article_count,
            })
            .collect();
        ("collections", names)
    };
    Ok(json(StatusCode::OK, &serde_json::json!({ key: names })))
}

/// `POST /v1/clip`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClipRequest {
    url: String,
    html: Option<String>,
    title: Option<String>,
    selection_html: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    collection: Option<String>,
}

#[derive(Debug, Serialize)]
struct ClipAnswer {
    id: i64,
    title: String,
    url: String,
    already_saved: bool,
}

async fn clip(state: &State, body: &[u8]) -> Result<Answer, Answer> {
    let request: ClipRequest = parse(body)?;
    let fetches = request.html.as_deref().is_none_or(|h| h.trim().is_empty())
        && request
            .selection_html
            .as_deref()
            .is_none_or(|h| h.trim().is_empty());
    if fetches && !state.allow_private_urls && names_a_private_host(&request.url) {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            &format!(
                "invalid URL {:?}: the API does not fetch pages on this machine or its network",
                request.url
            ),
        ));
    }
    let page = CapturedPage {
        html: request.html,
        selection_html: request.selection_html,
        title: request.title,
    };
    let options = ClipOptions {
        tags: request.tags,
        collection: request.collection,
    };
    let outcome = state
        .library
        .clip_captured(&request.url, page, options)
        .await
        .map_err(|e| failure(&e))?;
    Ok(json(
        StatusCode::OK,
        &ClipAnswer {
            id: outcome.article.id,
            title: outcome.article.title,
            url: outcome.article.url,
            already_saved: outcome.already_saved,
        },
    ))
}

/// Whether a URL names this machine or a private network by its address (or as
/// `localhost`): a URL clip through the API must not make Tidings fetch from the reader's
/// router or local services. (A public name that resolves to such an address is refused by the
/// library's fetches, which resolve only to public addresses here.)
fn names_a_private_host(input: &str) -> bool {
    // Not a URL: the clip refuses it with its own message.
    url::Url::parse(input.trim()).is_ok_and(|url| crate::fetch::private::names_private_host(&url))
}

/// `POST /v1/pair`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PairRequest {
    name: String,
    origin: String,
}

async fn request_pairing(
    state: &State,
    body: &[u8],
    origin_header: Option<&str>,
) -> Result<Answer, Answer> {
    let request: PairRequest = parse(body)?;
    if !is_extension_origin(&request.origin) {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
            "origin must be an extension's: chrome-extension://ID or moz-extension://UUID",
        ));
    }
    if origin_header.is_some_and(|o| o != request.origin) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "origin",
            "the origin asked for is not the one asking",
        ));
    }
    let code = secret::new_code().map_err(|e| failure(&e))?;
    let pairing_secret = secret::new_secret(PAIRING_PREFIX).map_err(|e| failure(&e))?;
    let now = state.library.clock().now();
    let ttl =
        chrono::Duration::from_std(PAIRING_TTL).unwrap_or_else(|_| chrono::Duration::minutes(5));
    let new = NewPairing {
        code: code.clone(),
        secret_hash: secret::hash(&pairing_secret),
        name: request.name,
        origin: request.origin,
        created_at: stored(now),
        expires_at: stored(now + ttl),
    };
    let pairing = Pairing {
        code: new.code.clone(),
        name: new.name.clone(),
        origin: new.origin.clone(),
        created_at: new.created_at.clone(),
        expires_at: new.expires_at.clone(),
        accepted: false,
    };
    let expires_at = new.expires_at.clone();
    state
        .library
        .store()
        .run(move |s| s.insert_pairing(&new, MAX_PENDING_PAIRINGS))
        .await
        .map_err(|e| failure(&e))?;
    if let Some(hook) = &state.on_pairing {
        hook.notify(pairing);
    }
    Ok(json(
        StatusCode::ACCEPTED,
        &serde_json::json!({ "code": code, "secret": pairing_secret, "expires_at": expires_at }),
    ))
}

/// `GET /v1/pair/CODE` with the pairing's secret as the bearer.
async fn poll_pairing(
    state: &State,
    code: &str,
    bearer: Option<&str>,
    origin: Option<&str>,
) -> Result<Answer, Answer> {
    let Some(pairing_secret) = bearer else {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            "token",
            "send the pairing's secret: Authorization: Bearer SECRET",
        ));
    };
    let token = secret::new_secret(TOKEN_PREFIX).map_err(|e| failure(&e))?;
    let (code, secret_hash, token_hash, origin) = (
        code.to_owned(),
        secret::hash(pairing_secret),
        secret::hash(&token),
        origin.map(str::to_owned),
    );
    let now = stored(state.library.clock().now());
    let polled = state
        .library
        .store()
        .run(move |s| s.poll_pairing(&code, &secret_hash, origin.as_deref(), &token_hash, &now))
        .await
        .map_err(|e| failure(&e))?;
    Ok(match polled {
        PairingPoll::Pending => json(
            StatusCode::ACCEPTED,
            &serde_json::json!({ "status": "pending" }),
        ),
        PairingPoll::Collected(name) => json(
            StatusCode::OK,
            &serde_json::json!({ "status": "accepted", "name": name, "token": token }),
        ),
    })
}

fn json<T: Serialize>(status: StatusCode, value: &T) -> Answer {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut answer = Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() = status;
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    answer
}

fn refuse(status: StatusCode, error: &str, message: &str) -> Answer {
    json(
        status,
        &serde_json::json!({ "error": error, "message": message }),
    )
}

/// An error of the library as an answer: the person's input → 4xx, the network → 502.
fn failure(e: &crate::Error) -> Answer {
    let status = match e.code() {
        ErrorCode::InvalidInput | ErrorCode::Extract => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Network => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let status = match e {
        crate::Error::Store(crate::store::Error::TooManyPairings) => StatusCode::TOO_MANY_REQUESTS,
        crate::Error::Store(crate::store::Error::TokenExists(_)) => StatusCode::CONFLICT,
        _ => status,
    };
    refuse(status, e.code().as_str(), &e.to_string())
}
