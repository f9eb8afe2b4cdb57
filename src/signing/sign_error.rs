//! [`SignError`]: why a request could not be signed, for both signature versions.

use core::fmt;

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
    /// [`RESERVED_PARAMETERS`](super::RESERVED_PARAMETERS)) or that v3 keeps out of its query
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
    /// The MAC or its text could not be computed (never expected).
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
            Self::ReservedParameter { name } => write!(
                f,
                "parameter `{name}` is reserved for the signer and cannot be an API parameter"
            ),
            Self::UnsortedParams { after } => write!(
                f,
                "parameter {after} of the source is out of order or repeated"
            ),
            Self::BadHeader => f.write_str(
                "a header is unnamed, badly named, repeated, one too many, or has a control byte in its value",
            ),
            Self::Mac => f.write_str("the MAC could not be computed"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SignError {}
