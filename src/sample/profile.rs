//! Who a contact is: name, address, job, employer and creation time.

use std::fmt::Write as _;

use super::dates::{DAY_MS, HOUR_MS, MINUTE_MS, is_weekend};
use super::rng::Rng;
use super::vocab::{
    ACADEMIC_TITLES, COMPETITORS, EDUCATION_DOMAINS, EDUCATION_INDUSTRY, FIRST_NAMES,
    FREE_MAIL_DOMAINS, INDUSTRIES, JOB_TITLES, JobTitle, LAST_NAMES, OWN_DOMAIN, Referrer,
    SOFTWARE_INDUSTRY, SOURCES, Seniority, UNITED_STATES,
};
use super::world::{Context, Period, Tables};

/// What kind of address a contact signed up with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EmailKind {
    Company,
    FreeMail,
    Education,
    Competitor,
    Own,
}

impl EmailKind {
    /// Contribution to buying intent: private and university addresses rarely
    /// buy; competitors and our own staff never do.
    pub(super) fn fit(self) -> f64 {
        match self {
            Self::Company => 0.0,
            Self::FreeMail => -1.0,
            Self::Education => -1.5,
            Self::Competitor | Self::Own => -6.0,
        }
    }

    /// Whether a contact with this address can open a deal at all.
    pub(super) fn can_buy(self) -> bool {
        !matches!(self, Self::Competitor | Self::Own)
    }
}

/// The visible properties of a contact.
pub(super) struct Profile {
    pub(super) first_name: &'static str,
    pub(super) last_name: &'static str,
    pub(super) email: String,
    pub(super) email_kind: EmailKind,
    pub(super) job: JobTitle,
    pub(super) industry: usize,
    pub(super) country: usize,
    pub(super) employees: u32,
    pub(super) annual_revenue_dollars: u64,
    pub(super) source: usize,
    pub(super) referrer: Option<Referrer>,
    pub(super) opted_out: bool,
    pub(super) job_seeker: bool,
    pub(super) created_ms: i64,
}

/// Where a contact works, as far as the CRM can tell.
struct Employer<'a> {
    domain: &'a str,
    industry: usize,
    country: usize,
    employees: u32,
    revenue_per_employee_dollars: f64,
}

/// Draws who a contact is. All of a contact's draws share one stream, so
/// adding or reordering a draw here changes everything drawn after it.
pub(super) fn draw_profile(rng: &mut Rng, context: &Context) -> Profile {
    let tables = &context.tables;
    let mut email_kind = match rng.weighted(&[78.5, 15.0, 4.0, 1.5, 1.0]) {
        0 => EmailKind::Company,
        1 => EmailKind::FreeMail,
        2 => EmailKind::Education,
        3 => EmailKind::Competitor,
        _ => EmailKind::Own,
    };
    let first_name = *rng.pick(FIRST_NAMES);
    let last_name = *rng.pick(LAST_NAMES);
    let employer = draw_employer(rng, context, email_kind);
    let job = if email_kind == EmailKind::Education {
        ACADEMIC_TITLES[rng.weighted(&tables.academic_titles)]
    } else {
        JOB_TITLES[rng.weighted(&tables.titles)]
    };
    // Students and interns mostly sign up privately, even when at a company.
    if email_kind == EmailKind::Company && job.seniority == Seniority::Student && rng.chance(0.5) {
        email_kind = EmailKind::FreeMail;
    }
    let email = draw_email(
        rng,
        first_name,
        last_name,
        email_kind,
        employer.domain,
        tables,
    );
    let revenue = f64::from(employer.employees) * employer.revenue_per_employee_dollars;
    let source = rng.weighted(&tables.sources);
    let referrers = SOURCES[source].referrers;
    let referrer = (!referrers.is_empty() && rng.chance(SOURCES[source].referrer_share))
        .then(|| referrers[rng.weighted(&tables.referrers[source])]);
    let opted_out = rng.chance(0.06);
    let job_seeker = match job.seniority {
        Seniority::IndividualContributor | Seniority::Student => rng.chance(0.08),
        _ => rng.chance(0.01),
    };
    Profile {
        first_name,
        last_name,
        email,
        email_kind,
        job,
        industry: employer.industry,
        country: employer.country,
        employees: employer.employees,
        annual_revenue_dollars: ((revenue / 1_000.0).round() * 1_000.0) as u64,
        source,
        referrer,
        opted_out,
        job_seeker,
        created_ms: draw_created_ms(rng, &context.period),
    }
}

/// The employer behind the address: a university, a competitor, us, or
/// one of the shared companies.
fn draw_employer<'a>(rng: &mut Rng, context: &'a Context, kind: EmailKind) -> Employer<'a> {
    let software_revenue = INDUSTRIES[SOFTWARE_INDUSTRY].revenue_per_employee_dollars;
    match kind {
        EmailKind::Education => {
            let (domain, country) = *rng.pick(EDUCATION_DOMAINS);
            Employer {
                domain,
                industry: EDUCATION_INDUSTRY,
                country,
                employees: rng.int_between(2_000, 20_000) as u32,
                revenue_per_employee_dollars: INDUSTRIES[EDUCATION_INDUSTRY]
                    .revenue_per_employee_dollars,
            }
        }
        EmailKind::Competitor => {
            let (domain, employees, country) = *rng.pick(COMPETITORS);
            let industry = SOFTWARE_INDUSTRY;
            Employer {
                domain,
                industry,
                country,
                employees,
                revenue_per_employee_dollars: software_revenue,
            }
        }
        EmailKind::Own => Employer {
            domain: OWN_DOMAIN,
            industry: SOFTWARE_INDUSTRY,
            country: UNITED_STATES,
            employees: 85,
            revenue_per_employee_dollars: software_revenue,
        },
        EmailKind::Company | EmailKind::FreeMail => {
            // ok: there is at least one company, and `pick` stays in range.
            let company = rng.pick(&context.companies);
            Employer {
                domain: &company.domain,
                industry: company.industry,
                country: company.country,
                employees: company.employees,
                revenue_per_employee_dollars: company.revenue_per_employee_dollars,
            }
        }
    }
}

/// An address in one of the usual shapes (first.last, flast, first).
fn draw_email(
    rng: &mut Rng,
    first: &str,
    last: &str,
    kind: EmailKind,
    company_domain: &str,
    tables: &Tables,
) -> String {
    let mut email = String::with_capacity(48);
    match rng.weighted(&[80.0, 12.0, 8.0]) {
        0 => {
            push_email_part(&mut email, first);
            email.push('.');
            push_email_part(&mut email, last);
        }
        1 => {
            push_email_part(&mut email, first.get(..1).unwrap_or_default());
            push_email_part(&mut email, last);
        }
        _ => push_email_part(&mut email, first),
    }
    let domain = if kind == EmailKind::FreeMail {
        if rng.chance(0.4) {
            // Writing to a String cannot fail.
            let _ = write!(email, "{}", rng.int_between(1, 99));
        }
        FREE_MAIL_DOMAINS[rng.weighted(&tables.free_mail)].0
    } else {
        company_domain
    };
    email.push('@');
    email.push_str(domain);
    email
}

/// Lower-case ASCII letters only: "de Vries" → "devries".
fn push_email_part(email: &mut String, name: &str) {
    email.extend(
        name.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase()),
    );
}

/// A creation time, minute resolution, in office hours mostly, on weekdays
/// mostly, with later months busier (the marketing team grows).
fn draw_created_ms(rng: &mut Rng, period: &Period) -> i64 {
    const GROWTH: f64 = 0.6;
    let total_days = ((period.end_ms - period.start_ms) / DAY_MS).max(1);
    let mut day = 0;
    for _ in 0..2 {
        // Inverse of the CDF of the density (1 + GROWTH t) on [0, 1).
        let u = rng.unit();
        let t = ((1.0 + 2.0 * GROWTH * u * (1.0 + GROWTH / 2.0)).sqrt() - 1.0) / GROWTH;
        day = ((t * total_days as f64) as i64).clamp(0, total_days - 1);
        // Most weekend days are drawn again: fewer people sign up at weekends.
        if !is_weekend(period.start_ms + day * DAY_MS) || !rng.chance(0.6) {
            break;
        }
    }
    let hour = if rng.chance(0.8) {
        rng.int_between(8, 18)
    } else {
        rng.int_between(0, 23)
    };
    period.start_ms + day * DAY_MS + hour * HOUR_MS + rng.int_between(0, 59) * MINUTE_MS
}
