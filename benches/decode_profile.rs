//! A driver for instruction-count profiling of decoding (callgrind), not a benchmark:
//! decodes the 10-job test body N times in one format.
//!
//! ```text
//! cargo build --manifest-path benches/Cargo.toml --profile profiling --example decode_profile
//! valgrind --tool=callgrind benches/target/profiling/examples/decode_profile json 1000
//! ```
//!
//! Modes: `json` and `xml` (this crate), `json_escaped` (this crate, the JSON body with
//! the first character of every string value written as a `\u` escape, as the bench's
//! `decode_json_10_jobs_every_text_escaped`), and the baselines of `benches/decode.rs`:
//! on the JSON body `owned` (serde_json, `String` mirror structs), `cow` (borrowing `Cow`
//! mirror structs) and `plain_cow` (`Cow<str>`, which never borrows); on the XML body
//! `quick_xml` (borrowing `Cow` mirror) and `serde_xml_rs` (`String` mirror), so that
//! instruction ratios can be compared.
//! Subtracting a run of N=0 from a run of N gives the instructions of N decodes.

use std::hint::black_box;

use mts_codec::{Format, decode_response};

mod decode_cases;

use decode_cases::{
    Cowed, Owned, PlainCow, TEN_JOBS_JSON, TEN_JOBS_XML, every_text_escaped, mirror,
};

fn jobs_of<S>(r: mirror::Response<S>) -> usize {
    r.snapshot_job_list.map_or(0, |l| l.items.len())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let format = args.next().unwrap_or_else(|| "json".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let escaped;
    let (format, body) = match format.as_str() {
        "json" => (Format::Json, TEN_JOBS_JSON.as_bytes()),
        "json_escaped" => {
            escaped = every_text_escaped(TEN_JOBS_JSON);
            (Format::Json, escaped.as_bytes())
        }
        "xml" => (Format::Xml, TEN_JOBS_XML.as_bytes()),
        baseline => {
            let json = TEN_JOBS_JSON.as_bytes();
            let decode = || -> Result<usize, String> {
                let e = |e: &dyn std::fmt::Display| e.to_string();
                match baseline {
                    "owned" => serde_json::from_slice::<Owned>(black_box(json))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "cow" => serde_json::from_slice::<Cowed<'_>>(black_box(json))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "plain_cow" => serde_json::from_slice::<PlainCow<'_>>(black_box(json))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "quick_xml" => quick_xml::de::from_str::<Cowed<'_>>(black_box(TEN_JOBS_XML))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    "serde_xml_rs" => serde_xml_rs::from_str::<Owned>(black_box(TEN_JOBS_XML))
                        .map_err(|x| e(&x))
                        .map(jobs_of),
                    other => Err(format!(
                        "unknown mode {other:?}: json, xml, owned, cow, plain_cow, quick_xml or serde_xml_rs"
                    )),
                }
            };
            let mut jobs = 0;
            for _ in 0..n {
                jobs += decode().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    std::process::exit(1)
                });
            }
            println!("{jobs} jobs decoded");
            return;
        }
    };
    let mut jobs = 0;
    for _ in 0..n {
        match decode_response(200, format, black_box(body)) {
            Ok(mts_codec::Response::Success(r)) => jobs += r.jobs().len(),
            other => {
                eprintln!("{other:?}");
                std::process::exit(1);
            }
        }
    }
    println!("{jobs} jobs decoded");
}
