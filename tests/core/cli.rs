//! The command line, run as a user would.

use std::process::Command;

/// Runs the binary; success, standard output and standard error.
pub(crate) fn leadscore(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_leadscore"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The bundled sample, loaded as the command line loads it.
fn sample_dataset() -> leadscore::data::Dataset {
    let dir = leadscore::data::sample_data_dir();
    let sources = leadscore::data::DataSources {
        contacts: leadscore::data::find_table(&dir, "contacts").unwrap(),
        deals: leadscore::data::find_table(&dir, "deals"),
        events: leadscore::data::find_table(&dir, "events"),
    };
    leadscore::data::load_dataset(&sources, &leadscore::data::LoadOptions::default()).unwrap()
}

#[test]
fn simulate_compares_against_a_baseline_on_the_sample_data() {
    let (ok, out, err) = leadscore(&[
        "simulate",
        "--rules",
        "sample_data/marketing_proposal.ron",
        "--baseline",
        "sample_data/current_production.ron",
    ]);
    assert!(ok, "{err}");
    for expected in [
        "Simulation of \"Marketing proposal\"",
        "SQL",
        "MQL",
        "Against baseline \"Current production\"",
        "Demo request",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    let (ok, json, err) = leadscore(&[
        "simulate",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    // The figures are the library's on the same data and rule set.
    let data = sample_dataset();
    let rules =
        leadscore::model::load_rule_set(std::path::Path::new("sample_data/sales_proposal.ron"))
            .unwrap();
    let as_of = leadscore::engine::resolve_as_of(&data, None);
    let scores = leadscore::engine::score(&data, &rules, as_of).unwrap();
    let summary = leadscore::analysis::summarize(&scores, &data.outcomes);
    assert_eq!(value["as_of"], as_of.to_string());
    // Both through JSON text, so both numbers are parsed the same way.
    let library: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&summary).unwrap()).unwrap();
    assert_eq!(
        value["summary"], library,
        "the JSON summary is the library's"
    );
    assert_eq!(value["summary"]["contacts"], data.len());
    let staged: u64 = value["summary"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(staged, data.len() as u64, "every contact has one stage");
    let (ok, md, _) = leadscore(&[
        "simulate",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--format",
        "markdown",
    ]);
    assert!(ok);
    assert!(md.contains("| stage |"), "{md}");
}

#[test]
fn failures_are_one_line_with_a_non_zero_exit() {
    let (ok, _, err) = leadscore(&[
        "simulate",
        "--rules",
        "../shared/bad_inputs/rules_bad_syntax.ron",
    ]);
    assert!(!ok);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("rules_bad_syntax.ron") && err.contains("line"),
        "{err}"
    );
    let (ok, _, err) = leadscore(&[
        "check",
        "--rules",
        "sample_data/current_production.ron",
        "--contacts",
        "../shared/bad_inputs/binary_garbage.csv",
    ]);
    assert!(!ok);
    assert!(
        err.contains("not a CSV file") && err.contains("binary_garbage.csv"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn check_reports_rule_problems_against_data() {
    let (ok, out, err) = leadscore(&[
        "check",
        "--rules",
        "sample_data/marketing_proposal.ron",
        "--contacts",
        "../shared/bad_inputs/messy_numbers.csv",
    ]);
    assert!(!ok, "the sample rules do not fit that file");
    assert!(out.contains("no column \"Seniority\""), "{out}");
    assert!(err.contains("error"), "{err}");
}

#[test]
fn score_writes_csv_and_parquet() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["scores.csv", "scores.parquet"] {
        let path = dir.path().join(name);
        let (ok, _, err) = leadscore(&[
            "score",
            "--rules",
            "sample_data/sales_proposal.ron",
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
        assert!(path.metadata().unwrap().len() > 1000);
    }
    let csv = std::fs::read_to_string(dir.path().join("scores.csv")).unwrap();
    assert!(
        csv.starts_with("id,fit,engagement,score,stage,grade,matched_rules"),
        "{}",
        &csv[..100]
    );
}

#[test]
fn backtest_sweep_and_evidence_run_on_the_sample_data() {
    let (ok, out, err) = leadscore(&[
        "backtest",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--baseline",
        "sample_data/current_production.ron",
        "--cutoff",
        "2025-07-01",
        "--horizon-days",
        "90",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Cutoff 2025-07-01") && out.contains("not yet customers"),
        "{out}"
    );
    let (ok, out, err) = leadscore(&[
        "backtest",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--rolling",
        "monthly",
        "--format",
        "markdown",
    ]);
    assert!(ok, "{err}");
    // One table row per monthly cutoff the data allows.
    let data = sample_dataset();
    let (first, last) = leadscore::analysis::default_cutoff_range(&data, 90).unwrap();
    let months = leadscore::analysis::cutoffs(first, last, leadscore::analysis::Step::Monthly);
    assert!(months.len() >= 12);
    for cutoff in &months {
        assert_eq!(
            out.matches(&format!("| {cutoff} |")).count(),
            1,
            "one row for {cutoff}: {out}"
        );
    }
    let (ok, out, err) = leadscore(&[
        "sweep",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--capacity",
        "100",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Capacity 100 leads/month → SQL threshold"),
        "{out}"
    );
    let (ok, json, err) = leadscore(&[
        "evidence",
        "--rules",
        "sample_data/marketing_proposal.ron",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value["candidates"].as_array().unwrap().len() >= 5);
    assert!(value["rules"][0]["suggested_points"].is_i64());
}

#[test]
fn export_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("rules.json");
    let (ok, _, err) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    // The JSON imports back to the same rule set.
    let back = leadscore::model::load_rule_set(&json).unwrap();
    let original =
        leadscore::model::load_rule_set(std::path::Path::new("sample_data/sales_proposal.ron"))
            .unwrap();
    assert_eq!(back, original);
    let (ok, ron, _) = leadscore(&["export", "--rules", json.to_str().unwrap(), "--to", "ron"]);
    assert!(ok);
    assert_eq!(leadscore::model::from_ron(&ron).unwrap(), original);
    for dialect in ["postgres", "duckdb", "spark", "bigquery", "snowflake"] {
        let (ok, sql, err) = leadscore(&[
            "export",
            "--rules",
            "sample_data/sales_proposal.ron",
            "--to",
            "sql",
            "--dialect",
            dialect,
        ]);
        assert!(ok, "{dialect}: {err}");
        assert!(
            sql.contains("WITH") && sql.contains("AS stage"),
            "{dialect}"
        );
    }
    let (ok, _, err) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sql",
        "--dialect",
        "oracle",
    ]);
    assert!(!ok && err.contains("unknown dialect \"oracle\""), "{err}");
    let (ok, md, err) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sla-md",
    ]);
    assert!(ok, "{err}");
    for expected in [
        "MQL from 40 points",
        "| SQL |",
        "Senior revenue leader",
        "per month",
        "Sign-off",
    ] {
        assert!(md.contains(expected), "{expected} missing in\n{md}");
    }
    let (ok, html, _) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sla-html",
    ]);
    assert!(ok);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<td>Senior revenue leader</td>"));
    // With the baseline and the proposals, every rule says where it came
    // from; a missing file stops before the data is read, naming the file.
    let (ok, md, err) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sla-md",
        "--baseline",
        "sample_data/current_production.ron",
        "--proposal",
        "sample_data/marketing_proposal.ron",
        "--proposal",
        "sample_data/sales_proposal.ron",
    ]);
    assert!(ok, "{err}");
    assert!(
        md.contains("| Senior revenue leader |") && md.contains("| from Sales proposal |"),
        "{md}"
    );
    assert!(md.contains("the baseline (Current production)"), "{md}");
    let (ok, _, err) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sla-md",
        "--proposal",
        "no_such_proposal.ron",
    ]);
    assert!(!ok && err.contains("no_such_proposal.ron"), "{err}");
}

#[test]
fn streamed_scoring_equals_in_memory_scoring() {
    let dir = tempfile::tempdir().unwrap();
    let data = leadscore::data::load_dataset(
        &leadscore::data::DataSources {
            contacts: "sample_data/contacts.csv".into(),
            deals: None,
            events: Some("sample_data/events.parquet".into()),
        },
        &Default::default(),
    )
    .unwrap();
    let typed = dir.path().join("contacts.parquet");
    let mut frame = data.contacts.clone();
    polars::prelude::ParquetWriter::new(std::fs::File::create(&typed).unwrap())
        .finish(&mut frame)
        .unwrap();
    // Typed Parquet, and the raw CSV export itself ("3,915", placeholders,
    // dates to detect): slices of 1,500 rows hold fewer values than decide a
    // column's type, so the types come from the whole column, as in memory.
    // Without events the rows to keep are decided slice by slice: a copy of
    // the export with a repeated and a missing id checks that.
    let repeated = dir.path().join("repeated.csv");
    let text = std::fs::read_to_string("sample_data/contacts.csv").unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let copy = lines[2].clone();
    let no_id = format!(",{}", lines[3].split_once(',').unwrap().1);
    lines.push(copy);
    lines.insert(5000, no_id);
    std::fs::write(&repeated, lines.join("\n")).unwrap();
    let cases = [
        (
            typed.to_str().unwrap(),
            "marketing_proposal",
            "3000",
            "in 4 slices",
        ),
        (
            "sample_data/contacts.csv",
            "marketing_proposal",
            "1500",
            "in 7 slices",
        ),
        (
            repeated.to_str().unwrap(),
            "current_production",
            "1500",
            "in 7 slices",
        ),
    ];
    for (contacts, rules, batch_rows, slices) in cases {
        let with_events = rules != "current_production";
        let rules = format!("sample_data/{rules}.ron");
        let out = dir.path().join("streamed.csv");
        let whole = dir.path().join("whole.csv");
        let score = |extra: &[&str], out: &std::path::Path| {
            let mut args = vec![
                "score",
                "--rules",
                &rules,
                "--contacts",
                contacts,
                "--out",
                out.to_str().unwrap(),
            ];
            if with_events {
                args.extend(["--events", "sample_data/events.parquet"]);
            }
            args.extend_from_slice(extra);
            leadscore(&args)
        };
        let (ok, _, err) = score(&["--batch-rows", batch_rows], &out);
        assert!(ok, "{err}");
        assert!(err.contains(slices), "{err}");
        if !with_events {
            assert!(err.contains("appear more than once"), "{err}");
            assert!(err.contains("without a contact id"), "{err}");
        }
        let (ok, _, err) = score(&["--in-memory"], &whole);
        assert!(ok, "{err}");
        let streamed = std::fs::read_to_string(&out).unwrap();
        let in_memory = std::fs::read_to_string(&whole).unwrap();
        assert_eq!(streamed.lines().count(), data.len() + 1, "{contacts}");
        assert_eq!(streamed, in_memory, "{contacts}");
        assert!(
            err.contains("as of 2025-12-31"),
            "the default as-of date is the data's latest: {err}"
        );
    }
}

/// A table with a header and no rows, and CSV text named `.parquet`: the
/// streamed output and notes are those of a whole load.
#[test]
fn streamed_scoring_of_odd_files_says_what_a_whole_load_says() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("nothing.ron");
    std::fs::write(&rules, "RuleSet(format_version: 1, name: \"Nothing\")\n").unwrap();
    for (file, note) in [
        ("header_only.csv", "the table has no rows"),
        (
            "csv_named_parquet.parquet",
            "named .parquet but holds CSV text",
        ),
    ] {
        let contacts = format!("../shared/bad_inputs/{file}");
        let mut outputs = Vec::new();
        for mode in [None, Some("--in-memory")] {
            let out = dir.path().join(format!("{file}-{}.csv", mode.is_some()));
            let mut args = vec![
                "score",
                "--rules",
                rules.to_str().unwrap(),
                "--contacts",
                &contacts,
                "--out",
                out.to_str().unwrap(),
            ];
            args.extend(mode);
            let (ok, _, err) = leadscore(&args);
            assert!(ok, "{err}");
            assert!(err.contains(note), "{file} {mode:?}: {err}");
            outputs.push(std::fs::read_to_string(&out).unwrap());
        }
        assert!(outputs[0].starts_with("id,fit,engagement,score,stage,grade,matched_rules"));
        assert_eq!(outputs[0], outputs[1], "{file}");
    }
}

#[test]
fn the_committed_sample_data_is_what_the_generator_makes() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = leadscore(&[
        "sample",
        "--seed",
        "42",
        "--contacts",
        "10000",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    for name in ["contacts.csv", "deals.csv", "events.parquet"] {
        let fresh = std::fs::read(dir.path().join(name)).unwrap();
        let committed = std::fs::read(std::path::Path::new("sample_data").join(name)).unwrap();
        assert!(
            fresh == committed,
            "sample_data/{name} is stale: run `leadscore sample --seed 42 --contacts 10000 --out sample_data`"
        );
    }
}

/// `simulate --format json` on the three sample rule sets gives the figures
/// recorded in tests/golden/simulate/ — recorded with the program before the
/// core was restructured, so the restructuring changed no number.
#[test]
fn simulate_json_matches_the_recorded_figures() {
    for name in ["current_production", "marketing_proposal", "sales_proposal"] {
        let rules = format!("sample_data/{name}.ron");
        let (ok, json, err) = leadscore(&[
            "simulate",
            "--rules",
            &rules,
            "--baseline",
            "sample_data/current_production.ron",
            "--format",
            "json",
        ]);
        assert!(ok, "{name}: {err}");
        let golden = format!("tests/golden/simulate/{name}.json");
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&golden).unwrap()).unwrap();
        let actual: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(actual, expected, "{name} differs from {golden}");
    }
}

/// `convert` turns the raw sample into typed tables ("3,915" a number,
/// dates UTC timestamps) and a load script per warehouse, whose names the
/// exported query reads; the scripts follow `--identifiers` and the tables.
#[test]
fn convert_writes_typed_tables_and_a_load_script_per_warehouse() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("warehouse");
    let (ok, _, err) = leadscore(&[
        "convert",
        "--contacts",
        "sample_data/contacts.csv",
        "--events",
        "sample_data/events.parquet",
        "--contacts-table",
        "crm.contacts",
        "--events-table",
        "crm.events",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("10000 contacts and 165131 events"), "{err}");
    let contacts = ParquetReader::new(std::fs::File::open(out.join("contacts.parquet")).unwrap())
        .finish()
        .unwrap();
    assert_eq!(contacts.height(), 10_000);
    let employees = contacts.column("Number of Employees").unwrap();
    assert_eq!(employees.dtype(), &DataType::Float64);
    let ids = contacts.column("Record ID").unwrap().str().unwrap().clone();
    let row = ids.iter().position(|id| id == Some("100127")).unwrap();
    assert_eq!(
        employees.f64().unwrap().get(row),
        Some(3915.0),
        "\"3,915\" read"
    );
    assert!(matches!(
        contacts.column("Create Date").unwrap().dtype(),
        DataType::Datetime(_, None)
    ));
    let postgres = std::fs::read_to_string(out.join("load_postgres.sql")).unwrap();
    assert!(
        postgres.contains("CREATE TABLE \"crm\".\"contacts\" ("),
        "{postgres}"
    );
    assert!(postgres.contains("\"Number of Employees\" DOUBLE PRECISION"));
    assert!(postgres.contains("\"Create Date\" TIMESTAMPTZ"));
    assert!(postgres.contains("\\copy \"crm\".\"events\" FROM 'events.csv'"));
    let csv = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().contains("+00:00,"),
        "zone written"
    );
    let snowflake = std::fs::read_to_string(out.join("load_snowflake.sql")).unwrap();
    assert!(
        snowflake.contains("CREATE TABLE \"CRM\".\"CONTACTS\""),
        "{snowflake}"
    );
    assert!(snowflake.contains("\"NUMBER OF EMPLOYEES\" DOUBLE"));
    assert!(snowflake.contains("MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"));
    let spark = std::fs::read_to_string(out.join("load_spark.sql")).unwrap();
    let full = std::path::absolute(out.join("events.parquet")).unwrap();
    assert!(spark.contains(&*full.to_string_lossy()), "{spark}");
    for name in [
        "load_duckdb.sql",
        "load_bigquery.sh",
        "events.parquet",
        "contacts.csv",
    ] {
        assert!(out.join(name).exists(), "{name}");
    }
    // The Snowflake query reads the names the script created.
    let (ok, sql, err) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sql",
        "--dialect",
        "snowflake",
        "--contacts-table",
        "crm.contacts",
        "--events-table",
        "crm.events",
        "--contacts",
        "sample_data/contacts.csv",
        "--events",
        "sample_data/events.parquet",
    ]);
    assert!(ok, "{err}");
    assert!(sql.contains("FROM \"CRM\".\"CONTACTS\""), "{sql}");
    assert!(sql.contains("\"RECORD ID\""));
    // --identifiers exact keeps the files' names.
    let (ok, sql, _) = leadscore(&[
        "export",
        "--rules",
        "sample_data/sales_proposal.ron",
        "--to",
        "sql",
        "--dialect",
        "snowflake",
        "--identifiers",
        "exact",
        "--contacts",
        "sample_data/contacts.csv",
        "--events",
        "sample_data/events.parquet",
    ]);
    assert!(ok);
    assert!(sql.contains("FROM \"contacts\"") && sql.contains("\"Record ID\""));
    let (ok, _, err) = leadscore(&[
        "export",
        "--rules",
        "x.ron",
        "--to",
        "sql",
        "--identifiers",
        "camel",
    ]);
    assert!(
        !ok && err.contains("\"camel\" is not exact, upper or lower"),
        "{err}"
    );
}

/// What the cleaning changed goes into the warehouse tables, so `convert`
/// says it: rows dropped as duplicates, values it could not read.
#[test]
fn convert_says_what_the_cleaning_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let (ok, _, err) = leadscore(&[
        "convert",
        "--contacts",
        "../shared/bad_inputs/messy_numbers.csv",
        "--out",
        out,
    ]);
    assert!(ok, "{err}");
    assert!(
        err.contains(
            "1 value of \"employees\" cannot be read as number (left empty in the tables)"
        ),
        "{err}"
    );
    assert!(err.contains("5 contacts and 0 events"), "{err}");
    let (ok, _, err) = leadscore(&[
        "convert",
        "--contacts",
        "../shared/bad_inputs/duplicate_ids.csv",
        "--out",
        out,
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("dropped 2 rows"), "{err}");
}

/// Hostile names (a 70,000-character header, a rule named with terminal
/// escapes, a 100,000-character field) end in readable lines: tables and
/// messages escape control characters and shorten long input, and the last
/// line names both the rule set's file and the rule.
#[test]
fn hostile_names_are_shown_escaped_and_shortened() {
    let dir = tempfile::tempdir().unwrap();
    let long_header = dir.path().join("long_header.csv");
    std::fs::write(
        &long_header,
        format!("Record ID,{}\n1,2\n", "x".repeat(70_000)),
    )
    .unwrap();
    let (ok, out, err) = leadscore(&["check", "--contacts", long_header.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("(70,000 characters)"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 300), "{out}");

    let rules = dir.path().join("hostile.ron");
    let field = format!("No\\u{{0}}pe\\u{{1b}}[2J{}", "z".repeat(100_000));
    std::fs::write(
        &rules,
        format!(
            r#"RuleSet(format_version: 1, name: "o", fit: [Group(name: "G", rules: [Rule(name: "a\u{{1b}}[31mred\r", condition: Number(field: "{field}", op: Gt(0.0)), points: 5)])], engagement: [], stages: Stages(mql_threshold: 50, sql_threshold: 80))"#
        ),
    )
    .unwrap();
    for command in ["check", "simulate"] {
        let (ok, out, err) = leadscore(&[command, "--rules", rules.to_str().unwrap()]);
        assert!(!ok);
        for text in [&out, &err] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\0') && !text.contains('\r'),
                "{text:?}"
            );
            assert!(
                text.lines().all(|l| l.chars().count() < 600),
                "{command}: {text}"
            );
        }
        let last = err.trim_end().lines().last().unwrap();
        assert!(
            last.ends_with("hostile.ron"),
            "{command}: the file last: {last}"
        );
        assert!(
            last.contains(r"a\u{1b}[31mred\r"),
            "{command}: the rule named: {last}"
        );
    }
}

/// DECIMAL Parquet columns score as numbers, streamed as in memory, and a
/// run prints nothing from the libraries (no deprecation warnings).
#[test]
fn decimal_parquet_contacts_score_alike_streamed_and_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("size.ron");
    std::fs::write(
        &rules,
        "RuleSet(format_version: 1, name: \"Size\", fit: [Group(name: \"G\", rules: [\
         Rule(name: \"big\", condition: Number(field: \"Number of Employees\", op: Gt(100.0)), points: 60),\
         Rule(name: \"rich\", condition: Number(field: \"Annual Revenue\", op: Gt(10.0)), points: 30)])], \
         engagement: [], stages: Stages(mql_threshold: 50, sql_threshold: 80))",
    )
    .unwrap();
    let mut outputs = Vec::new();
    for mode in [Some("--stream"), Some("--in-memory")] {
        let out = dir
            .path()
            .join(format!("{}.csv", mode.unwrap_or("default")));
        let mut args = vec![
            "score",
            "--rules",
            rules.to_str().unwrap(),
            "--contacts",
            "tests/fixtures/parquet/decimal_contacts.parquet",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(mode);
        let (ok, _, err) = leadscore(&args);
        assert!(ok, "{err}");
        assert!(
            !err.contains("Deprecation") && !err.contains("internal error"),
            "{err}"
        );
        outputs.push(std::fs::read_to_string(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    let scores: Vec<&str> = outputs[0]
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(scores, ["0", "90", "0", "0", "90", "0"], "{}", outputs[0]);
}

/// A damaged Parquet file that made the reader panic fails with one line
/// naming the file: the panic hook stays quiet for the guarded reader.
#[test]
fn a_damaged_parquet_file_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("events.parquet");
    let mut bytes = std::fs::read("sample_data/events.parquet").unwrap();
    let len = bytes.len();
    // A byte of the footer that made the reader index out of range.
    bytes[len - 658] = 0x7F;
    std::fs::write(&damaged, &bytes).unwrap();
    let (ok, _, err) = leadscore(&[
        "simulate",
        "--rules",
        "sample_data/marketing_proposal.ron",
        "--events",
        damaged.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let last = err.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("leadscore: error: the Parquet file is damaged"),
        "{err}"
    );
    assert!(last.ends_with(damaged.to_str().unwrap()), "{err}");
}

/// Without a date anywhere in the data, every path scores as of today and
/// says so in one line; with dates, streamed and in-memory runs take the
/// latest date in the data, not today.
#[test]
fn the_as_of_date_is_the_same_on_every_path_and_said_when_it_is_today() {
    let dir = tempfile::tempdir().unwrap();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(&contacts, "Contact ID,Title\n1,VP Sales\n2,Intern\n").unwrap();
    let rules = dir.path().join("rules.ron");
    std::fs::write(
        &rules,
        r#"RuleSet(format_version: 1, name: "t", fit: [Group(name: "G", rules: [Rule(name: "VP", condition: Text(field: "Title", op: StartsWith("VP")), points: 50)])], engagement: [], stages: Stages(mql_threshold: 30, sql_threshold: 60))"#,
    )
    .unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    let with_rules = ["--rules", rules.to_str().unwrap()];
    let with_contacts = ["--contacts", contacts.to_str().unwrap()];
    for (in_memory, (err, _)) in score_both_ways(&[&with_rules, &with_contacts], dir.path()) {
        let notes: Vec<&str> = err.lines().filter(|l| l.contains("as of today")).collect();
        assert_eq!(notes.len(), 1, "in memory {in_memory}: {err}");
        assert!(
            notes[0].contains(&today) && notes[0].contains("--as-of"),
            "{err}"
        );
    }
    // The sample has dates: both paths take the latest, 2025-12-31, and
    // say nothing of today.
    let sample = ["--rules", "sample_data/marketing_proposal.ron"];
    for (in_memory, (err, _)) in score_both_ways(&[&sample], dir.path()) {
        assert!(!err.contains("as of today"), "{err}");
        if !in_memory {
            assert!(err.contains("as of 2025-12-31"), "{err}");
        }
    }
}

/// Runs `score` streamed and `--in-memory` with the same arguments into
/// `dir`: for each, whether in memory, its standard error and its output.
pub(crate) fn score_both_ways(
    args: &[&[&str]],
    dir: &std::path::Path,
) -> Vec<(bool, (String, String))> {
    [false, true]
        .into_iter()
        .map(|in_memory| {
            let out = dir.join(format!("both-ways-{in_memory}.csv"));
            let mut all: Vec<&str> = vec!["score"];
            all.extend(args.iter().flat_map(|a| a.iter().copied()));
            all.extend(["--out", out.to_str().unwrap()]);
            if in_memory {
                all.push("--in-memory");
            }
            let (ok, _, err) = leadscore(&all);
            assert!(ok, "{err}");
            (in_memory, (err, std::fs::read_to_string(&out).unwrap()))
        })
        .collect()
}
