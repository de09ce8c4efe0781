//! What the user asked for: panels push commands, the studio applies them
//! once per frame.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::dialogs::FilePurpose;
use super::look::Theme;
use super::versions::BaselineChoice;
use crate::data::{DataSources, LoadOptions, RoleMapping, TableKind};
use crate::export::ExportKind;
use crate::model::{RuleEdit, RulePath};

/// Whether an edit is finished or part of a gesture still going on (a drag).
///
/// A drag changes the value every frame; the whole drag is one undo step,
/// recorded when it stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditPhase {
    /// More changes of the same gesture will follow.
    Ongoing,
    /// The edit is complete: record it as one undo step.
    Done,
}

/// One back-test or one per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacktestKind {
    /// At the cutoff only.
    Single(NaiveDate),
    /// At the first of every month the data allows.
    Rolling,
}

/// One request from a panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Change the working rule set (one undo step once the gesture is done).
    Edit {
        /// The change.
        edit: RuleEdit,
        /// Whether the gesture is complete.
        phase: EditPhase,
    },
    /// A drag ended without a final change: close the undo step.
    FinishEdit,
    /// Show or hide the contact inspector.
    ToggleInspector,
    /// Compare with another baseline from now on (one undo step).
    SetBaseline(BaselineChoice),
    /// Show the studio in another theme.
    SetTheme(Theme),
    /// Zoom the whole window (1 = the studio's own sizes).
    SetZoom(f32),
    /// Enter or leave the presentation view.
    TogglePresentation,
    /// Open the contact inspector on a contact id (a click on an id
    /// wherever contacts are listed).
    InspectContact(String),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Open a rule-set file as the working rule set.
    OpenRuleSet(PathBuf),
    /// Save the working rule set to a file.
    SaveRuleSet(PathBuf),
    /// Add a candidate rule of the data profile to a fitting group.
    AddCandidate(usize),
    /// Open the rule editor on a rule, or close it.
    EditRule(Option<RulePath>),
    /// Back-test the working rule set against the baseline.
    RunBacktest {
        /// At one cutoff or every month.
        kind: BacktestKind,
        /// Days after the cutoff in which a win counts.
        horizon_days: u32,
    },
    /// Stop the running back-test after its current cutoff.
    CancelBacktest,
    /// Gather the back-test evidence for the working rule set: quality on
    /// the window beside the baseline, stability since, jointly fitted
    /// points.
    RunEvidence {
        /// Contacts are scored as they were the day before it.
        cutoff: NaiveDate,
        /// Days after the cutoff in which a win counts.
        horizon_days: u32,
        /// What sales can follow up, in leads a month, when given.
        capacity_per_month: Option<f64>,
    },
    /// Stop gathering the evidence after its current step.
    CancelEvidence,
    /// Open a rule set as the other team's proposal.
    OpenOther(PathBuf),
    /// Open a rule set as the baseline (one undo step).
    OpenBaseline(PathBuf),
    /// Take the autosaved rule set back as the working one (unsaved).
    RestoreAutosave,
    /// Throw the autosaved rule set away.
    DiscardAutosave,
    /// The window is closing with unsaved changes: save them first or not.
    CloseAnyway {
        /// Save to the working rule set's file before closing.
        save: bool,
    },
    /// Keep the window open after all.
    KeepEditing,
    /// Export the working rule set to a file.
    Export {
        /// What to export.
        kind: ExportKind,
        /// Where to.
        path: PathBuf,
    },
    /// Load these data files (roles detected from the headers).
    LoadData(DataSources),
    /// Load the current data files again with these column roles.
    ReloadWithRoles(Box<RoleMapping>),
    /// Write the contacts that change stage as CSV.
    ExportChanges(PathBuf),
    /// Ask for a file (native dialog, or a typed path when there is none).
    AskFile(FilePurpose),
    /// Open the "Open your data" window on the current files.
    OpenImport,
    /// Preview the files of the "Open your data" window again.
    RefreshImport,
    /// Put a chosen file into the "Open your data" window.
    SetImportPath {
        /// Which table.
        table: TableKind,
        /// The file.
        path: PathBuf,
    },
    /// Load these data files with these roles and types.
    LoadDataWith {
        /// The files.
        sources: DataSources,
        /// Roles and column types.
        options: Box<LoadOptions>,
    },
    /// Open the "Draft from the data" window.
    OpenDraft,
    /// Draft a rule set from the ticked candidates.
    Draft,
    /// Open a project (data, roles and rule sets).
    OpenProject(PathBuf),
    /// Save the project.
    SaveProject(PathBuf),
    // The workshop's commands.
    /// Save the working rule set, renamed "Merged proposal", to a new file
    /// (refused when it is either team's file).
    SaveMerged(PathBuf),
}

impl Command {
    /// The command that uses a file chosen for `purpose`.
    pub fn for_file(purpose: FilePurpose, path: PathBuf) -> Command {
        match purpose {
            FilePurpose::OpenRuleSet => Command::OpenRuleSet(path),
            FilePurpose::SaveRuleSet => Command::SaveRuleSet(path),
            FilePurpose::OpenOther => Command::OpenOther(path),
            FilePurpose::OpenBaseline => Command::OpenBaseline(path),
            FilePurpose::Export(kind) => Command::Export { kind, path },
            FilePurpose::ExportChanges => Command::ExportChanges(path),
            FilePurpose::DataTable(table) => Command::SetImportPath { table, path },
            FilePurpose::OpenProject => Command::OpenProject(path),
            FilePurpose::SaveProject => Command::SaveProject(path),
            FilePurpose::SaveMerged => Command::SaveMerged(path),
        }
    }

    /// A finished edit of the working rule set.
    pub fn edit(edit: RuleEdit) -> Command {
        Command::Edit {
            edit,
            phase: EditPhase::Done,
        }
    }

    /// Several edits as one undo step: every edit but the last is part of
    /// an ongoing gesture, the last one closes it.
    pub fn one_step(edits: Vec<RuleEdit>) -> Vec<Command> {
        let last = edits.len().saturating_sub(1);
        edits
            .into_iter()
            .enumerate()
            .map(|(index, edit)| Command::Edit {
                edit,
                phase: if index == last {
                    EditPhase::Done
                } else {
                    EditPhase::Ongoing
                },
            })
            .collect()
    }
}
