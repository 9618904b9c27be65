//! Search snippets: a short window of an article's text around the words a query matched, with
//! those words marked `[like this]`. Made here rather than with FTS5's `snippet()`, which
//! re-runs the query for each row and re-tokenises whole articles (a quarter of a millisecond an
//! article, most of a search's time); this scans only until it finds a window with every term.
//!
//! Words are compared as FTS5's `unicode61 remove_diacritics 2` tokenizer sees them: runs of
//! letters and digits, case-folded, with the common Latin diacritics removed.

use std::collections::VecDeque;

/// Words a snippet shows.
const WINDOW: usize = 16;
/// Words shown before the first match of a window, for context.
const LEAD: usize = 3;

/// What to look for: the query's words, folded; the last may match as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    words: Vec<String>,
    last_is_prefix: bool,
    /// Every term is ASCII: hits can be found by substring search ([`hits_found`]).
    ascii: bool,
}

impl Terms {
    /// The terms of `words` (each may hold several tokens, like `l'été`).
    #[must_use]
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>, last_is_prefix: bool) -> Self {
        let words = words
            .into_iter()
            .flat_map(|word| tokens(word, 0).map(move |(start, end)| fold(&word[start..end])))
            .collect::<Vec<String>>();
        let ascii = words.iter().all(|w| w.is_ascii());
        Self {
            words,
            last_is_prefix,
            ascii,
        }
    }

    /// Which term `token` is, if any.
    fn find(&self, token: &str) -> Option<usize> {
        let last = self.words.len().checked_sub(1)?;
        if token.is_ascii() && self.ascii {
            // Folding an ASCII word is lower-casing it.
            return self.words.iter().enumerate().position(|(i, term)| {
                let prefix = self.last_is_prefix && i == last;
                token.len() >= term.len()
                    && (prefix || token.len() == term.len())
                    && token.as_bytes()[..term.len()].eq_ignore_ascii_case(term.as_bytes())
            });
        }
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

/// A token that matched a term: its index among the text's tokens (or an index as far from its
/// neighbours' whenever they are less than a window apart, see [`hits_found`]), which term, the
/// byte where a window led by it starts, and whether a token comes before that.
#[derive(Debug, Clone, Copy)]
struct Hit {
    index: usize,
    term: usize,
    from: usize,
    before: bool,
}

/// The best window of one text: the byte offset of its first token, whether a token comes
/// before it, and its score (distinct terms, then hits). Windows start [`LEAD`] words before a
/// matched word and hold the matches up to [`WINDOW`] words on; the first window with every
/// term ends the scan, so a long article is read only as far as its first full match.
fn best_window(text: &str, terms: &Terms) -> Option<(usize, bool, (usize, usize))> {
    if terms.words.is_empty() {
        return None;
    }
    if terms.ascii {
        best_of(hits_found(text, terms), terms.words.len())
    } else {
        best_of(hits_scanned(text, terms), terms.words.len())
    }
}

/// The best window among `hits` (in text order) for `all` terms.
fn best_of(hits: impl Iterator<Item = Hit>, all: usize) -> Option<(usize, bool, (usize, usize))> {
    let span = WINDOW - LEAD;
    // Hits not yet judged as the first of a window.
    let mut open: VecDeque<Hit> = VecDeque::new();
    let mut best: Option<(usize, bool, (usize, usize))> = None;
    let mut seen = vec![false; all];
    let mut judge = |open: &VecDeque<Hit>, best: &mut Option<(usize, bool, (usize, usize))>| {
        let Some(first) = open.front() else {
            return false;
        };
        seen.fill(false);
        for hit in open {
            seen[hit.term] = true;
        }
        let score = (seen.iter().filter(|s| **s).count(), open.len());
        if best.is_none_or(|(_, _, b)| score > b) {
            *best = Some((first.from, first.before, score));
        }
        score.0 == all
    };
    for hit in hits {
        // Windows whose first hit is too far back to reach this one are complete: judge them.
        while open
            .front()
            .is_some_and(|first| first.index + span <= hit.index)
        {
            if judge(&open, &mut best) {
                return best;
            }
            open.pop_front();
        }
        open.push_back(hit);
    }
    while !open.is_empty() {
        if judge(&open, &mut best) {
            return best;
        }
        open.pop_front();
    }
    best
}

/// Every token of `text` compared with the terms, in order: for terms that are not all ASCII.
fn hits_scanned<'a>(text: &'a str, terms: &'a Terms) -> impl Iterator<Item = Hit> + 'a {
    // Byte offsets of the last LEAD + 1 tokens, to find where a window starts.
    let mut recent: VecDeque<(usize, usize)> = VecDeque::with_capacity(LEAD + 1);
    tokens(text, 0)
        .enumerate()
        .filter_map(move |(index, (start, end))| {
            if recent.len() == LEAD + 1 {
                recent.pop_front();
            }
            recent.push_back((index, start));
            let term = terms.find(&text[start..end])?;
            let &(from_index, from) = recent.front().unwrap_or(&(index, start));
            Some(Hit {
                index,
                term,
                from,
                before: from_index > 0,
            })
        })
}

/// The hits of ASCII terms, found without reading every token: a case-insensitive substring
/// search for each term gives the ASCII tokens that can match, and tokens holding other letters
/// (which may fold to a term: `Café`) are compared one by one. The text is searched a block at
/// a time (blocks end between tokens and double in size), so a scan that ends at an early window
/// reads little more than the old token-by-token scan did. Between two hits tokens are counted
/// only up to a window's span: hits further apart get indices exactly a span apart, which
/// [`best_of`] treats the same.
fn hits_found<'a>(text: &'a str, terms: &'a Terms) -> impl Iterator<Item = Hit> + 'a {
    hits_found_in_blocks(text, terms, 2048)
}

/// [`hits_found`] with a first block of `block_len` bytes.
fn hits_found_in_blocks<'a>(
    text: &'a str,
    terms: &'a Terms,
    mut block_len: usize,
) -> impl Iterator<Item = Hit> + 'a {
    let span = WINDOW - LEAD;
    let mut block_start = 0;
    let mut lower = String::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut previous: Option<(usize, usize)> = None;
    std::iter::from_fn(move || loop {
        if let Some(&start) = starts.get(next) {
            next += 1;
            let end = tokens(text, start).next().map_or(start, |(_, end)| end);
            let Some(term) = terms.find(&text[start..end]) else {
                continue;
            };
            let index = match previous {
                None => 0,
                Some((at, index)) => {
                    index
                        + tokens(text, at)
                            .take_while(|&(s, _)| s < start)
                            .take(span)
                            .count()
                }
            };
            previous = Some((start, index));
            let (from, before) = window_start(text, start);
            return Some(Hit {
                index,
                term,
                from,
                before,
            });
        }
        if block_start >= text.len() {
            return None;
        }
        let block_end = token_boundary(text, block_start + block_len);
        let block = &text[block_start..block_end];
        lower.clear();
        lower.push_str(block);
        lower.make_ascii_lowercase();
        starts.clear();
        next = 0;
        for term in &terms.words {
            starts.extend(
                lower
                    .match_indices(term.as_str())
                    .map(|(at, _)| at)
                    .filter(|&at| !word_char_before(block, at))
                    .map(|at| block_start + at),
            );
        }
        non_ascii_token_starts(block, block_start, &mut starts);
        starts.sort_unstable();
        starts.dedup();
        block_start = block_end;
        block_len = (block_len * 2).min(1 << 16);
    })
}

/// The first byte from `at` on that is not inside a token (or the end of `text`).
fn token_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    if word_char_before(text, at) {
        tokens(text, at).next().map_or(
            text.len(),
            |(start, end)| {
                if start == at {
                    end
                } else {
                    at
                }
            },
        )
    } else {
        at
    }
}

/// Whether the character before byte `at` is a letter or digit (so `at` is inside a token).
fn word_char_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// The start of the token before the one at byte `at`, if any.
fn previous_token_start(text: &str, at: usize) -> Option<usize> {
    let mut chars = text[..at].char_indices().rev();
    let (mut start, _) = chars.by_ref().find(|(_, c)| c.is_alphanumeric())?;
    for (i, c) in chars {
        if !c.is_alphanumeric() {
            break;
        }
        start = i;
    }
    Some(start)
}

/// Where a window led by the token at byte `at` starts ([`LEAD`] tokens before it, or the first
/// token), and whether a token comes before that.
fn window_start(text: &str, at: usize) -> (usize, bool) {
    let mut from = at;
    for _ in 0..LEAD {
        match previous_token_start(text, from) {
            Some(start) => from = start,
            None => return (from, false),
        }
    }
    (from, previous_token_start(text, from).is_some())
}

/// Adds the start (plus `offset`) of every token of `text` that holds a non-ASCII letter or
/// digit.
fn non_ascii_token_starts(text: &str, offset: usize, starts: &mut Vec<usize>) {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Eight ASCII bytes at a time.
        if let Some(chunk) = bytes.get(at..at + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            if u64::from_le_bytes(word) & HIGH_BITS == 0 {
                at += 8;
                continue;
            }
        }
        if bytes[at].is_ascii() {
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            let start = if word_char_before(text, at) {
                previous_token_start(text, at + c.len_utf8()).unwrap_or(at)
            } else {
                at
            };
            starts.push(offset + start);
            at = tokens(text, start)
                .next()
                .map_or(at + c.len_utf8(), |(_, end)| end);
        } else {
            at += c.len_utf8();
        }
    }
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

    #[test]
    fn finds_folded_and_far_apart_words_like_a_full_scan() {
        let far: String = (0..30).map(|i| format!("w{i} ")).collect();
        let text = format!("Kernel {far} the café CAFE, naïve kernels… ‘kern’ {far} ĸern Kernel");
        for (words, prefix) in [
            (&["kern", "cafe"][..], true),
            (&["naive", "kernel"][..], false),
            (&["kernel"][..], false),
            (&["w3", "w29"][..], false),
        ] {
            let t = terms(words, prefix);
            assert_eq!(
                best_of(hits_found(&text, &t), t.words.len()),
                best_of(hits_scanned(&text, &t), t.words.len()),
                "{words:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Finding ASCII terms by substring search gives the window a scan of every token does.
        #[test]
        fn found_hits_give_the_scanned_window(
            text in "([abAB1 ,.\n]|é|É|K|ı|ß|’|中|—){0,200}",
            words in proptest::collection::vec("[ab1]{1,3}|e|k|i", 1..4),
            prefix: bool,
            block in 1usize..40,
        ) {
            let t = Terms::new(words.iter().map(String::as_str), prefix);
            proptest::prop_assert!(t.ascii);
            proptest::prop_assert_eq!(
                best_of(hits_found_in_blocks(&text, &t, block), t.words.len()),
                best_of(hits_scanned(&text, &t), t.words.len())
            );
        }
    }
}
