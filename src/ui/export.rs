//! Export ▸ the rule set, its scoring query or its SLA summary: the bytes
//! are built here (testable without dialogs), the studio asks for the path.

use std::path::{Path, PathBuf};

use super::workspace::Workspace;
use crate::engine::resolve_as_of;
use crate::export::{Dialect, SlaInput, SqlOptions, export_sql, sla_html, sla_markdown};
use crate::model::{to_json, to_ron};

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

/// The bytes of an export of the working rule set.
pub fn export_bytes(workspace: &Workspace, kind: ExportKind) -> Result<Vec<u8>, String> {
    let rules = &workspace.working;
    let data = &workspace.data;
    let text = match kind {
        ExportKind::Ron => to_ron(rules).map_err(|e| e.to_string())?,
        ExportKind::Json => to_json(rules).map_err(|e| e.to_string())?,
        ExportKind::Sql(dialect) => {
            let options = SqlOptions::for_dataset(
                dialect,
                data,
                "contacts",
                "events",
                resolve_as_of(data, None),
            );
            export_sql(rules, &data.schema, &options).map_err(|e| e.to_string())?
        }
        ExportKind::SlaMarkdown | ExportKind::SlaHtml => {
            let simulation = workspace
                .simulation
                .as_ref()
                .filter(|_| !workspace.is_simulating())
                .ok_or_else(|| "the figures are still being computed; try again".to_owned())?;
            let input = SlaInput {
                rules,
                summary: &simulation.comparison.proposal,
                months: simulation.months,
                as_of: resolve_as_of(data, None),
            };
            if kind == ExportKind::SlaMarkdown {
                sla_markdown(&input)
            } else {
                sla_html(&input)
            }
        }
    };
    Ok(text.into_bytes())
}

/// Builds an export and writes it atomically; the notice for the status bar.
pub fn export_to(workspace: &Workspace, kind: ExportKind, path: &Path) -> Result<String, String> {
    let bytes = export_bytes(workspace, kind)?;
    crate::files::write_atomic(path, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!("Exported {} to {}", kind.label(), path.display()))
}

/// Asks where to write an export.
pub fn pick_export_path(kind: ExportKind, workspace: &Workspace) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new()
        .set_title(format!("Export {}", kind.label()))
        .add_filter(kind.label(), &[kind.extension()])
        .set_file_name(kind.file_name(&workspace.working.name));
    if let Some(dir) = workspace.working_path.as_deref().and_then(Path::parent) {
        dialog = dialog.set_directory(dir);
    }
    dialog.save_file()
}
