//! A rule set as one SQL query that scores a contacts table (and an events
//! table) inside a data warehouse, with the engine's exact semantics.

mod condition;
mod events;

use chrono::NaiveDate;

use super::{Dialect, IdentifierCase};
use crate::data::{ColumnKind, Schema};
use crate::engine::as_of_end_ms;
use crate::model::{Condition, Dimension, EventCondition, RuleSet, Severity, Stage, validate};

// Values that mean "missing", exactly as the loader reads them.
use crate::data::parse::PLACEHOLDERS;

/// What the query reads and how.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlOptions {
    /// The SQL dialect.
    pub dialect: Dialect,
    /// Contacts table (may be `schema.table`).
    pub contacts_table: String,
    /// Its id column.
    pub id_column: String,
    /// Events table.
    pub events_table: String,
    /// Events: contact id column.
    pub event_contact_column: String,
    /// Events: timestamp column.
    pub event_time_column: String,
    /// Events: type column.
    pub event_type_column: String,
    /// Events: detail column, if any.
    pub event_detail_column: Option<String>,
    /// Scores are taken as of the end of this day.
    pub as_of: NaiveDate,
    /// The letter case of table and column names in the warehouse.
    pub identifiers: IdentifierCase,
}

impl SqlOptions {
    /// Options for the tables as the dataset's roles name their columns.
    pub fn for_dataset(
        dialect: Dialect,
        data: &crate::data::Dataset,
        contacts_table: &str,
        events_table: &str,
        as_of: NaiveDate,
    ) -> SqlOptions {
        let events = super::EventColumns::of(data);
        SqlOptions {
            dialect,
            contacts_table: contacts_table.to_owned(),
            id_column: data
                .roles
                .contacts
                .id
                .clone()
                .unwrap_or_else(|| "id".to_owned()),
            events_table: events_table.to_owned(),
            event_contact_column: events.contact_id,
            event_time_column: events.timestamp,
            event_type_column: events.event_type,
            event_detail_column: events.detail,
            as_of,
            identifiers: IdentifierCase::default_for(dialect),
        }
    }
}

/// Why a query could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// The rule set has errors.
    #[error("the rule set cannot be exported: {0}")]
    Invalid(String),
    /// A regular expression this dialect cannot run with our meaning.
    #[error("the rule set cannot be exported for this warehouse: {0}")]
    Unsupported(String),
}

/// Every pattern the dialect cannot run as the engine does, named by the
/// rule, exclusion or criterion that holds it.
fn unportable_patterns(rules: &RuleSet, dialect: Dialect) -> Vec<String> {
    let named = rules
        .rules()
        .map(|(_, r)| (format!("rule \"{}\"", r.name), &r.condition))
        .chain(
            rules
                .exclusions
                .iter()
                .map(|e| (format!("exclusion \"{}\"", e.name), &e.condition)),
        )
        .chain(
            rules
                .stages
                .mql_criteria
                .iter()
                .map(|c| (format!("MQL criterion \"{}\"", c.name), &c.condition)),
        )
        .chain(
            rules
                .stages
                .sql_criteria
                .iter()
                .map(|c| (format!("SQL criterion \"{}\"", c.name), &c.condition)),
        );
    let mut problems = Vec::new();
    for (name, condition) in named {
        let mut patterns = Vec::new();
        patterns_of(condition, &mut patterns);
        for (pattern, case_insensitive) in patterns {
            if let Err(e) = crate::model::translate(pattern, case_insensitive, dialect.flavor()) {
                problems.push(format!("{name}: {e}"));
            }
        }
    }
    problems
}

/// The regular expressions in a condition, with whether they ignore case.
fn patterns_of<'a>(condition: &'a Condition, out: &mut Vec<(&'a str, bool)>) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| patterns_of(c, out)),
        Condition::Not(c) => patterns_of(c, out),
        Condition::Text {
            op: crate::model::TextOp::Matches(p),
            case_sensitive,
            ..
        } => out.push((p, !case_sensitive)),
        Condition::Event(EventCondition {
            detail: Some(crate::model::TextOp::Matches(p)),
            ..
        }) => out.push((p, true)),
        _ => {}
    }
}

/// A group's dimension, cap and the indices of its rule columns.
type GroupMembers = (Dimension, Option<i64>, Vec<usize>);

struct Writer<'a> {
    d: Dialect,
    case: IdentifierCase,
    rules: &'a RuleSet,
    schema: &'a Schema,
    end_ms: i64,
    /// Contact columns used, with their alias index.
    columns: Vec<(String, ColumnKind)>,
    /// Distinct event conditions (by debug text).
    events: Vec<(String, EventCondition)>,
    /// Per-event weight tables: (event index, max count).
    per_event: Vec<(usize, u32)>,
}

/// Writes the scoring query.
pub fn export_sql(
    rules: &RuleSet,
    schema: &Schema,
    options: &SqlOptions,
) -> Result<String, SqlError> {
    let errors: Vec<String> = validate(rules, Some(schema))
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(SqlError::Invalid(errors.join("; ")));
    }
    let unsupported = unportable_patterns(rules, options.dialect);
    if !unsupported.is_empty() {
        return Err(SqlError::Unsupported(unsupported.join("; ")));
    }
    let mut w = Writer {
        d: options.dialect,
        case: options.identifiers,
        rules,
        schema,
        end_ms: as_of_end_ms(options.as_of),
        columns: Vec::new(),
        events: Vec::new(),
        per_event: Vec::new(),
    };
    w.collect();
    Ok(w.query(options))
}

fn walk<'a>(c: &'a Condition, fields: &mut Vec<&'a str>, events: &mut Vec<&'a EventCondition>) {
    match c {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| walk(c, fields, events)),
        Condition::Not(c) => walk(c, fields, events),
        Condition::Event(e) => events.push(e),
        other => fields.extend(other.fields()),
    }
}

impl Writer<'_> {
    fn collect(&mut self) {
        let mut fields = Vec::new();
        let mut events = Vec::new();
        for c in self.rules.conditions() {
            walk(c, &mut fields, &mut events);
        }
        for f in fields {
            if !self.columns.iter().any(|(n, _)| n == f) {
                let kind = self.schema.kind_of(f).unwrap_or(ColumnKind::Text);
                self.columns.push((f.to_owned(), kind));
            }
        }
        for e in events {
            let key = format!("{e:?}");
            if !self.events.iter().any(|(k, _)| *k == key) {
                self.events.push((key, e.clone()));
            }
        }
        for (_, rule) in self.rules.rules() {
            if let (Condition::Event(e), Some(max)) = (&rule.condition, rule.per_event_max) {
                let k = self.event_index(e);
                if !self.per_event.contains(&(k, max)) {
                    self.per_event.push((k, max));
                }
            }
        }
    }

    fn event_index(&self, e: &EventCondition) -> usize {
        let key = format!("{e:?}");
        self.events.iter().position(|(k, _)| *k == key).unwrap_or(0)
    }

    fn column_index(&self, field: &str) -> usize {
        self.columns
            .iter()
            .position(|(n, _)| n == field)
            .unwrap_or(0)
    }

    /// A column name as the warehouse holds it, quoted.
    fn ident(&self, name: &str) -> String {
        self.d.ident_as(name, self.case)
    }

    /// A table name as the warehouse holds it, quoted part by part.
    fn table(&self, name: &str) -> String {
        self.d.table_as(name, self.case)
    }

    fn float(&self, x: f64) -> String {
        format!("CAST({x:?} AS {})", self.d.double())
    }

    fn text(&self, value: &str) -> String {
        self.d.string(value)
    }

    /// Already trimmed text with placeholders as NULL, as the loader reads it.
    fn placeholders_null(&self, trimmed: &str) -> String {
        let list: Vec<String> = PLACEHOLDERS.iter().map(|p| self.text(p)).collect();
        format!(
            "CASE WHEN LOWER({trimmed}) IN ({}) THEN NULL ELSE {trimmed} END",
            list.join(", ")
        )
    }

    /// A column as text, trimmed: computed once in an inner query, since
    /// trimming by a set is the costliest step and engines do not share it
    /// between expressions.
    fn trimmed_text(&self, column: &str) -> String {
        let d = self.d;
        d.trim(&format!("CAST({column} AS {})", d.text_type()))
    }

    fn clean_cte(&self, options: &SqlOptions) -> String {
        let mut inner = vec![format!(
            "{} AS id",
            self.trimmed_text(&self.ident(&options.id_column))
        )];
        let mut outer = vec!["id".to_owned()];
        for (i, (name, kind)) in self.columns.iter().enumerate() {
            let column = self.ident(name);
            match kind {
                ColumnKind::Text => {
                    inner.push(format!("{} AS t{i}", self.trimmed_text(&column)));
                    let clean = self.placeholders_null(&format!("t{i}"));
                    outer.push(format!("{clean} AS c{i}"));
                    outer.push(format!("LOWER({clean}) AS l{i}"));
                    continue;
                }
                ColumnKind::Date => inner.push(format!("{} AS c{i}", self.d.epoch_ms(&column))),
                ColumnKind::Number => {
                    inner.push(format!("CAST({column} AS {}) AS c{i}", self.d.double()))
                }
                ColumnKind::Bool => inner.push(format!("{column} AS c{i}")),
            }
            outer.push(format!("c{i}"));
        }
        format!(
            "contacts_clean AS (\n    SELECT\n        {}\n    FROM (\n        SELECT\n            {}\n        FROM {}\n    ) trimmed\n)",
            outer.join(",\n        "),
            inner.join(",\n            "),
            self.table(&options.contacts_table)
        )
    }

    fn rule_points(&self) -> (Vec<String>, Vec<GroupMembers>) {
        let mut columns = Vec::new();
        let mut groups = Vec::new();
        for dimension in [Dimension::Fit, Dimension::Engagement] {
            for group in self.rules.groups(dimension) {
                let mut members = Vec::new();
                for rule in group.rules.iter().filter(|r| r.enabled) {
                    let i = columns.len();
                    let points = match &rule.condition {
                        Condition::Event(e) => {
                            let k = self.event_index(e);
                            let weight = match rule.per_event_max {
                                Some(max) => format!("COALESCE(e{k}w{max}.w, {})", self.float(0.0)),
                                None => format!(
                                    "CASE WHEN e{k}.min_age IS NULL THEN {} ELSE {} END",
                                    self.float(0.0),
                                    self.decay(&format!("e{k}.min_age"))
                                ),
                            };
                            format!(
                                "CAST(FLOOR({} * {weight} + {}) AS {})",
                                self.float(rule.points as f64),
                                self.float(0.5),
                                self.d.bigint()
                            )
                        }
                        _ => rule.points.to_string(),
                    };
                    columns.push(format!(
                        "CASE WHEN {} THEN {points} ELSE 0 END AS p{i}",
                        self.condition(&rule.condition)
                    ));
                    members.push(i);
                }
                groups.push((dimension, group.cap, members));
            }
        }
        (columns, groups)
    }

    fn any_of<'c>(&self, conditions: impl Iterator<Item = &'c Condition>) -> String {
        let parts: Vec<String> = conditions.map(|c| self.condition(c)).collect();
        if parts.is_empty() {
            "FALSE".to_owned()
        } else {
            format!("({})", parts.join(" OR "))
        }
    }

    fn query(&self, options: &SqlOptions) -> String {
        let mut ctes = vec![self.clean_cte(options)];
        if !self.events.is_empty() {
            ctes.push(self.events_cte(options));
            ctes.extend(self.event_ctes());
        }
        let (points, groups) = self.rule_points();
        ctes.push(self.rule_points_cte(points));
        ctes.push(format!(
            "totals AS (\n    SELECT id, {} AS fit, {} AS engagement, excluded, sql_criterion, mql_criterion\n    FROM rule_points\n)",
            self.sum_of(&groups, Dimension::Fit),
            self.sum_of(&groups, Dimension::Engagement)
        ));
        format!(
            "-- Lead Score Studio: rule set \"{name}\", scored as of {as_of} ({dialect}).\n-- Semantics: see README \"The rule-set format\". Generated; edit the rule set, not this query.\nWITH\n{ctes}\nSELECT\n    id,\n    fit,\n    engagement,\n    fit + engagement AS score,\n    {stage} AS stage,\n    {grade} AS grade\nFROM totals\nORDER BY id\n",
            name = self.rules.name.replace(
                |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'),
                " "
            ),
            as_of = options.as_of,
            dialect = self.d.name(),
            ctes = ctes.join(",\n"),
            stage = self.stage_case(),
            grade = self.grade_case(),
        )
    }

    /// Per contact: the points of every rule, and whether it is excluded or
    /// meets an SQL or MQL criterion.
    fn rule_points_cte(&self, points: Vec<String>) -> String {
        let mut joins = String::new();
        for k in 0..self.events.len() {
            joins.push_str(&format!("\n    LEFT JOIN e{k} ON e{k}.cid = c.id"));
        }
        for (k, max) in &self.per_event {
            joins.push_str(&format!(
                "\n    LEFT JOIN e{k}w{max} ON e{k}w{max}.cid = c.id"
            ));
        }
        let rules = self.rules;
        let excluded = self.any_of(
            rules
                .exclusions
                .iter()
                .filter(|e| e.enabled)
                .map(|e| &e.condition),
        );
        let sql_criterion = self.any_of(
            rules
                .stages
                .sql_criteria
                .iter()
                .filter(|c| c.enabled)
                .map(|c| &c.condition),
        );
        let mql_criterion = self.any_of(
            rules
                .stages
                .mql_criteria
                .iter()
                .filter(|c| c.enabled)
                .map(|c| &c.condition),
        );
        let mut select = vec!["c.id AS id".to_owned()];
        select.extend(points);
        select.push(format!("{excluded} AS excluded"));
        select.push(format!("{sql_criterion} AS sql_criterion"));
        select.push(format!("{mql_criterion} AS mql_criterion"));
        format!(
            "rule_points AS (\n    SELECT\n        {}\n    FROM contacts_clean c{joins}\n)",
            select.join(",\n        ")
        )
    }

    /// The points of one dimension: each group's rules summed and capped.
    fn sum_of(&self, groups: &[GroupMembers], dimension: Dimension) -> String {
        let parts: Vec<String> = groups
            .iter()
            .filter(|(dim, _, _)| *dim == dimension)
            .map(|(_, cap, members)| {
                let sum = if members.is_empty() {
                    "0".to_owned()
                } else {
                    members
                        .iter()
                        .map(|i| format!("p{i}"))
                        .collect::<Vec<_>>()
                        .join(" + ")
                };
                match cap {
                    Some(cap) => format!("LEAST(GREATEST({sum}, {}), {cap})", -cap),
                    None => format!("({sum})"),
                }
            })
            .collect();
        if parts.is_empty() {
            format!("CAST(0 AS {})", self.d.bigint())
        } else {
            format!("CAST({} AS {})", parts.join(" + "), self.d.bigint())
        }
    }

    /// The stage from exclusions, criteria and thresholds, in the engine's order.
    fn stage_case(&self) -> String {
        let stages = &self.rules.stages;
        let floor = match stages.disqualify_below {
            Some(f) => format!(
                "\n        WHEN fit + engagement < {f} THEN {}",
                self.text(Stage::Disqualified.label())
            ),
            None => String::new(),
        };
        format!(
            "CASE\n        WHEN excluded THEN {}\n        WHEN sql_criterion OR fit + engagement >= {} THEN {}\n        WHEN mql_criterion OR fit + engagement >= {} THEN {}{floor}\n        ELSE {}\n    END",
            self.text(Stage::Excluded.label()),
            stages.sql_threshold,
            self.text(Stage::Sql.label()),
            stages.mql_threshold,
            self.text(Stage::Mql.label()),
            self.text(Stage::Nurture.label()),
        )
    }

    /// The grade ("B2"), or NULL when the rule set has no grades.
    fn grade_case(&self) -> String {
        match &self.rules.grades {
            Some(g) => format!(
                "CASE WHEN fit >= {} THEN 'A' WHEN fit >= {} THEN 'B' WHEN fit >= {} THEN 'C' ELSE 'D' END\n        || CASE WHEN engagement >= {} THEN '1' WHEN engagement >= {} THEN '2' ELSE '3' END",
                g.a_min_fit,
                g.b_min_fit,
                g.c_min_fit,
                g.tier1_min_engagement,
                g.tier2_min_engagement
            ),
            None => format!("CAST(NULL AS {})", self.d.text_type()),
        }
    }
}
