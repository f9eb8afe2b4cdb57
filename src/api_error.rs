//! [`ApiError`]: the body the gateway or MTS sends with HTTP 4xx/5xx, and what a caller
//! should do about it.
//!
//! ```
//! use mts_codec::api_error::ApiError;
//! use mts_codec::Format;
//!
//! let body = br#"{"RequestId":"5B7C5B57-0000","HostId":"mts.cn-shanghai.aliyuncs.com",
//!   "Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
//! let error = ApiError::decode(Format::Json, body)?;
//! assert!(error.is_throttling() && error.is_retryable());
//! # Ok::<(), mts_codec::DecodeError>(())
//! ```

use core::fmt;

use crate::decode::members::members;
use crate::decode::{DecodeError, Format};
use crate::text::Text;

members! {
    /// An API error body: JSON `{"RequestId", "HostId", "Code", "Message", "Recommend"}` or
    /// XML `<Error>` with the same children. Every member is optional; unknown members (such
    /// as `AccessDeniedDetail`) are skipped.
    pub struct ApiError<'a> {
        /// `RequestId`: quote it to support.
        "RequestId" => pub request_id: Option<Text<'a>>,
        /// `HostId`: the endpoint host that answered.
        "HostId" => pub host_id: Option<Text<'a>>,
        /// `Code`: the machine-readable error code, e.g. `Throttling.User`.
        "Code" => pub code: Option<Text<'a>>,
        /// `Message`: the human-readable message.
        "Message" => pub message: Option<Text<'a>>,
        /// `Recommend`: a troubleshooting URL.
        "Recommend" => pub recommend: Option<Text<'a>>,
    }
}

/// Text that precedes the server's string-to-sign in a `SignatureDoesNotMatch` message.
const SERVER_STRING_TO_SIGN: &str = "server string to sign is:";

/// What a `SignatureDoesNotMatch` error says once compared with the client's own
/// string-to-sign; see [`ApiError::diagnose_signature`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignatureDiagnosis {
    /// Both sides signed the same string: the AccessKeySecret is wrong.
    WrongSecret,
    /// The strings differ from this byte offset (in the decoded text) on: the request was
    /// changed after signing, or encoded differently from what was signed.
    StringToSignDiffers {
        /// The first differing byte offset.
        at: usize,
    },
}

impl<'a> ApiError<'a> {
    /// Decodes an error body in `format` (XML root `Error`), within the default
    /// [`Limits`](crate::Limits).
    ///
    /// # Errors
    /// [`DecodeError`] with the byte offset and field path where the body went wrong.
    pub fn decode(format: Format, body: &'a [u8]) -> Result<Self, DecodeError> {
        Self::decode_with(format, body, crate::Limits::DEFAULT)
    }

    /// [`decode`](Self::decode) within `limits`.
    ///
    /// # Errors
    /// As [`decode`](Self::decode); [`LimitExceeded`](crate::DecodeErrorKind::LimitExceeded)
    /// for a body over `limits`.
    pub fn decode_with(
        format: Format,
        body: &'a [u8],
        limits: crate::Limits,
    ) -> Result<Self, DecodeError> {
        crate::decode::decode_body(format, body, "Error", limits)
    }

    /// Whether `Code` is exactly `code`.
    pub fn code_is(&self, code: &str) -> bool {
        self.code.is_some_and(|c| c == code)
    }

    fn code_starts_with(&self, prefix: &str) -> bool {
        self.code.is_some_and(|c| {
            let mut decoded = c.chars();
            prefix.chars().all(|p| decoded.next() == Some(p))
        })
    }

    /// Throttling: `Throttling` and its sub-codes (`Throttling.User`, `Throttling.Api`,
    /// ...). Back off before the next call (the limit is 100 calls/s per user).
    pub fn is_throttling(&self) -> bool {
        self.code_is("Throttling") || self.code_starts_with("Throttling.")
    }

    /// Whether the same call may succeed later: throttling, `InternalError`,
    /// `ServiceUnavailable`, `UnknownError`. Re-sign it with a fresh nonce and timestamp
    /// before resending; a reused nonce gets `SignatureNonceUsed`.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling()
            || self.code_is("InternalError")
            || self.code_is("ServiceUnavailable")
            || self.code_is("UnknownError")
    }

    /// `InvalidTimeStamp.Expired`: the request's `Timestamp` is more than about 15
    /// minutes from the server's clock. Fix the clock (or its time zone: the timestamp
    /// is UTC) rather than retrying.
    pub fn is_clock_skew(&self) -> bool {
        self.code_starts_with("InvalidTimeStamp.")
    }

    /// `SignatureNonceUsed`: the `SignatureNonce` was seen before, typically because a
    /// retry resent an already signed request.
    pub fn is_nonce_reused(&self) -> bool {
        self.code_is("SignatureNonceUsed")
    }

    /// `SignatureDoesNotMatch` or `IncompleteSignature`.
    pub fn is_signature_mismatch(&self) -> bool {
        self.code_is("SignatureDoesNotMatch") || self.code_is("IncompleteSignature")
    }

    /// The server's string-to-sign, which `SignatureDoesNotMatch` messages end with
    /// (`... server string to sign is:POST&%2F&...`), for comparing with the client's.
    pub fn server_string_to_sign(&self) -> Option<Text<'a>> {
        let message = self.message?;
        let raw = message.raw();
        let start = raw.find(SERVER_STRING_TO_SIGN)? + SERVER_STRING_TO_SIGN.len();
        let rest = raw.get(start..)?.trim_start_matches(' ');
        // Cutting right after an ASCII marker never splits an escape, an entity or a
        // CDATA section, so the rest is valid in the message's own encoding.
        Some(Text::from_raw(rest, message.encoding()))
    }

    /// Compares the server's string-to-sign with `client_string_to_sign` (what this
    /// crate's signer reports for the request that failed).
    ///
    /// `None` when the message carries no string-to-sign.
    pub fn diagnose_signature(&self, client_string_to_sign: &str) -> Option<SignatureDiagnosis> {
        let server = self.server_string_to_sign()?;
        if server == client_string_to_sign {
            return Some(SignatureDiagnosis::WrongSecret);
        }
        let common = server.chars().zip(client_string_to_sign.chars());
        let at = common
            .take_while(|(s, c)| s == c)
            .map(|(c, _)| c.len_utf8());
        Some(SignatureDiagnosis::StringToSignDiffers { at: at.sum() })
    }
}

impl fmt::Display for ApiError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{code}")?,
            None => f.write_str("(no code)")?,
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId {id})")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ApiError<'_> {}
