//! Differential: our XML decode equals serde-xml-rs's decode into owned mirror structs,
//! for every golden XML body serde-xml-rs can represent.

use crate::support;

use mts_codec::{Format, Response, decode_response};
use support::owned_mirror;

/// Our decode, rendered as the JSON value of the response or error body.
fn ours(status: u16, body: &[u8]) -> serde_json::Value {
    match decode_response(status, Format::Xml, body).unwrap() {
        Response::Success(r) => serde_json::to_value(r).unwrap(),
        Response::ApiError(e) => serde_json::to_value(e).unwrap(),
    }
}

/// serde-xml-rs's decode into the owned mirror, rendered the same way.
fn reference(status: u16, body: &[u8]) -> Result<serde_json::Value, String> {
    let text = std::str::from_utf8(body).unwrap();
    if status >= 400 {
        serde_xml_rs::from_str::<owned_mirror::ApiError>(text)
            .map(|v| serde_json::to_value(v).unwrap())
    } else {
        serde_xml_rs::from_str::<owned_mirror::Response>(text)
            .map(|v| serde_json::to_value(v).unwrap())
    }
    .map_err(|e| e.to_string())
}

#[test]
fn golden_xml_bodies_decode_like_serde_xml_rs() {
    let mut compared = Vec::new();
    for (name, body, _) in support::golden_cases(&support::data_dir("xml"), "xml") {
        let status = support::status_for(&name);
        match reference(status, &body) {
            Ok(expected) => {
                assert_eq!(ours(status, &body), expected, "{name}");
                compared.push(name);
            }
            Err(e) => println!("{name}: serde-xml-rs cannot represent it: {e}"),
        }
    }
    println!("compared with serde-xml-rs: {compared:?}");
    assert!(
        compared.len() >= 12,
        "too few bodies compared: {compared:?}"
    );
}
