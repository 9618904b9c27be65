//! The app's command line: `tidings-app [--library PATH | --library=PATH] [URL…]`. Web addresses
//! are clipped once the window is up; other arguments are ignored (WebDriver and desktop launchers
//! may add their own).

use std::ffi::OsString;
use std::path::PathBuf;

use crate::IpcError;

/// The library path given with `--library PATH` or `--library=PATH`, if any (the last one wins).
///
/// # Errors
/// `--library` without a path, or with an empty one.
pub fn library_path(args: impl IntoIterator<Item = OsString>) -> Result<Option<PathBuf>, IpcError> {
    let mut found = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = if arg == "--library" {
            args.next()
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--library=")) {
            Some(OsString::from(value))
        } else {
            continue;
        };
        match value {
            Some(path) if !path.is_empty() => found = Some(PathBuf::from(path)),
            _ => {
                return Err(IpcError::library_unavailable(
                    "--library needs a path: --library PATH",
                ))
            }
        }
    }
    Ok(found)
}

/// The web addresses among `args` (`http://` or `https://`), to clip.
pub fn urls<'a>(args: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    args.into_iter()
        .map(str::trim)
        .filter(|arg| {
            let lower = arg.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        })
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_web_addresses() {
        assert_eq!(
            urls([
                "--library",
                "/tmp/a.db",
                "https://lwn.net/a",
                "HTTP://X.org/",
                "ftp://x",
                "news"
            ]),
            vec!["https://lwn.net/a".to_owned(), "HTTP://X.org/".to_owned()]
        );
    }

    fn parse(args: &[&str]) -> Result<Option<PathBuf>, IpcError> {
        library_path(args.iter().map(OsString::from))
    }

    #[test]
    fn takes_the_path_in_both_spellings() {
        assert_eq!(
            parse(&["--library", "/tmp/a.db"]),
            Ok(Some(PathBuf::from("/tmp/a.db")))
        );
        assert_eq!(
            parse(&["--library=/tmp/b.db"]),
            Ok(Some(PathBuf::from("/tmp/b.db")))
        );
        assert_eq!(
            parse(&["--library", "/tmp/a.db", "--library=/tmp/b.db"]),
            Ok(Some(PathBuf::from("/tmp/b.db")))
        );
    }

    #[test]
    fn ignores_other_arguments() {
        assert_eq!(parse(&[]), Ok(None));
        assert_eq!(
            parse(&["--verbose", "--libraryx=/x", "/tmp/a.db"]),
            Ok(None)
        );
        assert_eq!(
            parse(&["-psn_0_1234", "--library", "lib.db"]),
            Ok(Some(PathBuf::from("lib.db")))
        );
    }

    #[test]
    fn rejects_a_missing_path() {
        for args in [
            &["--library"][..],
            &["--library="][..],
            &["--library", ""][..],
        ] {
            let error = parse(args).err();
            assert_eq!(
                error.map(|e| e.code),
                Some(tidings_core::ErrorCode::LibraryUnavailable),
                "{args:?}"
            );
        }
    }
}
