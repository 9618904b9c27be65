//! Hostile pages in the real app: every vector of `tests/fixtures/xss/vectors.json` (script in its
//! disguises, event handlers, `javascript:`/`vbscript:`/`data:` URLs, SVG and MathML, `<base>`,
//! `<meta refresh>`, CSS, `srcdoc`, forms, mutation XSS) is clipped from a page of its own on a
//! 127.0.0.1 server and opened in the reader through the UI, and none of them runs: no vector's
//! script sets its flag, no alert opens, nothing requests the trap server, nothing navigates or asks
//! for the browser. Controls prove the detectors work: the payload itself, run in the window,
//! trips the flag and reaches a server; a legitimate image in a clipped page reaches its server.
//!
//! And the webview is locked down: an inline `<script>`, an inline event handler and a script from
//! another origin injected into the reader are blocked by the CSP (each reported as a violation);
//! plugin commands and scopes outside `src-tauri/capabilities/` are refused when invoked from the
//! page (an allowed one goes through); `window.location`, `window.open` and a link in an article
//! leave the window on the app, go to the system browser instead, and the page's server receives
//! no request from the webview.
//!
//! The system browser: the app opens web addresses with the opener plugin, which runs `xdg-open`
//! (first on `PATH`). The tests start the app with a `PATH` whose first folder holds a stand-in
//! `xdg-open` that only writes its argument to a log, so nothing launches a real browser, and what
//! would have been opened can be asserted. The app itself has no test hook for this.
//!
//! `xvfb-run -a cargo test -p e2e --test hostile -- --nocapture` after
//! `npx tauri build --debug --no-bundle`; prints how many vectors were tried and how many ran.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _, Result};
use e2e::{app_binary, require_display, save_screenshot, wait_css, TauriDriver, STEP};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use test_server::{Response, TestServer};

/// How long the app may take to show each thing asked of it.
/// Each test, library, driver and app start-up included.
const WHOLE_TEST: Duration = Duration::from_secs(600);

/// The shared vectors; `PAYLOAD` and `TRAP_URL` are filled in per page by [`payload`] and [`trap_url`].
fn vectors() -> Result<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/xss/vectors.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Script that, if it ever runs, asks `server` for `/trap/<n>` (an image: the CSP's `img-src`
/// lets that out, so a run is seen even where `connect-src` would stop a fetch) and sets
/// `window.__pwned` to `n` (on the top window, from a frame too). No quotes, spaces, `<`, `>`, `&`,
/// `#` or `%`, so it stays itself in any attribute, URL or script context a vector puts it in.
fn payload(server: &str, n: usize) -> String {
    format!("(new(Image)).src=`{server}/trap/{n}`;top.__pwned={n}")
}

/// An address on `server` that a vector would load or navigate to if it worked.
fn trap_url(server: &str, n: usize) -> String {
    format!("{server}/trap/{n}")
}

/// The words around each vector: enough ordinary prose that extraction keeps the article, with
/// the page's number (`Specimen NNN`) in the first paragraph to know which one the reader shows.
fn page(n: usize, inner: &str) -> String {
    let title = format!("Hostile page {n:03}");
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">Front page</a> <a href="/about">About</a></nav></header>
<main><article>
<h1>{title}</h1>
<p>Specimen {n:03}. The maintainers of a popular terminal emulator shipped a release this week that
rewrites how the program draws text, moving glyph rasterisation onto the graphics card and caching
shaped runs between frames, which they say halves input latency on older laptops.</p>
<p>The change took most of a year. The lead developer explained in the release notes that the old
renderer redrew every cell on each keystroke, and that profiling on a five-year-old machine showed
more time spent measuring fonts than in the shell itself.</p>
{inner}
<p>Early testers report smoother scrolling through long build logs, although a handful of users on
unusual font configurations saw misaligned ligatures, which the team has promised to fix in a point
release before the end of the month.</p>
<p>Packagers for the major distributions expect to carry the new version within weeks; the project
asks anyone who finds a regression to attach a short recording and their font settings to the
report, since most rendering bugs depend on the exact combination of typeface and scaling.</p>
</article></main>
<footer><p>Copyright 2026 Test Desk.</p></footer></body></html>"#
    )
}

/// A folder first on the app's `PATH` holding a stand-in `xdg-open` that appends its argument to
/// `opened.log` beside it; returns the `PATH` value and the log.
fn fake_browser(folder: &Path) -> Result<(std::ffi::OsString, PathBuf)> {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = folder.join("bin");
    std::fs::create_dir_all(&bin)?;
    let log = folder.join("opened.log");
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n# Stands in for the system browser in the end-to-end tests.\nprintf '%s\\n' \"$*\" >> '{}'\n",
            log.display()
        ),
    )?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    let mut paths = vec![bin];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    Ok((std::env::join_paths(paths)?, log))
}

/// What the stand-in browser was asked to open, one address a line.
fn opened(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Waits until the stand-in browser was asked to open `url`.
async fn wait_opened(log: &Path, url: &str) -> Result<()> {
    let deadline = Instant::now() + STEP;
    loop {
        let now = opened(log);
        if now.iter().any(|line| line == url) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{url} was not handed to the browser; it was asked to open {now:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The app on `library`, with the stand-in browser first on its `PATH`.
struct App {
    client: Client,
    _driver: TauriDriver,
}

impl App {
    async fn launch(library: &Path, folder: &Path, path: &std::ffi::OsStr) -> Result<Self> {
        let app = app_binary()?;
        require_display()?;
        let config_dir = folder.join("config");
        std::fs::create_dir_all(&config_dir)?;
        let driver = TauriDriver::start_with_env(
            Duration::from_secs(10),
            &[
                ("XDG_CONFIG_HOME", config_dir.as_path()),
                ("PATH", Path::new(path)),
            ],
        )?;
        let library_arg = library
            .to_str()
            .context("the temporary folder's path is not UTF-8")?;
        let client = driver.launch(&app, &["--library", library_arg]).await?;
        Ok(Self {
            client,
            _driver: driver,
        })
    }

    /// Ends the session (and so the app) before the driver goes; a failure leaves a screenshot.
    async fn close(self, result: &Result<()>, name: &str) {
        if result.is_err() {
            if let Ok(shot) = save_screenshot(&self.client, name).await {
                eprintln!("screenshot of the failure: {}", shot.display());
            }
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.close()).await;
    }
}

async fn within_time(test: impl std::future::Future<Output = Result<()>>) {
    match tokio::time::timeout(WHOLE_TEST, test).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the end-to-end test took longer than {WHOLE_TEST:?}"),
    }
}

// ---- the vectors -------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hostile_page_runs_anything_in_the_reader() {
    within_time(every_vector()).await;
}

async fn every_vector() -> Result<()> {
    let started = Instant::now();
    let vectors = vectors()?;
    // Nothing may ever reach the trap; the canary is where the controls must arrive.
    let trap = TestServer::start(Vec::new());
    let canary = TestServer::start(Vec::new());
    // Page 0 is the control: a legitimate image on the canary server.
    let mut routes = vec![(
        "/hostile/000".to_owned(),
        Response::html(page(
            0,
            &format!(
                "<figure><img src=\"{}/picture.png\" alt=\"a chart\"><figcaption>A chart.</figcaption></figure>",
                canary.base()
            ),
        )),
    )];
    for (i, vector) in vectors.iter().enumerate() {
        let n = i + 1;
        let filled = vector
            .replace("PAYLOAD", &payload(&trap.base(), n))
            .replace("TRAP_URL", &trap_url(&trap.base(), n));
        routes.push((format!("/hostile/{n:03}"), Response::html(page(n, &filled))));
    }
    let pages = TestServer::start(
        routes
            .iter()
            .map(|(path, response)| (path.as_str(), response.clone()))
            .collect(),
    );

    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    {
        let opened = tidings_core::Library::open(&library).await?;
        for (path, _) in &routes {
            opened
                .clip(&pages.url(path), tidings_core::ClipOptions::default())
                .await
                .with_context(|| format!("clipping {path}"))?;
        }
    }
    eprintln!(
        "clipped {} pages from {} in {:?}",
        routes.len(),
        pages.base(),
        started.elapsed()
    );
    ensure!(
        trap.hits() == 0,
        "clipping the pages reached the trap server {} times",
        trap.hits()
    );

    let (path, log) = fake_browser(folder.path())?;
    let app = App::launch(&library, folder.path(), &path).await?;
    let result = open_every_page(&app.client, &trap, &canary, &log, vectors.len()).await;
    app.close(&result, "failure-hostile").await;
    eprintln!("the hostile-pages test took {:?}", started.elapsed());
    result
}

async fn open_every_page(
    client: &Client,
    trap: &TestServer,
    canary: &TestServer,
    log: &Path,
    count: usize,
) -> Result<()> {
    wait_css(client, "[data-testid=article-item]")
        .await
        .context("the list of clipped pages")?;
    let url = client.current_url().await?;
    ensure!(
        url.scheme() == "tauri",
        "the app shows {url}, not its embedded UI: build it with `npx tauri build --debug --no-bundle`"
    );
    the_payload_is_seen_when_it_runs(client, canary)
        .await
        .context("the control: the payload run in the window")?;

    // Every page through the UI: click the first in the list, then `j` to each next one.
    client
        .find(Locator::Css("[data-testid=article-item]"))
        .await?
        .click()
        .await?;
    let body = client.find(Locator::Css("body")).await?;
    let mut seen = BTreeSet::new();
    let mut ran: Vec<String> = Vec::new();
    let mut previous = None;
    let mut traps_before = trap.hits();
    for step in 0..=count {
        if step > 0 {
            body.send_keys("j").await?;
        }
        let n = wait_next_specimen(client, previous)
            .await
            .with_context(|| format!("opening the page after {previous:?}"))?;
        previous = Some(n);
        ensure!(seen.insert(n), "page {n} came round twice");
        if let Some(what) = ran_on_this_page(client).await? {
            ran.push(format!("page {n}: {what}"));
        }
        // Counted from before the page was asked for: its loads start as soon as it renders.
        let reached = trap.hits() - traps_before;
        traps_before += reached;
        if reached > 0 {
            ran.push(format!("page {n}: {reached} request(s) to the trap server"));
        }
    }
    // Late runs (a timer, a slow image) would still show: the flag and the counters are global.
    settle(client).await?;
    if let Some(what) = ran_on_this_page(client).await? {
        ran.push(format!("after the last page: {what}"));
    }
    let url = client.current_url().await?;
    if url.scheme() != "tauri" {
        ran.push(format!("the window left the app for {url}"));
    }
    let asked = opened(log);
    if !asked.is_empty() {
        ran.push(format!("the browser was asked to open {asked:?}"));
    }
    if trap.hits() > traps_before {
        ran.push(format!(
            "{} request(s) reached the trap server after the last page",
            trap.hits() - traps_before
        ));
    }
    let expected: BTreeSet<usize> = (0..=count).collect();
    ensure!(
        seen == expected,
        "pages never opened: {:?}",
        expected.difference(&seen).collect::<Vec<_>>()
    );
    // The control page's image reached its server: a load from a clipped page is seen.
    wait_hits(canary, 2)
        .await
        .context("the control page's image never reached the canary server")?;
    eprintln!(
        "hostile pages: {count} vectors tried (each clipped and opened in the reader), {} executed",
        ran.len()
    );
    ensure!(ran.is_empty(), "hostile pages ran:\n{}", ran.join("\n"));
    Ok(())
}

/// The control: the payload, run in the window by the test, sets the flag and reaches its server,
/// so a vector that ran would be seen. The flag is cleared again afterwards.
async fn the_payload_is_seen_when_it_runs(client: &Client, canary: &TestServer) -> Result<()> {
    client
        .execute(&payload(&canary.base(), 999), Vec::new())
        .await?;
    let flag = client.execute("return window.__pwned;", Vec::new()).await?;
    ensure!(flag == json!(999), "the payload set no flag: {flag}");
    wait_hits(canary, 1).await?;
    client.execute("delete window.__pwned;", Vec::new()).await?;
    Ok(())
}

async fn wait_hits(server: &TestServer, at_least: usize) -> Result<()> {
    let deadline = Instant::now() + STEP;
    while server.hits() < at_least {
        if Instant::now() > deadline {
            bail!("{} of {at_least} requests arrived", server.hits());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Waits until the reader shows a page other than `previous`; returns its number.
async fn wait_next_specimen(client: &Client, previous: Option<usize>) -> Result<usize> {
    let deadline = Instant::now() + STEP;
    loop {
        let shown = client
            .execute(
                "const content = document.querySelector('[data-testid=article-content]');
                 const found = content && content.textContent.match(/Specimen (\\d{3})/);
                 return found ? Number(found[1]) : null;",
                Vec::new(),
            )
            .await?;
        if let Some(n) = shown.as_u64() {
            let n = usize::try_from(n)?;
            if Some(n) != previous {
                return Ok(n);
            }
        }
        if Instant::now() > deadline {
            bail!("the reader still shows page {shown}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Lets the page finish what it started: every image in the article loaded or failed (an
/// `onerror` would have fired by then), then two frames painted and the task queue run once.
async fn settle(client: &Client) -> Result<()> {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const content = document.querySelector('[data-testid=article-content]');
             const images = content ? Array.from(content.querySelectorAll('img')) : [];
             const loaded = Promise.all(images.map((img) => img.complete ? null : new Promise((resolve) => {
               img.addEventListener('load', resolve, { once: true });
               img.addEventListener('error', resolve, { once: true });
             })));
             Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, 5000))]).then(() =>
               requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 0))));",
            Vec::new(),
        )
        .await?;
    Ok(())
}

/// What ran on the page shown, if anything: an alert (dismissed, so the next page can be tried)
/// or the payload's flag (cleared likewise).
async fn ran_on_this_page(client: &Client) -> Result<Option<String>> {
    if let Some(text) = open_alert(client).await? {
        return Ok(Some(format!("an alert {text:?}")));
    }
    settle(client).await?;
    if let Some(text) = open_alert(client).await? {
        return Ok(Some(format!("an alert {text:?}")));
    }
    let flag = client
        .execute(
            "const flag = window.__pwned; delete window.__pwned; return flag === undefined ? null : String(flag);",
            Vec::new(),
        )
        .await?;
    Ok(match flag {
        Value::Null => None,
        flag => Some(format!("window.__pwned = {flag}")),
    })
}

/// The text of an open alert, dismissed; `None` when there is none.
async fn open_alert(client: &Client) -> Result<Option<String>> {
    match client.get_alert_text().await {
        Ok(text) => {
            client.dismiss_alert().await?;
            Ok(Some(text))
        }
        Err(error) if error.is_no_such_alert() => Ok(None),
        Err(error) => Err(error).context("asking for an alert"),
    }
}

// ---- the webview -------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webview_is_locked_down() {
    within_time(locked_down()).await;
}

async fn locked_down() -> Result<()> {
    // The server the window must never reach; the article links to it.
    let elsewhere = TestServer::start(Vec::new());
    let link = elsewhere.url("/linked");
    let pages = TestServer::start(vec![(
        "/links",
        Response::html(page(
            1,
            &format!(
                "<p>Read <a href=\"{link}\">the maintainers' announcement</a> for the details.</p>"
            ),
        )),
    )]);
    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    tidings_core::Library::open(&library)
        .await?
        .clip(&pages.url("/links"), tidings_core::ClipOptions::default())
        .await?;
    let (path, log) = fake_browser(folder.path())?;
    let app = App::launch(&library, folder.path(), &path).await?;
    let result = lockdown_steps(&app.client, &elsewhere, &log).await;
    app.close(&result, "failure-lockdown").await;
    result
}

async fn lockdown_steps(client: &Client, elsewhere: &TestServer, log: &Path) -> Result<()> {
    wait_css(client, "[data-testid=article-item]")
        .await?
        .click()
        .await?;
    wait_css(client, "[data-testid=article-content] a")
        .await
        .context("the article with its link in the reader")?;
    let app_url = client.current_url().await?;
    ensure!(app_url.scheme() == "tauri", "the app shows {app_url}");
    let app_origin = app_url.origin().ascii_serialization();

    inline_script_is_blocked(client, elsewhere)
        .await
        .context("the CSP")?;
    commands_outside_the_capabilities_are_refused(client, elsewhere, log)
        .await
        .context("the capabilities")?;
    the_window_never_navigates(client, elsewhere, log, &app_origin)
        .await
        .context("navigation")?;
    ensure!(
        elsewhere.hits() == 0,
        "the webview reached the other server {} times",
        elsewhere.hits()
    );
    Ok(())
}

/// An inline `<script>`, an inline `onclick` (clicked for real) and a `<script src>` on another
/// origin, put into the reader's DOM: none runs, and the webview reports each as a CSP violation
/// of `script-src` (so they were blocked, not merely left out).
async fn inline_script_is_blocked(client: &Client, elsewhere: &TestServer) -> Result<()> {
    client
        .execute(
            "const [external] = arguments;
             window.__violations = [];
             document.addEventListener('securitypolicyviolation', (e) =>
               window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
             const content = document.querySelector('[data-testid=article-content]');
             const inline = document.createElement('script');
             inline.textContent = 'window.__inlineRan = true;';
             content.appendChild(inline);
             const remote = document.createElement('script');
             remote.src = external;
             content.appendChild(remote);
             const probe = document.createElement('p');
             probe.id = 'csp-probe';
             probe.textContent = 'Click me';
             probe.setAttribute('onclick', 'window.__handlerRan = true;');
             content.appendChild(probe);",
            vec![json!(elsewhere.url("/remote.js"))],
        )
        .await?;
    client
        .find(Locator::Css("#csp-probe"))
        .await?
        .click()
        .await?;
    let deadline = Instant::now() + STEP;
    let violations = loop {
        let violations = client
            .execute("return window.__violations;", Vec::new())
            .await?;
        let list: Vec<String> = violations
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let inline = list
            .iter()
            .filter(|v| v.starts_with("script-src") && v.ends_with("inline"))
            .count();
        let remote = list
            .iter()
            .any(|v| v.starts_with("script-src") && v.contains("/remote.js"));
        if inline >= 2 && remote {
            break list;
        }
        if Instant::now() > deadline {
            bail!("the CSP reported {list:?}, not two inline scripts and the remote one");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let ran = client
        .execute(
            "return [window.__inlineRan === true, window.__handlerRan === true];",
            Vec::new(),
        )
        .await?;
    ensure!(
        ran == json!([false, false]),
        "injected script ran ([inline script, inline handler]): {ran}"
    );
    eprintln!("CSP violations reported: {violations:?}");
    Ok(())
}

/// From the page, through Tauri's own IPC: a permission the capabilities do not grant (opener's
/// `open_path`, `reveal_item_in_dir`, the dialog plugin, window and webview commands) and a URL
/// outside the opener's scope (`file:`) are refused; the allowed `open_url` on `https:` and one of
/// the app's commands go through, so the refusals are the ACL's.
async fn commands_outside_the_capabilities_are_refused(
    client: &Client,
    elsewhere: &TestServer,
    log: &Path,
) -> Result<()> {
    let allowed_url = elsewhere.url("/allowed");
    let calls = json!([
        ["library_info", {}],
        ["plugin:opener|open_url", { "url": allowed_url }],
        ["plugin:opener|open_url", { "url": "file:///etc/passwd" }],
        ["plugin:opener|open_path", { "path": "/etc/passwd" }],
        ["plugin:opener|reveal_item_in_dir", { "paths": ["/etc/passwd"] }],
        ["plugin:dialog|open", { "options": {} }],
        ["plugin:dialog|message", { "message": "pwned" }],
        ["plugin:window|set_title", { "label": "main", "value": "pwned" }],
        ["plugin:window|close", { "label": "main" }],
        ["plugin:webview|create_webview_window", { "options": { "label": "evil", "url": "https://evil.example/" } }],
    ]);
    let outcomes = client
        .execute_async(
            "const [calls] = arguments;
             const done = arguments[arguments.length - 1];
             const invoke = window.__TAURI_INTERNALS__.invoke;
             Promise.all(calls.map(([command, args]) =>
               invoke(command, args).then(() => 'allowed', (error) => `refused: ${JSON.stringify(error)}`)))
               .then(done);",
            vec![calls.clone()],
        )
        .await?;
    let outcomes: Vec<String> = serde_json::from_value(outcomes)?;
    let calls = calls.as_array().context("the calls are a list")?;
    for (call, outcome) in calls.iter().zip(&outcomes) {
        let command = call[0].as_str().unwrap_or_default();
        let should_pass = command == "library_info" || call[1]["url"] == json!(allowed_url);
        eprintln!("invoke {command} {}: {outcome}", call[1]);
        if should_pass {
            ensure!(outcome == "allowed", "{command} {} was {outcome}", call[1]);
        } else {
            ensure!(
                outcome.starts_with("refused") && outcome.to_lowercase().contains("not allowed"),
                "{command} {} was {outcome}, not refused by the capabilities",
                call[1]
            );
        }
    }
    ensure!(outcomes.len() == calls.len(), "outcomes {outcomes:?}");
    // The allowed call reached the (stand-in) browser; the refused ones reached nothing.
    wait_opened(log, &allowed_url).await?;
    let asked = opened(log);
    ensure!(
        asked == [allowed_url.clone()],
        "the browser was asked to open {asked:?}"
    );
    ensure!(
        client.title().await.unwrap_or_default() != "pwned",
        "the window's title was changed"
    );
    Ok(())
}

/// `window.location`, `window.open` and a click on an article's link: each goes to the system
/// browser (the stand-in records it) or nowhere (a pop-up without a click), the window stays on
/// the app, and the page's server is never asked for anything by the webview.
async fn the_window_never_navigates(
    client: &Client,
    elsewhere: &TestServer,
    log: &Path,
    app_origin: &str,
) -> Result<()> {
    let assigned = elsewhere.url("/assigned");
    client
        .execute(
            "window.location.href = arguments[0];",
            vec![json!(assigned)],
        )
        .await?;
    wait_opened(log, &assigned)
        .await
        .context("window.location")?;
    still_the_app(client, app_origin).await?;

    // A pop-up: refused on the spot (`window.open` returns no window), and one opened from a
    // click, as a page would on a user's gesture, goes to the browser.
    let popup = elsewhere.url("/popup");
    let refused = client
        .execute(
            "return window.open(arguments[0]) === null;",
            vec![json!(popup)],
        )
        .await?;
    ensure!(refused == json!(true), "window.open returned a window");
    let clicked_popup = elsewhere.url("/clicked-popup");
    client
        .execute(
            "const button = document.createElement('button');
             button.id = 'popup-probe';
             button.textContent = 'Open';
             button.addEventListener('click', () => { window.__popup = window.open(arguments[0]); });
             document.querySelector('[data-testid=article-content]').appendChild(button);",
            vec![json!(clicked_popup)],
        )
        .await?;
    client
        .find(Locator::Css("#popup-probe"))
        .await?
        .click()
        .await?;
    wait_opened(log, &clicked_popup)
        .await
        .context("window.open on a click")?;
    let popup_window = client
        .execute("return window.__popup === null;", Vec::new())
        .await?;
    ensure!(
        popup_window == json!(true),
        "window.open on a click returned a window"
    );
    still_the_app(client, app_origin).await?;
    let windows = client.windows().await?;
    ensure!(windows.len() == 1, "{} windows are open", windows.len());

    let link = elsewhere.url("/linked");
    client
        .find(Locator::Css("[data-testid=article-content] a"))
        .await?
        .click()
        .await?;
    wait_opened(log, &link)
        .await
        .context("a link in the article")?;
    still_the_app(client, app_origin).await?;
    Ok(())
}

async fn still_the_app(client: &Client, app_origin: &str) -> Result<()> {
    let now = client.current_url().await?;
    ensure!(
        now.origin().ascii_serialization() == app_origin && now.scheme() == "tauri",
        "the window left the app for {now}"
    );
    wait_css(client, "[data-testid=reader] [data-testid=article-content]")
        .await
        .context("the app's reader, still in the window")?;
    Ok(())
}

// ---- helpers -------------------------------------------------------------------------------------
