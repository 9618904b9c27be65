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

/// `--with-images`: the images an article shows are saved in `assets/` and the Markdown points
/// at them; an image that cannot be had keeps its web address, with a warning; a second export
/// writes the same names and bytes.
#[tokio::test]
async fn an_export_with_images_reads_offline() {
    use test_server::{Response, TestServer};
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png bytes";
    const JPEG: &[u8] = b"\xff\xd8\xff\xe0 fake jpeg bytes";
    let server = TestServer::start(vec![
        ("/img/diagram.png", Response::ok("image/png", PNG)),
        (
            "/img/photo",
            Response::ok("image/jpeg; charset=binary", JPEG),
        ),
        ("/img/gone.png", Response::status(404)),
        ("/img/page.png", Response::html("<html>not an image</html>")),
    ]);
    let prose = "<p>Paragraph of the article about build systems, long enough to be kept as content by the extractor.</p>";
    let page = format!(
        r#"<html><head><title>Pictures of builds</title></head><body><article><h1>Pictures of builds</h1>
        {prose}<figure><img src="{base}/img/diagram.png" alt="The diagram"></figure>{prose}
        <p><img src="{base}/img/photo" alt="A photo"> and again <img src="{base}/img/diagram.png" alt="Same diagram"></p>{prose}
        <p><img src="{base}/img/gone.png" alt="Gone"><img src="{base}/img/page.png" alt="Page"></p>{prose}</article></body></html>"#,
        base = server.base()
    );
    let (library, dir) = temp_library().await;
    library
        .clip_html(
            "https://builds.example/pictures",
            &page,
            ClipOptions::default(),
        )
        .await
        .unwrap();
    let out = dir.path().join("export");
    let selection = || ExportSelection {
        all: true,
        with_images: true,
        ..ExportSelection::default()
    };
    let report = library
        .export(selection(), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    let assets: Vec<&String> = report
        .files
        .iter()
        .filter(|f| f.starts_with("assets/"))
        .collect();
    assert_eq!(assets.len(), 2, "{:?}", report.files);
    let png = assets.iter().find(|f| f.ends_with(".png")).unwrap();
    let jpg = assets.iter().find(|f| f.ends_with(".jpg")).unwrap();
    assert_eq!(std::fs::read(out.join(png)).unwrap(), PNG);
    assert_eq!(std::fs::read(out.join(jpg)).unwrap(), JPEG);
    let markdown_file = report.files.iter().find(|f| f.ends_with(".md")).unwrap();
    let markdown = std::fs::read_to_string(out.join(markdown_file)).unwrap();
    assert!(
        markdown.contains(&format!("![The diagram]({png})")),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("![Same diagram]({png})")),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("![A photo]({jpg})")),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!("{}/img/gone.png", server.base())),
        "a missing image keeps its address: {markdown}"
    );
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("gone.png") && w.contains("404")));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("page.png") && w.contains("not an image (text/html)")));

    let again = library
        .export(selection(), ExportFormat::Markdown, &out)
        .await
        .unwrap();
    assert!(
        again.written.is_empty(),
        "the same library exports the same files: {:?}",
        again.written
    );

    // Without the option, nothing is downloaded.
    let plain = dir.path().join("plain");
    let hits = server.hits();
    let report = library
        .export(ExportSelection::default(), ExportFormat::Markdown, &plain)
        .await
        .unwrap();
    assert!(report.files.iter().all(|f| !f.starts_with("assets/")));
    assert_eq!(server.hits(), hits);
}
