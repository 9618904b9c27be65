//! Feed subscriptions end to end against feeds served on 127.0.0.1: each format, charsets,
//! stable keys, every polling rule (with a clock the test moves), discovery, OPML, cross-feed
//! dedup, keeping an item and unsubscribing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use test_server::{Fault, Response, TestServer};
use tidings_core::dates::Clock;
use tidings_core::feeds::parse_feed;
use tidings_core::fetch::FetchConfig;
use tidings_core::model::{FeedOptions, ItemState, StreamFilter, StreamStates};
use tidings_core::Library;
use url::Url;

/// A clock the test sets and moves.
#[derive(Debug)]
pub(crate) struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub(crate) fn at(rfc3339: &str) -> Arc<Self> {
        Arc::new(Self(Mutex::new(time(rfc3339))))
    }

    pub(crate) fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }

    pub(crate) fn advance(&self, by: chrono::Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub(crate) const NOW: &str = "2026-05-01T12:00:00Z";

pub(crate) fn time(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

pub(crate) fn hours_before(h: i64) -> String {
    (time(NOW) - chrono::Duration::hours(h)).to_rfc2822()
}

async fn library_with(config: FetchConfig) -> (Library, Arc<TestClock>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(NOW);
    let library = Library::open_with(dir.path().join("library.sqlite3"), config)
        .await
        .unwrap()
        .with_clock(clock.clone());
    (library, clock, dir)
}

pub(crate) async fn library() -> (Library, Arc<TestClock>, tempfile::TempDir) {
    library_with(FetchConfig {
        timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    })
    .await
}

/// An RSS 2.0 feed of `items` (guid, title, link, pubDate), each published an hour apart.
fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title>\
         <link>https://site.example/</link>"
    );
    for (i, (guid, title, link)) in items.iter().enumerate() {
        xml.push_str("<item>");
        if !guid.is_empty() {
            xml.push_str(&format!("<guid>{guid}</guid>"));
        }
        xml.push_str(&format!(
            "<title>{title}</title><link>{link}</link><pubDate>{}</pubDate>\
             <description>&lt;p&gt;About {title}&lt;/p&gt;</description></item>",
            hours_before(i64::try_from(i).unwrap() + 1)
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

pub(crate) fn feed_response(body: impl Into<Vec<u8>>) -> Response {
    Response::ok("application/rss+xml; charset=utf-8", body)
}

/// A 304 answer: no body.
pub(crate) fn not_modified() -> Response {
    Response {
        headers: Vec::new(),
        body: Vec::new(),
        ..Response::status(304)
    }
}

pub(crate) async fn subscribe(library: &Library, url: &str) -> i64 {
    library
        .add_feed(url, FeedOptions::default())
        .await
        .unwrap()
        .feed
        .id
}

pub(crate) async fn items_of(
    library: &Library,
    feed_id: i64,
) -> Vec<tidings_core::model::FeedItem> {
    library
        .stream(StreamFilter {
            feed_id: Some(feed_id),
            states: StreamStates::All,
            limit: 1000,
            ..StreamFilter::default()
        })
        .await
        .unwrap()
}

fn base() -> Url {
    Url::parse("https://feeds.example/path/feed").unwrap()
}

#[test]
fn rss_2_items_keep_comments_authors_categories_and_a_sanitised_summary() {
    let xml = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title> Hacker  Stories </title><link>https://news.example/</link><ttl>45</ttl>
<item>
  <title>Show: a tiny database</title>
  <link>https://blog.example/tiny-db?utm_source=hn</link>
  <comments>https://news.example/item?id=42</comments>
  <guid isPermaLink="false">hn-42</guid>
  <dc:creator>Ada</dc:creator>
  <category>databases</category><category>rust</category>
  <pubDate>Thu, 30 Apr 2026 09:15:00 +0200</pubDate>
  <description><![CDATA[<p onclick="steal()">Read <a href="/more">more</a></p><script>alert(1)</script><img src=x onerror=alert(2)>]]></description>
</item>
</channel></rss>"#;
    let feed = parse_feed(xml.as_bytes(), "application/rss+xml", &base()).unwrap();
    assert_eq!(feed.title, "Hacker Stories");
    assert_eq!(feed.site_url.as_deref(), Some("https://news.example/"));
    assert_eq!(feed.ttl_minutes, Some(45));
    let item = &feed.items[0];
    assert_eq!(item.key, "id:hn-42");
    assert_eq!(item.title, "Show: a tiny database");
    assert_eq!(
        item.url.as_deref(),
        Some("https://blog.example/tiny-db?utm_source=hn")
    );
    assert_eq!(
        item.comments_url.as_deref(),
        Some("https://news.example/item?id=42")
    );
    assert_eq!(item.author.as_deref(), Some("Ada"));
    assert_eq!(item.categories, ["databases", "rust"]);
    assert_eq!(item.published.as_deref(), Some("2026-04-30T07:15:00Z"));
    let summary = &item.summary_html;
    assert!(summary.contains("Read"), "{summary}");
    assert!(
        summary.contains("href=\"https://blog.example/more\""),
        "relative links resolve against the item: {summary}"
    );
    for hostile in ["<script", "onclick", "onerror", "alert("] {
        assert!(!summary.contains(hostile), "{hostile} in {summary}");
    }
}

#[test]
fn rss_0_91_and_rdf_as_arxiv_serves_it() {
    let rss091 = r#"<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="0.91"><channel><title>Old school</title><link>http://old.example/</link>
<item><title>First</title><link>http://old.example/1</link><description>One</description></item>
</channel></rss>"#;
    let feed = parse_feed(rss091.as_bytes(), "text/xml", &base()).unwrap();
    assert_eq!(feed.title, "Old school");
    assert_eq!(feed.items[0].url.as_deref(), Some("http://old.example/1"));
    assert_eq!(feed.items[0].key, "url:old.example/1");

    let rdf = r#"<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://preprints.example/rss/cs.PL">
  <title>cs.PL updates on preprints.example</title><link>http://preprints.example/list/cs.PL</link>
  <description>Programming languages</description>
  <items><rdf:Seq><rdf:li rdf:resource="http://preprints.example/abs/2605.00001"/></rdf:Seq></items>
</channel>
<item rdf:about="http://preprints.example/abs/2605.00001">
  <title>Gradual effects for the working programmer. (arXiv:2605.00001v1 [cs.PL])</title>
  <link>http://preprints.example/abs/2605.00001</link>
  <description rdf:parseType="Literal">&lt;p&gt;We present a type system.&lt;/p&gt;</description>
  <dc:creator>B. Liskov, A. N. Other</dc:creator>
</item>
</rdf:RDF>"#;
    let feed = parse_feed(rdf.as_bytes(), "application/rdf+xml", &base()).unwrap();
    assert_eq!(feed.title, "cs.PL updates on preprints.example");
    assert_eq!(feed.items.len(), 1);
    let item = &feed.items[0];
    assert!(item.title.starts_with("Gradual effects"), "{item:?}");
    assert_eq!(
        item.url.as_deref(),
        Some("http://preprints.example/abs/2605.00001")
    );
    assert_eq!(item.author.as_deref(), Some("B. Liskov, A. N. Other"));
    assert!(
        item.summary_html.contains("We present a type system."),
        "{item:?}"
    );
    assert!(!item.summary_html.contains("&lt;p&gt;"), "{item:?}");
    assert_eq!(item.published, None);
}

#[test]
fn atom_links_resolve_against_xml_base_and_text_summaries_are_escaped() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/">
  <title>Atom weekly</title>
  <link rel="self" href="feed.atom"/>
  <link rel="alternate" type="text/html" href="./"/>
  <id>tag:atom.example,2026:feed</id>
  <updated>2026-04-30T10:00:00Z</updated>
  <entry xml:base="posts/">
    <title type="html">Generics &amp;lt;T&amp;gt; explained</title>
    <link rel="alternate" href="generics.html"/>
    <link rel="replies" href="generics.html#comments"/>
    <id>tag:atom.example,2026:1</id>
    <published>2026-04-29T08:00:00-05:00</published>
    <updated>2026-04-30T09:00:00Z</updated>
    <author><name>Grace</name></author>
    <summary type="text">Use &lt;b&gt; for bold</summary>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="/abs/2"/>
    <id>tag:atom.example,2026:2</id>
    <updated>2026-04-28T09:00:00Z</updated>
    <content type="html">&lt;p&gt;Body &lt;img src="pic.png"&gt;&lt;/p&gt;</content>
  </entry>
</feed>"#;
    let feed = parse_feed(xml.as_bytes(), "application/atom+xml", &base()).unwrap();
    assert_eq!(feed.title, "Atom weekly");
    assert_eq!(feed.site_url.as_deref(), Some("https://atom.example/blog/"));
    let first = &feed.items[0];
    assert_eq!(first.key, "id:tag:atom.example,2026:1");
    assert_eq!(
        first.url.as_deref(),
        Some("https://atom.example/blog/posts/generics.html")
    );
    assert_eq!(first.published.as_deref(), Some("2026-04-29T13:00:00Z"));
    assert_eq!(first.author.as_deref(), Some("Grace"));
    // A text summary shows its markup as text.
    assert!(
        first.summary_html.contains("&lt;b&gt;"),
        "{}",
        first.summary_html
    );
    let second = &feed.items[1];
    assert_eq!(second.url.as_deref(), Some("https://atom.example/abs/2"));
    assert_eq!(second.published.as_deref(), Some("2026-04-28T09:00:00Z"));
    // Relative links in content resolve against the item's own page (feed-rs does not hand over
    // the content's xml:base): as the page itself would show them.
    assert!(
        second
            .summary_html
            .contains("src=\"https://atom.example/abs/pic.png\""),
        "{}",
        second.summary_html
    );
}

#[test]
fn json_feed_items_without_urls_or_ids_get_stable_keys() {
    let json = r#"{
      "version": "https://jsonfeed.org/version/1.1",
      "title": "Micro notes",
      "home_page_url": "https://micro.example/",
      "items": [
        {"id": "n1", "url": "/notes/1", "content_html": "<p>First</p>", "date_published": "2026-04-30T10:00:00Z",
         "authors": [{"name": "Lin"}], "tags": ["til"]},
        {"id": "n2", "content_text": "A note with no link & no title", "date_published": "not a date"},
        {"content_text": "No id, no url"}
      ]
    }"#;
    let url = Url::parse("https://micro.example/feed.json").unwrap();
    let feed = parse_feed(json.as_bytes(), "application/feed+json", &url).unwrap();
    assert_eq!(feed.title, "Micro notes");
    assert_eq!(feed.items.len(), 3);
    assert_eq!(
        feed.items[0].url.as_deref(),
        Some("https://micro.example/notes/1")
    );
    assert_eq!(feed.items[0].author.as_deref(), Some("Lin"));
    assert_eq!(feed.items[0].categories, ["til"]);
    assert_eq!(feed.items[1].url, None);
    assert_eq!(feed.items[1].key, "id:n2");
    assert_eq!(feed.items[1].published, None, "a broken date is unknown");
    assert!(feed.items[1]
        .summary_html
        .contains("no link &amp; no title"));
    assert!(
        feed.items[2].key.starts_with("hash:"),
        "{:?}",
        feed.items[2]
    );
    // The same document read again gives the same keys (feed-rs alone would invent UUIDs).
    let again = parse_feed(json.as_bytes(), "application/feed+json", &url).unwrap();
    assert_eq!(feed.items, again.items);
}

#[test]
fn broken_dates_are_unknown_never_now() {
    let xml = r#"<rss version="2.0"><channel><title>Dates</title>
      <item><guid>a</guid><title>Broken</title><pubDate>Someday soon</pubDate></item>
      <item><guid>b</guid><title>Missing</title></item>
      <item><guid>c</guid><title>Two-digit year</title><pubDate>Fri, 01 May 26 08:00:00 GMT</pubDate></item>
      <item><guid>d</guid><title>Zone name</title><pubDate>Fri, 01 May 2026 08:00:00 EDT</pubDate></item>
    </channel></rss>"#;
    let feed = parse_feed(xml.as_bytes(), "", &base()).unwrap();
    let dates: Vec<Option<&str>> = feed.items.iter().map(|i| i.published.as_deref()).collect();
    assert_eq!(
        dates,
        [
            None,
            None,
            Some("2026-05-01T08:00:00Z"),
            Some("2026-05-01T12:00:00Z")
        ]
    );
}

#[tokio::test]
async fn declared_charsets_are_decoded() {
    let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\xe9 cr\xe8me</title>".to_vec();
    latin1.extend_from_slice(b"<item><guid>1</guid><title>D\xe9j\xe0 vu</title><link>https://latin.example/1</link></item></channel></rss>");
    let mut cp1252 =
        b"<rss version=\"2.0\"><channel><title>\x93Smart\x94 quotes \x96 dashes</title>".to_vec();
    cp1252.extend_from_slice(
        b"<item><guid>1</guid><title>Price \x80 5</title></item></channel></rss>",
    );
    let server = TestServer::start(vec![
        // The file's declaration wins over a server's default charset.
        (
            "/latin1.xml",
            Response::ok("text/xml; charset=utf-8", latin1),
        ),
        (
            "/cp1252.xml",
            Response::ok("application/rss+xml; charset=windows-1252", cp1252),
        ),
    ]);
    let (library, _clock, _dir) = library().await;
    let latin = library
        .add_feed(&server.url("/latin1.xml"), FeedOptions::default())
        .await
        .unwrap();
    assert_eq!(latin.feed.title, "Café crème");
    assert_eq!(items_of(&library, latin.feed.id).await[0].title, "Déjà vu");
    let windows = library
        .add_feed(&server.url("/cp1252.xml"), FeedOptions::default())
        .await
        .unwrap();
    assert_eq!(
        windows.feed.title,
        "\u{201c}Smart\u{201d} quotes \u{2013} dashes"
    );
    assert_eq!(
        items_of(&library, windows.feed.id).await[0].title,
        "Price € 5"
    );
}

#[tokio::test]
async fn items_without_guids_never_come_twice() {
    // No guids: two items with links (one with tracking parameters that vary per poll), one
    // without a link (keyed by a hash of its text).
    let poll = |n: u32| {
        format!(
            "<rss version=\"2.0\"><channel><title>No guids</title>\
             <item><title>Linked</title><link>https://x.example/a?utm_source=rss&amp;utm_campaign={n}</link></item>\
             <item><title>Other</title><link>https://x.example/b</link></item>\
             <item><title>Unlinked</title><description>Just words</description></item>\
             </channel></rss>"
        )
    };
    let server = TestServer::start(
        (0..6)
            .map(|n| ("/feed.xml", feed_response(poll(n))))
            .collect(),
    );
    let (library, _clock, _dir) = library().await;
    let outcome = library
        .add_feed(&server.url("/feed.xml"), FeedOptions::default())
        .await
        .unwrap();
    assert_eq!(outcome.new_items, 3);
    for _ in 0..5 {
        let refreshed = library
            .refresh_feeds(Some(vec![outcome.feed.id]))
            .await
            .unwrap();
        assert_eq!(refreshed[0].error, None);
        assert_eq!(refreshed[0].new_items, 0, "{refreshed:?}");
    }
    assert_eq!(server.hits(), 6);
    assert_eq!(items_of(&library, outcome.feed.id).await.len(), 3);
}

#[tokio::test]
async fn conditional_get_304_and_a_200_with_the_same_etag_are_unchanged() {
    let first = rss("Cond", &[("1", "One", "https://c.example/1")]);
    let more = rss(
        "Cond",
        &[
            ("2", "Two", "https://c.example/2"),
            ("1", "One", "https://c.example/1"),
        ],
    );
    let lm = "Thu, 30 Apr 2026 10:00:00 GMT";
    let server = TestServer::start(vec![
        (
            "/feed",
            feed_response(first.clone())
                .with_header("ETag", "\"v1\"")
                .with_header("Last-Modified", lm),
        ),
        ("/feed", not_modified()),
        // Same ETag: unchanged, whatever the body (it is not even read).
        (
            "/feed",
            feed_response(more.clone()).with_header("ETag", "\"v1\""),
        ),
        // A new version: its items arrive and its validators are kept.
        ("/feed", feed_response(more).with_header("ETag", "\"v2\"")),
        ("/feed", not_modified()),
    ]);
    let (library, _clock, _dir) = library().await;
    let id = subscribe(&library, &server.url("/feed")).await;
    let mut polls = Vec::new();
    for _ in 0..4 {
        let outcome = library.refresh_feeds(Some(vec![id])).await.unwrap();
        polls.push((outcome[0].unchanged, outcome[0].new_items));
        assert_eq!(outcome[0].error, None);
    }
    assert_eq!(polls, [(true, 0), (true, 0), (false, 1), (true, 0)]);
    let requests = server.requests();
    let sent: Vec<(Option<&str>, Option<&str>)> = requests
        .iter()
        .map(|r| (r.header("if-none-match"), r.header("if-modified-since")))
        .collect();
    assert_eq!(
        sent,
        [
            (None, None),
            (Some("\"v1\""), Some(lm)),
            (Some("\"v1\""), Some(lm)),
            (Some("\"v1\""), Some(lm)),
            // The new version had no Last-Modified: none is sent any more.
            (Some("\"v2\""), None),
        ]
    );
    assert_eq!(items_of(&library, id).await.len(), 2);
    let user_agent = requests[0].header("user-agent").unwrap_or_default();
    assert!(user_agent.contains("Tidings/"), "{user_agent}");
}

#[tokio::test]
async fn the_schedule_follows_the_rate_ttl_max_age_and_ignores_expires_zero() {
    // Items an hour apart: an hourly feed.
    let hourly: Vec<(String, String, String)> = (1..=12)
        .map(|i| {
            (
                format!("{i}"),
                format!("Item {i}"),
                format!("https://s.example/{i}"),
            )
        })
        .collect();
    let items: Vec<(&str, &str, &str)> = hourly
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let body = rss("Sched", &items);
    let with_ttl = body.replace("<channel>", "<channel><ttl>180</ttl>");
    let server = TestServer::start(vec![
        ("/plain", feed_response(body.clone())),
        (
            "/expires0",
            feed_response(body.clone()).with_header("Expires", "0"),
        ),
        (
            "/maxage",
            feed_response(body.clone()).with_header("Cache-Control", "public, max-age=7200"),
        ),
        (
            "/past",
            feed_response(body.clone())
                .with_header("Expires", "Thu, 01 Jan 2015 00:00:00 GMT")
                .with_header("Cache-Control", "no-cache"),
        ),
        ("/ttl", feed_response(with_ttl)),
    ]);
    let (library, _clock, _dir) = library().await;
    for (path, wait) in [
        ("/plain", chrono::Duration::hours(1)),
        ("/expires0", chrono::Duration::hours(1)),
        ("/past", chrono::Duration::hours(1)),
        ("/maxage", chrono::Duration::hours(2)),
        ("/ttl", chrono::Duration::hours(3)),
    ] {
        let feed = library
            .add_feed(&server.url(path), FeedOptions::default())
            .await
            .unwrap()
            .feed;
        assert_eq!(time(&feed.next_check), time(NOW) + wait, "{path}");
        assert_eq!(feed.last_checked.as_deref(), Some(NOW), "{path}");
    }
}

#[tokio::test]
async fn too_many_requests_waits_as_long_as_retry_after_asks() {
    let server = TestServer::start(vec![
        (
            "/feed",
            feed_response(rss("Busy", &[("1", "One", "https://b.example/1")])),
        ),
        (
            "/feed",
            Response::status(429).with_header("Retry-After", "10800"),
        ),
    ]);
    let (library, _clock, _dir) = library().await;
    let id = subscribe(&library, &server.url("/feed")).await;
    let outcome = library.refresh_feeds(Some(vec![id])).await.unwrap();
    let error = outcome[0].error.clone().unwrap_or_default();
    assert!(error.contains("HTTP 429"), "{error}");
    let feed = library.feed(id).await.unwrap();
    assert_eq!(feed.error_count, 1);
    assert_eq!(feed.last_error.as_deref(), Some(error.as_str()));
    assert!(!error.contains('\n'));
    // Three hours, not the first back-off's 15 minutes.
    assert_eq!(
        time(&feed.next_check),
        time(NOW) + chrono::Duration::hours(3)
    );
}

#[tokio::test]
async fn server_errors_back_off_exponentially_and_a_success_resets_them() {
    let mut routes = vec![(
        "/feed",
        feed_response(rss("Flaky", &[("1", "One", "https://f.example/1")])),
    )];
    routes.extend((0..9).map(|_| ("/feed", Response::status(503))));
    routes.push((
        "/feed",
        feed_response(rss("Flaky", &[("1", "One", "https://f.example/1")])),
    ));
    let server = TestServer::start(routes);
    let (library, clock, _dir) = library().await;
    let id = subscribe(&library, &server.url("/feed")).await;
    clock.set(time(&library.feed(id).await.unwrap().next_check));
    let mut waits = Vec::new();
    for _ in 0..9 {
        // Not due yet a second before: a refresh of due feeds polls nothing.
        let before = server.hits();
        clock.advance(-chrono::Duration::seconds(1));
        assert!(library.refresh_feeds(None).await.unwrap().is_empty());
        clock.advance(chrono::Duration::seconds(1));
        let outcome = library.refresh_feeds(None).await.unwrap();
        assert_eq!(outcome.len(), 1, "the feed is due");
        assert_eq!(server.hits(), before + 1);
        let error = outcome[0].error.clone().unwrap_or_default();
        assert!(error.contains("HTTP 503"), "{error}");
        let feed = library.feed(id).await.unwrap();
        let next = time(&feed.next_check);
        waits.push((next - clock.now()).num_minutes());
        clock.set(next);
    }
    assert_eq!(waits, [15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    assert_eq!(library.feed(id).await.unwrap().error_count, 9);
    let outcome = library.refresh_feeds(None).await.unwrap();
    assert_eq!(outcome[0].error, None);
    let feed = library.feed(id).await.unwrap();
    assert_eq!((feed.error_count, feed.last_error), (0, None));
}

#[tokio::test]
async fn a_permanent_redirect_moves_the_feed_a_temporary_one_does_not() {
    let body = rss("Moving", &[("1", "One", "https://m.example/1")]);
    let server = TestServer::start(vec![
        ("/old", feed_response(body.clone())),
        ("/old", Response::redirect("/hop").with_status(301)),
        ("/hop", Response::redirect("/new").with_status(308)),
        ("/new", feed_response(body.clone())),
        ("/temp", feed_response(body.clone())),
        ("/temp", Response::redirect("/elsewhere")),
        ("/elsewhere", feed_response(body)),
    ]);
    let (library, _clock, _dir) = library().await;
    let moved = subscribe(&library, &server.url("/old")).await;
    let outcome = library.refresh_feeds(Some(vec![moved])).await.unwrap();
    assert_eq!(outcome[0].error, None);
    assert_eq!(library.feed(moved).await.unwrap().url, server.url("/new"));
    let stays = subscribe(&library, &server.url("/temp")).await;
    let outcome = library.refresh_feeds(Some(vec![stays])).await.unwrap();
    assert_eq!(outcome[0].error, None);
    assert_eq!(library.feed(stays).await.unwrap().url, server.url("/temp"));
}

#[tokio::test]
async fn a_gone_feed_stops_being_polled_and_says_so() {
    let server = TestServer::start(vec![
        (
            "/feed",
            feed_response(rss("Going", &[("1", "One", "https://g.example/1")])),
        ),
        ("/feed", Response::status(410)),
    ]);
    let (library, clock, _dir) = library().await;
    let id = subscribe(&library, &server.url("/feed")).await;
    clock.advance(chrono::Duration::days(1));
    let outcome = library.refresh_feeds(None).await.unwrap();
    assert!(outcome[0]
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("410"));
    let feed = library.feed(id).await.unwrap();
    assert!(feed.gone);
    let error = feed.last_error.unwrap_or_default();
    assert!(error.contains("no longer polled"), "{error}");
    let hits = server.hits();
    clock.advance(chrono::Duration::days(30));
    assert!(library.refresh_feeds(None).await.unwrap().is_empty());
    // Asked for by id, it says why it is not polled, without a request.
    let outcome = library.refresh_feeds(Some(vec![id])).await.unwrap();
    assert!(outcome[0]
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("gone"));
    assert_eq!(server.hits(), hits);
    // Its items stay.
    assert_eq!(items_of(&library, id).await.len(), 1);
}

/// `refresh_all_feeds`: every feed that is polled at all, due or not; paused and gone ones are
/// left alone (without a request).
#[tokio::test]
async fn refreshing_all_polls_every_live_feed_whether_due_or_not() {
    let body = |t: &str| feed_response(rss(t, &[("1", "One", "https://all.example/1")]));
    let server = TestServer::start(vec![
        ("/a", body("A")),
        ("/b", body("B")),
        ("/paused", body("Paused")),
        ("/gone", body("Gone")),
        ("/gone", Response::status(410)),
    ]);
    let (library, _clock, _dir) = library().await;
    let a = subscribe(&library, &server.url("/a")).await;
    let b = subscribe(&library, &server.url("/b")).await;
    let paused = subscribe(&library, &server.url("/paused")).await;
    let gone = subscribe(&library, &server.url("/gone")).await;
    library.set_feed_paused(paused, true).await.unwrap();
    library.refresh_feeds(Some(vec![gone])).await.unwrap();
    assert!(library.feed(gone).await.unwrap().gone);
    // Just polled, so none is due.
    assert!(library.refresh_feeds(None).await.unwrap().is_empty());

    let paths = |server: &TestServer| -> Vec<String> {
        server.requests().into_iter().map(|r| r.path).collect()
    };
    let before = paths(&server).len();
    let outcome = library.refresh_all_feeds().await.unwrap();
    let polled: Vec<i64> = outcome.iter().map(|o| o.feed_id).collect();
    assert_eq!(polled, [a, b]);
    assert!(outcome.iter().all(|o| o.error.is_none()), "{outcome:?}");
    let mut asked = paths(&server)[before..].to_vec();
    asked.sort_unstable();
    assert_eq!(asked, ["/a", "/b"]);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test]
async fn gzip_bodies_are_read_oversized_and_slow_ones_fail_in_one_line() {
    let small = rss("Zipped", &[("1", "One", "https://z.example/1")]);
    let mut big_items = String::new();
    for i in 0..4000 {
        big_items.push_str(&format!(
            "<item><guid>{i}</guid><title>Padding item number {i}</title></item>"
        ));
    }
    let big =
        format!("<rss version=\"2.0\"><channel><title>Big</title>{big_items}</channel></rss>");
    let server = TestServer::start(vec![
        (
            "/gz",
            feed_response(gzip(small.as_bytes())).with_header("Content-Encoding", "gzip"),
        ),
        // Small on the wire, too large decoded.
        (
            "/bomb",
            feed_response(gzip(big.as_bytes())).with_header("Content-Encoding", "gzip"),
        ),
        (
            "/slow",
            feed_response(small.clone()).with_fault(Fault::Trickle {
                chunk: 8,
                every: Duration::from_millis(200),
            }),
        ),
    ]);
    let (library, _clock, _dir) = library_with(FetchConfig {
        timeout: Duration::from_secs(1),
        max_bytes: 64 * 1024,
        ..FetchConfig::default()
    })
    .await;
    let zipped = library
        .add_feed(&server.url("/gz"), FeedOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (zipped.feed.title.as_str(), zipped.new_items),
        ("Zipped", 1)
    );
    let requests = server.requests();
    let accepted = requests[0].header("accept-encoding").unwrap_or_default();
    assert!(accepted.contains("gzip"), "{accepted}");
    for (path, says) in [
        ("/bomb", "larger than the 65536 byte limit"),
        ("/slow", "timed out"),
    ] {
        let err = library
            .add_feed(&server.url(path), FeedOptions::default())
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains(says), "{path}: {err}");
        assert!(!err.contains('\n'), "{err}");
    }
    assert_eq!(
        library.feeds().await.unwrap().len(),
        1,
        "failures store nothing"
    );
}

#[tokio::test]
async fn a_page_leads_to_its_feed_by_link_or_by_the_usual_addresses() {
    let body = rss("Found", &[("1", "One", "https://d.example/1")]);
    let server = TestServer::start(vec![
        (
            "/post.html",
            Response::html(
                "<html><head><title>A post</title>\
                 <link rel=\"alternate\" type=\"application/atom+xml\" href=\"/missing.atom\">\
                 <link rel=\"alternate\" type=\"application/rss+xml\" href=\"feeds/main.xml\">\
                 </head><body><p>Hi</p></body></html>",
            ),
        ),
        ("/feeds/main.xml", feed_response(body.clone())),
        (
            "/bare/page",
            Response::html("<html><head><title>No links</title></head><body>Hi</body></html>"),
        ),
        ("/feed.xml", feed_response(body)),
        (
            "/rss.xml",
            Response::html("<html><body>not a feed</body></html>"),
        ),
    ]);
    let (library, _clock, _dir) = library().await;
    let linked = library
        .add_feed(&server.url("/post.html"), FeedOptions::default())
        .await
        .unwrap();
    assert_eq!(linked.feed.url, server.url("/feeds/main.xml"));
    assert_eq!(linked.new_items, 1);
    let guessed = library
        .add_feed(&server.url("/bare/page"), FeedOptions::default())
        .await
        .unwrap();
    assert_eq!(guessed.feed.url, server.url("/feed.xml"));
    // The usual addresses in order: /feed (404) and /rss.xml (a page) before /feed.xml.
    let tried: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .skip_while(|p| p != "/bare/page")
        .collect();
    assert_eq!(
        tried,
        ["/bare/page", "/feed", "/rss.xml", "/atom.xml", "/feed.xml"]
    );
    // Subscribing again, by the page or by the feed, adds nothing.
    let again = library
        .add_feed(&server.url("/post.html"), FeedOptions::default())
        .await
        .unwrap();
    assert!(again.already_subscribed);
    assert_eq!(library.feeds().await.unwrap().len(), 2);
    // A page leading nowhere says so.
    let nowhere = TestServer::start(vec![(
        "/",
        Response::html("<html><body>Nothing here</body></html>"),
    )]);
    let err = library
        .add_feed(&nowhere.url("/"), FeedOptions::default())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no feed found (the page links none, and none of /feed, /rss.xml, /atom.xml, \
             /feed.xml, /index.xml answered with one)",
            nowhere.url("/")
        )
    );
    assert_eq!(err.code(), tidings_core::ErrorCode::InvalidInput);
}

const OPML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Reader export</title></head>
  <body>
    <outline text="Top level" type="rss" xmlUrl="https://top.example/feed"/>
    <outline text="Tech">
      <outline text="Rust">
        <outline text="Rust blog" type="rss" xmlUrl="https://rust.example/feed.xml" htmlUrl="https://rust.example/"/>
      </outline>
      <outline text="Lobsters" type="rss" xmlurl="https://lobsters.example/rss"/>
    </outline>
    <outline text="Bad" type="rss" xmlUrl="javascript:alert(1)"/>
    <outline text="Again" type="rss" xmlUrl="https://top.example/feed"/>
  </body>
</opml>"#;

#[tokio::test]
async fn opml_imports_nested_folders_skips_duplicates_and_exports_what_it_read() {
    let (library, _clock, dir) = library().await;
    let path = dir.path().join("subs.opml");
    std::fs::write(&path, OPML).unwrap();
    let report = library.import_opml(&path).await.unwrap();
    assert_eq!((report.added, report.skipped), (3, 2));
    let feeds = library.feeds().await.unwrap();
    let listed: Vec<(&str, Option<&str>, &str)> = feeds
        .iter()
        .map(|f| (f.title.as_str(), f.folder.as_deref(), f.url.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Top level", None, "https://top.example/feed"),
            ("Lobsters", Some("Tech"), "https://lobsters.example/rss"),
            (
                "Rust blog",
                Some("Tech/Rust"),
                "https://rust.example/feed.xml"
            ),
        ]
    );
    // Imported feeds are due at once.
    assert!(feeds.iter().all(|f| f.next_check == NOW));
    let again = library.import_opml(&path).await.unwrap();
    assert_eq!((again.added, again.skipped), (0, 5));

    let empty = dir.path().join("empty.opml");
    std::fs::write(&empty, "<opml version=\"1.0\"><head/><body></body></opml>").unwrap();
    assert_eq!(
        library.import_opml(&empty).await.unwrap(),
        tidings_core::model::OpmlImportReport::default()
    );
    let junk = dir.path().join("junk.opml");
    std::fs::write(&junk, "<html><body>no</body></html>").unwrap();
    let err = library.import_opml(&junk).await.unwrap_err();
    assert!(
        err.to_string().starts_with("OPML file: not an OPML file"),
        "{err}"
    );

    let out = dir.path().join("out.opml");
    assert_eq!(library.export_opml(&out).await.unwrap(), 3);
    let (other, _clock, _other_dir) = library_with(FetchConfig::default()).await;
    let report = other.import_opml(&out).await.unwrap();
    assert_eq!((report.added, report.skipped), (3, 0));
    let round_trip: Vec<(String, Option<String>, String)> = other
        .feeds()
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.title, f.folder, f.url))
        .collect();
    let original: Vec<(String, Option<String>, String)> = feeds
        .into_iter()
        .map(|f| (f.title, f.folder, f.url))
        .collect();
    assert_eq!(round_trip, original);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("<opml version=\"2.0\">"), "{written}");
    assert_eq!(written, library.subscriptions_opml().await.unwrap());
}

#[tokio::test]
async fn one_article_through_two_feeds_is_one_row_that_names_the_other() {
    let server = TestServer::start(vec![
        (
            "/hn",
            feed_response(rss(
                "HN",
                &[
                    (
                        "hn-1",
                        "Shared story",
                        "https://story.example/post?utm_source=hn",
                    ),
                    ("hn-2", "Only here", "https://only.example/x"),
                ],
            )),
        ),
        (
            "/lobsters",
            feed_response(rss(
                "Lobsters",
                &[("lb-1", "Shared story", "http://story.example/post#comments")],
            )),
        ),
    ]);
    let (library, _clock, _dir) = library().await;
    let hn = subscribe(&library, &server.url("/hn")).await;
    let lobsters = subscribe(&library, &server.url("/lobsters")).await;
    let stream = library.stream(StreamFilter::default()).await.unwrap();
    let rows: Vec<(&str, i64, &[i64])> = stream
        .iter()
        .map(|i| (i.title.as_str(), i.feed_id, i.also_in.as_slice()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Shared story", hn, &[lobsters][..]),
            ("Only here", hn, &[][..])
        ]
    );
    // In one feed's own stream, its row shows, naming the other feed.
    let own = items_of(&library, lobsters).await;
    assert_eq!((own.len(), own[0].also_in.as_slice()), (1, &[hn][..]));
    // Unseen counts per feed.
    let unseen: Vec<u32> = library
        .feeds()
        .await
        .unwrap()
        .iter()
        .map(|f| f.unseen)
        .collect();
    assert_eq!(unseen, [2, 1]);
    // Dismissed once is dismissed in both feeds.
    assert_eq!(library.dismiss_items(vec![stream[0].id]).await.unwrap(), 2);
    assert_eq!(
        items_of(&library, lobsters).await[0].state,
        ItemState::Dismissed
    );
    let active = library.stream(StreamFilter::default()).await.unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].title, "Only here");
    // Seen and unseen.
    assert_eq!(
        library.mark_seen(vec![active[0].id], true).await.unwrap(),
        1
    );
    assert_eq!(
        library.feed_item(active[0].id).await.unwrap().state,
        ItemState::Seen
    );
    assert_eq!(
        library.mark_seen(vec![active[0].id], false).await.unwrap(),
        1
    );
    assert_eq!(
        library.feed_item(active[0].id).await.unwrap().state,
        ItemState::New
    );
    let err = library
        .dismiss_items(vec![active[0].id, 9999])
        .await
        .unwrap_err();
    assert_eq!(err.code(), tidings_core::ErrorCode::NotFound);
    assert_eq!(
        library.feed_item(active[0].id).await.unwrap().state,
        ItemState::New
    );
}

#[tokio::test]
async fn the_stream_pages_newest_first_and_dismisses_what_is_above() {
    let items: Vec<(String, String, String)> = (1..=7)
        .map(|i| {
            (
                format!("g{i}"),
                format!("Item {i}"),
                format!("https://p.example/{i}"),
            )
        })
        .collect();
    let items: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let server = TestServer::start(vec![("/feed", feed_response(rss("Pages", &items)))]);
    let (library, _clock, _dir) = library().await;
    subscribe(&library, &server.url("/feed")).await;
    let mut titles = Vec::new();
    let mut after = None;
    loop {
        let page = library
            .stream(StreamFilter {
                after,
                limit: 3,
                ..StreamFilter::default()
            })
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|i| i.id);
        titles.extend(page.into_iter().map(|i| i.title));
    }
    let expected: Vec<String> = (1..=7).map(|i| format!("Item {i}")).collect();
    assert_eq!(titles, expected, "newest (published an hour ago) first");
    let all = library.stream(StreamFilter::default()).await.unwrap();
    // Within a feed that does not exist: an error, not nothing dismissed.
    let err = library
        .dismiss_above(all[3].id, Some(9999))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "no feed with id 9999");
    // Shift+X on the fourth row: the three above it go.
    assert_eq!(library.dismiss_above(all[3].id, None).await.unwrap(), 3);
    let left: Vec<String> = library
        .stream(StreamFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert_eq!(left, ["Item 4", "Item 5", "Item 6", "Item 7"]);
    let dismissed = library
        .stream(StreamFilter {
            states: StreamStates::Dismissed,
            ..StreamFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(dismissed.len(), 3);
}

pub(crate) const ARTICLE: &str = "<html><head><title>A kept story</title></head><body><article>\
    <h1>A kept story</h1><p>This is the story a reader chose to keep from the stream, long enough \
    to read as an article: it has several sentences, each saying a little more about the thing it \
    describes, so that the extractor finds a body worth keeping.</p><p>A second paragraph adds \
    more words, as articles do, about closures, lifetimes and the borrow checker.</p></article>\
    </body></html>";

#[tokio::test]
async fn keeping_clips_the_article_and_unsubscribing_keeps_it() {
    let server = TestServer::start(vec![("/story", Response::html(ARTICLE))]);
    let feed_xml = format!(
        "<rss version=\"2.0\"><channel><title>Keeper</title><item><guid>k1</guid>\
         <title>A kept story</title><link>{}</link><comments>https://talk.example/k1</comments>\
         </item><item><guid>k2</guid><title>No link</title></item></channel></rss>",
        server.url("/story")
    );
    let feeds = TestServer::start(vec![("/feed", feed_response(feed_xml))]);
    let (library, _clock, _dir) = library().await;
    let feed_id = subscribe(&library, &feeds.url("/feed")).await;
    let items = items_of(&library, feed_id).await;
    let story = items.iter().find(|i| i.title == "A kept story").unwrap();
    let kept = library.keep_item(story.id).await.unwrap();
    assert!(!kept.already_saved);
    assert_eq!(kept.article.title, "A kept story");
    let item = library.feed_item(story.id).await.unwrap();
    assert_eq!(
        (item.state, item.article_id),
        (ItemState::Kept, Some(kept.article.id))
    );
    let source = library
        .article_feed_source(kept.article.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(source.feed_title, "Keeper");
    assert_eq!(
        source.comments_url.as_deref(),
        Some("https://talk.example/k1")
    );
    // Keeping again returns the same article.
    let again = library.keep_item(story.id).await.unwrap();
    assert_eq!(
        (again.article.id, again.already_saved),
        (kept.article.id, true)
    );
    // An item without a link cannot be kept.
    let unlinked = items.iter().find(|i| i.title == "No link").unwrap();
    let err = library.keep_item(unlinked.id).await.unwrap_err();
    assert!(err.to_string().contains("no link"), "{err}");
    // Unsubscribing: the items go, the article and where it came from stay.
    library.remove_feed(feed_id).await.unwrap();
    assert!(library.feeds().await.unwrap().is_empty());
    assert!(library
        .stream(StreamFilter {
            states: StreamStates::All,
            ..StreamFilter::default()
        })
        .await
        .unwrap()
        .is_empty());
    let article = library.article(kept.article.id).await.unwrap();
    assert_eq!(article.summary.title, "A kept story");
    assert!(library
        .article_feed_source(kept.article.id)
        .await
        .unwrap()
        .is_some());
    let err = library.remove_feed(feed_id).await.unwrap_err();
    assert_eq!(err.code(), tidings_core::ErrorCode::NotFound);
}

#[tokio::test]
async fn an_article_already_in_the_library_arrives_kept() {
    let (library, _clock, _dir) = library().await;
    let saved = library
        .clip_html("https://known.example/story", ARTICLE, Default::default())
        .await
        .unwrap();
    let server = TestServer::start(vec![(
        "/feed",
        feed_response(rss(
            "Known",
            &[(
                "1",
                "Known story",
                "https://known.example/story?utm_medium=rss",
            )],
        )),
    )]);
    let id = subscribe(&library, &server.url("/feed")).await;
    let item = &items_of(&library, id).await[0];
    assert_eq!(
        (item.state, item.article_id),
        (ItemState::Kept, Some(saved.article.id))
    );
}

#[tokio::test]
async fn feeds_are_renamed_filed_paused_and_polled_at_most_two_at_a_time_per_host() {
    let body = rss("Same host", &[("1", "One", "https://h.example/1")]);
    let paths: Vec<String> = (0..6).map(|i| format!("/f{i}")).collect();
    let slow = Duration::from_millis(150);
    let server = TestServer::start(
        paths
            .iter()
            .map(|p| (p.as_str(), feed_response(body.clone()).delayed(slow)))
            .collect(),
    );
    let (library, clock, _dir) = library().await;
    let mut ids = Vec::new();
    for path in &paths {
        ids.push(subscribe(&library, &server.url(path)).await);
    }
    library
        .rename_feed(ids[0], Some("  My  name "))
        .await
        .unwrap();
    library
        .set_feed_folder(ids[0], Some("News / Tech"))
        .await
        .unwrap();
    library.set_feed_paused(ids[1], true).await.unwrap();
    library.set_feed_full_text(ids[2], true).await.unwrap();
    let first = library.feed(ids[0]).await.unwrap();
    assert_eq!(
        (first.title.as_str(), first.folder.as_deref()),
        ("My name", Some("News/Tech"))
    );
    assert!(library.feed(ids[1]).await.unwrap().paused);
    assert!(library.feed(ids[2]).await.unwrap().full_text);
    library.rename_feed(ids[0], None).await.unwrap();
    library.set_feed_folder(ids[0], None).await.unwrap();
    let first = library.feed(ids[0]).await.unwrap();
    assert_eq!((first.title.as_str(), first.folder), ("Same host", None));

    clock.advance(chrono::Duration::days(2));
    let outcome = library.refresh_feeds(None).await.unwrap();
    let polled: Vec<i64> = outcome.iter().map(|o| o.feed_id).collect();
    let expected: Vec<i64> = ids.iter().copied().filter(|id| *id != ids[1]).collect();
    assert_eq!(polled, expected, "all due but the paused one, in order");
    assert!(outcome.iter().all(|o| o.error.is_none()), "{outcome:?}");
    assert!(
        server.max_in_flight() <= 2,
        "{} requests at once to one host",
        server.max_in_flight()
    );
}

/// A folder's stream and its unseen count read the library's folder filter: the folder's feeds and
/// its subfolders', one row (and one count) per article among them, even when a feed outside
/// the folder carried the article first.
#[tokio::test]
async fn a_folder_lists_and_counts_each_article_once_among_its_own_feeds() {
    let shared = "https://story.example/post";
    let server = TestServer::start(vec![
        (
            "/outside",
            feed_response(rss("Outside", &[("o-1", "Shared story", shared)])),
        ),
        (
            "/hn",
            feed_response(rss(
                "HN",
                &[
                    ("hn-1", "Shared story", shared),
                    ("hn-2", "Only here", "https://only.example/x"),
                ],
            )),
        ),
        (
            "/lobsters",
            feed_response(rss("Lobsters", &[("lb-1", "Shared story", shared)])),
        ),
    ]);
    let (library, _clock, _dir) = library().await;
    let folder = |name: &str| FeedOptions {
        folder: Some(name.to_owned()),
        ..FeedOptions::default()
    };
    library
        .add_feed(&server.url("/outside"), FeedOptions::default())
        .await
        .unwrap();
    let hn = library
        .add_feed(&server.url("/hn"), folder("Tech"))
        .await
        .unwrap()
        .feed
        .id;
    library
        .add_feed(&server.url("/lobsters"), folder("Tech/Links"))
        .await
        .unwrap();
    let in_folder = |name: &str| StreamFilter {
        folder: Some(name.to_owned()),
        ..StreamFilter::default()
    };
    let tech = library.stream(in_folder("Tech")).await.unwrap();
    let rows: Vec<(&str, i64)> = tech.iter().map(|i| (i.title.as_str(), i.feed_id)).collect();
    assert_eq!(rows, [("Shared story", hn), ("Only here", hn)]);
    assert_eq!(
        library.stream(in_folder("Tech/Links")).await.unwrap().len(),
        1
    );
    assert!(library.stream(in_folder("Te")).await.unwrap().is_empty());
    // A feed named wins over a folder.
    let both = StreamFilter {
        feed_id: Some(hn),
        ..in_folder("Tech/Links")
    };
    assert_eq!(library.stream(both).await.unwrap().len(), 2);

    let counts = library.stream_counts().await.unwrap();
    assert_eq!(counts.unseen, 2, "the shared story counts once: {counts:?}");
    let folders: Vec<(&str, u32)> = counts
        .folders
        .iter()
        .map(|f| (f.folder.as_str(), f.unseen))
        .collect();
    assert_eq!(folders, [("Tech", 2), ("Tech/Links", 1)]);
    // Per feed, each feed's own rows.
    let per_feed: u32 = library
        .feeds()
        .await
        .unwrap()
        .iter()
        .map(|f| f.unseen)
        .sum();
    assert_eq!(per_feed, 4);
}
