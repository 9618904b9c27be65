//! Exports with progress: a collection through the library's own export.

use std::path::{Path, PathBuf};

use tauri::ipc::Channel;
use tidings_core::{Error, Library, Result};

use crate::events::{ExportProgress, ExportTarget};

/// Writes `target` as Markdown files into `folder`, telling `progress` how it goes.
///
/// # Errors
/// An unknown collection or article, or a file that cannot be written.
pub async fn markdown(
    library: &Library,
    target: &ExportTarget,
    folder: &Path,
    progress: &Channel<ExportProgress>,
) -> Result<Vec<PathBuf>> {
    let files = match target {
        ExportTarget::Collection { name } => {
            let total = library.collection(name).await?.article_count;
            send(progress, ExportProgress::Started { total });
            library.export_collection_markdown(name, folder).await?
        }
        ExportTarget::Articles { ids } => {
            // The library exports collections only, so far; chosen articles wait for its
            // `export(selection, format, folder)`.
            return Err(Error::Invalid(format!(
                "exporting {} chosen articles is not possible yet: add them to a collection and export that",
                ids.len()
            )));
        }
    };
    let written = u32::try_from(files.len()).unwrap_or(u32::MAX);
    send(progress, ExportProgress::Finished { files: written });
    Ok(files)
}

fn send(progress: &Channel<ExportProgress>, message: ExportProgress) {
    // The window may have closed; the export still completes.
    let _ = progress.send(message);
}
