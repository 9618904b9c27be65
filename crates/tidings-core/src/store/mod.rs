//! The library file: the only module that runs SQL (rusqlite, SQLite with FTS5).
//!
//! One SQLite file per library; versioned forward-only migrations ([`MIGRATIONS`]); every
//! connection in WAL mode with foreign keys on and a busy timeout. [`Store`] is synchronous:
//! async callers reach it through `spawn_blocking` (see [`crate::Library`]).

mod articles;
mod backup_import;
mod copy;
mod feeds;
mod highlights;
mod imports;
mod organise;
mod rows;
mod saved_searches;
mod search;
mod shared;
mod snippet;
mod stream_care;
mod tokens;
mod trash;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, SchemaVersion, M};

pub use articles::{ArticleContent, NewArticle, Provenance};
pub use backup_import::BackupImportCounts;
pub use copy::{check_file, copy_file};
pub use feeds::{KeepTarget, NewFeed, NewItem, PollRecord, PollTarget, PollWrite};
pub use highlights::{NewHighlight, Placement};
pub use imports::ImportedArticle;
pub use shared::SharedStore;
pub use stream_care::{stream_fts_query, NewPreview, PreviewPage, RuleRow};
pub use tokens::{NewPairing, PairingPoll, TokenHash};

/// The schema's history, oldest first. Append only: a released migration is never edited.
pub static MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_library.sql")),
    M::up(include_str!("migrations/002_trash.sql")),
    M::up(include_str!("migrations/003_state_index.sql")),
    M::up(include_str!("migrations/004_cjk_search.sql")),
    M::up(include_str!("migrations/005_modified_time.sql")),
    M::up(include_str!("migrations/006_saved_searches.sql")),
    M::up(include_str!("migrations/007_portable_schema.sql")),
    M::up(include_str!("migrations/008_title_prefixes.sql")),
    M::up(include_str!("migrations/009_feeds.sql")),
    M::up(include_str!("migrations/010_feed_rules.sql")),
    M::up(include_str!("migrations/011_loopback.sql")),
];

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// The page cache of a connection, in KiB (negative: SQLite reads it as a size, not pages).
const PAGE_CACHE_KIB: i64 = -32 * 1024;

/// Registers the SQL functions the schema's triggers call: `tidings_cjk_bigrams(text)` (see
/// [`crate::cjk`]). Every connection that writes articles, notes or highlights must have them:
/// [`Store`] registers them itself; a tool or test writing through its own connection calls this.
///
/// # Errors
/// Only if SQLite refuses the registration.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "tidings_cjk_bigrams",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text = ctx.get_raw(0).as_str_or_null()?.unwrap_or_default();
            Ok(crate::cjk::bigrams(text))
        },
    )
}

/// What went wrong in the library file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot open library {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    /// The file is there but SQLite cannot read it as a database: a damaged library (or not one).
    #[error("cannot open library {path}: {reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error("library {path} was written by a newer version of Tidings (schema {found}, this version knows {known}); update Tidings to open it")]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("no article with id {0}")]
    ArticleNotFound(i64),
    #[error("no highlight with id {0}")]
    HighlightNotFound(i64),
    #[error("no feed with id {0}")]
    FeedNotFound(i64),
    #[error("no feed item with id {0}")]
    ItemNotFound(i64),
    #[error("no rule with id {0}")]
    RuleNotFound(i64),
    #[error("no tag named {0:?}")]
    TagNotFound(String),
    #[error("no collection named {0:?}")]
    CollectionNotFound(String),
    #[error("a collection named {0:?} already exists")]
    CollectionExists(String),
    #[error("no saved search named {0:?}")]
    SavedSearchNotFound(String),
    #[error("a saved search named {0:?} already exists")]
    SavedSearchExists(String),
    #[error("no API token named {0:?}")]
    TokenNotFound(String),
    #[error("an API token named {0:?} already exists")]
    TokenExists(String),
    #[error("no pairing request {0} waiting (it may have expired)")]
    PairingNotFound(String),
    #[error("too many pairing requests are waiting; answer or let them expire first")]
    TooManyPairings,
    /// A page captured in the browser, which a re-fetch would not see as the reader did.
    #[error("article {0} was captured in the browser: a re-fetch would not see what you saw; use --force")]
    CapturedInBrowser(i64),
    #[error("{0}")]
    Invalid(String),
    #[error("library database error: {}", plain_sqlite(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// (Not a `source`: the message already says what the migration error would.)
    #[error("cannot update the library to this version's format: {}", plain_migration(.0))]
    Migration(rusqlite_migration::Error),
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        Self::Migration(e)
    }
}

impl Error {
    /// Whether the error says that a thing the user named does not exist.
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            Self::ArticleNotFound(_)
                | Self::HighlightNotFound(_)
                | Self::FeedNotFound(_)
                | Self::ItemNotFound(_)
                | Self::RuleNotFound(_)
                | Self::TagNotFound(_)
                | Self::CollectionNotFound(_)
                | Self::SavedSearchNotFound(_)
                | Self::TokenNotFound(_)
                | Self::PairingNotFound(_)
        )
    }
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open library file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the library at `path` and brings its schema up to date.
    /// The folder must exist: a mistyped path is an error, not a new folder.
    ///
    /// # Errors
    /// [`Error::Open`] when the file cannot be opened or is not a library; [`Error::TooNew`] when a
    /// newer Tidings wrote it.
    pub fn open(path: &Path) -> Result<Self> {
        let open_error = |reason: String| Error::Open {
            path: path.to_owned(),
            reason,
        };
        if path.is_dir() {
            return Err(open_error("it is a folder, not a library file".into()));
        }
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() && !parent.is_dir() => {
                return Err(open_error(format!(
                    "folder {} does not exist",
                    parent.display()
                )));
            }
            _ => {}
        }
        let conn = Connection::open(path).map_err(|e| open_error(e.to_string()))?;
        Self::from_connection(conn, path).map_err(|e| match e {
            Error::Sqlite(e) if is_damage(&e) => Error::Damaged {
                path: path.to_owned(),
                reason: sqlite_reason(&e),
            },
            Error::Migration(rusqlite_migration::Error::RusqliteError { err: e, .. })
                if is_damage(&e) =>
            {
                Error::Damaged {
                    path: path.to_owned(),
                    reason: sqlite_reason(&e),
                }
            }
            Error::Sqlite(e) => open_error(sqlite_reason(&e)),
            other => other,
        })
    }

    /// Opens a library that lives in memory only (for tests and benchmarks).
    ///
    /// # Errors
    /// Only if SQLite cannot allocate the database.
    pub fn open_in_memory() -> Result<Self> {
        Self::from_connection(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn from_connection(mut conn: Connection, path: &Path) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // WAL lets the app read while the CLI writes; an in-memory database stays in "memory" mode.
        // Switching a new file to WAL does not wait for another connection doing the same at that
        // moment (SQLite answers "database is locked" at once), so that waits here.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let _mode: String = loop {
            match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)) {
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                mode => break mode?,
            }
        };
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 32 MiB of page cache instead of SQLite's 2 MiB: a search reads the full-text index and
        // 50 articles' text, and typing a query re-reads the same pages (measured at 100 000
        // articles: a two-word search 15 -> 9 ms). Memory is taken only as pages are read.
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)?;
        register_functions(&conn)?;
        let migrations = Migrations::from_slice(MIGRATIONS);
        loop {
            let before = migrations.current_version(&conn)?;
            if let SchemaVersion::Outside(found) = before {
                return Err(Error::TooNew {
                    path: path.to_owned(),
                    found: found.get(),
                    known: MIGRATIONS.len(),
                });
            }
            match migrations.to_latest(&mut conn) {
                Ok(()) => return Ok(Self { conn }),
                // Another connection migrated the file at the same moment (the app starting while
                // the CLI runs, on a new library): ours read the version before that one's commit,
                // then found its tables made. Go on from the version it left; the version only
                // rises, so this ends.
                Err(_) if migrations.current_version(&conn)? != before => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Checks the file and the search indexes: SQLite's `integrity_check`, FTS5's own check that
    /// the main and titles indexes match the articles, notes and highlights, and the CJK index's
    /// structure.
    ///
    /// # Errors
    /// [`Error::Invalid`] describing the first problem found.
    pub fn check_integrity(&self) -> Result<()> {
        let report: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if report != "ok" {
            return Err(Error::Invalid(format!("library file damaged: {report}")));
        }
        for check in [
            "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
            "INSERT INTO articles_cjk (articles_cjk) VALUES ('integrity-check')",
            "INSERT INTO article_titles (article_titles, rank) VALUES ('integrity-check', 1)",
        ] {
            self.conn
                .execute(check, [])
                .map_err(|e| Error::Invalid(format!("search index out of step: {e}")))?;
        }
        Ok(())
    }

    /// Runs `f` in one transaction: all of its writes land, or none do. The write lock is
    /// taken at the start (`BEGIN IMMEDIATE`), waiting up to the busy timeout for another
    /// process: a deferred transaction that reads first cannot wait when it comes to write, and
    /// fails at once with "database is locked".
    fn transaction<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Whether SQLite says the file is damaged or not a database at all.
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// SQLite's extended codes for a write that the system refused (`SQLITE_IOERR_WRITE`,
/// `_FSYNC`, `_DIR_FSYNC`, `_TRUNCATE`, and `_SHMSIZE` when the WAL index cannot grow): a full
/// disk or a file-size limit, in practice.
const WRITE_REFUSED: &[i32] = &[778, 1034, 1290, 1546, 4874];

/// What went wrong in words a user can act on, for the failures they can do something about:
/// a full disk or a size limit. Nothing is half-written in either case (the transaction rolls back).
fn plain_sqlite(e: &rusqlite::Error) -> String {
    if let rusqlite::Error::SqliteFailure(failure, _) = e {
        if failure.code == rusqlite::ErrorCode::DiskFull
            || (failure.code == rusqlite::ErrorCode::SystemIoFailure
                && WRITE_REFUSED.contains(&failure.extended_code))
        {
            return "the library file cannot grow: the disk is full (or a file size limit was reached); nothing was saved — free some space and try again".into();
        }
    }
    e.to_string()
}

fn plain_migration(e: &rusqlite_migration::Error) -> String {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => plain_sqlite(err),
        other => other.to_string(),
    }
}

/// SQLite's messages for a file that is not a database are cryptic; say it plainly.
fn sqlite_reason(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "the file is not a Tidings library (not an SQLite database)".into()
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "the file is damaged".into(),
        Some(rusqlite::ErrorCode::ReadOnly) => "the file is read-only".into(),
        Some(rusqlite::ErrorCode::CannotOpen) => "the file cannot be opened".into(),
        _ => e.to_string(),
    }
}

pub(crate) use crate::dates::now;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_said_plainly() {
        for (code, extended) in [(13, 13), (10, 778), (10, 1034)] {
            let e = Error::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error {
                    code: rusqlite::ffi::Error::new(code).code,
                    extended_code: extended,
                },
                Some("disk I/O error".into()),
            ));
            let message = e.to_string();
            assert!(
                message.contains("the disk is full") && message.contains("nothing was saved"),
                "{message}"
            );
            assert!(!message.contains('\n'));
        }
        let other = Error::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(10),
            Some("disk I/O error".into()),
        ));
        assert_eq!(other.to_string(), "library database error: disk I/O error");
    }

    #[test]
    fn migrations_are_valid() {
        // As `Migrations::validate`, with the functions the schema's triggers call.
        let mut conn = Connection::open_in_memory().unwrap();
        register_functions(&conn).unwrap();
        Migrations::from_slice(MIGRATIONS)
            .to_latest(&mut conn)
            .unwrap();
    }

    #[test]
    fn every_connection_has_wal_foreign_keys_and_busy_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("lib.sqlite3")).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        let timeout: i64 = store
            .conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), fk, timeout), ("wal", 1, 10_000));
    }

    #[test]
    fn reopening_keeps_the_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.sqlite3");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(usize::try_from(version).unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn bad_paths_give_one_line_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/folder/lib.sqlite3");
        let err = Store::open(&missing).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        let err = Store::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("is a folder"), "{err}");
        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
        let err = Store::open(&junk).unwrap_err().to_string();
        assert!(err.contains("not a Tidings library"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn a_library_from_a_newer_version_is_refused_not_downgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.sqlite3");
        drop(Store::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err}");
        let version: i64 = Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 99);
    }
}
