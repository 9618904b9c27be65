//! The window shows only the app: navigation to anything but the app's own pages is refused, and a
//! web address goes to the system browser instead (a link the UI did not catch, a dropped link).

use url::Url;

/// What to do with a navigation the webview is about to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Navigation {
    /// One of the app's own pages: let it load.
    Allow,
    /// A web page: refuse it in the window and open it in the system browser.
    OpenInBrowser(String),
    /// Anything else (file:, data:, javascript:, custom schemes): refuse it.
    Refuse,
}

/// Decides a navigation to `url`. `dev_url` is the vite dev server in a dev build, else `None`.
#[must_use]
pub fn decide(url: &Url, dev_url: Option<&Url>) -> Navigation {
    let own = match url.scheme() {
        // Linux and macOS serve the app from tauri://localhost, Windows from http(s)://tauri.localhost.
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => {
            url.host_str() == Some("tauri.localhost")
                || dev_url.is_some_and(|dev| dev.origin() == url.origin())
        }
        _ => false,
    };
    if own {
        Navigation::Allow
    } else if matches!(url.scheme(), "http" | "https") {
        Navigation::OpenInBrowser(url.as_str().to_owned())
    } else {
        Navigation::Refuse
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn decide_str(url: &str, dev: Option<&str>) -> Navigation {
        let dev = dev.map(|d| Url::parse(d).unwrap());
        decide(&Url::parse(url).unwrap(), dev.as_ref())
    }

    #[test]
    fn the_app_itself_loads() {
        assert_eq!(decide_str("tauri://localhost/", None), Navigation::Allow);
        assert_eq!(
            decide_str("tauri://localhost/index.html", None),
            Navigation::Allow
        );
        assert_eq!(
            decide_str("http://tauri.localhost/", None),
            Navigation::Allow
        );
        assert_eq!(
            decide_str("http://localhost:5173/", Some("http://localhost:5173")),
            Navigation::Allow
        );
    }

    #[test]
    fn web_pages_go_to_the_browser() {
        assert_eq!(
            decide_str("https://lwn.net/Articles/1/", None),
            Navigation::OpenInBrowser("https://lwn.net/Articles/1/".into())
        );
        // Without a dev server, a page on localhost is just a web page.
        assert_eq!(
            decide_str("http://localhost:5173/", None),
            Navigation::OpenInBrowser("http://localhost:5173/".into())
        );
        assert_eq!(
            decide_str("http://localhost:8080/", Some("http://localhost:5173")),
            Navigation::OpenInBrowser("http://localhost:8080/".into())
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        for url in [
            "file:///etc/passwd",
            "data:text/html,<p>x</p>",
            "javascript:alert(1)",
            "tauri://evil/",
        ] {
            assert_eq!(decide_str(url, None), Navigation::Refuse, "{url}");
        }
    }
}
