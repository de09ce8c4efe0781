//! The evidence on data: stability periods and rates counted independently,
//! and `evaluate` printing every figure (text and JSON agree).

use chrono::NaiveDate;
use leadscore::analysis::evaluation::stability;
use leadscore::data::{LoadOptions, load_dataset};
use leadscore::engine::{Scorer, score};
use leadscore::model::{Condition, Group, Rule, RuleSet, TextOp};

use super::cli::leadscore;

#[test]
fn stability_compares_the_contacts_created_in_each_period() {
    let dir = tempfile::tempdir().unwrap();
    let sources = crate::leakage::leaky_history(dir.path());
    let data = load_dataset(&sources, &LoadOptions::default()).unwrap();
    let rules = RuleSet {
        fit: vec![Group {
            name: "Fit".into(),
            cap: None,
            rules: vec![Rule {
                name: "Software".into(),
                condition: Condition::Text {
                    field: "Industry".into(),
                    op: TextOp::Equals("Software".into()),
                    case_sensitive: false,
                },
                points: 10,
                ..Default::default()
            }],
        }],
        ..Default::default()
    };
    let cutoff = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
    let s = stability(&data, &rules, cutoff, 30, &mut Scorer::new()).unwrap();
    assert_eq!(
        s.reference.from,
        NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()
    );
    assert_eq!(
        s.reference.to,
        NaiveDate::from_ymd_opt(2024, 4, 30).unwrap()
    );
    // The newest contact is created on day 250.
    let latest = NaiveDate::from_ymd_opt(2024, 9, 7).unwrap();
    assert_eq!((s.latest.to, s.latest.as_of), (latest, latest));
    // Counted from the generator: contact i is created on day 1 + i % 250 of 2024.
    let created = |i: u32| {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(1 + i % 250))
    };
    let in_period = |from: NaiveDate, to: NaiveDate| -> Vec<u32> {
        (0..600)
            .filter(|&i| created(i) >= from && created(i) <= to)
            .collect()
    };
    let reference = in_period(s.reference.from, s.reference.to);
    let newest = in_period(s.latest.from, s.latest.to);
    assert_eq!(s.reference.contacts, reference.len());
    assert_eq!(s.latest.contacts, newest.len());
    // Software is every third contact.
    let software =
        |rows: &[u32]| rows.iter().filter(|i| *i % 3 == 0).count() as f64 / rows.len() as f64;
    let rule = &s.rules[0];
    assert!((rule.reference_rate - software(&reference)).abs() < 1e-12);
    assert!((rule.latest_rate - software(&newest)).abs() < 1e-12);
    // A match-rate PSI of two bins, by its formula with smoothed shares.
    let smoothed = |m: f64, n: f64| ((m + 0.5) / (n + 1.0), (n - m + 0.5) / (n + 1.0));
    let (rn, ln) = (reference.len() as f64, newest.len() as f64);
    let (r1, r0) = smoothed(rule.reference_rate * rn, rn);
    let (l1, l0) = smoothed(rule.latest_rate * ln, ln);
    let expected = (l1 - r1) * (l1 / r1).ln() + (l0 - r0) * (l0 / r0).ln();
    assert!((rule.psi.as_ref().unwrap().value - expected).abs() < 1e-12);
    // The score PSI bins the two periods' scores: two scores, 0 and 10.
    let score_psi = s.score.unwrap();
    assert_eq!(score_psi.reference, reference.len());
    assert!((score_psi.value - expected).abs() < 1e-12, "{score_psi:?}");
    // Periods that overlap are refused with a way out.
    let late = latest - chrono::Days::new(5);
    let error = stability(&data, &rules, late, 30, &mut Scorer::new()).unwrap_err();
    // The newest 30 days of creation begin on 2024-08-09: the latest cutoff
    // that fits is named, and works.
    assert!(
        error
            .to_string()
            .contains("choose an earlier cutoff, 2024-08-09 or before"),
        "{error}"
    );
    let fits = NaiveDate::from_ymd_opt(2024, 8, 9).unwrap();
    assert!(stability(&data, &rules, fits, 30, &mut Scorer::new()).is_ok());
    let _ = score(&data, &rules, latest).unwrap();
}

#[test]
fn evaluate_prints_every_figure_and_json_has_them_all() {
    let args = [
        "evaluate",
        "--rules",
        "sample_data/marketing_proposal.ron",
        "--baseline",
        "sample_data/current_production.ron",
        "--capacity",
        "100",
    ];
    let (ok, text, err) = leadscore(&args);
    assert!(ok, "{err}");
    for section in [
        "Model quality",
        "AUC [95% CI]",
        "Gini [95% CI]",
        "KS",
        "Brier (skill)",
        "At capacity",
        "Gains by score decile",
        "Calibration",
        "Stability",
        "Score PSI",
        "Jointly fitted points",
        "Held out",
    ] {
        assert!(text.contains(section), "{section} in {text}");
    }
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (ok, json, err) = leadscore(&json_args);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let own = &v["quality"]["rule_set"]["quality"];
    let auc = own["auc"]["value"].as_f64().unwrap();
    let (low, high) = (
        own["auc"]["low"].as_f64().unwrap(),
        own["auc"]["high"].as_f64().unwrap(),
    );
    assert!(
        text.contains(&format!("{auc:.3} [{low:.3}–{high:.3}]")),
        "{text}"
    );
    assert!(low < auc && auc < high);
    assert_eq!(own["gains"].as_array().unwrap().len(), 10);
    let last = &own["gains"][9];
    assert_eq!(last["cumulative_share_of_contacts"].as_f64(), Some(1.0));
    assert_eq!(own["calibration"]["bands"].as_array().unwrap().len(), 10);
    assert!(own["ks"]["value"].as_f64().unwrap() > 0.0);
    assert!(v["quality"]["difference"]["p_value"].is_number());
    assert!(v["quality"]["rule_set"]["capacity"]["precision"]["value"].is_number());
    assert!(v["quality"]["rule_set"]["roc"].as_array().unwrap().len() > 10);
    assert!(v["stability"]["score"]["value"].is_number());
    assert!(v["stability"]["rules"].as_array().unwrap().len() > 5);
    let fit = &v["joint_fit"];
    assert!(fit["fit"]["rules"].as_array().unwrap().len() > 5);
    assert!(fit["held_out"]["gain"]["difference"].is_number());
    assert!(v["stability_error"].is_null() && v["joint_fit_error"].is_null());
}

/// A history with an outcome but no dates of the wins cannot be
/// back-tested: `evaluate` says so and where the whole-history figures are;
/// `simulate` says when nobody won why the ranking figures are missing.
#[test]
fn evaluate_without_win_dates_points_to_simulate() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("empty.ron");
    leadscore::model::save_rule_set(&RuleSet::default(), &rules).unwrap();
    let prospects = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/own_data/prospects.csv"
    );
    let (ok, _, err) = leadscore(&[
        "evaluate",
        "--rules",
        rules.to_str().unwrap(),
        "--contacts",
        prospects,
    ]);
    assert!(!ok);
    assert!(
        err.contains("needs the dates of the wins")
            && err.contains("`simulate` prints model quality on the whole history"),
        "{err}"
    );
    let no_wins = dir.path().join("no_wins.csv");
    std::fs::write(&no_wins, "id,created\na,2025-01-01\nb,2025-02-01\n").unwrap();
    let (ok, out, err) = leadscore(&[
        "simulate",
        "--rules",
        rules.to_str().unwrap(),
        "--contacts",
        no_wins.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("they need both"), "{out}");
}
