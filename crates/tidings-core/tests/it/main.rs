//! Integration tests of tidings-core through its public API, against servers on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod annotate;
mod bad_imports;
mod bad_urls;
mod boundaries;
mod clip;
mod concurrency;
mod corpus_oracle;
mod export;
mod faults;
mod feed_rules;
mod feeds;
mod fuzz_regressions;
mod golden;
mod library_states;
mod loopback;
mod omnivore;
mod portability;
mod saved_searches;
mod search;
mod xss;

use std::path::PathBuf;

/// A fixture page the project wrote itself, from `tests/fixtures/pages/`.
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pages")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A library in a fresh temporary folder (kept alive by the returned guard).
pub async fn temp_library() -> (tidings_core::Library, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let library = tidings_core::Library::open(dir.path().join("library.sqlite3"))
        .await
        .unwrap();
    (library, dir)
}
