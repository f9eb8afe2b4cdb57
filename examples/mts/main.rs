//! `mts`: sign `QuerySnapshotJobList` requests (and, later, decode responses).
//!
//! ```text
//! mts sign [--scheme v1] --id ID [--id ID ...] [--region R] [--format json|xml] [--method get|post]
//! mts sign [--scheme v1] --jsonl  < requests.jsonl   # conformance mode, see sign.rs
//! mts sign --scheme v3 --id ID [--id ID ...] [--region R] [--method get|post]   # prints a curl line
//! mts sign --scheme v3 --jsonl    < requests.jsonl   # v3 conformance mode, see sign.rs
//! mts decode ...
//! ```

use std::process::ExitCode;

mod decode;
mod sign;

const USAGE: &str = "usage: mts sign [--scheme v1] --id ID [--id ID ...] [--region R] [--format json|xml] [--method get|post]
       mts sign [--scheme v1] --jsonl < requests.jsonl
       mts sign --scheme v3 --id ID [--id ID ...] [--region R] [--method get|post]
       mts sign --scheme v3 --jsonl < requests.jsonl
       mts decode ...

Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
(optionally) ALIBABA_CLOUD_SECURITY_TOKEN. v1 prints a signed URL; v3 prints one curl
command line (URL plus signed headers as -H arguments), quoted for a POSIX shell.";

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
