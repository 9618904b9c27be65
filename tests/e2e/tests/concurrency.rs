//! The app and two `tidings` CLI processes on one new library at once, for a minute (the
//! hardening issue's "clipping, annotating and exporting against one library at once").
//!
//! A 127.0.0.1 server serves hundreds of article pages. The real app starts on a library file
//! that does not exist yet while two CLI writers start at the same moment; until the deadline each
//! writer loops: clip a page of its own (every fourth time one both writers clip, and the app may
//! too), append a line to its note, tag it, highlight a passage, highlight a passage of an article
//! someone else clipped, and export the whole library to Markdown and to JSON (each export read
//! back: it must hold what this writer saved before). Meanwhile the test drives the window: it
//! clips pages through the clip box, highlights a passage of each and writes its note, and opens
//! articles the CLI clipped and highlights them, while a watcher in the page records every error
//! surface (error toasts, alerts, failed clips, the damaged-library screen).
//!
//! Then: every CLI command exited 0 with nothing on stderr; the window showed no error at all
//! (the watcher is proven first on a real failed clip and on an injected "database is locked"
//! toast); every article, highlight, note line and tag a writer reported as saved is in the
//! library, once (`tidings list --json`, `tidings highlights --json`, the core API for notes and
//! tags), with nothing else; `PRAGMA integrity_check` and the search index's check pass.
//!
//! `TIDINGS_E2E_CONCURRENCY_SECS` sets the run's length (default 60). Needs the app built with
//! `npx tauri build --debug --no-bundle` and the CLI with `cargo build -p tidings-cli`:
//! `xvfb-run -a cargo test -p e2e --test concurrency -- --nocapture`. Prints the figures.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _, Result};
use e2e::{
    app_binary, cli_binary, click_title, clip_through_the_box, require_display, save_screenshot,
    select_in_reader, wait_css, wait_reader_shows, wait_xpath, TauriDriver, STEP,
};
use fantoccini::{Client, Locator};
use serde_json::Value;
use test_server::{Response, TestServer};

/// How long the app may take to show each thing asked of it.
/// A CLI command that takes longer than this is stuck (the busy timeout is 10 s).
const COMMAND_LIMIT: Duration = Duration::from_secs(60);
/// The pause between two commands of a writer.
const PACE: Duration = Duration::from_millis(20);
/// Pages only one writer clips, per writer; pages every writer (and the app) may clip; the
/// app's own pages. More than a minute's worth of each.
const OWN_PAGES: usize = 400;
const SHARED_PAGES: usize = 150;
const APP_PAGES: usize = 150;
/// Passages in each page: writer `w` highlights `w` on what it clips and `2 + w` on others'
/// articles; the app highlights `4` on what it clips and `5` on what the CLI clipped. So no two
/// writers ever highlight the same words of an article.
const PASSAGES: usize = 6;
const APP_PASSAGE: usize = 4;
const APP_OPENED_PASSAGE: usize = 5;

/// The run's length: `$TIDINGS_E2E_CONCURRENCY_SECS`, else the issue's minute.
fn run_length() -> Result<Duration> {
    match std::env::var("TIDINGS_E2E_CONCURRENCY_SECS") {
        Ok(secs) => Ok(Duration::from_secs(secs.trim().parse().with_context(
            || format!("TIDINGS_E2E_CONCURRENCY_SECS={secs:?} is not a number of seconds"),
        )?)),
        Err(_) => Ok(Duration::from_secs(60)),
    }
}

// ---- the pages -----------------------------------------------------------------------------------

/// Who a page is for: a writer's own, one everybody may clip, or the app's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Writer(usize),
    Shared,
    App,
}

impl Kind {
    fn path(self, n: usize) -> String {
        match self {
            Self::Writer(w) => format!("/writer-{w}/{n:03}"),
            Self::Shared => format!("/shared/{n:03}"),
            Self::App => format!("/app/{n:03}"),
        }
    }

    /// The page's title (and so the article's): no quotes, so it fits in an XPath literal.
    fn title(self, n: usize) -> String {
        match self {
            Self::Writer(w) => format!("Writer {w} dispatch {n:03}"),
            Self::Shared => format!("Shared dispatch {n:03}"),
            Self::App => format!("App dispatch {n:03}"),
        }
    }
}

/// Words of passage `k` of the article titled `title`: unique in the whole library.
fn passage(title: &str, k: usize) -> String {
    format!("Passage {k} of {title} is the sentence worth keeping")
}

/// Prose to wrap the passages in, varied by page so that no two pages read the same.
const TOPICS: [&str; 5] = [
    "the maintainers of a popular terminal emulator moved glyph rasterisation onto the graphics card",
    "a small team rewrote the storage engine of their note-taking tool around an append-only log",
    "the compiler's incremental mode now reuses type information across sessions on disk",
    "a database vendor published the results of a year of fuzzing its query planner",
    "browser engineers explained how they cut the memory used by background tabs by a third",
];

fn page(kind: Kind, n: usize) -> String {
    let title = kind.title(n);
    let topic = TOPICS[n % TOPICS.len()];
    let mut body = format!(
        "<p>This week {topic}, and the announcement drew more discussion than the team expected. \
         The lead developer said the work took most of a year and touched nearly every module of \
         the project, from the configuration loader to the release scripts.</p>"
    );
    for k in 0..PASSAGES {
        body.push_str(&format!(
            "<p>Reviewers went through the change set in stages, number {k} of them covering the \
             parts most likely to break. {}. Each stage ended with a benchmark run on older \
             hardware, and the numbers were posted to the mailing list for anyone to check.</p>",
            passage(&title, k)
        ));
    }
    body.push_str(
        "<p>Packagers for the major distributions expect to carry the new version within weeks, \
         and the project asks anyone who finds a regression to attach a short recording and their \
         settings to the report, since most of these bugs depend on the exact configuration.</p>",
    );
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">Front page</a> <a href="/about">About</a></nav></header>
<main><article><h1>{title}</h1>{body}</article></main>
<footer><p>Copyright 2026 Test Desk.</p></footer></body></html>"#
    )
}

fn server() -> TestServer {
    let mut routes: Vec<(String, Response)> = Vec::new();
    for (kind, count) in [
        (Kind::Writer(0), OWN_PAGES),
        (Kind::Writer(1), OWN_PAGES),
        (Kind::Shared, SHARED_PAGES),
        (Kind::App, APP_PAGES),
    ] {
        for n in 0..count {
            routes.push((kind.path(n), Response::html(page(kind, n))));
        }
    }
    routes.push(("/missing".to_owned(), Response::status(404)));
    TestServer::start(
        routes
            .iter()
            .map(|(path, response)| (path.as_str(), response.clone()))
            .collect(),
    )
}

// ---- the CLI writers -----------------------------------------------------------------------------

/// What one CLI writer did and what the library told it it had saved.
#[derive(Debug, Default)]
struct Ledger {
    writer: usize,
    /// Commands run, by subcommand.
    commands: BTreeMap<&'static str, usize>,
    /// Each command that did not exit 0 with an empty stderr (or whose output was wrong).
    failures: Vec<String>,
    /// Articles `add` reported: (id, title, URL, newly saved).
    articles: Vec<(i64, String, String, bool)>,
    /// Highlights `highlight` reported: (highlight id, article id, words, note).
    highlights: Vec<(i64, i64, String, String)>,
    /// Note lines appended: (article id, line).
    notes: Vec<(i64, String)>,
    /// Tags put on: (article id, tag).
    tags: Vec<(i64, String)>,
    /// Exports written and read back.
    exports: usize,
}

impl Ledger {
    fn total_commands(&self) -> usize {
        self.commands.values().sum()
    }
}

struct Writer {
    w: usize,
    bin: PathBuf,
    library: PathBuf,
    base: String,
    folder: PathBuf,
    deadline: Instant,
    ledger: Ledger,
}

impl Writer {
    /// Runs `tidings --library LIBRARY ARGS`; its stdout when it exited 0 with nothing on
    /// stderr, else `None` with the failure recorded.
    fn run(&mut self, args: &[&str]) -> Option<String> {
        *self.ledger.commands.entry(subcommand(args)).or_default() += 1;
        match self.try_run(args) {
            Ok(stdout) => Some(stdout),
            Err(error) => {
                self.ledger
                    .failures
                    .push(format!("writer {}: tidings {args:?}: {error:#}", self.w));
                None
            }
        }
    }

    fn try_run(&self, args: &[&str]) -> Result<String> {
        // Output to files, not pipes: `list --json` outgrows a pipe's buffer, and the command is
        // waited for with a limit.
        let n = self.ledger.total_commands();
        let (out_path, err_path) = (
            self.folder.join(format!("out-{n}")),
            self.folder.join(format!("err-{n}")),
        );
        let mut child = Command::new(&self.bin)
            .arg("--library")
            .arg(&self.library)
            .args(args)
            .env_remove("TIDINGS_LIBRARY")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path)?)
            .stderr(std::fs::File::create(&err_path)?)
            .spawn()
            .context("starting the CLI")?;
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if started.elapsed() > COMMAND_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                bail!("still running after {COMMAND_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let stdout = std::fs::read_to_string(&out_path)?;
        let stderr = std::fs::read_to_string(&err_path)?;
        let _ = std::fs::remove_file(&out_path);
        let _ = std::fs::remove_file(&err_path);
        ensure!(
            status.success() && stderr.trim().is_empty(),
            "{status}, stderr: {}",
            stderr.trim()
        );
        Ok(stdout)
    }

    fn pause(&self) {
        std::thread::sleep(PACE);
    }

    /// Until the deadline: clip, note, tag, highlight, highlight someone else's article, export.
    fn work(mut self, start: &Barrier) -> Ledger {
        start.wait();
        let (mut own, mut shared) = (0, 0);
        let mut crossed = BTreeSet::new();
        for round in 0.. {
            if Instant::now() >= self.deadline {
                break;
            }
            let (kind, n) = if round % 4 == 3 && shared < SHARED_PAGES {
                shared += 1;
                (Kind::Shared, shared - 1)
            } else if own < OWN_PAGES {
                own += 1;
                (Kind::Writer(self.w), own - 1)
            } else {
                break;
            };
            self.clip_and_annotate(kind, n, round);
            if round % 2 == 1 {
                self.annotate_another(&mut crossed, round);
            }
            if round % 3 == 2 {
                self.export_and_read_back(round);
            }
        }
        self.ledger
    }

    fn clip_and_annotate(&mut self, kind: Kind, n: usize, round: usize) {
        let url = format!("{}{}", self.base, kind.path(n));
        let Some(out) = self.run(&["add", &url, "--json"]) else {
            return;
        };
        let Some((id, title, already)) = serde_json::from_str::<Value>(&out).ok().and_then(|v| {
            Some((
                v["article"]["id"].as_i64()?,
                v["article"]["title"].as_str()?.to_owned(),
                v["already_saved"].as_bool()?,
            ))
        }) else {
            self.ledger
                .failures
                .push(format!("writer {}: add {url} printed {out:?}", self.w));
            return;
        };
        if title != kind.title(n) {
            self.ledger.failures.push(format!(
                "writer {}: add {url} saved {title:?}, not {:?}",
                self.w,
                kind.title(n)
            ));
        }
        self.ledger
            .articles
            .push((id, title.clone(), url, !already));
        let id_arg = id.to_string();
        self.pause();

        let line = format!("writer {} line {round}.", self.w);
        if self.run(&["note", &id_arg, &line, "--append"]).is_some() {
            self.ledger.notes.push((id, line));
        }
        self.pause();
        let tag = format!("writer-{}", self.w);
        if self.run(&["tag", &id_arg, &tag]).is_some() {
            self.ledger.tags.push((id, tag));
        }
        self.pause();
        self.highlight(id, &passage(&title, self.w), &format!("round {round}"));
        self.pause();
    }

    /// Highlights `words` of article `id` and records the highlight the CLI reported.
    fn highlight(&mut self, id: i64, words: &str, note: &str) {
        let note = format!("writer {} {note}", self.w);
        let Some(out) = self.run(&[
            "highlight",
            &id.to_string(),
            "--quote",
            words,
            "--note",
            &note,
            "--json",
        ]) else {
            return;
        };
        match serde_json::from_str::<Value>(&out)
            .ok()
            .and_then(|v| Some((v["id"].as_i64()?, v["article_id"].as_i64()?)))
        {
            Some((hid, article)) if article == id => {
                self.ledger
                    .highlights
                    .push((hid, id, words.to_owned(), note));
            }
            _ => self.ledger.failures.push(format!(
                "writer {}: highlight on {id} printed {out:?}",
                self.w
            )),
        }
    }

    /// Reads the list and highlights an article another writer or the app clipped (newest first).
    fn annotate_another(&mut self, crossed: &mut BTreeSet<i64>, round: usize) {
        let Some(out) = self.run(&["list", "--json"]) else {
            return;
        };
        self.pause();
        let Ok(Value::Array(list)) = serde_json::from_str::<Value>(&out) else {
            self.ledger
                .failures
                .push(format!("writer {}: list --json printed {out:?}", self.w));
            return;
        };
        let mine = format!("Writer {} ", self.w);
        let other = list.iter().find_map(|a| {
            let id = a["id"].as_i64()?;
            let title = a["title"].as_str()?;
            (!title.starts_with(&mine) && !crossed.contains(&id)).then(|| (id, title.to_owned()))
        });
        if let Some((id, title)) = other {
            crossed.insert(id);
            self.highlight(id, &passage(&title, 2 + self.w), &format!("cross {round}"));
            self.pause();
        }
    }

    /// Exports the library to Markdown and to JSON and reads both back: each must hold the
    /// articles this writer saved before it started.
    fn export_and_read_back(&mut self, round: usize) {
        let saved: Vec<(String, String)> = self
            .ledger
            .articles
            .iter()
            .map(|(_, title, url, _)| (title.clone(), url.clone()))
            .collect();
        let markdown = self.folder.join("markdown");
        let backup = self.folder.join("json");
        for (format, folder) in [("markdown", &markdown), ("json", &backup)] {
            let Some(folder_arg) = folder.to_str() else {
                self.ledger
                    .failures
                    .push(format!("{} is not UTF-8", folder.display()));
                return;
            };
            let ran = self.run(&["export", "--all", "--format", format, "--out", folder_arg]);
            self.pause();
            if ran.is_none() {
                continue;
            }
            let missing = match format {
                "markdown" => missing_from_markdown(folder, &saved),
                _ => missing_from_backup(folder, &saved),
            };
            match missing {
                Ok(missing) if missing.is_empty() => self.ledger.exports += 1,
                Ok(missing) => self.ledger.failures.push(format!(
                    "writer {}: the {format} export of round {round} lacks {missing:?}",
                    self.w
                )),
                Err(error) => self.ledger.failures.push(format!(
                    "writer {}: reading the {format} export of round {round}: {error:#}",
                    self.w
                )),
            }
        }
    }
}

fn subcommand(args: &[&str]) -> &'static str {
    match args.first().copied() {
        Some("add") => "add",
        Some("note") => "note",
        Some("tag") => "tag",
        Some("highlight") => "highlight",
        Some("list") => "list",
        Some("export") if args.contains(&"json") => "export json",
        Some("export") => "export markdown",
        _ => "other",
    }
}

/// The titles of `saved` that no Markdown file in `folder` holds.
fn missing_from_markdown(folder: &Path, saved: &[(String, String)]) -> Result<Vec<String>> {
    let mut text = String::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "md") {
            text.push_str(&std::fs::read_to_string(&path)?);
        }
    }
    Ok(saved
        .iter()
        .filter(|(title, _)| !text.contains(title.as_str()))
        .map(|(title, _)| title.clone())
        .collect())
}

/// The addresses of `saved` that the JSON backup in `folder` does not hold.
fn missing_from_backup(folder: &Path, saved: &[(String, String)]) -> Result<Vec<String>> {
    let mut urls = BTreeSet::new();
    let mut files = 0;
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if path.extension().is_some_and(|x| x == "json")
            && !name.is_some_and(|n| n.starts_with('.'))
        {
            files += 1;
            let backup: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
                .with_context(|| format!("parsing {}", path.display()))?;
            for article in backup["articles"].as_array().into_iter().flatten() {
                for key in ["original_url", "final_url"] {
                    if let Some(url) = article[key].as_str() {
                        urls.insert(url.to_owned());
                    }
                }
            }
        }
    }
    ensure!(files == 1, "{files} backup files in {}", folder.display());
    Ok(saved
        .iter()
        .filter(|(_, url)| !urls.contains(url))
        .map(|(_, url)| url.clone())
        .collect())
}

// ---- the app -------------------------------------------------------------------------------------

/// What the window reported as saved: the article clipped or opened, its highlighted words, and
/// the note written (on the app's own pages only: the note editor replaces the whole note).
#[derive(Debug)]
struct AppWrite {
    title: String,
    clipped: bool,
    highlight: String,
    note: Option<String>,
}

/// Records every error the window shows, as it appears: error toasts, anything with
/// `role=alert`, failed clips, the damaged-library screen. Idempotent.
const INSTALL_WATCHER: &str = r"
if (!window.__errorWatch) {
  const seen = [];
  window.__errorWatch = seen;
  const surfaces = '.toast.error, [role=alert], [data-testid=clip-job][data-state=failed], ' +
    '[data-testid=library-error], [data-testid=library-damaged]';
  const record = () => {
    for (const el of document.querySelectorAll(surfaces)) {
      const text = (el.textContent || '').replace(/\s+/g, ' ').trim();
      if (el.__errorSeen !== text) {
        el.__errorSeen = text;
        seen.push(text || el.outerHTML.slice(0, 200));
      }
    }
  };
  new MutationObserver(record).observe(document.documentElement,
    { subtree: true, childList: true, characterData: true, attributes: true });
  record();
}
return true;";

/// The errors recorded since the last call; `None` if the watcher is gone (the page reloaded).
async fn take_errors(client: &Client) -> Result<Option<Vec<String>>> {
    let taken = client
        .execute(
            "return window.__errorWatch ? window.__errorWatch.splice(0) : null;",
            vec![],
        )
        .await?;
    Ok(match taken {
        Value::Null => None,
        list => Some(serde_json::from_value(list)?),
    })
}

/// Moves what the watcher saw into `errors`; a lost watcher is put back and said.
async fn poll_errors(client: &Client, errors: &mut Vec<String>) -> Result<()> {
    if let Some(seen) = take_errors(client).await? {
        errors.extend(seen);
    } else {
        errors.push("the page reloaded: errors shown before may have gone unseen".into());
        client.execute(INSTALL_WATCHER, vec![]).await?;
    }
    Ok(())
}

/// Waits until the watcher has recorded an error containing `needle`; returns everything taken.
async fn wait_watched(client: &Client, needle: &str) -> Result<Vec<String>> {
    let deadline = Instant::now() + STEP;
    let mut taken = Vec::new();
    loop {
        taken.extend(take_errors(client).await?.context("the watcher is gone")?);
        if taken.iter().any(|e| e.contains(needle)) {
            return Ok(taken);
        }
        if Instant::now() > deadline {
            bail!("the watcher recorded no error with {needle:?}: {taken:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Proves the watcher: a real failed clip (HTTP 404) is recorded with its reason, and an error
/// toast saying "database is locked" put into the page is recorded too. Both are then cleared.
async fn the_watcher_sees_errors(client: &Client, server: &TestServer) -> Result<()> {
    client.execute(INSTALL_WATCHER, vec![]).await?;
    clip_through_the_box(client, &server.url("/missing")).await?;
    wait_watched(client, "404").await.context("a failed clip")?;
    wait_css(
        client,
        "[data-testid=clip-job][data-state=failed] button[aria-label=Dismiss]",
    )
    .await?
    .click()
    .await?;
    client
        .execute(
            "const toast = document.createElement('div');
             toast.className = 'toast error';
             toast.id = 'watcher-control';
             toast.textContent = 'control: database is locked';
             document.body.appendChild(toast);",
            vec![],
        )
        .await?;
    wait_watched(client, "database is locked")
        .await
        .context("an injected error toast")?;
    client
        .execute(
            "document.getElementById('watcher-control').remove();",
            vec![],
        )
        .await?;
    client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(
            "body:not(:has([data-testid=clip-job][data-state=failed]))",
        ))
        .await
        .context("the failed clip dismissed")?;
    Ok(())
}

/// Selects `words` in the reader (WebDriver cannot drag: scrolled into sight, the DOM's Range
/// API, then a mouseup as a drag would end) and highlights them from the selection's toolbar;
/// waits for the mark.
async fn highlight_in_the_reader(client: &Client, words: &str) -> Result<()> {
    select_in_reader(client, words).await?;
    wait_css(client, "[data-testid=selection-toolbar]")
        .await?
        .find(Locator::Css("[data-testid=highlight-yellow]"))
        .await?
        .click()
        .await?;
    wait_xpath(
        client,
        &format!(
            "//*[@data-testid='article-content']//mark[contains(@class, 'hl')][normalize-space(.)='{words}']"
        ),
    )
    .await
    .context("the highlight painted in the article")?;
    Ok(())
}

/// Opens the note, types `text` (one line), waits for "Saved", closes the note.
async fn write_note(client: &Client, text: &str) -> Result<()> {
    wait_css(client, "[data-testid=note-button]")
        .await?
        .click()
        .await?;
    wait_css(client, "[data-testid=note-editor]")
        .await?
        .send_keys(text)
        .await?;
    wait_xpath(
        client,
        "//*[@data-testid='note-status'][normalize-space(.)='Saved']",
    )
    .await
    .context("the note was not saved")?;
    wait_css(
        client,
        "[data-testid=notes-pane] button[aria-label='Close the note']",
    )
    .await?
    .click()
    .await?;
    client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css("body:not(:has([data-testid=notes-pane]))"))
        .await
        .context("the note closed")?;
    Ok(())
}

/// A title in the list that the CLI writers clipped and the window has not opened yet.
async fn a_cli_article_in_the_list(
    client: &Client,
    opened: &BTreeSet<String>,
) -> Result<Option<String>> {
    let titles = client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=article-title]'))
               .map((t) => t.textContent.trim());",
            vec![],
        )
        .await?;
    let titles: Vec<String> = serde_json::from_value(titles)?;
    Ok(titles
        .into_iter()
        .find(|t| t.starts_with("Writer ") && !opened.contains(t)))
}

/// Until `deadline`: clip a page through the clip box (every third time one the CLI writers
/// clip too), highlight it, note it (the app's own pages), then open an article the CLI clipped
/// and highlight that. Errors the window shows go to `errors`.
async fn drive_the_window(
    client: &Client,
    server: &TestServer,
    deadline: Instant,
    writes: &mut Vec<AppWrite>,
    errors: &mut Vec<String>,
) -> Result<()> {
    let mut opened = BTreeSet::new();
    let (mut own, mut shared) = (0, 0);
    for round in 0.. {
        if Instant::now() >= deadline {
            break;
        }
        let (kind, n) = if round % 3 == 2 {
            shared += 1;
            (Kind::Shared, shared - 1)
        } else {
            own += 1;
            (Kind::App, own - 1)
        };
        ensure!(n < APP_PAGES.min(SHARED_PAGES), "the app ran out of pages");
        let title = kind.title(n);
        clip_through_the_box(client, &server.url(&kind.path(n))).await?;
        // One URL: the window opens the article, new or already saved.
        wait_reader_shows(client, &title)
            .await
            .context("clipping through the clip box")?;
        let words = passage(&title, APP_PASSAGE);
        highlight_in_the_reader(client, &words)
            .await
            .with_context(|| format!("highlighting {title}"))?;
        let note = (kind == Kind::App).then(|| format!("App note {round} on {title}"));
        if let Some(note) = &note {
            write_note(client, note)
                .await
                .with_context(|| format!("the note of {title}"))?;
        }
        writes.push(AppWrite {
            title: title.clone(),
            clipped: true,
            highlight: words,
            note,
        });
        poll_errors(client, errors).await?;

        if let Some(other) = a_cli_article_in_the_list(client, &opened).await? {
            opened.insert(other.clone());
            click_title(client, &other).await?;
            wait_reader_shows(client, &other)
                .await
                .context("opening an article the CLI clipped")?;
            let words = passage(&other, APP_OPENED_PASSAGE);
            highlight_in_the_reader(client, &words)
                .await
                .with_context(|| format!("highlighting {other}"))?;
            writes.push(AppWrite {
                title: other,
                clipped: false,
                highlight: words,
                note: None,
            });
            poll_errors(client, errors).await?;
        }
    }
    Ok(())
}

// ---- the test ------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_and_two_cli_processes_share_a_library_for_a_minute() {
    let whole = match run_length() {
        Ok(length) => length + Duration::from_secs(300),
        Err(error) => panic!("{error:#}"),
    };
    match tokio::time::timeout(whole, run()).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the end-to-end test took longer than {whole:?}"),
    }
}

async fn run() -> Result<()> {
    let started = Instant::now();
    let length = run_length()?;
    let app = app_binary()?;
    let cli = cli_binary()?;
    require_display()?;
    let server = server();
    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    let config_dir = folder.path().join("config");
    std::fs::create_dir_all(&config_dir)?;

    // The library does not exist yet: the writers and the app all start on a new file.
    let deadline = Instant::now() + length;
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let writer_folder = folder.path().join(format!("writer-{w}"));
            std::fs::create_dir_all(&writer_folder)?;
            let writer = Writer {
                w,
                bin: cli.clone(),
                library: library.clone(),
                base: server.base(),
                folder: writer_folder,
                deadline,
                ledger: Ledger {
                    writer: w,
                    ..Ledger::default()
                },
            };
            let start = Arc::clone(&start);
            Ok(std::thread::spawn(move || writer.work(&start)))
        })
        .collect::<Result<_>>()?;

    let driver = TauriDriver::start_with_env(
        Duration::from_secs(10),
        &[("XDG_CONFIG_HOME", config_dir.as_path())],
    )?;
    let library_arg = library
        .to_str()
        .context("the temporary folder's path is not UTF-8")?;
    let client = driver.launch(&app, &["--library", library_arg]).await?;
    let mut writes = Vec::new();
    let mut errors = Vec::new();
    let mut result = in_the_window(&client, &server, deadline, &mut writes, &mut errors).await;
    if result.is_ok() {
        result = poll_errors(&client, &mut errors).await;
    }
    if result.is_err() {
        if let Ok(shot) = save_screenshot(&client, "failure-concurrency").await {
            eprintln!("screenshot of the failure: {}", shot.display());
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    drop(driver);

    // The writers stop at the deadline too (each finishes its round).
    let mut ledgers = Vec::new();
    for writer in writers {
        let ledger = tokio::task::spawn_blocking(move || writer.join())
            .await?
            .map_err(|_| anyhow::anyhow!("a writer thread panicked"))?;
        ledgers.push(ledger);
    }
    let ran_for = started.elapsed();
    report(&ledgers, &writes, &errors, ran_for);
    result?;

    for ledger in &ledgers {
        ensure!(
            ledger.failures.is_empty(),
            "writer {}: {} of {} commands failed ({} said the library was locked or busy):\n{}",
            ledger.writer,
            ledger.failures.len(),
            ledger.total_commands(),
            ledger.failures.iter().filter(|f| is_lock_error(f)).count(),
            ledger.failures.join("\n")
        );
        ensure!(
            !ledger.articles.is_empty() && !ledger.highlights.is_empty() && ledger.exports > 0,
            "writer {} wrote nothing: {ledger:?}",
            ledger.writer
        );
    }
    ensure!(
        errors.is_empty(),
        "the window showed {} error(s) ({} of a locked or busy library):\n{}",
        errors.len(),
        errors.iter().filter(|e| is_lock_error(e)).count(),
        errors.join("\n")
    );
    ensure!(
        writes.iter().any(|w| w.clipped) && writes.iter().any(|w| !w.clipped),
        "the window clipped or opened nothing: {writes:?}"
    );
    everything_is_there_once(&cli, &library, &ledgers, &writes).await
}

/// First the watcher's proof, then the window's work until the deadline.
async fn in_the_window(
    client: &Client,
    server: &TestServer,
    deadline: Instant,
    writes: &mut Vec<AppWrite>,
    errors: &mut Vec<String>,
) -> Result<()> {
    wait_css(client, "[data-testid=clip-input]")
        .await
        .context("the window's clip box")?;
    let url = client.current_url().await?;
    ensure!(
        url.scheme() == "tauri",
        "the app shows {url}, not its embedded UI: build it with `npx tauri build --debug --no-bundle`"
    );
    the_watcher_sees_errors(client, server)
        .await
        .context("the error watcher's control")?;
    drive_the_window(client, server, deadline, writes, errors).await
}

fn is_lock_error(text: &str) -> bool {
    let text = text.to_lowercase();
    text.contains("locked") || text.contains("busy")
}

fn report(ledgers: &[Ledger], writes: &[AppWrite], errors: &[String], ran_for: Duration) {
    for ledger in ledgers {
        eprintln!(
            "CLI writer {}: {} commands ({}); {} articles ({} new), {} highlights, {} note lines, \
             {} tags, {} exports read back; {} errors",
            ledger.writer,
            ledger.total_commands(),
            ledger
                .commands
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
            ledger.articles.len(),
            ledger.articles.iter().filter(|a| a.3).count(),
            ledger.highlights.len(),
            ledger.notes.len(),
            ledger.tags.len(),
            ledger.exports,
            ledger.failures.len(),
        );
    }
    eprintln!(
        "app: {} clips through the clip box, {} CLI articles opened, {} highlights, {} notes; {} errors shown",
        writes.iter().filter(|w| w.clipped).count(),
        writes.iter().filter(|w| !w.clipped).count(),
        writes.len(),
        writes.iter().filter(|w| w.note.is_some()).count(),
        errors.len(),
    );
    eprintln!("wall time {ran_for:?}");
}

/// Runs a read-only CLI command after the run and parses its JSON.
fn cli_json(cli: &Path, library: &Path, args: &[&str]) -> Result<Value> {
    let out = Command::new(cli)
        .arg("--library")
        .arg(library)
        .args(args)
        .env_remove("TIDINGS_LIBRARY")
        .output()?;
    ensure!(
        out.status.success(),
        "tidings {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// Every article, highlight, note line and tag reported saved is in the library exactly once,
/// nothing else is, and the file and its search index are sound.
async fn everything_is_there_once(
    cli: &Path,
    library: &Path,
    ledgers: &[Ledger],
    writes: &[AppWrite],
) -> Result<()> {
    // Articles: one per page anybody clipped, under the id the CLI was given.
    let list = cli_json(cli, library, &["list", "--json"])?;
    let list = list.as_array().context("list --json is not a list")?;
    let mut by_title: BTreeMap<String, i64> = BTreeMap::new();
    let mut urls = BTreeSet::new();
    for article in list {
        let title = article["title"].as_str().context("an article's title")?;
        let id = article["id"].as_i64().context("an article's id")?;
        ensure!(
            by_title.insert(title.to_owned(), id).is_none(),
            "{title} is in the library twice"
        );
        let url = article["url"].as_str().unwrap_or_default();
        ensure!(urls.insert(url.to_owned()), "{url} is in the library twice");
    }
    let mut expected_titles = BTreeSet::new();
    for ledger in ledgers {
        for (id, title, url, _) in &ledger.articles {
            ensure!(
                by_title.get(title) == Some(id),
                "writer {} saved {title} ({url}) as {id}; the library has {:?}",
                ledger.writer,
                by_title.get(title)
            );
            expected_titles.insert(title.clone());
        }
    }
    for write in writes.iter().filter(|w| w.clipped) {
        ensure!(
            by_title.contains_key(&write.title),
            "the window clipped {}; the library lacks it",
            write.title
        );
        expected_titles.insert(write.title.clone());
    }
    let extra: Vec<_> = by_title
        .keys()
        .filter(|t| !expected_titles.contains(*t))
        .collect();
    ensure!(extra.is_empty(), "articles nobody saved: {extra:?}");
    // Each page is saved once however many clipped it: shared pages were reported new once.
    let mut new_by_title: BTreeMap<&str, usize> = BTreeMap::new();
    for ledger in ledgers {
        for (_, title, _, new) in &ledger.articles {
            *new_by_title.entry(title).or_default() += usize::from(*new);
        }
    }
    let twice: Vec<_> = new_by_title.iter().filter(|(_, n)| **n > 1).collect();
    ensure!(
        twice.is_empty(),
        "pages saved as new more than once: {twice:?}"
    );

    // Highlights: each reported one, with its words and note, on its article; no words twice.
    let entries = cli_json(cli, library, &["highlights", "--json"])?;
    let entries = entries
        .as_array()
        .context("highlights --json is not a list")?;
    let mut stored: BTreeMap<i64, (i64, String, Option<String>)> = BTreeMap::new();
    let mut words_on: BTreeSet<(i64, String)> = BTreeSet::new();
    for entry in entries {
        let h = &entry["highlight"];
        let (id, article, exact) = (
            h["id"].as_i64().context("a highlight's id")?,
            h["article_id"].as_i64().context("a highlight's article")?,
            h["exact"]
                .as_str()
                .context("a highlight's words")?
                .to_owned(),
        );
        ensure!(
            !h["orphaned"].as_bool().unwrap_or(false),
            "highlight {id} ({exact:?}) is orphaned"
        );
        ensure!(
            words_on.insert((article, exact.clone())),
            "{exact:?} is highlighted twice on article {article}"
        );
        stored.insert(id, (article, exact, h["note"].as_str().map(str::to_owned)));
    }
    let mut reported = 0;
    for ledger in ledgers {
        for (id, article, words, note) in &ledger.highlights {
            reported += 1;
            ensure!(
                stored.get(id) == Some(&(*article, words.clone(), Some(note.clone()))),
                "writer {}'s highlight {id} ({words:?} on {article}, note {note:?}) is stored as {:?}",
                ledger.writer,
                stored.get(id)
            );
        }
    }
    for write in writes {
        reported += 1;
        let article = by_title
            .get(&write.title)
            .with_context(|| format!("{} is not in the library", write.title))?;
        ensure!(
            words_on.contains(&(*article, write.highlight.clone())),
            "the window's highlight {:?} on {} is not stored",
            write.highlight,
            write.title
        );
    }
    ensure!(
        stored.len() == reported,
        "{} highlights stored, {reported} reported saved",
        stored.len()
    );

    // Notes and tags, through the core library: every line once, every tag.
    let opened = tidings_core::Library::open(library).await?;
    let mut lines: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut tags: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for ledger in ledgers {
        for (id, line) in &ledger.notes {
            lines.entry(*id).or_default().push(line.clone());
        }
        for (id, tag) in &ledger.tags {
            tags.entry(*id).or_default().insert(tag.clone());
        }
    }
    for write in writes {
        if let Some(note) = &write.note {
            lines
                .entry(by_title[&write.title])
                .or_default()
                .push(note.clone());
        }
    }
    let mut note_lines = 0;
    for (title, id) in &by_title {
        let article = opened.article(*id).await?;
        let body = article.note.map(|n| n.body).unwrap_or_default();
        let expected = lines.remove(id).unwrap_or_default();
        for line in &expected {
            ensure!(
                body.matches(line.as_str()).count() == 1,
                "{title}: the note line {line:?} is not there once: {body:?}"
            );
        }
        let written = body.lines().filter(|l| !l.trim().is_empty()).count();
        ensure!(
            written == expected.len(),
            "{title}: the note has {written} lines, {} were written: {body:?}",
            expected.len()
        );
        note_lines += written;
        let have: BTreeSet<String> = article.tags.iter().cloned().collect();
        ensure!(
            have.len() == article.tags.len(),
            "{title}: a tag twice: {:?}",
            article.tags
        );
        let want = tags.remove(id).unwrap_or_default();
        ensure!(have == want, "{title}: tags {have:?}, {want:?} were put on");
    }
    ensure!(
        lines.is_empty(),
        "notes on articles not in the list: {lines:?}"
    );
    drop(opened);

    // The file and its search index.
    let connection = rusqlite::Connection::open(library)?;
    let integrity: String = connection.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    ensure!(integrity == "ok", "integrity_check: {integrity}");
    drop(connection);
    tidings_core::store::Store::open(library)?.check_integrity()?;
    eprintln!(
        "in the library: {} articles, {} highlights, {} note lines; integrity ok",
        by_title.len(),
        stored.len(),
        note_lines
    );
    Ok(())
}

// ---- helpers -------------------------------------------------------------------------------------
