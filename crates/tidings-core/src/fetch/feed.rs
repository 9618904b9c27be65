//! Polling a feed: one conditional GET (`If-None-Match`, `If-Modified-Since`) with the clip's
//! timeouts, size cap, decompression and User-Agent, following redirects itself so that it can
//! tell a permanent move (a chain of 301/308 only) from a temporary one. Any status is an answer
//! here (a 304, a 410, a 503 with `Retry-After`): what each means is the polling rules' business.

use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, CACHE_CONTROL, CONTENT_TYPE, DATE, ETAG, EXPIRES,
    IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION, RETRY_AFTER,
};
use url::Url;

use super::{header_str, Error, Fetcher};

/// What a feed's server sent last time the feed changed, sent back to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A feed server's answer, whatever its status.
#[derive(Debug, Clone)]
pub struct FeedResponse {
    pub status: u16,
    /// `404 Not Found`: the status with its reason, for messages.
    pub status_line: String,
    /// Where the answer finally came from.
    pub final_url: Url,
    /// The end of the redirects from the requested URL when every one of them was permanent
    /// (301 or 308): the feed's new address. `None` without redirects or after a temporary one.
    pub moved_to: Option<Url>,
    pub content_type: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub cache_control: Option<String>,
    pub expires: Option<String>,
    pub date: Option<String>,
    pub retry_after: Option<String>,
    /// The decoded body of a 2xx answer (empty otherwise), within the size cap.
    pub body: Vec<u8>,
}

const FEED_ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
     application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, \
     text/html;q=0.5, */*;q=0.3";

impl Fetcher {
    /// Asks for the feed at `url`, sending `validators` so an unchanged feed answers 304.
    ///
    /// # Errors
    /// A one-line [`Error`] when no answer came: unreachable, timed out (the whole poll, body
    /// included), a body over the size cap, or too many redirects. An HTTP error status is an
    /// answer, not an error.
    pub async fn fetch_feed(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FeedResponse, Error> {
        match tokio::time::timeout(self.config.timeout, self.fetch_feed_inner(url, validators))
            .await
        {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout {
                url: url.to_string(),
                secs: self.config.timeout.as_secs(),
            }),
        }
    }

    async fn fetch_feed_inner(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FeedResponse, Error> {
        let mut current = url.clone();
        let mut permanent = true;
        let mut moved_to = None;
        for _ in 0..=self.config.max_redirects {
            let mut request = self
                .feed_client
                .get(current.clone())
                .header(ACCEPT, HeaderValue::from_static(FEED_ACCEPT));
            if let Some(etag) = validators.etag.as_deref().and_then(header_value) {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(since) = validators.last_modified.as_deref().and_then(header_value) {
                request = request.header(IF_MODIFIED_SINCE, since);
            }
            let mut response = request
                .send()
                .await
                .map_err(|e| self.request_error(url, &e))?;
            let status = response.status();
            if status.is_redirection() && status.as_u16() != 304 {
                let location = header_str(response.headers(), LOCATION.as_str());
                let next = current
                    .join(&location)
                    .ok()
                    .filter(|u| !location.is_empty() && matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| Error::Request {
                        url: url.to_string(),
                        reason: format!("HTTP {} without a usable Location", status.as_u16()),
                    })?;
                permanent &= matches!(status.as_u16(), 301 | 308);
                moved_to = permanent.then(|| next.clone());
                current = next;
                continue;
            }
            let headers = response.headers().clone();
            let body = if status.is_success() {
                self.read_capped(url, &mut response).await?
            } else {
                Vec::new()
            };
            return Ok(FeedResponse {
                status: status.as_u16(),
                status_line: match status.canonical_reason() {
                    Some(reason) => format!("{} {reason}", status.as_u16()),
                    None => status.as_u16().to_string(),
                },
                final_url: current,
                moved_to,
                content_type: header_str(&headers, CONTENT_TYPE.as_str()),
                etag: optional(&headers, ETAG.as_str()),
                last_modified: optional(&headers, LAST_MODIFIED.as_str()),
                cache_control: optional(&headers, CACHE_CONTROL.as_str()),
                expires: optional(&headers, EXPIRES.as_str()),
                date: optional(&headers, DATE.as_str()),
                retry_after: optional(&headers, RETRY_AFTER.as_str()),
                body,
            });
        }
        Err(Error::TooManyRedirects {
            url: url.to_string(),
            limit: self.config.max_redirects,
        })
    }

    /// The body, refused as soon as it passes the size cap (decoded size, so a gzip bomb too).
    async fn read_capped(
        &self,
        url: &Url,
        response: &mut reqwest::Response,
    ) -> Result<Vec<u8>, Error> {
        let limit = self.config.max_bytes;
        let too_large = || Error::TooLarge {
            url: url.to_string(),
            limit,
        };
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.request_error(url, &e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

fn optional(headers: &HeaderMap, name: &str) -> Option<String> {
    Some(header_str(headers, name)).filter(|v| !v.is_empty())
}

/// A stored validator as a header value; one that is not a valid header is not sent.
fn header_value(value: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(value).ok()
}
