//! `tidings feed …`, `stream`, `keep`, `dismiss`, `seen`/`unseen` end to end: the real binary
//! over a temporary library, feeds and pages served on 127.0.0.1.

use serde_json::Value;
use test_server::{Response, TestServer};

use super::{fixture, Cli};

/// One feed item: guid, title, link, RFC 2822 date.
struct Item<'a> {
    guid: &'a str,
    title: &'a str,
    link: String,
    date: &'a str,
}

fn item<'a>(guid: &'a str, title: &'a str, link: String, date: &'a str) -> Item<'a> {
    Item {
        guid,
        title,
        link,
        date,
    }
}

/// An RSS 2.0 feed; each item has an author, a discussion link and a summary with a script the
/// sanitiser must drop.
fn rss(title: &str, items: &[Item<'_>]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\
         <title>{title}</title><link>https://site.example/</link>"
    );
    for i in items {
        xml.push_str(&format!(
            "<item><guid>{}</guid><title>{}</title><link>{}</link><pubDate>{}</pubDate>\
             <dc:creator>Ada Ferris</dc:creator>\
             <comments>https://news.example/item?id={}</comments>\
             <description>&lt;p&gt;About {}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>\
             </item>",
            i.guid, i.title, i.link, i.date, i.guid, i.title
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn feed_response(body: String, etag: &str) -> Response {
    Response::ok("application/rss+xml; charset=utf-8", body).with_header("ETag", etag)
}

fn not_modified() -> Response {
    Response {
        headers: Vec::new(),
        body: Vec::new(),
        ..Response::status(304)
    }
}

/// How many requests the server answered for `path`.
fn requests_for(server: &TestServer, path: &str) -> usize {
    server.requests().iter().filter(|r| r.path == path).count()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

fn ids(items: &Value) -> Vec<i64> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

fn titles(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}

const MON: &str = "Mon, 30 Nov 2026 09:00:00 +0000";
const TUE: &str = "Tue, 01 Dec 2026 09:00:00 +0000";
const WED: &str = "Wed, 02 Dec 2026 09:00:00 +0000";
const THU: &str = "Thu, 03 Dec 2026 09:00:00 +0000";

#[test]
fn subscribe_list_and_refresh_with_validators() {
    let link = |p: &str| format!("https://site.example{p}");
    let v1 = rss(
        "The Compile Times",
        &[
            item("a", "Alpha", link("/a"), MON),
            item("b", "Beta", link("/b"), TUE),
        ],
    );
    let v2 = rss(
        "The Compile Times",
        &[
            item("a", "Alpha", link("/a"), MON),
            item("b", "Beta", link("/b"), TUE),
            item("c", "Gamma", link("/c"), WED),
        ],
    );
    let server = TestServer::start(vec![
        ("/feed.xml", feed_response(v1, "\"v1\"")),
        ("/feed.xml", feed_response(v2, "\"v2\"")),
        ("/feed.xml", not_modified()),
    ]);
    let cli = Cli::new();
    let url = server.url("/feed.xml");

    let out = cli.ok(&["feed", "add", &url, "--folder", "Tech/Rust"]);
    assert_eq!(
        out,
        format!("subscribed 1  The Compile Times  {url}  (2 items)\n")
    );
    let out = cli.ok(&["feed", "add", &url]);
    assert_eq!(
        out,
        format!("already subscribed 1  The Compile Times  {url}\n")
    );
    assert_eq!(requests_for(&server, "/feed.xml"), 1);

    // Just subscribed, so not due: a plain refresh polls nothing and that is not a failure.
    let out = cli.ok(&["feed", "refresh"]);
    assert_eq!(
        out,
        "no feed is due (`tidings feed refresh --all` polls every feed)\n"
    );
    assert_eq!(requests_for(&server, "/feed.xml"), 1);

    // Named: polled even though not due; the stored ETag goes along.
    let out = cli.ok(&["feed", "refresh", "1"]);
    assert_eq!(out, "    1     1 new  The Compile Times\n");
    let sent = server.requests();
    assert_eq!(sent.last().unwrap().header("if-none-match"), Some("\"v1\""));

    // --all: every feed, due or not; a 304 brings nothing.
    let out = cli.ok(&["feed", "refresh", "--all"]);
    assert_eq!(out, "    1     0 new  The Compile Times  (unchanged)\n");
    let sent = server.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent.last().unwrap().header("if-none-match"), Some("\"v2\""));

    let listed = cli.json(&["feed", "list", "--json"]);
    let feed = &listed[0];
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(feed["id"], 1);
    assert_eq!(feed["title"], "The Compile Times");
    assert_eq!(feed["url"], url.as_str());
    assert_eq!(feed["folder"], "Tech/Rust");
    assert_eq!(feed["unseen"], 3);
    assert_eq!(feed["last_error"], Value::Null);
    let checked = feed["last_checked"].as_str().unwrap();
    let next = feed["next_check"].as_str().unwrap();
    assert!(next > checked, "next check {next} after the last {checked}");

    let text = cli.ok(&["feed", "list"]);
    let text = lines(&text);
    assert_eq!(text[0], "    1     3 new  The Compile Times  [Tech/Rust]");
    assert!(
        text[1].starts_with(&format!("       {url} · checked {}", &checked[..10])),
        "{text:?}"
    );
    assert!(text[1].contains(" · next "), "{text:?}");
    assert_eq!(text.len(), 2);

    // The JSON of refresh, for scripts: an unchanged poll.
    let outcomes = cli.json(&["feed", "refresh", "1", "--json"]);
    assert_eq!(outcomes[0]["feed_id"], 1);
    assert_eq!(outcomes[0]["new_items"], 0);
    assert_eq!(outcomes[0]["unchanged"], true);
    assert_eq!(outcomes[0]["error"], Value::Null);
}

#[test]
fn subscribing_through_a_page_that_links_its_feed() {
    let server = TestServer::start(vec![
        (
            "/blog",
            Response::html(
                "<html><head><title>Blog</title>\
                 <link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom.xml\">\
                 </head><body><p>Posts</p></body></html>",
            ),
        ),
        (
            "/atom.xml",
            Response::ok(
                "application/atom+xml",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
                 <feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom Blog</title>\
                 <id>urn:blog</id><updated>2026-12-01T09:00:00Z</updated>\
                 <entry><id>urn:one</id><title>First post</title><link href=\"/posts/1\"/>\
                 <updated>2026-12-01T09:00:00Z</updated></entry></feed>",
            ),
        ),
    ]);
    // On a host of its own: the usual guesses (`/atom.xml`, …) would find the blog's feed.
    let plain = TestServer::start(vec![(
        "/plain",
        Response::html("<html><head><title>Plain</title></head><body>No feed.</body></html>"),
    )]);
    let cli = Cli::new();

    let added = cli.json(&["feed", "add", &server.url("/blog"), "--full-text", "--json"]);
    let feed_url = server.url("/atom.xml");
    assert_eq!(added["feed"]["url"], feed_url.as_str());
    assert_eq!(added["feed"]["title"], "Atom Blog");
    assert_eq!(added["feed"]["full_text"], true);
    assert_eq!(added["already_subscribed"], false);
    assert_eq!(added["new_items"], 1);
    let listed = cli.json(&["feed", "list", "--json"]);
    assert_eq!(listed[0]["url"], feed_url.as_str());
    let items = cli.json(&["stream", "--json"]);
    assert_eq!(items[0]["url"], server.url("/posts/1").as_str());

    // A page that leads to no feed: one line saying so, nothing subscribed.
    let err = cli.fails(&["feed", "add", &plain.url("/plain")], 1);
    assert_eq!(lines(&err).len(), 1, "{err}");
    assert!(err.contains("no feed found"), "{err}");
    assert!(err.contains(&plain.url("/plain")), "{err}");
    assert!(plain.requests().len() > 1, "the usual addresses were tried");
    assert_eq!(
        cli.json(&["feed", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_failing_feed_is_one_line_and_the_exit_code_says_whether_any_worked() {
    let server = TestServer::start(vec![
        (
            "/ok.xml",
            feed_response(
                rss(
                    "Steady",
                    &[item("s", "Steady news", "https://a.example/s".into(), MON)],
                ),
                "\"s1\"",
            ),
        ),
        ("/ok.xml", not_modified()),
        (
            "/flaky.xml",
            feed_response(
                rss(
                    "Flaky",
                    &[item("f", "Flaky news", "https://a.example/f".into(), MON)],
                ),
                "\"f1\"",
            ),
        ),
        ("/flaky.xml", Response::status(500)),
    ]);
    let cli = Cli::new();
    cli.ok(&["feed", "add", &server.url("/ok.xml")]);
    cli.ok(&["feed", "add", &server.url("/flaky.xml")]);

    // One feed worked: exit 0, its line on stdout, the failure's one line on stderr.
    let out = cli.run_with_stdin(&["feed", "refresh", "--all"], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stdout, "    1     0 new  Steady  (unchanged)\n");
    assert_eq!(lines(&stderr).len(), 1, "{stderr}");
    assert!(stderr.starts_with("tidings: feed 2 (Flaky): "), "{stderr}");
    assert!(stderr.contains("500"), "{stderr}");

    // Only the failing one: exit 1, the one line.
    let err = cli.fails(&["feed", "refresh", "2"], 1);
    assert_eq!(lines(&err).len(), 1, "{err}");
    assert!(err.starts_with("tidings: feed 2 (Flaky): "), "{err}");

    let listed = cli.json(&["feed", "list", "--json"]);
    assert_eq!(listed[0]["title"], "Flaky");
    assert!(listed[0]["last_error"].as_str().unwrap().contains("500"));
    assert_eq!(listed[1]["title"], "Steady");
    assert_eq!(listed[1]["last_error"], Value::Null);
    let text = cli.ok(&["feed", "list"]);
    assert!(text.contains("\n       last error: "), "{text}");
}

fn opml(server: &TestServer) -> String {
    format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Mine</title></head><body>\
         <outline text=\"Tech\"><outline text=\"Rust\">\
         <outline type=\"rss\" text=\"Rusty\" xmlUrl=\"{}\"/></outline></outline>\
         <outline type=\"rss\" text=\"Loose\" xmlUrl=\"{}\"/>\
         </body></opml>",
        server.url("/rust.xml"),
        server.url("/loose.xml")
    )
}

#[test]
fn opml_import_export_round_trip() {
    let server = TestServer::start(vec![
        (
            "/rust.xml",
            feed_response(
                rss(
                    "Rusty",
                    &[item("r", "Rust news", "https://a.example/r".into(), MON)],
                ),
                "\"r\"",
            ),
        ),
        (
            "/loose.xml",
            feed_response(
                rss(
                    "Loose",
                    &[item("l", "Loose news", "https://a.example/l".into(), TUE)],
                ),
                "\"l\"",
            ),
        ),
    ]);
    let cli = Cli::new();
    let file = cli.dir().join("mine.opml");
    std::fs::write(&file, opml(&server)).unwrap();
    let file = file.to_str().unwrap();

    let out = cli.ok(&["feed", "import", file]);
    assert_eq!(
        out,
        "added 2 subscriptions; `tidings feed refresh` polls them\n"
    );
    assert_eq!(server.requests().len(), 0, "importing fetches nothing");
    let out = cli.ok(&["feed", "import", file]);
    assert!(out.starts_with("added 0 subscriptions (2 skipped"), "{out}");

    // Imported feeds are due at once: a plain refresh polls both.
    let out = cli.ok(&["feed", "refresh"]);
    let mut polled = lines(&out);
    polled.sort_unstable();
    assert_eq!(polled, ["    1     1 new  Rusty", "    2     1 new  Loose"]);

    let before = cli.json(&["feed", "list", "--json"]);
    let exported = cli.dir().join("out.opml");
    let out = cli.ok(&["feed", "export", "--out", exported.to_str().unwrap()]);
    assert_eq!(
        out,
        format!("exported 2 subscriptions to {}\n", exported.display())
    );
    let xml = std::fs::read_to_string(&exported).unwrap();
    assert!(xml.contains(&server.url("/rust.xml")), "{xml}");
    // Without --out the same document goes to standard output.
    assert_eq!(cli.ok(&["feed", "export"]).trim_end(), xml.trim_end());

    // Into a new library: the same subscriptions in the same folders.
    let other = Cli::new();
    let out = other.ok(&["feed", "import", exported.to_str().unwrap()]);
    assert!(out.starts_with("added 2 subscriptions"), "{out}");
    let after = other.json(&["feed", "list", "--json"]);
    let shape = |list: &Value| -> Vec<(String, Value)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|f| (f["url"].as_str().unwrap().to_owned(), f["folder"].clone()))
            .collect()
    };
    assert_eq!(shape(&after), shape(&before));
    assert!(shape(&after).contains(&(server.url("/rust.xml"), "Tech/Rust".into())));
    assert!(shape(&after).contains(&(server.url("/loose.xml"), Value::Null)));
}

#[test]
fn unreadable_opml_is_one_line_and_adds_nothing() {
    let cli = Cli::new();
    let missing = cli.dir().join("missing.opml");
    let err = cli.fails(&["feed", "import", missing.to_str().unwrap()], 1);
    assert_eq!(lines(&err).len(), 1, "{err}");
    assert!(err.contains("missing.opml"), "{err}");

    let broken = cli.dir().join("broken.opml");
    std::fs::write(
        &broken,
        "<opml><body><outline xmlUrl=\"https://a.example/f\">",
    )
    .unwrap();
    let err = cli.fails(&["feed", "import", broken.to_str().unwrap()], 1);
    assert_eq!(lines(&err).len(), 1, "{err}");
    assert!(err.to_lowercase().contains("opml"), "{err}");
    assert_eq!(cli.json(&["feed", "list", "--json"]), serde_json::json!([]));
}

/// A library subscribed to one feed of four items (published Monday to Thursday, listed out of
/// order in the feed); the items' ids by day.
fn four_items(server: &TestServer) -> (Cli, [i64; 4]) {
    let cli = Cli::new();
    cli.ok(&["feed", "add", &server.url("/week.xml")]);
    let items = cli.json(&["stream", "--json"]);
    let by_title = |t: &str| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == t)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let days = [
        by_title("Monday"),
        by_title("Tuesday"),
        by_title("Wednesday"),
        by_title("Thursday"),
    ];
    (cli, days)
}

fn week_server() -> TestServer {
    TestServer::start(vec![(
        "/week.xml",
        feed_response(
            rss(
                "Weekly",
                &[
                    item("2", "Tuesday", "https://a.example/tue".into(), TUE),
                    item("4", "Thursday", "https://a.example/thu".into(), THU),
                    item("1", "Monday", "https://a.example/mon".into(), MON),
                    item("3", "Wednesday", "https://a.example/wed".into(), WED),
                ],
            ),
            "\"w\"",
        ),
    )])
}

#[test]
fn the_stream_newest_first_with_its_states_and_fields() {
    let server = week_server();
    let (cli, [mon, tue, wed, thu]) = four_items(&server);

    let items = cli.json(&["stream", "--json"]);
    assert_eq!(
        titles(&items),
        ["Thursday", "Wednesday", "Tuesday", "Monday"]
    );
    let thursday = &items[0];
    assert_eq!(thursday["id"], thu);
    assert_eq!(thursday["feed_id"], 1);
    assert_eq!(thursday["url"], "https://a.example/thu");
    assert_eq!(thursday["comments_url"], "https://news.example/item?id=4");
    assert_eq!(thursday["author"], "Ada Ferris");
    assert_eq!(thursday["published"], "2026-12-03T09:00:00Z");
    assert_eq!(thursday["summary_html"], "<p>About Thursday</p>");
    assert_eq!(thursday["state"], "new");
    assert_eq!(thursday["article_id"], Value::Null);
    assert_eq!(thursday["also_in"], serde_json::json!([]));

    let text = cli.ok(&["stream"]);
    let text = lines(&text);
    assert_eq!(text.len(), 8, "two lines an item: {text:?}");
    assert_eq!(
        text[0],
        format!("{thu:>6}  2026-12-03 09:00  new        Thursday")
    );
    assert_eq!(
        text[1],
        "        Weekly · https://a.example/thu · comments: https://news.example/item?id=4"
    );

    // Pages: --limit, then --after the last item shown.
    let page = cli.json(&["stream", "--limit", "2", "--json"]);
    assert_eq!(ids(&page), [thu, wed]);
    let next = cli.json(&[
        "stream",
        "--limit",
        "2",
        "--after",
        &wed.to_string(),
        "--json",
    ]);
    assert_eq!(ids(&next), [tue, mon]);

    // Triage, then each state on its own.
    assert_eq!(cli.ok(&["seen", &tue.to_string()]), "marked seen 1 item\n");
    assert_eq!(cli.ok(&["dismiss", &wed.to_string()]), "dismissed 1 item\n");
    let of = |state: &str| ids(&cli.json(&["stream", "--state", state, "--json"]));
    assert_eq!(of("new"), [thu, mon]);
    assert_eq!(of("seen"), [tue]);
    assert_eq!(of("dismissed"), [wed]);
    assert_eq!(of("kept"), Vec::<i64>::new());
    assert_eq!(of("all"), [thu, wed, tue, mon]);
    assert_eq!(ids(&cli.json(&["stream", "--json"])), [thu, tue, mon]);
    assert_eq!(of("active"), [thu, tue, mon]);
    assert_eq!(cli.json(&["feed", "list", "--json"])[0]["unseen"], 2);

    assert_eq!(
        cli.ok(&["unseen", &tue.to_string()]),
        "marked unseen 1 item\n"
    );
    assert_eq!(of("new"), [thu, tue, mon]);
    assert_eq!(of("seen"), Vec::<i64>::new());

    // One feed's stream.
    assert_eq!(
        ids(&cli.json(&["stream", "--feed", "1", "--state", "all", "--json"])),
        [thu, wed, tue, mon]
    );
}

#[test]
fn dismiss_items_and_everything_above_one() {
    let server = week_server();
    let (cli, [mon, tue, wed, thu]) = four_items(&server);

    // Above Tuesday in the stream: Wednesday and Thursday, not Tuesday itself.
    let out = cli.ok(&["dismiss", "--before", &tue.to_string()]);
    assert_eq!(out, "dismissed 2 items\n");
    let active = cli.json(&["stream", "--json"]);
    assert_eq!(ids(&active), [tue, mon]);
    let dismissed = cli.json(&["stream", "--state", "dismissed", "--json"]);
    assert_eq!(ids(&dismissed), [thu, wed]);

    let out = cli.ok(&["dismiss", &tue.to_string(), &mon.to_string()]);
    assert_eq!(out, "dismissed 2 items\n");
    assert_eq!(cli.json(&["stream", "--json"]), serde_json::json!([]));
    assert_eq!(cli.json(&["feed", "list", "--json"])[0]["unseen"], 0);
}

#[test]
fn one_article_through_two_feeds_is_one_row() {
    let server = TestServer::start(vec![
        (
            "/hn.xml",
            feed_response(
                rss(
                    "Hacker News",
                    &[item(
                        "h1",
                        "Shared story",
                        "https://a.example/story".into(),
                        MON,
                    )],
                ),
                "\"h\"",
            ),
        ),
        (
            "/lobsters.xml",
            feed_response(
                rss(
                    "Lobsters",
                    &[item(
                        "l1",
                        "Shared story",
                        "https://a.example/story?utm_source=lobsters".into(),
                        TUE,
                    )],
                ),
                "\"l\"",
            ),
        ),
    ]);
    let cli = Cli::new();
    cli.ok(&["feed", "add", &server.url("/hn.xml")]);
    cli.ok(&["feed", "add", &server.url("/lobsters.xml")]);

    let items = cli.json(&["stream", "--json"]);
    assert_eq!(items.as_array().unwrap().len(), 1, "{items}");
    assert_eq!(items[0]["feed_id"], 1);
    assert_eq!(items[0]["also_in"], serde_json::json!([2]));
    let text = cli.ok(&["stream"]);
    assert!(
        text.contains("        Hacker News · also in: Lobsters · https://a.example/story"),
        "{text}"
    );
    // Each feed's own stream shows its row.
    let lobsters = cli.json(&["stream", "--feed", "2", "--json"]);
    assert_eq!(lobsters[0]["also_in"], serde_json::json!([1]));
}

#[test]
fn keep_clips_into_the_library_and_outlives_the_subscription() {
    let pages = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let feed = rss(
        "The Compile Times",
        &[
            item("a", "Async closures", pages.url("/a"), TUE),
            item("b", "SQLite at 26", pages.url("/b"), MON),
        ],
    );
    let server = TestServer::start(vec![("/feed.xml", feed_response(feed, "\"k\""))]);
    let cli = Cli::new();
    cli.ok(&["feed", "add", &server.url("/feed.xml")]);
    let items = cli.json(&["stream", "--json"]);
    let (async_item, sqlite_item) = (
        items[0]["id"].as_i64().unwrap(),
        items[1]["id"].as_i64().unwrap(),
    );
    assert_eq!(titles(&items), ["Async closures", "SQLite at 26"]);

    // An unknown item among them: one line naming it, and nothing kept.
    let err = cli.fails(&["keep", &async_item.to_string(), "999"], 1);
    assert_eq!(err, "tidings: no feed item with id 999\n");
    assert_eq!(requests_for(&pages, "/a"), 0);
    assert_eq!(cli.json(&["list", "--json"]), serde_json::json!([]));

    // Kept: the article's id on stdout, the article in the library, the item kept as it.
    let out = cli.ok(&["keep", &async_item.to_string()]);
    assert_eq!(out, "1\n");
    let library = cli.json(&["list", "--json"]);
    assert_eq!(titles(&library), ["Async closures land in stable Rust"]);
    assert_eq!(library[0]["id"], 1);
    let kept = cli.json(&["stream", "--state", "kept", "--json"]);
    assert_eq!(ids(&kept), [async_item]);
    assert_eq!(kept[0]["state"], "kept");
    assert_eq!(kept[0]["article_id"], 1);
    assert_eq!(ids(&cli.json(&["stream", "--json"])), [sqlite_item]);

    // Where it came from, where a person reads it.
    let shown = cli.ok(&["show", "1"]);
    assert!(
        shown.contains("\nfrom: The Compile Times · comments: https://news.example/item?id=a\n"),
        "{shown}"
    );
    let shown = cli.json(&["show", "1", "--json"]);
    assert_eq!(shown["feed_source"]["feed_title"], "The Compile Times");
    assert_eq!(shown["feed_source"]["item_url"], pages.url("/a").as_str());

    // Keeping it again is no error: the same article, and its page is not fetched again.
    assert_eq!(requests_for(&pages, "/a"), 1);
    assert_eq!(cli.ok(&["keep", &async_item.to_string()]), "1\n");
    assert_eq!(requests_for(&pages, "/a"), 1);

    // Several at once, one id a line; --json gives each kept item with its article.
    let kept = cli.json(&[
        "keep",
        &async_item.to_string(),
        &sqlite_item.to_string(),
        "--json",
    ]);
    assert_eq!(kept[0]["article"]["id"], 1);
    assert_eq!(kept[0]["already_saved"], true);
    assert_eq!(kept[1]["item_id"], sqlite_item);
    assert_eq!(kept[1]["article"]["id"], 2);
    assert_eq!(kept[1]["article"]["title"], "SQLite turns twenty-six");

    // Unsubscribing keeps what was kept, and where it came from.
    let out = cli.ok(&["feed", "remove", "1"]);
    assert_eq!(
        out,
        "unsubscribed 1  The Compile Times (articles kept from it stay in the library)\n"
    );
    assert_eq!(cli.json(&["feed", "list", "--json"]), serde_json::json!([]));
    assert_eq!(
        cli.json(&["stream", "--state", "all", "--json"]),
        serde_json::json!([])
    );
    assert_eq!(cli.json(&["list", "--json"]).as_array().unwrap().len(), 2);
    assert!(cli
        .ok(&["show", "1"])
        .contains("\nfrom: The Compile Times · comments: "));
}

#[test]
fn a_kept_item_whose_page_fails_is_reported_and_the_others_are_kept() {
    let pages = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/gone", Response::status(404)),
    ]);
    let feed = rss(
        "Mixed",
        &[
            item("a", "Good", pages.url("/a"), TUE),
            item("g", "Broken", pages.url("/gone"), MON),
        ],
    );
    let server = TestServer::start(vec![("/feed.xml", feed_response(feed, "\"m\""))]);
    let cli = Cli::new();
    cli.ok(&["feed", "add", &server.url("/feed.xml")]);
    let items = cli.json(&["stream", "--json"]);
    let (good, broken) = (
        items[0]["id"].as_i64().unwrap(),
        items[1]["id"].as_i64().unwrap(),
    );

    let out = cli.run_with_stdin(&["keep", &broken.to_string(), &good.to_string()], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "1\n");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(lines(&stderr).len(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("tidings: item {broken}: ")),
        "{stderr}"
    );
    assert!(stderr.contains("404"), "{stderr}");
    assert_eq!(ids(&cli.json(&["stream", "--json"])), [broken]);
}

#[test]
fn renaming_filing_pausing_and_full_text() {
    let server = week_server();
    let (cli, _) = four_items(&server);

    cli.ok(&["feed", "rename", "1", "My week"]);
    cli.ok(&["feed", "folder", "1", "News/Weekly"]);
    cli.ok(&["feed", "full-text", "1", "on"]);
    let feed = &cli.json(&["feed", "list", "--json"])[0];
    assert_eq!(feed["title"], "My week");
    assert_eq!(feed["folder"], "News/Weekly");
    assert_eq!(feed["full_text"], true);
    assert_eq!(cli.json(&["stream", "--json"])[0]["feed_title"], "My week");

    cli.ok(&["feed", "rename", "1", "--reset"]);
    cli.ok(&["feed", "folder", "1", "--none"]);
    cli.ok(&["feed", "full-text", "1", "off"]);
    let feed = &cli.json(&["feed", "list", "--json"])[0];
    assert_eq!(feed["title"], "Weekly");
    assert_eq!(feed["folder"], Value::Null);
    assert_eq!(feed["full_text"], false);

    // Paused: --all leaves it alone; a refresh that names it still polls it.
    cli.ok(&["feed", "pause", "1"]);
    let listed = cli.ok(&["feed", "list"]);
    let listed = lines(&listed);
    assert!(listed[0].ends_with("Weekly  (paused)"), "{listed:?}");
    assert!(
        !listed[1].contains("next"),
        "no next check when paused: {listed:?}"
    );
    let polls = requests_for(&server, "/week.xml");
    assert_eq!(cli.ok(&["feed", "refresh", "--all"]), "no feed to poll\n");
    assert_eq!(requests_for(&server, "/week.xml"), polls);
    cli.ok(&["feed", "resume", "1"]);
    assert_eq!(cli.json(&["feed", "list", "--json"])[0]["paused"], false);
    cli.ok(&["feed", "refresh", "--all"]);
    assert_eq!(requests_for(&server, "/week.xml"), polls + 1);
}

#[test]
fn unknown_ids_are_one_line_errors_that_change_nothing() {
    let server = week_server();
    let (cli, [mon, ..]) = four_items(&server);
    let polls = requests_for(&server, "/week.xml");
    let mon = mon.to_string();

    for (args, message) in [
        (vec!["feed", "remove", "42"], "no feed with id 42"),
        (vec!["feed", "rename", "42", "X"], "no feed with id 42"),
        (vec!["feed", "folder", "42", "X"], "no feed with id 42"),
        (vec!["feed", "pause", "42"], "no feed with id 42"),
        (vec!["feed", "full-text", "42", "on"], "no feed with id 42"),
        (vec!["feed", "refresh", "1", "42"], "no feed with id 42"),
        (vec!["stream", "--feed", "42"], "no feed with id 42"),
        (
            vec!["stream", "--after", "4242"],
            "no feed item with id 4242",
        ),
        (
            vec!["dismiss", mon.as_str(), "4242"],
            "no feed item with id 4242",
        ),
        (
            vec!["dismiss", "--before", "4242"],
            "no feed item with id 4242",
        ),
        (
            vec!["dismiss", "--before", mon.as_str(), "--feed", "42"],
            "no feed with id 42",
        ),
        (
            vec!["seen", mon.as_str(), "4242"],
            "no feed item with id 4242",
        ),
        (vec!["unseen", "4242"], "no feed item with id 4242"),
        (vec!["keep", "4242"], "no feed item with id 4242"),
    ] {
        let err = cli.fails(&args, 1);
        assert_eq!(err, format!("tidings: {message}\n"), "tidings {args:?}");
    }
    // Nothing was polled, dismissed or marked on the way.
    assert_eq!(requests_for(&server, "/week.xml"), polls);
    let items = cli.json(&["stream", "--state", "all", "--json"]);
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["state"] == "new"),
        "{items}"
    );
    assert_eq!(items.as_array().unwrap().len(), 4);
    assert_eq!(cli.json(&["feed", "list", "--json"])[0]["title"], "Weekly");

    // Not a number, or a state that does not exist: usage errors (exit 2).
    cli.fails(&["keep", "first"], 2);
    cli.fails(&["stream", "--state", "starred"], 2);
    cli.fails(&["feed", "add", "not a url"], 1);
}
