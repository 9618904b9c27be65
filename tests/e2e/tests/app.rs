//! The real app, end to end, on a temporary library and fixture pages served on 127.0.0.1:
//! the first-run screen; clip a URL (and several at once, one failing with its reason and a retry);
//! see it in the list; open it; select text and highlight it; write a note; add it to a new
//! collection; find it by a word of the note; export the collection and read the file written;
//! the sidebar's counts and sorting by published date; delete to the trash, undo, restore; the
//! daily backup made at start-up, listed in the Backups dialog, and one made on demand. A damaged
//! library offers its backup and opens once restored.
//!
//! Needs the app built with `npx tauri build --debug --no-bundle`, `tauri-driver`, WebKitWebDriver and
//! a display: `xvfb-run -a cargo test -p e2e -- --nocapture`. Screenshots of the main states go to
//! `target/e2e/screenshots/`.
//!
//! The export folder: a native dialog cannot be driven through WebDriver, so the app is started with
//! `TIDINGS_EXPORT_DIR`, which answers the dialog (the app reads it only for that; see
//! `choose_export_folder` in src-tauri/src/commands/transfers.rs). Everything else goes through the UI.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, ensure, Context as _, Result};
use e2e::{
    app_binary, click_title, clip_through_the_box, fixture, require_display, save_screenshot,
    select_in_reader, shot, wait_css, wait_reader_shows, wait_xpath, within, AppSession,
    TauriDriver, STEP,
};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use test_server::{Response, TestServer};

const ARTICLE_PATH: &str = "/2026/11/async-closures";
const TITLE: &str = "Async closures land in stable Rust";
const SECOND_PATH: &str = "/news/sqlite-26";
const SECOND_TITLE: &str = "SQLite turns twenty-six";
const MISSING_PATH: &str = "/gone";
/// A passage of the first article, on one line of its paragraph.
const PASSAGE: &str = "The change matters most to library authors who take callbacks";
/// A word that appears only in the note, to find the article by.
const NOTE_WORD: &str = "zanzibar";
/// The name the search by the note is saved under.
const SAVED_SEARCH: &str = "Zeitgeist notes";
const COLLECTION: &str = "Rust async";

/// How long the app may take to show each thing asked of it.
/// The whole test, driver and app start-up included.
const WHOLE_TEST: Duration = Duration::from_secs(300);

/// Articles in the big library.
const BIG: u32 = 100_000;
/// How long a reload of the window may take to show the first page of the big library (a debug
/// build, under Xvfb, on a busy CI machine; the time is printed).
const FIRST_PAGE_WITHIN: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_big_library_opens_at_once_and_scrolls() {
    within(WHOLE_TEST, big_library()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_loop_in_the_window() {
    within(WHOLE_TEST, run()).await;
}

async fn run() -> Result<()> {
    let server = TestServer::start(vec![
        (
            ARTICLE_PATH,
            Response::html(fixture("async-closures.html")?),
        ),
        (SECOND_PATH, Response::html(fixture("second-article.html")?)),
        (
            "/media/crab-lead.png",
            Response::ok("image/svg+xml", fixture("media/crab-lead.svg")?),
        ),
        (MISSING_PATH, Response::status(404)),
    ]);

    let folder = AppSession::folder()?;
    let export_dir = folder.path().join("export");
    std::fs::create_dir_all(&export_dir)?;
    let session =
        AppSession::launch(folder, &[("TIDINGS_EXPORT_DIR", export_dir.as_path())]).await?;
    let mut result = the_loop(&session.client, &server, &export_dir).await;
    if result.is_ok() {
        result = daily_backup_made(&session.library)
            .await
            .context("the daily backup made at start-up");
    }
    session.finish(result, "failure").await
}

async fn the_loop(client: &Client, server: &TestServer, export_dir: &Path) -> Result<()> {
    first_run(client).await.context("first run")?;
    clip_one(client, &server.url(ARTICLE_PATH))
        .await
        .context("clipping a URL")?;
    clip_several(client, &server.url(SECOND_PATH), &server.url(MISSING_PATH))
        .await
        .context("clipping two URLs at once")?;
    clip_again_jumps(client, &server.url(ARTICLE_PATH))
        .await
        .context("clipping a saved URL again")?;
    open_from_the_list(client)
        .await
        .context("opening from the list")?;
    highlight_a_passage(client)
        .await
        .context("highlighting a passage")?;
    write_a_note(client).await.context("writing a note")?;
    add_to_a_new_collection(client)
        .await
        .context("adding to a new collection")?;
    review_the_highlights(client)
        .await
        .context("reviewing the highlights")?;
    search_by_the_note(client)
        .await
        .context("searching by a word of the note")?;
    export_the_collection(client, export_dir)
        .await
        .context("exporting the collection")?;
    counts_and_sort(client)
        .await
        .context("the sidebar's counts and the sort")?;
    trash_and_undo(client)
        .await
        .context("deleting to the trash, undoing, restoring")?;
    backups_dialog(client).await.context("the backups dialog")?;
    from_the_keyboard(client)
        .await
        .context("acting from the keyboard")?;
    in_every_theme(client)
        .await
        .context("switching the reader's theme")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_library_offers_its_backup() {
    let outcome = tokio::time::timeout(WHOLE_TEST, damaged_library()).await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the end-to-end test took longer than {WHOLE_TEST:?}"),
    }
}

/// A library with one article and a backup, whose file is then damaged (its header overwritten):
/// the window says so instead of crashing, offers the backup, and opens the library once restored.
async fn damaged_library() -> Result<()> {
    let app = app_binary()?;
    require_display()?;
    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    {
        let opened = tidings_core::Library::open(&library).await?;
        opened
            .clip_html(
                "https://news.example.com/2026/11/async-closures",
                &fixture("async-closures.html")?,
                tidings_core::ClipOptions::default(),
            )
            .await?;
        opened.backup_now().await?;
    }
    let mut bytes = std::fs::read(&library)?;
    bytes[..100].fill(0x55);
    std::fs::write(&library, &bytes)?;

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
    let result = restore_the_backup(&client, folder.path()).await;
    if result.is_err() {
        if let Ok(shot) = save_screenshot(&client, "failure-damaged").await {
            eprintln!("screenshot of the failure: {}", shot.display());
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    result
}

async fn restore_the_backup(client: &Client, folder: &Path) -> Result<()> {
    let panel = wait_css(client, "[data-testid=library-damaged]")
        .await
        .context("the damaged-library screen")?;
    ensure!(
        panel.text().await?.contains("damaged"),
        "{}",
        panel.text().await?
    );
    let restore = wait_css(client, "[data-testid=restore-backup]").await?;
    shot(client, "damaged-library").await?;
    restore.click().await?;
    click_title(client, TITLE)
        .await
        .context("the article of the restored library in the list")?;
    let set_aside = std::fs::read_dir(folder)?.filter_map(Result::ok).any(|e| {
        e.file_name()
            .to_string_lossy()
            .starts_with("library.sqlite3.before-restore-")
    });
    ensure!(
        set_aside,
        "the damaged file was not kept beside the library"
    );
    Ok(())
}

async fn big_library() -> Result<()> {
    let app = app_binary()?;
    require_display()?;
    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    let built = std::time::Instant::now();
    fill_library(&library, BIG).await?;
    eprintln!("a library of {BIG} articles in {:?}", built.elapsed());

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
    let result = open_and_scroll(&client).await;
    if result.is_err() {
        if let Ok(shot) = save_screenshot(&client, "failure-big").await {
            eprintln!("screenshot of the failure: {}", shot.display());
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    result
}

/// A library of `count` articles: one clipped by the library, the rest copies of it made in SQL
/// (the search index's triggers run for each), each saved a minute after the one before.
async fn fill_library(path: &Path, count: u32) -> Result<()> {
    {
        let library = tidings_core::Library::open(path).await?;
        library
            .clip_html(
                "https://news.example.com/2026/11/async-closures",
                &fixture("async-closures.html")?,
                tidings_core::ClipOptions::default(),
            )
            .await?;
    }
    let connection = rusqlite::Connection::open(path)?;
    tidings_core::store::register_functions(&connection)?;
    connection.execute(
        "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO articles (original_url, final_url, title, site_name, published_at, saved_at,
                               updated_at, excerpt, content_html, text, word_count, reading_minutes)
         SELECT 'https://news.example.com/a/' || i, 'https://news.example.com/a/' || i,
                'Article ' || i || ': ' || a.title, a.site_name, a.published_at,
                strftime('%Y-%m-%dT%H:%M:%SZ', a.saved_at, '+' || i || ' minutes'),
                a.updated_at, a.excerpt, a.content_html, a.text, a.word_count, a.reading_minutes
         FROM n, (SELECT * FROM articles WHERE id = 1) AS a",
        [count],
    )?;
    Ok(())
}

async fn open_and_scroll(client: &Client) -> Result<()> {
    wait_css(client, "[data-testid=article-title]")
        .await
        .context("the first page of the list")?;
    // Time a reload of the window: the UI starts, asks for the first page and shows it.
    client
        .execute("document.body.dataset.before = 'reload';", vec![])
        .await?;
    let started = std::time::Instant::now();
    // WebDriver's refresh returns once the new page has loaded (a script's reload would race
    // the element search with the unload).
    client.refresh().await?;
    let first = wait_css(
        client,
        "body:not([data-before]) [data-testid=article-title]",
    )
    .await
    .context("the first page after a reload")?;
    let took = started.elapsed();
    eprintln!("first page of {BIG} articles shown {took:?} after a reload");
    ensure!(
        took < FIRST_PAGE_WITHIN,
        "the first page took {took:?} (more than {FIRST_PAGE_WITHIN:?})"
    );
    ensure!(
        first.text().await?.starts_with(&format!("Article {BIG}:")),
        "the newest article is not first: {:?}",
        first.text().await?
    );

    // Only the rows in sight are in the DOM; scrolling to the end loads the next page.
    let rows = client
        .find_all(Locator::Css("[data-testid=article-item]"))
        .await?
        .len();
    ensure!(rows < 40, "{rows} rows in the DOM");
    let count = client
        .find(Locator::Css("[data-testid=list-count]"))
        .await?;
    ensure!(
        count.text().await? == "200+",
        "the list counts {:?}",
        count.text().await?
    );
    client
        .execute(
            "const list = document.querySelector('[data-testid=article-list]');
             list.scrollTop = list.scrollHeight;",
            vec![],
        )
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='list-count'][normalize-space(.)='400+']",
    )
    .await
    .context("the second page on scrolling to the end")?;
    shot(client, "big-library").await
}

// ---- steps ---------------------------------------------------------------------------------------

async fn first_run(client: &Client) -> Result<()> {
    let welcome = match wait_css(client, "[data-testid=empty-library]").await {
        Ok(welcome) => welcome,
        Err(error) => {
            let url = client
                .current_url()
                .await
                .map_or_else(|e| format!("<{e}>"), |u| u.to_string());
            bail!("the first-run screen did not appear ({error:#}); the window shows {url}");
        }
    };
    // The UI must come from the binary (tauri://localhost), not from a dev server.
    let url = client.current_url().await?;
    ensure!(
        url.scheme() == "tauri",
        "the app shows {url}, not its embedded UI: build it with `npx tauri build --debug --no-bundle`"
    );
    let text = welcome.text().await?;
    ensure!(
        text.contains("Paste a URL anywhere"),
        "the welcome says: {text}"
    );
    ensure!(
        text.contains("Pocket"),
        "the welcome says nothing of imports: {text}"
    );
    shot(client, "first-run").await
}

async fn clip_one(client: &Client, url: &str) -> Result<()> {
    clip_through_the_box(client, url).await?;
    // The first clip of an empty library opens the three panes, lists it and opens it.
    wait_xpath(
        client,
        &format!("//*[@data-testid='article-title'][normalize-space(.)='{TITLE}']"),
    )
    .await
    .context("the clipped article in the list")?;
    wait_reader_shows(client, TITLE).await
}

async fn clip_several(client: &Client, good: &str, missing: &str) -> Result<()> {
    let input = wait_css(client, "[data-testid=clip-input]").await?;
    input
        .send_keys(&format!("{good} {missing}{}", char::from(Key::Enter)))
        .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='article-title'][normalize-space(.)='{SECOND_TITLE}']"),
    )
    .await
    .context("the second article in the list")?;
    let failed = wait_css(client, "[data-testid=clip-job][data-state=failed]").await?;
    let reason = failed
        .find(Locator::Css("[data-testid=clip-message]"))
        .await?
        .text()
        .await?;
    ensure!(reason.contains("404"), "the failed clip says {reason:?}");
    ensure!(
        failed
            .find(Locator::Css("[data-testid=clip-retry]"))
            .await
            .is_ok(),
        "a failed clip offers no retry"
    );
    Ok(())
}

async fn clip_again_jumps(client: &Client, url: &str) -> Result<()> {
    // Open the other article first, so the jump is visible.
    click_title(client, SECOND_TITLE).await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='reader']//h1[normalize-space(.)='{SECOND_TITLE}']"),
    )
    .await?;
    let input = wait_css(client, "[data-testid=clip-input]").await?;
    input
        .send_keys(&format!("{url}{}", char::from(Key::Enter)))
        .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='reader']//h1[normalize-space(.)='{TITLE}']"),
    )
    .await
    .context("an already-saved URL did not jump to its article")?;
    wait_xpath(
        client,
        "//*[@data-testid='clip-job'][contains(., 'Already in your library')]",
    )
    .await?;
    let titles = client
        .find_all(Locator::Css("[data-testid=article-title]"))
        .await?;
    ensure!(
        titles.len() == 2,
        "the list holds {} articles, not 2",
        titles.len()
    );
    shot(client, "list").await
}

async fn open_from_the_list(client: &Client) -> Result<()> {
    click_title(client, SECOND_TITLE).await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='reader']//h1[normalize-space(.)='{SECOND_TITLE}']"),
    )
    .await?;
    click_title(client, TITLE).await?;
    let paragraph = wait_xpath(
        client,
        &format!(
            "//*[@data-testid='article-content']//p[contains(normalize-space(.), '{PASSAGE}')]"
        ),
    )
    .await
    .context("the article's text in the reader")?;
    ensure!(paragraph.text().await?.contains(PASSAGE));
    // The lead image and the byline made it.
    let credits = client
        .find(Locator::Css("[data-testid=reader] .credits"))
        .await?
        .text()
        .await?;
    ensure!(
        credits.contains("Ada Ferris"),
        "the reader credits {credits:?}"
    );
    Ok(())
}

async fn highlight_a_passage(client: &Client) -> Result<()> {
    select_in_reader(client, PASSAGE).await?;
    wait_css(client, "[data-testid=selection-toolbar]")
        .await?
        .find(Locator::Css("[data-testid=highlight-green]"))
        .await?
        .click()
        .await?;
    let mark = wait_xpath(
        client,
        "//*[@data-testid='article-content']//mark[contains(@class, 'hl')][@data-color='green']",
    )
    .await
    .context("the highlight painted in the article")?;
    let painted = client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=article-content] mark.hl')).map(m => m.textContent).join('');",
            vec![],
        )
        .await?;
    ensure!(
        painted == serde_json::json!(PASSAGE),
        "the highlight covers {painted}"
    );

    // Click it: the popover edits its note.
    mark.click().await?;
    let note = wait_css(client, "[data-testid=highlight-note]").await?;
    note.send_keys("The crux for library authors").await?;
    client
        .find(Locator::Css("[data-testid=highlight-save]"))
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='article-content']//mark[@data-has-note='true']",
    )
    .await
    .context("the highlight's note")?;
    shot(client, "reader-with-highlights").await
}

async fn write_a_note(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=note-button]"))
        .await?
        .click()
        .await?;
    let editor = wait_css(client, "[data-testid=note-editor]").await?;
    // One line: WebKitWebDriver types "\n" into a text area as nothing.
    editor
        .send_keys(&format!(
            "**Take-away**: benchmark this against the {NOTE_WORD} middleware."
        ))
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='note-status'][normalize-space(.)='Saved']",
    )
    .await
    .context("the note was not saved")?;
    client
        .find(Locator::Css("[data-testid=note-preview-tab]"))
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='note-preview']//strong[normalize-space(.)='Take-away']",
    )
    .await
    .context("the note's Markdown preview")?;
    // Close the note: beside it, the sidebar steps aside on a window this size.
    client
        .find(Locator::Css(
            "[data-testid=notes-pane] button[aria-label='Close the note']",
        ))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn add_to_a_new_collection(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=tags-button]"))
        .await?
        .click()
        .await?;
    let name = wait_css(client, "[data-testid=new-collection-for-article]").await?;
    name.send_keys(&format!("{COLLECTION}{}", char::from(Key::Enter)))
        .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='collection'][contains(., '{COLLECTION}')][contains(., '1')]"),
    )
    .await
    .context("the new collection with one article in the sidebar")?;
    wait_xpath(client, &format!("//*[@data-testid='reader']//button[contains(@class, 'collection')][contains(., '{COLLECTION}')]"))
        .await
        .context("the collection on the article")?;
    client
        .find(Locator::Css(
            "[data-testid=tag-editor] button[aria-label=Close]",
        ))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn review_the_highlights(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=view-highlights]"))
        .await?
        .click()
        .await?;
    let entry = wait_xpath(
        client,
        &format!(
            "//*[@data-testid='highlight-entry'][contains(., '{PASSAGE}')][contains(., 'The crux for library authors')]"
        ),
    )
    .await
    .context("the highlight and its note in the review")?;
    shot(client, "highlights").await?;
    entry.click().await?;
    wait_css(client, "[data-testid=article-content] mark.hl.active")
        .await
        .context("the passage brought into view in its article")?;
    Ok(())
}

async fn search_by_the_note(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=view-all]"))
        .await?
        .click()
        .await?;
    let search = wait_css(client, "[data-testid=search-input]").await?;
    search.send_keys(NOTE_WORD).await?;
    let snippet = wait_xpath(
        client,
        &format!("//*[@data-testid='search-snippet'][.//mark[translate(normalize-space(.), 'Z', 'z')='{NOTE_WORD}']]"),
    )
    .await
    .context("a search result with the note's word marked")?;
    let titles = client
        .find_all(Locator::Css("[data-testid=article-title]"))
        .await?;
    ensure!(
        titles.len() == 1,
        "the search found {} articles",
        titles.len()
    );
    ensure!(
        titles[0].text().await? == TITLE,
        "the search found {:?}",
        titles[0].text().await?
    );
    ensure!(snippet.text().await?.to_lowercase().contains(NOTE_WORD));
    shot(client, "search").await?;

    // The search is kept in the sidebar, and opening it later runs it again.
    wait_css(client, "[data-testid=save-search]")
        .await?
        .click()
        .await?;
    // The name offered is the query: erase it and name the search.
    let erase = char::from(Key::Backspace)
        .to_string()
        .repeat(NOTE_WORD.len());
    wait_css(client, "[data-testid=saved-search-name]")
        .await?
        .send_keys(&format!("{erase}{SAVED_SEARCH}{}", char::from(Key::Enter)))
        .await?;
    let saved_xpath = format!("//*[@data-testid='saved-search'][contains(., '{SAVED_SEARCH}')]");
    wait_xpath(client, &saved_xpath)
        .await
        .context("the saved search in the sidebar")?;
    search
        .send_keys(&char::from(Key::Escape).to_string())
        .await?;
    client
        .find(Locator::Css("[data-testid=view-inbox]"))
        .await?
        .click()
        .await?;
    wait_xpath(client, &saved_xpath).await?.click().await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='search-snippet'][.//mark[translate(normalize-space(.), 'Z', 'z')='{NOTE_WORD}']]"),
    )
    .await
    .context("the saved search's result, searched again")?;
    let box_text = wait_css(client, "[data-testid=search-input]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    ensure!(
        box_text == NOTE_WORD,
        "the search box holds {box_text:?} after opening the saved search"
    );
    wait_css(client, "[data-testid=search-input]")
        .await?
        .send_keys(&char::from(Key::Escape).to_string())
        .await?;
    Ok(())
}

async fn export_the_collection(client: &Client, export_dir: &Path) -> Result<()> {
    wait_xpath(
        client,
        &format!("//*[@data-testid='collection'][contains(., '{COLLECTION}')]"),
    )
    .await?
    .click()
    .await?;
    wait_xpath(
        client,
        &format!("//*[@data-testid='list-title'][normalize-space(.)='{COLLECTION}']"),
    )
    .await?;
    client
        .find(Locator::Css("[data-testid=export-button]"))
        .await?
        .click()
        .await?;
    // Markdown files, the first format offered; the folder comes from TIDINGS_EXPORT_DIR.
    wait_css(
        client,
        "[data-testid=export-dialog] input[value=markdown]:checked",
    )
    .await?;
    wait_css(client, "[data-testid=export-start]")
        .await?
        .click()
        .await?;
    wait_xpath(client, "//*[@data-testid='toast'][contains(., 'Exported')]")
        .await
        .context("the export's report")?;
    let mut written = Vec::new();
    for entry in std::fs::read_dir(export_dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "md") {
            written.push((path.clone(), std::fs::read_to_string(&path)?));
        }
    }
    let Some((file, markdown)) = written.iter().find(|(_, text)| text.contains(PASSAGE)) else {
        bail!(
            "no exported Markdown file holds the article: {:?}",
            written.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
    };
    ensure!(
        markdown.contains(TITLE),
        "{} lacks the title:\n{markdown}",
        file.display()
    );
    ensure!(
        markdown.contains(NOTE_WORD),
        "{} lacks the note:\n{markdown}",
        file.display()
    );
    Ok(())
}

/// The text of the sidebar's count for `view`, or `None` when it shows none (zero).
async fn count_of(client: &Client, view: &str) -> Result<Option<String>> {
    let found = client
        .find_all(Locator::Css(&format!("[data-testid=count-{view}]")))
        .await?;
    match found.first() {
        Some(count) => Ok(Some(count.text().await?.trim().to_owned())),
        None => Ok(None),
    }
}

/// Waits until the sidebar's count for `view` reads `expected` (`None`: no count shown).
async fn wait_count(client: &Client, view: &str, expected: Option<&str>) -> Result<()> {
    let deadline = std::time::Instant::now() + STEP;
    loop {
        let now = count_of(client, view).await?;
        if now.as_deref() == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            bail!("the {view} count is {now:?}, not {expected:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The titles the list shows, in order.
async fn titles(client: &Client) -> Result<Vec<String>> {
    let mut titles = Vec::new();
    for title in client
        .find_all(Locator::Css("[data-testid=article-title]"))
        .await?
    {
        titles.push(title.text().await?.trim().to_owned());
    }
    Ok(titles)
}

/// Waits until the list shows exactly `expected`, in that order.
async fn wait_titles(client: &Client, expected: &[&str]) -> Result<()> {
    let deadline = std::time::Instant::now() + STEP;
    loop {
        let now = titles(client).await?;
        if now == expected {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            bail!("the list shows {now:?}, not {expected:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn counts_and_sort(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=view-all]"))
        .await?
        .click()
        .await?;
    wait_count(client, "all", Some("2")).await?;
    wait_count(client, "highlights", Some("1")).await?;
    wait_count(client, "trash", None).await?;
    // Newest saved first: the second clip leads; by publication date the first one does.
    wait_titles(client, &[SECOND_TITLE, TITLE]).await?;
    let sort = wait_css(client, "[data-testid=sort-select]").await?;
    sort.clone().select_by_value("published").await?;
    wait_titles(client, &[TITLE, SECOND_TITLE])
        .await
        .context("sorted by publication date")?;
    shot(client, "sorted-by-published").await?;
    sort.select_by_value("saved").await?;
    wait_titles(client, &[SECOND_TITLE, TITLE]).await?;
    Ok(())
}

async fn trash_and_undo(client: &Client) -> Result<()> {
    let body = client.find(Locator::Css("body")).await?;
    click_title(client, SECOND_TITLE).await?;
    body.send_keys("#").await?;
    wait_titles(client, &[TITLE])
        .await
        .context("# moved the article out of the list")?;
    wait_count(client, "trash", Some("1")).await?;
    wait_count(client, "all", Some("1")).await?;
    body.send_keys(&format!("{}z", char::from(Key::Control)))
        .await?;
    wait_titles(client, &[SECOND_TITLE, TITLE])
        .await
        .context("Ctrl+Z brought it back")?;
    wait_count(client, "trash", None).await?;

    click_title(client, SECOND_TITLE).await?;
    body.send_keys("#").await?;
    wait_count(client, "trash", Some("1")).await?;
    client
        .find(Locator::Css("[data-testid=view-trash]"))
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='list-title'][normalize-space(.)='Trash']",
    )
    .await?;
    wait_titles(client, &[SECOND_TITLE])
        .await
        .context("the deleted article in the trash")?;
    click_title(client, SECOND_TITLE).await?;
    wait_css(client, "[data-testid=reader-restore]").await?;
    shot(client, "trash").await?;
    client
        .find(Locator::Css("[data-testid=reader-restore]"))
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='list-empty'][contains(., 'The trash is empty')]",
    )
    .await
    .context("the trash empty after restoring")?;
    wait_count(client, "all", Some("2")).await?;
    client
        .find(Locator::Css("[data-testid=view-all]"))
        .await?
        .click()
        .await?;
    wait_titles(client, &[SECOND_TITLE, TITLE]).await?;
    click_title(client, TITLE).await?;
    Ok(())
}

/// The Backups dialog lists the copies and makes one on demand.
async fn backups_dialog(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=backups-button]"))
        .await?
        .click()
        .await?;
    wait_css(client, "[data-testid=backups]").await?;
    // The copy the app made at start-up is listed before anything is asked of it.
    let today = tidings_core::library_backups::today();
    wait_xpath(
        client,
        &format!("//*[@data-testid='backup'][contains(., '{today}')]"),
    )
    .await
    .context("today's backup, made at start-up, listed")?;
    shot(client, "backups").await?;
    wait_css(client, "[data-testid=backup-now]")
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='toast'][contains(., 'Backed up the library')]",
    )
    .await
    .context("a backup made on demand")?;
    let body = client.find(Locator::Css("body")).await?;
    body.send_keys(&char::from(Key::Escape).to_string()).await?;
    client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css("body:not(:has([data-testid=backups]))"))
        .await
        .context("Esc did not close the backups dialog")?;
    Ok(())
}

/// Today's copy of the library in `backups/` beside it, made in the background after start-up.
async fn daily_backup_made(library: &Path) -> Result<()> {
    let backups = library
        .parent()
        .context("the library has a folder")?
        .join("backups");
    let deadline = std::time::Instant::now() + STEP;
    loop {
        let names: Vec<String> = std::fs::read_dir(&backups)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let today = tidings_core::library_backups::name_for(
            library,
            &tidings_core::library_backups::today(),
        );
        if names.contains(&today) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            bail!("no {today} in {}: {names:?}", backups.display());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn from_the_keyboard(client: &Client) -> Result<()> {
    let body = client.find(Locator::Css("body")).await?;
    body.send_keys("s").await?;
    wait_css(client, "[data-testid=star-button][aria-pressed=true]")
        .await
        .context("s did not star the article")?;
    body.send_keys("?").await?;
    let help = wait_css(client, "[data-testid=shortcuts]").await?;
    ensure!(help.text().await?.contains("Highlight the selected text"));
    body.send_keys(&char::from(Key::Escape).to_string()).await?;
    client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css("body:not(:has([data-testid=shortcuts]))"))
        .await
        .context("Esc did not close the shortcuts")?;
    Ok(())
}

async fn in_every_theme(client: &Client) -> Result<()> {
    client
        .find(Locator::Css("[data-testid=reader-settings-button]"))
        .await?
        .click()
        .await?;
    for theme in ["sepia", "dark"] {
        wait_css(client, &format!("[data-testid=theme-{theme}]"))
            .await?
            .click()
            .await?;
        wait_css(client, &format!("html[data-theme={theme}]")).await?;
        shot(client, &format!("reader-{theme}")).await?;
    }
    wait_css(client, "[data-testid=theme-auto]")
        .await?
        .click()
        .await?;
    Ok(())
}
