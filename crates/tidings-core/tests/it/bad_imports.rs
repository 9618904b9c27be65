//! Broken import files for every format: truncated, in another encoding (UTF-16, Latin-1), in
//! the wrong format, huge (100 000 rows, generated here) and with duplicated rows. Each is read
//! correctly or refused with a one-line error, and a failed import leaves the library exactly as
//! it was (compared through a JSON backup taken before and after).

use std::path::Path;
use std::time::{Duration, Instant};

use test_server::{Response, TestServer};
use tidings_core::import::{parse, ImportFormat, Parsed};
use tidings_core::importer::ImportOptions;
use tidings_core::model::{ExportFormat, ExportSelection, HighlightInput};
use tidings_core::{ClipOptions, Library};

use crate::faults::article;
use crate::{fixture, temp_library};

/// A file of `rows` links to `https://news.example/story/{i}` in `format` (never fetched).
pub fn generated(format: ImportFormat, rows: usize) -> String {
    // The file's start, one row (`{i}` and `{url}` filled in), and its end.
    let (head, row, tail) = match format {
        ImportFormat::Urls => ("", "{url}", ""),
        ImportFormat::Pocket => (
            "title,url,time_added,tags,status\n",
            "\"Story, {i}\",{url},1700000000,rust|db,unread",
            "",
        ),
        ImportFormat::Instapaper => (
            "URL,Title,Selection,Folder,Timestamp\n",
            "{url},Story {i},,Reading,1700000000",
            "",
        ),
        ImportFormat::Netscape => (
            "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<TITLE>Bookmarks</TITLE>\n<DL><p>\n<DT><H3>News</H3>\n<DL><p>\n",
            "<DT><A HREF=\"{url}\" ADD_DATE=\"1700000000\">Story {i}</A>",
            "</DL><p>\n</DL><p>\n",
        ),
        ImportFormat::Opml => (
            "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>x</title></head><body>\n",
            "<outline text=\"Story {i}\" type=\"link\" url=\"{url}\"/>",
            "</body></opml>\n",
        ),
        _ => unreachable!("not a list format: {format:?}"),
    };
    let mut out = String::from(head);
    for i in 0..rows {
        let url = format!("https://news.example/story/{i}");
        out.push_str(&row.replace("{url}", &url).replace("{i}", &i.to_string()));
        out.push('\n');
    }
    out + tail
}

/// Pocket's HTML export with `rows` links in "Unread" and as many in "Read Archive".
fn pocket_html(rows: usize) -> String {
    let section = |name: &str, from: usize| {
        let links: String = (from..from + rows)
            .map(|i| {
                format!("<li><a href=\"https://news.example/p/{i}\" time_added=\"1700000000\" tags=\"\">Story {i}</a></li>\n")
            })
            .collect();
        format!("<h1>{name}</h1>\n<ul>\n{links}</ul>\n")
    };
    format!(
        "<!DOCTYPE html>\n<html><head><title>Pocket Export</title></head><body>\n{}{}</body></html>\n",
        section("Unread", 0),
        section("Read Archive", rows)
    )
}

const LIST_FORMATS: [ImportFormat; 5] = [
    ImportFormat::Urls,
    ImportFormat::Pocket,
    ImportFormat::Instapaper,
    ImportFormat::Netscape,
    ImportFormat::Opml,
];

fn items(name: &str, bytes: &[u8], format: ImportFormat) -> Vec<tidings_core::import::ImportItem> {
    match parse(name, bytes, format) {
        Ok(Parsed::Items { items, bad }) => {
            assert!(bad.is_empty(), "{name}: {bad:?}");
            items
        }
        Ok(Parsed::Backup(_)) => panic!("{name} read as a backup"),
        Err(e) => panic!("{name}: {e}"),
    }
}

/// Far more than a linear parse of 100 000 rows needs, far less than a quadratic one.
const HUGE_PARSE_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn huge_files_of_every_format_parse_whole_in_bounded_time() {
    let rows = 100_000;
    for format in LIST_FORMATS {
        let file = generated(format, rows);
        let started = Instant::now();
        // Read as detected: detection must hold on a huge file too.
        let read = items("huge", file.as_bytes(), ImportFormat::Auto);
        assert_eq!(read.len(), rows, "{format:?}");
        assert_eq!(
            read[rows - 1].url,
            format!("https://news.example/story/{}", rows - 1)
        );
        let took = started.elapsed();
        assert!(took < HUGE_PARSE_LIMIT, "{format:?}: {took:?}");
    }
    let html = pocket_html(rows / 2);
    let started = Instant::now();
    let read = items("pocket.html", html.as_bytes(), ImportFormat::Auto);
    assert_eq!(read.len(), rows);
    assert_eq!(
        read[rows - 1].status,
        Some(tidings_core::model::ArticleStatus::Archived)
    );
    assert!(
        started.elapsed() < HUGE_PARSE_LIMIT,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn truncated_files_keep_their_whole_records_or_say_what_is_wrong() {
    for format in LIST_FORMATS {
        let file = generated(format, 50);
        // Cut in the middle of the 31st record.
        let cut = file.find("story/30").unwrap() + 4;
        match parse("cut", &file.as_bytes()[..cut], format) {
            Ok(Parsed::Items { items, bad }) => {
                assert!((29..=31).contains(&(items.len() + bad.len())), "{format:?}");
                // Whole records are read whole; the cut one may be a shorter address.
                let (last, whole) = items.split_last().unwrap();
                for item in whole {
                    assert!(
                        item.url.starts_with("https://news.example/story/"),
                        "{item:?}"
                    );
                }
                assert!(
                    "https://news.example/story/30".starts_with(&last.url)
                        || last.url.starts_with("https://news.example/story/2"),
                    "{last:?}"
                );
            }
            Ok(Parsed::Backup(_)) => panic!("{format:?} read as a backup"),
            Err(e) => assert!(!e.to_string().contains('\n'), "{e}"),
        }
    }
    // An unterminated quote in a CSV.
    let broken = "title,url,time_added\n\"Story one,https://news.example/1,1700000000\n";
    let err = parse("cut.csv", broken.as_bytes(), ImportFormat::Pocket);
    assert!(
        matches!(&err, Ok(Parsed::Items { items, .. }) if items.is_empty()) || err.is_err(),
        "{err:?}"
    );
}

#[test]
fn utf16_and_latin1_files_are_decoded() {
    let title = "Café crème — déjà vu";
    for format in LIST_FORMATS {
        let file = generated(format, 3)
            .replace("Story 1", title)
            .replace("Story, 1", title);
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(file.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(file.encode_utf16().flat_map(u16::to_be_bytes));
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&file);
        for (encoding, bytes) in [
            ("UTF-16LE", utf16le),
            ("UTF-16BE", utf16be),
            ("Latin-1", latin1.into_owned()),
        ] {
            for as_format in [format, ImportFormat::Auto] {
                let read = items(&format!("{encoding}.csv"), &bytes, as_format);
                assert_eq!(read.len(), 3, "{format:?} in {encoding} as {as_format:?}");
                assert_eq!(read[2].url, "https://news.example/story/2");
                if format != ImportFormat::Urls {
                    assert_eq!(
                        read[1].title.as_deref(),
                        Some(title),
                        "{format:?} {encoding}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_file_in_another_format_is_refused_in_one_line() {
    let opml = generated(ImportFormat::Opml, 3);
    let csv = generated(ImportFormat::Pocket, 3);
    for (bytes, format, says) in [
        (csv.as_bytes(), ImportFormat::Json, "not a Tidings backup"),
        (opml.as_bytes(), ImportFormat::Json, "not a Tidings backup"),
        (
            opml.as_bytes(),
            ImportFormat::Instapaper,
            "no \"URL\" column",
        ),
        (
            b"\x00\x01\x02\x03binary\xff\xfe\x00".as_slice(),
            ImportFormat::Auto,
            "neither text nor",
        ),
        (
            b"PK\x03\x04zip".as_slice(),
            ImportFormat::Auto,
            "ZIP archive",
        ),
        (
            b"{\"format\": \"something-else\"}".as_slice(),
            ImportFormat::Auto,
            "not a Tidings backup",
        ),
    ] {
        let err = parse("file", bytes, format).expect_err(says).to_string();
        assert!(err.contains(says), "{format:?}: {says:?} not in {err:?}");
        assert!(
            err.starts_with("import file") && !err.contains('\n'),
            "{err}"
        );
    }
}

/// `file` with each record line (a line naming a story) written twice in place.
fn doubled(file: &str) -> String {
    file.lines()
        .flat_map(|line| {
            let times = if line.contains("story/") { 2 } else { 1 };
            std::iter::repeat_n(line, times)
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

#[tokio::test]
async fn duplicated_rows_are_records_and_save_one_article_each() {
    for format in LIST_FORMATS {
        let read = items("dupes", doubled(&generated(format, 3)).as_bytes(), format);
        assert_eq!(read.len(), 6, "{format:?}: each row is a record");
    }
    // Through the library, at once: every copy of a link races its twins.
    let pages: Vec<(String, Response)> = (0..3)
        .map(|i| {
            (
                format!("/story/{i}"),
                Response::html(article(&format!("Story {i}"))),
            )
        })
        .collect();
    let server = TestServer::start(pages.iter().map(|(p, r)| (p.as_str(), r.clone())).collect());
    let (library, dir) = temp_library().await;
    let list: String = (0..3)
        .flat_map(|i| std::iter::repeat_n(server.url(&format!("/story/{i}")), 3))
        .map(|url| url + "\n")
        .collect();
    let path = dir.path().join("dupes.txt");
    std::fs::write(&path, list).unwrap();
    let options = ImportOptions {
        concurrency: 9,
        per_host: 9,
        per_host_delay: Duration::ZERO,
        ..ImportOptions::default()
    };
    let report = library.import(&path, &options, None, None).await.unwrap();
    assert_eq!(
        (report.saved, report.duplicates, report.failed),
        (3, 6, 0),
        "{report:?}"
    );
    assert_eq!(library.info().await.unwrap().article_count, 3);
}

/// The whole library as a JSON backup, to compare before and after.
async fn snapshot(library: &Library, dir: &Path) -> String {
    let out = dir.join(format!("snapshot-{}", rand_suffix()));
    library
        .export(
            ExportSelection {
                all: true,
                with_raw_html: true,
                ..ExportSelection::default()
            },
            ExportFormat::Json,
            &out,
        )
        .await
        .unwrap();
    let file = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.to_string_lossy().ends_with(".tidings.json"))
        .unwrap();
    std::fs::read_to_string(file).unwrap()
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[tokio::test]
async fn a_failed_import_leaves_the_library_exactly_as_it_was() {
    let server = TestServer::start(vec![
        ("/fine", Response::html(article("Fine"))),
        ("/gone", Response::status(404)),
    ]);
    let (library, dir) = temp_library().await;
    let id = library
        .clip_html(
            "https://compile-times.example/2026/11/async-closures-stable",
            &fixture("async-closures.html"),
            ClipOptions {
                tags: vec!["rust".into()],
                collection: Some("Reading".into()),
            },
        )
        .await
        .unwrap()
        .article
        .id;
    library
        .add_highlight(
            id,
            HighlightInput {
                exact: "Async closures cannot yet be used as trait objects".into(),
                ..HighlightInput::default()
            },
        )
        .await
        .unwrap();
    library.set_note(id, "mine", false).await.unwrap();
    let before = snapshot(&library, dir.path()).await;

    // A backup whose second article breaks a constraint half-way through the restore.
    let mut backup: serde_json::Value = serde_json::from_str(&before).unwrap();
    let mut second = backup["articles"][0].clone();
    second["original_url"] = "https://elsewhere.example/b".into();
    second["final_url"] = "https://elsewhere.example/b".into();
    second["canonical_url"] = serde_json::Value::Null;
    second["highlights"][0]["start"] = 50.into();
    second["highlights"][0]["end"] = 10.into();
    let mut first = backup["articles"][0].clone();
    first["original_url"] = "https://elsewhere.example/a".into();
    first["final_url"] = "https://elsewhere.example/a".into();
    first["canonical_url"] = serde_json::Value::Null;
    backup["articles"] = serde_json::json!([first, second]);
    let broken_restore = serde_json::to_string(&backup).unwrap();
    let truncated_backup = &before[..before.len() / 2];

    let bad_record = format!(
        "{}\nnot a url\n{}\n",
        server.url("/fine"),
        server.url("/gone")
    );
    let all_fail = format!("{}\n{}\n", server.url("/gone"), server.url("/gone?x=1"));
    let cases: Vec<(&str, Vec<u8>, ImportFormat)> = vec![
        (
            "restore.json",
            broken_restore.into_bytes(),
            ImportFormat::Auto,
        ),
        (
            "cut.json",
            truncated_backup.as_bytes().to_vec(),
            ImportFormat::Auto,
        ),
        (
            "newer.json",
            br#"{"format":"tidings-backup","version":99}"#.to_vec(),
            ImportFormat::Auto,
        ),
        (
            "bad-record.txt",
            bad_record.into_bytes(),
            ImportFormat::Auto,
        ),
        ("all-fail.txt", all_fail.into_bytes(), ImportFormat::Auto),
        (
            "feeds.opml",
            generated(ImportFormat::Opml, 2).into_bytes(),
            ImportFormat::Pocket,
        ),
        (
            "binary.csv",
            b"\x00\x01\x02\xff".to_vec(),
            ImportFormat::Auto,
        ),
        (
            "huge-bad-last.txt",
            (generated(ImportFormat::Urls, 99_999) + "not a url\n").into_bytes(),
            ImportFormat::Auto,
        ),
        ("empty.csv", Vec::new(), ImportFormat::Auto),
    ];
    for (name, bytes, format) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let options = ImportOptions {
            format,
            per_host_delay: Duration::ZERO,
            ..ImportOptions::default()
        };
        match library.import(&path, &options, None, None).await {
            Ok(report) => assert_eq!(report.saved, 0, "{name}: {report:?}"),
            Err(e) => {
                assert!(
                    matches!(e.code().as_str(), "import" | "storage"),
                    "{name}: {e}"
                );
                assert!(!e.to_string().contains('\n'), "{name}: {e}");
            }
        }
        assert_eq!(
            snapshot(&library, dir.path()).await,
            before,
            "{name} changed the library"
        );
    }
    assert_eq!(server.hits(), 2, "only the all-fail list was fetched");
}

#[tokio::test]
async fn backups_with_duplicated_or_100_000_articles() {
    let (library, dir) = temp_library().await;
    library
        .clip_html(
            "https://news.example/one",
            &article("The only one"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    let mut backup: serde_json::Value =
        serde_json::from_str(&snapshot(&library, dir.path()).await).unwrap();
    let one = backup["articles"][0].clone();

    // The same article twice: restored once.
    backup["articles"] = serde_json::json!([one, one]);
    let path = dir.path().join("twice.json");
    std::fs::write(&path, serde_json::to_string(&backup).unwrap()).unwrap();
    let (fresh, _fresh_dir) = temp_library().await;
    let report = fresh
        .import(&path, &ImportOptions::default(), None, None)
        .await
        .unwrap();
    assert_eq!((report.saved, report.duplicates), (1, 1), "{report:?}");
    assert_eq!(fresh.info().await.unwrap().article_count, 1);

    // 100 000 articles parse whole in bounded time.
    let rows = 100_000;
    backup["articles"] = (0..rows)
        .map(|i| {
            let mut a = one.clone();
            a["ref"] = i.into();
            a["original_url"] = format!("https://news.example/b/{i}").into();
            a["final_url"] = a["original_url"].clone();
            a["canonical_url"] = serde_json::Value::Null;
            // Small articles: the rows are what is huge here, not each article.
            a["content_html"] = format!("<p>Story {i}</p>").into();
            a["text"] = format!("Story {i}").into();
            a.as_object_mut().unwrap().remove("raw_html");
            a
        })
        .collect();
    backup["collections"] = serde_json::json!([]);
    let bytes = serde_json::to_vec(&backup).unwrap();
    let started = Instant::now();
    match parse("huge.json", &bytes, ImportFormat::Auto).unwrap() {
        Parsed::Backup(b) => assert_eq!(b.articles.len(), rows),
        Parsed::Items { .. } => panic!("read as a list"),
    }
    assert!(
        started.elapsed() < HUGE_PARSE_LIMIT,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn bookmark_folders_nested_20_000_deep_parse_in_bounded_time_with_their_link() {
    let depth = 20_000;
    let file = format!(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n{}<DT><A HREF=\"https://news.example/deep\">Deep</A>\n{}",
        "<DT><H3>Folder</H3>\n<DL><p>\n".repeat(depth),
        "</DL><p>\n".repeat(depth)
    );
    let started = Instant::now();
    let read = items("deep.html", file.as_bytes(), ImportFormat::Auto);
    assert!(
        started.elapsed() < HUGE_PARSE_LIMIT,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].url, "https://news.example/deep");
    assert_eq!(read[0].collection.as_deref(), Some("Folder"));
}
