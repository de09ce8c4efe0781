//! `backtest`, `sweep` and `evidence`: the analyst's subcommands.

use std::process::ExitCode;

use anyhow::{anyhow, bail};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::commands::{load_rules, print_load_warnings, score_once, spinner};
use super::report::{
    Table, conversion_cell, headline, money, percent, rule_table, signed, stage_table, thousands,
};
use super::{BacktestArgs, EvidenceArgs, Format, SweepArgs, load_with_progress};
use crate::analysis::{
    BacktestResult, BacktestWindow, Step, Sweep, backtest_with, candidate_rules, cutoffs,
    default_cutoff_range, period_months, rolling_backtest, rule_stats,
};
use crate::engine::Scorer;
use crate::model::Stage;

fn heading(format: Format, text: &str) -> String {
    match format {
        Format::Markdown => format!("\n## {text}\n\n"),
        _ => format!("\n{text}\n"),
    }
}

fn json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// `leadscore backtest`.
pub fn backtest(args: &BacktestArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let baseline = args.baseline.as_deref().map(load_rules).transpose()?;
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    super::commands::note_as_of(&data, &args.data);
    let mut scorer = Scorer::new();
    if let Some(rolling) = &args.rolling {
        let step = match rolling.as_str() {
            "monthly" => Step::Monthly,
            days => Step::Days(days.parse().map_err(|_| {
                anyhow!("--rolling takes `monthly` or a number of days, not \"{days}\"")
            })?),
        };
        let (first, last) = default_cutoff_range(&data, args.horizon_days)
            .ok_or_else(|| anyhow!("the data is too short for rolling cutoffs with a {}-day horizon (it needs creation dates)", args.horizon_days))?;
        let dates = cutoffs(first, last, step);
        let bar = ProgressBar::new(dates.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} cutoffs {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let results = rolling_backtest(
            &data,
            &rules,
            baseline.as_ref(),
            &dates,
            args.horizon_days,
            &mut scorer,
            |i, _| {
                bar.set_position(i as u64);
                true
            },
        )?;
        bar.finish_and_clear();
        print!("{}", rolling_report(args.format, &rules.name, &results)?);
        return Ok(ExitCode::SUCCESS);
    }
    let cutoff = match args.cutoff {
        Some(c) => c,
        None => default_cutoff_range(&data, args.horizon_days)
            .map(|(_, last)| last)
            .ok_or_else(|| {
                anyhow!("give --cutoff: the data has no creation dates to choose one")
            })?,
    };
    let bar = spinner(&format!("back-testing at {cutoff}"));
    if args.capacity.is_some_and(|k| k <= 0.0) {
        bail!("--capacity must be a positive number of leads per month");
    }
    let result = backtest_with(
        &data,
        &rules,
        baseline.as_ref(),
        BacktestWindow {
            cutoff,
            horizon_days: args.horizon_days,
        },
        args.capacity,
        &mut scorer,
    );
    bar.finish_and_clear();
    let result = result?;
    print!(
        "{}",
        backtest_report(
            args.format,
            &rules.name,
            baseline.as_ref().map(|b| b.name.as_str()),
            &result
        )?
    );
    Ok(ExitCode::SUCCESS)
}

fn backtest_report(
    format: Format,
    name: &str,
    baseline: Option<&str>,
    r: &BacktestResult,
) -> anyhow::Result<String> {
    if format == Format::Json {
        return json(r);
    }
    let mut out = match format {
        Format::Markdown => format!("# Back-test of \"{name}\"\n\n"),
        _ => format!("Back-test of \"{name}\"\n"),
    };
    out.push_str(&format!(
        "Cutoff {}: {} contacts existed and were not yet customers ({} already customers, {} created later); wins counted from the cutoff through {} days.\n",
        r.window.cutoff,
        thousands(r.population),
        thousands(r.already_customers),
        thousands(r.not_yet_created),
        r.window.horizon_days
    ));
    for w in &r.warnings {
        out.push_str(&format!("Warning: {w}.\n"));
    }
    out.push_str(&headline(&r.summary));
    out.push_str(&heading(format, "Stages"));
    out.push_str(&stage_table(&r.summary, r.baseline.as_ref(), format));
    if let (Some(b), Some(name)) = (&r.baseline, baseline) {
        out.push_str(&heading(format, &format!("Baseline \"{name}\"")));
        out.push_str(&headline(b));
    }
    out.push_str(&heading(format, "Model quality in the window"));
    out.push_str(&super::quality::quality_block(&r.quality, format));
    out.push_str(&heading(format, "Rules in the window"));
    out.push_str(&rule_table(&r.rules, format));
    Ok(out)
}

fn rolling_report(
    format: Format,
    name: &str,
    results: &[BacktestResult],
) -> anyhow::Result<String> {
    if format == Format::Json {
        return json(&results);
    }
    let mut out = match format {
        Format::Markdown => format!("# Rolling back-test of \"{name}\"\n\n"),
        _ => format!("Rolling back-test of \"{name}\"\n"),
    };
    if let Some(first) = results.first() {
        for w in &first.warnings {
            out.push_str(&format!("Warning: {w}.\n"));
        }
    }
    let mut table = Table::new(&[
        "cutoff",
        "contacts",
        "won",
        "SQL conv.",
        "MQL conv.",
        "nurture conv.",
        "captured",
        "AUC [95% CI]",
        "baseline MQL+SQL conv.",
        "baseline AUC",
    ]);
    for r in results {
        let conv = |s: Stage| {
            r.summary
                .stage(s)
                .map_or("–".to_owned(), |x| conversion_cell(&x.conversion))
        };
        table.row(vec![
            r.window.cutoff.to_string(),
            thousands(r.population),
            thousands(r.summary.won),
            conv(Stage::Sql),
            conv(Stage::Mql),
            conv(Stage::Nurture),
            percent(r.summary.capture_rate()),
            auc_cell(r.quality.rule_set.quality.auc.as_ref()),
            r.baseline.as_ref().map_or("–".to_owned(), |b| {
                conversion_cell(&b.qualified_conversion)
            }),
            auc_cell(
                r.quality
                    .baseline
                    .as_ref()
                    .and_then(|b| b.quality.auc.as_ref()),
            ),
        ]);
    }
    out.push_str(&table.render(format));
    Ok(out)
}

fn auc_cell(auc: Option<&crate::analysis::Auc>) -> String {
    auc.map_or("–".to_owned(), |a| {
        format!("{:.3} [{:.3}–{:.3}]", a.value, a.low, a.high)
    })
}

/// `leadscore sweep`.
pub fn sweep(args: &SweepArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    super::commands::note_as_of(&data, &args.data);
    let scores = score_once(&data, &rules, &args.rules, &args.data)?;
    let sweep = Sweep::new(
        &scores,
        &data.outcomes,
        period_months(data.created_ms.as_ref()),
    );
    let capacity = match args.capacity {
        Some(k) if k <= 0.0 => bail!("--capacity must be a positive number of leads per month"),
        Some(k) => Some(
            sweep
                .for_capacity(k)
                .ok_or_else(|| anyhow!("{}", no_capacity(&sweep, k)))?,
        ),
        None => None,
    };
    if args.format == Format::Json {
        #[derive(Serialize)]
        struct Report<'a> {
            sweep: &'a Sweep,
            capacity: Option<&'a crate::analysis::Capacity>,
        }
        print!(
            "{}",
            json(&Report {
                sweep: &sweep,
                capacity: capacity.as_ref()
            })?
        );
        return Ok(ExitCode::SUCCESS);
    }
    print!(
        "{}",
        sweep_report(args, &rules.name, &sweep, capacity.as_ref())
    );
    Ok(ExitCode::SUCCESS)
}

/// Why no threshold fits a capacity: no creation dates to count months, or
/// more contacts tie at the highest score than sales can follow up.
fn no_capacity(sweep: &Sweep, per_month: f64) -> String {
    match (sweep.months, sweep.rows.first()) {
        (None, _) => format!(
            "cannot fit a capacity of {per_month} leads per month: volumes per month need the contacts' creation dates (map contacts.created)"
        ),
        (Some(_), None) => "cannot fit a capacity: no eligible contacts were scored".to_owned(),
        (Some(months), Some(top)) => format!(
            "cannot fit a capacity of {per_month} leads per month: even the highest threshold, {}, gives {:.0} a month ({} contacts score {} or more over {months:.1} months)",
            top.threshold,
            top.contacts as f64 / months,
            thousands(top.contacts),
            top.threshold
        ),
    }
}

/// The sweep as text or Markdown: the capacity line, then the thresholds.
fn sweep_report(
    args: &SweepArgs,
    rule_set: &str,
    sweep: &Sweep,
    capacity: Option<&crate::analysis::Capacity>,
) -> String {
    let mut out = format!(
        "Threshold sweep of \"{}\": {} eligible contacts (exclusions left out), {} won{}.\n",
        rule_set,
        thousands(sweep.eligible),
        thousands(sweep.won),
        sweep
            .months
            .map(|m| format!(", over {m:.1} months"))
            .unwrap_or_default()
    );
    if let Some(c) = capacity {
        out.push_str(&format!(
            "Capacity {:.0} leads/month → SQL threshold {}: {:.0} leads/month converting at {}, {} of {} wins captured ({}), {} missed.\n",
            c.per_month,
            c.threshold,
            c.monthly_volume,
            c.conversion.describe(),
            thousands(c.wins_captured),
            thousands(sweep.won),
            percent(c.recall),
            thousands(c.wins_missed)
        ));
    }
    let mut table = Table::new(&[
        "threshold ≥",
        "contacts",
        "per month",
        "conversion [95% CI]",
        "share of wins",
        "revenue",
    ]);
    for row in sweep.rows.iter().rev().step_by(args.every.max(1)) {
        table.row(vec![
            signed(row.threshold),
            thousands(row.contacts),
            row.monthly_volume
                .map_or("–".to_owned(), |v| format!("{v:.0}")),
            conversion_cell(&row.conversion),
            percent(row.recall),
            money(row.revenue),
        ]);
    }
    out.push_str(&heading(args.format, "Thresholds"));
    out.push_str(&table.render(args.format));
    out
}

/// `leadscore evidence`.
pub fn evidence(args: &EvidenceArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    super::commands::note_as_of(&data, &args.data);
    let scores = score_once(&data, &rules, &args.rules, &args.data)?;
    let stats = rule_stats(&scores, &data.outcomes);
    let bar = spinner("looking for candidate rules");
    let candidates = candidate_rules(&data, args.candidates);
    bar.finish_and_clear();
    if args.format == Format::Json {
        #[derive(Serialize)]
        struct Report<'a> {
            rules: &'a [crate::analysis::RuleStat],
            candidates: &'a [crate::analysis::Candidate],
        }
        print!(
            "{}",
            json(&Report {
                rules: &stats,
                candidates: &candidates
            })?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!(
        "Evidence for \"{}\" from {} contacts (suggested points: weight of evidence, 10 points double the odds, rounded to 5).\n",
        rules.name,
        thousands(data.len())
    );
    out.push_str(&heading(args.format, "Rules"));
    out.push_str(&rule_table(&stats, args.format));
    out.push_str(&heading(
        args.format,
        "Candidate rules (strongest evidence first)",
    ));
    let mut table = Table::new(&[
        "candidate",
        "conv. matched",
        "conv. rest",
        "lift",
        "suggested",
        "note",
    ]);
    for c in &candidates {
        table.row(vec![
            c.name.clone(),
            conversion_cell(&c.matched_conversion),
            conversion_cell(&c.rest_conversion),
            format!("{:.2}×", c.lift),
            signed(c.suggested_points),
            c.note.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&table.render(args.format));
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
