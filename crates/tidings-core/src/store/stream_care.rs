//! The stream curated: rules (stored as written; the subscriptions workflow compiles and applies
//! them as items arrive), the housekeeping setting and purge, full-text previews of items, and
//! the stream's own search index (`feed_items_fts`, apart from the library's).
//!
//! Tables (migration 010): `feed_rules`, `settings`, `feed_purged_items` (a purged item's key,
//! so the feed listing it still does not bring it back as new), `feed_item_previews`,
//! `feed_items_fts`.

use rusqlite::{params, OptionalExtension, Row};

use super::articles::{compress, decompress};
use super::rows::clean_name;
use super::{Error, Result, Store};
use crate::model::{FeedItem, FeedRule, ItemPreview, RuleAction, RuleField, StreamSettings};

/// A rule as stored, checked by the caller (its pattern compiles, its feed exists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub feed_id: Option<i64>,
    pub field: RuleField,
    pub pattern: String,
    pub regex: bool,
    pub action: RuleAction,
    pub expires_at: Option<String>,
}

/// A page fetched for an item's preview, with its extraction.
#[derive(Debug, Clone, Default)]
pub struct NewPreview {
    pub final_url: String,
    pub http_date: Option<String>,
    pub content_html: String,
    /// The article's text, for the stream's search.
    pub text: String,
    pub word_count: u32,
    pub raw_html: String,
}

/// A stored preview's page, as keeping the item saves it.
#[derive(Debug, Clone)]
pub struct PreviewPage {
    pub final_url: String,
    pub http_date: Option<String>,
    pub raw_html: String,
}

const RULE_COLUMNS: &str =
    "id, feed_id, field, pattern, regex, action, tag, expires_at, created_at";

fn rule_from_row(row: &Row<'_>, now: &str) -> rusqlite::Result<FeedRule> {
    let action: String = row.get(5)?;
    let tag: Option<String> = row.get(6)?;
    let action = match (action.as_str(), tag) {
        ("tag", Some(tag)) => RuleAction::Tag(tag),
        ("keep", _) => RuleAction::Keep,
        ("star", _) => RuleAction::Star,
        _ => RuleAction::Dismiss,
    };
    let expires_at: Option<String> = row.get(7)?;
    Ok(FeedRule {
        id: row.get(0)?,
        feed_id: row.get(1)?,
        // The CHECK constraint admits only the five names.
        field: row.get::<_, String>(2)?.parse().unwrap_or(RuleField::Title),
        pattern: row.get(3)?,
        regex: row.get(4)?,
        action,
        expired: expires_at.as_deref().is_some_and(|e| e <= now),
        expires_at,
        created_at: row.get(8)?,
    })
}

fn action_columns(action: &RuleAction) -> Result<(&'static str, Option<String>)> {
    Ok(match action {
        RuleAction::Dismiss => ("dismiss", None),
        RuleAction::Keep => ("keep", None),
        RuleAction::Star => ("star", None),
        RuleAction::Tag(tag) => ("tag", Some(clean_name(tag, "tag")?)),
    })
}

/// The setting's name in `settings`.
const KEEP_DAYS: &str = "stream_keep_days";

impl Store {
    /// Adds a rule; returns it.
    ///
    /// # Errors
    /// [`Error::FeedNotFound`]; [`Error::Invalid`] for a blank tag.
    pub fn add_rule(&mut self, rule: &RuleRow, now: &str) -> Result<FeedRule> {
        let (action, tag) = action_columns(&rule.action)?;
        let id = self.transaction(|tx| {
            if let Some(feed_id) = rule.feed_id {
                super::feeds::require_feed(tx, feed_id)?;
            }
            tx.execute(
                "INSERT INTO feed_rules (feed_id, field, pattern, regex, action, tag, expires_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    rule.feed_id,
                    rule.field.as_str(),
                    rule.pattern,
                    rule.regex,
                    action,
                    tag,
                    rule.expires_at,
                    now
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.rule(id, now)
    }

    /// Replaces a rule's parts (its id and creation time stay).
    ///
    /// # Errors
    /// [`Error::RuleNotFound`], [`Error::FeedNotFound`].
    pub fn update_rule(&mut self, id: i64, rule: &RuleRow, now: &str) -> Result<FeedRule> {
        let (action, tag) = action_columns(&rule.action)?;
        self.transaction(|tx| {
            if let Some(feed_id) = rule.feed_id {
                super::feeds::require_feed(tx, feed_id)?;
            }
            let changed = tx.execute(
                "UPDATE feed_rules SET feed_id = ?2, field = ?3, pattern = ?4, regex = ?5,
                     action = ?6, tag = ?7, expires_at = ?8
                 WHERE id = ?1",
                params![
                    id,
                    rule.feed_id,
                    rule.field.as_str(),
                    rule.pattern,
                    rule.regex,
                    action,
                    tag,
                    rule.expires_at
                ],
            )?;
            if changed == 0 {
                return Err(Error::RuleNotFound(id));
            }
            Ok(())
        })?;
        self.rule(id, now)
    }

    /// One rule (`expired` judged at `now`).
    ///
    /// # Errors
    /// [`Error::RuleNotFound`].
    pub fn rule(&self, id: i64, now: &str) -> Result<FeedRule> {
        self.conn
            .query_row(
                &format!("SELECT {RULE_COLUMNS} FROM feed_rules WHERE id = ?1"),
                [id],
                |r| rule_from_row(r, now),
            )
            .optional()?
            .ok_or(Error::RuleNotFound(id))
    }

    /// Every rule, oldest first (`expired` judged at `now`).
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn rules(&self, now: &str) -> Result<Vec<FeedRule>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {RULE_COLUMNS} FROM feed_rules ORDER BY id"
        ))?;
        let rules = stmt
            .query_map([], |r| rule_from_row(r, now))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rules)
    }

    /// Deletes a rule.
    ///
    /// # Errors
    /// [`Error::RuleNotFound`].
    pub fn remove_rule(&mut self, id: i64) -> Result<()> {
        if self
            .conn
            .execute("DELETE FROM feed_rules WHERE id = ?1", [id])?
            == 0
        {
            return Err(Error::RuleNotFound(id));
        }
        Ok(())
    }

    /// Every item of the stream (of one feed, or of all), newest first, whatever its state: what
    /// a rule's dry run looks at.
    ///
    /// # Errors
    /// [`Error::FeedNotFound`].
    pub fn all_items(&self, feed_id: Option<i64>) -> Result<Vec<FeedItem>> {
        if let Some(feed_id) = feed_id {
            super::feeds::require_feed(&self.conn, feed_id)?;
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM feed_items i JOIN feeds f ON f.id = i.feed_id
             WHERE ?1 IS NULL OR i.feed_id = ?1 ORDER BY i.sort_at DESC, i.id DESC",
            super::feeds::ITEM_COLUMNS
        ))?;
        let items = stmt
            .query_map([feed_id], super::feeds::item_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(items)
    }

    /// The stream's housekeeping setting.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn stream_settings(&self) -> Result<StreamSettings> {
        let days: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE name = ?1",
                [KEEP_DAYS],
                |r| r.get(0),
            )
            .optional()?;
        Ok(days
            .and_then(|d| d.parse().ok())
            .map_or_else(StreamSettings::default, |keep_days| StreamSettings {
                keep_days,
            }))
    }

    /// Sets the stream's housekeeping setting.
    ///
    /// # Errors
    /// [`Error::Invalid`] for 0 days; a database failure.
    pub fn set_stream_settings(&mut self, settings: StreamSettings) -> Result<()> {
        if settings.keep_days == 0 {
            return Err(Error::Invalid(
                "keep days must be at least 1 (seen and dismissed items are kept that long)".into(),
            ));
        }
        self.conn.execute(
            "INSERT INTO settings (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![KEEP_DAYS, settings.keep_days.to_string()],
        )?;
        Ok(())
    }

    /// Purges seen and dismissed items that arrived before `cutoff` (RFC 3339 UTC); kept and
    /// new ones stay. Their keys are remembered so their feeds do not bring them back. Returns
    /// how many went.
    ///
    /// # Errors
    /// Only on a database failure (nothing is purged then).
    pub fn purge_items(&mut self, cutoff: &str, now: &str) -> Result<u32> {
        self.transaction(|tx| {
            // `sort_at` is never later than `arrived_at`: the state index narrows by it first.
            let old = "SELECT id FROM feed_items
                       WHERE state IN ('seen', 'dismissed') AND sort_at < ?1 AND arrived_at < ?1";
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO feed_purged_items (feed_id, key, purged_at)
                     SELECT feed_id, key, ?2 FROM feed_items WHERE id IN ({old})"
                ),
                params![cutoff, now],
            )?;
            let purged = tx.execute(
                &format!("DELETE FROM feed_items WHERE id IN ({old})"),
                [cutoff],
            )?;
            Ok(u32::try_from(purged).unwrap_or(u32::MAX))
        })
    }

    /// Stores an item's preview (replacing one it had), and adds its text to the stream's
    /// search index.
    ///
    /// # Errors
    /// [`Error::ItemNotFound`].
    pub fn set_item_preview(
        &mut self,
        item_id: i64,
        preview: &NewPreview,
        now: &str,
    ) -> Result<()> {
        let raw = compress(&preview.raw_html)?;
        self.transaction(|tx| {
            let title: String = tx
                .query_row(
                    "SELECT title FROM feed_items WHERE id = ?1",
                    [item_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::ItemNotFound(item_id))?;
            tx.execute(
                "INSERT OR REPLACE INTO feed_item_previews
                     (item_id, final_url, http_date, content_html, word_count, fetched_at, raw_html)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    item_id,
                    preview.final_url,
                    preview.http_date,
                    preview.content_html,
                    preview.word_count,
                    now,
                    raw
                ],
            )?;
            let summary: String = tx.query_row(
                "SELECT summary_html FROM feed_items WHERE id = ?1",
                [item_id],
                |r| r.get(0),
            )?;
            tx.execute("DELETE FROM feed_items_fts WHERE rowid = ?1", [item_id])?;
            tx.execute(
                "INSERT INTO feed_items_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
                params![
                    item_id,
                    title,
                    format!(
                        "{}\n{}",
                        crate::feeds::rules::html_text(&summary),
                        preview.text
                    )
                ],
            )?;
            Ok(())
        })
    }

    /// An item's preview, if its article was fetched.
    ///
    /// # Errors
    /// [`Error::ItemNotFound`].
    pub fn item_preview(&self, item_id: i64) -> Result<Option<ItemPreview>> {
        super::feeds::require_item(&self.conn, item_id)?;
        Ok(self
            .conn
            .query_row(
                "SELECT item_id, final_url, content_html, word_count, fetched_at
                 FROM feed_item_previews WHERE item_id = ?1",
                [item_id],
                |r| {
                    Ok(ItemPreview {
                        item_id: r.get(0)?,
                        final_url: r.get(1)?,
                        content_html: r.get(2)?,
                        word_count: r.get(3)?,
                        fetched_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// The page stored with an item's preview, for keeping it without a second fetch.
    ///
    /// # Errors
    /// A damaged stored page; a database failure.
    pub fn preview_page(&self, item_id: i64) -> Result<Option<PreviewPage>> {
        let row: Option<(String, Option<String>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT final_url, http_date, raw_html FROM feed_item_previews WHERE item_id = ?1",
                [item_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(final_url, http_date, raw)| {
            Ok(PreviewPage {
                final_url,
                http_date,
                raw_html: decompress(&raw)?,
            })
        })
        .transpose()
    }

    /// Items matching `query` (FTS5 syntax, built by the caller) in title, summary or preview,
    /// best first: the stream's search, apart from the library's.
    ///
    /// # Errors
    /// A query FTS5 cannot read; a database failure.
    pub fn search_items(&self, fts_query: &str, limit: u32) -> Result<Vec<FeedItem>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM feed_items_fts s
             JOIN feed_items i ON i.id = s.rowid JOIN feeds f ON f.id = i.feed_id
             WHERE feed_items_fts MATCH ?1 ORDER BY bm25(feed_items_fts, 5.0, 1.0), i.id DESC
             LIMIT ?2",
            super::feeds::ITEM_COLUMNS
        ))?;
        let items = stmt
            .query_map(
                params![fts_query, limit.clamp(1, 1000)],
                super::feeds::item_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(items)
    }
}

/// A person's words as an FTS5 query over the stream's index: every word must appear (any
/// case, accents aside), the last one as a prefix (the word being typed). `None` for no words.
#[must_use]
pub fn stream_fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut query = rest.join(" ");
    if !query.is_empty() {
        query.push(' ');
    }
    query.push_str(last);
    query.push('*');
    Some(query)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::store::{NewFeed, NewItem, PollRecord};

    const NOW: &str = "2026-05-01T12:00:00Z";

    /// A library with one feed of `n` items (arrived at `NOW`), every other one seen.
    fn library(n: usize) -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let (feed, _) = store
            .insert_feed(
                &NewFeed {
                    url: "a.example/feed".into(),
                    url_key: "a.example/feed".into(),
                    next_check: NOW.into(),
                    ..NewFeed::default()
                },
                NOW,
            )
            .unwrap();
        let items = (0..n)
            .map(|i| NewItem {
                key: format!("id:{i}"),
                title: format!("Item {i} about sqlite"),
                text: format!("words of item {i}"),
                ..NewItem::default()
            })
            .collect();
        let record = PollRecord::Changed {
            title: "A".into(),
            site_url: None,
            ttl_minutes: None,
            etag: None,
            last_modified: None,
            items,
        };
        store.record_poll(feed, NOW, NOW, None, &record).unwrap();
        store
            .conn
            .execute("UPDATE feed_items SET state = 'seen' WHERE id % 2 = 0", [])
            .unwrap();
        (store, feed)
    }

    fn indexed(store: &Store) -> u32 {
        store
            .conn
            .query_row("SELECT count(*) FROM feed_items_fts", [], |r| r.get(0))
            .unwrap()
    }

    /// The stream's index follows its items out: purged, and unsubscribed (a cascade).
    #[test]
    fn index_rows_go_with_their_items() {
        let (mut store, feed) = library(6);
        assert_eq!(indexed(&store), 6);
        assert_eq!(store.search_items("\"sqlite\"", 50).unwrap().len(), 6);
        assert_eq!(store.purge_items("2026-05-02T00:00:00Z", NOW).unwrap(), 3);
        assert_eq!(indexed(&store), 3);
        store
            .set_item_preview(
                1,
                &NewPreview {
                    final_url: "https://a.example/1".into(),
                    text: "the preview's own vocabulary".into(),
                    raw_html: "<p>page</p>".into(),
                    ..NewPreview::default()
                },
                NOW,
            )
            .unwrap();
        assert_eq!(indexed(&store), 3);
        assert_eq!(store.search_items("\"vocabulary\"", 50).unwrap()[0].id, 1);
        assert_eq!(
            store.preview_page(1).unwrap().unwrap().raw_html,
            "<p>page</p>"
        );
        store.remove_feed(feed).unwrap();
        assert_eq!(indexed(&store), 0);
        let previews: u32 = store
            .conn
            .query_row("SELECT count(*) FROM feed_item_previews", [], |r| r.get(0))
            .unwrap();
        assert_eq!(previews, 0);
    }

    /// Housekeeping reads through the state index, not every item.
    #[test]
    fn the_purge_is_read_through_an_index() {
        let (store, _) = library(300);
        store.conn.execute("ANALYZE", []).unwrap();
        let mut stmt = store
            .conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT id FROM feed_items
                 WHERE state IN ('seen', 'dismissed') AND sort_at < ?1 AND arrived_at < ?1",
            )
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map([NOW], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("; ");
        assert!(
            plan.contains("USING INDEX feed_items_state_stream (state=? AND sort_at<?)"),
            "{plan}"
        );
    }

    /// A library of version 9 with items: after migration 010 they are in the stream's index,
    /// unstarred, untagged, and every rule and setting is at its default.
    #[test]
    fn migration_10_indexes_the_items_already_there() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::register_functions(&conn).unwrap();
        let migrations = rusqlite_migration::Migrations::from_slice(crate::store::MIGRATIONS);
        migrations.to_version(&mut conn, 9).unwrap();
        conn.execute_batch(
            "INSERT INTO feeds (id, url, url_key, next_check, created_at)
                 VALUES (1, 'u', 'u', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO feed_items (feed_id, key, title, sort_at, arrived_at, summary_html)
                 VALUES (1, 'k', 'Old item', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
                         '<p>about sqlite</p>');",
        )
        .unwrap();
        migrations.to_latest(&mut conn).unwrap();
        let found: (i64, bool, String) = conn
            .query_row(
                "SELECT i.id, i.starred, i.tags FROM feed_items_fts s
                 JOIN feed_items i ON i.id = s.rowid WHERE feed_items_fts MATCH 'sqlite'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(found, (1, false, "[]".to_owned()));
    }

    #[test]
    fn fts_queries_quote_each_word_and_prefix_the_last() {
        assert_eq!(
            stream_fts_query("borrow \"checker\" OR").as_deref(),
            Some("\"borrow\" \"checker\" \"OR\"*")
        );
        assert_eq!(stream_fts_query(" -*\" ").as_deref(), None);
    }
}
