//! The rules of two rule sets put side by side: by name first, then by an
//! identical condition, then by a condition that tests the same columns
//! with overlapping values. Two teams rarely name their rules alike, so a
//! match by name alone leaves every rule "only on one side".

use std::collections::HashMap;

use serde::Serialize;

use super::difference::Difference;
use super::similarity::similarity;
use super::{Condition, Rule, RulePath, RuleSet};

/// Above this many candidate pairs the search for similar conditions is
/// skipped: it compares every rule with every other, and a workshop has
/// dozens of rules, not thousands.
const MAX_SIMILARITY_COMPARISONS: usize = 250_000;

/// Why two rules were put side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum MatchedBy {
    /// The same name (ignoring case and surrounding spaces).
    Name,
    /// Different names, the same condition.
    Condition,
    /// Different names, conditions on the same columns with overlapping
    /// values.
    Similar,
}

impl MatchedBy {
    /// "same name", "same condition", "similar condition".
    pub fn label(self) -> &'static str {
        match self {
            MatchedBy::Name => "same name",
            MatchedBy::Condition => "same condition",
            MatchedBy::Similar => "similar condition",
        }
    }
}

/// A rule and where it sits in its rule set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedRule {
    /// Where the rule is.
    #[serde(skip)]
    pub path: RulePath,
    /// The name of its group.
    pub group: String,
    /// The rule.
    pub rule: Rule,
}

/// One row of the side-by-side: a rule of ours, of theirs, or both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulePair {
    /// Our rule, when we have one in this row.
    pub ours: Option<PlacedRule>,
    /// Their rule, when they have one in this row.
    pub theirs: Option<PlacedRule>,
    /// Why the two were paired (none when only one side has a rule).
    pub matched_by: Option<MatchedBy>,
    /// What differs between the two rules (empty when alike or alone).
    pub differences: Vec<Difference>,
}

impl RulePair {
    /// The row's name: ours, else theirs.
    pub fn name(&self) -> &str {
        self.ours
            .as_ref()
            .or(self.theirs.as_ref())
            .map_or("", |placed| placed.rule.name.as_str())
    }

    /// Whether both sides have the same rule.
    pub fn is_alike(&self) -> bool {
        self.ours.is_some() && self.theirs.is_some() && self.differences.is_empty()
    }
}

/// Pairs the rules of `ours` and `theirs` by name, by condition and by
/// similar condition. Rows follow our rules in file order, then their
/// rules that found no partner, in their order.
pub fn pair_rules(ours: &RuleSet, theirs: &RuleSet) -> Vec<RulePair> {
    pair_rules_by(
        ours,
        theirs,
        &[MatchedBy::Name, MatchedBy::Condition, MatchedBy::Similar],
    )
}

/// Pairs the rules using only the given ways of matching, in that order.
pub fn pair_rules_by(ours: &RuleSet, theirs: &RuleSet, ways: &[MatchedBy]) -> Vec<RulePair> {
    let ours = placed(ours);
    let theirs = placed(theirs);
    let mut partner_of_ours: Vec<Option<(usize, MatchedBy)>> = vec![None; ours.len()];
    let mut taken = vec![false; theirs.len()];
    for &way in ways {
        let found = match way {
            MatchedBy::Name => match_exactly(&ours, &theirs, &partner_of_ours, &taken, |r| {
                Key::Name(r.name.trim().to_lowercase())
            }),
            MatchedBy::Condition => match_exactly(&ours, &theirs, &partner_of_ours, &taken, |r| {
                Key::Condition(&r.condition)
            }),
            MatchedBy::Similar => match_similar(&ours, &theirs, &partner_of_ours, &taken),
        };
        for (our_index, their_index) in found {
            if let (Some(slot), Some(used)) = (
                partner_of_ours.get_mut(our_index),
                taken.get_mut(their_index),
            ) {
                *slot = Some((their_index, way));
                *used = true;
            }
        }
    }
    let mut pairs: Vec<RulePair> = ours
        .iter()
        .zip(&partner_of_ours)
        .map(|(our_rule, partner)| {
            let theirs = partner.and_then(|(index, _)| theirs.get(index));
            RulePair {
                ours: Some(our_rule.clone()),
                theirs: theirs.cloned(),
                matched_by: partner.map(|(_, way)| way),
                differences: theirs.map_or_else(Vec::new, |t| rule_differences(our_rule, t)),
            }
        })
        .collect();
    pairs.extend(
        theirs
            .iter()
            .zip(&taken)
            .filter(|(_, taken)| !**taken)
            .map(|(their_rule, _)| RulePair {
                ours: None,
                theirs: Some(their_rule.clone()),
                matched_by: None,
                differences: Vec::new(),
            }),
    );
    pairs
}

/// What two rules are matched on exactly.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Name(String),
    Condition(&'a Condition),
}

fn placed(rules: &RuleSet) -> Vec<PlacedRule> {
    rules
        .rules()
        .map(|(path, rule)| PlacedRule {
            path,
            group: rules
                .groups(path.dimension)
                .get(path.group)
                .map_or_else(String::new, |g| g.name.clone()),
            rule: rule.clone(),
        })
        .collect()
}

/// Pairs of (our index, their index) with equal keys, among those not
/// yet paired; each of their rules is used once, first come first served.
fn match_exactly<'a>(
    ours: &'a [PlacedRule],
    theirs: &'a [PlacedRule],
    partner_of_ours: &[Option<(usize, MatchedBy)>],
    taken: &[bool],
    key: impl Fn(&'a Rule) -> Key<'a>,
) -> Vec<(usize, usize)> {
    let mut free: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
    for (index, their_rule) in theirs.iter().enumerate().rev() {
        if !taken.get(index).copied().unwrap_or(true) {
            free.entry(key(&their_rule.rule)).or_default().push(index);
        }
    }
    ours.iter()
        .enumerate()
        .filter(|(index, _)| partner_of_ours.get(*index).is_some_and(Option::is_none))
        .filter_map(|(our_index, our_rule)| {
            let their_index = free.get_mut(&key(&our_rule.rule))?.pop()?;
            Some((our_index, their_index))
        })
        .collect()
}

/// The most alike pairs first, among those not yet paired.
fn match_similar(
    ours: &[PlacedRule],
    theirs: &[PlacedRule],
    partner_of_ours: &[Option<(usize, MatchedBy)>],
    taken: &[bool],
) -> Vec<(usize, usize)> {
    let free_ours: Vec<usize> = (0..ours.len())
        .filter(|i| partner_of_ours.get(*i).is_some_and(Option::is_none))
        .collect();
    let free_theirs: Vec<usize> = (0..theirs.len())
        .filter(|i| !taken.get(*i).copied().unwrap_or(true))
        .collect();
    if free_ours.len().saturating_mul(free_theirs.len()) > MAX_SIMILARITY_COMPARISONS {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    for &o in &free_ours {
        for &t in &free_theirs {
            let (Some(our_rule), Some(their_rule)) = (ours.get(o), theirs.get(t)) else {
                continue;
            };
            let alike = similarity(&our_rule.rule.condition, &their_rule.rule.condition);
            if alike > 0.0 {
                candidates.push((alike, o, t));
            }
        }
    }
    // Most alike first; ties in file order, so the result is deterministic.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_ours = vec![false; ours.len()];
    let mut used_theirs = vec![false; theirs.len()];
    let mut found = Vec::new();
    for (_, o, t) in candidates {
        let (Some(our_used), Some(their_used)) = (used_ours.get(o), used_theirs.get(t)) else {
            continue;
        };
        if *our_used || *their_used {
            continue;
        }
        if let Some(u) = used_ours.get_mut(o) {
            *u = true;
        }
        if let Some(u) = used_theirs.get_mut(t) {
            *u = true;
        }
        found.push((o, t));
    }
    found
}

/// What differs between two paired rules, ours first.
pub(super) fn rule_differences(ours: &PlacedRule, theirs: &PlacedRule) -> Vec<Difference> {
    let (a, b) = (&ours.rule, &theirs.rule);
    let mut out = Vec::new();
    let mut differ = |topic: &str, ours: String, theirs: String| {
        if ours != theirs {
            out.push(Difference::new(topic, ours, theirs));
        }
    };
    differ("name", quoted(&a.name), quoted(&b.name));
    differ("points", signed(a.points), signed(b.points));
    differ(
        "condition",
        quoted(&a.condition.describe()),
        quoted(&b.condition.describe()),
    );
    differ("enabled", yes_no(a.enabled), yes_no(b.enabled));
    differ(
        "points per event",
        per_event(a.per_event_max),
        per_event(b.per_event_max),
    );
    differ("owner", a.owner.label().into(), b.owner.label().into());
    differ("group", group_of(ours), group_of(theirs));
    out
}

fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

fn signed(points: i64) -> String {
    format!("{points:+}")
}

fn yes_no(enabled: bool) -> String {
    if enabled { "yes" } else { "no" }.to_owned()
}

fn per_event(max: Option<u32>) -> String {
    max.map_or_else(|| "once".to_owned(), |n| format!("up to {n} events"))
}

fn group_of(placed: &PlacedRule) -> String {
    format!("{} \"{}\"", placed.path.dimension.label(), placed.group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, NumberOp, Owner};

    fn rule(name: &str, field: &str, points: i64) -> Rule {
        Rule {
            name: name.into(),
            condition: Condition::Number {
                field: field.into(),
                op: NumberOp::Ge(10.0),
            },
            points,
            ..Default::default()
        }
    }

    fn rule_set(rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            fit: vec![Group {
                name: "g".into(),
                cap: None,
                rules,
            }],
            ..Default::default()
        }
    }

    fn names(pair: &RulePair) -> (Option<&str>, Option<&str>, Option<MatchedBy>) {
        (
            pair.ours.as_ref().map(|p| p.rule.name.as_str()),
            pair.theirs.as_ref().map(|p| p.rule.name.as_str()),
            pair.matched_by,
        )
    }

    #[test]
    fn rules_pair_by_name_then_condition_then_similarity() {
        let ours = rule_set(vec![
            rule("Visits", "Visits", 5),
            rule("Big company", "Employees", 10),
            rule("Rich", "Revenue", 10),
            rule("Ours alone", "Age", 3),
        ]);
        let mut similar = rule("Many employees", "employees", 15);
        similar.condition = Condition::Number {
            field: "Employees".into(),
            op: NumberOp::Between(100.0, 500.0),
        };
        let theirs = rule_set(vec![
            rule("Theirs alone", "Clicks", 2),
            similar,
            rule("Wealthy", "Revenue", 20),
            rule("visits ", "Visits", 5),
        ]);
        let pairs = pair_rules(&ours, &theirs);
        let rows: Vec<_> = pairs.iter().map(names).collect();
        assert_eq!(
            rows,
            [
                (Some("Visits"), Some("visits "), Some(MatchedBy::Name)),
                (
                    Some("Big company"),
                    Some("Many employees"),
                    Some(MatchedBy::Similar)
                ),
                (Some("Rich"), Some("Wealthy"), Some(MatchedBy::Condition)),
                (Some("Ours alone"), None, None),
                (None, Some("Theirs alone"), None),
            ]
        );
        let wealthy = &pairs[2].differences;
        let topics: Vec<&str> = wealthy.iter().map(|d| d.topic.as_str()).collect();
        assert_eq!(topics, ["name", "points"]);
        assert_eq!(
            wealthy[1].in_words("Sales proposal"),
            "Points: +10 here, +20 in Sales proposal"
        );
        // Only the name differs ("Visits" and "visits "), which is
        // matched loosely but still reported.
        assert_eq!(pairs[0].differences.len(), 1);
        assert!(pairs.iter().all(|p| !p.is_alike()));
    }

    #[test]
    fn alike_rules_have_no_differences_and_owner_is_reported() {
        let ours = rule_set(vec![rule("A", "x", 5)]);
        assert!(pair_rules(&ours, &ours).iter().all(RulePair::is_alike));
        let mut theirs = ours.clone();
        if let Some(r) = theirs.fit.first_mut().and_then(|g| g.rules.first_mut()) {
            r.owner = Owner::Sales;
            r.per_event_max = Some(3);
        }
        let pairs = pair_rules(&ours, &theirs);
        let words: Vec<String> = pairs[0]
            .differences
            .iter()
            .map(|d| d.in_words("B"))
            .collect();
        assert_eq!(
            words,
            [
                "Points per event: once here, up to 3 events in B",
                "Owner: Marketing here, Sales in B"
            ]
        );
    }

    #[test]
    fn the_sample_proposals_pair_beyond_their_names() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
        let load = |name: &str| crate::model::load_rule_set(&dir.join(name));
        let (Ok(marketing), Ok(sales)) =
            (load("marketing_proposal.ron"), load("sales_proposal.ron"))
        else {
            panic!("the sample rule sets load");
        };
        let pairs = pair_rules(&marketing, &sales);
        let paired = |ours: &str| {
            pairs
                .iter()
                .find(|p| p.ours.as_ref().is_some_and(|o| o.rule.name == ours))
                .and_then(|p| p.theirs.as_ref())
                .map(|t| t.rule.name.clone())
        };
        assert_eq!(
            paired("Demo request").as_deref(),
            Some("Bottom-funnel forms")
        );
        assert_eq!(
            paired("Executive or VP").as_deref(),
            Some("Senior revenue leader")
        );
        assert!(pairs.iter().filter(|p| p.matched_by.is_some()).count() >= 4);
    }
}
