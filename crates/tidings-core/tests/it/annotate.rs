//! Highlights through the library: made from a quote, reviewed, edited, and kept through a
//! re-extraction and a refresh of a changed page.

use test_server::{Response, TestServer};
use tidings_core::model::{HighlightFilter, HighlightInput, HighlightUpdate};
use tidings_core::ClipOptions;

use crate::{fixture, temp_library};

fn input(exact: &str) -> HighlightInput {
    HighlightInput {
        exact: exact.into(),
        ..HighlightInput::default()
    }
}

fn quoted(text: &str, start: u32, end: u32) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[tokio::test]
async fn highlights_are_anchored_reviewed_edited_and_deleted() {
    let (library, _dir) = temp_library().await;
    let a = library
        .clip_html(
            "https://compile-times.example/a",
            &fixture("async-closures.html"),
            ClipOptions {
                tags: vec!["rust".into()],
                ..ClipOptions::default()
            },
        )
        .await
        .unwrap()
        .article
        .id;
    let b = library
        .clip_html(
            "https://db-weekly.example/b",
            &fixture("second-article.html"),
            ClipOptions::default(),
        )
        .await
        .unwrap()
        .article
        .id;

    // A selection from the rendered page: whitespace differs from the plain text.
    let h1 = library
        .add_highlight(
            a,
            HighlightInput {
                note: Some("key point".into()),
                color: Some("Green".into()),
                ..input(" library authors   who\ntake callbacks")
            },
        )
        .await
        .unwrap();
    let text = library.article(a).await.unwrap().text;
    assert_eq!(
        quoted(&text, h1.start, h1.end),
        "library authors who take callbacks"
    );
    assert_eq!(h1.exact, "library authors who take callbacks");
    assert!(
        h1.prefix.ends_with("The change matters most to "),
        "{:?}",
        h1.prefix
    );
    assert_eq!(
        (h1.color.as_str(), h1.note.as_deref()),
        ("green", Some("key point"))
    );

    let h2 = library
        .add_highlight(b, input("Write-ahead logging remains the recommended mode"))
        .await
        .unwrap();
    assert_eq!(h2.color, "yellow");

    // Review: newest first, filters by tag, colour, text.
    let all = library
        .highlights(HighlightFilter::default())
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|e| e.highlight.id).collect::<Vec<_>>(),
        vec![h2.id, h1.id]
    );
    assert_eq!(all[1].article.title, "Async closures land in stable Rust");
    let by_tag = library
        .highlights(HighlightFilter {
            tag: Some("rust".into()),
            ..HighlightFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_tag.len(), 1);
    let by_note = library
        .highlights(HighlightFilter {
            query: Some("KEY".into()),
            ..HighlightFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_note[0].highlight.id, h1.id);
    let by_color = library
        .highlights(HighlightFilter {
            color: Some("yellow".into()),
            ..HighlightFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_color[0].highlight.id, h2.id);
    let future = library
        .highlights(HighlightFilter {
            since: Some("2999-01-01".into()),
            ..HighlightFilter::default()
        })
        .await
        .unwrap();
    assert!(future.is_empty());
    assert!(library
        .highlights(HighlightFilter {
            since: Some("someday".into()),
            ..HighlightFilter::default()
        })
        .await
        .is_err());

    // Search finds the highlight's note.
    assert_eq!(
        library.search("key point", 10).await.unwrap()[0].article.id,
        a
    );

    // Edit and delete.
    let edited = library
        .update_highlight(
            h1.id,
            HighlightUpdate {
                color: Some("blue".into()),
                note: Some(String::new()),
            },
        )
        .await
        .unwrap();
    assert_eq!((edited.color.as_str(), edited.note), ("blue", None));
    assert!(library
        .update_highlight(
            h1.id,
            HighlightUpdate {
                color: Some("red".into()),
                note: None
            }
        )
        .await
        .is_err());
    library.delete_highlight(h2.id).await.unwrap();
    assert_eq!(
        library
            .delete_highlight(h2.id)
            .await
            .unwrap_err()
            .code()
            .as_str(),
        "not_found"
    );
    assert!(library.add_highlight(a, input("  ")).await.is_err());
    assert!(library
        .add_highlight(a, input("words that are nowhere in this article at all"))
        .await
        .is_err());
}

#[tokio::test]
async fn highlights_survive_a_refresh_of_a_changed_page() {
    let v1 = fixture("async-closures.html");
    let v2 = v1
        .replace(
            "<p>After years of design work",
            "<p>Update, 21 November: this article now covers the release notes as well.</p>\n    <p>After years of design work",
        )
        .replace("Early benchmarks from two web frameworks show", "Early benchmarks from three web frameworks show")
        .replace("<p>For most code the advice is simple: where you wrote a closure that returned an async block, write an async closure instead, and let the compiler tell you which bounds to change.</p>", "");
    assert_ne!(v1, v2);
    let server = TestServer::start(vec![
        ("/post", Response::html(v1)),
        ("/post", Response::html(v2)),
    ]);
    let (library, _dir) = temp_library().await;
    let id = library
        .clip(&server.url("/post"), ClipOptions::default())
        .await
        .unwrap()
        .article
        .id;

    let kept = library
        .add_highlight(
            id,
            input("Async closures cannot yet be used as trait objects"),
        )
        .await
        .unwrap();
    let fuzzy = library
        .add_highlight(
            id,
            input("Early benchmarks from two web frameworks show callback-heavy middleware"),
        )
        .await
        .unwrap();
    let gone = library
        .add_highlight(
            id,
            input("let the compiler tell you which bounds to change"),
        )
        .await
        .unwrap();

    // Re-extracting the same page changes nothing.
    let report = library.reextract(vec![]).await.unwrap();
    assert_eq!(
        (
            report.articles,
            report.highlights_kept,
            report.highlights_moved,
            report.highlights_orphaned
        ),
        (1, 3, 0, 0)
    );

    let report = library.refresh(id).await.unwrap();
    assert_eq!(
        (report.highlights_moved, report.highlights_orphaned),
        (2, 1),
        "{report:?}"
    );
    let article = library.article(id).await.unwrap();
    assert!(article.text.starts_with("Update, 21 November"));
    let find = |hid: i64| {
        article
            .highlights
            .iter()
            .find(|h| h.id == hid)
            .unwrap()
            .clone()
    };

    let k = find(kept.id);
    assert!(!k.orphaned && k.start > kept.start);
    assert_eq!(
        quoted(&article.text, k.start, k.end),
        "Async closures cannot yet be used as trait objects"
    );
    let f = find(fuzzy.id);
    assert!(!f.orphaned);
    assert_eq!(
        quoted(&article.text, f.start, f.end),
        "Early benchmarks from three web frameworks show callback-heavy middleware"
    );
    assert_eq!(
        f.exact,
        "Early benchmarks from three web frameworks show callback-heavy middleware"
    );
    let g = find(gone.id);
    assert!(g.orphaned, "a quote that left the page is an orphan");
    assert_eq!(
        g.exact, "let the compiler tell you which bounds to change",
        "its quote is kept"
    );
    let orphans = library
        .highlights(HighlightFilter {
            orphaned: Some(true),
            ..HighlightFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(orphans.len(), 1);
}
