//! Conditions and rules compiled to polars expressions.

use chrono::NaiveDate;
use polars::prelude::*;

use super::events::EventFeatureCache;
use super::{DAY_MS, EngineError, as_of_end_ms};
use crate::data::parse::{day_start_ms, normalize_text};
use crate::data::{Dataset, Schema, norm_column};
use crate::model::{
    Condition, DateOp, Decay, Dimension, DomainOp, EventCondition, NumberOp, RulePath, RuleSet,
    Stage, TextOp,
};

pub(super) const FIT: &str = "\u{1}fit";
pub(super) const ENGAGEMENT: &str = "\u{1}engagement";
pub(super) const TOTAL: &str = "\u{1}total";
pub(super) const STAGE: &str = "\u{1}stage";
pub(super) const MQL_CRITERION: &str = "\u{1}mql_criterion";
pub(super) const SQL_CRITERION: &str = "\u{1}sql_criterion";
const EXCLUDED: &str = "\u{1}excluded";

/// The regular expression of education domains (`.edu`, `.edu.xx`, `.ac.xx`).
pub const EDUCATION_DOMAIN_PATTERN: &str = r"(^|\.)edu$|(^|\.)(edu|ac)\.[a-z]{2}$";
/// Extracts the domain of an email address (after the last `@`).
pub const EMAIL_DOMAIN_PATTERN: &str = r"@([^@]+)$";

pub(super) fn exclusion_column(index: usize) -> String {
    format!("\u{1}x{index}")
}

/// Output column names of one enabled rule.
pub(super) struct RuleColumns {
    pub path: RulePath,
    pub matched: String,
    /// Present when the rule's points vary per contact.
    pub points: Option<String>,
}

/// The contacts frame with event features, and the expressions to select.
pub(super) struct Plan {
    pub frame: DataFrame,
    pub outputs: Vec<Expr>,
    pub rule_columns: Vec<RuleColumns>,
}

/// Whole days between an event and the as-of moment (0 = the as-of day),
/// for timestamps before the as-of moment.
pub fn event_age_days(ts: Expr, as_of_end_ms: i64) -> Expr {
    (lit(as_of_end_ms - 1) - ts).floor_div(lit(DAY_MS))
}

/// The decay weight of an age in days, as an expression.
pub fn decay_expr(decay: &Decay, age_days: Expr) -> Expr {
    match decay {
        Decay::None => lit(1.0f64),
        Decay::HalfLife { days } => lit(0.5f64).pow(age_days.cast(DataType::Float64) / lit(*days)),
        Decay::Steps(steps) => {
            // Nested from the last step outwards: the first step that fits wins.
            steps.iter().rev().fold(lit(0.0f64), |older, step| {
                when(age_days.clone().lt_eq(lit(i64::from(step.up_to_days))))
                    .then(lit(step.factor))
                    .otherwise(older)
            })
        }
    }
}

impl Plan {
    /// Compiles the rule set in layers, each reading the columns of the one
    /// before by name, so every condition is evaluated once and the
    /// expression trees stay small: conditions → points → group sums →
    /// totals → stage.
    pub fn new(
        data: &Dataset,
        rules: &RuleSet,
        as_of: NaiveDate,
        cache: &mut EventFeatureCache,
        trace: &crate::trace::Trace,
    ) -> Result<Plan, EngineError> {
        let end_ms = as_of_end_ms(as_of);
        trace.mark("validate");
        cache.check_data(data);
        cache.begin_run();
        let features = cache.features_for(data, rules, end_ms)?;
        trace.mark("event features");
        let mut frame = data.contacts.clone();
        frame = frame.hstack(data.contacts_norm.columns())?;
        frame = frame.hstack(&features)?;
        let compiler = Compiler {
            rules,
            end_ms,
            schema: &data.schema,
        };

        // Conditions evaluated by an earlier run are reused: an edit to one
        // rule re-evaluates that rule only.
        let context = format!("|{end_ms}|{:?}", rules.free_mail_domains);
        let mut conditions = Vec::new();
        let mut reused: Vec<Column> = Vec::new();
        let mut computed: Vec<(String, String)> = Vec::new();
        let mut add_condition = |name: &str, condition: &Condition| -> Result<(), EngineError> {
            let key = format!("{condition:?}{context}");
            match cache.condition(&key) {
                Some(column) => reused.push(column.with_name(name.into())),
                None => {
                    conditions.push(compiler.condition(condition)?.alias(name));
                    computed.push((name.to_owned(), key));
                }
            }
            Ok(())
        };
        let mut points = Vec::new();
        let mut rule_columns = Vec::new();
        let mut group_sums = Vec::new();
        let mut dimension_parts: [Vec<Expr>; 2] = [Vec::new(), Vec::new()];
        for dimension in [Dimension::Fit, Dimension::Engagement] {
            for (g, group) in rules.groups(dimension).iter().enumerate() {
                let tag_group = format!(
                    "{}{g}",
                    if dimension == Dimension::Fit {
                        "f"
                    } else {
                        "e"
                    }
                );
                let mut members = Vec::new();
                for (r, rule) in group.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
                    let tag = format!("{tag_group}_{r}");
                    let matched_name = format!("\u{1}m{tag}");
                    let points_name = format!("\u{1}p{tag}");
                    add_condition(&matched_name, &rule.condition)?;
                    let matched = col(matched_name.as_str());
                    let weight = match &rule.condition {
                        Condition::Event(event) => {
                            Some(compiler.weight_column(event, rule.per_event_max))
                        }
                        _ => None,
                    };
                    let value = match &weight {
                        Some(w) => (lit(rule.points as f64) * col(w.as_str()) + lit(0.5f64))
                            .floor()
                            .cast(DataType::Int64),
                        None => lit(rule.points),
                    };
                    points.push(
                        when(matched)
                            .then(value)
                            .otherwise(lit(0i64))
                            .alias(points_name.as_str()),
                    );
                    members.push(col(points_name.as_str()));
                    rule_columns.push(RuleColumns {
                        path: RulePath {
                            dimension,
                            group: g,
                            rule: r,
                        },
                        matched: matched_name,
                        points: weight.map(|_| points_name),
                    });
                }
                let sum_name = format!("\u{1}g{tag_group}");
                let sum = members
                    .into_iter()
                    .reduce(|a, b| a + b)
                    .unwrap_or_else(|| lit(0i64));
                group_sums.push(sum.alias(sum_name.as_str()));
                let total = col(sum_name.as_str());
                let capped = match group.cap {
                    Some(cap) => when(total.clone().gt(lit(cap)))
                        .then(lit(cap))
                        .when(total.clone().lt(lit(-cap)))
                        .then(lit(-cap))
                        .otherwise(total),
                    None => total,
                };
                dimension_parts[usize::from(dimension == Dimension::Engagement)].push(capped);
            }
        }
        let [fit_parts, engagement_parts] = dimension_parts;
        let add_all = |parts: Vec<Expr>| {
            parts
                .into_iter()
                .reduce(|a, b| a + b)
                .unwrap_or_else(|| lit(0i64))
                .cast(DataType::Int64)
        };

        let mut excluded = lit(false);
        for (i, exclusion) in rules.exclusions.iter().enumerate() {
            if !exclusion.enabled {
                continue;
            }
            let name = exclusion_column(i);
            add_condition(&name, &exclusion.condition)?;
            excluded = excluded.or(col(name.as_str()));
        }
        let any_of = |criteria: &[crate::model::Criterion]| {
            Condition::Any(
                criteria
                    .iter()
                    .filter(|c| c.enabled)
                    .map(|c| c.condition.clone())
                    .collect(),
            )
        };
        add_condition(MQL_CRITERION, &any_of(&rules.stages.mql_criteria))?;
        add_condition(SQL_CRITERION, &any_of(&rules.stages.sql_criteria))?;
        frame = frame.hstack(&reused)?;

        let stages = &rules.stages;
        let total = col(TOTAL);
        let floor_expr = match stages.disqualify_below {
            Some(floor) => total.clone().lt(lit(floor)),
            None => lit(false),
        };
        let stage = when(col(EXCLUDED))
            .then(lit(i32::from(Stage::Excluded.code())))
            .when(col(SQL_CRITERION).or(total.clone().gt_eq(lit(stages.sql_threshold))))
            .then(lit(i32::from(Stage::Sql.code())))
            .when(col(MQL_CRITERION).or(total.gt_eq(lit(stages.mql_threshold))))
            .then(lit(i32::from(Stage::Mql.code())))
            .when(floor_expr)
            .then(lit(i32::from(Stage::Disqualified.code())))
            .otherwise(lit(i32::from(Stage::Nurture.code())))
            .cast(DataType::Int32);

        let mut selected: Vec<Expr> = rule_columns
            .iter()
            .flat_map(|rc| {
                std::iter::once(col(rc.matched.as_str()))
                    .chain(rc.points.as_ref().map(|p| col(p.as_str())))
            })
            .collect();
        selected.extend(
            rules
                .exclusions
                .iter()
                .enumerate()
                .filter(|(_, e)| e.enabled)
                .map(|(i, _)| col(exclusion_column(i).as_str())),
        );
        selected.extend([
            col(FIT),
            col(ENGAGEMENT),
            col(TOTAL),
            col(STAGE),
            col(MQL_CRITERION),
            col(SQL_CRITERION),
        ]);
        let frame = frame
            .lazy()
            .with_columns(conditions)
            .with_columns(points)
            .with_columns(group_sums)
            .with_columns([
                add_all(fit_parts).alias(FIT),
                add_all(engagement_parts).alias(ENGAGEMENT),
                excluded.alias(EXCLUDED),
            ])
            .with_column((col(FIT) + col(ENGAGEMENT)).alias(TOTAL))
            .with_column(stage.alias(STAGE))
            .select(selected)
            .collect()?;
        trace.mark("rule columns and stages");
        for (name, key) in computed {
            cache.store_condition(key, frame.column(&name)?.clone());
        }
        let outputs = frame
            .get_column_names()
            .iter()
            .map(|n| col(n.as_str()))
            .collect();
        Ok(Plan {
            frame,
            outputs,
            rule_columns,
        })
    }
}

struct Compiler<'a> {
    rules: &'a RuleSet,
    end_ms: i64,
    schema: &'a Schema,
}

impl Compiler<'_> {
    /// A condition as a boolean expression that is never null.
    fn condition(&self, condition: &Condition) -> Result<Expr, EngineError> {
        let expr = match condition {
            Condition::All(cs) => {
                let mut all = lit(true);
                for c in cs {
                    all = all.and(self.condition(c)?);
                }
                all
            }
            Condition::Any(cs) => {
                let mut any = lit(false);
                for c in cs {
                    any = any.or(self.condition(c)?);
                }
                any
            }
            Condition::Not(c) => self.condition(c)?.not(),
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
                let name = super::events::count_column(event, self.end_ms);
                col(name.as_str()).gt_eq(lit(event.at_least))
            }
        };
        Ok(expr.fill_null(lit(false)))
    }

    fn kind_is_number(&self, field: &str) -> bool {
        self.schema
            .kind_of(field)
            .is_some_and(|k| k == crate::data::ColumnKind::Number)
    }

    fn weight_column(&self, event: &EventCondition, per_event_max: Option<u32>) -> String {
        super::events::weight_column(event, per_event_max, &self.rules.decay, self.end_ms)
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
