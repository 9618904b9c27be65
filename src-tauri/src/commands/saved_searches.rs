//! Saved searches: a query and its filter by name, shown in the sidebar.

use tauri::State;
use tidings_core::model::{ListFilter, SavedSearch};

use crate::{AppState, IpcError};

/// Every saved search, in the sidebar's order.
#[tauri::command]
pub async fn list_saved_searches(state: State<'_, AppState>) -> Result<Vec<SavedSearch>, IpcError> {
    Ok(state.library()?.saved_searches().await?)
}

/// Saves `query` within `filter` (its status, tag, collection and star) as `name`.
#[tauri::command]
pub async fn save_search(
    state: State<'_, AppState>,
    name: String,
    query: String,
    filter: ListFilter,
) -> Result<SavedSearch, IpcError> {
    Ok(state.library()?.save_search(&name, &query, &filter).await?)
}

/// Renames a saved search.
#[tauri::command]
pub async fn rename_saved_search(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> Result<SavedSearch, IpcError> {
    Ok(state.library()?.rename_saved_search(&old, &new).await?)
}

/// Changes a saved search's query and filter.
#[tauri::command]
pub async fn update_saved_search(
    state: State<'_, AppState>,
    name: String,
    query: String,
    filter: ListFilter,
) -> Result<SavedSearch, IpcError> {
    Ok(state
        .library()?
        .update_saved_search(&name, &query, &filter)
        .await?)
}

/// Deletes a saved search.
#[tauri::command]
pub async fn delete_saved_search(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    Ok(state.library()?.delete_saved_search(&name).await?)
}
