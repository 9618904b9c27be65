//! Clipping from the browser's side, in the real app on a temporary library: while the window is
//! open the app serves the loopback API (`GET /v1/status` answers on the port its port file
//! names); a second `tidings-app 'tidings://clip?url=…'`, as the OS runs it for a link, hands the
//! link to the running window, which clips the page and shows it; a link asking for anything else
//! is refused with one line; quitting stops the API and removes its port file.
//!
//! A second launch finds the first through the D-Bus session bus on Linux: run under
//! `dbus-run-session` (`make test-e2e` does). Needs the app built with
//! `npx tauri build --debug --no-bundle`, `tauri-driver` and a display:
//! `dbus-run-session -- xvfb-run -a cargo test -p e2e --test browser_clip -- --nocapture`.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _, Result};
use e2e::{app_binary, require_display, save_screenshot, wait_css, wait_reader_shows, TauriDriver};
use fantoccini::Client;
use test_server::{Response, TestServer};

const PAGE_PATH: &str = "/2026/sqlite-26";
const PAGE_TITLE: &str = "SQLite turns twenty-six";

/// The whole test, driver and app start-up included.
const WHOLE_TEST: Duration = Duration::from_secs(240);
/// How long the app may take to bind the API, and a second launch to hand over and exit.
const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tidings_link_opened_by_the_os_clips_into_the_running_window() {
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
    if cfg!(target_os = "linux") && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        bail!(
            "no D-Bus session bus, so a second launch cannot find the first: run under \
             `dbus-run-session -- …` (make test-e2e does)"
        );
    }
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/pages/second-article.html"),
    )
    .context("reading the fixture page")?;
    let site = TestServer::start(vec![(PAGE_PATH, Response::html(page))]);

    let folder = tempfile::tempdir()?;
    let library = folder.path().join("library.sqlite3");
    let config_dir = folder.path().join("config");
    std::fs::create_dir_all(&config_dir)?;
    let env = [("XDG_CONFIG_HOME", config_dir.as_path())];
    let driver = TauriDriver::start_with_env(Duration::from_secs(10), &env)?;
    let library_arg = library
        .to_str()
        .context("the temporary folder's path is not UTF-8")?;
    let client = driver.launch(&app, &["--library", library_arg]).await?;
    let result = steps(&client, &app, &library, &env, &site).await;
    if result.is_err() {
        if let Ok(shot) = save_screenshot(&client, "browser-clip-failure").await {
            eprintln!("screenshot of the failure: {}", shot.display());
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    result
}

async fn steps(
    client: &Client,
    app: &Path,
    library: &Path,
    env: &[(&str, &Path)],
    site: &TestServer,
) -> Result<()> {
    wait_css(client, "[data-testid=empty-library]")
        .await
        .context("the new library's first-run screen")?;

    // The API runs while the window is open, on the port its port file names.
    let port_file = tidings_core::loopback::port_file(library);
    let port = wait_for_port(&port_file).await?;
    let (status, body) = get(port, "/v1/status")?;
    ensure!(status == 200, "GET /v1/status answered {status}: {body}");
    let answer: serde_json::Value =
        serde_json::from_str(&body).with_context(|| format!("status is not JSON: {body}"))?;
    ensure!(answer["app"] == "tidings", "status says {answer}");

    // The OS opens a link with a second launch; it hands over to this window and exits.
    let link = format!(
        "tidings://clip?url={}&title=SQLite%20at%2026",
        site.url(PAGE_PATH)
    );
    second_launch(app, library, env, &link).await?;
    wait_reader_shows(client, PAGE_TITLE)
        .await
        .context("the linked page clipped and shown in the running window")?;
    ensure!(
        site.hits() == 1,
        "the page was fetched {} times",
        site.hits()
    );
    save_screenshot(client, "browser-clip").await?;

    // Anything but a clip of a web address is refused, with one line, and nothing is fetched.
    second_launch(app, library, env, "tidings://clip?url=file:///etc/passwd").await?;
    let toast = wait_css(client, "[data-testid=toast][role=alert]")
        .await
        .context("the refusal's toast")?;
    let text = toast.text().await?;
    ensure!(
        text.contains("tidings:// link refused: only http and https"),
        "the toast says {text:?}"
    );
    ensure!(site.hits() == 1, "a refused link fetched something");

    // Quitting (here as a session ending does, with SIGTERM) stops the API: its port file goes.
    let pid = app_pid(library)?;
    let sent = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()?;
    ensure!(sent.success(), "kill -TERM {pid}: {sent}");
    let deadline = Instant::now() + WAIT;
    while port_file.exists() {
        ensure!(
            Instant::now() < deadline,
            "the port file {} is still there {WAIT:?} after the window closed",
            port_file.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    ensure!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the API still answers on {port} after the app quit"
    );
    Ok(())
}

/// The process id of the app running on `library` (the test's own temporary library, so no
/// other app matches).
fn app_pid(library: &Path) -> Result<u32> {
    let library = library.to_string_lossy();
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let is_app = args.first().is_some_and(|exe| exe.ends_with("tidings-app"));
        if is_app && args.iter().any(|a| *a == library) {
            return Ok(pid);
        }
    }
    bail!("no tidings-app process on {library}")
}

/// Waits for the port file the app writes once the API listens, and reads the port.
async fn wait_for_port(file: &Path) -> Result<u16> {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(text) = std::fs::read_to_string(file) {
            if let Ok(port) = text.trim().parse() {
                return Ok(port);
            }
        }
        ensure!(
            Instant::now() < deadline,
            "no port file at {} after {WAIT:?}: the app does not serve the API",
            file.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A plain HTTP/1.1 GET on 127.0.0.1:`port`: (status, body).
fn get(port: u16, path: &str) -> Result<(u16, String)> {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).with_context(|| format!("connecting to {port}"))?;
    stream.set_read_timeout(Some(WAIT))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("not an HTTP answer: {answer:?}"))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    Ok((status, body))
}

/// Runs `tidings-app LINK` as a desktop runs it for a link (the library named by
/// `TIDINGS_LIBRARY`, as a person's default would be), and waits for it to hand the link to the
/// running app and exit.
async fn second_launch(
    app: &Path,
    library: &Path,
    env: &[(&str, &Path)],
    link: &str,
) -> Result<()> {
    let mut child = Command::new(app)
        .arg(link)
        .env("TIDINGS_LIBRARY", library)
        .envs(env.iter().map(|(name, value)| (*name, value.as_os_str())))
        .stdin(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", app.display()))?;
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait()? {
            ensure!(status.success(), "the second launch exited with {status}");
            return Ok(());
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("the second launch ({link}) did not hand over and exit within {WAIT:?}: it runs as a second app");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
