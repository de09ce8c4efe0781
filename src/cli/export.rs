//! `leadscore export`.

use std::process::ExitCode;

use anyhow::anyhow;

use super::commands::{load_rules, print_load_warnings, score_once};
use super::{ConvertArgs, ExportArgs, ExportFormat, load_with_progress};
use crate::analysis::{period_months, summarize};
use crate::engine::resolve_as_of;
use crate::export::{
    Dialect, ExportInput, ExportKind, OriginRole, RuleOrigin, TableNames, load_script,
    load_script_name, render, write_tables,
};
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
                contacts_table: &args.tables.contacts_table,
                events_table: &args.tables.events_table,
                identifiers: args.tables.identifiers,
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

/// Writes the cleaned, typed tables and a load script per warehouse.
pub fn convert(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let data = load_with_progress(&args.data)?;
    // What the cleaning changed (rows dropped, values unreadable) goes into
    // the warehouse too: say it.
    print_load_warnings(&data);
    for report in &data.reports {
        for column in report.columns.iter().filter(|c| c.unreadable > 0) {
            eprintln!(
                "leadscore: note: {}: {} of \"{}\" cannot be read as {} (left empty in the tables): {}",
                report.table.label(),
                count(column.unreadable, "value"),
                column.name,
                column.kind.label(),
                report.path.display()
            );
        }
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow!("cannot create {}: {e}", args.out.display()))?;
    let mut written = write_tables(&data, &args.out)?;
    let names = TableNames {
        contacts: args.tables.contacts_table.clone(),
        events: args.tables.events_table.clone(),
        identifiers: args.tables.identifiers,
    };
    for dialect in Dialect::ALL {
        let path = args.out.join(load_script_name(dialect));
        let script = load_script(dialect, &data, &names, &args.out);
        crate::files::write_atomic(&path, script.as_bytes())
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    let events = data.events.as_ref().map_or(0, |e| e.len());
    eprintln!(
        "leadscore: {} and {}, cleaned and typed, in {}:",
        count(data.len(), "contact"),
        count(events, "event"),
        args.out.display()
    );
    for path in &written {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        eprintln!("  {name}");
    }
    eprintln!(
        "Load them with the script for your warehouse (README: \"Scoring in a warehouse\"), then run `leadscore export --to sql` with the same data."
    );
    Ok(ExitCode::SUCCESS)
}

/// "1 contact", "2 contacts".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
