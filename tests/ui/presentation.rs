//! The workshop on a projector: presentation view, thresholds, baselines,
//! theme and zoom, layout at 1280×720.

use super::*;
use egui_kittest::kittest::NodeT;
use leadscore::model::{RuleSet, ThresholdKind};
use leadscore::ui::{State, Theme, threshold_slider_range};

/// The studio on the sample data in a window of the given size.
fn harness_sized(width: f32, height: f32) -> Harness<'static, Studio> {
    let studio = Studio::new(Startup::with_data_dir(data_dir()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_ui_state(|ui, studio: &mut Studio| studio.ui(ui), studio);
    harness.settle();
    harness
}

fn thresholds(harness: &Harness<'_, Studio>) -> (i64, i64) {
    let stages = &harness.state().workspace().unwrap().working.stages;
    (stages.mql_threshold, stages.sql_threshold)
}

/// The text a screen reader reads for a node: a label's value, or a
/// button's name.
trait Text {
    fn text(&self) -> String;
}

impl Text for egui_kittest::Node<'_> {
    fn text(&self) -> String {
        self.value()
            .or_else(|| self.accesskit_node().label())
            .unwrap_or_default()
    }
}

/// Whether a widget found by its label lies wholly inside the window.
fn inside_window(harness: &Harness<'_, Studio>, label: &str, window: egui::Rect) -> bool {
    let node = harness.get_by_label(label);
    let rect = node.rect();
    window.expand(0.5).contains_rect(rect)
}

#[test]
fn step_buttons_move_a_threshold_by_one_and_five_each_one_undo_step() {
    let mut harness = harness();
    let (mql, sql) = thresholds(&harness);
    let mql_before = count(&harness, Stage::Mql);
    harness.get_by_label("MQL +5").click();
    harness.settle();
    assert_eq!(thresholds(&harness), (mql + 5, sql));
    assert!(count(&harness, Stage::Mql) < mql_before);
    harness.get_by_label("MQL -1").click();
    harness.settle();
    harness.get_by_label("SQL +1").click();
    harness.settle();
    assert_eq!(thresholds(&harness), (mql + 4, sql + 1));
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(thresholds(&harness), (mql + 4, sql));
    harness.get_by_label("Undo").click();
    harness.settle();
    assert_eq!(thresholds(&harness), (mql + 5, sql));

    // A typed value through the slider's box (as a screen reader sets it).
    harness
        .get_by_role_and_label(Role::Slider, "SQL threshold")
        .set_value_accesskit((sql + 7) as f64);
    harness.settle();
    assert_eq!(thresholds(&harness), (mql + 5, sql + 7));
}

#[test]
fn mql_moved_past_sql_is_held_at_it_with_a_note_and_sql_never_moves() {
    let mut harness = harness();
    let (_, sql) = thresholds(&harness);
    harness
        .get_by_role_and_label(Role::Slider, "MQL threshold")
        .set_value_accesskit((sql + 12) as f64);
    harness.settle();
    assert_eq!(
        thresholds(&harness),
        (sql, sql),
        "held at SQL, SQL unchanged"
    );
    let note = harness
        .query_all_by_label_contains("MQL held at")
        .next()
        .expect("a note says why MQL stopped")
        .text();
    assert!(note.contains(&format!("held at {sql}")), "{note}");
    assert!(note.contains(&format!("asked {}", sql + 12)), "{note}");
    // SQL cannot go under MQL either, and says so.
    harness.get_by_label("SQL -1").click();
    harness.settle();
    assert_eq!(thresholds(&harness), (sql, sql));
    assert!(
        harness
            .query_all_by_label_contains("SQL held at")
            .next()
            .is_some()
    );
}

#[test]
fn the_slider_range_stays_put_while_a_threshold_moves() {
    let mut harness = harness();
    let range = |harness: &Harness<'_, Studio>| {
        threshold_slider_range(harness.state().workspace().unwrap())
    };
    let before = range(&harness);
    // The sample's scores run from about −45 to 100.
    assert!(*before.start() <= -40 && *before.end() >= 100, "{before:?}");
    for _ in 0..3 {
        harness.get_by_label("SQL +5").click();
        harness.settle();
    }
    assert_eq!(range(&harness), before);
}

#[test]
fn pinning_the_baseline_is_one_undo_step_and_production_comes_back() {
    let mut harness = harness();
    let production = harness.state().workspace().unwrap().baseline.clone();
    harness.get_by_label("Choose the baseline").click();
    harness.run();
    harness
        .get_by_label("Pin the working rule set as it is now")
        .click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    let pinned = RuleSet {
        name: workspace.working.name.clone(),
        ..workspace.baseline.clone()
    };
    assert_eq!(pinned, workspace.working);
    let comparison = &workspace.simulation.as_ref().unwrap().comparison;
    assert!(comparison.changes.is_empty());
    assert_eq!(comparison.proposal, comparison.baseline);
    assert!(
        harness
            .state()
            .message()
            .unwrap_or_default()
            .contains("Undo"),
        "the status bar says how to go back"
    );

    // Later edits are compared with the pinned rule set.
    harness.get_by_label("Demo request").click();
    harness.settle();
    let changes = |harness: &Harness<'_, Studio>| {
        let workspace = harness.state().workspace().unwrap();
        workspace
            .simulation
            .as_ref()
            .unwrap()
            .comparison
            .changes
            .len()
    };
    assert!(changes(&harness) > 0);

    // Ctrl+Z undoes the edit, then the pin: production is back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.settle();
    assert_eq!(changes(&harness), 0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.baseline, production);
    assert!(changes(&harness) > 0);
    assert_eq!(workspace.working.name, "Marketing proposal");
}

#[test]
fn the_baseline_picker_offers_production_the_other_proposal_a_file_and_saved_versions() {
    let mut harness = harness();
    let production = harness.state().workspace().unwrap().baseline.clone();
    let sales = leadscore::data::sample_data_dir().join("sales_proposal.ron");
    // The other team's proposal, once loaded in the workshop.
    harness.state_mut().push(Command::OpenOther(sales.clone()));
    harness.settle();
    harness.get_by_label("Choose the baseline").click();
    harness.run();
    harness
        .get_by_label("The other team's proposal: Sales proposal")
        .click();
    harness.settle();
    assert_eq!(
        harness.state().workspace().unwrap().baseline.name,
        "Sales proposal"
    );
    // Back to production.
    harness.get_by_label("Choose the baseline").click();
    harness.run();
    harness
        .get_by_label(&format!("Production: {}", production.name))
        .click();
    harness.settle();
    assert_eq!(harness.state().workspace().unwrap().baseline, production);

    // An earlier saved version: edit, save, edit again, then compare with
    // the save.
    harness.get_by_label("Figures").click();
    harness.settle();
    harness.get_by_label("Demo request").click();
    harness.settle();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v1.ron");
    harness.state_mut().push(Command::SaveRuleSet(file.clone()));
    harness.settle();
    harness.get_by_label("Demo request").click();
    harness.settle();
    harness.get_by_label("Choose the baseline").click();
    harness.run();
    // The version as opened is offered too.
    assert!(
        harness
            .query_all_by_label_contains("Marketing proposal, opened")
            .next()
            .is_some()
    );
    let saved = harness
        .query_all_by_label_contains("Marketing proposal, saved")
        .next()
        .expect("the saved version is offered")
        .text();
    harness.get_by_label(&saved).click();
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    let saved_rules = leadscore::model::load_rule_set(&file).unwrap();
    assert_eq!(workspace.baseline.stages, saved_rules.stages);
    assert_eq!(workspace.baseline.engagement, saved_rules.engagement);
    assert_ne!(workspace.baseline.engagement, workspace.working.engagement);

    // A file: what the dialog (or a typed path) hands over.
    harness.state_mut().push(Command::OpenBaseline(sales));
    harness.settle();
    assert_eq!(
        harness.state().workspace().unwrap().baseline.name,
        "Sales proposal"
    );
    // A file that is not there is said, and the baseline kept.
    harness
        .state_mut()
        .push(Command::OpenBaseline(dir.path().join("missing.ron")));
    harness.settle();
    assert!(
        harness
            .state()
            .message()
            .unwrap_or_default()
            .contains("missing.ron")
    );
    assert_eq!(
        harness.state().workspace().unwrap().baseline.name,
        "Sales proposal"
    );
}

#[test]
fn the_presentation_view_fits_1280_by_720_and_its_markers_move_the_figures() {
    let mut harness = harness_sized(1280.0, 720.0);
    harness.get_by_label("Present").click();
    harness.settle();
    assert!(harness.state().is_presenting());
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0));
    for label in [
        "MQL per month",
        "SQL per month",
        "MQL conversion",
        "SQL conversion",
        "Wins captured",
        "Revenue captured",
        "Leave presentation (Esc)",
        "MQL +5",
        "SQL -5",
    ] {
        assert!(inside_window(&harness, label, window), "{label} is cut off");
    }
    let marker = |harness: &Harness<'_, Studio>, prefix: &str| {
        harness
            .query_all_by_label_contains(prefix)
            .next()
            .unwrap_or_else(|| panic!("no line starts with {prefix}"))
            .text()
    };
    let (mql, _) = thresholds(&harness);
    let before = marker(&harness, &format!("MQL at {mql}:"));
    assert!(before.contains("contacts score"), "{before}");
    let chart = harness.get_by_label("Score distribution chart").rect();
    assert!(
        window.contains_rect(chart),
        "the chart is inside the window"
    );
    for prefix in ["MQL at", "SQL at"] {
        let node = harness.query_all_by_label_contains(prefix).next().unwrap();
        assert!(window.expand(0.5).contains_rect(node.rect()), "{prefix}");
    }
    // The big numbers follow the thresholds.
    harness.get_by_label("MQL +5").click();
    harness.settle();
    let after = marker(&harness, &format!("MQL at {}:", mql + 5));
    assert_ne!(before, after);
    // Escape leaves.
    harness.key_press(egui::Key::Escape);
    harness.settle();
    assert!(!harness.state().is_presenting());
    harness.get_by_label("Test a contact");
    // F5 comes back.
    harness.key_press(egui::Key::F5);
    harness.settle();
    assert!(harness.state().is_presenting());
}

#[test]
fn the_normal_view_reflows_at_1280_by_720() {
    let mut harness = harness_sized(1280.0, 720.0);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0));
    for label in [
        "File",
        "Data…",
        "Export",
        "Undo",
        "Choose the baseline",
        "Test a contact",
        "Present",
        "View",
        "MQL +5",
        "SQL +5",
        "Disqualify below",
        "MQL per month",
        "Won captured",
    ] {
        assert!(inside_window(&harness, label, window), "{label} is cut off");
    }
    // The inspector takes the rules' place instead of crushing the figures.
    harness.get_by_label("Test a contact").click();
    harness.settle();
    harness.get_by_label("Back to the rules");
    assert!(harness.query_by_label("Executive or VP").is_none());
    assert!(inside_window(&harness, "MQL per month", window));
    harness.get_by_label("Back to the rules").click();
    harness.settle();
    harness.get_by_label("Executive or VP");
}

#[test]
fn theme_and_zoom_are_on_the_view_menu_and_remembered() {
    let mut harness = harness();
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Light, high contrast (projector)")
        .click();
    harness.run();
    assert_eq!(harness.state().state().theme, Theme::Light);
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    harness.get_by_label("Zoom in").click();
    harness.run();
    harness.get_by_label("Zoom in").click();
    harness.run();
    let zoom = harness.state().state().zoom.unwrap();
    assert!((zoom - 1.2).abs() < 1e-4, "{zoom}");
    assert!((harness.ctx.zoom_factor() - 1.2).abs() < 1e-4);
    // What eframe would store, read back by the next run.
    let saved = ron::to_string(harness.state().state()).unwrap();
    let restored: State = ron::from_str(&saved).unwrap();
    let mut next = Studio::new(Startup::with_data_dir(data_dir()));
    next.restore_state(restored);
    let next = harness_of(next);
    assert_eq!(next.ctx.theme(), egui::Theme::Light);
    assert!((next.ctx.zoom_factor() - 1.2).abs() < 1e-4);
}

#[test]
fn held_threshold_notes_name_both_values() {
    let note = leadscore::ui::held_note(ThresholdKind::Mql, 67, 55);
    assert_eq!(
        note,
        "MQL held at 55: it cannot pass the SQL threshold; raise SQL first (asked 67)."
    );
}

#[test]
fn the_toolbar_stays_put_when_unsaved_shows_and_the_rule_editor_has_one_close_button() {
    let mut harness = harness_sized(1280.0, 720.0);
    let before = harness.get_by_label("Present").rect();
    harness.get_by_label("MQL +1").click();
    harness.settle();
    harness.get_by_label("unsaved");
    assert_eq!(harness.get_by_label("Present").rect(), before);

    harness.get_by_label(&edit_label("Director")).click();
    harness.settle();
    assert!(harness.state().workspace().unwrap().editing.is_some());
    // The row's own button (reading Close) is the only way out.
    assert!(harness.query_by_label("Close editor").is_none());
    harness.get_by_label(&edit_label("Director")).click();
    harness.settle();
    assert_eq!(harness.state().workspace().unwrap().editing, None);
}
