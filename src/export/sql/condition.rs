//! Conditions as SQL boolean expressions over the cleaned contact columns
//! (`c{i}` values, `l{i}` lower-case text) and the event CTEs.

use chrono::NaiveDate;

use super::Writer;
use crate::data::ColumnKind;
use crate::engine::DAY_MS;
use crate::model::{Condition, DateOp, DomainOp, NumberOp, TextOp};

impl Writer<'_> {
    pub(super) fn text_op(
        &self,
        raw: &str,
        lower: &str,
        op: &TextOp,
        case_sensitive: bool,
    ) -> String {
        let (column, prep): (&str, fn(&str) -> String) = if case_sensitive {
            (raw, |v: &str| v.trim().to_owned())
        } else {
            (lower, crate::data::parse::normalize_text)
        };
        let any = |parts: Vec<String>| {
            if parts.is_empty() {
                "FALSE".to_owned()
            } else {
                format!("({})", parts.join(" OR "))
            }
        };
        match op {
            TextOp::Equals(v) => format!("({column} = {})", self.text(&prep(v))),
            TextOp::OneOf(vs) => any(vs
                .iter()
                .map(|v| format!("{column} = {}", self.text(&prep(v))))
                .collect()),
            TextOp::Contains(v) => self.d.contains(column, &self.text(&prep(v))),
            TextOp::ContainsAny(vs) => any(vs
                .iter()
                .map(|v| self.d.contains(column, &self.text(&prep(v))))
                .collect()),
            TextOp::StartsWith(v) => {
                let v = prep(v);
                format!(
                    "(LEFT({column}, {}) = {})",
                    v.chars().count(),
                    self.text(&v)
                )
            }
            TextOp::EndsWith(v) => {
                let v = prep(v);
                format!(
                    "(RIGHT({column}, {}) = {})",
                    v.chars().count(),
                    self.text(&v)
                )
            }
            // Patterns were checked for this dialect before writing.
            TextOp::Matches(p) => self
                .d
                .regex(raw, p, !case_sensitive)
                .unwrap_or_else(|_| "FALSE".to_owned()),
        }
    }

    pub(super) fn condition(&self, c: &Condition) -> String {
        let leaf = match c {
            Condition::All(cs) => {
                if cs.is_empty() {
                    return "TRUE".to_owned();
                }
                let parts: Vec<String> = cs.iter().map(|c| self.condition(c)).collect();
                return format!("({})", parts.join(" AND "));
            }
            Condition::Any(cs) => {
                if cs.is_empty() {
                    return "FALSE".to_owned();
                }
                let parts: Vec<String> = cs.iter().map(|c| self.condition(c)).collect();
                return format!("({})", parts.join(" OR "));
            }
            Condition::Not(c) => return format!("(NOT {})", self.condition(c)),
            Condition::Text {
                field,
                op,
                case_sensitive,
            } => {
                // A condition still being built matches nobody, as in the engine.
                if op.is_incomplete() {
                    return "FALSE".to_owned();
                }
                let i = self.column_index(field);
                self.text_op(&format!("c{i}"), &format!("l{i}"), op, *case_sensitive)
            }
            Condition::Number { field, op } => self.number(field, op),
            Condition::Bool { field, is } => self.boolean(field, *is),
            Condition::Date { field, op } => self.date(field, op),
            Condition::IsEmpty { field } => return self.presence(field, true),
            Condition::NotEmpty { field } => return self.presence(field, false),
            Condition::EmailDomain { field, op } => self.email_domain(field, op),
            Condition::Event(e) => format!(
                "(COALESCE(e{}.n, 0) >= {})",
                self.event_index(e),
                e.at_least
            ),
        };
        format!("COALESCE({leaf}, FALSE)")
    }

    fn number(&self, field: &str, op: &NumberOp) -> String {
        let c = format!("c{}", self.column_index(field));
        match *op {
            NumberOp::Eq(x) => format!("({c} = {})", self.float(x)),
            NumberOp::Ne(x) => format!("({c} <> {})", self.float(x)),
            NumberOp::Lt(x) => format!("({c} < {})", self.float(x)),
            NumberOp::Le(x) => format!("({c} <= {})", self.float(x)),
            NumberOp::Gt(x) => format!("({c} > {})", self.float(x)),
            NumberOp::Ge(x) => format!("({c} >= {})", self.float(x)),
            NumberOp::Between(a, b) => {
                format!("({c} >= {} AND {c} <= {})", self.float(a), self.float(b))
            }
        }
    }

    /// A number column counts as true when it is not zero, as in the engine.
    fn boolean(&self, field: &str, is: bool) -> String {
        let c = format!("c{}", self.column_index(field));
        let truth = if self.schema.kind_of(field) == Some(ColumnKind::Number) {
            format!("({c} <> {})", self.float(0.0))
        } else {
            c
        };
        format!("({truth} = {})", if is { "TRUE" } else { "FALSE" })
    }

    /// Dates are compared as epoch milliseconds against whole days before
    /// the end of the as-of day.
    fn date(&self, field: &str, op: &DateOp) -> String {
        let c = format!("c{}", self.column_index(field));
        let start = |d: NaiveDate| crate::data::parse::day_start_ms(d);
        match *op {
            DateOp::WithinLastDays(n) => format!(
                "({c} >= {} AND {c} < {})",
                self.end_ms - (i64::from(n) + 1) * DAY_MS,
                self.end_ms
            ),
            DateOp::MoreThanDaysAgo(n) => {
                format!("({c} < {})", self.end_ms - (i64::from(n) + 1) * DAY_MS)
            }
            DateOp::Before(d) => format!("({c} < {})", start(d)),
            DateOp::After(d) => format!("({c} >= {})", start(d) + DAY_MS),
        }
    }

    fn email_domain(&self, field: &str, op: &DomainOp) -> String {
        let domain = self
            .d
            .email_domain(&format!("l{}", self.column_index(field)));
        match op {
            DomainOp::FreeMail => {
                let list: Vec<String> = self
                    .rules
                    .free_mail_domains
                    .iter()
                    .map(|d| self.text(&crate::data::parse::normalize_text(d)))
                    .collect();
                if list.is_empty() {
                    "FALSE".to_owned()
                } else {
                    format!("({domain} IN ({}))", list.join(", "))
                }
            }
            DomainOp::Education => self
                .d
                .regex(&domain, crate::engine::EDUCATION_DOMAIN_PATTERN, false)
                .unwrap_or_else(|_| "FALSE".to_owned()),
            DomainOp::OneOf(domains) => {
                // The domain itself or any subdomain of it.
                let parts: Vec<String> = domains
                    .iter()
                    .map(|d| crate::data::parse::normalize_text(d))
                    .filter(|d| !d.is_empty())
                    .map(|d| {
                        let dotted = format!(".{d}");
                        format!(
                            "{domain} = {} OR RIGHT({domain}, {}) = {}",
                            self.text(&d),
                            dotted.chars().count(),
                            self.text(&dotted)
                        )
                    })
                    .collect();
                if parts.is_empty() {
                    "FALSE".to_owned()
                } else {
                    format!("({})", parts.join(" OR "))
                }
            }
        }
    }

    fn presence(&self, field: &str, empty: bool) -> String {
        let c = format!("c{}", self.column_index(field));
        if empty {
            format!("({c} IS NULL)")
        } else {
            format!("({c} IS NOT NULL)")
        }
    }
}
