//! Reading a feed document (RSS 0.9x/1.0/2.0, Atom 1.0, JSON Feed 1.0/1.1) into [`ParsedFeed`]:
//! feed-rs parses, and this module decides what Tidings keeps of it.
//!
//! - **Charset**: a byte-order mark, else the XML declaration's `encoding`, else the HTTP
//!   `charset`, else UTF-8 (servers often add a default charset the file does not use, so the
//!   declaration the producing software wrote wins). The document is turned into UTF-8 here and
//!   its declaration rewritten to say so, so feed-rs never decodes it twice.
//! - **Stable key** per item: feed-rs invents an id when a feed has none (a hash of the link and
//!   title, or a random UUID), which would make a new item at every poll; its generator is
//!   switched off and the key is ours: `id:` + the feed's guid/id as given, else `url:` + the
//!   item's link under the clip dedup key ([`crate::urlnorm::dedup_key`]), else `hash:` + a
//!   SHA-256 of title and content.
//! - **Links** are made absolute against `xml:base` (feed-rs) and the feed's URL (JSON Feed too);
//!   only http(s) links are kept (a `javascript:` link in a feed is dropped).
//! - **Dates**: `published`, else `updated`; a date that does not parse is `None`, never "now".
//! - **Summaries** pass the same allow-list as articles ([`crate::extract::sanitize_html`]): a
//!   feed is hostile input too. Plain-text summaries (Atom `type="text"`, JSON Feed `summary`)
//!   are escaped first.

use std::borrow::Cow;

use chrono::SecondsFormat;
use encoding_rs::Encoding;
use feed_rs::model::{Entry, FeedType, Link, LinkTarget, Text};
use sha2::{Digest, Sha256};
use url::Url;

use super::Error;
use crate::urlnorm::dedup_key;

/// Items read from one document at most (a hostile feed could list millions within the size cap).
pub const MAX_ITEMS: usize = 1000;

/// What Tidings keeps of a feed document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFeed {
    /// The feed's title, trimmed; empty when it has none.
    pub title: String,
    /// The site the feed belongs to (its `alternate` link), absolute.
    pub site_url: Option<String>,
    /// RSS `<ttl>`: minutes the feed asks readers to wait between polls.
    pub ttl_minutes: Option<u32>,
    pub items: Vec<ParsedItem>,
}

/// One item of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedItem {
    /// Stable across polls (see the module docs): `id:…`, `url:…` or `hash:…`.
    pub key: String,
    /// Never empty: the item's title, else its URL, else "Untitled".
    pub title: String,
    /// The item's link, absolute, http(s) only.
    pub url: Option<String>,
    /// The discussion page (RSS `<comments>`), absolute, http(s) only.
    pub comments_url: Option<String>,
    pub author: Option<String>,
    /// RFC 3339 UTC; `None` when the feed gives no date or one that does not parse.
    pub published: Option<String>,
    /// Sanitised HTML, safe to render; empty when the item has no summary or content.
    pub summary_html: String,
    pub categories: Vec<String>,
}

/// Reads a feed document.
///
/// `content_type` is the HTTP `Content-Type` (for its charset; may be empty); `feed_url` is where
/// the document was fetched from, against which relative links are resolved.
///
/// # Errors
/// [`Error::NotAFeed`] naming the URL and, in a few words, what the document is instead.
pub fn parse_feed(bytes: &[u8], content_type: &str, feed_url: &Url) -> Result<ParsedFeed, Error> {
    let not_a_feed = |reason: String| Error::NotAFeed {
        url: feed_url.to_string(),
        reason,
    };
    let text = to_utf8(bytes, content_type);
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if start.is_empty() {
        return Err(not_a_feed("the response is empty".into()));
    }
    if looks_like_html(start) {
        return Err(not_a_feed("an HTML page".into()));
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url.as_str()))
        // Our own keys, not feed-rs's invented ids (see the module docs).
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    let feed = parser
        .parse(start.as_bytes())
        .map_err(|e| not_a_feed(one_line(&e.to_string())))?;
    let rss = matches!(
        feed.feed_type,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2
    );
    let site_url = feed
        .links
        .iter()
        .filter(|l| is_alternate(l) && !is_feed_type(l.media_type.as_deref()))
        .find_map(|l| absolute_http(&l.href, feed_url));
    let items = feed
        .entries
        .iter()
        .take(MAX_ITEMS)
        .map(|entry| item(entry, feed_url, rss))
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| collapse(&t.content)).unwrap_or_default(),
        site_url,
        ttl_minutes: feed.ttl,
        items,
    })
}

fn item(entry: &Entry, feed_url: &Url, rss: bool) -> ParsedItem {
    let url = entry
        .links
        .iter()
        .filter(|l| l.target.is_none() && is_alternate(l))
        .find_map(|l| absolute_http(&l.href, feed_url));
    let comments_url = entry
        .links
        .iter()
        .filter(|l| matches!(l.target, Some(LinkTarget::Comments)))
        .find_map(|l| absolute_http(&l.href, feed_url));
    let title = entry
        .title
        .as_ref()
        .map(|t| collapse(&t.content))
        .filter(|t| !t.is_empty());
    let raw_summary = entry
        .summary
        .as_ref()
        .filter(|t| !t.content.trim().is_empty())
        .map(|t| text_as_html(t, rss))
        .or_else(|| {
            let content = entry.content.as_ref()?;
            let body = content.body.as_deref().filter(|b| !b.trim().is_empty())?;
            let html = content.content_type.to_string().contains("html");
            Some(if html || rss {
                body.to_owned()
            } else {
                escape_text(body)
            })
        })
        .unwrap_or_default();
    let base = url
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .unwrap_or_else(|| feed_url.clone());
    let summary_html = if raw_summary.is_empty() {
        String::new()
    } else {
        crate::extract::sanitize_html(&raw_summary, &base)
            .trim()
            .to_owned()
    };
    let key = stable_key(
        &entry.id,
        url.as_deref(),
        title.as_deref().unwrap_or_default(),
        &raw_summary,
    );
    ParsedItem {
        key,
        title: title
            .or_else(|| url.clone())
            .unwrap_or_else(|| "Untitled".into()),
        url,
        comments_url,
        author: entry
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref().map(collapse))
            .find(|n| !n.is_empty()),
        published: entry
            .published
            .or(entry.updated)
            .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
        summary_html,
        categories: entry
            .categories
            .iter()
            .map(|c| collapse(c.label.as_deref().unwrap_or(&c.term)))
            .filter(|c| !c.is_empty())
            .collect(),
    }
}

/// The item's stable key: the feed's id, else its link's dedup key, else a hash of its text.
fn stable_key(id: &str, url: Option<&str>, title: &str, content: &str) -> String {
    let id = id.trim();
    if !id.is_empty() {
        return format!("id:{id}");
    }
    if let Some(url) = url.and_then(|u| Url::parse(u).ok()) {
        return format!("url:{}", dedup_key(&url));
    }
    let mut hash = Sha256::new();
    hash.update(title.as_bytes());
    hash.update([0]);
    hash.update(content.as_bytes());
    let hex: String = hash
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("hash:{hex}")
}

/// RSS descriptions are HTML by convention whatever they declare; Atom and JSON Feed say.
fn text_as_html(text: &Text, rss: bool) -> String {
    let html = text.content_type.to_string().contains("html");
    if rss || html {
        text.content.clone()
    } else {
        escape_text(&text.content)
    }
}

fn escape_text(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<p>{escaped}</p>")
}

fn is_alternate(link: &Link) -> bool {
    link.rel.as_deref().is_none_or(|r| r == "alternate")
}

fn is_feed_type(media_type: Option<&str>) -> bool {
    media_type.is_some_and(|t| {
        let t = t.to_ascii_lowercase();
        t.contains("rss") || t.contains("atom") || t.contains("feed+json")
    })
}

/// `href` made absolute against `base`, if it is an http(s) URL then.
fn absolute_http(href: &str, base: &Url) -> Option<String> {
    let url = base.join(href.trim()).ok()?;
    matches!(url.scheme(), "http" | "https")
        .then(|| url.host_str().is_some_and(|h| !h.is_empty()))
        .filter(|ok| *ok)
        .map(|_| url.to_string())
}

/// White space collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn one_line(s: &str) -> String {
    collapse(s.lines().next().unwrap_or_default())
}

fn looks_like_html(start: &str) -> bool {
    let head: String = start
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The document as UTF-8 (see the module docs for the order of charset sources). An XML
/// declaration is rewritten to say UTF-8, so the parser does not decode it a second time.
fn to_utf8<'a>(bytes: &'a [u8], content_type: &str) -> Cow<'a, str> {
    let declared = xml_declared_encoding(bytes);
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| {
            declared
                .as_deref()
                .and_then(|d| Encoding::for_label(d.as_bytes()))
        })
        .or_else(|| http_charset(content_type).and_then(|c| Encoding::for_label(c.as_bytes())))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(bytes);
    if declared.is_none() {
        return text;
    }
    Cow::Owned(rewrite_declaration(&text))
}

/// The `encoding` of an XML declaration at the start of `bytes` (in an ASCII-compatible charset;
/// a UTF-16 document has a byte-order mark).
fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(256))?;
    let head = String::from_utf8_lossy(head);
    let head = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let declaration = head.strip_prefix("<?xml")?;
    let declaration = &declaration[..declaration.find("?>")?];
    let at = declaration.find("encoding")?;
    let rest = declaration[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_owned())
}

fn rewrite_declaration(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    match trimmed
        .strip_prefix("<?xml")
        .and_then(|rest| rest.find("?>").map(|end| &rest[end + 2..]))
    {
        Some(body) => format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}"),
        None => text.to_owned(),
    }
}

fn http_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("https://example.org/blog/feed.xml").unwrap()
    }

    #[test]
    fn keys_prefer_the_feeds_id_then_the_link_then_a_hash() {
        assert_eq!(
            stable_key(" abc ", Some("https://x.org/a"), "t", "c"),
            "id:abc"
        );
        assert_eq!(
            stable_key("", Some("https://X.org/a?utm_source=rss#top"), "t", "c"),
            "url:x.org/a"
        );
        let hashed = stable_key("", None, "title", "content");
        assert!(
            hashed.starts_with("hash:") && hashed.len() == 5 + 32,
            "{hashed}"
        );
        assert_eq!(hashed, stable_key("", None, "title", "content"));
        assert_ne!(hashed, stable_key("", None, "title", "other content"));
        // Title and content do not run together.
        assert_ne!(
            stable_key("", None, "ab", "c"),
            stable_key("", None, "a", "bc")
        );
    }

    #[test]
    fn the_declared_encoding_is_read_and_rewritten() {
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><rss version=\"2.0\"><channel><title>Caf\xe9</title></channel></rss>";
        assert_eq!(xml_declared_encoding(latin1).as_deref(), Some("ISO-8859-1"));
        let text = to_utf8(latin1, "");
        assert!(text.contains("Café"), "{text}");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        let feed = parse_feed(latin1, "application/rss+xml", &url()).unwrap();
        assert_eq!(feed.title, "Café");
    }

    #[test]
    fn the_http_charset_counts_when_the_file_declares_none() {
        let body =
            b"<rss version=\"2.0\"><channel><title>Na\xefve \x93quotes\x94</title></channel></rss>";
        let feed = parse_feed(body, "text/xml; charset=windows-1252", &url()).unwrap();
        assert_eq!(feed.title, "Naïve \u{201c}quotes\u{201d}");
    }

    #[test]
    fn only_http_links_are_kept_and_made_absolute() {
        assert_eq!(
            absolute_http("../p/1", &url()).as_deref(),
            Some("https://example.org/p/1")
        );
        assert_eq!(absolute_http("javascript:alert(1)", &url()), None);
        assert_eq!(absolute_http("mailto:a@b.c", &url()), None);
    }

    #[test]
    fn what_is_not_a_feed_says_so_in_one_line() {
        for (body, reason) in [
            (&b""[..], "empty"),
            (b"  \n ", "empty"),
            (b"<!DOCTYPE html><html><body>hi</body></html>", "HTML page"),
            (b"<note><to>x</to></note>", "not a feed"),
            (b"{\"hello\": 1}", "not a feed"),
            (b"plain words", "not a feed"),
        ] {
            let err = parse_feed(body, "", &url()).unwrap_err().to_string();
            assert!(err.contains(reason), "{err}");
            assert!(
                err.starts_with("https://example.org/blog/feed.xml: "),
                "{err}"
            );
            assert!(!err.contains('\n'), "{err}");
        }
    }
}
