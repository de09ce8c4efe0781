//! Assembling contacts, deals and events into one dataset with an outcome
//! per contact.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::parse::{DateFormat, date_of_ms, normalize_text};
use super::roles::{DEFAULT_OPEN, RoleMapping, outcome_value_is_won};
use super::table::{TypeHint, read_raw, type_columns};
use super::{ColumnKind, LoadError, Schema, TableKind, TableReport};

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

/// Events, joined to contact rows, as a polars frame with columns
/// `row` (u32), `ts` (i64 ms), `type` (lower case), `detail`, `detail_lc`.
#[derive(Debug, Clone)]
pub struct Events {
    /// The normalised events.
    pub frame: DataFrame,
}

/// A loaded history, ready to score.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Identifies this load: caches keyed on data compare it.
    pub revision: u64,
    /// Typed contact columns, names as in the file, one row per contact.
    pub contacts: DataFrame,
    /// Lower-case, trimmed copies of the text columns, named by [`norm_column`].
    pub contacts_norm: DataFrame,
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
}

/// A number no other dataset of this process has.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The hidden column name of the normalised copy of a text column.
pub fn norm_column(field: &str) -> String {
    format!("\u{1}lc\u{1}{field}")
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
        let contacts_norm = normalised_text_columns(&contacts)?;
        let schema = schema_of(&contacts, events.is_some());
        let latest = events
            .as_ref()
            .and_then(|e| e.column("ts").ok()?.i64().ok()?.max())
            .and_then(date_of_ms);
        Ok(Dataset {
            revision: next_revision(),
            contacts,
            contacts_norm,
            ids,
            schema,
            outcomes,
            created_ms: None,
            deals: None,
            events: events.map(|frame| Events { frame }),
            roles: RoleMapping::default(),
            reports: Vec::new(),
            latest_date: latest,
        })
    }
}

fn schema_of(contacts: &DataFrame, has_events: bool) -> Schema {
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

fn normalised_text_columns(contacts: &DataFrame) -> Result<DataFrame, PolarsError> {
    let mut columns = Vec::new();
    for column in contacts.columns() {
        if column.dtype() != &DataType::String {
            continue;
        }
        let values = column.str()?;
        let lowered: StringChunked = values.iter().map(|v| v.map(normalize_text)).collect();
        columns.push(
            lowered
                .with_name(norm_column(column.name()).into())
                .into_series()
                .into_column(),
        );
    }
    if columns.is_empty() {
        return Ok(DataFrame::empty_with_height(contacts.height()));
    }
    DataFrame::new_infer_height(columns)
}

/// Loads the files, maps roles, joins deals and events to contacts.
pub fn load_dataset(sources: &DataSources, options: &LoadOptions) -> Result<Dataset, LoadError> {
    let trace = crate::trace::Trace::new();
    let mut roles = options.roles.clone();
    let mut reports = Vec::new();
    let contacts_path = &sources.contacts;
    let contacts = load_contacts(contacts_path, options, &mut roles.contacts, &mut reports)?;
    let (contacts, ids) = contacts;
    trace.mark("contacts read and typed");
    let contacts_norm =
        normalised_text_columns(&contacts).map_err(prepare("contacts", contacts_path))?;
    trace.mark("contacts normalised");
    let row_of_id: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let created_ms = match &roles.contacts.created {
        Some(name) => {
            Some(date_values(&contacts, name).map_err(prepare("contacts", contacts_path))?)
        }
        None => None,
    };

    let deals = match &sources.deals {
        Some(path) => Some(load_deals(
            path,
            &mut roles,
            &contacts,
            &row_of_id,
            &mut reports,
        )?),
        None => None,
    };
    let outcomes = match &deals {
        Some(deals) => outcomes_from_deals(deals, ids.len()),
        None => {
            outcomes_from_contacts(&contacts, &roles).map_err(prepare("contacts", contacts_path))?
        }
    };
    trace.mark("deals and outcomes");
    let events = match &sources.events {
        Some(path) => Some(load_events(path, &mut roles, &row_of_id, &mut reports)?),
        None => None,
    };
    trace.mark("events");
    let latest_date = latest_date(&created_ms, &deals, &events, &outcomes);
    let schema = schema_of(&contacts, events.is_some());
    Ok(Dataset {
        revision: next_revision(),
        contacts,
        contacts_norm,
        ids,
        schema,
        outcomes,
        created_ms,
        deals,
        events,
        roles,
        reports,
        latest_date,
    })
}

/// Turns a polars failure into a located load error.
fn prepare<'a>(table: &'static str, path: &'a Path) -> impl Fn(PolarsError) -> LoadError + 'a {
    move |e: PolarsError| LoadError::Prepare {
        table,
        message: e.to_string(),
        path: path.to_owned(),
    }
}

fn column_names(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

fn check_mapped(
    slot: &Option<String>,
    headers: &[String],
    table: &'static str,
    role: &'static str,
    path: &Path,
) -> Result<(), LoadError> {
    match slot {
        Some(column) if !headers.contains(column) => Err(LoadError::UnknownColumn {
            table,
            role,
            column: column.clone(),
            path: path.to_owned(),
        }),
        _ => Ok(()),
    }
}

fn load_contacts(
    path: &Path,
    options: &LoadOptions,
    roles: &mut super::ContactRoles,
    reports: &mut Vec<TableReport>,
) -> Result<(DataFrame, Vec<String>), LoadError> {
    let raw = read_raw(path)?;
    let headers = column_names(&raw.frame);
    for (slot, role) in [(&roles.id, "contact id"), (&roles.created, "created date")] {
        check_mapped(slot, &headers, "contacts", role, path)?;
    }
    roles.detect(&headers);
    let Some(id_column) = roles.id.clone() else {
        return Err(LoadError::MissingRole {
            table: "contacts",
            role: "contact id",
            columns: headers.join(", "),
            path: path.to_owned(),
        });
    };
    let mut hints: HashMap<String, TypeHint> = options
        .column_types
        .iter()
        .map(|(name, o)| {
            let hint = match o {
                ColumnOverride::Text => TypeHint::Kind(ColumnKind::Text),
                ColumnOverride::Number => TypeHint::Kind(ColumnKind::Number),
                ColumnOverride::Bool => TypeHint::Kind(ColumnKind::Bool),
                ColumnOverride::Date(f) => TypeHint::DateFormat(*f),
            };
            (name.clone(), hint)
        })
        .collect();
    hints.insert(id_column.clone(), TypeHint::Id);
    for date_role in [&roles.created, &roles.won_date].into_iter().flatten() {
        hints.entry(date_role.clone()).or_insert(TypeHint::Date);
    }
    let prepare = |e: PolarsError| LoadError::Prepare {
        table: "contacts",
        message: e.to_string(),
        path: path.to_owned(),
    };
    let (frame, columns) = type_columns(raw.frame, &hints).map_err(prepare)?;
    let mut notes = raw.notes;
    let ids_column = frame
        .column(&id_column)
        .map_err(prepare)?
        .str()
        .map_err(prepare)?
        .clone();
    let missing_ids = ids_column.null_count();
    // Rows without an id cannot be joined or inspected; duplicates would be
    // counted twice. Both are dropped, and said so.
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(frame.height());
    let mut keep = Vec::with_capacity(frame.height());
    let mut duplicates: Vec<&str> = Vec::new();
    let mut duplicate_rows = 0usize;
    for id in ids_column.iter() {
        match id {
            None => keep.push(false),
            Some(id) => {
                let count = seen.entry(id).or_insert(0);
                *count += 1;
                if *count == 2 {
                    duplicates.push(id);
                }
                if *count > 1 {
                    duplicate_rows += 1;
                }
                keep.push(*count == 1);
            }
        }
    }
    if missing_ids > 0 {
        notes.push(format!(
            "dropped {missing_ids} row{} without a contact id ({id_column})",
            plural(missing_ids)
        ));
    }
    if !duplicates.is_empty() {
        let listed: Vec<&str> = duplicates.iter().take(10).copied().collect();
        notes.push(format!(
            "{} contact id{} appear more than once ({}{}); kept the first row of each, dropped {duplicate_rows} row{}",
            duplicates.len(),
            plural(duplicates.len()),
            listed.join(", "),
            if duplicates.len() > 10 { ", …" } else { "" },
            plural(duplicate_rows)
        ));
    }
    let frame = if keep.iter().all(|k| *k) {
        frame
    } else {
        let mask = BooleanChunked::from_slice("keep".into(), &keep);
        frame.filter(&mask).map_err(prepare)?
    };
    let ids: Vec<String> = frame
        .column(&id_column)
        .map_err(prepare)?
        .str()
        .map_err(prepare)?
        .iter()
        .map(|v| v.unwrap_or_default().to_owned())
        .collect();
    if ids.is_empty() {
        notes.push("the table has no rows: there is nothing to score".to_owned());
    }
    reports.push(TableReport {
        table: TableKind::Contacts,
        path: path.to_owned(),
        rows: frame.height(),
        columns,
        notes,
    });
    Ok((frame, ids))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Milliseconds of a date column.
fn date_values(frame: &DataFrame, name: &str) -> Result<Vec<Option<i64>>, PolarsError> {
    let column = frame.column(name)?;
    let ints = column.cast(&DataType::Int64)?;
    Ok(ints.i64()?.iter().collect())
}

fn text_values(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>, PolarsError> {
    let column = frame.column(name)?.cast(&DataType::String)?;
    Ok(column.str()?.iter().map(|v| v.map(str::to_owned)).collect())
}

fn load_deals(
    path: &Path,
    roles: &mut RoleMapping,
    contacts: &DataFrame,
    row_of_id: &HashMap<&str, u32>,
    reports: &mut Vec<TableReport>,
) -> Result<Deals, LoadError> {
    let raw = read_raw(path)?;
    let headers = column_names(&raw.frame);
    let deal_roles = &mut roles.deals;
    deal_roles.detect(&headers);
    if deal_roles.contact_id.is_none() && deal_roles.email.is_none() {
        return Err(LoadError::MissingRole {
            table: "deals",
            role: "contact id (or email)",
            columns: headers.join(", "),
            path: path.to_owned(),
        });
    }
    let Some(status_column) = deal_roles.status.clone() else {
        return Err(LoadError::MissingRole {
            table: "deals",
            role: "status (won / lost)",
            columns: headers.join(", "),
            path: path.to_owned(),
        });
    };
    let mut hints = HashMap::new();
    for id in [
        &deal_roles.id,
        &deal_roles.contact_id,
        &deal_roles.email,
        &deal_roles.status,
    ]
    .into_iter()
    .flatten()
    {
        hints.insert(id.clone(), TypeHint::Id);
    }
    for date in [&deal_roles.created, &deal_roles.closed]
        .into_iter()
        .flatten()
    {
        hints.insert(date.clone(), TypeHint::Date);
    }
    if let Some(amount) = &deal_roles.amount {
        hints.insert(amount.clone(), TypeHint::Kind(ColumnKind::Number));
    }
    let prepare = |e: PolarsError| LoadError::Prepare {
        table: "deals",
        message: e.to_string(),
        path: path.to_owned(),
    };
    let (frame, columns) = type_columns(raw.frame, &hints).map_err(prepare)?;
    let mut notes = raw.notes;
    let n = frame.height();

    let contact_row: Vec<Option<u32>> = match &deal_roles.contact_id {
        Some(column) => text_values(&frame, column)
            .map_err(prepare)?
            .iter()
            .map(|id| {
                id.as_deref()
                    .and_then(|id| row_of_id.get(id.trim()).copied())
            })
            .collect(),
        None => {
            let contact_email =
                roles
                    .contacts
                    .email
                    .clone()
                    .ok_or_else(|| LoadError::MissingRole {
                        table: "contacts",
                        role: "email (to join deals by email)",
                        columns: column_names(contacts).join(", "),
                        path: path.to_owned(),
                    })?;
            let emails = text_values(contacts, &contact_email).map_err(prepare)?;
            let row_of_email: HashMap<String, u32> = emails
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.as_deref().map(|e| (normalize_text(e), i as u32)))
                .collect();
            let deal_email = deal_roles.email.clone().unwrap_or_default();
            text_values(&frame, &deal_email)
                .map_err(prepare)?
                .iter()
                .map(|e| {
                    e.as_deref()
                        .and_then(|e| row_of_email.get(&normalize_text(e)).copied())
                })
                .collect()
        }
    };
    let unmatched = contact_row.iter().filter(|r| r.is_none()).count();
    if unmatched > 0 {
        notes.push(format!(
            "{unmatched} deal{} match no contact and are not counted",
            plural(unmatched)
        ));
    }

    let statuses = text_values(&frame, &status_column).map_err(prepare)?;
    let mut unmapped: HashMap<String, usize> = HashMap::new();
    let status: Vec<DealStatus> = statuses
        .iter()
        .map(|s| {
            let value = s.as_deref().map(normalize_text).unwrap_or_default();
            if deal_roles.is_won(&value) {
                DealStatus::Won
            } else if deal_roles.is_lost(&value) {
                DealStatus::Lost
            } else {
                if !DEFAULT_OPEN.contains(&value.as_str()) {
                    *unmapped.entry(value).or_insert(0) += 1;
                }
                DealStatus::Open
            }
        })
        .collect();
    if !unmapped.is_empty() {
        let mut listed: Vec<(String, usize)> = unmapped.into_iter().collect();
        listed.sort();
        let words: Vec<String> = listed
            .iter()
            .map(|(v, c)| {
                if v.is_empty() {
                    format!("(empty) ×{c}")
                } else {
                    format!("\"{v}\" ×{c}")
                }
            })
            .collect();
        notes.push(format!(
            "status values not recognised as won or lost, counted as open: {}",
            words.join(", ")
        ));
    }
    let amount: Vec<Option<f64>> = match &deal_roles.amount {
        Some(column) => frame
            .column(column)
            .map_err(prepare)?
            .f64()
            .map_err(prepare)?
            .iter()
            .collect(),
        None => vec![None; n],
    };
    let dates = |slot: &Option<String>| -> Result<Vec<Option<i64>>, LoadError> {
        match slot {
            Some(column) => date_values(&frame, column).map_err(prepare),
            None => Ok(vec![None; n]),
        }
    };
    let created_ms = dates(&deal_roles.created)?;
    let closed_ms = dates(&deal_roles.closed)?;
    let reversed = created_ms
        .iter()
        .zip(&closed_ms)
        .filter(|(c, d)| matches!((c, d), (Some(c), Some(d)) if d < c))
        .count();
    if reversed > 0 {
        notes.push(format!(
            "{reversed} deal{} closed before {} created",
            plural(reversed),
            if reversed == 1 { "it was" } else { "they were" }
        ));
    }
    let won_without_date = status
        .iter()
        .zip(&closed_ms)
        .filter(|(s, d)| **s == DealStatus::Won && d.is_none())
        .count();
    if won_without_date > 0 {
        notes.push(format!(
            "{won_without_date} won deal{} without a close date (not usable in back-tests)",
            plural(won_without_date)
        ));
    }
    reports.push(TableReport {
        table: TableKind::Deals,
        path: path.to_owned(),
        rows: n,
        columns,
        notes,
    });
    Ok(Deals {
        contact_row,
        status,
        amount,
        created_ms,
        closed_ms,
    })
}

fn outcomes_from_deals(deals: &Deals, contacts: usize) -> Outcomes {
    let mut outcomes = Outcomes {
        outcome: vec![Outcome::None; contacts],
        revenue: vec![0.0; contacts],
        won_at_ms: vec![None; contacts],
    };
    for (i, row) in deals.contact_row.iter().enumerate() {
        let Some(row) = row.map(|r| r as usize) else {
            continue;
        };
        let status = deals.status.get(i).copied().unwrap_or(DealStatus::Open);
        let (Some(outcome), Some(revenue), Some(won_at)) = (
            outcomes.outcome.get_mut(row),
            outcomes.revenue.get_mut(row),
            outcomes.won_at_ms.get_mut(row),
        ) else {
            continue;
        };
        match status {
            DealStatus::Won => {
                *outcome = Outcome::Won;
                *revenue += deals.amount.get(i).copied().flatten().unwrap_or(0.0);
                if let Some(closed) = deals.closed_ms.get(i).copied().flatten() {
                    *won_at = Some(won_at.map_or(closed, |w: i64| w.min(closed)));
                }
            }
            DealStatus::Lost => {
                if *outcome == Outcome::None {
                    *outcome = Outcome::Lost;
                }
            }
            DealStatus::Open => {}
        }
    }
    outcomes
}

fn outcomes_from_contacts(
    contacts: &DataFrame,
    roles: &RoleMapping,
) -> Result<Outcomes, PolarsError> {
    let n = contacts.height();
    let mut outcomes = Outcomes {
        outcome: vec![Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    };
    if let Some(column) = &roles.contacts.outcome {
        let values = contacts.column(column)?;
        let won: Vec<bool> = match values.dtype() {
            DataType::Boolean => values.bool()?.iter().map(|v| v == Some(true)).collect(),
            d if d.is_primitive_numeric() => values
                .cast(&DataType::Float64)?
                .f64()?
                .iter()
                .map(|v| v.is_some_and(|x| x != 0.0))
                .collect(),
            _ => values
                .cast(&DataType::String)?
                .str()?
                .iter()
                .map(|v| v.is_some_and(outcome_value_is_won))
                .collect(),
        };
        for (slot, won) in outcomes.outcome.iter_mut().zip(won) {
            if won {
                *slot = Outcome::Won;
            }
        }
    }
    if let Some(column) = &roles.contacts.won_date {
        let dates = date_values(contacts, column)?;
        for ((slot, won_at), date) in outcomes
            .outcome
            .iter_mut()
            .zip(outcomes.won_at_ms.iter_mut())
            .zip(dates)
        {
            if let Some(date) = date {
                *slot = Outcome::Won;
                *won_at = Some(date);
            }
        }
    }
    Ok(outcomes)
}

fn load_events(
    path: &Path,
    roles: &mut RoleMapping,
    row_of_id: &HashMap<&str, u32>,
    reports: &mut Vec<TableReport>,
) -> Result<Events, LoadError> {
    let trace = crate::trace::Trace::new();
    let raw = read_raw(path)?;
    trace.mark("events: read");
    let headers = column_names(&raw.frame);
    let event_roles = &mut roles.events;
    event_roles.detect(&headers);
    let missing = |role: &'static str| LoadError::MissingRole {
        table: "events",
        role,
        columns: headers.join(", "),
        path: path.to_owned(),
    };
    let contact_column = event_roles
        .contact_id
        .clone()
        .ok_or_else(|| missing("contact id"))?;
    let time_column = event_roles
        .timestamp
        .clone()
        .ok_or_else(|| missing("timestamp"))?;
    let type_column = event_roles
        .event_type
        .clone()
        .ok_or_else(|| missing("event type"))?;
    let prepare = |e: PolarsError| LoadError::Prepare {
        table: "events",
        message: e.to_string(),
        path: path.to_owned(),
    };
    // Only the timestamp needs reading per value; ids, types and details are
    // cleaned in one vectorised pass by `normalise_events`.
    let frame = raw.frame;
    let times = frame.select([time_column.as_str()]).map_err(prepare)?;
    let mut hints = HashMap::new();
    hints.insert(time_column.clone(), TypeHint::Date);
    let (typed_time, mut columns) = type_columns(times, &hints).map_err(prepare)?;
    let mut frame = frame;
    frame
        .replace(
            &time_column,
            typed_time.column(&time_column).map_err(prepare)?.clone(),
        )
        .map_err(prepare)?;
    for c in frame.columns() {
        if c.name().as_str() != time_column {
            columns.push(super::ColumnReport {
                name: c.name().to_string(),
                kind: ColumnKind::Text,
                present: c.len() - c.null_count(),
                unreadable: 0,
                placeholders: 0,
                date_format: None,
                note: None,
            });
        }
    }
    trace.mark("events: typed");
    let mut notes = raw.notes;
    let columns_used = EventColumns {
        contact: &contact_column,
        time: &time_column,
        kind: &type_column,
        detail: event_roles.detail.as_deref(),
    };
    let (frame_out, bad_time, unknown_contact) =
        normalise_events(&frame, &columns_used, row_of_id).map_err(prepare)?;
    let kept = frame_out.height();
    if bad_time > 0 {
        notes.push(format!(
            "skipped {bad_time} event{} with a missing or unreadable timestamp",
            plural(bad_time)
        ));
    }
    if unknown_contact > 0 {
        notes.push(format!(
            "skipped {unknown_contact} event{} whose contact is not in the contacts table",
            plural(unknown_contact)
        ));
    }
    reports.push(TableReport {
        table: TableKind::Events,
        path: path.to_owned(),
        rows: kept,
        columns,
        notes,
    });
    Ok(Events { frame: frame_out })
}

/// The columns of an events table that matter.
pub struct EventColumns<'a> {
    /// Contact id.
    pub contact: &'a str,
    /// Timestamp (typed as a date).
    pub time: &'a str,
    /// Event type.
    pub kind: &'a str,
    /// Detail, if mapped.
    pub detail: Option<&'a str>,
}

/// Events joined to contact rows in the engine's form (`row`, `ts`, `type`,
/// `detail`, `detail_lc`), with how many rows had no readable timestamp and
/// how many named an unknown contact. Vectorised: events tables are large.
pub fn normalise_events(
    frame: &DataFrame,
    columns: &EventColumns,
    row_of_id: &HashMap<&str, u32>,
) -> Result<(DataFrame, usize, usize), PolarsError> {
    let bad_time = frame.column(columns.time)?.null_count();
    let mut ids: Vec<&str> = Vec::with_capacity(row_of_id.len());
    let mut rows: Vec<u32> = Vec::with_capacity(row_of_id.len());
    for (id, row) in row_of_id {
        ids.push(id);
        rows.push(*row);
    }
    let id_frame = DataFrame::new(
        ids.len(),
        vec![
            Column::new("\u{1}id".into(), ids),
            Column::new("row".into(), rows),
        ],
    )?;
    let with_time = clean_events_lazy(frame.clone().lazy(), columns);
    let trace = crate::trace::Trace::new();
    let with_time = with_time.collect()?;
    trace.mark("events: cleaned");
    let kept_before_join = frame.height() - bad_time;
    let joined = with_time
        .lazy()
        .join(
            id_frame.lazy(),
            [col("\u{1}cid")],
            [col("\u{1}id")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("row"),
            col("ts"),
            col("type"),
            col("detail"),
            col("detail_lc"),
        ])
        .collect()?;
    trace.mark("events: joined");
    let unknown_contact = kept_before_join - joined.height();
    Ok((joined, bad_time, unknown_contact))
}

/// Events cleaned the way the loader reads them, lazily: columns
/// `\u{1}cid` (trimmed contact id), `ts` (milliseconds), `type` (lower case),
/// `detail` (trimmed, placeholders missing) and `detail_lc`; rows without a
/// timestamp are dropped.
pub fn clean_events_lazy(events: LazyFrame, columns: &EventColumns) -> LazyFrame {
    // In layers, each string operation once: trim, lower, then placeholder
    // tests on the materialised columns.
    let detail = match columns.detail {
        Some(d) => col(d).cast(DataType::String).str().strip_chars(lit(NULL)),
        None => lit(NULL).cast(DataType::String),
    };
    let placeholder =
        |lower: &str| super::parse::placeholder_expr(col(lower)).fill_null(lit(false));
    events
        .select([
            col(columns.contact)
                .cast(DataType::String)
                .str()
                .strip_chars(lit(NULL))
                .alias("\u{1}cid"),
            col(columns.time)
                .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
                .cast(DataType::Int64)
                .alias("ts"),
            col(columns.kind)
                .cast(DataType::String)
                .str()
                .strip_chars(lit(NULL))
                .str()
                .to_lowercase()
                .alias("\u{1}type_lc"),
            detail.alias("\u{1}detail"),
        ])
        .filter(col("ts").is_not_null())
        .with_column(
            col("\u{1}detail")
                .str()
                .to_lowercase()
                .alias("\u{1}detail_lc"),
        )
        .select([
            col("\u{1}cid"),
            col("ts"),
            when(placeholder("\u{1}type_lc"))
                .then(lit(""))
                .otherwise(col("\u{1}type_lc").fill_null(lit("")))
                .alias("type"),
            when(placeholder("\u{1}detail_lc"))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(col("\u{1}detail"))
                .alias("detail"),
            when(placeholder("\u{1}detail_lc"))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(col("\u{1}detail_lc"))
                .alias("detail_lc"),
        ])
}

fn latest_date(
    created: &Option<Vec<Option<i64>>>,
    deals: &Option<Deals>,
    events: &Option<Events>,
    outcomes: &Outcomes,
) -> Option<NaiveDate> {
    let mut latest: Option<i64> = None;
    let mut see = |v: Option<i64>| {
        if let Some(v) = v {
            latest = Some(latest.map_or(v, |l| l.max(v)));
        }
    };
    if let Some(created) = created {
        see(created.iter().flatten().max().copied());
    }
    if let Some(deals) = deals {
        see(deals.closed_ms.iter().flatten().max().copied());
        see(deals.created_ms.iter().flatten().max().copied());
    }
    if let Some(events) = events
        && let Ok(ts) = events.frame.column("ts").and_then(|c| c.i64().cloned())
    {
        see(ts.max());
    }
    see(outcomes.won_at_ms.iter().flatten().max().copied());
    latest.and_then(date_of_ms)
}
