//! Regular expressions with one meaning wherever they run.
//!
//! A `TextOp::Matches` pattern is written in the regex crate's syntax, but it
//! runs in our engine (polars, through the regex crate) and in five SQL
//! engines whose regex flavours disagree on `\b`, `\w`, `.`, `$` and case.
//! Rather than trust any engine's reading, [`translate`] parses the pattern
//! once and writes it out for each flavour with these semantics:
//!
//! - `\w \W \d \D \s \S`, `\b \B` and the POSIX classes (`[[:word:]]`) are
//!   ASCII: word = `[0-9A-Za-z_]`, digit = `[0-9]`, space = `[\t\n\x0B\x0C\r ]`.
//!   Unicode classes (`\p{L}`, `\pN`) keep their Unicode meaning.
//! - `.` is any character but `\n` (with the `s` flag: any character).
//! - `^` and `$` are the start and end of the whole text.
//! - Ignoring case is the regex crate's simple Unicode case folding, written
//!   out as explicit classes (`(?i)é` becomes `[Éé]`), so no engine's own case
//!   flag is ever used. The folding applies to every class, the ASCII ones
//!   too: `(?i)\w` also matches `ſ` (U+017F) and `K` (U+212A, Kelvin), as the
//!   regex crate's `(?i)[[:word:]]` does. Word boundaries do not fold.
//! - Only whether a match exists matters, so every repetition is written
//!   greedy and every group non-capturing.
//!
//! The output needs no flags: every character class is written out in
//! brackets, non-printable characters as escapes (raw for Snowflake, whose
//! SQL string literal escapes them).
//!
//! What each flavour refuses (a [`PatternError::Unsupported`]):
//!
//! - [`Flavor::Rust`]: nothing a valid pattern can hold (a pattern too big
//!   for the regex crate's size limit is refused when it is compiled).
//! - [`Flavor::Re2`]: multi-line anchors (`(?m)^`, `(?m)$`, also with `R`),
//!   word-start and word-end boundaries (`\b{start}`, `\<`, `\b{end}`, `\>`,
//!   `\b{start-half}`, `\b{end-half}`), `\B` in a pattern that can match the
//!   empty text (RE2 would find it between the bytes of an `é`), a
//!   repetition count above 1000, and nested counted repetitions whose
//!   counts multiply past 1000.
//! - [`Flavor::Java`]: CRLF-aware multi-line anchors (`(?mR)^`, `(?mR)$`).
//!   Multi-line anchors and word boundaries become lookarounds; `\B` and the
//!   half boundaries are guarded so that they never hold between the two
//!   halves of a surrogate pair, where Java also tries to match.
//! - [`Flavor::Postgres`]: CRLF-aware multi-line anchors, a repetition count
//!   above 255, a class that matches no character (`[^\x00-\x{10FFFF}]`).
//!   Multi-line anchors and word boundaries become lookarounds
//!   (lookbehind needs PostgreSQL 9.6 or later).
//! - [`Flavor::Snowflake`]: everything RE2 refuses but its count limits, a
//!   repetition count above 255, and a class that matches no character.
//!   Its classes never hold a backslash inside brackets (`[\\a]` is
//!   written `(\\|a)`), so they read the same as POSIX and as RE2 brackets.

mod ascii;
mod class;
mod emit;
mod look;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use regex_syntax::ast::parse::ParserBuilder as AstParserBuilder;
use regex_syntax::hir::Hir;
use regex_syntax::hir::translate::TranslatorBuilder;

/// Where a pattern runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// The regex crate (our engine, through polars).
    Rust,
    /// RE2: DuckDB and BigQuery.
    Re2,
    /// java.util.regex: Spark.
    Java,
    /// PostgreSQL's advanced regular expressions.
    Postgres,
    /// Snowflake: POSIX ERE with Perl's \d \s \w \b.
    Snowflake,
}

impl Flavor {
    /// Who runs this flavour, for messages ("Spark (Java)").
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Rust => "our engine",
            Flavor::Re2 => "DuckDB and BigQuery (RE2)",
            Flavor::Java => "Spark (Java)",
            Flavor::Postgres => "PostgreSQL",
            Flavor::Snowflake => "Snowflake",
        }
    }
}

/// Why a pattern cannot be written for a flavour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Not a valid pattern at all (the regex crate's last message line).
    #[error("the regular expression /{pattern}/ is invalid: {reason}")]
    Invalid {
        /// The pattern as the user wrote it.
        pattern: String,
        /// The last line of the regex crate's message ("error: unclosed group").
        reason: String,
    },
    /// Valid, but this flavour cannot express a construct in it.
    #[error(
        "the regular expression /{pattern}/ uses {construct}, which {flavor} cannot run the same way"
    )]
    Unsupported {
        /// The pattern as the user wrote it.
        pattern: String,
        /// The construct, in words ("a repetition count of 300 (at most 255)").
        construct: String,
        /// [`Flavor::name`] of the flavour.
        flavor: &'static str,
    },
}

/// A construct a flavour cannot express, in words (see [`PatternError`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refused(String);

/// `pattern` rewritten for `flavor` with the semantics above;
/// `case_insensitive` folds case as the regex crate does, written out.
pub fn translate(
    pattern: &str,
    case_insensitive: bool,
    flavor: Flavor,
) -> Result<String, PatternError> {
    let hir = ascii_hir(pattern, case_insensitive)?;
    emit::pattern(&hir, flavor).map_err(|Refused(construct)| PatternError::Unsupported {
        pattern: pattern.to_owned(),
        construct,
        flavor: flavor.name(),
    })
}

/// The pattern as a HIR whose Perl classes are ASCII and whose case folding
/// is written out; refused exactly as the regex crate refuses it.
fn ascii_hir(pattern: &str, case_insensitive: bool) -> Result<Hir, PatternError> {
    let invalid = |error: &dyn std::fmt::Display| PatternError::Invalid {
        pattern: pattern.to_owned(),
        reason: last_line(&error.to_string()),
    };
    // The regex crate's own parse first, so an invalid pattern gets the
    // message the user would get from the regex crate.
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map_err(|e| invalid(&e))?;
    let mut ast = AstParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| invalid(&e))?;
    ascii::perl_classes_to_ascii(&mut ast);
    TranslatorBuilder::new()
        .unicode(true)
        .utf8(true)
        .case_insensitive(case_insensitive)
        .build()
        .translate(pattern, &ast)
        .map_err(|e| invalid(&e))
}

/// The last line of a multi-line message (the regex crate's messages end
/// with the reason, after the pattern and a caret line).
fn last_line(message: &str) -> String {
    message
        .lines()
        .last()
        .unwrap_or("invalid")
        .trim()
        .to_owned()
}
