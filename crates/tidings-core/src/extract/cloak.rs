//! Pages that hide themselves until their script has run. To avoid showing a page before its
//! styles and fonts load, some sites wrap the whole page in an element styled
//! `visibility:hidden` (or `display:none`, or marked `hidden`) that their script reveals a
//! moment later. A reader sees the page; Readability, which skips whatever is hidden, sees
//! nothing and finds no article. An element hidden so that holds nearly all of the page's
//! text is shown before extraction; smaller hidden parts (collapsed menus, closed dialogs, tab
//! panels) stay hidden.

use dom_query::{Document, NodeRef};

use super::config::cloak::*;
use super::dom::{hides, is_hidden, text_node_words};

/// Shows the element, if any, that hides nearly all of the page.
pub(super) fn uncloak(document: &Document) {
    let Some(body) = document.select_single("body").nodes().first().copied() else {
        return;
    };
    let mut page_words = None;
    let mut stack = vec![(body, 0)];
    while let Some((node, depth)) = stack.pop() {
        if is_hidden(&node) && !NEVER_CLOAKS.iter().any(|name| node.has_name(name)) {
            let node_words = words_under(&node);
            if node_words < MIN_CLOAK_WORDS {
                continue; // a menu or a dialog, whatever the page holds
            }
            let page_words = *page_words.get_or_insert_with(|| words_under(&body));
            if node_words as f64 >= page_words as f64 * MIN_PAGE_SHARE {
                show(&node);
                return; // only one element can hold nearly all of the page
            }
            continue; // what it hides is not the page
        }
        if depth < MAX_CLOAK_DEPTH {
            stack.extend(
                node.element_children()
                    .into_iter()
                    .map(|child| (child, depth + 1)),
            );
        }
    }
}

/// The words of the text under `node`.
fn words_under(node: &NodeRef<'_>) -> usize {
    node.descendants_it()
        .map(|node| text_node_words(&node))
        .sum()
}

/// Takes off what hides the element, keeping the rest of its style.
fn show(node: &NodeRef<'_>) {
    node.remove_attr("hidden");
    node.remove_attr("aria-hidden");
    if let Some(style) = node.attr("style") {
        let kept: Vec<&str> = style
            .split(';')
            .filter(|declaration| !hides(declaration))
            .collect();
        node.set_attr("style", &kept.join(";"));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use url::Url;

    const STORY: &str = "<p>The release notes list every change in the new version of the compiler, from faster builds to clearer error messages and a smaller standard library.</p>";

    fn page(body: &str) -> String {
        format!("<html><head><title>Release notes</title></head><body>{body}</body></html>")
    }

    #[test]
    fn a_page_hidden_until_its_script_runs_is_read() {
        let url = Url::parse("https://example.com/notes").unwrap();
        for cloak in [
            "<div style=\"visibility:hidden;min-height:100vh\">",
            "<div style=\"display: none\">",
            "<div hidden>",
            "<main aria-hidden=\"true\">",
        ] {
            let close = if cloak.starts_with("<main") {
                "</main>"
            } else {
                "</div>"
            };
            let html = page(&format!(
                "{cloak}<article>{}</article>{close}",
                STORY.repeat(8)
            ));
            let article =
                crate::extract::extract(&html, &url).unwrap_or_else(|e| panic!("{cloak}: {e}"));
            assert!(article.text.contains("clearer error messages"), "{cloak}");
        }
    }

    #[test]
    fn hidden_parts_of_a_page_stay_hidden() {
        let url = Url::parse("https://example.com/notes").unwrap();
        let html = page(&format!(
            "<article>{}<div style=\"display:none\"><p>A collapsed panel the reader never opened, with words of its own.</p></div></article>",
            STORY.repeat(8)
        ));
        let article = crate::extract::extract(&html, &url).unwrap();
        assert!(article.text.contains("clearer error messages"));
        assert!(
            !article.text.contains("collapsed panel"),
            "{}",
            article.text
        );
    }

    #[test]
    fn only_what_hides_is_taken_off_the_style() {
        let document = dom_query::Document::from(page(&format!(
            "<div id=\"cloak\" style=\"background:#fff; visibility: hidden ;min-height:100vh\">{}</div>",
            STORY.repeat(5)
        )));
        super::uncloak(&document);
        assert_eq!(
            document.select("#cloak").attr("style").unwrap().as_ref(),
            "background:#fff;min-height:100vh"
        );
    }
}
