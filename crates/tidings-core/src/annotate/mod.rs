//! Highlights that last: anchoring a quote in an article's plain text, and re-anchoring it when
//! the text changes (a re-extraction, an edit). Pure: text in, offsets out.
//!
//! A highlight keeps the W3C Web Annotation selectors: a TextQuoteSelector (`exact` with ~32
//! characters of `prefix` and `suffix`) and a TextPositionSelector (`start`, `end`, in Unicode
//! scalar values). Anchoring tries, in order: the stored position if the quote is still there;
//! the exact quote (prefix and suffix choose between repeats); the quote with whitespace
//! differences ignored; a fuzzy match within a bounded edit distance. When all fail the highlight
//! is orphaned: kept with its quote and note, never moved to the wrong words.

mod fuzzy;

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// A fuzzy match is accepted only when at most this share of the quote's characters differ.
pub const MAX_FUZZY_ERROR_RATE: f64 = 0.2;

/// Where a quote was found, in characters of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// How a highlight was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The exact quote was found (at the stored position or by search).
    Exact(Span),
    /// A close match was found; the stored quote should be updated to the text at the span.
    Fuzzy(Span),
    /// The quote is no longer in the text.
    Orphaned,
}

/// The selectors of one highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

impl Quote {
    /// The quote at `span` of `text`, with its context: what is stored for a new highlight.
    #[must_use]
    pub fn at(text: &[char], span: Span) -> Self {
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        Self {
            exact: text[start..end].iter().collect(),
            prefix: text[start.saturating_sub(CONTEXT_CHARS)..start]
                .iter()
                .collect(),
            suffix: text[end..(end + CONTEXT_CHARS).min(text.len())]
                .iter()
                .collect(),
        }
    }
}

/// Finds `quote` in `text`, preferring the occurrence at `hint` (a previous start offset).
#[must_use]
pub fn anchor(text: &str, quote: &Quote, hint: Option<usize>) -> Anchor {
    let chars: Vec<char> = text.chars().collect();
    let exact: Vec<char> = quote.exact.chars().collect();
    if exact.iter().all(|c| c.is_whitespace()) {
        return Anchor::Orphaned;
    }
    if let Some(start) = hint {
        if chars.get(start..start + exact.len()) == Some(exact.as_slice()) {
            return Anchor::Exact(Span {
                start,
                end: start + exact.len(),
            });
        }
    }
    let prefix: Vec<char> = quote.prefix.chars().collect();
    let suffix: Vec<char> = quote.suffix.chars().collect();
    let exact_hits = find_all(&chars, &exact);
    if let Some(span) = best_by_context(&chars, &exact_hits, exact.len(), &prefix, &suffix, hint) {
        return Anchor::Exact(span);
    }
    if let Some(span) = find_ignoring_whitespace(&chars, &exact, &prefix, &suffix, hint) {
        return Anchor::Exact(span);
    }
    match fuzzy::best_match(&chars, &exact, MAX_FUZZY_ERROR_RATE) {
        Some(span) => Anchor::Fuzzy(span),
        None => Anchor::Orphaned,
    }
}

/// Places a new highlight: anchors `quote` (as selected by a user, with whatever context they
/// had) and returns its span with the selectors to store, taken from `text` itself.
/// `None` when the quote is not in the text.
#[must_use]
pub fn place(text: &str, quote: &Quote) -> Option<(Span, Quote)> {
    let trimmed = Quote {
        exact: quote.exact.trim().to_owned(),
        prefix: quote.prefix.clone(),
        suffix: quote.suffix.clone(),
    };
    match anchor(text, &trimmed, None) {
        Anchor::Exact(span) | Anchor::Fuzzy(span) => {
            let chars: Vec<char> = text.chars().collect();
            Some((span, Quote::at(&chars, span)))
        }
        Anchor::Orphaned => None,
    }
}

/// Every start offset of `needle` in `haystack`.
fn find_all(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// Among candidate starts, the one whose surroundings best match the stored prefix and suffix
/// (then the one nearest the hint, then the first).
fn best_by_context(
    text: &[char],
    starts: &[usize],
    len: usize,
    prefix: &[char],
    suffix: &[char],
    hint: Option<usize>,
) -> Option<Span> {
    starts
        .iter()
        .map(|&start| {
            let score = context_score(text, start, start + len, prefix, suffix);
            let distance = hint.map_or(0, |h| h.abs_diff(start));
            (score, std::cmp::Reverse(distance), std::cmp::Reverse(start))
        })
        .max()
        .map(|(_, _, std::cmp::Reverse(start))| Span {
            start,
            end: start + len,
        })
}

/// How many characters of context agree, counted outwards from the quote, ignoring whitespace
/// differences.
fn context_score(
    text: &[char],
    start: usize,
    end: usize,
    prefix: &[char],
    suffix: &[char],
) -> usize {
    let before = text[..start].iter().rev().filter(|c| !c.is_whitespace());
    let want_before = prefix.iter().rev().filter(|c| !c.is_whitespace());
    let after = text[end..].iter().filter(|c| !c.is_whitespace());
    let want_after = suffix.iter().filter(|c| !c.is_whitespace());
    before.zip(want_before).take_while(|(a, b)| a == b).count()
        + after.zip(want_after).take_while(|(a, b)| a == b).count()
}

/// Finds the quote when only whitespace differs (line breaks re-flowed, spaces doubled).
fn find_ignoring_whitespace(
    text: &[char],
    exact: &[char],
    prefix: &[char],
    suffix: &[char],
    hint: Option<usize>,
) -> Option<Span> {
    let (squeezed, positions): (Vec<char>, Vec<usize>) = text
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, &c)| (c, i))
        .unzip();
    let needle: Vec<char> = exact
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    let hits = find_all(&squeezed, &needle);
    let starts: Vec<usize> = hits.iter().map(|&i| positions[i]).collect();
    let span = best_by_context(text, &starts, 0, prefix, suffix, hint)?;
    let first = hits[starts.iter().position(|&s| s == span.start)?];
    let end = positions[first + needle.len() - 1] + 1;
    Some(Span {
        start: span.start,
        end,
    })
}

#[cfg(test)]
mod tests;
