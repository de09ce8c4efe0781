//! Earlier versions of the working rule set, and where a new baseline
//! comes from.

use crate::model::RuleSet;

/// A version of the working rule set as it was opened or saved.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedVersion {
    /// "Marketing proposal, saved 14:32" or "…, opened 09:05".
    pub label: String,
    /// The rule set as it was then.
    pub rules: RuleSet,
}

impl SavedVersion {
    /// The version of `rules` at this time, `what` happened to it ("saved").
    pub(super) fn now(rules: &RuleSet, what: &str) -> Self {
        let time = chrono::Local::now().format("%H:%M:%S");
        SavedVersion {
            label: format!("{}, {what} {time}", rules.name),
            rules: rules.clone(),
        }
    }
}

/// Where a new baseline comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum BaselineChoice {
    /// The baseline the session opened with.
    Production,
    /// The working rule set as it is now ("pin").
    Working,
    /// The other team's proposal of the workshop.
    Other,
    /// An earlier opened or saved version, by its index in
    /// [`Workspace::saved_versions`].
    Saved(usize),
    /// A rule set read from a file.
    Rules(Box<RuleSet>),
}
