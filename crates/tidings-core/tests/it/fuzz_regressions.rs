//! The fuzz targets' regression inputs as ordinary tests: every file under
//! `fuzz/regressions/<target>/` (crashes the fuzzers found, and inputs for bugs found by hand) goes
//! through the same checks as in `make fuzz` (`fuzz/src/checks.rs`, included here).

use std::path::PathBuf;

use tidings_core::import::ImportFormat;

#[path = "../../../../fuzz/src/checks.rs"]
#[allow(dead_code)]
mod checks;

fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_saved_fuzz_input_passes_its_checks() {
    let import_targets = [
        ("import_urls", ImportFormat::Urls),
        ("import_pocket", ImportFormat::Pocket),
        ("import_instapaper", ImportFormat::Instapaper),
        ("import_netscape", ImportFormat::Netscape),
        ("import_opml", ImportFormat::Opml),
        ("import_backup", ImportFormat::Json),
        ("import_auto", ImportFormat::Auto),
        ("import_omnivore", ImportFormat::Omnivore),
    ];
    let mut checked = 0;
    for (target, check) in [
        ("extract", checks::extractor as fn(&[u8])),
        ("urlnorm", checks::url_check),
        ("markdown", checks::markdown),
    ] {
        for (name, bytes) in regressions(target) {
            eprintln!("{target}/{name}");
            check(&bytes);
            checked += 1;
        }
    }
    for (target, format) in import_targets {
        for (name, bytes) in regressions(target) {
            eprintln!("{target}/{name}");
            checks::import(&bytes, format);
            checked += 1;
        }
    }
    assert!(checked > 0, "no regression inputs found");
}
