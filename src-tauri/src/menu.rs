//! The native menu: the main actions, each forwarded to the UI as a [`crate::events::MENU`] event
//! whose payload is the item's id, so the menu and the keyboard run the same code in the UI.

use tauri::menu::{
    AboutMetadataBuilder, Menu, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter as _, Manager as _, Runtime};

use crate::events;

/// The ids of the menu items the UI acts on (`ui/src/ipc` lists the same).
pub mod ids {
    pub const CLIP: &str = "clip";
    pub const EXPORT: &str = "export";
    pub const IMPORT: &str = "import";
    pub const SEARCH: &str = "search";
    pub const READER_SETTINGS: &str = "reader-settings";
    pub const NEXT: &str = "next";
    pub const PREVIOUS: &str = "previous";
    pub const TOGGLE_READ: &str = "toggle-read";
    pub const ARCHIVE: &str = "archive";
    pub const STAR: &str = "star";
    pub const DELETE: &str = "delete";
    pub const HIGHLIGHT: &str = "highlight";
    pub const NOTE: &str = "note";
    pub const OPEN_ORIGINAL: &str = "open-original";
    pub const SHORTCUTS: &str = "shortcuts";
    pub const SHOW_TRASH: &str = "show-trash";
    pub const BACKUPS: &str = "backups";
    pub const SHOW_STREAM: &str = "show-stream";
    pub const REFRESH_FEEDS: &str = "refresh-feeds";
    /// Handled in the shell (crate::updates), not forwarded to the UI.
    pub const CHECK_FOR_UPDATES: &str = "check-for-updates";
    pub const BROWSERS: &str = "browsers";
    pub const BOOKMARKLET: &str = "bookmarklet";

    /// Every id above, for the test that the UI knows them all.
    pub const ALL: [&str; 21] = [
        CLIP,
        EXPORT,
        IMPORT,
        SEARCH,
        READER_SETTINGS,
        NEXT,
        PREVIOUS,
        TOGGLE_READ,
        ARCHIVE,
        STAR,
        DELETE,
        HIGHLIGHT,
        NOTE,
        OPEN_ORIGINAL,
        SHORTCUTS,
        SHOW_TRASH,
        BACKUPS,
        SHOW_STREAM,
        REFRESH_FEEDS,
        BROWSERS,
        BOOKMARKLET,
    ];
}

/// Builds the window's menu. Only actions with a modifier get an accelerator: a bare letter in the
/// menu would swallow that letter in every text field, so those shortcuts live in the UI.
///
/// # Errors
/// When the platform refuses a menu item.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str, label: &str, accelerator: Option<&str>| {
        let builder = MenuItemBuilder::with_id(id, label);
        match accelerator {
            Some(keys) => builder.accelerator(keys),
            None => builder,
        }
        .build(app)
    };
    let info = app.package_info();
    let about = AboutMetadataBuilder::new()
        .name(Some(info.name.clone()))
        .version(Some(info.version.to_string()))
        .comments(Some(
            "Clip, read, annotate and export tech-news articles, offline.",
        ))
        .license(Some("MIT OR Apache-2.0"))
        .icon(app.default_window_icon().cloned())
        .build();

    let file = SubmenuBuilder::new(app, "File")
        .item(&item(ids::CLIP, "Clip URL…", Some("CmdOrCtrl+L"))?)
        .item(&item(ids::IMPORT, "Import…", None)?)
        .item(&item(ids::EXPORT, "Export…", Some("CmdOrCtrl+E"))?)
        .item(&item(ids::BACKUPS, "Backups…", None)?)
        .separator()
        .item(&item(ids::BROWSERS, "Paired Browsers…", None)?)
        .item(&item(ids::BOOKMARKLET, "Browser Bookmarklet…", None)?)
        .separator()
        .item(&PredefinedMenuItem::quit(app, None)?)
        .build()?;
    let mut edit = SubmenuBuilder::new(app, "Edit");
    if cfg!(target_os = "macos") {
        edit = edit.undo().redo().separator();
    }
    let edit = edit.cut().copy().paste().select_all().build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&item(ids::SEARCH, "Search", Some("CmdOrCtrl+F"))?)
        .item(&item(ids::READER_SETTINGS, "Reader Settings…", None)?)
        .item(&item(ids::SHOW_TRASH, "Trash", None)?)
        .separator()
        .item(&item(ids::SHOW_STREAM, "Stream", None)?)
        .item(&item(ids::REFRESH_FEEDS, "Refresh Feeds", None)?)
        .build()?;
    let article = SubmenuBuilder::new(app, "Article")
        .item(&item(ids::NEXT, "Next Article", None)?)
        .item(&item(ids::PREVIOUS, "Previous Article", None)?)
        .separator()
        .item(&item(ids::TOGGLE_READ, "Mark Read / Unread", None)?)
        .item(&item(ids::STAR, "Star / Unstar", None)?)
        .item(&item(ids::ARCHIVE, "Archive", None)?)
        .item(&item(ids::DELETE, "Move to Trash", None)?)
        .separator()
        .item(&item(ids::HIGHLIGHT, "Highlight Selection", None)?)
        .item(&item(ids::NOTE, "Edit Note", None)?)
        .item(&item(ids::OPEN_ORIGINAL, "Open Original in Browser", None)?)
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .item(&item(ids::SHORTCUTS, "Keyboard Shortcuts", Some("F1"))?)
        .item(&item(ids::CHECK_FOR_UPDATES, "Check for Updates…", None)?)
        .separator()
        .item(&PredefinedMenuItem::about(
            app,
            Some("About Tidings"),
            Some(about),
        )?)
        .build()?;
    Menu::with_items(app, &[&file, &edit, &view, &article, &help])
}

/// Forwards a menu choice to the main window.
pub fn forward<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if id == ids::CHECK_FOR_UPDATES {
        crate::updates::check_from_menu(app);
    } else if ids::ALL.contains(&id) {
        if let Some(window) = app.get_webview_window(crate::MAIN_WINDOW) {
            let _ = window.emit_to(crate::MAIN_WINDOW, events::MENU, id);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_ui_knows_every_menu_action() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/ipc/index.ts");
        let ipc = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let start = ipc
            .find("export const MENU_ACTIONS")
            .unwrap_or_else(|| panic!("no MENU_ACTIONS in {path}"));
        let list = &ipc[start..];
        let list = &list[..list.find("] as const").unwrap_or(list.len())];
        for id in super::ids::ALL {
            assert!(
                list.contains(&format!("\"{id}\"")),
                "{id} is not in MENU_ACTIONS"
            );
        }
    }
}
