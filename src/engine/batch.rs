//! Batch scoring of files larger than memory: contacts are read from
//! Parquet a slice at a time, each slice with only its own events, and the
//! scores are appended to the output as they are computed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;

use super::{EngineError, score, scores_frame};
use crate::data::parse::date_of_ms;
use crate::data::{
    ContactRoles, Dataset, EventColumns, EventRoles, Outcomes, TypeHint, normalise_events,
    type_columns,
};
use crate::files::temp_path_for;
use crate::model::RuleSet;

/// Why batch scoring failed.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Batch scoring reads Parquet.
    #[error("batch scoring reads Parquet files; convert the CSV or use the in-memory scorer: {0}")]
    NotParquet(PathBuf),
    /// A role could not be found.
    #[error("the {table} table has no {role} column (columns: {columns}): {path}")]
    MissingRole {
        /// Which table.
        table: &'static str,
        /// Which role.
        role: &'static str,
        /// The columns it has.
        columns: String,
        /// The file.
        path: PathBuf,
    },
    /// Reading, scoring or writing failed.
    #[error("batch scoring failed: {message}: {path}")]
    Failed {
        /// What went wrong.
        message: String,
        /// The file concerned.
        path: PathBuf,
    },
    /// The rule set could not be scored.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// What a batch run did.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchReport {
    /// Contacts scored.
    pub contacts: usize,
    /// Slices processed.
    pub batches: usize,
    /// The as-of date used.
    pub as_of: NaiveDate,
}

fn is_parquet(path: &Path) -> bool {
    std::fs::File::open(path)
        .and_then(|mut f| {
            let mut magic = [0u8; 4];
            std::io::Read::read_exact(&mut f, &mut magic).map(|_| magic == *b"PAR1")
        })
        .unwrap_or(false)
}

fn scan(path: &Path) -> Result<LazyFrame, BatchError> {
    if !is_parquet(path) {
        return Err(BatchError::NotParquet(path.to_owned()));
    }
    let text = path.to_string_lossy().into_owned();
    LazyFrame::scan_parquet(PlRefPath::from(text.as_str()), ScanArgsParquet::default())
        .map_err(|e| failed(e, path))
}

fn failed(e: impl std::fmt::Display, path: &Path) -> BatchError {
    BatchError::Failed {
        message: e.to_string().lines().next().unwrap_or_default().to_owned(),
        path: path.to_owned(),
    }
}

fn names(lf: &mut LazyFrame, path: &Path) -> Result<Vec<String>, BatchError> {
    Ok(lf
        .collect_schema()
        .map_err(|e| failed(e, path))?
        .iter_names()
        .map(|n| n.to_string())
        .collect())
}

/// Scores `contacts` (and `events`) slice by slice into `out` (.csv or .parquet).
pub fn score_in_batches(
    contacts: &Path,
    events: Option<&Path>,
    rules: &RuleSet,
    out: &Path,
    as_of: Option<NaiveDate>,
    batch_rows: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<BatchReport, BatchError> {
    let mut contacts_lf = scan(contacts)?;
    let headers = names(&mut contacts_lf, contacts)?;
    let mut roles = ContactRoles::default();
    roles.detect(&headers);
    let missing = |table, role, columns: &[String], path: &Path| BatchError::MissingRole {
        table,
        role,
        columns: columns.join(", "),
        path: path.to_owned(),
    };
    let id_column = roles
        .id
        .clone()
        .ok_or_else(|| missing("contacts", "contact id", &headers, contacts))?;
    let mut event_source = None;
    if let Some(path) = events {
        let mut lf = scan(path)?;
        let event_headers = names(&mut lf, path)?;
        let mut event_roles = EventRoles::default();
        event_roles.detect(&event_headers);
        let need = |slot: &Option<String>, role| {
            slot.clone()
                .ok_or_else(|| missing("events", role, &event_headers, path))
        };
        let columns = (
            need(&event_roles.contact_id, "contact id")?,
            need(&event_roles.timestamp, "timestamp")?,
            need(&event_roles.event_type, "event type")?,
            event_roles.detail.clone(),
        );
        event_source = Some((lf, columns, path));
    }
    let as_of = match as_of {
        Some(d) => d,
        None => latest_date(
            &contacts_lf,
            &roles,
            event_source.as_ref().map(|(lf, c, _)| (lf, c.1.as_str())),
        )
        .unwrap_or_else(|| chrono::Utc::now().date_naive()),
    };
    let total = contacts_lf
        .clone()
        .select([len()])
        .collect()
        .map_err(|e| failed(e, contacts))?
        .column("len")
        .and_then(|c| c.u32().cloned())
        .map_err(|e| failed(e, contacts))?
        .get(0)
        .unwrap_or(0) as usize;

    let temp = temp_path_for(out);
    let mut writer = Output::create(out, &temp)?;
    let mut hints: Option<HashMap<String, TypeHint>> = None;
    let mut done = 0usize;
    let mut batches = 0usize;
    let batch_rows = batch_rows.max(1);
    let result = (|| -> Result<(), BatchError> {
        while done < total {
            let slice = contacts_lf
                .clone()
                .slice(done as i64, batch_rows as IdxSize)
                .collect()
                .map_err(|e| failed(e, contacts))?;
            let n = slice.height();
            if n == 0 {
                break;
            }
            // The first slice decides every column's type, so all slices agree.
            let slice_hints = hints.get_or_insert_with(HashMap::new);
            slice_hints.entry(id_column.clone()).or_insert(TypeHint::Id);
            let (typed, reports) =
                type_columns(slice, slice_hints).map_err(|e| failed(e, contacts))?;
            for report in reports {
                slice_hints
                    .entry(report.name)
                    .or_insert(TypeHint::Kind(report.kind));
            }
            let data = slice_dataset(typed, &id_column, event_source.as_ref())?;
            let scores = score(&data, rules, as_of)?;
            let mut frame = scores_frame(&data, &scores).map_err(|e| failed(e, out))?;
            writer.write(&mut frame).map_err(|e| failed(e, out))?;
            done += n;
            batches += 1;
            progress(done, total);
        }
        writer.finish().map_err(|e| failed(e, out))?;
        std::fs::rename(&temp, out).map_err(|e| failed(e, out))
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(BatchReport {
        contacts: done,
        batches,
        as_of,
    })
}

type EventSource<'a> = (
    LazyFrame,
    (String, String, String, Option<String>),
    &'a Path,
);

fn slice_dataset(
    typed: DataFrame,
    id_column: &str,
    events: Option<&EventSource>,
) -> Result<Dataset, BatchError> {
    let n = typed.height();
    let outcomes = Outcomes {
        outcome: vec![crate::data::Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    };
    let mut data = Dataset::from_frames(typed, id_column, outcomes, None)
        .map_err(|e| failed(e, Path::new(id_column)))?;
    if let Some((lf, (contact, time, kind, detail), path)) = events {
        let ids = Series::new("ids".into(), &data.ids);
        let mut select = vec![
            col(contact.as_str()),
            col(time.as_str()),
            col(kind.as_str()),
        ];
        if let Some(d) = detail {
            select.push(col(d.as_str()));
        }
        let raw = lf
            .clone()
            .filter(
                col(contact.as_str())
                    .cast(DataType::String)
                    .is_in(lit(ids).implode(false), false),
            )
            .select(select)
            .collect()
            .map_err(|e| failed(e, path))?;
        let mut hints = HashMap::new();
        hints.insert(contact.clone(), TypeHint::Id);
        hints.insert(kind.clone(), TypeHint::Id);
        hints.insert(time.clone(), TypeHint::Date);
        if let Some(d) = detail {
            hints.insert(d.clone(), TypeHint::Id);
        }
        let (frame, _) = type_columns(raw, &hints).map_err(|e| failed(e, path))?;
        let row_of_id: HashMap<&str, u32> = data
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as u32))
            .collect();
        let columns = EventColumns {
            contact,
            time,
            kind,
            detail: detail.as_deref(),
        };
        let (normalised, _, _) =
            normalise_events(&frame, &columns, &row_of_id).map_err(|e| failed(e, path))?;
        data.events = Some(crate::data::Events { frame: normalised });
        data.schema.has_events = true;
    }
    Ok(data)
}

fn latest_date(
    contacts: &LazyFrame,
    roles: &ContactRoles,
    events: Option<(&LazyFrame, &str)>,
) -> Option<NaiveDate> {
    let max_of = |lf: &LazyFrame, column: &str| -> Option<i64> {
        let frame = lf
            .clone()
            .select([col(column)
                .cast(DataType::Datetime(TimeUnit::Milliseconds, None))
                .cast(DataType::Int64)
                .max()])
            .collect()
            .ok()?;
        frame.columns().first()?.i64().ok()?.get(0)
    };
    let mut latest = None;
    if let Some((lf, column)) = events {
        latest = max_of(lf, column);
    }
    if let Some(created) = &roles.created {
        latest = latest.max(max_of(contacts, created));
    }
    latest.and_then(date_of_ms)
}

/// CSV or Parquet written a slice at a time.
enum Output {
    Csv(std::fs::File, bool),
    Parquet(
        Option<Box<polars::io::parquet::write::BatchedWriter<std::fs::File>>>,
        std::fs::File,
    ),
}

impl Output {
    fn create(out: &Path, temp: &Path) -> Result<Output, BatchError> {
        let file = std::fs::File::create(temp).map_err(|e| failed(e, out))?;
        let parquet = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        Ok(if parquet {
            let handle = file.try_clone().map_err(|e| failed(e, out))?;
            Output::Parquet(None, handle)
        } else {
            Output::Csv(file, true)
        })
    }

    fn write(&mut self, frame: &mut DataFrame) -> PolarsResult<()> {
        match self {
            Output::Csv(file, first) => {
                CsvWriter::new(&mut *file)
                    .include_header(*first)
                    .finish(frame)?;
                *first = false;
                Ok(())
            }
            Output::Parquet(writer, file) => {
                if writer.is_none() {
                    let handle = file.try_clone()?;
                    *writer = Some(Box::new(
                        ParquetWriter::new(handle).batched(frame.schema())?,
                    ));
                }
                match writer {
                    Some(w) => w.write_batch(frame),
                    None => Ok(()),
                }
            }
        }
    }

    fn finish(self) -> PolarsResult<()> {
        match self {
            Output::Csv(file, _) => {
                file.sync_all()?;
                Ok(())
            }
            Output::Parquet(writer, file) => {
                if let Some(w) = writer {
                    w.finish()?;
                }
                file.sync_all()?;
                Ok(())
            }
        }
    }
}
