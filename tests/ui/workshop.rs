//! The workshop: the other team's proposal side by side, adopting from it.

use super::*;
use leadscore::model::{RulePair, pair_rules};
use leadscore::ui::{
    LOAD_OTHER_LABEL, OTHER_PATH_LABEL, SAVE_MERGED_LABEL, adopt_points_label, adopt_rule_label,
    adopt_setting_label, choice_label, drop_rule_label,
};

fn sales_path() -> PathBuf {
    leadscore::data::sample_data_dir().join("sales_proposal.ron")
}

/// The app on the Workshop tab with the sales proposal loaded through the
/// typed path, scored.
fn workshop_with_sales() -> Harness<'static, Studio> {
    let mut harness = harness();
    harness.get_by_label("Workshop").click();
    harness.settle();
    let field = harness.get_by_label(OTHER_PATH_LABEL);
    field.focus();
    field.type_text(&sales_path().display().to_string());
    harness.run();
    harness.get_by_label(LOAD_OTHER_LABEL).click();
    harness.settle();
    harness
}

fn working(harness: &Harness<'_, Studio>) -> leadscore::model::RuleSet {
    harness.state().workspace().unwrap().working.clone()
}

fn has_rule(harness: &Harness<'_, Studio>, name: &str) -> bool {
    working(harness).rules().any(|(_, r)| r.name == name)
}

fn pairs(harness: &Harness<'_, Studio>) -> Vec<RulePair> {
    let workspace = harness.state().workspace().unwrap();
    pair_rules(&workspace.working, &workspace.other.as_ref().unwrap().rules)
}

fn undo(harness: &mut Harness<'_, Studio>) {
    harness.get_by_label("Undo").click();
    harness.settle();
}

#[test]
fn a_typed_path_loads_the_other_proposal_with_rules_paired_and_both_points() {
    let harness = workshop_with_sales();
    let workspace = harness.state().workspace().unwrap();
    let other = workspace
        .other
        .as_ref()
        .expect("the sales proposal is open");
    assert_eq!(other.rules.name, "Sales proposal");
    assert!(matches!(other.summary, Some(Ok(_))), "{:?}", other.summary);
    assert!(!other.rule_stats.is_empty(), "their rules have figures");
    // "Demo request" sits beside sales' "Bottom-funnel forms", with both
    // sides' points and figures.
    assert!(harness.query_all_by_label("Demo request").count() >= 2);
    harness.get_by_label("their \"Bottom-funnel forms\"");
    for points in ["+35 pts", "+15 pts"] {
        assert!(harness.query_all_by_label(points).count() >= 1, "{points}");
    }
    assert!(harness.query_all_by_label_contains("lift ").count() > 10);
    assert!(harness.query_all_by_label_contains("matched ").count() > 10);
    harness.get_by_label(&adopt_points_label("Demo request"));
    // Settings in words, not as Rust values.
    harness.get_by_label("Disqualification floor: none here, below 0 in Sales proposal");
    assert_eq!(harness.query_all_by_label_contains("Some(").count(), 0);
    // The headline: baseline, ours and theirs.
    harness.get_by_label("Baseline: Current production");
    assert!(harness.query_all_by_label("Marketing proposal").count() >= 1);
    assert!(harness.query_all_by_label("Sales proposal").count() >= 1);
    // The sample rule sets are one click away.
    harness.get_by_label(&choice_label("current_production.ron"));
}

#[test]
fn adopting_their_rule_or_points_is_one_undo_step_each() {
    let mut harness = workshop_with_sales();
    let before = working(&harness);
    harness
        .get_by_label(&adopt_points_label("Demo request"))
        .click();
    harness.settle();
    assert_eq!(working_rule_points(&harness, "Demo request"), 15);
    undo(&mut harness);
    assert_eq!(working(&harness), before);

    harness
        .get_by_label(&adopt_rule_label("Demo request"))
        .click();
    harness.settle();
    assert!(!has_rule(&harness, "Demo request"));
    assert!(has_rule(&harness, "Bottom-funnel forms"));
    undo(&mut harness);
    assert_eq!(working(&harness), before);
}

#[test]
fn their_rule_is_added_and_ours_dropped_one_undo_step_each() {
    let mut harness = workshop_with_sales();
    let before = working(&harness);
    let rows = pairs(&harness);
    let theirs_only = rows
        .iter()
        .find(|p| p.ours.is_none())
        .expect("a rule only sales has");
    let name = theirs_only.name().to_owned();
    harness.get_by_label(&adopt_rule_label(&name)).click();
    harness.settle();
    assert!(has_rule(&harness, &name), "{name} is added");
    undo(&mut harness);
    assert_eq!(working(&harness), before);

    let ours_only = rows
        .iter()
        .find(|p| p.theirs.is_none())
        .expect("a rule only we have");
    let name = ours_only.name().to_owned();
    harness.get_by_label(&drop_rule_label(&name)).click();
    harness.settle();
    assert!(!has_rule(&harness, &name), "{name} is dropped");
    undo(&mut harness);
    assert_eq!(working(&harness), before);
}

#[test]
fn their_thresholds_are_adopted_one_or_all_in_one_undo_step() {
    let mut harness = workshop_with_sales();
    let before = working(&harness);
    harness
        .get_by_label(&adopt_setting_label("MQL threshold"))
        .click();
    harness.settle();
    assert_eq!(working(&harness).stages.mql_threshold, 40);
    undo(&mut harness);
    assert_eq!(working(&harness), before);

    harness
        .get_by_label(&adopt_setting_label("thresholds"))
        .click();
    harness.settle();
    let stages = working(&harness).stages;
    assert_eq!(
        (
            stages.mql_threshold,
            stages.sql_threshold,
            stages.disqualify_below
        ),
        (40, 70, Some(0))
    );
    undo(&mut harness);
    assert_eq!(working(&harness), before);
}

#[test]
fn the_merged_proposal_is_saved_as_a_new_file_never_over_a_teams() {
    let mut harness = workshop_with_sales();
    harness.state_mut().set_native_dialogs(false);
    harness.get_by_label(SAVE_MERGED_LABEL).click();
    harness.run();
    let prompt = harness.state().path_prompt().expect("a path is asked for");
    assert!(
        prompt.text.ends_with("merged_proposal.ron"),
        "{}",
        prompt.text
    );

    let sales_before = std::fs::read_to_string(sales_path()).unwrap();
    harness.state_mut().push(Command::SaveMerged(sales_path()));
    harness.settle();
    assert!(
        harness
            .state()
            .message()
            .unwrap()
            .contains("file of its own")
    );
    assert_eq!(std::fs::read_to_string(sales_path()).unwrap(), sales_before);

    let dir = tempfile::tempdir().unwrap();
    let merged = dir.path().join("merged.ron");
    harness
        .state_mut()
        .push(Command::SaveMerged(merged.clone()));
    harness.settle();
    let saved = leadscore::model::load_rule_set(&merged).unwrap();
    assert_eq!(saved.name, "Merged proposal");
    assert_eq!(working(&harness), saved);
    assert!(!harness.state().workspace().unwrap().has_unsaved_changes());
}

#[test]
fn compare_on_the_command_line_opens_the_workshop_with_their_proposal() {
    use clap::Parser;
    let cli = leadscore::cli::Cli::try_parse_from(["leadscore", "--compare", "sales.ron"]).unwrap();
    assert_eq!(cli.compare, Some(PathBuf::from("sales.ron")));

    let mut startup = Startup::with_data_dir(data_dir());
    startup.other = Some(sales_path());
    let harness = harness_of(Studio::new(startup));
    assert_eq!(harness.state().view(), CentralView::Workshop);
    let workspace = harness.state().workspace().unwrap();
    let other = workspace.other.as_ref().unwrap();
    assert_eq!(other.rules.name, "Sales proposal");
    assert_eq!(other.path.as_deref(), Some(sales_path().as_path()));
    harness.get_by_label(&adopt_points_label("Demo request"));
}

#[test]
fn the_project_keeps_the_other_proposal_and_its_file() {
    let mut harness = workshop_with_sales();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("workshop.lsproj");
    harness
        .state_mut()
        .push(Command::SaveProject(project.clone()));
    harness.settle();
    harness.state_mut().push(Command::OpenProject(project));
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    let other = workspace
        .other
        .as_ref()
        .expect("the project brings it back");
    assert_eq!(other.rules.name, "Sales proposal");
    let kept = other.path.as_deref().map(|p| p.canonicalize().unwrap());
    assert_eq!(kept, Some(sales_path().canonicalize().unwrap()));
    assert!(matches!(other.summary, Some(Ok(_))));
    assert!(!other.rule_stats.is_empty());
}
