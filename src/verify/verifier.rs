//! [`Verifier`]: the verifier's configuration, and the checks both signature versions share.

use crate::Timestamp;
use crate::signing::{Credentials, Method};

use super::capacity::{DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_PARAMETERS};
use super::error::VerifyError;

/// The skew a [`Verifier`] allows between the request time and "now", either way,
/// unless told otherwise: 15 minutes, as the service allows.
pub const DEFAULT_MAX_SKEW_SECONDS: u32 = 15 * 60;

/// Verifies received requests signed with RPC v1 or v3, holding at most `P` decoded
/// parameters of at most `B` bytes in all (see the [module docs](super)).
///
/// It holds only its configuration; verifying needs `&self`, so one verifier can serve
/// every request.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Verifier<
    const P: usize = DEFAULT_MAX_PARAMETERS,
    const B: usize = DEFAULT_MAX_DECODED_BYTES,
> {
    max_skew_seconds: u32,
    allow_unsigned_headers: bool,
}

impl Verifier {
    /// A verifier with the default capacities and a 15-minute window.
    pub const fn new() -> Self {
        Self::with_capacity()
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl<const P: usize, const B: usize> Verifier<P, B> {
    /// A verifier for at most `P` parameters and `B` decoded bytes
    /// (`Verifier::<8, 512>::with_capacity()`), with a 15-minute window.
    pub const fn with_capacity() -> Self {
        Self {
            max_skew_seconds: DEFAULT_MAX_SKEW_SECONDS,
            allow_unsigned_headers: false,
        }
    }

    /// Sets the allowed distance between the request time and "now", either way.
    #[must_use]
    pub const fn max_skew_seconds(mut self, seconds: u32) -> Self {
        self.max_skew_seconds = seconds;
        self
    }

    /// The allowed distance between the request time and "now", in seconds.
    pub const fn allowed_skew_seconds(&self) -> u32 {
        self.max_skew_seconds
    }

    /// Signature v3: whether to accept an `x-acs-*` header, or the `Content-Type` of a
    /// body, that arrived but is not signed (refused by default: see
    /// [`verify_v3`](Self::verify_v3)). A caller that allows them must not trust them.
    #[must_use]
    pub const fn allow_unsigned_headers(mut self, allow: bool) -> Self {
        self.allow_unsigned_headers = allow;
        self
    }

    /// Whether [`allow_unsigned_headers`](Self::allow_unsigned_headers) is set.
    pub const fn allows_unsigned_headers(&self) -> bool {
        self.allow_unsigned_headers
    }
}

/// `GET` or `POST`, case-sensitive.
pub(crate) fn check_method(method: &str) -> Result<Method, VerifyError> {
    match method {
        "GET" => Ok(Method::Get),
        "POST" => Ok(Method::Post),
        _ => Err(VerifyError::UnsupportedMethod),
    }
}

/// The request time `text`, if it is within `max` seconds of `now`, either way (the
/// bound itself included).
pub(crate) fn check_time(text: &str, now: Timestamp, max: u32) -> Result<Timestamp, VerifyError> {
    let request = Timestamp::parse(text).map_err(|error| VerifyError::BadTimestamp { error })?;
    // Both are within 1970..=9999, so the difference cannot overflow.
    let skew_seconds = request.unix_seconds() - now.unix_seconds();
    if skew_seconds.unsigned_abs() > u64::from(max) {
        return Err(VerifyError::TimestampOutsideWindow {
            skew_seconds,
            allowed_seconds: max,
        });
    }
    Ok(request)
}

/// The credentials of `access_key_id`, keyed as the signer keys them from the secret
/// `lookup` gives, which is dropped here, before any MAC is computed.
pub(crate) fn credentials<F, S>(
    access_key_id: &str,
    mut lookup: F,
) -> Result<Credentials<'_>, VerifyError>
where
    F: FnMut(&str) -> Option<S>,
    S: AsRef<str>,
{
    let secret = lookup(access_key_id).ok_or(VerifyError::UnknownAccessKey)?;
    Credentials::new(access_key_id, secret.as_ref())
        .map_err(|error| VerifyError::BadSecret { error })
}
