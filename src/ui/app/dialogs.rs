//! Choosing a file: the native dialog on its own thread (the frame loop
//! never waits for it), and a typed path when no dialog can be shown.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::background::{Task, Waker};
use super::error::AppError;
use crate::data::TableKind;
use crate::export::ExportKind;
use crate::project::PROJECT_EXTENSION;

/// A dialog that answers "nothing chosen" faster than this could not be
/// shown at all (no desktop portal): a person takes longer to cancel.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(400);

/// What a chosen file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// Open a rule set as the working one.
    OpenRuleSet,
    /// Save the working rule set.
    SaveRuleSet,
    /// Open the other team's proposal.
    OpenOther,
    /// Open a rule set to compare with.
    OpenBaseline,
    /// Export the working rule set.
    Export(ExportKind),
    /// Write the contacts that change stage.
    ExportChanges,
    /// A data table for the import window.
    DataTable(TableKind),
    /// Open a project.
    OpenProject,
    /// Save the project.
    SaveProject,
    /// Save the working rule set as the workshop's merged proposal (a new
    /// file, never either team's).
    SaveMerged,
}

impl FilePurpose {
    /// The dialog's title.
    pub fn title(self) -> String {
        match self {
            FilePurpose::OpenRuleSet => "Open a rule set".to_owned(),
            FilePurpose::SaveRuleSet => "Save the rule set".to_owned(),
            FilePurpose::OpenOther => "Open the other team's proposal".to_owned(),
            FilePurpose::OpenBaseline => "Open a rule set to compare with".to_owned(),
            FilePurpose::Export(kind) => format!("Export {}", kind.label()),
            FilePurpose::ExportChanges => "Export the contacts that change stage".to_owned(),
            FilePurpose::DataTable(table) => format!("Choose the {} file", table.label()),
            FilePurpose::OpenProject => "Open a project".to_owned(),
            FilePurpose::SaveProject => "Save the project".to_owned(),
            FilePurpose::SaveMerged => "Save the merged proposal".to_owned(),
        }
    }

    /// Whether the file is written (a save dialog) rather than read.
    pub fn saves(self) -> bool {
        matches!(
            self,
            FilePurpose::SaveRuleSet
                | FilePurpose::Export(_)
                | FilePurpose::ExportChanges
                | FilePurpose::SaveProject
                | FilePurpose::SaveMerged
        )
    }

    /// A path of the right kind, as a hint in a typed-path field.
    pub fn example_path(self) -> String {
        let (_, extensions) = self.filter();
        let extension = extensions.first().copied().unwrap_or("csv");
        let stem = match self {
            FilePurpose::DataTable(table) => table.label(),
            FilePurpose::OpenProject | FilePurpose::SaveProject => "workshop",
            FilePurpose::Export(_) | FilePurpose::ExportChanges => "export",
            _ => "rules",
        };
        format!("/home/me/lead-scoring/{stem}.{extension}")
    }

    fn filter(self) -> (&'static str, Vec<&'static str>) {
        match self {
            FilePurpose::OpenRuleSet
            | FilePurpose::SaveRuleSet
            | FilePurpose::OpenOther
            | FilePurpose::OpenBaseline
            | FilePurpose::SaveMerged => ("Rule set", vec!["ron", "json"]),
            FilePurpose::Export(kind) => (kind.label(), vec![kind.extension()]),
            FilePurpose::ExportChanges => ("CSV", vec!["csv"]),
            FilePurpose::DataTable(_) => ("Table", vec!["csv", "parquet"]),
            FilePurpose::OpenProject | FilePurpose::SaveProject => {
                ("Lead Score Studio project", vec![PROJECT_EXTENSION])
            }
        }
    }
}

/// Where a dialog starts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestion {
    /// The folder shown first.
    pub directory: Option<PathBuf>,
    /// The file name offered (save dialogs).
    pub file_name: Option<String>,
}

impl Suggestion {
    /// The folder and name of an existing file.
    pub fn beside(path: Option<&Path>) -> Self {
        Suggestion {
            directory: path.and_then(Path::parent).map(Path::to_owned),
            file_name: path
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned()),
        }
    }

    /// The full path, for a typed-path field to start from.
    pub fn path_text(&self) -> String {
        match (&self.directory, &self.file_name) {
            (Some(dir), Some(name)) => dir.join(name).display().to_string(),
            (Some(dir), None) => format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR),
            (None, Some(name)) => name.clone(),
            (None, None) => String::new(),
        }
    }
}

/// What a dialog answered.
#[derive(Debug)]
pub struct DialogAnswer {
    /// What the file is for.
    pub purpose: FilePurpose,
    /// The file, unless the user cancelled.
    pub path: Option<PathBuf>,
    /// The dialog could not be shown (it answered at once).
    pub unavailable: bool,
}

/// Shows the native dialog on a named thread.
pub fn spawn_dialog(
    purpose: FilePurpose,
    suggestion: Suggestion,
    waker: &Waker,
) -> Result<Task<DialogAnswer>, AppError> {
    Task::spawn("the file dialog", waker, move || {
        let started = Instant::now();
        let (name, extensions) = purpose.filter();
        let mut dialog = rfd::FileDialog::new()
            .set_title(purpose.title())
            .add_filter(name, &extensions);
        if let Some(dir) = &suggestion.directory {
            dialog = dialog.set_directory(dir);
        }
        if let Some(file_name) = &suggestion.file_name {
            dialog = dialog.set_file_name(file_name);
        }
        let path = if purpose.saves() {
            dialog.save_file()
        } else {
            dialog.pick_file()
        };
        let unavailable = path.is_none() && started.elapsed() < UNAVAILABLE_WITHIN;
        DialogAnswer {
            purpose,
            path,
            unavailable,
        }
    })
}

/// A typed path, when the native dialog is not available.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPrompt {
    /// What the file is for.
    pub purpose: FilePurpose,
    /// The path as typed so far.
    pub text: String,
    /// Why the prompt shows (no dialog available).
    pub reason: Option<String>,
}
