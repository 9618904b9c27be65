//! Feed subscriptions and the stream of their items: subscribing, each poll's result (items,
//! validators, schedule, errors), triage states, keeping an item, and the stream's pages.
//!
//! One article arriving through several feeds is one row per feed, tied by `dedup_key`: a state
//! change reaches every row of the group (dismissed once is dismissed everywhere), the stream of
//! all feeds shows the group's first row, and each row names the group's other feeds
//! (`also_in`).
//!
//! Tables (migration 009): `feeds` (one per URL key; validators, schedule, errors),
//! `feed_folders` (a path per folder), `feed_items` (unique `(feed_id, key)`, so no poll adds an
//! item twice; `sort_at` is the published time capped at arrival) and `article_feed_sources`
//! (where a kept article came from; it outlives the feed). The stream reads its first page in an
//! index's order (`feed_items_stream`, `…_state_stream`, `…_feed_stream`; a test checks the
//! query plans), never sorting every item.

use rusqlite::{params, params_from_iter, types::Value, OptionalExtension, Row, Transaction};

use super::rows::{clean_name, clean_names};
use super::{Error, Result, Store};
use crate::model::{
    ArticleFeedSource, Feed, FeedItem, FolderUnseen, ItemState, StreamCounts, StreamFilter,
    StreamStates,
};

/// A subscription to add.
#[derive(Debug, Clone, Default)]
pub struct NewFeed {
    pub url: String,
    /// The URL's dedup key: one subscription per feed.
    pub url_key: String,
    pub title: String,
    pub site_url: Option<String>,
    /// A folder path (`Tech/Rust`), created if new.
    pub folder: Option<String>,
    pub full_text: bool,
    /// When to poll it first, RFC 3339 UTC.
    pub next_check: String,
}

/// What a poll needs to know of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollTarget {
    pub id: i64,
    pub url: String,
    /// As listed (the person's name for it, else the feed's).
    pub title: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub ttl_minutes: Option<u32>,
    /// Failed polls in a row so far.
    pub error_count: u32,
    pub gone: bool,
    /// Fetch each new item's article as a preview.
    pub full_text: bool,
}

/// An item a poll read, to be added unless its feed already has its key.
#[derive(Debug, Clone, Default)]
pub struct NewItem {
    pub key: String,
    pub title: String,
    pub url: Option<String>,
    pub dedup_key: Option<String>,
    pub comments_url: Option<String>,
    pub author: Option<String>,
    /// RFC 3339 UTC.
    pub published: Option<String>,
    pub summary_html: String,
    pub categories: Vec<String>,
    /// What rules did as it arrived: it arrives dismissed (unless its article is already kept),
    /// starred, with these tags; and is to be kept after the poll.
    pub dismiss: bool,
    pub starred: bool,
    pub tags: Vec<String>,
    pub keep: bool,
    /// The item's text for the stream's search index (its summary without markup).
    pub text: String,
}

/// What recording a poll wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PollWrite {
    /// The items that were new, by id.
    pub added: Vec<i64>,
    /// Those of them a rule asks to keep (and not kept already).
    pub to_keep: Vec<i64>,
}

impl PollWrite {
    /// How many items were new.
    #[must_use]
    pub fn count(&self) -> u32 {
        u32::try_from(self.added.len()).unwrap_or(u32::MAX)
    }
}

/// What a poll found, as the polling rules judged it.
#[derive(Debug, Clone)]
pub enum PollRecord {
    /// A new version of the feed: its items (those already known are skipped) and validators.
    Changed {
        title: String,
        site_url: Option<String>,
        ttl_minutes: Option<u32>,
        etag: Option<String>,
        last_modified: Option<String>,
        items: Vec<NewItem>,
    },
    /// 304, or the same ETag: validators stay as they are.
    Unchanged,
    /// The poll failed; one more in a row.
    Failed { error: String },
    /// 410: no longer polled.
    Gone { error: String },
}

/// What keeping an item needs: its link, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepTarget {
    pub url: Option<String>,
    pub feed_title: String,
    pub feed_url: String,
    pub comments_url: Option<String>,
}

/// The columns [`feed_from_row`] reads, over `feeds f LEFT JOIN feed_folders fo`.
const FEED_COLUMNS: &str = "f.id, f.url, coalesce(f.custom_title, nullif(f.title, ''), f.url), \
     f.site_url, fo.name, f.full_text, f.paused, f.gone, f.last_checked, f.next_check, \
     f.error_count, f.last_error, \
     (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state = 'new'), f.created_at";

fn feed_from_row(row: &Row<'_>) -> rusqlite::Result<Feed> {
    Ok(Feed {
        id: row.get(0)?,
        url: row.get(1)?,
        title: row.get(2)?,
        site_url: row.get(3)?,
        folder: row.get(4)?,
        full_text: row.get(5)?,
        paused: row.get(6)?,
        gone: row.get(7)?,
        last_checked: row.get(8)?,
        next_check: row.get(9)?,
        error_count: row.get(10)?,
        last_error: row.get(11)?,
        unseen: row.get(12)?,
        created_at: row.get(13)?,
    })
}

/// The columns [`item_from_row`] reads, over `feed_items i JOIN feeds f`.
pub(super) const ITEM_COLUMNS: &str =
    "i.id, i.feed_id, coalesce(f.custom_title, nullif(f.title, ''), f.url), \
     i.title, i.url, i.comments_url, i.author, i.published, i.arrived_at, i.summary_html, \
     i.categories, i.state, i.article_id, \
     (SELECT group_concat(DISTINCT o.feed_id) FROM feed_items o \
      WHERE o.dedup_key = i.dedup_key AND o.feed_id <> i.feed_id), \
     i.starred, i.tags, EXISTS (SELECT 1 FROM feed_item_previews p WHERE p.item_id = i.id)";

pub(super) fn item_from_row(row: &Row<'_>) -> rusqlite::Result<FeedItem> {
    let categories: String = row.get(10)?;
    let also_in: Option<String> = row.get(13)?;
    let mut also_in: Vec<i64> = also_in
        .unwrap_or_default()
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    also_in.sort_unstable();
    Ok(FeedItem {
        id: row.get(0)?,
        feed_id: row.get(1)?,
        feed_title: row.get(2)?,
        title: row.get(3)?,
        url: row.get(4)?,
        comments_url: row.get(5)?,
        author: row.get(6)?,
        published: row.get(7)?,
        arrived_at: row.get(8)?,
        summary_html: row.get(9)?,
        categories: serde_json::from_str(&categories).unwrap_or_default(),
        // The CHECK constraint admits only the four names.
        state: row.get::<_, String>(11)?.parse().unwrap_or_default(),
        article_id: row.get(12)?,
        also_in,
        starred: row.get(14)?,
        tags: serde_json::from_str(&row.get::<_, String>(15)?).unwrap_or_default(),
        has_full_text: row.get(16)?,
    })
}

/// Items per stream page when the filter does not say.
const DEFAULT_PAGE: u32 = 50;
/// The most items one stream page holds.
const MAX_PAGE: u32 = 1000;

impl Store {
    /// Adds a subscription; returns its id and whether it is new (false: the library already
    /// had a feed with this URL key, and nothing was written).
    ///
    /// # Errors
    /// [`Error::Invalid`] for a blank folder name; a database failure.
    pub fn insert_feed(&mut self, feed: &NewFeed, now: &str) -> Result<(i64, bool)> {
        self.transaction(|tx| {
            if let Some(id) = tx
                .query_row(
                    "SELECT id FROM feeds WHERE url_key = ?1",
                    [&feed.url_key],
                    |r| r.get(0),
                )
                .optional()?
            {
                return Ok((id, false));
            }
            let folder = folder_id(tx, feed.folder.as_deref(), now)?;
            tx.execute(
                "INSERT INTO feeds (url, url_key, title, site_url, folder_id, full_text, next_check, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    feed.url,
                    feed.url_key,
                    feed.title,
                    feed.site_url,
                    folder,
                    feed.full_text,
                    feed.next_check,
                    now
                ],
            )?;
            Ok((tx.last_insert_rowid(), true))
        })
    }

    /// The subscription whose URL has `url_key`, if any.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn feed_by_url_key(&self, url_key: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM feeds WHERE url_key = ?1", [url_key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Every subscription with its unseen count, by folder then title.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f LEFT JOIN feed_folders fo ON fo.id = f.folder_id
             ORDER BY fo.name IS NOT NULL, fo.name COLLATE NOCASE,
                      coalesce(f.custom_title, nullif(f.title, ''), f.url) COLLATE NOCASE, f.id"
        ))?;
        let feeds = stmt
            .query_map([], feed_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(feeds)
    }

    /// One subscription.
    ///
    /// # Errors
    /// [`Error::FeedNotFound`].
    pub fn feed(&self, id: i64) -> Result<Feed> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {FEED_COLUMNS} FROM feeds f LEFT JOIN feed_folders fo ON fo.id = f.folder_id
                     WHERE f.id = ?1"
                ),
                [id],
                feed_from_row,
            )
            .optional()?
            .ok_or(Error::FeedNotFound(id))
    }

    /// Unsubscribes: the feed and its items go; articles kept from them stay in the library
    /// (with where they came from, in `article_feed_sources`).
    ///
    /// # Errors
    /// [`Error::FeedNotFound`].
    pub fn remove_feed(&mut self, id: i64) -> Result<()> {
        self.transaction(|tx| {
            if tx.execute("DELETE FROM feeds WHERE id = ?1", [id])? == 0 {
                return Err(Error::FeedNotFound(id));
            }
            drop_empty_folders(tx)
        })
    }

    /// Names a feed as the person wants it (`None`: the feed's own title again).
    ///
    /// # Errors
    /// [`Error::FeedNotFound`]; [`Error::Invalid`] for a blank or overlong name.
    pub fn rename_feed(&mut self, id: i64, title: Option<&str>) -> Result<()> {
        let title = title.map(|t| clean_name(t, "feed")).transpose()?;
        self.transaction(|tx| {
            require_feed(tx, id)?;
            tx.execute(
                "UPDATE feeds SET custom_title = ?2 WHERE id = ?1",
                params![id, title],
            )?;
            Ok(())
        })
    }

    /// Puts a feed in a folder (a path such as `Tech/Rust`, made if new), or at the top level.
    ///
    /// # Errors
    /// [`Error::FeedNotFound`]; [`Error::Invalid`] for a blank folder name.
    pub fn set_feed_folder(&mut self, id: i64, folder: Option<&str>, now: &str) -> Result<()> {
        self.transaction(|tx| {
            require_feed(tx, id)?;
            let folder = folder_id(tx, folder, now)?;
            tx.execute(
                "UPDATE feeds SET folder_id = ?2 WHERE id = ?1",
                params![id, folder],
            )?;
            drop_empty_folders(tx)
        })
    }

    /// Pauses a feed (no polls until resumed) or resumes it.
    ///
    /// # Errors
    /// [`Error::FeedNotFound`].
    pub fn set_feed_paused(&mut self, id: i64, paused: bool) -> Result<()> {
        self.set_feed_flag(id, "paused", paused)
    }

    /// Marks a feed for fetching each new item's full article (or not).
    ///
    /// # Errors
    /// [`Error::FeedNotFound`].
    pub fn set_feed_full_text(&mut self, id: i64, full_text: bool) -> Result<()> {
        self.set_feed_flag(id, "full_text", full_text)
    }

    fn set_feed_flag(&mut self, id: i64, column: &'static str, value: bool) -> Result<()> {
        self.transaction(|tx| {
            let sql = format!("UPDATE feeds SET {column} = ?2 WHERE id = ?1");
            if tx.execute(&sql, params![id, value])? == 0 {
                return Err(Error::FeedNotFound(id));
            }
            Ok(())
        })
    }

    /// The feeds due for a poll at `now` (not paused, not gone), most overdue first.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn due_feeds(&self, now: &str) -> Result<Vec<PollTarget>> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM feeds WHERE paused = 0 AND gone = 0 AND next_check <= ?1
             ORDER BY next_check, id",
        )?;
        let ids: Vec<i64> = stmt
            .query_map([now], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.poll_targets(&ids)
    }

    /// Every feed that is polled at all (not paused, not gone), due or not, oldest first: a
    /// refresh of everything regardless of schedule.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn polled_feeds(&self) -> Result<Vec<PollTarget>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM feeds WHERE paused = 0 AND gone = 0 ORDER BY id")?;
        let ids: Vec<i64> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.poll_targets(&ids)
    }

    /// What polling each of `ids` needs, in that order.
    ///
    /// # Errors
    /// [`Error::FeedNotFound`] for an unknown id.
    pub fn poll_targets(&self, ids: &[i64]) -> Result<Vec<PollTarget>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, url, coalesce(custom_title, nullif(title, ''), url), etag, last_modified,
                    ttl_minutes, error_count, gone, full_text
             FROM feeds WHERE id = ?1",
        )?;
        ids.iter()
            .map(|&id| {
                stmt.query_row([id], |r| {
                    Ok(PollTarget {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        title: r.get(2)?,
                        etag: r.get(3)?,
                        last_modified: r.get(4)?,
                        ttl_minutes: r.get(5)?,
                        error_count: r.get(6)?,
                        gone: r.get(7)?,
                        full_text: r.get(8)?,
                    })
                })
                .optional()?
                .ok_or(Error::FeedNotFound(id))
            })
            .collect()
    }

    /// The publication times (RFC 3339 UTC) of a feed's items published since `since`, for its
    /// publishing rate.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn feed_published_since(&self, feed_id: i64, since: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT published FROM feed_items
             WHERE feed_id = ?1 AND published IS NOT NULL AND published >= ?2",
        )?;
        let dates = stmt
            .query_map(params![feed_id, since], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(dates)
    }

    /// Records a poll of `feed_id` at `now`: its items, validators, schedule (`next_check`) and
    /// errors, in one transaction; and its new address when the server moved it for good
    /// (`moved_to`: URL and URL key; ignored if another subscription already has that key).
    /// Returns the new items (and which of them rules ask to keep).
    ///
    /// # Errors
    /// [`Error::FeedNotFound`]; a database failure (nothing is written then).
    pub fn record_poll(
        &mut self,
        feed_id: i64,
        now: &str,
        next_check: &str,
        moved_to: Option<(&str, &str)>,
        record: &PollRecord,
    ) -> Result<PollWrite> {
        self.transaction(|tx| {
            require_feed(tx, feed_id)?;
            if let Some((url, key)) = moved_to {
                tx.execute(
                    "UPDATE OR IGNORE feeds SET url = ?2, url_key = ?3 WHERE id = ?1",
                    params![feed_id, url, key],
                )?;
            }
            let mut added = PollWrite::default();
            match record {
                PollRecord::Changed {
                    title,
                    site_url,
                    ttl_minutes,
                    etag,
                    last_modified,
                    items,
                } => {
                    for item in items {
                        if let Some((id, state)) = insert_item(tx, feed_id, item, now)? {
                            added.added.push(id);
                            if item.keep && state != ItemState::Kept {
                                added.to_keep.push(id);
                            }
                        }
                    }
                    tx.execute(
                        "UPDATE feeds SET title = CASE WHEN ?2 = '' THEN title ELSE ?2 END,
                             site_url = coalesce(?3, site_url), ttl_minutes = ?4, etag = ?5,
                             last_modified = ?6, last_checked = ?7, next_check = ?8,
                             error_count = 0, last_error = NULL
                         WHERE id = ?1",
                        params![
                            feed_id,
                            title,
                            site_url,
                            ttl_minutes,
                            etag,
                            last_modified,
                            now,
                            next_check
                        ],
                    )?;
                }
                PollRecord::Unchanged => {
                    tx.execute(
                        "UPDATE feeds SET last_checked = ?2, next_check = ?3, error_count = 0,
                             last_error = NULL
                         WHERE id = ?1",
                        params![feed_id, now, next_check],
                    )?;
                }
                PollRecord::Failed { error } => {
                    tx.execute(
                        "UPDATE feeds SET last_checked = ?2, next_check = ?3,
                             error_count = error_count + 1, last_error = ?4
                         WHERE id = ?1",
                        params![feed_id, now, next_check, error],
                    )?;
                }
                PollRecord::Gone { error } => {
                    tx.execute(
                        "UPDATE feeds SET last_checked = ?2, next_check = ?3, gone = 1,
                             error_count = error_count + 1, last_error = ?4
                         WHERE id = ?1",
                        params![feed_id, now, next_check, error],
                    )?;
                }
            }
            Ok(added)
        })
    }

    /// A page of the stream, newest first (see [`StreamFilter`]).
    ///
    /// # Errors
    /// [`Error::ItemNotFound`] for an unknown `after` item.
    pub fn stream(&self, filter: &StreamFilter) -> Result<Vec<FeedItem>> {
        let (sql, args) = self.stream_query(filter)?;
        let mut stmt = self.conn.prepare(&sql)?;
        let items = stmt
            .query_map(params_from_iter(args), item_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(items)
    }

    /// The SQL of a stream page and its arguments.
    fn stream_query(&self, filter: &StreamFilter) -> Result<(String, Vec<Value>)> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        match filter.states {
            StreamStates::All => {}
            // Unary plus: read in the stream index's order and skip the rest, rather than
            // gather both states from the state index and sort them.
            StreamStates::Active => clauses.push("+i.state IN ('new', 'seen')".into()),
            one => {
                let state = match one {
                    StreamStates::New => ItemState::New,
                    StreamStates::Seen => ItemState::Seen,
                    StreamStates::Kept => ItemState::Kept,
                    _ => ItemState::Dismissed,
                };
                args.push(Value::Text(state.as_str().into()));
                clauses.push(format!("i.state = ?{}", args.len()));
            }
        }
        if let Some(feed_id) = filter.feed_id {
            require_feed(&self.conn, feed_id)?;
            args.push(Value::Integer(feed_id));
            clauses.push(format!("i.feed_id = ?{}", args.len()));
        } else if let Some(folder) = &filter.folder {
            // The folder's feeds and its subfolders' (`Tech` holds `Tech/Rust`); one row per
            // article among them: the group's first in the folder.
            args.push(Value::Text(folder.trim().to_owned()));
            let in_folder = feeds_in_folder(args.len());
            clauses.push(format!("i.feed_id IN {in_folder}"));
            clauses.push(format!(
                "NOT EXISTS (SELECT 1 FROM feed_items o WHERE o.dedup_key = i.dedup_key AND o.id < i.id
                             AND o.feed_id IN {in_folder})"
            ));
        } else {
            // One row per article across feeds: the group's first.
            clauses.push(
                "NOT EXISTS (SELECT 1 FROM feed_items o WHERE o.dedup_key = i.dedup_key AND o.id < i.id)"
                    .into(),
            );
        }
        if let Some(after) = filter.after {
            let sort_at: String = self
                .conn
                .query_row(
                    "SELECT sort_at FROM feed_items WHERE id = ?1",
                    [after],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::ItemNotFound(after))?;
            args.push(Value::Text(sort_at));
            let s = args.len();
            args.push(Value::Integer(after));
            let id = args.len();
            clauses.push(format!(
                "i.sort_at <= ?{s} AND (i.sort_at < ?{s} OR i.id < ?{id})"
            ));
        }
        let limit = match filter.limit {
            0 => DEFAULT_PAGE,
            n => n.min(MAX_PAGE),
        };
        args.push(Value::Integer(i64::from(limit)));
        let where_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM feed_items i JOIN feeds f ON f.id = i.feed_id
             {where_sql} ORDER BY i.sort_at DESC, i.id DESC LIMIT ?{}",
            args.len()
        );
        Ok((sql, args))
    }

    /// The unseen counts of the whole stream and of each folder, one per article as the
    /// stream lists them.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn stream_counts(&self) -> Result<StreamCounts> {
        let unseen = self.conn.query_row(
            "SELECT count(*) FROM feed_items i WHERE i.state = 'new' AND NOT EXISTS
               (SELECT 1 FROM feed_items o WHERE o.dedup_key = i.dedup_key AND o.id < i.id)",
            [],
            |r| r.get(0),
        )?;
        let in_folder = feeds_in_folder(1);
        let mut count = self.conn.prepare(&format!(
            "SELECT count(*) FROM feed_items i WHERE i.state = 'new' AND i.feed_id IN {in_folder}
               AND NOT EXISTS (SELECT 1 FROM feed_items o WHERE o.dedup_key = i.dedup_key
                               AND o.id < i.id AND o.feed_id IN {in_folder})"
        ))?;
        let mut names = self
            .conn
            .prepare("SELECT name FROM feed_folders ORDER BY name")?;
        let names: Vec<String> = names
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut folders = Vec::with_capacity(names.len());
        for folder in names {
            let unseen = count.query_row([&folder], |r| r.get(0))?;
            folders.push(FolderUnseen { folder, unseen });
        }
        Ok(StreamCounts { unseen, folders })
    }

    /// One item.
    ///
    /// # Errors
    /// [`Error::ItemNotFound`].
    pub fn feed_item(&self, id: i64) -> Result<FeedItem> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ITEM_COLUMNS} FROM feed_items i JOIN feeds f ON f.id = i.feed_id
                     WHERE i.id = ?1"
                ),
                [id],
                item_from_row,
            )
            .optional()?
            .ok_or(Error::ItemNotFound(id))
    }

    /// Moves items (with the other feeds' rows of the same article) to `state`: new (unseen),
    /// seen or dismissed. Kept items stay kept. Returns how many rows changed.
    ///
    /// # Errors
    /// [`Error::ItemNotFound`] for an unknown id (nothing changes then);
    /// [`Error::Invalid`] for `kept`, which only keeping an item sets.
    pub fn set_items_state(&mut self, ids: &[i64], state: ItemState) -> Result<u32> {
        if state == ItemState::Kept {
            return Err(Error::Invalid(
                "an item becomes kept by keeping it, which clips its article".into(),
            ));
        }
        self.transaction(|tx| {
            let mut changed = 0;
            for &id in ids {
                require_item(tx, id)?;
                changed += tx.execute(
                    "UPDATE feed_items SET state = ?2
                     WHERE state <> 'kept' AND state <> ?2
                       AND (id = ?1 OR dedup_key = (SELECT dedup_key FROM feed_items WHERE id = ?1))",
                    params![id, state.as_str()],
                )?;
            }
            Ok(u32::try_from(changed).unwrap_or(u32::MAX))
        })
    }

    /// Dismisses every new or seen item the stream lists above `item_id` (newer), in one feed's
    /// stream or in all of them, with the other feeds' rows of the same articles. The item
    /// itself stays. Returns how many rows changed.
    ///
    /// # Errors
    /// [`Error::ItemNotFound`], [`Error::FeedNotFound`].
    pub fn dismiss_above(&mut self, item_id: i64, feed_id: Option<i64>) -> Result<u32> {
        self.transaction(|tx| {
            if let Some(feed_id) = feed_id {
                require_feed(tx, feed_id)?;
            }
            let sort_at: String = tx
                .query_row(
                    "SELECT sort_at FROM feed_items WHERE id = ?1",
                    [item_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::ItemNotFound(item_id))?;
            let changed = tx.execute(
                "WITH above AS (
                     SELECT id, dedup_key FROM feed_items
                     WHERE state IN ('new', 'seen') AND (?3 IS NULL OR feed_id = ?3)
                       AND (sort_at > ?1 OR (sort_at = ?1 AND id > ?2)))
                 UPDATE feed_items SET state = 'dismissed'
                 WHERE state IN ('new', 'seen')
                   AND (id IN (SELECT id FROM above)
                        OR dedup_key IN (SELECT dedup_key FROM above WHERE dedup_key IS NOT NULL))",
                params![sort_at, item_id, feed_id],
            )?;
            Ok(u32::try_from(changed).unwrap_or(u32::MAX))
        })
    }

    /// What keeping an item needs.
    ///
    /// # Errors
    /// [`Error::ItemNotFound`].
    pub fn keep_target(&self, item_id: i64) -> Result<KeepTarget> {
        self.conn
            .query_row(
                "SELECT i.url, coalesce(f.custom_title, nullif(f.title, ''), f.url), f.url, i.comments_url
                 FROM feed_items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
                [item_id],
                |r| {
                    Ok(KeepTarget {
                        url: r.get(0)?,
                        feed_title: r.get(1)?,
                        feed_url: r.get(2)?,
                        comments_url: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or(Error::ItemNotFound(item_id))
    }

    /// Marks an item (and the other feeds' rows of the same article) kept as `article_id`, and
    /// records on the article where it came from (unless it already says).
    ///
    /// # Errors
    /// [`Error::ItemNotFound`], [`Error::ArticleNotFound`].
    pub fn mark_kept(&mut self, item_id: i64, article_id: i64, now: &str) -> Result<()> {
        self.transaction(|tx| {
            require_item(tx, item_id)?;
            super::rows::require_article(tx, article_id)?;
            tx.execute(
                "UPDATE feed_items SET state = 'kept', article_id = ?2
                 WHERE id = ?1 OR dedup_key = (SELECT dedup_key FROM feed_items WHERE id = ?1)",
                params![item_id, article_id],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO article_feed_sources
                     (article_id, feed_title, feed_url, item_url, comments_url, kept_at)
                 SELECT ?2, coalesce(f.custom_title, nullif(f.title, ''), f.url), f.url, i.url,
                        i.comments_url, ?3
                 FROM feed_items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
                params![item_id, article_id, now],
            )?;
            // What rules left on the item (on any feed's row of the article) goes with it.
            let group = "SELECT starred, tags FROM feed_items
                         WHERE id = ?1 OR dedup_key = (SELECT dedup_key FROM feed_items WHERE id = ?1)";
            let mut stmt = tx.prepare(group)?;
            let marks: Vec<(bool, String)> = stmt
                .query_map([item_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if marks.iter().any(|(starred, _)| *starred) {
                tx.execute(
                    "UPDATE articles SET starred = 1 WHERE id = ?1",
                    [article_id],
                )?;
            }
            let mut tags: Vec<String> = Vec::new();
            for (_, json) in &marks {
                for tag in serde_json::from_str::<Vec<String>>(json).unwrap_or_default() {
                    if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                        tags.push(tag);
                    }
                }
            }
            if !tags.is_empty() {
                super::organise::tag_article(tx, article_id, &clean_names(&tags, "tag")?)?;
            }
            Ok(())
        })
    }

    /// The feed an article was kept from, if it was.
    ///
    /// # Errors
    /// Only on a database failure.
    pub fn article_feed_source(&self, article_id: i64) -> Result<Option<ArticleFeedSource>> {
        Ok(self
            .conn
            .query_row(
                "SELECT feed_title, feed_url, item_url, comments_url, kept_at
                 FROM article_feed_sources WHERE article_id = ?1",
                [article_id],
                |r| {
                    Ok(ArticleFeedSource {
                        feed_title: r.get(0)?,
                        feed_url: r.get(1)?,
                        item_url: r.get(2)?,
                        comments_url: r.get(3)?,
                        kept_at: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }
}

/// Adds an item unless its feed has its key (or had it, before housekeeping purged it);
/// returns its id and state if it was added. An article the library already knows through
/// another feed arrives in that row's state (dismissed once is dismissed everywhere); one
/// already in the library (not in the trash) arrives kept. A rule's dismissal applies to an
/// item that would arrive new; its star and tags to any.
fn insert_item(
    tx: &Transaction<'_>,
    feed_id: i64,
    item: &NewItem,
    now: &str,
) -> Result<Option<(i64, ItemState)>> {
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM feed_items WHERE feed_id = ?1 AND key = ?2)
             OR EXISTS (SELECT 1 FROM feed_purged_items WHERE feed_id = ?1 AND key = ?2)",
        params![feed_id, item.key],
        |r| r.get(0),
    )?;
    if known {
        return Ok(None);
    }
    let (state, article_id) = match &item.dedup_key {
        None => (ItemState::New.as_str().to_owned(), None),
        Some(key) => {
            let twin: Option<(String, Option<i64>)> = tx
                .query_row(
                    "SELECT state, article_id FROM feed_items
                     WHERE dedup_key = ?1 AND state <> 'new'
                     ORDER BY state = 'kept' DESC, id LIMIT 1",
                    [key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match twin {
                Some(twin) => twin,
                None => {
                    let saved: Option<i64> = tx
                        .query_row(
                            "SELECT u.article_id FROM article_urls u
                             JOIN articles a ON a.id = u.article_id
                             WHERE u.url_key = ?1 AND a.deleted_at IS NULL",
                            [key],
                            |r| r.get(0),
                        )
                        .optional()?;
                    match saved {
                        Some(id) => (ItemState::Kept.as_str().to_owned(), Some(id)),
                        None => (ItemState::New.as_str().to_owned(), None),
                    }
                }
            }
        }
    };
    let state = if item.dismiss && state == ItemState::New.as_str() {
        ItemState::Dismissed.as_str().to_owned()
    } else {
        state
    };
    let sort_at = match &item.published {
        Some(p) if p.as_str() < now => p.clone(),
        _ => now.to_owned(),
    };
    let categories = serde_json::to_string(&item.categories).unwrap_or_else(|_| "[]".into());
    let tags =
        serde_json::to_string(&clean_names(&item.tags, "tag")?).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO feed_items (feed_id, key, title, url, dedup_key, comments_url, author,
             published, sort_at, categories, state, article_id, arrived_at, summary_html,
             starred, tags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            feed_id,
            item.key,
            item.title,
            item.url,
            item.dedup_key,
            item.comments_url,
            item.author,
            item.published,
            sort_at,
            categories,
            state,
            article_id,
            now,
            item.summary_html,
            item.starred,
            tags
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO feed_items_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
        params![id, item.title, item.text],
    )?;
    Ok(Some((id, state.parse().unwrap_or_default())))
}

pub(super) fn require_feed(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    super::rows::require_row(conn, "feeds", id, Error::FeedNotFound)
}

pub(super) fn require_item(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    super::rows::require_row(conn, "feed_items", id, Error::ItemNotFound)
}

/// The ids of the feeds in the folder named by parameter `?p`, or in its subfolders.
fn feeds_in_folder(p: usize) -> String {
    format!(
        "(SELECT g.id FROM feeds g JOIN feed_folders gf ON gf.id = g.folder_id
          WHERE gf.name = ?{p} OR substr(gf.name, 1, length(?{p}) + 1) = ?{p} || '/')"
    )
}

/// The id of the folder at `path` (`Tech / Rust` is `Tech/Rust`), made if new; `None` for none.
fn folder_id(tx: &Transaction<'_>, path: Option<&str>, now: &str) -> Result<Option<i64>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let parts: Vec<String> = path
        .split('/')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let name = clean_name(&parts.join("/"), "folder")?;
    tx.execute(
        "INSERT OR IGNORE INTO feed_folders (name, created_at) VALUES (?1, ?2)",
        params![name, now],
    )?;
    Ok(Some(tx.query_row(
        "SELECT id FROM feed_folders WHERE name = ?1",
        [&name],
        |r| r.get(0),
    )?))
}

/// Folders exist through their feeds: one left empty goes.
fn drop_empty_folders(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "DELETE FROM feed_folders
         WHERE id NOT IN (SELECT folder_id FROM feeds WHERE folder_id IS NOT NULL)",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A library with one feed of `n` items, an item a minute, every third one seen and every
    /// fifth one sharing its article with a second feed.
    fn library_with_items(n: usize) -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let now = "2026-05-01T12:00:00Z";
        let feed = |url: &str| NewFeed {
            url: url.into(),
            url_key: url.into(),
            next_check: now.into(),
            ..NewFeed::default()
        };
        let (a, _) = store.insert_feed(&feed("a.example/feed"), now).unwrap();
        let (b, _) = store.insert_feed(&feed("b.example/feed"), now).unwrap();
        let item = |i: usize| {
            let minutes = i64::try_from(i).unwrap();
            NewItem {
                key: format!("id:{i}"),
                title: format!("Item {i}"),
                url: Some(format!("https://x.example/{i}")),
                dedup_key: Some(format!("x.example/{i}")),
                published: Some(crate::dates::stored(
                    chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc()
                        - chrono::Duration::minutes(minutes),
                )),
                summary_html: "<p>Some words about it.</p>".repeat(10),
                ..NewItem::default()
            }
        };
        let record = |items: Vec<NewItem>| PollRecord::Changed {
            title: "T".into(),
            site_url: None,
            ttl_minutes: None,
            etag: None,
            last_modified: None,
            items,
        };
        store
            .record_poll(a, now, now, None, &record((0..n).map(item).collect()))
            .unwrap();
        store
            .record_poll(
                b,
                now,
                now,
                None,
                &record((0..n).step_by(5).map(item).collect()),
            )
            .unwrap();
        store
            .conn
            .execute("UPDATE feed_items SET state = 'seen' WHERE id % 3 = 0", [])
            .unwrap();
        (store, a)
    }

    /// Each stream view (every state, all feeds or one) reads its first page in an index's
    /// order: no sort of every item.
    #[test]
    fn stream_pages_are_read_in_index_order() {
        let (store, feed) = library_with_items(300);
        store.conn.execute("ANALYZE", []).unwrap();
        let states = [
            StreamStates::Active,
            StreamStates::New,
            StreamStates::Seen,
            StreamStates::Kept,
            StreamStates::Dismissed,
            StreamStates::All,
        ];
        let filters = states
            .into_iter()
            .flat_map(|states| {
                [None, Some(feed)].map(|feed_id| StreamFilter {
                    feed_id,
                    states,
                    ..StreamFilter::default()
                })
            })
            .chain([StreamFilter {
                after: Some(100),
                ..StreamFilter::default()
            }]);
        for filter in filters {
            let (sql, args) = store.stream_query(&filter).unwrap();
            let mut stmt = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let plan: Vec<String> = stmt
                .query_map(params_from_iter(args), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let plan = plan.join("; ");
            assert!(
                !plan.contains("TEMP B-TREE FOR ORDER BY"),
                "{filter:?}: {plan}"
            );
            assert!(
                plan.contains("USING INDEX feed_items_"),
                "{filter:?}: {plan}"
            );
        }
    }

    /// Not a test (benchmarks are not): the first page's time at 100 000 items, printed.
    /// `cargo test -p tidings-core --lib stream_first_page_time -- --ignored --nocapture`
    #[test]
    #[ignore = "a measurement, run by hand"]
    fn stream_first_page_time() {
        let (store, _) = library_with_items(100_000);
        store.conn.execute("ANALYZE", []).unwrap();
        for (name, filter) in [
            ("active", StreamFilter::default()),
            (
                "new",
                StreamFilter {
                    states: StreamStates::New,
                    ..StreamFilter::default()
                },
            ),
        ] {
            let mut times: Vec<std::time::Duration> = (0..21)
                .map(|_| {
                    let start = std::time::Instant::now();
                    let page = store.stream(&filter).unwrap();
                    assert_eq!(page.len(), 50);
                    start.elapsed()
                })
                .collect();
            times.sort();
            eprintln!("{name}: first page p50 {:?}", times[10]);
        }
    }
}
