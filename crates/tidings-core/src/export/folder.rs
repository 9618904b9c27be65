//! Writing an export into a folder the user chose, safely and repeatably.
//!
//! A manifest (`.tidings-export.json`) remembers which file holds which article and a hash of
//! what Tidings wrote there. So a re-export keeps each article's file name, rewrites only files
//! Tidings wrote and nobody changed since, leaves other files alone, and writes the new version
//! *beside* a file the user edited, with a warning. Names never contain a path separator, so
//! nothing is written outside the folder; each file is written whole (temp file + rename).
//!
//! Durability without a disk flush per file (10 000 flushes take half a minute): a file that
//! replaces an older one is flushed before the rename, so it is the old or the new version even
//! after a power cut; new files are flushed together at the end (one `syncfs` on Linux), before
//! the manifest that records them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::filename::collision_key;
use super::Error;
use crate::model::ExportReport;

/// The manifest's file name inside the export folder.
pub const MANIFEST: &str = ".tidings-export.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    files: BTreeMap<String, ManifestEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestEntry {
    article: Option<i64>,
    sha256: String,
}

/// An export folder being written.
#[derive(Debug)]
pub struct ExportFolder {
    path: PathBuf,
    manifest: Manifest,
    /// Each article's file in the manifest, for its name in this export.
    by_article: HashMap<i64, String>,
    taken: HashSet<String>,
    /// New files written but not yet flushed to disk.
    unsynced: Vec<PathBuf>,
    report: ExportReport,
}

impl ExportFolder {
    /// Opens (creating) the folder and reads the manifest of earlier exports into it.
    ///
    /// # Errors
    /// [`Error::Io`] when the folder cannot be created or read.
    pub fn open(path: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(path).map_err(|e| io_error(path, &e))?;
        let manifest_path = path.join(MANIFEST);
        let manifest = match std::fs::read(&manifest_path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            Err(_) => Manifest::default(),
        };
        let by_article = manifest
            .files
            .iter()
            .filter_map(|(name, e)| Some((e.article?, name.clone())))
            .collect();
        Ok(Self {
            path: path.to_owned(),
            manifest,
            by_article,
            taken: HashSet::new(),
            unsynced: Vec::new(),
            report: ExportReport::default(),
        })
    }

    /// The file name for an article: the one it had in earlier exports, else `stem.ext` made
    /// unique against this export, the manifest, and files the user keeps in the folder.
    pub fn name_for(&mut self, article: Option<i64>, stem: &str, ext: &str) -> String {
        if let Some(id) = article {
            let known = self.by_article.get(&id).cloned();
            if let Some(name) = known.filter(|n| !self.taken.contains(&collision_key(n))) {
                self.taken.insert(collision_key(&name));
                return name;
            }
        }
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    format!("{stem}.{ext}")
                } else {
                    format!("{stem} ({n}).{ext}")
                }
            })
            .find(|name| self.is_free(name, article))
            .unwrap_or_else(|| format!("{stem}.{ext}"));
        self.taken.insert(collision_key(&name));
        name
    }

    /// A name is free for an article if nothing else in this export uses it, and the file is
    /// either absent or one Tidings wrote for that same article.
    fn is_free(&self, name: &str, article: Option<i64>) -> bool {
        if self.taken.contains(&collision_key(name)) || name == MANIFEST {
            return false;
        }
        match self.manifest.files.get(name) {
            Some(entry) => entry.article == article,
            None => !self.path.join(name).exists(),
        }
    }

    /// Writes one file of the export (see the module docs for when it is kept instead).
    ///
    /// # Errors
    /// [`Error::Io`] naming the file.
    pub fn write(&mut self, name: &str, bytes: &[u8], article: Option<i64>) -> Result<(), Error> {
        let path = self.path.join(name);
        // Names are plain file names, or the images folder and a plain name: nothing climbs out.
        let inside = match name.split_once('/') {
            None => true,
            Some((folder, file)) => {
                folder == super::images::ASSETS
                    && !file.contains(['/', '\\'])
                    && !file.starts_with('.')
            }
        };
        if !inside || name.contains('\\') || name.starts_with('.') && name != MANIFEST {
            return Err(Error::Io {
                path,
                reason: "not a file name inside the export folder".into(),
            });
        }
        if let Some(parent) = path.parent().filter(|p| *p != self.path) {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        let hash = sha256(bytes);
        if let Ok(current) = std::fs::read(&path) {
            if current == bytes {
                self.report.unchanged += 1;
                self.report.files.push(name.to_owned());
                self.manifest.files.insert(
                    name.to_owned(),
                    ManifestEntry {
                        article,
                        sha256: hash,
                    },
                );
                return Ok(());
            }
            let ours = self
                .manifest
                .files
                .get(name)
                .is_some_and(|e| e.sha256 == sha256(&current));
            if !ours {
                let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
                let beside = (1..)
                    .map(|n| {
                        if n == 1 {
                            format!("{stem} (new).{ext}")
                        } else {
                            format!("{stem} (new {n}).{ext}")
                        }
                    })
                    .find(|n| {
                        !self.taken.contains(&collision_key(n)) && !self.path.join(n).exists()
                    })
                    .unwrap_or_else(|| format!("{stem} (new).{ext}"));
                self.taken.insert(collision_key(&beside));
                self.report.warnings.push(format!(
                    "{name} was changed since the last export: kept your version and wrote the new one to {beside}"
                ));
                let beside_path = self.path.join(&beside);
                write_whole(&beside_path, bytes, false).map_err(|e| io_error(&beside_path, &e))?;
                self.unsynced.push(beside_path);
                self.report.files.push(beside.clone());
                self.report.written.push(beside);
                return Ok(());
            }
        }
        // Flush before the rename only when an older file is being replaced.
        let replaces = path.exists();
        write_whole(&path, bytes, replaces).map_err(|e| io_error(&path, &e))?;
        if !replaces {
            self.unsynced.push(path);
        }
        self.manifest.files.insert(
            name.to_owned(),
            ManifestEntry {
                article,
                sha256: hash,
            },
        );
        self.report.files.push(name.to_owned());
        self.report.written.push(name.to_owned());
        Ok(())
    }

    /// Saves the manifest and returns what the export did.
    ///
    /// # Errors
    /// [`Error::Io`] if the manifest cannot be written.
    pub fn finish(mut self) -> Result<ExportReport, Error> {
        self.sync_new_files()?;
        self.manifest.version = 1;
        let bytes = serde_json::to_vec_pretty(&self.manifest).map_err(|e| Error::Io {
            path: self.path.join(MANIFEST),
            reason: e.to_string(),
        })?;
        let path = self.path.join(MANIFEST);
        write_whole(&path, &bytes, true).map_err(|e| io_error(&path, &e))?;
        Ok(self.report)
    }

    /// Flushes the new files to disk: with one `syncfs` of the folder's file system on Linux,
    /// else file by file.
    fn sync_new_files(&mut self) -> Result<(), Error> {
        if self.unsynced.is_empty() {
            return Ok(());
        }
        #[cfg(target_os = "linux")]
        {
            let folder = std::fs::File::open(&self.path).map_err(|e| io_error(&self.path, &e))?;
            rustix::fs::syncfs(&folder).map_err(|e| io_error(&self.path, &e.into()))?;
        }
        #[cfg(not(target_os = "linux"))]
        for path in &self.unsynced {
            std::fs::File::open(path)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(path, &e))?;
        }
        self.unsynced.clear();
        Ok(())
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

/// Writes a file so that it is either the old one or the whole new one, never half; `flush`
/// makes that hold across a power cut too.
fn write_whole(path: &Path, bytes: &[u8], flush: bool) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    let (tmp_path, mut file) = temp_file_in(folder)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| if flush { file.sync_all() } else { Ok(()) });
    drop(file);
    let result = written.and_then(|()| std::fs::rename(&tmp_path, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    result
}

fn temp_file_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for attempt in 0..100u32 {
        let path = folder.join(format!(
            ".tidings-export-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("cannot create a temporary file"))
}
