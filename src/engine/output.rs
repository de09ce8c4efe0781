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
    // Nine grades: each label written once, not once per contact.
    let labels: Vec<String> = (0..9u8)
        .map(|g| crate::model::grade_label(g / 3, g % 3))
        .collect();
    let grade: Option<Vec<Option<&str>>> = scores.grade.as_ref().map(|grades| {
        grades
            .iter()
            .map(|&g| labels.get(g as usize).map(String::as_str))
            .collect()
    });
    let grade = match grade {
        Some(grade) => Column::new("grade".into(), grade),
        None => Column::full_null("grade".into(), n, &DataType::String),
    };
    DataFrame::new(
        n,
        vec![
            Column::new("id".into(), data.ids.as_slice()),
            Column::new("fit".into(), scores.fit.as_slice()),
            Column::new("engagement".into(), scores.engagement.as_slice()),
            Column::new("score".into(), scores.total.as_slice()),
            Column::new("stage".into(), stage),
            grade,
            matched_rules(scores).into_column(),
        ],
    )
}

/// The names of the rules each contact matched, in rule-set order, joined
/// with "; ", built in one buffer.
fn matched_rules(scores: &Scores) -> StringChunked {
    let mut out = StringChunkedBuilder::new("matched_rules".into(), scores.len());
    let mut names = String::new();
    for row in 0..scores.len() {
        names.clear();
        for rule in &scores.rules {
            if rule.matched.get(row) {
                if !names.is_empty() {
                    names.push_str("; ");
                }
                names.push_str(&rule.name);
            }
        }
        out.append_value(&names);
    }
    out.finish()
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
    let trace = crate::trace::Trace::new();
    let mut frame = scores_frame(data, scores).map_err(encode)?;
    trace.mark("scores as a table");
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
    trace.mark("scores encoded");
    file.commit().map_err(save)
}
