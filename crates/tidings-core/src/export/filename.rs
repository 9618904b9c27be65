//! File names from article titles that are safe on Windows, macOS and Linux, whichever system
//! writes the export (a folder synced to another computer must stay valid there too).
//!
//! The rules of each system are pure functions of a [`Platform`], so Linux CI checks all three:
//! [`invalid_reason`] (what a system's file system refuses) and [`same_file`] (which two names
//! are one file there: macOS and Windows ignore case, macOS also Unicode normalisation).
//! [`file_stem`] satisfies every system at once, and [`collision_key`] is the one key under which
//! names that any system would confuse are equal.

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::platform::Platform;

/// Names Windows reserves whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "COM0", "LPT0",
    "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$",
];

/// Longest stem in bytes, leaving room for a " (id)" suffix and ".md" within common limits.
const MAX_STEM_BYTES: usize = 100;

/// A file stem from a title: no path separators or characters any OS forbids, no control
/// characters, no leading or trailing dots and spaces, not a reserved name, at most
/// [`MAX_STEM_BYTES`] bytes (cut on a character boundary), never empty.
#[must_use]
pub fn file_stem(title: &str) -> String {
    let title = nfc(title);
    let replaced: String = title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut stem = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    if stem.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
    }
    let stem = stem
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned();
    if stem.is_empty() {
        return "Untitled".to_owned();
    }
    let base = stem
        .split('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_uppercase();
    if WINDOWS_RESERVED.contains(&base.as_str()) {
        return format!("_{stem}");
    }
    stem
}

/// `text` in Unicode Normalization Form C (what macOS's file dialogs and Windows produce; macOS
/// file systems treat the NFD spelling of a name as the same file).
fn nfc(text: &str) -> String {
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(text)
        .into_owned()
}

/// The key under which two file names are one file on at least one system: NFC, then lower case.
/// An export keeps the keys of its names distinct, so no two of its files collide anywhere.
#[must_use]
pub fn collision_key(name: &str) -> String {
    nfc(name).to_lowercase()
}

/// Why `name` cannot be a file name on `platform`, or `None` when it can: Linux (ext4, btrfs)
/// refuses `/` and NUL and names over 255 bytes; macOS (APFS) also `:` (Finder's separator) and
/// names over 255 UTF-16 units; Windows (NTFS through Win32) `<>:"/\|?*` and control characters,
/// a trailing dot or space, and device names (`CON`, `COM1`, …) with any extension.
#[must_use]
pub fn invalid_reason(platform: Platform, name: &str) -> Option<&'static str> {
    if name.is_empty() || name == "." || name == ".." {
        return Some("empty or a relative-path name");
    }
    if name.contains(['/', '\0']) {
        return Some("contains / or NUL");
    }
    let utf16_units = name.encode_utf16().count();
    match platform {
        Platform::Linux => (name.len() > 255).then_some("longer than 255 bytes"),
        Platform::MacOs => {
            if name.contains(':') {
                Some("contains :")
            } else if utf16_units > 255 {
                Some("longer than 255 UTF-16 units")
            } else {
                None
            }
        }
        Platform::Windows => {
            let stem = name.split('.').next().unwrap_or_default().trim_end();
            if name.chars().any(|c| {
                c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*')
            }) {
                Some("contains a character Windows refuses")
            } else if name.ends_with(['.', ' ']) {
                Some("ends with a dot or a space")
            } else if WINDOWS_RESERVED.contains(&stem.to_ascii_uppercase().as_str()) {
                Some("a reserved device name")
            } else if utf16_units > 255 {
                Some("longer than 255 UTF-16 units")
            } else {
                None
            }
        }
    }
}

/// Whether `a` and `b` name the same file on `platform`'s usual file system: exact bytes on
/// Linux, case-insensitive on Windows, and case- and normalisation-insensitive on macOS.
#[must_use]
pub fn same_file(platform: Platform, a: &str, b: &str) -> bool {
    match platform {
        Platform::Linux => a == b,
        Platform::Windows => a.to_lowercase() == b.to_lowercase(),
        Platform::MacOs => collision_key(a) == collision_key(b),
    }
}

#[cfg(test)]
mod tests {
    use super::{collision_key, file_stem, invalid_reason, same_file, Platform};

    #[test]
    fn hostile_titles_stay_plain_file_names() {
        assert_eq!(file_stem("../../etc/passwd"), "etc passwd");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("con.txt"), "_con.txt");
        assert_eq!(file_stem(""), "Untitled");
        assert_eq!(file_stem(" ... "), "Untitled");
        assert_eq!(file_stem("a\u{0}b\nc"), "a b c");
        assert_eq!(file_stem("What's new: Rust 1.95?"), "What's new Rust 1.95");
        let long = "é".repeat(300);
        let stem = file_stem(&long);
        assert!(stem.len() <= 100 && stem.chars().all(|c| c == 'é'));
        assert_eq!(file_stem("🦀🦀"), "🦀🦀");
    }

    /// Titles chosen to break one system or another.
    const HOSTILE: &[&str] = &[
        "CON",
        "con.txt",
        "Aux.tar.gz",
        "COM1 ",
        "lpt9.md",
        "NUL.",
        "nul .md",
        "a<b>c:d\"e/f\\g|h?i*j",
        "ends with dot.",
        "ends with space ",
        "...",
        " . ",
        "tab\there",
        "line\nbreak",
        "\u{202e}rtl override",
        "com² port",
        "CONIN$",
        "Caf\u{e9}",
        "Cafe\u{301}",
        "CAF\u{c9}",
        "🦀 crab",
        "",
    ];

    #[test]
    fn every_stem_is_a_valid_name_on_every_platform() {
        let long = "長".repeat(300);
        let emoji = "🦀".repeat(200);
        for title in HOSTILE
            .iter()
            .copied()
            .chain([long.as_str(), emoji.as_str()])
        {
            let stem = file_stem(title);
            for name in [
                format!("{stem}.md"),
                format!("{stem} (12345).md"),
                stem.clone(),
            ] {
                for platform in Platform::ALL {
                    assert_eq!(
                        invalid_reason(platform, &name),
                        None,
                        "{title:?} -> {name:?} on {platform:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_platform_rules_refuse_what_each_system_refuses() {
        use Platform::{Linux, MacOs, Windows};
        assert!(invalid_reason(Windows, "CON.md").is_some());
        assert!(invalid_reason(Windows, "con").is_some());
        assert!(invalid_reason(Linux, "CON.md").is_none());
        assert!(invalid_reason(Windows, "a?b").is_some());
        assert!(invalid_reason(MacOs, "a?b").is_none());
        assert!(invalid_reason(MacOs, "a:b").is_some());
        assert!(invalid_reason(Linux, "a:b").is_none());
        assert!(invalid_reason(Windows, "trailing.").is_some());
        assert!(invalid_reason(Windows, "trailing ").is_some());
        assert!(invalid_reason(Linux, "a/b").is_some());
        // 128 two-byte characters: 256 bytes (too long for ext4), 128 UTF-16 units (fine elsewhere).
        let name = "é".repeat(128);
        assert!(invalid_reason(Linux, &name).is_some());
        assert!(invalid_reason(MacOs, &name).is_none());
        assert!(invalid_reason(Windows, &name).is_none());
    }

    #[test]
    fn names_that_one_system_would_confuse_share_a_collision_key() {
        let composed = "Caf\u{e9}.md";
        let decomposed = "Cafe\u{301}.md";
        assert!(!same_file(Platform::Linux, composed, decomposed));
        assert!(same_file(Platform::MacOs, composed, decomposed));
        assert!(same_file(Platform::Windows, "News.md", "NEWS.md"));
        assert!(!same_file(Platform::Linux, "News.md", "NEWS.md"));
        assert_eq!(collision_key(composed), collision_key("CAFE\u{301}.MD"));
        // A stem is NFC whatever the title's spelling: the same title exports under one name.
        assert_eq!(file_stem("Cafe\u{301}"), file_stem("Caf\u{e9}"));
        for platform in Platform::ALL {
            for (a, b) in [(composed, decomposed), ("News.md", "NEWS.md")] {
                if same_file(platform, a, b) {
                    assert_eq!(collision_key(a), collision_key(b), "{platform:?}: {a} {b}");
                }
            }
        }
    }
}
