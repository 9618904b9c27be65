//! Printing results: aligned text for people, JSON (`--json`) for scripts.

use std::io::Write;

/// Like `println!`, but a closed pipe is an error to return, not a panic.
macro_rules! out {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}

use anyhow::Result;
use serde::Serialize;
use tidings_core::export::{article_markdown, html_to_markdown};
use tidings_core::extract::Extracted;
use tidings_core::model::{ApiToken, Pairing};
use tidings_core::model::{
    Article, ArticleFeedSource, ArticleSummary, ClipOutcome, Collection, ExportReport, Feed,
    FeedItem, FeedRule, Highlight, HighlightEntry, ImportReport, KeptItem, LibraryBackup,
    LibraryInfo, OpmlImportReport, ReextractReport, RefreshOutcome, SavedSearch, SearchHit,
    StreamSettings, SubscribeOutcome, TagCount,
};

use crate::args::{ExtractFormat, ShowFormat};

fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The date part of an RFC 3339 time.
fn day(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

/// An RFC 3339 time to the minute: `2026-12-07 22:10`.
fn minute(time: &str) -> String {
    time.get(..16).unwrap_or(time).replacen('T', " ", 1)
}

/// Text a feed or the network wrote, on one line.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn summary_line(a: &ArticleSummary) -> String {
    let site = a
        .site_name
        .as_deref()
        .map(|s| format!("  ({s})"))
        .unwrap_or_default();
    let star = if a.starred { "★ " } else { "" };
    format!(
        "{:>5}  {}  {:<8}  {star}{}{site}",
        a.id,
        day(&a.saved_at),
        a.status.as_str(),
        a.title
    )
}

pub fn clip_outcome(outcome: &ClipOutcome, json: bool) -> Result<()> {
    if json {
        return print_json(outcome);
    }
    let verb = if outcome.already_saved {
        "already saved"
    } else {
        "saved"
    };
    out!("{verb} {}  {}", outcome.article.id, outcome.article.title);
    Ok(())
}

pub fn summaries(articles: &[ArticleSummary], json: bool) -> Result<()> {
    if json {
        return print_json(articles);
    }
    for a in articles {
        out!("{}", summary_line(a));
    }
    Ok(())
}

/// One article; `source` is the feed it was kept from, if it was.
pub fn article(
    article: &Article,
    source: Option<&ArticleFeedSource>,
    format: ShowFormat,
) -> Result<()> {
    let s = &article.summary;
    match format {
        ShowFormat::Json => {
            #[derive(Serialize)]
            struct Shown<'a> {
                #[serde(flatten)]
                article: &'a Article,
                feed_source: Option<&'a ArticleFeedSource>,
            }
            print_json(&Shown {
                article,
                feed_source: source,
            })?;
        }
        ShowFormat::Html => out!("{}", article.content_html),
        ShowFormat::Markdown => out!("{}", article_markdown(article)),
        ShowFormat::Text => {
            out!("{}", s.title);
            let by: Vec<&str> = [
                s.byline.as_deref(),
                s.site_name.as_deref(),
                s.published_at.as_deref().map(day),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !by.is_empty() {
                out!("{}", by.join(" · "));
            }
            out!("{}", s.url);
            if let Some(source) = source {
                let comments = source
                    .comments_url
                    .as_deref()
                    .map(|url| format!(" · comments: {url}"))
                    .unwrap_or_default();
                out!("from: {}{comments}", flat(&source.feed_title));
            }
            if !article.tags.is_empty() {
                out!("tags: {}", article.tags.join(", "));
            }
            out!("\n{}", article.text);
            if let Some(note) = &article.note {
                out!("\n--- note ---\n{}", note.body);
            }
        }
    }
    Ok(())
}

pub fn note(article: &Article) -> Result<()> {
    if let Some(note) = &article.note {
        out!("{}", note.body);
    }
    Ok(())
}

pub fn search_hits(hits: &[SearchHit], json: bool) -> Result<()> {
    if json {
        return print_json(hits);
    }
    for hit in hits {
        out!("{}", summary_line(&hit.article));
        out!(
            "       {}",
            hit.snippet.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    Ok(())
}

/// Said on stderr, so `--json` output stays one document.
pub fn saved_search_created(saved: &SavedSearch) {
    eprintln!("saved search {:?}", saved.name);
}

/// `NAME  "query"  (unread, #tag, in Collection, starred)`, one a line.
pub fn saved_searches(saved: &[SavedSearch], json: bool) -> Result<()> {
    if json {
        return print_json(saved);
    }
    for s in saved {
        let f = &s.filter;
        let within: Vec<String> = [
            f.status.map(|st| st.as_str().to_owned()),
            f.tag.as_ref().map(|t| format!("#{t}")),
            f.collection.as_ref().map(|c| format!("in {c}")),
            f.starred.then(|| "starred".to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let within = if within.is_empty() {
            String::new()
        } else {
            format!("  ({})", within.join(", "))
        };
        out!("{:>5}  {}  {:?}{within}", s.id, s.name, s.query);
    }
    Ok(())
}

pub fn tags(tags: &[TagCount], json: bool) -> Result<()> {
    if json {
        return print_json(tags);
    }
    for t in tags {
        out!("{:>5}  {}", t.article_count, t.name);
    }
    Ok(())
}

pub fn collections(collections: &[Collection], json: bool) -> Result<()> {
    if json {
        return print_json(collections);
    }
    for c in collections {
        out!("{:>5}  {}", c.article_count, c.name);
    }
    Ok(())
}

pub fn collection(collection: &Collection, articles: &[ArticleSummary], json: bool) -> Result<()> {
    if json {
        #[derive(Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            collection: &'a Collection,
            articles: &'a [ArticleSummary],
        }
        return print_json(&Shown {
            collection,
            articles,
        });
    }
    out!("{}", collection.name);
    if !collection.description.is_empty() {
        out!("{}", collection.description);
    }
    summaries(articles, false)
}

pub fn backups(backups: &[LibraryBackup], json: bool) -> Result<()> {
    if json {
        return print_json(backups);
    }
    for b in backups {
        out!(
            "{}  {:>9} KB  {}",
            b.date,
            b.size_bytes.div_ceil(1024),
            b.name
        );
    }
    Ok(())
}

pub fn restored(name: &str, set_aside: Option<&std::path::Path>) -> Result<()> {
    out!("restored {name}");
    if let Some(path) = set_aside {
        out!("the library as it was is kept at {}", path.display());
    }
    Ok(())
}

pub fn trashed(count: usize) -> Result<()> {
    let what = if count == 1 { "article" } else { "articles" };
    out!("moved {count} {what} to the trash (`tidings trash restore ID` brings one back)");
    Ok(())
}

pub fn emptied(count: u32) -> Result<()> {
    out!("deleted {count} articles for good");
    Ok(())
}

pub fn info(info: &LibraryInfo, json: bool) -> Result<()> {
    if json {
        return print_json(info);
    }
    out!("library: {}\narticles: {}", info.path, info.article_count);
    Ok(())
}

/// The `tidings extract` contract of the benchmark harness (see shared/bench/extract/README.md).
pub fn extracted(e: &Extracted, extract_ms: f64, format: ExtractFormat) -> Result<()> {
    match format {
        ExtractFormat::Text => out!("{}", e.text),
        ExtractFormat::Json => print_json(&serde_json::json!({
            "title": e.title,
            "byline": e.byline,
            "site_name": e.site_name,
            "published_at": e.published_at,
            "modified_at": e.modified_at,
            "language": e.language,
            "excerpt": e.excerpt,
            "lead_image_url": e.lead_image_url,
            "canonical_url": e.canonical_url.as_ref().map(url::Url::as_str),
            "word_count": e.word_count,
            "reading_minutes": e.reading_minutes,
            "text": e.text,
            "content_html": e.content_html,
            "markdown": html_to_markdown(&e.content_html),
            "warnings": e.warnings,
            "extract_ms": extract_ms,
        }))?,
    }
    Ok(())
}

pub fn export_report(r: &ExportReport, folder: &std::path::Path, json: bool) -> Result<()> {
    for warning in &r.warnings {
        eprintln!("tidings: warning: {warning}");
    }
    if json {
        return print_json(r);
    }
    let n = r.files.len();
    out!(
        "exported {n} file{} to {} ({} written, {} unchanged)",
        if n == 1 { "" } else { "s" },
        folder.display(),
        r.written.len(),
        r.unchanged
    );
    Ok(())
}

pub fn import_report(r: &ImportReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    out!(
        "imported {} record{}: {} saved, {} already in the library, {} failed{}",
        r.total,
        if r.total == 1 { "" } else { "s" },
        r.saved,
        r.duplicates,
        r.failed,
        if r.cancelled {
            " (stopped early: run it again to finish)"
        } else {
            ""
        }
    );
    for f in &r.failures {
        let url = if f.url.is_empty() {
            String::new()
        } else {
            format!(" {}", f.url)
        };
        out!(
            "  {}{url}: {}",
            f.record,
            f.reason.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    Ok(())
}

/// A progress bar on stderr when it is a terminal, else nothing.
pub fn progress_bar() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar
    })
}

pub fn created_collection(collection: &Collection) -> Result<()> {
    out!("created collection {:?}", collection.name);
    Ok(())
}

pub fn highlight(h: &Highlight, json: bool) -> Result<()> {
    if json {
        return print_json(h);
    }
    out!(
        "highlighted {} in article {} ({}, characters {}–{})",
        h.id,
        h.article_id,
        h.color,
        h.start,
        h.end
    );
    Ok(())
}

pub fn highlight_entries(entries: &[HighlightEntry], json: bool) -> Result<()> {
    if json {
        return print_json(entries);
    }
    for e in entries {
        let h = &e.highlight;
        let orphan = if h.orphaned {
            "  (orphaned: no longer in the article)"
        } else {
            ""
        };
        out!(
            "{:>5}  {}  {:<6}  {}{orphan}",
            h.id,
            day(&h.created_at),
            h.color,
            e.article.title
        );
        for line in h.exact.lines() {
            out!("       > {line}");
        }
        if let Some(note) = &h.note {
            out!(
                "       {}",
                note.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
    Ok(())
}

pub fn reextract_report(r: &ReextractReport, json: bool) -> Result<()> {
    if json {
        return print_json(r);
    }
    out!(
        "re-extracted {} article{}{}; highlights: {} in place, {} moved, {} orphaned",
        r.articles,
        if r.articles == 1 { "" } else { "s" },
        if r.skipped > 0 {
            format!(
                " ({} skipped: no stored page or no article in it)",
                r.skipped
            )
        } else {
            String::new()
        },
        r.highlights_kept,
        r.highlights_moved,
        r.highlights_orphaned
    );
    Ok(())
}

pub fn subscribed(outcome: &SubscribeOutcome, json: bool) -> Result<()> {
    if json {
        return print_json(outcome);
    }
    let f = &outcome.feed;
    if outcome.already_subscribed {
        out!("already subscribed {}  {}  {}", f.id, flat(&f.title), f.url);
    } else {
        let n = outcome.new_items;
        out!(
            "subscribed {}  {}  {}  ({n} item{})",
            f.id,
            flat(&f.title),
            f.url,
            if n == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

pub fn opml_imported(report: &OpmlImportReport, json: bool) -> Result<()> {
    if json {
        return print_json(report);
    }
    let n = report.added;
    out!(
        "added {n} subscription{}{}; `tidings feed refresh` polls them",
        if n == 1 { "" } else { "s" },
        if report.skipped > 0 {
            format!(
                " ({} skipped: already subscribed, listed twice or not http(s))",
                report.skipped
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

pub fn opml_exported(count: u32, file: &std::path::Path) -> Result<()> {
    out!(
        "exported {count} subscription{} to {}",
        if count == 1 { "" } else { "s" },
        file.display()
    );
    Ok(())
}

pub fn opml(xml: &str) -> Result<()> {
    out!("{}", xml.trim_end());
    Ok(())
}

/// Each feed on one line (id, unseen count, title, folder, state), then its address and
/// schedule, then its last error if it has one.
pub fn feeds(feeds: &[Feed], json: bool) -> Result<()> {
    if json {
        return print_json(feeds);
    }
    for f in feeds {
        let folder = f
            .folder
            .as_deref()
            .map(|name| format!("  [{name}]"))
            .unwrap_or_default();
        let state = match (f.gone, f.paused) {
            (true, _) => "  (gone: no longer polled)",
            (false, true) => "  (paused)",
            (false, false) => "",
        };
        out!(
            "{:>5}  {:>4} new  {}{folder}{state}",
            f.id,
            f.unseen,
            flat(&f.title)
        );
        let checked = f
            .last_checked
            .as_deref()
            .map_or_else(|| "never".to_owned(), minute);
        // A paused or gone feed has no next check to speak of.
        let next = if f.paused || f.gone {
            String::new()
        } else {
            format!(" · next {}", minute(&f.next_check))
        };
        out!("       {} · checked {checked}{next}", f.url);
        if let Some(error) = &f.last_error {
            out!("       last error: {}", flat(error));
        }
    }
    Ok(())
}

/// New items per feed that worked on stdout; one line per failure on stderr.
pub fn refreshed(outcomes: &[RefreshOutcome], all: bool, json: bool) -> Result<()> {
    for o in outcomes {
        if let Some(error) = &o.error {
            eprintln!(
                "tidings: feed {} ({}): {}",
                o.feed_id,
                flat(&o.title),
                flat(error)
            );
        }
    }
    if json {
        return print_json(outcomes);
    }
    if outcomes.is_empty() {
        if all {
            out!("no feed to poll");
        } else {
            out!("no feed is due (`tidings feed refresh --all` polls every feed)");
        }
    }
    for o in outcomes.iter().filter(|o| o.error.is_none()) {
        let unchanged = if o.unchanged { "  (unchanged)" } else { "" };
        let mut also = Vec::new();
        if o.kept > 0 {
            also.push(format!("{} kept by rules", o.kept));
        }
        if o.previews > 0 {
            also.push(format!(
                "{} full-text preview{}",
                o.previews,
                if o.previews == 1 { "" } else { "s" }
            ));
        }
        let also = if also.is_empty() {
            String::new()
        } else {
            format!("  ({})", also.join(", "))
        };
        out!(
            "{:>5}  {:>4} new  {}{unchanged}{also}",
            o.feed_id,
            o.new_items,
            flat(&o.title)
        );
    }
    for o in outcomes {
        for e in &o.keep_errors {
            eprintln!(
                "tidings: feed {} ({}): a keep rule could not keep {}",
                o.feed_id,
                flat(&o.title),
                flat(e)
            );
        }
    }
    Ok(())
}

/// The stream's settings.
pub fn stream_settings(settings: &StreamSettings, json: bool) -> Result<()> {
    if json {
        return print_json(settings);
    }
    out!(
        "keep-days {}  (seen and dismissed items older than this are purged after each refresh)",
        settings.keep_days
    );
    Ok(())
}

/// A rule on one line: id, scope, field, match, action, expiry.
fn rule_line(rule: &FeedRule) -> String {
    let scope = rule
        .feed_id
        .map_or_else(|| "all feeds".to_owned(), |id| format!("feed {id}"));
    let how = if rule.regex { "regex" } else { "words" };
    let expiry = match (&rule.expires_at, rule.expired) {
        (None, _) => String::new(),
        (Some(at), false) => format!("  until {}", minute(at)),
        (Some(at), true) => format!("  expired {}", minute(at)),
    };
    format!(
        "{:>5}  {scope:<9}  {:<8}  {how} {:?}  → {}{expiry}",
        rule.id,
        rule.field.as_str(),
        flat(&rule.pattern),
        rule.action
    )
}

pub fn rule_added(rule: &FeedRule, json: bool) -> Result<()> {
    if json {
        return print_json(rule);
    }
    out!("{}", rule_line(rule));
    Ok(())
}

pub fn rules(rules: &[FeedRule], json: bool) -> Result<()> {
    if json {
        return print_json(rules);
    }
    if rules.is_empty() {
        out!("no rules (`tidings rule add --help`)");
    }
    for rule in rules {
        out!("{}", rule_line(rule));
    }
    Ok(())
}

/// A dry run's matches: as the stream lists them, with a count.
pub fn rule_tested(items: &[FeedItem], feeds: &[Feed], json: bool) -> Result<()> {
    if json {
        return print_json(items);
    }
    out!(
        "would match {} item{} (nothing was changed)",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    stream(items, feeds, false)
}

pub fn unsubscribed(feed: &Feed) -> Result<()> {
    out!(
        "unsubscribed {}  {} (articles kept from it stay in the library)",
        feed.id,
        flat(&feed.title)
    );
    Ok(())
}

/// Stream items: id, time, state and title, then the source (with the other feeds that carry
/// it, named from `feeds`), the link and the discussion.
pub fn stream(items: &[FeedItem], feeds: &[Feed], json: bool) -> Result<()> {
    if json {
        return print_json(items);
    }
    for item in items {
        let when = item
            .published
            .as_deref()
            .map_or_else(|| "undated".to_owned(), minute);
        let kept = item
            .article_id
            .map(|id| format!("  → article {id}"))
            .unwrap_or_default();
        out!(
            "{:>6}  {when:<16}  {:<9}  {}{kept}",
            item.id,
            item.state.as_str(),
            flat(&item.title)
        );
        let mut about = vec![flat(&item.feed_title)];
        if !item.also_in.is_empty() {
            let names: Vec<String> = item
                .also_in
                .iter()
                .map(|id| {
                    feeds
                        .iter()
                        .find(|f| f.id == *id)
                        .map_or_else(|| format!("feed {id}"), |f| flat(&f.title))
                })
                .collect();
            about.push(format!("also in: {}", names.join(", ")));
        }
        if let Some(url) = &item.url {
            about.push(url.clone());
        }
        if let Some(url) = &item.comments_url {
            about.push(format!("comments: {url}"));
        }
        if item.starred {
            about.push("★".into());
        }
        if !item.tags.is_empty() {
            about.push(format!("tags: {}", item.tags.join(", ")));
        }
        if item.has_full_text {
            about.push("full text".into());
        }
        out!("        {}", about.join(" · "));
    }
    Ok(())
}

/// A kept item's article id, alone on its line (for scripts).
pub fn kept(item: &KeptItem) -> Result<()> {
    out!("{}", item.article.id);
    Ok(())
}

pub fn kept_json(items: &[KeptItem]) -> Result<()> {
    print_json(items)
}

pub fn items_marked(count: u32, what: &str) -> Result<()> {
    out!("{what} {count} item{}", if count == 1 { "" } else { "s" });
    Ok(())
}

/// `tidings serve` has started: where, and how to stop it.
pub fn serving(port: u16, port_file: &std::path::Path) -> Result<()> {
    out!("Serving the Tidings API on http://127.0.0.1:{port}");
    out!("Port written to {}; Ctrl-C stops it.", port_file.display());
    std::io::stdout().flush()?;
    Ok(())
}

/// A new token: printed once, alone on its line so a script can take it.
pub fn token_created(token: &str) -> Result<()> {
    out!("{token}");
    eprintln!("tidings: keep this token now; it is stored hashed and cannot be shown again");
    Ok(())
}

pub fn tokens(tokens: &[ApiToken], json: bool) -> Result<()> {
    if json {
        return print_json(tokens);
    }
    for t in tokens {
        let used = t.last_used_at.as_deref().map_or_else(
            || "never used".to_owned(),
            |u| format!("used {}", minute(u)),
        );
        let origin = t
            .origin
            .as_deref()
            .map(|o| format!("  {o}"))
            .unwrap_or_default();
        out!("{}  made {}  {used}{origin}", t.name, day(&t.created_at));
    }
    Ok(())
}

pub fn pairings(pairings: &[Pairing], json: bool) -> Result<()> {
    if json {
        return print_json(pairings);
    }
    for p in pairings {
        let state = if p.accepted {
            "accepted, not yet collected"
        } else {
            "waiting"
        };
        out!(
            "{}  {}  {}  {state} until {}",
            p.code,
            p.name,
            p.origin,
            minute(&p.expires_at)
        );
    }
    Ok(())
}

pub fn pairing_accepted(pairing: &Pairing) -> Result<()> {
    out!(
        "Accepted {} ({}): the extension can collect its token now",
        pairing.name,
        pairing.origin
    );
    Ok(())
}
