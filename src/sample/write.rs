//! Writing a history to disk: two CSV files and a Parquet file, each
//! replaced in one step so that a reader never sees half a file.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polars::prelude::{CsvWriter, ParquetWriter, PolarsResult, SerWriter};

use super::{SampleError, SampleHistory};

/// Writes contacts.csv, deals.csv and events.parquet into `dir` (created if
/// missing) and returns their paths. Each file is written under a temporary
/// name and renamed, so a reader never sees half a file.
pub fn write_history(history: &mut SampleHistory, dir: &Path) -> Result<Vec<PathBuf>, SampleError> {
    std::fs::create_dir_all(dir).map_err(|error| SampleError::Write {
        path: dir.to_path_buf(),
        message: error.to_string(),
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

/// Writes `path` through a temporary sibling, synced before the rename.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> PolarsResult<()>,
) -> Result<PathBuf, SampleError> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.tmp"));
    let result = (|| -> Result<(), String> {
        let file = File::create(&temp).map_err(|error| error.to_string())?;
        let mut writer = BufWriter::new(file);
        write(&mut writer).map_err(|error| error.to_string())?;
        let file = writer
            .into_inner()
            .map_err(|error| error.error().to_string())?;
        file.sync_all().map_err(|error| error.to_string())?;
        std::fs::rename(&temp, path).map_err(|error| error.to_string())
    })();
    match result {
        Ok(()) => Ok(path.to_path_buf()),
        Err(message) => {
            // The write already failed; a leftover temporary file is the lesser
            // problem and must not hide the original error.
            let _ = std::fs::remove_file(&temp);
            Err(SampleError::Write {
                path: path.to_path_buf(),
                message,
            })
        }
    }
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
