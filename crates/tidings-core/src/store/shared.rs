//! Async access to a [`Store`]: each call runs on tokio's blocking pool, so neither the async
//! runtime nor a UI thread ever waits on SQLite.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::Store;
use crate::{Error, Result};

/// A [`Store`] shared between tasks; clones refer to the same connection.
#[derive(Debug, Clone)]
pub struct SharedStore {
    inner: Arc<Mutex<Store>>,
}

impl SharedStore {
    /// Opens the library at `path` on the blocking pool.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub async fn open(path: PathBuf) -> Result<Self> {
        let store = tokio::task::spawn_blocking(move || Store::open(&path))
            .await
            .map_err(join_error)??;
        Ok(Self {
            inner: Arc::new(Mutex::new(store)),
        })
    }

    /// Whether this is the only handle on the connection: dropping it then closes the file.
    #[must_use]
    pub fn is_only_handle(&self) -> bool {
        Arc::strong_count(&self.inner) == 1
    }

    /// Runs `f` with the store on the blocking pool and returns its result.
    ///
    /// # Errors
    /// Whatever `f` returns; [`Error::Internal`] if the task panicked.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        E: Into<Error> + Send + 'static,
        F: FnOnce(&mut Store) -> std::result::Result<T, E> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            // A panic in an earlier call poisons the lock; the connection itself is still usable
            // (every write is a transaction), so carry on with it.
            let mut store = inner
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut store).map_err(Into::into)
        })
        .await
        .map_err(join_error)?
    }
}

fn join_error(e: tokio::task::JoinError) -> Error {
    Error::Internal(format!("library task failed: {e}"))
}
