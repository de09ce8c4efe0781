//! Batch scoring of files larger than memory: contacts are read a slice at
//! a time (CSV or Parquet), each slice scored with only its own events, and
//! the scores are appended to the output as they are computed.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;

use super::{EngineError, Scorer, scores_frame};
use crate::data::parse::date_of_ms;
use crate::data::{
    ContactSlices, DataSources, Dataset, Events, LoadError, LoadOptions, Outcomes, RoleMapping,
    TableKind, latest_deal_ms, load_events_for,
};
use crate::files::AtomicFile;
use crate::model::{CheckedRuleSet, RuleSet};

/// Why batch scoring failed.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A file could not be read or mapped.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Scoring or encoding failed.
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
    /// Whether that is today because no table holds a date (and none was
    /// given): the same run on another day would score otherwise.
    pub as_of_today: bool,
    /// What loading noted (skipped lines, dropped rows, …): table, file, note.
    pub notes: Vec<(TableKind, PathBuf, String)>,
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

/// Scores the contacts of `sources` (with their events) slice by slice
/// into `out` (.csv or .parquet), the same scores as loading the whole
/// history: the same roles, types, kept rows and default as-of date.
///
/// Memory holds one slice of contacts, the events (compactly) and the ids;
/// the scores are appended to the output as they are computed.
pub fn score_in_batches(
    sources: &DataSources,
    options: &LoadOptions,
    rules: &RuleSet,
    out: &Path,
    as_of: Option<NaiveDate>,
    batch_rows: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<BatchReport, BatchError> {
    let trace = crate::trace::Trace::new();
    let ids_first = sources.events.is_some();
    let mut slices = ContactSlices::open(&sources.contacts, options, batch_rows, ids_first)?;
    let mut notes: Vec<(TableKind, PathBuf, String)> = slices
        .notes
        .iter()
        .map(|n| (TableKind::Contacts, sources.contacts.clone(), n.clone()))
        .collect();
    trace.mark("batch: contact ids read, types fixed");
    let mut roles = slices.roles.clone();
    let contacts_latest = match as_of {
        Some(_) => None,
        None => slices.latest_ms()?,
    };
    let ids = slices.take_ids();
    let total = if ids_first {
        ids.len()
    } else {
        slices.file_rows()
    };
    // Any early return drops the file uncommitted: the temp goes, an older
    // output stays.
    let mut file = AtomicFile::create(out).map_err(|e| save_failed(e, out))?;
    let output = Output::new(&mut file, out);
    let mut checked: Option<CheckedRuleSet> = None;
    let (mut done, mut batches) = (0usize, 0usize);
    let id_column = slices.id_column().to_owned();
    let (slices, output, as_of, as_of_today) =
        std::thread::scope(|scope| -> Result<_, BatchError> {
            // Slices are read and typed on a thread of their own, ahead of the
            // scoring: while the events load, then while a slice is scored.
            let (sender, receiver) = std::sync::mpsc::sync_channel(0);
            let reader = scope.spawn(move || {
                loop {
                    let next = slices.next_slice();
                    let last = !matches!(next, Ok(Some(_)));
                    if sender.send(next).is_err() || last {
                        break;
                    }
                }
                slices
            });
            let events = match &sources.events {
                Some(path) => {
                    let (events, report) = load_events_for(path, &mut roles, &ids)?;
                    notes.extend(
                        report
                            .notes
                            .into_iter()
                            .map(|n| (TableKind::Events, path.clone(), n)),
                    );
                    Some(events)
                }
                None => None,
            };
            drop(ids);
            trace.mark("batch: events");
            let as_of = match as_of {
                Some(date) => Some(date),
                None => default_as_of(
                    contacts_latest,
                    events.as_ref(),
                    sources,
                    &mut roles,
                    options,
                )?,
            };
            let as_of_today = as_of.is_none();
            let as_of = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let mut output = output;
            for next in receiver {
                let Some(typed) = next? else {
                    break;
                };
                let n = typed.height();
                let mut data = Dataset::from_frames(typed, &id_column, no_outcomes(n), None)
                    .map_err(|e| failed(e, &sources.contacts))?;
                if let Some(events) = &events {
                    data.events = Some(events.of_contacts(done..done + n));
                    data.schema.has_events = true;
                }
                // Every slice has the same columns and types: validate once.
                let checked =
                    checked.get_or_insert_with(|| CheckedRuleSet::new(rules.clone(), &data.schema));
                let scores = Scorer::new().score(&data, checked, as_of)?;
                let mut frame = scores_frame(&data, &scores).map_err(|e| failed(e, out))?;
                output = output.write(&mut frame).map_err(|e| failed(e, out))?;
                done += n;
                batches += 1;
                progress(done, total);
            }
            let slices = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok((slices, output, as_of, as_of_today))
        })?;
    // No slice at all: the output still has its columns.
    let output = match batches {
        0 => output
            .write(&mut empty_scores().map_err(|e| failed(e, out))?)
            .map_err(|e| failed(e, out))?,
        _ => output,
    };
    output.finish().map_err(|e| failed(e, out))?;
    file.commit().map_err(|e| save_failed(e, out))?;
    trace.mark("batch: scored and written");
    notes.extend(
        slices
            .drop_notes(done)
            .into_iter()
            .map(|n| (TableKind::Contacts, sources.contacts.clone(), n)),
    );
    Ok(BatchReport {
        contacts: done,
        batches,
        as_of,
        as_of_today,
        notes,
    })
}

/// The as-of date loading the whole history would take: the latest date in
/// the contacts, the deals or the events (`None` when there is none).
fn default_as_of(
    contacts_latest: Option<i64>,
    events: Option<&Events>,
    sources: &DataSources,
    roles: &mut RoleMapping,
    options: &LoadOptions,
) -> Result<Option<NaiveDate>, BatchError> {
    let mut latest = contacts_latest;
    if let Some(events) = events {
        latest = latest.max(events.latest_ms());
    }
    if let Some(deals) = &sources.deals {
        latest = latest.max(latest_deal_ms(deals, roles, options)?);
    }
    Ok(latest.and_then(date_of_ms))
}

/// The scores table of no contacts.
fn empty_scores() -> PolarsResult<DataFrame> {
    let data = Dataset::from_frames(
        DataFrame::new(0, vec![Column::new("id".into(), Vec::<String>::new())])?,
        "id",
        no_outcomes(0),
        None,
    )?;
    scores_frame(&data, &crate::engine::Scores::default())
}

fn no_outcomes(n: usize) -> Outcomes {
    Outcomes {
        outcome: vec![crate::data::Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    }
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
