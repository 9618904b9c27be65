//! What the shell sends the UI besides command answers: event names and payloads, and the
//! app's own types. Their TypeScript twins are generated into `ui/src/ipc/bindings/`.

use serde::Serialize;
use tauri::{Emitter as _, Runtime};
use tidings_core::model::RefreshOutcome;

/// The event carrying a native menu choice; its payload is one of [`crate::menu::ids`].
pub const MENU: &str = "menu";
/// The event carrying URLs to clip that came from outside the window (a second launch).
pub const CLIP_URLS: &str = "clip-urls";

/// The event carrying a browser extension's pairing request (a `tidings_core::model::Pairing`):
/// the window shows its name and code with Accept and Deny.
pub const PAIRING_REQUESTED: &str = "pairing-requested";
/// The event saying one-line notices wait for the window (a refused `tidings://` link, the
/// loopback API unable to start); it takes them with `take_notices`.
pub const NOTICES: &str = "notices";

/// The event saying a poll brought new feed items; its payload is a [`FeedsUpdated`]. The
/// window reloads the stream's counts (and the stream on screen).
pub const FEEDS_UPDATED: &str = "feeds-updated";

/// What a poll of the feeds brought, for [`FEEDS_UPDATED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FeedsUpdated {
    /// Items that arrived, over every feed polled.
    pub new_items: u32,
}

/// Tells the window about a poll's outcomes when items arrived (and says nothing otherwise).
pub fn feeds_polled<R: Runtime>(app: &tauri::AppHandle<R>, outcomes: &[RefreshOutcome]) {
    let new_items = outcomes.iter().map(|o| o.new_items).sum::<u32>();
    if new_items > 0 {
        let _ = app.emit(FEEDS_UPDATED, FeedsUpdated { new_items });
    }
}

/// The loopback API as the app runs it: the port in use, or why it is not running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ApiStatus {
    pub port: Option<u16>,
    pub problem: Option<String>,
}

/// The app, for the About box and the help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppAbout {
    pub name: String,
    pub version: String,
}

#[cfg(test)]
mod bindings {
    //! Keeps `ui/src/ipc/bindings/` equal to what ts-rs generates from the types above.
    //! `UPDATE_BINDINGS=1 cargo test -p tidings-app bindings` rewrites them.

    use std::path::PathBuf;

    use ts_rs::TS;

    use super::{ApiStatus, AppAbout, FeedsUpdated};

    fn declaration<T: TS + 'static + ?Sized>() -> (String, String) {
        let cfg = ts_rs::Config::default();
        let code = T::export_to_string(&cfg)
            .unwrap_or_else(|e| panic!("cannot render {}: {e}", T::name(&cfg)));
        (format!("{}.ts", T::name(&cfg)), code)
    }

    #[test]
    fn typescript_bindings_match_the_rust_types() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/bindings");
        let files = [
            declaration::<AppAbout>(),
            declaration::<FeedsUpdated>(),
            declaration::<ApiStatus>(),
        ];
        let update = std::env::var_os("UPDATE_BINDINGS").is_some();
        let mut stale = Vec::new();
        for (name, code) in &files {
            let path = dir.join(name);
            if update {
                std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
                std::fs::write(&path, code).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(code.as_str()) {
                stale.push(name.clone());
            }
        }
        assert!(
            stale.is_empty(),
            "TypeScript bindings out of date: {stale:?}; run `UPDATE_BINDINGS=1 cargo test -p tidings-app bindings` and commit ui/src/ipc/bindings/"
        );
    }
}
