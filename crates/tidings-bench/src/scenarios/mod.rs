//! The scenarios of `make bench`, each adding rows to the report.

pub mod app;
pub mod clipping;
pub mod extract;
pub mod feeds;
pub mod library;
pub mod sizes;
