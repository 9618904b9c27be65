//! Omnivore's export ZIP through `Library::import`: pages the export kept are saved without a
//! fetch, the others clipped from a local server; labels, states and saved times kept;
//! highlights anchored in the article's text with their notes (a quote that is not there kept as
//! an orphan); a second import adds nothing; a broken archive changes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use test_server::{Response, TestServer};
use tidings_core::import::ImportFormat;
use tidings_core::importer::ImportOptions;
use tidings_core::model::{ArticleStatus, HighlightEntry, HighlightFilter, ListFilter};
use tidings_core::Library;

use crate::{fixture, temp_library};

/// The body Omnivore kept for the first item: its reader view, no `<head>`, formatting inline.
const RUST_PAGE: &str = r#"<div class="page" id="readability-page-1"><div>
<p>The compiler team shipped a release this week that most people will notice only because
their builds got quicker. Incremental compilation now reuses far more work between edits.</p>
<p>The most visible change is that the borrow checker <em>finally</em>   understands
closures that <code>await</code> their
captures, which removes a whole family of confusing errors from async code.</p>
<p>Library authors are asked to test the release candidate against their crates before the
stable release, and to report anything that compiles more slowly than before.</p>
</div></div>"#;

/// The body kept for the archived item.
const DB_PAGE: &str = r#"<div class="page"><p>Write-ahead logging lets readers carry on while a
writer works, which is why desktop applications that keep a local database prefer it. Keeping
transactions short and setting a busy timeout on every connection avoids most lock errors.</p>
<p>Checkpoints move the log back into the main file; they run on their own once the log grows
past a threshold, and an application rarely needs to call one itself.</p></div>"#;

/// The metadata of three items: `{base}` is the test server.
const METADATA: &str = r##"[
  {
    "id": "a1", "slug": "rust-release-quicker-builds-18c2",
    "title": "Rust release makes builds quicker", "description": "Incremental compilation",
    "author": "Ferris", "url": "{base}/gone/rust-release", "state": "Active",
    "readingProgress": 40, "thumbnail": null, "labels": ["rust", "compilers"],
    "savedAt": "2024-03-05T08:15:00.000Z", "updatedAt": "2024-03-06T08:15:00.000Z",
    "publishedAt": "2024-03-04T00:00:00.000Z"
  },
  {
    "id": "a2", "slug": "wal-mode-explained-77aa",
    "title": "WAL mode, explained", "url": "{base}/gone/wal-mode",
    "state": "Archived", "labels": [{"name": "databases", "color": "#ff0000"}, {"name": "sqlite"}],
    "savedAt": "2023-11-20T21:00:05Z"
  }
]"##;

/// The second metadata file: an item without content, clipped from the server.
const METADATA_2: &str = r#"[
  {
    "id": "a3", "slug": "sqlite-turns-26-03bd", "title": "SQLite is 26",
    "url": "{base}/sqlite-26", "state": "Active", "readingProgress": 100, "labels": [],
    "savedAt": "2024-01-02T03:04:05.000Z"
  }
]"#;

/// The first item's highlights as Omnivore wrote them: the quote on `> ` lines (the second
/// re-flowed across lines, over `<em>` and `<code>`), the note after a blank line.
const RUST_HIGHLIGHTS: &str = "> Incremental compilation now reuses far more work between edits. \n\nThis is the part that matters for CI.\n\n> the borrow checker finally understands closures that\n> await their captures \n";

/// The third item's highlights: one in the page, one whose passage the page no longer has.
const SQLITE_HIGHLIGHTS: &str = "> a promise the project intends to keep until at least the middle of the century \n\n> Every table gets a hidden rowid column that nobody asked for. \n\n#quirks\n\nCheck whether this is still true.\n";

/// A ZIP of `(name, contents)`, deflated as Omnivore's exporter did.
fn zip(entries: &[(&str, String)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, contents) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(contents.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The export, written to `dir`, its links on `server`.
fn export(dir: &Path, server: &TestServer) -> PathBuf {
    let base = server.base();
    let bytes = zip(&[
        ("metadata_0_to_2.json", METADATA.replace("{base}", &base)),
        ("metadata_2_to_3.json", METADATA_2.replace("{base}", &base)),
        (
            "content/rust-release-quicker-builds-18c2.html",
            RUST_PAGE.to_owned(),
        ),
        ("content/wal-mode-explained-77aa.html", DB_PAGE.to_owned()),
        (
            "highlights/rust-release-quicker-builds-18c2.md",
            RUST_HIGHLIGHTS.to_owned(),
        ),
        (
            "highlights/sqlite-turns-26-03bd.md",
            SQLITE_HIGHLIGHTS.to_owned(),
        ),
    ]);
    let path = dir.join("omnivore-export.zip");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Only the article without content is served; the others' addresses are dead (404).
fn server() -> TestServer {
    TestServer::start(vec![(
        "/sqlite-26",
        Response::html(fixture("second-article.html")),
    )])
}

/// Every highlight, in a stable order.
async fn highlights(library: &Library) -> Vec<HighlightEntry> {
    let mut all = library
        .highlights(HighlightFilter::default())
        .await
        .unwrap();
    all.sort_by_key(|h| h.highlight.id);
    all
}

/// What a failed import must leave alone: every article (with its text), tag and highlight.
async fn snapshot(library: &Library) -> String {
    let mut out = String::new();
    for summary in library.list(ListFilter::default()).await.unwrap() {
        out += &format!("{:?}\n", library.article(summary.id).await.unwrap());
    }
    out += &format!("{:?}\n", library.tags().await.unwrap());
    out + &format!("{:?}", highlights(library).await)
}

#[tokio::test]
async fn an_omnivore_export_keeps_pages_labels_states_dates_and_anchored_highlights() {
    let server = server();
    let (library, dir) = temp_library().await;
    let file = export(dir.path(), &server);
    let report = library
        .import(&file, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!(
        (report.total, report.saved, report.duplicates, report.failed),
        (3, 3, 0, 0),
        "{report:?}"
    );
    assert_eq!(
        server.hits(),
        1,
        "only the item without content is fetched; the kept pages' dead addresses never are"
    );

    let list = library.list(ListFilter::default()).await.unwrap();
    let by_title = |title: &str| {
        list.iter()
            .find(|a| a.title == title)
            .unwrap_or_else(|| panic!("no article {title:?} in {list:#?}"))
    };
    // The kept pages have no <title> of their own: Omnivore's titles are theirs.
    let rust = by_title("Rust release makes builds quicker");
    assert_eq!(rust.status, ArticleStatus::Unread);
    assert_eq!(rust.saved_at, "2024-03-05T08:15:00Z");
    assert!(rust.url.ends_with("/gone/rust-release"), "{}", rust.url);
    let wal = by_title("WAL mode, explained");
    assert_eq!(wal.status, ArticleStatus::Archived);
    assert_eq!(wal.saved_at, "2023-11-20T21:00:05Z");
    // The fetched page has its own title, which extraction finds.
    let sqlite = by_title("SQLite turns twenty-six");
    assert_eq!(sqlite.status, ArticleStatus::Read, "readingProgress 100");
    assert_eq!(sqlite.saved_at, "2024-01-02T03:04:05Z");

    let rust_article = library.article(rust.id).await.unwrap();
    assert_eq!(rust_article.tags, vec!["compilers", "rust"]);
    assert_eq!(rust.byline.as_deref(), Some("Ferris"));
    assert_eq!(rust.published_at.as_deref(), Some("2024-03-04T00:00:00Z"));
    assert!(rust_article
        .text
        .contains("report anything that compiles more slowly"));
    let wal_article = library.article(wal.id).await.unwrap();
    assert_eq!(wal_article.tags, vec!["databases", "sqlite"]);
    assert!(wal_article.text.contains("Checkpoints move the log back"));

    let all = highlights(&library).await;
    assert_eq!(all.len(), 4, "{all:#?}");
    let rust_highlights: Vec<_> = all.iter().filter(|h| h.article.id == rust.id).collect();
    assert_eq!(rust_highlights.len(), 2);
    let text: Vec<char> = rust_article.text.chars().collect();
    let marked = |h: &HighlightEntry| -> String {
        text[h.highlight.start as usize..h.highlight.end as usize]
            .iter()
            .collect()
    };
    let plain = rust_highlights
        .iter()
        .find(|h| h.highlight.exact.starts_with("Incremental"))
        .unwrap();
    assert_eq!(
        marked(plain),
        "Incremental compilation now reuses far more work between edits."
    );
    assert_eq!(
        plain.highlight.note.as_deref(),
        Some("This is the part that matters for CI.")
    );
    assert!(!plain.highlight.orphaned);
    // Across <em> and <code>, with the page's doubled spaces and line breaks.
    let formatted = rust_highlights
        .iter()
        .find(|h| h.highlight.exact.starts_with("the borrow checker"))
        .unwrap();
    assert!(!formatted.highlight.orphaned);
    assert_eq!(
        marked(formatted)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        "the borrow checker finally understands closures that await their captures"
    );
    assert_eq!(formatted.highlight.exact, marked(formatted));
    assert_eq!(formatted.highlight.note, None);

    let sqlite_highlights: Vec<_> = all.iter().filter(|h| h.article.id == sqlite.id).collect();
    let kept = sqlite_highlights
        .iter()
        .find(|h| !h.highlight.orphaned)
        .unwrap();
    assert_eq!(
        kept.highlight.exact,
        "a promise the project intends to keep until at least the middle of the century"
    );
    let orphan = sqlite_highlights
        .iter()
        .find(|h| h.highlight.orphaned)
        .expect("a quote the page does not have is kept as an orphan");
    assert_eq!(
        orphan.highlight.exact,
        "Every table gets a hidden rowid column that nobody asked for."
    );
    assert_eq!(
        orphan.highlight.note.as_deref(),
        Some("#quirks\n\nCheck whether this is still true.")
    );

    // Re-extraction from the stored page keeps the Omnivore title and every highlight's place.
    library.reextract(vec![rust.id]).await.unwrap();
    let again = library.article(rust.id).await.unwrap();
    assert_eq!(again.summary.title, "Rust release makes builds quicker");
    assert_eq!(again.summary.byline.as_deref(), Some("Ferris"));
    assert_eq!(
        again.summary.published_at.as_deref(),
        Some("2024-03-04T00:00:00Z")
    );
    assert!(again.highlights.iter().all(|h| !h.orphaned));

    // A second import adds nothing, fetches nothing, and no highlight twice.
    let before = snapshot(&library).await;
    let hits = server.hits();
    let report = library
        .import(&file, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!(
        (report.saved, report.duplicates, report.failed),
        (0, 3, 0),
        "{report:?}"
    );
    assert_eq!(server.hits(), hits);
    assert_eq!(snapshot(&library).await, before);
}

#[tokio::test]
async fn an_article_clipped_before_gets_the_exports_highlights_once() {
    let server = server();
    let (library, dir) = temp_library().await;
    library
        .clip(
            &server.url("/sqlite-26"),
            tidings_core::ClipOptions::default(),
        )
        .await
        .unwrap();
    let file = export(dir.path(), &server);
    let options = ImportOptions {
        format: ImportFormat::Omnivore,
        ..ImportOptions::default()
    };
    let report = library.import(&file, &options, None, None).await.unwrap();
    assert_eq!((report.saved, report.duplicates), (2, 1), "{report:?}");
    assert_eq!(server.hits(), 1, "the saved article is not fetched again");
    let list = library.list(ListFilter::default()).await.unwrap();
    let sqlite = list.iter().find(|a| a.url.ends_with("/sqlite-26")).unwrap();
    assert_eq!(
        sqlite.status,
        ArticleStatus::Unread,
        "an article already saved keeps its own state"
    );
    let article = library.article(sqlite.id).await.unwrap();
    assert_eq!(article.highlights.len(), 2, "{:#?}", article.highlights);
    library.import(&file, &options, None, None).await.unwrap();
    assert_eq!(
        library.article(sqlite.id).await.unwrap().highlights.len(),
        2
    );
}

#[tokio::test]
async fn a_broken_export_is_refused_in_one_line_and_changes_nothing() {
    let server = server();
    let (library, dir) = temp_library().await;
    let file = export(dir.path(), &server);
    library
        .import(&file, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    let before = snapshot(&library).await;
    let hits = server.hits();
    let bytes = std::fs::read(&file).unwrap();

    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let err = library
        .import(&truncated, &ImportOptions::default(), None, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(!err.contains('\n'), "{err}");
    assert!(
        err.starts_with(&format!("import {}: ", truncated.display())),
        "{err}"
    );

    // A whole directory but a damaged entry: its deflate stream no longer checks out.
    let mut damaged = bytes.clone();
    let at = damaged
        .windows(b"content/rust".len())
        .position(|w| w == b"content/rust")
        .unwrap()
        + 80;
    for byte in &mut damaged[at..at + 40] {
        *byte ^= 0xA5;
    }
    let damaged_file = dir.path().join("damaged.zip");
    std::fs::write(&damaged_file, &damaged).unwrap();
    let err = library
        .import(&damaged_file, &ImportOptions::default(), None, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(!err.contains('\n'), "{err}");
    assert!(err.contains("damaged.zip"), "{err}");

    // A ZIP that is not Omnivore's.
    let other = dir.path().join("photos.zip");
    std::fs::write(&other, zip(&[("IMG_0001.txt", "x".into())])).unwrap();
    let err = library
        .import(&other, &ImportOptions::default(), None, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("not an Omnivore export"), "{err}");

    assert_eq!(snapshot(&library).await, before);
    assert_eq!(server.hits(), hits);
}

#[tokio::test]
async fn a_bad_record_is_named_and_a_failed_article_stores_nothing() {
    let server = server();
    let (library, dir) = temp_library().await;
    let base = server.base();
    let metadata = format!(
        r#"[{{"slug": "ok", "title": "Kept", "url": "{base}/gone/ok", "labels": ["fine"]}},
            {{"slug": "no-url", "title": "Lost its address"}},
            {{"slug": "dead", "title": "Dead", "url": "{base}/gone/dead", "labels": ["x"]}}]"#
    );
    let file = dir.path().join("export.zip");
    std::fs::write(
        &file,
        zip(&[
            ("metadata_0_to_3.json", metadata),
            ("content/ok.html", DB_PAGE.to_owned()),
            ("highlights/dead.md", "> something\n\nnote".to_owned()),
        ]),
    )
    .unwrap();
    let err = library
        .import(&file, &ImportOptions::default(), None, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("metadata_0_to_3.json, item 2") && err.contains("no-url"),
        "{err}"
    );
    assert_eq!(library.info().await.unwrap().article_count, 0);

    let keep_going = ImportOptions {
        keep_going: true,
        ..ImportOptions::default()
    };
    let report = library
        .import(&file, &keep_going, None, None)
        .await
        .unwrap();
    assert_eq!((report.saved, report.failed), (1, 2), "{report:?}");
    let records: Vec<&str> = report.failures.iter().map(|f| f.record.as_str()).collect();
    assert_eq!(
        records,
        [
            "metadata_0_to_3.json, item 2",
            "metadata_0_to_3.json, item 3"
        ]
    );
    assert!(report.failures[1].reason.contains("404"), "{report:?}");
    // The dead article left nothing behind: no article, no tag, no highlight.
    let tags: Vec<String> = library
        .tags()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(tags, vec!["fine"]);
    assert!(highlights(&library).await.is_empty());
}
