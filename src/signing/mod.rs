//! Request signing without allocation: Alibaba Cloud's RPC signature v1
//! ([`RpcSigner`], HMAC-SHA1) and signature v3 ([`V3Signer`], `ACS3-HMAC-SHA256`), for
//! any `Action` and `Version`.
//!
//! v1: every parameter (the API's plus `AccessKeyId`, `Action`, `Format`, `RegionId`,
//! `SecurityToken`, `SignatureMethod`, `SignatureNonce`, `SignatureVersion`,
//! `Timestamp`, `Version`) is percent-encoded ([`percent`](crate::percent)), sorted and
//! joined: the canonical query. The string-to-sign is `METHOD&%2F&` +
//! percent-encode(canonical query), and `Signature` = Base64(HMAC-SHA1(secret + `&`,
//! string-to-sign)). The signers take any [`SortedParams`] source and return a signed
//! request that writes every text into any [`core::fmt::Write`], its length known.
//!
//! v3: the query holds the API parameters only; `host` and the `x-acs-*` metadata are
//! signed headers, and `Authorization` carries hex(HMAC-SHA256(secret,
//! `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)))).
//!
//! The time and the nonce come from the caller: sign every attempt, retries included,
//! with a fresh nonce (`SignatureNonceUsed` otherwise) and a current time (15 minutes
//! off gives `InvalidTimeStamp.Expired`); with `std`, [`Timestamp::now`] and
//! [`RandomNonce::generate`]. v3 signs with [`V3Credentials`], HMAC-SHA256 keyed once:
//! [`Credentials`] key only v1's HMAC-SHA1, so v1-only builds do not link SHA-256.

mod credentials;
pub(crate) mod digest_text;
mod nonce;
mod params;
mod sign_error;
mod v1;
pub(crate) mod v1_canonical;
pub(crate) mod v3;
pub(crate) mod v3_canonical;
pub(crate) mod write_error;

pub use crate::format::Format;
pub use crate::http::{Method, Scheme};
pub use crate::timestamp::{Timestamp, TimestampError};
pub use credentials::{Credentials, CredentialsError, MAX_SECRET_LEN, V3Credentials};
pub use nonce::RANDOM_NONCE_LEN;
#[cfg(feature = "std")]
pub use nonce::RandomNonce;
pub use params::{DEFAULT_CAPACITY, Params, ParamsError, ParamsErrorKind, SortedParams};
pub use sign_error::SignError;
pub use v1::{FORM_CONTENT_TYPE, RESERVED_PARAMETERS, RpcSigner, SIGNATURE_LEN, Signature, Signed};
pub use v3::{
    BodyHash, EMPTY_BODY_SHA256, Header, MAX_EXTRA_HEADERS, SignedV3, V3_RESERVED_PARAMETERS,
    V3Signer,
};
pub use v3_canonical::V3_ALGORITHM;
pub use write_error::WriteError;

pub(crate) use params::merge_sorted;
