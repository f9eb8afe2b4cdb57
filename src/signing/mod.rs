//! Alibaba Cloud RPC signature v1 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`),
//! for any `Action` and `Version`, without allocation.
//!
//! 1. Every parameter (API parameters plus `AccessKeyId`, `Action`, `Format`,
//!    `RegionId`, `SecurityToken`, `SignatureMethod`, `SignatureNonce`,
//!    `SignatureVersion`, `Timestamp`, `Version`) is percent-encoded with RFC 3986 rules
//!    ([`percent`]), sorted by key and joined: the *canonical query*.
//! 2. The *string-to-sign* is `METHOD&%2F&` + percent-encode(canonical query).
//! 3. `Signature` = Base64(HMAC-SHA1(AccessKeySecret + `&`, string-to-sign)).
//! 4. The request carries the canonical query plus `&Signature=<encoded>`, in the URL
//!    or in a form body.
//!
//! [`RpcSigner`] does this for any source of API parameters ([`SortedParams`]: a
//! [`Params`] set, or a typed request such as
//! [`QuerySnapshotJobList`](crate::query_snapshot_job_list::QuerySnapshotJobList)) and
//! returns a [`Signed`] request that writes each intermediate and final text into any
//! [`core::fmt::Write`], with its length known in advance.
//!
//! A source may hand over a value it has already checked as a [`LiteralList`]
//! ([`SortedParams::sorted_values`], [`ParamValue`]), which the signer copies instead
//! of checking each byte; `QuerySnapshotJobList` does so for its job ids.
//!
//! The time and the nonce come from the caller. Every attempt, including each retry,
//! must be signed again with a fresh nonce (the gateway answers `SignatureNonceUsed`
//! otherwise) and a current time (more than about 15 minutes off gives
//! `InvalidTimeStamp.Expired`). With `std`, [`Timestamp::now`] and
//! [`RandomNonce::generate`] provide both.
//!
//! Signature v3 (`ACS3-HMAC-SHA256`) is [`V3Signer`]. It signs with a
//! [`V3Credentials`], which keys HMAC-SHA256 once from the [`Credentials`] (the one to
//! keep when signing more than once), or with the [`Credentials`] themselves, keying on
//! each call: [`Credentials::new`] derives only v1's key, so that v1-only builds do not
//! link SHA-256.

pub(crate) mod canonical;
pub(crate) mod chunk;
mod credentials;
mod hmac_key_schedule;
mod hmac_sha1;
mod http;
mod lanes;
mod md_padding;
mod nonce;
mod param_value;
mod params;
pub mod percent;
mod rpc;
pub(crate) mod sha256;
mod signature;
mod signed;
mod signing_pass;
pub(crate) mod string_to_sign;
mod timestamp;
mod v3;
mod v3_credentials;
pub(crate) mod v3_signed;
mod write_error;

pub use credentials::{Credentials, CredentialsError, MAX_SECRET_LEN};
pub use http::{Method, Scheme};
pub use nonce::RANDOM_NONCE_LEN;
#[cfg(feature = "std")]
pub use nonce::RandomNonce;
pub use param_value::{LiteralList, ParamValue};
pub use params::{DEFAULT_CAPACITY, Params, ParamsError, ParamsErrorKind, SortedParams};
pub use rpc::{FORM_CONTENT_TYPE, Format, RESERVED_PARAMETERS, RpcSigner, SignError};
pub use signature::{SIGNATURE_LEN, Signature};
pub use signed::Signed;
pub use timestamp::{Timestamp, TimestampError};
pub use v3::{
    BodyHash, EMPTY_BODY_SHA256, Header, Hex256, MAX_EXTRA_HEADERS, SignedV3, V3_ALGORITHM,
    V3_RESERVED_PARAMETERS, V3Signer,
};
pub use v3_credentials::{V3Credentials, V3SigningKey};
pub use write_error::WriteError;

pub(crate) use params::MergeSorted;
