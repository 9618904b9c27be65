//! The allow-list every piece of stored article HTML passes through (ammonia): a clipped page is
//! hostile input. No scripts, styles, event handlers, frames, forms or `javascript:` URLs survive;
//! relative links become absolute; links get `rel="noopener noreferrer"`; code blocks keep their
//! `language-*` class so exports can fence them with the right language, and formulas their
//! `math` classes so exports write them as TeX.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::UrlRelative;
use dom_query::NodeRef;
use url::Url;

/// Sanitises `html` from a page at `base`, keeping the structure an article needs.
#[must_use]
pub fn sanitize_html(html: &str, base: &Url) -> String {
    let mut builder = allow_list();
    builder
        .url_relative(UrlRelative::RewriteWithBase(base.clone()))
        .attribute_filter(|element, attribute, value| {
            if attribute == "class" {
                let kept: Vec<&str> = value
                    .split_whitespace()
                    .filter(|c| {
                        if element == "span" {
                            MATH_CLASSES.contains(c)
                        } else {
                            is_language_class(c)
                        }
                    })
                    .collect();
                (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    builder.clean(html).to_string()
}

/// The elements, attributes and URL schemes an article keeps.
fn allow_list() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption", "picture", "main", "section"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("pre", ["class"])
        .add_tag_attributes("span", ["class"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        .add_tag_attributes("time", ["datetime"])
        // `cite` holds a URL ammonia does not check; nothing needs it.
        .rm_tag_attributes("blockquote", ["cite"])
        .rm_tag_attributes("q", ["cite"])
        .rm_tag_attributes("del", ["cite"])
        .rm_tag_attributes("ins", ["cite"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"));
    builder
}

/// The attributes [`allow_list`] keeps on an element: those it keeps on every element, and
/// those it keeps on elements of one name.
struct KeptAttributes {
    anywhere: Vec<&'static str>,
    by_element: HashMap<&'static str, Vec<&'static str>>,
}

static KEPT_ATTRIBUTES: LazyLock<KeptAttributes> = LazyLock::new(|| {
    let builder = allow_list();
    let anywhere: Vec<&'static str> = builder.clone_generic_attributes().into_iter().collect();
    let by_element = builder
        .clone_tag_attributes()
        .into_iter()
        .map(|(element, attributes)| {
            let kept = anywhere.iter().copied().chain(attributes).collect();
            (element, kept)
        })
        .collect();
    KeptAttributes {
        anywhere,
        by_element,
    }
});

/// Takes off the article under `root` the attributes [`sanitize_html`] would drop anyway (ids,
/// styles, `data-*`, `aria-*`, event handlers, most classes), read from the allow-list itself,
/// so that there is less to serialise and parse again: a news page's markup is mostly
/// attributes. What the sanitiser returns is the same.
pub(super) fn drop_unkept_attributes(root: &NodeRef<'_>) {
    let kept = &*KEPT_ATTRIBUTES;
    // Collected first: the tree cannot change while it is walked.
    for node in std::iter::once(*root).chain(root.descendants()) {
        let Some(name) = node.node_name().filter(|_| node.is_element()) else {
            continue;
        };
        let attributes = kept.by_element.get(name.as_ref()).unwrap_or(&kept.anywhere);
        node.retain_attrs(attributes);
    }
}

/// The classes that mark a formula's TeX source (see `media.rs`), kept on `<span>` only.
const MATH_CLASSES: [&str; 3] = ["math", "math-inline", "math-display"];

fn is_language_class(class: &str) -> bool {
    ["language-", "lang-"].iter().any(|p| {
        class.strip_prefix(p).is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(c))
        })
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        sanitize_html(
            html,
            &Url::parse("https://example.com/a/page.html").unwrap(),
        )
    }

    #[test]
    fn scripts_handlers_and_dangerous_urls_are_removed() {
        let out = clean(
            r#"<p onclick="x()">hi<script>alert(1)</script><style>p{}</style></p>
               <a href="javascript:alert(1)">j</a><img src="x.png" onerror="alert(1)">
               <iframe src="https://evil.example"></iframe><form action="/x"><input></form>"#,
        );
        for bad in [
            "script",
            "onclick",
            "onerror",
            "javascript:",
            "iframe",
            "<form",
            "<input",
            "<style",
            "alert",
        ] {
            assert!(!out.contains(bad), "{bad} survived in {out}");
        }
        assert!(
            out.contains(r#"<img src="https://example.com/a/x.png">"#),
            "{out}"
        );
    }

    #[test]
    fn links_are_absolute_and_noopener() {
        let out = clean(r#"<a href="../b">b</a>"#);
        assert_eq!(
            out,
            r#"<a href="https://example.com/b" rel="noopener noreferrer">b</a>"#
        );
    }

    #[test]
    fn code_keeps_only_its_language_class() {
        let out = clean(
            r#"<pre class="highlight"><code class="language-rust hljs x">fn main() {}</code></pre>"#,
        );
        assert_eq!(
            out,
            r#"<pre><code class="language-rust">fn main() {}</code></pre>"#
        );
        assert!(!clean(r#"<p class="language-rust">x</p>"#).contains("class"));
    }

    #[test]
    fn spans_keep_only_the_math_classes() {
        assert_eq!(
            clean(r#"<span class="math math-inline evil" style="x">a^2</span>"#),
            r#"<span class="math math-inline">a^2</span>"#
        );
        assert_eq!(
            clean(r#"<span class="language-rust">x</span>"#),
            "<span>x</span>"
        );
    }

    #[test]
    fn attributes_taken_off_first_are_those_the_sanitiser_drops() {
        let html = r#"<div id="a" class="post" style="color:red" data-x="1" aria-label="l" onclick="x()">
            <p class="lead" title="t" lang="en" dir="ltr">Text <a href="/b" hreflang="en" class="link" rel="me" target="_blank">link</a></p>
            <pre class="highlight" data-lang="rust"><code class="language-rust hljs">fn main() {}</code></pre>
            <span class="math math-inline" id="m">x^2</span><time datetime="2026-01-01" class="d">then</time>
            <img src="i.png" alt="a" width="10" height="20" loading="lazy" class="wp-image" style="x">
            <table summary="s"><tr><th scope="col" headers="h" class="c">A</th><td colspan="2" rowspan="1" align="left">1</td></tr></table>
            <ol start="3" reversed><li value="4">x</li></ol><blockquote cite="https://x.example">q</blockquote></div>"#;
        let document = dom_query::Document::from(html);
        let root = document.select("div").nodes()[0];
        let before = root.html().to_string();
        super::drop_unkept_attributes(&root);
        let after = root.html().to_string();
        assert!(
            after.len() < before.len() && !after.contains("data-x"),
            "{after}"
        );
        assert_eq!(clean(&after), clean(&before));
    }

    #[test]
    fn tables_and_figures_survive() {
        let html = r#"<figure><img src="https://example.com/i.png" alt="chart"><figcaption>Chart</figcaption></figure><table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>"#;
        assert_eq!(clean(html), html);
    }
}
