//! `leadscore export`.

use std::process::ExitCode;

use anyhow::anyhow;

use super::commands::{load_rules, score_once};
use super::{ExportArgs, ExportFormat, load_with_progress};
use crate::analysis::{period_months, summarize};
use crate::engine::resolve_as_of;
use crate::export::{Dialect, ExportInput, ExportKind, OriginRole, RuleOrigin, render};
use crate::model::{to_json, to_ron};

/// Writes the rule set, its SQL or its SLA summary.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let kind = match args.to {
        ExportFormat::Ron => ExportKind::Ron,
        ExportFormat::Json => ExportKind::Json,
        ExportFormat::Sql => {
            ExportKind::Sql(Dialect::from_name(&args.dialect).ok_or_else(|| {
                anyhow!(
                    "unknown dialect \"{}\" (postgres, duckdb, spark, bigquery, snowflake)",
                    args.dialect
                )
            })?)
        }
        ExportFormat::SlaMd => ExportKind::SlaMarkdown,
        ExportFormat::SlaHtml => ExportKind::SlaHtml,
    };
    // The rule set alone needs no data; the SQL needs its column types and
    // the SLA its figures.
    let text = match kind {
        ExportKind::Ron => to_ron(&rules)?,
        ExportKind::Json => to_json(&rules)?,
        ExportKind::Sql(_) | ExportKind::SlaMarkdown | ExportKind::SlaHtml => {
            // Read before the data, so that a wrong path fails at once.
            let baseline = args.baseline.as_deref().map(load_rules).transpose()?;
            let proposals = args
                .proposals
                .iter()
                .map(|path| load_rules(path))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let origins: Vec<RuleOrigin> = baseline
                .iter()
                .map(|rules| RuleOrigin {
                    role: OriginRole::Baseline,
                    rules,
                })
                .chain(proposals.iter().map(|rules| RuleOrigin {
                    role: OriginRole::Proposal,
                    rules,
                }))
                .collect();
            let data = load_with_progress(&args.data)?;
            let summary = match kind {
                ExportKind::Sql(_) => None,
                _ => {
                    let scores = score_once(&data, &rules, &args.rules, &args.data)?;
                    Some(summarize(&scores, &data.outcomes))
                }
            };
            let input = ExportInput {
                rules: &rules,
                data: &data,
                contacts_table: &args.contacts_table,
                events_table: &args.events_table,
                as_of: resolve_as_of(&data, args.data.as_of),
                summary: summary.as_ref(),
                months: period_months(data.created_ms.as_ref()),
                computed_on: Some(chrono::Local::now().date_naive()),
                origins: &origins,
            };
            render(kind, &input)?
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
