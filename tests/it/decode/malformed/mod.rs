//! Malformed bodies through the public entry point: each gets a clear error with kind,
//! offset and path, never a panic, a hang or unbounded memory. The rules both formats
//! share are tested here over both; `json` and `xml` hold each format's own.

mod json;
mod xml;

use mts_codec::{DecodeError, DecodeErrorKind, Format, decode_response_with};

use crate::support::{FORMATS, golden_body};

/// The error `body` gets at `status`; panics if it decodes.
fn error(format: Format, status: u16, body: &[u8]) -> DecodeError {
    match decode_response_with(status, format, body, crate::support::UNLIMITED) {
        Ok(r) => panic!("{format}: accepted malformed body as {r:?}"),
        Err(e) => e,
    }
}

/// A leaf member `name` whose text is `raw`, as written on the wire.
fn leaf(format: Format, name: &str, raw: &str) -> String {
    match format {
        Format::Json => format!(r#""{name}":"{raw}""#),
        Format::Xml => format!("<{name}>{raw}</{name}>"),
    }
}

/// A success body holding `members` (in JSON, joined with commas).
fn body(format: Format, members: &[String]) -> String {
    match format {
        Format::Json => format!("{{{}}}", members.join(",")),
        Format::Xml => xml::body(&members.concat()),
    }
}

/// A success body whose one job holds `members` (in JSON after `"Id":"a"`).
fn job(format: Format, members: &[String]) -> String {
    match format {
        Format::Json => json::job_with(&members.join(",")),
        Format::Xml => xml::job(&members.concat()),
    }
}

#[test]
fn every_truncation_of_a_valid_body_is_an_error() {
    for format in FORMATS {
        let full = golden_body(format, "every_field");
        let text = std::str::from_utf8(&full).unwrap().trim_end();
        for cut in 0..text.len() {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let e = error(format, 200, &text.as_bytes()[..cut]);
            if cut == 0 {
                assert_eq!(e.kind(), DecodeErrorKind::EmptyBody, "{format}: {e}");
                continue;
            }
            assert!(
                matches!(
                    e.kind(),
                    DecodeErrorKind::UnexpectedEof | DecodeErrorKind::Syntax
                ),
                "{format}: cut at {cut}: {e}"
            );
        }
    }
}

#[test]
fn invalid_utf8_reports_the_first_bad_byte() {
    // A byte that never starts UTF-8, and a lead byte followed by ASCII.
    for format in FORMATS {
        for bad in [0xff, 0xc3] {
            let mut body = job(format, &[leaf(format, "Message", "ok")]).into_bytes();
            let at = body.iter().position(|&b| b == b'o').unwrap();
            body[at] = bad;
            let e = error(format, 200, &body);
            assert_eq!(e.kind(), DecodeErrorKind::InvalidUtf8, "{format} {bad:#x}");
            assert_eq!(e.offset(), Some(at), "{format} {bad:#x}");
        }
    }
}

#[test]
fn duplicate_known_members_are_errors() {
    for format in FORMATS {
        let text = job(
            format,
            &[
                leaf(format, "State", "Success"),
                leaf(format, "State", "Fail"),
            ],
        );
        let e = error(format, 200, text.as_bytes());
        assert_eq!(e.kind(), DecodeErrorKind::Schema, "{format}: {e}");
        assert!(
            e.message().contains("duplicate field `State`"),
            "{format}: {e}"
        );
        assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[0].State", "{format}");
        let text = body(
            format,
            &[
                leaf(format, "RequestId", "a"),
                leaf(format, "RequestId", "b"),
            ],
        );
        let e = error(format, 200, text.as_bytes());
        assert!(
            e.message().contains("duplicate field `RequestId`"),
            "{format}: {e}"
        );
    }
}
