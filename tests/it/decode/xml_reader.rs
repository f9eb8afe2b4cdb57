//! The XML reader and deserializer through the model: lists, unknown elements, leaf text
//! (entities, CDATA, comments, line ends, trimming), borrowing, nesting, and errors
//! located by offset and path. XML's rules one by one: `xml_well_formedness`; malformed
//! bodies by kind: `malformed::xml`.

use mts_codec::query_snapshot_job_list::QuerySnapshotJobListResponse;
use mts_codec::{DecodeError, DecodeErrorKind, Format};

const ROOT: &str = "QuerySnapshotJobListResponse";
const SEED: &str = include_str!("../../data/xml/seed.xml");
/// Most nested elements the reader accepts, the root counting as 1.
const MAX_DEPTH: usize = 64;
/// Longest error path kept.
const PATH_CAPACITY: usize = 160;
/// Longest XML error message kept, in bytes.
const MESSAGE_CAPACITY: usize = 128;

fn decode(body: &str) -> Result<QuerySnapshotJobListResponse<'_>, DecodeError> {
    QuerySnapshotJobListResponse::decode_with(
        Format::Xml,
        body.as_bytes(),
        crate::support::UNLIMITED,
    )
}

#[track_caller]
fn fails(body: &str) -> DecodeError {
    match decode(body) {
        Ok(r) => panic!("accepted {body:?} as {r:?}"),
        Err(e) => e,
    }
}

/// The success body around `inner`.
fn doc(inner: &str) -> String {
    format!("<{ROOT}>{inner}</{ROOT}>")
}

/// The success body whose one job holds `inner`.
fn job(inner: &str) -> String {
    doc(&format!(
        "<SnapshotJobList><SnapshotJob>{inner}</SnapshotJob></SnapshotJobList>"
    ))
}

/// The time points of the first job.
fn time_points(r: &QuerySnapshotJobListResponse<'_>) -> Vec<i64> {
    let config = r.jobs()[0].snapshot_config.as_ref().unwrap();
    config.time_array.as_ref().unwrap().time_point_list.clone()
}

/// Whether `text` is a slice of `body` (zero copy).
fn borrows(body: &str, text: &str) -> bool {
    body.as_bytes().as_ptr_range().contains(&text.as_ptr()) || text.is_empty()
}

fn nested(levels: usize, name: &str) -> String {
    format!("<{name}>").repeat(levels) + &format!("</{name}>").repeat(levels)
}

#[test]
fn seed_texts_borrow_the_body_trimmed() {
    let r = decode(SEED).unwrap();
    let id = r.request_id.unwrap();
    assert_eq!(id.as_str(), Some("25818875-5F78-4A13-BEF6-D7393642CA58"));
    assert!(borrows(SEED, id.raw()));
    let j = &r.jobs()[0];
    assert!(borrows(SEED, j.id.unwrap().raw()));
    assert_eq!(j.code.unwrap().as_str(), Some(""));
    let out = j.snapshot_config.as_ref().unwrap().output_file.as_ref();
    assert!(borrows(SEED, out.unwrap().bucket.unwrap().raw()));
}

#[test]
fn lists_come_from_the_schema() {
    // One item is a list of one.
    assert_eq!(decode(&job("<Id>a</Id>")).unwrap().jobs().len(), 1);
    // Several, with whitespace, comments and PIs between them.
    let x = doc(
        "<SnapshotJobList>\n <SnapshotJob><Id>a</Id></SnapshotJob> <!-- c -->\n\
         <?pi x?><SnapshotJob/><SnapshotJob><Id>c</Id></SnapshotJob></SnapshotJobList>",
    );
    let r = decode(&x).unwrap();
    let ids: Vec<_> = r.jobs().iter().map(|j| j.id.map(|t| t.raw())).collect();
    assert_eq!(ids, [Some("a"), None, Some("c")]);
    // Empty and self-closing wrappers, with or without attributes.
    for w in [
        "<SnapshotJobList/>",
        "<SnapshotJobList />",
        "<SnapshotJobList list=\"true\"/>",
        "<SnapshotJobList list=\"true\"></SnapshotJobList>",
        "<SnapshotJobList>\n  <!-- none -->\n</SnapshotJobList>",
    ] {
        let x = doc(w);
        let r = decode(&x).unwrap();
        assert!(r.snapshot_job_list.is_some() && r.jobs().is_empty(), "{w}");
    }
    // Texts, escaped or not.
    let x = doc(
        "<NonExistSnapshotJobIds><String>x1</String><String> x&amp;2 </String></NonExistSnapshotJobIds>",
    );
    let r = decode(&x).unwrap();
    let ids = r.non_existent_ids();
    assert_eq!(ids, ["x1", "x&2"]);
    assert!(!ids[0].is_escaped() && ids[1].is_escaped());
    // 64-bit integers, from their decoded, trimmed text.
    let x = job(
        "<SnapshotConfig><TimeArray><TimePointList>-5</TimePointList><TimePointList>0</TimePointList>\
         <TimePointList> 9223372036854775807 </TimePointList><TimePointList>-9223372036854775808</TimePointList>\
         <TimePointList>&#49;2</TimePointList><TimePointList><![CDATA[7]]></TimePointList></TimeArray></SnapshotConfig>",
    );
    let r = decode(&x).unwrap();
    assert_eq!(time_points(&r), [-5, 0, i64::MAX, i64::MIN, 12, 7]);
    let x = job("<SnapshotConfig><TimeArray/></SnapshotConfig>");
    assert!(time_points(&decode(&x).unwrap()).is_empty());
}

#[test]
fn integer_items_that_are_not_64_bit_integers_are_located() {
    for bad in [
        "",
        "-",
        "+1",
        "1.5",
        "1 2",
        "0x10",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999999999999999999999",
        "1&#32;2",
    ] {
        let x = job(&format!(
            "<SnapshotConfig><TimeArray><TimePointList>1</TimePointList>\
             <TimePointList> {bad} </TimePointList></TimeArray></SnapshotConfig>"
        ));
        let e = fails(&x);
        assert_eq!(e.kind(), DecodeErrorKind::Schema, "{bad:?}: {e}");
        assert!(e.message().contains("64-bit integer"), "{bad:?}: {e}");
        assert_eq!(
            e.path(),
            "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[1]",
            "{bad:?}"
        );
        if !bad.is_empty() {
            let at = x.find(&format!(" {bad} ")).unwrap() + 1;
            assert_eq!(e.offset(), Some(at), "{bad:?}: {e}");
        }
    }
    // In a list of structs, the failing item's index is in the path.
    let x = doc(
        "<SnapshotJobList><SnapshotJob/><SnapshotJob/><SnapshotJob><SnapshotConfig><TimeArray>\
         <TimePointList>x</TimePointList></TimeArray></SnapshotConfig></SnapshotJob></SnapshotJobList>",
    );
    let e = fails(&x);
    assert_eq!(
        e.path(),
        "SnapshotJobList.SnapshotJob[2].SnapshotConfig.TimeArray.TimePointList[0]"
    );
    assert_eq!(e.offset(), Some(x.find(">x<").unwrap() + 1));
}

#[test]
fn a_repeated_member_is_an_error() {
    let e = fails(&doc("<RequestId>a</RequestId><RequestId>b</RequestId>"));
    assert!(e.message().contains("duplicate field `RequestId`"), "{e}");
    // A list interrupted by another element.
    let e = fails(&doc(
        "<SnapshotJobList><SnapshotJob/><Other/><SnapshotJob/></SnapshotJobList>",
    ));
    assert!(e.message().contains("duplicate field `SnapshotJob`"), "{e}");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob");
    // The same wrapper twice.
    let e = fails(&doc("<SnapshotJobList/><SnapshotJobList/>"));
    assert!(
        e.message().contains("duplicate field `SnapshotJobList`"),
        "{e}"
    );
}

#[test]
fn unknown_elements_are_skipped_at_every_level() {
    let x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- before -->\n<?pi before?>\n\
         <{ROOT} xmlns=\"urn:x\" a='1'>\
         <Unknown>text<b>mixed <c/> content &amp; <![CDATA[<x>]]></b><!-- --></Unknown>\
         <RequestId>r</RequestId>\
         <SnapshotJobList list=\"true\"><Extra/><SnapshotJob>\
           <Extra><Deep><Deeper>1</Deeper></Deep></Extra>\
           <Id>i</Id>\
           <SnapshotConfig><Other>vtt</Other><OutputFile><Bucket>b</Bucket><X y=\"z\"/></OutputFile>\
             <TimeArray><Other>1</Other><TimePointList>3</TimePointList></TimeArray></SnapshotConfig>\
         </SnapshotJob><Trailing>t</Trailing></SnapshotJobList>\
         <Tail/></{ROOT}>\n<!-- after --><?pi after?>\n"
    );
    let r = decode(&x).unwrap();
    assert_eq!(r.request_id.unwrap(), "r");
    let j = &r.jobs()[0];
    assert_eq!(j.id.unwrap(), "i");
    let c = j.snapshot_config.as_ref().unwrap();
    assert_eq!(c.output_file.as_ref().unwrap().bucket.unwrap(), "b");
    assert_eq!(time_points(&r), [3]);
}

#[test]
fn structure_errors_are_located() {
    // Text directly inside a struct or a wrapper, at its first byte.
    let e = fails(&doc("hello<RequestId>a</RequestId>"));
    assert!(e.message().contains("text directly inside"), "{e}");
    assert_eq!((e.path(), e.offset()), ("", Some(ROOT.len() + 2)));
    for text in ["x", "<![CDATA[x]]>", "&#65;"] {
        let e = fails(&doc(&format!("<SnapshotJobList>{text}</SnapshotJobList>")));
        assert!(e.message().contains("text directly inside"), "{text}: {e}");
        assert_eq!(e.path(), "SnapshotJobList", "{text}");
    }
    // Whitespace as references or CDATA inside a struct is fine.
    decode(&doc(
        "&#32;<SnapshotJobList><![CDATA[ ]]>&#10;</SnapshotJobList>",
    ))
    .unwrap();
    // A child element inside a leaf.
    let e = fails(&doc("<RequestId>a<b>c</b></RequestId>"));
    assert!(e.message().contains("child element <b> inside"), "{e}");
    assert_eq!(e.path(), "RequestId");
    // Mismatched end tags, in known and in skipped content.
    let e = fails(&doc("<RequestId>a</Requestid>"));
    assert!(
        e.message()
            .contains("</Requestid> does not match start tag <RequestId>"),
        "{e}"
    );
    let e = fails(&doc("<Unknown><a></b></Unknown>"));
    assert!(e.message().contains("</b> does not match"), "{e}");
    assert_eq!(e.path(), "Unknown.a");
    // Tags in skipped content.
    for (bad, reason) in [("<a x></a>", "expected `=`"), ("< a/>", "`<` in text")] {
        let e = fails(&doc(&format!("<Unknown>{bad}</Unknown>")));
        assert!(e.message().contains(reason), "{bad:?}: {e}");
    }
    decode(&doc(
        "<Unknown><a x = \"1\" y='&amp;\"' z=\"'\"/></Unknown>",
    ))
    .unwrap();
}

#[test]
fn a_wrong_root_element_is_named() {
    let e = fails("<Error><Code>x</Code></Error>");
    assert_eq!(e.kind(), DecodeErrorKind::Schema);
    assert_eq!(
        e.message(),
        "expected root element <QuerySnapshotJobListResponse>, found <Error>"
    );
    assert_eq!(e.offset(), Some(0));
}

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
    assert_eq!(r.next_page_token.unwrap().as_str(), Some("x"));
    let x = doc("<RequestId>&#32;x&#32;</RequestId><NextPageToken> &#9;&#10; </NextPageToken>");
    let r = decode(&x).unwrap();
    assert_eq!(r.request_id.unwrap(), "x");
    assert_eq!(r.next_page_token.unwrap(), "");
    assert!(r.next_page_token.unwrap().is_empty());
}

#[test]
fn every_entity_and_reference_in_a_leaf() {
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
        assert_eq!(e.kind(), DecodeErrorKind::Syntax, "{bad}: {e}");
        assert_eq!(e.path(), "RequestId", "{bad}: {e}");
        assert_eq!(e.offset(), x.find('&'), "{bad}: {e}");
    }
}

#[test]
fn every_truncation_fails_without_panic() {
    let full = format!(
        "<?xml version=\"1.0\"?><!-- c -->{}",
        SEED.replace(
            "<Time>4</Time>",
            "<Time>4&amp;<![CDATA[x]]><!--y--></Time>\
             <TimeArray><TimePointList>1</TimePointList></TimeArray>"
        )
    );
    decode(&full).unwrap();
    let end = full.rfind('>').unwrap() + 1;
    for cut in 0..end {
        if let Some(prefix) = full.get(..cut) {
            assert!(decode(prefix).is_err(), "prefix of {cut} bytes accepted");
        }
    }
}

#[test]
fn mutations_never_panic() {
    let base = job(
        "<Id a=\"1\">x&amp;y</Id><SnapshotConfig><Time><![CDATA[1]]></Time><TimeArray>\
         <TimePointList>1</TimePointList></TimeArray></SnapshotConfig><!-- c --><?p?>",
    );
    for at in 0..base.len() {
        for insert in [
            "<",
            ">",
            "&",
            "/",
            "]]>",
            "<!--",
            "<![CDATA[",
            "\u{1}",
            "\"",
            "\r",
            "<?",
            "</a>",
            "<a>",
        ] {
            let mut m = String::from(&base[..at]);
            m.push_str(insert);
            m.push_str(&base[at..]);
            let _ = decode(&m);
        }
        let mut m = String::from(&base[..at]);
        m.push_str(&base[at + 1..]);
        let _ = decode(&m);
    }
}

#[test]
fn depth_limit_counts_known_and_unknown_elements() {
    // Five known levels (root, list, job, config, output file), then unknown ones.
    let known = |inner: &str| {
        job(&format!(
            "<SnapshotConfig><OutputFile>{inner}</OutputFile></SnapshotConfig>"
        ))
    };
    decode(&known(&nested(MAX_DEPTH - 5, "a"))).unwrap();
    let x = known(&nested(MAX_DEPTH - 4, "a"));
    let e = fails(&x);
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
    assert!(e.message().contains("nested too deeply"), "{e}");
    let first = x.find("<a>").unwrap();
    assert_eq!(e.offset(), Some(first + (MAX_DEPTH - 5) * 3));
    // 64 elements' names do not fit in a path: the innermost are kept.
    let path = format!("…SnapshotConfig.OutputFile{}", ".a".repeat(MAX_DEPTH - 5));
    assert_eq!(e.path(), path);
    // Millions deep, unknown: fails at the limit, without recursion.
    let x = doc(&nested(5_000_000, "a"));
    let e = fails(&x);
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep, "{e}");
    assert_eq!(e.offset(), Some(ROOT.len() + 2 + (MAX_DEPTH - 1) * 3));
    assert!(e.path().starts_with("a.a.a"), "{e}");
    // Inside a leaf: a child element is the error.
    let e = fails(&doc(&format!(
        "<RequestId>{}</RequestId>",
        nested(5_000_000, "a")
    )));
    assert!(e.message().contains("child element <a>"), "{e}");
}

#[test]
fn long_paths_are_truncated_at_the_front() {
    let name = "N".repeat(50);
    let e = fails(&format!("<{ROOT}>{}&bad;", format!("<{name}>").repeat(10)));
    assert!(e.path().starts_with("…N"), "{}", e.path());
    assert!(e.path().ends_with(&name));
    assert!(e.path().len() <= PATH_CAPACITY);
    // The innermost name alone too long: its start is kept, cut with `…`.
    let huge = "M".repeat(500);
    let e = fails(&format!("<{ROOT}><{huge}>&bad;"));
    assert!(
        e.path().starts_with("…MMM") && e.path().ends_with('…'),
        "{}",
        e.path()
    );
    assert!(e.path().len() <= PATH_CAPACITY);
}

#[test]
fn errors_display_kind_reason_offset_and_field_path() {
    let x = doc(&format!(
        "<SnapshotJobList>{}<SnapshotJob><State><b/></State></SnapshotJob></SnapshotJobList>",
        "<SnapshotJob/>".repeat(3)
    ));
    let e = fails(&x);
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert_eq!(e.format(), Some(Format::Xml));
    // The JSON decoder's form: root left out, `.` between names, list indices.
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[3].State");
    assert_eq!(e.offset(), x.find("<b/>"));
    // Line and column as JSON errors give them: the body is one line.
    let at = x.find("<b/>").unwrap();
    assert_eq!(e.line_column(), Some((1, at + 1)));
    assert_eq!(
        e.to_string(),
        format!(
            "cannot decode XML body: child element <b> inside an element that holds text \
             at byte {at} (line 1, column {}) in SnapshotJobList.SnapshotJob[3].State",
            at + 1
        )
    );
    // Outside the root element: no path. Lines count from the body's line breaks.
    let root = doc("");
    let body = format!("{root}\n \n  <second/>");
    let e = fails(&body);
    assert_eq!(e.path(), "");
    assert_eq!(e.line_column(), Some((3, 3)));
    assert_eq!(
        e.to_string(),
        format!(
            "cannot decode XML body: content after the root element at byte {} (line 3, column 3)",
            body.len() - "<second/>".len()
        )
    );
}

#[test]
fn errors_serde_raises_are_located_in_the_innermost_element() {
    let x = doc(
        "<SnapshotJobList><SnapshotJob/><SnapshotJob><Id>a</Id><Id>b</Id></SnapshotJob>\
         </SnapshotJobList>",
    );
    let e = fails(&x);
    assert_eq!(e.kind(), DecodeErrorKind::Schema, "{e}");
    assert_eq!(e.message(), "duplicate field `Id`");
    assert_eq!(e.path(), "SnapshotJobList.SnapshotJob[1].Id");
    assert_eq!(e.offset(), Some(x.find("<Id>b").unwrap() + "<Id>".len()));
}

#[test]
fn long_messages_are_cut_on_a_character_boundary() {
    let name = "é".repeat(200);
    for (body, start) in [
        (
            format!("<{name}/>"),
            format!("expected root element <{ROOT}>, found <éé"),
        ),
        (
            doc(&format!("<RequestId>a</{name}>")),
            "end tag </éé".to_owned(),
        ),
    ] {
        let e = fails(&body);
        let message = e.message();
        assert!(message.starts_with(&start), "{message}");
        assert!(message.ends_with("é…"), "{message}");
        assert!(message.len() <= MESSAGE_CAPACITY, "{}", message.len());
        assert!(e.to_string().contains(message), "{e}");
    }
}
