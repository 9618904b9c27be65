//! Errors as they cross IPC: `{ code, message }`. The UI branches on `code` and shows `message`.

use serde::Serialize;

/// A failed command, serialised for the UI (`IpcError` in `ui/src/ipc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// Stable and machine-readable: `not_found`, `invalid_input`, `storage`, `library_unavailable`, ….
    pub code: String,
    /// One line for people.
    pub message: String,
}

impl IpcError {
    /// The code of every command's error when the library could not be opened at start-up.
    pub const LIBRARY_UNAVAILABLE: &'static str = "library_unavailable";
    /// The code when other work holds the library and an action needs it alone.
    pub const BUSY: &'static str = "busy";
    /// The code when the library's file is damaged: the UI offers to restore a backup.
    pub const LIBRARY_DAMAGED: &'static str = "library_damaged";

    /// The code of a job the user cancelled (a clip, an export).
    pub const CANCELLED: &'static str = "cancelled";
    /// The code of input the shell refuses before calling the library.
    pub const INVALID_INPUT: &'static str = "invalid_input";

    /// A job was cancelled before it finished.
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self {
            code: Self::CANCELLED.to_owned(),
            message: message.into(),
        }
    }

    /// Input the shell refuses, named in the message.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self {
            code: Self::INVALID_INPUT.to_owned(),
            message: message.into(),
        }
    }

    /// The library could not be opened (or found): commands cannot run.
    pub fn library_unavailable(message: impl Into<String>) -> Self {
        Self {
            code: Self::LIBRARY_UNAVAILABLE.to_owned(),
            message: message.into(),
        }
    }
}

impl From<tidings_core::Error> for IpcError {
    fn from(error: tidings_core::Error) -> Self {
        Self {
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }
}
