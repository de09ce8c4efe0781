//! The contacts of a file a slice at a time, for scoring files larger than
//! memory: each slice typed exactly as loading the whole file would type it,
//! with the same rows kept (those with an id, the first of each id).
//!
//! CSV text is cleaned as a whole (encoding, malformed lines) and then
//! parsed a slice of records at a time; Parquet is read a slice of rows at a
//! time. The column types are fixed before the first slice, from the values
//! that decide them when the whole file is loaded.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::contacts::{FirstRows, NO_ROWS, map_roles, type_hints};
use super::frames::{column_names, prepare};
use super::parquet::ParquetFile;
use super::table::{
    MAX_CSV_BYTES, TypeHint, csv_named_parquet, fixed_hint, has_full_sample, parse_csv,
    type_columns,
};
use super::text::{clean_csv, field_of_records};
use super::{LoadError, LoadOptions, RoleMapping};

/// Where the rows come from.
enum Rows<'a> {
    Parquet(ParquetFile<'a>),
    /// Clean CSV text, the start of each record (the header first).
    Csv {
        bytes: Vec<u8>,
        delimiter: u8,
        starts: Vec<usize>,
    },
}

/// The contacts of one file, read a slice at a time.
pub struct ContactSlices<'a> {
    path: &'a Path,
    rows: Rows<'a>,
    /// The roles, detected where the user left them.
    pub roles: RoleMapping,
    id_column: String,
    /// Every column's type, fixed for all slices.
    hints: HashMap<String, TypeHint>,
    /// Per row of the file, whether it is kept, when the ids were read first.
    keep: Option<Vec<bool>>,
    /// The ids seen so far, when the rows to keep are decided per slice.
    first_rows: FirstRows,
    /// The kept ids, in file order.
    ids: Vec<String>,
    /// Rows of the file per slice.
    slice_rows: usize,
    /// Rows of the file, as the reader counts them.
    file_rows: usize,
    /// Whether CSV records can be parsed a slice at a time.
    sliced: bool,
    /// The next row of the file to read.
    next_row: usize,
    /// The first slice, read while fixing the types.
    first: Option<DataFrame>,
    /// What was done while reading (encoding, skipped lines).
    pub notes: Vec<String>,
}

impl<'a> ContactSlices<'a> {
    /// Opens a contacts file: maps the roles, reads the ids (which rows are
    /// kept) and fixes the column types.
    ///
    /// With `ids_first`, every id is read before the first slice (events are
    /// joined to contacts by them); otherwise the rows to keep are decided
    /// slice by slice, which spares a pass over the file.
    pub fn open(
        path: &'a Path,
        options: &LoadOptions,
        slice_rows: usize,
        ids_first: bool,
    ) -> Result<ContactSlices<'a>, LoadError> {
        let trace = crate::trace::Trace::new();
        let mut notes = Vec::new();
        let rows = match ParquetFile::open(path)? {
            Some(file) => {
                notes.extend(file.notes().iter().cloned());
                Rows::Parquet(file)
            }
            None => {
                let bytes = read_bytes(path)?;
                notes.extend(csv_named_parquet(path));
                let clean = clean_csv(bytes, path)?;
                notes.extend(clean.notes);
                trace.mark("slices: csv cleaned");
                let starts = clean.record_starts;
                Rows::Csv {
                    bytes: clean.bytes,
                    delimiter: clean.delimiter,
                    starts,
                }
            }
        };
        let mut slices = ContactSlices {
            path,
            rows,
            roles: options.roles.clone(),
            id_column: String::new(),
            hints: HashMap::new(),
            keep: None,
            first_rows: FirstRows::default(),
            ids: Vec::new(),
            slice_rows: slice_rows.max(1),
            file_rows: 0,
            sliced: true,
            next_row: 0,
            first: None,
            notes,
        };
        let headers = slices.headers()?;
        let (id_column, _) = map_roles(&mut slices.roles.contacts, &headers, path)?;
        slices.hints = type_hints(options, &slices.roles.contacts, &id_column);
        slices.id_column = id_column;
        slices.file_rows = slices.split_rows();
        if ids_first {
            slices.read_ids()?;
            trace.mark("slices: ids read");
        }
        slices.fix_types(&headers)?;
        trace.mark("slices: types fixed");
        Ok(slices)
    }

    /// The kept contact ids, in file order (when read first).
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Takes the ids out (the slices carry their own).
    pub fn take_ids(&mut self) -> Vec<String> {
        std::mem::take(&mut self.ids)
    }

    /// The id column.
    pub fn id_column(&self) -> &str {
        &self.id_column
    }

    /// How many rows the file has (kept or not).
    pub fn file_rows(&self) -> usize {
        self.file_rows
    }

    /// Rows as the record splitter counts them, before the ids are read.
    fn split_rows(&self) -> usize {
        match &self.rows {
            Rows::Parquet(file) => file.rows,
            Rows::Csv { starts, .. } => starts.len().saturating_sub(1),
        }
    }

    /// The latest creation or won date of a kept contact, in milliseconds.
    pub fn latest_ms(&self) -> Result<Option<i64>, LoadError> {
        let contacts = &self.roles.contacts;
        let dates: Vec<String> = [&contacts.created, &contacts.won_date]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        if dates.is_empty() {
            return Ok(None);
        }
        let mut wanted = dates.clone();
        wanted.push(self.id_column.clone());
        let values = self.read_columns(&wanted, 0, self.file_rows())?;
        let (typed, _) = type_columns(values, &self.hints).map_err(self.prepare())?;
        let keep = match &self.keep {
            Some(keep) => keep.clone(),
            None => {
                let ids = typed.column(&self.id_column).map_err(self.prepare())?;
                FirstRows::default().keep(ids.str().map_err(self.prepare())?)
            }
        };
        let mut latest = None;
        for column in &dates {
            let ms = typed
                .column(column)
                .and_then(|c| c.cast(&DataType::Int64))
                .map_err(self.prepare())?;
            let ms = ms.i64().map_err(self.prepare())?;
            let kept = ms
                .iter()
                .zip(&keep)
                .filter_map(|(v, &keep)| if keep { v } else { None })
                .max();
            latest = latest.max(kept);
        }
        Ok(latest)
    }

    /// What was noted about the rows dropped so far; after the last slice,
    /// `kept` says how many rows were kept.
    pub fn drop_notes(&self, kept: usize) -> Vec<String> {
        let mut notes = self.first_rows.notes(&self.id_column);
        if kept == 0 {
            notes.push(NO_ROWS.to_owned());
        }
        notes
    }

    /// The next slice, typed, with only the kept rows; `None` past the end.
    pub fn next_slice(&mut self) -> Result<Option<DataFrame>, LoadError> {
        let start = self.next_row;
        let raw = match self.first.take() {
            Some(first) => first,
            None => {
                if start >= self.file_rows() {
                    return Ok(None);
                }
                self.read_columns(&[], start, self.slice_rows)?
            }
        };
        let height = raw.height();
        if height == 0 {
            return Ok(None);
        }
        // The records asked for: a slice's rows are counted in records, and
        // the rows to keep are known per record.
        let records = self.slice_rows.min(self.file_rows.saturating_sub(start));
        if self.sliced && matches!(self.rows, Rows::Csv { .. }) && height != records {
            if self.keep.is_some() {
                return Err(LoadError::Malformed {
                    line: 0,
                    message: format!(
                        "cannot be read a slice at a time (records {}–{} read as {height} rows); score it with --in-memory",
                        start + 1,
                        start + records
                    ),
                    path: self.path.to_owned(),
                });
            }
            self.next_row += records;
        } else {
            self.next_row += height;
        }
        let (typed, _) = type_columns(raw, &self.hints).map_err(self.prepare())?;
        let keep = match &self.keep {
            Some(keep) => keep.get(start..start + height).unwrap_or_default().to_vec(),
            None => {
                let ids = typed.column(&self.id_column).map_err(self.prepare())?;
                self.first_rows.keep(ids.str().map_err(self.prepare())?)
            }
        };
        if keep.iter().all(|k| *k) {
            return Ok(Some(typed));
        }
        let mask = BooleanChunked::from_slice("keep".into(), &keep);
        Ok(Some(typed.filter(&mask).map_err(self.prepare())?))
    }

    fn prepare(&self) -> impl Fn(PolarsError) -> LoadError + 'a {
        prepare("contacts", self.path)
    }

    fn headers(&self) -> Result<Vec<String>, LoadError> {
        match &self.rows {
            Rows::Parquet(file) => Ok(file.names.clone()),
            Rows::Csv { .. } => Ok(column_names(&self.read_columns(&[], 0, 0)?)),
        }
    }

    /// Rows `start..start + len` of the file; every column when `columns`
    /// is empty.
    fn read_columns(
        &self,
        columns: &[String],
        start: usize,
        len: usize,
    ) -> Result<DataFrame, LoadError> {
        match &self.rows {
            Rows::Parquet(file) => {
                let wanted = if columns.is_empty() {
                    file.names.clone()
                } else {
                    columns.to_vec()
                };
                file.read(&wanted, start, len)
            }
            Rows::Csv {
                bytes, delimiter, ..
            } if !self.sliced => {
                let columns = (!columns.is_empty()).then_some(columns);
                parse_csv(bytes.clone(), *delimiter, columns, self.path, || 0)
            }
            Rows::Csv {
                bytes,
                delimiter,
                starts,
            } => {
                let header_end = starts.get(1).copied().unwrap_or(bytes.len());
                let from = starts.get(start + 1).copied().unwrap_or(header_end);
                let to = starts
                    .get(start.saturating_add(1).saturating_add(len))
                    .copied()
                    .unwrap_or(bytes.len());
                let mut text = Vec::with_capacity(header_end + to.saturating_sub(from));
                text.extend_from_slice(bytes.get(..header_end).unwrap_or_default());
                text.extend_from_slice(bytes.get(from..to).unwrap_or_default());
                let columns = (!columns.is_empty()).then_some(columns);
                let skipped = bytes.get(header_end..from).unwrap_or_default();
                parse_csv(text, *delimiter, columns, self.path, || {
                    memchr::memchr_iter(b'\n', skipped).count()
                })
            }
        }
    }

    /// Reads the id column whole: which rows are kept and their ids.
    fn read_ids(&mut self) -> Result<(), LoadError> {
        let rows = self.split_rows();
        let ids = match self.ids_from_records()? {
            Some(ids) => ids,
            None => self.read_columns(std::slice::from_ref(&self.id_column), 0, rows)?,
        };
        self.file_rows = ids.height();
        if ids.height() != rows {
            // The record splitter and the CSV reader disagree: read the file
            // as one slice rather than risk misaligned rows.
            self.sliced = false;
            self.slice_rows = usize::MAX;
        }
        let (typed, _) = type_columns(ids, &self.hints).map_err(self.prepare())?;
        let column = typed.column(&self.id_column).map_err(self.prepare())?;
        let ids = column.str().map_err(self.prepare())?;
        let keep = self.first_rows.keep(ids);
        self.first_rows.forget_ids();
        self.ids = ids
            .iter()
            .zip(&keep)
            .filter_map(|(id, &keep)| if keep { id.map(str::to_owned) } else { None })
            .collect();
        self.keep = Some(keep);
        Ok(())
    }

    /// The id column of a CSV file read straight from its records, when no
    /// quote is involved (much quicker than parsing every field).
    fn ids_from_records(&self) -> Result<Option<DataFrame>, LoadError> {
        let Rows::Csv {
            bytes,
            delimiter,
            starts,
        } = &self.rows
        else {
            return Ok(None);
        };
        let headers = self.headers()?;
        let Some(field) = headers.iter().position(|h| *h == self.id_column) else {
            return Ok(None);
        };
        let Some(values) = field_of_records(bytes, starts, *delimiter, field) else {
            return Ok(None);
        };
        let column = Column::new(self.id_column.as_str().into(), values);
        Ok(Some(
            DataFrame::new(column.len(), vec![column]).map_err(self.prepare())?,
        ))
    }

    /// Fixes every column's type from its first values: those of the first
    /// slice, or of the whole column when the first slice has too few.
    fn fix_types(&mut self, headers: &[String]) -> Result<(), LoadError> {
        let first = self.read_columns(&[], 0, self.slice_rows)?;
        for name in headers {
            let Ok(column) = first.column(name) else {
                continue;
            };
            let hint = self.hints.get(name).copied().unwrap_or(TypeHint::Detect);
            let series = column.as_materialized_series();
            let decided = if has_full_sample(series).map_err(self.prepare())?
                || first.height() >= self.file_rows()
            {
                fixed_hint(series, hint)
            } else {
                let whole = self.read_columns(std::slice::from_ref(name), 0, self.file_rows())?;
                let whole = whole.column(name).map_err(self.prepare())?;
                fixed_hint(whole.as_materialized_series(), hint)
            };
            if let Some(fixed) = decided.map_err(self.prepare())? {
                self.hints.insert(name.clone(), fixed);
            }
        }
        self.first = Some(first);
        Ok(())
    }
}

/// The bytes of a file, refused when it is a folder.
fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let bytes = super::file_metadata(path)?.len();
    if bytes > MAX_CSV_BYTES {
        return Err(LoadError::TooLarge {
            bytes,
            path: path.to_owned(),
        });
    }
    std::fs::read(path).map_err(|e| LoadError::Io {
        source: std::sync::Arc::new(e),
        path: path.to_owned(),
    })
}
