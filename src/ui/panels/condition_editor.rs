//! The condition builder, shared by rules, exclusions and stage criteria:
//! a simple condition as a sentence, a group ("all of" / "any of") part by
//! part, a negation around either. It returns the whole new condition; the
//! caller puts it in its own edit, so every change is one undo step. The
//! tree surgery is the model's (`model::tree`); this file only draws.

use eframe::egui;

use super::leaf_editor::{PartLabels, leaf_ui};
use crate::model::Condition;
use crate::model::tree::{self, Combinator};
use crate::ui::app::command::EditPhase;
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::name_widget;

/// The editor of one condition tree.
pub struct ConditionEditor<'a> {
    workspace: &'a Workspace,
    /// Prefix of the accessible names ("" for rules, "Exclusion", …).
    scope: &'a str,
    /// The whole condition being edited.
    root: &'a Condition,
}

/// A new whole condition, and whether the gesture that made it is done.
type Change = Option<(Condition, EditPhase)>;

impl<'a> ConditionEditor<'a> {
    /// An editor of `root`, naming its widgets with `scope` in front.
    pub fn new(workspace: &'a Workspace, scope: &'a str, root: &'a Condition) -> Self {
        Self {
            workspace,
            scope,
            root,
        }
    }

    /// Draws the condition; the whole new condition, if the user changed it.
    pub fn ui(&self, ui: &mut egui::Ui) -> Change {
        self.part_ui(ui, &[], self.root)
    }

    fn labels(&self, path: &[usize]) -> PartLabels {
        PartLabels::new(self.scope, path)
    }

    /// The whole condition with the part at `path` replaced.
    fn replaced(&self, path: &[usize], part: Condition) -> Option<Condition> {
        tree::replace_at(self.root, path, part)
    }

    fn part_ui(&self, ui: &mut egui::Ui, path: &[usize], part: &Condition) -> Change {
        ui.push_id(("part", path.to_vec()), |ui| match part {
            Condition::All(parts) | Condition::Any(parts) => self.group_ui(ui, path, part, parts),
            Condition::Not(inner) => self.negation_ui(ui, path, inner),
            _ => self.sentence_ui(ui, path, part),
        })
        .inner
    }

    /// A simple condition, with the buttons that nest or negate it.
    fn sentence_ui(&self, ui: &mut egui::Ui, path: &[usize], part: &Condition) -> Change {
        let labels = self.labels(path);
        let mut change = leaf_ui(ui, self.workspace, part, &labels)
            .and_then(|(leaf, phase)| Some((self.replaced(path, leaf)?, phase)));
        ui.horizontal(|ui| {
            let nest = ui
                .small_button("Nest in a group")
                .on_hover_text("Make this condition the first part of an \"all of\" group");
            name_widget(ui, &nest, &labels.of("Nest in a group"));
            if nest.clicked() {
                change = self.done(path, tree::nested(part));
            }
            if let Some(wrapped) = self.wrap_button_ui(ui, path, part) {
                change = Some(wrapped);
            }
        });
        change
    }

    /// "Wrap in not" for any part.
    fn wrap_button_ui(&self, ui: &mut egui::Ui, path: &[usize], part: &Condition) -> Change {
        let wrap = ui
            .small_button("Wrap in not")
            .on_hover_text("Match the contacts this condition does not match");
        name_widget(ui, &wrap, &self.labels(path).of("Wrap in not"));
        if wrap.clicked() {
            return self.done(path, tree::wrapped_in_not(part));
        }
        None
    }

    /// The part at `path` replaced by `part`, as a finished edit.
    fn done(&self, path: &[usize], part: Condition) -> Change {
        Some((self.replaced(path, part)?, EditPhase::Done))
    }

    /// "not (…)", with the button that takes the negation away.
    fn negation_ui(&self, ui: &mut egui::Ui, path: &[usize], inner: &Condition) -> Change {
        let mut change = None;
        ui.horizontal(|ui| {
            ui.strong("not");
            let unwrap = ui.small_button("Unwrap");
            name_widget(ui, &unwrap, &self.labels(path).of("Unwrap"));
            if unwrap.clicked() {
                change = self.done(path, inner.clone());
            }
        });
        let inner_path = child_path(path, 0);
        ui.indent("not", |ui| {
            if let Some(inner_change) = self.part_ui(ui, &inner_path, inner) {
                change = Some(inner_change);
            }
        });
        change
    }

    /// "all of" / "any of" its parts, each removable, and a button to add one.
    fn group_ui(
        &self,
        ui: &mut egui::Ui,
        path: &[usize],
        group: &Condition,
        parts: &[Condition],
    ) -> Change {
        let labels = self.labels(path);
        let mut change = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(switched) = self.combinator_ui(ui, path, group) {
                    change = Some(switched);
                }
                if let Some(wrapped) = self.wrap_button_ui(ui, path, group) {
                    change = Some(wrapped);
                }
                if let [only] = parts {
                    let ungroup = ui
                        .small_button("Ungroup")
                        .on_hover_text("Keep the only part, without the group around it");
                    name_widget(ui, &ungroup, &labels.of("Ungroup"));
                    if ungroup.clicked() {
                        change = self.done(path, only.clone());
                    }
                }
            });
            if parts.is_empty() {
                ui.weak("No parts yet: add one.");
            }
            // A group keeps at least one part (an empty group is an error
            // that stops scoring); a group of one can be ungrouped.
            let removable = parts.len() > 1;
            for (index, part) in parts.iter().enumerate() {
                let part_path = child_path(path, index);
                if let Some(part_change) = self.member_ui(ui, &part_path, part, removable) {
                    change = Some(part_change);
                }
            }
            let add = ui.small_button("Add part");
            name_widget(ui, &add, &labels.of("Add part"));
            if add.clicked() {
                let new_part = self.workspace.new_condition();
                change = tree::push_at(self.root, path, new_part).map(|c| (c, EditPhase::Done));
            }
        });
        change
    }

    /// One part of a group: its number, a Remove button, and its editor.
    fn member_ui(
        &self,
        ui: &mut egui::Ui,
        path: &[usize],
        part: &Condition,
        removable: bool,
    ) -> Change {
        let mut change = None;
        ui.horizontal(|ui| {
            ui.weak(format!("Part {}", tree::path_label(path)));
            let remove = ui.add_enabled(removable, egui::Button::new("Remove").small());
            name_widget(ui, &remove, &self.labels(path).of("Remove part"));
            if remove.clicked() {
                change = tree::remove_at(self.root, path).map(|c| (c, EditPhase::Done));
            }
        });
        ui.indent(("member", path.to_vec()), |ui| {
            if let Some(part_change) = self.part_ui(ui, path, part) {
                change = Some(part_change);
            }
        });
        change
    }

    /// The combo that switches a group between "all of" and "any of".
    fn combinator_ui(&self, ui: &mut egui::Ui, path: &[usize], group: &Condition) -> Change {
        let current = Combinator::of(group)?;
        let mut chosen = current;
        let combo = egui::ComboBox::from_id_salt("combinator")
            .selected_text(current.label())
            .show_ui(ui, |ui| {
                for choice in [Combinator::All, Combinator::Any] {
                    ui.selectable_value(&mut chosen, choice, choice.label());
                }
            });
        name_widget(ui, &combo.response, &self.labels(path).of("Combine"));
        ui.label("these conditions hold");
        if chosen == current {
            return None;
        }
        self.done(path, tree::with_combinator(group, chosen))
    }
}

fn child_path(path: &[usize], index: usize) -> Vec<usize> {
    let mut child = path.to_vec();
    child.push(index);
    child
}
