//! Columns and frames. Values go into plain vectors, column by column, and
//! become polars columns once at the end.

use polars::prelude::*;

use super::crm::CrmStatus;
use super::dates::{format_date, format_minute};
use super::event::Event;
use super::journey::Deal;
use super::profile::Profile;
use super::recorder::Tally;
use super::rng::Rng;
use super::vocab::{COUNTRIES, INDUSTRIES, SOURCES};
use super::world::Context;
use crate::format::thousands;

/// The contacts table's headers, in order (HubSpot's export names).
pub(super) const CONTACT_HEADERS: [&str; 24] = [
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Job Title",
    "Seniority",
    "Department",
    "Industry",
    "Number of Employees",
    "Annual Revenue",
    "Country/Region",
    "Original Source",
    "Referrer URL",
    "Lifecycle Stage",
    "Lead Status",
    "Email Opt Out",
    "Sales Feedback",
    "Create Date",
    "Number of Pageviews",
    "Number of Sessions",
    "Marketing Emails Opened",
    "Marketing Emails Clicked",
    "Last Activity Date",
    "Forms Submitted",
];

/// The events table's columns, in order.
pub(super) const EVENT_HEADERS: [&str; 4] = ["contact_id", "timestamp", "event_type", "detail"];

/// The deals table's headers, in order.
pub(super) const DEAL_HEADERS: [&str; 6] = [
    "Deal ID",
    "Contact ID",
    "Deal Stage",
    "Amount",
    "Create Date",
    "Close Date",
];

/// Contacts as plain vectors; numbers stay numbers until the frame is built,
/// where polars turns them into text in one pass.
#[derive(Default)]
pub(super) struct ContactColumns {
    pub(super) record_id: Vec<u64>,
    pub(super) first_name: Vec<&'static str>,
    pub(super) last_name: Vec<&'static str>,
    pub(super) email: Vec<String>,
    pub(super) job_title: Vec<&'static str>,
    pub(super) seniority: Vec<&'static str>,
    pub(super) department: Vec<&'static str>,
    pub(super) industry: Vec<Option<&'static str>>,
    pub(super) employees: Vec<Option<String>>,
    pub(super) annual_revenue: Vec<Option<String>>,
    pub(super) country: Vec<&'static str>,
    pub(super) source: Vec<&'static str>,
    pub(super) referrer: Vec<Option<&'static str>>,
    pub(super) lifecycle: Vec<&'static str>,
    pub(super) lead_status: Vec<Option<&'static str>>,
    pub(super) opt_out: Vec<&'static str>,
    pub(super) feedback: Vec<Option<&'static str>>,
    pub(super) create_date: Vec<String>,
    pub(super) page_views: Vec<u32>,
    pub(super) sessions: Vec<u32>,
    pub(super) opens: Vec<u32>,
    pub(super) clicks: Vec<u32>,
    pub(super) last_activity: Vec<Option<String>>,
    pub(super) forms: Vec<u32>,
}

impl ContactColumns {
    /// Room for `rows` contacts in the columns that hold owned strings.
    pub(super) fn with_capacity(rows: usize) -> Self {
        let mut columns = Self::default();
        columns.email.reserve(rows);
        columns.create_date.reserve(rows);
        columns
    }

    /// Adds one contact. The data-quality noise of real exports (missing
    /// industry, "Select", thousands separators, gaps) is drawn here, on top
    /// of the true values the simulation used.
    pub(super) fn push(
        &mut self,
        rng: &mut Rng,
        record_id: u64,
        profile: Profile,
        crm: &CrmStatus,
        tally: &Tally,
    ) {
        self.record_id.push(record_id);
        self.first_name.push(profile.first_name);
        self.last_name.push(profile.last_name);
        self.email.push(profile.email);
        self.job_title.push(profile.job.title);
        self.seniority.push(profile.job.seniority.label());
        self.department.push(profile.job.department.label());
        self.industry.push(match rng.weighted(&[93.0, 5.0, 2.0]) {
            0 => Some(INDUSTRIES[profile.industry].name),
            1 => None,
            _ => Some("Select"),
        });
        self.employees.push((!rng.chance(0.03)).then(|| {
            if profile.employees >= 1_000 && rng.chance(0.1) {
                // As some CRMs store numbers typed by hand: "12,345".
                thousands(profile.employees)
            } else {
                profile.employees.to_string()
            }
        }));
        self.annual_revenue
            .push((!rng.chance(0.08)).then(|| profile.annual_revenue_dollars.to_string()));
        self.country.push(COUNTRIES[profile.country].name);
        self.source.push(SOURCES[profile.source].name);
        self.referrer
            .push(profile.referrer.map(|referrer| referrer.url));
        self.lifecycle.push(crm.lifecycle);
        self.lead_status.push(crm.lead_status);
        self.opt_out
            .push(if profile.opted_out { "true" } else { "false" });
        self.feedback.push(crm.feedback);
        self.create_date.push(format_minute(profile.created_ms));
        self.page_views.push(tally.page_views);
        self.sessions.push(tally.page_views.div_ceil(3));
        self.opens.push(tally.opens);
        self.clicks.push(tally.clicks);
        self.last_activity.push(tally.last_ms.map(format_date));
        self.forms.push(tally.forms);
    }

    /// The contacts frame, every column text as in a CRM export.
    pub(super) fn into_frame(self) -> PolarsResult<DataFrame> {
        let counts = |values: Vec<u32>| {
            UInt32Chunked::from_vec(PlSmallStr::EMPTY, values)
                .into_series()
                .cast(&DataType::String)
        };
        let texts = [
            UInt64Chunked::from_vec(PlSmallStr::EMPTY, self.record_id)
                .into_series()
                .cast(&DataType::String)?,
            text(self.first_name),
            text(self.last_name),
            text(self.email),
            text(self.job_title),
            text(self.seniority),
            text(self.department),
            text(self.industry),
            text(self.employees),
            text(self.annual_revenue),
            text(self.country),
            text(self.source),
            text(self.referrer),
            text(self.lifecycle),
            text(self.lead_status),
            text(self.opt_out),
            text(self.feedback),
            text(self.create_date),
            counts(self.page_views)?,
            counts(self.sessions)?,
            counts(self.opens)?,
            counts(self.clicks)?,
            text(self.last_activity),
            counts(self.forms)?,
        ];
        frame(&CONTACT_HEADERS, texts)
    }
}

/// An unnamed text series; [`frame`] names it.
fn text<T, Phantom: ?Sized>(values: T) -> Series
where
    Series: NamedFrom<T, Phantom>,
{
    Series::new(PlSmallStr::EMPTY, values)
}

/// A frame of the given series under the given headers.
fn frame<const N: usize>(headers: &[&str; N], series: [Series; N]) -> PolarsResult<DataFrame> {
    let height = series.first().map_or(0, |first| first.len());
    let columns = headers
        .iter()
        .zip(series)
        .map(|(header, series)| series.with_name((*header).into()).into())
        .collect();
    DataFrame::new(height, columns)
}

/// Events as indices until the frame is built: about 20 bytes per event
/// instead of two heap strings.
#[derive(Default)]
pub(super) struct EventColumns {
    /// Row of the contact within its part.
    pub(super) contact_row: Vec<IdxSize>,
    pub(super) at_ms: Vec<i64>,
    pub(super) kind: Vec<IdxSize>,
    pub(super) detail: Vec<IdxSize>,
}

impl EventColumns {
    /// Room for `rows` events.
    pub(super) fn with_capacity(rows: usize) -> Self {
        Self {
            contact_row: Vec::with_capacity(rows),
            at_ms: Vec::with_capacity(rows),
            kind: Vec::with_capacity(rows),
            detail: Vec::with_capacity(rows),
        }
    }

    /// Adds the events of the contact at `local_row` of the part.
    pub(super) fn extend(&mut self, local_row: usize, events: &[Event]) {
        // A part holds `ROWS_PER_PART` contacts, far below `IdxSize::MAX`.
        let row = local_row as IdxSize;
        for event in events {
            self.contact_row.push(row);
            self.at_ms.push(event.at_ms);
            self.kind.push(event.kind as IdxSize);
            self.detail.push(event.detail as IdxSize);
        }
    }

    /// The events frame; the texts are gathered from the part's record ids
    /// and from the context's vocabularies by index.
    pub(super) fn into_frame(
        self,
        context: &Context,
        contacts: &DataFrame,
    ) -> PolarsResult<DataFrame> {
        let record_ids = contacts.column(CONTACT_HEADERS[0])?.str()?;
        let series = [
            record_ids.take(self.contact_row.as_slice())?.into_series(),
            Int64Chunked::from_vec(PlSmallStr::EMPTY, self.at_ms)
                .into_datetime(TimeUnit::Milliseconds, None)
                .into_series(),
            context
                .event_type_texts
                .take(self.kind.as_slice())?
                .into_series(),
            context
                .detail_texts
                .take(self.detail.as_slice())?
                .into_series(),
        ];
        frame(&EVENT_HEADERS, series)
    }
}

/// Deals as plain vectors; their ids are added when the parts are joined.
#[derive(Default)]
pub(super) struct DealColumns {
    pub(super) contact_id: Vec<u64>,
    pub(super) stage: Vec<&'static str>,
    pub(super) amount: Vec<Option<String>>,
    pub(super) create_date: Vec<String>,
    pub(super) close_date: Vec<Option<String>>,
}

impl DealColumns {
    /// Adds a contact's deals.
    pub(super) fn push_all(&mut self, record_id: u64, deals: &[Deal]) {
        for deal in deals {
            self.contact_id.push(record_id);
            self.stage.push(deal.outcome.stage());
            self.amount
                .push(deal.amount_dollars.map(|dollars| dollars.to_string()));
            self.create_date.push(format_date(deal.created_ms));
            self.close_date.push(deal.closed_ms.map(format_date));
        }
    }

    /// The deals frame without the "Deal ID" column.
    pub(super) fn into_frame(self) -> PolarsResult<DataFrame> {
        let [_, headers @ ..] = DEAL_HEADERS;
        let series = [
            UInt64Chunked::from_vec(PlSmallStr::EMPTY, self.contact_id)
                .into_series()
                .cast(&DataType::String)?,
            text(self.stage),
            text(self.amount),
            text(self.create_date),
            text(self.close_date),
        ];
        frame(&headers, series)
    }
}
