//! The events table, joined to contact rows, in the form the engine reads.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::frames::{column_names, plural, prepare};
use super::parse::placeholder_expr;
use super::table::{TypeHint, read_raw, type_columns};
use super::{
    ColumnKind, ColumnReport, EventRoles, Events, LoadError, RoleMapping, TableKind, TableReport,
};

/// Reads the events, keeps those with a timestamp and a known contact, and
/// reports the rest.
pub(super) fn load_events(
    path: &Path,
    roles: &mut RoleMapping,
    row_of_id: &HashMap<&str, u32>,
    reports: &mut Vec<TableReport>,
) -> Result<Events, LoadError> {
    let trace = crate::trace::Trace::new();
    let raw = read_raw(path)?;
    trace.mark("events: read");
    let headers = column_names(&raw.frame);
    let contact_id = roles.contacts.id.clone();
    let event_roles = &mut roles.events;
    let findings = event_roles.detect(&headers, contact_id.as_deref());
    let (contact_column, time_column, type_column) = required_columns(event_roles, &headers, path)?;
    let prepare = prepare("events", path);
    let (frame, columns) = type_timestamps(raw.frame, &time_column).map_err(&prepare)?;
    trace.mark("events: typed");
    let mut notes = raw.notes;
    let columns_used = EventColumns {
        contact: &contact_column,
        time: &time_column,
        kind: &type_column,
        detail: event_roles.detail.as_deref(),
    };
    let (frame_out, bad_time, unknown_contact) =
        normalise_events(&frame, &columns_used, row_of_id).map_err(&prepare)?;
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
        rows: frame_out.height(),
        columns,
        notes,
        roles: findings,
    });
    Ok(Events { frame: frame_out })
}

/// The contact id, timestamp and event type columns, which must be mapped.
fn required_columns(
    event_roles: &EventRoles,
    headers: &[String],
    path: &Path,
) -> Result<(String, String, String), LoadError> {
    let required = |slot: &Option<String>, role: &'static str| {
        slot.clone().ok_or_else(|| LoadError::MissingRole {
            table: "events",
            role,
            columns: headers.join(", "),
            hint: None,
            path: path.to_owned(),
        })
    };
    Ok((
        required(&event_roles.contact_id, "contact id")?,
        required(&event_roles.timestamp, "timestamp")?,
        required(&event_roles.event_type, "event type")?,
    ))
}

/// Types the timestamp column in place and reports every column; the
/// others stay text.
fn type_timestamps(
    mut frame: DataFrame,
    time_column: &str,
) -> Result<(DataFrame, Vec<ColumnReport>), PolarsError> {
    // Only the timestamp needs reading per value; ids, types and details are
    // cleaned in one vectorised pass by `normalise_events`.
    let times = frame.select([time_column])?;
    let mut hints = HashMap::new();
    hints.insert(time_column.to_owned(), TypeHint::Date);
    let (typed_time, mut columns) = type_columns(times, &hints)?;
    frame.replace(time_column, typed_time.column(time_column)?.clone())?;
    for c in frame.columns() {
        if c.name().as_str() != time_column {
            columns.push(ColumnReport {
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
    Ok((frame, columns))
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
    let placeholder = |lower: &str| placeholder_expr(col(lower)).fill_null(lit(false));
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
