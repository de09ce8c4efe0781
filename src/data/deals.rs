//! The deals table, joined to contact rows by id or email, and the outcome
//! per contact that the deals (or the contacts' own columns) give.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::frames::{column_names, date_values, plural, prepare};
use super::parse::normalize_text;
use super::roles::{DEFAULT_OPEN, DealRoles, RoleMapping, outcome_value_is_won};
use super::table::{TypeHint, read_raw, type_columns};
use super::{
    ColumnKind, ColumnOverride, DealStatus, Deals, LoadError, Outcome, Outcomes, RowOfId,
    TableKind, TableReport,
};

/// Reads the deals, joins them to contacts and reports what did not fit.
pub(super) fn load_deals(
    path: &Path,
    roles: &mut RoleMapping,
    contacts: &DataFrame,
    row_of_id: &RowOfId,
    date_formats: &HashMap<String, ColumnOverride>,
    reports: &mut Vec<TableReport>,
) -> Result<Deals, LoadError> {
    let raw = read_raw(path)?;
    let headers = column_names(&raw.frame);
    let mut findings = roles.deals.detect(&headers, roles.contacts.id.as_deref());
    let status_column = required_columns(&roles.deals, &headers, path)?;
    let prepare = prepare("deals", path);
    let (frame, columns) =
        type_columns(raw.frame, &type_hints(&roles.deals, date_formats)).map_err(&prepare)?;
    let mut notes = raw.notes;
    let n = frame.height();
    let contact_row = match_contacts(&frame, roles, contacts, row_of_id, path)?;
    let unmatched = contact_row.iter().filter(|r| r.is_none()).count();
    if unmatched > 0 {
        notes.push(format!(
            "{unmatched} deal{} match no contact and are not counted",
            plural(unmatched)
        ));
    }
    let deal_roles = &roles.deals;
    let (status, unmapped) = match &status_column {
        Some(column) => statuses(&frame, column, deal_roles).map_err(&prepare)?,
        None => (vec![DealStatus::Won; n], HashMap::new()),
    };
    // What the status values were taken to mean belongs with the status
    // role (shown by `check` and the Data panel), not among the warnings.
    let meaning = match &status_column {
        Some(column) => status_meanings(&frame, column, deal_roles).map_err(&prepare)?,
        None => format!("every row is a won deal ({n} deal{})", plural(n)),
    };
    if let Some(finding) = findings.iter_mut().find(|f| f.role == "status") {
        finding.why = format!("{}; {meaning}", finding.why);
    }
    notes.extend(unmapped_status_note(unmapped));
    let amount: Vec<Option<f64>> = match &deal_roles.amount {
        Some(column) => frame
            .column(column)
            .map_err(&prepare)?
            .f64()
            .map_err(&prepare)?
            .iter()
            .collect(),
        None => vec![None; n],
    };
    let dates = |slot: &Option<String>| -> Result<Vec<Option<i64>>, LoadError> {
        match slot {
            Some(column) => date_values(&frame, column).map_err(&prepare),
            None => Ok(vec![None; n]),
        }
    };
    let deals = Deals {
        contact_row,
        status,
        amount,
        created_ms: dates(&deal_roles.created)?,
        closed_ms: dates(&deal_roles.closed)?,
    };
    notes.extend(date_notes(&deals));
    reports.push(TableReport {
        table: TableKind::Deals,
        path: path.to_owned(),
        rows: n,
        columns,
        notes,
        roles: findings,
    });
    Ok(deals)
}

/// A way to find each deal's contact, and the status column (returned;
/// none when every row is a won deal).
fn required_columns(
    deal_roles: &DealRoles,
    headers: &[String],
    path: &Path,
) -> Result<Option<String>, LoadError> {
    let missing = |role, hint: Option<String>| LoadError::MissingRole {
        table: "deals",
        role,
        columns: super::column_list(headers),
        hint,
        path: path.to_owned(),
    };
    if deal_roles.contact_id.is_none() && deal_roles.email.is_none() {
        return Err(missing("contact id (or email)", None));
    }
    if deal_roles.all_won {
        return Ok(None);
    }
    let hint = match &deal_roles.closed {
        Some(date) => {
            format!("it has a date (\"{date}\") and no status: if every row is a won deal, say so")
        }
        None => "or say that every row is a won deal".to_owned(),
    };
    match &deal_roles.status {
        Some(status) => Ok(Some(status.clone())),
        None => Err(missing("status (won / lost)", Some(hint))),
    }
}

/// Ids and statuses as ids (text, trimmed), dates as dates, amounts as numbers.
/// The latest created or closed date of any deal, as loading the deals
/// would read them (the default as-of date takes it into account).
pub(super) fn latest_deal_ms(
    path: &Path,
    roles: &mut RoleMapping,
    date_formats: &HashMap<String, ColumnOverride>,
) -> Result<Option<i64>, LoadError> {
    let raw = read_raw(path)?;
    let headers = column_names(&raw.frame);
    roles.deals.detect(&headers, roles.contacts.id.as_deref());
    let dates: Vec<String> = [&roles.deals.created, &roles.deals.closed]
        .into_iter()
        .flatten()
        .filter(|c| headers.contains(c))
        .cloned()
        .collect();
    let prepare = prepare("deals", path);
    let frame = raw
        .frame
        .select(dates.iter().map(String::as_str))
        .map_err(&prepare)?;
    let (typed, _) =
        type_columns(frame, &type_hints(&roles.deals, date_formats)).map_err(&prepare)?;
    let mut latest = None;
    for column in &dates {
        let values = date_values(&typed, column).map_err(&prepare)?;
        latest = latest.max(values.into_iter().flatten().max());
    }
    Ok(latest)
}

fn type_hints(
    deal_roles: &DealRoles,
    date_formats: &HashMap<String, ColumnOverride>,
) -> HashMap<String, TypeHint> {
    let mut hints = HashMap::new();
    for id in [
        &deal_roles.id,
        &deal_roles.contact_id,
        &deal_roles.email,
        &deal_roles.status,
    ]
    .into_iter()
    .flatten()
    {
        hints.insert(id.clone(), TypeHint::Id);
    }
    for date in [&deal_roles.created, &deal_roles.closed]
        .into_iter()
        .flatten()
    {
        let hint = match date_formats.get(date) {
            Some(ColumnOverride::Date(format)) => TypeHint::DateFormat(*format),
            _ => TypeHint::Date,
        };
        hints.insert(date.clone(), hint);
    }
    if let Some(amount) = &deal_roles.amount {
        hints.insert(amount.clone(), TypeHint::Kind(ColumnKind::Number));
    }
    hints
}

/// The contact row of each deal: by contact id when the deals have one,
/// else by email (normalised on both sides).
fn match_contacts(
    frame: &DataFrame,
    roles: &RoleMapping,
    contacts: &DataFrame,
    row_of_id: &RowOfId,
    path: &Path,
) -> Result<Vec<Option<u32>>, LoadError> {
    let prepare = prepare("deals", path);
    if let Some(column) = &roles.deals.contact_id {
        return Ok(text_values(frame, column)
            .map_err(&prepare)?
            .iter()
            .map(|id| {
                id.as_deref()
                    .and_then(|id| row_of_id.get(id.trim()).copied())
            })
            .collect());
    }
    let contact_email = roles
        .contacts
        .email
        .clone()
        .ok_or_else(|| LoadError::MissingRole {
            table: "contacts",
            role: "email (to join deals by email)",
            columns: super::column_list(&column_names(contacts)),
            hint: None,
            path: path.to_owned(),
        })?;
    let emails = text_values(contacts, &contact_email).map_err(&prepare)?;
    let row_of_email: HashMap<String, u32> = emails
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.as_deref().map(|e| (normalize_text(e), i as u32)))
        .collect();
    let deal_email = roles.deals.email.clone().unwrap_or_default();
    Ok(text_values(frame, &deal_email)
        .map_err(&prepare)?
        .iter()
        .map(|e| {
            e.as_deref()
                .and_then(|e| row_of_email.get(&normalize_text(e)).copied())
        })
        .collect())
}

/// Each deal's status, with the count of every value that was neither won,
/// lost nor a known open status.
fn statuses(
    frame: &DataFrame,
    status_column: &str,
    deal_roles: &DealRoles,
) -> Result<(Vec<DealStatus>, HashMap<String, usize>), PolarsError> {
    let values = text_values(frame, status_column)?;
    let mut unmapped: HashMap<String, usize> = HashMap::new();
    let status = values
        .iter()
        .map(|s| {
            let value = s.as_deref().map(normalize_text).unwrap_or_default();
            if deal_roles.is_won(&value) {
                DealStatus::Won
            } else if deal_roles.is_lost(&value) {
                DealStatus::Lost
            } else {
                if !DEFAULT_OPEN.contains(&value.as_str()) {
                    *unmapped.entry(value).or_insert(0) += 1;
                }
                DealStatus::Open
            }
        })
        .collect();
    Ok((status, unmapped))
}

/// "won = "closed won" ×12; lost = "closed lost" ×8; open = "negotiation"
/// ×3": what each status value was taken to mean.
fn status_meanings(
    frame: &DataFrame,
    column: &str,
    deal_roles: &DealRoles,
) -> Result<String, PolarsError> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for value in text_values(frame, column)? {
        let value = value.as_deref().map(normalize_text).unwrap_or_default();
        *counts.entry(value).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let listed = |keep: &dyn Fn(&str) -> bool| -> String {
        let values: Vec<String> = counts
            .iter()
            .filter(|(v, _)| keep(v))
            .take(8)
            .map(|(v, c)| format!("\"{v}\" ×{c}"))
            .collect();
        if values.is_empty() {
            "(none)".to_owned()
        } else {
            values.join(", ")
        }
    };
    Ok(format!(
        "won = {}; lost = {}; open = {}",
        listed(&|v| deal_roles.is_won(v)),
        listed(&|v| deal_roles.is_lost(v)),
        listed(&|v| !deal_roles.is_won(v) && !deal_roles.is_lost(v)),
    ))
}

fn unmapped_status_note(unmapped: HashMap<String, usize>) -> Option<String> {
    if unmapped.is_empty() {
        return None;
    }
    let mut listed: Vec<(String, usize)> = unmapped.into_iter().collect();
    listed.sort();
    let words: Vec<String> = listed
        .iter()
        .map(|(v, c)| {
            if v.is_empty() {
                format!("(empty) ×{c}")
            } else {
                format!("\"{v}\" ×{c}")
            }
        })
        .collect();
    Some(format!(
        "status values not recognised as won or lost, counted as open: {}",
        words.join(", ")
    ))
}

/// Deals closed before they were created, and won deals without a close
/// date (which back-tests cannot place in time).
fn date_notes(deals: &Deals) -> Vec<String> {
    let mut notes = Vec::new();
    let reversed = deals
        .created_ms
        .iter()
        .zip(&deals.closed_ms)
        .filter(|(c, d)| matches!((c, d), (Some(c), Some(d)) if d < c))
        .count();
    if reversed > 0 {
        notes.push(format!(
            "{reversed} deal{} closed before {} created",
            plural(reversed),
            if reversed == 1 { "it was" } else { "they were" }
        ));
    }
    let won_without_date = deals
        .status
        .iter()
        .zip(&deals.closed_ms)
        .filter(|(s, d)| **s == DealStatus::Won && d.is_none())
        .count();
    if won_without_date > 0 {
        notes.push(format!(
            "{won_without_date} won deal{} without a close date (not usable in back-tests)",
            plural(won_without_date)
        ));
    }
    notes
}

fn text_values(frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>, PolarsError> {
    let column = frame.column(name)?.cast(&DataType::String)?;
    Ok(column.str()?.iter().map(|v| v.map(str::to_owned)).collect())
}

/// Per contact: won if any deal is won (revenue summed, earliest close
/// kept), lost if only lost deals, none otherwise.
pub(super) fn outcomes_from_deals(deals: &Deals, contacts: usize) -> Outcomes {
    let mut outcomes = Outcomes {
        outcome: vec![Outcome::None; contacts],
        revenue: vec![0.0; contacts],
        won_at_ms: vec![None; contacts],
    };
    for (i, row) in deals.contact_row.iter().enumerate() {
        let Some(row) = row.map(|r| r as usize) else {
            continue;
        };
        let status = deals.status.get(i).copied().unwrap_or(DealStatus::Open);
        let (Some(outcome), Some(revenue), Some(won_at)) = (
            outcomes.outcome.get_mut(row),
            outcomes.revenue.get_mut(row),
            outcomes.won_at_ms.get_mut(row),
        ) else {
            continue;
        };
        match status {
            DealStatus::Won => {
                *outcome = Outcome::Won;
                *revenue += deals.amount.get(i).copied().flatten().unwrap_or(0.0);
                if let Some(closed) = deals.closed_ms.get(i).copied().flatten() {
                    *won_at = Some(won_at.map_or(closed, |w: i64| w.min(closed)));
                }
            }
            DealStatus::Lost => {
                if *outcome == Outcome::None {
                    *outcome = Outcome::Lost;
                }
            }
            DealStatus::Open => {}
        }
    }
    outcomes
}

/// Per contact from the contacts' own outcome and won-date columns, when
/// no deals table is loaded.
pub(super) fn outcomes_from_contacts(
    contacts: &DataFrame,
    roles: &RoleMapping,
) -> Result<Outcomes, PolarsError> {
    let n = contacts.height();
    let mut outcomes = Outcomes {
        outcome: vec![Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    };
    if let Some(column) = &roles.contacts.outcome {
        let values = contacts.column(column)?;
        let won: Vec<bool> = match values.dtype() {
            DataType::Boolean => values.bool()?.iter().map(|v| v == Some(true)).collect(),
            d if d.is_primitive_numeric() => values
                .cast(&DataType::Float64)?
                .f64()?
                .iter()
                .map(|v| v.is_some_and(|x| x != 0.0))
                .collect(),
            _ => values
                .cast(&DataType::String)?
                .str()?
                .iter()
                .map(|v| v.is_some_and(outcome_value_is_won))
                .collect(),
        };
        for (slot, won) in outcomes.outcome.iter_mut().zip(won) {
            if won {
                *slot = Outcome::Won;
            }
        }
    }
    if let Some(column) = &roles.contacts.won_date {
        let dates = date_values(contacts, column)?;
        for ((slot, won_at), date) in outcomes
            .outcome
            .iter_mut()
            .zip(outcomes.won_at_ms.iter_mut())
            .zip(dates)
        {
            if let Some(date) = date {
                *slot = Outcome::Won;
                *won_at = Some(date);
            }
        }
    }
    Ok(outcomes)
}
