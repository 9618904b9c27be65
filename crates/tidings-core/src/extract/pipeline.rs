//! The extraction pipeline: every pass, in the order it runs, over one page.
//!
//! 1. **Before parsing**, on the markup: [`Pass::TrimMarkup`].
//! 2. **Repairs** on the parsed page, before Readability reads it: what Readability would throw
//!    away by mistake is set right ([`Pass::Uncloak`] … [`Pass::PreparePictures`]).
//! 3. **Finding the article**: Readability's own tries (dom_smoothie), then
//!    [`Pass::SecondGuess`] when the container it chose holds little of the page's prose.
//! 4. **Cleaning the article** where dom_smoothie left it, with the copy of the page taken before
//!    Readability changed it ([`Pass::Recover`] … [`Pass::DropUnkeptAttributes`]).
//! 5. **Assembling**: the text and the metadata (the page's JSON-LD first, its markup filling
//!    the gaps), the HTML through the sanitiser's allow-list.
//!
//! [`PASSES`] is that order; each pass can be switched off by name ([`Passes`]) to measure what
//! it is worth. The product always runs them all. Their thresholds and word lists are in
//! `config.rs`, the page vocabulary they share in `dom.rs`.

use std::cell::OnceCell;

use dom_query::{Document, NodeRef, Selection};
use dom_smoothie::{CandidateSelectMode, Config, ParsePolicy, Readability, TextMode};
use url::Url;

use super::config::article::*;
use super::config::second_guess::*;
use super::dom::{text_of, words};
use super::survey::Repairs;
use super::{
    cloak, code, headings, jsonld, media, metadata, overflow, prune, recover, repeats, sanitize,
    streamed, survey, tail, text, thread, trim, widen, Error, Extracted,
};

/// One step of the pipeline, named for what it does to the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// Before parsing: tags nested deeper than the parser can afford go (their text stays), with
    /// the text of scripts and style sheets, the indentation between tags and the attributes
    /// nothing reads (`trim.rs`).
    TrimMarkup,
    /// A page hidden whole until its script runs is shown (`cloak.rs`).
    Uncloak,
    /// Content a React page streams in hidden is put where it belongs (`streamed.rs`).
    RevealStreamed,
    /// Boxes whose class reads `hidden` but only clips overflow are unmarked (`overflow.rs`).
    UnmarkOverflow,
    /// Subheadings whose class reads as clutter (`header-anchor`) are unmarked (`headings.rs`).
    UnmarkSubheadings,
    /// Pictures without a plain source get one (`media.rs`).
    PreparePictures,
    /// When Readability's container holds little of the page's prose, the other candidate
    /// selection and gentler cleaning are tried, and a result with far more prose wins; words in
    /// a reader comment thread are not prose there (`thread.rs`).
    SecondGuess,
    /// Prose Readability's cleaning took out of the article comes back (`recover.rs`).
    Recover,
    /// The blocks around a story Readability cut short join it (`widen.rs`).
    Widen,
    /// A block the article holds twice is kept once (`repeats.rs`).
    DropCopies,
    /// Comment threads, author boxes, sign-up forms, "related" lists and navigation go from
    /// inside the article (`prune.rs`).
    Prune,
    /// What follows the end of the body the page's JSON-LD declares goes (`tail.rs`).
    TrimTail,
    /// Code blocks: one `<pre><code>` each, their language named, line numbers gone (`code.rs`).
    NormalizeCode,
    /// Pictures and players: absolute sources, the best size, players as links (`media.rs`).
    NormalizeMedia,
    /// The attributes the sanitiser would drop anyway go before the HTML is written, so there is
    /// less to write and read again (`sanitize.rs`). Speed only: the output is the same.
    DropUnkeptAttributes,
}

/// Every pass, in the order it runs.
pub const PASSES: [Pass; 15] = [
    Pass::TrimMarkup,
    Pass::Uncloak,
    Pass::RevealStreamed,
    Pass::UnmarkOverflow,
    Pass::UnmarkSubheadings,
    Pass::PreparePictures,
    Pass::SecondGuess,
    Pass::Recover,
    Pass::Widen,
    Pass::DropCopies,
    Pass::Prune,
    Pass::TrimTail,
    Pass::NormalizeCode,
    Pass::NormalizeMedia,
    Pass::DropUnkeptAttributes,
];

impl Pass {
    /// The pass's name, as `--skip` and the tests write it (`second-guess`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::TrimMarkup => "trim-markup",
            Self::Uncloak => "uncloak",
            Self::RevealStreamed => "reveal-streamed",
            Self::UnmarkOverflow => "unmark-overflow",
            Self::UnmarkSubheadings => "unmark-subheadings",
            Self::PreparePictures => "prepare-pictures",
            Self::SecondGuess => "second-guess",
            Self::Recover => "recover",
            Self::Widen => "widen",
            Self::DropCopies => "drop-copies",
            Self::Prune => "prune",
            Self::TrimTail => "trim-tail",
            Self::NormalizeCode => "normalize-code",
            Self::NormalizeMedia => "normalize-media",
            Self::DropUnkeptAttributes => "drop-unkept-attributes",
        }
    }

    /// The pass named `name`.
    ///
    /// # Errors
    /// A one-line message listing the names when there is no such pass.
    pub fn from_name(name: &str) -> Result<Self, String> {
        PASSES
            .into_iter()
            .find(|pass| pass.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = PASSES.iter().map(|pass| pass.name()).collect();
                format!(
                    "no extraction pass is named {name:?}; the passes are {}",
                    names.join(", ")
                )
            })
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// Which passes run: all of them unless some are switched off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Passes {
    off: u32,
}

impl Passes {
    /// Every pass: what the product runs.
    #[must_use]
    pub fn all() -> Self {
        Self::default()
    }

    /// These passes, with `pass` switched off.
    #[must_use]
    pub fn without(self, pass: Pass) -> Self {
        Self {
            off: self.off | pass.bit(),
        }
    }

    /// Whether `pass` runs.
    #[must_use]
    pub fn runs(self, pass: Pass) -> bool {
        self.off & pass.bit() == 0
    }
}

/// Extracts the article from `html`, a page served at `url`, running only `passes`.
///
/// # Errors
/// [`Error::NoArticle`] when the page holds no readable text at all.
pub fn extract_with(html: &str, url: &Url, passes: Passes) -> Result<Extracted, Error> {
    let trimmed = if passes.runs(Pass::TrimMarkup) {
        trim::markup(html)
    } else {
        std::borrow::Cow::Borrowed(html)
    };
    let document = parse_page(&trimmed, passes);
    drop(trimmed);

    // What the page states about itself, read before Readability changes it.
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
    let mut warnings = Vec::new();
    let (reader, article) =
        find_article(document, &page, url, paragraph_words, passes, &mut warnings)?;

    // The article is worked on where dom_smoothie left it, in its copy of the page: no second parse.
    let Some(root) = article_root(&reader.doc) else {
        return Err(no_article(url));
    };
    let mut cleaning = Cleaning {
        url,
        page: Some(page),
        declared_body: declared.body.as_deref(),
    };
    for pass in PASSES.into_iter().filter(|&pass| passes.runs(pass)) {
        clean(pass, &root, &mut cleaning);
    }
    drop(cleaning);

    // Assembling.
    let (pruned_html, text) = html_and_text(&root);
    let text = text::normalize(&text);
    if text.is_empty() {
        return Err(no_article(url));
    }
    let (spaced_words, cjk_characters) = text::word_units(&text);
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
        .or_else(|| text::non_empty(Some(article.title.clone())))
        .map_or_else(
            || url.to_string(),
            |title| metadata::unspaced_title_without_site(title, &headings),
        );
    let byline = (!declared.authors.is_empty())
        .then(|| declared.authors.join(", "))
        .or_else(|| text::non_empty(article.byline));
    Ok(Extracted {
        title,
        byline,
        site_name: declared
            .site_name
            .or_else(|| text::non_empty(article.site_name)),
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
        language: text::non_empty(article.lang).or(declared.language),
        excerpt: declared
            .description
            .or_else(|| text::non_empty(article.excerpt)),
        lead_image_url: article
            .image
            .as_deref()
            .or(declared.image.as_deref())
            .and_then(|src| metadata::absolute_http_url(url, src)),
        canonical_url,
        content_html: sanitize::sanitize_html(&pruned_html, url),
        text,
        word_count,
        reading_minutes: text::reading_minutes_of(spaced_words, cjk_characters),
        warnings,
    })
}

fn no_article(url: &Url) -> Error {
    Error::NoArticle {
        url: url.to_string(),
    }
}

// Repairs

/// The page parsed, with the repair passes run on it.
pub(super) fn parse_page(html: &str, passes: Passes) -> Document {
    let document = Document::from(html);
    let mut repairing = Repairing {
        document: &document,
        found: OnceCell::new(),
    };
    for pass in PASSES.into_iter().filter(|&pass| passes.runs(pass)) {
        repair(pass, &mut repairing);
    }
    drop(repairing);
    document
}

/// What the repairs work on: the page, and the elements they look at, found in one walk once
/// the page is uncloaked.
struct Repairing<'d> {
    document: &'d Document,
    found: OnceCell<Repairs<'d>>,
}

impl<'d> Repairing<'d> {
    fn found(&self) -> &Repairs<'d> {
        self.found.get_or_init(|| survey::repairs(self.document))
    }
}

/// Runs `pass` if it is a repair.
fn repair(pass: Pass, repairing: &mut Repairing<'_>) {
    match pass {
        Pass::Uncloak => {
            // First: it changes what the others find hidden.
            debug_assert!(repairing.found.get().is_none());
            cloak::uncloak(repairing.document);
        }
        Pass::RevealStreamed => {
            streamed::reveal(repairing.document, &repairing.found().streamed_segments);
        }
        Pass::UnmarkOverflow => overflow::unmark(&repairing.found().hidden_classed),
        Pass::UnmarkSubheadings => headings::unmark(&repairing.found().subheadings),
        Pass::PreparePictures => media::prepare_page(&repairing.found().pictures),
        Pass::TrimMarkup
        | Pass::SecondGuess
        | Pass::Recover
        | Pass::Widen
        | Pass::DropCopies
        | Pass::Prune
        | Pass::TrimTail
        | Pass::NormalizeCode
        | Pass::NormalizeMedia
        | Pass::DropUnkeptAttributes => {}
    }
}

// Finding the article

/// Readability's article in the parsed `document`, second-guessed when it holds little of the
/// page's `paragraph_words`, else the lenient extraction; with the reader that holds it.
fn find_article(
    document: Document,
    page: &Document,
    url: &Url,
    paragraph_words: usize,
    passes: Passes,
    warnings: &mut Vec<String>,
) -> Result<(Readability, dom_smoothie::Article), Error> {
    let readability = Readability::with_document(
        document,
        Some(url.as_str()),
        Some(config(CandidateSelectMode::Readability)),
    )
    .map_err(|e| Error::Failed {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    let first = first_extraction(readability, page, url);
    let suspicious = first.as_ref().is_none_or(|(_, a)| {
        let found = words(&a.text_content);
        paragraph_words >= MIN_PARAGRAPH_WORDS && found * RETRY_BELOW_SHARE < paragraph_words
    });
    let chosen = if suspicious && passes.runs(Pass::SecondGuess) {
        second_guess(first, page, url, warnings)
    } else {
        first
    };
    chosen
        .or_else(|| {
            warnings
                .push("fell back to lenient extraction: the page has no clear article".to_owned());
            extract_once(
                page.clone(),
                url,
                CandidateSelectMode::Readability,
                Some(ParsePolicy::Raw),
            )
        })
        .ok_or_else(|| no_article(url))
}

/// The first container looks wrong (too little of the page's prose): the other candidate
/// selection and gentler cleaning are asked, and a result with far more prose is kept.
fn second_guess(
    first: Option<(Readability, dom_smoothie::Article)>,
    page: &Document,
    url: &Url,
    warnings: &mut Vec<String>,
) -> Option<(Readability, dom_smoothie::Article)> {
    let retries = [
        (CandidateSelectMode::DomSmoothie, ParsePolicy::Strict),
        (CandidateSelectMode::Readability, ParsePolicy::Moderate),
        (CandidateSelectMode::Readability, ParsePolicy::Clean),
        (CandidateSelectMode::Readability, ParsePolicy::Raw),
    ];
    // Each try on a copy of the page: dom_smoothie changes what it reads.
    let alternatives = retries
        .into_iter()
        .filter_map(|(mode, policy)| extract_once(page.clone(), url, mode, Some(policy)));
    let first_score = first.as_ref().map_or(0, prose_score);
    let best_alternative = alternatives.max_by_key(prose_score);
    let best = match best_alternative {
        Some(alt) if prose_score(&alt) > first_score * ALTERNATIVE_MARGIN => Some(alt),
        _ => first.or(best_alternative),
    };
    if best.is_some() {
        warnings.push(
            "re-extracted: the first article container held little of the page's text".to_owned(),
        );
    }
    best
}

/// Readability's extraction of the parsed page (see [`parse_page`]) in `reader`, with the page
/// that holds the article.
///
/// Readability tries with all its cleaning first and, when that leaves fewer characters than
/// its threshold, again with less and less ([`LATER_TRIES`]), taking the first long enough or
/// else the longest, as dom_smoothie's `parse` does; here the later tries start from copies of
/// `page`, the page as parsed. The result is the same (bar a page without any text, which gives
/// an empty article instead of none: no article either way).
pub(super) fn first_extraction(
    mut reader: Readability,
    page: &Document,
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
        let Some(attempt) = extract_once(
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
fn article_root(document: &Document) -> Option<NodeRef<'_>> {
    document
        .select_single(ARTICLE_ROOT)
        .nodes()
        .first()
        .copied()
}

/// One extraction of the parsed page (see [`parse_page`]) with the given candidate selection
/// and cleaning (`None`: all of dom_smoothie's attempts), with the page that holds the article.
pub(super) fn extract_once(
    document: Document,
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

pub(super) fn config(mode: CandidateSelectMode) -> Config {
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

/// Prose in an extraction: its words, discounted by the share that sits in links (menus,
/// "related" lists, tag clouds) and without what sits in a reader comment thread (a long
/// thread under a short post is not a better article), read from the parsed page that holds it.
fn prose_score((reader, article): &(Readability, dom_smoothie::Article)) -> usize {
    let total = words(&article.text_content);
    let Some(root) = article_root(&reader.doc) else {
        return 0;
    };
    let thread = thread::thread_words(&root);
    let root = Selection::from(root);
    let linked = words(&root.select("a").text());
    total.saturating_sub(linked * 2).saturating_sub(thread)
}

// Cleaning the article

/// What the cleaning passes work with besides the article.
struct Cleaning<'a> {
    url: &'a Url,
    /// The page as parsed, before Readability changed it; let go once prose is recovered.
    page: Option<Document>,
    /// The article body the page's JSON-LD declares.
    declared_body: Option<&'a str>,
}

/// Runs `pass` on the article under `root` if it is a cleaning pass.
fn clean(pass: Pass, root: &NodeRef<'_>, cleaning: &mut Cleaning<'_>) {
    match pass {
        Pass::Recover => {
            if let Some(page) = cleaning.page.take() {
                recover::recover(root, &page);
            }
        }
        Pass::Widen => {
            widen::widen(root);
        }
        Pass::DropCopies => repeats::drop_copies(root),
        Pass::Prune => prune::prune(root),
        Pass::TrimTail => {
            if let Some(body) = cleaning.declared_body {
                tail::trim(root, body);
            }
        }
        Pass::NormalizeCode => code::normalize(root),
        Pass::NormalizeMedia => media::normalize(root, cleaning.url),
        Pass::DropUnkeptAttributes => sanitize::drop_unkept_attributes(root),
        Pass::TrimMarkup
        | Pass::Uncloak
        | Pass::RevealStreamed
        | Pass::UnmarkOverflow
        | Pass::UnmarkSubheadings
        | Pass::PreparePictures
        | Pass::SecondGuess => {}
    }
}

/// The article HTML under `root` (the element itself included) and its formatted plain text.
pub(super) fn html_and_text(root: &NodeRef<'_>) -> (String, String) {
    (root.html().to_string(), root.formatted_text().to_string())
}
