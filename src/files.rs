//! File-system helpers shared by every writer: saves never leave a
//! half-written file behind.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file written under a temporary name and put in place only when
/// complete: a crash, a full disk or an error part-way leaves either the old
/// file or the new one at the target, never a mix.
///
/// The temporary file sits next to the target (a rename across file systems
/// would not be atomic) and its name is derived from the target alone,
/// `.{name}.partial`: a temp left behind by a killed earlier run is reused
/// rather than piling up. Two writers of the same target at the same time
/// would share it, which no caller does.
#[derive(Debug)]
pub struct AtomicFile {
    /// `None` only once `commit` has taken it; `Drop` then has nothing to close.
    writer: Option<BufWriter<File>>,
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl AtomicFile {
    /// Opens (or truncates) the temporary file for `path`; nothing is
    /// written to `path` itself until [`AtomicFile::commit`].
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let temp = partial_path_for(path)?;
        remove_old_temps(path);
        let file = File::create(&temp)?;
        Ok(AtomicFile {
            writer: Some(BufWriter::new(file)),
            temp,
            target: path.to_owned(),
            committed: false,
        })
    }

    /// Flushes, syncs the data to disk and renames the file onto the target.
    /// On error the target is untouched and the temporary file is removed.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(writer) = self.writer.take() else {
            return Err(io::Error::other("the file was already committed"));
        };
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        // Without the sync the rename could reach the disk before the data,
        // and a power cut would leave an empty file at the target.
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        Ok(())
    }

    fn open_writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.writer
            .as_mut()
            .ok_or_else(|| io::Error::other("the file was already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.open_writer()?.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.open_writer()?.write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.open_writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // Closed first: some systems refuse to remove an open file.
        drop(self.writer.take());
        // The temp file is ours and incomplete; if it cannot be removed the
        // next write of the same target overwrites it.
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// The temporary sibling `.{name}.partial` of `path`.
fn partial_path_for(path: &Path) -> io::Result<PathBuf> {
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a file name: {}", path.display()),
        ));
    };
    let mut partial = std::ffi::OsString::from(".");
    partial.push(name);
    partial.push(".partial");
    Ok(path.with_file_name(partial))
}

/// Removes `.{name}.tmp-<pid>` files beside `path`: the temporary files of
/// versions before [`AtomicFile`], a new name per run, left by killed runs.
/// Best effort: what cannot be listed or removed stays.
fn remove_old_temps(path: &Path) {
    let (Some(name), Some(folder)) = (path.file_name(), path.parent()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let is_old_temp = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if is_old_temp {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("scores.csv");
        std::fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new ").unwrap();
        file.write_all(b"content").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new content");
        assert_eq!(entries(dir.path()), ["scores.csv"]);
    }

    #[test]
    fn dropping_without_commit_keeps_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("scores.csv");
        std::fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"half a fi").unwrap();
        file.flush().unwrap();
        assert!(dir.path().join(".scores.csv.partial").exists());
        drop(file);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(dir.path()), ["scores.csv"]);
    }

    #[test]
    fn a_stale_partial_file_from_an_earlier_run_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x");
        std::fs::write(
            dir.path().join(".x.partial"),
            "left by a killed run, longer",
        )
        .unwrap();
        // An earlier version's temporaries, a new name per killed run.
        std::fs::write(dir.path().join(".x.tmp-4242"), "old run").unwrap();
        std::fs::write(dir.path().join(".x.tmp-17"), "old run").unwrap();
        std::fs::write(dir.path().join(".x.tmp-notes"), "not ours").unwrap();
        write_atomic(&target, b"fresh").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "fresh");
        assert_eq!(entries(dir.path()), [".x.tmp-notes", "x"]);
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        let err = AtomicFile::create(Path::new("/")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
