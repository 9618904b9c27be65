//! Keeps the TypeScript bindings in `ui/src/bindings/` in step with the Rust types that cross
//! into the UI. `UPDATE_BINDINGS=1 cargo test -p tidings-core bindings` rewrites them.

use std::path::PathBuf;

use ts_rs::TS;

use crate::import::ImportFormat;
use crate::model::{
    ApiToken, Article, ArticleFeedSource, ArticleStatus, ArticleSummary, ClipOutcome, Collection,
    ExportFormat, ExportProgress, ExportReport, ExportSelection, Feed, FeedItem, FeedOptions,
    FeedRule, FolderUnseen, Highlight, HighlightColor, HighlightEntry, HighlightFilter,
    HighlightInput, HighlightUpdate, ImportFailure, ImportProgress, ImportReport, ItemPreview,
    ItemState, KeptItem, LibraryBackup, LibraryInfo, ListFilter, ListSort, NewRule, Note,
    OpmlImportReport, Pairing, ReextractReport, RefreshOutcome, RuleAction, RuleEdit, RuleField,
    SavedSearch, SavedSearchFilter, SearchHit, StreamCounts, StreamFilter, StreamSettings,
    StreamStates, SubscribeOutcome, TagCount, ViewCounts,
};
use crate::ErrorCode;

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
        declaration::<ApiToken>(),
        declaration::<Pairing>(),
        declaration::<LibraryInfo>(),
        declaration::<HighlightInput>(),
        declaration::<HighlightUpdate>(),
        declaration::<HighlightFilter>(),
        declaration::<HighlightEntry>(),
        declaration::<ReextractReport>(),
        declaration::<ExportFormat>(),
        declaration::<ExportSelection>(),
        declaration::<ExportReport>(),
        declaration::<ExportProgress>(),
        declaration::<ImportFormat>(),
        declaration::<ImportFailure>(),
        declaration::<ImportReport>(),
        declaration::<ImportProgress>(),
        declaration::<ListSort>(),
        declaration::<ViewCounts>(),
        declaration::<LibraryBackup>(),
        declaration::<SavedSearchFilter>(),
        declaration::<SavedSearch>(),
        declaration::<ErrorCode>(),
        declaration::<HighlightColor>(),
        declaration::<Feed>(),
        declaration::<FeedItem>(),
        declaration::<ItemState>(),
        declaration::<StreamStates>(),
        declaration::<StreamFilter>(),
        declaration::<FeedOptions>(),
        declaration::<SubscribeOutcome>(),
        declaration::<RefreshOutcome>(),
        declaration::<OpmlImportReport>(),
        declaration::<KeptItem>(),
        declaration::<ArticleFeedSource>(),
        declaration::<ItemPreview>(),
        declaration::<RuleField>(),
        declaration::<RuleAction>(),
        declaration::<FeedRule>(),
        declaration::<NewRule>(),
        declaration::<RuleEdit>(),
        declaration::<StreamSettings>(),
        declaration::<StreamCounts>(),
        declaration::<FolderUnseen>(),
    ];
    let mut index = String::from(
        "// The types that cross the IPC boundary. Each `<Type>.ts` beside this file is generated from the Rust\n\
         // model in crates/tidings-core (ts-rs); this index only re-exports them, so import from \"../bindings\".\n",
    );
    let mut names: Vec<&str> = files
        .iter()
        .map(|(name, _)| name.trim_end_matches(".ts"))
        .collect();
    names.sort_unstable();
    for name in names {
        index.push_str(&format!("export type {{ {name} }} from \"./{name}\";\n"));
    }
    let files: Vec<(String, String)> = files
        .into_iter()
        .chain([("index.ts".to_owned(), index)])
        .collect();
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

/// Every colour's name on the wire is the name highlights store, and [`HIGHLIGHT_COLORS`] lists
/// each colour once.
#[test]
fn highlight_colours_cross_by_their_stored_names() {
    use crate::model::HIGHLIGHT_COLORS;
    let colours = [
        HighlightColor::Yellow,
        HighlightColor::Green,
        HighlightColor::Blue,
        HighlightColor::Pink,
        HighlightColor::Purple,
    ];
    let names: Vec<String> = colours
        .iter()
        .map(|c| {
            serde_json::to_string(c)
                .unwrap_or_default()
                .trim_matches('"')
                .to_owned()
        })
        .collect();
    assert_eq!(names, HIGHLIGHT_COLORS);
}
