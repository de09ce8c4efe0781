//! Undo and redo of rule-set edits: snapshots of the whole rule set (and
//! of the baseline, so a pinned or chosen baseline can be undone too).

use crate::model::RuleSet;

/// What one undo step brings back: the working rule set and the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Versions {
    /// The rule set being edited.
    pub working: RuleSet,
    /// The rule set it is compared with.
    pub baseline: RuleSet,
}

/// Most undo steps kept; older ones are dropped.
const MAX_UNDO_STEPS: usize = 200;

/// Undo and redo stacks of snapshots (of [`Versions`] in the app).
///
/// A gesture (a drag) may change the rule set many times; the state from
/// before its first change is kept aside and becomes one undo step when the
/// gesture ends.
#[derive(Debug)]
pub struct History<T = Versions> {
    undo: Vec<T>,
    redo: Vec<T>,
    gesture_start: Option<T>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            gesture_start: None,
        }
    }
}

impl<T: Clone + PartialEq> History<T> {
    /// Call before changing `current`: remembers it if no gesture is open.
    pub fn before_edit(&mut self, current: &T) {
        if self.gesture_start.is_none() {
            self.gesture_start = Some(current.clone());
        }
    }

    /// Closes the open gesture, if any, as one undo step (unless nothing changed).
    pub fn finish_edit(&mut self, current: &T) {
        let Some(start) = self.gesture_start.take() else {
            return;
        };
        if &start != current {
            self.undo.push(start);
            if self.undo.len() > MAX_UNDO_STEPS {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    /// Records a whole-rule-set replacement (opening a file) as one step.
    pub fn record(&mut self, previous: &T, current: &T) {
        self.gesture_start = Some(previous.clone());
        self.finish_edit(current);
    }

    /// The rule set to go back to, if any; `current` goes on the redo stack.
    pub fn undo(&mut self, current: &T) -> Option<T> {
        self.finish_edit(current);
        let previous = self.undo.pop()?;
        self.redo.push(current.clone());
        Some(previous)
    }

    /// The rule set to go forward to, if any; `current` goes on the undo stack.
    pub fn redo(&mut self, current: &T) -> Option<T> {
        self.finish_edit(current);
        let next = self.redo.pop()?;
        self.undo.push(current.clone());
        Some(next)
    }

    /// Whether there is anything to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty() || self.gesture_start.is_some()
    }

    /// Whether a gesture is under way (its changes not yet an undo step).
    pub fn has_open_gesture(&self) -> bool {
        self.gesture_start.is_some()
    }

    /// Whether there is anything to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> RuleSet {
        RuleSet {
            name: name.to_owned(),
            ..RuleSet::default()
        }
    }

    #[test]
    fn a_gesture_is_one_step_and_redo_follows_undo() {
        let mut history = History::<RuleSet>::default();
        let mut current = named("a");
        for name in ["b", "c", "d"] {
            history.before_edit(&current);
            current = named(name);
        }
        history.finish_edit(&current);
        assert!(history.can_undo());
        let back = history.undo(&current);
        assert_eq!(back, Some(named("a")));
        assert!(history.can_redo());
        assert_eq!(history.redo(&named("a")), Some(named("d")));
    }

    #[test]
    fn an_edit_that_changes_nothing_is_no_step() {
        let mut history = History::<RuleSet>::default();
        let current = named("a");
        history.before_edit(&current);
        history.finish_edit(&current);
        assert!(!history.can_undo());
        assert_eq!(history.undo(&current), None);
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut history = History::<RuleSet>::default();
        history.record(&named("a"), &named("b"));
        assert_eq!(history.undo(&named("b")), Some(named("a")));
        history.record(&named("a"), &named("c"));
        assert!(!history.can_redo());
    }
}
