//! A look at a table before loading it: its first rows as the file has
//! them, the role each column was given and why, and what is wrong with
//! the choices — shown at the place of the choice, before anything that is
//! loaded is replaced.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::detect::RoleFinding;
use super::frames::{column_names, plural};
use super::parse::{DateFormat, is_placeholder, normalize_text, parse_date_ms};
use super::roles::DEFAULT_OPEN;
use super::table::{date_format_of, read_raw};
use super::{ColumnOverride, LoadError, LoadOptions, TableKind};

/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 8;
/// Distinct status values offered for mapping.
const STATUS_VALUES: usize = 40;
/// Values sampled to judge a date column.
const DATE_SAMPLE: usize = 2000;

/// The start of a table and the roles of its columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TablePreview {
    /// Which table.
    pub table: TableKind,
    /// The file.
    pub path: PathBuf,
    /// Column names as in the file.
    pub headers: Vec<String>,
    /// The first rows, every value as text ("" when missing).
    pub rows: Vec<Vec<String>>,
    /// Rows in the file.
    pub row_count: usize,
    /// Each role's column and why.
    pub findings: Vec<RoleFinding>,
    /// What reading noticed (encoding, skipped lines).
    pub notes: Vec<String>,
    /// Deals: the status column's values (normalised) with their counts,
    /// most frequent first.
    pub status_values: Vec<(String, usize)>,
    /// Deals: no status column but a won or close date: probably won deals only.
    pub suggests_all_won: bool,
    /// Date columns whose day and month order cannot be told apart, with
    /// the format they would be read with.
    pub ambiguous_dates: Vec<(String, DateFormat)>,
    /// Problems with the current choices, by role.
    pub problems: Vec<RoleProblem>,
}

/// A choice that will not load well, said where the choice is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleProblem {
    /// The role ("contact id"), as in [`RoleFinding`].
    pub role: String,
    /// What is wrong.
    pub message: String,
}

/// Reads `path` as the `table` table, detects the roles the user did not
/// choose (into `options`) and checks the choices against the values.
pub fn preview_table(
    path: &Path,
    table: TableKind,
    options: &mut LoadOptions,
) -> Result<TablePreview, LoadError> {
    let raw = read_raw(path)?;
    let headers = column_names(&raw.frame);
    let roles = &mut options.roles;
    let findings = match table {
        TableKind::Contacts => roles.contacts.detect(&headers),
        TableKind::Deals => roles.deals.detect(&headers, roles.contacts.id.as_deref()),
        TableKind::Events => roles.events.detect(&headers, roles.contacts.id.as_deref()),
    };
    let text = TextColumns::of(&raw.frame);
    let mut preview = TablePreview {
        table,
        path: path.to_owned(),
        rows: text.first_rows(),
        row_count: raw.frame.height(),
        headers,
        findings,
        notes: raw.notes,
        status_values: Vec::new(),
        suggests_all_won: false,
        ambiguous_dates: text.ambiguous_dates(),
        problems: Vec::new(),
    };
    match table {
        TableKind::Contacts => check_contacts(&text, options, &mut preview),
        TableKind::Deals => check_deals(&text, options, &mut preview),
        TableKind::Events => {}
    }
    Ok(preview)
}

/// Every column as text, in file order (Parquet columns may be typed).
struct TextColumns(Vec<(String, Vec<Option<String>>)>);

impl TextColumns {
    fn of(frame: &DataFrame) -> Self {
        let columns = frame
            .columns()
            .iter()
            .map(|column| {
                let values = column
                    .cast(&DataType::String)
                    .ok()
                    .and_then(|text| {
                        text.str()
                            .ok()
                            .map(|s| s.iter().map(|v| v.map(str::to_owned)).collect())
                    })
                    .unwrap_or_else(|| vec![None; column.len()]);
                (column.name().to_string(), values)
            })
            .collect();
        TextColumns(columns)
    }

    fn get(&self, name: &str) -> Option<&Vec<Option<String>>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn first_rows(&self) -> Vec<Vec<String>> {
        let height = self.0.first().map_or(0, |(_, v)| v.len());
        (0..height.min(PREVIEW_ROWS))
            .map(|row| {
                self.0
                    .iter()
                    .map(|(_, values)| values.get(row).cloned().flatten().unwrap_or_default())
                    .collect()
            })
            .collect()
    }

    /// Text columns whose values read as dates in both day orders.
    fn ambiguous_dates(&self) -> Vec<(String, DateFormat)> {
        self.0
            .iter()
            .filter_map(|(name, values)| {
                let sample = present_sample(values);
                match date_format_of(&sample) {
                    Some((format, true)) => Some((name.clone(), format)),
                    _ => None,
                }
            })
            .collect()
    }
}

/// Up to [`DATE_SAMPLE`] present values, trimmed, placeholders left out.
fn present_sample(values: &[Option<String>]) -> Vec<Option<&str>> {
    values
        .iter()
        .filter_map(|v| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty() && !is_placeholder(v))
        })
        .take(DATE_SAMPLE)
        .map(Some)
        .collect()
}

/// The id must be there and unique; date roles must read.
fn check_contacts(text: &TextColumns, options: &LoadOptions, preview: &mut TablePreview) {
    let roles = &options.roles.contacts;
    if let Some(id) = &roles.id
        && let Some(values) = text.get(id)
    {
        let (missing, duplicates) = id_problems(values);
        if duplicates > 0 {
            preview.problems.push(RoleProblem {
                role: "contact id".to_owned(),
                message: format!(
                    "{duplicates} value{} of \"{id}\" appear more than once: is it really one row per contact? (only the first row of each is kept)",
                    plural(duplicates)
                ),
            });
        }
        if missing * 2 > values.len() {
            preview.problems.push(RoleProblem {
                role: "contact id".to_owned(),
                message: format!(
                    "{missing} of {} rows have no \"{id}\": those rows are dropped",
                    values.len()
                ),
            });
        }
    }
    for (role, column) in [
        ("created date", &roles.created),
        ("won date", &roles.won_date),
    ] {
        check_date(text, column, role, &options.column_types, preview);
    }
}

/// Ids that are missing, and ids that repeat.
fn id_problems(values: &[Option<String>]) -> (usize, usize) {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(values.len());
    let mut missing = 0;
    for value in values {
        match value.as_deref().map(str::trim) {
            None | Some("") => missing += 1,
            Some(id) => *seen.entry(id).or_default() += 1,
        }
    }
    (missing, seen.values().filter(|&&n| n > 1).count())
}

/// A date role whose values mostly do not read under the chosen format.
fn check_date(
    text: &TextColumns,
    column: &Option<String>,
    role: &str,
    overrides: &HashMap<String, ColumnOverride>,
    preview: &mut TablePreview,
) {
    let Some(column) = column else {
        return;
    };
    let Some(values) = text.get(column) else {
        return;
    };
    let sample = present_sample(values);
    if sample.is_empty() {
        return;
    }
    let format = match overrides.get(column) {
        Some(ColumnOverride::Date(format)) => *format,
        _ => date_format_of(&sample).map_or(DateFormat::Iso, |(f, _)| f),
    };
    let readable = sample
        .iter()
        .flatten()
        .filter(|v| parse_date_ms(v, format).is_some())
        .count();
    if readable * 2 < sample.len() {
        preview.problems.push(RoleProblem {
            role: role.to_owned(),
            message: format!(
                "only {readable} of {} values of \"{column}\" read as dates ({}): choose another column or format",
                sample.len(),
                format.label()
            ),
        });
    }
}

/// Status values with counts; the all-won suggestion; values that map to
/// nothing.
fn check_deals(text: &TextColumns, options: &LoadOptions, preview: &mut TablePreview) {
    let roles = &options.roles.deals;
    preview.suggests_all_won = roles.suggests_all_won();
    if let Some(column) = &roles.closed {
        check_date(
            text,
            &Some(column.clone()),
            "closed date",
            &options.deals_column_types,
            preview,
        );
    }
    let Some(status) = &roles.status else {
        return;
    };
    let Some(values) = text.get(status) else {
        return;
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for value in values {
        let value = value.as_deref().map(normalize_text).unwrap_or_default();
        *counts.entry(value).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if !counts.iter().any(|(v, _)| roles.is_won(v)) {
        preview.problems.push(RoleProblem {
            role: "status".to_owned(),
            message: format!("no value of \"{status}\" means won: pick the values that do"),
        });
    }
    for chosen in roles.won_values.iter().chain(&roles.lost_values) {
        if !counts.iter().any(|(v, _)| v == chosen) {
            preview.problems.push(RoleProblem {
                role: "status".to_owned(),
                message: format!("\"{chosen}\" is not a value of \"{status}\""),
            });
        }
    }
    let unmapped = counts
        .iter()
        .filter(|(v, _)| {
            !roles.is_won(v) && !roles.is_lost(v) && !DEFAULT_OPEN.contains(&v.as_str())
        })
        .count();
    if unmapped > 0 {
        preview.notes.push(format!(
            "{unmapped} status value{} mean neither won nor lost: counted as open",
            plural(unmapped)
        ));
    }
    counts.truncate(STATUS_VALUES);
    preview.status_values = counts;
}
