//! The deterministic sample-history generator behind `leadscore sample` and
//! the files in `sample_data/`.
//!
//! It invents the CRM of a company selling a B2B lead-scoring tool: contacts
//! that look like a HubSpot export (every value a string, with gaps and
//! placeholders), their tracked activity (page views, forms, e-mails,
//! webinars) and their deals. A hidden buying intent per contact drives both
//! the activity and the deals, so that sensible rules find real signal and
//! fashionable bad ones find little. Snapshot fields (lifecycle stage, sales
//! feedback, activity after the purchase) leak the outcome on purpose, so that
//! a back-test has something to avoid.
//!
//! Every contact draws from its own random stream (`Rng::stream`), and the
//! only maths beyond IEEE-exact `+ - * / sqrt` comes from `libm`, which gives
//! the same bits everywhere; so the same options give byte-identical files on
//! every platform, and a contact's person (name, title, dates) stays the same
//! when more contacts are asked for.
//!
//! The files follow one contact's path: `world` (what everyone is drawn
//! from), `profile` (who the contact is), `journey` (intent and deals),
//! `activity` with `forms`, `browsing` and `email` (what they do),
//! `crm` (the snapshot's fields), `columns` (the tables) and `write`
//! (the files).

mod activity;
mod browsing;
mod columns;
mod crm;
mod dates;
mod email;
mod event;
mod forms;
mod journey;
mod profile;
mod recorder;
mod rng;
mod vocab;
mod world;
mod write;

#[cfg(test)]
mod tests;

use std::num::NonZeroUsize;
use std::ops::Range;
use std::path::PathBuf;

use chrono::NaiveDate;
use polars::prelude::{Column, DataFrame, PolarsError};

use activity::simulate_activity;
use columns::{ContactColumns, DEAL_HEADERS, DealColumns, EventColumns};
use crm::draw_crm_status;
use journey::{draw_journey, draw_latent};
use profile::draw_profile;
use recorder::Tally;
use rng::Rng;
use world::Context;
pub use write::write_history;

/// A generated B2B history: the three tables a user brings to the app.
#[derive(Debug, Clone)]
pub struct SampleHistory {
    /// One row per contact; every column is a string, as in a CRM export.
    pub contacts: DataFrame,
    /// One row per tracked activity, sorted by contact then time.
    pub events: DataFrame,
    /// One row per deal, sorted by contact then creation.
    pub deals: DataFrame,
}

/// Options of the generator.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// Seed of every random draw; the same options give the same history.
    pub seed: u64,
    /// Number of contacts to generate.
    pub contacts: usize,
    /// First day of the history.
    pub start: NaiveDate,
    /// Length of the history in calendar months (at least one is used).
    pub months: u32,
}

/// 2024-01-01, evaluated when compiling; the fallback arm is dead code that
/// spares `Default` a panic path (a test pins the date).
const DEFAULT_START: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            seed: 42,
            contacts: 10_000,
            start: DEFAULT_START,
            months: 24,
        }
    }
}

/// Errors of the generator.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// Polars refused the generated columns.
    #[error("could not build the {table} table: {source}")]
    Frame {
        /// "contacts", "events" or "deals".
        table: &'static str,
        /// What polars said.
        source: PolarsError,
    },
    /// A file could not be written.
    #[error("could not write: {source}: {}", .path.display())]
    Write {
        /// The file (or directory) that could not be written.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// HubSpot record ids of a young portal look like this.
const FIRST_RECORD_ID: usize = 100_001;
/// Deals are numbered D100001, D100002, … across the whole history.
const FIRST_DEAL_NUMBER: usize = 100_001;
/// Used only to reserve memory for the event columns.
const EXPECTED_EVENTS_PER_CONTACT: usize = 18;

/// Generates a history; the same options always give the same frames.
pub fn generate(options: &SampleOptions) -> Result<SampleHistory, SampleError> {
    let context = Context::new(options);
    let parts = generate_parts(&context, options)?;
    let contacts = stack(parts.iter().map(|part| &part.contacts), "contacts")?;
    let events = stack(parts.iter().map(|part| &part.events), "events")?;
    let mut deals = stack(parts.iter().map(|part| &part.deals), "deals")?;
    // Deal numbers run across parts, so they are given once the parts are joined.
    let deal_ids: Vec<String> = (0..deals.height())
        .map(|index| format!("D{}", FIRST_DEAL_NUMBER + index))
        .collect();
    deals
        .insert_column(0, Column::new(DEAL_HEADERS[0].into(), deal_ids))
        .map_err(|source| SampleError::Frame {
            table: "deals",
            source,
        })?;
    Ok(SampleHistory {
        contacts,
        events,
        deals,
    })
}

/// Contacts per unit of work: large enough that a thread pays off, small
/// enough to keep the cores evenly busy.
const ROWS_PER_PART: usize = 25_000;

/// The tables of one range of contacts.
struct Part {
    contacts: DataFrame,
    events: DataFrame,
    /// Without the "Deal ID" column, which is numbered over all parts.
    deals: DataFrame,
}

/// Generates the contacts in ranges, on all cores, and returns the parts in
/// order. Every contact has its own random stream, so the split and the
/// number of threads change nothing in the result.
fn generate_parts(context: &Context, options: &SampleOptions) -> Result<Vec<Part>, SampleError> {
    let total = options.contacts;
    // At least one (possibly empty) range, so that the tables get their columns.
    let ranges: Vec<Range<usize>> = (0..total.div_ceil(ROWS_PER_PART).max(1))
        .map(|index| index * ROWS_PER_PART..((index + 1) * ROWS_PER_PART).min(total))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(ranges.len());
    // Worker `w` takes ranges w, w + threads, w + 2 * threads, …
    let run = |worker: usize| -> Vec<(usize, Result<Part, SampleError>)> {
        ranges
            .iter()
            .enumerate()
            .skip(worker)
            .step_by(threads)
            .map(|(index, rows)| (index, generate_part(context, options.seed, rows.clone())))
            .collect()
    };
    let mut parts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                std::thread::Builder::new()
                    .name(format!("sample-generator-{worker}"))
                    .spawn_scoped(scope, move || run(worker))
                    .map_err(|_| worker)
            })
            .collect();
        let mut parts = Vec::with_capacity(ranges.len());
        for worker in workers {
            match worker {
                Ok(handle) => match handle.join() {
                    Ok(done) => parts.extend(done),
                    // A panic in a worker is a bug; let it surface as one.
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                // No thread to be had: the work is done here instead.
                Err(worker) => parts.extend(run(worker)),
            }
        }
        parts
    });
    parts.sort_by_key(|(index, _)| *index);
    parts.into_iter().map(|(_, part)| part).collect()
}

/// Generates the contacts of `rows` with their events and deals.
fn generate_part(context: &Context, seed: u64, rows: Range<usize>) -> Result<Part, SampleError> {
    let mut contacts = ContactColumns::with_capacity(rows.len());
    let mut events =
        EventColumns::with_capacity(rows.len().saturating_mul(EXPECTED_EVENTS_PER_CONTACT));
    let mut deals = DealColumns::default();
    let mut scratch = Vec::new();
    for (local_row, row) in rows.enumerate() {
        let mut rng = Rng::stream(seed, row as u64);
        let profile = draw_profile(&mut rng, context);
        let latent = draw_latent(&mut rng, &profile);
        let journey = draw_journey(&mut rng, &profile, &latent, context.period.end_ms);
        simulate_activity(&mut rng, context, &profile, &latent, &journey, &mut scratch);
        let tally = Tally::of(&scratch, &context.details);
        let crm = draw_crm_status(&mut rng, &profile, &latent, &journey, &tally);
        let record_id = (FIRST_RECORD_ID + row) as u64;
        deals.push_all(record_id, &journey.deals);
        events.extend(local_row, &scratch);
        contacts.push(&mut rng, record_id, profile, &crm, &tally);
    }
    let contacts = contacts.into_frame().map_err(|source| SampleError::Frame {
        table: "contacts",
        source,
    })?;
    let events = events
        .into_frame(context, &contacts)
        .map_err(|source| SampleError::Frame {
            table: "events",
            source,
        })?;
    let deals = deals.into_frame().map_err(|source| SampleError::Frame {
        table: "deals",
        source,
    })?;
    Ok(Part {
        contacts,
        events,
        deals,
    })
}

/// Joins the parts' frames of one table, in order.
fn stack<'a>(
    frames: impl Iterator<Item = &'a DataFrame>,
    table: &'static str,
) -> Result<DataFrame, SampleError> {
    let mut stacked: Option<DataFrame> = None;
    for frame in frames {
        match &mut stacked {
            None => stacked = Some(frame.clone()),
            Some(stacked) => {
                stacked
                    .vstack_mut(frame)
                    .map_err(|source| SampleError::Frame { table, source })?;
            }
        }
    }
    // `generate_parts` always returns at least one part. The chunks are left
    // as they are (one per part): copying millions of events into one chunk
    // would cost more time and memory than it could ever save.
    Ok(stacked.unwrap_or_default())
}
