//! Clipping from a local server: what is kept, what is dropped, duplicates, and failures that store nothing.

use std::time::Duration;

use test_server::{Response, TestServer};
use tidings_core::fetch::FetchConfig;
use tidings_core::{ClipOptions, Library};

use crate::{fixture, temp_library};

fn article_server() -> TestServer {
    TestServer::start(vec![
        (
            "/post?utm_source=rss&id=7",
            Response::html(fixture("async-closures.html")),
        ),
        ("/short", Response::redirect("/post?utm_source=rss&id=7")),
        (
            "/media/crab-lead.png",
            Response::ok("image/png", vec![0x89, b'P', b'N', b'G']),
        ),
    ])
}

#[tokio::test]
async fn a_clip_keeps_the_article_and_its_metadata_and_drops_the_clutter() {
    let server = article_server();
    let (library, _dir) = temp_library().await;
    let outcome = library
        .clip(
            &server.url("/post?utm_source=rss&id=7"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    assert!(!outcome.already_saved);
    let article = library.article(outcome.article.id).await.unwrap();
    let s = &article.summary;
    assert_eq!(s.title, "Async closures land in stable Rust");
    assert_eq!(s.byline.as_deref(), Some("Ada Ferris"));
    assert_eq!(s.site_name.as_deref(), Some("The Compile Times"));
    assert_eq!(s.published_at.as_deref(), Some("2026-11-20T07:30:00Z"));
    assert_eq!(article.modified_at.as_deref(), Some("2026-11-21T09:15:00Z"));
    assert_eq!(
        s.url,
        server.url("/2026/11/async-closures-stable"),
        "canonical URL is the article's address"
    );
    assert_eq!(
        article.original_url,
        server.url("/post?utm_source=rss&id=7")
    );
    assert_eq!(article.language.as_deref(), Some("en"));
    assert!(
        s.word_count > 300 && s.reading_minutes >= 2,
        "{} words",
        s.word_count
    );

    let html = &article.content_html;
    assert!(
        html.contains(r#"<code class="language-rust">async fn retry&lt;F&gt;"#),
        "code block kept with its language:\n{html}"
    );
    assert!(
        html.contains("    match op().await {"),
        "code indentation kept"
    );
    assert!(
        html.contains("<table>") && html.contains("<th>Borrows captures</th>"),
        "table kept"
    );
    assert!(
        html.contains(&format!(r#"src="{}""#, server.url("/media/crab-lead.png")))
            || s.lead_image_url.is_some()
    );
    for clutter in [
        "Related articles",
        "42 comments",
        "We use cookies",
        "Get the weekly digest",
        "All rights reserved",
        "<script",
        "hacked",
        "<form",
    ] {
        assert!(
            !html.contains(clutter),
            "{clutter:?} should not be in the article:\n{html}"
        );
        assert!(
            !article.text.contains(clutter),
            "{clutter:?} should not be in the text"
        );
    }
    assert!(article
        .text
        .contains("After years of design work, async closures are stable."));
    assert!(
        article.text.contains("Async closure\tNo\tYes") || article.text.contains("Async closure"),
        "table text searchable"
    );
}

#[tokio::test]
async fn clipping_again_by_any_address_returns_the_saved_article() {
    let server = article_server();
    let (library, _dir) = temp_library().await;
    let first = library
        .clip(
            &server.url("/post?utm_source=rss&id=7"),
            ClipOptions::default(),
        )
        .await
        .unwrap();

    let again = library
        .clip(
            &server.url("/post?id=7&fbclid=zzz#comments"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    assert!(again.already_saved);
    assert_eq!(again.article.id, first.article.id);

    // The canonical address was never fetched, yet it is known.
    let hits = server.hits();
    let canonical = library
        .clip(
            &server.url("/2026/11/async-closures-stable"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    assert!(canonical.already_saved);
    assert_eq!(server.hits(), hits, "a known address needs no fetch");

    // A short link that redirects to the article is recognised after the fetch.
    let short = library
        .clip(
            &server.url("/short"),
            ClipOptions {
                tags: vec!["rust".into()],
                collection: None,
            },
        )
        .await
        .unwrap();
    assert!(short.already_saved);
    assert_eq!(
        library.article(first.article.id).await.unwrap().tags,
        vec!["rust"],
        "options apply to the saved article"
    );
    assert_eq!(library.info().await.unwrap().article_count, 1);
}

#[tokio::test]
async fn a_clip_with_tags_and_a_collection_files_it() {
    let server = article_server();
    let (library, _dir) = temp_library().await;
    let options = ClipOptions {
        tags: vec!["rust".into(), "Async".into()],
        collection: Some("Rust async".into()),
    };
    let outcome = library
        .clip(&server.url("/post?utm_source=rss&id=7"), options)
        .await
        .unwrap();
    let article = library.article(outcome.article.id).await.unwrap();
    assert_eq!(article.tags, vec!["Async", "rust"]);
    assert_eq!(article.collections, vec!["Rust async"]);
}

async fn assert_fails_and_stores_nothing(library: &Library, url: &str, expected: &str) {
    let err = library
        .clip(url, ClipOptions::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(expected),
        "clip {url}: expected {expected:?} in {err:?}"
    );
    assert!(!err.contains('\n'), "one line: {err:?}");
    assert_eq!(
        library.info().await.unwrap().article_count,
        0,
        "{url} stored something"
    );
}

#[tokio::test]
async fn failed_clips_say_why_in_one_line_and_store_nothing() {
    let big = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(300_000)
    );
    let server = TestServer::start(vec![
        ("/gone", Response::status(404)),
        ("/broken", Response::status(500)),
        (
            "/photo.png",
            Response::ok("image/png", vec![0x89, b'P', b'N', b'G', 0, 0]),
        ),
        (
            "/paper.pdf",
            Response::ok("application/pdf", b"%PDF-1.7 ...".to_vec()),
        ),
        ("/huge", Response::html(big)),
        (
            "/slow",
            Response::html(fixture("second-article.html")).delayed(Duration::from_secs(3)),
        ),
        ("/loop", Response::redirect("/loop")),
        ("/empty", Response::html("<html><body></body></html>")),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let config = FetchConfig {
        max_bytes: 1024 * 1024,
        timeout: Duration::from_secs(1),
        ..FetchConfig::default()
    };
    let library = Library::open_with(dir.path().join("library.sqlite3"), config)
        .await
        .unwrap();

    assert_fails_and_stores_nothing(&library, &server.url("/gone"), "HTTP 404 Not Found").await;
    assert_fails_and_stores_nothing(&library, &server.url("/broken"), "HTTP 500").await;
    assert_fails_and_stores_nothing(
        &library,
        &server.url("/photo.png"),
        "not a web page (image/png)",
    )
    .await;
    assert_fails_and_stores_nothing(
        &library,
        &server.url("/paper.pdf"),
        "not a web page (application/pdf)",
    )
    .await;
    assert_fails_and_stores_nothing(
        &library,
        &server.url("/huge"),
        "larger than the 1048576 byte limit",
    )
    .await;
    assert_fails_and_stores_nothing(&library, &server.url("/slow"), "timed out after 1 s").await;
    assert_fails_and_stores_nothing(&library, &server.url("/loop"), "too many redirects").await;
    assert_fails_and_stores_nothing(&library, &server.url("/empty"), "no readable article").await;
    assert_fails_and_stores_nothing(&library, "file:///etc/passwd", "only http and https").await;
    assert_fails_and_stores_nothing(&library, "javascript:alert(1)", "only http and https").await;

    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    assert_fails_and_stores_nothing(
        &library,
        &format!("http://127.0.0.1:{closed}/a"),
        "cannot connect",
    )
    .await;
}

#[tokio::test]
async fn a_transient_failure_is_retried_once() {
    let server = TestServer::start(vec![
        (
            "/busy",
            Response::status(503).with_header("Retry-After", "1"),
        ),
        ("/busy", Response::html(fixture("second-article.html"))),
        (
            "/limited",
            Response::status(429).with_header("Retry-After", "0"),
        ),
    ]);
    let (library, _dir) = temp_library().await;
    let outcome = library
        .clip(&server.url("/busy"), ClipOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.article.title, "SQLite turns twenty-six");
    assert_eq!(server.hits(), 2);

    let err = library
        .clip(&server.url("/limited"), ClipOptions::default())
        .await
        .unwrap_err();
    assert!(
        err.to_string().ends_with("HTTP 429 Too Many Requests"),
        "{err}"
    );
    assert_eq!(server.hits(), 4, "one retry, not more");
}

#[tokio::test]
async fn legacy_charsets_and_lying_headers_are_decoded() {
    let page = fixture("second-article.html").replace("twenty-six", "vingt-six à Genève, déjà");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let server = TestServer::start(vec![
        (
            "/latin1",
            Response::ok("text/html; charset=windows-1252", latin1.to_vec()),
        ),
        (
            "/lying",
            Response::ok("text/html; charset=utf-8", latin1.to_vec()),
        ),
    ]);
    let (library, _dir) = temp_library().await;
    let declared = library
        .clip(&server.url("/latin1"), ClipOptions::default())
        .await
        .unwrap();
    assert_eq!(
        declared.article.title,
        "SQLite turns vingt-six à Genève, déjà"
    );
    library.delete(vec![declared.article.id]).await.unwrap();
    library.empty_trash().await.unwrap();
    let lying = library
        .clip(&server.url("/lying"), ClipOptions::default())
        .await
        .unwrap();
    assert_eq!(lying.article.title, "SQLite turns vingt-six à Genève, déjà");
}
