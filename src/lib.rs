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
//! let mut url = heapless::String::<1024>::new();
//! signed.write_url(Scheme::Https, &endpoint, &mut url)?;
//! assert_eq!(url.len(), signed.url_len(Scheme::Https, &endpoint));
//! assert!(url.starts_with("https://mts.cn-hangzhou.aliyuncs.com/?AccessKeyId=LTAI-demo-key-id&"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! (Crate documentation is completed as the modules land.)
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod endpoint;
pub mod query_snapshot_job_list;
pub mod signing;
pub mod text;

#[cfg(feature = "alloc")]
pub mod api_error;
#[cfg(feature = "alloc")]
pub mod decode;
#[cfg(feature = "alloc")]
mod xml;

#[cfg(feature = "alloc")]
pub use decode::{DecodeError, Format, Response, decode_response};
pub use signing::Timestamp;
