//! The analyst's evidence as text and Markdown tables: the quality block
//! of `simulate`, `backtest` and `evaluate`, the gains and calibration
//! tables, stability and the jointly fitted points.

use super::Format;
use super::report::{Table, conversion_cell, percent, signed, thousands};
use crate::analysis::evaluation::{
    AtCapacity, JointFitReport, ModelQuality, RankedQuality, Stability,
};
use crate::analysis::joint_fit::FeatureKind;
use crate::analysis::quality::{Auc, GainsRow};
use crate::analysis::stability::Psi;

fn interval(auc: &Auc) -> String {
    format!("{:.3} [{:.3}–{:.3}]", auc.value, auc.low, auc.high)
}

fn gini(auc: &Auc) -> String {
    format!("{:.3} [{:.3}–{:.3}]", auc.gini, auc.gini_low, auc.gini_high)
}

fn scores(row_min: Option<i64>, row_max: Option<i64>) -> String {
    match (row_min, row_max) {
        (Some(lo), Some(hi)) if lo == hi => signed(lo),
        (Some(lo), Some(hi)) => format!("{}…{}", signed(lo), signed(hi)),
        _ => "–".to_owned(),
    }
}

fn capacity_cell(c: Option<&AtCapacity>) -> String {
    c.map_or("–".to_owned(), |c| {
        format!(
            "≥ {}: {} of {} wins, precision {}",
            c.threshold,
            thousands(c.wins_captured),
            thousands(c.wins),
            conversion_cell(&c.precision)
        )
    })
}

/// The quality block: AUC, Gini, KS, Brier and capacity of the rule set,
/// beside the baseline's and their paired difference.
pub(super) fn quality_block(q: &ModelQuality, format: Format) -> String {
    let own = &q.rule_set;
    let base = q.baseline.as_ref();
    let mut headers = vec!["", "rule set"];
    if base.is_some() {
        headers.extend(["baseline", "difference [95% CI]"]);
    }
    let mut table = Table::new(&headers);
    let row = |label: &str, f: &dyn Fn(&RankedQuality) -> String, diff: String| {
        let mut cells = vec![label.to_owned(), f(own)];
        if let Some(b) = base {
            cells.extend([f(b), diff]);
        }
        cells
    };
    let auc_of = |r: &RankedQuality| r.quality.auc.as_ref().map_or("–".to_owned(), interval);
    let difference = q.difference.as_ref().map_or("–".to_owned(), |d| {
        format!(
            "{:+.3} [{:+.3}–{:+.3}] p{}",
            d.difference,
            d.low,
            d.high,
            p_value(d.p_value)
        )
    });
    table.row(row("AUC [95% CI]", &auc_of, difference));
    let gini_difference = q.difference.as_ref().map_or("–".to_owned(), |d| {
        format!(
            "{:+.3} [{:+.3}–{:+.3}]",
            2.0 * d.difference,
            2.0 * d.low,
            2.0 * d.high
        )
    });
    table.row(row(
        "Gini [95% CI]",
        &|r| r.quality.auc.as_ref().map_or("–".to_owned(), gini),
        gini_difference,
    ));
    table.row(row(
        "KS",
        &|r| {
            r.quality.ks.as_ref().map_or("–".to_owned(), |k| {
                format!("{:.3} at ≥ {}", k.value, k.threshold)
            })
        },
        String::new(),
    ));
    table.row(row(
        "Brier (skill)",
        &|r| {
            r.quality.calibration.as_ref().map_or("–".to_owned(), |c| {
                format!("{:.4} ({})", c.brier, percent(c.brier_skill))
            })
        },
        String::new(),
    ));
    if own.capacity.is_some() || base.is_some_and(|b| b.capacity.is_some()) {
        table.row(row(
            "At capacity",
            &|r| capacity_cell(r.capacity.as_ref()),
            String::new(),
        ));
    }
    let mut out = format!(
        "{} contacts ranked ({} won); contacts the rule set excludes are left out{}.\n",
        thousands(own.quality.contacts),
        thousands(own.quality.wins),
        if base.is_some() {
            format!(
                "; the difference is paired, on the {} contacts neither excludes",
                thousands(q.paired_contacts)
            )
        } else {
            String::new()
        }
    );
    if own.quality.wins == 0 || own.quality.wins == own.quality.contacts {
        out.push_str(
            "AUC, Gini, KS and calibration compare won contacts with the others: they need both.\n",
        );
    }
    if let Some(c) = own.capacity.as_ref() {
        out.push_str(&format!(
            "Capacity {:.0} leads a month over {:.1} months: {} contacts.\n",
            c.ask.per_month,
            c.ask.months,
            thousands(c.allowed)
        ));
    }
    out.push_str(&after_text(format));
    out.push_str(&table.render(format));
    out
}

fn p_value(p: f64) -> String {
    if p < 0.0001 {
        "<0.0001".to_owned()
    } else {
        format!("={p:.4}")
    }
}

/// The gains table by score decile.
pub(super) fn gains_table(rows: &[GainsRow], format: Format) -> String {
    let mut table = Table::new(&[
        "decile",
        "scores",
        "contacts",
        "wins",
        "conversion [95% CI]",
        "lift",
        "cum. contacts",
        "cum. share of wins",
        "cum. lift",
    ]);
    let lift = |l: Option<f64>| l.map_or("–".to_owned(), |l| format!("{l:.2}×"));
    for r in rows {
        table.row(vec![
            r.decile.to_string(),
            scores(r.min_score, r.max_score),
            thousands(r.contacts),
            thousands(r.wins),
            conversion_cell(&r.conversion),
            lift(r.lift),
            percent(r.cumulative_share_of_contacts),
            percent(r.cumulative_share_of_wins),
            lift(r.cumulative_lift),
        ]);
    }
    table.render(format)
}

/// The calibration table: observed conversion per decile beside the
/// calibrated probability.
pub(super) fn calibration_table(q: &RankedQuality, format: Format) -> String {
    let Some(c) = &q.quality.calibration else {
        return "No calibration: it needs both won and other contacts.\n".to_owned();
    };
    let mut out = format!(
        "Calibrated probability p = 1 / (1 + exp(−({:.4} + {:.5} × score))), fitted by maximum likelihood on these contacts. Brier score {:.4}; predicting the overall rate for everyone scores {:.4} (skill {}).\n",
        c.intercept,
        c.slope,
        c.brier,
        c.brier_reference,
        percent(c.brier_skill)
    );
    let mut table = Table::new(&[
        "decile",
        "scores",
        "contacts",
        "observed [95% CI]",
        "predicted",
    ]);
    for b in &c.bands {
        table.row(vec![
            b.decile.to_string(),
            scores(b.min_score, b.max_score),
            thousands(b.observed.n),
            conversion_cell(&b.observed),
            b.predicted
                .map_or("–".to_owned(), |p| format!("{:.1}%", p * 100.0)),
        ]);
    }
    out.push_str(&after_text(format));
    out.push_str(&table.render(format));
    out
}

fn psi_cell(psi: Option<&Psi>) -> String {
    psi.map_or("–".to_owned(), |p| {
        format!("{:.3} {}", p.value, p.band.label())
    })
}

/// Stability of the score and of every rule's match rate.
pub(super) fn stability_block(s: &Stability, format: Format) -> String {
    let mut out = format!(
        "Contacts created {} to {} ({}, scored as of {}) against those created {} to {} ({}, scored as of {}). PSI below 0.1 is stable, 0.1 to 0.25 worth watching, above 0.25 worth acting on.\nScore PSI: {}.\n",
        s.reference.from,
        s.reference.to,
        thousands(s.reference.contacts),
        s.reference.as_of,
        s.latest.from,
        s.latest.to,
        thousands(s.latest.contacts),
        s.latest.as_of,
        psi_cell(s.score.as_ref())
    );
    let mut table = Table::new(&["rule", "matched before", "matched latest", "PSI"]);
    for r in &s.rules {
        table.row(vec![
            r.name.clone(),
            percent(r.reference_rate),
            percent(r.latest_rate),
            psi_cell(r.psi.as_ref()),
        ]);
    }
    out.push_str(&after_text(format));
    out.push_str(&table.render(format));
    out
}

/// The jointly fitted points beside the current and univariate ones, and
/// the held-out check.
pub(super) fn joint_fit_block(r: &JointFitReport, format: Format) -> String {
    let fit = &r.fit;
    let mut out = format!(
        "Fitted on the back-test at {} ({}-day horizon): {} contacts, {} won. Regularised logistic regression (ridge penalty {}), {} points double the odds, rounded to 5{}.\n",
        r.fit_window.cutoff,
        r.fit_window.horizon_days,
        thousands(fit.contacts),
        thousands(fit.wins),
        fit.l2,
        fit.points_to_double_odds,
        if fit.converged {
            ""
        } else {
            "; the fit did not converge — read it with care"
        }
    );
    let mut table = Table::new(&["rule", "current", "univariate", "fitted [95% CI]", "per"]);
    for p in &fit.rules {
        table.row(vec![
            p.name.clone(),
            signed(p.current_points),
            p.univariate_points.map_or("–".to_owned(), signed),
            format!(
                "{} [{}…{}]",
                signed(p.fitted_points),
                signed(p.low),
                signed(p.high)
            ),
            match p.kind {
                FeatureKind::Matched => "match".to_owned(),
                FeatureKind::EventCount => "event".to_owned(),
            },
        ]);
    }
    out.push_str(&after_text(format));
    out.push_str(&table.render(format));
    for (name, why) in &fit.skipped {
        out.push_str(&format!("\"{name}\" not fitted: {why}.\n"));
    }
    if let Some(h) = &r.held_out {
        {
            let auc = |a: Option<&Auc>| a.map_or("–".to_owned(), interval);
            out.push_str(&format!(
                "Held out: the back-test at {} ({} contacts, {} won): AUC {} with the current points, {} with the fitted points; gain {}.\n",
                h.window.cutoff,
                thousands(h.contacts),
                thousands(h.wins),
                auc(h.current.as_ref()),
                auc(h.fitted.as_ref()),
                h.gain.as_ref().map_or("–".to_owned(), |g| format!(
                    "{:+.3} [{:+.3}–{:+.3}]",
                    g.difference, g.low, g.high
                ))
            ));
        }
    }
    if let Some(note) = &r.note {
        out.push_str(&format!("{note}.\n"));
    }
    out
}

/// A blank line before a Markdown table that follows text: a table cannot
/// interrupt a paragraph.
fn after_text(format: Format) -> String {
    if format == Format::Markdown {
        "\n".to_owned()
    } else {
        String::new()
    }
}
