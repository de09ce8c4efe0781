//! From the bytes of a CSV file to clean UTF-8 records: encoding, NUL bytes,
//! delimiter and malformed lines, each reported rather than guessed silently.

use super::LoadError;
use std::path::Path;

/// Decoded CSV text ready for polars, with what had to be done to it.
pub struct CleanCsv {
    /// UTF-8 bytes without BOM, NUL bytes or malformed records.
    pub bytes: Vec<u8>,
    /// Field separator.
    pub delimiter: u8,
    /// Notes for the load report (encoding, skipped lines, …).
    pub notes: Vec<String>,
}

/// How many malformed lines are listed by number in a note.
const LISTED_LINES: usize = 5;

/// Decodes and checks CSV bytes; `path` is only used in messages.
pub fn clean_csv(raw: Vec<u8>, path: &Path) -> Result<CleanCsv, LoadError> {
    let mut notes = Vec::new();
    let text = decode(raw, path, &mut notes)?;
    let delimiter = detect_delimiter(&text);
    if delimiter != b',' {
        notes.push(format!("delimiter detected: '{}'", char::from(delimiter)));
    }
    let scan = scan_records(&text, delimiter);
    if scan.header_fields == 0 {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    let bad = scan.bad.len();
    if bad > 0 {
        let kept = scan.records.saturating_sub(bad);
        if kept == 0 || bad * 2 > scan.records {
            let (line, fields) = scan.bad.first().copied().unwrap_or((0, 0));
            return Err(LoadError::Malformed {
                line,
                message: format!(
                    "{bad} of {} rows do not have the header's {} fields (line {line} has {fields})",
                    scan.records, scan.header_fields
                ),
                path: path.to_owned(),
            });
        }
        let listed: Vec<String> = scan
            .bad
            .iter()
            .take(LISTED_LINES)
            .map(|(line, fields)| format!("line {line} ({fields} fields)"))
            .collect();
        let more = if bad > LISTED_LINES { ", …" } else { "" };
        notes.push(format!(
            "skipped {bad} malformed row{} without the header's {} fields: {}{more}",
            if bad == 1 { "" } else { "s" },
            scan.header_fields,
            listed.join(", ")
        ));
        let bytes = drop_records(&text, &scan.bad_spans);
        return Ok(CleanCsv {
            bytes,
            delimiter,
            notes,
        });
    }
    Ok(CleanCsv {
        bytes: text,
        delimiter,
        notes,
    })
}

/// Turns the raw bytes into UTF-8: UTF-16 and Latin-1 are decoded, a BOM is
/// dropped, NUL bytes are removed; binary content is refused.
fn decode(raw: Vec<u8>, path: &Path, notes: &mut Vec<String>) -> Result<Vec<u8>, LoadError> {
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    if let Some(decoded) = decode_utf16(&raw) {
        let text = decoded.map_err(|offset| LoadError::Encoding {
            message: format!("invalid UTF-16 at byte {offset}"),
            path: path.to_owned(),
        })?;
        notes.push("decoded from UTF-16".to_owned());
        return Ok(text.into_bytes());
    }
    let mut bytes = raw;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let nul_count = bytes.iter().filter(|&&b| b == 0).count();
    let other_controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    // Text exports have no control characters; a few NULs come from broken
    // tools, but many, or other controls, mean the file is not text at all.
    if other_controls * 200 > bytes.len() || nul_count * 20 > bytes.len() {
        return Err(LoadError::NotCsv {
            message: "binary content, not text".to_owned(),
            path: path.to_owned(),
        });
    }
    if nul_count > 0 {
        bytes.retain(|&b| b != 0);
        notes.push(format!(
            "removed {nul_count} NUL byte{} from the text",
            if nul_count == 1 { "" } else { "s" }
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.into_bytes()),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            notes.push(format!(
                "not valid UTF-8 (first at byte {offset}): decoded as Latin-1 (ISO 8859-1)"
            ));
            Ok(bytes
                .iter()
                .map(|&b| char::from(b))
                .collect::<String>()
                .into_bytes())
        }
    }
}

/// `Some` when the bytes start with a UTF-16 byte-order mark.
fn decode_utf16(raw: &[u8]) -> Option<Result<String, usize>> {
    let little_endian = match raw {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = raw.get(2..).unwrap_or_default();
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| match pair {
            [a, b] if little_endian => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0,
        })
        .collect();
    Some(
        char::decode_utf16(units.iter().copied())
            .enumerate()
            .map(|(i, c)| c.map_err(|_| i * 2 + 2))
            .collect(),
    )
}

/// The most frequent of `,` `;` tab `|` in the header line, outside quotes.
pub fn detect_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut in_quotes = false;
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(count) = candidates
                    .iter()
                    .position(|&c| c == b)
                    .and_then(|i| counts.get_mut(i))
                {
                    *count += 1;
                }
            }
            _ => {}
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
        .map_or(0, |(i, _)| i);
    if counts.get(best).copied().unwrap_or(0) == 0 {
        b','
    } else {
        candidates.get(best).copied().unwrap_or(b',')
    }
}

struct Scan {
    header_fields: usize,
    /// Data records (blank lines not counted).
    records: usize,
    /// (1-based line number, field count) of records with the wrong count.
    bad: Vec<(usize, usize)>,
    /// Byte ranges of those records, line end included.
    bad_spans: Vec<(usize, usize)>,
}

/// Counts the fields of every record, honouring quotes (which may hold
/// delimiters and line breaks).
fn scan_records(text: &[u8], delimiter: u8) -> Scan {
    let mut scan = Scan {
        header_fields: 0,
        records: 0,
        bad: Vec::new(),
        bad_spans: Vec::new(),
    };
    let mut in_quotes = false;
    let mut fields = 1usize;
    let mut blank = true;
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut record_start = 0usize;
    let mut first = true;
    let mut finish = |end: usize, fields: usize, blank: bool, record_line: usize, start: usize| {
        if blank {
            return;
        }
        if first {
            scan.header_fields = fields;
            first = false;
        } else {
            scan.records += 1;
            if fields != scan.header_fields {
                scan.bad.push((record_line, fields));
                scan.bad_spans.push((start, end));
            }
        }
    };
    for (i, &b) in text.iter().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_quotes {
            if b == b'"' {
                in_quotes = false;
            }
            continue;
        }
        match b {
            b'"' => {
                in_quotes = true;
                blank = false;
            }
            b'\n' => {
                finish(i + 1, fields, blank, record_line, record_start);
                fields = 1;
                blank = true;
                record_line = line;
                record_start = i + 1;
            }
            b'\r' | b' ' | b'\t' if b != delimiter => {}
            _ if b == delimiter => {
                fields += 1;
                blank = false;
            }
            _ => blank = false,
        }
    }
    finish(text.len(), fields, blank, record_line, record_start);
    scan
}

fn drop_records(text: &[u8], spans: &[(usize, usize)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut position = 0;
    for &(start, end) in spans {
        out.extend_from_slice(text.get(position..start).unwrap_or_default());
        position = end;
    }
    out.extend_from_slice(text.get(position..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_newlines_and_delimiters_are_one_field() {
        let text = b"a,b,c\n1,\"x\ny, z\",3\n4,5,6\n";
        let scan = scan_records(text, b',');
        assert_eq!(scan.header_fields, 3);
        assert_eq!(scan.records, 2);
        assert!(scan.bad.is_empty());
    }

    #[test]
    fn ragged_lines_are_found_by_line_number() {
        let text = b"a,b\n1,2\n3\n4,5,6\n7,8\n";
        let scan = scan_records(text, b',');
        assert_eq!(scan.bad, vec![(3, 1), (4, 3)]);
        assert_eq!(
            drop_records(text, &scan.bad_spans),
            b"a,b\n1,2\n7,8\n".to_vec()
        );
    }

    #[test]
    fn delimiter_is_detected_from_the_header() {
        assert_eq!(detect_delimiter(b"a;b;c\n1;2;3"), b';');
        assert_eq!(detect_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(detect_delimiter(b"\"x;y\",b\n"), b',');
        assert_eq!(detect_delimiter(b"single\n"), b',');
    }
}
