//! Fitting a rule set to data it was not written for: the fields it names
//! that the data lacks, the column each one most likely is, and renaming a
//! field across every condition.

use super::{ColumnKind, Condition, RuleSet, Schema};

/// A field the rule set reads that the loaded data does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingField {
    /// The field as the rule set names it.
    pub field: String,
    /// How many rules, exclusions and criteria read it.
    pub uses: usize,
    /// The column type its conditions expect (from the first condition).
    pub expected: Option<ColumnKind>,
    /// The data's column that most likely is the same field, if any.
    pub suggestion: Option<String>,
}

/// Lower case, letters and digits only: "Job Title" and "job_title" are
/// the same field under two exports' spellings.
pub fn header_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fields of `rules` that `schema` lacks, in the order they first
/// appear, each with the number of places that read it.
pub fn missing_fields(rules: &RuleSet, schema: &Schema) -> Vec<MissingField> {
    let mut missing: Vec<MissingField> = Vec::new();
    for condition in rules.conditions() {
        let mut leaves = Vec::new();
        collect_leaves(condition, &mut leaves);
        let mut counted: Vec<&str> = Vec::new();
        for leaf in leaves {
            let Some(field) = leaf.field() else {
                continue;
            };
            if field.is_empty() || schema.kind_of(field).is_some() {
                continue;
            }
            let first_in_condition = !counted.contains(&field);
            counted.push(field);
            match missing.iter_mut().find(|m| m.field == field) {
                Some(m) if first_in_condition => m.uses += 1,
                Some(_) => {}
                None => missing.push(MissingField {
                    field: field.to_owned(),
                    uses: 1,
                    expected: expected_kind(leaf),
                    suggestion: None,
                }),
            }
        }
    }
    for m in &mut missing {
        m.suggestion = suggested_column(&m.field, m.expected, schema);
    }
    missing
}

/// A column of the data that is probably `field`: the same name once
/// case, spaces and punctuation are ignored, or one name containing the
/// other; of the expected type when known.
pub fn suggested_column(
    field: &str,
    expected: Option<ColumnKind>,
    schema: &Schema,
) -> Option<String> {
    let key = header_key(field);
    if key.is_empty() {
        return None;
    }
    let fits = |kind: ColumnKind| expected.is_none_or(|e| e == kind);
    let same = schema
        .columns
        .iter()
        .find(|(name, kind)| header_key(name) == key && fits(*kind));
    let contained = || {
        schema.columns.iter().find(|(name, kind)| {
            let other = header_key(name);
            other.len() >= 4
                && key.len() >= 4
                && (other.contains(&key) || key.contains(&other))
                && fits(*kind)
        })
    };
    same.or_else(contained).map(|(name, _)| name.clone())
}

fn collect_leaves<'a>(condition: &'a Condition, out: &mut Vec<&'a Condition>) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => {
            cs.iter().for_each(|c| collect_leaves(c, out));
        }
        Condition::Not(c) => collect_leaves(c, out),
        leaf => out.push(leaf),
    }
}

fn expected_kind(leaf: &Condition) -> Option<ColumnKind> {
    match leaf {
        Condition::Text { .. } | Condition::EmailDomain { .. } => Some(ColumnKind::Text),
        Condition::Number { .. } => Some(ColumnKind::Number),
        Condition::Bool { .. } => Some(ColumnKind::Bool),
        Condition::Date { .. } => Some(ColumnKind::Date),
        _ => None,
    }
}

impl Condition {
    /// Renames a field wherever the condition reads it; returns how many
    /// leaves changed.
    pub fn rename_field(&mut self, from: &str, to: &str) -> usize {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter_mut().map(|c| c.rename_field(from, to)).sum()
            }
            Condition::Not(c) => c.rename_field(from, to),
            leaf => match leaf.field_mut() {
                Some(field) if field == from => {
                    to.clone_into(field);
                    1
                }
                _ => 0,
            },
        }
    }
}

impl RuleSet {
    /// Renames a field in every rule, exclusion and criterion; returns how
    /// many conditions read it.
    pub fn rename_field(&mut self, from: &str, to: &str) -> usize {
        let mut changed = 0;
        for dimension in [super::Dimension::Fit, super::Dimension::Engagement] {
            for group in self.groups_mut(dimension) {
                for rule in &mut group.rules {
                    changed += rule.condition.rename_field(from, to);
                }
            }
        }
        for exclusion in &mut self.exclusions {
            changed += exclusion.condition.rename_field(from, to);
        }
        let stages = &mut self.stages;
        for criterion in stages
            .mql_criteria
            .iter_mut()
            .chain(&mut stages.sql_criteria)
        {
            changed += criterion.condition.rename_field(from, to);
        }
        changed
    }

    /// An empty rule set that keeps this one's thresholds and settings.
    pub fn emptied(&self, name: &str) -> RuleSet {
        RuleSet {
            name: name.to_owned(),
            description: String::new(),
            fit: Vec::new(),
            engagement: Vec::new(),
            exclusions: Vec::new(),
            grades: None,
            stages: super::Stages {
                mql_criteria: Vec::new(),
                sql_criteria: Vec::new(),
                ..self.stages.clone()
            },
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Exclusion, Group, NumberOp, Rule, TextOp};

    fn text(field: &str, value: &str) -> Condition {
        Condition::Text {
            field: field.to_owned(),
            op: TextOp::Equals(value.to_owned()),
            case_sensitive: false,
        }
    }

    fn rules() -> RuleSet {
        let rule = |name: &str, condition| Rule {
            name: name.to_owned(),
            condition,
            ..Rule::default()
        };
        RuleSet {
            fit: vec![Group {
                rules: vec![
                    rule("VP", text("Seniority", "VP")),
                    rule(
                        "Big VP",
                        Condition::All(vec![
                            text("Seniority", "VP"),
                            Condition::Number {
                                field: "Employees".to_owned(),
                                op: NumberOp::Ge(500.0),
                            },
                            Condition::Not(Box::new(text("Seniority", "Intern"))),
                        ]),
                    ),
                ],
                ..Group::default()
            }],
            exclusions: vec![Exclusion {
                condition: text("Job Title", "student"),
                ..Exclusion::default()
            }],
            ..RuleSet::default()
        }
    }

    fn schema() -> Schema {
        Schema {
            columns: vec![
                ("job_title".to_owned(), ColumnKind::Text),
                ("Number of Employees".to_owned(), ColumnKind::Number),
                ("employees_band".to_owned(), ColumnKind::Text),
            ],
            has_events: false,
        }
    }

    #[test]
    fn missing_fields_are_counted_once_per_condition_with_a_suggestion() {
        let missing = missing_fields(&rules(), &schema());
        let summary: Vec<(&str, usize, Option<&str>)> = missing
            .iter()
            .map(|m| (m.field.as_str(), m.uses, m.suggestion.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                ("Seniority", 2, None),
                ("Employees", 1, Some("Number of Employees")),
                ("Job Title", 1, Some("job_title")),
            ]
        );
    }

    #[test]
    fn renaming_reaches_nested_conditions_and_exclusions() {
        let mut rules = rules();
        assert_eq!(rules.rename_field("Seniority", "Level"), 3);
        assert_eq!(rules.rename_field("Job Title", "job_title"), 1);
        let missing = missing_fields(
            &rules,
            &Schema {
                columns: vec![
                    ("Level".to_owned(), ColumnKind::Text),
                    ("job_title".to_owned(), ColumnKind::Text),
                    ("Employees".to_owned(), ColumnKind::Number),
                ],
                has_events: false,
            },
        );
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn an_emptied_rule_set_keeps_thresholds_only() {
        let mut full = rules();
        full.stages.mql_threshold = 42;
        let empty = full.emptied("Fresh");
        assert_eq!(empty.name, "Fresh");
        assert_eq!(empty.rules().count(), 0);
        assert!(empty.exclusions.is_empty());
        assert_eq!(empty.stages.mql_threshold, 42);
    }
}
