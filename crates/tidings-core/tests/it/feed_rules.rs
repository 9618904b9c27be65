//! Curating the stream against feeds served on 127.0.0.1, with a clock the test moves: rules on
//! each field, words and regular expressions, every action, per feed or global, expiry, applied
//! as items arrive only (and their dry run); housekeeping by age and state; full-text previews
//! kept without a second fetch; the stream's search apart from the library's.

use test_server::{Response, TestServer};
use tidings_core::model::{
    FeedItem, FeedOptions, ItemState, NewRule, RuleAction, RuleEdit, RuleField, StreamSettings,
};
use tidings_core::{ErrorCode, Library};

use super::feeds::{
    feed_response, hours_before, items_of, library, not_modified, subscribe, ARTICLE,
};

/// An item of [`feed`]: guid, title, link, author, categories, summary (HTML, escaped here).
struct Item<'a> {
    guid: &'a str,
    title: &'a str,
    link: &'a str,
    author: &'a str,
    categories: &'a [&'a str],
    summary: &'a str,
}

impl<'a> Item<'a> {
    fn titled(guid: &'a str, title: &'a str) -> Self {
        Self {
            guid,
            title,
            link: "",
            author: "",
            categories: &[],
            summary: "",
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An RSS 2.0 feed of `items`, each published an hour after the next.
fn feed(title: &str, items: &[Item<'_>]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>{title}</title><link>https://site.example/</link>"
    );
    for (i, item) in items.iter().enumerate() {
        let link = if item.link.is_empty() {
            format!("https://site.example/{}", item.guid)
        } else {
            item.link.to_owned()
        };
        xml.push_str(&format!(
            "<item><guid>{}</guid><title>{}</title><link>{}</link><pubDate>{}</pubDate>",
            item.guid,
            escape(item.title),
            escape(&link),
            hours_before(i64::try_from(i).unwrap() + 1)
        ));
        if !item.author.is_empty() {
            xml.push_str(&format!("<dc:creator>{}</dc:creator>", item.author));
        }
        for c in item.categories {
            xml.push_str(&format!("<category>{c}</category>"));
        }
        xml.push_str(&format!(
            "<description>{}</description></item>",
            escape(item.summary)
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn rule(field: RuleField, pattern: &str, action: RuleAction) -> NewRule {
    NewRule {
        feed_id: None,
        field,
        pattern: pattern.into(),
        regex: false,
        action,
        expires_in: None,
    }
}

fn by_title<'a>(items: &'a [FeedItem], title: &str) -> &'a FeedItem {
    items
        .iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no item {title:?} in {items:?}"))
}

async fn add(library: &Library, rule: NewRule) -> i64 {
    library.add_rule(rule).await.unwrap().id
}

#[tokio::test]
async fn rules_on_each_field_act_as_items_arrive() {
    let (library, _clock, _dir) = library().await;
    add(
        &library,
        rule(RuleField::Title, "crypto", RuleAction::Dismiss),
    )
    .await;
    add(
        &library,
        NewRule {
            regex: true,
            ..rule(
                RuleField::Url,
                r"^https://github\.com/",
                RuleAction::Tag("code".into()),
            )
        },
    )
    .await;
    add(
        &library,
        rule(RuleField::Author, "jane doe", RuleAction::Star),
    )
    .await;
    add(
        &library,
        rule(RuleField::Category, "Rust", RuleAction::Tag("rust".into())),
    )
    .await;
    add(
        &library,
        rule(RuleField::Content, "sponsored post", RuleAction::Dismiss),
    )
    .await;
    let items = [
        Item::titled("1", "Crypto winter is coming"),
        Item::titled("2", "Post-quantum cryptography explained"),
        Item {
            link: "https://github.com/a/b",
            ..Item::titled("3", "A new repository")
        },
        Item {
            link: "https://example.com/?via=https://github.com/",
            ..Item::titled("4", "Not on GitHub")
        },
        Item {
            author: "Jane Doe",
            ..Item::titled("5", "By Jane")
        },
        Item {
            author: "Jane Doering",
            ..Item::titled("6", "By someone else")
        },
        Item {
            categories: &["Programming", "rust"],
            ..Item::titled("7", "In the category")
        },
        Item {
            categories: &["Rustic furniture"],
            ..Item::titled("8", "Not in it")
        },
        Item {
            summary: "<p>This is a <b>Sponsored</b>\n<i>post</i> &amp; more</p>",
            ..Item::titled("9", "An advert")
        },
        Item {
            summary: "<p>Sponsored by nobody; a post about posts</p>",
            ..Item::titled("10", "Not an advert")
        },
    ];
    let server = TestServer::start(vec![("/feed", feed_response(feed("Mixed", &items)))]);
    let feed_id = subscribe(&library, &server.url("/feed")).await;
    let stream = items_of(&library, feed_id).await;
    assert_eq!(stream.len(), 10);
    let state = |title| by_title(&stream, title).state;
    assert_eq!(state("Crypto winter is coming"), ItemState::Dismissed);
    // Whole words: "crypto" is not "cryptography".
    assert_eq!(state("Post-quantum cryptography explained"), ItemState::New);
    assert_eq!(by_title(&stream, "A new repository").tags, ["code"]);
    assert!(by_title(&stream, "Not on GitHub").tags.is_empty());
    assert!(by_title(&stream, "By Jane").starred);
    assert!(!by_title(&stream, "By someone else").starred);
    assert_eq!(by_title(&stream, "In the category").tags, ["rust"]);
    assert!(by_title(&stream, "Not in it").tags.is_empty());
    // Content is the summary's text: markup and spacing between the words do not matter.
    assert_eq!(state("An advert"), ItemState::Dismissed);
    assert_eq!(state("Not an advert"), ItemState::New);
    // Nothing else was touched.
    let untouched = stream
        .iter()
        .filter(|i| i.state == ItemState::New && !i.starred && i.tags.is_empty())
        .count();
    assert_eq!(untouched, 5);
}

#[tokio::test]
async fn a_rule_applies_to_arrivals_only_per_feed_or_globally_until_it_expires() {
    let first = feed("A", &[Item::titled("old", "Old rust news")]);
    let second = feed(
        "A",
        &[
            Item::titled("new", "New rust news"),
            Item::titled("muted", "Muted crypto news"),
            Item::titled("old", "Old rust news"),
        ],
    );
    let server_a = TestServer::start(vec![
        ("/a", feed_response(first)),
        ("/a", feed_response(second)),
    ]);
    let server_b = TestServer::start(vec![
        ("/b", feed_response(feed("B", &[]))),
        (
            "/b",
            feed_response(feed(
                "B",
                &[
                    Item::titled("b1", "Elsewhere rust news"),
                    Item::titled("b2", "Elsewhere crypto news"),
                ],
            )),
        ),
    ]);
    let (library, clock, _dir) = library().await;
    let a = subscribe(&library, &server_a.url("/a")).await;
    let b = subscribe(&library, &server_b.url("/b")).await;
    // Scoped to feed A; and a global mute that expires in 12 hours.
    let scoped = library
        .add_rule(NewRule {
            feed_id: Some(a),
            ..rule(RuleField::Title, "rust", RuleAction::Dismiss)
        })
        .await
        .unwrap();
    assert_eq!(scoped.feed_id, Some(a));
    let mute = library
        .add_rule(NewRule {
            expires_in: Some("12h".into()),
            ..rule(RuleField::Title, "crypto", RuleAction::Dismiss)
        })
        .await
        .unwrap();
    assert_eq!(mute.expires_at.as_deref(), Some("2026-05-02T00:00:00Z"));
    assert!(!mute.expired);
    // The item already in the stream is not changed by the new rule; the dry run shows it.
    let old = by_title(&items_of(&library, a).await, "Old rust news").clone();
    assert_eq!(old.state, ItemState::New);
    let would = library.test_rule(scoped.id).await.unwrap();
    assert_eq!(
        would.iter().map(|i| i.id).collect::<Vec<_>>(),
        [old.id],
        "{would:?}"
    );
    assert_eq!(
        library.feed_item(old.id).await.unwrap().state,
        ItemState::New
    );
    // The mute expires before the next poll: it is listed as expired and ignored.
    clock.advance(chrono::Duration::hours(13));
    let listed = library.rules().await.unwrap();
    assert_eq!(
        listed.iter().map(|r| (r.id, r.expired)).collect::<Vec<_>>(),
        [(scoped.id, false), (mute.id, true)]
    );
    library.refresh_all_feeds().await.unwrap();
    let in_a = items_of(&library, a).await;
    assert_eq!(by_title(&in_a, "New rust news").state, ItemState::Dismissed);
    assert_eq!(by_title(&in_a, "Old rust news").state, ItemState::New);
    assert_eq!(by_title(&in_a, "Muted crypto news").state, ItemState::New);
    // Feed B's items: the scoped rule is not B's.
    let in_b = items_of(&library, b).await;
    assert!(in_b.iter().all(|i| i.state == ItemState::New), "{in_b:?}");
    // A dry run of a rule not added yet, over every feed.
    let would = library
        .test_new_rule(rule(RuleField::Title, "rust news", RuleAction::Keep))
        .await
        .unwrap();
    let mut titles: Vec<&str> = would.iter().map(|i| i.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        ["Elsewhere rust news", "New rust news", "Old rust news"]
    );
    // Nothing acted.
    let articles = library
        .list(tidings_core::model::ListFilter::default())
        .await
        .unwrap();
    assert!(articles.is_empty());
}

#[tokio::test]
async fn a_keep_rule_keeps_the_article_with_the_star_and_tags_rules_left() {
    let server = TestServer::start(vec![("/story", Response::html(ARTICLE))]);
    let (library, _clock, _dir) = library().await;
    add(&library, rule(RuleField::Title, "kept", RuleAction::Keep)).await;
    add(&library, rule(RuleField::Title, "story", RuleAction::Star)).await;
    add(
        &library,
        rule(
            RuleField::Title,
            "story",
            RuleAction::Tag("must-read".into()),
        ),
    )
    .await;
    // A mute on the same item: keeping wins.
    add(
        &library,
        rule(RuleField::Title, "kept", RuleAction::Dismiss),
    )
    .await;
    let items = [
        Item::titled("x", "Nothing to see"),
        Item {
            link: &server.url("/story"),
            ..Item::titled("k", "A kept story")
        },
    ];
    let feeds = TestServer::start(vec![
        ("/feed", feed_response(feed("K", &[]))),
        ("/feed", feed_response(feed("K", &items))),
    ]);
    let feed_id = subscribe(&library, &feeds.url("/feed")).await;
    let outcome = library.refresh_feeds(Some(vec![feed_id])).await.unwrap();
    assert_eq!(
        (outcome[0].new_items, outcome[0].kept),
        (2, 1),
        "{outcome:?}"
    );
    assert!(outcome[0].keep_errors.is_empty());
    let stream = items_of(&library, feed_id).await;
    let kept = by_title(&stream, "A kept story");
    assert_eq!(kept.state, ItemState::Kept);
    assert_eq!(kept.tags, ["must-read"]);
    assert!(kept.starred);
    let article = library.article(kept.article_id.unwrap()).await.unwrap();
    assert!(article.summary.starred);
    assert_eq!(article.tags, ["must-read"]);
    assert_eq!(by_title(&stream, "Nothing to see").state, ItemState::New);
}

#[tokio::test]
async fn a_keep_rule_that_cannot_keep_leaves_the_item_new_and_says_why() {
    let (library, _clock, _dir) = library().await;
    add(&library, rule(RuleField::Title, "broken", RuleAction::Keep)).await;
    let server = TestServer::start(vec![("/gone", Response::status(404))]);
    let link = server.url("/gone");
    let items = [Item {
        link: &link,
        ..Item::titled("b", "A broken link")
    }];
    let feeds = TestServer::start(vec![
        ("/feed", feed_response(feed("K", &[]))),
        ("/feed", feed_response(feed("K", &items))),
    ]);
    let feed_id = subscribe(&library, &feeds.url("/feed")).await;
    let outcome = library.refresh_feeds(Some(vec![feed_id])).await.unwrap();
    assert_eq!(outcome[0].kept, 0);
    assert_eq!(outcome[0].error, None);
    assert_eq!(outcome[0].keep_errors.len(), 1, "{outcome:?}");
    assert!(outcome[0].keep_errors[0].contains("404"), "{outcome:?}");
    assert!(!outcome[0].keep_errors[0].contains('\n'));
    assert_eq!(items_of(&library, feed_id).await[0].state, ItemState::New);
}

#[tokio::test]
async fn rules_are_checked_edited_and_removed() {
    let (library, _clock, _dir) = library().await;
    // A bad regular expression: one line naming it; nothing added.
    let err = library
        .add_rule(NewRule {
            regex: true,
            ..rule(RuleField::Title, "(unclosed", RuleAction::Dismiss)
        })
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("\"(unclosed\""), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    // A pattern that compiles too big is refused too.
    let err = library
        .add_rule(NewRule {
            regex: true,
            ..rule(RuleField::Title, r"\w{1000}{1000}", RuleAction::Dismiss)
        })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("rule pattern"), "{err}");
    let err = library
        .add_rule(NewRule {
            expires_in: Some("soon".into()),
            ..rule(RuleField::Title, "x", RuleAction::Dismiss)
        })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("\"soon\""), "{err}");
    let err = library
        .add_rule(NewRule {
            feed_id: Some(99),
            ..rule(RuleField::Title, "x", RuleAction::Dismiss)
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(library.rules().await.unwrap().is_empty());
    // Edit: the parts named change, the others stay.
    let id = library
        .add_rule(NewRule {
            expires_in: Some("2w".into()),
            ..rule(RuleField::Title, "crypto", RuleAction::Dismiss)
        })
        .await
        .unwrap()
        .id;
    let edited = library
        .edit_rule(
            id,
            RuleEdit {
                field: Some(RuleField::Content),
                action: Some(RuleAction::Tag("later".into())),
                ..RuleEdit::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (
            edited.field,
            edited.pattern.as_str(),
            edited.action.clone(),
            edited.expires_at.as_deref()
        ),
        (
            RuleField::Content,
            "crypto",
            RuleAction::Tag("later".into()),
            Some("2026-05-15T12:00:00Z")
        )
    );
    // A bad edit changes nothing.
    let err = library
        .edit_rule(
            id,
            RuleEdit {
                pattern: Some("[".into()),
                regex: Some(true),
                ..RuleEdit::default()
            },
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("\"[\""), "{err}");
    assert_eq!(library.rule(id).await.unwrap(), edited);
    let edited = library
        .edit_rule(
            id,
            RuleEdit {
                no_expiry: true,
                ..RuleEdit::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(edited.expires_at, None);
    library.remove_rule(id).await.unwrap();
    assert!(library.rules().await.unwrap().is_empty());
    let err = library.remove_rule(id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(err.to_string(), format!("no rule with id {id}"));
}

#[tokio::test]
async fn housekeeping_purges_old_seen_and_dismissed_items_only() {
    let story = TestServer::start(vec![("/story", Response::html(ARTICLE))]);
    let story_url = story.url("/story");
    let items = [
        Item::titled("new", "Still new"),
        Item::titled("seen", "Seen"),
        Item::titled("dismissed", "Dismissed"),
        Item {
            link: &story_url,
            ..Item::titled("kept", "Kept")
        },
    ];
    let later = [
        Item::titled("fresh", "Fresh and seen"),
        Item::titled("new", "Still new"),
        Item::titled("seen", "Seen"),
        Item::titled("dismissed", "Dismissed"),
        Item {
            link: &story_url,
            ..Item::titled("kept", "Kept")
        },
    ];
    let server = TestServer::start(vec![
        ("/feed", feed_response(feed("H", &items))),
        ("/feed", not_modified()),
        ("/feed", feed_response(feed("H", &later))),
        (
            "/feed",
            feed_response(feed("H", &later).replace("<title>H", "<title>H ")),
        ),
    ]);
    let (library, clock, _dir) = library().await;
    let feed_id = subscribe(&library, &server.url("/feed")).await;
    let stream = items_of(&library, feed_id).await;
    library
        .mark_seen(vec![by_title(&stream, "Seen").id], true)
        .await
        .unwrap();
    library
        .dismiss_items(vec![by_title(&stream, "Dismissed").id])
        .await
        .unwrap();
    library
        .keep_item(by_title(&stream, "Kept").id)
        .await
        .unwrap();
    assert_eq!(
        library.stream_settings().await.unwrap(),
        StreamSettings { keep_days: 30 }
    );
    // 29 days on: nothing is old enough.
    clock.advance(chrono::Duration::days(29));
    library.refresh_all_feeds().await.unwrap();
    assert_eq!(items_of(&library, feed_id).await.len(), 4);
    // 31 days on: the seen and the dismissed item go after the refresh; new and kept stay.
    clock.advance(chrono::Duration::days(2));
    library.refresh_all_feeds().await.unwrap();
    let mut left: Vec<String> = items_of(&library, feed_id)
        .await
        .into_iter()
        .map(|i| i.title)
        .collect();
    left.sort_unstable();
    assert_eq!(left, ["Fresh and seen", "Kept", "Still new"]);
    // The feed still lists the purged items: they do not come back as new.
    let outcome = library.refresh_all_feeds().await.unwrap();
    assert_eq!(
        (outcome[0].error.as_deref(), outcome[0].new_items),
        (None, 0)
    );
    assert_eq!(items_of(&library, feed_id).await.len(), 3);
    let fresh = by_title(&items_of(&library, feed_id).await, "Fresh and seen").id;
    library.mark_seen(vec![fresh], true).await.unwrap();
    // A shorter setting, applied by the purge (a refresh does the same).
    let err = library
        .set_stream_settings(StreamSettings { keep_days: 0 })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at least 1"), "{err}");
    library
        .set_stream_settings(StreamSettings { keep_days: 1 })
        .await
        .unwrap();
    assert_eq!(library.purge_stream().await.unwrap(), 0);
    clock.advance(chrono::Duration::days(2));
    assert_eq!(library.purge_stream().await.unwrap(), 1);
    let mut left: Vec<String> = items_of(&library, feed_id)
        .await
        .into_iter()
        .map(|i| i.title)
        .collect();
    left.sort_unstable();
    assert_eq!(left, ["Kept", "Still new"]);
}

#[tokio::test]
async fn full_text_feeds_fetch_previews_and_keeping_one_fetches_nothing_more() {
    let pages = TestServer::start(vec![
        ("/story", Response::html(ARTICLE)),
        ("/missing", Response::status(404)),
    ]);
    let items = [
        Item {
            link: &pages.url("/story"),
            summary: "<p>Only a teaser</p>",
            ..Item::titled("s", "A kept story")
        },
        Item {
            link: &pages.url("/missing"),
            ..Item::titled("m", "A missing page")
        },
    ];
    let feeds = TestServer::start(vec![
        ("/feed", feed_response(feed("F", &[]))),
        ("/feed", feed_response(feed("F", &items))),
    ]);
    let (library, _clock, _dir) = library().await;
    let feed_id = library
        .add_feed(
            &feeds.url("/feed"),
            FeedOptions {
                full_text: true,
                ..FeedOptions::default()
            },
        )
        .await
        .unwrap()
        .feed
        .id;
    let outcome = library.refresh_feeds(Some(vec![feed_id])).await.unwrap();
    assert_eq!(
        (outcome[0].new_items, outcome[0].previews),
        (2, 1),
        "{outcome:?}"
    );
    let stream = items_of(&library, feed_id).await;
    let story = by_title(&stream, "A kept story");
    assert!(story.has_full_text);
    let missing = by_title(&stream, "A missing page");
    assert!(!missing.has_full_text);
    assert_eq!(library.item_preview(missing.id).await.unwrap(), None);
    let preview = library.item_preview(story.id).await.unwrap().unwrap();
    assert!(
        preview.content_html.contains("chose to keep"),
        "{preview:?}"
    );
    assert!(preview.word_count > 30);
    let story_requests = || {
        pages
            .requests()
            .iter()
            .filter(|r| r.path == "/story")
            .count()
    };
    assert_eq!(story_requests(), 1);
    // Keeping it saves the page fetched then: no second request.
    let kept = library.keep_item(story.id).await.unwrap();
    assert_eq!(story_requests(), 1);
    let article = library.article(kept.article.id).await.unwrap();
    assert_eq!(article.summary.title, "A kept story");
    assert_eq!(article.summary.word_count, preview.word_count);
    // The stream's search finds the preview's words; the library's search never looks at the
    // stream.
    let found = library.search_stream("second paragraph", 10).await.unwrap();
    assert_eq!(found.iter().map(|i| i.id).collect::<Vec<_>>(), [story.id]);
}

#[tokio::test]
async fn the_stream_is_searched_only_when_asked() {
    let items = [
        Item {
            summary: "<p>The borrow <b>checker</b> explained</p>",
            ..Item::titled("1", "Ownership in depth")
        },
        Item::titled("2", "Gardening tips"),
    ];
    let server = TestServer::start(vec![("/feed", feed_response(feed("S", &items)))]);
    let (library, clock, _dir) = library().await;
    let feed_id = subscribe(&library, &server.url("/feed")).await;
    let stream = items_of(&library, feed_id).await;
    let found = library.search_stream("borrow checker", 10).await.unwrap();
    assert_eq!(
        found.iter().map(|i| i.id).collect::<Vec<_>>(),
        [by_title(&stream, "Ownership in depth").id]
    );
    // The title, a prefix of the last word, any case.
    let found = library.search_stream("GARDEN", 10).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title, "Gardening tips");
    // Markup is not text.
    assert!(library.search_stream("p", 10).await.unwrap().is_empty());
    assert!(library.search_stream("\"\"", 10).await.unwrap().is_empty());
    // Library search never includes the stream.
    assert!(library.search("borrow", 10).await.unwrap().is_empty());
    // A purged item leaves the index with it.
    library
        .dismiss_items(vec![by_title(&stream, "Gardening tips").id])
        .await
        .unwrap();
    library
        .set_stream_settings(StreamSettings { keep_days: 1 })
        .await
        .unwrap();
    clock.advance(chrono::Duration::days(2));
    assert_eq!(library.purge_stream().await.unwrap(), 1);
    assert!(library
        .search_stream("garden", 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(library.search_stream("borrow", 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn previews_are_fetched_at_most_two_at_a_time_per_host() {
    let pages = TestServer::start(vec![(
        "/story",
        Response::html(ARTICLE).delayed(std::time::Duration::from_millis(150)),
    )]);
    let links: Vec<String> = (0..6)
        .map(|i| pages.url(&format!("/story?n={i}")))
        .collect();
    let guids: Vec<String> = (0..6).map(|i| i.to_string()).collect();
    let items: Vec<Item<'_>> = (0..6)
        .map(|i| Item {
            link: &links[i],
            ..Item::titled(&guids[i], "A story")
        })
        .collect();
    let feeds = TestServer::start(vec![("/feed", feed_response(feed("Many", &items)))]);
    let (library, _clock, _dir) = library().await;
    let subscribed = library
        .add_feed(
            &feeds.url("/feed"),
            FeedOptions {
                full_text: true,
                ..FeedOptions::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(subscribed.new_items, 6);
    let stream = items_of(&library, subscribed.feed.id).await;
    assert!(stream.iter().all(|i| i.has_full_text), "{stream:?}");
    assert_eq!(pages.requests().len(), 6);
    assert_eq!(pages.max_in_flight(), 2);
}
