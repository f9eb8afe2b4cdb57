//! The HTTP half of the `ureq_client` example: sign a `QuerySnapshotJobList` request
//! with `mts-codec` (signature v1 or v3, GET or POST), send it with `ureq`, hand the
//! status and body back for decoding.
//!
//! The binary (`src/main.rs`) and the loopback tests (`tests/`) both use this library,
//! so the tests run exactly the code the example runs, against an MTS stand-in.

use std::error::Error;
use std::time::Duration;

use mts_codec::Timestamp;
use mts_codec::endpoint::Endpoint;
use mts_codec::query_snapshot_job_list::{ACTION, QuerySnapshotJobList, VERSION};
use mts_codec::signing::{self, BodyHash, Credentials, Method, RandomNonce, V3Signer};
use mts_codec::{DecodeError, Response, decode, decode_response};

/// What can go wrong between signing and having a body: bad arguments, the transport.
pub type ClientError = Box<dyn Error + Send + Sync>;

/// The largest body read (a page of 300 jobs is a few hundred KiB).
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// The signature a request carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SignatureScheme {
    /// RPC v1 (`HMAC-SHA1`): the signed parameters in the query.
    #[default]
    V1,
    /// v3 (`ACS3-HMAC-SHA256`): the API parameters in the query, the rest in signed
    /// `x-acs-*` headers and `Authorization`. Answered in JSON.
    V3,
}

/// A blocking MTS client for one endpoint, region and response format.
#[derive(Debug)]
pub struct MtsClient {
    agent: ureq::Agent,
    /// `scheme://host[:port]`, no trailing slash.
    base: String,
    /// `host[:port]` of `base`: the `host` header v3 signs.
    host: String,
    region: String,
    format: decode::Format,
    method: Method,
    scheme: SignatureScheme,
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
    /// The string-to-sign of the request sent, for
    /// [`ApiError::diagnose_signature`](mts_codec::api_error::ApiError::diagnose_signature)
    /// when the server answers `SignatureDoesNotMatch`.
    pub string_to_sign: String,
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
        let (base, host) = match endpoint {
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
                (format!("{scheme}://{host}"), host.to_owned())
            }
            None => {
                let mut host = String::new();
                Endpoint::for_region(region)?.write_host(&mut host)?;
                (format!("https://{host}"), host)
            }
        };
        if base.starts_with("https:") && !cfg!(feature = "tls") {
            return Err(format!("{base}: https needs the `tls` feature (on by default)").into());
        }
        let agent = ureq::Agent::config_builder()
            // 4xx/5xx carry the API error body: read it rather than fail.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Ok(Self {
            agent,
            base,
            host,
            region: region.to_owned(),
            format,
            method: Method::Post,
            scheme: SignatureScheme::V1,
        })
    }

    /// Signs with `scheme` (v1 by default). v3 is answered in JSON whatever the format
    /// asked for: it has no `Format` parameter.
    pub fn with_scheme(mut self, scheme: SignatureScheme) -> Self {
        self.scheme = scheme;
        if scheme == SignatureScheme::V3 {
            self.format = decode::Format::Json;
        }
        self
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
    /// `JobTracker`'s next request) with this client's method and signature scheme
    /// (v1 adds `RegionId` and `Format`), signed with the given time and nonce (fresh
    /// for every attempt).
    pub fn send<'r>(
        &'r self,
        credentials: &Credentials<'_>,
        request: QuerySnapshotJobList<'r>,
        time: Timestamp,
        nonce: &str,
    ) -> Result<Reply, ClientError> {
        let (url, headers, string_to_sign) = match self.scheme {
            SignatureScheme::V1 => self.sign_v1(credentials, request, time, nonce)?,
            SignatureScheme::V3 => self.sign_v3(credentials, &request, time, nonce)?,
        };
        let response = match self.method {
            Method::Get => {
                let mut call = self.agent.get(&url);
                for (name, value) in &headers {
                    call = call.header(name, value);
                }
                call.call()
            }
            Method::Post => {
                let mut call = self.agent.post(&url);
                for (name, value) in &headers {
                    call = call.header(name, value);
                }
                call.send_empty()
            }
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
            string_to_sign,
        })
    }

    /// v1: the URL with the signed query, the `x-acs-action` / `x-acs-version` headers
    /// the official SDKs add, and the string-to-sign.
    fn sign_v1<'r>(
        &'r self,
        credentials: &Credentials<'_>,
        request: QuerySnapshotJobList<'r>,
        time: Timestamp,
        nonce: &str,
    ) -> Result<Signed, ClientError> {
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
        let mut string_to_sign = String::new();
        signed.write_string_to_sign(&mut string_to_sign)?;
        let headers = vec![
            ("x-acs-action".to_owned(), ACTION.to_owned()),
            ("x-acs-version".to_owned(), VERSION.to_owned()),
        ];
        Ok((url, headers, string_to_sign))
    }

    /// v3: the URL with the API parameters, the signed headers and `Authorization`,
    /// and the string-to-sign. The body is empty, as the SDKs send it for this action.
    fn sign_v3(
        &self,
        credentials: &Credentials<'_>,
        request: &QuerySnapshotJobList<'_>,
        time: Timestamp,
        nonce: &str,
    ) -> Result<Signed, ClientError> {
        let signed = V3Signer::new(ACTION, VERSION, &self.host)
            .method(self.method)
            .sign(request, &[], BodyHash::Empty, credentials, time, nonce)?;
        let mut url = format!("{}/", self.base);
        if signed.query_len() > 0 {
            url.push('?');
            signed.write_query(&mut url)?;
        }
        let mut authorization = String::with_capacity(signed.authorization_len());
        signed.write_authorization(&mut authorization)?;
        let mut string_to_sign = String::with_capacity(signed.string_to_sign_len());
        signed.write_string_to_sign(&mut string_to_sign)?;
        let headers = signed
            .headers()
            // ureq writes `host` from the URL, the same `host[:port]` that was signed.
            .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .chain([("authorization".to_owned(), authorization)])
            // What the Tea SDKs ask for (unsigned here; v3 has no `Format`).
            .chain([("accept".to_owned(), "application/json".to_owned())])
            .collect();
        Ok((url, headers, string_to_sign))
    }
}

/// A signed request ready for ureq: URL, headers, and the string-to-sign.
type Signed = (String, Vec<(String, String)>, String);
