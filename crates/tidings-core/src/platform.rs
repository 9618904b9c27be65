//! What differs between Linux, macOS and Windows, as pure functions of a [`Platform`], so a test
//! on any one system checks the rules of all three (CI runs the tests on each as well).
//! File-name rules are in `export::filename`; the rest is here.

use std::ffi::OsString;

/// The systems Tidings runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Linux and the other Unix desktops (XDG folders).
    Linux,
    /// macOS.
    MacOs,
    /// Windows.
    Windows,
}

impl Platform {
    /// Every platform, for checking a rule against all of them.
    pub const ALL: [Self; 3] = [Self::Linux, Self::MacOs, Self::Windows];

    /// The platform this build runs on.
    #[must_use]
    pub const fn current() -> Self {
        if cfg!(target_os = "windows") {
            Self::Windows
        } else if cfg!(target_os = "macos") {
            Self::MacOs
        } else {
            Self::Linux
        }
    }

    const fn separator(self) -> char {
        match self {
            Self::Windows => '\\',
            Self::Linux | Self::MacOs => '/',
        }
    }
}

/// The default library file on `platform`, given its environment (`env("HOME")`, …):
/// `tidings/library.sqlite3` in the user's data folder — `$XDG_DATA_HOME` (when absolute) or
/// `~/.local/share` on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` (the roaming
/// application data folder) on Windows. `None` when the environment names no such folder.
#[must_use]
pub fn default_library(
    platform: Platform,
    env: impl Fn(&str) -> Option<OsString>,
) -> Option<String> {
    let var = |name: &str| {
        env(name)
            .and_then(|v| v.into_string().ok())
            .filter(|v| !v.is_empty())
    };
    let data = match platform {
        Platform::Linux => var("XDG_DATA_HOME")
            .filter(|dir| dir.starts_with('/'))
            .or_else(|| var("HOME").map(|home| format!("{home}/.local/share")))?,
        Platform::MacOs => format!("{}/Library/Application Support", var("HOME")?),
        Platform::Windows => var("APPDATA")?,
    };
    let sep = platform.separator();
    Some(format!(
        "{}{sep}tidings{sep}library.sqlite3",
        data.trim_end_matches(sep)
    ))
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use std::collections::HashMap;
    use std::ffi::OsString;

    use super::{default_library, Platform};

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).map(OsString::from)
    }

    #[test]
    fn each_system_keeps_the_library_in_its_own_data_folder() {
        let home = env(&[("HOME", "/home/ada")]);
        assert_eq!(
            default_library(Platform::Linux, &home).as_deref(),
            Some("/home/ada/.local/share/tidings/library.sqlite3")
        );
        let xdg = env(&[("HOME", "/home/ada"), ("XDG_DATA_HOME", "/data/ada/")]);
        assert_eq!(
            default_library(Platform::Linux, &xdg).as_deref(),
            Some("/data/ada/tidings/library.sqlite3")
        );
        // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
        let relative = env(&[("HOME", "/home/ada"), ("XDG_DATA_HOME", "data")]);
        assert_eq!(
            default_library(Platform::Linux, &relative).as_deref(),
            Some("/home/ada/.local/share/tidings/library.sqlite3")
        );
        let mac = env(&[("HOME", "/Users/ada")]);
        assert_eq!(
            default_library(Platform::MacOs, &mac).as_deref(),
            Some("/Users/ada/Library/Application Support/tidings/library.sqlite3")
        );
        let windows = env(&[("APPDATA", r"C:\Users\Ada\AppData\Roaming")]);
        assert_eq!(
            default_library(Platform::Windows, &windows).as_deref(),
            Some(r"C:\Users\Ada\AppData\Roaming\tidings\library.sqlite3")
        );
        for platform in Platform::ALL {
            assert_eq!(default_library(platform, env(&[])), None, "{platform:?}");
        }
    }

    /// The rule above is what the library really uses on the system the tests run on (CI runs
    /// them on all three).
    #[test]
    fn the_rule_matches_the_library_on_this_system() {
        let real = crate::Library::default_path().expect("a data folder");
        let rule = default_library(Platform::current(), |name| std::env::var_os(name))
            .expect("the environment names a data folder");
        assert_eq!(std::path::PathBuf::from(rule), real);
    }
}
