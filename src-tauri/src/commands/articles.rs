//! Reading articles: listing, opening, searching, their status and star, refreshing, the trash.

use tauri::State;
use tidings_core::model::{
    Article, ArticleStatus, ArticleSummary, ListFilter, ReextractReport, SearchHit,
};

use crate::{AppState, IpcError};

/// The most search results the UI asks for at once.
const MAX_SEARCH_RESULTS: u32 = 500;

/// The articles that match `filter`, newest first, without their content.
#[tauri::command]
pub async fn list_articles(
    state: State<'_, AppState>,
    filter: ListFilter,
) -> Result<Vec<ArticleSummary>, IpcError> {
    Ok(state.library()?.list(filter).await?)
}

/// One article with its sanitised content, note, tags and highlights.
#[tauri::command]
pub async fn get_article(state: State<'_, AppState>, id: i64) -> Result<Article, IpcError> {
    Ok(state.library()?.article(id).await?)
}

/// Full-text search over titles, text, notes and highlights, best first, within the articles
/// `filter` selects (the sidebar's view).
#[tauri::command]
pub async fn search_articles(
    state: State<'_, AppState>,
    query: String,
    mut filter: ListFilter,
) -> Result<Vec<SearchHit>, IpcError> {
    filter.limit = Some(
        filter
            .limit
            .unwrap_or(MAX_SEARCH_RESULTS)
            .clamp(1, MAX_SEARCH_RESULTS),
    );
    Ok(state.library()?.search_in(&query, filter).await?)
}

/// Fetches an article's page again and re-extracts it; its highlights are re-anchored. A page
/// captured in the browser is refused unless `force`, as `tidings refresh` refuses it.
#[tauri::command]
pub async fn refresh_article(
    state: State<'_, AppState>,
    job: u32,
    id: i64,
    force: bool,
) -> Result<ReextractReport, IpcError> {
    let library = state.library()?.clone();
    state
        .jobs()
        .run(
            job,
            async move { Ok(library.refresh_with(id, force).await?) },
        )
        .await
}

/// Moves an article to unread, read or archived.
#[tauri::command]
pub async fn set_status(
    state: State<'_, AppState>,
    id: i64,
    status: ArticleStatus,
) -> Result<(), IpcError> {
    Ok(state.library()?.set_status(id, status).await?)
}

/// Stars or unstars an article.
#[tauri::command]
pub async fn set_starred(
    state: State<'_, AppState>,
    id: i64,
    starred: bool,
) -> Result<(), IpcError> {
    Ok(state.library()?.set_starred(id, starred).await?)
}

/// Moves articles to the trash (restorable; purged after 30 days or when the trash is emptied).
#[tauri::command]
pub async fn delete_articles(state: State<'_, AppState>, ids: Vec<i64>) -> Result<(), IpcError> {
    Ok(state.library()?.delete(ids).await?)
}

/// Brings articles back from the trash.
#[tauri::command]
pub async fn restore_articles(state: State<'_, AppState>, ids: Vec<i64>) -> Result<(), IpcError> {
    Ok(state.library()?.restore_from_trash(ids).await?)
}

/// Deletes everything in the trash for good; answers how many articles went.
#[tauri::command]
pub async fn empty_trash(state: State<'_, AppState>) -> Result<u32, IpcError> {
    Ok(state.library()?.empty_trash().await?)
}
