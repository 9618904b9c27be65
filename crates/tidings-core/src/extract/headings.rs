//! Headings whose class says "header". Readability drops every element whose class or id
//! contains `header`, meant for the page's header bar; but on a heading inside the text the
//! word only styles it: `header-anchor-post` on every section heading of a Substack post,
//! `section-header` and `code-header` on rustdoc's sections and method signatures,
//! `subheaders` in a book. The word is changed to `heading` on `h2`–`h6` before extraction,
//! so the article keeps its headings. (`h1` is left as it is: a site's logo is often one.)

use dom_query::NodeRef;

/// Changes `header` to `heading` in the class and id of the page's `h2`–`h6` headings.
pub(super) fn unmark(subheadings: &[NodeRef<'_>]) {
    for node in subheadings {
        for attribute in ["class", "id"] {
            let Some(value) = node.attr(attribute) else {
                continue;
            };
            let renamed = renamed(&value);
            if renamed != value.as_ref() {
                node.set_attr(attribute, &renamed);
            }
        }
    }
}

/// `value` with each `header`, in any case, as `heading`.
fn renamed(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    let mut out = String::with_capacity(value.len() + 8);
    let mut rest = 0;
    for (start, _) in lower.match_indices("header") {
        out.push_str(&value[rest..start]);
        out.push_str("heading");
        rest = start + "header".len();
    }
    out.push_str(&value[rest..]);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use url::Url;

    #[test]
    fn header_is_renamed_in_any_case_and_the_rest_kept() {
        assert_eq!(super::renamed("header-anchor-post"), "heading-anchor-post");
        assert_eq!(super::renamed("Code-Header big"), "Code-heading big");
        assert_eq!(super::renamed("subheaders x"), "subheadings x");
        assert_eq!(super::renamed("title"), "title");
    }

    #[test]
    fn only_h2_to_h6_are_renamed() {
        let document = dom_query::Document::from(
            "<h1 class=\"site-header\">Site</h1><h2 class=\"section-header\">Variants</h2>\
             <div class=\"header\">Menu</div><h3 id=\"header-3\">Methods</h3>",
        );
        super::unmark(&crate::extract::survey::repairs(&document).subheadings);
        for (element, attribute, value) in [
            ("h1", "class", "site-header"),
            ("h2", "class", "section-heading"),
            ("div", "class", "header"),
            ("h3", "id", "heading-3"),
        ] {
            assert_eq!(
                document.select(element).attr(attribute).unwrap().as_ref(),
                value,
                "{element}"
            );
        }
    }

    #[test]
    fn a_post_keeps_section_headings_classed_header() {
        let part = |n: usize| {
            format!(
                "<h2 class=\"header-anchor-post\">Part {n} of the essay</h2>{}",
                "<p>The essay goes on with plain sentences, the kind of prose a reader came for, at some length.</p>".repeat(4)
            )
        };
        let html = format!(
            "<html><head><title>An essay</title></head><body><div class=\"site-header\"><a href=\"/\">Home</a></div>\
             <article><div class=\"body markup\">{}{}{}</div></article></body></html>",
            part(1),
            part(2),
            part(3)
        );
        let url = Url::parse("https://example.substack.com/p/essay").unwrap();
        let article = super::super::extract(&html, &url).unwrap();
        for n in 1..=3 {
            assert!(
                article.text.contains(&format!("Part {n} of the essay")),
                "{}",
                article.text
            );
        }
    }
}
