//! Characters and character classes, written for each flavour.
//!
//! A class is written as the shorter of its bracket expression and the
//! negation of its complement (`.` is `[^\n]`), with the characters each
//! flavour treats specially inside brackets escaped. Snowflake's POSIX
//! brackets know no escapes, so its classes are laid out instead; see
//! [`snowflake_class`].

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::{Flavor, Refused};

/// Characters that are operators outside brackets in every flavour but Rust
/// (whose list is [`regex_syntax::is_meta_character`]).
const OPERATORS: &str = "\\.+*?()|[]{}^$";

/// Characters a POSIX bracket expression reads specially, by position.
const POSIX_BRACKET_SPECIALS: [char; 5] = ['\\', ']', '[', '^', '-'];

/// One character outside brackets.
pub(super) fn literal(c: char, flavor: Flavor, out: &mut String) {
    let operator = match flavor {
        Flavor::Rust => regex_syntax::is_meta_character(c),
        Flavor::Re2 | Flavor::Java | Flavor::Postgres | Flavor::Snowflake => OPERATORS.contains(c),
    };
    if operator {
        out.push('\\');
        out.push(c);
    } else {
        plain(c, flavor, out);
    }
}

/// A class: a single character as a literal, otherwise a bracket expression.
pub(super) fn class(class: &ClassUnicode, flavor: Flavor) -> Result<String, Refused> {
    match class.ranges() {
        [] => empty_class(flavor),
        [only] if only.start() == only.end() => {
            let mut out = String::new();
            literal(only.start(), flavor, &mut out);
            Ok(out)
        }
        _ if flavor == Flavor::Snowflake => Ok(snowflake_class(class)),
        _ => Ok(bracket(class, flavor)),
    }
}

/// A class of ASCII characters from `(first, last)` ranges.
pub(super) fn of_ranges(ranges: &[(char, char)]) -> ClassUnicode {
    ClassUnicode::new(ranges.iter().map(|&(s, e)| ClassUnicodeRange::new(s, e)))
}

/// The class that matches nothing; RE2, Java and the regex crate accept an
/// empty complement of everything.
fn empty_class(flavor: Flavor) -> Result<String, Refused> {
    match flavor {
        Flavor::Rust | Flavor::Re2 | Flavor::Java => {
            let mut everything = ClassUnicode::empty();
            everything.negate();
            Ok(format!("[^{}]", items(&everything, flavor)))
        }
        Flavor::Postgres | Flavor::Snowflake => {
            Err(Refused("a class that matches no character".to_owned()))
        }
    }
}

/// `[..]` or `[^..]`, whichever lists fewer ranges.
fn bracket(class: &ClassUnicode, flavor: Flavor) -> String {
    let complement = complement(class);
    if is_shorter(&complement, class) {
        format!("[^{}]", items(&complement, flavor))
    } else {
        format!("[{}]", items(class, flavor))
    }
}

fn complement(class: &ClassUnicode) -> ClassUnicode {
    let mut complement = class.clone();
    complement.negate();
    complement
}

/// Whether the complement is worth writing negated (never when empty:
/// `[^]` is no class).
fn is_shorter(complement: &ClassUnicode, class: &ClassUnicode) -> bool {
    !complement.ranges().is_empty() && complement.ranges().len() < class.ranges().len()
}

/// The ranges of a class as bracket items (`a-z`, `xy`, `\-`).
fn items(class: &ClassUnicode, flavor: Flavor) -> String {
    let mut out = String::new();
    for range in class.ranges() {
        let (start, end) = (range.start(), range.end());
        in_bracket(start, flavor, &mut out);
        if end != start {
            if u32::from(end) != u32::from(start) + 1 {
                out.push('-');
            }
            in_bracket(end, flavor, &mut out);
        }
    }
    out
}

/// One character inside brackets.
fn in_bracket(c: char, flavor: Flavor, out: &mut String) {
    let special = match flavor {
        // `&&`, `--` and `~~` are set operations in the regex crate.
        Flavor::Rust => "\\[]^-&~",
        // `&&` is an intersection in Java.
        Flavor::Java => "\\[]^-&",
        Flavor::Re2 | Flavor::Postgres => "\\[]^-",
        // Laid out by position instead (see `snowflake_class`).
        Flavor::Snowflake => "",
    };
    if special.contains(c) {
        out.push('\\');
    }
    plain(c, flavor, out);
}

/// A character with no special meaning: itself, or an escape when it
/// cannot be seen.
fn plain(c: char, flavor: Flavor, out: &mut String) {
    if flavor == Flavor::Snowflake || !is_invisible(c) {
        out.push(c);
        return;
    }
    match (c, flavor) {
        ('\n', _) => out.push_str("\\n"),
        ('\t', _) => out.push_str("\\t"),
        ('\r', _) => out.push_str("\\r"),
        (_, Flavor::Postgres) if u32::from(c) <= 0xFFFF => {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
        (_, Flavor::Postgres) => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        _ => out.push_str(&format!("\\x{{{:X}}}", u32::from(c))),
    }
}

/// Control characters, spaces other than ` `, invisible formatting marks,
/// private-use and non-characters: written as escapes so a pattern reads.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            u32::from(c),
            0xAD | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0xFEFF
                | 0xE000..=0xF8FF
                | 0xFFF0..=0xFFFF
                | 0xE0000..
        )
}

/// A Snowflake class. POSIX brackets have no escapes: `]` must come first,
/// `-` last, `^` anywhere but first, `[` where no `.`, `=` or `:` follows it,
/// and a backslash cannot be written at all (RE2-like engines would read it
/// as an escape). A class holding a backslash is therefore negated, or
/// matches the backslash in an alternative outside the brackets.
fn snowflake_class(class: &ClassUnicode) -> String {
    let backslash = of_ranges(&[('\\', '\\')]);
    let complement = complement(class);
    if complement.ranges().is_empty() {
        // Everything: a backslash-free way to say it.
        return "(\n|[^\n])".to_owned();
    }
    let holds_backslash = holds(class, '\\');
    if holds_backslash && is_shorter(&complement, class) {
        return format!("[^{}]", posix_items(&complement, true));
    }
    if !holds_backslash {
        return format!("[{}]", posix_items(class, false));
    }
    let mut rest = class.clone();
    rest.difference(&backslash);
    let rest = match rest.ranges() {
        [only] if only.start() == only.end() => {
            let mut out = String::new();
            literal(only.start(), Flavor::Snowflake, &mut out);
            out
        }
        _ => format!("[{}]", posix_items(&rest, false)),
    };
    format!("(\\\\|{rest})")
}

/// The items of a backslash-free POSIX bracket, specials placed where they
/// mean themselves; `negated` when the caller writes `[^` before them.
fn posix_items(class: &ClassUnicode, negated: bool) -> String {
    let holds = |c: char| holds(class, c);
    let mut ordinary = class.clone();
    ordinary.difference(&ClassUnicode::new(
        POSIX_BRACKET_SPECIALS.map(|c| ClassUnicodeRange::new(c, c)),
    ));
    let mut out = String::new();
    if holds(']') {
        out.push(']');
    }
    out.push_str(&items(&ordinary, Flavor::Snowflake));
    if out.is_empty() && !negated && holds('^') {
        // `[^` would negate: put `[` or `-` before the caret.
        if !holds('[') {
            return "-^".to_owned();
        }
        out.push_str("[^");
        if holds('-') {
            out.push('-');
        }
        return out;
    }
    for c in ['^', '[', '-'] {
        if holds(c) {
            out.push(c);
        }
    }
    out
}

fn holds(class: &ClassUnicode, c: char) -> bool {
    class
        .ranges()
        .iter()
        .any(|r| r.start() <= c && c <= r.end())
}
