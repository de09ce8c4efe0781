//! Exports in the shapes real CRMs produce (tests/fixtures/own_data):
//! detection, won-deals-only files, previews that flag bad choices,
//! projects, drafting from the history, and the command line on them.

use std::path::{Path, PathBuf};

use super::cli::leadscore;
use leadscore::analysis::{DraftRequest, candidate_rules, draft_rule_set};
use leadscore::data::{
    ColumnOverride, DataSources, DateFormat, LoadError, LoadOptions, TableKind, load_dataset,
    preview_table,
};
use leadscore::model::{Condition, Rule, RuleSet, Severity, TextOp, missing_fields, validate};
use leadscore::project::{HeldRuleSet, ProjectError, ProjectParts, open_project, save_project};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/own_data")
        .join(name)
}

fn sources(contacts: &str, deals: Option<&str>) -> DataSources {
    DataSources {
        contacts: fixture(contacts),
        deals: deals.map(fixture),
        events: None,
    }
}

fn won_only_options() -> LoadOptions {
    let mut options = LoadOptions::default();
    options.roles.deals.all_won = true;
    options
}

#[test]
fn a_prospect_export_with_a_converted_flag_loads_without_mapping() {
    let data = load_dataset(&sources("prospects.csv", None), &LoadOptions::default()).unwrap();
    assert_eq!(data.len(), 600);
    assert_eq!(data.roles.contacts.id.as_deref(), Some("Prospect ID"));
    assert_eq!(data.roles.contacts.created.as_deref(), Some("Create Date"));
    assert_eq!(data.roles.contacts.outcome.as_deref(), Some("Converted"));
    let counts = data.outcome_counts();
    assert_eq!((counts.won, counts.none), (156, 444));
    // The placeholders are missing values, counted per column.
    let report = &data.reports[0];
    let title = report
        .columns
        .iter()
        .find(|c| c.name == "Job Title")
        .unwrap();
    assert_eq!(title.placeholders, 72);
    // Each role says why it has its column.
    let id = report
        .roles
        .iter()
        .find(|f| f.role == "contact id")
        .unwrap();
    assert_eq!(id.why, "a common name for a contact id");
}

#[test]
fn won_deals_only_are_refused_with_the_way_out_then_loaded_when_said() {
    let error = load_dataset(
        &sources("mql_contacts.csv", Some("mql_won_deals.csv")),
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(error, LoadError::MissingRole { .. }));
    let message = error.to_string();
    assert!(message.contains("every row is a won deal"), "{message}");
    assert!(message.contains("\"won_date\""), "{message}");
    assert!(message.ends_with("mql_won_deals.csv"), "{message}");
    let data = load_dataset(
        &sources("mql_contacts.csv", Some("mql_won_deals.csv")),
        &won_only_options(),
    )
    .unwrap();
    assert_eq!(data.roles.deals.contact_id.as_deref(), Some("mql_id"));
    assert_eq!(
        data.roles.contacts.created.as_deref(),
        Some("first_contact_date")
    );
    assert_eq!(data.outcome_counts().won, 100);
    // Won dates are kept for back-tests.
    assert_eq!(data.outcomes.won_at_ms.iter().flatten().count(), 100);
}

#[test]
fn a_quoted_header_with_doubled_quotes_reads_as_every_csv_reader_reads_it() {
    let data = load_dataset(&sources("quoted_header.csv", None), &LoadOptions::default()).unwrap();
    let names: Vec<&str> = data
        .schema
        .columns
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert!(
        names.contains(&"job title\"; DROP TABLE contacts; --"),
        "{names:?}"
    );
    assert_eq!(data.roles.contacts.id.as_deref(), Some("Lead Number"));
    // Values keep their quotes unescaped too.
    assert_eq!(
        data.value_text(0, "job title\"; DROP TABLE contacts; --")
            .as_deref(),
        Some("VP \"Sales\"")
    );
}

#[test]
fn the_preview_shows_first_rows_roles_and_status_values() {
    let mut options = LoadOptions::default();
    let contacts =
        preview_table(&fixture("prospects.csv"), TableKind::Contacts, &mut options).unwrap();
    assert_eq!(contacts.row_count, 600);
    assert_eq!(contacts.rows.len(), leadscore::data::PREVIEW_ROWS);
    assert_eq!(contacts.rows[0][0], "00Q100000");
    assert_eq!(contacts.headers[0], "Prospect ID");
    assert!(contacts.problems.is_empty(), "{:?}", contacts.problems);
    assert_eq!(options.roles.contacts.id.as_deref(), Some("Prospect ID"));
    let deals = preview_table(
        Path::new("../shared/bad_inputs/deals_bad_values.csv"),
        TableKind::Deals,
        &mut options,
    )
    .unwrap();
    assert!(!deals.status_values.is_empty());
    assert!(
        deals
            .status_values
            .iter()
            .all(|(v, _)| v == &v.trim().to_lowercase())
    );
}

#[test]
fn bad_choices_are_said_at_the_role_they_concern() {
    // An id column with duplicates.
    let mut options = LoadOptions::default();
    let preview = preview_table(
        Path::new("../shared/bad_inputs/duplicate_ids.csv"),
        TableKind::Contacts,
        &mut options,
    )
    .unwrap();
    let problem = preview
        .problems
        .iter()
        .find(|p| p.role == "contact id")
        .unwrap();
    assert!(
        problem.message.contains("more than once"),
        "{}",
        problem.message
    );
    // A created date that is mostly not dates.
    let mut options = LoadOptions::default();
    options.roles.contacts.created = Some("Job Title".to_owned());
    let preview =
        preview_table(&fixture("prospects.csv"), TableKind::Contacts, &mut options).unwrap();
    let problem = preview
        .problems
        .iter()
        .find(|p| p.role == "created date")
        .unwrap();
    assert!(
        problem.message.contains("read as dates"),
        "{}",
        problem.message
    );
    // A date format chosen against the data.
    let mut options = LoadOptions::default();
    options.column_types.insert(
        "Create Date".to_owned(),
        ColumnOverride::Date(DateFormat::DayFirst),
    );
    let preview =
        preview_table(&fixture("prospects.csv"), TableKind::Contacts, &mut options).unwrap();
    assert!(preview.problems.iter().any(|p| p.role == "created date"));
    // Status values mapped to nothing.
    let mut options = LoadOptions::default();
    options.roles.deals.won_values = vec!["signed".to_owned()];
    let preview = preview_table(
        Path::new("../shared/bad_inputs/deals_bad_values.csv"),
        TableKind::Deals,
        &mut options,
    )
    .unwrap();
    let messages: Vec<&str> = preview
        .problems
        .iter()
        .filter(|p| p.role == "status")
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("means won")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("\"signed\" is not a value")),
        "{messages:?}"
    );
}

#[test]
fn a_project_round_trips_and_reports_moved_or_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("exports");
    std::fs::create_dir(&data_dir).unwrap();
    for name in ["mql_contacts.csv", "mql_won_deals.csv"] {
        std::fs::copy(fixture(name), data_dir.join(name)).unwrap();
    }
    let sources = DataSources {
        contacts: data_dir.join("mql_contacts.csv"),
        deals: Some(data_dir.join("mql_won_deals.csv")),
        events: None,
    };
    let options = won_only_options();
    let working = RuleSet {
        name: "Ours".to_owned(),
        ..RuleSet::default()
    };
    let baseline = RuleSet {
        name: "Theirs".to_owned(),
        ..RuleSet::default()
    };
    let project = dir.path().join("workshop.lsproj");
    let parts = ProjectParts {
        sources: Some(&sources),
        load: &options,
        working: HeldRuleSet {
            rules: &working,
            saved_at: None,
        },
        baseline: HeldRuleSet {
            rules: &baseline,
            saved_at: None,
        },
        other: None,
    };
    save_project(&project, &parts).unwrap();
    let text = std::fs::read_to_string(&project).unwrap();
    assert!(
        text.contains("\"exports/mql_contacts.csv\""),
        "relative paths: {text}"
    );
    let opened = open_project(&project).unwrap();
    assert_eq!(opened.sources.as_ref(), Some(&sources));
    assert!(opened.load.roles.deals.all_won);
    assert_eq!(opened.working.unwrap().0.name, "Ours");
    assert_eq!(opened.baseline.unwrap().name, "Theirs");
    assert!(opened.notes.is_empty());
    // Moving the whole folder keeps it working: paths are relative.
    let moved = tempfile::tempdir().unwrap();
    let moved_project = moved.path().join("workshop.lsproj");
    std::fs::rename(dir.path().join("exports"), moved.path().join("exports")).unwrap();
    std::fs::copy(&project, &moved_project).unwrap();
    assert!(open_project(&moved_project).is_ok());
    // A data file that is gone is named; a changed one is noted.
    let error = open_project(&project).unwrap_err();
    assert!(matches!(
        error,
        ProjectError::MissingData {
            table: "contacts",
            ..
        }
    ));
    assert!(error.to_string().ends_with("mql_contacts.csv"), "{error}");
    std::fs::write(
        moved.path().join("exports/mql_won_deals.csv"),
        "deal_ref,mql_id,won_date\n",
    )
    .unwrap();
    let opened = open_project(&moved_project).unwrap();
    assert!(
        opened
            .notes
            .iter()
            .any(|n| n.contains("deals file changed")),
        "{:?}",
        opened.notes
    );
}

#[test]
fn drafting_never_offers_mapped_roles_and_flags_leakage() {
    let data = load_dataset(&sources("prospects.csv", None), &LoadOptions::default()).unwrap();
    let candidates = candidate_rules(&data, 60);
    assert!(!candidates.is_empty());
    for candidate in &candidates {
        for field in candidate.condition.fields() {
            assert!(
                !["Prospect ID", "Converted", "Create Date"].contains(&field),
                "{field}"
            );
        }
    }
    // A column that records the outcome under another name is leakage.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("prospects.csv")).unwrap();
    let mut leaky = String::new();
    for (i, line) in text.lines().enumerate() {
        let stage = if i == 0 {
            "Lifecycle"
        } else if line.ends_with(",1") {
            "customer"
        } else {
            "lead"
        };
        leaky.push_str(&format!("{line},{stage}\n"));
    }
    let path = dir.path().join("leaky.csv");
    std::fs::write(&path, leaky).unwrap();
    let data = load_dataset(
        &DataSources {
            contacts: path,
            deals: None,
            events: None,
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let candidates = candidate_rules(&data, 60);
    let customer = candidates
        .iter()
        .find(|c| c.name == "Lifecycle: customer")
        .expect("the leaky value is found");
    assert!(customer.probable_leakage);
    assert!(
        customer
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("leakage")
    );
}

#[test]
fn a_draft_takes_the_picked_rules_and_sets_sql_from_capacity() {
    let data = load_dataset(&sources("prospects.csv", None), &LoadOptions::default()).unwrap();
    let picked: Vec<_> = candidate_rules(&data, 60)
        .into_iter()
        .filter(|c| !c.probable_leakage)
        .take(6)
        .collect();
    let as_of = leadscore::engine::resolve_as_of(&data, None);
    let draft = draft_rule_set(
        &data,
        &DraftRequest {
            name: "Draft".to_owned(),
            picked: picked.clone(),
            monthly_sql_capacity: Some(20.0),
        },
        as_of,
    )
    .unwrap();
    let rules = &draft.rules;
    assert_eq!(rules.rules().count(), picked.len());
    for ((_, rule), candidate) in rules.rules().zip(&picked) {
        assert_eq!(rule.points, candidate.suggested_points);
        assert_eq!(rule.condition, candidate.condition);
    }
    assert!(
        validate(rules, Some(&data.schema))
            .iter()
            .all(|i| i.severity != Severity::Error)
    );
    let stages = &rules.stages;
    assert!(stages.mql_threshold > 0 && stages.mql_threshold <= stages.sql_threshold);
    // The SQL threshold keeps the monthly SQL volume within the capacity.
    let scores = leadscore::engine::score(&data, rules, as_of).unwrap();
    let sqls = (0..scores.len())
        .filter(|&r| scores.stage[r] == leadscore::model::Stage::Sql)
        .count();
    let months = leadscore::analysis::period_months(data.created_ms.as_ref()).unwrap();
    assert!(
        sqls as f64 / months <= 20.0,
        "{sqls} SQLs over {months:.1} months"
    );
    assert!(
        draft.notes.iter().any(|n| n.contains("capacity")),
        "{:?}",
        draft.notes
    );
}

#[test]
fn disabled_rules_with_errors_warn_and_do_not_stop_scoring() {
    let data = load_dataset(&sources("prospects.csv", None), &LoadOptions::default()).unwrap();
    let rule = |name: &str, field: &str, enabled| Rule {
        name: name.to_owned(),
        condition: Condition::Text {
            field: field.to_owned(),
            op: TextOp::Equals("VP Marketing".to_owned()),
            case_sensitive: false,
        },
        enabled,
        ..Rule::default()
    };
    let mut rules = RuleSet::default();
    rules.fit.push(leadscore::model::Group {
        rules: vec![
            rule("Title", "Job Title", true),
            rule("Old", "Seniority", false),
        ],
        ..Default::default()
    });
    let checked = leadscore::model::CheckedRuleSet::new(rules.clone(), &data.schema);
    assert!(checked.scorable().is_ok(), "{:?}", checked.issues());
    let warning = checked
        .issues()
        .iter()
        .find(|i| i.message.contains("Seniority"))
        .unwrap();
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        leadscore::engine::score(&data, &rules, leadscore::engine::resolve_as_of(&data, None))
            .is_ok()
    );
    // The missing field is listed once, to be mapped.
    let missing = missing_fields(&rules, &data.schema);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].field, "Seniority");
}

#[test]
fn the_command_line_checks_data_alone_and_drafts_from_it() {
    let contacts = fixture("mql_contacts.csv");
    let deals = fixture("mql_won_deals.csv");
    let (c, d) = (contacts.to_str().unwrap(), deals.to_str().unwrap());
    let (ok, _, err) = leadscore(&["check", "--contacts", c, "--deals", d]);
    assert!(!ok);
    assert!(err.contains("--deals-all-won"), "{err}");
    let (ok, out, err) = leadscore(&["check", "--contacts", c, "--deals", d, "--deals-all-won"]);
    assert!(ok, "{err}");
    for expected in [
        "contact id:    \"mql_id\" (a common name for a contact id)",
        "created date:  \"first_contact_date\"",
        "contact id:    \"mql_id\" (the same name as the contacts' id column)",
        "outcome: 100 won",
        "every row is a won deal (100 deals)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("draft.ron");
    let (ok, out, err) = leadscore(&[
        "draft",
        "--contacts",
        fixture("prospects.csv").to_str().unwrap(),
        "--capacity",
        "20",
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("SQL from"), "{out}");
    let drafted = leadscore::model::load_rule_set(&out_path).unwrap();
    assert!(drafted.rules().count() >= 3);
    // The drafted rule set checks clean against the data it came from.
    let (ok, out, err) = leadscore(&[
        "check",
        "--contacts",
        fixture("prospects.csv").to_str().unwrap(),
        "--rules",
        out_path.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("no problems found"), "{out}");
}

#[test]
fn dates_that_read_either_way_are_offered_both_orders_and_read_as_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leads.csv");
    std::fs::write(
        &path,
        "Lead ID,Signup,Converted\nL1,03/04/2025,1\nL2,05/06/2025,0\nL3,01/02/2025,0\n",
    )
    .unwrap();
    let mut options = LoadOptions::default();
    let preview = preview_table(&path, TableKind::Contacts, &mut options).unwrap();
    assert_eq!(
        preview.ambiguous_dates,
        [("Signup".to_owned(), DateFormat::MonthFirst)]
    );
    let sources = DataSources {
        contacts: path,
        deals: None,
        events: None,
    };
    let day = |options: &LoadOptions| {
        let data = load_dataset(&sources, options).unwrap();
        data.value_text(0, "Signup")
    };
    let month_first = day(&LoadOptions::default());
    options.column_types.insert(
        "Signup".to_owned(),
        ColumnOverride::Date(DateFormat::DayFirst),
    );
    let day_first = day(&options);
    assert_ne!(month_first, day_first);
    assert!(
        day_first
            .as_deref()
            .unwrap_or_default()
            .contains("2025-04-03"),
        "{day_first:?}"
    );
}

#[test]
fn check_says_what_each_deal_status_value_was_taken_to_mean() {
    let (ok, out, err) = leadscore(&[
        "check",
        "--contacts",
        "../shared/bad_inputs/semicolon_delimited.csv",
        "--deals",
        "../shared/bad_inputs/deals_bad_values.csv",
        "--won-values",
        "maybe",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("won = \"maybe\" ×1; lost = \"lost\" ×1"),
        "{out}"
    );
    // Informational, so not repeated among the warnings on standard error.
    assert!(!err.contains("won = "), "{err}");
}
