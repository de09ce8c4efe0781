//! Loading new data files into the running app: dropped files and the
//! loading thread.

use std::path::{Path, PathBuf};

use super::background::{Task, Waker};
use super::error::AppError;
use crate::analysis::DataProfile;
use crate::data::{DataSources, Dataset, LoadOptions, TableKind, load_dataset};

/// The files a dataset was loaded from, read back from its reports.
pub fn sources_of(data: &Dataset) -> Option<DataSources> {
    let path_of = |kind: TableKind| {
        data.reports
            .iter()
            .find(|report| report.table == kind)
            .map(|report| report.path.clone())
    };
    Some(DataSources {
        contacts: path_of(TableKind::Contacts)?,
        deals: path_of(TableKind::Deals),
        events: path_of(TableKind::Events),
    })
}

/// Whether a file is a data table (by extension).
pub fn is_data_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("parquet"))
}

/// Dropped data files put into the slots their names suggest (deals,
/// events, anything else is contacts); slots not dropped keep `current`.
pub fn dropped_sources(dropped: &[PathBuf], current: Option<DataSources>) -> Option<DataSources> {
    let named = |word: &str| {
        dropped
            .iter()
            .find(|p| {
                p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.to_lowercase().contains(word))
            })
            .cloned()
    };
    let deals = named("deal");
    let events = named("event");
    let contacts = dropped
        .iter()
        .find(|p| Some(*p) != deals.as_ref() && Some(*p) != events.as_ref())
        .cloned();
    if contacts.is_none() && deals.is_none() && events.is_none() {
        return None;
    }
    let current_deals = current.as_ref().and_then(|c| c.deals.clone());
    let current_events = current.as_ref().and_then(|c| c.events.clone());
    Some(DataSources {
        contacts: contacts.or_else(|| current.map(|c| c.contacts))?,
        deals: deals.or(current_deals),
        events: events.or(current_events),
    })
}

/// Reads the data; the error names the file last.
pub fn load(sources: &DataSources, options: &LoadOptions) -> Result<Dataset, AppError> {
    Ok(load_dataset(sources, options)?)
}

/// Data loaded in the background, with what the rule builder offers from it.
#[derive(Debug)]
pub struct LoadedData {
    /// The contacts with their outcomes.
    pub data: Dataset,
    /// Frequent values and candidate rules of the data.
    pub profile: DataProfile,
}

/// Loads data files on a named thread.
pub fn spawn_data_loader(
    sources: DataSources,
    options: LoadOptions,
    waker: &Waker,
) -> Result<Task<Result<LoadedData, AppError>>, AppError> {
    Task::spawn("loading the data", waker, move || {
        let data = load(&sources, &options)?;
        // Counting every text column's values takes a while on a large
        // file: here, not on the UI thread.
        let profile = DataProfile::of(&data);
        Ok(LoadedData { data, profile })
    })
}
