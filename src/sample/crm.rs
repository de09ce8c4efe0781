//! The CRM snapshot at the end of the period: lifecycle stage, lead status
//! and sales feedback, which follow the deals and so leak the outcome.

use super::journey::{DealOutcome, Journey, Latent};
use super::profile::{EmailKind, Profile};
use super::recorder::Tally;
use super::rng::Rng;
use super::vocab::lifecycle;

/// Fields the CRM fills in over time, as they stand at the end.
pub(super) struct CrmStatus {
    pub(super) lifecycle: &'static str,
    pub(super) lead_status: Option<&'static str>,
    pub(super) feedback: Option<&'static str>,
}

/// The sales team's feedback values, as their CRM property spells them.
const TRUE_SQL: &str = "True SQL";
const NOT_READY: &str = "Not ready";
const UNQUALIFIED: &str = "Unqualified";

/// The CRM fields of a contact: a deal decides the stage; without one, the
/// old scoring model's hand-over and sales' verdict do.
pub(super) fn draw_crm_status(
    rng: &mut Rng,
    profile: &Profile,
    latent: &Latent,
    journey: &Journey,
    tally: &Tally,
) -> CrmStatus {
    let has =
        |outcome: fn(DealOutcome) -> bool| journey.deals.iter().any(|deal| outcome(deal.outcome));
    let deal_feedback =
        |rng: &mut Rng| [Some(TRUE_SQL), Some(NOT_READY), None][rng.weighted(&[85.0, 7.0, 8.0])];
    if has(|outcome| outcome == DealOutcome::Won) {
        let lead_status = [Some("CONNECTED"), None][rng.weighted(&[70.0, 30.0])];
        return CrmStatus {
            lifecycle: lifecycle::CUSTOMER,
            lead_status,
            feedback: deal_feedback(rng),
        };
    }
    if has(|outcome| matches!(outcome, DealOutcome::Open(_))) {
        let lead_status = ["IN_PROGRESS", "CONNECTED"][rng.weighted(&[70.0, 30.0])];
        return CrmStatus {
            lifecycle: lifecycle::OPPORTUNITY,
            lead_status: Some(lead_status),
            feedback: deal_feedback(rng),
        };
    }
    if has(|outcome| outcome == DealOutcome::Lost) {
        let lead_status =
            ["UNQUALIFIED", "BAD_TIMING", "CONNECTED"][rng.weighted(&[30.0, 50.0, 20.0])];
        return CrmStatus {
            lifecycle: lifecycle::SQL,
            lead_status: Some(lead_status),
            feedback: deal_feedback(rng),
        };
    }
    status_without_deal(rng, profile, latent, tally)
}

/// The status of a contact who never had a deal: handed over to sales (and
/// judged by them), or still with marketing at some stage of nurturing.
fn status_without_deal(
    rng: &mut Rng,
    profile: &Profile,
    latent: &Latent,
    tally: &Tally,
) -> CrmStatus {
    // The old scoring model's idea of a marketing-qualified lead.
    let engaged = tally.bottom_forms > 0
        || tally.page_views >= 20
        || (tally.pricing_views >= 2 && tally.forms >= 1);
    let handed_over = tally.bottom_forms > 0 || (engaged && rng.chance(0.5));
    if handed_over {
        return sales_verdict(rng, profile, latent);
    }
    let (lifecycle, statuses, weights): (_, [Option<&str>; 3], [f64; 3]) = if engaged {
        (
            lifecycle::MQL,
            [Some("NEW"), Some("OPEN"), None],
            [50.0, 30.0, 20.0],
        )
    } else if tally.forms > 0 {
        (
            lifecycle::LEAD,
            [Some("NEW"), Some("OPEN"), None],
            [45.0, 15.0, 40.0],
        )
    } else if tally.last_ms.is_none() && rng.chance(0.5) {
        (
            lifecycle::LEAD,
            [Some("NEW"), None, None],
            [40.0, 60.0, 0.0],
        )
    } else {
        (
            lifecycle::SUBSCRIBER,
            [Some("NEW"), None, None],
            [15.0, 85.0, 0.0],
        )
    };
    CrmStatus {
        lifecycle,
        lead_status: statuses[rng.weighted(&weights)],
        feedback: None,
    }
}

/// Sales' verdict on a hand-over without a deal: good fits are called true
/// SQLs, poor ones unqualified; some verdicts are never entered.
fn sales_verdict(rng: &mut Rng, profile: &Profile, latent: &Latent) -> CrmStatus {
    let interest = latent.interest;
    let poor_address = if matches!(profile.email_kind, EmailKind::Company) {
        0.0
    } else {
        0.6
    };
    let feedback = if rng.chance(0.15) {
        None
    } else {
        let weights = [
            0.05 + 0.45 * interest,
            0.35,
            0.6 * (1.0 - interest) + poor_address,
        ];
        Some([TRUE_SQL, NOT_READY, UNQUALIFIED][rng.weighted(&weights)])
    };
    let (lifecycle, lead_status) = match feedback {
        Some(TRUE_SQL) => (
            lifecycle::SQL,
            ["CONNECTED", "IN_PROGRESS"][rng.weighted(&[50.0, 50.0])],
        ),
        Some(NOT_READY) => (lifecycle::MQL, "BAD_TIMING"),
        Some(_) => (lifecycle::MQL, "UNQUALIFIED"),
        None => (
            lifecycle::MQL,
            ["ATTEMPTED_TO_CONTACT", "OPEN", "NEW"][rng.weighted(&[50.0, 30.0, 20.0])],
        ),
    };
    CrmStatus {
        lifecycle,
        lead_status: Some(lead_status),
        feedback,
    }
}
