//! The import workflow: read a file, then either restore a backup or clip every link with
//! bounded concurrency (a global limit and a per-host limit with a politeness delay), keeping
//! what the source knew (saved time, tags, status, stars, folders, highlights, notes).
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
use crate::clip::{self, ClipOptions};
use crate::fetch::Fetcher;
use crate::import::{self, ImportFormat, ImportItem, Parsed};
use crate::model::{ImportFailure, ImportProgress, ImportReport, HIGHLIGHT_COLORS};
use crate::store::{NewHighlight, Provenance, SharedStore};
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
    let counts = store.run(move |s| s.restore(&backup, &keys)).await?;
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
            let pool = hosts.permit_pool(&host, options.per_host);
            let outcome = match pool.acquire_owned().await {
                Err(_) => Outcome::Failed("the import was stopped".into()),
                Ok(host_permit) => {
                    let cancelled = || cancel.as_ref().is_some_and(|c| c.load(Ordering::SeqCst));
                    let outcome = match global.acquire_owned().await {
                        Ok(_permit) if !cancelled() => save_one(&store, &fetcher, &item).await,
                        _ => Outcome::Skipped,
                    };
                    if !matches!(outcome, Outcome::Skipped | Outcome::Duplicate)
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

/// Clips one record and applies what the source knew about it.
async fn save_one(store: &SharedStore, fetcher: &Fetcher, item: &ImportItem) -> Outcome {
    let options = ClipOptions {
        tags: item.tags.clone(),
        collection: item.collection.clone(),
    };
    let provenance = Provenance {
        saved_at: item.saved_at.clone(),
        status: item.status,
        starred: item.starred,
    };
    let outcome = match clip::clip_from(store, fetcher, &item.url, options, provenance).await {
        Ok(outcome) => outcome,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let (id, is_new, item) = (outcome.article.id, !outcome.already_saved, item.clone());
    let applied = store
        .run(move |s| {
            if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
                s.set_note(id, note, true)?;
            }
            let text = s.article_text(id)?;
            let existing: Vec<String> = s
                .article_highlights(id)?
                .into_iter()
                .map(|h| h.exact)
                .collect();
            for quote in &item.highlights {
                let placed = annotate::place(
                    &text,
                    &Quote {
                        exact: quote.clone(),
                        prefix: String::new(),
                        suffix: String::new(),
                    },
                );
                let (start, end, q, orphaned) = match placed {
                    Some((span, q)) => (span.start, span.end, q, false),
                    None => (
                        0,
                        0,
                        Quote {
                            exact: quote.trim().to_owned(),
                            prefix: String::new(),
                            suffix: String::new(),
                        },
                        true,
                    ),
                };
                if existing.contains(&q.exact) {
                    continue;
                }
                s.insert_highlight(&NewHighlight {
                    article_id: id,
                    exact: q.exact,
                    prefix: q.prefix,
                    suffix: q.suffix,
                    start: u32::try_from(start).unwrap_or(u32::MAX),
                    end: u32::try_from(end).unwrap_or(u32::MAX),
                    color: HIGHLIGHT_COLORS[0].to_owned(),
                    note: None,
                    orphaned,
                })?;
            }
            Ok::<_, crate::store::Error>(())
        })
        .await;
    match (applied, is_new) {
        (Err(e), _) => Outcome::Failed(e.to_string()),
        (Ok(()), true) => Outcome::Saved,
        (Ok(()), false) => Outcome::Duplicate,
    }
}
