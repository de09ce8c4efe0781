//! What differs between two rule sets, rule by rule, for the workshop's
//! side-by-side view and for review before publishing.

use serde::Serialize;

use super::{Dimension, Rule, RuleSet};

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
    /// Rule name (rules are matched by name).
    pub name: String,
    /// Fit or engagement (of the rule in the second set when present).
    pub dimension: &'static str,
    /// What changed.
    pub change: RuleChange,
}

/// Every difference between `a` and `b`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleSetDiff {
    /// Rules added, removed or changed, in the order of `b` then `a`.
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

fn located(rules: &RuleSet) -> Vec<(Dimension, &str, &Rule)> {
    let mut out = Vec::new();
    for dimension in [Dimension::Fit, Dimension::Engagement] {
        for group in rules.groups(dimension) {
            for rule in &group.rules {
                out.push((dimension, group.name.as_str(), rule));
            }
        }
    }
    out
}

fn rule_changes(a: (Dimension, &str, &Rule), b: (Dimension, &str, &Rule)) -> Vec<String> {
    let (ra, rb) = (a.2, b.2);
    let mut changes = Vec::new();
    if ra.points != rb.points {
        changes.push(format!("points {:+} → {:+}", ra.points, rb.points));
    }
    if ra.condition != rb.condition {
        changes.push(format!(
            "condition \"{}\" → \"{}\"",
            ra.condition.describe(),
            rb.condition.describe()
        ));
    }
    if ra.enabled != rb.enabled {
        changes.push(if rb.enabled { "enabled" } else { "disabled" }.to_owned());
    }
    if ra.per_event_max != rb.per_event_max {
        changes.push(format!(
            "points per event {:?} → {:?}",
            ra.per_event_max, rb.per_event_max
        ));
    }
    if ra.owner != rb.owner {
        changes.push(format!("owner {} → {}", ra.owner.label(), rb.owner.label()));
    }
    if a.0 != b.0 || a.1 != b.1 {
        changes.push(format!(
            "moved from {} group \"{}\" to {} group \"{}\"",
            a.0.label(),
            a.1,
            b.0.label(),
            b.1
        ));
    }
    changes
}

/// Compares two rule sets; rules are matched by name.
pub fn diff(a: &RuleSet, b: &RuleSet) -> RuleSetDiff {
    let (rules_a, rules_b) = (located(a), located(b));
    let mut rules = Vec::new();
    for rb in &rules_b {
        match rules_a.iter().find(|ra| ra.2.name == rb.2.name) {
            None => rules.push(RuleDiff {
                name: rb.2.name.clone(),
                dimension: rb.0.label(),
                change: RuleChange::Added,
            }),
            Some(ra) => {
                let changes = rule_changes(*ra, *rb);
                if !changes.is_empty() {
                    rules.push(RuleDiff {
                        name: rb.2.name.clone(),
                        dimension: rb.0.label(),
                        change: RuleChange::Changed(changes),
                    });
                }
            }
        }
    }
    for ra in &rules_a {
        if !rules_b.iter().any(|rb| rb.2.name == ra.2.name) {
            rules.push(RuleDiff {
                name: ra.2.name.clone(),
                dimension: ra.0.label(),
                change: RuleChange::Removed,
            });
        }
    }
    RuleSetDiff {
        rules,
        settings: setting_changes(a, b),
    }
}

/// The differences in everything but the rules, in words.
fn setting_changes(a: &RuleSet, b: &RuleSet) -> Vec<String> {
    let mut settings = Vec::new();
    let (sa, sb) = (&a.stages, &b.stages);
    if sa.mql_threshold != sb.mql_threshold {
        settings.push(format!(
            "MQL threshold {} → {}",
            sa.mql_threshold, sb.mql_threshold
        ));
    }
    if sa.sql_threshold != sb.sql_threshold {
        settings.push(format!(
            "SQL threshold {} → {}",
            sa.sql_threshold, sb.sql_threshold
        ));
    }
    if sa.disqualify_below != sb.disqualify_below {
        settings.push(format!(
            "disqualification floor {:?} → {:?}",
            sa.disqualify_below, sb.disqualify_below
        ));
    }
    if sa.mql_criteria != sb.mql_criteria {
        settings.push("MQL criteria differ".to_owned());
    }
    if sa.sql_criteria != sb.sql_criteria {
        settings.push("SQL criteria differ".to_owned());
    }
    if a.exclusions != b.exclusions {
        settings.push("exclusions differ".to_owned());
    }
    if a.decay != b.decay {
        settings.push(format!(
            "decay: \"{}\" → \"{}\"",
            a.decay.describe(),
            b.decay.describe()
        ));
    }
    if a.grades != b.grades {
        settings.push("grade matrix differs".to_owned());
    }
    if a.free_mail_domains != b.free_mail_domains {
        settings.push("free-mail domain list differs".to_owned());
    }
    let caps = |r: &RuleSet| -> Vec<(String, Option<i64>)> {
        r.fit
            .iter()
            .chain(&r.engagement)
            .map(|g| (g.name.clone(), g.cap))
            .collect()
    };
    for (name, cap_b) in caps(b) {
        if let Some((_, cap_a)) = caps(a).into_iter().find(|(n, _)| *n == name)
            && cap_a != cap_b
        {
            settings.push(format!("group \"{name}\" limit {cap_a:?} → {cap_b:?}"));
        }
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Condition, Group};

    fn rule(name: &str, points: i64) -> Rule {
        Rule {
            name: name.into(),
            condition: Condition::NotEmpty { field: "x".into() },
            points,
            ..Default::default()
        }
    }

    #[test]
    fn rules_are_matched_by_name() {
        let a = RuleSet {
            fit: vec![Group {
                name: "g".into(),
                cap: None,
                rules: vec![rule("same", 5), rule("changed", 5), rule("gone", 1)],
            }],
            ..Default::default()
        };
        let mut b = RuleSet {
            fit: vec![Group {
                name: "g".into(),
                cap: Some(10),
                rules: vec![rule("same", 5), rule("changed", 10), rule("new", 3)],
            }],
            ..Default::default()
        };
        b.stages.sql_threshold = 90;
        let d = diff(&a, &b);
        assert_eq!(d.rules.len(), 3);
        assert_eq!(
            d.rules[0].change,
            RuleChange::Changed(vec!["points +5 → +10".into()])
        );
        assert_eq!(d.rules[1].change, RuleChange::Added);
        assert_eq!(
            (d.rules[2].name.as_str(), &d.rules[2].change),
            ("gone", &RuleChange::Removed)
        );
        assert!(
            d.settings.contains(&"SQL threshold 80 → 90".to_owned()),
            "{:?}",
            d.settings
        );
        assert!(
            d.settings
                .iter()
                .any(|s| s.contains("limit None → Some(10)"))
        );
        assert!(diff(&a, &a).is_empty());
    }
}
