//! The rules side by side: each pair with both sides' points, matches and
//! lift, what differs in words, and buttons to adopt their rule or points
//! or to drop ours. Rows stack their text to the visible width, so the
//! table never scrolls sideways on a projector.

use eframe::egui;

use crate::analysis::RuleStat;
use crate::model::{Dimension, PlacedRule, RuleEdit, RulePair, RuleSet, pair_rules};
use crate::ui::app::command::Command;
use crate::ui::app::other_proposal::OtherProposal;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::name_widget;
use crate::ui::widgets::format;
use crate::ui::widgets::leakage::leakage_marker;

/// Points are the figure the room argues about: written large.
const POINTS_TEXT_SIZE: f32 = 20.0;

/// The accessible name of the button that adopts their rule in a row
/// (replacing ours, or adding theirs when only they have it).
pub fn adopt_rule_label(row_name: &str) -> String {
    format!("Adopt their rule {row_name}")
}

/// The accessible name of the button that adopts their points in a row.
pub fn adopt_points_label(row_name: &str) -> String {
    format!("Adopt their points for {row_name}")
}

/// The accessible name of the button that drops our rule when only we
/// have it.
pub fn drop_rule_label(row_name: &str) -> String {
    format!("Drop our rule {row_name}")
}

/// Shares of the row's width: rule, ours, theirs; the rest is for what
/// differs and the buttons.
const NAME_SHARE: f32 = 0.24;
const SIDE_SHARE: f32 = 0.17;

/// The pairs, a count of how they matched, and one row per pair.
pub fn pairs_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    other: &OtherProposal,
    commands: &mut Vec<Command>,
) {
    let pairs = pair_rules(&workspace.working, &other.rules);
    ui.label(pairing_summary(&pairs, &other.rules.name));
    ui.add_space(6.0);
    let their_name = other.rules.name.as_str();
    row_ui(
        ui,
        |ui| {
            ui.strong("Rule");
        },
        |ui| {
            ui.strong("Here");
        },
        |ui| {
            ui.strong(format!("In {their_name}"));
        },
        |ui| {
            ui.strong("What differs");
        },
    );
    ui.separator();
    for pair in &pairs {
        pair_ui(ui, workspace, other, pair, commands);
        ui.separator();
    }
}

/// "12 rules paired (3 by name, 2 by condition, 7 similar); 4 only here,
/// 6 only in Sales proposal."
fn pairing_summary(pairs: &[RulePair], their_name: &str) -> String {
    use crate::model::MatchedBy;
    let by = |way| pairs.iter().filter(|p| p.matched_by == Some(way)).count();
    let paired = pairs.iter().filter(|p| p.matched_by.is_some()).count();
    let only_ours = pairs.iter().filter(|p| p.theirs.is_none()).count();
    let only_theirs = pairs.iter().filter(|p| p.ours.is_none()).count();
    let alike = pairs.iter().filter(|p| p.is_alike()).count();
    format!(
        "{paired} rules paired ({} by name, {} by condition, {} similar; {alike} alike); \
         {only_ours} only here, {only_theirs} only in {their_name}.",
        by(MatchedBy::Name),
        by(MatchedBy::Condition),
        by(MatchedBy::Similar),
    )
}

/// What one cell of a row draws.
type Cell<'a> = Box<dyn FnOnce(&mut egui::Ui) + 'a>;

/// Four cells side by side, each wrapping within its share of the width.
fn row_ui(
    ui: &mut egui::Ui,
    name: impl FnOnce(&mut egui::Ui),
    ours: impl FnOnce(&mut egui::Ui),
    theirs: impl FnOnce(&mut egui::Ui),
    differences: impl FnOnce(&mut egui::Ui),
) {
    let width = ui.available_width();
    let gap = ui.spacing().item_spacing.x;
    let widths = [
        width * NAME_SHARE,
        width * SIDE_SHARE,
        width * SIDE_SHARE,
        (width * (1.0 - NAME_SHARE - 2.0 * SIDE_SHARE) - 3.0 * gap).max(120.0),
    ];
    ui.horizontal_top(|ui| {
        let cells: [Cell<'_>; 4] = [
            Box::new(name),
            Box::new(ours),
            Box::new(theirs),
            Box::new(differences),
        ];
        for (cell, width) in cells.into_iter().zip(widths) {
            ui.allocate_ui_with_layout(
                egui::vec2(width, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(width);
                    cell(ui);
                },
            );
        }
    });
}

fn pair_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    other: &OtherProposal,
    pair: &RulePair,
    commands: &mut Vec<Command>,
) {
    let our_stat = pair.ours.as_ref().and_then(|placed| {
        let simulation = workspace.simulation.as_ref()?;
        fitting(simulation.rule_stat(placed.path), placed)
    });
    let their_stat = pair
        .theirs
        .as_ref()
        .and_then(|placed| fitting(other.rule_stat(placed.path), placed));
    row_ui(
        ui,
        |ui| name_cell_ui(ui, pair),
        |ui| side_ui(ui, pair.ours.as_ref(), our_stat),
        |ui| side_ui(ui, pair.theirs.as_ref(), their_stat),
        |ui| {
            differences_ui(ui, pair, &other.rules.name);
            actions_ui(ui, workspace, &other.rules, pair, commands);
        },
    );
}

/// A rule's figures as last scored, unless its path now holds another
/// rule (the figures of an edit are on their way).
fn fitting<'a>(stat: Option<&'a RuleStat>, placed: &PlacedRule) -> Option<&'a RuleStat> {
    stat.filter(|stat| stat.name == placed.rule.name)
}

/// Our name, theirs below when it differs, and how they were paired.
fn name_cell_ui(ui: &mut egui::Ui, pair: &RulePair) {
    ui.add(egui::Label::new(egui::RichText::new(pair.name()).strong()).wrap());
    if let (Some(ours), Some(theirs)) = (&pair.ours, &pair.theirs)
        && ours.rule.name != theirs.rule.name
    {
        ui.add(egui::Label::new(format!("their \"{}\"", theirs.rule.name)).wrap());
    }
    if let Some(way) = pair.matched_by {
        ui.weak(way.label());
    }
}

/// Points in large type, then matched contacts and lift.
fn side_ui(ui: &mut egui::Ui, placed: Option<&PlacedRule>, stat: Option<&RuleStat>) {
    let Some(placed) = placed else {
        ui.weak("not in this proposal");
        return;
    };
    ui.label(
        egui::RichText::new(format!("{:+} pts", placed.rule.points))
            .size(POINTS_TEXT_SIZE)
            .strong(),
    );
    if !placed.rule.enabled {
        ui.weak("disabled");
        return;
    }
    let Some(stat) = stat else {
        ui.weak("not scored yet");
        return;
    };
    ui.label(format!("matched {}", format::count(stat.matched)));
    let lift = stat
        .lift
        .map_or_else(|| "–".to_owned(), |lift| format!("{lift:.2}"));
    ui.label(format!("lift {lift}")).on_hover_text(format!(
        "Conversion of matched contacts {}, of the others {}",
        stat.matched_conversion.describe(),
        stat.rest_conversion.describe()
    ));
    if let Some(leakage) = &stat.leakage {
        leakage_marker(ui, leakage);
    }
}

/// What differs beyond the points and names shown beside it, in words.
fn differences_ui(ui: &mut egui::Ui, pair: &RulePair, their_name: &str) {
    match (&pair.ours, &pair.theirs) {
        (Some(_), None) => {
            ui.label("Only here");
            return;
        }
        (None, Some(_)) => {
            ui.label(format!("Only in {their_name}"));
            return;
        }
        _ => {}
    }
    if pair.is_alike() {
        ui.weak("The same rule");
        return;
    }
    for difference in pair
        .differences
        .iter()
        .filter(|d| d.topic != "points" && d.topic != "name")
    {
        ui.add(egui::Label::new(format::plain(&difference.in_words(their_name))).wrap());
    }
}

/// Adopt their rule or points, or drop ours: each one undo step.
fn actions_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    their_rules: &RuleSet,
    pair: &RulePair,
    commands: &mut Vec<Command>,
) {
    let row = pair.name();
    ui.horizontal_wrapped(|ui| match (&pair.ours, &pair.theirs) {
        (Some(ours), Some(theirs)) if !pair.is_alike() => {
            let adopt = ui
                .button("Adopt theirs")
                .on_hover_text(format!("Replace our rule with \"{}\"", theirs.rule.name));
            name_widget(ui, &adopt, &adopt_rule_label(row));
            if adopt.clicked() {
                commands.push(Command::edit(RuleEdit::ReplaceRule {
                    path: ours.path,
                    rule: Box::new(theirs.rule.clone()),
                }));
            }
            if ours.rule.points != theirs.rule.points {
                let points = ui.button(format!("Adopt {:+} pts", theirs.rule.points));
                name_widget(ui, &points, &adopt_points_label(row));
                if points.clicked() {
                    commands.push(Command::edit(RuleEdit::SetPoints {
                        path: ours.path,
                        points: theirs.rule.points,
                    }));
                }
            }
        }
        (None, Some(theirs)) => {
            let add = ui
                .button("Add to ours")
                .on_hover_text(format!("Add their rule to our group \"{}\"", theirs.group));
            name_widget(ui, &add, &adopt_rule_label(row));
            if add.clicked() {
                commands.extend(add_their_rule(workspace, their_rules, theirs));
            }
        }
        (Some(ours), None) => {
            let drop = ui.button("Drop ours");
            name_widget(ui, &drop, &drop_rule_label(row));
            if drop.clicked() {
                commands.push(Command::edit(RuleEdit::DeleteRule(ours.path)));
            }
        }
        _ => {}
    });
}

/// Their rule goes into our group of the same name; when we have none, a
/// group like theirs is made for it. One undo step either way: the steps
/// before the last are an ongoing gesture.
fn add_their_rule(
    workspace: &Workspace,
    their_rules: &RuleSet,
    theirs: &PlacedRule,
) -> Vec<Command> {
    let dimension: Dimension = theirs.path.dimension;
    let groups = workspace.working.groups(dimension);
    let add = |group| RuleEdit::AddRule {
        dimension,
        group,
        rule: Box::new(theirs.rule.clone()),
    };
    if let Some(group) = groups.iter().position(|g| g.name == theirs.group) {
        return vec![Command::edit(add(group))];
    }
    let new_group = groups.len();
    let mut steps = vec![
        RuleEdit::AddGroup(dimension),
        RuleEdit::RenameGroup {
            dimension,
            group: new_group,
            name: theirs.group.clone(),
        },
    ];
    // Their group's limit comes along, so the rule weighs as it did there.
    if let Some(cap) = their_rules
        .groups(dimension)
        .get(theirs.path.group)
        .and_then(|g| g.cap)
    {
        steps.push(RuleEdit::SetGroupCap {
            dimension,
            group: new_group,
            cap: Some(cap),
        });
    }
    steps.push(add(new_group));
    Command::one_step(steps)
}
