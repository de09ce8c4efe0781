//! What differs between SQL engines: quoting, escaping and a few functions.

use serde::{Deserialize, Serialize};

use crate::model::{Flavor, PatternError, translate};

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

/// The letter case of table and column names in the warehouse. Names are
/// always quoted (they are data, never SQL), and a quoted name matches only
/// its exact case where the warehouse stores names written without quotes
/// in upper case (Snowflake) or lower case (PostgreSQL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdentifierCase {
    /// As in the files (tables created with quoted names, or by a loader
    /// that keeps the case).
    Exact,
    /// In upper case: Snowflake tables created with unquoted names.
    Upper,
    /// In lower case: PostgreSQL tables created with unquoted names.
    Lower,
}

impl IdentifierCase {
    /// Every choice.
    pub const ALL: [IdentifierCase; 3] = [
        IdentifierCase::Exact,
        IdentifierCase::Upper,
        IdentifierCase::Lower,
    ];

    /// What works on tables created the usual way: upper case for Snowflake
    /// (and for the tables `convert` describes for it), the files' own case
    /// elsewhere (DuckDB, Spark and BigQuery match column names in any case).
    pub fn default_for(dialect: Dialect) -> IdentifierCase {
        match dialect {
            Dialect::Snowflake => IdentifierCase::Upper,
            _ => IdentifierCase::Exact,
        }
    }

    /// Name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            IdentifierCase::Exact => "exact",
            IdentifierCase::Upper => "upper",
            IdentifierCase::Lower => "lower",
        }
    }

    /// Parses a command-line name.
    pub fn from_name(name: &str) -> Option<IdentifierCase> {
        IdentifierCase::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name.trim()))
    }

    /// `name` in this case.
    pub fn apply(self, name: &str) -> String {
        match self {
            IdentifierCase::Exact => name.to_owned(),
            IdentifierCase::Upper => name.to_uppercase(),
            IdentifierCase::Lower => name.to_lowercase(),
        }
    }
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
        self.table_as(name, IdentifierCase::Exact)
    }

    /// A quoted identifier in the letter case the tables were created with.
    pub fn ident_as(self, name: &str, case: IdentifierCase) -> String {
        self.ident(&case.apply(name))
    }

    /// A table name in the letter case the tables were created with.
    pub fn table_as(self, name: &str, case: IdentifierCase) -> String {
        name.split('.')
            .map(|part| self.ident_as(part, case))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// A string literal that reads the same under every setting of the
    /// engine, with no raw control character or line separator in the
    /// query text (editors and tools rewrite those): PostgreSQL's `E'…'`
    /// whatever `standard_conforming_strings` says; BigQuery's and
    /// Snowflake's backslash escapes; in DuckDB and Spark the special
    /// characters come from functions (`chr()`), so in Spark neither
    /// `spark.sql.parser.escapedStringLiterals` nor variable substitution
    /// (`${…}`) can change the value.
    pub fn string(self, value: &str) -> String {
        match self {
            Dialect::Postgres => {
                let mut out = String::from("E'");
                for c in value.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("''"),
                        c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
            Dialect::DuckDb => concat_string(
                value,
                '\'',
                |c| needs_escape(c) || c == '\'',
                |c| format!("chr({})", c as u32),
            ),
            Dialect::Spark => concat_string(
                value,
                '\'',
                |c| needs_escape(c) || matches!(c, '\'' | '\\' | '$'),
                spark_char,
            ),
            Dialect::BigQuery | Dialect::Snowflake => {
                let mut out = String::with_capacity(value.len() + 2);
                out.push('\'');
                for c in value.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("\\'"),
                        c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                out
            }
        }
    }

    /// `expr` with every Unicode white-space character (what the loader's
    /// and the engine's trim remove: tabs, line breaks, no-break and other
    /// Unicode spaces) removed from both ends. SQL's plain `TRIM` removes
    /// spaces only. Trimming by a set is slow (DuckDB: 0.4 s per million
    /// values), so a value that begins and ends with a printable ASCII
    /// character, as nearly all do, is taken as it is.
    pub fn trim(self, expr: &str) -> String {
        let set: String = crate::data::parse::WHITE_SPACE.iter().collect();
        let set = self.string(&set);
        let trimmed = match self {
            Dialect::Postgres => format!("BTRIM({expr}, {set})"),
            Dialect::Spark => format!("TRIM(BOTH {set} FROM {expr})"),
            Dialect::DuckDb | Dialect::BigQuery | Dialect::Snowflake => {
                format!("TRIM({expr}, {set})")
            }
        };
        // The code of a first character: ASCII() is a code point in
        // PostgreSQL, DuckDB and Spark; BigQuery and Snowflake say UNICODE().
        let code = match self {
            Dialect::BigQuery | Dialect::Snowflake => "UNICODE",
            _ => "ASCII",
        };
        format!(
            "CASE WHEN {code}({expr}) BETWEEN 33 AND 126 AND {code}(RIGHT({expr}, 1)) BETWEEN 33 AND 126 \
             THEN {expr} ELSE {trimmed} END"
        )
    }

    /// Milliseconds since 1970 of a date or timestamp column, read in UTC
    /// whatever the session's time zone: a value without a zone (a date, a
    /// timestamp without time zone) is a UTC wall clock, a value with one is
    /// its instant. The README lists the column types per dialect.
    pub fn epoch_ms(self, column: &str) -> String {
        match self {
            // EXTRACT(EPOCH …) is nominal for date and timestamp and the
            // instant for timestamptz: never the session's zone.
            Dialect::Postgres => format!("CAST(EXTRACT(EPOCH FROM {column}) * 1000 AS BIGINT)"),
            // The same holds for DuckDB's epoch_ms.
            Dialect::DuckDb => format!("epoch_ms({column})"),
            // A TIMESTAMP is an instant. Anything else (TIMESTAMP_NTZ, DATE,
            // text) is read as a UTC wall clock by giving it an explicit "Z":
            // a plain CAST would use the session's zone.
            Dialect::Spark => format!(
                "CASE WHEN typeof({column}) = 'timestamp' THEN unix_millis(CAST({column} AS TIMESTAMP)) \
                 ELSE unix_millis(CAST(concat(CAST(CAST({column} AS TIMESTAMP_NTZ) AS STRING), 'Z') AS TIMESTAMP)) END"
            ),
            // TIMESTAMP() takes no TIMESTAMP; CAST takes DATE and DATETIME
            // (both read in UTC) and TIMESTAMP.
            Dialect::BigQuery => format!("UNIX_MILLIS(CAST({column} AS TIMESTAMP))"),
            // DATE_PART(EPOCH_…) refuses a DATE; a TIMESTAMP_NTZ is a UTC
            // wall clock.
            Dialect::Snowflake => {
                format!("DATE_PART(EPOCH_MILLISECOND, TO_TIMESTAMP_NTZ({column}))")
            }
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

    /// The regular-expression flavour of this dialect.
    pub fn flavor(self) -> Flavor {
        match self {
            Dialect::Postgres => Flavor::Postgres,
            Dialect::DuckDb | Dialect::BigQuery => Flavor::Re2,
            Dialect::Spark => Flavor::Java,
            Dialect::Snowflake => Flavor::Snowflake,
        }
    }

    /// A regular expression (in the rule set's syntax) finds a match in
    /// `value`, with the one meaning [`translate`] gives it, written out
    /// for this dialect: no engine flag is used.
    pub fn regex(
        self,
        value: &str,
        pattern: &str,
        case_insensitive: bool,
    ) -> Result<String, PatternError> {
        let pattern = self.string(&translate(pattern, case_insensitive, self.flavor())?);
        Ok(match self {
            Dialect::Postgres => format!("({value} ~ {pattern})"),
            Dialect::Snowflake => format!("(REGEXP_INSTR({value}, {pattern}) > 0)"),
            Dialect::DuckDb => format!("regexp_matches({value}, {pattern})"),
            Dialect::Spark => format!("({value} RLIKE {pattern})"),
            Dialect::BigQuery => format!("REGEXP_CONTAINS({value}, {pattern})"),
        })
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

/// Characters no literal holds raw: control characters and line separators
/// (which tools rewrite), and white space other than the space (which no
/// reader can see).
fn needs_escape(c: char) -> bool {
    c.is_control() || (c.is_whitespace() && c != ' ')
}

/// A literal of the plain runs of `value` joined by `concat` with the
/// special characters, each written by `special_char`.
fn concat_string(
    value: &str,
    quote: char,
    special: impl Fn(char) -> bool,
    special_char: impl Fn(char) -> String,
) -> String {
    if !value.contains(&special) {
        return format!("{quote}{value}{quote}");
    }
    let mut parts = Vec::new();
    let mut plain = String::new();
    for c in value.chars() {
        if special(c) {
            if !plain.is_empty() {
                parts.push(format!("{quote}{}{quote}", std::mem::take(&mut plain)));
            }
            parts.push(special_char(c));
        } else {
            plain.push(c);
        }
    }
    if !plain.is_empty() {
        parts.push(format!("{quote}{plain}{quote}"));
    }
    if parts.len() == 1 {
        return parts.remove(0);
    }
    format!("concat({})", parts.join(", "))
}

/// One character in Spark: `chr()` takes a code below 256; beyond, the
/// UTF-8 bytes are decoded.
fn spark_char(c: char) -> String {
    let code = c as u32;
    if code < 256 {
        return format!("chr({code})");
    }
    let mut bytes = [0u8; 4];
    let hex: String = c
        .encode_utf8(&mut bytes)
        .bytes()
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("decode(unhex('{hex}'), 'UTF-8')")
}
