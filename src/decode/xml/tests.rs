//! Reader and deserializer tests on small local models shaped like the MTS response.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::Deserialize;

use super::error::XmlError;
use super::{MAX_DEPTH, from_xml};
use crate::text::Text;

mod leaves;

#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct Response<'a> {
    #[serde(borrow)]
    request_id: Option<Text<'a>>,
    #[serde(borrow)]
    next_page_token: Option<Text<'a>>,
    #[serde(borrow)]
    non_exist_snapshot_job_ids: Option<Ids<'a>>,
    #[serde(borrow)]
    snapshot_job_list: Option<JobList<'a>>,
}

#[derive(Deserialize, Debug)]
struct Ids<'a> {
    #[serde(rename = "String", default, borrow)]
    items: Vec<Text<'a>>,
}

#[derive(Deserialize, Debug)]
struct JobList<'a> {
    #[serde(rename = "SnapshotJob", default, borrow)]
    items: Vec<Job<'a>>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct Job<'a> {
    #[serde(borrow)]
    id: Option<Text<'a>>,
    #[serde(borrow)]
    state: Option<Text<'a>>,
    #[serde(borrow)]
    code: Option<Text<'a>>,
    #[serde(borrow)]
    message: Option<Text<'a>>,
    #[serde(borrow)]
    snapshot_config: Option<Config<'a>>,
    #[serde(borrow)]
    user_data: Option<Text<'a>>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct Config<'a> {
    #[serde(borrow)]
    time: Option<Text<'a>>,
    #[serde(borrow)]
    output_file: Option<OssFile<'a>>,
    time_array: Option<TimeArray>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct OssFile<'a> {
    #[serde(borrow)]
    bucket: Option<Text<'a>>,
    #[serde(borrow)]
    object: Option<Text<'a>>,
}

#[derive(Deserialize, Debug)]
#[allow(non_snake_case)]
struct TimeArray {
    #[serde(default)]
    TimePointList: Vec<i64>,
}

const ROOT: &str = "QuerySnapshotJobListResponse";

fn decode(xml: &str) -> Result<Response<'_>, XmlError> {
    from_xml(xml, ROOT)
}

fn fails(xml: &str) -> XmlError {
    match decode(xml) {
        Ok(v) => panic!("accepted {xml:?} as {v:?}"),
        Err(e) => e,
    }
}

/// Wraps `inner` in the response root.
fn doc(inner: &str) -> String {
    format!("<{ROOT}>{inner}</{ROOT}>")
}

fn job(inner: &str) -> String {
    doc(&format!(
        "<SnapshotJobList><SnapshotJob>{inner}</SnapshotJob></SnapshotJobList>"
    ))
}

fn jobs<'r, 'a>(r: &'r Response<'a>) -> &'r [Job<'a>] {
    &r.snapshot_job_list.as_ref().unwrap().items
}

const SEED: &str = r#"<QuerySnapshotJobListResponse>
        <RequestId>
            25818875-5F78-4A13-BEF6-D7393642CA58
        </RequestId>
        <SnapshotJobList list="true">
                <SnapshotJob>
                    <Id>88c6ca184c0e47098a5b665e2a126797</Id>
                    <State>Success</State>
                    <Code> </Code>
                    <Message> </Message>
                    <SnapshotConfig>
                       <OutputFile>
                         <Bucket>example-001</Bucket>
                         <Location>oss-cn-hangzhou</Location>
                         <Object>example.png</Object>
                       </OutputFile>
                       <Time>4</Time>
                    </SnapshotConfig>
                    <PipelineId>88c6ca184c0e47098a5b665e2a126797</PipelineId>
                    <UserData>testid-001</UserData>
                    <CreationTime>2014-01-10T12:00:00Z</CreationTime>
                </SnapshotJob>
        </SnapshotJobList>
    </QuerySnapshotJobListResponse>"#;

/// Whether `text` borrows from `body` (zero copy).
fn borrows(body: &str, text: &str) -> bool {
    let range = body.as_bytes().as_ptr_range();
    range.contains(&text.as_ptr()) || text.is_empty()
}

#[test]
fn seed_example() {
    let r = decode(SEED).unwrap();
    let id = r.request_id.unwrap();
    assert_eq!(id, "25818875-5F78-4A13-BEF6-D7393642CA58");
    assert_eq!(id.as_str(), Some("25818875-5F78-4A13-BEF6-D7393642CA58"));
    assert!(borrows(SEED, id.raw()));
    let jobs = jobs(&r);
    assert_eq!(jobs.len(), 1);
    let j = &jobs[0];
    assert_eq!(j.id.unwrap(), "88c6ca184c0e47098a5b665e2a126797");
    assert_eq!(j.state.unwrap(), "Success");
    assert_eq!(j.code.unwrap(), "");
    assert_eq!(j.code.unwrap().as_str(), Some(""));
    assert_eq!(j.message.unwrap(), "");
    assert_eq!(j.user_data.unwrap(), "testid-001");
    let c = j.snapshot_config.as_ref().unwrap();
    assert_eq!(c.time.unwrap(), "4");
    let out = c.output_file.as_ref().unwrap();
    assert_eq!(out.bucket.unwrap(), "example-001");
    assert_eq!(out.object.unwrap(), "example.png");
    assert!(c.time_array.is_none());
    assert!(r.next_page_token.is_none() && r.non_exist_snapshot_job_ids.is_none());
}

#[test]
fn lists_come_from_the_schema() {
    // One item is a list of one.
    let x = job("<Id>a</Id>");
    assert_eq!(jobs(&decode(&x).unwrap()).len(), 1);
    // Several, with whitespace, comments and PIs between them.
    let x = doc(
        "<SnapshotJobList>\n <SnapshotJob><Id>a</Id></SnapshotJob> <!-- c -->\n\
         <?pi x?><SnapshotJob/><SnapshotJob><Id>c</Id></SnapshotJob></SnapshotJobList>",
    );
    let r = decode(&x).unwrap();
    let ids: Vec<String> = jobs(&r)
        .iter()
        .map(|j| j.id.map(|t| t.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "", "c"]);
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
        assert!(jobs(&r).is_empty(), "{w}");
    }
    // Text lists and integer lists.
    let x = doc(
        "<NonExistSnapshotJobIds><String>x1</String><String> x&amp;2 </String></NonExistSnapshotJobIds>",
    );
    let r = decode(&x).unwrap();
    let ids = &r.non_exist_snapshot_job_ids.unwrap().items;
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], "x1");
    assert_eq!(ids[1], "x&2");
    assert!(ids[1].is_escaped());
    let x = job(
        "<SnapshotConfig><TimeArray><TimePointList>-5</TimePointList><TimePointList>0</TimePointList>\
         <TimePointList> 9223372036854775807 </TimePointList><TimePointList>-9223372036854775808</TimePointList>\
         <TimePointList>&#49;2</TimePointList><TimePointList><![CDATA[7]]></TimePointList></TimeArray></SnapshotConfig>",
    );
    let r = decode(&x).unwrap();
    let times = &jobs(&r)[0]
        .snapshot_config
        .as_ref()
        .unwrap()
        .time_array
        .as_ref()
        .unwrap()
        .TimePointList;
    assert_eq!(times, &[-5, 0, i64::MAX, i64::MIN, 12, 7]);
    let x = job("<SnapshotConfig><TimeArray/></SnapshotConfig>");
    let r = decode(&x).unwrap();
    assert!(
        jobs(&r)[0]
            .snapshot_config
            .as_ref()
            .unwrap()
            .time_array
            .as_ref()
            .unwrap()
            .TimePointList
            .is_empty()
    );
}

#[test]
fn a_repeated_member_is_an_error() {
    // A non-list member twice.
    let e = fails(&doc("<RequestId>a</RequestId><RequestId>b</RequestId>"));
    assert!(e.message().contains("duplicate field `RequestId`"), "{e}");
    // A list member interrupted by another element.
    let e = fails(&doc(
        "<SnapshotJobList><SnapshotJob/><Other/><SnapshotJob/></SnapshotJobList>",
    ));
    assert!(e.message().contains("duplicate field `SnapshotJob`"), "{e}");
    assert_eq!(e.path(), format!("{ROOT}/SnapshotJobList/SnapshotJob"));
    // The same wrapper twice.
    let e = fails(&doc("<SnapshotJobList/><SnapshotJobList/>"));
    assert!(e.message().contains("duplicate field"), "{e}");
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
           <SnapshotConfig><Format>vtt</Format><OutputFile><Bucket>b</Bucket><X y=\"z\"/></OutputFile>\
             <TimeArray><Other>1</Other><TimePointList>3</TimePointList></TimeArray></SnapshotConfig>\
         </SnapshotJob><Trailing>t</Trailing></SnapshotJobList>\
         <Tail/></{ROOT}>\n<!-- after --><?pi after?>\n"
    );
    let r = decode(&x).unwrap();
    assert_eq!(r.request_id.unwrap(), "r");
    let j = &jobs(&r)[0];
    assert_eq!(j.id.unwrap(), "i");
    let c = j.snapshot_config.as_ref().unwrap();
    assert_eq!(c.output_file.as_ref().unwrap().bucket.unwrap(), "b");
    assert_eq!(c.time_array.as_ref().unwrap().TimePointList, [3]);
}

#[test]
fn structure_errors() {
    // Text directly inside a struct or a wrapper.
    let e = fails(&doc("hello<RequestId>a</RequestId>"));
    assert!(e.message().contains("text directly inside"), "{e}");
    assert_eq!(e.path(), ROOT);
    assert_eq!(e.offset(), ROOT.len() + 2);
    let e = fails(&doc("<SnapshotJobList>x</SnapshotJobList>"));
    assert!(e.message().contains("text directly inside"), "{e}");
    let e = fails(&doc("<SnapshotJobList><![CDATA[x]]></SnapshotJobList>"));
    assert!(e.message().contains("text directly inside"), "{e}");
    let e = fails(&doc("<SnapshotJobList>&#65;</SnapshotJobList>"));
    assert!(e.message().contains("text directly inside"), "{e}");
    // Whitespace as references or CDATA inside a struct is fine.
    decode(&doc(
        "&#32;<SnapshotJobList><![CDATA[ ]]>&#10;</SnapshotJobList>",
    ))
    .unwrap();
    // A child element inside a leaf.
    let e = fails(&doc("<RequestId>a<b>c</b></RequestId>"));
    assert!(e.message().contains("child element <b> inside"), "{e}");
    assert_eq!(e.path(), format!("{ROOT}/RequestId"));
    // Mismatched and stray end tags.
    let e = fails(&doc("<RequestId>a</Requestid>"));
    assert!(
        e.message()
            .contains("</Requestid> does not match start tag <RequestId>"),
        "{e}"
    );
    let e = fails(&doc("<Unknown><a></b></Unknown>"));
    assert!(e.message().contains("</b> does not match"), "{e}");
    assert_eq!(e.path(), format!("{ROOT}/Unknown/a"));
    let e = fails(&format!("<{ROOT}></{ROOT}></{ROOT}>"));
    assert!(e.message().contains("after the root"), "{e}");
    // Tags and attributes.
    for (bad, reason) in [
        ("<a x></a>", "expected `=`"),
        ("<a x=1></a>", "quoted attribute value"),
        ("<a x=\"<\"></a>", "`<` in an attribute value"),
        ("<a x=\"&\"></a>", "`&` that does not start"),
        ("<a x=\"1\"y=\"2\"></a>", "malformed start tag"),
        ("<a/ >", "expected `>` after `/`"),
        ("<a></a x>", "malformed end tag"),
        ("< a/>", "`<` in text"),
        ("<1a/>", "`<` in text"),
    ] {
        let e = fails(&doc(&format!("<Unknown>{bad}</Unknown>")));
        assert!(e.message().contains(reason), "{bad:?}: {e}");
    }
    decode(&doc(
        "<Unknown><a x = \"1\" y='&amp;\"' z=\"'\"/></Unknown>",
    ))
    .unwrap();
}

#[test]
fn document_level_rules() {
    let e = fails(
        "<!DOCTYPE QuerySnapshotJobListResponse [<!ENTITY a \"b\">]><QuerySnapshotJobListResponse/>",
    );
    assert!(e.message().contains("DOCTYPE"), "{e}");
    assert_eq!(e.offset(), 0);
    let e = fails("<?xml version=\"1.0\"?><!DOCTYPE x><x/>");
    assert!(e.message().contains("DOCTYPE"), "{e}");
    let e = fails("<Error><Code>x</Code></Error>");
    assert_eq!(
        e.message(),
        "expected root element <QuerySnapshotJobListResponse>, found <Error>"
    );
    assert_eq!(e.offset(), 0);
    let e = fails("text");
    assert!(e.message().contains("text before the root"), "{e}");
    assert!(fails("").message().contains("no root element"));
    assert!(fails("  <!-- -->  ").message().contains("no root element"));
    let e = fails(&format!("{}<x/>", doc("")));
    assert!(e.message().contains("content after the root"), "{e}");
    let e = fails(&format!("{} text", doc("")));
    assert!(e.message().contains("content after the root"), "{e}");
    // BOM, declaration, self-closing root.
    decode(&format!("\u{feff}<?xml version=\"1.0\"?><{ROOT}/>")).unwrap();
}

#[test]
fn every_truncation_fails_without_panic() {
    let full = format!(
        "<?xml version=\"1.0\"?><!-- c -->{}",
        &SEED.replace("<Time>4</Time>", "<Time>4&amp;<![CDATA[x]]><!--y--></Time><TimeArray><TimePointList>1</TimePointList></TimeArray>")
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

/// Only ever deserialized, to nest.
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Node {
    a: Option<Box<Node>>,
}

fn nested(levels: usize, open: &str, close: &str) -> String {
    let mut s = String::with_capacity(levels * (open.len() + close.len()));
    for _ in 0..levels {
        s.push_str(open);
    }
    for _ in 0..levels {
        s.push_str(close);
    }
    s
}

#[test]
fn depth_limit_known_and_unknown() {
    const LEVELS: usize = 5_000_000;
    let deep = nested(LEVELS, "<a>", "</a>");
    // Known at every level: a recursive model.
    let e = from_xml::<Node>(&deep, "a").unwrap_err();
    assert!(e.message().contains("nested too deeply"), "{e}");
    assert_eq!(e.offset(), MAX_DEPTH * 3);
    assert!(e.path().starts_with("a/a/a"));
    // Unknown, skipped content.
    let x = doc(&deep);
    let e = fails(&x);
    assert!(e.message().contains("nested too deeply"), "{e}");
    assert_eq!(e.offset(), ROOT.len() + 2 + (MAX_DEPTH - 1) * 3);
    // Inside a leaf.
    let e = fails(&doc(&format!("<RequestId>{deep}</RequestId>")));
    assert!(e.message().contains("child element <a>"), "{e}");
    // Self-closing innermost, and up to the limit exactly.
    let ok = nested(MAX_DEPTH - 1, "<a>", "</a>");
    decode(&doc(&ok)).unwrap();
    from_xml::<Node>(&nested(MAX_DEPTH, "<a>", "</a>"), "a").unwrap();
    assert!(from_xml::<Node>(&nested(MAX_DEPTH + 1, "<a>", "</a>"), "a").is_err());
}

#[test]
fn long_paths_are_truncated_at_the_front() {
    let name = "N".repeat(50);
    let open = format!("<{name}>");
    let body = format!("{}&bad;", open.repeat(10));
    let e = from_xml::<Node>(&body, &name).unwrap_err();
    assert!(e.path().starts_with("…/"), "{}", e.path());
    assert!(e.path().ends_with(&name));
    assert!(e.path().len() <= super::error::PATH_CAPACITY);
    let huge = "M".repeat(500);
    let e = from_xml::<Node>(&format!("<{huge}>&bad;"), &huge).unwrap_err();
    assert!(
        e.path().starts_with("MMM") && e.path().ends_with('…'),
        "{}",
        e.path()
    );
    assert!(e.path().len() <= super::error::PATH_CAPACITY);
    let e = from_xml::<Node>(&format!("<a><{huge}>&bad;"), "a").unwrap_err();
    assert!(
        e.path().starts_with("…/MMM") && e.path().ends_with('…'),
        "{}",
        e.path()
    );
    assert!(e.path().len() <= super::error::PATH_CAPACITY);
}
