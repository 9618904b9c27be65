//! Writing an export into a folder the user chose, safely and repeatably.
//!
//! A manifest (`.tidings-export.json`) remembers which file holds which article and a hash of
//! what Tidings wrote there. So a re-export keeps each article's file name, rewrites only files
//! Tidings wrote and nobody changed since, leaves other files alone, and writes the new version
//! *beside* a file the user edited, with a warning. Names never contain a path separator, so
//! nothing is written outside the folder; each file is written whole (temp file + rename).

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
    taken: HashSet<String>,
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
        Ok(Self {
            path: path.to_owned(),
            manifest,
            taken: HashSet::new(),
            report: ExportReport::default(),
        })
    }

    /// The file name for an article: the one it had in earlier exports, else `stem.ext` made
    /// unique against this export, the manifest, and files the user keeps in the folder.
    pub fn name_for(&mut self, article: Option<i64>, stem: &str, ext: &str) -> String {
        if let Some(id) = article {
            let known = self
                .manifest
                .files
                .iter()
                .find(|(_, e)| e.article == Some(id))
                .map(|(name, _)| name.clone());
            if let Some(name) = known.filter(|n| !self.taken.contains(&n.to_lowercase())) {
                self.taken.insert(name.to_lowercase());
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
        self.taken.insert(name.to_lowercase());
        name
    }

    /// A name is free for an article if nothing else in this export uses it, and the file is
    /// either absent or one Tidings wrote for that same article.
    fn is_free(&self, name: &str, article: Option<i64>) -> bool {
        if self.taken.contains(&name.to_lowercase()) || name == MANIFEST {
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
                        !self.taken.contains(&n.to_lowercase()) && !self.path.join(n).exists()
                    })
                    .unwrap_or_else(|| format!("{stem} (new).{ext}"));
                self.taken.insert(beside.to_lowercase());
                self.report.warnings.push(format!(
                    "{name} was changed since the last export: kept your version and wrote the new one to {beside}"
                ));
                write_whole(&self.path.join(&beside), bytes)
                    .map_err(|e| io_error(&self.path.join(&beside), &e))?;
                self.report.files.push(beside.clone());
                self.report.written.push(beside);
                return Ok(());
            }
        }
        write_whole(&path, bytes).map_err(|e| io_error(&path, &e))?;
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
        self.manifest.version = 1;
        let bytes = serde_json::to_vec_pretty(&self.manifest).map_err(|e| Error::Io {
            path: self.path.join(MANIFEST),
            reason: e.to_string(),
        })?;
        let path = self.path.join(MANIFEST);
        write_whole(&path, &bytes).map_err(|e| io_error(&path, &e))?;
        Ok(self.report)
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

/// Writes a file so that it is either the old one or the whole new one, never half.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    let (tmp_path, mut file) = temp_file_in(folder)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
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
