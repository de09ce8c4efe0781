//! The "Open data" form: the files typed or chosen, the roles and types
//! picked for their columns, and previews computed off the UI thread. The
//! form is edited in place by its window; the studio runs the previews.

use std::path::PathBuf;

use super::background::{Task, Waker};
use super::error::AppError;
use crate::data::{DataSources, LoadOptions, TableKind, TablePreview, preview_table};

/// The three tables, in the order the form shows them.
pub const TABLES: [TableKind; 3] = [TableKind::Contacts, TableKind::Deals, TableKind::Events];

/// The form's state.
#[derive(Debug, Default)]
pub struct ImportForm {
    /// Whether the window is shown.
    pub open: bool,
    /// The files as typed, contacts, deals, events ("" for none).
    pub paths: [String; 3],
    /// Roles and types the user chose (detection fills the rest, in the
    /// previews and again when loading).
    pub options: LoadOptions,
    /// The latest preview of each table, or why it failed.
    pub previews: [Option<Result<TablePreview, String>>; 3],
    /// Previews being computed, with the generation they were asked at.
    pub previewing: Option<(u64, Task<Previewed>)>,
    /// Bumped whenever a path or a choice changes; older previews are dropped.
    pub generation: u64,
    /// Why the last load of these files failed, shown above the form.
    pub load_error: Option<String>,
}

/// Previews of every named table, with the roles detected.
#[derive(Debug)]
pub struct Previewed {
    /// Per table (in [`TABLES`] order), when a file was named.
    pub previews: [Option<Result<TablePreview, String>>; 3],
}

/// Index of a table in [`TABLES`].
pub fn slot(table: TableKind) -> usize {
    match table {
        TableKind::Contacts => 0,
        TableKind::Deals => 1,
        TableKind::Events => 2,
    }
}

impl ImportForm {
    /// Opens the form on these files and options.
    pub fn open_with(&mut self, sources: Option<&DataSources>, options: LoadOptions) {
        self.open = true;
        self.options = options;
        if let Some(sources) = sources {
            let text = |p: &Option<PathBuf>| {
                p.as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            };
            self.paths = [
                sources.contacts.display().to_string(),
                text(&sources.deals),
                text(&sources.events),
            ];
        }
        self.previews = Default::default();
    }

    /// The files named, when a contacts file is.
    pub fn sources(&self) -> Option<DataSources> {
        let path = |text: &String| {
            let trimmed = text.trim().trim_matches('"');
            (!trimmed.is_empty()).then(|| PathBuf::from(trimmed))
        };
        Some(DataSources {
            contacts: path(&self.paths[0])?,
            deals: path(&self.paths[1]),
            events: path(&self.paths[2]),
        })
    }

    /// The preview of a table, if there is one.
    pub fn preview(&self, table: TableKind) -> Option<&Result<TablePreview, String>> {
        self.previews.get(slot(table))?.as_ref()
    }

    /// The column a role has: the user's choice, or what the latest
    /// preview detected.
    pub fn column(&self, table: TableKind, role: &str) -> Option<String> {
        if let Some(chosen) = self.options.roles.column(table, role) {
            return Some(chosen);
        }
        match self.preview(table) {
            Some(Ok(preview)) => preview
                .findings
                .iter()
                .find(|f| f.role == role)
                .and_then(|f| f.column.clone()),
            _ => None,
        }
    }

    /// Whether the files can be loaded as chosen: a contacts file that
    /// reads and has an id column.
    pub fn can_load(&self) -> bool {
        matches!(self.preview(TableKind::Contacts), Some(Ok(_)))
            && self.column(TableKind::Contacts, "contact id").is_some()
            && self.previewing.is_none()
    }

    /// Previews every named table on a named thread.
    pub fn start_preview(&mut self, waker: &Waker) -> Result<(), AppError> {
        self.generation += 1;
        let paths = self.paths.clone();
        // Detection writes into a copy: what the user chose stays apart.
        let mut options = self.options.clone();
        let task = Task::spawn("previewing the data", waker, move || {
            let mut previews: [Option<Result<TablePreview, String>>; 3] = Default::default();
            // Contacts first: the deals and events join on its id column.
            for (table, text) in TABLES.into_iter().zip(&paths) {
                let trimmed = text.trim().trim_matches('"');
                if trimmed.is_empty() {
                    continue;
                }
                let result = preview_table(&PathBuf::from(trimmed), table, &mut options)
                    .map_err(|e| crate::errors::chain(&e));
                if let Some(preview) = previews.get_mut(slot(table)) {
                    *preview = Some(result);
                }
            }
            Previewed { previews }
        })?;
        self.previewing = Some((self.generation, task));
        Ok(())
    }

    /// Takes finished previews in; a preview of older choices is dropped.
    pub fn poll(&mut self) -> bool {
        let Some((generation, task)) = &self.previewing else {
            return false;
        };
        let Some(result) = task.poll() else {
            return false;
        };
        let current = *generation == self.generation;
        self.previewing = None;
        match result {
            Ok(previewed) if current => {
                self.previews = previewed.previews;
                true
            }
            Ok(_) => false,
            Err(error) => {
                self.previews[0] = Some(Err(error.message()));
                true
            }
        }
    }
}
