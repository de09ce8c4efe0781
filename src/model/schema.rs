//! The columns a rule set can refer to: what the loader found in the data,
//! in the rule model's own terms, so validation never depends on the loader.

use serde::{Deserialize, Serialize};

/// The type a column is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColumnKind {
    /// Free text, compared trimmed and case-insensitively.
    Text,
    /// Numbers (64-bit floats).
    Number,
    /// True / false.
    Bool,
    /// Dates and times (milliseconds).
    Date,
}

impl ColumnKind {
    /// Every kind.
    pub const ALL: [ColumnKind; 4] = [
        ColumnKind::Text,
        ColumnKind::Number,
        ColumnKind::Bool,
        ColumnKind::Date,
    ];

    /// Lower-case label ("number").
    pub fn label(self) -> &'static str {
        match self {
            ColumnKind::Text => "text",
            ColumnKind::Number => "number",
            ColumnKind::Bool => "true/false",
            ColumnKind::Date => "date",
        }
    }
}

/// The columns a rule set can refer to, with their types.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Schema {
    /// Column names as in the file, with their kinds, in file order.
    pub columns: Vec<(String, ColumnKind)>,
    /// Whether an events table is loaded.
    pub has_events: bool,
}

impl Schema {
    /// The kind of a column, if the data has it.
    pub fn kind_of(&self, name: &str) -> Option<ColumnKind> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, kind)| *kind)
    }
}
