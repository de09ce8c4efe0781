//! Probable leakage on a constructed history that has two leaky signals
//! (a "Became customer" column, and an onboarding call that happens only
//! after the win) beside two honest strong ones (industry, a demo request).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use leadscore::analysis::{
    Leakage, PROBABLE_LEAKAGE, Simulation, after_outcome_of_rules, candidate_rules,
};
use leadscore::data::{DataSources, Dataset, LoadOptions, load_dataset};
use leadscore::engine::{resolve_as_of, score};
use leadscore::model::{Condition, EventCondition, Group, Rule, RuleSet, TextOp};

use super::cli::leadscore;

/// 600 contacts created through 2024. Software converts at 45%, the rest at
/// 8%. Every winner "became a customer" (and 2 others did, so the column
/// converts at 98%). Every winner had an onboarding call 5 days after
/// winning, as did 100 others (so it converts at 55%, but only after the
/// outcome). 60% of the winners and 10% of the others asked for a demo
/// before anything was decided.
pub(crate) fn leaky_history(dir: &Path) -> DataSources {
    let mut contacts =
        String::from("contact_id,created,Industry,Became customer,Converted,Won Date\n");
    let mut events = String::from("contact_id,timestamp,event_type\n");
    let mut others_with_calls = 0;
    let mut others_customers = 0;
    for i in 0..600u32 {
        let software = i % 3 == 0;
        // Deterministic: 45 of every 100 software contacts, 8 of every 100 others.
        let won = if software {
            (i / 3) % 20 < 9
        } else {
            (i * 7) % 100 < 8
        };
        let day = 1 + (i % 250);
        let created = date(day);
        let customer = won || {
            others_customers += 1;
            others_customers <= 2
        };
        let won_date = if won { date(day + 30) } else { String::new() };
        contacts.push_str(&format!(
            "c{i},{created},{},{},{},{won_date}\n",
            if software { "Software" } else { "Retail" },
            if customer { "yes" } else { "no" },
            u8::from(won),
        ));
        events.push_str(&format!("c{i},{}T09:00:00Z,page_view\n", date(day + 2)));
        let demo = if won { i % 5 < 3 } else { i % 10 == 1 };
        if demo {
            events.push_str(&format!("c{i},{}T10:00:00Z,demo_request\n", date(day + 10)));
        }
        let call = won || {
            others_with_calls += 1;
            others_with_calls <= 100
        };
        if call {
            events.push_str(&format!(
                "c{i},{}T11:00:00Z,onboarding_call\n",
                date(day + 35)
            ));
        }
    }
    let contacts_path = dir.join("contacts.csv");
    let events_path = dir.join("events.csv");
    std::fs::write(&contacts_path, contacts).unwrap();
    std::fs::write(&events_path, events).unwrap();
    DataSources {
        contacts: contacts_path,
        deals: None,
        events: Some(events_path),
    }
}

fn date(day_of_2024: u32) -> String {
    let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    (first + chrono::Days::new(u64::from(day_of_2024))).to_string()
}

fn load(dir: &Path) -> Dataset {
    load_dataset(&leaky_history(dir), &LoadOptions::default()).unwrap()
}

fn rule(name: &str, condition: Condition) -> Rule {
    Rule {
        name: name.into(),
        condition,
        points: 10,
        ..Default::default()
    }
}

fn event(kind: &str) -> Condition {
    Condition::Event(EventCondition {
        event_types: vec![kind.into()],
        detail: None,
        within_days: None,
        at_least: 1,
    })
}

fn rules() -> RuleSet {
    RuleSet {
        name: "Leaky".into(),
        fit: vec![Group {
            name: "Fit".into(),
            cap: None,
            rules: vec![
                rule(
                    "Software",
                    Condition::Text {
                        field: "Industry".into(),
                        op: TextOp::Equals("Software".into()),
                        case_sensitive: false,
                    },
                ),
                rule(
                    "Customer",
                    Condition::Bool {
                        field: "Became customer".into(),
                        is: true,
                    },
                ),
            ],
        }],
        engagement: vec![Group {
            name: "Activity".into(),
            cap: None,
            rules: vec![
                rule("Demo", event("demo_request")),
                rule("Onboarding", event("onboarding_call")),
            ],
        }],
        ..Default::default()
    }
}

/// The committed copy (tests/fixtures/leaky), which the app's tests open,
/// is what the recipe above writes (`LEADSCORE_RECORD=1` writes it again).
#[test]
fn the_committed_leaky_fixture_is_the_recipe() {
    let dir = tempfile::tempdir().unwrap();
    let written = leaky_history(dir.path());
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/leaky");
    if std::env::var_os("LEADSCORE_RECORD").is_some() {
        std::fs::create_dir_all(&committed).unwrap();
        std::fs::copy(&written.contacts, committed.join("contacts.csv")).unwrap();
        std::fs::copy(
            written.events.as_ref().unwrap(),
            committed.join("events.csv"),
        )
        .unwrap();
        leadscore::model::save_rule_set(&self::rules(), &committed.join("leaky.ron")).unwrap();
    }
    for (path, name) in [
        (&written.contacts, "contacts.csv"),
        (written.events.as_ref().unwrap(), "events.csv"),
    ] {
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            std::fs::read_to_string(committed.join(name)).unwrap(),
            "{name}"
        );
    }
    let rules = leadscore::model::load_rule_set(&committed.join("leaky.ron")).unwrap();
    assert_eq!(rules, self::rules());
}

#[test]
fn candidates_flag_the_leaky_column_and_the_after_outcome_event_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(dir.path());
    assert_eq!(data.roles.contacts.outcome.as_deref(), Some("Converted"));
    let candidates = candidate_rules(&data, 100);
    let find = |name: &str| {
        candidates
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", names(&candidates)))
    };
    // The outcome column itself is never a candidate.
    assert!(
        candidates
            .iter()
            .all(|c| !c.condition.fields().contains(&"Converted")),
        "{:?}",
        names(&candidates)
    );
    let customer = find("Became customer is true");
    assert!(matches!(
        customer.leakage,
        Some(Leakage::ConvertsLikeOutcome { matched, .. }) if matched > 100
    ));
    // Its other value converts at 0%, and is flagged with its column.
    let not_customer = find("Became customer is false");
    assert_eq!(
        not_customer.leakage,
        Some(Leakage::SameColumn {
            column: "Became customer".into()
        })
    );
    let onboarding = find("onboarding_call");
    assert!(
        matches!(onboarding.leakage, Some(Leakage::AfterOutcome { after, wins }) if after == wins && wins > 100),
        "{:?}",
        onboarding.leakage
    );
    assert!(onboarding.matched_conversion.value < 0.95);
    for honest in ["Industry: Software", "demo_request"] {
        let c = find(honest);
        assert!(!c.probable_leakage, "{honest}: {:?}", c.leakage);
        assert!(c.lift > 1.5, "{honest} is strong: {}", c.lift);
    }
}

#[test]
fn rule_statistics_flag_leaky_rules_in_the_simulation() {
    let dir = tempfile::tempdir().unwrap();
    let data = load(dir.path());
    let rules = rules();
    let scores = Arc::new(score(&data, &rules, resolve_as_of(&data, None)).unwrap());
    let simulation = Simulation::new(
        &data,
        &after_outcome_of_rules(&data, &rules),
        &scores,
        &scores,
    );
    let flag = |name: &str| {
        simulation
            .rule_stats
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .flag
    };
    assert_eq!(flag("Customer"), Some(PROBABLE_LEAKAGE));
    assert_eq!(flag("Onboarding"), Some(PROBABLE_LEAKAGE));
    assert_eq!(flag("Software"), None);
    assert_eq!(flag("Demo"), None);
}

#[test]
fn simulate_shows_the_leakage_flag_in_its_rule_table() {
    let dir = tempfile::tempdir().unwrap();
    let sources = leaky_history(dir.path());
    let rules_path: PathBuf = dir.path().join("leaky.ron");
    leadscore::model::save_rule_set(&rules(), &rules_path).unwrap();
    let (ok, out, err) = leadscore(&[
        "simulate",
        "--rules",
        rules_path.to_str().unwrap(),
        "--contacts",
        sources.contacts.to_str().unwrap(),
        "--events",
        sources.events.as_deref().unwrap().to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let flagged: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_end().ends_with(PROBABLE_LEAKAGE))
        .collect();
    assert_eq!(flagged.len(), 2, "{out}");
    assert!(
        flagged
            .iter()
            .any(|l| l.trim_start().starts_with("Customer"))
    );
    assert!(
        flagged
            .iter()
            .any(|l| l.trim_start().starts_with("Onboarding"))
    );
    assert!(
        out.contains("\"Onboarding\": probable leakage:")
            && out.contains("only on or after the day they won"),
        "{out}"
    );
    // One header per cell: the header row and every rule row have as many
    // cells in Markdown.
    let (ok, markdown, err) = leadscore(&[
        "simulate",
        "--format",
        "markdown",
        "--rules",
        rules_path.to_str().unwrap(),
        "--contacts",
        sources.contacts.to_str().unwrap(),
        "--events",
        sources.events.as_deref().unwrap().to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let mut in_table = false;
    let mut cells = None;
    for line in markdown.lines() {
        if line.starts_with("| rule ") {
            in_table = true;
            cells = Some(line.matches('|').count());
            continue;
        }
        if in_table && line.starts_with('|') {
            assert_eq!(Some(line.matches('|').count()), cells, "{line}");
        } else {
            in_table = false;
        }
    }
    assert!(cells.is_some(), "{markdown}");
}

fn names(candidates: &[leadscore::analysis::Candidate]) -> Vec<&str> {
    candidates.iter().map(|c| c.name.as_str()).collect()
}

/// The app's memo of the after-outcome sign gives what working it out
/// gives, and forgets it for other data.
#[test]
fn the_remembered_after_outcome_sign_is_the_sign_of_the_data_at_hand() {
    let dir = tempfile::tempdir().unwrap();
    let data = Arc::new(load(dir.path()));
    let rules = rules();
    let mut memo = leadscore::analysis::AfterOutcomeMemo::default();
    let direct = after_outcome_of_rules(&data, &rules);
    assert_eq!(direct.len(), 1, "{direct:?}");
    assert_eq!(memo.of_rules(&data, &rules), direct);
    assert_eq!(memo.of_rules(&data, &rules), direct);
    let without_events = Arc::new(Dataset {
        events: None,
        ..(*data).clone()
    });
    assert!(memo.of_rules(&without_events, &rules).is_empty());
    assert_eq!(memo.of_rules(&data, &rules), direct);
}
