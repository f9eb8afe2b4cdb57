//! proptest strategies for response bodies, as `serde_json::Value` trees in the wire
//! shape of spec §5.1, plus renderers: JSON with forced escapes, and the expected
//! canonical rendering (what `mts decode` prints).

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// A text: any characters, control and astral ones included.
pub fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9._%{}/-]{0,24}",
        1 => any::<String>(),
        1 => "[\\PC\u{0}-\u{1f}\"\\\\]{0,12}",
    ]
    .boxed()
}

/// A text XML can carry and give back unchanged: XML characters only (no C0 controls
/// but tab, LF and CR), and no whitespace at either end (XML leaves are trimmed).
pub fn xml_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => "[a-zA-Z0-9._%{}/-]{0,24}",
        1 => "[\\PC\t\n\r&<>\"'\u{e9}\u{4e2d}\u{1f600}\u{fffd}]{0,16}",
    ]
    .prop_map(|s: String| s.trim_matches([' ', '\t', '\n', '\r']).to_owned())
    .prop_filter("XML characters only", |s| {
        s.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..))
    })
    .boxed()
}

/// A numeric text field: on the wire either a JSON string or a JSON number.
#[derive(Clone, Debug)]
pub enum Numeric {
    Str(String),
    Num(u64),
}

pub fn numeric() -> impl Strategy<Value = Numeric> {
    prop_oneof![
        any::<u64>().prop_map(Numeric::Num),
        "[0-9]{1,6}".prop_map(Numeric::Str)
    ]
}

fn put<T>(map: &mut Map<String, Value>, key: &str, value: Option<T>, f: impl Fn(T) -> Value) {
    if let Some(v) = value {
        map.insert(key.to_owned(), f(v));
    }
}

fn num_wire(n: Numeric) -> Value {
    match n {
        Numeric::Str(s) => Value::String(s),
        Numeric::Num(n) => json!(n),
    }
}

fn oss_file(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    proptest::collection::vec(proptest::option::of(text), 4).prop_map(|v| {
        let mut m = Map::new();
        for (k, t) in ["Bucket", "Location", "Object", "RoleArn"].iter().zip(v) {
            put(&mut m, k, t, Value::String);
        }
        Value::Object(m)
    })
}

fn tile_out(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(proptest::option::of(numeric()), 7),
        proptest::option::of(text),
        proptest::option::of(prop_oneof![Just("true"), Just("false")]),
    )
        .prop_map(|(nums, color, keep)| {
            let mut m = Map::new();
            let keys = [
                "Lines",
                "Columns",
                "CellWidth",
                "CellHeight",
                "Margin",
                "Padding",
                "CellSelStep",
            ];
            for (k, n) in keys.iter().zip(nums) {
                put(&mut m, k, n, num_wire);
            }
            put(&mut m, "Color", color, Value::String);
            put(&mut m, "IsKeepCellPic", keep, |s| {
                Value::String(s.to_owned())
            });
            Value::Object(m)
        })
}

fn snapshot_config(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(proptest::option::of(numeric()), 5),
        proptest::option::of(prop_oneof![Just("normal"), Just("intra")]),
        proptest::option::of(proptest::collection::vec(any::<i64>(), 0..4)),
        proptest::option::of(oss_file(text.clone())),
        proptest::option::of(oss_file(text.clone())),
        proptest::option::of(tile_out(text)),
    )
        .prop_map(|(nums, frame, points, out, tile_file, tile)| {
            let mut m = Map::new();
            for (k, n) in ["Time", "Interval", "Num", "Width", "Height"]
                .iter()
                .zip(nums)
            {
                put(&mut m, k, n, num_wire);
            }
            put(&mut m, "FrameType", frame, |s| Value::String(s.to_owned()));
            put(
                &mut m,
                "TimeArray",
                points,
                |p| json!({ "TimePointList": p }),
            );
            put(&mut m, "OutputFile", out, |v| v);
            put(&mut m, "TileOutputFile", tile_file, |v| v);
            put(&mut m, "TileOut", tile, |v| v);
            Value::Object(m)
        })
}

fn job(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(proptest::option::of(text.clone()), 6),
        proptest::option::of(prop_oneof![
            Just("Submitted".to_owned()),
            Just("Snapshoting".to_owned()),
            Just("Success".to_owned()),
            Just("Fail".to_owned()),
            text.clone()
        ]),
        proptest::collection::vec(proptest::option::of(numeric()), 2),
        proptest::option::of(oss_file(text.clone())),
        proptest::option::of(snapshot_config(text.clone())),
        proptest::option::of(proptest::collection::vec(proptest::option::of(text), 3)),
    )
        .prop_map(|(texts, state, counts, input, config, mns)| {
            let mut m = Map::new();
            let keys = [
                "Id",
                "UserData",
                "PipelineId",
                "Code",
                "Message",
                "CreationTime",
            ];
            for (k, t) in keys.iter().zip(texts) {
                put(&mut m, k, t, Value::String);
            }
            put(&mut m, "State", state, Value::String);
            for (k, n) in ["Count", "TileCount"].iter().zip(counts) {
                put(&mut m, k, n, num_wire);
            }
            put(&mut m, "Input", input, |v| v);
            put(&mut m, "SnapshotConfig", config, |v| v);
            put(&mut m, "MNSMessageResult", mns, |v| {
                let mut r = Map::new();
                for (k, t) in ["MessageId", "ErrorCode", "ErrorMessage"].iter().zip(v) {
                    put(&mut r, k, t, Value::String);
                }
                Value::Object(r)
            });
            Value::Object(m)
        })
}

/// A whole success body with any texts.
pub fn response() -> impl Strategy<Value = Value> {
    response_with(text())
}

/// A whole success body whose texts survive XML.
pub fn xml_response() -> impl Strategy<Value = Value> {
    response_with(xml_text())
}

fn response_with(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    (
        proptest::option::of(text.clone()),
        proptest::option::of(text.clone()),
        proptest::option::of(proptest::collection::vec(text.clone(), 0..4)),
        proptest::option::of(proptest::collection::vec(job(text), 0..5)),
    )
        .prop_map(|(request_id, token, missing, jobs)| {
            let mut m = Map::new();
            put(&mut m, "RequestId", request_id, Value::String);
            put(&mut m, "NextPageToken", token, Value::String);
            put(
                &mut m,
                "NonExistSnapshotJobIds",
                missing,
                |v| json!({ "String": v }),
            );
            put(
                &mut m,
                "SnapshotJobList",
                jobs,
                |v| json!({ "SnapshotJob": v }),
            );
            Value::Object(m)
        })
}
