//! Responses to the marketing e-mails every subscriber receives.

use super::dates::{DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, days_ms};
use super::event::EventKind;
use super::recorder::{ContactView, Recorder};
use super::rng::Rng;
use super::vocab::Page;
use super::world::EmailSend;

/// Opens and clicks of the monthly newsletter and campaign. Opted-out
/// contacts receive mail only until they unsubscribe.
pub(super) fn simulate_emails(
    rng: &mut Rng,
    recorder: &mut Recorder,
    sends: &[EmailSend],
    contact: &ContactView,
) {
    let profile = contact.profile;
    let interest = contact.latent.interest;
    let first = sends.partition_point(|send| send.at_ms < profile.created_ms);
    let unsubscribed_ms = profile
        .opted_out
        .then(|| profile.created_ms + days_ms(rng.between(7.0, 90.0)));
    for send in sends.get(first..).unwrap_or_default() {
        if unsubscribed_ms.is_some_and(|at_ms| send.at_ms > at_ms) {
            break;
        }
        let customer = contact
            .journey
            .customer_since_ms
            .is_some_and(|since_ms| send.at_ms >= since_ms);
        let customer_bonus = if customer { 0.15 } else { 0.0 };
        // Newsletters wear off: a subscriber of two years opens less than a new one.
        let age_days = (send.at_ms - profile.created_ms) as f64 / DAY_MS as f64;
        let fading = 0.15 + 0.85 * libm::exp(-age_days / 180.0);
        let open_probability =
            (contact.latent.email_affinity + 0.1 * interest) * fading + customer_bonus;
        if !rng.chance(open_probability.min(0.95)) {
            continue;
        }
        let opened_ms =
            send.at_ms + (rng.exponential(6.0) * HOUR_MS as f64) as i64 + rng.int_between(0, 999);
        recorder.record(opened_ms, EventKind::EmailOpen, send.campaign);
        // Content mails get curiosity clicks; offers get clicks from buyers.
        let click_probability = if send.landing == Page::Blog {
            0.08
        } else {
            0.04 + 0.25 * interest
        };
        if rng.chance(click_probability) {
            let clicked_ms = opened_ms + rng.int_between(5 * SECOND_MS, 3 * MINUTE_MS);
            recorder.record(clicked_ms, EventKind::EmailClick, send.campaign);
            if rng.chance(0.8) {
                let landing = recorder.details.page(rng, send.landing);
                recorder.record(
                    clicked_ms + rng.int_between(SECOND_MS, 3 * SECOND_MS),
                    EventKind::PageView,
                    landing,
                );
            }
        }
    }
}
