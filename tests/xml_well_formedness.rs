//! XML 1.0 (fifth edition) well-formedness: bodies that break a rule, each refused with
//! a positioned error (kind, byte offset and reason asserted), beside the nearest
//! well-formed body, accepted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use mts_codec::decode::{DecodeError, DecodeErrorKind, Format, decode_response};

use DecodeErrorKind::{Syntax, UnexpectedEof};

const ROOT: &str = "QuerySnapshotJobListResponse";

/// The success body around `inner`.
fn doc(inner: &str) -> String {
    format!("<{ROOT}>{inner}</{ROOT}>")
}

/// The success body with `inner` inside an unknown element, read and skipped.
fn skipped(inner: &str) -> String {
    doc(&format!("<Unknown>{inner}</Unknown>"))
}

/// Byte offset of the first `marker` in `body`.
#[track_caller]
fn at(body: &str, marker: &str) -> usize {
    body.find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in {body:?}"))
}

/// Asserts that `body` is refused with `kind` at byte `offset`, for a reason that
/// contains `reason`.
#[track_caller]
fn refused(body: &str, kind: DecodeErrorKind, offset: usize, reason: &str) -> DecodeError {
    let e = match decode_response(200, Format::Xml, body.as_bytes()) {
        Ok(r) => panic!("accepted {body:?} as {r:?}"),
        Err(e) => e,
    };
    assert_eq!(e.kind(), kind, "{body:?}: {e}");
    assert_eq!(e.offset(), Some(offset), "{body:?}: {e}");
    assert!(
        e.message().contains(reason),
        "{body:?}: expected a reason with {reason:?}, got: {e}"
    );
    e
}

/// Asserts that `body` is accepted.
#[track_caller]
fn accepted(body: &str) {
    if let Err(e) = decode_response(200, Format::Xml, body.as_bytes()) {
        panic!("refused {body:?}: {e}");
    }
}

#[test]
fn names_start_and_continue_with_legal_characters() {
    // ASCII: a digit, `-` or `.` cannot start a name. In content, such a `<` is a `<`
    // in text.
    for bad in ["1a", "-a", ".a"] {
        let body = skipped(&format!("<{bad}/>"));
        refused(&body, Syntax, at(&body, bad) - 1, "`<` in text");
        let body = format!("<{bad}/>");
        refused(&body, Syntax, 1, "expected a name");
        let body = skipped(&format!("<a {bad}='1'/>"));
        refused(&body, Syntax, at(&body, bad), "malformed start tag");
        let body = format!("<?{bad} x?>{}", doc(""));
        refused(&body, Syntax, 2, "expected a name");
    }
    // Non-ASCII `NameChar`s that are not `NameStartChar`s, first: U+00B7, U+0300,
    // U+203F.
    for bad in ['\u{b7}', '\u{300}', '\u{203f}'] {
        let name = format!("{bad}a");
        for body in [
            skipped(&format!("<{name}/>")),
            skipped(&format!("<a {name}='1'/>")),
            format!("<?{name} x?>{}", doc("")),
        ] {
            refused(&body, Syntax, at(&body, &name), "cannot start with");
        }
    }
    // Characters in no name: U+00D7, U+00F7, U+00A0 (NBSP), U+3000 (ideographic
    // space), U+037E (Greek question mark), U+2000.
    for bad in [
        '\u{d7}', '\u{f7}', '\u{a0}', '\u{3000}', '\u{37e}', '\u{2000}',
    ] {
        let c = bad.to_string();
        for body in [
            skipped(&format!("<a{c}b/>")),
            skipped(&format!("<a{c}>x</a{c}>")),
            skipped(&format!("<a x{c}='1'/>")),
            format!("<?p{c} x?>{}", doc("")),
        ] {
            refused(&body, Syntax, at(&body, &c), "not allowed in a name");
        }
        // As the first character of a name.
        let body = skipped(&format!("<{c}a/>"));
        refused(&body, Syntax, at(&body, &c), "cannot start with");
    }
    // Names from every part of the productions are fine.
    accepted(&skipped(
        "<_:a\u{c0}\u{f8}\u{37f}\u{2070}\u{3001}\u{f900}\u{10000}-.9\u{b7}\u{300}\u{203f} \
         \u{4e2d}\u{6587}='1'>x</_:a\u{c0}\u{f8}\u{37f}\u{2070}\u{3001}\u{f900}\u{10000}-.9\u{b7}\u{300}\u{203f}>",
    ));
    accepted(&format!("<?\u{4e2d}-1 x?>{}", doc("<\u{4e2d}/>")));
}

#[test]
fn whitespace_in_tags() {
    // (body, the marker the error is at, bytes past the marker's start, reason)
    for (body, mark, past, reason) in [
        (format!("< {ROOT}/>"), " ", 0, "expected a name"),
        (doc("<a b='1'c='2'/>"), "c=", 0, "malformed start tag"),
        (doc("<a\u{c}b='1'/>"), "\u{c}", 0, "malformed start tag"),
        (doc("</ a>"), "</ a", 2, "expected a name"),
        (doc("<a></a b='1'>"), "</a b", 4, "malformed end tag"),
        (doc("<a/ >"), "/ >", 0, "expected `>` after `/`"),
        (doc("<a b '1'/>"), "'1'", 0, "expected `=`"),
    ] {
        refused(&body, Syntax, at(&body, mark) + past, reason);
    }
    // U+00A0 (NBSP) is no `S`: taken for part of a name, it is refused there.
    let body = doc("<a\u{a0}b='1'/>");
    refused(&body, Syntax, at(&body, "\u{a0}"), "not allowed in a name");
    accepted(&doc(
        "<a \t\r\n b \t= \n'1' \r\n c\n=\"2\" \t/><d\n></d\r\n>",
    ));
}

#[test]
fn xml_declaration_grammar() {
    let cases = [
        // VersionInfo: required, first.
        ("<?xml?>", 5, "without a version"),
        ("<?xml ?>", 6, "without a version"),
        ("<?xml encoding='UTF-8'?>", 6, "expected version"),
        ("<?xml standalone='yes'?>", 6, "expected version"),
        ("<?xml Version='1.0'?>", 6, "expected version"),
        // VersionNum.
        ("<?xml version='2.0'?>", 15, "`1.` then digits"),
        ("<?xml version='1.'?>", 15, "`1.` then digits"),
        ("<?xml version='1'?>", 15, "`1.` then digits"),
        ("<?xml version='1.0a'?>", 15, "`1.` then digits"),
        ("<?xml version=''?>", 15, "`1.` then digits"),
        ("<?xml version='1.0 '?>", 18, "malformed value"),
        // Eq and quotes.
        ("<?xml version=1.0?>", 14, "expected a quoted value"),
        ("<?xml version='1.0\"?>", 18, "malformed value"),
        ("<?xml version '1.0'?>", 14, "expected `=`"),
        // Whitespace before each pseudo-attribute.
        (
            "<?xml version='1.0'encoding='UTF-8'?>",
            19,
            "expected whitespace",
        ),
        (
            "<?xml version='1.0' encoding='UTF-8'standalone='no'?>",
            36,
            "expected whitespace",
        ),
        // Order, repeats, unknown pseudo-attributes.
        (
            "<?xml version='1.0' standalone='no' encoding='UTF-8'?>",
            36,
            "expected version, then optionally",
        ),
        (
            "<?xml version='1.0' version='1.0'?>",
            20,
            "expected version, then optionally",
        ),
        (
            "<?xml version='1.0' foo='bar'?>",
            20,
            "expected version, then optionally",
        ),
        ("<?xml version='1.0' ?x?>", 20, "expected a name"),
        // EncName, and the one encoding read.
        (
            "<?xml version='1.0' encoding=''?>",
            30,
            "malformed encoding name",
        ),
        (
            "<?xml version='1.0' encoding='-utf-8'?>",
            30,
            "malformed encoding name",
        ),
        (
            "<?xml version='1.0' encoding='utf 8'?>",
            33,
            "malformed value",
        ),
        (
            "<?xml version='1.0' encoding='ISO-8859-1'?>",
            30,
            "not UTF-8",
        ),
        ("<?xml version='1.0' encoding='UTF-16'?>", 30, "not UTF-8"),
        // SDDecl.
        (
            "<?xml version='1.0' standalone='maybe'?>",
            32,
            "`yes` or `no`",
        ),
        (
            "<?xml version='1.0' standalone='YES'?>",
            32,
            "`yes` or `no`",
        ),
    ];
    for (decl, offset, reason) in cases {
        refused(&format!("{decl}{}", doc("")), Syntax, offset, reason);
    }
    let body = "<?xml version='1.0' encoding='UTF-8'";
    refused(body, UnexpectedEof, body.len(), "");
    for decl in [
        "<?xml version='1.0'?>",
        "<?xml version=\"1.1\"?>",
        "<?xml version='1.0' encoding='UTF-8'?>",
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>",
        "<?xml version = '1.0'\n\tstandalone = \"no\"\r\n?>",
    ] {
        accepted(&format!("{decl}{}", doc("")));
    }
}

#[test]
fn unique_att_spec() {
    for tag in [
        format!("<{ROOT} a='1' a='1'>"),
        format!("<{ROOT} a='1' b='2' a=\"3\">"),
        format!("<{ROOT} x:a='1' x:a='1'>"),
        format!("<{ROOT} \u{4e2d}='1' \u{4e2d}='1'>"),
    ] {
        let body = format!("{tag}</{ROOT}>");
        let offset = tag.rfind(' ').unwrap() + 1;
        refused(&body, Syntax, offset, "attribute repeated");
    }
    // On a leaf, and on an empty-element tag in skipped content.
    for (body, repeat) in [
        (doc("<RequestId a='' b='' a=''>x</RequestId>"), "a=''>"),
        (skipped("<a b='' a='' b=''/>"), "b=''/>"),
    ] {
        refused(&body, Syntax, at(&body, repeat), "attribute repeated");
    }
    // Names that differ (by case, prefix or length) are distinct.
    accepted(&format!(
        "<{ROOT} a='1' A='1' x:a='1' a:x='1' aa='1'></{ROOT}>"
    ));
    // This reader's bound on the (quadratic) check: 16 attributes, the 17th refused.
    let names: Vec<String> = (0..17).map(|i| format!(" a{i}=''")).collect();
    accepted(&format!("<{ROOT}{}/>", names[..16].concat()));
    let body = format!("<{ROOT}{}/>", names.concat());
    refused(
        &body,
        Syntax,
        at(&body, " a16=") + 1,
        "more than 16 attributes",
    );
}
