//! What differs between two rule sets, rule by rule and setting by setting,
//! in words: for the workshop's side-by-side view and for review before
//! publishing (`leadscore simulate --baseline`).

use serde::Serialize;

use super::difference::Difference;
use super::pairing::{MatchedBy, pair_rules_by};
use super::{Criterion, Exclusion, GradeMatrix, RuleEdit, RuleSet, ThresholdKind};

/// A difference in the settings (not the rules), and the edit that takes
/// their value, where one edit can.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingDifference {
    /// What differs and how.
    pub difference: Difference,
    /// The edit of our rule set that adopts their value (thresholds and
    /// the floor).
    #[serde(skip)]
    pub adopt: Option<RuleEdit>,
}

/// How one rule differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum RuleChange {
    /// Only in the second rule set.
    Added,
    /// Only in the first rule set.
    Removed,
    /// In both, with these differences (in words).
    Changed(Vec<String>),
}

/// One rule that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDiff {
    /// Rule name (in the second set when present).
    pub name: String,
    /// Fit or engagement (of the rule in the second set when present).
    pub dimension: &'static str,
    /// What changed.
    pub change: RuleChange,
}

/// Every difference between `a` and `b`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleSetDiff {
    /// Rules added, removed or changed, in the order of `a`, then the
    /// rules only `b` has.
    pub rules: Vec<RuleDiff>,
    /// Other differences: thresholds, criteria, exclusions, decay, grades.
    pub settings: Vec<String>,
}

impl RuleSetDiff {
    /// Whether the two rule sets score alike.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.settings.is_empty()
    }
}

/// Compares two rule sets, as changes from `a` to `b`; rules are matched
/// by name, then by identical condition (a renamed rule is one change, not
/// a removal and an addition).
pub fn diff(a: &RuleSet, b: &RuleSet) -> RuleSetDiff {
    let pairs = pair_rules_by(a, b, &[MatchedBy::Name, MatchedBy::Condition]);
    let rules = pairs
        .into_iter()
        .filter_map(|pair| {
            let (change, shown) = match (&pair.ours, &pair.theirs) {
                (Some(_), Some(_)) if pair.differences.is_empty() => return None,
                (Some(_), Some(theirs)) => (
                    RuleChange::Changed(
                        pair.differences.iter().map(Difference::as_change).collect(),
                    ),
                    theirs,
                ),
                (None, Some(theirs)) => (RuleChange::Added, theirs),
                (Some(ours), None) => (RuleChange::Removed, ours),
                (None, None) => return None,
            };
            Some(RuleDiff {
                name: shown.rule.name.clone(),
                dimension: shown.path.dimension.label(),
                change,
            })
        })
        .collect();
    RuleSetDiff {
        rules,
        settings: setting_differences(a, b)
            .iter()
            .map(|s| s.difference.as_change())
            .collect(),
    }
}

/// The differences in everything but the rules, ours (`a`) first.
pub fn setting_differences(a: &RuleSet, b: &RuleSet) -> Vec<SettingDifference> {
    let mut out = Vec::new();
    let (sa, sb) = (&a.stages, &b.stages);
    let mut threshold =
        |topic: &str, kind: ThresholdKind, ours: Option<i64>, theirs: Option<i64>| {
            if ours != theirs {
                let words = |value: Option<i64>| match (kind, value) {
                    (ThresholdKind::Floor, Some(floor)) => format!("below {floor}"),
                    (_, Some(value)) => format!("at {value}"),
                    (_, None) => "none".to_owned(),
                };
                out.push(SettingDifference {
                    difference: Difference::new(topic, words(ours), words(theirs)),
                    adopt: Some(RuleEdit::SetThreshold {
                        kind,
                        value: theirs,
                    }),
                });
            }
        };
    threshold(
        "MQL threshold",
        ThresholdKind::Mql,
        Some(sa.mql_threshold),
        Some(sb.mql_threshold),
    );
    threshold(
        "SQL threshold",
        ThresholdKind::Sql,
        Some(sa.sql_threshold),
        Some(sb.sql_threshold),
    );
    threshold(
        "disqualification floor",
        ThresholdKind::Floor,
        sa.disqualify_below,
        sb.disqualify_below,
    );
    let mut differ = |topic: &str, ours: String, theirs: String| {
        if ours != theirs {
            out.push(SettingDifference {
                difference: Difference::new(topic, ours, theirs),
                adopt: None,
            });
        }
    };
    differ(
        "MQL criteria",
        criteria(&sa.mql_criteria),
        criteria(&sb.mql_criteria),
    );
    differ(
        "SQL criteria",
        criteria(&sa.sql_criteria),
        criteria(&sb.sql_criteria),
    );
    if a.exclusions != b.exclusions {
        differ(
            "exclusions",
            exclusions(&a.exclusions),
            exclusions(&b.exclusions),
        );
    }
    differ("decay", a.decay.describe(), b.decay.describe());
    differ(
        "grade matrix",
        grades(a.grades.as_ref()),
        grades(b.grades.as_ref()),
    );
    if a.free_mail_domains != b.free_mail_domains {
        differ(
            "free-mail domains",
            domains(&a.free_mail_domains, &b.free_mail_domains),
            domains(&b.free_mail_domains, &a.free_mail_domains),
        );
    }
    for group in b.fit.iter().chain(&b.engagement) {
        if let Some(ours) = a
            .fit
            .iter()
            .chain(&a.engagement)
            .find(|g| g.name == group.name)
        {
            differ(
                &format!("limit of group \"{}\"", group.name),
                cap(ours.cap),
                cap(group.cap),
            );
        }
    }
    out
}

/// "none", or each criterion with its condition.
fn criteria(list: &[Criterion]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    let described: Vec<String> = list
        .iter()
        .map(|c| {
            let off = if c.enabled { "" } else { " (off)" };
            format!("\"{}\" ({}){off}", c.name, c.condition.describe())
        })
        .collect();
    described.join("; ")
}

/// The exclusions by name, those switched off marked.
fn exclusions(list: &[Exclusion]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    let named: Vec<String> = list
        .iter()
        .map(|e| {
            let off = if e.enabled { "" } else { " (off)" };
            format!("\"{}\"{off}", e.name)
        })
        .collect();
    named.join(", ")
}

fn grades(matrix: Option<&GradeMatrix>) -> String {
    match matrix {
        None => "none".to_owned(),
        Some(m) => format!(
            "A from fit {}, B {}, C {}; tier 1 from engagement {}, tier 2 {}",
            m.a_min_fit, m.b_min_fit, m.c_min_fit, m.tier1_min_engagement, m.tier2_min_engagement
        ),
    }
}

/// "26 domains", and those the other list lacks.
fn domains(these: &[String], others: &[String]) -> String {
    let extra: Vec<&str> = these
        .iter()
        .filter(|d| !others.contains(d))
        .map(String::as_str)
        .take(5)
        .collect();
    if extra.is_empty() {
        format!("{} domains", these.len())
    } else {
        format!("{} domains (with {})", these.len(), extra.join(", "))
    }
}

fn cap(cap: Option<i64>) -> String {
    cap.map_or_else(|| "none".to_owned(), |c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Condition, Group, Rule};

    fn rule(name: &str, points: i64) -> Rule {
        Rule {
            name: name.into(),
            condition: Condition::NotEmpty { field: name.into() },
            points,
            ..Default::default()
        }
    }

    #[test]
    fn rules_are_matched_by_name_then_condition() {
        let a = RuleSet {
            fit: vec![Group {
                name: "g".into(),
                cap: None,
                rules: vec![
                    rule("same", 5),
                    rule("changed", 5),
                    rule("gone", 1),
                    rule("old name", 2),
                ],
            }],
            ..Default::default()
        };
        let mut renamed = rule("new name", 2);
        renamed.condition = Condition::NotEmpty {
            field: "old name".into(),
        };
        let mut b = RuleSet {
            fit: vec![Group {
                name: "g".into(),
                cap: Some(10),
                rules: vec![
                    rule("same", 5),
                    rule("changed", 10),
                    rule("new", 3),
                    renamed,
                ],
            }],
            ..Default::default()
        };
        b.stages.sql_threshold = 90;
        b.stages.disqualify_below = Some(0);
        let d = diff(&a, &b);
        let rows: Vec<(&str, &RuleChange)> = d
            .rules
            .iter()
            .map(|r| (r.name.as_str(), &r.change))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "changed",
                    &RuleChange::Changed(vec!["points: +5 → +10".into()])
                ),
                ("gone", &RuleChange::Removed),
                (
                    "new name",
                    &RuleChange::Changed(vec!["name: \"old name\" → \"new name\"".into()])
                ),
                ("new", &RuleChange::Added),
            ]
        );
        assert_eq!(
            d.settings,
            [
                "SQL threshold: at 80 → at 90",
                "disqualification floor: none → below 0",
                "limit of group \"g\": none → 10",
            ]
        );
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn settings_read_as_words_with_the_edit_that_adopts_them() {
        let ours = RuleSet::default();
        let mut theirs = RuleSet::default();
        theirs.stages.mql_threshold = 40;
        theirs.stages.disqualify_below = Some(0);
        theirs.stages.sql_criteria.push(Criterion {
            name: "Demo".into(),
            condition: Condition::NotEmpty {
                field: "Demo date".into(),
            },
            enabled: true,
        });
        let settings = setting_differences(&ours, &theirs);
        let words: Vec<String> = settings
            .iter()
            .map(|s| s.difference.in_words("Sales proposal"))
            .collect();
        assert_eq!(
            words,
            [
                "MQL threshold: at 50 here, at 40 in Sales proposal",
                "Disqualification floor: none here, below 0 in Sales proposal",
                "SQL criteria: none here, \"Demo\" (Demo date is not empty) in Sales proposal",
            ]
        );
        assert_eq!(
            settings[1].adopt,
            Some(RuleEdit::SetThreshold {
                kind: ThresholdKind::Floor,
                value: Some(0)
            })
        );
        assert_eq!(settings[2].adopt, None);
    }
}
