//! Library files in a bad state, through `Library`: garbage bytes, a truncated file, damaged
//! pages inside a valid file, and a library from a newer Tidings. Each open or action is a
//! one-line error with a code the app can branch on (`library_damaged`, `library_unavailable`),
//! never a panic, and a file that cannot be opened is left byte for byte as it was.
//! (A read-only file and a full disk need another user or a resource limit: see the CLI suite.)

use std::path::Path;

use tidings_core::model::ListFilter;
use tidings_core::{ClipOptions, Library};

use crate::faults::article;

/// A library file with a few articles, closed; returns its bytes.
async fn library_file(path: &Path) -> Vec<u8> {
    let library = Library::open(path).await.unwrap();
    for i in 0..20 {
        library
            .clip_html(
                &format!("https://news.example/{i}"),
                &article(&format!("Story number {i}")),
                ClipOptions {
                    tags: vec!["news".into()],
                    collection: Some("Everything".into()),
                },
            )
            .await
            .unwrap();
    }
    drop(library);
    // The last connection closed: the WAL is checkpointed into the file and removed.
    assert!(!path.with_extension("sqlite3-wal").exists());
    std::fs::read(path).unwrap()
}

/// Every way the library could be used: opening, then reading and writing. Each that fails must
/// fail in one line with an expected code; returns what each did (`ok` or its error code).
async fn try_everything(path: &Path) -> Vec<(&'static str, &'static str)> {
    fn outcome<T>(result: Result<T, tidings_core::Error>) -> &'static str {
        match result {
            Ok(_) => "ok",
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n'), "{message:?}");
                assert!(
                    matches!(
                        e.code().as_str(),
                        "library_damaged" | "library_unavailable" | "storage"
                    ),
                    "{}: {message}",
                    e.code().as_str()
                );
                e.code().as_str()
            }
        }
    }
    let library = match Library::open(path).await {
        Ok(library) => library,
        Err(e) => return vec![("open", outcome::<()>(Err(e)))],
    };
    let page = article("A new one");
    let clip = library.clip_html("https://news.example/new", &page, ClipOptions::default());
    vec![
        ("open", "ok"),
        ("info", outcome(library.info().await)),
        ("list", outcome(library.list(ListFilter::default()).await)),
        ("search", outcome(library.search("story", 10).await)),
        ("article", outcome(library.article(1).await)),
        ("tags", outcome(library.tags().await)),
        ("clip", outcome(clip.await)),
        ("note", outcome(library.set_note(2, "a note", false).await)),
        ("feeds", outcome(library.feeds().await)),
        (
            "stream",
            outcome(
                library
                    .stream(tidings_core::model::StreamFilter::default())
                    .await,
            ),
        ),
        ("rules", outcome(library.rules().await)),
        ("stream settings", outcome(library.stream_settings().await)),
        (
            "stream search",
            outcome(library.search_stream("story", 10).await),
        ),
    ]
}

fn first_error(outcomes: &[(&str, &'static str)]) -> Option<&'static str> {
    outcomes.iter().map(|(_, o)| *o).find(|o| *o != "ok")
}

#[tokio::test]
async fn garbage_and_truncated_files_are_refused_and_left_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let good = library_file(&dir.path().join("good.sqlite3")).await;
    let len = good.len();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let garbage: Vec<u8> = (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect();
    let cases = [
        ("garbage", garbage),
        ("truncated", good[..len / 2].to_vec()),
        ("header only", good[..100].to_vec()),
        ("empty pages", {
            let mut zeroed = good.clone();
            zeroed[4096..].fill(0);
            zeroed
        }),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{name}.sqlite3"));
        std::fs::write(&path, &bytes).unwrap();
        let outcomes = try_everything(&path).await;
        assert_eq!(
            first_error(&outcomes),
            Some("library_damaged"),
            "{name}: the first error says the library is damaged: {outcomes:?}"
        );
        assert!(
            std::fs::read(&path).unwrap() == bytes,
            "{name}: the file was changed"
        );
    }
}

#[tokio::test]
async fn damaged_pages_inside_a_valid_file_are_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap();
    let good = library_file(&dir.path().join("good.sqlite3")).await;
    let page = 4096;
    assert!(good.len() > 8 * page, "{} bytes", good.len());
    // The schema page stays whole; later pages (tables, indexes, the search index) get garbage.
    for start_page in [2, good.len() / page / 2, good.len() / page - 2] {
        let mut bytes = good.clone();
        for (i, b) in bytes[start_page * page..(start_page + 2) * page]
            .iter_mut()
            .enumerate()
        {
            *b = u8::try_from(i * 31 % 251).unwrap();
        }
        let path = dir.path().join(format!("pages-{start_page}.sqlite3"));
        std::fs::write(&path, &bytes).unwrap();
        let outcomes = try_everything(&path).await;
        assert_eq!(
            first_error(&outcomes),
            Some("library_damaged"),
            "page {start_page}: damage noticed as such: {outcomes:?}"
        );
        // Reads and writes that touch only whole pages still work (there is no read-only
        // mode for a damaged library yet); a later open still reports the damage.
        assert_eq!(
            first_error(&try_everything(&path).await),
            Some("library_damaged"),
            "page {start_page}"
        );
    }
}

#[tokio::test]
async fn a_library_from_a_newer_tidings_is_refused_and_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    library_file(&path).await;
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let err = Library::open(&path).await.unwrap_err();
    let message = err.to_string();
    assert!(message.contains("newer version of Tidings"), "{message}");
    assert!(message.contains("schema 999"), "{message}");
    assert!(!message.contains('\n'));
    assert_eq!(err.code().as_str(), "library_unavailable", "{message}");
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "the file was changed"
    );
}
