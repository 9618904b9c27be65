//! The import workflow: read a file, then either restore a backup or clip every link with
//! bounded concurrency (a global limit and a per-host limit with a politeness delay), keeping
//! what the source knew (saved time, tags, status, stars, folders, highlights, notes); a page
//! the source kept (Omnivore's) is saved without fetching.
//!
//! Resumable by construction: a link already in the library is recognised by its URL and not
//! fetched again, so running an interrupted import again finishes it without duplicates.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Semaphore;
use url::Url;

use crate::annotate::{self, Quote};
use crate::backup::Backup;
use crate::clip;
use crate::fetch::Fetcher;
use crate::import::{self, ImportFormat, ImportHighlight, ImportItem, Parsed};
use crate::model::{ImportFailure, ImportProgress, ImportReport, HIGHLIGHT_COLORS};
use crate::store::{ImportedArticle, NewHighlight, Provenance, SharedStore};
use crate::urlnorm::{dedup_key, parse_clip_url};
use crate::{Error, Result};

/// How an import runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: ImportFormat,
    /// Import the good records even when some cannot be read (they are reported).
    pub keep_going: bool,
    /// Pages fetched at once.
    pub concurrency: usize,
    /// Pages fetched at once from one host.
    pub per_host: usize,
    /// Pause after each fetch from a host before the next one from it.
    pub per_host_delay: Duration,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            format: ImportFormat::Auto,
            keep_going: false,
            concurrency: 8,
            per_host: 2,
            per_host_delay: Duration::from_millis(100),
        }
    }
}

/// Called after each record.
pub type ProgressFn = Arc<dyn Fn(&ImportProgress) + Send + Sync>;

/// Imports the file at `path`.
///
/// # Errors
/// A file that cannot be read or is not in the format; with `keep_going` off, the first bad
/// record (nothing is imported then).
pub async fn import_file(
    store: &SharedStore,
    fetcher: &Fetcher,
    path: &Path,
    options: &ImportOptions,
    progress: Option<ProgressFn>,
    cancel: Option<Arc<AtomicBool>>,
) -> Result<ImportReport> {
    let name = path.display().to_string();
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| import::Error::File {
            file: name.clone(),
            reason: e.to_string(),
        })?;
    let parsed = {
        let (name, format) = (name.clone(), options.format);
        tokio::task::spawn_blocking(move || import::parse(&name, &bytes, format))
            .await
            .map_err(|e| Error::Internal(format!("import task failed: {e}")))??
    };
    match parsed {
        Parsed::Backup(backup) => restore(store, *backup).await,
        Parsed::Items { items, bad } => {
            if let (false, Some(first)) = (options.keep_going, bad.first()) {
                return Err(import::Error::Record {
                    file: name,
                    record: first.record.clone(),
                    reason: first.reason.clone(),
                }
                .into());
            }
            let mut report = clip_all(store, fetcher, items, options, progress, cancel).await;
            report.total += u32::try_from(bad.len()).unwrap_or(u32::MAX);
            report.failed += u32::try_from(bad.len()).unwrap_or(u32::MAX);
            report
                .failures
                .extend(bad.into_iter().map(|b| ImportFailure {
                    record: b.record,
                    url: String::new(),
                    reason: b.reason,
                }));
            report.failures.sort_by_key(|f| record_number(&f.record));
            Ok(report)
        }
    }
}

async fn restore(store: &SharedStore, backup: Backup) -> Result<ImportReport> {
    let keys: Vec<Vec<String>> = backup
        .articles
        .iter()
        .map(|a| {
            let mut keys: Vec<String> = [
                Some(&a.original_url),
                Some(&a.final_url),
                a.canonical_url.as_ref(),
            ]
            .into_iter()
            .flatten()
            .filter_map(|u| Url::parse(u).ok())
            .map(|u| dedup_key(&u))
            .collect();
            keys.dedup();
            keys
        })
        .collect();
    let total = u32::try_from(backup.articles.len()).unwrap_or(u32::MAX);
    let counts = store.run(move |s| s.import_backup(&backup, &keys)).await?;
    Ok(ImportReport {
        total,
        saved: counts.added,
        duplicates: counts.merged,
        ..ImportReport::default()
    })
}

/// Per-host permits, made on first use.
#[derive(Default)]
struct Hosts {
    limits: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Hosts {
    fn permit_pool(&self, host: &str, per_host: usize) -> Arc<Semaphore> {
        let mut limits = self
            .limits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            limits
                .entry(host.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(per_host.max(1)))),
        )
    }
}

enum Outcome {
    Saved,
    Duplicate,
    Failed(String),
    Skipped,
}

async fn clip_all(
    store: &SharedStore,
    fetcher: &Fetcher,
    items: Vec<ImportItem>,
    options: &ImportOptions,
    progress: Option<ProgressFn>,
    cancel: Option<Arc<AtomicBool>>,
) -> ImportReport {
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    let global = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let hosts = Arc::new(Hosts::default());
    let done = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for item in items {
        let (store, fetcher, global, hosts, done) = (
            store.clone(),
            fetcher.clone(),
            Arc::clone(&global),
            Arc::clone(&hosts),
            Arc::clone(&done),
        );
        let (progress, cancel, options) = (progress.clone(), cancel.clone(), options.clone());
        tasks.spawn(async move {
            let host = parse_clip_url(&item.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            // A page the source kept is not fetched: no host to be polite to.
            let pool = match item.page {
                Some(_) => Arc::new(Semaphore::new(1)),
                None => hosts.permit_pool(&host, options.per_host),
            };
            let outcome = match pool.acquire_owned().await {
                Err(_) => Outcome::Failed("the import was stopped".into()),
                Ok(host_permit) => {
                    let cancelled = || cancel.as_ref().is_some_and(|c| c.load(Ordering::SeqCst));
                    let outcome = match global.acquire_owned().await {
                        Ok(_permit) if !cancelled() => save_one(&store, &fetcher, &item).await,
                        _ => Outcome::Skipped,
                    };
                    if !matches!(outcome, Outcome::Skipped | Outcome::Duplicate)
                        && item.page.is_none()
                        && !options.per_host_delay.is_zero()
                    {
                        tokio::time::sleep(options.per_host_delay).await;
                    }
                    drop(host_permit);
                    outcome
                }
            };
            if !matches!(outcome, Outcome::Skipped) {
                let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                if let Some(progress) = &progress {
                    let label = match &outcome {
                        Outcome::Saved => "saved",
                        Outcome::Duplicate => "duplicate",
                        _ => "failed",
                    };
                    progress(&ImportProgress {
                        done: n,
                        total,
                        url: item.url.clone(),
                        outcome: label.to_owned(),
                    });
                }
            }
            (item, outcome)
        });
    }
    let mut report = ImportReport {
        total,
        ..ImportReport::default()
    };
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((_, Outcome::Saved)) => report.saved += 1,
            Ok((_, Outcome::Duplicate)) => report.duplicates += 1,
            Ok((_, Outcome::Skipped)) => report.cancelled = true,
            Ok((item, Outcome::Failed(reason))) => failures.push(ImportFailure {
                record: item.record,
                url: item.url,
                reason,
            }),
            Err(e) => failures.push(ImportFailure {
                record: String::new(),
                url: String::new(),
                reason: format!("internal error: {e}"),
            }),
        }
    }
    // Report failures in file order, whatever order the fetches finished in.
    failures.sort_by_key(|f| record_number(&f.record));
    report.failed = u32::try_from(failures.len()).unwrap_or(u32::MAX);
    report.failures = failures;
    report
}

fn record_number(record: &str) -> u64 {
    record
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// Saves one record with what the source knew about it (see [`save_record`]).
async fn save_one(store: &SharedStore, fetcher: &Fetcher, item: &ImportItem) -> Outcome {
    match save_record(store, fetcher, item).await {
        Ok(true) => Outcome::Saved,
        Ok(false) => Outcome::Duplicate,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Saves one record, all or nothing: an article the library has is merged into without a fetch;
/// else the page the source kept (Omnivore's) is extracted, or the link is fetched, and saved
/// with its tags, status, saved time, highlights and note in one transaction. Returns whether
/// the article is new.
async fn save_record(store: &SharedStore, fetcher: &Fetcher, item: &ImportItem) -> Result<bool> {
    let url = parse_clip_url(&item.url)?;
    let mut import = ImportedArticle {
        article: None,
        url_keys: vec![dedup_key(&url)],
        tags: item.tags.clone(),
        collection: item.collection.clone(),
        provenance: Provenance {
            saved_at: item.saved_at.clone(),
            status: item.status,
            starred: item.starred,
            captured_in_browser: false,
        },
        note: item.note.clone(),
    };
    if let Some(new) = save_imported(store, &import, &item.highlights).await? {
        return Ok(new);
    }
    let kept = match item.page.clone() {
        Some(page) => tokio::task::spawn_blocking(move || page.html())
            .await
            .map_err(|e| Error::Internal(format!("import task failed: {e}")))?
            .map_err(Error::Invalid)?,
        None => None,
    };
    let (final_url, html, http_date) = match kept {
        Some(html) => (url.clone(), html, None),
        None => {
            let fetched = fetcher.fetch(&url).await?;
            (fetched.final_url, fetched.html, fetched.http_date)
        }
    };
    let mut article = clip::prepare(url, final_url, html, http_date).await?;
    // The extraction found no title (it fell back to the address): keep the source's.
    if let Some(title) = item.title.as_deref().filter(|t| !t.trim().is_empty()) {
        if article.content.title == article.final_url {
            title.trim().clone_into(&mut article.content.title);
        }
    }
    import.url_keys.clone_from(&article.url_keys);
    import.article = Some(article);
    save_imported(store, &import, &item.highlights)
        .await?
        .ok_or_else(|| Error::Internal("an imported article was not saved".into()))
}

/// [`crate::store::Store::save_imported`] on the blocking pool, anchoring `highlights` in the
/// article's text; whether the article is new, or `None` when it is not in the library and
/// `import` has no page.
async fn save_imported(
    store: &SharedStore,
    import: &ImportedArticle,
    highlights: &[ImportHighlight],
) -> Result<Option<bool>> {
    let (import, highlights) = (import.clone(), highlights.to_vec());
    let saved = store
        .run(move |s| s.save_imported(&import, |text| place_highlights(text, &highlights)))
        .await?;
    Ok(saved.map(|(_, new)| new))
}

/// Anchors each imported highlight in `text` as a user's selection would be; a quote that is not
/// there is kept as an orphan with its note, never dropped.
fn place_highlights(text: &str, highlights: &[ImportHighlight]) -> Vec<NewHighlight> {
    highlights
        .iter()
        .filter(|h| !h.quote.trim().is_empty())
        .map(|h| {
            let quote = Quote {
                exact: h.quote.clone(),
                prefix: String::new(),
                suffix: String::new(),
            };
            let (span, quote, orphaned) = match annotate::place(text, &quote) {
                Some((span, quote)) => (span, quote, false),
                None => (
                    annotate::Span { start: 0, end: 0 },
                    Quote {
                        exact: h.quote.trim().to_owned(),
                        ..quote
                    },
                    true,
                ),
            };
            NewHighlight {
                article_id: 0,
                exact: quote.exact,
                prefix: quote.prefix,
                suffix: quote.suffix,
                start: u32::try_from(span.start).unwrap_or(u32::MAX),
                end: u32::try_from(span.end).unwrap_or(u32::MAX),
                color: HIGHLIGHT_COLORS[0].to_owned(),
                note: h
                    .note
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                orphaned,
            }
        })
        .collect()
}
