//! The commands the UI invokes (`ui/src/ipc`), one module per domain: each calls the library and
//! maps its error, nothing more. Long work (clips, exports, imports) runs as a job the UI names, so
//! it can be cancelled. `lib.rs` registers them by their full path (`commands::articles::…`).

pub mod articles;
pub mod backups;
pub mod browsers;
pub mod clips;
pub mod feeds;
pub mod highlights;
pub mod library;
pub mod organise;
pub mod rules;
pub mod saved_searches;
pub mod transfers;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod contract;
#[cfg(test)]
mod tests;
