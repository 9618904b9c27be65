//! Articles: saving a clip with its addresses, reading it back, listing, status, stars.
//! (Deleting moves an article to the trash: see `trash.rs`.)

use std::io::{Read, Write};

use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use rusqlite::{params, params_from_iter, types::Value, OptionalExtension};

use super::rows::{clean_names, summary_from_row, SUMMARY_COLUMNS};
use super::{now, Error, Result, Store};
use crate::model::{
    Article, ArticleStatus, ArticleSummary, ListFilter, ListSort, Note, ViewCounts,
};

/// What extraction produced for an article: everything that is re-derived when it is re-extracted.
#[derive(Debug, Clone, Default)]
pub struct ArticleContent {
    pub canonical_url: Option<String>,
    pub title: String,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub published_at: Option<String>,
    pub modified_at: Option<String>,
    pub excerpt: Option<String>,
    pub lead_image_url: Option<String>,
    pub content_html: String,
    pub text: String,
    pub word_count: u32,
    pub reading_minutes: u32,
    pub warnings: Vec<String>,
}

/// An article to be saved, as the clip workflow assembled it.
#[derive(Debug, Clone, Default)]
pub struct NewArticle {
    pub original_url: String,
    pub final_url: String,
    /// Every duplicate-detection key the article is known by (see [`crate::urlnorm::dedup_key`]).
    pub url_keys: Vec<String>,
    pub content: ArticleContent,
    /// The fetched page, UTF-8; stored compressed.
    pub raw_html: String,
    pub http_date: Option<String>,
}

/// What an import's source knew about an article (see [`Store::insert_article_from`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// When the source saved it, RFC 3339 UTC; else now.
    pub saved_at: Option<String>,
    pub status: Option<ArticleStatus>,
    pub starred: bool,
    /// The page was sent by a browser (what the reader saw): never re-fetched unless forced.
    pub captured_in_browser: bool,
}

/// A filter as SQL: a join and a `WHERE` clause over `articles a`, with their arguments.
pub(super) struct Narrowing {
    pub sql: String,
    pub args: Vec<Value>,
}

impl Store {
    /// Whether an article's page was captured in the browser (see [`Provenance`]).
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`].
    pub fn captured_in_browser(&self, id: i64) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT captured_in_browser FROM articles WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::ArticleNotFound(id))
    }

    /// The article already saved under any of `keys`, if one is.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn find_by_url_keys(&self, keys: &[String]) -> Result<Option<i64>> {
        find_by_url_keys(&self.conn, keys)
    }

    /// Saves a new article with its addresses, tags and collection, and returns its id.
    /// All or nothing: a failure leaves the library as it was. If an article is already known by
    /// one of its addresses (another process saved it meanwhile), that article's id is returned
    /// and nothing is written.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a blank tag or collection name; a database failure.
    pub fn insert_article(
        &mut self,
        article: &NewArticle,
        tags: &[String],
        collection: Option<&str>,
    ) -> Result<i64> {
        self.insert_article_from(article, tags, collection, &Provenance::default())
            .map(|(id, _)| id)
    }

    /// [`Store::insert_article`], with what an import's source knew about the article written
    /// in the same transaction: a crash cannot leave it saved without its status or saved time.
    /// Returns the id, and whether the article is new (false: it was already saved, by one of
    /// its addresses, and nothing was written; the lookup and the insert share one write
    /// transaction, so two processes clipping one page at once save it once).
    ///
    /// # Errors
    /// As [`Store::insert_article`].
    pub fn insert_article_from(
        &mut self,
        article: &NewArticle,
        tags: &[String],
        collection: Option<&str>,
        provenance: &Provenance,
    ) -> Result<(i64, bool)> {
        let tags = clean_names(tags, "tag")?;
        let raw = compress(&article.raw_html)?;
        self.transaction(|tx| {
            if let Some(id) = find_by_url_keys(tx, &article.url_keys)? {
                return Ok((id, false));
            }
            let id = insert_in(tx, article, &raw, &tags, collection, provenance)?;
            Ok((id, true))
        })
    }

    /// Replaces an article's extracted content and re-places its highlights, in one transaction.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`]; nothing changes on failure.
    pub fn replace_content(
        &mut self,
        id: i64,
        c: &ArticleContent,
        placements: &[super::Placement],
    ) -> Result<()> {
        self.transaction(|tx| write_content(tx, id, c, placements))
    }

    /// Replaces an article's stored page (a refresh), its content, and its highlights' places.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`]; nothing changes on failure.
    pub fn replace_page(
        &mut self,
        id: i64,
        raw_html: &str,
        final_url: &str,
        content: &ArticleContent,
        placements: &[super::Placement],
    ) -> Result<()> {
        let raw = compress(raw_html)?;
        self.transaction(|tx| {
            tx.execute(
                "UPDATE articles SET raw_html_gz = ?2, final_url = ?3, fetched_at = ?4 WHERE id = ?1",
                params![id, raw, final_url, now()],
            )?;
            write_content(tx, id, content, placements)
        })
    }

    /// The ids of every article, oldest first.
    ///
    /// # Errors
    /// On a database failure.
    pub fn article_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Files an article that is already saved under more addresses (e.g. a short link that
    /// redirected to it, so the next clip of it needs no fetch), tags and a collection, in one
    /// transaction. An article in the trash comes back: clipping it again means it is wanted.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a blank tag or collection name; a database failure.
    pub fn refile(
        &mut self,
        id: i64,
        keys: &[String],
        tags: &[String],
        collection: Option<&str>,
    ) -> Result<()> {
        let tags = clean_names(tags, "tag")?;
        self.transaction(|tx| refile_in(tx, id, keys, &tags, collection))
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
        let mut article = self.conn.query_row(
            "SELECT original_url, final_url, canonical_url, language, modified_at, content_html, text, warnings,
                    captured_in_browser
             FROM articles WHERE id = ?1",
            [id],
            |r| {
                let warnings: String = r.get(7)?;
                Ok(Article {
                    summary,
                    original_url: r.get(0)?,
                    final_url: r.get(1)?,
                    canonical_url: r.get(2)?,
                    language: r.get(3)?,
                    modified_at: r.get(4)?,
                    content_html: r.get(5)?,
                    text: r.get(6)?,
                    note: None,
                    tags: Vec::new(),
                    collections: Vec::new(),
                    highlights: Vec::new(),
                    warnings: serde_json::from_str(&warnings).unwrap_or_default(),
                    captured_in_browser: r.get(8)?,
                })
            },
        )?;
        article.note = self.note(id)?;
        article.tags = self.article_tags(id)?;
        article.collections = self.article_collections(id)?;
        article.highlights = self.article_highlights(id)?;
        Ok(article)
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

    /// The articles `filter` selects: newest saved first, or in the collection's order when it names one.
    ///
    /// # Errors
    /// [`Error::CollectionNotFound`] when the filter names a collection that does not exist.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<ArticleSummary>> {
        let narrowing = self.narrowing(filter)?;
        let order = match (filter.sort, filter.collection.is_some()) {
            (Some(ListSort::Published), _) => {
                "a.published_at IS NULL, a.published_at DESC, a.id DESC"
            }
            (None, _) if filter.trash => "a.deleted_at DESC, a.id DESC",
            (_, true) => "ca.position, a.id",
            (_, false) => "a.saved_at DESC, a.id DESC",
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a{} ORDER BY {order} LIMIT ? OFFSET ?",
            narrowing.sql
        );
        let mut args = narrowing.args;
        args.push(Value::Integer(filter.limit.map_or(-1, i64::from)));
        args.push(Value::Integer(filter.offset.map_or(0, i64::from)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The join and `WHERE` clause (over `articles a`) that apply a list filter's status, tag,
    /// collection, star and trash; shared by listing and search.
    pub(super) fn narrowing(&self, filter: &ListFilter) -> Result<Narrowing> {
        let mut sql = String::new();
        let mut conditions: Vec<&str> = vec![if filter.trash {
            "a.deleted_at IS NOT NULL"
        } else {
            "a.deleted_at IS NULL"
        }];
        let mut args: Vec<Value> = Vec::new();
        if let Some(name) = &filter.collection {
            let collection_id = self.collection_id(name)?;
            sql.push_str(" JOIN collection_articles ca ON ca.article_id = a.id");
            conditions.push("ca.collection_id = ?");
            args.push(Value::Integer(collection_id));
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
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
        Ok(Narrowing { sql, args })
    }

    /// How many articles each sidebar view holds, how many highlights there are (both without
    /// the trash), and how many articles are in the trash.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn counts(&self) -> Result<ViewCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE deleted_at IS NULL AND status = 'unread'),
                    count(*) FILTER (WHERE deleted_at IS NULL AND starred = 1),
                    count(*) FILTER (WHERE deleted_at IS NULL AND status = 'archived'),
                    count(*) FILTER (WHERE deleted_at IS NULL),
                    (SELECT count(*) FROM highlights
                     WHERE article_id NOT IN (SELECT id FROM articles WHERE deleted_at IS NOT NULL)),
                    count(*) FILTER (WHERE deleted_at IS NOT NULL)
             FROM articles",
            [],
            |r| {
                Ok(ViewCounts {
                    unread: r.get(0)?,
                    starred: r.get(1)?,
                    archived: r.get(2)?,
                    all: r.get(3)?,
                    highlights: r.get(4)?,
                    trash: r.get(5)?,
                })
            },
        )?)
    }

    /// How many articles the library holds (the trash aside).
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn article_count(&self) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM articles WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Moves an article to `status`.
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn set_status(&mut self, id: i64, status: ArticleStatus) -> Result<()> {
        self.update_article(id, "status = ?2", status.as_str())
    }

    /// Sets when an article was saved (an import keeps the source's time).
    ///
    /// # Errors
    /// [`Error::ArticleNotFound`] for an unknown id.
    pub fn set_saved_at(&mut self, id: i64, saved_at: &str) -> Result<()> {
        self.update_article(id, "saved_at = ?2", saved_at)
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
}

/// Saves a new article (its page already compressed) with what the source knew, its addresses,
/// tags (already cleaned) and collection, inside the caller's transaction; returns its id.
pub(super) fn insert_in(
    tx: &rusqlite::Transaction<'_>,
    article: &NewArticle,
    raw: &[u8],
    tags: &[String],
    collection: Option<&str>,
    provenance: &Provenance,
) -> Result<i64> {
    let c = &article.content;
    let warnings = serde_json::to_string(&c.warnings).map_err(|e| Error::Invalid(e.to_string()))?;
    let saved_at = now();
    tx.execute(
        "INSERT INTO articles (original_url, final_url, canonical_url, title, byline, site_name, language,
             published_at, saved_at, updated_at, excerpt, lead_image_url, content_html, text, word_count,
             reading_minutes, warnings, raw_html_gz, fetched_at, http_date, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?9, ?18, ?19)",
        params![
            article.original_url,
            article.final_url,
            c.canonical_url,
            c.title,
            c.byline,
            c.site_name,
            c.language,
            c.published_at,
            saved_at,
            c.excerpt,
            c.lead_image_url,
            c.content_html,
            c.text,
            c.word_count,
            c.reading_minutes,
            warnings,
            raw,
            article.http_date,
            c.modified_at,
        ],
    )?;
    let id = tx.last_insert_rowid();
    if *provenance != Provenance::default() {
        tx.execute(
            "UPDATE articles SET saved_at = coalesce(?2, saved_at),
                 status = coalesce(?3, status), starred = ?4, captured_in_browser = ?5
             WHERE id = ?1",
            params![
                id,
                provenance.saved_at,
                provenance.status.map(ArticleStatus::as_str),
                provenance.starred,
                provenance.captured_in_browser
            ],
        )?;
    }
    file_article(tx, id, &article.url_keys, tags, collection)?;
    Ok(id)
}

/// [`Store::refile`] inside the caller's transaction (tags already cleaned).
pub(super) fn refile_in(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    keys: &[String],
    tags: &[String],
    collection: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE articles SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
        [id],
    )?;
    file_article(tx, id, keys, tags, collection)
}

/// Records an article's addresses, tags (already cleaned) and collection membership, inside
/// the caller's transaction.
fn file_article(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    keys: &[String],
    tags: &[String],
    collection: Option<&str>,
) -> Result<()> {
    record_url_keys(tx, id, keys)?;
    super::organise::tag_article(tx, id, tags)?;
    if let Some(name) = collection {
        let collection_id = super::organise::ensure_collection(tx, name)?;
        super::organise::append_to_collection(tx, collection_id, id)?;
    }
    Ok(())
}

/// The article known by any of `keys`.
pub(super) fn find_by_url_keys(
    conn: &rusqlite::Connection,
    keys: &[String],
) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached("SELECT article_id FROM article_urls WHERE url_key = ?1")?;
    for key in keys {
        if let Some(id) = stmt.query_row([key], |r| r.get(0)).optional()? {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Records the duplicate keys an article is known by (keys already taken stay with their article).
pub(super) fn record_url_keys(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    keys: &[String],
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO article_urls (url_key, article_id) VALUES (?1, ?2)",
    )?;
    for key in keys {
        stmt.execute(params![key, id])?;
    }
    Ok(())
}

/// Writes re-derived content and highlight places inside the caller's transaction.
fn write_content(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    c: &ArticleContent,
    placements: &[super::Placement],
) -> Result<()> {
    let warnings = serde_json::to_string(&c.warnings).map_err(|e| Error::Invalid(e.to_string()))?;
    let changed = tx.execute(
            "UPDATE articles SET canonical_url = ?2, title = ?3, byline = ?4, site_name = ?5, language = ?6,
                 published_at = ?7, excerpt = ?8, lead_image_url = ?9, content_html = ?10, text = ?11,
                 word_count = ?12, reading_minutes = ?13, warnings = ?14, updated_at = ?15,
                 modified_at = ?16
             WHERE id = ?1",
            params![
                id,
                c.canonical_url,
                c.title,
                c.byline,
                c.site_name,
                c.language,
                c.published_at,
                c.excerpt,
                c.lead_image_url,
                c.content_html,
                c.text,
                c.word_count,
                c.reading_minutes,
                warnings,
                now(),
                c.modified_at,
            ],
        )?;
    if changed == 0 {
        return Err(Error::ArticleNotFound(id));
    }
    super::highlights::place_highlights(tx, placements)
}

/// The stored page, gzipped at the fastest level: on a 1 MB page that is 10–20 ms instead of
/// 25–70 ms of every clip, for a file about a fifth larger (measured on the Mozilla corpus).
pub(super) fn compress(text: &str) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder
        .write_all(text.as_bytes())
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::Invalid(format!("compressing page: {e}")))
}

pub(super) fn decompress(bytes: &[u8]) -> Result<String> {
    let mut text = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| Error::Invalid(format!("the stored page is damaged: {e}")))?;
    Ok(text)
}
