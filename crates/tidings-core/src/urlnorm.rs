//! URL checks and normalisation: which URLs can be clipped, and the key under which two
//! addresses of the same article are recognised as duplicates.

use url::Url;

use crate::{Error, Result};

/// Query parameters that only track where a click came from; they never change the page.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_eid",
    "mc_cid",
    "ref",
    "ref_src",
    "ref_url",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wt_mc",
    "cmpid",
    "guccounter",
    "share",
    "smid",
    "at_medium",
    "at_campaign",
    "s_cid",
    "spm",
];

/// Prefixes of tracking parameter families (`utm_source`, `utm_medium`, …).
const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "mtm_", "hsa_", "__hs"];

/// Parses what a user typed as the address of a page to clip: http or https only, with a host
/// and without a user name or password.
///
/// # Errors
/// [`Error::InvalidUrl`] naming the input and what is wrong with it.
pub fn parse_clip_url(input: &str) -> Result<Url> {
    let trimmed = input.trim();
    let invalid = |reason: &str| Error::InvalidUrl {
        url: trimmed.to_owned(),
        reason: reason.to_owned(),
    };
    if trimmed.is_empty() {
        return Err(invalid("the URL is empty"));
    }
    let url = Url::parse(trimmed).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            invalid("not a full address: it needs http:// or https:// in front")
        }
        e => invalid(&e.to_string()),
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(invalid(&format!(
                "only http and https pages can be clipped, not {other}:"
            )))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the URL has no host"));
    }
    // A password would be stored and exported in clear, and `https://trusted@evil/` misleads.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "the URL holds a user name or password; remove it (nothing is stored with one)",
        ));
    }
    Ok(url)
}

/// Returns the duplicate-detection form of a URL: fragment and tracking parameters removed.
/// (Scheme and host case and default ports are already normalised by [`Url`] parsing.)
#[must_use]
pub fn normalize(url: &Url) -> Url {
    let mut out = url.clone();
    out.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !is_tracking_param(name))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        out.set_query(None);
    } else if kept.len() != url.query_pairs().count() {
        out.query_pairs_mut().clear().extend_pairs(kept);
    }
    out
}

/// The key two URLs of one article share: the normalised URL without its scheme, so an
/// article saved over http is found again over https.
#[must_use]
pub fn dedup_key(url: &Url) -> String {
    let normalized = normalize(url);
    let s = normalized.as_str();
    s.split_once("://").map_or(s, |(_, rest)| rest).to_owned()
}

fn is_tracking_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    TRACKING_PARAMS.contains(&lower.as_str())
        || TRACKING_PREFIXES.iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        dedup_key(&parse_clip_url(s).unwrap())
    }

    #[test]
    fn strips_tracking_fragment_case_and_default_port() {
        assert_eq!(
            key(
                "HTTPS://Example.COM:443/news/a?utm_source=x&id=7&fbclid=abc&UTM_Medium=y#comments"
            ),
            "example.com/news/a?id=7"
        );
        assert_eq!(
            key("http://example.com:80/a?gclid=1&mc_eid=2&ref=hn"),
            "example.com/a"
        );
        assert_eq!(
            key("https://example.com/a"),
            key("http://example.com/a#top")
        );
    }

    #[test]
    fn keeps_meaningful_parameters_and_paths_apart() {
        assert_ne!(
            key("https://example.com/a?id=1"),
            key("https://example.com/a?id=2")
        );
        assert_ne!(key("https://example.com/a"), key("https://example.com/b"));
        assert_eq!(key("https://example.com:8443/a"), "example.com:8443/a");
    }

    #[test]
    fn refuses_what_cannot_be_clipped() {
        for bad in [
            "",
            "   ",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://x.org/a",
            "not a url",
            "data:text/html,hi",
        ] {
            let err = parse_clip_url(bad).unwrap_err().to_string();
            assert!(err.starts_with("invalid URL"), "{bad}: {err}");
            assert!(!err.contains('\n'));
        }
        assert!(parse_clip_url("javascript:alert(1)")
            .unwrap_err()
            .to_string()
            .contains("not javascript:"));
    }
}
