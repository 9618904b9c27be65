//! HTML and XML link files: Netscape bookmark files (folders become collections, `TAGS` tags),
//! Pocket's HTML export (sections "Unread" and "Read Archive"), and OPML outlines.

use dom_query::{Document, NodeRef};

use super::{split_tags, unix_time, ImportItem};
use crate::markup::{limit_nesting, MAX_DEPTH};
use crate::model::ArticleStatus;

/// Folder names browsers use for their own roots; they are not collections.
const ROOT_FOLDERS: &[&str] = &[
    "bookmarks bar",
    "bookmarks toolbar",
    "other bookmarks",
    "bookmarks menu",
    "favorites bar",
    "mobile bookmarks",
];

/// Every `<a href>` of a bookmark file, with the folder (`<h3>`) it sits in. For a Pocket export,
/// the `<h1>` section sets the status instead.
pub(super) fn netscape(html: &str, pocket: bool) -> Vec<ImportItem> {
    // Folders nested thousands deep would take the parser minutes: deeper levels are flattened.
    let document = Document::from(&*limit_nesting(html, MAX_DEPTH));
    let sections = if pocket {
        section_headings(&document)
    } else {
        Vec::new()
    };
    let mut items = Vec::new();
    for (i, link) in document.select("a[href]").nodes().iter().enumerate() {
        let attr = |name: &str| {
            link.attr(name)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let title = link.text().trim().to_owned();
        let mut item = ImportItem {
            record: format!("link {}", i + 1),
            url: attr("href"),
            title: Some(title).filter(|t| !t.is_empty()),
            tags: split_tags(&attr("tags")),
            saved_at: unix_time(&attr("add_date")).or_else(|| unix_time(&attr("time_added"))),
            ..ImportItem::default()
        };
        if pocket {
            item.status = Some(match sections.get(i).and_then(Option::as_deref) {
                Some(h) if h.to_ascii_lowercase().contains("archive") => ArticleStatus::Archived,
                _ => ArticleStatus::Unread,
            });
        } else {
            item.collection = folder_of(link)
                .filter(|f| !ROOT_FOLDERS.contains(&f.to_ascii_lowercase().as_str()));
        }
        items.push(item);
    }
    items
}

/// The name of the innermost folder holding a bookmark: the `<h3>` that precedes the `<dl>`
/// the bookmark is in.
fn folder_of(link: &NodeRef<'_>) -> Option<String> {
    let mut node = link.parent();
    while let Some(current) = node {
        if current.node_name().as_deref() == Some("dl") {
            let mut sibling = current.prev_element_sibling();
            while let Some(s) = sibling {
                if let Some(h3) = std::iter::once(s)
                    .chain(s.descendants())
                    .find(|n| n.node_name().as_deref() == Some("h3"))
                {
                    let name = h3.text().trim().to_owned();
                    return (!name.is_empty()).then_some(name);
                }
                sibling = s.prev_element_sibling();
                if sibling.is_some_and(|n| n.node_name().as_deref() == Some("dl")) {
                    break;
                }
            }
        }
        node = current.parent();
    }
    None
}

/// For each `<a href>` in document order, the text of the last `<h1>` before it (Pocket's
/// section). One pass over the page: a per-link walk back through the siblings took time
/// quadratic in the number of links (100 000 links: minutes).
fn section_headings(document: &Document) -> Vec<Option<String>> {
    let mut current: Option<String> = None;
    let mut sections = Vec::new();
    for node in document.select("h1, a[href]").nodes() {
        if node.node_name().as_deref() == Some("h1") {
            current = Some(node.text().trim().to_owned());
        } else {
            sections.push(current.clone());
        }
    }
    sections
}

/// Every outline with a link (`url`, `htmlUrl` or `xmlUrl`) of an OPML file.
pub(super) fn opml(xml: &str) -> Vec<ImportItem> {
    let document = Document::from(&*limit_nesting(xml, MAX_DEPTH));
    document
        .select("outline")
        .nodes()
        .iter()
        .filter_map(|outline| {
            let attr = |name: &str| {
                outline
                    .attr(name)
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
            };
            let url = attr("url")
                .or_else(|| attr("htmlurl"))
                .or_else(|| attr("xmlurl"))?;
            Some((url, attr("title").or_else(|| attr("text"))))
        })
        .enumerate()
        .map(|(i, (url, title))| ImportItem {
            record: format!("outline {}", i + 1),
            url,
            title,
            ..ImportItem::default()
        })
        .collect()
}
