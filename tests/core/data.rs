//! Loading: every file in ../shared/bad_inputs ends as its README says.

use std::path::{Path, PathBuf};

use leadscore::data::{
    ColumnKind, DataSources, Dataset, LoadError, LoadOptions, Outcome, load_dataset,
};

fn bad(name: &str) -> PathBuf {
    Path::new("../shared/bad_inputs").join(name)
}

fn load_contacts(name: &str) -> Result<Dataset, LoadError> {
    load_dataset(
        &DataSources {
            contacts: bad(name),
            deals: None,
            events: None,
        },
        &LoadOptions::default(),
    )
}

fn expect_error(name: &str, words: &[&str]) {
    let err = load_contacts(name).map(|_| ()).unwrap_err().to_string();
    assert!(
        err.ends_with(&bad(name).display().to_string()),
        "{name}: path last: {err}"
    );
    for w in words {
        assert!(err.contains(w), "{name}: expected {w:?} in {err}");
    }
}

fn notes(data: &Dataset) -> String {
    data.reports
        .iter()
        .flat_map(|r| r.notes.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The contacts of the well-formed files: 9 columns, ids 1..=N.
fn assert_standard(data: &Dataset, rows: usize) {
    assert_eq!(data.len(), rows);
    assert_eq!(data.contacts.width(), 9);
    assert_eq!(data.contacts.get_column_names()[0].as_str(), "contact_id");
    assert_eq!(data.schema.kind_of("employees"), Some(ColumnKind::Number));
    assert_eq!(data.schema.kind_of("created_at"), Some(ColumnKind::Date));
    assert_eq!(data.schema.kind_of("job_title"), Some(ColumnKind::Text));
}

#[test]
fn every_bad_input_is_covered_by_a_test() {
    let covered = [
        "README.md",
        "binary_garbage.csv",
        "crlf_excel.csv",
        "csv_named_parquet.parquet",
        "deals_bad_values.csv",
        "deals_unknown_contacts.csv",
        "duplicate_ids.csv",
        "empty.csv",
        "events_bad_timestamps.csv",
        "header_only.csv",
        "huge_field.csv",
        "latin1.csv",
        "messy_numbers.csv",
        "no_id_column.csv",
        "nul_bytes.csv",
        "quoted_newlines.csv",
        "ragged_rows.csv",
        "rules_bad_syntax.ron",
        "rules_binary.ron",
        "rules_empty.ron",
        "rules_not_ron.ron",
        "semicolon_delimited.csv",
        "truncated.parquet",
        "utf16.csv",
        "utf8_bom.csv",
    ];
    for entry in std::fs::read_dir("../shared/bad_inputs").unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(covered.contains(&name.as_str()), "no test covers {name}");
    }
}

#[test]
fn unreadable_files_give_clear_errors() {
    expect_error("empty.csv", &["empty"]);
    expect_error("binary_garbage.csv", &["not a CSV file"]);
    expect_error("truncated.parquet", &["damaged"]);
    expect_error(
        "no_id_column.csv",
        &["contact id", "email, job_title, industry"],
    );
}

#[test]
fn header_only_loads_as_zero_contacts() {
    let data = load_contacts("header_only.csv").unwrap();
    assert_eq!(data.len(), 0);
    assert!(
        notes(&data).contains("nothing to score"),
        "{}",
        notes(&data)
    );
}

#[test]
fn valid_but_unusual_files_load_correctly() {
    assert_standard(&load_contacts("semicolon_delimited.csv").unwrap(), 5);
    assert_standard(&load_contacts("utf8_bom.csv").unwrap(), 5);
    assert_standard(&load_contacts("crlf_excel.csv").unwrap(), 4);
    let data = load_contacts("csv_named_parquet.parquet").unwrap();
    assert_standard(&data, 3);
    assert!(notes(&data).contains("read as CSV"));
    let crlf = load_contacts("crlf_excel.csv").unwrap();
    let last = crlf.contacts.column("created_at").unwrap().null_count();
    assert_eq!(last, 0, "no \\r left on the last column");
}

#[test]
fn other_encodings_are_decoded_and_said() {
    let latin1 = load_contacts("latin1.csv").unwrap();
    let titles = latin1
        .contacts
        .column("job_title")
        .unwrap()
        .str()
        .unwrap()
        .get(0)
        .unwrap()
        .to_owned();
    assert_eq!(titles, "Director de Compañía");
    assert!(notes(&latin1).contains("Latin-1"));
    let utf16 = load_contacts("utf16.csv").unwrap();
    assert_eq!(utf16.contacts.get_column_names()[0].as_str(), "contact_id");
    assert!(!utf16.is_empty());
    assert!(notes(&utf16).contains("UTF-16"));
}

/// Loads `bytes` as a contacts file and returns the `job_title` of each row.
fn job_titles_of(bytes: &[u8]) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.csv");
    std::fs::write(&path, bytes).unwrap();
    let data = load_dataset(
        &DataSources {
            contacts: path,
            deals: None,
            events: None,
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let titles = data
        .contacts
        .column("job_title")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|t| t.unwrap_or_default().to_owned())
        .collect();
    (titles, notes(&data))
}

#[test]
fn windows_1252_excel_exports_keep_their_punctuation() {
    // As Excel writes it on Windows: € ’ “ ” are in 0x80–0x9F, where
    // Latin-1 has control characters; é is the same in both.
    let bytes =
        b"contact_id,job_title\r\n1,Head of \x80 sales\r\n2,\x93Chief\x94 it\x92s caf\xe9\r\n";
    let (titles, notes) = job_titles_of(bytes);
    assert_eq!(titles, ["Head of € sales", "“Chief” it’s café"]);
    assert!(notes.contains("Windows-1252"), "{notes}");
}

#[test]
fn utf16_without_a_byte_order_mark_is_recognised() {
    let text = "contact_id,job_title\n1,Directeur général\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (titles, notes) = job_titles_of(&bytes);
    assert_eq!(titles, ["Directeur général"]);
    assert!(notes.contains("UTF-16LE"), "{notes}");
}

#[test]
fn nul_bytes_are_removed_and_said() {
    let data = load_contacts("nul_bytes.csv").unwrap();
    assert!(!data.is_empty());
    assert!(notes(&data).contains("NUL"), "{}", notes(&data));
}

#[test]
fn ragged_rows_are_skipped_visibly_with_line_numbers() {
    let data = load_contacts("ragged_rows.csv").unwrap();
    assert_eq!(data.len(), 5);
    let n = notes(&data);
    assert!(
        n.contains("skipped 2 malformed rows") && n.contains("line 5") && n.contains("line 8"),
        "{n}"
    );
}

#[test]
fn duplicate_ids_are_named_and_not_double_counted() {
    let data = load_contacts("duplicate_ids.csv").unwrap();
    assert_eq!(data.len(), 3);
    let n = notes(&data);
    assert!(
        n.contains("2 contact ids appear more than once (1, 2)"),
        "{n}"
    );
}

#[test]
fn quoted_newlines_load_correctly() {
    let data = load_contacts("quoted_newlines.csv").unwrap();
    assert_eq!(data.len(), 2);
    let titles = data
        .contacts
        .column("job_title")
        .unwrap()
        .str()
        .unwrap()
        .clone();
    assert_eq!(titles.get(0), Some("Head of\nMarketing"));
    assert_eq!(titles.get(1), Some("VP, \"Growth\""));
}

#[test]
fn messy_numbers_become_missing_and_are_counted() {
    let data = load_contacts("messy_numbers.csv").unwrap();
    assert_eq!(data.len(), 5);
    let report = &data.reports[0];
    let column = |name: &str| report.columns.iter().find(|c| c.name == name).unwrap();
    assert_eq!(column("employees").kind, ColumnKind::Number);
    assert_eq!(column("employees").unreadable, 1, "500+");
    assert_eq!(column("employees").placeholders, 1, "N/A");
    let employees: Vec<Option<f64>> = data
        .contacts
        .column("employees")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        employees,
        vec![Some(1000.0), None, None, Some(-3.0), Some(42.0)]
    );
    let revenue: Vec<Option<f64>> = data
        .contacts
        .column("annual_revenue")
        .unwrap()
        .f64()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(
        revenue,
        vec![Some(2e6), None, Some(1.5e6), Some(-100.0), Some(7e6)]
    );
    assert_eq!(column("visits").placeholders, 1, "Select");
    assert_eq!(column("created_at").kind, ColumnKind::Date);
    assert_eq!(
        column("created_at").unreadable,
        2,
        "01/04/2025 in an ISO column, and 2025-13-45"
    );
}

#[test]
fn huge_field_loads_without_hanging() {
    let data = load_contacts("huge_field.csv").unwrap();
    assert!(!data.is_empty());
}

fn standard_contacts() -> PathBuf {
    bad("crlf_excel.csv")
}

#[test]
fn unknown_deal_contacts_are_counted() {
    let data = load_dataset(
        &DataSources {
            contacts: standard_contacts(),
            deals: Some(bad("deals_unknown_contacts.csv")),
            events: None,
        },
        &LoadOptions::default(),
    )
    .unwrap();
    assert!(
        notes(&data).contains("1 deal match no contact"),
        "{}",
        notes(&data)
    );
    assert_eq!(data.outcomes.outcome[0], Outcome::Won);
    assert_eq!(data.outcomes.outcome[1], Outcome::Lost);
    assert_eq!(data.outcomes.revenue[0], 5000.0);
}

#[test]
fn bad_deal_values_are_reported() {
    let data = load_dataset(
        &DataSources {
            contacts: standard_contacts(),
            deals: Some(bad("deals_bad_values.csv")),
            events: None,
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let n = notes(&data);
    assert!(
        n.contains("skipped 1 malformed row") && n.contains("line 2"),
        "the unquoted $5,000 row: {n}"
    );
    assert!(n.contains("\"maybe\""), "unmapped status: {n}");
    assert!(n.contains("closed before"), "reversed dates: {n}");
    let deals = data
        .reports
        .iter()
        .find(|r| r.table == leadscore::data::TableKind::Deals)
        .unwrap();
    let amount = deals.columns.iter().find(|c| c.name == "amount").unwrap();
    assert_eq!(amount.unreadable, 1, "abc");
    let created = deals
        .columns
        .iter()
        .find(|c| c.name == "created_at")
        .unwrap();
    assert_eq!(created.unreadable, 1, "yesterday");
}

#[test]
fn bad_event_timestamps_are_counted_and_the_rest_loads() {
    let data = load_dataset(
        &DataSources {
            contacts: standard_contacts(),
            deals: None,
            events: Some(bad("events_bad_timestamps.csv")),
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let events = data.events.as_ref().unwrap();
    assert_eq!(events.len(), 2, "ISO and epoch rows");
    assert!(
        notes(&data).contains("skipped 2 events with a missing or unreadable timestamp"),
        "{}",
        notes(&data)
    );
}

#[test]
fn sample_data_loads_with_roles_detected() {
    let data = load_dataset(
        &DataSources {
            contacts: "sample_data/contacts.csv".into(),
            deals: Some("sample_data/deals.csv".into()),
            events: Some("sample_data/events.parquet".into()),
        },
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(data.roles.contacts.id.as_deref(), Some("Record ID"));
    assert_eq!(data.roles.contacts.created.as_deref(), Some("Create Date"));
    assert_eq!(data.roles.deals.status.as_deref(), Some("Deal Stage"));
    assert_eq!(data.roles.events.timestamp.as_deref(), Some("timestamp"));
    assert!(data.len() >= 1000);
    let won = data
        .outcomes
        .outcome
        .iter()
        .filter(|o| **o == Outcome::Won)
        .count();
    assert!(won > 20, "{won}");
    assert!(data.latest_date.is_some());
    assert_eq!(
        data.schema.kind_of("Number of Employees"),
        Some(ColumnKind::Number)
    );
    assert_eq!(data.schema.kind_of("Email Opt Out"), Some(ColumnKind::Bool));
}

#[test]
fn values_read_as_the_user_reads_them() {
    let data = load_contacts("messy_numbers.csv").unwrap();
    assert_eq!(data.value_text(0, "employees").as_deref(), Some("1000"));
    assert_eq!(data.value_text(1, "employees").as_deref(), Some("(empty)"));
    assert_eq!(
        data.value_text(2, "annual_revenue").as_deref(),
        Some("1500000")
    );
    assert_eq!(
        data.value_text(0, "created_at").as_deref(),
        Some("2025-01-01 00:00")
    );
    assert_eq!(data.value_text(0, "job_title").as_deref(), Some("CEO"));
    assert_eq!(data.value_text(99, "job_title"), None);
    assert_eq!(data.value_text(0, "nope"), None);
}

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/parquet").join(name)
}

fn load_contacts_at(path: &Path) -> Result<Dataset, LoadError> {
    load_dataset(
        &DataSources {
            contacts: path.to_owned(),
            deals: None,
            events: None,
        },
        &LoadOptions::default(),
    )
}

fn numbers(data: &Dataset, column: &str) -> Vec<Option<f64>> {
    let column = data.contacts.column(column).unwrap();
    column.f64().unwrap().iter().collect()
}

/// Warehouse exports write DECIMAL columns (made here by pyarrow): they
/// load as numbers equal to the source values.
#[test]
fn decimal_parquet_columns_load_as_numbers() {
    let data = load_contacts_at(&fixture("decimal_contacts.parquet")).unwrap();
    assert_eq!(
        data.schema.kind_of("Number of Employees"),
        Some(ColumnKind::Number)
    );
    assert_eq!(
        numbers(&data, "Number of Employees"),
        [
            Some(12.5),
            Some(250.0),
            None,
            Some(-3.25),
            Some(1_000_000.01),
            Some(0.0)
        ]
    );
    assert_eq!(
        numbers(&data, "Annual Revenue"),
        [
            Some(1.2345),
            Some(99_999_999_999_999.999_9),
            Some(0.0),
            None,
            Some(42.1),
            Some(7.0)
        ]
    );
    assert_eq!(data.schema.kind_of("Create Date"), Some(ColumnKind::Date));
}

/// Two columns of one name make a valid Parquet file, not a damaged one.
#[test]
fn duplicate_parquet_column_names_are_named() {
    let path = fixture("duplicate_columns.parquet");
    let err = load_contacts_at(&path).err().unwrap().to_string();
    assert_eq!(
        err,
        format!(
            "the Parquet file has two columns named \"Name\"; rename one: {}",
            path.display()
        )
    );
}

/// Lists, records and times of day cannot be scored: left out, by name,
/// and the rest of the table loads.
#[test]
fn nested_parquet_columns_are_left_out_by_name() {
    let data = load_contacts_at(&fixture("nested_columns.parquet")).unwrap();
    let names: Vec<String> = data
        .contacts
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, ["Record ID", "Industry"]);
    let notes = notes(&data);
    for column in [
        "\"Tags\": a list",
        "\"Address\": a nested record",
        "\"Call time\"",
    ] {
        assert!(notes.contains(column), "{column}: {notes}");
    }
}

/// Bytes of a Parquet file overwritten: across the footer (every
/// `footer_step`-th byte), the first bytes of every page header at the
/// start of a column chunk, and across the data.
fn mutations(path: &Path, footer_step: usize) -> Vec<(usize, u8)> {
    use polars::prelude::{ParquetReader, SerReader};
    let bytes = std::fs::read(path).unwrap();
    let len = bytes.len();
    let footer_len = u32::from_le_bytes(bytes[len - 8..len - 4].try_into().unwrap()) as usize;
    let footer = len - 8 - footer_len;
    let mut positions: Vec<usize> = (footer..len - 8).step_by(footer_step).collect();
    positions.extend((4..footer).step_by(footer / 97 + 1));
    let mut reader = ParquetReader::new(std::fs::File::open(path).unwrap());
    let metadata = reader.get_metadata().unwrap().clone();
    for group in &metadata.row_groups {
        for chunk in group.parquet_columns() {
            let data = chunk.data_page_offset() as usize;
            let starts = [
                Some(data),
                chunk.dictionary_page_offset().map(|o| o as usize),
            ];
            for start in starts.into_iter().flatten() {
                positions.extend(start..(start + 40).min(footer));
            }
        }
    }
    let mut all = Vec::new();
    for p in positions {
        for value in [0xFF, 0x7F, bytes[p] ^ 0x40] {
            if bytes[p] != value {
                all.push((p, value));
            }
        }
    }
    all
}

/// A damaged Parquet file never panics, never aborts on a size it claims,
/// and the error names the file: events read a slice at a time, contacts
/// read whole and a slice at a time.
#[test]
fn damaged_parquet_files_are_refused_without_a_panic() {
    use leadscore::data::{ContactSlices, read_raw};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.parquet");
    let contacts = fixture("decimal_contacts.parquet");
    let events_path = Path::new("sample_data/events.parquet");
    let events = std::fs::read(events_path).unwrap();
    let mut tried = 0;
    for (p, value) in mutations(events_path, 3) {
        let mut bytes = events.clone();
        bytes[p] = value;
        std::fs::write(&path, &bytes).unwrap();
        let sources = DataSources {
            contacts: contacts.clone(),
            deals: None,
            events: Some(path.clone()),
        };
        if let Err(e) = load_dataset(&sources, &LoadOptions::default()) {
            let e = e.to_string();
            assert!(e.ends_with(&path.display().to_string()), "byte {p}: {e}");
        }
        tried += 1;
    }
    for source in [contacts.clone(), fixture("nested_columns.parquet")] {
        let original = std::fs::read(&source).unwrap();
        for (p, value) in mutations(&source, 1) {
            let mut bytes = original.clone();
            bytes[p] = value;
            std::fs::write(&path, &bytes).unwrap();
            if let Err(e) = read_raw(&path) {
                let e = e.to_string();
                assert!(e.ends_with(&path.display().to_string()), "byte {p}: {e}");
            }
            let streamed = ContactSlices::open(&path, &LoadOptions::default(), 2, false).and_then(
                |mut slices| {
                    while slices.next_slice()?.is_some() {}
                    Ok(())
                },
            );
            if let Err(e) = streamed {
                let e = e.to_string();
                assert!(e.ends_with(&path.display().to_string()), "byte {p}: {e}");
            }
            tried += 1;
        }
    }
    assert!(tried > 2000, "{tried}");
}

fn csv_error(text: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.csv");
    std::fs::write(&path, text).unwrap();
    let err = load_contacts_at(&path).map(|_| ()).unwrap_err().to_string();
    let path = path.display().to_string();
    assert!(err.ends_with(&path), "path last: {err}");
    err.trim_end_matches(&path).to_owned()
}

/// A header of more than 100,000 columns is refused before the reader
/// sees it (5.2 million empty columns took it 57 s and 8 GB).
#[test]
fn a_header_of_too_many_columns_is_refused() {
    let mut text = vec![b','; 100_000];
    text.push(b'\n');
    assert_eq!(
        csv_error(&text),
        "the header has 100,001 columns; at most 100,000 are read: "
    );
}

/// A field longer than the cell limit is refused by line and column.
#[test]
fn a_huge_cell_is_refused_by_line_and_column() {
    let mut text = b"id,notes\n1,short\n2,".to_vec();
    text.resize(text.len() + leadscore::data::MAX_CELL_BYTES + 1, b'A');
    text.extend(b"\n3,x\n");
    let err = csv_error(&text);
    assert!(
        err.starts_with(
            "malformed CSV at line 3: column 2 (\"notes\") holds a value longer than 64 MiB"
        ),
        "{err}"
    );
}

/// Quotes that do not line up are refused with the line of the row, in
/// our words rather than the reader's.
#[test]
fn csv_quote_errors_name_the_line() {
    let mut deep = b"id,name,x\n".to_vec();
    for i in 1..300 {
        let name = if i == 211 { "\"b\"c" } else { "b" };
        deep.extend(format!("{i},{name},{i}\n").bytes());
    }
    let cases: [(&[u8], &str); 4] = [
        (
            b"id,name,x\n1,a,2\n2,\"b\"c,3\n3,c,4\n",
            "malformed CSV at line 3: a quoted value has more text after its closing quote",
        ),
        (
            b"id,name,x\n1,a,2\n2,b,\"3\n",
            "malformed CSV at line 3: a quote opens on this line and is never closed",
        ),
        (
            b"id,name,x\n1,a,2\n2,b,3\n3,b,3\n4,b, \"3,4\"\n5,a,1\n",
            "malformed CSV at line 5: the row has more fields than the header",
        ),
        (&deep, "malformed CSV at line 212: a quoted value"),
    ];
    for (text, expected) in cases {
        let err = csv_error(text);
        assert!(err.starts_with(expected), "{expected}\n{err}");
        assert!(
            !err.contains("polars") && !err.contains("Original error"),
            "{err}"
        );
    }
}

/// Lines ended by a carriage return alone (classic Mac) are lines, not a
/// header without rows.
#[test]
fn carriage_return_line_ends_are_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mac.csv");
    std::fs::write(&path, b"id,name\r1,a\r2,b\r").unwrap();
    let data = load_contacts_at(&path).unwrap();
    assert_eq!(data.len(), 2);
    assert!(notes(&data).contains("carriage return"), "{}", notes(&data));
}

/// Epoch seconds as numbers in a Parquet events file are the dates the
/// same digits in a CSV file are, not milliseconds in January 1970.
#[test]
fn numeric_epoch_timestamps_read_as_the_same_digits_in_text() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(&contacts, "id\nC1\nC2\n").unwrap();
    let events = dir.path().join("events.parquet");
    let mut frame = df!(
        "contact_id" => ["C1", "C2"],
        "timestamp" => [1_723_625_598i64, 1_723_625_598_123],
        "event_type" => ["page_view", "page_view"],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&events).unwrap())
        .finish(&mut frame)
        .unwrap();
    let data = load_dataset(
        &DataSources {
            contacts,
            deals: None,
            events: Some(events),
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let events = data.events.as_ref().unwrap();
    assert_eq!(events.latest_ms(), Some(1_723_625_598_123));
    assert_eq!(
        data.latest_date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-14")
    );
}

/// Repeated and empty header names (Excel's trailing commas, two "Email"
/// columns) load under names a user reads — "Email (2)", "column 5" — not
/// the reader's `_duplicated_0`, in memory and in the streamed slices.
#[test]
fn repeated_and_empty_header_names_read_as_people_name_them() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(
        &contacts,
        "Record ID,Email,,Email,\n1,a@x.com,p,b@gmail.com,\n2,c@y.com,q,d@y.com,\n",
    )
    .unwrap();
    let data = load_dataset(
        &DataSources {
            contacts: contacts.clone(),
            deals: None,
            events: None,
        },
        &LoadOptions::default(),
    )
    .unwrap();
    let names: Vec<String> = data
        .contacts
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    for expected in ["Record ID", "Email", "column 3", "Email (2)", "column 5"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(
        !names.iter().any(|n| n.contains("_duplicated_")),
        "{names:?}"
    );

    // A rule on the repeated column scores the same streamed as in memory.
    let rules = dir.path().join("rules.ron");
    std::fs::write(
        &rules,
        r#"RuleSet(format_version: 1, name: "t", fit: [Group(name: "G", rules: [Rule(name: "Gmail", condition: Text(field: "Email (2)", op: EndsWith("gmail.com")), points: 40)])], engagement: [], stages: Stages(mql_threshold: 30, sql_threshold: 60))"#,
    )
    .unwrap();
    let args = [
        "--rules",
        rules.to_str().unwrap(),
        "--contacts",
        contacts.to_str().unwrap(),
        "--as-of",
        "2025-01-01",
    ];
    let outputs: Vec<String> = super::cli::score_both_ways(&[&args], dir.path())
        .into_iter()
        .map(|(_, (_, output))| output)
        .collect();
    assert_eq!(outputs[0], outputs[1]);
    assert!(outputs[0].contains("40"), "{}", outputs[0]);
}
