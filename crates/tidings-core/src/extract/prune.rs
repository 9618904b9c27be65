//! Dropping what the article container still holds but a reader does not want: "Related
//! posts", newsletter boxes, comment sections, navigation, boxes about the writer, share bars
//! and copyright lines that sit inside the article element on many sites. Works on the extracted article HTML
//! and returns it with its plain text, so text and HTML stay in step (highlights anchor in one
//! and show in the other).

use dom_query::{NodeRef, Selection};

use super::config::prune::*;
use super::dom::words;

/// Elements that hold a sign-up box; a heading or paragraph named so is text about it.
const BOXES: &[&str] = &["div", "aside", "section", "form"];

/// Navigation: breadcrumbs, a table of contents, links to the previous and next posts.
const NAVIGATION: &str = "nav, [role=navigation]";

/// Drops the boilerplate sections and lines of the article under `root`.
pub(super) fn prune(root: &NodeRef<'_>) {
    let article = Selection::from(*root);
    let mut total_words = words(&root.text());
    let threads = article.select("[class], [id]");
    let threads = threads
        .nodes()
        .iter()
        .filter(|n| has_word(n, COMMENT_WORDS));
    drop_whole(root, threads, &mut total_words, |thread, total| {
        total.saturating_sub(thread) >= MIN_WORDS_BESIDE_COMMENTS
    });
    let navigation = article.select(NAVIGATION);
    drop_whole(
        root,
        navigation.nodes(),
        &mut total_words,
        |navigation, total| navigation * MAX_NAVIGATION_SHARE_INVERSE < total,
    );
    let root_text = root.text();
    let mut dropped_words = 0usize;
    let budget = (total_words as f64 * MAX_DROPPED_SHARE) as usize;
    // A block holding nothing but such a heading's words (`<div class="label">Also in the
    // news</div>`) opens a section as a heading does, when the words are a phrase: a lone
    // "Share" there is a button.
    let longest = longest_heading();
    for heading in article.select("h2, h3, h4, h5, h6, div").nodes() {
        if heading_level(heading).is_none() && !is_short(heading, longest) {
            continue; // its text, read for every block, would cost time with the square of the depth
        }
        let text = heading.text();
        let labelled = heading_level(heading).is_some() || words(&text) >= MIN_LABEL_WORDS;
        if !labelled || !is_section_heading(&text) {
            continue;
        }
        if heading.ancestors_it(None).all(|a| a.id != root.id) {
            continue; // gone with a section dropped before
        }
        let section = section_from(heading);
        let section_words: usize = section.iter().map(|n| words(&n.text())).sum();
        if dropped_words + section_words > budget {
            continue;
        }
        dropped_words += section_words;
        for node in section {
            node.remove_from_parent();
        }
    }
    // Widgets, within the same budget; descendants of a dropped element are skipped.
    let mut dropped: Vec<NodeRef<'_>> = Vec::new();
    for element in article.select("[class], [id]").nodes() {
        let widget = is_widget(element);
        // A writer's box goes only at the size of a bio, a sign-up box at the size of a pitch
        // (a widget goes at any size).
        let author_box = !widget && has_word(element, AUTHOR_WORDS);
        let signup_box = !widget
            && !author_box
            && BOXES.iter().any(|name| element.has_name(name))
            && has_word(element, SIGNUP_WORDS);
        if !(widget || author_box || signup_box)
            || element
                .ancestors(None)
                .iter()
                .any(|a| dropped.iter().any(|d| d.id == a.id))
        {
            continue;
        }
        let element_words = words(&element.text());
        let bio_sized = (MIN_AUTHOR_BOX_WORDS..=MAX_AUTHOR_BOX_WORDS).contains(&element_words);
        let pitch_sized = element_words <= MAX_SIGNUP_BOX_WORDS;
        if dropped_words + element_words > budget
            || (author_box && !bio_sized)
            || (signup_box && !pitch_sized)
        {
            continue;
        }
        dropped_words += element_words;
        dropped.push(*element);
    }
    for element in &dropped {
        element.remove_from_parent();
    }
    drop_anchor_marks(&article);
    // Reading every block's text costs time with the square of the nesting depth: only when
    // the article holds one of the lines at all.
    // The lines are ASCII: an ASCII lower-casing finds them, many times faster than Unicode's.
    let lower = root_text.to_ascii_lowercase();
    if !BOILERPLATE_LINES.iter().any(|line| lower.contains(line)) {
        return;
    }
    for block in article.select("p, li, div, small, span").nodes() {
        let text = block.text();
        let lower = text.to_ascii_lowercase();
        if words(&text) <= 25 && BOILERPLATE_LINES.iter().any(|line| lower.contains(line)) {
            block.remove_from_parent();
        }
    }
}

/// Drops each of `blocks` still in the article under `root` when `goes(its words, the
/// article's words)`, keeping `total_words` in step; one gone with a block around it is skipped.
fn drop_whole<'a, 'b>(
    root: &NodeRef<'_>,
    blocks: impl IntoIterator<Item = &'b NodeRef<'a>>,
    total_words: &mut usize,
    goes: impl Fn(usize, usize) -> bool,
) where
    'a: 'b,
{
    for block in blocks {
        if block.ancestors_it(None).all(|a| a.id != root.id) {
            continue;
        }
        let block_words = words(&block.text());
        if goes(block_words, *total_words) {
            *total_words -= block_words;
            block.remove_from_parent();
        }
    }
}

/// Pictures a link may hold that make it more than a mark.
const PICTURES: &str = "img, picture, video";

/// Signs of a link to a place in the page: heading anchors (`§` in rustdoc, `¶` in Sphinx,
/// `#`), footnotes' ways back (`↩`, `^`, `↑`), link icons. `U+FE0E`/`U+FE0F` ask for text or
/// emoji style.
const ANCHOR_MARKS: &[char] = &[
    '§', '¶', '#', '↩', '↪', '↑', '⬆', '^', '🔗', '⚓', '⤴', '\u{fe0e}', '\u{fe0f}',
];

/// Drops the marks docs and blogs put beside each heading or footnote to link to it: links to
/// a place in the page whose text is only [`ANCHOR_MARKS`] (or nothing, around an icon) and
/// that hold no picture. In the text they glue a sign to every heading.
fn drop_anchor_marks(article: &Selection<'_>) {
    for link in article.select(r##"a[href*="#"]"##).nodes() {
        let is_mark = link
            .text()
            .chars()
            .all(|c| c.is_whitespace() || ANCHOR_MARKS.contains(&c))
            && Selection::from(*link).select(PICTURES).is_empty();
        if is_mark {
            link.remove_from_parent();
        }
    }
}

/// An element whose class or id names a widget ([`WIDGET_WORDS`]).
fn is_widget(node: &NodeRef<'_>) -> bool {
    has_word(node, WIDGET_WORDS)
}

/// Whether one of `words` is a whole word (split at spaces, `-` and `_`) of the element's class
/// or id, in any case.
fn has_word(node: &NodeRef<'_>, words: &[&str]) -> bool {
    ["class", "id"].iter().any(|attr| {
        node.attr(attr).is_some_and(|value| {
            value
                .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|word| words.iter().any(|w| word.eq_ignore_ascii_case(w)))
        })
    })
}

/// Letters and digits in the longest of [`SECTION_HEADINGS`].
fn longest_heading() -> usize {
    SECTION_HEADINGS
        .iter()
        .map(|heading| heading.chars().filter(|c| c.is_alphanumeric()).count())
        .max()
        .unwrap_or(0)
}

/// Whether the text under `node` holds at most `letters` letters and digits, read only as far as
/// needed: a longer text cannot be one of [`SECTION_HEADINGS`], whatever its punctuation.
fn is_short(node: &NodeRef<'_>, letters: usize) -> bool {
    let mut seen = 0;
    for text in node.descendants_it().filter(NodeRef::is_text) {
        seen += text.text().chars().filter(|c| c.is_alphanumeric()).count();
        if seen > letters {
            return false;
        }
    }
    true
}

fn is_section_heading(text: &str) -> bool {
    let normalized: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let normalized = normalized.split_whitespace().collect::<Vec<_>>().join(" ");
    SECTION_HEADINGS.contains(&normalized.as_str())
        || SECTION_HEADING_STARTS
            .iter()
            .any(|start| normalized.starts_with(start))
}

/// The heading and its following siblings up to the next heading of the same or a higher level;
/// if the heading is alone in a wrapper (a `<div>` or `<aside>` around a widget), the wrapper.
fn section_from<'a>(heading: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let level = heading_level(heading).unwrap_or(6);
    let mut section = vec![*heading];
    let mut next = heading.next_element_sibling();
    while let Some(node) = next {
        if heading_level(&node).is_some_and(|l| l <= level) {
            break;
        }
        section.push(node);
        next = node.next_element_sibling();
    }
    if section.len() == 1 {
        if let Some(parent) = heading
            .parent()
            .filter(|p| matches!(p.node_name().as_deref(), Some("div" | "aside" | "section")))
        {
            if parent.element_children().len() <= 3 {
                return vec![parent];
            }
        }
    }
    section
}

fn heading_level(node: &NodeRef<'_>) -> Option<usize> {
    let name = node.node_name()?;
    let level = name.strip_prefix('h')?.parse().ok()?;
    (1..=6).contains(&level).then_some(level)
}

#[cfg(test)]
mod tests {
    use dom_query::Document;

    fn prune(html: &str) -> (String, String) {
        let document = Document::from(html);
        let body = document.select("body").nodes()[0];
        super::prune(&body);
        super::super::pipeline::html_and_text(&body)
    }

    /// `paragraphs` paragraphs of plain article prose ("worth keeping"), 16 words each.
    fn story(paragraphs: usize) -> String {
        "<p>The article says something worth keeping, at some length, with details that matter to readers.</p>".repeat(paragraphs)
    }

    /// Fails the test unless each of `gone` is missing from `text` and each of `kept` is in it.
    fn assert_gone_and_kept(text: &str, gone: &[&str], kept: &[&str]) {
        for gone in gone {
            assert!(!text.contains(gone), "{gone} survived: {text}");
        }
        for kept in kept {
            assert!(text.contains(kept), "{kept} lost: {text}");
        }
    }

    #[test]
    fn related_newsletter_and_copyright_blocks_inside_the_article_are_dropped() {
        let body = story(6);
        let html = format!(
            "<div><h2>What changed</h2>{body}<h3>Related posts</h3><ul><li><a href=\"/a\">Another story</a></li><li><a href=\"/b\">And another</a></li></ul>\
             <div><h4>Subscribe to our newsletter</h4></div><p>Copyright 2026 Example Media. All rights reserved.</p></div>"
        );
        let (pruned, text) = prune(&html);
        for gone in [
            "Related posts",
            "Another story",
            "newsletter",
            "All rights reserved",
        ] {
            assert!(
                !pruned.contains(gone) && !text.contains(gone),
                "{gone} survived: {text}"
            );
        }
        assert!(
            text.contains("What changed") && text.contains("worth keeping"),
            "{text}"
        );
    }

    #[test]
    fn navigation_inside_the_article_is_dropped_unless_it_is_the_article() {
        let body = story(6);
        let html = format!(
            "<article><nav class=\"crumbs\"><a href=\"/\">Home</a> / <a href=\"/solar\">Solar</a></nav>{body}\
             <div role=\"navigation\"><a href=\"/prev\">Previous post</a> <a href=\"/next\">Next post</a></div></article>"
        );
        let (pruned, text) = prune(&html);
        assert_gone_and_kept(&text, &["Home", "Previous post"], &["worth keeping"]);
        assert!(!pruned.contains("<nav"), "{pruned}");
        // A page that is mostly a list of links keeps it: it is what was clipped.
        let index =
            "<li><a href=\"/guide\">A chapter of the guide, with its title</a></li>".repeat(12);
        let (_, text) = prune(&format!(
            "<div><p>The guide's chapters, in order.</p><nav><ul>{index}</ul></nav></div>"
        ));
        assert!(text.contains("A chapter of the guide"), "{text}");
    }

    #[test]
    fn a_heading_that_starts_like_a_section_of_other_stories_opens_one() {
        let body = story(8);
        let (_, text) = prune(&format!(
            "<div>{body}<h3>More from Example Media:</h3><ul><li><a href=\"/a\">Another story</a></li></ul>\
             <h2>Up next: the best cameras</h2><p>A teaser for the next buying guide.</p></div>"
        ));
        assert_gone_and_kept(
            &text,
            &["More from", "Another story", "Up next", "teaser"],
            &["worth keeping"],
        );
        // Only the start counts: a heading that merely holds the words is the article's.
        let (_, text) = prune(&format!(
            "<div><h2>Why we want more from our tools</h2>{body}</div>"
        ));
        assert!(text.contains("more from our tools"), "{text}");
    }

    #[test]
    fn widgets_are_dropped_and_the_rest_kept() {
        let body = story(6);
        let html = format!(
            "<div class=\"entry\">{body}<div class=\"wp-block-CTA\"><p>Book a free demo today</p></div><div id=\"post_disclaimer\">We may earn a commission.</div>\
             <section class=\"carousel\"><a href=\"/x\">Another story</a></section>\
             <ul><li><a href=\"https://example.org/a\">A source</a></li><li><a href=\"https://example.org/b\">Another</a></li><li><a href=\"#c\">Third</a></li></ul>\
             <p>Plan: <a href=\"#one\">one</a>, <a href=\"#two\">two</a>.</p><p class=\"ctatext\">Kept: not a whole word.</p></div>"
        );
        let (_, text) = prune(&html);
        assert_gone_and_kept(
            &text,
            &["free demo", "commission", "Another story"],
            &[
                "worth keeping",
                "A source",
                "Plan: one",
                "Kept: not a whole word",
            ],
        );
    }

    #[test]
    fn a_comment_thread_goes_however_long_if_the_story_remains() {
        let story =
            "<p>The story itself, told over a few sentences that a reader came for.</p>".repeat(10);
        let thread =
            "<li class=\"comment\"><p>First! Also, I disagree with every word of this.</p></li>"
                .repeat(60);
        let (_, text) = prune(&format!(
            "<div>{story}<div id=\"comments\"><h3>87 comments</h3><ul id=\"commentlisting\">{thread}</ul></div><p class=\"post-comments-count\">Tags: storage</p></div>"
        ));
        assert!(
            text.contains("The story itself") && !text.contains("First!"),
            "{text}"
        );
        assert!(
            !text.contains("Tags: storage"),
            "a comments word marks the line too"
        );

        let short = "<p>A short note.</p>";
        let (_, text) = prune(&format!(
            "<div>{short}<div class=\"comments\">{thread}</div></div>"
        ));
        assert!(
            text.contains("First!"),
            "a thread is kept when the rest would be too little"
        );
    }

    #[test]
    fn a_box_about_the_writer_goes_and_a_quote_attribution_stays() {
        let body = story(8);
        let bio = "Jane Doe is a freelance writer who covers homes, gardens and the people who keep them, and has written for many magazines over a decade.";
        let html = format!(
            "<div>{body}<blockquote><p>Quoted words from a source.</p><cite class=\"quote-author\">Ann Smith, CEO</cite></blockquote>\
             <div class=\"entry-author author-box\"><h4>Jane Doe</h4><p>{bio}</p></div></div>"
        );
        let (_, text) = prune(&html);
        assert!(!text.contains("freelance writer"), "{text}");
        assert!(
            text.contains("Ann Smith, CEO") && text.contains("worth keeping"),
            "{text}"
        );
    }

    #[test]
    fn a_sign_up_box_goes_and_text_about_newsletters_stays() {
        let body = story(8);
        let html = format!(
            "<div><p>Our weekly newsletter changed format this year, the editors explain below.</p>{body}\
             <div id=\"replay-signup\"><h3>Sign up for The Replay newsletter</h3><p>A weekly newsletter for engineering leaders.</p>\
             <div class=\"replay-signup-form-wrapper\"></div></div>\
             <h2 id=\"why-we-subscribe\">Why readers subscribe</h2><p class=\"newsletter-note\">Readers subscribe for the analysis.</p>\
             <aside class=\"enews hbg-after-post-optin\"><p>Your garden's best kept secret, in your inbox.</p><form><input type=\"email\"></form></aside></div>"
        );
        let (_, text) = prune(&html);
        assert_gone_and_kept(
            &text,
            &["The Replay", "engineering leaders", "best kept secret"],
            &[
                "changed format",
                "worth keeping",
                "Why readers subscribe",
                "for the analysis",
            ],
        );
        // A newsletter issue quoted in a box so named is more than a pitch: it stays.
        let quoted =
            "<p>This week in the issue: a release, a benchmark and two long reads to keep.</p>";
        let issue = format!(
            "<div>{body}{body}<div class=\"newsletter-issue\">{}</div></div>",
            quoted.repeat(11)
        );
        assert!(prune(&issue).1.contains("two long reads"));
    }

    #[test]
    fn a_block_labelled_like_a_section_heading_opens_a_section() {
        let body = story(8);
        let html = format!(
            "<div>{body}<div class=\"label\">Also in the news</div><ul><li><a href=\"/a\">Another story</a></li></ul>\
             <p>More of another story</p><h2>Next part</h2><p>The article goes on after the list.</p>\
             <div class=\"player\"><div>Share</div><p>The caption of the video.</p></div></div>"
        );
        let (_, text) = prune(&html);
        assert_gone_and_kept(
            &text,
            &["Also in the news", "Another story", "More of another story"],
            &[
                "worth keeping",
                "Next part",
                "goes on after the list",
                "Share",
                "caption of the video",
            ],
        );
    }

    #[test]
    fn a_widget_class_on_most_of_the_article_is_kept() {
        let html = "<div><div class=\"cta\"><p>Most of the article sits in an element with a widget's class, and it must stay readable.</p></div><p>Short.</p></div>";
        let (_, text) = prune(html);
        assert!(text.contains("must stay readable"), "{text}");
    }

    #[test]
    fn a_boilerplate_heading_over_most_of_the_article_is_kept() {
        let html = "<div><p>Intro.</p><h2>Comments</h2><p>This article is about comments: how to write them, with many words of real content here.</p></div>";
        let (_, text) = prune(html);
        assert!(text.contains("how to write them"), "{text}");
    }

    #[test]
    fn heading_anchor_marks_go_and_links_with_words_or_pictures_stay() {
        let body = story(3);
        let html = format!(
            "<div><h2 id=\"variants\">Variants<a class=\"anchor\" href=\"#variants\">§</a></h2>{body}\
             <h3>Usage<a class=\"headerlink\" href=\"https://docs.example.com/page#usage\">¶</a></h3>\
             <p>See <a href=\"#variants\">the variants</a> and the <a href=\"#fig\"><img src=\"a.png\"></a> figure.</p>\
             <p>Footnote<a href=\"#fn1\">1</a> and <a href=\"/other\">→</a>, and others<a href=\"#note\">.</a></p>\
             <p>The note.<a href=\"#ref1\">↩︎</a></p></div>"
        );
        let (pruned, text) = prune(&html);
        assert_gone_and_kept(
            &text,
            &["§", "¶", "↩"],
            &[
                "Variants",
                "Usage",
                "the variants",
                "Footnote1",
                "→",
                "others.",
                "The note.",
            ],
        );
        assert!(pruned.contains("a.png"), "{pruned}");
    }
}
