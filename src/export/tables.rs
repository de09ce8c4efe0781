//! The cleaned, typed tables a warehouse loads natively, and per dialect the
//! statements that create and load them, so the exported query runs on the
//! user's own raw export.
//!
//! The loader's cleaning is done once, here, by the same code the app uses:
//! trimmed text with placeholders missing, numbers read through thousands
//! separators, currency and K/M/B suffixes, dates in every format we read
//! turned into UTC. Parquet carries the types to DuckDB, Spark, BigQuery
//! and Snowflake; PostgreSQL, which cannot read Parquet, gets CSV beside it
//! with each timestamp's zone written out.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{Dialect, IdentifierCase};
use crate::data::Dataset;

/// The file names `write_tables` writes in its folder.
pub const CONTACTS_PARQUET: &str = "contacts.parquet";
/// Contacts as CSV, for PostgreSQL's `\copy`.
pub const CONTACTS_CSV: &str = "contacts.csv";
/// Events as Parquet.
pub const EVENTS_PARQUET: &str = "events.parquet";
/// Events as CSV.
pub const EVENTS_CSV: &str = "events.csv";

/// Timestamps in the CSV files: UTC, with the zone written so that a
/// `timestamptz` column on a server in any zone reads the same instant.
const CSV_TIMESTAMP: &str = "%Y-%m-%d %H:%M:%S%.3f+00:00";

/// Why the tables could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    /// Polars could not build or write a table.
    #[error("cannot write {file}: {reason}")]
    Write {
        /// The file.
        file: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// Where the tables go in the warehouse, and how their names are written.
#[derive(Debug, Clone, PartialEq)]
pub struct TableNames {
    /// The contacts table (may be `schema.table`).
    pub contacts: String,
    /// The events table.
    pub events: String,
    /// The letter case of the names; `None`: each dialect's usual one.
    pub identifiers: Option<IdentifierCase>,
}

/// The contact columns as loaded, one row per contact: the names of the
/// file, numbers as 64-bit floats, dates as UTC timestamps.
pub fn contacts_frame(data: &Dataset) -> DataFrame {
    data.contacts.clone()
}

/// The names of the events table's columns: the roles' names in the file,
/// or the usual ones.
pub struct EventColumns {
    /// The contact id.
    pub contact_id: String,
    /// The timestamp.
    pub timestamp: String,
    /// The event type.
    pub event_type: String,
    /// The detail (page, form, campaign), when the events have one.
    pub detail: Option<String>,
}

impl EventColumns {
    /// The names the data's roles give, or `contact_id`, `timestamp` and
    /// `event_type`; a detail column only where the role is mapped (as the
    /// exported query reads it).
    pub fn of(data: &Dataset) -> EventColumns {
        let roles = &data.roles.events;
        let or = |slot: &Option<String>, default: &str| {
            slot.clone().unwrap_or_else(|| default.to_owned())
        };
        EventColumns {
            contact_id: or(&roles.contact_id, "contact_id"),
            timestamp: or(&roles.timestamp, "timestamp"),
            event_type: or(&roles.event_type, "event_type"),
            detail: roles.detail.clone(),
        }
    }
}

/// The events of the loaded contacts, one row per event: contact id,
/// timestamp (UTC), type and (when mapped) detail, under the names of
/// [`EventColumns`].
/// `None` when no events were loaded.
pub fn events_frame(data: &Dataset) -> PolarsResult<Option<DataFrame>> {
    let Some(events) = data.events.as_ref() else {
        return Ok(None);
    };
    let names = EventColumns::of(data);
    let events = events.to_frame()?;
    let rows = events.column("row")?.u32()?;
    let ids: Vec<Option<&str>> = rows
        .iter()
        .map(|row| {
            row.and_then(|r| data.ids.get(r as usize))
                .map(String::as_str)
        })
        .collect();
    let timestamps = events
        .column("ts")?
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?
        .with_name(names.timestamp.as_str().into());
    let mut columns = vec![
        Column::new(names.contact_id.as_str().into(), ids),
        timestamps,
        events
            .column("type")?
            .clone()
            .with_name(names.event_type.as_str().into()),
    ];
    if let Some(detail) = &names.detail {
        columns.push(
            events
                .column("detail")?
                .clone()
                .with_name(detail.as_str().into()),
        );
    }
    Ok(Some(DataFrame::new(events.height(), columns)?))
}

/// Writes the contacts (and the events, when loaded) as Parquet and CSV in
/// `dir`, each file atomically; returns the files written.
pub fn write_tables(data: &Dataset, dir: &Path) -> Result<Vec<PathBuf>, TablesError> {
    let mut written = Vec::new();
    let mut contacts = contacts_frame(data);
    write_pair(
        &mut contacts,
        dir,
        CONTACTS_PARQUET,
        CONTACTS_CSV,
        &mut written,
    )?;
    let events = events_frame(data).map_err(|e| TablesError::Write {
        file: dir.join(EVENTS_PARQUET),
        reason: e.to_string(),
    })?;
    if let Some(mut events) = events {
        write_pair(&mut events, dir, EVENTS_PARQUET, EVENTS_CSV, &mut written)?;
    }
    Ok(written)
}

fn write_pair(
    frame: &mut DataFrame,
    dir: &Path,
    parquet: &str,
    csv: &str,
    written: &mut Vec<PathBuf>,
) -> Result<(), TablesError> {
    frame.rechunk_mut();
    let parquet = dir.join(parquet);
    write_file(&parquet, |file| {
        ParquetWriter::new(file).finish(frame).map(|_| ())
    })?;
    written.push(parquet);
    let csv = dir.join(csv);
    write_file(&csv, |file| {
        CsvWriter::new(file)
            .include_header(true)
            .with_datetime_format(Some(CSV_TIMESTAMP.into()))
            .finish(frame)
    })?;
    written.push(csv);
    Ok(())
}

/// Streams a table into `path` atomically: the previous file stays whole
/// until the new one is complete.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut crate::files::AtomicFile) -> PolarsResult<()>,
) -> Result<(), TablesError> {
    let mut file = crate::files::AtomicFile::create(path).map_err(|e| write_error(path, e))?;
    write(&mut file).map_err(|e| write_error(path, e))?;
    file.commit().map_err(|e| write_error(path, e))
}

fn write_error(file: &Path, e: impl std::fmt::Display) -> TablesError {
    TablesError::Write {
        file: file.to_owned(),
        reason: e.to_string(),
    }
}

/// The name of the load script for a dialect, in the tables' folder.
pub fn load_script_name(dialect: Dialect) -> String {
    match dialect {
        Dialect::BigQuery => "load_bigquery.sh".to_owned(),
        d => format!("load_{}.sql", d.name()),
    }
}

/// A column's type in a dialect's `CREATE TABLE`.
fn column_type(dialect: Dialect, dtype: &DataType) -> &'static str {
    match (dialect, dtype) {
        (Dialect::Postgres, DataType::Datetime(_, _)) => "TIMESTAMPTZ",
        (Dialect::Snowflake, DataType::Datetime(_, _)) => "TIMESTAMP_NTZ",
        (_, DataType::Datetime(_, _)) => "TIMESTAMP",
        (_, DataType::Boolean) => "BOOLEAN",
        (d, t) if t.is_primitive_numeric() => d.double(),
        (Dialect::Postgres, _) => "TEXT",
        (d, _) => d.text_type(),
    }
}

/// The name and type of every column of a table.
type Columns = Vec<(String, DataType)>;

/// The columns of [`contacts_frame`].
fn contacts_columns(data: &Dataset) -> Columns {
    data.contacts
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
        .collect()
}

/// The columns of [`events_frame`], without building it; `None` when no
/// events were loaded.
fn events_columns(data: &Dataset) -> Option<Columns> {
    data.events.as_ref()?;
    let names = EventColumns::of(data);
    let mut columns = vec![
        (names.contact_id, DataType::String),
        (
            names.timestamp,
            DataType::Datetime(TimeUnit::Milliseconds, None),
        ),
        (names.event_type, DataType::String),
    ];
    if let Some(detail) = names.detail {
        columns.push((detail, DataType::String));
    }
    Some(columns)
}

/// `CREATE TABLE` for a table's columns in a dialect.
fn create_table(dialect: Dialect, case: IdentifierCase, table: &str, columns: &Columns) -> String {
    let columns: Vec<String> = columns
        .iter()
        .map(|(name, dtype)| {
            format!(
                "    {} {}",
                dialect.ident_as(name, case),
                column_type(dialect, dtype)
            )
        })
        .collect();
    format!(
        "CREATE TABLE {} (\n{}\n);\n",
        dialect.table_as(table, case),
        columns.join(",\n")
    )
}

/// The statements that create the tables and load the files of
/// [`write_tables`] in `folder` into them, for one dialect; run from that
/// folder (the README gives the command per warehouse). Spark reads its
/// views' files only when queried, so its script names them by their full
/// path.
pub fn load_script(dialect: Dialect, data: &Dataset, names: &TableNames, folder: &Path) -> String {
    let case = names
        .identifiers
        .unwrap_or_else(|| IdentifierCase::default_for(dialect));
    let mut tables = vec![(
        names.contacts.as_str(),
        contacts_columns(data),
        CONTACTS_PARQUET,
        CONTACTS_CSV,
    )];
    if let Some(events) = events_columns(data) {
        tables.push((names.events.as_str(), events, EVENTS_PARQUET, EVENTS_CSV));
    }
    let mut out = format!(
        "-- Lead Score Studio: the tables the exported {} query reads, from `leadscore convert`.\n",
        dialect.name()
    );
    if dialect == Dialect::BigQuery {
        out = "#!/bin/sh\n# Lead Score Studio: the tables the exported bigquery query reads, from `leadscore convert`.\n# Run from this folder; DATASET.TABLE names as in the export.\nset -e\n".to_owned();
    }
    if dialect == Dialect::Snowflake {
        out.push_str("CREATE OR REPLACE TEMPORARY STAGE leadscore_load;\n");
    }
    let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned());
    for (table, columns, parquet, csv) in &tables {
        let file = match dialect {
            Dialect::Spark => folder.join(parquet).to_string_lossy().into_owned(),
            _ => (*parquet).to_owned(),
        };
        out.push_str(&load_one(dialect, case, table, columns, &file, csv));
    }
    out
}

fn load_one(
    dialect: Dialect,
    case: IdentifierCase,
    table: &str,
    columns: &Columns,
    parquet: &str,
    csv: &str,
) -> String {
    let name = dialect.table_as(table, case);
    match dialect {
        Dialect::Postgres => format!(
            "{}\\copy {name} FROM '{csv}' WITH (FORMAT csv, HEADER true)\n",
            create_table(dialect, case, table, columns)
        ),
        Dialect::DuckDb => {
            format!("CREATE TABLE {name} AS SELECT * FROM read_parquet('{parquet}');\n")
        }
        Dialect::Spark => format!(
            "CREATE OR REPLACE TEMPORARY VIEW {name} USING parquet OPTIONS (path {});\n",
            dialect.string(parquet)
        ),
        Dialect::BigQuery => format!(
            "bq load --source_format=PARQUET '{}' {parquet}\n",
            case.apply(table).replace('\'', "'\\''")
        ),
        Dialect::Snowflake => format!(
            "{}PUT file://{parquet} @leadscore_load AUTO_COMPRESS = FALSE OVERWRITE = TRUE;\nCOPY INTO {name} FROM @leadscore_load/{parquet}\n    FILE_FORMAT = (TYPE = PARQUET) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE;\n",
            create_table(dialect, case, table, columns)
        ),
    }
}
