//! Reading one table (CSV or Parquet) and giving each column a type.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use super::file_metadata;
use super::parallel::{cores, run_all};
use super::parquet::read_parquet;
use super::parse::{DateFormat, is_placeholder, parse_bool, parse_date_ms, parse_number};
use super::text::{clean_csv, record_starts};
use super::{ColumnKind, ColumnReport, LoadError};

/// A table as read, before typing: every CSV column is text.
pub struct RawTable {
    /// The frame.
    pub frame: DataFrame,
    /// What was done while reading (encoding, skipped lines).
    pub notes: Vec<String>,
}

/// Files larger than this are refused rather than read into memory whole.
pub(super) const MAX_CSV_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// Reads a CSV or Parquet file, detected by content (not by extension).
pub fn read_raw(path: &Path) -> Result<RawTable, LoadError> {
    let io_error = |e: std::io::Error| LoadError::Io {
        source: Arc::new(e),
        path: path.to_owned(),
    };
    let metadata = file_metadata(path)?;
    if metadata.len() > MAX_CSV_BYTES {
        return Err(LoadError::TooLarge {
            bytes: metadata.len(),
            path: path.to_owned(),
        });
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    if bytes.starts_with(b"PAR1") {
        let (frame, notes) = read_parquet(bytes, path)?;
        return Ok(RawTable { frame, notes });
    }
    let mut table = read_csv(bytes, path)?;
    if let Some(note) = csv_named_parquet(path) {
        table.notes.insert(0, note);
    }
    Ok(table)
}

/// The note for CSV text in a file named `.parquet`, when that is so.
pub(super) fn csv_named_parquet(path: &Path) -> Option<String> {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        .then(|| "named .parquet but holds CSV text: read as CSV".to_owned())
}

fn read_csv(bytes: Vec<u8>, path: &Path) -> Result<RawTable, LoadError> {
    let trace = crate::trace::Trace::new();
    let clean = clean_csv(bytes, path)?;
    trace.mark("csv: cleaned");
    let frame = parse_csv(clean.bytes, clean.delimiter, None, path, || 0)?;
    Ok(RawTable {
        frame,
        notes: clean.notes,
    })
}

/// Clean CSV text (see [`clean_csv`]) as a frame of text columns; only
/// `columns` when given. `lines_before` counts the lines of the file
/// between the header and the first record of `bytes` (a slice of a file
/// is parsed with its header); it is only asked for when a row is refused.
pub(super) fn parse_csv(
    bytes: Vec<u8>,
    delimiter: u8,
    columns: Option<&[String]>,
    path: &Path,
    lines_before: impl FnOnce() -> usize,
) -> Result<DataFrame, LoadError> {
    // Columns are asked for by the names we give them (see
    // [`our_names`]); the reader knows its own.
    let reader_names = match columns {
        Some(wanted) => {
            let header = read_csv_text(&bytes, delimiter, None, Some(0))
                .map_err(|error| refused_row(&bytes, delimiter, &error, path, || 0))?;
            let theirs = column_names_of(&header);
            let ours = our_names(&theirs);
            let picked: Vec<String> = wanted
                .iter()
                .map(|w| match ours.iter().position(|o| o == w) {
                    Some(i) => theirs[i].clone(),
                    None => w.clone(),
                })
                .collect();
            Some(picked)
        }
        None => None,
    };
    match read_csv_text(&bytes, delimiter, reader_names.as_deref(), None) {
        Ok(frame) => Ok(rename_headers(frame)),
        Err(error) => Err(refused_row(&bytes, delimiter, &error, path, lines_before)),
    }
}

fn column_names_of(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// The reader names an empty header `""` and repeats of a name
/// `name_duplicated_0`, `name_duplicated_1`, …; a user reads the file's
/// columns as "column 4" and "Email (2)". Names the file really has are
/// kept.
pub(super) fn header_names(reader: &[String]) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<String> = Vec::with_capacity(reader.len());
    for (i, name) in reader.iter().enumerate() {
        let base = name
            .rsplit_once("_duplicated_")
            .filter(|(base, n)| {
                !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit())
                    && reader[..i].iter().any(|r| r == base)
            })
            .map(|(base, _)| base);
        let count = seen.entry(base.unwrap_or(name)).or_insert(0);
        *count += 1;
        let wanted = match base {
            _ if name.is_empty() || base == Some("") => format!("column {}", i + 1),
            Some(base) => format!("{base} ({count})"),
            None => name.clone(),
        };
        // A file that also has a column named "Email (2)" keeps the
        // reader's name for the repeat rather than two of one name.
        let taken = reader.contains(&wanted) && wanted != *name;
        out.push(if taken { name.clone() } else { wanted });
    }
    out
}

fn rename_headers(mut frame: DataFrame) -> DataFrame {
    let theirs = column_names_of(&frame);
    let ours = our_names(&theirs);
    if ours != theirs {
        // The names are unique (see `header_names`); should the set fail
        // all the same, the reader's names stay.
        let _ = frame.set_column_names(&ours);
    }
    frame
}

/// The names we give the reader's columns: quotes unescaped, then empty
/// and repeated names made readable ([`header_names`]).
fn our_names(theirs: &[String]) -> Vec<String> {
    header_names(&unescape_header_quotes(theirs))
}

/// What the CSV reader makes of clean text.
fn read_csv_text(
    bytes: &[u8],
    delimiter: u8,
    columns: Option<&[String]>,
    rows: Option<usize>,
) -> PolarsResult<DataFrame> {
    let parse_options = CsvParseOptions::default()
        .with_separator(delimiter)
        .with_quote_char(Some(b'"'))
        .with_missing_is_null(true);
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_raise_if_empty(false)
        .with_n_rows(rows)
        .with_columns(columns.map(|c| c.iter().map(|n| PlSmallStr::from(n.as_str())).collect()))
        .with_parse_options(parse_options)
        .into_reader_with_file_handle(Cursor::new(bytes))
        .finish()
}

/// The reader's refusal as an error naming the first row it refuses,
/// found by halving the records (only when reading failed, so a valid
/// file pays nothing): the reader's own words name no line.
fn refused_row(
    bytes: &[u8],
    delimiter: u8,
    error: &PolarsError,
    path: &Path,
    lines_before: impl FnOnce() -> usize,
) -> LoadError {
    let starts = record_starts(bytes, delimiter);
    let header = starts.get(1).copied().unwrap_or(bytes.len());
    let refuses = |from: usize, to: usize| {
        let start = starts.get(from).copied().unwrap_or(bytes.len());
        let end = starts.get(to).copied().unwrap_or(bytes.len());
        let mut text = Vec::with_capacity(header + end.saturating_sub(start));
        text.extend_from_slice(bytes.get(..header).unwrap_or_default());
        text.extend_from_slice(bytes.get(start..end).unwrap_or_default());
        read_csv_text(&text, delimiter, None, None).is_err()
    };
    let (mut first, mut last) = (1usize, starts.len());
    if refuses(1, 1) {
        // The header alone.
        (first, last) = (0, 0);
    }
    while last > first + 1 {
        let middle = first + (last - first) / 2;
        if refuses(first, middle) {
            last = middle;
        } else {
            first = middle;
        }
    }
    let line = match starts.get(first) {
        _ if last == 0 => 1,
        Some(&start) if refuses(first, first + 1) => {
            let newlines = memchr::memchr_iter(b'\n', bytes.get(..start).unwrap_or_default());
            1 + newlines.count() + lines_before()
        }
        _ => 0,
    };
    let text = error.to_string();
    let message = if text.contains("not properly escaped") {
        "a quoted value has more text after its closing quote"
    } else if text.contains("more fields") {
        "the row has more fields than the header once its quotes are read \
         (a quote that does not start its field?)"
    } else {
        "the reader cannot read this row"
    };
    LoadError::Malformed {
        line,
        message: message.to_owned(),
        path: path.to_owned(),
    }
}

/// The CSV reader keeps a quoted header's doubled quotes (`"a ""b"""` is
/// read as `a ""b""`); every other CSV reader, and the user, reads `a "b"`.
fn unescape_header_quotes(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|name| {
            let unescaped = name.replace("\"\"", "\"");
            if name.contains("\"\"") && !names.contains(&unescaped) {
                unescaped
            } else {
                name.clone()
            }
        })
        .collect()
}

/// How to type a column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TypeHint {
    /// Detect from the values.
    Detect,
    /// An identifier: always text, trimmed.
    Id,
    /// A date column (role), also read from epoch seconds.
    Date,
    /// Forced by the user.
    Kind(ColumnKind),
    /// Forced date format.
    DateFormat(DateFormat),
}

/// Gives every column of a raw table its type and reports what could not be read.
///
/// Columns are typed independently, so they are shared out between the cores.
pub fn type_columns(
    raw: DataFrame,
    hints: &HashMap<String, TypeHint>,
) -> Result<(DataFrame, Vec<ColumnReport>), PolarsError> {
    let height = raw.height();
    let threads = cores().min(raw.width().max(1));
    let raw_ref = &raw;
    let jobs: Vec<_> = (0..threads)
        .map(|t| {
            move || {
                raw_ref
                    .columns()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % threads == t)
                    .map(|(i, column)| {
                        let series = column.as_materialized_series();
                        let hint = hints
                            .get(series.name().as_str())
                            .copied()
                            .unwrap_or(TypeHint::Detect);
                        (i, type_series(series, hint))
                    })
                    .collect::<Vec<_>>()
            }
        })
        .collect();
    let mut all: Vec<(usize, PolarsResult<(Series, ColumnReport)>)> =
        run_all(jobs).into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    let typed: Vec<PolarsResult<(Series, ColumnReport)>> =
        all.into_iter().map(|(_, typed)| typed).collect();
    drop(raw);
    let mut columns = Vec::with_capacity(typed.len());
    let mut reports = Vec::with_capacity(typed.len());
    for result in typed {
        let (series, report) = result?;
        columns.push(series.into_column());
        reports.push(report);
    }
    let frame = DataFrame::new(height, columns)?;
    Ok((frame, reports))
}

fn type_series(series: &Series, hint: TypeHint) -> Result<(Series, ColumnReport), PolarsError> {
    let name = series.name().clone();
    let mut report = ColumnReport {
        name: name.to_string(),
        kind: ColumnKind::Text,
        present: 0,
        unreadable: 0,
        placeholders: 0,
        date_format: None,
        note: None,
    };
    if series.dtype() != &DataType::String {
        return typed_natively(series, hint, report);
    }
    if hint == TypeHint::Id {
        return clean_ids(series, report);
    }
    let values = series.str()?;
    // Text that needs no cleaning is kept as it is, without a copy (and
    // without cleaning every value to find that out).
    let text_already = match hint {
        TypeHint::Kind(ColumnKind::Text) => true,
        TypeHint::Detect => detect_kind(&clean_sample(values)) == ColumnKind::Text,
        _ => false,
    };
    if text_already && is_clean(values) {
        report.present = values.len() - values.null_count();
        return Ok((series.clone(), report));
    }
    let (cleaned, placeholders) = clean_values(values);
    report.placeholders = placeholders;
    report.present = cleaned.iter().filter(|v| v.is_some()).count();
    let kind = match hint {
        TypeHint::Id => ColumnKind::Text,
        TypeHint::Kind(kind) => kind,
        TypeHint::Date | TypeHint::DateFormat(_) => ColumnKind::Date,
        TypeHint::Detect => detect_kind(&cleaned),
    };
    report.kind = kind;
    let typed = match kind {
        ColumnKind::Text => Series::new(name, cleaned),
        ColumnKind::Bool => {
            let parsed: Vec<Option<bool>> =
                cleaned.iter().map(|v| v.and_then(parse_bool)).collect();
            report.unreadable = count_unreadable(&cleaned, &parsed);
            Series::new(name, parsed)
        }
        ColumnKind::Number => {
            let parsed: Vec<Option<f64>> =
                cleaned.iter().map(|v| v.and_then(parse_number)).collect();
            report.unreadable = count_unreadable(&cleaned, &parsed);
            Series::new(name, parsed)
        }
        ColumnKind::Date => parse_dates(name, &cleaned, hint, &mut report)?,
    };
    Ok((typed, report))
}

/// A column the file already typed (Parquet, or numbers polars read): kept,
/// or cast to the engine's types; anything unusual is read as text.
fn typed_natively(
    series: &Series,
    hint: TypeHint,
    mut report: ColumnReport,
) -> Result<(Series, ColumnReport), PolarsError> {
    report.present = series.len() - series.null_count();
    match series.dtype() {
        DataType::Boolean => {
            report.kind = ColumnKind::Bool;
            Ok((series.clone(), report))
        }
        DataType::Date | DataType::Datetime(_, _) => {
            report.kind = ColumnKind::Date;
            let typed = series.cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?;
            Ok((typed, report))
        }
        dtype
            if dtype.is_primitive_numeric()
                && matches!(
                    hint,
                    TypeHint::Date | TypeHint::DateFormat(_) | TypeHint::Kind(ColumnKind::Date)
                ) =>
        {
            epoch_dates(series, report)
        }
        dtype if dtype.is_primitive_numeric() => {
            if matches!(hint, TypeHint::Id) {
                let as_int = if dtype.is_float() {
                    series.cast(&DataType::Int64)?
                } else {
                    series.clone()
                };
                return Ok((as_int.cast(&DataType::String)?, report));
            }
            report.kind = ColumnKind::Number;
            Ok((series.cast(&DataType::Float64)?, report))
        }
        _ => {
            let as_text = series.cast(&DataType::String)?;
            type_series(&as_text, hint)
        }
    }
}

/// Numbers in a date column (a Parquet export's epoch timestamps) read as
/// the same digits in a CSV file are: seconds, or milliseconds from twelve
/// digits on. Cast as they are, seconds would be taken for milliseconds
/// and every date would fall in January 1970.
fn epoch_dates(
    series: &Series,
    mut report: ColumnReport,
) -> Result<(Series, ColumnReport), PolarsError> {
    report.kind = ColumnKind::Date;
    report.date_format = Some(DateFormat::Epoch);
    let numbers = series.cast(&DataType::Float64)?;
    let parsed: Vec<Option<i64>> = numbers
        .f64()?
        .iter()
        .map(|n| {
            let n = n.filter(|n| n.fract() == 0.0 && (0.0..1e13).contains(n))?;
            parse_date_ms(&format!("{n:.0}"), DateFormat::Epoch)
        })
        .collect();
    report.unreadable = report.present - parsed.iter().flatten().count();
    let typed = Series::new(series.name().clone(), parsed)
        .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?;
    Ok((typed, report))
}

/// The hint that types a text column the way [`type_columns`] would type
/// the whole of it, decided from its first values: every slice of a file
/// typed with it is typed alike. `None` for columns the file typed.
pub(super) fn fixed_hint(series: &Series, hint: TypeHint) -> Result<Option<TypeHint>, PolarsError> {
    if series.dtype() != &DataType::String {
        return Ok(None);
    }
    let (cleaned, _) = clean_values(series.str()?);
    Ok(match hint {
        TypeHint::Id | TypeHint::Kind(_) | TypeHint::DateFormat(_) => Some(hint),
        TypeHint::Date => Some(TypeHint::DateFormat(detect_date_format(&cleaned).0)),
        TypeHint::Detect => match detect_kind(&cleaned) {
            ColumnKind::Date => Some(TypeHint::DateFormat(detect_date_format(&cleaned).0)),
            kind => Some(TypeHint::Kind(kind)),
        },
    })
}

/// Whether the first values of a column decide its type: types are read
/// from the first [`SAMPLE`] values present.
pub(super) fn has_full_sample(series: &Series) -> Result<bool, PolarsError> {
    if series.dtype() != &DataType::String {
        return Ok(true);
    }
    let (cleaned, _) = clean_values(series.str()?);
    Ok(cleaned.iter().flatten().count() >= SAMPLE)
}

/// Text dates in the hinted format, or the one detected (with a note when
/// day and month are ambiguous).
fn parse_dates(
    name: PlSmallStr,
    cleaned: &[Option<&str>],
    hint: TypeHint,
    report: &mut ColumnReport,
) -> Result<Series, PolarsError> {
    let format = match hint {
        TypeHint::DateFormat(f) => f,
        _ => {
            let (format, ambiguous) = detect_date_format(cleaned);
            if ambiguous {
                report.note = Some(format!(
                    "day and month are ambiguous; read as {} (choose D/M/YYYY if that is wrong)",
                    format.label()
                ));
            }
            format
        }
    };
    report.date_format = Some(format);
    let parsed: Vec<Option<i64>> = cleaned
        .iter()
        .map(|v| v.and_then(|v| parse_date_ms(v, format)))
        .collect();
    report.unreadable = count_unreadable(cleaned, &parsed);
    Series::new(name, parsed).cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
}

/// Identifiers, kept as text: trimmed, blanks and placeholders missing;
/// the column itself when nothing needed cleaning.
fn clean_ids(
    series: &Series,
    mut report: ColumnReport,
) -> Result<(Series, ColumnReport), PolarsError> {
    let values = series.str()?;
    let cleaned = if is_clean(values) {
        series.clone()
    } else {
        let (cleaned, placeholders) = clean_values(values);
        report.placeholders = placeholders;
        Series::new(series.name().clone(), cleaned)
    };
    report.present = cleaned.len() - cleaned.null_count();
    Ok((cleaned, report))
}

/// Whether no value needs trimming or is a placeholder.
fn is_clean(values: &StringChunked) -> bool {
    values.iter().flatten().all(|v| {
        let trimmed = v.trim();
        trimmed.len() == v.len() && !is_placeholder(trimmed)
    })
}

/// The first values that decide a column's type (see [`detect_kind`]),
/// cleaned, without cleaning the rest.
fn clean_sample(values: &StringChunked) -> Vec<Option<&str>> {
    let mut sample = Vec::with_capacity(SAMPLE);
    for value in values.iter() {
        let Some(value) = value.map(str::trim) else {
            continue;
        };
        if value.is_empty() || is_placeholder(value) {
            continue;
        }
        sample.push(Some(value));
        if sample.len() >= SAMPLE {
            break;
        }
    }
    sample
}

/// Trimmed values with blanks and placeholders made missing.
fn clean_values(values: &StringChunked) -> (Vec<Option<&str>>, usize) {
    let mut placeholders = 0;
    let cleaned = values
        .iter()
        .map(|v| {
            let v = v?.trim();
            if v.is_empty() {
                None
            } else if is_placeholder(v) {
                placeholders += 1;
                None
            } else {
                Some(v)
            }
        })
        .collect();
    (cleaned, placeholders)
}

fn count_unreadable<T>(raw: &[Option<&str>], parsed: &[Option<T>]) -> usize {
    raw.iter()
        .zip(parsed)
        .filter(|(r, p)| r.is_some() && p.is_none())
        .count()
}

/// How many values are looked at to choose a column's type.
const SAMPLE: usize = 2000;

/// A column is of a type when at least half of its (sampled) values read as it.
fn detect_kind(values: &[Option<&str>]) -> ColumnKind {
    let sample: Vec<&str> = values.iter().flatten().take(SAMPLE).copied().collect();
    if sample.is_empty() {
        return ColumnKind::Text;
    }
    let share = |ok: usize| ok * 2 >= sample.len();
    if sample.iter().all(|v| parse_bool(v).is_some()) {
        return ColumnKind::Bool;
    }
    let (format, _) = detect_date_format(values);
    let looks_like_dates = sample
        .iter()
        .filter(|v| !v.bytes().all(|b| b.is_ascii_digit()))
        .filter(|v| parse_date_ms(v, format).is_some())
        .count();
    if format != DateFormat::Epoch && share(looks_like_dates) {
        return ColumnKind::Date;
    }
    if share(sample.iter().filter(|v| parse_number(v).is_some()).count()) {
        return ColumnKind::Number;
    }
    ColumnKind::Text
}

/// The format of values that are mostly dates, and whether day and month
/// order is ambiguous; `None` when they are not dates. `values` are
/// trimmed, without placeholders.
pub(super) fn date_format_of(values: &[Option<&str>]) -> Option<(DateFormat, bool)> {
    (detect_kind(values) == ColumnKind::Date).then(|| detect_date_format(values))
}

/// The date format that reads the most sampled values, and whether month
/// and day order could not be told apart.
fn detect_date_format(values: &[Option<&str>]) -> (DateFormat, bool) {
    let sample: Vec<&str> = values.iter().flatten().take(SAMPLE).copied().collect();
    let counts: Vec<(DateFormat, usize)> = [
        DateFormat::Iso,
        DateFormat::MonthFirst,
        DateFormat::DayFirst,
    ]
    .into_iter()
    .map(|f| {
        let ok = sample
            .iter()
            .filter(|v| !v.bytes().all(|b| b.is_ascii_digit()))
            .filter(|v| parse_date_ms(v, f).is_some())
            .count();
        (f, ok)
    })
    .collect();
    let best = counts
        .iter()
        .max_by_key(|(f, ok)| (*ok, std::cmp::Reverse(*f as u8)));
    match best {
        Some((_, 0)) | None => (DateFormat::Epoch, false),
        Some((format, ok)) => {
            let month_first = counts.get(1).map_or(0, |c| c.1);
            let day_first = counts.get(2).map_or(0, |c| c.1);
            let ambiguous =
                *format == DateFormat::MonthFirst && month_first == day_first && *ok > 0;
            (*format, ambiguous)
        }
    }
}
