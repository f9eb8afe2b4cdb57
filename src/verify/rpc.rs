//! Verifying an RPC v1 (HMAC-SHA1) request: the signer's string-to-sign and MAC,
//! recomputed from the received parameters.

use core::fmt;

use super::decoded::{DecodedParams, ValueAt};
use super::error::{Part, VerifyError};
use super::verified::{Meta, V1Meta, Verified};
use super::verifier::{Verifier, check_method, check_time, credentials};
use crate::Timestamp;
use crate::signing::Method;
use crate::signing::digest_text::digest_text;
use crate::signing::v1_canonical::write_string_to_sign;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::Mac as _;

/// A received RPC v1 request, as a server sees it.
///
/// The parameters are those of the query and, for a form `POST`
/// (`Content-Type: application/x-www-form-urlencoded`), of the body: both are decoded
/// with the same rules and signed together (spec §3.1, step 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RpcRequest<'a> {
    /// The HTTP method, `GET` or `POST` (case-sensitive, as in HTTP).
    pub method: &'a str,
    /// The raw query string, without the `?` (empty if there is none).
    pub query: &'a [u8],
    /// The form body, if the request has one.
    pub form_body: Option<&'a [u8]>,
}

impl<'a> RpcRequest<'a> {
    /// A `GET` with `query`.
    pub const fn get(query: &'a str) -> Self {
        Self {
            method: "GET",
            query: query.as_bytes(),
            form_body: None,
        }
    }

    /// A `POST` with every parameter in `query` and no body (what the SDKs send).
    pub const fn post(query: &'a str) -> Self {
        Self {
            method: "POST",
            ..Self::get(query)
        }
    }

    /// A form `POST`: parameters in `body` (and in `query`, usually empty).
    pub const fn post_form(query: &'a str, body: &'a [u8]) -> Self {
        Self {
            form_body: Some(body),
            ..Self::post(query)
        }
    }
}

/// A checked request, its parameters decoded into a buffer that stays where the caller put it.
pub(crate) struct ParsedRpc<'p, const P: usize, const B: usize> {
    method: Method,
    params: &'p DecodedParams<P, B>,
    meta: V1Meta,
    timestamp: ValueAt,
    signature: ValueAt,
}

impl<'p, const P: usize, const B: usize> ParsedRpc<'p, P, B> {
    /// Decodes into `params` and checks everything that needs neither a clock nor a secret.
    pub(crate) fn parse(
        request: &RpcRequest<'_>,
        params: &'p mut DecodedParams<P, B>,
    ) -> Result<Self, VerifyError> {
        let method = check_method(request.method)?;
        params.parse(request.query, Part::Query)?;
        if let Some(body) = request.form_body {
            params.parse(body, Part::FormBody)?;
        }
        let params = &*params;
        // Checked in this order: the first one missing or empty is reported.
        let required = |name: &'static str| match params.find(name) {
            None => Err(VerifyError::MissingParameter { name }),
            Some(at) if params.value(at).is_empty() => Err(VerifyError::Empty { name }),
            Some(at) => Ok(at),
        };
        let access_key_id = required("AccessKeyId")?;
        let action = required("Action")?;
        let version = required("Version")?;
        let sig_method = required("SignatureMethod")?;
        let sig_version = required("SignatureVersion")?;
        let nonce = required("SignatureNonce")?;
        let timestamp = required("Timestamp")?;
        let signature = required("Signature")?;
        if params.value(sig_method) != "HMAC-SHA1" {
            return Err(VerifyError::UnsupportedSignatureMethod);
        }
        if params.value(sig_version) != "1.0" {
            return Err(VerifyError::UnsupportedSignatureVersion);
        }
        if params.get("SignatureType").is_some_and(|t| !t.is_empty()) {
            return Err(VerifyError::UnsupportedSignatureType);
        }
        Ok(Self {
            method,
            params,
            meta: V1Meta {
                access_key_id,
                action,
                version,
                nonce,
            },
            timestamp,
            signature,
        })
    }

    /// Writes the server-side string-to-sign.
    pub(crate) fn write_string_to_sign<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        write_string_to_sign(
            self.method.as_str(),
            self.params.iter_without("Signature"),
            out,
        )
    }

    /// The checks that need the clock and the secret; the signed time and metadata.
    pub(crate) fn verify<F, S>(
        &self,
        verifier: &Verifier<P, B>,
        now: Timestamp,
        lookup: F,
    ) -> Result<(Timestamp, Meta<'static>), VerifyError>
    where
        F: FnMut(&str) -> Option<S>,
        S: AsRef<str>,
    {
        let time = self.params.value(self.timestamp);
        let timestamp = check_time(time, now, verifier.allowed_skew_seconds())?;
        let access_key_id = self.params.value(self.meta.access_key_id);
        let mut mac = credentials(access_key_id, lookup)?.v1_mac();
        digest_text(&mut mac, |out| self.write_string_to_sign(out))
            .map_err(|_| VerifyError::Write)?;
        // Only the canonical base64 of 20 bytes (padded, no stray bits) decodes, so one
        // text verifies; `verify_slice` compares in constant time, and refuses any other length.
        let mut received = [0; 20];
        let len = STANDARD
            .decode_slice(self.params.value(self.signature), &mut received)
            .map_err(|_| VerifyError::SignatureMismatch)?;
        mac.verify_slice(received.split_at(len).0)
            .map_err(|_| VerifyError::SignatureMismatch)?;
        Ok((timestamp, Meta::V1(self.meta)))
    }
}

impl<const P: usize, const B: usize> Verifier<P, B> {
    /// Verifies an RPC v1 request: parses the query and form body, checks the common
    /// parameters, the signature method and version, the time window, looks up the
    /// secret of the `AccessKeyId` and compares the signature in constant time.
    ///
    /// `lookup` returns the AccessKeySecret of an `AccessKeyId`, or `None` for an
    /// unknown one. It is called once, after every check that needs no secret; the
    /// secret is keyed (as [`Credentials`](crate::signing::Credentials) does it, in a
    /// buffer wiped afterwards) and dropped before the comparison. Return it borrowed
    /// from your key store, or as an owned type that wipes itself on drop (such as
    /// `zeroize::Zeroizing<String>`): a plain `String` is freed without being wiped.
    ///
    /// # Errors
    /// The first check that fails, in this order: the method; the shape of the query
    /// and body ([`VerifyError::Malformed`], [`VerifyError::NotUtf8`],
    /// [`VerifyError::DuplicateParameter`], capacities); a missing or empty common
    /// parameter or `Signature`; `SignatureMethod`, `SignatureVersion`,
    /// `SignatureType`; the timestamp and its window; the lookup and the secret; the
    /// signature ([`VerifyError::SignatureMismatch`]).
    pub fn verify_rpc<'a, F, S>(
        &self,
        request: &RpcRequest<'a>,
        now: Timestamp,
        lookup: F,
    ) -> Result<Verified<'a, P, B>, VerifyError>
    where
        F: FnMut(&str) -> Option<S>,
        S: AsRef<str>,
    {
        Verified::check(|params| ParsedRpc::parse(request, params)?.verify(self, now, lookup))
    }

    /// Writes the string-to-sign the server computes for `request`, the text the
    /// gateway quotes in a `SignatureDoesNotMatch` message (`server string to sign
    /// is: …`). It needs no secret and no clock; the request must pass the checks
    /// [`verify_rpc`](Self::verify_rpc) makes before the timestamp.
    ///
    /// # Errors
    /// What [`verify_rpc`](Self::verify_rpc) reports for a malformed request, or
    /// [`VerifyError::Write`] if `out` fails.
    pub fn write_rpc_string_to_sign<W: fmt::Write + ?Sized>(
        &self,
        request: &RpcRequest<'_>,
        out: &mut W,
    ) -> Result<(), VerifyError> {
        ParsedRpc::parse(request, &mut DecodedParams::<P, B>::new())?
            .write_string_to_sign(out)
            .map_err(|_| VerifyError::Write)
    }
}
