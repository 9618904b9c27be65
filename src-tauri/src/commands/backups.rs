//! The daily copies of the library: listing, making one now, restoring one.

use tauri::{AppHandle, Runtime, State};
use tidings_core::library_backups;
use tidings_core::model::LibraryBackup;

use crate::{AppState, IpcError};

/// The library's daily backups, newest first (also when the library could not be opened).
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Vec<LibraryBackup>, IpcError> {
    let Some(path) = state.library_path() else {
        return Ok(Vec::new());
    };
    Ok(library_backups::list(path).map_err(tidings_core::Error::from)?)
}

/// Makes today's backup of the library now.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<LibraryBackup, IpcError> {
    Ok(state.library()?.backup_now().await?)
}

/// Puts backup `name` in place of the library (closed first, its file set aside) and opens it.
/// A running loopback API lets go of the library meanwhile, and serves whichever library is
/// open after.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
) -> Result<(), IpcError> {
    let serving = crate::api::stop(&app).await;
    let restored = state.restore_backup(name).await;
    if serving {
        crate::api::start(&app).await;
    }
    restored
}
