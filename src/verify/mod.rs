//! Signature verification, the server side of the codec: for gateways, proxies and
//! test stand-ins that receive requests signed with RPC v1 (HMAC-SHA1) or v3
//! (`ACS3-HMAC-SHA256`).
//!
//! [`Verifier::verify_rpc`] and [`Verifier::verify_v3`] take the received request, a
//! caller-supplied "now" and a lookup from `AccessKeyId` to secret, and return either a
//! [`Verified`] request (access key, action, nonce, time, STS token, decoded
//! parameters) or a [`VerifyError`] naming the check that failed and where. The
//! signature is recomputed with the signer's own percent-encoder, string-to-sign and
//! MAC code, so the verifier and [`signing`](crate::signing) cannot disagree, and
//! compared in constant time by the `hmac` crate (`Mac::verify_slice`).
//!
//! ```
//! use mts_codec::Timestamp;
//! use mts_codec::signing::{Credentials, Method, Params, RpcSigner};
//! use mts_codec::verify::{RpcRequest, Verifier, VerifyError};
//!
//! // A client signs a request...
//! let creds = Credentials::new("LTAI-demo-key-id", "demo-secret-not-real")?;
//! let mut params = Params::<1>::new();
//! params.insert("SnapshotJobIds", "88c6ca184c0e47098a5b665e2a126797")?;
//! let signer = RpcSigner::new("QuerySnapshotJobList", "2014-06-18").method(Method::Get);
//! let sent_at = Timestamp::parse("2024-01-01T00:00:00Z")?;
//! let signed = signer.sign(&params, &creds, sent_at, "0123456789abcdef0123456789abcdef")?;
//! let mut query = heapless::String::<1024>::new();
//! signed.write_query(&mut query)?;
//!
//! // ...and the server verifies it, 5 minutes later by its clock.
//! let lookup = |id: &str| (id == "LTAI-demo-key-id").then_some("demo-secret-not-real");
//! let now = Timestamp::from_unix_seconds(sent_at.unix_seconds() + 300)?;
//! let verifier = Verifier::new(); // 15 minutes of skew either way
//! let verified = verifier.verify_rpc(&RpcRequest::get(&query), now, lookup)?;
//! assert_eq!(verified.access_key_id(), "LTAI-demo-key-id");
//! assert_eq!(verified.action(), "QuerySnapshotJobList");
//! assert_eq!(verified.nonce(), "0123456789abcdef0123456789abcdef"); // check for replay
//! assert_eq!(verified.get("SnapshotJobIds"), Some("88c6ca184c0e47098a5b665e2a126797"));
//!
//! // Signed for GET, sent as POST: the method is part of what is signed.
//! let error = verifier.verify_rpc(&RpcRequest::post(&query), now, lookup).unwrap_err();
//! assert_eq!(error, VerifyError::SignatureMismatch);
//! // The text the gateway quotes in its `SignatureDoesNotMatch` message:
//! let mut server_sts = heapless::String::<1024>::new();
//! verifier.write_rpc_string_to_sign(&RpcRequest::post(&query), &mut server_sts)?;
//! assert!(server_sts.starts_with("POST&%2F&AccessKeyId%3DLTAI-demo-key-id%26"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Sizes, and no allocation
//!
//! Nothing here allocates. A [`Verifier<P, B>`] decodes at most `P` parameters
//! (query and form body together, `Signature` and the common parameters included)
//! holding at most `B` bytes of decoded names and values; beyond either, the request is
//! refused with [`VerifyError::TooManyParameters`] or [`VerifyError::TooLarge`], whose
//! messages name the parameter to raise. For more, name both:
//! `Verifier::<64, 16384>::with_capacity()`.
//!
//! The defaults, [`DEFAULT_MAX_PARAMETERS`] (32) and [`DEFAULT_MAX_DECODED_BYTES`]
//! (8 KiB), fit the largest request the service's clients send: a `QuerySnapshotJobList`
//! with every parameter and ten job ids takes about 800 decoded bytes besides its STS
//! token, which is about 1.2 KB, and up to about 4 KB with a session policy. 8 KiB is
//! also the usual request-line limit of an HTTP server (nginx, Apache).
//!
//! A v3 request may sign at most [`MAX_SIGNED_HEADERS`] (32) headers, twice what the
//! official signers sign; a longer `SignedHeaders` list is refused with
//! [`VerifyError::TooManySignedHeaders`] before any header is matched or a secret looked
//! up, and the signed names are matched to the received headers in one pass over them.
//!
//! [`Verified`] owns the decoded bytes, so it is about `B + 32·P` bytes large (9.1 KiB
//! by default). They are decoded once, in the verifying call, and moved once, into the
//! caller's result: a call needs at most about 3 times that much stack in a release
//! build and 5 times in a debug build, plus up to 40 KiB (by default 36 to 44 KiB, and
//! 56 to 84 KiB in debug; 0.8 and 1.3 MiB with `B` = 256 KiB), well within a spawned
//! thread's 2 MiB. Size the thread for a much larger `B`.
//!
//! # What is parsed, and how strictly
//!
//! Query and form body follow one set of rules: `%XX` with upper- or lower-case hex
//! (RFC 3986 makes them equivalent), `+` as a space (form-urlencoded, which the gateway
//! also applies to the query), every segment `name=value` with a non-empty name, no
//! empty segment, no control byte, space or DEL unencoded, no name twice, UTF-8 once
//! decoded. So two raw lists verify alike only if they differ in the case of escape hex
//! digits or the order of their parameters; any other change to a signed request's
//! query fails.
//!
//! v1 needs `AccessKeyId`, `Action`, `Version`, `SignatureMethod=HMAC-SHA1`,
//! `SignatureVersion=1.0`, `SignatureNonce`, `Timestamp` (`YYYY-MM-DDThh:mm:ssZ`, as
//! [`Timestamp::parse`](crate::Timestamp::parse) reads it) and `Signature`, all non-empty; `SignatureType`, when
//! present, must be empty (as the classic SDKs send it). v3 requirements are listed at
//! [`Verifier::verify_v3`].
//!
//! # What stays with the caller
//!
//! Replay: the nonce is returned ([`Verified::nonce`]); remember it for the skew window
//! and refuse a second use (the gateway's `SignatureNonceUsed`). The STS token, when
//! present, is returned unchecked. Authorization of the action is the caller's.

mod capacity;
mod decoded;
mod error;
mod rpc;
mod v3;
mod verified;
mod verifier;

pub use capacity::{DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_PARAMETERS, MAX_SIGNED_HEADERS};
pub use error::{HeaderName, Malformed, Part, VerifyError};
pub use rpc::RpcRequest;
pub use v3::{Payload, V3_ALWAYS_SIGNED, V3Request};
pub use verified::{SignatureVersion, Verified};
pub use verifier::{DEFAULT_MAX_SKEW_SECONDS, Verifier};
