//! Finding the feed of a page: the page's `<link rel="alternate">` to an RSS, Atom or JSON feed,
//! in page order; else the usual addresses ([`GUESSES`]) on the page's site, tried in order.

use dom_query::Document;
use url::Url;

/// Where sites usually put their feed, tried in this order when a page links none.
pub const GUESSES: &[&str] = &["/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml"];

/// The media types of the feeds a page can link.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
];

/// The feeds `html` (the page at `page_url`) links to, absolute, in page order, each once.
#[must_use]
pub fn linked_feeds(html: &str, page_url: &Url) -> Vec<Url> {
    let document = Document::from(html);
    // The page's own <base href>, if any, is what its relative links resolve against.
    let base = document
        .select("base[href]")
        .nodes()
        .first()
        .and_then(|b| b.attr("href"))
        .and_then(|href| page_url.join(href.trim()).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut found: Vec<Url> = Vec::new();
    for link in document.select("link[rel][href]").nodes() {
        let rel = link.attr("rel").unwrap_or_default().to_ascii_lowercase();
        if !rel.split_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let kind = link.attr("type").unwrap_or_default().to_ascii_lowercase();
        let kind = kind.split(';').next().unwrap_or_default().trim().to_owned();
        if !FEED_TYPES.contains(&kind.as_str()) {
            continue;
        }
        let Some(url) = link
            .attr("href")
            .and_then(|href| base.join(href.trim()).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            continue;
        };
        if !found.contains(&url) {
            found.push(url);
        }
    }
    found
}

/// The [`GUESSES`] on `page_url`'s site, in order.
#[must_use]
pub fn guesses(page_url: &Url) -> Vec<Url> {
    GUESSES
        .iter()
        .filter_map(|path| page_url.join(path).ok())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn alternate_feed_links_are_found_in_order_and_made_absolute() {
        let page = Url::parse("https://blog.example/posts/2026/hello.html").unwrap();
        let html = r#"<html><head>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="text/html" href="/fr/hello.html">
            <link rel="alternate" type="application/atom+xml" title="Atom" href="../../atom.xml">
            <link rel="Alternate" type="application/rss+xml; charset=utf-8" href="https://feeds.example/rss">
            <link rel="alternate" type="application/feed+json" href="/feed.json">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            </head><body></body></html>"#;
        let found: Vec<String> = linked_feeds(html, &page)
            .iter()
            .map(Url::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "https://blog.example/atom.xml",
                "https://feeds.example/rss",
                "https://blog.example/feed.json"
            ]
        );
        assert!(linked_feeds("<p>no head at all", &page).is_empty());
    }

    #[test]
    fn a_base_element_changes_what_relative_links_mean() {
        let page = Url::parse("https://blog.example/a/b").unwrap();
        let html = r#"<head><base href="https://cdn.example/site/"><link rel="alternate" type="application/rss+xml" href="rss.xml"></head>"#;
        assert_eq!(
            linked_feeds(html, &page),
            [Url::parse("https://cdn.example/site/rss.xml").unwrap()]
        );
    }

    #[test]
    fn guesses_are_on_the_site_root_in_order() {
        let page = Url::parse("https://blog.example/posts/x?y=1").unwrap();
        let guessed: Vec<String> = guesses(&page).iter().map(Url::to_string).collect();
        assert_eq!(
            guessed,
            [
                "https://blog.example/feed",
                "https://blog.example/rss.xml",
                "https://blog.example/atom.xml",
                "https://blog.example/feed.xml",
                "https://blog.example/index.xml"
            ]
        );
    }
}
