//! The feeds' stream in the real app, end to end, on a temporary library: from the first-run
//! screen, follow a feed served on 127.0.0.1; its items arrive in the stream with the sidebar's
//! unseen count; triage from the keyboard (x dismisses, j moves, s keeps); the kept item is an
//! article of the library, read in the reader.
//!
//! Needs the app built with `npx tauri build --debug --no-bundle`, `tauri-driver`, WebKitWebDriver
//! and a display: `xvfb-run -a cargo test -p e2e --test stream -- --nocapture`. A screenshot of the
//! stream goes to `target/e2e/screenshots/`.

use std::path::Path;
use std::time::Duration;

use anyhow::{ensure, Context as _, Result};
use e2e::{
    app_binary, require_display, save_screenshot, wait_css, wait_reader_shows, wait_xpath,
    TauriDriver, STEP,
};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use test_server::{Response, TestServer};

const FIRST_PATH: &str = "/2026/11/async-closures";
const FIRST_TITLE: &str = "Async closures land in stable Rust";
const SECOND_PATH: &str = "/news/sqlite-26";
const SECOND_TITLE: &str = "SQLite turns twenty-six";
const THIRD_TITLE: &str = "WebKitGTK 2.50 is out";
const FEED_TITLE: &str = "The Compile Times";

/// The whole test, driver and app start-up included.
const WHOLE_TEST: Duration = Duration::from_secs(300);

fn fixture(name: &str) -> Result<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/pages")
        .join(name);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// An RSS feed of three items on `pages`, newest first by date: the third (WebKitGTK), the
/// second (SQLite), the first (async closures).
fn feed(pages: &TestServer) -> String {
    let item = |title: &str, path: &str, date: &str| {
        format!(
            "<item><guid>{path}</guid><title>{title}</title><link>{}</link><pubDate>{date}</pubDate>\
             <comments>https://news.example/item?id={path}</comments>\
             <description>&lt;p&gt;{title}: the summary.&lt;/p&gt;</description></item>",
            pages.url(path)
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>{FEED_TITLE}</title><link>{}</link>{}{}{}</channel></rss>",
        pages.base(),
        item(FIRST_TITLE, FIRST_PATH, "Mon, 30 Nov 2026 09:00:00 +0000"),
        item(SECOND_TITLE, SECOND_PATH, "Tue, 01 Dec 2026 09:00:00 +0000"),
        item(THIRD_TITLE, "/webkit", "Wed, 02 Dec 2026 09:00:00 +0000"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_a_feed_and_triage_it_from_the_keyboard() {
    let outcome = tokio::time::timeout(WHOLE_TEST, run()).await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the end-to-end test took longer than {WHOLE_TEST:?}"),
    }
}

async fn run() -> Result<()> {
    let app = app_binary()?;
    require_display()?;

    let pages = TestServer::start(vec![
        (FIRST_PATH, Response::html(fixture("async-closures.html")?)),
        (SECOND_PATH, Response::html(fixture("second-article.html")?)),
    ]);
    let feeds = TestServer::start(vec![(
        "/feed.xml",
        Response::ok("application/rss+xml; charset=utf-8", feed(&pages)),
    )]);

    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    let config_dir = folder.path().join("config");
    std::fs::create_dir_all(&config_dir)?;
    let driver = TauriDriver::start_with_env(
        Duration::from_secs(10),
        &[("XDG_CONFIG_HOME", config_dir.as_path())],
    )?;
    let library_arg = library
        .to_str()
        .context("the temporary folder's path is not UTF-8")?;
    let client = driver.launch(&app, &["--library", library_arg]).await?;
    let result = the_stream(&client, &feeds.url("/feed.xml")).await;
    if result.is_err() {
        if let Ok(shot) = save_screenshot(&client, "stream-failure").await {
            eprintln!("screenshot of the failure: {}", shot.display());
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    result
}

async fn the_stream(client: &Client, feed_url: &str) -> Result<()> {
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
    shot(client, "stream").await?;

    // x dismisses the newest; the cursor goes to the next, and the count follows.
    let body = client.find(Locator::Css("body")).await?;
    body.send_keys("x").await?;
    wait_titles(client, &[SECOND_TITLE, FIRST_TITLE])
        .await
        .context("x did not dismiss the first item")?;
    wait_count(client, "2").await?;

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
    wait_count(client, "1").await?;

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

async fn shot(client: &Client, name: &str) -> Result<()> {
    // The DOM is ready; let the webview paint it (two animation frames) before the picture.
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await?;
    let path = save_screenshot(client, name).await?;
    eprintln!("screenshot: {}", path.display());
    Ok(())
}
