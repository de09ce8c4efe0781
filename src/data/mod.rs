//! Loading a CRM history: contacts, deals and events from CSV or Parquet,
//! typed, mapped to roles, with a report of everything that was odd.

mod contacts;
mod dataset;
mod deals;
pub mod detect;
mod event_store;
mod events;
mod folder;
mod frames;
pub mod guard;
mod load;
pub(crate) mod parallel;
mod parquet;
pub mod parse;
mod preview;
pub mod roles;
mod slices;
mod table;
mod text;
mod thrift;

use std::path::PathBuf;
use std::sync::Arc;

use polars::error::PolarsError;
use serde::{Deserialize, Serialize};

pub use dataset::{
    ColumnOverride, DataSources, Dataset, DealStatus, Deals, LoadOptions, Outcome, OutcomeCounts,
    Outcomes,
};
pub use detect::RoleFinding;
pub use event_store::{Event, Events, NO_DETAIL};
pub use events::EventColumns;

/// The row of each contact id, for joining deals and events to contacts.
pub(crate) type RowOfId<'a> = polars::prelude::PlHashMap<&'a str, u32>;
pub use folder::{find_table, sample_data_dir};
pub use load::{latest_deal_ms, load_dataset, load_events_for};
pub use parse::DateFormat;
pub use preview::{PREVIEW_ROWS, RoleProblem, TablePreview, preview_table};
pub use roles::{ContactRoles, DealRoles, EventRoles, RoleMapping};
pub use slices::ContactSlices;
pub use table::{RawTable, TypeHint, read_raw, type_columns};

// The loader produces the schema a rule set is validated against; the type
// belongs to the rule model, which must not depend on the loader.
pub use crate::model::{ColumnKind, Schema};

/// Columns read from one file, at most: a header of millions of empty
/// fields is refused before anything is parsed (the reader would spend
/// minutes and gigabytes on it), and no export has this many.
pub const MAX_COLUMNS: usize = 100_000;

/// Bytes one CSV field may hold, at most: the reader takes time that grows
/// faster than the length of a field, and no cell of a CRM export is near.
pub const MAX_CELL_BYTES: usize = 64 << 20;

/// Which table a report or error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableKind {
    /// The contacts table.
    Contacts,
    /// The deals table.
    Deals,
    /// The events table.
    Events,
}

impl TableKind {
    /// Lower-case label.
    pub fn label(self) -> &'static str {
        match self {
            TableKind::Contacts => "contacts",
            TableKind::Deals => "deals",
            TableKind::Events => "events",
        }
    }
}

/// What was found in one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    /// Column name as in the file.
    pub name: String,
    /// The type it was read as.
    pub kind: ColumnKind,
    /// Values present after cleaning.
    pub present: usize,
    /// Values present in the file that could not be read as the type (now missing).
    pub unreadable: usize,
    /// Placeholder values ("N/A", "Select", …) taken as missing.
    pub placeholders: usize,
    /// The date format used, for date columns.
    pub date_format: Option<DateFormat>,
    /// Anything else the user should know (ambiguous dates).
    pub note: Option<String>,
}

/// What was found in one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableReport {
    /// Which table.
    pub table: TableKind,
    /// The file.
    pub path: PathBuf,
    /// Rows kept.
    pub rows: usize,
    /// Columns with their types and problems.
    pub columns: Vec<ColumnReport>,
    /// Warnings (skipped lines, duplicates, unmatched deals, …).
    pub notes: Vec<String>,
    /// Each role's column and why it has it.
    #[serde(default)]
    pub roles: Vec<RoleFinding>,
}

/// Why a file could not be loaded. Messages name the problem, the row or
/// column where there is one, and end with the file.
///
/// The system's or polars' error is kept as the source, behind an `Arc` so
/// that `LoadError` stays `Clone` (neither `io::Error` nor `PolarsError`
/// is). The message also quotes it, to keep the path last in what the user
/// reads; a printer of the whole chain should skip a cause already quoted.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the file: {source}: {path}")]
    Io {
        /// What the system said.
        #[source]
        source: Arc<std::io::Error>,
        /// The file.
        path: PathBuf,
    },
    /// A folder was given where a file was expected.
    #[error("cannot read the file: this is a folder, not a file: {path}")]
    Folder {
        /// The folder.
        path: PathBuf,
    },
    /// Larger than the loader reads into memory.
    #[error("cannot read the file: the file is too large ({bytes} bytes): {path}")]
    TooLarge {
        /// The size of the file.
        bytes: u64,
        /// The file.
        path: PathBuf,
    },
    /// Zero bytes, or only blank lines.
    #[error("the file is empty: {path}")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// Binary content.
    #[error("not a CSV file ({message}): {path}")]
    NotCsv {
        /// Why.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// Text that cannot be decoded.
    #[error("cannot decode the text ({message}): {path}")]
    Encoding {
        /// Why.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// Rows that cannot be read.
    #[error("malformed CSV{}: {message}: {path}", line_suffix(*.line))]
    Malformed {
        /// First bad line (0 when unknown).
        line: usize,
        /// What is wrong.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// A damaged Parquet file: sizes in its footer that cannot be right,
    /// or content the reader stopped on.
    #[error("the Parquet file is damaged ({message}): {path}")]
    Damaged {
        /// What is wrong.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// A valid Parquet file with two columns of one name.
    #[error("the Parquet file has two columns named \"{column}\"; rename one: {path}")]
    DuplicateColumn {
        /// The name (as echoed: controls escaped, long names shortened).
        column: String,
        /// The file.
        path: PathBuf,
    },
    /// More columns than [`MAX_COLUMNS`].
    #[error(
        "{what} has {} columns; at most {} are read: {path}",
        crate::format::thousands(*.columns),
        crate::format::thousands(MAX_COLUMNS)
    )]
    TooManyColumns {
        /// "the header" or "the Parquet file".
        what: &'static str,
        /// How many columns it has.
        columns: usize,
        /// The file.
        path: PathBuf,
    },
    /// A Parquet file cut short.
    #[error(
        "the Parquet file is damaged (the Parquet footer is missing: the file is truncated): {path}"
    )]
    Truncated {
        /// The file.
        path: PathBuf,
    },
    /// A role that must be mapped is not.
    #[error("the {table} table has no {role} column; choose one (columns: {columns}){}: {path}", hint_suffix(.hint))]
    MissingRole {
        /// Which table.
        table: &'static str,
        /// Which role ("contact id").
        role: &'static str,
        /// The columns the file has.
        columns: String,
        /// What else the user can do, when there is something ("or say that
        /// every row is a won deal").
        hint: Option<String>,
        /// The file.
        path: PathBuf,
    },
    /// A mapped column is not in the file.
    #[error("the {table} table has no column \"{column}\" (mapped as {role}): {path}")]
    UnknownColumn {
        /// Which table.
        table: &'static str,
        /// Which role.
        role: &'static str,
        /// The column named by the mapping.
        column: String,
        /// The file.
        path: PathBuf,
    },
    /// An internal polars failure while preparing the data.
    #[error("cannot prepare the {table} table: {source}: {path}")]
    Prepare {
        /// Which table.
        table: &'static str,
        /// What polars said.
        #[source]
        source: Arc<PolarsError>,
        /// The file.
        path: PathBuf,
    },
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!("; {h}")).unwrap_or_default()
}

fn line_suffix(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" at line {line}")
    }
}

/// The metadata of a file to read; a folder is refused.
pub(crate) fn file_metadata(path: &std::path::Path) -> Result<std::fs::Metadata, LoadError> {
    let metadata = std::fs::metadata(path).map_err(|e| LoadError::Io {
        source: std::sync::Arc::new(e),
        path: path.to_owned(),
    })?;
    if metadata.is_dir() {
        return Err(LoadError::Folder {
            path: path.to_owned(),
        });
    }
    Ok(metadata)
}

/// Columns most messages list before saying how many more there are.
const LISTED_COLUMNS: usize = 30;

/// A table's column names as a message lists them: each escaped and
/// shortened as user text is, at most [`LISTED_COLUMNS`] of them.
pub(crate) fn column_list(names: &[impl AsRef<str>]) -> String {
    let mut listed: Vec<String> = names
        .iter()
        .take(LISTED_COLUMNS)
        .map(|n| crate::format::echo(n.as_ref()))
        .collect();
    if names.len() > LISTED_COLUMNS {
        listed.push(format!(
            "and {} more",
            crate::format::thousands(names.len() - LISTED_COLUMNS)
        ));
    }
    listed.join(", ")
}
