//! The crate's error type: each capability has its own, and this one gathers them; and the
//! [`ErrorCode`] every shell branches on.

use crate::{export, extract, feeds, fetch, import, library_backups, loopback, store};

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
    Feed(#[from] feeds::Error),
    #[error(transparent)]
    Export(#[from] export::Error),
    #[error(transparent)]
    Import(#[from] import::Error),
    #[error(transparent)]
    Backup(#[from] library_backups::Error),
    #[error(transparent)]
    Loopback(#[from] loopback::Error),
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

/// What kind of failure an error is: the one contract shells and the UI branch on (never on a
/// message). Crosses IPC as its snake_case name (`library_damaged`); the UI's type is generated
/// from this enum, so a renamed or removed code fails the UI's type check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No such article, highlight, collection, tag, saved search or backup.
    NotFound,
    /// Input that makes no sense, or a name already taken; the message says which.
    InvalidInput,
    /// The library could not be opened (missing folder, written by a newer Tidings).
    LibraryUnavailable,
    /// The library file is damaged: the UI offers to restore a backup.
    LibraryDamaged,
    /// Other work holds the library and the action needs it alone (a shell's code).
    Busy,
    /// The person cancelled the job (a shell's code).
    Cancelled,
    /// A fetch failed.
    Network,
    /// The page holds no readable article.
    Extract,
    /// The library's database failed otherwise.
    Storage,
    /// Making or restoring a copy of the library failed.
    Backup,
    /// An export failed.
    Export,
    /// An import failed.
    Import,
    /// A bug, reported rather than a panic.
    Internal,
}

impl ErrorCode {
    /// The code's name on the wire (`not_found`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::InvalidInput => "invalid_input",
            Self::LibraryUnavailable => "library_unavailable",
            Self::LibraryDamaged => "library_damaged",
            Self::Busy => "busy",
            Self::Cancelled => "cancelled",
            Self::Network => "network",
            Self::Extract => "extract",
            Self::Storage => "storage",
            Self::Backup => "backup",
            Self::Export => "export",
            Self::Import => "import",
            Self::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// What kind of failure this is, for shells that branch on it (never on the message).
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            // A page asked for an address it may not (loopback API): the input is at fault.
            Self::Fetch(fetch::Error::PrivateAddress { .. }) => ErrorCode::InvalidInput,
            Self::Fetch(_) => ErrorCode::Network,
            Self::Extract(_) => ErrorCode::Extract,
            Self::Store(e) if e.is_not_found() => ErrorCode::NotFound,
            Self::Store(store::Error::Open { .. } | store::Error::TooNew { .. }) => {
                ErrorCode::LibraryUnavailable
            }
            Self::Store(store::Error::Damaged { .. }) => ErrorCode::LibraryDamaged,
            // A name already taken is the same mistake whatever it names.
            Self::Store(
                store::Error::SavedSearchExists(_)
                | store::Error::CollectionExists(_)
                | store::Error::TokenExists(_)
                | store::Error::TooManyPairings
                | store::Error::CapturedInBrowser(_),
            ) => ErrorCode::InvalidInput,
            // Damage met after opening (a page read mid-session) is damage too.
            Self::Store(store::Error::Sqlite(e))
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) =>
            {
                ErrorCode::LibraryDamaged
            }
            Self::Backup(library_backups::Error::NotFound(_)) => ErrorCode::NotFound,
            Self::Backup(_) => ErrorCode::Backup,
            // A port taken or a port file that cannot be written: the person picks another.
            Self::Loopback(_) => ErrorCode::InvalidInput,
            Self::Store(_) => ErrorCode::Storage,
            Self::Export(_) => ErrorCode::Export,
            Self::Import(_) | Self::Feed(feeds::Error::Opml(_)) => ErrorCode::Import,
            // A URL that is not (and does not lead to) a feed is the person's input to fix.
            Self::Feed(_) => ErrorCode::InvalidInput,
            Self::InvalidUrl { .. } | Self::Invalid(_) => ErrorCode::InvalidInput,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn each_code_crosses_as_its_name() {
        for code in [
            ErrorCode::NotFound,
            ErrorCode::InvalidInput,
            ErrorCode::LibraryUnavailable,
            ErrorCode::LibraryDamaged,
            ErrorCode::Busy,
            ErrorCode::Cancelled,
            ErrorCode::Network,
            ErrorCode::Extract,
            ErrorCode::Storage,
            ErrorCode::Backup,
            ErrorCode::Export,
            ErrorCode::Import,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn a_name_already_taken_is_invalid_input_whatever_it_names() {
        for taken in [
            crate::store::Error::CollectionExists("Reading".into()),
            crate::store::Error::SavedSearchExists("Rust".into()),
        ] {
            assert_eq!(crate::Error::from(taken).code(), ErrorCode::InvalidInput);
        }
    }
}
