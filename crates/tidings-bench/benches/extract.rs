//! Criterion benchmark of article extraction: a handful of Mozilla Readability test pages
//! (read in place from `$TIDINGS_SHARED/corpus/mozilla`, `../shared` by default), each extracted
//! whole: parse, pick the article, sanitise, metadata. Without that corpus, the project's own
//! golden pages (`tests/golden/extract`) are measured instead. `cargo bench -p tidings-bench
//! --bench extract`; `make test` runs it once in test mode (`cargo test --bench extract`). The
//! whole corpus against Readability.js is `make bench`'s job.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use url::Url;

/// Pages of different sizes and shapes.
const PAGES: &[&str] = &[
    "ars-1",
    "bbc-1",
    "medium-1",
    "nytimes-1",
    "wikipedia",
    "mozilla-1",
];

/// The pages measured: the Mozilla ones named in [`PAGES`], else every golden page.
fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("TIDINGS_SHARED")
        .map_or_else(|| root.join("../shared"), std::path::PathBuf::from);
    let corpus = shared.join("corpus/mozilla");
    if corpus.is_dir() {
        return PAGES
            .iter()
            .filter_map(|name| {
                let html = std::fs::read_to_string(corpus.join(name).join("source.html")).ok()?;
                Some(((*name).to_owned(), html))
            })
            .collect();
    }
    eprintln!(
        "the Mozilla corpus is not at {}: measuring the project's golden pages",
        corpus.display()
    );
    let golden = root.join("tests/golden/extract");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&golden)
        .unwrap_or_else(|e| panic!("{}: {e}", golden.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let bytes = std::fs::read(path.join("input.html")).ok()?;
            let name = path.file_name()?.to_string_lossy().into_owned();
            Some((name, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect();
    pages.sort();
    pages
}

fn extraction(c: &mut Criterion) {
    let url = Url::parse("http://fakehost/test/page.html").unwrap_or_else(|e| panic!("{e}"));
    let pages = pages();
    assert!(!pages.is_empty(), "no pages to measure");
    let mut group = c.benchmark_group("extract");
    for (name, html) in &pages {
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| tidings_core::extract::extract(std::hint::black_box(html), &url));
        });
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
