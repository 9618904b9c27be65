//! The API's secrets: tokens and pairing secrets made from the OS's random source, kept only as
//! SHA-256 hashes, and compared in constant time.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{Error, Result};

/// Random bytes in a token or a pairing secret.
const SECRET_BYTES: usize = 32;

/// A new secret: 32 random bytes, base64url without padding, after `prefix` (which lets a
/// secret scanner recognise a leaked token: `tidings_`).
///
/// # Errors
/// [`Error::Internal`] if the OS has no random source.
pub fn new_secret(prefix: &str) -> Result<String> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Internal(format!("no random source for a token: {e}")))?;
    Ok(format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// A short code a person can compare and type: six characters without look-alikes.
///
/// # Errors
/// [`Error::Internal`] if the OS has no random source.
pub fn new_code() -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Internal(format!("no random source for a code: {e}")))?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// SHA-256 of a secret, lowercase hex: what is stored.
#[must_use]
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// Whether two stored-form hashes are equal, in time that does not depend on where they differ.
#[must_use]
pub fn same_hash(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_url_safe() {
        let (a, b) = (
            new_secret("t_").unwrap_or_default(),
            new_secret("t_").unwrap_or_default(),
        );
        assert_ne!(a, b);
        assert_eq!(a.len(), 2 + 43);
        assert!(a[2..]
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn hashes_compare_equal_only_when_equal() {
        assert!(same_hash(&hash("x"), &hash("x")));
        assert!(!same_hash(&hash("x"), &hash("y")));
        assert!(!same_hash("ab", "abc"));
        assert_eq!(hash("abc").len(), 64);
    }
}
