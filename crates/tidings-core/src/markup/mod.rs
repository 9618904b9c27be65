//! Bounding how deeply hostile markup nests before it is parsed (a clipped page, a bookmark
//! file). The HTML parser and the extractor take time that grows with the square of the nesting
//! depth (100 000 nested `<div>`s ran for an hour, 20 000 nested bookmark folders for minutes),
//! so, as browsers do (Chromium stops nesting at 512 levels), tags deeper than [`MAX_DEPTH`] are
//! dropped and their text is kept in the element at that depth. Likewise a tag keeps at most
//! [`MAX_ATTRIBUTES`] attributes.
//!
//! The depth is estimated from the tags alone: void elements, elements whose end tag may be left
//! out (`<p>`, `<li>`, table cells…), elements that never nest (`<a>`), self-closed tags,
//! comments and raw text (`<script>`, `<style>`, …) are not counted, so ordinary pages, however
//! sloppy, pass through unchanged, and deep links and images survive.
//!
//! The extractor's pass ([`trim_for_extraction`]) also leaves out the text of scripts and style
//! sheets, the indentation between tags, and the attributes nothing reads after parsing (which
//! ones, the extractor says), in the same walk over the tags.
//!
//! `tags.rs` is the tokenizer; this module knows HTML, not articles.

mod tags;

use std::borrow::Cow;

use tags::{depth_after, Kind, Tags};

/// Deepest nesting kept; deeper tags are dropped (their text stays).
pub const MAX_DEPTH: usize = 512;

/// Attributes kept on one tag; the parser checks each new one against all before it (time
/// quadratic in their number: 100 000 on one tag ran for minutes).
pub const MAX_ATTRIBUTES: usize = 100;

/// `html` unchanged when its tags nest at most `max_depth` deep and none has more than
/// [`MAX_ATTRIBUTES`] attributes; else a copy without the tags deeper than that (their text
/// kept) and without the attributes past the limit.
#[must_use]
pub fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    rewrite(html, max_depth, None)
}

/// [`limit_nesting`], and without the text of the page's scripts and style sheets: nothing
/// reads it after parsing (Readability drops both), yet it is about half of a news page's bytes,
/// which the parser would copy into the tree. JSON-LD, which holds the article's metadata, stays.
///
/// The indentation of pretty-printed markup goes too, a quarter of a page's bytes once its
/// scripts are gone and a white-space node in the tree for nearly every tag: a browser shows
/// any run of white space as one space, so of the white space between tags only the first run
/// after some text (or after a picture, a player, a form field) stays, shortened to one line
/// break when it holds one; text never loses a space of its own, and two texts never touch
/// that were apart. White space is kept as written in `<pre>`, `<listing>` and `<code>`, from
/// the first tag whose style asks for white space to be kept (`white-space: pre…` or
/// `break-spaces`) to the end of the page, and in an element whose attributes name an author or
/// a byline: Readability takes such an element
/// as the byline only when its text, white space included, is under 100 characters, which
/// indentation keeps a box of links and dates from being.
///
/// The attributes `unread_attribute` names go as well: the extractor's event handlers and
/// `data-*` attributes are a tenth of a news page's attributes, and each one costs the parser,
/// the extractor and the sanitiser.
#[must_use]
pub fn trim_for_extraction(
    html: &str,
    max_depth: usize,
    unread_attribute: UnreadAttribute,
) -> Cow<'_, str> {
    rewrite(html, max_depth, Some(unread_attribute))
}

/// Whether nothing reads the attribute `name` (as written) of an opening tag of `element`
/// (lower-cased, not a raw-text element) once the page is parsed.
pub type UnreadAttribute = fn(element: &str, name: &[u8]) -> bool;

/// Both of the above in one pass over the tags (trimming for extraction when
/// `unread_attribute` is given); the copy is made only once something changes.
fn rewrite(
    html: &str,
    max_depth: usize,
    unread_attribute: Option<UnreadAttribute>,
) -> Cow<'_, str> {
    let for_extraction = unread_attribute.is_some();
    let mut out = String::new();
    let mut copied = 0;
    let mut depth = 0usize;
    // Where the tag before ended; how many elements that keep white space are open; whether
    // indentation may still be shortened.
    let (mut previous_end, mut keeping_space, mut shorten) = (0, 0usize, for_extraction);
    // The element that may be a byline, while it is open: its name, and how many elements of
    // that name are open since it began.
    let mut byline: Option<(&str, usize)> = None;
    // Whether white space has come since the last text or shown element.
    let mut separated = true;
    let mut tags = Tags::new(html, unread_attribute);
    while let Some(tag) = tags.next() {
        let between = &html[previous_end..tag.start];
        let blank = between.bytes().all(|b| b.is_ascii_whitespace());
        if !between.is_empty() && blank && shorten && keeping_space == 0 && byline.is_none() {
            let kept = shortened(between, separated);
            if kept.len() < between.len() {
                append(&mut out, html.len(), &html[copied..previous_end]);
                out.push_str(kept);
                copied = tag.start;
            }
        }
        if !between.is_empty() {
            separated = blank || between.ends_with(|c: char| c.is_ascii_whitespace());
        }
        let name = &html[tag.name.clone()];
        if tag.kind != Kind::End && shows_content(name) {
            separated = false;
        }
        previous_end = tag.end;
        if tag.preformatted {
            keeping_space = match tag.kind {
                Kind::Start => keeping_space + 1,
                _ => keeping_space.saturating_sub(1),
            };
        }
        shorten &= !tag.styled_to_keep_space;
        byline = match (byline, tag.kind) {
            (Some((open, count)), Kind::Start) if open.eq_ignore_ascii_case(name) => {
                Some((open, count + 1))
            }
            (Some((open, 1)), Kind::End) if open.eq_ignore_ascii_case(name) => None,
            (Some((open, count)), Kind::End) if open.eq_ignore_ascii_case(name) => {
                Some((open, count - 1))
            }
            (None, Kind::Start) if tag.may_be_byline => Some((name, 1)),
            (state, _) => state,
        };
        let deeper = depth_after(depth, &tag);
        // Only nesting tags go: a `<p>` or `<br>` down there keeps the text's shape.
        let beyond = tag.counted
            && match tag.kind {
                Kind::Start => deeper > max_depth,
                Kind::End => depth > max_depth,
                Kind::Other => false,
            };
        depth = deeper;
        let script_text = tag.script_text.clone().filter(|_| for_extraction);
        if beyond {
            append(&mut out, html.len(), &html[copied..tag.start]);
            escape_stray_open(&mut out);
            copied = tag.end;
            continue;
        }
        for unread in tags
            .unread
            .iter()
            .take_while(|r| tag.cut.is_none_or(|cut| r.end <= cut))
        {
            append(&mut out, html.len(), &html[copied..unread.start]);
            copied = unread.end;
        }
        if let Some(cut) = tag.cut {
            append(&mut out, html.len(), html[copied..cut].trim_end());
            out.push_str(if tag.self_closed { "/>" } else { ">" });
            copied = tag.head_end;
        }
        if let Some(text) = script_text {
            append(&mut out, html.len(), &html[copied..text.start]);
            copied = text.end;
        }
    }
    if out.capacity() == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Appends `text` to the copy of a page of `page_len` bytes, with room for the whole page made
/// the first time: the copy is begun only once something changes.
fn append(out: &mut String, page_len: usize, text: &str) {
    if out.capacity() == 0 {
        out.reserve(page_len);
    }
    out.push_str(text);
}

/// Elements shown as content of their own, like text: the white space after one separates it
/// from what follows (a player becomes a `▶` link).
fn shows_content(name: &str) -> bool {
    const SHOWN: &[&str] = &[
        "img", "picture", "video", "audio", "iframe", "embed", "object", "svg", "math", "canvas",
        "input", "select", "button", "noscript",
    ];
    SHOWN.iter().any(|shown| name.eq_ignore_ascii_case(shown))
}

/// What stays of `blank`, white space between two tags: nothing when white space has come
/// since the last text (`separated`), else one line break for a run that holds one.
fn shortened(blank: &str, separated: bool) -> &str {
    if separated {
        ""
    } else if blank.contains('\n') {
        "\n"
    } else {
        blank
    }
}

/// A stray `<` (or `</`, `<!`, `<?`) just before a dropped tag would join what follows it into
/// a new tag: write it as `&lt;`, which reads the same.
fn escape_stray_open(out: &mut String) {
    if let Some(at) = out.rfind('<') {
        if matches!(&out[at + 1..], "" | "/" | "!" | "?") {
            out.replace_range(at..=at, "&lt;");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The extractor's trimming, with every event handler and `data-*` attribute unread.
    fn limit_nesting_without_scripts(html: &str, max_depth: usize) -> Cow<'_, str> {
        trim_for_extraction(html, max_depth, |_, name| {
            let lower = name.to_ascii_lowercase();
            (lower.starts_with(b"on") && lower.len() > 2) || lower.starts_with(b"data-")
        })
    }

    fn nested(depth: usize, tag: &str) -> String {
        format!(
            "<html><body>{}<p>Deep text</p>{}</body></html>",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        )
    }

    #[test]
    fn ordinary_pages_pass_unchanged() {
        let page = "<!doctype html><html><head><title>a<b</title><script>if (a<b) x('</div>')</script></head>\
                    <body><div class=\"a>b\" data-x='<div>'><p>one<p>two<ul><li>x<li>y</ul><br><img src=x /></div>\
                    <!-- <div><div> --></body></html>";
        assert!(matches!(limit_nesting(page, 3), Cow::Borrowed(_)));
        let deep_enough = nested(MAX_DEPTH, "div");
        assert!(matches!(
            limit_nesting(&deep_enough, MAX_DEPTH),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tags_beyond_the_limit_are_dropped_and_their_text_kept() {
        let page = nested(10, "div");
        let limited = limit_nesting(&page, 4);
        assert_eq!(
            limited,
            format!(
                "<html><body>{}<p>Deep text</p>{}</body></html>",
                "<div>".repeat(4),
                "</div>".repeat(4)
            )
        );
    }

    #[test]
    fn attributes_past_the_limit_are_dropped() {
        let many: String = (0..150).map(|i| format!(" a{i}=\"v {i}\"")).collect();
        let page =
            format!("<p id=x{many}>text</p><img{many}/><script{many}>if (a<b) {{}}</script>");
        let limited = limit_nesting(&page, MAX_DEPTH);
        assert!(limited.contains(" a98=\"v 98\">text</p>"), "{limited}");
        assert!(limited.contains(" a99=\"v 99\"/><script"), "{limited}");
        assert!(
            limited.contains(" a99=\"v 99\">if (a<b) {}</script>"),
            "{limited}"
        );
        assert!(!limited.contains("a100"), "{limited}");
        let few = "<p a=1 b = '2' c=\"x>y\" d/e f>t</p>";
        let slashes = format!("<a href=http://x.example/{}z>t</a>", "a/".repeat(200));
        assert!(matches!(
            limit_nesting(&slashes, MAX_DEPTH),
            Cow::Borrowed(_)
        ));
        assert!(matches!(limit_nesting(few, MAX_DEPTH), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_links_stay_links() {
        let page = format!(
            "{}<dt><a href=\"https://x.example/a\">A</a>{}",
            "<dl><dt><h3>F</h3>".repeat(50),
            "</dl>".repeat(50)
        );
        let limited = limit_nesting(&page, 4);
        assert!(
            limited.contains("<a href=\"https://x.example/a\">A</a>"),
            "{limited}"
        );
        assert_eq!(limited.matches("<dl>").count(), 4);
    }

    #[test]
    fn unclosed_and_unbalanced_tags_end_within_the_limit() {
        let page = format!("<body>{}text", "<span class='x'>".repeat(1000));
        let limited = limit_nesting(&page, 8);
        assert_eq!(limited.matches("<span").count(), 8);
        assert!(limited.ends_with("text"));
        let stray = format!("{}<div>a</div>", "</div>".repeat(100));
        assert!(matches!(limit_nesting(&stray, 2), Cow::Borrowed(_)));
    }

    /// The deepest nesting of `html`, as the limiter counts it.
    fn depth_of(html: &str) -> usize {
        let mut depth = 0;
        Tags::new(html, None)
            .map(|tag| {
                depth = depth_after(depth, &tag);
                depth
            })
            .max()
            .unwrap_or(0)
    }

    /// The names of the tags of `html`, in order.
    fn names_of(html: &str) -> Vec<&str> {
        Tags::new(html, None).map(|tag| &html[tag.name]).collect()
    }

    /// `html` without its tags: what a reader sees.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut copied = 0;
        for tag in Tags::new(html, None) {
            out.push_str(&html[copied..tag.start]);
            copied = tag.end;
        }
        out + &html[copied..]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        #[test]
        fn the_limit_holds_and_only_tags_go(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<div>", "</div>", "<b class='x>y'>", "</b>", "<p>", "<br>", "<img src=x/>",
                    "text ", "é ", "<!-- <div> -->", "<script>'<div>'</script>", "</span>", "<",
                    "<div data-x='a>b' onclick=y>", "<span id=s data-y=1/>", "<a href=/x ONCLICK>",
                ]),
                0..200,
            ),
            limit in 0usize..20,
        ) {
            let html: String = parts.concat();
            let limited = limit_nesting(&html, limit);
            proptest::prop_assert!(depth_of(&limited) <= limit);
            proptest::prop_assert_eq!(text_of(&limited).replace("&lt;", "<"), text_of(&html));
            if depth_of(&html) <= limit {
                proptest::prop_assert!(matches!(limited, Cow::Borrowed(_)));
            }
            // Without the scripts' text and unread attributes: the same tags and the same text
            // around them.
            let quiet = limit_nesting_without_scripts(&html, limit);
            proptest::prop_assert_eq!(names_of(&quiet), names_of(&limited));
            proptest::prop_assert_eq!(text_of(&quiet), text_of(&limited));
            proptest::prop_assert!(quiet.len() <= limited.len());
        }
    }

    #[test]
    fn the_text_of_scripts_and_styles_goes_but_json_ld_stays() {
        let page = "<html><head><title>a<b</title><script>var s = '</div><div>';</script>\
                    <SCRIPT TYPE=\"application/LD+json\">{\"headline\": \"A <b>\"}</SCRIPT>\
                    <style>p { color: red }</style><noscript><img src=x.png></noscript></head>\
                    <body><p>Text</p><script src=\"a.js\"></script><script>x()</script></body></html>";
        let quiet = limit_nesting_without_scripts(page, MAX_DEPTH);
        assert_eq!(
            quiet,
            "<html><head><title>a<b</title><script></script>\
             <SCRIPT TYPE=\"application/LD+json\">{\"headline\": \"A <b>\"}</SCRIPT>\
             <style></style><noscript><img src=x.png></noscript></head>\
             <body><p>Text</p><script src=\"a.js\"></script><script></script></body></html>"
        );
        // Bookmark files and other callers of the plain limit keep every byte.
        assert!(matches!(limit_nesting(page, MAX_DEPTH), Cow::Borrowed(_)));
        // A page without scripts is not copied; an unclosed script is script to the end, as
        // the parser reads it.
        assert!(matches!(
            limit_nesting_without_scripts("<p>No scripts</p>", MAX_DEPTH),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            limit_nesting_without_scripts("<p>a</p><script>if (a<b) </p>", MAX_DEPTH),
            "<p>a</p><script>"
        );
    }

    #[test]
    fn indentation_between_tags_becomes_one_line_break() {
        let page =
            "<body>\n    <div>\n      <p>One  two\n   three</p> <p>Four</p>\n\n    </div>\n</body>";
        assert_eq!(
            limit_nesting_without_scripts(page, MAX_DEPTH),
            // Text keeps its own spaces; a lone space stays as it is; after "Four" the first
            // run, shortened, is all that stays.
            "<body><div><p>One  two\n   three</p> <p>Four</p>\n</div></body>"
        );
        // Between two texts, however deep, one run stays; so it does after a picture, a
        // player or a field, which show as content of their own.
        let page = "<div>\n  <p>a</p>\n</div>\n<div>\n  <p>b</p>\n</div>\n<p><img src=x>\n  <iframe src=y></iframe>\n \
                    <video src=z></video>\n</p>\n<p>c<span>\n</span>d</p>";
        assert_eq!(
            limit_nesting_without_scripts(page, MAX_DEPTH),
            "<div><p>a</p>\n</div><div><p>b</p>\n</div><p><img src=x>\n<iframe src=y></iframe>\n\
             <video src=z></video>\n</p><p>c<span>\n</span>d</p>"
        );
        // Bookmark files and other callers of the plain limit keep every byte.
        assert!(matches!(limit_nesting(page, MAX_DEPTH), Cow::Borrowed(_)));
    }

    #[test]
    fn white_space_shown_as_written_is_kept() {
        // In <pre>, <listing> and <code> (in any case, however nested), the indentation is
        // code; after them it is shortened again.
        let page = "<PRE>\n  <b>x</b>\n    <i>y</i></PRE>\n  <code><span>a</span>\n    <span>b</span></code>\n                      <listing><pre>\n <b>p</b></pre>\n  <b>q</b></listing>\n  <p>after</p>";
        assert_eq!(
            limit_nesting_without_scripts(page, MAX_DEPTH),
            "<PRE>\n  <b>x</b>\n    <i>y</i></PRE>\n<code><span>a</span>\n    <span>b</span></code>\n\
             <listing><pre>\n <b>p</b></pre>\n  <b>q</b></listing>\n<p>after</p>"
        );
        // A style that keeps white space keeps it from there to the end of the page.
        for style in [
            "white-space: pre",
            "WHITE-SPACE:pre-wrap",
            "white-space:break-spaces",
        ] {
            let page = format!(
                "<div>\n  <p>a</p>\n  <div style=\"{style}\">\n  <b>x</b></div>\n  <p>b</p></div>"
            );
            assert_eq!(
                limit_nesting_without_scripts(&page, MAX_DEPTH),
                format!(
                    "<div><p>a</p>\n<div style=\"{style}\">\n  <b>x</b></div>\n  <p>b</p></div>"
                ),
                "{style}"
            );
        }
        let nowrap = "w<div style=\"white-space: nowrap\">\n  <b>x</b></div>";
        assert_eq!(
            limit_nesting_without_scripts(nowrap, MAX_DEPTH),
            "w<div style=\"white-space: nowrap\">\n<b>x</b></div>"
        );
    }

    #[test]
    fn a_possible_byline_keeps_its_indentation() {
        // Readability takes an element named for a byline only when its text, white space
        // included, is under 100 characters: a box of author links and dates, indented, is
        // over, and must stay so.
        for attributes in [
            "class=\"c-byline\"",
            "class=\"postAuthor\"",
            "id=\"dateline\"",
            "rel=\"author\"",
            "class=\"writtenBy\"",
        ] {
            let page = format!(
                "<div>\n  <div {attributes}>\n    <div>\n      <a>Name</a>\n    </div>\n    <time>1:39 PM</time>\n  </div>\n  <p>Text</p>\n</div>"
            );
            assert_eq!(
                limit_nesting_without_scripts(&page, MAX_DEPTH),
                format!(
                    "<div><div {attributes}>\n    <div>\n      <a>Name</a>\n    </div>\n    <time>1:39 PM</time>\n  </div><p>Text</p>\n</div>"
                ),
                "{attributes}"
            );
        }
        // A void element naming an author holds nothing to keep.
        assert_eq!(
            limit_nesting_without_scripts("x<meta name=\"author\">\n  <p>y</p>", MAX_DEPTH),
            "x<meta name=\"author\">\n<p>y</p>"
        );
    }

    #[test]
    fn broken_markup_never_panics() {
        for page in [
            "<",
            "</",
            "<a",
            "<a href=\"",
            "<!--",
            "<script>",
            "<script></scr",
            "<div a=>",
            "<é>",
            "<div>é</div\u{e9}",
            "<p white-space",
            "<p style=\"white-space",
            "<p class=author",
            "<div class=author>\n <p>\n </div\u{e9}>\n <p>",
            "é\n  <p>\n é<pre>\n <é>",
            "<div data-x",
            "<div onclick=\"",
            "<div data-x=1/",
            "<img data-x=1 /",
            "<p data-",
            "<p on",
            "<p data-x=1 data-y",
        ] {
            let _ = limit_nesting(page, 0);
            let _ = limit_nesting_without_scripts(page, 0);
            let _ = limit_nesting_without_scripts(page, MAX_DEPTH);
        }
    }
}
