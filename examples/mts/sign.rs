//! `mts sign`: print a signed `QuerySnapshotJobList` URL, or sign JSON lines.
//!
//! Normal mode reads the credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and (optionally) `ALIBABA_CLOUD_SECURITY_TOKEN`,
//! signs with the current time and a fresh random nonce, and prints the URL, so
//! `curl "$(mts sign --id ...)"` works. Each run signs anew; never resend an old URL.
//!
//! `--scheme v3` signs with `ACS3-HMAC-SHA256` instead (`--scheme v1`, the default,
//! is the above). Its normal mode prints one `curl -si` command line, quoted for a POSIX
//! shell: the method, the URL (the query holds only the API parameters) and each
//! signed header plus `Authorization` as `-H` arguments, so `eval "$(mts sign
//! --scheme v3 --id ...)"` runs it. Its `--jsonl` mode is described at
//! [`sign_v3_json_line`].
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
use mts_codec::signing::{
    BodyHash, Credentials, Format, Method, Params, RandomNonce, RpcSigner, Scheme, V3Signer,
};
use serde_json::{Map, Value, json};

/// Which signature `--scheme` asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SignScheme {
    V1,
    V3,
}

/// Takes `--scheme v1|v3` out of `args`.
fn split_scheme(args: &[String]) -> Result<(SignScheme, Vec<String>), String> {
    let mut scheme = SignScheme::V1;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--scheme" {
            scheme = match it.next().map(|v| v.to_ascii_lowercase()).as_deref() {
                Some("v1") => SignScheme::V1,
                Some("v3") => SignScheme::V3,
                Some(other) => return Err(format!("--scheme {other}: expected v1 or v3")),
                None => return Err("--scheme needs a value".into()),
            };
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((scheme, rest))
}

/// Runs `mts sign ARGS`.
pub fn run(args: &[String]) -> ExitCode {
    let (scheme, args) = match split_scheme(args) {
        Ok(split) => split,
        Err(message) => {
            eprintln!("mts sign: {message}");
            return ExitCode::from(2);
        }
    };
    let args = args.as_slice();
    let jsonl = args.iter().any(|a| a == "--jsonl");
    match (scheme, jsonl) {
        (SignScheme::V1, true) => return run_jsonl(sign_json_line),
        (SignScheme::V3, true) => return run_jsonl(sign_v3_json_line),
        (SignScheme::V3, false) => {
            return match sign_v3_curl(args) {
                Ok(line) => {
                    println!("{line}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("mts sign: {message}");
                    ExitCode::from(2)
                }
            };
        }
        (SignScheme::V1, false) => {}
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

/// The credentials from the environment, owned.
struct EnvCredentials {
    id: String,
    secret: String,
    token: Option<String>,
}

impl EnvCredentials {
    fn read() -> Result<Self, String> {
        let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
        Ok(Self {
            id: env("ALIBABA_CLOUD_ACCESS_KEY_ID")?,
            secret: env("ALIBABA_CLOUD_ACCESS_KEY_SECRET")?,
            token: std::env::var("ALIBABA_CLOUD_SECURITY_TOKEN")
                .ok()
                .filter(|t| !t.is_empty()),
        })
    }

    fn credentials(&self) -> Result<Credentials<'_>, String> {
        let creds = Credentials::new(&self.id, &self.secret).map_err(|e| e.to_string())?;
        Ok(match self.token.as_deref() {
            Some(token) => creds
                .with_security_token(token)
                .map_err(|e| e.to_string())?,
            None => creds,
        })
    }
}

/// Parses `--method get|post`.
fn parse_method(value: &str) -> Result<Method, String> {
    match value.to_ascii_lowercase().as_str() {
        "get" => Ok(Method::Get),
        "post" => Ok(Method::Post),
        other => Err(format!("--method {other}: expected get or post")),
    }
}

/// The arguments of `mts sign` (either scheme): `--id` (repeated), `--region`,
/// `--method`, and `--format` (v1 only).
struct SignArgs<'a> {
    ids: Vec<&'a str>,
    region: &'a str,
    format: Option<Format>,
    method: Method,
}

impl<'a> SignArgs<'a> {
    fn parse(args: &'a [String]) -> Result<Self, String> {
        let mut parsed = SignArgs {
            ids: Vec::new(),
            region: "cn-hangzhou",
            format: None,
            method: Method::Get,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let mut value = || {
                it.next()
                    .map(String::as_str)
                    .ok_or(format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--id" => parsed.ids.push(value()?),
                "--region" => parsed.region = value()?,
                "--format" => {
                    parsed.format = Some(match value()?.to_ascii_lowercase().as_str() {
                        "json" => Format::Json,
                        "xml" => Format::Xml,
                        other => return Err(format!("--format {other}: expected json or xml")),
                    })
                }
                "--method" => parsed.method = parse_method(value()?)?,
                other => return Err(format!("unknown argument {other}")),
            }
        }
        if parsed.ids.is_empty() {
            return Err("give at least one --id".into());
        }
        Ok(parsed)
    }
}

/// Parses the command line and returns the signed URL.
fn sign_url(args: &[String]) -> Result<(String, Method), String> {
    let SignArgs {
        ids,
        region,
        format,
        method,
    } = SignArgs::parse(args)?;
    let format = format.unwrap_or(Format::Json);
    let env = EnvCredentials::read()?;
    let creds = env.credentials()?;
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
fn run_jsonl(sign_line: fn(&str) -> Value) -> ExitCode {
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
        if writeln!(stdout, "{}", sign_line(&line)).is_err() {
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

/// What every conformance line holds, v1 and v3 alike.
struct LineCommon<'v> {
    creds: Credentials<'v>,
    method: Method,
    timestamp: Timestamp,
    nonce: &'v str,
    action: &'v str,
    version: &'v str,
    /// `SnapshotJobIds` and the `extra` parameters, as texts.
    params: Vec<(String, String)>,
}

/// Parses the keys shared by both conformance modes.
fn line_common(obj: &Map<String, Value>) -> Result<LineCommon<'_>, String> {
    let creds = Credentials::new(text(obj, "access_key_id")?, text(obj, "access_key_secret")?)
        .map_err(|e| e.to_string())?;
    let creds = match optional_text(obj, "security_token")? {
        Some(token) => creds
            .with_security_token(token)
            .map_err(|e| e.to_string())?,
        None => creds,
    };
    let method = match text(obj, "method")? {
        "GET" => Method::Get,
        "POST" => Method::Post,
        other => return Err(format!("method {other:?}: expected GET or POST")),
    };
    let timestamp = Timestamp::parse(text(obj, "timestamp")?).map_err(|e| e.to_string())?;
    let nonce = text(obj, "nonce")?;
    let action = optional_text(obj, "action")?.unwrap_or(query_snapshot_job_list::ACTION);
    let version = optional_text(obj, "version")?.unwrap_or(query_snapshot_job_list::VERSION);

    let mut params: Vec<(String, String)> = Vec::new();
    match obj.get("job_ids") {
        None | Some(Value::Null) => {}
        Some(Value::Array(ids)) => {
            let ids = ids
                .iter()
                .map(|v| v.as_str().ok_or("`job_ids` must hold strings"))
                .collect::<Result<Vec<_>, _>>()?;
            if !ids.is_empty() {
                params.push(("SnapshotJobIds".into(), ids.join(",")));
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
                params.push((k.clone(), v));
            }
        }
        Some(_) => return Err("`extra` must be an object".into()),
    }
    Ok(LineCommon {
        creds,
        method,
        timestamp,
        nonce,
        action,
        version,
        params,
    })
}

/// The borrowed parameter set over `owned`.
fn params_of(owned: &[(String, String)]) -> Result<Params<'_, 64>, String> {
    let mut params = Params::<64>::new();
    for (k, v) in owned {
        params.insert(k, v).map_err(|e| e.to_string())?;
    }
    Ok(params)
}

fn try_sign_json_line(line: &str) -> Result<Value, String> {
    let input: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = input.as_object().ok_or("the line is not a JSON object")?;
    let LineCommon {
        creds,
        method,
        timestamp,
        nonce,
        action,
        version,
        params: owned,
    } = line_common(obj)?;
    let format = text(obj, "format")?;
    let params = params_of(&owned)?;

    let mut signer = RpcSigner::new(action, version)
        .format_text(format)
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

/// The host `--scheme v3 --jsonl` signs for when a line names none.
pub const DEFAULT_V3_HOST: &str = "mts.cn-hangzhou.aliyuncs.com";

/// Signs one `--scheme v3 --jsonl` line: the output object, or `{"error": ...}`.
///
/// ```text
/// {"access_key_id", "access_key_secret", "security_token"?, "method": "GET"|"POST",
///  "timestamp": "YYYY-MM-DDThh:mm:ssZ", "nonce", "job_ids": [..], "extra"?: {..},
///  "action"?, "version"?, "host"?}
/// ```
///
/// `job_ids` is joined with `,` into `SnapshotJobIds` (omitted when empty), `extra`
/// adds query parameters (numbers as their decimal text); `action`, `version` and
/// `host` default to `QuerySnapshotJobList`, `2014-06-18` and
/// [`DEFAULT_V3_HOST`]; other keys are ignored. Exactly the six headers (`host`,
/// `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
/// `x-acs-content-sha256` of the empty body) are signed, plus `x-acs-security-token`
/// with a token. Out: `canonical_request`, `string_to_sign`, `signature` (hex) and
/// `authorization` (the header value).
pub fn sign_v3_json_line(line: &str) -> Value {
    match try_sign_v3_json_line(line) {
        Ok(v) => v,
        Err(message) => json!({ "error": message }),
    }
}

fn try_sign_v3_json_line(line: &str) -> Result<Value, String> {
    let input: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let obj = input.as_object().ok_or("the line is not a JSON object")?;
    let common = line_common(obj)?;
    let host = optional_text(obj, "host")?.unwrap_or(DEFAULT_V3_HOST);
    let params = params_of(&common.params)?;
    let signed = V3Signer::new(common.action, common.version, host)
        .method(common.method)
        .sign(
            &params,
            &[],
            BodyHash::Empty,
            &common.creds,
            common.timestamp,
            common.nonce,
        )
        .map_err(|e| e.to_string())?;
    let mut canonical_request = String::with_capacity(signed.canonical_request_len());
    let mut string_to_sign = String::with_capacity(signed.string_to_sign_len());
    let mut authorization = String::with_capacity(signed.authorization_len());
    signed
        .write_canonical_request(&mut canonical_request)
        .and_then(|()| signed.write_string_to_sign(&mut string_to_sign))
        .and_then(|()| signed.write_authorization(&mut authorization))
        .map_err(|e| e.to_string())?;
    Ok(json!({
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "signature": signed.signature(),
        "authorization": authorization,
    }))
}

/// Quotes `word` for a POSIX shell: as it is when it holds only bytes no shell treats
/// specially, otherwise in single quotes, a `'` inside becoming `'\''`.
pub fn sh_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b",-./:@_+".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Parses the `--scheme v3` command line and returns the `curl` command line.
fn sign_v3_curl(args: &[String]) -> Result<String, String> {
    let SignArgs {
        ids,
        region,
        format,
        method,
    } = SignArgs::parse(args)?;
    if format.is_some() {
        return Err("--format is for --scheme v1 (v3 has no Format)".into());
    }
    let env = EnvCredentials::read()?;
    let creds = env.credentials()?;
    // The typed request checks the ids and yields only API parameters: v3's query.
    let request = QuerySnapshotJobList::new()
        .job_ids(&ids)
        .map_err(|e| e.to_string())?;
    let endpoint = Endpoint::for_region(region).map_err(|e| e.to_string())?;
    let mut host = String::with_capacity(endpoint.len());
    endpoint.write_host(&mut host).map_err(|e| e.to_string())?;
    // A fresh time and nonce on every run: a signed request is good for one attempt.
    let now = Timestamp::now().map_err(|e| e.to_string())?;
    let nonce = RandomNonce::generate();
    let signed = V3Signer::new(
        query_snapshot_job_list::ACTION,
        query_snapshot_job_list::VERSION,
        &host,
    )
    .method(method)
    .sign(&request, &[], BodyHash::Empty, &creds, now, nonce.as_str())
    .map_err(|e| e.to_string())?;
    let mut query = String::with_capacity(signed.query_len());
    let mut authorization = String::with_capacity(signed.authorization_len());
    signed
        .write_query(&mut query)
        .and_then(|()| signed.write_authorization(&mut authorization))
        .map_err(|e| e.to_string())?;
    let url = if query.is_empty() {
        format!("https://{host}/")
    } else {
        format!("https://{host}/?{query}")
    };
    let mut words = vec![
        "curl".to_owned(),
        // -s: no progress bar; -i: the status line and headers, which `mts decode` reads.
        "-si".to_owned(),
        "-X".to_owned(),
        method.as_str().to_owned(),
        sh_quote(&url),
    ];
    let headers = signed
        .headers()
        .map(|(name, value)| format!("{name}: {value}"))
        .chain([format!("Authorization: {authorization}")]);
    for header in headers {
        words.push("-H".to_owned());
        words.push(sh_quote(&header));
    }
    Ok(words.join(" "))
}
