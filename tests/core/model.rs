//! Rule-set files: round trips, parse errors, validation.

use std::path::Path;

use leadscore::model::*;

fn sample_paths() -> Vec<&'static str> {
    vec![
        "sample_data/current_production.ron",
        "sample_data/marketing_proposal.ron",
        "sample_data/sales_proposal.ron",
    ]
}

#[test]
fn sample_rule_sets_round_trip_exactly() {
    for path in sample_paths() {
        let rules = load_rule_set(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let text = to_ron(&rules).unwrap();
        let again = from_ron(&text).unwrap();
        assert_eq!(again, rules, "{path}");
        assert_eq!(to_ron(&again).unwrap(), text, "{path}: text is stable");
        let json = to_json(&rules).unwrap();
        assert_eq!(from_json(&json).unwrap(), rules, "{path}: JSON");
    }
}

#[test]
fn sample_rule_sets_use_every_kind_of_condition() {
    fn walk(c: &Condition, seen: &mut std::collections::BTreeSet<String>) {
        let name = match c {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| walk(c, seen));
                if matches!(c, Condition::All(_)) {
                    "All".to_owned()
                } else {
                    "Any".to_owned()
                }
            }
            Condition::Not(inner) => {
                walk(inner, seen);
                "Not".to_owned()
            }
            Condition::Text { op, .. } => format!("Text::{}", op.verb()),
            Condition::Number { op, .. } => format!("Number::{:?}", std::mem::discriminant(op)),
            Condition::Bool { .. } => "Bool".to_owned(),
            Condition::Date { op, .. } => format!("Date::{:?}", std::mem::discriminant(op)),
            Condition::IsEmpty { .. } => "IsEmpty".to_owned(),
            Condition::NotEmpty { .. } => "NotEmpty".to_owned(),
            Condition::EmailDomain { op, .. } => {
                format!("Domain::{:?}", std::mem::discriminant(op))
            }
            Condition::Event(e) => {
                if e.detail.is_some() {
                    seen.insert("Event+detail".to_owned());
                }
                if e.within_days.is_some() {
                    seen.insert("Event+within".to_owned());
                }
                "Event".to_owned()
            }
        };
        seen.insert(name);
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut per_event = false;
    let mut decays = std::collections::BTreeSet::new();
    for path in sample_paths() {
        let rules = load_rule_set(Path::new(path)).unwrap();
        for c in rules.conditions() {
            walk(c, &mut seen);
        }
        per_event |= rules.rules().any(|(_, r)| r.per_event_max.is_some());
        decays.insert(format!("{:?}", std::mem::discriminant(&rules.decay)));
    }
    // 7 text ops, 7 number ops, 4 date ops, 3 domain ops, and the rest.
    assert_eq!(
        seen.iter().filter(|s| s.starts_with("Text::")).count(),
        7,
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|s| s.starts_with("Number::")).count(),
        7,
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|s| s.starts_with("Date::")).count(),
        4,
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|s| s.starts_with("Domain::")).count(),
        3,
        "{seen:?}"
    );
    for kind in [
        "All",
        "Any",
        "Not",
        "Bool",
        "IsEmpty",
        "NotEmpty",
        "Event",
        "Event+detail",
        "Event+within",
    ] {
        assert!(seen.contains(kind), "{kind} missing from {seen:?}");
    }
    assert!(per_event);
    assert_eq!(decays.len(), 3, "none, steps and half-life");
}

#[test]
fn bad_rule_files_name_line_and_column() {
    let dir = Path::new("../shared/bad_inputs");
    for name in ["rules_bad_syntax.ron", "rules_not_ron.ron"] {
        let err = load_rule_set(&dir.join(name)).unwrap_err().to_string();
        assert!(err.contains("line"), "{name}: {err}");
        assert!(err.contains("column"), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
    }
    let err = load_rule_set(&dir.join("rules_empty.ron"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("empty") && err.contains("rules_empty.ron"),
        "{err}"
    );
    let err = load_rule_set(&dir.join("rules_binary.ron"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not a text file") && err.contains("rules_binary.ron"),
        "{err}"
    );
}

#[test]
fn newer_format_version_is_refused_clearly() {
    let err =
        from_ron("RuleSet(format_version: 99, name: \"future\", some_new_field: 3)").unwrap_err();
    assert!(err.to_string().contains("format_version 99"), "{err}");
}

#[test]
fn misspelt_fields_are_errors() {
    let err = from_ron(
        "RuleSet(name: \"x\", fit: [Group(name: \"g\", rules: [Rule(name: \"r\", pointz: 3)])])",
    )
    .unwrap_err();
    assert!(err.to_string().contains("pointz"), "{err}");
}

#[test]
fn saves_are_atomic_and_leave_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.ron");
    std::fs::write(&path, "old").unwrap();
    let rules = RuleSet::default();
    save_rule_set(&rules, &path).unwrap();
    assert_eq!(load_rule_set(&path).unwrap(), rules);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // A save into a missing folder fails and reports the path.
    let err = save_rule_set(&rules, &dir.path().join("missing/rules.ron")).unwrap_err();
    assert!(err.to_string().contains("missing"), "{err}");
}

fn one_rule(condition: Condition) -> RuleSet {
    RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: None,
            rules: vec![Rule {
                name: "the rule".into(),
                condition,
                ..Default::default()
            }],
        }],
        ..Default::default()
    }
}

fn schema() -> leadscore::data::Schema {
    use leadscore::data::ColumnKind::*;
    leadscore::data::Schema {
        columns: vec![
            ("Title".into(), Text),
            ("Employees".into(), Number),
            ("Created".into(), Date),
        ],
        has_events: false,
    }
}

fn errors(rules: &RuleSet) -> Vec<String> {
    validate(rules, Some(&schema()))
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.to_string())
        .collect()
}

#[test]
fn semantic_mistakes_are_located() {
    let cases: Vec<(Condition, &str)> = vec![
        (
            Condition::NotEmpty {
                field: "Nope".into(),
            },
            "no column \"Nope\"",
        ),
        (
            Condition::Text {
                field: "Employees".into(),
                op: TextOp::Contains("1".into()),
                case_sensitive: false,
            },
            "a number column",
        ),
        (
            Condition::Text {
                field: "Title".into(),
                op: TextOp::Matches("(unclosed".into()),
                case_sensitive: false,
            },
            "regular expression",
        ),
        (
            Condition::Number {
                field: "Employees".into(),
                op: NumberOp::Between(10.0, 1.0),
            },
            "empty",
        ),
        (
            Condition::Event(EventCondition::default()),
            "needs an events table",
        ),
        (
            Condition::Date {
                field: "Title".into(),
                op: DateOp::WithinLastDays(3),
            },
            "a text column",
        ),
    ];
    for (condition, expected) in cases {
        let errs = errors(&one_rule(condition.clone()));
        assert_eq!(errs.len(), 1, "{condition:?}: {errs:?}");
        assert!(errs[0].contains("fit rule \"the rule\""), "{errs:?}");
        assert!(errs[0].contains(expected), "{condition:?}: {errs:?}");
    }
    let mut rules = RuleSet::default();
    rules.stages.mql_threshold = 50;
    rules.stages.sql_threshold = 40;
    let errs = errors(&rules);
    assert!(
        errs.iter()
            .any(|e| e.contains("SQL threshold (40) is below the MQL threshold (50)")),
        "{errs:?}"
    );
}

#[test]
fn an_incomplete_condition_is_a_warning_not_an_error() {
    for op in [
        TextOp::OneOf(vec![]),
        TextOp::Equals(" ".into()),
        TextOp::Contains(String::new()),
    ] {
        assert_incomplete(&one_rule(Condition::Text {
            field: "Title".into(),
            op,
            case_sensitive: false,
        }));
    }
    assert_incomplete(&one_rule(Condition::EmailDomain {
        field: "Title".into(),
        op: leadscore::model::DomainOp::OneOf(vec![" ".into()]),
    }));
}

/// The rule set has no errors and one warning: its condition is incomplete.
fn assert_incomplete(rules: &RuleSet) {
    assert_eq!(errors(rules), Vec::<String>::new());
    let warnings: Vec<String> = validate(rules, Some(&schema()))
        .into_iter()
        .filter(|i| i.severity == Severity::Warning)
        .map(|i| i.message)
        .collect();
    assert_eq!(warnings, ["incomplete: no value yet"]);
}

#[test]
fn overlapping_ranges_are_warned() {
    let range = |name: &str, op| Rule {
        name: name.into(),
        condition: Condition::Number {
            field: "Employees".into(),
            op,
        },
        ..Default::default()
    };
    let rules = RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: None,
            rules: vec![
                range("a", NumberOp::Between(2.0, 5.0)),
                range("b", NumberOp::Ge(5.0)),
                range("c", NumberOp::Lt(2.0)),
            ],
        }],
        ..Default::default()
    };
    let warnings: Vec<_> = validate(&rules, Some(&schema()))
        .into_iter()
        .filter(|i| i.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("overlaps rule \"a\""));
}
