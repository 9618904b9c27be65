//! Highlights: made from a selection, recoloured, annotated, deleted, reviewed across the library.

use tauri::State;
use tidings_core::model::{
    Highlight, HighlightEntry, HighlightFilter, HighlightInput, HighlightUpdate,
};

use crate::{AppState, IpcError};

/// Highlights a passage of an article: the selected text with some context on each side, which
/// the library anchors in the article's plain text.
#[tauri::command]
pub async fn add_highlight(
    state: State<'_, AppState>,
    article_id: i64,
    input: HighlightInput,
) -> Result<Highlight, IpcError> {
    Ok(state.library()?.add_highlight(article_id, input).await?)
}

/// Recolours a highlight or changes its note (an empty note removes it).
#[tauri::command]
pub async fn update_highlight(
    state: State<'_, AppState>,
    id: i64,
    update: HighlightUpdate,
) -> Result<Highlight, IpcError> {
    Ok(state.library()?.update_highlight(id, update).await?)
}

/// Deletes a highlight.
#[tauri::command]
pub async fn delete_highlight(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    Ok(state.library()?.delete_highlight(id).await?)
}

/// Highlights across the library with their articles, newest first, as `filter` narrows them.
#[tauri::command]
pub async fn list_highlights(
    state: State<'_, AppState>,
    filter: HighlightFilter,
) -> Result<Vec<HighlightEntry>, IpcError> {
    Ok(state.library()?.highlights(filter).await?)
}
