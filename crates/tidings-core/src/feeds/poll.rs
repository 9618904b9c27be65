//! The polling rules: when to ask a feed again, from how often it publishes and what its server
//! asks, and how far to back off after failures. Pure: the time is a parameter (the caller's
//! clock, which tests control), the server's headers arrive as strings.
//!
//! - After a success: the feed's **publishing interval** — the window its dated items cover (at
//!   most the last 7 days) divided by how many items fall in it; 1 h for a feed without dates;
//!   24 h for one with nothing in the last week — clamped to [`MIN_INTERVAL`]–[`MAX_INTERVAL`].
//! - Never sooner than the server asks: RSS `<ttl>`, `Cache-Control: max-age` (else `Expires`,
//!   measured against the server's `Date`; `Expires: 0` or a past date asks nothing) and
//!   `Retry-After`. What a server asks is honoured up to [`MAX_SERVER_DELAY`], so a typo'd
//!   `Expires` in 2099 does not park a feed.
//! - After a failure: [`MIN_INTERVAL`] doubled per failure in a row (15 min, 30 min, 1 h, …),
//!   capped at [`MAX_INTERVAL`], so a failing feed is retried at least daily and never parked
//!   forever; a `Retry-After` can only push it later.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The shortest time between two polls of a feed.
pub const MIN_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// The longest time between two polls of a feed (and the longest back-off).
pub const MAX_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);
/// The interval of a feed whose items carry no dates.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60 * 60);
/// The longest wait a server's headers can ask for.
pub const MAX_SERVER_DELAY: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// How far back items count towards the publishing rate.
pub const RATE_WINDOW: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The headers of a response that say when to come back, as the server sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerHints {
    pub cache_control: Option<String>,
    pub expires: Option<String>,
    /// The server's `Date`, against which `Expires` and a dated `Retry-After` are measured.
    pub date: Option<String>,
    pub retry_after: Option<String>,
}

impl ServerHints {
    /// The longest wait these headers ask for from `now`, capped at [`MAX_SERVER_DELAY`];
    /// `None` when they ask for none.
    #[must_use]
    pub fn delay(&self, now: DateTime<Utc>) -> Option<Duration> {
        let server_now = self.date.as_deref().and_then(http_date).unwrap_or(now);
        let until = |at: DateTime<Utc>| (at - server_now).to_std().ok();
        let freshness = match self.max_age() {
            Some(age) => Some(age),
            None => self.expires.as_deref().and_then(http_date).and_then(until),
        };
        let retry = self.retry_after.as_deref().and_then(|v| {
            v.trim()
                .parse::<u64>()
                .ok()
                .map(Duration::from_secs)
                .or_else(|| http_date(v).and_then(until))
        });
        [freshness, retry]
            .into_iter()
            .flatten()
            .filter(|d| !d.is_zero())
            .max()
            .map(|d| d.min(MAX_SERVER_DELAY))
    }

    /// `Cache-Control: max-age`, unless `no-cache`/`no-store` say not to keep the answer at all.
    fn max_age(&self) -> Option<Duration> {
        let value = self.cache_control.as_deref()?.to_ascii_lowercase();
        let directives: Vec<&str> = value.split(',').map(str::trim).collect();
        if directives
            .iter()
            .any(|d| *d == "no-cache" || *d == "no-store")
        {
            return None;
        }
        directives.iter().find_map(|d| {
            let secs = d.strip_prefix("max-age")?.trim_start().strip_prefix('=')?;
            secs.trim()
                .trim_matches('"')
                .parse::<u64>()
                .ok()
                .map(Duration::from_secs)
        })
    }
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`); `None` for anything else (`0`, `-1`).
fn http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// How often a feed publishes, from its items' dates, clamped to
/// [`MIN_INTERVAL`]–[`MAX_INTERVAL`] (see the module docs).
#[must_use]
pub fn publishing_interval(published: &[DateTime<Utc>], now: DateTime<Utc>) -> Duration {
    let past: Vec<DateTime<Utc>> = published.iter().copied().filter(|d| *d <= now).collect();
    if past.is_empty() {
        return DEFAULT_INTERVAL;
    }
    let window_start = now - chrono::Duration::from_std(RATE_WINDOW).unwrap_or_default();
    let recent: Vec<&DateTime<Utc>> = past.iter().filter(|d| **d >= window_start).collect();
    let Some(oldest) = recent.iter().min() else {
        return MAX_INTERVAL;
    };
    let span = (now - **oldest)
        .to_std()
        .unwrap_or_default()
        .max(MIN_INTERVAL);
    let count = u32::try_from(recent.len()).unwrap_or(u32::MAX).max(1);
    (span / count).clamp(MIN_INTERVAL, MAX_INTERVAL)
}

/// When to poll next after a successful poll (changed or not).
#[must_use]
pub fn next_after_success(
    now: DateTime<Utc>,
    published: &[DateTime<Utc>],
    ttl_minutes: Option<u32>,
    hints: &ServerHints,
) -> DateTime<Utc> {
    let ttl = ttl_minutes
        .map(|m| Duration::from_secs(u64::from(m) * 60).min(MAX_SERVER_DELAY))
        .unwrap_or_default();
    let wait = publishing_interval(published, now)
        .max(ttl)
        .max(hints.delay(now).unwrap_or_default());
    now + chrono::Duration::from_std(wait).unwrap_or_default()
}

/// The wait after `failures` failed polls in a row (1 for the first).
#[must_use]
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    MIN_INTERVAL
        .saturating_mul(1 << doublings)
        .min(MAX_INTERVAL)
}

/// When to poll next after the `failures`-th failed poll in a row.
#[must_use]
pub fn next_after_failure(now: DateTime<Utc>, failures: u32, hints: &ServerHints) -> DateTime<Utc> {
    let wait = backoff(failures).max(hints.delay(now).unwrap_or_default());
    now + chrono::Duration::from_std(wait).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const NOW: &str = "2026-05-01T12:00:00Z";

    fn hours(h: u64) -> Duration {
        Duration::from_secs(h * 3600)
    }

    #[test]
    fn the_interval_follows_the_publishing_rate_within_the_clamp() {
        let now = at(NOW);
        // 24 items over the last day: one an hour.
        let hourly: Vec<_> = (1..=24).map(|h| now - chrono::Duration::hours(h)).collect();
        assert_eq!(publishing_interval(&hourly, now), hours(1));
        // 100 items in the last 100 minutes: clamped to 15 minutes.
        let busy: Vec<_> = (1..=100)
            .map(|m| now - chrono::Duration::minutes(m))
            .collect();
        assert_eq!(publishing_interval(&busy, now), MIN_INTERVAL);
        // Weekly posts: clamped to a day.
        let weekly: Vec<_> = (0..10)
            .map(|w| now - chrono::Duration::weeks(w) - chrono::Duration::days(1))
            .collect();
        assert_eq!(publishing_interval(&weekly, now), MAX_INTERVAL);
        // Nothing in the last week: a day. No dates: an hour. Future dates do not count.
        assert_eq!(
            publishing_interval(&[now - chrono::Duration::days(30)], now),
            MAX_INTERVAL
        );
        assert_eq!(publishing_interval(&[], now), DEFAULT_INTERVAL);
        assert_eq!(
            publishing_interval(&[now + chrono::Duration::days(3)], now),
            DEFAULT_INTERVAL
        );
    }

    #[test]
    fn the_server_can_only_make_the_wait_longer() {
        let now = at(NOW);
        let hourly: Vec<_> = (1..=24).map(|h| now - chrono::Duration::hours(h)).collect();
        let plain = ServerHints::default();
        assert_eq!(
            next_after_success(now, &hourly, None, &plain),
            now + chrono::Duration::hours(1)
        );
        // ttl of 3 hours.
        assert_eq!(
            next_after_success(now, &hourly, Some(180), &plain),
            now + chrono::Duration::hours(3)
        );
        // A shorter max-age asks nothing more.
        let short = ServerHints {
            cache_control: Some("public, max-age=60".into()),
            ..ServerHints::default()
        };
        assert_eq!(
            next_after_success(now, &hourly, None, &short),
            now + chrono::Duration::hours(1)
        );
        let long = ServerHints {
            cache_control: Some("max-age=7200".into()),
            ..ServerHints::default()
        };
        assert_eq!(
            next_after_success(now, &hourly, None, &long),
            now + chrono::Duration::hours(2)
        );
    }

    #[test]
    fn expires_counts_from_the_servers_date_and_zero_asks_nothing() {
        let now = at(NOW);
        let expires = |value: &str| ServerHints {
            expires: Some(value.into()),
            date: Some("Fri, 01 May 2026 10:00:00 GMT".into()),
            ..ServerHints::default()
        };
        // Two hours after the server's clock, whatever ours says.
        assert_eq!(
            expires("Fri, 01 May 2026 12:00:00 GMT").delay(now),
            Some(hours(2))
        );
        assert_eq!(expires("0").delay(now), None);
        assert_eq!(expires("-1").delay(now), None);
        assert_eq!(expires("Thu, 01 Jan 1970 00:00:00 GMT").delay(now), None);
        // max-age wins over Expires; no-cache asks nothing.
        let both = ServerHints {
            cache_control: Some("max-age=600".into()),
            ..expires("Fri, 01 May 2026 20:00:00 GMT")
        };
        assert_eq!(both.delay(now), Some(Duration::from_secs(600)));
        let no_cache = ServerHints {
            cache_control: Some("no-cache, max-age=600".into()),
            ..ServerHints::default()
        };
        assert_eq!(no_cache.delay(now), None);
        // A far future is capped.
        assert_eq!(
            expires("Fri, 01 May 2099 12:00:00 GMT").delay(now),
            Some(MAX_SERVER_DELAY)
        );
    }

    #[test]
    fn failures_back_off_exponentially_up_to_a_day() {
        let waits: Vec<u64> = (1..=10).map(|n| backoff(n).as_secs() / 60).collect();
        assert_eq!(waits, [15, 30, 60, 120, 240, 480, 960, 1440, 1440, 1440]);
        assert_eq!(backoff(u32::MAX), MAX_INTERVAL);
        let now = at(NOW);
        let retry = ServerHints {
            retry_after: Some("7200".into()),
            ..ServerHints::default()
        };
        assert_eq!(
            next_after_failure(now, 1, &retry),
            now + chrono::Duration::hours(2)
        );
        let dated = ServerHints {
            retry_after: Some("Fri, 01 May 2026 15:00:00 GMT".into()),
            ..ServerHints::default()
        };
        assert_eq!(
            next_after_failure(now, 1, &dated),
            now + chrono::Duration::hours(3)
        );
        assert_eq!(
            next_after_failure(now, 9, &dated),
            now + chrono::Duration::hours(24)
        );
    }
}
