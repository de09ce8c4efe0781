//! Time in the generator. Instants are milliseconds since 1970-01-01 UTC, so
//! that the simulation's time arithmetic is plain integer sums; chrono turns
//! dates into instants and instants into the texts of the CRM export.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc, Weekday};

/// One second, in milliseconds.
pub(super) const SECOND_MS: i64 = 1_000;
/// One minute, in milliseconds.
pub(super) const MINUTE_MS: i64 = 60 * SECOND_MS;
/// One hour, in milliseconds.
pub(super) const HOUR_MS: i64 = 60 * MINUTE_MS;
/// One day, in milliseconds (UTC has no daylight saving).
pub(super) const DAY_MS: i64 = 24 * HOUR_MS;

/// The instant `date` begins, in UTC.
pub(super) fn date_ms(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

/// A duration of (fractional) days, in milliseconds, truncated towards zero.
pub(super) fn days_ms(days: f64) -> i64 {
    (days * DAY_MS as f64) as i64
}

/// Whether the instant falls on a Saturday or a Sunday.
pub(super) fn is_weekend(ms: i64) -> bool {
    instant(ms).is_some_and(|at| matches!(at.weekday(), Weekday::Sat | Weekday::Sun))
}

/// "YYYY-MM-DD", the CRM's date format.
pub(super) fn format_date(ms: i64) -> String {
    instant(ms).map_or_else(String::new, |at| at.date_naive().to_string())
}

/// "YYYY-MM-DD HH:MM", the CRM's format of creation times.
pub(super) fn format_minute(ms: i64) -> String {
    instant(ms).map_or_else(String::new, |at| {
        format!("{} {:02}:{:02}", at.date_naive(), at.hour(), at.minute())
    })
}

/// The instant as a chrono date-time. Every instant the generator makes lies
/// between two `NaiveDate`s and so within chrono's range; `None` (an empty
/// cell, a weekday) is only the answer for anything else, never a panic.
fn instant(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(year: i32, month: u32, day: u32, hour: i64, minute: i64) -> i64 {
        date_ms(NaiveDate::from_ymd_opt(year, month, day).unwrap())
            + hour * HOUR_MS
            + minute * MINUTE_MS
    }

    #[test]
    fn dates_become_instants_at_midnight_utc() {
        assert_eq!(ms(1970, 1, 1, 0, 0), 0);
        assert_eq!(ms(1970, 1, 2, 0, 0), DAY_MS);
        assert_eq!(ms(1969, 12, 31, 0, 0), -DAY_MS);
        assert_eq!(ms(2024, 1, 1, 0, 0), 19_723 * DAY_MS);
    }

    #[test]
    fn instants_are_formatted_as_the_crm_writes_them() {
        assert_eq!(format_minute(0), "1970-01-01 00:00");
        assert_eq!(format_minute(-1), "1969-12-31 23:59");
        assert_eq!(
            format_minute(ms(2024, 2, 29, 13, 7) + 59_999),
            "2024-02-29 13:07"
        );
        assert_eq!(format_date(ms(2025, 12, 31, 23, 59)), "2025-12-31");
        assert_eq!(format_date(ms(2000, 3, 1, 0, 0) - 1), "2000-02-29");
        assert_eq!(format_date(ms(9999, 12, 31, 12, 0)), "9999-12-31");
        assert_eq!(format_date(i64::MAX), "");
    }

    #[test]
    fn weekends_are_saturday_and_sunday() {
        // 2024-01-01 was a Monday.
        let weekend: Vec<bool> = (0..7)
            .map(|day| is_weekend(ms(2024, 1, 1, 12, 0) + day * DAY_MS))
            .collect();
        assert_eq!(weekend, [false, false, false, false, false, true, true]);
        assert!(is_weekend(ms(1969, 12, 28, 23, 59)), "a Sunday before 1970");
    }

    #[test]
    fn days_are_truncated_to_the_millisecond() {
        assert_eq!(days_ms(1.5), DAY_MS + 12 * HOUR_MS);
        assert_eq!(days_ms(-0.5), -12 * HOUR_MS);
    }
}
