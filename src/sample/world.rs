//! The world every contact is drawn from: the vocabulary weights, the
//! period with its e-mail calendar, and the companies contacts work for.

use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::*;

use super::SampleOptions;
use super::dates::{DAY_MS, HOUR_MS, date_ms};
use super::event::EventKind;
use super::rng::Rng;
use super::vocab::{
    ACADEMIC_TITLES, COMPANY_PREFIXES, COUNTRIES, Details, FREE_MAIL_DOMAINS, INDUSTRIES,
    JOB_TITLES, Page, SOFTWARE_INDUSTRY, SOURCES, UNITED_STATES, campaign_landing,
};

/// Company streams use the upper half of the stream numbers, contacts the lower.
const COMPANY_STREAM_BASE: u64 = 1 << 63;
/// Contacts per company: several people of one account show up, as in B2B.
const CONTACTS_PER_COMPANY: usize = 3;

/// Weights of the vocabulary tables, computed once.
pub(super) struct Tables {
    pub(super) industries: Vec<f64>,
    pub(super) countries: Vec<f64>,
    pub(super) titles: Vec<f64>,
    pub(super) academic_titles: Vec<f64>,
    pub(super) sources: Vec<f64>,
    pub(super) referrers: Vec<Vec<f64>>,
    pub(super) free_mail: Vec<f64>,
}

impl Tables {
    /// The weights, in the vocabulary's order.
    fn new() -> Self {
        Self {
            industries: INDUSTRIES.iter().map(|industry| industry.weight).collect(),
            countries: COUNTRIES.iter().map(|country| country.weight).collect(),
            titles: JOB_TITLES.iter().map(|title| title.weight).collect(),
            academic_titles: ACADEMIC_TITLES.iter().map(|title| title.weight).collect(),
            sources: SOURCES.iter().map(|source| source.weight).collect(),
            referrers: SOURCES
                .iter()
                .map(|source| source.referrers.iter().map(|r| r.weight).collect())
                .collect(),
            free_mail: FREE_MAIL_DOMAINS
                .iter()
                .map(|(_, weight)| *weight)
                .collect(),
        }
    }
}

/// A marketing e-mail sent to every subscriber at once.
#[derive(Debug, Clone, Copy)]
pub(super) struct EmailSend {
    pub(super) at_ms: i64,
    pub(super) campaign: u32,
    pub(super) landing: Page,
}

/// The history's time span and its e-mail calendar.
pub(super) struct Period {
    pub(super) start_ms: i64,
    pub(super) end_ms: i64,
    pub(super) sends: Vec<EmailSend>,
}

/// A company several contacts may work for.
pub(super) struct Company {
    pub(super) domain: String,
    pub(super) industry: usize,
    pub(super) country: usize,
    pub(super) employees: u32,
    pub(super) revenue_per_employee_dollars: f64,
}

/// Everything shared by all contacts of one generation.
pub(super) struct Context {
    pub(super) tables: Tables,
    pub(super) period: Period,
    pub(super) details: Details,
    pub(super) companies: Vec<Company>,
    /// The event columns' texts, once: events gather from these by index,
    /// sharing their bytes instead of copying millions of strings.
    pub(super) detail_texts: StringChunked,
    pub(super) event_type_texts: StringChunked,
}

impl Context {
    /// The world of one generation: period, e-mail calendar, companies.
    pub(super) fn new(options: &SampleOptions) -> Self {
        let tables = Tables::new();
        let months = options.months.max(1);
        // Only dates near the end of chrono's range have no month after them.
        let end = options
            .start
            .checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX);
        let month_starts: Vec<NaiveDate> = (0..months)
            .map_while(|offset| options.start.checked_add_months(Months::new(offset)))
            .collect();
        let labels: Vec<String> = month_starts
            .iter()
            .map(|month| format!("{:04}-{:02}", month.year(), month.month()))
            .collect();
        let details = Details::new(&labels);
        let end_ms = date_ms(end);
        let mut sends = Vec::with_capacity(2 * month_starts.len());
        for (n, month) in month_starts.iter().enumerate() {
            let month_ms = date_ms(*month);
            let newsletter = month_ms + 9 * DAY_MS + 9 * HOUR_MS;
            sends.push(EmailSend {
                at_ms: newsletter,
                campaign: details.newsletter(n),
                landing: Page::Blog,
            });
            let campaign = month_ms + 19 * DAY_MS + 14 * HOUR_MS;
            sends.push(EmailSend {
                at_ms: campaign,
                campaign: details.campaign(n),
                landing: campaign_landing(n),
            });
        }
        sends.retain(|send| send.at_ms < end_ms);
        let company_count = (options.contacts / CONTACTS_PER_COMPANY).max(1);
        let companies = (0..company_count)
            .map(|index| draw_company(options.seed, index, &tables))
            .collect();
        let period = Period {
            start_ms: date_ms(options.start),
            end_ms,
            sends,
        };
        let detail_texts = StringChunked::from_iter_values(PlSmallStr::EMPTY, details.texts());
        let event_type_texts = StringChunked::from_iter_values(
            PlSmallStr::EMPTY,
            EventKind::ALL.iter().map(|kind| kind.label()),
        );
        Self {
            tables,
            period,
            details,
            companies,
            detail_texts,
            event_type_texts,
        }
    }
}

/// Company `index`, from its own random stream so that it does not depend
/// on the contacts drawn before it.
fn draw_company(seed: u64, index: usize, tables: &Tables) -> Company {
    let mut rng = Rng::stream(seed, COMPANY_STREAM_BASE | index as u64);
    let industry = rng.weighted(&tables.industries);
    let country = rng.weighted(&tables.countries);
    let prefix = rng.pick(COMPANY_PREFIXES);
    let suffix = rng.pick(INDUSTRIES[industry].name_suffixes);
    let tld = if industry == SOFTWARE_INDUSTRY && rng.chance(0.25) {
        ".io"
    } else if country == UNITED_STATES || rng.chance(0.5) {
        ".com"
    } else {
        COUNTRIES[country].tld
    };
    let domain = format!("{}-{}{}", domain_part(prefix), domain_part(suffix), tld);
    let employees = rng
        .log_normal(libm::log(150.0), 1.7)
        .round()
        .clamp(1.0, 50_000.0) as u32;
    let revenue_per_employee_dollars =
        INDUSTRIES[industry].revenue_per_employee_dollars * rng.log_normal(0.0, 0.35);
    Company {
        domain,
        industry,
        country,
        employees,
        revenue_per_employee_dollars,
    }
}

/// Lower-case, hyphens for spaces: "Public Services" → "public-services".
fn domain_part(text: &str) -> String {
    text.to_ascii_lowercase().replace(' ', "-")
}
