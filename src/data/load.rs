//! Loading a history: contacts first, then deals (or the contacts' own
//! outcome columns) and events joined to the contact rows.

use chrono::NaiveDate;

use super::contacts::load_contacts;
use super::dataset::{next_revision, schema_of};
use super::deals::{load_deals, outcomes_from_contacts, outcomes_from_deals};
use super::events::load_events;
use super::frames::{date_values, prepare};
use super::parse::date_of_ms;
use super::{DataSources, Dataset, Deals, Events, LoadError, LoadOptions, Outcomes, RowOfId};

/// Loads the files, maps roles, joins deals and events to contacts.
pub fn load_dataset(sources: &DataSources, options: &LoadOptions) -> Result<Dataset, LoadError> {
    let trace = crate::trace::Trace::new();
    let mut roles = options.roles.clone();
    let mut reports = Vec::new();
    let contacts_path = &sources.contacts;
    let contacts = load_contacts(contacts_path, options, &mut roles.contacts, &mut reports)?;
    let (contacts, ids) = contacts;
    trace.mark("contacts read and typed");
    let row_of_id: RowOfId = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let created_ms = match &roles.contacts.created {
        Some(name) => {
            Some(date_values(&contacts, name).map_err(prepare("contacts", contacts_path))?)
        }
        None => None,
    };

    let deals = match &sources.deals {
        Some(path) => Some(load_deals(
            path,
            &mut roles,
            &contacts,
            &row_of_id,
            &options.deals_column_types,
            &mut reports,
        )?),
        None => None,
    };
    let outcomes = match &deals {
        Some(deals) => outcomes_from_deals(deals, ids.len()),
        None => {
            outcomes_from_contacts(&contacts, &roles).map_err(prepare("contacts", contacts_path))?
        }
    };
    trace.mark("deals and outcomes");
    let events = match &sources.events {
        Some(path) => Some(load_events(
            path,
            &mut roles,
            &row_of_id,
            ids.len(),
            &mut reports,
        )?),
        None => None,
    };
    trace.mark(&format!(
        "events (contacts {} MB, events {} MB)",
        contacts.estimated_size() >> 20,
        events.as_ref().map_or(0, |e| e.bytes() >> 20)
    ));
    // The map borrows the ids, which the dataset takes.
    drop(row_of_id);
    let latest_date = latest_date(&created_ms, &deals, &events, &outcomes);
    let schema = schema_of(&contacts, events.is_some());
    Ok(Dataset {
        revision: next_revision(),
        contacts,
        ids,
        schema,
        outcomes,
        created_ms,
        deals,
        events,
        options: options.clone(),
        roles,
        reports,
        latest_date,
    })
}

/// The latest date anywhere in the data: the default as-of date.
fn latest_date(
    created: &Option<Vec<Option<i64>>>,
    deals: &Option<Deals>,
    events: &Option<Events>,
    outcomes: &Outcomes,
) -> Option<NaiveDate> {
    let mut latest: Option<i64> = None;
    let mut see = |v: Option<i64>| {
        if let Some(v) = v {
            latest = Some(latest.map_or(v, |l| l.max(v)));
        }
    };
    if let Some(created) = created {
        see(created.iter().flatten().max().copied());
    }
    if let Some(deals) = deals {
        see(deals.closed_ms.iter().flatten().max().copied());
        see(deals.created_ms.iter().flatten().max().copied());
    }
    if let Some(events) = events {
        see(events.latest_ms());
    }
    see(outcomes.won_at_ms.iter().flatten().max().copied());
    latest.and_then(date_of_ms)
}

/// The events of a file joined to contacts given by their ids (row `i` is
/// `ids[i]`), with the events table's report: for scoring contacts a slice
/// at a time.
pub fn load_events_for(
    path: &std::path::Path,
    roles: &mut super::RoleMapping,
    ids: &[String],
) -> Result<(Events, super::TableReport), LoadError> {
    let row_of_id: RowOfId = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let mut reports = Vec::new();
    let events = load_events(path, roles, &row_of_id, ids.len(), &mut reports)?;
    let report = reports.pop().ok_or_else(|| LoadError::Empty {
        path: path.to_owned(),
    })?;
    Ok((events, report))
}

/// The latest created or closed date of a deals file, in milliseconds.
pub fn latest_deal_ms(
    path: &std::path::Path,
    roles: &mut super::RoleMapping,
    options: &LoadOptions,
) -> Result<Option<i64>, LoadError> {
    super::deals::latest_deal_ms(path, roles, &options.deals_column_types)
}
