//! A plain row-by-row evaluator of rule sets: the reference the polars
//! engine must agree with. Written from the specification, sharing no code
//! with the engine beyond the rule-set types and `translate`, which defines
//! what a regular expression means (ASCII `\w` and `\b`, folding written
//! out); the pattern module's own tests check it against an oracle.

use leadscore::data::Dataset;
use leadscore::model::{
    Condition, DateOp, Decay, DomainOp, EventCondition, Flavor, NumberOp, RuleSet, Stage, TextOp,
    translate,
};
use polars::prelude::*;

const DAY: i64 = 86_400_000;

/// One cell of the contacts table.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Null,
    Text(String),
    Num(f64),
    Bool(bool),
    Date(i64),
}

/// One event of a contact.
#[derive(Debug, Clone)]
pub struct Ev {
    pub ts: i64,
    pub kind: String,
    pub detail: Option<String>,
}

/// The data in plain rows.
pub struct Rows {
    pub names: Vec<String>,
    pub rows: Vec<Vec<Val>>,
    pub events: Vec<Vec<Ev>>,
}

impl Rows {
    pub fn from_dataset(data: &Dataset) -> Rows {
        let names: Vec<String> = data
            .contacts
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let n = data.contacts.height();
        let mut rows = vec![Vec::new(); n];
        for column in data.contacts.columns() {
            for (row, slot) in rows.iter_mut().enumerate() {
                let value = match column.get(row).unwrap() {
                    AnyValue::Null => Val::Null,
                    AnyValue::String(s) => Val::Text(s.to_owned()),
                    AnyValue::StringOwned(s) => Val::Text(s.to_string()),
                    AnyValue::Float64(x) => Val::Num(x),
                    AnyValue::Boolean(b) => Val::Bool(b),
                    AnyValue::Datetime(ms, _, _) => Val::Date(ms),
                    AnyValue::DatetimeOwned(ms, _, _) => Val::Date(ms),
                    other => panic!("unexpected value {other:?}"),
                };
                slot.push(value);
            }
        }
        let mut events = vec![Vec::new(); n];
        if let Some(e) = &data.events {
            let f = &e.to_frame().unwrap();
            let row = f.column("row").unwrap().u32().unwrap();
            let ts = f.column("ts").unwrap().i64().unwrap();
            let kind = f.column("type").unwrap().str().unwrap();
            let detail = f.column("detail").unwrap().str().unwrap();
            for i in 0..f.height() {
                events[row.get(i).unwrap() as usize].push(Ev {
                    ts: ts.get(i).unwrap(),
                    kind: kind.get(i).unwrap().to_owned(),
                    detail: detail.get(i).map(str::to_owned),
                });
            }
        }
        Rows {
            names,
            rows,
            events,
        }
    }

    fn value(&self, row: usize, field: &str) -> &Val {
        let i = self.names.iter().position(|n| n == field).unwrap();
        &self.rows[row][i]
    }
}

/// What the reference computes for one contact.
#[derive(Debug, Clone, PartialEq)]
pub struct RefScore {
    pub fit: i64,
    pub engagement: i64,
    pub total: i64,
    pub stage: Stage,
    pub matched: Vec<bool>,
    /// Points each enabled rule gave, decayed and per event where so.
    pub points: Vec<i64>,
    /// The grade label ("B2"), when the rule set has a grade matrix.
    pub grade: Option<String>,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

fn text_holds(value: &str, op: &TextOp, case_sensitive: bool) -> bool {
    let prep = |s: &str| {
        if case_sensitive {
            s.trim().to_owned()
        } else {
            norm(s)
        }
    };
    let v = prep(value);
    match op {
        TextOp::Equals(x) => v == prep(x),
        TextOp::OneOf(xs) => xs.iter().any(|x| v == prep(x)),
        TextOp::Contains(x) => v.contains(&prep(x)),
        TextOp::ContainsAny(xs) => xs.iter().any(|x| v.contains(&prep(x))),
        TextOp::StartsWith(x) => v.starts_with(&prep(x)),
        TextOp::EndsWith(x) => v.ends_with(&prep(x)),
        TextOp::Matches(p) => pattern_matches(p, !case_sensitive, value),
    }
}

/// The chosen pattern semantics (ASCII classes and boundaries, folding
/// written out): our own translation, then the plain regex crate.
fn pattern_matches(pattern: &str, case_insensitive: bool, value: &str) -> bool {
    let ours = translate(pattern, case_insensitive, Flavor::Rust).unwrap();
    regex::Regex::new(&ours).unwrap().is_match(value)
}

fn number_holds(v: f64, op: &NumberOp) -> bool {
    match *op {
        NumberOp::Eq(x) => v == x,
        NumberOp::Ne(x) => v != x,
        NumberOp::Lt(x) => v < x,
        NumberOp::Le(x) => v <= x,
        NumberOp::Gt(x) => v > x,
        NumberOp::Ge(x) => v >= x,
        NumberOp::Between(a, b) => a <= v && v <= b,
    }
}

fn age_days(end: i64, ts: i64) -> i64 {
    (end - 1 - ts).div_euclid(DAY)
}

fn day_start(d: chrono::NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis()
}

pub struct Reference<'a> {
    pub rows: &'a Rows,
    pub rules: &'a RuleSet,
    pub end: i64,
}

impl Reference<'_> {
    fn matching_events(&self, row: usize, e: &EventCondition) -> Vec<i64> {
        self.rows.events[row]
            .iter()
            .filter(|ev| ev.ts < self.end)
            .filter(|ev| {
                e.within_days
                    .is_none_or(|n| age_days(self.end, ev.ts) <= i64::from(n))
            })
            .filter(|ev| {
                e.event_types.is_empty() || e.event_types.iter().any(|t| norm(t) == ev.kind)
            })
            .filter(|ev| match (&e.detail, &ev.detail) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(TextOp::Matches(p)), Some(d)) => pattern_matches(p, true, d),
                (Some(op), Some(d)) => text_holds(d, op, false),
            })
            .map(|ev| age_days(self.end, ev.ts))
            .collect()
    }

    pub fn holds(&self, row: usize, c: &Condition) -> bool {
        match c {
            Condition::All(cs) => cs.iter().all(|c| self.holds(row, c)),
            Condition::Any(cs) => cs.iter().any(|c| self.holds(row, c)),
            Condition::Not(c) => !self.holds(row, c),
            Condition::Text {
                field,
                op,
                case_sensitive,
            } => match self.rows.value(row, field) {
                // A condition still being built matches nobody.
                Val::Text(s) => !op.is_incomplete() && text_holds(s, op, *case_sensitive),
                _ => false,
            },
            Condition::Number { field, op } => match self.rows.value(row, field) {
                Val::Num(v) => number_holds(*v, op),
                _ => false,
            },
            Condition::Bool { field, is } => match self.rows.value(row, field) {
                Val::Bool(b) => b == is,
                Val::Num(v) => (*v != 0.0) == *is,
                _ => false,
            },
            Condition::Date { field, op } => match self.rows.value(row, field) {
                Val::Date(v) => match *op {
                    DateOp::WithinLastDays(n) => {
                        *v < self.end && age_days(self.end, *v) <= i64::from(n)
                    }
                    DateOp::MoreThanDaysAgo(n) => {
                        *v < self.end && age_days(self.end, *v) > i64::from(n)
                    }
                    DateOp::Before(d) => *v < day_start(d),
                    DateOp::After(d) => *v >= day_start(d) + DAY,
                },
                _ => false,
            },
            Condition::IsEmpty { field } => matches!(self.rows.value(row, field), Val::Null),
            Condition::NotEmpty { field } => !matches!(self.rows.value(row, field), Val::Null),
            Condition::EmailDomain { field, op } => {
                let Val::Text(s) = self.rows.value(row, field) else {
                    return false;
                };
                let lowered = norm(s);
                let Some((_, domain)) = lowered.rsplit_once('@') else {
                    return false;
                };
                if domain.is_empty() {
                    return false;
                }
                match op {
                    DomainOp::FreeMail => self
                        .rules
                        .free_mail_domains
                        .iter()
                        .any(|d| norm(d) == domain),
                    DomainOp::Education => {
                        regex::Regex::new(r"(^|\.)edu$|(^|\.)(edu|ac)\.[a-z]{2}$")
                            .unwrap()
                            .is_match(domain)
                    }
                    DomainOp::OneOf(ds) => ds
                        .iter()
                        .map(|d| norm(d))
                        .filter(|d| !d.is_empty())
                        .any(|d| domain == d || domain.ends_with(&format!(".{d}"))),
                }
            }
            Condition::Event(e) => self.matching_events(row, e).len() >= e.at_least as usize,
        }
    }

    fn weight(decay: &Decay, age: i64) -> f64 {
        match decay {
            Decay::None => 1.0,
            Decay::HalfLife { days } => 0.5f64.powf(age as f64 / days),
            Decay::Steps(steps) => steps
                .iter()
                .find(|s| age <= i64::from(s.up_to_days))
                .map_or(0.0, |s| s.factor),
        }
    }

    pub fn score(&self, row: usize) -> RefScore {
        let mut matched = Vec::new();
        let mut points = Vec::new();
        let mut sums = [0i64; 2];
        for (d, groups) in [&self.rules.fit, &self.rules.engagement]
            .into_iter()
            .enumerate()
        {
            for group in groups {
                let mut sum = 0i64;
                for rule in group.rules.iter().filter(|r| r.enabled) {
                    let m = self.holds(row, &rule.condition);
                    matched.push(m);
                    if !m {
                        points.push(0);
                        continue;
                    }
                    let given = match &rule.condition {
                        Condition::Event(e) => {
                            let mut ages = self.matching_events(row, e);
                            ages.sort();
                            let w = match rule.per_event_max {
                                None => ages
                                    .first()
                                    .map_or(0.0, |a| Self::weight(&self.rules.decay, *a)),
                                Some(max) => {
                                    let mut ws: Vec<f64> = ages
                                        .iter()
                                        .map(|a| Self::weight(&self.rules.decay, *a))
                                        .collect();
                                    ws.sort_by(|a, b| b.partial_cmp(a).unwrap());
                                    ws.iter().take(max as usize).sum()
                                }
                            };
                            (rule.points as f64 * w + 0.5).floor() as i64
                        }
                        _ => rule.points,
                    };
                    points.push(given);
                    sum += given;
                }
                if let Some(cap) = group.cap {
                    sum = sum.clamp(-cap, cap);
                }
                sums[d] += sum;
            }
        }
        let total = sums[0] + sums[1];
        let excluded = self
            .rules
            .exclusions
            .iter()
            .any(|e| e.enabled && self.holds(row, &e.condition));
        let crit = |cs: &[leadscore::model::Criterion]| {
            cs.iter()
                .any(|c| c.enabled && self.holds(row, &c.condition))
        };
        let s = &self.rules.stages;
        let stage = if excluded {
            Stage::Excluded
        } else if crit(&s.sql_criteria) || total >= s.sql_threshold {
            Stage::Sql
        } else if crit(&s.mql_criteria) || total >= s.mql_threshold {
            Stage::Mql
        } else if s.disqualify_below.is_some_and(|f| total < f) {
            Stage::Disqualified
        } else {
            Stage::Nurture
        };
        // Grades written out band by band, not with the model's helpers.
        let grade = self.rules.grades.as_ref().map(|g| {
            let letter = if sums[0] >= g.a_min_fit {
                "A"
            } else if sums[0] >= g.b_min_fit {
                "B"
            } else if sums[0] >= g.c_min_fit {
                "C"
            } else {
                "D"
            };
            let tier = if sums[1] >= g.tier1_min_engagement {
                1
            } else if sums[1] >= g.tier2_min_engagement {
                2
            } else {
                3
            };
            format!("{letter}{tier}")
        });
        RefScore {
            fit: sums[0],
            engagement: sums[1],
            total,
            stage,
            matched,
            points,
            grade,
        }
    }
}
