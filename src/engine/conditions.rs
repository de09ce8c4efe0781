//! Conditions compiled to polars expressions: one closed enum matched
//! exhaustively, every leaf false on a missing value.

use std::collections::HashMap;

use polars::prelude::*;

use super::cache::EventFeature;
use super::time::DAY_MS;
use crate::data::norm_column;
use crate::data::parse::{day_start_ms, normalize_text};
use crate::model::{Condition, DateOp, DomainOp, NumberOp, RuleSet, Schema, TextOp};

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
}

impl Compiler<'_> {
    /// A condition as a boolean expression that is never null.
    pub fn condition(&self, condition: &Condition) -> Expr {
        let expr = match condition {
            Condition::All(cs) => {
                let mut all = lit(true);
                for c in cs {
                    all = all.and(self.condition(c));
                }
                all
            }
            Condition::Any(cs) => {
                let mut any = lit(false);
                for c in cs {
                    any = any.or(self.condition(c));
                }
                any
            }
            Condition::Not(c) => self.condition(c).not(),
            Condition::Text {
                field,
                op,
                case_sensitive,
            } => text_condition(field, op, *case_sensitive),
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

    fn kind_is_number(&self, field: &str) -> bool {
        self.schema
            .kind_of(field)
            .is_some_and(|k| k == crate::model::ColumnKind::Number)
    }

    fn domain_condition(&self, field: &str, op: &DomainOp) -> Expr {
        let domain = col(norm_column(field).as_str())
            .str()
            .extract(lit(EMAIL_DOMAIN_PATTERN), 1);
        match op {
            DomainOp::FreeMail => any_equal(domain, &self.rules.free_mail_domains),
            DomainOp::Education => domain.str().contains(lit(EDUCATION_DOMAIN_PATTERN), true),
            DomainOp::OneOf(domains) => {
                let mut any = lit(false);
                for d in domains {
                    let d = normalize_text(d);
                    if d.is_empty() {
                        continue;
                    }
                    any = any.or(domain
                        .clone()
                        .eq(lit(d.clone()))
                        .or(domain.clone().str().ends_with(lit(format!(".{d}")))));
                }
                any
            }
        }
    }
}

fn any_equal(value: Expr, candidates: &[String]) -> Expr {
    let mut any = lit(false);
    for c in candidates {
        any = any.or(value.clone().eq(lit(normalize_text(c))));
    }
    any
}

fn text_condition(field: &str, op: &TextOp, case_sensitive: bool) -> Expr {
    if op.is_incomplete() {
        return lit(false);
    }
    let column = if case_sensitive {
        col(field)
    } else {
        col(norm_column(field).as_str())
    };
    let prepare = |v: &str| {
        if case_sensitive {
            v.trim().to_owned()
        } else {
            normalize_text(v)
        }
    };
    match op {
        TextOp::Equals(v) => column.eq(lit(prepare(v))),
        TextOp::OneOf(vs) => {
            let values: Vec<String> = vs.iter().map(|v| prepare(v)).collect();
            let mut any = lit(false);
            for v in values {
                any = any.or(column.clone().eq(lit(v)));
            }
            any
        }
        TextOp::Contains(v) => column.str().contains_literal(lit(prepare(v))),
        TextOp::ContainsAny(vs) => {
            let mut any = lit(false);
            for v in vs {
                any = any.or(column.clone().str().contains_literal(lit(prepare(v))));
            }
            any
        }
        TextOp::StartsWith(v) => column.str().starts_with(lit(prepare(v))),
        TextOp::EndsWith(v) => column.str().ends_with(lit(prepare(v))),
        TextOp::Matches(pattern) => {
            let pattern = if case_sensitive {
                pattern.clone()
            } else {
                format!("(?i){pattern}")
            };
            col(field).str().contains(lit(pattern), true)
        }
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
