//! Copies of one block in an article. Pages built for several screen sizes hold the same
//! section two or three times, of which the style sheet shows one: a site builder's variants
//! for phone, tablet and desktop, a FAQ written once as an accordion and once as a list.
//! Readability keeps every copy, and the reader would read the article three times over. Here
//! the first copy stays and the later ones go.
//!
//! Only containers of some length are compared: a paragraph said twice (a pull quote, a line
//! repeated for emphasis) and repeated code are the writer's choice and stay.

use dom_query::{NodeData, NodeRef};
use std::collections::HashMap;

use super::config::repeats::*;

/// Elements compared: those that hold sections of an article, not its paragraphs or code.
const CONTAINERS: &[&str] = &[
    "div", "section", "article", "aside", "main", "ul", "ol", "dl", "details",
];

/// Base of the polynomial hash of a text's bytes (odd, so its powers never reach zero).
const BASE: u64 = 0x100_0000_01b3;

/// The words of a block, as a hash that can be joined with the next block's without reading
/// the text again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Words {
    hash: u64,
    /// `BASE` to the power of the number of bytes hashed, to append a block after this one.
    shift: u64,
    count: usize,
}

impl Words {
    const NONE: Self = Self {
        hash: 0,
        shift: 1,
        count: 0,
    };

    fn then(self, next: Self) -> Self {
        Self {
            hash: self.hash.wrapping_mul(next.shift).wrapping_add(next.hash),
            shift: self.shift.wrapping_mul(next.shift),
            count: self.count + next.count,
        }
    }

    /// The words of `text` (split at ASCII white space), each hashed as a separator and its
    /// bytes: a byte loop, as this reads every character of the article.
    fn of_text(text: &str) -> Self {
        let mut hash = 0u64;
        let mut length = 0u32;
        let mut count = 0;
        let mut in_word = false;
        for &byte in text.as_bytes() {
            if byte.is_ascii_whitespace() {
                in_word = false;
                continue;
            }
            if !in_word {
                in_word = true;
                count += 1;
                hash = hash.wrapping_mul(BASE).wrapping_add(u64::from(b' '));
                length = length.wrapping_add(1);
            }
            hash = hash.wrapping_mul(BASE).wrapping_add(u64::from(byte));
            length = length.wrapping_add(1);
        }
        Self {
            hash,
            shift: BASE.wrapping_pow(length),
            count,
        }
    }
}

/// Drops the later copies of every container of [`MIN_COPY_WORDS`] or more under `root`.
pub(super) fn drop_copies(root: &NodeRef<'_>) {
    let mut containers = Vec::new();
    words_under(root, &mut containers);
    // In page order: the first block of a text is the one kept, and a wrapper comes before
    // what it wraps.
    let mut first: HashMap<Words, NodeRef<'_>> = HashMap::new();
    let mut copies: Vec<NodeRef<'_>> = Vec::new();
    for (node, words) in containers {
        if words.count < MIN_COPY_WORDS {
            continue;
        }
        if copies.iter().any(|copy| is_within(&node, copy)) {
            continue; // gone with the copy around it
        }
        match first.get(&words) {
            // A wrapper and the one block it holds have the same words: not a copy.
            Some(kept) if is_within(&node, kept) => {}
            Some(_) => copies.push(node),
            None => {
                first.insert(words, node);
            }
        }
    }
    for copy in copies {
        copy.remove_from_parent();
    }
}

/// The words under `node`, with those of each container under it (itself included) pushed
/// onto `containers` in page order.
fn words_under<'a>(node: &NodeRef<'a>, containers: &mut Vec<(NodeRef<'a>, Words)>) -> Words {
    let container = node.query_or(false, |node| {
        node.as_element()
            .is_some_and(|element| CONTAINERS.contains(&&*element.name.local))
    });
    let slot = containers.len();
    if container {
        containers.push((*node, Words::NONE));
    }
    let mut words = Words::NONE;
    for child in node.children_it(false) {
        if child.is_text() {
            let text = child.query_or(Words::NONE, |node| match &node.data {
                NodeData::Text { contents } => Words::of_text(contents),
                _ => Words::NONE,
            });
            words = words.then(text);
        } else if child.is_element() {
            words = words.then(words_under(&child, containers));
        }
    }
    if container {
        containers[slot].1 = words;
    }
    words
}

/// Whether `node` is `outer` or inside it.
fn is_within(node: &NodeRef<'_>, outer: &NodeRef<'_>) -> bool {
    node.id == outer.id || node.ancestors_it(None).any(|a| a.id == outer.id)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    /// The text of `html`'s body after [`super::drop_copies`].
    fn without_copies(html: &str) -> String {
        let document = Document::from(html);
        let body = document.select("body").nodes()[0];
        super::drop_copies(&body);
        super::super::pipeline::html_and_text(&body).1
    }

    /// A section of `paragraphs` paragraphs of 12 words each, numbered from `from`.
    fn section(from: usize, paragraphs: usize) -> String {
        (from..from + paragraphs)
            .map(|n| format!("<p>Paragraph {n} says what the story has to say at this point.</p>"))
            .collect()
    }

    #[test]
    fn the_later_copies_of_a_section_go_and_the_first_stays() {
        let story = section(1, 6);
        let html = format!(
            "<div class=\"phone\"><div>{story}</div></div><div class=\"tablet\"><div>{story}</div></div>\
             <div class=\"desktop\"><div>{story}</div></div><p>The end.</p>"
        );
        let text = without_copies(&html);
        assert_eq!(text.matches("Paragraph 1 says").count(), 1, "{text}");
        assert_eq!(text.matches("Paragraph 6 says").count(), 1, "{text}");
        assert!(text.contains("The end."), "{text}");
    }

    #[test]
    fn copies_built_differently_are_copies_still() {
        let html = format!(
            "<section>{}</section><div><div><ul><li>one</li></ul>{}</div></div>",
            section(1, 5),
            section(1, 5)
        );
        let text = without_copies(&html);
        // The second block holds a list the first lacks: not the same words, both stay.
        assert_eq!(text.matches("Paragraph 3 says").count(), 2, "{text}");
        let html = format!(
            "<section>{}</section><div><article>{}</article></div>",
            section(1, 5),
            section(1, 5)
        );
        let text = without_copies(&html);
        assert_eq!(text.matches("Paragraph 3 says").count(), 1, "{text}");
    }

    #[test]
    fn repeated_paragraphs_short_blocks_and_code_stay() {
        let quote = "<p>A pull quote, said twice on purpose, long enough to pass fifty words if it ran on and on and on, which it does here, for the sake of the test, with words, more words, and more words still, until it is long, very long, longer than any pull quote should be, and then some.</p>";
        let code = format!(
            "<pre>{}</pre>",
            "let total = items.iter().map(|item| item.price).sum(); ".repeat(8)
        );
        let short = "<div><p>Share this story</p><p>Follow us</p></div>";
        let html = format!(
            "{quote}{}{code}{short}{}{quote}{code}{short}",
            section(1, 5),
            section(6, 5)
        );
        let text = without_copies(&html);
        assert_eq!(text.matches("A pull quote").count(), 2, "{text}");
        assert_eq!(text.matches("let total").count(), 16, "{text}");
        assert_eq!(text.matches("Share this story").count(), 2, "{text}");
        assert!(text.contains("Paragraph 10 says"), "{text}");
    }

    #[test]
    fn a_wrapper_is_not_a_copy_of_what_it_wraps() {
        let html = format!("<div><div>{}</div><div></div></div>", section(1, 6));
        let text = without_copies(&html);
        assert_eq!(text.matches("Paragraph 2 says").count(), 1, "{text}");
    }
}
