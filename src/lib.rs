//! Sans-IO, `no_std` codec for the Alibaba Cloud ApsaraVideo Media Processing (MTS)
//! OpenAPI `QuerySnapshotJobList` (version `2014-06-18`).
//!
//! ## Signing requests
//!
//! [`query_snapshot_job_list::QuerySnapshotJobList`] builds the request and signs it with
//! the RPC v1 signature (HMAC-SHA1, [`signing`]); the caller passes the time and the
//! `SignatureNonce`, and gets the URL, form body, canonical query and string-to-sign
//! written into any `core::fmt::Write`, with no allocation. Sign every attempt again,
//! retries included, with a fresh nonce: the gateway rejects a reused one
//! (`SignatureNonceUsed`).
//!
//! ```
//! use mts_codec::Timestamp;
//! use mts_codec::endpoint::Endpoint;
//! use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
//! use mts_codec::signing::{Credentials, Method, Scheme};
//!
//! let creds = Credentials::new("LTAI-demo-key-id", "demo-secret-not-real")?;
//! let request = QuerySnapshotJobList::new()
//!     .job_ids(&["88c6ca184c0e47098a5b665e2a126797"])?
//!     .method(Method::Get);
//! let time = Timestamp::parse("2024-01-01T00:00:00Z")?; // Timestamp::now() with std
//! let signed = request.sign(&creds, time, "0123456789abcdef0123456789abcdef")?;
//!
//! let endpoint = Endpoint::for_region("cn-hangzhou")?;
//! // A fixed buffer must hold `url_len` bytes: an STS token alone adds about 1,200.
//! let mut url = heapless::String::<2048>::new();
//! signed.write_url(Scheme::Https, &endpoint, &mut url)?;
//! assert_eq!(url.len(), signed.url_len(Scheme::Https, &endpoint));
//! assert!(url.starts_with("https://mts.cn-hangzhou.aliyuncs.com/?AccessKeyId=LTAI-demo-key-id&"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Decoding responses (feature `alloc`)
//!
//! [`decode_response`] takes the HTTP status, the format and the body bytes and
//! returns the jobs ([`query_snapshot_job_list::QuerySnapshotJobListResponse`]), the API
//! error body ([`api_error::ApiError`]) or a [`decode::DecodeError`] that names the byte
//! offset and the member path. Every string borrows from the body ([`text::Text`]):
//! escapes are validated while parsing and decoded only when asked for.
//!
//! ```
//! use mts_codec::{decode_response, Format, Response};
//! use mts_codec::query_snapshot_job_list::JobState;
//!
//! let body = br#"{"RequestId":"25818875-5F78-4A13-BEF6-D7393642CA58",
//!   "SnapshotJobList":{"SnapshotJob":[{"Id":"88c6ca184c0e47098a5b665e2a126797",
//!   "State":"Fail","Code":"InvalidParameter.ResourceNotFound",
//!   "Message":"The resource operated \"InputFile\" cannot be found."}]}}"#;
//! let Response::Success(response) = decode_response(200, Format::Json, body)? else {
//!     unreachable!("a 200 body is a success body")
//! };
//! let job = &response.jobs()[0];
//! assert_eq!(job.state, Some(JobState::Fail));
//! let message = job.message.unwrap();
//! assert_eq!(message.as_str(), None); // escaped on the wire: decode on demand
//! assert_eq!(message, r#"The resource operated "InputFile" cannot be found."#);
//! # Ok::<(), mts_codec::DecodeError>(())
//! ```
//!
//! ## Polling many jobs, listing pages (feature `alloc`)
//!
//! [`workflow::JobTracker`] polls any number of job ids, ten per request, until each is
//! finished or unknown; [`workflow::Pager`] walks a filtered listing by `NextPageToken`.
//! Both are sans-IO: they hand out the next request, read the decoded response, report
//! what changed and answer how long to wait ([`workflow::Next`]), on a
//! [`workflow::Backoff`] schedule that `Throttling` lengthens. No clock, socket or thread.
//!
//! ```
//! use mts_codec::{decode_response, Format};
//! use mts_codec::query_snapshot_job_list::QuerySnapshotJobList;
//! use mts_codec::workflow::{Backoff, JobTracker, Next};
//!
//! let mut tracker = JobTracker::new(["88c6ca184c0e47098a5b665e2a126797"], Backoff::new())?;
//! let request = tracker.next_request(QuerySnapshotJobList::new())?.unwrap();
//! # let _ = request;
//! // ... sign `request` with a fresh nonce, send it, and decode what comes back:
//! let body = br#"{"SnapshotJobList":{"SnapshotJob":[
//!   {"Id":"88c6ca184c0e47098a5b665e2a126797","State":"Success"}]}}"#;
//! let response = decode_response(200, Format::Json, body)?;
//! let update = tracker.consume(&response);
//! assert!(update.finished[0].succeeded());
//! assert_eq!(update.next, Next::Done);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Crate layout
//!
//! - [`signing`]: the RPC v1 and v3 signers (any action), credentials and nonces;
//!   [`percent`]: the one percent-encoder; [`Timestamp`], [`Format`];
//!   [`endpoint`]: MTS host names.
//! - [`query_snapshot_job_list`]: the typed request builder, the response model and
//!   [`decode_response`] ([`Response`]); [`api_error`]: the error body.
//! - [`decode`]: the decoding engine (JSON, XML, [`DecodeError`]); [`text`]: the borrowed
//!   strings it hands out.
//! - [`workflow`]: the job tracker and the paged listing.
//! - [`verify`]: the server side, verifying received v1 and v3 signatures.
#![no_std]
#![forbid(unsafe_code)]
// docs.rs builds with `--cfg docsrs` on nightly: `doc_cfg` labels the feature-gated items
// (it absorbed the removed `doc_auto_cfg`).
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod endpoint;
mod format;
mod http;
pub mod percent;
pub mod query_snapshot_job_list;
pub mod signing;
pub mod text;
mod timestamp;
pub mod verify;

#[cfg(feature = "alloc")]
pub mod api_error;
#[cfg(feature = "alloc")]
pub mod decode;
#[cfg(feature = "alloc")]
pub mod workflow;

#[cfg(feature = "alloc")]
pub use decode::{DecodeError, DecodeErrorKind, Limits};
pub use format::Format;
#[cfg(feature = "alloc")]
pub use query_snapshot_job_list::{Response, decode_response, decode_response_with};
pub use timestamp::{Timestamp, TimestampError};

/// The code blocks of README.md, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
