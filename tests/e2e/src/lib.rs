//! Helpers for driving the real app end to end: find its binary, run `tauri-driver` on free ports
//! (stopped with SIGTERM when dropped), and open a WebDriver session on the app.
//!
//! The chain is fantoccini → tauri-driver → WebKitWebDriver (Linux) → `target/debug/tidings-app`.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _, Result};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The workspace's `target/` folder (or `$CARGO_TARGET_DIR`).
#[must_use]
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // This crate sits at <workspace>/tests/e2e.
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .unwrap_or(manifest_dir)
        .join("target")
}

/// The app binary under test: `$TIDINGS_APP_BIN`, else `target/debug/tidings-app`, as an absolute path.
///
/// # Errors
/// When the binary is missing: this crate builds nothing, the app must be built first.
pub fn app_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("TIDINGS_APP_BIN") {
        Some(path) => PathBuf::from(path),
        None => target_dir()
            .join("debug")
            .join(format!("tidings-app{}", std::env::consts::EXE_SUFFIX)),
    };
    if !path.is_file() {
        bail!(
            "the app binary {} is missing: build it first with `npx tauri build --debug --no-bundle` \
             (a plain `cargo build` makes a dev binary that loads the vite dev server instead of the UI)",
            path.display()
        );
    }
    std::fs::canonicalize(&path).with_context(|| format!("resolving {}", path.display()))
}

/// Fails early, with the fix, when there is no display for the app's window.
///
/// # Errors
/// On Linux without `$DISPLAY` or `$WAYLAND_DISPLAY`.
pub fn require_display() -> Result<()> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        bail!(
            "no display: run the end-to-end tests under Xvfb, e.g. `xvfb-run -a cargo test -p e2e`"
        );
    }
    Ok(())
}

/// A port nobody listens on right now.
///
/// # Errors
/// When the OS hands out no port.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A running `tauri-driver` (`$TAURI_DRIVER`, else from `PATH`), stopped with SIGTERM on drop so that
/// it takes its WebKitWebDriver down with it (SIGKILL would leave that one holding its port).
pub struct TauriDriver {
    child: Child,
    port: u16,
}

impl TauriDriver {
    /// Starts the driver on free ports and waits until it accepts connections.
    ///
    /// # Errors
    /// When the driver cannot be started or does not listen within `ready_within`.
    pub fn start(ready_within: Duration) -> Result<Self> {
        Self::start_with_env(ready_within, &[])
    }

    /// Starts the driver with extra environment variables, which the app it launches inherits
    /// (e.g. `XDG_CONFIG_HOME`, so a test's window state stays out of the user's).
    ///
    /// # Errors
    /// As [`TauriDriver::start`].
    pub fn start_with_env(ready_within: Duration, env: &[(&str, &Path)]) -> Result<Self> {
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let (port, native_port) = (free_port()?, free_port()?);
        let child = Command::new(&program)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().map(|(name, value)| (*name, value.as_os_str())))
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| {
                format!(
                    "starting {}: install it with `cargo install tauri-driver --version '^2' --locked` \
                     (and webkit2gtk-driver from apt on Linux)",
                    Path::new(&program).display()
                )
            })?;
        let mut driver = Self { child, port };
        let deadline = Instant::now() + ready_within;
        // Both must listen before a session is asked for: tauri-driver on `port`, and the native
        // WebKitWebDriver it starts on `native_port` (asking before that one listens fails the
        // session with "connection refused" behind tauri-driver — seen as a rare flake).
        for (which, listening_port) in [
            ("tauri-driver", port),
            ("the native WebDriver", native_port),
        ] {
            while TcpStream::connect((Ipv4Addr::LOCALHOST, listening_port)).is_err() {
                if let Some(status) = driver.child.try_wait()? {
                    bail!("tauri-driver exited before {which} listened on port {listening_port}: {status}");
                }
                if Instant::now() > deadline {
                    bail!(
                        "{which} did not listen on port {listening_port} within {ready_within:?}"
                    );
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(driver)
    }

    /// The driver's WebDriver endpoint.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Opens a session that launches `application` with `args`.
    ///
    /// # Errors
    /// When the session cannot be created (the app did not start, or the driver is stuck).
    pub async fn launch(&self, application: &Path, args: &[&str]) -> Result<Client> {
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": application, "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be a JSON object");
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .with_context(|| {
                format!(
                    "starting {} through tauri-driver at {}",
                    application.display(),
                    self.url()
                )
            })
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // std can only SIGKILL; `kill -TERM` lets tauri-driver stop WebKitWebDriver first.
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        if let Ok(None) = self.child.try_wait() {
            eprintln!("tauri-driver ignored SIGTERM for 5 s; killing it");
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// Paints one transparent pixel every 100 ms for the next 3 s, so the page has a rendering update
/// coming. WebKitWebDriver takes a screenshot after the page's next rendering update; without
/// accelerated compositing (which the app turns off where there is no GPU: `rendering.rs`) a page
/// with nothing to repaint never has one, and the screenshot waited for ever.
const PAINT_SOON: &str = "let left = 30; const tick = setInterval(() => { \
     const dot = document.createElement('div'); \
     dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none'; \
     document.body.appendChild(dot); requestAnimationFrame(() => dot.remove()); \
     if (--left === 0) clearInterval(tick); }, 100);";

/// Writes a PNG screenshot to `target/e2e/screenshots/<name>.png` and returns its path.
///
/// # Errors
/// When the screenshot cannot be taken or written.
pub async fn save_screenshot(client: &Client, name: &str) -> Result<PathBuf> {
    client
        .execute(PAINT_SOON, vec![])
        .await
        .context("asking the page for a rendering update")?;
    let png = client.screenshot().await.context("taking a screenshot")?;
    let folder = target_dir().join("e2e").join("screenshots");
    std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let path = folder.join(format!("{name}.png"));
    std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// The `tidings` CLI: `$TIDINGS_CLI_BIN`, else `target/debug/tidings`, as an absolute path.
///
/// # Errors
/// When the binary is missing: build it first with `cargo build -p tidings-cli` (`make test` has,
/// through the workspace's tests, before the end-to-end tests run).
pub fn cli_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("TIDINGS_CLI_BIN") {
        Some(path) => PathBuf::from(path),
        None => target_dir()
            .join("debug")
            .join(format!("tidings{}", std::env::consts::EXE_SUFFIX)),
    };
    if !path.is_file() {
        bail!(
            "the CLI binary {} is missing: build it first with `cargo build -p tidings-cli`",
            path.display()
        );
    }
    std::fs::canonicalize(&path).with_context(|| format!("resolving {}", path.display()))
}

/// How long one step of a UI test may wait for the window (an element to appear).
pub const STEP: Duration = Duration::from_secs(30);

/// The element `css` selects, once it is in the window (up to [`STEP`]).
///
/// # Errors
/// When it does not appear in time, naming the selector.
pub async fn wait_css(client: &Client, css: &str) -> Result<Element> {
    client
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("waiting for {css}"))
}

/// The element `xpath` selects, once it is in the window (up to [`STEP`]).
///
/// # Errors
/// When it does not appear in time, naming the path.
pub async fn wait_xpath(client: &Client, xpath: &str) -> Result<Element> {
    client
        .wait()
        .at_most(STEP)
        .for_element(Locator::XPath(xpath))
        .await
        .with_context(|| format!("waiting for {xpath}"))
}

/// Clicks the article titled `title` in the list.
///
/// # Errors
/// When no such article shows up in time.
pub async fn click_title(client: &Client, title: &str) -> Result<()> {
    wait_xpath(
        client,
        &format!("//*[@data-testid='article-item'][.//*[@data-testid='article-title'][normalize-space(.)='{title}']]"),
    )
    .await?
    .click()
    .await?;
    Ok(())
}

/// Selects `words` in the reader's article as a user's drag would: WebDriver cannot drag, so the
/// passage is scrolled into sight, selected with the DOM's Range API, and a mouseup ends it
/// (which opens the selection's toolbar).
///
/// # Errors
/// When the words are not in the article's text.
pub async fn select_in_reader(client: &Client, words: &str) -> Result<()> {
    let selected = client
        .execute(
            r"const [words] = arguments;
              const content = document.querySelector('[data-testid=article-content]');
              const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                node.parentElement.scrollIntoView({ block: 'center' });
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                node.parentElement.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
                return true;
              }
              return false;",
            vec![json!(words)],
        )
        .await?;
    ensure!(
        selected == json!(true),
        "{words:?} is not in the reader's text"
    );
    Ok(())
}

/// Types `url` into the clip box and presses Enter.
///
/// # Errors
/// When the clip box does not show up in time.
pub async fn clip_through_the_box(client: &Client, url: &str) -> Result<()> {
    wait_css(client, "[data-testid=clip-input]")
        .await?
        .send_keys(&format!("{url}{}", char::from(Key::Enter)))
        .await?;
    Ok(())
}

/// Waits until the reader shows the article titled `title`.
///
/// # Errors
/// When it does not in time.
pub async fn wait_reader_shows(client: &Client, title: &str) -> Result<()> {
    wait_xpath(
        client,
        &format!("//*[@data-testid='reader']//h1[normalize-space(.)='{title}']"),
    )
    .await
    .with_context(|| format!("{title} in the reader"))?;
    Ok(())
}

// ---- a session on a fresh library ----------------------------------------------------------------

/// The text of a page in `tests/fixtures/pages/` (the project's own pages).
///
/// # Errors
/// When the file cannot be read.
pub fn fixture(name: &str) -> Result<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/pages")
        .join(name);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// Runs a whole test within `limit` (driver and app start-up included), panicking with its error
/// or with the time it overran.
pub async fn within(limit: Duration, test: impl std::future::Future<Output = Result<()>>) {
    match tokio::time::timeout(limit, test).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the end-to-end test took longer than {limit:?}"),
    }
}

/// The app running on a fresh library in a temporary folder, through its own `tauri-driver`:
/// `library.sqlite3` (made by the app) and `config/` (the window-state file, kept out of the
/// user's through `XDG_CONFIG_HOME`) sit in [`AppSession::folder`].
pub struct AppSession {
    pub client: Client,
    pub library: PathBuf,
    pub folder: tempfile::TempDir,
    /// Dropped last: stops the driver after the session ended.
    _driver: TauriDriver,
}

impl AppSession {
    /// A temporary folder for a session, to put what the app's environment names in before
    /// [`AppSession::launch`].
    ///
    /// # Errors
    /// When the folder cannot be made.
    pub fn folder() -> Result<tempfile::TempDir> {
        let folder = tempfile::tempdir()?;
        std::fs::create_dir_all(folder.path().join("config"))?;
        Ok(folder)
    }

    /// Starts the driver (with `env` besides `XDG_CONFIG_HOME`) and the app on the library in
    /// `folder`.
    ///
    /// # Errors
    /// No app binary, no display, or when the driver or the session cannot start.
    pub async fn launch(folder: tempfile::TempDir, env: &[(&str, &Path)]) -> Result<Self> {
        let app = app_binary()?;
        require_display()?;
        let library = folder.path().join("library.sqlite3");
        let config_dir = folder.path().join("config");
        let mut all_env = vec![("XDG_CONFIG_HOME", config_dir.as_path())];
        all_env.extend_from_slice(env);
        let driver = TauriDriver::start_with_env(Duration::from_secs(10), &all_env)?;
        let library_arg = library
            .to_str()
            .context("the temporary folder's path is not UTF-8")?;
        let client = driver.launch(&app, &["--library", library_arg]).await?;
        Ok(Self {
            client,
            library,
            folder,
            _driver: driver,
        })
    }

    /// Ends the session (and so the app), with a screenshot named `failure_shot` when `result`
    /// failed; returns `result`.
    ///
    /// # Errors
    /// `result`'s.
    pub async fn finish(self, result: Result<()>, failure_shot: &str) -> Result<()> {
        if result.is_err() {
            if let Ok(shot) = save_screenshot(&self.client, failure_shot).await {
                eprintln!("screenshot of the failure: {}", shot.display());
            }
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.close()).await;
        result
    }
}

/// A screenshot once the DOM is ready and painted (two animation frames), in
/// `target/e2e/screenshots/<name>.png`; its path is printed.
///
/// # Errors
/// When the screenshot cannot be taken or written.
pub async fn shot(client: &Client, name: &str) -> Result<()> {
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
