//! Stages: thresholds and criteria that turn a score into a stage, with the
//! one precedence every engine and export follows, and the grade matrix.

use serde::{Deserialize, Serialize};

use super::{Condition, ThresholdKind};

/// A criterion that makes a contact MQL or SQL regardless of points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Criterion {
    /// Shown in reports ("Any demo request").
    pub name: String,
    /// When the criterion holds.
    pub condition: Condition,
    /// Disabled criteria are kept but promote nobody.
    pub enabled: bool,
}

impl Default for Criterion {
    fn default() -> Self {
        Self {
            name: "New criterion".to_owned(),
            condition: Condition::NotEmpty {
                field: String::new(),
            },
            enabled: true,
        }
    }
}

/// Thresholds on the total score, and criteria that bypass them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stages {
    /// A score at or above this is MQL.
    pub mql_threshold: i64,
    /// A score at or above this is SQL.
    pub sql_threshold: i64,
    /// A score below this is disqualified (when set).
    pub disqualify_below: Option<i64>,
    /// Criteria that make a contact at least MQL.
    pub mql_criteria: Vec<Criterion>,
    /// Criteria that make a contact SQL.
    pub sql_criteria: Vec<Criterion>,
}

impl Default for Stages {
    fn default() -> Self {
        Self {
            mql_threshold: 50,
            sql_threshold: 80,
            disqualify_below: None,
            mql_criteria: Vec::new(),
            sql_criteria: Vec::new(),
        }
    }
}

impl Stages {
    /// Where a threshold set to `value` ends up: the MQL threshold never
    /// passes the SQL threshold, nor the floor the MQL threshold. The other
    /// threshold is never moved to make room; the value is held at it.
    pub fn clamped(&self, kind: ThresholdKind, value: i64) -> i64 {
        match kind {
            ThresholdKind::Mql => value.min(self.sql_threshold),
            ThresholdKind::Sql => value.max(self.mql_threshold),
            ThresholdKind::Floor => value.min(self.mql_threshold),
        }
    }

    /// A threshold's current value (none for an unset floor).
    pub fn threshold(&self, kind: ThresholdKind) -> Option<i64> {
        match kind {
            ThresholdKind::Mql => Some(self.mql_threshold),
            ThresholdKind::Sql => Some(self.sql_threshold),
            ThresholdKind::Floor => self.disqualify_below,
        }
    }
}

/// The stage of a contact, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// Taken out by an exclusion.
    Excluded,
    /// Sales-qualified.
    Sql,
    /// Marketing-qualified.
    Mql,
    /// Below the MQL threshold.
    Nurture,
    /// Below the floor.
    Disqualified,
}

impl Stage {
    /// Every stage, in the order reports show them (funnel order).
    pub const ALL: [Stage; 5] = [
        Stage::Sql,
        Stage::Mql,
        Stage::Nurture,
        Stage::Disqualified,
        Stage::Excluded,
    ];

    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Excluded => "Excluded",
            Stage::Sql => "SQL",
            Stage::Mql => "MQL",
            Stage::Nurture => "Nurture",
            Stage::Disqualified => "Disqualified",
        }
    }

    /// Position in [`Stage::ALL`].
    pub fn index(self) -> usize {
        match self {
            Stage::Sql => 0,
            Stage::Mql => 1,
            Stage::Nurture => 2,
            Stage::Disqualified => 3,
            Stage::Excluded => 4,
        }
    }

    /// Stage from a code stored in engine output (see [`Stage::code`]).
    pub fn from_code(code: u8) -> Stage {
        match code {
            0 => Stage::Excluded,
            1 => Stage::Sql,
            2 => Stage::Mql,
            4 => Stage::Disqualified,
            _ => Stage::Nurture,
        }
    }

    /// Compact code used in engine columns.
    pub fn code(self) -> u8 {
        match self {
            Stage::Excluded => 0,
            Stage::Sql => 1,
            Stage::Mql => 2,
            Stage::Nurture => 3,
            Stage::Disqualified => 4,
        }
    }

    /// Whether the contact is handed to sales or marketing follow-up.
    pub fn is_qualified(self) -> bool {
        matches!(self, Stage::Sql | Stage::Mql)
    }
}

/// Stage of a contact from its score and the conditions that apply to it,
/// with the precedence of the specification: Excluded, SQL, MQL, floor, nurture.
pub fn stage_of(
    stages: &Stages,
    score: i64,
    excluded: bool,
    sql_criterion: bool,
    mql_criterion: bool,
) -> Stage {
    if excluded {
        Stage::Excluded
    } else if sql_criterion || score >= stages.sql_threshold {
        Stage::Sql
    } else if mql_criterion || score >= stages.mql_threshold {
        Stage::Mql
    } else if stages.disqualify_below.is_some_and(|floor| score < floor) {
        Stage::Disqualified
    } else {
        Stage::Nurture
    }
}

/// Fit grades A–D by fit-score bands, engagement tiers 1–3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GradeMatrix {
    /// Minimum fit for grade A.
    pub a_min_fit: i64,
    /// Minimum fit for grade B.
    pub b_min_fit: i64,
    /// Minimum fit for grade C; below is D.
    pub c_min_fit: i64,
    /// Minimum engagement for tier 1.
    pub tier1_min_engagement: i64,
    /// Minimum engagement for tier 2; below is tier 3.
    pub tier2_min_engagement: i64,
}

impl Default for GradeMatrix {
    fn default() -> Self {
        Self {
            a_min_fit: 60,
            b_min_fit: 40,
            c_min_fit: 20,
            tier1_min_engagement: 40,
            tier2_min_engagement: 15,
        }
    }
}

impl GradeMatrix {
    /// Fit grade index: 0 = A … 3 = D.
    pub fn fit_grade(&self, fit: i64) -> u8 {
        if fit >= self.a_min_fit {
            0
        } else if fit >= self.b_min_fit {
            1
        } else if fit >= self.c_min_fit {
            2
        } else {
            3
        }
    }

    /// Engagement tier index: 0 = tier 1 … 2 = tier 3.
    pub fn engagement_tier(&self, engagement: i64) -> u8 {
        if engagement >= self.tier1_min_engagement {
            0
        } else if engagement >= self.tier2_min_engagement {
            1
        } else {
            2
        }
    }

    /// The grade label ("B2") of a fit and engagement score.
    pub fn grade(&self, fit: i64, engagement: i64) -> String {
        grade_label(self.fit_grade(fit), self.engagement_tier(engagement))
    }
}

/// "A1" … "D3" from grade and tier indices.
pub fn grade_label(fit_grade: u8, engagement_tier: u8) -> String {
    let letter = char::from(b'A' + fit_grade.min(3));
    format!("{letter}{}", engagement_tier.min(2) + 1)
}
