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
