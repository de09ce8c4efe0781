//! Text columns by their distinct values: a condition on a text field (or
//! on the domain of an email) is evaluated once per distinct value and then
//! looked up per contact. A CRM column of a million contacts holds a few
//! dozen seniorities or a few thousand job titles, so a text test costs a
//! lookup per contact instead of a string operation, and a thousand rules
//! on the same column cost little more than one.

use std::collections::HashMap;
use std::sync::Arc;

use polars::prelude::*;

use super::Matches;

/// The code of a missing value.
const MISSING: u32 = u32::MAX;

/// Columns with at most this many distinct values also keep, per value,
/// the bitmap of the contacts that have it (32 MB at most for a million
/// contacts): a test is then an OR of a few bitmaps.
const POSTING_VALUES: usize = 256;

/// A text column as codes into its distinct values.
#[derive(Debug)]
pub(super) struct Dictionary {
    /// Per contact, the index of its value in `values`, or [`MISSING`].
    codes: Vec<u32>,
    /// Per distinct value, the bitmap of the contacts that have it, built
    /// on first use for columns with few values.
    postings: std::sync::OnceLock<Option<Vec<Matches>>>,
    /// The distinct values, as a one-column frame named like the column
    /// the conditions read (the field, or its domain column).
    pub values: DataFrame,
}

impl Dictionary {
    /// The dictionary of `values`, or `None` when more than one value in
    /// four is distinct (then per-contact evaluation is as quick).
    fn build(name: &str, values: &StringChunked) -> PolarsResult<Option<Dictionary>> {
        let limit = values.len() / 4;
        let mut code_of: PlHashMap<&str, u32> = PlHashMap::new();
        let mut distinct: Vec<&str> = Vec::new();
        let mut codes = Vec::with_capacity(values.len());
        for value in values.iter() {
            let code = match value {
                None => MISSING,
                Some(v) => match code_of.get(v) {
                    Some(&code) => code,
                    None => {
                        if distinct.len() >= limit.max(1) {
                            return Ok(None);
                        }
                        let code = distinct.len() as u32;
                        code_of.insert(v, code);
                        distinct.push(v);
                        code
                    }
                },
            };
            codes.push(code);
        }
        let values = DataFrame::new(distinct.len(), vec![Column::new(name.into(), distinct)])?;
        Ok(Some(Dictionary {
            codes,
            values,
            postings: std::sync::OnceLock::new(),
        }))
    }

    /// Which contacts have a value for which `accepted` holds (one flag per
    /// distinct value, in the order of `values`).
    pub fn matches(&self, accepted: &BooleanChunked) -> Matches {
        let accepted: Vec<bool> = accepted.iter().map(|v| v.unwrap_or(false)).collect();
        if let Some(postings) = self.postings() {
            let mut words = vec![0u64; self.codes.len().div_ceil(64)];
            for (posting, _) in postings.iter().zip(&accepted).filter(|(_, ok)| **ok) {
                for (word, bits) in words.iter_mut().zip(posting.words()) {
                    *word |= bits;
                }
            }
            return Matches::from_words(words, self.codes.len());
        }
        Matches::from_fn(self.codes.len(), |row| {
            self.codes
                .get(row)
                .and_then(|&code| accepted.get(code as usize))
                .copied()
                .unwrap_or(false)
        })
    }
}

impl Dictionary {
    /// The contacts of each distinct value, for columns with few values.
    fn postings(&self) -> Option<&Vec<Matches>> {
        self.postings
            .get_or_init(|| {
                let values = self.values.height();
                if values > POSTING_VALUES {
                    return None;
                }
                let words = self.codes.len().div_ceil(64);
                let mut bitmaps = vec![vec![0u64; words]; values];
                for (row, &code) in self.codes.iter().enumerate() {
                    if let Some(word) = bitmaps
                        .get_mut(code as usize)
                        .and_then(|bitmap| bitmap.get_mut(row / 64))
                    {
                        *word |= 1 << (row % 64);
                    }
                }
                Some(
                    bitmaps
                        .into_iter()
                        .map(|words| Matches::from_words(words, self.codes.len()))
                        .collect(),
                )
            })
            .as_ref()
    }
}

/// What a dictionary is of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Source {
    /// The values of a text field.
    Values(String),
    /// The domains of the emails in a text field.
    Domains(String),
}

/// The dictionaries of one dataset, built when a condition first needs one.
#[derive(Debug, Default)]
pub(super) struct Dictionaries {
    /// `None` records that a column has too many distinct values.
    built: HashMap<Source, Option<Arc<Dictionary>>>,
}

impl Dictionaries {
    /// Forgets every dictionary (the data changed).
    pub fn clear(&mut self) {
        self.built.clear();
    }

    /// The dictionary of `source` in `contacts`, built on first use; `None`
    /// when the column is not text or has too many distinct values.
    pub fn get(
        &mut self,
        contacts: &DataFrame,
        source: &Source,
    ) -> PolarsResult<Option<Arc<Dictionary>>> {
        if let Some(found) = self.built.get(source) {
            return Ok(found.clone());
        }
        let built = match source {
            Source::Values(field) => match contacts.column(field).and_then(|c| c.str().cloned()) {
                Ok(values) => Dictionary::build(field, &values)?,
                Err(_) => None,
            },
            Source::Domains(field) => match contacts.column(field).and_then(|c| c.str().cloned()) {
                Ok(values) => {
                    let domains = email_domains(field, &values);
                    Dictionary::build(&domain_column(field), domains.str()?)?
                }
                Err(_) => None,
            },
        };
        let built = built.map(Arc::new);
        self.built.insert(source.clone(), built.clone());
        Ok(built)
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.built
            .values()
            .flatten()
            .map(|d| {
                let postings = d.postings.get().and_then(Option::as_ref);
                d.codes.len() * 4
                    + d.values.estimated_size()
                    + postings.map_or(0, |p| p.iter().map(Matches::bytes).sum())
            })
            .sum()
    }
}

/// The run's column holding the domain of the email in `field`.
pub(super) fn domain_column(field: &str) -> String {
    format!("\u{1}domain\u{1}{field}")
}

/// The domain of each email as domain conditions test it: what follows the
/// last `@` of the normalised value (what [`super::EMAIL_DOMAIN_PATTERN`] extracts
/// from it), missing when there is no `@` or nothing after it.
pub(super) fn email_domains(field: &str, values: &StringChunked) -> Column {
    let domains: StringChunked = values
        .iter()
        .map(|v| {
            let (_, domain) = v?.trim().rsplit_once('@')?;
            (!domain.is_empty()).then(|| domain.to_lowercase())
        })
        .collect();
    domains
        .with_name(domain_column(field).into())
        .into_series()
        .into_column()
}
