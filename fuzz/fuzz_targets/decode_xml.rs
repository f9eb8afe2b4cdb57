//! `decode_xml`: see the function of that name in tests/common/fuzz_checks.rs.
#![no_main]

#[path = "../../tests/common/render.rs"]
mod render;
#[path = "../../tests/common/fuzz_checks.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::decode_bytes(mts_codec::Format::Xml, data));
