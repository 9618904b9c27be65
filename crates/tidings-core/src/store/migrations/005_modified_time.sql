-- When the page says the article last changed (JSON-LD dateModified, article:modified_time),
-- RFC 3339 UTC. Filled on clip and re-extraction; older articles get it with `tidings reextract`.
ALTER TABLE articles ADD COLUMN modified_at TEXT;
