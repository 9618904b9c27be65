-- Version 11: clipping from the browser (issue #23): articles captured in the browser, the
-- loopback API's tokens, and pairing requests waiting for the person's answer.

-- 1 when the page was sent by a browser (what the reader saw, maybe behind a login): a re-fetch
-- would not see it, so `refresh` refuses such an article unless forced.
ALTER TABLE articles ADD COLUMN captured_in_browser INTEGER NOT NULL DEFAULT 0
    CHECK (captured_in_browser IN (0, 1));

-- A token of the loopback API: only its SHA-256 (hex) is kept, never the token itself.
-- `origin`: the extension origin it was paired from (`chrome-extension://ID`), if any.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    hash         TEXT NOT NULL UNIQUE,
    origin       TEXT,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);

-- A pairing asked for by an extension: shown to the person by its short `code`, polled by the
-- extension with its secret (stored as SHA-256 hex in `secret_hash`). `accepted` 1 once the
-- person accepts; the token is made when the extension collects it, and the row goes then.
CREATE TABLE api_pairings (
    code        TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    origin      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    accepted    INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1))
) WITHOUT ROWID;
