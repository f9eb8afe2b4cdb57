//! The RPC v1 signer: any `Action`, any `Version`.

use core::fmt;

use super::chunk::{Chunked, ToFmt};
use super::params::{MergeSorted, SortedParams};
use super::signature::Signature;
use super::{Credentials, Timestamp, canonical, percent, string_to_sign};
use crate::endpoint::Endpoint;

/// The HTTP method. It is the first component of the string-to-sign, so a request
/// must be sent with the method it was signed with.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Method {
    /// `GET`: every parameter in the URL query.
    Get,
    /// `POST`, what every official SDK sends: parameters in the URL query with an empty
    /// body, or in an `application/x-www-form-urlencoded` body.
    #[default]
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `Format` parameter: the response format.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Format<'a> {
    /// `JSON`.
    #[default]
    Json,
    /// `XML` (the server's default when `Format` is absent).
    Xml,
    /// Any other text, sent as given (the Tea SDKs send `json`).
    Other(&'a str),
}

impl<'a> Format<'a> {
    /// The text sent.
    pub const fn as_str(self) -> &'a str {
        match self {
            Self::Json => "JSON",
            Self::Xml => "XML",
            Self::Other(text) => text,
        }
    }
}

/// `https` (the default) or `http`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum Scheme {
    /// `https://`.
    #[default]
    Https,
    /// `http://`.
    Http,
}

impl Scheme {
    /// `"https"` or `"http"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Https => "https",
            Self::Http => "http",
        }
    }
}

/// Why a request could not be signed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum SignError {
    /// The nonce is empty.
    EmptyNonce,
    /// The `Action` is empty.
    EmptyAction,
    /// The `Version` is empty.
    EmptyVersion,
    /// An API parameter has the name of a parameter the signer sets.
    ReservedParameter {
        /// The parameter name.
        name: &'static str,
    },
    /// The parameter source yielded keys out of order or twice; `after` is the key
    /// index (0-based, in the source's order) where the order breaks.
    UnsortedParams {
        /// Index of the offending parameter.
        after: usize,
    },
    /// The MAC could not be computed (never expected).
    Mac,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyNonce => f.write_str("SignatureNonce is empty"),
            Self::EmptyAction => f.write_str("Action is empty"),
            Self::EmptyVersion => f.write_str("Version is empty"),
            Self::ReservedParameter { name } => {
                write!(
                    f,
                    "parameter `{name}` is set by the signer and cannot be an API parameter"
                )
            }
            Self::UnsortedParams { after } => {
                write!(
                    f,
                    "parameter {after} of the source is out of order or repeated"
                )
            }
            Self::Mac => f.write_str("HMAC-SHA1 failed"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SignError {}

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
    format: Format<'a>,
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
            format: Format::Json,
            region_id: None,
            method: Method::Post,
        }
    }

    /// Sets `Format`.
    #[must_use]
    pub const fn format(mut self, format: Format<'a>) -> Self {
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
        if nonce.is_empty() {
            return Err(SignError::EmptyNonce);
        }
        if self.action.is_empty() {
            return Err(SignError::EmptyAction);
        }
        if self.version.is_empty() {
            return Err(SignError::EmptyVersion);
        }
        check_params(params)?;
        let parts = Parts {
            signer: *self,
            access_key_id: credentials.access_key_id(),
            security_token: credentials.security_token(),
            nonce,
            timestamp: timestamp.to_bytes(),
            params,
        };
        let signature = Signature::compute(credentials.hmac_key(), |mac| {
            string_to_sign::write(self.method.as_str(), parts.all_params(), mac)
        })
        .map_err(|_| SignError::Mac)?;
        Ok(Signed { parts, signature })
    }
}

/// Checks that the source is strictly sorted and uses no reserved name.
fn check_params<P: SortedParams + ?Sized>(params: &P) -> Result<(), SignError> {
    let mut previous: Option<&str> = None;
    for (i, (key, _)) in params.sorted_params().enumerate() {
        if let Ok(at) = RESERVED_PARAMETERS.binary_search(&key) {
            let name = RESERVED_PARAMETERS.get(at).copied().unwrap_or_default();
            return Err(SignError::ReservedParameter { name });
        }
        if previous.is_some_and(|p| p >= key) {
            return Err(SignError::UnsortedParams { after: i });
        }
        previous = Some(key);
    }
    Ok(())
}

/// A signed request: the signature and every form of the request text.
///
/// Each `write_*` method has a `*_len` twin giving the exact number of bytes it writes,
/// so a caller without an allocator can size a `heapless::String` or a byte buffer.
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
pub struct Signed<'s, P: ?Sized> {
    parts: Parts<'s, P>,
    signature: Signature,
}

/// Everything that goes into the signature.
struct Parts<'s, P: ?Sized> {
    signer: RpcSigner<'s>,
    access_key_id: &'s str,
    security_token: Option<&'s str>,
    nonce: &'s str,
    timestamp: [u8; Timestamp::FORMATTED_LEN],
    params: &'s P,
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
const CHUNK: usize = 256;
const SIGNATURE_PREFIX: &str = "&Signature=";
const PATH: &str = "/?";
const SCHEME_END: &str = "://";

impl<P: SortedParams + ?Sized> Parts<'_, P> {
    /// Every parameter except `Signature`, sorted.
    fn all_params(&self) -> impl Iterator<Item = (&str, &str)> {
        let timestamp = core::str::from_utf8(&self.timestamp).unwrap_or_default();
        let common = [
            Some(("AccessKeyId", self.access_key_id)),
            Some(("Action", self.signer.action)),
            Some(("Format", self.signer.format.as_str())),
            self.signer.region_id.map(|r| ("RegionId", r)),
            self.security_token.map(|t| ("SecurityToken", t)),
            Some(("SignatureMethod", "HMAC-SHA1")),
            Some(("SignatureNonce", self.nonce)),
            Some(("SignatureVersion", "1.0")),
            Some(("Timestamp", timestamp)),
            Some(("Version", self.signer.version)),
        ];
        MergeSorted::new(common.into_iter().flatten(), self.params.sorted_params())
    }
}

impl<P: SortedParams + ?Sized> Signed<'_, P> {
    fn all_params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parts.all_params()
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
    /// Only what `out` returns.
    pub fn write_canonical_query<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, CHUNK>::new(ToFmt(out));
        canonical::write(self.all_params(), &mut chunked)?;
        chunked.finish()
    }

    /// Length of [`write_string_to_sign`](Self::write_string_to_sign)'s output.
    pub fn string_to_sign_len(&self) -> usize {
        string_to_sign::len(self.parts.signer.method.as_str(), self.all_params())
    }

    /// Writes the string-to-sign, `METHOD&%2F&<encoded canonical query>`.
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_string_to_sign<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, CHUNK>::new(ToFmt(out));
        string_to_sign::write(
            self.parts.signer.method.as_str(),
            self.all_params(),
            &mut chunked,
        )?;
        chunked.finish()
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
    /// Only what `out` returns.
    pub fn write_query<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        let mut chunked = Chunked::<_, CHUNK>::new(ToFmt(out));
        canonical::write(self.all_params(), &mut chunked)?;
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
    /// Only what `out` returns.
    pub fn write_path_and_query<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        out.write_str(PATH)?;
        self.write_query(out)
    }

    /// Length of [`write_url`](Self::write_url)'s output.
    pub fn url_len(&self, scheme: Scheme, endpoint: &Endpoint<'_>) -> usize {
        scheme.as_str().len() + SCHEME_END.len() + endpoint.len() + self.path_and_query_len()
    }

    /// Writes the full URL, `<scheme>://<host>/?` + the signed query.
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_url<W: fmt::Write + ?Sized>(
        &self,
        scheme: Scheme,
        endpoint: &Endpoint<'_>,
        out: &mut W,
    ) -> fmt::Result {
        out.write_str(scheme.as_str())?;
        out.write_str(SCHEME_END)?;
        endpoint.write_host(out)?;
        self.write_path_and_query(out)
    }

    /// Length of [`write_form_body`](Self::write_form_body)'s output.
    pub fn form_body_len(&self) -> usize {
        self.query_len()
    }

    /// Writes the `application/x-www-form-urlencoded` body of a form `POST`: the same
    /// text as the signed query (send it to `/` with no query string).
    ///
    /// # Errors
    /// Only what `out` returns.
    pub fn write_form_body<W: fmt::Write + ?Sized>(&self, out: &mut W) -> fmt::Result {
        self.write_query(out)
    }
}
