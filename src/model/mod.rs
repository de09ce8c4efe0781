//! The rule set: a marketing–sales scoring model as plain, serializable data.
//!
//! The types here are closed enums and plain structs, so the engine, the
//! reference evaluator in the tests, the editor and the exports all match on
//! the same variants and cannot drift apart silently.

pub mod condition;
mod diff;
mod io;
mod validate;

pub use condition::{Condition, DateOp, DomainOp, EventCondition, Interval, NumberOp, TextOp};
pub use diff::{RuleChange, RuleDiff, RuleSetDiff, diff};
pub use io::{RuleSetError, from_json, from_ron, load_rule_set, save_rule_set, to_json, to_ron};
pub use validate::{Issue, Severity, Target, validate};

use serde::{Deserialize, Serialize};

/// The newest rule-set format this program reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A complete scoring model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSet {
    /// Version of the file format; files newer than [`FORMAT_VERSION`] are refused.
    pub format_version: u32,
    /// A short name shown in the app and in reports.
    pub name: String,
    /// Why this rule set exists, who proposed it.
    pub description: String,
    /// Explicit data: who the contact is.
    pub fit: Vec<Group>,
    /// Implicit data: what the contact did.
    pub engagement: Vec<Group>,
    /// Conditions that take a contact out of MQL/SQL whatever its score.
    pub exclusions: Vec<Exclusion>,
    /// Thresholds and criteria that turn a score into a stage.
    pub stages: Stages,
    /// How event points lose weight with the event's age.
    pub decay: Decay,
    /// Optional fit-grade × engagement-tier matrix.
    pub grades: Option<GradeMatrix>,
    /// Domains counted as free-mail by the "is a free-mail domain" condition.
    pub free_mail_domains: Vec<String>,
}

impl Default for RuleSet {
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            name: "Untitled rule set".to_owned(),
            description: String::new(),
            fit: Vec::new(),
            engagement: Vec::new(),
            exclusions: Vec::new(),
            stages: Stages::default(),
            decay: Decay::None,
            grades: None,
            free_mail_domains: default_free_mail_domains(),
        }
    }
}

/// Fit or engagement: the two halves of the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dimension {
    /// Who the contact is.
    Fit,
    /// What the contact did.
    Engagement,
}

impl Dimension {
    /// Lower-case label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Fit => "fit",
            Dimension::Engagement => "engagement",
        }
    }
}

/// Where a rule sits in a rule set: dimension, group index, rule index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RulePath {
    /// Fit or engagement.
    pub dimension: Dimension,
    /// Index of the group within its dimension.
    pub group: usize,
    /// Index of the rule within its group.
    pub rule: usize,
}

impl RuleSet {
    /// The groups of one dimension.
    pub fn groups(&self, dimension: Dimension) -> &Vec<Group> {
        match dimension {
            Dimension::Fit => &self.fit,
            Dimension::Engagement => &self.engagement,
        }
    }

    /// The groups of one dimension, for editing.
    pub fn groups_mut(&mut self, dimension: Dimension) -> &mut Vec<Group> {
        match dimension {
            Dimension::Fit => &mut self.fit,
            Dimension::Engagement => &mut self.engagement,
        }
    }

    /// Every rule with its path, fit first, in file order.
    pub fn rules(&self) -> impl Iterator<Item = (RulePath, &Rule)> {
        [Dimension::Fit, Dimension::Engagement]
            .into_iter()
            .flat_map(move |dimension| {
                self.groups(dimension)
                    .iter()
                    .enumerate()
                    .flat_map(move |(group, g)| {
                        g.rules.iter().enumerate().map(move |(rule, r)| {
                            (
                                RulePath {
                                    dimension,
                                    group,
                                    rule,
                                },
                                r,
                            )
                        })
                    })
            })
    }

    /// The rule at a path, if the path is still valid.
    pub fn rule(&self, path: RulePath) -> Option<&Rule> {
        self.groups(path.dimension)
            .get(path.group)?
            .rules
            .get(path.rule)
    }

    /// The rule at a path, for editing.
    pub fn rule_mut(&mut self, path: RulePath) -> Option<&mut Rule> {
        self.groups_mut(path.dimension)
            .get_mut(path.group)?
            .rules
            .get_mut(path.rule)
    }

    /// Every condition of the rule set (rules, exclusions, stage criteria).
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.rules()
            .map(|(_, r)| &r.condition)
            .chain(self.exclusions.iter().map(|e| &e.condition))
            .chain(self.stages.mql_criteria.iter().map(|c| &c.condition))
            .chain(self.stages.sql_criteria.iter().map(|c| &c.condition))
    }

    /// Whether any enabled part of the rule set needs an events table.
    pub fn uses_events(&self) -> bool {
        self.conditions().any(Condition::uses_events)
    }
}

/// A named list of rules whose sum may be capped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Group {
    /// Shown as the group's heading.
    pub name: String,
    /// The group's sum is clamped to `[-cap, cap]` before it is added.
    pub cap: Option<i64>,
    /// The rules, in display order.
    pub rules: Vec<Rule>,
}

impl Default for Group {
    fn default() -> Self {
        Self {
            name: "New group".to_owned(),
            cap: None,
            rules: Vec::new(),
        }
    }
}

/// One scoring rule: when the condition holds, the contact gets the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rule {
    /// Unique within the rule set; shown in reports and matched-rule lists.
    pub name: String,
    /// When the rule applies.
    pub condition: Condition,
    /// Points added when the rule applies (negative to subtract).
    pub points: i64,
    /// Which team proposed the rule.
    pub owner: Owner,
    /// Disabled rules are kept but score nothing.
    pub enabled: bool,
    /// Why the rule exists.
    pub note: String,
    /// For a rule whose condition is an event condition: points for every
    /// matching event, up to this many events (most recent first).
    pub per_event_max: Option<u32>,
}

impl Default for Rule {
    fn default() -> Self {
        Self {
            name: "New rule".to_owned(),
            condition: Condition::NotEmpty {
                field: String::new(),
            },
            points: 5,
            owner: Owner::Marketing,
            enabled: true,
            note: String::new(),
            per_event_max: None,
        }
    }
}

/// The team that proposed a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Owner {
    /// The marketing team.
    #[default]
    Marketing,
    /// The sales team.
    Sales,
}

impl Owner {
    /// Display label.
    pub fn label(self) -> &'static str {
        match self {
            Owner::Marketing => "Marketing",
            Owner::Sales => "Sales",
        }
    }
}

/// A condition that takes a contact out of MQL/SQL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Exclusion {
    /// Shown in reports ("Existing customers").
    pub name: String,
    /// When the contact is excluded.
    pub condition: Condition,
    /// Disabled exclusions are kept but exclude nobody.
    pub enabled: bool,
    /// Why the exclusion exists.
    pub note: String,
}

impl Default for Exclusion {
    fn default() -> Self {
        Self {
            name: "New exclusion".to_owned(),
            condition: Condition::NotEmpty {
                field: String::new(),
            },
            enabled: true,
            note: String::new(),
        }
    }
}

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

/// How the points of an event rule shrink with the age of the events.
///
/// The weight of an event of age `d` days (from the as-of date) is 1 without
/// decay; with `Steps`, the factor of the first step whose `up_to_days` is at
/// least `d`, and 0 beyond the last step; with `HalfLife`, `0.5^(d / days)`.
/// A rule scored once gets `points × weight(most recent matching event)`; a
/// per-event rule gets `points × Σ weight` over its most recent events; both
/// are rounded half up to a whole number of points.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Decay {
    /// Events keep their full value.
    #[default]
    None,
    /// Step function of the age.
    Steps(Vec<DecayStep>),
    /// Exponential decay.
    HalfLife {
        /// Age at which an event is worth half.
        days: f64,
    },
}

impl Decay {
    /// The weight of an event that is `age_days` old (0 = as-of day).
    pub fn weight(&self, age_days: i64) -> f64 {
        match self {
            Decay::None => 1.0,
            Decay::Steps(steps) => steps
                .iter()
                .find(|step| age_days <= i64::from(step.up_to_days))
                .map_or(0.0, |step| step.factor),
            Decay::HalfLife { days } => 0.5_f64.powf(age_days as f64 / days),
        }
    }

    /// One sentence for the UI and reports.
    pub fn describe(&self) -> String {
        match self {
            Decay::None => "Event points do not decay.".to_owned(),
            Decay::Steps(steps) => {
                let parts: Vec<String> = steps
                    .iter()
                    .map(|s| format!("×{} up to {} days", s.factor, s.up_to_days))
                    .collect();
                format!("Event points count {}, nothing after.", parts.join(", "))
            }
            Decay::HalfLife { days } => format!("Event points halve every {days} days."),
        }
    }
}

/// One step of a step decay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecayStep {
    /// Events at most this old get `factor`.
    pub up_to_days: u32,
    /// Multiplier in `[0, 1]`.
    pub factor: f64,
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

/// The built-in free-mail list; the rule set carries an editable copy.
pub fn default_free_mail_domains() -> Vec<String> {
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "t-online.de",
        "protonmail.com",
        "proton.me",
        "yandex.ru",
        "mail.ru",
        "qq.com",
        "163.com",
        "orange.fr",
        "free.fr",
        "libero.it",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
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
