//! The desktop app, clicked through as a user would (egui_kittest, no
//! rendering): edits change the figures, undo brings them back.

mod evidence;
mod inspector;
mod leakage;
mod presentation;
mod workshop;

use std::path::PathBuf;
use std::sync::OnceLock;

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use leadscore::data::{DataSources, TableKind};
use leadscore::export::ExportKind;
use leadscore::model::RuleEdit;
use leadscore::model::{Condition, NumberOp, Stage, TextOp};
use leadscore::ui::{
    AppError, BacktestOutcome, CentralView, Command, EXPORT_CHANGES_LABEL, EditPhase, Startup,
    Studio, accept_label, add_candidate_label, changes_csv, edit_label, export_bytes, points_label,
    stage_funnel,
};

/// The bundled sample data, or the same history generated into a temporary
/// folder when the bundled files have not been generated yet.
fn data_dir() -> PathBuf {
    static GENERATED: OnceLock<tempfile::TempDir> = OnceLock::new();
    let bundled = leadscore::data::sample_data_dir();
    if bundled.join("contacts.csv").exists() {
        return bundled;
    }
    GENERATED
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let options = leadscore::sample::SampleOptions {
                contacts: 3_000,
                ..Default::default()
            };
            let mut history = leadscore::sample::generate(&options).unwrap();
            leadscore::sample::write_history(&mut history, dir.path()).unwrap();
            dir
        })
        .path()
        .to_owned()
}

fn harness() -> Harness<'static, Studio> {
    harness_of(Studio::new(Startup::with_data_dir(data_dir())))
}

/// Frames until the app's background work (loading, scoring, back-tests)
/// is done: the tests wait on the real worker threads.
trait Settle {
    fn settle(&mut self);
}

impl Settle for Harness<'_, Studio> {
    fn settle(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        self.step();
        while self.state().is_busy() {
            assert!(
                std::time::Instant::now() < deadline,
                "the app is still busy after 300 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.step();
        }
        self.run();
    }
}

/// Contacts in a stage under the working rule set, from the latest figures.
fn count(harness: &Harness<'_, Studio>, stage: Stage) -> usize {
    let workspace = harness.state().workspace().unwrap();
    let simulation = workspace.simulation.as_ref().unwrap();
    simulation.comparison.proposal.stage(stage).unwrap().count
}

fn qualified(harness: &Harness<'_, Studio>) -> (usize, usize) {
    (count(harness, Stage::Mql), count(harness, Stage::Sql))
}

fn working_rule_points(harness: &Harness<'_, Studio>, name: &str) -> i64 {
    let workspace = harness.state().workspace().unwrap();
    let (_, rule) = workspace
        .working
        .rules()
        .find(|(_, r)| r.name == name)
        .unwrap();
    rule.points
}

#[test]
fn opens_with_marketing_proposal_against_production() {
    let harness = harness();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Marketing proposal");
    assert_ne!(workspace.baseline, workspace.working);
    let simulation = workspace.simulation.as_ref().unwrap();
    let total: usize = Stage::ALL.iter().map(|&s| count(&harness, s)).sum();
    assert_eq!(total, workspace.data.len());
    assert!(count(&harness, Stage::Sql) > 0);
    assert!(!simulation.rule_stats.is_empty());
    assert!(simulation.distribution.buckets.iter().any(|b| b.won > 0));
    // The dashboard and the rule list are on screen.
    harness.get_by_label("Choose the baseline");
    harness.get_by_label("Executive or VP");
    assert!(harness.query_all_by_label_contains("matched").count() > 5);
}

#[test]
fn disabling_a_rule_moves_contacts_between_stages_and_undo_restores() {
    let mut harness = harness();
    let before = qualified(&harness);
    harness.get_by_label("Demo request").click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    let (_, rule) = workspace
        .working
        .rules()
        .find(|(_, r)| r.name == "Demo request")
        .unwrap();
    assert!(!rule.enabled);
    let after = qualified(&harness);
    assert_ne!(
        after, before,
        "disabling a rule worth points changes MQL/SQL"
    );
    assert!(after.0 + after.1 < before.0 + before.1);

    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(qualified(&harness), before);
    harness.get_by_label("Redo").click();
    harness.settle();
    assert_eq!(qualified(&harness), after);
}

#[test]
fn setting_points_changes_counts_and_undo_restores() {
    let mut harness = harness();
    let before = qualified(&harness);
    let original = working_rule_points(&harness, "Executive or VP");
    harness
        .get_by_label(&points_label("Executive or VP"))
        .set_value_accesskit(0.0);
    harness.settle();
    assert_eq!(working_rule_points(&harness, "Executive or VP"), 0);
    let after = qualified(&harness);
    assert!(after.0 + after.1 < before.0 + before.1);

    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(working_rule_points(&harness, "Executive or VP"), original);
    assert_eq!(qualified(&harness), before);
}

#[test]
fn dragging_points_is_one_undo_step() {
    let mut harness = harness();
    let original = working_rule_points(&harness, "Director");
    let start = harness
        .get_by_label(&points_label("Director"))
        .rect()
        .center();
    harness.hover_at(start);
    harness.drag_at(start);
    harness.settle();
    for step in 1..=4 {
        harness.hover_at(start + egui::vec2(15.0 * step as f32, 0.0));
        harness.settle();
    }
    let dragged = working_rule_points(&harness, "Director");
    assert!(dragged > original, "{dragged} > {original}");
    harness.drop_at(start + egui::vec2(60.0, 0.0));
    harness.settle();
    assert_eq!(working_rule_points(&harness, "Director"), dragged);

    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(working_rule_points(&harness, "Director"), original);
    assert!(!harness.state().workspace().unwrap().history.can_undo());
}

#[test]
fn raising_the_mql_threshold_shrinks_mql() {
    let mut harness = harness();
    let (mql_before, sql_before) = qualified(&harness);
    let threshold = harness
        .state()
        .workspace()
        .unwrap()
        .working
        .stages
        .mql_threshold;
    harness
        .get_by_role_and_label(Role::Slider, "MQL threshold")
        .set_value_accesskit((threshold + 15) as f64);
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.stages.mql_threshold, threshold + 15);
    let (mql_after, sql_after) = qualified(&harness);
    assert!(mql_after < mql_before, "{mql_after} < {mql_before}");
    // SQL is above the threshold that moved (unless MQL passed it).
    assert!(sql_after <= sql_before);
}

#[test]
fn opening_another_rule_set_is_one_undo_step() {
    let mut harness = harness();
    let path = leadscore::data::sample_data_dir().join("sales_proposal.ron");
    harness.state_mut().push(Command::OpenRuleSet(path));
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Sales proposal");
    assert!(workspace.simulation.as_ref().unwrap().rule_stats.len() > 3);
    assert!(harness.state().message().is_none());
    assert!(harness.state().workspace().unwrap().history.can_undo());

    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(
        harness.state().workspace().unwrap().working.name,
        "Marketing proposal"
    );
}

#[test]
fn a_missing_rule_set_is_reported_not_fatal() {
    let mut harness = harness();
    let path = PathBuf::from("no/such/rules.ron");
    harness.state_mut().push(Command::OpenRuleSet(path));
    harness.settle();
    let message = harness.state().message().unwrap();
    assert!(message.ends_with("no/such/rules.ron"), "{message}");
    assert_eq!(
        harness.state().workspace().unwrap().working.name,
        "Marketing proposal"
    );
}

#[test]
fn disabling_an_exclusion_lets_contacts_back_in() {
    let mut harness = harness();
    let excluded_before = count(&harness, Stage::Excluded);
    assert!(excluded_before > 0);
    harness.get_by_label("Opted out").click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert!(!workspace.working.exclusions[0].enabled);
    assert!(count(&harness, Stage::Excluded) < excluded_before);
}

#[test]
fn a_rule_on_a_missing_column_is_flagged_under_the_rule() {
    let mut harness = harness();
    let mut rules = harness.state().workspace().unwrap().working.clone();
    let path = rules.rules().find(|(_, r)| r.name == "Director").unwrap().0;
    rules.rule_mut(path).unwrap().condition = leadscore::model::Condition::NotEmpty {
        field: "Shoe size".to_owned(),
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.ron");
    leadscore::model::save_rule_set(&rules, &file).unwrap();
    harness.state_mut().push(Command::OpenRuleSet(file));
    harness.settle();

    harness.get_by_label("the data has no column \"Shoe size\"");
    let workspace = harness.state().workspace().unwrap();
    // The engine refuses a rule set with errors; the reason is shown.
    let error = workspace.simulation_error.as_ref().unwrap().message();
    assert!(error.contains("Shoe size"), "{error}");
    // The condition, the issue under the rule, and the status bar.
    assert!(harness.query_all_by_label_contains("Shoe size").count() >= 3);
}

#[test]
fn loading_in_the_background_shows_a_spinner_then_the_figures() {
    let studio = Studio::new(Startup::with_data_dir(data_dir()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 2400.0))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    harness.step();
    assert!(harness.query_by_label("Loading the data…").is_some());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        harness.step();
        let done = harness
            .state()
            .workspace()
            .is_some_and(|w| w.simulation.is_some() && !w.is_simulating());
        if done {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "loading took too long"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.step();
    assert!(count(&harness, Stage::Sql) > 0);
    harness.get_by_label("Choose the baseline");
}

#[test]
fn keyboard_shortcuts_undo_and_redo() {
    let mut harness = harness();
    let before = qualified(&harness);
    harness.get_by_label("Demo request").click();
    harness.settle();
    let after = qualified(&harness);
    assert_ne!(after, before);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.settle();
    assert_eq!(qualified(&harness), before);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.settle();
    assert_eq!(qualified(&harness), after);
}

#[test]
fn missing_data_is_explained_not_fatal() {
    let studio = Studio::new(Startup::with_data_dir(PathBuf::from("no/such/dir")));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness
        .query_by_label("The data could not be loaded")
        .is_none()
    {
        assert!(std::time::Instant::now() < deadline, "no error shown");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    assert!(harness.query_by_label_contains("no/such/dir").is_some());
    assert!(harness.state().workspace().is_none());
}

#[test]
fn a_floor_disqualifies_the_lowest_scores() {
    let mut harness = harness();
    assert_eq!(count(&harness, Stage::Disqualified), 0);
    harness.get_by_label("Disqualify below").click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.stages.disqualify_below, Some(0));
    assert!(count(&harness, Stage::Disqualified) > 0);
}

#[test]
fn edits_are_marked_unsaved_until_saved() {
    let mut harness = harness();
    assert!(!harness.state().workspace().unwrap().has_unsaved_changes());
    assert!(harness.query_by_label("unsaved").is_none());
    harness.get_by_label("Demo request").click();
    harness.settle();
    assert!(harness.state().workspace().unwrap().has_unsaved_changes());
    harness.get_by_label("unsaved");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("workshop.ron");
    harness.state_mut().push(Command::SaveRuleSet(file.clone()));
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert!(!workspace.has_unsaved_changes());
    assert_eq!(workspace.working_path.as_deref(), Some(file.as_path()));
    assert_eq!(
        leadscore::model::load_rule_set(&file).unwrap(),
        workspace.working
    );
    assert!(harness.query_by_label("unsaved").is_none());
}

/// A file dropped on the window, as the windowing integration hands it over.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_rule_set_is_opened() {
    let mut harness = harness();
    let path = leadscore::data::sample_data_dir().join("sales_proposal.ron");
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path)));
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Sales proposal");
}

#[test]
fn the_inspector_breaks_a_score_down_rule_by_rule() {
    let mut harness = harness();
    let (id, total, fit, engagement, matched) = {
        let workspace = harness.state().workspace().unwrap();
        let scores = &workspace.simulation.as_ref().unwrap().proposal_scores;
        let row = scores.stage.iter().position(|s| *s == Stage::Sql).unwrap();
        let matched = scores.matched_rule_names(row).len();
        (
            workspace.data.ids[row].clone(),
            scores.total[row],
            scores.fit[row],
            scores.engagement[row],
            matched,
        )
    };
    assert!(matched > 0);
    harness.get_by_label("Test a contact").click();
    harness.settle();
    harness
        .get_by_label(leadscore::ui::CONTACT_SEARCH_LABEL)
        .focus();
    harness
        .get_by_label(leadscore::ui::CONTACT_SEARCH_LABEL)
        .type_text(&id);
    harness.settle();
    harness.get_by_label(&format!(
        "Score {total} = fit {} + engagement {}: SQL",
        fit, engagement
    ));
    assert_eq!(harness.query_all_by_label("yes").count(), matched);
    // The values that decided the rules are shown, as the data holds them.
    let seniority = {
        let workspace = harness.state().workspace().unwrap();
        let row = workspace.data.ids.iter().position(|i| *i == id).unwrap();
        workspace.data.value_text(row, "Seniority").unwrap()
    };
    assert!(
        harness
            .query_all_by_label_contains(&format!("Seniority: {seniority}"))
            .count()
            >= 1
    );
}

#[test]
fn stale_simulations_are_dropped() {
    let session = Startup::with_data_dir(data_dir()).load().unwrap();
    let mut workspace = leadscore::ui::Workspace::new(session);
    let first = workspace.generation;
    assert!(workspace.is_simulating());
    let path = workspace.working.rules().next().unwrap().0;
    let edit = RuleEdit::ToggleRule {
        path,
        enabled: false,
    };
    assert!(workspace.apply_edit(&edit, EditPhase::Done));
    assert!(workspace.generation > first);
    // The answer to the first request arrives after the edit: ignored.
    workspace.receive(first, Err(AppError::Stopped("a stale run")));
    assert!(workspace.simulation_error.is_none());
    assert!(workspace.is_simulating());
    workspace.receive(workspace.generation, Err(AppError::NotReady));
    let shown = workspace.simulation_error.as_ref().map(AppError::message);
    assert_eq!(shown.as_deref(), Some("the figures are not ready yet"));
    assert!(!workspace.is_simulating());
}

fn working_rule(harness: &Harness<'_, Studio>, name: &str) -> Option<leadscore::model::Rule> {
    let workspace = harness.state().workspace().unwrap();
    workspace
        .working
        .rules()
        .find(|(_, r)| r.name == name)
        .map(|(_, r)| r.clone())
}

fn open_editor(harness: &mut Harness<'_, Studio>, rule: &str) {
    harness.get_by_label(&edit_label(rule)).click();
    harness.settle();
    harness.get_by_label("Rule name");
}

/// Picks `option` from the combo box named `combo`.
fn choose(harness: &mut Harness<'_, Studio>, combo: &str, option: &str) {
    harness.get_by_label(combo).click();
    harness.settle();
    harness.get_by_label(option).click();
    harness.settle();
}

#[test]
fn the_rule_builder_edits_operator_and_value_one_undo_step_each() {
    let mut harness = harness();
    let before = qualified(&harness);
    open_editor(&mut harness, "Director");
    choose(&mut harness, "Operator", "is one of");
    let rule = working_rule(&harness, "Director").unwrap();
    assert_eq!(
        rule.condition,
        Condition::Text {
            field: "Seniority".to_owned(),
            op: TextOp::OneOf(vec!["Director".to_owned()]),
            case_sensitive: false,
        }
    );
    // The column's most frequent values are offered with their counts.
    let vp = harness
        .query_all_by_label_contains("VP (")
        .next()
        .expect("the frequent values of Seniority are offered");
    vp.click();
    harness.settle();
    let rule = working_rule(&harness, "Director").unwrap();
    assert_eq!(
        rule.condition,
        Condition::Text {
            field: "Seniority".to_owned(),
            op: TextOp::OneOf(vec!["Director".to_owned(), "VP".to_owned()]),
            case_sensitive: false,
        }
    );
    let after = qualified(&harness);
    assert_ne!(after, before, "scoring VPs as directors changes the stages");
    harness.get_by_label("Undo").click();
    harness.settle();
    assert!(matches!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Text {
            op: TextOp::OneOf(ref values),
            ..
        } if values == &["Director".to_owned()]
    ));
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(qualified(&harness), before);
}

#[test]
fn the_rule_builder_offers_only_operators_that_fit_the_column() {
    let mut harness = harness();
    open_editor(&mut harness, "Director");
    choose(&mut harness, "Field", "Number of Employees (number)");
    let rule = working_rule(&harness, "Director").unwrap();
    assert!(matches!(
        rule.condition,
        Condition::Number { ref field, .. } if field == "Number of Employees"
    ));
    harness.get_by_label("Operator").click();
    harness.settle();
    assert!(harness.query_by_label("contains").is_none());
    assert!(harness.query_by_label("is between").is_some());
    harness.get_by_label("is at least").click();
    harness.settle();
    harness
        .get_by_label("Condition value")
        .set_value_accesskit(1000.0);
    harness.settle();
    let rule = working_rule(&harness, "Director").unwrap();
    assert_eq!(
        rule.condition,
        Condition::Number {
            field: "Number of Employees".to_owned(),
            op: NumberOp::Ge(1000.0),
        }
    );
    // Text operators for a text column, email tests for an email column.
    choose(&mut harness, "Field", "Email (text)");
    harness.get_by_label("Operator").click();
    harness.settle();
    assert!(harness.query_by_label("contains").is_some());
    harness.get_by_label("is a free-mail address").click();
    harness.settle();
    let rule = working_rule(&harness, "Director").unwrap();
    assert!(matches!(rule.condition, Condition::EmailDomain { .. }));
}

#[test]
fn renaming_owner_and_note_are_edited_in_the_builder() {
    let mut harness = harness();
    open_editor(&mut harness, "Director");
    let name = harness.get_by_label("Rule name");
    name.focus();
    harness.settle();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Rule name").type_text("Directors");
    harness.settle();
    // Nothing changes while typing.
    assert!(working_rule(&harness, "Director").is_some());
    harness.key_press(egui::Key::Enter);
    harness.settle();
    assert!(working_rule(&harness, "Director").is_none());
    assert!(working_rule(&harness, "Directors").is_some());
    choose(&mut harness, "Rule owner", "Sales");
    assert_eq!(
        working_rule(&harness, "Directors").unwrap().owner,
        leadscore::model::Owner::Sales
    );
    harness.get_by_label("Undo").click();
    harness.settle();
    harness.get_by_label("Undo").click();
    harness.settle();
    let rule = working_rule(&harness, "Director").unwrap();
    assert_eq!(rule.owner, leadscore::model::Owner::Marketing);
}

#[test]
fn rules_are_added_duplicated_moved_and_deleted() {
    let mut harness = harness();
    let persona_len =
        |h: &Harness<'_, Studio>| h.state().workspace().unwrap().working.fit[0].rules.len();
    let start = persona_len(&harness);
    harness.get_by_label("Add rule to Persona").click();
    harness.settle();
    assert_eq!(persona_len(&harness), start + 1);
    let added = working_rule(&harness, "New rule").expect("a new rule is added");
    assert!(matches!(added.condition, Condition::Text { .. }));
    // The editor opens on the new rule.
    harness.get_by_label("Duplicate").click();
    harness.settle();
    assert_eq!(persona_len(&harness), start + 2);
    assert!(working_rule(&harness, "New rule (copy)").is_some());
    harness.get_by_label("Move up").click();
    harness.settle();
    let names: Vec<String> = harness.state().workspace().unwrap().working.fit[0]
        .rules
        .iter()
        .map(|r| r.name.clone())
        .collect();
    assert_eq!(names[start], "New rule (copy)");
    assert_eq!(names[start + 1], "New rule");
    harness.get_by_label("Delete rule").click();
    harness.settle();
    assert!(working_rule(&harness, "New rule (copy)").is_none());
    assert_eq!(persona_len(&harness), start + 1);
    harness.get_by_label("Undo").click();
    harness.settle();
    assert!(working_rule(&harness, "New rule (copy)").is_some());
}

#[test]
fn groups_are_added_and_capped() {
    let mut harness = harness();
    let fit_groups = |h: &Harness<'_, Studio>| h.state().workspace().unwrap().working.fit.len();
    let groups = fit_groups(&harness);
    harness.get_by_label("Add fit group").click();
    harness.settle();
    assert_eq!(fit_groups(&harness), groups + 1);
    let cap = |h: &Harness<'_, Studio>| h.state().workspace().unwrap().working.fit[0].cap;
    assert_eq!(cap(&harness), Some(40));
    harness
        .get_by_label("Cap of Persona")
        .set_value_accesskit(15.0);
    harness.settle();
    assert_eq!(cap(&harness), Some(15));
    harness.get_by_label("Cap Persona").click();
    harness.settle();
    assert_eq!(cap(&harness), None);
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(cap(&harness), Some(15));
}

#[test]
fn accepting_the_suggested_points_sets_them_in_one_step() {
    let mut harness = harness();
    let workspace = harness.state().workspace().unwrap();
    let simulation = workspace.simulation.as_ref().unwrap();
    let stat = simulation
        .rule_stats
        .iter()
        .find(|s| s.suggested_points.is_some_and(|p| p != s.points))
        .expect("the history disagrees with some rule");
    let (name, suggested, original) = (
        stat.name.clone(),
        stat.suggested_points.unwrap(),
        stat.points,
    );
    harness.get_by_label(&accept_label(&name)).click();
    harness.settle();
    assert_eq!(working_rule_points(&harness, &name), suggested);
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(working_rule_points(&harness, &name), original);
}

#[test]
fn a_candidate_rule_is_added_with_its_suggested_points() {
    let mut harness = harness();
    let workspace = harness.state().workspace().unwrap();
    let candidate = workspace
        .profile
        .candidates
        .first()
        .expect("the history suggests rules")
        .clone();
    let rules_before = workspace.working.rules().count();
    harness
        .get_by_label("Candidate rules from the history")
        .click();
    harness.settle();
    harness
        .get_by_label(&add_candidate_label(&candidate.name))
        .click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.rules().count(), rules_before + 1);
    let (path, rule) = workspace
        .working
        .rules()
        .find(|(_, r)| r.condition == candidate.condition)
        .unwrap();
    assert_eq!(rule.points, candidate.suggested_points);
    let expected = if candidate.condition.uses_events() {
        leadscore::model::Dimension::Engagement
    } else {
        leadscore::model::Dimension::Fit
    };
    assert_eq!(path.dimension, expected);
    assert_eq!(path.group, 0);
}

#[test]
fn an_event_condition_is_edited_by_count_and_age() {
    let mut harness = harness();
    let before = qualified(&harness);
    open_editor(&mut harness, "Demo request");
    harness
        .get_by_label("Events at least")
        .set_value_accesskit(3.0);
    harness.settle();
    let Condition::Event(event) = working_rule(&harness, "Demo request").unwrap().condition else {
        panic!("Demo request is an event condition");
    };
    assert_eq!(event.at_least, 3);
    assert_ne!(qualified(&harness), before);
    harness
        .get_by_label("Events within days")
        .set_value_accesskit(30.0);
    harness.settle();
    let Condition::Event(event) = working_rule(&harness, "Demo request").unwrap().condition else {
        panic!("Demo request is an event condition");
    };
    assert_eq!(event.within_days, Some(30));
    harness.get_by_label("Undo").click();
    harness.settle();
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(qualified(&harness), before);
}

#[test]
fn a_typed_value_is_one_step_when_the_field_is_left() {
    let mut harness = harness();
    open_editor(&mut harness, "Operations title");
    harness.get_by_label("Condition value").focus();
    harness.settle();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Condition value").type_text("Manager");
    harness.settle();
    harness.key_press(egui::Key::Enter);
    harness.settle();
    let rule = working_rule(&harness, "Operations title").unwrap();
    assert_eq!(
        rule.condition,
        Condition::Text {
            field: "Job Title".to_owned(),
            op: TextOp::EndsWith("Manager".to_owned()),
            case_sensitive: false,
        }
    );
    harness.get_by_label("Undo").click();
    harness.settle();
    let rule = working_rule(&harness, "Operations title").unwrap();
    assert!(matches!(
        rule.condition,
        Condition::Text { op: TextOp::EndsWith(ref v), .. } if v == "Operations"
    ));
}

#[test]
fn a_back_test_at_a_cutoff_shows_the_stages_against_the_baseline() {
    let mut harness = harness();
    harness.get_by_label("Back-test").click();
    harness.settle();
    assert_eq!(harness.state().view(), CentralView::Backtest);
    let cutoff = harness.get_by_label("Cutoff date").value().unwrap();
    assert!(chrono::NaiveDate::parse_from_str(&cutoff, "%Y-%m-%d").is_ok());
    harness
        .get_by_label("Horizon days")
        .set_value_accesskit(60.0);
    harness.settle();
    harness.get_by_label("Run back-test").click();
    harness.settle();
    let Some(Ok(BacktestOutcome::Single(result))) = harness.state().backtest_outcome() else {
        panic!(
            "a back-test result: {:?}",
            harness.state().backtest_outcome()
        );
    };
    assert_eq!(result.window.cutoff.to_string(), cutoff);
    assert_eq!(result.window.horizon_days, 60);
    assert!(result.population > 0);
    assert!(result.baseline.is_some());
    harness.get_by_label_contains("Back-test at");
    harness.get_by_label_contains("contacts scored");
    let auc = result.quality.rule_set.quality.auc.unwrap();
    harness.get_by_label_contains(&format!(
        "Ranking: AUC {:.3} (95% {:.3}–{:.3}); baseline",
        auc.value, auc.low, auc.high
    ));
}

#[test]
fn monthly_back_tests_show_a_row_per_cutoff() {
    let mut harness = harness();
    harness.get_by_label("Back-test").click();
    harness.settle();
    harness.get_by_label("Run monthly back-tests").click();
    harness.settle();
    let Some(Ok(BacktestOutcome::Rolling { results, complete })) =
        harness.state().backtest_outcome()
    else {
        panic!("rolling results: {:?}", harness.state().backtest_outcome());
    };
    assert!(complete);
    assert!(results.len() >= 3, "{} cutoffs", results.len());
    assert!(
        results
            .windows(2)
            .all(|w| w[0].window.cutoff < w[1].window.cutoff)
    );
    let first = results[0].window.cutoff.to_string();
    let auc = results[0].quality.rule_set.quality.auc.unwrap().value;
    harness.get_by_label(&first);
    harness.get_by_label_contains("Monthly back-tests");
    // Each cutoff's AUC is in the table.
    assert!(
        harness
            .query_all_by_label(&format!("{auc:.3}"))
            .next()
            .is_some(),
        "AUC {auc:.3} of the first cutoff"
    );
}

#[test]
fn a_running_back_test_shows_a_spinner_and_can_be_cancelled() {
    let mut harness = harness();
    harness.get_by_label("Back-test").click();
    harness.settle();
    harness.get_by_label("Run monthly back-tests").click();
    harness.step();
    harness.step();
    assert!(harness.state().is_backtesting());
    harness.get_by_label("Cancel").click();
    let started = std::time::Instant::now();
    while harness.state().is_backtesting() {
        assert!(started.elapsed().as_secs() < 120, "the back-test stops");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    let Some(Ok(BacktestOutcome::Rolling { complete, .. })) = harness.state().backtest_outcome()
    else {
        panic!("rolling results: {:?}", harness.state().backtest_outcome());
    };
    assert!(!complete, "cancelled before the last cutoff");
    harness.settle();
    harness.get_by_label_contains("Cancelled");
}

/// The query the core renders for `rules` on the workspace's data.
fn sql_of(
    workspace: &leadscore::ui::Workspace,
    rules: &leadscore::model::RuleSet,
    kind: ExportKind,
) -> String {
    let input = leadscore::export::ExportInput {
        rules,
        data: &workspace.data,
        contacts_table: "contacts",
        events_table: "events",
        identifiers: None,
        as_of: leadscore::engine::resolve_as_of(&workspace.data, None),
        summary: None,
        months: None,
        computed_on: None,
        origins: &[],
    };
    leadscore::export::render(kind, &input).unwrap()
}

/// Names of the enabled rules that need no escaping in HTML.
fn enabled_rule_names(rules: &leadscore::model::RuleSet) -> Vec<String> {
    rules
        .rules()
        .filter(|(_, r)| r.enabled && !r.name.contains(['&', '<', '>', '"', '\'']))
        .map(|(_, r)| r.name.clone())
        .collect()
}

#[test]
fn every_export_builds_from_the_working_rule_set() {
    let harness = harness();
    let workspace = harness.state().workspace().unwrap();
    for kind in ExportKind::ALL {
        let bytes = export_bytes(workspace, kind).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.is_empty(), "{kind:?}");
        match kind {
            ExportKind::Ron => {
                assert_eq!(
                    leadscore::model::from_ron(&text).unwrap(),
                    workspace.working
                );
            }
            ExportKind::Json => {
                assert_eq!(
                    leadscore::model::from_json(&text).unwrap(),
                    workspace.working
                );
            }
            ExportKind::Sql(_) => {
                // Exactly the core's query for the working rule set on this
                // data (the SQL tests prove that query on real engines), and
                // not the baseline's.
                let of = |rules| sql_of(workspace, rules, kind);
                assert_eq!(text, of(&workspace.working), "{kind:?}");
                assert_ne!(text, of(&workspace.baseline), "{kind:?}");
            }
            ExportKind::SlaMarkdown => {
                assert!(text.starts_with("# "), "{text}");
                assert!(text.contains("Marketing proposal"));
                // The app traces the rules back to its baseline and the
                // working proposal.
                assert!(text.contains("| from Marketing proposal |"), "{text}");
                assert!(text.contains("the baseline (Current production)"), "{text}");
                for name in enabled_rule_names(&workspace.working) {
                    assert!(text.contains(&name), "{name} missing from the SLA");
                }
            }
            ExportKind::SlaHtml => {
                assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
                assert!(text.trim_end().ends_with("</html>"));
                assert!(text.contains("<title>Lead scoring SLA: Marketing proposal</title>"));
                for name in enabled_rule_names(&workspace.working) {
                    assert!(text.contains(&name), "{name} missing from the SLA");
                }
            }
        }
    }
}

#[test]
fn the_export_menu_writes_the_file_it_is_given() {
    let mut harness = harness();
    harness.get_by_label("Export").click();
    harness.settle();
    for kind in ExportKind::ALL {
        harness.get_by_label(kind.label());
    }
    harness.key_press(egui::Key::Escape);
    harness.settle();
    // An edit, then the export writes the edited rule set.
    harness.get_by_label("Demo request").click();
    harness.settle();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proposal.json");
    harness.state_mut().push(Command::Export {
        kind: ExportKind::Json,
        path: path.clone(),
    });
    harness.settle();
    let written = leadscore::model::load_rule_set(&path).unwrap();
    assert_eq!(&written, &harness.state().workspace().unwrap().working);
    assert!(harness.state().message().unwrap().contains("Exported"));
    let sql = dir.path().join("score.sql");
    harness.state_mut().push(Command::Export {
        kind: ExportKind::Sql(leadscore::export::Dialect::DuckDb),
        path: sql.clone(),
    });
    harness.settle();
    // The file holds the query of the edited rule set, not of the saved one.
    let kind = ExportKind::Sql(leadscore::export::Dialect::DuckDb);
    let workspace = harness.state().workspace().unwrap();
    let written = std::fs::read_to_string(&sql).unwrap();
    assert_eq!(written, sql_of(workspace, &workspace.working, kind));
    assert_ne!(written, sql_of(workspace, &workspace.saved, kind));
}

#[test]
fn the_workshop_puts_the_other_teams_proposal_beside_the_working_one() {
    let mut harness = harness();
    harness.get_by_label("Workshop").click();
    harness.settle();
    harness.get_by_label("Choose a file…");
    let sales = leadscore::data::sample_data_dir().join("sales_proposal.ron");
    harness.state_mut().push(Command::OpenOther(sales));
    harness.settle();
    assert_eq!(harness.state().view(), CentralView::Workshop);
    let workspace = harness.state().workspace().unwrap();
    let other = workspace
        .other
        .as_ref()
        .expect("the other proposal is open");
    assert_eq!(other.rules.name, "Sales proposal");
    let Some(Ok(summary)) = &other.summary else {
        panic!("the other proposal is scored: {:?}", other.summary);
    };
    assert_eq!(summary.contacts, workspace.data.len());
    let difference = leadscore::model::diff(&workspace.working, &other.rules);
    assert!(!difference.rules.is_empty());
    // Headline figures of both proposals and the baseline, side by side.
    assert!(harness.query_all_by_label("Sales proposal").count() >= 1);
    assert!(harness.query_all_by_label("Marketing proposal").count() >= 2);
    let sql = summary.stage(Stage::Sql).unwrap().count;
    assert!(harness.query_all_by_label(&format_count(sql)).count() >= 1);
    // One row per differing rule.
    for rule in &difference.rules {
        assert!(
            harness.query_all_by_label_contains(&rule.name).count() >= 1,
            "{} is listed",
            rule.name
        );
    }
    assert!(harness.query_all_by_label("Only in Sales proposal").count() >= 1);
    // The working rule set is not touched.
    assert_eq!(
        harness.state().workspace().unwrap().working.name,
        "Marketing proposal"
    );
}

/// "1,234", as the panels write counts.
fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn harness_of(studio: Studio) -> Harness<'static, Studio> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 2400.0))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    harness.settle();
    harness
}

#[test]
fn opened_rule_sets_are_listed_as_recent_files() {
    let mut harness = harness();
    let sales = leadscore::data::sample_data_dir().join("sales_proposal.ron");
    harness
        .state_mut()
        .push(Command::OpenRuleSet(sales.clone()));
    harness.settle();
    let recent = harness.state().recent_files().to_vec();
    assert_eq!(recent.first(), Some(&sales));
    assert!(
        recent.iter().any(|p| p.ends_with("marketing_proposal.ron")),
        "{recent:?}"
    );
    // Back to marketing's proposal from the Recent menu.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Recent").click();
    harness.settle();
    harness.get_by_label("marketing_proposal.ron").click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Marketing proposal");
    assert!(harness.state().recent_files()[0].ends_with("marketing_proposal.ron"));
}

fn request_close(harness: &mut Harness<'_, Studio>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.settle();
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut harness = harness();
    // Nothing unsaved: no question.
    request_close(&mut harness);
    assert!(!harness.state().asks_before_closing());
    harness.get_by_label("Demo request").click();
    harness.settle();
    request_close(&mut harness);
    assert!(harness.state().asks_before_closing());
    harness.get_by_label("Save changes before closing?");
    harness.get_by_label("Keep editing").click();
    harness.settle();
    assert!(!harness.state().asks_before_closing());
    assert!(!harness.state().close_confirmed());
    request_close(&mut harness);
    harness.get_by_label("Close without saving").click();
    harness.settle();
    assert!(harness.state().close_confirmed());
}

#[test]
fn closing_can_save_first() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("proposal.ron");
    std::fs::copy(
        leadscore::data::sample_data_dir().join("marketing_proposal.ron"),
        &copy,
    )
    .unwrap();
    let mut harness = harness();
    harness.state_mut().push(Command::OpenRuleSet(copy.clone()));
    harness.settle();
    harness.get_by_label("Demo request").click();
    harness.settle();
    request_close(&mut harness);
    harness.get_by_label("Save and close").click();
    harness.settle();
    assert!(harness.state().close_confirmed());
    let saved = leadscore::model::load_rule_set(&copy).unwrap();
    assert_eq!(&saved, &harness.state().workspace().unwrap().working);
}

#[test]
fn edits_are_autosaved_and_offered_back_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let autosave = dir.path().join("autosave.ron");
    let mut studio = Studio::new(Startup::with_data_dir(data_dir()));
    studio.set_autosave(Some(autosave.clone()), std::time::Duration::ZERO);
    assert!(!studio.offers_recovery());
    let mut harness = harness_of(studio);
    assert!(!autosave.exists(), "nothing unsaved, nothing autosaved");
    harness.get_by_label("Demo request").click();
    harness.settle();
    let edited = harness.state().workspace().unwrap().working.clone();
    assert_eq!(leadscore::model::load_rule_set(&autosave).unwrap(), edited);
    drop(harness);

    // The next session offers the autosave back.
    let mut studio = Studio::new(Startup::with_data_dir(data_dir()));
    studio.set_autosave(Some(autosave.clone()), std::time::Duration::ZERO);
    assert!(studio.offers_recovery());
    let mut harness = harness_of(studio);
    harness.get_by_label("Recover unsaved changes?");
    harness.get_by_label("Restore").click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working, edited);
    assert!(workspace.has_unsaved_changes());
    assert!(!harness.state().offers_recovery());
    // Undo goes back to the file's rule set, and the autosave goes away.
    harness.get_by_label("Undo").click();
    harness.settle();
    assert!(!harness.state().workspace().unwrap().has_unsaved_changes());
    assert!(!autosave.exists());
}

#[test]
fn a_discarded_autosave_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let autosave = dir.path().join("autosave.ron");
    let mut edited = leadscore::model::load_rule_set(
        &leadscore::data::sample_data_dir().join("marketing_proposal.ron"),
    )
    .unwrap();
    edited.stages.mql_threshold += 5;
    leadscore::model::save_rule_set(&edited, &autosave).unwrap();
    let mut studio = Studio::new(Startup::with_data_dir(data_dir()));
    studio.set_autosave(Some(autosave.clone()), std::time::Duration::ZERO);
    let mut harness = harness_of(studio);
    harness.get_by_label("Discard").click();
    harness.settle();
    assert!(!harness.state().offers_recovery());
    assert!(!autosave.exists());
    assert_ne!(harness.state().workspace().unwrap().working, edited);
}

/// A file of the shared collection of damaged and unusual inputs.
fn bad_input(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bad_inputs")
        .join(name)
}

/// Loads a contacts file alone, as the Data button would.
fn load_contacts(harness: &mut Harness<'_, Studio>, contacts: PathBuf) {
    harness.state_mut().push(Command::LoadData(DataSources {
        contacts,
        deals: None,
        events: None,
    }));
    harness.settle();
}

fn contact_count(harness: &Harness<'_, Studio>) -> usize {
    harness.state().workspace().unwrap().data.len()
}

#[test]
fn loading_a_semicolon_delimited_file_replaces_the_contacts_and_rescores() {
    let mut harness = harness();
    let before = contact_count(&harness);
    assert_ne!(before, 5);
    load_contacts(&mut harness, bad_input("semicolon_delimited.csv"));
    assert_eq!(contact_count(&harness), 5);
    assert!(harness.state().data_error().is_none());
    let workspace = harness.state().workspace().unwrap();
    assert!(!workspace.is_simulating());
    // Scored again against the new columns, which the rules do not know.
    let error = workspace.simulation_error.as_ref().unwrap().message();
    assert!(error.contains("the data has no column"), "{error}");
    assert!(workspace.simulation.is_none());
    // The rule builder offers the new file's values (profiled while loading).
    let industries: Vec<&str> = workspace
        .profile
        .values_of("industry")
        .iter()
        .map(|(value, _)| value.as_str())
        .collect();
    assert!(industries.contains(&"Software"), "{industries:?}");
    assert!(workspace.profile.values_of("Seniority").is_empty());
    harness.get_by_label_contains("Loaded 5 contacts");
}

#[test]
fn loading_a_smaller_history_rescores_it() {
    let mut harness = harness();
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.csv");
    let text = std::fs::read_to_string(data_dir().join("contacts.csv")).unwrap();
    let head: Vec<&str> = text.lines().take(101).collect();
    std::fs::write(&contacts, head.join("\n")).unwrap();
    let sources = DataSources {
        contacts,
        deals: Some(data_dir().join("deals.csv")),
        events: leadscore::data::find_table(&data_dir(), "events"),
    };
    harness.state_mut().push(Command::LoadData(sources));
    harness.settle();
    assert_eq!(contact_count(&harness), 100);
    let total: usize = Stage::ALL.iter().map(|&s| count(&harness, s)).sum();
    assert_eq!(total, 100);
    harness.get_by_label_contains("Loaded 100 contacts");
}

#[test]
fn unreadable_files_are_reported_and_the_old_data_kept() {
    let mut harness = harness();
    let before = contact_count(&harness);
    let rules_before = harness.state().workspace().unwrap().working.clone();
    for name in [
        "binary_garbage.csv",
        "empty.csv",
        "truncated.parquet",
        "no_id_column.csv",
    ] {
        load_contacts(&mut harness, bad_input(name));
        let error = harness.state().data_error().unwrap().message();
        assert!(error.contains(name), "{error}");
        assert_eq!(contact_count(&harness), before, "{name}");
        assert!(harness.state().workspace().unwrap().simulation.is_some());
        // Shown once, in the banner above the panels.
        assert_eq!(
            harness.query_all_by_label_contains(name).count(),
            1,
            "{name}"
        );
    }
    assert_eq!(harness.state().workspace().unwrap().working, rules_before);
}

#[test]
fn a_file_without_an_id_column_asks_for_the_id_role() {
    let mut harness = harness();
    load_contacts(&mut harness, bad_input("no_id_column.csv"));
    let error = harness.state().data_error().unwrap().message();
    assert!(error.contains("no contact id column"), "{error}");
    assert!(error.contains("email, job_title, industry"), "{error}");
    // The window to choose it opens on the same file, the error above it.
    assert!(harness.state().is_importing());
    harness.settle();
    harness.get_by_label_contains("choose one");
    harness.get_by_label(&leadscore::ui::import_role_label(
        leadscore::data::TableKind::Contacts,
        "contact id",
    ));
}

#[test]
fn a_good_load_clears_the_previous_error() {
    let mut harness = harness();
    load_contacts(&mut harness, bad_input("empty.csv"));
    assert!(harness.state().data_error().is_some());
    load_contacts(&mut harness, bad_input("semicolon_delimited.csv"));
    assert!(harness.state().data_error().is_none());
    assert!(
        harness
            .query_by_label_contains("previous data is kept")
            .is_none()
    );
}

#[test]
fn dropped_tables_go_to_the_slot_their_name_suggests() {
    let mut harness = harness();
    let deals = data_dir().join("deals.csv");
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(bad_input(
            "semicolon_delimited.csv",
        ))));
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(deals.clone())));
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.data.len(), 5);
    let deals_report = workspace
        .data
        .reports
        .iter()
        .find(|r| r.table == leadscore::data::TableKind::Deals)
        .unwrap();
    assert_eq!(deals_report.path, deals);
}

#[test]
fn the_data_panel_lists_columns_notes_and_changes_a_role() {
    let mut harness = harness();
    load_contacts(&mut harness, bad_input("duplicate_ids.csv"));
    harness.get_by_label("Data").click();
    harness.settle();
    let notes = &harness.state().workspace().unwrap().data.reports[0].notes;
    assert!(!notes.is_empty());
    harness.get_by_label(&notes[0]);
    harness.get_by_label("job_title");

    load_contacts(&mut harness, bad_input("semicolon_delimited.csv"));
    let roles = &harness.state().workspace().unwrap().data.roles;
    assert_eq!(roles.contacts.id.as_deref(), Some("contact_id"));
    choose(&mut harness, "contacts contact id role", "email (text)");
    let data = &harness.state().workspace().unwrap().data;
    assert_eq!(data.roles.contacts.id.as_deref(), Some("email"));
    assert_eq!(data.ids.first().map(String::as_str), Some("p1@acme1.com"));
}

#[test]
fn the_stage_changes_table_lays_out_only_the_visible_rows() {
    let harness = harness();
    let workspace = harness.state().workspace().unwrap();
    let changes = &workspace.simulation.as_ref().unwrap().comparison.changes;
    assert!(changes.len() > 50, "{}", changes.len());
    let id_of = |i: usize| workspace.data.ids[changes[i].row].clone();
    harness.get_by_label("Proposed stage");
    harness.get_by_label(&id_of(0));
    assert!(harness.query_by_label(&id_of(changes.len() - 1)).is_none());
    harness.get_by_label(EXPORT_CHANGES_LABEL);
}

#[test]
fn stage_changes_are_exported_as_csv() {
    let mut harness = harness();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changes.csv");
    harness
        .state_mut()
        .push(Command::ExportChanges(path.clone()));
    harness.settle();
    let written = std::fs::read_to_string(&path).unwrap();
    let workspace = harness.state().workspace().unwrap();
    let comparison = &workspace.simulation.as_ref().unwrap().comparison;
    assert_eq!(written, changes_csv(comparison, &workspace.data));
    let mut lines = written.lines();
    assert_eq!(
        lines.next(),
        Some("contact_id,baseline_stage,proposed_stage,baseline_score,proposed_score")
    );
    let first = &comparison.changes[0];
    let expected = format!(
        "{},{},{},{},{}",
        workspace.data.ids[first.row],
        first.baseline.label(),
        first.proposal.label(),
        first.baseline_score,
        first.proposal_score
    );
    assert_eq!(lines.next(), Some(expected.as_str()));
    assert_eq!(written.lines().count(), comparison.changes.len() + 1);
    assert!(harness.state().message().unwrap().starts_with("Exported"));
}

fn funnel(harness: &Harness<'_, Studio>) -> Vec<leadscore::ui::FunnelStep> {
    let workspace = harness.state().workspace().unwrap();
    stage_funnel(&workspace.simulation.as_ref().unwrap().comparison)
}

#[test]
fn the_stage_funnel_follows_the_mql_threshold_and_keeps_the_baseline() {
    let mut harness = harness();
    harness.get_by_label("Contacts per stage");
    let before = funnel(&harness);
    // Every stage that holds contacts under either rule set, Excluded
    // included, in funnel order; no empty slot.
    let stages: Vec<Stage> = before.iter().map(|s| s.stage).collect();
    assert_eq!(
        stages,
        [Stage::Sql, Stage::Mql, Stage::Nurture, Stage::Excluded]
    );
    assert!(before.iter().all(|s| s.baseline + s.proposal > 0));
    for step in &before {
        assert_eq!(step.proposal, count(&harness, step.stage));
    }
    let threshold = harness
        .state()
        .workspace()
        .unwrap()
        .working
        .stages
        .mql_threshold;
    harness
        .get_by_role_and_label(Role::Slider, "MQL threshold")
        .set_value_accesskit((threshold + 15) as f64);
    harness.settle();
    let after = funnel(&harness);
    assert!(after[1].proposal < before[1].proposal);
    assert!(after[2].proposal > before[2].proposal);
    let baseline = |steps: &[leadscore::ui::FunnelStep]| -> Vec<usize> {
        steps.iter().map(|s| s.baseline).collect()
    };
    assert_eq!(baseline(&after), baseline(&before));
}

#[test]
fn data_loads_in_the_background_and_the_old_data_stays_meanwhile() {
    let studio = Studio::new(Startup::with_data_dir(data_dir()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 2400.0))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    let wait_until = |harness: &mut Harness<'_, Studio>, done: &dyn Fn(&Studio) -> bool| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        while !done(harness.state()) {
            assert!(std::time::Instant::now() < deadline, "took too long");
            std::thread::sleep(std::time::Duration::from_millis(20));
            harness.step();
        }
    };
    wait_until(&mut harness, &|s| {
        s.workspace()
            .is_some_and(|w| w.simulation.is_some() && !w.is_simulating())
    });
    let before = contact_count(&harness);
    harness.state_mut().push(Command::LoadData(DataSources {
        contacts: bad_input("semicolon_delimited.csv"),
        deals: None,
        events: None,
    }));
    harness.step();
    assert!(harness.state().is_loading_data());
    assert_eq!(contact_count(&harness), before);
    wait_until(&mut harness, &|s| !s.is_loading_data());
    harness.step();
    assert_eq!(contact_count(&harness), 5);
}

#[test]
fn after_a_failed_start_other_data_files_can_be_chosen() {
    let empty = tempfile::tempdir().unwrap();
    let studio = Studio::new(Startup::with_data_dir(empty.path().to_owned()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 2400.0))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while harness
        .query_by_label("The data could not be loaded")
        .is_none()
    {
        assert!(std::time::Instant::now() < deadline, "took too long");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    harness.get_by_label_contains("no contacts.csv or contacts.parquet");
    // The files are typed into "Open your data", previewed, then loaded.
    harness.get_by_label("Open your data…").click();
    harness.settle();
    assert!(harness.state().is_importing());
    let events = leadscore::data::find_table(&data_dir(), "events").unwrap();
    for (table, path) in [
        (TableKind::Contacts, data_dir().join("contacts.csv")),
        (TableKind::Deals, data_dir().join("deals.csv")),
        (TableKind::Events, events),
    ] {
        let label = leadscore::ui::import_path_label(table);
        let field = harness.get_by_label(&label);
        field.focus();
        field.type_text(&path.display().to_string());
        harness.run();
        harness.key_press(egui::Key::Enter);
        // Leaving the field asks for a preview, carried out at the frame's end.
        harness.step();
        harness.settle();
    }
    let studio = harness.state();
    assert_eq!(
        studio
            .import_column(TableKind::Contacts, "contact id")
            .as_deref(),
        Some("Record ID")
    );
    assert!(studio.import_column(TableKind::Deals, "status").is_some());
    assert!(
        studio
            .import_column(TableKind::Events, "timestamp")
            .is_some()
    );
    // Nothing was chosen by hand: detection stays detection.
    assert_eq!(studio.import_options().roles.contacts.id, None);
    harness.get_by_label(leadscore::ui::LOAD_LABEL).click();
    harness.step();
    while !harness
        .state()
        .workspace()
        .is_some_and(|w| w.simulation.is_some() && !w.is_simulating())
    {
        assert!(std::time::Instant::now() < deadline, "took too long");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.step();
    }
    assert!(count(&harness, Stage::Sql) > 0);
}

/// The MQL, SQL and floor thresholds of the working rule set.
fn thresholds(harness: &Harness<'_, Studio>) -> (i64, i64, Option<i64>) {
    let stages = &harness.state().workspace().unwrap().working.stages;
    (
        stages.mql_threshold,
        stages.sql_threshold,
        stages.disqualify_below,
    )
}

#[test]
fn dragging_a_threshold_marker_moves_it_as_one_undo_step() {
    let mut harness = harness();
    let before = thresholds(&harness);
    let counts_before = qualified(&harness);
    let plot = harness.get_by_label("Score distribution chart").rect();
    // The pointer turns into a resize arrow near a threshold line: sweep
    // along the chart until it does.
    let y = plot.center().y;
    let mut grab = None;
    let mut x = plot.left() + 60.0;
    while x < plot.right() {
        harness.hover_at(egui::pos2(x, y));
        harness.step();
        if harness.output().platform_output.cursor_icon == egui::CursorIcon::ResizeHorizontal {
            grab = Some(x);
            break;
        }
        x += 2.0;
    }
    let grab = grab.expect("a threshold line on the chart");
    harness.drag_at(egui::pos2(grab, y));
    harness.step();
    for step in 1..=6 {
        harness.hover_at(egui::pos2(grab + 15.0 * step as f32, y));
        harness.step();
    }
    harness.drop_at(egui::pos2(grab + 90.0, y));
    harness.settle();
    let after = thresholds(&harness);
    assert_ne!(after, before, "the drag moved a threshold");
    let moved_up = (after.0 > before.0) || (after.1 > before.1) || (after.2 > before.2);
    assert!(
        moved_up,
        "dragged right, the threshold rose: {before:?} -> {after:?}"
    );
    assert_ne!(
        qualified(&harness),
        counts_before,
        "the figures follow the move"
    );
    // The whole drag is one undo step.
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(thresholds(&harness), before);
    assert_eq!(qualified(&harness), counts_before);
}

// Own data: exports in the shapes real CRMs produce, from opening the file
// to figures on screen.

fn own_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/own_data")
        .join(name)
}

fn own_data_harness(contacts: &str, deals: Option<&str>) -> Harness<'static, Studio> {
    let mut startup = Startup::with_data_dir(data_dir());
    startup.sources = Some(DataSources {
        contacts: own_data(contacts),
        deals: deals.map(own_data),
        events: None,
    });
    let mut studio = Studio::new(startup);
    studio.set_native_dialogs(false);
    harness_of(studio)
}

#[test]
fn a_prospect_export_is_scored_by_a_rule_set_drafted_from_its_history() {
    let mut harness = own_data_harness("prospects.csv", None);
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    // "Prospect ID" is the id, the 0/1 "Converted" column the outcome.
    assert_eq!(workspace.data.len(), 600);
    assert_eq!(workspace.won_contacts, 156);
    harness.get_by_label_contains("0 contacts · 156 won");
    // The bundled rule set names fields this export lacks: one panel says so.
    harness.get_by_label_contains("fields your data does not have");
    harness.get_by_label(leadscore::ui::DRAFT_LABEL).click();
    harness.run();
    // Leakage is never ticked; the strongest clean candidates are.
    let candidates = harness
        .state()
        .workspace()
        .unwrap()
        .profile
        .candidates
        .clone();
    assert!(!candidates.is_empty());
    assert!(
        candidates
            .iter()
            .all(|c| c.condition.fields() != ["Converted"])
    );
    harness
        .get_by_label(leadscore::ui::CREATE_DRAFT_LABEL)
        .click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Drafted from the history");
    assert!(workspace.working.rules().count() >= 3);
    assert!(workspace.issues().is_empty(), "{:?}", workspace.issues());
    let simulation = workspace.simulation.as_ref().expect("figures on screen");
    assert_eq!(simulation.comparison.proposal.won, 156);
    assert!(count(&harness, Stage::Sql) > 0);
    // One undo step brings the bundled rule set back.
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(
        harness.state().workspace().unwrap().working.name,
        "Marketing proposal"
    );
}

#[test]
fn won_deals_only_are_mapped_from_the_load_error_and_joined_on_mql_id() {
    let mut harness = own_data_harness("mql_contacts.csv", Some("mql_won_deals.csv"));
    harness.settle();
    // No status column: the load fails, and the mapping window opens on it.
    assert!(harness.state().load_error().is_some());
    assert!(harness.state().is_importing());
    harness.get_by_label_contains("probably won deals only");
    harness.get_by_label(leadscore::ui::ALL_WON_LABEL).click();
    harness.settle();
    assert!(harness.state().import_options().roles.deals.all_won);
    assert_eq!(
        harness
            .state()
            .import_column(TableKind::Deals, "contact id")
            .as_deref(),
        Some("mql_id")
    );
    harness.get_by_label_contains("the same name as the contacts' id column");
    harness.get_by_label(leadscore::ui::LOAD_LABEL).click();
    harness.settle();
    let workspace = harness.state().workspace().expect("loaded");
    assert_eq!(workspace.data.len(), 500);
    assert_eq!(workspace.won_contacts, 100);
    assert_eq!(
        workspace.data.roles.contacts.created.as_deref(),
        Some("first_contact_date")
    );
}

#[test]
fn missing_fields_are_mapped_to_the_data_in_one_undo_step() {
    let mut harness = own_data_harness("prospects.csv", None);
    harness.settle();
    let before = harness.state().workspace().unwrap().working.clone();
    // "Job Title" is in this export; "Number of Employees" too: only
    // fields it lacks are listed.
    harness.get_by_label("Seniority (2 rules)");
    assert!(harness.query_by_label_contains("Job Title (").is_none());
    harness
        .get_by_label(&leadscore::ui::map_label("Seniority"))
        .click();
    harness.run();
    harness.get_by_label("Job Title (text)").click();
    harness.settle();
    let working = harness.state().workspace().unwrap().working.clone();
    let fields: Vec<&str> = working.conditions().flat_map(|c| c.fields()).collect();
    assert!(!fields.contains(&"Seniority"));
    assert_ne!(working, before);
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(harness.state().workspace().unwrap().working, before);
    // A fresh start keeps nothing of the bundled rules.
    harness
        .get_by_label(leadscore::ui::START_EMPTY_LABEL)
        .click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.rules().count(), 0);
    assert!(workspace.simulation.is_some());
}

#[test]
fn a_project_reopens_the_data_roles_and_rule_sets() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("workshop.lsproj");
    let mut harness = own_data_harness("mql_contacts.csv", Some("mql_won_deals.csv"));
    harness.settle();
    harness.get_by_label(leadscore::ui::ALL_WON_LABEL).click();
    harness.settle();
    harness.get_by_label(leadscore::ui::LOAD_LABEL).click();
    harness.settle();
    harness
        .state_mut()
        .push(Command::edit(RuleEdit::ReplaceAll(Box::new(
            leadscore::model::RuleSet {
                name: "Workshop draft".to_owned(),
                ..Default::default()
            },
        ))));
    harness.settle();
    // Saving asks for a path (typed: no native dialog here), starting
    // from a suggested file name.
    harness
        .state_mut()
        .push(Command::AskFile(leadscore::ui::FilePurpose::SaveProject));
    harness.run();
    let prompt = harness.state().path_prompt().expect("a typed-path prompt");
    assert!(prompt.text.ends_with(".lsproj"), "{}", prompt.text);
    harness
        .state_mut()
        .push(Command::SaveProject(project.clone()));
    harness.settle();
    assert!(project.exists(), "{:?}", harness.state().message());
    harness
        .state_mut()
        .push(Command::OpenProject(project.clone()));
    harness.settle();
    let workspace = harness.state().workspace().expect("project opened");
    assert_eq!(workspace.working.name, "Workshop draft");
    assert_eq!(workspace.won_contacts, 100);
    assert!(workspace.data.roles.deals.all_won);
}

#[test]
fn without_a_file_dialog_a_typed_path_opens_the_rule_set() {
    let mut harness = harness();
    harness.state_mut().set_native_dialogs(false);
    harness.settle();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open…").click();
    harness.run();
    assert!(harness.state().path_prompt().is_some());
    let path = leadscore::data::sample_data_dir().join("sales_proposal.ron");
    let field = harness.get_by_label(leadscore::ui::PATH_LABEL);
    field.focus();
    field.type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label(leadscore::ui::PATH_OK_LABEL).click();
    harness.settle();
    assert!(harness.state().path_prompt().is_none());
    assert_eq!(
        harness.state().workspace().unwrap().working.name,
        "Sales proposal"
    );
}
/// Types `text` into the text field named `label` and leaves it with Enter
/// (one undo step).
fn type_into(harness: &mut Harness<'_, Studio>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.settle();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.settle();
    harness.key_press(egui::Key::Enter);
    harness.settle();
}

fn undo(harness: &mut Harness<'_, Studio>) {
    harness.get_by_label("Undo").click();
    harness.settle();
}

fn working(harness: &Harness<'_, Studio>) -> leadscore::model::RuleSet {
    harness.state().workspace().unwrap().working.clone()
}

#[test]
fn exclusions_are_added_edited_and_deleted() {
    let mut harness = harness();
    let start = working(&harness).exclusions.len();
    let excluded_before = count(&harness, Stage::Excluded);
    harness.get_by_label("Add exclusion").click();
    harness.settle();
    let exclusions = working(&harness).exclusions;
    assert_eq!(exclusions.len(), start + 1);
    assert_eq!(exclusions[start].name, "New exclusion");
    // A new exclusion has no value yet and excludes nobody.
    assert_eq!(count(&harness, Stage::Excluded), excluded_before);

    // Its editor is open: field, value, name and note, one step each.
    choose(&mut harness, "Exclusion field", "Seniority (text)");
    type_into(&mut harness, "Exclusion condition value", "Student");
    let exclusion = working(&harness).exclusions[start].clone();
    assert_eq!(
        exclusion.condition,
        Condition::Text {
            field: "Seniority".to_owned(),
            op: TextOp::OneOf(vec!["Student".to_owned()]),
            case_sensitive: false,
        }
    );
    assert!(count(&harness, Stage::Excluded) > excluded_before);
    type_into(&mut harness, "Exclusion name", "Students");
    type_into(&mut harness, "Exclusion note", "They do not buy.");
    let exclusion = working(&harness).exclusions[start].clone();
    assert_eq!(exclusion.name, "Students");
    assert_eq!(exclusion.note, "They do not buy.");

    harness
        .get_by_label(&leadscore::ui::delete_exclusion_label("Students"))
        .click();
    harness.settle();
    assert_eq!(working(&harness).exclusions.len(), start);
    assert_eq!(count(&harness, Stage::Excluded), excluded_before);
    undo(&mut harness);
    assert_eq!(working(&harness).exclusions[start], exclusion);
    undo(&mut harness);
    assert_eq!(working(&harness).exclusions[start].note, "");
}

#[test]
fn stage_criteria_are_added_edited_and_deleted() {
    use leadscore::model::CriterionList;
    let mut harness = harness();
    let before = qualified(&harness);
    assert!(working(&harness).stages.mql_criteria.is_empty());
    harness
        .get_by_label(&leadscore::ui::add_criterion_label(CriterionList::Mql))
        .click();
    harness.settle();
    let stages = working(&harness).stages;
    assert_eq!(stages.mql_criteria.len(), 1);
    assert_eq!(stages.mql_criteria[0].name, "New criterion");
    assert_eq!(
        qualified(&harness),
        before,
        "an incomplete criterion promotes nobody"
    );

    choose(&mut harness, "Criterion field", "Seniority (text)");
    type_into(&mut harness, "Criterion condition value", "VP");
    type_into(&mut harness, "Criterion name", "Every VP");
    let criterion = working(&harness).stages.mql_criteria[0].clone();
    assert_eq!(criterion.name, "Every VP");
    assert_eq!(
        criterion.condition,
        Condition::Text {
            field: "Seniority".to_owned(),
            op: TextOp::OneOf(vec!["VP".to_owned()]),
            case_sensitive: false,
        }
    );
    let promoted = qualified(&harness);
    assert!(promoted.0 + promoted.1 > before.0 + before.1);

    // The SQL list is its own.
    harness
        .get_by_label(&leadscore::ui::add_criterion_label(CriterionList::Sql))
        .click();
    harness.settle();
    assert_eq!(working(&harness).stages.sql_criteria.len(), 1);
    assert_eq!(working(&harness).stages.mql_criteria.len(), 1);

    harness
        .get_by_label(&leadscore::ui::delete_criterion_label(
            CriterionList::Mql,
            "Every VP",
        ))
        .click();
    harness.settle();
    assert!(working(&harness).stages.mql_criteria.is_empty());
    undo(&mut harness);
    assert_eq!(working(&harness).stages.mql_criteria, vec![criterion]);
}

#[test]
fn a_combined_condition_is_edited_part_by_part() {
    let mut harness = harness();
    let director = working_rule(&harness, "Director").unwrap().condition;
    open_editor(&mut harness, "Director");
    harness.get_by_label("Nest in a group").click();
    harness.settle();
    let condition = || working_rule(&harness, "Director").unwrap().condition;
    assert_eq!(condition(), Condition::All(vec![director.clone()]));

    harness.get_by_label("Add part").click();
    harness.settle();
    let Condition::All(parts) = working_rule(&harness, "Director").unwrap().condition else {
        panic!("the condition is a group");
    };
    assert_eq!(parts.len(), 2);
    // The second part is edited like any sentence.
    choose(&mut harness, "Field 2", "Seniority (text)");
    type_into(&mut harness, "Condition value 2", "VP");
    let vp = Condition::Text {
        field: "Seniority".to_owned(),
        op: TextOp::OneOf(vec!["VP".to_owned()]),
        case_sensitive: false,
    };
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::All(vec![director.clone(), vp.clone()])
    );

    choose(&mut harness, "Combine", "any of");
    let any = Condition::Any(vec![director.clone(), vp.clone()]);
    assert_eq!(working_rule(&harness, "Director").unwrap().condition, any);

    harness.get_by_label("Wrap in not 2").click();
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Any(vec![director.clone(), Condition::Not(Box::new(vp.clone()))])
    );
    harness.get_by_label("Unwrap 2").click();
    harness.settle();
    assert_eq!(working_rule(&harness, "Director").unwrap().condition, any);

    harness.get_by_label("Nest in a group 1").click();
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Any(vec![Condition::All(vec![director.clone()]), vp.clone()])
    );
    harness.get_by_label("Remove part 2").click();
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Any(vec![Condition::All(vec![director.clone()])])
    );
    // The last part of a group cannot be removed; the group is undone.
    {
        use egui_kittest::kittest::NodeT as _;
        let remove = harness.get_by_label("Remove part 1");
        assert!(remove.accesskit_node().is_disabled());
    }
    harness.get_by_label("Ungroup").click();
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::All(vec![director.clone()])
    );
    harness.get_by_label("Ungroup").click();
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        director
    );

    // Every change was one undo step: two ungroups, remove, nest, unwrap,
    // wrap, switch.
    for _ in 0..7 {
        undo(&mut harness);
    }
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::All(vec![director, vp])
    );
}

#[test]
fn groups_are_renamed_and_deleted_with_their_rules() {
    let mut harness = harness();
    let original = working(&harness);
    type_into(
        &mut harness,
        &leadscore::ui::group_name_label("Company"),
        "Firmographics",
    );
    assert_eq!(working(&harness).fit[1].name, "Firmographics");
    let renamed = working(&harness);
    // The editor open on a rule of a later group closes with the delete
    // (its path would point at another rule).
    open_editor(&mut harness, "Target industry");
    harness
        .get_by_label(&leadscore::ui::delete_group_label("Firmographics"))
        .click();
    harness.settle();
    assert_eq!(harness.state().workspace().unwrap().editing, None);
    let deleted = working(&harness);
    assert_eq!(deleted.fit.len(), original.fit.len() - 1);
    assert!(working_rule(&harness, "Target industry").is_none());
    assert_eq!(
        deleted.rules().count(),
        original.rules().count() - original.fit[1].rules.len()
    );
    undo(&mut harness);
    assert_eq!(working(&harness), renamed);
    undo(&mut harness);
    assert_eq!(working(&harness), original);
}

#[test]
fn per_event_points_are_switched_on_with_a_maximum() {
    let mut harness = harness();
    open_editor(&mut harness, "Webinar attended");
    assert_eq!(
        working_rule(&harness, "Webinar attended")
            .unwrap()
            .per_event_max,
        None
    );
    harness.get_by_label("Points for every event").click();
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Webinar attended")
            .unwrap()
            .per_event_max,
        Some(3)
    );
    harness
        .get_by_label("Up to events")
        .set_value_accesskit(5.0);
    harness.settle();
    assert_eq!(
        working_rule(&harness, "Webinar attended")
            .unwrap()
            .per_event_max,
        Some(5)
    );
    undo(&mut harness);
    undo(&mut harness);
    assert_eq!(
        working_rule(&harness, "Webinar attended")
            .unwrap()
            .per_event_max,
        None
    );
    // Rules on contact fields offer no per-event points.
    open_editor(&mut harness, "Director");
    assert!(harness.query_by_label("Points for every event").is_none());
}

/// How many contacts the rule at `name` matched in the latest figures.
fn matched_by(harness: &Harness<'_, Studio>, name: &str) -> usize {
    let workspace = harness.state().workspace().unwrap();
    let (path, _) = workspace
        .working
        .rules()
        .find(|(_, r)| r.name == name)
        .unwrap();
    let simulation = workspace.simulation.as_ref().unwrap();
    simulation.rule_stat(path).unwrap().matched
}

#[test]
fn a_new_rule_starts_incomplete_and_matches_nobody_until_completed() {
    let mut harness = harness();
    let before = qualified(&harness);
    harness.get_by_label("Add rule to Persona").click();
    harness.settle();
    let rule = working_rule(&harness, "New rule").unwrap();
    let Condition::Text {
        field,
        op: TextOp::OneOf(values),
        ..
    } = rule.condition
    else {
        panic!("a new rule is \"is one of\" on a text column");
    };
    assert!(values.is_empty());
    // A column with values to click, not the record ID.
    let profile = &harness.state().workspace().unwrap().profile;
    assert_ne!(field, "Record ID");
    assert!(profile.values_of(&field).first().unwrap().1 > 1, "{field}");
    // A warning, not an error: the figures are computed, and the rule
    // matches nobody.
    let workspace = harness.state().workspace().unwrap();
    assert!(workspace.simulation_error.is_none());
    assert!(!workspace.is_simulating());
    assert_eq!(matched_by(&harness, "New rule"), 0);
    assert_eq!(qualified(&harness), before);
    harness.get_by_label("incomplete: no value yet");
    assert!(harness.query_all_by_label_contains("matched 0").count() >= 1);

    choose(&mut harness, "Field", "Seniority (text)");
    type_into(&mut harness, "Condition value", "VP, Executive");
    assert_eq!(
        working_rule(&harness, "New rule").unwrap().condition,
        Condition::Text {
            field: "Seniority".to_owned(),
            op: TextOp::OneOf(vec!["VP".to_owned(), "Executive".to_owned()]),
            case_sensitive: false,
        }
    );
    assert!(matched_by(&harness, "New rule") > 0);
    assert!(harness.query_by_label("incomplete: no value yet").is_none());
}

#[test]
fn changing_the_field_resets_a_value_that_does_not_fit() {
    let mut harness = harness();
    open_editor(&mut harness, "Director");
    // A text value does not become a number.
    choose(&mut harness, "Field", "Number of Employees (number)");
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Number {
            field: "Number of Employees".to_owned(),
            op: NumberOp::Eq(0.0),
        }
    );
    harness
        .get_by_label("Condition value")
        .set_value_accesskit(250.0);
    harness.settle();
    // A number of employees stays when the field is another number...
    choose(&mut harness, "Field", "Annual Revenue (number)");
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Number {
            field: "Annual Revenue".to_owned(),
            op: NumberOp::Eq(250.0),
        }
    );
    // ...and starts again empty on a text field.
    choose(&mut harness, "Field", "Job Title (text)");
    assert_eq!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Text {
            field: "Job Title".to_owned(),
            op: TextOp::OneOf(Vec::new()),
            case_sensitive: false,
        }
    );
    undo(&mut harness);
    assert!(matches!(
        working_rule(&harness, "Director").unwrap().condition,
        Condition::Number { ref field, .. } if field == "Annual Revenue"
    ));
}
