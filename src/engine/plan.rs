//! One scoring run: the rule set compiled in layers over the contacts frame,
//! each layer reading the columns of the one before by name, so every
//! condition is evaluated once and the expression trees stay small:
//! conditions → points → group sums → totals. Stages follow in Rust, with
//! the rule model's precedence.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::cache::{ColumnCache, ConditionKey, EventFeature};
use super::conditions::Compiler;
use super::scores::{RuleResult, Scores, restage};
use super::time::as_of_end_ms;
use crate::data::Dataset;
use crate::model::{Condition, Criterion, Dimension, DomainOp, Rule, RulePath, RuleSet};

const FIT: &str = "\u{1}fit";
const ENGAGEMENT: &str = "\u{1}engagement";
const TOTAL: &str = "\u{1}total";
const MQL_CRITERION: &str = "\u{1}mql_criterion";
const SQL_CRITERION: &str = "\u{1}sql_criterion";

fn exclusion_column(index: usize) -> String {
    format!("\u{1}x{index}")
}

/// Output column names of one enabled rule.
struct RuleColumns {
    path: RulePath,
    matched: String,
    /// Present when the rule's points vary per contact.
    points: Option<String>,
}

/// The inputs of one run that the scorer owns.
pub(super) struct Run<'a> {
    /// The run's number, for the caches' recency.
    pub number: u64,
    /// Every event feature the rule set needs, computed or cached.
    pub features: Vec<(EventFeature, Column)>,
    /// Conditions evaluated by earlier runs.
    pub conditions: &'a mut ColumnCache<ConditionKey>,
}

/// Scores every contact of `data` with `rules` as of a date.
pub(super) fn evaluate(
    data: &Dataset,
    rules: &RuleSet,
    as_of: NaiveDate,
    run: Run<'_>,
    trace: &crate::trace::Trace,
) -> PolarsResult<Scores> {
    let end_ms = as_of_end_ms(as_of);
    let mut event_columns = HashMap::new();
    let mut feature_columns = Vec::with_capacity(run.features.len());
    for (i, (feature, column)) in run.features.into_iter().enumerate() {
        let name = format!("\u{1}ev{i}");
        feature_columns.push(column.with_name(name.as_str().into()));
        event_columns.insert(feature, name);
    }
    let compiler = Compiler {
        rules,
        end_ms,
        schema: &data.schema,
        event_columns: &event_columns,
    };
    let mut layers = Layers {
        compiler,
        cache: run.conditions,
        run: run.number,
        conditions: Vec::new(),
        reused: Vec::new(),
        computed: Vec::new(),
    };
    let scored = layers.rules(rules);
    let excluded = layers.exclusions(rules);
    layers.criteria(rules);

    let mut frame = data.contacts.clone();
    frame = frame.hstack(data.contacts_norm.columns())?;
    frame = frame.hstack(&feature_columns)?;
    frame = frame.hstack(&layers.reused)?;
    let mut selected: Vec<Expr> = scored
        .rule_columns
        .iter()
        .flat_map(|rc| {
            std::iter::once(col(rc.matched.as_str()))
                .chain(rc.points.as_ref().map(|p| col(p.as_str())))
        })
        .collect();
    selected.extend(excluded.iter().map(|name| col(name.as_str())));
    selected.extend([
        col(FIT),
        col(ENGAGEMENT),
        col(TOTAL),
        col(MQL_CRITERION),
        col(SQL_CRITERION),
    ]);
    let frame = frame
        .lazy()
        .with_columns(layers.conditions)
        .with_columns(scored.points)
        .with_columns(scored.group_sums)
        .with_columns([
            add_all(scored.fit_parts).alias(FIT),
            add_all(scored.engagement_parts).alias(ENGAGEMENT),
        ])
        .with_column((col(FIT) + col(ENGAGEMENT)).alias(TOTAL))
        .select(selected)
        .collect()?;
    trace.mark("rule columns");
    for (name, key) in layers.computed {
        layers
            .cache
            .insert(key, frame.column(&name)?.clone(), layers.run);
    }
    let mut scores = collect_scores(&frame, rules, &scored.rule_columns, &excluded, as_of)?;
    restage(&mut scores, &rules.stages);
    trace.mark("collect scores and stages");
    Ok(scores)
}

fn add_all(parts: Vec<Expr>) -> Expr {
    parts
        .into_iter()
        .reduce(|a, b| a + b)
        .unwrap_or_else(|| lit(0i64))
        .cast(DataType::Int64)
}

/// One compiled rule: its points column and expression, its outputs.
struct RulePoints {
    points_column: String,
    points: Expr,
    columns: RuleColumns,
}

/// The expressions of the rule layers.
struct Scored {
    points: Vec<Expr>,
    group_sums: Vec<Expr>,
    fit_parts: Vec<Expr>,
    engagement_parts: Vec<Expr>,
    rule_columns: Vec<RuleColumns>,
}

/// The condition layer being built: conditions to evaluate, and those an
/// earlier run already evaluated.
struct Layers<'a> {
    compiler: Compiler<'a>,
    cache: &'a mut ColumnCache<ConditionKey>,
    run: u64,
    conditions: Vec<Expr>,
    reused: Vec<Column>,
    /// Columns evaluated by this run, to remember afterwards.
    computed: Vec<(String, ConditionKey)>,
}

impl Layers<'_> {
    /// Adds the column `name` holding `condition`: reused when an earlier
    /// run evaluated it, compiled otherwise.
    fn add_condition(&mut self, name: &str, condition: &Condition) {
        let key = ConditionKey {
            condition: condition.clone(),
            end_ms: self.compiler.end_ms,
            free_mail_domains: if reads_free_mail(condition) {
                self.compiler.rules.free_mail_domains.clone()
            } else {
                Vec::new()
            },
        };
        match self.cache.get(&key, self.run) {
            Some(column) => self.reused.push(column.with_name(name.into())),
            None => {
                self.conditions
                    .push(self.compiler.condition(condition).alias(name));
                self.computed.push((name.to_owned(), key));
            }
        }
    }

    /// Points per enabled rule, capped group sums and the two halves.
    fn rules(&mut self, rules: &RuleSet) -> Scored {
        let mut scored = Scored {
            points: Vec::new(),
            group_sums: Vec::new(),
            fit_parts: Vec::new(),
            engagement_parts: Vec::new(),
            rule_columns: Vec::new(),
        };
        for dimension in [Dimension::Fit, Dimension::Engagement] {
            for (g, group) in rules.groups(dimension).iter().enumerate() {
                let tag_group = match dimension {
                    Dimension::Fit => format!("f{g}"),
                    Dimension::Engagement => format!("e{g}"),
                };
                let mut members = Vec::new();
                for (r, rule) in group.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
                    let path = RulePath {
                        dimension,
                        group: g,
                        rule: r,
                    };
                    let compiled = self.rule_points(rules, path, rule, &format!("{tag_group}_{r}"));
                    members.push(col(compiled.points_column.as_str()));
                    scored.points.push(compiled.points);
                    scored.rule_columns.push(compiled.columns);
                }
                let sum_name = format!("\u{1}g{tag_group}");
                let sum = members
                    .into_iter()
                    .reduce(|a, b| a + b)
                    .unwrap_or_else(|| lit(0i64));
                scored.group_sums.push(sum.alias(sum_name.as_str()));
                let total = col(sum_name.as_str());
                let capped = match group.cap {
                    Some(cap) => when(total.clone().gt(lit(cap)))
                        .then(lit(cap))
                        .when(total.clone().lt(lit(-cap)))
                        .then(lit(-cap))
                        .otherwise(total),
                    None => total,
                };
                match dimension {
                    Dimension::Fit => scored.fit_parts.push(capped),
                    Dimension::Engagement => scored.engagement_parts.push(capped),
                }
            }
        }
        scored
    }

    /// A rule's condition column and its points expression (decayed or
    /// per event for event rules).
    fn rule_points(
        &mut self,
        rules: &RuleSet,
        path: RulePath,
        rule: &Rule,
        tag: &str,
    ) -> RulePoints {
        let matched_name = format!("\u{1}m{tag}");
        let points_name = format!("\u{1}p{tag}");
        self.add_condition(&matched_name, &rule.condition);
        let weight = match &rule.condition {
            Condition::Event(event) => self
                .compiler
                .event_columns
                .get(&EventFeature::Weight {
                    event: event.clone(),
                    end_ms: self.compiler.end_ms,
                    per_event_max: rule.per_event_max,
                    decay: rules.decay.clone(),
                })
                .cloned(),
            _ => None,
        };
        let value = match &weight {
            // Whole points, rounded half up.
            Some(w) => (lit(rule.points as f64) * col(w.as_str()) + lit(0.5f64))
                .floor()
                .cast(DataType::Int64),
            None => lit(rule.points),
        };
        let expr = when(col(matched_name.as_str()))
            .then(value)
            .otherwise(lit(0i64))
            .alias(points_name.as_str());
        let columns = RuleColumns {
            path,
            matched: matched_name,
            points: weight.map(|_| points_name.clone()),
        };
        RulePoints {
            points_column: points_name,
            points: expr,
            columns,
        }
    }

    /// One column per enabled exclusion; returns their names.
    fn exclusions(&mut self, rules: &RuleSet) -> Vec<String> {
        let mut names = Vec::new();
        for (i, exclusion) in rules.exclusions.iter().enumerate() {
            if exclusion.enabled {
                let name = exclusion_column(i);
                self.add_condition(&name, &exclusion.condition);
                names.push(name);
            }
        }
        names
    }

    /// Whether any enabled MQL (SQL) criterion holds.
    fn criteria(&mut self, rules: &RuleSet) {
        let any_of = |criteria: &[Criterion]| {
            Condition::Any(
                criteria
                    .iter()
                    .filter(|c| c.enabled)
                    .map(|c| c.condition.clone())
                    .collect(),
            )
        };
        self.add_condition(MQL_CRITERION, &any_of(&rules.stages.mql_criteria));
        self.add_condition(SQL_CRITERION, &any_of(&rules.stages.sql_criteria));
    }
}

/// Whether the result of a condition depends on the free-mail list.
fn reads_free_mail(condition: &Condition) -> bool {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => cs.iter().any(reads_free_mail),
        Condition::Not(c) => reads_free_mail(c),
        Condition::EmailDomain { op, .. } => *op == DomainOp::FreeMail,
        _ => false,
    }
}

fn bools(frame: &DataFrame, name: &str) -> PolarsResult<Vec<bool>> {
    let values = frame.column(name)?.bool()?;
    // Conditions are never null; the fast path skips the validity checks.
    Ok(if values.null_count() == 0 {
        values
            .downcast_iter()
            .flat_map(|array| array.values_iter())
            .collect()
    } else {
        values.iter().map(|v| v.unwrap_or(false)).collect()
    })
}

fn ints(frame: &DataFrame, name: &str) -> PolarsResult<Vec<i64>> {
    let values = frame.column(name)?.i64()?;
    Ok(if values.null_count() == 0 {
        values.into_no_null_iter().collect()
    } else {
        values.iter().map(|v| v.unwrap_or(0)).collect()
    })
}

/// The frame's columns as [`Scores`]; stages are set afterwards.
fn collect_scores(
    frame: &DataFrame,
    rules: &RuleSet,
    rule_columns: &[RuleColumns],
    exclusion_columns: &[String],
    as_of: NaiveDate,
) -> PolarsResult<Scores> {
    let fit = ints(frame, FIT)?;
    let engagement = ints(frame, ENGAGEMENT)?;
    let total = ints(frame, TOTAL)?;
    let grade = rules.grades.as_ref().map(|g| {
        fit.iter()
            .zip(&engagement)
            .map(|(&f, &e)| g.fit_grade(f) * 3 + g.engagement_tier(e))
            .collect()
    });
    let mut results = Vec::with_capacity(rule_columns.len());
    for rc in rule_columns {
        let Some(rule) = rules.rule(rc.path) else {
            continue;
        };
        let weighted_points = match &rc.points {
            Some(name) => Some(ints(frame, name)?),
            None => None,
        };
        results.push(RuleResult {
            path: rc.path,
            name: rule.name.clone(),
            points: rule.points,
            matched: bools(frame, &rc.matched)?,
            weighted_points,
        });
    }
    let mut exclusions = Vec::new();
    let enabled = rules.exclusions.iter().filter(|e| e.enabled);
    for (exclusion, name) in enabled.zip(exclusion_columns) {
        exclusions.push((exclusion.name.clone(), bools(frame, name)?));
    }
    Ok(Scores {
        as_of: Some(as_of),
        fit,
        engagement,
        total,
        stage: Vec::new(),
        grade,
        rules: results,
        exclusions,
        mql_criterion: bools(frame, MQL_CRITERION)?,
        sql_criterion: bools(frame, SQL_CRITERION)?,
    })
}
