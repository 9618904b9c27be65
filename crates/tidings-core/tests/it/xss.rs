//! A clipped page is hostile input: every vector of `tests/fixtures/xss/vectors.json`, placed inside
//! an article, must come out of extraction and sanitising with nothing that could run, load or
//! navigate. (`tests/e2e/tests/hostile.rs` renders the same vectors in the real app.)

use tidings_core::extract::{extract, sanitize_html};
use url::Url;

/// The shared vectors (`tests/fixtures/xss/vectors.json`, also clipped into the real app by
/// `tests/e2e/tests/hostile.rs`): script in its disguises, event handlers, dangerous URL schemes,
/// SVG/MathML tricks, `<base>`, `<meta refresh>`, CSS, `srcdoc`, forms, and markup that re-parses
/// into script. `PAYLOAD` stands for the script a vector would run and `TRAP_URL` for an address
/// it would load; here they become `alert(1)` and an address on `evil.example`.
fn vectors() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/xss/vectors.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let raw: Vec<String> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    raw.iter()
        .map(|v| {
            v.replace("PAYLOAD", "alert(1)")
                .replace("TRAP_URL", TRAP_URL)
        })
        .collect()
}

/// What `TRAP_URL` becomes in these tests.
const TRAP_URL: &str = "https://evil.example/trap";

/// Elements that run script, load or frame another document, restyle the page, submit, or parse
/// their content differently (the raw-text and foreign-content ones behind mutation XSS).
const BAD_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "portal",
    "base",
    "meta",
    "link",
    "style",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "keygen",
    "isindex",
    "svg",
    "math",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "title",
    "video",
    "audio",
    "source",
    "dialog",
    "marquee",
];

/// Attributes that load, submit, restyle or navigate whatever their value.
const BAD_ATTRIBUTES: &[&str] = &[
    "style",
    "srcdoc",
    "formaction",
    "action",
    "ping",
    "background",
    "poster",
    "codebase",
    "xlink:href",
    "http-equiv",
];

/// URL schemes that run or render script when followed or loaded.
const BAD_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// What must never survive: anything that runs, loads a frame or a script, restyles, submits or
/// navigates. The HTML is parsed as the reader's `innerHTML` parses it, so a danger hidden in text
/// or in an attribute's value is seen only if it becomes markup, and markup re-parsed into script
/// (mutation XSS) is seen as the script it becomes.
fn dangerous(html: &str) -> Option<String> {
    let document = dom_query::Document::fragment(html);
    for node in document.root().descendants() {
        let Some(name) = node.node_name() else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if BAD_ELEMENTS.contains(&name.as_str()) {
            return Some(format!("<{name}>"));
        }
        for attribute in node.attrs() {
            let attr = match &attribute.name.prefix {
                Some(prefix) => format!("{}:{}", &**prefix, &*attribute.name.local),
                None => attribute.name.local.to_string(),
            }
            .to_ascii_lowercase();
            if attr.starts_with("on") {
                return Some(format!("an event handler {attr} on <{name}>"));
            }
            if BAD_ATTRIBUTES.contains(&attr.as_str()) {
                return Some(format!("{attr}= on <{name}>"));
            }
            // As a browser reads a URL: without surrounding spaces and controls, tabs or newlines.
            let value: String = attribute
                .value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(scheme) = BAD_SCHEMES.iter().find(|s| value.starts_with(*s)) {
                return Some(format!("{scheme} in {attr}= on <{name}>"));
            }
            if value.contains("expression(") {
                return Some(format!("expression( in {attr}= on <{name}>"));
            }
        }
    }
    None
}

#[test]
fn at_least_a_hundred_distinct_vectors_are_tried() {
    let vectors = vectors();
    let distinct: std::collections::HashSet<&String> = vectors.iter().collect();
    assert_eq!(distinct.len(), vectors.len(), "a vector is listed twice");
    assert!(vectors.len() >= 100, "{}", vectors.len());
}

#[test]
fn the_sanitiser_leaves_nothing_that_runs() {
    let base = Url::parse("https://news.example/post").unwrap();
    let mut failures = Vec::new();
    for vector in &vectors() {
        let clean = sanitize_html(&format!("<p>before</p>{vector}<p>after</p>"), &base);
        if let Some(danger) = dangerous(&clean) {
            failures.push(format!("{vector:?} kept {danger}: {clean:?}"));
        }
        if !clean.contains("before") {
            failures.push(format!("{vector:?} swallowed the text: {clean:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_clipped_article_full_of_vectors_is_stored_harmless() {
    let paragraph = "<p>This paragraph is ordinary article prose, long enough for the extractor to keep it as content.</p>";
    let body: String = vectors()
        .iter()
        .map(|v| format!("{paragraph}{v}"))
        .collect();
    let page = format!("<html><head><title>Hostile</title></head><body><article><h1>Hostile</h1>{body}</article></body></html>");
    let extracted = extract(&page, &Url::parse("https://news.example/post").unwrap()).unwrap();
    assert_eq!(
        dangerous(&extracted.content_html),
        None,
        "{}",
        extracted.content_html
    );
    assert!(extracted.text.contains("ordinary article prose"));
}

#[test]
fn each_vector_in_an_article_of_its_own_is_stored_harmless() {
    let prose = "<p>This paragraph is ordinary article prose, long enough for the extractor to keep it as content, with a second sentence for good measure.</p>";
    let mut failures = Vec::new();
    for vector in &vectors() {
        let page = format!(
            "<html><head><title>Hostile</title></head><body><article><h1>Hostile</h1>{prose}{prose}{vector}{prose}{prose}</article></body></html>"
        );
        match extract(&page, &Url::parse("https://news.example/post").unwrap()) {
            Ok(extracted) => {
                if let Some(danger) = dangerous(&extracted.content_html) {
                    failures.push(format!(
                        "{vector:?} kept {danger}: {:?}",
                        extracted.content_html
                    ));
                }
            }
            Err(error) => failures.push(format!("{vector:?} lost the article: {error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_checker_itself_sees_danger() {
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:x\">",
        "<a href=\" java&#x09;script:x\">",
        "<a href=\"DATA:text/html,x\">",
        "<script>",
        "<p style=\"x\">",
        "<svg><a>x</a></svg>",
        "<iframe></iframe>",
        "<a href=\"https://ok.example\" ping=\"https://evil.example\">x</a>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    ] {
        assert!(dangerous(bad).is_some(), "{bad}");
    }
    // Text and attribute values that only look like markup are not markup.
    for harmless in [
        "<p class=\"language-rust\">x</p><a href=\"https://ok.example\" rel=\"noopener noreferrer\">y</a>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript: style=</p>",
        "<img src=\"https://news.example/x/onerror=alert(1)\">",
        "<a title=\"a&quot;><img src=x onerror=alert(1)>\">x</a>",
        "<a href=\"https://news.example/javascript:alert(1)\">x</a>",
    ] {
        assert_eq!(dangerous(harmless), None, "{harmless}");
    }
}
