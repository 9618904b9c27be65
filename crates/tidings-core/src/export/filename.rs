//! File names from article titles that are safe on Windows, macOS and Linux.

/// Names Windows reserves whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Longest stem in bytes, leaving room for a " (id)" suffix and ".md" within common limits.
const MAX_STEM_BYTES: usize = 100;

/// A file stem from a title: no path separators or characters any OS forbids, no control
/// characters, no leading or trailing dots and spaces, not a reserved name, at most
/// [`MAX_STEM_BYTES`] bytes (cut on a character boundary), never empty.
#[must_use]
pub fn file_stem(title: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::file_stem;

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
}
