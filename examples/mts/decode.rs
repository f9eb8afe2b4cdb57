//! `mts decode [--format json|xml|auto] [--status N]`: decode a response body from stdin
//! and print one JSON object on stdout.
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

use mts_codec::decode::{Format, decode_response};

/// Runs `mts decode` with the arguments after the subcommand name.
pub fn run(args: &[String]) -> ExitCode {
    match parse_args(args) {
        Ok((format, status)) => {
            let mut body = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut body) {
                return fail(&format!("cannot read stdin: {e}"));
            }
            decode_and_print(format, status, &body)
        }
        Err(message) => fail(&message),
    }
}

/// `None` format means `auto`: told from the first non-whitespace byte.
fn parse_args(args: &[String]) -> Result<(Option<Format>, u16), String> {
    let mut format = None;
    let mut status = 200u16;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--format" => {
                format = match value("--format")?.to_ascii_lowercase().as_str() {
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
                status = v
                    .parse()
                    .map_err(|_| format!("--status must be an HTTP status code, not {v:?}"))?;
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?}; usage: mts decode [--format json|xml|auto] [--status N]"
                ));
            }
        }
    }
    Ok((format, status))
}

fn decode_and_print(format: Option<Format>, status: u16, body: &[u8]) -> ExitCode {
    let Some(format) = format.or_else(|| Format::sniff(body)) else {
        return fail(
            "cannot tell the format: the body starts with neither '{' nor '<' (use --format)",
        );
    };
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
