//! Decoding a `Text` on demand, through the public API: XML leaves (entities, character
//! references, CDATA, comments, PIs, line ends, trimming after decoding) and JSON
//! strings (every escape kind, lone surrogates refused). Every decode is checked to
//! agree across `to_string`, `chars`, `to_cow`, `decoded_len` and `==`.

use mts_codec::query_snapshot_job_list::QuerySnapshotJobListResponse;
use mts_codec::text::Text;
use mts_codec::{DecodeError, DecodeErrorKind, Format};
use serde::Deserialize;
use serde::de::value::{BorrowedBytesDeserializer, Error as ValueError};

const ROOT: &str = "QuerySnapshotJobListResponse";

/// The XML success body whose `<RequestId>` leaf holds `raw`.
fn xml_leaf(raw: &str) -> String {
    format!("<{ROOT}><RequestId>{raw}</RequestId></{ROOT}>")
}

/// The JSON success body whose `RequestId` string literal holds `raw`.
fn json_leaf(raw: &str) -> String {
    format!(r#"{{"RequestId":"{raw}"}}"#)
}

/// Decodes `body` and hands its `RequestId` to `f`.
fn with_request_id<T>(
    format: Format,
    body: &str,
    f: impl FnOnce(Text<'_>) -> T,
) -> Result<T, DecodeError> {
    let r = QuerySnapshotJobListResponse::decode(format, body.as_bytes())?;
    Ok(f(r.request_id.unwrap()))
}

/// The decoded text, after checking that every public way of decoding agrees.
#[track_caller]
fn decoded(text: Text<'_>) -> String {
    let written = text.to_string();
    let mut via_write_to = String::new();
    text.write_to(&mut via_write_to).unwrap();
    let iterated: String = text.chars().collect();
    let raw = text.raw();
    assert_eq!(written, via_write_to, "{raw:?}");
    assert_eq!(written, iterated, "write_to and chars disagree on {raw:?}");
    assert_eq!(text.to_cow(), written, "{raw:?}");
    assert_eq!(text.decoded_len(), written.len(), "{raw:?}");
    assert_eq!(text.is_empty(), written.is_empty(), "{raw:?}");
    assert_eq!(text, *written, "{raw:?}");
    written
}

/// The decoded text of an XML `<RequestId>` leaf holding `raw`.
#[track_caller]
fn xml(raw: &str) -> String {
    with_request_id(Format::Xml, &xml_leaf(raw), decoded)
        .unwrap_or_else(|e| panic!("{raw:?} refused: {e}"))
}

/// The decoded text of a JSON `RequestId` literal holding `raw`.
#[track_caller]
fn json(raw: &str) -> Result<String, DecodeError> {
    with_request_id(Format::Json, &json_leaf(raw), decoded)
}

/// An XML-encoded `Text` over `raw` that no reader validated: serde's bytes
/// deserializer takes the path the XML deserializer uses for a leaf with references.
fn unvalidated(raw: &[u8]) -> Text<'_> {
    Text::deserialize(BorrowedBytesDeserializer::<ValueError>::new(raw)).unwrap()
}

#[test]
fn predefined_entities_between_runs() {
    assert_eq!(xml("&lt;"), "<");
    assert_eq!(xml("&gt;"), ">");
    assert_eq!(xml("&amp;"), "&");
    assert_eq!(xml("&apos;"), "'");
    assert_eq!(xml("&quot;"), "\"");
    assert_eq!(xml("a&lt;b&gt;c&amp;d&apos;e&quot;f"), "a<b>c&d'e\"f");
    // A `;` after a reference is text.
    assert_eq!(xml("&amp;;"), "&;");
}

#[test]
fn character_references() {
    assert_eq!(xml("&#65;"), "A");
    assert_eq!(xml("&#x41;"), "A");
    assert_eq!(xml("x&#9;y"), "x\ty");
    assert_eq!(xml("&#x4e2d;&#20013;"), "中中");
    assert_eq!(xml("&#x1F600;"), "\u{1F600}");
    assert_eq!(xml("&#0000065;"), "A");
    assert_eq!(xml("&#x10FFFF;"), "\u{10FFFF}");
}

#[test]
fn invalid_references_fail_the_decode_at_their_ampersand() {
    // Not repeated from `xml_reader::every_entity_and_reference_in_a_leaf` and
    // `xml_well_formedness::references`.
    for bad in [
        "&#xDFFF;",
        "&#99999999999999999999;",
        "&#65",
        "&;",
        "& x",
        "&foo;",
        "&lt",
        "&LT;",
        "a&#x1F;b",
    ] {
        let body = xml_leaf(bad);
        let e = with_request_id(Format::Xml, &body, |t| t.to_string()).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{bad}: {e}");
        assert_eq!(e.path(), "RequestId", "{bad}: {e}");
        assert_eq!(e.offset(), body.find('&'), "{bad}: {e}");
    }
}

#[test]
fn cdata_comments_and_pis() {
    // CDATA content is literal: no references resolved in it.
    assert_eq!(xml("<![CDATA[a<b>&amp;]]>"), "a<b>&amp;");
    assert_eq!(xml("x<![CDATA[]]>y"), "xy");
    assert_eq!(xml("<![CDATA[a]]]]><![CDATA[>b]]>"), "a]]>b");
    assert_eq!(xml("a<!-- c -->b<?pi x?>c"), "abc");
    assert_eq!(xml("<!-- only -->"), "");
    assert_eq!(xml("<![CDATA[  x  ]]>"), "x");
    assert_eq!(xml("<![CDATA[ ]]>x<![CDATA[ ]]>"), "x");
    assert_eq!(xml("a <!-- --> b"), "a  b");
}

#[test]
fn line_ends_are_normalised_except_by_reference() {
    assert_eq!(xml("a\r\r\nb"), "a\n\nb");
    assert_eq!(xml("<![CDATA[a\r\nb\rc]]>"), "a\nb\nc");
    assert_eq!(xml("a&#13;b"), "a\rb");
    assert_eq!(xml("a&#13;&#10;b"), "a\r\nb");
}

#[test]
fn trimming_applies_after_decoding() {
    assert_eq!(xml("&#32;"), "");
    assert_eq!(xml("&#9;&#10;&#13; a b &#32;\r\n"), "a b");
    assert_eq!(xml("x &#32; y"), "x   y");
    assert_eq!(xml("a&#32;&#32;&#32;"), "a");
    assert_eq!(xml("&#x20;&amp;&#x20;"), "&");
    // NBSP is not XML whitespace.
    assert_eq!(xml("\u{a0}&amp;\u{a0}"), "\u{a0}&\u{a0}");
}

#[test]
fn chars_is_fused_and_its_clone_independent() {
    with_request_id(Format::Xml, &xml_leaf("a&#32;b&#32;"), |text| {
        let mut it = text.chars();
        let copy = it.clone();
        assert_eq!(it.by_ref().collect::<String>(), "a b");
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
        assert_eq!(copy.collect::<String>(), "a b");
    })
    .unwrap();
}

#[test]
fn write_to_passes_runs_whole() {
    struct Count(usize, String);
    impl std::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 += 1;
            self.1.push_str(s);
            Ok(())
        }
    }
    let out = with_request_id(Format::Xml, &xml_leaf("hello world&amp;more text"), |t| {
        let mut out = Count(0, String::new());
        t.write_to(&mut out).unwrap();
        out
    })
    .unwrap();
    assert_eq!(out.1, "hello world&more text");
    assert_eq!(out.0, 3, "runs should be written whole");
}

#[test]
fn unvalidated_xml_text_decodes_without_panic() {
    for raw in [
        "&",
        "&#",
        "&#x",
        "a&b",
        "<",
        "<!",
        "<!-",
        "<!--",
        "<!-- x",
        "<?",
        "<?x",
        "<![CDATA[",
        "<![CDATA[x",
        "<![CDATA[x]]",
        "\r",
        "&#0;",
        "&#xD800;",
        "]]>",
        "<a>",
    ] {
        let text = unvalidated(raw.as_bytes());
        assert!(text.is_escaped(), "{raw:?}");
        assert_eq!(text.raw(), raw);
        decoded(text);
    }
    assert_eq!(decoded(unvalidated(b"a&b")), "a\u{fffd}b");
}

#[test]
fn every_ascii_character_at_every_position_of_a_leaf() {
    // The reader skips plain text in words: each ASCII character, at each position of
    // leaves of 1 to 23 characters (after a non-ASCII one, before a tab), is seen.
    for c in (0..0x80u8).map(char::from) {
        for len in 1..24 {
            for at in 0..len {
                let mut chars = vec!['a'; len];
                chars[at] = c;
                if at > 0 {
                    chars[at - 1] = 'é';
                }
                if at + 1 < len {
                    chars[at + 1] = '\t';
                }
                let leaf: String = chars.iter().collect();
                let body = xml_leaf(&leaf);
                let offset = body.find("<RequestId>").unwrap()
                    + "<RequestId>".len()
                    + chars[..at].iter().map(|c| c.len_utf8()).sum::<usize>();
                let result = with_request_id(Format::Xml, &body, decoded);
                let forbidden_control = c < ' ' && !matches!(c, '\t' | '\n' | '\r');
                if forbidden_control || c == '&' {
                    let e = result.unwrap_err();
                    assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{leaf:?}: {e}");
                    assert_eq!(e.offset(), Some(offset), "{leaf:?}: {e}");
                } else if c == '<' {
                    let e = result.unwrap_err();
                    assert!(e.offset() >= Some(offset), "{leaf:?}: {e}");
                } else {
                    let expected = leaf.replace("\r\n", "\n").replace('\r', "\n");
                    let expected = expected.trim_matches([' ', '\t', '\r', '\n']);
                    assert_eq!(result.unwrap(), expected, "{leaf:?}");
                }
            }
        }
    }
}

#[test]
fn json_escapes_of_every_kind() {
    assert_eq!(
        json(r#"a\"b\\c\/d\b\f\n\r\te"#).unwrap(),
        "a\"b\\c/d\u{8}\u{c}\n\r\te"
    );
    assert_eq!(json(r"\u4e2d\u6587").unwrap(), "中文");
    assert_eq!(json(r"x\ud83d\ude00y").unwrap(), "x😀y");
    assert_eq!(json(r"ok\ud83d\ude00").unwrap(), "ok😀");
    let body = json_leaf("plain");
    let plain = with_request_id(Format::Json, &body, |t| t.as_str().map(str::to_owned));
    assert_eq!(plain.unwrap().as_deref(), Some("plain"));
}

#[test]
fn json_lone_surrogates_are_refused_with_their_offset_in_the_string() {
    // (`\udc00`, `\ud83d\u0041` and more: `malformed::json`.)
    let e = json(r"abc\ud800x").unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert_eq!(e.path(), "RequestId", "{e}");
    // The body's offset is past the literal (where serde_json stands); the byte within
    // it is in the message.
    assert_eq!(e.offset(), Some(json_leaf(r"abc\ud800x").len() - 1), "{e}");
    assert!(
        e.message()
            .contains("lone UTF-16 surrogate in \\u escape at byte 3 of the string"),
        "{e}"
    );
    for raw in [r"\ud800\u0041", r"a\ud800"] {
        let e = json(raw).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::Schema, "{raw}: {e}");
        assert!(e.message().contains("surrogate"), "{raw}: {e}");
    }
}

#[test]
fn a_text_is_three_words_and_none_costs_nothing() {
    assert_eq!(size_of::<Text<'_>>(), 3 * size_of::<usize>());
    assert_eq!(size_of::<Option<Text<'_>>>(), size_of::<Text<'_>>());
}
