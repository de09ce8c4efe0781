//! The rule set: a marketing–sales scoring model as plain, serializable data.
//!
//! The types here are closed enums and plain structs, so the engine, the
//! reference evaluator in the tests, the editor and the exports all match on
//! the same variants and cannot drift apart silently.

mod checked;
pub mod condition;
mod decay;
mod diff;
mod difference;
mod edit;
mod fit;
mod io;
pub mod limits;
mod overlaps;
mod pairing;
pub mod parts;
mod pattern;
mod schema;
mod similarity;
mod stages;
pub mod tree;
mod validate;

pub use checked::{CheckedRuleSet, InvalidRuleSet, LISTED_ERRORS};
pub use condition::{Condition, DateOp, DomainOp, EventCondition, Interval, NumberOp, TextOp};
pub use decay::{Decay, DecayStep};
pub use diff::{RuleChange, RuleDiff, RuleSetDiff, SettingDifference, diff, setting_differences};
pub use difference::Difference;
pub use edit::{CriterionList, RuleEdit, ThresholdKind, unique_name};
pub use fit::{MissingField, header_key, missing_fields, suggested_column};
pub use io::{RuleSetError, from_json, from_ron, load_rule_set, save_rule_set, to_json, to_ron};
pub use pairing::{MatchedBy, PlacedRule, RulePair, pair_rules, pair_rules_by};
pub use pattern::{Flavor, PatternError, translate};
pub use schema::{ColumnKind, Schema};
pub use stages::{Criterion, GradeMatrix, Stage, Stages, grade_label, stage_of};
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

    /// Whether `other` is this rule set with at most its thresholds and
    /// floor moved: the points are the same, only the stages can differ.
    pub fn differs_only_in_thresholds(&self, other: &RuleSet) -> bool {
        let same_stages = Stages {
            mql_threshold: other.stages.mql_threshold,
            sql_threshold: other.stages.sql_threshold,
            disqualify_below: other.stages.disqualify_below,
            ..self.stages.clone()
        };
        same_stages == other.stages
            && self.format_version == other.format_version
            && self.name == other.name
            && self.description == other.description
            && self.fit == other.fit
            && self.engagement == other.engagement
            && self.exclusions == other.exclusions
            && self.decay == other.decay
            && self.grades == other.grades
            && self.free_mail_domains == other.free_mail_domains
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
