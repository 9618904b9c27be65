//! Exports with progress: what the library writes, told to the UI as it starts, file by file, and at the end.

use std::path::Path;

use tauri::ipc::Channel;
use tidings_core::model::{ExportFormat, ExportReport, ExportSelection, ListFilter};
use tidings_core::{Library, Result};

use crate::events::ExportProgress;

/// Writes `selection` in `format` into `folder`, telling `progress` how it goes.
///
/// # Errors
/// An unknown collection, tag or article, or a file that cannot be written.
pub async fn run(
    library: &Library,
    selection: ExportSelection,
    format: ExportFormat,
    folder: &Path,
    progress: &Channel<ExportProgress>,
) -> Result<ExportReport> {
    let total = if let Some(name) = &selection.collection {
        library.collection(name).await?.article_count
    } else if !selection.ids.is_empty() {
        u32::try_from(selection.ids.len()).unwrap_or(u32::MAX)
    } else if let Some(tag) = &selection.tag {
        let filter = ListFilter {
            tag: Some(tag.clone()),
            ..ListFilter::default()
        };
        u32::try_from(library.list(filter).await?.len()).unwrap_or(u32::MAX)
    } else {
        library.info().await?.article_count
    };
    send(progress, ExportProgress::Started { total });
    let channel = progress.clone();
    let report = library
        .export_with_progress(
            selection,
            format,
            folder,
            Box::new(move |done, total, file| {
                send(
                    &channel,
                    ExportProgress::Wrote {
                        done,
                        total,
                        file: file.to_owned(),
                    },
                );
            }),
        )
        .await?;
    let files = u32::try_from(report.files.len()).unwrap_or(u32::MAX);
    send(progress, ExportProgress::Finished { files });
    Ok(report)
}

fn send(progress: &Channel<ExportProgress>, message: ExportProgress) {
    // The window may have closed; the export still completes.
    let _ = progress.send(message);
}
