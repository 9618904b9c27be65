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
//! The extractor's pass ([`limit_nesting_without_scripts`]) also leaves out the text of scripts
//! and style sheets, the indentation between tags, and the attributes nothing reads after
//! parsing (event handlers, most `data-*`), in the same walk over the tags.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Deepest nesting kept; deeper tags are dropped (their text stays).
pub const MAX_DEPTH: usize = 512;

/// Attributes kept on one tag; the parser checks each new one against all before it (time
/// quadratic in their number: 100 000 on one tag ran for minutes).
pub const MAX_ATTRIBUTES: usize = 100;

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Elements whose end tag is often left out; counting them would make a sloppy page look deep.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

/// Elements that end an open one of their kind instead of nesting in it: kept at any depth, so a
/// deep link stays a link.
const NEVER_NESTED: &[&str] = &["a", "button", "form", "nobr"];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements whose white space is shown as written (besides the raw-text ones, skipped whole):
/// the indentation between their tags is kept.
const PREFORMATTED: &[&str] = &["pre", "listing", "code"];

/// `html` unchanged when its tags nest at most `max_depth` deep and none has more than
/// [`MAX_ATTRIBUTES`] attributes; else a copy without the tags deeper than that (their text
/// kept) and without the attributes past the limit.
#[must_use]
pub fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    rewrite(html, max_depth, false)
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
/// Event handlers and `data-*` attributes go as well ([`is_unread_attribute`]): a tenth of a
/// news page's attributes, and each one costs the parser, the extractor and the sanitiser.
#[must_use]
pub fn limit_nesting_without_scripts(html: &str, max_depth: usize) -> Cow<'_, str> {
    rewrite(html, max_depth, true)
}

/// Both of the above in one pass over the tags; the copy is made only once something changes.
fn rewrite(html: &str, max_depth: usize, for_extraction: bool) -> Cow<'_, str> {
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
    let mut tags = Tags::new(html, for_extraction);
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

/// What an opening tag's attributes say about its white space.
#[derive(Debug, Clone, Copy, Default)]
struct SpaceHints {
    /// One of the words by which Readability knows a byline (`author`, `byline`, `dateline`,
    /// `writtenby`, in any case, bar `BYLINE` and `WRITTENBY`), in any attribute: a superset
    /// of what it reads (class, id, `rel`, `itemprop`).
    names_a_byline: bool,
    /// A style that keeps white space as written (`white-space: pre`, `pre-wrap`, `pre-line`,
    /// `break-spaces`).
    styled_to_keep_space: bool,
}

impl SpaceHints {
    /// Read from the attributes of one opening tag. Every word looked for but `dateline` holds
    /// an `h` or a `y`, rare letters in markup, so only those are visited (and `H`).
    fn of(attributes: &[u8]) -> Self {
        static DATELINE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("ateline"));
        let word_at = |from: Option<usize>, word: &[u8]| {
            from.and_then(|from| attributes.get(from..from + word.len()))
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        };
        let mut hints = Self::default();
        for at in memchr::memchr3_iter(b'h', b'H', b'y', attributes) {
            if attributes[at] != b'y' {
                hints.names_a_byline |= word_at(at.checked_sub(3), b"author");
                if word_at(at.checked_sub(1), b"white-space") {
                    hints.styled_to_keep_space |= value_keeps_space(&attributes[at + 10..]);
                }
            } else {
                hints.names_a_byline |= word_at(at.checked_sub(1), b"byline")
                    || word_at(at.checked_sub(8), b"writtenby");
            }
        }
        hints.names_a_byline |= DATELINE
            .find_iter(attributes)
            .any(|at| word_at(at.checked_sub(1), b"dateline"));
        hints
    }
}

/// Whether the value after a `white-space` property keeps white space as written.
fn value_keeps_space(after: &[u8]) -> bool {
    let value = after
        .iter()
        .position(|&b| !(b.is_ascii_whitespace() || b == b':'))
        .map_or(&[][..], |p| &after[p..]);
    let starts = |word: &[u8]| {
        value
            .get(..word.len())
            .is_some_and(|v| v.eq_ignore_ascii_case(word))
    };
    starts(b"pre") || starts(b"break-spaces")
}

/// Whether an opening `<script …>` tag declares JSON-LD (`type="application/ld+json"`).
fn is_json_ld(tag: &[u8]) -> bool {
    const TYPE: &[u8] = b"ld+json";
    tag.windows(TYPE.len())
        .any(|w| w.eq_ignore_ascii_case(TYPE))
}

/// Whether nothing reads the attribute `name` (as written) of an opening tag of `element`
/// (lower-cased) once the page is parsed: event handlers (`on…`), which the sanitiser drops,
/// and `data-…` attributes, a tenth of a news page's attributes, which only a script reads.
/// Kept are those the extractor reads ([`crate::extract::reads_data_attribute`]: a lazy
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
    (starts(b"on") && name.len() > 2)
        || (starts(b"data-") && !crate::extract::reads_data_attribute(name))
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

fn depth_after(depth: usize, tag: &Tag) -> usize {
    match tag.kind {
        Kind::Start if tag.counted => depth + 1,
        Kind::End if tag.counted => depth.saturating_sub(1),
        _ => depth,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    End,
    /// A comment, doctype, processing instruction, or a raw-text element whole.
    Other,
}

/// A tag's place in the text and whether it changes the depth.
#[derive(Debug)]
struct Tag {
    start: usize,
    end: usize,
    kind: Kind,
    counted: bool,
    /// Where the opening tag ends (for a raw-text element, before its text).
    head_end: usize,
    /// Whether the opening tag ends with `/>`.
    self_closed: bool,
    /// Where the attribute past [`MAX_ATTRIBUTES`] starts, if there is one.
    cut: Option<usize>,
    /// For a `<script>` or `<style>` element whose text nothing reads after parsing (all
    /// but JSON-LD): where that text lies.
    script_text: Option<Range<usize>>,
    /// A start or end tag of an element whose white space is shown as written ([`PREFORMATTED`]).
    preformatted: bool,
    /// An opening tag whose style asks for its white space to be kept.
    styled_to_keep_space: bool,
    /// Where the tag's name lies (empty for comments and doctypes).
    name: Range<usize>,
    /// An opening tag of an element with content whose attributes name an author or a byline.
    may_be_byline: bool,
}

/// The tags of a page, in order (a small tokenizer: enough to find tags, not to parse HTML).
struct Tags<'a> {
    html: &'a str,
    pos: usize,
    /// Whether to note the attributes nothing reads after parsing ([`is_unread_attribute`]).
    note_unread: bool,
    /// Where the unread attributes of the last opening tag lie, each with the white space
    /// after it.
    unread: Vec<Range<usize>>,
}

impl<'a> Tags<'a> {
    fn new(html: &'a str, note_unread: bool) -> Self {
        Self {
            html,
            pos: 0,
            note_unread,
            unread: Vec::new(),
        }
    }

    /// The index just past the first `needle` (ASCII, matched without case) at or after `from`,
    /// or the end of the text.
    fn past(&self, from: usize, needle: &str) -> usize {
        let (bytes, needle) = (self.html.as_bytes(), needle.as_bytes());
        let Some(&first) = needle.first() else {
            return from;
        };
        // Jump from one occurrence of the first byte to the next (every needle starts with
        // punctuation, the same in either case), then compare the rest.
        let mut i = from;
        while let Some(p) = bytes.get(i..).and_then(|rest| memchr::memchr(first, rest)) {
            let at = i + p;
            match bytes.get(at..at + needle.len()) {
                Some(candidate) if candidate.eq_ignore_ascii_case(needle) => {
                    return at + needle.len()
                }
                Some(_) => i = at + 1,
                None => break,
            }
        }
        bytes.len()
    }

    /// The index just past the `>` closing a tag whose name ends at `from`, honouring quoted
    /// attribute values; whether the tag is self-closed (`/>`); and where its attribute past
    /// [`MAX_ATTRIBUTES`] starts, if it has that many. With `element` (the lower-cased name of
    /// an opening tag, when unread attributes are looked for), the unread ones are noted in
    /// `self.unread`.
    fn tag_end(&mut self, from: usize, element: Option<&str>) -> (usize, bool, Option<usize>) {
        let bytes = self.html.as_bytes();
        let mut i = from;
        // After `=`; inside an unquoted value; between attributes.
        let (mut after_equals, mut in_value, mut between) = (false, false, true);
        let (mut attributes, mut cut) = (0usize, None);
        // Where the attribute being read began, when it is an unread one.
        let mut unread_from: Option<usize> = None;
        while i < bytes.len() {
            match bytes[i] {
                b'>' => {
                    let self_closed = i > from && bytes[i - 1] == b'/';
                    if let Some(start) = unread_from {
                        let end = if self_closed && !in_value { i - 1 } else { i };
                        self.unread.push(start..end.max(start));
                    }
                    return (i + 1, self_closed, cut);
                }
                q @ (b'"' | b'\'') if after_equals => {
                    i = memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |p| i + 1 + p);
                    after_equals = false;
                }
                b'=' if !in_value => (after_equals, between) = (true, false),
                b if b.is_ascii_whitespace() => {
                    in_value = false;
                    between |= !after_equals;
                }
                _ if in_value => {}
                _ if after_equals => (after_equals, in_value) = (false, true),
                b'/' => between = true,
                _ => {
                    if between {
                        attributes += 1;
                        if attributes == MAX_ATTRIBUTES + 1 {
                            cut = Some(i);
                        }
                        if let Some(start) = unread_from.take() {
                            self.unread.push(start..i);
                        }
                        // Only a name that begins as `on` or `data-` does may be unread.
                        let may_be_unread = matches!(bytes[i] | 0x20, b'o' | b'd');
                        if let Some(element) = element.filter(|_| may_be_unread) {
                            let name_end = bytes[i..]
                                .iter()
                                .position(|&b| {
                                    b.is_ascii_whitespace() || matches!(b, b'=' | b'/' | b'>')
                                })
                                .map_or(bytes.len(), |p| i + p);
                            if is_unread_attribute(element, &bytes[i..name_end]) {
                                unread_from = Some(i);
                            }
                        }
                    }
                    between = false;
                }
            }
            i += 1;
        }
        (bytes.len(), false, cut)
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        let html: &'a str = self.html;
        let bytes = html.as_bytes();
        self.unread.clear();
        loop {
            let start = self.pos + memchr::memchr(b'<', bytes.get(self.pos..)?)?;
            let rest = &bytes[start + 1..];
            let other = |end: usize| Tag {
                start,
                end,
                kind: Kind::Other,
                counted: false,
                head_end: end,
                self_closed: false,
                cut: None,
                script_text: None,
                preformatted: false,
                styled_to_keep_space: false,
                name: start..start,
                may_be_byline: false,
            };
            if rest.starts_with(b"!--") {
                self.pos = self.past(start + 4, "-->");
                return Some(other(self.pos));
            }
            if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
                self.pos = self.past(start + 1, ">");
                return Some(other(self.pos));
            }
            let (kind, name_start) = match rest.first() {
                Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                    (Kind::End, start + 2)
                }
                Some(b) if b.is_ascii_alphabetic() => (Kind::Start, start + 1),
                _ => {
                    self.pos = start + 1;
                    continue;
                }
            };
            let name_end = bytes[name_start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
                .map_or(bytes.len(), |p| name_start + p);
            // Lower-cased on the stack: every name the lists hold is short.
            let mut buffer = [0u8; 16];
            let raw = &bytes[name_start..name_end];
            let name = match buffer.get_mut(..raw.len()) {
                Some(lower) => {
                    lower.copy_from_slice(raw);
                    lower.make_ascii_lowercase();
                    std::str::from_utf8(lower).unwrap_or("")
                }
                None => "",
            };
            let noted = (self.note_unread && kind == Kind::Start && !RAW_TEXT.contains(&name))
                .then_some(name);
            let (end, self_closed, cut) = self.tag_end(name_end, noted);
            self.pos = end;
            if kind == Kind::Start && RAW_TEXT.contains(&name) {
                // Skip the raw text and its end tag together.
                let mut body_end = bytes.len();
                self.pos = if name == "plaintext" {
                    bytes.len()
                } else {
                    let close = format!("</{name}");
                    let after = self.past(end, &close);
                    if after >= bytes.len() {
                        bytes.len()
                    } else {
                        body_end = after - close.len();
                        self.past(after, ">")
                    }
                };
                let unread =
                    name == "style" || (name == "script" && !is_json_ld(&bytes[start..end]));
                return Some(Tag {
                    head_end: end,
                    cut,
                    name: name_start..name_end,
                    script_text: (unread && end < body_end).then_some(end..body_end),
                    ..other(self.pos)
                });
            }
            let hints = match kind {
                Kind::Start => SpaceHints::of(&bytes[name_end..end]),
                _ => SpaceHints::default(),
            };
            let counted = !self_closed
                && !VOID.contains(&name)
                && !OPTIONAL_END.contains(&name)
                && !NEVER_NESTED.contains(&name);
            return Some(Tag {
                start,
                end,
                kind,
                counted,
                head_end: end,
                self_closed,
                cut,
                script_text: None,
                preformatted: PREFORMATTED.contains(&name),
                styled_to_keep_space: hints.styled_to_keep_space,
                name: name_start..name_end,
                may_be_byline: hints.names_a_byline && !self_closed && !VOID.contains(&name),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        Tags::new(html, false)
            .map(|tag| {
                depth = depth_after(depth, &tag);
                depth
            })
            .max()
            .unwrap_or(0)
    }

    /// The names of the tags of `html`, in order.
    fn names_of(html: &str) -> Vec<&str> {
        Tags::new(html, false).map(|tag| &html[tag.name]).collect()
    }

    /// `html` without its tags: what a reader sees.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut copied = 0;
        for tag in Tags::new(html, false) {
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
    fn event_handlers_and_unread_data_attributes_go() {
        let page =
            "<div class=a onclick=\"go('>')\" data-track='x' id=b><p ONLOAD=x DATA-Y=1>t</p>\
                    <br data-x=\"1\"/><span data-z=a/b>u</span><span DATA-LAZY-SRC=s.jpg data-x=1>v</span><a href=/l data-id=7>l</a>\
                    <img src=i.png data-caption=\"c\" onload=x><figure data-x=1></figure>\
                    <pre data-lang=rust data-x=1><code data-language=rust>c</code></pre>\
                    <table><tr><td data-line-number=1 data-x=2>1</td></tr></table>\
                    <details open data-x=1><summary>s</summary></details><b one=1 on=2>w</b></div>";
        assert_eq!(
            limit_nesting_without_scripts(page, MAX_DEPTH),
            "<div class=a id=b><p >t</p><br /><span >u</span><span DATA-LAZY-SRC=s.jpg >v</span><a href=/l >l</a>\
             <img src=i.png data-caption=\"c\" onload=x><figure data-x=1></figure>\
             <pre data-lang=rust ><code data-language=rust>c</code></pre>\
             <table><tr><td data-line-number=1 >1</td></tr></table>\
             <details open ><summary>s</summary></details><b on=2>w</b></div>"
        );
        // Bookmark files and other callers of the plain limit keep every attribute.
        assert!(matches!(limit_nesting(page, MAX_DEPTH), Cow::Borrowed(_)));
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
