//! Reading the values of messy exports: numbers with separators and
//! suffixes, dates in the formats CRMs write, yes/no flags, placeholders.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// Values that mean "no value" in real exports, compared in lower case.
pub(crate) const PLACEHOLDERS: &[&str] = &[
    "",
    "n/a",
    "na",
    "#n/a",
    "null",
    "none",
    "nil",
    "-",
    "--",
    "select",
    "(none)",
    "undefined",
    "?",
];

/// Every character Rust's `trim` (and so the loader and the engine) removes
/// from the ends of a value: the Unicode White_Space property. The SQL
/// export trims exactly these.
pub const WHITE_SPACE: &[char] = &[
    '\t', '\n', '\u{B}', '\u{C}', '\r', ' ', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
];

/// The expression "this lower-case value is a placeholder": a chain of
/// comparisons, which polars evaluates much faster than `is_in` on text.
pub fn placeholder_expr(lower: polars::prelude::Expr) -> polars::prelude::Expr {
    use polars::prelude::lit;
    PLACEHOLDERS
        .iter()
        .map(|p| lower.clone().eq(lit(*p)))
        .reduce(|a, b| a.or(b))
        .unwrap_or_else(|| lit(false))
}

/// Whether a trimmed value is a placeholder for "missing".
pub fn is_placeholder(value: &str) -> bool {
    let trimmed = value.trim();
    trimmed.len() <= 9 && PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(trimmed))
}

/// The normal form that text conditions compare: trimmed, lower case.
pub fn normalize_text(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Reads a number the way exports write it: `1,000`, `$5,000`, `1.5M`,
/// `12%`, ` 42 `, `7e6`. `500+` and words are not numbers.
pub fn parse_number(value: &str) -> Option<f64> {
    let plain = |b: u8| b.is_ascii_digit() || b"+-.eE".contains(&b);
    if !value.is_empty() && value.bytes().all(plain) {
        // Most numbers are plain: nothing to strip.
        return value.parse::<f64>().ok().filter(|x| x.is_finite());
    }
    let mut s = value.trim();
    for symbol in ["$", "€", "£", "¥"] {
        s = s.strip_prefix(symbol).unwrap_or(s).trim();
        s = s.strip_suffix(symbol).unwrap_or(s).trim();
    }
    s = s.strip_suffix('%').unwrap_or(s);
    let (body, multiplier) = match s.chars().last() {
        Some('k' | 'K') => (&s[..s.len() - 1], 1e3),
        Some('M') => (&s[..s.len() - 1], 1e6),
        Some('B' | 'b') => (&s[..s.len() - 1], 1e9),
        _ => (s, 1.0),
    };
    let body = body.trim();
    let cleaned;
    let body = if has_thousands_separators(body) {
        cleaned = body.replace(',', "");
        cleaned.as_str()
    } else {
        body
    };
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    body.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(|x| x * multiplier)
}

/// `1,000` or `-12,345,678.5`: groups of three digits after the first comma.
fn has_thousands_separators(s: &str) -> bool {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    let integer = unsigned.split('.').next().unwrap_or("");
    let mut groups = integer.split(',');
    let Some(first) = groups.next() else {
        return false;
    };
    if !integer.contains(',') || first.is_empty() || first.len() > 3 {
        return false;
    }
    first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a yes/no flag.
pub fn parse_bool(value: &str) -> Option<bool> {
    let value = value.trim();
    let is = |words: [&str; 4]| words.iter().any(|w| w.eq_ignore_ascii_case(value));
    if is(["true", "yes", "y", "t"]) {
        Some(true)
    } else if is(["false", "no", "n", "f"]) {
        Some(false)
    } else {
        None
    }
}

/// The day order of a date column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateFormat {
    /// `2025-03-04`, with optional time and zone (ISO 8601).
    Iso,
    /// `3/4/2025 13:05`: month first (US exports).
    MonthFirst,
    /// `4/3/2025`, `4.3.2025`: day first.
    DayFirst,
    /// Seconds (or milliseconds) since 1970.
    Epoch,
}

impl DateFormat {
    /// Every format, in the order they are tried.
    pub const ALL: [DateFormat; 4] = [
        DateFormat::Iso,
        DateFormat::MonthFirst,
        DateFormat::DayFirst,
        DateFormat::Epoch,
    ];

    /// Label for reports.
    pub fn label(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::MonthFirst => "M/D/YYYY",
            DateFormat::DayFirst => "D/M/YYYY",
            DateFormat::Epoch => "epoch seconds",
        }
    }
}

/// Milliseconds since 1970 (UTC when the value names a zone, else as written).
pub fn parse_date_ms(value: &str, format: DateFormat) -> Option<i64> {
    let s = value.trim();
    if let Some(ms) = parse_epoch(s) {
        return Some(ms);
    }
    let datetime = match format {
        DateFormat::Iso => parse_iso(s),
        DateFormat::MonthFirst => parse_numeric_date(s, false),
        DateFormat::DayFirst => parse_numeric_date(s, true),
        DateFormat::Epoch => None,
    }?;
    Some(datetime.and_utc().timestamp_millis())
}

/// Ten-digit seconds or thirteen-digit milliseconds, as integers.
fn parse_epoch(s: &str) -> Option<i64> {
    if !(9..=13).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    if s.len() >= 12 {
        Some(n)
    } else {
        Some(n * 1000)
    }
}

fn parse_iso(s: &str) -> Option<NaiveDateTime> {
    if let Some(parsed) = parse_iso_fixed(s) {
        return parsed;
    }
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_utc());
    }
    for pattern in ["%Y-%m-%d %H:%M:%S%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, pattern) {
            return Some(dt.naive_utc());
        }
    }
    let trimmed = s.strip_suffix(" UTC").unwrap_or(s);
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|p| NaiveDateTime::parse_from_str(trimmed, p).ok())
}

/// The shapes most exports write, read without chrono's format parser:
/// `YYYY-MM-DD`, then optionally ` HH:MM` or `THH:MM`, then `:SS`. `None`
/// when `s` has another shape (the general parser decides then);
/// `Some(None)` when it has this shape but is no valid date or time.
fn parse_iso_fixed(s: &str) -> Option<Option<NaiveDateTime>> {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if !matches!(b.len(), 10 | 16 | 19) || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = match b.len() {
        10 => (0, 0, 0),
        _ => {
            if !matches!(b.get(10), Some(b' ' | b'T')) || b.get(13) != Some(&b':') {
                return None;
            }
            let second = match b.len() {
                19 if b.get(16) == Some(&b':') => digits(17..19)?,
                19 => return None,
                _ => 0,
            };
            (digits(11..13)?, digits(14..16)?, second)
        }
    };
    if second >= 60 {
        // A leap second: the general parser's business.
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day);
    let time = NaiveTime::from_hms_opt(hour, minute, second);
    Some(date.zip(time).map(|(d, t)| d.and_time(t)))
}

/// `3/4/2025`, `3-4-2025`, `3.4.2025`, with an optional `H:MM[:SS]` and AM/PM.
fn parse_numeric_date(s: &str, day_first: bool) -> Option<NaiveDateTime> {
    let (date_part, time_part) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let mut parts = date_part.split(['/', '.', '-']);
    let a: u32 = parts.next()?.parse().ok()?;
    let b: u32 = parts.next()?.parse().ok()?;
    let year_text = parts.next()?;
    if parts.next().is_some() || year_text.len() != 4 {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    let (month, day) = if day_first { (b, a) } else { (a, b) };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = match time_part {
        None => NaiveTime::MIN,
        Some(t) => ["%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M:%S %p"]
            .iter()
            .find_map(|p| NaiveTime::parse_from_str(t, p).ok())?,
    };
    Some(date.and_time(time))
}

/// Milliseconds at the start of a day.
pub fn day_start_ms(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

/// The calendar day of a millisecond timestamp.
pub fn date_of_ms(ms: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp_millis(ms).map(|dt| dt.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_what_trim_removes() {
        let all: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(WHITE_SPACE, all.as_slice());
        let padded: String = WHITE_SPACE
            .iter()
            .copied()
            .chain(['x'])
            .chain(WHITE_SPACE.iter().copied())
            .collect();
        assert_eq!(padded.trim(), "x");
    }

    #[test]
    fn numbers_from_messy_exports() {
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("$5,000"), Some(5000.0));
        assert_eq!(parse_number("1.5M"), Some(1_500_000.0));
        assert_eq!(parse_number("  42  "), Some(42.0));
        assert_eq!(parse_number(" 7e6 "), Some(7e6));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("2.5"), Some(2.5));
        assert_eq!(parse_number("500+"), None);
        assert_eq!(parse_number("Select"), None);
        assert_eq!(parse_number("1,00"), None);
        assert_eq!(parse_number("abc"), None);
    }

    #[test]
    fn placeholders_are_missing() {
        for p in ["", " ", "N/A", "Select", "null", "-"] {
            assert!(is_placeholder(p), "{p:?}");
        }
        assert!(!is_placeholder("Retail"));
    }

    #[test]
    fn dates_in_export_formats() {
        let day = day_start_ms(NaiveDate::from_ymd_opt(2025, 3, 4).unwrap_or_default());
        assert_eq!(parse_date_ms("2025-03-04", DateFormat::Iso), Some(day));
        assert_eq!(parse_date_ms("3/4/2025", DateFormat::MonthFirst), Some(day));
        assert_eq!(parse_date_ms("4.3.2025", DateFormat::DayFirst), Some(day));
        assert_eq!(parse_date_ms("4/3/2025", DateFormat::DayFirst), Some(day));
        assert_eq!(
            parse_date_ms("2025-03-04T10:00:00Z", DateFormat::Iso),
            Some(day + 10 * 3_600_000)
        );
        assert_eq!(
            parse_date_ms("2025-03-04T12:00:00+02:00", DateFormat::Iso),
            Some(day + 10 * 3_600_000)
        );
        assert_eq!(
            parse_date_ms("3/4/2025 1:30 PM", DateFormat::MonthFirst),
            Some(day + 13 * 3_600_000 + 30 * 60_000)
        );
        assert_eq!(
            parse_date_ms("1735689600", DateFormat::Iso),
            Some(1_735_689_600_000)
        );
        assert_eq!(parse_date_ms("2025-13-45", DateFormat::Iso), None);
        assert_eq!(
            parse_date_ms("2025-03-04 13:05", DateFormat::Iso),
            Some(day + 13 * 3_600_000 + 5 * 60_000)
        );
        assert_eq!(
            parse_date_ms("2025-03-04T13:05:09", DateFormat::Iso),
            Some(day + 13 * 3_600_000 + 5 * 60_000 + 9_000)
        );
        assert_eq!(parse_date_ms("2025-03-04 25:00", DateFormat::Iso), None);
        assert_eq!(parse_date_ms("2025-02-30", DateFormat::Iso), None);
        assert_eq!(parse_date_ms("yesterday", DateFormat::Iso), None);
    }
}
