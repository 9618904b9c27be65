//! The real app, end to end: a library with one article, listed, opened and read in the window.
//!
//! Needs the app built with `npx tauri build --debug --no-bundle`, `tauri-driver`, WebKitWebDriver and a
//! display: `xvfb-run -a cargo test -p e2e -- --nocapture`.

use std::time::Duration;

use anyhow::{bail, ensure, Context as _, Result};
use e2e::{app_binary, require_display, save_screenshot, TauriDriver};
use fantoccini::{Client, Locator};
use tidings_core::{ClipOptions, Library};

const URL: &str = "https://news.example.com/2026/rust-1-95-async-closures";
const TITLE: &str = "Rust 1.95 ships async closures";
const SENTENCE: &str =
    "closures that return futures and may borrow from their captured environment";
const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Rust 1.95 ships async closures | Example News</title>
  <meta property="og:title" content="Rust 1.95 ships async closures">
  <meta property="og:site_name" content="Example News">
  <meta property="article:published_time" content="2026-04-16T08:00:00Z">
  <meta name="author" content="Ada Lovelace">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/rust">Rust</a> <a href="/about">About</a></nav>
  <main>
    <article>
      <h1>Rust 1.95 ships async closures</h1>
      <p>The Rust team released version 1.95 today, and the headline feature is async closures:
         closures that return futures and may borrow from their captured environment, which the
         old pattern of a closure returning an async block never could.</p>
      <h2>Why it matters</h2>
      <p>Library authors have waited years for this. Combinators over streams, retry helpers and
         connection pools can now take an async closure directly, without boxing the future or
         cloning every captured value into it first.</p>
      <pre><code>let fetch = async |url: &amp;str| client.get(url).send().await;</code></pre>
      <p>The release also stabilises several standard library APIs and improves compile times for
         large workspaces, according to the release notes published on the project blog.</p>
    </article>
  </main>
  <footer>Copyright Example News</footer>
</body>
</html>"#;

/// How long the app may take to show each thing asked of it.
const STEP: Duration = Duration::from_secs(30);
/// The whole test, driver and app start-up included.
const WHOLE_TEST: Duration = Duration::from_secs(180);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_and_reads_a_clipped_article() {
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

    let folder = tempfile::tempdir()?;
    let library_path = folder.path().join("library.sqlite3");
    {
        let library = Library::open(&library_path).await?;
        let saved = library.clip_html(URL, PAGE, ClipOptions::default()).await?;
        ensure!(
            saved.article.title == TITLE,
            "core extracted the title {:?}",
            saved.article.title
        );
    }

    let driver = TauriDriver::start(Duration::from_secs(10))?;
    let library_arg = library_path
        .to_str()
        .context("the temporary folder's path is not UTF-8")?;
    let client = driver.launch(&app, &["--library", library_arg]).await?;
    let result = check_the_window(&client).await;
    if result.is_err() {
        if let Ok(shot) = save_screenshot(&client, "failure").await {
            eprintln!("screenshot of the failure: {}", shot.display());
        }
    }
    // End the session (and so the app) before the driver goes; its guard then stops the driver.
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    result
}

async fn check_the_window(client: &Client) -> Result<()> {
    // The list: the article's title appears once the UI has asked the shell for the library.
    let title = match client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css("[data-testid=article-title]"))
        .await
    {
        Ok(title) => title,
        Err(error) => {
            let url = client
                .current_url()
                .await
                .map_or_else(|e| format!("<{e}>"), |u| u.to_string());
            let hint = if url.starts_with("tauri:") {
                ""
            } else {
                " (a dev binary? build the app with `npx tauri build --debug --no-bundle`)"
            };
            bail!("the article list did not appear within {STEP:?} ({error}); the window shows {url}{hint}");
        }
    };
    ensure!(
        title.text().await? == TITLE,
        "the list shows {:?}: {}",
        title.text().await?,
        title.html(false).await?
    );

    // The UI must come from the binary (tauri://localhost), not from a dev server.
    let url = client.current_url().await?;
    ensure!(
        url.scheme() == "tauri",
        "the app shows {url}, not its embedded UI: build it with `npx tauri build --debug --no-bundle`"
    );
    let shot = save_screenshot(client, "list").await?;
    eprintln!("screenshot: {}", shot.display());

    // The reader: clicking the item shows the article's content.
    client
        .find(Locator::Css("[data-testid=article-item]"))
        .await?
        .click()
        .await?;
    let paragraph = client
        .wait()
        .at_most(STEP)
        .for_element(Locator::XPath(&format!(
            "//*[@data-testid='reader']//article//p[contains(normalize-space(.), '{SENTENCE}')]"
        )))
        .await
        .context("waiting for the article in the reader")?;
    ensure!(
        paragraph.text().await?.contains(SENTENCE),
        "the reader shows {:?}",
        paragraph.text().await?
    );
    let heading = client
        .find(Locator::Css("[data-testid=reader] article h1"))
        .await?;
    ensure!(
        heading.text().await? == TITLE,
        "the reader's heading is {:?}",
        heading.text().await?
    );
    let shot = save_screenshot(client, "reader").await?;
    eprintln!("screenshot: {}", shot.display());
    Ok(())
}
