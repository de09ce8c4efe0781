//! A condition as the parts of a sentence (field, operator, value), and how
//! changing one part changes the condition. Plain functions, no drawing.

use chrono::NaiveDate;

use super::{ColumnKind, Condition, DateOp, DomainOp, EventCondition, NumberOp, Schema, TextOp};

/// An event condition's detail test with new values typed as a
/// comma-separated list, keeping its operator (a list makes "contains" into
/// "contains any"); `None` when the text is empty.
pub fn detail_with_values(current: Option<&TextOp>, text: &str) -> Option<TextOp> {
    let list = split_list(text);
    let one = list.first().cloned()?;
    Some(match current {
        Some(TextOp::Equals(_)) => TextOp::Equals(one),
        Some(TextOp::OneOf(_)) => TextOp::OneOf(list),
        Some(TextOp::ContainsAny(_)) => TextOp::ContainsAny(list),
        Some(TextOp::StartsWith(_)) => TextOp::StartsWith(one),
        Some(TextOp::EndsWith(_)) => TextOp::EndsWith(one),
        Some(TextOp::Matches(_)) => TextOp::Matches(text.trim().to_owned()),
        Some(TextOp::Contains(_)) | None if list.len() > 1 => TextOp::ContainsAny(list),
        Some(TextOp::Contains(_)) | None => TextOp::Contains(one),
    })
}

/// The pseudo-field of event conditions in the field list.
pub const EVENTS_FIELD: &str = "Events";

/// The operators the builder offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpChoice {
    TextIs,
    TextOneOf,
    TextContains,
    TextContainsAny,
    TextStartsWith,
    TextEndsWith,
    TextMatches,
    NumberIs,
    NumberIsNot,
    NumberBelow,
    NumberAtMost,
    NumberAbove,
    NumberAtLeast,
    NumberBetween,
    BoolTrue,
    BoolFalse,
    DateWithin,
    DateMoreThan,
    DateBefore,
    DateAfter,
    FreeMail,
    Education,
    DomainOneOf,
    IsEmpty,
    NotEmpty,
    Event,
}

impl OpChoice {
    /// The words of the sentence.
    pub fn label(self) -> &'static str {
        match self {
            OpChoice::TextIs | OpChoice::NumberIs => "is",
            OpChoice::TextOneOf => "is one of",
            OpChoice::TextContains => "contains",
            OpChoice::TextContainsAny => "contains any of",
            OpChoice::TextStartsWith => "starts with",
            OpChoice::TextEndsWith => "ends with",
            OpChoice::TextMatches => "matches the pattern",
            OpChoice::NumberIsNot => "is not",
            OpChoice::NumberBelow => "is less than",
            OpChoice::NumberAtMost => "is at most",
            OpChoice::NumberAbove => "is more than",
            OpChoice::NumberAtLeast => "is at least",
            OpChoice::NumberBetween => "is between",
            OpChoice::BoolTrue => "is true",
            OpChoice::BoolFalse => "is false",
            OpChoice::DateWithin => "is within the last",
            OpChoice::DateMoreThan => "is more than N days ago",
            OpChoice::DateBefore => "is before",
            OpChoice::DateAfter => "is after",
            OpChoice::FreeMail => "is a free-mail address",
            OpChoice::Education => "is an education address",
            OpChoice::DomainOneOf => "has a domain among",
            OpChoice::IsEmpty => "is empty",
            OpChoice::NotEmpty => "is not empty",
            OpChoice::Event => "happened",
        }
    }

    /// Whether the operator compares with a list of texts (comma-separated).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            OpChoice::TextIs
                | OpChoice::TextOneOf
                | OpChoice::TextContains
                | OpChoice::TextContainsAny
                | OpChoice::TextStartsWith
                | OpChoice::TextEndsWith
                | OpChoice::TextMatches
                | OpChoice::DomainOneOf
        )
    }
}

/// The operators that fit a column of `kind` (`None`: events).
pub fn choices(kind: Option<ColumnKind>, field: &str) -> Vec<OpChoice> {
    use OpChoice::*;
    let mut out = match kind {
        None => return vec![Event],
        Some(ColumnKind::Text) => vec![
            TextIs,
            TextOneOf,
            TextContains,
            TextContainsAny,
            TextStartsWith,
            TextEndsWith,
            TextMatches,
        ],
        Some(ColumnKind::Number) => vec![
            NumberIs,
            NumberIsNot,
            NumberBelow,
            NumberAtMost,
            NumberAbove,
            NumberAtLeast,
            NumberBetween,
        ],
        Some(ColumnKind::Bool) => vec![BoolTrue, BoolFalse],
        Some(ColumnKind::Date) => vec![DateWithin, DateMoreThan, DateBefore, DateAfter],
    };
    if kind == Some(ColumnKind::Text) && field.to_lowercase().contains("mail") {
        out.extend([FreeMail, Education, DomainOneOf]);
    }
    out.extend([IsEmpty, NotEmpty]);
    out
}

/// The field a simple condition tests (`EVENTS_FIELD` for events); `None`
/// for combined conditions.
pub fn field_of(condition: &Condition) -> Option<&str> {
    match condition {
        Condition::Event(_) => Some(EVENTS_FIELD),
        leaf => leaf.field(),
    }
}

/// The operator of a simple condition.
pub fn op_of(condition: &Condition) -> Option<OpChoice> {
    use OpChoice::*;
    Some(match condition {
        Condition::Text { op, .. } => match op {
            TextOp::Equals(_) => TextIs,
            TextOp::OneOf(_) => TextOneOf,
            TextOp::Contains(_) => TextContains,
            TextOp::ContainsAny(_) => TextContainsAny,
            TextOp::StartsWith(_) => TextStartsWith,
            TextOp::EndsWith(_) => TextEndsWith,
            TextOp::Matches(_) => TextMatches,
        },
        Condition::Number { op, .. } => match op {
            NumberOp::Eq(_) => NumberIs,
            NumberOp::Ne(_) => NumberIsNot,
            NumberOp::Lt(_) => NumberBelow,
            NumberOp::Le(_) => NumberAtMost,
            NumberOp::Gt(_) => NumberAbove,
            NumberOp::Ge(_) => NumberAtLeast,
            NumberOp::Between(..) => NumberBetween,
        },
        Condition::Bool { is: true, .. } => BoolTrue,
        Condition::Bool { is: false, .. } => BoolFalse,
        Condition::Date { op, .. } => match op {
            DateOp::WithinLastDays(_) => DateWithin,
            DateOp::MoreThanDaysAgo(_) => DateMoreThan,
            DateOp::Before(_) => DateBefore,
            DateOp::After(_) => DateAfter,
        },
        Condition::EmailDomain { op, .. } => match op {
            DomainOp::FreeMail => FreeMail,
            DomainOp::Education => Education,
            DomainOp::OneOf(_) => DomainOneOf,
        },
        Condition::IsEmpty { .. } => IsEmpty,
        Condition::NotEmpty { .. } => NotEmpty,
        Condition::Event(_) => Event,
        Condition::All(_) | Condition::Any(_) | Condition::Not(_) => return None,
    })
}

/// The texts a condition compares with, comma-separated.
pub fn text_value(condition: &Condition) -> String {
    match condition {
        Condition::Text { op, .. } => op.values().join(", "),
        Condition::EmailDomain {
            op: DomainOp::OneOf(domains),
            ..
        } => domains.join(", "),
        Condition::Date {
            op: DateOp::Before(date) | DateOp::After(date),
            ..
        } => date.to_string(),
        _ => String::new(),
    }
}

/// The numbers a condition compares with (the second only for "between").
pub fn numbers(condition: &Condition) -> (f64, f64) {
    match condition {
        Condition::Number { op, .. } => match *op {
            NumberOp::Eq(x)
            | NumberOp::Ne(x)
            | NumberOp::Lt(x)
            | NumberOp::Le(x)
            | NumberOp::Gt(x)
            | NumberOp::Ge(x) => (x, x),
            NumberOp::Between(low, high) => (low, high),
        },
        Condition::Date {
            op: DateOp::WithinLastDays(n) | DateOp::MoreThanDaysAgo(n),
            ..
        } => (f64::from(*n), f64::from(*n)),
        _ => (0.0, 0.0),
    }
}

/// Splits "a, b ,c" into its non-blank parts.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The parts a condition is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// Column name, or [`EVENTS_FIELD`].
    pub field: String,
    /// The operator.
    pub op: OpChoice,
    /// Texts (comma-separated) or a date.
    pub text: String,
    /// First number (or days).
    pub low: f64,
    /// Second number, for "between".
    pub high: f64,
}

impl Parts {
    /// The parts of a simple condition.
    pub fn of(condition: &Condition) -> Option<Parts> {
        let (low, high) = numbers(condition);
        Some(Parts {
            field: field_of(condition)?.to_owned(),
            op: op_of(condition)?,
            text: text_value(condition),
            low,
            high,
        })
    }

    /// The condition they describe; `keep` supplies what the parts do not
    /// hold (letter case, event details).
    pub fn build(&self, keep: &Condition) -> Condition {
        use OpChoice::*;
        let field = self.field.clone();
        let list = split_list(&self.text);
        let one = list.first().cloned().unwrap_or_default();
        let days = self.low.clamp(0.0, f64::from(u32::MAX)) as u32;
        let date = NaiveDate::parse_from_str(self.text.trim(), "%Y-%m-%d")
            .unwrap_or_else(|_| chrono::Local::now().date_naive());
        let case_sensitive = matches!(
            keep,
            Condition::Text {
                case_sensitive: true,
                ..
            }
        );
        let text = |op: TextOp| Condition::Text {
            field: field.clone(),
            op,
            case_sensitive,
        };
        let number = |op: NumberOp| Condition::Number {
            field: field.clone(),
            op,
        };
        let date_op = |op: DateOp| Condition::Date {
            field: field.clone(),
            op,
        };
        let domain = |op: DomainOp| Condition::EmailDomain {
            field: field.clone(),
            op,
        };
        match self.op {
            TextIs => text(TextOp::Equals(one)),
            TextOneOf => text(TextOp::OneOf(list)),
            TextContains => text(TextOp::Contains(one)),
            TextContainsAny => text(TextOp::ContainsAny(list)),
            TextStartsWith => text(TextOp::StartsWith(one)),
            TextEndsWith => text(TextOp::EndsWith(one)),
            TextMatches => text(TextOp::Matches(self.text.trim().to_owned())),
            NumberIs => number(NumberOp::Eq(self.low)),
            NumberIsNot => number(NumberOp::Ne(self.low)),
            NumberBelow => number(NumberOp::Lt(self.low)),
            NumberAtMost => number(NumberOp::Le(self.low)),
            NumberAbove => number(NumberOp::Gt(self.low)),
            NumberAtLeast => number(NumberOp::Ge(self.low)),
            NumberBetween => number(NumberOp::Between(
                self.low.min(self.high),
                self.low.max(self.high),
            )),
            BoolTrue => Condition::Bool { field, is: true },
            BoolFalse => Condition::Bool { field, is: false },
            DateWithin => date_op(DateOp::WithinLastDays(days)),
            DateMoreThan => date_op(DateOp::MoreThanDaysAgo(days)),
            DateBefore => date_op(DateOp::Before(date)),
            DateAfter => date_op(DateOp::After(date)),
            FreeMail => domain(DomainOp::FreeMail),
            Education => domain(DomainOp::Education),
            DomainOneOf => domain(DomainOp::OneOf(list)),
            IsEmpty => Condition::IsEmpty { field },
            NotEmpty => Condition::NotEmpty { field },
            Event => match keep {
                Condition::Event(event) => Condition::Event(event.clone()),
                _ => Condition::Event(EventCondition::default()),
            },
        }
    }
}

/// The condition with another field. The operator and value are kept
/// when the operator fits the new field's kind; otherwise the condition
/// starts again incomplete on the new field (first fitting operator, no
/// value), so a value typed for a text column never becomes a number or a
/// number of days.
pub fn with_field(condition: &Condition, field: &str, kind: Option<ColumnKind>) -> Condition {
    let Some(mut parts) = Parts::of(condition) else {
        return condition.clone();
    };
    let fitting = choices(kind, field);
    let same_field = parts.field == field;
    parts.field = field.to_owned();
    if !fitting.contains(&parts.op) || (!same_field && parts.op == OpChoice::Event) {
        parts.op = first_choice(kind, field);
        parts.text.clear();
        parts.low = 0.0;
        parts.high = 0.0;
    }
    parts.build(condition)
}

/// The operator a condition on a new field starts with: for text, "is one
/// of" an empty list, which matches nobody until values are given.
fn first_choice(kind: Option<ColumnKind>, field: &str) -> OpChoice {
    match kind {
        Some(ColumnKind::Text) => OpChoice::TextOneOf,
        _ => choices(kind, field)
            .first()
            .copied()
            .unwrap_or(OpChoice::NotEmpty),
    }
}

/// The condition a new rule (or a new part of a condition) starts with:
/// a text column, an operator, and no value yet. It matches nobody until
/// it is completed; the validator calls it incomplete. The first text
/// column that `suits` (one with a few frequent values rather than an ID),
/// else the first text column, else the first column; without columns,
/// any event.
pub fn incomplete_condition(schema: &Schema, suits: impl Fn(&str) -> bool) -> Condition {
    let is_text = |kind: &ColumnKind| *kind == ColumnKind::Text;
    let column = schema
        .columns
        .iter()
        .find(|(name, kind)| is_text(kind) && suits(name))
        .or_else(|| schema.columns.iter().find(|(_, kind)| is_text(kind)))
        .or(schema.columns.first());
    let Some((field, kind)) = column else {
        return Condition::Event(EventCondition::default());
    };
    let parts = Parts {
        field: field.clone(),
        op: first_choice(Some(*kind), field),
        text: String::new(),
        low: 0.0,
        high: 0.0,
    };
    parts.build(&Condition::All(Vec::new()))
}

/// The condition with another operator.
pub fn with_op(condition: &Condition, op: OpChoice) -> Condition {
    let Some(mut parts) = Parts::of(condition) else {
        return condition.clone();
    };
    parts.op = op;
    parts.build(condition)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema {
            columns: vec![
                ("Job Title".to_owned(), ColumnKind::Text),
                ("Employees".to_owned(), ColumnKind::Number),
                ("Email".to_owned(), ColumnKind::Text),
            ],
            has_events: true,
        }
    }

    #[test]
    fn changing_the_field_keeps_a_fitting_operator() {
        let condition = Condition::Text {
            field: "Job Title".to_owned(),
            op: TextOp::Contains("VP".to_owned()),
            case_sensitive: false,
        };
        let moved = with_field(&condition, "Email", Some(ColumnKind::Text));
        assert_eq!(op_of(&moved), Some(OpChoice::TextContains));
        let number = with_field(&condition, "Employees", Some(ColumnKind::Number));
        assert_eq!(op_of(&number), Some(OpChoice::NumberIs));
        assert!(choices(Some(ColumnKind::Text), "Email").contains(&OpChoice::FreeMail));
        assert!(!choices(Some(ColumnKind::Text), "Job Title").contains(&OpChoice::FreeMail));
        let event = with_field(&condition, EVENTS_FIELD, None);
        assert!(matches!(event, Condition::Event(_)));
    }

    #[test]
    fn a_new_condition_has_a_field_and_an_operator_but_no_value() {
        let any = |_: &str| true;
        assert_eq!(
            incomplete_condition(&schema(), any),
            Condition::Text {
                field: "Job Title".to_owned(),
                op: TextOp::OneOf(Vec::new()),
                case_sensitive: false,
            }
        );
        assert_eq!(
            incomplete_condition(&schema(), any).describe(),
            "Job Title is one of … (no value yet)"
        );
        let email = incomplete_condition(&schema(), |name| name == "Email");
        assert_eq!(field_of(&email), Some("Email"));
        let none_suits = incomplete_condition(&schema(), |_| false);
        assert_eq!(field_of(&none_suits), Some("Job Title"));
        let numbers_only = Schema {
            columns: vec![("Employees".to_owned(), ColumnKind::Number)],
            has_events: false,
        };
        assert!(matches!(
            incomplete_condition(&numbers_only, any),
            Condition::Number { .. }
        ));
        assert!(matches!(
            incomplete_condition(&Schema::default(), any),
            Condition::Event(_)
        ));
    }

    #[test]
    fn changing_the_field_resets_a_value_that_does_not_fit() {
        let text = Condition::Text {
            field: "Job Title".to_owned(),
            op: TextOp::Equals("VP".to_owned()),
            case_sensitive: false,
        };
        // Text to text keeps the value.
        assert_eq!(
            text_value(&with_field(&text, "Email", Some(ColumnKind::Text))),
            "VP"
        );
        // Text to number: no value is carried over.
        let number = with_field(&text, "Employees", Some(ColumnKind::Number));
        assert_eq!(
            number,
            Condition::Number {
                field: "Employees".to_owned(),
                op: NumberOp::Eq(0.0),
            }
        );
        // A number never becomes a number of days.
        let large = Condition::Number {
            field: "Employees".to_owned(),
            op: NumberOp::Ge(500.0),
        };
        let date = with_field(&large, "Created", Some(ColumnKind::Date));
        assert_eq!(numbers(&date), (0.0, 0.0));
        // Number to number keeps it.
        let revenue = with_field(&large, "Revenue", Some(ColumnKind::Number));
        assert_eq!(numbers(&revenue), (500.0, 500.0));
        // Number to text starts the list again, empty.
        let back = with_field(&large, "Job Title", Some(ColumnKind::Text));
        assert_eq!(
            back,
            Condition::Text {
                field: "Job Title".to_owned(),
                op: TextOp::OneOf(Vec::new()),
                case_sensitive: false,
            }
        );
    }

    #[test]
    fn lists_are_split_on_commas() {
        let condition = Condition::Text {
            field: "Job Title".to_owned(),
            op: TextOp::OneOf(vec!["a".to_owned()]),
            case_sensitive: true,
        };
        let mut parts = Parts::of(&condition).unwrap();
        parts.text = "CEO, CFO ,".to_owned();
        let built = parts.build(&condition);
        assert_eq!(
            built,
            Condition::Text {
                field: "Job Title".to_owned(),
                op: TextOp::OneOf(vec!["CEO".to_owned(), "CFO".to_owned()]),
                case_sensitive: true,
            }
        );
    }

    #[test]
    fn typed_detail_values_keep_the_operator() {
        let contains = TextOp::Contains("x".to_owned());
        assert_eq!(
            detail_with_values(Some(&contains), "/pricing"),
            Some(TextOp::Contains("/pricing".to_owned()))
        );
        assert_eq!(
            detail_with_values(Some(&contains), "/pricing, /demo"),
            Some(TextOp::ContainsAny(vec![
                "/pricing".to_owned(),
                "/demo".to_owned()
            ]))
        );
        let equals = TextOp::Equals("x".to_owned());
        assert_eq!(
            detail_with_values(Some(&equals), "Demo request, other"),
            Some(TextOp::Equals("Demo request".to_owned()))
        );
        assert_eq!(detail_with_values(Some(&equals), " , "), None);
        assert_eq!(
            detail_with_values(None, r"^/blog/\d+"),
            Some(TextOp::Contains(r"^/blog/\d+".to_owned()))
        );
    }
}
