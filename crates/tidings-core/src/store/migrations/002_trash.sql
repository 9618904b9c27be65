-- Version 2: a trash. A deleted article keeps everything it had and only gains the time it was
-- deleted; lists, search, counts and highlights leave it out until it is restored or purged.
-- The search index is untouched: its triggers watch title, byline, site and text, not this column.

ALTER TABLE articles ADD COLUMN deleted_at TEXT;
CREATE INDEX articles_trash ON articles (deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
