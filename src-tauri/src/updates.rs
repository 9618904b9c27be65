//! "Check for Updates…" (Help menu): asks the release endpoint named in tauri.conf.json
//! (`plugins.updater`: the `latest.json` the release workflow publishes) whether a newer version
//! exists, and says what it found in a native dialog. An update is installed only when the person
//! agrees, and only if its minisign signature verifies against the public key in the config
//! (tauri-plugin-updater refuses anything else); the app then restarts into it.
//!
//! Everything happens here in the shell, so the UI needs no updater permission at all.

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt as _, MessageDialogButtons, MessageDialogKind};
use tauri_plugin_updater::UpdaterExt as _;

const TITLE: &str = "Software Update";

/// Checks in the background and reports in a dialog; installs on consent.
pub fn check_from_menu<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let current = app.package_info().version.to_string();
        match find_update(&app).await {
            Ok(None) => say(
                &app,
                MessageDialogKind::Info,
                format!("Tidings {current} is the latest version."),
            ),
            Ok(Some(update)) => offer(app, update, &current),
            Err(error) => say(
                &app,
                MessageDialogKind::Error,
                format!("Could not check for updates: {error}"),
            ),
        }
    });
}

async fn find_update<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Option<tauri_plugin_updater::Update>, tauri_plugin_updater::Error> {
    app.updater()?.check().await
}

fn offer<R: Runtime>(app: AppHandle<R>, update: tauri_plugin_updater::Update, current: &str) {
    let notes = update
        .body
        .as_deref()
        .map(str::trim)
        .filter(|notes| !notes.is_empty())
        .map(|notes| format!("\n\n{notes}"))
        .unwrap_or_default();
    let text = format!(
        "Tidings {} is available (you have {current}).{notes}\n\nInstall it and restart now?",
        update.version
    );
    let dialogs = app.clone();
    dialogs
        .dialog()
        .message(text)
        .title(TITLE)
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Install and Restart".into(),
            "Later".into(),
        ))
        .show(move |install| {
            if install {
                tauri::async_runtime::spawn(async move {
                    match update.download_and_install(|_, _| {}, || {}).await {
                        Ok(()) => app.restart(),
                        Err(error) => say(
                            &app,
                            MessageDialogKind::Error,
                            format!("The update was not installed: {error}"),
                        ),
                    }
                });
            }
        });
}

fn say<R: Runtime>(app: &AppHandle<R>, kind: MessageDialogKind, text: String) {
    app.dialog()
        .message(text)
        .title(TITLE)
        .kind(kind)
        .show(|_| {});
}

#[cfg(test)]
#[path = "updates_tests.rs"]
mod tests;
