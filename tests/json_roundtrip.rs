//! Property: any response in the wire shape, rendered to JSON with escapes forced and
//! numeric fields sent as strings or numbers, decodes back to the same values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::render::{canonical, to_json_with_escapes};
use common::strategies::response;
use mts_codec::{Format, Response, decode_response};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn json_decodes_back_to_the_model(body in response(), every in 1u32..7) {
        let json = to_json_with_escapes(&body, every);
        let decoded = decode_response(200, Format::Json, json.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        let Response::Success(r) = &decoded else { panic!("not a success") };
        let rendered = serde_json::to_value(r).unwrap();
        prop_assert_eq!(rendered, canonical(&body));
    }
}
