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
    /// workshop, ours first. Sides written as sentences (a decay) are
    /// kept whole: "Decay here: Points halve every 30 days. In Sales
    /// proposal: Event points do not decay."
    pub fn in_words(&self, their_name: &str) -> String {
        let mut topic = self.topic.clone();
        if let Some(first) = topic.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        if self.ours.ends_with('.') || self.theirs.ends_with('.') {
            let sentence = |text: &str| {
                let text = text.trim_end_matches('.');
                format!("{text}.")
            };
            return format!(
                "{topic} here: {} In {their_name}: {}",
                sentence(&self.ours),
                sentence(&self.theirs)
            );
        }
        format!(
            "{topic}: {} here, {} in {their_name}",
            self.ours, self.theirs
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_read_as_a_phrase_or_as_sentences() {
        let points = Difference::new("points", "+5".to_owned(), "+10".to_owned());
        assert_eq!(points.in_words("B"), "Points: +5 here, +10 in B");
        let decay = Difference::new(
            "decay",
            "Event points halve every 60 days.".to_owned(),
            "none".to_owned(),
        );
        assert_eq!(
            decay.in_words("B"),
            "Decay here: Event points halve every 60 days. In B: none."
        );
    }
}
