//! Reading and writing rule sets as RON (the native, hand-editable format)
//! and as JSON (same schema, for other tools).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::limits::{MAX_CONDITION_DEPTH, PARSE_NESTING_LIMIT};
use super::{FORMAT_VERSION, RuleSet};
use crate::files::write_atomic;
use crate::format::{escape_controls, thousands};

/// Why a rule set could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum RuleSetError {
    /// The file could not be read.
    #[error("cannot read the rule set: {source}: {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty.
    #[error("the rule set file is empty: {path}")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is not text.
    #[error("the rule set is not a text file (binary content at byte {offset}): {path}")]
    Binary {
        /// Where the first non-text byte is.
        offset: usize,
        /// The file.
        path: PathBuf,
    },
    /// The text does not parse.
    #[error("the rule set does not parse at line {line}, column {column}: {message}{}", path_suffix(.path))]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
        /// The file, when read from one.
        path: Option<PathBuf>,
    },
    /// Conditions nest past what the reader accepts (see [`PARSE_NESTING_LIMIT`]).
    #[error("conditions nest deeper than {MAX_CONDITION_DEPTH} levels at line {line}, column {column}{}", path_suffix(.path))]
    TooDeep {
        /// 1-based line where the reader stopped.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The file, when read from one.
        path: Option<PathBuf>,
    },
    /// The file was written by a newer program.
    #[error("the rule set has format_version {found}, newer than this program reads ({FORMAT_VERSION}); update Lead Score Studio{}", path_suffix(.path))]
    TooNew {
        /// The version in the file.
        found: u32,
        /// The file, when read from one.
        path: Option<PathBuf>,
    },
    /// Serialization failed (should not happen for a valid rule set).
    #[error("cannot serialize the rule set: {0}")]
    Serialize(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The file could not be written.
    #[error("cannot save the rule set: {source}: {}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
}

fn path_suffix(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!(": {}", p.display()))
        .unwrap_or_default()
}

impl RuleSetError {
    fn with_path(self, path: &Path) -> Self {
        match self {
            RuleSetError::Parse {
                line,
                column,
                message,
                ..
            } => RuleSetError::Parse {
                line,
                column,
                message,
                path: Some(path.to_owned()),
            },
            RuleSetError::TooDeep { line, column, .. } => RuleSetError::TooDeep {
                line,
                column,
                path: Some(path.to_owned()),
            },
            RuleSetError::TooNew { found, .. } => RuleSetError::TooNew {
                found,
                path: Some(path.to_owned()),
            },
            other => other,
        }
    }
}

/// Only the version, read first so that a newer file gets a clear message
/// rather than a confusing parse error about a field we do not know.
#[derive(Deserialize)]
#[serde(rename = "RuleSet")]
struct VersionProbe {
    #[serde(default)]
    format_version: u32,
}

/// Parses a rule set from RON text.
pub fn from_ron(text: &str) -> Result<RuleSet, RuleSetError> {
    let reader = ron::Options::default().with_recursion_limit(PARSE_NESTING_LIMIT);
    if let Ok(probe) = reader.from_str::<VersionProbe>(text)
        && probe.format_version > FORMAT_VERSION
    {
        return Err(RuleSetError::TooNew {
            found: probe.format_version,
            path: None,
        });
    }
    reader.from_str::<RuleSet>(text).map_err(|e| {
        let (line, column) = (e.span.start.line, e.span.start.col);
        match e.code {
            ron::Error::ExceededRecursionLimit => RuleSetError::TooDeep {
                line,
                column,
                path: None,
            },
            code => RuleSetError::Parse {
                line,
                column,
                message: readable(&code.to_string()),
                path: None,
            },
        }
    })
}

/// A parser's message as ours repeats it: control characters escaped and,
/// when it quotes a long piece of the file (an unknown field name of
/// thousands of characters), shortened around an ellipsis.
fn readable(message: &str) -> String {
    const HEAD_CHARS: usize = 240;
    const TAIL_CHARS: usize = 60;
    let length = message.chars().count();
    if length <= HEAD_CHARS + TAIL_CHARS {
        return escape_controls(message);
    }
    let head: String = message.chars().take(HEAD_CHARS).collect();
    let tail: String = message.chars().skip(length - TAIL_CHARS).collect();
    format!(
        "{}…{} ({} characters)",
        escape_controls(&head),
        escape_controls(&tail),
        thousands(length)
    )
}

/// Writes a rule set as pretty RON, the way it is stored on disk.
pub fn to_ron(rules: &RuleSet) -> Result<String, RuleSetError> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ")
        .separate_tuple_members(false);
    let mut text = ron::ser::to_string_pretty(rules, config)
        .map_err(|e| RuleSetError::Serialize(Box::new(e)))?;
    text.push('\n');
    Ok(text)
}

/// Parses a rule set from JSON with the same schema as the RON file.
pub fn from_json(text: &str) -> Result<RuleSet, RuleSetError> {
    if let Ok(probe) = serde_json::from_str::<VersionProbe>(text)
        && probe.format_version > FORMAT_VERSION
    {
        return Err(RuleSetError::TooNew {
            found: probe.format_version,
            path: None,
        });
    }
    serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        // serde_json ends its message with the place, which ours says first.
        let full = e.to_string();
        let message = full
            .strip_suffix(&format!(" at line {line} column {column}"))
            .unwrap_or(&full);
        // serde_json stops at 128 levels of nesting, its fixed limit.
        if message == "recursion limit exceeded" {
            RuleSetError::TooDeep {
                line,
                column,
                path: None,
            }
        } else {
            RuleSetError::Parse {
                line,
                column,
                message: readable(message),
                path: None,
            }
        }
    })
}

/// Writes a rule set as pretty JSON.
pub fn to_json(rules: &RuleSet) -> Result<String, RuleSetError> {
    let mut text =
        serde_json::to_string_pretty(rules).map_err(|e| RuleSetError::Serialize(Box::new(e)))?;
    text.push('\n');
    Ok(text)
}

/// Reads a rule set file; `.json` files are read as JSON, anything else as RON.
pub fn load_rule_set(path: &Path) -> Result<RuleSet, RuleSetError> {
    let bytes = std::fs::read(path).map_err(|source| RuleSetError::Read {
        path: path.to_owned(),
        source,
    })?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(RuleSetError::Empty {
            path: path.to_owned(),
        });
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| RuleSetError::Binary {
        offset: e.valid_up_to(),
        path: path.to_owned(),
    })?;
    if let Some(offset) = text.find(|c: char| c.is_control() && !c.is_whitespace()) {
        return Err(RuleSetError::Binary {
            offset,
            path: path.to_owned(),
        });
    }
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        from_json(text)
    } else {
        from_ron(text)
    };
    parsed.map_err(|e| e.with_path(path))
}

/// Saves a rule set atomically; `.json` paths get JSON, others RON.
pub fn save_rule_set(rules: &RuleSet, path: &Path) -> Result<(), RuleSetError> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let text = if is_json {
        to_json(rules)?
    } else {
        to_ron(rules)?
    };
    write_atomic(path, text.as_bytes()).map_err(|source| RuleSetError::Write {
        path: path.to_owned(),
        source,
    })
}
