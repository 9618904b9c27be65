//! Two `Library` instances (two connections, as the app and a second window or a script would
//! hold) on one file, writing at once from a multi-threaded runtime while a third exports: no
//! call fails and every write is there at the end. Both clip 30 pages all at once, so one page is
//! often clipped by both together: it must be saved once (without the lookup inside the insert's
//! transaction, this fails about two runs in three). (Across processes: the CLI suite.)

use test_server::{Response, TestServer};
use tidings_core::model::{ExportFormat, ExportSelection, ListFilter};
use tidings_core::{ClipOptions, Library};

use crate::faults::article;

const PER_WRITER: usize = 5;
const SHARED: usize = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_library_instances_and_an_exporter_lose_no_write() {
    let pages = 2 * PER_WRITER + SHARED;
    let paths: Vec<String> = (0..pages).map(|i| format!("/c/{i}")).collect();
    let server = TestServer::start(
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), Response::html(article(&format!("Page {i}")))))
            .collect(),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let mut writers = Vec::new();
    for w in 0..2 {
        let library = Library::open(&path).await.unwrap();
        let urls: Vec<String> = (w * PER_WRITER..(w + 1) * PER_WRITER)
            .chain(2 * PER_WRITER..pages)
            .map(|i| server.url(&format!("/c/{i}")))
            .collect();
        // Every clip of a writer at once, so both instances often clip one page together.
        for url in urls {
            let library = library.clone();
            writers.push(tokio::spawn(async move {
                let options = ClipOptions {
                    tags: vec![format!("writer-{w}")],
                    collection: Some(format!("Writer {w}")),
                };
                let id = library.clip(&url, options).await.unwrap().article.id;
                library
                    .set_note(id, &format!("writer {w}"), true)
                    .await
                    .unwrap();
            }));
        }
    }
    let exporter = {
        let library = Library::open(&path).await.unwrap();
        let out = dir.path().join("exports");
        tokio::spawn(async move {
            for round in 0..10 {
                let selection = ExportSelection {
                    all: true,
                    ..ExportSelection::default()
                };
                library
                    .export(
                        selection,
                        ExportFormat::Markdown,
                        &out.join(round.to_string()),
                    )
                    .await
                    .unwrap();
            }
        })
    };
    for writer in writers {
        writer.await.unwrap();
    }
    exporter.await.unwrap();

    let library = Library::open(&path).await.unwrap();
    let all = library.list(ListFilter::default()).await.unwrap();
    assert_eq!(all.len(), pages, "one article per page");
    for summary in all {
        let article = library.article(summary.id).await.unwrap();
        let i: usize = summary
            .title
            .strip_prefix("Page ")
            .unwrap()
            .parse()
            .unwrap();
        let writers: Vec<usize> = if i < 2 * PER_WRITER {
            vec![i / PER_WRITER]
        } else {
            vec![0, 1]
        };
        let note = article.note.map(|n| n.body).unwrap_or_default();
        for w in &writers {
            assert_eq!(
                note.matches(&format!("writer {w}")).count(),
                1,
                "page {i}: {note:?}"
            );
            assert!(article.tags.contains(&format!("writer-{w}")), "page {i}");
            assert!(
                article.collections.contains(&format!("Writer {w}")),
                "page {i}"
            );
        }
        assert_eq!(article.tags.len(), writers.len(), "page {i}");
    }
}

/// Connections opening one new library at the same moment (the app starting while a script runs
/// the CLI): each creates or finds the schema, none fails. Without the migration taking the write
/// lock before reading the schema's version, most rounds failed with "table articles already
/// exists" (a second connection ran the first migration again) or "database is locked".
#[test]
fn a_new_library_opened_by_several_at_once_opens_for_all() {
    const OPENERS: usize = 4;
    const ROUNDS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        let path = dir.path().join(format!("library-{round}.sqlite3"));
        let start = std::sync::Arc::new(std::sync::Barrier::new(OPENERS));
        let openers: Vec<_> = (0..OPENERS)
            .map(|_| {
                let (path, start) = (path.clone(), std::sync::Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    tidings_core::store::Store::open(&path).map(|_| ())
                })
            })
            .collect();
        for opener in openers {
            if let Err(e) = opener.join().unwrap() {
                failures.push(format!("round {round}: {e}"));
            }
        }
        let store = tidings_core::store::Store::open(&path).unwrap();
        store.check_integrity().unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} of {} opens failed:\n{}",
        failures.len(),
        OPENERS * ROUNDS,
        failures.join("\n")
    );
}

/// The app saves a note edited from what it loaded while the CLI appended to it: both writes
/// stay, and the app gets the stored note back to show.
#[tokio::test]
async fn a_note_edited_in_one_place_keeps_what_another_appended() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let app = Library::open(&path).await.unwrap();
    let cli = Library::open(&path).await.unwrap();
    let id = app
        .clip_html(
            "https://example.com/notes",
            &article("Notes"),
            ClipOptions::default(),
        )
        .await
        .unwrap()
        .article
        .id;
    app.set_note(id, "Loaded in the app.", false).await.unwrap();
    let base = app.article(id).await.unwrap().note.unwrap().body;
    cli.set_note(id, "Appended by the CLI.", true)
        .await
        .unwrap();
    let stored = app
        .edit_note(id, "Loaded in the app, then edited.", &base)
        .await
        .unwrap();
    assert_eq!(
        stored,
        "Loaded in the app, then edited.\n\nAppended by the CLI."
    );
    assert_eq!(cli.article(id).await.unwrap().note.unwrap().body, stored);
}
