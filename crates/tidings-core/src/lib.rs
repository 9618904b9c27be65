//! Tidings' product logic: a local library of clipped articles, with notes, tags, collections,
//! search and Markdown export. Knows nothing of Tauri, clap or the UI; both shells use [`Library`].
//!
//! Layers, each using only those below it: the [`Library`] facade; the [`clip`] workflow;
//! the capabilities [`fetch`] (network), [`extract`] (pure), [`store`] (SQL), [`export`];
//! and the vocabulary [`model`], [`error`] and [`urlnorm`].

pub mod annotate;
pub mod backup;
pub mod cjk;
pub mod clip;
pub mod dates;
pub mod error;
pub mod export;
pub mod extract;
pub mod feeds;
pub mod fetch;
pub mod import;
pub mod importer;
pub mod library;
pub mod library_backups;
pub mod loopback;
mod markup;
pub mod model;
pub mod platform;
pub mod reextract;
pub mod store;
pub mod subscriptions;
pub mod urlnorm;

#[cfg(test)]
mod bindings;

pub use clip::{CapturedPage, ClipOptions};
pub use error::{Error, ErrorCode, Result};
pub use library::Library;
