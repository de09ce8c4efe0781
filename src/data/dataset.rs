//! What a loaded history is made of: the dataset, its outcomes, deals and
//! events, and the options that say how to load it. The loading itself is
//! in `load`, with one module per table.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::event_store::Events;
use super::parse::{DateFormat, date_of_ms};
use super::roles::RoleMapping;
use super::{ColumnKind, Schema, TableReport};

/// The files to load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataSources {
    /// Contacts (required).
    pub contacts: PathBuf,
    /// Deals (optional).
    pub deals: Option<PathBuf>,
    /// Events (optional).
    pub events: Option<PathBuf>,
}

/// A user's choice of type for a column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum ColumnOverride {
    /// Read as text.
    Text,
    /// Read as numbers.
    Number,
    /// Read as true/false.
    Bool,
    /// Read as dates in this format.
    Date(DateFormat),
}

/// How to load: roles and column types the user chose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// Roles; unset ones are detected from the headers.
    pub roles: RoleMapping,
    /// Column types forced by the user (contacts table).
    pub column_types: HashMap<String, ColumnOverride>,
    /// Column types forced by the user in the deals table (date formats).
    pub deals_column_types: HashMap<String, ColumnOverride>,
}

/// Won, lost or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// At least one won deal.
    Won,
    /// Only lost deals.
    Lost,
    /// No closed deal.
    None,
}

/// Outcome per contact, in contact row order.
#[derive(Debug, Clone, Default)]
pub struct Outcomes {
    /// Won / lost / none.
    pub outcome: Vec<Outcome>,
    /// Sum of won deal amounts.
    pub revenue: Vec<f64>,
    /// Earliest close date of a won deal (milliseconds), when known.
    pub won_at_ms: Vec<Option<i64>>,
}

impl Outcomes {
    /// Whether contact `row` is won.
    pub fn is_won(&self, row: usize) -> bool {
        self.outcome.get(row) == Some(&Outcome::Won)
    }

    /// The outcomes of some rows only, in the order given.
    pub fn select(&self, rows: &[usize]) -> Outcomes {
        Outcomes {
            outcome: rows
                .iter()
                .map(|&r| self.outcome.get(r).copied().unwrap_or(Outcome::None))
                .collect(),
            revenue: rows
                .iter()
                .map(|&r| self.revenue.get(r).copied().unwrap_or(0.0))
                .collect(),
            won_at_ms: rows
                .iter()
                .map(|&r| self.won_at_ms.get(r).copied().flatten())
                .collect(),
        }
    }
}

/// How many contacts are won, lost or neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    /// Contacts with a won deal (or a won flag / date).
    pub won: usize,
    /// Contacts with lost deals only.
    pub lost: usize,
    /// Contacts without a closed deal.
    pub none: usize,
}

impl Outcomes {
    /// Won, lost and neither, counted.
    pub fn counts(&self) -> OutcomeCounts {
        let mut counts = OutcomeCounts::default();
        for outcome in &self.outcome {
            match outcome {
                Outcome::Won => counts.won += 1,
                Outcome::Lost => counts.lost += 1,
                Outcome::None => counts.none += 1,
            }
        }
        counts
    }
}

/// Status of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DealStatus {
    /// Closed won.
    Won,
    /// Closed lost.
    Lost,
    /// Anything else.
    Open,
}

/// Deals, joined to contact rows.
#[derive(Debug, Clone, Default)]
pub struct Deals {
    /// Contact row of each deal (None when it matched no contact).
    pub contact_row: Vec<Option<u32>>,
    /// Status.
    pub status: Vec<DealStatus>,
    /// Amount.
    pub amount: Vec<Option<f64>>,
    /// Created (milliseconds).
    pub created_ms: Vec<Option<i64>>,
    /// Closed (milliseconds).
    pub closed_ms: Vec<Option<i64>>,
}

/// A loaded history, ready to score.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Identifies this load: caches keyed on data compare it.
    pub revision: u64,
    /// Typed contact columns, names as in the file, one row per contact.
    pub contacts: DataFrame,
    /// Contact ids in row order.
    pub ids: Vec<String>,
    /// Columns and types for rule validation.
    pub schema: Schema,
    /// Outcome per contact.
    pub outcomes: Outcomes,
    /// Contact creation dates (milliseconds), when a created column is mapped.
    pub created_ms: Option<Vec<Option<i64>>>,
    /// Deals, when loaded.
    pub deals: Option<Deals>,
    /// Events, when loaded.
    pub events: Option<Events>,
    /// The roles used.
    pub roles: RoleMapping,
    /// One report per loaded table.
    pub reports: Vec<TableReport>,
    /// The latest date anywhere in the data: the default as-of date.
    pub latest_date: Option<NaiveDate>,
    /// The options the data was loaded with, as the user gave them (the
    /// roles they chose; detection fills the rest the same way again).
    pub options: LoadOptions,
}

/// A number no other dataset of this process has.
pub(super) fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Dataset {
    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no contacts.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Won, lost and neither, from the mapped outcome.
    pub fn outcome_counts(&self) -> OutcomeCounts {
        self.outcomes.counts()
    }

    /// The value of `field` for contact `row` as the user reads it ("(empty)"
    /// when missing); `None` when there is no such row or column.
    pub fn value_text(&self, row: usize, field: &str) -> Option<String> {
        let column = self.contacts.column(field).ok()?;
        if row >= column.len() {
            return None;
        }
        Some(match column.get(row).ok()? {
            AnyValue::Null => "(empty)".to_owned(),
            AnyValue::String(s) => s.to_owned(),
            AnyValue::StringOwned(s) => s.to_string(),
            AnyValue::Boolean(b) => b.to_string(),
            AnyValue::Float64(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            AnyValue::Float64(x) => x.to_string(),
            AnyValue::Datetime(ms, _, _) | AnyValue::DatetimeOwned(ms, _, _) => {
                chrono::DateTime::from_timestamp_millis(ms)
                    .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default()
            }
            other => other.to_string(),
        })
    }

    /// Builds a dataset from an already typed contacts frame (tests, generator).
    pub fn from_frames(
        contacts: DataFrame,
        id_column: &str,
        outcomes: Outcomes,
        events: Option<DataFrame>,
    ) -> Result<Dataset, PolarsError> {
        let ids: Vec<String> = contacts
            .column(id_column)?
            .cast(&DataType::String)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_owned())
            .collect();
        let schema = schema_of(&contacts, events.is_some());
        let events = events
            .map(|frame| Events::from_frame(&frame, ids.len()))
            .transpose()?;
        let latest = events
            .as_ref()
            .and_then(Events::latest_ms)
            .and_then(date_of_ms);
        Ok(Dataset {
            revision: next_revision(),
            contacts,
            ids,
            schema,
            outcomes,
            created_ms: None,
            deals: None,
            events,
            roles: RoleMapping::default(),
            options: LoadOptions::default(),
            reports: Vec::new(),
            latest_date: latest,
        })
    }
}

/// Columns and kinds of a typed contacts frame.
pub(super) fn schema_of(contacts: &DataFrame, has_events: bool) -> Schema {
    let columns = contacts
        .columns()
        .iter()
        .map(|c| {
            let kind = match c.dtype() {
                DataType::Boolean => ColumnKind::Bool,
                DataType::Datetime(_, _) | DataType::Date => ColumnKind::Date,
                d if d.is_primitive_numeric() => ColumnKind::Number,
                _ => ColumnKind::Text,
            };
            (c.name().to_string(), kind)
        })
        .collect();
    Schema {
        columns,
        has_events,
    }
}
