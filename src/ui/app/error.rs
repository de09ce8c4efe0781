//! What can go wrong in the app: the core's own errors, kept typed, and the
//! app's few of its own. Each is shown once, as one line with its causes.

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::BacktestError;
use crate::analysis::evaluation::EvaluationError;
use crate::data::LoadError;
use crate::engine::EngineError;
use crate::errors::chain;
use crate::export::ExportError;
use crate::model::RuleSetError;

/// An error the app shows.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    /// A data file could not be loaded.
    #[error(transparent)]
    Load(Arc<LoadError>),
    /// A rule-set file could not be read or written.
    #[error(transparent)]
    RuleSet(Arc<RuleSetError>),
    /// A rule set could not be scored.
    #[error(transparent)]
    Engine(Arc<EngineError>),
    /// A back-test could not be run.
    #[error(transparent)]
    Backtest(Arc<BacktestError>),
    /// Stability or jointly fitted points could not be computed.
    #[error(transparent)]
    Evaluation(Arc<EvaluationError>),
    /// An export could not be built.
    #[error(transparent)]
    Export(Arc<ExportError>),
    /// A project could not be opened or saved.
    #[error(transparent)]
    Project(Arc<crate::project::ProjectError>),
    /// A folder holds no contacts table.
    #[error("no contacts.csv or contacts.parquet in {}", .0.display())]
    NoContacts(PathBuf),
    /// A file could not be written.
    #[error("cannot write: {source}: {}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// Background work ended without a result (it panicked).
    #[error("{0} stopped unexpectedly")]
    Stopped(&'static str),
    /// The user stopped background work before it had a result.
    #[error("{0} was cancelled")]
    Cancelled(&'static str),
    /// A background thread could not be started.
    #[error("cannot start {what}: {source}")]
    Thread {
        /// The work ("loading the data").
        what: &'static str,
        /// What the system said.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// An error of one of several rule sets, named.
    #[error("{which}: {source}")]
    Of {
        /// Which one ("baseline").
        which: &'static str,
        /// The error.
        #[source]
        source: Box<AppError>,
    },
    /// The history is too short for monthly back-tests.
    #[error("the history is too short for monthly back-tests with this horizon")]
    ShortHistory,
    /// Figures were asked for before they were computed.
    #[error("the figures are not ready yet")]
    NotReady,
    /// The files the data was loaded from are not known.
    #[error("the data files are not known")]
    UnknownFiles,
}

impl AppError {
    /// The error as the user reads it: one line, each cause once.
    pub fn message(&self) -> String {
        chain(self)
    }

    /// The same error, said of one of several rule sets.
    pub fn of(self, which: &'static str) -> AppError {
        AppError::Of {
            which,
            source: Box::new(self),
        }
    }
}

impl From<LoadError> for AppError {
    fn from(e: LoadError) -> Self {
        AppError::Load(Arc::new(e))
    }
}

impl From<RuleSetError> for AppError {
    fn from(e: RuleSetError) -> Self {
        AppError::RuleSet(Arc::new(e))
    }
}

impl From<EngineError> for AppError {
    fn from(e: EngineError) -> Self {
        AppError::Engine(Arc::new(e))
    }
}

impl From<BacktestError> for AppError {
    fn from(e: BacktestError) -> Self {
        AppError::Backtest(Arc::new(e))
    }
}

impl From<EvaluationError> for AppError {
    fn from(e: EvaluationError) -> Self {
        AppError::Evaluation(Arc::new(e))
    }
}

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> Self {
        AppError::Export(Arc::new(e))
    }
}
