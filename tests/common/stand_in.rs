//! A loopback stand-in for the MTS gateway: a `std` `TcpListener` on `127.0.0.1:0`, one
//! thread, minimal HTTP/1.1 (request line, headers, a `Content-Length` body, every
//! answer `Connection: close`).
//!
//! It routes `GET /?<query>` and `POST /` (signed query in the URL, or an
//! `application/x-www-form-urlencoded` body), and answers `QuerySnapshotJobList` for a
//! scripted set of jobs in JSON or XML per the request's `Format` (XML when absent, the
//! server's default; spec §3.1), shaped as spec §5 says, with `Content-Type`. Errors are
//! spec §8 bodies with their statuses:
//!
//! | provoked by | code | status |
//! |---|---|---|
//! | the [`Verifier`] refusing the signature | `SignatureDoesNotMatch` | 400 |
//! | the [`Verifier`] finding the time stale | `InvalidTimeStamp.Expired` | 400 |
//! | a `SignatureNonce` seen before (kept here) | `SignatureNonceUsed` | 400 |
//! | [`StandIn::throttle_next`] / [`Script::throttle_every`] | `Throttling` | 400 |
//!
//! Signature checking is a hook, [`Verifier`]: the test passes the check it wants
//! (issue 6 part 1's `mts_codec::verify`, or a recomputation with the crate's signer).
//! Nonce replay and throttling are the stand-in's, as they are the gateway's.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

/// Largest request head (request line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body read.
const MAX_BODY: usize = 64 * 1024;
/// Host named in `HostId` of error bodies.
const HOST_ID: &str = "mts.cn-hangzhou.aliyuncs.com";

/// A request as received, for the [`Verifier`].
#[derive(Debug)]
pub struct Received<'r> {
    /// `GET` or `POST`.
    pub method: &'r str,
    /// The raw query string (after `?`, still percent-encoded); empty if none.
    pub raw_query: &'r str,
    /// The raw body (a form body for a form `POST`, else usually empty).
    pub body: &'r [u8],
    /// Query and form parameters, decoded (form: `+` is a space).
    pub params: &'r BTreeMap<String, String>,
}

/// What a verified request tells the stand-in.
#[derive(Clone, Debug)]
pub struct Verified {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SignatureNonce`, for the replay check.
    pub nonce: String,
}

/// Why the [`Verifier`] refused a request.
#[derive(Clone, Debug)]
pub enum Rejection {
    /// The signature is wrong: `SignatureDoesNotMatch`, with the server's string-to-sign.
    SignatureDoesNotMatch {
        /// The string-to-sign the server computed.
        server_string_to_sign: String,
    },
    /// `Timestamp` outside the allowed window: `InvalidTimeStamp.Expired`.
    TimestampExpired,
    /// Any other refusal, sent as given.
    Other {
        /// HTTP status.
        status: u16,
        /// `Code`.
        code: String,
        /// `Message`.
        message: String,
    },
}

/// The signature check: part 1's `mts_codec::verify` when merged, a recomputation with
/// the crate's signer until then.
pub trait Verifier: Send + 'static {
    /// Checks `request`; `Ok` with the verified key id and nonce, or why not.
    fn verify(&self, request: &Received<'_>) -> Result<Verified, Rejection>;
}

impl<F> Verifier for F
where
    F: Fn(&Received<'_>) -> Result<Verified, Rejection> + Send + 'static,
{
    fn verify(&self, request: &Received<'_>) -> Result<Verified, Rejection> {
        self(request)
    }
}

/// One job of the script: it moves one state along `states` each time a query returns
/// it, and stays on the last.
#[derive(Clone, Debug)]
pub struct ScriptedJob {
    /// `Id`.
    pub id: String,
    /// The states it goes through, e.g. `["Submitted", "Snapshoting", "Success"]`.
    pub states: Vec<&'static str>,
    /// `Count` once `Success`.
    pub count: u32,
    /// `SnapshotConfig.OutputFile.Object` (URL-encoded, as MTS echoes it).
    pub object: String,
}

/// What the stand-in serves.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// The jobs it knows.
    pub jobs: Vec<ScriptedJob>,
    /// Answer every n-th request (counting from 1) with `Throttling`.
    pub throttle_every: Option<u32>,
}

/// What the stand-in saw, for assertions.
#[derive(Clone, Debug, Default)]
pub struct Log {
    /// Requests answered.
    pub requests: u32,
    /// Most ids in one `SnapshotJobIds`.
    pub max_ids: usize,
    /// `(status, Code)` of every error answered.
    pub errors: Vec<(u16, String)>,
    /// The HTTP method of every request.
    pub methods: Vec<String>,
}

struct State {
    script: Script,
    /// How many polls each job has had.
    polls: BTreeMap<String, usize>,
    nonces: HashSet<String>,
    throttle_next: u32,
    log: Log,
}

/// A running stand-in; stops when dropped.
pub struct StandIn {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StandIn {
    /// Binds `127.0.0.1:0` and serves `script`, checking signatures with `verifier`.
    pub fn start(script: Script, verifier: impl Verifier) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State {
            script,
            polls: BTreeMap::new(),
            nonces: HashSet::new(),
            throttle_next: 0,
            log: Log::default(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop) = (Arc::clone(&state), Arc::clone(&stop));
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        // A broken connection is the client's problem, not the server's.
                        let _ = serve(stream, &state, &verifier);
                    }
                }
            })
        };
        StandIn {
            addr,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers the next `n` requests with `Throttling`.
    pub fn throttle_next(&self, n: u32) {
        lock(&self.state).throttle_next = n;
    }

    /// What was seen so far.
    pub fn log(&self) -> Log {
        lock(&self.state).log.clone()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the thread sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A finished answer.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: String,
}

fn serve(stream: TcpStream, state: &Mutex<State>, verifier: &dyn Verifier) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let answer = match read_request(&mut reader) {
        Ok((method, target, body, content_type)) => answer(
            &method,
            &target,
            &body,
            content_type.as_deref(),
            state,
            verifier,
        ),
        Err(message) => Answer {
            status: 400,
            content_type: "text/plain;charset=utf-8",
            body: message,
        },
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        answer.status,
        if answer.status == 200 {
            "OK"
        } else {
            "Bad Request"
        },
        answer.content_type,
        answer.body.len(),
        answer.body
    )?;
    stream.flush()
}

/// Reads `(method, target, body, content type)`, or a message saying what is wrong.
fn read_request(
    reader: &mut BufReader<TcpStream>,
) -> Result<(String, String, Vec<u8>, Option<String>), String> {
    let mut head_len = 0;
    let mut line = String::new();
    let mut read_line = |line: &mut String| -> Result<(), String> {
        line.clear();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - head_len) as u64)
            .read_line(line)
            .map_err(|e| format!("reading the request: {e}"))?;
        head_len += n;
        if !line.ends_with("\r\n") {
            return Err("request head too long or cut short".to_owned());
        }
        line.truncate(line.len() - 2);
        Ok(())
    };
    read_line(&mut line)?;
    let mut parts = line.split(' ');
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m.to_owned(), t.to_owned(), v),
        _ => return Err(format!("malformed request line {line:?}")),
    };
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(format!("unsupported version {version:?}"));
    }
    let mut content_length = 0usize;
    let mut content_type = None;
    loop {
        read_line(&mut line)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("malformed header {line:?}"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            content_length = value
                .parse()
                .map_err(|_| format!("bad Content-Length {value:?}"))?;
        } else if name.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err("Transfer-Encoding is not supported".to_owned());
        }
    }
    if content_length > MAX_BODY {
        return Err(format!("body of {content_length} bytes is over {MAX_BODY}"));
    }
    let mut body = vec![0; content_length];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("reading the body: {e}"))?;
    Ok((method, target, body, content_type))
}

/// Percent-decodes `s` (and `+` as a space when `form`); `None` on a bad escape or
/// non-UTF-8 result.
fn percent_decode(s: &str, form: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if form => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn parse_pairs(text: &str, form: bool, into: &mut BTreeMap<String, String>) -> Result<(), String> {
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = || format!("bad percent-encoding in {pair:?}");
        into.insert(
            percent_decode(name, form).ok_or_else(bad)?,
            percent_decode(value, form).ok_or_else(bad)?,
        );
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Wire {
    Json,
    Xml,
}

fn answer(
    method: &str,
    target: &str,
    body: &[u8],
    content_type: Option<&str>,
    state: &Mutex<State>,
    verifier: &dyn Verifier,
) -> Answer {
    let (path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    let mut params = BTreeMap::new();
    let parsed = parse_pairs(raw_query, false, &mut params).and_then(|()| {
        let is_form = content_type.is_some_and(|t| {
            t.split(';').next().is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
        match (method, is_form) {
            ("POST", true) => {
                let text = std::str::from_utf8(body).map_err(|_| "form body is not UTF-8")?;
                parse_pairs(text, true, &mut params)
            }
            ("GET" | "POST", _) => Ok(()),
            _ => Err(format!("method {method} is not routed")),
        }
    });
    let wire = match params.get("Format").map(|f| f.to_ascii_uppercase()) {
        Some(f) if f == "JSON" => Wire::Json,
        _ => Wire::Xml,
    };
    let mut st = lock(state);
    st.log.requests += 1;
    st.log.methods.push(method.to_owned());
    let error = |st: &mut State, status: u16, code: &str, message: &str| {
        st.log.errors.push((status, code.to_owned()));
        error_answer(wire, status, code, message)
    };
    if let Err(message) = parsed {
        return error(&mut st, 400, "InvalidParameter", &message);
    }
    if path != "/" {
        return error(
            &mut st,
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        );
    }
    let n = st.log.requests;
    let every = st
        .script
        .throttle_every
        .is_some_and(|k| k > 0 && n % k == 0);
    if st.throttle_next > 0 || every {
        st.throttle_next = st.throttle_next.saturating_sub(1);
        return error(
            &mut st,
            400,
            "Throttling",
            "Request was denied due to request throttling.",
        );
    }
    let received = Received {
        method,
        raw_query,
        body,
        params: &params,
    };
    match verifier.verify(&received) {
        Ok(verified) => {
            if !st.nonces.insert(verified.nonce) {
                return error(
                    &mut st,
                    400,
                    "SignatureNonceUsed",
                    "Specified signature nonce was used already.",
                );
            }
        }
        Err(Rejection::SignatureDoesNotMatch {
            server_string_to_sign,
        }) => {
            let message = format!(
                "Specified signature is not matched with our calculation. server string to sign is:{server_string_to_sign}"
            );
            return error(&mut st, 400, "SignatureDoesNotMatch", &message);
        }
        Err(Rejection::TimestampExpired) => {
            return error(
                &mut st,
                400,
                "InvalidTimeStamp.Expired",
                "Specified time stamp or date value is expired.",
            );
        }
        Err(Rejection::Other {
            status,
            code,
            message,
        }) => return error(&mut st, status, &code, &message),
    }
    if params.get("Action").map(String::as_str) != Some("QuerySnapshotJobList") {
        return error(
            &mut st,
            400,
            "InvalidParameter",
            "The specified parameter \"Action\" is invalid.",
        );
    }
    let ids: Vec<String> = params
        .get("SnapshotJobIds")
        .map(|s| {
            s.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if ids.len() > 10 {
        return error(
            &mut st,
            400,
            "InvalidParameter",
            "The specified parameter \"SnapshotJobIds\" is invalid.",
        );
    }
    st.log.max_ids = st.log.max_ids.max(ids.len());
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    for id in &ids {
        let Some(job) = st.script.jobs.iter().find(|j| &j.id == id).cloned() else {
            unknown.push(id.clone());
            continue;
        };
        let polls = st.polls.entry(id.clone()).or_insert(0);
        let state = job
            .states
            .get(*polls)
            .or(job.states.last())
            .copied()
            .unwrap_or("Submitted");
        *polls += 1;
        found.push((job, state));
    }
    let request_id = format!("5A1D0C3B-0000-4000-8000-{:012}", n);
    match wire {
        Wire::Json => json_answer(&request_id, &found, &unknown),
        Wire::Xml => xml_answer(&request_id, &found, &unknown),
    }
}

const JSON_TYPE: &str = "application/json;charset=utf-8";
const XML_TYPE: &str = "text/xml;charset=utf-8";

fn error_answer(wire: Wire, status: u16, code: &str, message: &str) -> Answer {
    let request_id = "E0000000-0000-4000-8000-000000000000";
    let recommend = format!("https://api.aliyun.com/troubleshoot?q={code}&product=Mts");
    match wire {
        Wire::Json => Answer {
            status,
            content_type: JSON_TYPE,
            body: serde_json::json!({
                "RequestId": request_id, "HostId": HOST_ID, "Code": code,
                "Message": message, "Recommend": recommend,
            })
            .to_string(),
        },
        Wire::Xml => Answer {
            status,
            content_type: XML_TYPE,
            body: format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <RequestId>{}</RequestId>\n  <HostId>{}</HostId>\n  <Code>{}</Code>\n  <Message>{}</Message>\n  <Recommend>{}</Recommend>\n</Error>\n",
                xml_escape(request_id),
                xml_escape(HOST_ID),
                xml_escape(code),
                xml_escape(message),
                xml_escape(&recommend)
            ),
        },
    }
}

/// The members of one job, in wire order, as (name, value) or nested groups.
fn job_value(job: &ScriptedJob, state: &str) -> serde_json::Value {
    let mut v = serde_json::json!({
        "Id": job.id, "State": state, "PipelineId": "b11c171cced04565b1f38f1ecc390001",
        "CreationTime": "2026-01-01T00:00:00Z",
        "Input": {"Bucket": "media-in", "Location": "oss-cn-hangzhou", "Object": "video%2Finput.mp4"},
        "SnapshotConfig": {"Num": job.count.to_string(), "Interval": "2", "OutputFile":
            {"Bucket": "media-out", "Location": "oss-cn-hangzhou", "Object": job.object}},
    });
    match state {
        "Success" => v["Count"] = serde_json::json!(job.count.to_string()),
        "Fail" => {
            v["Code"] = serde_json::json!("InvalidParameter.ResourceNotFound");
            v["Message"] =
                serde_json::json!("The resource operated \"InputFile\" cannot be found.");
        }
        _ => {}
    }
    v
}

fn json_answer(request_id: &str, found: &[(ScriptedJob, &str)], unknown: &[String]) -> Answer {
    let jobs: Vec<_> = found
        .iter()
        .map(|(job, state)| job_value(job, state))
        .collect();
    let mut body =
        serde_json::json!({"RequestId": request_id, "SnapshotJobList": {"SnapshotJob": jobs}});
    if !unknown.is_empty() {
        body["NonExistSnapshotJobIds"] = serde_json::json!({"String": unknown});
    }
    Answer {
        status: 200,
        content_type: JSON_TYPE,
        body: body.to_string(),
    }
}

fn xml_answer(request_id: &str, found: &[(ScriptedJob, &str)], unknown: &[String]) -> Answer {
    let mut body =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<QuerySnapshotJobListResponse>");
    body += &format!("<RequestId>{}</RequestId>", xml_escape(request_id));
    if !unknown.is_empty() {
        body += "<NonExistSnapshotJobIds list=\"true\">";
        for id in unknown {
            body += &format!("<String>{}</String>", xml_escape(id));
        }
        body += "</NonExistSnapshotJobIds>";
    }
    body += "<SnapshotJobList list=\"true\">";
    for (job, state) in found {
        body += "<SnapshotJob>";
        write_xml_members(&job_value(job, state), &mut body);
        body += "</SnapshotJob>";
    }
    body += "</SnapshotJobList></QuerySnapshotJobListResponse>";
    Answer {
        status: 200,
        content_type: XML_TYPE,
        body,
    }
}

/// Writes the members of a JSON object of strings and objects as XML elements.
fn write_xml_members(v: &serde_json::Value, out: &mut String) {
    if let serde_json::Value::Object(members) = v {
        for (name, value) in members {
            out.push_str(&format!("<{name}>"));
            match value {
                serde_json::Value::String(s) => out.push_str(&xml_escape(s)),
                nested => write_xml_members(nested, out),
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
