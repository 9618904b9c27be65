//! Putting back prose that Readability's cleaning took out of the container it chose. Its
//! conditional cleaning drops a block inside the article when the block has few commas, many
//! list items or pictures for its text, or many links; on guides built as steps, checklists and
//! cards that can be most of the article. A copy of the parsed page taken before Readability
//! changed it has the same node ids as the one Readability worked on: an element the article
//! kept gets back those of its children in the copy that the article lost whole and that hold
//! prose, in page order, without their furniture.

use dom_query::{Document, NodeId, NodeRef};

use super::config::recover::*;
use super::dom::{drop_elements_inside, is_hidden, looks_like_furniture, measure};

/// Parts of a table, which do not stand as blocks on their own.
const TABLE_PARTS: &[&str] = &[
    "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "col", "colgroup",
];

/// Puts back into the article under `root` the prose blocks that its kept elements hold in
/// `page` (the parsed page, copied before Readability changed it) but the article lost; returns
/// the words of prose put back.
pub(super) fn recover(root: &NodeRef<'_>, page: &Document) -> usize {
    let article = || std::iter::once(*root).chain(root.descendants_it());
    // Sorted, for a binary search: cheaper to build than a hash set, as cheap to ask.
    let mut kept: Vec<NodeId> = article().map(|node| node.id).collect();
    kept.sort_unstable();
    let is_kept = |id: &NodeId| kept.binary_search(id).is_ok();
    // Each lost block of the page, with the article's element it goes back into and the kept
    // child it follows there.
    let mut lost: Vec<(NodeRef<'_>, Option<NodeRef<'_>>, NodeRef<'_>)> = Vec::new();
    let mut lost_words = 0;
    for element in article().filter(NodeRef::is_element) {
        let Some(original) = page.tree.get(&element.id).filter(NodeRef::is_element) else {
            continue; // made by Readability
        };
        let mut after: Option<NodeRef<'_>> = None;
        for child in original.element_children() {
            if is_kept(&child.id) {
                let here = root.tree.get(&child.id);
                if let Some(here) = here.filter(|n| n.parent().is_some_and(|p| p.id == element.id))
                {
                    after = Some(here);
                }
                continue;
            }
            if child
                .node_name()
                .is_some_and(|name| TABLE_PARTS.contains(&name.as_ref()))
                || is_hidden(&child)
                || looks_like_furniture(&child)
                || child.descendants_it().any(|d| is_kept(&d.id))
            {
                continue; // no block, never shown, furniture, or partly kept (unwrapped, moved)
            }
            let measure = measure(&child, true);
            if measure.prose < MIN_RESTORED_WORDS
                || measure.linked as f64 > MAX_RESTORED_LINKED_SHARE * measure.total as f64
            {
                continue;
            }
            lost_words += measure.prose;
            lost.push((element, after, child));
        }
    }
    if lost.is_empty() || lost_words > MAX_RESTORED_GROWTH * measure(root, false).prose {
        return 0;
    }
    // Put back last first, each right after the kept child it followed (or first): blocks lost
    // one after another under one element so end up in page order.
    let mut recovered = 0;
    for (element, after, block) in lost.into_iter().rev() {
        let html = block.html();
        let put_back = match after {
            Some(previous) => {
                previous.after_html(html);
                previous.next_sibling()
            }
            None => {
                element.prepend_html(html);
                element.first_child()
            }
        };
        if let Some(put_back) = put_back {
            drop_elements_inside(&put_back, |n| is_hidden(n) || looks_like_furniture(n));
            // What is left once its hidden parts and furniture are gone must still be prose.
            let left = measure(&put_back, true).prose;
            if left < MIN_RESTORED_WORDS {
                put_back.remove_from_parent();
                continue;
            }
            recovered += left;
        }
    }
    recovered
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    /// A paragraph of `words` words of prose, labelled.
    fn prose(label: &str, words: usize) -> String {
        format!("<p>{label} {}</p>", "word ".repeat(words))
    }

    /// Parses `page`, takes the elements `lost` (selectors) out of a copy as Readability's
    /// cleaning would, recovers from the page, and returns the article's text.
    fn recovered(page: &str, lost: &[&str]) -> String {
        let parsed = Document::from(page);
        let article = parsed.clone();
        for selector in lost {
            article.select(selector).remove();
        }
        let root = article.select("#article").nodes()[0];
        super::recover(&root, &parsed);
        root.text().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn prose_blocks_the_cleaning_dropped_come_back_in_page_order() {
        let page = format!(
            "<body><div id=\"article\">{}<div id=\"step1\">{}</div><div id=\"step2\"><ul><li>{}</li></ul></div>{}</div></body>",
            prose("Intro", 150),
            prose("Step-one", 120),
            prose("Step-two", 110),
            prose("Outro", 150),
        );
        let text = recovered(&page, &["#step1", "#step2"]);
        let at = |label: &str| {
            text.find(label)
                .unwrap_or_else(|| panic!("{label} lost: {text}"))
        };
        assert!(
            at("Intro") < at("Step-one")
                && at("Step-one") < at("Step-two")
                && at("Step-two") < at("Outro")
        );
    }

    #[test]
    fn teasers_links_hidden_blocks_and_furniture_stay_out() {
        let links = "<a href=\"/x\">a linked headline of another story here</a> ".repeat(8);
        let page = format!(
            "<body><div id=\"article\">{}<div id=\"teaser\">{}</div><div id=\"links\">{}{links}</div>\
             <div id=\"hidden\" style=\"display: none\">{}</div><div id=\"more\" class=\"related\">{}</div><div id=\"jp\" class=\"jp-relatedposts\">{}</div><div id=\"kept\">{}</div></div></body>",
            prose("Story", 300),
            prose("Teaser", 40),
            prose("Linked", 100),
            prose("Hidden", 150),
            prose("Related", 150),
            prose("Jetpack", 150),
            prose("Steps", 150),
        );
        let text = recovered(
            &page,
            &["#teaser", "#links", "#hidden", "#more", "#jp", "#kept"],
        );
        assert!(
            text.contains("Steps"),
            "the prose block beside them is back: {text}"
        );
        for gone in ["Teaser", "Linked", "Hidden", "Related", "Jetpack"] {
            assert!(!text.contains(gone), "{gone} came back: {text}");
        }
    }

    #[test]
    fn a_block_left_without_prose_once_its_hidden_parts_go_stays_out() {
        let page = format!(
            "<body><div id=\"article\">{}<div id=\"tabs\"><h3>Tab</h3><div aria-hidden=\"true\">{}</div></div><div id=\"open\"><h3>Open</h3>{}</div></div></body>",
            prose("Story", 300),
            prose("Panel", 150),
            prose("Shown", 150),
        );
        let text = recovered(&page, &["#tabs", "#open"]);
        assert!(text.contains("Shown"), "{text}");
        assert!(!text.contains("Tab") && !text.contains("Panel"), "{text}");
    }

    #[test]
    fn nothing_comes_back_when_the_lost_blocks_dwarf_the_article() {
        // Blocks of one `id="lost"` (no furniture in its name): two come back, ten are more
        // than twice the story.
        let page = |blocks: usize| {
            let lost: String = (0..blocks)
                .map(|i| format!("<div>{}</div>", prose(&format!("Block{i}"), 120)))
                .collect();
            format!(
                "<body><div id=\"article\">{}<div id=\"lost\">{lost}</div></div></body>",
                prose("Story", 200)
            )
        };
        let text = recovered(&page(2), &["#lost"]);
        assert!(text.contains("Block1"), "{text}");
        let text = recovered(&page(10), &["#lost"]);
        assert!(text.contains("Story") && !text.contains("Block"), "{text}");
    }
}
