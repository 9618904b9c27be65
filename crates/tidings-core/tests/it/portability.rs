//! Your notes leave with you: Markdown exports that respect the folder and the user's edits,
//! a JSON backup that restores byte for byte, and imports from other tools.

use std::path::Path;

use test_server::{Response, TestServer};
use tidings_core::importer::ImportOptions;
use tidings_core::model::{
    ArticleStatus, ExportFormat, ExportSelection, HighlightFilter, HighlightInput, ListFilter,
};
use tidings_core::{ClipOptions, Library};

use crate::{fixture, temp_library};

async fn rich_library(library: &Library) -> (i64, i64) {
    let a = library
        .clip_html(
            "https://compile-times.example/2026/11/async-closures-stable",
            &fixture("async-closures.html"),
            ClipOptions {
                tags: vec!["rust".into()],
                collection: Some("Reading list".into()),
            },
        )
        .await
        .unwrap()
        .article
        .id;
    let b = library
        .clip_html(
            "https://db-weekly.example/sqlite-26",
            &fixture("second-article.html"),
            ClipOptions {
                tags: vec![],
                collection: Some("Reading list".into()),
            },
        )
        .await
        .unwrap()
        .article
        .id;
    library
        .describe_collection("Reading list", "For the weekend")
        .await
        .unwrap();
    library
        .set_note(a, "## My take\n\nTry it in the retry helper.", false)
        .await
        .unwrap();
    library
        .add_highlight(
            a,
            HighlightInput {
                exact: "Async closures cannot yet be used as trait objects".into(),
                note: Some("Watch the tracking issue".into()),
                color: Some("pink".into()),
                ..HighlightInput::default()
            },
        )
        .await
        .unwrap();
    library
        .set_status(b, ArticleStatus::Archived)
        .await
        .unwrap();
    library.set_starred(a, true).await.unwrap();
    (a, b)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn markdown_export_has_properties_highlights_notes_and_an_index() {
    let (library, dir) = temp_library().await;
    rich_library(&library).await;
    let out = dir.path().join("vault");
    let selection = ExportSelection {
        collection: Some("Reading list".into()),
        ..ExportSelection::default()
    };
    let report = library
        .export(selection.clone(), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    assert_eq!(
        report.files,
        vec![
            "Async closures land in stable Rust.md",
            "SQLite turns twenty-six.md",
            "index.md"
        ]
    );

    let md = read(&out.join("Async closures land in stable Rust.md"));
    let front = md
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(f, _)| f)
        .unwrap();
    let yaml = &yaml_rust2::YamlLoader::load_from_str(front).unwrap()[0];
    assert_eq!(
        yaml["title"].as_str(),
        Some("Async closures land in stable Rust")
    );
    assert_eq!(yaml["author"].as_str(), Some("Ada Ferris"));
    assert_eq!(yaml["tags"][0].as_str(), Some("rust"));
    assert_eq!(yaml["collections"][0].as_str(), Some("Reading list"));
    assert_eq!(yaml["starred"].as_bool(), Some(true));
    assert_eq!(yaml["status"].as_str(), Some("unread"));
    assert!(yaml["word_count"].as_i64().unwrap() > 300);
    assert!(md.contains("## Highlights\n\n> Async closures cannot yet be used as trait objects\n>\n> — *pink*\n\nWatch the tracking issue\n"), "{md}");
    assert!(
        md.contains("## Notes\n\n### My take\n\nTry it in the retry helper.\n"),
        "{md}"
    );
    assert!(
        md.contains("## What the new syntax looks like"),
        "article headings sit below the title: {md}"
    );

    let index = read(&out.join("index.md"));
    assert!(index.contains("# Reading list\n\nFor the weekend\n\n1. [Async closures land in stable Rust](<Async closures land in stable Rust.md>)\n2. [SQLite turns twenty-six](<SQLite turns twenty-six.md>)\n"), "{index}");

    // The other shapes.
    let single = library
        .export(selection.clone(), ExportFormat::MarkdownSingle, &out)
        .await
        .unwrap();
    let digest = read(&out.join(&single.files[0]));
    assert!(
        digest.contains("## Async closures land in stable Rust\n")
            && digest.contains("### Highlights"),
        "{digest}"
    );
    let highlights_dir = dir.path().join("highlights");
    library
        .export(selection.clone(), ExportFormat::Highlights, &highlights_dir)
        .await
        .unwrap();
    let only = read(&highlights_dir.join("Async closures land in stable Rust.md"));
    assert!(
        only.contains("> Async closures cannot yet be used")
            && !only.contains("After years of design work"),
        "{only}"
    );
    let annotations = library
        .export(selection, ExportFormat::Annotations, &out)
        .await
        .unwrap();
    let jsonld: serde_json::Value =
        serde_json::from_str(&read(&out.join(&annotations.files[0]))).unwrap();
    assert_eq!(jsonld["@context"], "http://www.w3.org/ns/anno.jsonld");
    let item = &jsonld["first"]["items"][0];
    assert_eq!(item["target"]["selector"][0]["type"], "TextQuoteSelector");
    assert_eq!(
        item["target"]["selector"][0]["exact"],
        "Async closures cannot yet be used as trait objects"
    );
    assert_eq!(
        item["target"]["selector"][1]["type"],
        "TextPositionSelector"
    );
}

#[tokio::test]
async fn re_export_updates_its_files_and_keeps_the_users_edits() {
    let (library, dir) = temp_library().await;
    let (a, _) = rich_library(&library).await;
    let out = dir.path().join("vault");
    let all = || ExportSelection {
        all: true,
        ..ExportSelection::default()
    };
    library
        .export(all(), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    let again = library
        .export(all(), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    assert!(
        again.written.is_empty() && again.unchanged == 2,
        "same library, same bytes: {again:?}"
    );

    // The user edits one file and keeps their own file in the folder.
    let mine = out.join("Async closures land in stable Rust.md");
    std::fs::write(&mine, "my own rewrite\n").unwrap();
    std::fs::write(out.join("todo.md"), "my list\n").unwrap();
    library.set_note(a, "A new thought.", true).await.unwrap();
    let report = library
        .export(all(), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    assert_eq!(
        read(&mine),
        "my own rewrite\n",
        "a person's edit is never overwritten"
    );
    assert_eq!(
        report.written,
        vec!["Async closures land in stable Rust (new).md"]
    );
    assert!(
        report.warnings[0].contains("kept your version"),
        "{:?}",
        report.warnings
    );
    assert!(
        read(&out.join("Async closures land in stable Rust (new).md")).contains("A new thought.")
    );
    assert_eq!(read(&out.join("todo.md")), "my list\n");
}

#[tokio::test]
async fn hostile_titles_stay_inside_the_folder() {
    let (library, dir) = temp_library().await;
    let titles = [
        "../../etc/passwd",
        "CON",
        &"x".repeat(300),
        "🦀🦀🦀",
        "",
        "a/b\\c:d*e?f\"g<h>i|j",
        ".hidden",
        "---\ntitle: injected",
    ];
    for (i, title) in titles.iter().enumerate() {
        let page = format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{}</p></article></body></html>", "Enough words to make this an article worth keeping. ".repeat(20));
        library
            .clip_html(
                &format!("https://example.com/{i}"),
                &page,
                ClipOptions::default(),
            )
            .await
            .unwrap();
    }
    let out = dir.path().join("safe");
    let report = library
        .export(
            ExportSelection {
                all: true,
                ..ExportSelection::default()
            },
            ExportFormat::Markdown,
            &out,
        )
        .await
        .unwrap();
    assert_eq!(report.files.len(), titles.len());
    for file in &report.files {
        let path = out.join(file);
        assert_eq!(path.parent(), Some(out.as_path()), "{file}");
        assert!(path.is_file(), "{file}");
        assert!(
            file.len() <= 110 && !file.starts_with('.') && !file.contains('/'),
            "{file}"
        );
        let md = read(&path);
        let front = md
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(f, _)| f)
            .unwrap();
        let yaml = &yaml_rust2::YamlLoader::load_from_str(front).unwrap()[0];
        assert!(
            yaml["injected"].is_badvalue() && yaml["title"].as_str().is_some(),
            "{front}"
        );
    }
    let outside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("library.sqlite3"))
        .collect();
    assert_eq!(
        outside,
        vec!["safe"],
        "nothing but the export folder beside the library"
    );
}

#[tokio::test]
async fn a_json_backup_restores_byte_for_byte_and_merges_without_duplicates() {
    let (library, dir) = temp_library().await;
    rich_library(&library).await;
    // Saved searches travel too, in their order, with their filters.
    let in_list = ListFilter {
        collection: Some("Reading list".into()),
        status: Some(ArticleStatus::Archived),
        ..ListFilter::default()
    };
    library
        .save_search("Old databases", "sqlite", &in_list)
        .await
        .unwrap();
    library
        .save_search("Closures", "\"async closures\"", &ListFilter::default())
        .await
        .unwrap();
    let first = dir.path().join("first");
    let all = || ExportSelection {
        all: true,
        with_raw_html: true,
        ..ExportSelection::default()
    };
    let report = library
        .export(all(), ExportFormat::Json, &first)
        .await
        .unwrap();
    let backup_path = first.join(&report.files[0]);
    assert!(
        read(&backup_path).contains(r#""modified_at": "2026-11-21T09:15:00Z""#),
        "the page's change date is in the backup"
    );

    let restored = Library::open(dir.path().join("restored.sqlite3"))
        .await
        .unwrap();
    let imported = restored
        .import(&backup_path, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!((imported.saved, imported.duplicates), (2, 0));
    let second = dir.path().join("second");
    let report2 = restored
        .export(all(), ExportFormat::Json, &second)
        .await
        .unwrap();
    assert_eq!(
        read(&backup_path),
        read(&second.join(&report2.files[0])),
        "export → import → export is the identity"
    );
    assert_eq!(
        restored.saved_searches().await.unwrap(),
        library.saved_searches().await.unwrap(),
        "saved searches restored whole, in order"
    );
    assert_eq!(
        restored
            .run_saved_search("Old databases", None, None)
            .await
            .unwrap()
            .len(),
        1
    );

    // The restored library works: highlights, notes, collections order, re-extraction offline.
    let entries = restored
        .highlights(HighlightFilter::default())
        .await
        .unwrap();
    assert_eq!(
        entries[0].highlight.note.as_deref(),
        Some("Watch the tracking issue")
    );
    assert_eq!(
        restored
            .collection("Reading list")
            .await
            .unwrap()
            .description,
        "For the weekend"
    );
    let rx = restored.reextract(vec![]).await.unwrap();
    assert_eq!((rx.articles, rx.highlights_kept), (2, 1));

    // Importing into a library that has some of them merges.
    let partial = Library::open(dir.path().join("partial.sqlite3"))
        .await
        .unwrap();
    partial
        .clip_html(
            "https://db-weekly.example/sqlite-26",
            &fixture("second-article.html"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    partial
        .save_search("closures", "mine", &ListFilter::default())
        .await
        .unwrap();
    let merged = partial
        .import(&backup_path, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!((merged.saved, merged.duplicates), (1, 1));
    let kept: Vec<(String, String)> = partial
        .saved_searches()
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.query))
        .collect();
    assert_eq!(
        kept,
        [
            ("closures".into(), "mine".into()),
            ("Old databases".into(), "sqlite".into())
        ],
        "a saved search of the same name is kept; missing ones are added"
    );
    assert_eq!(partial.info().await.unwrap().article_count, 2);
    let again = partial
        .import(&backup_path, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!((again.saved, again.duplicates), (0, 2));
    assert_eq!(
        partial
            .highlights(HighlightFilter::default())
            .await
            .unwrap()
            .len(),
        1,
        "no duplicated highlights"
    );
}

/// Writes a fixture import file with its example hosts pointed at the test server.
fn import_file(dir: &Path, name: &str, server: &TestServer) -> std::path::PathBuf {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/imports")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .replace("https://compile-times.example", &server.base())
        .replace("https://db-weekly.example", &server.base())
        .replace("https://news.example.org", &server.base());
    let out = dir.join(name);
    std::fs::write(&out, text).unwrap();
    out
}

fn import_server() -> TestServer {
    TestServer::start(vec![
        (
            "/2026/11/async-closures-stable",
            Response::html(fixture("async-closures.html")),
        ),
        ("/sqlite-26", Response::html(fixture("second-article.html"))),
        ("/kernel-6-20", Response::status(404)),
        (
            "/unread-one",
            Response::html(
                fixture("second-article.html").replace("SQLite turns twenty-six", "Another story"),
            ),
        ),
    ])
}

#[tokio::test]
async fn pocket_import_keeps_tags_status_and_times_and_resumes_without_duplicates() {
    let server = import_server();
    let (library, dir) = temp_library().await;
    let file = import_file(dir.path(), "pocket.html", &server);
    let report = library
        .import(&file, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!(
        (report.total, report.saved, report.duplicates, report.failed),
        (3, 2, 0, 1),
        "{report:?}"
    );
    assert_eq!(report.failures[0].record, "link 2");
    assert!(report.failures[0].reason.contains("HTTP 404"));
    let archived = library
        .list(ListFilter {
            status: Some(ArticleStatus::Archived),
            ..ListFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(archived[0].title, "SQLite turns twenty-six");
    assert_eq!(archived[0].saved_at, "2025-08-17T03:06:40Z");
    let rust = library
        .list(ListFilter {
            tag: Some("async".into()),
            ..ListFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(rust[0].title, "Async closures land in stable Rust");

    // Running it again (an interrupted import resumed) adds nothing and fetches only the failure.
    let hits = server.hits();
    let again = library
        .import(&file, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!((again.saved, again.duplicates, again.failed), (0, 2, 1));
    assert_eq!(
        server.hits(),
        hits + 1,
        "only the failed link is fetched again"
    );
    assert_eq!(library.info().await.unwrap().article_count, 2);
}

#[tokio::test]
async fn instapaper_bookmarks_opml_and_url_list_imports() {
    let server = import_server();
    let (library, dir) = temp_library().await;
    let report = library
        .import(
            &import_file(dir.path(), "instapaper.csv", &server),
            &ImportOptions::default(),
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!((report.saved, report.failed), (3, 1));
    let article = library
        .list(ListFilter {
            collection: Some("Rust reading".into()),
            ..ListFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(article.len(), 1);
    let highlights = library
        .highlights(HighlightFilter::default())
        .await
        .unwrap();
    assert_eq!(
        highlights[0].highlight.exact,
        "Async closures cannot yet be used as trait objects"
    );
    assert!(
        !highlights[0].highlight.orphaned,
        "the Instapaper selection is anchored in the article"
    );

    let (library, dir) = temp_library().await;
    let report = library
        .import(
            &import_file(dir.path(), "bookmarks.html", &server),
            &ImportOptions::default(),
            None,
            None,
        )
        .await;
    let err = report.unwrap_err().to_string();
    assert!(
        err.contains("link 4") && err.contains("javascript"),
        "a bad record stops the import by default: {err}"
    );
    assert_eq!(
        library.info().await.unwrap().article_count,
        0,
        "nothing half-imported"
    );
    let keep_going = ImportOptions {
        keep_going: true,
        ..ImportOptions::default()
    };
    let report = library
        .import(
            &import_file(dir.path(), "bookmarks.html", &server),
            &keep_going,
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!((report.total, report.saved, report.failed), (4, 2, 2));
    assert_eq!(
        library
            .list(ListFilter {
                collection: Some("Databases".into()),
                ..ListFilter::default()
            })
            .await
            .unwrap()
            .len(),
        1
    );

    let (library, dir) = temp_library().await;
    let report = library
        .import(
            &import_file(dir.path(), "feeds.opml", &server),
            &ImportOptions::default(),
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(report.saved, 2);
    let err = library
        .import(
            &import_file(dir.path(), "urls.txt", &server),
            &ImportOptions::default(),
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("line 5"), "{err}");
    let report = library
        .import(
            &import_file(dir.path(), "urls.txt", &server),
            &keep_going,
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!((report.saved, report.duplicates, report.failed), (0, 2, 1));
}

/// What a library file holds, read by the system's Python `sqlite3` module: its SQLite version,
/// then `type name rows` for every table and view, after `PRAGMA integrity_check` and a search
/// in each full-text index.
const READ_WITH_SYSTEM_SQLITE: &str = r#"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print(sqlite3.sqlite_version)
check = con.execute("PRAGMA integrity_check").fetchall()
assert check == [("ok",)], check
names = con.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
for kind, name in names:
    con.execute(f'SELECT * FROM "{name}" LIMIT 5').fetchall()
    rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    print(kind, name, rows)
assert con.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'closures'").fetchall()
assert con.execute("SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH 'プロ'").fetchall()
assert con.execute("SELECT rowid FROM feed_items_fts WHERE feed_items_fts MATCH 'kept'").fetchall()
assert con.execute("SELECT tags FROM feed_items WHERE title = 'Kept'").fetchone() == ('["portable"]',)
assert con.execute("SELECT count(*) FROM articles WHERE captured_in_browser = 1").fetchone() == (1,)
assert len(con.execute("SELECT hash FROM api_tokens WHERE name = 'Portable script'").fetchone()[0]) == 64
"#;

/// "One SQLite file" means any SQLite: the file Tidings writes opens in the SQLite of the
/// system (3.40 on Debian 12, older than the 3.43 and 3.44 Tidings' bundled one has), every table
/// and view reads, and its integrity check passes.
#[tokio::test]
async fn the_library_file_opens_in_the_systems_own_sqlite() {
    let (library, dir) = temp_library().await;
    let (_, b) = rich_library(&library).await;
    let ja = library
        .clip_html(
            "https://lang.example.jp/news/1",
            "<html><head><title>国産プログラミング言語の新版</title></head><body><article>\
             <h1>国産プログラミング言語の新版</h1><p>今回の版では並行処理の仕組みが大きく見直され、\
             処理系の速度も上がった。開発者の話では次の版も近いという。</p></article></body></html>",
            ClipOptions::default(),
        )
        .await
        .unwrap()
        .article
        .id;
    library.set_note(ja, "メモ：非同期", false).await.unwrap();
    library
        .save_search("Closures", "closures", &ListFilter::default())
        .await
        .unwrap();
    library.delete(vec![b]).await.unwrap();
    // Feed subscriptions, their items and an article kept from one (issue #22's tables); a
    // rule that tags an item as it arrives, the housekeeping setting, a full-text preview and
    // the stream's search index (migration 010).
    let pages = TestServer::start(vec![
        ("/kept", Response::html(fixture("second-article.html"))),
        ("/missing", Response::status(404)),
    ]);
    library
        .add_rule(tidings_core::model::NewRule {
            feed_id: None,
            field: tidings_core::model::RuleField::Title,
            pattern: "kept".into(),
            regex: false,
            action: tidings_core::model::RuleAction::Tag("portable".into()),
            expires_in: Some("30d".into()),
        })
        .await
        .unwrap();
    library
        .set_stream_settings(tidings_core::model::StreamSettings { keep_days: 14 })
        .await
        .unwrap();
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Portable feed</title>\
         <item><guid>1</guid><title>Kept</title><link>{}</link><comments>https://talk.example/1</comments></item>\
         <item><guid>2</guid><title>Not kept</title><link>https://elsewhere.example/2</link></item>\
         </channel></rss>",
        pages.url("/kept")
    );
    let feeds = TestServer::start(vec![(
        "/feed.xml",
        Response::ok("application/rss+xml", feed),
    )]);
    let subscribed = library
        .add_feed(
            &feeds.url("/feed.xml"),
            tidings_core::model::FeedOptions {
                folder: Some("Tech/Rust".into()),
                full_text: true,
            },
        )
        .await
        .unwrap();
    let items = library
        .stream(tidings_core::model::StreamFilter {
            feed_id: Some(subscribed.feed.id),
            ..Default::default()
        })
        .await
        .unwrap();
    let kept = items.iter().find(|i| i.title == "Kept").unwrap();
    library.keep_item(kept.id).await.unwrap();
    // The loopback API's tables (migration 011): a token, a waiting pairing request, and an
    // article captured in the browser.
    library.create_token("Portable script").await.unwrap();
    let server = library
        .serve(tidings_core::loopback::ServeOptions {
            port: Some(0),
            ..Default::default()
        })
        .await
        .unwrap();
    let asked = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("http://127.0.0.1:{}/v1/pair", server.port()))
        .header("Content-Type", "application/json")
        .body(r#"{"name":"Portable browser","origin":"chrome-extension://abcdefghijklmnopabcdefghijklmnop"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status().as_u16(), 202);
    server.shutdown().await;
    library
        .clip_captured(
            "https://members.example/story",
            tidings_core::CapturedPage {
                html: Some(fixture("second-article.html")),
                ..Default::default()
            },
            ClipOptions::default(),
        )
        .await
        .unwrap();
    let path = dir.path().join("library.sqlite3");
    drop(library);

    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(READ_WITH_SYSTEM_SQLITE)
        .arg(&path)
        .output()
        .expect("python3 (with its sqlite3 module) is needed for this test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the system's SQLite could not read the library:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lines = stdout.lines();
    let version = lines.next().unwrap_or_default();
    eprintln!("read with the system's SQLite {version}");
    let rows: std::collections::BTreeMap<&str, u64> = lines
        .filter_map(|line| {
            let mut words = line.split(' ');
            let (_kind, name, rows) = (words.next()?, words.next()?, words.next()?);
            Some((name, rows.parse().ok()?))
        })
        .collect();
    for (name, at_least) in [
        ("articles", 5),
        ("article_urls", 3),
        ("notes", 2),
        ("highlights", 1),
        ("tags", 1),
        ("article_tags", 1),
        ("collections", 1),
        ("collection_articles", 2),
        ("saved_searches", 1),
        ("article_search_docs", 3),
        ("articles_fts", 3),
        ("articles_cjk", 1),
        ("feed_folders", 1),
        ("feeds", 1),
        ("feed_items", 2),
        ("article_feed_sources", 1),
        ("feed_rules", 1),
        ("settings", 1),
        ("feed_item_previews", 1),
        ("feed_items_fts", 2),
        ("api_tokens", 1),
        ("api_pairings", 1),
    ] {
        let found = rows.get(name).copied();
        assert!(
            found.is_some_and(|n| n >= at_least),
            "{name}: {found:?} rows, expected at least {at_least}\n{stdout}"
        );
    }
}
