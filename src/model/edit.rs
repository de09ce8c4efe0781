//! Undoable changes to a rule set, as plain data: what a user of the rule
//! builder asked for, applied the same way by the app and by tests.

mod lists;

use super::{Criterion, Dimension, Exclusion, Group, Rule, RulePath, RuleSet};

/// Which list of stage criteria an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CriterionList {
    /// Criteria that make a contact at least MQL.
    Mql,
    /// Criteria that make a contact SQL.
    Sql,
}

impl CriterionList {
    /// "MQL" or "SQL".
    pub fn label(self) -> &'static str {
        match self {
            CriterionList::Mql => "MQL",
            CriterionList::Sql => "SQL",
        }
    }
}

/// Which threshold an edit sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThresholdKind {
    /// Score from which a contact is MQL.
    Mql,
    /// Score from which a contact is SQL.
    Sql,
    /// Score below which a contact is disqualified.
    Floor,
}

impl ThresholdKind {
    /// "MQL", "SQL", "Floor": as charts and buttons name it.
    pub fn label(self) -> &'static str {
        match self {
            ThresholdKind::Mql => "MQL",
            ThresholdKind::Sql => "SQL",
            ThresholdKind::Floor => "Floor",
        }
    }
}

/// One change to a rule set.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleEdit {
    /// Set a rule's points.
    SetPoints {
        /// The rule.
        path: RulePath,
        /// New points.
        points: i64,
    },
    /// Enable or disable a rule.
    ToggleRule {
        /// The rule.
        path: RulePath,
        /// Whether it is now enabled.
        enabled: bool,
    },
    /// Enable or disable an exclusion.
    ToggleExclusion {
        /// Index in the rule set's exclusions.
        index: usize,
        /// Whether it is now enabled.
        enabled: bool,
    },
    /// Move a threshold (`None` only for the floor: no floor).
    SetThreshold {
        /// Which threshold.
        kind: ThresholdKind,
        /// New value.
        value: Option<i64>,
    },
    /// Replace a rule with an edited copy (its sentence, name, owner, note).
    ReplaceRule {
        /// The rule.
        path: RulePath,
        /// The edited rule.
        rule: Box<Rule>,
    },
    /// Add a rule at the end of a group (the first group is made when there
    /// is none), renamed if its name is taken.
    AddRule {
        /// Fit or engagement.
        dimension: Dimension,
        /// Index of the group.
        group: usize,
        /// The new rule.
        rule: Box<Rule>,
    },
    /// Copy a rule right below itself, under a new name.
    DuplicateRule(RulePath),
    /// Remove a rule.
    DeleteRule(RulePath),
    /// Move a rule one place up or down within its group.
    MoveRule {
        /// The rule.
        path: RulePath,
        /// Up (towards the start) or down.
        up: bool,
    },
    /// Add an empty group.
    AddGroup(Dimension),
    /// Set or remove a group's cap.
    SetGroupCap {
        /// Fit or engagement.
        dimension: Dimension,
        /// Index of the group.
        group: usize,
        /// The new cap.
        cap: Option<i64>,
    },
    /// Point every condition reading field `from` at column `to` (a rule
    /// set written for other data).
    RenameField {
        /// The field as the rule set names it.
        from: String,
        /// The data's column.
        to: String,
    },
    /// Replace the whole rule set (start empty, or a draft from the data).
    ReplaceAll(Box<RuleSet>),
    /// Rename a group.
    RenameGroup {
        /// Fit or engagement.
        dimension: Dimension,
        /// Index of the group.
        group: usize,
        /// The new name.
        name: String,
    },
    /// Remove a group with all its rules.
    DeleteGroup {
        /// Fit or engagement.
        dimension: Dimension,
        /// Index of the group.
        group: usize,
    },
    /// Add an exclusion at the end of the list, renamed if its name is
    /// taken.
    AddExclusion(Box<Exclusion>),
    /// Replace an exclusion with an edited copy (name, condition, note,
    /// enabled).
    ReplaceExclusion {
        /// Index in the rule set's exclusions.
        index: usize,
        /// The edited exclusion.
        exclusion: Box<Exclusion>,
    },
    /// Remove an exclusion.
    DeleteExclusion(usize),
    /// Add a stage criterion at the end of its list, renamed if its name
    /// is taken there.
    AddCriterion {
        /// MQL or SQL criteria.
        list: CriterionList,
        /// The new criterion.
        criterion: Box<Criterion>,
    },
    /// Replace a stage criterion with an edited copy.
    ReplaceCriterion {
        /// MQL or SQL criteria.
        list: CriterionList,
        /// Index in that list.
        index: usize,
        /// The edited criterion.
        criterion: Box<Criterion>,
    },
    /// Remove a stage criterion.
    DeleteCriterion {
        /// MQL or SQL criteria.
        list: CriterionList,
        /// Index in that list.
        index: usize,
    },
}

impl RuleEdit {
    /// Applies the edit; returns the rule it created or moved, where there
    /// is one (the editor follows it). An edit of a rule or group that is
    /// no longer there changes nothing.
    pub fn apply(&self, rules: &mut RuleSet) -> Option<RulePath> {
        match self {
            RuleEdit::SetPoints { path, points } => {
                rules.rule_mut(*path)?.points = *points;
                None
            }
            RuleEdit::ToggleRule { path, enabled } => {
                rules.rule_mut(*path)?.enabled = *enabled;
                None
            }
            RuleEdit::ToggleExclusion { index, enabled } => {
                rules.exclusions.get_mut(*index)?.enabled = *enabled;
                None
            }
            RuleEdit::SetThreshold { kind, value } => {
                set_threshold(rules, *kind, *value);
                None
            }
            RuleEdit::ReplaceRule { path, rule } => {
                *rules.rule_mut(*path)? = (**rule).clone();
                None
            }
            RuleEdit::AddRule {
                dimension,
                group,
                rule,
            } => add_rule(rules, *dimension, *group, (**rule).clone()),
            RuleEdit::DuplicateRule(path) => {
                let mut copy = rules.rule(*path)?.clone();
                copy.name = unique_name(rules, &format!("{} (copy)", copy.name));
                let group = rules.groups_mut(path.dimension).get_mut(path.group)?;
                group.rules.insert(path.rule + 1, copy);
                Some(RulePath {
                    rule: path.rule + 1,
                    ..*path
                })
            }
            RuleEdit::DeleteRule(path) => {
                let group = rules.groups_mut(path.dimension).get_mut(path.group)?;
                (path.rule < group.rules.len()).then(|| group.rules.remove(path.rule));
                None
            }
            RuleEdit::MoveRule { path, up } => {
                let group = rules.groups_mut(path.dimension).get_mut(path.group)?;
                let len = group.rules.len();
                let target = if *up {
                    path.rule.checked_sub(1)
                } else {
                    Some(path.rule + 1).filter(|&t| t < len)
                };
                let target = target.filter(|_| path.rule < len)?;
                group.rules.swap(path.rule, target);
                Some(RulePath {
                    rule: target,
                    ..*path
                })
            }
            RuleEdit::AddGroup(dimension) => {
                let groups = rules.groups_mut(*dimension);
                let name = format!("New group {}", groups.len() + 1);
                groups.push(Group {
                    name,
                    ..Group::default()
                });
                None
            }
            RuleEdit::SetGroupCap {
                dimension,
                group,
                cap,
            } => {
                rules.groups_mut(*dimension).get_mut(*group)?.cap = *cap;
                None
            }
            RuleEdit::RenameField { from, to } => {
                rules.rename_field(from, to);
                None
            }
            RuleEdit::ReplaceAll(replacement) => {
                *rules = (**replacement).clone();
                None
            }
            RuleEdit::RenameGroup {
                dimension,
                group,
                name,
            } => {
                lists::rename_group(rules, *dimension, *group, name);
                None
            }
            RuleEdit::DeleteGroup { dimension, group } => {
                lists::remove(rules.groups_mut(*dimension), *group);
                None
            }
            RuleEdit::AddExclusion(exclusion) => {
                lists::add_exclusion(rules, (**exclusion).clone());
                None
            }
            RuleEdit::ReplaceExclusion { index, exclusion } => {
                *rules.exclusions.get_mut(*index)? = (**exclusion).clone();
                None
            }
            RuleEdit::DeleteExclusion(index) => {
                lists::remove(&mut rules.exclusions, *index);
                None
            }
            RuleEdit::AddCriterion { list, criterion } => {
                lists::add_criterion(lists::criteria_mut(rules, *list), (**criterion).clone());
                None
            }
            RuleEdit::ReplaceCriterion {
                list,
                index,
                criterion,
            } => {
                *lists::criteria_mut(rules, *list).get_mut(*index)? = (**criterion).clone();
                None
            }
            RuleEdit::DeleteCriterion { list, index } => {
                lists::remove(lists::criteria_mut(rules, *list), *index);
                None
            }
        }
    }
}

/// Adds a rule at the end of a group, under a name not yet taken.
fn add_rule(
    rules: &mut RuleSet,
    dimension: Dimension,
    group: usize,
    mut rule: Rule,
) -> Option<RulePath> {
    rule.name = unique_name(rules, &rule.name);
    let groups = rules.groups_mut(dimension);
    if groups.is_empty() {
        groups.push(Group::default());
    }
    let group = group.min(groups.len().saturating_sub(1));
    let target = groups.get_mut(group)?;
    target.rules.push(rule);
    Some(RulePath {
        dimension,
        group,
        rule: target.rules.len() - 1,
    })
}

/// `base`, or `base 2`, `base 3`… when a rule already has that name.
pub fn unique_name(rules: &RuleSet, base: &str) -> String {
    let taken = |name: &str| rules.rules().any(|(_, r)| r.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// Sets one threshold, keeping MQL ≤ SQL and the floor ≤ MQL.
fn set_threshold(rules: &mut RuleSet, kind: ThresholdKind, value: Option<i64>) {
    let stages = &mut rules.stages;
    let value = value.map(|v| stages.clamped(kind, v));
    match (kind, value) {
        (ThresholdKind::Mql, Some(v)) => stages.mql_threshold = v,
        (ThresholdKind::Sql, Some(v)) => stages.sql_threshold = v,
        (ThresholdKind::Floor, floor) => stages.disqualify_below = floor,
        (ThresholdKind::Mql | ThresholdKind::Sql, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Condition, Dimension};

    fn rule(name: &str) -> Rule {
        Rule {
            name: name.to_owned(),
            condition: Condition::NotEmpty {
                field: "Email".to_owned(),
            },
            ..Rule::default()
        }
    }

    fn path(rule: usize) -> RulePath {
        RulePath {
            dimension: Dimension::Fit,
            group: 0,
            rule,
        }
    }

    #[test]
    fn add_duplicate_move_and_delete_keep_names_unique() {
        let mut rules = RuleSet::default();
        let add = |name: &str| RuleEdit::AddRule {
            dimension: Dimension::Fit,
            group: 3,
            rule: Box::new(rule(name)),
        };
        assert_eq!(add("A").apply(&mut rules), Some(path(0)));
        assert_eq!(add("A").apply(&mut rules), Some(path(1)));
        assert_eq!(
            RuleEdit::DuplicateRule(path(0)).apply(&mut rules),
            Some(path(1))
        );
        let names: Vec<&str> = rules.rules().map(|(_, r)| r.name.as_str()).collect();
        assert_eq!(names, ["A", "A (copy)", "A 2"]);
        let moved = RuleEdit::MoveRule {
            path: path(0),
            up: false,
        };
        assert_eq!(moved.apply(&mut rules), Some(path(1)));
        assert_eq!(
            RuleEdit::MoveRule {
                path: path(2),
                up: false
            }
            .apply(&mut rules),
            None
        );
        RuleEdit::DeleteRule(path(0)).apply(&mut rules);
        let names: Vec<&str> = rules.rules().map(|(_, r)| r.name.as_str()).collect();
        assert_eq!(names, ["A", "A 2"]);
        // A path that is gone changes nothing.
        let before = rules.clone();
        RuleEdit::DeleteRule(path(7)).apply(&mut rules);
        RuleEdit::SetPoints {
            path: path(7),
            points: 3,
        }
        .apply(&mut rules);
        assert_eq!(rules, before);
    }

    #[test]
    fn thresholds_stay_ordered() {
        let mut rules = RuleSet::default();
        let set = |kind, value| RuleEdit::SetThreshold { kind, value };
        // Held at the other threshold, which never moves to make room.
        set(ThresholdKind::Mql, Some(90)).apply(&mut rules);
        assert_eq!(
            (rules.stages.mql_threshold, rules.stages.sql_threshold),
            (80, 80)
        );
        set(ThresholdKind::Mql, Some(40)).apply(&mut rules);
        set(ThresholdKind::Sql, Some(10)).apply(&mut rules);
        assert_eq!(
            (rules.stages.mql_threshold, rules.stages.sql_threshold),
            (40, 40)
        );
        set(ThresholdKind::Floor, Some(70)).apply(&mut rules);
        assert_eq!(rules.stages.disqualify_below, Some(40));
    }
}
