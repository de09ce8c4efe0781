//! Export for production: the rule set as SQL for a data warehouse, and the
//! SLA summary as Markdown or HTML.

mod dialect;
mod kind;
mod sla;
mod sql;
mod tables;

pub use dialect::{Dialect, IdentifierCase};
pub use kind::{ExportError, ExportInput, ExportKind, render};
pub use sla::{
    MonthlyVolume, OriginRole, RuleOrigin, SlaInput, monthly_volume, origin_legend, origin_of,
    sla_html, sla_markdown,
};
pub use sql::{SqlError, SqlOptions, export_sql};
pub use tables::{
    CONTACTS_CSV, CONTACTS_PARQUET, EVENTS_CSV, EVENTS_PARQUET, EventColumns, TableNames,
    TablesError, contacts_frame, events_frame, load_script, load_script_name, write_tables,
};
