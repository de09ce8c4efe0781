//! Number ranges of one group that overlap, found in O(n log n): a group
//! of thousands of generated range rules must validate in moments, and
//! tell each rule once rather than once per pair.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::condition::Interval;

/// A rule whose range overlaps the range of an earlier rule on its field.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap<'a> {
    /// The rule (its index in the group).
    pub rule: usize,
    /// An earlier rule of the group whose range it overlaps.
    pub earlier: usize,
    /// The field both ranges are on.
    pub field: &'a str,
    /// How many other rules of the group, earlier or later, it overlaps.
    pub count: usize,
}

/// A bound as a point on one line: `(x, 0)` just before `x`, `(x, 1)` at
/// `x`, `(x, 2)` just after it. A closed interval starts at `(low, 1)`, an
/// open one at `(low, 2)`; it ends at `(high, 1)` or `(high, 0)`. Two
/// intervals overlap exactly when each starts no later than the other ends.
#[derive(Debug, Clone, Copy)]
struct Point(f64, u8);

impl Point {
    fn start(interval: &Interval) -> Point {
        Point(interval.low, if interval.low_open { 2 } else { 1 })
    }

    fn end(interval: &Interval) -> Point {
        Point(interval.high, if interval.high_open { 0 } else { 1 })
    }
}

impl Ord for Point {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Point {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Point {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Point {}

/// The rules (index, field, range), in group order, that overlap an
/// earlier one, each once. Empty ranges and ranges with a bound that is
/// not a number overlap nothing (validation reports them).
pub fn find<'a>(ranges: impl Iterator<Item = (usize, &'a str, Interval)>) -> Vec<Overlap<'a>> {
    let mut by_field: HashMap<&str, Vec<(usize, Point, Point)>> = HashMap::new();
    let mut fields = Vec::new();
    for (rule, field, interval) in ranges {
        let (start, end) = (Point::start(&interval), Point::end(&interval));
        if interval.low.is_nan() || interval.high.is_nan() || end < start {
            continue;
        }
        let entry = by_field.entry(field).or_default();
        if entry.is_empty() {
            fields.push(field);
        }
        entry.push((rule, start, end));
    }
    let mut out = Vec::new();
    for field in fields {
        if let Some(ranges) = by_field.get(field) {
            on_one_field(field, ranges, &mut out);
        }
    }
    out.sort_by_key(|overlap| overlap.rule);
    out
}

fn on_one_field<'a>(field: &'a str, ranges: &[(usize, Point, Point)], out: &mut Vec<Overlap<'a>>) {
    let mut starts: Vec<Point> = ranges.iter().map(|r| r.1).collect();
    let mut ends: Vec<Point> = ranges.iter().map(|r| r.2).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    // Earlier ranges by the rank of their start, keeping the latest end.
    let mut latest_end = PrefixMax::new(starts.len());
    for &(rule, start, end) in ranges {
        // Every range but those ending before this one starts or starting
        // after it ends; the range itself is among them.
        let ends_before = ends.partition_point(|e| *e < start);
        let starts_no_later = starts.partition_point(|s| *s <= end);
        let count = starts_no_later.saturating_sub(ends_before + 1);
        // An earlier range starting no later than this one ends overlaps
        // it when it ends no earlier than this one starts.
        if let Some((earlier_end, earlier)) = latest_end.up_to(starts_no_later)
            && earlier_end >= start
        {
            out.push(Overlap {
                rule,
                earlier,
                field,
                count,
            });
        }
        latest_end.raise(starts.partition_point(|s| *s < start), (end, rule));
    }
}

/// Prefix maxima under point updates (a Fenwick tree).
struct PrefixMax {
    tree: Vec<Option<(Point, usize)>>,
}

impl PrefixMax {
    fn new(len: usize) -> Self {
        PrefixMax {
            tree: vec![None; len + 1],
        }
    }

    /// Raises position `index` (0-based) to at least `value`.
    fn raise(&mut self, index: usize, value: (Point, usize)) {
        let mut i = index + 1;
        while let Some(slot) = self.tree.get_mut(i) {
            if slot.is_none_or(|held| above(value, held)) {
                *slot = Some(value);
            }
            i += i & i.wrapping_neg();
        }
    }

    /// The largest value among the first `len` positions.
    fn up_to(&self, len: usize) -> Option<(Point, usize)> {
        let mut best: Option<(Point, usize)> = None;
        let mut i = len.min(self.tree.len().saturating_sub(1));
        while i > 0 {
            if let Some(Some(value)) = self.tree.get(i)
                && best.is_none_or(|b| above(*value, b))
            {
                best = Some(*value);
            }
            i -= i & i.wrapping_neg();
        }
        best
    }
}

/// The later end wins; of equal ends, the earlier rule, so that a warning
/// names the first rule it overlaps when several end alike.
fn above(value: (Point, usize), held: (Point, usize)) -> bool {
    value.0 > held.0 || (value.0 == held.0 && value.1 < held.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NumberOp;

    /// Every pair compared, as validation did before.
    fn pairwise(ops: &[NumberOp]) -> Vec<(usize, usize)> {
        let intervals: Vec<Interval> = ops.iter().filter_map(NumberOp::interval).collect();
        let mut out = Vec::new();
        for (b, range_b) in intervals.iter().enumerate() {
            let overlapping: Vec<usize> = (0..intervals.len())
                .filter(|&a| a != b && intervals.get(a).is_some_and(|r| r.overlaps(range_b)))
                .collect();
            if overlapping.iter().any(|&a| a < b) {
                out.push((b, overlapping.len()));
            }
        }
        out
    }

    #[test]
    fn the_sweep_agrees_with_every_pair_compared() {
        let values = [-1.0, 0.0, 2.0, 5.0, 7.5];
        let mut ops = Vec::new();
        for &x in &values {
            ops.extend([
                NumberOp::Eq(x),
                NumberOp::Lt(x),
                NumberOp::Le(x),
                NumberOp::Gt(x),
                NumberOp::Ge(x),
            ]);
            for &y in &values {
                ops.push(NumberOp::Between(x, y));
            }
        }
        // Windows of the list, so that order and repeats vary.
        for start in 0..ops.len() {
            for len in [2, 3, 5, 9, 20] {
                let Some(window) = ops.get(start..(start + len).min(ops.len())) else {
                    continue;
                };
                let ranges = window
                    .iter()
                    .enumerate()
                    .filter_map(|(i, op)| op.interval().map(|iv| (i, "x", iv)));
                let found: Vec<(usize, usize)> =
                    find(ranges).iter().map(|o| (o.rule, o.count)).collect();
                assert_eq!(found, pairwise(window), "{window:?}");
            }
        }
    }
}
