#![allow(clippy::unwrap_used)]

use super::*;

fn sample(name: &str) -> Vec<u8> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/imports")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> (Vec<ImportItem>, Vec<BadRecord>) {
    match parse(name, &sample(name), ImportFormat::Auto).unwrap() {
        Parsed::Items { items, bad } => (items, bad),
        Parsed::Backup(_) => panic!("{name} read as a backup"),
    }
}

#[test]
fn formats_are_detected_from_the_contents() {
    for (name, format) in [
        ("pocket.html", ImportFormat::Pocket),
        ("pocket.csv", ImportFormat::Pocket),
        ("instapaper.csv", ImportFormat::Instapaper),
        ("bookmarks.html", ImportFormat::Netscape),
        ("feeds.opml", ImportFormat::Opml),
        ("urls.txt", ImportFormat::Urls),
    ] {
        assert_eq!(detect(name, &sample(name)), Ok(format), "{name}");
    }
    assert_eq!(
        detect("omnivore.zip", &sample("omnivore.zip")),
        Ok(ImportFormat::Omnivore)
    );
    assert!(detect("x.zip", b"PK\x03\x04rest")
        .unwrap_err()
        .contains("Omnivore"));
}

#[test]
fn pocket_html_keeps_tags_times_and_archive_status() {
    let (items, bad) = read("pocket.html");
    assert!(bad.is_empty());
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].tags, vec!["rust", "async"]);
    assert_eq!(items[0].saved_at.as_deref(), Some("2025-11-20T00:53:20Z"));
    assert_eq!(items[0].status, Some(ArticleStatus::Unread));
    assert_eq!(
        items[0].title.as_deref(),
        Some("Async closures land in stable Rust")
    );
    assert_eq!(items[2].status, Some(ArticleStatus::Archived));
    assert_eq!(items[2].tags, vec!["databases"]);
}

#[test]
fn pocket_csv_reports_bad_rows_by_line() {
    let (items, bad) = read("pocket.csv");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].tags, vec!["rust", "async"]);
    assert_eq!(
        items[1].title.as_deref(),
        Some("SQLite turns twenty-six, again")
    );
    assert_eq!(items[1].status, Some(ArticleStatus::Archived));
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].record, "line 4");
    assert!(bad[0].reason.contains("not a url"), "{}", bad[0].reason);
}

#[test]
fn instapaper_folders_selections_and_stars() {
    let (items, _) = read("instapaper.csv");
    assert_eq!(items[0].collection.as_deref(), Some("Rust reading"));
    assert_eq!(
        items[0].highlights,
        vec![ImportHighlight {
            quote: "Async closures cannot yet be used as trait objects".into(),
            note: None
        }]
    );
    assert_eq!(items[0].tags, vec!["rust"]);
    assert_eq!(items[1].status, Some(ArticleStatus::Archived));
    assert!(items[2].starred);
    assert_eq!(items[3].status, Some(ArticleStatus::Unread));
    assert_eq!(items[3].collection, None);
}

#[test]
fn bookmark_folders_become_collections_except_browser_roots() {
    let (items, bad) = read("bookmarks.html");
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0].collection, None,
        "the bookmarks bar is not a collection"
    );
    assert_eq!(items[1].collection.as_deref(), Some("Rust reading"));
    assert_eq!(items[1].tags, vec!["rust", "async"]);
    assert_eq!(items[2].collection.as_deref(), Some("Databases"));
    assert_eq!(bad.len(), 1, "the bookmarklet is refused: {bad:?}");
}

#[test]
fn opml_and_url_lists() {
    let (items, _) = read("feeds.opml");
    assert_eq!(
        items.iter().map(|i| i.url.as_str()).collect::<Vec<_>>(),
        vec![
            "https://compile-times.example/2026/11/async-closures-stable",
            "https://db-weekly.example/sqlite-26"
        ]
    );
    let (items, bad) = read("urls.txt");
    assert_eq!(items.len(), 2);
    assert_eq!(bad[0].record, "line 5");
}

#[test]
fn wrong_or_empty_files_say_what_is_wrong() {
    let err = parse("notes.csv", b"a,b\n1,2\n", ImportFormat::Pocket)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "import notes.csv: not a Pocket CSV export: no \"url\" column"
    );
    let err = parse("empty.txt", b"\n# nothing\n", ImportFormat::Auto)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no links found"), "{err}");
    let err = parse(
        "b.json",
        br#"{"format": "tidings-backup", "version": 99, "articles": []}"#,
        ImportFormat::Auto,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("newer Tidings"), "{err}");
    let err = parse(
        "b.json",
        b"{\"format\": \"tidings-backup\", \"version\": 1, \"articles\": [",
        ImportFormat::Auto,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("import b.json: not a Tidings backup"),
        "{err}"
    );
}

#[test]
fn the_omnivore_sample_keeps_labels_status_highlights_and_the_page() {
    let (items, bad) = read("omnivore.zip");
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(items.len(), 2);
    let rust = items
        .iter()
        .find(|i| i.url == "https://blog.example.com/rust-2026")
        .unwrap();
    assert_eq!(rust.tags, ["rust", "lang"]);
    assert_eq!(rust.status, Some(ArticleStatus::Archived));
    let quotes: Vec<&str> = rust.highlights.iter().map(|h| h.quote.as_str()).collect();
    assert_eq!(quotes, ["async closures", "a faster compiler"]);
    assert_eq!(rust.highlights[0].note.as_deref(), Some("Finally."));
    let page = rust.page.as_ref().unwrap().html().unwrap().unwrap();
    assert!(page.contains("fn main() {}"), "{page}");
    let link = items
        .iter()
        .find(|i| i.url.ends_with("/only-a-link"))
        .unwrap();
    assert!(link.page.is_none(), "no content file: clipped from the web");
}
