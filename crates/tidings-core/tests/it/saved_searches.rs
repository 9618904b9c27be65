//! Saved searches through the facade: run afresh (a new clip that matches appears), the same
//! hits as the search they save, and kept in step when a collection or tag is renamed.

use tidings_core::model::{ArticleStatus, ListFilter};
use tidings_core::{ClipOptions, Library};

use crate::{fixture, temp_library};

async fn clip(
    library: &Library,
    url: &str,
    page: &str,
    tags: &[&str],
    collection: Option<&str>,
) -> i64 {
    library
        .clip_html(
            url,
            &fixture(page),
            ClipOptions {
                tags: tags.iter().map(|&t| t.to_owned()).collect(),
                collection: collection.map(str::to_owned),
            },
        )
        .await
        .unwrap()
        .article
        .id
}

fn ids(hits: &[tidings_core::model::SearchHit]) -> Vec<i64> {
    hits.iter().map(|h| h.article.id).collect()
}

#[tokio::test]
async fn a_saved_search_is_run_afresh_with_its_filter() {
    let (library, _dir) = temp_library().await;
    let rust = clip(
        &library,
        "https://compile-times.example/2026/11/async-closures-stable",
        "async-closures.html",
        &["weekly"],
        None,
    )
    .await;
    let weekly = ListFilter {
        tag: Some("weekly".into()),
        status: Some(ArticleStatus::Unread),
        limit: Some(3),
        offset: Some(7),
        trash: true,
        ..ListFilter::default()
    };
    let saved = library
        .save_search("This week", "release", &weekly)
        .await
        .unwrap();
    assert_eq!(saved.filter.tag.as_deref(), Some("weekly"));
    assert_eq!(saved.filter.status, Some(ArticleStatus::Unread));
    let run = library
        .run_saved_search("this week", None, None)
        .await
        .unwrap();
    assert_eq!(ids(&run), [rust]);

    // A new article that matches but is not tagged stays out; tagged, it appears.
    let sqlite = clip(
        &library,
        "https://db-weekly.example/sqlite-26",
        "second-article.html",
        &[],
        None,
    )
    .await;
    assert_eq!(
        ids(&library
            .run_saved_search("This week", None, None)
            .await
            .unwrap()),
        [rust]
    );
    library
        .add_tags(sqlite, vec!["weekly".into()])
        .await
        .unwrap();
    let run = library
        .run_saved_search(&saved.id.to_string(), None, None)
        .await
        .unwrap();
    let direct = library
        .search_in(
            "release",
            ListFilter {
                tag: Some("weekly".into()),
                status: Some(ArticleStatus::Unread),
                ..ListFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(run, direct, "the same hits as the search it saves");
    assert_eq!(run.len(), 2);
    assert_eq!(
        library
            .run_saved_search("This week", Some(1), Some(1))
            .await
            .unwrap(),
        direct[1..]
    );

    // Read articles leave it (its filter keeps the inbox's status).
    library.set_status(rust, ArticleStatus::Read).await.unwrap();
    assert_eq!(
        ids(&library
            .run_saved_search("This week", None, None)
            .await
            .unwrap()),
        [sqlite]
    );

    let err = library
        .run_saved_search("Last week", None, None)
        .await
        .unwrap_err();
    assert_eq!(
        (err.code().as_str(), err.to_string().as_str()),
        ("not_found", r#"no saved search named "Last week""#)
    );
}

#[tokio::test]
async fn renaming_a_collection_or_tag_keeps_saved_searches_finding_the_same_articles() {
    let (library, _dir) = temp_library().await;
    let rust = clip(
        &library,
        "https://compile-times.example/2026/11/async-closures-stable",
        "async-closures.html",
        &["rust"],
        Some("Reading list"),
    )
    .await;
    let in_list = ListFilter {
        collection: Some("reading list".into()),
        ..ListFilter::default()
    };
    let saved = library
        .save_search("Queue", "closures", &in_list)
        .await
        .unwrap();
    assert_eq!(
        saved.filter.collection.as_deref(),
        Some("Reading list"),
        "the collection as named"
    );
    let tagged = ListFilter {
        tag: Some("rust".into()),
        ..ListFilter::default()
    };
    library
        .save_search("Rusty", "closures", &tagged)
        .await
        .unwrap();

    library
        .rename_collection("Reading list", "Weekend")
        .await
        .unwrap();
    library.rename_tag("RUST", "rustlang").await.unwrap();
    let queue = library.saved_search("queue").await.unwrap();
    assert_eq!(queue.filter.collection.as_deref(), Some("Weekend"));
    assert_eq!(
        library
            .saved_search("Rusty")
            .await
            .unwrap()
            .filter
            .tag
            .as_deref(),
        Some("rustlang")
    );
    for name in ["Queue", "Rusty"] {
        assert_eq!(
            ids(&library.run_saved_search(name, None, None).await.unwrap()),
            [rust],
            "{name}"
        );
    }

    // Deleting the collection leaves the saved search, which then says what is missing.
    library.delete_collection("Weekend").await.unwrap();
    let err = library
        .run_saved_search("Queue", None, None)
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), r#"no collection named "Weekend""#);

    library.delete_saved_search("queue").await.unwrap();
    let names: Vec<String> = library
        .saved_searches()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["Rusty"]);
}
