//! A project: one RON file naming the data files (relative to the project
//! file), the roles and types chosen for them, and the three rule sets of a
//! workshop — the working one, the baseline and the other team's proposal —
//! so the workshop re-opens where it stopped.

use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::data::{DataSources, LoadOptions};
use crate::files::write_atomic;
use crate::model::{RuleSet, RuleSetError, load_rule_set};

/// The newest project format this program reads and writes.
pub const PROJECT_FORMAT_VERSION: u32 = 1;
/// The extension of project files.
pub const PROJECT_EXTENSION: &str = "lsproj";

/// A rule set in a project: a file of its own, or kept inside the project
/// (a rule set with unsaved changes, a pinned baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RuleSetSource {
    /// A rule-set file (relative to the project file when saved).
    File(PathBuf),
    /// The rule set itself.
    Inline(Box<RuleSet>),
}

/// A data file with what it looked like when the project was saved, so a
/// changed file is reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataFile {
    /// The file (relative to the project file when saved).
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its modification time, seconds since 1970.
    pub modified_s: u64,
}

/// The project file's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Project {
    /// Version of the file format.
    pub format_version: u32,
    /// The contacts file.
    pub contacts: Option<DataFile>,
    /// The deals file.
    pub deals: Option<DataFile>,
    /// The events file.
    pub events: Option<DataFile>,
    /// Roles and column types chosen for the data.
    pub load: LoadOptions,
    /// The rule set being edited.
    pub working: Option<RuleSetSource>,
    /// The rule set it is compared with.
    pub baseline: Option<RuleSetSource>,
    /// The other team's proposal.
    pub other: Option<RuleSetSource>,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            format_version: PROJECT_FORMAT_VERSION,
            contacts: None,
            deals: None,
            events: None,
            load: LoadOptions::default(),
            working: None,
            baseline: None,
            other: None,
        }
    }
}

/// A rule set as the app holds it, for saving.
#[derive(Debug, Clone, Copy)]
pub struct HeldRuleSet<'a> {
    /// The rule set.
    pub rules: &'a RuleSet,
    /// Its file, when the rule set is exactly what the file holds.
    pub saved_at: Option<&'a Path>,
}

/// What the app saves into a project.
#[derive(Debug, Clone)]
pub struct ProjectParts<'a> {
    /// The data files.
    pub sources: Option<&'a DataSources>,
    /// Roles and column types.
    pub load: &'a LoadOptions,
    /// The working rule set.
    pub working: HeldRuleSet<'a>,
    /// The baseline.
    pub baseline: HeldRuleSet<'a>,
    /// The other team's proposal.
    pub other: Option<HeldRuleSet<'a>>,
}

/// A project read back, with its paths made absolute and its rule sets read.
#[derive(Debug, Clone)]
pub struct OpenedProject {
    /// The data files (None when the project names none).
    pub sources: Option<DataSources>,
    /// Roles and column types.
    pub load: LoadOptions,
    /// The working rule set and its file.
    pub working: Option<(RuleSet, Option<PathBuf>)>,
    /// The baseline.
    pub baseline: Option<RuleSet>,
    /// The other team's proposal, and its file when it has one.
    pub other: Option<(RuleSet, Option<PathBuf>)>,
    /// Data files that changed since the project was saved.
    pub notes: Vec<String>,
}

/// Why a project could not be opened or saved. Paths last.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// The file could not be read or written.
    #[error("cannot {action} the project: {source}: {}", .path.display())]
    Io {
        /// "read" or "write".
        action: &'static str,
        /// What the system said.
        #[source]
        source: std::io::Error,
        /// The project file.
        path: PathBuf,
    },
    /// Not a project file.
    #[error("the project does not parse at line {line}, column {column}: {message}: {}", .path.display())]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
        /// The project file.
        path: PathBuf,
    },
    /// Written by a newer program.
    #[error("the project has format_version {found}, newer than this program reads ({PROJECT_FORMAT_VERSION}): {}", .path.display())]
    TooNew {
        /// The version in the file.
        found: u32,
        /// The project file.
        path: PathBuf,
    },
    /// A data file the project names is gone.
    #[error("the project's {table} file is missing (moved or deleted? open the data again and save the project): {}", .path.display())]
    MissingData {
        /// Which table.
        table: &'static str,
        /// Where the project expected it.
        path: PathBuf,
    },
    /// A rule set of the project could not be read.
    #[error("the project's {which} rule set: {source}")]
    RuleSet {
        /// "working", "baseline" or "other".
        which: &'static str,
        /// Why.
        #[source]
        source: RuleSetError,
    },
    /// The project could not be written as RON.
    #[error("cannot write the project: {message}: {}", .path.display())]
    Serialize {
        /// What the writer said.
        message: String,
        /// The project file.
        path: PathBuf,
    },
}

/// Writes the project atomically; paths are stored relative to its folder.
pub fn save_project(path: &Path, parts: &ProjectParts<'_>) -> Result<(), ProjectError> {
    let base = path.parent().unwrap_or(Path::new("."));
    let base = absolute(base);
    let data_file = |p: &Path| {
        stamp(p).map(|file| DataFile {
            path: relative_to(&absolute(p), &base),
            ..file
        })
    };
    let source = |held: HeldRuleSet<'_>| match held.saved_at {
        Some(file) => RuleSetSource::File(relative_to(&absolute(file), &base)),
        None => RuleSetSource::Inline(Box::new(held.rules.clone())),
    };
    let project = Project {
        format_version: PROJECT_FORMAT_VERSION,
        contacts: parts.sources.and_then(|s| data_file(&s.contacts)),
        deals: parts
            .sources
            .and_then(|s| s.deals.as_deref().and_then(data_file)),
        events: parts
            .sources
            .and_then(|s| s.events.as_deref().and_then(data_file)),
        load: parts.load.clone(),
        working: Some(source(parts.working)),
        baseline: Some(source(parts.baseline)),
        other: parts.other.map(source),
    };
    let text =
        ron::ser::to_string_pretty(&project, ron::ser::PrettyConfig::default()).map_err(|e| {
            ProjectError::Serialize {
                message: e.to_string(),
                path: path.to_owned(),
            }
        })?;
    write_atomic(path, text.as_bytes()).map_err(|source| ProjectError::Io {
        action: "write",
        source,
        path: path.to_owned(),
    })
}

/// Reads a project, its rule sets, and checks its data files.
pub fn open_project(path: &Path) -> Result<OpenedProject, ProjectError> {
    let text = std::fs::read_to_string(path).map_err(|source| ProjectError::Io {
        action: "read",
        source,
        path: path.to_owned(),
    })?;
    let project: Project = ron::from_str(&text).map_err(|e| ProjectError::Parse {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
        path: path.to_owned(),
    })?;
    if project.format_version > PROJECT_FORMAT_VERSION {
        return Err(ProjectError::TooNew {
            found: project.format_version,
            path: path.to_owned(),
        });
    }
    let base = absolute(path.parent().unwrap_or(Path::new(".")));
    let mut notes = Vec::new();
    let mut data =
        |table: &'static str, file: &Option<DataFile>| -> Result<Option<PathBuf>, ProjectError> {
            let Some(file) = file else {
                return Ok(None);
            };
            let full = base.join(&file.path);
            let Some(now) = stamp(&full) else {
                return Err(ProjectError::MissingData { table, path: full });
            };
            if now.bytes != file.bytes || now.modified_s != file.modified_s {
                notes.push(format!(
                "the {table} file changed since the project was saved (the figures may differ): {}",
                full.display()
            ));
            }
            Ok(Some(full))
        };
    let contacts = data("contacts", &project.contacts)?;
    let deals = data("deals", &project.deals)?;
    let events = data("events", &project.events)?;
    let sources = contacts.map(|contacts| DataSources {
        contacts,
        deals,
        events,
    });
    let read = |which: &'static str, source: &Option<RuleSetSource>| {
        source
            .as_ref()
            .map(|s| match s {
                RuleSetSource::File(file) => {
                    let full = base.join(file);
                    load_rule_set(&full).map(|rules| (rules, Some(full)))
                }
                RuleSetSource::Inline(rules) => Ok(((**rules).clone(), None)),
            })
            .transpose()
            .map_err(|source| ProjectError::RuleSet { which, source })
    };
    Ok(OpenedProject {
        sources,
        load: project.load.clone(),
        working: read("working", &project.working)?,
        baseline: read("baseline", &project.baseline)?.map(|(rules, _)| rules),
        other: read("other", &project.other)?,
        notes,
    })
}

/// Whether a file is a project (by extension).
pub fn is_project_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(PROJECT_EXTENSION))
}

fn stamp(path: &Path) -> Option<DataFile> {
    let metadata = std::fs::metadata(path).ok()?;
    let modified_s = metadata
        .modified()
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    Some(DataFile {
        path: path.to_owned(),
        bytes: metadata.len(),
        modified_s,
    })
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// `path` relative to `base` when it lies under it or a few folders up;
/// absolute otherwise (another drive, far away).
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = base_parts.len() - common;
    if common == 0 || ups > 3 {
        return path.to_owned();
    }
    let mut out = PathBuf::new();
    for _ in 0..ups {
        out.push("..");
    }
    for part in path_parts.iter().skip(common) {
        out.push(part.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_project_folder() {
        let base = Path::new("/work/projects/acme");
        assert_eq!(
            relative_to(Path::new("/work/projects/acme/data/c.csv"), base),
            PathBuf::from("data/c.csv")
        );
        assert_eq!(
            relative_to(Path::new("/work/exports/c.csv"), base),
            PathBuf::from("../../exports/c.csv")
        );
    }
}
