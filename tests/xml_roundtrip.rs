//! Properties: a response rendered to XML (entities, character references, CDATA and
//! comments forced) decodes to the same values as the same response rendered to JSON,
//! and to what serde-xml-rs decodes into owned mirror structs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::owned_mirror;
use common::render::{canonical, to_json_with_escapes, to_xml};
use common::strategies::xml_response;
use mts_codec::{Format, decode_response};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn xml_decodes_like_json_and_like_serde_xml_rs(body in xml_response(), seed in any::<u32>()) {
        let xml = to_xml(&body, "QuerySnapshotJobListResponse", seed);
        let json = to_json_with_escapes(&body, seed % 7 + 1);
        let from_xml = decode_response(200, Format::Xml, xml.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        let from_json = decode_response(200, Format::Json, json.as_bytes()).unwrap();
        prop_assert_eq!(&from_xml, &from_json);
        prop_assert_eq!(serde_json::to_value(&from_xml).unwrap()["response"].clone(), canonical(&body));

        // serde-xml-rs cannot read comments between text pieces or CDATA mixed with
        // text in every case; where it reads the body, it must agree.
        if let Ok(reference) = serde_xml_rs::from_str::<owned_mirror::Response>(&xml) {
            prop_assert_eq!(
                serde_json::to_value(&from_xml).unwrap()["response"].clone(),
                serde_json::to_value(reference).unwrap(),
                "serde-xml-rs disagrees on\n{}", xml
            );
        }
    }
}

/// The comparison with serde-xml-rs above is skipped where serde-xml-rs cannot read the
/// body; make sure it is not skipped everywhere.
#[test]
fn serde_xml_rs_reads_most_generated_bodies() {
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (xml_response(), any::<u32>());
    let (mut read, total) = (0, 200);
    for _ in 0..total {
        let (body, seed) = strategy.new_tree(&mut runner).unwrap().current();
        let xml = to_xml(&body, "QuerySnapshotJobListResponse", seed);
        if serde_xml_rs::from_str::<owned_mirror::Response>(&xml).is_ok() {
            read += 1;
        }
    }
    println!("serde-xml-rs read {read} of {total} generated bodies");
    assert!(
        read * 4 >= total,
        "serde-xml-rs read only {read} of {total}"
    );
}
