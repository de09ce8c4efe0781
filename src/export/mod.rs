//! Export for production: the rule set as SQL for a data warehouse, and the
//! SLA summary as Markdown or HTML.

mod dialect;
mod kind;
mod sla;
mod sql;

pub use dialect::Dialect;
pub use kind::{ExportError, ExportInput, ExportKind, render};
pub use sla::{
    MonthlyVolume, OriginRole, RuleOrigin, SlaInput, monthly_volume, origin_legend, origin_of,
    sla_html, sla_markdown,
};
pub use sql::{SqlError, SqlOptions, export_sql};
