//! The deterministic sample-history generator behind `leadscore sample` and
//! the files in `sample_data/`.
//!
//! It invents the CRM of a company selling a B2B lead-scoring tool: contacts
//! that look like a HubSpot export (every value a string, with gaps and
//! placeholders), their tracked activity (page views, forms, e-mails,
//! webinars) and their deals. A hidden buying intent per contact drives both
//! the activity and the deals, so that sensible rules find real signal and
//! fashionable bad ones find little. Snapshot fields (lifecycle stage, sales
//! feedback, activity after the purchase) leak the outcome on purpose, so that
//! a back-test has something to avoid.
//!
//! Every contact draws from its own random stream (`Rng::stream`) and
//! only IEEE-exact arithmetic is used, so the same options give byte-identical
//! files on every platform, and a contact's person (name, title, dates) stays
//! the same when more contacts are asked for.

mod rng;
mod vocab;

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::num::NonZeroUsize;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::*;

use rng::{Rng, exp, ln, sigmoid};
use vocab::{
    ACADEMIC_TITLES, COMPANY_PREFIXES, COMPETITORS, COUNTRIES, Details, EDUCATION_DOMAINS,
    EDUCATION_INDUSTRY, FIRST_NAMES, FREE_MAIL_DOMAINS, Form, INDUSTRIES, JOB_TITLES, JobTitle,
    LAST_NAMES, OPEN_DEAL_STAGES, OWN_DOMAIN, PAGES, Page, Referrer, SOFTWARE_INDUSTRY, SOURCES,
    Seniority, UNITED_STATES, campaign_landing, lifecycle,
};

/// A generated B2B history: the three tables a user brings to the app.
#[derive(Debug, Clone)]
pub struct SampleHistory {
    /// One row per contact; every column is a string, as in a CRM export.
    pub contacts: DataFrame,
    /// One row per tracked activity, sorted by contact then time.
    pub events: DataFrame,
    /// One row per deal, sorted by contact then creation.
    pub deals: DataFrame,
}

/// Options of the generator.
#[derive(Debug, Clone)]
pub struct SampleOptions {
    /// Seed of every random draw; the same options give the same history.
    pub seed: u64,
    /// Number of contacts to generate.
    pub contacts: usize,
    /// First day of the history.
    pub start: NaiveDate,
    /// Length of the history in calendar months (at least one is used).
    pub months: u32,
}

/// 2024-01-01, evaluated when compiling; the fallback arm is dead code that
/// spares `Default` a panic path (a test pins the date).
const DEFAULT_START: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            seed: 42,
            contacts: 10_000,
            start: DEFAULT_START,
            months: 24,
        }
    }
}

/// Errors of the generator.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// Polars refused the generated columns.
    #[error("could not build the {table} table: {source}")]
    Frame {
        /// "contacts", "events" or "deals".
        table: &'static str,
        /// What polars said.
        source: PolarsError,
    },
    /// A file could not be written.
    #[error("could not write {path}: {message}")]
    Write {
        /// The file (or directory) that could not be written.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
/// HubSpot record ids of a young portal look like this.
const FIRST_RECORD_ID: usize = 100_001;
const FIRST_DEAL_NUMBER: usize = 100_001;
/// Company streams use the upper half of the stream numbers, contacts the lower.
const COMPANY_STREAM_BASE: u64 = 1 << 63;
/// Contacts per company: several people of one account show up, as in B2B.
const CONTACTS_PER_COMPANY: usize = 3;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;
/// Used only to reserve memory for the event columns.
const EXPECTED_EVENTS_PER_CONTACT: usize = 18;

/// Average fit of the population; subtracting it centres intent on zero.
const AVERAGE_FIT: f64 = 0.45;
/// Logistic model of "this contact will open a deal", on intent.
const DEAL_BIAS: f64 = -3.45;
const DEAL_SLOPE: f64 = 1.2;
/// Logistic model of "this deal will be won", on intent.
const WIN_BIAS: f64 = -1.85;
const WIN_SLOPE: f64 = 0.8;

/// Generates a history; the same options always give the same frames.
pub fn generate(options: &SampleOptions) -> Result<SampleHistory, SampleError> {
    let context = Context::new(options);
    let parts = generate_parts(&context, options)?;
    let contacts = stack(parts.iter().map(|part| &part.contacts), "contacts")?;
    let events = stack(parts.iter().map(|part| &part.events), "events")?;
    let mut deals = stack(parts.iter().map(|part| &part.deals), "deals")?;
    // Deal numbers run across parts, so they are given once the parts are joined.
    let deal_ids: Vec<String> = (0..deals.height())
        .map(|index| format!("D{}", FIRST_DEAL_NUMBER + index))
        .collect();
    deals
        .insert_column(0, Column::new(DEAL_HEADERS[0].into(), deal_ids))
        .map_err(|source| SampleError::Frame {
            table: "deals",
            source,
        })?;
    Ok(SampleHistory {
        contacts,
        events,
        deals,
    })
}

/// Contacts per unit of work: large enough that a thread pays off, small
/// enough to keep the cores evenly busy.
const ROWS_PER_PART: usize = 25_000;

/// The tables of one range of contacts.
struct Part {
    contacts: DataFrame,
    events: DataFrame,
    /// Without the "Deal ID" column, which is numbered over all parts.
    deals: DataFrame,
}

/// Generates the contacts in ranges, on all cores, and returns the parts in
/// order. Every contact has its own random stream, so the split and the
/// number of threads change nothing in the result.
fn generate_parts(context: &Context, options: &SampleOptions) -> Result<Vec<Part>, SampleError> {
    let total = options.contacts;
    // At least one (possibly empty) range, so that the tables get their columns.
    let ranges: Vec<Range<usize>> = (0..total.div_ceil(ROWS_PER_PART).max(1))
        .map(|index| index * ROWS_PER_PART..((index + 1) * ROWS_PER_PART).min(total))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(ranges.len());
    // Worker `w` takes ranges w, w + threads, w + 2 * threads, …
    let run = |worker: usize| -> Vec<(usize, Result<Part, SampleError>)> {
        ranges
            .iter()
            .enumerate()
            .skip(worker)
            .step_by(threads)
            .map(|(index, rows)| (index, generate_part(context, options.seed, rows.clone())))
            .collect()
    };
    let mut parts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                std::thread::Builder::new()
                    .name(format!("sample-generator-{worker}"))
                    .spawn_scoped(scope, move || run(worker))
                    .map_err(|_| worker)
            })
            .collect();
        let mut parts = Vec::with_capacity(ranges.len());
        for worker in workers {
            match worker {
                Ok(handle) => match handle.join() {
                    Ok(done) => parts.extend(done),
                    // A panic in a worker is a bug; let it surface as one.
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                // No thread to be had: the work is done here instead.
                Err(worker) => parts.extend(run(worker)),
            }
        }
        parts
    });
    parts.sort_by_key(|(index, _)| *index);
    parts.into_iter().map(|(_, part)| part).collect()
}

/// Generates the contacts of `rows` with their events and deals.
fn generate_part(context: &Context, seed: u64, rows: Range<usize>) -> Result<Part, SampleError> {
    let mut contacts = ContactColumns::with_capacity(rows.len());
    let mut events =
        EventColumns::with_capacity(rows.len().saturating_mul(EXPECTED_EVENTS_PER_CONTACT));
    let mut deals = DealColumns::default();
    let mut scratch = Vec::new();
    for (local_row, row) in rows.enumerate() {
        let mut rng = Rng::stream(seed, row as u64);
        let profile = draw_profile(&mut rng, context);
        let latent = draw_latent(&mut rng, &profile);
        let journey = draw_journey(&mut rng, &profile, &latent, context.period.end_ms);
        simulate_activity(&mut rng, context, &profile, &latent, &journey, &mut scratch);
        let tally = Tally::of(&scratch, &context.details);
        let crm = draw_crm_status(&mut rng, &profile, &latent, &journey, &tally);
        let record_id = (FIRST_RECORD_ID + row) as u64;
        deals.push_all(record_id, &journey.deals);
        events.extend(local_row, &scratch);
        contacts.push(&mut rng, record_id, profile, &crm, &tally);
    }
    let contacts = contacts.into_frame().map_err(|source| SampleError::Frame {
        table: "contacts",
        source,
    })?;
    let events = events
        .into_frame(context, &contacts)
        .map_err(|source| SampleError::Frame {
            table: "events",
            source,
        })?;
    let deals = deals.into_frame().map_err(|source| SampleError::Frame {
        table: "deals",
        source,
    })?;
    Ok(Part {
        contacts,
        events,
        deals,
    })
}

/// Joins the parts' frames of one table, in order.
fn stack<'a>(
    frames: impl Iterator<Item = &'a DataFrame>,
    table: &'static str,
) -> Result<DataFrame, SampleError> {
    let mut stacked: Option<DataFrame> = None;
    for frame in frames {
        match &mut stacked {
            None => stacked = Some(frame.clone()),
            Some(stacked) => {
                stacked
                    .vstack_mut(frame)
                    .map_err(|source| SampleError::Frame { table, source })?;
            }
        }
    }
    // `generate_parts` always returns at least one part. The chunks are left
    // as they are (one per part): copying millions of events into one chunk
    // would cost more time and memory than it could ever save.
    Ok(stacked.unwrap_or_default())
}

/// Writes contacts.csv, deals.csv and events.parquet into `dir` (created if
/// missing) and returns their paths. Each file is written under a temporary
/// name and renamed, so a reader never sees half a file.
pub fn write_history(history: &mut SampleHistory, dir: &Path) -> Result<Vec<PathBuf>, SampleError> {
    std::fs::create_dir_all(dir).map_err(|error| SampleError::Write {
        path: dir.to_path_buf(),
        message: error.to_string(),
    })?;
    let contacts = write_atomically(&dir.join("contacts.csv"), |writer| {
        CsvWriter::new(writer).finish(&mut history.contacts)
    })?;
    let deals = write_atomically(&dir.join("deals.csv"), |writer| {
        CsvWriter::new(writer).finish(&mut history.deals)
    })?;
    let events = write_atomically(&dir.join("events.parquet"), |writer| {
        ParquetWriter::new(writer)
            .finish(&mut history.events)
            .map(|_| ())
    })?;
    Ok(vec![contacts, deals, events])
}

/// Writes `path` through a temporary sibling, synced before the rename.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> PolarsResult<()>,
) -> Result<PathBuf, SampleError> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.tmp"));
    let result = (|| -> Result<(), String> {
        let file = File::create(&temp).map_err(|error| error.to_string())?;
        let mut writer = BufWriter::new(file);
        write(&mut writer).map_err(|error| error.to_string())?;
        let file = writer
            .into_inner()
            .map_err(|error| error.error().to_string())?;
        file.sync_all().map_err(|error| error.to_string())?;
        std::fs::rename(&temp, path).map_err(|error| error.to_string())
    })();
    match result {
        Ok(()) => Ok(path.to_path_buf()),
        Err(message) => {
            // The write already failed; a leftover temporary file is the lesser
            // problem and must not hide the original error.
            let _ = std::fs::remove_file(&temp);
            Err(SampleError::Write {
                path: path.to_path_buf(),
                message,
            })
        }
    }
}

// ---------------------------------------------------------------------------
// The world every contact is drawn from.

/// Weights of the vocabulary tables, computed once.
struct Tables {
    industries: Vec<f64>,
    countries: Vec<f64>,
    titles: Vec<f64>,
    academic_titles: Vec<f64>,
    sources: Vec<f64>,
    referrers: Vec<Vec<f64>>,
    free_mail: Vec<f64>,
}

impl Tables {
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
struct EmailSend {
    at_ms: i64,
    campaign: u32,
    landing: Page,
}

/// The history's time span and its e-mail calendar.
struct Period {
    start_ms: i64,
    end_ms: i64,
    sends: Vec<EmailSend>,
}

/// A company several contacts may work for.
struct Company {
    domain: String,
    industry: usize,
    country: usize,
    employees: u32,
    revenue_per_employee_dollars: f64,
}

/// Everything shared by all contacts of one generation.
struct Context {
    tables: Tables,
    period: Period,
    details: Details,
    companies: Vec<Company>,
    /// The event columns' texts, once: events gather from these by index,
    /// sharing their bytes instead of copying millions of strings.
    detail_texts: StringChunked,
    event_type_texts: StringChunked,
}

impl Context {
    fn new(options: &SampleOptions) -> Self {
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
    let employees = rng.log_normal(ln(150.0), 1.7).round().clamp(1.0, 50_000.0) as u32;
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

// ---------------------------------------------------------------------------
// One contact: who they are, how much they want to buy, what happens.

/// What kind of address a contact signed up with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EmailKind {
    Company,
    FreeMail,
    Education,
    Competitor,
    Own,
}

impl EmailKind {
    /// Contribution to buying intent: private and university addresses rarely
    /// buy; competitors and our own staff never do.
    fn fit(self) -> f64 {
        match self {
            Self::Company => 0.0,
            Self::FreeMail => -1.0,
            Self::Education => -1.5,
            Self::Competitor | Self::Own => -6.0,
        }
    }

    fn can_buy(self) -> bool {
        !matches!(self, Self::Competitor | Self::Own)
    }
}

/// The visible properties of a contact.
struct Profile {
    first_name: &'static str,
    last_name: &'static str,
    email: String,
    email_kind: EmailKind,
    job: JobTitle,
    industry: usize,
    country: usize,
    employees: u32,
    annual_revenue_dollars: u64,
    source: usize,
    referrer: Option<Referrer>,
    opted_out: bool,
    job_seeker: bool,
    created_ms: i64,
}

/// Where a contact works, as far as the CRM can tell.
struct Employer<'a> {
    domain: &'a str,
    industry: usize,
    country: usize,
    employees: u32,
    revenue_per_employee_dollars: f64,
}

fn draw_profile(rng: &mut Rng, context: &Context) -> Profile {
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
        let weekday = (period.start_ms / DAY_MS + day + 3).rem_euclid(7); // 0 = Monday
        if weekday < 5 || !rng.chance(0.6) {
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

/// The hidden side of a contact.
struct Latent {
    /// Buying intent: fit plus noise, centred on zero.
    intent: f64,
    /// Intent squashed to (0, 1); shapes what the contact looks at.
    interest: f64,
    /// How much the contact browses at all, whatever their intent.
    activity: f64,
    /// How much the contact reads the blog, whatever their intent.
    reading: f64,
    /// Probability of opening a marketing e-mail.
    email_affinity: f64,
    /// No tracked activity at all (imported lists, blocked trackers).
    silent: bool,
}

fn draw_latent(rng: &mut Rng, profile: &Profile) -> Latent {
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
enum DealOutcome {
    Won,
    Lost,
    /// Index into [`OPEN_DEAL_STAGES`].
    Open(usize),
}

impl DealOutcome {
    fn stage(self) -> &'static str {
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

struct Deal {
    created_ms: i64,
    closed_ms: Option<i64>,
    outcome: DealOutcome,
    amount_dollars: Option<u64>,
}

/// A contact's path through the funnel.
struct Journey {
    /// End of the research phase: the first deal, or when interest fades.
    /// May lie after the period (the deal is still to come).
    evaluation_end_ms: i64,
    /// Creation of the first deal, even after the period.
    first_deal_ms: Option<i64>,
    /// The deals created within the period.
    deals: Vec<Deal>,
    /// Close of the first won deal.
    customer_since_ms: Option<i64>,
}

fn draw_journey(rng: &mut Rng, profile: &Profile, latent: &Latent, end_ms: i64) -> Journey {
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
    let size = exp(0.45 * ln(f64::from(employees.max(1)) / 50.0));
    let dollars = 6_000.0 * size * share * rng.log_normal(0.0, 0.35);
    Some(((dollars / 100.0).round() * 100.0).clamp(1_500.0, 400_000.0) as u64)
}

fn days_ms(days: f64) -> i64 {
    (days * DAY_MS as f64) as i64
}

/// The same day, at a random time between 09:00 and 17:00.
fn office_hours(rng: &mut Rng, ms: i64) -> i64 {
    ms.div_euclid(DAY_MS) * DAY_MS + rng.int_between(9 * HOUR_MS, 17 * HOUR_MS)
}

// ---------------------------------------------------------------------------
// Activity.

/// The tracked activity types, in the order ties are sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EventKind {
    PageView,
    FormSubmission,
    EmailOpen,
    EmailClick,
    WebinarAttended,
}

impl EventKind {
    /// Every kind, in declaration order (the index of a kind is its number).
    const ALL: [Self; 5] = [
        Self::PageView,
        Self::FormSubmission,
        Self::EmailOpen,
        Self::EmailClick,
        Self::WebinarAttended,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::PageView => "page_view",
            Self::FormSubmission => "form_submission",
            Self::EmailOpen => "email_open",
            Self::EmailClick => "email_click",
            Self::WebinarAttended => "webinar_attended",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Event {
    at_ms: i64,
    kind: EventKind,
    detail: u32,
}

/// Page weights of research visits, in [`PAGES`] order: home, pricing, demo,
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
const JOB_SEEKER_MIX: [f64; 8] = [0.20, 0.0, 0.0, 0.70, 0.05, 0.0, 0.05, 0.0];
/// Blog readers mostly stay on the blog.
const READER_MIX: [f64; 8] = [0.06, 0.0, 0.0, 0.0, 0.90, 0.0, 0.04, 0.0];

/// Collects a contact's events, dropping those outside [creation, period end).
struct Recorder<'a> {
    details: &'a Details,
    from_ms: i64,
    until_ms: i64,
    events: &'a mut Vec<Event>,
}

impl Recorder<'_> {
    fn record(&mut self, at_ms: i64, kind: EventKind, detail: u32) {
        if (self.from_ms..self.until_ms).contains(&at_ms) {
            self.events.push(Event {
                at_ms,
                kind,
                detail,
            });
        }
    }

    fn form(&mut self, at_ms: i64, form: Form) {
        self.record(at_ms, EventKind::FormSubmission, self.details.form(form));
    }

    /// A visit on the day of `day_ms`: a few page views a few seconds to
    /// minutes apart, mostly in working hours (B2B research happens at work).
    fn session(&mut self, rng: &mut Rng, day_ms: i64, pages: u32, mix: &[f64; 8]) {
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

/// Fills `events` with the contact's activity, sorted by time.
fn simulate_activity(
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

/// The parts of a contact that activity depends on.
struct ContactView<'a> {
    profile: &'a Profile,
    latent: &'a Latent,
    journey: &'a Journey,
}

impl ContactView<'_> {
    /// A moment of the research phase. Future buyers ramp up towards the deal,
    /// keen researchers spread out, the rest fade after signing up.
    fn research_time(&self, rng: &mut Rng) -> i64 {
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

/// The visit and the form that created the contact.
fn simulate_conversion(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
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

/// Browsing before any deal.
fn simulate_research(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
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

/// Content downloads (independent of intent), mid-funnel forms and webinars
/// (driven by it), and hand-raisers.
fn simulate_forms(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
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

/// Visits while a deal is open.
fn simulate_deal_phases(
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
fn simulate_customer_phase(
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

/// Opens and clicks of the monthly newsletter and campaign. Opted-out
/// contacts receive mail only until they unsubscribe.
fn simulate_emails(
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
        let fading = 0.15 + 0.85 * exp(-age_days / 180.0);
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

/// Blog visits of their own, driven by a taste for reading that has nothing
/// to do with buying: the trap of "engages with our content" rules.
fn simulate_reading(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView) {
    let created_ms = contact.profile.created_ms;
    for _ in 0..rng.poisson(1.5 * contact.latent.reading) {
        // Most readers come back within months of signing up, few for years.
        let start_ms = created_ms + days_ms(rng.exponential(150.0));
        let pages = 1 + rng.poisson(0.8);
        recorder.session(rng, start_ms, pages, &READER_MIX);
    }
}

/// Job seekers read the careers page, whatever their employer buys.
fn simulate_job_search(rng: &mut Rng, recorder: &mut Recorder, contact: &ContactView, end_ms: i64) {
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

/// A contact's activity counted as the CRM's roll-up properties count it.
#[derive(Debug, Default)]
struct Tally {
    page_views: u32,
    forms: u32,
    opens: u32,
    clicks: u32,
    bottom_forms: u32,
    pricing_views: u32,
    last_ms: Option<i64>,
}

impl Tally {
    fn of(events: &[Event], details: &Details) -> Self {
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

// ---------------------------------------------------------------------------
// The CRM snapshot at the end of the period.

/// Fields the CRM fills in over time, as they stand at the end.
struct CrmStatus {
    lifecycle: &'static str,
    lead_status: Option<&'static str>,
    feedback: Option<&'static str>,
}

const TRUE_SQL: &str = "True SQL";
const NOT_READY: &str = "Not ready";
const UNQUALIFIED: &str = "Unqualified";

fn draw_crm_status(
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

// ---------------------------------------------------------------------------
// Columns and frames. Values go into plain vectors, column by column, and
// become polars columns once at the end.

/// The contacts table's headers, in order (HubSpot's export names).
const CONTACT_HEADERS: [&str; 24] = [
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
const EVENT_HEADERS: [&str; 4] = ["contact_id", "timestamp", "event_type", "detail"];

/// The deals table's headers, in order.
const DEAL_HEADERS: [&str; 6] = [
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
struct ContactColumns {
    record_id: Vec<u64>,
    first_name: Vec<&'static str>,
    last_name: Vec<&'static str>,
    email: Vec<String>,
    job_title: Vec<&'static str>,
    seniority: Vec<&'static str>,
    department: Vec<&'static str>,
    industry: Vec<Option<&'static str>>,
    employees: Vec<Option<String>>,
    annual_revenue: Vec<Option<String>>,
    country: Vec<&'static str>,
    source: Vec<&'static str>,
    referrer: Vec<Option<&'static str>>,
    lifecycle: Vec<&'static str>,
    lead_status: Vec<Option<&'static str>>,
    opt_out: Vec<&'static str>,
    feedback: Vec<Option<&'static str>>,
    create_date: Vec<String>,
    page_views: Vec<u32>,
    sessions: Vec<u32>,
    opens: Vec<u32>,
    clicks: Vec<u32>,
    last_activity: Vec<Option<String>>,
    forms: Vec<u32>,
}

impl ContactColumns {
    fn with_capacity(rows: usize) -> Self {
        let mut columns = Self::default();
        columns.email.reserve(rows);
        columns.create_date.reserve(rows);
        columns
    }

    /// Adds one contact. The data-quality noise of real exports (missing
    /// industry, "Select", thousands separators, gaps) is drawn here, on top
    /// of the true values the simulation used.
    fn push(
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
                with_thousands_separator(u64::from(profile.employees))
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

    fn into_frame(self) -> PolarsResult<DataFrame> {
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

/// "12345" → "12,345", as some CRMs store numbers typed by hand.
fn with_thousands_separator(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Events as indices until the frame is built: about 20 bytes per event
/// instead of two heap strings.
#[derive(Default)]
struct EventColumns {
    /// Row of the contact within its part.
    contact_row: Vec<IdxSize>,
    at_ms: Vec<i64>,
    kind: Vec<IdxSize>,
    detail: Vec<IdxSize>,
}

impl EventColumns {
    fn with_capacity(rows: usize) -> Self {
        Self {
            contact_row: Vec::with_capacity(rows),
            at_ms: Vec::with_capacity(rows),
            kind: Vec::with_capacity(rows),
            detail: Vec::with_capacity(rows),
        }
    }

    fn extend(&mut self, local_row: usize, events: &[Event]) {
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
    fn into_frame(self, context: &Context, contacts: &DataFrame) -> PolarsResult<DataFrame> {
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
struct DealColumns {
    contact_id: Vec<u64>,
    stage: Vec<&'static str>,
    amount: Vec<Option<String>>,
    create_date: Vec<String>,
    close_date: Vec<Option<String>>,
}

impl DealColumns {
    fn push_all(&mut self, record_id: u64, deals: &[Deal]) {
        for deal in deals {
            self.contact_id.push(record_id);
            self.stage.push(deal.outcome.stage());
            self.amount
                .push(deal.amount_dollars.map(|dollars| dollars.to_string()));
            self.create_date.push(format_date(deal.created_ms));
            self.close_date.push(deal.closed_ms.map(format_date));
        }
    }

    fn into_frame(self) -> PolarsResult<DataFrame> {
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

// ---------------------------------------------------------------------------
// Dates, by integer arithmetic: infallible and the same everywhere.

fn date_ms(date: NaiveDate) -> i64 {
    (i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE) * DAY_MS
}

/// (year, month, day) of a day number since 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// "YYYY-MM-DD".
fn format_date(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{year:04}-{month:02}-{day:02}")
}

/// "YYYY-MM-DD HH:MM".
fn format_minute(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    let minutes = ms.rem_euclid(DAY_MS) / MINUTE_MS;
    let (hour, minute) = (minutes / 60, minutes % 60);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::vocab::{DEMO_REQUEST, FREE_MAIL_DOMAINS};
    use super::*;

    /// Small enough for a quick test, large enough for the signal to show.
    fn options(seed: u64) -> SampleOptions {
        SampleOptions {
            seed,
            contacts: 3_000,
            ..SampleOptions::default()
        }
    }

    fn texts<'a>(frame: &'a DataFrame, column: &str) -> Vec<Option<&'a str>> {
        frame
            .column(column)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect()
    }

    fn numbers(frame: &DataFrame, column: &str) -> Vec<u32> {
        texts(frame, column)
            .into_iter()
            .map(|value| value.unwrap().parse().unwrap())
            .collect()
    }

    fn timestamps_ms(events: &DataFrame) -> Vec<i64> {
        let column = events
            .column("timestamp")
            .unwrap()
            .cast(&DataType::Int64)
            .unwrap();
        column.i64().unwrap().into_no_null_iter().collect()
    }

    fn minute_ms(text: &str) -> i64 {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    /// Contacts (record ids) with at least one won deal.
    fn won_contacts(history: &SampleHistory) -> HashSet<String> {
        let ids = texts(&history.deals, "Contact ID");
        let stages = texts(&history.deals, "Deal Stage");
        ids.iter()
            .zip(&stages)
            .filter(|(_, stage)| **stage == Some("closedwon"))
            .map(|(id, _)| id.unwrap().to_owned())
            .collect()
    }

    /// Contacts with an event of the given type and detail.
    fn contacts_with(
        history: &SampleHistory,
        event_type: &str,
        detail: impl Fn(&str) -> bool,
    ) -> HashSet<String> {
        let ids = texts(&history.events, "contact_id");
        let types = texts(&history.events, "event_type");
        let details = texts(&history.events, "detail");
        (0..ids.len())
            .filter(|&row| types[row] == Some(event_type) && detail(details[row].unwrap()))
            .map(|row| ids[row].unwrap().to_owned())
            .collect()
    }

    /// Won rate of the contacts in `group` and of all the others.
    fn won_rates(history: &SampleHistory, in_group: impl Fn(&str) -> bool) -> (f64, f64) {
        let won = won_contacts(history);
        let mut counts = [[0u32; 2]; 2];
        for id in texts(&history.contacts, "Record ID") {
            let id = id.unwrap();
            counts[usize::from(in_group(id))][usize::from(won.contains(id))] += 1;
        }
        let rate = |[lost, won]: [u32; 2]| f64::from(won) / f64::from((lost + won).max(1));
        (rate(counts[1]), rate(counts[0]))
    }

    #[test]
    fn the_same_seed_gives_identical_frames_and_files() {
        let mut first = generate(&options(7)).unwrap();
        let mut second = generate(&options(7)).unwrap();
        assert!(first.contacts.equals_missing(&second.contacts));
        assert!(first.events.equals_missing(&second.events));
        assert!(first.deals.equals_missing(&second.deals));
        let first_dir = tempfile::tempdir().unwrap();
        let second_dir = tempfile::tempdir().unwrap();
        let first_paths = write_history(&mut first, first_dir.path()).unwrap();
        let second_paths = write_history(&mut second, second_dir.path()).unwrap();
        for (a, b) in first_paths.iter().zip(&second_paths) {
            assert_eq!(
                std::fs::read(a).unwrap(),
                std::fs::read(b).unwrap(),
                "{}",
                a.display()
            );
        }
    }

    #[test]
    fn different_seeds_give_different_histories() {
        let first = generate(&options(1)).unwrap();
        let second = generate(&options(2)).unwrap();
        assert!(!first.contacts.equals_missing(&second.contacts));
        assert!(!first.events.equals_missing(&second.events));
    }

    #[test]
    fn a_contact_does_not_depend_on_how_many_are_generated() {
        let small = generate(&SampleOptions {
            contacts: 200,
            ..options(3)
        })
        .unwrap();
        let large = generate(&SampleOptions {
            contacts: 400,
            ..options(3)
        })
        .unwrap();
        // Companies are shared per number of contacts, so compare the person.
        for column in [
            "Record ID",
            "First Name",
            "Last Name",
            "Job Title",
            "Create Date",
        ] {
            assert_eq!(
                texts(&small.contacts, column),
                texts(&large.contacts, column)[..200],
                "{column}"
            );
        }
    }

    #[test]
    fn tables_have_the_specified_columns_and_types() {
        let history = generate(&options(11)).unwrap();
        let names = |frame: &DataFrame| {
            frame
                .get_column_names()
                .iter()
                .map(|name| name.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&history.contacts), CONTACT_HEADERS);
        assert_eq!(names(&history.events), EVENT_HEADERS);
        assert_eq!(names(&history.deals), DEAL_HEADERS);
        assert_eq!(history.contacts.height(), 3_000);
        assert!(
            history
                .contacts
                .columns()
                .iter()
                .all(|column| column.dtype() == &DataType::String)
        );
        assert!(
            history
                .deals
                .columns()
                .iter()
                .all(|column| column.dtype() == &DataType::String)
        );
        assert_eq!(
            history.events.column("timestamp").unwrap().dtype(),
            &DataType::Datetime(TimeUnit::Milliseconds, None)
        );
        let ids = texts(&history.contacts, "Record ID");
        assert_eq!(ids.first(), Some(&Some("100001")));
        assert_eq!(ids.last(), Some(&Some("103000")));
        let known_types = [
            "page_view",
            "form_submission",
            "email_open",
            "email_click",
            "webinar_attended",
        ];
        assert!(
            texts(&history.events, "event_type")
                .iter()
                .all(|kind| known_types.contains(&kind.unwrap()))
        );
        assert!(
            texts(&history.deals, "Deal ID")
                .iter()
                .all(|id| id.unwrap().starts_with('D'))
        );
    }

    #[test]
    fn roll_up_columns_agree_with_the_events() {
        let history = generate(&options(5)).unwrap();
        #[derive(Default, PartialEq, Debug)]
        struct Counts {
            page_views: u32,
            opens: u32,
            clicks: u32,
            forms: u32,
            last_ms: Option<i64>,
        }
        let mut by_contact: HashMap<&str, Counts> = HashMap::new();
        let ids = texts(&history.events, "contact_id");
        let types = texts(&history.events, "event_type");
        for ((id, kind), at_ms) in ids.iter().zip(&types).zip(timestamps_ms(&history.events)) {
            let counts = by_contact.entry(id.unwrap()).or_default();
            match kind.unwrap() {
                "page_view" => counts.page_views += 1,
                "email_open" => counts.opens += 1,
                "email_click" => counts.clicks += 1,
                "form_submission" => counts.forms += 1,
                _ => {}
            }
            counts.last_ms = counts.last_ms.max(Some(at_ms));
        }
        let contacts = &history.contacts;
        let page_views = numbers(contacts, "Number of Pageviews");
        let sessions = numbers(contacts, "Number of Sessions");
        let opens = numbers(contacts, "Marketing Emails Opened");
        let clicks = numbers(contacts, "Marketing Emails Clicked");
        let forms = numbers(contacts, "Forms Submitted");
        let last_activity = texts(contacts, "Last Activity Date");
        for (row, id) in texts(contacts, "Record ID").into_iter().enumerate() {
            let expected = by_contact.remove(id.unwrap()).unwrap_or_default();
            let actual = Counts {
                page_views: page_views[row],
                opens: opens[row],
                clicks: clicks[row],
                forms: forms[row],
                last_ms: expected.last_ms,
            };
            assert_eq!(actual, expected, "contact {id:?}");
            assert_eq!(sessions[row], page_views[row].div_ceil(3));
            assert_eq!(
                last_activity[row].map(str::to_owned),
                expected.last_ms.map(format_date)
            );
        }
        assert!(by_contact.is_empty(), "events of unknown contacts");
    }

    #[test]
    fn events_lie_between_creation_and_the_end_in_order() {
        let history = generate(&options(9)).unwrap();
        let created: HashMap<&str, i64> = texts(&history.contacts, "Record ID")
            .into_iter()
            .zip(texts(&history.contacts, "Create Date"))
            .map(|(id, date)| (id.unwrap(), minute_ms(date.unwrap())))
            .collect();
        let end_ms = date_ms(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let ids = texts(&history.events, "contact_id");
        let times = timestamps_ms(&history.events);
        let mut previous = (0u64, i64::MIN);
        for (id, at_ms) in ids.iter().zip(&times) {
            let id = id.unwrap();
            assert!(*at_ms >= created[id] && *at_ms < end_ms, "{id} at {at_ms}");
            let key = (id.parse::<u64>().unwrap(), *at_ms);
            assert!(key >= previous, "events out of order at {id}");
            previous = key;
        }
        let deal_created = texts(&history.deals, "Create Date");
        let deal_closed = texts(&history.deals, "Close Date");
        for (created, closed) in deal_created.iter().zip(&deal_closed) {
            if let Some(closed) = closed {
                assert!(closed > &created.unwrap());
            }
        }
    }

    #[test]
    fn lifecycle_stage_follows_the_deals() {
        let history = generate(&options(13)).unwrap();
        let won = won_contacts(&history);
        let open: HashSet<&str> = texts(&history.deals, "Contact ID")
            .into_iter()
            .zip(texts(&history.deals, "Close Date"))
            .filter(|(_, closed)| closed.is_none())
            .map(|(id, _)| id.unwrap())
            .collect();
        let stages = texts(&history.contacts, "Lifecycle Stage");
        for (id, stage) in texts(&history.contacts, "Record ID")
            .into_iter()
            .zip(stages)
        {
            let id = id.unwrap();
            assert_eq!(stage == Some("customer"), won.contains(id), "{id}");
            if !won.contains(id) {
                assert_eq!(stage == Some("opportunity"), open.contains(id), "{id}");
            }
        }
    }

    #[test]
    fn shares_are_close_to_the_description() {
        let history = generate(&options(21)).unwrap();
        let contacts = history.contacts.height() as f64;
        let share = |count: usize| count as f64 / contacts;
        let dealt: HashSet<_> = texts(&history.deals, "Contact ID").into_iter().collect();
        let won = won_contacts(&history);
        assert!(
            (0.07..=0.11).contains(&share(dealt.len())),
            "contacts with a deal {}",
            share(dealt.len())
        );
        let won_of_dealt = won.len() as f64 / dealt.len() as f64;
        assert!(
            (0.33..=0.47).contains(&won_of_dealt),
            "won among deals {won_of_dealt}"
        );
        let emails = texts(&history.contacts, "Email");
        let free_mail = emails
            .iter()
            .filter(|email| is_free_mail(email.unwrap()))
            .count();
        assert!(
            (0.12..=0.19).contains(&share(free_mail)),
            "free-mail {}",
            share(free_mail)
        );
        let events_per_contact = history.events.height() as f64 / contacts;
        assert!(
            (14.0..=21.0).contains(&events_per_contact),
            "events per contact {events_per_contact}"
        );
        let silent = numbers(&history.contacts, "Number of Pageviews")
            .iter()
            .filter(|&&views| views == 0)
            .count();
        assert!(
            (0.03..=0.2).contains(&share(silent)),
            "contacts without page views {}",
            share(silent)
        );
    }

    fn is_free_mail(email: &str) -> bool {
        FREE_MAIL_DOMAINS
            .iter()
            .any(|(domain, _)| email.ends_with(&format!("@{domain}")))
    }

    #[test]
    fn sensible_rules_find_signal_and_bad_ones_little() {
        let history = generate(&options(42)).unwrap();
        let demo = contacts_with(&history, "form_submission", |detail| detail == DEMO_REQUEST);
        let (with_demo, without_demo) = won_rates(&history, |id| demo.contains(id));
        assert!(
            with_demo > 4.0 * without_demo,
            "demo request {with_demo} vs {without_demo}"
        );

        let free_mail: HashSet<String> = texts(&history.contacts, "Record ID")
            .into_iter()
            .zip(texts(&history.contacts, "Email"))
            .filter(|(_, email)| is_free_mail(email.unwrap()))
            .map(|(id, _)| id.unwrap().to_owned())
            .collect();
        let (free, company) = won_rates(&history, |id| free_mail.contains(id));
        assert!(free < 0.6 * company, "free-mail {free} vs {company}");

        let blog = contacts_with(&history, "page_view", |detail| detail.starts_with("/blog/"));
        let (with_blog, without_blog) = won_rates(&history, |id| blog.contains(id));
        assert!(
            with_blog < 2.0 * without_blog,
            "blog {with_blog} vs {without_blog}"
        );
    }

    #[test]
    fn hand_raises_precede_deals_and_customers_stay_active() {
        let history = generate(&options(17)).unwrap();
        let ids = texts(&history.events, "contact_id");
        let types = texts(&history.events, "event_type");
        let details = texts(&history.events, "detail");
        let times = timestamps_ms(&history.events);
        let bottom = ["Demo request", "Pricing request", "Contact sales"];
        let mut first_hand_raise: HashMap<&str, i64> = HashMap::new();
        let mut last_event: HashMap<&str, i64> = HashMap::new();
        for row in 0..ids.len() {
            let id = ids[row].unwrap();
            last_event.insert(id, times[row]);
            if types[row] == Some("form_submission") && bottom.contains(&details[row].unwrap()) {
                first_hand_raise.entry(id).or_insert(times[row]);
            }
        }
        let deal_ids = texts(&history.deals, "Contact ID");
        let created = texts(&history.deals, "Create Date");
        let closed = texts(&history.deals, "Close Date");
        let stages = texts(&history.deals, "Deal Stage");
        let (mut before, mut after) = (0, 0);
        let (mut active_customers, mut customers) = (0, 0);
        let mut seen = HashSet::new();
        for row in 0..deal_ids.len() {
            let id = deal_ids[row].unwrap();
            let created_ms = minute_ms(&format!("{} 00:00", created[row].unwrap()));
            if seen.insert(id)
                && let Some(&form_ms) = first_hand_raise.get(id)
            {
                if form_ms < created_ms + DAY_MS {
                    before += 1
                } else {
                    after += 1
                }
            }
            if stages[row] == Some("closedwon") {
                customers += 1;
                let closed_ms = minute_ms(&format!("{} 23:59", closed[row].unwrap()));
                active_customers +=
                    usize::from(last_event.get(id).is_some_and(|&at| at > closed_ms));
            }
        }
        assert!(
            before > 4 * after,
            "hand-raises before {before}, after {after}"
        );
        assert!(
            active_customers * 2 > customers,
            "{active_customers} of {customers} customers active"
        );
    }

    #[test]
    fn dates_are_formatted_like_chrono_does() {
        for days in [-1, 0, 59, 10_957, 19_723, 20_000, 2_932_896] {
            let ms = days * DAY_MS + 13 * HOUR_MS + 7 * MINUTE_MS;
            let expected = chrono::DateTime::from_timestamp_millis(ms)
                .unwrap()
                .format("%Y-%m-%d %H:%M")
                .to_string();
            assert_eq!(format_minute(ms), expected);
        }
        assert_eq!(
            date_ms(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()),
            DAY_MS
        );
        assert_eq!(
            SampleOptions::default().start,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
        assert_eq!(with_thousands_separator(1_000), "1,000");
        assert_eq!(with_thousands_separator(45_321), "45,321");
        assert_eq!(with_thousands_separator(999), "999");
    }

    #[test]
    fn zero_contacts_give_empty_tables_with_their_columns() {
        let history = generate(&SampleOptions {
            contacts: 0,
            ..SampleOptions::default()
        })
        .unwrap();
        assert_eq!(history.contacts.height(), 0);
        assert_eq!(history.contacts.width(), CONTACT_HEADERS.len());
        assert_eq!(history.events.width(), EVENT_HEADERS.len());
        assert_eq!(history.deals.width(), DEAL_HEADERS.len());
    }

    #[test]
    fn written_files_round_trip_and_leave_no_temporary_files() {
        let mut history = generate(&SampleOptions {
            contacts: 300,
            ..options(4)
        })
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nested").join("sample");
        let paths = write_history(&mut history, &target).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["contacts.csv", "deals.csv", "events.parquet"]);
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 3);
        let events = ParquetReader::new(File::open(&paths[2]).unwrap())
            .finish()
            .unwrap();
        assert!(events.equals_missing(&history.events));
        let contacts = CsvReadOptions::default()
            .with_infer_schema_length(Some(0))
            .try_into_reader_with_file_path(Some(paths[0].clone()))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(contacts.height(), 300);
        assert_eq!(texts(&contacts, "Email"), texts(&history.contacts, "Email"));
    }

    #[test]
    fn a_file_that_cannot_be_written_is_reported_with_its_path() {
        let mut history = generate(&SampleOptions {
            contacts: 10,
            ..options(4)
        })
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("not-a-directory");
        std::fs::write(&blocker, "x").unwrap();
        let error = write_history(&mut history, &blocker).unwrap_err();
        assert!(
            matches!(&error, SampleError::Write { path, .. } if path == &blocker),
            "{error}"
        );
    }

    /// Prints the population and the evidence for typical rules; a tuning aid.
    /// Run with `cargo test --lib sample::tests::prints -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints statistics for tuning; asserts nothing"]
    fn prints_population_and_rule_evidence() {
        let history = generate(&SampleOptions {
            contacts: 20_000,
            ..options(42)
        })
        .unwrap();
        let contacts = history.contacts.height() as f64;
        let dealt: HashSet<_> = texts(&history.deals, "Contact ID").into_iter().collect();
        let won = won_contacts(&history);
        println!("contacts with a deal {:.3}", dealt.len() as f64 / contacts);
        println!(
            "won among them {:.3}",
            won.len() as f64 / dealt.len() as f64
        );
        println!("won overall {:.4}", won.len() as f64 / contacts);
        println!(
            "events per contact {:.2}",
            history.events.height() as f64 / contacts
        );
        let mut by_type: HashMap<&str, usize> = HashMap::new();
        for kind in texts(&history.events, "event_type") {
            *by_type.entry(kind.unwrap()).or_default() += 1;
        }
        let mut by_type: Vec<_> = by_type.into_iter().collect();
        by_type.sort();
        for (kind, count) in by_type {
            println!("  {kind:<18} {:.2} per contact", count as f64 / contacts);
        }
        let silent = texts(&history.contacts, "Last Activity Date")
            .iter()
            .filter(|date| date.is_none())
            .count();
        println!("contacts without events {:.3}", silent as f64 / contacts);
        let column = |name: &str| -> HashMap<String, String> {
            texts(&history.contacts, "Record ID")
                .into_iter()
                .zip(texts(&history.contacts, name))
                .map(|(id, value)| (id.unwrap().to_owned(), value.unwrap_or("").to_owned()))
                .collect()
        };
        let show = |label: &str, group: &HashSet<String>| {
            let (inside, outside) = won_rates(&history, |id| group.contains(id));
            println!(
                "{label:<28} share {:>6.3}  won {:>6.3} vs {:>6.3}  lift {:>5.2}",
                group.len() as f64 / contacts,
                inside,
                outside,
                inside / outside.max(1e-9)
            );
        };
        let by_value = |name: &str, keep: &dyn Fn(&str) -> bool| -> HashSet<String> {
            column(name)
                .into_iter()
                .filter(|(_, value)| keep(value))
                .map(|(id, _)| id)
                .collect()
        };
        let page = |prefix: &'static str| {
            contacts_with(&history, "page_view", move |detail| {
                detail.starts_with(prefix)
            })
        };
        let form = |name: &'static str| {
            contacts_with(&history, "form_submission", move |detail| detail == name)
        };
        show("form Demo request", &form("Demo request"));
        show("form Pricing request", &form("Pricing request"));
        show("form Contact sales", &form("Contact sales"));
        show("form Buyer's guide", &form("Buyer's guide"));
        show("form Webinar registration", &form("Webinar registration"));
        show("form E-book", &form("E-book: Lead scoring 101"));
        show("form Marketing checklist", &form("Marketing checklist"));
        show(
            "webinar attended",
            &contacts_with(&history, "webinar_attended", |_| true),
        );
        show("page /pricing", &page("/pricing"));
        show("page /demo", &page("/demo"));
        show("page /case-studies", &page("/case-studies/"));
        show("page /blog", &page("/blog/"));
        show("page /careers", &page("/careers"));
        show("page /docs", &page("/docs/"));
        show("page /product", &page("/product/"));
        show(
            "email click",
            &contacts_with(&history, "email_click", |_| true),
        );
        for seniority in [
            "Executive",
            "VP",
            "Director",
            "Manager",
            "Individual Contributor",
            "Student",
        ] {
            show(
                &format!("seniority {seniority}"),
                &by_value("Seniority", &|value| value == seniority),
            );
        }
        for department in [
            "Marketing",
            "Sales",
            "Operations",
            "IT",
            "Finance",
            "Engineering",
            "Other",
        ] {
            show(
                &format!("department {department}"),
                &by_value("Department", &|value| value == department),
            );
        }
        show(
            "industry target",
            &by_value("Industry", &|value| {
                ["Software", "Financial Services", "Professional Services"].contains(&value)
            }),
        );
        show(
            "industry empty or Select",
            &by_value("Industry", &|value| value.is_empty() || value == "Select"),
        );
        show(
            "employees 200-5000",
            &by_value("Number of Employees", &|value| {
                value
                    .replace(',', "")
                    .parse::<u32>()
                    .is_ok_and(|n| (200..=5_000).contains(&n))
            }),
        );
        show(
            "country US/UK/DE",
            &by_value("Country/Region", &|value| {
                ["United States", "United Kingdom", "Germany"].contains(&value)
            }),
        );
        show("free-mail", &by_value("Email", &is_free_mail));
        show(
            "education domain",
            &by_value("Email", &|value| {
                value.ends_with(".edu") || value.ends_with(".ac.uk")
            }),
        );
        show(
            "opted out",
            &by_value("Email Opt Out", &|value| value == "true"),
        );
        show(
            "source Referrals",
            &by_value("Original Source", &|value| value == "Referrals"),
        );
        show(
            "referrer salesbridge",
            &by_value("Referrer URL", &|value| value.contains("salesbridge")),
        );
        show(
            "pageviews >= 20 (snapshot)",
            &by_value("Number of Pageviews", &|value| {
                value.parse::<u32>().is_ok_and(|n| n >= 20)
            }),
        );
        show(
            "opens >= 10 (snapshot)",
            &by_value("Marketing Emails Opened", &|value| {
                value.parse::<u32>().is_ok_and(|n| n >= 10)
            }),
        );
        show(
            "active in 2025-Q4",
            &by_value("Last Activity Date", &|value| value >= "2025-10-01"),
        );
        show(
            "feedback True SQL",
            &by_value("Sales Feedback", &|value| value == "True SQL"),
        );
        for stage in [
            "subscriber",
            "lead",
            "marketingqualifiedlead",
            "salesqualifiedlead",
            "opportunity",
            "customer",
        ] {
            let group = by_value("Lifecycle Stage", &|value| value == stage);
            println!("lifecycle {stage:<24} {:.3}", group.len() as f64 / contacts);
        }
        print_point_in_time_evidence(&history);
    }

    /// The same kind of evidence, honestly: events before a cutoff, wins in
    /// the 180 days after it, contacts that existed and were not customers.
    fn print_point_in_time_evidence(history: &SampleHistory) {
        let cutoff_ms = minute_ms("2025-01-01 00:00");
        let horizon_ms = cutoff_ms + 180 * DAY_MS;
        let mut customers_before = HashSet::new();
        let mut wins_after = HashSet::new();
        let deal_ids = texts(&history.deals, "Contact ID");
        let stages = texts(&history.deals, "Deal Stage");
        let closed = texts(&history.deals, "Close Date");
        for row in 0..deal_ids.len() {
            let (Some(id), Some("closedwon"), Some(closed)) =
                (deal_ids[row], stages[row], closed[row])
            else {
                continue;
            };
            let closed_ms = minute_ms(&format!("{closed} 12:00"));
            if closed_ms < cutoff_ms {
                customers_before.insert(id);
            } else if closed_ms < horizon_ms {
                wins_after.insert(id);
            }
        }
        let population: Vec<&str> = texts(&history.contacts, "Record ID")
            .into_iter()
            .zip(texts(&history.contacts, "Create Date"))
            .filter(|(id, created)| {
                minute_ms(created.unwrap()) < cutoff_ms && !customers_before.contains(id.unwrap())
            })
            .map(|(id, _)| id.unwrap())
            .collect();
        let ids = texts(&history.events, "contact_id");
        let types = texts(&history.events, "event_type");
        let details = texts(&history.events, "detail");
        let times = timestamps_ms(&history.events);
        let before =
            |window_days: i64, event_type: &str, detail: &dyn Fn(&str) -> bool| -> HashSet<&str> {
                (0..ids.len())
                    .filter(|&row| {
                        times[row] < cutoff_ms
                            && times[row] >= cutoff_ms - window_days * DAY_MS
                            && types[row] == Some(event_type)
                            && detail(details[row].unwrap())
                    })
                    .map(|row| ids[row].unwrap())
                    .collect()
            };
        let won_in = |group: &HashSet<&str>, inside: bool| {
            let members: Vec<_> = population
                .iter()
                .filter(|id| group.contains(*id) == inside)
                .collect();
            let won = members
                .iter()
                .filter(|id| wins_after.contains(**id))
                .count();
            won as f64 / members.len().max(1) as f64
        };
        println!(
            "point in time: {} contacts, {} wins in 180 days",
            population.len(),
            wins_after.len()
        );
        let rules: [(&str, HashSet<&str>); 6] = [
            (
                "pricing page, last 30 days",
                before(30, "page_view", &|d| d == "/pricing"),
            ),
            (
                "demo request, ever",
                before(9_999, "form_submission", &|d| d == "Demo request"),
            ),
            (
                "any page view, last 30 days",
                before(30, "page_view", &|_| true),
            ),
            (
                "docs page, ever",
                before(9_999, "page_view", &|d| d.starts_with("/docs/")),
            ),
            (
                "blog page, ever",
                before(9_999, "page_view", &|d| d.starts_with("/blog/")),
            ),
            (
                "e-book, ever",
                before(9_999, "form_submission", &|d| d.starts_with("E-book")),
            ),
        ];
        for (label, group) in rules {
            let (inside, outside) = (won_in(&group, true), won_in(&group, false));
            println!(
                "  {label:<28} won {inside:>6.3} vs {outside:>6.3}  lift {:>5.2}",
                inside / outside.max(1e-9)
            );
        }
    }

    /// Run with `cargo test --release --lib sample::tests::one_million -- --ignored --nocapture`.
    #[test]
    #[ignore = "slow in debug builds; a release-mode benchmark"]
    fn one_million_contacts_generate_in_seconds() {
        let started = std::time::Instant::now();
        let history = generate(&SampleOptions {
            contacts: 1_000_000,
            ..SampleOptions::default()
        })
        .unwrap();
        let elapsed = started.elapsed();
        println!(
            "1,000,000 contacts, {} events, {} deals in {:.2?}",
            history.events.height(),
            history.deals.height(),
            elapsed
        );
    }
}
