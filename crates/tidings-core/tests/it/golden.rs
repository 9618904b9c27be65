//! Golden tests of the clipping engine: each folder of `tests/golden/extract/` holds a page the
//! project wrote (`input.html`, its bytes as served) and how it was served (`case.json`: the
//! URL and the `Content-Type` header). The page is decoded as a fetch would decode it and
//! extracted; the metadata and warnings (`expected.json`), the stored HTML (`expected.html`),
//! the plain text highlights anchor in (`expected.txt`) and the Markdown an export writes
//! (`expected.md`) must match the files beside it byte for byte.
//!
//! After a deliberate change to the engine, `UPDATE_GOLDEN=1 cargo test -p tidings-core --test
//! it golden` rewrites the expected files; review their diff like code.

use std::path::{Path, PathBuf};

use serde_json::json;
use tidings_core::export::html_to_markdown;
use tidings_core::extract::{extract_with, Extracted, Pass, Passes, PASSES};
use tidings_core::fetch::decode_html;
use url::Url;

fn cases() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/extract");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("input.html").is_file())
        .collect();
    cases.sort();
    cases
}

/// What an extraction says of the article besides its content, as `expected.json` holds it.
pub fn metadata(article: &Extracted) -> serde_json::Value {
    json!({
        "title": article.title,
        "byline": article.byline,
        "site_name": article.site_name,
        "published_at": article.published_at,
        "modified_at": article.modified_at,
        "language": article.language,
        "excerpt": article.excerpt,
        "lead_image_url": article.lead_image_url,
        "canonical_url": article.canonical_url.as_ref().map(Url::as_str),
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "warnings": article.warnings,
    })
}

/// What the engine makes of one case, as the four expected files.
fn outputs(case: &Path) -> Vec<(&'static str, String)> {
    outputs_with(case, Passes::all())
}

/// What the engine makes of one case with only `passes`, as the four expected files.
fn outputs_with(case: &Path, passes: Passes) -> Vec<(&'static str, String)> {
    let served: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("case.json")).unwrap()).unwrap();
    let url = Url::parse(served["url"].as_str().unwrap()).unwrap();
    let bytes = std::fs::read(case.join("input.html")).unwrap();
    let html = decode_html(&bytes, served["content_type"].as_str().unwrap_or(""));
    let article =
        extract_with(&html, &url, passes).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let metadata = metadata(&article);
    vec![
        (
            "expected.json",
            serde_json::to_string_pretty(&metadata).unwrap() + "\n",
        ),
        ("expected.html", article.content_html.clone() + "\n"),
        ("expected.txt", article.text.clone() + "\n"),
        (
            "expected.md",
            html_to_markdown(&article.content_html) + "\n",
        ),
    ]
}

#[test]
fn every_golden_page_extracts_as_reviewed() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let cases = cases();
    assert!(cases.len() >= 7, "the golden pages are missing");
    let mut mismatches = Vec::new();
    for case in &cases {
        for (file, actual) in outputs(case) {
            let path = case.join(file);
            if update {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                let line = expected
                    .lines()
                    .zip(actual.lines())
                    .position(|(e, a)| e != a)
                    .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
                mismatches.push(format!(
                    "{}: differs from line {}:\n  expected: {:?}\n  actual:   {:?}",
                    path.display(),
                    line + 1,
                    expected.lines().nth(line).unwrap_or("<end>"),
                    actual.lines().nth(line).unwrap_or("<end>"),
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} golden file(s) differ (after a deliberate change: UPDATE_GOLDEN=1 cargo test -p tidings-core --test it golden, then review the diff):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Every pass earns its place: switched off, it changes what at least one golden page gives
/// (a pass that changes none is either dead or lacks a golden page showing what it is for).
/// The one pass that is there for speed alone changes none.
#[test]
fn every_pass_changes_a_golden_page_when_switched_off() {
    const SPEED_ONLY: &[Pass] = &[Pass::DropUnkeptAttributes];
    let cases = cases();
    let whole: Vec<_> = cases.iter().map(|case| outputs(case)).collect();
    let mut wrong = Vec::new();
    for pass in PASSES {
        let changed: Vec<String> = cases
            .iter()
            .zip(&whole)
            .filter(|(case, whole)| outputs_with(case, Passes::all().without(pass)) != **whole)
            .map(|(case, _)| case.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let speed_only = SPEED_ONLY.contains(&pass);
        if changed.is_empty() != speed_only {
            wrong.push(format!("{}: changes {changed:?}", pass.name()));
        }
    }
    assert!(
        wrong.is_empty(),
        "switched off, a pass should change at least one golden page ({} none):\n{}",
        SPEED_ONLY
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(", "),
        wrong.join("\n")
    );
}

#[test]
fn passes_are_named_and_found_by_name() {
    for pass in PASSES {
        assert_eq!(Pass::from_name(pass.name()), Ok(pass));
        assert!(Passes::all().runs(pass));
        assert!(!Passes::all().without(pass).runs(pass));
    }
    let err = Pass::from_name("tidy").unwrap_err();
    assert!(
        err.starts_with(
            "no extraction pass is named \"tidy\"; the passes are trim-markup, uncloak,"
        ),
        "{err}"
    );
}

/// A short post above a long comment thread: the retry on a container holding little of the
/// page's text must not take the thread for a bigger article (issue #25).
#[test]
fn a_long_comment_thread_does_not_replace_a_short_post() {
    let case = cases()
        .into_iter()
        .find(|c| c.ends_with("short-post-long-thread"))
        .unwrap();
    let text = &outputs(&case)[2].1;
    assert!(
        text.contains("We moved the allotment's rain barrels")
            && text.contains("Thank you to everyone who came."),
        "the post is lost:\n{text}"
    );
    for comment in ["Brilliant work, all of you", "12 responses to", "stopcock"] {
        assert!(
            !text.contains(comment),
            "{comment:?} from the thread is in:\n{text}"
        );
    }
}

/// The properties the golden files were reviewed for, asserted directly so that an update
/// cannot quietly accept a regression of them.
#[test]
fn golden_pages_keep_what_a_reader_needs() {
    let text_of = |name: &str| -> (String, String, String) {
        let case = cases()
            .into_iter()
            .find(|c| c.ends_with(name))
            .unwrap_or_else(|| panic!("no golden case {name}"));
        let out = outputs(&case);
        (out[0].1.clone(), out[1].1.clone(), out[3].1.clone())
    };

    let (metadata, html, markdown) = text_of("code-heavy-post");
    let metadata: serde_json::Value = serde_json::from_str(&metadata).unwrap();
    assert_eq!(metadata["modified_at"], "2026-10-16T16:05:00Z");
    for fence in [
        "```shell",
        "```console",
        "```python",
        "```rust",
        "```toml",
        "```js",
    ] {
        assert!(markdown.contains(fence), "{fence} missing:\n{markdown}");
    }
    assert!(
        markdown.contains("```\npackage main"),
        "the numbered listing is one block without numbers:\n{markdown}"
    );
    assert!(
        !html.contains("<table><tbody><tr><td><div><pre>1"),
        "{html}"
    );
    assert!(
        markdown.contains(r#"as_deref() == Ok("release") && 1 < 2 {"#),
        "code is verbatim, entities decoded:\n{markdown}"
    );
    assert!(!markdown.contains("Popular posts") && !markdown.contains("Share on"));

    let (_, html, _) = text_of("lazy-images");
    for image in [
        "images/r9-front.jpg",
        "images/r9-soc-1600.webp",
        "images/r9-die-1200.jpg",
        "images/bench-chart@2x.png",
    ] {
        assert!(html.contains(image), "{image} lost:\n{html}");
    }
    assert!(
        !html.contains("data:") && !html.contains("tracker"),
        "{html}"
    );

    let (metadata, _, _) = text_of("jsonld-graph");
    let metadata: serde_json::Value = serde_json::from_str(&metadata).unwrap();
    assert_eq!(
        metadata["title"],
        "Regulators open inquiry into app-store fees"
    );
    assert_eq!(metadata["byline"], "Hana Lindqvist, Tomás Ortega");
    assert_eq!(metadata["published_at"], "2026-09-02T05:15:00Z");
    assert_eq!(metadata["modified_at"], "2026-09-02T10:40:00Z");
    assert_eq!(metadata["site_name"], "The Ledger");

    let (_, _, markdown) = text_of("clutter-inside-article");
    for clutter in [
        "newsletter",
        "Sync engines, compared",
        "dbfan42",
        "Most popular",
        "All rights reserved",
        "Copy link",
    ] {
        assert!(!markdown.contains(clutter), "{clutter} kept:\n{markdown}");
    }
    assert!(markdown.contains("conflict resolution"), "{markdown}");

    let (metadata, _, markdown) = text_of("legacy-windows-1252");
    assert!(
        markdown.contains("„doppelte Leistung zum halben Preis“") && markdown.contains("39 €"),
        "{markdown}"
    );
    assert!(
        metadata.contains("Größer, schneller, günstiger"),
        "{metadata}"
    );
    let (metadata, _, markdown) = text_of("legacy-shift-jis");
    assert!(markdown.contains("並行処理の仕組み"), "{markdown}");
    assert!(
        metadata.contains("国産プログラミング言語の新版が公開"),
        "{metadata}"
    );

    let (metadata, _, markdown) = text_of("react-streamed");
    assert!(
        markdown.contains("Checkpoints need a moment without readers")
            && markdown.contains("PRAGMA wal_checkpoint(TRUNCATE);"),
        "the article streamed in a hidden segment is found: {markdown}"
    );
    assert!(
        !markdown.contains("Loading article") && !markdown.contains("Read next"),
        "{markdown}"
    );
    assert!(metadata.contains(r#""title": "Why your SQLite WAL keeps growing""#));

    let (_, html, markdown) = text_of("embeds-and-math");
    assert!(
        markdown.contains("https://www.youtube.com/watch?v=dQw0attn42"),
        "{markdown}"
    );
    assert!(markdown.contains("attention-animation.mp4"), "{markdown}");
    assert!(
        html.contains(r#"<span class="math math-inline">A = \mathrm{softmax}(QK^T)V</span>"#),
        "{html}"
    );
    assert!(
        markdown.contains(r"$A = \mathrm{softmax}(QK^T)V$")
            && markdown.contains(r"$$\text{cost} = O(n^2 d)$$"),
        "TeX is written unescaped: {markdown}"
    );
    assert!(
        markdown.contains("memory traffic"),
        "the tweet's text is kept"
    );

    // One page for each pass that no page above shows (the ablation test keeps them honest).
    let (_, _, markdown) = text_of("story-in-clipped-boxes");
    assert!(
        markdown.contains("Its author credits a long thread"),
        "the clipped box is kept: {markdown}"
    );
    let (_, _, markdown) = text_of("subheadings-classed-header");
    assert!(markdown.contains("## What the tests missed"), "{markdown}");
    let (_, _, markdown) = text_of("story-in-sidebar-box");
    assert!(markdown.contains("platform assignments"), "{markdown}");
    let (_, _, markdown) = text_of("guide-with-product-cards");
    for card in ["### Halvard K2", "### Tessel 75", "### Quill Low"] {
        assert!(markdown.contains(card), "{card} lost: {markdown}");
    }
    let (_, _, markdown) = text_of("story-split-in-blocks");
    assert!(
        markdown.contains("shipped its first release built entirely by volunteers")
            && markdown.contains("Funding comes from a foundation"),
        "{markdown}"
    );
    let (_, _, markdown) = text_of("key-points-twice");
    assert_eq!(markdown.matches("Key points").count(), 1, "{markdown}");
    let (_, _, markdown) = text_of("declared-body-then-tail");
    assert!(
        markdown.contains("Shares rose six percent") && !markdown.contains("markets podcast"),
        "{markdown}"
    );
    let (_, _, markdown) = text_of("react-streamed-in-parts");
    assert!(
        markdown.contains("signing releases with keys") && !markdown.contains("Loading article"),
        "both streamed parts, in place of the placeholder: {markdown}"
    );
}
