//! Helpers shared by the integration tests.

pub mod counting_alloc;
pub mod example_binary;
pub mod fixtures;
pub mod oracles;
pub mod owned_mirror;
pub mod single_byte;
pub mod strategies;

use std::path::{Path, PathBuf};

use mts_codec::{Format, Limits};

/// No limit on a decode: for the tests of the parsers on bodies far larger than the
/// service sends (the default [`Limits`] refuse them).
pub const UNLIMITED: Limits = Limits::DEFAULT
    .with_max_body_bytes(usize::MAX)
    .with_max_list_items(usize::MAX);

/// Both response formats, for tests parameterised over the format.
pub const FORMATS: [Format; 2] = [Format::Json, Format::Xml];

/// The folder of `tests/data` and the file extension of `format`'s bodies.
pub fn ext(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Xml => "xml",
    }
}

/// The golden body `tests/data/<ext>/<name>.<ext>` of `format`.
pub fn golden_body(format: Format, name: &str) -> Vec<u8> {
    let ext = ext(format);
    std::fs::read(data_dir(ext).join(format!("{name}.{ext}"))).unwrap()
}

/// The proptest configuration of a property: `PROPTEST_CASES` cases if set (CI sets
/// 1000), otherwise `default`.
pub fn proptest_config(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}

/// `tests/data/<sub>`.
pub fn data_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(sub)
}

/// The HTTP status a golden body was sent with, from its file name.
pub fn status_for(name: &str) -> u16 {
    match name {
        n if n.contains("forbidden_ram") => 403,
        n if n.contains("internal") => 500,
        n if n.starts_with("api_error") => 400,
        _ => 200,
    }
}

/// Golden cases in `dir`: `(name, body, expected)` for each `NAME.EXT` with a
/// `NAME.expected.json` beside it.
pub fn golden_cases(dir: &Path, ext: &str) -> Vec<(String, Vec<u8>, serde_json::Value)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        if file.ends_with(".expected.json") || !file.ends_with(&format!(".{ext}")) {
            continue;
        }
        let name = file.trim_end_matches(&format!(".{ext}")).to_owned();
        let expected_path = dir.join(format!("{name}.expected.json"));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{file} has no {name}.expected.json"));
        cases.push((
            name,
            std::fs::read(&path).unwrap(),
            serde_json::from_str(&expected).unwrap(),
        ));
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}
