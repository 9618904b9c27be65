//! `tidings rule …`, `feed settings`, full-text refreshes and `search --stream` end to end: the
//! real binary over a temporary library, feeds and pages served on 127.0.0.1.

use serde_json::Value;
use test_server::{Response, TestServer};

use super::{fixture, Cli};

/// An RSS 2.0 feed of (guid, title, link) items, dated a day apart, newest first.
fn rss(items: &[(&str, &str, String)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Rules</title>\
         <link>https://site.example/</link>",
    );
    for (i, (guid, title, link)) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>\
             <pubDate>{:02} Dec 2026 09:00:00 +0000</pubDate>\
             <description>&lt;p&gt;About {title}&lt;/p&gt;</description></item>",
            20 - i
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn feed(body: String) -> Response {
    Response::ok("application/rss+xml", body)
}

fn link(path: &str) -> String {
    format!("https://site.example{path}")
}

fn state_of(items: &Value, title: &str) -> String {
    items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("no {title:?} in {items}"))["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn rules_are_added_listed_tested_edited_and_removed() {
    let server = TestServer::start(vec![
        (
            "/feed",
            feed(rss(&[
                ("a", "Crypto winter", link("/a")),
                ("b", "Rust release", link("/b")),
            ])),
        ),
        (
            "/feed",
            feed(rss(&[
                ("c", "More crypto news", link("/c")),
                ("d", "Cryptography explained", link("/d")),
                ("a", "Crypto winter", link("/a")),
                ("b", "Rust release", link("/b")),
            ])),
        ),
    ]);
    let cli = Cli::new();
    cli.ok(&["feed", "add", &server.url("/feed")]);

    // A dry run of a rule not added yet: whole words, any case; nothing changes.
    let out = cli.ok(&["rule", "test", "--field", "title", "--match", "CRYPTO"]);
    let out: Vec<&str> = out.lines().collect();
    assert_eq!(out[0], "would match 1 item (nothing was changed)");
    assert!(out[1].ends_with("new        Crypto winter"), "{out:?}");
    assert_eq!(out.len(), 3, "{out:?}");

    // Bad input: one line, exit 1, nothing added.
    let err = cli.fails(
        &[
            "rule", "add", "--field", "title", "--match", "(", "--regex", "--action", "dismiss",
        ],
        1,
    );
    assert!(err.starts_with("tidings: rule pattern \"(\": "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let err = cli.fails(
        &[
            "rule", "add", "--field", "title", "--match", "x", "--action", "archive",
        ],
        1,
    );
    assert!(err.contains("unknown rule action \"archive\""), "{err}");
    let err = cli.fails(
        &[
            "rule",
            "add",
            "--field",
            "title",
            "--match",
            "x",
            "--action",
            "dismiss",
            "--expires",
            "soon",
        ],
        1,
    );
    assert!(err.contains("expiry \"soon\""), "{err}");
    let err = cli.fails(
        &[
            "rule", "add", "--field", "title", "--match", "x", "--action", "dismiss", "--feed", "9",
        ],
        1,
    );
    assert_eq!(err, "tidings: no feed with id 9\n");
    assert_eq!(
        cli.ok(&["rule", "list"]),
        "no rules (`tidings rule add --help`)\n"
    );

    let out = cli.ok(&[
        "rule",
        "add",
        "--field",
        "title",
        "--match",
        "crypto",
        "--action",
        "dismiss",
        "--expires",
        "30d",
    ]);
    assert!(
        out.starts_with("    1  all feeds  title     words \"crypto\"  → dismiss  until "),
        "{out}"
    );
    let rule = cli.json(&[
        "rule",
        "add",
        "--field",
        "url",
        "--match",
        "/b$",
        "--regex",
        "--feed",
        "1",
        "--action",
        "tag:later",
        "--json",
    ]);
    assert_eq!(rule["id"], 2);
    assert_eq!(rule["feed_id"], 1);
    assert_eq!(rule["action"], serde_json::json!({"tag": "later"}));
    let listed = cli.json(&["rule", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["field"], "title");
    assert_eq!(listed[0]["expired"], false);

    // The items already there stay as they were; the next arrivals meet the rule.
    let out = cli.ok(&["feed", "refresh", "1"]);
    assert_eq!(out, "    1     2 new  Rules\n");
    let items = cli.json(&["stream", "--state", "all", "--json"]);
    assert_eq!(state_of(&items, "Crypto winter"), "new");
    assert_eq!(state_of(&items, "More crypto news"), "dismissed");
    assert_eq!(state_of(&items, "Cryptography explained"), "new");

    // A stored rule's dry run: every state.
    let tested = cli.json(&["rule", "test", "1", "--json"]);
    let mut titles: Vec<&str> = tested
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Crypto winter", "More crypto news"]);

    // Edit: the parts given change.
    let out = cli.ok(&["rule", "edit", "1", "--action", "star", "--no-expiry"]);
    assert_eq!(
        out,
        "    1  all feeds  title     words \"crypto\"  → star\n"
    );
    let err = cli.fails(&["rule", "edit", "1", "--match", "[", "--regex"], 1);
    assert!(err.starts_with("tidings: rule pattern \"[\""), "{err}");
    let err = cli.fails(&["rule", "edit", "7", "--action", "star"], 1);
    assert_eq!(err, "tidings: no rule with id 7\n");

    cli.ok(&["rule", "remove", "1"]);
    let err = cli.fails(&["rule", "remove", "1"], 1);
    assert_eq!(err, "tidings: no rule with id 1\n");
    let listed = cli.json(&["rule", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn keep_rules_full_text_previews_and_the_stream_search() {
    let pages = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let feeds = TestServer::start(vec![
        ("/feed", feed(rss(&[]))),
        (
            "/feed",
            feed(rss(&[
                ("a", "Async closures", pages.url("/a")),
                ("b", "Keep this one", pages.url("/b")),
            ])),
        ),
    ]);
    let cli = Cli::new();
    cli.ok(&["feed", "add", &feeds.url("/feed"), "--full-text"]);
    cli.ok(&[
        "rule",
        "add",
        "--field",
        "title",
        "--match",
        "keep this",
        "--action",
        "keep",
    ]);
    let out = cli.ok(&["feed", "refresh", "1"]);
    assert_eq!(
        out,
        "    1     2 new  Rules  (1 kept by rules, 1 full-text preview)\n"
    );
    let items = cli.json(&["stream", "--state", "all", "--json"]);
    assert_eq!(state_of(&items, "Keep this one"), "kept");
    let preview = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Async closures")
        .unwrap();
    assert_eq!(preview["has_full_text"], true);
    let id = preview["id"].as_i64().unwrap().to_string();
    // Keeping the previewed item fetches nothing more.
    let hits = pages.requests().len();
    cli.ok(&["keep", &id]);
    assert_eq!(pages.requests().len(), hits);

    // The stream's search finds the preview's words; the library's search is its own.
    let found = cli.json(&["search", "--stream", "async", "closures", "--json"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["title"], "Async closures");
    let found = cli.ok(&["search", "--stream", "nothing-like-this"]);
    assert_eq!(found, "");
    let err = cli.fails(&["search", "--stream", "--starred", "x"], 2);
    assert!(err.contains("--starred"), "{err}");
}

#[test]
fn the_stream_settings_are_shown_and_set() {
    let cli = Cli::new();
    assert_eq!(
        cli.ok(&["feed", "settings"]),
        "keep-days 30  (seen and dismissed items older than this are purged after each refresh)\n"
    );
    let set = cli.json(&["feed", "settings", "--keep-days", "7", "--json"]);
    assert_eq!(set["keep_days"], 7);
    assert_eq!(cli.json(&["feed", "settings", "--json"])["keep_days"], 7);
    let err = cli.fails(&["feed", "settings", "--keep-days", "0"], 1);
    assert!(err.contains("at least 1"), "{err}");
}
