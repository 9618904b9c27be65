//! `tidings://clip?url=…[&title=…]`: the link a bookmarklet (or any web page) can open. It is
//! untrusted, so it can do one thing only: ask to clip an http(s) address into the inbox,
//! through the same checks as any clip. Anything else is refused with one line.

use tauri::{AppHandle, Emitter as _, Manager as _, Runtime};

use crate::{events, AppState, MAIN_WINDOW};

/// The scheme the app registers (tauri.conf.json, `plugins.deep-link.desktop.schemes`).
pub const SCHEME: &str = "tidings";
/// The longest link accepted: a bookmarklet's URL and title fit with room to spare.
pub const MAX_LINK: usize = 8 * 1024;
/// The longest title kept, in characters.
const MAX_TITLE: usize = 300;

/// What a well-formed link asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipLink {
    /// The address to clip: http or https, with a host.
    pub url: String,
    /// The page's title as the browser knew it: checked and kept, but the clip takes the title
    /// from the page it fetches.
    pub title: Option<String>,
}

/// Whether an argument looks like a `tidings:` link at all (to be parsed, and refused if bad).
pub fn is_link(arg: &str) -> bool {
    arg.trim_start()
        .get(..SCHEME.len() + 1)
        .is_some_and(|head| head.eq_ignore_ascii_case(&format!("{SCHEME}:")))
}

/// Reads a `tidings://clip?url=…&title=…` link.
///
/// # Errors
/// One line saying why the link is refused: another scheme or action, a missing, repeated or
/// non-http(s) `url`, an unknown parameter, or a link too long.
pub fn parse(link: &str) -> Result<ClipLink, String> {
    let refuse = |why: &str| Err(format!("tidings:// link refused: {why}"));
    if link.len() > MAX_LINK {
        return refuse(&format!("longer than {MAX_LINK} bytes"));
    }
    let Ok(parsed) = url::Url::parse(link.trim()) else {
        return refuse("not a link");
    };
    if parsed.scheme() != SCHEME {
        return refuse(&format!("not a {SCHEME}:// link"));
    }
    let action = parsed.host_str().unwrap_or_default();
    if !action.eq_ignore_ascii_case("clip")
        || !matches!(parsed.path(), "" | "/")
        || !parsed.username().is_empty()
        || parsed.password().is_some()
        || parsed.port().is_some()
    {
        return refuse("the only action is tidings://clip?url=…");
    }
    let (mut url, mut title) = (None, None);
    for (key, value) in parsed.query_pairs() {
        let slot = match key.as_ref() {
            "url" => &mut url,
            "title" => &mut title,
            other => return refuse(&format!("unknown parameter {:?}", truncate(other, 40))),
        };
        if slot.replace(value.into_owned()).is_some() {
            return refuse(&format!("{key} is given twice"));
        }
    }
    let Some(url) = url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) else {
        return refuse("it names no url to clip");
    };
    let web = url::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if web.is_none() {
        return refuse(&format!(
            "only http and https addresses are clipped, not {:?}",
            truncate(&url, 80)
        ));
    }
    let title = title
        .map(|t| {
            let clean: String = t
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            truncate(clean.trim(), MAX_TITLE)
        })
        .filter(|t| !t.is_empty());
    Ok(ClipLink { url, title })
}

fn truncate(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// What [`queue`] did with some links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Queued {
    /// Links whose address waits to be clipped.
    pub clips: usize,
    /// Links refused, each with a notice.
    pub refused: usize,
}

/// Queues each link's address to be clipped (the window clips it into the inbox, as a URL given
/// on the command line), or a one-line notice saying why it was refused.
pub fn queue(state: &AppState, links: impl IntoIterator<Item = String>) -> Queued {
    let mut queued = Queued::default();
    for link in links {
        match parse(&link) {
            Ok(clip) => {
                state.queue_urls([clip.url]);
                queued.clips += 1;
            }
            Err(refused) => {
                eprintln!("tidings-app: {refused}");
                state.queue_notice(refused);
                queued.refused += 1;
            }
        }
    }
    queued
}

/// Links that reached the running app (a second launch, the OS): queued, the window told, and
/// brought forward.
pub fn receive<R: Runtime>(app: &AppHandle<R>, links: impl IntoIterator<Item = String>) {
    let queued = queue(&app.state::<AppState>(), links);
    if queued.clips > 0 {
        let _ = app.emit_to(MAIN_WINDOW, events::CLIP_URLS, ());
    }
    if queued.refused > 0 {
        let _ = app.emit_to(MAIN_WINDOW, events::NOTICES, ());
    }
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The `javascript:` bookmarklet that opens the current page's address and title as a
/// `tidings://clip` link. It only navigates: it never fetches from the page (a page's scripts
/// could watch or block a request to 127.0.0.1; a navigation leaves the page).
pub const BOOKMARKLET: &str = "javascript:(()=>{location.href='tidings://clip?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)})()";

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(url: &str, title: Option<&str>) -> Result<ClipLink, String> {
        Ok(ClipLink {
            url: url.to_owned(),
            title: title.map(str::to_owned),
        })
    }

    #[test]
    fn accepts_a_clip_of_a_web_address() {
        assert_eq!(
            parse("tidings://clip?url=https%3A%2F%2Flwn.net%2FArticles%2F1%2F%3Fa%3D1%26b%3D2"),
            clip("https://lwn.net/Articles/1/?a=1&b=2", None)
        );
        assert_eq!(
            parse("tidings://clip?url=http://127.0.0.1:8080/page&title=Rust%201.90%20%E2%80%94%20released"),
            clip("http://127.0.0.1:8080/page", Some("Rust 1.90 — released"))
        );
        assert_eq!(
            parse("TIDINGS://Clip/?title=&url=https://x.org/"),
            clip("https://x.org/", None)
        );
        // A title's control characters become spaces; a long one is cut.
        let long = "a".repeat(400);
        let parsed = parse(&format!(
            "tidings://clip?url=https://x.org/&title=a%0Ab%1B{long}"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let title = parsed.title.unwrap_or_default();
        assert!(title.starts_with("a b "), "{title}");
        assert_eq!(title.chars().count(), MAX_TITLE + 1);
    }

    #[test]
    fn refuses_everything_else_with_one_line() {
        for (link, why) in [
            ("https://lwn.net/", "not a tidings:// link"),
            ("tidings://open?url=https://x.org/", "the only action"),
            (
                "tidings://clip/../delete?url=https://x.org/",
                "the only action",
            ),
            ("tidings://user@clip?url=https://x.org/", "the only action"),
            ("tidings://clip:99?url=https://x.org/", "the only action"),
            ("tidings://clip", "names no url"),
            ("tidings://clip?url=", "names no url"),
            (
                "tidings://clip?url=javascript:alert(1)",
                "only http and https",
            ),
            (
                "tidings://clip?url=file:///etc/passwd",
                "only http and https",
            ),
            (
                "tidings://clip?url=data:text/html,hi",
                "only http and https",
            ),
            ("tidings://clip?url=http://", "only http and https"),
            ("tidings://clip?url=not%20a%20url", "only http and https"),
            (
                "tidings://clip?url=https://a.org/&url=https://b.org/",
                "url is given twice",
            ),
            (
                "tidings://clip?url=https://a.org/&tags=x",
                "unknown parameter \"tags\"",
            ),
            ("tidings:", "the only action"),
            ("", "not a link"),
        ] {
            let error = match parse(link) {
                Ok(accepted) => panic!("{link} was accepted: {accepted:?}"),
                Err(error) => error,
            };
            assert!(error.starts_with("tidings:// link refused: "), "{error}");
            assert!(error.contains(why), "{link}: {error}");
            assert!(!error.contains('\n'), "{error}");
        }
        let huge = format!("tidings://clip?url=https://x.org/{}", "a".repeat(MAX_LINK));
        assert!(parse(&huge).is_err_and(|e| e.contains("longer than")));
    }

    #[test]
    fn queues_the_address_of_a_good_link_and_a_notice_for_a_bad_one() {
        let state = AppState::unavailable(crate::IpcError::library_unavailable("none"));
        let queued = queue(
            &state,
            [
                "tidings://clip?url=https://lwn.net/a&title=A".to_owned(),
                "tidings://delete?url=https://lwn.net/a".to_owned(),
            ],
        );
        assert_eq!(
            queued,
            Queued {
                clips: 1,
                refused: 1
            }
        );
        assert_eq!(state.take_urls(), vec!["https://lwn.net/a".to_owned()]);
        let notices = state.take_notices();
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("the only action"), "{notices:?}");
    }

    #[test]
    fn knows_a_link_from_other_arguments() {
        assert!(is_link("tidings://clip?url=x"));
        assert!(is_link("TIDINGS:x"));
        assert!(!is_link("https://lwn.net/"));
        assert!(!is_link("--library"));
        assert!(!is_link("tidings"));
        assert!(!is_link("é"));
    }

    #[test]
    fn the_bookmarklet_only_navigates_to_a_clip_link() {
        assert!(BOOKMARKLET.starts_with("javascript:"));
        assert!(BOOKMARKLET.contains("location.href='tidings://clip?url='"));
        assert!(BOOKMARKLET.contains("&title='"));
        for fetching in [
            "fetch(",
            "XMLHttpRequest",
            "127.0.0.1",
            "localhost",
            "sendBeacon",
        ] {
            assert!(!BOOKMARKLET.contains(fetching), "{fetching}");
        }
    }
}
