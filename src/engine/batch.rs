//! Batch scoring of files larger than memory: contacts are read from
//! Parquet a slice at a time, each slice with only its own events, and the
//! scores are appended to the output as they are computed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;

use super::cache::EventFeature;
use super::events::{aggregate_lazy, needed_events};
use super::{EngineError, Scorer, scores_frame};
use crate::data::parse::date_of_ms;
use crate::data::{
    ContactRoles, Dataset, EventColumns, EventRoles, Outcomes, TypeHint, clean_events_lazy,
    type_columns,
};
use crate::files::AtomicFile;
use crate::model::CheckedRuleSet;
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
    /// Reading, scoring or encoding failed.
    #[error("batch scoring failed: {}: {path}", first_line(.source))]
    Failed {
        /// What polars said.
        #[source]
        source: PolarsError,
        /// The file concerned.
        path: PathBuf,
    },
    /// The output could not be created or put in place.
    #[error("cannot save the scores ({source}): {path}")]
    Save {
        /// What the system said.
        #[source]
        source: std::io::Error,
        /// The output file.
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

fn failed(source: PolarsError, path: &Path) -> BatchError {
    BatchError::Failed {
        source,
        path: path.to_owned(),
    }
}

fn save_failed(source: std::io::Error, path: &Path) -> BatchError {
    BatchError::Save {
        source,
        path: path.to_owned(),
    }
}

/// Polars messages can run over several lines; the first says what failed.
fn first_line(error: &PolarsError) -> String {
    let text = error.to_string();
    text.lines().next().unwrap_or_default().to_owned()
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
    let id_column = roles
        .id
        .clone()
        .ok_or_else(|| missing_role("contacts", "contact id", &headers, contacts))?;
    let event_source = match events {
        Some(path) => Some(event_source(path)?),
        None => None,
    };
    let as_of = match as_of {
        Some(d) => d,
        None => latest_date(
            &contacts_lf,
            &roles,
            event_source.as_ref().map(|(lf, c, _)| (lf, c.1.as_str())),
        )
        .unwrap_or_else(|| chrono::Utc::now().date_naive()),
    };
    let total = row_count(&contacts_lf, contacts)?;
    let features = match &event_source {
        Some(source) => Some(aligned_features(
            &contacts_lf,
            &id_column,
            source,
            rules,
            super::as_of_end_ms(as_of),
        )?),
        None => None,
    };
    // Any early return drops the file uncommitted: the temp goes, an older
    // output stays.
    let mut file = AtomicFile::create(out).map_err(|e| save_failed(e, out))?;
    let mut output = Output::new(&mut file, out);
    let mut slices = Slices {
        contacts_lf: &contacts_lf,
        contacts,
        id_column: &id_column,
        hints: HashMap::new(),
        batch_rows: batch_rows.max(1),
    };
    let mut scorer = Scorer::new();
    let mut checked: Option<CheckedRuleSet> = None;
    let (mut done, mut batches) = (0usize, 0usize);
    while done < total {
        let Some(typed) = slices.typed(done)? else {
            break;
        };
        let n = typed.height();
        let data = slice_dataset(typed, &id_column, features.as_ref(), done, &mut scorer)?;
        // Every slice has the first slice's columns and types: validate once.
        let checked =
            checked.get_or_insert_with(|| CheckedRuleSet::new(rules.clone(), &data.schema));
        let scores = scorer.score(&data, checked, as_of)?;
        let mut frame = scores_frame(&data, &scores).map_err(|e| failed(e, out))?;
        output = output.write(&mut frame).map_err(|e| failed(e, out))?;
        done += n;
        batches += 1;
        progress(done, total);
    }
    output.finish().map_err(|e| failed(e, out))?;
    file.commit().map_err(|e| save_failed(e, out))?;
    Ok(BatchReport {
        contacts: done,
        batches,
        as_of,
    })
}

fn missing_role(
    table: &'static str,
    role: &'static str,
    columns: &[String],
    path: &Path,
) -> BatchError {
    BatchError::MissingRole {
        table,
        role,
        columns: columns.join(", "),
        path: path.to_owned(),
    }
}

/// The events file with its contact id, timestamp, type and detail columns.
fn event_source(path: &Path) -> Result<EventSource<'_>, BatchError> {
    let mut lf = scan(path)?;
    let headers = names(&mut lf, path)?;
    let mut roles = EventRoles::default();
    roles.detect(&headers, None);
    let need = |slot: &Option<String>, role| {
        slot.clone()
            .ok_or_else(|| missing_role("events", role, &headers, path))
    };
    let columns = (
        need(&roles.contact_id, "contact id")?,
        need(&roles.timestamp, "timestamp")?,
        need(&roles.event_type, "event type")?,
        roles.detail.clone(),
    );
    Ok((lf, columns, path))
}

fn row_count(lf: &LazyFrame, path: &Path) -> Result<usize, BatchError> {
    Ok(lf
        .clone()
        .select([len()])
        .collect()
        .map_err(|e| failed(e, path))?
        .column("len")
        .and_then(|c| c.u32().cloned())
        .map_err(|e| failed(e, path))?
        .get(0)
        .unwrap_or(0) as usize)
}

/// Reads the contacts file a slice at a time, typed alike: the first slice
/// decides every column's type, so all slices agree.
struct Slices<'a> {
    contacts_lf: &'a LazyFrame,
    contacts: &'a Path,
    id_column: &'a str,
    hints: HashMap<String, TypeHint>,
    batch_rows: usize,
}

impl Slices<'_> {
    /// The typed slice starting at row `offset`, `None` past the end.
    fn typed(&mut self, offset: usize) -> Result<Option<DataFrame>, BatchError> {
        let slice = self
            .contacts_lf
            .clone()
            .slice(offset as i64, self.batch_rows as IdxSize)
            .collect()
            .map_err(|e| failed(e, self.contacts))?;
        if slice.height() == 0 {
            return Ok(None);
        }
        self.hints
            .entry(self.id_column.to_owned())
            .or_insert(TypeHint::Id);
        let (typed, reports) =
            type_columns(slice, &self.hints).map_err(|e| failed(e, self.contacts))?;
        for report in reports {
            self.hints
                .entry(report.name)
                .or_insert(TypeHint::Kind(report.kind));
        }
        Ok(Some(typed))
    }
}

type EventSource<'a> = (
    LazyFrame,
    (String, String, String, Option<String>),
    &'a Path,
);

/// A slice of contacts as a dataset; with events, its rows of the features
/// aggregated once for the whole file are handed to the engine's cache.
fn slice_dataset(
    typed: DataFrame,
    id_column: &str,
    features: Option<&AlignedFeatures>,
    offset: usize,
    scorer: &mut Scorer,
) -> Result<Dataset, BatchError> {
    let n = typed.height();
    let outcomes = Outcomes {
        outcome: vec![crate::data::Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    };
    let mut data = Dataset::from_frames(typed, id_column, outcomes, None)
        .map_err(|e| failed(e, Path::new(id_column)))?;
    if let Some(features) = features {
        let rows = features.frame.slice(offset as i64, n);
        data.events = Some(crate::data::Events::empty(n));
        data.schema.has_events = true;
        let columns = features
            .keys
            .iter()
            .cloned()
            .zip(rows.columns().iter().cloned());
        scorer.preload_event_features(&data, columns);
    }
    Ok(data)
}

/// The event features of every contact of a file, in the file's row order:
/// column `i` of the frame holds feature `keys[i]`.
struct AlignedFeatures {
    keys: Vec<EventFeature>,
    frame: DataFrame,
}

/// Every event feature the rules need, for every contact of the file, in
/// the file's row order: one streaming pass over the events per condition.
fn aligned_features(
    contacts: &LazyFrame,
    id_column: &str,
    events: &EventSource,
    rules: &RuleSet,
    end_ms: i64,
) -> Result<AlignedFeatures, BatchError> {
    let (lf, (contact, time, kind, detail), path) = events;
    let columns = EventColumns {
        contact,
        time,
        kind,
        detail: detail.as_deref(),
    };
    let cleaned = clean_events_lazy(lf.clone(), &columns);
    let key = "\u{1}cid";
    let mut joined = contacts
        .clone()
        .select([col(id_column)
            .cast(DataType::String)
            .str()
            .strip_chars(lit(NULL))
            .alias(key)])
        .with_row_index("\u{1}pos", None);
    let mut outputs = Vec::new();
    let mut keys = Vec::new();
    for needed in needed_events(rules) {
        let count = format!("\u{1}f{}", keys.len());
        keys.push(needed.count_feature(end_ms));
        let mut renamed = vec![col(key), col("n").alias(count.as_str())];
        outputs.push(col(count.as_str()).fill_null(lit(0u32)));
        for (i, w) in needed.weights.iter().enumerate() {
            let name = format!("\u{1}f{}", keys.len());
            keys.push(needed.weight_feature(*w, &rules.decay, end_ms));
            renamed.push(col(format!("w{i}").as_str()).alias(name.as_str()));
            outputs.push(col(name.as_str()).fill_null(lit(0.0f64)));
        }
        let aggregated = aggregate_lazy(
            cleaned.clone(),
            key,
            &needed.event,
            &needed.weights,
            &rules.decay,
            end_ms,
        )
        .select(renamed);
        joined = joined.join(
            aggregated,
            [col(key)],
            [col(key)],
            JoinArgs::new(JoinType::Left),
        );
    }
    let result = joined
        .sort(["\u{1}pos"], SortMultipleOptions::default())
        .select(outputs)
        .collect_with_engine(Engine::Streaming)
        .map_err(|e| failed(e, path))?;
    // A query with one sink always yields one frame.
    Ok(AlignedFeatures {
        keys,
        frame: result.unwrap_single(),
    })
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

/// CSV or Parquet written a slice at a time into the output file.
enum Output<'f> {
    Csv {
        file: &'f mut AtomicFile,
        header_written: bool,
    },
    /// Parquet before the first slice: the writer needs its schema.
    ParquetPending(&'f mut AtomicFile),
    Parquet(Box<BatchedWriter<&'f mut AtomicFile>>),
}

impl<'f> Output<'f> {
    /// Parquet or CSV by the extension of `out`.
    fn new(file: &'f mut AtomicFile, out: &Path) -> Output<'f> {
        let parquet = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
        if parquet {
            Output::ParquetPending(file)
        } else {
            Output::Csv {
                file,
                header_written: false,
            }
        }
    }

    /// Appends a slice; the output moves on to its next state.
    fn write(self, frame: &mut DataFrame) -> PolarsResult<Output<'f>> {
        match self {
            Output::Csv {
                file,
                header_written,
            } => {
                CsvWriter::new(&mut *file)
                    .include_header(!header_written)
                    .finish(frame)?;
                Ok(Output::Csv {
                    file,
                    header_written: true,
                })
            }
            Output::ParquetPending(file) => {
                let mut writer = ParquetWriter::new(file).batched(frame.schema())?;
                writer.write_batch(frame)?;
                Ok(Output::Parquet(Box::new(writer)))
            }
            Output::Parquet(mut writer) => {
                writer.write_batch(frame)?;
                Ok(Output::Parquet(writer))
            }
        }
    }

    /// Writes what a format needs at the end (the Parquet footer).
    fn finish(self) -> PolarsResult<()> {
        if let Output::Parquet(writer) = self {
            writer.finish()?;
        }
        Ok(())
    }
}
