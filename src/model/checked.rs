//! A rule set validated once against a schema, carried to the engine so a
//! rule-set change is validated exactly once and the engine never scores
//! what validation refused.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::{Issue, RuleSet, Schema, Severity, validate};
use crate::format::{echo, thousands};

/// A rule set with the findings of its validation against one schema.
///
/// Cheap to clone: the rule set and the findings are shared.
#[derive(Debug, Clone)]
pub struct CheckedRuleSet {
    rules: Arc<RuleSet>,
    issues: Arc<[Issue]>,
    schema_key: u64,
}

impl CheckedRuleSet {
    /// Validates `rules` against `schema`.
    pub fn new(rules: impl Into<Arc<RuleSet>>, schema: &Schema) -> Self {
        let rules = rules.into();
        let issues = validate(&rules, Some(schema)).into();
        CheckedRuleSet {
            rules,
            issues,
            schema_key: schema_key(schema),
        }
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule set, shared.
    pub fn shared(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// Every finding, errors and warnings, in rule-set order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The first error in rule-set order, if any: what a one-line summary
    /// names (its `location` says which rule, exclusion or setting).
    pub fn first_error(&self) -> Option<&Issue> {
        self.issues
            .iter()
            .find(|issue| issue.severity == Severity::Error)
    }

    /// Whether it was validated against this schema.
    pub fn was_checked_against(&self, schema: &Schema) -> bool {
        self.schema_key == schema_key(schema)
    }

    /// The rule set when it has no errors, or the errors that stop scoring.
    pub fn scorable(&self) -> Result<&RuleSet, InvalidRuleSet> {
        let errors: Vec<Issue> = self
            .issues
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .cloned()
            .collect();
        if errors.is_empty() {
            Ok(&self.rules)
        } else {
            Err(InvalidRuleSet {
                name: self.rules.name.clone(),
                errors,
            })
        }
    }
}

fn schema_key(schema: &Schema) -> u64 {
    let mut hasher = DefaultHasher::new();
    schema.hash(&mut hasher);
    hasher.finish()
}

/// A rule set that cannot be scored: its errors, each with where it is.
///
/// The message names the first [`LISTED_ERRORS`] errors and counts the
/// rest; the caller adds the file the rule set came from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the rule set \"{}\" has {}: {}", echo(.name), count_errors(.errors.len()), list(.errors))]
pub struct InvalidRuleSet {
    /// The rule set's name.
    pub name: String,
    /// The errors, located (rule, exclusion, criterion, thresholds …).
    pub errors: Vec<Issue>,
}

impl InvalidRuleSet {
    /// The first error in rule-set order; its `location` names the rule
    /// (or exclusion, criterion, group, …) for a one-line summary.
    pub fn first_error(&self) -> Option<&Issue> {
        self.errors.first()
    }
}

/// Errors an [`InvalidRuleSet`] message spells out; the rest are counted.
pub const LISTED_ERRORS: usize = 5;

fn count_errors(n: usize) -> String {
    if n == 1 {
        "1 error".to_owned()
    } else {
        format!("{n} errors")
    }
}

fn list(errors: &[Issue]) -> String {
    let mut text = errors
        .iter()
        .take(LISTED_ERRORS)
        .map(|issue| format!("{}: {}", issue.location, issue.message))
        .collect::<Vec<_>>()
        .join("; ");
    if let Some(more) = errors.len().checked_sub(LISTED_ERRORS).filter(|&n| n > 0) {
        text.push_str(&format!("; and {} more", thousands(more)));
    }
    text
}
