//! `mts`: sign `QuerySnapshotJobList` requests (and, later, decode responses).
//!
//! ```text
//! mts sign --id ID [--id ID ...] [--region R] [--format json|xml] [--method get|post]
//! mts sign --jsonl            < requests.jsonl   # conformance mode, see sign.rs
//! mts decode ...
//! ```

use std::process::ExitCode;

mod decode;
mod sign;

const USAGE: &str =
    "usage: mts sign --id ID [--id ID ...] [--region R] [--format json|xml] [--method get|post]
       mts sign --jsonl < requests.jsonl
       mts decode ...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("sign") => sign::run(rest),
        Some("decode") => decode::run(rest),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
