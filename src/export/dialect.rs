//! What differs between SQL engines: quoting, escaping and a few functions.

use serde::{Deserialize, Serialize};

/// A SQL dialect of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dialect {
    /// PostgreSQL 12+.
    Postgres,
    /// DuckDB 1.x.
    DuckDb,
    /// Spark SQL 3.x.
    Spark,
    /// Google BigQuery (GoogleSQL).
    BigQuery,
    /// Snowflake.
    Snowflake,
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 5] = [
        Dialect::Postgres,
        Dialect::DuckDb,
        Dialect::Spark,
        Dialect::BigQuery,
        Dialect::Snowflake,
    ];

    /// Name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(name.trim()))
    }

    /// A quoted identifier: the name is data, never SQL.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::BigQuery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A table name: dotted parts (schema.table) are quoted one by one.
    pub fn table(self, name: &str) -> String {
        name.split('.')
            .map(|part| self.ident(part))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// A string literal: quotes (and, where the engine reads them, backslashes) escaped.
    pub fn string(self, value: &str) -> String {
        match self {
            Dialect::Spark | Dialect::BigQuery | Dialect::Snowflake => {
                let escaped = value
                    .replace('\\', "\\\\")
                    .replace('\'', "\\'")
                    .replace('\n', "\\n")
                    .replace('\r', "\\r");
                format!("'{escaped}'")
            }
            Dialect::Postgres | Dialect::DuckDb => format!("'{}'", value.replace('\'', "''")),
        }
    }

    /// A timestamp literal from milliseconds since 1970.
    pub fn timestamp(self, ms: i64) -> String {
        let text = chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M:%S%.3f").to_string())
            .unwrap_or_else(|| "1970-01-01 00:00:00".to_owned());
        format!("TIMESTAMP '{text}'")
    }

    /// Milliseconds since 1970 of a timestamp column.
    pub fn epoch_ms(self, column: &str) -> String {
        match self {
            Dialect::Postgres => format!("CAST(EXTRACT(EPOCH FROM {column}) * 1000 AS BIGINT)"),
            Dialect::DuckDb => format!("epoch_ms({column})"),
            Dialect::Spark => format!("unix_millis(CAST({column} AS TIMESTAMP))"),
            Dialect::BigQuery => format!("UNIX_MILLIS(TIMESTAMP({column}))"),
            Dialect::Snowflake => format!("DATE_PART(EPOCH_MILLISECOND, {column})"),
        }
    }

    /// The text type for casts.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark | Dialect::BigQuery => "STRING",
            _ => "VARCHAR",
        }
    }

    /// The 64-bit integer type.
    pub fn bigint(self) -> &'static str {
        match self {
            Dialect::BigQuery => "INT64",
            _ => "BIGINT",
        }
    }

    /// The 64-bit float type.
    pub fn double(self) -> &'static str {
        match self {
            Dialect::BigQuery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    /// `haystack` contains `needle` (a literal).
    pub fn contains(self, haystack: &str, needle: &str) -> String {
        match self {
            Dialect::Spark => format!("(INSTR({haystack}, {needle}) > 0)"),
            Dialect::Snowflake => format!("(POSITION({needle}, {haystack}) > 0)"),
            _ => format!("(STRPOS({haystack}, {needle}) > 0)"),
        }
    }

    /// A regular expression finds a match in `value` (pattern in Rust syntax).
    pub fn regex(self, value: &str, pattern: &str, case_insensitive: bool) -> String {
        match self {
            Dialect::Postgres => {
                // PostgreSQL's \b is a backspace; its word boundary is \y.
                let translated = pattern.replace("\\b", "\\y");
                let op = if case_insensitive { "~*" } else { "~" };
                format!("({value} {op} {})", self.string(&translated))
            }
            Dialect::Snowflake => {
                let flags = if case_insensitive { "'i'" } else { "'c'" };
                format!(
                    "(REGEXP_INSTR({value}, {}, 1, 1, 0, {flags}) > 0)",
                    self.string(pattern)
                )
            }
            _ => {
                let full = if case_insensitive {
                    format!("(?i){pattern}")
                } else {
                    pattern.to_owned()
                };
                match self {
                    Dialect::DuckDb => format!("regexp_matches({value}, {})", self.string(&full)),
                    Dialect::Spark => format!("({value} RLIKE {})", self.string(&full)),
                    _ => format!("REGEXP_CONTAINS({value}, {})", self.string(&full)),
                }
            }
        }
    }

    /// The domain of an email address (after the last `@`), NULL when there is none.
    pub fn email_domain(self, value: &str) -> String {
        let pattern = "@([^@]+)$";
        match self {
            Dialect::Postgres => format!("SUBSTRING({value} FROM {})", self.string(pattern)),
            Dialect::BigQuery => format!("REGEXP_EXTRACT({value}, {})", self.string(pattern)),
            Dialect::Snowflake => format!(
                "REGEXP_SUBSTR({value}, {}, 1, 1, 'e', 1)",
                self.string(pattern)
            ),
            Dialect::DuckDb | Dialect::Spark => {
                format!(
                    "NULLIF(regexp_extract({value}, {}, 1), '')",
                    self.string(pattern)
                )
            }
        }
    }
}
