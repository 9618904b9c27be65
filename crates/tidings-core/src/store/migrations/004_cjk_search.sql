-- Version 4: Chinese and Japanese search. `unicode61` indexes a run of these characters as one
-- token, so a word inside a sentence was not found. A second, contentless index holds each
-- article's CJK runs as overlapping character pairs (`tidings_cjk_bigrams`, a function every
-- connection of Tidings registers); a query's CJK word is the phrase of its pairs. Articles
-- without CJK text have no row here.

CREATE VIRTUAL TABLE articles_cjk USING fts5 (
    grams,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Everything the main index covers that may hold CJK text: title, text, note, highlights.
CREATE VIEW article_cjk_grams AS
SELECT d.id AS id,
       tidings_cjk_bigrams(d.title || char(10) || d.text || char(10) || d.note || char(10) || d.highlights) AS grams
FROM article_search_docs d;

INSERT INTO articles_cjk (rowid, grams)
SELECT id, grams FROM article_cjk_grams WHERE grams <> '';

CREATE TRIGGER articles_cjk_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = new.id AND grams <> '';
END;
CREATE TRIGGER articles_cjk_after_update AFTER UPDATE OF title, text ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.id;
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = new.id AND grams <> '';
END;
CREATE TRIGGER articles_cjk_after_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.id;
END;

CREATE TRIGGER notes_cjk_after_insert AFTER INSERT ON notes BEGIN
    DELETE FROM articles_cjk WHERE rowid = new.article_id;
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = new.article_id AND grams <> '';
END;
CREATE TRIGGER notes_cjk_after_update AFTER UPDATE ON notes BEGIN
    DELETE FROM articles_cjk WHERE rowid = new.article_id;
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = new.article_id AND grams <> '';
END;
CREATE TRIGGER notes_cjk_after_delete AFTER DELETE ON notes BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.article_id;
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = old.article_id AND grams <> '';
END;

CREATE TRIGGER highlights_cjk_after_insert AFTER INSERT ON highlights BEGIN
    DELETE FROM articles_cjk WHERE rowid = new.article_id;
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = new.article_id AND grams <> '';
END;
CREATE TRIGGER highlights_cjk_after_update AFTER UPDATE OF exact, note, article_id ON highlights BEGIN
    DELETE FROM articles_cjk WHERE rowid IN (old.article_id, new.article_id);
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id IN (old.article_id, new.article_id) AND grams <> '';
END;
CREATE TRIGGER highlights_cjk_after_delete AFTER DELETE ON highlights BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.article_id;
    INSERT INTO articles_cjk (rowid, grams)
    SELECT id, grams FROM article_cjk_grams WHERE id = old.article_id AND grams <> '';
END;
