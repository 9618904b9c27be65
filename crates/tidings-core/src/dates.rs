//! Times as the library stores them: RFC 3339 in UTC, whole seconds, so they sort as strings.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// The current time, as stored.
#[must_use]
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Where the time comes from for work that depends on it (when a feed is due): the system's
/// clock, or one a test sets and moves.
pub trait Clock: std::fmt::Debug + Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A time as stored: RFC 3339 UTC, whole seconds.
#[must_use]
pub fn stored(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads the date formats pages use (RFC 3339, RFC 2822, ISO without zone, a bare date) and
/// writes it as RFC 3339 in UTC. Times without a zone are taken as UTC.
#[must_use]
pub fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let utc = DateTime::parse_from_rfc3339(raw)
        .or_else(|_| DateTime::parse_from_rfc2822(raw))
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|d| d.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M:%S",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
            .map(|n| n.and_utc())
        })
        .or_else(|| {
            NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
                .map(|n| n.and_utc())
        })?;
    Some(utc.to_rfc3339_opts(SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_rfc3339_utc() {
        assert_eq!(
            normalize_date("2026-03-04T10:20:30+02:00").as_deref(),
            Some("2026-03-04T08:20:30Z")
        );
        assert_eq!(
            normalize_date("Wed, 04 Mar 2026 10:20:30 GMT").as_deref(),
            Some("2026-03-04T10:20:30Z")
        );
        assert_eq!(
            normalize_date("2026-03-04T10:20:30").as_deref(),
            Some("2026-03-04T10:20:30Z")
        );
        assert_eq!(
            normalize_date("2026-03-04").as_deref(),
            Some("2026-03-04T00:00:00Z")
        );
        assert_eq!(normalize_date("last Tuesday"), None);
        assert_eq!(normalize_date("2026-13-45"), None);
    }
}
