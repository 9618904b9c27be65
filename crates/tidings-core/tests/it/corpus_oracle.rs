//! A slice of the corpus oracle kept in the repository: for 55 pages of the shared corpora
//! (Mozilla Readability's test pages, WCXB articles and documentation pages), a hash of
//! everything extraction gives them (`tests/golden/corpus-oracle.txt`). A change of behaviour
//! on any of them shows here, on a page nobody wrote for the project, without running the
//! extraction benchmark.
//!
//! The pages are not the project's to copy: they are read in place from `$TIDINGS_SHARED/corpus`
//! (`../shared` beside the repository by default). Without them this test says "not measured"
//! and checks nothing; `make test` passes in a clone that stands alone.
//!
//! After a deliberate change to the engine: `UPDATE_ORACLE=1 cargo test -p tidings-core --test
//! it corpus_oracle`, and say in the commit which pages changed and why.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::json;
use tidings_core::extract::extract;
use tidings_core::fetch::decode_html;
use url::Url;

/// The URL Readability's own tests serve their pages at.
const FALLBACK_URL: &str = "http://fakehost/test/page.html";

fn shared() -> PathBuf {
    std::env::var_os("TIDINGS_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    )
}

fn oracle_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/corpus-oracle.txt")
}

/// A page of a corpus, as `corpus/id`, with its bytes and the URL it was served at.
struct Page {
    name: String,
    bytes: Vec<u8>,
    url: String,
}

/// Every `step`-th page of each corpus (sorted by id): 17 of Mozilla's 130, 28 of the 699
/// articles, 10 of the 89 documentation pages.
fn pages(corpus: &Path) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut mozilla: Vec<PathBuf> = std::fs::read_dir(corpus.join("mozilla"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("source.html").is_file())
        .collect();
    mozilla.sort();
    for dir in mozilla.iter().step_by(8) {
        pages.push(Page {
            name: format!("mozilla/{}", dir.file_name().unwrap().to_string_lossy()),
            bytes: std::fs::read(dir.join("source.html")).unwrap(),
            url: FALLBACK_URL.to_owned(),
        });
    }
    for (name, step) in [("wcxb-articles", 25), ("wcxb-docs", 9)] {
        let dir = corpus.join(name);
        let truth: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).unwrap())
                .unwrap();
        let mut ids: Vec<&String> = truth
            .keys()
            .filter(|id| dir.join(format!("html/{id}.html.gz")).is_file())
            .collect();
        ids.sort();
        for id in ids.into_iter().step_by(step) {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(
                std::fs::File::open(dir.join(format!("html/{id}.html.gz"))).unwrap(),
            )
            .read_to_end(&mut bytes)
            .unwrap();
            pages.push(Page {
                name: format!("{name}/{id}"),
                bytes,
                url: truth[id]["url"].as_str().unwrap_or(FALLBACK_URL).to_owned(),
            });
        }
    }
    pages
}

/// Everything extraction gives a page, hashed (FNV-1a, 64 bits: a change detector, not a
/// seal).
fn fingerprint(page: &Page) -> String {
    let url = Url::parse(&page.url).unwrap();
    let html = decode_html(&page.bytes, "");
    let whole = match extract(&html, &url) {
        Ok(article) => {
            let mut whole = super::golden::metadata(&article);
            whole["content_html"] = json!(article.content_html);
            whole["text"] = json!(article.text);
            whole
        }
        Err(error) => json!({ "error": error.to_string() }),
    };
    let hash = whole
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
        });
    format!("{hash:016x}")
}

#[test]
fn corpus_pages_extract_as_recorded() {
    let corpus = shared().join("corpus");
    if !corpus.join("mozilla").is_dir() {
        eprintln!(
            "corpus oracle: not measured, the corpora were not found at {} (set TIDINGS_SHARED)",
            corpus.display()
        );
        return;
    }
    let actual: Vec<String> = pages(&corpus)
        .iter()
        .map(|page| format!("{} {}", page.name, fingerprint(page)))
        .collect();
    assert_eq!(actual.len(), 55, "the corpora changed shape");
    if std::env::var_os("UPDATE_ORACLE").is_some() {
        std::fs::write(oracle_file(), actual.join("\n") + "\n").unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(oracle_file()).unwrap();
    let recorded: Vec<&str> = recorded.lines().collect();
    let changed: Vec<&str> = actual
        .iter()
        .zip(&recorded)
        .filter(|(actual, recorded)| actual != *recorded)
        .map(|(actual, _)| actual.split(' ').next().unwrap_or_default())
        .collect();
    assert!(
        changed.is_empty() && actual.len() == recorded.len(),
        "extraction changed on {} of {} corpus pages: {changed:?} (after a deliberate change: \
         UPDATE_ORACLE=1 cargo test -p tidings-core --test it corpus_oracle)",
        changed.len(),
        actual.len()
    );
}
