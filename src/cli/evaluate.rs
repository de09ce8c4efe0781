//! `evaluate`: the evidence for a rule set in one report — model quality on
//! a back-test window beside the baseline, the gains and calibration
//! tables, stability since the window, and jointly fitted points checked on
//! a later window.

use std::process::ExitCode;

use anyhow::anyhow;
use serde::Serialize;

use super::commands::{load_rules, print_load_warnings, spinner};
use super::quality::{
    calibration_table, gains_table, joint_fit_block, quality_block, stability_block,
};
use super::{EvaluateArgs, Format, load_with_progress};
use crate::analysis::evaluation::{
    JointFitReport, ModelQuality, Stability, fit_cutoff_before, joint_fit, stability,
};
use crate::analysis::{BacktestError, BacktestWindow, backtest_with, default_cutoff_range};
use crate::engine::Scorer;

/// Everything `evaluate` found; `--format json` prints it whole.
#[derive(Serialize)]
struct Evaluation<'a> {
    rule_set: &'a str,
    baseline: Option<&'a str>,
    window: BacktestWindow,
    contacts_scored: usize,
    quality: ModelQuality,
    stability: Option<Stability>,
    /// Why stability was not measured.
    stability_error: Option<String>,
    joint_fit: Option<JointFitReport>,
    /// Why the points were not fitted.
    joint_fit_error: Option<String>,
}

/// `leadscore evaluate`.
pub fn evaluate(args: &EvaluateArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let baseline = args.baseline.as_deref().map(load_rules).transpose()?;
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    super::commands::note_as_of(&data, &args.data);
    if args.capacity.is_some_and(|k| k <= 0.0) {
        anyhow::bail!("--capacity must be a positive number of leads per month");
    }
    let cutoff = match args.cutoff {
        Some(c) => c,
        None => default_cutoff_range(&data, args.horizon_days)
            .map(|(_, last)| last)
            .ok_or_else(|| {
                anyhow!(
                    "give --cutoff: the data has no creation dates to choose one (evaluate works on a back-test window, so that no contact is scored with what happened after its outcome)"
                )
            })?,
    };
    let window = BacktestWindow {
        cutoff,
        horizon_days: args.horizon_days,
    };
    let mut scorer = Scorer::new();
    let bar = spinner(&format!("back-testing at {cutoff}"));
    let result = backtest_with(
        &data,
        &rules,
        baseline.as_ref(),
        window,
        args.capacity,
        &mut scorer,
    );
    bar.finish_and_clear();
    let result = result.map_err(|e| match e {
        BacktestError::NoOutcomeDates => {
            anyhow!("{e}; without them, `simulate` prints model quality on the whole history")
        }
        other => other.into(),
    })?;
    let bar = spinner("measuring stability");
    let stability = stability(&data, &rules, cutoff, args.horizon_days + 1, &mut scorer)
        .map_err(|e| e.to_string());
    bar.finish_and_clear();
    let bar = spinner("fitting the points jointly");
    let fit_cutoff = fit_cutoff_before(&data, cutoff, args.horizon_days);
    let joint = joint_fit(&data, &rules, fit_cutoff, args.horizon_days, &mut scorer)
        .map_err(|e| e.to_string());
    bar.finish_and_clear();
    let report = Evaluation {
        rule_set: &rules.name,
        baseline: baseline.as_ref().map(|b| b.name.as_str()),
        window,
        contacts_scored: result.population,
        quality: result.quality,
        stability_error: stability.as_ref().err().cloned(),
        stability: stability.ok(),
        joint_fit_error: joint.as_ref().err().cloned(),
        joint_fit: joint.ok(),
    };
    print!("{}", render(args.format, &report)?);
    Ok(ExitCode::SUCCESS)
}

fn render(format: Format, r: &Evaluation) -> anyhow::Result<String> {
    if format == Format::Json {
        let mut text = serde_json::to_string_pretty(r)?;
        text.push('\n');
        return Ok(text);
    }
    let heading = |text: &str| match format {
        Format::Markdown => format!("\n## {text}\n\n"),
        _ => format!("\n{text}\n"),
    };
    let mut out = match format {
        Format::Markdown => format!("# Evidence for \"{}\"\n\n", r.rule_set),
        _ => format!("Evidence for \"{}\"\n", r.rule_set),
    };
    out.push_str(&format!(
        "Back-test at {}: contacts that existed and were not yet customers, scored with what was known the day before; a win is a deal won from the cutoff through day {} after it.{}\n",
        r.window.cutoff,
        r.window.horizon_days,
        r.baseline
            .map(|b| format!(" Baseline: \"{b}\"."))
            .unwrap_or_default()
    ));
    out.push_str(&heading("Model quality"));
    out.push_str(&quality_block(&r.quality, format));
    out.push_str(&heading("Gains by score decile"));
    out.push_str(&gains_table(&r.quality.rule_set.quality.gains, format));
    out.push_str(&heading("Calibration"));
    out.push_str(&calibration_table(&r.quality.rule_set, format));
    out.push_str(&heading("Stability"));
    match (&r.stability, &r.stability_error) {
        (Some(s), _) => out.push_str(&stability_block(s, format)),
        (None, e) => out.push_str(&format!("Not measured: {}.\n", e.as_deref().unwrap_or(""))),
    }
    out.push_str(&heading("Jointly fitted points"));
    match (&r.joint_fit, &r.joint_fit_error) {
        (Some(j), _) => out.push_str(&joint_fit_block(j, format)),
        (None, e) => out.push_str(&format!("Not fitted: {}.\n", e.as_deref().unwrap_or(""))),
    }
    Ok(out)
}
