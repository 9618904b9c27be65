//! Search snippets: a short window of an article's text around the words a query matched, with
//! those words marked `[like this]`. Made here rather than with FTS5's `snippet()`, which
//! re-runs the query for each row and re-tokenises whole articles (a quarter of a millisecond an
//! article, most of a search's time); this scans only until it finds a window with every term.
//!
//! Words are compared as FTS5's `unicode61 remove_diacritics 2` tokenizer sees them: runs of
//! letters and digits, case-folded, with the common Latin diacritics removed.

/// Words a snippet shows.
const WINDOW: usize = 16;
/// Words shown before the first match of a window, for context.
const LEAD: usize = 3;

/// What to look for: the query's words, folded; the last may match as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    words: Vec<String>,
    last_is_prefix: bool,
}

impl Terms {
    /// The terms of `words` (each may hold several tokens, like `l'été`).
    #[must_use]
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, last_is_prefix: bool) -> Self {
        let words = words
            .into_iter()
            .flat_map(|word| tokens(word, 0).map(move |(start, end)| fold(&word[start..end])))
            .collect();
        Self {
            words,
            last_is_prefix,
        }
    }

    /// Which term `token` is, if any.
    fn find(&self, token: &str) -> Option<usize> {
        let last = self.words.len().checked_sub(1)?;
        // Most words of an article start with a letter no term starts with: a cheap first test.
        let first = folded_chars(token).next()?;
        self.words.iter().enumerate().position(|(i, term)| {
            let prefix = self.last_is_prefix && i == last;
            (term.starts_with(first) && folded_matches(token, term, prefix))
                // Chinese and Japanese have no spaces: a word is found inside a longer run.
                || (term.chars().all(crate::cjk::is_cjk) && token.contains(term.as_str()))
        })
    }
}

/// The tokens of `text` from byte `from` on, as (start, end) byte offsets: runs of letters and
/// digits. ASCII is read byte by byte; other characters are decoded.
fn tokens(text: &str, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = from.min(bytes.len());
    let word_char_at = move |i: usize| -> Option<(bool, usize)> {
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            return Some((b.is_ascii_alphanumeric(), 1));
        }
        let c = text[i..].chars().next()?;
        Some((c.is_alphanumeric(), c.len_utf8()))
    };
    std::iter::from_fn(move || {
        loop {
            let (is_word, len) = word_char_at(at)?;
            if is_word {
                break;
            }
            at += len;
        }
        let start = at;
        while let Some((true, len)) = word_char_at(at) {
            at += len;
        }
        Some((start, at))
    })
}

/// A letter without its diacritic, for the common Latin ones.
fn base_letter(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase).map(base_letter)
}

fn fold(text: &str) -> String {
    folded_chars(text).collect()
}

/// Whether `token` folds to `term` (or starts with it, for a prefix).
fn folded_matches(token: &str, term: &str, prefix: bool) -> bool {
    let mut token = folded_chars(token);
    for expected in term.chars() {
        if token.next() != Some(expected) {
            return false;
        }
    }
    prefix || token.next().is_none()
}

/// The best window of one text: the byte offset of its first token, whether a token comes
/// before it, and its score (distinct terms, then hits). Windows start [`LEAD`] words before a
/// matched word and hold the matches up to [`WINDOW`] words on; the first window with every
/// term ends the scan, so a long article is read only as far as its first full match.
fn best_window(text: &str, terms: &Terms) -> Option<(usize, bool, (usize, usize))> {
    let all = terms.words.len();
    let span = WINDOW - LEAD;
    // Byte offsets of the last LEAD + 1 tokens, to find where a window starts.
    let mut recent: std::collections::VecDeque<(usize, usize)> =
        std::collections::VecDeque::with_capacity(LEAD + 1);
    // Hits not yet judged as the first of a window: (token index, term, window start byte).
    let mut open: std::collections::VecDeque<(usize, usize, usize, bool)> =
        std::collections::VecDeque::new();
    let mut best: Option<(usize, bool, (usize, usize))> = None;
    let judge = |open: &std::collections::VecDeque<(usize, usize, usize, bool)>,
                 best: &mut Option<(usize, bool, (usize, usize))>|
     -> bool {
        let Some(&(_, _, start, before)) = open.front() else {
            return false;
        };
        let mut seen = vec![false; all];
        for &(_, term, _, _) in open {
            seen[term] = true;
        }
        let score = (seen.iter().filter(|s| **s).count(), open.len());
        if best.is_none_or(|(_, _, b)| score > b) {
            *best = Some((start, before, score));
        }
        score.0 == all
    };
    for (index, (start, end)) in tokens(text, 0).enumerate() {
        if recent.len() == LEAD + 1 {
            recent.pop_front();
        }
        recent.push_back((index, start));
        let Some(term) = terms.find(&text[start..end]) else {
            continue;
        };
        // Windows whose first hit is too far back to reach this one are complete: judge them.
        while open
            .front()
            .is_some_and(|&(first, ..)| first + span <= index)
        {
            if judge(&open, &mut best) {
                return best;
            }
            open.pop_front();
        }
        let &(from_index, from_byte) = recent.front().unwrap_or(&(index, start));
        open.push_back((index, term, from_byte, from_index > 0));
    }
    while !open.is_empty() {
        if judge(&open, &mut best) {
            return best;
        }
        open.pop_front();
    }
    best
}

/// Renders the window of `text` starting at byte `from`, marking the terms.
fn render(text: &str, from: usize, after_a_token: bool, terms: &Terms) -> String {
    let mut shown = tokens(text, from).take(WINDOW + 1);
    let mut out = String::new();
    if after_a_token {
        out.push('…');
    }
    let mut previous_end: Option<usize> = None;
    for (k, (s, e)) in shown.by_ref().enumerate() {
        if k == WINDOW {
            out.push('…');
            break;
        }
        if let Some(previous_end) = previous_end {
            // The text between two words, with runs of white space made one space.
            let mut last_space = false;
            for c in text[previous_end..s].chars() {
                if c.is_whitespace() {
                    if !last_space {
                        out.push(' ');
                    }
                    last_space = true;
                } else {
                    out.push(c);
                    last_space = false;
                }
            }
        }
        let word = &text[s..e];
        if terms.find(word).is_some() {
            out.push('[');
            out.push_str(word);
            out.push(']');
        } else {
            out.push_str(word);
        }
        previous_end = Some(e);
    }
    out
}

/// The snippet of an article for `terms`: from the field (text, note, highlights, then title)
/// with the best window, or the start of the first non-empty field when nothing matches.
#[must_use]
pub fn snippet(fields: &[&str], terms: &Terms) -> String {
    let mut best: Option<(usize, usize, bool, (usize, usize))> = None;
    for (f, field) in fields.iter().enumerate() {
        if let Some((from, before, score)) = best_window(field, terms) {
            if best.is_none_or(|(_, _, _, b)| score > b) {
                best = Some((f, from, before, score));
            }
        }
    }
    match best {
        Some((f, from, before, _)) => render(fields[f], from, before, terms),
        None => fields
            .iter()
            .find(|f| !f.trim().is_empty())
            .map_or_else(String::new, |f| render(f, 0, false, terms)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str], prefix: bool) -> Terms {
        Terms::new(words.iter().copied(), prefix)
    }

    #[test]
    fn marks_the_words_in_a_window_around_them() {
        let text = "One two three four five six seven eight nine ten. A short aside about wasm \
                    runtimes, which are fast. Then more words follow here until the end of it all.";
        let s = snippet(&[text], &terms(&["wasm", "runtimes"], false));
        assert_eq!(s, "…short aside about [wasm] [runtimes], which are fast. Then more words follow here until the end…");
    }

    #[test]
    fn folds_case_and_diacritics_and_matches_a_prefix() {
        let s = snippet(&["Le Café à Paris"], &terms(&["cafe", "pa"], true));
        assert_eq!(s, "Le [Café] à [Paris]");
        assert_eq!(
            snippet(&["Le Café à Paris"], &terms(&["pa"], false)),
            "Le Café à Paris"
        );
        assert_eq!(
            snippet(&["C'est l'été"], &terms(&["l'été"], false)),
            "C'est [l]'[été]"
        );
    }

    #[test]
    fn a_chinese_or_japanese_word_is_found_inside_its_run() {
        let s = snippet(&["新しい版が公開された。速い。"], &terms(&["公開"], false));
        assert_eq!(s, "[新しい版が公開された]。速い");
    }

    #[test]
    fn prefers_the_field_with_every_term() {
        let fields = [
            "Rust news",
            "A word on rust only.",
            "rust and the compiler together",
        ];
        let s = snippet(&fields, &terms(&["rust", "compiler"], false));
        assert_eq!(s, "[rust] and the [compiler] together");
    }

    #[test]
    fn without_a_match_shows_the_start() {
        let long: String = (0..40).map(|i| format!("w{i} ")).collect();
        assert_eq!(
            snippet(&["", &long], &terms(&["absent"], false)),
            "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15…"
        );
        assert_eq!(snippet(&["", ""], &terms(&["x"], false)), "");
        assert_eq!(snippet(&["🦀 ✨"], &terms(&[], false)), "");
    }
}
