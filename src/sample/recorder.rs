//! What the activity simulation writes with: the event kinds, the recorder
//! that keeps events inside the contact's lifetime, the view of a contact
//! that activity depends on, and the CRM's roll-up counts of the result.

use super::dates::{DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS};
use super::event::{Event, EventKind};
use super::journey::{Journey, Latent};
use super::profile::Profile;
use super::rng::Rng;
use super::vocab::{Details, Form, PAGES, Page};

/// Collects a contact's events, dropping those outside [creation, period end).
pub(super) struct Recorder<'a> {
    pub(super) details: &'a Details,
    pub(super) from_ms: i64,
    pub(super) until_ms: i64,
    pub(super) events: &'a mut Vec<Event>,
}

impl Recorder<'_> {
    /// Keeps the event if it lies within the contact's lifetime.
    pub(super) fn record(&mut self, at_ms: i64, kind: EventKind, detail: u32) {
        if (self.from_ms..self.until_ms).contains(&at_ms) {
            self.events.push(Event {
                at_ms,
                kind,
                detail,
            });
        }
    }

    /// Records a submission of `form`.
    pub(super) fn form(&mut self, at_ms: i64, form: Form) {
        self.record(at_ms, EventKind::FormSubmission, self.details.form(form));
    }

    /// A visit on the day of `day_ms`: a few page views a few seconds to
    /// minutes apart, mostly in working hours (B2B research happens at work).
    pub(super) fn session(&mut self, rng: &mut Rng, day_ms: i64, pages: u32, mix: &[f64; 8]) {
        let time_of_day_ms = if rng.chance(0.85) {
            rng.int_between(8 * HOUR_MS, 19 * HOUR_MS)
        } else {
            rng.int_between(0, DAY_MS - 1)
        };
        let mut at_ms = day_ms.div_euclid(DAY_MS) * DAY_MS + time_of_day_ms;
        for _ in 0..pages {
            let page = PAGES[rng.weighted(mix)];
            let detail = self.details.page(rng, page);
            self.record(at_ms, EventKind::PageView, detail);
            at_ms += rng.int_between(10 * SECOND_MS, 4 * MINUTE_MS);
        }
    }
}

/// The parts of a contact that activity depends on.
pub(super) struct ContactView<'a> {
    pub(super) profile: &'a Profile,
    pub(super) latent: &'a Latent,
    pub(super) journey: &'a Journey,
}

impl ContactView<'_> {
    /// A moment of the research phase. Future buyers ramp up towards the deal,
    /// keen researchers spread out, the rest fade after signing up.
    pub(super) fn research_time(&self, rng: &mut Rng) -> i64 {
        let created_ms = self.profile.created_ms;
        let span = (self.journey.evaluation_end_ms - created_ms).max(HOUR_MS) as f64;
        let fraction = if self.journey.first_deal_ms.is_some() {
            rng.unit().max(rng.unit())
        } else if self.latent.interest > 0.5 {
            rng.unit()
        } else {
            rng.unit().min(rng.unit())
        };
        created_ms + (span * fraction) as i64
    }
}

/// A contact's activity counted as the CRM's roll-up properties count it.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) page_views: u32,
    pub(super) forms: u32,
    pub(super) opens: u32,
    pub(super) clicks: u32,
    pub(super) bottom_forms: u32,
    pub(super) pricing_views: u32,
    pub(super) last_ms: Option<i64>,
}

impl Tally {
    /// Counts a contact's events, sorted or not.
    pub(super) fn of(events: &[Event], details: &Details) -> Self {
        let mut tally = Self {
            last_ms: events.iter().map(|event| event.at_ms).max(),
            ..Self::default()
        };
        for event in events {
            match event.kind {
                EventKind::PageView => {
                    tally.page_views += 1;
                    tally.pricing_views += u32::from(details.is_page(event.detail, Page::Pricing));
                }
                EventKind::FormSubmission => {
                    tally.forms += 1;
                    tally.bottom_forms += u32::from(details.is_bottom_funnel_form(event.detail));
                }
                EventKind::EmailOpen => tally.opens += 1,
                EventKind::EmailClick => tally.clicks += 1,
                EventKind::WebinarAttended => {}
            }
        }
        tally
    }
}
