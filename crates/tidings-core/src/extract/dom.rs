//! The page vocabulary the passes share: what counts as words, as hidden, as page furniture
//! rather than article, as prose; how a block is measured; which `data-*` attributes the
//! extractor reads. A pass keeps to itself only what no other pass asks.

use dom_query::{NodeId, NodeRef};

use super::config::widen::MAX_LINKED_SHARE;

// Words

/// The words of `text`, as white space separates them.
pub(super) fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The words of a text node, read where the tree holds them (no copy); 0 for any other node.
pub(super) fn text_node_words(node: &NodeRef<'_>) -> usize {
    node.query_or(0, |node| match &node.data {
        dom_query::NodeData::Text { contents } => words(contents),
        _ => 0,
    })
}

/// The text of `nodes`, one after the other.
pub(super) fn text_of(nodes: &[NodeRef<'_>]) -> String {
    nodes.iter().fold(String::new(), |mut text, node| {
        text.push_str(&node.text());
        text
    })
}

// Hidden

/// Whether the element is hidden in one of the ways Readability skips.
pub(super) fn is_hidden(node: &NodeRef<'_>) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
        || node
            .attr("style")
            .is_some_and(|style| style.split(';').any(hides))
}

/// Whether a CSS declaration hides its element.
pub(super) fn hides(declaration: &str) -> bool {
    let Some((property, value)) = declaration.split_once(':') else {
        return false;
    };
    let property = property.trim();
    let value = value.trim();
    (property.eq_ignore_ascii_case("display") && value.eq_ignore_ascii_case("none"))
        || (property.eq_ignore_ascii_case("visibility") && value.eq_ignore_ascii_case("hidden"))
}

// Furniture

/// Elements that are never article text, skipped when measuring and dropped from a block
/// that joins the article.
pub(super) const NEVER_PROSE: &[&str] = &[
    "nav", "aside", "footer", "header", "form", "script", "style", "noscript", "template",
    "button", "select", "textarea", "menu", "dialog", "iframe", "svg",
];

/// Elements whose text is prose when it is not in a link.
pub(super) const PROSE_ELEMENTS: &[&str] = &["p", "li", "pre", "blockquote", "dd"];

/// Words of a class or id that mark a block as page furniture rather than article.
pub(super) const FURNITURE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "related",
    "sidebar",
    "share",
    "social",
    "newsletter",
    "promo",
    "footer",
    "header",
    "nav",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "recommended",
    "popular",
    "subscribe",
    "signup",
    "author",
    "bio",
    "tags",
];

pub(super) fn is_never_prose(node: &NodeRef<'_>) -> bool {
    node.node_name()
        .is_some_and(|name| NEVER_PROSE.contains(&name.as_ref()))
        || node.attr("role").is_some_and(|role| {
            matches!(
                role.as_ref(),
                "navigation" | "complementary" | "contentinfo" | "banner"
            )
        })
}

/// A block whose class or id names page furniture ([`FURNITURE_WORDS`]), or that is never prose.
pub(super) fn is_furniture(node: &NodeRef<'_>) -> bool {
    is_never_prose(node)
        || ["class", "id"].iter().any(|attr| {
            node.attr(attr).is_some_and(|value| {
                value
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|word| FURNITURE_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)))
            })
        })
}

/// Removes the elements inside `block` that are `doomed`.
pub(super) fn drop_elements_inside(block: &NodeRef<'_>, doomed: impl Fn(&NodeRef<'_>) -> bool) {
    let doomed: Vec<NodeRef<'_>> = block
        .descendants_it()
        .filter(|n| n.is_element() && doomed(n))
        .collect();
    for node in doomed {
        node.remove_from_parent();
    }
}

/// Besides the [`FURNITURE_WORDS`], what a class or id holds on blocks that are
/// page furniture whatever prose they hold. Both are matched in any case and as part of a word,
/// as Readability reads them (`jp-relatedposts`).
pub(super) const FURNITURE_MARKS: &[&str] = &[
    "sponsor",
    "popup",
    "banner",
    "gallery",
    "slideshow",
    "carousel",
    "teaser",
    "disqus",
    "pager",
    "pagination",
];

/// Furniture as [`is_furniture`] knows it, or an element whose class or id holds one of its words or
/// of [`FURNITURE_MARKS`].
pub(super) fn looks_like_furniture(node: &NodeRef<'_>) -> bool {
    is_furniture(node)
        || ["class", "id"].iter().any(|name| {
            node.attr(name).is_some_and(|value| {
                let value = value.to_ascii_lowercase();
                FURNITURE_WORDS
                    .iter()
                    .chain(FURNITURE_MARKS)
                    .any(|mark| value.contains(mark))
            })
        })
}

// Measuring prose

/// What a block holds, in words.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Measure {
    /// Words in paragraphs and list items, outside links.
    pub(super) prose: usize,
    /// Words inside links.
    pub(super) linked: usize,
    /// All words.
    pub(super) total: usize,
}

impl Measure {
    /// At most [`MAX_LINKED_SHARE`] of the words are in links.
    pub(super) fn few_links(&self) -> bool {
        self.linked as f64 <= MAX_LINKED_SHARE * self.total as f64
    }
}

/// The words of `node`; with `strict`, blocks named as furniture are skipped too.
pub(super) fn measure(node: &NodeRef<'_>, strict: bool) -> Measure {
    let mut m = Measure::default();
    let in_prose = node
        .node_name()
        .is_some_and(|name| PROSE_ELEMENTS.contains(&name.as_ref()));
    Walk::new(strict, None).walk(node, in_prose, node.has_name("a"), &mut m);
    m
}

/// The prose of the page under `body` (a strict [`measure`]), or a figure at most twice `inside`
/// when it is known to be that small: the article under `root`, whose prose is at most
/// `inside`, is measured only when the rest of the page holds more than that.
pub(super) fn page_prose(body: &NodeRef<'_>, root: &NodeRef<'_>, inside: usize) -> usize {
    let mut outside = Measure::default();
    let mut walk = Walk::new(true, Some(root.id));
    walk.walk(body, false, false, &mut outside);
    let Some((in_prose, in_link)) = walk.skipped else {
        return outside.prose; // the article sits in what a strict measure leaves out
    };
    if outside.prose <= inside {
        return outside.prose + inside;
    }
    let mut article = Measure::default();
    Walk::new(true, None).walk(root, in_prose, in_link, &mut article);
    outside.prose + article.prose
}

/// A walk counting words down a tree.
struct Walk {
    /// Blocks named as furniture are skipped too.
    strict: bool,
    /// An element not walked into...
    skip: Option<NodeId>,
    /// ... and, once reached, whether its words count as prose and as linked.
    skipped: Option<(bool, bool)>,
}

impl Walk {
    fn new(strict: bool, skip: Option<NodeId>) -> Self {
        Self {
            strict,
            skip,
            skipped: None,
        }
    }

    fn walk(&mut self, node: &NodeRef<'_>, in_prose: bool, in_link: bool, m: &mut Measure) {
        for child in node.children_it(false) {
            if child.is_text() {
                let words = text_node_words(&child);
                m.total += words;
                if in_link {
                    m.linked += words;
                } else if in_prose {
                    m.prose += words;
                }
            } else if child.is_element() {
                if is_never_prose(&child) || (self.strict && is_furniture(&child)) {
                    continue;
                }
                let name = child.node_name().unwrap_or_default();
                let prose = in_prose || PROSE_ELEMENTS.contains(&name.as_ref());
                let link = in_link || name.as_ref() == "a";
                if Some(child.id) == self.skip {
                    self.skipped = Some((prose, link));
                } else {
                    self.walk(&child, prose, link, m);
                }
            }
        }
    }
}

// Attributes read

/// Attributes lazy-loading scripts keep the real address in.
pub(super) const LAZY_SRC: &[&str] = &[
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-hi-res-src",
    "data-lazy",
];

pub(super) const LAZY_SRCSET: &[&str] = &["data-srcset", "data-lazy-srcset"];

/// Attributes that name a code block's language (Hugo, Shiki and others).
pub(super) const LANGUAGE_ATTRIBUTES: &[&str] = &["data-lang", "data-language"];

/// The attribute some highlighters put on a line-number cell.
pub(super) const LINE_NUMBER_ATTRIBUTE: &str = "data-line-number";

/// Whether the extractor reads the `data-*` attribute `name` (in any case): where a lazy
/// picture's address is, a code block's language, a line-number cell. The pass before parsing
/// drops the others (`trim.rs`).
pub(super) fn reads_data_attribute(name: &[u8]) -> bool {
    LAZY_SRC
        .iter()
        .chain(LAZY_SRCSET)
        .chain(LANGUAGE_ATTRIBUTES)
        .chain([&LINE_NUMBER_ATTRIBUTE])
        .any(|read| name.eq_ignore_ascii_case(read.as_bytes()))
}
