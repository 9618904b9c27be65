//! The browser's side of clipping: the loopback API's status, extensions asking to pair and the
//! browsers paired (their tokens), the bookmarklet, and the notices waiting for the window.

use tauri::State;
use tidings_core::model::{ApiToken, Pairing};

use crate::api::LoopbackApi;
use crate::events::ApiStatus;
use crate::{deep_link, AppState, IpcError};

/// The port the API listens on, or why it is not running.
#[tauri::command]
pub async fn api_status(api: State<'_, LoopbackApi>) -> Result<ApiStatus, IpcError> {
    Ok(api.status().await)
}

/// The extensions' pairing requests waiting for an answer.
#[tauri::command]
pub async fn list_pairings(state: State<'_, AppState>) -> Result<Vec<Pairing>, IpcError> {
    Ok(state.library()?.pairings().await?)
}

/// Accepts the request with this code, as `tidings token accept CODE` does: its extension
/// collects its token.
#[tauri::command]
pub async fn accept_pairing(state: State<'_, AppState>, code: String) -> Result<Pairing, IpcError> {
    Ok(state.library()?.accept_pairing(&code).await?)
}

/// Denies the request with this code: its extension gets no token.
#[tauri::command]
pub async fn deny_pairing(state: State<'_, AppState>, code: String) -> Result<(), IpcError> {
    Ok(state.library()?.deny_pairing(&code).await?)
}

/// The paired browsers (and other tokens): names and dates, never the tokens.
#[tauri::command]
pub async fn list_tokens(state: State<'_, AppState>) -> Result<Vec<ApiToken>, IpcError> {
    Ok(state.library()?.tokens().await?)
}

/// Revokes a token: its browser's requests are refused from now on.
#[tauri::command]
pub async fn revoke_token(state: State<'_, AppState>, name: String) -> Result<(), IpcError> {
    Ok(state.library()?.revoke_token(&name).await?)
}

/// The `javascript:` bookmarklet that opens `tidings://clip?url=…&title=…` for the page shown.
#[tauri::command]
pub fn bookmarklet() -> String {
    deep_link::BOOKMARKLET.to_owned()
}

/// One-line notices waiting for the window (a refused link, the API unable to start), once each.
#[tauri::command]
pub fn take_notices(state: State<'_, AppState>) -> Vec<String> {
    state.take_notices()
}
