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

mod calibration {
    use chrono::NaiveDate;
    use leadscore::analysis::*;
    use leadscore::data::{DealStatus, Deals, Outcome, Outcomes};
    use leadscore::engine::{Matches, Scorer, Scores, score};
    use leadscore::model::*;
    use polars::prelude::*;

    fn scores_of(totals: &[i64], excluded: &[bool]) -> Scores {
        Scores {
            total: totals.to_vec(),
            fit: totals.to_vec(),
            engagement: vec![0; totals.len()],
            stage: excluded
                .iter()
                .map(|&e| if e { Stage::Excluded } else { Stage::Nurture })
                .collect(),
            mql_criterion: Matches::none(totals.len()),
            sql_criterion: Matches::none(totals.len()),
            ..Default::default()
        }
    }

    fn outcomes_of(won: &[bool]) -> Outcomes {
        Outcomes {
            outcome: won
                .iter()
                .map(|&w| if w { Outcome::Won } else { Outcome::None })
                .collect(),
            revenue: won.iter().map(|&w| if w { 100.0 } else { 0.0 }).collect(),
            won_at_ms: vec![None; won.len()],
        }
    }

    #[test]
    fn sweep_by_hand() {
        // Scores 10, 20, 20, 30 (+ an excluded 99); wins at 20 and 30.
        let scores = scores_of(&[10, 20, 20, 30, 99], &[false, false, false, false, true]);
        let outcomes = outcomes_of(&[false, true, false, true, true]);
        let sweep = Sweep::new(&scores, &outcomes, Some(2.0));
        assert_eq!(sweep.eligible, 4);
        assert_eq!(sweep.won, 2);
        let t: Vec<(i64, usize, usize)> = sweep
            .rows
            .iter()
            .map(|r| (r.threshold, r.contacts, r.conversion.successes))
            .collect();
        assert_eq!(t, vec![(30, 1, 1), (20, 3, 2), (10, 4, 2)]);
        assert_eq!(sweep.at(25).contacts, 1);
        assert_eq!(sweep.at(20).recall, 1.0);
        assert_eq!(sweep.at(30).recall, 0.5);
        assert_eq!(sweep.at(31).contacts, 0);
        assert_eq!(sweep.at(-5).contacts, 4);
        assert_eq!(sweep.at(20).revenue, 200.0);
        assert_eq!(sweep.at(20).monthly_volume, Some(1.5));
        // Capacity 1 lead a month: threshold 30 gives 0.5/month; 20 would give 1.5.
        let c = sweep.for_capacity(1.0).unwrap();
        assert_eq!((c.threshold, c.wins_captured, c.wins_missed), (30, 1, 1));
        assert_eq!(sweep.for_capacity(2.0).unwrap().threshold, 10);
        assert!(sweep.for_capacity(0.1).is_none());
    }

    #[test]
    fn weight_of_evidence_by_hand() {
        // 10 of 20 matchers won; 20 wins among 100 contacts.
        // (10.5/21) / (10.5/81) = 3.857…, ln = 1.3499; × 10/ln 2 = 19.5 → 20 points.
        let woe = weight_of_evidence(10, 20, 20, 100);
        assert!((woe - (81.0f64 / 21.0).ln()).abs() < 1e-12, "{woe}");
        assert_eq!(suggested_points(woe), 20);
        assert_eq!(suggested_points(-woe), -20);
        assert_eq!(suggested_points(0.0), 0);
    }

    fn day_ms(y: i32, m: u32, d: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis()
    }

    /// Winners log into the customer portal only after they won; they asked
    /// for a demo before. A snapshot rewards the portal; a back-test must not.
    #[test]
    fn backtest_does_not_reward_what_came_after_the_win() {
        let n = 60;
        let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let contacts = DataFrame::new(n, vec![Column::new("id".into(), ids)]).unwrap();
        let (mut rows, mut ts, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n as u32 {
            if i % 2 == 0 {
                rows.extend([i, i]);
                ts.extend([day_ms(2025, 3, 15), day_ms(2025, 5, 15)]);
                kinds.extend(["demo", "portal_login"]);
            } else if i % 6 == 1 {
                rows.push(i);
                ts.push(day_ms(2025, 3, 20));
                kinds.push("demo");
            }
        }
        let m = rows.len();
        let events = DataFrame::new(
            m,
            vec![
                Column::new("row".into(), rows),
                Column::new("ts".into(), ts),
                Column::new("type".into(), kinds),
                Column::new("detail".into(), vec![None::<&str>; m]),
                Column::new("detail_lc".into(), vec![None::<&str>; m]),
            ],
        )
        .unwrap();
        let won: Vec<bool> = (0..n).map(|i| i % 2 == 0).collect();
        let mut outcomes = outcomes_of(&won);
        outcomes.won_at_ms = won.iter().map(|&w| w.then(|| day_ms(2025, 5, 1))).collect();
        let mut data =
            leadscore::data::Dataset::from_frames(contacts, "id", outcomes, Some(events)).unwrap();
        data.created_ms = Some(vec![Some(day_ms(2025, 1, 1)); n]);
        data.deals = Some(Deals {
            contact_row: (0..n as u32).filter(|i| i % 2 == 0).map(Some).collect(),
            status: vec![DealStatus::Won; n / 2],
            amount: vec![Some(1000.0); n / 2],
            created_ms: vec![Some(day_ms(2025, 4, 1)); n / 2],
            closed_ms: vec![Some(day_ms(2025, 5, 1)); n / 2],
        });
        data.latest_date = NaiveDate::from_ymd_opt(2025, 12, 31);
        let event_rule = |name: &str, kind: &str| Rule {
            name: name.into(),
            condition: Condition::Event(EventCondition {
                event_types: vec![kind.into()],
                ..Default::default()
            }),
            points: 50,
            ..Default::default()
        };
        let rules = RuleSet {
            engagement: vec![Group {
                name: "g".into(),
                cap: None,
                rules: vec![
                    event_rule("Portal login", "portal_login"),
                    event_rule("Demo", "demo"),
                ],
            }],
            ..Default::default()
        };
        // Snapshot: the portal rule looks perfect.
        let snapshot = score(
            &data,
            &rules,
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        )
        .unwrap();
        let stats = rule_stats(&snapshot, &data.outcomes);
        assert_eq!(stats[0].matched, 30);
        assert_eq!(stats[0].matched_conversion.value, 1.0);
        assert_eq!(stats[0].flag, Some("probable leakage"));
        // Back-test at 1 April with a 90-day horizon: the portal matches nobody,
        // the demo request still carries the signal.
        let window = BacktestWindow {
            cutoff: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            horizon_days: 90,
        };
        let result = backtest(&data, &rules, None, window, &mut Scorer::new()).unwrap();
        assert_eq!(result.population, 60);
        assert_eq!(result.summary.won, 30);
        assert_eq!(
            result.rules[0].matched, 0,
            "no portal logins before the cutoff"
        );
        // Its winners logged in only after winning: probable leakage, said
        // in the back-test's table too although it matches nobody there.
        assert_eq!(result.rules[0].flag, Some("probable leakage"));
        assert!(matches!(
            result.rules[0].leakage,
            Some(leadscore::analysis::Leakage::AfterOutcome {
                after: 30,
                wins: 30
            })
        ));
        assert_eq!(result.rules[1].flag, None);
        assert_eq!(result.rules[1].matched, 40);
        assert!(result.rules[1].lift.unwrap() > 1.4);
        // A cutoff after the wins: the winners are customers already and leave the population.
        let later = BacktestWindow {
            cutoff: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            horizon_days: 90,
        };
        let result = backtest(&data, &rules, None, later, &mut Scorer::new()).unwrap();
        assert_eq!(
            (
                result.population,
                result.already_customers,
                result.summary.won
            ),
            (30, 30, 0)
        );
    }

    #[test]
    fn monthly_cutoffs() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        assert_eq!(
            cutoffs(d(1, 15), d(4, 1), Step::Monthly),
            vec![d(2, 1), d(3, 1), d(4, 1)]
        );
        assert_eq!(
            cutoffs(d(1, 1), d(1, 25), Step::Days(10)),
            vec![d(1, 1), d(1, 11), d(1, 21)]
        );
    }
}

/// Wins on the last day of the horizon count: day 0 (the cutoff) through
/// day N, as the README says.
#[test]
fn the_horizon_includes_its_last_day() {
    use chrono::NaiveDate;
    use leadscore::analysis::{BacktestWindow, backtest};
    use leadscore::engine::Scorer;
    let dir = tempfile::tempdir().unwrap();
    let sources = crate::leakage::leaky_history(dir.path());
    let data =
        leadscore::data::load_dataset(&sources, &leadscore::data::LoadOptions::default()).unwrap();
    let cutoff = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
    let last_day = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap();
    let last_day_ms = last_day
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    let wins_on_last_day = data
        .outcomes
        .won_at_ms
        .iter()
        .filter(|w| **w == Some(last_day_ms))
        .count();
    assert!(wins_on_last_day > 0);
    let rules = RuleSet::default();
    let won = |horizon_days| {
        let window = BacktestWindow {
            cutoff,
            horizon_days,
        };
        backtest(&data, &rules, None, window, &mut Scorer::new())
            .unwrap()
            .summary
            .won
    };
    // 2024-02-01 is day 22 after 2024-01-10.
    assert_eq!(won(22) - won(21), wins_on_last_day);
}

/// `sweep --capacity` on data with creation dates says what stands in the
/// way: the contacts tied at the highest score, not missing dates.
#[test]
fn an_unreachable_capacity_is_explained_by_the_top_score() {
    let dir = tempfile::tempdir().unwrap();
    let sources = crate::leakage::leaky_history(dir.path());
    let rules = dir.path().join("empty.ron");
    leadscore::model::save_rule_set(&RuleSet::default(), &rules).unwrap();
    let (ok, _, err) = crate::cli::leadscore(&[
        "sweep",
        "--rules",
        rules.to_str().unwrap(),
        "--contacts",
        sources.contacts.to_str().unwrap(),
        "--capacity",
        "10",
    ]);
    assert!(!ok);
    assert!(
        err.contains("even the highest threshold, 0, gives") && !err.contains("creation dates"),
        "{err}"
    );
}
