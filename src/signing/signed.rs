//! [`Signed`]: a signed RPC v1 request and every text it writes.

use core::fmt::{self, Write as _};

use super::chunk::{Chunked, Flush, ToFmt};
use super::params::{MergeSorted, SortedParams};
use super::signature::Signature;
use super::signing_pass::{self, Twice};
use super::write_error::{Output, WriteError, measured};
use super::{Method, ParamValue, RpcSigner, Scheme, canonical, percent, string_to_sign};
use crate::Timestamp;
use crate::endpoint::Endpoint;

/// A signed request: the signature and every form of the request text.
///
/// Each `write_*` method has a `*_len` twin giving the exact number of bytes it writes,
/// so a caller without an allocator can size a `heapless::String` or a byte buffer. A
/// writer that refuses the text (a buffer too small) fails the method with a
/// [`WriteError`] naming the bytes needed and the bytes taken.
///
/// | method | writes |
/// |---|---|
/// | [`write_canonical_query`](Self::write_canonical_query) | `AccessKeyId=…&Action=…&…` (sorted, encoded) |
/// | [`write_string_to_sign`](Self::write_string_to_sign) | `POST&%2F&AccessKeyId%3D…` |
/// | [`write_query`](Self::write_query) | canonical query + `&Signature=<encoded>` |
/// | [`write_path_and_query`](Self::write_path_and_query) | `/?` + query |
/// | [`write_url`](Self::write_url) | `https://<host>/?` + query |
/// | [`write_form_body`](Self::write_form_body) | the query, as an `application/x-www-form-urlencoded` body |
///
/// For `GET` send the URL. For `POST` either send the URL with an empty body (what the
/// official SDKs do), or `POST /` with the form body and
/// `Content-Type: application/x-www-form-urlencoded` ([`FORM_CONTENT_TYPE`](super::FORM_CONTENT_TYPE)).
/// The canonical query and the string-to-sign are there to compare with the
/// `server string to sign is:` text of a `SignatureDoesNotMatch` error.
pub struct Signed<'s, P: ?Sized> {
    pub(crate) parts: Parts<'s, P>,
    pub(crate) signature: Signature,
}

/// Everything that goes into the signature.
pub(crate) struct Parts<'s, P: ?Sized> {
    pub(crate) signer: RpcSigner<'s>,
    pub(crate) access_key_id: &'s str,
    /// Whether `access_key_id` is made of unreserved bytes only.
    pub(crate) access_key_id_literal: bool,
    pub(crate) security_token: Option<&'s str>,
    pub(crate) nonce: &'s str,
    pub(crate) timestamp: [u8; Timestamp::FORMATTED_LEN],
    pub(crate) params: &'s P,
}

impl<P: ?Sized> Clone for Parts<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: ?Sized> Copy for Parts<'_, P> {}

impl<P: ?Sized> Clone for Signed<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: ?Sized> Copy for Signed<'_, P> {}

impl<P: ?Sized> fmt::Debug for Signed<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.parts;
        f.debug_struct("Signed")
            .field("signer", &p.signer)
            .field("access_key_id", &p.access_key_id)
            .field("security_token", &p.security_token.map(|_| "<redacted>"))
            .field("nonce", &p.nonce)
            .field(
                "timestamp",
                &core::str::from_utf8(&p.timestamp).unwrap_or_default(),
            )
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// Bytes gathered before each `write_str` to the caller's writer.
const CHUNK: usize = 512;
const SIGNATURE_PREFIX: &str = "&Signature=";
const PATH: &str = "/?";
const SCHEME_END: &str = "://";

impl<'s, P: SortedParams + ?Sized> Parts<'s, P> {
    /// The timestamp text.
    pub(crate) fn timestamp(&self) -> &str {
        // `Timestamp::to_bytes` is ASCII; the fallback is unreachable.
        core::str::from_utf8(&self.timestamp).unwrap_or_default()
    }

    /// The common parameters, sorted, with `timestamp` as the timestamp's value. Absent
    /// ones (`RegionId`, `SecurityToken`) have an empty key and are skipped by the
    /// callers.
    pub(crate) fn common<'x>(&self, timestamp: &'x str) -> [(&'x str, &'x str); 10]
    where
        's: 'x,
    {
        let signer = &self.signer;
        [
            ("AccessKeyId", self.access_key_id),
            ("Action", signer.action),
            ("Format", signer.format.as_str()),
            signer.region_id.map_or(("", ""), |r| ("RegionId", r)),
            self.security_token
                .map_or(("", ""), |t| ("SecurityToken", t)),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", self.nonce),
            ("SignatureVersion", "1.0"),
            ("Timestamp", timestamp),
            ("Version", signer.version),
        ]
    }

    /// Every parameter except `Signature`, sorted, merged afresh from the source.
    ///
    /// The source's values come as [`sorted_values`](SortedParams::sorted_values)
    /// gives them, so that a list the source checked is copied here as when signing.
    pub(crate) fn streamed(&self) -> impl Iterator<Item = (&str, ParamValue<'_>)> {
        let common = self.common(self.timestamp());
        MergeSorted::new(
            common
                .into_iter()
                .filter(|(k, _)| !k.is_empty())
                .map(|(k, v)| (k, ParamValue::Text(v))),
            self.params.sorted_values(),
        )
    }
}

impl<P: SortedParams + ?Sized> Signed<'_, P> {
    /// Every parameter except `Signature`, sorted (merged afresh: the source was
    /// checked when the request was signed), for the `*_len` methods; the writers run
    /// the signing pass instead.
    pub(crate) fn all_params(&self) -> impl Iterator<Item = (&str, ParamValue<'_>)> {
        self.parts.streamed()
    }

    /// Writes the string-to-sign (`TWICE`) or the canonical query into `out`: the pass
    /// that signed the request, so that the text shown is the text hashed. (The
    /// source was checked when the request was signed; should it have become unsorted
    /// or gained a reserved name since, through interior mutability, the pass stops
    /// with `fmt::Error`.)
    fn pass<F: Flush, const N: usize, const TWICE: Twice>(
        &self,
        out: &mut Chunked<F, N>,
    ) -> fmt::Result {
        let mut error = None;
        signing_pass::write::<_, _, N, TWICE>(&self.parts, &mut error, out)
    }

    /// The signature, plain base64 (28 characters).
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// The signature as a value.
    pub fn signature_value(&self) -> Signature {
        self.signature
    }

    /// The HTTP method the request was signed for.
    pub fn method(&self) -> Method {
        self.parts.signer.method
    }

    /// Length of [`write_canonical_query`](Self::write_canonical_query)'s output.
    pub fn canonical_query_len(&self) -> usize {
        canonical::len(self.all_params())
    }

    /// Writes the canonical query: every parameter but `Signature`, encoded, sorted,
    /// joined with `&`.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_canonical_query<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::CANONICAL_QUERY, |out| {
            let mut chunked = Chunked::<_, CHUNK>::new(ToFmt(out));
            self.pass::<_, CHUNK, { signing_pass::CANONICAL_QUERY }>(&mut chunked)?;
            chunked.finish()
        })
    }

    /// Length of [`write_string_to_sign`](Self::write_string_to_sign)'s output.
    pub fn string_to_sign_len(&self) -> usize {
        string_to_sign::len(self.parts.signer.method.as_str(), self.all_params())
    }

    /// Writes the string-to-sign, `METHOD&%2F&<encoded canonical query>`.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_string_to_sign<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::STRING_TO_SIGN, |out| {
            let mut chunked = Chunked::<_, CHUNK>::new(ToFmt(out));
            self.pass::<_, CHUNK, { signing_pass::STRING_TO_SIGN }>(&mut chunked)?;
            chunked.finish()
        })
    }

    fn encoded_signature_len(&self) -> usize {
        percent::encoded_len(self.signature.as_str().as_bytes())
    }

    /// Length of [`write_query`](Self::write_query)'s output.
    pub fn query_len(&self) -> usize {
        self.canonical_query_len() + SIGNATURE_PREFIX.len() + self.encoded_signature_len()
    }

    /// Writes the signed query: the canonical query, then `&Signature=<encoded>`.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_query<W: fmt::Write + ?Sized>(&self, out: &mut W) -> Result<(), WriteError> {
        measured(out, Output::QUERY, |out| self.query_to(out))
    }

    /// [`write_query`](Self::write_query) as a plain `fmt::Write` step.
    fn query_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, CHUNK>::new(ToFmt(out));
        self.pass::<_, CHUNK, { signing_pass::CANONICAL_QUERY }>(&mut chunked)?;
        chunked.raw(SIGNATURE_PREFIX.as_bytes())?;
        chunked.encoded(self.signature.as_str().as_bytes(), false)?;
        chunked.finish()
    }

    /// Length of [`write_path_and_query`](Self::write_path_and_query)'s output.
    pub fn path_and_query_len(&self) -> usize {
        PATH.len() + self.query_len()
    }

    /// Writes the request target, `/?` + the signed query.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_path_and_query<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::PATH_AND_QUERY, |out| {
            self.path_and_query_to(out)
        })
    }

    fn path_and_query_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(PATH)?;
        self.query_to(out)
    }

    /// Length of [`write_url`](Self::write_url)'s output.
    pub fn url_len(&self, scheme: Scheme, endpoint: &Endpoint<'_>) -> usize {
        scheme.as_str().len() + SCHEME_END.len() + endpoint.len() + self.path_and_query_len()
    }

    /// Writes the full URL, `<scheme>://<host>/?` + the signed query.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text: size a fixed buffer from
    /// [`url_len`](Self::url_len) (an STS token alone is over 1,000 bytes).
    pub fn write_url<W: fmt::Write + ?Sized>(
        &self,
        scheme: Scheme,
        endpoint: &Endpoint<'_>,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::URL, |out| {
            out.write_str(scheme.as_str())?;
            out.write_str(SCHEME_END)?;
            endpoint.write_host(out)?;
            self.path_and_query_to(out)
        })
    }

    /// Length of [`write_form_body`](Self::write_form_body)'s output.
    pub fn form_body_len(&self) -> usize {
        self.query_len()
    }

    /// Writes the `application/x-www-form-urlencoded` body of a form `POST`: the same
    /// text as the signed query (send it to `/` with no query string).
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_form_body<W: fmt::Write + ?Sized>(&self, out: &mut W) -> Result<(), WriteError> {
        measured(out, Output::FORM_BODY, |out| self.query_to(out))
    }
}
