//! The `tidings-app` binary: starts the desktop app (see the library crate, `tidings_app`).

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tidings_app::run();
}
