-- The whole product's schema, version 1.
-- Times are RFC 3339 UTC text ("2026-11-26T09:46:00Z"), so they sort as strings.

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    original_url    TEXT NOT NULL,
    final_url       TEXT NOT NULL,
    canonical_url   TEXT,
    title           TEXT NOT NULL,
    byline          TEXT,
    site_name       TEXT,
    language        TEXT,
    published_at    TEXT,
    saved_at        TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    excerpt         TEXT,
    lead_image_url  TEXT,
    content_html    TEXT NOT NULL,
    text            TEXT NOT NULL,
    word_count      INTEGER NOT NULL DEFAULT 0,
    reading_minutes INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'read', 'archived')),
    starred         INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    warnings        TEXT NOT NULL DEFAULT '[]',      -- JSON array of strings
    -- The source of truth: the fetched page (UTF-8, gzip), so content can be re-extracted offline.
    raw_html_gz     BLOB,
    fetched_at      TEXT,
    http_date       TEXT
);
CREATE INDEX articles_saved ON articles (saved_at DESC, id DESC);
CREATE INDEX articles_status_saved ON articles (status, saved_at DESC, id DESC);
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);

-- Every normalised address an article is known by (as given, after redirects, canonical).
CREATE TABLE article_urls (
    url_key    TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX article_urls_article ON article_urls (article_id);

CREATE TABLE notes (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE highlights (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    exact      TEXT NOT NULL,
    prefix     TEXT NOT NULL DEFAULT '',
    suffix     TEXT NOT NULL DEFAULT '',
    start_pos  INTEGER NOT NULL,
    end_pos    INTEGER NOT NULL,
    color      TEXT NOT NULL DEFAULT 'yellow',
    note       TEXT,
    orphaned   INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (start_pos >= 0 AND end_pos >= start_pos)
);
CREATE INDEX highlights_article ON highlights (article_id, start_pos);
CREATE INDEX highlights_created ON highlights (created_at DESC);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE collections (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Ordered membership: an article may be in many collections.
CREATE TABLE collection_articles (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    added_at      TEXT NOT NULL,
    PRIMARY KEY (collection_id, article_id)
) WITHOUT ROWID;
CREATE INDEX collection_articles_article ON collection_articles (article_id);

-- Full-text search over each article with what the user wrote on it. The view is the FTS
-- table's external content; triggers keep the index in step: BEFORE a change removes the
-- document as it was, AFTER the change adds it as it is.
CREATE VIEW article_search_docs AS
SELECT a.id AS id,
       a.title AS title,
       coalesce(a.byline, '') AS byline,
       coalesce(a.site_name, '') AS site_name,
       a.text AS text,
       coalesce((SELECT n.body FROM notes n WHERE n.article_id = a.id), '') AS note,
       coalesce((SELECT group_concat(h.exact || ' ' || coalesce(h.note, ''), char(10) ORDER BY h.id)
                 FROM highlights h WHERE h.article_id = a.id), '') AS highlights
FROM articles a;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, byline, site_name, text, note, highlights,
    content = 'article_search_docs',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.id;
END;
CREATE TRIGGER articles_fts_before_update BEFORE UPDATE OF title, byline, site_name, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.id;
END;
CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, byline, site_name, text ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.id;
END;
CREATE TRIGGER articles_fts_before_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.id;
END;

CREATE TRIGGER notes_fts_before_insert BEFORE INSERT ON notes BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.article_id;
END;
CREATE TRIGGER notes_fts_after_insert AFTER INSERT ON notes BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.article_id;
END;
CREATE TRIGGER notes_fts_before_update BEFORE UPDATE ON notes BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.article_id;
END;
CREATE TRIGGER notes_fts_after_update AFTER UPDATE ON notes BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.article_id;
END;
CREATE TRIGGER notes_fts_before_delete BEFORE DELETE ON notes BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.article_id;
END;
CREATE TRIGGER notes_fts_after_delete AFTER DELETE ON notes BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.article_id;
END;

CREATE TRIGGER highlights_fts_before_insert BEFORE INSERT ON highlights BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.article_id;
END;
CREATE TRIGGER highlights_fts_after_insert AFTER INSERT ON highlights BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = new.article_id;
END;
CREATE TRIGGER highlights_fts_before_update BEFORE UPDATE OF exact, note, article_id ON highlights BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs
    WHERE id IN (old.article_id, new.article_id);
END;
CREATE TRIGGER highlights_fts_after_update AFTER UPDATE OF exact, note, article_id ON highlights BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs
    WHERE id IN (old.article_id, new.article_id);
END;
CREATE TRIGGER highlights_fts_before_delete BEFORE DELETE ON highlights BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, byline, site_name, text, note, highlights)
    SELECT 'delete', id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.article_id;
END;
CREATE TRIGGER highlights_fts_after_delete AFTER DELETE ON highlights BEGIN
    INSERT INTO articles_fts (rowid, title, byline, site_name, text, note, highlights)
    SELECT id, title, byline, site_name, text, note, highlights FROM article_search_docs WHERE id = old.article_id;
END;
