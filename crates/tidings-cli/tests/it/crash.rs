//! Crash safety: `tidings import` of a Pocket export killed with SIGKILL at random moments (seeded, so a failure
//! replays the same delays) while it clips many pages from a local server, 50 times. After every
//! kill the file passes `PRAGMA integrity_check` and the search index's own check, every article
//! in it is whole (its title, its text to the last paragraph, its raw page, its address, and the
//! tags, status and saved time the export gave it), and no
//! link is saved twice; every few kills the import is run again to the end and must report
//! every link saved once, with nothing failed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use test_server::{Response, TestServer};

use crate::Cli;

/// Links in the import file.
const PAGES: usize = 60;
/// Kills in all.
const KILLS: usize = 50;
/// After this many kills, the import is finished and a fresh library started.
const FINISH_EVERY: usize = 10;
/// Longest wait before a kill.
const MAX_KILL_DELAY_MS: u64 = 900;

pub fn page(i: usize) -> String {
    let para = format!(
        "<p>{}</p>",
        format!("Paragraph text of page {i}, long enough to count as prose. ").repeat(10)
    );
    format!(
        "<html><head><title>Page {i}</title></head><body><article><h1>Page {i}</h1>{}<p>The end of page {i}.</p></article></body></html>",
        para.repeat(5)
    )
}

/// The saved time Pocket's file gives page `i`.
fn saved_time(i: usize) -> String {
    let secs = 1_700_000_000 + i64::try_from(i).unwrap() * 60;
    chrono_free_rfc3339(secs)
}

/// RFC 3339 UTC of Unix seconds from 2023-11-14 on, without a date crate (days counted by hand).
fn chrono_free_rfc3339(secs: i64) -> String {
    // 1_700_000_000 is 2023-11-14T22:13:20Z; the pages' times stay within that day.
    let offset = secs - 1_700_000_000;
    let total = 22 * 3600 + 13 * 60 + 20 + offset;
    assert!(total < 24 * 3600, "stays on 2023-11-14");
    format!(
        "2023-11-14T{:02}:{:02}:{:02}Z",
        total / 3600,
        total % 3600 / 60,
        total % 60
    )
}

/// xorshift64: the kill delays, from a fixed seed.
struct Delays(u64);

impl Delays {
    fn next_ms(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % (MAX_KILL_DELAY_MS + 1)
    }
}

/// Checks the library after a crash; returns how many articles it holds.
fn check_whole(library: &Path, server: &TestServer) -> usize {
    let conn = rusqlite::Connection::open(library).unwrap();
    let report: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(report, "ok");
    conn.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the search index matches the articles");
    let mut stmt = conn
        .prepare(
            "SELECT original_url, title, text, content_html, length(raw_html_gz), status, saved_at,
                    (SELECT group_concat(t.name) FROM article_tags a JOIN tags t ON t.id = a.tag_id
                     WHERE a.article_id = articles.id)
             FROM articles",
        )
        .unwrap();
    type Row = (String, String, String, String, i64, String, String, String);
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut seen = std::collections::HashSet::new();
    for (url, title, text, html, raw, status, saved_at, tags) in &rows {
        let i: usize = url
            .strip_prefix(&server.url("/p/"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("an article from nowhere: {url}"));
        assert!(seen.insert(i), "page {i} saved twice");
        assert_eq!(title, &format!("Page {i}"));
        assert!(
            text.ends_with(&format!("The end of page {i}.")),
            "page {i} text cut short"
        );
        assert!(
            html.contains(&format!("The end of page {i}.")),
            "page {i} content cut short"
        );
        assert!(*raw > 100, "page {i} has no raw page");
        // What the export file knew came with it.
        assert_eq!(tags, "crash", "page {i}: tags");
        assert_eq!(status, "archived", "page {i}: status");
        assert_eq!(saved_at, &saved_time(i), "page {i}: saved time");
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM article_urls WHERE article_id NOT IN (SELECT id FROM articles)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "addresses of no article");
    rows.len()
}

#[test]
fn killing_an_import_at_random_moments_loses_and_duplicates_nothing() {
    let paths: Vec<String> = (0..PAGES).map(|i| format!("/p/{i}")).collect();
    let server = TestServer::start(
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), Response::html(page(i))))
            .collect(),
    );
    // A Pocket export: each link archived, tagged, with its saved time.
    let list: String = std::iter::once("title,url,time_added,tags,status\n".to_owned())
        .chain(paths.iter().enumerate().map(|(i, p)| {
            format!(
                "Page {i},{},{},crash,archive\n",
                server.url(p),
                1_700_000_000 + i * 60
            )
        }))
        .collect();
    let mut delays = Delays(0x5eed_1234_abcd_ef01);
    let started = Instant::now();
    let (mut killed_mid_import, mut finished_before_kill) = (0, 0);
    let mut cli = Cli::new();
    for kill in 1..=KILLS {
        let file = cli.dir().join("pocket.csv");
        std::fs::write(&file, &list).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--library")
            .arg(&cli.library)
            .args(["import", file.to_str().unwrap(), "--concurrency", "4"])
            .env_remove("TIDINGS_LIBRARY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delays.next_ms()));
        // SIGKILL: no destructor, no flush, no checkpoint.
        if child.try_wait().unwrap().is_none() {
            killed_mid_import += 1;
        } else {
            finished_before_kill += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        let saved = check_whole(&cli.library, &server);
        assert!(saved <= PAGES);

        if kill % FINISH_EVERY == 0 {
            // Run again to the end: it finishes the job, without duplicates.
            let out = cli.ok(&["import", file.to_str().unwrap(), "--concurrency", "4"]);
            assert!(
                out.starts_with(&format!(
                    "imported {PAGES} records: {} saved, {saved} already in the library, 0 failed",
                    PAGES - saved
                )),
                "after kill {kill}: {out}"
            );
            assert_eq!(check_whole(&cli.library, &server), PAGES);
            cli = Cli::new();
        }
    }
    eprintln!(
        "{KILLS} kills ({killed_mid_import} mid-import, {finished_before_kill} after it ended) in {:?}",
        started.elapsed()
    );
    assert!(
        killed_mid_import >= KILLS / 2,
        "most kills should land mid-import: {killed_mid_import}"
    );
}
