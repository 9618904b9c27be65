//! Page metadata dom_smoothie does not give us in the form we store: the canonical URL,
//! dates as RFC 3339 UTC, and absolute image URLs.

use dom_query::{Document, NodeRef, Selection};
use url::Url;

pub(crate) use crate::dates::normalize_date;

/// The page's `<link rel="canonical">` (or `og:url`), resolved against the page URL, when it is
/// believable: http(s), and not the site's home page for a page that is not one (a common CMS bug).
/// Read from the `<head>` only, where both belong (one in the body is an embedded card's).
pub(crate) fn canonical_url(document: &Document, page_url: &Url) -> Option<Url> {
    let head = Selection::from(document.head()?);
    let href = head
        .select(r#"link[rel~="canonical"]"#)
        .attr("href")
        .or_else(|| head.select(r#"meta[property="og:url"]"#).attr("content"))?;
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

/// When the page says it was last changed: `article:modified_time`, `og:updated_time`,
/// `itemprop="dateModified"` (on a `<meta>` or `<time>`), or a `dcterms.modified`/`last-modified`
/// meta name, in that order of trust, as RFC 3339 UTC. Read from the page's `<meta>` elements
/// with a `content` and `<time>` elements with an `itemprop` ([`super::survey::Readings::dated`]).
pub(crate) fn modified_time(dated: &[NodeRef<'_>]) -> Option<String> {
    const SOURCES: [&str; 5] = [
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
        "last-modified",
    ];
    let mut best: Option<(usize, String)> = None;
    for element in dated {
        let key = ["property", "itemprop", "name"]
            .iter()
            .find_map(|attribute| element.attr(attribute))
            .map(|k| k.trim().to_ascii_lowercase());
        let Some(rank) = key.and_then(|k| SOURCES.iter().position(|s| *s == k)) else {
            continue;
        };
        if best.as_ref().is_some_and(|(b, _)| *b <= rank) {
            continue;
        }
        let value = element
            .attr("content")
            .or_else(|| element.attr("datetime"))
            .map_or_else(|| element.text().to_string(), |v| v.to_string());
        if let Some(date) = normalize_date(&value) {
            best = Some((rank, date));
        }
    }
    best.map(|(_, date)| date)
}

/// The texts of the page's `<h1>` headings, whitespace collapsed.
pub(crate) fn top_headings(h1: &[NodeRef<'_>]) -> Vec<String> {
    h1.iter()
        .map(|h| h.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect()
}

/// A title in Chinese or Japanese keeps its site name ("記事 | サイト"): Readability decides
/// whether to cut at a separator by counting space-separated words, and these scripts have
/// none. When a part between separators is the page's own `<h1>`, that part is the title.
pub(crate) fn unspaced_title_without_site(title: String, headings: &[String]) -> String {
    let unspaced = title.chars().any(crate::cjk::is_cjk);
    if !unspaced {
        return title;
    }
    let part = title.split([' ', '\u{3000}']).collect::<Vec<_>>().join(" ");
    let parts: Vec<&str> = part
        .split(" | ")
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(" — "))
        .flat_map(|p| p.split(['｜', '|']))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return title;
    }
    parts
        .iter()
        .find(|p| headings.iter().any(|h| h == *p))
        .map_or(title.clone(), |p| (*p).to_owned())
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
    fn a_japanese_title_loses_its_site_name_only_when_the_h1_confirms_it() {
        let h1 = vec!["新版が公開".to_owned()];
        assert_eq!(
            unspaced_title_without_site("新版が公開 | 技術ニュース".to_owned(), &h1),
            "新版が公開"
        );
        assert_eq!(
            unspaced_title_without_site("新版が公開 | 技術ニュース".to_owned(), &[]),
            "新版が公開 | 技術ニュース"
        );
        assert_eq!(
            unspaced_title_without_site("Short | Site".to_owned(), &["Short".to_owned()]),
            "Short | Site",
            "spaced scripts keep Readability's choice"
        );
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

    #[test]
    fn the_modified_time_comes_from_meta_or_a_marked_time_element() {
        let modified = |html: &str| {
            let document = Document::from(html);
            modified_time(&crate::extract::survey::readings(&document).dated)
        };
        assert_eq!(
            modified(
                r#"<meta property="article:modified_time" content="2026-03-04T10:20:30+02:00">"#
            )
            .as_deref(),
            Some("2026-03-04T08:20:30Z")
        );
        assert_eq!(
            modified(
                r#"<meta property="og:updated_time" content="not a date">
                   <time itemprop="dateModified" datetime="2026-05-01T12:00:00Z">May 1</time>"#
            )
            .as_deref(),
            Some("2026-05-01T12:00:00Z"),
            "an unreadable date is passed over"
        );
        assert_eq!(modified("<time datetime=\"2026-05-01\">May 1</time>"), None);
    }
}
