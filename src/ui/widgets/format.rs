//! Numbers as people read them on a projector.

/// 12345 → "12,345".
pub fn count(n: usize) -> String {
    group_thousands(&n.to_string())
}

/// A whole number with a typographic minus: "28", "−5", "1,200".
pub fn whole(n: i64) -> String {
    let digits = group_thousands(&n.unsigned_abs().to_string());
    if n < 0 {
        format!("−{digits}")
    } else {
        digits
    }
}

/// A signed whole number with its sign: "+12", "−3", "0".
pub fn signed_count(n: i64) -> String {
    let digits = group_thousands(&n.unsigned_abs().to_string());
    match n.signum() {
        1 => format!("+{digits}"),
        -1 => format!("−{digits}"),
        _ => digits,
    }
}

/// 0.1234 → "12.3%".
pub fn percent(share: f64) -> String {
    crate::format::percent(share)
}

/// Revenue rounded to whole units: "1,234,567", "−2,500".
pub fn money(amount: f64) -> String {
    typographic_minus(crate::format::money(amount))
}

/// Revenue short enough for a big number: "5.33 M", "−812 K", "950".
pub fn compact_money(amount: f64) -> String {
    typographic_minus(crate::format::compact_money(amount))
}

/// A difference with its sign and three decimals: "+0.014", "−0.006";
/// "0.000" when it rounds to nothing.
pub fn signed_decimal(x: f64) -> String {
    let text = format!("{x:+.3}");
    if text.trim_start_matches(['+', '-']) == "0.000" {
        return "0.000".to_owned();
    }
    typographic_minus(text)
}

/// The minus sign a screen shows, wider than a hyphen.
fn typographic_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

fn group_thousands(digits: &str) -> String {
    crate::format::group_digits(digits)
}

/// Text from the core with the arrows the default font lacks spelled out.
pub fn plain(text: &str) -> String {
    text.replace('\u{2192}', "->")
        .replace('\u{2190}', "<-")
        .replace('\u{2193}', "down")
        .replace('\u{2191}', "up")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(signed_count(-1_500), "−1,500");
        assert_eq!(signed_count(42), "+42");
        assert_eq!(money(-2_500.4), "−2,500");
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(compact_money(5_331_200.0), "5.33 M");
        assert_eq!(compact_money(-812_400.0), "−812 K");
        assert_eq!(compact_money(45_000.0), "45.0 K");
        assert_eq!(compact_money(9_500.0), "9,500");
        assert_eq!(compact_money(2.5e9), "2.50 B");
        assert_eq!(whole(-5), "−5");
        assert_eq!(whole(1_200), "1,200");
        assert_eq!(signed_decimal(0.0141), "+0.014");
        assert_eq!(signed_decimal(-0.0061), "−0.006");
        assert_eq!(signed_decimal(-0.0001), "0.000");
    }
}
