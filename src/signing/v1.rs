//! The RPC v1 signer ([`RpcSigner`]) and the request it signs ([`Signed`]).

use core::fmt::{self, Write as _};

use base64::display::Base64Display;
use base64::engine::general_purpose::STANDARD;
use hmac::Mac as _;

use super::digest_text::digest_text;
use super::params::{SortedParams, check_source, merge_sorted};
use super::sign_error::{SignError, check_required};
use super::v1_canonical::{write_canonical_query, write_string_to_sign};
use super::write_error::{Output, WriteError, measured, texts};
use super::{Credentials, Format, Method, Scheme, Timestamp};
use crate::endpoint::Endpoint;
use crate::percent;
use crate::timestamp::formatted;

/// The parameters the signer adds, in sorted order, plus `Signature`.
pub const RESERVED_PARAMETERS: [&str; 11] = [
    "AccessKeyId",
    "Action",
    "Format",
    "RegionId",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// `application/x-www-form-urlencoded`, the content type of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// An RPC v1 (HMAC-SHA1) signer for one `Action` of one API `Version`: everything of a
/// request except its API parameters and its credentials.
///
/// Signing is sans-IO and deterministic: the caller passes the [`Timestamp`] and the
/// `SignatureNonce`. **Sign every attempt again, retries included, with a fresh nonce**:
/// the gateway rejects a reused nonce with `SignatureNonceUsed`, and a timestamp more
/// than about 15 minutes off with `InvalidTimeStamp.Expired`. Nothing allocates; the
/// outputs are written into any [`fmt::Write`] and their lengths are known beforehand.
///
/// ```
/// use mts_codec::signing::{Credentials, Format, Method, Params, RpcSigner};
/// use mts_codec::Timestamp;
///
/// // The example of Alibaba Cloud's "signature method V2 for RPC APIs" page.
/// let creds = Credentials::new("testid", "testsecret")?;
/// let signer = RpcSigner::new("DescribeRegions", "2014-05-26")
///     .format(Format::Xml)
///     .method(Method::Get);
/// let params = Params::<0>::new();
/// let time = Timestamp::parse("2016-02-23T12:46:24Z")?;
/// let signed = signer.sign(&params, &creds, time, "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")?;
/// assert_eq!(signed.signature(), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
///
/// let mut query = heapless::String::<512>::new();
/// signed.write_query(&mut query)?;
/// assert_eq!(query.len(), signed.query_len());
/// assert!(query.ends_with("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RpcSigner<'a> {
    action: &'a str,
    version: &'a str,
    format: &'a str,
    region_id: Option<&'a str>,
    method: Method,
}

impl<'a> RpcSigner<'a> {
    /// A signer for `action` of API `version`, with `Format=JSON`, no `RegionId` and
    /// method `POST`.
    pub const fn new(action: &'a str, version: &'a str) -> Self {
        Self {
            action,
            version,
            format: Format::Json.as_str(),
            region_id: None,
            method: Method::Post,
        }
    }

    /// Sets `Format`.
    #[must_use]
    pub const fn format(mut self, format: Format) -> Self {
        self.format = format.as_str();
        self
    }

    /// Sets `Format` to any text, sent as given (the Tea SDKs send `json`).
    #[must_use]
    pub const fn format_text(mut self, format: &'a str) -> Self {
        self.format = format;
        self
    }

    /// Sends `RegionId` (the classic SDKs send it; the Tea SDKs do not).
    #[must_use]
    pub const fn region_id(mut self, region_id: &'a str) -> Self {
        self.region_id = Some(region_id);
        self
    }

    /// Sets the HTTP method.
    #[must_use]
    pub const fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// The HTTP method.
    pub const fn http_method(&self) -> Method {
        self.method
    }

    /// Signs `params` (plus the common parameters) with `credentials`, at `timestamp`,
    /// with `nonce` as `SignatureNonce`.
    ///
    /// # Errors
    /// An empty nonce, action or version; an API parameter named like a common
    /// parameter ([`RESERVED_PARAMETERS`]); a source that is not sorted.
    #[expect(clippy::disallowed_methods, reason = "the signer takes its MAC out")]
    pub fn sign<'s, P: SortedParams + ?Sized>(
        &self,
        params: &'s P,
        credentials: &'s Credentials<'_>,
        timestamp: Timestamp,
        nonce: &'s str,
    ) -> Result<Signed<'s, P>, SignError>
    where
        'a: 's,
    {
        check_required(self.action, self.version, nonce)?;
        check_source(params.sorted_params(), |key| {
            RESERVED_PARAMETERS.into_iter().find(|&name| name == key)
        })?;
        let mut signed = Signed {
            signer: *self,
            access_key_id: credentials.access_key_id(),
            security_token: credentials.security_token(),
            nonce,
            timestamp: timestamp.to_bytes(),
            params,
            signature: Signature {
                base64: heapless::String::new(),
            },
        };
        let mut mac = credentials.v1_mac();
        digest_text(&mut mac, |out| {
            write_string_to_sign(self.method.as_str(), signed.params(), out)
        })
        .map_err(|_| SignError::Mac)?;
        signed.signature = Signature::of_mac(&mac.finalize().into_bytes().into());
        Ok(signed)
    }
}

/// The length of a signature: 20 HMAC-SHA1 bytes in base64 with padding.
pub const SIGNATURE_LEN: usize = 28;

/// An RPC v1 signature: 28 characters of standard base64 (`A–Z a–z 0–9 + /`, `=` pad).
///
/// On the wire it is percent-encoded like every other value (`+` → `%2B`, `/` → `%2F`,
/// `=` → `%3D`); [`Signature::as_str`] gives the plain form.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Signature {
    base64: heapless::String<SIGNATURE_LEN>,
}

impl Signature {
    /// The base64 text.
    pub fn as_str(&self) -> &str {
        &self.base64
    }

    /// Standard base64 of an HMAC-SHA1 value.
    #[expect(clippy::expect_used, reason = "20 bytes take 28 base64 characters")]
    pub(crate) fn of_mac(mac: &[u8; 20]) -> Self {
        let mut base64 = heapless::String::new();
        write!(base64, "{}", Base64Display::new(mac, &STANDARD)).expect("28 characters fit");
        Self { base64 }
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
/// `Content-Type: application/x-www-form-urlencoded` ([`FORM_CONTENT_TYPE`]).
/// The canonical query and the string-to-sign are there to compare with the
/// `server string to sign is:` text of a `SignatureDoesNotMatch` error.
#[derive(Clone)]
pub struct Signed<'s, P: ?Sized> {
    signer: RpcSigner<'s>,
    access_key_id: &'s str,
    security_token: Option<&'s str>,
    nonce: &'s str,
    timestamp: [u8; Timestamp::FORMATTED_LEN],
    params: &'s P,
    signature: Signature,
}

impl<P: ?Sized> fmt::Debug for Signed<'_, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("signer", &self.signer)
            .field("access_key_id", &self.access_key_id)
            .field("security_token", &self.security_token.map(|_| "<redacted>"))
            .field("nonce", &self.nonce)
            .field("timestamp", &formatted(&self.timestamp))
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

const SIGNATURE_PREFIX: &str = "&Signature=";
const PATH: &str = "/?";
const SCHEME_END: &str = "://";

impl<P: SortedParams + ?Sized> Signed<'_, P> {
    /// Every parameter except `Signature`, sorted: the common ones merged with the
    /// source's (checked when signing).
    fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        let signer = &self.signer;
        let common = [
            Some(("AccessKeyId", self.access_key_id)),
            Some(("Action", signer.action)),
            Some(("Format", signer.format)),
            signer.region_id.map(|r| ("RegionId", r)),
            self.security_token.map(|t| ("SecurityToken", t)),
            Some(("SignatureMethod", "HMAC-SHA1")),
            Some(("SignatureNonce", self.nonce)),
            Some(("SignatureVersion", "1.0")),
            Some(("Timestamp", formatted(&self.timestamp))),
            Some(("Version", signer.version)),
        ];
        merge_sorted(common.into_iter().flatten(), self.params.sorted_params())
    }

    /// The signature, plain base64 (28 characters).
    pub fn signature(&self) -> &str {
        self.signature.as_str()
    }

    /// The signature as a value.
    pub fn signature_value(&self) -> Signature {
        self.signature.clone()
    }

    /// The HTTP method the request was signed for.
    pub fn method(&self) -> Method {
        self.signer.method
    }

    texts! {
        /// Writes the canonical query: every parameter but `Signature`, encoded, sorted,
        /// joined with `&`.
        CANONICAL_QUERY: write_canonical_query, canonical_query_len,
            |s, out| write_canonical_query(s.params(), out);
        /// Writes the string-to-sign, `METHOD&%2F&<encoded canonical query>`.
        STRING_TO_SIGN: write_string_to_sign, string_to_sign_len,
            |s, out| write_string_to_sign(s.signer.method.as_str(), s.params(), out);
        /// Writes the signed query: the canonical query, then `&Signature=<encoded>`.
        QUERY: write_query, query_len, |s, out| s.query_to(out);
        /// Writes the request target, `/?` + the signed query.
        PATH_AND_QUERY: write_path_and_query, path_and_query_len,
            |s, out| out.write_str(PATH).and_then(|()| s.query_to(out));
        /// Writes the `application/x-www-form-urlencoded` body of a form `POST`: the
        /// same text as the signed query (send it to `/` with no query string).
        FORM_BODY: write_form_body, form_body_len, |s, out| s.query_to(out);
    }

    /// The signed query, for the writers above.
    fn query_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        write_canonical_query(self.params(), out)?;
        out.write_str(SIGNATURE_PREFIX)?;
        percent::encode(self.signature.as_str(), out)
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
            out.write_str(PATH)?;
            self.query_to(out)
        })
    }
}
