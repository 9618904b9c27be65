//! Layout classes that say "hidden" about what a reader sees. Readability marks down every
//! element whose class contains `hidden`, and its conditional cleaning then drops it; but
//! `overflow-hidden` (`overflow-x-hidden`, `md:overflow-hidden`), the clipping utility of
//! Tailwind, Bootstrap and most page builders, hides only what spills out of a box, and such
//! boxes often hold the article. Those tokens are taken off the page's classes before
//! extraction. (Measured: also taking off `field--label-hidden` and collapsed accordion panels
//! changed nothing on balance.)

use dom_query::NodeRef;

/// Takes the `overflow…hidden` tokens off the classes of the page's elements whose class
/// contains `hidden` ([`super::survey::Repairs::hidden_classed`]).
pub(super) fn unmark(hidden_classed: &[NodeRef<'_>]) {
    for node in hidden_classed {
        let Some(class) = node.attr("class") else {
            continue;
        };
        if !class.split_whitespace().any(clips_overflow) {
            continue;
        }
        let kept: Vec<&str> = class
            .split_whitespace()
            .filter(|token| !clips_overflow(token))
            .collect();
        node.set_attr("class", &kept.join(" "));
    }
}

/// A class token that clips overflow: `hidden` and `overflow` among its parts.
fn clips_overflow(token: &str) -> bool {
    let mut hidden = false;
    let mut overflow = false;
    for part in token
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        hidden |= part.eq_ignore_ascii_case("hidden");
        overflow |= part.eq_ignore_ascii_case("overflow");
    }
    hidden && overflow
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use url::Url;

    #[test]
    fn overflow_classes_are_taken_off_and_others_kept() {
        let document = dom_query::Document::from(
            "<div id=\"a\" class=\"box overflow-hidden md:overflow-x-hidden\"></div>\
             <div id=\"b\" class=\"hidden sm:hidden visually-hidden\"></div>",
        );
        super::unmark(&crate::extract::survey::repairs(&document).hidden_classed);
        assert_eq!(document.select("#a").attr("class").unwrap().as_ref(), "box");
        assert_eq!(
            document.select("#b").attr("class").unwrap().as_ref(),
            "hidden sm:hidden visually-hidden"
        );
    }

    #[test]
    fn an_article_in_an_overflow_hidden_box_is_kept_whole() {
        // The story is split over two boxes; the second clips its overflow. Readability alone
        // marks that one down and keeps only the first part.
        let part = |label: &str| {
            (0..6)
                .map(|i| {
                    format!(
                        "<p>{label} {i}: the story goes on here with plain sentences, the kind of prose a reader came for, at length.</p>"
                    )
                })
                .collect::<String>()
        };
        let html = format!(
            "<html><head><title>A story</title></head><body><nav><a href=\"/\">Home</a></nav><main><article>\
             <div class=\"part\">{}</div><div class=\"part overflow-hidden rounded\">{}</div>\
             </article></main></body></html>",
            part("First"),
            part("Second")
        );
        let url = Url::parse("https://example.com/story").unwrap();
        let article = super::super::extract(&html, &url).unwrap();
        assert!(
            article.text.contains("First 5") && article.text.contains("Second 5"),
            "{}",
            article.text
        );
    }
}
