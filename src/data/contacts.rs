//! The contacts table: read, typed, one row per contact id.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::path::Path;

use polars::prelude::*;

use super::frames::{column_names, plural, prepare};
use super::table::{TypeHint, read_raw, type_columns};
use super::{
    ColumnKind, ColumnOverride, ContactRoles, LoadError, LoadOptions, TableKind, TableReport,
};

/// The note on a contacts table without rows.
pub(super) const NO_ROWS: &str = "the table has no rows: there is nothing to score";

/// How many duplicated ids a note lists by name.
const LISTED_DUPLICATES: usize = 10;

/// Reads and types the contacts, drops rows without an id or with an id
/// seen before, and reports it; returns the frame and the ids in row order.
pub(super) fn load_contacts(
    path: &Path,
    options: &LoadOptions,
    roles: &mut ContactRoles,
    reports: &mut Vec<TableReport>,
) -> Result<(DataFrame, Vec<String>), LoadError> {
    let trace = crate::trace::Trace::new();
    let raw = read_raw(path)?;
    trace.mark("contacts: read");
    let headers = column_names(&raw.frame);
    let (id_column, findings) = map_roles(roles, &headers, path)?;
    let hints = type_hints(options, roles, &id_column);
    let prepare = prepare("contacts", path);
    let (frame, columns) = type_columns(raw.frame, &hints).map_err(&prepare)?;
    trace.mark("contacts: typed");
    let mut notes = raw.notes;
    let frame = keep_one_row_per_id(frame, &id_column, &mut notes).map_err(&prepare)?;
    trace.mark("contacts: one row per id");
    let ids: Vec<String> = frame
        .column(&id_column)
        .map_err(&prepare)?
        .str()
        .map_err(&prepare)?
        .iter()
        .map(|v| v.unwrap_or_default().to_owned())
        .collect();
    if ids.is_empty() {
        notes.push(NO_ROWS.to_owned());
    }
    reports.push(TableReport {
        table: TableKind::Contacts,
        path: path.to_owned(),
        rows: frame.height(),
        columns,
        notes,
        roles: findings,
    });
    Ok((frame, ids))
}

/// The roles of a contacts table with these headers: the user's, checked,
/// and the rest detected; the id column, which must be found, and why each
/// role has its column.
pub(super) fn map_roles(
    roles: &mut ContactRoles,
    headers: &[String],
    path: &Path,
) -> Result<(String, Vec<super::RoleFinding>), LoadError> {
    for (slot, role) in [(&roles.id, "contact id"), (&roles.created, "created date")] {
        check_mapped(slot, headers, role, path)?;
    }
    let findings = roles.detect(headers);
    let Some(id_column) = roles.id.clone() else {
        return Err(LoadError::MissingRole {
            table: "contacts",
            role: "contact id",
            columns: super::column_list(headers),
            hint: None,
            path: path.to_owned(),
        });
    };
    Ok((id_column, findings))
}

/// A column the user mapped must exist; a detected one always does.
fn check_mapped(
    slot: &Option<String>,
    headers: &[String],
    role: &'static str,
    path: &Path,
) -> Result<(), LoadError> {
    match slot {
        Some(column) if !headers.contains(column) => Err(LoadError::UnknownColumn {
            table: "contacts",
            role,
            column: column.clone(),
            path: path.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// The user's column types, the id as an id and the date roles as dates
/// (unless the user said otherwise).
pub(super) fn type_hints(
    options: &LoadOptions,
    roles: &ContactRoles,
    id_column: &str,
) -> HashMap<String, TypeHint> {
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
    hints.insert(id_column.to_owned(), TypeHint::Id);
    for date_role in [&roles.created, &roles.won_date].into_iter().flatten() {
        hints.entry(date_role.clone()).or_insert(TypeHint::Date);
    }
    hints
}

/// Drops rows without an id and every row after the first of an id, with a
/// note for each kind of drop.
fn keep_one_row_per_id(
    frame: DataFrame,
    id_column: &str,
    notes: &mut Vec<String>,
) -> Result<DataFrame, PolarsError> {
    let mut first = FirstRows::default();
    let keep = first.keep(frame.column(id_column)?.str()?);
    notes.extend(first.notes(id_column));
    if keep.iter().all(|k| *k) {
        return Ok(frame);
    }
    let mask = BooleanChunked::from_slice("keep".into(), &keep);
    frame.filter(&mask)
}

/// Which rows to keep, one part of a table after another: those with an
/// id, the first of each id. Rows without an id cannot be joined or
/// inspected; duplicates would be counted twice. Both are dropped, and said so.
///
/// The ids seen are kept as 128-bit fingerprints (two hashes with seeds
/// drawn for this process): ten million ids take 160 MB rather than their
/// text, and two different ids share a fingerprint with a chance of about
/// one in 10^25.
#[derive(Debug, Default)]
pub(super) struct FirstRows {
    seen: PlHashMap<u128, ()>,
    seeds: (PlRandomState, PlRandomState),
    duplicates: Vec<String>,
    duplicated: PlHashMap<String, ()>,
    duplicate_rows: usize,
    missing: usize,
}

impl FirstRows {
    /// Whether to keep each row of the next part.
    pub fn keep(&mut self, ids: &StringChunked) -> Vec<bool> {
        self.missing += ids.null_count();
        self.seen.reserve(ids.len());
        ids.iter()
            .map(|id| {
                let Some(id) = id else {
                    return false;
                };
                let fingerprint = (u128::from(self.seeds.0.hash_one(id)) << 64)
                    | u128::from(self.seeds.1.hash_one(id));
                if self.seen.insert(fingerprint, ()).is_none() {
                    return true;
                }
                self.duplicate_rows += 1;
                if !self.duplicated.contains_key(id) {
                    self.duplicated.insert(id.to_owned(), ());
                    self.duplicates.push(id.to_owned());
                }
                false
            })
            .collect()
    }

    /// Forgets the ids seen (keeping what the notes say): for a table read
    /// whole, whose later parts will not come.
    pub fn forget_ids(&mut self) {
        self.seen = PlHashMap::new();
        self.duplicated = PlHashMap::new();
    }

    /// A note for each kind of drop so far.
    pub fn notes(&self, id_column: &str) -> Vec<String> {
        let mut notes = Vec::new();
        if self.missing > 0 {
            notes.push(format!(
                "dropped {} row{} without a contact id ({id_column})",
                self.missing,
                plural(self.missing)
            ));
        }
        if !self.duplicates.is_empty() {
            let duplicates: Vec<&str> = self.duplicates.iter().map(String::as_str).collect();
            notes.push(duplicates_note(&duplicates, self.duplicate_rows));
        }
        notes
    }
}

fn duplicates_note(duplicates: &[&str], duplicate_rows: usize) -> String {
    let listed: Vec<String> = duplicates
        .iter()
        .take(LISTED_DUPLICATES)
        .map(|id| crate::format::echo(id))
        .collect();
    format!(
        "{} contact id{} appear more than once ({}{}); kept the first row of each, dropped {duplicate_rows} row{}",
        duplicates.len(),
        plural(duplicates.len()),
        listed.join(", "),
        if duplicates.len() > LISTED_DUPLICATES {
            ", …"
        } else {
            ""
        },
        plural(duplicate_rows)
    )
}
