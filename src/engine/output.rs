//! Scored contacts as a table: what `leadscore score` writes.

use std::path::Path;

use polars::prelude::*;

use crate::data::Dataset;
use crate::engine::Scores;
use crate::files::temp_path_for;

/// Why scores could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Building or writing the table failed.
    #[error("cannot write the scores ({message}): {path}")]
    Write {
        /// What went wrong.
        message: String,
        /// The output file.
        path: std::path::PathBuf,
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
    let fail = |message: String| WriteError::Write {
        message,
        path: path.to_owned(),
    };
    let mut frame = scores_frame(data, scores).map_err(|e| fail(e.to_string()))?;
    let parquet = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"));
    let temp = temp_path_for(path);
    let result = (|| -> Result<(), String> {
        let file = std::fs::File::create(&temp).map_err(|e| e.to_string())?;
        if parquet {
            ParquetWriter::new(file)
                .finish(&mut frame)
                .map_err(|e| e.to_string())?;
        } else {
            CsvWriter::new(file)
                .include_header(true)
                .finish(&mut frame)
                .map_err(|e| e.to_string())?;
        }
        std::fs::rename(&temp, path).map_err(|e| e.to_string())
    })();
    if let Err(message) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(message));
    }
    Ok(())
}
