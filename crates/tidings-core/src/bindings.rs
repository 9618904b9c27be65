//! Keeps the TypeScript bindings in `ui/src/bindings/` in step with the Rust types that cross
//! into the UI. `UPDATE_BINDINGS=1 cargo test -p tidings-core bindings` rewrites them.

use std::path::PathBuf;

use ts_rs::TS;

use crate::model::{
    Article, ArticleStatus, ArticleSummary, ClipOutcome, Collection, Highlight, LibraryInfo,
    ListFilter, Note, SearchHit, TagCount,
};

fn bindings_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

fn declaration<T: TS + 'static + ?Sized>() -> (String, String) {
    let cfg = ts_rs::Config::default();
    let code = T::export_to_string(&cfg)
        .unwrap_or_else(|e| panic!("cannot render {}: {e}", T::name(&cfg)));
    (format!("{}.ts", T::name(&cfg)), code)
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let files = [
        declaration::<ArticleStatus>(),
        declaration::<ArticleSummary>(),
        declaration::<Article>(),
        declaration::<Note>(),
        declaration::<Highlight>(),
        declaration::<Collection>(),
        declaration::<TagCount>(),
        declaration::<ListFilter>(),
        declaration::<SearchHit>(),
        declaration::<ClipOutcome>(),
        declaration::<LibraryInfo>(),
    ];
    let dir = bindings_dir();
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (name, code) in &files {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            std::fs::write(&path, code).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(code.as_str()) {
            stale.push(name.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "TypeScript bindings out of date: {stale:?}; run `UPDATE_BINDINGS=1 cargo test -p tidings-core bindings` and commit ui/src/bindings/"
    );
}
