//! Approximate substring search (Sellers' algorithm): the span of a text closest to a pattern by
//! edit distance, accepted only under an error rate.

use super::Span;

/// Longest pattern searched in full; longer quotes are matched by their two ends.
const MAX_PATTERN: usize = 256;

/// The span of `text` most similar to `pattern`, if its edit distance is at most
/// `max_error_rate × pattern length`.
pub(super) fn best_match(text: &[char], pattern: &[char], max_error_rate: f64) -> Option<Span> {
    if pattern.is_empty() || text.is_empty() {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let budget = (pattern.len() as f64 * max_error_rate).floor() as usize;
    if pattern.len() > MAX_PATTERN {
        return long_match(text, pattern, max_error_rate);
    }
    let (end, distance) = best_end(text, pattern, false)?;
    if distance > budget {
        return None;
    }
    // The start: the same search on the reversed strings, from the end found. On a tie the
    // longer span wins, so a changed first letter is kept rather than dropped.
    let reversed_text: Vec<char> = text[..end].iter().rev().copied().collect();
    let reversed_pattern: Vec<char> = pattern.iter().rev().copied().collect();
    let (reversed_end, _) = best_end(&reversed_text, &reversed_pattern, true)?;
    Some(Span {
        start: end - reversed_end,
        end,
    })
}

/// Where the best approximate occurrence of `pattern` ends in `text`, and its edit distance.
/// Ties go to the earliest end, or with `prefer_last` to the latest.
fn best_end(text: &[char], pattern: &[char], prefer_last: bool) -> Option<(usize, usize)> {
    let m = pattern.len();
    // column[i] = edit distance of pattern[..i] to the best substring ending here.
    let mut column: Vec<usize> = (0..=m).collect();
    let mut best: Option<(usize, usize)> = None;
    for (j, &t) in text.iter().enumerate() {
        let mut diagonal = column[0]; // distance with an empty pattern prefix is always 0
        for i in 1..=m {
            let substitution = diagonal + usize::from(pattern[i - 1] != t);
            diagonal = column[i];
            column[i] = substitution.min(column[i] + 1).min(column[i - 1] + 1);
        }
        if best.is_none_or(|(_, d)| column[m] < d || (prefer_last && column[m] == d)) {
            best = Some((j + 1, column[m]));
        }
    }
    best
}

/// A long quote: anchor its first and last [`MAX_PATTERN`] characters separately and accept the
/// span between them if its length is plausible.
fn long_match(text: &[char], pattern: &[char], max_error_rate: f64) -> Option<Span> {
    let head = best_match(text, &pattern[..MAX_PATTERN], max_error_rate)?;
    let tail_start = head.start;
    let tail = best_match(
        &text[tail_start..],
        &pattern[pattern.len() - MAX_PATTERN..],
        max_error_rate,
    )?;
    let span = Span {
        start: head.start,
        end: tail_start + tail.end,
    };
    #[allow(clippy::cast_precision_loss)]
    let ratio = (span.end - span.start) as f64 / pattern.len() as f64;
    ((1.0 - max_error_rate)..=(1.0 + max_error_rate))
        .contains(&ratio)
        .then_some(span)
}
