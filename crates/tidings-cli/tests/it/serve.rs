//! `tidings serve` and `tidings token`: the binary serves the loopback API on the port it
//! prints and writes, clips what a paired extension sends, refuses what it must, and stops
//! cleanly on SIGINT (the port file gone); tokens are made, listed and revoked; a pairing is
//! accepted from the command line; `refresh` refuses a page captured in the browser unless forced.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use test_server::{Response, TestServer};

use crate::{fixture, Cli};

/// A running `tidings serve --port 0`, and the port it printed.
struct Serving {
    child: Child,
    port: u16,
}

impl Serving {
    fn start(cli: &Cli) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--library")
            .arg(&cli.library)
            .args(["serve", "--port", "0"])
            .env_remove("TIDINGS_LIBRARY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The first line names the port once the socket is bound (a blocking read, no sleep).
        let mut first = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port = first
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}"));
        Self { child, port }
    }

    /// Sends a request (a body is sent as JSON) and returns the status and the body.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.port
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        head.push_str(body.unwrap_or_default());
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    /// SIGINT, as Ctrl-C sends; returns the exit status and stderr.
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (status, stderr)
    }
}

fn json_type() -> (&'static str, &'static str) {
    ("Content-Type", "application/json")
}

#[test]
fn serve_answers_on_the_port_it_writes_and_stops_cleanly_on_sigint() {
    let cli = Cli::new();
    let serving = Serving::start(&cli);
    let port_file = cli.dir().join("library.sqlite3.port");
    assert_eq!(
        std::fs::read_to_string(&port_file).unwrap().trim(),
        serving.port.to_string()
    );
    let (status, body) = serving.request("GET", "/v1/status", &[], None);
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["app"], "tidings");
    // A rebinding site's Host is refused.
    let (status, _) = serving.request("GET", "/v1/status", &[("Host", "evil.example")], None);
    assert_eq!(status, 421);

    let (status, stderr) = serving.interrupt();
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(stderr.contains("API stopped"), "{stderr}");
    assert!(!port_file.exists(), "the port file outlived the server");
}

#[test]
fn tokens_are_made_listed_and_revoked() {
    let cli = Cli::new();
    let out = cli.run_with_stdin(&["token", "create", "--name", "Scripts"], None);
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap();
    let token = token.trim();
    assert!(token.starts_with("tidings_") && token.len() > 40, "{token}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be shown again"));
    let listed = cli.json(&["token", "list", "--json"]);
    assert_eq!(listed[0]["name"], "Scripts");
    assert!(listed[0]["last_used_at"].is_null());
    assert!(
        !listed.to_string().contains(&token[8..]),
        "a token is listed"
    );
    assert!(cli.ok(&["token", "list"]).starts_with("Scripts  made "));
    let err = cli.fails(&["token", "create", "--name", "Scripts"], 1);
    assert!(err.contains("already exists"), "{err}");

    // The token works against a server of this library.
    let serving = Serving::start(&cli);
    let page = TestServer::start(vec![("/a", Response::html(fixture("second-article.html")))]);
    let clip = serde_json::json!({ "url": page.url("/a"), "html": fixture("second-article.html") })
        .to_string();
    let bearer = format!("Bearer {token}");
    let (status, body) = serving.request(
        "POST",
        "/v1/clip",
        &[json_type(), ("Authorization", &bearer)],
        Some(&clip),
    );
    assert_eq!(status, 200, "{body}");
    assert!(!cli.json(&["token", "list", "--json"])[0]["last_used_at"].is_null());

    cli.ok(&["token", "revoke", "Scripts"]);
    assert_eq!(
        cli.json(&["token", "list", "--json"]),
        serde_json::json!([])
    );
    let (status, _) = serving.request(
        "POST",
        "/v1/clip",
        &[json_type(), ("Authorization", &bearer)],
        Some(&clip),
    );
    assert_eq!(status, 401);
    let err = cli.fails(&["token", "revoke", "Scripts"], 1);
    assert_eq!(err, "tidings: no API token named \"Scripts\"\n");
    let (status, stderr) = serving.interrupt();
    assert!(status.success(), "{stderr}");
}

#[test]
fn a_headless_user_pairs_an_extension_and_refresh_keeps_what_the_browser_saw() {
    let cli = Cli::new();
    let serving = Serving::start(&cli);
    let origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
    let ask = serde_json::json!({ "name": "Chromium", "origin": origin }).to_string();
    let (status, body) = serving.request(
        "POST",
        "/v1/pair",
        &[json_type(), ("Origin", origin)],
        Some(&ask),
    );
    assert_eq!(status, 202, "{body}");
    let asked: serde_json::Value = serde_json::from_str(&body).unwrap();
    let code = asked["code"].as_str().unwrap();
    let secret = format!("Bearer {}", asked["secret"].as_str().unwrap());
    let waiting = cli.ok(&["token", "pairings"]);
    assert!(
        waiting.starts_with(&format!("{code}  Chromium  {origin}  waiting")),
        "{waiting}"
    );
    let accepted = cli.ok(&["token", "accept", code]);
    assert!(accepted.contains("Chromium"), "{accepted}");
    let (status, body) = serving.request(
        "GET",
        &format!("/v1/pair/{code}"),
        &[("Origin", origin), ("Authorization", &secret)],
        None,
    );
    assert_eq!(status, 200, "{body}");
    let token = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(cli.json(&["token", "list", "--json"])[0]["origin"], origin);

    // The extension clips what the reader sees; the site itself serves a sign-in wall.
    let site = TestServer::start(vec![(
        "/members/story",
        Response::html("<html><head><title>Sign in</title></head><body><form><p>Sign in to read this story.</p></form></body></html>"),
    )]);
    let clip = serde_json::json!({
        "url": site.url("/members/story"),
        "html": fixture("second-article.html"),
    })
    .to_string();
    let bearer = format!("Bearer {token}");
    let (status, body) = serving.request(
        "POST",
        "/v1/clip",
        &[json_type(), ("Origin", origin), ("Authorization", &bearer)],
        Some(&clip),
    );
    assert_eq!(status, 200, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].to_string();
    assert_eq!(site.hits(), 0);
    let (status, stderr) = serving.interrupt();
    assert!(status.success(), "{stderr}");

    let err = cli.fails(&["refresh", &id], 1);
    assert!(
        err.contains("captured in the browser: a re-fetch would not see what you saw; use --force"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert_eq!(site.hits(), 0);
    let before = cli.json(&["show", &id, "--json"])["text"].clone();
    cli.ok(&["refresh", &id, "--force"]);
    assert_eq!(site.hits(), 1);
    assert_ne!(cli.json(&["show", &id, "--json"])["text"], before);
}

#[test]
fn denied_and_unknown_pairings_say_so() {
    let cli = Cli::new();
    let err = cli.fails(&["token", "accept", "ABC123"], 1);
    assert!(err.contains("no pairing request ABC123"), "{err}");
    let err = cli.fails(&["token", "deny", "ABC123"], 1);
    assert!(err.contains("no pairing request ABC123"), "{err}");
    assert_eq!(
        cli.json(&["token", "pairings", "--json"]),
        serde_json::json!([])
    );
}
