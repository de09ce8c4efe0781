//! Form submissions: the conversion that creates a contact, content
//! downloads, webinars and the bottom-of-funnel hand-raisers.

use super::dates::{MINUTE_MS, SECOND_MS, days_ms};
use super::event::EventKind;
use super::profile::EmailKind;
use super::recorder::{ContactView, Recorder};
use super::rng::Rng;
use super::vocab::{Form, Page, SOURCES};

/// The visit and the form that created the contact.
pub(super) fn simulate_conversion(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
    let source = &SOURCES[contact.profile.source];
    let landing_ms = contact.profile.created_ms + rng.int_between(SECOND_MS, MINUTE_MS);
    let landing = recorder.details.page(rng, source.landing);
    recorder.record(landing_ms, EventKind::PageView, landing);
    if !source.converts_on_form {
        return;
    }
    let form_ms = landing_ms + rng.int_between(MINUTE_MS, 8 * MINUTE_MS);
    match rng.weighted(&[36.0, 36.0, 16.0, 12.0]) {
        0 => recorder.form(form_ms, Form::MarketingChecklist),
        1 => recorder.form(form_ms, Form::LeadScoringEbook),
        2 => recorder.form(form_ms, Form::BuyersGuide),
        _ => register_for_webinar(rng, recorder, form_ms, contact.latent.interest),
    }
}

/// Content downloads (independent of intent), mid-funnel forms and webinars
/// (driven by it), and hand-raisers.
pub(super) fn simulate_forms(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
    let interest = contact.latent.interest;
    for _ in 0..rng.poisson(0.25 * contact.latent.activity) {
        let form = if rng.chance(0.5) {
            Form::MarketingChecklist
        } else {
            Form::LeadScoringEbook
        };
        let at_ms = contact.research_time(rng);
        recorder.form(at_ms, form);
    }
    for _ in 0..rng.poisson(0.02 + 0.25 * interest) {
        let at_ms = contact.research_time(rng);
        recorder.form(at_ms, Form::BuyersGuide);
    }
    for _ in 0..rng.poisson(0.03 + 0.30 * interest) {
        let at_ms = contact.research_time(rng);
        register_for_webinar(rng, recorder, at_ms, interest);
    }
    simulate_hand_raise(rng, recorder, contact);
}

/// A webinar registration, and attendance for some (more of the interested).
fn register_for_webinar(rng: &mut Rng, recorder: &mut Recorder, at_ms: i64, interest: f64) {
    recorder.form(at_ms, Form::WebinarRegistration);
    if rng.chance(0.3 + 0.4 * interest) {
        let webinar_ms = at_ms + days_ms(rng.between(1.0, 14.0));
        let title = recorder.details.webinar(rng);
        recorder.record(webinar_ms, EventKind::WebinarAttended, title);
    }
}

/// Bottom-of-funnel forms: most future buyers ask shortly before their deal
/// is created; a few others ask and never buy; competitors ask for prices.
fn simulate_hand_raise(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
    const BOTTOM: [Form; 3] = [Form::DemoRequest, Form::ContactSales, Form::PricingRequest];
    let created_ms = contact.profile.created_ms;
    match (contact.journey.first_deal_ms, contact.profile.email_kind) {
        (Some(deal_ms), _) => {
            if rng.chance(0.7) {
                let at_ms = if rng.chance(0.9) {
                    deal_ms - days_ms(rng.between(0.5, 12.0))
                } else {
                    deal_ms + days_ms(rng.between(0.1, 3.0))
                };
                let form = BOTTOM[rng.weighted(&[55.0, 25.0, 20.0])];
                request(rng, recorder, at_ms.max(created_ms + 10 * MINUTE_MS), form);
            }
        }
        (None, EmailKind::Competitor) => {
            if rng.chance(0.25) {
                let at_ms = contact.research_time(rng);
                request(rng, recorder, at_ms, Form::PricingRequest);
            }
            if rng.chance(0.08) {
                let at_ms = contact.research_time(rng);
                request(rng, recorder, at_ms, Form::DemoRequest);
            }
        }
        (None, _) => {
            let interest = contact.latent.interest;
            if rng.chance(0.01 + 0.10 * interest * interest) {
                let form = BOTTOM[rng.weighted(&[40.0, 25.0, 35.0])];
                let at_ms = contact.research_time(rng);
                request(rng, recorder, at_ms, form);
            }
        }
    }
}

/// A bottom-of-funnel form, with a view of the page it sits on just before.
fn request(rng: &mut Rng, recorder: &mut Recorder, at_ms: i64, form: Form) {
    let page = match form {
        Form::DemoRequest => Page::Demo,
        Form::PricingRequest => Page::Pricing,
        _ => Page::Home,
    };
    let page_ms = at_ms - rng.int_between(MINUTE_MS, 5 * MINUTE_MS);
    let detail = recorder.details.page(rng, page);
    recorder.record(page_ms, EventKind::PageView, detail);
    recorder.form(at_ms, form);
}
