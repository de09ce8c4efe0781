//! The events table, joined to contact rows and encoded compactly (see
//! [`super::event_store`]), in two passes over the file: the first finds
//! each event's contact (so every contact's share of the storage is known),
//! the second encodes types and details and puts each event in its place.
//! Parquet is read a slice at a time, so the text of sixteen million events
//! is never all in memory at once; the work of each slice is shared out
//! between the cores.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::event_store::{Codes, Event, Layout};
use super::frames::{column_names, plural, prepare};
use super::parallel::{cores, ranges, run_all};
use super::parquet::ParquetFile;
use super::table::{TypeHint, read_raw, type_columns};
use super::{
    ColumnKind, ColumnReport, EventRoles, Events, LoadError, RoleMapping, RowOfId, TableKind,
    TableReport,
};

/// Events read per slice of a Parquet file.
const SLICE_ROWS: usize = 2_000_000;

/// The row of an event that is left out (no timestamp, unknown contact).
const LEFT_OUT: u32 = u32::MAX;

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
    let source = Source::open(path)?;
    let headers = source.headers();
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
    let prepare = prepare("events", path);
    let mut pass = Pass::new(&columns);
    let mut rows = Vec::new();
    let mut counts = vec![0u32; contacts];
    source.each_slice(
        &[columns.contact, columns.time],
        |slice| {
            let found = pass.find_contacts(slice, row_of_id)?;
            for &row in &found {
                if let Some(count) = counts.get_mut(row as usize) {
                    *count += 1;
                }
            }
            rows.extend(found);
            Ok(())
        },
        &prepare,
    )?;
    trace.mark("events: contacts found");
    let mut layout = Layout::new(&counts);
    drop(counts);
    let mut placer = Placer::new();
    let mut at = 0usize;
    let mut wanted = vec![columns.time, columns.kind];
    wanted.extend(columns.detail);
    source.each_slice(
        &wanted,
        |slice| {
            let part = rows.get(at..at + slice.height()).unwrap_or_default();
            at += slice.height();
            let ts = pass.timestamps(slice)?;
            placer.place(slice, &columns, &ts, part, &mut layout)
        },
        &prepare,
    )?;
    drop(rows);
    let events = layout.finish(placer.codes);
    trace.mark("events: encoded and placed");
    let mut notes = source.notes();
    let (bad_time, unknown_contact) = (pass.bad_time, pass.unknown_contact);
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
        rows: events.len(),
        columns: pass.reports(&headers, &placer.present),
        notes,
        roles: findings,
    });
    Ok(events)
}

/// The events file: Parquet read a slice at a time, or a CSV read whole.
enum Source<'a> {
    Parquet(ParquetFile<'a>),
    Csv(super::RawTable),
}

impl<'a> Source<'a> {
    fn open(path: &'a Path) -> Result<Source<'a>, LoadError> {
        Ok(match ParquetFile::open(path)? {
            Some(file) => Source::Parquet(file),
            None => Source::Csv(read_raw(path)?),
        })
    }

    fn headers(&self) -> Vec<String> {
        match self {
            Source::Parquet(file) => file.names.clone(),
            Source::Csv(table) => column_names(&table.frame),
        }
    }

    fn notes(&self) -> Vec<String> {
        match self {
            Source::Parquet(file) => file.notes().to_vec(),
            Source::Csv(table) => table.notes.clone(),
        }
    }

    /// Runs `each` on every slice of some columns, in file order.
    fn each_slice(
        &self,
        columns: &[&str],
        mut each: impl FnMut(&DataFrame) -> PolarsResult<()>,
        prepare: &impl Fn(PolarsError) -> LoadError,
    ) -> Result<(), LoadError> {
        match self {
            Source::Parquet(file) => {
                let wanted: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
                let mut offset = 0;
                while offset < file.rows {
                    let slice = file.read(&wanted, offset, SLICE_ROWS)?;
                    if slice.height() == 0 {
                        break;
                    }
                    offset += slice.height();
                    each(&slice).map_err(prepare)?;
                }
                Ok(())
            }
            Source::Csv(table) => {
                let slice = table
                    .frame
                    .select(columns.iter().copied())
                    .map_err(prepare)?;
                each(&slice).map_err(prepare)
            }
        }
    }
}

/// What the first pass learns: the timestamp's type, what was left out and
/// the column reports.
struct Pass<'a> {
    columns: &'a EventColumns<'a>,
    /// The timestamp's type, fixed by the first slice so all slices agree.
    hints: HashMap<String, TypeHint>,
    /// The timestamp column's report, summed over the slices.
    time_report: Option<ColumnReport>,
    /// Values present in the contact id column.
    contacts_present: usize,
    bad_time: usize,
    unknown_contact: usize,
}

impl<'a> Pass<'a> {
    fn new(columns: &'a EventColumns<'a>) -> Pass<'a> {
        let mut hints = HashMap::new();
        hints.insert(columns.time.to_owned(), TypeHint::Date);
        Pass {
            columns,
            hints,
            time_report: None,
            contacts_present: 0,
            bad_time: 0,
            unknown_contact: 0,
        }
    }

    /// The events' timestamps in milliseconds, typed alike in every slice.
    fn timestamps(&self, slice: &DataFrame) -> PolarsResult<Int64Chunked> {
        let (typed, _) = type_columns(slice.select([self.columns.time])?, &self.hints)?;
        let ms = milliseconds(typed.column(self.columns.time)?)?;
        Ok(ms.i64()?.clone())
    }

    /// The contact row of each event of a slice ([`LEFT_OUT`] for events
    /// without a timestamp or a known contact), found on every core.
    fn find_contacts(&mut self, slice: &DataFrame, row_of_id: &RowOfId) -> PolarsResult<Vec<u32>> {
        let times = slice.select([self.columns.time])?;
        let (typed, reports) = type_columns(times, &self.hints)?;
        if let Some(report) = reports.into_iter().next() {
            self.remember_time_report(report);
        }
        let ts = milliseconds(typed.column(self.columns.time)?)?;
        let ts = ts.i64()?;
        let ids = slice.column(self.columns.contact)?;
        self.contacts_present += ids.len() - ids.null_count();
        let ids = ids.cast(&DataType::String)?;
        let ids = ids.str()?;
        let jobs: Vec<_> = ranges(ids.len())
            .into_iter()
            .map(|range| {
                let (offset, len) = (range.start as i64, range.len());
                let (ids, ts) = (ids.slice(offset, len), ts.slice(offset, len));
                move || rows_of(&ids, &ts, row_of_id)
            })
            .collect();
        let found = run_all(jobs);
        let mut rows = Vec::with_capacity(ids.len());
        for (part, bad_time, unknown_contact) in found {
            rows.extend(part);
            self.bad_time += bad_time;
            self.unknown_contact += unknown_contact;
        }
        Ok(rows)
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

    /// One report per column used: the timestamp as typed, the others as text.
    fn reports(&self, headers: &[String], present: &HashMap<String, usize>) -> Vec<ColumnReport> {
        let mut reports: Vec<ColumnReport> = self.time_report.iter().cloned().collect();
        for name in headers {
            let present = if name == self.columns.contact {
                self.contacts_present
            } else if let Some(&present) = present.get(name) {
                present
            } else {
                continue;
            };
            if name == self.columns.time {
                continue;
            }
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

/// The contact row of each event; how many had no timestamp and how many
/// an unknown contact.
fn rows_of(
    ids: &StringChunked,
    ts: &Int64Chunked,
    row_of_id: &RowOfId,
) -> (Vec<u32>, usize, usize) {
    let (mut bad_time, mut unknown_contact) = (0, 0);
    // Exports list a contact's events together: one lookup per run.
    let mut last: Option<(&str, Option<u32>)> = None;
    let rows = ids
        .iter()
        .zip(ts.iter())
        .map(|(id, ts)| {
            if ts.is_none() {
                bad_time += 1;
                return LEFT_OUT;
            }
            let row = match (id, last) {
                (Some(id), Some((last_id, row))) if id == last_id => row,
                (Some(id), _) => {
                    let row = row_of_id.get(id.trim()).copied();
                    last = Some((id, row));
                    row
                }
                (None, _) => None,
            };
            row.unwrap_or_else(|| {
                unknown_contact += 1;
                LEFT_OUT
            })
        })
        .collect();
    (rows, bad_time, unknown_contact)
}

/// The second pass: codes for types and details, given on every core and
/// translated into one dictionary, and each event put in its place.
struct Placer {
    codes: Codes,
    /// One per core, with the tables from its codes to `codes`.
    workers: Vec<(Codes, Vec<u32>, Vec<u32>)>,
    /// Values present per column.
    present: HashMap<String, usize>,
}

impl Placer {
    fn new() -> Placer {
        Placer {
            codes: Codes::default(),
            workers: (0..cores())
                .map(|_| (Codes::default(), Vec::new(), Vec::new()))
                .collect(),
            present: HashMap::new(),
        }
    }

    /// Places the events of one slice; `rows` holds their contact rows.
    fn place(
        &mut self,
        slice: &DataFrame,
        columns: &EventColumns,
        ts: &Int64Chunked,
        rows: &[u32],
        layout: &mut Layout,
    ) -> PolarsResult<()> {
        for c in slice.columns() {
            *self.present.entry(c.name().to_string()).or_default() += c.len() - c.null_count();
        }
        let kinds = slice.column(columns.kind)?.cast(&DataType::String)?;
        let kinds = kinds.str()?;
        let details = columns
            .detail
            .map(|d| slice.column(d).and_then(|c| c.cast(&DataType::String)))
            .transpose()?;
        let details = details.as_ref().map(|d| d.str()).transpose()?;
        let parts = ranges(slice.height());
        let jobs: Vec<_> = self
            .workers
            .iter_mut()
            .zip(&parts)
            .map(|((codes, _, _), range)| {
                let (offset, len) = (range.start as i64, range.len());
                let kinds = kinds.slice(offset, len);
                let details = details.map(|d| d.slice(offset, len));
                let rows = rows.get(range.clone()).unwrap_or_default();
                move || encode(codes, &kinds, details.as_ref(), rows)
            })
            .collect();
        let encoded = run_all(jobs);
        let mut ts = ts.iter();
        for ((worker, kinds_to, details_to), (codes, range)) in
            self.workers.iter_mut().zip(encoded.iter().zip(&parts))
        {
            worker.translate(&mut self.codes, kinds_to, details_to);
            let part_rows = rows.get(range.clone()).unwrap_or_default();
            for (&row, &(kind, detail)) in part_rows.iter().zip(codes) {
                let ts = ts.next().flatten();
                let (Some(ts), false) = (ts, row == LEFT_OUT) else {
                    continue;
                };
                layout.place(
                    row,
                    Event {
                        ts,
                        kind: kinds_to.get(kind as usize).copied().unwrap_or(0),
                        detail: details_to
                            .get(detail as usize)
                            .copied()
                            .unwrap_or(super::NO_DETAIL),
                    },
                );
            }
        }
        Ok(())
    }
}

/// One worker's codes for the kept events of its part.
fn encode(
    codes: &mut Codes,
    kinds: &StringChunked,
    details: Option<&StringChunked>,
    rows: &[u32],
) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(rows.len());
    let mut details = details.map(|d| d.iter());
    for (kind, &row) in kinds.iter().zip(rows) {
        let detail = details.as_mut().and_then(|d| d.next()).flatten();
        if row == LEFT_OUT {
            out.push((0, 0));
            continue;
        }
        out.push((codes.kind(kind), codes.detail(detail)));
    }
    out
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
            columns: super::column_list(headers),
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

/// A typed timestamp column as UTC milliseconds. A column typing left as
/// text holds no readable date (typing reads every format we know), so it
/// is all missing — not cast by polars, whose text-to-date cast reads other
/// formats than ours and prints a deprecation warning.
fn milliseconds(column: &Column) -> PolarsResult<Column> {
    match column.dtype() {
        DataType::String => Ok(Column::full_null(
            column.name().clone(),
            column.len(),
            &DataType::Int64,
        )),
        _ => column
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?
            .cast(&DataType::Int64),
    }
}
