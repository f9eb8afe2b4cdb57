//! The model decoded member by member: names, `null`, duplicates, lists, through the
//! public `Deserialize` impls (JSON) and `decode` (XML).

use mts_codec::api_error::ApiError;
use mts_codec::query_snapshot_job_list::{JobState, QuerySnapshotJobListResponse, SnapshotJob};
use mts_codec::{DecodeError, DecodeErrorKind, Format};

const ROOT: &str = "QuerySnapshotJobListResponse";
const SEED: &str = include_str!("../../data/xml/seed.xml");

fn response(body: &str) -> Result<QuerySnapshotJobListResponse<'_>, DecodeError> {
    QuerySnapshotJobListResponse::decode(Format::Xml, body.as_bytes())
}

#[test]
fn escaped_member_names_are_matched_decoded() {
    let e: ApiError<'_> =
        serde_json::from_str(r#"{"Co\u0064e":"X","Unknown":[1,{"a":2}]}"#).unwrap();
    assert_eq!(e.code.unwrap(), "X");
}

#[test]
fn escaped_member_names_are_matched_decoded_by_decode_too() {
    // `decode` reads the names of a body with an escaped one as raw tokens.
    let body = br#"{"Snapshot\u004aobList":{"SnapshotJob":[{"\u0049d":"1","St\u0061te":"Fail",
        "Unkn\u006fwn":[1,{"\u0061":"\n"}],"Input":{"Buck\u0065t":"in","Object":"o"}}]},
        "Request\/Id":"x","RequestId":"r"}"#;
    let r = QuerySnapshotJobListResponse::decode(Format::Json, body).unwrap();
    assert_eq!(r.request_id.unwrap(), "r");
    let job = &r.jobs()[0];
    assert_eq!(job.id.unwrap(), "1");
    assert_eq!(job.state, Some(JobState::Fail));
    assert_eq!(job.input.as_ref().unwrap().bucket.unwrap(), "in");

    let twice = br#"{"RequestId":"a","Request\u0049d":"b"}"#;
    let e = QuerySnapshotJobListResponse::decode(Format::Json, twice).unwrap_err();
    assert!(e.to_string().contains("duplicate field `RequestId`"), "{e}");

    let lone = br#"{"RequestId\ud800":"a"}"#;
    let e = QuerySnapshotJobListResponse::decode(Format::Json, lone).unwrap_err();
    assert!(
        e.to_string()
            .contains("lone UTF-16 surrogate in \\u escape at byte 9 of the member name"),
        "{e}"
    );
}

#[test]
fn null_is_absent_and_still_counts_as_given() {
    let r: QuerySnapshotJobListResponse<'_> =
        serde_json::from_str(r#"{"SnapshotJobList":null,"RequestId":null}"#).unwrap();
    assert_eq!(r, QuerySnapshotJobListResponse::default());
    let e = serde_json::from_str::<SnapshotJob<'_>>(r#"{"Input":null,"Input":{}}"#).unwrap_err();
    assert!(e.to_string().starts_with("duplicate field `Input`"), "{e}");
}

#[test]
fn structs_come_from_objects_only() {
    let e = serde_json::from_str::<SnapshotJob<'_>>(r#"["id"]"#).unwrap_err();
    assert!(e.to_string().contains("expected an object"), "{e}");
    let e = serde_json::from_str::<SnapshotJob<'_>>(r#"{"Input":"x"}"#).unwrap_err();
    assert!(e.to_string().contains("expected an object"), "{e}");
}

#[test]
fn lists_fill_in_place_and_keep_their_order() {
    let r: QuerySnapshotJobListResponse<'_> = serde_json::from_str(
        r#"{"SnapshotJobList":{"SnapshotJob":[{"Id":"a"},{},{"Id":"c"}]},
            "NonExistSnapshotJobIds":{"String":["x","y"]}}"#,
    )
    .unwrap();
    let ids: Vec<_> = r.jobs().iter().map(|j| j.id.map(|t| t.raw())).collect();
    assert_eq!(ids, [Some("a"), None, Some("c")]);
    assert_eq!(r.non_existent_ids(), ["x", "y"]);
    assert!(r.jobs().len() <= r.snapshot_job_list.unwrap().snapshot_job.capacity());
}

#[test]
fn seed_example_decodes_through_the_model() {
    let r = response(SEED).unwrap();
    let id = r.request_id.unwrap();
    assert_eq!(id.as_str(), Some("25818875-5F78-4A13-BEF6-D7393642CA58"));
    let jobs = r.jobs();
    assert_eq!(jobs.len(), 1);
    let j = &jobs[0];
    assert_eq!(j.id.unwrap(), "88c6ca184c0e47098a5b665e2a126797");
    assert_eq!(j.state, Some(JobState::Success));
    assert_eq!(j.code.unwrap().as_str(), Some(""));
    assert_eq!(j.message.unwrap().as_str(), Some(""));
    assert_eq!(j.pipeline_id.unwrap(), "88c6ca184c0e47098a5b665e2a126797");
    assert_eq!(j.user_data.unwrap(), "testid-001");
    assert_eq!(j.creation_time.unwrap(), "2014-01-10T12:00:00Z");
    let c = j.snapshot_config.as_ref().unwrap();
    assert_eq!(c.time.unwrap().get(), Ok(4));
    assert_eq!(c.time.unwrap().text(), "4");
    let out = c.output_file.as_ref().unwrap();
    assert_eq!(out.bucket.unwrap(), "example-001");
    assert_eq!(out.location.unwrap(), "oss-cn-hangzhou");
    assert_eq!(out.object.unwrap(), "example.png");
    assert!(out.role_arn.is_none() && c.time_array.is_none() && j.input.is_none());
    assert!(r.next_page_token.is_none() && r.non_exist_snapshot_job_ids.is_none());
}

#[test]
fn every_member_with_escapes_and_unknowns() {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{ROOT}>\
         <RequestId>r</RequestId><NextPageToken>t</NextPageToken>\
         <NonExistSnapshotJobIds><String>a</String><String>b&amp;c</String></NonExistSnapshotJobIds>\
         <Unknown><Deep><Deeper a=\"1\">x</Deeper></Deep></Unknown>\
         <SnapshotJobList><SnapshotJob><Id>1</Id><State>Fail</State><Code>InvalidParameter</Code>\
         <Message>The resource operated &quot;InputFile&quot; is bad</Message><Count>3</Count>\
         <TileCount>1</TileCount><Input><Bucket>in</Bucket><Object>a%2Fb.mp4</Object><Extra/></Input>\
         <SnapshotConfig><Format>vtt</Format><Interval>10</Interval><FrameType>intra</FrameType>\
         <TimeArray><TimePointList>1</TimePointList><TimePointList> -2 </TimePointList></TimeArray>\
         <TileOut><Lines>10</Lines><IsKeepCellPic>false</IsKeepCellPic><Color>#000000</Color></TileOut>\
         </SnapshotConfig><MNSMessageResult><MessageId>m</MessageId></MNSMessageResult></SnapshotJob>\
         <SnapshotJob><Id>2</Id><State>Snapshoting</State></SnapshotJob></SnapshotJobList></{ROOT}>"
    );
    let r = response(&body).unwrap();
    assert_eq!(r.next_page_token.unwrap(), "t");
    let ids = r.non_existent_ids();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[1], "b&c");
    assert_eq!(r.jobs().len(), 2);
    let j = &r.jobs()[0];
    assert_eq!(j.state, Some(JobState::Fail));
    assert_eq!(
        j.message.unwrap(),
        "The resource operated \"InputFile\" is bad"
    );
    assert_eq!(j.count.unwrap().get(), Ok(3));
    assert_eq!(j.input.as_ref().unwrap().object.unwrap(), "a%2Fb.mp4");
    let c = j.snapshot_config.as_ref().unwrap();
    assert_eq!(c.time_array.as_ref().unwrap().time_point_list, [1, -2]);
    let tile = c.tile_out.as_ref().unwrap();
    assert_eq!(tile.is_keep_cell_pic.unwrap().get(), Ok(false));
    assert_eq!(tile.color.unwrap(), "#000000");
    assert_eq!(
        j.mns_message_result.as_ref().unwrap().message_id.unwrap(),
        "m"
    );
    assert_eq!(r.jobs()[1].state, Some(JobState::Snapshoting));
}

#[test]
fn api_error_body() {
    let body = "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>5C7A</RequestId>\
                <HostId>mts.cn-shanghai.aliyuncs.com</HostId><Code>Throttling.User</Code>\
                <Message>Request was denied due to user flow control.</Message>\
                <Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=Throttling.User&product=Mts]]></Recommend>\
                </Error>";
    let e = ApiError::decode(Format::Xml, body.as_bytes()).unwrap();
    assert_eq!(e.code.unwrap(), "Throttling.User");
    assert_eq!(e.host_id.unwrap(), "mts.cn-shanghai.aliyuncs.com");
    let recommend = e.recommend.unwrap();
    assert!(recommend.is_escaped());
    assert_eq!(
        recommend,
        "https://api.aliyun.com/troubleshoot?q=Throttling.User&product=Mts"
    );
}

#[test]
fn schema_errors_through_the_model() {
    // TimePointList goes through deserialize_any, i.e. the leaf's text.
    let body = format!(
        "<{ROOT}><SnapshotJobList><SnapshotJob><SnapshotConfig><TimeArray>\
         <TimePointList>1x</TimePointList></TimeArray></SnapshotConfig></SnapshotJob>\
         </SnapshotJobList></{ROOT}>"
    );
    let e = response(&body).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Schema);
    assert_eq!(
        e.path(),
        "SnapshotJobList.SnapshotJob[0].SnapshotConfig.TimeArray.TimePointList[0]"
    );
    let e = response(&format!("<{ROOT}><RequestId/><RequestId/></{ROOT}>")).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Schema);
    assert!(e.message().contains("duplicate field `RequestId`"), "{e}");
    let e = response(&format!(
        "<{ROOT}><SnapshotJobList>x</SnapshotJobList></{ROOT}>"
    ))
    .unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Schema);
    assert_eq!(e.path(), "SnapshotJobList");
    let e = response("<Error/>").unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Schema);
    let e = response(&format!("<{ROOT}><RequestId>")).unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::UnexpectedEof);
    let e = response("<!DOCTYPE x><x/>").unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::Syntax);
}

#[test]
fn deep_unknown_content_is_skipped_iteratively_by_the_model() {
    let mut body = String::from("<QuerySnapshotJobListResponse><Unknown>");
    for _ in 0..1_000_000 {
        body.push_str("<a>");
    }
    let e = QuerySnapshotJobListResponse::decode_with(
        Format::Xml,
        body.as_bytes(),
        crate::support::UNLIMITED,
    )
    .unwrap_err();
    assert_eq!(e.kind(), DecodeErrorKind::TooDeep);
    // Just under the limit: accepted.
    let ok = format!(
        "<{ROOT}><Unknown>{}{}</Unknown></{ROOT}>",
        "<a>".repeat(61),
        "</a>".repeat(61)
    );
    response(&ok).unwrap();
    let too_deep = format!(
        "<{ROOT}><Unknown>{}{}</Unknown></{ROOT}>",
        "<a>".repeat(63),
        "</a>".repeat(63)
    );
    assert!(response(&too_deep).is_err());
}

#[test]
fn an_unknown_member_is_skipped_without_reading_its_numbers() {
    let body = br#"{"U":1e999999,"SnapshotJobList":{"SnapshotJob":[{"V":-1e-999999,"Id":"1"}]}}"#;
    let r = QuerySnapshotJobListResponse::decode(Format::Json, body).unwrap();
    assert_eq!(r.jobs()[0].id.unwrap(), "1");
}

/// A time point is an integer by JSON's grammar in both formats: JSON numbers, JSON
/// strings and XML text take and refuse the same literals (no `-0`, no leading zero,
/// nothing outside `i64`).
#[test]
fn json_and_xml_agree_on_time_points() {
    let points = |format: Format, literal: &str| -> Result<Vec<i64>, DecodeError> {
        let body = match format {
            Format::Json => format!(
                r#"{{"SnapshotJobList":{{"SnapshotJob":[{{"SnapshotConfig":{{"TimeArray":
                {{"TimePointList":[{literal}]}}}}}}]}}}}"#
            ),
            Format::Xml => format!(
                "<{ROOT}><SnapshotJobList><SnapshotJob><SnapshotConfig><TimeArray>\
                 <TimePointList>{}</TimePointList></TimeArray></SnapshotConfig>\
                 </SnapshotJob></SnapshotJobList></{ROOT}>",
                literal.trim_matches('"')
            ),
        };
        let r = QuerySnapshotJobListResponse::decode(format, body.as_bytes())?;
        let config = r.jobs()[0].snapshot_config.as_ref().unwrap();
        Ok(config.time_array.as_ref().unwrap().time_point_list.clone())
    };
    for (literal, expected) in [
        ("0", Some(0)),
        ("-1", Some(-1)),
        ("9223372036854775807", Some(i64::MAX)),
        ("-9223372036854775808", Some(i64::MIN)),
        ("-0", None),
        ("007", None),
        ("9223372036854775808", None),
        ("18446744073709551616", None),
        ("-9223372036854775809", None),
        ("1.0", None),
        ("1e3", None),
    ] {
        for literal in [literal.to_owned(), format!(r#""{literal}""#)] {
            for format in [Format::Json, Format::Xml] {
                let got = points(format, &literal);
                match expected {
                    Some(value) => assert_eq!(got.unwrap(), [value], "{format} {literal}"),
                    None => assert!(got.is_err(), "{format} {literal}: {got:?}"),
                }
            }
        }
    }
}
