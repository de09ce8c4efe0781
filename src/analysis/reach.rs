//! "What it would take": for one contact, the points it lacks to reach MQL
//! and SQL, and the fewest rules it does not match yet whose points would
//! close the gap. Deliberately simple: a rule not matched could still match
//! (new events, a field filled in or changed), so every enabled rule with
//! positive points the contact lacks is a candidate; groups' caps are
//! honoured, so a rule in a full group is worth what the cap leaves.

use std::collections::HashMap;

use crate::engine::Scores;
use crate::model::{Condition, Dimension, RulePath, RuleSet};

/// A rule the contact does not match, and what matching it would add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleToMatch {
    /// Where the rule is.
    pub path: RulePath,
    /// Its name.
    pub name: String,
    /// Points it would add to this contact's score, after its group's cap.
    pub added_points: i64,
}

/// The way to one threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathToThreshold {
    /// The threshold.
    pub threshold: i64,
    /// Points between the contact's score and the threshold (0 when it is
    /// already there).
    pub missing_points: i64,
    /// The rules that would close the gap, largest gain first; when
    /// `reachable` is false, every rule that would help, still short.
    pub rules: Vec<RuleToMatch>,
    /// Whether matching `rules` closes the gap.
    pub reachable: bool,
}

/// What one contact would need to become MQL and SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatItWouldTake {
    /// The contact's score.
    pub score: i64,
    /// Whether an exclusion holds: no score makes it MQL or SQL then.
    pub excluded: bool,
    /// The way to the MQL threshold.
    pub mql: PathToThreshold,
    /// The way to the SQL threshold.
    pub sql: PathToThreshold,
}

/// What contact `row` would need under `rules`, scored as `scores`.
pub fn what_it_would_take(rules: &RuleSet, scores: &Scores, row: usize) -> WhatItWouldTake {
    let score = scores.total.get(row).copied().unwrap_or(0);
    let excluded = scores.exclusions.iter().any(|(_, m)| m.get(row));
    let candidates = candidates(rules, scores, row);
    let group_sums = group_sums(scores, row);
    let path_to = |threshold: i64| {
        path_to_threshold(rules, &candidates, group_sums.clone(), score, threshold)
    };
    WhatItWouldTake {
        score,
        excluded,
        mql: path_to(rules.stages.mql_threshold),
        sql: path_to(rules.stages.sql_threshold),
    }
}

/// A rule the contact lacks, with the most it could give before caps.
struct Candidate {
    path: RulePath,
    name: String,
    most_points: i64,
}

/// Enabled rules with positive points the contact does not match; a
/// per-event rule could give its points for every event up to its cap.
fn candidates(rules: &RuleSet, scores: &Scores, row: usize) -> Vec<Candidate> {
    scores
        .rules
        .iter()
        .filter(|result| result.points > 0 && !result.matched.get(row))
        .map(|result| {
            let events_counted = rules
                .rule(result.path)
                .filter(|rule| matches!(rule.condition, Condition::Event(_)))
                .and_then(|rule| rule.per_event_max)
                .unwrap_or(1);
            Candidate {
                path: result.path,
                name: result.name.clone(),
                most_points: result.points.saturating_mul(i64::from(events_counted)),
            }
        })
        .collect()
}

type GroupKey = (Dimension, usize);

/// The uncapped sum of each group for the contact.
fn group_sums(scores: &Scores, row: usize) -> HashMap<GroupKey, i64> {
    let mut sums = HashMap::new();
    for result in &scores.rules {
        let key = (result.path.dimension, result.path.group);
        *sums.entry(key).or_insert(0) += result.points_for(row);
    }
    sums
}

/// Greedy: take the rule that adds most (after caps) until the gap closes
/// or no rule adds anything. Greedy is not always the fewest rules, but it
/// is what a person would do, and it never claims a gap it cannot close.
fn path_to_threshold(
    rules: &RuleSet,
    candidates: &[Candidate],
    mut group_sums: HashMap<GroupKey, i64>,
    score: i64,
    threshold: i64,
) -> PathToThreshold {
    let missing_points = threshold.saturating_sub(score).max(0);
    let mut still_missing = missing_points;
    let mut taken: Vec<RuleToMatch> = Vec::new();
    while still_missing > 0 {
        let best = candidates
            .iter()
            .filter(|c| !taken.iter().any(|t| t.path == c.path))
            .map(|c| (c, added_after_cap(rules, &group_sums, c)))
            .filter(|(_, added)| *added > 0)
            .max_by_key(|(_, added)| *added);
        let Some((candidate, added_points)) = best else {
            break;
        };
        let key = (candidate.path.dimension, candidate.path.group);
        *group_sums.entry(key).or_insert(0) += candidate.most_points;
        still_missing -= added_points;
        taken.push(RuleToMatch {
            path: candidate.path,
            name: candidate.name.clone(),
            added_points,
        });
    }
    PathToThreshold {
        threshold,
        missing_points,
        rules: taken,
        reachable: still_missing <= 0,
    }
}

/// What a candidate adds to the score given its group's sum and cap.
fn added_after_cap(
    rules: &RuleSet,
    group_sums: &HashMap<GroupKey, i64>,
    candidate: &Candidate,
) -> i64 {
    let key = (candidate.path.dimension, candidate.path.group);
    let sum = group_sums.get(&key).copied().unwrap_or(0);
    let cap = rules
        .groups(candidate.path.dimension)
        .get(candidate.path.group)
        .and_then(|g| g.cap);
    capped(sum.saturating_add(candidate.most_points), cap) - capped(sum, cap)
}

fn capped(sum: i64, cap: Option<i64>) -> i64 {
    match cap {
        Some(cap) => sum.clamp(-cap.abs(), cap.abs()),
        None => sum,
    }
}
