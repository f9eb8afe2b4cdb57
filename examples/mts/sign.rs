//! `mts sign`: print a signed `QuerySnapshotJobList` URL, or sign JSON lines.
//!
//! Normal mode reads the credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and (optionally) `ALIBABA_CLOUD_SECURITY_TOKEN`,
//! signs with the current time and a fresh random nonce, and prints the URL, so
//! `curl "$(mts sign --id ...)"` works. Each run signs anew; never resend an old URL.
//!
//! `--jsonl` is the conformance mode: one JSON object per stdin line,
//!
//! ```text
//! {"access_key_id", "access_key_secret", "security_token"?, "region_id"?,
//!  "method": "GET"|"POST", "format", "timestamp": "YYYY-MM-DDThh:mm:ssZ", "nonce",
//!  "job_ids": [..], "extra"?: {..}, "action"?, "version"?}
//! ```
//!
//! signed with the generic signer, exactly as given (`job_ids` joined with `,` into
//! `SnapshotJobIds`, omitted when empty; `extra` numbers as their decimal text). One
//! JSON object per line out: `string_to_sign`, `signature`, `query` (GET) and `body`
//! (POST), or `{"error": "..."}` for a line that cannot be signed.

use std::io::{BufRead, Write as _};
use std::process::ExitCode;

use mts_codec::Timestamp;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::{self, QuerySnapshotJobList};
use mts_codec::signing::{Credentials, Format, Method, Params, RandomNonce, RpcSigner, Scheme};
use serde_json::{Map, Value, json};

/// Runs `mts sign ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--jsonl") {
        return run_jsonl();
    }
    match sign_url(args) {
        Ok((url, method)) => {
            println!("{url}");
            if method == Method::Post {
                eprintln!(
                    "mts: signed for POST; send it as POST with an empty body (curl -X POST)"
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("mts sign: {message}");
            ExitCode::from(2)
        }
    }
}

/// Parses the command line and returns the signed URL.
fn sign_url(args: &[String]) -> Result<(String, Method), String> {
    let mut ids: Vec<&str> = Vec::new();
    let mut region = "cn-hangzhou";
    let mut format = Format::Json;
    let mut method = Method::Get;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .map(String::as_str)
                .ok_or(format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--id" => ids.push(value()?),
            "--region" => region = value()?,
            "--format" => {
                format = match value()?.to_ascii_lowercase().as_str() {
                    "json" => Format::Json,
                    "xml" => Format::Xml,
                    other => return Err(format!("--format {other}: expected json or xml")),
                }
            }
            "--method" => {
                method = match value()?.to_ascii_lowercase().as_str() {
                    "get" => Method::Get,
                    "post" => Method::Post,
                    other => return Err(format!("--method {other}: expected get or post")),
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if ids.is_empty() {
        return Err("give at least one --id".into());
    }
    let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let id = env("ALIBABA_CLOUD_ACCESS_KEY_ID")?;
    let secret = env("ALIBABA_CLOUD_ACCESS_KEY_SECRET")?;
    let token = std::env::var("ALIBABA_CLOUD_SECURITY_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    let mut creds = Credentials::new(&id, &secret).map_err(|e| e.to_string())?;
    if let Some(token) = token.as_deref() {
        creds = creds.with_security_token(token);
    }
    let request = QuerySnapshotJobList::new()
        .job_ids(&ids)
        .and_then(|r| r.region_id(region))
        .map_err(|e| e.to_string())?
        .format(format)
        .method(method);
    let endpoint = Endpoint::for_region(region).map_err(|e| e.to_string())?;
    // A fresh time and nonce on every run: a signed URL is good for one attempt.
    let now = Timestamp::now().map_err(|e| e.to_string())?;
    let nonce = RandomNonce::generate();
    let signed = request
        .sign(&creds, now, nonce.as_str())
        .map_err(|e| e.to_string())?;
    let mut url = String::with_capacity(signed.url_len(Scheme::Https, &endpoint));
    signed
        .write_url(Scheme::Https, &endpoint, &mut url)
        .map_err(|e| e.to_string())?;
    Ok((url, method))
}

/// Conformance mode: sign each stdin line, print one JSON object per line.
fn run_jsonl() -> ExitCode {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else {
            eprintln!("mts sign: cannot read stdin");
            return ExitCode::from(1);
        };
        if line.trim().is_empty() {
            continue;
        }
        if writeln!(stdout, "{}", sign_json_line(&line)).is_err() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// Signs one conformance line: the output object, or `{"error": ...}`.
pub fn sign_json_line(line: &str) -> Value {
    match try_sign_json_line(line) {
        Ok(v) => v,
        Err(message) => json!({ "error": message }),
    }
}

fn text<'v>(obj: &'v Map<String, Value>, key: &str) -> Result<&'v str, String> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("`{key}` must be a string")),
        None => Err(format!("`{key}` is missing")),
    }
}

fn optional_text<'v>(obj: &'v Map<String, Value>, key: &str) -> Result<Option<&'v str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

fn try_sign_json_line(line: &str) -> Result<Value, String> {
    let input: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = input.as_object().ok_or("the line is not a JSON object")?;
    let creds = Credentials::new(text(obj, "access_key_id")?, text(obj, "access_key_secret")?)
        .map_err(|e| e.to_string())?;
    let creds = match optional_text(obj, "security_token")? {
        Some(token) => creds.with_security_token(token),
        None => creds,
    };
    let method = match text(obj, "method")? {
        "GET" => Method::Get,
        "POST" => Method::Post,
        other => return Err(format!("method {other:?}: expected GET or POST")),
    };
    let format = match text(obj, "format")? {
        "JSON" => Format::Json,
        "XML" => Format::Xml,
        other => Format::Other(other),
    };
    let timestamp = Timestamp::parse(text(obj, "timestamp")?).map_err(|e| e.to_string())?;
    let nonce = text(obj, "nonce")?;
    let action = optional_text(obj, "action")?.unwrap_or(query_snapshot_job_list::ACTION);
    let version = optional_text(obj, "version")?.unwrap_or(query_snapshot_job_list::VERSION);

    // Owned texts first, then the borrowed parameter set over them.
    let mut owned: Vec<(String, String)> = Vec::new();
    match obj.get("job_ids") {
        None | Some(Value::Null) => {}
        Some(Value::Array(ids)) => {
            let ids = ids
                .iter()
                .map(|v| v.as_str().ok_or("`job_ids` must hold strings"))
                .collect::<Result<Vec<_>, _>>()?;
            if !ids.is_empty() {
                owned.push(("SnapshotJobIds".into(), ids.join(",")));
            }
        }
        Some(_) => return Err("`job_ids` must be a list".into()),
    }
    match obj.get("extra") {
        None | Some(Value::Null) => {}
        Some(Value::Object(extra)) => {
            for (k, v) in extra {
                let v = match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(format!("extra `{k}` must be a string or a number")),
                };
                owned.push((k.clone(), v));
            }
        }
        Some(_) => return Err("`extra` must be an object".into()),
    }
    let mut params = Params::<64>::new();
    for (k, v) in &owned {
        params.insert(k, v).map_err(|e| e.to_string())?;
    }

    let mut signer = RpcSigner::new(action, version)
        .format(format)
        .method(method);
    if let Some(region) = optional_text(obj, "region_id")? {
        signer = signer.region_id(region);
    }
    let signed = signer
        .sign(&params, &creds, timestamp, nonce)
        .map_err(|e| e.to_string())?;
    let mut string_to_sign = String::with_capacity(signed.string_to_sign_len());
    let mut query = String::with_capacity(signed.query_len());
    signed
        .write_string_to_sign(&mut string_to_sign)
        .map_err(|e| e.to_string())?;
    signed.write_query(&mut query).map_err(|e| e.to_string())?;
    let (query, body) = match method {
        Method::Get => (query, String::new()),
        Method::Post => (String::new(), query),
    };
    Ok(json!({
        "string_to_sign": string_to_sign,
        "signature": signed.signature(),
        "query": query,
        "body": body,
    }))
}
