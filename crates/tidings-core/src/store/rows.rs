//! Row helpers the table modules share, so none of them reaches into another for them: an
//! article summary's columns and how to read them, the check that an article exists, and the
//! cleaning of a name a person typed (a tag, a collection, a saved search).

use rusqlite::{Row, Transaction};

use super::{Error, Result};
use crate::model::ArticleSummary;

/// The columns [`summary_from_row`] reads, over `articles a`.
pub(super) const SUMMARY_COLUMNS: &str = "a.id, a.title, coalesce(a.canonical_url, a.final_url), a.site_name, a.byline, \
     a.published_at, a.saved_at, a.excerpt, a.lead_image_url, a.word_count, a.reading_minutes, a.status, a.starred";

/// An article summary from a row that starts with [`SUMMARY_COLUMNS`].
pub(super) fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: row.get(0)?,
        title: row.get(1)?,
        url: row.get(2)?,
        site_name: row.get(3)?,
        byline: row.get(4)?,
        published_at: row.get(5)?,
        saved_at: row.get(6)?,
        excerpt: row.get(7)?,
        lead_image_url: row.get(8)?,
        word_count: row.get(9)?,
        reading_minutes: row.get(10)?,
        // The CHECK constraint admits only the three names.
        status: row.get::<_, String>(11)?.parse().unwrap_or_default(),
        starred: row.get(12)?,
    })
}

/// [`Error::ArticleNotFound`] unless the article exists (in the trash or not).
pub(super) fn require_article(tx: &Transaction<'_>, id: i64) -> Result<()> {
    require_row(tx, "articles", id, Error::ArticleNotFound)
}

/// `missing(id)` unless `table` has a row with that id (`table` is one of ours, never input).
pub(super) fn require_row(
    conn: &rusqlite::Connection,
    table: &'static str,
    id: i64,
    missing: fn(i64) -> Error,
) -> Result<()> {
    let exists: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(missing(id))
    }
}

/// A name with its white space collapsed; refused when empty or over 200 characters.
pub(super) fn clean_name(name: &str, what: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::Invalid(format!("a {what} name cannot be empty")));
    }
    if name.chars().count() > 200 {
        return Err(Error::Invalid(format!(
            "a {what} name cannot be longer than 200 characters"
        )));
    }
    Ok(name)
}

/// Each of `names` cleaned as [`clean_name`] does.
pub(super) fn clean_names(names: &[String], what: &str) -> Result<Vec<String>> {
    names.iter().map(|n| clean_name(n, what)).collect()
}
