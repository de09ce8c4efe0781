//! Every export of a rule set — the rule set itself, its scoring query, its
//! SLA summary — rendered by one function for the app and the command line.

use chrono::NaiveDate;

use super::{
    Dialect, IdentifierCase, RuleOrigin, SlaInput, SqlError, SqlOptions, export_sql, sla_html,
    sla_markdown,
};
use crate::analysis::SimulationSummary;
use crate::data::Dataset;
use crate::model::{RuleSet, RuleSetError, to_json, to_ron};

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The rule set as RON (the app's own format).
    Ron,
    /// The rule set as JSON.
    Json,
    /// The scoring query in a SQL dialect.
    Sql(Dialect),
    /// The SLA summary for the teams, as Markdown.
    SlaMarkdown,
    /// The SLA summary as a web page.
    SlaHtml,
}

impl ExportKind {
    /// Every export, in menu order.
    pub const ALL: [ExportKind; 9] = [
        ExportKind::Ron,
        ExportKind::Json,
        ExportKind::Sql(Dialect::Postgres),
        ExportKind::Sql(Dialect::DuckDb),
        ExportKind::Sql(Dialect::Spark),
        ExportKind::Sql(Dialect::BigQuery),
        ExportKind::Sql(Dialect::Snowflake),
        ExportKind::SlaMarkdown,
        ExportKind::SlaHtml,
    ];

    /// The menu entry.
    pub fn label(self) -> &'static str {
        match self {
            ExportKind::Ron => "Rule set (RON)",
            ExportKind::Json => "Rule set (JSON)",
            ExportKind::Sql(Dialect::Postgres) => "SQL for PostgreSQL",
            ExportKind::Sql(Dialect::DuckDb) => "SQL for DuckDB",
            ExportKind::Sql(Dialect::Spark) => "SQL for Spark",
            ExportKind::Sql(Dialect::BigQuery) => "SQL for BigQuery",
            ExportKind::Sql(Dialect::Snowflake) => "SQL for Snowflake",
            ExportKind::SlaMarkdown => "SLA summary (Markdown)",
            ExportKind::SlaHtml => "SLA summary (HTML)",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Ron => "ron",
            ExportKind::Json => "json",
            ExportKind::Sql(_) => "sql",
            ExportKind::SlaMarkdown => "md",
            ExportKind::SlaHtml => "html",
        }
    }

    /// The file name offered: "marketing_proposal_duckdb.sql".
    pub fn file_name(self, rule_set_name: &str) -> String {
        let stem: String = rule_set_name
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        let stem = if stem.is_empty() {
            "rules".to_owned()
        } else {
            stem
        };
        let suffix = match self {
            ExportKind::Sql(dialect) => format!("_{}", dialect.name()),
            ExportKind::SlaMarkdown | ExportKind::SlaHtml => "_sla".to_owned(),
            ExportKind::Ron | ExportKind::Json => String::new(),
        };
        format!("{stem}{suffix}.{}", self.extension())
    }
}

/// What an export is made from.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    /// The rule set.
    pub rules: &'a RuleSet,
    /// The data: column types and roles for the SQL.
    pub data: &'a Dataset,
    /// The table the SQL reads contacts from (may be `schema.table`).
    pub contacts_table: &'a str,
    /// The table the SQL reads events from.
    pub events_table: &'a str,
    /// The letter case of the warehouse's names; `None`: the dialect's usual one.
    pub identifiers: Option<IdentifierCase>,
    /// The as-of date of the figures and of the SQL's relative dates.
    pub as_of: NaiveDate,
    /// The rule set's figures on the data, for the SLA summary.
    pub summary: Option<&'a SimulationSummary>,
    /// Length of the history in months, for monthly volumes.
    pub months: Option<f64>,
    /// The day the SLA's figures were computed (today, for the sign-off).
    pub computed_on: Option<NaiveDate>,
    /// The baseline and proposals the SLA traces each rule back to; empty
    /// when not known.
    pub origins: &'a [RuleOrigin<'a>],
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The rule set cannot be written as RON or JSON.
    #[error(transparent)]
    RuleSet(#[from] RuleSetError),
    /// The rule set cannot be written as SQL.
    #[error(transparent)]
    Sql(#[from] SqlError),
    /// The SLA summary needs the figures, which are not there yet.
    #[error("the figures are still being computed; try again")]
    NoFigures,
}

/// The first and last creation date of the contacts, when the data has them.
fn history_span(data: &Dataset) -> Option<(NaiveDate, NaiveDate)> {
    let created = data.created_ms.as_ref()?;
    let day = |ms: i64| Some(chrono::DateTime::from_timestamp_millis(ms)?.date_naive());
    let first = created.iter().flatten().min().copied()?;
    let last = created.iter().flatten().max().copied()?;
    Some((day(first)?, day(last)?))
}

/// The text of an export.
pub fn render(kind: ExportKind, input: &ExportInput) -> Result<String, ExportError> {
    let rules = input.rules;
    Ok(match kind {
        ExportKind::Ron => to_ron(rules)?,
        ExportKind::Json => to_json(rules)?,
        ExportKind::Sql(dialect) => {
            let mut options = SqlOptions::for_dataset(
                dialect,
                input.data,
                input.contacts_table,
                input.events_table,
                input.as_of,
            );
            if let Some(case) = input.identifiers {
                options.identifiers = case;
            }
            export_sql(rules, &input.data.schema, &options)?
        }
        ExportKind::SlaMarkdown | ExportKind::SlaHtml => {
            let summary = input.summary.ok_or(ExportError::NoFigures)?;
            let sla = SlaInput {
                rules,
                summary,
                months: input.months,
                as_of: input.as_of,
                history: history_span(input.data),
                computed_on: input.computed_on,
                origins: input.origins,
            };
            if kind == ExportKind::SlaMarkdown {
                sla_markdown(&sla)
            } else {
                sla_html(&sla)
            }
        }
    })
}
