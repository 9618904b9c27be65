//! The `tidings-app` binary: starts the desktop app (see the library crate, `tidings_app`).

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Extraction builds and drops a whole DOM per page; mimalloc does that faster than the system
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    tidings_app::run();
}
