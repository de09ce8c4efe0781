//! Export ▸ the rule set, its scoring query or its SLA summary: the core
//! renders the bytes (testable without dialogs), the studio asks for the path.

use std::path::Path;

use crate::engine::resolve_as_of;
use crate::export::{ExportError, ExportInput, ExportKind, OriginRole, RuleOrigin, render};
use crate::ui::app::error::AppError;
use crate::ui::app::workspace::Workspace;

/// The bytes of an export of the working rule set.
pub fn export_bytes(workspace: &Workspace, kind: ExportKind) -> Result<Vec<u8>, ExportError> {
    let data = &workspace.data;
    let summary = workspace
        .simulation
        .as_ref()
        .filter(|_| !workspace.is_simulating())
        .map(|simulation| (&simulation.comparison.proposal, simulation.months));
    let input = ExportInput {
        rules: &workspace.working,
        data,
        contacts_table: "contacts",
        events_table: "events",
        identifiers: None,
        as_of: resolve_as_of(data, None),
        summary: summary.map(|(summary, _)| summary),
        months: summary.and_then(|(_, months)| months),
        computed_on: Some(chrono::Local::now().date_naive()),
        origins: &sla_origins(workspace),
    };
    Ok(render(kind, &input)?.into_bytes())
}

/// What the SLA traces each rule back to: the baseline, the working rule
/// set itself (the proposal being edited, so a rule in neither other set
/// reads "from" it rather than "new"), and the other team's proposal when
/// loaded.
fn sla_origins(workspace: &Workspace) -> Vec<RuleOrigin<'_>> {
    let proposal = |rules| RuleOrigin {
        role: OriginRole::Proposal,
        rules,
    };
    [
        RuleOrigin {
            role: OriginRole::Baseline,
            rules: &workspace.baseline,
        },
        proposal(&workspace.working),
    ]
    .into_iter()
    .chain(workspace.other.as_ref().map(|other| proposal(&other.rules)))
    .collect()
}

/// Builds an export and writes it atomically; the notice for the status bar.
pub fn export_to(workspace: &Workspace, kind: ExportKind, path: &Path) -> Result<String, AppError> {
    let bytes = export_bytes(workspace, kind)?;
    crate::files::write_atomic(path, &bytes).map_err(|source| AppError::Write {
        path: path.to_owned(),
        source: std::sync::Arc::new(source),
    })?;
    Ok(format!("Exported {} to {}", kind.label(), path.display()))
}
