//! Architecture checks: tidings-core never depends on Tauri, clap or any UI crate, however
//! indirectly. Walks the dependency graph recorded in the workspace's Cargo.lock.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// Crates that belong to a shell, never to the core.
const FORBIDDEN: &[&str] = &[
    "tauri",
    "tauri-build",
    "tauri-runtime",
    "wry",
    "tao",
    "webkit2gtk",
    "gtk",
    "clap",
    "anyhow",
];

fn lock_graph() -> HashMap<String, Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.lock");
    let lock = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut graph: HashMap<String, Vec<String>> = HashMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let name = block
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .map(|n| n.trim_matches('"').to_owned())
            .expect("every package has a name");
        let deps = block
            .split_once("dependencies = [")
            .map(|(_, rest)| rest.split(']').next().unwrap_or_default())
            .unwrap_or_default()
            .split(',')
            .map(|d| {
                d.trim()
                    .trim_matches('"')
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .filter(|d| !d.is_empty())
            .collect();
        graph.entry(name).or_default().extend::<Vec<String>>(deps);
    }
    graph
}

fn reachable_from(graph: &HashMap<String, Vec<String>>, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_owned()];
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            stack.extend(graph.get(&name).cloned().unwrap_or_default());
        }
    }
    seen
}

#[test]
fn core_never_depends_on_a_shell_crate() {
    let graph = lock_graph();
    // The walk does see shell crates where they are: the CLI reaches clap.
    assert!(reachable_from(&graph, "tidings-cli").contains("clap"));
    let seen = reachable_from(&graph, "tidings-core");
    assert!(
        seen.len() > 20,
        "the graph walk found the core's dependencies: {seen:?}"
    );
    let bad: Vec<&String> = seen
        .iter()
        .filter(|n| FORBIDDEN.contains(&n.as_str()))
        .collect();
    assert!(
        bad.is_empty(),
        "tidings-core depends on shell crates: {bad:?}"
    );
    assert!(seen.contains("rusqlite") && seen.contains("dom_smoothie"));
}

/// Only `fetch/` (outgoing requests) and `loopback/` (the API's socket on 127.0.0.1) touch the
/// network: no other module names reqwest, hyper or a socket type.
#[test]
fn only_fetch_and_loopback_touch_the_network() {
    fn walk(dir: &std::path::Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    assert!(files.len() > 30, "{files:?}");
    let network = [
        "reqwest",
        "hyper",
        "tokio::net",
        "TcpListener",
        "TcpStream",
        "UdpSocket",
    ];
    let mut outside = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative.starts_with("fetch") || relative.starts_with("loopback") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for word in network {
            if text.contains(word) {
                outside.push(format!("{} names {word}", relative.display()));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "network code outside fetch/ and loopback/: {outside:?}"
    );
    // The check can fail: fetch/ does name reqwest, loopback/ a listener.
    let named = |dir: &str, word: &str| {
        files
            .iter()
            .filter(|f| f.strip_prefix(&src).unwrap().starts_with(dir))
            .any(|f| std::fs::read_to_string(f).unwrap().contains(word))
    };
    assert!(named("fetch", "reqwest") && named("loopback", "TcpListener"));
}
