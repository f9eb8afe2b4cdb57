//! A loopback stand-in for the MTS gateway: a `std` `TcpListener` on `127.0.0.1:0`, one
//! thread, minimal HTTP/1.1 (request line, headers, a `Content-Length` body, every
//! answer `Connection: close`).
//!
//! It routes `GET /?<query>` and `POST /` (signed query in the URL, or an
//! `application/x-www-form-urlencoded` body), signed with v1 or with v3 (`Authorization:
//! ACS3-HMAC-SHA256 ...` and the `x-acs-*` headers), and answers `QuerySnapshotJobList`
//! for a scripted set of jobs in JSON or XML per the request's `Format` (when absent,
//! XML, the server's default, spec §3.1, unless a v3 request asks for JSON with
//! `accept`, as the Tea SDKs do), shaped as spec §5 says, with `Content-Type`. Errors are spec §8 bodies
//! with their statuses:
//!
//! | provoked by | code | status |
//! |---|---|---|
//! | the [`Verifier`] refusing the signature | `SignatureDoesNotMatch` | 400 |
//! | the [`Verifier`] finding the time stale | `InvalidTimeStamp.Expired` | 400 |
//! | a `SignatureNonce` seen before (kept here) | `SignatureNonceUsed` | 400 |
//! | [`StandIn::throttle_next`] / [`Script::throttle_every`] | `Throttling` | 400 |
//!
//! Signature checking is a hook, [`Verifier`]; the tests pass
//! [`verify::verify_with_codec`] (`mts_codec::verify`), which also maps the other
//! refusals (`InvalidAccessKeyId.NotFound` 404, `IncompleteSignature`, …). Every
//! request is verified first; nonce replay and throttling come after, and are the
//! stand-in's, as they are the gateway's.
//!
//! The stand-in has a clock: real time, or frozen with [`StandIn::freeze_clock`] and
//! moved with [`StandIn::advance`]. The verifier's 15-minute window is checked against
//! it, and with [`Script::seconds_per_state`] jobs move through their states by it.
#![allow(dead_code)]

mod bodies;
mod http;
mod listing;
pub mod verify;

use std::collections::{BTreeMap, HashSet};
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use mts_codec::Timestamp;

use bodies::{Answer, Wire, error_answer, json_answer, xml_answer};
use http::{Request, parse_pairs, read_request};
use listing::{list_page, state_of};

/// A request as received, for the [`Verifier`].
#[derive(Debug)]
pub struct Received<'r> {
    /// `GET` or `POST`.
    pub method: &'r str,
    /// The path, `/`.
    pub path: &'r str,
    /// The raw query string (after `?`, still percent-encoded); empty if none.
    pub raw_query: &'r str,
    /// Every header as received (v3 signs some of them).
    pub headers: &'r [(String, String)],
    /// The body as received.
    pub body: &'r [u8],
    /// The body of a form `POST` (`application/x-www-form-urlencoded`), else `None`.
    pub form_body: Option<&'r [u8]>,
    /// Query and form parameters, decoded (form: `+` is a space).
    pub params: &'r BTreeMap<String, String>,
    /// The stand-in's clock when the request came in.
    pub now: Timestamp,
}

/// What a verified request tells the stand-in.
#[derive(Clone, Debug)]
pub struct Verified {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// The action (`Action`, or v3's `x-acs-action`).
    pub action: String,
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

/// The signature check ([`verify::verify_with_codec`] in the tests).
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
/// it (or every [`Script::seconds_per_state`] of the stand-in's clock), and stays on
/// the last.
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
    /// Move jobs by the clock rather than by polls: one state per this many seconds
    /// since the stand-in started.
    pub seconds_per_state: Option<u64>,
}

/// What the stand-in saw, for assertions.
#[derive(Clone, Debug, Default)]
pub struct Log {
    /// Requests answered.
    pub requests: u32,
    /// Requests whose signature [`verify::verify_with_codec`] (the hook) accepted.
    pub verified: u32,
    /// Most ids in one `SnapshotJobIds`.
    pub max_ids: usize,
    /// `(status, Code)` of every error answered.
    pub errors: Vec<(u16, String)>,
    /// Listing pages answered (requests without `SnapshotJobIds`).
    pub pages: u32,
    /// The HTTP method of every request.
    pub methods: Vec<String>,
    /// The signature version (`v1`, `v3`) of every request the hook accepted.
    pub signatures: Vec<&'static str>,
}

struct State {
    script: Script,
    /// How many polls each job has had.
    polls: BTreeMap<String, usize>,
    nonces: HashSet<String>,
    throttle_next: u32,
    log: Log,
    /// A frozen clock (Unix seconds), or `None` for real time.
    frozen: Option<i64>,
    /// The clock when the stand-in started, for [`Script::seconds_per_state`].
    started: i64,
}

impl State {
    fn now(&self) -> Timestamp {
        match self.frozen {
            Some(seconds) => Timestamp::from_unix_seconds(seconds).expect("clock in range"),
            None => Timestamp::now().expect("system clock in range"),
        }
    }
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
            frozen: None,
            started: Timestamp::now().expect("system clock").unix_seconds(),
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

    /// Stops the clock at `at` (and counts [`Script::seconds_per_state`] from there).
    pub fn freeze_clock(&self, at: Timestamp) {
        let mut st = lock(&self.state);
        st.frozen = Some(at.unix_seconds());
        st.started = at.unix_seconds();
    }

    /// Moves a frozen clock on by `by`, rounded up to whole seconds.
    pub fn advance(&self, by: Duration) {
        let mut st = lock(&self.state);
        let now = st.now().unix_seconds();
        let secs = by.as_secs() + u64::from(by.subsec_nanos() > 0);
        st.frozen = Some(now + i64::try_from(secs).expect("a sane delay"));
    }

    /// The stand-in's clock.
    pub fn now(&self) -> Timestamp {
        lock(&self.state).now()
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

fn serve(stream: TcpStream, state: &Mutex<State>, verifier: &dyn Verifier) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let answer = match read_request(&mut reader) {
        Ok(request) => answer(&request, state, verifier),
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

fn answer(request: &Request, state: &Mutex<State>, verifier: &dyn Verifier) -> Answer {
    let (method, body) = (request.method.as_str(), request.body.as_slice());
    let content_type = request.header("content-type");
    let target = request.target.as_str();
    let (path, raw_query) = target.split_once('?').unwrap_or((target, ""));
    let mut params = BTreeMap::new();
    let is_form = method == "POST"
        && content_type.is_some_and(|t| {
            t.split(';').next().is_some_and(|t| {
                t.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
    let parsed =
        parse_pairs(raw_query, false, &mut params).and_then(|()| match (method, is_form) {
            ("POST", true) => {
                let text = std::str::from_utf8(body).map_err(|_| "form body is not UTF-8")?;
                parse_pairs(text, true, &mut params)
            }
            ("GET" | "POST", _) => Ok(()),
            _ => Err(format!("method {method} is not routed")),
        });
    let v3 = request
        .header("authorization")
        .is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 "));
    let wire = match params.get("Format").map(|f| f.to_ascii_uppercase()) {
        Some(f) if f == "JSON" => Wire::Json,
        Some(_) => Wire::Xml,
        None if v3 && request.header("accept").is_some_and(|a| a.contains("json")) => Wire::Json,
        None => Wire::Xml,
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
    let received = Received {
        method,
        path,
        raw_query,
        headers: &request.headers,
        body,
        form_body: is_form.then_some(body),
        params: &params,
        now: st.now(),
    };
    let action = match verifier.verify(&received) {
        Ok(verified) => {
            st.log.verified += 1;
            st.log.signatures.push(if v3 { "v3" } else { "v1" });
            if !st.nonces.insert(verified.nonce) {
                return error(
                    &mut st,
                    400,
                    "SignatureNonceUsed",
                    "Specified signature nonce was used already.",
                );
            }
            verified.action
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
    };
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
    if action != "QuerySnapshotJobList" {
        return error(
            &mut st,
            400,
            "InvalidParameter",
            "The specified parameter \"Action\" is invalid.",
        );
    }
    let request_id = format!("5A1D0C3B-0000-4000-8000-{:012}", n);
    let Some(ids) = params.get("SnapshotJobIds") else {
        return match list_page(&mut st, &params) {
            Ok((found, token)) => match wire {
                Wire::Json => json_answer(&request_id, &found, &[], token.as_deref()),
                Wire::Xml => xml_answer(&request_id, &found, &[], token.as_deref()),
            },
            Err(name) => error(
                &mut st,
                400,
                "InvalidParameter",
                &format!("The specified parameter \"{name}\" is invalid."),
            ),
        };
    };
    let ids: Vec<String> = ids
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
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
        let state = state_of(&st, &job);
        *st.polls.entry(id.clone()).or_insert(0) += 1;
        found.push((job, state));
    }
    match wire {
        Wire::Json => json_answer(&request_id, &found, &unknown, None),
        Wire::Xml => xml_answer(&request_id, &found, &unknown, None),
    }
}
