//! Images, embeds and math as an offline reader needs them. Every `<img>` ends with one real
//! `src` (from `srcset`, the lazy-loading attributes or the `<picture>` sources when `src` is
//! missing or a placeholder) or is dropped, as are tracking pixels; embedded videos and
//! players, which the sanitiser would drop, become links to what they showed; MathML and KaTeX
//! become their TeX source as text.

use dom_query::{NodeRef, Selection};
use url::Url;

use super::config::media::*;
use super::dom::{LAZY_SRC, LAZY_SRCSET};

/// The text of a link that stands for an embedded player.
const PLAY_SIGN: &str = "▶";

/// Rewrites images, embeds and math under `root` in place.
pub(super) fn normalize(root: &NodeRef<'_>, page_url: &Url) {
    let article = Selection::from(*root);
    for img in article.select("img").nodes() {
        resolve_image(img, page_url);
    }
    for embed in article
        .select("iframe, video, audio, embed, object")
        .nodes()
    {
        embed_to_link(embed, page_url);
    }
    for math in article.select(".katex, math").nodes() {
        math_to_text(math);
    }
}

/// Repairs the page before the article is looked for: an `<img>` in a `<picture>` with no
/// address of its own takes its `<source>`'s `srcset` (Readability drops images without one).
pub(super) fn prepare_page(pictures: &[NodeRef<'_>]) {
    // Only a picture's own children: a deeper image has no source to take.
    let images = pictures
        .iter()
        .flat_map(NodeRef::element_children)
        .filter(|node| node.has_name("img"));
    for img in images {
        let has_own = ["src", "srcset"]
            .iter()
            .chain(LAZY_SRC)
            .chain(LAZY_SRCSET)
            .any(|a| img.attr(a).is_some_and(|v| !v.trim().is_empty()));
        if !has_own {
            if let Some(srcset) = picture_srcset(&img) {
                img.set_attr("srcset", &srcset);
            }
        }
    }
}

/// Gives `img` one usable `src`, or removes it.
fn resolve_image(img: &NodeRef<'_>, page_url: &Url) {
    if is_tracking_pixel(img) {
        img.remove_from_parent();
        return;
    }
    let srcset = LAZY_SRCSET
        .iter()
        .chain(std::iter::once(&"srcset"))
        .find_map(|a| img.attr(a).filter(|v| !v.trim().is_empty()))
        .map(|v| v.to_string())
        .or_else(|| picture_srcset(img));
    let current = img.attr("src").filter(|s| usable(s, page_url));
    let lazy = LAZY_SRC
        .iter()
        .find_map(|a| img.attr(a).filter(|s| usable(s, page_url)));
    let from_srcset = srcset.as_deref().and_then(|s| best_candidate(s, page_url));
    // A lazy attribute or a srcset holds the real picture; `src` is often a blurred stand-in.
    let chosen = lazy
        .map(|s| s.to_string())
        .or(from_srcset)
        .or_else(|| current.map(|s| s.to_string()));
    match chosen {
        Some(src) => {
            img.set_attr("src", src.trim());
            if let Some(picture) = img
                .parent()
                .filter(|p| p.node_name().as_deref() == Some("picture"))
            {
                for source in picture.element_children() {
                    if source.node_name().as_deref() == Some("source") {
                        source.remove_from_parent();
                    }
                }
            }
            for attr in LAZY_SRC
                .iter()
                .chain(LAZY_SRCSET)
                .chain(&["srcset", "sizes"])
            {
                img.remove_attr(attr);
            }
        }
        None => img.remove_from_parent(),
    }
}

/// A 1×1 image: a counter, not a picture.
fn is_tracking_pixel(img: &NodeRef<'_>) -> bool {
    let one = |a: &str| {
        img.attr(a)
            .is_some_and(|v| matches!(v.trim(), "0" | "1" | "1px" | "0px"))
    };
    one("width") && one("height")
}

/// The `srcset` of the first `<source>` of the `<picture>` holding `img`.
fn picture_srcset(img: &NodeRef<'_>) -> Option<String> {
    let picture = img
        .parent()
        .filter(|p| p.node_name().as_deref() == Some("picture"))?;
    picture
        .element_children()
        .into_iter()
        .filter(|c| c.node_name().as_deref() == Some("source"))
        .find_map(|s| {
            LAZY_SRCSET
                .iter()
                .chain(std::iter::once(&"srcset"))
                .find_map(|a| s.attr(a).filter(|v| !v.trim().is_empty()))
                .map(|v| v.to_string())
        })
}

/// An address that shows a picture: not empty, not an inline placeholder, and http(s) once
/// resolved against the page.
fn usable(src: &str, page_url: &Url) -> bool {
    let src = src.trim();
    !src.is_empty()
        && !src.starts_with("data:")
        && page_url
            .join(src)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// The candidate of a `srcset` to keep: the widest up to [`PREFERRED_WIDTH`] (else the
/// narrowest above it); for density descriptors, the highest up to 2x.
fn best_candidate(srcset: &str, page_url: &Url) -> Option<String> {
    let mut candidates: Vec<(f64, String)> = Vec::new();
    for (url, descriptor) in split_srcset(srcset) {
        if !usable(url, page_url) {
            continue;
        }
        let descriptor = descriptor.unwrap_or("1x");
        let size = if let Some(w) = descriptor.strip_suffix('w') {
            w.parse::<f64>().ok()
        } else if let Some(x) = descriptor.strip_suffix('x') {
            x.parse::<f64>().ok().map(|x| x * PREFERRED_WIDTH / 2.0)
        } else {
            None
        };
        if let Some(size) = size.filter(|s| s.is_finite() && *s > 0.0) {
            candidates.push((size, url.to_owned()));
        }
    }
    let fitting = candidates
        .iter()
        .filter(|(size, _)| *size <= PREFERRED_WIDTH)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    fitting
        .or_else(|| candidates.iter().min_by(|a, b| a.0.total_cmp(&b.0)))
        .map(|(_, url)| url.clone())
}

/// The candidates of a `srcset` as (address, descriptor), read as the HTML standard does: an
/// address runs to the next whitespace (so image CDNs' `w_600,h_400` commas stay inside it),
/// and its descriptor runs to the next comma.
fn split_srcset(srcset: &str) -> Vec<(&str, Option<&str>)> {
    let mut candidates = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        if rest.is_empty() {
            return candidates;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (raw_url, after) = rest.split_at(end);
        let url = raw_url.trim_end_matches(',');
        if url.len() < raw_url.len() {
            candidates.push((url, None));
            rest = after;
            continue;
        }
        let descriptor_end = after.find(',').unwrap_or(after.len());
        let descriptor = after[..descriptor_end].trim();
        candidates.push((url, (!descriptor.is_empty()).then_some(descriptor)));
        rest = &after[descriptor_end..];
    }
}

/// Replaces an embedded player with a paragraph linking to what it played.
fn embed_to_link(embed: &NodeRef<'_>, page_url: &Url) {
    let tree = embed.tree;
    let name = embed.node_name().unwrap_or_default().to_string();
    let source = ["src", "data-src", "data"]
        .iter()
        .find_map(|a| embed.attr(a))
        .or_else(|| {
            embed
                .element_children()
                .into_iter()
                .filter(|c| c.node_name().as_deref() == Some("source"))
                .find_map(|s| s.attr("src"))
        })
        .and_then(|src| page_url.join(src.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let Some(target) = source.map(|u| watch_page(&u)) else {
        embed.remove_from_parent();
        return;
    };
    let kind = match name.as_str() {
        "audio" => "Audio",
        "video" => "Video",
        _ if is_video_host(&target) => "Video",
        _ => "Embedded content",
    };
    let title = embed
        .attr("title")
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let host = target
        .host_str()
        .unwrap_or_default()
        .trim_start_matches("www.");
    let label = match title {
        Some(title) => format!("{kind}: {title} ({host})"),
        None => format!("{kind} on {host}"),
    };
    // The link's words sit in its title, shown by the reader's style sheet, so that the
    // article's text (what search, highlights and quality scores read) gains only a ▶.
    let figure = tree.new_element("figure");
    let link = tree.new_element("a");
    link.set_attr("href", target.as_str());
    link.set_attr("title", &label);
    link.append_child(&tree.new_text(PLAY_SIGN));
    figure.append_child(&link);
    embed.replace_with(&figure);
}

/// The page a person would open for an embed's player address (YouTube's `/embed/ID` is
/// `/watch?v=ID`); other addresses are kept.
fn watch_page(url: &Url) -> Url {
    let host = url.host_str().unwrap_or_default();
    if host.ends_with("youtube.com") || host.ends_with("youtube-nocookie.com") {
        if let Some(id) = url
            .path()
            .strip_prefix("/embed/")
            .filter(|id| !id.is_empty())
        {
            if let Ok(watch) = Url::parse(&format!("https://www.youtube.com/watch?v={id}")) {
                return watch;
            }
        }
    }
    if host == "player.vimeo.com" {
        if let Some(id) = url.path().strip_prefix("/video/") {
            if let Ok(page) = Url::parse(&format!("https://vimeo.com/{id}")) {
                return page;
            }
        }
    }
    url.clone()
}

fn is_video_host(url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    [
        "youtube.com",
        "youtube-nocookie.com",
        "vimeo.com",
        "dailymotion.com",
        "twitch.tv",
        "ted.com",
    ]
    .iter()
    .any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// Replaces a formula with its TeX source in `<span class="math math-inline">` (or
/// `math-display`, for a formula on a line of its own): the reader shows the `$` delimiters, and
/// the Markdown export writes `$…$`/`$$…$$` with the TeX unescaped, as Obsidian and pandoc read
/// it. Without a TeX source, the formula's plain text stays.
fn math_to_text(math: &NodeRef<'_>) {
    if math.parent().is_none() {
        return; // inside a formula already replaced
    }
    let tex = Selection::from(*math)
        .select(r#"annotation[encoding="application/x-tex"]"#)
        .nodes()
        .first()
        .map(|a| a.text().trim().to_owned())
        .or_else(|| math.attr("alttext").map(|t| t.trim().to_owned()))
        .filter(|t| !t.is_empty());
    let display = math.attr("display").as_deref() == Some("block")
        || math.parent().is_some_and(|p| p.has_class("katex-display"));
    let tree = math.tree;
    match tex {
        Some(tex) => {
            let span = tree.new_element("span");
            span.set_attr(
                "class",
                if display {
                    "math math-display"
                } else {
                    "math math-inline"
                },
            );
            span.append_child(&tree.new_text(tex));
            math.replace_with(&span);
        }
        None if math.has_class("katex") => {
            // The visible copy repeats the MathML one: keep the MathML text only.
            let mathml = Selection::from(*math).select("math").text().to_string();
            let text = mathml.split_whitespace().collect::<Vec<_>>().join(" ");
            math.replace_with(&tree.new_text(text));
        }
        None => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn normalized(html: &str) -> String {
        let document = Document::from(html);
        normalize(
            &document.select("body").nodes()[0],
            &Url::parse("https://news.example/a/story").unwrap(),
        );
        document.select("body").inner_html().to_string()
    }

    #[test]
    fn lazy_and_responsive_images_get_one_real_source() {
        for (html, expected) in [
            (
                r#"<img src="data:image/gif;base64,R0lGOD" data-src="/i/real.jpg">"#,
                "/i/real.jpg",
            ),
            (
                r#"<img srcset="s.jpg 400w, m.jpg 1200w, l.jpg 2400w">"#,
                "m.jpg",
            ),
            (
                r#"<img src="blur.jpg" data-srcset="a.jpg 1x, b.jpg 2x">"#,
                "b.jpg",
            ),
            (
                r#"<img srcset="https://cdn.example/w_600,h_400/x.jpg 600w, https://cdn.example/w_900,h_600/x.jpg 900w">"#,
                "https://cdn.example/w_900,h_600/x.jpg",
            ),
            (
                r#"<picture><source srcset="p.webp 800w"><img alt="x"></picture>"#,
                "p.webp",
            ),
            (r#"<img src="plain.png">"#, "plain.png"),
            (
                r#"<img srcset="only-huge.jpg 3000w, huger.jpg 4000w">"#,
                "only-huge.jpg",
            ),
        ] {
            let out = normalized(html);
            assert!(
                out.contains(&format!(r#"src="{expected}""#)),
                "{html} -> {out}"
            );
            assert!(
                !out.contains("srcset") && !out.contains("data-src"),
                "{out}"
            );
        }
    }

    #[test]
    fn a_picture_image_without_a_source_of_its_own_takes_its_sources_srcset() {
        let document = Document::from(
            r#"<picture><source srcset="p.webp 800w"><img id="bare" alt="x"></picture>
               <picture><source srcset="q.webp 800w"><img id="own" src="own.jpg"></picture>
               <img id="alone" alt="y">"#,
        );
        prepare_page(&crate::extract::survey::repairs(&document).pictures);
        let srcset = |id: &str| {
            document
                .select(&format!("#{id}"))
                .attr("srcset")
                .map(|s| s.to_string())
        };
        assert_eq!(srcset("bare").as_deref(), Some("p.webp 800w"));
        assert_eq!(srcset("own"), None);
        assert_eq!(srcset("alone"), None);
    }

    #[test]
    fn images_without_a_real_source_and_tracking_pixels_are_dropped() {
        for html in [
            r#"<p>a<img src="data:image/gif;base64,R0lGOD">b</p>"#,
            r#"<p>a<img>b</p>"#,
            r#"<p>a<img src="javascript:x()">b</p>"#,
            r#"<p>a<img src="https://t.example/p.gif" width="1" height="1">b</p>"#,
        ] {
            assert_eq!(normalized(html), "<p>ab</p>", "{html}");
        }
    }

    #[test]
    fn players_become_links_to_what_they_play() {
        let out = normalized(
            r#"<iframe src="https://www.youtube-nocookie.com/embed/abc123?rel=0" title="Launch  talk"></iframe>
               <video controls><source src="/media/demo.mp4" type="video/mp4"></video>
               <iframe src="https://codepen.example/pen/x"></iframe><iframe></iframe>"#,
        );
        for expected in [
            r#"<figure><a href="https://www.youtube.com/watch?v=abc123" title="Video: Launch talk (youtube.com)">▶</a></figure>"#,
            r#"<a href="https://news.example/media/demo.mp4" title="Video on news.example">▶</a>"#,
            r#"<a href="https://codepen.example/pen/x" title="Embedded content on codepen.example">▶</a>"#,
        ] {
            assert!(out.contains(expected), "{expected} missing: {out}");
        }
        assert!(!out.contains("iframe") && !out.contains("video"), "{out}");
    }

    #[test]
    fn formulas_become_their_tex_source() {
        let out = normalized(
            r#"<p>Energy <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>E</mi></mrow><annotation encoding="application/x-tex">E=mc^2</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">E=mc2</span></span>.</p>
               <math display="block" alttext="\sum_i x_i"><mi>x</mi></math>"#,
        );
        assert!(
            out.contains(r#"Energy <span class="math math-inline">E=mc^2</span>."#),
            "{out}"
        );
        assert!(
            out.contains(r#"<span class="math math-display">\sum_i x_i</span>"#),
            "{out}"
        );
        assert!(!out.contains("mc2"), "{out}");
    }
}
