//! The SLA document as Markdown.

use super::{Block, SIGNATURE_LINES, SIGNING_TEAMS, SlaInput, blocks};

/// A blank to fill in by hand on a printed copy.
const BLANK: &str = "________________________";

/// User text made inert in Markdown: characters that would start emphasis,
/// code, a link, raw HTML or a table cell are escaped with a backslash
/// (CommonMark escapes any ASCII punctuation), and line breaks become
/// spaces so that a note cannot end a table row or start a heading. An
/// underscore inside a word ("form_submission") cannot start emphasis and
/// stays as it is, so the file reads well as plain text too.
fn md(text: &str) -> String {
    let mut out = md_inline(text);
    // At the start of a block, "#", "-", "+" or "1." would make a heading
    // or a list.
    if out.starts_with(['#', '-', '+']) {
        out.insert(0, '\\');
    }
    if let Some((number, rest)) = out.split_once(". ")
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
    {
        out = format!("{number}\\. {rest}");
    }
    out
}

/// [`md`] for a table cell, where a leading "+" or "1." is plain text.
fn md_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
        let escaped = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '&' => true,
            '_' => {
                !(inside_word(i.checked_sub(1).and_then(|p| chars.get(p)))
                    && inside_word(chars.get(i + 1)))
            }
            _ => false,
        };
        match c {
            '\n' | '\r' => out.push(' '),
            _ if escaped => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, headers: &[&str], right_aligned: &[bool], rows: &[Vec<String>]) {
    out.push_str(&format!("| {} |\n|", headers.join(" | ")));
    for &numeric in right_aligned {
        out.push_str(if numeric { "---:|" } else { "---|" });
    }
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md_inline(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

/// The SLA summary as Markdown.
pub fn sla_markdown(input: &SlaInput) -> String {
    let mut out = String::new();
    for block in blocks(input) {
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!(
                    "{} {}\n\n",
                    "#".repeat(usize::from(level)),
                    md(&text)
                ));
            }
            Block::Paragraph(text) => out.push_str(&format!("{}\n\n", md(&text))),
            Block::Bullets(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", md(&item)));
                }
                out.push('\n');
            }
            Block::Table(columns, rows) => {
                let headers: Vec<&str> = columns.iter().map(|c| c.title).collect();
                let right_aligned: Vec<bool> = columns.iter().map(|c| c.numeric).collect();
                table(&mut out, &headers, &right_aligned, &rows);
            }
            Block::SignOff(basis) => {
                out.push_str(&format!("## Sign-off\n\n{}\n\n", md(&basis)));
                let headers: Vec<&str> = [""].into_iter().chain(SIGNING_TEAMS).collect();
                let rows: Vec<Vec<String>> = SIGNATURE_LINES
                    .iter()
                    .map(|line| {
                        [(*line).to_owned()]
                            .into_iter()
                            .chain(SIGNING_TEAMS.map(|_| BLANK.to_owned()))
                            .collect()
                    })
                    .collect();
                // The blanks are underscores, which `md` would escape:
                // they are ours, not the user's, so they go in as they are.
                out.push_str(&format!("| {} |\n|---|---|---|\n", headers.join(" | ")));
                for row in rows {
                    out.push_str(&format!("| {} |\n", row.join(" | ")));
                }
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{md, md_inline};

    #[test]
    fn user_text_cannot_become_markup() {
        assert_eq!(md("a | b"), "a \\| b");
        assert_eq!(md("<script>"), "\\<script\\>");
        assert_eq!(md("*bold* [link](x)"), "\\*bold\\* \\[link\\](x)");
        assert_eq!(md("line\nbreak"), "line break");
        assert_eq!(md("- not a list"), "\\- not a list");
        assert_eq!(md("1. not a list"), "1\\. not a list");
        assert_eq!(md("a form_submission _x_"), "a form_submission \\_x\\_");
        assert_eq!(md("Q&A #1"), "Q\\&A #1");
        assert_eq!(md("200-5,000 employees"), "200-5,000 employees");
        assert_eq!(md("+15"), "\\+15");
        assert_eq!(md_inline("+15"), "+15");
    }
}
