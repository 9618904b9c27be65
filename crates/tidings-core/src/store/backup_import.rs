//! Restoring a JSON backup: every article with its note, highlights, tags, status and dates,
//! the collections in order and the saved searches — in one transaction, merging into what the library holds.

use std::collections::HashMap;

use rusqlite::params;

use super::articles::{compress, find_by_url_keys, record_url_keys};
use super::organise::{append_to_collection, ensure_collection, tag_article};
use super::saved_searches::restore_saved_search;
use super::{Result, Store};
use crate::backup::Backup;

/// What a restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupImportCounts {
    /// Articles added to the library.
    pub added: u32,
    /// Articles the library already had; their tags, highlights, note and collections were merged in.
    pub merged: u32,
}

impl Store {
    /// Restores `backup`; `url_keys[i]` are the duplicate keys of `backup.articles[i]`.
    /// All or nothing: on any failure the library is left as it was.
    ///
    /// # Errors
    /// On a database failure.
    pub fn import_backup(
        &mut self,
        backup: &Backup,
        url_keys: &[Vec<String>],
    ) -> Result<BackupImportCounts> {
        self.transaction(|tx| {
            // New articles go in without their text, which is set for all of them at the end in
            // one statement. Each note and highlight re-indexes its article's search document, and
            // without the text that is cheap; and FTS5 writes its pending index to disk at the
            // start of every statement that changes it, so one statement for all the texts makes
            // a few large index segments instead of one small segment per article.
            tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS pending_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
                 DELETE FROM temp.pending_texts;",
            )?;
            let mut counts = BackupImportCounts::default();
            let mut ids = vec![0i64; backup.articles.len()];
            // Oldest first, so ids grow with saved time as they did in the original library.
            for (i, a) in backup.articles.iter().enumerate().rev() {
                let keys = url_keys.get(i).map_or(&[][..], Vec::as_slice);
                let existing = find_by_url_keys(tx, keys)?;
                let id = if let Some(id) = existing {
                    counts.merged += 1;
                    id
                } else {
                    counts.added += 1;
                    let warnings = serde_json::to_string(&a.warnings).unwrap_or_else(|_| "[]".into());
                    let raw = a.raw_html.as_deref().map(compress).transpose()?;
                    // The text goes in after the loop (see `pending_texts`).
                    tx.prepare_cached(
                        "INSERT INTO articles (original_url, final_url, canonical_url, title, byline, site_name, language,
                             published_at, saved_at, updated_at, excerpt, lead_image_url, content_html, text, word_count,
                             reading_minutes, status, starred, warnings, raw_html_gz, modified_at,
                             captured_in_browser)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                    )?
                    .execute(params![
                            a.original_url,
                            a.final_url,
                            a.canonical_url,
                            a.title,
                            a.byline,
                            a.site_name,
                            a.language,
                            a.published_at,
                            a.saved_at,
                            a.excerpt,
                            a.lead_image_url,
                            a.content_html,
                            "",
                            a.word_count,
                            a.reading_minutes,
                            a.status.as_str(),
                            a.starred,
                            warnings,
                            raw,
                            a.modified_at,
                            a.captured_in_browser,
                        ])?;
                    tx.last_insert_rowid()
                };
                if existing.is_none() && !a.text.is_empty() {
                    tx.prepare_cached("INSERT INTO temp.pending_texts (id, text) VALUES (?1, ?2)")?
                        .execute(params![id, a.text])?;
                }
                ids[i] = id;
                record_url_keys(tx, id, keys)?;
                tag_article(tx, id, &a.tags)?;
                if let Some(note) = &a.note {
                    let has_note: bool = tx
                        .prepare_cached("SELECT EXISTS (SELECT 1 FROM notes WHERE article_id = ?1)")?
                        .query_row([id], |r| r.get(0))?;
                    if !has_note {
                        tx.prepare_cached(
                            "INSERT INTO notes (article_id, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4)",
                        )?
                        .execute(params![id, note.body, note.created_at, note.updated_at])?;
                    }
                }
                for h in &a.highlights {
                    let exists: bool = tx
                        .prepare_cached(
                            "SELECT EXISTS (SELECT 1 FROM highlights WHERE article_id = ?1 AND exact = ?2 AND start_pos = ?3)",
                        )?
                        .query_row(params![id, h.exact, h.start], |r| r.get(0))?;
                    if !exists {
                        tx.prepare_cached(
                            "INSERT INTO highlights (article_id, exact, prefix, suffix, start_pos, end_pos, color, note, orphaned,
                                 created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        )?
                        .execute(params![id, h.exact, h.prefix, h.suffix, h.start, h.end, h.color, h.note, h.orphaned, h.created_at, h.updated_at],
                        )?;
                    }
                }
            }
            tx.execute_batch(
                "UPDATE articles SET text = p.text FROM temp.pending_texts p WHERE articles.id = p.id;
                 DELETE FROM temp.pending_texts;",
            )?;
            // Where each reference first appears.
            let mut index_of: HashMap<u32, usize> = HashMap::new();
            for (i, a) in backup.articles.iter().enumerate() {
                index_of.entry(a.reference).or_insert(i);
            }
            for c in &backup.collections {
                let collection_id = ensure_collection(tx, &c.name)?;
                if !c.description.trim().is_empty() {
                    tx.execute(
                        "UPDATE collections SET description = ?2 WHERE id = ?1 AND description = ''",
                        params![collection_id, c.description.trim()],
                    )?;
                }
                for reference in &c.articles {
                    if let Some(&article_id) = index_of.get(reference).and_then(|&i| ids.get(i)) {
                        append_to_collection(tx, collection_id, article_id)?;
                    }
                }
            }
            for saved in &backup.saved_searches {
                restore_saved_search(tx, saved)?;
            }
            Ok(counts)
        })
    }
}
