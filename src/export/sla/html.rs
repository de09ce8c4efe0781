//! The SLA document as a standalone web page that prints cleanly on A4 and
//! Letter.

use super::{Block, Column, SIGNATURE_LINES, SIGNING_TEAMS, SlaInput, blocks};

/// The page's style. For print: margins without a page size, so that the
/// browser's A4 or Letter setting holds; widths in percent, so that no
/// table is wider than a 210 mm page; table rows and the sign-off block
/// never split across pages, and table headers repeat on every page;
/// black on white, with nothing that needs colour to be understood.
const STYLE: &str = "\
@page { margin: 16mm 14mm; }
html { color: #000; background: #fff; }
body { font-family: system-ui, -apple-system, \"Segoe UI\", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.4; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 18pt; margin: 0 0 0.5rem; }
h2 { font-size: 14pt; margin: 1.4rem 0 0.4rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 1rem 0 0.3rem; break-after: avoid; page-break-after: avoid; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0.4rem 0 1rem; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { font-weight: bold; }
td.n, th.n { text-align: right; }
.sign-off { break-inside: avoid; page-break-inside: avoid; }
.sign-off td { height: 2.4em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; }
}
";

/// User text made inert in HTML: the five characters that could start a
/// tag, an entity or end an attribute.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn number_class(column: &Column) -> &'static str {
    if column.numeric { " class=\"n\"" } else { "" }
}

fn table(body: &mut String, columns: &[Column], rows: &[Vec<String>]) {
    body.push_str("<table>\n<colgroup>");
    for column in columns {
        body.push_str(&format!("<col style=\"width: {}%\">", column.width_percent));
    }
    body.push_str("</colgroup>\n<thead><tr>");
    for column in columns {
        body.push_str(&format!(
            "<th{}>{}</th>",
            number_class(column),
            html(column.title)
        ));
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        body.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            let class = columns.get(index).map_or("", number_class);
            body.push_str(&format!("<td{class}>{}</td>", html(cell)));
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
}

/// The heading, where the figures come from, and an empty name, role,
/// signature and date cell per team, in one block that prints on one page.
fn sign_off(body: &mut String, basis: &str) {
    body.push_str("<section class=\"sign-off\">\n<h2>Sign-off</h2>\n");
    body.push_str(&format!(
        "<p>{}</p>\n<table>\n<colgroup><col style=\"width: 16%\"><col style=\"width: 42%\"><col style=\"width: 42%\"></colgroup>\n<thead><tr><th></th>",
        html(basis)
    ));
    for team in SIGNING_TEAMS {
        body.push_str(&format!("<th scope=\"col\">{team}</th>"));
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for line in SIGNATURE_LINES {
        body.push_str(&format!("<tr><th scope=\"row\">{line}</th>"));
        for _ in SIGNING_TEAMS {
            body.push_str("<td></td>");
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n</section>\n");
}

/// The SLA summary as a standalone HTML page.
pub fn sla_html(input: &SlaInput) -> String {
    let mut body = String::new();
    for block in blocks(input) {
        match block {
            Block::Heading(level, text) => {
                body.push_str(&format!("<h{level}>{}</h{level}>\n", html(&text)))
            }
            Block::Paragraph(text) => body.push_str(&format!("<p>{}</p>\n", html(&text))),
            Block::Bullets(items) => {
                body.push_str("<ul>\n");
                for item in items {
                    body.push_str(&format!("<li>{}</li>\n", html(&item)));
                }
                body.push_str("</ul>\n");
            }
            Block::Table(columns, rows) => table(&mut body, &columns, &rows),
            Block::SignOff(basis) => sign_off(&mut body, &basis),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Lead scoring SLA: {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        html(&input.rules.name)
    )
}
