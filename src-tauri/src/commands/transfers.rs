//! Export and import: the native dialogs (or their stand-in for automation) and the jobs, with progress.

use std::path::PathBuf;

use crate::{AppState, IpcError};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tidings_core::import::ImportFormat;
use tidings_core::importer::{ImportOptions, ProgressFn};
use tidings_core::model::{
    ExportFormat, ExportProgress, ExportReport, ExportSelection, ImportProgress, ImportReport,
};

/// Asks the user for a folder to export into, with the native dialog; `None` when they cancel.
/// When the app was started with `TIDINGS_EXPORT_DIR` (for automation and the end-to-end tests,
/// which cannot drive a native dialog), that folder is the answer and no dialog opens.
/// The folder answered becomes one that [`export_articles`] may write to.
#[tauri::command]
pub async fn choose_export_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>, IpcError> {
    let folder = match state.preset_export_folder() {
        Some(folder) => Some(folder.to_owned()),
        None => pick_folder(&app, title).await,
    };
    let Some(folder) = folder else {
        return Ok(None);
    };
    state.allow_export_folder(folder.clone());
    Ok(Some(folder.display().to_string()))
}

async fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: String) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt as _;
    let (answer, chosen) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .pick_folder(move |folder| {
            let _ = answer.send(folder.and_then(|f| f.into_path().ok()));
        });
    chosen.await.ok().flatten()
}

/// Exports `selection` in `format` (Markdown files, one Markdown digest, highlights only, JSON
/// backup, W3C annotations) into `folder`, which must have been chosen with
/// [`choose_export_folder`]. Runs as job `job`; reports on `progress`.
#[tauri::command]
pub async fn export_articles(
    state: State<'_, AppState>,
    job: u32,
    selection: ExportSelection,
    format: ExportFormat,
    folder: String,
    progress: Channel<ExportProgress>,
) -> Result<ExportReport, IpcError> {
    let folder = PathBuf::from(folder);
    if !state.may_export_to(&folder) {
        return Err(IpcError::invalid_input(format!(
            "export to {}: choose the folder first",
            folder.display()
        )));
    }
    let library = state.library()?.clone();
    state
        .jobs()
        .run(job, async move {
            let report = library
                .export_with_progress(
                    selection,
                    format,
                    &folder,
                    // The window may have closed; the export still completes.
                    Box::new(move |step| drop(progress.send(step))),
                )
                .await?;
            Ok(report)
        })
        .await
}

/// Asks the user for a file to import (Pocket, Instapaper, Omnivore, bookmarks, OPML, a URL list
/// or a Tidings backup), with the native dialog; `None` when they cancel. The file answered
/// becomes one that [`import_file`] may read.
#[tauri::command]
pub async fn choose_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Result<Option<String>, IpcError> {
    use tauri_plugin_dialog::DialogExt as _;
    let (answer, chosen) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(
            "Exports and bookmarks",
            &["html", "htm", "csv", "json", "opml", "xml", "txt", "zip"],
        )
        .pick_file(move |file| {
            let _ = answer.send(file.and_then(|f| f.into_path().ok()));
        });
    let Some(file) = chosen.await.ok().flatten() else {
        return Ok(None);
    };
    state.allow_import_file(file.clone());
    Ok(Some(file.display().to_string()))
}

/// Imports `file` (chosen with [`choose_import_file`]) as job `job`: a backup is restored, links
/// are clipped a few at a time. Reports each record on `progress`; [`super::clips::cancel_job`] stops it after
/// the records in flight (running it again finishes it).
#[tauri::command]
pub async fn import_file(
    state: State<'_, AppState>,
    job: u32,
    file: String,
    format: ImportFormat,
    progress: Channel<ImportProgress>,
) -> Result<ImportReport, IpcError> {
    let file = PathBuf::from(file);
    if !state.may_import(&file) {
        return Err(IpcError::invalid_input(format!(
            "import {}: choose the file first",
            file.display()
        )));
    }
    let library = state.library()?.clone();
    let options = ImportOptions {
        format,
        keep_going: true,
        ..ImportOptions::default()
    };
    let report: ProgressFn = std::sync::Arc::new(move |step: &ImportProgress| {
        let _ = progress.send(step.clone());
    });
    state
        .jobs()
        .run_stoppable(job, move |stop| async move {
            Ok(library
                .import(&file, &options, Some(report), Some(stop))
                .await?)
        })
        .await
}
