//! Where each agreed rule came from: unchanged from the baseline, from one
//! team's proposal, in both, changed, or new in the workshop.

use crate::model::{Rule, RuleSet};

/// The part a rule set played in the workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginRole {
    /// The rule set in use before the workshop (production).
    Baseline,
    /// A rule set one of the teams brought.
    Proposal,
}

/// A rule set the agreed rules are traced back to.
#[derive(Debug, Clone, Copy)]
pub struct RuleOrigin<'a> {
    /// Baseline or proposal.
    pub role: OriginRole,
    /// The rule set; its name labels the origin in the document.
    pub rules: &'a RuleSet,
}

impl RuleOrigin<'_> {
    /// The rule set's name, or its role when it has none.
    pub fn label(&self) -> &str {
        let name = self.rules.name.trim();
        match (name.is_empty(), self.role) {
            (false, _) => name,
            (true, OriginRole::Baseline) => "the baseline",
            (true, OriginRole::Proposal) => "a proposal",
        }
    }
}

/// How a rule set holds the agreed rule.
enum Counterpart<'a> {
    /// The same condition and the same points.
    Identical,
    /// The same rule (by condition, or failing that by name) with other
    /// points or another condition.
    Changed(&'a Rule),
}

fn same_name(a: &Rule, b: &Rule) -> bool {
    a.name.trim().eq_ignore_ascii_case(b.name.trim())
}

/// The enabled rule of `rules` that is the agreed `rule`: the same
/// condition first (a renamed rule is still the rule; among several, the
/// one with the same name), then the same name (a condition edited in the
/// room). Disabled rules score nothing, so they are not an origin.
fn counterpart<'a>(rule: &Rule, rules: &'a RuleSet) -> Option<Counterpart<'a>> {
    let enabled: Vec<&Rule> = rules
        .rules()
        .map(|(_, r)| r)
        .filter(|r| r.enabled)
        .collect();
    let same_condition = |r: &&&Rule| r.condition == rule.condition;
    let found = enabled
        .iter()
        .filter(same_condition)
        .find(|r| same_name(r, rule))
        .or_else(|| enabled.iter().find(same_condition))
        .or_else(|| enabled.iter().find(|r| same_name(r, rule)))?;
    let identical = found.condition == rule.condition
        && found.points == rule.points
        && found.per_event_max == rule.per_event_max;
    Some(if identical {
        Counterpart::Identical
    } else {
        Counterpart::Changed(found)
    })
}

/// What differs in `theirs` from the agreed rule: "+10 there".
fn difference(agreed: &Rule, theirs: &Rule) -> String {
    if theirs.condition != agreed.condition {
        "another condition there".to_owned()
    } else if theirs.points != agreed.points {
        format!("{:+} there", theirs.points)
    } else {
        // Same condition and points: only the per-event cap differs.
        let cap = theirs
            .per_event_max
            .map_or("no event limit".to_owned(), |m| format!("max {m} events"));
        format!("{cap} there")
    }
}

/// "A", "A and B", "A, B and C".
fn joined(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The origin of one agreed rule, in words, against `origins`; `None` when
/// no origins were given (the document then says nothing rather than
/// guess).
pub fn origin_of(rule: &Rule, origins: &[RuleOrigin]) -> Option<String> {
    if origins.is_empty() {
        return None;
    }
    let found: Vec<(&RuleOrigin, Option<Counterpart>)> = origins
        .iter()
        .map(|origin| (origin, counterpart(rule, origin.rules)))
        .collect();
    let baseline_identical = found.iter().find(|(origin, c)| {
        origin.role == OriginRole::Baseline && matches!(c, Some(Counterpart::Identical))
    });
    if let Some((origin, _)) = baseline_identical {
        return Some(format!("unchanged from {}", origin.label()));
    }
    let proposals = found
        .iter()
        .filter(|(origin, _)| origin.role == OriginRole::Proposal);
    let identical: Vec<&str> = proposals
        .clone()
        .filter(|(_, c)| matches!(c, Some(Counterpart::Identical)))
        .map(|(origin, _)| origin.label())
        .collect();
    let changed = |role: OriginRole| -> Vec<String> {
        found
            .iter()
            .filter(|(origin, _)| origin.role == role)
            .filter_map(|(origin, c)| match c {
                Some(Counterpart::Changed(theirs)) => {
                    Some(format!("{}: {}", origin.label(), difference(rule, theirs)))
                }
                _ => None,
            })
            .collect()
    };
    let proposal_count = proposals.count();
    let changed_in_proposals = changed(OriginRole::Proposal);
    let mark = match identical.as_slice() {
        [] if !changed_in_proposals.is_empty() => {
            format!("changed ({})", changed_in_proposals.join("; "))
        }
        [] => {
            let changed_in_baseline = changed(OriginRole::Baseline);
            if changed_in_baseline.is_empty() {
                "new".to_owned()
            } else {
                format!("changed ({})", changed_in_baseline.join("; "))
            }
        }
        [_, _] if proposal_count == 2 => "in both proposals".to_owned(),
        names => {
            let from = format!("from {}", joined(names));
            if changed_in_proposals.is_empty() {
                from
            } else {
                format!("{from} ({})", changed_in_proposals.join("; "))
            }
        }
    };
    Some(mark)
}

/// One sentence saying what the origin column compares against.
pub fn origin_legend(origins: &[RuleOrigin]) -> Option<String> {
    let baseline: Vec<&str> = origins
        .iter()
        .filter(|o| o.role == OriginRole::Baseline)
        .map(RuleOrigin::label)
        .collect();
    let proposals: Vec<&str> = origins
        .iter()
        .filter(|o| o.role == OriginRole::Proposal)
        .map(RuleOrigin::label)
        .collect();
    let mut compared = Vec::new();
    if !baseline.is_empty() {
        compared.push(format!("the baseline ({})", joined(&baseline)));
    }
    if !proposals.is_empty() {
        compared.push(format!("the proposals ({})", joined(&proposals)));
    }
    if compared.is_empty() {
        return None;
    }
    Some(format!(
        "Origin: each rule compared with {}, matched by condition and then by name; \"changed\" gives the other side's points or condition, \"new\" means in none of them.",
        compared.join(" and ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Condition, Group, NumberOp, Owner};

    fn rule(name: &str, minimum_employees: f64, points: i64) -> Rule {
        Rule {
            name: name.to_owned(),
            condition: Condition::Number {
                field: "Employees".to_owned(),
                op: NumberOp::Ge(minimum_employees),
            },
            points,
            owner: Owner::Sales,
            ..Rule::default()
        }
    }

    fn rule_set(name: &str, rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            name: name.to_owned(),
            fit: vec![Group {
                name: "Company".to_owned(),
                cap: None,
                rules,
            }],
            ..RuleSet::default()
        }
    }

    struct Workshop {
        production: RuleSet,
        marketing: RuleSet,
        sales: RuleSet,
    }

    impl Workshop {
        fn new() -> Self {
            Workshop {
                production: rule_set("Current production", vec![rule("Mid-size", 200.0, 10)]),
                marketing: rule_set(
                    "Marketing proposal",
                    vec![
                        rule("Mid-size", 200.0, 10),
                        rule("Large", 1_000.0, 15),
                        rule("Enterprise", 5_000.0, 20),
                    ],
                ),
                sales: rule_set(
                    "Sales proposal",
                    vec![
                        // Renamed, same condition and points.
                        rule("Big company", 1_000.0, 15),
                        rule("Enterprise", 5_000.0, 30),
                        rule("Scale-up", 50.0, 5),
                    ],
                ),
            }
        }

        fn origins(&self) -> Vec<RuleOrigin<'_>> {
            vec![
                RuleOrigin {
                    role: OriginRole::Baseline,
                    rules: &self.production,
                },
                RuleOrigin {
                    role: OriginRole::Proposal,
                    rules: &self.marketing,
                },
                RuleOrigin {
                    role: OriginRole::Proposal,
                    rules: &self.sales,
                },
            ]
        }
    }

    fn mark(agreed: &Rule, workshop: &Workshop) -> String {
        origin_of(agreed, &workshop.origins()).unwrap()
    }

    #[test]
    fn a_rule_kept_from_production_is_unchanged() {
        let workshop = Workshop::new();
        assert_eq!(
            mark(&rule("Mid-size", 200.0, 10), &workshop),
            "unchanged from Current production"
        );
    }

    #[test]
    fn a_rule_in_both_proposals_is_matched_by_condition_across_names() {
        let workshop = Workshop::new();
        assert_eq!(
            mark(&rule("Large", 1_000.0, 15), &workshop),
            "in both proposals"
        );
    }

    #[test]
    fn a_rule_from_one_side_names_it_and_the_others_points() {
        let workshop = Workshop::new();
        assert_eq!(
            mark(&rule("Scale-up", 50.0, 5), &workshop),
            "from Sales proposal"
        );
        assert_eq!(
            mark(&rule("Enterprise", 5_000.0, 30), &workshop),
            "from Sales proposal (Marketing proposal: +20 there)"
        );
    }

    #[test]
    fn a_compromise_says_what_each_side_had() {
        let workshop = Workshop::new();
        assert_eq!(
            mark(&rule("Enterprise", 5_000.0, 25), &workshop),
            "changed (Marketing proposal: +20 there; Sales proposal: +30 there)"
        );
        // Same name, edited condition.
        assert_eq!(
            mark(&rule("Scale-up", 100.0, 5), &workshop),
            "changed (Sales proposal: another condition there)"
        );
        // Only production had it, with other points.
        assert_eq!(
            mark(&rule("Mid-size", 200.0, 5), &workshop),
            "changed (Marketing proposal: +10 there)"
        );
    }

    #[test]
    fn a_rule_nobody_brought_is_new() {
        let workshop = Workshop::new();
        assert_eq!(mark(&rule("Tiny", 1.0, -5), &workshop), "new");
    }

    #[test]
    fn disabled_rules_are_no_origin() {
        let mut workshop = Workshop::new();
        for group in &mut workshop.sales.fit {
            for r in &mut group.rules {
                r.enabled = false;
            }
        }
        assert_eq!(
            mark(&rule("Large", 1_000.0, 15), &workshop),
            "from Marketing proposal"
        );
    }

    #[test]
    fn without_origins_nothing_is_said() {
        assert_eq!(origin_of(&rule("Large", 1_000.0, 15), &[]), None);
        assert_eq!(origin_legend(&[]), None);
    }

    #[test]
    fn the_legend_names_what_was_compared() {
        let workshop = Workshop::new();
        let legend = origin_legend(&workshop.origins()).unwrap();
        assert!(
            legend.contains("the baseline (Current production)"),
            "{legend}"
        );
        assert!(
            legend.contains("the proposals (Marketing proposal and Sales proposal)"),
            "{legend}"
        );
    }
}
