//! Edits of the lists of a rule set other than rules: groups, exclusions
//! and stage criteria. An index that is no longer there changes nothing.

use super::CriterionList;
use crate::model::{Criterion, Dimension, Exclusion, RuleSet};

/// Removes the item at `index`, if there is one.
pub(super) fn remove<T>(items: &mut Vec<T>, index: usize) {
    if index < items.len() {
        items.remove(index);
    }
}

/// Renames a group; a blank name is refused (a group needs a heading).
pub(super) fn rename_group(rules: &mut RuleSet, dimension: Dimension, group: usize, name: &str) {
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    if let Some(group) = rules.groups_mut(dimension).get_mut(group) {
        name.clone_into(&mut group.name);
    }
}

/// Adds an exclusion under a name no other exclusion has.
pub(super) fn add_exclusion(rules: &mut RuleSet, mut exclusion: Exclusion) {
    let taken: Vec<&str> = rules.exclusions.iter().map(|e| e.name.as_str()).collect();
    exclusion.name = free_name(&taken, &exclusion.name);
    rules.exclusions.push(exclusion);
}

/// Adds a criterion under a name no other criterion of its list has.
pub(super) fn add_criterion(criteria: &mut Vec<Criterion>, mut criterion: Criterion) {
    let taken: Vec<&str> = criteria.iter().map(|c| c.name.as_str()).collect();
    criterion.name = free_name(&taken, &criterion.name);
    criteria.push(criterion);
}

/// `base`, or `base 2`, `base 3`… when `base` is taken: reports and the
/// editor tell items apart by name.
fn free_name(taken: &[&str], base: &str) -> String {
    if !taken.contains(&base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken.contains(&name.as_str()))
        .unwrap_or_else(|| base.to_owned())
}

/// The MQL or SQL criteria, for editing.
pub(super) fn criteria_mut(rules: &mut RuleSet, list: CriterionList) -> &mut Vec<Criterion> {
    match list {
        CriterionList::Mql => &mut rules.stages.mql_criteria,
        CriterionList::Sql => &mut rules.stages.sql_criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleEdit;
    use super::*;
    use crate::model::{Condition, Exclusion, Group, Rule};

    fn condition(field: &str) -> Condition {
        Condition::NotEmpty {
            field: field.to_owned(),
        }
    }

    fn two_groups() -> RuleSet {
        let group = |name: &str| Group {
            name: name.to_owned(),
            rules: vec![Rule::default()],
            ..Group::default()
        };
        RuleSet {
            fit: vec![group("Persona"), group("Company")],
            ..RuleSet::default()
        }
    }

    /// Applies `edit` and checks that it changed nothing.
    fn changes_nothing(rules: &mut RuleSet, edit: RuleEdit) {
        let before = rules.clone();
        edit.apply(rules);
        assert_eq!(*rules, before, "{edit:?} should change nothing");
    }

    #[test]
    fn groups_are_renamed_and_deleted_with_their_rules() {
        let mut rules = two_groups();
        let rename = |group, name: &str| RuleEdit::RenameGroup {
            dimension: Dimension::Fit,
            group,
            name: name.to_owned(),
        };
        rename(1, " Firmographics ").apply(&mut rules);
        assert_eq!(rules.fit[1].name, "Firmographics");
        changes_nothing(&mut rules, rename(0, "  "));
        changes_nothing(&mut rules, rename(9, "Other"));

        let delete = |group| RuleEdit::DeleteGroup {
            dimension: Dimension::Fit,
            group,
        };
        delete(0).apply(&mut rules);
        assert_eq!(rules.fit.len(), 1);
        assert_eq!(rules.fit[0].name, "Firmographics");
        assert_eq!(rules.rules().count(), 1);
        changes_nothing(&mut rules, delete(4));
    }

    #[test]
    fn exclusions_are_added_replaced_and_deleted() {
        let mut rules = RuleSet::default();
        let exclusion = |name: &str| Exclusion {
            name: name.to_owned(),
            condition: condition("Email"),
            ..Exclusion::default()
        };
        RuleEdit::AddExclusion(Box::new(exclusion("Customers"))).apply(&mut rules);
        RuleEdit::AddExclusion(Box::new(exclusion("Students"))).apply(&mut rules);
        RuleEdit::AddExclusion(Box::new(exclusion("Students"))).apply(&mut rules);
        assert_eq!(rules.exclusions[2].name, "Students 2");
        RuleEdit::DeleteExclusion(2).apply(&mut rules);
        let edited = Exclusion {
            note: "from the CRM".to_owned(),
            enabled: false,
            condition: condition("Customer ID"),
            ..exclusion("Existing customers")
        };
        RuleEdit::ReplaceExclusion {
            index: 0,
            exclusion: Box::new(edited.clone()),
        }
        .apply(&mut rules);
        assert_eq!(rules.exclusions[0], edited);
        changes_nothing(
            &mut rules,
            RuleEdit::ReplaceExclusion {
                index: 2,
                exclusion: Box::new(edited),
            },
        );
        RuleEdit::DeleteExclusion(0).apply(&mut rules);
        let names: Vec<&str> = rules.exclusions.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Students"]);
        changes_nothing(&mut rules, RuleEdit::DeleteExclusion(1));
    }

    #[test]
    fn criteria_are_added_replaced_and_deleted_in_their_own_list() {
        let mut rules = RuleSet::default();
        let criterion = |name: &str| Criterion {
            name: name.to_owned(),
            condition: condition("Email"),
            ..Criterion::default()
        };
        let add = |list, name: &str| RuleEdit::AddCriterion {
            list,
            criterion: Box::new(criterion(name)),
        };
        add(CriterionList::Mql, "Webinar").apply(&mut rules);
        add(CriterionList::Sql, "Demo").apply(&mut rules);
        add(CriterionList::Sql, "Pricing").apply(&mut rules);
        add(CriterionList::Sql, "Demo").apply(&mut rules);
        assert_eq!(rules.stages.sql_criteria[2].name, "Demo 2");
        // Names are unique within a list, not across lists.
        add(CriterionList::Mql, "Demo").apply(&mut rules);
        assert_eq!(rules.stages.mql_criteria[1].name, "Demo");
        for list in [CriterionList::Sql, CriterionList::Mql] {
            let last = criteria_mut(&mut rules, list).len() - 1;
            RuleEdit::DeleteCriterion { list, index: last }.apply(&mut rules);
        }
        assert_eq!(rules.stages.mql_criteria.len(), 1);
        assert_eq!(rules.stages.sql_criteria.len(), 2);

        RuleEdit::ReplaceCriterion {
            list: CriterionList::Sql,
            index: 1,
            criterion: Box::new(criterion("Pricing page")),
        }
        .apply(&mut rules);
        assert_eq!(rules.stages.sql_criteria[1].name, "Pricing page");
        changes_nothing(
            &mut rules,
            RuleEdit::ReplaceCriterion {
                list: CriterionList::Mql,
                index: 1,
                criterion: Box::new(criterion("Nowhere")),
            },
        );

        RuleEdit::DeleteCriterion {
            list: CriterionList::Sql,
            index: 0,
        }
        .apply(&mut rules);
        let names: Vec<&str> = rules
            .stages
            .sql_criteria
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["Pricing page"]);
        assert_eq!(rules.stages.mql_criteria[0].name, "Webinar");
        changes_nothing(
            &mut rules,
            RuleEdit::DeleteCriterion {
                list: CriterionList::Mql,
                index: 3,
            },
        );
    }
}
