//! A small tokenizer of HTML tags: enough to find tags, their names and attributes, and how
//! deep they nest, without parsing the page (see the parent module for what it is for).

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::{UnreadAttribute, MAX_ATTRIBUTES};

/// Elements that never hold content.
pub(super) const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Elements whose end tag is often left out; counting them would make a sloppy page look deep.
pub(super) const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb",
    "rt", "rp", "rtc", "colgroup", "caption", "html", "head", "body",
];

/// Elements that end an open one of their kind instead of nesting in it: kept at any depth, so a
/// deep link stays a link.
pub(super) const NEVER_NESTED: &[&str] = &["a", "button", "form", "nobr"];

/// Elements whose content is text up to their end tag, never markup.
pub(super) const RAW_TEXT: &[&str] = &[
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
pub(super) const PREFORMATTED: &[&str] = &["pre", "listing", "code"];

/// What an opening tag's attributes say about its white space.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct SpaceHints {
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
pub(super) fn value_keeps_space(after: &[u8]) -> bool {
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
pub(super) fn is_json_ld(tag: &[u8]) -> bool {
    const TYPE: &[u8] = b"ld+json";
    tag.windows(TYPE.len())
        .any(|w| w.eq_ignore_ascii_case(TYPE))
}

pub(super) fn depth_after(depth: usize, tag: &Tag) -> usize {
    match tag.kind {
        Kind::Start if tag.counted => depth + 1,
        Kind::End if tag.counted => depth.saturating_sub(1),
        _ => depth,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Start,
    End,
    /// A comment, doctype, processing instruction, or a raw-text element whole.
    Other,
}

/// A tag's place in the text and whether it changes the depth.
#[derive(Debug)]
pub(super) struct Tag {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) counted: bool,
    /// Where the opening tag ends (for a raw-text element, before its text).
    pub(super) head_end: usize,
    /// Whether the opening tag ends with `/>`.
    pub(super) self_closed: bool,
    /// Where the attribute past [`MAX_ATTRIBUTES`] starts, if there is one.
    pub(super) cut: Option<usize>,
    /// For a `<script>` or `<style>` element whose text nothing reads after parsing (all
    /// but JSON-LD): where that text lies.
    pub(super) script_text: Option<Range<usize>>,
    /// A start or end tag of an element whose white space is shown as written ([`PREFORMATTED`]).
    pub(super) preformatted: bool,
    /// An opening tag whose style asks for its white space to be kept.
    pub(super) styled_to_keep_space: bool,
    /// Where the tag's name lies (empty for comments and doctypes).
    pub(super) name: Range<usize>,
    /// An opening tag of an element with content whose attributes name an author or a byline.
    pub(super) may_be_byline: bool,
}

/// The tags of a page, in order (a small tokenizer: enough to find tags, not to parse HTML).
pub(super) struct Tags<'a> {
    html: &'a str,
    pos: usize,
    /// Which attributes nothing reads after parsing, when those are looked for.
    unread_attribute: Option<UnreadAttribute>,
    /// Where the unread attributes of the last opening tag lie, each with the white space
    /// after it.
    pub(super) unread: Vec<Range<usize>>,
}

impl<'a> Tags<'a> {
    pub(super) fn new(html: &'a str, unread_attribute: Option<UnreadAttribute>) -> Self {
        Self {
            html,
            pos: 0,
            unread_attribute,
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
                            if self
                                .unread_attribute
                                .is_some_and(|unread| unread(element, &bytes[i..name_end]))
                            {
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
            let noted = (self.unread_attribute.is_some()
                && kind == Kind::Start
                && !RAW_TEXT.contains(&name))
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
