//! Probable leakage in the app: the rule list marks a leaky rule, says why
//! on hover, and offers no suggested points for it; honest rules keep
//! their suggestion.

use std::path::PathBuf;

use egui_kittest::kittest::Queryable;
use leadscore::analysis::PROBABLE_LEAKAGE;
use leadscore::ui::{Startup, Studio, accept_label};

use super::{Settle, harness_of};

fn leaky_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/leaky")
}

#[test]
fn the_rule_list_marks_leaky_rules_and_offers_no_points_for_them() {
    let dir = leaky_dir();
    let mut harness = harness_of(Studio::new(Startup::from_files(vec![
        dir.join("leaky.ron"),
        dir.clone(),
    ])));
    harness.settle();
    let workspace = harness.state().workspace().unwrap();
    let stats = &workspace.simulation.as_ref().unwrap().rule_stats;
    let flagged: Vec<&str> = stats
        .iter()
        .filter(|s| s.leakage.is_some())
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(flagged, ["Customer", "Onboarding"]);
    // One marker per leaky rule, nowhere else.
    assert_eq!(harness.query_all_by_label(PROBABLE_LEAKAGE).count(), 2);
    for name in ["Customer", "Onboarding"] {
        assert!(
            harness.query_by_label(&accept_label(name)).is_none(),
            "no suggested points for {name}"
        );
    }
    // An honest rule whose points differ from the suggestion keeps its Accept.
    let honest = stats
        .iter()
        .find(|s| s.leakage.is_none() && s.suggested_points.is_some_and(|p| p != s.points))
        .expect("an honest rule with a suggestion");
    harness.get_by_label(&accept_label(&honest.name));
}
