//! The SQL export on real engines, along the README's path: raw export →
//! `convert` (typed tables and a load script per warehouse) → the exported
//! query. DuckDB, PostgreSQL (standard_conforming_strings on and off, server
//! zone UTC and Tokyo), Spark (ANSI and escaped string literals on and off,
//! session zones UTC, New York and Kolkata) and Snowflake's emulator must
//! give exactly the polars engine's scores and stages for every contact;
//! BigQuery and Snowflake queries must parse with a real dialect parser.
//!
//! The engines are driven by `tests/sql_engines.py`. Where an engine is not
//! installed the test says so loudly on stderr, and fails under CI (`CI` set),
//! where `.ci/run` installs them all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use leadscore::data::{DataSources, Dataset, LoadOptions, Outcome, Outcomes, load_dataset};
use leadscore::engine::{Scores, resolve_as_of, score};
use leadscore::export::{
    Dialect, SqlOptions, TableNames, export_sql, load_script, load_script_name, write_tables,
};
use leadscore::model::{Condition, DateOp, Group, NumberOp, Rule, RuleSet, TextOp, load_rule_set};
use polars::prelude::*;
use proptest::strategy::{Strategy, ValueTree};

use crate::engine::as_of;

/// A history as a warehouse holds it: the tables of `convert`.
struct TableSet {
    name: String,
    /// What the engine scores.
    data: Dataset,
    /// What is written for the warehouse, when it differs from `data`
    /// (text padded with white space the loader would have trimmed).
    written: Option<Dataset>,
    /// The as-of date of the queries and the engine.
    as_of: chrono::NaiveDate,
}

struct Case {
    name: String,
    set: usize,
    rules: RuleSet,
    scores: Scores,
}

fn raw(contacts: &str, deals: Option<&str>, events: Option<&str>) -> Dataset {
    let sources = DataSources {
        contacts: contacts.into(),
        deals: deals.map(PathBuf::from),
        events: events.map(PathBuf::from),
    };
    load_dataset(&sources, &LoadOptions::default()).unwrap()
}

fn table_set(name: &str, data: Dataset) -> TableSet {
    let as_of = resolve_as_of(&data, None);
    TableSet {
        name: name.to_owned(),
        data,
        written: None,
        as_of,
    }
}

fn case(sets: &[TableSet], set: usize, name: &str, rules: RuleSet) -> Case {
    let scores = score(&sets[set].data, &rules, sets[set].as_of).unwrap();
    Case {
        name: name.to_owned(),
        set,
        rules,
        scores,
    }
}

fn text(field: &str, op: TextOp, case_sensitive: bool) -> Condition {
    Condition::Text {
        field: field.to_owned(),
        op,
        case_sensitive,
    }
}

fn rule(name: &str, condition: Condition, points: i64) -> Rule {
    Rule {
        name: name.to_owned(),
        condition,
        points,
        ..Default::default()
    }
}

fn fit(rules: Vec<Rule>) -> RuleSet {
    RuleSet {
        fit: vec![Group {
            name: "g".into(),
            cap: None,
            rules,
        }],
        ..Default::default()
    }
}

/// Values that break naive quoting on some engine under some setting.
const HOSTILE: &[&str] = &[
    "\\",
    "' OR TRUE OR '' = '",
    "\\' OR TRUE --",
    "'; DROP TABLE contacts_nasty; --",
    "$$ OR TRUE $$",
    "${env:HOME}",
    "O'Brien \\ \"x\" — Zoë",
    "a\\nb",
];

/// The bundled sample, a Salesforce-like export with placeholders and odd
/// dates, a header with quotes and SQL in it, random data padded with tabs
/// and Unicode spaces, and hostile values.
fn table_sets_and_cases() -> (Vec<TableSet>, Vec<Case>) {
    let mut sets = Vec::new();
    let mut cases = Vec::new();
    sets.push(table_set(
        "sample",
        raw(
            "sample_data/contacts.csv",
            Some("sample_data/deals.csv"),
            Some("sample_data/events.parquet"),
        ),
    ));
    for name in ["current_production", "marketing_proposal", "sales_proposal"] {
        let rules = load_rule_set(Path::new(&format!("sample_data/{name}.ron"))).unwrap();
        cases.push(case(&sets, 0, name, rules));
    }

    sets.push(table_set(
        "prospects",
        raw("tests/fixtures/own_data/prospects.csv", None, None),
    ));
    let prospects = fit(vec![
        rule(
            "leaders",
            text(
                "Job Title",
                TextOp::OneOf(vec!["CEO".into(), "VP Marketing".into()]),
                false,
            ),
            20,
        ),
        rule(
            "size",
            Condition::Number {
                field: "Number of Employees".into(),
                op: NumberOp::Ge(50.0),
            },
            10,
        ),
        rule(
            "recent",
            Condition::Date {
                field: "Create Date".into(),
                op: DateOp::WithinLastDays(60),
            },
            5,
        ),
        rule(
            "industry",
            text(
                "Industry",
                TextOp::Matches(r"^(retail|\bsoft\w*)".into()),
                false,
            ),
            7,
        ),
        rule(
            "no industry",
            Condition::IsEmpty {
                field: "Industry".into(),
            },
            -3,
        ),
    ]);
    cases.push(case(&sets, 1, "prospects", prospects));

    sets.push(table_set(
        "quoted",
        raw("tests/fixtures/own_data/quoted_header.csv", None, None),
    ));
    let column = "job title\"; DROP TABLE contacts; --";
    let quoted = fit(vec![rule(
        "nasty'; --",
        text(column, TextOp::Contains("\"sales\"".into()), false),
        7,
    )]);
    cases.push(case(&sets, 2, "quoted", quoted));

    let (random, padded) = random_tables();
    sets.push(TableSet {
        name: "random".into(),
        data: random,
        written: Some(padded),
        as_of: as_of(),
    });
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for i in 0..30 {
        let rules = crate::engine::rule_set()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        cases.push(case(&sets, 3, &format!("random_{i:02}"), rules));
    }

    // Regular expressions whose meaning differs between engines unless the
    // export enforces one flavour: word boundaries and classes beside
    // accents, white space other than spaces, case folding, `.` and `$`.
    let patterns = [
        r"\bintern\b",
        r"\bg\w+ral\b",
        r"\s",
        r"^\S+$",
        r"\d",
        r"(?i)É",
        r"É",
        r"^[a-zé ]+$",
        r"r&d$",
        r"^.{5,12}$",
        r"sales$",
        r"[^\w ]",
    ];
    let pattern_rules = patterns
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            [false, true].map(|case_sensitive| {
                rule(
                    &format!("/{p}/ {case_sensitive}"),
                    text("Job Title", TextOp::Matches((*p).into()), case_sensitive),
                    1 << (2 * i + usize::from(case_sensitive)),
                )
            })
        })
        .collect();
    cases.push(case(&sets, 3, "patterns", fit(pattern_rules)));

    sets.push(table_set("nasty", nasty_data()));
    sets.last_mut().unwrap().as_of = as_of();
    let value_rules = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, v)| {
            rule(
                &format!("{v} {i}"),
                text("value", TextOp::Equals((*v).into()), true),
                1 << i,
            )
        })
        .chain([
            rule(
                "one of",
                text(
                    "value",
                    TextOp::OneOf(HOSTILE.iter().map(|v| (*v).to_owned()).collect()),
                    false,
                ),
                1000,
            ),
            rule(
                "regex",
                text("value", TextOp::Matches(r"\\|'|\$\{".into()), false),
                2000,
            ),
        ])
        .collect();
    cases.push(case(&sets, 4, "nasty", fit(value_rules)));
    (sets, cases)
}

/// Random contacts and events (the engine's proptest strategies), and the
/// same with text padded at both ends with white space the loader trims.
fn random_tables() -> (Dataset, Dataset) {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let contacts = proptest::collection::vec(crate::engine::contact(), 120..121)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let events = proptest::collection::vec(crate::engine::event(), 400..401)
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let mut data = crate::engine::dataset(&contacts, &events);
    data.roles.contacts.id = Some("id".into());
    data.roles.events.detail = Some("detail".into());
    let pads = leadscore::data::parse::WHITE_SPACE;
    let mut frame = data.contacts.clone();
    for name in ["Job Title", "E-mail"] {
        let values = frame.column(name).unwrap().str().unwrap().clone();
        let padded: Vec<Option<String>> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.map(|v| {
                    let left = pads[i % pads.len()];
                    let right = pads[(i * 7 + 3) % pads.len()];
                    format!("{left}{v}{right}")
                })
            })
            .collect();
        frame
            .replace(name, Column::new(name.into(), padded))
            .unwrap();
    }
    let mut padded = data.clone();
    padded.contacts = frame;
    (data, padded)
}

fn nasty_data() -> Dataset {
    let mut values: Vec<Option<&str>> = HOSTILE.iter().map(|v| Some(*v)).collect();
    values.extend([Some("plain"), None]);
    let ids: Vec<String> = (0..values.len()).map(|i| format!("n{i}")).collect();
    let frame = DataFrame::new(
        values.len(),
        vec![
            Column::new("id".into(), ids),
            Column::new("value".into(), values.clone()),
        ],
    )
    .unwrap();
    let n = values.len();
    let outcomes = Outcomes {
        outcome: vec![Outcome::None; n],
        revenue: vec![0.0; n],
        won_at_ms: vec![None; n],
    };
    let mut data = Dataset::from_frames(frame, "id", outcomes, None).unwrap();
    data.roles.contacts.id = Some("id".into());
    data
}

/// Writes every table set as `convert` does, with its load scripts, and
/// every case's query per dialect.
fn prepare(work: &Path, sets: &[TableSet], cases: &[Case]) {
    for set in sets {
        let dir = work.join("tables").join(&set.name);
        std::fs::create_dir_all(&dir).unwrap();
        let written = set.written.as_ref().unwrap_or(&set.data);
        write_tables(written, &dir).unwrap();
        let names = TableNames {
            contacts: format!("contacts_{}", set.name),
            events: format!("events_{}", set.name),
            identifiers: None,
        };
        for dialect in Dialect::ALL {
            let script = load_script(dialect, written, &names, &dir);
            std::fs::write(dir.join(load_script_name(dialect)), script).unwrap();
        }
    }
    for case in cases {
        let ron = leadscore::model::to_ron(&case.rules).unwrap();
        std::fs::write(work.join(format!("{}.ron", case.name)), ron).unwrap();
    }
    for dialect in Dialect::ALL {
        let dir = work.join("queries").join(dialect.name());
        std::fs::create_dir_all(&dir).unwrap();
        for case in cases {
            let set = &sets[case.set];
            let options = SqlOptions::for_dataset(
                dialect,
                &set.data,
                &format!("contacts_{}", set.name),
                &format!("events_{}", set.name),
                set.as_of,
            );
            let sql = export_sql(&case.rules, &set.data.schema, &options).unwrap();
            std::fs::write(dir.join(format!("{}.sql", case.name)), sql).unwrap();
        }
    }
}

/// Runs one engine; false when it is not installed here (and not under CI).
fn run_engine(engine: &str, work: &Path) -> bool {
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
        return false;
    }
    assert!(status.success(), "{engine} failed (see above)");
    true
}

/// Every result file of `engine`'s runs (one folder per setting) against
/// the engine's scores; every case must have run under some setting.
fn compare(engine: &str, work: &Path, sets: &[TableSet], cases: &[Case]) {
    let results = work.join("results");
    let mut variants: Vec<PathBuf> = std::fs::read_dir(&results)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{engine}-"))
        })
        .collect();
    variants.sort();
    assert!(!variants.is_empty(), "{engine}: no results");
    for variant in &variants {
        let label = variant.file_name().unwrap().to_string_lossy().into_owned();
        let mut checked = 0;
        for case in cases {
            let path = variant.join(format!("{}.csv", case.name));
            if !path.exists() {
                continue;
            }
            compare_case(&label, &path, &sets[case.set].data, case);
            checked += 1;
        }
        assert!(checked > 0, "{label}: no case ran");
        eprintln!("{label}: {checked} queries give the engine's scores on every contact");
    }
    for case in cases {
        assert!(
            variants
                .iter()
                .any(|v| v.join(format!("{}.csv", case.name)).exists()),
            "{engine}: {} ran under no setting",
            case.name
        );
    }
}

fn compare_case(label: &str, path: &Path, data: &Dataset, case: &Case) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    lines.next();
    let mut got: HashMap<String, Vec<String>> = HashMap::new();
    for line in lines {
        let fields = parse_csv_line(line);
        got.insert(fields[0].clone(), fields[1..].to_vec());
    }
    assert_eq!(
        got.len(),
        data.len(),
        "{label} {}: one row per contact",
        case.name
    );
    for (row, id) in data.ids.iter().enumerate() {
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
            .unwrap_or_else(|| panic!("{label} {}: no row for {id}", case.name));
        assert_eq!(
            actual, &expected,
            "{label} {}: contact {id} (fit, engagement, score, stage, grade)",
            case.name
        );
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

/// A folder PostgreSQL (which runs as its own user) can read; kept under
/// `LEADSCORE_SQL_WORK` when that is set, to look at after a failure.
fn work_dir() -> tempfile::TempDir {
    let dir = match std::env::var_os("LEADSCORE_SQL_WORK") {
        Some(parent) => {
            std::fs::create_dir_all(&parent).unwrap();
            tempfile::Builder::new()
                .disable_cleanup(true)
                .tempdir_in(parent)
                .unwrap()
        }
        None => tempfile::tempdir().unwrap(),
    };
    let mut permissions = std::fs::metadata(dir.path()).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(dir.path(), permissions).unwrap();
    dir
}

#[test]
fn exported_sql_matches_the_engine_on_real_engines() {
    let dir = work_dir();
    let (sets, cases) = table_sets_and_cases();
    prepare(dir.path(), &sets, &cases);
    for engine in ["duckdb", "postgres", "spark", "snowflake"] {
        if run_engine(engine, dir.path()) {
            compare(engine, dir.path(), &sets, &cases);
        }
    }
    // BigQuery cannot run here: its queries (and Snowflake's) must at
    // least parse with sqlglot's parser for the dialect.
    run_engine("parse", dir.path());
}

/// The README's Spark path at scale: a generated history of 100,000
/// contacts with events, converted, loaded from Parquet and scored by
/// Spark SQL, every contact compared with the engine.
#[test]
fn spark_scores_a_hundred_thousand_contacts_like_the_engine() {
    let dir = work_dir();
    let generated = dir.path().join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    let mut history = leadscore::sample::generate(&leadscore::sample::SampleOptions {
        seed: 11,
        contacts: 100_000,
        ..Default::default()
    })
    .unwrap();
    leadscore::sample::write_history(&mut history, &generated).unwrap();
    let data = raw(
        generated.join("contacts.csv").to_str().unwrap(),
        Some(generated.join("deals.csv").to_str().unwrap()),
        Some(generated.join("events.parquet").to_str().unwrap()),
    );
    assert!(data.len() >= 100_000 && data.events.as_ref().unwrap().len() > 1_000_000);
    let sets = vec![table_set("big", data)];
    let cases: Vec<Case> = ["marketing_proposal", "sales_proposal"]
        .iter()
        .map(|name| {
            let rules = load_rule_set(Path::new(&format!("sample_data/{name}.ron"))).unwrap();
            case(&sets, 0, name, rules)
        })
        .collect();
    prepare(dir.path(), &sets, &cases);
    if run_engine("spark-big", dir.path()) {
        compare("spark", dir.path(), &sets, &cases);
    }
}

#[test]
fn identifiers_and_literals_are_escaped() {
    let d = Dialect::Postgres;
    assert_eq!(d.ident("a\"b"), "\"a\"\"b\"");
    // E'' reads the same whatever standard_conforming_strings says.
    assert_eq!(d.string("it's \\"), "E'it''s \\\\'");
    assert_eq!(
        Dialect::DuckDb.string("it's \\"),
        "concat('it', chr(39), 's \\')"
    );
    assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
    // No quote, backslash or $ between Spark's quotes.
    assert_eq!(
        Dialect::Spark.string("it's \\ ${x}"),
        "concat('it', chr(39), 's ', chr(92), ' ', chr(36), '{x}')"
    );
    assert_eq!(Dialect::Spark.string("plain é"), "'plain é'");
    assert_eq!(
        Dialect::BigQuery.string("it's\n\u{A0}\u{1}"),
        "'it\\'s\\u000A\\u00A0\\u0001'"
    );
    assert_eq!(
        Dialect::DuckDb.string("a\rb'"),
        "concat('a', chr(13), 'b', chr(39))"
    );
    assert_eq!(
        Dialect::Spark.string("\u{2028}"),
        "decode(unhex('E280A8'), 'UTF-8')"
    );
    assert_eq!(Dialect::Postgres.string("\t"), "E'\\u0009'");
    assert_eq!(Dialect::Snowflake.string("a\u{2028}b"), "'a\\u2028b'");
    assert_eq!(
        Dialect::Postgres.table("analytics.contacts"),
        "\"analytics\".\"contacts\""
    );
    use leadscore::export::IdentifierCase;
    assert_eq!(
        Dialect::Snowflake.table_as(
            "crm.contacts",
            IdentifierCase::default_for(Dialect::Snowflake)
        ),
        "\"CRM\".\"CONTACTS\""
    );
    assert_eq!(
        Dialect::Postgres.ident_as("Contact_ID", IdentifierCase::Lower),
        "\"contact_id\""
    );
}

/// A pattern a warehouse cannot run as the engine does is refused, naming
/// the rule and the warehouse; the other dialects still export it.
#[test]
fn a_pattern_a_warehouse_cannot_run_our_way_is_refused_by_name() {
    let data = nasty_data();
    let rules = fit(vec![rule(
        "Line starts",
        text("value", TextOp::Matches("(?m)^a".into()), false),
        5,
    )]);
    let export = |dialect| {
        let options = SqlOptions::for_dataset(dialect, &data, "c", "e", as_of());
        export_sql(&rules, &data.schema, &options)
    };
    let error = export(Dialect::DuckDb).unwrap_err().to_string();
    assert!(error.contains("rule \"Line starts\""), "{error}");
    assert!(error.contains("/(?m)^a/"), "{error}");
    assert!(error.contains("DuckDB and BigQuery (RE2)"), "{error}");
    assert!(export(Dialect::Snowflake).is_err());
    assert!(export(Dialect::Postgres).is_ok() && export(Dialect::Spark).is_ok());
}

/// BigQuery and Snowflake cannot run here: their queries are compared with
/// golden files reviewed by hand (and parsed, and Snowflake's run on its
/// emulator, above). `LEADSCORE_UPDATE_GOLDEN=1 cargo test` rewrites them
/// after a deliberate change (review the diff).
#[test]
fn bigquery_and_snowflake_queries_match_reviewed_golden_files() {
    let data = load_dataset(
        &DataSources {
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
            let options =
                SqlOptions::for_dataset(dialect, &data, "crm.contacts", "crm.events", as_of());
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
