//! Clipping a URL as a job the UI names (so it can be cancelled), and the URLs handed over on the command line.

use tauri::State;
use tidings_core::model::ClipOutcome;
use tidings_core::ClipOptions;

use crate::{AppState, IpcError};

/// Clips `url` as job `job` (see [`cancel_job`]), into `collection` if one is named.
/// An address already in the library answers with the saved article (`already_saved`).
#[tauri::command]
pub async fn clip_url(
    state: State<'_, AppState>,
    job: u32,
    url: String,
    collection: Option<String>,
) -> Result<ClipOutcome, IpcError> {
    let library = state.library()?.clone();
    let options = ClipOptions {
        tags: Vec::new(),
        collection,
    };
    state
        .jobs()
        .run(job, async move { Ok(library.clip(&url, options).await?) })
        .await
}

/// Stops a running clip or export; false when it had already ended.
#[tauri::command]
pub fn cancel_job(state: State<'_, AppState>, job: u32) -> bool {
    state.jobs().cancel(job)
}

/// URLs given on the command line or by a second launch, not yet clipped.
#[tauri::command]
pub fn take_pending_urls(state: State<'_, AppState>) -> Vec<String> {
    state.take_urls()
}
