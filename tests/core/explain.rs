//! The contact inspector's core: event rules explained event by event (the
//! points must be the engine's), what it would take to reach MQL and SQL,
//! and finding a contact by id, email or name.

use leadscore::analysis::{ContactSearch, SearchField, search_contacts, what_it_would_take};
use leadscore::data::{
    DataSources, Dataset, LoadOptions, find_table, load_dataset, sample_data_dir,
};
use leadscore::engine::{explain_event_rule, resolve_as_of, score};
use leadscore::model::{Condition, RuleSet, load_rule_set};

fn sample() -> (Dataset, Vec<(String, RuleSet)>) {
    let dir = sample_data_dir();
    let sources = DataSources {
        contacts: find_table(&dir, "contacts").unwrap(),
        deals: find_table(&dir, "deals"),
        events: find_table(&dir, "events"),
    };
    let data = load_dataset(&sources, &LoadOptions::default()).unwrap();
    let rule_sets = ["current_production", "marketing_proposal", "sales_proposal"]
        .into_iter()
        .map(|name| {
            let rules = load_rule_set(&dir.join(format!("{name}.ron"))).unwrap();
            (name.to_owned(), rules)
        })
        .collect();
    (data, rule_sets)
}

/// Every event rule of the sample's rule sets (decayed steps, a half-life,
/// per-event caps, windows, detail tests) explained for every contact: the
/// explanation's points are the engine's, and its counted events add up.
#[test]
fn event_explanations_agree_with_the_engine() {
    let (data, rule_sets) = sample();
    let events = data.events.as_ref().unwrap();
    let as_of = resolve_as_of(&data, None);
    let mut explained_with_points = 0;
    for (name, rules) in &rule_sets {
        let scores = score(&data, rules, as_of).unwrap();
        for result in &scores.rules {
            let rule = rules.rule(result.path).unwrap();
            if !matches!(rule.condition, Condition::Event(_)) {
                continue;
            }
            for row in 0..data.len() {
                let explanation = explain_event_rule(events, row, rule, &rules.decay, as_of)
                    .unwrap()
                    .unwrap();
                assert_eq!(
                    explanation.points,
                    result.points_for(row),
                    "{name} / {} / contact {}",
                    result.name,
                    data.ids[row]
                );
                assert_eq!(explanation.matched, result.matched.get(row));
                let rounded = (explanation.counted_points() + 0.5).floor() as i64;
                if explanation.matched {
                    assert!((rounded - explanation.points).abs() <= 1);
                    explained_with_points += usize::from(explanation.points != 0);
                }
                let counted = explanation.events.iter().filter(|e| e.counted).count();
                let cap = rule.per_event_max.unwrap_or(1) as usize;
                assert_eq!(counted, explanation.events.len().min(cap));
                assert!(explanation.events.iter().all(|e| e.date.is_some()));
            }
        }
    }
    assert!(explained_with_points > 1_000, "{explained_with_points}");
}

/// Where the gap can be closed, the rules named close it; a contact above
/// a threshold misses nothing.
#[test]
fn what_it_would_take_closes_the_gap_it_names() {
    let (data, rule_sets) = sample();
    let as_of = resolve_as_of(&data, None);
    let (_, rules) = &rule_sets[1];
    let scores = score(&data, rules, as_of).unwrap();
    let mut reachable = 0;
    for row in (0..data.len()).step_by(7) {
        let take = what_it_would_take(rules, &scores, row);
        for path in [&take.mql, &take.sql] {
            let added: i64 = path.rules.iter().map(|r| r.added_points).sum();
            assert_eq!(path.missing_points, (path.threshold - take.score).max(0));
            assert_eq!(path.reachable, added >= path.missing_points);
            if path.missing_points == 0 {
                assert!(path.rules.is_empty());
            }
            for rule in &path.rules {
                let result = scores.rules.iter().find(|r| r.path == rule.path).unwrap();
                assert!(!result.matched.get(row), "{} is already matched", rule.name);
                assert!(rule.added_points > 0);
            }
            reachable += usize::from(path.reachable && path.missing_points > 0);
        }
    }
    assert!(reachable > 100);
}

#[test]
fn contacts_are_found_by_id_email_or_name() {
    let (data, _) = sample();
    let email = data.value_text(41, "Email").unwrap();
    assert_eq!(
        search_contacts(&data, &email.to_uppercase(), 8),
        ContactSearch::Found(41)
    );
    assert_eq!(
        search_contacts(&data, &format!(" {} ", data.ids[41]), 8),
        ContactSearch::Found(41)
    );
    let last_name = data.value_text(41, "Last Name").unwrap();
    let ContactSearch::Suggestions(found) = search_contacts(&data, &last_name, 8) else {
        panic!("a last name is shared by several contacts");
    };
    assert!(found.iter().all(|m| m.field == SearchField::Name));
    assert!(found.iter().all(|m| m.label.contains(" · ")));
    // A full name, typed as a person would, spans the name columns.
    let first_name = data.value_text(41, "First Name").unwrap();
    let full_name = format!("{} {}", first_name.to_lowercase(), last_name.to_uppercase());
    match search_contacts(&data, &full_name, 8) {
        ContactSearch::Found(row) => assert_eq!(row, 41),
        ContactSearch::Suggestions(found) => {
            assert!(
                found
                    .iter()
                    .any(|m| m.row == 41 && m.field == SearchField::Name)
            );
        }
        other => panic!("{full_name}: {other:?}"),
    }
    let ContactSearch::Suggestions(found) = search_contacts(&data, "@gmail", 8) else {
        panic!("free-mail addresses are suggested");
    };
    assert_eq!(found.len(), 8);
    assert!(found.iter().all(|m| m.field == SearchField::Email));
    assert_eq!(
        search_contacts(&data, "no such contact anywhere", 8),
        ContactSearch::Nothing
    );
}
