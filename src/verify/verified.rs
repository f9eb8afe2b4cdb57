//! [`Verified`]: what a request that passed every check says.

use core::fmt;

use super::decoded::{DecodedParams, ValueAt};
use super::{DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_PARAMETERS, VerifyError};
use crate::Timestamp;

/// Which signature a request carried.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SignatureVersion {
    /// RPC v1: `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, parameters only.
    V1,
    /// `ACS3-HMAC-SHA256`: metadata in `x-acs-*` headers, `Authorization` header.
    V3,
}

/// The v1 metadata: where in the parameters `ParsedRpc` found them.
#[derive(Clone, Copy)]
pub(crate) struct V1Meta {
    pub(crate) access_key_id: ValueAt,
    pub(crate) action: ValueAt,
    pub(crate) version: ValueAt,
    pub(crate) nonce: ValueAt,
}

/// The v3 metadata, borrowed from the received headers.
#[derive(Clone, Copy)]
pub(crate) struct V3Meta<'a> {
    pub(crate) access_key_id: &'a str,
    pub(crate) action: &'a str,
    pub(crate) version: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) security_token: Option<&'a str>,
}

/// Which signature verified, with its metadata.
#[derive(Clone, Copy)]
pub(crate) enum Meta<'a> {
    V1(V1Meta),
    V3(V3Meta<'a>),
}

/// A request whose signature verified: who signed it, for what, when, with which
/// nonce, and its decoded parameters.
///
/// The signature, method, version, time window and body hash are already checked.
/// What is left to the caller:
/// - **replay**: remember [`nonce`](Self::nonce) for at least the skew window and
///   refuse a second use (the gateway answers `SignatureNonceUsed`);
/// - the [`security_token`](Self::security_token), if STS credentials signed it;
/// - the [`action`](Self::action) and [`api_version`](Self::api_version) it asks for,
///   and the API parameters ([`get`](Self::get), [`params`](Self::params)).
///
/// For v1 every text is decoded into the value's own buffer; for v3 the metadata is
/// borrowed from the received headers (`'a`) and the query and form body parameters
/// are decoded.
#[derive(Clone)]
pub struct Verified<
    'a,
    const P: usize = DEFAULT_MAX_PARAMETERS,
    const B: usize = DEFAULT_MAX_DECODED_BYTES,
> {
    pub(crate) params: DecodedParams<P, B>,
    pub(crate) timestamp: Timestamp,
    pub(crate) meta: Meta<'a>,
}

impl<'a, const P: usize, const B: usize> Verified<'a, P, B> {
    /// What passes `check`, which decodes the request into the empty parameters it is
    /// given: decoded there, in this frame, and moved once, into the caller's result.
    pub(crate) fn check(
        check: impl FnOnce(&mut DecodedParams<P, B>) -> Result<(Timestamp, Meta<'a>), VerifyError>,
    ) -> Result<Self, VerifyError> {
        let mut params = DecodedParams::new();
        let (timestamp, meta) = check(&mut params)?;
        Ok(Self {
            params,
            timestamp,
            meta,
        })
    }

    /// The metadata text `v1` locates in the parameters, or `v3` borrows from the headers.
    fn meta_text(&self, v1: fn(&V1Meta) -> ValueAt, v3: fn(&V3Meta<'a>) -> &'a str) -> &str {
        match &self.meta {
            Meta::V1(meta) => self.params.value(v1(meta)),
            Meta::V3(meta) => v3(meta),
        }
    }

    /// Which signature the request carried.
    pub fn signature_version(&self) -> SignatureVersion {
        match self.meta {
            Meta::V1(_) => SignatureVersion::V1,
            Meta::V3(_) => SignatureVersion::V3,
        }
    }

    /// The `AccessKeyId` whose secret signed the request.
    pub fn access_key_id(&self) -> &str {
        self.meta_text(|v1| v1.access_key_id, |v3| v3.access_key_id)
    }

    /// The `Action` (v1) or `x-acs-action` (v3).
    pub fn action(&self) -> &str {
        self.meta_text(|v1| v1.action, |v3| v3.action)
    }

    /// The API `Version` (v1) or `x-acs-version` (v3), e.g. `2014-06-18`.
    pub fn api_version(&self) -> &str {
        self.meta_text(|v1| v1.version, |v3| v3.version)
    }

    /// The `SignatureNonce` (v1) or `x-acs-signature-nonce` (v3), never empty. Checking
    /// that it was not used before is the caller's job.
    pub fn nonce(&self) -> &str {
        self.meta_text(|v1| v1.nonce, |v3| v3.nonce)
    }

    /// The signed request time, `Timestamp` (v1) or `x-acs-date` (v3), within the
    /// verifier's window of "now".
    pub fn timestamp(&self) -> Timestamp {
        self.timestamp
    }

    /// The STS token, `SecurityToken` (v1) or `x-acs-security-token` (v3), if the
    /// request carries one; signed either way. The caller checks it.
    pub fn security_token(&self) -> Option<&str> {
        match &self.meta {
            Meta::V1(_) => self.params.get("SecurityToken"),
            Meta::V3(v3) => v3.security_token,
        }
    }

    /// The decoded value of parameter `name` (for example `SnapshotJobIds` or
    /// `Format`), if present. For v1 this covers every parameter of the query and form
    /// body, common ones included, except `Signature`; for v3 the parameters of the
    /// query and of a form body (`Content-Type: application/x-www-form-urlencoded`,
    /// given as [`Payload::Bytes`](super::Payload::Bytes)).
    pub fn get(&self, name: &str) -> Option<&str> {
        if matches!(self.meta, Meta::V1(_)) && name == "Signature" {
            return None;
        }
        self.params.get(name)
    }

    /// Every decoded parameter [`get`](Self::get) can return, sorted by name.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.params.iter_without("Signature")
    }
}

impl<const P: usize, const B: usize> fmt::Debug for Verified<'_, P, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("signature_version", &self.signature_version())
            .field("access_key_id", &self.access_key_id())
            .field("action", &self.action())
            .field("api_version", &self.api_version())
            .field("nonce", &self.nonce())
            .field("timestamp", &self.timestamp)
            .field(
                "security_token",
                &self.security_token().map(|_| "<redacted>"),
            )
            .field("params", &self.params().count())
            .finish()
    }
}
