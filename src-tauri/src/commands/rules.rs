//! The stream's rules and housekeeping: list, add, edit, test and delete rules (applied to items
//! as they arrive), and the setting of how long triaged items stay.

use tauri::State;
use tidings_core::model::{FeedItem, FeedRule, NewRule, RuleEdit, StreamSettings};

use crate::{AppState, IpcError};

/// Every rule, oldest first, each saying whether it has expired.
#[tauri::command]
pub async fn list_rules(state: State<'_, AppState>) -> Result<Vec<FeedRule>, IpcError> {
    Ok(state.library()?.rules().await?)
}

/// Adds a rule; it applies to items that arrive from now on.
#[tauri::command]
pub async fn add_rule(state: State<'_, AppState>, rule: NewRule) -> Result<FeedRule, IpcError> {
    Ok(state.library()?.add_rule(rule).await?)
}

/// Changes the parts of a rule `edit` names.
#[tauri::command]
pub async fn edit_rule(
    state: State<'_, AppState>,
    id: i64,
    edit: RuleEdit,
) -> Result<FeedRule, IpcError> {
    Ok(state.library()?.edit_rule(id, edit).await?)
}

/// Deletes a rule.
#[tauri::command]
pub async fn remove_rule(state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    Ok(state.library()?.remove_rule(id).await?)
}

/// A dry run of a rule not yet saved: the stream's items it would match, newest first.
#[tauri::command]
pub async fn test_rule(
    state: State<'_, AppState>,
    rule: NewRule,
) -> Result<Vec<FeedItem>, IpcError> {
    Ok(state.library()?.test_new_rule(rule).await?)
}

/// How many days seen and dismissed items stay before they are purged.
#[tauri::command]
pub async fn stream_settings(state: State<'_, AppState>) -> Result<StreamSettings, IpcError> {
    Ok(state.library()?.stream_settings().await?)
}

/// Sets how long triaged items stay, then purges what is now older; returns how many went.
#[tauri::command]
pub async fn set_stream_settings(
    state: State<'_, AppState>,
    settings: StreamSettings,
) -> Result<u32, IpcError> {
    let library = state.library()?;
    library.set_stream_settings(settings).await?;
    Ok(library.purge_stream().await?)
}
