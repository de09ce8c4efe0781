//! Numbers as people read them (thousands separators, percentages, money
//! amounts): one implementation for the command line, the exports and the
//! app.

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

#[cfg(test)]
mod tests {
    use super::*;

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
