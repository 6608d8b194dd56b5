//! Calendar dates as days since 1970-01-01 (Arrow `Date32`), without a date library.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
#[inline]
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number; inverse of [`days_from_civil`].
#[inline]
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses `YYYY-MM-DD` into (year, month, day), checking the calendar.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = s[0..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..10].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

/// Day number of a `YYYY-MM-DD` text, if it is a real date.
pub fn parse_days(s: &str) -> Option<i32> {
    parse_date(s).map(|(y, m, d)| days_from_civil(y, m, d))
}

/// `YYYY-MM-DD` of a day number.
pub fn format_days(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The first day of the month of a day number.
#[inline]
pub fn month_start(days: i32) -> i32 {
    let (y, m, _) = civil_from_days(days);
    days_from_civil(y, m, 1)
}

/// The first day of the year of a day number.
#[inline]
pub fn year_start(days: i32) -> i32 {
    days_from_civil(civil_from_days(days).0, 1, 1)
}

/// The Monday of the ISO week of a day number (1970-01-01 was a Thursday).
#[inline]
pub fn week_start(days: i32) -> i32 {
    days - (days + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_points() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2020, 1, 1), 18_262);
        assert_eq!(format_days(18_262), "2020-01-01");
        for z in [-1000, 0, 18_262, 18_321, 20_000, 40_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(
            parse_days("2020-03-01"),
            Some(days_from_civil(2020, 2, 29) + 1)
        );
    }

    #[test]
    fn bucket_starts() {
        let d = |s| parse_days(s).unwrap();
        assert_eq!(month_start(d("2020-02-29")), d("2020-02-01"));
        assert_eq!(month_start(d("2021-12-01")), d("2021-12-01"));
        assert_eq!(year_start(d("2020-12-31")), d("2020-01-01"));
        // 2020-01-01 was a Wednesday; 2019-12-30 the Monday of its week.
        assert_eq!(week_start(d("2020-01-01")), d("2019-12-30"));
        assert_eq!(week_start(d("2020-01-05")), d("2019-12-30"));
        assert_eq!(week_start(d("2020-01-06")), d("2020-01-06"));
        assert_eq!(week_start(d("1969-12-31")), d("1969-12-29"));
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(parse_date("2020-02-29"), Some((2020, 2, 29)));
        assert_eq!(parse_date("2021-02-29"), None);
        assert_eq!(parse_date("2021-13-01"), None);
        assert_eq!(parse_date("2021-1-01"), None);
        assert_eq!(parse_date("abcd-ef-gh"), None);
    }
}
