//! Opening and saving rule sets, with the native file dialogs.

use std::path::{Path, PathBuf};

use super::error::AppError;
use crate::model::{self, RuleSet, load_rule_set};

/// Asks for a rule-set file to open.
pub fn pick_rule_set_to_open() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .set_title("Open a rule set")
        .add_filter("Rule set", &["ron", "json"])
        .pick_file()
}

/// Asks where to save the working rule set, starting from its current file.
pub fn pick_rule_set_to_save(current: Option<&Path>) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new()
        .set_title("Save the rule set")
        .add_filter("Rule set", &["ron", "json"]);
    if let Some(dir) = current.and_then(Path::parent) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = current.and_then(Path::file_name).and_then(|n| n.to_str()) {
        dialog = dialog.set_file_name(name);
    }
    dialog.save_file()
}

/// Reads a rule set; the error names the file last.
pub fn open_rule_set(path: &Path) -> Result<RuleSet, AppError> {
    Ok(load_rule_set(path)?)
}

/// Saves a rule set; the error names the file last.
pub fn save_rule_set(rules: &RuleSet, path: &Path) -> Result<(), AppError> {
    Ok(model::save_rule_set(rules, path)?)
}
