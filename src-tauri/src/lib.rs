//! The Tidings desktop shell: a Tauri v2 window over a `tidings_core::Library`.
//!
//! The shell only adapts: [`args`] finds the library, [`state`] holds it, [`commands`] expose it to the
//! UI and [`error`] carries failures across IPC. All product logic lives in `tidings-core`.

pub mod args;
pub mod commands;
pub mod error;
pub mod state;

pub use error::IpcError;
pub use state::AppState;

/// Adds the app's state and commands to a Tauri builder: shared by [`run`] and the MockRuntime tests.
pub fn builder<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::list_articles,
            commands::get_article,
        ])
}

/// Opens the library named on the command line (or by `TIDINGS_LIBRARY`, or the default one) and runs
/// the app until its window closes. A library that fails to open is reported in the window, not here.
pub fn run() {
    let state = match args::library_path(std::env::args_os().skip(1)) {
        Ok(explicit) => tauri::async_runtime::block_on(AppState::open(explicit)),
        Err(error) => AppState::unavailable(error),
    };
    if let Err(error) = builder(tauri::Builder::default(), state).run(tauri::generate_context!()) {
        eprintln!("tidings-app: {error}");
        std::process::exit(1);
    }
}
