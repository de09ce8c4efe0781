//! A contact's tracked activity: the order in which the phases of a
//! journey are simulated.

use super::browsing::{
    simulate_customer_phase, simulate_deal_phases, simulate_job_search, simulate_reading,
    simulate_research,
};
use super::email::simulate_emails;
use super::event::Event;
use super::forms::{simulate_conversion, simulate_forms};
use super::journey::{Journey, Latent};
use super::profile::Profile;
use super::recorder::{ContactView, Recorder};
use super::rng::Rng;
use super::world::Context;

/// Fills `events` with the contact's activity, sorted by time.
pub(super) fn simulate_activity(
    rng: &mut Rng,
    context: &Context,
    profile: &Profile,
    latent: &Latent,
    journey: &Journey,
    events: &mut Vec<Event>,
) {
    events.clear();
    if latent.silent {
        return;
    }
    let end_ms = context.period.end_ms;
    let mut recorder = Recorder {
        details: &context.details,
        from_ms: profile.created_ms,
        until_ms: end_ms,
        events: &mut *events,
    };
    let contact = ContactView {
        profile,
        latent,
        journey,
    };
    simulate_conversion(rng, &mut recorder, &contact);
    simulate_research(rng, &mut recorder, &contact);
    simulate_forms(rng, &mut recorder, &contact);
    simulate_deal_phases(rng, &mut recorder, &contact, end_ms);
    simulate_customer_phase(rng, &mut recorder, &contact, end_ms);
    simulate_emails(rng, &mut recorder, &context.period.sends, &contact);
    simulate_reading(rng, &mut recorder, &contact);
    simulate_job_search(rng, &mut recorder, &contact, end_ms);
    events.sort_unstable_by_key(|event| (event.at_ms, event.kind, event.detail));
}
