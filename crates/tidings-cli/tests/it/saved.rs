//! Saved searches from the command line: `search … --save NAME`, `saved` (list), `saved run`,
//! `saved rename`, `saved delete`; a clip made later shows up when the search is run again;
//! mistakes exit 1 with one line.

use test_server::{Response, TestServer};

use crate::{fixture, Cli};

fn titles(hits: &serde_json::Value) -> Vec<&str> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["article"]["title"].as_str().unwrap())
        .collect()
}

#[test]
fn a_search_is_saved_listed_run_renamed_and_deleted() {
    let server = TestServer::start(vec![
        ("/a", Response::html(fixture("async-closures.html"))),
        ("/b", Response::html(fixture("second-article.html"))),
    ]);
    let cli = Cli::new();
    cli.ok(&["add", &server.url("/a"), "--tag", "weekly"]);

    // Saving prints the results (stdout stays one JSON document; the confirmation is on stderr).
    let out = cli.run_with_stdin(
        &[
            "search",
            "release",
            "--tag",
            "weekly",
            "--status",
            "unread",
            "--save",
            "This week",
            "--json",
        ],
        None,
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "saved search \"This week\"\n"
    );
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(titles(&hits), ["Async closures land in stable Rust"]);
    cli.ok(&["search", "sqlite", "--save", "Databases"]);

    let list = cli.ok(&["saved"]);
    assert_eq!(
        list,
        "    1  This week  \"release\"  (unread, #weekly)\n    2  Databases  \"sqlite\"\n"
    );
    let json = cli.json(&["saved", "--json"]);
    assert_eq!(json[0]["name"], "This week");
    assert_eq!(
        json[0]["filter"],
        serde_json::json!({"status": "unread", "tag": "weekly", "collection": null, "starred": false})
    );

    // Run afresh: a later clip that matches (once tagged) appears; one that does not stays out.
    assert_eq!(cli.ok(&["saved", "run", "Databases"]), "");
    cli.ok(&["add", &server.url("/b")]);
    let run = cli.json(&["saved", "run", "databases", "--json"]);
    assert_eq!(titles(&run), ["SQLite turns twenty-six"]);
    assert_eq!(
        titles(&cli.json(&["saved", "run", "This week", "--json"])).len(),
        1
    );
    cli.ok(&["tag", "2", "weekly"]);
    assert_eq!(
        titles(&cli.json(&["saved", "run", "1", "--json"])).len(),
        2,
        "by id too"
    );
    let text = cli.ok(&["saved", "run", "This week", "--limit", "1"]);
    assert_eq!(
        text.lines().count(),
        2,
        "a title line and a snippet line: {text}"
    );

    cli.ok(&["saved", "rename", "this week", "Weekly"]);
    cli.ok(&["saved", "delete", "Databases"]);
    assert_eq!(
        cli.ok(&["saved"]),
        "    1  Weekly  \"release\"  (unread, #weekly)\n"
    );
}

#[test]
fn mistakes_exit_1_with_one_line_and_change_nothing() {
    let cli = Cli::new();
    cli.ok(&["search", "async", "--save", "Async"]);
    let cases: [(&[&str], &str); 7] = [
        (
            &["search", "other", "--save", "ASYNC"],
            "tidings: a saved search named \"ASYNC\" already exists\n",
        ),
        (
            &["search", "other", "--save", " "],
            "tidings: a saved search name cannot be empty\n",
        ),
        (
            &["search", " ", "--save", "Blank"],
            "tidings: a saved search needs a query\n",
        ),
        (
            &["search", "x", "--collection", "Nope", "--save", "In nope"],
            "tidings: no collection named \"Nope\"\n",
        ),
        (
            &["saved", "run", "Missing"],
            "tidings: no saved search named \"Missing\"\n",
        ),
        (
            &["saved", "rename", "Missing", "New"],
            "tidings: no saved search named \"Missing\"\n",
        ),
        (
            &["saved", "delete", "Missing"],
            "tidings: no saved search named \"Missing\"\n",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(cli.fails(args, 1), message, "{args:?}");
    }
    cli.ok(&["search", "sqlite", "--save", "Other"]);
    assert_eq!(
        cli.fails(&["saved", "rename", "Other", "async"], 1),
        "tidings: a saved search named \"async\" already exists\n"
    );
    assert_eq!(
        cli.ok(&["saved"]),
        "    1  Async  \"async\"\n    2  Other  \"sqlite\"\n"
    );
}
