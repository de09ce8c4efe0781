//! `leadscore export`.

use std::process::ExitCode;

use anyhow::anyhow;

use super::commands::{load_rules, score_with_progress};
use super::{ExportArgs, ExportFormat, load_with_progress};
use crate::analysis::{period_months, summarize};
use crate::engine::resolve_as_of;
use crate::export::{Dialect, SlaInput, SqlOptions, export_sql, sla_html, sla_markdown};
use crate::model::{to_json, to_ron};

/// Writes the rule set, its SQL or its SLA summary.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let text = match args.to {
        ExportFormat::Ron => to_ron(&rules)?,
        ExportFormat::Json => to_json(&rules)?,
        ExportFormat::Sql => {
            let dialect = Dialect::from_name(&args.dialect).ok_or_else(|| {
                anyhow!(
                    "unknown dialect \"{}\" (postgres, duckdb, spark, bigquery, snowflake)",
                    args.dialect
                )
            })?;
            let data = load_with_progress(&args.data)?;
            let options = SqlOptions::for_dataset(
                dialect,
                &data,
                &args.contacts_table,
                &args.events_table,
                resolve_as_of(&data, args.data.as_of),
            );
            export_sql(&rules, &data.schema, &options)?
        }
        ExportFormat::SlaMd | ExportFormat::SlaHtml => {
            let data = load_with_progress(&args.data)?;
            let scores = score_with_progress(&data, &rules, &args.data)?;
            let summary = summarize(&scores, &data.outcomes);
            let input = SlaInput {
                rules: &rules,
                summary: &summary,
                months: period_months(data.created_ms.as_ref()),
                as_of: resolve_as_of(&data, args.data.as_of),
            };
            if args.to == ExportFormat::SlaMd {
                sla_markdown(&input)
            } else {
                sla_html(&input)
            }
        }
    };
    match &args.out {
        Some(path) => {
            crate::files::write_atomic(path, text.as_bytes())
                .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
            eprintln!("leadscore: wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
