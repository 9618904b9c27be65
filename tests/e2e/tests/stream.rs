//! The feeds' stream in the real app, end to end, on a temporary library: from the first-run
//! screen, follow a feed served on 127.0.0.1; its items arrive in the stream with the sidebar's
//! unseen count; triage from the keyboard (x dismisses, j moves, s keeps); an opened item shows
//! its summary at once and its article once fetched; a rule made in the rules screen (tested
//! against the stream first) dismisses the item the next refresh brings; the kept item is an
//! article of the library, read in the reader.
//!
//! Needs the app built with `npx tauri build --debug --no-bundle`, `tauri-driver`, WebKitWebDriver
//! and a display: `xvfb-run -a cargo test -p e2e --test stream -- --nocapture`. A screenshot of the
//! stream goes to `target/e2e/screenshots/`.

use std::time::Duration;

use anyhow::{ensure, Context as _, Result};
use e2e::{fixture, shot, wait_css, wait_reader_shows, wait_xpath, within, AppSession, STEP};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use test_server::{Response, TestServer};

const FIRST_PATH: &str = "/2026/11/async-closures";
const FIRST_TITLE: &str = "Async closures land in stable Rust";
const SECOND_PATH: &str = "/news/sqlite-26";
const SECOND_TITLE: &str = "SQLite turns twenty-six";
const THIRD_TITLE: &str = "WebKitGTK 2.50 is out";
const FEED_TITLE: &str = "The Compile Times";
/// The item the second poll of the feed brings, which the rule made in the app dismisses.
const MUTED_TITLE: &str = "Kubernetes 1.40 is released";
/// How long the second article takes to be served: long enough to see its summary first.
const SLOW_ARTICLE: Duration = Duration::from_secs(2);

/// The whole test, driver and app start-up included.
const WHOLE_TEST: Duration = Duration::from_secs(300);

/// An RSS feed of three items on `pages`, newest first by date: the third (WebKitGTK), the
/// second (SQLite), the first (async closures); `later` adds a newer fourth ([`MUTED_TITLE`]).
fn feed(pages: &TestServer, later: bool) -> String {
    let item = |title: &str, path: &str, date: &str| {
        format!(
            "<item><guid>{path}</guid><title>{title}</title><link>{}</link><pubDate>{date}</pubDate>\
             <comments>https://news.example/item?id={path}</comments>\
             <description>&lt;p&gt;{title}: the summary.&lt;/p&gt;</description></item>",
            pages.url(path)
        )
    };
    let fourth = if later {
        item(MUTED_TITLE, "/k8s", "Thu, 03 Dec 2026 09:00:00 +0000")
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>{FEED_TITLE}</title><link>{}</link>{fourth}{}{}{}</channel></rss>",
        pages.base(),
        item(FIRST_TITLE, FIRST_PATH, "Mon, 30 Nov 2026 09:00:00 +0000"),
        item(SECOND_TITLE, SECOND_PATH, "Tue, 01 Dec 2026 09:00:00 +0000"),
        item(THIRD_TITLE, "/webkit", "Wed, 02 Dec 2026 09:00:00 +0000"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_a_feed_and_triage_it_from_the_keyboard() {
    within(WHOLE_TEST, run()).await;
}

async fn run() -> Result<()> {
    let pages = TestServer::start(vec![
        (FIRST_PATH, Response::html(fixture("async-closures.html")?)),
        (
            SECOND_PATH,
            Response::html(fixture("second-article.html")?).delayed(SLOW_ARTICLE),
        ),
    ]);
    // The first poll (subscribing) gets three items, every later one a fourth as well.
    let rss = "application/rss+xml; charset=utf-8";
    let feeds = TestServer::start(vec![
        ("/feed.xml", Response::ok(rss, feed(&pages, false))),
        ("/feed.xml", Response::ok(rss, feed(&pages, true))),
    ]);

    let session = AppSession::launch(AppSession::folder()?, &[]).await?;
    let result = the_stream(&session.client, &feeds).await;
    session.finish(result, "stream-failure").await
}

async fn the_stream(client: &Client, feeds: &TestServer) -> Result<()> {
    let feed_url = feeds.url("/feed.xml");
    // The first-run screen offers the stream.
    wait_css(client, "[data-testid=follow-feeds]")
        .await
        .context("the first-run screen's way to the stream")?
        .click()
        .await?;
    wait_css(client, "[data-testid=stream-empty]")
        .await
        .context("the empty stream")?;

    // Follow the feed: its three items arrive, newest first, and the sidebar counts them.
    wait_css(client, "[data-testid=subscribe-input]")
        .await?
        .send_keys(&format!("{feed_url}{}", char::from(Key::Enter)))
        .await?;
    wait_titles(client, &[THIRD_TITLE, SECOND_TITLE, FIRST_TITLE])
        .await
        .context("the feed's items in the stream")?;
    wait_count(client, "3").await?;
    let source = wait_css(client, "[data-testid=stream-feed]")
        .await?
        .text()
        .await?;
    ensure!(source.contains(FEED_TITLE), "the sidebar lists {source:?}");
    ensure!(
        feeds.hits() == 1,
        "subscribing fetched the feed {} times, not once",
        feeds.hits()
    );
    shot(client, "stream").await?;

    // x dismisses the newest; the cursor goes to the next, and the count follows.
    let body = client.find(Locator::Css("body")).await?;
    body.send_keys("x").await?;
    wait_titles(client, &[SECOND_TITLE, FIRST_TITLE])
        .await
        .context("x did not dismiss the first item")?;
    wait_count(client, "2").await?;

    open_shows_the_summary_then_the_article(client).await?;
    body.send_keys(&char::from(Key::Escape).to_string()).await?;
    a_rule_made_in_the_app_applies_to_what_arrives(client).await?;

    // j moves down; s keeps the item under the cursor: the row says kept.
    body.send_keys("j").await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='stream-item'][@aria-current='true'][.//*[normalize-space(.)='{FIRST_TITLE}']]"),
    )
    .await
    .context("j did not move the cursor")?;
    body.send_keys("s").await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='stream-item'][@data-state='kept'][.//*[normalize-space(.)='{FIRST_TITLE}']]"),
    )
    .await
    .context("s did not keep the item")?;
    // Nothing unseen is left: the second was seen when opened, the first is kept.
    wait_xpath(
        client,
        "//*[@data-testid='view-stream'][not(.//*[@data-testid='count-stream'])]",
    )
    .await
    .context("the stream's unseen count did not go")?;

    // Open it (o) and read the kept article in the library's reader.
    body.send_keys("o").await?;
    wait_css(client, "[data-testid=read-kept]")
        .await?
        .click()
        .await?;
    wait_reader_shows(client, FIRST_TITLE).await?;
    let content = wait_css(client, "[data-testid=article-content]")
        .await?
        .text()
        .await?;
    ensure!(
        content.contains("library authors"),
        "the kept article's text: {content}"
    );
    shot(client, "stream-kept-in-library").await?;

    // It is in the library's list too.
    wait_css(client, "[data-testid=view-all]")
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='article-title'][normalize-space(.)='{FIRST_TITLE}']"),
    )
    .await
    .context("the kept article in All articles")?;
    Ok(())
}

/// o on the second item: its summary at once, with word that the article is on its way (the page
/// is served [`SLOW_ARTICLE`] late), then the article in its place.
async fn open_shows_the_summary_then_the_article(client: &Client) -> Result<()> {
    let body = client.find(Locator::Css("body")).await?;
    body.send_keys("o").await?;
    let summary = wait_css(client, "[data-testid=stream-summary].open")
        .await
        .context("the opened item's summary")?
        .text()
        .await?;
    ensure!(
        summary.contains("SQLite turns twenty-six: the summary."),
        "the opened item shows {summary:?}"
    );
    wait_css(client, "[data-testid=stream-article-loading]")
        .await
        .context("no word that the article is being fetched, with the summary shown")?;
    let article = wait_css(client, "[data-testid=stream-article]")
        .await
        .context("the article after its summary")?
        .text()
        .await?;
    ensure!(
        article.contains("widely deployed database engine") && !article.contains("the summary."),
        "the article shown: {article}"
    );
    // Opening marked it seen.
    wait_count(client, "1").await?;
    shot(client, "stream-article").await
}

/// In the rules screen, a rule is tested against the stream (which item it would match), then
/// saved; the refresh brings an item it matches, which arrives dismissed.
async fn a_rule_made_in_the_app_applies_to_what_arrives(client: &Client) -> Result<()> {
    wait_css(client, "[data-testid=open-stream-settings]")
        .await?
        .click()
        .await?;
    wait_css(client, "[data-testid=rules-empty]")
        .await
        .context("the rules screen, with no rule yet")?;
    wait_css(client, "[data-testid=rule-new]")
        .await?
        .click()
        .await?;
    let pattern = wait_css(client, "[data-testid=rule-pattern]").await?;
    // Tested first: the words of an item already there match it.
    pattern.send_keys("sqlite").await?;
    wait_css(client, "[data-testid=rule-test]")
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='rule-match'][contains(., '{SECOND_TITLE}')]"),
    )
    .await
    .context("the test against the stream did not list the matching item")?;
    let erase = char::from(Key::Backspace)
        .to_string()
        .repeat("sqlite".len());
    pattern.send_keys(&format!("{erase}kubernetes")).await?;
    wait_css(client, "[data-testid=rule-test]")
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='rule-match-count'][contains(., 'No item in the stream matches')]",
    )
    .await
    .context("the test of a rule that matches nothing yet")?;
    wait_css(client, "[data-testid=rule-save]")
        .await?
        .click()
        .await?;
    let listed = wait_css(client, "[data-testid=rule-text]")
        .await
        .context("the saved rule in the list")?
        .text()
        .await?;
    ensure!(
        listed.contains("kubernetes") && listed.contains("dismiss"),
        "the rule listed: {listed}"
    );
    shot(client, "stream-rules").await?;
    wait_css(client, "[data-testid=stream-settings] [aria-label=Close]")
        .await?
        .click()
        .await?;

    // The refresh brings the fourth item: the rule dismisses it as it arrives.
    wait_css(client, "[data-testid=stream-refresh]")
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='toast'][.//*[normalize-space(.)='1 new item']]",
    )
    .await
    .context("the refresh's news")?;
    wait_titles(client, &[SECOND_TITLE, FIRST_TITLE])
        .await
        .context("the muted item is not among those to triage")?;
    wait_count(client, "1").await?;
    wait_css(client, "[data-testid=stream-states]")
        .await?
        .select_by_value("dismissed")
        .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='stream-item'][@data-state='dismissed'][.//*[normalize-space(.)='{MUTED_TITLE}']]"),
    )
    .await
    .context("the rule did not dismiss the item as it arrived")?;
    wait_css(client, "[data-testid=stream-states]")
        .await?
        .select_by_value("active")
        .await?;
    wait_titles(client, &[SECOND_TITLE, FIRST_TITLE]).await
}

// ---- helpers -------------------------------------------------------------------------------------

/// Waits until the stream lists exactly `expected`, in order.
async fn wait_titles(client: &Client, expected: &[&str]) -> Result<()> {
    let deadline = tokio::time::Instant::now() + STEP;
    loop {
        let mut titles = Vec::new();
        for element in client
            .find_all(Locator::Css("[data-testid=stream-item-title]"))
            .await?
        {
            titles.push(element.text().await.unwrap_or_default());
        }
        if titles == expected {
            return Ok(());
        }
        ensure!(
            tokio::time::Instant::now() < deadline,
            "the stream lists {titles:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the sidebar's Stream shows `expected` unseen.
async fn wait_count(client: &Client, expected: &str) -> Result<()> {
    wait_xpath(
        client,
        &format!("//*[@data-testid='count-stream'][normalize-space(.)='{expected}']"),
    )
    .await
    .with_context(|| format!("the stream's unseen count {expected}"))?;
    Ok(())
}
