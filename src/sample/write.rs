//! Writing a history to disk: two CSV files and a Parquet file, each
//! replaced in one step so that a reader never sees half a file.

use std::path::{Path, PathBuf};

use polars::prelude::{CsvWriter, ParquetWriter, PolarsResult, SerWriter};

use super::{SampleError, SampleHistory};
use crate::files::AtomicFile;

/// Writes contacts.csv, deals.csv and events.parquet into `dir` (created if
/// missing) and returns their paths. Each file is written under a temporary
/// name and renamed, so a reader never sees half a file.
pub fn write_history(history: &mut SampleHistory, dir: &Path) -> Result<Vec<PathBuf>, SampleError> {
    std::fs::create_dir_all(dir).map_err(|error| SampleError::Write {
        path: dir.to_path_buf(),
        source: Box::new(error),
    })?;
    let contacts = write_atomically(&dir.join("contacts.csv"), |writer| {
        CsvWriter::new(writer).finish(&mut history.contacts)
    })?;
    let deals = write_atomically(&dir.join("deals.csv"), |writer| {
        CsvWriter::new(writer).finish(&mut history.deals)
    })?;
    let events = write_atomically(&dir.join("events.parquet"), |writer| {
        ParquetWriter::new(writer)
            .finish(&mut history.events)
            .map(|_| ())
    })?;
    Ok(vec![contacts, deals, events])
}

/// Writes `path` through the one atomic writer: a reader sees the old file
/// or the new one, never half of one.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut AtomicFile) -> PolarsResult<()>,
) -> Result<PathBuf, SampleError> {
    let failed = |source: Box<dyn std::error::Error + Send + Sync>| SampleError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = AtomicFile::create(path).map_err(|e| failed(Box::new(e)))?;
    write(&mut file).map_err(|e| failed(Box::new(e)))?;
    file.commit().map_err(|e| failed(Box::new(e)))?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use polars::prelude::{CsvReadOptions, ParquetReader, SerReader};

    use super::write_history;
    use crate::sample::tests::{options, texts};
    use crate::sample::{SampleError, SampleOptions, generate};

    #[test]
    fn written_files_round_trip_and_leave_no_temporary_files() {
        let mut history = generate(&SampleOptions {
            contacts: 300,
            ..options(4)
        })
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nested").join("sample");
        let paths = write_history(&mut history, &target).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["contacts.csv", "deals.csv", "events.parquet"]);
        assert_eq!(std::fs::read_dir(&target).unwrap().count(), 3);
        let events = ParquetReader::new(File::open(&paths[2]).unwrap())
            .finish()
            .unwrap();
        assert!(events.equals_missing(&history.events));
        let contacts = CsvReadOptions::default()
            .with_infer_schema_length(Some(0))
            .try_into_reader_with_file_path(Some(paths[0].clone()))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(contacts.height(), 300);
        assert_eq!(texts(&contacts, "Email"), texts(&history.contacts, "Email"));
    }

    #[test]
    fn a_file_that_cannot_be_written_is_reported_with_its_path() {
        let mut history = generate(&SampleOptions {
            contacts: 10,
            ..options(4)
        })
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("not-a-directory");
        std::fs::write(&blocker, "x").unwrap();
        let error = write_history(&mut history, &blocker).unwrap_err();
        assert!(
            matches!(&error, SampleError::Write { path, .. } if path == &blocker),
            "{error}"
        );
    }
}
