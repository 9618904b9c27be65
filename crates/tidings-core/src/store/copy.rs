//! Whole-file copies of a library through SQLite's online backup API: a copy is consistent even
//! while another connection (the app, the CLI) writes, and is checked before it is trusted.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, SchemaVersion};

use super::{Error, Result, Store, MIGRATIONS};

/// Pages copied per step (4 MB with 4 KB pages); between steps other connections may write.
const PAGES_PER_STEP: std::os::raw::c_int = 1024;

impl Store {
    /// Writes a consistent copy of the whole library into a new file at `dest`.
    ///
    /// # Errors
    /// When `dest` cannot be created or written.
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        copy(&self.conn, dest)
    }
}

/// Writes a consistent copy of the library file at `source` into a new file at `dest`, through a
/// connection of its own: the library's other connections go on reading and writing meanwhile
/// (WAL), and the copy is made in small steps so it never hogs the disk.
///
/// # Errors
/// When `source` cannot be read or `dest` written.
pub fn copy_file(source: &Path, dest: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    copy(&conn, dest)
}

fn copy(source: &Connection, dest: &Path) -> Result<()> {
    let mut copy = Connection::open(dest)?;
    let backup = rusqlite::backup::Backup::new(source, &mut copy)?;
    backup.run_to_completion(PAGES_PER_STEP, Duration::from_millis(5), None)?;
    Ok(())
}

/// Checks, without changing it, that the file at `path` is a whole library this version of
/// Tidings can open: SQLite's integrity check passes and its schema is not newer than ours.
///
/// # Errors
/// [`Error::Invalid`] naming what is wrong with it.
pub fn check_file(path: &Path) -> Result<()> {
    let invalid = |reason: String| Error::Invalid(format!("{}: {reason}", path.display()));
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| invalid(super::sqlite_reason(&e)))?;
    let report: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| invalid(super::sqlite_reason(&e)))?;
    if report != "ok" {
        return Err(invalid(format!("damaged ({report})")));
    }
    match Migrations::from_slice(MIGRATIONS).current_version(&conn)? {
        SchemaVersion::NoneSet => Err(invalid("not a Tidings library".into())),
        SchemaVersion::Outside(_) => Err(invalid("written by a newer version of Tidings".into())),
        SchemaVersion::Inside(_) => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_a_whole_library_and_junk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("lib.sqlite3")).unwrap();
        store.create_collection("Weekend", "long reads").unwrap();
        let copy = dir.path().join("copy.sqlite3");
        store.copy_to(&copy).unwrap();
        check_file(&copy).unwrap();
        // A copy through a connection of its own sees what the store wrote.
        store.create_collection("Later", "").unwrap();
        let second = dir.path().join("second.sqlite3");
        copy_file(&dir.path().join("lib.sqlite3"), &second).unwrap();
        assert!(Store::open(&second).unwrap().collection("Later").is_ok());
        assert_eq!(
            Store::open(&copy)
                .unwrap()
                .collection("Weekend")
                .unwrap()
                .description,
            "long reads"
        );

        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, vec![b'x'; 8192]).unwrap();
        let err = check_file(&junk).unwrap_err().to_string();
        assert!(err.contains("not a Tidings library"), "{err}");
        let empty = dir.path().join("empty.sqlite3");
        drop(Connection::open(&empty).unwrap());
        assert!(check_file(&empty).is_err());
    }
}
