//! Errors as they cross IPC: `{ code, message }`. The UI branches on `code` and shows `message`.

use serde::Serialize;
use tidings_core::ErrorCode;

/// A failed command, serialised for the UI (`IpcError` in `ui/src/ipc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure, for the UI to branch on (`ErrorCode` in `ui/src/bindings`).
    pub code: ErrorCode,
    /// One line for people.
    pub message: String,
}

impl IpcError {
    /// A job was cancelled before it finished.
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Cancelled,
            message: message.into(),
        }
    }

    /// Input the shell refuses, named in the message.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InvalidInput,
            message: message.into(),
        }
    }

    /// The library could not be opened (or found): commands cannot run.
    pub fn library_unavailable(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::LibraryUnavailable,
            message: message.into(),
        }
    }
}

impl From<tidings_core::Error> for IpcError {
    fn from(error: tidings_core::Error) -> Self {
        Self {
            code: error.code(),
            message: error.to_string(),
        }
    }
}
