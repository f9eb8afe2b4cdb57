//! `decode_xml`: see the function of that name in src/checks.rs.
#![no_main]

use mts_codec_fuzz::checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::decode_bytes(mts_codec::Format::Xml, data));
