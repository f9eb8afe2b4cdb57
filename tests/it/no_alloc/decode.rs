//! Decoding allocates nothing for strings, escapes included, and exactly one block per
//! non-empty list, in JSON and in XML: measured with the counting global allocator.

use crate::support::counting_alloc;
use crate::support::{self, FORMATS};

use std::fmt::Write as _;

use counting_alloc::count;
use mts_codec::{Format, Response, decode_response};
use serde_json::{Value, json};

/// Rewrites the first character of every string in `v` (keys excepted) as a `\uXXXX`
/// escape, so that every text field of the body needs decoding.
fn escape_every_string(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut chars = json.chars().peekable();
    let mut in_string = false;
    let mut is_key = false;
    let mut first = false;
    let mut last_structural = ' ';
    while let Some(c) = chars.next() {
        if in_string {
            if first && c != '"' && !is_key {
                write!(out, "\\u{:04x}", c as u32).unwrap();
                first = false;
                continue;
            }
            first = false;
            out.push(c);
            if c == '\\' {
                out.push(chars.next().unwrap());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        out.push(c);
        if c == '"' {
            in_string = true;
            first = true;
            // A string right after `{` or `,` inside an object is a key.
            is_key = matches!(last_structural, '{' | ',');
        } else if !c.is_whitespace() {
            last_structural = c;
        }
        if c == ':' || c == '[' {
            last_structural = c;
        }
    }
    out
}

/// The ten jobs of `tests/data/json/ten_jobs.json` with a time array each, one unknown
/// id, and in XML a user data full of entities: every list is non-empty.
fn ten_jobs() -> Value {
    let template =
        std::fs::read_to_string(support::data_dir("json").join("ten_jobs.json")).unwrap();
    let mut body: Value = serde_json::from_str(&template).unwrap();
    for job in body["SnapshotJobList"]["SnapshotJob"]
        .as_array_mut()
        .unwrap()
    {
        job["SnapshotConfig"]["TimeArray"] = json!({"TimePointList": [1000, 2000]});
    }
    body["NonExistSnapshotJobIds"] = json!({"String": ["ffffffffffffffffffffffffffffffff"]});
    body
}

/// The XML jobs' user data, entities included.
const XML_USER_DATA: &str = "<a href=\"x\">&amp;</a>";

/// [`ten_jobs`] in `format` with escapes everywhere: in JSON the first character of
/// every string; in XML every leaf starting with a character reference and the user
/// data carrying entities, plus CDATA and comments.
fn escaped_body(format: Format) -> String {
    let mut body = ten_jobs();
    match format {
        Format::Json => {
            let body = escape_every_string(&serde_json::to_string(&body).unwrap());
            assert!(
                body.matches("\\u").count() > 120,
                "escapes were not injected: {}",
                &body[..300]
            );
            body
        }
        Format::Xml => {
            for job in body["SnapshotJobList"]["SnapshotJob"]
                .as_array_mut()
                .unwrap()
            {
                job["UserData"] = json!(XML_USER_DATA);
            }
            // Seed 1: every character has a 2-in-5 chance of becoming a character
            // reference, and the text of every leaf begins with one.
            let xml = support::oracles::render::to_xml(&body, "QuerySnapshotJobListResponse", 1);
            let xml = xml
                .replace("<Id>", "<Id>&#x37;")
                .replace("<State>", "<State>&#83;")
                .replace("<State>&#83;S", "<State>&#83;");
            assert!(
                xml.matches("&#").count() > 300,
                "references were not injected"
            );
            xml
        }
    }
}

#[test]
fn ten_escaped_jobs_cost_one_allocation_per_non_empty_list() {
    for format in FORMATS {
        let body = escaped_body(format);
        let non_empty_lists = 1 + 10 + 1;

        let (decoded, allocations) = count(|| decode_response(200, format, body.as_bytes()));
        let Ok(Response::Success(response)) = decoded else {
            panic!("{format}: {decoded:?}\n{body}")
        };
        assert_eq!(response.jobs().len(), 10, "{format}");
        assert_eq!(
            allocations, non_empty_lists,
            "{format}: allocations while decoding"
        );

        // Reading the texts into fixed buffers allocates nothing.
        let ((read, escaped), allocations) = count(|| {
            let (mut read, mut escaped) = (0, 0);
            let mut buf = heapless::String::<256>::new();
            for job in response.jobs() {
                let config = job.snapshot_config.as_ref().unwrap();
                let input = job.input.as_ref().unwrap();
                let output = config.output_file.as_ref().unwrap();
                let texts = [
                    job.id,
                    job.user_data,
                    job.pipeline_id,
                    job.creation_time,
                    input.bucket,
                    input.object,
                    output.object,
                    config.time.map(|t| t.text()),
                ];
                for text in texts.into_iter().flatten() {
                    escaped += usize::from(text.is_escaped());
                    buf.clear();
                    write!(buf, "{text}").unwrap();
                    assert_eq!(text, buf.as_str(), "{format}");
                    read += 1;
                }
                if format == Format::Xml {
                    assert_eq!(job.user_data.unwrap(), XML_USER_DATA);
                }
            }
            (read, escaped)
        });
        assert_eq!(read, 80, "{format}");
        match format {
            // Every text field is escaped.
            Format::Json => assert_eq!(escaped, 80),
            Format::Xml => assert!(escaped >= 30, "only {escaped} texts needed decoding"),
        }
        assert_eq!(
            allocations, 0,
            "{format}: allocations while reading decoded texts"
        );
    }
}

#[test]
fn escapes_in_unknown_members_and_in_names_cost_nothing() {
    // Unknown members at the top and in a job, once plain and once escaped: skipping
    // never decodes them, and an escaped name is read without serde_json's scratch
    // memory. Flat ones cost nothing; a nested one costs serde_json's stack of open
    // brackets, escapes or not.
    let flat = |on: bool| {
        let e = if on { "\\u0041\\n\\\"" } else { "" };
        format!(
            r#"{{"Future":"{e}abc","SnapshotJobList":{{"SnapshotJob":[{{"Id":"1",
            "Extra":{{"a":"{e}b","c":2.5e300}},"Later":["{e}x",1,true,null]}}]}},
            "Tail":{{"k":"{e}v"}}}}"#
        )
    };
    let nested = |on: bool| {
        let e = if on { "\\u0041\\n\\\"" } else { "" };
        format!(
            r#"{{"SnapshotJobList":{{"SnapshotJob":[{{"Id":"1",
            "Extra":{{"a":["{e}b",{{"c":"{e}d"}}]}}}}]}}}}"#
        )
    };
    // Every name, known or not, with its first letter as a `\u` escape.
    let names = |on: bool| {
        let n = |name: &str| match on {
            true => format!("\\u{:04x}{}", u32::from(name.as_bytes()[0]), &name[1..]),
            false => name.to_owned(),
        };
        format!(
            r#"{{"{}":"abc","{}":{{"{}":[{{"{}":"1","{}":{{"{}":"b"}}}}]}},"{}":"r"}}"#,
            n("Future"),
            n("SnapshotJobList"),
            n("SnapshotJob"),
            n("Id"),
            n("Extra"),
            n("a"),
            n("RequestId"),
        )
    };
    for (shape, body, expected) in [
        ("flat", flat as fn(bool) -> String, Some(1)),
        ("nested", nested, None),
        ("names", names, Some(1)),
    ] {
        let plain = body(false);
        let escaped = body(true);
        assert_ne!(plain, escaped);
        let (plain_result, plain_allocations) =
            count(|| decode_response(200, Format::Json, plain.as_bytes()));
        let (escaped_result, escaped_allocations) =
            count(|| decode_response(200, Format::Json, escaped.as_bytes()));
        for result in [plain_result, escaped_result] {
            let Ok(Response::Success(response)) = result else {
                panic!("{shape}: {result:?}")
            };
            assert_eq!(response.jobs()[0].id.unwrap(), "1", "{shape}");
        }
        assert_eq!(
            escaped_allocations, plain_allocations,
            "{shape}: escapes cost allocations"
        );
        if let Some(expected) = expected {
            // The job list is the one allocation.
            assert_eq!(plain_allocations, expected, "{shape}");
        }
    }
}

/// Names and values drawn from characters JSON must escape and characters that look
/// like JSON's own.
fn member_text() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::string::string_regex(r#"[a\\":,{}\[\] \n]{0,6}"#).unwrap()
}

proptest::proptest! {
    /// Unknown members with any names and values, escaped or not, around one job and at
    /// the top: the job list stays the one allocation.
    #[test]
    fn any_names_and_values_cost_no_allocation(
        members in proptest::collection::vec((member_text(), member_text()), 0..6),
    ) {
        let unknown: serde_json::Map<String, Value> = members
            .into_iter()
            .filter(|(name, _)| !matches!(name.as_str(), "Id" | "SnapshotJobList"))
            .map(|(name, value)| (name, Value::String(value)))
            .collect();
        let mut body = json!({ "SnapshotJobList": { "SnapshotJob": [{ "Id": "1" }] } });
        body["SnapshotJobList"]["SnapshotJob"][0]["X"] = Value::Object(unknown.clone());
        for (name, value) in unknown {
            body[name] = value;
        }
        let body = serde_json::to_string_pretty(&body).unwrap();
        let (result, allocations) = count(|| decode_response(200, Format::Json, body.as_bytes()));
        let Ok(Response::Success(response)) = result else {
            panic!("{body}: {result:?}")
        };
        proptest::prop_assert_eq!(response.jobs()[0].id.unwrap(), "1");
        proptest::prop_assert_eq!(allocations, 1, "{}", body);
    }
}
