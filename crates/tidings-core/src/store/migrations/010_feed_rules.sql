-- Version 10: the stream curated (issue #22): rules applied as items arrive, what they leave on
-- an item (a star, tags), housekeeping (a setting, and the keys of purged items so a feed that
-- still lists them does not bring them back), full-text previews, and the stream's search index.

-- A rule: on one feed's items (`feed_id`) or every feed's (NULL); matches `pattern` in `field`,
-- as whole words (case-insensitive) or as a regular expression; until `expires_at` if set.
CREATE TABLE feed_rules (
    id         INTEGER PRIMARY KEY,
    feed_id    INTEGER REFERENCES feeds (id) ON DELETE CASCADE,
    field      TEXT NOT NULL CHECK (field IN ('title', 'url', 'author', 'category', 'content')),
    pattern    TEXT NOT NULL,
    regex      INTEGER NOT NULL DEFAULT 0 CHECK (regex IN (0, 1)),
    action     TEXT NOT NULL CHECK (action IN ('dismiss', 'keep', 'star', 'tag')),
    -- The tag of a `tag` action; NULL for the others.
    tag        TEXT CHECK ((action = 'tag') = (tag IS NOT NULL)),
    expires_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX feed_rules_feed ON feed_rules (feed_id);

-- What rules left on an item, carried to the article when it is kept.
ALTER TABLE feed_items ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
ALTER TABLE feed_items ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';    -- JSON array of strings

-- The library's settings, by name (`stream_keep_days`: how long seen and dismissed items stay).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Items purged by housekeeping: their feed may list them for a while yet, and they must not
-- arrive again as new.
CREATE TABLE feed_purged_items (
    feed_id   INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    purged_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;

-- An item's article fetched for a full-text feed: an unkept preview. The page as fetched is
-- kept so keeping the item saves it without a second fetch.
CREATE TABLE feed_item_previews (
    item_id      INTEGER PRIMARY KEY REFERENCES feed_items (id) ON DELETE CASCADE,
    final_url    TEXT NOT NULL,
    http_date    TEXT,
    content_html TEXT NOT NULL,
    word_count   INTEGER NOT NULL,
    fetched_at   TEXT NOT NULL,
    -- gzip of the page as fetched (UTF-8).
    raw_html     BLOB NOT NULL
);

-- The stream's search index: an item's title and text (summary, and its preview's text once
-- fetched), written with the item; rows go with their items through this trigger.
CREATE VIRTUAL TABLE feed_items_fts USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER feed_items_fts_after_delete AFTER DELETE ON feed_items BEGIN
    DELETE FROM feed_items_fts WHERE rowid = old.id;
END;
-- Items that arrived before this version: their title and summary as stored (markup and all).
INSERT INTO feed_items_fts (rowid, title, body) SELECT id, title, summary_html FROM feed_items;
