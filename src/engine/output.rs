//! Scored contacts as a table: what `leadscore score` writes.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::data::Dataset;
use crate::engine::Scores;
use crate::files::AtomicFile;

/// Why scores could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Building or encoding the table failed.
    #[error("cannot write the scores ({source}): {path}")]
    Encode {
        /// What polars said.
        #[source]
        source: PolarsError,
        /// The output file.
        path: PathBuf,
    },
    /// The file could not be created or put in place.
    #[error("cannot save the scores ({source}): {path}")]
    Save {
        /// What the system said.
        #[source]
        source: std::io::Error,
        /// The output file.
        path: PathBuf,
    },
}

/// One row per contact: id, fit, engagement, score, stage, grade, matched rules.
pub fn scores_frame(data: &Dataset, scores: &Scores) -> PolarsResult<DataFrame> {
    let n = scores.len();
    let stage: Vec<&str> = scores.stage.iter().map(|s| s.label()).collect();
    let grade: Vec<Option<String>> = (0..n).map(|row| scores.grade_label(row)).collect();
    let matched: Vec<String> = (0..n)
        .map(|row| scores.matched_rule_names(row).join("; "))
        .collect();
    DataFrame::new(
        n,
        vec![
            Column::new("id".into(), data.ids.clone()),
            Column::new("fit".into(), scores.fit.clone()),
            Column::new("engagement".into(), scores.engagement.clone()),
            Column::new("score".into(), scores.total.clone()),
            Column::new("stage".into(), stage),
            Column::new("grade".into(), grade),
            Column::new("matched_rules".into(), matched),
        ],
    )
}

/// Writes the scores as CSV or Parquet (by extension), atomically.
pub fn write_scores(data: &Dataset, scores: &Scores, path: &Path) -> Result<(), WriteError> {
    let encode = |source| WriteError::Encode {
        source,
        path: path.to_owned(),
    };
    let save = |source| WriteError::Save {
        source,
        path: path.to_owned(),
    };
    let mut frame = scores_frame(data, scores).map_err(encode)?;
    let parquet = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    // Dropped without a commit on any error: the temp file goes, an older
    // output at `path` stays.
    let mut file = AtomicFile::create(path).map_err(save)?;
    if parquet {
        ParquetWriter::new(&mut file)
            .finish(&mut frame)
            .map_err(encode)?;
    } else {
        CsvWriter::new(&mut file)
            .include_header(true)
            .finish(&mut frame)
            .map_err(encode)?;
    }
    file.commit().map_err(save)
}
