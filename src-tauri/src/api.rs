//! The loopback API (`tidings_core::loopback`) while the app is open: started on the app's
//! library once the window is up, stopped before a backup replaces the library and started again
//! after, stopped on exit so its port file goes. A pairing request reaches the window as
//! [`events::PAIRING_REQUESTED`]. When no port is free the app works on without it and says so
//! once (a notice, and a line on stderr).

use tauri::{AppHandle, Emitter as _, Manager as _, Runtime};
use tidings_core::loopback::{PairingHook, ServeOptions, Server};

use crate::events::{self, ApiStatus};
use crate::{AppState, MAIN_WINDOW};

/// The running server, or why there is none.
#[derive(Default)]
pub struct LoopbackApi {
    server: tokio::sync::Mutex<Option<Server>>,
    problem: std::sync::Mutex<Option<String>>,
    /// The port asked for: `None` tries the default range (tests ask for one).
    port: std::sync::Mutex<Option<u16>>,
}

impl LoopbackApi {
    /// Serves on `port` from the next start (`Some(0)`: any free port) instead of the default range.
    pub fn use_port(&self, port: Option<u16>) {
        *self
            .port
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = port;
    }

    /// The port in use, or why the API is not running.
    pub async fn status(&self) -> ApiStatus {
        let port = self.server.lock().await.as_ref().map(Server::port);
        let problem = if port.is_some() {
            None
        } else {
            self.problem
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone()
        };
        ApiStatus { port, problem }
    }

    fn set_problem(&self, problem: Option<String>) {
        *self
            .problem
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = problem;
    }
}

/// Starts the API on the open library (nothing when there is none, or it already runs).
pub async fn start<R: Runtime>(app: &AppHandle<R>) {
    let Some(api) = app.try_state::<LoopbackApi>() else {
        return;
    };
    let library = match app.state::<AppState>().library() {
        Ok(library) => library,
        Err(error) => {
            api.set_problem(Some(format!("no library is open: {}", error.message)));
            return;
        }
    };
    let mut server = api.server.lock().await;
    if server.is_some() {
        return;
    }
    let hook = {
        let app = app.clone();
        PairingHook::new(move |pairing| {
            let _ = app.emit_to(MAIN_WINDOW, events::PAIRING_REQUESTED, pairing);
        })
    };
    let options = ServeOptions {
        port: *api
            .port
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        on_pairing: Some(hook),
        ..ServeOptions::default()
    };
    match library.serve(options).await {
        Ok(started) => {
            *server = Some(started);
            api.set_problem(None);
        }
        Err(error) => {
            let message = format!("The browser extension cannot reach Tidings: {error}");
            eprintln!("tidings-app: {message}");
            api.set_problem(Some(message.clone()));
            app.state::<AppState>().queue_notice(message);
            let _ = app.emit_to(MAIN_WINDOW, events::NOTICES, ());
        }
    }
}

/// Stops the API, if it runs: its port file goes, and it no longer holds the library. Says
/// whether it was running.
pub async fn stop<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(api) = app.try_state::<LoopbackApi>() else {
        return false;
    };
    let server = api.server.lock().await.take();
    match server {
        Some(server) => {
            server.shutdown().await;
            true
        }
        None => false,
    }
}
