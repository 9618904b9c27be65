//! Imports through the CLI: an Omnivore export ZIP (pages it kept are saved without fetching,
//! links it did not are clipped), and Ctrl-C in the middle of a long import (it stops cleanly,
//! says so, exits 130, and a second run finishes the job without duplicates).

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use test_server::{Response, TestServer};

use crate::library_states::check;
use crate::{crash::page, Cli};

#[test]
fn an_omnivore_zip_imports_kept_pages_and_clips_the_rest() {
    let server = TestServer::start(vec![("/linked", Response::html(page(1)))]);
    let metadata = format!(
        r#"[{{"id": "1", "slug": "kept", "title": "Kept by Omnivore", "url": "https://kept.example/story",
             "savedAt": "2026-03-01T10:00:00.000Z", "state": "Archived", "labels": ["rust"]}},
            {{"id": "2", "slug": "linked", "title": "Only a link", "url": "{}",
             "savedAt": "2026-03-02T10:00:00.000Z", "state": "Succeeded", "labels": []}}]"#,
        server.url("/linked")
    );
    let kept_page = "<html><head><title>Kept by Omnivore</title></head><body><article><h1>Kept by Omnivore</h1>\
        <p>This page was saved by Omnivore before it shut down, and its text is kept in the export itself.</p>\
        <p>Tidings must save it as it is, without fetching the address, which no longer answers.</p></article></body></html>";
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, contents) in [
        ("metadata_0_to_2.json", metadata.as_str()),
        ("content/kept.html", kept_page),
        (
            "highlights/kept.md",
            "> its text is kept in the export itself\n\nGood.\n",
        ),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(contents.as_bytes()).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    let cli = Cli::new();
    let file = cli.dir().join("omnivore-export.zip");
    std::fs::write(&file, bytes).unwrap();

    let out = cli.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("2 saved"), "{out}");
    assert_eq!(
        server.hits(),
        1,
        "only the link without a kept page is fetched"
    );
    let listed = cli.json(&["list", "--json", "--status", "archived"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let highlights = cli.json(&["highlights", "--json"]);
    assert_eq!(
        highlights[0]["highlight"]["exact"], "its text is kept in the export itself",
        "{highlights}"
    );
    assert_eq!(check(&cli.library), ("ok".to_owned(), 2));
}

#[test]
fn ctrl_c_stops_an_import_cleanly_and_a_second_run_finishes_it() {
    const LINKS: usize = 40;
    let routes: Vec<(String, Response)> = (0..LINKS)
        .map(|i| {
            (
                format!("/slow/{i}"),
                Response::html(page(i)).delayed(Duration::from_millis(150)),
            )
        })
        .collect();
    let server = TestServer::start(
        routes
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect(),
    );
    let cli = Cli::new();
    let list = cli.dir().join("links.txt");
    let urls: Vec<String> = (0..LINKS)
        .map(|i| server.url(&format!("/slow/{i}")))
        .collect();
    std::fs::write(&list, urls.join("\n")).unwrap();
    cli.ok(&["list"]); // creates the library, so the count below can read it

    let child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("--library")
        .arg(&cli.library)
        .args(["import", list.to_str().unwrap(), "--concurrency", "2"])
        .env_remove("TIDINGS_LIBRARY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once a few pages are in.
    let deadline = Instant::now() + Duration::from_secs(30);
    while check(&cli.library).1 < 3 {
        assert!(Instant::now() < deadline, "the import saved nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stdout}{stderr}");
    assert!(
        stdout.contains("stopped early: run it again to finish"),
        "{stdout}"
    );
    assert!(
        stderr.contains("stopping after the pages being saved now"),
        "{stderr}"
    );
    let (integrity, saved) = check(&cli.library);
    assert_eq!(integrity, "ok");
    assert!(
        saved >= 3 && saved < LINKS as i64,
        "{saved} saved before the stop"
    );

    let again = cli.ok(&["import", list.to_str().unwrap()]);
    assert!(
        again.contains(&format!(
            "{} saved, {saved} already in the library, 0 failed",
            LINKS as i64 - saved
        )),
        "{again}"
    );
    assert_eq!(check(&cli.library), ("ok".to_owned(), LINKS as i64));
}
