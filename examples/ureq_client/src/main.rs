//! Query snapshot jobs over HTTPS: sign with `mts-codec`, send with `ureq`, decode
//! with `mts-codec`, and print each job and, for finished ones, its snapshot URLs.
//!
//! ```text
//! export ALIBABA_CLOUD_ACCESS_KEY_ID=...        # required
//! export ALIBABA_CLOUD_ACCESS_KEY_SECRET=...    # required
//! export ALIBABA_CLOUD_SECURITY_TOKEN=...       # optional, for STS credentials
//! cargo run --manifest-path examples/ureq_client/Cargo.toml -- [--endpoint URL]
//!     [--region ID] [--format json|xml] [--method get|post] [--scheme v1|v3]
//!     [--wait [--interval SECONDS]] JOB_ID...
//! ```
//!
//! `--region` (default `cn-hangzhou`) picks the host `mts.<region>.aliyuncs.com` and the
//! signed `RegionId`; `--endpoint` sends elsewhere, e.g. `http://127.0.0.1:8080` for a
//! loopback stand-in (see `tests/loopback.rs`). Ids are sent 10 per request (the API's
//! limit). `--method` (default `post`, what the official SDKs send: the signed query in
//! the URL, an empty body) or `get`. `--scheme v1` (default, `HMAC-SHA1`, answered in
//! `--format`) or `v3` (`ACS3-HMAC-SHA256` headers, answered in JSON). The exit status
//! is 0 when every request was answered with jobs, 1 otherwise.
//!
//! An API error is printed with its code and message; for `SignatureDoesNotMatch` the
//! server's string-to-sign is compared with the client's
//! (`ApiError::diagnose_signature`): the same string means a wrong AccessKeySecret,
//! else the first byte where they part.
//!
//! `--wait` polls until every job is `Success`, `Fail` or unknown, with the crate's
//! `JobTracker`: ten ids per request, each signed with a fresh nonce, a job printed when
//! it finishes, sleeping as the tracker says (from `--interval`, default 2 s, growing
//! while nothing moves, longer after `Throttling`). It exits 0 when every job is
//! accounted for, 1 when the tracker stops on an error retrying will not fix.
//!
//! Why `ureq`: blocking (an example needs no async runtime), small, widely used and
//! maintained; with this package's default `tls` feature it speaks `https://` through
//! rustls. The library itself stays transport-free.

use std::process::ExitCode;
use std::time::Duration;

use mts_codec::Timestamp;
use mts_codec::api_error::{ApiError, SignatureDiagnosis};
use mts_codec::query_snapshot_job_list::{
    JobState, MAX_JOB_IDS, Numbering, OutputKind, OutputsError, QuerySnapshotJobList,
    QuerySnapshotJobListResponse, SnapshotJob,
};
use mts_codec::signing::{Credentials, Method, RandomNonce};
use mts_codec::workflow::{Backoff, JobTracker, Next};
use mts_codec::{Format, Response};
use mts_ureq_client::{ClientError, MtsClient, Reply, SignatureScheme};

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What `--help` prints.
const USAGE: &str = "usage: ureq_client [--endpoint URL] [--region ID] [--format json|xml] \
                     [--method get|post] [--scheme v1|v3] [--wait [--interval SECONDS]] JOB_ID...";

/// The command line.
struct Args {
    endpoint: Option<String>,
    region: String,
    /// `None` when not given: JSON.
    format: Option<Format>,
    method: Method,
    scheme: SignatureScheme,
    /// `Some(first idle delay)` with `--wait`.
    wait: Option<Duration>,
    ids: Vec<String>,
}

fn parse_args() -> Result<Args, ClientError> {
    let mut args = Args {
        endpoint: None,
        region: "cn-hangzhou".to_owned(),
        format: None,
        method: Method::Post,
        scheme: SignatureScheme::V1,
        wait: None,
        ids: Vec::new(),
    };
    let mut interval = Backoff::new().initial_delay();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--endpoint" => args.endpoint = Some(value("--endpoint")?),
            "--region" => args.region = value("--region")?,
            "--format" => {
                args.format = match value("--format")?.to_ascii_lowercase().as_str() {
                    "json" => Some(Format::Json),
                    "xml" => Some(Format::Xml),
                    other => {
                        return Err(format!("--format: {other:?} is neither json nor xml").into());
                    }
                }
            }
            "--method" => {
                args.method = match value("--method")?.to_ascii_lowercase().as_str() {
                    "get" => Method::Get,
                    "post" => Method::Post,
                    other => {
                        return Err(format!("--method: {other:?} is neither get nor post").into());
                    }
                }
            }
            "--scheme" => {
                args.scheme = match value("--scheme")?.to_ascii_lowercase().as_str() {
                    "v1" => SignatureScheme::V1,
                    "v3" => SignatureScheme::V3,
                    other => {
                        return Err(format!("--scheme: {other:?} is neither v1 nor v3").into());
                    }
                }
            }
            "--wait" => args.wait = Some(interval),
            "--interval" => {
                let text = value("--interval")?;
                interval = text
                    .parse::<f64>()
                    .ok()
                    .and_then(|s| Duration::try_from_secs_f64(s).ok())
                    .ok_or_else(|| format!("--interval: {text:?} is not a number of seconds"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}").into()),
            id => args.ids.push(id.to_owned()),
        }
    }
    if args.ids.is_empty() {
        return Err("no job id given".into());
    }
    if args.scheme == SignatureScheme::V3 && args.format == Some(Format::Xml) {
        return Err("--format xml is for --scheme v1 (v3 has no Format: it answers JSON)".into());
    }
    // `--interval` may come after `--wait`.
    args.wait = args.wait.map(|_| interval);
    Ok(args)
}

fn env(name: &str) -> Result<Option<String>, ClientError> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Some(v)),
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => Err(format!("{name}: {e}").into()),
    }
}

fn run() -> Result<bool, ClientError> {
    let args = parse_args()?;
    let id = env("ALIBABA_CLOUD_ACCESS_KEY_ID")?.ok_or("ALIBABA_CLOUD_ACCESS_KEY_ID is not set")?;
    let secret = env("ALIBABA_CLOUD_ACCESS_KEY_SECRET")?
        .ok_or("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set")?;
    let token = env("ALIBABA_CLOUD_SECURITY_TOKEN")?;
    let mut credentials = Credentials::new(&id, &secret)?;
    if let Some(token) = &token {
        credentials = credentials.with_security_token(token)?;
    }
    drop(secret);

    let format = args.format.unwrap_or(Format::Json);
    let client = MtsClient::new(args.endpoint.as_deref(), &args.region, format)?
        .with_method(args.method)
        .with_scheme(args.scheme);
    if let Some(interval) = args.wait {
        return wait_until_finished(&client, &credentials, args.ids, interval);
    }
    let ids: Vec<&str> = args.ids.iter().map(String::as_str).collect();
    let mut all_answered = true;
    for batch in ids.chunks(MAX_JOB_IDS) {
        let reply = client.query(&credentials, batch)?;
        match reply.decode()? {
            Response::Success(response) => print_jobs(&response),
            Response::ApiError(error) => {
                all_answered = false;
                println!("{}", api_error_report(&reply, &error));
            }
        }
    }
    Ok(all_answered)
}

/// `--wait`: the crate's `JobTracker` polls until every job is finished or unknown,
/// printing each as it ends. `Ok(false)` when the tracker gives up.
fn wait_until_finished(
    client: &MtsClient,
    credentials: &Credentials<'_>,
    ids: Vec<String>,
    interval: Duration,
) -> Result<bool, ClientError> {
    let mut tracker = JobTracker::new(ids, Backoff::new().initial(interval))?;
    while let Some(request) = tracker.next_request(QuerySnapshotJobList::new())? {
        // A fresh nonce and time for every attempt, retries included.
        let nonce = RandomNonce::generate();
        let reply = client.send(credentials, request, Timestamp::now()?, nonce.as_str())?;
        let update = match reply.decode() {
            Ok(response) => {
                let update = tracker.consume(&response);
                if let Response::ApiError(error) = &response {
                    eprintln!("{}", api_error_report(&reply, error));
                }
                for finished in &update.finished {
                    print_job(finished.job);
                }
                for id in &update.unknown {
                    println!("job {id} unknown");
                }
                update.next
            }
            Err(error) => {
                eprintln!("HTTP {}: undecodable body: {error}", reply.status);
                tracker.failed()
            }
        };
        match update {
            Next::After(delay) => std::thread::sleep(delay),
            Next::Done => break,
            Next::Stop(reason) => {
                println!("gave up: {reason}");
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// `HTTP <status> API error: <Code>: <Message>`; for `SignatureDoesNotMatch`, the
/// server's string-to-sign and what comparing it with the client's shows.
fn api_error_report(reply: &Reply, error: &ApiError<'_>) -> String {
    let mut report = format!("HTTP {} API error: {error}", reply.status);
    if let Some(server) = error.server_string_to_sign() {
        report.push_str(&format!("\n  server string to sign: {server}"));
    }
    match error.diagnose_signature(&reply.string_to_sign) {
        Some(SignatureDiagnosis::WrongSecret) => report.push_str(
            "\n  diagnosis: the server signed the same string as this client, \
             so the AccessKeySecret is wrong",
        ),
        Some(SignatureDiagnosis::StringToSignDiffers { at }) => report.push_str(&format!(
            "\n  diagnosis: the strings to sign differ from byte {at} on: the request \
             changed on its way, or was encoded unlike what was signed\
             \n  client string to sign: {}",
            reply.string_to_sign
        )),
        None => {}
    }
    report
}

/// One line per job, then its snapshot and tile URLs when it finished.
pub fn print_jobs(response: &QuerySnapshotJobListResponse<'_>) {
    for job in response.jobs() {
        print_job(job);
    }
    for id in response.non_existent_ids() {
        println!("job {id} unknown");
    }
}

/// `job <Id> <State>`, then its failure or its snapshot and tile URLs.
fn print_job(job: &SnapshotJob<'_>) {
    let id = job.id.map(|t| t.to_string()).unwrap_or_default();
    let state = job.state.map(|s| s.to_string()).unwrap_or_default();
    println!("job {id} {state}");
    if let (Some(code), Some(message)) = (job.code, job.message) {
        if !code.is_empty() {
            println!("  failed: {code}: {message}");
        }
    }
    if job.state == Some(JobState::Success) {
        for kind in [OutputKind::Snapshots, OutputKind::Tiles] {
            match job.output_objects(kind, Numbering::DOCUMENTED) {
                Ok(mut objects) => {
                    for object in objects.by_ref().take(1000) {
                        println!("  {}", object.url());
                    }
                    if objects.remaining() > 0 {
                        println!("  ... and {} more", objects.remaining());
                    }
                }
                // A job without tiling has no TileCount or TileOutputFile.
                Err(OutputsError::Missing { .. }) if kind == OutputKind::Tiles => {}
                Err(e) => println!("  no {kind:?} URLs: {e}"),
            }
        }
    }
}
