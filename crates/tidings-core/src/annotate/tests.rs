#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;

const TEXT: &str = "Async closures are stable. The feature lets a closure return a future that borrows \
from its captures. Library authors who take callbacks benefit most. The feature lets a closure return \
a future, again, in the summary.";

fn quote_at(text: &str, start: usize, end: usize) -> Quote {
    let chars: Vec<char> = text.chars().collect();
    Quote::at(&chars, Span { start, end })
}

fn char_find(text: &str, needle: &str, nth: usize) -> usize {
    let byte = text.match_indices(needle).nth(nth).unwrap().0;
    text[..byte].chars().count()
}

#[test]
fn the_stored_position_is_used_when_the_quote_is_still_there() {
    let start = char_find(TEXT, "Library authors", 0);
    let q = quote_at(TEXT, start, start + 15);
    assert_eq!(q.exact, "Library authors");
    assert_eq!(
        anchor(TEXT, &q, Some(start)),
        Anchor::Exact(Span {
            start,
            end: start + 15
        })
    );
}

#[test]
fn context_chooses_between_repeated_quotes() {
    let second = char_find(TEXT, "The feature lets a closure", 1);
    let q = quote_at(TEXT, second, second + 26);
    // No hint: the prefix and suffix pick the second occurrence, not the first.
    assert_eq!(
        anchor(TEXT, &q, None),
        Anchor::Exact(Span {
            start: second,
            end: second + 26
        })
    );
    let first = char_find(TEXT, "The feature lets a closure", 0);
    let q = quote_at(TEXT, first, first + 26);
    assert_eq!(
        anchor(TEXT, &q, None),
        Anchor::Exact(Span {
            start: first,
            end: first + 26
        })
    );
}

#[test]
fn an_edit_before_the_quote_moves_it_to_the_same_words() {
    let start = char_find(TEXT, "borrows from its captures", 0);
    let q = quote_at(TEXT, start, start + 25);
    let edited = TEXT.replace(
        "Async closures are stable.",
        "After years of work, async closures are finally stable.",
    );
    let new_start = char_find(&edited, "borrows from its captures", 0);
    assert_eq!(
        anchor(&edited, &q, Some(start)),
        Anchor::Exact(Span {
            start: new_start,
            end: new_start + 25
        })
    );
}

#[test]
fn reflowed_whitespace_still_anchors_exactly() {
    let q = Quote {
        exact: "Library authors who\ntake callbacks".into(),
        prefix: String::new(),
        suffix: String::new(),
    };
    let start = char_find(TEXT, "Library authors who take callbacks", 0);
    assert_eq!(
        anchor(TEXT, &q, None),
        Anchor::Exact(Span {
            start,
            end: start + 34
        })
    );
}

#[test]
fn a_small_change_inside_the_quote_anchors_fuzzily() {
    let start = char_find(TEXT, "Library authors who take callbacks benefit most", 0);
    let q = quote_at(TEXT, start, start + 47);
    let edited = TEXT.replace(
        "who take callbacks benefit most",
        "who take callbacks benefit the most",
    );
    match anchor(&edited, &q, Some(start)) {
        Anchor::Fuzzy(span) => {
            let found: String = edited
                .chars()
                .skip(span.start)
                .take(span.end - span.start)
                .collect();
            assert!(
                found.starts_with("Library authors who take callbacks benefit"),
                "{found:?}"
            );
        }
        other => panic!("expected a fuzzy anchor, got {other:?}"),
    }
}

#[test]
fn a_changed_first_letter_stays_inside_the_fuzzy_span() {
    let q = Quote {
        exact: "Library authors who take callbacks".into(),
        prefix: String::new(),
        suffix: String::new(),
    };
    let text = "The change matters most to library authors who take callbacks. Until now.";
    let start = char_find(text, "library authors", 0);
    assert_eq!(
        anchor(text, &q, None),
        Anchor::Fuzzy(Span {
            start,
            end: start + 34
        })
    );
}

#[test]
fn a_quote_that_is_gone_is_orphaned_not_moved() {
    let start = char_find(TEXT, "Library authors who take callbacks benefit most.", 0);
    let q = quote_at(TEXT, start, start + 48);
    let edited = TEXT.replace(
        "Library authors who take callbacks benefit most.",
        "Nothing else changed here at all, honestly.",
    );
    assert_eq!(anchor(&edited, &q, Some(start)), Anchor::Orphaned);
    let blank = Quote {
        exact: "  ".into(),
        prefix: String::new(),
        suffix: String::new(),
    };
    assert_eq!(anchor(TEXT, &blank, None), Anchor::Orphaned);
}

#[test]
fn offsets_count_characters_not_bytes() {
    let text = "Ünïcödé — “quotes” and 🦀 crabs are fine.";
    let start = char_find(text, "🦀 crabs", 0);
    let q = quote_at(text, start, start + 7);
    assert_eq!(q.exact, "🦀 crabs");
    assert_eq!(
        anchor(text, &q, None),
        Anchor::Exact(Span {
            start,
            end: start + 7
        })
    );
}

#[test]
fn long_quotes_anchor_by_their_ends() {
    let paragraph =
        "word ".repeat(30) + &"distinct sentence number one. ".repeat(3) + "the end of it all.";
    let text = format!("Intro. {paragraph} Outro.");
    let start = char_find(&text, &paragraph, 0);
    let len = paragraph.chars().count();
    let q = quote_at(&text, start, start + len);
    let edited = text.replace("number one. distinct", "number one! distinct");
    match anchor(&edited, &q, None) {
        Anchor::Fuzzy(span) => assert!(
            span.start.abs_diff(start) <= 2 && span.end.abs_diff(start + len) <= 2,
            "{span:?}"
        ),
        other => panic!("{other:?}"),
    }
}

fn words() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z]{2,9}", 40..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Edits outside the highlighted words never move the highlight to other words.
    #[test]
    fn edits_elsewhere_keep_the_highlight_on_its_words(
        words in words(),
        pick in 0.0f64..1.0,
        qlen in 3usize..8,
        edits in prop::collection::vec((0.0f64..1.0, "[a-z ]{0,12}"), 1..6),
    ) {
        let first = ((words.len() - qlen) as f64 * pick) as usize;
        let before = words[..first].join(" ");
        let quoted = words[first..first + qlen].join(" ");
        let after = words[first + qlen..].join(" ");
        let text = format!("{before} {quoted} {after}");
        let start = before.chars().count() + 1;
        let q = quote_at(&text, start, start + quoted.chars().count());
        // Insert random text into the parts before and after the quote only.
        let (mut b, mut a) = (before.clone(), after.clone());
        for (at, insert) in &edits {
            let target = if *at < 0.5 { &mut b } else { &mut a };
            let pos = ((target.len() as f64) * (at * 2.0 % 1.0)) as usize;
            let pos = (0..=pos).rev().find(|p| target.is_char_boundary(*p)).unwrap_or(0);
            target.insert_str(pos, insert);
        }
        let edited = format!("{b} {quoted} {a}");
        match anchor(&edited, &q, Some(start)) {
            Anchor::Exact(span) | Anchor::Fuzzy(span) => {
                let found: String = edited.chars().skip(span.start).take(span.end - span.start).collect();
                prop_assert_eq!(found, quoted);
            }
            Anchor::Orphaned => prop_assert!(false, "orphaned although the quote is intact"),
        }
    }

    /// When the quoted words are destroyed, the highlight is orphaned or lands on text that is
    /// still close to the quote — never on unrelated words.
    #[test]
    fn destroyed_quotes_are_orphaned_never_misplaced(words in words(), pick in 0.0f64..1.0, qlen in 4usize..8) {
        let first = ((words.len() - qlen) as f64 * pick) as usize;
        let quoted = words[first..first + qlen].join(" ");
        let text = words.join(" ");
        let start = words[..first].iter().map(|w| w.chars().count() + 1).sum::<usize>();
        let q = quote_at(&text, start, start + quoted.chars().count());
        let edited = text.replacen(&quoted, "ZZZZ QQQQ XXXX WWWW", 1);
        match anchor(&edited, &q, Some(start)) {
            Anchor::Orphaned => {}
            Anchor::Exact(span) => {
                let found: String = edited.chars().skip(span.start).take(span.end - span.start).collect();
                prop_assert_eq!(found, quoted, "an exact anchor must be the same words (repeated elsewhere)");
            }
            Anchor::Fuzzy(span) => {
                let found: Vec<char> = edited.chars().skip(span.start).take(span.end - span.start).collect();
                let quote: Vec<char> = quoted.chars().collect();
                let distance = strsim_distance(&found, &quote);
                prop_assert!(distance as f64 <= quote.len() as f64 * MAX_FUZZY_ERROR_RATE, "{:?} vs {:?}", found, quoted);
            }
        }
    }
}

fn strsim_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
