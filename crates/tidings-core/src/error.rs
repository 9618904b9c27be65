//! The crate's error type: each capability has its own, and this one gathers them.

use crate::{export, extract, fetch, import, library_backups, store};

/// Anything that can go wrong in the library. Messages are one line, naming what failed and on what.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Fetch(#[from] fetch::Error),
    #[error(transparent)]
    Extract(#[from] extract::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Export(#[from] export::Error),
    #[error(transparent)]
    Import(#[from] import::Error),
    #[error(transparent)]
    Backup(#[from] library_backups::Error),
    /// A URL the user gave that cannot be clipped.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// Input that makes no sense, named in the message.
    #[error("{0}")]
    Invalid(String),
    /// A background task died (a bug, reported rather than a panic in the caller).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// A stable machine-readable code, for shells that branch on the kind of error (never on the message).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Fetch(_) => "network",
            Self::Extract(_) => "extract",
            Self::Store(e) if e.is_not_found() => "not_found",
            Self::Store(store::Error::Open { .. } | store::Error::TooNew { .. }) => {
                "library_unavailable"
            }
            Self::Store(store::Error::Damaged { .. }) => "library_damaged",
            Self::Store(store::Error::SavedSearchExists(_)) => "invalid_input",
            // Damage met after opening (a page read mid-session) is damage too.
            Self::Store(store::Error::Sqlite(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) =>
            {
                "library_damaged"
            }
            Self::Backup(library_backups::Error::NotFound(_)) => "not_found",
            Self::Backup(_) => "backup",
            Self::Store(_) => "storage",
            Self::Export(_) => "export",
            Self::Import(_) => "import",
            Self::InvalidUrl { .. } | Self::Invalid(_) => "invalid_input",
            Self::Internal(_) => "internal",
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
