//! A contact's hidden buying intent and the deals it leads to.

use super::dates::{DAY_MS, HOUR_MS, days_ms};
use super::profile::{EmailKind, Profile};
use super::rng::{Rng, sigmoid};
use super::vocab::{COUNTRIES, INDUSTRIES, OPEN_DEAL_STAGES, SOURCES};

/// Average fit of the population; subtracting it centres intent on zero.
const AVERAGE_FIT: f64 = 0.45;
/// Logistic model of "this contact will open a deal", on intent.
const DEAL_BIAS: f64 = -3.45;
const DEAL_SLOPE: f64 = 1.2;
/// Logistic model of "this deal will be won", on intent.
const WIN_BIAS: f64 = -1.85;
const WIN_SLOPE: f64 = 0.8;

/// The hidden side of a contact.
pub(super) struct Latent {
    /// Buying intent: fit plus noise, centred on zero.
    pub(super) intent: f64,
    /// Intent squashed to (0, 1); shapes what the contact looks at.
    pub(super) interest: f64,
    /// How much the contact browses at all, whatever their intent.
    pub(super) activity: f64,
    /// How much the contact reads the blog, whatever their intent.
    pub(super) reading: f64,
    /// Probability of opening a marketing e-mail.
    pub(super) email_affinity: f64,
    /// No tracked activity at all (imported lists, blocked trackers).
    pub(super) silent: bool,
}

/// Draws the hidden side of a contact: intent from fit plus noise, and
/// habits (browsing, reading, e-mail) that do not depend on intent.
pub(super) fn draw_latent(rng: &mut Rng, profile: &Profile) -> Latent {
    let intent = profile_fit(profile) - AVERAGE_FIT + rng.normal();
    let browsing = match profile.email_kind {
        EmailKind::Competitor => 2.0,
        EmailKind::Own => 3.0,
        _ => 1.0,
    };
    Latent {
        intent,
        interest: sigmoid(intent),
        activity: rng.log_normal(0.0, 0.6).clamp(0.15, 5.0) * browsing,
        reading: rng.log_normal(0.0, 0.8).clamp(0.05, 6.0),
        email_affinity: rng.between(0.03, 0.5),
        silent: rng.chance(SOURCES[profile.source].silent_share),
    }
}

/// The ground truth a good rule set rediscovers: who fits the product.
fn profile_fit(profile: &Profile) -> f64 {
    let employees = match profile.employees {
        0..=9 => -0.8,
        10..=49 => -0.3,
        50..=199 => 0.2,
        200..=5_000 => 0.7,
        5_001..=20_000 => 0.2,
        _ => -0.2,
    };
    let opt_out = if profile.opted_out { -0.3 } else { 0.0 };
    let job_seeker = if profile.job_seeker { -1.0 } else { 0.0 };
    profile.job.seniority.fit()
        + profile.job.department.fit()
        + INDUSTRIES[profile.industry].fit
        + employees
        + COUNTRIES[profile.country].fit
        + profile.email_kind.fit()
        + SOURCES[profile.source].fit
        + profile.referrer.map_or(0.0, |referrer| referrer.fit)
        + opt_out
        + job_seeker
}

/// How a deal ended, or where it stands at the end of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DealOutcome {
    Won,
    Lost,
    /// Index into [`OPEN_DEAL_STAGES`].
    Open(usize),
}

impl DealOutcome {
    /// The CRM's deal stage text.
    pub(super) fn stage(self) -> &'static str {
        match self {
            Self::Won => "closedwon",
            Self::Lost => "closedlost",
            Self::Open(stage) => OPEN_DEAL_STAGES
                .get(stage)
                .copied()
                .unwrap_or("appointmentscheduled"),
        }
    }
}

/// One deal of a contact, as the CRM holds it at the end of the period.
pub(super) struct Deal {
    pub(super) created_ms: i64,
    pub(super) closed_ms: Option<i64>,
    pub(super) outcome: DealOutcome,
    pub(super) amount_dollars: Option<u64>,
}

/// A contact's path through the funnel.
pub(super) struct Journey {
    /// End of the research phase: the first deal, or when interest fades.
    /// May lie after the period (the deal is still to come).
    pub(super) evaluation_end_ms: i64,
    /// Creation of the first deal, even after the period.
    pub(super) first_deal_ms: Option<i64>,
    /// The deals created within the period.
    pub(super) deals: Vec<Deal>,
    /// Close of the first won deal.
    pub(super) customer_since_ms: Option<i64>,
}

/// Draws whether the contact opens deals, when, and how they end: at
/// most two deals in the period (a repurchase after a win, a retry after a
/// loss).
pub(super) fn draw_journey(
    rng: &mut Rng,
    profile: &Profile,
    latent: &Latent,
    end_ms: i64,
) -> Journey {
    let created_ms = profile.created_ms;
    let deal_bound =
        profile.email_kind.can_buy() && rng.chance(sigmoid(DEAL_BIAS + DEAL_SLOPE * latent.intent));
    if !deal_bound {
        let evaluation_end_ms = created_ms + days_ms(1.0 + rng.exponential(120.0));
        return Journey {
            evaluation_end_ms,
            first_deal_ms: None,
            deals: Vec::new(),
            customer_since_ms: None,
        };
    }
    let lead_days = 3.0 + rng.exponential(50.0);
    let first_deal_ms = office_hours(rng, created_ms + days_ms(lead_days));
    let mut journey = Journey {
        evaluation_end_ms: first_deal_ms,
        first_deal_ms: Some(first_deal_ms),
        deals: Vec::new(),
        customer_since_ms: None,
    };
    let win_probability = sigmoid(WIN_BIAS + WIN_SLOPE * latent.intent);
    // (creation, probability of winning, share of a full deal's amount)
    let mut next = Some((first_deal_ms, win_probability, 1.0));
    while let Some((deal_ms, probability, amount_share)) = next.take() {
        if deal_ms >= end_ms || journey.deals.len() >= 2 {
            break;
        }
        let cycle_days = 10.0 + rng.exponential(45.0);
        let close_ms = office_hours(rng, deal_ms + days_ms(cycle_days));
        let won = rng.chance(probability);
        let amount_dollars = draw_amount(rng, profile.employees, amount_share);
        let (outcome, closed_ms) = if close_ms >= end_ms {
            // Deals still open at the end stand as far along as their time allows.
            let progress = (end_ms - deal_ms) as f64 / (close_ms - deal_ms) as f64;
            (
                DealOutcome::Open((progress * OPEN_DEAL_STAGES.len() as f64) as usize),
                None,
            )
        } else if won {
            (DealOutcome::Won, Some(close_ms))
        } else {
            (DealOutcome::Lost, Some(close_ms))
        };
        journey.deals.push(Deal {
            created_ms: deal_ms,
            closed_ms,
            outcome,
            amount_dollars,
        });
        match (outcome, closed_ms) {
            (DealOutcome::Won, Some(closed)) => {
                journey.customer_since_ms.get_or_insert(closed);
                if rng.chance(0.12) {
                    next = Some((closed + days_ms(60.0 + rng.exponential(120.0)), 0.75, 0.4));
                }
            }
            (DealOutcome::Lost, Some(closed)) if rng.chance(0.15) => {
                next = Some((
                    closed + days_ms(30.0 + rng.exponential(120.0)),
                    probability,
                    1.0,
                ));
            }
            _ => {}
        }
    }
    journey
}

/// Deal size grows with company size, less than proportionally.
fn draw_amount(rng: &mut Rng, employees: u32, share: f64) -> Option<u64> {
    if rng.chance(0.03) {
        return None;
    }
    let size = libm::pow(f64::from(employees.max(1)) / 50.0, 0.45);
    let dollars = 6_000.0 * size * share * rng.log_normal(0.0, 0.35);
    Some(((dollars / 100.0).round() * 100.0).clamp(1_500.0, 400_000.0) as u64)
}

/// The same day, at a random time between 09:00 and 17:00.
fn office_hours(rng: &mut Rng, ms: i64) -> i64 {
    ms.div_euclid(DAY_MS) * DAY_MS + rng.int_between(9 * HOUR_MS, 17 * HOUR_MS)
}
