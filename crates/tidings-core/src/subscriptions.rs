//! The subscriptions workflow: subscribe (a feed's URL, or a page's: discovery finds its feed),
//! poll feeds (fetch → the polling rules → parse → store), many at once with a global and a
//! per-host limit, and keep an item (through the clip workflow). OPML in and out.
//!
//! The time comes from the library's [`Clock`], so tests move it instead of waiting.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::sync::Semaphore;
use url::Url;

use crate::clip::{self, ClipOptions};
use crate::dates::{stored, Clock};
use crate::feeds::opml::{read_opml, write_opml, OpmlFeed};
use crate::feeds::poll::{next_after_failure, next_after_success, ServerHints, RATE_WINDOW};
use crate::feeds::{discover, parse_feed, ParsedFeed};
use crate::fetch::{self, FeedResponse, Fetcher, Validators};
use crate::model::{FeedOptions, KeptItem, OpmlImportReport, RefreshOutcome, SubscribeOutcome};
use crate::store::{NewFeed, NewItem, PollRecord, PollTarget, SharedStore};
use crate::urlnorm::{dedup_key, parse_clip_url};
use crate::{feeds, Error, Result};

/// How many feeds are polled at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshLimits {
    /// Polls in flight at once, all hosts together.
    pub concurrency: usize,
    /// Polls in flight at once to one host.
    pub per_host: usize,
}

impl Default for RefreshLimits {
    fn default() -> Self {
        Self {
            concurrency: 16,
            per_host: 2,
        }
    }
}

/// Subscribes to the feed at `input`, or to the feed the page at `input` links (else the
/// first of the usual addresses that answers with a feed), and polls it once.
///
/// # Errors
/// An invalid URL; the address unreachable or answering an HTTP error; neither a feed nor a page
/// leading to one; a blank folder name; a storage failure.
pub async fn subscribe(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    input: &str,
    options: FeedOptions,
) -> Result<SubscribeOutcome> {
    let url = parse_clip_url(input)?;
    if let Some(outcome) = existing(store, dedup_key(&url)).await? {
        return Ok(outcome);
    }
    let (feed_url, response, parsed) = find_feed(fetcher, &url).await?;
    let url_key = dedup_key(&feed_url);
    if let Some(outcome) = existing(store, url_key.clone()).await? {
        return Ok(outcome);
    }
    let now = clock.now();
    let dates = published_dates(&parsed, &[]);
    let next = next_after_success(now, &dates, parsed.ttl_minutes, &hints(&response));
    let new = NewFeed {
        url: feed_url.to_string(),
        url_key,
        title: parsed.title.clone(),
        site_url: parsed.site_url.clone(),
        folder: options.folder,
        full_text: options.full_text,
        next_check: stored(next),
    };
    let record = changed(&response, parsed);
    let (now, next) = (stored(now), stored(next));
    store
        .run(move |s| {
            let (id, created) = s.insert_feed(&new, &now)?;
            let new_items = if created {
                s.record_poll(id, &now, &next, None, &record)?
            } else {
                0
            };
            Ok::<_, crate::store::Error>(SubscribeOutcome {
                feed: s.feed(id)?,
                already_subscribed: !created,
                new_items,
            })
        })
        .await
}

async fn existing(store: &SharedStore, url_key: String) -> Result<Option<SubscribeOutcome>> {
    store
        .run(move |s| {
            let Some(id) = s.feed_by_url_key(&url_key)? else {
                return Ok(None);
            };
            Ok::<_, crate::store::Error>(Some(SubscribeOutcome {
                feed: s.feed(id)?,
                already_subscribed: true,
                new_items: 0,
            }))
        })
        .await
}

/// The feed at `url`, or the one the page at `url` leads to: its address (after permanent
/// redirects), the server's answer, and the feed read.
async fn find_feed(fetcher: &Fetcher, url: &Url) -> Result<(Url, FeedResponse, ParsedFeed)> {
    let response = fetch_ok(fetcher, url).await?;
    let direct = parse_feed(&response.body, &response.content_type, &response.final_url);
    let first_error = match direct {
        Ok(parsed) => {
            let feed_url = response.moved_to.clone().unwrap_or_else(|| url.clone());
            return Ok((feed_url, response, parsed));
        }
        Err(e) => e,
    };
    if !is_html(&response) {
        return Err(first_error.into());
    }
    let html = String::from_utf8_lossy(&response.body);
    let linked = discover::linked_feeds(&html, &response.final_url);
    let tried = match linked.len() {
        0 => format!(
            "the page links none, and none of {} answered with one",
            discover::GUESSES.join(", ")
        ),
        n => format!(
            "neither the {n} feed(s) the page links nor {} answered with one",
            discover::GUESSES.join(", ")
        ),
    };
    let candidates: Vec<Url> = linked
        .into_iter()
        .chain(discover::guesses(&response.final_url))
        .filter(|c| c != url)
        .fold(Vec::new(), |mut seen, c| {
            if !seen.contains(&c) {
                seen.push(c);
            }
            seen
        });
    for candidate in &candidates {
        let Ok(answer) = fetch_ok(fetcher, candidate).await else {
            continue;
        };
        if let Ok(parsed) = parse_feed(&answer.body, &answer.content_type, &answer.final_url) {
            let feed_url = answer.moved_to.clone().unwrap_or_else(|| candidate.clone());
            return Ok((feed_url, answer, parsed));
        }
    }
    Err(feeds::Error::NoFeedFound {
        url: url.to_string(),
        tried,
    }
    .into())
}

/// A 2xx answer, else an error naming the status.
async fn fetch_ok(fetcher: &Fetcher, url: &Url) -> Result<FeedResponse> {
    let response = fetcher.fetch_feed(url, &Validators::default()).await?;
    if (200..300).contains(&response.status) {
        Ok(response)
    } else {
        Err(fetch::Error::Status {
            url: url.to_string(),
            status: response.status_line,
        }
        .into())
    }
}

fn is_html(response: &FeedResponse) -> bool {
    let mime = response
        .content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    mime == "text/html"
        || mime == "application/xhtml+xml"
        || (mime.is_empty() && {
            let head = String::from_utf8_lossy(&response.body[..response.body.len().min(512)])
                .to_ascii_lowercase();
            head.contains("<html") || head.contains("<!doctype html")
        })
}

fn hints(response: &FeedResponse) -> ServerHints {
    ServerHints {
        cache_control: response.cache_control.clone(),
        expires: response.expires.clone(),
        date: response.date.clone(),
        retry_after: response.retry_after.clone(),
    }
}

/// A changed feed as the store records it.
fn changed(response: &FeedResponse, parsed: ParsedFeed) -> PollRecord {
    PollRecord::Changed {
        title: parsed.title,
        site_url: parsed.site_url,
        ttl_minutes: parsed.ttl_minutes,
        etag: response.etag.clone(),
        last_modified: response.last_modified.clone(),
        items: parsed
            .items
            .into_iter()
            .map(|item| NewItem {
                dedup_key: item
                    .url
                    .as_deref()
                    .and_then(|u| Url::parse(u).ok())
                    .map(|u| dedup_key(&u)),
                key: item.key,
                title: item.title,
                url: item.url,
                comments_url: item.comments_url,
                author: item.author,
                published: item.published,
                summary_html: item.summary_html,
                categories: item.categories,
            })
            .collect(),
    }
}

/// The publication times of a feed's items: those stored and those just read.
fn published_dates(parsed: &ParsedFeed, stored_dates: &[String]) -> Vec<DateTime<Utc>> {
    parsed
        .items
        .iter()
        .filter_map(|i| i.published.as_deref())
        .chain(stored_dates.iter().map(String::as_str))
        .filter_map(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&Utc))
        .collect()
}

/// Polls `targets`, [`RefreshLimits`] at a time; one outcome per feed, in `targets`' order.
pub async fn refresh(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: Arc<dyn Clock>,
    targets: Vec<PollTarget>,
    limits: RefreshLimits,
) -> Vec<RefreshOutcome> {
    let global = Arc::new(Semaphore::new(limits.concurrency.max(1)));
    let hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>> = Arc::default();
    let mut tasks = tokio::task::JoinSet::new();
    for (index, target) in targets.into_iter().enumerate() {
        let (store, fetcher, clock, global) = (
            store.clone(),
            fetcher.clone(),
            Arc::clone(&clock),
            Arc::clone(&global),
        );
        let host = Url::parse(&target.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let per_host = {
            let mut hosts = hosts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(
                hosts
                    .entry(host)
                    .or_insert_with(|| Arc::new(Semaphore::new(limits.per_host.max(1)))),
            )
        };
        tasks.spawn(async move {
            // The host's permit first, so a slow host's queue holds no global permits.
            let outcome = match per_host.acquire_owned().await {
                Ok(_host) => match global.acquire_owned().await {
                    Ok(_permit) => poll(&store, &fetcher, clock.as_ref(), target).await,
                    Err(_) => failed(&target, "the refresh was stopped".into()),
                },
                Err(_) => failed(&target, "the refresh was stopped".into()),
            };
            (index, outcome)
        });
    }
    let mut outcomes: Vec<(usize, RefreshOutcome)> = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(done) => outcomes.push(done),
            Err(e) => outcomes.push((
                usize::MAX,
                RefreshOutcome {
                    feed_id: 0,
                    title: String::new(),
                    new_items: 0,
                    unchanged: false,
                    error: Some(format!("internal error: {e}")),
                },
            )),
        }
    }
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

fn failed(target: &PollTarget, error: String) -> RefreshOutcome {
    RefreshOutcome {
        feed_id: target.id,
        title: target.title.clone(),
        new_items: 0,
        unchanged: false,
        error: Some(error),
    }
}

/// Polls one feed and records what it found; never fails (a failure is the outcome's error,
/// recorded on the feed too).
pub async fn poll(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    target: PollTarget,
) -> RefreshOutcome {
    match poll_inner(store, fetcher, clock, &target).await {
        Ok(outcome) => outcome,
        Err(e) => failed(&target, e.to_string()),
    }
}

async fn poll_inner(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    target: &PollTarget,
) -> Result<RefreshOutcome> {
    if target.gone {
        return Ok(failed(
            target,
            format!(
                "{}: the feed is gone (HTTP 410); it is no longer polled",
                target.url
            ),
        ));
    }
    let now = clock.now();
    let id = target.id;
    let since = stored(now - chrono::Duration::from_std(RATE_WINDOW).unwrap_or_default());
    let stored_dates = store
        .run(move |s| s.feed_published_since(id, &since))
        .await?;
    let validators = Validators {
        etag: target.etag.clone(),
        last_modified: target.last_modified.clone(),
    };
    let answer = match Url::parse(&target.url) {
        Ok(url) => fetcher
            .fetch_feed(&url, &validators)
            .await
            .map_err(Error::from),
        Err(e) => Err(Error::InvalidUrl {
            url: target.url.clone(),
            reason: e.to_string(),
        }),
    };
    let failures = target.error_count.saturating_add(1);
    let (record, next, moved_to) = match answer {
        Err(e) => (
            PollRecord::Failed {
                error: e.to_string(),
            },
            next_after_failure(now, failures, &ServerHints::default()),
            None,
        ),
        Ok(response) => {
            let hints = hints(&response);
            let moved_to = response
                .moved_to
                .as_ref()
                .map(|u| (u.to_string(), dedup_key(u)));
            let success_at =
                |dates: &[DateTime<Utc>], ttl| next_after_success(now, dates, ttl, &hints);
            let stored_only = published_dates(&ParsedFeed::default(), &stored_dates);
            match response.status {
                304 => (
                    PollRecord::Unchanged,
                    success_at(&stored_only, target.ttl_minutes),
                    moved_to,
                ),
                410 => (
                    PollRecord::Gone {
                        error: format!(
                            "{}: HTTP 410 Gone: the feed was removed; it is no longer polled",
                            target.url
                        ),
                    },
                    now,
                    None,
                ),
                200..=299 if response.etag.is_some() && response.etag == target.etag => (
                    PollRecord::Unchanged,
                    success_at(&stored_only, target.ttl_minutes),
                    moved_to,
                ),
                200..=299 => {
                    match parse_feed(&response.body, &response.content_type, &response.final_url) {
                        Ok(parsed) => {
                            let dates = published_dates(&parsed, &stored_dates);
                            let next = success_at(&dates, parsed.ttl_minutes);
                            (changed(&response, parsed), next, moved_to)
                        }
                        Err(e) => (
                            PollRecord::Failed {
                                error: e.to_string(),
                            },
                            next_after_failure(now, failures, &hints),
                            None,
                        ),
                    }
                }
                _ => (
                    PollRecord::Failed {
                        error: fetch::Error::Status {
                            url: target.url.clone(),
                            status: response.status_line.clone(),
                        }
                        .to_string(),
                    },
                    next_after_failure(now, failures, &hints),
                    None,
                ),
            }
        }
    };
    let (now, next) = (stored(now), stored(next));
    let error = match &record {
        PollRecord::Failed { error } | PollRecord::Gone { error } => Some(error.clone()),
        _ => None,
    };
    let unchanged = matches!(record, PollRecord::Unchanged);
    let new_items = store
        .run(move |s| {
            s.record_poll(
                id,
                &now,
                &next,
                moved_to.as_ref().map(|(u, k)| (u.as_str(), k.as_str())),
                &record,
            )
        })
        .await?;
    let title = store.run(move |s| s.feed(id)).await?.title;
    Ok(RefreshOutcome {
        feed_id: id,
        title,
        new_items,
        unchanged,
        error,
    })
}

/// Keeps an item: clips its article through the clip workflow, marks it (and the other feeds'
/// rows of the same article) kept, and records on the article the feed it came from.
///
/// # Errors
/// An unknown item, one without a link, or the clip's failure (nothing is marked then).
pub async fn keep(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    item_id: i64,
) -> Result<KeptItem> {
    let target = store.run(move |s| s.keep_target(item_id)).await?;
    let Some(url) = target.url else {
        return Err(Error::Invalid(format!(
            "feed item {item_id} has no link to an article to keep"
        )));
    };
    let outcome = clip::clip(store, fetcher, &url, ClipOptions::default()).await?;
    let article_id = outcome.article.id;
    let now = stored(clock.now());
    store
        .run(move |s| s.mark_kept(item_id, article_id, &now))
        .await?;
    Ok(KeptItem {
        item_id,
        article: outcome.article,
        already_saved: outcome.already_saved,
    })
}

/// Adds the subscriptions an OPML document lists, in its folders, due at once (nothing is
/// fetched here: the next refresh polls them). Already subscribed, listed twice or with an
/// address that is not http(s): skipped.
///
/// # Errors
/// A document that is not OPML; a storage failure.
pub async fn import_opml(
    store: &SharedStore,
    clock: &dyn Clock,
    xml: &str,
) -> Result<OpmlImportReport> {
    let listed = read_opml(xml)?;
    let now = stored(clock.now());
    store
        .run(move |s| {
            let mut report = OpmlImportReport::default();
            for entry in listed {
                let Ok(url) = parse_clip_url(&entry.url) else {
                    report.skipped += 1;
                    continue;
                };
                let new = NewFeed {
                    url: url.to_string(),
                    url_key: dedup_key(&url),
                    title: entry.title,
                    site_url: entry.site_url,
                    folder: entry.folder,
                    full_text: false,
                    next_check: now.clone(),
                };
                if s.insert_feed(&new, &now)?.1 {
                    report.added += 1;
                } else {
                    report.skipped += 1;
                }
            }
            Ok::<_, crate::store::Error>(report)
        })
        .await
}

/// Every subscription as an OPML 2.0 document, in its folders, and how many it lists.
///
/// # Errors
/// A storage failure.
pub async fn export_opml(store: &SharedStore) -> Result<(String, u32)> {
    let feeds = store.run(|s| s.feeds()).await?;
    let listed: Vec<OpmlFeed> = feeds
        .into_iter()
        .map(|f| OpmlFeed {
            url: f.url,
            title: f.title,
            site_url: f.site_url,
            folder: f.folder,
        })
        .collect();
    let count = u32::try_from(listed.len()).unwrap_or(u32::MAX);
    Ok((write_opml("Tidings subscriptions", &listed), count))
}
