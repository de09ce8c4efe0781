//! Stage criteria: conditions that make a contact MQL or SQL whatever its
//! score, listed by stage, each switched on or off, edited or deleted.

use eframe::egui;

use super::condition_editor::ConditionEditor;
use super::issues::issues_ui;
use crate::model::{Criterion, CriterionList, RuleEdit, Target};
use crate::ui::app::command::{Command, EditPhase};
use crate::ui::app::workspace::Workspace;
use crate::ui::widgets::edit::{committed_text, name_widget};

/// The accessible name of a criterion's Edit button ("Edit MQL criterion
/// Webinar").
pub fn edit_criterion_label(list: CriterionList, name: &str) -> String {
    format!("Edit {} criterion {name}", list.label())
}

/// The accessible name of a criterion's Delete button.
pub fn delete_criterion_label(list: CriterionList, name: &str) -> String {
    format!("Delete {} criterion {name}", list.label())
}

/// The accessible name of the button that adds a criterion to a list.
pub fn add_criterion_label(list: CriterionList) -> String {
    format!("Add {} criterion", list.label())
}

/// Which criterion's editor is open: drawing state only, kept by egui.
fn open_criterion_id() -> egui::Id {
    egui::Id::unique("open_criterion")
}

/// One open criterion editor at a time, across both lists.
type OpenCriterion = Option<(CriterionList, usize)>;

/// The MQL and SQL criteria of the working rule set.
pub fn criteria_ui(ui: &mut egui::Ui, workspace: &Workspace, commands: &mut Vec<Command>) {
    ui.heading("Stage criteria: qualified whatever the score");
    let open: OpenCriterion = ui
        .data(|d| d.get_temp::<OpenCriterion>(open_criterion_id()))
        .flatten();
    for list in [CriterionList::Mql, CriterionList::Sql] {
        ui.push_id(list.label(), |ui| {
            criterion_list_ui(ui, workspace, list, open, commands);
        });
    }
    ui.add_space(12.0);
}

fn criteria_of(workspace: &Workspace, list: CriterionList) -> &[Criterion] {
    match list {
        CriterionList::Mql => &workspace.working.stages.mql_criteria,
        CriterionList::Sql => &workspace.working.stages.sql_criteria,
    }
}

fn criterion_list_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    list: CriterionList,
    open: OpenCriterion,
    commands: &mut Vec<Command>,
) {
    let criteria = criteria_of(workspace, list);
    let title = match list {
        CriterionList::Mql => "At least MQL when",
        CriterionList::Sql => "SQL when",
    };
    ui.strong(title);
    if criteria.is_empty() {
        ui.weak("No criteria: only the score counts.");
    }
    for (index, criterion) in criteria.iter().enumerate() {
        ui.push_id(index, |ui| {
            let item = Item {
                list,
                index,
                criterion,
            };
            item.ui(ui, workspace, open == Some((list, index)), commands);
        });
    }
    let add = ui.button("Add criterion");
    name_widget(ui, &add, &add_criterion_label(list));
    if add.clicked() {
        let criterion = Criterion {
            condition: workspace.new_condition(),
            ..Criterion::default()
        };
        commands.push(Command::edit(RuleEdit::AddCriterion {
            list,
            criterion: Box::new(criterion),
        }));
        let opened: OpenCriterion = Some((list, criteria.len()));
        ui.data_mut(|d| d.insert_temp(open_criterion_id(), opened));
    }
    ui.add_space(6.0);
}

/// One criterion and where it sits.
struct Item<'a> {
    list: CriterionList,
    index: usize,
    criterion: &'a Criterion,
}

impl Item<'_> {
    fn ui(
        &self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        is_open: bool,
        commands: &mut Vec<Command>,
    ) {
        let criterion = self.criterion;
        ui.horizontal_wrapped(|ui| {
            let mut enabled = criterion.enabled;
            if ui.checkbox(&mut enabled, &criterion.name).changed() {
                let toggled = Criterion {
                    enabled,
                    ..criterion.clone()
                };
                commands.push(Command::edit(self.replace(toggled)));
            }
            let edit = ui.small_button(if is_open { "Close" } else { "Edit" });
            name_widget(ui, &edit, &edit_criterion_label(self.list, &criterion.name));
            if edit.clicked() {
                let open: OpenCriterion = (!is_open).then_some((self.list, self.index));
                ui.data_mut(|d| d.insert_temp(open_criterion_id(), open));
            }
            let delete = ui.small_button("Delete");
            name_widget(
                ui,
                &delete,
                &delete_criterion_label(self.list, &criterion.name),
            );
            if delete.clicked() {
                commands.push(Command::edit(RuleEdit::DeleteCriterion {
                    list: self.list,
                    index: self.index,
                }));
                ui.data_mut(|d| d.insert_temp(open_criterion_id(), None as OpenCriterion));
            }
        });
        ui.indent("details", |ui| {
            let condition = format!("when {}", criterion.condition.describe());
            if criterion.enabled {
                ui.label(condition);
            } else {
                ui.weak(condition);
            }
            let target = self.target();
            issues_ui(ui, workspace, |t| t == target);
        });
        if is_open && let Some((edited, phase)) = self.editor_ui(ui, workspace) {
            commands.push(Command::Edit {
                edit: self.replace(edited),
                phase,
            });
        }
    }

    fn target(&self) -> Target {
        match self.list {
            CriterionList::Mql => Target::MqlCriterion(self.index),
            CriterionList::Sql => Target::SqlCriterion(self.index),
        }
    }

    fn replace(&self, criterion: Criterion) -> RuleEdit {
        RuleEdit::ReplaceCriterion {
            list: self.list,
            index: self.index,
            criterion: Box::new(criterion),
        }
    }

    /// Name and condition; the edited copy, if any.
    fn editor_ui(
        &self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
    ) -> Option<(Criterion, EditPhase)> {
        let criterion = self.criterion;
        let mut edited = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Name");
                let name = committed_text(ui, "name", &criterion.name, "Criterion name", 240.0);
                if let Some(name) = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()) {
                    edited = Some((
                        Criterion {
                            name,
                            ..criterion.clone()
                        },
                        EditPhase::Done,
                    ));
                }
            });
            ui.label("When");
            let editor = ConditionEditor::new(workspace, "Criterion", &criterion.condition);
            if let Some((condition, phase)) = editor.ui(ui) {
                edited = Some((
                    Criterion {
                        condition,
                        ..criterion.clone()
                    },
                    phase,
                ));
            }
        });
        edited
    }
}
