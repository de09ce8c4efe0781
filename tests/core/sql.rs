//! The SQL export on real engines: DuckDB, PostgreSQL and Spark SQL must give
//! exactly the polars engine's scores and stages for every contact.
//!
//! The engines are driven by `tests/sql_engines.py`. Where an engine is not
//! installed the test says so loudly on stderr, and fails under CI (`CI` set),
//! where `.ci/run` installs all three.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use leadscore::data::{ColumnKind, Dataset};
use leadscore::engine::{Scores, score};
use leadscore::export::{Dialect, SqlOptions, export_sql};
use leadscore::model::{Condition, Group, Rule, RuleSet, TextOp, load_rule_set};
use polars::prelude::*;
use proptest::strategy::{Strategy, ValueTree};

use crate::engine::as_of;

struct Case {
    name: String,
    table: String,
    data: Dataset,
    rules: RuleSet,
    scores: Scores,
}

fn kind_name(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Text => "text",
        ColumnKind::Number => "number",
        ColumnKind::Bool => "bool",
        ColumnKind::Date => "date",
    }
}

fn events_frame(data: &Dataset) -> Option<DataFrame> {
    let events = &data.events.as_ref()?.to_frame().ok()?;
    let rows = events.column("row").ok()?.u32().ok()?.clone();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| data.ids[r.unwrap() as usize].as_str())
        .collect();
    let mut frame = DataFrame::new(
        events.height(),
        vec![
            Column::new("contact_id".into(), ids),
            events
                .column("ts")
                .unwrap()
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .unwrap()
                .with_name("timestamp".into()),
            events
                .column("type")
                .unwrap()
                .clone()
                .with_name("event_type".into()),
            events.column("detail").unwrap().clone(),
        ],
    )
    .unwrap();
    frame.rechunk_mut();
    Some(frame)
}

fn write_table(
    dir: &Path,
    name: &str,
    frame: &mut DataFrame,
    schema: &mut serde_json::Map<String, serde_json::Value>,
) {
    ParquetWriter::new(std::fs::File::create(dir.join(format!("{name}.parquet"))).unwrap())
        .finish(frame)
        .unwrap();
    CsvWriter::new(std::fs::File::create(dir.join(format!("{name}.csv"))).unwrap())
        .include_header(true)
        .with_datetime_format(Some("%Y-%m-%d %H:%M:%S%.3f".into()))
        .finish(frame)
        .unwrap();
    let columns: Vec<serde_json::Value> = frame
        .columns()
        .iter()
        .map(|c| {
            let kind = match c.dtype() {
                DataType::Boolean => "bool",
                DataType::Datetime(_, _) => "date",
                d if d.is_primitive_numeric() => "number",
                _ => "text",
            };
            serde_json::json!([c.name().as_str(), kind])
        })
        .collect();
    schema.insert(name.to_owned(), serde_json::Value::Array(columns));
}

fn options(dialect: Dialect, table: &str, data: &Dataset) -> SqlOptions {
    SqlOptions {
        dialect,
        contacts_table: format!("contacts_{table}"),
        id_column: data
            .roles
            .contacts
            .id
            .clone()
            .unwrap_or_else(|| "id".to_owned()),
        events_table: format!("events_{table}"),
        event_contact_column: "contact_id".to_owned(),
        event_time_column: "timestamp".to_owned(),
        event_type_column: "event_type".to_owned(),
        event_detail_column: Some("detail".to_owned()),
        as_of: data_as_of(data),
    }
}

fn data_as_of(data: &Dataset) -> chrono::NaiveDate {
    leadscore::engine::resolve_as_of(data, None)
        .min(as_of())
        .max(as_of())
}

fn run_engine(engine: &str, dialect: Dialect, cases: &[Case], work: &Path) {
    let queries = work.join("queries");
    let _ = std::fs::remove_dir_all(&queries);
    let _ = std::fs::remove_dir_all(work.join("results"));
    std::fs::create_dir_all(&queries).unwrap();
    for case in cases {
        let sql = export_sql(
            &case.rules,
            &case.data.schema,
            &options(dialect, &case.table, &case.data),
        )
        .unwrap();
        std::fs::write(queries.join(format!("{}.sql", case.name)), sql).unwrap();
    }
    let status = Command::new("python3")
        .arg("tests/sql_engines.py")
        .arg(engine)
        .arg(work)
        .status()
        .unwrap();
    if status.code() == Some(3) {
        let message = format!(
            "{engine} is not installed here: the SQL export was NOT checked on {engine} (.ci/run installs it)"
        );
        eprintln!("\n!!!!!!!! {message} !!!!!!!!\n");
        assert!(std::env::var_os("CI").is_none(), "{message}");
        return;
    }
    assert!(
        status.success(),
        "{engine} failed on the exported queries (see above)"
    );
    for case in cases {
        let path = work.join("results").join(format!("{}.csv", case.name));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut reader = text.lines();
        reader.next();
        let mut got: HashMap<String, Vec<String>> = HashMap::new();
        for line in reader {
            let fields = parse_csv_line(line);
            got.insert(fields[0].clone(), fields[1..].to_vec());
        }
        assert_eq!(
            got.len(),
            case.data.len(),
            "{engine} {}: one row per contact",
            case.name
        );
        for (row, id) in case.data.ids.iter().enumerate() {
            let s = &case.scores;
            let expected = vec![
                s.fit[row].to_string(),
                s.engagement[row].to_string(),
                s.total[row].to_string(),
                s.stage[row].label().to_owned(),
                s.grade_label(row).unwrap_or_default(),
            ];
            let actual = got
                .get(id)
                .unwrap_or_else(|| panic!("{engine} {}: no row for {id}", case.name));
            assert_eq!(
                actual, &expected,
                "{engine} {}: contact {id} (fit, engagement, score, stage, grade)",
                case.name
            );
        }
    }
}

fn parse_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

fn cases(work: &Path) -> Vec<Case> {
    let mut schema = serde_json::Map::new();
    let mut cases = Vec::new();
    // The sample history with the three sample rule sets.
    let sample = leadscore::data::load_dataset(
        &leadscore::data::DataSources {
            contacts: "sample_data/contacts.csv".into(),
            deals: Some("sample_data/deals.csv".into()),
            events: Some("sample_data/events.parquet".into()),
        },
        &Default::default(),
    )
    .unwrap();
    write_table(
        work,
        "contacts_sample",
        &mut sample.contacts.clone(),
        &mut schema,
    );
    write_table(
        work,
        "events_sample",
        &mut events_frame(&sample).unwrap(),
        &mut schema,
    );
    for name in ["current_production", "marketing_proposal", "sales_proposal"] {
        let rules = load_rule_set(Path::new(&format!("sample_data/{name}.ron"))).unwrap();
        let scores = score(&sample, &rules, data_as_of(&sample)).unwrap();
        cases.push(Case {
            name: name.to_owned(),
            table: "sample".into(),
            data: sample.clone(),
            rules,
            scores,
        });
    }
    // Random rule sets on random data (nulls, odd column names).
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let contacts = proptest::collection::vec(crate::engine::contact(), 80..81)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let events = proptest::collection::vec(crate::engine::event(), 300..301)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let mut random = crate::engine::dataset(&contacts, &events);
    random.roles.contacts.id = Some("id".into());
    write_table(
        work,
        "contacts_random",
        &mut random.contacts.clone(),
        &mut schema,
    );
    write_table(
        work,
        "events_random",
        &mut events_frame(&random).unwrap(),
        &mut schema,
    );
    for i in 0..30 {
        let rules = crate::engine::rule_set()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let scores = score(&random, &rules, as_of()).unwrap();
        cases.push(Case {
            name: format!("random_{i:02}"),
            table: "random".into(),
            data: random.clone(),
            rules,
            scores,
        });
    }
    // Hostile names and values: they must come out as data, never as SQL.
    let nasty_column = "job title\"; DROP TABLE x; --`'";
    let nasty_value = "O'Brien \\ \"x\" — Zoë";
    let frame = DataFrame::new(
        3,
        vec![
            Column::new("id".into(), ["a", "b", "c"]),
            Column::new(
                nasty_column.into(),
                [Some(nasty_value), Some("plain"), None],
            ),
        ],
    )
    .unwrap();
    let outcomes = leadscore::data::Outcomes {
        outcome: vec![leadscore::data::Outcome::None; 3],
        revenue: vec![0.0; 3],
        won_at_ms: vec![None; 3],
    };
    let mut nasty = Dataset::from_frames(frame, "id", outcomes, None).unwrap();
    nasty.roles.contacts.id = Some("id".into());
    write_table(
        work,
        "contacts_nasty",
        &mut nasty.contacts.clone(),
        &mut schema,
    );
    let rules = RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: None,
            rules: vec![Rule {
                name: "nasty'; --".into(),
                condition: Condition::Text {
                    field: nasty_column.into(),
                    op: TextOp::Equals(nasty_value.into()),
                    case_sensitive: true,
                },
                points: 7,
                ..Default::default()
            }],
        }],
        ..Default::default()
    };
    let scores = score(&nasty, &rules, as_of()).unwrap();
    assert_eq!(scores.total, vec![7, 0, 0]);
    cases.push(Case {
        name: "nasty".into(),
        table: "nasty".into(),
        data: nasty,
        rules,
        scores,
    });
    std::fs::write(
        work.join("schema.json"),
        serde_json::to_string(&schema).unwrap(),
    )
    .unwrap();
    let _ = kind_name;
    cases
}

#[test]
fn exported_sql_matches_the_engine_on_real_engines() {
    let dir = tempfile::tempdir().unwrap();
    // PostgreSQL runs as its own user and must read the files.
    let mut permissions = std::fs::metadata(dir.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(dir.path(), permissions).unwrap();
    let cases = cases(dir.path());
    run_engine("duckdb", Dialect::DuckDb, &cases, dir.path());
    run_engine("postgres", Dialect::Postgres, &cases, dir.path());
    run_engine("spark", Dialect::Spark, &cases, dir.path());
}

#[test]
fn identifiers_and_literals_are_escaped() {
    let d = Dialect::Postgres;
    assert_eq!(d.ident("a\"b"), "\"a\"\"b\"");
    assert_eq!(d.string("it's \\"), "'it''s \\'");
    assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
    assert_eq!(Dialect::Spark.string("it's \\"), "'it\\'s \\\\'");
    assert_eq!(Dialect::BigQuery.string("it's"), "'it\\'s'");
    assert_eq!(
        Dialect::Postgres.table("analytics.contacts"),
        "\"analytics\".\"contacts\""
    );
}

/// BigQuery and Snowflake cannot run here: their queries are compared with
/// golden files reviewed by hand. `LEADSCORE_UPDATE_GOLDEN=1 cargo test`
/// rewrites them after a deliberate change (review the diff).
#[test]
fn bigquery_and_snowflake_queries_match_reviewed_golden_files() {
    let data = leadscore::data::load_dataset(
        &leadscore::data::DataSources {
            contacts: "sample_data/contacts.csv".into(),
            deals: None,
            events: Some("sample_data/events.parquet".into()),
        },
        &Default::default(),
    )
    .unwrap();
    for name in ["marketing_proposal", "sales_proposal"] {
        let rules = load_rule_set(Path::new(&format!("sample_data/{name}.ron"))).unwrap();
        for dialect in [Dialect::BigQuery, Dialect::Snowflake] {
            let mut options = options(dialect, "x", &data);
            options.contacts_table = "crm.contacts".into();
            options.events_table = "crm.events".into();
            options.event_contact_column = data.roles.events.contact_id.clone().unwrap();
            options.event_time_column = data.roles.events.timestamp.clone().unwrap();
            options.event_type_column = data.roles.events.event_type.clone().unwrap();
            options.event_detail_column = data.roles.events.detail.clone();
            let sql = export_sql(&rules, &data.schema, &options).unwrap();
            let path = format!("tests/golden/{name}.{}.sql", dialect.name());
            if std::env::var_os("LEADSCORE_UPDATE_GOLDEN").is_some() {
                std::fs::write(&path, &sql).unwrap();
            }
            let golden = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                golden == sql,
                "{path} differs from the export; review and update with LEADSCORE_UPDATE_GOLDEN=1"
            );
        }
    }
}
