//! Widening an article Readability cut short. Readability keeps one container and those of its
//! siblings that score well; on pages that split the story over several blocks (a lead block
//! and a body block, text interrupted by a wide figure or an ad slot) it keeps only a part. Here
//! the blocks around the chosen container, up to its great-grandparent, are measured for prose
//! (paragraph words outside links and outside navigation, asides, footers and forms); when they
//! hold at least as much prose as the container, they join the article, in page order.
//! Page builders (HubSpot rows, block-builder grids) split an article into sections built alike
//! many levels above any container Readability picks: when the article holds under half of the
//! page's prose, those of the container's ancestors' siblings built like the ancestor join too.

use dom_query::{NodeId, NodeRef};

use super::config::widen::*;
use super::dom::{drop_elements_inside, is_furniture, measure, page_prose};

/// Up to `levels` steps up from `node`, each as (the node below, its parent), stopping under
/// `<body>`.
fn steps_up<'a>(
    node: &NodeRef<'a>,
    levels: usize,
) -> impl Iterator<Item = (NodeRef<'a>, NodeRef<'a>)> {
    let mut child = *node;
    std::iter::from_fn(move || {
        let ancestor = child.parent().filter(|a| {
            a.is_element() && !matches!(a.node_name().as_deref(), Some("body" | "html"))
        })?;
        Some((std::mem::replace(&mut child, ancestor), ancestor))
    })
    .take(levels)
}

/// Moves the blocks around the article under `root` into it, in page order, when they hold at
/// least as much prose as the article; returns the words of prose added. Looks into the
/// container's parent, then further up ([`LEVELS`]), never into `<body>`; what is set aside at
/// one level joins with the next if that one qualifies.
pub(super) fn widen(root: &NodeRef<'_>) -> usize {
    let mut inside = measure(root, false).prose;
    let start = inside;
    let mut pending: Vec<NodeRef<'_>> = Vec::new();
    let mut pending_words = 0usize;
    let mut accepted: Vec<NodeRef<'_>> = Vec::new();
    for (child, ancestor) in steps_up(root, LEVELS) {
        let children = ancestor.element_children();
        let mut joins: Vec<bool> = Vec::with_capacity(children.len());
        for block in &children {
            let prose = if block.id == child.id || is_furniture(block) {
                0
            } else {
                let m = measure(block, true);
                if m.few_links() {
                    m.prose
                } else {
                    0
                }
            };
            pending_words += prose;
            joins.push(prose > 0);
        }
        // A heading joins with the block it introduces.
        for i in 0..children.len() {
            let introduces = children
                .get(i + 1)
                .is_some_and(|next| joins[i + 1] || next.id == child.id);
            if !joins[i] && introduces && is_subheading(&children[i]) {
                joins[i] = true;
            }
        }
        pending.extend(
            children
                .iter()
                .zip(&joins)
                .filter(|(_, joins)| **joins)
                .map(|(block, _)| *block),
        );
        if pending_words >= MIN_JOINED_WORDS && pending_words as f64 >= MIN_GROWTH * inside as f64 {
            inside += pending_words;
            pending_words = 0;
            accepted.append(&mut pending);
        }
    }
    let sections = repeated_sections(root, inside, &accepted);
    inside += sections.iter().map(|(_, words)| words).sum::<usize>();
    accepted.extend(sections.into_iter().map(|(block, _)| block));
    if accepted.is_empty() {
        return 0;
    }
    for block in &accepted {
        drop_furniture(block);
    }
    let mut blocks: Vec<(NodeId, NodeRef<'_>)> = root
        .element_children()
        .into_iter()
        .chain(accepted)
        .map(|block| (first_id(&block), block))
        .collect();
    blocks.sort_by_key(|(id, _)| *id);
    for (_, block) in &blocks {
        root.append_child(&block.id);
    }
    inside - start
}

/// The sections a page builder split the article into, when the article holds little of the
/// page's prose: the siblings of the container's ancestors, up to [`SECTION_LEVELS`] above it,
/// that are built like the ancestor itself (same element, most of the same classes) and hold
/// prose, not links. Each comes with its words of prose; blocks in `taken` are skipped.
fn repeated_sections<'a>(
    root: &NodeRef<'a>,
    inside: usize,
    taken: &[NodeRef<'a>],
) -> Vec<(NodeRef<'a>, usize)> {
    let Some(body) = root.ancestors_it(None).find(|a| a.has_name("body")) else {
        return Vec::new();
    };
    if inside as f64 >= MAX_HELD_SHARE * page_prose(&body, root, inside) as f64 {
        return Vec::new();
    }
    let mut sections = Vec::new();
    for (child, ancestor) in steps_up(root, SECTION_LEVELS) {
        let signature = signature(&child);
        if !signature.0.is_empty() {
            for block in ancestor.element_children() {
                if block.id == child.id
                    || taken.iter().any(|t| t.id == block.id)
                    || is_furniture(&block)
                    || !alike(&signature, &self::signature(&block))
                {
                    continue;
                }
                let m = measure(&block, true);
                if m.prose > 0 && m.few_links() {
                    sections.push((block, m.prose));
                }
            }
        }
    }
    if sections.iter().map(|(_, words)| words).sum::<usize>() < MIN_JOINED_WORDS {
        return Vec::new();
    }
    sections
}

/// An element's name and its classes, digits folded (`row-number-3` and `row-number-8` alike).
fn signature(node: &NodeRef<'_>) -> (String, Vec<String>) {
    let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
    let mut classes: Vec<String> = node
        .attr("class")
        .map(|value| {
            value
                .split_whitespace()
                .map(|class| {
                    class
                        .chars()
                        .map(|c| if c.is_ascii_digit() { '#' } else { c })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    classes.sort();
    classes.dedup();
    (name, classes)
}

/// Two elements built alike: the same name, and both without classes or at least
/// [`MIN_SHARED_CLASSES`] of their classes in common.
fn alike(a: &(String, Vec<String>), b: &(String, Vec<String>)) -> bool {
    if a.0 != b.0 || a.1.is_empty() != b.1.is_empty() {
        return false;
    }
    if a.1.is_empty() {
        return true;
    }
    let shared = a.1.iter().filter(|class| b.1.contains(class)).count();
    let all = a.1.len() + b.1.len() - shared;
    shared as f64 >= MIN_SHARED_CLASSES * all as f64
}

fn is_subheading(node: &NodeRef<'_>) -> bool {
    matches!(
        node.node_name().as_deref(),
        Some("h2" | "h3" | "h4" | "h5" | "h6")
    )
}

/// The smallest node id in the subtree of `node`: its place in the page as parsed (the parser
/// numbers nodes in document order; elements Readability created hold parsed text).
fn first_id(node: &NodeRef<'_>) -> NodeId {
    node.descendants_it()
        .map(|n| n.id)
        .chain(std::iter::once(node.id))
        .min()
        .unwrap_or(node.id)
}

/// Removes what is never prose from inside a block about to join the article.
fn drop_furniture(block: &NodeRef<'_>) {
    drop_elements_inside(block, is_furniture);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    const PARAGRAPH: &str =
        "The story goes on here with plain sentences, the kind of prose a reader came for.";

    fn paragraphs(label: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("<p>{label} {i}: {PARAGRAPH}</p>"))
            .collect()
    }

    /// Widens the element `#root` of `html`; returns the words added and the article's text.
    /// Where `needle` is in `text`; fails the test when it is not there.
    fn position(text: &str, needle: &str) -> usize {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} lost: {text}"))
    }

    fn widened(html: &str) -> (usize, String) {
        let document = Document::from(html);
        let root = document.select("#root").nodes()[0];
        let added = super::widen(&root);
        (
            added,
            root.text().split_whitespace().collect::<Vec<_>>().join(" "),
        )
    }

    #[test]
    fn the_page_is_measured_whole_only_when_the_article_may_hold_under_half_of_it() {
        let page = |article: usize, rest: usize| {
            format!(
                "<body><div class=\"main\"><div id=\"root\">{}</div></div>\
                 <div class=\"more\">{}</div><aside>{}</aside></body>",
                paragraphs("Article", article),
                paragraphs("Rest", rest),
                paragraphs("Aside", 3)
            )
        };
        for (article, rest) in [(4, 1), (4, 4), (1, 6), (0, 3), (3, 0)] {
            let document = Document::from(page(article, rest));
            let root = document.select("#root").nodes()[0];
            let body = document.select("body").nodes()[0];
            let whole = super::measure(&body, true).prose;
            let inside = super::measure(&root, false).prose;
            let figure = super::page_prose(&body, &root, inside);
            if whole > 2 * inside {
                assert_eq!(figure, whole, "{article} {rest}");
            } else {
                // Only the answer to "does the article hold half?" matters then.
                assert!(figure >= whole && figure <= 2 * inside, "{article} {rest}");
            }
        }
    }

    #[test]
    fn blocks_around_a_short_container_join_it_in_page_order() {
        let html = format!(
            "<body><div id=\"page\"><div class=\"lead\">{}</div><h2>Second part</h2><div id=\"root\">{}</div>\
             <nav><p>Home, about, and a long navigation line that is not article prose at all here.</p></nav>\
             <div class=\"related\">{}</div><ul><li><a href=\"/a\">Another story with a long headline here</a></li><li><a href=\"/b\">And one more story</a></li></ul>\
             <div><figure><img src=\"x.jpg\"></figure><div>{}</div></div></div></body>",
            paragraphs("Lead", 2),
            paragraphs("Root", 2),
            paragraphs("Related", 3),
            paragraphs("Tail", 2),
        );
        let (added, text) = widened(&html);
        assert!(added > 50, "{added}");
        let at = |needle: &str| position(&text, needle);
        assert!(
            at("Lead 0") < at("Second part")
                && at("Second part") < at("Root 0")
                && at("Root 1") < at("Tail 0"),
            "{text}"
        );
        for gone in ["navigation", "Related", "Another story"] {
            assert!(!text.contains(gone), "{gone} joined: {text}");
        }
    }

    #[test]
    fn a_container_holding_most_of_the_prose_stays_as_it_is() {
        let html = format!(
            "<body><div><div id=\"root\">{}</div><div class=\"teaser\">{}</div></div></body>",
            paragraphs("Root", 6),
            paragraphs("Teaser", 3),
        );
        let (added, text) = widened(&html);
        assert_eq!(added, 0);
        assert!(!text.contains("Teaser"), "{text}");
    }

    #[test]
    fn sections_built_alike_far_above_a_short_container_join_it() {
        // A page builder's rows: the article split over sections five levels above the
        // container; a row of links and a sidebar built otherwise stay out.
        let section = |n: usize, inner: &str| {
            format!(
                "<div class=\"row-fluid-wrapper row-number-{n} dnd-section\"><div class=\"row-fluid\">\
                 <div class=\"span12 dnd-column\"><div class=\"row-fluid\"><div class=\"dnd-module\">{inner}</div></div></div></div></div>"
            )
        };
        let html =
            format!(
            "<body><div class=\"sidebar-box\">{}</div><div class=\"cell\">{}{}{}{}</div></body>",
            paragraphs("Aside", 6),
            section(1, &format!("<div id=\"root\">{}</div>", paragraphs("Root", 2))),
            section(4, &paragraphs("Second", 3)),
            section(7, "<ul><li><a href=\"/a\">A link to another page of the site</a></li></ul>"),
            section(9, &paragraphs("Third", 3)),
        );
        let (added, text) = widened(&html);
        assert!(added > 50, "{added}: {text}");
        let at = |needle: &str| position(&text, needle);
        assert!(
            at("Root 1") < at("Second 0") && at("Second 2") < at("Third 0"),
            "{text}"
        );
        for gone in ["Aside", "another page"] {
            assert!(!text.contains(gone), "{gone} joined: {text}");
        }
    }

    #[test]
    fn sections_without_classes_join_when_the_branch_has_none_either() {
        // Each part of a long page sits in a bare <div>, the container four levels down in one.
        let html = format!(
            "<body><main><div class=\"col\"><div>{}</div><div><div class=\"row\"><div class=\"col\">\
             <div id=\"root\">{}</div></div></div></div><div>{}</div><div class=\"promo-box\">{}</div></div></main></body>",
            paragraphs("Before", 3),
            paragraphs("Root", 1),
            paragraphs("After", 3),
            paragraphs("Promo", 3),
        );
        let (added, text) = widened(&html);
        assert!(
            added > 0 && text.contains("Before 2") && text.contains("After 0"),
            "{text}"
        );
        assert!(!text.contains("Promo"), "{text}");
    }

    #[test]
    fn sections_built_alike_stay_out_when_the_article_holds_most_of_the_page() {
        let html = format!(
            "<body><div class=\"cell\"><div class=\"section s1\"><div><div id=\"root\">{}</div></div></div>\
             <div class=\"section s2\">{}</div></div></body>",
            paragraphs("Root", 8),
            paragraphs("Other", 2),
        );
        let (added, text) = widened(&html);
        assert_eq!(added, 0, "{text}");
    }

    #[test]
    fn widening_looks_up_three_levels_and_stops_at_the_body() {
        let far = format!(
            "<body><div>{}<div><div><div><div id=\"root\">{}</div></div></div></div></div>{}</body>",
            paragraphs("Far", 4),
            paragraphs("Root", 1),
            paragraphs("Body", 4),
        );
        let (added, text) = widened(&far);
        assert_eq!(added, 0, "{text}");
        let near = far
            .replacen("<div><div><div><div id", "<div><div id", 1)
            .replacen("</div></div></div></div></div>", "</div></div></div>", 1);
        let (added, text) = widened(&near);
        assert!(
            added > 0 && text.contains("Far 3") && !text.contains("Body"),
            "{text}"
        );
    }
}
