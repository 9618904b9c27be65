-- Version 9: feed subscriptions and the stream of their items (issue #22).
-- The stream is where items arrive; the library (articles) is what the person chose to keep: an
-- item kept points at its article, which outlives the item and its feed.

CREATE TABLE feed_folders (
    id         INTEGER PRIMARY KEY,
    -- A folder path as OPML nests it: "Tech/Rust".
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL,
    -- The URL's dedup key (as for articles): one subscription per feed.
    url_key       TEXT NOT NULL UNIQUE,
    -- The feed's own title, as last read; `custom_title` is the person's, when renamed.
    title         TEXT NOT NULL DEFAULT '',
    custom_title  TEXT,
    site_url      TEXT,
    folder_id     INTEGER REFERENCES feed_folders (id) ON DELETE SET NULL,
    full_text     INTEGER NOT NULL DEFAULT 0 CHECK (full_text IN (0, 1)),
    paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    -- 410 Gone: no longer polled.
    gone          INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1)),
    -- Validators of the last version that changed, sent back in a conditional GET.
    etag          TEXT,
    last_modified TEXT,
    ttl_minutes   INTEGER,
    last_checked  TEXT,
    next_check    TEXT NOT NULL,
    error_count   INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    created_at    TEXT NOT NULL
);
-- The feeds due for a poll.
CREATE INDEX feeds_due ON feeds (next_check) WHERE paused = 0 AND gone = 0;
CREATE INDEX feeds_folder ON feeds (folder_id);

CREATE TABLE feed_items (
    id           INTEGER PRIMARY KEY,
    feed_id      INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    -- Stable per feed across polls: "id:<guid>", "url:<dedup key>" or "hash:<sha-256>".
    key          TEXT NOT NULL,
    title        TEXT NOT NULL,
    url          TEXT,
    -- The clip dedup key of `url`: the same article arriving through several feeds.
    dedup_key    TEXT,
    comments_url TEXT,
    author       TEXT,
    published    TEXT,
    -- The stream's order: `published`, but never later than `arrived_at` (a feed can date an
    -- item in the future), else `arrived_at`.
    sort_at      TEXT NOT NULL,
    categories   TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
    state        TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'seen', 'kept', 'dismissed')),
    article_id   INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    arrived_at   TEXT NOT NULL,
    -- Last, so the small columns above are read without walking its overflow pages.
    summary_html TEXT NOT NULL DEFAULT '',
    UNIQUE (feed_id, key)
);
-- The stream's pages, newest first, whole or by state; and per feed (with unseen counts).
CREATE INDEX feed_items_stream ON feed_items (sort_at DESC, id DESC);
CREATE INDEX feed_items_state_stream ON feed_items (state, sort_at DESC, id DESC);
CREATE INDEX feed_items_feed_stream ON feed_items (feed_id, sort_at DESC, id DESC);
CREATE INDEX feed_items_feed_state_stream ON feed_items (feed_id, state, sort_at DESC, id DESC);
-- One article through several feeds.
CREATE INDEX feed_items_dedup ON feed_items (dedup_key, id) WHERE dedup_key IS NOT NULL;
CREATE INDEX feed_items_article ON feed_items (article_id) WHERE article_id IS NOT NULL;

-- Where a kept article came from: outlives the item and its feed (unsubscribing keeps it).
CREATE TABLE article_feed_sources (
    article_id   INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    feed_title   TEXT NOT NULL,
    feed_url     TEXT NOT NULL,
    item_url     TEXT,
    comments_url TEXT,
    kept_at      TEXT NOT NULL
);
