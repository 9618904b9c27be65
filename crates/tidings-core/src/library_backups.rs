//! Rolling daily backups of a library file: whole copies, made with SQLite's backup API, in a
//! `backups/` folder beside the library, named `<library>-<YYYY-MM-DD>.sqlite3` (UTC), of which
//! the newest [`KEEP`] are kept. Restoring sets the current file aside (never deletes it) and puts
//! a checked copy of the backup in its place; it is done while the library is closed.

use std::path::{Path, PathBuf};

use crate::model::LibraryBackup;
use crate::store;

/// How many daily backups are kept.
pub const KEEP: usize = 7;
/// The folder beside the library that holds its backups.
pub const FOLDER: &str = "backups";
const EXTENSION: &str = "sqlite3";

/// What went wrong with a backup; messages name the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("backup {path}: {reason}")]
    Io { path: PathBuf, reason: String },
    #[error("no backup named {0:?} (`tidings backup list` shows them)")]
    NotFound(String),
    #[error("backup {name} cannot be restored: {reason}")]
    Unusable { name: String, reason: String },
}

fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

/// The folder that holds the backups of the library at `library`.
#[must_use]
pub fn folder(library: &Path) -> PathBuf {
    library
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(FOLDER)
}

/// The library's file name without its extension: the prefix of its backups' names.
fn stem(library: &Path) -> String {
    library.file_stem().map_or_else(
        || "library".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// The name of the library's backup made on `date` (`YYYY-MM-DD`).
#[must_use]
pub fn name_for(library: &Path, date: &str) -> String {
    format!("{}-{date}.{EXTENSION}", stem(library))
}

/// Today's date in UTC, as backups are named.
#[must_use]
pub fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// The library's backups, newest first. A missing folder means none.
///
/// # Errors
/// [`Error::Io`] when the folder cannot be read.
pub fn list(library: &Path) -> Result<Vec<LibraryBackup>, Error> {
    let dir = folder(library);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir, &e)),
    };
    let prefix = format!("{}-", stem(library));
    let mut backups: Vec<LibraryBackup> = entries
        .filter_map(std::result::Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_str()?.to_owned();
            let date = name
                .strip_prefix(&prefix)?
                .strip_suffix(&format!(".{EXTENSION}"))?;
            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            let date = date.to_owned();
            let meta = entry.metadata().ok().filter(std::fs::Metadata::is_file)?;
            Some(LibraryBackup {
                name,
                date,
                size_bytes: meta.len(),
            })
        })
        .collect();
    backups.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(backups)
}

/// Removes all but the newest [`KEEP`] backups; returns how many went.
///
/// # Errors
/// [`Error::Io`] when a backup cannot be removed.
pub fn prune(library: &Path) -> Result<usize, Error> {
    let old = list(library)?.into_iter().skip(KEEP);
    let mut removed = 0;
    for backup in old {
        let path = folder(library).join(&backup.name);
        std::fs::remove_file(&path).map_err(|e| io_error(&path, &e))?;
        removed += 1;
    }
    Ok(removed)
}

/// Where a new backup is written before it is complete, and the folder is made if missing.
pub(crate) fn prepare(library: &Path, date: &str) -> Result<(PathBuf, PathBuf), Error> {
    let dir = folder(library);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
    let path = dir.join(name_for(library, date));
    let partial = dir.join(format!(".{}.partial", name_for(library, date)));
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|e| io_error(&partial, &e))?;
    }
    Ok((partial, path))
}

/// Moves a finished copy into place (replacing an older copy of the same day).
pub(crate) fn finish(partial: &Path, path: &Path) -> Result<(), Error> {
    std::fs::rename(partial, path).map_err(|e| io_error(path, &e))
}

/// The backup named `name` as a listing entry.
pub(crate) fn entry(library: &Path, name: &str) -> Result<LibraryBackup, Error> {
    list(library)?
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| Error::NotFound(name.to_owned()))
}

/// Puts backup `name` in place of the library at `library`, which must not be open. The current
/// file (with its `-wal` and `-shm` companions) is renamed `<file>.before-restore-<time>`, never
/// deleted; the returned path is the set-aside library file, if there was one.
///
/// # Errors
/// [`Error::NotFound`] for a name that is not one of [`list`]'s; [`Error::Unusable`] when the
/// backup is damaged or too new (the library is left as it was); [`Error::Io`] for a file that
/// cannot be copied or moved.
pub fn restore(library: &Path, name: &str) -> Result<Option<PathBuf>, Error> {
    let backup = entry(library, name)?;
    let source = folder(library).join(&backup.name);
    store::check_file(&source).map_err(|e| Error::Unusable {
        name: backup.name.clone(),
        reason: e.to_string(),
    })?;
    let library_dir = library.parent().unwrap_or_else(|| Path::new("."));
    let incoming = library_dir.join(format!(".{}.restoring", backup.name));
    std::fs::copy(&source, &incoming).map_err(|e| io_error(&incoming, &e))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut set_aside = None;
    for suffix in ["", "-wal", "-shm"] {
        let mut current = library.as_os_str().to_owned();
        current.push(suffix);
        let current = PathBuf::from(current);
        if current.exists() {
            let mut aside = current.as_os_str().to_owned();
            aside.push(format!(".before-restore-{stamp}"));
            let aside = PathBuf::from(aside);
            std::fs::rename(&current, &aside).map_err(|e| io_error(&current, &e))?;
            if suffix.is_empty() {
                set_aside = Some(aside);
            }
        }
    }
    std::fs::rename(&incoming, library).map_err(|e| io_error(library, &e))?;
    Ok(set_aside)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn touch(dir: &Path, name: &str) {
        std::fs::write(dir.join(name), b"x").unwrap();
    }

    #[test]
    fn lists_only_this_librarys_dated_copies_newest_first_and_keeps_seven() {
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("library.sqlite3");
        assert!(list(&library).unwrap().is_empty());
        let backups = folder(&library);
        std::fs::create_dir(&backups).unwrap();
        for day in 1..=9 {
            touch(&backups, &format!("library-2026-11-0{day}.sqlite3"));
        }
        touch(&backups, "other-2026-11-10.sqlite3");
        touch(&backups, "library-notadate.sqlite3");
        touch(&backups, ".library-2026-11-10.sqlite3.partial");
        let names: Vec<String> = list(&library)
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .collect();
        assert_eq!(names.len(), 9);
        assert_eq!(names[0], "library-2026-11-09.sqlite3");
        assert_eq!(prune(&library).unwrap(), 2);
        let dates: Vec<String> = list(&library)
            .unwrap()
            .into_iter()
            .map(|b| b.date)
            .collect();
        assert_eq!(dates.first().unwrap(), "2026-11-09");
        assert_eq!(dates.last().unwrap(), "2026-11-03");
        assert!(backups.join("other-2026-11-10.sqlite3").exists());
    }

    #[test]
    fn an_unknown_or_damaged_backup_is_refused_and_the_library_stays() {
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("library.sqlite3");
        std::fs::write(&library, b"current").unwrap();
        let err = restore(&library, "../library.sqlite3").unwrap_err();
        assert!(matches!(err, Error::NotFound(_)), "{err}");
        std::fs::create_dir(folder(&library)).unwrap();
        std::fs::write(
            folder(&library).join("library-2026-11-01.sqlite3"),
            vec![b'x'; 4096],
        )
        .unwrap();
        let err = restore(&library, "library-2026-11-01.sqlite3")
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot be restored"), "{err}");
        assert!(!err.contains('\n'));
        assert_eq!(std::fs::read(&library).unwrap(), b"current");
    }

    #[tokio::test]
    async fn a_daily_backup_restores_the_library_as_it_was_and_sets_the_damaged_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        let library = crate::Library::open(&path).await.unwrap();
        library.create_collection("Kept", "before").await.unwrap();
        let made = library.backup_daily().await.unwrap().unwrap();
        assert_eq!(made.date, today());
        assert!(made.size_bytes > 0);
        assert!(library.backup_daily().await.unwrap().is_none(), "one a day");
        library.create_collection("Later", "").await.unwrap();
        drop(library);

        // Damage the library: its header is gone.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[..100].fill(0x55);
        std::fs::write(&path, &bytes).unwrap();
        let err = crate::Library::open(&path).await.unwrap_err();
        assert_eq!(err.code().as_str(), "library_damaged", "{err}");

        let aside = restore(&path, &made.name).unwrap().unwrap();
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            bytes,
            "the damaged file is kept"
        );
        let library = crate::Library::open(&path).await.unwrap();
        let names: Vec<String> = library
            .collections()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, vec!["Kept"]);
    }
}
