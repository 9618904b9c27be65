//! Notes, tags and collections.

use tauri::State;
use tidings_core::model::{Collection, TagCount};

use crate::{AppState, IpcError};

/// Saves an article's Markdown note as edited from `base` (the note the editor loaded); an
/// empty body removes it. What another writer added meanwhile is kept; returns the note as
/// stored, for the editor to show.
#[tauri::command]
pub async fn set_note(
    state: State<'_, AppState>,
    id: i64,
    body: String,
    base: String,
) -> Result<String, IpcError> {
    Ok(state.library()?.edit_note(id, &body, &base).await?)
}

/// Tags an article.
#[tauri::command]
pub async fn add_tags(
    state: State<'_, AppState>,
    id: i64,
    tags: Vec<String>,
) -> Result<(), IpcError> {
    Ok(state.library()?.add_tags(id, tags).await?)
}

/// Untags an article.
#[tauri::command]
pub async fn remove_tags(
    state: State<'_, AppState>,
    id: i64,
    tags: Vec<String>,
) -> Result<(), IpcError> {
    Ok(state.library()?.remove_tags(id, tags).await?)
}

/// Renames a tag everywhere (merging it into a tag that already has the new name).
#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> Result<(), IpcError> {
    Ok(state.library()?.rename_tag(&old, &new).await?)
}

/// Removes a tag from every article.
#[tauri::command]
pub async fn delete_tag(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    Ok(state.library()?.delete_tag(&name).await?)
}

/// Every tag with its article count.
#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> Result<Vec<TagCount>, IpcError> {
    Ok(state.library()?.tags().await?)
}

/// Every collection with its article count.
#[tauri::command]
pub async fn list_collections(state: State<'_, AppState>) -> Result<Vec<Collection>, IpcError> {
    Ok(state.library()?.collections().await?)
}

/// Creates a collection.
#[tauri::command]
pub async fn create_collection(
    state: State<'_, AppState>,
    name: String,
    description: String,
) -> Result<Collection, IpcError> {
    Ok(state
        .library()?
        .create_collection(&name, &description)
        .await?)
}

/// Renames a collection.
#[tauri::command]
pub async fn rename_collection(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> Result<(), IpcError> {
    Ok(state.library()?.rename_collection(&old, &new).await?)
}

/// Sets a collection's description.
#[tauri::command]
pub async fn describe_collection(
    state: State<'_, AppState>,
    name: String,
    description: String,
) -> Result<(), IpcError> {
    Ok(state
        .library()?
        .describe_collection(&name, &description)
        .await?)
}

/// Moves a collection to `position` (1 = first) in the sidebar.
#[tauri::command]
pub async fn move_collection(
    state: State<'_, AppState>,
    name: String,
    position: u32,
) -> Result<(), IpcError> {
    Ok(state.library()?.move_collection(&name, position).await?)
}

/// Deletes a collection; its articles stay in the library.
#[tauri::command]
pub async fn delete_collection(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    Ok(state.library()?.delete_collection(&name).await?)
}

/// Appends articles to a collection.
#[tauri::command]
pub async fn add_to_collection(
    state: State<'_, AppState>,
    name: String,
    ids: Vec<i64>,
) -> Result<(), IpcError> {
    Ok(state.library()?.add_to_collection(&name, ids).await?)
}

/// Takes articles out of a collection.
#[tauri::command]
pub async fn remove_from_collection(
    state: State<'_, AppState>,
    name: String,
    ids: Vec<i64>,
) -> Result<(), IpcError> {
    Ok(state.library()?.remove_from_collection(&name, ids).await?)
}
