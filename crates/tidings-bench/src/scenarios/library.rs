//! Scenarios over a generated library: full-text search (against a substring scan of the same
//! library as the baseline), the inbox's first page, opening the library, and Markdown export.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use tidings_core::model::{ArticleStatus, ExportFormat, ExportSelection, ListFilter};
use tidings_core::Library;

use crate::report::Row;
use crate::sample::{ms, repeat, Stats};
use crate::Bench;

/// Two-word queries (the last word also matches as a prefix, as the app searches).
const TWO_WORD: &[&str] = &[
    "rust compiler",
    "linux kernel",
    "memory security",
    "database performance",
    "browser privacy",
    "open source",
    "cloud server",
    "python library",
    "network protocol",
    "battery display",
];
/// What a person has typed so far.
const PREFIX: &[&str] = &[
    "comp", "kern", "secu", "data", "brow", "perf", "lang", "encr", "vuln", "sche",
];
/// Phrases typed one key at a time: every keystroke is a search (as in the app, which searches
/// after a short pause in typing).
const TYPED: &[&str] = &["rust compiler", "linux kernel", "memory safety"];
/// Results the app asks for at a time (`SEARCH_PAGE` in the UI).
const APP_SEARCH_LIMIT: u32 = 50;
/// Rows of the list's first page (`PAGE_SIZE` in the UI).
const FIRST_PAGE: u32 = 100;

/// Search p50/p95 for both kinds of query at `size` articles, with the scan baseline.
pub async fn search(bench: &mut Bench, library: &Path, size: usize) -> Result<()> {
    let lib = Library::open(library).await?;
    let (warmup, n) = bench.iterations(20, 300);
    for (kind, queries) in [("two-word", TWO_WORD), ("prefix", PREFIX)] {
        let (stats, n) = repeat(warmup, n, |i| {
            let lib = &lib;
            async move {
                Ok(lib
                    .search_in(queries[i % queries.len()], list_of(APP_SEARCH_LIMIT))
                    .await?)
            }
        })
        .await?;
        let hits = lib
            .search_in(queries[0], list_of(APP_SEARCH_LIMIT))
            .await?
            .len();
        let scan = if kind == "two-word" {
            Some(scan_baseline(bench, library, queries)?)
        } else {
            None
        };
        push_latency(
            bench,
            &format!("search, {kind}, {size} articles"),
            stats,
            size,
            |row| {
                let row = row.note(format!(
                "{} queries, {n} runs after {warmup} warm-up; up to {APP_SEARCH_LIMIT} hits with snippets ({hits} for \"{}\")",
                queries.len(),
                queries[0]
            ));
                match scan {
                    Some(scan) => row.baseline("substring scan", scan),
                    None => row,
                }
            },
        );
    }
    Ok(())
}

/// What the search box holds after each keystroke of `phrase` ("r", "ru", … "rust c", …); a
/// trailing space searches what the words before it searched, so it is left out.
fn keystrokes(phrase: &str) -> Vec<&str> {
    phrase
        .char_indices()
        .map(|(at, c)| &phrase[..at + c.len_utf8()])
        .filter(|typed| !typed.ends_with(' '))
        .collect()
}

/// Search as you type at `size` articles: each keystroke of [`TYPED`] is searched many times; the
/// row is the worst keystroke's p95 (every keystroke must be quick, not only the average).
pub async fn typing(bench: &mut Bench, library: &Path, size: usize) -> Result<()> {
    let lib = Library::open(library).await?;
    let (warmup, n) = bench.iterations(5, 60);
    let mut per_key: Vec<(String, Stats)> = Vec::new();
    for phrase in TYPED {
        for typed in keystrokes(phrase) {
            let (stats, _) = repeat(warmup, n, |_| {
                let lib = &lib;
                async move { Ok(lib.search_in(typed, list_of(APP_SEARCH_LIMIT)).await?) }
            })
            .await?;
            per_key.push((typed.to_owned(), stats));
        }
    }
    let Some((worst_key, worst)) = per_key.iter().max_by_key(|(_, stats)| stats.p95) else {
        anyhow::bail!("no keystrokes");
    };
    let slowest: Vec<String> = {
        let mut sorted: Vec<&(String, Stats)> = per_key.iter().collect();
        sorted.sort_by_key(|(_, stats)| std::cmp::Reverse(stats.p95));
        sorted
            .iter()
            .take(4)
            .map(|(key, stats)| format!("\"{key}\" {:.1}", ms(stats.p95)))
            .collect()
    };
    let scenario = format!("search as you type, {size} articles");
    let row = if size == bench.large {
        Row::bounded(
            &scenario,
            "worst keystroke's p95",
            ms(worst.p95),
            "ms",
            10.0,
        )
    } else {
        Row::info(&scenario, "worst keystroke's p95", ms(worst.p95), "ms")
    };
    bench.rows.push(row.note(format!(
        "{} keystrokes of {} phrases (\"{}\" …), {n} runs each after {warmup} warm-up, up to \
         {APP_SEARCH_LIMIT} hits with snippets; slowest p95 (ms): {}; worst: \"{worst_key}\"",
        per_key.len(),
        TYPED.len(),
        TYPED[0],
        slowest.join(", ")
    )));
    Ok(())
}

/// The p50 of a substring scan (`LIKE '%word%'` on title and text) of every article: what a
/// library without a full-text index does.
fn scan_baseline(bench: &Bench, library: &Path, queries: &[&str]) -> Result<f64> {
    let db =
        rusqlite::Connection::open_with_flags(library, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut statement = db.prepare(
        "SELECT id FROM articles WHERE (title LIKE ?1 OR text LIKE ?1) AND (title LIKE ?2 OR text LIKE ?2)",
    )?;
    let runs = if bench.tiny { 2 } else { 3 };
    let mut timings = Vec::new();
    for i in 0..=runs {
        let mut words = queries[i % queries.len()]
            .split(' ')
            .map(|w| format!("%{w}%"));
        let (a, b) = (
            words.next().unwrap_or_default(),
            words.next().unwrap_or_default(),
        );
        let started = Instant::now();
        let ids: Vec<i64> = statement
            .query_map([&a, &b], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        std::hint::black_box(ids);
        if i > 0 {
            timings.push(started.elapsed());
        }
    }
    Ok(ms(Stats::of(timings).p50))
}

fn list_of(limit: u32) -> ListFilter {
    ListFilter {
        limit: Some(limit),
        ..ListFilter::default()
    }
}

fn inbox() -> ListFilter {
    ListFilter {
        status: Some(ArticleStatus::Unread),
        limit: Some(FIRST_PAGE),
        ..ListFilter::default()
    }
}

/// p50 and p95 rows; the p95 carries the target when `size` is the one the target is for.
fn push_latency(
    bench: &mut Bench,
    scenario: &str,
    stats: Stats,
    size: usize,
    decorate: impl Fn(Row) -> Row,
) {
    let target_size = bench.large;
    let p95 = if size == target_size && scenario.starts_with("search") {
        Row::bounded(scenario, "p95", ms(stats.p95), "ms", 10.0)
    } else {
        Row::info(scenario, "p95", ms(stats.p95), "ms")
    };
    bench
        .rows
        .push(decorate(Row::info(scenario, "p50", ms(stats.p50), "ms")));
    bench.rows.push(decorate(p95));
}

/// The inbox's first page at `size` articles.
pub async fn list(bench: &mut Bench, library: &Path, size: usize) -> Result<()> {
    let lib = Library::open(library).await?;
    let (warmup, n) = bench.iterations(20, 300);
    let (stats, n) = repeat(warmup, n, |_| {
        let lib = &lib;
        async move { Ok(lib.list(inbox()).await?) }
    })
    .await?;
    let note =
        format!("first {FIRST_PAGE} unread, newest saved first; {n} runs after {warmup} warm-up");
    let scenario = format!("list inbox, {size} articles");
    let p50 = if size == bench.large {
        Row::bounded(&scenario, "p50", ms(stats.p50), "ms", 5.0)
    } else {
        Row::info(&scenario, "p50", ms(stats.p50), "ms")
    };
    bench.rows.push(p50.note(note.clone()));
    bench
        .rows
        .push(Row::info(&scenario, "p95", ms(stats.p95), "ms").note(note));
    Ok(())
}

/// Opening the library (migrations check) and its first query, each time a new `Library`.
pub async fn open(bench: &mut Bench, library: &Path, size: usize) -> Result<()> {
    let (warmup, n) = bench.iterations(3, 30);
    let (stats, n) = repeat(warmup, n, |_| async move {
        let lib = Library::open(library).await?;
        Ok(lib.list(inbox()).await?)
    })
    .await?;
    let scenario = format!("open library, {size} articles");
    bench.rows.push(
        Row::bounded(&scenario, "p50", ms(stats.p50), "ms", 200.0).note(format!(
            "open + migrations check + inbox first page; {n} runs, OS cache warm"
        )),
    );
    bench
        .rows
        .push(Row::info(&scenario, "p95", ms(stats.p95), "ms"));
    Ok(())
}

/// Exporting every article to a Markdown folder (a fresh folder each run).
pub async fn export(bench: &mut Bench, library: &Path, size: usize) -> Result<()> {
    let lib = Library::open(library).await?;
    let runs = if bench.tiny { 1 } else { 3 };
    let mut timings = Vec::new();
    let mut files = 0;
    for _ in 0..runs {
        let out = tempfile::tempdir()?;
        let started = Instant::now();
        let report = lib
            .export(
                ExportSelection {
                    all: true,
                    ..ExportSelection::default()
                },
                ExportFormat::Markdown,
                out.path(),
            )
            .await?;
        timings.push(started.elapsed());
        files = report.files.len();
    }
    let stats = Stats::of(timings);
    let scenario = format!("export {size} articles to Markdown");
    let row = if size == bench.medium {
        Row::bounded(&scenario, "median", stats.p50.as_secs_f64(), "s", 5.0)
    } else {
        Row::info(&scenario, "median", stats.p50.as_secs_f64(), "s")
    };
    bench.rows.push(row.note(format!(
        "{files} files, median of {runs} runs into a new folder"
    )));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_keystroke_but_a_trailing_space_is_searched() {
        assert_eq!(
            super::keystrokes("rust c"),
            vec!["r", "ru", "rus", "rust", "rust c"]
        );
        assert_eq!(super::keystrokes("é t"), vec!["é", "é t"]);
    }
}
