//! Where data files are found: the bundled sample, and the tables of a
//! folder by their usual names.

use std::path::{Path, PathBuf};

/// The bundled sample data: `sample_data/` beside the working directory, or
/// in the source tree this binary was built from.
pub fn sample_data_dir() -> PathBuf {
    let local = PathBuf::from("sample_data");
    if local.join("contacts.csv").exists() {
        local
    } else {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data"))
    }
}

/// `contacts.csv` or `contacts.parquet` (etc.) in a folder.
pub fn find_table(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["csv", "parquet", "tsv", "txt"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.exists())
}
