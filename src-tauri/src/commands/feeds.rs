//! Feed subscriptions and the triage stream: subscribe, list, organise and poll feeds; read the
//! stream a page at a time; dismiss, mark seen or keep its items; OPML in and out through the
//! files the user chose in the native dialogs (`commands::transfers`).

use std::path::PathBuf;

use tauri::{AppHandle, Runtime, State};
use tidings_core::model::{
    ArticleFeedSource, Feed, FeedItem, FeedOptions, ItemPreview, KeptItem, OpmlImportReport,
    RefreshOutcome, StreamCounts, StreamFilter, SubscribeOutcome,
};

use crate::{events, AppState, IpcError};

/// Subscribes to a feed, given its address or a page that names one; polls it once at once.
#[tauri::command]
pub async fn subscribe_feed(
    state: State<'_, AppState>,
    url: String,
    options: FeedOptions,
) -> Result<SubscribeOutcome, IpcError> {
    Ok(state.library()?.add_feed(&url, options).await?)
}

/// Every subscription, by folder and title, with its unseen count.
#[tauri::command]
pub async fn list_feeds(state: State<'_, AppState>) -> Result<Vec<Feed>, IpcError> {
    Ok(state.library()?.feeds().await?)
}

/// Unsubscribes; articles kept from the feed stay in the library.
#[tauri::command]
pub async fn remove_feed(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    Ok(state.library()?.remove_feed(id).await?)
}

/// Renames a feed; `None` goes back to the feed's own title.
#[tauri::command]
pub async fn rename_feed(
    state: State<'_, AppState>,
    id: i64,
    title: Option<String>,
) -> Result<(), IpcError> {
    Ok(state.library()?.rename_feed(id, title.as_deref()).await?)
}

/// Moves a feed to a folder (`Tech/Rust`), or to the top level with `None`.
#[tauri::command]
pub async fn set_feed_folder(
    state: State<'_, AppState>,
    id: i64,
    folder: Option<String>,
) -> Result<(), IpcError> {
    Ok(state
        .library()?
        .set_feed_folder(id, folder.as_deref())
        .await?)
}

/// Pauses or resumes a feed's polling.
#[tauri::command]
pub async fn set_feed_paused(
    state: State<'_, AppState>,
    id: i64,
    paused: bool,
) -> Result<(), IpcError> {
    Ok(state.library()?.set_feed_paused(id, paused).await?)
}

/// Sets whether each new item's article is fetched in the background (read like the library's).
#[tauri::command]
pub async fn set_feed_full_text(
    state: State<'_, AppState>,
    id: i64,
    full_text: bool,
) -> Result<(), IpcError> {
    Ok(state.library()?.set_feed_full_text(id, full_text).await?)
}

/// Polls the feeds `ids`, or every feed that is due when `None`; tells the window when items
/// arrived ([`events::FEEDS_UPDATED`]).
#[tauri::command]
pub async fn refresh_feeds<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    ids: Option<Vec<i64>>,
) -> Result<Vec<RefreshOutcome>, IpcError> {
    let outcomes = state.library()?.refresh_feeds(ids).await?;
    events::feeds_polled(&app, &outcomes);
    Ok(outcomes)
}

/// Polls every live feed now, due or not (paused and gone ones aside).
#[tauri::command]
pub async fn refresh_all_feeds<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<RefreshOutcome>, IpcError> {
    let outcomes = state.library()?.refresh_all_feeds().await?;
    events::feeds_polled(&app, &outcomes);
    Ok(outcomes)
}

/// One page of the stream, newest first: one feed's or all feeds', in the states `filter` asks
/// for, after the item `filter.after`.
#[tauri::command]
pub async fn list_stream(
    state: State<'_, AppState>,
    filter: StreamFilter,
) -> Result<Vec<FeedItem>, IpcError> {
    Ok(state.library()?.stream(filter).await?)
}

/// The unseen counts of the whole stream and of each folder, an article several feeds carry
/// counted once (each feed's own count is on its [`Feed`]).
#[tauri::command]
pub async fn stream_counts(state: State<'_, AppState>) -> Result<StreamCounts, IpcError> {
    Ok(state.library()?.stream_counts().await?)
}

/// One item of the stream.
#[tauri::command]
pub async fn get_feed_item(state: State<'_, AppState>, id: i64) -> Result<FeedItem, IpcError> {
    Ok(state.library()?.feed_item(id).await?)
}

/// The item's article if it was already fetched (a full-text feed's), without waiting.
#[tauri::command]
pub async fn item_preview(
    state: State<'_, AppState>,
    item_id: i64,
) -> Result<Option<ItemPreview>, IpcError> {
    Ok(state.library()?.item_preview(item_id).await?)
}

/// The item's article: the stored preview, else fetched now and stored (keeping it then needs
/// no second fetch).
#[tauri::command]
pub async fn fetch_item_preview(
    state: State<'_, AppState>,
    item_id: i64,
) -> Result<ItemPreview, IpcError> {
    Ok(state.library()?.fetch_item_preview(item_id).await?)
}

/// Searches the stream's items (titles, summaries, previews), best first; library search never
/// looks there.
#[tauri::command]
pub async fn search_stream(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Result<Vec<FeedItem>, IpcError> {
    Ok(state.library()?.search_stream(&query, limit).await?)
}

/// Dismisses items (and the same articles through other feeds); returns how many changed.
#[tauri::command]
pub async fn dismiss_items(state: State<'_, AppState>, ids: Vec<i64>) -> Result<u32, IpcError> {
    Ok(state.library()?.dismiss_items(ids).await?)
}

/// Dismisses every new or seen item listed above `item_id` (in `feed_id`'s stream, or in all
/// feeds'), not the item itself; returns how many changed.
#[tauri::command]
pub async fn dismiss_above(
    state: State<'_, AppState>,
    item_id: i64,
    feed_id: Option<i64>,
) -> Result<u32, IpcError> {
    Ok(state.library()?.dismiss_above(item_id, feed_id).await?)
}

/// Marks items seen (`true`) or back to new (`false`); kept ones stay kept.
#[tauri::command]
pub async fn mark_seen(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    seen: bool,
) -> Result<u32, IpcError> {
    Ok(state.library()?.mark_seen(ids, seen).await?)
}

/// Keeps an item: clips its article into the library (or finds it there) and marks it kept.
#[tauri::command]
pub async fn keep_item(state: State<'_, AppState>, item_id: i64) -> Result<KeptItem, IpcError> {
    Ok(state.library()?.keep_item(item_id).await?)
}

/// The feed an article was kept from, if it was.
#[tauri::command]
pub async fn article_feed_source(
    state: State<'_, AppState>,
    article_id: i64,
) -> Result<Option<ArticleFeedSource>, IpcError> {
    Ok(state.library()?.article_feed_source(article_id).await?)
}

/// The file [`export_opml`] writes into the chosen folder.
pub const OPML_FILE: &str = "tidings-subscriptions.opml";

/// Adds the subscriptions of an OPML file chosen with `choose_import_file` (those already there
/// are skipped); the next poll fetches them.
#[tauri::command]
pub async fn import_opml(
    state: State<'_, AppState>,
    file: String,
) -> Result<OpmlImportReport, IpcError> {
    let file = PathBuf::from(file);
    if !state.may_import(&file) {
        return Err(IpcError::invalid_input(format!(
            "import {}: choose the file first",
            file.display()
        )));
    }
    Ok(state.library()?.import_opml(&file).await?)
}

/// Writes every subscription as an OPML file ([`OPML_FILE`]) into `folder`, chosen with
/// `choose_export_folder`; returns the file's path.
#[tauri::command]
pub async fn export_opml(state: State<'_, AppState>, folder: String) -> Result<String, IpcError> {
    let folder = PathBuf::from(folder);
    if !state.may_export_to(&folder) {
        return Err(IpcError::invalid_input(format!(
            "export to {}: choose the folder first",
            folder.display()
        )));
    }
    let file = folder.join(OPML_FILE);
    state.library()?.export_opml(&file).await?;
    Ok(file.display().to_string())
}
