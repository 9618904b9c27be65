//! The loopback API's tokens (kept as SHA-256 hashes only) and the pairing requests waiting for
//! the person's answer. Hashing and the secrets themselves are the caller's (`loopback`); this
//! module only stores what it is given.

use rusqlite::{params, OptionalExtension};

use super::rows::clean_name;
use super::{Error, Result, Store};
use crate::model::{ApiToken, Pairing};

/// A stored token as the API checks it: its row id, hash and paired origin.
#[derive(Debug, Clone)]
pub struct TokenHash {
    pub id: i64,
    /// SHA-256 of the token, lowercase hex.
    pub hash: String,
    pub origin: Option<String>,
}

/// A pairing request to store (see [`Store::insert_pairing`]).
#[derive(Debug, Clone)]
pub struct NewPairing {
    pub code: String,
    /// SHA-256 (hex) of the secret the extension polls with.
    pub secret_hash: String,
    pub name: String,
    pub origin: String,
    pub created_at: String,
    pub expires_at: String,
}

/// What polling a pairing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairingPoll {
    /// Not answered yet.
    Pending,
    /// Accepted: the token (whose hash the caller gave) is now stored under this name.
    Collected(String),
}

impl Store {
    /// Stores a token's hash under `name`.
    ///
    /// # Errors
    /// [`Error::TokenExists`] if the name is taken; [`Error::Invalid`] for a blank name.
    pub fn insert_token(
        &mut self,
        name: &str,
        hash: &str,
        origin: Option<&str>,
        now: &str,
    ) -> Result<ApiToken> {
        let name = clean_name(name, "token")?;
        self.transaction(|tx| insert_token_in(tx, &name, hash, origin, now))?;
        self.token(&name)
    }

    /// Every token, oldest first.
    ///
    /// # Errors
    /// On a database failure.
    pub fn tokens(&self) -> Result<Vec<ApiToken>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, origin, created_at, last_used_at FROM api_tokens ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([], token_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One token by name.
    ///
    /// # Errors
    /// [`Error::TokenNotFound`].
    pub fn token(&self, name: &str) -> Result<ApiToken> {
        self.conn
            .query_row(
                "SELECT name, origin, created_at, last_used_at FROM api_tokens WHERE name = ?1",
                [name],
                token_row,
            )
            .optional()?
            .ok_or_else(|| Error::TokenNotFound(name.to_owned()))
    }

    /// Deletes a token: requests bearing it are refused from now on.
    ///
    /// # Errors
    /// [`Error::TokenNotFound`].
    pub fn revoke_token(&mut self, name: &str) -> Result<()> {
        let name = name.trim();
        let gone = self
            .conn
            .execute("DELETE FROM api_tokens WHERE name = ?1", [name])?;
        if gone == 0 {
            return Err(Error::TokenNotFound(name.to_owned()));
        }
        Ok(())
    }

    /// Every token's hash, for the API to compare a presented token against.
    ///
    /// # Errors
    /// On a database failure.
    pub fn token_hashes(&self) -> Result<Vec<TokenHash>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, hash, origin FROM api_tokens ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(TokenHash {
                id: r.get(0)?,
                hash: r.get(1)?,
                origin: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that a token was used now.
    ///
    /// # Errors
    /// On a database failure.
    pub fn touch_token(&mut self, id: i64, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    }

    /// Stores a pairing request, after dropping those expired at `created_at`; refused when
    /// `max_pending` requests are waiting already or the name is a token's.
    ///
    /// # Errors
    /// [`Error::TooManyPairings`], [`Error::TokenExists`], [`Error::Invalid`] for a blank name.
    pub fn insert_pairing(&mut self, new: &NewPairing, max_pending: u32) -> Result<()> {
        let name = clean_name(&new.name, "token")?;
        self.transaction(|tx| {
            tx.execute(
                "DELETE FROM api_pairings WHERE expires_at <= ?1",
                [&new.created_at],
            )?;
            let waiting: u32 =
                tx.query_row("SELECT count(*) FROM api_pairings", [], |r| r.get(0))?;
            if waiting >= max_pending {
                return Err(Error::TooManyPairings);
            }
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE name = ?1)
                     OR EXISTS (SELECT 1 FROM api_pairings WHERE name = ?1)",
                [&name],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::TokenExists(name.clone()));
            }
            tx.execute(
                "INSERT INTO api_pairings (code, secret_hash, name, origin, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    new.code,
                    new.secret_hash,
                    name,
                    new.origin,
                    new.created_at,
                    new.expires_at
                ],
            )?;
            Ok(())
        })
    }

    /// The pairing requests not expired at `now`, oldest first.
    ///
    /// # Errors
    /// On a database failure.
    pub fn pairings(&self, now: &str) -> Result<Vec<Pairing>> {
        let mut stmt = self.conn.prepare(
            "SELECT code, name, origin, created_at, expires_at, accepted FROM api_pairings
             WHERE expires_at > ?1 ORDER BY created_at, code",
        )?;
        let rows = stmt.query_map([now], pairing_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Accepts the pairing request `code` (not expired at `now`): the extension may collect
    /// its token.
    ///
    /// # Errors
    /// [`Error::PairingNotFound`] for an unknown or expired code.
    pub fn accept_pairing(&mut self, code: &str, now: &str) -> Result<Pairing> {
        let code = normalize_code(code);
        let changed = self.conn.execute(
            "UPDATE api_pairings SET accepted = 1 WHERE code = ?1 AND expires_at > ?2",
            params![code, now],
        )?;
        if changed == 0 {
            return Err(Error::PairingNotFound(code));
        }
        self.conn
            .query_row(
                "SELECT code, name, origin, created_at, expires_at, accepted FROM api_pairings
                 WHERE code = ?1",
                [&code],
                pairing_row,
            )
            .map_err(Error::from)
    }

    /// Denies (forgets) the pairing request `code`.
    ///
    /// # Errors
    /// [`Error::PairingNotFound`] for an unknown or expired code.
    pub fn deny_pairing(&mut self, code: &str, now: &str) -> Result<()> {
        let code = normalize_code(code);
        let gone = self.conn.execute(
            "DELETE FROM api_pairings WHERE code = ?1 AND expires_at > ?2",
            params![code, now],
        )?;
        if gone == 0 {
            return Err(Error::PairingNotFound(code));
        }
        Ok(())
    }

    /// The extension polling its pairing `code` with its secret (and, when its request named
    /// one, from the origin that asked): pending, or (once accepted) the token whose
    /// hash is `token_hash` stored under the pairing's name and origin, and the request gone.
    ///
    /// # Errors
    /// [`Error::PairingNotFound`] for an unknown, denied or expired request.
    pub fn poll_pairing(
        &mut self,
        code: &str,
        secret_hash: &str,
        origin: Option<&str>,
        token_hash: &str,
        now: &str,
    ) -> Result<PairingPoll> {
        self.transaction(|tx| {
            let found: Option<(String, String, String, bool)> = tx
                .query_row(
                    "SELECT code, name, origin, accepted FROM api_pairings
                     WHERE code = ?1 AND secret_hash = ?2 AND expires_at > ?3
                       AND (?4 IS NULL OR origin = ?4)",
                    params![normalize_code(code), secret_hash, now, origin],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((code, name, origin, accepted)) = found else {
                return Err(Error::PairingNotFound(normalize_code(code)));
            };
            if !accepted {
                return Ok(PairingPoll::Pending);
            }
            insert_token_in(tx, &name, token_hash, Some(&origin), now)?;
            tx.execute("DELETE FROM api_pairings WHERE code = ?1", [&code])?;
            Ok(PairingPoll::Collected(name))
        })
    }
}

fn insert_token_in(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    hash: &str,
    origin: Option<&str>,
    now: &str,
) -> Result<()> {
    let taken: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::TokenExists(name.to_owned()));
    }
    tx.execute(
        "INSERT INTO api_tokens (name, hash, origin, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, hash, origin, now],
    )?;
    Ok(())
}

/// A code as typed: spaces and dashes dropped, upper case.
fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn token_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        name: r.get(0)?,
        origin: r.get(1)?,
        created_at: r.get(2)?,
        last_used_at: r.get(3)?,
    })
}

fn pairing_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Pairing> {
    Ok(Pairing {
        code: r.get(0)?,
        name: r.get(1)?,
        origin: r.get(2)?,
        created_at: r.get(3)?,
        expires_at: r.get(4)?,
        accepted: r.get(5)?,
    })
}
