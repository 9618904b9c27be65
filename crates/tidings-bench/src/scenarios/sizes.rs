//! What a user downloads: the release binaries and the `.deb` package, when they are built.

use std::path::Path;

use crate::report::Row;
use crate::Bench;

#[allow(clippy::cast_precision_loss)]
fn mib(path: &Path) -> Option<f64> {
    std::fs::metadata(path)
        .ok()
        .map(|m| m.len() as f64 / (1024.0 * 1024.0))
}

/// Sizes of what exists under `target/release`.
pub fn sizes(bench: &mut Bench, release: &Path) {
    for (name, what) in [("tidings", "CLI"), ("tidings-app", "desktop app")] {
        match mib(&release.join(name)) {
            Some(size) => bench
                .rows
                .push(Row::info("release binary size", what, size, "MiB")),
            None => bench.skip(
                &format!("{what} binary size"),
                "not built in release (make bundle)",
            ),
        }
    }
    let debs: Vec<_> = std::fs::read_dir(release.join("bundle/deb"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "deb"))
        .collect();
    match debs
        .iter()
        .filter_map(|p| Some((p, mib(p)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        Some((path, size)) => bench.rows.push(
            Row::bounded(".deb package size", "size", size, "MiB", 15.0).note(
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            ),
        ),
        None => bench.skip(
            ".deb package size",
            "no package under target/release/bundle/deb (make bundle)",
        ),
    }
}
