//! Page metadata dom_smoothie does not give us in the form we store: the canonical URL,
//! dates as RFC 3339 UTC, and absolute image URLs.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use dom_query::Document;
use url::Url;

/// The page's `<link rel="canonical">` (or `og:url`), resolved against the page URL, when it is
/// believable: http(s), and not the site's home page for a page that is not one (a common CMS bug).
pub(crate) fn canonical_url(document: &Document, page_url: &Url) -> Option<Url> {
    let href = document
        .select(r#"link[rel~="canonical"]"#)
        .attr("href")
        .or_else(|| {
            document
                .select(r#"meta[property="og:url"]"#)
                .attr("content")
        })?;
    let canonical = page_url.join(href.trim()).ok()?;
    if !matches!(canonical.scheme(), "http" | "https") {
        return None;
    }
    let is_home = |u: &Url| u.path() == "/" && u.query().is_none();
    if is_home(&canonical) && !is_home(page_url) {
        return None;
    }
    Some(canonical)
}

/// Resolves an image or link address against the page and keeps it only if it is http(s).
pub(crate) fn absolute_http_url(page_url: &Url, src: &str) -> Option<String> {
    let url = page_url.join(src.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Reads the date formats pages use (RFC 3339, RFC 2822, ISO without zone, a bare date) and
/// writes it as RFC 3339 in UTC. Times without a zone are taken as UTC.
pub(crate) fn normalize_date(raw: &str) -> Option<String> {
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
#[allow(clippy::unwrap_used)]
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

    #[test]
    fn canonical_is_resolved_and_home_page_canonicals_are_ignored() {
        let page = Url::parse("https://news.example.com/2026/story?utm_source=x").unwrap();
        let doc = Document::from(r#"<link rel="canonical" href="/2026/story">"#);
        assert_eq!(
            canonical_url(&doc, &page).unwrap().as_str(),
            "https://news.example.com/2026/story"
        );
        let doc = Document::from(r#"<link rel="canonical" href="https://news.example.com/">"#);
        assert_eq!(canonical_url(&doc, &page), None);
        let doc = Document::from(r#"<link rel="canonical" href="javascript:alert(1)">"#);
        assert_eq!(canonical_url(&doc, &page), None);
    }
}
