//! One scoring run: every condition the rule set holds is compiled to a
//! polars expression and evaluated once (or taken from the scorer's cache),
//! each into a boolean column; then points, capped group sums and totals are
//! added up per contact from those columns, and stages follow with the rule
//! model's precedence.
//!
//! The sums are plain loops rather than one expression per group: a rule
//! set of thousands of rules would otherwise become an expression tree
//! thousands deep, which costs polars' optimiser far more than the adding.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;

use super::Matches;
use super::cache::{ColumnCache, ConditionKey, EventFeature, WeightedKey};
use super::conditions::{Compiler, leaf_column, normalised_expr};
use super::dictionary::{Dictionaries, Dictionary, Source, domain_column, email_domains};
use super::scores::{RuleResult, Scores, restage};
use super::time::as_of_end_ms;
use crate::data::Dataset;
use crate::model::{Condition, Criterion, Dimension, DomainOp, RulePath, RuleSet};

/// The inputs of one run that the scorer owns.
pub(super) struct Run<'a> {
    /// The run's number, for the caches' recency.
    pub number: u64,
    /// Every event feature the rule set needs, computed or cached.
    pub features: Vec<(EventFeature, Column)>,
    /// Conditions evaluated by earlier runs.
    pub conditions: &'a mut ColumnCache<ConditionKey, Matches>,
    /// Points of event rules given by earlier runs.
    pub weighted: &'a mut ColumnCache<WeightedKey, Arc<[i64]>>,
    /// The dictionaries of text columns built by earlier runs.
    pub dictionaries: &'a mut Dictionaries,
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
    let mut weights = HashMap::new();
    let mut feature_columns = Vec::with_capacity(run.features.len());
    for (i, (feature, column)) in run.features.into_iter().enumerate() {
        let name = format!("\u{1}ev{i}");
        if matches!(feature, EventFeature::Weight { .. }) {
            weights.insert(feature.clone(), column.clone());
        }
        feature_columns.push(column.with_name(name.as_str().into()));
        event_columns.insert(feature, name);
    }
    let mut conditions = Conditions {
        rules,
        end_ms,
        cache: run.conditions,
        run: run.number,
        keys: Vec::new(),
        slots: HashMap::new(),
    };
    let plan = Plan::of(rules, &mut conditions);
    let context = Context {
        data,
        features: feature_columns,
        event_columns: &event_columns,
        dictionaries: run.dictionaries,
    };
    let columns = conditions.evaluate(context)?;
    trace.mark("conditions");
    let weighted = Weighted {
        weights: &weights,
        cache: run.weighted,
        run: run.number,
        end_ms,
    };
    let mut scores = plan.scores(rules, &columns, weighted, as_of)?;
    restage(&mut scores, &rules.stages);
    trace.mark("sums and stages");
    Ok(scores)
}

/// Every distinct condition of a run, each evaluated once.
struct Conditions<'a> {
    rules: &'a RuleSet,
    end_ms: i64,
    cache: &'a mut ColumnCache<ConditionKey, Matches>,
    run: u64,
    /// The distinct conditions, in the order first asked for.
    keys: Vec<ConditionKey>,
    slots: HashMap<ConditionKey, usize>,
}

/// What the conditions of a run are evaluated on.
struct Context<'a> {
    data: &'a Dataset,
    /// The event features, named as `event_columns` says.
    features: Vec<Column>,
    event_columns: &'a HashMap<EventFeature, String>,
    dictionaries: &'a mut Dictionaries,
}

impl Conditions<'_> {
    /// What a condition's result depends on besides the data.
    fn key_of(&self, condition: &Condition) -> ConditionKey {
        ConditionKey {
            condition: condition.clone(),
            end_ms: self.end_ms,
            free_mail_domains: if reads_free_mail(condition) {
                self.rules.free_mail_domains.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// The slot of a condition's column among the run's results.
    fn slot(&mut self, condition: &Condition) -> usize {
        let key = self.key_of(condition);
        if let Some(&slot) = self.slots.get(&key) {
            return slot;
        }
        let slot = self.keys.len();
        self.slots.insert(key.clone(), slot);
        self.keys.push(key);
        slot
    }

    /// Who matches each slot's condition: from the cache, or evaluated (and
    /// then cached). Text and domain tests on columns with few distinct
    /// values are evaluated on those values; the rest by polars in one
    /// query over the contacts.
    fn evaluate(self, context: Context) -> PolarsResult<Vec<Matches>> {
        let mut found: Vec<Option<Matches>> = self
            .keys
            .iter()
            .map(|k| self.cache.get(k, self.run))
            .collect();
        let missing: Vec<usize> = (0..self.keys.len())
            .filter(|&slot| found.get(slot).is_some_and(Option::is_none))
            .collect();
        if missing.is_empty() {
            return collect_found(found);
        }
        let data = context.data;
        let dictionaries = resolve_dictionaries(
            context.dictionaries,
            data,
            missing.iter().filter_map(|&slot| self.keys.get(slot)),
        )?;
        let compiler = Compiler {
            rules: self.rules,
            end_ms: self.end_ms,
            schema: &data.schema,
            event_columns: context.event_columns,
            normalised_fields: RefCell::default(),
            domain_fields: RefCell::default(),
            dictionaries: &dictionaries,
            leaves: RefCell::default(),
        };
        let mut exprs = Vec::new();
        let mut composite = Vec::new();
        let mut results = Vec::new();
        let mut direct = Vec::new();
        for &slot in &missing {
            let Some(key) = self.keys.get(slot) else {
                continue;
            };
            if compiler.leaf_dictionary(&key.condition).is_some() {
                direct.push((slot, &key.condition));
            } else {
                let name = format!("\u{1}c{slot}");
                exprs.push(compiler.condition(&key.condition).alias(name.as_str()));
                composite.push((slot, name));
            }
        }
        let leaves: Vec<&Condition> = direct.iter().map(|(_, c)| *c).collect();
        let evaluated = leaves_matches(&compiler, &leaves)?;
        results.extend(direct.iter().map(|(slot, _)| *slot).zip(evaluated));
        if !exprs.is_empty() {
            let mut frame = data.contacts.clone();
            if !context.features.is_empty() {
                frame = frame.hstack(&context.features)?;
            }
            let leaves = compiler.leaves.take().into_list();
            let mut leaf_results: Vec<Option<Matches>> = leaves
                .iter()
                .map(|leaf| self.cache.get(&self.key_of(leaf), self.run))
                .collect();
            let uncached: Vec<&Condition> = leaves
                .iter()
                .zip(&leaf_results)
                .filter(|(_, found)| found.is_none())
                .map(|(leaf, _)| leaf)
                .collect();
            let mut evaluated = leaves_matches(&compiler, &uncached)?.into_iter();
            for (leaf, found) in leaves.iter().zip(leaf_results.iter_mut()) {
                if found.is_none() {
                    let matches = evaluated.next().unwrap_or_default();
                    self.cache
                        .insert(self.key_of(leaf), matches.clone(), self.run);
                    *found = Some(matches);
                }
            }
            // Added together: one column at a time checks the names of
            // every column before it, which thousands of leaves make slow.
            let leaf_columns: Vec<Column> = leaf_results
                .into_iter()
                .enumerate()
                .map(|(index, matches)| {
                    let column: BooleanChunked =
                        matches.unwrap_or_default().iter().map(Some).collect();
                    column.with_name(leaf_column(index).into()).into_column()
                })
                .collect();
            frame = frame.hstack(&leaf_columns)?;
            let evaluated = evaluate_on(frame, &compiler, exprs)?;
            let height = data.contacts.height();
            for (slot, name) in composite {
                let column = evaluated.column(&name)?.bool()?;
                results.push((slot, matches_of(column, height)));
            }
        }
        for (slot, matches) in results {
            if let (Some(key), Some(place)) = (self.keys.get(slot), found.get_mut(slot)) {
                self.cache.insert(key.clone(), matches.clone(), self.run);
                *place = Some(matches);
            }
        }
        collect_found(found)
    }
}

fn collect_found(found: Vec<Option<Matches>>) -> PolarsResult<Vec<Matches>> {
    found
        .into_iter()
        .map(|m| m.ok_or_else(|| polars_err!(ComputeError: "a condition was not evaluated")))
        .collect()
}

/// The dictionaries of the text fields and email domains the conditions
/// test, where a column has few enough distinct values.
fn resolve_dictionaries<'k>(
    dictionaries: &mut Dictionaries,
    data: &Dataset,
    keys: impl Iterator<Item = &'k ConditionKey>,
) -> PolarsResult<HashMap<Source, Arc<Dictionary>>> {
    let mut sources = Vec::new();
    for key in keys {
        dictionary_sources(&key.condition, &mut sources);
    }
    let mut resolved = HashMap::new();
    for source in sources {
        if resolved.contains_key(&source) {
            continue;
        }
        if let Some(dictionary) = dictionaries.get(&data.contacts, &source)? {
            resolved.insert(source, dictionary);
        }
    }
    Ok(resolved)
}

fn dictionary_sources(condition: &Condition, out: &mut Vec<Source>) {
    match condition {
        Condition::All(cs) | Condition::Any(cs) => {
            cs.iter().for_each(|c| dictionary_sources(c, out));
        }
        Condition::Not(c) => dictionary_sources(c, out),
        Condition::Text { field, .. } => out.push(Source::Values(field.clone())),
        Condition::EmailDomain { field, .. } => out.push(Source::Domains(field.clone())),
        _ => {}
    }
}

/// Text and domain tests evaluated on the distinct values of their
/// columns (one query per column for all its tests), then looked up for
/// every contact; in the order given.
fn leaves_matches(compiler: &Compiler, leaves: &[&Condition]) -> PolarsResult<Vec<Matches>> {
    let mut out: Vec<Option<Matches>> = vec![None; leaves.len()];
    // Leaves grouped by the dictionary they read.
    let mut groups: Vec<(&Arc<Dictionary>, Vec<usize>)> = Vec::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let Some(dictionary) = compiler.leaf_dictionary(leaf) else {
            continue;
        };
        match groups.iter_mut().find(|(d, _)| Arc::ptr_eq(d, dictionary)) {
            Some((_, members)) => members.push(i),
            None => groups.push((dictionary, vec![i])),
        }
    }
    let none = HashMap::new();
    for (dictionary, members) in groups {
        let plain = compiler.plain(&none);
        let exprs: Vec<Expr> = members
            .iter()
            .filter_map(|&i| leaves.get(i))
            .enumerate()
            .map(|(k, leaf)| plain.condition(leaf).alias(format!("\u{1}ok{k}").as_str()))
            .collect();
        let evaluated = evaluate_on(dictionary.values.clone(), &plain, exprs)?;
        for (k, &i) in members.iter().enumerate() {
            let accepted = evaluated.column(&format!("\u{1}ok{k}"))?.bool()?;
            let accepted = matches_of(accepted, dictionary.values.height());
            let accepted: BooleanChunked = accepted.iter().map(Some).collect();
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(dictionary.matches(&accepted));
            }
        }
    }
    out.into_iter()
        .map(|m| m.ok_or_else(|| polars_err!(ComputeError: "a text test has no dictionary")))
        .collect()
}

/// Compiled conditions evaluated on a frame, after the layers they read:
/// normalised copies of text fields and the domains of email fields.
fn evaluate_on(frame: DataFrame, compiler: &Compiler, exprs: Vec<Expr>) -> PolarsResult<DataFrame> {
    let normalised: Vec<Expr> = compiler
        .normalised_fields
        .take()
        .iter()
        .map(|field| normalised_expr(field))
        .collect();
    let mut frame = frame;
    for field in compiler.domain_fields.take() {
        if frame.column(&domain_column(&field)).is_err() {
            let domains = email_domains(&field, frame.column(&field)?.str()?);
            frame.with_column(domains)?;
        }
    }
    frame
        .lazy()
        .with_columns(normalised)
        .select(exprs)
        .collect()
}

/// A condition's column as bits; a condition that is a constant comes out
/// of polars as one value.
fn matches_of(column: &BooleanChunked, height: usize) -> Matches {
    if column.len() == height {
        Matches::from_column(column)
    } else {
        let constant = column.get(0).unwrap_or(false);
        Matches::from_fn(height, |_| constant)
    }
}

/// A group: its dimension, cap and enabled rules (path, condition slot).
type PlannedGroup = (Dimension, Option<i64>, Vec<(RulePath, usize)>);

/// Where each part of the rule set finds its condition's column.
struct Plan {
    groups: Vec<PlannedGroup>,
    /// Per enabled exclusion: its slot.
    exclusions: Vec<usize>,
    mql_criterion: usize,
    sql_criterion: usize,
}

impl Plan {
    fn of(rules: &RuleSet, conditions: &mut Conditions) -> Plan {
        let mut groups = Vec::new();
        for dimension in [Dimension::Fit, Dimension::Engagement] {
            for (g, group) in rules.groups(dimension).iter().enumerate() {
                let members = group
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, rule)| rule.enabled)
                    .map(|(r, rule)| {
                        let path = RulePath {
                            dimension,
                            group: g,
                            rule: r,
                        };
                        (path, conditions.slot(&rule.condition))
                    })
                    .collect();
                groups.push((dimension, group.cap, members));
            }
        }
        let exclusions = rules
            .exclusions
            .iter()
            .filter(|e| e.enabled)
            .map(|e| conditions.slot(&e.condition))
            .collect();
        let any_of = |criteria: &[Criterion]| {
            Condition::Any(
                criteria
                    .iter()
                    .filter(|c| c.enabled)
                    .map(|c| c.condition.clone())
                    .collect(),
            )
        };
        Plan {
            groups,
            exclusions,
            mql_criterion: conditions.slot(&any_of(&rules.stages.mql_criteria)),
            sql_criterion: conditions.slot(&any_of(&rules.stages.sql_criteria)),
        }
    }

    /// Points, sums and flags per contact from the conditions' bitmaps.
    fn scores(
        &self,
        rules: &RuleSet,
        columns: &[Matches],
        mut weighted: Weighted,
        as_of: NaiveDate,
    ) -> PolarsResult<Scores> {
        let matches_of = |slot: usize| -> PolarsResult<Matches> {
            columns
                .get(slot)
                .cloned()
                .ok_or_else(|| polars_err!(ComputeError: "a condition has no column"))
        };
        let n = columns.first().map_or(0, Matches::len);
        let mut fit = vec![0i64; n];
        let mut engagement = vec![0i64; n];
        let mut results = Vec::new();
        let mut group_sum = vec![0i64; n];
        // Validation holds every rule's points to ±MAX_POINTS and counted
        // events to MAX_PER_EVENT_COUNT of weight at most 1, so no sum here
        // passes ±MAX_SCORE (10^15): saturating adds are a second guard
        // that a wrapped sum can never turn a top contact into the worst.
        for (dimension, cap, members) in &self.groups {
            group_sum.fill(0);
            for &(path, slot) in members {
                let Some(rule) = rules.rule(path) else {
                    continue;
                };
                let matched = matches_of(slot)?;
                let weighted_points = weighted.points(rules, rule, &matched)?;
                match &weighted_points {
                    Some(points) => {
                        for row in matched.rows() {
                            if let (Some(sum), Some(p)) = (group_sum.get_mut(row), points.get(row))
                            {
                                *sum = sum.saturating_add(*p);
                            }
                        }
                    }
                    None => {
                        for row in matched.rows() {
                            if let Some(sum) = group_sum.get_mut(row) {
                                *sum = sum.saturating_add(rule.points);
                            }
                        }
                    }
                }
                results.push(RuleResult {
                    path,
                    name: rule.name.clone(),
                    points: rule.points,
                    matched,
                    weighted_points,
                });
            }
            let half = match dimension {
                Dimension::Fit => &mut fit,
                Dimension::Engagement => &mut engagement,
            };
            for (total, &sum) in half.iter_mut().zip(&group_sum) {
                *total = total.saturating_add(capped(sum, *cap));
            }
        }
        let total = fit
            .iter()
            .zip(&engagement)
            .map(|(f, e)| f.saturating_add(*e))
            .collect();
        let grade = rules.grades.as_ref().map(|g| {
            fit.iter()
                .zip(&engagement)
                .map(|(&f, &e)| g.fit_grade(f) * 3 + g.engagement_tier(e))
                .collect()
        });
        let enabled = rules.exclusions.iter().filter(|e| e.enabled);
        let exclusions = enabled
            .zip(&self.exclusions)
            .map(|(exclusion, &slot)| Ok((exclusion.name.clone(), matches_of(slot)?)))
            .collect::<PolarsResult<Vec<_>>>()?;
        Ok(Scores {
            as_of: Some(as_of),
            fit,
            engagement,
            total,
            stage: Vec::new(),
            grade,
            rules: results,
            exclusions,
            mql_criterion: matches_of(self.mql_criterion)?,
            sql_criterion: matches_of(self.sql_criterion)?,
        })
    }
}

/// The points of event rules whose weight varies per contact, kept by the
/// scorer so that an edit elsewhere does not compute them again.
struct Weighted<'a> {
    weights: &'a HashMap<EventFeature, Column>,
    cache: &'a mut ColumnCache<WeightedKey, Arc<[i64]>>,
    run: u64,
    end_ms: i64,
}

impl Weighted<'_> {
    /// The points `rule` gives each contact, when they vary.
    fn points(
        &mut self,
        rules: &RuleSet,
        rule: &crate::model::Rule,
        matched: &Matches,
    ) -> PolarsResult<Option<Arc<[i64]>>> {
        let Condition::Event(event) = &rule.condition else {
            return Ok(None);
        };
        let feature = EventFeature::Weight {
            event: event.clone(),
            end_ms: self.end_ms,
            per_event_max: rule.per_event_max,
            decay: rules.decay.clone(),
        };
        let Some(weight) = self.weights.get(&feature) else {
            return Ok(None);
        };
        let key = (feature, rule.points);
        if let Some(points) = self.cache.get(&key, self.run) {
            return Ok(Some(points));
        }
        let points: Arc<[i64]> = weighted(rule.points, matched, weight.f64()?).into();
        self.cache.insert(key, Arc::clone(&points), self.run);
        Ok(Some(points))
    }
}

/// A group's sum clamped to `[-cap, cap]`.
fn capped(sum: i64, cap: Option<i64>) -> i64 {
    match cap {
        Some(cap) if sum > cap => cap,
        Some(cap) if sum < -cap => -cap,
        _ => sum,
    }
}

/// Points of an event rule whose weight varies per contact: whole points,
/// rounded half up, for the contacts it matched.
fn weighted(points: i64, matched: &Matches, weight: &Float64Chunked) -> Vec<i64> {
    matched
        .iter()
        .zip(weight.iter())
        .map(|(hit, w)| match (hit, w) {
            (true, Some(w)) => (points as f64 * w + 0.5).floor() as i64,
            _ => 0,
        })
        .collect()
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
