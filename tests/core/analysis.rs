//! Summaries checked by hand on small tables; threshold moves against re-scoring.

use leadscore::analysis::{StageCounter, Thresholds, compare, rule_stats, summarize};
use leadscore::engine::score;
use leadscore::model::*;
use proptest::prelude::*;

use crate::engine::{as_of, dataset};

fn visits_rules(mql: i64, sql: i64) -> RuleSet {
    RuleSet {
        engagement: vec![Group {
            name: "Visits".into(),
            cap: None,
            rules: vec![Rule {
                name: "visits".into(),
                condition: Condition::Number {
                    field: "Visits".into(),
                    op: NumberOp::Ge(0.0),
                },
                points: 1,
                ..Default::default()
            }],
        }],
        stages: Stages {
            mql_threshold: mql,
            sql_threshold: sql,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn stage_summary_by_hand() {
    // Nine contacts; every third (rows 0, 3, 6) won $1,000. Engagement = 1 for
    // rows with a visits value (even rows 0, 2, 4, 6, 8 by the fixture below).
    let contacts: Vec<_> = (0..9)
        .map(crate::engine::fixture::contact_with_visits)
        .collect();
    let data = dataset(&contacts, &[]);
    let scores = score(&data, &visits_rules(1, 2), as_of()).unwrap();
    let s = summarize(&scores, &data.outcomes);
    let mql = s.stage(Stage::Mql).unwrap();
    let nurture = s.stage(Stage::Nurture).unwrap();
    assert_eq!((mql.count, mql.conversion.successes), (5, 2)); // rows 0,2,4,6,8: won 0 and 6
    assert_eq!((nurture.count, nurture.conversion.successes), (4, 1)); // rows 1,3,5,7: won 3
    assert!((mql.share - 5.0 / 9.0).abs() < 1e-12);
    assert_eq!(mql.revenue, 2000.0);
    assert_eq!((s.won, s.won_captured, s.won_missed), (3, 2, 1));
    let stats = rule_stats(&scores, &data.outcomes);
    assert_eq!(stats[0].matched, 5);
    assert!((stats[0].lift.unwrap() - (2.0 / 5.0) / (3.0 / 9.0)).abs() < 1e-12);
    assert_eq!(stats[0].flag, Some("small sample"));
}

#[test]
fn comparison_counts_transitions() {
    let contacts: Vec<_> = (0..9)
        .map(crate::engine::fixture::contact_with_visits)
        .collect();
    let data = dataset(&contacts, &[]);
    let proposal = score(&data, &visits_rules(1, 1), as_of()).unwrap();
    let baseline = score(&data, &visits_rules(1, 2), as_of()).unwrap();
    let c = compare(&proposal, &baseline, &data.outcomes);
    assert_eq!(c.transition[Stage::Mql.index()][Stage::Sql.index()], 5);
    assert_eq!(
        c.transition[Stage::Nurture.index()][Stage::Nurture.index()],
        4
    );
    assert_eq!(c.changes.len(), 5);
    assert_eq!(c.proposal.stage(Stage::Sql).unwrap().count, 5);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Moving thresholds with the counter gives exactly what re-scoring gives.
    #[test]
    fn threshold_moves_equal_rescoring(
        visits in proptest::collection::vec(proptest::option::of(0u8..30), 1..40),
        mql in 0i64..30, gap in 0i64..20, floor in proptest::option::of(0i64..30),
        first in (0i64..30, 0i64..20),
    ) {
        let contacts: Vec<_> = visits.iter().enumerate().map(|(i, v)| crate::engine::fixture::contact_visits(i, *v)).collect();
        let data = dataset(&contacts, &[]);
        let mut rules = RuleSet {
            engagement: vec![Group {
                name: "Visits".into(),
                cap: None,
                rules: vec![Rule {
                    name: "visits".into(),
                    condition: Condition::Number { field: "Visits".into(), op: NumberOp::Ge(0.0) },
                    points: 1,
                    per_event_max: None,
                    ..Default::default()
                }],
            }],
            exclusions: vec![Exclusion { condition: Condition::Number { field: "Visits".into(), op: NumberOp::Eq(13.0) }, ..Default::default() }],
            ..Default::default()
        };
        // Points = visits via 30 one-point rules (0..30 ≥ k).
        rules.engagement[0].rules = (1..30).map(|k| Rule {
            name: format!("visits ≥ {k}"),
            condition: Condition::Number { field: "Visits".into(), op: NumberOp::Ge(f64::from(k)) },
            points: 1,
            ..Default::default()
        }).collect();
        rules.stages.sql_criteria = vec![Criterion { condition: Condition::Number { field: "Visits".into(), op: NumberOp::Eq(29.0) }, ..Default::default() }];
        rules.stages.mql_criteria = vec![Criterion { condition: Condition::Number { field: "Visits".into(), op: NumberOp::Eq(2.0) }, ..Default::default() }];
        rules.stages.mql_threshold = first.0;
        rules.stages.sql_threshold = first.0 + first.1;
        let initial = score(&data, &rules, as_of()).unwrap();
        let counter = StageCounter::new(&initial, &data.outcomes);
        rules.stages.mql_threshold = mql;
        rules.stages.sql_threshold = mql + gap;
        rules.stages.disqualify_below = floor.map(|f| f.min(mql));
        let rescored = summarize(&score(&data, &rules, as_of()).unwrap(), &data.outcomes);
        let moved = counter.totals(Thresholds { mql, sql: mql + gap, floor: rules.stages.disqualify_below });
        for stage in Stage::ALL {
            let expected = rescored.stage(stage).unwrap();
            let got = moved[stage.index()];
            prop_assert_eq!((got.0, got.1), (expected.count, expected.conversion.successes), "{:?}", stage);
        }
    }
}
