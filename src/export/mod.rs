//! Export for production: the rule set as SQL for a data warehouse.

mod dialect;
mod sql;

pub use dialect::Dialect;
pub use sql::{SqlError, SqlOptions, export_sql};
