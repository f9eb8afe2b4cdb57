//! `mts decode`: decode a `QuerySnapshotJobList` response from stdin and print one JSON
//! object on stdout.
//!
//! Stdin is either what `curl -si` prints (status line, headers, blank line, body) or a
//! bare body (`curl -s`). From `curl -si` output the status line gives the HTTP status
//! and `Content-Type` the format; flags override both. See [`USAGE`].
//!
//! - success: `{"outcome":"ok","response":{…}}`, exit 0;
//! - API error body: `{"outcome":"api_error","error":{…}}`, exit 0;
//! - anything malformed: `{"outcome":"error","message":"<what and where>"}`, exit 1.
//!
//! The response uses the wire names and shape of the API (list wrappers kept, absent
//! members omitted, texts decoded, numbers-as-strings with their literal digits,
//! `TimePointList` items as integers). It never panics, whatever the input.

use std::io::Read as _;
use std::process::ExitCode;

use mts_codec::{Format, decode_response};

use crate::http_head;

/// `mts decode --help`.
pub const USAGE: &str = "usage: curl -si URL | mts decode [--status N] [--format json|xml|auto]
       curl -s URL  | mts decode [--status N] [--format json|xml|auto]

Decodes a QuerySnapshotJobList response read from stdin and prints one JSON object:
  {\"outcome\":\"ok\",\"response\":{...}}        a success body (exit 0)
  {\"outcome\":\"api_error\",\"error\":{...}}    an API error body (exit 0)
  {\"outcome\":\"error\",\"message\":\"...\"}     anything else, saying what and where (exit 1)

Stdin is what `curl -si` prints (status line, headers, blank line, body; interim
`100 Continue` and proxy heads are skipped) or a bare body. Prefer `curl -si`: the
status line and Content-Type then choose the outcome and the format.

Options:
  --status N       the HTTP status (100-599). Overrides the status line; for a bare
                   body the default is 200 (an API error body is still an API error).
  --format FORMAT  json, xml or auto. Overrides Content-Type. auto (the default)
                   takes Content-Type, else the body's first byte ('{' JSON, '<' XML),
                   else JSON (the API's default).
  -h, --help       print this help and exit";

/// The flags of `mts decode`; `None` where the input decides.
#[derive(Debug, Default)]
struct Flags {
    status: Option<u16>,
    format: Option<Format>,
}

/// Runs `mts decode` with the arguments after the subcommand name.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let flags = match parse_args(args) {
        Ok(flags) => flags,
        Err(message) => return fail(&message),
    };
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        return fail(&format!("cannot read stdin: {e}"));
    }
    decode_and_print(&flags, &input)
}

fn parse_args(args: &[String]) -> Result<Flags, String> {
    let mut flags = Flags::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--format" => {
                flags.format = match value("--format")?.to_ascii_lowercase().as_str() {
                    "json" => Some(Format::Json),
                    "xml" => Some(Format::Xml),
                    "auto" => None,
                    other => {
                        return Err(format!("--format must be json, xml or auto, not {other:?}"));
                    }
                }
            }
            "--status" => {
                let v = value("--status")?;
                let status = v
                    .parse()
                    .ok()
                    .filter(|s| (100..=599).contains(s))
                    .ok_or_else(|| format!("--status must be an HTTP status code, not {v:?}"))?;
                flags.status = Some(status);
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; see `mts decode --help`"
                ));
            }
        }
    }
    Ok(flags)
}

fn decode_and_print(flags: &Flags, input: &[u8]) -> ExitCode {
    let (head_status, head_format, body) = match http_head::parse(input) {
        Ok(Some(response)) => (Some(response.status), response.format, response.body),
        Ok(None) => (None, None, input),
        Err(message) => return fail(&message),
    };
    let status = flags.status.or(head_status).unwrap_or(200);
    // JSON last: it is the API's default format, and the decoder says what came instead.
    let format = flags
        .format
        .or(head_format)
        .or_else(|| Format::sniff(body))
        .unwrap_or(Format::Json);
    match decode_response(status, format, body) {
        Ok(response) => match serde_json::to_string(&response) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("cannot render the decoded response: {e}")),
        },
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    println!(
        "{}",
        serde_json::json!({ "outcome": "error", "message": message })
    );
    ExitCode::FAILURE
}
