-- Saved searches ("smart collections"): a query and the filter it searches within, by name,
-- in the sidebar's order. Run afresh each time, so new matching articles appear. `filter` is
-- JSON of the filter fields a search keeps (status, tag, collection, starred), never paging.
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query      TEXT NOT NULL,
    filter     TEXT NOT NULL DEFAULT '{}',
    position   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
