//! The desktop app, clicked through as a user would (egui_kittest, no
//! rendering): edits change the figures, undo brings them back.

use std::path::PathBuf;
use std::sync::OnceLock;

use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use leadscore::model::Stage;
use leadscore::ui::{Command, Startup, Studio, points_label};

/// The bundled sample data, or the same history generated into a temporary
/// folder when the bundled files have not been generated yet.
fn data_dir() -> PathBuf {
    static GENERATED: OnceLock<tempfile::TempDir> = OnceLock::new();
    let bundled = leadscore::cli::sample_data_dir();
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
    let studio = Studio::new_blocking(&Startup::with_data_dir(data_dir())).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1600.0, 2400.0))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    harness.run();
    harness
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
    harness.get_by_label("Pin as baseline");
    harness.get_by_label("Executive or VP");
    assert!(harness.query_all_by_label_contains("matched").count() > 5);
}

#[test]
fn disabling_a_rule_moves_contacts_between_stages_and_undo_restores() {
    let mut harness = harness();
    let before = qualified(&harness);
    harness.get_by_label("Demo request").click();
    harness.run();
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
    harness.run();
    assert_eq!(qualified(&harness), before);
    harness.get_by_label("Redo").click();
    harness.run();
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
    harness.run();
    assert_eq!(working_rule_points(&harness, "Executive or VP"), 0);
    let after = qualified(&harness);
    assert!(after.0 + after.1 < before.0 + before.1);

    harness.get_by_label("Undo").click();
    harness.run();
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
    harness.run();
    for step in 1..=4 {
        harness.hover_at(start + egui::vec2(15.0 * step as f32, 0.0));
        harness.run();
    }
    let dragged = working_rule_points(&harness, "Director");
    assert!(dragged > original, "{dragged} > {original}");
    harness.drop_at(start + egui::vec2(60.0, 0.0));
    harness.run();
    assert_eq!(working_rule_points(&harness, "Director"), dragged);

    harness.get_by_label("Undo").click();
    harness.run();
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
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.stages.mql_threshold, threshold + 15);
    let (mql_after, sql_after) = qualified(&harness);
    assert!(mql_after < mql_before, "{mql_after} < {mql_before}");
    // SQL is above the threshold that moved (unless MQL passed it).
    assert!(sql_after <= sql_before);
}

#[test]
fn pinning_the_baseline_leaves_no_difference() {
    let mut harness = harness();
    let changes_before = harness
        .state()
        .workspace()
        .unwrap()
        .simulation
        .as_ref()
        .unwrap()
        .comparison
        .changes
        .len();
    assert!(changes_before > 0, "the proposal differs from production");
    harness.get_by_label("Pin as baseline").click();
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.baseline, workspace.working);
    let comparison = &workspace.simulation.as_ref().unwrap().comparison;
    assert!(comparison.changes.is_empty());
    assert_eq!(comparison.proposal, comparison.baseline);

    // Later edits are compared with the pinned rule set.
    harness.get_by_label("Demo request").click();
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert!(
        !workspace
            .simulation
            .as_ref()
            .unwrap()
            .comparison
            .changes
            .is_empty()
    );
}

#[test]
fn opening_another_rule_set_is_one_undo_step() {
    let mut harness = harness();
    let path = leadscore::cli::sample_data_dir().join("sales_proposal.ron");
    harness.state_mut().push(Command::OpenRuleSet(path));
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Sales proposal");
    assert!(workspace.simulation.as_ref().unwrap().rule_stats.len() > 3);
    assert!(harness.state().message().is_none());
    assert!(harness.state().workspace().unwrap().history.can_undo());

    harness.get_by_label("Undo").click();
    harness.run();
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
    harness.run();
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
    harness.run();
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
    harness.run();

    harness.get_by_label("the data has no column \"Shoe size\"");
    let workspace = harness.state().workspace().unwrap();
    // The engine refuses a rule set with errors; the reason is shown.
    let error = workspace.simulation_error.as_deref().unwrap();
    assert!(error.contains("Shoe size"), "{error}");
    // The condition, the issue under the rule, and the status bar.
    assert!(harness.query_all_by_label_contains("Shoe size").count() >= 3);
}

#[test]
fn loading_in_the_background_shows_a_spinner_then_the_figures() {
    let ctx = egui::Context::default();
    let studio = Studio::new(Startup::with_data_dir(data_dir()), &ctx);
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
    harness.get_by_label("Pin as baseline");
}

#[test]
fn keyboard_shortcuts_undo_and_redo() {
    let mut harness = harness();
    let before = qualified(&harness);
    harness.get_by_label("Demo request").click();
    harness.run();
    let after = qualified(&harness);
    assert_ne!(after, before);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(qualified(&harness), before);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(qualified(&harness), after);
}

#[test]
fn missing_data_is_explained_not_fatal() {
    let ctx = egui::Context::default();
    let studio = Studio::new(Startup::with_data_dir(PathBuf::from("no/such/dir")), &ctx);
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
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.stages.disqualify_below, Some(0));
    assert!(count(&harness, Stage::Disqualified) > 0);
}

#[test]
fn edits_are_marked_unsaved_until_saved() {
    let mut harness = harness();
    assert!(!harness.state().workspace().unwrap().has_unsaved_changes());
    assert!(harness.query_by_label("(unsaved)").is_none());
    harness.get_by_label("Demo request").click();
    harness.run();
    assert!(harness.state().workspace().unwrap().has_unsaved_changes());
    harness.get_by_label("(unsaved)");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("workshop.ron");
    harness.state_mut().push(Command::SaveRuleSet(file.clone()));
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert!(!workspace.has_unsaved_changes());
    assert_eq!(workspace.working_path.as_deref(), Some(file.as_path()));
    assert_eq!(
        leadscore::model::load_rule_set(&file).unwrap(),
        workspace.working
    );
    assert!(harness.query_by_label("(unsaved)").is_none());
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
    let path = leadscore::cli::sample_data_dir().join("sales_proposal.ron");
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path)));
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.working.name, "Sales proposal");
}

/// The app moves thresholds by re-staging the scores it has; the stages must
/// be the engine's.
#[test]
fn restaging_agrees_with_scoring_again() {
    use leadscore::engine::{resolve_as_of, score};
    let startup = Startup::with_data_dir(data_dir());
    let session = startup.load().unwrap();
    let data = &session.data;
    let as_of = resolve_as_of(data, None);
    for rules in [&session.working, &session.baseline] {
        let scored = score(data, rules, as_of).unwrap();
        for (mql, sql, floor) in [(10, 40, None), (35, 35, Some(-5)), (60, 90, Some(20))] {
            let mut moved = rules.clone();
            moved.stages.mql_threshold = mql;
            moved.stages.sql_threshold = sql;
            moved.stages.disqualify_below = floor;
            assert!(leadscore::ui::differ_only_in_thresholds(rules, &moved));
            let mut restaged = scored.clone();
            leadscore::ui::restage(&mut restaged, &moved.stages);
            let expected = score(data, &moved, as_of).unwrap();
            assert_eq!(restaged.stage, expected.stage, "{mql}/{sql}/{floor:?}");
        }
    }
    let mut other = session.working.clone();
    other.name.push_str(" (copy)");
    assert!(!leadscore::ui::differ_only_in_thresholds(
        &session.working,
        &other
    ));
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
    harness.run();
    harness
        .get_by_label(leadscore::ui::CONTACT_SEARCH_LABEL)
        .focus();
    harness
        .get_by_label(leadscore::ui::CONTACT_SEARCH_LABEL)
        .type_text(&id);
    harness.run();
    harness.get_by_label(&format!(
        "Score {total} = fit {} + engagement {}: SQL",
        fit, engagement
    ));
    assert_eq!(harness.query_all_by_label("yes").count(), matched);
}

#[test]
fn stale_simulations_are_dropped() {
    let session = Startup::with_data_dir(data_dir()).load().unwrap();
    let mut workspace = leadscore::ui::Workspace::new(session);
    let first = workspace.generation;
    assert!(workspace.is_simulating());
    let path = workspace.working.rules().next().unwrap().0;
    assert!(workspace.apply(&Command::ToggleRule {
        path,
        enabled: false
    }));
    assert!(workspace.generation > first);
    // The answer to the first request arrives after the edit: ignored.
    workspace.receive(first, Err("stale".to_owned()));
    assert!(workspace.simulation_error.is_none());
    assert!(workspace.is_simulating());
    workspace.receive(workspace.generation, Err("current".to_owned()));
    assert_eq!(workspace.simulation_error.as_deref(), Some("current"));
    assert!(!workspace.is_simulating());
}
