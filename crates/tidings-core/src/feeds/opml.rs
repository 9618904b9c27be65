//! Subscriptions in OPML (quick-xml): reading OPML 1.0/1.1/2.0 and writing OPML 2.0.
//!
//! Folders: an outline without an `xmlUrl` is a folder; nested folders become one folder named
//! by their path, `Tech/Rust` (so nothing is lost, and writing splits the path back into nested
//! outlines: import → export → import gives the same folders). Attribute names are matched
//! without regard to case (`xmlUrl`, `xmlurl`, `XMLURL`). An OPML file whose body is empty, or
//! that has no body, holds no subscriptions and is not an error.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer, XmlVersion};

use super::Error;

/// A subscription as OPML knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlFeed {
    /// The feed's address (`xmlUrl`), as written.
    pub url: String,
    /// `title`, else `text`; may be empty.
    pub title: String,
    /// The site's address (`htmlUrl`).
    pub site_url: Option<String>,
    /// The folder path (`Tech/Rust`), `None` at the top level.
    pub folder: Option<String>,
}

/// Outlines nested deeper than this are refused (a hostile file could nest millions).
const MAX_DEPTH: usize = 64;

/// The subscriptions an OPML document lists, in document order.
///
/// # Errors
/// [`Error::Opml`] when the document is not well-formed XML or not OPML.
pub fn read_opml(xml: &str) -> Result<Vec<OpmlFeed>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut feeds = Vec::new();
    // One entry per open outline: its folder name, or None for an outline that is a feed.
    let mut open: Vec<Option<String>> = Vec::new();
    let mut seen_opml = false;
    // A file cut short lists only some of its feeds: it is refused, not half imported.
    let mut closed_opml = false;
    let mut in_body = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            Error::Opml(format!(
                "not well-formed XML at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(e) if !seen_opml => {
                if !is_named(&e, "opml") {
                    return Err(Error::Opml(format!(
                        "not an OPML file (it starts with <{}>)",
                        e.local_name().into_inner()
                    )));
                }
                seen_opml = true;
            }
            Event::Empty(e) if !seen_opml => {
                if !is_named(&e, "opml") {
                    return Err(Error::Opml(format!(
                        "not an OPML file (it starts with <{}>)",
                        e.local_name().into_inner()
                    )));
                }
                seen_opml = true;
                closed_opml = true;
            }
            Event::End(e) if is_named(&e, "opml") => closed_opml = true,
            Event::Start(e) if is_named(&e, "body") => in_body = true,
            Event::End(e) if is_named(&e, "body") => in_body = false,
            Event::Start(e) if in_body && is_outline(&e) => {
                if open.len() >= MAX_DEPTH {
                    return Err(Error::Opml(format!(
                        "outlines nested deeper than {MAX_DEPTH}"
                    )));
                }
                let outline = outline(&e, &open)?;
                match outline {
                    Some(feed) => {
                        feeds.push(feed);
                        open.push(None);
                    }
                    None => open.push(Some(folder_name(&e)?)),
                }
            }
            Event::Empty(e) if in_body && is_outline(&e) => {
                if let Some(feed) = outline(&e, &open)? {
                    feeds.push(feed);
                }
            }
            Event::End(e) if in_body && is_named(&e, "outline") => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_opml {
        return Err(Error::Opml("not an OPML file (no <opml> element)".into()));
    }
    if !closed_opml {
        return Err(Error::Opml(
            "the file ends before </opml> (cut short?)".into(),
        ));
    }
    Ok(feeds)
}

fn is_outline(e: &BytesStart<'_>) -> bool {
    is_named(e, "outline")
}

/// Whether an element's local name is `name`, in any case.
fn is_named(e: &impl ElementName, name: &str) -> bool {
    e.local().eq_ignore_ascii_case(name)
}

/// The local name of a start or end tag.
trait ElementName {
    fn local(&self) -> &str;
}

impl ElementName for BytesStart<'_> {
    fn local(&self) -> &str {
        self.local_name().into_inner()
    }
}

impl ElementName for quick_xml::events::BytesEnd<'_> {
    fn local(&self) -> &str {
        self.local_name().into_inner()
    }
}

/// An attribute's value by name, case-insensitively; empty values count as missing.
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, Error> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| Error::Opml(format!("bad attribute: {err}")))?;
        if a.key.local_name().into_inner().eq_ignore_ascii_case(name) {
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| Error::Opml(format!("bad attribute {name}: {err}")))?;
            let value = value.trim();
            return Ok((!value.is_empty()).then(|| value.to_owned()));
        }
    }
    Ok(None)
}

/// The feed an outline names (it has an `xmlUrl`), in the folder the open outlines make.
fn outline(e: &BytesStart<'_>, open: &[Option<String>]) -> Result<Option<OpmlFeed>, Error> {
    let Some(url) = attr(e, "xmlUrl")? else {
        return Ok(None);
    };
    let path: Vec<&str> = open.iter().flatten().map(String::as_str).collect();
    Ok(Some(OpmlFeed {
        url,
        title: match attr(e, "title")? {
            Some(t) => t,
            None => attr(e, "text")?.unwrap_or_default(),
        },
        site_url: attr(e, "htmlUrl")?,
        folder: (!path.is_empty()).then(|| path.join("/")),
    }))
}

fn folder_name(e: &BytesStart<'_>) -> Result<String, Error> {
    Ok(match attr(e, "text")? {
        Some(t) => t,
        None => attr(e, "title")?.unwrap_or_default(),
    })
}

/// Subscriptions as an OPML 2.0 document: folders (split on `/`) as nested outlines, sorted by
/// folder; within one, in the order given. Deterministic: no creation date.
#[must_use]
pub fn write_opml(title: &str, feeds: &[OpmlFeed]) -> String {
    let mut sorted: Vec<&OpmlFeed> = feeds.iter().collect();
    sorted.sort_by_key(|f| folder_path(f));
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail; each write's error type is io::Error regardless.
    let _ = write_document(&mut writer, title, &sorted);
    String::from_utf8_lossy(&writer.into_inner()).into_owned()
}

fn folder_path(feed: &OpmlFeed) -> Vec<String> {
    feed.folder
        .as_deref()
        .unwrap_or_default()
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn write_document(
    writer: &mut Writer<Vec<u8>>,
    title: &str,
    feeds: &[&OpmlFeed],
) -> std::io::Result<()> {
    writer.write_event(Event::Decl(quick_xml::events::BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        None,
    )))?;
    writer.write_event(Event::Start(
        BytesStart::new("opml").with_attributes([("version", "2.0")]),
    ))?;
    writer.write_event(Event::Start(BytesStart::new("head")))?;
    writer
        .create_element("title")
        .write_text_content(quick_xml::events::BytesText::new(title))?;
    writer.write_event(Event::End(quick_xml::events::BytesEnd::new("head")))?;
    writer.write_event(Event::Start(BytesStart::new("body")))?;
    let mut open: Vec<String> = Vec::new();
    for feed in feeds {
        let path = folder_path(feed);
        let common = open.iter().zip(&path).take_while(|(a, b)| a == b).count();
        while open.len() > common {
            open.pop();
            writer.write_event(Event::End(quick_xml::events::BytesEnd::new("outline")))?;
        }
        for name in &path[common..] {
            writer.write_event(Event::Start(
                BytesStart::new("outline")
                    .with_attributes([("text", name.as_str()), ("title", name.as_str())]),
            ))?;
            open.push(name.clone());
        }
        let title = if feed.title.is_empty() {
            feed.url.as_str()
        } else {
            feed.title.as_str()
        };
        let mut element = writer.create_element("outline").with_attributes([
            ("type", "rss"),
            ("text", title),
            ("title", title),
            ("xmlUrl", feed.url.as_str()),
        ]);
        if let Some(site) = &feed.site_url {
            element = element.with_attribute(("htmlUrl", site.as_str()));
        }
        element.write_empty()?;
    }
    for _ in open {
        writer.write_event(Event::End(quick_xml::events::BytesEnd::new("outline")))?;
    }
    writer.write_event(Event::End(quick_xml::events::BytesEnd::new("body")))?;
    writer.write_event(Event::End(quick_xml::events::BytesEnd::new("opml")))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const NESTED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.1">
  <head><title>Mine</title></head>
  <body>
    <outline text="Loose" xmlUrl="https://loose.example/rss" htmlUrl="https://loose.example/"/>
    <outline text="Tech">
      <outline text="Rust">
        <outline type="rss" text="This Week" XMLURL="https://twir.example/rss.xml"/>
      </outline>
      <outline text="Lobsters &amp; co" title="Lobsters" xmlurl="https://lobste.example/rss"/>
      <outline text="Empty folder"/>
    </outline>
  </body>
</opml>"#;

    #[test]
    fn nested_folders_become_paths_and_attribute_case_does_not_matter() {
        let feeds = read_opml(NESTED).unwrap();
        let got: Vec<(&str, &str, Option<&str>)> = feeds
            .iter()
            .map(|f| (f.url.as_str(), f.title.as_str(), f.folder.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("https://loose.example/rss", "Loose", None),
                (
                    "https://twir.example/rss.xml",
                    "This Week",
                    Some("Tech/Rust")
                ),
                ("https://lobste.example/rss", "Lobsters", Some("Tech")),
            ]
        );
        assert_eq!(feeds[0].site_url.as_deref(), Some("https://loose.example/"));
    }

    #[test]
    fn an_empty_body_is_no_subscriptions_not_an_error() {
        for xml in [
            "<opml version=\"2.0\"><head/><body/></opml>",
            "<opml version=\"2.0\"><head><title>x</title></head><body>\n</body></opml>",
            "<opml version=\"1.0\"><head/></opml>",
        ] {
            assert_eq!(read_opml(xml).unwrap(), []);
        }
    }

    #[test]
    fn what_is_not_opml_says_so() {
        for (xml, says) in [
            ("<rss version=\"2.0\"/>", "not an OPML file"),
            ("", "no <opml>"),
            ("<opml><body><outline></body></opml>", "not well-formed"),
            (
                "<opml><body><outline xmlUrl=\"https://a.example/f\">",
                "ends before </opml>",
            ),
            (
                "<opml><body><outline xmlUrl=\"https://a.example/f\"/></body>",
                "ends before </opml>",
            ),
        ] {
            let err = read_opml(xml).unwrap_err().to_string();
            assert!(err.contains(says), "{xml}: {err}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn writing_then_reading_gives_the_same_subscriptions() {
        let feeds = read_opml(NESTED).unwrap();
        let written = write_opml("Tidings subscriptions", &feeds);
        assert!(
            written.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{written}"
        );
        assert!(written.contains("<opml version=\"2.0\">"), "{written}");
        let mut again = read_opml(&written).unwrap();
        let mut original = feeds.clone();
        again.sort_by(|a, b| a.url.cmp(&b.url));
        original.sort_by(|a, b| a.url.cmp(&b.url));
        assert_eq!(again, original);
        // Deterministic.
        assert_eq!(written, write_opml("Tidings subscriptions", &feeds));
        // Markup in a title is escaped, not written through.
        let hostile = OpmlFeed {
            url: "https://x.example/rss?a=1&b=2".into(),
            title: "\"><script>alert(1)</script>".into(),
            ..OpmlFeed::default()
        };
        let written = write_opml("t", std::slice::from_ref(&hostile));
        assert!(!written.contains("<script>"), "{written}");
        assert_eq!(read_opml(&written).unwrap(), [hostile]);
    }
}
