//! A scripted stand-in for MTS `QuerySnapshotJobList`, for the workflow simulations:
//! jobs move Submitted → Snapshoting → Success/Fail over simulated time; the service
//! reads the signed form body the crate wrote, checks it, and answers with real JSON or
//! XML bodies (escapes, CDATA and comments forced by a seed), throttling some calls.

use crate::support::oracles::render;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use mts_codec::Format;
use mts_codec::Timestamp;
use serde_json::{Value, json};

/// The first second of the simulation, as Unix seconds (2024-01-01T00:00:00Z).
pub const EPOCH: i64 = 1_704_067_200;

/// A small deterministic generator (SplitMix64), so every run is reproducible.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// `true` with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.next() % 1000 < u64::from(per_mille)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One scripted job: submitted at `created`, running from `starts`, finished at `ends`
/// (simulated seconds since [`EPOCH`]).
#[derive(Clone, Debug)]
pub struct SimJob {
    pub id: String,
    pub pipeline: &'static str,
    pub created: u64,
    pub starts: u64,
    pub ends: u64,
    pub success: bool,
}

impl SimJob {
    pub fn state_at(&self, now: Duration) -> &'static str {
        let t = now.as_secs();
        if t >= self.ends {
            if self.success { "Success" } else { "Fail" }
        } else if t >= self.starts {
            "Snapshoting"
        } else {
            "Submitted"
        }
    }

    /// The job as the service renders it at `now`.
    pub fn to_wire(&self, now: Duration) -> Value {
        let state = self.state_at(now);
        let created = Timestamp::from_unix_seconds(EPOCH + self.created as i64).unwrap();
        let mut job = json!({
            "Id": self.id,
            "PipelineId": self.pipeline,
            "State": state,
            "CreationTime": created.to_string(),
            "UserData": format!("{{\"n\":\"{}\"}}", &self.id[24..]),
            "Input": {"Bucket": "in-bucket", "Location": "oss-cn-shanghai", "Object": "video%2Fa%26b.mp4"},
        });
        match state {
            "Success" => {
                job["Count"] = json!("3");
                job["SnapshotConfig"] = json!({
                    "Time": "4", "Num": "3", "Interval": "10",
                    "OutputFile": {"Bucket": "out-bucket", "Location": "oss-cn-shanghai",
                                   "Object": format!("snap/{}/{{Count}}.jpg", self.id)},
                });
                job["MNSMessageResult"] = json!({"MessageId": "799454621135656C7F815F198A76"});
            }
            "Fail" => {
                job["Code"] = json!("InvalidParameter.ResourceNotFound");
                job["Message"] = json!("The resource operated \"InputFile\" cannot be found.");
            }
            _ => {}
        }
        job
    }
}

/// How badly the service behaves, in per mille of calls.
#[derive(Clone, Copy, Debug, Default)]
pub struct Chaos {
    /// Answer `Throttling` (HTTP 400).
    pub throttle: u32,
    /// Answer `ServiceUnavailable` (HTTP 503).
    pub unavailable: u32,
    /// Drop the connection: no HTTP answer at all.
    pub drop: u32,
    /// Leave one asked job out of the answer (neither listed nor reported unknown).
    pub omit: u32,
    /// Add a job that was not asked for.
    pub unsolicited: u32,
    /// Shuffle the order of the jobs in the answer.
    pub shuffle: bool,
}

/// How the listing hands out `NextPageToken`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tokens {
    /// A fresh 32-hex token per page, as the service does.
    Fresh,
    /// The same token on every page (a broken server).
    Repeat,
    /// Two tokens, alternating (a broken server).
    Cycle,
}

/// What one call got.
#[derive(Debug)]
pub enum Reply {
    Http {
        status: u16,
        format: Format,
        body: Vec<u8>,
    },
    Dropped,
}

/// What the service saw of one call.
#[derive(Clone, Debug)]
pub struct Call {
    pub at: Duration,
    pub params: HashMap<String, String>,
    pub ids: Vec<String>,
    /// `"ok"`, `"Throttling"`, `"ServiceUnavailable"` or `"dropped"`.
    pub outcome: &'static str,
    pub returned_token: Option<String>,
}

pub struct FakeMts {
    pub jobs: Vec<SimJob>,
    by_id: HashMap<String, usize>,
    pub chaos: Chaos,
    pub tokens: Tokens,
    rng: Rng,
    nonces: HashSet<String>,
    /// Listing cursors: token → (the filtered ids at the first page, offset).
    cursors: HashMap<String, (Vec<usize>, usize)>,
    pub calls: Vec<Call>,
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            assert_ne!(b[i], b'+', "the crate encodes a space as %20");
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The parameters of a form body `k=v&k=v`.
pub fn parse_form(form: &str) -> HashMap<String, String> {
    form.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// A 32-hex job id from a number.
pub fn job_id(n: u64) -> String {
    format!(
        "{:032x}",
        0x72df_a5e6_79ab_4be9_a3ed_9974_c736_0000_u128 + u128::from(n)
    )
}

impl FakeMts {
    /// `n` jobs created over the first minutes, each finishing within about ten
    /// minutes; about one in six fails.
    pub fn new(n: usize, seed: u64) -> Self {
        let mut rng = Rng(seed);
        let pipelines = ["pipeline-a", "pipeline-b", "pipeline-c"];
        let jobs: Vec<SimJob> = (0..n as u64)
            .map(|i| {
                let created = rng.below(120);
                let starts = created + rng.below(60);
                let ends = starts + 1 + rng.below(600);
                SimJob {
                    id: job_id(i),
                    pipeline: pipelines[rng.below(3) as usize],
                    created,
                    starts,
                    ends,
                    success: !rng.chance(170),
                }
            })
            .collect();
        let by_id = jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (j.id.clone(), i))
            .collect();
        Self {
            jobs,
            by_id,
            chaos: Chaos::default(),
            tokens: Tokens::Fresh,
            rng,
            nonces: HashSet::new(),
            cursors: HashMap::new(),
            calls: Vec::new(),
        }
    }

    pub fn job(&self, id: &str) -> Option<&SimJob> {
        self.by_id.get(id).map(|&i| &self.jobs[i])
    }

    /// The last second at which some job changes state.
    pub fn last_end(&self) -> u64 {
        self.jobs.iter().map(|j| j.ends).max().unwrap_or(0)
    }

    fn render(&mut self, format: Format, root: &str, v: &Value) -> Vec<u8> {
        let seed = self.rng.next() as u32;
        match format {
            // Escapes forced on some characters (every 7th code point, say).
            Format::Json => render::to_json_with_escapes(v, 5 + seed % 11).into_bytes(),
            Format::Xml => render::to_xml(v, root, seed).into_bytes(),
        }
    }

    fn error(&mut self, format: Format, status: u16, code: &str, message: &str) -> Reply {
        let v = json!({
            "RequestId": format!("{:08X}-0000", self.rng.next() as u32),
            "HostId": "mts.cn-shanghai.aliyuncs.com",
            "Code": code,
            "Message": message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=Mts"),
        });
        let body = self.render(format, "Error", &v);
        Reply::Http {
            status,
            format,
            body,
        }
    }

    /// Answers the form body of one signed request, sent at `now`.
    pub fn handle(&mut self, form: &str, now: Duration) -> Reply {
        let params = parse_form(form);
        let format = match params.get("Format").map(String::as_str) {
            Some("XML") => Format::Xml,
            _ => Format::Json,
        };
        let mut call = Call {
            at: now,
            params: params.clone(),
            ids: Vec::new(),
            outcome: "ok",
            returned_token: None,
        };
        // The request must be signed at the simulated time, with a nonce never seen.
        let expected = Timestamp::from_unix_seconds(EPOCH + now.as_secs() as i64).unwrap();
        assert_eq!(
            params["Timestamp"],
            expected.to_string(),
            "signed at the simulated time"
        );
        assert_eq!(params["Action"], "QuerySnapshotJobList");
        assert_eq!(params["Signature"].len(), 28);
        let nonce = params["SignatureNonce"].clone();
        if !self.nonces.insert(nonce) {
            self.calls.push(Call {
                outcome: "SignatureNonceUsed",
                ..call
            });
            return self.error(
                format,
                400,
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            );
        }
        if let Some(ids) = params.get("SnapshotJobIds") {
            call.ids = ids.split(',').map(str::to_owned).collect();
        }
        let chaos = self.chaos;
        if self.rng.chance(chaos.drop) {
            self.calls.push(Call {
                outcome: "dropped",
                ..call
            });
            return Reply::Dropped;
        }
        if self.rng.chance(chaos.throttle) {
            self.calls.push(Call {
                outcome: "Throttling",
                ..call
            });
            return self.error(
                format,
                400,
                "Throttling",
                "Request was denied due to request throttling.",
            );
        }
        if self.rng.chance(chaos.unavailable) {
            self.calls.push(Call {
                outcome: "ServiceUnavailable",
                ..call
            });
            return self.error(
                format,
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            );
        }
        let reply = if call.ids.is_empty() {
            self.list(format, &params, now, &mut call)
        } else {
            self.by_ids(format, &call.ids.clone(), now)
        };
        self.calls.push(call);
        reply
    }

    fn by_ids(&mut self, format: Format, ids: &[String], now: Duration) -> Reply {
        if ids.len() > 10 {
            return self.error(
                format,
                400,
                "InvalidParameter",
                "The specified parameter \"SnapshotJobIds\" is invalid.",
            );
        }
        let chaos = self.chaos;
        let mut jobs = Vec::new();
        let mut unknown = Vec::new();
        let omit = self
            .rng
            .chance(chaos.omit)
            .then(|| self.rng.below(ids.len() as u64) as usize);
        for (i, id) in ids.iter().enumerate() {
            match self.by_id.get(id) {
                _ if Some(i) == omit => {}
                Some(&j) => jobs.push(self.jobs[j].to_wire(now)),
                None => unknown.push(json!(id)),
            }
        }
        if self.rng.chance(chaos.unsolicited) && !self.jobs.is_empty() {
            let j = self.rng.below(self.jobs.len() as u64) as usize;
            jobs.push(self.jobs[j].to_wire(now));
        }
        if chaos.shuffle {
            for i in (1..jobs.len()).rev() {
                jobs.swap(i, self.rng.below(i as u64 + 1) as usize);
            }
        }
        let mut v = json!({
            "RequestId": format!("{:08X}-1111", self.rng.next() as u32),
            "SnapshotJobList": {"SnapshotJob": jobs},
        });
        if !unknown.is_empty() {
            v["NonExistSnapshotJobIds"] = json!({"String": unknown});
        }
        let body = self.render(format, "QuerySnapshotJobListResponse", &v);
        Reply::Http {
            status: 200,
            format,
            body,
        }
    }

    fn list(
        &mut self,
        format: Format,
        params: &HashMap<String, String>,
        now: Duration,
        call: &mut Call,
    ) -> Reply {
        let page_size: usize = params
            .get("MaximumPageSize")
            .map_or(30, |s| s.parse().unwrap());
        let (selected, offset) = match params.get("NextPageToken") {
            Some(token) => match self.cursors.get(token) {
                Some(cursor) => cursor.clone(),
                None => {
                    return self.error(
                        format,
                        400,
                        "InvalidParameter",
                        "The specified parameter \"NextPageToken\" is invalid.",
                    );
                }
            },
            None => {
                let ts = |name: &str| {
                    params
                        .get(name)
                        .map(|t| Timestamp::parse(t).unwrap().unix_seconds() - EPOCH)
                };
                let (from, to) = (
                    ts("StartOfJobCreatedTimeRange"),
                    ts("EndOfJobCreatedTimeRange"),
                );
                let mut selected: Vec<usize> = (0..self.jobs.len())
                    .filter(|&i| {
                        let j = &self.jobs[i];
                        params.get("State").is_none_or(|s| s == j.state_at(now))
                            && params.get("PipelineId").is_none_or(|p| p == j.pipeline)
                            && from.is_none_or(|f| j.created as i64 >= f)
                            && to.is_none_or(|t| j.created as i64 <= t)
                    })
                    .collect();
                // Newest first, as the service sorts.
                selected.sort_by(|&a, &b| {
                    self.jobs[b]
                        .created
                        .cmp(&self.jobs[a].created)
                        .then(a.cmp(&b))
                });
                (selected, 0)
            }
        };
        let end = (offset + page_size).min(selected.len());
        let jobs: Vec<Value> = selected[offset..end]
            .iter()
            .map(|&i| self.jobs[i].to_wire(now))
            .collect();
        let mut v = json!({
            "RequestId": format!("{:08X}-2222", self.rng.next() as u32),
            "SnapshotJobList": {"SnapshotJob": jobs},
        });
        if end < selected.len() || self.tokens != Tokens::Fresh {
            let token = match self.tokens {
                Tokens::Fresh => format!("{:016x}{:016x}", self.rng.next(), self.rng.next()),
                Tokens::Repeat => "a".repeat(32),
                Tokens::Cycle => {
                    if self.calls.len() % 2 == 0 {
                        "b".repeat(32)
                    } else {
                        "c".repeat(32)
                    }
                }
            };
            self.cursors.insert(token.clone(), (selected, end));
            v["NextPageToken"] = json!(token);
            call.returned_token = Some(token);
        }
        let body = self.render(format, "QuerySnapshotJobListResponse", &v);
        Reply::Http {
            status: 200,
            format,
            body,
        }
    }
}
