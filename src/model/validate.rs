//! Validation of a rule set, on its own and against the loaded data.
//!
//! Every problem is located (which rule, which field) so the editor can show
//! it beside the rule and the command line can name it. Errors stop a
//! simulation; warnings are shown and scoring goes on.

use std::collections::HashMap;

use super::limits::{
    MAX_CAP, MAX_CONDITION_DEPTH, MAX_DAYS, MAX_LIST_VALUES, MAX_PER_EVENT_COUNT, MAX_POINTS,
    MAX_RULES, MAX_SCORE,
};
use super::{
    ColumnKind, Condition, DateOp, Decay, DomainOp, Flavor, NumberOp, PatternError, RulePath,
    RuleSet, Schema, TextOp, overlaps, translate,
};
use crate::format::{echo, thousands};

/// How serious a validation issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Scoring goes on; the user should look.
    Warning,
    /// The rule set cannot be scored as it is.
    Error,
}

/// What part of the rule set an issue concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A scoring rule.
    Rule(RulePath),
    /// A group (dimension and index).
    Group(super::Dimension, usize),
    /// An exclusion, by index.
    Exclusion(usize),
    /// An MQL criterion, by index.
    MqlCriterion(usize),
    /// An SQL criterion, by index.
    SqlCriterion(usize),
    /// Thresholds.
    Stages,
    /// The decay setting.
    Decay,
    /// The grade matrix.
    Grades,
}

/// One located validation finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// What it concerns.
    pub target: Target,
    /// Where, in words ("fit rule \"VP titles\"").
    pub location: String,
    /// The problem, in words.
    pub message: String,
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}: {}", self.location, self.message)
    }
}

/// Checks a rule set; with a schema, also its fields and types against the data.
pub fn validate(rules: &RuleSet, schema: Option<&Schema>) -> Vec<Issue> {
    let mut v = Validator {
        rules,
        schema,
        issues: Vec::new(),
    };
    v.check_rules();
    v.check_other_conditions();
    v.check_stages();
    v.check_decay();
    v.check_grades();
    let mut issues = v.issues;
    for issue in &mut issues {
        if issue.severity == Severity::Error && is_disabled(rules, issue.target) {
            issue.severity = Severity::Warning;
            issue.message.push_str(" (disabled: does not stop scoring)");
        }
    }
    issues
}

/// Whether the issue's rule, exclusion or criterion is switched off: the
/// engine skips it, so its problems cannot stop scoring.
fn is_disabled(rules: &RuleSet, target: Target) -> bool {
    match target {
        Target::Rule(path) => rules.rule(path).is_some_and(|r| !r.enabled),
        Target::Exclusion(i) => rules.exclusions.get(i).is_some_and(|e| !e.enabled),
        Target::MqlCriterion(i) => rules.stages.mql_criteria.get(i).is_some_and(|c| !c.enabled),
        Target::SqlCriterion(i) => rules.stages.sql_criteria.get(i).is_some_and(|c| !c.enabled),
        Target::Group(..) | Target::Stages | Target::Decay | Target::Grades => false,
    }
}

struct Validator<'a> {
    rules: &'a RuleSet,
    schema: Option<&'a Schema>,
    issues: Vec<Issue>,
}

impl Validator<'_> {
    fn push(&mut self, severity: Severity, target: Target, location: &str, message: String) {
        self.issues.push(Issue {
            severity,
            target,
            location: location.to_owned(),
            message,
        });
    }

    fn check_rules(&mut self) {
        let mut seen: HashMap<&str, RulePath> = HashMap::new();
        for (index, (path, rule)) in self.rules.rules().enumerate() {
            let location = format!("{} rule \"{}\"", path.dimension.label(), echo(&rule.name));
            let target = Target::Rule(path);
            // Said once, on the first rule past the limit; the rules
            // within it are still checked one by one.
            if index == MAX_RULES {
                self.push(
                    Severity::Error,
                    target,
                    &location,
                    format!(
                        "the rule set holds {} rules, beyond the limit of {}",
                        thousands(self.rules.rules().count()),
                        thousands(MAX_RULES)
                    ),
                );
            }
            if rule.name.trim().is_empty() {
                self.push(
                    Severity::Error,
                    target,
                    &location,
                    "the rule has no name".to_owned(),
                );
            } else if seen.insert(rule.name.as_str(), path).is_some() {
                self.push(
                    Severity::Error,
                    target,
                    &location,
                    "another rule has the same name; names must be unique".to_owned(),
                );
            }
            if !(-MAX_POINTS..=MAX_POINTS).contains(&rule.points) {
                self.push(
                    Severity::Error,
                    target,
                    &location,
                    format!(
                        "{} points is beyond the limit of ±{}",
                        thousands(rule.points),
                        thousands(MAX_POINTS)
                    ),
                );
            }
            self.check_condition(&rule.condition, target, &location);
            if let Some(max) = rule.per_event_max {
                self.check_per_event_max(&rule.condition, max, target, &location);
            }
        }
        for dimension in [super::Dimension::Fit, super::Dimension::Engagement] {
            for (index, group) in self.rules.groups(dimension).iter().enumerate() {
                let location = format!("{} group \"{}\"", dimension.label(), echo(&group.name));
                if let Some(cap) = group.cap
                    && !(1..=MAX_CAP).contains(&cap)
                {
                    let message = if cap <= 0 {
                        format!("the score limit must be positive, not {}", thousands(cap))
                    } else {
                        format!(
                            "a score limit of {} is beyond the limit of {}",
                            thousands(cap),
                            thousands(MAX_CAP)
                        )
                    };
                    self.push(
                        Severity::Error,
                        Target::Group(dimension, index),
                        &location,
                        message,
                    );
                }
                self.check_overlaps(dimension, index);
            }
        }
    }

    fn check_per_event_max(
        &mut self,
        condition: &Condition,
        max: u32,
        target: Target,
        location: &str,
    ) {
        let problem = if !matches!(condition, Condition::Event(_)) {
            "points per event need an event condition".to_owned()
        } else if max == 0 {
            "points per event need a maximum count of at least 1".to_owned()
        } else if max > MAX_PER_EVENT_COUNT {
            format!(
                "points for up to {} events is beyond the limit of {} events",
                thousands(max),
                thousands(MAX_PER_EVENT_COUNT)
            )
        } else {
            return;
        };
        self.push(Severity::Error, target, location, problem);
    }

    /// Ranges on one field do not accumulate; two enabled rules whose ranges
    /// overlap give a contact both rules' points, which is rarely meant.
    /// Each rule that overlaps an earlier one is warned once, with how many
    /// rules it overlaps in all (see [`overlaps::find`]).
    fn check_overlaps(&mut self, dimension: super::Dimension, group_index: usize) {
        let Some(group) = self.rules.groups(dimension).get(group_index) else {
            return;
        };
        let ranges = group
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled)
            .filter_map(|(i, r)| match &r.condition {
                Condition::Number { field, op } => op.interval().map(|iv| (i, field.as_str(), iv)),
                _ => None,
            });
        for overlap in overlaps::find(ranges) {
            let (Some(rule), Some(earlier)) = (
                group.rules.get(overlap.rule),
                group.rules.get(overlap.earlier),
            ) else {
                continue;
            };
            let path = RulePath {
                dimension,
                group: group_index,
                rule: overlap.rule,
            };
            let others = match overlap.count {
                0 | 1 => ": a contact in both gets both rules' points".to_owned(),
                2 => " and 1 other rule: a contact in several gets the points of each".to_owned(),
                n => format!(
                    " and {} other rules: a contact in several gets the points of each",
                    thousands(n - 1)
                ),
            };
            self.push(
                Severity::Warning,
                Target::Rule(path),
                &format!("{} rule \"{}\"", dimension.label(), echo(&rule.name)),
                format!(
                    "its range on {} overlaps rule \"{}\"{others}",
                    echo(overlap.field),
                    echo(&earlier.name)
                ),
            );
        }
    }

    fn check_other_conditions(&mut self) {
        let rules = self.rules;
        for (i, e) in rules.exclusions.iter().enumerate() {
            let location = format!("exclusion \"{}\"", echo(&e.name));
            self.check_condition(&e.condition, Target::Exclusion(i), &location);
        }
        for (i, c) in rules.stages.mql_criteria.iter().enumerate() {
            let location = format!("MQL criterion \"{}\"", echo(&c.name));
            self.check_condition(&c.condition, Target::MqlCriterion(i), &location);
        }
        for (i, c) in rules.stages.sql_criteria.iter().enumerate() {
            let location = format!("SQL criterion \"{}\"", echo(&c.name));
            self.check_condition(&c.condition, Target::SqlCriterion(i), &location);
        }
    }

    // Longer than a screen on purpose: one arm per condition kind, matched
    // exhaustively, so a new kind cannot go unchecked.
    /// Checks a whole condition: its depth first, so that a condition
    /// nested past the limit is refused without walking it further.
    fn check_condition(&mut self, condition: &Condition, target: Target, location: &str) {
        let depth = condition.depth();
        if depth > MAX_CONDITION_DEPTH {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "its condition nests {} levels deep, beyond the limit of {MAX_CONDITION_DEPTH}",
                    thousands(depth)
                ),
            );
            return;
        }
        self.check_part(condition, target, location);
    }

    fn check_part(&mut self, condition: &Condition, target: Target, location: &str) {
        match condition {
            Condition::All(cs) | Condition::Any(cs) => {
                if cs.is_empty() {
                    self.push(
                        Severity::Error,
                        target,
                        location,
                        "a combined condition has no conditions in it".to_owned(),
                    );
                }
                for c in cs {
                    self.check_part(c, target, location);
                }
            }
            Condition::Not(c) => self.check_part(c, target, location),
            Condition::Text { field, op, .. } => {
                self.check_field(
                    field,
                    &[ColumnKind::Text],
                    "a text operator",
                    target,
                    location,
                );
                // A rule being built: shown, but scoring goes on (it
                // matches nobody until a value is given).
                if op.is_incomplete() {
                    self.push(
                        Severity::Warning,
                        target,
                        location,
                        "incomplete: no value yet".to_owned(),
                    );
                } else {
                    self.check_text_op(op, target, location, field);
                }
            }
            Condition::Number { field, op } => {
                self.check_field(
                    field,
                    &[ColumnKind::Number],
                    "a number comparison",
                    target,
                    location,
                );
                self.check_number_op(op, target, location, field);
            }
            Condition::Bool { field, .. } => {
                self.check_field(
                    field,
                    &[ColumnKind::Bool, ColumnKind::Number],
                    "a true/false test",
                    target,
                    location,
                );
            }
            Condition::Date { field, op } => {
                self.check_field(
                    field,
                    &[ColumnKind::Date],
                    "a date comparison",
                    target,
                    location,
                );
                if let DateOp::WithinLastDays(days) | DateOp::MoreThanDaysAgo(days) = op {
                    self.check_days(*days, target, location);
                }
            }
            Condition::IsEmpty { field } | Condition::NotEmpty { field } => {
                self.check_field(field, &ColumnKind::ALL, "", target, location);
            }
            Condition::EmailDomain { field, op } => {
                self.check_field(
                    field,
                    &[ColumnKind::Text],
                    "an email-domain test",
                    target,
                    location,
                );
                // Like a text value not typed yet: the list matches nobody
                // (in every evaluator) until domains are given.
                if let DomainOp::OneOf(domains) = op {
                    self.check_list_length(domains.len(), target, location, field);
                }
                if let DomainOp::OneOf(domains) = op
                    && domains.iter().all(|d| d.trim().is_empty())
                {
                    self.push(
                        Severity::Warning,
                        target,
                        location,
                        "incomplete: no value yet".to_owned(),
                    );
                }
            }
            Condition::Event(event) => {
                if let Some(schema) = self.schema
                    && !schema.has_events
                {
                    self.push(
                        Severity::Error,
                        target,
                        location,
                        "this event condition needs an events table, and none is loaded".to_owned(),
                    );
                }
                if event.at_least == 0 {
                    self.push(
                        Severity::Warning,
                        target,
                        location,
                        "\"at least 0 events\" holds for every contact".to_owned(),
                    );
                }
                if let Some(detail) = &event.detail {
                    self.check_text_op(detail, target, location, "event detail");
                }
                self.check_list_length(event.event_types.len(), target, location, "event type");
                if let Some(days) = event.within_days {
                    self.check_days(days, target, location);
                }
            }
        }
    }

    fn check_field(
        &mut self,
        field: &str,
        allowed: &[ColumnKind],
        what: &str,
        target: Target,
        location: &str,
    ) {
        if field.trim().is_empty() {
            self.push(
                Severity::Error,
                target,
                location,
                "no field is chosen".to_owned(),
            );
            return;
        }
        let Some(schema) = self.schema else {
            return;
        };
        let Some(kind) = schema.kind_of(field) else {
            self.push(
                Severity::Error,
                target,
                location,
                format!("the data has no column \"{}\"", echo(field)),
            );
            return;
        };
        if !allowed.contains(&kind) {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "{what} cannot be used on \"{}\", a {} column",
                    echo(field),
                    kind.label()
                ),
            );
        }
    }

    fn check_text_op(&mut self, op: &TextOp, target: Target, location: &str, field: &str) {
        match op {
            TextOp::OneOf(values) | TextOp::ContainsAny(values) if values.is_empty() => {
                self.push(
                    Severity::Error,
                    target,
                    location,
                    format!("the list of values for {} is empty", echo(field)),
                );
            }
            TextOp::OneOf(values) | TextOp::ContainsAny(values) => {
                self.check_list_length(values.len(), target, location, field);
            }
            TextOp::Matches(pattern) => {
                if let Some(reason) = pattern_problem(pattern) {
                    self.push(
                        Severity::Error,
                        target,
                        location,
                        format!(
                            "the regular expression /{}/ on {} is invalid: {reason}",
                            echo(pattern),
                            echo(field)
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    fn check_list_length(&mut self, length: usize, target: Target, location: &str, field: &str) {
        if length > MAX_LIST_VALUES {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "the list of {} values for {} is beyond the limit of {}",
                    thousands(length),
                    echo(field),
                    thousands(MAX_LIST_VALUES)
                ),
            );
        }
    }

    fn check_days(&mut self, days: u32, target: Target, location: &str) {
        if days > MAX_DAYS {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "{} days is beyond the limit of {} days",
                    thousands(days),
                    thousands(MAX_DAYS)
                ),
            );
        }
    }

    fn check_number_op(&mut self, op: &NumberOp, target: Target, location: &str, field: &str) {
        if let NumberOp::Between(lo, hi) = op
            && lo > hi
        {
            self.push(
                Severity::Error,
                target,
                location,
                format!("the range on {} is empty: {lo} is above {hi}", echo(field)),
            );
        }
        let values: Vec<f64> = match *op {
            NumberOp::Between(a, b) => vec![a, b],
            NumberOp::Eq(x)
            | NumberOp::Ne(x)
            | NumberOp::Lt(x)
            | NumberOp::Le(x)
            | NumberOp::Gt(x)
            | NumberOp::Ge(x) => vec![x],
        };
        if values.iter().any(|v| !v.is_finite()) {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "the comparison on {} uses a value that is not a number",
                    echo(field)
                ),
            );
        }
    }

    fn check_stages(&mut self) {
        let stages = &self.rules.stages;
        let thresholds = [
            ("the MQL threshold", Some(stages.mql_threshold)),
            ("the SQL threshold", Some(stages.sql_threshold)),
            ("the disqualification floor", stages.disqualify_below),
        ];
        for (what, value) in thresholds {
            if let Some(value) = value {
                self.check_score_bound(what, value, Target::Stages, "thresholds");
            }
        }
        if stages.sql_threshold < stages.mql_threshold {
            self.push(
                Severity::Error,
                Target::Stages,
                "thresholds",
                format!(
                    "the SQL threshold ({}) is below the MQL threshold ({})",
                    stages.sql_threshold, stages.mql_threshold
                ),
            );
        }
        if let Some(floor) = stages.disqualify_below
            && floor > stages.mql_threshold
        {
            self.push(
                Severity::Error,
                Target::Stages,
                "thresholds",
                format!(
                    "the disqualification floor ({floor}) is above the MQL threshold ({})",
                    stages.mql_threshold
                ),
            );
        }
    }

    fn check_decay(&mut self) {
        match &self.rules.decay {
            Decay::None => {}
            Decay::HalfLife { days } => {
                if !(days.is_finite() && *days > 0.0) {
                    self.push(
                        Severity::Error,
                        Target::Decay,
                        "decay",
                        format!("the half-life must be a positive number of days, not {days}"),
                    );
                }
            }
            Decay::Steps(steps) => {
                if steps.is_empty() {
                    self.push(
                        Severity::Error,
                        Target::Decay,
                        "decay",
                        "step decay needs at least one step".to_owned(),
                    );
                }
                for pair in steps.windows(2) {
                    if let [a, b] = pair
                        && a.up_to_days >= b.up_to_days
                    {
                        self.push(
                            Severity::Error,
                            Target::Decay,
                            "decay",
                            format!(
                                "steps must grow in age: {} days comes before {} days",
                                a.up_to_days, b.up_to_days
                            ),
                        );
                    }
                }
                for step in steps {
                    self.check_days(step.up_to_days, Target::Decay, "decay");
                    if !(0.0..=1.0).contains(&step.factor) {
                        self.push(
                            Severity::Error,
                            Target::Decay,
                            "decay",
                            format!(
                                "a decay factor must be between 0 and 1, not {}",
                                step.factor
                            ),
                        );
                    }
                }
            }
        }
    }

    /// A threshold or band beyond any score the limits allow cannot be
    /// meant, and arithmetic around it (sweeps, sliders) could overflow.
    fn check_score_bound(&mut self, what: &str, value: i64, target: Target, location: &str) {
        if !(-MAX_SCORE..=MAX_SCORE).contains(&value) {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "{what} of {} is beyond the limit of ±{}",
                    thousands(value),
                    thousands(MAX_SCORE)
                ),
            );
        }
    }

    fn check_grades(&mut self) {
        let Some(g) = &self.rules.grades else {
            return;
        };
        let bands = [
            ("the grade A band", g.a_min_fit),
            ("the grade B band", g.b_min_fit),
            ("the grade C band", g.c_min_fit),
            ("the tier 1 band", g.tier1_min_engagement),
            ("the tier 2 band", g.tier2_min_engagement),
        ];
        for (what, value) in bands {
            self.check_score_bound(what, value, Target::Grades, "grade matrix");
        }
        if !(g.a_min_fit >= g.b_min_fit && g.b_min_fit >= g.c_min_fit) {
            self.push(
                Severity::Error,
                Target::Grades,
                "grade matrix",
                "fit bands must descend: A ≥ B ≥ C".to_owned(),
            );
        }
        if g.tier1_min_engagement < g.tier2_min_engagement {
            self.push(
                Severity::Error,
                Target::Grades,
                "grade matrix",
                "engagement tiers must descend: tier 1 ≥ tier 2".to_owned(),
            );
        }
    }
}

/// Why our engine cannot run a pattern, in the regex crate's words: a
/// syntax error, or a pattern that compiles past the regex crate's size limit.
fn pattern_problem(pattern: &str) -> Option<String> {
    let ours = match translate(pattern, false, Flavor::Rust) {
        Ok(ours) => ours,
        Err(PatternError::Invalid { reason, .. }) => return Some(reason),
        Err(unsupported) => return Some(unsupported.to_string()),
    };
    let error = regex::Regex::new(&ours).err()?.to_string();
    Some(error.lines().last().unwrap_or("invalid").trim().to_owned())
}
