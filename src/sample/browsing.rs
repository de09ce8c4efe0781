//! Page visits: what a contact reads while researching, while a deal is
//! open, as a customer, as a blog reader and as a job seeker.

use super::dates::{DAY_MS, HOUR_MS, days_ms};
use super::profile::EmailKind;
use super::recorder::{ContactView, Recorder};
use super::rng::Rng;

/// Page weights of research visits, in `PAGES` order: home, pricing, demo,
/// careers, blog, case study, product, docs. Interest moves views from the
/// home page to pricing, demo and proof. The blog is read in visits of its own
/// (see [`simulate_reading`]), so that reading it says nothing about buying.
fn evaluation_mix(interest: f64) -> [f64; 8] {
    [
        0.30 - 0.15 * interest,
        0.06 + 0.20 * interest,
        0.02 + 0.08 * interest,
        0.005,
        0.0,
        0.06 + 0.10 * interest,
        0.14 + 0.06 * interest,
        0.04 + 0.02 * interest,
    ]
}
/// While a deal is open: pricing, proof and product.
const DEAL_MIX: [f64; 8] = [0.05, 0.28, 0.05, 0.0, 0.0, 0.27, 0.25, 0.10];
/// Customers and our own staff use the product: docs and product pages.
const CUSTOMER_MIX: [f64; 8] = [0.12, 0.02, 0.0, 0.0, 0.0, 0.02, 0.32, 0.52];
/// Competitors study pricing and features.
const COMPETITOR_MIX: [f64; 8] = [0.10, 0.30, 0.08, 0.02, 0.10, 0.15, 0.20, 0.05];
/// Job seekers read the careers page.
const JOB_SEEKER_MIX: [f64; 8] = [0.20, 0.0, 0.0, 0.70, 0.05, 0.0, 0.05, 0.0];
/// Blog readers mostly stay on the blog.
const READER_MIX: [f64; 8] = [0.06, 0.0, 0.0, 0.0, 0.90, 0.0, 0.04, 0.0];

/// Browsing before any deal.
pub(super) fn simulate_research(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
    let interest = contact.latent.interest;
    let mix = match contact.profile.email_kind {
        EmailKind::Competitor => COMPETITOR_MIX,
        EmailKind::Own => CUSTOMER_MIX,
        _ => evaluation_mix(interest),
    };
    for _ in 0..rng.poisson(contact.latent.activity * (0.6 + 3.2 * interest)) {
        let start_ms = contact.research_time(rng);
        let pages = 1 + rng.poisson(1.0 + interest);
        recorder.session(rng, start_ms, pages, &mix);
    }
}

/// Visits while a deal is open.
pub(super) fn simulate_deal_phases(
    rng: &mut Rng,
    recorder: &mut Recorder,
    contact: &ContactView,
    end_ms: i64,
) {
    for deal in &contact.journey.deals {
        let span = (deal.closed_ms.unwrap_or(end_ms) - deal.created_ms).max(HOUR_MS);
        for _ in 0..rng.poisson(1.0 + 2.0 * contact.latent.interest) {
            let start_ms = deal.created_ms + rng.below(span as u64) as i64;
            let pages = 1 + rng.poisson(1.5);
            recorder.session(rng, start_ms, pages, &DEAL_MIX);
        }
    }
}

/// Customers keep using the product after the purchase: activity a snapshot
/// wrongly credits to the score.
pub(super) fn simulate_customer_phase(
    rng: &mut Rng,
    recorder: &mut Recorder,
    contact: &ContactView,
    end_ms: i64,
) {
    let Some(since_ms) = contact.journey.customer_since_ms else {
        return;
    };
    let span = end_ms - since_ms;
    if span <= 0 {
        return;
    }
    let months = span as f64 / (30.0 * DAY_MS as f64);
    let sessions = rng.poisson((1.2 * months * (0.5 + 0.5 * contact.latent.activity)).min(60.0));
    for _ in 0..sessions {
        let start_ms = since_ms + rng.below(span as u64) as i64;
        let pages = 1 + rng.poisson(1.5);
        recorder.session(rng, start_ms, pages, &CUSTOMER_MIX);
    }
}

/// Blog visits of their own, driven by a taste for reading that has nothing
/// to do with buying: the trap of "engages with our content" rules.
pub(super) fn simulate_reading(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
    let created_ms = contact.profile.created_ms;
    for _ in 0..rng.poisson(1.5 * contact.latent.reading) {
        // Most readers come back within months of signing up, few for years.
        let start_ms = created_ms + days_ms(rng.exponential(150.0));
        let pages = 1 + rng.poisson(0.8);
        recorder.session(rng, start_ms, pages, &READER_MIX);
    }
}

/// Job seekers read the careers page, whatever their employer buys.
pub(super) fn simulate_job_search(
    rng: &mut Rng,
    recorder: &mut Recorder,
    contact: &ContactView,
    end_ms: i64,
) {
    let created_ms = contact.profile.created_ms;
    if !contact.profile.job_seeker || end_ms <= created_ms {
        return;
    }
    for _ in 0..1 + rng.poisson(1.5) {
        let start_ms = created_ms + rng.below((end_ms - created_ms) as u64) as i64;
        let pages = 1 + rng.poisson(1.0);
        recorder.session(rng, start_ms, pages, &JOB_SEEKER_MIX);
    }
}
