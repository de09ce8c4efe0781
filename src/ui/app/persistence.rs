//! The autosaved working rule set, offered back after a crash.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::error::AppError;
use crate::model::{RuleSet, load_rule_set, save_rule_set};

/// File name of the autosave in the app's data folder.
pub const AUTOSAVE_FILE: &str = "autosave.ron";
/// Inactivity after which the working rule set is autosaved.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(3);

/// Autosave of the working rule set after a pause in editing.
#[derive(Debug)]
pub struct Autosave {
    /// Where to write; `None`: no autosave.
    pub path: Option<PathBuf>,
    /// Inactivity before writing.
    pub delay: Duration,
    /// The rule set last written.
    written: Option<RuleSet>,
    /// The rule-set generation last seen, and when it was first seen.
    seen: Option<(u64, Instant)>,
}

impl Default for Autosave {
    fn default() -> Self {
        Autosave {
            path: None,
            delay: AUTOSAVE_DELAY,
            written: None,
            seen: None,
        }
    }
}

/// What the caller should do after a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    /// Nothing pending.
    Idle,
    /// Call again after this long.
    WaitFor(Duration),
}

impl Autosave {
    /// Reads an autosave left behind by an earlier session.
    pub fn recovered(&self) -> Option<RuleSet> {
        let path = self.path.as_ref()?;
        path.exists().then(|| load_rule_set(path).ok())?
    }

    /// Writes `working` once it has not changed for the delay; removes the
    /// file when there is nothing unsaved. Errors are for the status bar.
    pub fn tick(
        &mut self,
        working: &RuleSet,
        generation: u64,
        unsaved: bool,
    ) -> Result<Tick, AppError> {
        let Some(path) = self.path.clone() else {
            return Ok(Tick::Idle);
        };
        if !unsaved {
            self.seen = None;
            if self.written.take().is_some() || path.exists() {
                self.discard();
            }
            return Ok(Tick::Idle);
        }
        if self.written.as_ref() == Some(working) {
            return Ok(Tick::Idle);
        }
        let since = match self.seen {
            Some((seen, since)) if seen == generation => since,
            _ => {
                let now = Instant::now();
                self.seen = Some((generation, now));
                now
            }
        };
        let elapsed = since.elapsed();
        if elapsed < self.delay {
            return Ok(Tick::WaitFor(self.delay - elapsed));
        }
        self.written = Some(working.clone());
        // `save_rule_set` creates nothing; the app's data folder may be new.
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| AppError::Write {
                path: dir.to_owned(),
                source: std::sync::Arc::new(source),
            })?;
        }
        save_rule_set(working, &path).map_err(|e| AppError::from(e).of("autosave"))?;
        Ok(Tick::Idle)
    }

    /// Removes the autosave file (saved, or the user discarded it).
    pub fn discard(&mut self) {
        self.written = None;
        if let Some(path) = &self.path {
            // Already gone is fine.
            let _ = std::fs::remove_file(path);
        }
    }
}
