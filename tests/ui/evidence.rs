//! The Evidence tab: model quality of the working rule set beside the
//! baseline, the back-test evidence gathered in the background with its
//! charts and stability table, and jointly fitted points accepted as
//! undoable edits.

use super::*;
use egui_kittest::kittest::NodeT;
use leadscore::analysis::PROBABLE_LEAKAGE;
use leadscore::analysis::evaluation::model_quality;
use leadscore::analysis::quality::Auc;
use leadscore::model::RuleSet;
use leadscore::ui::{
    APPLY_ALL_FITTED_LABEL, CALIBRATION_CHART_LABEL, EvidenceReport, GAINS_CHART_LABEL,
    ROC_CHART_LABEL, RUN_EVIDENCE_LABEL, accept_fitted_label,
};

/// The app on the Evidence tab, its figures computed.
fn evidence_tab() -> Harness<'static, Studio> {
    let mut harness = harness();
    harness.get_by_label("Evidence").click();
    harness.settle();
    assert_eq!(harness.state().view(), CentralView::Evidence);
    harness
}

/// Presses Run and waits for the background work.
fn run_evidence(harness: &mut Harness<'_, Studio>) -> EvidenceReport {
    harness.get_by_label(RUN_EVIDENCE_LABEL).click();
    // The click's frame starts the thread; the next one shows it, Cancel
    // beside the spinner while it works (it may already be done).
    harness.step();
    harness.step();
    if harness.state().is_gathering_evidence() {
        harness.get_by_label("Cancel");
    }
    harness.settle();
    match harness.state().evidence_outcome() {
        Some(Ok(report)) => report.clone(),
        other => panic!("the back-test evidence: {other:?}"),
    }
}

/// Brings a widget below the fold into view and clicks it.
fn click_in_view(harness: &mut Harness<'_, Studio>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.settle();
}

fn working(harness: &Harness<'_, Studio>) -> RuleSet {
    harness.state().workspace().unwrap().working.clone()
}

/// "0.897 [0.863…0.932]".
fn auc_as_shown(auc: &Auc) -> String {
    format!("{:.3} [{:.3}…{:.3}]", auc.value, auc.low, auc.high)
}

/// "+0.183", "−0.006".
fn signed(x: f64) -> String {
    format!("{x:+.3}").replace('-', "−")
}

/// The rule set's AUC on the whole history of the simulation on screen,
/// as the tab shows it.
fn whole_history_auc(harness: &Harness<'_, Studio>) -> String {
    let workspace = harness.state().workspace().unwrap();
    let simulation = workspace.simulation.as_ref().unwrap();
    let quality = model_quality(
        &simulation.proposal_scores,
        Some(&simulation.baseline_scores),
        &workspace.data.outcomes,
        None,
    );
    auc_as_shown(&quality.rule_set.quality.auc.unwrap())
}

#[test]
fn the_evidence_tab_shows_the_auc_of_rule_set_and_baseline() {
    let harness = evidence_tab();
    let workspace = harness.state().workspace().unwrap();
    let simulation = workspace.simulation.as_ref().unwrap();
    let expected = model_quality(
        &simulation.proposal_scores,
        Some(&simulation.baseline_scores),
        &workspace.data.outcomes,
        None,
    );
    let rule_set = expected.rule_set.quality.auc.unwrap();
    let baseline = expected.baseline.as_ref().unwrap().quality.auc.unwrap();
    assert_ne!(auc_as_shown(&rule_set), auc_as_shown(&baseline));
    harness.get_by_label(&auc_as_shown(&rule_set));
    harness.get_by_label(&auc_as_shown(&baseline));
    let difference = expected.difference.unwrap();
    harness.get_by_label(&format!(
        "{} [{}…{}]",
        signed(difference.difference),
        signed(difference.low),
        signed(difference.high)
    ));
    harness.get_by_label("Gini [95% CI]");
    harness.get_by_label("Brier skill");
    // The honest note: the whole history is not the figure to defend.
    harness.get_by_label_contains("the ones to defend");
}

#[test]
fn the_back_test_evidence_shows_charts_stability_and_fitted_points() {
    let mut harness = evidence_tab();
    let cutoff = harness.get_by_label("Cutoff date").value().unwrap();
    let report = run_evidence(&mut harness);
    assert_eq!(report.request.cutoff.to_string(), cutoff);
    assert_eq!(report.request.capacity_per_month, None);
    assert!(report.backtest.population > 0);
    for label in [ROC_CHART_LABEL, GAINS_CHART_LABEL, CALIBRATION_CHART_LABEL] {
        harness.get_by_label(label);
    }
    // The back-test's AUC, as the table shows it.
    let auc = report.backtest.quality.rule_set.quality.auc.unwrap();
    harness.get_by_label(&auc_as_shown(&auc));
    let stability = report.stability.as_ref().expect("stability measured");
    harness.get_by_label("Score PSI");
    harness.get_by_label("Matched before");
    let banded = ["stable", "watch", "act"]
        .iter()
        .map(|band| harness.query_all_by_label(band).count())
        .sum::<usize>();
    let with_psi = stability.rules.iter().filter(|r| r.psi.is_some()).count()
        + usize::from(stability.score.is_some());
    assert_eq!(banded, with_psi, "every PSI carries its band");
    let joint_fit = report.joint_fit.as_ref().expect("points fitted");
    assert!(!joint_fit.fit.rules.is_empty());
    harness.get_by_label_contains("Held out at");
    harness.get_by_label(APPLY_ALL_FITTED_LABEL);
}

#[test]
fn a_cancelled_run_says_so_and_a_bad_capacity_is_explained() {
    let mut harness = evidence_tab();
    let field = harness.get_by_label(leadscore::ui::EVIDENCE_CAPACITY_LABEL);
    field.focus();
    field.type_text("many");
    harness.run();
    harness.get_by_label_contains("number of leads a month");
    assert!(
        harness
            .get_by_label(RUN_EVIDENCE_LABEL)
            .accesskit_node()
            .is_disabled()
    );
    // Cancelled as soon as it starts: it stops after its first step.
    let cutoff = harness
        .state()
        .workspace()
        .unwrap()
        .data
        .latest_date
        .unwrap()
        - chrono::Days::new(120);
    harness.state_mut().push(Command::RunEvidence {
        cutoff,
        horizon_days: 90,
        capacity_per_month: Some(100.0),
    });
    harness.state_mut().push(Command::CancelEvidence);
    harness.settle();
    assert!(matches!(
        harness.state().evidence_outcome(),
        Some(Err(AppError::Cancelled(_)))
    ));
    harness.get_by_label_contains("was cancelled");
}

#[test]
fn accepting_one_fitted_rule_is_one_undo_step() {
    let mut harness = evidence_tab();
    let report = run_evidence(&mut harness);
    let fit = &report.joint_fit.as_ref().unwrap().fit;
    let before = working(&harness);
    let fitted = fit
        .rules
        .iter()
        .find(|p| {
            before
                .rule(p.path)
                .is_some_and(|r| r.points != p.fitted_points)
        })
        .expect("a rule whose fitted points differ from its own");
    let original = working_rule_points(&harness, &fitted.name);
    click_in_view(&mut harness, &accept_fitted_label(&fitted.name));
    assert_eq!(
        working_rule_points(&harness, &fitted.name),
        fitted.fitted_points
    );
    // Only that rule changed.
    let changed = working(&harness)
        .rules()
        .zip(before.rules())
        .filter(|((_, now), (_, was))| now.points != was.points)
        .count();
    assert_eq!(changed, 1);
    harness.get_by_label_contains("run again");
    // The whole-history figures follow the new simulation.
    let shown = whole_history_auc(&harness);
    assert!(harness.query_all_by_label(&shown).count() >= 1, "{shown}");

    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(working_rule_points(&harness, &fitted.name), original);
    assert_eq!(working(&harness), before);
    // The rule set is the one the evidence ran on again.
    assert!(harness.query_by_label_contains("run again").is_none());
}

#[test]
fn applying_all_fitted_points_is_one_undo_step() {
    let mut harness = evidence_tab();
    let report = run_evidence(&mut harness);
    let fit = &report.joint_fit.as_ref().unwrap().fit;
    let before = working(&harness);
    let differing = fit
        .rules
        .iter()
        .filter(|p| {
            before
                .rule(p.path)
                .is_some_and(|r| r.points != p.fitted_points)
        })
        .count();
    assert!(differing > 1, "several rules get new points");
    click_in_view(&mut harness, APPLY_ALL_FITTED_LABEL);
    let after = working(&harness);
    for points in &fit.rules {
        assert_eq!(
            after.rule(points.path).unwrap().points,
            points.fitted_points,
            "{}",
            points.name
        );
    }
    assert!(
        harness
            .get_by_label(APPLY_ALL_FITTED_LABEL)
            .accesskit_node()
            .is_disabled()
    );

    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(working(&harness), before, "one undo takes every point back");
    assert!(!harness.state().workspace().unwrap().history.can_undo());
}

#[test]
fn a_rule_that_records_the_outcome_is_marked_as_probable_leakage() {
    let mut harness = evidence_tab();
    let workspace = harness.state().workspace().unwrap();
    let (index, candidate) = workspace
        .profile
        .candidates
        .iter()
        .enumerate()
        .find(|(_, c)| c.probable_leakage && c.matched_conversion.value >= 0.95)
        .map(|(i, c)| (i, c.clone()))
        .expect("the sample history has a column that records the outcome");
    harness.state_mut().push(Command::AddCandidate(index));
    harness.settle();
    assert!(
        working(&harness)
            .rules()
            .any(|(_, r)| r.name == candidate.name)
    );
    run_evidence(&mut harness);
    let markers = harness.query_all_by_label(PROBABLE_LEAKAGE).count();
    assert!(markers >= 1, "the rule is marked in the evidence tables");
}
