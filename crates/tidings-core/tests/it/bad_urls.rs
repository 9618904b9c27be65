//! Malformed and unusual addresses through `Library::clip`: each is a one-line error with the
//! right `code()` (storing nothing), or the article it names. Only 127.0.0.1 and `.invalid`
//! hosts are ever contacted.

use test_server::{Response, TestServer};
use tidings_core::{ClipOptions, Library};

use crate::faults::article;
use crate::temp_library;

/// Addresses that can never be clipped, with what the error must say.
pub fn refused(port: u16) -> Vec<(String, &'static str)> {
    let mut cases: Vec<(String, &str)> = [
        ("", "the URL is empty"),
        ("   \t ", "the URL is empty"),
        ("example.com/a", "it needs http:// or https://"),
        ("//example.com/a", "it needs http:// or https://"),
        ("http://", "empty host"),
        ("http://exa mple.com/a", "invalid international domain name"),
        ("http://[::1/a", "invalid IPv6 address"),
        ("http://[fe80::1%25eth0]/a", "invalid IPv6 address"),
        ("http://256.1.1.1/a", "invalid IPv4 address"),
        (
            "http://xn--a.invalid/a",
            "invalid international domain name",
        ),
        ("mailto:someone@example.com", "not mailto:"),
        ("ftp://example.com/file", "not ftp:"),
        ("ws://example.com/socket", "not ws:"),
        ("about:blank", "not about:"),
        ("view-source:http://example.com/", "not view-source:"),
        ("data:text/html,<p>hi</p>", "not data:"),
        ("chrome://settings", "not chrome:"),
    ]
    .into_iter()
    .map(|(url, why)| (url.to_owned(), why))
    .collect();
    for userinfo in ["user", "user:secret", ":secret", "trusted.example"] {
        cases.push((
            format!("http://{userinfo}@127.0.0.1:{port}/a"),
            "user name or password",
        ));
    }
    cases
}

/// A 10 kB path on the test server.
pub fn long_path() -> String {
    format!("/long/{}", "segment-".repeat(1250))
}

async fn refuses(library: &Library, url: &str, says: &str) {
    let err = library
        .clip(url, ClipOptions::default())
        .await
        .expect_err(url);
    let message = err.to_string();
    assert_eq!(err.code().as_str(), "invalid_input", "{url:?}: {message}");
    assert!(
        message.contains(says),
        "{url:?}: {says:?} not in {message:?}"
    );
    assert!(!message.contains('\n'), "{message:?}");
}

#[tokio::test]
async fn malformed_addresses_and_other_schemes_are_refused_in_one_line() {
    let server = TestServer::start(vec![("/a", Response::html(article("Never fetched")))]);
    let (library, _dir) = temp_library().await;
    let port = server.url("").rsplit(':').next().unwrap().parse().unwrap();
    for (url, says) in refused(port) {
        refuses(&library, &url, says).await;
    }
    assert_eq!(server.hits(), 0, "nothing was fetched");
    assert_eq!(library.info().await.unwrap().article_count, 0);
}

#[tokio::test]
async fn spaces_idn_ipv6_and_very_long_addresses_are_clipped_or_fail_cleanly() {
    let long = long_path();
    assert!(long.len() >= 10_000);
    let server = TestServer::start(vec![
        ("/with%20space", Response::html(article("Spaced"))),
        (long.as_str(), Response::html(article("Long"))),
    ]);
    let (library, _dir) = temp_library().await;

    // Spaces around an address are trimmed; inside the path they are percent-encoded.
    let spaced = format!("  {}  ", server.url("/with space"));
    let outcome = library.clip(&spaced, ClipOptions::default()).await.unwrap();
    assert_eq!(outcome.article.title, "Spaced");
    assert_eq!(outcome.article.url, server.url("/with%20space"));

    // A 10 kB address is kept whole and recognised again.
    let outcome = library
        .clip(&server.url(&long), ClipOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.article.url.len(), server.url(&long).len());
    let again = library
        .clip(
            &format!("{}#part", server.url(&long)),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    assert!(again.already_saved);

    // An international name is sent as punycode; `.invalid` never resolves.
    let err = library
        .clip("http://bücher.invalid/a", ClipOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code().as_str(), "network", "{err}");
    assert!(err.to_string().contains("xn--bcher-kva.invalid"), "{err}");

    // An IPv6 literal is a valid address; nothing listens on this port of [::1].
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = library
        .clip(&format!("http://[::1]:{closed}/a"), ClipOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.code().as_str(), "network", "{err}");
    assert!(err.to_string().contains("[::1]"), "{err}");
    assert!(err.to_string().contains("cannot connect"), "{err}");
    assert!(!err.to_string().contains('\n'));

    // A 10 kB host name.
    let long_host = format!("http://{}.invalid/a", "a".repeat(10_000));
    let err = library
        .clip(&long_host, ClipOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err.code().as_str(), "network" | "invalid_input"),
        "{err}"
    );
    assert!(!err.to_string().contains('\n'));
    assert_eq!(library.info().await.unwrap().article_count, 2);
}
