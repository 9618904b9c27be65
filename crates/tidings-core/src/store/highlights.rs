//! Highlights: saving, editing, the review list, and placing them again after the text changed.

use rusqlite::{params, params_from_iter, types::Value, OptionalExtension, Row};

use super::rows::{require_article, summary_from_row, SUMMARY_COLUMNS};
use super::{now, Error, Result, Store};
use crate::model::{Highlight, HighlightEntry, HighlightFilter};

/// A highlight to be saved (its anchoring is computed by the caller).
#[derive(Debug, Clone)]
pub struct NewHighlight {
    pub article_id: i64,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    pub start: u32,
    pub end: u32,
    pub color: String,
    pub note: Option<String>,
    /// Kept although its quote is not in the text (an imported passage the extraction lost).
    pub orphaned: bool,
}

/// Where a highlight sits after its article's text changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Anchored at `start..end`; `quote` replaces the stored selectors when the words changed.
    Anchored {
        id: i64,
        start: u32,
        end: u32,
        quote: Option<(String, String, String)>,
    },
    /// The quote is gone from the text: kept, flagged, not moved.
    Orphaned { id: i64 },
}

const HIGHLIGHT_COLUMNS: &str =
    "h.id, h.article_id, h.exact, h.prefix, h.suffix, h.start_pos, h.end_pos, h.color, \
     h.note, h.orphaned, h.created_at, h.updated_at";

fn highlight_from_row(r: &Row<'_>, offset: usize) -> rusqlite::Result<Highlight> {
    Ok(Highlight {
        id: r.get(offset)?,
        article_id: r.get(offset + 1)?,
        exact: r.get(offset + 2)?,
        prefix: r.get(offset + 3)?,
        suffix: r.get(offset + 4)?,
        start: r.get(offset + 5)?,
        end: r.get(offset + 6)?,
        color: r.get(offset + 7)?,
        note: r.get(offset + 8)?,
        orphaned: r.get(offset + 9)?,
        created_at: r.get(offset + 10)?,
        updated_at: r.get(offset + 11)?,
    })
}

impl Store {
    /// Saves a highlight and returns it.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown article.
    pub fn insert_highlight(&mut self, h: &NewHighlight) -> Result<Highlight> {
        let id = self.transaction(|tx| {
            require_article(tx, h.article_id)?;
            insert_highlight_in(tx, h)
        })?;
        self.highlight(id)
    }

    /// One highlight.
    ///
    /// # Errors
    /// [`Error::HighlightNotFound`].
    pub fn highlight(&self, id: i64) -> Result<Highlight> {
        self.conn
            .query_row(
                &format!("SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.id = ?1"),
                [id],
                |r| highlight_from_row(r, 0),
            )
            .optional()?
            .ok_or(Error::HighlightNotFound(id))
    }

    /// Changes a highlight's colour and note (`Some("")` removes the note).
    ///
    /// # Errors
    /// [`Error::HighlightNotFound`].
    pub fn update_highlight(
        &mut self,
        id: i64,
        color: Option<&str>,
        note: Option<&str>,
    ) -> Result<Highlight> {
        let current = self.highlight(id)?;
        let color = color.unwrap_or(&current.color);
        let note = match note {
            Some(n) if n.trim().is_empty() => None,
            Some(n) => Some(n.trim().to_owned()),
            None => current.note,
        };
        self.conn.execute(
            "UPDATE highlights SET color = ?2, note = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, color, note, now()],
        )?;
        self.highlight(id)
    }

    /// Deletes a highlight.
    ///
    /// # Errors
    /// [`Error::HighlightNotFound`].
    pub fn delete_highlight(&mut self, id: i64) -> Result<()> {
        if self
            .conn
            .execute("DELETE FROM highlights WHERE id = ?1", [id])?
            == 0
        {
            return Err(Error::HighlightNotFound(id));
        }
        Ok(())
    }

    /// The highlights `filter` selects, newest first, each with its article (articles in the
    /// trash left out unless the filter names the article).
    /// `since`/`until` must already be RFC 3339 UTC.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`] when the filter names an unknown collection.
    pub fn highlights(&self, filter: &HighlightFilter) -> Result<Vec<HighlightEntry>> {
        let mut conditions: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(id) = filter.article_id {
            conditions.push("h.article_id = ?".into());
            args.push(Value::Integer(id));
        } else {
            conditions.push("a.deleted_at IS NULL".into());
        }
        if let Some(tag) = &filter.tag {
            conditions.push(
                "EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id AND t.name = ?)".into(),
            );
            args.push(Value::Text(tag.trim().to_owned()));
        }
        if let Some(name) = &filter.collection {
            let collection_id = self.collection_id(name)?;
            conditions.push("EXISTS (SELECT 1 FROM collection_articles ca WHERE ca.article_id = a.id AND ca.collection_id = ?)".into());
            args.push(Value::Integer(collection_id));
        }
        if let Some(color) = &filter.color {
            conditions.push("h.color = ?".into());
            args.push(Value::Text(color.trim().to_ascii_lowercase()));
        }
        for word in filter
            .query
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
        {
            conditions.push(
                "(h.exact LIKE ? ESCAPE '\\' OR coalesce(h.note, '') LIKE ? ESCAPE '\\')".into(),
            );
            let pattern = format!(
                "%{}%",
                word.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            args.push(Value::Text(pattern.clone()));
            args.push(Value::Text(pattern));
        }
        if let Some(since) = &filter.since {
            conditions.push("h.created_at >= ?".into());
            args.push(Value::Text(since.clone()));
        }
        if let Some(until) = &filter.until {
            conditions.push("h.created_at < ?".into());
            args.push(Value::Text(until.clone()));
        }
        if let Some(orphaned) = filter.orphaned {
            conditions.push("h.orphaned = ?".into());
            args.push(Value::Integer(i64::from(orphaned)));
        }
        let mut sql = format!("SELECT {SUMMARY_COLUMNS}, {HIGHLIGHT_COLUMNS} FROM highlights h JOIN articles a ON a.id = h.article_id");
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY h.created_at DESC, h.id DESC LIMIT ?");
        args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(HighlightEntry {
                article: summary_from_row(r)?,
                highlight: highlight_from_row(r, 13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An article's highlights: anchored ones in reading order, then orphans.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn article_highlights(&self, article_id: i64) -> Result<Vec<Highlight>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {HIGHLIGHT_COLUMNS} FROM highlights h WHERE h.article_id = ?1 ORDER BY h.orphaned, h.start_pos, h.id"
        ))?;
        let rows = stmt.query_map([article_id], |r| highlight_from_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An article's plain text, which highlights anchor in.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`].
    pub fn article_text(&self, id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT text FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(Error::ArticleNotFound(id))
    }
}

/// Saves a highlight inside the caller's transaction (its article known to exist); returns its id.
pub(super) fn insert_highlight_in(tx: &rusqlite::Transaction<'_>, h: &NewHighlight) -> Result<i64> {
    tx.execute(
        "INSERT INTO highlights (article_id, exact, prefix, suffix, start_pos, end_pos, color, note, orphaned,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![h.article_id, h.exact, h.prefix, h.suffix, h.start, h.end, h.color, h.note, h.orphaned, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Writes new places for highlights, inside the caller's transaction.
pub(super) fn place_highlights(
    tx: &rusqlite::Transaction<'_>,
    placements: &[Placement],
) -> Result<()> {
    let now = now();
    for placement in placements {
        match placement {
            Placement::Anchored {
                id,
                start,
                end,
                quote: None,
            } => {
                tx.execute(
                    "UPDATE highlights SET start_pos = ?2, end_pos = ?3, orphaned = 0 WHERE id = ?1",
                    params![id, start, end],
                )?;
            }
            Placement::Anchored {
                id,
                start,
                end,
                quote: Some((exact, prefix, suffix)),
            } => {
                tx.execute(
                    "UPDATE highlights SET start_pos = ?2, end_pos = ?3, exact = ?4, prefix = ?5, suffix = ?6,
                         orphaned = 0, updated_at = ?7 WHERE id = ?1",
                    params![id, start, end, exact, prefix, suffix, now],
                )?;
            }
            Placement::Orphaned { id } => {
                tx.execute(
                    "UPDATE highlights SET orphaned = 1, updated_at = ?2 WHERE id = ?1",
                    params![id, now],
                )?;
            }
        }
    }
    Ok(())
}
