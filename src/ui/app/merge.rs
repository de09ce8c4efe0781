//! The merged proposal: the working rule set after adopting from the other
//! team, saved under its own name and file.

use std::path::PathBuf;

use super::command::EditPhase;
use super::other_proposal::same_file;
use super::studio::{LoadState, Studio};
use crate::model::RuleEdit;

/// The name the merged proposal is saved under.
pub const MERGED_NAME: &str = "Merged proposal";
/// The file name a save of the merged proposal suggests.
pub const MERGED_FILE_NAME: &str = "merged_proposal.ron";

impl Studio {
    /// Saves the working rule set as the merged proposal: renamed (one
    /// undo step) and written to a new file, refused on either team's file
    /// so the merge never overwrites what a team brought.
    pub(super) fn save_merged(&mut self, path: PathBuf) {
        let LoadState::Ready(workspace) = &mut self.runtime.load else {
            return;
        };
        let already_merged = workspace.working.name == MERGED_NAME;
        let their_file = workspace.other.as_ref().and_then(|o| o.path.as_deref());
        let our_file = workspace
            .working_path
            .as_deref()
            .filter(|_| !already_merged);
        if [their_file, our_file]
            .into_iter()
            .flatten()
            .any(|team_file| same_file(team_file, &path))
        {
            self.runtime.message = Some(format!(
                "The merged proposal needs a file of its own; this one is a team's proposal: {}",
                path.display()
            ));
            return;
        }
        if !already_merged {
            let their_name = workspace
                .other
                .as_ref()
                .map_or_else(String::new, |o| o.rules.name.clone());
            let mut merged = workspace.working.clone();
            merged.description = format!(
                "Merged in the workshop from {} and {their_name}.",
                merged.name
            );
            merged.name = MERGED_NAME.to_owned();
            workspace.apply_edit(&RuleEdit::ReplaceAll(Box::new(merged)), EditPhase::Done);
            self.request_simulation();
        }
        self.save_rule_set(path);
    }
}
