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
            .flat_map(tokens)
            .map(|(start, end, text)| fold(&text[start..end]))
            .collect();
        Self {
            words,
            last_is_prefix,
        }
    }

    /// Which term `token` is, if any.
    fn find(&self, token: &str) -> Option<usize> {
        let last = self.words.len().checked_sub(1)?;
        self.words.iter().enumerate().position(|(i, term)| {
            let prefix = self.last_is_prefix && i == last;
            folded_matches(token, term, prefix)
        })
    }
}

/// The tokens of `text` as (start, end) byte offsets, with the text they index.
fn tokens(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let &(start, _) = chars.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some((start, end, text))
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

/// The best window of one text: its first token, and its score (distinct terms, then hits).
fn best_window(text: &str, terms: &Terms) -> Option<(usize, (usize, usize))> {
    let tokens: Vec<(usize, usize)> = tokens(text).map(|(s, e, _)| (s, e)).collect();
    let hits: Vec<(usize, usize)> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, &(s, e))| terms.find(&text[s..e]).map(|t| (i, t)))
        .collect();
    let mut best: Option<(usize, (usize, usize))> = None;
    let all = terms.words.len();
    for (h, &(first_hit, _)) in hits.iter().enumerate() {
        let mut seen = vec![false; all];
        let mut count = 0;
        let in_window = hits[h..]
            .iter()
            .take_while(|(i, _)| *i < first_hit + WINDOW - LEAD);
        for &(_, term) in in_window {
            seen[term] = true;
            count += 1;
        }
        let score = (seen.iter().filter(|s| **s).count(), count);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((first_hit.saturating_sub(LEAD), score));
            if score.0 == all {
                break;
            }
        }
    }
    best
}

/// Renders the window of `text` starting at token `from`, marking the terms.
fn render(text: &str, from: usize, terms: &Terms) -> String {
    let all: Vec<(usize, usize)> = tokens(text).map(|(s, e, _)| (s, e)).collect();
    let shown = &all[from.min(all.len())..(from + WINDOW).min(all.len())];
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    for (k, &(s, e)) in shown.iter().enumerate() {
        if k > 0 {
            // The text between two words, with runs of white space made one space.
            let between = &text[shown[k - 1].1..s];
            let mut last_space = false;
            for c in between.chars() {
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
    }
    if from + WINDOW < all.len() {
        out.push('…');
    }
    out
}

/// The snippet of an article for `terms`: from the field (text, note, highlights, then title)
/// with the best window, or the start of the first non-empty field when nothing matches.
#[must_use]
pub fn snippet(fields: &[&str], terms: &Terms) -> String {
    let mut best: Option<(usize, usize, (usize, usize))> = None;
    for (f, field) in fields.iter().enumerate() {
        if let Some((from, score)) = best_window(field, terms) {
            if best.is_none_or(|(_, _, b)| score > b) {
                best = Some((f, from, score));
            }
        }
    }
    match best {
        Some((f, from, _)) => render(fields[f], from, terms),
        None => fields
            .iter()
            .find(|f| !f.trim().is_empty())
            .map_or_else(String::new, |f| render(f, 0, terms)),
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
