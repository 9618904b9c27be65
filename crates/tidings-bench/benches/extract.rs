//! Criterion benchmark of article extraction: a handful of Mozilla Readability test pages
//! (read in place from `../shared/corpus/mozilla`), each extracted whole: parse, pick the
//! article, sanitise, metadata. `cargo bench -p tidings-bench --bench extract`; `make test` runs
//! it once in test mode (`cargo test --bench extract`). The whole corpus against Readability.js
//! is `make bench`'s job.

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

fn extraction(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/mozilla");
    let url = Url::parse("http://fakehost/test/page.html").unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("extract");
    let mut found = 0;
    for name in PAGES {
        let Ok(html) = std::fs::read_to_string(corpus.join(name).join("source.html")) else {
            continue;
        };
        found += 1;
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| tidings_core::extract::extract(std::hint::black_box(&html), &url));
        });
    }
    group.finish();
    if found == 0 {
        eprintln!(
            "the Mozilla corpus is not at {}: nothing measured",
            corpus.display()
        );
    }
}

criterion_group!(benches, extraction);
criterion_main!(benches);
