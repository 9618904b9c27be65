//! Chinese and Japanese text, which puts no spaces between words. FTS5's `unicode61` tokenizer
//! makes a whole run of such characters one token, so a word inside a sentence could not be
//! found. Tidings indexes such runs a second time as overlapping pairs of characters (bigrams,
//! as Lucene's CJK analyzer does): a word of two or more characters is then the phrase of its
//! pairs, and matches exactly where it occurs.

/// Whether `c` is a Han ideograph, Hiragana or Katakana: a character of a script written
/// without spaces between words. (Korean Hangul is written with spaces and is not included.)
#[must_use]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x2FA1F) // Extensions B-F, compatibility supplement
}

/// The runs of CJK characters in `text`.
pub fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_cjk(c))
        .filter(|run| !run.is_empty())
}

/// The bigram terms of `text`'s CJK runs, separated by spaces: `並行処理` gives
/// `並行 行処 処理`; a run of one character is kept as it is. Empty when `text` has none.
#[must_use]
pub fn bigrams(text: &str) -> String {
    let mut out = String::new();
    // Most articles have no CJK at all: look before building anything.
    if !text.chars().any(is_cjk) {
        return out;
    }
    for run in runs(text) {
        for term in run_terms(run) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(term);
        }
    }
    out
}

/// The terms of one run: its overlapping pairs, or the run itself if it is one character.
pub fn run_terms(run: &str) -> Vec<&str> {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    if starts.len() < 2 {
        return vec![run];
    }
    (0..starts.len() - 1)
        .map(|k| {
            let end = starts.get(k + 2).copied().unwrap_or(run.len());
            &run[starts[k]..end]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_become_overlapping_pairs() {
        assert_eq!(bigrams("並行処理"), "並行 行処 処理");
        assert_eq!(bigrams("Rust の 並行 処理 is fast"), "の 並行 処理");
        assert_eq!(bigrams("新版が公開、並行"), "新版 版が が公 公開 並行");
        assert_eq!(bigrams("no CJK here, Café, 한국어"), "");
    }
}
