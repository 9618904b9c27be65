//! The properties every fuzz target checks, in a plain module (no libFuzzer) so that the normal
//! test suite runs the same checks over the saved regression inputs
//! (`crates/tidings-core/tests/it/fuzz_regressions.rs` includes this file).
//!
//! Each function takes raw bytes and panics when Tidings breaks a promise: a panic inside
//! Tidings, an error of more than one line, a property that does not hold.

use tidings_core::export::article_markdown;
use tidings_core::extract::{extract, sanitize_html};
use tidings_core::import::{parse, ImportFormat, Parsed};
use tidings_core::model::{Article, ArticleStatus, ArticleSummary, Highlight, Note};
use tidings_core::urlnorm::{dedup_key, normalize, parse_clip_url};

/// The extractor on any page: an article with a title and text, or an error.
pub fn extractor(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    let url = url::Url::parse("https://fuzz.example/a/b?c=d").expect("a valid base");
    match extract(&html, &url) {
        Ok(article) => {
            assert!(!article.title.trim().is_empty(), "an article has a title");
            assert!(!article.text.trim().is_empty(), "an article has text");
        }
        Err(e) => assert!(!e.to_string().contains('\n'), "one line: {e}"),
    }
}

/// The clip-URL check on any text: a URL or a one-line error; normalising is idempotent and
/// keeps the duplicate key.
pub fn url_check(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    match parse_clip_url(&input) {
        Ok(url) => {
            assert!(matches!(url.scheme(), "http" | "https"));
            let normalized = normalize(&url);
            assert_eq!(
                normalize(&normalized),
                normalized,
                "normalising twice changes nothing"
            );
            assert_eq!(dedup_key(&normalized), dedup_key(&url));
            let again = parse_clip_url(normalized.as_str()).expect("a normalised URL parses");
            assert_eq!(
                dedup_key(&again),
                dedup_key(&url),
                "the key survives a round trip"
            );
        }
        Err(e) => {
            assert_eq!(e.code(), tidings_core::ErrorCode::InvalidInput);
            assert!(!e.to_string().contains('\n'), "one line: {e}");
        }
    }
}

/// The Markdown exporter on hostile fields (split on NUL: title, content HTML, note, a quote, a
/// tag): the front matter stays valid YAML holding the same title and tag, and no key is added.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\0').map(str::to_owned);
    let mut next = || fields.next().unwrap_or_default();
    let (title, html, note, quote, tag) = (next(), next(), next(), next(), next());
    let base = url::Url::parse("https://fuzz.example/a").expect("a valid base");
    let article = Article {
        summary: ArticleSummary {
            id: 1,
            title: title.clone(),
            url: "https://fuzz.example/a".into(),
            site_name: Some(tag.clone()),
            byline: Some(quote.clone()),
            published_at: None,
            saved_at: "2026-01-01T00:00:00Z".into(),
            excerpt: None,
            lead_image_url: None,
            word_count: 1,
            reading_minutes: 1,
            status: ArticleStatus::default(),
            starred: false,
        },
        original_url: "https://fuzz.example/a".into(),
        final_url: "https://fuzz.example/a".into(),
        canonical_url: None,
        language: None,
        modified_at: None,
        content_html: sanitize_html(&html, &base),
        text: String::new(),
        note: Some(Note {
            body: note,
            created_at: String::new(),
            updated_at: String::new(),
        }),
        tags: vec![tag.clone()],
        collections: Vec::new(),
        highlights: vec![Highlight {
            id: 1,
            article_id: 1,
            exact: quote,
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 0,
            color: "yellow".into(),
            note: Some(tag.clone()),
            orphaned: false,
            created_at: String::new(),
            updated_at: String::new(),
        }],
        warnings: Vec::new(),
        captured_in_browser: false,
    };
    let markdown = article_markdown(&article);
    let front = markdown
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(front, _)| front)
        .expect("front matter between --- lines");
    let docs = yaml_rust2::YamlLoader::load_from_str(front).expect("front matter is YAML");
    let yaml = &docs[0];
    assert_eq!(yaml["title"].as_str(), Some(title.as_str()), "title kept");
    assert_eq!(yaml["tags"][0].as_str(), Some(tag.as_str()), "tag kept");
    assert_eq!(yaml["starred"].as_bool(), Some(false), "no key injected");
    assert_eq!(
        yaml.as_hash().map(yaml_rust2::yaml::Hash::len),
        Some(10),
        "no key injected: {front}"
    );
}

/// An import parser on any file: items whose URLs can be clipped, a backup, or a one-line error
/// naming the file.
pub fn import(data: &[u8], format: ImportFormat) {
    match parse("fuzz.input", data, format) {
        Ok(Parsed::Items { items, bad }) => {
            for item in &items {
                assert!(parse_clip_url(&item.url).is_ok(), "{:?} kept", item.url);
                // A page kept inside an archive unpacks, or fails with one line.
                if let Some(page) = &item.page {
                    if let Err(e) = page.html() {
                        assert!(!e.contains('\n'), "one line: {e:?}");
                    }
                }
            }
            for record in &bad {
                assert!(!record.reason.contains('\n'), "{:?}", record.reason);
            }
        }
        Ok(Parsed::Backup(_)) => {}
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("import fuzz.input"), "{message}");
            assert!(!message.contains('\n'), "one line: {message:?}");
        }
    }
}
