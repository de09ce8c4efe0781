//! Small helpers the table loaders share.

use std::path::Path;
use std::sync::Arc;

use polars::prelude::*;

use super::LoadError;

/// Turns a polars failure into a located load error.
pub(super) fn prepare<'a>(
    table: &'static str,
    path: &'a Path,
) -> impl Fn(PolarsError) -> LoadError + 'a {
    move |e: PolarsError| LoadError::Prepare {
        table,
        source: Arc::new(e),
        path: path.to_owned(),
    }
}

/// The header of a table.
pub(super) fn column_names(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// "s" for any count but one.
pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Milliseconds of a date column.
pub(super) fn date_values(frame: &DataFrame, name: &str) -> Result<Vec<Option<i64>>, PolarsError> {
    let column = frame.column(name)?;
    let ints = column.cast(&DataType::Int64)?;
    Ok(ints.i64()?.iter().collect())
}
