//! The commands through Tauri's IPC on the MockRuntime (no display), with the app's real
//! config (tauri.conf.json, capabilities/), over a temporary library.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager as _, WebviewWindow};
use tempfile::TempDir;
use tidings_core::{ClipOptions, Library};

use crate::AppState;

const URL: &str = "https://news.example.com/2026/rust-1-95";
const TITLE: &str = "Rust 1.95 ships async closures";
const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Rust 1.95 ships async closures | Example News</title>
  <meta property="og:title" content="Rust 1.95 ships async closures">
  <meta property="og:site_name" content="Example News">
  <meta name="author" content="Ada Lovelace">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/rust">Rust</a> <a href="/about">About</a></nav>
  <main>
<article>
  <h1>Rust 1.95 ships async closures</h1>
  <p>The Rust team released version 1.95 today, and the headline feature is async closures:
     closures that return futures and may borrow from their captured environment, which
     the old pattern of a closure returning an async block never could.</p>
  <p>Library authors have waited years for this. Combinators over streams, retry helpers
     and connection pools can now take an async closure directly, without boxing the
     future or cloning every captured value into it first.</p>
  <p>The release also stabilises several standard library APIs and improves compile times
     for large workspaces, according to the release notes published on the project blog.</p>
</article>
  </main>
  <footer>Copyright Example News</footer>
</body>
</html>"#;

struct Fixture {
    window: WebviewWindow<MockRuntime>,
    id: i64,
    _app: App<MockRuntime>,
    _dir: TempDir,
}

/// The app on the MockRuntime over a new library holding one article.
fn app_with_one_article() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (library, id) = tauri::async_runtime::block_on(async {
        let library = Library::open(dir.path().join("library.sqlite3"))
            .await
            .unwrap();
        let outcome = library
            .clip_html(URL, PAGE, ClipOptions::default())
            .await
            .unwrap();
        (library, outcome.article.id)
    });
    let (app, window) = app_with(AppState::new(library));
    Fixture {
        window,
        id,
        _app: app,
        _dir: dir,
    }
}

/// The app with its real config, capabilities, plugins and menu, and its main window as the app
/// opens it (with the navigation guard).
fn app_with(state: AppState) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = crate::builder(mock_builder(), state)
        .build(tauri::generate_context!())
        .unwrap();
    let window = crate::main_window(&app).unwrap();
    (app, window)
}

/// Invokes `cmd` as the UI does (from the app's own origin) and returns its JSON answer.
fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_from(window, "tauri://localhost", cmd, args)
}

/// Invokes `cmd` as a page at `origin` would.
fn invoke_from(
    window: &WebviewWindow<MockRuntime>,
    origin: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: origin.parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: tauri::http::HeaderMap::default(),
        invoke_key: INVOKE_KEY.to_owned(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

fn whole_library() -> Value {
    json!({ "filter": { "status": null, "tag": null, "collection": null, "starred": false, "limit": null, "offset": null } })
}

#[test]
fn lists_and_reads_a_saved_article() {
    let f = app_with_one_article();

    let info = invoke(&f.window, "library_info", json!({})).unwrap();
    assert_eq!(info["article_count"], 1);

    let list = invoke(&f.window, "list_articles", whole_library()).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], TITLE);
    assert_eq!(list[0]["id"], f.id);
    assert_eq!(list[0]["status"], "unread");

    let article = invoke(&f.window, "get_article", json!({ "id": f.id })).unwrap();
    assert_eq!(article["title"], TITLE);
    let content = article["content_html"].as_str().unwrap();
    assert!(
        content.contains("closures that return futures"),
        "{content}"
    );
    assert!(
        !content.contains("Copyright Example News"),
        "the page's chrome is not content: {content}"
    );
}

#[test]
fn the_filter_may_be_partial() {
    let f = app_with_one_article();
    let list = invoke(
        &f.window,
        "list_articles",
        json!({ "filter": { "status": "archived" } }),
    )
    .unwrap();
    assert_eq!(list, json!([]));
}

#[test]
fn an_unknown_article_is_not_found() {
    let f = app_with_one_article();
    let error = invoke(&f.window, "get_article", json!({ "id": f.id + 1000 })).unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{error}"
    );
}

#[test]
fn exports_only_into_the_folder_the_user_chose() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("chosen");
    std::fs::create_dir_all(&chosen).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let (library, id) = tauri::async_runtime::block_on(async {
        let library = Library::open(dir.path().join("library.sqlite3"))
            .await
            .unwrap();
        let outcome = library
            .clip_html(URL, PAGE, ClipOptions::default())
            .await
            .unwrap();
        library.create_collection("Rust", "").await.unwrap();
        library
            .add_to_collection("Rust", vec![outcome.article.id])
            .await
            .unwrap();
        (library, outcome.article.id)
    });
    let state = AppState::new(library).with_preset_export_folder(Some(chosen.clone()));
    let (_app, window) = app_with(state);
    let export = |folder: &std::path::Path, selection: Value, format: &str| {
        invoke(
            &window,
            "export_articles",
            json!({ "job": 1, "selection": selection, "format": format,
                    "folder": folder.display().to_string(), "progress": "__CHANNEL__:9" }),
        )
    };
    let collection = json!({ "collection": "Rust" });

    // Before any choice, and outside the chosen folder, nothing is written.
    let error = export(&chosen, collection.clone(), "markdown").unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    let answer = invoke(
        &window,
        "choose_export_folder",
        json!({ "title": "Export" }),
    )
    .unwrap();
    assert_eq!(answer, json!(chosen.display().to_string()));
    let error = export(&elsewhere, collection.clone(), "markdown").unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    assert!(!elsewhere.exists());

    let report = export(&chosen, collection, "markdown").unwrap();
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with(".md") && *f != "index.md"),
        "{report}"
    );
    let written = std::fs::read_dir(&chosen).unwrap().count();
    assert!(written >= 1, "{report}");

    // Chosen articles, as one digest.
    let report = export(&chosen, json!({ "ids": [id] }), "markdown-single").unwrap();
    assert_eq!(
        report["files"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
}

#[test]
fn imports_only_a_file_the_user_chose() {
    let f = app_with_one_article();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    std::fs::write(&list, "https://news.example.com/other\n").unwrap();
    let error = invoke(
        &f.window,
        "import_file",
        json!({ "job": 2, "file": list.display().to_string(), "format": "urls", "progress": "__CHANNEL__:9" }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
}

#[test]
fn a_remote_page_cannot_call_the_commands() {
    // The capabilities grant nothing to remote origins: a web page that somehow loads in the
    // window must not read the library.
    let f = app_with_one_article();
    let error = invoke_from(
        &f.window,
        "https://news.example.com/",
        "get_article",
        json!({ "id": f.id }),
    );
    assert!(error.is_err(), "{error:?}");
}

#[test]
fn without_a_library_every_command_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing_folder = dir.path().join("no such folder").join("library.sqlite3");
    let state = tauri::async_runtime::block_on(AppState::open(Some(missing_folder)));
    assert_eq!(
        state.library().err().map(|e| e.code),
        Some(tidings_core::ErrorCode::LibraryUnavailable)
    );

    let (_app, window) = app_with(state);
    for (cmd, args) in [
        ("library_info", json!({})),
        ("list_articles", whole_library()),
        ("get_article", json!({ "id": 1 })),
    ] {
        let error = invoke(&window, cmd, args).unwrap_err();
        assert_eq!(error["code"], "library_unavailable", "{cmd}: {error}");
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|m| m.contains("no such folder")),
            "{cmd}: {error}"
        );
    }
}

#[test]
fn delete_goes_to_the_trash_and_restores_with_the_counts_following() {
    let f = app_with_one_article();
    let counts = |w: &WebviewWindow<MockRuntime>| invoke(w, "view_counts", json!({})).unwrap();
    assert_eq!(counts(&f.window)["all"], 1);
    invoke(&f.window, "delete_articles", json!({ "ids": [f.id] })).unwrap();
    assert_eq!(counts(&f.window)["all"], 0);
    assert_eq!(counts(&f.window)["trash"], 1);
    let list = invoke(&f.window, "list_articles", whole_library()).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    let trash = json!({ "filter": { "status": null, "tag": null, "collection": null, "starred": false, "limit": null, "offset": null, "trash": true } });
    let listed = invoke(&f.window, "list_articles", trash).unwrap();
    assert_eq!(listed[0]["id"], f.id);
    invoke(&f.window, "restore_articles", json!({ "ids": [f.id] })).unwrap();
    assert_eq!(counts(&f.window)["all"], 1);
    invoke(&f.window, "delete_articles", json!({ "ids": [f.id] })).unwrap();
    assert_eq!(invoke(&f.window, "empty_trash", json!({})).unwrap(), 1);
    assert_eq!(counts(&f.window)["trash"], 0);
    let error = invoke(&f.window, "restore_articles", json!({ "ids": [f.id] })).unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");
}

#[test]
fn a_damaged_library_is_named_so_and_a_backup_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    tauri::async_runtime::block_on(async {
        let library = Library::open(&path).await.unwrap();
        library
            .clip_html(URL, PAGE, ClipOptions::default())
            .await
            .unwrap();
        library.backup_daily().await.unwrap();
    });
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..100].fill(0);
    std::fs::write(&path, &bytes).unwrap();

    let state = tauri::async_runtime::block_on(AppState::open(Some(path)));
    let (_app, window) = app_with(state);
    let error = invoke(&window, "library_info", json!({})).unwrap_err();
    assert_eq!(error["code"], "library_damaged", "{error}");
    let backups = invoke(&window, "list_backups", json!({})).unwrap();
    let name = backups[0]["name"].as_str().unwrap().to_owned();
    let error = invoke(
        &window,
        "restore_backup",
        json!({ "name": "../../etc/passwd" }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");
    invoke(&window, "restore_backup", json!({ "name": name })).unwrap();
    let info = invoke(&window, "library_info", json!({})).unwrap();
    assert_eq!(info["article_count"], 1);
}

#[test]
fn a_working_library_is_restored_only_when_nothing_else_holds_it() {
    let f = app_with_one_article();
    let state = f.window.state::<AppState>();
    let made = tauri::async_runtime::block_on(async {
        let library = state.library().unwrap();
        let made = library.backup_now().await.unwrap();
        library.delete(vec![f.id]).await.unwrap();
        library.empty_trash().await.unwrap();
        made
    });
    let name = json!({ "name": made.name });
    let count = |w: &WebviewWindow<MockRuntime>| {
        invoke(w, "view_counts", json!({})).unwrap()["all"].clone()
    };
    assert_eq!(count(&f.window), 0);

    // A clip or an export in flight holds the library: no restore underneath it.
    let held = state.library().unwrap();
    let error = invoke(&f.window, "restore_backup", name.clone()).unwrap_err();
    assert_eq!(error["code"], "busy", "{error}");
    assert_eq!(count(&f.window), 0, "the library stays open as it was");
    drop(held);

    invoke(&f.window, "restore_backup", name).unwrap();
    assert_eq!(count(&f.window), 1);
    // An unknown backup changes nothing, and the library stays open.
    let error = invoke(&f.window, "restore_backup", json!({ "name": "nope" })).unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");
    assert_eq!(count(&f.window), 1);
}

#[test]
fn collections_are_described_and_reordered() {
    let f = app_with_one_article();
    for name in ["First", "Second"] {
        invoke(
            &f.window,
            "create_collection",
            json!({ "name": name, "description": "" }),
        )
        .unwrap();
    }
    invoke(
        &f.window,
        "move_collection",
        json!({ "name": "Second", "position": 1 }),
    )
    .unwrap();
    invoke(
        &f.window,
        "describe_collection",
        json!({ "name": "First", "description": "for later" }),
    )
    .unwrap();
    let listed = invoke(&f.window, "list_collections", json!({})).unwrap();
    assert_eq!(listed[0]["name"], "Second");
    assert_eq!(listed[1]["description"], "for later");
}

#[test]
fn searches_are_saved_renamed_and_deleted() {
    let f = app_with_one_article();
    let filter = json!({ "status": "unread", "tag": null, "collection": null, "starred": false, "limit": 5, "offset": null });
    let saved = invoke(
        &f.window,
        "save_search",
        json!({ "name": "Closures", "query": "async closures", "filter": filter }),
    )
    .unwrap();
    assert_eq!(saved["filter"]["status"], "unread");
    let error = invoke(
        &f.window,
        "save_search",
        json!({ "name": "closures", "query": "x", "filter": filter }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input", "{error}");
    invoke(
        &f.window,
        "update_saved_search",
        json!({ "name": "Closures", "query": "rust", "filter": filter }),
    )
    .unwrap();
    let renamed = invoke(
        &f.window,
        "rename_saved_search",
        json!({ "old": "Closures", "new": "Rust news" }),
    )
    .unwrap();
    assert_eq!(
        (&renamed["name"], &renamed["query"]),
        (&json!("Rust news"), &json!("rust"))
    );
    let listed = invoke(&f.window, "list_saved_searches", json!({})).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    invoke(
        &f.window,
        "delete_saved_search",
        json!({ "name": "Rust news" }),
    )
    .unwrap();
    let error = invoke(
        &f.window,
        "delete_saved_search",
        json!({ "name": "Rust news" }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");
}

#[test]
fn damage_met_after_opening_can_be_restored_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    tauri::async_runtime::block_on(async {
        let library = Library::open(&path).await.unwrap();
        for i in 0..40 {
            let url = format!("{URL}-{i}");
            library
                .clip_html(&url, PAGE, ClipOptions::default())
                .await
                .unwrap();
        }
        library.backup_daily().await.unwrap();
    });
    // The schema page stays whole (the library opens); pages in the middle get garbage.
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let middle = bytes.len() / page / 2;
    assert!(middle > 3, "{} bytes", bytes.len());
    for (i, b) in bytes[middle * page..(middle + 2) * page]
        .iter_mut()
        .enumerate()
    {
        *b = u8::try_from(i % 251).unwrap();
    }
    std::fs::write(&path, &bytes).unwrap();

    let state = tauri::async_runtime::block_on(AppState::open(Some(path)));
    assert!(state.library().is_ok(), "the damage is past the first page");
    let (_app, window) = app_with(state);
    let backups = invoke(&window, "list_backups", json!({})).unwrap();
    let name = backups[0]["name"].as_str().unwrap().to_owned();
    invoke(&window, "restore_backup", json!({ "name": name })).unwrap();
    let list = invoke(&window, "list_articles", whole_library()).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(40));
    let listed = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok);
    assert!(listed
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .any(|n| n.starts_with("library.sqlite3.before-restore-")));
}

mod browsers;
mod feeds;
