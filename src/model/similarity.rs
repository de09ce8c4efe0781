//! Whether two conditions test the same thing in overlapping ways: the same
//! column (or event type) with values some contact could satisfy in both.
//! The workshop uses it to put "Executive or VP" beside "Senior revenue
//! leader" when the two teams named and built their rules differently.

use super::{Condition, DateOp, DomainOp, EventCondition, NumberOp, TextOp};

/// How alike two conditions are, from 0 (nothing in common) to 1: the
/// share of their tests that overlap a test of the other, paired one to
/// one, over the larger number of tests.
pub(super) fn similarity(ours: &Condition, theirs: &Condition) -> f64 {
    let (ours, theirs) = (leaves(ours), leaves(theirs));
    let larger = ours.len().max(theirs.len());
    if larger == 0 {
        return 0.0;
    }
    let mut used = vec![false; theirs.len()];
    let mut overlapping = 0usize;
    for leaf in &ours {
        let partner = theirs
            .iter()
            .zip(used.iter_mut())
            .find(|(other, used)| !**used && leaf.overlaps(other));
        if let Some((_, used)) = partner {
            *used = true;
            overlapping += 1;
        }
    }
    overlapping as f64 / larger as f64
}

/// One test of a condition, and whether a `Not` turns it around.
struct Leaf<'a> {
    negated: bool,
    condition: &'a Condition,
}

impl Leaf<'_> {
    /// A negated test only resembles another negated test.
    fn overlaps(&self, other: &Leaf<'_>) -> bool {
        self.negated == other.negated && leaves_overlap(self.condition, other.condition)
    }
}

fn leaves(condition: &Condition) -> Vec<Leaf<'_>> {
    let mut out = Vec::new();
    collect_leaves(condition, false, &mut out);
    out
}

fn collect_leaves<'a>(condition: &'a Condition, negated: bool, out: &mut Vec<Leaf<'a>>) {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => {
            for part in parts {
                collect_leaves(part, negated, out);
            }
        }
        Condition::Not(inner) => collect_leaves(inner, !negated, out),
        leaf => out.push(Leaf {
            negated,
            condition: leaf,
        }),
    }
}

fn leaves_overlap(a: &Condition, b: &Condition) -> bool {
    if let (Condition::Event(a), Condition::Event(b)) = (a, b) {
        return events_overlap(a, b);
    }
    let (Some(field_a), Some(field_b)) = (a.field(), b.field()) else {
        return false;
    };
    if !field_a.trim().eq_ignore_ascii_case(field_b.trim()) {
        return false;
    }
    match (a, b) {
        (Condition::Text { op: a, .. }, Condition::Text { op: b, .. }) => texts_overlap(a, b),
        (Condition::Number { op: a, .. }, Condition::Number { op: b, .. }) => numbers_overlap(a, b),
        (Condition::Bool { is: a, .. }, Condition::Bool { is: b, .. }) => a == b,
        (Condition::Date { op: a, .. }, Condition::Date { op: b, .. }) => dates_overlap(a, b),
        (Condition::EmailDomain { op: a, .. }, Condition::EmailDomain { op: b, .. }) => {
            domains_overlap(a, b)
        }
        (Condition::IsEmpty { .. }, Condition::IsEmpty { .. }) => true,
        // "Has a value" overlaps every test of a value on the same column.
        (Condition::NotEmpty { .. }, other) | (other, Condition::NotEmpty { .. }) => {
            !matches!(other, Condition::IsEmpty { .. })
        }
        _ => false,
    }
}

fn events_overlap(a: &EventCondition, b: &EventCondition) -> bool {
    // No event type listed means any type.
    let types_overlap = a.event_types.is_empty()
        || b.event_types.is_empty()
        || a.event_types
            .iter()
            .any(|t| b.event_types.iter().any(|u| t.eq_ignore_ascii_case(u)));
    let details_overlap = match (&a.detail, &b.detail) {
        (Some(a), Some(b)) => texts_overlap(a, b),
        _ => true,
    };
    types_overlap && details_overlap
}

/// Whether some text passes both tests; a regular expression is only
/// compared with an identical one (it is not run here).
fn texts_overlap(a: &TextOp, b: &TextOp) -> bool {
    let listed = |op: &TextOp| match op {
        TextOp::Equals(_) | TextOp::OneOf(_) => Some(lowered(op)),
        _ => None,
    };
    match (listed(a), listed(b)) {
        (Some(a), Some(b)) => a.iter().any(|v| b.contains(v)),
        (Some(values), None) => values.iter().any(|v| passes(b, v)),
        (None, Some(values)) => values.iter().any(|v| passes(a, v)),
        (None, None) => {
            std::mem::discriminant(a) == std::mem::discriminant(b) && {
                let (a, b) = (lowered(a), lowered(b));
                a.iter().any(|v| b.contains(v))
            }
        }
    }
}

fn lowered(op: &TextOp) -> Vec<String> {
    op.values()
        .iter()
        .map(|v| v.trim().to_lowercase())
        .collect()
}

/// Whether a (lower-cased) listed value passes a pattern test.
fn passes(op: &TextOp, value: &str) -> bool {
    let needles = lowered(op);
    let any = |test: &dyn Fn(&str) -> bool| needles.iter().any(|n| test(n));
    match op {
        TextOp::Contains(_) | TextOp::ContainsAny(_) => any(&|n| value.contains(n)),
        TextOp::StartsWith(_) => any(&|n| value.starts_with(n)),
        TextOp::EndsWith(_) => any(&|n| value.ends_with(n)),
        TextOp::Equals(_) | TextOp::OneOf(_) => any(&|n| value == n),
        TextOp::Matches(_) => false,
    }
}

fn numbers_overlap(a: &NumberOp, b: &NumberOp) -> bool {
    match (a.interval(), b.interval()) {
        (Some(a), Some(b)) => a.overlaps(&b),
        // "≠ x" leaves out one value: it overlaps anything but exactly x.
        (None, Some(interval)) | (Some(interval), None) => {
            let excluded = match (a, b) {
                (NumberOp::Ne(x), _) | (_, NumberOp::Ne(x)) => *x,
                _ => return true,
            };
            !(interval.low == excluded && interval.high == excluded)
        }
        (None, None) => true,
    }
}

fn dates_overlap(a: &DateOp, b: &DateOp) -> bool {
    use DateOp::{After, Before, MoreThanDaysAgo, WithinLastDays};
    match (a, b) {
        (WithinLastDays(_), WithinLastDays(_))
        | (MoreThanDaysAgo(_), MoreThanDaysAgo(_))
        | (Before(_), Before(_))
        | (After(_), After(_)) => true,
        (WithinLastDays(within), MoreThanDaysAgo(ago))
        | (MoreThanDaysAgo(ago), WithinLastDays(within)) => ago < within,
        (Before(before), After(after)) | (After(after), Before(before)) => after < before,
        // Relative and fixed dates meet or not depending on the as-of date.
        _ => false,
    }
}

fn domains_overlap(a: &DomainOp, b: &DomainOp) -> bool {
    match (a, b) {
        (DomainOp::FreeMail, DomainOp::FreeMail) | (DomainOp::Education, DomainOp::Education) => {
            true
        }
        (DomainOp::OneOf(a), DomainOp::OneOf(b)) => a
            .iter()
            .any(|d| b.iter().any(|e| d.eq_ignore_ascii_case(e))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(field: &str, op: TextOp) -> Condition {
        Condition::Text {
            field: field.into(),
            op,
            case_sensitive: false,
        }
    }

    fn one_of(values: &[&str]) -> TextOp {
        TextOp::OneOf(values.iter().map(|v| (*v).to_owned()).collect())
    }

    #[test]
    fn overlapping_values_on_one_column_are_alike() {
        let executives = text("Seniority", one_of(&["Executive", "VP"]));
        let senior_revenue = Condition::All(vec![
            text("Seniority", one_of(&["executive", "Director"])),
            text("Department", one_of(&["Sales"])),
        ]);
        assert_eq!(similarity(&executives, &senior_revenue), 0.5);
        let interns = text("Seniority", TextOp::Equals("Intern".into()));
        assert_eq!(similarity(&executives, &interns), 0.0);
        let other_column = text("Department", one_of(&["Executive"]));
        assert_eq!(similarity(&executives, &other_column), 0.0);
    }

    #[test]
    fn numbers_events_and_negation() {
        let number = |op| Condition::Number {
            field: "Employees".into(),
            op,
        };
        let mid = number(NumberOp::Between(200.0, 5000.0));
        assert_eq!(similarity(&mid, &number(NumberOp::Ge(1000.0))), 1.0);
        assert_eq!(similarity(&mid, &number(NumberOp::Lt(20.0))), 0.0);
        assert_eq!(similarity(&mid, &number(NumberOp::Ne(1.0))), 1.0);
        let form = |detail: TextOp| {
            Condition::Event(EventCondition {
                event_types: vec!["form_submission".into()],
                detail: Some(detail),
                ..Default::default()
            })
        };
        let demo = form(TextOp::Equals("Demo request".into()));
        let bottom = form(one_of(&["Demo request", "Pricing request"]));
        assert_eq!(similarity(&demo, &bottom), 1.0);
        assert_eq!(
            similarity(&demo, &form(TextOp::Contains("e-book".into()))),
            0.0
        );
        let negated = Condition::Not(Box::new(mid.clone()));
        assert_eq!(similarity(&mid, &negated), 0.0);
    }
}
