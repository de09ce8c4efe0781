//! Anchors and word boundaries, written for each flavour.
//!
//! Word boundaries are ASCII in every flavour, whichever the pattern asked
//! for. Java and PostgreSQL read `\b` differently from us (Java's is
//! Unicode-ish, PostgreSQL's is a backspace), so there a boundary is spelt
//! out as lookarounds on `[0-9A-Z_a-z]`; multi-line anchors likewise, as
//! lookarounds on `\n`. RE2 and Snowflake have no lookaround, so what their
//! `\b` and `\B` cannot say is refused.

use regex_syntax::hir::Look;

use super::class::{class, of_ranges};
use super::{Flavor, Refused};

/// A look-around assertion (anchor or word boundary) for `flavor`.
pub(super) fn look(look: Look, flavor: Flavor) -> Result<String, Refused> {
    match flavor {
        Flavor::Rust => Ok(rust(look).to_owned()),
        Flavor::Re2 | Flavor::Snowflake => perl_like(look, flavor),
        Flavor::Java | Flavor::Postgres => lookaround(look, flavor),
    }
}

/// The regex crate keeps every assertion; boundaries made ASCII.
fn rust(look: Look) -> &'static str {
    match look {
        Look::Start => r"\A",
        Look::End => r"\z",
        Look::StartLF => "(?m:^)",
        Look::EndLF => "(?m:$)",
        Look::StartCRLF => "(?mR:^)",
        Look::EndCRLF => "(?mR:$)",
        Look::WordAscii | Look::WordUnicode => r"(?-u:\b)",
        Look::WordAsciiNegate | Look::WordUnicodeNegate => r"(?-u:\B)",
        Look::WordStartAscii | Look::WordStartUnicode => r"(?-u:\b{start})",
        Look::WordEndAscii | Look::WordEndUnicode => r"(?-u:\b{end})",
        Look::WordStartHalfAscii | Look::WordStartHalfUnicode => r"(?-u:\b{start-half})",
        Look::WordEndHalfAscii | Look::WordEndHalfUnicode => r"(?-u:\b{end-half})",
    }
}

/// RE2 and Snowflake: their `\b` and `\B` are ASCII already; no lookaround
/// to build the rest from.
fn perl_like(look: Look, flavor: Flavor) -> Result<String, Refused> {
    let written = match (look, flavor) {
        (Look::Start, Flavor::Snowflake) => "^",
        (Look::End, Flavor::Snowflake) => "$",
        (Look::Start, _) => r"\A",
        (Look::End, _) => r"\z",
        (Look::WordAscii | Look::WordUnicode, _) => r"\b",
        (Look::WordAsciiNegate | Look::WordUnicodeNegate, _) => r"\B",
        _ => return Err(refused(look)),
    };
    Ok(written.to_owned())
}

/// Java and PostgreSQL: boundaries and multi-line anchors as lookarounds.
fn lookaround(look: Look, flavor: Flavor) -> Result<String, Refused> {
    let word = class(
        &of_ranges(&[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')]),
        flavor,
    )?;
    let not_newline = class(&of_ranges(&[('\0', '\t'), ('\u{B}', char::MAX)]), flavor)?;
    let mid_pair = MidPairGuard::of(flavor);
    let before = |set: &str| format!("(?<={set})");
    let not_before = |set: &str| format!("(?<!{set})");
    let after = |set: &str| format!("(?={set})");
    let not_after = |set: &str| format!("(?!{set})");
    Ok(match look {
        Look::Start => r"\A".to_owned(),
        Look::End if flavor == Flavor::Postgres => r"\Z".to_owned(),
        Look::End => r"\z".to_owned(),
        Look::StartLF => not_before(&not_newline),
        Look::EndLF => not_after(&not_newline),
        Look::WordAscii | Look::WordUnicode => format!(
            "(?:{}{}|{}{})",
            before(&word),
            not_after(&word),
            not_before(&word),
            after(&word)
        ),
        Look::WordAsciiNegate | Look::WordUnicodeNegate => format!(
            "(?:{}{}|{}{})",
            before(&word),
            after(&word),
            not_before(mid_pair.word_or_high_surrogate.unwrap_or(&word)),
            not_after(&word)
        ),
        Look::WordStartAscii | Look::WordStartUnicode => {
            format!("{}{}", not_before(&word), after(&word))
        }
        Look::WordEndAscii | Look::WordEndUnicode => {
            format!("{}{}", before(&word), not_after(&word))
        }
        Look::WordStartHalfAscii | Look::WordStartHalfUnicode => {
            not_before(mid_pair.word_or_high_surrogate.unwrap_or(&word))
        }
        Look::WordEndHalfAscii | Look::WordEndHalfUnicode => {
            format!("{}{}", mid_pair.not_mid_pair, not_after(&word))
        }
        Look::StartCRLF | Look::EndCRLF => return Err(refused(look)),
    })
}

/// Java tries a match at every UTF-16 unit, so also between the halves of a
/// surrogate pair (an emoji), where both neighbours are non-word characters
/// to its lookarounds. `\B` and the half boundaries would hold there; they
/// are guarded with a test that the previous unit is no high surrogate.
/// PostgreSQL works on whole characters and needs no guard.
struct MidPairGuard {
    /// The word class with the high surrogates, for a negative lookbehind.
    word_or_high_surrogate: Option<&'static str>,
    /// An assertion that fails between the halves of a pair.
    not_mid_pair: &'static str,
}

impl MidPairGuard {
    fn of(flavor: Flavor) -> MidPairGuard {
        match flavor {
            Flavor::Java => MidPairGuard {
                word_or_high_surrogate: Some(r"[0-9A-Z_a-z\x{D800}-\x{DBFF}]"),
                not_mid_pair: r"(?<![\x{D800}-\x{DBFF}])",
            },
            _ => MidPairGuard {
                word_or_high_surrogate: None,
                not_mid_pair: "",
            },
        }
    }
}

fn refused(look: Look) -> Refused {
    let construct = match look {
        Look::StartLF | Look::EndLF => "a multi-line anchor ((?m)^ or (?m)$)",
        Look::StartCRLF | Look::EndCRLF => "a CRLF-aware multi-line anchor ((?mR)^ or (?mR)$)",
        Look::WordStartAscii | Look::WordStartUnicode => r"a word-start boundary (\b{start} or \<)",
        Look::WordEndAscii | Look::WordEndUnicode => r"a word-end boundary (\b{end} or \>)",
        Look::WordStartHalfAscii | Look::WordStartHalfUnicode => {
            r"a half word boundary (\b{start-half})"
        }
        Look::WordEndHalfAscii | Look::WordEndHalfUnicode => r"a half word boundary (\b{end-half})",
        Look::Start | Look::End => "an anchor",
        Look::WordAscii | Look::WordUnicode | Look::WordAsciiNegate | Look::WordUnicodeNegate => {
            r"a word boundary (\b or \B)"
        }
    };
    Refused(construct.to_owned())
}
