//! What a rule builder offers from the data, computed once per load: the
//! most frequent values of every text column and the rules the history
//! suggests.

use std::collections::{BTreeMap, HashMap};

use super::{Candidate, candidate_rules};
use crate::data::Dataset;
use crate::model::ColumnKind;

/// Most frequent values kept per text column.
pub const TOP_VALUES: usize = 12;
/// Candidate rules kept.
pub const CANDIDATES: usize = 40;

/// Plain figures about the loaded data, for the panels.
#[derive(Debug, Clone, Default)]
pub struct DataProfile {
    /// Per text column: its most frequent values with their counts, most
    /// frequent first.
    pub top_values: BTreeMap<String, Vec<(String, usize)>>,
    /// Values and ranges whose contacts convert markedly better or worse.
    pub candidates: Vec<Candidate>,
}

impl DataProfile {
    /// Counts the values of every text column and finds the candidates.
    pub fn of(data: &Dataset) -> Self {
        let mut top_values = BTreeMap::new();
        for (name, kind) in &data.schema.columns {
            if *kind != ColumnKind::Text {
                continue;
            }
            let Ok(values) = data.contacts.column(name).and_then(|c| c.str().cloned()) else {
                continue;
            };
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for value in values.iter().flatten() {
                let value = value.trim();
                if !value.is_empty() {
                    *counts.entry(value).or_default() += 1;
                }
            }
            let mut counts: Vec<(String, usize)> = counts
                .into_iter()
                .map(|(value, count)| (value.to_owned(), count))
                .collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            counts.truncate(TOP_VALUES);
            top_values.insert(name.clone(), counts);
        }
        DataProfile {
            top_values,
            candidates: candidate_rules(data, CANDIDATES),
        }
    }

    /// The most frequent values of a column (empty when not a text column).
    pub fn values_of(&self, field: &str) -> &[(String, usize)] {
        self.top_values.get(field).map_or(&[], Vec::as_slice)
    }
}
