//! Leaf content: text decoding (entities, references, CDATA, comments and PIs, line
//! ends, trimming) and scalar values (integers and the other serde types), with
//! their errors located.

use super::*;

#[test]
fn comments_pis_and_cdata_inside_leaves() {
    let x = doc(
        "<RequestId> <!-- a -->x<?p q?>y<![CDATA[ <z> ]]>&#32;</RequestId>\
         <NextPageToken><![CDATA[  ]]></NextPageToken>",
    );
    let r = decode(&x).unwrap();
    let id = r.request_id.unwrap();
    assert!(id.is_escaped());
    assert_eq!(id.as_str(), None);
    assert_eq!(id, "xy <z>");
    assert_eq!(id.raw(), "<!-- a -->x<?p q?>y<![CDATA[ <z> ]]>&#32;");
    assert!(borrows(&x, id.raw()));
    assert_eq!(r.next_page_token.unwrap(), "");
}

#[test]
fn line_ends_and_trimming() {
    let x = doc(
        "<RequestId>\r\n  a\r\nb\rc \r\n</RequestId><NextPageToken>\r\n x \r\n</NextPageToken>",
    );
    let r = decode(&x).unwrap();
    assert_eq!(r.request_id.unwrap(), "a\nb\nc");
    assert!(r.request_id.unwrap().is_escaped());
    // CRs only in the trimmed edges: nothing to decode.
    let t = r.next_page_token.unwrap();
    assert_eq!(t.as_str(), Some("x"));
    let x = doc("<RequestId>&#32;x&#32;</RequestId><NextPageToken> &#9;&#10; </NextPageToken>");
    let r = decode(&x).unwrap();
    assert_eq!(r.request_id.unwrap(), "x");
    assert_eq!(r.next_page_token.unwrap(), "");
    assert!(r.next_page_token.unwrap().is_empty());
}

#[test]
fn every_entity_and_reference_in_a_document() {
    let x = doc("<RequestId>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x4E2D;</RequestId>");
    assert_eq!(decode(&x).unwrap().request_id.unwrap(), "<>&'\"AB中");
    for bad in [
        "&#0;",
        "&#xD800;",
        "&#x110000;",
        "&#;",
        "&#xZZ;",
        "&#x;",
        "&#1;",
        "&#xFFFE;",
        "&",
        "& ",
        "&amp",
        "&nbsp;",
        "&AMP;",
        "a & b",
    ] {
        let x = doc(&format!("<RequestId>{bad}</RequestId>"));
        let e = fails(&x);
        assert_eq!(e.path(), format!("{ROOT}/RequestId"), "{bad}: {e}");
        assert_eq!(e.offset(), x.find('&').unwrap(), "{bad}: {e}");
    }
}

#[test]
fn malformed_text_is_rejected() {
    for (bad, reason) in [
        ("a < b", "`<` in text"),
        ("a <1", "`<` in text"),
        ("a\u{1}b", "control character"),
        ("a\u{0}b", "control character"),
        ("a\u{c}b", "control character"),
        ("a]]>b", "`]]>` in text"),
        ("<![CDATA[x", "unterminated CDATA"),
        ("<!-- a -- b -->", "`--` inside a comment"),
        ("<!-- a --->", "`--` inside a comment"),
        ("<!DOCTYPE x>", "DOCTYPE"),
        ("<!ENTITY x 'y'>", "malformed markup"),
        ("<?>", "expected a name"),
        ("<?pi a\u{1}?>", "control character"),
        ("<![CDATA[\u{2}]]>", "control character"),
    ] {
        let e = fails(&doc(&format!("<RequestId>{bad}</RequestId>")));
        assert!(e.message().contains(reason), "{bad:?}: {e}");
    }
}

#[test]
fn integer_errors() {
    for (bad, reason) in [
        ("", "no digits"),
        ("-", "no digits"),
        ("+1", "expected an integer"),
        ("1.5", "expected an integer"),
        ("1 2", "expected an integer"),
        ("0x10", "expected an integer"),
        ("9223372036854775808", "integer out of range"),
        ("-9223372036854775809", "integer out of range"),
        (
            "99999999999999999999999999999999999999999",
            "integer too large",
        ),
    ] {
        let x = job(&format!(
            "<SnapshotConfig><TimeArray><TimePointList>1</TimePointList><TimePointList> {bad} </TimePointList></TimeArray></SnapshotConfig>"
        ));
        let e = fails(&x);
        assert!(e.message().contains(reason), "{bad:?}: {e}");
        assert_eq!(
            e.path(),
            format!(
                "{ROOT}/SnapshotJobList/SnapshotJob[0]/SnapshotConfig/TimeArray/TimePointList[1]"
            ),
            "{bad:?}"
        );
        if !bad.is_empty() {
            assert_eq!(
                e.offset(),
                x.find(&format!(" {bad} ")).unwrap() + 1,
                "{bad:?}"
            );
        }
    }
    // A list of structs: the failing item's index is in the path.
    let x = doc(
        "<SnapshotJobList><SnapshotJob/><SnapshotJob/><SnapshotJob><SnapshotConfig><TimeArray>\
         <TimePointList>x</TimePointList></TimeArray></SnapshotConfig></SnapshotJob></SnapshotJobList>",
    );
    let e = fails(&x);
    assert_eq!(
        e.path(),
        format!("{ROOT}/SnapshotJobList/SnapshotJob[2]/SnapshotConfig/TimeArray/TimePointList[0]")
    );
    assert_eq!(
        e.to_string(),
        format!(
            "expected an integer (an optional `-` then decimal digits) at byte {} (in {})",
            x.find(">x<").unwrap() + 1,
            e.path()
        )
    );
}

#[derive(Deserialize, Debug)]
#[allow(non_snake_case, dead_code)]
struct Strict<'a> {
    #[serde(borrow)]
    Required: Text<'a>,
    Small: Option<u8>,
    #[serde(borrow)]
    Borrowed: Option<&'a str>,
    Owned: Option<String>,
    Flag: Option<bool>,
    Ratio: Option<f64>,
    Letter: Option<char>,
    Kind: Option<Kind>,
    Empty: Option<()>,
    #[serde(borrow)]
    Numeric: Option<crate::text::Numeric<'a>>,
    Map: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize, Debug, PartialEq)]
enum Kind {
    Normal,
    Intra,
}

fn strict(inner: &str) -> Result<Strict<'_>, XmlError> {
    // Leak-free: the body outlives the value inside each test via the caller's String.
    from_xml(inner, "S")
}

#[test]
fn serde_errors_are_located() {
    let x = "<S>\n  <Small>7</Small>\n</S>";
    let e = strict(x).unwrap_err();
    assert_eq!(e.message(), "missing field `Required`");
    assert_eq!(e.path(), "S");
    assert_eq!(e.offset(), x.len());
    let x = "<S><Required/><Small>300</Small></S>";
    let e = strict(x).unwrap_err();
    assert!(e.message().contains("invalid value: integer `300`"), "{e}");
    assert_eq!(e.path(), "S/Small");
    let x = "<S><Required/><Kind>Other</Kind></S>";
    let e = strict(x).unwrap_err();
    assert!(e.message().contains("unknown variant `Other`"), "{e}");
    assert_eq!(e.path(), "S/Kind");
}

#[test]
fn other_scalar_types() {
    let x = "<S><Required> r </Required><Small> 7 </Small><Borrowed> b </Borrowed>\
             <Owned>a&amp;b</Owned><Flag>true</Flag><Ratio>1.5</Ratio><Letter>&#x4E2D;</Letter>\
             <Kind>Intra</Kind><Empty/><Numeric> 42 </Numeric>\
             <Map><A>1</A><B>x&lt;</B></Map></S>";
    let s = strict(x).unwrap();
    assert_eq!(s.Required, "r");
    assert_eq!(s.Small, Some(7));
    assert_eq!(s.Borrowed, Some("b"));
    assert_eq!(s.Owned.as_deref(), Some("a&b"));
    assert_eq!(s.Flag, Some(true));
    assert_eq!(s.Ratio, Some(1.5));
    assert_eq!(s.Letter, Some('中'));
    assert_eq!(s.Kind, Some(Kind::Intra));
    assert_eq!(s.Empty, Some(()));
    assert_eq!(s.Numeric.unwrap().text(), "42");
    let map = s.Map.unwrap();
    assert_eq!(map.get("A").map(String::as_str), Some("1"));
    assert_eq!(map.get("B").map(String::as_str), Some("x<"));
    // An escaped leaf cannot be a borrowed &str: serde says so, located.
    let e = strict("<S><Required/><Borrowed>a&amp;b</Borrowed></S>").unwrap_err();
    assert!(e.message().contains("borrowed string"), "{e}");
    assert_eq!(e.path(), "S/Borrowed");
    let e = strict("<S><Required/><Flag>yes</Flag></S>").unwrap_err();
    assert!(e.message().contains("`true` or `false`"), "{e}");
    let e = strict("<S><Required/><Empty>x</Empty></S>").unwrap_err();
    assert!(e.message().contains("empty element"), "{e}");
    let e = strict("<S><Required><x/></Required></S>").unwrap_err();
    assert!(e.message().contains("child element <x>"), "{e}");
}
