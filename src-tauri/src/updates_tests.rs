//! The updater's signature check with a real key pair: a throwaway key made and used by the Tauri
//! CLI (`tauri signer generate` / `sign`, from node_modules), a `latest.json` and artifacts served
//! on 127.0.0.1, and the real tauri-plugin-updater on the MockRuntime verifying the download.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri_plugin_updater::UpdaterExt as _;
use test_server::{Response, TestServer};

const ARTIFACT: &[u8] = b"pretend this is Tidings_99.0.0_amd64.AppImage.tar.gz";

/// Runs the Tauri CLI the project installs with npm (`npm ci`).
fn tauri_cli(args: &[&str]) -> String {
    let cli =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/@tauri-apps/cli/tauri.js");
    assert!(
        cli.exists(),
        "{} is missing: run `npm ci` (make test does)",
        cli.display()
    );
    let out = Command::new("node")
        .arg(&cli)
        .args(args)
        .env("CI", "true")
        .env_remove("TAURI_SIGNING_PRIVATE_KEY")
        .env_remove("TAURI_SIGNING_PRIVATE_KEY_PASSWORD")
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "tauri {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Key {
    private: PathBuf,
    public: String,
}

fn new_key(dir: &Path, name: &str) -> Key {
    let private = dir.join(name);
    tauri_cli(&[
        "signer",
        "generate",
        "--ci",
        "-p",
        "throwaway",
        "-w",
        private.to_str().unwrap(),
    ]);
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    Key {
        private,
        public: public.trim().to_owned(),
    }
}

/// The signature `tauri signer sign` writes beside the file (what the release publishes).
fn sign(key: &Key, file: &Path) -> String {
    tauri_cli(&[
        "signer",
        "sign",
        "-f",
        key.private.to_str().unwrap(),
        "-p",
        "throwaway",
        file.to_str().unwrap(),
    ]);
    std::fs::read_to_string(format!("{}.sig", file.display())).unwrap()
}

/// A `latest.json` offering version 99.0.0 on every platform.
fn manifest(url: &str, signature: &str) -> String {
    let entry = json!({ "url": url, "signature": signature });
    let platforms: serde_json::Map<String, serde_json::Value> = [
        "linux-x86_64",
        "linux-aarch64",
        "darwin-x86_64",
        "darwin-aarch64",
        "windows-x86_64",
        "windows-aarch64",
    ]
    .iter()
    .map(|p| ((*p).to_owned(), entry.clone()))
    .collect();
    json!({
        "version": "99.0.0",
        "notes": "A test release",
        "pub_date": "2026-12-01T00:00:00Z",
        "platforms": platforms,
    })
    .to_string()
}

fn app(public_key: &str, endpoint: &str) -> tauri::App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert(
        "updater".into(),
        json!({
            "pubkey": public_key,
            "endpoints": [endpoint],
            // The test serves plain HTTP on 127.0.0.1; the shipped config has HTTPS endpoints.
            "dangerousInsecureTransportProtocol": true,
        }),
    );
    mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .build(context)
        .expect("building the mock app")
}

/// Checks the endpoint and downloads the offered artifact (which verifies its signature).
fn check_and_download(
    app: &tauri::App<MockRuntime>,
) -> Result<Vec<u8>, tauri_plugin_updater::Error> {
    let handle = app.handle().clone();
    tauri::async_runtime::block_on(async move {
        let update = handle
            .updater()?
            .check()
            .await?
            .expect("99.0.0 is newer than the app");
        assert_eq!(update.version, "99.0.0");
        update.download(|_, _| {}, || {}).await
    })
}

#[test]
fn a_signed_update_verifies_and_a_tampered_or_foreign_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = new_key(dir.path(), "release.key");
    let other = new_key(dir.path(), "other.key");
    let artifact = dir.path().join("Tidings.tar.gz");
    std::fs::write(&artifact, ARTIFACT).unwrap();
    let signature = sign(&key, &artifact);
    let foreign_signature = sign(&other, &artifact);
    let mut tampered = ARTIFACT.to_vec();
    tampered[0] ^= 1;

    // Three releases on one server, each with its own manifest: the genuine one, the same
    // signature over different bytes, and the genuine bytes signed by a key the app does not trust.
    let server = TestServer::start(vec![
        (
            "/good/Tidings.tar.gz",
            Response::ok("application/gzip", ARTIFACT),
        ),
        (
            "/tampered/Tidings.tar.gz",
            Response::ok("application/gzip", tampered),
        ),
    ]);
    let good = manifest(&server.url("/good/Tidings.tar.gz"), &signature);
    let bad_bytes = manifest(&server.url("/tampered/Tidings.tar.gz"), &signature);
    let bad_key = manifest(&server.url("/good/Tidings.tar.gz"), &foreign_signature);
    let manifests = TestServer::start(vec![
        ("/good/latest.json", Response::ok("application/json", good)),
        (
            "/tampered/latest.json",
            Response::ok("application/json", bad_bytes),
        ),
        (
            "/foreign/latest.json",
            Response::ok("application/json", bad_key),
        ),
    ]);

    let downloaded = check_and_download(&app(&key.public, &manifests.url("/good/latest.json")))
        .expect("a correctly signed update verifies");
    assert_eq!(downloaded, ARTIFACT);

    for refused in ["/tampered/latest.json", "/foreign/latest.json"] {
        let error = check_and_download(&app(&key.public, &manifests.url(refused)))
            .expect_err("the signature must not verify");
        let text = error.to_string().to_lowercase();
        assert!(text.contains("signature"), "{refused}: {text}");
    }
}
