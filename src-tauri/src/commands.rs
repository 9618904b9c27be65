//! The commands the UI invokes (`ui/src/ipc`): each calls the library and maps its error, nothing more.

use tauri::State;
use tidings_core::model::{Article, ArticleSummary, LibraryInfo, ListFilter};

use crate::{AppState, IpcError};

/// Where the open library lives and how many articles it holds.
#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, IpcError> {
    Ok(state.library()?.info().await?)
}

/// The articles that match `filter`, newest first, without their content.
#[tauri::command]
pub async fn list_articles(
    state: State<'_, AppState>,
    filter: ListFilter,
) -> Result<Vec<ArticleSummary>, IpcError> {
    Ok(state.library()?.list(filter).await?)
}

/// One article with its sanitised content, note, tags and highlights.
#[tauri::command]
pub async fn get_article(state: State<'_, AppState>, id: i64) -> Result<Article, IpcError> {
    Ok(state.library()?.article(id).await?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    //! The commands through Tauri's IPC on the MockRuntime (no display), with the app's real
    //! config (tauri.conf.json, capabilities/), over a temporary library.

    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::{App, WebviewWindow, WebviewWindowBuilder};
    use tempfile::TempDir;
    use tidings_core::{ClipOptions, Library};

    use crate::{AppState, IpcError};

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

    /// The app with its real config and capabilities, and its main window as the config declares it
    /// (Tauri opens the configured windows only once the app runs).
    fn app_with(state: AppState) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let app = crate::builder(mock_builder(), state)
            .build(tauri::generate_context!())
            .unwrap();
        let config = app.config().app.windows.iter().find(|w| w.label == "main");
        let config = config
            .expect("tauri.conf.json declares the main window")
            .clone();
        let window = WebviewWindowBuilder::from_config(&app, &config)
            .unwrap()
            .build()
            .unwrap();
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
            Some(IpcError::LIBRARY_UNAVAILABLE.to_owned())
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
}
