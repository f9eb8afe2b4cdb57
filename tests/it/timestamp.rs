//! `Timestamp`: the signed time, formatted and parsed as `YYYY-MM-DDThh:mm:ssZ`.

use mts_codec::{Timestamp, TimestampError};
use proptest::prelude::*;

use crate::support::proptest_config;

/// 9999-12-31T23:59:59Z, the last second a `Timestamp` holds.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

#[test]
fn bytes_agree_with_the_signed_calendar_fields() {
    // An instant every 7⅓ days from 1970 to 9999, and seconds near it.
    let mut secs = 0i64;
    while secs <= MAX_UNIX_SECONDS {
        for s in [secs, secs + 1, secs + 86_399, secs + 43_261] {
            let Ok(t) = Timestamp::from_unix_seconds(s) else {
                continue;
            };
            let (y, mo, d, h, mi, se) = t.to_civil();
            let want = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}Z");
            assert_eq!(&t.to_bytes()[..], want.as_bytes(), "{s}");
        }
        secs += 86_400 * 7 + 86_400 / 3;
    }
}

#[test]
fn formats_known_instants() {
    let cases = [
        (0, "1970-01-01T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (1_456_231_584, "2016-02-23T12:46:24Z"),
        (1_704_067_200, "2024-01-01T00:00:00Z"),
        (MAX_UNIX_SECONDS, "9999-12-31T23:59:59Z"),
    ];
    for (secs, text) in cases {
        let t = Timestamp::from_unix_seconds(secs).unwrap();
        assert_eq!(&t.to_bytes(), text.as_bytes());
        assert_eq!(Timestamp::parse(text).unwrap(), t);
    }
}

#[test]
fn near_misses_say_what_to_do() {
    for text in ["2024-01-01T00:00:00.123Z", "2024-01-01T00:00:00,5Z"] {
        let e = Timestamp::parse(text).unwrap_err();
        assert_eq!(e, TimestampError::FractionalSeconds { at: 19 }, "{text}");
        assert!(e.to_string().contains("drop the fraction"), "{e}");
    }
    for text in [
        "2024-01-01T08:00:00+08:00",
        "2023-12-31T19:00:00-05:00",
        "2024-01-01T00:00:00",
    ] {
        let e = Timestamp::parse(text).unwrap_err();
        assert_eq!(e, TimestampError::NotUtc { at: 19 }, "{text}");
        assert!(
            e.to_string()
                .contains("convert it to UTC and end it with `Z`"),
            "{e}"
        );
    }
    for text in ["1704067200", "1704067200000", "0"] {
        let e = Timestamp::parse(text).unwrap_err();
        assert_eq!(e, TimestampError::UnixTime, "{text}");
        assert!(
            e.to_string().contains("Timestamp::from_unix_seconds"),
            "{e}"
        );
    }
    // What the hint points to exists and reads the same instant.
    assert_eq!(
        Timestamp::from_unix_seconds(1_704_067_200),
        Timestamp::parse("2024-01-01T00:00:00Z")
    );
}

#[test]
fn rejects_bad_text() {
    assert_eq!(
        Timestamp::parse("2024-01-01 00:00:00Z"),
        Err(TimestampError::Syntax { at: 10 })
    );
    assert_eq!(
        Timestamp::parse("2024-01-01T00:00:0"),
        Err(TimestampError::Syntax { at: 18 })
    );
    assert_eq!(
        Timestamp::parse("2024-01-01T00:00:00z"),
        Err(TimestampError::Syntax { at: 19 })
    );
    assert_eq!(
        Timestamp::parse("2024-01-01T00:00:00ZZ"),
        Err(TimestampError::Syntax { at: 20 })
    );
    assert_eq!(Timestamp::parse(""), Err(TimestampError::Syntax { at: 0 }));
    assert_eq!(
        Timestamp::parse("2023-02-29T00:00:00Z"),
        Err(TimestampError::InvalidDate)
    );
    assert_eq!(
        Timestamp::parse("2024-01-01T24:00:00Z"),
        Err(TimestampError::InvalidDate)
    );
    assert_eq!(
        Timestamp::from_unix_seconds(-1),
        Err(TimestampError::OutOfRange)
    );
    assert_eq!(
        Timestamp::from_unix_seconds(MAX_UNIX_SECONDS + 1),
        Err(TimestampError::OutOfRange)
    );
}

proptest! {
    #![proptest_config(proptest_config(512))]

    #[test]
    fn timestamp_round_trips(secs in 0i64..=MAX_UNIX_SECONDS) {
        let t = Timestamp::from_unix_seconds(secs).unwrap();
        let text = t.to_string();
        prop_assert_eq!(text.len(), 20);
        prop_assert_eq!(text.as_bytes(), &t.to_bytes()[..]);
        prop_assert_eq!(Timestamp::parse(&text), Ok(t));
    }
}
