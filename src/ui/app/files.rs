//! Opening and saving rule sets; errors name the file last.

use std::path::Path;

use super::error::AppError;
use crate::model::{self, RuleSet, load_rule_set};

/// Reads a rule set; the error names the file last.
pub fn open_rule_set(path: &Path) -> Result<RuleSet, AppError> {
    Ok(load_rule_set(path)?)
}

/// Saves a rule set; the error names the file last.
pub fn save_rule_set(rules: &RuleSet, path: &Path) -> Result<(), AppError> {
    Ok(model::save_rule_set(rules, path)?)
}
