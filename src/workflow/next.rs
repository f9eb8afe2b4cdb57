//! [`Next`]: what a workflow tells its caller to do after each response, and
//! [`ErrorClass`]: which API errors are worth retrying.

use alloc::string::String;
use core::fmt;
use core::time::Duration;

use crate::Timestamp;
use crate::api_error::ApiError;

/// What to do after a response (or a failure) was handed to a workflow.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Next {
    /// Wait this long, then ask for the next request (sign it with a fresh nonce and the
    /// then current time).
    After(Duration),
    /// Nothing left to ask: every job is finished or unknown, or the listing has no
    /// further page.
    Done,
    /// Stop: repeating the same request will not help. The workflow's state is intact;
    /// after fixing the cause (a clock, a key, a permission) the caller may go on.
    Stop(StopReason),
}

impl Next {
    /// The delay of [`Next::After`].
    pub fn delay(&self) -> Option<Duration> {
        match self {
            Self::After(d) => Some(*d),
            Self::Done | Self::Stop(_) => None,
        }
    }

    /// For callers that keep time as a [`Timestamp`]: the second at which to poll again,
    /// `now` plus the delay rounded up to a whole second. `None` unless
    /// [`Next::After`], or past year 9999.
    pub fn poll_at(&self, now: Timestamp) -> Option<Timestamp> {
        let d = self.delay()?;
        let secs = d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0));
        let secs = i64::try_from(secs).ok()?;
        Timestamp::from_unix_seconds(now.unix_seconds().checked_add(secs)?).ok()
    }
}

/// Why a workflow answered [`Next::Stop`].
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum StopReason {
    /// An API error that retrying will not fix ([`ErrorClass::Fatal`]): a signature
    /// mismatch, an unknown or disabled access key, a clock off by more than 15 minutes,
    /// a missing permission, an invalid parameter, or a code this crate does not know.
    ApiError {
        /// The error's `Code`, decoded (empty when the body had none).
        code: String,
    },
    /// More consecutive failures than [`Backoff::give_up_after`](super::Backoff::give_up_after)
    /// allows.
    TooManyFailures {
        /// How many in a row.
        failures: u32,
    },
    /// The listing service sent a `NextPageToken` it had sent before: following it would
    /// loop forever. The listing ends here.
    RepeatedPageToken {
        /// The 1-based number of the page that carried it.
        page: u32,
    },
    /// The listing reached the page limit the caller set ([`Pager::max_pages`](super::Pager::max_pages)).
    TooManyPages {
        /// Pages received.
        pages: u32,
    },
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ApiError { code } => write!(f, "API error {code:?} will not pass by retrying"),
            Self::TooManyFailures { failures } => {
                write!(f, "{failures} consecutive failures, giving up")
            }
            Self::RepeatedPageToken { page } => {
                write!(f, "page {page} repeats an earlier NextPageToken")
            }
            Self::TooManyPages { pages } => write!(f, "stopped after {pages} pages"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for StopReason {}

/// How a workflow treats an [`ApiError`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ErrorClass {
    /// `Throttling` and its sub-codes: retry after a longer delay.
    Throttled,
    /// `InternalError`, `ServiceUnavailable`, `UnknownError`, and `SignatureNonceUsed`
    /// (a fresh nonce fixes it): retry after the failure delay.
    Transient,
    /// Everything else: the same request will fail the same way.
    Fatal,
}

impl ErrorClass {
    /// The class of `error`, from its `Code`.
    ///
    /// ```
    /// use mts_codec::api_error::ApiError;
    /// use mts_codec::Format;
    /// use mts_codec::workflow::ErrorClass;
    ///
    /// let e = ApiError::decode(Format::Json, br#"{"Code":"SignatureDoesNotMatch"}"#)?;
    /// assert_eq!(ErrorClass::of(&e), ErrorClass::Fatal);
    /// # Ok::<(), mts_codec::DecodeError>(())
    /// ```
    pub fn of(error: &ApiError<'_>) -> Self {
        if error.is_throttling() {
            Self::Throttled
        } else if error.is_retryable() || error.is_nonce_reused() {
            Self::Transient
        } else {
            Self::Fatal
        }
    }
}
