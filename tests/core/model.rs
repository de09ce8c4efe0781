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

fn employees_rule(name: &str, op: NumberOp, points: i64) -> Rule {
    Rule {
        name: name.into(),
        condition: Condition::Number {
            field: "Employees".into(),
            op,
        },
        points,
        ..Default::default()
    }
}

fn one_group(rules: Vec<Rule>) -> RuleSet {
    RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: None,
            rules,
        }],
        ..Default::default()
    }
}

/// Points, caps, counted events, thresholds, days, lists and nesting past
/// their limits are located errors naming the limit: before, i64::MAX
/// points twice passed validation and the sums wrapped to −1.8 × 10^19.
#[test]
fn values_past_the_limits_are_located_errors() {
    let mut rules = one_group(vec![
        employees_rule("a", NumberOp::Gt(0.0), i64::MAX),
        employees_rule("b", NumberOp::Lt(0.0), limits::MAX_POINTS),
    ]);
    let errors_now = errors(&rules);
    assert_eq!(
        errors_now,
        [
            "error: fit rule \"a\": 9,223,372,036,854,775,807 points is beyond the limit of ±1,000,000,000"
        ]
    );

    rules.fit[0].cap = Some(limits::MAX_CAP + 1);
    rules.fit[0].rules[0].points = 5;
    rules.stages.mql_threshold = -i64::MAX;
    rules.stages.sql_threshold = i64::MAX;
    rules.fit[0].rules.push(Rule {
        name: "visits".into(),
        condition: Condition::Event(EventCondition {
            within_days: Some(limits::MAX_DAYS + 1),
            ..Default::default()
        }),
        per_event_max: Some(limits::MAX_PER_EVENT_COUNT + 1),
        ..Default::default()
    });
    let mut deep = Condition::NotEmpty {
        field: "Title".into(),
    };
    for _ in 0..limits::MAX_CONDITION_DEPTH {
        deep = Condition::Not(Box::new(deep));
    }
    rules.fit[0].rules.push(Rule {
        name: "deep".into(),
        condition: deep,
        ..Default::default()
    });
    let errors_now = errors(&rules).join("\n");
    for expected in [
        "fit group \"g\": a score limit of 1,000,000,001 is beyond the limit of 1,000,000,000",
        "thresholds: the MQL threshold of -9,223,372,036,854,775,807 is beyond the limit of ±1,000,000,000,000,000,000",
        "thresholds: the SQL threshold of 9,223,372,036,854,775,807 is beyond",
        "fit rule \"visits\": 365,251 days is beyond the limit of 365,250 days",
        "fit rule \"visits\": points for up to 10,001 events is beyond the limit of 10,000 events",
        "fit rule \"deep\": its condition nests 33 levels deep, beyond the limit of 32",
    ] {
        assert!(errors_now.contains(expected), "{expected}\n{errors_now}");
    }
}

#[test]
fn a_list_past_the_limit_is_an_error() {
    let values: Vec<String> = vec!["x".to_owned(); limits::MAX_LIST_VALUES + 1];
    let rules = one_group(vec![Rule {
        name: "long list".into(),
        condition: Condition::Text {
            field: "Title".into(),
            op: TextOp::ContainsAny(values),
            case_sensitive: false,
        },
        ..Default::default()
    }]);
    assert_eq!(
        errors(&rules),
        [
            "error: fit rule \"long list\": the list of 1,000,001 values for Title is beyond the limit of 1,000,000"
        ]
    );
}

/// One error for the rule count, on the first rule past it; validating
/// 100,001 overlapping ranges takes moments (each pair was compared, and
/// warned, before).
#[test]
fn too_many_rules_is_one_error_and_overlaps_are_told_once_per_rule() {
    let count = limits::MAX_RULES + 1;
    let rules = one_group(
        (0..count)
            .map(|i| employees_rule(&format!("r{i}"), NumberOp::Gt(i as f64), 1))
            .collect(),
    );
    let started = std::time::Instant::now();
    let issues = validate(&rules, Some(&schema()));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "error: fit rule \"r100000\": the rule set holds 100,001 rules, beyond the limit of 100,000"
        ]
    );
    let warnings: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), count - 1, "every rule but the first, once");
    assert_eq!(
        warnings[1].to_string(),
        "warning: fit rule \"r2\": its range on Employees overlaps rule \"r0\" and 99,999 other rules: a contact in several gets the points of each"
    );
}

/// Before, the parser's own advice came through ("try increasing
/// `ron::Options::recursion_limit` and using `serde_stacker`").
#[test]
fn conditions_nested_too_deep_are_refused_plainly() {
    let condition = format!(
        "{}NotEmpty(field: \"Title\"){}",
        "Not(".repeat(5000),
        ")".repeat(5000)
    );
    let text = format!(
        "RuleSet(fit: [Group(name: \"g\", rules: [Rule(name: \"a\", condition: {condition})])])"
    );
    let err = from_ron(&text).unwrap_err().to_string();
    assert!(
        err.starts_with("conditions nest deeper than 32 levels at line 1, column "),
        "{err}"
    );
    assert!(!err.contains("ron") && !err.contains("serde"), "{err}");

    let json_condition = format!(
        "{}{{\"NotEmpty\": {{\"field\": \"Title\"}}}}{}",
        "{\"Not\": ".repeat(5000),
        "}".repeat(5000)
    );
    let json = format!(
        "{{\"fit\": [{{\"name\": \"g\", \"rules\": [{{\"name\": \"a\", \"condition\": {json_condition}}}]}}]}}"
    );
    let err = from_json(&json).unwrap_err().to_string();
    assert!(
        err.starts_with("conditions nest deeper than 32 levels at line 1, column "),
        "{err}"
    );
}

/// The deepest a rule set may nest (in a criterion, around an event test
/// with a detail) reads in both formats.
#[test]
fn conditions_at_the_depth_limit_read_back() {
    let mut deep = Condition::Event(EventCondition {
        event_types: vec!["form".into()],
        detail: Some(TextOp::OneOf(vec!["demo".into()])),
        within_days: Some(30),
        at_least: 1,
    });
    for level in 1..limits::MAX_CONDITION_DEPTH {
        deep = match level % 3 {
            0 => Condition::All(vec![deep]),
            1 => Condition::Any(vec![deep]),
            _ => Condition::Not(Box::new(deep)),
        };
    }
    assert_eq!(deep.depth(), limits::MAX_CONDITION_DEPTH);
    let mut rules = RuleSet::default();
    rules.stages.mql_criteria.push(Criterion {
        name: "deep".into(),
        condition: deep,
        enabled: true,
    });
    let ron = to_ron(&rules).unwrap();
    assert_eq!(from_ron(&ron).unwrap(), rules);
    let json = to_json(&rules).unwrap();
    assert_eq!(from_json(&json).unwrap(), rules);
    assert!(
        validate(&rules, None)
            .iter()
            .all(|i| !i.message.contains("nests"))
    );
}

/// serde_json ends its message with the place; ours says it first, once.
#[test]
fn json_parse_errors_say_the_place_once() {
    let err = from_json("{\n  \"name\": \"x\",\n  \"fit\": 5\n}")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("the rule set does not parse at line 3, column "),
        "{err}"
    );
    assert!(!err.contains(" at line 3 column"), "{err}");
}

/// Control characters are escaped and long names shortened wherever a
/// message repeats them.
#[test]
fn messages_repeat_user_text_escaped_and_shortened() {
    let field = format!("No\u{0}pe\u{1b}[2J{}", "z".repeat(100_000));
    let rules = one_group(vec![Rule {
        name: "a\u{1b}[31mred\r".into(),
        condition: Condition::Number {
            field,
            op: NumberOp::Gt(0.0),
        },
        ..Default::default()
    }]);
    let errors = errors(&rules);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = &errors[0];
    assert!(
        error.starts_with("error: fit rule \"a\\u{1b}[31mred\\r\": "),
        "{error}"
    );
    assert!(error.contains("No\\u{0}pe\\u{1b}[2J"), "{error}");
    assert!(error.contains("(100,009 characters)"), "{error}");
    assert!(
        !error.contains('\u{1b}') && error.chars().count() < 300,
        "{error}"
    );
}

/// The first error is there for a one-line summary; the message lists a
/// few and counts the rest.
#[test]
fn an_invalid_rule_set_names_its_first_error() {
    let rules = one_group(
        (0..8)
            .map(|i| employees_rule(&format!("r{i}"), NumberOp::Eq(f64::NAN), 1))
            .collect(),
    );
    let checked = CheckedRuleSet::new(rules, &schema());
    let first = checked.first_error().unwrap();
    assert_eq!(first.location, "fit rule \"r0\"");
    let invalid = checked.scorable().unwrap_err();
    assert_eq!(invalid.first_error(), Some(first));
    let message = invalid.to_string();
    assert!(
        message.starts_with("the rule set \"Untitled rule set\" has 8 errors: fit rule \"r0\": "),
        "{message}"
    );
    assert!(message.ends_with("; and 3 more"), "{message}");
    assert_eq!(message.matches("not a number").count(), LISTED_ERRORS);
}

/// Hostile numbers read from a file are refused with a located error or
/// a parse error, never a panic.
#[test]
fn hostile_numbers_are_refused() {
    let parse = |condition: &str| {
        from_ron(&format!(
            "RuleSet(fit: [Group(name: \"g\", rules: [Rule(name: \"a\", condition: {condition})])])"
        ))
    };
    let rules = parse("Number(field: \"Employees\", op: Between(NaN, inf))").unwrap();
    assert_eq!(
        errors(&rules),
        ["error: fit rule \"a\": the comparison on Employees uses a value that is not a number"]
    );
    let negative = parse("Date(field: \"Created\", op: WithinLastDays(-5))").unwrap_err();
    assert!(negative.to_string().contains("line 1"), "{negative}");
    let rules = parse("Date(field: \"Created\", op: WithinLastDays(4294967295))").unwrap();
    assert_eq!(
        errors(&rules),
        ["error: fit rule \"a\": 4,294,967,295 days is beyond the limit of 365,250 days"]
    );
    let mut rules = RuleSet {
        decay: Decay::Steps(vec![DecayStep {
            up_to_days: 30,
            factor: f64::NAN,
        }]),
        ..Default::default()
    };
    assert_eq!(
        errors(&rules),
        ["error: decay: a decay factor must be between 0 and 1, not NaN"]
    );
    rules.decay = Decay::HalfLife {
        days: f64::INFINITY,
    };
    assert_eq!(errors(&rules).len(), 1);
}

/// A list of a million values reads as its first values and a count, so a
/// label in the app or a line in the SLA stays short.
#[test]
fn long_lists_are_described_by_their_first_values_and_a_count() {
    use leadscore::model::{Condition, TextOp};
    let values: Vec<String> = (0..1_000_000).map(|i| format!("v{i}")).collect();
    let condition = Condition::Text {
        field: "Industry".to_owned(),
        op: TextOp::OneOf(values),
        case_sensitive: false,
    };
    let text = condition.describe();
    assert!(
        text.starts_with("Industry is one of \"v0\", \"v1\""),
        "{text}"
    );
    assert!(text.ends_with("\"v11\", and 999,988 more"), "{text}");
    // A field of any length reads shortened, its control characters escaped.
    let hostile = Condition::IsEmpty {
        field: format!("No\u{1b}[2J{}", "z".repeat(100_000)),
    };
    let text = hostile.describe();
    assert!(text.starts_with("No\\u{1b}[2Jzzz"), "{text}");
    assert!(text.ends_with("(100,006 characters) is empty"), "{text}");
}
