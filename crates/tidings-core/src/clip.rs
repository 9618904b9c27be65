//! The clip workflow: URL → (duplicate check) → fetch → extract → store, all or nothing.

use url::Url;

use crate::extract::{self, Extracted};
use crate::fetch::Fetcher;
use crate::model::ClipOutcome;
use crate::store::{ArticleContent, NewArticle, Provenance, SharedStore, Store};
use crate::urlnorm::{dedup_key, parse_clip_url};
use crate::{Error, Result};

/// What to do with a clipped article besides saving it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClipOptions {
    /// Tags to put on it (also on an article that was already saved).
    pub tags: Vec<String>,
    /// A collection to add it to, created if it does not exist.
    pub collection: Option<String>,
}

/// Clips the page at `input`: if the library already holds it (by normalised or canonical URL),
/// returns that article; else fetches, extracts and saves it. A failure stores nothing.
///
/// # Errors
/// An invalid URL, a fetch or extraction failure, or a storage failure, each on one line.
pub async fn clip(
    store: &SharedStore,
    fetcher: &Fetcher,
    input: &str,
    options: ClipOptions,
) -> Result<ClipOutcome> {
    clip_from(store, fetcher, input, options, Provenance::default()).await
}

/// [`clip`] for an import: a new article is saved with what the source knew about it
/// (`provenance`), in the same transaction. An article already saved keeps its own.
///
/// # Errors
/// As [`clip`].
pub async fn clip_from(
    store: &SharedStore,
    fetcher: &Fetcher,
    input: &str,
    options: ClipOptions,
    provenance: Provenance,
) -> Result<ClipOutcome> {
    let url = parse_clip_url(input)?;
    let requested_key = dedup_key(&url);
    if let Some(outcome) = existing(store, vec![requested_key.clone()], &options).await? {
        return Ok(outcome);
    }
    let fetched = fetcher.fetch(&url).await?;
    let final_url = fetched.final_url.clone();
    save(
        store,
        url,
        final_url,
        fetched.html,
        fetched.http_date,
        options,
        provenance,
    )
    .await
}

/// Saves a page that was fetched elsewhere (an import, a browser, a test), as [`clip`] would.
///
/// # Errors
/// As [`clip`], without the network.
pub async fn clip_html(
    store: &SharedStore,
    input: &str,
    html: String,
    options: ClipOptions,
) -> Result<ClipOutcome> {
    let url = parse_clip_url(input)?;
    if let Some(outcome) = existing(store, vec![dedup_key(&url)], &options).await? {
        return Ok(outcome);
    }
    save(
        store,
        url.clone(),
        url,
        html,
        None,
        options,
        Provenance::default(),
    )
    .await
}

/// A page as the reader's browser rendered it (sent through the loopback API): what Tidings
/// could not fetch itself (a page written by a script, or behind a login).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CapturedPage {
    /// The whole page as rendered (`document.documentElement.outerHTML`).
    pub html: Option<String>,
    /// Only what the reader selected: kept alone, as a clip of the page.
    pub selection_html: Option<String>,
    /// The page's title, for a selection (a whole page names its own).
    pub title: Option<String>,
}

/// Saves a page captured in the browser as a clip of `input` (the page's URL, also the base
/// for its relative links): the same URL check, duplicate lookup, extraction, sanitising and
/// saving as [`clip`], without the network; the article is marked "captured in browser" so a
/// refresh will not re-fetch it unless forced. With a selection, only the selection is kept.
/// With neither HTML nor a selection, this is [`clip`].
///
/// # Errors
/// As [`clip`]; nothing is stored then.
pub async fn clip_captured(
    store: &SharedStore,
    fetcher: &Fetcher,
    input: &str,
    page: CapturedPage,
    options: ClipOptions,
) -> Result<ClipOutcome> {
    let html = match (page.selection_html, page.html) {
        (Some(selection), _) if !selection.trim().is_empty() => {
            selection_page(page.title.as_deref(), &selection)
        }
        (_, Some(html)) if !html.trim().is_empty() => html,
        _ => return clip(store, fetcher, input, options).await,
    };
    let url = parse_clip_url(input)?;
    if let Some(outcome) = existing(store, vec![dedup_key(&url)], &options).await? {
        return Ok(outcome);
    }
    let provenance = Provenance {
        captured_in_browser: true,
        ..Provenance::default()
    };
    save(store, url.clone(), url, html, None, options, provenance).await
}

/// A document holding only a selection, under the page's title.
fn selection_page(title: Option<&str>, selection: &str) -> String {
    let title = title.map(str::trim).unwrap_or_default();
    let title: String = title
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><article>{selection}</article></body></html>"
    )
}

/// Saves a page fetched earlier from `input` (served from `final_url`), as [`clip`] would:
/// a full-text feed's preview, kept without fetching it again.
///
/// # Errors
/// As [`clip`], without the network.
pub(crate) async fn clip_fetched(
    store: &SharedStore,
    input: &str,
    final_url: &str,
    html: String,
    http_date: Option<String>,
) -> Result<ClipOutcome> {
    let url = parse_clip_url(input)?;
    let final_url = parse_clip_url(final_url)?;
    let options = ClipOptions::default();
    let keys = vec![dedup_key(&url), dedup_key(&final_url)];
    if let Some(outcome) = existing(store, keys, &options).await? {
        return Ok(outcome);
    }
    save(
        store,
        url,
        final_url,
        html,
        http_date,
        options,
        Provenance::default(),
    )
    .await
}

async fn save(
    store: &SharedStore,
    requested: Url,
    final_url: Url,
    html: String,
    http_date: Option<String>,
    options: ClipOptions,
    provenance: Provenance,
) -> Result<ClipOutcome> {
    let article = prepare(requested, final_url, html, http_date).await?;
    store
        .run(move |s| {
            // Looked up again under the store's lock, right before the insert: a twin clip of
            // the same page (a link listed twice in an import) may have saved it meanwhile.
            if let Some(outcome) = existing_in(s, &article.url_keys, &options)? {
                return Ok(outcome);
            }
            let (id, new) = s.insert_article_from(
                &article,
                &options.tags,
                options.collection.as_deref(),
                &provenance,
            )?;
            if !new {
                // Another process saved it between the lookup and the insert.
                if let Some(outcome) = existing_in(s, &article.url_keys, &options)? {
                    return Ok(outcome);
                }
            }
            Ok::<_, crate::store::Error>(ClipOutcome {
                article: s.summary(id)?,
                already_saved: !new,
            })
        })
        .await
}

/// Extracts a page (on the blocking pool) into the article to save, known by every address it
/// has: as requested, after redirects, and canonical.
///
/// # Errors
/// An extraction failure.
pub(crate) async fn prepare(
    requested: Url,
    final_url: Url,
    html: String,
    http_date: Option<String>,
) -> Result<NewArticle> {
    let (extracted, html) = {
        let final_url = final_url.clone();
        tokio::task::spawn_blocking(move || extract::extract(&html, &final_url).map(|e| (e, html)))
            .await
            .map_err(|e| Error::Internal(format!("extraction task failed: {e}")))??
    };
    let mut keys = vec![dedup_key(&requested), dedup_key(&final_url)];
    if let Some(canonical) = &extracted.canonical_url {
        keys.push(dedup_key(canonical));
    }
    keys.dedup();
    Ok(new_article(
        &requested, &final_url, keys, extracted, html, http_date,
    ))
}

/// If any of `keys` names a saved article, records every key for it, applies the options and
/// returns it as already saved.
async fn existing(
    store: &SharedStore,
    keys: Vec<String>,
    options: &ClipOptions,
) -> Result<Option<ClipOutcome>> {
    let options = options.clone();
    store.run(move |s| existing_in(s, &keys, &options)).await
}

/// [`existing`], with the store in hand.
fn existing_in(
    s: &mut Store,
    keys: &[String],
    options: &ClipOptions,
) -> Result<Option<ClipOutcome>, crate::store::Error> {
    let Some(id) = s.find_by_url_keys(keys)? else {
        return Ok(None);
    };
    s.refile(id, keys, &options.tags, options.collection.as_deref())?;
    Ok(Some(ClipOutcome {
        article: s.summary(id)?,
        already_saved: true,
    }))
}

fn new_article(
    requested: &Url,
    final_url: &Url,
    url_keys: Vec<String>,
    extracted: Extracted,
    raw_html: String,
    http_date: Option<String>,
) -> NewArticle {
    NewArticle {
        original_url: requested.to_string(),
        final_url: final_url.to_string(),
        url_keys,
        content: article_content(extracted),
        raw_html,
        http_date,
    }
}

/// What is stored of an extraction.
pub(crate) fn article_content(e: Extracted) -> ArticleContent {
    ArticleContent {
        canonical_url: e.canonical_url.map(|u| u.to_string()),
        title: e.title,
        byline: e.byline,
        site_name: e.site_name,
        language: e.language,
        published_at: e.published_at,
        modified_at: e.modified_at,
        excerpt: e.excerpt,
        lead_image_url: e.lead_image_url,
        content_html: e.content_html,
        text: e.text,
        word_count: e.word_count,
        reading_minutes: e.reading_minutes,
        warnings: e.warnings,
    }
}
