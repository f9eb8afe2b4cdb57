//! The signature v3 signer ([`V3Signer`], `ACS3-HMAC-SHA256`, spec §3.2) and the
//! request it signs ([`SignedV3`]).
//!
//! It refuses v1 common parameters in the query (`Action=X` next to `x-acs-action: Y`
//! would give the gateway two sources for one input) and malformed header names and
//! values (header lines are signed raw, so two header sets could otherwise sign alike).

use core::fmt::{self, Write as _};

use hmac::Mac as _;

use super::digest_text::digest_text;
use super::params::{SortedParams, check_source};
use super::sign_error::{SignError, check_required};
use super::v1_canonical::write_canonical_query;
use super::v3_canonical::{
    Hex256, STRING_TO_SIGN_LEN, V3_ALGORITHM, hash_canonical_request, hex, hex_text,
    write_canonical_request, write_signed_headers, write_string_to_sign,
};
use super::write_error::{Output, WriteError, measured, texts};
use super::{Method, Timestamp, V3Credentials};
use crate::timestamp::formatted;

/// Hex SHA-256 of an empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// How many extra signed headers [`V3Signer::sign`] accepts.
pub const MAX_EXTRA_HEADERS: usize = 8;

/// The query parameter names [`V3Signer::sign`] refuses (compared ASCII
/// case-insensitively): the v1 common parameters, whose inputs v3 carries in headers
/// or does not use. `RegionId` is not among them: it is an ordinary API parameter of
/// many actions, and v3 has no header for it.
pub const V3_RESERVED_PARAMETERS: [&str; 11] = [
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// The body hash that goes into `x-acs-content-sha256` and the canonical request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum BodyHash<'a> {
    /// No body (GET, or POST with every parameter in the query).
    #[default]
    Empty,
    /// The caller's hex SHA-256 of the body (for a form body), lower-case.
    Hex(&'a str),
}

/// A header name and value, as signed and sent.
pub type Header<'s> = (&'s str, &'s str);

/// A signature v3 signer for one `Action` of one API `Version` at one host.
///
/// ```
/// use mts_codec::signing::{BodyHash, Credentials, Method, Params, V3Credentials, V3Signer};
/// use mts_codec::Timestamp;
///
/// // Spec §3.2: the six headers, the `SnapshotJobIds` query, secret `testsecret`.
/// let creds = V3Credentials::new(&Credentials::new("testid", "testsecret")?);
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
    /// `credentials` is `&V3Credentials`, keyed once (use it for anything that signs
    /// more than once), or `&Credentials`, keyed on each call. Both sign alike.
    ///
    /// # Errors
    /// An empty nonce, action or version; a parameter named in
    /// [`V3_RESERVED_PARAMETERS`] ([`SignError::ReservedParameter`]); an unsorted
    /// parameter source; more than [`MAX_EXTRA_HEADERS`] extra headers, an extra
    /// header that repeats a signed one or is `Authorization`, a header name that is
    /// not an HTTP token, or a header value (trimmed) with a control byte
    /// ([`SignError::BadHeader`]).
    #[expect(clippy::disallowed_methods, reason = "the signer takes its MAC out")]
    pub fn sign<'s, P: SortedParams + ?Sized>(
        &self,
        params: &'s P,
        extra_headers: &[Header<'s>],
        body: BodyHash<'s>,
        credentials: impl Into<V3Credentials<'s>>,
        timestamp: Timestamp,
        nonce: &'s str,
    ) -> Result<SignedV3<'s, P>, SignError>
    where
        'a: 's,
    {
        let credentials = credentials.into();
        check_required(self.action, self.version, nonce)?;
        check_source(params.sorted_params(), |key| {
            V3_RESERVED_PARAMETERS
                .into_iter()
                .find(|name| name.eq_ignore_ascii_case(key))
        })?;
        let fixed = FixedHeaders {
            host: checked_value(self.host)?,
            action: checked_value(self.action)?,
            content_sha256: match body {
                BodyHash::Empty => EMPTY_BODY_SHA256,
                BodyHash::Hex(hex) => checked_value(hex)?,
            },
            date: timestamp.to_bytes(),
            security_token: credentials
                .security_token()
                .map(checked_value)
                .transpose()?,
            nonce: checked_value(nonce)?,
            version: checked_value(self.version)?,
        };
        let mut signed = SignedV3 {
            method: self.method,
            access_key_id: credentials.access_key_id(),
            params,
            extra: sorted_extras(extra_headers, &fixed)?,
            fixed,
            request_hash: [0; 64],
            signature: [0; 64],
        };
        let digest = hash_canonical_request(|out| {
            write_canonical_request(
                signed.method.as_str(),
                params.sorted_params(),
                signed.headers(),
                signed.fixed.content_sha256,
                out,
            )
        })
        .map_err(|_| SignError::Mac)?;
        signed.request_hash = hex(&digest);
        let mut mac = credentials.mac();
        digest_text(&mut mac, |out| {
            write_string_to_sign(&signed.request_hash, out)
        })
        .map_err(|_| SignError::Mac)?;
        signed.signature = hex(&mac.finalize().into_bytes().into());
        Ok(signed)
    }
}

/// `extra_headers`, values trimmed and checked, sorted by lower-cased name; refuses a
/// name that is not an HTTP token, `Authorization`, and one that repeats a signed one.
fn sorted_extras<'s>(
    extra_headers: &[Header<'s>],
    fixed: &FixedHeaders<'s>,
) -> Result<heapless::Vec<Header<'s>, MAX_EXTRA_HEADERS>, SignError> {
    let mut extra = heapless::Vec::<Header<'s>, MAX_EXTRA_HEADERS>::new();
    for &(name, value) in extra_headers {
        let repeated = fixed.list().into_iter().flatten().map(|(n, _)| n);
        if name.is_empty()
            || !name.bytes().all(is_token_byte)
            || name.eq_ignore_ascii_case("authorization")
            || repeated
                .chain(extra.iter().map(|&(n, _)| n))
                .any(|signed| signed.eq_ignore_ascii_case(name))
        {
            return Err(SignError::BadHeader);
        }
        extra
            .push((name, checked_value(value)?))
            .map_err(|_| SignError::BadHeader)?;
    }
    extra.sort_unstable_by(|(a, _), (b, _)| lower(a).cmp(lower(b)));
    Ok(extra)
}

/// Whether `b` may be in a header name: an HTTP token byte (RFC 9110 `tchar`).
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A header value trimmed, as signed; `None` if it holds a control byte but tab (DEL is
/// one). The verifier takes received values by the same rule.
pub(crate) fn trimmed_header_value(value: &str) -> Option<&str> {
    let value = value.trim();
    let control = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
    (!value.bytes().any(control)).then_some(value)
}

/// [`trimmed_header_value`], or [`SignError::BadHeader`].
fn checked_value(value: &str) -> Result<&str, SignError> {
    trimmed_header_value(value).ok_or(SignError::BadHeader)
}

/// The lower-cased bytes of a header name.
fn lower(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

/// The values of the headers every v3 request signs, trimmed.
#[derive(Clone, Debug)]
struct FixedHeaders<'s> {
    host: &'s str,
    action: &'s str,
    content_sha256: &'s str,
    date: [u8; Timestamp::FORMATTED_LEN],
    security_token: Option<&'s str>,
    nonce: &'s str,
    version: &'s str,
}

impl FixedHeaders<'_> {
    /// The headers, sorted; the token's is `None` without one.
    fn list(&self) -> [Option<Header<'_>>; 7] {
        [
            Some(("host", self.host)),
            Some(("x-acs-action", self.action)),
            Some(("x-acs-content-sha256", self.content_sha256)),
            Some(("x-acs-date", formatted(&self.date))),
            self.security_token.map(|t| ("x-acs-security-token", t)),
            Some(("x-acs-signature-nonce", self.nonce)),
            Some(("x-acs-version", self.version)),
        ]
    }
}

/// A request signed with signature v3: the signature and every text of the request.
///
/// Each `write_*` method has a `*_len` twin with the exact number of bytes written.
/// Send `METHOD https://<host>/?<query>` with [`headers`](Self::headers) (plus
/// `Authorization`, [`write_authorization`](Self::write_authorization)).
#[derive(Clone)]
pub struct SignedV3<'s, P: ?Sized> {
    method: Method,
    access_key_id: &'s str,
    params: &'s P,
    fixed: FixedHeaders<'s>,
    /// The extra signed headers, values trimmed, sorted by lower-cased name.
    extra: heapless::Vec<Header<'s>, MAX_EXTRA_HEADERS>,
    /// Hex SHA-256 of the canonical request, the string-to-sign's second line.
    request_hash: Hex256,
    signature: Hex256,
}

impl<P: ?Sized> fmt::Debug for SignedV3<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedV3")
            .field("method", &self.method)
            .field("access_key_id", &self.access_key_id)
            .field("signature", &hex_text(&self.signature))
            .finish_non_exhaustive()
    }
}

const AUTH_CREDENTIAL: &str = " Credential=";
const AUTH_HEADERS: &str = ",SignedHeaders=";
const AUTH_SIGNATURE: &str = ",Signature=";

impl<P: SortedParams + ?Sized> SignedV3<'_, P> {
    /// The signature, 64 lower-case hex digits.
    pub fn signature(&self) -> &str {
        hex_text(&self.signature)
    }

    /// The HTTP method the request was signed for.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The headers to send (signed ones, sorted, names as given), `Authorization` not
    /// included. `x-acs-security-token` is there with STS credentials.
    pub fn headers(&self) -> impl Iterator<Item = Header<'_>> + Clone {
        let fixed = self.fixed.list().into_iter().flatten();
        // The fixed names are lower-case; the extras' are compared lower-cased.
        let (mut fixed, mut extra) = (fixed.peekable(), self.extra.iter().copied().peekable());
        core::iter::from_fn(move || match (fixed.peek(), extra.peek()) {
            (Some(&(f, _)), Some(&(e, _))) if lower(e).lt(f.bytes()) => extra.next(),
            (Some(_), _) => fixed.next(),
            (None, _) => extra.next(),
        })
    }

    texts! {
        /// Writes the query: the API parameters, encoded and sorted (the canonical query).
        QUERY: write_query, query_len,
            |s, out| write_canonical_query(s.params.sorted_params(), out);
        /// Writes the signed header names, lower-cased, sorted, joined with `;`.
        SIGNED_HEADERS: write_signed_headers, signed_headers_len,
            |s, out| write_signed_headers(s.headers().map(|(name, _)| name), out);
        /// Writes the canonical request (for comparing with the server's).
        CANONICAL_REQUEST: write_canonical_request, canonical_request_len,
            |s, out| write_canonical_request(
                s.method.as_str(),
                s.params.sorted_params(),
                s.headers(),
                s.fixed.content_sha256,
                out,
            );
        /// Writes the `Authorization` header value.
        AUTHORIZATION: write_authorization, authorization_len, |s, out| {
            out.write_str(V3_ALGORITHM)?;
            out.write_str(AUTH_CREDENTIAL)?;
            out.write_str(s.access_key_id)?;
            out.write_str(AUTH_HEADERS)?;
            write_signed_headers(s.headers().map(|(name, _)| name), out)?;
            out.write_str(AUTH_SIGNATURE)?;
            out.write_str(s.signature())
        };
    }

    /// Length of [`write_string_to_sign`](Self::write_string_to_sign)'s output.
    pub const fn string_to_sign_len(&self) -> usize {
        STRING_TO_SIGN_LEN
    }

    /// Writes the string-to-sign, `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)),
    /// from the hash computed while signing.
    ///
    /// # Errors
    /// [`WriteError`] when `out` refuses the text.
    pub fn write_string_to_sign<W: fmt::Write + ?Sized>(
        &self,
        out: &mut W,
    ) -> Result<(), WriteError> {
        measured(out, Output::STRING_TO_SIGN, |out| {
            write_string_to_sign(&self.request_hash, out)
        })
    }
}
