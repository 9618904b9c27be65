//! CSV exports: Pocket's (`title,url,time_added,tags,status`) and Instapaper's
//! (`URL,Title,Selection,Folder,Timestamp[,Tags]`).

use std::collections::HashMap;

use super::{split_tags, unix_time, ImportHighlight, ImportItem};
use crate::model::ArticleStatus;

/// A CSV row: its line in the file, and its fields by lower-case column name.
type Row = (u64, HashMap<String, String>);

/// Reads a CSV with a header into rows.
fn records(text: &str) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the CSV header: {e}"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            format!("line {line}: {e}")
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        out.push((
            line,
            headers
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect(),
        ));
    }
    Ok(out)
}

fn field<'a>(record: &'a HashMap<String, String>, name: &str) -> &'a str {
    record.get(name).map_or("", |v| v.trim())
}

/// Pocket's CSV export.
pub(super) fn pocket(text: &str) -> Result<Vec<ImportItem>, String> {
    let rows = records(text)?;
    if rows.first().is_some_and(|(_, r)| !r.contains_key("url")) {
        return Err("not a Pocket CSV export: no \"url\" column".into());
    }
    Ok(rows
        .into_iter()
        .map(|(line, r)| ImportItem {
            record: format!("line {line}"),
            url: field(&r, "url").to_owned(),
            title: Some(field(&r, "title").to_owned()).filter(|t| !t.is_empty()),
            tags: split_tags(field(&r, "tags")),
            saved_at: unix_time(field(&r, "time_added")),
            status: match field(&r, "status") {
                "archive" | "archived" => Some(ArticleStatus::Archived),
                "unread" => Some(ArticleStatus::Unread),
                _ => None,
            },
            starred: matches!(field(&r, "favorite"), "1" | "true"),
            ..ImportItem::default()
        })
        .collect())
}

/// Instapaper's CSV export: folders become collections (Unread/Archive/Starred are statuses),
/// the `Selection` becomes a highlight.
pub(super) fn instapaper(text: &str) -> Result<Vec<ImportItem>, String> {
    let rows = records(text)?;
    if rows.first().is_some_and(|(_, r)| !r.contains_key("url")) {
        return Err("not an Instapaper CSV export: no \"URL\" column".into());
    }
    Ok(rows
        .into_iter()
        .map(|(line, r)| {
            let folder = field(&r, "folder");
            let (status, starred, collection) = match folder.to_ascii_lowercase().as_str() {
                "" | "unread" => (Some(ArticleStatus::Unread), false, None),
                "archive" => (Some(ArticleStatus::Archived), false, None),
                "starred" => (None, true, None),
                _ => (None, false, Some(folder.to_owned())),
            };
            let selection = field(&r, "selection");
            let tags = field(&r, "tags");
            let tags =
                serde_json::from_str::<Vec<String>>(tags).unwrap_or_else(|_| split_tags(tags));
            ImportItem {
                record: format!("line {line}"),
                url: field(&r, "url").to_owned(),
                title: Some(field(&r, "title").to_owned()).filter(|t| !t.is_empty()),
                tags,
                collection,
                saved_at: unix_time(field(&r, "timestamp")),
                status,
                starred,
                highlights: if selection.is_empty() {
                    Vec::new()
                } else {
                    vec![ImportHighlight {
                        quote: selection.to_owned(),
                        note: None,
                    }]
                },
                note: None,
                page: None,
            }
        })
        .collect())
}
