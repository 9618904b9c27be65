//! The `tidings` binary end to end, over a temporary library and pages served on 127.0.0.1:
//! add → list → show → note → tag → collection → search → export, and the errors a user meets.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use test_server::{Response, TestServer};

mod bad_urls;
mod concurrency;
mod crash;
mod feed_rules;
mod feeds;
mod imports;
mod library_states;
mod saved;
mod serve;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pages")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Cli {
    library: PathBuf,
    _dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            library: dir.path().join("library.sqlite3"),
            _dir: dir,
        }
    }

    fn dir(&self) -> &Path {
        self.library.parent().unwrap()
    }

    fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--library")
            .arg(&self.library)
            .args(args)
            .env_remove("TIDINGS_LIBRARY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
        }
        drop(pipe);
        child.wait_with_output().unwrap()
    }

    /// Runs a command that must succeed and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run_with_stdin(args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "tidings {args:?} failed: {stderr}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail with exit code `code`; returns its stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run_with_stdin(args, None);
        assert_eq!(
            out.status.code(),
            Some(code),
            "tidings {args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

#[test]
fn the_whole_slice_from_clip_to_markdown_export() {
    let server = TestServer::start(vec![
        (
            "/2026/11/async-closures-stable",
            Response::html(fixture("async-closures.html")),
        ),
        ("/sqlite-26", Response::html(fixture("second-article.html"))),
    ]);
    let cli = Cli::new();

    // add
    let out = cli.ok(&[
        "add",
        &server.url("/2026/11/async-closures-stable?utm_source=hn"),
        "--tag",
        "rust",
    ]);
    assert_eq!(out, "saved 1  Async closures land in stable Rust\n");
    let out = cli.ok(&["add", &server.url("/sqlite-26")]);
    assert_eq!(out, "saved 2  SQLite turns twenty-six\n");
    let out = cli.ok(&[
        "add",
        &server.url("/2026/11/async-closures-stable#comments"),
    ]);
    assert_eq!(out, "already saved 1  Async closures land in stable Rust\n");

    // list
    let list = cli.json(&["list", "--json"]);
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(titles.contains(&"SQLite turns twenty-six"));
    let text = cli.ok(&["list", "--tag", "rust"]);
    assert!(
        text.contains("Async closures land in stable Rust  (The Compile Times)"),
        "{text}"
    );
    assert!(!text.contains("SQLite"));

    // show
    let shown = cli.json(&["show", "1", "--json"]);
    assert_eq!(shown["byline"], "Ada Ferris");
    assert_eq!(shown["published_at"], "2026-11-20T07:30:00Z");
    assert_eq!(shown["tags"], serde_json::json!(["rust"]));
    let text = cli.ok(&["show", "2"]);
    assert!(
        text.starts_with("SQLite turns twenty-six\nLin Okafor · Database Weekly · 2026-08-17\n"),
        "{text}"
    );
    let markdown = cli.ok(&["show", "1", "--format", "markdown"]);
    assert!(markdown.contains("```rust\n"), "{markdown}");

    // note (argument, then stdin with --append)
    cli.ok(&["note", "1", "Use this for the **retry** helper."]);
    let out = cli.run_with_stdin(
        &["note", "1", "-", "--append"],
        Some("Ask about trait objects.\n"),
    );
    assert!(out.status.success());
    assert_eq!(
        cli.ok(&["note", "1"]),
        "Use this for the **retry** helper.\n\nAsk about trait objects.\n"
    );

    // tag / untag
    cli.ok(&["tag", "2", "databases", "sqlite"]);
    cli.ok(&["untag", "2", "sqlite"]);
    assert_eq!(
        cli.json(&["show", "2", "--json"])["tags"],
        serde_json::json!(["databases"])
    );
    assert_eq!(cli.ok(&["tags"]), "    1  databases\n    1  rust\n");

    // status and star
    cli.ok(&["status", "2", "archived"]);
    cli.ok(&["star", "1"]);
    assert_eq!(
        cli.json(&["list", "--status", "archived", "--json"])[0]["id"],
        2
    );
    assert_eq!(
        cli.json(&["list", "--starred", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    cli.ok(&["unstar", "1"]);
    assert!(cli
        .json(&["list", "--starred", "--json"])
        .as_array()
        .unwrap()
        .is_empty());

    // collections
    assert_eq!(
        cli.ok(&["collection", "create", "Rust async"]),
        "created collection \"Rust async\"\n"
    );
    cli.ok(&["collection", "add", "Rust async", "2", "1"]);
    cli.ok(&["collection", "rename", "Rust async", "Weekend reading"]);
    let shown = cli.json(&["collection", "show", "Weekend reading", "--json"]);
    let order: Vec<i64> = shown["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        order,
        vec![2, 1],
        "collection order is the order articles were added"
    );
    cli.ok(&["collection", "remove", "Weekend reading", "2"]);
    cli.ok(&["collection", "add", "Weekend reading", "2"]);
    assert_eq!(cli.ok(&["collection", "list"]), "    2  Weekend reading\n");

    // search: article text, note, title prefix
    let hits = cli.json(&["search", "posting", "lists", "--json"]);
    assert_eq!(hits[0]["article"]["id"], 2);
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[posting] [lists]"));
    assert_eq!(
        cli.json(&["search", "trait objects", "--json"])[0]["article"]["id"],
        1
    );
    assert_eq!(
        cli.json(&["search", "SQLi", "--json"])[0]["article"]["id"],
        2
    );

    // export
    let out_dir = cli.dir().join("vault");
    let out = cli.ok(&[
        "export",
        "--collection",
        "Weekend reading",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out,
        format!(
            "exported 3 files to {} (3 written, 0 unchanged)\n",
            out_dir.display()
        )
    );
    let md =
        std::fs::read_to_string(out_dir.join("Async closures land in stable Rust.md")).unwrap();
    assert!(
        md.starts_with("---\ntitle: \"Async closures land in stable Rust\"\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "url: \"{}\"\n",
            server.url("/2026/11/async-closures-stable")
        )),
        "{md}"
    );
    assert!(md.contains("author: \"Ada Ferris\"\nsite: \"The Compile Times\"\npublished: \"2026-11-20T07:30:00Z\"\n"));
    assert!(
        md.contains("tags:\n  - \"rust\"\ncollections:\n  - \"Weekend reading\"\nstatus: \"unread\"\nstarred: false\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "```rust\nasync fn retry<F>(attempts: u32, op: F) -> Result<String, Error>\nwhere\n"
        ),
        "{md}"
    );
    assert!(md.contains("| Async closure "), "{md}");
    assert!(
        md.ends_with(
            "## Notes\n\nUse this for the **retry** helper.\n\nAsk about trait objects.\n"
        ),
        "{md}"
    );
    assert!(out_dir.join("SQLite turns twenty-six.md").is_file());

    // delete
    cli.ok(&["delete", "2"]);
    assert!(cli
        .json(&["search", "posting", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(cli.json(&["info", "--json"])["article_count"], 1);
}

#[test]
fn user_errors_exit_1_with_one_line_and_store_nothing() {
    let server = TestServer::start(vec![
        ("/missing", Response::status(404)),
        (
            "/logo.png",
            Response::ok("image/png", vec![0x89, b'P', b'N', b'G']),
        ),
    ]);
    let cli = Cli::new();
    for (args, expected) in [
        (vec!["add", "file:///etc/passwd"], "tidings: invalid URL \"file:///etc/passwd\": only http and https pages can be clipped, not file:\n"),
        (vec!["add", "javascript:alert(1)"], "not javascript:"),
        (vec!["add", &server.url("/missing")], "HTTP 404 Not Found\n"),
        (vec!["add", &server.url("/logo.png")], "not a web page (image/png)"),
        (vec!["show", "99"], "tidings: no article with id 99\n"),
        (vec!["collection", "show", "Nope"], "tidings: no collection named \"Nope\"\n"),
        (vec!["tag", "1", " "], "tidings: a tag name cannot be empty\n"),
    ] {
        let err = cli.fails(&args, 1);
        assert!(err.contains(expected), "{args:?}: {err:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err:?}");
    }
    assert_eq!(cli.json(&["info", "--json"])["article_count"], 0);

    // Usage errors exit 2.
    cli.fails(&["status", "1", "finished"], 2);
    cli.fails(&["frobnicate"], 2);
    cli.fails(&["add"], 2);

    // An invalid library path.
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["--library", "/nonexistent-folder/library.sqlite3", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tidings: cannot open library /nonexistent-folder/library.sqlite3: folder /nonexistent-folder does not exist\n"
    );
}

#[test]
fn the_library_comes_from_the_environment_when_not_named() {
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("from-env.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["info"])
        .env("TIDINGS_LIBRARY", &library)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("library: {}\narticles: 0\n", library.display())
    );
    assert!(library.is_file());
}

#[test]
fn extract_follows_the_benchmark_contract() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, fixture("async-closures.html")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args([
            "extract",
            "--url",
            "https://compile-times.example/2026/11/x",
            "--format",
            "json",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Async closures land in stable Rust");
    assert_eq!(v["byline"], "Ada Ferris");
    assert_eq!(v["site_name"], "The Compile Times");
    assert_eq!(v["published_at"], "2026-11-20T07:30:00Z");
    assert!(v["text"]
        .as_str()
        .unwrap()
        .contains("After years of design work"));
    assert!(v["content_html"].as_str().unwrap().contains("<table>"));
    assert!(v["extract_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(
        v["word_count"].as_u64(),
        v["text"]
            .as_str()
            .map(|t| t.split_whitespace().count() as u64)
    );
    assert_eq!(v["language"], "en");
}

#[test]
fn extract_switches_passes_off_by_name_and_names_the_passes_when_one_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let prose = "<p>A paragraph of the post, in plain words, with a comma or two, long enough to read as prose.</p>"
        .repeat(8);
    std::fs::write(
        &page,
        format!(
            "<html><head><title>A post</title></head><body><article>{prose}\
             <div class=\"highlight-rust\"><pre>fn main() {{}}</pre></div>{prose}</article></body></html>"
        ),
    )
    .unwrap();
    let extract = |skip: &str| {
        Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args([
                "extract",
                "--url",
                "https://compile-times.example/2026/11/x",
            ])
            .args(["--skip", skip])
            .arg(&page)
            .output()
            .unwrap()
    };
    let whole = extract("drop-unkept-attributes");
    assert!(whole.status.success());
    let without_code = extract("normalize-code,prune");
    assert!(without_code.status.success());
    let html = |out: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["content_html"].as_str().unwrap().to_owned()
    };
    assert!(
        html(&whole).contains(r#"<code class="language-rust">fn main() {}</code>"#),
        "{}",
        html(&whole)
    );
    assert!(
        !html(&without_code).contains("language-rust"),
        "{}",
        html(&without_code)
    );
    let unknown = extract("recover,tidy");
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("no extraction pass is named \"tidy\"; the passes are trim-markup,"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn highlights_tags_and_collections_are_managed_from_the_command_line() {
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let cli = Cli::new();
    cli.ok(&[
        "add",
        &server.url("/a"),
        &server.url("/b"),
        "--tag",
        "Rust",
        "--collection",
        "Queue",
    ]);

    // Highlights: add, list, edit, search, delete.
    let h = cli.json(&[
        "highlight",
        "1",
        "--quote",
        "cannot yet be used as trait objects",
        "--note",
        "follow up",
        "--json",
    ]);
    assert_eq!(h["exact"], "cannot yet be used as trait objects");
    assert_eq!(h["color"], "yellow");
    let out = cli.ok(&[
        "highlight",
        "2",
        "--quote",
        "keep transactions short",
        "--color",
        "green",
    ]);
    assert!(
        out.starts_with("highlighted 2 in article 2 (green, characters "),
        "{out}"
    );
    let err = cli.fails(
        &["highlight", "2", "--quote", "not in this article anywhere"],
        1,
    );
    assert!(err.contains("is not in article 2"), "{err}");
    let err = cli.fails(
        &[
            "highlight",
            "2",
            "--quote",
            "keep transactions short",
            "--color",
            "red",
        ],
        1,
    );
    assert!(err.contains("unknown highlight colour \"red\""), "{err}");
    let listed = cli.ok(&["highlights"]);
    assert!(
        listed.contains("> keep transactions short")
            && listed.contains("> cannot yet be used as trait objects"),
        "{listed}"
    );
    assert_eq!(
        cli.json(&["highlights", "1", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        cli.json(&["highlights", "--color", "green", "--json"])[0]["highlight"]["id"],
        2
    );
    cli.ok(&[
        "highlight-edit",
        "1",
        "--note",
        "asked upstream",
        "--color",
        "pink",
    ]);
    assert_eq!(
        cli.json(&["search", "upstream", "--json"])[0]["article"]["id"],
        1
    );
    assert_eq!(
        cli.json(&["highlights", "--query", "upstream", "--json"])[0]["highlight"]["color"],
        "pink"
    );
    cli.ok(&["unhighlight", "2"]);
    assert_eq!(
        cli.fails(&["unhighlight", "2"], 1),
        "tidings: no highlight with id 2\n"
    );

    // Re-extraction keeps the highlight in place.
    assert_eq!(
        cli.ok(&["reextract", "--all"]),
        "re-extracted 2 articles; highlights: 1 in place, 0 moved, 0 orphaned\n"
    );
    cli.fails(&["reextract"], 1);

    // Tags: rename, merge, delete.
    cli.ok(&["tag", "2", "databases"]);
    cli.ok(&["tags", "rename", "rust", "rust-lang"]);
    cli.ok(&["tags", "merge", "databases", "rust-lang"]);
    assert_eq!(cli.ok(&["tags"]), "    2  rust-lang\n");
    cli.ok(&["tags", "delete", "rust-lang"]);
    assert_eq!(cli.ok(&["tags"]), "");
    assert_eq!(
        cli.fails(&["tags", "delete", "nope"], 1),
        "tidings: no tag named \"nope\"\n"
    );

    // Collections: describe and reorder; search narrowed to a collection.
    cli.ok(&["collection", "describe", "Queue", "Read on the train"]);
    cli.ok(&["collection", "move", "Queue", "2", "1"]);
    let shown = cli.ok(&["collection", "show", "Queue"]);
    assert!(shown.starts_with("Queue\nRead on the train\n"), "{shown}");
    let order: Vec<i64> = cli
        .json(&["list", "--collection", "Queue", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![2, 1]);
    cli.ok(&["collection", "create", "Other"]);
    assert!(cli
        .json(&["search", "posting", "--collection", "Other", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        cli.json(&["search", "posting", "--collection", "Queue", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn import_a_url_list_then_back_up_and_restore() {
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let cli = Cli::new();
    let list = cli.dir().join("reading.txt");
    std::fs::write(
        &list,
        format!(
            "# to read\n{}\n{}\n{}\n",
            server.url("/a"),
            server.url("/b"),
            server.url("/gone")
        ),
    )
    .unwrap();
    let report_file = cli.dir().join("report.json");
    let out = cli.run_with_stdin(
        &[
            "import",
            list.to_str().unwrap(),
            "--report",
            report_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed record makes the exit status 1"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "imported 3 records: 2 saved, 0 already in the library, 1 failed\n  line 4 "
        ),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_file).unwrap()).unwrap();
    assert_eq!(report["failures"][0]["record"], "line 4");

    let backup_dir = cli.dir().join("backup");
    let out = cli.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "--out",
        backup_dir.to_str().unwrap(),
    ]);
    assert!(out.starts_with("exported 1 file to "), "{out}");
    let restored = Cli::new();
    let backup = backup_dir.join("Tidings.tidings.json");
    assert_eq!(
        restored.ok(&["import", backup.to_str().unwrap()]),
        "imported 2 records: 2 saved, 0 already in the library, 0 failed\n"
    );
    assert_eq!(
        restored.json(&["list", "--json"]),
        cli.json(&["list", "--json"])
    );
    let err = restored.fails(&["import", "/no/such/file.csv"], 1);
    assert!(
        err.starts_with("tidings: import /no/such/file.csv: "),
        "{err}"
    );
}

#[test]
fn trash_restores_and_daily_backups_bring_back_a_damaged_library() {
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let cli = Cli::new();
    cli.ok(&["add", &server.url("/a"), &server.url("/b")]);

    // Delete moves to the trash; restore brings back; empty deletes for good.
    let out = cli.ok(&["delete", "1"]);
    assert!(out.contains("moved 1 article to the trash"), "{out}");
    assert_eq!(cli.json(&["info", "--json"])["article_count"], 1);
    let trash = cli.json(&["trash", "--json"]);
    assert_eq!(trash.as_array().unwrap().len(), 1);
    assert_eq!(trash[0]["id"], 1);
    assert!(cli
        .json(&["search", "closures", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    cli.ok(&["trash", "restore", "1"]);
    assert_eq!(cli.json(&["info", "--json"])["article_count"], 2);
    assert_eq!(
        cli.json(&["search", "closures", "--json"])[0]["article"]["id"],
        1
    );
    cli.ok(&["delete", "2"]);
    assert!(cli.ok(&["trash", "empty"]).contains("deleted 1 articles"));
    assert!(cli
        .json(&["trash", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    let err = cli.fails(&["trash", "restore", "2"], 1);
    assert_eq!(err, "tidings: no article with id 2\n");

    // A backup, then the library is damaged: list and restore work without opening it.
    assert!(cli
        .json(&["backup", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    let made = cli.json(&["backup", "create", "--json"]);
    let name = made[0]["name"].as_str().unwrap().to_owned();
    assert!(
        name.starts_with("library-") && name.ends_with(".sqlite3"),
        "{name}"
    );
    assert!(cli.dir().join("backups").join(&name).is_file());
    cli.ok(&["delete", "1"]);
    cli.ok(&["trash", "empty"]);
    let mut bytes = std::fs::read(&cli.library).unwrap();
    bytes[..100].fill(0x55);
    std::fs::write(&cli.library, &bytes).unwrap();
    let err = cli.fails(&["info"], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        cli.json(&["backup", "list", "--json"])[0]["name"],
        name.as_str()
    );
    let err = cli.fails(&["backup", "restore", "library-1999-01-01.sqlite3"], 1);
    assert!(err.contains("no backup named"), "{err}");
    let out = cli.ok(&["backup", "restore", &name]);
    assert!(out.contains("before-restore"), "{out}");
    assert_eq!(cli.json(&["info", "--json"])["article_count"], 1);
    assert_eq!(cli.json(&["show", "1", "--json"])["id"], 1);
}
