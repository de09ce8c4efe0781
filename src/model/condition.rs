//! Conditions: what a rule, an exclusion or a stage criterion tests.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A test on one contact. Composable with `All`, `Any` and `Not`.
///
/// A leaf condition on a missing value is false, except `IsEmpty`; `Not`
/// negates the composed result, so `Not(Text equals "x")` holds for a
/// missing value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// Every condition holds (true when empty).
    All(Vec<Condition>),
    /// At least one condition holds (false when empty).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A test on a text column; trimmed and case-insensitive unless `case_sensitive`.
    Text {
        /// Column name as in the file.
        field: String,
        /// The comparison.
        op: TextOp,
        /// Compare letter case exactly.
        #[serde(default, skip_serializing_if = "is_false")]
        case_sensitive: bool,
    },
    /// A comparison on a number column.
    Number {
        /// Column name as in the file.
        field: String,
        /// The comparison.
        op: NumberOp,
    },
    /// A boolean column is true (or false). Numbers count as true when non-zero.
    Bool {
        /// Column name as in the file.
        field: String,
        /// The value that matches.
        is: bool,
    },
    /// A date column relative to the as-of date, or to a fixed date.
    Date {
        /// Column name as in the file.
        field: String,
        /// The comparison.
        op: DateOp,
    },
    /// The value is missing or blank.
    IsEmpty {
        /// Column name as in the file.
        field: String,
    },
    /// The value is present and not blank.
    NotEmpty {
        /// Column name as in the file.
        field: String,
    },
    /// A test on the domain of an email address.
    EmailDomain {
        /// Column holding email addresses.
        field: String,
        /// The comparison.
        op: DomainOp,
    },
    /// The contact has at least N matching events (needs an events table).
    Event(EventCondition),
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Text comparisons.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextOp {
    /// Equal to the value.
    Equals(String),
    /// Equal to one of the values.
    OneOf(Vec<String>),
    /// Contains the value.
    Contains(String),
    /// Contains at least one of the values.
    ContainsAny(Vec<String>),
    /// Starts with the value.
    StartsWith(String),
    /// Ends with the value.
    EndsWith(String),
    /// A regular expression finds a match (Rust `regex` syntax).
    Matches(String),
}

impl TextOp {
    /// Short verb for sentences ("contains").
    pub fn verb(&self) -> &'static str {
        match self {
            TextOp::Equals(_) => "is",
            TextOp::OneOf(_) => "is one of",
            TextOp::Contains(_) => "contains",
            TextOp::ContainsAny(_) => "contains any of",
            TextOp::StartsWith(_) => "starts with",
            TextOp::EndsWith(_) => "ends with",
            TextOp::Matches(_) => "matches",
        }
    }

    /// Whether no value is given yet (every value blank, or an empty
    /// list): a condition being built. Every evaluator lets it match
    /// nobody, whatever the operator, until it is completed.
    pub fn is_incomplete(&self) -> bool {
        self.values().iter().all(|value| value.trim().is_empty())
    }

    /// The values the operator compares against.
    pub fn values(&self) -> Vec<&str> {
        match self {
            TextOp::Equals(v)
            | TextOp::Contains(v)
            | TextOp::StartsWith(v)
            | TextOp::EndsWith(v)
            | TextOp::Matches(v) => vec![v.as_str()],
            TextOp::OneOf(vs) | TextOp::ContainsAny(vs) => vs.iter().map(String::as_str).collect(),
        }
    }
}

/// Number comparisons; `Between` includes both bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NumberOp {
    /// Equal.
    Eq(f64),
    /// Not equal.
    Ne(f64),
    /// Less than.
    Lt(f64),
    /// Less than or equal.
    Le(f64),
    /// Greater than.
    Gt(f64),
    /// Greater than or equal.
    Ge(f64),
    /// Between two inclusive bounds.
    Between(f64, f64),
}

// Conditions are cache keys in the engine. Validation refuses numbers that
// are not finite, so `==` on the bounds is an equivalence; `-0.0` and `0.0`
// are equal and hash alike.
impl Eq for NumberOp {}

impl std::hash::Hash for NumberOp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let bits = |x: f64| (x + 0.0).to_bits();
        std::mem::discriminant(self).hash(state);
        match *self {
            NumberOp::Eq(x)
            | NumberOp::Ne(x)
            | NumberOp::Lt(x)
            | NumberOp::Le(x)
            | NumberOp::Gt(x)
            | NumberOp::Ge(x) => bits(x).hash(state),
            NumberOp::Between(low, high) => (bits(low), bits(high)).hash(state),
        }
    }
}

impl NumberOp {
    /// Whether a value satisfies the comparison.
    pub fn holds(&self, value: f64) -> bool {
        match *self {
            NumberOp::Eq(x) => value == x,
            NumberOp::Ne(x) => value != x,
            NumberOp::Lt(x) => value < x,
            NumberOp::Le(x) => value <= x,
            NumberOp::Gt(x) => value > x,
            NumberOp::Ge(x) => value >= x,
            NumberOp::Between(lo, hi) => value >= lo && value <= hi,
        }
    }

    /// The interval of values that satisfy the comparison, if it is one.
    pub fn interval(&self) -> Option<Interval> {
        let closed = |lo, hi| Interval {
            low: lo,
            low_open: false,
            high: hi,
            high_open: false,
        };
        match *self {
            NumberOp::Eq(x) => Some(closed(x, x)),
            NumberOp::Ne(_) => None,
            NumberOp::Lt(x) => Some(Interval {
                high_open: true,
                ..closed(f64::NEG_INFINITY, x)
            }),
            NumberOp::Le(x) => Some(closed(f64::NEG_INFINITY, x)),
            NumberOp::Gt(x) => Some(Interval {
                low_open: true,
                ..closed(x, f64::INFINITY)
            }),
            NumberOp::Ge(x) => Some(closed(x, f64::INFINITY)),
            NumberOp::Between(lo, hi) => Some(closed(lo, hi)),
        }
    }

    /// Human-readable operator and operand ("≥ 200").
    pub fn describe(&self) -> String {
        match self {
            NumberOp::Eq(x) => format!("= {x}"),
            NumberOp::Ne(x) => format!("≠ {x}"),
            NumberOp::Lt(x) => format!("< {x}"),
            NumberOp::Le(x) => format!("≤ {x}"),
            NumberOp::Gt(x) => format!("> {x}"),
            NumberOp::Ge(x) => format!("≥ {x}"),
            NumberOp::Between(lo, hi) => format!("between {lo} and {hi}"),
        }
    }
}

/// A range of numbers, each bound open or closed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Whether the lower bound itself is excluded.
    pub low_open: bool,
    /// Upper bound.
    pub high: f64,
    /// Whether the upper bound itself is excluded.
    pub high_open: bool,
}

impl Interval {
    /// Whether some number lies in both intervals.
    pub fn overlaps(&self, other: &Interval) -> bool {
        let (low, low_open) = if self.low > other.low || (self.low == other.low && self.low_open) {
            (self.low, self.low_open)
        } else {
            (other.low, other.low_open)
        };
        let (high, high_open) =
            if self.high < other.high || (self.high == other.high && self.high_open) {
                (self.high, self.high_open)
            } else {
                (other.high, other.high_open)
            };
        low < high || (low == high && !low_open && !high_open)
    }
}

/// Date comparisons; "days" are whole days before the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateOp {
    /// At most N days before the as-of date (and not after it).
    WithinLastDays(u32),
    /// More than N days before the as-of date.
    MoreThanDaysAgo(u32),
    /// Strictly before a date.
    Before(NaiveDate),
    /// Strictly after a date.
    After(NaiveDate),
}

impl DateOp {
    /// Human-readable comparison.
    pub fn describe(&self) -> String {
        match self {
            DateOp::WithinLastDays(n) => format!("is within the last {n} days"),
            DateOp::MoreThanDaysAgo(n) => format!("is more than {n} days ago"),
            DateOp::Before(d) => format!("is before {d}"),
            DateOp::After(d) => format!("is after {d}"),
        }
    }
}

/// Email-domain tests.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DomainOp {
    /// The domain is in the rule set's free-mail list.
    FreeMail,
    /// An education domain (`.edu`, `.edu.xx`, `.ac.xx`).
    Education,
    /// The domain is one of these (competitors, own company), subdomains included.
    OneOf(Vec<String>),
}

/// At least `at_least` events of the given types, filtered by detail and age.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct EventCondition {
    /// Event types that count (case-insensitive); empty means any type.
    pub event_types: Vec<String>,
    /// Optional test on the event's detail (URL, form name, campaign).
    pub detail: Option<TextOp>,
    /// Only events at most this many days before the as-of date.
    pub within_days: Option<u32>,
    /// How many matching events are needed.
    pub at_least: u32,
}

impl Default for EventCondition {
    fn default() -> Self {
        Self {
            event_types: Vec::new(),
            detail: None,
            within_days: None,
            at_least: 1,
        }
    }
}

impl EventCondition {
    /// Human-readable sentence.
    pub fn describe(&self) -> String {
        let kinds = if self.event_types.is_empty() {
            "events".to_owned()
        } else {
            let mut kinds: Vec<String> = self
                .event_types
                .iter()
                .take(DESCRIBED_VALUES)
                .map(|t| crate::format::echo(t))
                .collect();
            if self.event_types.len() > DESCRIBED_VALUES {
                kinds.push(format!(
                    "{} other types",
                    crate::format::thousands(self.event_types.len() - DESCRIBED_VALUES)
                ));
            }
            kinds.join(" or ")
        };
        let mut text = format!("at least {} {kinds}", self.at_least);
        if let Some(detail) = &self.detail {
            text.push_str(&format!(
                " whose detail {} {}",
                detail.verb(),
                quote_list(&detail.values())
            ));
        }
        if let Some(days) = self.within_days {
            text.push_str(&format!(" in the last {days} days"));
        }
        text
    }
}

impl Condition {
    /// Whether the condition is a single test (not All, Any or Not): the
    /// rule builder edits those part by part.
    pub fn is_leaf(&self) -> bool {
        !matches!(
            self,
            Condition::All(_) | Condition::Any(_) | Condition::Not(_)
        )
    }

    /// How deep the condition nests: 1 for a plain test, one more for each
    /// `All`, `Any` or `Not` around it. Measured without recursion, so
    /// that a condition of any depth can be measured (and refused).
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut pending = vec![(self, 1)];
        while let Some((condition, depth)) = pending.pop() {
            deepest = deepest.max(depth);
            match condition {
                Condition::All(cs) | Condition::Any(cs) => {
                    pending.extend(cs.iter().map(|c| (c, depth + 1)));
                }
                Condition::Not(c) => pending.push((c, depth + 1)),
                _ => {}
            }
        }
        deepest
    }

    /// The data columns the condition reads (not the events table).
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_fields(&mut out);
        out
    }

    fn collect_fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.collect_fields(out));
            }
            Condition::Not(c) => c.collect_fields(out),
            leaf => out.extend(leaf.field()),
        }
    }

    /// The column a leaf condition reads (`None` for All, Any, Not and
    /// event conditions).
    pub fn field(&self) -> Option<&str> {
        match self {
            Condition::Text { field, .. }
            | Condition::Number { field, .. }
            | Condition::Bool { field, .. }
            | Condition::Date { field, .. }
            | Condition::IsEmpty { field }
            | Condition::NotEmpty { field }
            | Condition::EmailDomain { field, .. } => Some(field),
            Condition::All(_) | Condition::Any(_) | Condition::Not(_) | Condition::Event(_) => None,
        }
    }

    /// The column a leaf condition reads, to change it.
    pub fn field_mut(&mut self) -> Option<&mut String> {
        match self {
            Condition::Text { field, .. }
            | Condition::Number { field, .. }
            | Condition::Bool { field, .. }
            | Condition::Date { field, .. }
            | Condition::IsEmpty { field }
            | Condition::NotEmpty { field }
            | Condition::EmailDomain { field, .. } => Some(field),
            Condition::All(_) | Condition::Any(_) | Condition::Not(_) | Condition::Event(_) => None,
        }
    }

    /// Whether the condition needs an events table.
    pub fn uses_events(&self) -> bool {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().any(Condition::uses_events),
            Condition::Not(c) => c.uses_events(),
            Condition::Event(_) => true,
            _ => false,
        }
    }

    /// The condition read as a sentence ("Job Title contains "VP"").
    pub fn describe(&self) -> String {
        match self {
            Condition::All(cs) => join_described(cs, " and "),
            Condition::Any(cs) => join_described(cs, " or "),
            Condition::Not(c) => format!("not ({})", c.describe()),
            Condition::Text {
                field,
                op,
                case_sensitive,
            } => {
                if op.is_incomplete() {
                    return format!("{} {} … (no value yet)", shown(field), op.verb());
                }
                let case = if *case_sensitive { " (exact case)" } else { "" };
                format!(
                    "{} {} {}{case}",
                    shown(field),
                    op.verb(),
                    quote_list(&op.values())
                )
            }
            Condition::Number { field, op } => format!("{} {}", shown(field), op.describe()),
            Condition::Bool { field, is } => format!("{} is {is}", shown(field)),
            Condition::Date { field, op } => format!("{} {}", shown(field), op.describe()),
            Condition::IsEmpty { field } => format!("{} is empty", shown(field)),
            Condition::NotEmpty { field } => format!("{} is not empty", shown(field)),
            Condition::EmailDomain { field, op } => match op {
                DomainOp::FreeMail => format!("{} is a free-mail address", shown(field)),
                DomainOp::Education => format!("{} is an education address", shown(field)),
                DomainOp::OneOf(domains) => {
                    let list: Vec<&str> = domains.iter().map(String::as_str).collect();
                    format!("{} domain is one of {}", shown(field), quote_list(&list))
                }
            },
            Condition::Event(e) => e.describe(),
        }
    }
}

fn join_described(conditions: &[Condition], separator: &str) -> String {
    if conditions.is_empty() {
        return "(no condition)".to_owned();
    }
    let parts: Vec<String> = conditions
        .iter()
        .map(|c| match c {
            Condition::All(_) | Condition::Any(_) => format!("({})", c.describe()),
            _ => c.describe(),
        })
        .collect();
    parts.join(separator)
}

/// A field name as a sentence shows it (escaped and shortened, see
/// [`crate::format::echo`]): a rule set can name a field of any length.
fn shown(field: &str) -> String {
    crate::format::echo(field)
}

/// Values a sentence lists before saying how many more there are: a
/// target-account list of thousands would make a label no one reads (and
/// the app would lay it out every frame).
const DESCRIBED_VALUES: usize = 12;

fn quote_list(values: &[&str]) -> String {
    let mut quoted: Vec<String> = values
        .iter()
        .take(DESCRIBED_VALUES)
        .map(|v| format!("\"{}\"", crate::format::echo(v)))
        .collect();
    if values.len() > DESCRIBED_VALUES {
        quoted.push(format!(
            "and {} more",
            crate::format::thousands(values.len() - DESCRIBED_VALUES)
        ));
    }
    quoted.join(", ")
}
