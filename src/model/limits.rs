//! How large a rule set may grow: every limit is checked when the rule set
//! is read or validated, with a message naming the rule and the limit, so
//! that a hostile or generated file is refused plainly instead of making
//! the program hang or a score wrap around.
//!
//! The bounds on points, caps and counted events are chosen so that no sum
//! the engine forms can overflow an `i64` (see [`MAX_SCORE`]).

/// Rules a rule set may hold, fit and engagement together.
pub const MAX_RULES: usize = 100_000;

/// Values in one list (`OneOf`, `ContainsAny`, a domain list, event types).
pub const MAX_LIST_VALUES: usize = 1_000_000;

/// How deep conditions may nest (`All`, `Any` and `Not` inside each other);
/// a plain test is depth 1. Checked exactly by validation; the file readers
/// refuse far deeper nesting before it is built (see [`PARSE_NESTING_LIMIT`]).
pub const MAX_CONDITION_DEPTH: usize = 32;

/// Nesting the RON and JSON readers accept, counted in their own levels
/// (the rule set, its lists, a rule, each condition and its list). A
/// condition level takes at most two of them and a condition sits at most
/// a dozen below the top, so every rule set within
/// [`MAX_CONDITION_DEPTH`] parses; deeper files stop here, before the
/// recursion that reads them can exhaust the stack.
pub const PARSE_NESTING_LIMIT: usize = 128;

/// Points of one rule, either sign: room for points that are powers of
/// two up to 2^29, which tell apart in a total which rules matched.
pub const MAX_POINTS: i64 = 1_000_000_000;

/// Limit of a group's score (its cap).
pub const MAX_CAP: i64 = MAX_POINTS;

/// Events a per-event rule may count (its `per_event_max`).
pub const MAX_PER_EVENT_COUNT: u32 = 10_000;

/// The largest score, either sign, a rule set within the limits can give:
/// every rule at [`MAX_POINTS`] for [`MAX_PER_EVENT_COUNT`] events of full
/// weight (decay weights are at most 1). That is 10^18, below `i64::MAX`
/// (9.2 × 10^18), so the engine's sums cannot overflow: the bound covers
/// fit and engagement together, as [`MAX_RULES`] counts both. Thresholds,
/// the disqualification floor and grade bands are held within it too.
pub const MAX_SCORE: i64 = MAX_RULES as i64 * MAX_POINTS * MAX_PER_EVENT_COUNT as i64;

/// Days in a date or event window (`WithinLastDays`, `within_days`, decay
/// steps): a thousand years, more than any history holds.
pub const MAX_DAYS: u32 = 365_250;

// The bound is checked when the crate compiles: the product in i128 is
// MAX_SCORE, nine times it still fits an i64, and a cap cannot exceed it.
const _: () = {
    let bound = MAX_RULES as i128 * MAX_POINTS as i128 * MAX_PER_EVENT_COUNT as i128;
    assert!(bound == MAX_SCORE as i128);
    assert!(bound * 9 < i64::MAX as i128);
    assert!(MAX_CAP <= MAX_SCORE);
};
