-- Version 7: the library file opens in the SQLite people have (3.37 and later: Ubuntu 22.04,
-- Debian 12, macOS 14, Python's sqlite3, DB Browser, Datasette), not only in Tidings' own.
-- Two things needed a newer SQLite: `group_concat(... ORDER BY ...)` in the search view (3.44;
-- older ones refuse the whole schema) and the CJK index's `contentless_delete` (3.43). The view
-- now orders its highlights in a subquery (SQLite keeps a subquery's order for group_concat), so
-- it gives the same text as before and the main index stays valid. The CJK index becomes a plain
-- contentless index kept as the main one is: before a change, its document is deleted with the
-- bigrams it was indexed with; after the change, added as it is. Its bigrams are computed inline
-- in the triggers, so no view calls Tidings' own SQL function: every table and view can be read
-- by a tool that does not have it (the triggers that call it only run when something is written).

DROP TRIGGER articles_cjk_after_insert;
DROP TRIGGER articles_cjk_after_update;
DROP TRIGGER articles_cjk_after_delete;
DROP TRIGGER notes_cjk_after_insert;
DROP TRIGGER notes_cjk_after_update;
DROP TRIGGER notes_cjk_after_delete;
DROP TRIGGER highlights_cjk_after_insert;
DROP TRIGGER highlights_cjk_after_update;
DROP TRIGGER highlights_cjk_after_delete;
DROP VIEW article_cjk_grams;
DROP TABLE articles_cjk;

DROP VIEW article_search_docs;
CREATE VIEW article_search_docs AS
SELECT a.id AS id,
       a.title AS title,
       coalesce(a.byline, '') AS byline,
       coalesce(a.site_name, '') AS site_name,
       a.text AS text,
       coalesce((SELECT n.body FROM notes n WHERE n.article_id = a.id), '') AS note,
       coalesce((SELECT group_concat(line, char(10))
                 FROM (SELECT h.exact || ' ' || coalesce(h.note, '') AS line
                       FROM highlights h WHERE h.article_id = a.id ORDER BY h.id)), '') AS highlights
FROM articles a;

CREATE VIRTUAL TABLE articles_cjk USING fts5 (
    grams,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO articles_cjk (rowid, grams)
SELECT id, grams
FROM (SELECT d.id AS id,
             tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
      FROM article_search_docs d)
WHERE grams <> '';

CREATE TRIGGER articles_cjk_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = new.id) WHERE grams <> '';
END;
CREATE TRIGGER articles_cjk_before_update BEFORE UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = old.id) WHERE grams <> '';
END;
CREATE TRIGGER articles_cjk_after_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = new.id) WHERE grams <> '';
END;
CREATE TRIGGER articles_cjk_before_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = old.id) WHERE grams <> '';
END;

CREATE TRIGGER notes_cjk_before_insert BEFORE INSERT ON notes BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = new.article_id) WHERE grams <> '';
END;
CREATE TRIGGER notes_cjk_after_insert AFTER INSERT ON notes BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = new.article_id) WHERE grams <> '';
END;
CREATE TRIGGER notes_cjk_before_update BEFORE UPDATE ON notes BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = old.article_id) WHERE grams <> '';
END;
CREATE TRIGGER notes_cjk_after_update AFTER UPDATE ON notes BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = new.article_id) WHERE grams <> '';
END;
CREATE TRIGGER notes_cjk_before_delete BEFORE DELETE ON notes BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = old.article_id) WHERE grams <> '';
END;
CREATE TRIGGER notes_cjk_after_delete AFTER DELETE ON notes BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = old.article_id) WHERE grams <> '';
END;

CREATE TRIGGER highlights_cjk_before_insert BEFORE INSERT ON highlights BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = new.article_id) WHERE grams <> '';
END;
CREATE TRIGGER highlights_cjk_after_insert AFTER INSERT ON highlights BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = new.article_id) WHERE grams <> '';
END;
CREATE TRIGGER highlights_cjk_before_update BEFORE UPDATE OF exact, note, article_id ON highlights BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id IN (old.article_id, new.article_id)) WHERE grams <> '';
END;
CREATE TRIGGER highlights_cjk_after_update AFTER UPDATE OF exact, note, article_id ON highlights BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id IN (old.article_id, new.article_id)) WHERE grams <> '';
END;
CREATE TRIGGER highlights_cjk_before_delete BEFORE DELETE ON highlights BEGIN
    INSERT INTO articles_cjk (articles_cjk, rowid, grams)
    SELECT 'delete', id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                                     FROM article_search_docs d WHERE d.id = old.article_id) WHERE grams <> '';
END;
CREATE TRIGGER highlights_cjk_after_delete AFTER DELETE ON highlights BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM (SELECT d.id AS id, tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
                           FROM article_search_docs d WHERE d.id = old.article_id) WHERE grams <> '';
END;
