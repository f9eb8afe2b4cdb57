//! [`VerifyError`]: which check a received request failed, and where.

use core::fmt;

use super::capacity::{DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_PARAMETERS, MAX_SIGNED_HEADERS};
use crate::signing::{CredentialsError, TimestampError};

/// A header name held inside a [`VerifyError`], so the error borrows nothing from the
/// request: up to [`HeaderName::CAPACITY`] bytes of it, and whether it was cut there
/// (shown as a trailing `…`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeaderName {
    bytes: [u8; HeaderName::CAPACITY],
    /// At most `CAPACITY`, on a character boundary of the name.
    len: usize,
    truncated: bool,
}

impl HeaderName {
    /// The most bytes of a name kept; the headers of the v3 signature are at most 26.
    pub const CAPACITY: usize = 48;

    /// Keeps `name`, or its longest prefix of at most [`CAPACITY`](Self::CAPACITY)
    /// bytes that ends on a character boundary.
    pub fn new(name: &str) -> Self {
        let mut len = name.len().min(Self::CAPACITY);
        while !name.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; Self::CAPACITY];
        bytes
            .split_at_mut(len)
            .0
            .copy_from_slice(name.split_at(len).0.as_bytes());
        Self {
            bytes,
            len,
            truncated: len < name.len(),
        }
    }

    /// The kept name (all of it unless [`is_truncated`](Self::is_truncated)).
    #[expect(
        clippy::expect_used,
        reason = "`new` keeps a prefix of a `str` that ends on a character boundary"
    )]
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(self.bytes.split_at(self.len).0).expect("a `str` prefix")
    }

    /// Whether the name was longer than [`CAPACITY`](Self::CAPACITY) and was cut.
    pub const fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for HeaderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HeaderName(\"{self}\")")
    }
}

impl PartialEq<str> for HeaderName {
    fn eq(&self, other: &str) -> bool {
        !self.truncated && self.as_str() == other
    }
}

impl PartialEq<&str> for HeaderName {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// The part of a received request a byte offset counts in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Part {
    /// The raw URL query string (without the `?`).
    Query,
    /// The `application/x-www-form-urlencoded` body.
    FormBody,
}

impl Part {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::FormBody => "form body",
        }
    }
}

/// What is wrong with a `name=value` list at some byte.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Malformed {
    /// `%` not followed by two hex digits.
    BadEscape,
    /// A byte that must be percent-encoded: a control byte, a space or DEL.
    ForbiddenByte,
    /// An empty segment: `&&`, or `&` at the start or end.
    EmptySegment,
    /// A segment without `=`.
    MissingEquals,
    /// A segment whose name is empty (`=value`).
    EmptyName,
    /// A query string passed with its leading `?` (the request's fields take it without).
    LeadingQuestionMark,
}

impl Malformed {
    const fn as_str(self) -> &'static str {
        match self {
            Self::BadEscape => "`%` not followed by two hex digits",
            Self::ForbiddenByte => "a control byte, space or DEL that must be percent-encoded",
            Self::EmptySegment => "an empty parameter (`&&`, or `&` at an end)",
            Self::MissingEquals => "a parameter without `=`",
            Self::EmptyName => "a parameter with an empty name",
            Self::LeadingQuestionMark => "a query string that starts with `?`: pass it without",
        }
    }
}

/// Why a received request did not verify: which check failed, and where.
///
/// Offsets are byte offsets into the named [`Part`] (or into the `Authorization`
/// value for [`MalformedAuthorization`](Self::MalformedAuthorization) and
/// [`SignedHeaderMissing`](Self::SignedHeaderMissing)). The error is `Copy` and
/// borrows nothing from the request (a header it names is copied into a
/// [`HeaderName`]), so it can be kept, logged or returned from a handler.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum VerifyError {
    /// The HTTP method is not `GET` or `POST`.
    UnsupportedMethod,
    /// Signature v3: the path is not `/` (the only path of an RPC-style API).
    UnsupportedPath,
    /// The query or form body is not a well-formed `name=value&…` list.
    Malformed {
        /// Query or form body.
        part: Part,
        /// Byte offset of the problem.
        at: usize,
        /// What the problem is.
        kind: Malformed,
    },
    /// A name or value is not UTF-8 once percent-decoded.
    NotUtf8 {
        /// Query or form body.
        part: Part,
        /// Byte offset where the name or value starts.
        at: usize,
    },
    /// A parameter name occurs twice (in the query, the body, or once in each).
    DuplicateParameter {
        /// Where the second occurrence is.
        part: Part,
        /// Byte offset of its segment.
        at: usize,
    },
    /// More parameters than the verifier's capacity `P`; raise it with
    /// `Verifier::<P, B>::with_capacity()`.
    TooManyParameters {
        /// The capacity.
        capacity: usize,
    },
    /// More decoded name and value bytes than the verifier's capacity `B`; raise it
    /// with `Verifier::<P, B>::with_capacity()`.
    TooLarge {
        /// The capacity in bytes.
        capacity: usize,
    },
    /// A parameter the signature needs is absent.
    MissingParameter {
        /// Its name.
        name: &'static str,
    },
    /// A parameter or header the signature needs is present but empty.
    Empty {
        /// Its name.
        name: &'static str,
    },
    /// `SignatureMethod` is not `HMAC-SHA1`.
    UnsupportedSignatureMethod,
    /// `SignatureVersion` is not `1.0`.
    UnsupportedSignatureVersion,
    /// `SignatureType` is present and not empty (`BEARERTOKEN` is not verified here).
    UnsupportedSignatureType,
    /// Signature v3: a query parameter named like a v1 common parameter
    /// ([`V3_RESERVED_PARAMETERS`](crate::signing::V3_RESERVED_PARAMETERS)).
    ReservedParameter {
        /// The reserved name it matches.
        name: &'static str,
    },
    /// Signature v3: the query's `Format` is not `json` or `xml` (either case), the
    /// values the SDKs send.
    UnsupportedFormat,
    /// `Timestamp` (v1) or `x-acs-date` (v3) is not `YYYY-MM-DDThh:mm:ssZ`.
    BadTimestamp {
        /// What is wrong with it.
        error: TimestampError,
    },
    /// The request time is further from "now" than the allowed skew.
    TimestampOutsideWindow {
        /// Request time minus now, in seconds: positive when the request claims to
        /// come from the future.
        skew_seconds: i64,
        /// The allowed distance, in seconds, either way.
        allowed_seconds: u32,
    },
    /// The lookup does not know the `AccessKeyId`.
    UnknownAccessKey,
    /// The lookup returned a secret the signer would refuse (empty, or too long).
    BadSecret {
        /// Why it is refused.
        error: CredentialsError,
    },
    /// The signature is well formed but is not the one the secret gives.
    SignatureMismatch,
    /// Signature v3: a header the request needs is absent.
    MissingHeader {
        /// Its lower-case name.
        name: &'static str,
    },
    /// Signature v3: a header that is signed (or `Authorization`, or the
    /// `Content-Type` of a body) occurs more than once.
    DuplicateHeader {
        /// Its lower-case name.
        name: HeaderName,
        /// Index of the second occurrence in the received header list.
        index: usize,
    },
    /// Signature v3: a signed header's value holds a control byte other than tab.
    MalformedHeader {
        /// Its lower-case name.
        name: HeaderName,
        /// Index in the received header list.
        index: usize,
    },
    /// Signature v3: `Authorization` does not start with `ACS3-HMAC-SHA256 `.
    UnsupportedAlgorithm,
    /// Signature v3: `Authorization` is not
    /// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<64 hex>` with
    /// lower-case, sorted, distinct header names.
    MalformedAuthorization {
        /// Byte offset in the `Authorization` value.
        at: usize,
    },
    /// Signature v3: `SignedHeaders` lists more names than
    /// [`MAX_SIGNED_HEADERS`](super::MAX_SIGNED_HEADERS).
    TooManySignedHeaders {
        /// How many names it lists.
        count: usize,
    },
    /// Signature v3: a header every request must sign is not in `SignedHeaders`.
    UnsignedHeader {
        /// Its name.
        name: &'static str,
    },
    /// Signature v3: an `x-acs-*` header, or the `Content-Type` of a body, arrived but
    /// is not in `SignedHeaders` (see
    /// [`Verifier::allow_unsigned_headers`](super::Verifier::allow_unsigned_headers)).
    ReceivedUnsigned {
        /// Its name, as received.
        name: HeaderName,
        /// Index in the received header list.
        index: usize,
    },
    /// Signature v3: a name in `SignedHeaders` has no header in the request.
    SignedHeaderMissing {
        /// The name, as `SignedHeaders` lists it.
        name: HeaderName,
        /// Byte offset of the name in the `Authorization` value.
        at: usize,
    },
    /// Signature v3: `x-acs-content-sha256` is not the SHA-256 of the body.
    ContentHashMismatch,
    /// The output writer refused the text (only from the `write_*` methods).
    Write,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedMethod => f.write_str("HTTP method is not GET or POST"),
            Self::UnsupportedPath => f.write_str("path is not `/`"),
            Self::Malformed { part, at, kind } => {
                write!(f, "{} byte {at}: {}", part.as_str(), kind.as_str())
            }
            Self::NotUtf8 { part, at } => write!(
                f,
                "{} byte {at}: name or value is not UTF-8 once decoded",
                part.as_str()
            ),
            Self::DuplicateParameter { part, at } => {
                write!(f, "{} byte {at}: parameter repeated", part.as_str())
            }
            Self::TooManyParameters { capacity } => write!(
                f,
                "more than {capacity} parameters: raise the verifier's capacity `P` with \
                 `Verifier::<P, B>::with_capacity()` (default {DEFAULT_MAX_PARAMETERS}, \
                 `DEFAULT_MAX_PARAMETERS`)"
            ),
            Self::TooLarge { capacity } => write!(
                f,
                "more than {capacity} bytes of decoded parameter names and values: raise the \
                 verifier's capacity `B` with `Verifier::<P, B>::with_capacity()` (default \
                 {DEFAULT_MAX_DECODED_BYTES}, `DEFAULT_MAX_DECODED_BYTES`)"
            ),
            Self::MissingParameter { name } => write!(f, "parameter `{name}` is missing"),
            Self::Empty { name } => write!(f, "`{name}` is empty"),
            Self::UnsupportedSignatureMethod => f.write_str("SignatureMethod is not HMAC-SHA1"),
            Self::UnsupportedSignatureVersion => f.write_str("SignatureVersion is not 1.0"),
            Self::UnsupportedSignatureType => f.write_str("SignatureType is not empty"),
            Self::ReservedParameter { name } => write!(
                f,
                "query parameter `{name}` is a v1 common parameter, not allowed with signature v3"
            ),
            Self::UnsupportedFormat => {
                f.write_str("query parameter `Format` is not `json` or `xml`")
            }
            Self::BadTimestamp { error } => write!(f, "request time: {error}"),
            Self::TimestampOutsideWindow {
                skew_seconds,
                allowed_seconds,
            } => write!(
                f,
                "request time is {} s {} now, more than the {allowed_seconds} s allowed",
                skew_seconds.unsigned_abs(),
                if *skew_seconds > 0 { "after" } else { "before" }
            ),
            Self::UnknownAccessKey => f.write_str("AccessKeyId is not known"),
            Self::BadSecret { error } => write!(f, "the looked-up secret is refused: {error}"),
            Self::SignatureMismatch => f.write_str("signature does not match"),
            Self::MissingHeader { name } => write!(f, "header `{name}` is missing"),
            Self::DuplicateHeader { name, index } => write!(
                f,
                "header `{name}` is repeated (again at index {index} of the received headers)"
            ),
            Self::MalformedHeader { name, index } => write!(
                f,
                "header `{name}` (index {index} of the received headers) has a control byte \
                 in its value"
            ),
            Self::UnsupportedAlgorithm => {
                f.write_str("Authorization does not start with `ACS3-HMAC-SHA256 `")
            }
            Self::MalformedAuthorization { at } => write!(f, "Authorization byte {at}: malformed"),
            Self::TooManySignedHeaders { count } => write!(
                f,
                "Authorization lists {count} signed headers, more than the \
                 {MAX_SIGNED_HEADERS} allowed (`MAX_SIGNED_HEADERS`)"
            ),
            Self::UnsignedHeader { name } => {
                write!(f, "header `{name}` is not among the signed headers")
            }
            Self::ReceivedUnsigned { name, index } => write!(
                f,
                "header `{name}` (index {index} of the received headers) is not signed"
            ),
            Self::SignedHeaderMissing { name, at } => write!(
                f,
                "signed header `{name}` (Authorization byte {at}) is not in the request"
            ),
            Self::ContentHashMismatch => {
                f.write_str("x-acs-content-sha256 is not the SHA-256 of the body")
            }
            Self::Write => f.write_str("the output writer refused the text"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for VerifyError {}
