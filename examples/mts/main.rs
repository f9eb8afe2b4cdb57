//! `mts`: sign `QuerySnapshotJobList` requests and decode their responses.
//!
//! ```text
//! mts sign [--scheme v1] --id ID [--id ID ...] [--region R] [--format json|xml] [--method get|post]
//! mts sign [--scheme v1] --jsonl  < requests.jsonl   # conformance mode, see sign.rs
//! mts sign --scheme v3 --id ID [--id ID ...] [--region R] [--method get|post]   # prints a curl line
//! mts sign --scheme v3 --jsonl    < requests.jsonl   # v3 conformance mode, see sign.rs
//! curl -si URL | mts decode [--status N] [--format json|xml|auto]
//! ```
//!
//! `mts --help`, `mts sign --help` and `mts decode --help` print the usage on stdout.

use std::process::ExitCode;

mod decode;
mod http_head;
mod sign;

/// `mts --help`.
const USAGE: &str = "usage: mts sign [OPTIONS]     print a signed QuerySnapshotJobList request
       mts decode [OPTIONS]   decode a response read from stdin

Typical use:
  curl -si \"$(mts sign --id JOB_ID)\" | mts decode
  eval \"$(mts sign --scheme v3 --id JOB_ID)\" | mts decode

`mts sign --help` and `mts decode --help` describe the options.";

/// `mts sign --help`.
const SIGN_USAGE: &str = "usage: mts sign [--scheme v1] --id ID [--id ID ...] [--region R] [--format json|xml] [--method get|post]
       mts sign [--scheme v1] --jsonl < requests.jsonl
       mts sign --scheme v3 --id ID [--id ID ...] [--region R] [--method get|post]
       mts sign --scheme v3 --jsonl < requests.jsonl

Signs with the current time and a fresh nonce: sign again for every attempt.
v1 prints a signed URL; v3 prints one `curl -si` command line (the URL plus the signed
headers as -H arguments), quoted for a POSIX shell.

Options:
  --id ID            a job id (1 to 10 of them, joined into SnapshotJobIds)
  --region R         the region of the endpoint mts.R.aliyuncs.com (default cn-hangzhou)
  --format json|xml  the response format to ask for (v1 only; default json)
  --method get|post  the HTTP method to sign for (default get); v1 POST sends the
                     parameters in the query with an empty body (curl -X POST)
  --scheme v1|v3     HMAC-SHA1 RPC signature (default) or ACS3-HMAC-SHA256
  --jsonl            conformance mode: one JSON request per stdin line, one result per
                     stdout line (see the docs of examples/mts/sign.rs)
  -h, --help         print this help and exit

Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
(optionally) ALIBABA_CLOUD_SECURITY_TOKEN.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let help = |a: &String| a == "--help" || a == "-h";
    match command.as_str() {
        "sign" if rest.iter().any(help) => print_help(SIGN_USAGE),
        "sign" => sign::run(rest),
        "decode" => decode::run(rest),
        "--help" | "-h" | "help" => print_help(USAGE),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn print_help(usage: &str) -> ExitCode {
    println!("{usage}");
    ExitCode::SUCCESS
}
