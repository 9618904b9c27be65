//! The Tidings desktop shell: a Tauri v2 window over a `tidings_core::Library`.
//!
//! The shell only adapts: [`args`] reads the command line, [`state`] holds the library and the jobs,
//! [`commands`] expose the library to the UI, [`events`] are what the shell sends unasked,
//! [`menu`] is the native menu, [`navigation`] keeps the window on the app, [`error`] carries
//! failures across IPC, [`api`] runs the loopback API for the browser extension and
//! [`deep_link`] reads `tidings://clip` links. All product logic lives in `tidings-core`.

use std::path::Path;

use tauri::{AppHandle, Emitter as _, Manager, Runtime, WebviewWindow, WebviewWindowBuilder};
use tauri_plugin_opener::OpenerExt as _;

pub mod api;
pub mod args;
pub mod commands;
pub mod deep_link;
pub mod error;
pub mod events;
pub mod menu;
pub mod navigation;
pub mod rendering;
pub mod state;
pub mod updates;

pub use error::IpcError;
pub use state::AppState;

/// The label of the app's one window (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";
/// Names a folder that answers the export dialog without showing it (automation, end-to-end tests).
pub const EXPORT_DIR_ENV: &str = "TIDINGS_EXPORT_DIR";

/// Adds the app's plugins, state, menu and commands to a Tauri builder: shared by [`run`] and the
/// MockRuntime tests.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(api::LoopbackApi::default())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .invoke_handler(tauri::generate_handler![
            commands::library::app_about,
            commands::library::library_info,
            commands::articles::list_articles,
            commands::articles::get_article,
            commands::articles::search_articles,
            commands::clips::clip_url,
            commands::clips::cancel_job,
            commands::clips::take_pending_urls,
            commands::organise::set_note,
            commands::organise::add_tags,
            commands::organise::remove_tags,
            commands::organise::list_tags,
            commands::organise::rename_tag,
            commands::organise::delete_tag,
            commands::articles::refresh_article,
            commands::articles::set_status,
            commands::articles::set_starred,
            commands::articles::delete_articles,
            commands::articles::restore_articles,
            commands::articles::empty_trash,
            commands::library::view_counts,
            commands::backups::list_backups,
            commands::backups::restore_backup,
            commands::backups::backup_now,
            commands::organise::describe_collection,
            commands::organise::move_collection,
            commands::highlights::add_highlight,
            commands::highlights::update_highlight,
            commands::highlights::delete_highlight,
            commands::highlights::list_highlights,
            commands::organise::list_collections,
            commands::organise::create_collection,
            commands::organise::rename_collection,
            commands::organise::delete_collection,
            commands::organise::add_to_collection,
            commands::organise::remove_from_collection,
            commands::saved_searches::list_saved_searches,
            commands::saved_searches::save_search,
            commands::saved_searches::rename_saved_search,
            commands::saved_searches::update_saved_search,
            commands::saved_searches::delete_saved_search,
            commands::transfers::choose_export_folder,
            commands::transfers::export_articles,
            commands::transfers::choose_import_file,
            commands::transfers::import_file,
            commands::feeds::subscribe_feed,
            commands::feeds::list_feeds,
            commands::feeds::remove_feed,
            commands::feeds::rename_feed,
            commands::feeds::set_feed_folder,
            commands::feeds::set_feed_paused,
            commands::feeds::refresh_feeds,
            commands::feeds::refresh_all_feeds,
            commands::feeds::list_stream,
            commands::feeds::get_feed_item,
            commands::feeds::dismiss_items,
            commands::feeds::dismiss_above,
            commands::feeds::mark_seen,
            commands::feeds::keep_item,
            commands::feeds::article_feed_source,
            commands::feeds::set_feed_full_text,
            commands::feeds::item_preview,
            commands::feeds::fetch_item_preview,
            commands::feeds::search_stream,
            commands::feeds::stream_counts,
            commands::rules::list_rules,
            commands::rules::add_rule,
            commands::rules::edit_rule,
            commands::rules::remove_rule,
            commands::rules::test_rule,
            commands::rules::stream_settings,
            commands::rules::set_stream_settings,
            commands::feeds::import_opml,
            commands::feeds::export_opml,
            commands::browsers::api_status,
            commands::browsers::list_pairings,
            commands::browsers::accept_pairing,
            commands::browsers::deny_pairing,
            commands::browsers::list_tokens,
            commands::browsers::revoke_token,
            commands::browsers::bookmarklet,
            commands::browsers::take_notices,
        ])
}

/// Opens the main window as tauri.conf.json describes it, with the guard that keeps it on the app:
/// a navigation elsewhere is refused, and a web address opens in the system browser instead.
///
/// # Errors
/// When the config has no main window or the platform cannot open it.
pub fn main_window<R: Runtime, M: Manager<R>>(manager: &M) -> tauri::Result<WebviewWindow<R>> {
    let config = manager
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let dev_url = if tauri::is_dev() {
        manager.config().build.dev_url.clone()
    } else {
        None
    };
    let app = manager.app_handle().clone();
    let popup_app = app.clone();
    WebviewWindowBuilder::from_config(manager, &config)?
        .on_navigation(move |url| match navigation::decide(url, dev_url.as_ref()) {
            navigation::Navigation::Allow => true,
            navigation::Navigation::OpenInBrowser(url) => {
                let _ = app.opener().open_url(url, None::<&str>);
                false
            }
            navigation::Navigation::Refuse => false,
        })
        .on_new_window(move |url, _features| {
            if let navigation::Navigation::OpenInBrowser(url) = navigation::decide(&url, None) {
                let _ = popup_app.opener().open_url(url, None::<&str>);
            }
            tauri::webview::NewWindowResponse::Deny
        })
        .build()
}

/// How long after start-up the upkeep waits, so the window's first page has the disk to itself.
const UPKEEP_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Start-up upkeep, in the background once the window has settled: today's backup of the library
/// if it has none yet, the trash purged of what has been there longer than
/// `tidings_core::library::TRASH_DAYS`, and the stream of seen and dismissed items older than its
/// setting (each background poll, every minute, purges again).
fn upkeep<R: Runtime>(app: &AppHandle<R>) {
    let Ok(library) = app.state::<AppState>().library() else {
        return;
    };
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(UPKEEP_AFTER).await;
        if let Err(error) = library.backup_daily().await {
            eprintln!("tidings-app: daily backup: {error}");
        }
        if let Err(error) = library.purge_trash().await {
            eprintln!("tidings-app: purging the trash: {error}");
        }
        if let Err(error) = library.purge_stream().await {
            eprintln!("tidings-app: purging the stream: {error}");
        }
    });
}

/// How often the app looks for feeds that are due; each feed's own schedule says whether it is.
const FEED_POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Polls the feeds that are due while the app runs: once shortly after start-up (for those that
/// fell due while it was closed), then every [`FEED_POLL_EVERY`]. Each poll runs in the
/// background; one that brought items tells the window ([`events::FEEDS_UPDATED`]).
fn poll_feeds<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(UPKEEP_AFTER).await;
        let mut ticks = tokio::time::interval(FEED_POLL_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            poll_due_feeds(&app).await;
        }
    });
}

/// One background poll: the feeds that are due, then [`events::FEEDS_UPDATED`] if items arrived.
/// The library is asked for each time (a restored backup replaces it); without one, nothing runs.
pub async fn poll_due_feeds<R: Runtime>(app: &AppHandle<R>) {
    let Ok(library) = app.state::<AppState>().library() else {
        return;
    };
    match library.refresh_feeds(None).await {
        Ok(outcomes) => events::feeds_polled(app, &outcomes),
        Err(error) => eprintln!("tidings-app: polling feeds: {error}"),
    }
}

/// SIGTERM (a session ending, `kill`) and SIGINT quit the app as its menu's Quit does, so the
/// loopback API stops and its port file goes.
#[cfg(unix)]
fn quit_on_signal<R: Runtime>(app: &AppHandle<R>) {
    use tokio::signal::unix::{signal, SignalKind};
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let (Ok(mut term), Ok(mut interrupt)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = interrupt.recv() => {}
        }
        app.exit(0);
    });
}

/// A second launch: bring the window forward and hand over any URLs it was given, and any
/// `tidings://` link (on Linux and Windows the OS opens one as an argument).
fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: &[String]) {
    let links: Vec<String> = argv
        .iter()
        .skip(1)
        .filter(|arg| deep_link::is_link(arg))
        .cloned()
        .collect();
    if !links.is_empty() {
        deep_link::receive(app, links);
    }
    let urls = args::urls(argv.iter().skip(1).map(String::as_str));
    if !urls.is_empty() {
        app.state::<AppState>().queue_urls(urls);
        let _ = app.emit_to(MAIN_WINDOW, events::CLIP_URLS, ());
    }
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The name under which one running app owns a library (on Linux a D-Bus name): a second launch on
/// the same library focuses the first, a launch on another library (a test's) runs beside it.
fn instance_id(identifier: &str, library: Option<&Path>) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    library.hash(&mut hasher);
    format!("{identifier}.L{:016x}", hasher.finish())
}

/// Opens the library named on the command line (or by `TIDINGS_LIBRARY`, or the default one) and runs
/// the app until its window closes. A library that fails to open is reported in the window, not here.
pub fn run() {
    rendering::prepare();
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let (state, library) = match args::library_path(args.iter().cloned()).and_then(|explicit| {
        tidings_core::Library::resolve_path(explicit)
            .map_err(|e| IpcError::library_unavailable(e.to_string()))
    }) {
        Ok(path) => {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let state = tauri::async_runtime::block_on(AppState::open(Some(path)));
            (state, Some(canonical))
        }
        Err(error) => (AppState::unavailable(error), None),
    };
    let export_dir = std::env::var_os(EXPORT_DIR_ENV)
        .filter(|dir| !dir.is_empty())
        .map(std::path::PathBuf::from);
    let state = state.with_preset_export_folder(export_dir);
    state.queue_urls(args::urls(args.iter().filter_map(|a| a.to_str())));
    // On Linux and Windows the OS opens a `tidings://` link as an argument.
    deep_link::queue(
        &state,
        args.iter()
            .filter_map(|a| a.to_str())
            .filter(|a| deep_link::is_link(a))
            .map(str::to_owned),
    );

    let context = tauri::generate_context!();
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .callback(|app, argv, _cwd| second_launch(app, &argv))
        .dbus_id(instance_id(
            &context.config().identifier,
            library.as_deref(),
        ))
        .build();
    let window_state = tauri_plugin_window_state::Builder::new()
        .with_state_flags(
            tauri_plugin_window_state::StateFlags::SIZE
                | tauri_plugin_window_state::StateFlags::POSITION
                | tauri_plugin_window_state::StateFlags::MAXIMIZED,
        )
        .build();
    // The single-instance plugin goes first: a second launch must hand over before anything
    // opens. The deep-link plugin registers the `tidings` scheme; on Linux and Windows its link
    // comes as an argument (read here and in `second_launch`, wherever it stands), on macOS as
    // an event. The updater reads its endpoint and public key from tauri.conf.json, which the
    // MockRuntime tests do not have: it is added here, not in `builder`.
    let app = tauri::Builder::default()
        .plugin(single_instance)
        .plugin(tauri_plugin_deep_link::init())
        .plugin(window_state)
        .plugin(tauri_plugin_updater::Builder::new().build());
    let result = builder(app, state)
        .setup(|app| {
            main_window(app)?;
            #[cfg(target_os = "macos")]
            {
                use tauri_plugin_deep_link::DeepLinkExt as _;
                let handle = app.handle().clone();
                app.deep_link().on_open_url(move |event| {
                    deep_link::receive(&handle, event.urls().iter().map(ToString::to_string));
                });
            }
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { api::start(&handle).await });
            #[cfg(unix)]
            quit_on_signal(app.handle());
            upkeep(app.handle());
            poll_feeds(app.handle());
            Ok(())
        })
        .build(context);
    match result {
        // On exit the API stops, so its port file goes.
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                let _ = tauri::async_runtime::block_on(api::stop(app));
            }
        }),
        Err(error) => {
            eprintln!("tidings-app: {error}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn each_library_has_its_own_instance() {
        let a = super::instance_id(
            "app.tidings.desktop",
            Some(Path::new("/home/a/library.sqlite3")),
        );
        let b = super::instance_id(
            "app.tidings.desktop",
            Some(Path::new("/tmp/test/library.sqlite3")),
        );
        assert_ne!(a, b);
        assert_eq!(
            a,
            super::instance_id(
                "app.tidings.desktop",
                Some(Path::new("/home/a/library.sqlite3"))
            )
        );
        // A D-Bus name element must not start with a digit.
        assert!(a.starts_with("app.tidings.desktop.L"), "{a}");
    }
}
