//! A HIR written back as a pattern for one flavour.
//!
//! Groups never capture (only whether a match exists matters), repetitions
//! are always greedy, and a sub-expression is grouped only where the
//! flavour's grammar needs it.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition};

use super::class::{class, literal};
use super::look::look;
use super::{Flavor, Refused};

/// RE2's limit on a repetition count, and on the product of nested counts.
const RE2_MAX_REPEAT: u32 = 1000;

/// PostgreSQL's and POSIX's `RE_DUP_MAX`.
const POSIX_MAX_REPEAT: u32 = 255;

/// `hir` written for `flavor`.
pub(super) fn pattern(hir: &Hir, flavor: Flavor) -> Result<String, Refused> {
    if flavor == Flavor::Re2 && !fits_re2_repeat_budget(hir, RE2_MAX_REPEAT) {
        return Err(Refused(format!(
            "nested repetition counts whose product exceeds {RE2_MAX_REPEAT}"
        )));
    }
    if matches!(flavor, Flavor::Re2 | Flavor::Snowflake) && empty_match_may_split_a_character(hir) {
        return Err(Refused(
            r"\B in a pattern that can match the empty text".to_owned(),
        ));
    }
    expr(hir, flavor)
}

/// RE2 (and, we assume, Snowflake) tries an empty match at every byte, also
/// inside a multi-byte character, where `\B` holds (both neighbours are
/// non-word bytes). Only a match that can be empty can start there.
fn empty_match_may_split_a_character(hir: &Hir) -> bool {
    let properties = hir.properties();
    let looks = properties.look_set();
    properties.minimum_len() == Some(0)
        && (looks.contains(Look::WordAsciiNegate) || looks.contains(Look::WordUnicodeNegate))
}

fn expr(hir: &Hir, flavor: Flavor) -> Result<String, Refused> {
    match hir.kind() {
        HirKind::Empty => Ok(group("", flavor)),
        HirKind::Literal(text) => literal_text(&text.0, flavor),
        HirKind::Class(Class::Unicode(chars)) => class(chars, flavor),
        HirKind::Class(Class::Bytes(bytes)) => class(&ascii_chars(bytes)?, flavor),
        HirKind::Look(assertion) => look(*assertion, flavor),
        HirKind::Repetition(repetition) => repeat(repetition, flavor),
        // Captures are transparent: whoever holds one groups it if needed.
        HirKind::Capture(capture) => expr(&capture.sub, flavor),
        HirKind::Concat(parts) => {
            let mut out = String::new();
            for part in parts {
                let written = expr(part, flavor)?;
                if matches!(uncaptured(part).kind(), HirKind::Alternation(_)) {
                    out.push_str(&group(&written, flavor));
                } else {
                    out.push_str(&written);
                }
            }
            Ok(out)
        }
        HirKind::Alternation(branches) => {
            let written: Result<Vec<String>, Refused> =
                branches.iter().map(|b| expr(b, flavor)).collect();
            Ok(written?.join("|"))
        }
    }
}

/// A non-capturing group (Snowflake's POSIX grammar has only `(..)`).
fn group(inner: &str, flavor: Flavor) -> String {
    match flavor {
        Flavor::Snowflake => format!("({inner})"),
        _ => format!("(?:{inner})"),
    }
}

/// The expression under any number of capture groups.
fn uncaptured(mut hir: &Hir) -> &Hir {
    while let HirKind::Capture(capture) = hir.kind() {
        hir = &capture.sub;
    }
    hir
}

fn literal_text(bytes: &[u8], flavor: Flavor) -> Result<String, Refused> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Refused("bytes that are not UTF-8".to_owned()));
    };
    let mut out = String::new();
    text.chars().for_each(|c| literal(c, flavor, &mut out));
    Ok(out)
}

/// A byte class as characters: in UTF-8 mode the regex crate only lets
/// ASCII byte classes through (`(?-u:[a-z])`).
fn ascii_chars(bytes: &regex_syntax::hir::ClassBytes) -> Result<ClassUnicode, Refused> {
    if !bytes.is_ascii() {
        return Err(Refused("a byte class beyond ASCII".to_owned()));
    }
    Ok(ClassUnicode::new(bytes.ranges().iter().map(|r| {
        ClassUnicodeRange::new(char::from(r.start()), char::from(r.end()))
    })))
}

fn repeat(repetition: &Repetition, flavor: Flavor) -> Result<String, Refused> {
    let sub = &repetition.sub;
    // An assertion holds at a position or not, however often it is repeated;
    // PostgreSQL refuses to quantify one, so none is ever quantified.
    if sub.properties().maximum_len() == Some(0) {
        return match repetition.min {
            0 => Ok(group("", flavor)),
            _ => expr(sub, flavor),
        };
    }
    check_counts(repetition, flavor)?;
    let written = expr(sub, flavor)?;
    let atom = if is_atom(uncaptured(sub)) {
        written
    } else {
        group(&written, flavor)
    };
    Ok(format!(
        "{atom}{}",
        quantifier(repetition.min, repetition.max)
    ))
}

/// Whether a quantifier may follow the written expression directly.
fn is_atom(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Class(_) => true,
        HirKind::Literal(text) => {
            std::str::from_utf8(&text.0).is_ok_and(|t| t.chars().count() == 1)
        }
        HirKind::Look(_)
        | HirKind::Repetition(_)
        | HirKind::Capture(_)
        | HirKind::Concat(_)
        | HirKind::Alternation(_) => false,
    }
}

fn quantifier(min: u32, max: Option<u32>) -> String {
    match (min, max) {
        (0, None) => "*".to_owned(),
        (1, None) => "+".to_owned(),
        (0, Some(1)) => "?".to_owned(),
        (m, None) => format!("{{{m},}}"),
        (m, Some(n)) if m == n => format!("{{{m}}}"),
        (m, Some(n)) => format!("{{{m},{n}}}"),
    }
}

/// Refuses a count the flavour's engine would refuse.
fn check_counts(repetition: &Repetition, flavor: Flavor) -> Result<(), Refused> {
    let limit = match flavor {
        Flavor::Re2 => RE2_MAX_REPEAT,
        Flavor::Postgres | Flavor::Snowflake => POSIX_MAX_REPEAT,
        Flavor::Rust | Flavor::Java => return Ok(()),
    };
    let largest = repetition.max.unwrap_or(repetition.min).max(repetition.min);
    if largest > limit {
        return Err(Refused(format!(
            "a repetition count of {largest} (at most {limit})"
        )));
    }
    Ok(())
}

/// RE2 divides a budget of 1000 by each enclosing count (`x{m,n}` counts
/// `n`, `x{m,}` counts `m`; `*`, `+` and `?` count nothing) and refuses the
/// pattern when it reaches zero.
fn fits_re2_repeat_budget(hir: &Hir, budget: u32) -> bool {
    // Repeated assertions are written once (see `repeat`).
    if hir.properties().maximum_len() == Some(0) {
        return true;
    }
    let budget = match hir.kind() {
        HirKind::Repetition(r) if is_counted(r) => match r.max.unwrap_or(r.min) {
            0 => budget,
            count => budget / count,
        },
        _ => budget,
    };
    budget > 0
        && hir
            .kind()
            .subs()
            .iter()
            .all(|sub| fits_re2_repeat_budget(sub, budget))
}

/// Whether a repetition is written with braces.
fn is_counted(repetition: &Repetition) -> bool {
    !matches!(
        (repetition.min, repetition.max),
        (0, None) | (1, None) | (0, Some(1))
    )
}
