//! The loopback API on an ephemeral port of 127.0.0.1, through a real HTTP client: each
//! refusal answers its 4xx and stores nothing; a page rendered in the browser, a selection and
//! a duplicate are clipped as they should be; the pickers' tags and collections; pairing; tokens
//! stored hashed; the port file.

use std::sync::Arc;

use test_server::{Response, TestServer};
use tidings_core::loopback::{port_file, PairingHook, ServeOptions, Server, BODY_LIMIT};
use tidings_core::model::ListFilter;
use tidings_core::{ClipOptions, Library};

use crate::feeds::{TestClock, NOW};

/// JSON bodies without reqwest's `json` feature (which the library does not need).
trait JsonBody {
    fn json_body(self, value: &serde_json::Value) -> Self;
}

impl JsonBody for reqwest::RequestBuilder {
    fn json_body(self, value: &serde_json::Value) -> Self {
        self.header("Content-Type", "application/json")
            .body(serde_json::to_vec(value).unwrap())
    }
}

trait JsonValue {
    async fn json_value(self) -> serde_json::Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes().await.unwrap()).unwrap()
    }
}

/// A paired extension's origin in these tests.
const EXTENSION: &str = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

/// A library serving the API on an ephemeral port, with one token (paired from [`EXTENSION`]
/// through the real pairing flow, so its origin is recorded).
struct Api {
    library: Library,
    server: Server,
    token: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Api {
    async fn start() -> Self {
        Self::start_with(ServeOptions {
            port: Some(0),
            ..ServeOptions::default()
        })
        .await
    }

    async fn start_with(options: ServeOptions) -> Self {
        let (library, dir) = crate::temp_library().await;
        let server = library.serve(options).await.unwrap();
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut api = Self {
            library,
            server,
            token: String::new(),
            client,
            _dir: dir,
        };
        api.token = api.pair("Test browser", EXTENSION).await;
        api
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.server.port())
    }

    /// A well-formed clip request from the paired extension.
    fn clip(&self, body: &serde_json::Value) -> reqwest::RequestBuilder {
        self.clip_as(body, Some(EXTENSION), Some(&self.token))
    }

    /// A clip request with this origin and token, or without.
    fn clip_as(
        &self,
        body: &serde_json::Value,
        origin: Option<&str>,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut req = self.client.post(self.url("/v1/clip")).json_body(body);
        if let Some(origin) = origin {
            req = req.header("Origin", origin);
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req
    }

    /// Pairs `origin` as `name` the way an extension does, the person accepting in between.
    async fn pair(&self, name: &str, origin: &str) -> String {
        let asked: serde_json::Value = self
            .client
            .post(self.url("/v1/pair"))
            .header("Origin", origin)
            .json_body(&serde_json::json!({ "name": name, "origin": origin }))
            .send()
            .await
            .unwrap()
            .json_value()
            .await;
        let (code, secret) = (
            asked["code"].as_str().unwrap().to_owned(),
            asked["secret"].as_str().unwrap().to_owned(),
        );
        self.library.accept_pairing(&code).await.unwrap();
        let got: serde_json::Value = self.poll(&code, &secret, origin).await.json_value().await;
        got["token"].as_str().unwrap().to_owned()
    }

    async fn poll(&self, code: &str, secret: &str, origin: &str) -> reqwest::Response {
        self.client
            .get(self.url(&format!("/v1/pair/{code}")))
            .header("Origin", origin)
            .bearer_auth(secret)
            .send()
            .await
            .unwrap()
    }

    /// What a refused request must leave as it was.
    async fn snapshot(&self) -> (u32, Vec<i64>, Vec<String>, usize) {
        let info = self.library.info().await.unwrap();
        let ids = self
            .library
            .list(ListFilter::default())
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        let tokens = self
            .library
            .tokens()
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        let pairings = self.library.pairings().await.unwrap().len();
        (info.article_count, ids, tokens, pairings)
    }
}

/// An article long enough for the extractor, with a sentence to find it by.
fn article_html(marker: &str) -> String {
    let p = "Compilers reward patience: every pass over the program narrows what the \
        next one must consider, and the borrow checker is only the most visible of them. ";
    format!(
        "<!DOCTYPE html><html><head><title>Rendered only in the browser</title></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>Rendered only in the browser</h1>\
         <p>{marker}</p><p>{p}{p}</p><p>{p}{p}</p><p>{p}{p}</p><p>{p}</p></article>\
         <footer>Footer text</footer></body></html>"
    )
}

/// A page whose article only a script writes: what a plain fetch gets.
fn spinner_page() -> Response {
    Response::html(
        "<!DOCTYPE html><html><head><title>Loading…</title></head><body>\
         <div id=\"app\"><div class=\"spinner\">Loading…</div></div>\
         <script src=\"/app.js\"></script></body></html>",
    )
}

fn spinner_server() -> TestServer {
    TestServer::start(vec![("/story", spinner_page())])
}

/// Sends `req`, checks it was refused with `status` and without any CORS grant, and that
/// nothing changed in the library nor was fetched.
async fn assert_refused(
    api: &Api,
    site: &TestServer,
    req: reqwest::RequestBuilder,
    status: u16,
) -> serde_json::Value {
    let before = api.snapshot().await;
    let answer = req.send().await.unwrap();
    assert_eq!(answer.status().as_u16(), status);
    assert!(
        answer
            .headers()
            .keys()
            .all(|k| !k.as_str().starts_with("access-control-")),
        "{:?}",
        answer.headers()
    );
    let body: serde_json::Value = answer.json_value().await;
    assert!(body["message"].as_str().is_some_and(|m| !m.contains('\n')));
    assert_eq!(api.snapshot().await, before, "a refusal stored something");
    assert_eq!(site.hits(), 0, "a refusal fetched the page");
    body
}

/// A clip of the spinner page by URL alone: what a refused request would have done.
fn url_clip(site: &TestServer) -> serde_json::Value {
    serde_json::json!({ "url": site.url("/story") })
}

#[tokio::test]
async fn status_names_the_app_and_nothing_secret() {
    let api = Api::start().await;
    let answer = api.client.get(api.url("/v1/status")).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let body: serde_json::Value = answer.json_value().await;
    assert_eq!(body["app"], "tidings");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");
}

#[tokio::test]
async fn a_foreign_host_is_refused_dns_rebinding() {
    let api = Api::start().await;
    let site = spinner_server();
    let port = api.server.port();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("localhost.evil.example:{port}"),
    ] {
        let req = api.clip(&url_clip(&site)).header("Host", host);
        assert_refused(&api, &site, req, 421).await;
    }
    // localhost with the right port is the same server.
    let ok = api
        .client
        .get(api.url("/v1/status"))
        .header("Host", format!("localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
}

#[tokio::test]
async fn an_absolute_request_target_naming_another_host_is_refused() {
    let api = Api::start().await;
    let port = api.server.port();
    let answer = raw(
        port,
        &format!("GET http://evil.example/v1/status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    let answer = raw(port, "GET /v1/status HTTP/1.1\r\nConnection: close\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 4"), "no Host: {answer}");
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_foreign_origin_is_refused_even_with_a_good_token() {
    let api = Api::start().await;
    let site = spinner_server();
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1:8000",
        // An extension, but not the paired one.
        "chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "moz-extension://0b0e0e0e-1111-2222-3333-444444444444",
    ] {
        let req = api.clip_as(&url_clip(&site), Some(origin), Some(&api.token));
        let body = assert_refused(&api, &site, req, 403).await;
        assert_eq!(body["error"], "origin");
    }
}

#[tokio::test]
async fn a_repeated_host_origin_or_authorization_is_refused() {
    let api = Api::start().await;
    let site = spinner_server();
    let port = api.server.port();
    let twice_host = api
        .clip(&url_clip(&site))
        .header("Host", format!("127.0.0.1:{port}"))
        .header("Host", "evil.example");
    assert_refused(&api, &site, twice_host, 421).await;
    let twice_origin = api
        .clip(&url_clip(&site))
        .header("Origin", "https://evil.example");
    assert_refused(&api, &site, twice_origin, 403).await;
    let twice_token = api.clip(&url_clip(&site)).bearer_auth("tidings_wrong");
    assert_refused(&api, &site, twice_token, 401).await;
}

#[tokio::test]
async fn a_preflight_is_never_granted() {
    let api = Api::start().await;
    let site = spinner_server();
    let preflight = |origin: &str| {
        api.client
            .request(reqwest::Method::OPTIONS, api.url("/v1/clip"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type",
            )
    };
    assert_refused(&api, &site, preflight("https://evil.example"), 403).await;
    // Not even for the paired extension: it needs no CORS, and none is ever granted.
    assert_refused(&api, &site, preflight(EXTENSION), 405).await;
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused() {
    let api = Api::start().await;
    let site = spinner_server();
    let no_token = api
        .client
        .post(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .json_body(&url_clip(&site));
    let body = assert_refused(&api, &site, no_token, 401).await;
    assert_eq!(body["error"], "token");
    let mut wrong = api.token.clone();
    wrong.pop();
    wrong.push(if api.token.ends_with('A') { 'B' } else { 'A' });
    for bad in [
        wrong.as_str(),
        "",
        "tidings_",
        &api.token[..api.token.len() - 1],
    ] {
        let req = api.clip_as(&url_clip(&site), Some(EXTENSION), Some(bad));
        assert_refused(&api, &site, req, 401).await;
    }
    // Not a bearer token at all.
    let basic = api
        .clip_as(&url_clip(&site), Some(EXTENSION), None)
        .header("Authorization", format!("Basic {}", api.token));
    assert_refused(&api, &site, basic, 401).await;
}

#[tokio::test]
async fn a_revoked_token_is_refused() {
    let api = Api::start().await;
    let site = spinner_server();
    api.library.revoke_token("Test browser").await.unwrap();
    // The origin is no longer paired either: refused at the origin check.
    assert_refused(&api, &site, api.clip(&url_clip(&site)), 403).await;
    let headless = api
        .client
        .post(api.url("/v1/clip"))
        .bearer_auth(&api.token)
        .json_body(&url_clip(&site));
    assert_refused(&api, &site, headless, 401).await;
}

#[tokio::test]
async fn a_token_in_the_query_string_is_refused_even_if_valid() {
    let api = Api::start().await;
    let site = spinner_server();
    let only_query = api
        .client
        .post(api.url(&format!("/v1/clip?token={}", api.token)))
        .header("Origin", EXTENSION)
        .json_body(&url_clip(&site));
    let body = assert_refused(&api, &site, only_query, 400).await;
    assert_eq!(body["error"], "query");
    let both = api
        .client
        .post(api.url(&format!("/v1/clip?access_token={}", api.token)))
        .header("Origin", EXTENSION)
        .bearer_auth(&api.token)
        .json_body(&url_clip(&site));
    assert_refused(&api, &site, both, 400).await;
}

#[tokio::test]
async fn only_json_is_accepted_not_what_a_page_can_send_without_a_preflight() {
    let api = Api::start().await;
    let site = spinner_server();
    let json = serde_json::to_string(&url_clip(&site)).unwrap();
    let typed = |content_type: &str, body: String| {
        api.client
            .post(api.url("/v1/clip"))
            .header("Origin", EXTENSION)
            .bearer_auth(&api.token)
            .header("Content-Type", content_type)
            .body(body)
    };
    let as_text = typed("text/plain;charset=UTF-8", json.clone());
    let body = assert_refused(&api, &site, as_text, 415).await;
    assert_eq!(body["error"], "content_type");
    let form = api
        .client
        .post(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .bearer_auth(&api.token)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("url={}", site.url("/story")));
    assert_refused(&api, &site, form, 415).await;
    let multipart = typed(
        "multipart/form-data; boundary=x",
        format!(
            "--x\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\n{}\r\n--x--\r\n",
            site.url("/story")
        ),
    );
    assert_refused(&api, &site, multipart, 415).await;
    // Two types, one of them JSON: refused too.
    let two = typed("application/json", json.clone()).header("Content-Type", "text/plain");
    assert_refused(&api, &site, two, 415).await;
    let none = api
        .client
        .post(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .bearer_auth(&api.token)
        .body(json);
    assert_refused(&api, &site, none, 415).await;
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    // The default limit, declared: refused before the body is read.
    let api = Api::start().await;
    let port = api.server.port();
    let before = api.snapshot().await;
    let over = BODY_LIMIT + 1;
    let answer = raw(
        port,
        &format!(
            "POST /v1/clip HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {EXTENSION}\r\n\
             Authorization: Bearer {}\r\nContent-Type: application/json\r\n\
             Content-Length: {over}\r\nConnection: close\r\n\r\n{{",
            api.token
        ),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(api.snapshot().await, before);

    // A small limit, so the body itself can be sent: declared, and streamed without a length.
    let api = Api::start_with(ServeOptions {
        port: Some(0),
        body_limit: 4096,
        ..ServeOptions::default()
    })
    .await;
    let site = spinner_server();
    let big = serde_json::json!({ "url": site.url("/story"), "html": "x".repeat(8192) });
    assert_refused(&api, &site, api.clip(&big), 413).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = serde_json::to_vec(&big)
        .unwrap()
        .chunks(1024)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let streamed = api
        .client
        .post(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .header("Content-Type", "application/json")
        .bearer_auth(&api.token)
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )));
    assert_refused(&api, &site, streamed, 413).await;
}

#[tokio::test]
async fn a_wrong_method_or_route_is_refused() {
    let api = Api::start().await;
    let site = spinner_server();
    let get = api
        .client
        .get(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .bearer_auth(&api.token);
    let before = api.snapshot().await;
    let answer = get.send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 405);
    assert_eq!(answer.headers()["allow"], "POST");
    assert_eq!(api.snapshot().await, before);
    let put = api
        .client
        .put(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .bearer_auth(&api.token)
        .json_body(&url_clip(&site));
    assert_refused(&api, &site, put, 405).await;
    let nowhere = api
        .client
        .post(api.url("/v1/articles"))
        .bearer_auth(&api.token)
        .json_body(&url_clip(&site));
    assert_refused(&api, &site, nowhere, 404).await;
}

#[tokio::test]
async fn bad_json_is_refused_and_stores_nothing() {
    let api = Api::start().await;
    let site = spinner_server();
    let broken = api
        .client
        .post(api.url("/v1/clip"))
        .header("Origin", EXTENSION)
        .bearer_auth(&api.token)
        .header("Content-Type", "application/json")
        .body("{\"url\": ");
    assert_refused(&api, &site, broken, 400).await;
    let no_url = api.clip(&serde_json::json!({ "html": "<p>x</p>" }));
    assert_refused(&api, &site, no_url, 400).await;
    let file =
        api.clip(&serde_json::json!({ "url": "file:///etc/passwd", "html": article_html("x") }));
    assert_refused(&api, &site, file, 422).await;
}

#[tokio::test]
async fn a_url_clip_fetches_like_tidings_add_but_never_from_this_machine_by_default() {
    let site = TestServer::start(vec![(
        "/post",
        Response::html(crate::fixture("second-article.html")),
    )]);
    // By default, an address on this machine or a private network is refused, unfetched.
    let api = Api::start().await;
    for url in [
        site.url("/post"),
        site.url("/post").replace("127.0.0.1", "localhost"),
        "http://192.168.1.1/admin".to_owned(),
        "http://[::1]:8080/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
    ] {
        let req = api.clip(&serde_json::json!({ "url": url }));
        let body = assert_refused(&api, &site, req, 422).await;
        assert!(
            body["message"].as_str().unwrap().contains("this machine"),
            "{body}"
        );
    }
    // Allowed (development, tests): fetched, and not marked captured.
    let api = Api::start_with(ServeOptions {
        port: Some(0),
        allow_private_urls: true,
        ..ServeOptions::default()
    })
    .await;
    let answer = api
        .clip(&serde_json::json!({ "url": site.url("/post") }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(site.hits(), 1);
    let id = answer.json_value().await["id"].as_i64().unwrap();
    api.library.refresh(id).await.unwrap();
    assert_eq!(site.hits(), 2, "a fetched page refreshes without --force");
}

#[tokio::test]
async fn a_page_rendered_in_the_browser_is_clipped_from_its_html_not_fetched() {
    let api = Api::start().await;
    let site = spinner_server();
    let marker = "Only the rendered page holds this sentence about lifetimes.";
    let answer = api
        .clip(&serde_json::json!({
            "url": site.url("/story"),
            "html": article_html(marker),
            "tags": ["browser"],
            "collection": "Reading",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert!(answer
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let body: serde_json::Value = answer.json_value().await;
    assert_eq!(body["already_saved"], false);
    assert_eq!(body["title"], "Rendered only in the browser");
    assert_eq!(
        site.hits(),
        0,
        "the page was fetched, not taken from the browser"
    );
    let article = api
        .library
        .article(body["id"].as_i64().unwrap())
        .await
        .unwrap();
    assert!(article.text.contains(marker), "{}", article.text);
    assert!(!article.text.contains("Footer text"));
    assert_eq!(article.original_url, site.url("/story"));
    assert_eq!(article.tags, vec!["browser".to_owned()]);
    assert!(
        article.captured_in_browser,
        "the model says where it came from"
    );
    assert_eq!(
        api.library
            .collection("Reading")
            .await
            .unwrap()
            .article_count,
        1
    );
    let tokens = api.library.tokens().await.unwrap();
    assert!(tokens[0].last_used_at.is_some(), "{tokens:?}");

    // What a plain clip of the same address gets: no such article.
    let (other, _dir) = crate::temp_library().await;
    match other
        .clip(&site.url("/story"), tidings_core::ClipOptions::default())
        .await
    {
        Ok(outcome) => {
            let fetched = other.article(outcome.article.id).await.unwrap();
            assert!(!fetched.text.contains(marker));
            assert!(!fetched.captured_in_browser);
        }
        Err(e) => assert!(!e.to_string().contains('\n')),
    }

    // A refresh would not see it: refused unless forced.
    let id = body["id"].as_i64().unwrap();
    let refused = api.library.refresh(id).await.unwrap_err().to_string();
    assert!(refused.contains("captured in the browser"), "{refused}");
    assert!(refused.contains("--force"), "{refused}");
    assert_eq!(site.hits(), 1, "the plain clip above only");
    api.library.refresh_with(id, true).await.unwrap();
    assert_eq!(site.hits(), 2, "forced, the page is fetched again");
    // And what the reader saw is replaced by what a fetch gets: why it must be forced.
    assert!(!api.library.article(id).await.unwrap().text.contains(marker));
}

#[tokio::test]
async fn a_selection_keeps_only_the_selection() {
    let api = Api::start().await;
    let site = spinner_server();
    let selected = "The selected passage explains why the borrow checker rejects this loop, \
        how a second mutable borrow would alias the first, and what the compiler suggests \
        instead: split the slice, then borrow each half on its own.";
    let page = format!(
        "<html><body><article><p>Unselected opening paragraph about something else.</p>\
         <p>{selected}</p><p>Unselected closing paragraph.</p></article></body></html>"
    );
    let body: serde_json::Value = api
        .clip(&serde_json::json!({
            "url": site.url("/story"),
            "title": "A page <with> a selection",
            "html": page,
            "selection_html": format!("<p>{selected}</p>"),
        }))
        .send()
        .await
        .unwrap()
        .json_value()
        .await;
    let article = api
        .library
        .article(body["id"].as_i64().unwrap())
        .await
        .unwrap();
    assert!(
        article.text.contains("borrow each half"),
        "{}",
        article.text
    );
    assert!(!article.text.contains("Unselected"), "{}", article.text);
    assert_eq!(article.summary.title, "A page <with> a selection");
    assert_eq!(site.hits(), 0);
}

#[tokio::test]
async fn the_same_page_twice_is_already_saved() {
    let api = Api::start().await;
    let site = spinner_server();
    let clip = serde_json::json!({ "url": site.url("/story"), "html": article_html("Once.") });
    let first: serde_json::Value = api.clip(&clip).send().await.unwrap().json_value().await;
    let second: serde_json::Value = api.clip(&clip).send().await.unwrap().json_value().await;
    assert_eq!(first["already_saved"], false);
    assert_eq!(second["already_saved"], true);
    assert_eq!(first["id"], second["id"]);
    assert_eq!(api.library.info().await.unwrap().article_count, 1);
}

#[tokio::test]
async fn the_pickers_list_tags_and_collections_to_the_paired_extension_only() {
    let api = Api::start().await;
    let site = spinner_server();
    let get = |path: &str| {
        api.client
            .get(api.url(path))
            .header("Origin", EXTENSION)
            .bearer_auth(&api.token)
    };
    let empty: serde_json::Value = get("/v1/tags").send().await.unwrap().json_value().await;
    assert_eq!(empty, serde_json::json!({ "tags": [] }));
    let clipped = api
        .clip(&serde_json::json!({
            "url": site.url("/story"),
            "html": article_html("Tagged."),
            "tags": ["rust", "compilers"],
            "collection": "Reading",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(clipped.status().as_u16(), 200);
    let tags = get("/v1/tags").send().await.unwrap();
    assert_eq!(tags.status().as_u16(), 200);
    assert!(tags.headers().get("access-control-allow-origin").is_none());
    assert_eq!(
        tags.json_value().await,
        serde_json::json!({ "tags": [
            { "name": "compilers", "article_count": 1 },
            { "name": "rust", "article_count": 1 },
        ] })
    );
    let collections: serde_json::Value = get("/v1/collections")
        .send()
        .await
        .unwrap()
        .json_value()
        .await;
    assert_eq!(
        collections,
        serde_json::json!({ "collections": [{ "name": "Reading", "article_count": 1 }] })
    );

    // Behind the same checks as a clip: each refused, nothing changed, nothing listed.
    for path in ["/v1/tags", "/v1/collections"] {
        let no_token = api.client.get(api.url(path)).header("Origin", EXTENSION);
        let body = assert_refused(&api, &site, no_token, 401).await;
        assert_eq!(body["error"], "token");
        let wrong = api
            .client
            .get(api.url(path))
            .header("Origin", EXTENSION)
            .bearer_auth("tidings_wrong");
        assert_refused(&api, &site, wrong, 401).await;
        let page = get(path).header("Origin", "https://evil.example");
        assert_refused(&api, &site, page, 403).await;
        let rebound = get(path).header("Host", format!("evil.example:{}", api.server.port()));
        assert_refused(&api, &site, rebound, 421).await;
        let query = api
            .client
            .get(api.url(&format!("{path}?token={}", api.token)))
            .header("Origin", EXTENSION);
        assert_refused(&api, &site, query, 400).await;
        let answer = api
            .client
            .post(api.url(path))
            .header("Origin", EXTENSION)
            .bearer_auth(&api.token)
            .json_body(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 405);
        assert_eq!(answer.headers()["allow"], "GET");
    }
}

#[tokio::test]
async fn tokens_are_stored_hashed_only() {
    let api = Api::start().await;
    let made = api.library.create_token("Script").await.unwrap();
    assert!(made.starts_with("tidings_") && made.len() > 40, "{made}");
    let conn = rusqlite::Connection::open(api.library.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, hash, coalesce(origin, ''), created_at FROM api_tokens")
        .unwrap();
    let rows: Vec<[String; 4]> = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2);
    for token in [&made, &api.token] {
        let secret = token.trim_start_matches("tidings_");
        assert!(
            rows.iter().flatten().all(|v| !v.contains(secret)),
            "a token is stored in clear"
        );
    }
    use sha2::Digest as _;
    let expected: String = sha2::Sha256::digest(made.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(rows.iter().any(|r| r[0] == "Script" && r[1] == expected));
    assert!(rows
        .iter()
        .any(|r| r[0] == "Test browser" && r[2] == EXTENSION));
    // A made token works (without an Origin: a script, not a browser).
    let site = spinner_server();
    let answer = api
        .client
        .post(api.url("/v1/clip"))
        .bearer_auth(&made)
        .json_body(
            &serde_json::json!({ "url": site.url("/story"), "html": article_html("Scripted.") }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    // Names are unique; revoking an unknown one says so.
    assert!(api.library.create_token("Script").await.is_err());
    let err = api.library.revoke_token("Nope").await.unwrap_err();
    assert_eq!(err.code(), tidings_core::ErrorCode::NotFound);
}

#[tokio::test]
async fn a_token_paired_from_one_extension_is_refused_from_another() {
    let api = Api::start().await;
    let other = "moz-extension://0b0e0e0e-1111-2222-3333-444444444444";
    let other_token = api.pair("Firefox", other).await;
    let site = spinner_server();
    // The other extension's origin is paired, but the token is not its own.
    let req = api.clip_as(&url_clip(&site), Some(other), Some(&api.token));
    assert_refused(&api, &site, req, 401).await;
    let req = api.clip_as(&url_clip(&site), Some(EXTENSION), Some(&other_token));
    assert_refused(&api, &site, req, 401).await;
}

#[tokio::test]
async fn pairing_waits_for_the_person_and_a_denied_extension_gets_nothing() {
    let api = Api::start().await;
    let origin = "moz-extension://6f1c2d3e-aaaa-bbbb-cccc-123456789abc";
    let ask = |name: &str| {
        api.client
            .post(api.url("/v1/pair"))
            .header("Origin", origin)
            .json_body(&serde_json::json!({ "name": name, "origin": origin }))
    };
    let asked = ask("Firefox").send().await.unwrap();
    assert_eq!(asked.status().as_u16(), 202);
    let asked: serde_json::Value = asked.json_value().await;
    let (code, secret) = (
        asked["code"].as_str().unwrap().to_owned(),
        asked["secret"].as_str().unwrap().to_owned(),
    );
    assert_eq!(code.len(), 6);
    let waiting = api.library.pairings().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].name.as_str(), waiting[0].origin.as_str()),
        ("Firefox", origin)
    );
    assert!(!waiting[0].accepted);
    let polled = api.poll(&code, &secret, origin).await;
    assert_eq!(polled.status().as_u16(), 202);
    // The code alone, or a wrong secret, gets nothing.
    let guessed = api.poll(&code, "tidings_pairing_guess", origin).await;
    assert_eq!(guessed.status().as_u16(), 404);
    let no_secret = api
        .client
        .get(api.url(&format!("/v1/pair/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(no_secret.status().as_u16(), 401);

    api.library.deny_pairing(&code).await.unwrap();
    let denied = api.poll(&code, &secret, origin).await;
    assert_eq!(denied.status().as_u16(), 404);
    assert_eq!(api.library.tokens().await.unwrap().len(), 1);
    assert!(api.library.pairings().await.unwrap().is_empty());

    // Accepted: collected once, then the token works from that origin.
    let asked: serde_json::Value = ask("Firefox").send().await.unwrap().json_value().await;
    let (code, secret) = (
        asked["code"].as_str().unwrap().to_owned(),
        asked["secret"].as_str().unwrap().to_owned(),
    );
    let accepted = api
        .library
        .accept_pairing(&code.to_lowercase())
        .await
        .unwrap();
    assert!(accepted.accepted);
    let got = api.poll(&code, &secret, origin).await;
    assert_eq!(got.status().as_u16(), 200);
    let got: serde_json::Value = got.json_value().await;
    let token = got["token"].as_str().unwrap().to_owned();
    assert_eq!(
        api.poll(&code, &secret, origin).await.status().as_u16(),
        404
    );
    let site = spinner_server();
    let answer = api
        .client
        .post(api.url("/v1/clip"))
        .header("Origin", origin)
        .bearer_auth(&token)
        .json_body(
            &serde_json::json!({ "url": site.url("/story"), "html": article_html("Paired.") }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let tokens = api.library.tokens().await.unwrap();
    assert!(tokens
        .iter()
        .any(|t| t.name == "Firefox" && t.origin.as_deref() == Some(origin)));
    // A name a token has is refused.
    assert_eq!(ask("Firefox").send().await.unwrap().status().as_u16(), 409);
}

#[tokio::test]
async fn a_web_page_cannot_ask_to_pair() {
    let api = Api::start().await;
    let site = spinner_server();
    let from_page = api
        .client
        .post(api.url("/v1/pair"))
        .header("Origin", "https://evil.example")
        .json_body(&serde_json::json!({ "name": "Evil", "origin": EXTENSION }));
    assert_refused(&api, &site, from_page, 403).await;
    let as_text = api
        .client
        .post(api.url("/v1/pair"))
        .header(
            "Origin",
            "chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        )
        .header("Content-Type", "text/plain")
        .body(r#"{"name":"X","origin":"chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}"#);
    assert_refused(&api, &site, as_text, 415).await;
    // An extension asking for another's origin.
    let borrowed = api
        .client
        .post(api.url("/v1/pair"))
        .header(
            "Origin",
            "chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        )
        .json_body(&serde_json::json!({ "name": "X", "origin": EXTENSION }));
    assert_refused(&api, &site, borrowed, 403).await;
    let not_an_extension = api
        .client
        .post(api.url("/v1/pair"))
        .json_body(&serde_json::json!({ "name": "X", "origin": "https://evil.example" }));
    assert_refused(&api, &site, not_an_extension, 422).await;
    let rebound = api
        .client
        .post(api.url("/v1/pair"))
        .header("Host", "evil.example")
        .json_body(&serde_json::json!({ "name": "X", "origin": EXTENSION }));
    assert_refused(&api, &site, rebound, 421).await;
}

#[tokio::test]
async fn pairing_requests_expire_and_only_a_few_wait_at_once() {
    let clock = TestClock::at(NOW);
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path().join("library.sqlite3"))
        .await
        .unwrap()
        .with_clock(Arc::clone(&clock) as Arc<dyn tidings_core::dates::Clock>);
    let server = library
        .serve(ServeOptions {
            port: Some(0),
            ..ServeOptions::default()
        })
        .await
        .unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = |p: &str| format!("http://127.0.0.1:{}{p}", server.port());
    let ask = |n: u32| {
        let origin = format!("chrome-extension://{n:0>32}");
        client
            .post(url("/v1/pair"))
            .json_body(&serde_json::json!({ "name": format!("Browser {n}"), "origin": origin }))
            .send()
    };
    let first: serde_json::Value = ask(1).await.unwrap().json_value().await;
    for n in 2..=3 {
        assert_eq!(ask(n).await.unwrap().status().as_u16(), 202);
    }
    assert_eq!(ask(4).await.unwrap().status().as_u16(), 429);
    assert_eq!(library.pairings().await.unwrap().len(), 3);

    clock.advance(chrono::Duration::minutes(6));
    assert!(library.pairings().await.unwrap().is_empty());
    let code = first["code"].as_str().unwrap();
    let err = library.accept_pairing(code).await.unwrap_err();
    assert_eq!(err.code(), tidings_core::ErrorCode::NotFound);
    let polled = client
        .get(url(&format!("/v1/pair/{code}")))
        .bearer_auth(first["secret"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(polled.status().as_u16(), 404);
    // Expired requests make room.
    assert_eq!(ask(5).await.unwrap().status().as_u16(), 202);
    assert!(library.tokens().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_port_file_names_the_port_and_goes_on_shutdown() {
    let (library, _dir) = crate::temp_library().await;
    let server = library
        .serve(ServeOptions {
            port: Some(0),
            ..ServeOptions::default()
        })
        .await
        .unwrap();
    let file = port_file(library.path());
    assert_eq!(server.port_file(), file);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().trim(),
        server.port().to_string()
    );
    let port = server.port();
    // A second server on the same port is refused with a one-line error.
    let err = library
        .serve(ServeOptions {
            port: Some(port),
            ..ServeOptions::default()
        })
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("127.0.0.1:{port}")) && !err.contains('\n'),
        "{err}"
    );
    server.shutdown().await;
    assert!(!file.exists());
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

/// Sends raw bytes (what reqwest will not send) and reads the answer until the server closes.
async fn raw(port: u16, request: &str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_json_backup_keeps_that_a_page_was_captured_in_the_browser() {
    let (library, dir) = crate::temp_library().await;
    let captured = library
        .clip_captured(
            "https://members.example/story",
            tidings_core::CapturedPage {
                html: Some(article_html("Behind the login.")),
                ..Default::default()
            },
            tidings_core::ClipOptions::default(),
        )
        .await
        .unwrap()
        .article
        .id;
    let site = TestServer::start(vec![(
        "/open",
        Response::html(article_html("In the open.")),
    )]);
    let open_url = site.url("/open");
    library
        .clip_html(
            &open_url,
            &article_html("In the open."),
            tidings_core::ClipOptions::default(),
        )
        .await
        .unwrap();
    let out = dir.path().join("backup");
    library
        .export(
            tidings_core::model::ExportSelection::default(),
            tidings_core::model::ExportFormat::Json,
            &out,
        )
        .await
        .unwrap();
    let file = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".tidings.json"))
        .unwrap();
    let json = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        json.matches("\"captured_in_browser\": true").count(),
        1,
        "{json}"
    );

    let restored_dir = tempfile::tempdir().unwrap();
    let restored = Library::open(restored_dir.path().join("library.sqlite3"))
        .await
        .unwrap();
    restored
        .import(&file, &Default::default(), None, None)
        .await
        .unwrap();
    let by_url = |url: String| {
        let restored = restored.clone();
        async move {
            restored
                .list(ListFilter::default())
                .await
                .unwrap()
                .into_iter()
                .find(|a| a.url == url)
                .unwrap()
                .id
        }
    };
    let id = by_url("https://members.example/story".to_owned()).await;
    let err = restored.refresh(id).await.unwrap_err().to_string();
    assert!(err.contains("captured in the browser"), "{err}");
    // In the library it came from too, of course.
    let err = library.refresh(captured).await.unwrap_err().to_string();
    assert!(err.contains("captured in the browser"), "{err}");
    // The other one is not marked: its refresh fetches the page.
    let open = by_url(open_url).await;
    restored.refresh(open).await.unwrap();
    assert_eq!(site.hits(), 1);
}

#[tokio::test]
async fn the_shell_hears_of_each_pairing_request_as_it_arrives() {
    let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
    let hook = {
        let heard = Arc::clone(&heard);
        PairingHook::new(move |pairing| heard.lock().unwrap().push(pairing))
    };
    // `start_with` pairs "Test browser" through the real flow: the hook hears it, unaccepted.
    let api = Api::start_with(ServeOptions {
        port: Some(0),
        on_pairing: Some(hook),
        ..ServeOptions::default()
    })
    .await;
    {
        let heard = heard.lock().unwrap();
        assert_eq!(heard.len(), 1);
        assert_eq!(
            (heard[0].name.as_str(), heard[0].origin.as_str()),
            ("Test browser", EXTENSION)
        );
        assert_eq!(heard[0].code.len(), 6);
        assert!(!heard[0].accepted);
    }
    let asked: serde_json::Value = api
        .client
        .post(api.url("/v1/pair"))
        .json_body(&serde_json::json!({ "name": "Firefox", "origin": "moz-extension://1-2-3" }))
        .send()
        .await
        .unwrap()
        .json_value()
        .await;
    let waiting = api.library.pairings().await.unwrap();
    {
        let heard = heard.lock().unwrap();
        assert_eq!(heard.len(), 2);
        assert_eq!(heard[1].code, asked["code"].as_str().unwrap());
        assert_eq!(waiting.len(), 1);
        assert_eq!(
            (heard[1].code.as_str(), heard[1].name.as_str()),
            (waiting[0].code.as_str(), waiting[0].name.as_str())
        );
    }
    // A refused request (a web page's origin, or a bad one in the body) is not heard of.
    for (origin, body_origin) in [
        (Some("https://evil.example"), "moz-extension://1-2-3"),
        (None, "https://evil.example"),
    ] {
        let mut req = api
            .client
            .post(api.url("/v1/pair"))
            .json_body(&serde_json::json!({ "name": "Evil", "origin": body_origin }));
        if let Some(origin) = origin {
            req = req.header("Origin", origin);
        }
        let status = req.send().await.unwrap().status().as_u16();
        assert!((400..500).contains(&status), "{status}");
    }
    assert_eq!(heard.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_url_clip_never_fetches_a_name_that_resolves_to_this_machine() {
    let site = TestServer::start(vec![(
        "/post",
        Response::html(crate::fixture("second-article.html")),
    )]);
    let (library, _dir) = crate::temp_library().await;
    // What the API clips with unless private addresses are allowed.
    let guarded = library.with_public_fetches_only().unwrap();
    // A name (not only `localhost`: the resolver is asked, and its answer is private), and an
    // address given as such.
    for (url, reason) in [
        (
            site.url("/post").replace("127.0.0.1", "localhost"),
            "localhost resolves to an address on this machine or a private network",
        ),
        (
            site.url("/post"),
            "an address on this machine or a private network",
        ),
    ] {
        let error = guarded
            .clip(&url, ClipOptions::default())
            .await
            .unwrap_err();
        assert_eq!(
            error.code(),
            tidings_core::ErrorCode::InvalidInput,
            "{error}"
        );
        let message = error.to_string();
        assert!(message.starts_with("fetch http://"), "{message}");
        assert!(message.contains(reason), "{message}");
    }
    assert_eq!(site.hits(), 0);
    assert_eq!(library.info().await.unwrap().article_count, 0);
    // The library itself (`tidings add`, the app's clip field) still fetches it.
    library
        .clip(&site.url("/post"), ClipOptions::default())
        .await
        .unwrap();
    assert_eq!(site.hits(), 1);
}
