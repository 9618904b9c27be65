//! The feed and stream commands on the MockRuntime: a feed and its articles served on 127.0.0.1.

use serde_json::{json, Value};
use test_server::{Response, TestServer};

use super::{app_with, invoke};
use crate::AppState;
use tidings_core::Library;

fn page(title: &str) -> Response {
    Response::html(format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{title} is the story of the week: the team behind it explains at length how the \
         release came together, what changed in the compiler, and why it took three years.</p>\
         <p>Readers who follow the project will find the details familiar; the rest will find \
         a clear account of a long piece of engineering work, told by the people who did it.</p>\
         </article></body></html>"
    ))
}

fn rss(pages: &TestServer) -> String {
    let item = |guid: &str, title: &str, date: &str| {
        format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>{}</link><pubDate>{date}</pubDate>\
             <comments>https://news.example/item?id={guid}</comments>\
             <description>&lt;p&gt;About {title}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>",
            pages.url(&format!("/{guid}"))
        )
    };
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>The Compile Times</title>\
         <link>https://site.example/</link>{}{}{}</channel></rss>",
        item("a", "Alpha ships", "Mon, 30 Nov 2026 09:00:00 +0000"),
        item("b", "Beta lands", "Tue, 01 Dec 2026 09:00:00 +0000"),
        item("c", "Gamma arrives", "Wed, 02 Dec 2026 09:00:00 +0000"),
    )
}

fn titles(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect()
}

fn stream(window: &tauri::WebviewWindow<tauri::test::MockRuntime>, states: &str) -> Value {
    invoke(
        window,
        "list_stream",
        json!({ "filter": { "feed_id": null, "states": states, "after": null, "limit": 0 } }),
    )
    .unwrap()
}

#[test]
fn subscribe_triage_and_keep_through_the_commands() {
    let pages = TestServer::start(vec![
        ("/a", page("Alpha ships")),
        ("/b", page("Beta lands")),
        ("/c", page("Gamma arrives")),
    ]);
    let feed = rss(&pages);
    let server = TestServer::start(vec![(
        "/feed.xml",
        Response::ok("application/rss+xml", feed),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let library =
        tauri::async_runtime::block_on(Library::open(dir.path().join("l.sqlite3"))).unwrap();
    let (_app, window) = app_with(AppState::new(library));

    let url = server.url("/feed.xml");
    let outcome = invoke(
        &window,
        "subscribe_feed",
        json!({ "url": url, "options": { "folder": "Tech", "full_text": false } }),
    )
    .unwrap();
    assert_eq!(outcome["new_items"], 3, "{outcome}");
    assert_eq!(outcome["already_subscribed"], false);
    let feed_id = outcome["feed"]["id"].as_i64().unwrap();

    let feeds = invoke(&window, "list_feeds", json!({})).unwrap();
    assert_eq!(feeds[0]["title"], "The Compile Times");
    assert_eq!(feeds[0]["folder"], "Tech");
    assert_eq!(feeds[0]["unseen"], 3);

    // Newest first, the summary sanitised, the discussion linked.
    let items = stream(&window, "active");
    assert_eq!(
        titles(&items),
        ["Gamma arrives", "Beta lands", "Alpha ships"]
    );
    let summary = items[0]["summary_html"].as_str().unwrap();
    assert!(summary.contains("About Gamma arrives"), "{summary}");
    assert!(!summary.contains("script"), "{summary}");
    assert_eq!(items[0]["comments_url"], "https://news.example/item?id=c");
    let ids: Vec<i64> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();

    // Keep the newest: it becomes an article in the library.
    let kept = invoke(&window, "keep_item", json!({ "itemId": ids[0] })).unwrap();
    let article_id = kept["article"]["id"].as_i64().unwrap();
    assert_eq!(kept["article"]["title"], "Gamma arrives", "{kept}");
    let article = invoke(&window, "get_article", json!({ "id": article_id })).unwrap();
    assert!(article["content_html"]
        .as_str()
        .unwrap()
        .contains("story of the week"));
    let item = invoke(&window, "get_feed_item", json!({ "id": ids[0] })).unwrap();
    assert_eq!(item["state"], "kept");
    assert_eq!(item["article_id"], article_id);
    let source = invoke(
        &window,
        "article_feed_source",
        json!({ "articleId": article_id }),
    )
    .unwrap();
    assert_eq!(source["feed_title"], "The Compile Times");

    // Dismiss the oldest; mark the middle one seen, then unseen again.
    assert_eq!(
        invoke(&window, "dismiss_items", json!({ "ids": [ids[2]] })).unwrap(),
        1
    );
    assert_eq!(
        invoke(
            &window,
            "mark_seen",
            json!({ "ids": [ids[1]], "seen": true })
        )
        .unwrap(),
        1
    );
    assert_eq!(
        invoke(&window, "list_feeds", json!({})).unwrap()[0]["unseen"],
        0
    );
    invoke(
        &window,
        "mark_seen",
        json!({ "ids": [ids[1]], "seen": false }),
    )
    .unwrap();
    assert_eq!(titles(&stream(&window, "new")), ["Beta lands"]);
    assert_eq!(titles(&stream(&window, "kept")), ["Gamma arrives"]);
    assert_eq!(titles(&stream(&window, "dismissed")), ["Alpha ships"]);

    // Everything above the oldest goes, the kept one stays kept.
    invoke(
        &window,
        "dismiss_above",
        json!({ "itemId": ids[2], "feedId": feed_id }),
    )
    .unwrap();
    assert_eq!(titles(&stream(&window, "new")), Vec::<&str>::new());
    assert_eq!(titles(&stream(&window, "kept")), ["Gamma arrives"]);

    // A refresh of the one feed brings nothing new; rename, folder, pause, remove.
    let polled = invoke(&window, "refresh_feeds", json!({ "ids": [feed_id] })).unwrap();
    assert_eq!(polled[0]["new_items"], 0, "{polled}");
    invoke(
        &window,
        "rename_feed",
        json!({ "id": feed_id, "title": "Compile" }),
    )
    .unwrap();
    invoke(
        &window,
        "set_feed_folder",
        json!({ "id": feed_id, "folder": null }),
    )
    .unwrap();
    invoke(
        &window,
        "set_feed_paused",
        json!({ "id": feed_id, "paused": true }),
    )
    .unwrap();
    let feeds = invoke(&window, "list_feeds", json!({})).unwrap();
    assert_eq!(feeds[0]["title"], "Compile");
    assert_eq!(feeds[0]["folder"], Value::Null);
    assert_eq!(feeds[0]["paused"], true);
    assert_eq!(
        invoke(&window, "refresh_all_feeds", json!({})).unwrap(),
        json!([]),
        "a paused feed is not polled"
    );
    invoke(&window, "remove_feed", json!({ "id": feed_id })).unwrap();
    assert_eq!(invoke(&window, "list_feeds", json!({})).unwrap(), json!([]));
    // The kept article stays in the library.
    invoke(&window, "get_article", json!({ "id": article_id })).unwrap();
}

#[test]
fn a_page_that_is_no_feed_is_refused_and_unknown_items_are_not_found() {
    let server = TestServer::start(vec![("/plain", page("Nothing to follow"))]);
    let dir = tempfile::tempdir().unwrap();
    let library =
        tauri::async_runtime::block_on(Library::open(dir.path().join("l.sqlite3"))).unwrap();
    let (_app, window) = app_with(AppState::new(library));
    let error = invoke(
        &window,
        "subscribe_feed",
        json!({ "url": server.url("/plain"), "options": {} }),
    )
    .unwrap_err();
    assert!(error["code"].is_string(), "{error}");
    assert_eq!(invoke(&window, "list_feeds", json!({})).unwrap(), json!([]));
    let error = invoke(&window, "keep_item", json!({ "itemId": 999 })).unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");
}

#[test]
fn opml_in_and_out_only_through_the_files_the_user_chose() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("chosen");
    std::fs::create_dir_all(&chosen).unwrap();
    let opml = dir.path().join("subscriptions.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
           <outline text="Tech"><outline type="rss" text="Rust Blog" xmlUrl="https://blog.rust-lang.org/feed.xml"/></outline>
           <outline type="rss" text="LWN" xmlUrl="https://lwn.net/headlines/rss"/>
         </body></opml>"#,
    )
    .unwrap();
    let library =
        tauri::async_runtime::block_on(Library::open(dir.path().join("l.sqlite3"))).unwrap();
    let state = AppState::new(library).with_preset_export_folder(Some(chosen.clone()));
    let (_app, window) = app_with(state);
    let file = opml.display().to_string();

    // Not chosen in the dialog: refused, nothing added.
    let error = invoke(&window, "import_opml", json!({ "file": file })).unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    let error = invoke(
        &window,
        "export_opml",
        json!({ "folder": chosen.display().to_string() }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");

    use tauri::Manager as _;
    window.state::<AppState>().allow_import_file(opml.clone());
    let report = invoke(&window, "import_opml", json!({ "file": file })).unwrap();
    assert_eq!(report, json!({ "added": 2, "skipped": 0 }));
    let feeds = invoke(&window, "list_feeds", json!({})).unwrap();
    let folders: Vec<&Value> = feeds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["folder"])
        .collect();
    assert!(folders.contains(&&json!("Tech")), "{feeds}");

    let answer = invoke(
        &window,
        "choose_export_folder",
        json!({ "title": "Export subscriptions" }),
    )
    .unwrap();
    let written = invoke(&window, "export_opml", json!({ "folder": answer })).unwrap();
    let written = std::path::PathBuf::from(written.as_str().unwrap());
    assert_eq!(written, chosen.join(crate::commands::feeds::OPML_FILE));
    let xml = std::fs::read_to_string(&written).unwrap();
    assert!(xml.contains("https://blog.rust-lang.org/feed.xml"), "{xml}");
    assert!(xml.contains("https://lwn.net/headlines/rss"), "{xml}");
}

#[test]
fn the_background_poll_fetches_due_feeds_and_tells_the_window_when_items_arrived() {
    use std::sync::{Arc, Mutex};
    use tauri::Listener as _;

    let pages = TestServer::start(vec![("/a", page("Alpha ships"))]);
    let server = TestServer::start(vec![(
        "/feed.xml",
        Response::ok("application/rss+xml", rss(&pages)),
    )]);
    let dir = tempfile::tempdir().unwrap();
    let opml = dir.path().join("subscriptions.opml");
    std::fs::write(
        &opml,
        format!(
            r#"<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="Compile" xmlUrl="{}"/></body></opml>"#,
            server.url("/feed.xml")
        ),
    )
    .unwrap();
    // An imported feed is due at once, and nothing has polled it yet.
    let library = tauri::async_runtime::block_on(async {
        let library = Library::open(dir.path().join("l.sqlite3")).await.unwrap();
        library.import_opml(&opml).await.unwrap();
        library
    });
    let (app, window) = app_with(AppState::new(library));
    let heard = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&heard);
    app.listen(crate::events::FEEDS_UPDATED, move |event| {
        log.lock().unwrap().push(event.payload().to_owned());
    });

    tauri::async_runtime::block_on(crate::poll_due_feeds(app.handle()));
    assert_eq!(*heard.lock().unwrap(), [r#"{"new_items":3}"#]);
    assert_eq!(
        invoke(&window, "list_feeds", json!({})).unwrap()[0]["unseen"],
        3
    );

    // Polled just now, the feed is not due again: no request, no event.
    let requests = server.hits();
    tauri::async_runtime::block_on(crate::poll_due_feeds(app.handle()));
    assert_eq!(server.hits(), requests);
    assert_eq!(heard.lock().unwrap().len(), 1);
}

fn rss_with_delta(pages: &TestServer) -> String {
    rss(pages).replace(
        "</channel>",
        &format!(
            "<item><guid>d</guid><title>Delta: crypto news</title><link>{}</link>\
             <pubDate>Thu, 03 Dec 2026 09:00:00 +0000</pubDate></item></channel>",
            pages.url("/d")
        ),
    )
}

fn requests_for(server: &TestServer, path: &str) -> usize {
    server.requests().iter().filter(|r| r.path == path).count()
}

/// Rules (tested before saved, added, edited, applied to what the next poll brings, removed), an
/// item's article on demand (stored, so keeping it fetches nothing), the stream's own search,
/// the folder filter, full text per feed and the housekeeping setting.
#[test]
fn rules_previews_search_and_settings_through_the_commands() {
    let pages = TestServer::start(vec![
        ("/a", page("Alpha ships")),
        ("/b", page("Beta lands")),
        ("/c", page("Gamma arrives")),
        ("/d", page("Delta")),
    ]);
    let server = TestServer::start(vec![
        (
            "/feed.xml",
            Response::ok("application/rss+xml", rss(&pages)),
        ),
        (
            "/feed.xml",
            Response::ok("application/rss+xml", rss_with_delta(&pages)),
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let library =
        tauri::async_runtime::block_on(Library::open(dir.path().join("l.sqlite3"))).unwrap();
    let (_app, window) = app_with(AppState::new(library));
    let outcome = invoke(
        &window,
        "subscribe_feed",
        json!({ "url": server.url("/feed.xml"), "options": { "folder": "Tech/News", "full_text": false } }),
    )
    .unwrap();
    let feed_id = outcome["feed"]["id"].as_i64().unwrap();
    assert_eq!(
        invoke(&window, "stream_counts", json!({})).unwrap(),
        json!({ "unseen": 3, "folders": [{ "folder": "Tech/News", "unseen": 3 }] })
    );

    // A dry run: what the rule would match, nothing changed; a bad pattern named in one line.
    let rule = |pattern: &str, regex: bool, action: Value| {
        json!({ "feed_id": null, "field": "title", "pattern": pattern, "regex": regex,
                "action": action, "expires_in": null })
    };
    let matched = invoke(
        &window,
        "test_rule",
        json!({ "rule": rule("beta", false, json!("dismiss")) }),
    )
    .unwrap();
    assert_eq!(titles(&matched), ["Beta lands"]);
    let bad = invoke(
        &window,
        "test_rule",
        json!({ "rule": rule("(unclosed", true, json!("dismiss")) }),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "invalid_input", "{bad}");
    let message = bad["message"].as_str().unwrap();
    assert!(
        message.contains("(unclosed") && !message.contains('\n'),
        "{message}"
    );
    assert_eq!(titles(&stream(&window, "active")).len(), 3);

    // Added as a star rule for 30 days, then edited to dismiss in every feed, for good.
    let mut starring = rule("crypto", false, json!("star"));
    starring["feed_id"] = json!(feed_id);
    starring["expires_in"] = json!("30d");
    let added = invoke(&window, "add_rule", json!({ "rule": starring })).unwrap();
    assert!(added["expires_at"].is_string(), "{added}");
    let rule_id = added["id"].as_i64().unwrap();
    let edited = invoke(
        &window,
        "edit_rule",
        json!({ "id": rule_id, "edit": { "all_feeds": true, "action": "dismiss", "no_expiry": true } }),
    )
    .unwrap();
    assert_eq!(edited["feed_id"], Value::Null, "{edited}");
    assert_eq!(edited["action"], "dismiss");
    assert_eq!(edited["expires_at"], Value::Null);
    assert_eq!(edited["pattern"], "crypto");
    let bad_edit = invoke(
        &window,
        "edit_rule",
        json!({ "id": rule_id, "edit": { "pattern": "[", "regex": true } }),
    )
    .unwrap_err();
    assert_eq!(bad_edit["code"], "invalid_input", "{bad_edit}");
    let rules = invoke(&window, "list_rules", json!({})).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), 1);
    assert_eq!(
        rules[0]["pattern"], "crypto",
        "a refused edit changes nothing"
    );

    // The next poll brings Delta: the rule dismisses it as it arrives.
    let polled = invoke(&window, "refresh_feeds", json!({ "ids": [feed_id] })).unwrap();
    assert_eq!(polled[0]["new_items"], 1, "{polled}");
    assert!(!titles(&stream(&window, "active")).contains(&"Delta: crypto news"));
    assert_eq!(
        titles(&stream(&window, "dismissed")),
        ["Delta: crypto news"]
    );

    // The folder filter: the folder and its parent, not a name that merely starts the same.
    let in_folder = |folder: &str| {
        invoke(
            &window,
            "list_stream",
            json!({ "filter": { "folder": folder, "states": "active", "after": null, "limit": 0 } }),
        )
        .unwrap()
    };
    assert_eq!(titles(&in_folder("Tech/News")).len(), 3);
    assert_eq!(titles(&in_folder("Tech")).len(), 3);
    assert!(titles(&in_folder("Tec")).is_empty());
    assert!(titles(&in_folder("Tech/News/Old")).is_empty());

    // The stream's search finds items; the library's never does.
    let found = invoke(
        &window,
        "search_stream",
        json!({ "query": "beta", "limit": 10 }),
    )
    .unwrap();
    assert_eq!(titles(&found), ["Beta lands"]);
    let library_hits = invoke(
        &window,
        "search_articles",
        json!({ "query": "beta", "filter": {} }),
    )
    .unwrap();
    assert_eq!(library_hits, json!([]));

    // An item's article: none stored, then fetched and stored; keeping it fetches nothing more.
    let gamma = stream(&window, "active")[0]["id"].as_i64().unwrap();
    assert_eq!(
        invoke(&window, "item_preview", json!({ "itemId": gamma })).unwrap(),
        Value::Null
    );
    let preview = invoke(&window, "fetch_item_preview", json!({ "itemId": gamma })).unwrap();
    assert!(preview["content_html"]
        .as_str()
        .unwrap()
        .contains("story of the week"));
    let stored = invoke(&window, "item_preview", json!({ "itemId": gamma })).unwrap();
    assert_eq!(stored["item_id"], gamma);
    assert_eq!(
        invoke(&window, "get_feed_item", json!({ "id": gamma })).unwrap()["has_full_text"],
        true
    );
    invoke(&window, "fetch_item_preview", json!({ "itemId": gamma })).unwrap();
    assert_eq!(
        requests_for(&pages, "/c"),
        1,
        "a stored preview is not fetched again"
    );
    invoke(&window, "keep_item", json!({ "itemId": gamma })).unwrap();
    assert_eq!(
        requests_for(&pages, "/c"),
        1,
        "keeping saved the preview's page"
    );

    // Full text per feed; the housekeeping setting (0 days refused) purges at once.
    invoke(
        &window,
        "set_feed_full_text",
        json!({ "id": feed_id, "fullText": true }),
    )
    .unwrap();
    assert_eq!(
        invoke(&window, "list_feeds", json!({})).unwrap()[0]["full_text"],
        true
    );
    assert_eq!(
        invoke(&window, "stream_settings", json!({})).unwrap(),
        json!({ "keep_days": 30 })
    );
    let refused = invoke(
        &window,
        "set_stream_settings",
        json!({ "settings": { "keep_days": 0 } }),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "{refused}");
    assert_eq!(
        invoke(
            &window,
            "set_stream_settings",
            json!({ "settings": { "keep_days": 7 } })
        )
        .unwrap(),
        0,
        "nothing is a week old yet"
    );
    assert_eq!(
        invoke(&window, "stream_settings", json!({})).unwrap(),
        json!({ "keep_days": 7 })
    );

    invoke(&window, "remove_rule", json!({ "id": rule_id })).unwrap();
    assert_eq!(invoke(&window, "list_rules", json!({})).unwrap(), json!([]));
    let gone = invoke(&window, "remove_rule", json!({ "id": rule_id })).unwrap_err();
    assert_eq!(gone["code"], "not_found", "{gone}");
}
