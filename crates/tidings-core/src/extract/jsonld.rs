//! The article a page describes in its JSON-LD (schema.org `NewsArticle`, `BlogPosting`,
//! `Article` and kin): at the top level, in an array, or in an `@graph` whose authors and
//! publisher are `@id` references to other nodes. Publishers write this for search engines, so
//! it is often cleaner than the page: its headline, authors, dates, site name and image come
//! first, and its `articleBody` is a cross-check on the extracted text.

use std::collections::HashMap;

use dom_query::NodeRef;
use serde_json::Value;

use super::config::jsonld::*;

/// Types that mean "this node is the article".
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "TechArticle",
    "Report",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Posting",
];

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct ArticleData {
    pub headline: Option<String>,
    /// The node's `name`, when it differs from its `headline` (Wikipedia puts a description
    /// in `headline` and the title in `name`).
    pub name: Option<String>,
    pub authors: Vec<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub image: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    pub body: Option<String>,
}

/// The first article node in the page's JSON-LD blocks (`<script type="application/ld+json">`),
/// if any.
pub(super) fn article_data(scripts: &[NodeRef<'_>]) -> Option<ArticleData> {
    for script in scripts {
        let text = script.text();
        if text.len() > MAX_BLOCK_BYTES {
            continue;
        }
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        let mut nodes = Vec::new();
        collect_nodes(&value, &mut nodes, 0);
        let by_id: HashMap<&str, &Value> = nodes
            .iter()
            .filter_map(|n| Some((n.get("@id")?.as_str()?, *n)))
            .collect();
        if let Some(article) = nodes.iter().find(|n| is_article(n)) {
            return Some(read_article(article, &by_id, &nodes));
        }
    }
    None
}

/// Every object of a JSON-LD value that may be a node: the value itself, array items, `@graph`
/// members (nested graphs to a small depth).
fn collect_nodes<'a>(value: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_nodes(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(value);
            if let Some(graph) = map.get("@graph") {
                collect_nodes(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn types(node: &Value) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_article(node: &Value) -> bool {
    types(node).iter().any(|t| {
        let t = t.rsplit(['/', ':']).next().unwrap_or(t);
        ARTICLE_TYPES.contains(&t)
    })
}

fn read_article(article: &Value, by_id: &HashMap<&str, &Value>, nodes: &[&Value]) -> ArticleData {
    let resolve = |v: &'_ Value| -> Value {
        v.get("@id")
            .and_then(Value::as_str)
            .filter(|_| v.as_object().is_some_and(|m| m.len() == 1))
            .and_then(|id| by_id.get(id).map(|n| (*n).clone()))
            .unwrap_or_else(|| v.clone())
    };
    let text = |key: &str| article.get(key).and_then(plain_text);
    let authors = match article.get("author").or_else(|| article.get("creator")) {
        Some(Value::Array(items)) => items.iter().filter_map(|a| name_of(&resolve(a))).collect(),
        Some(one) => name_of(&resolve(one)).into_iter().collect(),
        None => Vec::new(),
    };
    let mut unique_authors: Vec<String> = Vec::new();
    for author in authors {
        if !unique_authors.contains(&author) {
            unique_authors.push(author);
        }
    }
    // The website's name reads better than the company's ("The Ledger", not "The Ledger
    // Media Group"); the publisher is the fallback.
    let website = article
        .get("isPartOf")
        .map(&resolve)
        .filter(|n| types(n).contains(&"WebSite"))
        .or_else(|| {
            nodes
                .iter()
                .find(|n| types(n).contains(&"WebSite"))
                .map(|n| (*n).clone())
        });
    let site_name = website.as_ref().and_then(name_of).or_else(|| {
        article
            .get("publisher")
            .map(&resolve)
            .as_ref()
            .and_then(name_of)
    });
    ArticleData {
        headline: text("headline").or_else(|| text("name")),
        name: text("name").filter(|name| text("headline").is_some_and(|h| &h != name)),
        authors: unique_authors,
        site_name,
        published: text("datePublished").or_else(|| text("dateCreated")),
        modified: text("dateModified"),
        image: article
            .get("image")
            .map(&resolve)
            .as_ref()
            .and_then(image_url),
        language: text("inLanguage"),
        description: text("description"),
        body: text("articleBody"),
    }
}

/// A string value, with markup-free whitespace collapsed (the first of an array).
fn plain_text(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.as_str(),
        Value::Array(items) => return items.iter().find_map(plain_text),
        _ => return None,
    };
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

/// A person's or organisation's name: a string, or an object's `name`.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(_) => plain_text(value),
        Value::Object(map) => map.get("name").and_then(plain_text),
        _ => None,
    }
}

/// An image's address: a string, an `ImageObject`'s `url`/`contentUrl`, the first of a list.
fn image_url(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(image_url),
        Value::Object(map) => map
            .get("url")
            .or_else(|| map.get("contentUrl"))
            .and_then(image_url),
        _ => None,
    }
}

impl ArticleData {
    /// The article's title: the headline, or its name when the two differ and the name is
    /// closer to the page's `<title>` (as Readability chooses).
    pub(super) fn title(&self, page_title: &str) -> Option<String> {
        match (&self.headline, &self.name) {
            (Some(headline), Some(name))
                if similarity(name, page_title) > similarity(headline, page_title) =>
            {
                Some(name.clone())
            }
            (headline, _) => headline.clone(),
        }
    }
}

/// The share of `reference`'s words found in `candidate`.
fn similarity(candidate: &str, reference: &str) -> f64 {
    body_coverage(reference, candidate)
}

/// How much of `body`'s words the extracted `text` holds, from 0 to 1 (words compared as a
/// multiset, lower-cased, punctuation ignored).
pub(super) fn body_coverage(body: &str, text: &str) -> f64 {
    words_coverage(body, normalized_words(text))
}

/// [`body_coverage`] of `words`, the normalised words of a text.
pub(super) fn words_coverage<W: AsRef<str>>(body: &str, words: impl IntoIterator<Item = W>) -> f64 {
    let mut wanted: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for word in normalized_words(body) {
        *wanted.entry(word).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 1.0;
    }
    let mut found = 0usize;
    for word in words {
        if let Some(count) = wanted.get_mut(word.as_ref()) {
            if *count > 0 {
                *count -= 1;
                found += 1;
            }
        }
    }
    found as f64 / total as f64
}

pub(super) fn normalized_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn data(json: &str) -> Option<ArticleData> {
        let document = dom_query::Document::from(format!(
            r#"<html><head><script type="application/ld+json">{json}</script></head><body></body></html>"#
        ));
        article_data(&crate::extract::survey::readings(&document).json_ld)
    }

    #[test]
    fn a_graph_with_references_is_read() {
        let found = data(
            r##"{"@context":"https://schema.org","@graph":[
                {"@type":"WebSite","@id":"#site","name":"The Ledger"},
                {"@type":"Person","@id":"#p1","name":"Hana  Lindqvist"},
                {"@type":["NewsArticle","Article"],"headline":"Fees inquiry","author":[{"@id":"#p1"},{"@type":"Person","name":"Tomás Ortega"}],
                 "datePublished":"2026-09-02T06:15:00+01:00","image":[{"@type":"ImageObject","url":"https://cdn.example/a.jpg"}],"articleBody":"One two."}]}"##,
        )
        .unwrap();
        assert_eq!(found.headline.as_deref(), Some("Fees inquiry"));
        assert_eq!(found.authors, ["Hana Lindqvist", "Tomás Ortega"]);
        assert_eq!(found.site_name.as_deref(), Some("The Ledger"));
        assert_eq!(found.image.as_deref(), Some("https://cdn.example/a.jpg"));
        assert_eq!(found.body.as_deref(), Some("One two."));
    }

    #[test]
    fn pages_without_an_article_node_or_with_broken_json_give_nothing() {
        assert_eq!(data(r#"{"@type":"Organization","name":"X"}"#), None);
        assert_eq!(data(r#"{"@type":"NewsArticle", "headline": "#), None);
        assert_eq!(data("[1, 2, null]"), None);
        let plain = data(r#"[{"@type":"BlogPosting","author":"Ada"}]"#).unwrap();
        assert_eq!(plain.authors, ["Ada"]);
    }

    #[test]
    fn the_name_wins_over_a_descriptive_headline_when_it_matches_the_page_title() {
        let found = data(r#"{"@type":"Article","name":"List of films featuring time loops","headline":"Wikimedia list article"}"#).unwrap();
        assert_eq!(
            found
                .title("List of films featuring time loops - Wikipedia")
                .as_deref(),
            Some("List of films featuring time loops")
        );
        let found =
            data(r#"{"@type":"Article","name":"Site","headline":"Big news today"}"#).unwrap();
        assert_eq!(
            found.title("Big news today | Site").as_deref(),
            Some("Big news today")
        );
    }

    #[test]
    fn coverage_counts_the_body_words_the_text_holds() {
        assert!(
            (body_coverage("One two three four", "one, TWO! three four five") - 1.0).abs() < 1e-9
        );
        assert!((body_coverage("One two three four", "one two") - 0.5).abs() < 1e-9);
        assert!((body_coverage("", "anything") - 1.0).abs() < 1e-9);
    }
}
