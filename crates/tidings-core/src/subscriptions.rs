//! The subscriptions workflow: subscribe (a feed's URL, or a page's: discovery finds its feed),
//! poll feeds (fetch → the polling rules → parse → store), many at once with a global and a
//! per-host limit, and keep an item (through the clip workflow). OPML in and out.
//!
//! Rules are applied as items arrive: the poll reads the rules in force, compiles them
//! ([`feeds::rules`]) and marks each item it read with what they do; the store writes items and
//! marks in one transaction. Items a `keep` rule matched are kept after that transaction, through
//! the same path as [`keep`]. A full-text feed's new items then have their article fetched (a
//! per-host limit, the clip's size and time caps) and stored as previews; keeping such an item
//! saves that page without a second fetch. After a refresh, housekeeping purges seen and
//! dismissed items older than the library's setting.
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
use crate::feeds::rules::{self, html_text, ItemFields, Matcher};
use crate::feeds::{discover, parse_feed, ParsedFeed};
use crate::fetch::{self, FeedResponse, Fetcher, Validators};
use crate::model::{
    FeedItem, FeedOptions, FeedRule, ItemPreview, KeptItem, NewRule, OpmlImportReport,
    RefreshOutcome, RuleEdit, SubscribeOutcome,
};
use crate::store::{NewFeed, NewItem, NewPreview, PollRecord, PollTarget, RuleRow, SharedStore};
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
    // Only rules for every feed can apply: this one has no id yet.
    let matchers = matchers(store, now).await?;
    let record = changed(&response, parsed, &matchers, 0);
    let (now, next) = (stored(now), stored(next));
    let (outcome, written) = store
        .run(move |s| {
            let (id, created) = s.insert_feed(&new, &now)?;
            let written = if created {
                s.record_poll(id, &now, &next, None, &record)?
            } else {
                crate::store::PollWrite::default()
            };
            Ok::<_, crate::store::Error>((
                SubscribeOutcome {
                    feed: s.feed(id)?,
                    already_subscribed: !created,
                    new_items: written.count(),
                },
                written,
            ))
        })
        .await?;
    for &item_id in &written.to_keep {
        // A failed keep leaves the item new: the subscription itself worked.
        let _ = keep(store, fetcher, clock, item_id).await;
    }
    if outcome.feed.full_text {
        let fresh: Vec<i64> = written
            .added
            .iter()
            .copied()
            .filter(|i| !written.to_keep.contains(i))
            .collect();
        let hosts = HostLimits::new(RefreshLimits::default().per_host);
        fetch_previews(store, fetcher, clock, &hosts, &fresh).await;
    }
    store
        .run(move |s| s.feed(outcome.feed.id))
        .await
        .map(|feed| SubscribeOutcome { feed, ..outcome })
}

/// The rules in force at `now`, compiled (a stored pattern that no longer compiles is skipped:
/// adding and editing check it).
async fn matchers(store: &SharedStore, now: DateTime<Utc>) -> Result<Vec<Matcher>> {
    let now = stored(now);
    let rules = store.run(move |s| s.rules(&now)).await?;
    Ok(rules
        .iter()
        .filter(|r| !r.expired)
        .filter_map(|r| Matcher::new(r).ok())
        .collect())
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

/// A changed feed as the store records it, each item marked with what `matchers` do to it.
fn changed(
    response: &FeedResponse,
    parsed: ParsedFeed,
    matchers: &[Matcher],
    feed_id: i64,
) -> PollRecord {
    PollRecord::Changed {
        title: parsed.title,
        site_url: parsed.site_url,
        ttl_minutes: parsed.ttl_minutes,
        etag: response.etag.clone(),
        last_modified: response.last_modified.clone(),
        items: parsed
            .items
            .into_iter()
            .map(|item| {
                let effects = rules::effects(
                    matchers,
                    feed_id,
                    &ItemFields {
                        title: &item.title,
                        url: item.url.as_deref(),
                        author: item.author.as_deref(),
                        categories: &item.categories,
                        summary_html: &item.summary_html,
                    },
                );
                NewItem {
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
                    text: html_text(&item.summary_html),
                    summary_html: item.summary_html,
                    categories: item.categories,
                    dismiss: effects.dismiss,
                    starred: effects.star,
                    tags: effects.tags,
                    keep: effects.keep,
                }
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

/// A per-host limit on requests in flight, hosts found as they come.
struct HostLimits {
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl HostLimits {
    fn new(per_host: usize) -> Self {
        Self {
            per_host: per_host.max(1),
            hosts: Mutex::default(),
        }
    }

    /// The semaphore of `url`'s host.
    fn of(&self, url: &str) -> Arc<Semaphore> {
        let host = Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host))),
        )
    }
}

/// Polls `targets`, [`RefreshLimits`] at a time; one outcome per feed, in `targets`' order.
/// Then purges what housekeeping says is old (a failure there fails no poll).
pub async fn refresh(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: Arc<dyn Clock>,
    targets: Vec<PollTarget>,
    limits: RefreshLimits,
) -> Vec<RefreshOutcome> {
    let global = Arc::new(Semaphore::new(limits.concurrency.max(1)));
    // Feeds' hosts and articles' hosts apart: a poll holding its feed host's permit may wait
    // for an article on the same host.
    let feed_hosts = HostLimits::new(limits.per_host);
    let article_hosts = Arc::new(HostLimits::new(limits.per_host));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, target) in targets.into_iter().enumerate() {
        let (store, fetcher, clock, global, article_hosts) = (
            store.clone(),
            fetcher.clone(),
            Arc::clone(&clock),
            Arc::clone(&global),
            Arc::clone(&article_hosts),
        );
        let per_host = feed_hosts.of(&target.url);
        tasks.spawn(async move {
            // The host's permit first, so a slow host's queue holds no global permits.
            let outcome = match per_host.acquire_owned().await {
                Ok(_host) => match global.acquire_owned().await {
                    Ok(_permit) => {
                        poll(&store, &fetcher, clock.as_ref(), &article_hosts, target).await
                    }
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
                    error: Some(format!("internal error: {e}")),
                    ..RefreshOutcome::default()
                },
            )),
        }
    }
    let _ = housekeep(store, clock.as_ref()).await;
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// Purges seen and dismissed items that arrived more than the library's `keep_days` ago; kept
/// and new items stay. Returns how many went.
///
/// # Errors
/// A database failure (nothing is purged then).
pub async fn housekeep(store: &SharedStore, clock: &dyn Clock) -> Result<u32> {
    let now = clock.now();
    store
        .run(move |s| {
            let days = s.stream_settings()?.keep_days;
            let cutoff = now - chrono::Duration::days(i64::from(days));
            s.purge_items(&stored(cutoff), &stored(now))
        })
        .await
}

/// Previews fetched at once for one feed's new items (each host's limit applies too).
const PREVIEWS_AT_ONCE: usize = 4;

/// Fetches the article of each of `item_ids` (those with a link) and stores it as the item's
/// preview, [`PREVIEWS_AT_ONCE`] at a time and no more than `hosts` allows per host; returns how
/// many were stored. A failure leaves its item as it was.
async fn fetch_previews(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    hosts: &HostLimits,
    item_ids: &[i64],
) -> u32 {
    use futures_util::StreamExt;
    let stored_count: usize = futures_util::stream::iter(item_ids.iter().copied())
        .map(|item_id| async move {
            let Ok(item) = store.run(move |s| s.feed_item(item_id)).await else {
                return false;
            };
            let Some(url) = item.url.as_deref() else {
                return false;
            };
            let limit = hosts.of(url);
            let Ok(_permit) = limit.acquire_owned().await else {
                return false;
            };
            fetch_preview(store, fetcher, clock, &item, url)
                .await
                .is_ok()
        })
        .buffer_unordered(PREVIEWS_AT_ONCE)
        .filter(|stored| std::future::ready(*stored))
        .count()
        .await;
    u32::try_from(stored_count).unwrap_or(u32::MAX)
}

async fn fetch_preview(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    item: &FeedItem,
    url: &str,
) -> Result<()> {
    let url = parse_clip_url(url)?;
    let fetched = fetcher.fetch(&url).await?;
    let article = clip::prepare(
        url,
        fetched.final_url.clone(),
        fetched.html,
        fetched.http_date,
    )
    .await?;
    let preview = NewPreview {
        final_url: article.final_url,
        http_date: article.http_date,
        content_html: article.content.content_html,
        text: article.content.text,
        word_count: article.content.word_count,
        raw_html: article.raw_html,
    };
    let (item_id, now) = (item.id, stored(clock.now()));
    store
        .run(move |s| s.set_item_preview(item_id, &preview, &now))
        .await
}

/// An item's article as a preview: the one stored (a full-text feed's, or fetched before), else
/// fetched now and stored, so keeping the item later saves that page without a second fetch.
///
/// # Errors
/// An unknown item, one without a link, or the fetch's or extraction's failure (nothing is
/// stored then).
pub async fn preview(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    item_id: i64,
) -> Result<ItemPreview> {
    if let Some(stored) = store.run(move |s| s.item_preview(item_id)).await? {
        return Ok(stored);
    }
    let item = store.run(move |s| s.feed_item(item_id)).await?;
    let Some(url) = item.url.clone() else {
        return Err(Error::Invalid(format!(
            "feed item {item_id} has no link to an article to preview"
        )));
    };
    fetch_preview(store, fetcher, clock, &item, &url).await?;
    store
        .run(move |s| s.item_preview(item_id))
        .await?
        .ok_or_else(|| crate::store::Error::ItemNotFound(item_id).into())
}

fn failed(target: &PollTarget, error: String) -> RefreshOutcome {
    RefreshOutcome {
        feed_id: target.id,
        title: target.title.clone(),
        error: Some(error),
        ..RefreshOutcome::default()
    }
}

/// Polls one feed and records what it found, keeps what `keep` rules matched and fetches
/// previews (a full-text feed); never fails (a failure is the outcome's error, recorded on the
/// feed too).
async fn poll(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    article_hosts: &HostLimits,
    target: PollTarget,
) -> RefreshOutcome {
    match poll_inner(store, fetcher, clock, article_hosts, &target).await {
        Ok(outcome) => outcome,
        Err(e) => failed(&target, e.to_string()),
    }
}

async fn poll_inner(
    store: &SharedStore,
    fetcher: &Fetcher,
    clock: &dyn Clock,
    article_hosts: &HostLimits,
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
                            let matchers = matchers(store, now).await?;
                            (changed(&response, parsed, &matchers, id), next, moved_to)
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
    let written = store
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
    let mut outcome = RefreshOutcome {
        feed_id: id,
        new_items: written.count(),
        unchanged,
        error,
        ..RefreshOutcome::default()
    };
    for &item_id in &written.to_keep {
        match keep(store, fetcher, clock, item_id).await {
            Ok(_) => outcome.kept += 1,
            Err(e) => outcome.keep_errors.push(format!("item {item_id}: {e}")),
        }
    }
    if target.full_text {
        let fresh: Vec<i64> = written
            .added
            .iter()
            .copied()
            .filter(|i| !written.to_keep.contains(i))
            .collect();
        outcome.previews = fetch_previews(store, fetcher, clock, article_hosts, &fresh).await;
    }
    outcome.title = store.run(move |s| s.feed(id)).await?.title;
    Ok(outcome)
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
    let page = store.run(move |s| s.preview_page(item_id)).await?;
    let outcome = match page {
        // A full-text feed's preview: the page fetched then is the one saved.
        Some(page) => {
            clip::clip_fetched(store, &url, &page.final_url, page.raw_html, page.http_date).await?
        }
        None => clip::clip(store, fetcher, &url, ClipOptions::default()).await?,
    };
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

/// A rule as the store keeps it, checked: its pattern compiles; its expiry read from now.
fn rule_row(
    feed_id: Option<i64>,
    field: crate::model::RuleField,
    pattern: &str,
    regex: bool,
    action: crate::model::RuleAction,
    expires_in: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RuleRow> {
    rules::compile(pattern, regex).map_err(feeds::Error::from)?;
    let expires_at = expires_in
        .map(|e| rules::parse_expiry(e).map(|d| stored(now + d)))
        .transpose()
        .map_err(Error::Invalid)?;
    Ok(RuleRow {
        feed_id,
        field,
        pattern: pattern.trim().to_owned(),
        regex,
        action,
        expires_at,
    })
}

/// Adds a rule, applied to items that arrive from now on.
///
/// # Errors
/// A pattern that does not compile (named), a bad expiry, an unknown feed, a blank tag.
pub async fn add_rule(store: &SharedStore, clock: &dyn Clock, rule: NewRule) -> Result<FeedRule> {
    let now = clock.now();
    let row = rule_row(
        rule.feed_id,
        rule.field,
        &rule.pattern,
        rule.regex,
        rule.action,
        rule.expires_in.as_deref(),
        now,
    )?;
    let now = stored(now);
    store.run(move |s| s.add_rule(&row, &now)).await
}

/// Changes a rule's parts; those `edit` leaves `None` stay.
///
/// # Errors
/// An unknown rule, and as [`add_rule`] (nothing changes then).
pub async fn edit_rule(
    store: &SharedStore,
    clock: &dyn Clock,
    id: i64,
    edit: RuleEdit,
) -> Result<FeedRule> {
    let now = clock.now();
    let at = stored(now);
    let old = store.run(move |s| s.rule(id, &at)).await?;
    let pattern = edit.pattern.unwrap_or(old.pattern);
    let feed_id = if edit.all_feeds {
        None
    } else {
        edit.feed_id.or(old.feed_id)
    };
    let expires_in = if edit.no_expiry {
        None
    } else {
        edit.expires_in.as_deref()
    };
    let mut row = rule_row(
        feed_id,
        edit.field.unwrap_or(old.field),
        &pattern,
        edit.regex.unwrap_or(old.regex),
        edit.action.unwrap_or(old.action),
        expires_in,
        now,
    )?;
    if edit.expires_in.is_none() && !edit.no_expiry {
        row.expires_at = old.expires_at;
    }
    let now = stored(now);
    store.run(move |s| s.update_rule(id, &row, &now)).await
}

/// A dry run: the items of the stream (every state, newest first) `rule` would match, were they
/// arriving now; nothing is changed. The rule's feed narrows it; an expired rule is tested all
/// the same.
///
/// # Errors
/// A pattern that does not compile; an unknown feed.
pub async fn test_rule(store: &SharedStore, rule: &FeedRule) -> Result<Vec<FeedItem>> {
    let matcher = Matcher::new(rule).map_err(feeds::Error::from)?;
    let feed_id = rule.feed_id;
    let items = store.run(move |s| s.all_items(feed_id)).await?;
    Ok(items
        .into_iter()
        .filter(|item| {
            matcher.matches(
                item.feed_id,
                &ItemFields {
                    title: &item.title,
                    url: item.url.as_deref(),
                    author: item.author.as_deref(),
                    categories: &item.categories,
                    summary_html: &item.summary_html,
                },
            )
        })
        .collect())
}
