//! A collection exported to Markdown: front matter, article, highlights-free note, file names.

use tidings_core::model::{ExportFormat, ExportSelection};
use tidings_core::ClipOptions;

use crate::{fixture, temp_library};

#[tokio::test]
async fn a_collection_exports_one_markdown_file_per_article_in_order() {
    let (library, dir) = temp_library().await;
    let first = library
        .clip_html(
            "https://compile-times.example/2026/11/async-closures-stable",
            &fixture("async-closures.html"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    let second = library
        .clip_html(
            "https://db-weekly.example/sqlite-26",
            &fixture("second-article.html"),
            ClipOptions::default(),
        )
        .await
        .unwrap();
    library
        .create_collection("Reading list", "Things to read")
        .await
        .unwrap();
    library
        .add_to_collection("Reading list", vec![second.article.id, first.article.id])
        .await
        .unwrap();
    library
        .add_tags(first.article.id, vec!["rust".into(), "async".into()])
        .await
        .unwrap();
    library
        .set_note(first.article.id, "Try this in the **retry** helper.", false)
        .await
        .unwrap();

    let out = dir.path().join("export");
    let collection = |name: &str| ExportSelection {
        collection: Some(name.into()),
        ..ExportSelection::default()
    };
    let report = library
        .export(collection("Reading list"), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    let files: Vec<std::path::PathBuf> = report.files.iter().map(|f| out.join(f)).collect();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec![
            "SQLite turns twenty-six.md",
            "Async closures land in stable Rust.md",
            "index.md"
        ]
    );
    assert!(files.iter().all(|f| f.parent() == Some(out.as_path())));

    let md = std::fs::read_to_string(&files[1]).unwrap();
    assert!(md.starts_with("---\ntitle: \"Async closures land in stable Rust\"\nurl: \"https://compile-times.example/2026/11/async-closures-stable\"\nauthor: \"Ada Ferris\"\nsite: \"The Compile Times\"\npublished: \"2026-11-20T07:30:00Z\"\n"), "{md}");
    assert!(md.contains("tags:\n  - \"async\"\n  - \"rust\"\ncollections:\n  - \"Reading list\"\nstatus: \"unread\"\nstarred: false\nword_count: 332\n---\n\n# Async closures land in stable Rust\n"), "{md}");
    assert!(
        md.contains("```rust\nasync fn retry<F>(attempts: u32, op: F) -> Result<String, Error>\n"),
        "{md}"
    );
    assert!(
        md.contains("| Pattern ") && md.contains("| Borrows captures |"),
        "{md}"
    );
    assert!(
        md.ends_with("## Notes\n\nTry this in the **retry** helper.\n"),
        "{md}"
    );
    assert!(!md.contains("Related articles"));

    let unknown = library
        .export(collection("Nope"), ExportFormat::Markdown, &out)
        .await
        .unwrap_err();
    assert_eq!(unknown.to_string(), "no collection named \"Nope\"");
}
