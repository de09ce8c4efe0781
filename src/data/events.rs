//! The events table, joined to contact rows and encoded compactly (see
//! [`super::event_store`]): read a slice at a time from Parquet, so the
//! text of sixteen million events is never all in memory at once.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::event_store::EventsBuilder;
use super::frames::{column_names, plural, prepare};
use super::parse::placeholder_expr;
use super::table::{ParquetFile, TypeHint, read_raw, type_columns};
use super::{
    ColumnKind, ColumnReport, EventRoles, Events, LoadError, RoleMapping, RowOfId, TableKind,
    TableReport,
};

/// Events read and encoded per slice of a Parquet file.
const SLICE_ROWS: usize = 2_000_000;

/// Reads the events, keeps those with a timestamp and a known contact, and
/// reports the rest.
pub(super) fn load_events(
    path: &Path,
    roles: &mut RoleMapping,
    row_of_id: &RowOfId,
    contacts: usize,
    reports: &mut Vec<TableReport>,
) -> Result<Events, LoadError> {
    let trace = crate::trace::Trace::new();
    let parquet = ParquetFile::open(path)?;
    let mut raw = None;
    let headers = match &parquet {
        Some(file) => file.names.clone(),
        None => {
            let table = read_raw(path)?;
            let headers = column_names(&table.frame);
            raw = Some(table);
            headers
        }
    };
    let contact_id = roles.contacts.id.clone();
    let event_roles = &mut roles.events;
    let findings = event_roles.detect(&headers, contact_id.as_deref());
    let (contact_column, time_column, type_column) = required_columns(event_roles, &headers, path)?;
    let columns = EventColumns {
        contact: &contact_column,
        time: &time_column,
        kind: &type_column,
        detail: event_roles.detail.as_deref(),
    };
    let mut encoder = Encoder::new(&columns, row_of_id);
    let prepare = prepare("events", path);
    let mut notes = Vec::new();
    match (parquet, raw) {
        (Some(file), _) => {
            let wanted: Vec<String> = [
                Some(&contact_column),
                Some(&time_column),
                Some(&type_column),
            ]
            .into_iter()
            .chain([event_roles.detail.as_ref()])
            .flatten()
            .cloned()
            .collect();
            let mut offset = 0;
            while offset < file.rows {
                let slice = file.read(&wanted, offset, SLICE_ROWS)?;
                if slice.height() == 0 {
                    break;
                }
                offset += slice.height();
                encoder.encode(&slice).map_err(&prepare)?;
            }
        }
        (None, Some(table)) => {
            notes = table.notes;
            encoder.encode(&table.frame).map_err(&prepare)?;
        }
        (None, None) => {}
    }
    trace.mark("events: read and encoded");
    let (bad_time, unknown_contact) = (encoder.bad_time, encoder.unknown_contact);
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
    let columns_report = encoder.reports(&headers);
    let events = encoder.finish(contacts);
    trace.mark("events: grouped by contact");
    reports.push(TableReport {
        table: TableKind::Events,
        path: path.to_owned(),
        rows: events.len(),
        columns: columns_report,
        notes,
        roles: findings,
    });
    Ok(events)
}

/// One worker's share of a slice of the events table.
struct Part {
    ids: StringChunked,
    ts: Int64Chunked,
    kinds: StringChunked,
    details: Option<StringChunked>,
}

impl Part {
    /// Adds the share's events to `builder`; returns how many had no
    /// timestamp and how many an unknown contact.
    fn push_into(&self, builder: &mut EventsBuilder, row_of_id: &RowOfId) -> (usize, usize) {
        match &self.details {
            Some(details) => self.push_with(builder, row_of_id, details.iter()),
            None => self.push_with(builder, row_of_id, std::iter::repeat(None)),
        }
    }

    fn push_with<'d>(
        &self,
        builder: &mut EventsBuilder,
        row_of_id: &RowOfId,
        details: impl Iterator<Item = Option<&'d str>>,
    ) -> (usize, usize) {
        builder.reserve(self.ids.len());
        let (mut bad_time, mut unknown_contact) = (0, 0);
        // Exports list a contact's events together: one lookup per run.
        let mut last: Option<(&str, Option<u32>)> = None;
        let events = self.ids.iter().zip(self.ts.iter()).zip(self.kinds.iter());
        for (((id, ts), kind), detail) in events.zip(details) {
            let Some(ts) = ts else {
                bad_time += 1;
                continue;
            };
            let row = match (id, last) {
                (Some(id), Some((last_id, row))) if id == last_id => row,
                (Some(id), _) => {
                    let row = row_of_id.get(id.trim()).copied();
                    last = Some((id, row));
                    row
                }
                (None, _) => None,
            };
            match row {
                Some(row) => builder.push(row, ts, kind, detail),
                None => unknown_contact += 1,
            }
        }
        (bad_time, unknown_contact)
    }
}

/// Turns slices of the events table into compact events, counting what
/// had to be left out.
struct Encoder<'a> {
    columns: &'a EventColumns<'a>,
    row_of_id: &'a RowOfId<'a>,
    /// One per core: each encodes its share of every slice.
    builders: Vec<EventsBuilder>,
    /// The timestamp's type, fixed by the first slice so all slices agree.
    hints: HashMap<String, TypeHint>,
    /// The timestamp column's report, summed over the slices.
    time_report: Option<ColumnReport>,
    /// Values present per column, summed over the slices.
    present: HashMap<String, usize>,
    bad_time: usize,
    unknown_contact: usize,
}

impl<'a> Encoder<'a> {
    fn new(columns: &'a EventColumns<'a>, row_of_id: &'a RowOfId<'a>) -> Encoder<'a> {
        let mut hints = HashMap::new();
        hints.insert(columns.time.to_owned(), TypeHint::Date);
        Encoder {
            columns,
            row_of_id,
            builders: (0..std::thread::available_parallelism().map_or(1, |n| n.get()))
                .map(|_| EventsBuilder::default())
                .collect(),
            hints,
            time_report: None,
            present: HashMap::new(),
            bad_time: 0,
            unknown_contact: 0,
        }
    }

    /// Encodes one slice (all columns of the file or only those used).
    fn encode(&mut self, frame: &DataFrame) -> PolarsResult<()> {
        let columns = self.columns;
        for c in frame.columns() {
            *self.present.entry(c.name().to_string()).or_default() += c.len() - c.null_count();
        }
        let times = frame.select([columns.time])?;
        let (typed, reports) = type_columns(times, &self.hints)?;
        if let Some(report) = reports.into_iter().next() {
            self.remember_time_report(report);
        }
        let ts = typed
            .column(columns.time)?
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?
            .cast(&DataType::Int64)?;
        let ts = ts.i64()?;
        let as_text = |name: &str| frame.column(name)?.cast(&DataType::String);
        let ids = as_text(columns.contact)?;
        let kinds = as_text(columns.kind)?;
        let details = columns.detail.map(as_text).transpose()?;
        let ids = ids.str()?;
        let kinds = kinds.str()?;
        let details = details.as_ref().map(|d| d.str()).transpose()?;
        let rows = frame.height();
        let share = rows.div_ceil(self.builders.len().max(1)).max(1);
        let row_of_id = self.row_of_id;
        let counts: Vec<(usize, usize)> = std::thread::scope(|scope| {
            let workers: Vec<_> = self
                .builders
                .iter_mut()
                .enumerate()
                .map(|(i, builder)| {
                    let (offset, len) = ((i * share) as i64, share);
                    let part = Part {
                        ids: ids.slice(offset, len),
                        ts: ts.slice(offset, len),
                        kinds: kinds.slice(offset, len),
                        details: details.map(|d| d.slice(offset, len)),
                    };
                    scope.spawn(move || part.push_into(builder, row_of_id))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        for (bad_time, unknown_contact) in counts {
            self.bad_time += bad_time;
            self.unknown_contact += unknown_contact;
        }
        Ok(())
    }

    /// Every event encoded so far, grouped by contact.
    fn finish(&mut self, contacts: usize) -> Events {
        let mut builders = std::mem::take(&mut self.builders).into_iter();
        let first = builders.next().unwrap_or_default();
        builders.fold(first, EventsBuilder::merge).finish(contacts)
    }

    fn remember_time_report(&mut self, report: ColumnReport) {
        if let Some(format) = report.date_format {
            self.hints
                .insert(self.columns.time.to_owned(), TypeHint::DateFormat(format));
        }
        match &mut self.time_report {
            Some(total) => {
                total.present += report.present;
                total.unreadable += report.unreadable;
                total.placeholders += report.placeholders;
            }
            None => self.time_report = Some(report),
        }
    }

    /// One report per column of the file: the timestamp as typed, the
    /// others as text.
    fn reports(&self, headers: &[String]) -> Vec<ColumnReport> {
        let mut reports: Vec<ColumnReport> = self.time_report.iter().cloned().collect();
        for name in headers {
            if name == self.columns.time {
                continue;
            }
            let Some(&present) = self.present.get(name) else {
                continue;
            };
            reports.push(ColumnReport {
                name: name.clone(),
                kind: ColumnKind::Text,
                present,
                unreadable: 0,
                placeholders: 0,
                date_format: None,
                note: None,
            });
        }
        reports
    }
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
