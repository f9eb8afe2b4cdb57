//! The HTTP half of the `ureq_client` example: sign a `QuerySnapshotJobList` request
//! with the crate, send it with `ureq`, hand the status and body back for decoding.
//!
//! `tests/http_stand_in.rs` includes this file (`#[path]`), so the integration test runs
//! exactly the code the example runs, against the loopback stand-in.
#![allow(dead_code)]

use std::error::Error;
use std::time::Duration;

use mts_codec::Timestamp;
use mts_codec::decode::{self, DecodeError, Response, decode_response};
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::{ACTION, QuerySnapshotJobList, VERSION};
use mts_codec::signing::{self, Credentials, Method, RandomNonce};

/// What can go wrong between signing and having a body: bad arguments, the transport.
pub type ClientError = Box<dyn Error + Send + Sync>;

/// The largest body read (a page of 300 jobs is a few hundred KiB).
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// A blocking MTS client for one endpoint, region and response format.
#[derive(Debug)]
pub struct MtsClient {
    agent: ureq::Agent,
    /// `scheme://host[:port]`, no trailing slash.
    base: String,
    region: String,
    format: decode::Format,
    method: Method,
}

/// A response as it came off the wire; [`Reply::decode`] borrows from it.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The format asked for with `Format`.
    pub format: decode::Format,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// Decodes the body: the jobs on 2xx, the API error on 4xx/5xx. The format is the
    /// one the body shows (`{` or `<`), else the one asked for: gateways have sent
    /// errors in JSON to XML requests.
    pub fn decode(&self) -> Result<Response<'_>, DecodeError> {
        let format = decode::Format::sniff(&self.body).unwrap_or(self.format);
        decode_response(self.status, format, &self.body)
    }
}

impl MtsClient {
    /// A client for `endpoint` (`http://127.0.0.1:8080`, `https://mts.cn-hangzhou.aliyuncs.com`,
    /// or a bare host, taken as `https`); `None` picks the regional MTS host of `region`.
    pub fn new(
        endpoint: Option<&str>,
        region: &str,
        format: decode::Format,
    ) -> Result<Self, ClientError> {
        let base = match endpoint {
            Some(url) => {
                let (scheme, host) = match url.split_once("://") {
                    Some((scheme, host)) => (scheme, host.trim_end_matches('/')),
                    None => ("https", url.trim_end_matches('/')),
                };
                if scheme != "http" && scheme != "https" {
                    return Err(format!("--endpoint: unsupported scheme {scheme:?}").into());
                }
                // The same host check the crate applies to a custom endpoint.
                Endpoint::custom(host).map_err(|e| format!("--endpoint: {e}"))?;
                format!("{scheme}://{host}")
            }
            None => {
                let mut host = String::new();
                Endpoint::for_region(region)?.write_host(&mut host)?;
                format!("https://{host}")
            }
        };
        let agent = ureq::Agent::config_builder()
            // 4xx/5xx carry the API error body: read it rather than fail.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Ok(Self {
            agent,
            base,
            region: region.to_owned(),
            format,
            method: Method::Post,
        })
    }

    /// Sends `GET` (the signed URL is the whole request) instead of `POST` (the signed
    /// query in the URL, an empty body: what the official SDKs do).
    pub fn with_method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// `scheme://host[:port]` the requests go to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Queries up to 10 jobs, signed now with a fresh random nonce.
    pub fn query(&self, credentials: &Credentials<'_>, ids: &[&str]) -> Result<Reply, ClientError> {
        let nonce = RandomNonce::generate();
        self.query_signed_at(credentials, ids, Timestamp::now()?, nonce.as_str())
    }

    /// Queries up to 10 jobs, signed with the given time and nonce (a test provokes
    /// `InvalidTimeStamp.Expired` and `SignatureNonceUsed` with these).
    pub fn query_signed_at(
        &self,
        credentials: &Credentials<'_>,
        ids: &[&str],
        time: Timestamp,
        nonce: &str,
    ) -> Result<Reply, ClientError> {
        self.send(
            credentials,
            QuerySnapshotJobList::new().job_ids(ids)?,
            time,
            nonce,
        )
    }

    /// Sends `request` (ids or listing filters set by the caller, e.g. a
    /// `JobTracker`'s next request) with this client's `RegionId`, `Format` and method,
    /// signed with the given time and nonce (fresh for every attempt).
    pub fn send<'r>(
        &'r self,
        credentials: &Credentials<'_>,
        request: QuerySnapshotJobList<'r>,
        time: Timestamp,
        nonce: &str,
    ) -> Result<Reply, ClientError> {
        let format = match self.format {
            decode::Format::Json => signing::Format::Json,
            decode::Format::Xml => signing::Format::Xml,
        };
        let request = request
            .region_id(&self.region)?
            .format(format)
            .method(self.method);
        let signed = request.sign(credentials, time, nonce)?;
        let mut url = String::with_capacity(self.base.len() + signed.path_and_query_len());
        url.push_str(&self.base);
        signed.write_path_and_query(&mut url)?;

        let response = match self.method {
            Method::Get => self
                .agent
                .get(&url)
                .header("x-acs-action", ACTION)
                .header("x-acs-version", VERSION)
                .call(),
            Method::Post => self
                .agent
                .post(&url)
                .header("x-acs-action", ACTION)
                .header("x-acs-version", VERSION)
                .send_empty(),
        };
        let mut response = response.map_err(|e| match e {
            ureq::Error::Io(io) => format!("{}: {io}", self.base),
            other => format!("{}: {other}", self.base),
        })?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()?;
        Ok(Reply {
            status,
            content_type,
            format: self.format,
            body,
        })
    }
}
