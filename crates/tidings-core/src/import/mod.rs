//! Reading other tools' exports: Pocket (HTML and CSV), Instapaper (CSV), Omnivore (ZIP),
//! Netscape bookmark files from Chrome/Firefox/Safari, OPML, plain lists of URLs, and Tidings'
//! own JSON backup.
//!
//! Parsing is pure: a file's bytes (UTF-8, UTF-16 with a BOM, or a legacy encoding) become [`ImportItem`]s (or a [`Backup`]), each remembering
//! the record it came from, so a bad record is reported by its line. The import workflow
//! that saves them lives in [`crate::importer`].

mod bookmarks;
mod delimited;
mod omnivore;

pub use omnivore::KeptPage;

use serde::{Deserialize, Serialize};

use crate::backup::{Backup, BACKUP_FORMAT, BACKUP_VERSION};
use crate::model::ArticleStatus;
use crate::urlnorm::parse_clip_url;

/// The formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    /// Decide from the file's contents.
    #[default]
    Auto,
    /// One URL per line (blank lines and `#` comments ignored).
    Urls,
    /// Pocket's export: the HTML file or the newer CSV.
    Pocket,
    /// Instapaper's CSV export.
    Instapaper,
    /// Omnivore's export: a ZIP of `metadata_*.json`, `content/*.html` and `highlights/*.md`.
    Omnivore,
    /// A Netscape bookmark file (Chrome, Firefox, Safari, Edge).
    Netscape,
    /// An OPML outline of links.
    Opml,
    /// A Tidings JSON backup.
    Json,
}

/// One saved link from another tool, with what that tool knew about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportItem {
    /// Where it came from in the file ("line 7", "bookmark 12"), for reports.
    pub record: String,
    pub url: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// A folder in the source, kept as a collection.
    pub collection: Option<String>,
    /// RFC 3339 UTC.
    pub saved_at: Option<String>,
    pub status: Option<ArticleStatus>,
    pub starred: bool,
    /// Passages the user marked in the source.
    pub highlights: Vec<ImportHighlight>,
    pub note: Option<String>,
    /// The page as the source kept it (Omnivore's saved HTML): saved without fetching.
    pub page: Option<KeptPage>,
}

/// A passage marked in another tool, with what the user wrote about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportHighlight {
    pub quote: String,
    pub note: Option<String>,
}

/// What was in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Links to clip, with their metadata; and records that could not be read.
    Items {
        items: Vec<ImportItem>,
        bad: Vec<BadRecord>,
    },
    /// A Tidings backup to restore.
    Backup(Box<Backup>),
}

/// A record that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub record: String,
    pub reason: String,
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("import {file}: {reason}")]
    File { file: String, reason: String },
    #[error("import {file}, {record}: {reason}")]
    Record {
        file: String,
        record: String,
        reason: String,
    },
}

/// Reads `bytes` (the file `name`) as `format`.
///
/// # Errors
/// [`Error::File`] when the file is not in the format (or no format fits).
pub fn parse(name: &str, bytes: &[u8], format: ImportFormat) -> Result<Parsed, Error> {
    let file_error = |reason: String| Error::File {
        file: name.to_owned(),
        reason,
    };
    let format = if format == ImportFormat::Auto {
        detect(name, bytes).map_err(file_error)?
    } else {
        format
    };
    let text = if format == ImportFormat::Omnivore {
        String::new()
    } else {
        decode_text(bytes)
    };
    let items = match format {
        ImportFormat::Json => {
            return parse_backup(text.as_bytes())
                .map(|b| Parsed::Backup(Box::new(b)))
                .map_err(file_error)
        }
        ImportFormat::Urls => urls(&text),
        ImportFormat::Pocket if looks_like_html(&text) => bookmarks::netscape(&text, true),
        ImportFormat::Pocket => delimited::pocket(&text).map_err(file_error)?,
        ImportFormat::Instapaper => delimited::instapaper(&text).map_err(file_error)?,
        ImportFormat::Omnivore => {
            let (items, mut bad) = omnivore::read(bytes).map_err(file_error)?;
            let (items, bad_urls) = check_urls(items);
            bad.extend(bad_urls);
            return finish(format, items, bad).map_err(file_error);
        }
        ImportFormat::Netscape => bookmarks::netscape(&text, false),
        ImportFormat::Opml => bookmarks::opml(&text),
        ImportFormat::Auto => unreachable!("detected above"),
    };
    let (items, bad) = check_urls(items);
    finish(format, items, bad).map_err(file_error)
}

/// The items read, unless there are none at all.
fn finish(
    format: ImportFormat,
    items: Vec<ImportItem>,
    bad: Vec<BadRecord>,
) -> Result<Parsed, String> {
    if items.is_empty() && bad.is_empty() {
        return Err(format!("no links found (read as {})", format_name(format)));
    }
    Ok(Parsed::Items { items, bad })
}

fn format_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Auto => "auto",
        ImportFormat::Urls => "a list of URLs",
        ImportFormat::Pocket => "a Pocket export",
        ImportFormat::Instapaper => "an Instapaper export",
        ImportFormat::Omnivore => "an Omnivore export",
        ImportFormat::Netscape => "a bookmark file",
        ImportFormat::Opml => "OPML",
        ImportFormat::Json => "a Tidings backup",
    }
}

/// Guesses the format from the file's start (and, for CSV, its header).
fn detect(name: &str, bytes: &[u8]) -> Result<ImportFormat, String> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return omnivore::detect(bytes).map(|()| ImportFormat::Omnivore);
    }
    if is_binary(bytes) && !name.ends_with(".txt") {
        return Err("the file is neither text nor a known export format".into());
    }
    let head = decode_text(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start();
    if head.starts_with('{') {
        return Ok(ImportFormat::Json);
    }
    if head.contains("<opml") {
        return Ok(ImportFormat::Opml);
    }
    if head.contains("pocket export") {
        return Ok(ImportFormat::Pocket);
    }
    if head.contains("netscape-bookmark-file") || head.contains("<dt>") || looks_like_html(head) {
        return Ok(ImportFormat::Netscape);
    }
    let header = head.lines().next().unwrap_or_default();
    if header.contains("url") && header.contains("selection") && header.contains("folder") {
        return Ok(ImportFormat::Instapaper);
    }
    if header.contains("url") && header.contains("time_added") {
        return Ok(ImportFormat::Pocket);
    }
    Ok(ImportFormat::Urls)
}

/// The file's text: UTF-8 (its BOM dropped), UTF-16 with a BOM (as Windows tools write), else
/// the legacy encoding a detector guesses (a Latin-1 CSV from a spreadsheet, say).
fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector
        .guess(None, true)
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// Whether the file holds NUL bytes without saying it is UTF-16: not a text file.
fn is_binary(bytes: &[u8]) -> bool {
    encoding_rs::Encoding::for_bom(bytes).is_none() && bytes[..bytes.len().min(8192)].contains(&0)
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype")
        || head.starts_with("<html")
        || head.starts_with("<meta")
        || head.starts_with("<title")
}

fn urls(text: &str) -> Vec<ImportItem> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim();
            (!line.is_empty() && !line.starts_with('#')).then(|| ImportItem {
                record: format!("line {}", i + 1),
                url: line.to_owned(),
                ..ImportItem::default()
            })
        })
        .collect()
}

/// Keeps the items whose URL can be clipped; the others become bad records.
fn check_urls(items: Vec<ImportItem>) -> (Vec<ImportItem>, Vec<BadRecord>) {
    let mut good = Vec::with_capacity(items.len());
    let mut bad = Vec::new();
    for item in items {
        match parse_clip_url(&item.url) {
            Ok(_) => good.push(item),
            Err(e) => bad.push(BadRecord {
                record: item.record,
                reason: e.to_string(),
            }),
        }
    }
    (good, bad)
}

fn parse_backup(bytes: &[u8]) -> Result<Backup, String> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| format!("not a Tidings backup: {e}"))?;
    if header.format.as_deref() != Some(BACKUP_FORMAT) {
        return Err("not a Tidings backup (no \"format\": \"tidings-backup\")".into());
    }
    match header.version {
        Some(v) if v > BACKUP_VERSION => {
            return Err(format!("the backup has version {v}, written by a newer Tidings; this one reads up to {BACKUP_VERSION}"))
        }
        None => return Err("the backup has no version".into()),
        _ => {}
    }
    serde_json::from_slice(bytes).map_err(|e| format!("damaged backup: {e}"))
}

/// Unix seconds (as text) to RFC 3339 UTC.
fn unix_time(value: &str) -> Option<String> {
    let secs: i64 = value.trim().parse().ok()?;
    let time = chrono::DateTime::from_timestamp(secs, 0)?;
    Some(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Splits a tag list on commas or `|`, trimming and dropping blanks.
fn split_tags(value: &str) -> Vec<String> {
    value
        .split([',', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
