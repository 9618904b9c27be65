//! Malformed addresses through `tidings add`: exit 1, one line on stderr per bad address naming
//! what is wrong, the good addresses of the same command still saved, nothing else stored.

use test_server::{Response, TestServer};

use crate::{fixture, Cli};

#[test]
fn bad_addresses_exit_1_with_one_line_each_and_good_ones_are_still_saved() {
    let server = TestServer::start(vec![(
        "/sqlite-26",
        Response::html(fixture("second-article.html")),
    )]);
    let cli = Cli::new();
    let long = format!("http://127.0.0.1:1/{}", "x".repeat(10_000));
    let userinfo = server.url("/sqlite-26").replace("://", "://me:secret@");
    let cases = [
        ("", "the URL is empty"),
        ("example.com/a", "it needs http:// or https://"),
        ("http://[::1/a", "invalid IPv6 address"),
        ("http://exa mple.com/a", "invalid international domain name"),
        ("mailto:someone@example.com", "not mailto:"),
        ("ftp://example.com/file", "not ftp:"),
        (userinfo.as_str(), "user name or password"),
        ("http://bücher.invalid/a", "xn--bcher-kva.invalid"),
        (long.as_str(), "cannot connect"),
    ];
    for (url, says) in cases {
        let err = cli.fails(&["add", url], 1);
        assert!(err.contains(says), "{url:?}: {says:?} not in {err:?}");
        assert_eq!(err.lines().count(), 1, "{err:?}");
        assert!(err.starts_with("tidings: "), "{err:?}");
    }
    assert_eq!(server.hits(), 0, "a refused address is never fetched");

    // One command with good and bad addresses: the good one is saved, each bad one reported.
    let good = server.url("/sqlite-26");
    let out = cli.run_with_stdin(&["add", "not a url", &good, "gopher://x.org/"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "saved 1  SQLite turns twenty-six\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("not gopher:"), "{stderr}");
    assert_eq!(cli.json(&["info", "--json"])["article_count"], 1);
}
