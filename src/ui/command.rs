//! What the user asked for: panels push commands, the studio applies them
//! once per frame.

use std::path::PathBuf;

use eframe::egui;

use super::backtest::BacktestKind;
use super::export::ExportKind;
use crate::data::{DataSources, RoleMapping};
use crate::model::{Dimension, Rule, RulePath};

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

impl EditPhase {
    /// `Ongoing` while the widget is being dragged, `Done` otherwise.
    pub fn of(response: &egui::Response) -> Self {
        if response.dragged() {
            EditPhase::Ongoing
        } else {
            EditPhase::Done
        }
    }
}

/// Which threshold a slider sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdKind {
    /// Score from which a contact is MQL.
    Mql,
    /// Score from which a contact is SQL.
    Sql,
    /// Score below which a contact is disqualified.
    Floor,
}

/// One request from a panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Set a rule's points.
    SetPoints {
        /// The rule.
        path: RulePath,
        /// New points.
        points: i64,
        /// Whether the gesture is complete.
        phase: EditPhase,
    },
    /// Enable or disable a rule.
    ToggleRule {
        /// The rule.
        path: RulePath,
        /// Whether it is now enabled.
        enabled: bool,
    },
    /// Enable or disable an exclusion.
    ToggleExclusion {
        /// Index in the rule set's exclusions.
        index: usize,
        /// Whether it is now enabled.
        enabled: bool,
    },
    /// Move a threshold (`None` only for the floor: no floor).
    SetThreshold {
        /// Which threshold.
        kind: ThresholdKind,
        /// New value.
        value: Option<i64>,
        /// Whether the gesture is complete.
        phase: EditPhase,
    },
    /// A drag ended without a final change: close the undo step.
    FinishEdit,
    /// Show or hide the contact inspector.
    ToggleInspector,
    /// Use the working rule set as the baseline from now on.
    PinBaseline,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Ask for a rule-set file and open it as the working rule set.
    OpenRuleSetDialog,
    /// Ask for a file name and save the working rule set.
    SaveRuleSetDialog,
    /// Open a rule-set file as the working rule set.
    OpenRuleSet(PathBuf),
    /// Save the working rule set to a file.
    SaveRuleSet(PathBuf),
    /// Replace a rule with an edited copy (its sentence, name, owner, note).
    ReplaceRule {
        /// The rule.
        path: RulePath,
        /// The edited rule.
        rule: Box<Rule>,
        /// Whether the gesture is complete.
        phase: EditPhase,
    },
    /// Add a rule at the end of a group (renamed if its name is taken).
    AddRule {
        /// Fit or engagement.
        dimension: Dimension,
        /// Index of the group.
        group: usize,
        /// The new rule.
        rule: Box<Rule>,
    },
    /// Add a candidate rule of the data profile to a fitting group.
    AddCandidate(usize),
    /// Copy a rule right below itself.
    DuplicateRule(RulePath),
    /// Remove a rule.
    DeleteRule(RulePath),
    /// Move a rule one place up or down within its group.
    MoveRule {
        /// The rule.
        path: RulePath,
        /// Up (towards the start) or down.
        up: bool,
    },
    /// Add an empty group.
    AddGroup(Dimension),
    /// Set or remove a group's cap.
    SetGroupCap {
        /// Fit or engagement.
        dimension: Dimension,
        /// Index of the group.
        group: usize,
        /// The new cap.
        cap: Option<i64>,
        /// Whether the gesture is complete.
        phase: EditPhase,
    },
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
    /// Ask for the other team's proposal and open it beside the working one.
    OpenOtherDialog,
    /// Open a rule set as the other team's proposal.
    OpenOther(PathBuf),
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
    /// Ask for a path and export the working rule set.
    ExportDialog(ExportKind),
    /// Export the working rule set to a file.
    Export {
        /// What to export.
        kind: ExportKind,
        /// Where to.
        path: PathBuf,
    },
    /// Ask for the contacts, deals and events files and load them.
    LoadDataDialog,
    /// Load these data files (roles detected from the headers).
    LoadData(DataSources),
    /// Load the current data files again with these column roles.
    ReloadWithRoles(Box<RoleMapping>),
    /// Ask for a path and write the contacts that change stage as CSV.
    ExportChangesDialog,
    /// Write the contacts that change stage as CSV.
    ExportChanges(PathBuf),
}
