//! `verify`: see src/verify.rs (what it checks is in its module docs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mts_codec_fuzz::verify::verify(data));
