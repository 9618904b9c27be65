//! What the app keeps between commands: the open library, or why it could not be opened.

use std::path::PathBuf;

use tidings_core::Library;

use crate::IpcError;

/// The library the window shows. Opening it happens once, at start-up; if that failed, every command
/// answers with the `library_unavailable` error so the UI can say why.
pub struct AppState {
    library: Result<Library, IpcError>,
}

impl AppState {
    /// Opens the library at `explicit`, else at `TIDINGS_LIBRARY`, else at the OS default.
    pub async fn open(explicit: Option<PathBuf>) -> Self {
        let library = match Library::resolve_path(explicit) {
            Ok(path) => Library::open(path).await.map_err(unavailable),
            Err(error) => Err(unavailable(error)),
        };
        Self { library }
    }

    /// A state over a library that is already open.
    pub fn new(library: Library) -> Self {
        Self {
            library: Ok(library),
        }
    }

    /// A state without a library, for when the start-up could not even name one.
    pub fn unavailable(error: IpcError) -> Self {
        Self {
            library: Err(error),
        }
    }

    /// The open library, or the reason there is none.
    ///
    /// # Errors
    /// `library_unavailable` when opening the library failed at start-up.
    pub fn library(&self) -> Result<&Library, IpcError> {
        self.library.as_ref().map_err(Clone::clone)
    }
}

fn unavailable(error: tidings_core::Error) -> IpcError {
    IpcError::library_unavailable(error.to_string())
}
