//! The command line: headless subcommands over the same core as the app.

mod bench;
mod calibrate;
mod commands;
mod draft;
mod evaluate;
mod export;
mod quality;
mod report;
mod versus;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use commands::{app_data, load_with_progress};

/// Lead Score Studio: build, back-test and export a marketing–sales lead-scoring model.
///
/// Without a subcommand the desktop app opens (with the bundled sample data,
/// or with the rule set and data files given as arguments).
#[derive(Debug, Parser)]
#[command(name = "leadscore", version, about, long_about = None)]
pub struct Cli {
    /// What to do; none opens the desktop app.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Project (.lsproj), rule sets (.ron/.json), data files (.csv/.parquet) or a data folder to open in the app.
    pub files: Vec<PathBuf>,
    /// The other team's proposal (.ron/.json), opened beside the working rule set in the app's Workshop.
    #[arg(long, value_name = "FILE")]
    pub compare: Option<PathBuf>,
    /// The data to open in the app, and how to map it.
    #[command(flatten)]
    pub data: DataArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score the contacts and print stage counts, conversion and revenue (against a baseline if given).
    Simulate(SimulateArgs),
    /// Validate a rule set against the data and report what was found while loading.
    Check(CheckArgs),
    /// Write every contact's fit, engagement, score, stage, grade and matched rules to CSV or Parquet.
    Score(ScoreArgs),
    /// Point-in-time back-test: score contacts as they were at a cutoff, count wins within the horizon.
    Backtest(BacktestArgs),
    /// Threshold sweep: volume, conversion, share of wins and revenue at every threshold; capacity.
    Sweep(SweepArgs),
    /// Per-rule evidence with suggested points, and candidate rules found in the history.
    Evidence(EvidenceArgs),
    /// Evidence for thresholds: AUC, Gini, KS, gains and calibration on a back-test window beside the baseline, stability since then, and jointly fitted points checked on a later window.
    Evaluate(EvaluateArgs),
    /// Draft a rule set from the history: the strongest candidate rules at suggested points, thresholds from sales' capacity.
    Draft(DraftArgs),
    /// Export the rule set for production: RON, JSON, SQL (per dialect) or the SLA summary.
    Export(ExportArgs),
    /// Write the cleaned, typed tables (Parquet and CSV) and per warehouse the script that loads them, for the exported SQL.
    Convert(ConvertArgs),
    /// Generate the sample history (deterministic from the seed).
    Sample(SampleArgs),
    /// Measure loading, scoring and threshold moves on generated data (use a release build).
    Bench(BenchArgs),
}

/// Where the data comes from and how it is mapped.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Folder holding contacts.*, deals.* and events.* (default: the bundled sample data).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Contacts file (CSV or Parquet); overrides --data.
    #[arg(long, value_name = "FILE")]
    pub contacts: Option<PathBuf>,
    /// Deals file (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub deals: Option<PathBuf>,
    /// Events file (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// Map a role to a column, e.g. `contacts.id="Record ID"`, `deals.status=Stage`
    /// (roles: contacts.id|created|email|name|outcome|won_date, deals.id|contact_id|email|status|amount|created|closed, events.contact_id|timestamp|event_type|detail).
    #[arg(long = "map", value_name = "TABLE.ROLE=COLUMN")]
    pub maps: Vec<String>,
    /// Deal status values that mean won (comma separated, replaces the built-in list).
    #[arg(long, value_name = "VALUES")]
    pub won_values: Option<String>,
    /// Every row of the deals file is a won deal (exports of won deals only, without a status column).
    #[arg(long)]
    pub deals_all_won: bool,
    /// Deal status values that mean lost (comma separated).
    #[arg(long, value_name = "VALUES")]
    pub lost_values: Option<String>,
    /// Force a contacts column's type: `COLUMN=text|number|bool|date|date-dmy|date-mdy`.
    #[arg(long = "column-type", value_name = "COLUMN=TYPE")]
    pub column_types: Vec<String>,
    /// A deals date column's format: `COLUMN=date|date-dmy|date-mdy`.
    #[arg(long = "deals-column-type", value_name = "COLUMN=TYPE")]
    pub deals_column_types: Vec<String>,
    /// Score as of this date (YYYY-MM-DD); default: the latest date in the data.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Text,
    /// JSON (the same figures, for other tools).
    Json,
    /// Markdown tables.
    Markdown,
}

/// `simulate` arguments.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The rule set to simulate.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// A rule set to compare against (e.g. the one in production).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Leads sales can follow up per month: precision and wins captured at that capacity.
    #[arg(long, value_name = "LEADS")]
    pub capacity: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The rule set to check; without one, only the data is checked.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `score` arguments.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The rule set.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// Output file: .csv or .parquet.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Load the whole history into memory first, as the app does, instead
    /// of scoring the contacts a slice at a time (the default; the same scores).
    #[arg(long, conflicts_with = "stream")]
    pub in_memory: bool,
    /// Score a slice at a time (the default; kept for older scripts).
    #[arg(long, hide = true)]
    pub stream: bool,
    /// Contacts per slice.
    #[arg(long, default_value_t = 150_000)]
    pub batch_rows: usize,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `backtest` arguments.
#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// The rule set to test.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// A rule set to compare against.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Cutoff date (YYYY-MM-DD): what was known before it is scored. Default: one horizon before the end of the data.
    #[arg(long, value_name = "DATE")]
    pub cutoff: Option<chrono::NaiveDate>,
    /// Days after the cutoff in which a won deal counts (the cutoff is day 0; the last day counts).
    #[arg(long, default_value_t = 90)]
    pub horizon_days: u32,
    /// Rolling cutoffs instead of one: `monthly` or a number of days.
    #[arg(long, value_name = "monthly|DAYS")]
    pub rolling: Option<String>,
    /// Leads sales can follow up per month: precision and wins captured at that capacity (over the horizon).
    #[arg(long, value_name = "LEADS")]
    pub capacity: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `sweep` arguments.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The rule set.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// Leads sales can follow up per month: prints the SQL threshold that fits.
    #[arg(long, value_name = "LEADS")]
    pub capacity: Option<f64>,
    /// Show every n-th threshold only (the table can be long).
    #[arg(long, default_value_t = 1)]
    pub every: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `evidence` arguments.
#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// The rule set.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// How many candidate rules to list.
    #[arg(long, default_value_t = 20)]
    pub candidates: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `evaluate` arguments.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The rule set to evaluate.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// A rule set to compare against (e.g. the one in production).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Cutoff date (YYYY-MM-DD) of the back-test window. Default: one horizon before the end of the data.
    #[arg(long, value_name = "DATE")]
    pub cutoff: Option<chrono::NaiveDate>,
    /// Days after the cutoff in which a won deal counts (the cutoff is day 0; the last day counts).
    #[arg(long, default_value_t = 90)]
    pub horizon_days: u32,
    /// Leads sales can follow up per month: precision and wins captured at that capacity.
    #[arg(long, value_name = "LEADS")]
    pub capacity: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

/// `draft` arguments.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Where to write the drafted rule set (.ron or .json).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// How many candidate rules to take, strongest first.
    #[arg(long, default_value_t = 12)]
    pub top: usize,
    /// Leads sales can follow up per month: sets the SQL threshold.
    #[arg(long, value_name = "LEADS")]
    pub capacity: Option<f64>,
    /// Also take candidates flagged as probable leakage (values that almost always mean won).
    #[arg(long)]
    pub include_leakage: bool,
    /// The rule set's name.
    #[arg(long, default_value = "Drafted from the history")]
    pub name: String,
    /// The data.
    #[command(flatten)]
    pub data: DataArgs,
}

fn parse_identifier_case(text: &str) -> Result<crate::export::IdentifierCase, String> {
    crate::export::IdentifierCase::from_name(text)
        .ok_or_else(|| format!("\"{text}\" is not exact, upper or lower"))
}

/// The warehouse tables the SQL reads and `convert`'s scripts create.
#[derive(Debug, Clone, Args)]
pub struct WarehouseTables {
    /// Contacts table (may be schema.table).
    #[arg(long, default_value = "contacts")]
    pub contacts_table: String,
    /// Events table.
    #[arg(long, default_value = "events")]
    pub events_table: String,
    /// Letter case of the warehouse's table and column names: exact (as in
    /// the files), upper (Snowflake tables created without quotes; Snowflake's
    /// default) or lower (PostgreSQL tables created without quotes).
    #[arg(long, value_name = "CASE", value_parser = parse_identifier_case)]
    pub identifiers: Option<crate::export::IdentifierCase>,
}

/// `convert` arguments.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Folder for the tables and load scripts (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The tables the load scripts create: the names the exported query reads.
    #[command(flatten)]
    pub tables: WarehouseTables,
    /// The raw export to convert, and how to map it.
    #[command(flatten)]
    pub data: DataArgs,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The rule set as RON.
    Ron,
    /// The rule set as JSON (same schema).
    Json,
    /// One scoring query for a data warehouse.
    Sql,
    /// The SLA summary as Markdown.
    SlaMd,
    /// The SLA summary as HTML.
    SlaHtml,
}

/// `export` arguments.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The rule set.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    pub to: ExportFormat,
    /// SQL dialect: postgres, duckdb, spark, bigquery or snowflake.
    #[arg(long, default_value = "postgres")]
    pub dialect: String,
    /// The tables the query reads.
    #[command(flatten)]
    pub tables: WarehouseTables,
    /// Output file (written atomically); default: standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// For the SLA: the rule set in production, so rules kept from it read "unchanged".
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// For the SLA: a team's proposal each rule is traced back to (repeat for both teams).
    #[arg(long = "proposal", value_name = "FILE")]
    pub proposals: Vec<PathBuf>,
    /// The data (for SQL: column types and roles; for the SLA: the figures).
    #[command(flatten)]
    pub data: DataArgs,
}

/// `sample` arguments.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Seed of the generator: the same seed gives the same files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Number of contacts.
    #[arg(long, default_value_t = 10_000)]
    pub contacts: usize,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `bench` arguments.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Number of contacts to generate.
    #[arg(long, default_value_t = 1_000_000)]
    pub contacts: usize,
    /// Folder for the generated files (default: a temporary folder).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Also time `leadscore score` side by side with a peer running the
    /// exported SQL on the same typed files (DuckDB from Python).
    #[arg(long, value_enum, value_name = "PEER")]
    pub against: Option<Peer>,
    /// Runs of each side, alternating (A B A B …).
    #[arg(long, default_value_t = 2)]
    pub runs: usize,
    /// The rule set of the side-by-side runs (default: the bundled 30-rule bench model).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Only generate the history into --dir (the bench runs this in a
    /// process of its own, to measure loading in a clean one).
    #[arg(long, hide = true)]
    pub generate_only: bool,
}

/// A peer the bench compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Peer {
    /// DuckDB (Python package) running `export --to sql --dialect duckdb`.
    Duckdb,
}

/// Prints panics as one line instead of a backtrace: a user should see what
/// went wrong, not our stack.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        // A damaged file the Parquet reader panicked on: the guard reports
        // it as one line naming the file; this one would only confuse.
        if crate::data::guard::quietly() {
            return;
        }
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let inputs = input_files();
        let reading = if inputs.is_empty() {
            String::new()
        } else {
            format!(" while working on {inputs}")
        };
        eprintln!(
            "leadscore: internal error{location}: {}{reading} (please report this, with that file if you can)",
            crate::format::one_line(&message)
        );
    }));
}

/// The files and folders named on the command line, for the panic line:
/// the input that brought the fault out is the one thing a report needs.
fn input_files() -> String {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let names: Vec<String> = args
        .windows(2)
        // What follows --out is written, not read.
        .filter(|pair| pair[0] != "--out")
        .map(|pair| &pair[1])
        .filter(|a| {
            let path = std::path::Path::new(a);
            path.is_file() || (path.is_dir() && path != std::path::Path::new("."))
        })
        .map(|a| crate::format::echo(&a.to_string_lossy()))
        .collect();
    names.join(", ")
}

/// Runs a parsed subcommand; prints one line on stderr on failure.
pub fn run_command(command: Command) -> ExitCode {
    let result = match command {
        Command::Simulate(args) => commands::simulate(&args),
        Command::Check(args) => commands::check(&args),
        Command::Score(args) => commands::score(&args),
        Command::Sample(args) => commands::sample(&args),
        Command::Backtest(args) => calibrate::backtest(&args),
        Command::Sweep(args) => calibrate::sweep(&args),
        Command::Evidence(args) => calibrate::evidence(&args),
        Command::Export(args) => export::export(&args),
        Command::Convert(args) => export::convert(&args),
        Command::Evaluate(args) => evaluate::evaluate(&args),
        Command::Draft(args) => draft::draft(&args),
        Command::Bench(args) => bench::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let text = crate::format::one_line(&crate::errors::chain(e.as_ref()));
            eprintln!("leadscore: error: {text}");
            ExitCode::FAILURE
        }
    }
}
