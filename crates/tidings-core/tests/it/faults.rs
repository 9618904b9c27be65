//! Network faults from a fault-injecting server on 127.0.0.1 (and names that never resolve):
//! each clip ends in a correct article or a one-line error with the right `code()` that names
//! what went wrong, within a bounded time, and a failure stores nothing.
//!
//! Already covered in `clip.rs`: a refused connection, a redirect loop (here: an endless chain), a status error, a slow
//! answer (before the headers), a `Content-Length` over the cap, a lying UTF-8 header.

use std::io::Write;
use std::time::Duration;

use test_server::{Fault, Response, TestServer};
use tidings_core::fetch::FetchConfig;
use tidings_core::{ClipOptions, Library};

/// A plain article page titled `title`, with enough prose to be an article.
pub fn article(title: &str) -> String {
    let para = format!(
        "<p>{}</p>",
        format!("The {title} story goes on with measured, careful prose. ").repeat(12)
    );
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{}</article></body></html>",
        para.repeat(4)
    )
}

/// The longest any fault may take to be reported: a hang fails the test instead of stalling it.
const NO_HANG: Duration = Duration::from_secs(60);

/// The fetch policy of these tests: small limits so each fault shows quickly.
fn strict() -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        max_bytes: 1024 * 1024,
        ..FetchConfig::default()
    }
}

async fn library(config: FetchConfig) -> (Library, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open_with(dir.path().join("library.sqlite3"), config)
        .await
        .unwrap();
    (library, dir)
}

/// Clips `url`, which must fail with `code` and a one-line message containing each of `says`;
/// the library must stay empty.
async fn fails(library: &Library, url: &str, code: &str, says: &[&str]) {
    let result = tokio::time::timeout(NO_HANG, library.clip(url, ClipOptions::default()))
        .await
        .unwrap_or_else(|_| panic!("clip {url} hung"));
    let err = result.expect_err(url);
    let message = err.to_string();
    assert_eq!(err.code().as_str(), code, "{url}: {message}");
    for word in says {
        assert!(message.contains(word), "{url}: {word:?} not in {message:?}");
    }
    assert!(!message.contains('\n'), "one line: {message:?}");
    assert_eq!(
        library.info().await.unwrap().article_count,
        0,
        "{url} stored something"
    );
}

/// Clips `url`, which must give an article titled `title` whose text contains `text`.
async fn succeeds(library: &Library, url: &str, title: &str, text: &str) -> String {
    let outcome = tokio::time::timeout(NO_HANG, library.clip(url, ClipOptions::default()))
        .await
        .unwrap_or_else(|_| panic!("clip {url} hung"))
        .unwrap_or_else(|e| panic!("clip {url}: {e}"));
    let article = library.article(outcome.article.id).await.unwrap();
    assert_eq!(article.summary.title, title, "{url}");
    assert!(article.text.contains(text), "{url}: {text:?} missing");
    article.text
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn broken_transfers_fail_in_one_line_and_store_nothing() {
    let page = article("Broken transfers");
    // 64 MB of spaces after a page, compressed to about 64 kB: the cap must apply decoded.
    let mut bomb = page.clone().into_bytes();
    bomb.resize(64 * 1024 * 1024, b' ');
    let bomb = gzip(&bomb);
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb fits under the cap compressed"
    );
    // A chain of distinct addresses that never ends (not a loop a client could spot).
    let chain: Vec<(String, Response)> = (0..30)
        .map(|i| {
            (
                format!("/chain/{i}"),
                Response::redirect(&format!("/chain/{}", i + 1)),
            )
        })
        .collect();
    let mut routes: Vec<(&str, Response)> =
        chain.iter().map(|(p, r)| (p.as_str(), r.clone())).collect();
    routes.extend(vec![
        (
            "/reset",
            Response::html(page.clone()).with_fault(Fault::ResetAfter(200)),
        ),
        (
            "/loris",
            Response::html(page.clone()).with_fault(Fault::Trickle {
                chunk: 8,
                every: Duration::from_millis(50),
            }),
        ),
        (
            "/endless",
            Response::html(page.clone()).with_fault(Fault::Endless),
        ),
        (
            "/bomb",
            Response::html(bomb).with_header("Content-Encoding", "gzip"),
        ),
        (
            "/longer",
            Response::html(page.clone()).with_fault(Fault::ContentLength(page.len() as u64 + 5000)),
        ),
        ("/zero-html", Response::html(Vec::new())),
        ("/zero", Response::ok("", Vec::new())),
    ]);
    let server = TestServer::start(routes);
    let (library, _dir) = library(strict()).await;

    let hits = server.hits();
    fails(
        &library,
        &server.url("/reset"),
        "network",
        &["/reset", "reset"],
    )
    .await;
    assert_eq!(server.hits() - hits, 2, "a reset is retried once, not more");
    for (path, code, says) in [
        ("/loris", "network", "timed out after 2 s"),
        ("/endless", "network", "larger than the 1048576 byte limit"),
        ("/bomb", "network", "larger than the 1048576 byte limit"),
        (
            "/longer",
            "network",
            "end of file before message length reached",
        ),
        ("/zero-html", "extract", "no readable article"),
        ("/zero", "network", "not a web page"),
        ("/chain/0", "network", "too many redirects (more than 10)"),
    ] {
        fails(&library, &server.url(path), code, &[path, says]).await;
    }
}

#[tokio::test]
async fn names_that_never_resolve_and_tls_to_a_plain_port_fail_in_one_line() {
    let server = TestServer::start(vec![("/a", Response::html(article("Plain")))]);
    let (library, _dir) = library(strict()).await;
    fails(
        &library,
        "http://tidings-hardening.invalid/a",
        "network",
        &["tidings-hardening.invalid", "cannot connect"],
    )
    .await;
    let tls = server.url("/a").replace("http://", "https://");
    fails(&library, &tls, "network", &[&tls, "TLS"]).await;
}

#[tokio::test]
async fn a_shorter_content_length_keeps_the_declared_bytes() {
    let page = article("Declared length");
    let mut body = page.clone().into_bytes();
    body.extend_from_slice(b"<p>TRAILING JUNK past the declared length</p>");
    let server = TestServer::start(vec![(
        "/shorter",
        Response::html(body).with_fault(Fault::ContentLength(page.len() as u64)),
    )]);
    let (library, _dir) = library(strict()).await;
    let text = succeeds(
        &library,
        &server.url("/shorter"),
        "Declared length",
        "measured, careful prose",
    )
    .await;
    assert!(!text.contains("TRAILING JUNK"), "{text}");
}

#[tokio::test]
async fn wrong_or_missing_charsets_give_the_right_text() {
    let title = "Déjà vu à Genève — naïve café";
    let page = article(title);
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let server = TestServer::start(vec![
        // UTF-8 bytes served as Latin-1 (a common misconfiguration).
        (
            "/utf8-as-latin1",
            Response::ok("text/html; charset=iso-8859-1", page.clone()),
        ),
        (
            "/utf8-meta-latin1",
            Response::ok(
                "text/html",
                page.replace("<head>", "<head><meta charset=\"windows-1252\">"),
            ),
        ),
        (
            "/utf8-as-utf16",
            Response::ok("text/html; charset=utf-16", page.clone()),
        ),
        (
            "/latin1-undeclared",
            Response::ok("text/html", latin1.to_vec()),
        ),
        (
            "/unknown-charset",
            Response::ok("text/html; charset=x-no-such-thing", page.clone()),
        ),
    ]);
    let (library, _dir) = library(strict()).await;
    for path in [
        "/utf8-as-latin1",
        "/utf8-meta-latin1",
        "/utf8-as-utf16",
        "/latin1-undeclared",
        "/unknown-charset",
    ] {
        let text = succeeds(&library, &server.url(path), title, "careful prose").await;
        assert!(!text.contains('\u{fffd}') && !text.contains("Ã"), "{path}");
    }
}

#[tokio::test]
async fn huge_flat_deeply_nested_and_crowded_pages_give_their_article() {
    let flat = {
        let para = "<p>A single line of prose that goes on and on without a break. </p>";
        let mut page = String::from(
            "<html><head><title>One long line</title></head><body><article><h1>One long line</h1>",
        );
        while page.len() < 5 * 1024 * 1024 {
            page.push_str(para);
        }
        page + "</article></body></html>"
    };
    assert!(!flat.contains('\n'));
    let depth = 100_000;
    let nested = format!(
        "<html><head><title>Deep</title></head><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(depth),
        "Words at the bottom of a very deep page. ".repeat(30),
        "</div>".repeat(depth)
    );
    let unclosed = format!(
        "<html><head><title>Unclosed</title></head><body>{}<p>{}",
        "<span><b><i>".repeat(depth / 3),
        "Words that nobody closed the tags around. ".repeat(30)
    );
    let crowded = format!(
        "<html><head><title>Crowded</title></head><body><article><p{}>{}</p></article></body></html>",
        (0..100_000).map(|i| format!(" data-a{i}=\"{i}\"")).collect::<String>(),
        "Words in a paragraph with a hundred thousand attributes. ".repeat(30)
    );
    let server = TestServer::start(vec![
        ("/flat", Response::html(flat)),
        ("/nested", Response::html(nested)),
        ("/unclosed", Response::html(unclosed)),
        ("/crowded", Response::html(crowded)),
    ]);
    let (library, _dir) = library(FetchConfig::default()).await;
    let text = succeeds(
        &library,
        &server.url("/flat"),
        "One long line",
        "without a break",
    )
    .await;
    assert!(text.len() > 4 * 1024 * 1024, "the whole article is kept");
    succeeds(
        &library,
        &server.url("/nested"),
        "Deep",
        "bottom of a very deep page",
    )
    .await;
    succeeds(
        &library,
        &server.url("/crowded"),
        "Crowded",
        "a hundred thousand attributes",
    )
    .await;
    succeeds(
        &library,
        &server.url("/unclosed"),
        "Unclosed",
        "nobody closed the tags",
    )
    .await;
}
