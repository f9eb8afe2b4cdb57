//! Malformed JSON: the rules of RFC 8259 and of JSON's types.

use mts_codec::{DecodeError, DecodeErrorKind, Format};

fn error(status: u16, body: &[u8]) -> DecodeError {
    super::error(Format::Json, status, body)
}

const JOB_PREFIX: &str = r#"{"RequestId":"r","SnapshotJobList":{"SnapshotJob":[{"Id":"a","#;

/// A success body whose one job holds `members` after `"Id":"a"`.
pub(super) fn job_with(members: &str) -> String {
    format!("{JOB_PREFIX}{members}}}]}}}}")
}

#[test]
fn lone_surrogates_are_rejected_while_parsing() {
    for escape in [r"\ud800", r"\udc00", r"\ud83dx", r"\ud83d\u0041"] {
        let body = job_with(&format!(r#""Message":"a{escape}b""#));
        let e = error(200, body.as_bytes());
        assert_eq!(e.kind(), DecodeErrorKind::Schema, "{escape}: {e}");
        assert_eq!(
            e.path(),
            "SnapshotJobList.SnapshotJob[0].Message",
            "{escape}"
        );
        assert!(e.message().contains("surrogate"), "{escape}: {e}");
    }
}

#[test]
fn wrong_types_name_the_member() {
    let cases = [
        (r#""State":{"a":1}"#, "SnapshotJobList.SnapshotJob[0].State"),
        (r#""Code":["x"]"#, "SnapshotJobList.SnapshotJob[0].Code"),
        (
            r#""Input":"bucket/object""#,
            "SnapshotJobList.SnapshotJob[0].Input",
        ),
        (
            r#""SnapshotConfig":["4"]"#,
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig",
        ),
        (
            r#""SnapshotConfig":{"TimeArray":{"TimePointList":["12a"]}}"#,
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[0]",
        ),
        (
            r#""SnapshotConfig":{"TimeArray":{"TimePointList":[1,1.5]}}"#,
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[1]",
        ),
        (
            r#""SnapshotConfig":{"TimeArray":{"TimePointList":[9223372036854775808]}}"#,
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[0]",
        ),
        (
            r#""SnapshotConfig":{"TimeArray":{"TimePointList":["-"]}}"#,
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[0]",
        ),
    ];
    for (members, path) in cases {
        let e = error(200, job_with(members).as_bytes());
        assert_eq!(e.kind(), DecodeErrorKind::Schema, "{members}: {e}");
        assert_eq!(e.path(), path, "{members}: {e}");
    }
    // A whole body that is an array, not an object.
    let e = error(200, br#"["r","token"]"#);
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    let e = error(200, br#"{"SnapshotJobList":{"SnapshotJob":{"Id":"a"}}}"#);
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob", "{e}");
}

#[test]
fn duplicate_members_of_an_api_error_are_errors() {
    // (Success bodies: `super::duplicate_known_members_are_errors`.)
    let e = error(400, br#"{"Code":"Throttling","Message":"m","Code":"x"}"#);
    assert!(e.message().contains("duplicate field `Code`"), "{e}");
}

#[test]
fn rfc_8259_is_enforced_in_known_and_unknown_members() {
    let bodies: [&[u8]; 12] = [
        br#"{"RequestId":"a",}"#,
        br#"{"RequestId":"a"} x"#,
        br#"{"RequestId":'a'}"#,
        br#"{/* c */"RequestId":"a"}"#,
        br#"{"Unknown":NaN}"#,
        br#"{"Unknown":01}"#,
        br#"{"Unknown":[1,]}"#,
        b"{\"Unknown\":\"raw\ttab\"}",
        b"{\"RequestId\":\"raw\nnewline\"}",
        br#"{"RequestId":"bad \x escape"}"#,
        br#"{"Unknown":"bad \u12 escape"}"#,
        br#"{"RequestId" "a"}"#,
    ];
    for body in bodies {
        let e = error(200, body);
        assert_eq!(
            e.kind(),
            DecodeErrorKind::Syntax,
            "{}: {e}",
            String::from_utf8_lossy(body)
        );
        assert!(e.offset().is_some());
    }
}

#[test]
fn deep_nesting_is_rejected_without_exhausting_the_stack() {
    let deep = "[".repeat(5_000_000);
    // In an unknown member, where serde_json skips iteratively under its limit of 128.
    let e = error(200, format!(r#"{{"Unknown":{deep}"#).as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
    assert_eq!(
        e.path(),
        "Unknown[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0].…"
    );
    // In a known text member: serde_json captures the raw token in one linear pass
    // (scratch memory bounded by the body) and the text refuses an array, so deep
    // nesting there is never accepted, balanced or not.
    let e = error(200, job_with(&format!(r#""UserData":{deep}"#)).as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    let balanced = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = error(
        200,
        job_with(&format!(r#""UserData":{balanced}"#)).as_bytes(),
    );
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[0].UserData");
    // Balanced deep nesting in an unknown member is refused by depth, not accepted.
    let e = error(200, job_with(&format!(r#""Future":{balanced}"#)).as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
    let e = error(
        200,
        format!(r#"{{"Extra":{{"a":{{"b":{balanced}}}}}}}"#).as_bytes(),
    );
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
    // In a known list.
    let e = error(
        200,
        format!(r#"{{"SnapshotJobList":{{"SnapshotJob":{deep}"#).as_bytes(),
    );
    assert!(
        matches!(e.kind(), DecodeErrorKind::Schema | DecodeErrorKind::TooDeep),
        "{e}"
    );
    // At the top.
    let e = error(200, deep.as_bytes());
    assert!(
        matches!(e.kind(), DecodeErrorKind::Schema | DecodeErrorKind::TooDeep),
        "{e}"
    );
    let deep_objects = r#"{"a":"#.repeat(1_000_000);
    let e = error(400, deep_objects.as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
}

#[test]
fn statuses_outside_success_and_error_are_refused() {
    for status in [100, 204, 301, 304, 600] {
        if status == 204 {
            // 2xx is a success body: an empty one says so.
            assert_eq!(error(status, b"").kind(), DecodeErrorKind::EmptyBody);
            continue;
        }
        assert_eq!(
            error(status, b"{}").kind(),
            DecodeErrorKind::UnexpectedStatus
        );
    }
}

#[test]
fn errors_display_what_and_where() {
    let e = error(200, job_with(r#""Count":{}"#).as_bytes());
    let shown = e.to_string();
    assert!(
        shown.starts_with("HTTP 200: cannot decode JSON body: invalid type: map"),
        "{shown}"
    );
    assert!(shown.contains(" at byte "), "{shown}");
    assert!(
        shown.ends_with(" in SnapshotJobList.SnapshotJob[0].Count"),
        "{shown}"
    );
}

/// "nesting deeper than 64 levels" means what it says: 64 arrays or objects nested in
/// an unknown member are skipped, the 65th is refused, whichever kind they are.
#[test]
fn an_unknown_member_nests_at_most_64_arrays_or_objects() {
    let arrays = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let objects = |n: usize| format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n));
    // Pairs of an array holding an object, and one array more when `n` is odd.
    let mixed = |n: usize| {
        let pairs = format!("{}1{}", r#"[{"a":"#.repeat(n / 2), "}]".repeat(n / 2));
        if n % 2 == 1 {
            format!("[{pairs}]")
        } else {
            pairs
        }
    };
    for (shape, value) in [
        ("arrays", arrays as fn(usize) -> String),
        ("objects", objects),
        ("mixed", mixed),
    ] {
        let decode = |n: usize| {
            let body = format!(r#"{{"Unknown":{},"RequestId":"r"}}"#, value(n));
            mts_codec::decode_response(200, Format::Json, body.as_bytes()).map(|_| ())
        };
        assert_eq!(decode(64), Ok(()), "{shape}");
        let e = decode(65).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{shape}: {e}");
        assert_eq!(
            e.message(),
            "nesting deeper than 64 levels in an unknown member"
        );
    }
}
