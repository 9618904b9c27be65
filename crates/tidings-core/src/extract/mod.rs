//! Turning a page into the article a person wants to keep. Pure: `(html, url) -> Extracted`,
//! no network, no storage.
//!
//! dom_smoothie (a Readability.js port) finds the article and its metadata; our passes repair
//! the page before it reads it and clean the article after; [`sanitize_html`] passes the
//! content through an allow-list before anything stores or renders it.
//!
//! Where to look: `pipeline.rs` lists the passes in the order they run, one module each;
//! `config.rs` holds their thresholds and word lists; `dom.rs` the page vocabulary they share
//! (words, hidden, furniture, prose); `survey.rs` finds in one walk what they work on;
//! `trim.rs` trims the markup before parsing; `metadata.rs` and `jsonld.rs` read what the
//! page states about itself.

mod cloak;
mod code;
mod config;
mod dom;
mod headings;
mod jsonld;
mod media;
mod metadata;
mod overflow;
mod pipeline;
mod prune;
mod recover;
mod repeats;
mod sanitize;
mod streamed;
mod survey;
mod tail;
mod text;
mod thread;
mod trim;
mod widen;

use url::Url;

pub use pipeline::{extract_with, Pass, Passes, PASSES};
pub use sanitize::sanitize_html;

/// The article found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub title: String,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: Option<String>,
    /// When the page says the article last changed, RFC 3339 UTC.
    pub modified_at: Option<String>,
    pub language: Option<String>,
    pub excerpt: Option<String>,
    /// Absolute URL.
    pub lead_image_url: Option<String>,
    /// The page's own `<link rel="canonical">`, when it is believable.
    pub canonical_url: Option<Url>,
    /// Sanitised article HTML, with absolute links.
    pub content_html: String,
    /// Plain text, blocks separated by blank lines.
    pub text: String,
    pub word_count: u32,
    pub reading_minutes: u32,
    /// What looked wrong ("short content", "fell back to lenient extraction").
    pub warnings: Vec<String>,
}

/// Why no article could be extracted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("extract {url}: no readable article found in the page")]
    NoArticle { url: String },
    #[error("extract {url}: {reason}")]
    Failed { url: String, reason: String },
}

/// Extracts the article from `html`, a page served at `url`, with every pass.
///
/// # Errors
/// [`Error::NoArticle`] when the page holds no readable text at all.
pub fn extract(html: &str, url: &Url) -> Result<Extracted, Error> {
    extract_with(html, url, Passes::all())
}

/// Minutes to read `words` words, at least one for any text.
#[must_use]
pub fn reading_minutes(words: u32) -> u32 {
    if words == 0 {
        0
    } else {
        words.div_ceil(config::article::WORDS_PER_MINUTE)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use dom::text_node_words;
    use dom_smoothie::{CandidateSelectMode, Readability};
    use pipeline::{first_extraction, parse_page};

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
    }

    #[test]
    fn words_of_a_text_node_are_counted_in_place() {
        let document = dom_query::Document::from("<p> Rust 1.90\tis\nout <b>now</b></p>");
        let p = document.select("p").nodes()[0];
        let counts: Vec<usize> = p.children_it(false).map(|c| text_node_words(&c)).collect();
        assert_eq!(counts, [4, 0]);
    }

    #[test]
    fn the_first_try_alone_gives_what_readabilitys_own_tries_give() {
        let url = Url::parse("https://example.com/story").unwrap();
        let paragraphs = |n: usize| -> String {
            (0..n)
                .map(|i| format!("<p>Paragraph {i} of the story, in plain words, with commas.</p>"))
                .collect()
        };
        let pages = [
            // Long enough on the first try.
            format!("<html><body><div class=\"post\">{}</div></body></html>", paragraphs(20)),
            // Short on every try: the longest is kept.
            format!("<html><body><div>{}</div><div class=\"comment\">{}</div></body></html>", paragraphs(1), paragraphs(2)),
            // Short on the first try, which drops the story's box as unlikely; a later try
            // keeps it.
            format!("<html><body><div><p>A short note.</p></div><div class=\"sidebar\">{}</div></body></html>", paragraphs(20)),
            // Hardly anything to find.
            "<html><body><p>Hi.</p></body></html>".to_owned(),
            "<html><body><div><span>Hi</span></div><p></p></body></html>".to_owned(),
        ];
        let empty = "<html><body></body></html>";
        assert!(matches!(extract(empty, &url), Err(Error::NoArticle { .. })));
        for html in &pages {
            let page = parse_page(html, Passes::all());
            let reader = Readability::with_document(
                page.clone(),
                Some(url.as_str()),
                Some(pipeline::config(CandidateSelectMode::Readability)),
            )
            .unwrap();
            let ours =
                first_extraction(reader, &page, &url).map(|(_, a)| (a.text_content, a.content));
            let theirs = pipeline::extract_once(
                parse_page(html, Passes::all()),
                &url,
                CandidateSelectMode::Readability,
                None,
            )
            .map(|(_, a)| (a.text_content, a.content));
            assert_eq!(ours, theirs, "{html}");
        }
    }

    #[test]
    fn a_first_container_with_little_of_the_prose_is_second_guessed() {
        // The story sits in a box whose class Readability strips as unlikely ("sidebar"), so
        // its first pick is the note beside it, long enough (500 characters) for Readability
        // not to retry by itself; a gentler retry of ours finds the story, six times longer.
        let note = "A note beside the story, in a few plain words, with one comma. ".repeat(9);
        let story: String = (0..40)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} of the story, told in plain sentences, with enough words in \
                     it, commas too, to read as the prose a reader came for.</p>"
                )
            })
            .collect();
        let html = format!(
            "<html><head><title>A story</title></head><body>\
             <div class=\"article\"><p>{note}</p></div>\
             <div class=\"sidebar-story\">{story}</div></body></html>"
        );
        let url = Url::parse("https://example.com/story").unwrap();
        let article = extract(&html, &url).unwrap();
        assert!(
            article.text.contains("Paragraph 11 of the story"),
            "{}",
            article.text
        );
        assert!(
            article
                .warnings
                .iter()
                .any(|w| w.starts_with("re-extracted")),
            "{:?}",
            article.warnings
        );
    }

    #[test]
    fn a_page_without_text_is_an_error_not_an_empty_article() {
        let url = Url::parse("https://example.com/empty").unwrap();
        let err = extract("<html><body><script>x()</script></body></html>", &url).unwrap_err();
        assert_eq!(
            err.to_string(),
            "extract https://example.com/empty: no readable article found in the page"
        );
    }
}
