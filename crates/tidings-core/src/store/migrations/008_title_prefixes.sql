-- Version 8: the first letters typed in the search box. A last word of one or two characters
-- matched as a prefix over the whole text (`r*`) merges the entries of thousands of words: 1-2 s
-- at 100 000 articles, for a result that holds nearly every article. Such a word alone now finds
-- titles with a word starting with it, from this small index of titles with prefix indexes for
-- one and two characters (a few MB, where the same over the whole text would double the index).

CREATE VIRTUAL TABLE article_titles USING fts5 (
    title,
    content = 'articles',
    content_rowid = 'id',
    prefix = '1 2',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_titles (article_titles) VALUES ('rebuild');

CREATE TRIGGER article_titles_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_titles (rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER article_titles_before_update BEFORE UPDATE OF title ON articles BEGIN
    INSERT INTO article_titles (article_titles, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER article_titles_after_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO article_titles (rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER article_titles_before_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO article_titles (article_titles, rowid, title) VALUES ('delete', old.id, old.title);
END;
