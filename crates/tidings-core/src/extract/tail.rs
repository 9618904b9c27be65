//! Where the article ends, by the page's own word. A page's JSON-LD `articleBody` is the story's
//! text as its publisher states it; when it is the whole story (as long as half the extracted
//! text at least, and nearly all of it found there), what the extracted article holds after
//! the body's last words is not the story: a box about the writer, a disclaimer, a teaser of
//! the previous post. It goes, unless it is long or holds a heading, which is more likely a part
//! of the story the body leaves out (a conclusion, an FAQ).

use dom_query::NodeRef;

use super::config::tail::*;
use super::jsonld;

/// Drops what follows the end of `body` (the page's `articleBody`) in the article under `root`;
/// returns the words dropped.
pub(super) fn trim(root: &NodeRef<'_>, body: &str) -> usize {
    let body_words: Vec<String> = jsonld::normalized_words(body).collect();
    let ending = body.trim_end();
    if body_words.len() < MIN_BODY_WORDS || ending.ends_with("...") || ending.ends_with('…') {
        return 0; // an excerpt, or cut off with an ellipsis
    }
    // Each word of the article with the text node it is in.
    let mut words: Vec<(String, NodeRef<'_>)> = Vec::new();
    for text in root.descendants_it().filter(NodeRef::is_text) {
        let content = text.text();
        words.extend(jsonld::normalized_words(&content).map(|word| (word, text)));
    }
    let total = words.len();
    if total < END_WORDS || (body_words.len() as f64) < MIN_BODY_SHARE * total as f64 {
        return 0;
    }
    let end = &body_words[body_words.len() - END_WORDS..];
    let Some(last) = (0..=total.saturating_sub(END_WORDS)).rev().find(|&at| {
        words[at..at + END_WORDS]
            .iter()
            .map(|(w, _)| w)
            .eq(end.iter())
    }) else {
        return 0;
    };
    let tail = total - (last + END_WORDS);
    if tail == 0 || tail as f64 > MAX_TAIL_SHARE * total as f64 {
        return 0;
    }
    if jsonld::words_coverage(body, words.iter().map(|(w, _)| w)) < MIN_COVERAGE {
        return 0;
    }
    // Everything after the node holding the body's last word, at every level up to `root`.
    let end_node = words[last + END_WORDS - 1].1;
    let mut after: Vec<NodeRef<'_>> = Vec::new();
    let mut node = end_node;
    while node.id != root.id {
        let mut next = node.next_sibling();
        while let Some(sibling) = next {
            next = sibling.next_sibling();
            after.push(sibling);
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return 0,
        }
    }
    if after.iter().any(holds_heading) {
        return 0;
    }
    for node in &after {
        node.remove_from_parent();
    }
    tail
}

/// Whether `node` is or holds a heading.
fn holds_heading(node: &NodeRef<'_>) -> bool {
    let is_heading = |n: &NodeRef<'_>| {
        n.node_name()
            .is_some_and(|name| matches!(name.as_ref(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    };
    is_heading(node) || node.descendants_it().any(|n| is_heading(&n))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    /// `n` sentences of the story, numbered so that no two are alike.
    fn story(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("Sentence {i} of the story tells the reader what happened next."))
            .collect()
    }

    /// Trims the article `<div id="root">` of `html` by `body`; returns the words dropped and
    /// the article's text.
    fn trimmed(html: &str, body: &str) -> (usize, String) {
        let document = Document::from(html);
        let root = document.select("#root").nodes()[0];
        let dropped = super::trim(&root, body);
        (dropped, root.text().to_string())
    }

    fn article(story: &[String], after: &str) -> String {
        let paragraphs: String = story.iter().map(|s| format!("<p>{s}</p>")).collect();
        format!("<div id=\"root\"><div>{paragraphs}<p>Jane Doe writes about gardens and has for ten years.</p></div>{after}</div>")
    }

    #[test]
    fn what_follows_the_declared_body_goes() {
        let story = story(12);
        let (dropped, text) = trimmed(
            &article(&story, "<p>Disclaimer: this is not advice.</p>"),
            &story.join(" "),
        );
        assert!(dropped > 0, "{text}");
        assert!(
            text.contains("Sentence 11")
                && !text.contains("Jane Doe")
                && !text.contains("Disclaimer"),
            "{text}"
        );
    }

    #[test]
    fn an_excerpt_another_story_or_a_tail_with_a_heading_keeps_the_article() {
        let story = story(12);
        let whole = story.join(" ");
        let cases = [
            // Cut off with an ellipsis: the body is an excerpt.
            (article(&story, ""), format!("{whole} And then...")),
            // A short summary.
            (article(&story, ""), story[..3].join(" ")),
            // What follows is a section: the body left out the conclusion.
            (
                article(&story, "<h2>Conclusion</h2><p>It ends well.</p>"),
                whole.clone(),
            ),
            // An article shorter than the words looked for.
            (
                "<div id=\"root\"><p>Jane Doe</p></div>".to_owned(),
                whole.clone(),
            ),
            // The body is another story whose end happens to match.
            (
                article(&story, ""),
                format!("{} {}", "Other words entirely here. ".repeat(40), story[11]),
            ),
        ];
        for (html, body) in cases {
            let (dropped, text) = trimmed(&html, &body);
            assert_eq!(dropped, 0, "{body}");
            assert!(text.contains("Jane Doe"), "{text}");
        }
    }
}
