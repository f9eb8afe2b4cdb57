//! Replays every committed fuzz seed (`tests/data/fuzz_seeds/<target>/` of the main
//! crate) and every crash input kept as a regression (`tests/data/fuzz_regressions/
//! <target>/`) through the same checks the cargo-fuzz targets run, on the stable
//! toolchain: each input must pass its check, and no public entry point may panic on
//! any of them. `cargo test --manifest-path fuzz/Cargo.toml` runs it (`.ci/run` does).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use mts_codec::Format;
use mts_codec_fuzz::checks;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 6] = [
    ("decode_json", |d| checks::decode_bytes(Format::Json, d)),
    ("decode_xml", |d| checks::decode_bytes(Format::Xml, d)),
    ("xml_vs_json", checks::xml_vs_json),
    ("sign_roundtrip", checks::sign_roundtrip),
    ("text_decode", checks::text_decode),
    ("verify", mts_codec_fuzz::verify::verify),
];

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    // The seeds and regressions are the main crate's test data, beside this package.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in [
        root.join("tests/data/fuzz_seeds").join(target),
        root.join("tests/data/fuzz_regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_seed_and_regression_passes_its_fuzz_check() {
    for (target, check) in TARGETS {
        let inputs = inputs(target);
        assert!(!inputs.is_empty(), "no seeds for {target}");
        for (name, data) in inputs {
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or(panic.downcast_ref::<&str>().copied());
                panic!(
                    "{target} failed on {name}: {}",
                    why.unwrap_or("(non-string panic)")
                );
            }
        }
    }
}

/// Every public entry point that takes outside bytes, on every input of every target:
/// errors are fine, panics are not.
#[test]
fn no_public_entry_point_panics_on_any_fuzz_input() {
    use mts_codec::Timestamp;
    use mts_codec::api_error::ApiError;
    use mts_codec::decode_response;
    use mts_codec::endpoint::Endpoint;
    use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, QuerySnapshotJobListResponse};
    use mts_codec::signing::Credentials;

    for (target, _) in TARGETS {
        for (name, data) in inputs(target) {
            let text = String::from_utf8_lossy(&data);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                for format in [Format::Json, Format::Xml] {
                    for status in [0, 200, 299, 400, 404, 500, 599, 600] {
                        let _ = decode_response(status, format, &data);
                    }
                    let _ = QuerySnapshotJobListResponse::decode(format, &data);
                    let _ = ApiError::decode(format, &data);
                }
                let _ = Format::sniff(&data);
                let _ = Timestamp::parse(&text);
                let _ = Endpoint::for_region(&text);
                if let Ok(creds) = Credentials::new(&text, &text) {
                    let ids: Vec<&str> = text.split(',').collect();
                    if let Ok(request) = QuerySnapshotJobList::new().job_ids(&ids) {
                        let _ =
                            request.sign(&creds, Timestamp::from_unix_seconds(0).unwrap(), &text);
                    }
                }
            }));
            assert!(outcome.is_ok(), "a public entry point panicked on {name}");
        }
    }
}

/// The hostile seeds of `verify` are the signed requests of the vectors: each verifies
/// (`v1_*` as RPC v1, `v3_*` as signature v3), so the fuzzer's mutations start from
/// requests that get past every check.
#[test]
fn every_verify_seed_of_a_vector_verifies() {
    let mut seen = 0;
    for (name, data) in inputs("verify") {
        let file = Path::new(&name).file_name().unwrap().to_str().unwrap();
        if name.contains("fuzz_regressions") || data.first() == Some(&0) {
            continue;
        }
        let (v1, v3) = mts_codec_fuzz::verify::hostile(&data);
        let verified = match file.split('_').next() {
            Some("v1") => v1,
            Some("v3") => v3,
            _ => panic!("{name}: a hostile seed is named v1_* or v3_*"),
        };
        let outcome = verified.unwrap_or_else(|e| panic!("{name} does not verify: {e}"));
        assert!(!outcome.params.is_empty(), "{name}");
        seen += 1;
    }
    assert!(seen >= 8, "vector seeds missing: {seen}");
}
