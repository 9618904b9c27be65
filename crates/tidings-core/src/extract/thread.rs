//! What a reader comment thread looks like, for the passes that must not take one for the
//! article: elements whose class or id names a thread (`id="comments"`, `ol.comment-list`,
//! `li.comment`, Disqus), and blocks built as comments are (siblings that each carry their own
//! "Reply" link, as WordPress's `?replytocom=` and most comment widgets do), whatever their names.

use std::collections::HashMap;

use dom_query::{NodeId, NodeRef, Selection};

use super::config::second_guess::{NOT_THREAD_WORDS, REPLY_LABELS, REPLY_LINK_MARKS, THREAD_WORDS};
use super::dom::words;

/// The words under `root` that sit in a comment thread: in elements named as one, or in blocks
/// that each hold one of at least two "Reply" links of a common container.
pub(super) fn thread_words(root: &NodeRef<'_>) -> usize {
    let article = Selection::from(*root);
    let named: Vec<NodeRef<'_>> = article
        .select("[class], [id]")
        .nodes()
        .iter()
        .copied()
        .filter(is_named_thread)
        .collect();
    let mut counted: Vec<NodeId> = Vec::new();
    let mut total = 0;
    let inside_counted = |node: &NodeRef<'_>, counted: &[NodeId]| {
        node.ancestors_it(None)
            .take_while(|a| a.id != root.id)
            .any(|a| counted.contains(&a.id))
    };
    // Top-most first: the parser numbers nodes in document order, so an ancestor comes first.
    for node in named {
        if !inside_counted(&node, &counted) {
            total += words(&node.text());
            counted.push(node.id);
        }
    }
    for block in reply_blocks(root) {
        if !counted.contains(&block.id) && !inside_counted(&block, &counted) {
            total += words(&block.text());
            counted.push(block.id);
        }
    }
    total
}

/// An element whose class or id names a comment thread: one of [`THREAD_WORDS`] as a word of
/// a class (split at `-` and `_`) or of the id, unless the class only says something about
/// comments (`comments-open` on a page, `comment-count` on a link): [`NOT_THREAD_WORDS`].
pub(super) fn is_named_thread(node: &NodeRef<'_>) -> bool {
    if matches!(node.node_name().as_deref(), Some("body" | "html")) {
        return false;
    }
    ["class", "id"].iter().any(|attr| {
        node.attr(attr).is_some_and(|value| {
            value.split_whitespace().any(|name| {
                let parts: Vec<&str> = name.split(['-', '_']).collect();
                parts
                    .iter()
                    .any(|p| THREAD_WORDS.iter().any(|w| p.eq_ignore_ascii_case(w)))
                    && !parts
                        .iter()
                        .any(|p| NOT_THREAD_WORDS.iter().any(|w| p.eq_ignore_ascii_case(w)))
            })
        })
    })
}

/// A link or button that answers one comment: "Reply", or a link to WordPress's reply form.
fn is_reply_control(node: &NodeRef<'_>) -> bool {
    let label = node.text();
    let label = label.trim();
    REPLY_LABELS.iter().any(|l| label.eq_ignore_ascii_case(l))
        || node
            .attr("href")
            .is_some_and(|href| REPLY_LINK_MARKS.iter().any(|m| href.contains(m)))
}

/// The comments of the threads under `root` that no name gives away: for each "Reply" control
/// that shares a container with another, the largest block around it holding no other.
fn reply_blocks<'a>(root: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let controls: Vec<NodeRef<'a>> = Selection::from(*root)
        .select("a, button")
        .nodes()
        .iter()
        .copied()
        .filter(is_reply_control)
        .collect();
    if controls.len() < 2 {
        return Vec::new();
    }
    // How many controls each element holds.
    let mut held: HashMap<NodeId, usize> = HashMap::new();
    for control in &controls {
        for ancestor in control.ancestors_it(None) {
            *held.entry(ancestor.id).or_default() += 1;
            if ancestor.id == root.id {
                break;
            }
        }
    }
    let mut blocks = Vec::new();
    for control in &controls {
        let mut block = *control;
        for ancestor in control.ancestors_it(None) {
            if ancestor.id == root.id || held.get(&ancestor.id).copied().unwrap_or(0) > 1 {
                break;
            }
            block = ancestor;
        }
        // Only a block inside a container of several comments is one of them.
        let shared = block
            .parent()
            .is_some_and(|p| held.get(&p.id).copied().unwrap_or(0) > 1);
        if shared && block.id != control.id {
            blocks.push(block);
        }
    }
    blocks.sort_by_key(|b| b.id);
    blocks.dedup_by_key(|b| b.id);
    blocks
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    fn thread_words(html: &str) -> usize {
        let document = Document::from(html);
        let root = document.select("#root").nodes()[0];
        super::thread_words(&root)
    }

    const STORY: &str = "<p>one two three four five six seven eight nine ten</p>";

    #[test]
    fn a_thread_named_so_counts_and_a_page_that_only_allows_comments_does_not() {
        let named = format!(
            "<div id=\"root\">{STORY}<ol class=\"comment-list\"><li class=\"comment\"><p>a b c d</p></li> <li class=\"comment\"><p>e f g</p></li></ol></div>"
        );
        assert_eq!(thread_words(&named), 7);
        let allowed = format!(
            "<div id=\"root\"><div class=\"post comments-open\">{STORY}<a class=\"comment-count\" href=\"#comments\">4 comments</a></div></div>"
        );
        assert_eq!(thread_words(&allowed), 0);
    }

    #[test]
    fn blocks_each_with_a_reply_link_are_comments_whatever_their_names() {
        let comment = |text: &str| {
            format!("<div class=\"item\"><b>Ann</b> <time>May 2</time> <p>{text}</p> <a href=\"#\">Reply</a></div> ")
        };
        let html = format!(
            "<div id=\"root\">{STORY}<div class=\"list\">{}{}</div></div>",
            comment("first remark here"),
            comment("second one")
        );
        // "Ann May 2 first remark here Reply" and "Ann May 2 second one Reply".
        assert_eq!(thread_words(&html), 7 + 6);
        // One "Reply" link alone (a quoted social post) is not a thread.
        let single = format!("<div id=\"root\">{STORY}{}</div>", comment("only one"));
        assert_eq!(thread_words(&single), 0);
    }
}
