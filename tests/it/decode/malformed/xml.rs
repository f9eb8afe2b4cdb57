//! Malformed XML: markup, references, characters and document structure.

use mts_codec::{DecodeError, DecodeErrorKind, Format, decode_response};

fn error(status: u16, body: &[u8]) -> DecodeError {
    super::error(Format::Xml, status, body)
}

/// A success body holding `inner`.
pub(super) fn body(inner: &str) -> String {
    format!("<QuerySnapshotJobListResponse>{inner}</QuerySnapshotJobListResponse>")
}

/// A success body whose one job holds `members`.
pub(super) fn job(members: &str) -> String {
    body(&format!(
        "<SnapshotJobList><SnapshotJob>{members}</SnapshotJob></SnapshotJobList>"
    ))
}

#[test]
fn mismatched_end_tags() {
    let text = job("<Id>a</Code>");
    let e = error(200, text.as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    assert_eq!(e.offset(), text.find("</Code>"), "{e}");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[0].Id", "{e}");
}

#[test]
fn a_lone_ampersand_and_unknown_entities() {
    for leaf in [
        "a & b", "a &b", "&nbsp;", "&amp", "&#;", "&#x;", "&#xZZ;", "&#12a;",
    ] {
        let text = job(&format!("<Message>{leaf}</Message>"));
        let e = error(200, text.as_bytes());
        assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{leaf}: {e}");
        assert_eq!(
            e.path(),
            "SnapshotJobList.SnapshotJob[0].Message",
            "{leaf}: {e}"
        );
        let at = e.offset().unwrap();
        assert!(
            at >= text.find(leaf).unwrap(),
            "{leaf}: offset {at} is before the leaf"
        );
    }
}

#[test]
fn bad_character_references() {
    for reference in [
        "&#0;",
        "&#x0;",
        "&#xD800;",
        "&#57343;",
        "&#x110000;",
        "&#1;",
        "&#xFFFE;",
        "&#99999999999;",
    ] {
        let e = error(
            200,
            job(&format!("<Message>a{reference}</Message>")).as_bytes(),
        );
        assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{reference}: {e}");
    }
}

#[test]
fn a_less_than_sign_in_text() {
    let e = error(200, job("<Message>1 < 2</Message>").as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[0].Message", "{e}");
}

#[test]
fn any_doctype_is_refused() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<QuerySnapshotJobListResponse><RequestId>&lol2;</RequestId></QuerySnapshotJobListResponse>"#;
    let e = error(200, bomb.as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    assert!(e.message().contains("DOCTYPE"), "{e}");
    let e = error(
        400,
        b"<!DOCTYPE Error SYSTEM \"http://example.invalid/e.dtd\"><Error/>",
    );
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
}

#[test]
fn text_directly_inside_a_struct() {
    let e = error(200, job("stray<Id>a</Id>").as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[0]", "{e}");
    let e = error(200, body("<SnapshotJobList>x</SnapshotJobList>").as_bytes());
    assert_eq!(e.path(), "SnapshotJobList", "{e}");
}

#[test]
fn a_child_element_inside_a_leaf() {
    let e = error(200, job("<State><b>Success</b></State>").as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[0].State", "{e}");
}

#[test]
fn a_list_item_repeated_after_another_member_is_a_duplicate() {
    // (Other members: `super::duplicate_known_members_are_errors`.)
    // A list item repeated after another member is a repeat of the whole list.
    let text = body(
        "<SnapshotJobList><SnapshotJob><Id>a</Id></SnapshotJob><X/><SnapshotJob><Id>b</Id></SnapshotJob></SnapshotJobList>",
    );
    let e = error(200, text.as_bytes());
    assert!(e.message().contains("duplicate field `SnapshotJob`"), "{e}");
}

#[test]
fn wrong_root_elements() {
    // (An `<Error>` root at 200 is an API error: `decode::outcome`.)
    let e = error(200, b"<Errors><Code>x</Code></Errors>");
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    let e = error(400, body("").as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    let e = error(200, b"");
    assert_eq!(e.kind(), DecodeErrorKind::EmptyBody, "{e}");
    let e = error(200, format!("{}<extra/>", body("")).as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
}

#[test]
fn wrong_numbers_in_time_points() {
    for item in ["12a", "", "1.5", "9223372036854775808"] {
        let text = job(&format!(
            "<SnapshotConfig><TimeArray><TimePointList>1</TimePointList><TimePointList>{item}</TimePointList></TimeArray></SnapshotConfig>"
        ));
        let e = error(200, text.as_bytes());
        assert_eq!(e.kind(), DecodeErrorKind::Schema, "{item}: {e}");
        assert_eq!(
            e.path(),
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[1]",
            "{item}: {e}"
        );
    }
}

#[test]
fn deep_nesting_is_rejected_without_exhausting_the_stack() {
    let levels = 5_000_000;
    let deep = |name: &str| {
        format!(
            "{}{}",
            format!("<{name}>").repeat(levels),
            format!("</{name}>").repeat(levels)
        )
    };
    // In an unknown member, balanced.
    let e = error(200, body(&deep("Unknown")).as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
    // In a known leaf.
    let e = error(
        200,
        job(&format!("<UserData>{}</UserData>", deep("a"))).as_bytes(),
    );
    assert!(
        matches!(e.kind(), DecodeErrorKind::Schema | DecodeErrorKind::TooDeep),
        "{e}"
    );
    // Unbalanced, at the top.
    let e = error(200, "<a>".repeat(levels).as_bytes());
    assert!(
        matches!(e.kind(), DecodeErrorKind::TooDeep | DecodeErrorKind::Schema),
        "{e}"
    );
}

#[test]
fn a_million_entities_decode_correctly() {
    let amps = "&amp;".repeat(1_000_000);
    let text = job(&format!("<UserData>{amps}</UserData>"));
    let Ok(mts_codec::Response::Success(r)) = mts_codec::decode_response_with(
        200,
        Format::Xml,
        text.as_bytes(),
        crate::support::UNLIMITED,
    ) else {
        panic!()
    };
    let user_data = r.jobs()[0].user_data.unwrap();
    assert_eq!(user_data.decoded_len(), 1_000_000);
    assert!(user_data.chars().all(|c| c == '&'));
}

#[test]
fn the_xml_pi_target_is_reserved_except_for_the_leading_declaration() {
    let e = error(
        200,
        job("<Message>a<?xml version=\"1.0\"?>b</Message>").as_bytes(),
    );
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    let e = error(
        200,
        format!("<!-- c --><?xml version=\"1.0\"?>{}", body("")).as_bytes(),
    );
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    let e = error(200, job("<Message>a<?XmL x?>b</Message>").as_bytes());
    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{e}");
    let fine = format!(
        "<?xml version=\"1.0\"?>{}",
        job("<Message>a<?xml-stylesheet x?>b</Message>")
    );
    assert!(decode_response(200, Format::Xml, fine.as_bytes()).is_ok());
}

#[test]
fn noncharacters_u_fffe_and_u_ffff_are_not_xml_characters() {
    for (inner, what) in [
        ("<Message>a\u{ffff}b</Message>", "text"),
        ("<Message><![CDATA[\u{fffe}]]></Message>", "CDATA"),
        ("<!-- \u{ffff} --><Id>a</Id>", "comment"),
    ] {
        let text = job(inner);
        let e = error(200, text.as_bytes());
        assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{what}: {e}");
        assert_eq!(
            e.offset(),
            text.find(['\u{fffe}', '\u{ffff}']),
            "{what}: {e}"
        );
    }
    // U+FFFD and other characters encoded with EF BF are fine.
    let fine = job("<Message>\u{fffd}\u{ffe8}</Message>");
    assert!(decode_response(200, Format::Xml, fine.as_bytes()).is_ok());
}
