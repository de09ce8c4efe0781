//! Numbers as people read them (thousands separators, percentages, money
//! amounts): one implementation for the command line, the exports and the
//! app; and user input as a message repeats it ([`echo`], [`one_line`]).

use std::fmt::Display;

/// Integer types that [`thousands`] accepts. Sealed: floats would print a
/// decimal point that the grouping does not expect.
pub trait Integer: Display + private::Sealed {}

mod private {
    /// Keeps [`super::Integer`] to the types listed here.
    pub trait Sealed {}
}

macro_rules! integers {
    ($($t:ty),*) => {
        $(
            impl private::Sealed for $t {}
            impl Integer for $t {}
        )*
    };
}

integers!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// `1234567` → `"1,234,567"`; negatives keep an ASCII minus: `"-1,500"`.
pub fn thousands(n: impl Integer) -> String {
    let text = n.to_string();
    match text.strip_prefix('-') {
        Some(digits) => format!("-{}", group_digits(digits)),
        None => group_digits(&text),
    }
}

/// Commas between groups of three in a string of digits (no sign, no
/// decimal point): `"1234"` → `"1,234"`. For callers that format the digits
/// themselves, such as rounded money amounts or their own minus sign.
pub fn group_digits(digits: &str) -> String {
    let length = digits.chars().count();
    let mut out = String::with_capacity(length + length / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (length - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `0.1234` → `"12.3%"`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// Revenue rounded to whole units with thousands separators and an ASCII
/// minus: `"-2,500"`. The data says nothing of the currency, so none is
/// printed.
pub fn money(amount: f64) -> String {
    let rounded = amount.round();
    let digits = group_digits(&format!("{:.0}", rounded.abs()));
    if rounded < 0.0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// Revenue short enough for a big number, three significant digits:
/// `"5.33 M"`, `"-812 K"`, `"2.50 B"`; under 10,000 as [`money`] writes it.
pub fn compact_money(amount: f64) -> String {
    let size = amount.abs();
    let sign = if amount.round() < 0.0 { "-" } else { "" };
    let (scaled, unit) = if size >= 1e9 {
        (size / 1e9, " B")
    } else if size >= 1e6 {
        (size / 1e6, " M")
    } else if size >= 1e4 {
        (size / 1e3, " K")
    } else {
        return money(amount);
    };
    let decimals = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    format!("{sign}{scaled:.decimals$}{unit}")
}

/// Longest piece of the user's input a message repeats whole; longer text
/// keeps its beginning and end around an ellipsis.
pub const ECHO_CHARS: usize = 80;

/// User input (a rule name, a column name, a value) as a message repeats
/// it: control characters, invisible format characters and line breaks
/// escaped (`\r`, `\u{1b}`), so that nothing read from a file can move the
/// cursor or recolour a terminal; over [`ECHO_CHARS`] characters, shortened
/// to its beginning and end around an ellipsis with the full length said.
pub fn echo(text: &str) -> String {
    let length = text.chars().count();
    if length <= ECHO_CHARS {
        return escape_controls(text);
    }
    let head: String = text.chars().take(ECHO_CHARS - 20).collect();
    let tail: String = text.chars().skip(length - 12).collect();
    format!(
        "{}…{} ({} characters)",
        escape_controls(&head),
        escape_controls(&tail),
        thousands(length)
    )
}

/// Every control character (C0, DEL, C1), bidirectional override and line
/// or paragraph separator written as an escape; other text unchanged.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{feff}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A message as one terminal line: line feeds become spaces, control
/// characters are escaped, and any run of text without a space longer than
/// twice [`ECHO_CHARS`] is shortened around an ellipsis — a
/// net under every message, for input a message repeats without
/// [`echo`].
pub fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(flat.len().min(4096));
    for (i, word) in flat.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.chars().count() > 2 * ECHO_CHARS {
            out.push_str(&echo(word));
        } else {
            out.push_str(&escape_controls(word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_one_safe_line() {
        let long = "z".repeat(100_000);
        let text = format!("no column \"No\0pe\u{1b}[2J{long}\"\nat line 3\r: x.csv");
        let line = one_line(&text);
        assert!(!line.chars().any(char::is_control), "{line}");
        assert!(
            line.starts_with("no column \"No\\u{0}pe\\u{1b}[2Jzzz"),
            "{line}"
        );
        assert!(
            line.ends_with("(100,011 characters) at line 3\\r: x.csv"),
            "{line}"
        );
        assert!(line.len() < 300, "{line}");
    }

    #[test]
    fn echoed_input_is_escaped_and_shortened() {
        assert_eq!(echo("Job Title"), "Job Title");
        assert_eq!(echo("a\u{1b}[31mred\r\0"), "a\\u{1b}[31mred\\r\\u{0}");
        assert_eq!(echo("x\u{202e}y\u{2028}"), "x\\u{202e}y\\u{2028}");
        let long = format!("{}{}", "a".repeat(1_000_000), "END");
        let shown = echo(&long);
        assert!(shown.starts_with(&"a".repeat(60)), "{shown}");
        assert!(
            shown.ends_with("aaaaaaaaaEND (1,000,003 characters)"),
            "{shown}"
        );
        assert!(shown.chars().count() < 120, "{shown}");
        assert_eq!(echo(&"é".repeat(80)), "é".repeat(80));
    }

    #[test]
    fn groups_counts() {
        assert_eq!(thousands(0usize), "0");
        assert_eq!(thousands(999u32), "999");
        assert_eq!(thousands(1_000u64), "1,000");
        assert_eq!(thousands(1_234_567usize), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn groups_negatives_after_the_sign() {
        assert_eq!(thousands(-1i64), "-1");
        assert_eq!(thousands(-999i32), "-999");
        assert_eq!(thousands(-1_000i64), "-1,000");
        assert_eq!(thousands(-123_456i64), "-123,456");
        assert_eq!(thousands(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn groups_digit_strings() {
        assert_eq!(group_digits(""), "");
        assert_eq!(group_digits("12"), "12");
        assert_eq!(group_digits("123456"), "123,456");
    }
}
