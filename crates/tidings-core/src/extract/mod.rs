//! Turning a page into the article a person wants to keep. Pure: `(html, url) -> Extracted`,
//! no network, no storage.
//!
//! dom_smoothie (a Readability.js port) finds the article and its metadata; [`sanitize`] passes the
//! content through an allow-list before anything stores or renders it.

mod cloak;
mod code;
mod headings;
mod jsonld;
mod media;
mod metadata;
mod overflow;
mod prune;
mod repeats;
mod restore;
mod sanitize;
mod streamed;
mod survey;
mod tail;
mod widen;

use dom_query::{NodeRef, Selection};
use dom_smoothie::{CandidateSelectMode, Config, ParsePolicy, Readability, TextMode};
use url::Url;

pub use sanitize::sanitize_html;

/// Whether the extractor reads the `data-*` attribute `name` (in any case): where a lazy
/// picture's address is, a code block's language, a line-number cell. The pass before parsing
/// drops the others (see `nesting.rs`).
pub(crate) fn reads_data_attribute(name: &[u8]) -> bool {
    media::LAZY_SRC
        .iter()
        .chain(media::LAZY_SRCSET)
        .chain(code::LANGUAGE_ATTRIBUTES)
        .chain([&code::LINE_NUMBER_ATTRIBUTE])
        .any(|read| name.eq_ignore_ascii_case(read.as_bytes()))
}

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: u32 = 230;
/// Below this many words an article is flagged as possibly cut short.
const SHORT_ARTICLE_WORDS: u32 = 120;

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

/// Extracts the article from `html`, a page served at `url`.
///
/// # Errors
/// [`Error::NoArticle`] when the page holds no readable text at all.
pub fn extract(html: &str, url: &Url) -> Result<Extracted, Error> {
    // Parsing time grows with the square of the nesting depth: deeper tags are dropped first,
    // with the text of scripts and style sheets, which nothing reads after parsing.
    let limited = crate::nesting::limit_nesting_without_scripts(html, crate::nesting::MAX_DEPTH);
    let html: &str = &limited;
    let document = parse_page(html);
    let canonical_url = metadata::canonical_url(&document, url);
    let readings = survey::readings(&document);
    let declared = jsonld::article_data(&readings.json_ld).unwrap_or_default();
    // Looked for in the head's few elements, not by testing every element of the page.
    let page_title = document
        .head()
        .map(|head| Selection::from(head).select("title").text().to_string())
        .unwrap_or_default();
    let page_modified = metadata::modified_time(&readings.dated);
    let headings = metadata::top_headings(&readings.top_headings);
    // How much paragraph text the page has, to notice when the chosen container holds too little.
    let paragraph_words = words(&text_of(&readings.paragraphs));
    // The page as parsed, before Readability changes it: what its cleaning took out of the
    // article is looked for there, and later tries start from copies of it (a copy costs a
    // fraction of a parse).
    let page = document.clone();
    let readability = Readability::with_document(
        document,
        Some(url.as_str()),
        Some(config(CandidateSelectMode::Readability)),
    )
    .map_err(|e| Error::Failed {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    let mut warnings = Vec::new();
    let first = first_extraction(readability, &page, url);
    let suspicious = first.as_ref().is_none_or(|(_, a)| {
        let found = words(&a.text_content);
        paragraph_words >= MIN_PARAGRAPH_WORDS && found * RETRY_BELOW_SHARE < paragraph_words
    });
    let chosen = if suspicious {
        // The first container looks wrong (too little of the page's prose): ask the other
        // candidate selection and gentler cleaning, and keep a result with far more prose.
        let retries = [
            (CandidateSelectMode::DomSmoothie, ParsePolicy::Strict),
            (CandidateSelectMode::Readability, ParsePolicy::Moderate),
            (CandidateSelectMode::Readability, ParsePolicy::Clean),
            (CandidateSelectMode::Readability, ParsePolicy::Raw),
        ];
        // Each try on a copy of the page: dom_smoothie changes what it reads.
        let alternatives = retries
            .into_iter()
            .filter_map(|(mode, policy)| extract_with(page.clone(), url, mode, Some(policy)));
        let first_score = first.as_ref().map_or(0, prose_score);
        let best_alternative = alternatives.max_by_key(prose_score);
        let best = match best_alternative {
            Some(alt) if prose_score(&alt) > first_score * ALTERNATIVE_MARGIN => Some(alt),
            _ => first.or(best_alternative),
        };
        if best.is_some() {
            warnings.push(
                "re-extracted: the first article container held little of the page's text"
                    .to_owned(),
            );
        }
        best
    } else {
        first
    };
    let Some((reader, article)) = chosen.or_else(|| {
        warnings.push("fell back to lenient extraction: the page has no clear article".to_owned());
        extract_with(
            page.clone(),
            url,
            CandidateSelectMode::Readability,
            Some(ParsePolicy::Raw),
        )
    }) else {
        return Err(Error::NoArticle {
            url: url.to_string(),
        });
    };

    // The article is worked on where dom_smoothie left it, in its copy of the page: no second parse.
    let Some(root) = article_root(&reader.doc) else {
        return Err(Error::NoArticle {
            url: url.to_string(),
        });
    };
    // Readability's cleaning may take prose out of the article, and it may keep only part of a
    // story split over several blocks: what it took comes back, and the blocks around join when
    // they hold more prose than what it kept.
    restore::restore(&root, &page);
    drop(page);
    widen::widen(&root);
    repeats::drop_copies(&root);
    prune::prune(&root);
    if let Some(body) = declared.body.as_deref() {
        tail::trim(&root, body);
    }
    code::normalize(&root);
    media::normalize(&root, url);
    sanitize::drop_unkept_attributes(&root);
    let (pruned_html, text) = html_and_text(&root);
    let text = normalize_text(&text);
    if text.is_empty() {
        return Err(Error::NoArticle {
            url: url.to_string(),
        });
    }
    let (spaced_words, cjk_characters) = word_units(&text);
    let word_count = u32::try_from(spaced_words + cjk_characters).unwrap_or(u32::MAX);
    if word_count < SHORT_ARTICLE_WORDS {
        warnings.push(format!("short content: {word_count} words"));
    }
    if let Some(body) = declared.body.as_deref() {
        let coverage = jsonld::body_coverage(body, &text);
        if words(body) >= DECLARED_BODY_MIN_WORDS && coverage < DECLARED_BODY_MIN_COVERAGE {
            warnings.push(format!(
                "JSON-LD body differs from extracted text: the text holds {:.0} % of the article body the page declares",
                coverage * 100.0
            ));
        }
    }
    // The page's JSON-LD comes first for what it states, as in Readability; the page's
    // markup fills the gaps.
    let title = declared
        .title(&page_title)
        .or_else(|| non_empty(Some(article.title.clone())))
        .map_or_else(
            || url.to_string(),
            |title| metadata::unspaced_title_without_site(title, &headings),
        );
    let byline = (!declared.authors.is_empty())
        .then(|| declared.authors.join(", "))
        .or_else(|| non_empty(article.byline));
    Ok(Extracted {
        title,
        byline,
        site_name: declared.site_name.or_else(|| non_empty(article.site_name)),
        published_at: declared
            .published
            .as_deref()
            .and_then(metadata::normalize_date)
            .or_else(|| {
                article
                    .published_time
                    .as_deref()
                    .and_then(metadata::normalize_date)
            }),
        modified_at: declared
            .modified
            .as_deref()
            .and_then(metadata::normalize_date)
            .or(page_modified),
        language: non_empty(article.lang).or(declared.language),
        excerpt: declared.description.or_else(|| non_empty(article.excerpt)),
        lead_image_url: article
            .image
            .as_deref()
            .or(declared.image.as_deref())
            .and_then(|src| metadata::absolute_http_url(url, src)),
        canonical_url,
        content_html: sanitize_html(&pruned_html, url),
        text,
        word_count,
        reading_minutes: reading_minutes_of(spaced_words, cjk_characters),
        warnings,
    })
}

/// A JSON-LD `articleBody` shorter than this is too small to compare with.
const DECLARED_BODY_MIN_WORDS: usize = 50;
/// Below this share of the declared body's words in the text, the clip is flagged.
const DECLARED_BODY_MIN_COVERAGE: f64 = 0.8;

/// The first extraction is second-guessed when it holds less than 1/5 of the page's paragraph
/// words (measured on the development set: 1/6 left a recipe's steps behind its intro; 1/2
/// and 1/4 also pulled comment threads into clean Mozilla pages).
const RETRY_BELOW_SHARE: usize = 5;
/// An alternative replaces the first extraction only with more than twice its prose.
const ALTERNATIVE_MARGIN: usize = 2;
/// Below this many words of paragraphs a page is too small to second-guess.
const MIN_PARAGRAPH_WORDS: usize = 150;

/// The page parsed, with what Readability would throw away repaired first: a page hidden whole
/// until its script runs, content a React page streams in hidden, boxes and headings whose
/// class reads as clutter, pictures without a plain source.
fn parse_page(html: &str) -> dom_query::Document {
    let document = dom_query::Document::from(html);
    cloak::uncloak(&document);
    let repairs = survey::repairs(&document);
    streamed::reveal(&document, &repairs.streamed_segments);
    overflow::unmark(&repairs.hidden_classed);
    headings::unmark(&repairs.subheadings);
    media::prepare_page(&repairs.pictures);
    document
}

/// The text of `nodes`, one after the other.
fn text_of(nodes: &[NodeRef<'_>]) -> String {
    nodes.iter().fold(String::new(), |mut text, node| {
        text.push_str(&node.text());
        text
    })
}

/// Readability's extraction of the parsed page (see [`parse_page`]) in `reader`, with the page
/// that holds the article.
///
/// Readability tries with all its cleaning first and, when that leaves fewer characters than
/// its threshold, again with less and less ([`LATER_TRIES`]), taking the first long enough or
/// else the longest, as dom_smoothie's `parse` does; here the later tries start from copies of
/// `page`, the page as parsed. The result is the same (bar a page without any text, which gives
/// an empty article instead of none: no article either way).
fn first_extraction(
    mut reader: Readability,
    page: &dom_query::Document,
    url: &Url,
) -> Option<(Readability, dom_smoothie::Article)> {
    let threshold = reader.config.char_threshold;
    let mut best = reader
        .parse_with_policy(ParsePolicy::Strict)
        .ok()
        .map(|article| (reader, article));
    let mut best_length = best.as_ref().map_or(0, article_length);
    if best_length >= threshold {
        return best;
    }
    for policy in LATER_TRIES {
        let Some(attempt) = extract_with(
            page.clone(),
            url,
            CandidateSelectMode::Readability,
            Some(policy),
        ) else {
            continue;
        };
        let length = article_length(&attempt);
        if length >= threshold {
            return Some(attempt);
        }
        if best.is_none() || length > best_length {
            (best, best_length) = (Some(attempt), length);
        }
    }
    best
}

/// Readability's tries after the first, each with less cleaning: without dropping unlikely
/// candidates, then without weighing classes, then without conditional cleaning.
const LATER_TRIES: [ParsePolicy; 3] = [ParsePolicy::Moderate, ParsePolicy::Clean, ParsePolicy::Raw];

/// The characters of an extracted article, white space runs counted as one, as Readability
/// measures a try.
fn article_length((reader, _): &(Readability, dom_smoothie::Article)) -> usize {
    article_root(&reader.doc).map_or(0, |root| root.normalized_char_count())
}

/// The id dom_smoothie gives the element holding the article it found.
const ARTICLE_ROOT: &str = "#readability-page-1";

/// The element holding the article in a document dom_smoothie has parsed.
fn article_root(document: &dom_query::Document) -> Option<NodeRef<'_>> {
    document
        .select_single(ARTICLE_ROOT)
        .nodes()
        .first()
        .copied()
}

/// One extraction of the parsed page (see [`parse_page`]) with the given candidate selection
/// and cleaning (`None`: all of dom_smoothie's attempts), with the page that holds the article.
fn extract_with(
    document: dom_query::Document,
    url: &Url,
    mode: CandidateSelectMode,
    policy: Option<ParsePolicy>,
) -> Option<(Readability, dom_smoothie::Article)> {
    let mut reader =
        Readability::with_document(document, Some(url.as_str()), Some(config(mode))).ok()?;
    let article = match policy {
        Some(policy) => reader.parse_with_policy(policy),
        None => reader.parse(),
    }
    .ok()?;
    Some((reader, article))
}

/// The article HTML under `root` (the element itself included) and its formatted plain text.
fn html_and_text(root: &NodeRef<'_>) -> (String, String) {
    (root.html().to_string(), root.formatted_text().to_string())
}

fn config(mode: CandidateSelectMode) -> Config {
    Config {
        // Its text is only counted in words (the article's own is made after pruning): the
        // raw text is cheaper to make than the formatted one, with the same outputs on all
        // 829 pages of both corpora.
        text_mode: TextMode::Raw,
        keep_classes: true,
        candidate_select_mode: mode,
        ..Config::default()
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The words of a text node, read where the tree holds them (no copy); 0 for any other node.
fn text_node_words(node: &NodeRef<'_>) -> usize {
    node.query_or(0, |node| match &node.data {
        dom_query::NodeData::Text { contents } => words(contents),
        _ => 0,
    })
}

/// Prose in an extraction: its words, discounted by the share that sits in links (menus,
/// "related" lists, tag clouds), read from the parsed page that holds it.
fn prose_score((reader, article): &(Readability, dom_smoothie::Article)) -> usize {
    let total = words(&article.text_content);
    let Some(root) = article_root(&reader.doc) else {
        return 0;
    };
    let root = Selection::from(root);
    let linked = words(&root.select("a").text());
    total.saturating_sub(linked * 2)
}

/// Minutes to read `words` words, at least one for any text.
#[must_use]
pub fn reading_minutes(words: u32) -> u32 {
    if words == 0 {
        0
    } else {
        words.div_ceil(WORDS_PER_MINUTE)
    }
}

/// Characters of Chinese and Japanese read per minute (these scripts put no spaces between words).
const CJK_CHARACTERS_PER_MINUTE: usize = 500;

/// The words of `text` written with spaces between them, and its Chinese and Japanese
/// characters, each of which counts as a word (as word processors count them).
fn word_units(text: &str) -> (usize, usize) {
    let mut spaced = 0;
    let mut cjk = 0;
    for token in text.split_whitespace() {
        let mut other = false;
        for c in token.chars() {
            if crate::cjk::is_cjk(c) {
                cjk += 1;
            } else if c.is_alphanumeric() {
                other = true;
            }
        }
        spaced += usize::from(other || !token.chars().any(crate::cjk::is_cjk));
    }
    (spaced, cjk)
}

/// Minutes to read a text of `spaced` words and `cjk` Chinese or Japanese characters.
fn reading_minutes_of(spaced: usize, cjk: usize) -> u32 {
    if spaced + cjk == 0 {
        return 0;
    }
    let minutes =
        spaced as f64 / f64::from(WORDS_PER_MINUTE) + cjk as f64 / CJK_CHARACTERS_PER_MINUTE as f64;
    (minutes.ceil() as u32).max(1)
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
}

/// Trims each line and collapses runs of blank lines, so blocks are separated by exactly one blank line.
fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
    }

    #[test]
    fn chinese_and_japanese_characters_count_as_words() {
        assert_eq!(word_units("Rust 1.90 is out, with — a dash"), (8, 0));
        assert_eq!(word_units("国産の言語 v2 公開"), (1, 7));
        assert_eq!(word_units("Tokio版"), (1, 1));
        assert_eq!(reading_minutes_of(0, 0), 0);
        assert_eq!(reading_minutes_of(0, 1000), 2);
        assert_eq!(reading_minutes_of(230, 0), 1);
    }

    #[test]
    fn words_of_a_text_node_are_counted_in_place() {
        let document = dom_query::Document::from("<p> Rust 1.90\tis\nout <b>now</b></p>");
        let p = document.select("p").nodes()[0];
        let counts: Vec<usize> = p.children_it(false).map(|c| text_node_words(&c)).collect();
        assert_eq!(counts, [4, 0]);
    }

    #[test]
    fn text_blocks_are_separated_by_one_blank_line() {
        assert_eq!(normalize_text("\n\n  a  \n\n\n\nb\nc\n\n"), "  a\n\nb\nc");
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
            let page = parse_page(html);
            let reader = Readability::with_document(
                page.clone(),
                Some(url.as_str()),
                Some(config(CandidateSelectMode::Readability)),
            )
            .unwrap();
            let ours =
                first_extraction(reader, &page, &url).map(|(_, a)| (a.text_content, a.content));
            let theirs = extract_with(
                parse_page(html),
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
