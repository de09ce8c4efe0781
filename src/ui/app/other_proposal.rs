//! The other team's proposal in the workshop, and its figures, scored off
//! the UI thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::background::{Task, Waker};
use super::error::AppError;
use super::startup::is_rule_set_file;
use crate::analysis::{
    RuleStat, SimulationSummary, after_outcome_of_rules, mark_after_outcome, rule_stats, summarize,
};
use crate::data::Dataset;
use crate::engine::{resolve_as_of, score};
use crate::model::{RulePath, RuleSet};

/// Most rule-set files offered as one-click choices.
const MAX_CHOICES: usize = 12;

/// The other team's proposal and its figures.
#[derive(Debug, Clone)]
pub struct OtherProposal {
    /// The rule set.
    pub rules: RuleSet,
    /// Where it was read from (none when it came inside a project).
    pub path: Option<PathBuf>,
    /// Its figures once scored, or why scoring failed.
    pub summary: Option<Result<SimulationSummary, AppError>>,
    /// Match counts and lift of its enabled rules, once scored.
    pub rule_stats: Vec<RuleStat>,
}

impl OtherProposal {
    /// A proposal not scored yet.
    pub fn new(rules: RuleSet, path: Option<PathBuf>) -> Self {
        OtherProposal {
            rules,
            path,
            summary: None,
            rule_stats: Vec::new(),
        }
    }

    /// Takes in what scoring found.
    pub fn receive(&mut self, figures: Result<OtherFigures, AppError>) {
        match figures {
            Ok(figures) => {
                self.summary = Some(Ok(figures.summary));
                self.rule_stats = figures.rule_stats;
            }
            Err(error) => {
                self.summary = Some(Err(error));
                self.rule_stats = Vec::new();
            }
        }
    }

    /// The evidence for one of its rules, if it was enabled when scored.
    pub fn rule_stat(&self, path: RulePath) -> Option<&RuleStat> {
        self.rule_stats.iter().find(|stat| stat.path == path)
    }
}

/// What scoring the other proposal gives: its headline figures and each
/// rule's matches and lift.
#[derive(Debug, Clone)]
pub struct OtherFigures {
    /// Stage counts, conversion, wins and revenue.
    pub summary: SimulationSummary,
    /// Match counts and lift per enabled rule.
    pub rule_stats: Vec<RuleStat>,
}

/// Scores a rule set on a named thread; the figures arrive as the task's
/// result.
pub fn spawn_scoring(
    data: Arc<Dataset>,
    rules: RuleSet,
    waker: &Waker,
) -> Result<Task<Result<OtherFigures, AppError>>, AppError> {
    Task::spawn("scoring the other proposal", waker, move || {
        let as_of = resolve_as_of(&data, None);
        score(&data, &rules, as_of)
            .map(|scores| {
                let mut stats = rule_stats(&scores, &data.outcomes);
                mark_after_outcome(&mut stats, &after_outcome_of_rules(&data, &rules));
                OtherFigures {
                    summary: summarize(&scores, &data.outcomes),
                    rule_stats: stats,
                }
            })
            .map_err(|e| AppError::from(e).of("the other proposal"))
    })
}

/// Rule-set files in the given folders (the working rule set's, the
/// bundled samples'), except those to leave out: the proposals a
/// facilitator would pick with one click. Sorted by name, at most a dozen.
pub fn rule_set_choices(folders: &[&Path], leave_out: &[&Path]) -> Vec<PathBuf> {
    let mut choices: Vec<PathBuf> = Vec::new();
    for folder in folders {
        // An unreadable folder offers nothing; the typed path still works.
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file() && is_rule_set_file(path))
            .filter(|path| !leave_out.iter().any(|out| same_file(path, out)))
            .collect();
        files.sort();
        for file in files {
            if !choices.iter().any(|chosen| same_file(chosen, &file)) {
                choices.push(file);
            }
        }
    }
    choices.truncate(MAX_CHOICES);
    choices
}

/// Whether two paths name one file (the second may not exist yet).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_the_other_rule_sets_of_the_folders() {
        let dir = crate::data::sample_data_dir();
        let working = dir.join("marketing_proposal.ron");
        let choices = rule_set_choices(&[&dir, &dir], &[&working]);
        let names: Vec<String> = choices
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["current_production.ron", "sales_proposal.ron"]);
    }
}
