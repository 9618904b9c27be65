//! The daily copies of the library: listing, making one now, restoring one.

use tauri::State;
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
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    state.restore_backup(name).await
}
