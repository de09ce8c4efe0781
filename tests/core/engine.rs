//! The polars engine against the reference evaluator, on random rule sets
//! and random data (nulls included), and on hand-made cases per operator.

use chrono::NaiveDate;
use leadscore::data::{Dataset, Outcome, Outcomes};
use leadscore::engine::{as_of_end_ms, score};
use leadscore::model::*;
use polars::prelude::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

use crate::reference::{Reference, Rows};

const DAY: i64 = 86_400_000;

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

const TITLES: &[&str] = &[
    "VP Sales",
    "vp sales",
    "Director of IT",
    "Intern",
    "Head of Growth",
    "Chief Executive",
    "Marketing Manager",
    "Student",
    // Inside a value, tabs and Unicode spaces are kept; case folds accents.
    "Directeur\u{A0}Général",
    "Stagiaire interné",
    "vp\tsales",
    "INGÉNIEUR\u{2009}R&D",
    "Ärztin_intern",
];
const EMAILS: &[&str] = &[
    "a@gmail.com",
    "B@Example.COM",
    "c@uni.edu",
    "d@ox.ac.uk",
    "e@sub.rival.io",
    "f@rival.io",
    "bad-address",
    "g@",
];
const EMPLOYEES: &[f64] = &[-5.0, 0.0, 1.0, 10.0, 50.0, 200.0, 999.5, 5000.0];
const TYPES: &[&str] = &["page_view", "form_submission", "email_open"];
const DETAILS: &[&str] = &[
    "/pricing",
    "/Pricing/plans",
    "/blog/x",
    "Demo request",
    "demo REQUEST",
];

#[derive(Debug, Clone)]
pub struct Contact {
    title: Option<usize>,
    employees: Option<usize>,
    opted_out: Option<bool>,
    created_days_ago: Option<i64>,
    email: Option<usize>,
    visits: Option<u8>,
}

pub fn contact() -> impl Strategy<Value = Contact> {
    (
        proptest::option::of(0..TITLES.len()),
        proptest::option::of(0..EMPLOYEES.len()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(-3i64..400),
        proptest::option::of(0..EMAILS.len()),
        proptest::option::of(0u8..30),
    )
        .prop_map(
            |(title, employees, opted_out, created_days_ago, email, visits)| Contact {
                title,
                employees,
                opted_out,
                created_days_ago,
                email,
                visits,
            },
        )
}

#[derive(Debug, Clone)]
pub struct Event {
    contact: usize,
    /// Minutes before the end of the as-of day (negative: after it).
    minutes_ago: i64,
    kind: usize,
    detail: Option<usize>,
}

pub fn event() -> impl Strategy<Value = Event> {
    (
        0usize..1000,
        prop_oneof![
            -3000i64..400 * 1440,
            // A few minutes either side of a midnight (UTC).
            (-1i64..400, -3i64..=3).prop_map(|(day, minutes)| day * 1440 + minutes),
        ],
        0..TYPES.len(),
        proptest::option::of(0..DETAILS.len()),
    )
        .prop_map(|(contact, minutes_ago, kind, detail)| Event {
            contact,
            minutes_ago,
            kind,
            detail,
        })
}

pub fn dataset(contacts: &[Contact], events: &[Event]) -> Dataset {
    let n = contacts.len();
    let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let end = as_of_end_ms(as_of());
    let frame = DataFrame::new(
        n,
        vec![
            Column::new("id".into(), ids),
            Column::new(
                "Job Title".into(),
                contacts
                    .iter()
                    .map(|c| c.title.map(|i| TITLES[i]))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "Employees (#)".into(),
                contacts
                    .iter()
                    .map(|c| c.employees.map(|i| EMPLOYEES[i]))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "Opt-out?".into(),
                contacts.iter().map(|c| c.opted_out).collect::<Vec<_>>(),
            ),
            Column::new(
                "Created at".into(),
                contacts
                    .iter()
                    .map(|c| c.created_days_ago.map(|d| end - 1 - d * DAY - 3_600_000))
                    .collect::<Vec<_>>(),
            )
            .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
            .unwrap(),
            Column::new(
                "E-mail".into(),
                contacts
                    .iter()
                    .map(|c| c.email.map(|i| EMAILS[i]))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "Visits".into(),
                contacts
                    .iter()
                    .map(|c| c.visits.map(f64::from))
                    .collect::<Vec<_>>(),
            ),
        ],
    )
    .unwrap();
    let events: Vec<&Event> = events
        .iter()
        .filter(|e| n > 0 && e.contact < n * 3)
        .collect();
    let events_frame = DataFrame::new(
        events.len(),
        vec![
            Column::new(
                "row".into(),
                events
                    .iter()
                    .map(|e| (e.contact % n.max(1)) as u32)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "ts".into(),
                events
                    .iter()
                    .map(|e| end - e.minutes_ago * 60_000)
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "type".into(),
                events.iter().map(|e| TYPES[e.kind]).collect::<Vec<_>>(),
            ),
            Column::new(
                "detail".into(),
                events
                    .iter()
                    .map(|e| e.detail.map(|d| DETAILS[d]))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "detail_lc".into(),
                events
                    .iter()
                    .map(|e| e.detail.map(|d| DETAILS[d].trim().to_lowercase()))
                    .collect::<Vec<_>>(),
            ),
        ],
    )
    .unwrap();
    let outcomes = Outcomes {
        outcome: (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    Outcome::Won
                } else {
                    Outcome::None
                }
            })
            .collect(),
        revenue: (0..n)
            .map(|i| if i % 3 == 0 { 1000.0 } else { 0.0 })
            .collect(),
        won_at_ms: vec![None; n],
    };
    Dataset::from_frames(frame, "id", outcomes, Some(events_frame)).unwrap()
}

fn words(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(pool, 1..=pool.len().min(3))
        .prop_map(|v| v.iter().map(|s| (*s).to_owned()).collect())
}

fn text_op() -> impl Strategy<Value = TextOp> {
    const VALUES: &[&str] = &[
        "vp sales",
        " VP Sales ",
        "intern",
        "head",
        "Sales",
        "of",
        "x",
        "chief executive",
        "général",
        "interné",
        "ingénieur\u{2009}r&d",
        "vp\tsales",
        "\u{A0}Ärztin",
    ];
    const PATTERNS: &[&str] = &[
        "^vp",
        "(sales|growth)$",
        r"\bintern\b",
        "[0-9]",
        "O",
        r"g\wn",
        r"\s",
        "^[a-zé ]+$",
        "(?i)É",
        r"r&d$",
        "^.{5,12}$",
    ];
    let value = proptest::sample::select(VALUES).prop_map(str::to_owned);
    prop_oneof![
        value.clone().prop_map(TextOp::Equals),
        words(VALUES).prop_map(TextOp::OneOf),
        value.clone().prop_map(TextOp::Contains),
        words(VALUES).prop_map(TextOp::ContainsAny),
        value.clone().prop_map(TextOp::StartsWith),
        value.prop_map(TextOp::EndsWith),
        proptest::sample::select(PATTERNS).prop_map(|p| TextOp::Matches(p.to_owned())),
        // Conditions still being built: no value yet.
        Just(TextOp::OneOf(Vec::new())),
        Just(TextOp::Contains(" ".to_owned())),
    ]
}

fn number_op() -> impl Strategy<Value = NumberOp> {
    let x = proptest::sample::select(&[-5.0, 0.0, 1.0, 10.0, 50.0, 200.0, 999.5, 5000.0, 7.0][..]);
    prop_oneof![
        x.clone().prop_map(NumberOp::Eq),
        x.clone().prop_map(NumberOp::Ne),
        x.clone().prop_map(NumberOp::Lt),
        x.clone().prop_map(NumberOp::Le),
        x.clone().prop_map(NumberOp::Gt),
        x.clone().prop_map(NumberOp::Ge),
        (x.clone(), x).prop_map(|(a, b)| NumberOp::Between(a.min(b), a.max(b))),
    ]
}

fn date_op() -> impl Strategy<Value = DateOp> {
    let day = (0i64..400).prop_map(|d| as_of() - chrono::Duration::days(d));
    prop_oneof![
        (0u32..400).prop_map(DateOp::WithinLastDays),
        (0u32..400).prop_map(DateOp::MoreThanDaysAgo),
        day.clone().prop_map(DateOp::Before),
        day.prop_map(DateOp::After),
    ]
}

fn event_condition() -> impl Strategy<Value = EventCondition> {
    (
        proptest::sample::subsequence(TYPES, 0..=2),
        proptest::option::of(prop_oneof![
            Just(TextOp::Contains("/pricing".to_owned())),
            Just(TextOp::Equals("Demo Request".to_owned())),
            Just(TextOp::StartsWith("/blog".to_owned())),
            Just(TextOp::Matches("^/p".to_owned())),
        ]),
        proptest::option::of(0u32..200),
        0u32..4,
    )
        .prop_map(|(types, detail, within_days, at_least)| EventCondition {
            event_types: types.iter().map(|t| t.to_uppercase()).collect(),
            detail,
            within_days,
            at_least,
        })
}

fn leaf() -> impl Strategy<Value = Condition> {
    prop_oneof![
        (text_op(), any::<bool>()).prop_map(|(op, case_sensitive)| Condition::Text {
            field: "Job Title".to_owned(),
            op,
            case_sensitive,
        }),
        number_op().prop_map(|op| Condition::Number {
            field: "Employees (#)".to_owned(),
            op
        }),
        any::<bool>().prop_map(|is| Condition::Bool {
            field: "Opt-out?".to_owned(),
            is
        }),
        any::<bool>().prop_map(|is| Condition::Bool {
            field: "Visits".to_owned(),
            is
        }),
        date_op().prop_map(|op| Condition::Date {
            field: "Created at".to_owned(),
            op
        }),
        proptest::sample::select(
            &[
                "Job Title",
                "Employees (#)",
                "Opt-out?",
                "Created at",
                "E-mail"
            ][..]
        )
        .prop_map(|f| Condition::IsEmpty {
            field: f.to_owned()
        }),
        proptest::sample::select(
            &[
                "Job Title",
                "Employees (#)",
                "Opt-out?",
                "Created at",
                "E-mail"
            ][..]
        )
        .prop_map(|f| Condition::NotEmpty {
            field: f.to_owned()
        }),
        prop_oneof![
            Just(DomainOp::FreeMail),
            Just(DomainOp::Education),
            Just(DomainOp::OneOf(vec![
                "rival.io".to_owned(),
                "EXAMPLE.com".to_owned()
            ])),
        ]
        .prop_map(|op| Condition::EmailDomain {
            field: "E-mail".to_owned(),
            op
        }),
        event_condition().prop_map(Condition::Event),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    leaf().prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Condition::All),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Condition::Any),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn rule(index: usize) -> impl Strategy<Value = Rule> {
    (
        condition(),
        -30i64..40,
        any::<bool>(),
        proptest::option::of(1u32..4),
        event_condition(),
        0u8..4,
    )
        .prop_map(
            move |(condition, points, enabled, per_event_max, event, kind)| {
                // A share of rules are top-level event rules, scored once or per event.
                let (condition, per_event_max) = match kind {
                    0 => (Condition::Event(event), per_event_max),
                    1 => (Condition::Event(event), None),
                    _ => (condition, None),
                };
                Rule {
                    name: format!("rule {index}"),
                    condition,
                    points,
                    enabled: enabled || index.is_multiple_of(2),
                    per_event_max,
                    ..Default::default()
                }
            },
        )
}

fn decay() -> impl Strategy<Value = Decay> {
    prop_oneof![
        Just(Decay::None),
        (1.0f64..120.0).prop_map(|days| Decay::HalfLife { days }),
        Just(Decay::Steps(vec![
            DecayStep {
                up_to_days: 30,
                factor: 1.0
            },
            DecayStep {
                up_to_days: 90,
                factor: 0.5
            },
            DecayStep {
                up_to_days: 180,
                factor: 0.25
            },
        ])),
    ]
}

/// One to three groups, each with up to three rules and maybe a cap; rule
/// names stay unique (`offset` sets them apart per dimension).
fn groups(offset: usize) -> impl Strategy<Value = Vec<Group>> {
    (1usize..4).prop_flat_map(move |n| {
        (0..n)
            .map(|g| {
                let first = offset + g * 10;
                (
                    (0usize..4).prop_flat_map(move |k| {
                        (0..k).map(|i| rule(first + i)).collect::<Vec<_>>()
                    }),
                    proptest::option::of(5i64..60),
                )
                    .prop_map(move |(rules, cap)| Group {
                        name: format!("Group {first}"),
                        cap,
                        rules,
                    })
            })
            .collect::<Vec<_>>()
    })
}

/// A grade matrix whose bands descend, as validation requires.
fn grade_matrix() -> impl Strategy<Value = Option<GradeMatrix>> {
    proptest::option::of(
        (-10i64..30, 0i64..30, 0i64..30, -10i64..30, 0i64..30).prop_map(
            |(c, b_gap, a_gap, tier2, tier1_gap)| GradeMatrix {
                c_min_fit: c,
                b_min_fit: c + b_gap,
                a_min_fit: c + b_gap + a_gap,
                tier2_min_engagement: tier2,
                tier1_min_engagement: tier2 + tier1_gap,
            },
        ),
    )
}

fn criteria(conditions: Vec<Condition>) -> Vec<Criterion> {
    conditions
        .into_iter()
        .enumerate()
        .map(|(i, condition)| Criterion {
            name: format!("criterion {i}"),
            condition,
            enabled: i != 1,
        })
        .collect()
}

pub fn rule_set() -> impl Strategy<Value = RuleSet> {
    (
        groups(0),
        groups(100),
        proptest::collection::vec(condition(), 0..2),
        proptest::collection::vec(condition(), 0..3),
        proptest::collection::vec(condition(), 0..3),
        (-20i64..60, 0i64..60, proptest::option::of(-30i64..10)),
        decay(),
        grade_matrix(),
    )
        .prop_map(
            |(fit, engagement, exclusions, mql, sql, (mql_at, gap, floor), decay, grades)| {
                RuleSet {
                    fit,
                    engagement,
                    exclusions: exclusions
                        .into_iter()
                        .map(|condition| Exclusion {
                            condition,
                            ..Default::default()
                        })
                        .collect(),
                    stages: Stages {
                        mql_threshold: mql_at,
                        sql_threshold: mql_at + gap,
                        disqualify_below: floor.map(|f| f.min(mql_at)),
                        mql_criteria: criteria(mql),
                        sql_criteria: criteria(sql),
                    },
                    decay,
                    grades,
                    ..Default::default()
                }
            },
        )
}

/// Asserts that engine and reference agree on every contact.
pub fn assert_agree(data: &Dataset, rules: &RuleSet) {
    let scores = score(data, rules, as_of()).unwrap();
    let rows = Rows::from_dataset(data);
    let reference = Reference {
        rows: &rows,
        rules,
        end: as_of_end_ms(as_of()),
    };
    for row in 0..data.len() {
        let expected = reference.score(row);
        let matched: Vec<bool> = scores.rules.iter().map(|r| r.matched.get(row)).collect();
        assert_eq!(matched, expected.matched, "matched rules of contact {row}");
        assert_eq!(scores.fit[row], expected.fit, "fit of contact {row}");
        assert_eq!(
            scores.engagement[row], expected.engagement,
            "engagement of contact {row}"
        );
        assert_eq!(scores.total[row], expected.total, "total of contact {row}");
        assert_eq!(scores.stage[row], expected.stage, "stage of contact {row}");
        let points: Vec<i64> = scores.rules.iter().map(|r| r.points_for(row)).collect();
        assert_eq!(points, expected.points, "points per rule of contact {row}");
        assert_eq!(
            scores.grade_label(row),
            expected.grade,
            "grade of contact {row}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_reference(
        contacts in proptest::collection::vec(contact(), 0..30),
        events in proptest::collection::vec(event(), 0..80),
        rules in rule_set(),
    ) {
        let data = dataset(&contacts, &events);
        assert_agree(&data, &rules);
    }

    /// With every contact repeated, a column holds few distinct values for
    /// its length, so text and domain tests are evaluated on its distinct
    /// values and looked up per contact: the same results.
    #[test]
    fn engine_agrees_with_reference_through_dictionaries(
        contacts in proptest::collection::vec(contact(), 1..12),
        events in proptest::collection::vec(event(), 0..40),
        rules in rule_set(),
    ) {
        let repeated: Vec<Contact> = contacts.iter().cycle().take(contacts.len() * 40).cloned().collect();
        let data = dataset(&repeated, &events);
        assert_agree(&data, &rules);
    }
}

fn simple(condition: Condition) -> RuleSet {
    RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: None,
            rules: vec![Rule {
                name: "r".into(),
                condition,
                points: 10,
                ..Default::default()
            }],
        }],
        ..Default::default()
    }
}

fn fixed_contacts() -> Dataset {
    // The hand-made expectations below are about the first eight titles and
    // e-mails of the pools.
    let contacts: Vec<Contact> = (0..8)
        .map(|i| Contact {
            title: Some(i % TITLES.len()),
            employees: (i % 3 != 0).then_some(i % EMPLOYEES.len()),
            opted_out: (i % 4 != 0).then_some(i % 2 == 0),
            created_days_ago: (i % 5 != 0).then_some(i as i64 * 20),
            email: Some(i % EMAILS.len()),
            visits: (i % 2 == 0).then_some(i as u8),
        })
        .chain(std::iter::once(Contact {
            title: None,
            employees: None,
            opted_out: None,
            created_days_ago: None,
            email: None,
            visits: None,
        }))
        .collect();
    let events: Vec<Event> = (0..40)
        .map(|i| Event {
            contact: i % 7,
            minutes_ago: i as i64 * 2000 - 1500,
            kind: i % 3,
            detail: (i % 6 != 5).then_some(i % DETAILS.len()),
        })
        .collect();
    dataset(&contacts, &events)
}

fn matches_of(data: &Dataset, condition: Condition) -> Vec<usize> {
    let scores = score(data, &simple(condition), as_of()).unwrap();
    (0..data.len())
        .filter(|&r| scores.rules[0].matched.get(r))
        .collect()
}

#[test]
fn text_operators_are_trimmed_and_case_insensitive() {
    let data = fixed_contacts();
    let text = |op| Condition::Text {
        field: "Job Title".into(),
        op,
        case_sensitive: false,
    };
    // Rows 0 and 1 hold "VP Sales" and "vp sales".
    assert_eq!(
        matches_of(&data, text(TextOp::Equals(" vp SALES ".into()))),
        vec![0, 1]
    );
    assert_eq!(
        matches_of(&data, text(TextOp::StartsWith("head".into()))),
        vec![4]
    );
    assert_eq!(
        matches_of(&data, text(TextOp::EndsWith("EXECUTIVE".into()))),
        vec![5]
    );
    assert_eq!(
        matches_of(&data, text(TextOp::Contains("of".into()))),
        vec![2, 4]
    );
    assert_eq!(
        matches_of(
            &data,
            text(TextOp::OneOf(vec!["intern".into(), "student".into()]))
        ),
        vec![3, 7]
    );
    assert_eq!(
        matches_of(
            &data,
            text(TextOp::ContainsAny(vec!["chief".into(), "manager".into()]))
        ),
        vec![5, 6]
    );
    assert_eq!(
        matches_of(&data, text(TextOp::Matches("^(vp|head)".into()))),
        vec![0, 1, 4]
    );
    let exact = Condition::Text {
        field: "Job Title".into(),
        op: TextOp::Equals("VP Sales".into()),
        case_sensitive: true,
    };
    assert_eq!(matches_of(&data, exact), vec![0]);
}

#[test]
fn an_incomplete_text_condition_matches_nobody() {
    let data = fixed_contacts();
    for op in [
        TextOp::OneOf(Vec::new()),
        TextOp::Equals(String::new()),
        TextOp::Contains("  ".into()),
        TextOp::StartsWith(String::new()),
        TextOp::Matches(String::new()),
    ] {
        let condition = Condition::Text {
            field: "Job Title".into(),
            op,
            case_sensitive: false,
        };
        assert_eq!(matches_of(&data, condition.clone()), Vec::<usize>::new());
        assert_agree(&data, &simple(condition));
    }
}

#[test]
fn missing_values_are_false_except_is_empty() {
    let data = fixed_contacts();
    let last = data.len() - 1;
    for condition in [
        Condition::Text {
            field: "Job Title".into(),
            op: TextOp::Contains("".into()),
            case_sensitive: false,
        },
        Condition::Number {
            field: "Employees (#)".into(),
            op: NumberOp::Ne(12345.0),
        },
        Condition::Bool {
            field: "Opt-out?".into(),
            is: false,
        },
        Condition::Date {
            field: "Created at".into(),
            op: DateOp::MoreThanDaysAgo(0),
        },
        Condition::EmailDomain {
            field: "E-mail".into(),
            op: DomainOp::OneOf(vec!["gmail.com".into()]),
        },
    ] {
        assert!(
            !matches_of(&data, condition.clone()).contains(&last),
            "{condition:?}"
        );
        assert!(
            matches_of(&data, Condition::Not(Box::new(condition.clone()))).contains(&last),
            "not {condition:?}"
        );
    }
    assert!(
        matches_of(
            &data,
            Condition::IsEmpty {
                field: "Job Title".into()
            }
        )
        .contains(&last)
    );
    assert!(
        !matches_of(
            &data,
            Condition::NotEmpty {
                field: "Job Title".into()
            }
        )
        .contains(&last)
    );
}

#[test]
fn email_domain_operators() {
    let data = fixed_contacts();
    let domain = |op| Condition::EmailDomain {
        field: "E-mail".into(),
        op,
    };
    assert_eq!(matches_of(&data, domain(DomainOp::FreeMail)), vec![0]);
    assert_eq!(matches_of(&data, domain(DomainOp::Education)), vec![2, 3]);
    assert_eq!(
        matches_of(&data, domain(DomainOp::OneOf(vec!["Rival.io".into()]))),
        vec![4, 5]
    );
}

#[test]
fn every_operator_agrees_with_reference_on_fixed_data() {
    let data = fixed_contacts();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..100 {
        let c = condition().new_tree(&mut runner).unwrap().current();
        assert_agree(&data, &simple(c));
    }
}

#[test]
fn numeric_ranges_do_not_accumulate_and_caps_clamp() {
    let data = fixed_contacts();
    let range = |name: &str, op, points| Rule {
        name: name.into(),
        condition: Condition::Number {
            field: "Visits".into(),
            op,
        },
        points,
        ..Default::default()
    };
    let rules = RuleSet {
        engagement: vec![Group {
            name: "Visits".into(),
            cap: Some(5),
            rules: vec![
                range("2-5", NumberOp::Between(2.0, 5.0), 3),
                range("6+", NumberOp::Ge(6.0), 6),
            ],
        }],
        ..Default::default()
    };
    let scores = score(&data, &rules, as_of()).unwrap();
    // Row 6 has 6 visits: only the 6+ rule, capped at 5. Row 2 has 2 visits: 3.
    assert_eq!(scores.engagement[6], 5);
    assert_eq!(scores.engagement[2], 3);
    assert_eq!(scores.engagement[1], 0);
}

#[test]
fn scoring_is_deterministic() {
    let data = fixed_contacts();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let rules = rule_set().new_tree(&mut runner).unwrap().current();
    let a = score(&data, &rules, as_of()).unwrap();
    let b = score(&data, &rules, as_of()).unwrap();
    assert_eq!(a.total, b.total);
    assert_eq!(a.stage, b.stage);
}

#[test]
fn invalid_rule_sets_are_refused_not_ignored() {
    let data = fixed_contacts();
    let bad = simple(Condition::Text {
        field: "Employees (#)".into(),
        op: TextOp::Equals("x".into()),
        case_sensitive: false,
    });
    let err = score(&data, &bad, as_of()).unwrap_err().to_string();
    assert!(err.contains("rule \"r\""), "{err}");
    assert!(err.contains("Employees (#)"), "{err}");
}

/// Small fixtures shared with the analysis tests.
pub mod fixture {
    use super::Contact;

    /// A contact whose only value is `visits` (even rows have `row` visits).
    pub fn contact_with_visits(row: usize) -> Contact {
        contact_visits(row, row.is_multiple_of(2).then_some(1))
    }

    /// A contact with the given visits.
    pub fn contact_visits(_row: usize, visits: Option<u8>) -> Contact {
        Contact {
            title: None,
            employees: None,
            opted_out: None,
            created_days_ago: None,
            email: None,
            visits,
        }
    }
}

/// Re-scoring with a warm scorer (conditions and event features reused,
/// scores re-staged after a threshold move) gives exactly what a cold run
/// gives, across edits, threshold moves and as-of dates.
#[test]
fn cached_rescoring_equals_cold_scoring() {
    use leadscore::engine::{Matches, Scorer};
    use leadscore::model::CheckedRuleSet;
    let data = fixed_contacts();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut scorer = Scorer::new();
    for i in 0..40 {
        let mut rules = rule_set().new_tree(&mut runner).unwrap().current();
        let day = as_of() - chrono::Duration::days(i64::from(i % 3) * 40);
        for step in 0..4 {
            match step {
                // A threshold move: the scorer re-stages what it has.
                2 => {
                    let stages = &mut rules.stages;
                    stages.mql_threshold -= 7;
                    stages.sql_threshold += 3;
                    stages.disqualify_below =
                        stages.disqualify_below.map(|f| f.min(stages.mql_threshold));
                }
                _ => {
                    if let Some(rule) = rules.fit.first_mut().and_then(|g| g.rules.first_mut()) {
                        rule.points += 5;
                        rule.enabled = step != 1;
                    }
                }
            }
            let checked = CheckedRuleSet::new(rules.clone(), &data.schema);
            let warm = scorer.score(&data, &checked, day).unwrap();
            let cold = score(&data, &rules, day).unwrap();
            assert_eq!(warm.total, cold.total, "run {i}.{step}");
            assert_eq!(warm.stage, cold.stage, "run {i}.{step}");
            let warm_matched: Vec<&Matches> = warm.rules.iter().map(|r| &r.matched).collect();
            let cold_matched: Vec<&Matches> = cold.rules.iter().map(|r| &r.matched).collect();
            assert_eq!(warm_matched, cold_matched, "run {i}.{step}");
        }
    }
}

/// The app moves thresholds by re-staging the scores it has; the stages must
/// be those of scoring again, on the sample's three rule sets.
#[test]
fn restaging_agrees_with_scoring_again() {
    use leadscore::data::{DataSources, LoadOptions, find_table, load_dataset, sample_data_dir};
    use leadscore::engine::{resolve_as_of, restage};
    let dir = sample_data_dir();
    let sources = DataSources {
        contacts: find_table(&dir, "contacts").unwrap(),
        deals: find_table(&dir, "deals"),
        events: find_table(&dir, "events"),
    };
    let data = load_dataset(&sources, &LoadOptions::default()).unwrap();
    let as_of = resolve_as_of(&data, None);
    for name in ["current_production", "marketing_proposal", "sales_proposal"] {
        let rules = leadscore::model::load_rule_set(&dir.join(format!("{name}.ron"))).unwrap();
        let scored = score(&data, &rules, as_of).unwrap();
        for (mql, sql, floor) in [(10, 40, None), (35, 35, Some(-5)), (60, 90, Some(20))] {
            let mut moved = rules.clone();
            moved.stages.mql_threshold = mql;
            moved.stages.sql_threshold = sql;
            moved.stages.disqualify_below = floor;
            assert!(rules.differs_only_in_thresholds(&moved));
            let mut restaged = scored.clone();
            restage(&mut restaged, &moved.stages);
            let expected = score(&data, &moved, as_of).unwrap();
            assert_eq!(
                restaged.stage, expected.stage,
                "{name} {mql}/{sql}/{floor:?}"
            );
            assert_ne!(
                restaged.stage, scored.stage,
                "{name}: the move changes stages"
            );
        }
        let mut renamed = rules.clone();
        renamed.fit[0].rules[0].points += 1;
        assert!(!rules.differs_only_in_thresholds(&renamed));
    }
}

/// A list of thousands of values is searched for in a few passes: before,
/// `ContainsAny` of 10,000 values chained 10,000 substring tests and took
/// minutes. Lists of every size the engine treats apart (a few values;
/// dozens; many long ones; tens of thousands) agree with the reference,
/// on text fields, case-sensitive or not, and on event details.
#[test]
fn long_value_lists_agree_with_reference() {
    let fillers = |count: usize, length: usize| -> Vec<String> {
        (0..count)
            .map(|i| format!("{i:0length$}-no.such*value(+)"))
            .collect()
    };
    let with = |mut values: Vec<String>, found: &[&str]| {
        values.extend(found.iter().map(|f| (*f).to_owned()));
        values.reverse();
        values
    };
    let lists = [
        with(fillers(3, 4), &["vp", "R&D"]),
        with(fillers(60, 4), &["Intern ", "GROWTH"]),
        with(fillers(200, 1_000), &["chief"]),
        with(fillers(30_000, 6), &["director", "ärztin_"]),
    ];
    let data = fixed_contacts();
    let repeated: Vec<Contact> = (0..400)
        .map(|i| Contact {
            title: Some(i % TITLES.len()),
            employees: None,
            opted_out: None,
            created_days_ago: None,
            email: None,
            visits: None,
        })
        .collect();
    let through_dictionary = dataset(&repeated, &[]);
    for values in lists {
        let mut rules = Vec::new();
        for (i, case_sensitive) in [false, true].into_iter().enumerate() {
            for (j, op) in [
                TextOp::ContainsAny(values.clone()),
                TextOp::OneOf(values.clone()),
            ]
            .into_iter()
            .enumerate()
            {
                rules.push(Rule {
                    name: format!("text {i} {j}"),
                    condition: Condition::Text {
                        field: "Job Title".into(),
                        op,
                        case_sensitive,
                    },
                    ..Default::default()
                });
            }
        }
        let details = with(values.clone(), &["/pricing", "demo request"]);
        for (j, op) in [TextOp::ContainsAny(details.clone()), TextOp::OneOf(details)]
            .into_iter()
            .enumerate()
        {
            rules.push(Rule {
                name: format!("event {j}"),
                condition: Condition::Event(EventCondition {
                    detail: Some(op),
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
        let rules = RuleSet {
            fit: vec![Group {
                name: "g".into(),
                cap: None,
                rules,
            }],
            ..Default::default()
        };
        assert_agree(&data, &rules);
        assert_agree(&through_dictionary, &rules);
    }
}

/// Twenty thousand range rules and five thousand combined ones validate
/// and score in moments: validation compared (and warned) every pair of
/// ranges before, and the combined conditions' columns were added one at a
/// time, each addition checking every name before it.
#[test]
fn twenty_five_thousand_rules_score_in_moments() {
    let range = |i: usize| Condition::Number {
        field: "Employees (#)".into(),
        op: NumberOp::Between(i as f64 % 300.0, i as f64 % 300.0 + 40.0),
    };
    let rules: Vec<Rule> = (0..25_000)
        .map(|i| Rule {
            name: format!("r{i}"),
            condition: if i % 5 == 0 {
                Condition::Any(vec![
                    Condition::Text {
                        field: "Job Title".into(),
                        op: TextOp::Equals(TITLES[i % TITLES.len()].into()),
                        case_sensitive: false,
                    },
                    range(i),
                ])
            } else {
                range(i)
            },
            points: (i % 7) as i64 - 3,
            ..Default::default()
        })
        .collect();
    let rules = RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: Some(1_000),
            rules,
        }],
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let repeated: Vec<Contact> = (0..200)
        .map(|i| Contact {
            title: Some(i % TITLES.len()),
            employees: Some(i % EMPLOYEES.len()),
            opted_out: None,
            created_days_ago: None,
            email: None,
            visits: None,
        })
        .collect();
    assert_agree(&dataset(&repeated, &[]), &rules);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
