//! The library as a whole: what it is (the About box, where it lives) and how many articles each view holds.

use tauri::{AppHandle, Runtime, State};
use tidings_core::model::{LibraryInfo, ViewCounts};

use crate::events::AppAbout;
use crate::{AppState, IpcError};

/// The app's name and version, for the About box.
#[tauri::command]
pub fn app_about<R: Runtime>(app: AppHandle<R>) -> AppAbout {
    let info = app.package_info();
    AppAbout {
        name: info.name.clone(),
        version: info.version.to_string(),
    }
}

/// Where the open library lives and how many articles it holds.
#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, IpcError> {
    Ok(state.library()?.info().await?)
}

/// How many articles each sidebar view holds, the highlights, and the trash.
#[tauri::command]
pub async fn view_counts(state: State<'_, AppState>) -> Result<ViewCounts, IpcError> {
    Ok(state.library()?.counts().await?)
}
