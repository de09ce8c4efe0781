//! Conditions compiled to polars expressions: one closed enum matched
//! exhaustively, every leaf false on a missing value.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use polars::prelude::*;

use super::cache::EventFeature;
use super::dictionary::{Dictionary, Source, domain_column};
use super::time::DAY_MS;
use crate::data::parse::{day_start_ms, normalize_text};
use crate::model::{
    Condition, DateOp, DomainOp, Flavor, NumberOp, RuleSet, Schema, TextOp, translate,
};

/// The regular expression of education domains (`.edu`, `.edu.xx`, `.ac.xx`).
pub const EDUCATION_DOMAIN_PATTERN: &str = r"(^|\.)edu$|(^|\.)(edu|ac)\.[a-z]{2}$";
/// Extracts the domain of an email address (after the last `@`).
pub const EMAIL_DOMAIN_PATTERN: &str = r"@([^@]+)$";

/// What a condition compiles against: the rule set's settings, the as-of
/// moment, the data's column types and the event features in the frame.
pub(super) struct Compiler<'a> {
    pub rules: &'a RuleSet,
    pub end_ms: i64,
    pub schema: &'a Schema,
    /// Frame column of every event feature computed for this run.
    pub event_columns: &'a HashMap<EventFeature, String>,
    /// The text fields compiled conditions compare normalised: the run
    /// computes each such copy once, in a layer before the conditions.
    pub normalised_fields: RefCell<BTreeSet<String>>,
    /// The email fields whose domains compiled conditions test: the run
    /// extracts each once (see [`email_domains`]).
    pub domain_fields: RefCell<BTreeSet<String>>,
    /// Text fields (and email domains) read through their distinct values.
    pub dictionaries: &'a HashMap<Source, Arc<Dictionary>>,
    /// Text and domain tests compiled as a column of their own, evaluated
    /// on a dictionary: the column `leaf_column(i)` holds `leaves[i]`.
    pub leaves: RefCell<Leaves>,
}

/// Dictionary leaves in the order first met, each once; looked up by hash,
/// since a rule set of many rules can hold tens of thousands of them.
#[derive(Debug, Default)]
pub(super) struct Leaves {
    list: Vec<Condition>,
    index: HashMap<Condition, usize>,
}

impl Leaves {
    /// The index of a leaf, added when new.
    fn index_of(&mut self, condition: &Condition) -> usize {
        if let Some(&index) = self.index.get(condition) {
            return index;
        }
        let index = self.list.len();
        self.list.push(condition.clone());
        self.index.insert(condition.clone(), index);
        index
    }

    /// The leaves, in the order of their indices.
    pub fn into_list(self) -> Vec<Condition> {
        self.list
    }
}

/// The run's column holding the result of dictionary leaf `index`.
pub(super) fn leaf_column(index: usize) -> String {
    format!("\u{1}leaf{index}")
}

impl<'a> Compiler<'a> {
    /// A compiler of the same rule set with no dictionaries, for the
    /// distinct values themselves.
    pub fn plain(&self, none: &'a HashMap<Source, Arc<Dictionary>>) -> Compiler<'a> {
        Compiler {
            rules: self.rules,
            end_ms: self.end_ms,
            schema: self.schema,
            event_columns: self.event_columns,
            normalised_fields: RefCell::default(),
            domain_fields: RefCell::default(),
            dictionaries: none,
            leaves: RefCell::default(),
        }
    }

    /// The dictionary a text or domain test reads, when it has one.
    pub fn leaf_dictionary(&self, condition: &Condition) -> Option<&'a Arc<Dictionary>> {
        let dictionaries: &'a HashMap<Source, Arc<Dictionary>> = self.dictionaries;
        match condition {
            Condition::Text { field, .. } => dictionaries.get(&Source::Values(field.clone())),
            Condition::EmailDomain { field, .. } => {
                dictionaries.get(&Source::Domains(field.clone()))
            }
            _ => None,
        }
    }

    /// A condition as a boolean expression that is never null.
    pub fn condition(&self, condition: &Condition) -> Expr {
        if self.leaf_dictionary(condition).is_some() {
            let index = self.leaves.borrow_mut().index_of(condition);
            return col(leaf_column(index).as_str());
        }
        let expr = match condition {
            Condition::All(cs) => all_of(cs.iter().map(|c| self.condition(c)).collect()),
            Condition::Any(cs) => any_of(cs.iter().map(|c| self.condition(c)).collect()),
            Condition::Not(c) => self.condition(c).not(),
            Condition::Text {
                field,
                op,
                case_sensitive,
            } => {
                let column = if *case_sensitive {
                    col(field.as_str())
                } else {
                    self.normalised(field)
                };
                text_condition(column, field, op, *case_sensitive)
            }
            Condition::Number { field, op } => number_condition(col(field.as_str()), op),
            Condition::Bool { field, is } => {
                let column = col(field.as_str());
                let truth = match self.kind_is_number(field) {
                    true => column.neq(lit(0.0f64)),
                    false => column,
                };
                truth.eq(lit(*is))
            }
            Condition::Date { field, op } => date_condition(field, op, self.end_ms),
            Condition::IsEmpty { field } => col(field.as_str()).is_null(),
            Condition::NotEmpty { field } => col(field.as_str()).is_not_null(),
            Condition::EmailDomain { field, op } => self.domain_condition(field, op),
            Condition::Event(event) => {
                let feature = EventFeature::Count {
                    event: event.clone(),
                    end_ms: self.end_ms,
                };
                match self.event_columns.get(&feature) {
                    Some(name) => col(name.as_str()).gt_eq(lit(event.at_least)),
                    // Validation refuses event conditions without an events
                    // table; with no events, no contact has any.
                    None => lit(event.at_least == 0),
                }
            }
        };
        expr.fill_null(lit(false))
    }

    /// The normalised copy of a text field, computed by the run's layer.
    fn normalised(&self, field: &str) -> Expr {
        self.normalised_fields.borrow_mut().insert(field.to_owned());
        col(normalised_column(field).as_str())
    }

    fn kind_is_number(&self, field: &str) -> bool {
        self.schema
            .kind_of(field)
            .is_some_and(|k| k == crate::model::ColumnKind::Number)
    }

    fn domain_condition(&self, field: &str, op: &DomainOp) -> Expr {
        self.domain_fields.borrow_mut().insert(field.to_owned());
        let domain = col(domain_column(field).as_str());
        match op {
            DomainOp::FreeMail => any_equal(domain, &self.rules.free_mail_domains),
            DomainOp::Education => domain.str().contains(lit(EDUCATION_DOMAIN_PATTERN), true),
            DomainOp::OneOf(domains) => {
                let domains: Vec<String> = domains
                    .iter()
                    .map(|d| normalize_text(d))
                    .filter(|d| !d.is_empty())
                    .collect();
                one_of_domains(domain, domains)
            }
        }
    }
}

/// A text column as case-insensitive conditions compare it: trimmed, in
/// lower case (as [`normalize_text`]). Computed for one run where a
/// condition needs it, so the dataset holds no second copy of its text; the
/// scorer caches the conditions, not the copies.
pub(super) fn normalised_expr(field: &str) -> Expr {
    col(field)
        .str()
        .strip_chars(lit(NULL))
        .str()
        .to_lowercase()
        .alias(normalised_column(field).as_str())
}

/// The run's column holding the normalised copy of `field`.
fn normalised_column(field: &str) -> String {
    format!("\u{1}lc\u{1}{field}")
}

fn any_equal(value: Expr, candidates: &[String]) -> Expr {
    is_one_of(
        value,
        candidates.iter().map(|c| normalize_text(c)).collect(),
    )
}

/// Whether a domain is one of `domains` or a subdomain of one: looked up
/// whole, then by its parent with as many dots as listed domains have
/// (`mail.eu.acme.com` ends with `.acme.com` exactly when its parent with
/// one dot is `acme.com`), so a list of thousands of domains costs a few
/// lookups per contact rather than thousands of comparisons.
fn one_of_domains(domain: Expr, domains: Vec<String>) -> Expr {
    let mut by_dots: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for d in &domains {
        by_dots
            .entry(d.matches('.').count())
            .or_default()
            .push(d.clone());
    }
    let mut any = is_one_of(domain.clone(), domains);
    for (dots, listed) in by_dots {
        // The part after the one dot that leaves `dots` dots to its right.
        let parent = domain
            .clone()
            .str()
            .extract(lit(format!(r"\.([^.]*(?:\.[^.]*){{{dots}}})$")), 1);
        any = any.or(is_one_of(parent, listed).fill_null(lit(false)));
    }
    any
}

/// Whether a text value is one of `values`: one hashed lookup, however long
/// the list (a target-account list can hold thousands of names).
pub(super) fn is_one_of(value: Expr, values: Vec<String>) -> Expr {
    match values.as_slice() {
        [] => lit(false),
        [only] => value.eq(lit(only.clone())),
        _ => value.is_in(
            lit(Series::new(PlSmallStr::EMPTY, values)).implode(false),
            false,
        ),
    }
}

/// Lists of more values than this are searched for with regular
/// expressions rather than one substring test per value.
const SUBSTRING_TESTS: usize = 8;

/// Values one regular expression searches for at most. The regex crate
/// searches an alternation of 3,000 literals or more with Aho-Corasick (a
/// pass over the text whatever the number of values); a million values
/// become a few dozen such passes, each built from a bounded pattern.
const LITERALS_PER_PATTERN: usize = 25_000;

/// The regex crate's limit on a compiled pattern, raised from its 10 MB:
/// an alternation of fewer than 3,000 long values is compiled to an
/// automaton about as large as the values.
const PATTERN_SIZE_LIMIT_BYTES: usize = 1 << 30;

/// Whether a text contains at least one of `needles` (compared as given):
/// one substring test per value for a few values, else one search for all
/// of them (see [`Substrings`]). An empty value is found in every text.
///
/// polars' own `str().contains_any` (Aho-Corasick, feature `find_many`)
/// would do it in one pass; the crate does not enable that feature.
pub(super) fn contains_any(column: Expr, mut needles: Vec<String>) -> Expr {
    needles.sort_unstable();
    needles.dedup();
    if needles.iter().any(String::is_empty) {
        return column.is_not_null();
    }
    if needles.len() <= SUBSTRING_TESTS {
        let tests = needles
            .into_iter()
            .map(|needle| column.clone().str().contains_literal(lit(needle)))
            .collect();
        return any_of(tests);
    }
    let substrings = Arc::new(Substrings {
        needles,
        searches: std::sync::OnceLock::new(),
    });
    column.map(
        move |values| substrings.found_in(&values),
        |_, field| Ok(Field::new(field.name().clone(), DataType::Boolean)),
    )
}

/// Many substrings searched for at once: alternations of the escaped
/// values, compiled on first use and then shared by every part of the
/// column polars hands over (polars would compile a pattern given as a
/// literal again for each part, seconds each for a million values).
struct Substrings {
    needles: Vec<String>,
    searches: std::sync::OnceLock<Result<Vec<regex::Regex>, String>>,
}

impl Substrings {
    fn searches(&self) -> PolarsResult<&[regex::Regex]> {
        let compiled = self.searches.get_or_init(|| {
            let patterns = self.needles.len().div_ceil(LITERALS_PER_PATTERN);
            let per_pattern = self.needles.len().div_ceil(patterns.max(1)).max(1);
            self.needles
                .chunks(per_pattern)
                .map(|chunk| {
                    let alternatives: Vec<String> =
                        chunk.iter().map(|n| regex::escape(n)).collect();
                    regex::RegexBuilder::new(&alternatives.join("|"))
                        .size_limit(PATTERN_SIZE_LIMIT_BYTES)
                        .build()
                        .map_err(|e| e.to_string())
                })
                .collect()
        });
        match compiled {
            Ok(searches) => Ok(searches),
            Err(reason) => {
                Err(polars_err!(ComputeError: "a list of values cannot be searched for: {reason}"))
            }
        }
    }

    /// Per text, whether it contains one of the values (null stays null).
    fn found_in(&self, values: &Column) -> PolarsResult<Column> {
        let searches = self.searches()?;
        let texts = values.str()?;
        let found: BooleanChunked = texts
            .iter()
            .map(|text| text.map(|t| searches.iter().any(|search| search.is_match(t))))
            .collect();
        Ok(found.with_name(texts.name().clone()).into_column())
    }
}

/// Every expression holds (true for none), joined as a balanced tree:
/// thousands of conditions chained one after the other would make an
/// expression tree thousands deep, which polars walks recursively.
pub(super) fn all_of(exprs: Vec<Expr>) -> Expr {
    balanced(exprs, lit(true), Expr::and)
}

/// At least one expression holds (false for none), as [`all_of`].
pub(super) fn any_of(exprs: Vec<Expr>) -> Expr {
    balanced(exprs, lit(false), Expr::or)
}

fn balanced(mut exprs: Vec<Expr>, empty: Expr, join: fn(Expr, Expr) -> Expr) -> Expr {
    while exprs.len() > 1 {
        let mut joined = Vec::with_capacity(exprs.len().div_ceil(2));
        let mut pairs = exprs.into_iter();
        while let Some(left) = pairs.next() {
            joined.push(match pairs.next() {
                Some(right) => join(left, right),
                None => left,
            });
        }
        exprs = joined;
    }
    exprs.pop().unwrap_or(empty)
}

/// A text test on `column` (the field itself, or its normalised copy when
/// the test ignores case).
fn text_condition(column: Expr, field: &str, op: &TextOp, case_sensitive: bool) -> Expr {
    if op.is_incomplete() {
        return lit(false);
    }
    let prepare = |v: &str| {
        if case_sensitive {
            v.trim().to_owned()
        } else {
            normalize_text(v)
        }
    };
    match op {
        TextOp::Equals(v) => column.eq(lit(prepare(v))),
        TextOp::OneOf(vs) => is_one_of(column, vs.iter().map(|v| prepare(v)).collect()),
        TextOp::Contains(v) => column.str().contains_literal(lit(prepare(v))),
        TextOp::ContainsAny(vs) => contains_any(column, vs.iter().map(|v| prepare(v)).collect()),
        TextOp::StartsWith(v) => column.str().starts_with(lit(prepare(v))),
        TextOp::EndsWith(v) => column.str().ends_with(lit(prepare(v))),
        TextOp::Matches(pattern) => match translate(pattern, !case_sensitive, Flavor::Rust) {
            Ok(ours) => col(field).str().contains(lit(ours), true),
            // Validation refuses the pattern before the engine runs it.
            Err(_) => lit(false),
        },
    }
}

fn number_condition(column: Expr, op: &NumberOp) -> Expr {
    match *op {
        NumberOp::Eq(x) => column.eq(lit(x)),
        NumberOp::Ne(x) => column.neq(lit(x)),
        NumberOp::Lt(x) => column.lt(lit(x)),
        NumberOp::Le(x) => column.lt_eq(lit(x)),
        NumberOp::Gt(x) => column.gt(lit(x)),
        NumberOp::Ge(x) => column.gt_eq(lit(x)),
        NumberOp::Between(lo, hi) => column.clone().gt_eq(lit(lo)).and(column.lt_eq(lit(hi))),
    }
}

/// Date tests as integer comparisons on milliseconds; see [`DateOp`].
fn date_condition(field: &str, op: &DateOp, end_ms: i64) -> Expr {
    let ms = col(field).cast(DataType::Int64);
    match *op {
        DateOp::WithinLastDays(n) => {
            let from = end_ms - (i64::from(n) + 1) * DAY_MS;
            ms.clone().gt_eq(lit(from)).and(ms.lt(lit(end_ms)))
        }
        DateOp::MoreThanDaysAgo(n) => ms.lt(lit(end_ms - (i64::from(n) + 1) * DAY_MS)),
        DateOp::Before(date) => ms.lt(lit(day_start_ms(date))),
        DateOp::After(date) => ms.gt_eq(lit(day_start_ms(date) + DAY_MS)),
    }
}
