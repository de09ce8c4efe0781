//! `leadscore draft`: a first rule set from the history's candidate rules.

use std::process::ExitCode;

use anyhow::bail;

use super::commands::{print_load_warnings, spinner};
use super::report::{Table, thousands};
use super::{DraftArgs, load_with_progress};
use crate::analysis::{DraftRequest, candidate_rules, draft_rule_set};
use crate::engine::resolve_as_of;
use crate::model::save_rule_set;

/// Candidates looked at before the top ones are picked.
const CANDIDATES_CONSIDERED: usize = 60;

/// Picks the strongest candidates (leakage left out unless asked for),
/// drafts the rule set and writes it.
pub fn draft(args: &DraftArgs) -> anyhow::Result<ExitCode> {
    let data = load_with_progress(&args.data)?;
    print_load_warnings(&data);
    super::commands::note_as_of(&data, &args.data);
    if data.outcome_counts().won == 0 {
        bail!(
            "the data has no won contacts: map an outcome (--map contacts.outcome=COLUMN) or load deals (--deals FILE) to draft from the history"
        );
    }
    let bar = spinner("looking for candidate rules");
    let candidates = candidate_rules(&data, CANDIDATES_CONSIDERED);
    bar.finish_and_clear();
    let (leaky, clean): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|c| c.probable_leakage);
    let mut picked = clean;
    if args.include_leakage {
        picked.extend(leaky.iter().cloned());
    }
    picked.truncate(args.top);
    if picked.is_empty() {
        bail!(
            "the history suggests no rules (too few contacts, or no value converts markedly better or worse)"
        );
    }
    let request = DraftRequest {
        name: args.name.clone(),
        picked,
        monthly_sql_capacity: args.capacity,
    };
    let draft = draft_rule_set(&data, &request, resolve_as_of(&data, args.data.as_of))?;
    save_rule_set(&draft.rules, &args.out)?;
    let mut table = Table::new(&["rule", "points", "matched conversion", "lift"]);
    table.right_aligned_from = 1;
    for candidate in &request.picked {
        table.row(vec![
            candidate.name.clone(),
            candidate.suggested_points.to_string(),
            candidate.matched_conversion.describe(),
            format!("{:.2}", candidate.lift),
        ]);
    }
    print!("{}", table.text());
    for note in &draft.notes {
        println!("{note}");
    }
    for candidate in &leaky {
        if !args.include_leakage {
            println!(
                "left out (probable leakage): {} — {}",
                candidate.name,
                candidate.note.as_deref().unwrap_or_default()
            );
        }
    }
    eprintln!(
        "leadscore: wrote {} rules drafted from {} contacts to {}",
        request.picked.len(),
        thousands(data.len()),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
