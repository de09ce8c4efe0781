//! The events behind an event rule's points: each with its date, type,
//! detail, age, decay factor and the points it brought, and the sum that
//! gives the rule's points.

use eframe::egui;

use crate::engine::{EventRuleExplanation, ExplainedEvent, Scores, explain_event_rule};
use crate::model::RulePath;
use crate::ui::app::workspace::Workspace;

/// Events listed per rule before the rest are summed up in one line.
const EVENTS_SHOWN: usize = 10;

/// An explanation, or why there is none.
pub(super) type Explained = Result<EventRuleExplanation, String>;

/// The explanation of every event rule of the proposal for contact `row`,
/// remembered while the contact, the data and the rules stay the same.
pub(super) fn explanations(
    ui: &egui::Ui,
    workspace: &Workspace,
    scores: &Scores,
    row: usize,
) -> std::sync::Arc<Vec<(RulePath, Explained)>> {
    let data = &workspace.data;
    let key = (row, data.revision, workspace.generation, scores.as_of);
    super::remembered(ui, "events", key, || {
        let (Some(events), Some(as_of)) = (&data.events, scores.as_of) else {
            return Vec::new();
        };
        let rules = &workspace.working;
        rules
            .rules()
            .filter(|(_, rule)| rule.enabled)
            .filter_map(|(path, rule)| {
                explain_event_rule(events, row, rule, &rules.decay, as_of)
                    .map_err(|error| format!("Could not list the events: {error}"))
                    .transpose()
                    .map(|explained| (path, explained))
            })
            .collect()
    })
}

/// The events of one event rule and how they add up to its points.
pub(super) fn event_rule_ui(ui: &mut egui::Ui, explained: &Explained) {
    let explanation = match explained {
        Ok(explanation) => explanation,
        Err(message) => {
            ui.colored_label(ui.visuals().warn_fg_color, message);
            return;
        }
    };
    ui.add(egui::Label::new(count_sentence(explanation)).wrap());
    let shown = events_to_show(&explanation.events);
    for event in &shown {
        event_line_ui(ui, event);
    }
    let hidden = explanation.events.len() - shown.len();
    if hidden > 0 {
        ui.label(format!(
            "… and {hidden} older events that brought no points."
        ));
    }
    if explanation.matched {
        ui.strong(sum_sentence(explanation));
    }
}

/// Every counted event, then the others newest first, up to the limit.
fn events_to_show(events: &[ExplainedEvent]) -> Vec<&ExplainedEvent> {
    let counted = events.iter().filter(|e| e.counted).count();
    let others = EVENTS_SHOWN.saturating_sub(counted);
    let mut uncounted_left = others;
    events
        .iter()
        .filter(|e| {
            if e.counted {
                return true;
            }
            let keep = uncounted_left > 0;
            uncounted_left = uncounted_left.saturating_sub(1);
            keep
        })
        .collect()
}

/// "2025-11-03 · page view · /pricing · 12 days old · ×0.50 gives +2.5",
/// one line that wraps in a narrow panel.
fn event_line_ui(ui: &mut egui::Ui, event: &ExplainedEvent) {
    let date = event.date.map_or_else(|| "?".to_owned(), |d| d.to_string());
    let detail = event
        .detail
        .as_deref()
        .map(|d| format!(" · {d}"))
        .unwrap_or_default();
    let worth = if event.counted {
        format!("gives {:+.1}", event.points)
    } else {
        "not counted".to_owned()
    };
    let text = format!(
        "{date} · {}{detail} · {} days old · ×{:.2} {worth}",
        event.kind.replace('_', " "),
        event.age_days,
        event.decay_factor
    );
    let text = if event.counted {
        egui::RichText::new(text)
    } else {
        egui::RichText::new(text).weak()
    };
    ui.add(egui::Label::new(text).wrap());
}

/// "3 matching events, 2 needed: matched." and how the rule scores them.
fn count_sentence(explanation: &EventRuleExplanation) -> String {
    let needed = explanation.at_least;
    let found = match explanation.events.len() {
        0 if !explanation.matched => return format!("No matching event; {needed} needed."),
        0 => "No matching event".to_owned(),
        1 => "1 matching event".to_owned(),
        n => format!("{n} matching events"),
    };
    let verdict = if explanation.matched {
        "matched"
    } else {
        "not enough"
    };
    let scoring = match explanation.per_event_max {
        None => "points once, decayed by the newest event's age".to_owned(),
        Some(max) => format!("points per event, the {max} most valuable"),
    };
    format!("{found}, {needed} needed: {verdict}; {scoring}.")
}

/// "+5.0 +2.5 = +7.5, rounded: +8" — the counted events' points summed.
fn sum_sentence(explanation: &EventRuleExplanation) -> String {
    let parts: Vec<String> = explanation
        .events
        .iter()
        .filter(|e| e.counted)
        .map(|e| format!("{:+.1}", e.points))
        .collect();
    let terms = if parts.is_empty() {
        "no counted event".to_owned()
    } else {
        parts.join(" ")
    };
    format!(
        "Points: {terms} = {:+.1}, rounded: {:+}",
        explanation.counted_points(),
        explanation.points
    )
}
