//! The article's text: its words (Chinese and Japanese characters counted one each), its
//! reading time, its blocks one blank line apart.

use super::config::article::*;

/// The words of `text` written with spaces between them, and its Chinese and Japanese
/// characters, each of which counts as a word (as word processors count them).
pub(super) fn word_units(text: &str) -> (usize, usize) {
    let mut spaced = 0;
    let mut cjk = 0;
    for token in text.split_whitespace() {
        let mut other = false;
        for c in token.chars() {
            if crate::cjk::is_cjk(c) {
                cjk += 1;
            } else if c.is_alphanumeric() {
                other = true;
            }
        }
        spaced += usize::from(other || !token.chars().any(crate::cjk::is_cjk));
    }
    (spaced, cjk)
}

/// Minutes to read a text of `spaced` words and `cjk` Chinese or Japanese characters.
pub(super) fn reading_minutes_of(spaced: usize, cjk: usize) -> u32 {
    if spaced + cjk == 0 {
        return 0;
    }
    let minutes =
        spaced as f64 / f64::from(WORDS_PER_MINUTE) + cjk as f64 / CJK_CHARACTERS_PER_MINUTE as f64;
    (minutes.ceil() as u32).max(1)
}

pub(super) fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
}

/// Trims each line and collapses runs of blank lines, so blocks are separated by exactly one blank line.
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_japanese_characters_count_as_words() {
        assert_eq!(word_units("Rust 1.90 is out, with — a dash"), (8, 0));
        assert_eq!(word_units("国産の言語 v2 公開"), (1, 7));
        assert_eq!(word_units("Tokio版"), (1, 1));
        assert_eq!(reading_minutes_of(0, 0), 0);
        assert_eq!(reading_minutes_of(0, 1000), 2);
        assert_eq!(reading_minutes_of(230, 0), 1);
    }

    #[test]
    fn text_blocks_are_separated_by_one_blank_line() {
        assert_eq!(normalize("\n\n  a  \n\n\n\nb\nc\n\n"), "  a\n\nb\nc");
    }
}
