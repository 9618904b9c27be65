//! Articles: saving a clip with its addresses, reading it back, listing, status, stars, deletion.

use std::io::{Read, Write};

use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use rusqlite::{params, params_from_iter, types::Value, OptionalExtension, Row};

use super::{now, Error, Result, Store};
use crate::model::{Article, ArticleStatus, ArticleSummary, Highlight, ListFilter, Note};

/// An article to be saved, as the clip workflow assembled it.
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    pub original_url: String,
    pub final_url: String,
    pub canonical_url: Option<String>,
    /// Every duplicate-detection key the article is known by (see [`crate::urlnorm::dedup_key`]).
    pub url_keys: Vec<String>,
    pub title: String,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub published_at: Option<String>,
    pub excerpt: Option<String>,
    pub lead_image_url: Option<String>,
    pub content_html: String,
    pub text: String,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub warnings: Vec<String>,
    /// The fetched page, UTF-8; stored compressed.
    pub raw_html: String,
    pub http_date: Option<String>,
}

pub(super) const SUMMARY_COLUMNS: &str = "a.id, a.title, coalesce(a.canonical_url, a.final_url), a.site_name, a.byline, \
     a.published_at, a.saved_at, a.excerpt, a.lead_image_url, a.word_count, a.reading_minutes, a.status, a.starred";

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

impl Store {
    /// The article already saved under any of `keys`, if one is.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn find_by_url_keys(&self, keys: &[String]) -> Result<Option<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT article_id FROM article_urls WHERE url_key = ?1")?;
        for key in keys {
            if let Some(id) = stmt.query_row([key], |r| r.get(0)).optional()? {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// Saves a new article with its addresses, tags and collection, and returns its id.
    /// All or nothing: a failure leaves the library as it was.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a blank tag or collection name; a database failure.
    pub fn insert_article(
        &mut self,
        article: &NewArticle,
        tags: &[String],
        collection: Option<&str>,
    ) -> Result<i64> {
        let tags = super::organise::clean_names(tags, "tag")?;
        let raw = compress(&article.raw_html)?;
        let warnings =
            serde_json::to_string(&article.warnings).map_err(|e| Error::Invalid(e.to_string()))?;
        self.transaction(|tx| {
            let saved_at = now();
            tx.execute(
                "INSERT INTO articles (original_url, final_url, canonical_url, title, byline, site_name, language,
                     published_at, saved_at, updated_at, excerpt, lead_image_url, content_html, text, word_count,
                     reading_minutes, warnings, raw_html_gz, fetched_at, http_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?9, ?18)",
                params![
                    article.original_url,
                    article.final_url,
                    article.canonical_url,
                    article.title,
                    article.byline,
                    article.site_name,
                    article.language,
                    article.published_at,
                    saved_at,
                    article.excerpt,
                    article.lead_image_url,
                    article.content_html,
                    article.text,
                    article.word_count,
                    article.reading_minutes,
                    warnings,
                    raw,
                    article.http_date,
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO article_urls (url_key, article_id) VALUES (?1, ?2)")?;
            for key in &article.url_keys {
                stmt.execute(params![key, id])?;
            }
            super::organise::tag_article(tx, id, &tags)?;
            if let Some(name) = collection {
                let collection_id = super::organise::ensure_collection(tx, name)?;
                super::organise::append_to_collection(tx, collection_id, id)?;
            }
            Ok(id)
        })
    }

    /// Records more addresses under which an existing article is known (e.g. a short link that
    /// redirected to it), so the next clip of that address needs no fetch.
    ///
    /// # Errors
    /// On a database failure.
    pub fn add_url_keys(&mut self, id: i64, keys: &[String]) -> Result<()> {
        self.transaction(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_urls (url_key, article_id) VALUES (?1, ?2)",
            )?;
            for key in keys {
                stmt.execute(params![key, id])?;
            }
            Ok(())
        })
    }

    /// One article's list entry.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn summary(&self, id: i64) -> Result<ArticleSummary> {
        self.conn
            .query_row(
                &format!("SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?1"),
                [id],
                summary_from_row,
            )
            .optional()?
            .ok_or(Error::ArticleNotFound(id))
    }

    /// One whole article: content, note, tags, collections, highlights.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn article(&self, id: i64) -> Result<Article> {
        let summary = self.summary(id)?;
        let (original_url, final_url, canonical_url, language, content_html, text, warnings): (
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
        ) = self.conn.query_row(
            "SELECT original_url, final_url, canonical_url, language, content_html, text, warnings FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )?;
        Ok(Article {
            summary,
            original_url,
            final_url,
            canonical_url,
            language,
            content_html,
            text,
            note: self.note(id)?,
            tags: self.article_tags(id)?,
            collections: self.article_collections(id)?,
            highlights: self.highlights(id)?,
            warnings: serde_json::from_str(&warnings).unwrap_or_default(),
        })
    }

    /// The fetched page an article was extracted from, if it was kept.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id; [`Error::Invalid`] if the stored page is damaged.
    pub fn raw_html(&self, id: i64) -> Result<Option<String>> {
        let raw: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT raw_html_gz FROM articles WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::ArticleNotFound(id))?;
        raw.map(|bytes| decompress(&bytes)).transpose()
    }

    fn note(&self, id: i64) -> Result<Option<Note>> {
        Ok(self
            .conn
            .query_row(
                "SELECT body, created_at, updated_at FROM notes WHERE article_id = ?1",
                [id],
                |r| {
                    Ok(Note {
                        body: r.get(0)?,
                        created_at: r.get(1)?,
                        updated_at: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn highlights(&self, id: i64) -> Result<Vec<Highlight>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, article_id, exact, prefix, suffix, start_pos, end_pos, color, note, orphaned, created_at, updated_at
             FROM highlights WHERE article_id = ?1 ORDER BY start_pos, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(Highlight {
                id: r.get(0)?,
                article_id: r.get(1)?,
                exact: r.get(2)?,
                prefix: r.get(3)?,
                suffix: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
                color: r.get(7)?,
                note: r.get(8)?,
                orphaned: r.get(9)?,
                created_at: r.get(10)?,
                updated_at: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The articles `filter` selects: newest saved first, or in the collection's order when it names one.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`] when the filter names a collection that does not exist.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<ArticleSummary>> {
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM articles a");
        let mut conditions: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let mut order = "a.saved_at DESC, a.id DESC";
        if let Some(name) = &filter.collection {
            let collection_id = self.collection_id(name)?;
            sql.push_str(" JOIN collection_articles ca ON ca.article_id = a.id");
            conditions.push("ca.collection_id = ?");
            args.push(Value::Integer(collection_id));
            order = "ca.position, a.id";
        }
        if let Some(status) = filter.status {
            conditions.push("a.status = ?");
            args.push(Value::Text(status.as_str().to_owned()));
        }
        if let Some(tag) = &filter.tag {
            conditions.push(
                "EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id AND t.name = ?)",
            );
            args.push(Value::Text(tag.trim().to_owned()));
        }
        if filter.starred {
            conditions.push("a.starred = 1");
        }
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(&format!(" ORDER BY {order} LIMIT ? OFFSET ?"));
        args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        args.push(Value::Integer(filter.offset.map_or(0, i64::from)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many articles the library holds.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn article_count(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
    }

    /// Moves an article to `status`.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn set_status(&mut self, id: i64, status: ArticleStatus) -> Result<()> {
        self.update_article(id, "status = ?2", status.as_str())
    }

    /// Stars or unstars an article.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn set_starred(&mut self, id: i64, starred: bool) -> Result<()> {
        self.update_article(id, "starred = ?2", starred)
    }

    fn update_article(
        &mut self,
        id: i64,
        assignment: &str,
        value: impl rusqlite::ToSql,
    ) -> Result<()> {
        let changed = self.conn.execute(
            &format!("UPDATE articles SET {assignment}, updated_at = ?3 WHERE id = ?1"),
            params![id, value, now()],
        )?;
        if changed == 0 {
            return Err(Error::ArticleNotFound(id));
        }
        Ok(())
    }

    /// Deletes an article with its note, highlights, tags and memberships.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn delete_article(&mut self, id: i64) -> Result<()> {
        self.transaction(|tx| {
            if tx.execute("DELETE FROM articles WHERE id = ?1", [id])? == 0 {
                return Err(Error::ArticleNotFound(id));
            }
            Ok(())
        })
    }
}

fn compress(text: &str) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(text.as_bytes())
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::Invalid(format!("compressing page: {e}")))
}

fn decompress(bytes: &[u8]) -> Result<String> {
    let mut text = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| Error::Invalid(format!("the stored page is damaged: {e}")))?;
    Ok(text)
}
