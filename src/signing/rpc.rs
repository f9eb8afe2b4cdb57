//! The RPC v1 signer: any `Action`, any `Version`.

use core::fmt;

use super::params::SortedParams;
use super::signature::{MAC_CHUNK, Signature};
use super::signed::{Parts, Signed};
use super::{Credentials, Method, Timestamp, percent, signing_pass};

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
    /// An API parameter has the name of a parameter the signer sets (v1,
    /// [`RESERVED_PARAMETERS`]) or that v3 keeps out of its query
    /// ([`V3_RESERVED_PARAMETERS`](super::V3_RESERVED_PARAMETERS)).
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
    /// Signature v3: an extra header is empty-named, not an HTTP token, repeats a
    /// signed header or is `Authorization`; a header value holds a control byte; or
    /// there are more than [`MAX_EXTRA_HEADERS`](super::MAX_EXTRA_HEADERS) extras.
    BadHeader,
    /// The MAC could not be computed (never expected).
    Mac,
}

/// The inputs every signature needs, for both signature versions: a non-empty
/// `Action`, `Version` and nonce.
pub(crate) fn check_required(action: &str, version: &str, nonce: &str) -> Result<(), SignError> {
    if nonce.is_empty() {
        return Err(SignError::EmptyNonce);
    }
    if action.is_empty() {
        return Err(SignError::EmptyAction);
    }
    if version.is_empty() {
        return Err(SignError::EmptyVersion);
    }
    Ok(())
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
                    "parameter `{name}` is reserved for the signer and cannot be an API parameter"
                )
            }
            Self::UnsortedParams { after } => {
                write!(
                    f,
                    "parameter {after} of the source is out of order or repeated"
                )
            }
            Self::BadHeader => f.write_str(
                "a header is unnamed, badly named, repeated, one too many, or has a control byte in its value",
            ),
            Self::Mac => f.write_str("the MAC could not be computed"),
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
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RpcSigner<'a> {
    pub(crate) action: &'a str,
    pub(crate) version: &'a str,
    pub(crate) format: Format<'a>,
    pub(crate) region_id: Option<&'a str>,
    pub(crate) method: Method,
    /// Whether `action` and `version` are made of unreserved bytes only (a function of
    /// them, so equality is unchanged): the signing pass then writes them as they are.
    pub(crate) names_literal: bool,
    /// The same for `region_id`.
    pub(crate) region_literal: bool,
}

impl fmt::Debug for RpcSigner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RpcSigner")
            .field("action", &self.action)
            .field("version", &self.version)
            .field("format", &self.format)
            .field("region_id", &self.region_id)
            .field("method", &self.method)
            .finish()
    }
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
            // Checked once, here (at compile time for a `const` signer).
            names_literal: percent::is_literal(action) && percent::is_literal(version),
            region_literal: true,
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
        self.region_literal = percent::is_literal(region_id);
        self
    }

    /// [`region_id`](Self::region_id) for an id already checked against
    /// `[A-Za-z0-9_-]+` (all unreserved), which spares the byte loop.
    pub(crate) const fn checked_region_id(mut self, region_id: &'a str) -> Self {
        self.region_id = Some(region_id);
        self.region_literal = true;
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
        check_required(self.action, self.version, nonce)?;
        let parts = Parts {
            signer: *self,
            access_key_id: credentials.access_key_id(),
            access_key_id_literal: credentials.access_key_id_literal(),
            security_token: credentials.security_token(),
            nonce,
            timestamp: timestamp.to_bytes(),
            params,
        };
        // One pass checks the source, merges it with the common parameters and hashes
        // the string-to-sign.
        let mut error = None;
        // The chunk size is spelled out: a `_` const argument needs Rust 1.89.
        let signature = Signature::compute(credentials.hmac_key(), |mac| {
            signing_pass::write::<_, _, MAC_CHUNK, { signing_pass::STRING_TO_SIGN }>(
                &parts, &mut error, mac,
            )
        });
        if let Some(error) = error {
            return Err(error);
        }
        let signed = Signed {
            parts,
            signature: signature.map_err(|_| SignError::Mac)?,
        };
        Ok(signed)
    }
}
