//! What the app keeps between commands: the open library (or why it could not be opened), the
//! jobs that can be cancelled, the folders the user chose for exports, and URLs waiting to be clipped.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use tidings_core::{library_backups, Library};
use tokio::task::AbortHandle;

use crate::IpcError;

/// The library the window shows, and the shell's bookkeeping around it. Opening the library happens
/// once, at start-up; if that failed, every command answers `library_unavailable` so the UI can say why.
pub struct AppState {
    library: RwLock<Result<Library, IpcError>>,
    /// The library's file, when one could be named (even if it could not be opened).
    path: Option<PathBuf>,
    jobs: Jobs,
    export_folders: Mutex<HashSet<PathBuf>>,
    import_files: Mutex<HashSet<PathBuf>>,
    preset_export_folder: Option<PathBuf>,
    pending_urls: Mutex<Vec<String>>,
    notices: Mutex<Vec<String>>,
}

impl AppState {
    /// Opens the library at `explicit`, else at `TIDINGS_LIBRARY`, else at the OS default.
    pub async fn open(explicit: Option<PathBuf>) -> Self {
        match Library::resolve_path(explicit) {
            Ok(path) => Self::with(Library::open(&path).await.map_err(unavailable), Some(path)),
            Err(error) => Self::with(Err(unavailable(error)), None),
        }
    }

    /// A state over a library that is already open.
    pub fn new(library: Library) -> Self {
        let path = library.path().to_owned();
        Self::with(Ok(library), Some(path))
    }

    /// A state without a library, for when the start-up could not even name one.
    pub fn unavailable(error: IpcError) -> Self {
        Self::with(Err(error), None)
    }

    fn with(library: Result<Library, IpcError>, path: Option<PathBuf>) -> Self {
        Self {
            library: RwLock::new(library),
            path,
            jobs: Jobs::default(),
            export_folders: Mutex::default(),
            import_files: Mutex::default(),
            preset_export_folder: None,
            pending_urls: Mutex::default(),
            notices: Mutex::default(),
        }
    }

    /// The open library, or the reason there is none.
    ///
    /// # Errors
    /// `library_unavailable` when opening the library failed at start-up.
    pub fn library(&self) -> Result<Library, IpcError> {
        self.library
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The library's file, when one could be named.
    pub fn library_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Puts backup `name` in place of the library, then opens it. An open library is closed
    /// first, and only when nothing else is using it (no clip, export or import running);
    /// the current file is set aside, never deleted.
    ///
    /// # Errors
    /// `busy` while other work holds the library; `invalid_input` when no library was named; the
    /// backup's or the reopened library's error otherwise.
    pub async fn restore_backup(&self, name: String) -> Result<(), IpcError> {
        if let Ok(open) = self.library() {
            let taken = std::mem::replace(
                &mut *self.library.write().unwrap_or_else(PoisonError::into_inner),
                Err(IpcError::library_unavailable(
                    "the library is being restored from a backup",
                )),
            );
            drop(taken);
            if !open.is_only_handle() {
                *self.library.write().unwrap_or_else(PoisonError::into_inner) = Ok(open);
                return Err(IpcError {
                    code: tidings_core::ErrorCode::Busy,
                    message: "the library is busy (a clip, import or export is running); restore when it is done".to_owned(),
                });
            }
            // The last handle: the file is closed before it is set aside.
            drop(open);
        }
        let path = self
            .path
            .clone()
            .ok_or_else(|| IpcError::invalid_input("no library was named, so it has no backups"))?;
        let target = path.clone();
        let restored =
            tokio::task::spawn_blocking(move || library_backups::restore(&target, &name))
                .await
                .map_err(|e| IpcError::library_unavailable(format!("restore failed: {e}")))
                .and_then(|r| r.map_err(|e| IpcError::from(tidings_core::Error::from(e))));
        // Restored or not, the window goes on with whatever library is now in place.
        let reopened = Library::open(&path).await.map_err(unavailable);
        let answer = restored.and(reopened.as_ref().map(|_| ()).map_err(Clone::clone));
        *self.library.write().unwrap_or_else(PoisonError::into_inner) = reopened;
        answer
    }

    /// The jobs running now, by the id the UI gave them.
    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    /// Answers every request for an export folder with `folder`, without a dialog (see
    /// `choose_export_folder`; set from `TIDINGS_EXPORT_DIR`).
    #[must_use]
    pub fn with_preset_export_folder(mut self, folder: Option<PathBuf>) -> Self {
        self.preset_export_folder = folder;
        self
    }

    /// The folder that stands in for the export dialog's answer, if any.
    pub fn preset_export_folder(&self) -> Option<&Path> {
        self.preset_export_folder.as_deref()
    }

    /// Remembers a folder the user chose (in the native dialog) as a place exports may write to.
    pub fn allow_export_folder(&self, folder: PathBuf) {
        lock(&self.export_folders).insert(folder);
    }

    /// Whether the user chose `folder` for exports: the webview cannot make the app write elsewhere.
    pub fn may_export_to(&self, folder: &Path) -> bool {
        lock(&self.export_folders).contains(folder)
    }

    /// Remembers a file the user chose (in the native dialog) as one imports may read.
    pub fn allow_import_file(&self, file: PathBuf) {
        lock(&self.import_files).insert(file);
    }

    /// Whether the user chose `file` for an import: the webview cannot make the app read elsewhere.
    pub fn may_import(&self, file: &Path) -> bool {
        lock(&self.import_files).contains(file)
    }

    /// Queues URLs to clip (given on the command line, or by a second launch) until the UI takes them.
    pub fn queue_urls(&self, urls: impl IntoIterator<Item = String>) {
        lock(&self.pending_urls).extend(urls);
    }

    /// The queued URLs, emptying the queue.
    pub fn take_urls(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.pending_urls))
    }

    /// Queues a one-line notice for the window (shown once), until the UI takes it.
    pub fn queue_notice(&self, notice: String) {
        lock(&self.notices).push(notice);
    }

    /// The queued notices, emptying the queue.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.notices))
    }
}

/// Why the library cannot be used: `library_damaged` when its file is damaged (the UI offers a
/// backup), else `library_unavailable`.
fn unavailable(error: tidings_core::Error) -> IpcError {
    if error.code() == tidings_core::ErrorCode::LibraryDamaged {
        IpcError::from(error)
    } else {
        IpcError::library_unavailable(error.to_string())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The data behind these locks stays consistent even if a holder panicked.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Long work the UI may cancel (clips, exports, imports), keyed by an id the UI chooses.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<u32, Stop>>,
}

/// How a job is stopped: aborted where it stands, or asked to finish what is in flight.
enum Stop {
    Abort(AbortHandle),
    Ask(Arc<AtomicBool>),
}

impl Jobs {
    /// Runs `work` as job `id` until it ends or [`Jobs::cancel`] stops it.
    ///
    /// # Errors
    /// `work`'s error; `cancelled` when cancelled; `invalid_input` when job `id` is already running.
    pub async fn run<T, F>(&self, id: u32, work: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, IpcError>> + Send + 'static,
    {
        let task = {
            let mut running = lock(&self.running);
            if running.contains_key(&id) {
                return Err(IpcError::invalid_input(format!(
                    "job {id} is already running"
                )));
            }
            let task = tokio::spawn(work);
            running.insert(id, Stop::Abort(task.abort_handle()));
            task
        };
        let outcome = task.await;
        lock(&self.running).remove(&id);
        match outcome {
            Ok(result) => result,
            Err(error) if error.is_cancelled() => Err(IpcError::cancelled("cancelled")),
            Err(error) => Err(IpcError {
                code: tidings_core::ErrorCode::Internal,
                message: format!("job {id} failed: {error}"),
            }),
        }
    }

    /// Runs `work` as job `id`, handing it a flag that [`Jobs::cancel`] sets: the work stops
    /// itself at a point of its choosing (an import finishes the records in flight).
    ///
    /// # Errors
    /// `work`'s error; `invalid_input` when job `id` is already running.
    pub async fn run_stoppable<T, F, W>(&self, id: u32, work: W) -> Result<T, IpcError>
    where
        W: FnOnce(Arc<AtomicBool>) -> F,
        F: Future<Output = Result<T, IpcError>>,
    {
        let stop = Arc::new(AtomicBool::new(false));
        {
            let mut running = lock(&self.running);
            if running.contains_key(&id) {
                return Err(IpcError::invalid_input(format!(
                    "job {id} is already running"
                )));
            }
            running.insert(id, Stop::Ask(Arc::clone(&stop)));
        }
        let result = work(stop).await;
        lock(&self.running).remove(&id);
        result
    }

    /// Stops job `id`; false when no such job is running (it may have just finished).
    pub fn cancel(&self, id: u32) -> bool {
        match lock(&self.running).remove(&id) {
            Some(Stop::Abort(handle)) => {
                handle.abort();
                true
            }
            Some(Stop::Ask(flag)) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}
