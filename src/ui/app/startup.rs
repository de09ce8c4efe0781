//! What the app opens with: the data and the two rule sets, from the
//! command line or the bundled samples.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::AppError;
use crate::analysis::DataProfile;
use crate::data::{DataSources, Dataset, LoadOptions, load_dataset};
use crate::data::{find_table, sample_data_dir};
use crate::model::{RuleSet, load_rule_set};
use crate::project::{is_project_file, open_project};

/// The sample rule set the app opens for editing.
const SAMPLE_WORKING_RULES: &str = "marketing_proposal.ron";
/// The sample rule set the app compares with.
const SAMPLE_BASELINE_RULES: &str = "current_production.ron";

/// The files to open.
#[derive(Debug, Clone, PartialEq)]
pub struct Startup {
    /// Contacts, deals and events.
    pub sources: Option<DataSources>,
    /// Folder searched when `sources` is not given.
    pub data_dir: PathBuf,
    /// The rule set to edit.
    pub working: PathBuf,
    /// The rule set to compare with (the working one when absent).
    pub baseline: Option<PathBuf>,
    /// Roles and column types for the data.
    pub options: LoadOptions,
    /// A project to open instead (its data, roles and rule sets).
    pub project: Option<PathBuf>,
    /// The other team's proposal to compare with (`--compare`); it takes
    /// the place of the one a project keeps.
    pub other: Option<PathBuf>,
}

/// The loaded data and rule sets.
#[derive(Debug, Clone)]
pub struct Session {
    /// The contacts with their outcomes.
    pub data: Arc<Dataset>,
    /// The rule set being edited.
    pub working: RuleSet,
    /// Where the working rule set was read from (none when it came inside
    /// a project).
    pub working_path: Option<PathBuf>,
    /// The rule set it is compared with.
    pub baseline: RuleSet,
    /// The other team's proposal (`--compare` or a project), and its file
    /// when it has one.
    pub other: Option<(RuleSet, Option<PathBuf>)>,
    /// The project file, when one was opened.
    pub project: Option<PathBuf>,
    /// What opening noticed (a data file changed since the project was saved).
    pub notes: Vec<String>,
    /// Frequent values and candidate rules of the data.
    pub profile: Arc<DataProfile>,
}

impl Startup {
    /// The bundled sample data with marketing's proposal against production.
    pub fn sample() -> Self {
        Self::with_data_dir(sample_data_dir())
    }

    /// Data from `dir` (contacts.*, deals.*, events.*), the sample rule sets.
    pub fn with_data_dir(dir: PathBuf) -> Self {
        let rules = sample_data_dir();
        Startup {
            sources: None,
            data_dir: dir,
            working: rules.join(SAMPLE_WORKING_RULES),
            baseline: Some(rules.join(SAMPLE_BASELINE_RULES)),
            options: LoadOptions::default(),
            project: None,
            other: None,
        }
    }

    /// Rule sets (.ron, .json) and data files from the command line; what is
    /// missing comes from the samples. The first rule set is edited, the
    /// second is the baseline.
    /// A project file opens the project; a folder is read for contacts.*,
    /// deals.* and events.*.
    pub fn from_files(files: Vec<PathBuf>) -> Self {
        let project = files.iter().find(|p| is_project_file(p)).cloned();
        let folder = files.iter().find(|p| p.is_dir()).cloned();
        let (rule_files, data_files) = files
            .into_iter()
            .filter(|p| !is_project_file(p) && !p.is_dir())
            .partition::<Vec<_>, _>(|p| is_rule_set_file(p));
        let mut startup = match folder {
            Some(dir) => Self::with_data_dir(dir),
            None => Self::sample(),
        };
        startup.project = project;
        let mut rule_files = rule_files.into_iter();
        if let Some(working) = rule_files.next() {
            startup.baseline = Some(rule_files.next().unwrap_or_else(|| working.clone()));
            startup.working = working;
        }
        startup.sources = data_sources(&data_files);
        startup
    }

    /// The data files to load: those named, or those in the data folder.
    pub fn sources(&self) -> Result<DataSources, AppError> {
        match &self.sources {
            Some(sources) => Ok(sources.clone()),
            None => sources_in(&self.data_dir),
        }
    }

    /// Reads everything; the error names the file last.
    pub fn load(&self) -> Result<Session, AppError> {
        if let Some(project) = &self.project {
            return self.load_project(project);
        }
        let data = load_dataset(&self.sources()?, &self.options)?;
        let working = load_rule_set(&self.working)?;
        let baseline = match &self.baseline {
            Some(path) => load_rule_set(path)?,
            None => working.clone(),
        };
        let profile = Arc::new(DataProfile::of(&data));
        Ok(Session {
            profile,
            data: Arc::new(data),
            working,
            working_path: Some(self.working.clone()),
            baseline,
            other: self.other_proposal()?,
            project: None,
            notes: Vec::new(),
        })
    }

    /// A project's data and rule sets; what it lacks comes from the samples.
    fn load_project(&self, path: &Path) -> Result<Session, AppError> {
        let opened = open_project(path).map_err(|e| AppError::Project(Arc::new(e)))?;
        let sources = match &opened.sources {
            Some(sources) => sources.clone(),
            None => self.sources()?,
        };
        let data = load_dataset(&sources, &opened.load)?;
        let (working, working_path) = match opened.working {
            Some(working) => working,
            None => (load_rule_set(&self.working)?, Some(self.working.clone())),
        };
        let baseline = opened.baseline.unwrap_or_else(|| working.clone());
        let profile = Arc::new(DataProfile::of(&data));
        Ok(Session {
            profile,
            data: Arc::new(data),
            working,
            working_path,
            baseline,
            other: match self.other_proposal()? {
                Some(other) => Some(other),
                None => opened.other,
            },
            project: Some(path.to_owned()),
            notes: opened.notes,
        })
    }
}

impl Startup {
    /// The rule set given with `--compare`, read.
    fn other_proposal(&self) -> Result<Option<(RuleSet, Option<PathBuf>)>, AppError> {
        let Some(path) = &self.other else {
            return Ok(None);
        };
        Ok(Some((load_rule_set(path)?, Some(path.clone()))))
    }
}

/// Whether a file is a rule set (by extension); anything else is data.
pub fn is_rule_set_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ron") || e.eq_ignore_ascii_case("json"))
}

/// contacts.*, deals.* and events.* in a folder.
fn sources_in(dir: &Path) -> Result<DataSources, AppError> {
    let contacts =
        find_table(dir, "contacts").ok_or_else(|| AppError::NoContacts(dir.to_owned()))?;
    Ok(DataSources {
        contacts,
        deals: find_table(dir, "deals"),
        events: find_table(dir, "events"),
    })
}

/// Data files named on the command line: deals and events by name, the
/// rest is the contacts table.
fn data_sources(files: &[PathBuf]) -> Option<DataSources> {
    let named = |word: &str| {
        files.iter().find(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| s.to_lowercase().contains(word))
        })
    };
    let deals = named("deal").cloned();
    let events = named("event").cloned();
    let contacts = files
        .iter()
        .find(|p| Some(*p) != deals.as_ref() && Some(*p) != events.as_ref())?
        .clone();
    Some(DataSources {
        contacts,
        deals,
        events,
    })
}
