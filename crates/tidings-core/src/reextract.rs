//! Re-extraction: run the extractor again on an article's stored page (no network) or on a
//! freshly fetched one (refresh), replace the derived content, and re-anchor every highlight in
//! the new text — never dropping one: a quote that is gone is kept as an orphan.

use url::Url;

use crate::annotate::{self, Anchor, Quote};
use crate::clip::article_content;
use crate::extract;
use crate::fetch::Fetcher;
use crate::model::{Highlight, ReextractReport};
use crate::store::{Placement, SharedStore, Store};
use crate::{Error, Result};

/// Re-extracts the given articles (all when `ids` is empty) from their stored pages.
///
/// # Errors
/// An unknown id, or a storage failure. An article without a stored page, or whose page no
/// longer yields an article, keeps its content and counts as skipped.
pub async fn reextract(store: &SharedStore, ids: Vec<i64>) -> Result<ReextractReport> {
    let ids = if ids.is_empty() {
        store.run(|s| s.article_ids()).await?
    } else {
        ids
    };
    let mut report = ReextractReport::default();
    for id in ids {
        let counts = store
            .run(move |s| {
                let Some(raw) = s.raw_html(id)? else {
                    return Ok::<_, Error>(None);
                };
                let url = s.article(id)?.final_url;
                replace_from_page(s, id, &raw, &url, false)
            })
            .await?;
        report.add(counts);
    }
    Ok(report)
}

/// Fetches an article's page again, keeps it as the new source, and re-extracts from it. An
/// article captured in the browser is refused unless `force`: a re-fetch would not see what
/// the reader saw (a page behind a login, or written by a script).
///
/// # Errors
/// An unknown id, a captured article without `force`, a fetch or extraction failure (the
/// article is left as it was).
pub async fn refresh(
    store: &SharedStore,
    fetcher: &Fetcher,
    id: i64,
    force: bool,
) -> Result<ReextractReport> {
    let (address, captured) = store
        .run(move |s| Ok::<_, Error>((s.article(id)?.final_url, s.captured_in_browser(id)?)))
        .await?;
    if captured && !force {
        return Err(crate::store::Error::CapturedInBrowser(id).into());
    }
    let url = Url::parse(&address).map_err(|e| Error::Invalid(format!("article {id}: {e}")))?;
    let fetched = fetcher.fetch(&url).await?;
    let final_url = fetched.final_url.to_string();
    // Fail before touching the library if the new page has no article.
    extract::extract(&fetched.html, &fetched.final_url)?;
    let counts = store
        .run(move |s| replace_from_page(s, id, &fetched.html, &final_url, true))
        .await?;
    let mut report = ReextractReport::default();
    report.add(counts);
    Ok(report)
}

/// Highlights kept in place, moved, and orphaned.
type Counts = (u32, u32, u32);

impl ReextractReport {
    fn add(&mut self, counts: Option<Counts>) {
        match counts {
            Some((kept, moved, orphaned)) => {
                self.articles += 1;
                self.highlights_kept += kept;
                self.highlights_moved += moved;
                self.highlights_orphaned += orphaned;
            }
            None => self.skipped += 1,
        }
    }
}

fn replace_from_page(
    s: &mut Store,
    id: i64,
    raw: &str,
    url: &str,
    new_page: bool,
) -> Result<Option<Counts>> {
    let article = s.article(id)?;
    let url = Url::parse(url).map_err(|e| Error::Invalid(format!("article {id}: {e}")))?;
    let Ok(extracted) = extract::extract(raw, &url) else {
        return Ok(None);
    };
    let (placements, counts) = place_all(&extracted.text, &article.highlights);
    let content = article_content(extracted);
    if new_page {
        s.replace_page(id, raw, url.as_str(), &content, &placements)?;
    } else {
        s.replace_content(id, &content, &placements)?;
    }
    Ok(Some(counts))
}

/// Re-anchors each highlight in `text`.
fn place_all(text: &str, highlights: &[Highlight]) -> (Vec<Placement>, Counts) {
    let chars: Vec<char> = text.chars().collect();
    let mut counts = (0, 0, 0);
    let placements = highlights
        .iter()
        .map(|h| {
            let quote = Quote {
                exact: h.exact.clone(),
                prefix: h.prefix.clone(),
                suffix: h.suffix.clone(),
            };
            let hint = usize::try_from(h.start).ok();
            match annotate::anchor(text, &quote, hint) {
                Anchor::Exact(span) | Anchor::Fuzzy(span) => {
                    if Some(span.start) == hint && span.end - span.start == h.exact.chars().count()
                    {
                        counts.0 += 1;
                    } else {
                        counts.1 += 1;
                    }
                    let q = Quote::at(&chars, span);
                    let changed =
                        q.exact != h.exact || q.prefix != h.prefix || q.suffix != h.suffix;
                    Placement::Anchored {
                        id: h.id,
                        start: to_u32(span.start),
                        end: to_u32(span.end),
                        quote: changed.then_some((q.exact, q.prefix, q.suffix)),
                    }
                }
                Anchor::Orphaned => {
                    counts.2 += 1;
                    Placement::Orphaned { id: h.id }
                }
            }
        })
        .collect();
    (placements, counts)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
