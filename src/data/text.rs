//! From the bytes of a CSV file to clean UTF-8 records: encoding, NUL bytes,
//! delimiter and malformed lines, each reported rather than guessed silently.

use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{LoadError, MAX_CELL_BYTES, MAX_COLUMNS};

/// Decoded CSV text ready for polars, with what had to be done to it.
pub struct CleanCsv {
    /// UTF-8 bytes without BOM, NUL bytes or malformed records.
    pub bytes: Vec<u8>,
    /// Field separator.
    pub delimiter: u8,
    /// Notes for the load report (encoding, skipped lines, …).
    pub notes: Vec<String>,
    /// Where each record starts in `bytes`, the header first: a large file
    /// can be parsed a slice of records at a time.
    pub record_starts: Vec<usize>,
}

/// How many malformed lines are listed by number in a note.
const LISTED_LINES: usize = 5;

/// Decodes and checks CSV bytes; `path` is only used in messages.
pub fn clean_csv(raw: Vec<u8>, path: &Path) -> Result<CleanCsv, LoadError> {
    let mut notes = Vec::new();
    let mut text = decode(raw, path, &mut notes)?;
    if memchr::memchr(b'\n', &text).is_none() && memchr::memchr(b'\r', &text).is_some() {
        // Classic Mac OS ends lines with a carriage return alone; read as
        // one line, the file would have a header and no rows.
        for b in text.iter_mut().filter(|b| **b == b'\r') {
            *b = b'\n';
        }
        notes.push(
            "lines end with a carriage return alone (classic Mac): read as line breaks".to_owned(),
        );
    }
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
    check_limits(&scan, &text, delimiter, path)?;
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
        let record_starts = scan_records(&bytes, delimiter).starts;
        return Ok(CleanCsv {
            bytes,
            delimiter,
            notes,
            record_starts,
        });
    }
    Ok(CleanCsv {
        bytes: text,
        delimiter,
        notes,
        record_starts: scan.starts,
    })
}

/// Refuses what the reader cannot be trusted with: more columns than
/// [`MAX_COLUMNS`], a quote never closed (the rest of the file would be
/// one field), a field longer than [`MAX_CELL_BYTES`].
fn check_limits(scan: &Scan, text: &[u8], delimiter: u8, path: &Path) -> Result<(), LoadError> {
    if scan.header_fields > MAX_COLUMNS {
        return Err(LoadError::TooManyColumns {
            what: "the header",
            columns: scan.header_fields,
            path: path.to_owned(),
        });
    }
    if let Some(line) = scan.unclosed_quote {
        return Err(LoadError::Malformed {
            line,
            message: "a quote opens on this line and is never closed".to_owned(),
            path: path.to_owned(),
        });
    }
    if let Some((line, field)) = scan.huge_cell {
        let name = header_name(text, delimiter, field)
            .map(|name| format!(" (\"{}\")", crate::format::echo(&name)))
            .unwrap_or_default();
        return Err(LoadError::Malformed {
            line,
            message: format!(
                "column {field}{name} holds a value longer than {} MiB, the most a cell may hold",
                MAX_CELL_BYTES >> 20
            ),
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// The name of field `field` (1-based) of the header, quotes removed.
fn header_name(text: &[u8], delimiter: u8, field: usize) -> Option<String> {
    let mut in_quotes = false;
    let mut number = 1usize;
    let mut name = Vec::new();
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if b == delimiter && !in_quotes => {
                number += 1;
                if number > field {
                    break;
                }
            }
            _ if number == field => name.push(b),
            _ => {}
        }
    }
    (number >= field).then(|| String::from_utf8_lossy(&name).trim().to_owned())
}

/// Turns the raw bytes into UTF-8: UTF-16 (with or without a byte-order
/// mark) and Windows-1252 are decoded, a UTF-8 BOM is dropped, NUL bytes are
/// removed; binary content is refused.
fn decode(raw: Vec<u8>, path: &Path, notes: &mut Vec<String>) -> Result<Vec<u8>, LoadError> {
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    if let Some(utf16) = detect_utf16(&raw) {
        let text = decode_utf16(&raw, &utf16).map_err(|offset| LoadError::Encoding {
            message: format!("invalid {} at byte {offset}", utf16.encoding.name()),
            path: path.to_owned(),
        })?;
        notes.push(format!(
            "decoded from {} ({})",
            utf16.encoding.name(),
            utf16.found_by
        ));
        return Ok(text.into_bytes());
    }
    let mut bytes = raw;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    remove_nul_bytes(&mut bytes, path, notes)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.into_bytes()),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            // Not UTF-8 is, in practice, an Excel or Windows export: Windows-1252,
            // which agrees with Latin-1 except in 0x80–0x9F, where it has € ’ “ ”
            // and Latin-1 has control characters. It decodes every byte.
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            notes.push(format!(
                "not valid UTF-8 (first at byte {offset}): decoded as Windows-1252 \
                 (Western European, the superset of Latin-1 that Excel writes)"
            ));
            Ok(text.into_owned().into_bytes())
        }
    }
}

/// Refuses binary content and drops the NUL bytes broken tools leave in text.
fn remove_nul_bytes(
    bytes: &mut Vec<u8>,
    path: &Path,
    notes: &mut Vec<String>,
) -> Result<(), LoadError> {
    // One pass, branch-free: a 200 MB export is counted in a few milliseconds.
    let (mut nul_count, mut other_controls) = (0usize, 0usize);
    for &b in bytes.iter() {
        nul_count += usize::from(b == 0);
        other_controls += usize::from(b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0C));
    }
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
    Ok(())
}

/// A UTF-16 file: which byte order, where the text starts, how we know.
struct Utf16 {
    encoding: &'static Encoding,
    /// Bytes before the text (the byte-order mark).
    skip: usize,
    /// For the load report.
    found_by: &'static str,
}

/// How many bytes the BOM-less UTF-16 test looks at.
const UTF16_SAMPLE_BYTES: usize = 4096;

/// `Some` for UTF-16: by its byte-order mark, or, without one, by the NUL
/// byte in every other position that UTF-16 gives Western text (a CSV
/// header and ids are ASCII), which no UTF-8 or single-byte text has.
fn detect_utf16(raw: &[u8]) -> Option<Utf16> {
    let by_bom = |encoding| {
        Some(Utf16 {
            encoding,
            skip: 2,
            found_by: "byte-order mark",
        })
    };
    match raw {
        [0xFF, 0xFE, ..] => return by_bom(UTF_16LE),
        [0xFE, 0xFF, ..] => return by_bom(UTF_16BE),
        _ => {}
    }
    let sample = raw.get(..UTF16_SAMPLE_BYTES).unwrap_or(raw);
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    // Mostly NUL on one side, almost never on the other.
    let mostly = |count: usize| count * 4 >= pairs * 3;
    let rarely = |count: usize| count * 20 <= pairs;
    let encoding = if mostly(odd) && rarely(even) {
        UTF_16LE
    } else if mostly(even) && rarely(odd) {
        UTF_16BE
    } else {
        return None;
    };
    Some(Utf16 {
        encoding,
        skip: 0,
        found_by: "no byte-order mark; recognised by its NUL bytes",
    })
}

/// The text, or the byte offset of the first invalid code unit.
fn decode_utf16(raw: &[u8], utf16: &Utf16) -> Result<String, usize> {
    let body = raw.get(utf16.skip..).unwrap_or_default();
    let mut decoder = utf16.encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let mut read_total = 0;
    loop {
        let rest = body.get(read_total..).unwrap_or_default();
        let needed = decoder
            .max_utf8_buffer_length_without_replacement(rest.len())
            .unwrap_or(rest.len().saturating_mul(3));
        text.reserve(needed);
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, consumed_after) => {
                let start =
                    read_total.saturating_sub(usize::from(bad) + usize::from(consumed_after));
                return Err(utf16.skip + start);
            }
        }
    }
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
    /// Where each non-blank record starts, the header first.
    starts: Vec<usize>,
    /// The line where a quote opens that is never closed.
    unclosed_quote: Option<usize>,
    /// The first field longer than [`MAX_CELL_BYTES`]: its line and
    /// 1-based field number.
    huge_cell: Option<(usize, usize)>,
}

/// Counts the fields of every record, honouring quotes (which may hold
/// delimiters and line breaks). Jumps from one quote, line break or
/// delimiter to the next: a 200 MB export is scanned in a fraction of a
/// second.
fn scan_records(text: &[u8], delimiter: u8) -> Scan {
    let mut scan = Scan {
        header_fields: 0,
        records: 0,
        bad: Vec::new(),
        bad_spans: Vec::new(),
        starts: Vec::new(),
        unclosed_quote: None,
        huge_cell: None,
    };
    let mut in_quotes = false;
    let mut quote_line = 0usize;
    let mut unclosed_quote = None;
    let mut fields = 1usize;
    let mut blank = true;
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut record_start = 0usize;
    let mut field_start = 0usize;
    let mut huge_cell = None;
    let mut first = true;
    let mut finish = |end: usize, fields: usize, blank: bool, record_line: usize, start: usize| {
        if blank {
            return;
        }
        scan.starts.push(start);
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
    let newlines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count();
    let mut i = 0usize;
    while let Some(rest) = text.get(i..).filter(|r| !r.is_empty()) {
        if in_quotes {
            let Some(k) = memchr::memchr(b'"', rest) else {
                unclosed_quote = Some(quote_line);
                break;
            };
            line += newlines(rest.get(..k).unwrap_or_default());
            in_quotes = false;
            i += k + 1;
            continue;
        }
        // While a line is blank every byte matters; after its first other
        // byte only quotes, line breaks and delimiters do.
        let k = if blank {
            0
        } else {
            match memchr::memchr3(b'"', b'\n', delimiter, rest) {
                Some(k) => k,
                None => break,
            }
        };
        let b = rest.get(k).copied().unwrap_or(b'\n');
        i += k + 1;
        match b {
            b'"' => {
                in_quotes = true;
                quote_line = line;
                blank = false;
            }
            b'\n' => {
                if huge_cell.is_none() && i - 1 - field_start > MAX_CELL_BYTES {
                    huge_cell = Some((line, fields));
                }
                line += 1;
                finish(i, fields, blank, record_line, record_start);
                fields = 1;
                blank = true;
                record_line = line;
                record_start = i;
                field_start = i;
            }
            b'\r' | b' ' | b'\t' if b != delimiter => {}
            _ if b == delimiter => {
                if huge_cell.is_none() && i - 1 - field_start > MAX_CELL_BYTES {
                    huge_cell = Some((line, fields));
                }
                fields += 1;
                blank = false;
                field_start = i;
            }
            _ => blank = false,
        }
    }
    if huge_cell.is_none() && text.len().saturating_sub(field_start) > MAX_CELL_BYTES {
        huge_cell = Some((line, fields));
    }
    finish(text.len(), fields, blank, record_line, record_start);
    scan.unclosed_quote = unclosed_quote;
    scan.huge_cell = huge_cell;
    scan
}

/// Where each record of clean text starts, the header first.
pub fn record_starts(text: &[u8], delimiter: u8) -> Vec<usize> {
    scan_records(text, delimiter).starts
}

/// Field `field` of every record after the header (records start at
/// `starts`, the header first), as the CSV reader reads it when no quote
/// is involved: `None` for an empty field. `None` altogether when a quote
/// appears before the field ends in some record: then only the reader can
/// say.
pub fn field_of_records<'t>(
    text: &'t [u8],
    starts: &[usize],
    delimiter: u8,
    field: usize,
) -> Option<Vec<Option<&'t str>>> {
    let mut values = Vec::with_capacity(starts.len().saturating_sub(1));
    for (i, &start) in starts.iter().enumerate().skip(1) {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let record = text.get(start..end)?;
        let mut from = 0usize;
        for _ in 0..field {
            from += memchr::memchr(delimiter, record.get(from..)?)? + 1;
        }
        let rest = record.get(from..)?;
        let len = memchr::memchr2(delimiter, b'\n', rest).unwrap_or(rest.len());
        let value = rest.get(..len)?;
        let value = value.strip_suffix(b"\r").unwrap_or(value);
        if record.get(..from + len)?.contains(&b'"') {
            return None;
        }
        let value = std::str::from_utf8(value).ok()?;
        values.push((!value.is_empty()).then_some(value));
    }
    Some(values)
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

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for unit in units {
            if little_endian {
                bytes.extend(unit.to_le_bytes());
            } else {
                bytes.extend(unit.to_be_bytes());
            }
        }
        bytes
    }

    fn decoded(raw: Vec<u8>) -> (String, Vec<String>) {
        let clean = clean_csv(raw, Path::new("test.csv")).unwrap();
        (String::from_utf8(clean.bytes).unwrap(), clean.notes)
    }

    #[test]
    fn utf16_is_decoded_with_or_without_a_byte_order_mark() {
        let text = "id,title\n1,Directeur général €\n";
        for little_endian in [true, false] {
            for bom in [true, false] {
                let (out, notes) = decoded(utf16(text, little_endian, bom));
                assert_eq!(out, text, "little endian {little_endian}, BOM {bom}");
                let name = if little_endian {
                    "UTF-16LE"
                } else {
                    "UTF-16BE"
                };
                assert!(notes.iter().any(|n| n.contains(name)), "{notes:?}");
            }
        }
    }

    #[test]
    fn an_unpaired_surrogate_is_an_error_with_its_offset() {
        let mut raw = utf16("id\n1\n", true, true);
        raw.extend(0xD800u16.to_le_bytes());
        raw.extend(u16::from(b'x').to_le_bytes());
        let err = clean_csv(raw, Path::new("test.csv")).err().unwrap();
        assert!(err.to_string().contains("at byte 12"), "{err}");
    }

    #[test]
    fn a_field_is_read_from_every_record_unless_quotes_are_involved() {
        let text = b"id,name\r\n1,a\r\n,b\n 3 ,c\n".to_vec();
        let clean = clean_csv(text.clone(), Path::new("t.csv")).unwrap();
        let ids = field_of_records(&clean.bytes, &clean.record_starts, b',', 0).unwrap();
        assert_eq!(ids, [Some("1"), None, Some(" 3 ")]);
        let names = field_of_records(&clean.bytes, &clean.record_starts, b',', 1).unwrap();
        assert_eq!(names, [Some("a"), Some("b"), Some("c")]);
        let quoted = b"id,name\n\"1\",a\n2,b\n".to_vec();
        let clean = clean_csv(quoted, Path::new("t.csv")).unwrap();
        assert!(field_of_records(&clean.bytes, &clean.record_starts, b',', 0).is_none());
        assert!(
            field_of_records(&clean.bytes, &clean.record_starts, b',', 1).is_none(),
            "a quote before the field also needs the reader"
        );
    }

    #[test]
    fn windows_1252_punctuation_is_decoded() {
        let raw = b"id,title\n1,\x80 \x92 \x93x\x94 caf\xe9\n".to_vec();
        let (out, notes) = decoded(raw);
        assert_eq!(out, "id,title\n1,€ ’ “x” café\n");
        assert!(
            notes.iter().any(|n| n.contains("Windows-1252")),
            "{notes:?}"
        );
    }
}
