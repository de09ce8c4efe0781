//! Stage summaries of one simulation, the comparison with a baseline, and
//! per-rule evidence.

use serde::Serialize;

use super::leakage::{Leakage, converts_like_outcome};
use super::stats::{Rate, SMALL_SAMPLE};
use crate::data::Outcomes;
use crate::engine::{Matches, Scores};
use crate::model::{RulePath, Stage};

/// Figures of one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageSummary {
    /// The stage.
    pub stage: Stage,
    /// Contacts in it.
    pub count: usize,
    /// Share of all contacts.
    pub share: f64,
    /// Conversion to won, with interval and n.
    pub conversion: Rate,
    /// Won revenue of its contacts.
    pub revenue: f64,
}

/// One cell of the grade matrix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GradeCell {
    /// Contacts with this grade.
    pub count: usize,
    /// Their conversion.
    pub conversion: Rate,
}

/// The figures of one simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulationSummary {
    /// Contacts scored.
    pub contacts: usize,
    /// Won contacts.
    pub won: usize,
    /// Total won revenue.
    pub revenue: f64,
    /// One entry per stage, in [`Stage::ALL`] order.
    pub stages: Vec<StageSummary>,
    /// Conversion of MQL and SQL together.
    pub qualified_conversion: Rate,
    /// Won contacts that reached MQL or SQL.
    pub won_captured: usize,
    /// Won contacts left in nurture or disqualified.
    pub won_missed: usize,
    /// Won contacts taken out by exclusions.
    pub won_excluded: usize,
    /// Revenue of the captured wins.
    pub revenue_captured: f64,
    /// Fit grade (A–D) × engagement tier (1–3), when a grade matrix is set.
    pub grade_matrix: Option<Vec<Vec<GradeCell>>>,
}

impl SimulationSummary {
    /// The summary of one stage.
    pub fn stage(&self, stage: Stage) -> Option<&StageSummary> {
        self.stages.get(stage.index())
    }

    /// Share of won contacts captured at MQL or above.
    pub fn capture_rate(&self) -> f64 {
        if self.won == 0 {
            0.0
        } else {
            self.won_captured as f64 / self.won as f64
        }
    }
}

/// Summarises scores against the outcomes.
pub fn summarize(scores: &Scores, outcomes: &Outcomes) -> SimulationSummary {
    let n = scores.len();
    let mut count = [0usize; 5];
    let mut won = [0usize; 5];
    let mut revenue = [0.0f64; 5];
    for (row, stage) in scores.stage.iter().enumerate() {
        let i = stage.index();
        let is_won = outcomes.is_won(row);
        if let (Some(c), Some(w), Some(r)) = (count.get_mut(i), won.get_mut(i), revenue.get_mut(i))
        {
            *c += 1;
            *w += usize::from(is_won);
            *r += outcomes.revenue.get(row).copied().unwrap_or(0.0);
        }
    }
    let stages: Vec<StageSummary> = Stage::ALL
        .iter()
        .map(|&stage| {
            let i = stage.index();
            let c = count.get(i).copied().unwrap_or(0);
            let w = won.get(i).copied().unwrap_or(0);
            StageSummary {
                stage,
                count: c,
                share: if n == 0 { 0.0 } else { c as f64 / n as f64 },
                conversion: Rate::new(w, c),
                revenue: revenue.get(i).copied().unwrap_or(0.0),
            }
        })
        .collect();
    let at = |s: Stage| (count[s.index()], won[s.index()], revenue[s.index()]);
    let (sql_n, sql_won, sql_revenue) = at(Stage::Sql);
    let (mql_n, mql_won, mql_revenue) = at(Stage::Mql);
    let total_won: usize = won.iter().sum();
    SimulationSummary {
        contacts: n,
        won: total_won,
        revenue: revenue.iter().sum(),
        stages,
        qualified_conversion: Rate::new(sql_won + mql_won, sql_n + mql_n),
        won_captured: sql_won + mql_won,
        won_missed: at(Stage::Nurture).1 + at(Stage::Disqualified).1,
        won_excluded: at(Stage::Excluded).1,
        revenue_captured: sql_revenue + mql_revenue,
        grade_matrix: grade_matrix(scores, outcomes),
    }
}

fn grade_matrix(scores: &Scores, outcomes: &Outcomes) -> Option<Vec<Vec<GradeCell>>> {
    let grades = scores.grade.as_ref()?;
    let mut count = [[0usize; 3]; 4];
    let mut won = [[0usize; 3]; 4];
    for (row, &g) in grades.iter().enumerate() {
        let (f, t) = (usize::from(g / 3), usize::from(g % 3));
        if let (Some(c), Some(w)) = (
            count.get_mut(f).and_then(|r| r.get_mut(t)),
            won.get_mut(f).and_then(|r| r.get_mut(t)),
        ) {
            *c += 1;
            *w += usize::from(outcomes.is_won(row));
        }
    }
    Some(
        count
            .iter()
            .zip(won.iter())
            .map(|(cs, ws)| {
                cs.iter()
                    .zip(ws.iter())
                    .map(|(&c, &w)| GradeCell {
                        count: c,
                        conversion: Rate::new(w, c),
                    })
                    .collect()
            })
            .collect(),
    )
}

/// A contact whose stage differs between baseline and proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageChange {
    /// Contact row in the dataset.
    pub row: usize,
    /// Stage under the baseline.
    pub baseline: Stage,
    /// Stage under the proposal.
    pub proposal: Stage,
    /// Score under the baseline.
    pub baseline_score: i64,
    /// Score under the proposal.
    pub proposal_score: i64,
}

/// A proposal against a baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The proposal's figures.
    pub proposal: SimulationSummary,
    /// The baseline's figures.
    pub baseline: SimulationSummary,
    /// `transition[b][p]`: contacts in baseline stage `b` and proposed stage
    /// `p` (indices of [`Stage::ALL`]).
    pub transition: Vec<Vec<usize>>,
    /// Contacts whose stage changes, in row order.
    pub changes: Vec<StageChange>,
}

/// Compares two scorings of the same contacts.
pub fn compare(proposal: &Scores, baseline: &Scores, outcomes: &Outcomes) -> Comparison {
    let mut transition = vec![vec![0usize; 5]; 5];
    let mut changes = Vec::new();
    for (row, (p, b)) in proposal.stage.iter().zip(&baseline.stage).enumerate() {
        if let Some(cell) = transition
            .get_mut(b.index())
            .and_then(|r| r.get_mut(p.index()))
        {
            *cell += 1;
        }
        if p != b {
            changes.push(StageChange {
                row,
                baseline: *b,
                proposal: *p,
                baseline_score: baseline.total.get(row).copied().unwrap_or(0),
                proposal_score: proposal.total.get(row).copied().unwrap_or(0),
            });
        }
    }
    Comparison {
        proposal: summarize(proposal, outcomes),
        baseline: summarize(baseline, outcomes),
        transition,
        changes,
    }
}

/// Evidence for one rule from the history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleStat {
    /// Where the rule is.
    #[serde(skip)]
    pub path: RulePath,
    /// Its name.
    pub name: String,
    /// Its points.
    pub points: i64,
    /// Contacts it matches.
    pub matched: usize,
    /// Share of all contacts it matches.
    pub share: f64,
    /// Conversion of the contacts it matches.
    pub matched_conversion: Rate,
    /// Conversion of the others.
    pub rest_conversion: Rate,
    /// Matched conversion over overall conversion (None when nobody converts).
    pub lift: Option<f64>,
    /// "probable leakage", "matches nobody", "matches everybody", "small sample".
    pub flag: Option<&'static str>,
    /// Why the rule probably records the outcome rather than predicts it.
    pub leakage: Option<Leakage>,
    /// Weight of evidence of matching (log odds ratio, smoothed).
    pub weight_of_evidence: Option<f64>,
    /// Points suggested by the history, on the 5-point scale.
    pub suggested_points: Option<i64>,
}

/// Match counts, conversion of matchers vs the rest, and lift, per enabled rule.
pub fn rule_stats(scores: &Scores, outcomes: &Outcomes) -> Vec<RuleStat> {
    let n = scores.len();
    // Counted as bits: a popcount per rule rather than a pass over contacts.
    let won = Matches::from_fn(n, |row| outcomes.is_won(row));
    let total_won = won.count();
    let overall = if n == 0 {
        0.0
    } else {
        total_won as f64 / n as f64
    };
    scores
        .rules
        .iter()
        .map(|rule| {
            let matched = rule.matched.count();
            let matched_won = rule.matched.count_and(&won);
            let matched_conversion = Rate::new(matched_won, matched);
            let rest_conversion = Rate::new(total_won - matched_won, n - matched);
            let leakage = converts_like_outcome(&matched_conversion);
            let flag = if leakage.is_some() {
                Some(PROBABLE_LEAKAGE)
            } else if matched == 0 {
                Some("matches nobody")
            } else if matched == n {
                Some("matches everybody")
            } else if matched < SMALL_SAMPLE {
                Some("small sample")
            } else {
                None
            };
            RuleStat {
                path: rule.path,
                name: rule.name.clone(),
                points: rule.points,
                matched,
                share: if n == 0 {
                    0.0
                } else {
                    matched as f64 / n as f64
                },
                matched_conversion,
                rest_conversion,
                lift: (overall > 0.0 && matched > 0).then(|| matched_conversion.value / overall),
                flag,
                leakage,
                weight_of_evidence: (matched > 0 && matched < n).then(|| {
                    super::evidence::weight_of_evidence(matched_won, matched, total_won, n)
                }),
                suggested_points: (matched > 0 && matched < n).then(|| {
                    super::evidence::suggested_points(super::evidence::weight_of_evidence(
                        matched_won,
                        matched,
                        total_won,
                        n,
                    ))
                }),
            }
        })
        .collect()
}

/// The flag of a rule that probably records the outcome.
pub const PROBABLE_LEAKAGE: &str = "probable leakage";

/// Flags the rules whose won matchers matched only after winning (the
/// second sign of leakage, see [`super::leakage`]).
pub fn mark_after_outcome(stats: &mut [RuleStat], signs: &[(RulePath, Leakage)]) {
    for stat in stats.iter_mut().filter(|s| s.leakage.is_none()) {
        if let Some((_, sign)) = signs.iter().find(|(path, _)| *path == stat.path) {
            stat.leakage = Some(sign.clone());
            stat.flag = Some(PROBABLE_LEAKAGE);
        }
    }
}
