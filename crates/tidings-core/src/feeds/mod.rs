//! Feeds as a capability: reading RSS, Atom and JSON Feed documents into items with stable keys
//! ([`parse`]), finding a page's feed ([`discover`]), reading and writing OPML ([`opml`]), and the
//! polling rules that say when to ask a feed again ([`poll`]), and the rules a person sets on
//! arriving items as matchers ([`rules`]).
//!
//! Pure: no network (the subscriptions workflow fetches through [`crate::fetch`]) and no SQL.

pub mod discover;
pub mod opml;
pub mod parse;
pub mod poll;
pub mod rules;

pub use parse::{parse_feed, ParsedFeed, ParsedItem};

/// What went wrong reading a feed or an OPML file; each message is one line naming what.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{url}: not a feed ({reason})")]
    NotAFeed { url: String, reason: String },
    /// A page that leads to no feed; `tried` says what was tried, in a few words.
    #[error("{url}: no feed found ({tried})")]
    NoFeedFound { url: String, tried: String },
    #[error("OPML file: {0}")]
    Opml(String),
    #[error(transparent)]
    Rule(#[from] rules::Error),
}
