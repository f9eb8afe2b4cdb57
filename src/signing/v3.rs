//! Signature v3, `ACS3-HMAC-SHA256`, for any `Action` and `Version`, without
//! allocation (spec §3.2).
//!
//! The query carries only the API parameters; the request metadata travels in
//! headers (`host`, `x-acs-action`, `x-acs-version`, `x-acs-date`,
//! `x-acs-signature-nonce`, `x-acs-content-sha256`, and `x-acs-security-token` with STS
//! credentials), all of them signed, plus any extra headers the caller chooses.
//!
//! 1. Canonical request = `METHOD\n/\n<canonical query>\n<"name:value\n" per signed
//!    header, names lower-cased and sorted, values trimmed>\n<names joined by ;>\n<body hash>`.
//! 2. String-to-sign = `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
//! 3. Signature = hex(HMAC-SHA256(AccessKeySecret, string-to-sign)): the key is the
//!    secret alone, without v1's `&`.
//! 4. `Authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<names>,Signature=<hex>`.
//!
//! The canonical query uses the same percent-encoder as v1 and the wire.

use core::fmt;

use sha2::{Digest as _, Sha256};

use super::chunk::{Chunked, Flush, ToFmt};
use super::params::SortedParams;
use super::{Credentials, Method, SignError, Timestamp, canonical};

/// `ACS3-HMAC-SHA256`, the algorithm name.
pub const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// Hex SHA-256 of an empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// How many extra signed headers [`V3Signer::sign`] accepts.
pub const MAX_EXTRA_HEADERS: usize = 8;

/// The 64 lower-case hex digits of a SHA-256 value.
pub type Hex256 = [u8; 64];

/// The body hash that goes into `x-acs-content-sha256` and the canonical request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum BodyHash<'a> {
    /// No body (GET, or POST with every parameter in the query).
    #[default]
    Empty,
    /// The caller's hex SHA-256 of the body (for a form body), lower-case.
    Hex(&'a str),
}

impl<'a> BodyHash<'a> {
    fn as_str(self) -> &'a str {
        match self {
            Self::Empty => EMPTY_BODY_SHA256,
            Self::Hex(hex) => hex,
        }
    }
}

/// A signature v3 signer for one `Action` of one API `Version` at one host.
///
/// ```
/// use mts_codec::signing::{BodyHash, Credentials, Method, Params, V3Signer};
/// use mts_codec::Timestamp;
///
/// // Spec §3.2: the six headers, the `SnapshotJobIds` query, secret `testsecret`.
/// let creds = Credentials::new("testid", "testsecret")?;
/// let mut params = Params::<1>::new();
/// params.insert("SnapshotJobIds", "72dfa5e679ab4be9a3ed9974c7360001,72dfa5e679ab4be9a3ed9974c7360002")?;
/// let signer = V3Signer::new("QuerySnapshotJobList", "2014-06-18", "mts.cn-shanghai.aliyuncs.com")
///     .method(Method::Post);
/// let time = Timestamp::parse("2024-01-01T00:00:00Z")?;
/// let signed = signer.sign(&params, &[], BodyHash::Empty, &creds, time, "3e7c2d1f0a9b8c7d6e5f4a3b2c1d0e9f")?;
/// assert_eq!(signed.signature(), "212c43d6106cafbb4282f0339e41da98a14e06a3f6a5201da760e4b58c77a97d");
///
/// let mut auth = heapless::String::<256>::new();
/// signed.write_authorization(&mut auth)?;
/// assert_eq!(auth.len(), signed.authorization_len());
/// assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct V3Signer<'a> {
    action: &'a str,
    version: &'a str,
    host: &'a str,
    method: Method,
}

/// A header name and value, as signed and sent.
pub type Header<'s> = (&'s str, &'s str);

/// Where a header's value comes from: borrowed, or owned by [`SignedV3`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Value<'s> {
    Text(&'s str),
    Date,
}

/// How many headers a signed request holds: seven fixed ones plus the extras.
const MAX_HEADERS: usize = 7 + MAX_EXTRA_HEADERS;

impl<'a> V3Signer<'a> {
    /// A signer for `action` of API `version`, sent to `host`, method `POST`.
    pub const fn new(action: &'a str, version: &'a str, host: &'a str) -> Self {
        Self {
            action,
            version,
            host,
            method: Method::Post,
        }
    }

    /// Sets the HTTP method.
    #[must_use]
    pub const fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Signs `params` (the query) and the headers, with `extra_headers` signed too
    /// (names in any case, values trimmed), at `timestamp` with `nonce`.
    ///
    /// # Errors
    /// An empty nonce, action or version; an unsorted parameter source; more than
    /// [`MAX_EXTRA_HEADERS`] extra headers, or an extra header that repeats a signed one
    /// ([`SignError::BadHeader`]).
    pub fn sign<'s, P: SortedParams + ?Sized>(
        &self,
        params: &'s P,
        extra_headers: &[Header<'s>],
        body: BodyHash<'s>,
        credentials: &'s Credentials<'_>,
        timestamp: Timestamp,
        nonce: &'s str,
    ) -> Result<SignedV3<'s, P>, SignError>
    where
        'a: 's,
    {
        if nonce.is_empty() {
            return Err(SignError::EmptyNonce);
        }
        if self.action.is_empty() {
            return Err(SignError::EmptyAction);
        }
        if self.version.is_empty() {
            return Err(SignError::EmptyVersion);
        }
        let mut previous: Option<&str> = None;
        for (i, (key, _)) in params.sorted_params().enumerate() {
            if previous.is_some_and(|p| p >= key) {
                return Err(SignError::UnsortedParams { after: i });
            }
            previous = Some(key);
        }
        let mut headers: heapless::Vec<(&'s str, Value<'s>), MAX_HEADERS> = heapless::Vec::new();
        let fixed = [
            ("host", Value::Text(self.host)),
            ("x-acs-action", Value::Text(self.action)),
            ("x-acs-content-sha256", Value::Text(body.as_str())),
            ("x-acs-date", Value::Date),
            ("x-acs-signature-nonce", Value::Text(nonce)),
            ("x-acs-version", Value::Text(self.version)),
        ];
        let token = credentials
            .security_token()
            .map(|t| ("x-acs-security-token", Value::Text(t)));
        let extras = extra_headers
            .iter()
            .map(|&(name, value)| (name, Value::Text(value.trim())));
        for header in fixed.into_iter().chain(token).chain(extras) {
            if header.0.is_empty() || headers.iter().any(|h| h.0.eq_ignore_ascii_case(header.0)) {
                return Err(SignError::BadHeader);
            }
            headers.push(header).map_err(|_| SignError::BadHeader)?;
        }
        headers.sort_unstable_by(|a, b| lower(a.0).cmp(lower(b.0)));
        let mut signed = SignedV3 {
            signer: *self,
            access_key_id: credentials.access_key_id(),
            timestamp: timestamp.to_bytes(),
            params,
            headers,
            signature: [b'0'; 64],
        };
        let mut sha = Sha256::new();
        {
            let mut hasher = Chunked::<_, 512>::new(HashSink(&mut sha));
            signed
                .canonical_request(&mut hasher)
                .map_err(|_| SignError::Mac)?;
            hasher.finish_with(|sink, tail| sink.0.update(tail));
        }
        let mut sts = [0u8; V3_ALGORITHM.len() + 1 + 64];
        let (head, hex) = sts.split_at_mut(V3_ALGORITHM.len() + 1);
        head.copy_from_slice(b"ACS3-HMAC-SHA256\n");
        write_hex(&sha.finalize().into(), hex);
        let mac = hmac_sha256(&credentials.v3_key().0, &sts);
        write_hex(&mac, &mut signed.signature);
        Ok(signed)
    }
}

/// The lower-cased bytes of a header name.
fn lower(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

/// Lower-case hex of 32 bytes into 64.
fn write_hex(bytes: &[u8; 32], out: &mut [u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        let digit = |n: u8| HEX.get(usize::from(n)).copied().unwrap_or(b'0');
        pair.copy_from_slice(&[digit(b >> 4), digit(b & 0xF)]);
    }
}

/// HMAC-SHA256 (RFC 2104) with a key already padded to one block.
fn hmac_sha256(key: &[u8; 64], message: &[u8]) -> [u8; 32] {
    let mut pad = [0u8; 64];
    let mut keyed = |xor: u8| {
        for (p, k) in pad.iter_mut().zip(key) {
            *p = k ^ xor;
        }
        let mut sha = Sha256::new();
        sha.update(pad);
        sha
    };
    let mut inner = keyed(0x36);
    let mut outer = keyed(0x5c);
    zeroize::Zeroize::zeroize(&mut pad);
    inner.update(message);
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// Feeds buffered bytes to SHA-256.
struct HashSink<'h>(&'h mut Sha256);

impl Flush for HashSink<'_> {
    fn take(&mut self, data: &[u8]) -> Result<usize, fmt::Error> {
        self.0.update(data);
        Ok(data.len())
    }
}

/// A request signed with signature v3: the signature and every text of the request.
///
/// Each `write_*` method has a `*_len` twin with the exact number of bytes written.
/// Send `METHOD https://<host>/?<query>` with [`headers`](Self::headers) (plus
/// `Authorization`, [`write_authorization`](Self::write_authorization)).
pub struct SignedV3<'s, P: ?Sized> {
    signer: V3Signer<'s>,
    access_key_id: &'s str,
    timestamp: [u8; Timestamp::FORMATTED_LEN],
    params: &'s P,
    headers: heapless::Vec<(&'s str, Value<'s>), MAX_HEADERS>,
    signature: Hex256,
}

impl<P: ?Sized> fmt::Debug for SignedV3<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedV3")
            .field("signer", &self.signer)
            .field("access_key_id", &self.access_key_id)
            .field(
                "signature",
                &core::str::from_utf8(&self.signature).unwrap_or_default(),
            )
            .finish_non_exhaustive()
    }
}

const AUTH_CREDENTIAL: &str = " Credential=";
const AUTH_HEADERS: &str = ",SignedHeaders=";
const AUTH_SIGNATURE: &str = ",Signature=";

impl<P: SortedParams + ?Sized> SignedV3<'_, P> {
    /// The signature, 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        core::str::from_utf8(&self.signature).unwrap_or_default()
    }

    /// The HTTP method the request was signed for.
    pub fn method(&self) -> Method {
        self.signer.method
    }

    fn date(&self) -> &str {
        core::str::from_utf8(&self.timestamp).unwrap_or_default()
    }

    /// The headers to send (signed ones, sorted, names as given), `Authorization` not
    /// included. `x-acs-security-token` is there with STS credentials.
    pub fn headers(&self) -> impl Iterator<Item = Header<'_>> {
        self.headers.iter().map(|&(name, value)| match value {
            Value::Text(text) => (name, text),
            Value::Date => (name, self.date()),
        })
    }

    /// Length of [`write_query`](Self::write_query)'s output.
    pub fn query_len(&self) -> usize {
        canonical::len(self.params.sorted_params())
    }

    /// Writes the query: the API parameters, encoded and sorted (the canonical query).
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_query<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, 512>::new(ToFmt(out));
        canonical::write(self.params.sorted_params(), &mut chunked)?;
        chunked.finish()
    }

    /// Length of [`write_signed_headers`](Self::write_signed_headers)'s output.
    pub fn signed_headers_len(&self) -> usize {
        self.headers.iter().map(|h| h.0.len() + 1).sum::<usize>() - 1
    }

    /// Writes the signed header names, lower-cased, sorted, joined with `;`.
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_signed_headers<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, 512>::new(ToFmt(out));
        self.signed_headers(&mut chunked)?;
        chunked.finish()
    }

    fn signed_headers<F: Flush, const N: usize>(&self, out: &mut Chunked<F, N>) -> fmt::Result {
        for (i, (name, _)) in self.headers().enumerate() {
            if i > 0 {
                out.raw(b";")?;
            }
            lowered(name, out)?;
        }
        Ok(())
    }

    fn canonical_request<F: Flush, const N: usize>(&self, out: &mut Chunked<F, N>) -> fmt::Result {
        out.raw(self.signer.method.as_str().as_bytes())?;
        out.raw(b"\n/\n")?;
        canonical::write(self.params.sorted_params(), out)?;
        out.raw(b"\n")?;
        for (name, value) in self.headers() {
            lowered(name, out)?;
            out.raw(b":")?;
            out.raw(value.as_bytes())?;
            out.raw(b"\n")?;
        }
        out.raw(b"\n")?;
        self.signed_headers(out)?;
        out.raw(b"\n")?;
        let hash = self
            .headers()
            .find(|h| h.0 == "x-acs-content-sha256")
            .map_or("", |h| h.1);
        out.raw(hash.as_bytes())
    }

    /// Length of [`write_canonical_request`](Self::write_canonical_request)'s output.
    pub fn canonical_request_len(&self) -> usize {
        let headers: usize = self.headers().map(|(n, v)| n.len() + v.len() + 2).sum();
        self.signer.method.as_str().len()
            + 3
            + self.query_len()
            + 1
            + headers
            + 1
            + self.signed_headers_len()
            + 1
            + 64
    }

    /// Writes the canonical request (for comparing with the server's).
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_canonical_request<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, 512>::new(ToFmt(out));
        self.canonical_request(&mut chunked)?;
        chunked.finish()
    }

    /// Length of [`write_string_to_sign`](Self::write_string_to_sign)'s output.
    pub const fn string_to_sign_len(&self) -> usize {
        V3_ALGORITHM.len() + 1 + 64
    }

    /// Writes the string-to-sign, `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_string_to_sign<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut sha = Sha256::new();
        let mut hasher = Chunked::<_, 512>::new(HashSink(&mut sha));
        self.canonical_request(&mut hasher)?;
        hasher.finish_with(|sink, tail| sink.0.update(tail));
        let mut hex = [0u8; 64];
        write_hex(&sha.finalize().into(), &mut hex);
        out.write_str(V3_ALGORITHM)?;
        out.write_str("\n")?;
        out.write_str(core::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }

    /// Length of [`write_authorization`](Self::write_authorization)'s output.
    pub fn authorization_len(&self) -> usize {
        V3_ALGORITHM.len()
            + AUTH_CREDENTIAL.len()
            + self.access_key_id.len()
            + AUTH_HEADERS.len()
            + self.signed_headers_len()
            + AUTH_SIGNATURE.len()
            + 64
    }

    /// Writes the `Authorization` header value.
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_authorization<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(V3_ALGORITHM)?;
        out.write_str(AUTH_CREDENTIAL)?;
        out.write_str(self.access_key_id)?;
        out.write_str(AUTH_HEADERS)?;
        self.write_signed_headers(out)?;
        out.write_str(AUTH_SIGNATURE)?;
        out.write_str(self.signature())
    }
}

/// Writes `name` lower-cased.
fn lowered<F: Flush, const N: usize>(name: &str, out: &mut Chunked<F, N>) -> fmt::Result {
    let mut rest = name.as_bytes();
    while !rest.is_empty() {
        let mut buf = [0u8; 32];
        let n = rest.len().min(buf.len());
        for (d, s) in buf.iter_mut().zip(rest) {
            *d = s.to_ascii_lowercase();
        }
        out.raw(buf.get(..n).unwrap_or_default())?;
        rest = rest.get(n..).unwrap_or_default();
    }
    Ok(())
}
