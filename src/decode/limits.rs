//! [`Limits`]: how much memory one decode may take, set by the caller.

/// Bounds on one decode, so that a hostile body cannot take more memory than the
/// caller allows.
///
/// The service sends at most 10 jobs for a query by ids and at most 100 on a page of a
/// listing, in bodies of about 650 bytes a job. The defaults leave ten times that room:
///
/// | limit | default |
/// |---|---|
/// | [`max_body_bytes`](Self::max_body_bytes) | 1 MiB |
/// | [`max_list_items`](Self::max_list_items) | 1,000 |
///
/// Under the defaults a decode takes at most 10 MiB of heap, whatever the body: the
/// job list holds at most 1,000 jobs (about 1 MiB while it grows), and every other list
/// item needs at least two bytes of body (`1,`); the worst body, lists of time points
/// just past a doubling of their capacity, takes about 8.3 MiB. A body over a limit fails
/// with [`DecodeErrorKind::LimitExceeded`], whose message names the limit.
///
/// ```
/// use mts_codec::{Format, Limits, decode_response_with};
///
/// let limits = Limits::default().with_max_list_items(10);
/// let body = br#"{"SnapshotJobList":{"SnapshotJob":[{},{},{},{},{},{},{},{},{},{},{}]}}"#;
/// let error = decode_response_with(200, Format::Json, body, limits).unwrap_err();
/// assert!(error.to_string().contains("a list holds more than 10 items (Limits::max_list_items)"));
/// ```
///
/// [`DecodeErrorKind::LimitExceeded`]: crate::DecodeErrorKind::LimitExceeded
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    max_body_bytes: usize,
    max_list_items: usize,
}

impl Limits {
    /// The defaults (see the table above).
    pub const DEFAULT: Self = Self {
        max_body_bytes: 1 << 20,
        max_list_items: 1000,
    };

    /// Refuses a body longer than `bytes`.
    #[must_use]
    pub const fn with_max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Refuses a list (jobs, unknown ids, time points) of more than `items` items.
    #[must_use]
    pub const fn with_max_list_items(mut self, items: usize) -> Self {
        self.max_list_items = items;
        self
    }

    /// The longest body decoded, in bytes.
    pub const fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// The most items one list may hold.
    pub const fn max_list_items(&self) -> usize {
        self.max_list_items
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
