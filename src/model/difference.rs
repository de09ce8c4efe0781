//! One thing that differs between two rule sets, with its value on either
//! side, written as a change ("a → b") or as the two sides of a workshop.

use serde::Serialize;

/// One thing that differs, with its value on either side, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What differs ("points", "MQL threshold").
    pub topic: String,
    /// Its value on our side (the first rule set).
    pub ours: String,
    /// Its value on their side (the second rule set).
    pub theirs: String,
}

impl Difference {
    /// A difference of `topic`.
    pub fn new(topic: &str, ours: String, theirs: String) -> Self {
        Difference {
            topic: topic.to_owned(),
            ours,
            theirs,
        }
    }

    /// "points: +5 → +10": a change from the first rule set to the second.
    pub fn as_change(&self) -> String {
        format!("{}: {} → {}", self.topic, self.ours, self.theirs)
    }

    /// "Points: +5 here, +10 in Sales proposal": the two sides of a
    /// workshop, ours first.
    pub fn in_words(&self, their_name: &str) -> String {
        let mut topic = self.topic.clone();
        if let Some(first) = topic.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        format!(
            "{topic}: {} here, {} in {their_name}",
            self.ours, self.theirs
        )
    }
}
