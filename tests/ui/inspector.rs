//! The contact inspector: found by id, email or name; event rules explained
//! event by event; what it would take; ids elsewhere open it.

use leadscore::analysis::what_it_would_take;
use leadscore::engine::explain_event_rule;
use leadscore::model::Condition;

use egui_kittest::kittest::NodeT;

use super::*;

/// Opens the inspector and types `query` into its search field.
fn inspect(harness: &mut Harness<'static, Studio>, query: &str) {
    if harness
        .query_by_label(leadscore::ui::CONTACT_SEARCH_LABEL)
        .is_none()
    {
        harness.get_by_label("Test a contact").click();
        harness.settle();
    }
    let field = harness.get_by_label(leadscore::ui::CONTACT_SEARCH_LABEL);
    field.focus();
    field.type_text(query);
    harness.settle();
}

/// The headline of contact `row` under the proposal.
fn score_line(harness: &Harness<'_, Studio>, row: usize) -> String {
    let workspace = harness.state().workspace().unwrap();
    let scores = &workspace.simulation.as_ref().unwrap().proposal_scores;
    format!(
        "Score {} = fit {} + engagement {}: {}",
        scores.total[row],
        scores.fit[row],
        scores.engagement[row],
        scores.stage[row].label()
    )
}

#[test]
fn a_contact_is_found_by_its_email() {
    let mut harness = harness();
    let (row, email) = {
        let workspace = harness.state().workspace().unwrap();
        let scores = &workspace.simulation.as_ref().unwrap().proposal_scores;
        let row = scores.stage.iter().position(|s| *s == Stage::Sql).unwrap();
        (row, workspace.data.value_text(row, "Email").unwrap())
    };
    inspect(&mut harness, &email.to_uppercase());
    harness.get_by_label(&score_line(&harness, row));
    // The contact's id, email and name head the breakdown.
    let id = harness.state().workspace().unwrap().data.ids[row].clone();
    harness.get_by_label_contains(&format!("{id} · {email} · "));
}

#[test]
fn a_name_shared_by_several_contacts_offers_them_by_name() {
    let mut harness = harness();
    let last_name = {
        let workspace = harness.state().workspace().unwrap();
        workspace.data.value_text(3, "Last Name").unwrap()
    };
    inspect(&mut harness, &last_name);
    let suggestions = harness.query_all_by_label_contains("(by name)").count();
    assert!(suggestions > 1, "{suggestions}");
    assert!(
        harness
            .query_all_by_label_contains(" + engagement ")
            .next()
            .is_none()
    );
    harness
        .query_all_by_label_contains("(by name)")
        .next()
        .unwrap()
        .click();
    harness.settle();
    harness.get_by_label_contains(" + engagement ");
}

#[test]
fn event_rules_list_the_dated_events_that_make_their_points() {
    let mut harness = harness();
    // A contact whose points from a per-event rule come from several events.
    let (row, rule_points, dates) = {
        let workspace = harness.state().workspace().unwrap();
        let scores = &workspace.simulation.as_ref().unwrap().proposal_scores;
        let rules = &workspace.working;
        let events = workspace.data.events.as_ref().unwrap();
        let as_of = scores.as_of.unwrap();
        let (_, rule) = rules
            .rules()
            .find(|(_, r)| r.per_event_max.is_some() && matches!(r.condition, Condition::Event(_)))
            .unwrap();
        let result = scores.rules.iter().find(|r| r.name == rule.name).unwrap();
        (0..workspace.data.len())
            .find_map(|row| {
                let explanation = explain_event_rule(events, row, rule, &rules.decay, as_of)
                    .unwrap()
                    .unwrap();
                let counted: Vec<String> = explanation
                    .events
                    .iter()
                    .filter(|e| e.counted)
                    .map(|e| e.date.unwrap().to_string())
                    .collect();
                (counted.len() >= 2 && explanation.points > 0)
                    .then(|| (row, result.points_for(row), counted))
            })
            .unwrap()
    };
    let id = harness.state().workspace().unwrap().data.ids[row].clone();
    inspect(&mut harness, &id);
    for date in &dates {
        assert!(
            harness
                .query_all_by_label_contains(&format!("{date} · "))
                .count()
                >= 1,
            "{date}"
        );
    }
    // The counted events' points add up to what the engine gave.
    harness.get_by_label_contains(&format!("rounded: {rule_points:+}"));
    assert!(harness.query_all_by_label_contains(" days old · ×").count() >= dates.len());
}

#[test]
fn what_it_would_take_names_the_missing_points() {
    let mut harness = harness();
    let (row, mql_missing, sql_missing, first_rule) = {
        let workspace = harness.state().workspace().unwrap();
        let scores = &workspace.simulation.as_ref().unwrap().proposal_scores;
        let row = scores
            .stage
            .iter()
            .position(|s| *s == Stage::Nurture)
            .unwrap();
        let take = what_it_would_take(&workspace.working, scores, row);
        assert!(take.mql.reachable && take.mql.missing_points > 0);
        (
            row,
            take.mql.missing_points,
            take.sql.missing_points,
            take.mql.rules[0].name.clone(),
        )
    };
    let id = harness.state().workspace().unwrap().data.ids[row].clone();
    inspect(&mut harness, &id);
    harness.get_by_label("What it would take");
    let (mql, sql) = {
        let stages = &harness.state().workspace().unwrap().working.stages;
        (stages.mql_threshold, stages.sql_threshold)
    };
    harness.get_by_label_contains(&format!(
        "MQL ({mql}): {mql_missing} points missing; matching {first_rule} (+"
    ));
    harness.get_by_label_contains(&format!("SQL ({sql}): {sql_missing} points missing"));
}

#[test]
fn clicking_an_id_in_the_changed_contacts_opens_it() {
    let mut harness = harness();
    let (id, row) = {
        let workspace = harness.state().workspace().unwrap();
        let changes = &workspace.simulation.as_ref().unwrap().comparison.changes;
        let row = changes[0].row;
        (workspace.data.ids[row].clone(), row)
    };
    assert!(
        harness
            .query_by_label(leadscore::ui::CONTACT_SEARCH_LABEL)
            .is_none()
    );
    harness.get_by_label(&id).click();
    harness.settle();
    harness.get_by_label(leadscore::ui::CONTACT_SEARCH_LABEL);
    harness.get_by_label(&score_line(&harness, row));
}

/// The charts of the Figures tab: the thresholds labelled with their
/// values, the conversion with its interval caption, every stage in the
/// funnel.
#[test]
fn the_charts_label_their_thresholds() {
    let harness = harness();
    let (mql, sql) = {
        let stages = &harness.state().workspace().unwrap().working.stages;
        (stages.mql_threshold, stages.sql_threshold)
    };
    let markers = format!("MQL {mql}, SQL {sql}");
    for chart in [
        "Score distribution chart",
        "Share won per score band chart",
        "Contacts at or above the threshold chart",
        "Conversion against the threshold chart",
    ] {
        let node = harness.get_by_label(chart);
        let value = node.accesskit_node().value();
        assert_eq!(value.as_deref(), Some(markers.as_str()), "{chart}");
    }
    harness.get_by_label_contains("Shaded: 95% interval.");
    harness.get_by_label("Contacts per stage");
}
