//! Pages streamed by React server rendering (Next.js's App Router and others built on React 18+).
//!
//! Such a page arrives in pieces: where content was not ready, the first piece holds a
//! placeholder (`<template id="B:0">` after a `<!--$?-->` comment, followed by a fallback such
//! as a loading skeleton, up to `<!--/$-->`; or `<template id="P:0">`), and the content comes
//! later in the same response as `<div hidden id="S:0">…</div>` with a small inline script that
//! moves it into place. A browser runs that script; an extractor does not, and because the
//! content is `hidden`, Readability throws the whole article away. Here the move is done as the
//! script would do it, before extraction: each segment's children replace their placeholder
//! (and its fallback), or, without a placeholder, the segment is simply no longer hidden.

use dom_query::{Document, NodeData, NodeRef};

/// Puts every streamed segment of the page (`<div hidden id="S:…">`) where the page's own
/// script would have put it.
pub(crate) fn reveal(document: &Document, segments: &[NodeRef<'_>]) {
    for segment in segments {
        let Some(id) = segment.attr("id") else {
            continue;
        };
        let number = &id[2..];
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let placeholder = document
            .select_single(&format!(
                r#"template[id="B:{number}"], template[id="P:{number}"]"#
            ))
            .nodes()
            .first()
            .copied();
        match placeholder {
            Some(template) if !is_inside(&template, segment) => {
                if template.attr("id").is_some_and(|t| t.starts_with("B:")) {
                    remove_fallback(&template);
                }
                for child in segment.children() {
                    template.insert_before(&child);
                }
                template.remove_from_parent();
                segment.remove_from_parent();
            }
            _ => segment.remove_attr("hidden"),
        }
    }
}

/// Whether `node` sits inside `container`.
fn is_inside(node: &NodeRef<'_>, container: &NodeRef<'_>) -> bool {
    node.ancestors_it(None).any(|a| a.id == container.id)
}

/// Removes what a suspense boundary showed while it waited: the siblings after its template up
/// to the boundary's closing `<!--/$-->` comment (kept when that comment is missing, as the
/// boundary's extent is then unknown).
fn remove_fallback(template: &NodeRef<'_>) {
    let mut fallback = Vec::new();
    let mut next = template.next_sibling();
    while let Some(node) = next {
        if comment_text(&node).is_some_and(|c| c == "/$") {
            fallback.iter().for_each(NodeRef::remove_from_parent);
            return;
        }
        next = node.next_sibling();
        fallback.push(node);
    }
}

fn comment_text(node: &NodeRef<'_>) -> Option<String> {
    node.query(|n| match &n.data {
        NodeData::Comment { contents } => Some(contents.to_string()),
        _ => None,
    })
    .flatten()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn revealed(html: &str) -> String {
        let document = Document::from(html);
        reveal(
            &document,
            &crate::extract::survey::repairs(&document).streamed_segments,
        );
        document.select("body").html().to_string()
    }

    #[test]
    fn a_streamed_boundary_replaces_its_fallback() {
        let out = revealed(
            r#"<main><h1>Title</h1><!--$?--><template id="B:0"></template><div class="skeleton">Loading…</div><!--/$--><footer>f</footer></main>
               <div hidden id="S:0"><article><p>The story.</p></article></div>
               <script>$RC("B:0","S:0")</script>"#,
        );
        assert!(
            out.contains(r#"<h1>Title</h1><!--$?--><article><p>The story.</p></article><!--/$--><footer>f</footer>"#),
            "{out}"
        );
        assert!(!out.contains("Loading") && !out.contains("hidden"), "{out}");
    }

    #[test]
    fn a_streamed_segment_fills_its_placeholder_and_nested_ones_follow() {
        let out = revealed(
            r#"<main><template id="P:0"></template></main>
               <div hidden id="S:0"><p>Part one.</p><template id="P:1"></template></div>
               <div hidden id="S:1"><p>Part two.</p></div>"#,
        );
        assert!(
            out.contains("<main><p>Part one.</p><p>Part two.</p></main>"),
            "{out}"
        );
    }

    #[test]
    fn a_segment_without_placeholder_is_shown_where_it_is_and_other_hidden_blocks_stay() {
        let out = revealed(
            r#"<div hidden id="S:3"><p>Orphan.</p></div><div hidden id="menu"><p>Menu</p></div>
               <!--$?--><template id="B:9"></template><p>Spinner</p>"#,
        );
        assert!(
            out.contains(r#"<div id="S:3"><p>Orphan.</p></div>"#),
            "{out}"
        );
        assert!(out.contains(r#"<div hidden="" id="menu">"#), "{out}");
        assert!(
            out.contains("Spinner"),
            "no closing comment: the fallback stays"
        );
    }
}
