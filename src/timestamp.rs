//! `Timestamp`: the UTC second the RPC `Timestamp` parameter and the response
//! `CreationTime` carry, formatted `YYYY-MM-DDThh:mm:ssZ`, without a date crate.

use core::fmt;

/// A UTC instant with one-second resolution, between `1970-01-01T00:00:00Z` and
/// `9999-12-31T23:59:59Z`.
///
/// The RPC v1 signature needs the request time as `YYYY-MM-DDThh:mm:ssZ` with no
/// fractional seconds (the official SDKs format it that way, and the gateway rejects a
/// time more than about 15 minutes away from its own clock). The codec never reads a
/// clock by itself: the caller passes the time, which keeps signing deterministic and
/// testable. With the `std` feature, [`Timestamp::now`] reads the system clock.
///
/// ```
/// use mts_codec::Timestamp;
///
/// let t = Timestamp::from_unix_seconds(1_704_067_200)?;
/// assert_eq!(t.to_string(), "2024-01-01T00:00:00Z");
/// assert_eq!(Timestamp::parse("2024-01-01T00:00:00Z")?, t);
/// # Ok::<(), mts_codec::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Timestamp {
    unix_seconds: i64,
}

/// Why a value is not a [`Timestamp`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum TimestampError {
    /// The instant is before 1970 or after 9999.
    OutOfRange,
    /// The text is not `YYYY-MM-DDThh:mm:ssZ`; `at` is the byte offset of the first
    /// character that does not fit.
    Syntax {
        /// Byte offset in the text.
        at: usize,
    },
    /// The fields are well formed but do not name a real instant (month 13, February 30,
    /// hour 24, ...).
    InvalidDate,
    /// Fractional seconds (`2024-01-01T00:00:00.123Z`): the format takes whole seconds;
    /// drop the fraction. `at` is the byte offset of the `.`.
    FractionalSeconds {
        /// Byte offset in the text.
        at: usize,
    },
    /// Not marked UTC: an offset (`2024-01-01T08:00:00+08:00`) or nothing where the
    /// final `Z` belongs. Convert the time to UTC and end it with `Z`.
    NotUtc {
        /// Byte offset in the text.
        at: usize,
    },
    /// Digits only (`1704067200`): a Unix time, which
    /// [`Timestamp::from_unix_seconds`] takes.
    UnixTime,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange => {
                f.write_str("timestamp outside 1970-01-01T00:00:00Z..=9999-12-31T23:59:59Z")
            }
            Self::Syntax { at } => {
                write!(f, "timestamp is not YYYY-MM-DDThh:mm:ssZ (byte {at})")
            }
            Self::InvalidDate => f.write_str("timestamp names a date or time that does not exist"),
            Self::FractionalSeconds { at } => write!(
                f,
                "timestamp has fractional seconds (byte {at}): it takes whole seconds, \
                 YYYY-MM-DDThh:mm:ssZ; drop the fraction"
            ),
            Self::NotUtc { at } => write!(
                f,
                "timestamp is not marked UTC (byte {at}): convert it to UTC and end it with \
                 `Z`, YYYY-MM-DDThh:mm:ssZ (an offset such as +08:00 is not accepted)"
            ),
            Self::UnixTime => f.write_str(
                "timestamp is a number, not YYYY-MM-DDThh:mm:ssZ: for a Unix time (seconds, \
                 not milliseconds) use Timestamp::from_unix_seconds",
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for TimestampError {}

/// Seconds of `9999-12-31T23:59:59Z`.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The length of the formatted text, `YYYY-MM-DDThh:mm:ssZ`: always 20 bytes.
    pub const FORMATTED_LEN: usize = 20;

    /// The instant `unix_seconds` seconds after `1970-01-01T00:00:00Z`.
    ///
    /// # Errors
    /// [`TimestampError::OutOfRange`] before 1970 or after year 9999.
    pub const fn from_unix_seconds(unix_seconds: i64) -> Result<Self, TimestampError> {
        if unix_seconds < 0 || unix_seconds > MAX_UNIX_SECONDS {
            return Err(TimestampError::OutOfRange);
        }
        Ok(Self { unix_seconds })
    }

    /// Seconds since `1970-01-01T00:00:00Z`.
    pub const fn unix_seconds(self) -> i64 {
        self.unix_seconds
    }

    /// The current system time, truncated to the second.
    ///
    /// # Errors
    /// [`TimestampError::OutOfRange`] if the system clock is before 1970 or after 9999.
    #[cfg(feature = "std")]
    pub fn now() -> Result<Self, TimestampError> {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| TimestampError::OutOfRange)?;
        let secs = i64::try_from(since_epoch.as_secs()).map_err(|_| TimestampError::OutOfRange)?;
        Self::from_unix_seconds(secs)
    }

    /// Parses `YYYY-MM-DDThh:mm:ssZ` exactly (the format of the `Timestamp` request
    /// parameter and of `CreationTime` in responses).
    ///
    /// # Errors
    /// [`TimestampError::Syntax`] with the offending byte offset, or
    /// [`TimestampError::InvalidDate`] for a date that does not exist. The common near
    /// misses say what to do instead: [`TimestampError::FractionalSeconds`],
    /// [`TimestampError::NotUtc`] (an offset, or no `Z`) and
    /// [`TimestampError::UnixTime`] (digits only: use
    /// [`from_unix_seconds`](Self::from_unix_seconds)).
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let b = text.as_bytes();
        if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
            return Err(TimestampError::UnixTime);
        }
        // `YYYY-MM-DDThh:mm:ssZ`, a digit where `0` stands.
        for (i, (&c, &expected)) in b.iter().zip(b"0000-00-00T00:00:00Z").enumerate() {
            let ok = match expected {
                b'0' => c.is_ascii_digit(),
                separator => c == separator,
            };
            if !ok {
                // Where `Z` belongs, after a well-formed date and time.
                return Err(match (i, c) {
                    (19, b'.' | b',') => TimestampError::FractionalSeconds { at: i },
                    (19, b'+' | b'-') => TimestampError::NotUtc { at: i },
                    _ => TimestampError::Syntax { at: i },
                });
            }
        }
        if b.len() == Self::FORMATTED_LEN - 1 {
            return Err(TimestampError::NotUtc { at: b.len() });
        }
        if b.len() != Self::FORMATTED_LEN {
            return Err(TimestampError::Syntax {
                at: b.len().min(Self::FORMATTED_LEN),
            });
        }
        // The number in `b[at..at + len]`, whose digits were checked above.
        let num = |at: usize, len: usize| {
            b.iter()
                .skip(at)
                .take(len)
                .fold(0i64, |acc, &d| acc * 10 + i64::from(d - b'0'))
        };
        let (year, month, day) = (num(0, 4), num(5, 2), num(8, 2));
        let (hour, minute, second) = (num(11, 2), num(14, 2), num(17, 2));
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(TimestampError::InvalidDate);
        }
        let days = days_from_civil(year, month, day);
        Self::from_unix_seconds(days * 86_400 + hour * 3_600 + minute * 60 + second)
    }

    /// The calendar fields `(year, month, day, hour, minute, second)` in UTC.
    pub const fn to_civil(self) -> (i64, u8, u8, u8, u8, u8) {
        let days = self.unix_seconds.div_euclid(86_400);
        let secs = self.unix_seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (secs / 3_600) as u8,
            (secs / 60 % 60) as u8,
            (secs % 60) as u8,
        )
    }

    /// `YYYY-MM-DDThh:mm:ssZ` as bytes, for writers that skip `core::fmt`.
    pub const fn to_bytes(self) -> [u8; Self::FORMATTED_LEN] {
        let (year, month, day, hour, minute, second) = self.to_civil();
        // 1970..=9999 by construction: four digits.
        let year = year as u32;
        let [c1, c0] = two_digits((year / 100) as u8);
        let [y1, y0] = two_digits((year % 100) as u8);
        let [mo1, mo0] = two_digits(month);
        let [d1, d0] = two_digits(day);
        let [h1, h0] = two_digits(hour);
        let [mi1, mi0] = two_digits(minute);
        let [s1, s0] = two_digits(second);
        [
            c1, c0, y1, y0, b'-', mo1, mo0, b'-', d1, d0, b'T', h1, h0, b':', mi1, mi0, b':', s1,
            s0, b'Z',
        ]
    }
}

/// The two ASCII digits of `value` (below 100).
const fn two_digits(value: u8) -> [u8; 2] {
    [b'0' + value / 10 % 10, b'0' + value % 10]
}

/// The text of [`Timestamp::to_bytes`].
#[expect(
    clippy::expect_used,
    reason = "`to_bytes` writes ASCII digits and separators only"
)]
pub(crate) fn formatted(bytes: &[u8; Timestamp::FORMATTED_LEN]) -> &str {
    core::str::from_utf8(bytes).expect("ASCII")
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(formatted(&self.to_bytes()))
    }
}

const fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`] (Hinnant's `civil_from_days`).
const fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}
