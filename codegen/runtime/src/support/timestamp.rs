//! [`Timestamp`]: a point in time, with the text forms AWS uses (RFC 3339, HTTP dates, the
//! basic ISO 8601 of signatures), and nothing else: no time zones, no calendar arithmetic.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// `0000-01-01T00:00:00Z`, the first second RFC 3339 can write.
const MIN_SECOND: i64 = -62_167_219_200;
/// `9999-12-31T23:59:59Z`, the last.
const MAX_SECOND: i64 = 253_402_300_799;

/// A point in time, to the nanosecond, between `0000-01-01T00:00:00Z` and
/// `9999-12-31T23:59:59.999999999Z` (what RFC 3339 can write).
///
/// Displays as RFC 3339 in UTC (`2024-10-15T17:30:00Z`, `2024-10-15T17:30:00.25Z`), and parses
/// RFC 3339 with `Z` or an offset and with or without fractional seconds
/// (`2024-10-15T19:30:00.25+02:00`), and the wider ISO 8601 forms: a space or a lower-case `t`
/// for `T`, `z` for `Z`, the basic format (`20241015T173000Z`), a time without seconds, a comma
/// before the fraction. A time without an offset is an error: it names no point in time. Its
/// serde form is that text.
///
/// With feature `jiff`, it converts to and from `jiff::Timestamp`, for calendar arithmetic.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    // Seconds and nanoseconds since the epoch, of the same sign (as `Duration` would be, signed).
    second: i64,
    nanosecond: i32,
}

/// Why a [`Timestamp`] could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimestampError {}

fn out_of_range(what: impl fmt::Display) -> TimestampError {
    TimestampError(format!(
        "{what} is out of range: a timestamp is between 0000-01-01T00:00:00Z and \
         9999-12-31T23:59:59.999999999Z"
    ))
}

/// A date and a time of day in UTC, as the text forms write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub nanosecond: u32,
}

impl Civil {
    /// A date at a time of day (hour, minute, second, nanosecond).
    fn at(
        year: i64,
        month: u8,
        day: u8,
        (hour, minute, second, nanosecond): (u8, u8, u8, u32),
    ) -> Civil {
        Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanosecond,
        }
    }
}

impl Timestamp {
    /// `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        second: 0,
        nanosecond: 0,
    };

    /// The earliest: `0000-01-01T00:00:00Z`.
    pub const MIN: Timestamp = Timestamp {
        second: MIN_SECOND,
        nanosecond: 0,
    };

    /// The latest: `9999-12-31T23:59:59.999999999Z`.
    pub const MAX: Timestamp = Timestamp {
        second: MAX_SECOND,
        nanosecond: 999_999_999,
    };

    /// `second` seconds and `nanosecond` nanoseconds since the epoch; the two may have either
    /// sign (`new(-1, 500_000_000)` is half a second before the epoch). An error out of range.
    pub fn new(second: i64, nanosecond: i32) -> Result<Timestamp, TimestampError> {
        let range = || out_of_range(format_args!("{second} s and {nanosecond} ns"));
        let total = i128::from(second) * i128::from(NANOS_PER_SECOND) + i128::from(nanosecond);
        let second = i64::try_from(total / i128::from(NANOS_PER_SECOND)).map_err(|_| range())?;
        let nanosecond = (total % i128::from(NANOS_PER_SECOND)) as i32;
        let floor = if nanosecond < 0 { second - 1 } else { second };
        if !(MIN_SECOND..=MAX_SECOND).contains(&floor) {
            return Err(range());
        }
        Ok(Timestamp { second, nanosecond })
    }

    /// `second` whole seconds since the epoch.
    pub fn from_second(second: i64) -> Result<Timestamp, TimestampError> {
        Timestamp::new(second, 0)
    }

    /// `millisecond` milliseconds since the epoch.
    pub fn from_millisecond(millisecond: i64) -> Result<Timestamp, TimestampError> {
        Timestamp::new(millisecond / 1000, (millisecond % 1000) as i32 * 1_000_000)
    }

    /// The system clock's time now (the nearest end of the range, should the clock be outside).
    pub fn now() -> Timestamp {
        Timestamp::try_from(SystemTime::now()).unwrap_or_else(|_| {
            match SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
                Ok(_) => Timestamp::MAX,
                Err(_) => Timestamp::MIN,
            }
        })
    }

    /// Whole seconds since the epoch, the fraction dropped (towards the epoch).
    pub fn as_second(self) -> i64 {
        self.second
    }

    /// Whole milliseconds since the epoch, the fraction dropped (towards the epoch).
    pub fn as_millisecond(self) -> i64 {
        self.second * 1000 + i64::from(self.nanosecond / 1_000_000)
    }

    /// The nanoseconds past [`as_second`](Self::as_second): negative before the epoch.
    pub fn subsec_nanosecond(self) -> i32 {
        self.nanosecond
    }

    fn total_nanos(self) -> i128 {
        i128::from(self.second) * i128::from(NANOS_PER_SECOND) + i128::from(self.nanosecond)
    }

    fn from_total_nanos(total: i128) -> Option<Timestamp> {
        let second = i64::try_from(total / i128::from(NANOS_PER_SECOND)).ok()?;
        Timestamp::new(second, (total % i128::from(NANOS_PER_SECOND)) as i32).ok()
    }

    /// `self` plus `duration`, or `None` past the range.
    pub fn checked_add(self, duration: Duration) -> Option<Timestamp> {
        Timestamp::from_total_nanos(self.total_nanos() + duration.as_nanos() as i128)
    }

    /// `self` minus `duration`, or `None` before the range.
    pub fn checked_sub(self, duration: Duration) -> Option<Timestamp> {
        Timestamp::from_total_nanos(self.total_nanos() - duration.as_nanos() as i128)
    }

    /// `self` plus `duration`, at most [`Timestamp::MAX`].
    pub fn saturating_add(self, duration: Duration) -> Timestamp {
        self.checked_add(duration).unwrap_or(Timestamp::MAX)
    }

    /// `self` minus `duration`, at least [`Timestamp::MIN`].
    pub fn saturating_sub(self, duration: Duration) -> Timestamp {
        self.checked_sub(duration).unwrap_or(Timestamp::MIN)
    }

    /// How long after `earlier` `self` is, or `None` when it is before it.
    pub fn duration_since(self, earlier: Timestamp) -> Option<Duration> {
        let nanos = u128::try_from(self.total_nanos() - earlier.total_nanos()).ok()?;
        let seconds = u64::try_from(nanos / NANOS_PER_SECOND as u128).ok()?;
        Some(Duration::new(
            seconds,
            (nanos % NANOS_PER_SECOND as u128) as u32,
        ))
    }

    /// The date and time of day in UTC.
    pub(crate) fn civil(self) -> Civil {
        // Floor division, so that a time before the epoch falls in the day it belongs to.
        let (second, nanosecond) = if self.nanosecond < 0 {
            (
                self.second - 1,
                (self.nanosecond + NANOS_PER_SECOND as i32) as u32,
            )
        } else {
            (self.second, self.nanosecond as u32)
        };
        let days = second.div_euclid(SECONDS_PER_DAY);
        let of_day = second.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (of_day / 3600) as u8,
            minute: (of_day / 60 % 60) as u8,
            second: (of_day % 60) as u8,
            nanosecond,
        }
    }

    /// The point in time of a date and time of day at `offset_seconds` east of UTC; a leap
    /// second (`:60`) is read as `:59`, as RFC 3339's readers usually do.
    pub(crate) fn from_civil(
        civil: Civil,
        offset_seconds: i64,
    ) -> Result<Timestamp, TimestampError> {
        let Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            nanosecond,
        } = civil;
        let bad = |what: &str| TimestampError(format!("{what} is out of range"));
        if !(0..=9999).contains(&year) {
            return Err(bad("the year"));
        }
        if !(1..=12).contains(&month) {
            return Err(bad("the month"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(bad("the day"));
        }
        if hour > 23 {
            return Err(bad("the hour"));
        }
        if minute > 59 {
            return Err(bad("the minute"));
        }
        if second > 60 {
            return Err(bad("the second"));
        }
        if nanosecond >= NANOS_PER_SECOND as u32 {
            return Err(bad("the fraction"));
        }
        let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
            + i64::from(hour) * 3600
            + i64::from(minute) * 60
            + i64::from(second.min(59))
            - offset_seconds;
        // `new` takes a sign-consistent pair; the fraction is always positive here.
        let total = i128::from(seconds) * i128::from(NANOS_PER_SECOND) + i128::from(nanosecond);
        Timestamp::from_total_nanos(total).ok_or_else(|| out_of_range("the time"))
    }

    /// `YYYYMMDDTHHMMSSZ`, the basic ISO 8601 form of SigV4's `X-Amz-Date`.
    pub fn to_basic_iso8601(self) -> String {
        let c = self.civil();
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// An IMF-fixdate (RFC 9110's HTTP date), `Tue, 15 Oct 2024 17:30:00 GMT`, without the
    /// fraction.
    pub fn to_http_date(self) -> String {
        let c = self.civil();
        let days = days_from_civil(c.year, c.month, c.day);
        let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
        let month = MONTHS[usize::from(c.month - 1)];
        format!(
            "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
            c.day, c.year, c.hour, c.minute, c.second
        )
    }

    /// Reads an HTTP date: an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), and the other forms
    /// RFC 9110 asks readers to accept, RFC 850's (`Sunday, 06-Nov-94 08:49:37 GMT`) and
    /// asctime's (`Sun Nov  6 08:49:37 1994`); also RFC 2822's numeric offsets (`+0000`), a
    /// missing day of the week and fractional seconds. The day of the week is not checked.
    pub fn from_http_date(text: &str) -> Result<Timestamp, TimestampError> {
        parse_http_date(text)
            .ok_or_else(|| TimestampError(format!("`{text}` is not an HTTP date")))
            .and_then(|(civil, offset)| Timestamp::from_civil(civil, offset))
    }
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u8;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, with the fraction only when there is one, and no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.civil();
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )?;
        if c.nanosecond != 0 {
            let digits = format!("{:09}", c.nanosecond);
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Timestamp, TimestampError> {
        let (civil, offset) = Cursor::new(text).iso8601().map_err(|problem| {
            TimestampError(format!("`{text}` is not an RFC 3339 timestamp: {problem}"))
        })?;
        Timestamp::from_civil(civil, offset)
            .map_err(|e| TimestampError(format!("`{text}` is not an RFC 3339 timestamp: {e}")))
    }
}

/// A reader of a timestamp's text, byte by byte.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn eat_any(&mut self, bytes: &[u8]) -> Option<u8> {
        let byte = self.peek().filter(|b| bytes.contains(b))?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), String> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(format!("expected {what} at byte {}", self.at))
        }
    }

    /// Exactly `count` digits, as a number.
    fn digits(&mut self, count: usize, what: &str) -> Result<u32, String> {
        let digits = self
            .bytes
            .get(self.at..self.at + count)
            .filter(|digits| digits.iter().all(u8::is_ascii_digit))
            .ok_or_else(|| format!("expected {count} digits of the {what} at byte {}", self.at))?;
        self.at += count;
        Ok(digits
            .iter()
            .fold(0, |value, digit| value * 10 + u32::from(digit - b'0')))
    }

    /// One or more digits (at most `max`), as a number.
    fn some_digits(&mut self, max: usize, what: &str) -> Result<u32, String> {
        let count = self.bytes[self.at..]
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if count == 0 {
            return Err(format!("expected the {what} at byte {}", self.at));
        }
        self.digits(count, what)
    }

    /// A fraction of a second after `.` or `,`: one to nine digits, as nanoseconds.
    fn fraction(&mut self) -> Result<u32, String> {
        if self.eat_any(b".,").is_none() {
            return Ok(0);
        }
        let count = self.bytes[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=9).contains(&count) {
            return Err(format!(
                "expected one to nine digits of a fraction at byte {}",
                self.at
            ));
        }
        let value = self.digits(count, "fraction")?;
        Ok(value * 10u32.pow(9 - count as u32))
    }

    fn whitespace(&mut self) -> bool {
        let start = self.at;
        while self.eat(b' ') {}
        self.at > start
    }

    fn end(&self) -> Result<(), String> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(format!("unexpected text at byte {}", self.at)),
        }
    }

    /// `YYYY-MM-DD` or `YYYYMMDD`, `T` (or `t` or a space), `HH:MM[:SS[.f]]` or `HHMM[SS[.f]]`,
    /// then `Z` or an offset.
    fn iso8601(mut self) -> Result<(Civil, i64), String> {
        let year = self.digits(4, "year")?;
        let extended = self.eat(b'-');
        let month = self.digits(2, "month")?;
        if extended {
            self.expect(b'-', "`-`")?;
        }
        let day = self.digits(2, "day")?;
        if self.eat_any(b"Tt ").is_none() {
            return Err(format!("expected `T` and a time at byte {}", self.at));
        }
        let hour = self.digits(2, "hour")?;
        let extended = self.eat(b':');
        let minute = self.digits(2, "minute")?;
        let (second, nanosecond) = match (extended, self.peek()) {
            (true, Some(b':')) => {
                self.at += 1;
                (self.digits(2, "second")?, self.fraction()?)
            }
            (false, Some(b'0'..=b'9')) => (self.digits(2, "second")?, self.fraction()?),
            _ => (0, 0),
        };
        let offset = match self.eat_any(b"Zz+-") {
            Some(b'Z' | b'z') => 0,
            Some(sign) => {
                let hours = i64::from(self.digits(2, "offset's hours")?);
                let colon = self.eat(b':');
                let minutes = match self.peek() {
                    Some(b'0'..=b'9') => i64::from(self.digits(2, "offset's minutes")?),
                    _ if colon => return Err(format!("expected minutes at byte {}", self.at)),
                    _ => 0,
                };
                if hours > 23 || minutes > 59 {
                    return Err("the offset is out of range".to_owned());
                }
                let seconds = hours * 3600 + minutes * 60;
                if sign == b'-' { -seconds } else { seconds }
            }
            None => {
                return Err(
                    "expected `Z` or an offset: a time without one is no point in time".to_owned(),
                );
            }
        };
        self.end()?;
        Ok((
            Civil {
                year: i64::from(year),
                month: month as u8,
                day: day as u8,
                hour: hour as u8,
                minute: minute as u8,
                second: second as u8,
                nanosecond,
            },
            offset,
        ))
    }

    /// A month's English abbreviation, in any case.
    fn month_name(&mut self) -> Option<u8> {
        let name = self.bytes.get(self.at..self.at + 3)?;
        let index = MONTHS
            .iter()
            .position(|month| month.as_bytes().eq_ignore_ascii_case(name))?;
        self.at += 3;
        Some(index as u8 + 1)
    }

    /// `HH:MM[:SS[.f]]`.
    fn time_of_day(&mut self) -> Result<(u8, u8, u8, u32), String> {
        let hour = self.digits(2, "hour")? as u8;
        self.expect(b':', "`:`")?;
        let minute = self.digits(2, "minute")? as u8;
        let (second, fraction) = if self.eat(b':') {
            (self.digits(2, "second")? as u8, self.fraction()?)
        } else {
            (0, 0)
        };
        Ok((hour, minute, second, fraction))
    }

    /// `GMT`, `UT`, `UTC`, `Z` or `+hhmm`/`-hhmm`.
    fn zone(&mut self) -> Option<i64> {
        let rest = &self.bytes[self.at..];
        for name in ["GMT", "UTC", "UT", "Z"] {
            if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            {
                self.at += name.len();
                return Some(0);
            }
        }
        let sign = self.eat_any(b"+-")?;
        let hours = i64::from(self.digits(2, "zone").ok()?);
        let minutes = i64::from(self.digits(2, "zone").ok()?);
        let seconds = hours * 3600 + minutes * 60;
        Some(if sign == b'-' { -seconds } else { seconds })
    }
}

/// The three forms of an HTTP date, and RFC 2822's looser one.
fn parse_http_date(text: &str) -> Option<(Civil, i64)> {
    let mut cursor = Cursor::new(text.trim());
    // The day of the week, if any: letters, then `,` (IMF-fixdate, RFC 850) or a space (asctime).
    let letters = cursor
        .bytes
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if letters > 0 {
        cursor.at = letters;
        if !cursor.eat(b',') {
            // asctime: `Sun Nov  6 08:49:37 1994`.
            cursor.whitespace().then_some(())?;
            let month = cursor.month_name()?;
            cursor.whitespace().then_some(())?;
            let day = cursor.some_digits(2, "day").ok()? as u8;
            cursor.whitespace().then_some(())?;
            let time = cursor.time_of_day().ok()?;
            cursor.whitespace().then_some(())?;
            let year = i64::from(cursor.digits(4, "year").ok()?);
            cursor.whitespace();
            cursor.end().ok()?;
            return Some((Civil::at(year, month, day, time), 0));
        }
        cursor.whitespace();
    }
    let day = cursor.some_digits(2, "day").ok()? as u8;
    // RFC 850 separates with `-`, the others with spaces.
    let dashed = cursor.eat(b'-');
    if !dashed {
        cursor.whitespace().then_some(())?;
    }
    let month = cursor.month_name()?;
    if dashed {
        cursor.expect(b'-', "`-`").ok()?;
    } else {
        cursor.whitespace().then_some(())?;
    }
    let start = cursor.at;
    let year = i64::from(cursor.some_digits(4, "year").ok()?);
    let year = match cursor.at - start {
        4 => year,
        // RFC 850's two digits: the year nearest to now in the window RFC 2822 gives.
        2 if year < 50 => 2000 + year,
        2 => 1900 + year,
        _ => return None,
    };
    cursor.whitespace().then_some(())?;
    let time = cursor.time_of_day().ok()?;
    cursor.whitespace();
    let offset = cursor.zone()?;
    cursor.whitespace();
    cursor.end().ok()?;
    Some((Civil::at(year, month, day, time), offset))
}

impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    fn try_from(time: SystemTime) -> Result<Timestamp, TimestampError> {
        let range = || out_of_range("the system time");
        match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => Timestamp::UNIX_EPOCH.checked_add(after),
            Err(before) => Timestamp::UNIX_EPOCH.checked_sub(before.duration()),
        }
        .ok_or_else(range)
    }
}

impl From<Timestamp> for SystemTime {
    fn from(timestamp: Timestamp) -> SystemTime {
        let since =
            |t: Timestamp| Duration::new(t.second.unsigned_abs(), t.nanosecond.unsigned_abs());
        // Every timestamp is within the range of `SystemTime` on the platforms Rust supports.
        if timestamp >= Timestamp::UNIX_EPOCH {
            SystemTime::UNIX_EPOCH + since(timestamp)
        } else {
            SystemTime::UNIX_EPOCH - since(timestamp)
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// An error in the last day of the range only: jiff's ends on 9999-12-30T22:00:00Z.
#[cfg(feature = "jiff")]
impl TryFrom<Timestamp> for jiff::Timestamp {
    type Error = jiff::Error;

    fn try_from(timestamp: Timestamp) -> Result<jiff::Timestamp, jiff::Error> {
        jiff::Timestamp::new(timestamp.second, timestamp.nanosecond)
    }
}

#[cfg(feature = "jiff")]
impl TryFrom<jiff::Timestamp> for Timestamp {
    type Error = TimestampError;

    fn try_from(timestamp: jiff::Timestamp) -> Result<Timestamp, TimestampError> {
        Timestamp::new(timestamp.as_second(), timestamp.subsec_nanosecond())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points spread over the whole range, some before the epoch, with and without fractions.
    fn samples() -> impl Iterator<Item = (i64, i32)> {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        // jiff's range ends on 9999-12-30T22:00:00Z, a day short of RFC 3339's.
        let span = (253_402_207_200 - MIN_SECOND) as u64;
        (0..20_000).map(move |i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let second = MIN_SECOND + (state % span) as i64;
            let nanosecond = match i % 4 {
                0 => 0,
                1 => (state >> 40) as i32 % 1000 * 1_000_000,
                _ => (state >> 33) as i32 % 1_000_000_000,
            };
            // A sign-consistent pair, as both types take it.
            let nanosecond = if second < 0 {
                -nanosecond.abs()
            } else {
                nanosecond.abs()
            };
            (second, nanosecond)
        })
    }

    #[test]
    fn text_forms_are_jiffs() {
        let printer = jiff::fmt::rfc2822::DateTimePrinter::new();
        let parser = jiff::fmt::rfc2822::DateTimeParser::new();
        for (second, nanosecond) in samples() {
            let ours = Timestamp::new(second, nanosecond).expect("in range");
            let theirs = jiff::Timestamp::new(second, nanosecond).expect("in jiff's range");
            let text = theirs.to_string();
            assert_eq!(ours.to_string(), text, "{second} {nanosecond}");
            assert_eq!(text.parse::<Timestamp>(), Ok(ours), "{text}");
            assert_eq!(ours.as_second(), theirs.as_second());
            assert_eq!(ours.as_millisecond(), theirs.as_millisecond());
            assert_eq!(ours.subsec_nanosecond(), theirs.subsec_nanosecond());
            assert_eq!(
                ours.to_basic_iso8601(),
                theirs.strftime("%Y%m%dT%H%M%SZ").to_string()
            );
            let date = printer
                .timestamp_to_rfc9110_string(&theirs)
                .expect("jiff writes it");
            assert_eq!(ours.to_http_date(), date);
            let read = parser.parse_timestamp(&date).expect("jiff reads it");
            assert_eq!(
                Timestamp::from_http_date(&date).map(Timestamp::as_second),
                Ok(read.as_second()),
                "{date}"
            );
        }
    }

    #[test]
    fn iso8601_forms_read_as_jiff_reads_them() {
        for text in [
            "2024-10-15T17:30:00Z",
            "2024-10-15T17:30:00.25Z",
            "2024-10-15T19:30:00.25+02:00",
            "2024-10-15T15:30:00-02:00",
            "2024-10-15T17:30:00,5Z",
            "2024-10-15 17:30:00Z",
            "2024-10-15t17:30:00z",
            "20241015T173000Z",
            "20241015T173000.123456789Z",
            "2024-10-15T17:30Z",
            "2024-10-15T17:30:00+0530",
            "2024-10-15T17:30:00+05",
            "2024-02-29T00:00:00Z",
            "2024-12-31T23:59:60Z",
            "0000-01-01T00:00:00Z",
            "9999-12-30T21:59:59.999999999Z",
            "1969-12-31T23:59:59.5Z",
        ] {
            let theirs: jiff::Timestamp = text.parse().expect(text);
            let ours: Timestamp = text.parse().expect(text);
            assert_eq!(ours.as_second(), theirs.as_second(), "{text}");
            assert_eq!(
                ours.subsec_nanosecond(),
                theirs.subsec_nanosecond(),
                "{text}"
            );
        }
        for text in [
            "",
            "2024-10-15",
            "2024-10-15T17:30:00",
            "2024-10-15T17:30:00.Z",
            "2024-10-15T17:30:00.1234567890Z",
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-10-32T00:00:00Z",
            "2024-10-15T24:00:00Z",
            "2024-10-15T17:60:00Z",
            "2024-10-15T17:30:00ZZ",
            "2024-10-15T17:30:00+24:00",
            "24-10-15T17:30:00Z",
            "२०२४-10-15T17:30:00Z",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text}");
        }
        let error = "2024-10-15T17:30:00".parse::<Timestamp>().unwrap_err();
        assert!(error.to_string().contains("offset"), "{error}");
    }

    #[test]
    fn http_dates_in_every_form() {
        let expected = Timestamp::from_second(784_111_777).expect("in range");
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 +0000",
            "Sun, 06 Nov 1994 09:49:37 +0100",
            "sun, 06 nov 1994 08:49:37 utc",
        ] {
            assert_eq!(Timestamp::from_http_date(text), Ok(expected), "{text}");
        }
        assert_eq!(
            Timestamp::from_http_date("Sun, 06 Nov 1994 08:49:37.25 GMT"),
            Timestamp::new(784_111_777, 250_000_000)
        );
        for text in [
            "",
            "Sun, 06 Nov 1994",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT trailing",
        ] {
            assert!(Timestamp::from_http_date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_range_and_arithmetic() {
        assert_eq!(Timestamp::MIN.to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59.999999999Z");
        assert!(Timestamp::from_second(MAX_SECOND + 1).is_err());
        assert!(Timestamp::new(MIN_SECOND, -1).is_err());
        assert!(Timestamp::new(i64::MAX, i32::MAX).is_err());
        assert_eq!(
            Timestamp::new(-1, 500_000_000),
            Timestamp::new(0, -500_000_000)
        );
        assert_eq!(
            Timestamp::new(1, -1_500_000_000),
            Timestamp::new(0, -500_000_000)
        );
        assert_eq!(
            Timestamp::from_millisecond(-1500).map(|t| (t.as_second(), t.subsec_nanosecond())),
            Ok((-1, -500_000_000))
        );
        let t = Timestamp::from_second(100).expect("in range");
        let later = t
            .checked_add(Duration::from_millis(1500))
            .expect("in range");
        assert_eq!(later.as_millisecond(), 101_500);
        assert_eq!(later.duration_since(t), Some(Duration::from_millis(1500)));
        assert_eq!(t.duration_since(later), None);
        assert_eq!(Timestamp::MAX.checked_add(Duration::from_nanos(1)), None);
        assert_eq!(Timestamp::MAX.saturating_add(Duration::MAX), Timestamp::MAX);
        assert_eq!(
            Timestamp::MIN.saturating_sub(Duration::from_secs(1)),
            Timestamp::MIN
        );
        let system = SystemTime::from(later);
        assert_eq!(Timestamp::try_from(system), Ok(later));
        let before = Timestamp::new(-10, -250_000_000).expect("in range");
        assert_eq!(Timestamp::try_from(SystemTime::from(before)), Ok(before));
        assert_eq!(before.to_string(), "1969-12-31T23:59:49.75Z");
    }

    #[test]
    fn serde_form_is_the_text() {
        let t: Timestamp = "2024-10-15T17:30:00.25Z".parse().expect("a time");
        let json = serde_json::to_string(&t).expect("writes");
        assert_eq!(json, "\"2024-10-15T17:30:00.25Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).expect("reads"), t);
        assert!(serde_json::from_str::<Timestamp>("\"2024-10-15T17:30:00\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1729013400").is_err());
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff_converts_both_ways() {
        let t: Timestamp = "1969-07-20T20:17:40.5Z".parse().expect("a time");
        let theirs = jiff::Timestamp::try_from(t).expect("in jiff's range");
        assert_eq!(theirs.to_string(), "1969-07-20T20:17:40.5Z");
        assert_eq!(Timestamp::try_from(theirs), Ok(t));
        assert!(Timestamp::try_from(jiff::Timestamp::MIN).is_err());
        assert!(jiff::Timestamp::try_from(Timestamp::MAX).is_err());
    }
}
