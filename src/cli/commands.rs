//! The subcommands that load data and score it.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::report;
use super::{CheckArgs, DataArgs, Format, SampleArgs, ScoreArgs, SimulateArgs};
use crate::analysis::evaluation::{CapacityAsk, model_quality};
use crate::analysis::{Simulation, after_outcome_of_rules};
use crate::data::{
    ColumnOverride, DataSources, Dataset, DateFormat, LoadError, LoadOptions, RoleMapping,
    find_table, load_dataset, sample_data_dir,
};
use crate::engine::{Scorer, Scores, resolve_as_of};
use crate::format::thousands;
use crate::model::{CheckedRuleSet, RuleSet, Severity, load_rule_set};

fn sources(args: &DataArgs) -> anyhow::Result<DataSources> {
    let dir = args.data.clone().unwrap_or_else(sample_data_dir);
    let from_dir = |stem: &str| find_table(&dir, stem);
    let contacts = match &args.contacts {
        Some(p) => p.clone(),
        None => from_dir("contacts")
            .ok_or_else(|| anyhow!("no contacts.csv or contacts.parquet in {}", dir.display()))?,
    };
    let explicit = args.contacts.is_some();
    Ok(DataSources {
        contacts,
        deals: args
            .deals
            .clone()
            .or_else(|| (!explicit).then(|| from_dir("deals")).flatten()),
        events: args
            .events
            .clone()
            .or_else(|| (!explicit).then(|| from_dir("events")).flatten()),
    })
}

fn set_role(roles: &mut RoleMapping, spec: &str) -> anyhow::Result<()> {
    let (key, column) = spec
        .split_once('=')
        .ok_or_else(|| anyhow!("--map needs TABLE.ROLE=COLUMN, got \"{spec}\""))?;
    let column = Some(column.trim().trim_matches('"').to_owned());
    let slot = match key.trim() {
        "contacts.id" => &mut roles.contacts.id,
        "contacts.created" => &mut roles.contacts.created,
        "contacts.email" => &mut roles.contacts.email,
        "contacts.name" => &mut roles.contacts.name,
        "contacts.outcome" => &mut roles.contacts.outcome,
        "contacts.won_date" => &mut roles.contacts.won_date,
        "deals.id" => &mut roles.deals.id,
        "deals.contact_id" => &mut roles.deals.contact_id,
        "deals.email" => &mut roles.deals.email,
        "deals.status" => &mut roles.deals.status,
        "deals.amount" => &mut roles.deals.amount,
        "deals.created" => &mut roles.deals.created,
        "deals.closed" => &mut roles.deals.closed,
        "events.contact_id" => &mut roles.events.contact_id,
        "events.timestamp" => &mut roles.events.timestamp,
        "events.event_type" => &mut roles.events.event_type,
        "events.detail" => &mut roles.events.detail,
        other => bail!("unknown role \"{other}\" in --map (see --help)"),
    };
    *slot = column;
    Ok(())
}

fn load_options(args: &DataArgs) -> anyhow::Result<LoadOptions> {
    let mut roles = RoleMapping::default();
    for spec in &args.maps {
        set_role(&mut roles, spec)?;
    }
    let list = |values: &Option<String>| -> Vec<String> {
        values
            .iter()
            .flat_map(|v| v.split(','))
            .map(crate::data::parse::normalize_text)
            .filter(|v| !v.is_empty())
            .collect()
    };
    roles.deals.won_values = list(&args.won_values);
    roles.deals.lost_values = list(&args.lost_values);
    roles.deals.all_won = args.deals_all_won;
    Ok(LoadOptions {
        roles,
        column_types: column_types(&args.column_types, "--column-type")?,
        deals_column_types: column_types(&args.deals_column_types, "--deals-column-type")?,
    })
}

fn column_types(specs: &[String], flag: &str) -> anyhow::Result<HashMap<String, ColumnOverride>> {
    let mut column_types = HashMap::new();
    for spec in specs {
        let (column, kind) = spec
            .rsplit_once('=')
            .ok_or_else(|| anyhow!("{flag} needs COLUMN=TYPE, got \"{spec}\""))?;
        let kind = match kind.trim() {
            "text" => ColumnOverride::Text,
            "number" => ColumnOverride::Number,
            "bool" => ColumnOverride::Bool,
            "date" => ColumnOverride::Date(DateFormat::Iso),
            "date-mdy" => ColumnOverride::Date(DateFormat::MonthFirst),
            "date-dmy" => ColumnOverride::Date(DateFormat::DayFirst),
            other => bail!(
                "unknown column type \"{other}\" in {flag} (text, number, bool, date, date-mdy, date-dmy)"
            ),
        };
        column_types.insert(column.trim().to_owned(), kind);
    }
    Ok(column_types)
}

/// What to type to choose the column a load error says is missing.
fn missing_role_hint(error: &LoadError) -> Option<String> {
    let LoadError::MissingRole { table, role, .. } = error else {
        return None;
    };
    let key = match (*table, *role) {
        ("contacts", "contact id") => "contacts.id",
        ("contacts", _) => "contacts.email",
        ("deals", "status (won / lost)") => {
            return Some(
                "choose the status column with --map deals.status=COLUMN, or pass --deals-all-won if every row is a won deal".to_owned(),
            );
        }
        ("deals", _) => "deals.contact_id",
        ("events", "contact id") => "events.contact_id",
        ("events", "timestamp") => "events.timestamp",
        ("events", _) => "events.event_type",
        _ => return None,
    };
    Some(format!("choose the column with --map {key}=COLUMN"))
}

pub(super) fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// The data files and options the app opens with: none named means the
/// app's own choice (the files given as arguments, or the samples).
pub fn app_data(args: &DataArgs) -> anyhow::Result<(Option<DataSources>, LoadOptions)> {
    let named = args.data.is_some() || args.contacts.is_some();
    let sources = if named { Some(sources(args)?) } else { None };
    Ok((sources, load_options(args)?))
}

/// Loads the data named by the arguments, with a spinner on stderr.
pub fn load_with_progress(args: &DataArgs) -> anyhow::Result<Dataset> {
    let sources = sources(args)?;
    let options = load_options(args)?;
    let bar = spinner("loading data");
    let result = load_dataset(&sources, &options);
    bar.finish_and_clear();
    if let Err(error) = &result
        && let Some(hint) = missing_role_hint(error)
    {
        eprintln!("leadscore: hint: {hint}");
    }
    Ok(result?)
}

pub(super) fn load_rules(path: &Path) -> anyhow::Result<RuleSet> {
    Ok(load_rule_set(path)?)
}

/// Scores `rules` (read from `path`) once, with a spinner; errors name the file.
pub(super) fn score_once(
    data: &Dataset,
    rules: &RuleSet,
    path: &Path,
    args: &DataArgs,
) -> anyhow::Result<Arc<Scores>> {
    score_with_progress(&mut Scorer::new(), data, rules, path, args)
}

/// Scores `rules` (read from `path`) with a spinner; errors name the file.
pub(super) fn score_with_progress(
    scorer: &mut Scorer,
    data: &Dataset,
    rules: &RuleSet,
    path: &Path,
    args: &DataArgs,
) -> anyhow::Result<Arc<Scores>> {
    let as_of = resolve_as_of(data, args.as_of);
    let bar = spinner(&format!(
        "scoring {} contacts with \"{}\"",
        data.len(),
        rules.name
    ));
    let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
    let result = scorer.score(data, &checked, as_of);
    bar.finish_and_clear();
    // The file last, as every other message names it.
    result.map_err(|e| anyhow!("{}: {}", crate::errors::chain(&e), path.display()))
}

/// Says which date the scores are as of when the data cannot: with no date
/// in any table the default is today, and the same command gives other
/// results on other days.
pub(super) fn note_as_of(data: &Dataset, args: &DataArgs) {
    if args.as_of.is_none() && data.latest_date.is_none() {
        print_as_of_today(resolve_as_of(data, None));
    }
}

fn print_as_of_today(today: chrono::NaiveDate) {
    eprintln!(
        "leadscore: note: the data holds no dates, so scores are as of today, {}; give --as-of DATE for results that do not change with the day",
        today
    );
}

pub(super) fn print_load_warnings(data: &Dataset) {
    for r in &data.reports {
        for note in &r.notes {
            eprintln!(
                "leadscore: note: {}: {note}: {}",
                r.table.label(),
                r.path.display()
            );
        }
    }
}

/// `leadscore simulate`.
pub fn simulate(args: &SimulateArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let baseline = args.baseline.as_deref().map(load_rules).transpose()?;
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    note_as_of(&data, &args.data);
    let mut scorer = Scorer::new();
    let scores = score_with_progress(&mut scorer, &data, &rules, &args.rules, &args.data)?;
    let baseline_scores = match (&baseline, &args.baseline) {
        (Some(b), Some(path)) => score_with_progress(&mut scorer, &data, b, path, &args.data)?,
        _ => Arc::clone(&scores),
    };
    // The same figures the app's dashboard shows, built by the same function.
    let simulation = Simulation::new(
        &data,
        &after_outcome_of_rules(&data, &rules),
        &scores,
        &baseline_scores,
    );
    let ask = match (args.capacity, simulation.months) {
        (Some(k), _) if k <= 0.0 => {
            bail!("--capacity must be a positive number of leads per month")
        }
        (Some(_), None) => bail!(
            "--capacity needs the contacts' creation dates, to count the months of the history (map contacts.created)"
        ),
        (Some(per_month), Some(months)) => Some(CapacityAsk { per_month, months }),
        (None, _) => None,
    };
    let quality = model_quality(
        &scores,
        baseline.is_some().then_some(baseline_scores.as_ref()),
        &data.outcomes,
        ask,
    );
    let context = report::Context {
        data: &data,
        rules: &rules,
        as_of: resolve_as_of(&data, args.data.as_of),
        quality: &quality,
    };
    let mut text = report::simulation(args.format, &context, &simulation, baseline.as_ref())?;
    if args.format != Format::Json {
        text.push_str(&match args.format {
            Format::Markdown => "\n## Model quality (whole history)\n\n".to_owned(),
            _ => "\nModel quality (whole history)\n".to_owned(),
        });
        text.push_str(
            "Scored as of the end of the data, so activity after an outcome counts: `backtest` and `evaluate` give the figures to defend.\n",
        );
        text.push_str(&super::quality::quality_block(&quality, args.format));
    }
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `leadscore check`: exit code 0 when the rule set can be scored on the data.
pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let rules = args.rules.as_deref().map(load_rules).transpose()?;
    let data = load_with_progress(&args.data)?;
    print!("{}", report::load_report(&data));
    let (Some(rules), Some(rules_path)) = (rules, &args.rules) else {
        println!();
        println!("No rule set given (--rules FILE): the data alone was checked.");
        return Ok(ExitCode::SUCCESS);
    };
    let checked = CheckedRuleSet::new(rules, &data.schema);
    let (rules, issues) = (checked.rules(), checked.issues());
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    println!();
    let name = crate::format::echo(&rules.name);
    if issues.is_empty() {
        println!("Rule set \"{name}\": no problems found.");
    } else {
        println!("Rule set \"{name}\":");
        for issue in issues {
            println!("  {}", crate::format::one_line(&issue.to_string()));
        }
    }
    if let Some(first) = issues.iter().find(|i| i.severity == Severity::Error) {
        let more = match errors {
            1 => String::new(),
            2 => ", and 1 more".to_owned(),
            n => format!(", and {} more", thousands(n - 1)),
        };
        bail!(
            "the rule set has {} error{} ({}: {}{more}): {}",
            thousands(errors),
            if errors == 1 { "" } else { "s" },
            first.location,
            first.message,
            rules_path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `leadscore score`: a slice of contacts at a time into the output file,
/// or with `--in-memory` the whole history loaded first.
pub fn score(args: &ScoreArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    if !args.in_memory {
        return score_streaming(args, &rules);
    }
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    note_as_of(&data, &args.data);
    let scores = score_once(&data, &rules, &args.rules, &args.data)?;
    let bar = spinner(&format!("writing {}", args.out.display()));
    let result = crate::engine::write_scores(&data, &scores, &args.out);
    bar.finish_and_clear();
    result?;
    eprintln!(
        "leadscore: scored {} contacts as of {} into {}",
        scores.len(),
        resolve_as_of(&data, args.data.as_of),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn score_streaming(args: &ScoreArgs, rules: &RuleSet) -> anyhow::Result<ExitCode> {
    let sources = sources(&args.data)?;
    let options = load_options(&args.data)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} contacts {elapsed} (eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let report = crate::engine::score_in_batches(
        &sources,
        &options,
        rules,
        &args.out,
        args.data.as_of,
        args.batch_rows,
        |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    );
    bar.finish_and_clear();
    let report = match report {
        Ok(report) => report,
        Err(crate::engine::BatchError::Load(error)) => {
            if let Some(hint) = missing_role_hint(&error) {
                eprintln!("leadscore: hint: {hint}");
            }
            return Err(error.into());
        }
        // The rule set could not be scored: its file is the one to name.
        Err(error @ crate::engine::BatchError::Engine(_)) => {
            let text = crate::errors::chain(&error);
            return Err(anyhow!("{text}: {}", args.rules.display()));
        }
        // The others name their file (the data read, the output written).
        Err(error) => return Err(error.into()),
    };
    for (table, path, note) in &report.notes {
        eprintln!(
            "leadscore: note: {}: {note}: {}",
            table.label(),
            path.display()
        );
    }
    if report.as_of_today {
        print_as_of_today(report.as_of);
    }
    eprintln!(
        "leadscore: scored {} contacts in {} slice{} as of {} into {} ({:.1} s)",
        report.contacts,
        report.batches,
        if report.batches == 1 { "" } else { "s" },
        report.as_of,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `leadscore sample`.
pub fn sample(args: &SampleArgs) -> anyhow::Result<ExitCode> {
    let options = crate::sample::SampleOptions {
        seed: args.seed,
        contacts: args.contacts,
        ..Default::default()
    };
    let bar = spinner(&format!("generating {} contacts", args.contacts));
    let mut history = crate::sample::generate(&options)?;
    let written = crate::sample::write_history(&mut history, &args.out)?;
    bar.finish_and_clear();
    for path in written {
        eprintln!("leadscore: wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
