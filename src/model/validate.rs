//! Validation of a rule set, on its own and against the loaded data.
//!
//! Every problem is located (which rule, which field) so the editor can show
//! it beside the rule and the command line can name it. Errors stop a
//! simulation; warnings are shown and scoring goes on.

use std::collections::HashMap;

use super::{
    ColumnKind, Condition, Decay, DomainOp, Flavor, NumberOp, PatternError, RulePath, RuleSet,
    Schema, TextOp, translate,
};

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
        for (path, rule) in self.rules.rules() {
            let location = format!("{} rule \"{}\"", path.dimension.label(), rule.name);
            let target = Target::Rule(path);
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
            self.check_condition(&rule.condition, target, &location);
            if let Some(max) = rule.per_event_max {
                if !matches!(rule.condition, Condition::Event(_)) {
                    self.push(
                        Severity::Error,
                        target,
                        &location,
                        "points per event need an event condition".to_owned(),
                    );
                } else if max == 0 {
                    self.push(
                        Severity::Error,
                        target,
                        &location,
                        "points per event need a maximum count of at least 1".to_owned(),
                    );
                }
            }
        }
        for dimension in [super::Dimension::Fit, super::Dimension::Engagement] {
            for (index, group) in self.rules.groups(dimension).iter().enumerate() {
                let location = format!("{} group \"{}\"", dimension.label(), group.name);
                if let Some(cap) = group.cap
                    && cap <= 0
                {
                    self.push(
                        Severity::Error,
                        Target::Group(dimension, index),
                        &location,
                        format!("the score limit must be positive, not {cap}"),
                    );
                }
                self.check_overlaps(dimension, index);
            }
        }
    }

    /// Ranges on one field do not accumulate; two enabled rules whose ranges
    /// overlap give a contact both rules' points, which is rarely meant.
    fn check_overlaps(&mut self, dimension: super::Dimension, group_index: usize) {
        let Some(group) = self.rules.groups(dimension).get(group_index) else {
            return;
        };
        let ranges: Vec<(usize, &str, super::condition::Interval)> = group
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled)
            .filter_map(|(i, r)| match &r.condition {
                Condition::Number { field, op } => op.interval().map(|iv| (i, field.as_str(), iv)),
                _ => None,
            })
            .collect();
        for (a, (ia, field_a, range_a)) in ranges.iter().enumerate() {
            for (ib, field_b, range_b) in ranges.iter().skip(a + 1) {
                if field_a == field_b && range_a.overlaps(range_b) {
                    let (Some(ra), Some(rb)) = (group.rules.get(*ia), group.rules.get(*ib)) else {
                        continue;
                    };
                    let path = RulePath {
                        dimension,
                        group: group_index,
                        rule: *ib,
                    };
                    self.push(
                        Severity::Warning,
                        Target::Rule(path),
                        &format!("{} rule \"{}\"", dimension.label(), rb.name),
                        format!(
                            "its range on {field_a} overlaps rule \"{}\": a contact in both gets both rules' points",
                            ra.name
                        ),
                    );
                }
            }
        }
    }

    fn check_other_conditions(&mut self) {
        let rules = self.rules;
        for (i, e) in rules.exclusions.iter().enumerate() {
            let location = format!("exclusion \"{}\"", e.name);
            self.check_condition(&e.condition, Target::Exclusion(i), &location);
        }
        for (i, c) in rules.stages.mql_criteria.iter().enumerate() {
            let location = format!("MQL criterion \"{}\"", c.name);
            self.check_condition(&c.condition, Target::MqlCriterion(i), &location);
        }
        for (i, c) in rules.stages.sql_criteria.iter().enumerate() {
            let location = format!("SQL criterion \"{}\"", c.name);
            self.check_condition(&c.condition, Target::SqlCriterion(i), &location);
        }
    }

    // Longer than a screen on purpose: one arm per condition kind, matched
    // exhaustively, so a new kind cannot go unchecked.
    fn check_condition(&mut self, condition: &Condition, target: Target, location: &str) {
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
                    self.check_condition(c, target, location);
                }
            }
            Condition::Not(c) => self.check_condition(c, target, location),
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
            Condition::Date { field, .. } => {
                self.check_field(
                    field,
                    &[ColumnKind::Date],
                    "a date comparison",
                    target,
                    location,
                );
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
                format!("the data has no column \"{field}\""),
            );
            return;
        };
        if !allowed.contains(&kind) {
            self.push(
                Severity::Error,
                target,
                location,
                format!(
                    "{what} cannot be used on \"{field}\", a {} column",
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
                    format!("the list of values for {field} is empty"),
                );
            }
            TextOp::Matches(pattern) => {
                if let Some(reason) = pattern_problem(pattern) {
                    self.push(
                        Severity::Error,
                        target,
                        location,
                        format!(
                            "the regular expression /{pattern}/ on {field} is invalid: {reason}"
                        ),
                    );
                }
            }
            _ => {}
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
                format!("the range on {field} is empty: {lo} is above {hi}"),
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
                format!("the comparison on {field} uses a value that is not a number"),
            );
        }
    }

    fn check_stages(&mut self) {
        let stages = &self.rules.stages;
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

    fn check_grades(&mut self) {
        let Some(g) = &self.rules.grades else {
            return;
        };
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
