//! The elements that the repairs before extraction and the readings of the page's metadata work
//! on, found in one walk over the parsed page each. A selector query visits every element of
//! the page, a few thousand on a news page, and they were nine queries.

use dom_query::{local_name, Document, Element, LocalName, NodeData, NodeRef};

/// What the repairs before extraction work on (see `parse_page`), in page order.
#[derive(Default)]
pub(super) struct Repairs<'a> {
    /// Elements whose class contains `hidden` (`overflow.rs`).
    pub hidden_classed: Vec<NodeRef<'a>>,
    /// `<div hidden id="S:…">`, the segments of a streamed page (`streamed.rs`).
    pub streamed_segments: Vec<NodeRef<'a>>,
    /// `<h2>`–`<h6>` (`headings.rs`).
    pub subheadings: Vec<NodeRef<'a>>,
    /// `<picture>` (`media.rs`).
    pub pictures: Vec<NodeRef<'a>>,
}

/// What the readings of the page's metadata work on, in page order.
#[derive(Default)]
pub(super) struct Readings<'a> {
    /// `<meta>` with a `content`, `<time>` with an `itemprop`: where dates are stated.
    pub dated: Vec<NodeRef<'a>>,
    /// `<script type="application/ld+json">`.
    pub json_ld: Vec<NodeRef<'a>>,
    /// `<h1>`.
    pub top_headings: Vec<NodeRef<'a>>,
    /// `<p>`.
    pub paragraphs: Vec<NodeRef<'a>>,
}

/// Finds what the repairs work on.
pub(super) fn repairs(document: &Document) -> Repairs<'_> {
    let mut found = Repairs::default();
    walk(document, |node, element| {
        let name = &element.name.local;
        if *name == local_name!("picture") {
            found.pictures.push(node);
        } else if matches!(
            *name,
            local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
        ) {
            found.subheadings.push(node);
        } else if *name == local_name!("div")
            && has(element, &local_name!("hidden"))
            && value(element, &local_name!("id")).is_some_and(|id| id.starts_with("S:"))
        {
            found.streamed_segments.push(node);
        }
        if value(element, &local_name!("class")).is_some_and(|class| class.contains("hidden")) {
            found.hidden_classed.push(node);
        }
    });
    found
}

/// Finds what the readings of the metadata work on.
pub(super) fn readings(document: &Document) -> Readings<'_> {
    let mut found = Readings::default();
    walk(document, |node, element| {
        let name = &element.name.local;
        if *name == local_name!("p") {
            found.paragraphs.push(node);
        } else if *name == local_name!("h1") {
            found.top_headings.push(node);
        } else if (*name == local_name!("meta") && has(element, &local_name!("content")))
            || (*name == local_name!("time") && has(element, &local_name!("itemprop")))
        {
            found.dated.push(node);
        } else if *name == local_name!("script")
            && value(element, &local_name!("type"))
                .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
        {
            found.json_ld.push(node);
        }
    });
    found
}

/// Calls `visit` with every element of the page, in page order.
fn walk<'a>(document: &'a Document, mut visit: impl FnMut(NodeRef<'a>, &Element)) {
    let tree = &document.tree;
    for id in tree.descendant_ids_of_it(&document.root().id) {
        tree.query_node(&id, |node| {
            if let NodeData::Element(element) = &node.data {
                visit(NodeRef::new(id, tree), element);
            }
        });
    }
}

/// Whether `element` has the attribute `name`.
fn has(element: &Element, name: &LocalName) -> bool {
    value(element, name).is_some()
}

/// The value of `element`'s attribute `name`.
fn value<'e>(element: &'e Element, name: &LocalName) -> Option<&'e str> {
    element
        .attrs
        .iter()
        .find(|a| a.name.local == *name && a.name.ns.is_empty())
        .map(|a| &*a.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of `nodes`, in order.
    fn ids(nodes: &[NodeRef<'_>]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| n.attr("id").map_or_else(String::new, |id| id.to_string()))
            .collect()
    }

    /// The ids of what `selector` finds, in page order: what each list stands for.
    fn selected(document: &Document, selector: &str) -> Vec<String> {
        ids(document.select(selector).nodes())
    }

    #[test]
    fn each_list_holds_what_its_selector_finds_in_page_order() {
        let document = Document::from(
            r#"<html><head><meta id="m1" property="og:title" content="T"><meta id="m2" charset="utf-8">
            <script id="j1" type="application/LD+JSON">{}</script><script id="s1">x()</script>
            <title>T</title></head><body>
            <h1 id="h1a">Title</h1><div id="d1" class="box overflow-hidden"><p id="p1">One</p>
            <h2 id="h2a" class="header">A</h2><picture id="pic1"><img id="i1"></picture></div>
            <div id="S:1" hidden><p id="p2">Streamed</p><h3 id="h3a">B</h3></div>
            <div id="x:1" hidden class="Hidden"></div><span id="sp" class="is-hidden">s</span>
            <time id="t1" itemprop="dateModified">2026-01-01</time><time id="t2">no</time>
            <h6 id="h6a">C</h6><h1 id="h1b">Again</h1>
            <script id="j2" type="application/ld+json">{}</script></body></html>"#,
        );
        let repairs = repairs(&document);
        assert_eq!(
            ids(&repairs.hidden_classed),
            selected(&document, r#"[class*="hidden"]"#)
        );
        assert_eq!(ids(&repairs.hidden_classed), ["d1", "sp"]);
        assert_eq!(
            ids(&repairs.streamed_segments),
            selected(&document, r#"div[hidden][id^="S:"]"#)
        );
        assert_eq!(
            ids(&repairs.subheadings),
            selected(&document, "h2, h3, h4, h5, h6")
        );
        assert_eq!(ids(&repairs.subheadings), ["h2a", "h3a", "h6a"]);
        assert_eq!(ids(&repairs.pictures), ["pic1"]);

        let readings = readings(&document);
        assert_eq!(
            ids(&readings.dated),
            selected(&document, "meta[content], time[itemprop]")
        );
        assert_eq!(ids(&readings.dated), ["m1", "t1"]);
        assert_eq!(
            ids(&readings.json_ld),
            selected(&document, r#"script[type="application/ld+json" i]"#)
        );
        assert_eq!(ids(&readings.json_ld), ["j1", "j2"]);
        assert_eq!(ids(&readings.top_headings), ["h1a", "h1b"]);
        assert_eq!(ids(&readings.paragraphs), ["p1", "p2"]);
    }
}
