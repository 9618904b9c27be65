//! The loopback API as the app runs it, on the MockRuntime: it serves the library on the port its
//! port file names, hands a pairing request to the window, pairs through the commands as
//! `tidings token accept` does, follows a restored backup, and goes (with its port file) when
//! stopped; with no port free the app works on and says so once.

use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};
use tauri::{Listener as _, Manager as _};
use tidings_core::loopback::port_file;
use tidings_core::Library;

use super::{app_with, invoke};
use crate::api::{self, LoopbackApi};
use crate::{events, AppState};

const EXTENSION: &str = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

/// One HTTP/1.1 request to 127.0.0.1:`port`: (status, JSON body).
fn request(port: u16, head: &str, body: Option<&Value>) -> (u16, Value) {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{head}\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
    let json = answer.split_once("\r\n\r\n").map_or(Value::Null, |(_, b)| {
        serde_json::from_str(b).unwrap_or(Value::Null)
    });
    (status, json)
}

fn library_in(dir: &tempfile::TempDir) -> Library {
    tauri::async_runtime::block_on(Library::open(dir.path().join("library.sqlite3"))).unwrap()
}

#[test]
fn the_app_serves_its_library_and_pairs_an_extension_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app_with(AppState::new(library_in(&dir)));
    let (heard, pairing_requests) = mpsc::channel();
    app.listen_any(events::PAIRING_REQUESTED, move |event| {
        let _ = heard.send(event.payload().to_owned());
    });
    app.state::<LoopbackApi>().use_port(Some(0));
    tauri::async_runtime::block_on(api::start(app.handle()));

    // Running, on the port its port file names.
    let status = invoke(&window, "api_status", json!({})).unwrap();
    let port = u16::try_from(status["port"].as_u64().unwrap()).unwrap();
    assert_eq!(status["problem"], Value::Null);
    let file = port_file(&dir.path().join("library.sqlite3"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().trim(),
        port.to_string()
    );
    let (code, answer) = request(port, "GET /v1/status HTTP/1.1", None);
    assert_eq!((code, answer["app"].as_str()), (200, Some("tidings")));

    // An extension asks: the window hears of it at once, with its name and code.
    let (code, asked) = request(
        port,
        &format!("POST /v1/pair HTTP/1.1\r\nOrigin: {EXTENSION}"),
        Some(&json!({ "name": "Chromium", "origin": EXTENSION })),
    );
    assert_eq!(code, 202, "{asked}");
    let heard: Value = serde_json::from_str(
        &pairing_requests
            .recv_timeout(Duration::from_secs(30))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(heard["name"], "Chromium");
    assert_eq!(heard["code"], asked["code"]);
    let waiting = invoke(&window, "list_pairings", json!({})).unwrap();
    assert_eq!(waiting[0]["code"], asked["code"]);

    // Accepted in the window: the extension collects its token, as after `tidings token accept`.
    let accepted = invoke(&window, "accept_pairing", json!({ "code": asked["code"] })).unwrap();
    assert_eq!(accepted["accepted"], true);
    let (code, got) = request(
        port,
        &format!(
            "GET /v1/pair/{} HTTP/1.1\r\nOrigin: {EXTENSION}\r\nAuthorization: Bearer {}",
            asked["code"].as_str().unwrap(),
            asked["secret"].as_str().unwrap()
        ),
        None,
    );
    assert_eq!(code, 200, "{got}");
    assert!(got["token"].as_str().unwrap().starts_with("tidings_"));
    let tokens = invoke(&window, "list_tokens", json!({})).unwrap();
    assert_eq!(tokens[0]["name"], "Chromium");
    assert_eq!(tokens[0]["origin"], EXTENSION);

    // Revoked: refused (its extension's origin is no longer a paired one).
    invoke(&window, "revoke_token", json!({ "name": "Chromium" })).unwrap();
    assert_eq!(
        invoke(&window, "list_tokens", json!({})).unwrap(),
        json!([])
    );
    let (code, _) = request(
        port,
        &format!(
            "POST /v1/clip HTTP/1.1\r\nOrigin: {EXTENSION}\r\nAuthorization: Bearer {}",
            got["token"].as_str().unwrap()
        ),
        Some(&json!({ "url": "https://example.com/", "html": "<p>x</p>" })),
    );
    assert_eq!(code, 403);
    // Denying an unknown code says so.
    let error = invoke(&window, "deny_pairing", json!({ "code": "NOPE42" })).unwrap_err();
    assert_eq!(error["code"], "not_found", "{error}");

    // Stopped (as on exit): no more port file, nothing listens.
    assert!(tauri::async_runtime::block_on(api::stop(app.handle())));
    assert!(!file.exists());
    assert!(TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());
    assert_eq!(
        invoke(&window, "api_status", json!({})).unwrap()["port"],
        Value::Null
    );
}

#[test]
fn a_restored_backup_is_served_after_the_restore() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_in(&dir);
    let made = tauri::async_runtime::block_on(library.backup_now()).unwrap();
    let (app, window) = app_with(AppState::new(library));
    app.state::<LoopbackApi>().use_port(Some(0));
    tauri::async_runtime::block_on(api::start(app.handle()));

    // The running API holds the library; the restore stops it first, then serves again.
    invoke(&window, "restore_backup", json!({ "name": made.name })).unwrap();
    let status = invoke(&window, "api_status", json!({})).unwrap();
    let port = u16::try_from(status["port"].as_u64().unwrap()).unwrap();
    let (code, _) = request(port, "GET /v1/status HTTP/1.1", None);
    assert_eq!(code, 200);
    let file = port_file(&dir.path().join("library.sqlite3"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().trim(),
        port.to_string()
    );
    tauri::async_runtime::block_on(api::stop(app.handle()));
}

#[test]
fn with_no_port_free_the_app_works_on_and_says_so_once() {
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app_with(AppState::new(library_in(&dir)));
    app.state::<LoopbackApi>()
        .use_port(Some(taken.local_addr().unwrap().port()));
    tauri::async_runtime::block_on(api::start(app.handle()));

    let status = invoke(&window, "api_status", json!({})).unwrap();
    assert_eq!(status["port"], Value::Null);
    let problem = status["problem"].as_str().unwrap();
    assert!(
        problem
            .starts_with("The browser extension cannot reach Tidings: cannot listen on 127.0.0.1:"),
        "{problem}"
    );
    let notices = invoke(&window, "take_notices", json!({})).unwrap();
    assert_eq!(notices, json!([problem]));
    assert_eq!(
        invoke(&window, "take_notices", json!({})).unwrap(),
        json!([])
    );
    // The rest of the app is unaffected.
    assert_eq!(
        invoke(&window, "library_info", json!({})).unwrap()["article_count"],
        0
    );
    assert!(!port_file(&dir.path().join("library.sqlite3")).exists());
}

#[test]
fn refresh_refuses_a_page_captured_in_the_browser_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let library = library_in(&dir);
    let page = "<html><head><title>Signed in</title></head><body><article><h1>Signed in</h1>\
        <p>Only a signed-in reader sees this paragraph about the compiler's new borrow checker, \
        which the team rewrote over three years to accept more programs than before.</p>\
        <p>A second paragraph explains how the rewrite was tested against every crate published, \
        and which programs are now accepted that were refused before.</p></article></body></html>";
    let outcome = tauri::async_runtime::block_on(library.clip_captured(
        "http://127.0.0.1:9/only-when-signed-in",
        tidings_core::clip::CapturedPage {
            html: Some(page.to_owned()),
            selection_html: None,
            title: None,
        },
        tidings_core::ClipOptions::default(),
    ))
    .unwrap();
    let (_app, window) = app_with(AppState::new(library));
    let id = outcome.article.id;
    let article = invoke(&window, "get_article", json!({ "id": id })).unwrap();
    assert_eq!(article["captured_in_browser"], true);

    let error = invoke(
        &window,
        "refresh_article",
        json!({ "job": 1, "id": id, "force": false }),
    )
    .unwrap_err();
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("was captured in the browser"), "{message}");
    assert!(message.contains("use --force"), "{message}");
    // Forced, it is fetched (here from a closed port: a network error, not the refusal).
    let error = invoke(
        &window,
        "refresh_article",
        json!({ "job": 2, "id": id, "force": true }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "network", "{error}");
}
