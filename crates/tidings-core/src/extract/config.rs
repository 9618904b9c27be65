//! The extraction's thresholds and word lists, in one place, by pass (see `pipeline.rs` for the
//! order the passes run in). Each number says what it bounds and, where it was tuned, what was
//! measured; a change here is a change in behaviour, to be proven on held-out pages (folds by
//! host), never on the development set alone.
//!
//! What is a fact of HTML rather than a choice (void elements, table parts, the languages code
//! can be written in) stays with the pass that reads it; the vocabulary several passes share is
//! in `dom.rs`.

/// The article as a whole: reading time and the warnings a clip carries.
pub(super) mod article {
    /// Words read per minute, for the reading-time estimate.
    pub(crate) const WORDS_PER_MINUTE: u32 = 230;
    /// Characters of Chinese and Japanese read per minute (these scripts put no spaces between
    /// words).
    pub(crate) const CJK_CHARACTERS_PER_MINUTE: usize = 500;
    /// Below this many words an article is flagged as possibly cut short.
    pub(crate) const SHORT_ARTICLE_WORDS: u32 = 120;
    /// A JSON-LD `articleBody` shorter than this is too small to compare with.
    pub(crate) const DECLARED_BODY_MIN_WORDS: usize = 50;
    /// Below this share of the declared body's words in the text, the clip is flagged.
    pub(crate) const DECLARED_BODY_MIN_COVERAGE: f64 = 0.8;
}

/// Second-guessing the container Readability chose (`pipeline.rs`).
pub(super) mod second_guess {
    /// The first extraction is second-guessed when it holds less than 1/5 of the page's
    /// paragraph words (measured on the development set: 1/6 left a recipe's steps behind its
    /// intro; 1/2 and 1/4 also pulled comment threads into clean Mozilla pages). Out of fold
    /// (`bench/extract-cv`), with comment threads no longer counted as prose, 1/4 and 1/3 still
    /// lose: 0.007 F1 on one fold of five and 0.008–0.010 on Mozilla.
    pub(crate) const RETRY_BELOW_SHARE: usize = 5;
    /// An alternative replaces the first extraction only with more than twice its prose.
    pub(crate) const ALTERNATIVE_MARGIN: usize = 2;
    /// Below this many words of paragraphs a page is too small to second-guess.
    pub(crate) const MIN_PARAGRAPH_WORDS: usize = 150;
    /// Words of a class (split at `-` and `_`) or id that name a reader comment thread
    /// (`id="comments"`, `ol.comment-list`, `li.comment`, `#disqus_thread`, `div.replies`): its
    /// words do not count as prose when a retry's result is weighed (`thread.rs`).
    pub(crate) const THREAD_WORDS: &[&str] = &[
        "comment",
        "comments",
        "commentlist",
        "commentlisting",
        "disqus",
        "replies",
    ];
    /// ... unless the class also holds one of these: it says something about comments
    /// (`comments-open` on a page, `comment-count` on a link, `no-comments`), it is no thread.
    pub(crate) const NOT_THREAD_WORDS: &[&str] = &[
        "open", "closed", "count", "number", "link", "icon", "button", "btn", "has", "no",
        "enabled", "disabled", "allowed",
    ];
    /// The label of a link or button that answers one comment.
    pub(crate) const REPLY_LABELS: &[&str] = &["reply", "respond", "reply to this comment"];
    /// What the address of a link to a comment's reply form holds (WordPress, most themes).
    pub(crate) const REPLY_LINK_MARKS: &[&str] = &["replytocom=", "#respond"];
}

/// Uncovering a page hidden whole until its script runs (`cloak.rs`).
pub(super) mod cloak {
    /// A hidden element holding at least this share of the page's words is the page itself (a
    /// hidden block holding half of it is a part the page means to hide, as in Readability's own
    /// tests).
    pub(crate) const MIN_PAGE_SHARE: f64 = 0.9;
    /// A hidden block with fewer words than this is not the page, whatever the page holds: the
    /// page is then not measured.
    pub(crate) const MIN_CLOAK_WORDS: usize = 100;
    /// Elements whose hidden state is not a cloak over the page.
    pub(crate) const NEVER_CLOAKS: &[&str] = &["noscript", "template", "script", "style", "dialog"];
    /// A cloak sits this close to `<body>` (the body itself is 0): it wraps the page. Only the top
    /// of the page is looked at, which costs nothing next to a scan of the whole page.
    pub(crate) const MAX_CLOAK_DEPTH: usize = 4;
}

/// Code blocks (`code.rs`).
pub(super) mod code {
    /// How many wrappers above a `<pre>` may carry its language (`div.highlight-x > div > pre`).
    pub(crate) const WRAPPER_DEPTH: usize = 3;
    /// Languages that mean "no language".
    pub(crate) const PLAIN: &[&str] = &[
        "text",
        "plain",
        "plaintext",
        "txt",
        "none",
        "nohighlight",
        "no-highlight",
    ];
    /// Classes that mark the line-number column of a listing.
    pub(crate) const GUTTER_CLASSES: &[&str] = &[
        "linenos",
        "lineno",
        "linenodiv",
        "gutter",
        "line-numbers",
        "line-number",
        "blob-num",
        "hljs-ln-numbers",
        "code-line-number",
    ];
}

/// The page's JSON-LD (`jsonld.rs`).
pub(super) mod jsonld {
    /// Largest JSON-LD block read (a page may embed megabytes of product data).
    pub(crate) const MAX_BLOCK_BYTES: usize = 2 * 1024 * 1024;
}

/// Pictures and players (`media.rs`).
pub(super) mod media {
    /// The width an image is chosen for from a `srcset`: the largest candidate up to this one.
    pub(crate) const PREFERRED_WIDTH: f64 = 1600.0;
}

/// Putting back prose Readability's cleaning took out (`recover.rs`).
pub(super) mod recover {
    /// A lost block comes back with at least this many words of prose (measured: a teaser card
    /// has fewer; at 40, the labels of a newspaper's charts came back into Mozilla's pages).
    pub(crate) const MIN_RESTORED_WORDS: usize = 60;
    /// ... and at most this share of its words in links.
    pub(crate) const MAX_RESTORED_LINKED_SHARE: f64 = 0.2;
    /// Nothing comes back when the lost blocks hold more than this many times the article's prose:
    /// that is another page's worth, a gallery or a feed.
    pub(crate) const MAX_RESTORED_GROWTH: usize = 2;
}

/// Widening an article Readability cut short (`widen.rs`).
pub(super) mod widen {
    /// How many ancestors of the container are looked into: its parent, grandparent and
    /// great-grandparent (measured: a fourth or more added nothing; six pulled a page's whole main
    /// column into a clean article).
    pub(crate) const LEVELS: usize = 3;
    /// The blocks around join only with at least as much prose as the article already holds (half
    /// as much also caught a sidebar of labelled toggles).
    pub(crate) const MIN_GROWTH: f64 = 1.0;
    /// Nor with fewer words of prose than this.
    pub(crate) const MIN_JOINED_WORDS: usize = 50;
    /// A block with more of its words in links than this share is a list of links, not prose.
    pub(crate) const MAX_LINKED_SHARE: f64 = 0.33;
    /// Sections built alike are looked for up to this many ancestors above the container.
    pub(crate) const SECTION_LEVELS: usize = 12;
    /// ... only when the article holds less than this share of the page's prose.
    pub(crate) const MAX_HELD_SHARE: f64 = 0.5;
    /// Share of their classes (of all classes of both) two sections built alike have in common.
    pub(crate) const MIN_SHARED_CLASSES: f64 = 0.5;
}

/// Dropping blocks the article holds twice (`repeats.rs`).
pub(super) mod repeats {
    /// A container with fewer words than this is left alone even when repeated.
    pub(crate) const MIN_COPY_WORDS: usize = 50;
}

/// Pruning what is not the article from inside it (`prune.rs`).
pub(super) mod prune {
    /// Headings that open a section of boilerplate: the section (the heading and what follows it
    /// at its level) is dropped.
    pub(crate) const SECTION_HEADINGS: &[&str] = &[
        "related",
        "related posts",
        "related post",
        "related articles",
        "related stories",
        "related reading",
        "related content",
        "you may also like",
        "you might also like",
        "you may be interested in",
        "more from",
        "more stories",
        "more articles",
        "more news",
        "read next",
        "read more",
        "recommended",
        "recommended for you",
        "popular posts",
        "popular articles",
        "most popular",
        "trending",
        "also in the news",
        "latest news",
        "latest posts",
        "recent posts",
        "stay updated",
        "subscribe",
        "subscribe to our newsletter",
        "sign up for our newsletter",
        "newsletter",
        "join our newsletter",
        "get the newsletter",
        "share this",
        "share this article",
        "share this post",
        "share",
        "comments",
        "leave a comment",
        "leave a reply",
        "join the conversation",
        "about the author",
        "follow us",
    ];
    /// Starts of headings that open a section of boilerplate whatever follows ("More from The
    /// Verge", "You might also enjoy these posts").
    pub(crate) const SECTION_HEADING_STARTS: &[&str] = &[
        "more from ",
        "more articles",
        "more stories",
        "more posts",
        "you might also ",
        "you may also ",
        "up next",
        "other posts you",
        "other articles you",
        "similar posts",
        "similar articles",
        "related posts",
        "related articles",
        "related stories",
        "recommended for you",
    ];
    /// Words a block needs to open a section as a heading does.
    pub(crate) const MIN_LABEL_WORDS: usize = 2;
    /// Short blocks that are boilerplate wherever they are.
    pub(crate) const BOILERPLATE_LINES: &[&str] = &[
        "all rights reserved",
        "by signing up, you agree",
        "by subscribing, you agree",
    ];
    /// Words of a class or id that mark a widget rather than article text: call-to-action boxes,
    /// slideshows of other stories, affiliate and legal disclaimers. Matched as whole words of the
    /// attribute (`cta-box`, `post_disclaimer`), in any case.
    pub(crate) const WIDGET_WORDS: &[&str] = &["cta", "carousel", "disclaimer"];
    /// Words of a class or id that mark a box about the writer (`author-bio`, `entry-author`,
    /// `contributor-box`): matched as [`WIDGET_WORDS`] are, dropped up to [`MAX_AUTHOR_BOX_WORDS`].
    pub(crate) const AUTHOR_WORDS: &[&str] =
        &["author", "authors", "bio", "contributor", "contributors"];
    /// An author box shorter than this is a name or a quote's attribution, not a bio.
    pub(crate) const MIN_AUTHOR_BOX_WORDS: usize = 20;
    /// An author box longer than this is more than a bio (a class on the whole post, a guest essay).
    pub(crate) const MAX_AUTHOR_BOX_WORDS: usize = 250;
    /// Words of a class or id that mark a reader comment thread (`id="comments"`,
    /// `class="comment-list"`, `ul#commentlisting`, Disqus): matched as [`WIDGET_WORDS`] are.
    pub(crate) const COMMENT_WORDS: &[&str] =
        &["comments", "commentlist", "commentlisting", "disqus"];
    /// A section is dropped only if it holds less than this share of the article's words.
    pub(crate) const MAX_DROPPED_SHARE: f64 = 0.4;
    /// Words of a class or id that mark a box asking the reader to sign up (`newsletter-card`,
    /// `replay-signup`, `subscribe_section`, `after-post-optin`): matched as [`WIDGET_WORDS`] are,
    /// on boxes (not headings or paragraphs) up to [`MAX_SIGNUP_BOX_WORDS`].
    pub(crate) const SIGNUP_WORDS: &[&str] =
        &["newsletter", "signup", "subscribe", "optin", "enews"];
    /// A sign-up box longer than this is more than a pitch and a form (a newsletter issue itself).
    pub(crate) const MAX_SIGNUP_BOX_WORDS: usize = 150;
    /// A comment thread is dropped, however long, if this many of the article's words remain: a
    /// busy thread is often many times longer than the story it follows.
    pub(crate) const MIN_WORDS_BESIDE_COMMENTS: usize = 100;
    /// Navigation is dropped when it holds less than 1/this of the article's words (more, and
    /// the "navigation" is the article: a docs page's index, a list of links someone clipped).
    pub(crate) const MAX_NAVIGATION_SHARE_INVERSE: usize = 5;
}

/// Trimming what follows the end of the body the page declares (`tail.rs`).
pub(super) mod tail {
    /// The body's last this many words are looked for in the article.
    pub(crate) const END_WORDS: usize = 6;
    /// A body shorter than this many words is an excerpt, not the story.
    pub(crate) const MIN_BODY_WORDS: usize = 50;
    /// ... and so is one shorter than this share of the article's words.
    pub(crate) const MIN_BODY_SHARE: f64 = 0.5;
    /// The article holds at least this share of the body's words, or the body is of another story.
    pub(crate) const MIN_COVERAGE: f64 = 0.8;
    /// What follows the body's end goes only while shorter than this share of the article.
    pub(crate) const MAX_TAIL_SHARE: f64 = 0.25;
}
