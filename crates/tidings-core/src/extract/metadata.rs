//! Page metadata dom_smoothie does not give us in the form we store: the canonical URL,
//! dates as RFC 3339 UTC, and absolute image URLs.

use dom_query::Document;
use url::Url;

pub(crate) use crate::dates::normalize_date;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
