//! Library files the CLI cannot write: a read-only file (checked as an unprivileged user when
//! the tests run as root, who ignores permissions) and a full disk (a file-size limit,
//! `RLIMIT_FSIZE` through `ulimit -f`, and a 1 MB tmpfs when this user may mount one). Each
//! command that cannot work exits 1 with one line naming the problem; the file is not made worse:
//! its bytes are unchanged (read-only) or it passes `PRAGMA integrity_check` holding exactly
//! what it held (full disk), and works again once there is room.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use test_server::{Response, TestServer};

use crate::{fixture, Cli};

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// A page of `bytes` of varied words, which compression cannot shrink much.
pub fn big_page(title: &str, bytes: usize) -> String {
    let words = [
        "kernel", "async", "borrow", "crate", "tokio", "sqlite", "vector", "lambda", "socket",
        "parser", "thread", "memory", "cache", "latency", "packet", "index", "schema", "query",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut body = String::with_capacity(bytes);
    while body.len() < bytes {
        body.push_str("<p>");
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let word = words[usize::try_from(seed % words.len() as u64).unwrap()];
            body.push_str(&format!("{word}{} ", seed % 1000));
        }
        body.push_str("</p>\n");
    }
    format!("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>")
}

fn assert_one_line_failure(out: &Output, what: &str, says: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{what}: {stderr:?}");
    assert!(
        says.iter().any(|s| stderr.contains(s)),
        "{what}: none of {says:?} in {stderr:?}"
    );
}

/// `PRAGMA integrity_check` of the library, and its article count.
pub fn check(library: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(library).unwrap();
    let report: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let count: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    (report, count)
}

#[test]
fn a_read_only_library_is_refused_in_one_line_and_left_as_it_was() {
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let cli = Cli::new();
    cli.ok(&["add", &server.url("/a")]);
    let folder = cli.dir();
    std::fs::set_permissions(&cli.library, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&cli.library).unwrap();
    let root = running_as_root();
    let add = server.url("/b");
    for args in [
        vec!["list"],
        vec!["add", add.as_str()],
        vec!["note", "1", "a note"],
    ] {
        let mut command = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_tidings"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_tidings"))
        };
        let out = command
            .arg("--library")
            .arg(&cli.library)
            .args(&args)
            .env_remove("TIDINGS_LIBRARY")
            .output()
            .unwrap();
        assert_one_line_failure(
            &out,
            &format!("{args:?}"),
            &["read-only", "cannot be opened", "unable to open"],
        );
    }
    assert!(
        std::fs::read(&cli.library).unwrap() == before,
        "the file changed"
    );
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&cli.library, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(check(&cli.library), ("ok".to_owned(), 1));
}

#[test]
fn a_full_disk_fails_in_one_line_and_the_library_stays_whole() {
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/big", Response::html(big_page("Big", 2 * 1024 * 1024))),
    ]);
    let cli = Cli::new();
    cli.ok(&["add", &server.url("/a")]);
    // Writes past 256 kB fail with EFBIG (SIGXFSZ ignored, as a shell would before `ulimit`).
    let out = Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tidings"))
        .arg("--library")
        .arg(&cli.library)
        .args(["add", &server.url("/big")])
        .env_remove("TIDINGS_LIBRARY")
        .output()
        .unwrap();
    assert_one_line_failure(&out, "add under a file-size limit", &["the disk is full"]);
    assert_eq!(check(&cli.library), ("ok".to_owned(), 1));
    // A new library that cannot be written says so too, in the same words.
    let fresh = cli.library.with_file_name("fresh.sqlite3");
    let out = Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tidings"))
        .arg("--library")
        .arg(&fresh)
        .arg("list")
        .env_remove("TIDINGS_LIBRARY")
        .output()
        .unwrap();
    assert_one_line_failure(
        &out,
        "a new library under a file-size limit",
        &["the disk is full"],
    );
    // With room again, the same page is saved.
    cli.ok(&["add", &server.url("/big")]);
    assert_eq!(check(&cli.library), ("ok".to_owned(), 2));
}

#[test]
fn a_full_tmpfs_fails_in_one_line_and_the_library_stays_whole() {
    let mount_point = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tidings-full"])
        .arg(mount_point.path())
        .output()
        .is_ok_and(|out| out.status.success());
    if !mounted {
        eprintln!(
            "skipped: this user cannot mount a tmpfs (the RLIMIT_FSIZE test covers a full disk)"
        );
        return;
    }
    let library = mount_point.path().join("library.sqlite3");
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/big", Response::html(big_page("Big", 2 * 1024 * 1024))),
    ]);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tidings"))
            .arg("--library")
            .arg(&library)
            .args(args)
            .env_remove("TIDINGS_LIBRARY")
            .output()
            .unwrap()
    };
    let first = run(&["add", &server.url("/a")]);
    let result = std::panic::catch_unwind(|| {
        assert!(first.status.success(), "{first:?}");
        assert_one_line_failure(
            &run(&["add", &server.url("/big")]),
            "add on a full tmpfs",
            &["disk", "full"],
        );
        assert_eq!(check(&library), ("ok".to_owned(), 1));
        let listed = run(&["list"]);
        assert!(listed.status.success(), "{listed:?}");
    });
    let _ = Command::new("umount").arg(mount_point.path()).status();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
