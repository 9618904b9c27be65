//! The pass before parsing ([`super::Pass::TrimMarkup`]): the page's markup bounded in depth
//! and trimmed of what nothing reads once it is parsed (see [`crate::markup`]), with the
//! attributes the extractor reads kept.

use std::borrow::Cow;

use crate::markup::{trim_for_extraction, MAX_DEPTH};

use super::dom::reads_data_attribute;

/// `html` bounded to [`MAX_DEPTH`] and trimmed for extraction.
pub(super) fn markup(html: &str) -> Cow<'_, str> {
    trim_for_extraction(html, MAX_DEPTH, is_unread_attribute)
}

/// Whether nothing reads the attribute `name` (as written) of an opening tag of `element`
/// (lower-cased) once the page is parsed: event handlers (`on…`), which the sanitiser drops,
/// and `data-…` attributes, a tenth of a news page's attributes, which only a script reads.
/// Kept are those the extractor reads ([`reads_data_attribute`]: a lazy
/// picture's source, a code block's language), and every attribute of the elements whose
/// attributes are searched for a picture's source (`img`, `picture`, `figure`) or that hold one
/// (`source`, players, frames).
fn is_unread_attribute(element: &str, name: &[u8]) -> bool {
    const SEARCHED: &[&str] = &[
        "img", "picture", "figure", "source", "video", "audio", "iframe", "embed", "object",
    ];
    let starts = |prefix: &[u8]| {
        name.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if SEARCHED.contains(&element) {
        return false;
    }
    (starts(b"on") && name.len() > 2) || (starts(b"data-") && !reads_data_attribute(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::limit_nesting;

    #[test]
    fn event_handlers_and_unread_data_attributes_go() {
        let page =
            "<div class=a onclick=\"go('>')\" data-track='x' id=b><p ONLOAD=x DATA-Y=1>t</p>\
                    <br data-x=\"1\"/><span data-z=a/b>u</span><span DATA-LAZY-SRC=s.jpg data-x=1>v</span><a href=/l data-id=7>l</a>\
                    <img src=i.png data-caption=\"c\" onload=x><figure data-x=1></figure>\
                    <pre data-lang=rust data-x=1><code data-language=rust>c</code></pre>\
                    <table><tr><td data-line-number=1 data-x=2>1</td></tr></table>\
                    <details open data-x=1><summary>s</summary></details><b one=1 on=2>w</b></div>";
        assert_eq!(
            markup(page),
            "<div class=a id=b><p >t</p><br /><span >u</span><span DATA-LAZY-SRC=s.jpg >v</span><a href=/l >l</a>\
             <img src=i.png data-caption=\"c\" onload=x><figure data-x=1></figure>\
             <pre data-lang=rust ><code data-language=rust>c</code></pre>\
             <table><tr><td data-line-number=1 >1</td></tr></table>\
             <details open ><summary>s</summary></details><b on=2>w</b></div>"
        );
        // Bookmark files and other callers of the plain limit keep every attribute.
        assert!(matches!(limit_nesting(page, MAX_DEPTH), Cow::Borrowed(_)));
    }
}
