//! The search index follows every change: insert, update, delete of articles, notes and highlights.

use tidings_core::backup::{
    Backup, BackupArticle, BackupHighlight, BackupNote, BACKUP_FORMAT, BACKUP_VERSION,
};
use tidings_core::model::{ArticleStatus, ListFilter};
use tidings_core::store::{ArticleContent, NewArticle, NewHighlight, Store};

fn article(title: &str, text: &str, key: &str) -> NewArticle {
    NewArticle {
        original_url: format!("https://example.com/{key}"),
        final_url: format!("https://example.com/{key}"),
        url_keys: vec![format!("example.com/{key}")],
        content: ArticleContent {
            title: title.into(),
            content_html: format!("<p>{text}</p>"),
            text: text.into(),
            ..ArticleContent::default()
        },
        raw_html: format!("<html><body><p>{text}</p></body></html>"),
        ..NewArticle::default()
    }
}

fn ids(store: &Store, query: &str) -> Vec<i64> {
    store
        .search(query, &ListFilter::default())
        .unwrap()
        .iter()
        .map(|h| h.article.id)
        .collect()
}

#[test]
fn a_restored_article_is_indexed_with_its_text_note_and_highlights() {
    let mut store = Store::open_in_memory().unwrap();
    let stamp = "2026-11-20T08:00:00Z".to_owned();
    let highlight = |exact: &str, start: u32, note: &str| BackupHighlight {
        exact: exact.into(),
        prefix: String::new(),
        suffix: String::new(),
        start,
        end: start + u32::try_from(exact.len()).unwrap(),
        color: "yellow".into(),
        note: Some(note.into()),
        orphaned: false,
        created_at: stamp.clone(),
        updated_at: stamp.clone(),
    };
    let text = "Axolotls regrow limbs. Tardigrades survive vacuum.";
    let backup = Backup {
        format: BACKUP_FORMAT.into(),
        version: BACKUP_VERSION,
        articles: vec![BackupArticle {
            reference: 1,
            original_url: "https://example.com/r".into(),
            final_url: "https://example.com/r".into(),
            canonical_url: None,
            title: "Hardy animals".into(),
            byline: None,
            site_name: None,
            language: None,
            published_at: None,
            modified_at: None,
            saved_at: stamp.clone(),
            excerpt: None,
            lead_image_url: None,
            word_count: 6,
            reading_minutes: 1,
            status: ArticleStatus::Unread,
            starred: false,
            tags: vec![],
            note: Some(BackupNote {
                body: "ask the narwhal keeper".into(),
                created_at: stamp.clone(),
                updated_at: stamp.clone(),
            }),
            highlights: vec![
                highlight("Axolotls regrow limbs", 0, "okapi"),
                highlight("Tardigrades survive vacuum", 23, "quokka"),
            ],
            warnings: vec![],
            content_html: format!("<p>{text}</p>"),
            text: text.into(),
            raw_html: None,
            captured_in_browser: false,
        }],
        collections: vec![],
        saved_searches: vec![],
    };
    store
        .import_backup(&backup, &[vec!["example.com/r".into()]])
        .unwrap();
    let id = ids(&store, "hardy")[0];
    for word in ["tardigrades", "narwhal", "okapi", "quokka"] {
        assert_eq!(ids(&store, word), vec![id], "{word} is found");
    }
    store.check_integrity().unwrap();
    assert_eq!(store.article(id).unwrap().text, text);
}

#[test]
fn the_index_follows_articles_notes_and_highlights() {
    let mut store = Store::open_in_memory().unwrap();
    let a = store
        .insert_article(
            &article(
                "Borrow checker internals",
                "Polonius rewrites the analysis.",
                "a",
            ),
            &[],
            None,
        )
        .unwrap();
    let b = store
        .insert_article(
            &article("Kernel news", "Schedulers and preemption in depth.", "b"),
            &[],
            None,
        )
        .unwrap();
    assert_eq!(ids(&store, "polonius"), vec![a]);
    assert_eq!(ids(&store, "borrow"), vec![a]);
    assert_eq!(
        ids(&store, "sched"),
        vec![b],
        "the last word matches as a prefix"
    );

    // Notes: insert, update, delete.
    store
        .set_note(b, "Compare with the zebra allocator", false)
        .unwrap();
    assert_eq!(ids(&store, "zebra"), vec![b]);
    store.set_note(b, "Now about giraffes", false).unwrap();
    assert!(
        ids(&store, "zebra").is_empty(),
        "the old note is gone from the index"
    );
    assert_eq!(ids(&store, "giraffes"), vec![b]);
    store.set_note(b, "and okapis", true).unwrap();
    assert_eq!(ids(&store, "giraffes okapis"), vec![b]);
    store.set_note(b, "", false).unwrap();
    assert!(ids(&store, "giraffes").is_empty());

    // Highlights: insert and delete.
    let h = store
        .insert_highlight(&NewHighlight {
            article_id: a,
            exact: "rewrites the analysis".into(),
            prefix: "Polonius ".into(),
            suffix: ".".into(),
            start: 9,
            end: 30,
            color: "yellow".into(),
            note: Some("flamingo idea".into()),
            orphaned: false,
        })
        .unwrap()
        .id;
    assert_eq!(ids(&store, "flamingo"), vec![a]);
    store.check_integrity().unwrap();
    store.delete_highlight(h).unwrap();
    assert!(ids(&store, "flamingo").is_empty());

    // Deleting an article with a note and a highlight leaves a consistent index.
    store.set_note(a, "pelican", false).unwrap();
    store
        .insert_highlight(&NewHighlight {
            article_id: a,
            exact: "Polonius".into(),
            prefix: String::new(),
            suffix: " rewrites".into(),
            start: 0,
            end: 8,
            color: "green".into(),
            note: None,
            orphaned: false,
        })
        .unwrap();
    store.delete_article(a).unwrap();
    assert!(ids(&store, "polonius").is_empty());
    assert!(ids(&store, "pelican").is_empty());
    assert_eq!(ids(&store, "kernel"), vec![b]);
    store.check_integrity().unwrap();
    assert_eq!(store.list(&ListFilter::default()).unwrap().len(), 1);
}

#[test]
fn titles_rank_above_body_text_and_snippets_mark_matches() {
    let mut store = Store::open_in_memory().unwrap();
    let body = store
        .insert_article(
            &article("Weekly notes", "A short aside about wasm runtimes.", "a"),
            &[],
            None,
        )
        .unwrap();
    let title = store
        .insert_article(
            &article("Wasm runtimes compared", "Five engines were measured.", "b"),
            &[],
            None,
        )
        .unwrap();
    let hits = store
        .search("wasm runtimes", &ListFilter::default())
        .unwrap();
    assert_eq!(
        hits.iter().map(|h| h.article.id).collect::<Vec<_>>(),
        vec![title, body]
    );
    assert!(
        hits[1].snippet.contains("[wasm] [runtimes]"),
        "{}",
        hits[1].snippet
    );
}

#[test]
fn hostile_queries_never_error() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_article(
            &article("Quotes", "He said \"hello\" AND left.", "a"),
            &[],
            None,
        )
        .unwrap();
    for q in [
        "\"", "\"hello", "AND", "OR NOT", "*", "(", "a:b", "NEAR(", "🦀", "'", "-", "^x",
        "col:val*",
    ] {
        store
            .search(q, &ListFilter::default())
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    assert_eq!(
        store
            .search("\"hello", &ListFilter::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn lists_sort_by_published_date_and_views_are_counted() {
    use tidings_core::model::{ArticleStatus, ListSort};
    let mut store = Store::open_in_memory().unwrap();
    let mut dated = |title: &str, key: &str, published: Option<&str>| {
        let mut a = article(title, "Some words.", key);
        a.content.published_at = published.map(str::to_owned);
        store.insert_article(&a, &[], None).unwrap()
    };
    let old = dated("Old", "a", Some("2020-01-01T00:00:00Z"));
    let undated = dated("Undated", "b", None);
    let new = dated("New", "c", Some("2026-01-01T00:00:00Z"));
    let by_published = ListFilter {
        sort: Some(ListSort::Published),
        ..ListFilter::default()
    };
    let ids: Vec<i64> = store
        .list(&by_published)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(
        ids,
        vec![new, old, undated],
        "newest published first, undated last"
    );

    store.set_status(old, ArticleStatus::Archived).unwrap();
    store.set_starred(new, true).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(
        (
            counts.unread,
            counts.starred,
            counts.archived,
            counts.all,
            counts.highlights
        ),
        (2, 1, 1, 3, 0)
    );
}

#[test]
fn collections_can_be_reordered() {
    let mut store = Store::open_in_memory().unwrap();
    for name in ["A", "B", "C"] {
        store.create_collection(name, "").unwrap();
    }
    store.move_collection("c", 1).unwrap();
    let names: Vec<String> = store
        .collections()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["C", "A", "B"]);
    store.move_collection("C", 99).unwrap();
    let names: Vec<String> = store
        .collections()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["A", "B", "C"]);
    assert!(store.move_collection("nope", 1).is_err());
}

/// Chinese and Japanese words are found inside sentences (the pairs index), alone or with
/// Latin words, and the index follows new articles, notes, highlights and deletions.
#[test]
fn chinese_and_japanese_words_are_found_inside_sentences() {
    let mut store = Store::open_in_memory().unwrap();
    let ja = store
        .insert_article(
            &article(
                "国産プログラミング言語の新版が公開",
                "今回の版では並行処理の仕組みが大きく見直され、Rust との比較も示された。",
                "ja",
            ),
            &[],
            None,
        )
        .unwrap();
    let zh = store
        .insert_article(
            &article("数据库新版本发布", "新版本改进了查询性能和并发处理。", "zh"),
            &[],
            None,
        )
        .unwrap();
    let en = store
        .insert_article(
            &article("Parallel processing", "Threads and tasks.", "en"),
            &[],
            None,
        )
        .unwrap();
    assert_eq!(ids(&store, "並行処理"), vec![ja], "a word inside a run");
    assert_eq!(ids(&store, "公開"), vec![ja], "two characters");
    assert_eq!(ids(&store, "言語"), vec![ja], "in the title");
    assert_eq!(ids(&store, "并发处理"), vec![zh]);
    let mut one_character = ids(&store, "版");
    one_character.sort_unstable();
    assert_eq!(
        one_character,
        vec![ja, zh],
        "one character: a prefix of pairs"
    );
    assert!(
        ids(&store, "処理並行").is_empty(),
        "the characters in the wrong order"
    );
    assert_eq!(
        ids(&store, "Rust 並行"),
        vec![ja],
        "mixed with a Latin word"
    );
    assert!(
        ids(&store, "Threads 並行").is_empty(),
        "all words must match"
    );
    assert_eq!(ids(&store, "parallel"), vec![en]);
    let hits = store.search("仕組み", &ListFilter::default()).unwrap();
    assert!(
        hits[0]
            .snippet
            .contains("[今回の版では並行処理の仕組みが大きく見直され]"),
        "{}",
        hits[0].snippet
    );

    store.set_note(en, "メモ：非同期ランタイム", false).unwrap();
    assert_eq!(ids(&store, "非同期"), vec![en], "a note in Japanese");
    store.set_note(en, "", false).unwrap();
    assert!(ids(&store, "非同期").is_empty());
    store.delete_article(ja).unwrap();
    assert!(ids(&store, "並行処理").is_empty());
    store.check_integrity().unwrap();
}

/// A library made before the pairs index existed gets it filled when it is opened.
#[test]
fn an_older_library_gets_its_chinese_and_japanese_text_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::from_slice(&tidings_core::store::MIGRATIONS[..3])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute(
            "INSERT INTO articles (original_url, final_url, title, saved_at, updated_at, content_html, text)
             VALUES ('https://example.jp/a', 'https://example.jp/a', '新版が公開', '2026-01-01T00:00:00Z',
                     '2026-01-01T00:00:00Z', '<p>並行処理の仕組み</p>', '並行処理の仕組み')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(ids(&store, "処理"), vec![1]);
    assert_eq!(ids(&store, "公開"), vec![1]);
}

/// The order is bm25 with the column weights (title 10, byline and site 2, text 1, note 4,
/// highlights 5), whether the search covers the whole library (a top-k sort, the trash left out)
/// or a view (FTS5's own ranking, filtered row by row); pages follow one another.
#[test]
fn results_are_ranked_by_weighted_bm25_in_every_view_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let mut rng = 7u64;
    let mut next = move |n: u64| {
        rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (rng >> 33) % n
    };
    let filler = [
        "the", "of", "grain", "river", "stone", "light", "window", "market",
    ];
    let mut ids_made = Vec::new();
    for i in 0..120 {
        let words: Vec<&str> = (0..5 + next(60))
            .map(|_| match next(12) {
                0 => "orbit",
                1 => "orbital",
                2 => "telescope",
                _ => filler[usize::try_from(next(8)).unwrap()],
            })
            .collect();
        let title = match next(6) {
            0 => "Orbit notes",
            1 => "Telescope orbit",
            _ => "Weekly digest",
        };
        let id = store
            .insert_article(
                &article(title, &words.join(" "), &format!("k{i}")),
                &[],
                None,
            )
            .unwrap();
        if next(5) == 0 {
            store.set_note(id, "an orbit to revisit", false).unwrap();
        }
        ids_made.push(id);
    }
    store
        .trash_articles(&[ids_made[3], ids_made[10], ids_made[40]])
        .unwrap();
    // Every article kept is unread: the inbox holds them all, through the other path.
    let db = rusqlite::Connection::open(&path).unwrap();
    for query in ["orbit tele", "orbit", "telescope orbit"] {
        let all = |filter: ListFilter| -> Vec<i64> {
            store
                .search(query, &filter)
                .unwrap()
                .iter()
                .map(|h| h.article.id)
                .collect()
        };
        let library = all(ListFilter {
            limit: Some(500),
            ..ListFilter::default()
        });
        assert!(library.len() > 20, "{query}: {}", library.len());
        let inbox = all(ListFilter {
            status: Some(tidings_core::model::ArticleStatus::Unread),
            limit: Some(500),
            ..ListFilter::default()
        });
        assert_eq!(library, inbox, "{query}");
        let mut paged = Vec::new();
        for page in 0..library.len().div_ceil(7) {
            paged.extend(all(ListFilter {
                limit: Some(7),
                offset: Some(u32::try_from(page * 7).unwrap()),
                ..ListFilter::default()
            }));
        }
        assert_eq!(library, paged, "{query}");
        // The reference: every kept match scored by FTS5's bm25 with the weights, best first.
        let words: Vec<String> = query.split(' ').map(|w| format!("\"{w}\"")).collect();
        let mut scored: Vec<(f64, i64)> = db
            .prepare(
                "SELECT bm25(articles_fts, 10.0, 2.0, 2.0, 1.0, 4.0, 5.0), rowid FROM articles_fts
                 WHERE articles_fts MATCH ?1",
            )
            .unwrap()
            .query_map([format!("{}*", words.join(" "))], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .filter(|(_, id)| ![ids_made[3], ids_made[10], ids_made[40]].contains(id))
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let reference: Vec<i64> = scored.iter().map(|(_, id)| *id).collect();
        assert_eq!(library, reference, "{query}");
    }
}

/// A library made before the schema became portable (version 6: highlights ordered inside
/// `group_concat`, a CJK index with `contentless_delete`) keeps both indexes in step when it is
/// opened: the main index still matches the rewritten view (FTS5's own check), and the new CJK
/// index follows every later change, its old words gone.
#[test]
fn a_library_from_version_6_keeps_its_indexes_in_the_portable_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        tidings_core::store::register_functions(&conn).unwrap();
        rusqlite_migration::Migrations::from_slice(&tidings_core::store::MIGRATIONS[..6])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO articles (original_url, final_url, title, saved_at, updated_at, content_html, text)
             VALUES ('https://example.jp/a', 'https://example.jp/a', '新版が公開', '2026-01-01T00:00:00Z',
                     '2026-01-01T00:00:00Z', '<p>並行処理の仕組み and Rust</p>', '並行処理の仕組み and Rust');
             INSERT INTO notes (article_id, body, created_at, updated_at)
             VALUES (1, 'メモ：非同期', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             -- Ids in the opposite order of their places in the text: the view orders by id.
             INSERT INTO highlights (id, article_id, exact, start_pos, end_pos, note, created_at, updated_at)
             VALUES (1, 1, 'Rust', 20, 24, '所有権', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                    (2, 1, '並行処理', 0, 4, NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    store.check_integrity().unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let highlights: String = conn
        .query_row(
            "SELECT highlights FROM article_search_docs WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(highlights, "Rust 所有権\n並行処理 ");
    assert_eq!(ids(&store, "仕組み"), vec![1], "the text");
    assert_eq!(ids(&store, "非同期"), vec![1], "the note");
    assert_eq!(ids(&store, "所有権"), vec![1], "a highlight's note");

    store.set_note(1, "メモ：型推論", false).unwrap();
    assert!(ids(&store, "非同期").is_empty(), "the old note's words go");
    assert_eq!(ids(&store, "型推論"), vec![1]);
    store.delete_highlight(1).unwrap();
    assert!(
        ids(&store, "所有権").is_empty(),
        "a deleted highlight's words go"
    );
    store.check_integrity().unwrap();
    store.delete_article(1).unwrap();
    for word in ["仕組み", "型推論", "並行処理"] {
        assert!(
            ids(&store, word).is_empty(),
            "{word} after the article went"
        );
    }
    store.check_integrity().unwrap();
}

/// The first letters typed: one or two letters alone find titles with a word starting with them,
/// newest first, never from the trash; after other words they leave the result to those words.
/// The titles index follows a new title and a deletion.
#[test]
fn one_or_two_letters_find_titles_newest_first() {
    let mut store = Store::open_in_memory().unwrap();
    let rust = store
        .insert_article(
            &article("Rust 1.90 released", "Notes on the new compiler.", "r1"),
            &[],
            None,
        )
        .unwrap();
    let go = store
        .insert_article(
            &article("Go generics, a year on", "Rust is mentioned here.", "g1"),
            &[],
            None,
        )
        .unwrap();
    let ruby = store
        .insert_article(
            &article("Ruby gets a JIT", "Rust helped write it.", "r2"),
            &[],
            None,
        )
        .unwrap();
    let old = store
        .insert_article(
            &article("Rewriting the parser", "In C, then in Rust.", "r3"),
            &[],
            None,
        )
        .unwrap();
    assert_eq!(ids(&store, "r"), vec![old, ruby, rust], "newest first");
    assert_eq!(ids(&store, "ru"), vec![ruby, rust]);
    assert_eq!(ids(&store, "GO"), vec![go]);
    let mut rust_then_c = ids(&store, "rust c");
    rust_then_c.sort_unstable();
    assert_eq!(rust_then_c, vec![rust, go, ruby, old], "as for \"rust\"");
    assert_eq!(
        ids(&store, "rust \"c\""),
        vec![old],
        "a quoted letter is a word"
    );

    store.trash_articles(&[old]).unwrap();
    assert_eq!(ids(&store, "r"), vec![ruby, rust], "not from the trash");
    store
        .replace_content(
            ruby,
            &ArticleContent {
                title: "JIT for a scripting language".into(),
                text: "Rust helped write it.".into(),
                content_html: "<p>Rust helped write it.</p>".into(),
                ..ArticleContent::default()
            },
            &[],
        )
        .unwrap();
    assert_eq!(ids(&store, "ru"), vec![rust], "the old title's words go");
    assert_eq!(ids(&store, "sc"), vec![ruby], "the new title's come");
    store.delete_article(rust).unwrap();
    assert!(ids(&store, "ru").is_empty());
    store.check_integrity().unwrap();
}
