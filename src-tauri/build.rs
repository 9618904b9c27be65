//! Compiles tauri.conf.json, the capabilities and the icons into the app (`tauri::generate_context!`).

fn main() {
    tauri_build::build();
}
