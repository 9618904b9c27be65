//! Several `tidings` processes on one library at once: two writers clip pages (some of them the
//! same pages, in opposite orders), note, tag and highlight each, while a third exports, lists and
//! searches without pause. No command fails ("database is locked" or anything else), and at the
//! end everything written is there: one article per page, every note line, tag and highlight.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use test_server::{Response, TestServer};

use crate::crash::page;
use crate::Cli;

/// Pages only one writer clips, per writer.
const OWN: usize = 8;
/// Pages both writers clip.
const SHARED: usize = 4;

fn tidings(library: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("TIDINGS_LIBRARY")
        .output()
        .unwrap()
}

/// Runs a command that must succeed, whatever else is running; returns its stdout.
fn must(library: &Path, args: &[&str]) -> String {
    let out = tidings(library, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.is_empty(),
        "tidings {args:?}: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One writer: clips its pages and the shared ones, and annotates each.
fn writer(library: &Path, server: &TestServer, w: usize) {
    let own = (w * OWN..(w + 1) * OWN).collect::<Vec<_>>();
    let mut shared: Vec<usize> = (2 * OWN..2 * OWN + SHARED).collect();
    if w == 1 {
        shared.reverse();
    }
    for i in own.into_iter().chain(shared) {
        let out = must(library, &["add", &server.url(&format!("/p/{i}")), "--json"]);
        let clipped: serde_json::Value = serde_json::from_str(&out).unwrap();
        let id = clipped["article"]["id"].as_i64().unwrap().to_string();
        must(
            library,
            &["note", &id, &format!("writer {w} was here"), "--append"],
        );
        must(library, &["tag", &id, &format!("writer-{w}")]);
        must(
            library,
            &[
                "highlight",
                &id,
                "--quote",
                &format!("The end of page {i}."),
                "--note",
                &format!("by writer {w}"),
            ],
        );
    }
}

#[test]
fn writers_and_an_exporter_at_once_lose_nothing_and_never_see_a_lock() {
    let pages = 2 * OWN + SHARED;
    let paths: Vec<String> = (0..pages).map(|i| format!("/p/{i}")).collect();
    let server = Arc::new(TestServer::start(
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), Response::html(page(i))))
            .collect(),
    ));
    let cli = Cli::new();
    cli.ok(&["info"]);
    let library = Arc::new(cli.library.clone());
    let writing = Arc::new(AtomicBool::new(true));

    let reader = {
        let (library, writing) = (Arc::clone(&library), Arc::clone(&writing));
        let out = cli.dir().join("exports");
        std::thread::spawn(move || {
            let mut rounds = 0;
            while writing.load(Ordering::SeqCst) || rounds == 0 {
                let folder = out.join(rounds.to_string());
                must(
                    &library,
                    &[
                        "export",
                        "--all",
                        "--format",
                        "json",
                        "--out",
                        folder.to_str().unwrap(),
                    ],
                );
                must(&library, &["list", "--json"]);
                must(&library, &["search", "paragraph"]);
                rounds += 1;
            }
            rounds
        })
    };
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (library, server) = (Arc::clone(&library), Arc::clone(&server));
            std::thread::spawn(move || writer(&library, &server, w))
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    writing.store(false, Ordering::SeqCst);
    let rounds = reader.join().unwrap();
    assert!(rounds > 0);

    // Count everything.
    let list: serde_json::Value = serde_json::from_str(&cli.ok(&["list", "--json"])).unwrap();
    let articles = list.as_array().unwrap();
    assert_eq!(articles.len(), pages, "one article per page");
    for summary in articles {
        let id = summary["id"].as_i64().unwrap().to_string();
        let article: serde_json::Value =
            serde_json::from_str(&cli.ok(&["show", &id, "--json"])).unwrap();
        let i: usize = article["title"]
            .as_str()
            .unwrap()
            .strip_prefix("Page ")
            .unwrap()
            .parse()
            .unwrap();
        let writers: Vec<usize> = if i < 2 * OWN {
            vec![i / OWN]
        } else {
            vec![0, 1]
        };
        let note = article["note"]["body"].as_str().unwrap_or_default();
        let tags = article["tags"].as_array().unwrap();
        let highlights = article["highlights"].as_array().unwrap();
        for w in &writers {
            assert_eq!(
                note.matches(&format!("writer {w} was here")).count(),
                1,
                "page {i}: note {note:?}"
            );
            assert!(
                tags.contains(&format!("writer-{w}").into()),
                "page {i}: {tags:?}"
            );
            assert_eq!(
                highlights
                    .iter()
                    .filter(|h| h["note"] == format!("by writer {w}"))
                    .count(),
                1,
                "page {i}: {highlights:?}"
            );
        }
        assert_eq!(tags.len(), writers.len(), "page {i}: {tags:?}");
        assert_eq!(highlights.len(), writers.len(), "page {i}");
    }
}
